#!/usr/bin/env bash
# Keygate load harness: one command from a clean clone (needs a JDK 21+, Maven, wrk, curl, python3).
#
#   bench/load.sh                       # everything, defaults below
#   DURATION=10 ROUNDS=2 bench/load.sh  # shorter
#   SKIP_BULK=1 SKIP_SMALL=1 SKIP_FILLER=1 SKIP_COLD=1 bench/load.sh   # leave scenarios out
#   SKIP_BULK=1 SKIP_SMALL=1 SKIP_FILLER=1 COLD_CONC=16 bench/load.sh  # the cold keys alone
#   NMT=1 bench/load.sh                 # also Keygate's native memory by JVM area after each phase (mem-*.txt)
#   KEYGATE_JAVA_OPTS='-Xlog:gc:file=/tmp/gc.log' bench/load.sh   # extra JVM options for Keygate (after config/jvm.options;
#                                       # another collector: edit its line there, the JVM refuses two)
#
# Starts Keygate with its managed OpenSearch on free ports (fresh data directory), then, in the same run and
# alternating round by round, measures direct-to-OpenSearch vs through Keygate (superuser over Basic; API keys when
# the API key service answers POST /_security/api_key):
#   - _bulk ingest of 1,000-document (~1 MB) requests   (wrk, BULK_CONC connections)
#   - small GET /<index>/_doc/<id> and GET /<index>/_search (wrk, SMALL_CONC connections)
#   - Keygate's RSS (sampled during every Keygate run) and heap (jcmd GC.heap_info after the bulk rounds)
#   - after each phase mem-<phase>.txt: RSS split (anonymous / file) and, with NMT=1, jcmd VM.native_memory summary;
#     with HISTO=1 also a class histogram at the very end (it forces a full GC, so it comes after every figure)
#   - wildcard _search through Keygate with 10 names in the backend, then with FILLER more (aliases, see docs)
#   - COLD_KEYS distinct new API keys authenticating once each (only when API keys exist), after COLD_WARM_KEYS
#     other new keys (not recorded) have JIT-compiled the miss path
# Results: bench/results/load-<UTC time>/ (raw wrk output, results.jsonl, summary.md). Nothing here passes or fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
DURATION="${DURATION:-15}"      # seconds per wrk run
ROUNDS="${ROUNDS:-3}"           # alternations of direct / keygate per scenario
BULK_CONC="${BULK_CONC:-4}"
SMALL_CONC="${SMALL_CONC:-16}"
FILLER="${FILLER:-10000}"
COLD_KEYS="${COLD_KEYS:-10000}"
COLD_CONC="${COLD_CONC:-4}"
PW="${ELASTIC_PASSWORD:-bench-$RANDOM$RANDOM}"
LUA="$ROOT/bench/lua"

for tool in wrk curl python3 "$JAVA_HOME/bin/jcmd"; do
  command -v "$tool" >/dev/null || { echo "load.sh: needs $tool (apt-get install -y wrk curl python3)" >&2; exit 1; }
