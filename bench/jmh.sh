#!/usr/bin/env bash
# Builds keygate-bench and runs its JMH micro-benchmarks; results (JSON + text log) go to bench/results/.
#   bench/jmh.sh                      # every benchmark, -f 1 -wi 2 -i 3 (1 s iterations)
#   bench/jmh.sh AuthorizeBench -prof gc   # a regex and any extra JMH options (they override the defaults)
# Nothing here is a pass/fail test: read the numbers, compare runs on the same machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$ROOT/keygate-bench/target/benchmarks.jar"

if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT"/keygate-*/src "$ROOT"/pom.xml "$ROOT"/keygate-*/pom.xml -newer "$JAR" -type f -print -quit)" ]; then
  echo "[jmh] building keygate-bench (mvn package)..."
  mvn -q -B -f "$ROOT/pom.xml" -pl keygate-bench -am -DskipTests package
fi

mkdir -p "$ROOT/bench/results"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/results/jmh-$STAMP"
FILTER=()
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then FILTER=("$1"); shift; fi

{
  echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {print $2/1024/1024 " GiB"}' /proc/meminfo)"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo '+dirty')"
  echo "# $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
} | tee "$OUT.txt"

# defaults, each unless given on the command line (JMH refuses a repeated option)
DEFAULTS=()
for kv in "-f 1" "-wi 2" "-i 3" "-w 1s" "-r 1s"; do
  opt="${kv%% *}"
  case " $* " in *" $opt "*) ;; *) DEFAULTS+=($kv) ;; esac
done
"$JAVA_HOME/bin/java" -jar "$JAR" "${FILTER[@]}" "${DEFAULTS[@]}" -rf json -rff "$OUT.json" "$@" 2>&1 | tee -a "$OUT.txt"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT.txt"
echo "[jmh] results: $OUT.json (log: $OUT.txt)"
