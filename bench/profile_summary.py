#!/usr/bin/env python3
"""Top frames of an async-profiler 'collapsed' profile (one 'frame;frame;...;leaf count' line per stack;
with async-profiler's 'threads' option the thread is the first frame, and samples are also summed by thread).

    python3 bench/profile_summary.py keygate-get.collapsed [N]

Prints the N (default 25) frames with the most self samples (the leaf of a stack) and the most total samples (anywhere
in a stack, counted once per stack), each as a share of all samples, plus a few groupings of Keygate's own code.
"""
import collections
import gzip
import re
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
self_c, total_c, threads = collections.Counter(), collections.Counter(), collections.Counter()
all_samples = 0
layers = collections.Counter()
SYSCALL = ("_[k]", "__GI___send", "recv", "writev", "epoll_pwait2", "epoll_wait", "__libc_write")
opener = gzip.open if path.endswith(".gz") else open
for line in opener(path, "rt", encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if not line:
        continue
    stack, _, n = line.rpartition(" ")
    n = int(n)
    frames = stack.split(";")
    if frames[0].startswith("[") and frames[0].endswith("]"):  # recorded with 'threads': the thread is the root frame
        threads[re.sub(r"[-#]?\d+( tid=\d+)?\]$", "]", frames[0])] += n
        frames = frames[1:] or frames
    all_samples += n
    # where the samples go, by layer: the kernel (system calls: socket reads and writes, epoll), Keygate's own code
    # (the deepest io/keygate frame, with what it calls outside the kernel), and the rest (Netty, Vert.x, JIT, GC)
    if any(f.endswith(SYSCALL) or f in SYSCALL for f in frames):
        layers["kernel (system calls, incl. loopback TCP delivery)"] += n
    elif any(f.startswith("io/keygate") for f in frames):
        layers["Keygate code (and what it calls)"] += n
    elif any(f.startswith(("io/netty", "io/vertx")) for f in frames):
        layers["Netty / Vert.x (HTTP codec, event loop)"] += n
    else:
        layers["other (JIT compiler, GC, VM)"] += n
    self_c[frames[-1]] += n
    for f in set(frames):
        total_c[f] += n

def show(title, counter):
    print(f"### {title} ({all_samples} samples)\n")
    print("| share | samples | frame |\n|---|---|---|")
    for f, n in counter.most_common(top):
        print(f"| {100.0 * n / all_samples:.1f} % | {n} | `{f[:140]}` |")
    print()

if threads:
    print(f"### by thread ({all_samples} samples)\n")
    print("| share | samples | thread |\n|---|---|---|")
    for t, n in threads.most_common(12):
        print(f"| {100.0 * n / all_samples:.1f} % | {n} | `{t}` |")
    print()
print(f"### by layer ({all_samples} samples)\n")
print("| share | samples | layer |\n|---|---|---|")
for l, n in layers.most_common():
    print(f"| {100.0 * n / all_samples:.1f} % | {n} | {l} |")
print()
show("self", self_c)
show("total (inclusive)", total_c)