done

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/results/load-$STAMP"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
log() { echo "[load $(date -u +%T)] $*" | tee -a "$OUT/harness.log" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- build and start --------------------------------------------------------------------------------------------------
if [ ! -f "$ROOT/keygate-server/target/keygate-server.jar" ]; then
  log "building (mvn package)..."
  mvn -q -B -f "$ROOT/pom.xml" -DskipTests package
fi
KP="$(free_port)"
DATA="$(mktemp -d /tmp/keygate-bench-data.XXXXXX)"
chmod 755 "$DATA"
log "starting Keygate on 127.0.0.1:$KP (data $DATA)"
# bin/keygate appends KEYGATE_JAVA_OPTS to config/jvm.options; NMT=1 adds native memory tracking (summary level)
[ -n "${NMT:-}" ] && export KEYGATE_JAVA_OPTS="${KEYGATE_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
ELASTIC_PASSWORD="$PW" "$ROOT/bin/keygate" -E "http.port=$KP" -E "path.data=$DATA" > "$OUT/keygate.log" 2>&1 &
KG_PID=$!   # bin/keygate execs java: this is Keygate's JVM

cleanup() {
  set +e
  [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null
  if kill -0 "$KG_PID" 2>/dev/null; then
    kill -TERM "$KG_PID"
    for _ in $(seq 1 60); do kill -0 "$KG_PID" 2>/dev/null || break; sleep 1; done
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

KG="http://127.0.0.1:$KP"
SU=(-u "elastic:$PW")
SU_AUTH="Basic $(printf 'elastic:%s' "$PW" | base64 -w0)"
for i in $(seq 1 300); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "${SU[@]}" "$KG/")" = 200 ]; then break; fi
  kill -0 "$KG_PID" 2>/dev/null || { log "Keygate exited; see $OUT/keygate.log"; exit 1; }
  [ "$i" = 300 ] && { log "Keygate did not answer GET / within 300 s"; exit 1; }
  sleep 1
done
BP="$(grep -o 'starting OpenSearch [^ ]* on 127.0.0.1:[0-9]*' "$OUT/keygate.log" | tail -1 | sed 's/.*://')"
[ -n "$BP" ] || { log "cannot find the backend port in $OUT/keygate.log"; exit 1; }
OS="http://127.0.0.1:$BP"
BACKEND_PID="$(ss -Hltnp "sport = :$BP" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
log "Keygate pid $KG_PID on $KP; OpenSearch direct on $BP (pid ${BACKEND_PID:-?})"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1024/1024}' /proc/meminfo)"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo '+dirty')"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "settings: DURATION=$DURATION ROUNDS=$ROUNDS BULK_CONC=$BULK_CONC SMALL_CONC=$SMALL_CONC FILLER=$FILLER COLD_KEYS=$COLD_KEYS COLD_WARM_KEYS=${COLD_WARM_KEYS:-2000}x${COLD_WARM_ROUNDS:-5} COLD_CONC=$COLD_CONC SKIP=${SKIP_BULK:+bulk,}${SKIP_SMALL:+small,}${SKIP_FILLER:+filler,}${SKIP_COLD:+cold}"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Keygate JVM options: $(grep -v '^ *#' "$ROOT/config/jvm.options" | grep -v '^ *$' | tr '\n' ' ')${KEYGATE_JAVA_OPTS:-}"
} > "$OUT/machine.txt"

j() { curl -s -H 'Content-Type: application/json' "$@"; }

# ---- fixtures ----------------------------------------------------------------------------------------------------------
BULK_INDEX="logs-apm.bench-default"
SMALL_INDEX="bench-small"
j -X PUT "$OS/$BULK_INDEX" -d '{"settings":{"number_of_shards":1,"number_of_replicas":0,"refresh_interval":"30s"}}' > /dev/null
j -X PUT "$OS/$SMALL_INDEX" -d '{"settings":{"number_of_shards":1,"number_of_replicas":0}}' > /dev/null
python3 - "$OUT" "$BULK_INDEX" "$SMALL_INDEX" <<'EOF'
import sys
out, bulk_index, small_index = sys.argv[1:]
pad = "x" * 900
with open(f"{out}/bulk.ndjson", "w") as f:
    for i in range(1000):
        f.write('{"create":{"_index":"%s"}}\n' % bulk_index)
        f.write('{"@timestamp":"2026-11-27T10:00:00.000Z","message":"event %d %s","service":{"name":"bench"},"n":%d}\n' % (i, pad, i))
with open(f"{out}/small.ndjson", "w") as f:
    for i in range(100):
        f.write('{"index":{"_index":"%s","_id":"%d"}}\n{"title":"doc %d","n":%d}\n' % (small_index, i, i, i))
EOF
curl -s -H 'Content-Type: application/x-ndjson' -X POST "$OS/_bulk?refresh=true" --data-binary "@$OUT/small.ndjson" > /dev/null
BULK_BYTES="$(stat -c %s "$OUT/bulk.ndjson")"
log "bulk body: 1,000 documents, $BULK_BYTES bytes"

