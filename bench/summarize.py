#!/usr/bin/env python3
"""Summarizes one bench/load.sh run directory as Markdown: medians over rounds, and per-round ratios to direct.

Ratios are taken round by round (each Keygate run against the direct run just before it) and their median reported,
so that slow drift of the machine's other load cancels out as far as it can.
"""
import json
import os
import re
import statistics
import sys
from collections import defaultdict


def main(out):
    rows = [json.loads(l) for l in open(os.path.join(out, "results.jsonl")) if l.strip()]
    by = defaultdict(dict)  # (scenario, target) -> round -> result
    for r in rows:
        by[(r["scenario"], r["target"])][r["round"]] = r
    print(f"# Load run {os.path.basename(out)}\n")
    mt = os.path.join(out, "machine.txt")
    if os.path.exists(mt):
        print("```\n" + open(mt).read().strip() + "\n```\n")
    print("Medians over rounds; ratio = Keygate ÷ direct, per round, median; Δp50 = Keygate p50 − direct p50.\n")
    print("| scenario | target | rounds | req/s | MB/s sent* | p50 ms | p90 ms | p99 ms | non-2xx | ratio req/s | Δp50 ms "
          "| Keygate CPU µs/req | backend CPU µs/req |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    bulk_bytes = None
    bb = os.path.join(out, "bulk.ndjson")
    if os.path.exists(bb):
        bulk_bytes = os.path.getsize(bb)
    scenarios = []
    for (s, t) in by:
        if s not in scenarios:
            scenarios.append(s)
    for s in scenarios:
        targets = [t for (s2, t) in by if s2 == s]
        targets.sort(key=lambda t: (t != "direct", t))
        direct = by.get((s, "direct"), {})
        for t in targets:
            rounds = by[(s, t)]
            res = [rounds[k]["result"] for k in sorted(rounds)]
            med = lambda f: statistics.median(f(x) for x in res)
            rps = med(lambda x: x["rps"])
            lat = lambda p: med(lambda x: x["latency_us"][p]) / 1000
            errs = sum(x["errors"]["status"] + x["errors"]["timeout"] + x["errors"]["connect"] for x in res)
            mbs = f"{rps * bulk_bytes / 1e6:.1f}" if s == "bulk" and bulk_bytes else ""
            ratio = dp50 = ""
            if t != "direct" and direct:
                pairs = [(rounds[k]["result"], direct[k]["result"]) for k in sorted(rounds) if k in direct]
                if pairs:
                    ratio = f"{statistics.median(a['rps'] / b['rps'] for a, b in pairs):.3f}"
                    dp50 = f"{statistics.median((a['latency_us']['p50'] - b['latency_us']['p50']) / 1000 for a, b in pairs):+.2f}"
            rr = [rounds[k] for k in sorted(rounds)]
            def cpu(field):
                vals = [x[field] * 1000 / x["result"]["requests"] for x in rr if field in x and x["result"]["requests"]]
                return f"{statistics.median(vals):.0f}" if vals else ""
            kg_cpu = cpu("keygate_cpu_ms") if t != "direct" else ""
            print(f"| {s} | {t} | {len(res)} | {rps:.1f} | {mbs} | {lat('p50'):.2f} | {lat('p90'):.2f} | {lat('p99'):.2f} "
                  f"| {errs} | {ratio} | {dp50} | {kg_cpu} | {cpu('backend_cpu_ms')} |")
    print("\n*MB/s sent: request bodies only (bulk). CPU µs/req: user+system CPU time of the process during the run "
          "(/proc/<pid>/stat) ÷ requests completed; Keygate's is counted only for runs through it.\n")

    rss = os.path.join(out, "rss.txt")
    if os.path.exists(rss):
        peak = defaultdict(int)
        for line in open(rss):
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                label = re.sub(r"-keygate-.*", "", parts[1]) + " / " + parts[1].split("-keygate-")[-1] if "-keygate-" in parts[1] else parts[1]
                peak[label] = max(peak[label], int(parts[2]))
        print("Keygate JVM resident set (peak of 1 s samples, `ps -o rss`):\n")
        print("| run | peak RSS MiB |\n|---|---|")
        for k, v in peak.items():
            print(f"| {k} | {v / 1024:.0f} |")
        print()
    for name in sorted(os.listdir(out)):
        if name.startswith("heap-"):
            text = open(os.path.join(out, name)).read()
            m = re.search(r"committed (\d+)K, used (\d+)K", text)  # G1: one line for the whole heap
            # Serial / Parallel: one "total …K, used …K" line per generation (metaspace lines have another shape)
            gens = [(int(a), int(b)) for a, b in
                    re.findall(r"^\s*(?:DefNew|Tenured|PSYoungGen|ParOldGen|def new generation|tenured generation)\s+total (\d+)K, used (\d+)K", text, re.M)]
            if m:
                committed, used = int(m.group(1)), int(m.group(2))
            elif gens:
                committed, used = sum(g[0] for g in gens), sum(g[1] for g in gens)
            else:
                continue
            print(f"- `{name}`: heap committed {committed / 1024:.0f} MiB, used {used / 1024:.0f} MiB")
    mems = sorted(n for n in os.listdir(out) if n.startswith("mem-"))
    if mems:
        print("\nKeygate's memory after each phase (`/proc/<pid>/status`; NMT committed MiB by area with NMT=1):\n")
        for name in mems:
            text = open(os.path.join(out, name)).read()
            kb = {k: int(v) for k, v in re.findall(r"^(VmRSS|RssAnon|RssFile):\s+(\d+) kB", text, re.M)}
            areas = [(a, int(c)) for a, c in re.findall(r"^-\s+([A-Za-z][A-Za-z ]*?) \(reserved=\d+KB, committed=(\d+)KB", text, re.M)]
            total = re.search(r"^Total: reserved=\d+KB, committed=(\d+)KB", text, re.M)
            line = f"- `{name}`: RSS {kb.get('VmRSS', 0) / 1024:.0f} MiB (anonymous {kb.get('RssAnon', 0) / 1024:.0f}, file {kb.get('RssFile', 0) / 1024:.0f})"
            if total:
                top = ", ".join(f"{a} {c / 1024:.0f}" for a, c in sorted(areas, key=lambda x: -x[1]) if c >= 1024)
                line += f"; NMT committed {int(total.group(1)) / 1024:.0f} MiB: {top}"
            print(line)
    cold = by.get(("cold-keys", "keygate-apikey"))
    if cold:
        row = cold[1]
        r = row["result"]
        c = row.get("cold")
        conc = row.get("concurrency", 4)
        rate = (f"{c['keys']} keys in {c['seconds']:.1f} s = {c['keys_per_s']:.0f} keys/s" if c else
                f"{r['requests']} requests; no COLD timing line, Little's law estimate {conc / (r['latency_us']['mean'] / 1e6):.0f} keys/s")
        cpu = ""
        if c and "keygate_cpu_ms" in row:
            cpu = (f"; CPU per key: Keygate {row['keygate_cpu_ms'] * 1000 / c['keys']:.0f} µs, backend "
                   f"{row['backend_cpu_ms'] * 1000 / c['keys']:.0f} µs (after {row.get('warm_up_keys', 0)} warm-up keys; "
                   f"{row.get('key_reads', '?')} key-document reads, {row.get('usage_writes', '?')} usage records written meanwhile)")
        print(f"\nCold keys ({conc} connections): {rate} (p50 {r['latency_us']['p50'] / 1000:.2f} ms, "
              f"p99 {r['latency_us']['p99'] / 1000:.2f} ms, non-2xx {r['errors']['status']}){cpu}")


if __name__ == "__main__":
    main(sys.argv[1])