# API keys: an APM writer key (bulk) and a reader of the small index (small requests), if the service exists
APM_WRITER='{"apm_writer":{"cluster":["monitor"],"indices":[{"names":["traces-apm*","logs-apm*","metrics-apm*"],"privileges":["auto_configure","create_doc"]}]}}'
READER='{"bench_reader":{"indices":[{"names":["bench-small"],"privileges":["read"]}]}}'
create_key() { # name descriptors -> "ApiKey <encoded>" or nothing
  local resp
  resp="$(j "${SU[@]}" -X POST "$KG/_security/api_key" -d "{\"name\":\"$1\",\"role_descriptors\":$2}")"
  python3 -c 'import json,sys
try:
    d=json.loads(sys.argv[1]); print("ApiKey " + d["encoded"])
except Exception: pass' "$resp"
}
WRITER_AUTH="$(create_key bench-apm-writer "$APM_WRITER")"
READER_AUTH="$(create_key bench-reader "$READER")"
if [ -n "$WRITER_AUTH" ] && [ -n "$READER_AUTH" ]; then
  log "API keys available: writer and reader keys created"
else
  log "API keys not available (POST /_security/api_key did not return a key): API key runs skipped"
  WRITER_AUTH=""; READER_AUTH=""
fi

check() { # name expected-status curl-args... : one request, so that a wrong setup is not measured
  local status body
  body="$(curl -s -w '\n%{http_code}' "${@:3}")"
  status="$(tail -n1 <<<"$body")"
  if [ "$status" != "$2" ] || grep -q '"errors":true' <<<"$body"; then
    log "CHECK FAILED $1: HTTP $status $(head -c 300 <<<"$body")"; return 1
  fi
}
check bulk-direct 200 -X POST -H 'Content-Type: application/x-ndjson' "$OS/_bulk" --data-binary "@$OUT/bulk.ndjson"
check bulk-keygate-superuser 200 -X POST -H 'Content-Type: application/x-ndjson' -H "Authorization: $SU_AUTH" "$KG/_bulk" --data-binary "@$OUT/bulk.ndjson"
[ -n "$WRITER_AUTH" ] && check bulk-keygate-apikey 200 -X POST -H 'Content-Type: application/x-ndjson' -H "Authorization: $WRITER_AUTH" "$KG/_bulk" --data-binary "@$OUT/bulk.ndjson"
check get-keygate 200 -H "Authorization: $SU_AUTH" "$KG/$SMALL_INDEX/_doc/1"
check search-keygate 200 -H "Authorization: $SU_AUTH" "$KG/$SMALL_INDEX/_search?size=1"

# ---- measurement helpers -----------------------------------------------------------------------------------------------
RSS_FILE="$OUT/rss.txt"   # "<epoch> <label> <rss kB>"
start_sampler() { # label
  ( while kill -0 "$KG_PID" 2>/dev/null; do echo "$(date +%s) $1 $(ps -o rss= -p "$KG_PID" | tr -d ' ')" >> "$RSS_FILE"; sleep 1; done ) &
  SAMPLER=$!
}
stop_sampler() { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=""; }

# CPU time (ms, user+system) a process has used so far: utime+stime from /proc/<pid>/stat
cpu_ms() {
  [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"
}

# Keygate's memory after a phase: heap (GC.heap_info), RSS split from /proc (anonymous = heap, JVM and native
# allocations; file = mapped jars and the CDS archive), and with NMT=1 the JVM's own account by area
snapshot() { # phase
  "$JAVA_HOME/bin/jcmd" "$KG_PID" GC.heap_info > "$OUT/heap-$1.txt" 2>&1 || true
  {
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    grep -E '^(VmRSS|RssAnon|RssFile|RssShmem|Threads)' "/proc/$KG_PID/status" 2>/dev/null
    echo "threads by name: $(cat /proc/"$KG_PID"/task/*/comm 2>/dev/null | sed 's/[-#]*[0-9]*$//' | sort | uniq -c | sort -rn | awk '{c=$1; $1=""; printf "%s%s x%d", (n++ ? ", " : ""), substr($0, 2), c}')"
    [ -n "${NMT:-}" ] && "$JAVA_HOME/bin/jcmd" "$KG_PID" VM.native_memory summary 2>&1
  } > "$OUT/mem-$1.txt" || true
}
histogram() { # phase: live objects by class (forces a full GC: HISTO=1, and only after the last measurement)
  [ -n "${HISTO:-}" ] && "$JAVA_HOME/bin/jcmd" "$KG_PID" GC.class_histogram > "$OUT/histo-$1.txt" 2>&1 || true
}

run() { # scenario target round conc script url [env...]
  local scenario=$1 target=$2 round=$3 conc=$4 script=$5 url=$6; shift 6
  local raw="$OUT/$scenario-$target-r$round.txt"
  [ "$target" != direct ] && start_sampler "$scenario-$target"
  local kg0 be0
  kg0="$(cpu_ms "$KG_PID")"; be0="$(cpu_ms "${BACKEND_PID:-}")"
  env WRK_LUA_DIR="$LUA" "$@" wrk -t1 -c"$conc" -d"${DURATION}s" --timeout 30s --latency -s "$LUA/$script" "$url" > "$raw" 2>&1 || true
  local kg_cpu=$(( $(cpu_ms "$KG_PID") - kg0 )) be_cpu=$(( $(cpu_ms "${BACKEND_PID:-}") - be0 ))
  [ "$target" != direct ] && stop_sampler
  local line
  line="$(grep '^RESULT ' "$raw" | sed 's/^RESULT //')"
  [ -n "$line" ] || { log "no result in $raw"; return 0; }
  echo "{\"scenario\":\"$scenario\",\"target\":\"$target\",\"round\":$round,\"concurrency\":$conc,\"keygate_cpu_ms\":$kg_cpu,\"backend_cpu_ms\":$be_cpu,\"result\":$line}" >> "$RESULTS"
  log "$scenario $target r$round: $(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); l=r["latency_us"]; n=max(1,r["requests"]); kg=int(sys.argv[2]); be=int(sys.argv[3]); print("%.1f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d, CPU per request: Keygate %s, backend %.0f us, load %s" % (r["rps"], l["p50"]/1000, l["p99"]/1000, r["errors"]["status"], ("%.0f us" % (kg*1000.0/n)) if sys.argv[4] != "direct" else "-", be*1000.0/n, sys.argv[5]))' "$line" "$kg_cpu" "$be_cpu" "$target" "$(cut -d' ' -f1 /proc/loadavg)")"
}

# Warm-up: JIT-compile both JVMs' request paths before anything is measured (WARMUP seconds per target, not recorded)
warm() { # conc script url [env...]
  local conc=$1 script=$2 url=$3; shift 3
  env WRK_LUA_DIR="$LUA" "$@" wrk -t1 -c"$conc" -d"${WARMUP}s" --timeout 30s -s "$LUA/$script" "$url" > /dev/null 2>&1 || true
}
WARMUP="${WARMUP:-10}"
log "warming up both JVMs (${WARMUP} s per scenario and target)"
if [ -z "${SKIP_BULK:-}" ]; then
  warm "$BULK_CONC" post_body.lua "$OS/_bulk" WRK_BODY="$OUT/bulk.ndjson"
  warm "$BULK_CONC" post_body.lua "$KG/_bulk" WRK_BODY="$OUT/bulk.ndjson" WRK_AUTH="${WRITER_AUTH:-$SU_AUTH}"
fi
warm "$SMALL_CONC" get.lua "$OS/$SMALL_INDEX/_doc/1"
warm "$SMALL_CONC" get.lua "$KG/$SMALL_INDEX/_doc/1" WRK_AUTH="${READER_AUTH:-$SU_AUTH}"
warm "$SMALL_CONC" get.lua "$KG/$SMALL_INDEX/_search?size=1" WRK_AUTH="$SU_AUTH"

# ---- 1. bulk ingest, alternating -----------------------------------------------------------------------------------------
[ -n "${SKIP_BULK:-}" ] || for r in $(seq 1 "$ROUNDS"); do
  run bulk direct "$r" "$BULK_CONC" post_body.lua "$OS/_bulk" WRK_BODY="$OUT/bulk.ndjson"
  run bulk keygate-superuser "$r" "$BULK_CONC" post_body.lua "$KG/_bulk" WRK_BODY="$OUT/bulk.ndjson" WRK_AUTH="$SU_AUTH"
  [ -n "$WRITER_AUTH" ] && run bulk keygate-apikey "$r" "$BULK_CONC" post_body.lua "$KG/_bulk" WRK_BODY="$OUT/bulk.ndjson" WRK_AUTH="$WRITER_AUTH"
done
snapshot after-bulk
log "heap after the bulk rounds: $(grep -m1 -i 'total' "$OUT/heap-after-bulk.txt" | tr -s ' ')"

# ---- 2. small requests, alternating --------------------------------------------------------------------------------------
[ -n "${SKIP_SMALL:-}" ] || for r in $(seq 1 "$ROUNDS"); do
  for s in get search; do
    if [ $s = get ]; then path="/$SMALL_INDEX/_doc/1"; else path="/$SMALL_INDEX/_search?size=1"; fi
    run $s direct "$r" "$SMALL_CONC" get.lua "$OS$path"
    run $s keygate-superuser "$r" "$SMALL_CONC" get.lua "$KG$path" WRK_AUTH="$SU_AUTH"
    [ -n "$READER_AUTH" ] && run $s keygate-apikey "$r" "$SMALL_CONC" get.lua "$KG$path" WRK_AUTH="$READER_AUTH"
  done
done
snapshot after-small

# ---- 3. wildcard authorization with 10 vs 10 + FILLER names in the backend ---------------------------------------------
if [ -z "${SKIP_FILLER:-}" ]; then
  # created through Keygate so that its index catalog is told at once (an admin action marks it stale)
  for i in $(seq 0 9); do
    j "${SU[@]}" -X PUT "$KG/wc-app-$i" -d '{"settings":{"number_of_shards":1,"number_of_replicas":0}}' > /dev/null
  done
  WC="/wc-app-*/_search?size=0"
  check wildcard-10 200 -H "Authorization: $SU_AUTH" "$KG$WC"
  for r in $(seq 1 "$ROUNDS"); do
    run wildcard-10 direct "$r" "$SMALL_CONC" get.lua "$OS$WC"
    run wildcard-10 keygate-superuser "$r" "$SMALL_CONC" get.lua "$KG$WC" WRK_AUTH="$SU_AUTH"
  done
  log "adding $FILLER aliases (on one index) to the backend's names"
  j -X PUT "$OS/zz-filler" -d '{"settings":{"number_of_shards":1,"number_of_replicas":0}}' > /dev/null
  python3 - "$FILLER" > "$OUT/aliases.json" <<'EOF'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"actions": [{"add": {"index": "zz-filler", "alias": "zz-alias-%05d" % i}} for i in range(n)]}))
EOF
  j "${SU[@]}" -X POST "$KG/_aliases" --data-binary "@$OUT/aliases.json" > "$OUT/aliases-response.json"
  sleep 3  # the catalog refresh (every 1 s) now lists them
  NAMES="$(curl -s "$OS/_resolve/index/*?expand_wildcards=all" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["indices"])+len(d["aliases"])+len(d["data_streams"]))')"
  log "backend names now: $NAMES"
  echo "backend names after filler: $NAMES" >> "$OUT/machine.txt"
  check wildcard-filler 200 -H "Authorization: $SU_AUTH" "$KG$WC"
  for r in $(seq 1 "$ROUNDS"); do
    run wildcard-filler direct "$r" "$SMALL_CONC" get.lua "$OS$WC"
    run wildcard-filler keygate-superuser "$r" "$SMALL_CONC" get.lua "$KG$WC" WRK_AUTH="$SU_AUTH"
  done
  # bulk again, now that the backend has many names: Keygate re-reads its catalog after every _bulk
  for r in $(seq 1 "$ROUNDS"); do
    run bulk-filler direct "$r" "$BULK_CONC" post_body.lua "$OS/_bulk" WRK_BODY="$OUT/bulk.ndjson"
    if [ -n "$WRITER_AUTH" ]; then
      run bulk-filler keygate-apikey "$r" "$BULK_CONC" post_body.lua "$KG/_bulk" WRK_BODY="$OUT/bulk.ndjson" WRK_AUTH="$WRITER_AUTH"
    else
      run bulk-filler keygate-superuser "$r" "$BULK_CONC" post_body.lua "$KG/_bulk" WRK_BODY="$OUT/bulk.ndjson" WRK_AUTH="$SU_AUTH"
    fi
  done
  snapshot after-filler
fi

# ---- 4. cold path: COLD_KEYS distinct new keys, each authenticating once ------------------------------------------------
create_keys() { # count prefix file: API keys created as shippers' keys are (one POST each, 8 connections)
  python3 - "$KP" "$PW" "$1" "$2" "$3" <<'EOF'
import base64, http.client, json, sys, threading
port, pw, n, prefix, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
auth = "Basic " + base64.b64encode(f"elastic:{pw}".encode()).decode()
keys = [None] * n
def work(lo, hi):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(lo, hi):
        body = json.dumps({"name": f"{prefix}-{i}", "role_descriptors": {"r": {"indices": [{"names": ["bench-small"], "privileges": ["read"]}]}}})
        c.request("POST", "/_security/api_key?refresh=false", body, {"Authorization": auth, "Content-Type": "application/json"})
        r = c.getresponse(); d = json.loads(r.read())
        keys[i] = "ApiKey " + d["encoded"]
ts = [threading.Thread(target=work, args=(k * n // 8, (k + 1) * n // 8)) for k in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]
open(out, "w").write("\n".join(keys) + "\n")
EOF
}
# each key of a file once, at COLD_CONC connections; CPU of both processes from the first request to the last answer
# (the COLD line), not over wrk's whole -d: wrk is stopped (SIGINT: it still reports) once every key was answered
cold_run() { # keys-file raw-output
  env WRK_LUA_DIR="$LUA" WRK_KEYS="$1" wrk -t1 -c"$COLD_CONC" -d"${COLD_SECONDS:-60}s" --timeout 30s --latency \
    -s "$LUA/keys_once.lua" "$KG/$SMALL_INDEX/_doc/1" > "$2" 2>&1 &
  local wrk_pid=$! kg0 be0
  kg0="$(cpu_ms "$KG_PID")"; be0="$(cpu_ms "${BACKEND_PID:-}")"
  while kill -0 "$wrk_pid" 2>/dev/null && ! grep -q '^COLD ' "$2"; do sleep 0.02; done
  COLD_CPU="$(( $(cpu_ms "$KG_PID") - kg0 ))"; COLD_BE="$(( $(cpu_ms "${BACKEND_PID:-}") - be0 ))"
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" || true
}
metric() { # Prometheus name -> its value on Keygate's /_keygate/metrics (0 when absent: an older Keygate)
  curl -s "${SU[@]}" "$KG/_keygate/metrics" | awk -v m="$1" '$1 == m { printf "%d", $2; found=1 } END { if (!found) print 0 }'
}
cold_summary() { # raw-output -> "N keys/s, CPU per key ..." (COLD_CPU, COLD_BE from cold_run)
  python3 -c 'import json,sys
line=[l for l in open(sys.argv[1]) if l.startswith("COLD ")]
if not line: print("no COLD line (not all keys answered)"); sys.exit()
c=json.loads(line[0][5:]); n=c["keys"]; kg=int(sys.argv[2]); be=int(sys.argv[3])
r=[l for l in open(sys.argv[1]) if l.startswith("RESULT ")]
errs=json.loads(r[0][7:])["errors"]["status"] if r else "?"
print("%d keys in %.2f s = %.0f keys/s; CPU per key: Keygate %.0f us, backend %.0f us; non-2xx %s; load %s" % (n, c["seconds"], c["keys_per_s"], kg*1000.0/n, be*1000.0/n, errs, sys.argv[4]))' \
    "$1" "$COLD_CPU" "$COLD_BE" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
if [ -z "${SKIP_COLD:-}" ] && [ -n "$READER_AUTH" ]; then
  COLD_WARM_KEYS="${COLD_WARM_KEYS:-2000}"
  log "creating $COLD_KEYS + $COLD_WARM_KEYS (warm-up) API keys..."
  t0="$(date +%s)"
  create_keys "$COLD_KEYS" cold "$OUT/cold-keys.txt"
  [ "$COLD_WARM_KEYS" -gt 0 ] && create_keys "$COLD_WARM_KEYS" cold-warm "$OUT/cold-warm-keys.txt"
  log "keys created in $(( $(date +%s) - t0 )) s"
  # the miss path (key document read and parse, descriptors, role intersection) is JIT-compiled on other keys before
  # it is measured: without this, half of the measured phase's CPU was the JIT compiling that path. C2 compiles a
  # method after ~10,000 calls, so the warm-up keys go COLD_WARM_ROUNDS times, each after a _clear_cache of every key
  # (each round then takes the whole miss path again: read, parse, secret check, role)
  if [ "$COLD_WARM_KEYS" -gt 0 ]; then
    for w in $(seq 1 "${COLD_WARM_ROUNDS:-5}"); do
      [ "$w" -gt 1 ] && j "${SU[@]}" -X POST "$KG/_security/api_key/*/_clear_cache" > /dev/null
      # the profiler is attached during the last warm-up round, not at the start of the measured phase: that round ran
      # 150 - 300 us per key slower than the one before it
      if [ "$w" = "${COLD_WARM_ROUNDS:-5}" ] && [ -n "${PROFILE:-}" ] && [ -n "${ASPROF_LIB:-}" ]; then
        "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"start,event=cpu,interval=1ms,threads\"" > "$OUT/asprof-cold.log" 2>&1
      fi
      cold_run "$OUT/cold-warm-keys.txt" "$OUT/cold-warm-up-$w.txt"
      log "cold keys, warm-up round $w (not recorded): $(cold_summary "$OUT/cold-warm-up-$w.txt")"
    done
    rm -f "$OUT/cold-warm-keys.txt"
    if [ -n "${PROFILE:-}" ] && [ -n "${ASPROF_LIB:-}" ]; then
      "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"stop,file=$OUT/keygate-cold-warm-up.html\"" >> "$OUT/asprof-cold.log" 2>&1
    fi
  fi
  start_sampler cold-keygate-apikey
  # PROFILE=1 with ASPROF_LIB: the cold phase is profiled too (it cannot be replayed: each key authenticates once)
  [ -n "${PROFILE:-}" ] && [ -n "${ASPROF_LIB:-}" ] && "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"start,event=cpu,interval=1ms,threads\"" >> "$OUT/asprof-cold.log" 2>&1
  COLD_LOAD0="$(cut -d' ' -f1 /proc/loadavg)"
  reads0="$(metric keygate_authc_api_key_reads_total)"; usage0="$(metric keygate_api_key_usage_writes_total)"
  cold_run "$OUT/cold-keys.txt" "$OUT/cold-keygate-apikey-r1.txt"
  stop_sampler
  reads="$(( $(metric keygate_authc_api_key_reads_total) - reads0 ))"; usage="$(( $(metric keygate_api_key_usage_writes_total) - usage0 ))"
  # usage records are flushed once a minute: a flush during the phase adds its backend writes to the CPU figures
  log "cold keys: key-document reads (_mget) during the phase: $reads; usage records written during it: $usage"
  if [ -n "${PROFILE:-}" ] && [ -n "${ASPROF_LIB:-}" ]; then
    "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"dump,collapsed,threads,file=$OUT/keygate-cold.collapsed\"" >> "$OUT/asprof-cold.log" 2>&1
    "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"stop,file=$OUT/keygate-cold.html\"" >> "$OUT/asprof-cold.log" 2>&1
    python3 "$ROOT/bench/profile_summary.py" "$OUT/keygate-cold.collapsed" > "$OUT/profile-cold.md" 2>&1 || true
    gzip -9f "$OUT/keygate-cold.collapsed"
  fi
  line="$(grep '^RESULT ' "$OUT/cold-keygate-apikey-r1.txt" | sed 's/^RESULT //')"
  cold="$(grep '^COLD ' "$OUT/cold-keygate-apikey-r1.txt" | sed 's/^COLD //')"
  [ -n "$line" ] && echo "{\"scenario\":\"cold-keys\",\"target\":\"keygate-apikey\",\"round\":1,\"concurrency\":$COLD_CONC,\"warm_up_keys\":$COLD_WARM_KEYS,\"keygate_cpu_ms\":$COLD_CPU,\"backend_cpu_ms\":$COLD_BE,\"load_before\":$COLD_LOAD0,\"key_reads\":$reads,\"usage_writes\":$usage,\"cold\":${cold:-null},\"result\":$line}" >> "$RESULTS"
  log "cold keys: $(cold_summary "$OUT/cold-keygate-apikey-r1.txt") (load at the start $COLD_LOAD0)"
  "$JAVA_HOME/bin/jcmd" "$KG_PID" GC.heap_info > "$OUT/heap-after-cold-keys.txt" 2>&1 || true
  snapshot after-cold-keys
  # the same keys again, now cached, under load
  start_sampler warm-keygate-apikey
  env WRK_LUA_DIR="$LUA" WRK_KEYS="$OUT/cold-keys.txt" wrk -t1 -c"$SMALL_CONC" -d"${DURATION}s" --timeout 30s --latency -s "$LUA/keys_once.lua" \
    "$KG/$SMALL_INDEX/_doc/1" > "$OUT/warm-keygate-apikey-r1.txt" 2>&1 || true
  stop_sampler
  snapshot 10k-keys-cached
  histogram 10k-keys-cached
  rm -f "$OUT/cold-keys.txt"  # credentials, even if of a cluster that is about to be deleted
else
  log "cold-key run skipped (API keys not available or SKIP_COLD set)"
fi

# ---- 5. optional: a JFR profile of Keygate under each of get and bulk (PROFILE=1), after the measurements ------------
if [ -n "${PROFILE:-}" ]; then
  for p in ${SKIP_SMALL:+-}get ${SKIP_BULK:+-}bulk; do  # a scenario left out is not profiled either
    [ "${p#-}" = "$p" ] || continue
    # ASPROF_LIB=<libasyncProfiler.so> (from the tools.profiler:async-profiler jar): async-profiler, CPU samples every
    # ms, as a flame graph (.html) and collapsed stacks (.collapsed, see bench/profile_summary.py); else JFR.
    # The options are quoted once more: jcmd would read "event=cpu" as an argument of its own
    if [ -n "${ASPROF_LIB:-}" ]; then
      "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"start,event=cpu,interval=1ms,threads\"" > "$OUT/asprof-$p.log" 2>&1
    else
      "$JAVA_HOME/bin/jcmd" "$KG_PID" JFR.start name="kg-$p" settings=profile > /dev/null
    fi
    if [ $p = get ]; then
      env WRK_LUA_DIR="$LUA" WRK_AUTH="${READER_AUTH:-$SU_AUTH}" wrk -t1 -c"$SMALL_CONC" -d"${DURATION}s" -s "$LUA/get.lua" "$KG/$SMALL_INDEX/_doc/1" > /dev/null 2>&1 || true
    else
      env WRK_LUA_DIR="$LUA" WRK_BODY="$OUT/bulk.ndjson" WRK_AUTH="${WRITER_AUTH:-$SU_AUTH}" wrk -t1 -c"$BULK_CONC" -d"${DURATION}s" -s "$LUA/post_body.lua" "$KG/_bulk" > /dev/null 2>&1 || true
    fi
    if [ -n "${ASPROF_LIB:-}" ]; then
      "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"dump,collapsed,threads,file=$OUT/keygate-$p.collapsed\"" >> "$OUT/asprof-$p.log" 2>&1
      "$JAVA_HOME/bin/jcmd" "$KG_PID" JVMTI.agent_load "$ASPROF_LIB" "\"stop,file=$OUT/keygate-$p.html\"" >> "$OUT/asprof-$p.log" 2>&1
      python3 "$ROOT/bench/profile_summary.py" "$OUT/keygate-$p.collapsed" > "$OUT/profile-$p.md" 2>&1 || true
      gzip -9f "$OUT/keygate-$p.collapsed"
      log "profile: $OUT/keygate-$p.html, summary $OUT/profile-$p.md"
    else
      "$JAVA_HOME/bin/jcmd" "$KG_PID" JFR.stop name="kg-$p" filename="$OUT/keygate-$p.jfr" > /dev/null
      log "profile: $OUT/keygate-$p.jfr (jfr print --events jdk.ExecutionSample, or jfr view hot-methods)"
    fi
  done
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
python3 "$ROOT/bench/summarize.py" "$OUT" | tee "$OUT/summary.md"
rm -f "$OUT/bulk.ndjson" "$OUT/small.ndjson"  # fixtures, made anew by every run
log "results in $OUT"
