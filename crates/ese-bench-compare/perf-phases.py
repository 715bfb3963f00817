#!/usr/bin/env python3
"""Splits a `perf record -g` profile of `ese-bench-compare --engines ese` by workload.

Usage: perf script -i perf.data | python3 perf-phases.py [TOP]

Each sample is given to the workload whose driver method is on its stack (insert_batch, close,
scan, get_batch, build_index, index_get_batch, and the concurrent workload's Reader::get and
Writer::update); the loads are told apart by order (the ordered
load comes before the first scan). Prints, per workload, the share of samples of the top
functions by self time (leaf frame) and by total time (anywhere on the stack).
"""

import collections
import re
import sys

PHASES = [
    ("Reader>::get", "concurrent read"),
    ("Writer>::update", "concurrent write"),
    ("index_get_batch", "index_read"),
    ("build_index", "index_build"),
    ("get_batch", "read"),
    ("Store>::scan", "scan"),
    ("Loader>::close", "load close"),
    ("insert_batch", "load"),
]


def clean(sym):
    sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
    sym = re.sub(r"::h[0-9a-f]{16}$", "", sym)
    return sym


def samples(lines):
    frames = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                yield frames
            frames = []
            continue
        if line.startswith("\t") or line.startswith(" "):
            parts = line.strip().split(" ", 1)
            if len(parts) == 2:
                sym = parts[1].rsplit(" (", 1)[0]
                frames.append(clean(sym))
    if frames:
        yield frames


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    self_t = collections.defaultdict(collections.Counter)
    total_t = collections.defaultdict(collections.Counter)
    count = collections.Counter()
    seen_scan = False
    for frames in samples(sys.stdin):
        phase = None
        for key, name in PHASES:
            if any(key in f for f in frames):
                phase = name
                break
        if phase is None:
            phase = "other"
        if phase == "scan":
            seen_scan = True
        if phase in ("load", "load close"):
            phase = phase.replace("load", "load_rand" if seen_scan else "load_seq")
        count[phase] += 1
        self_t[phase][frames[0]] += 1
        for f in set(frames):
            total_t[phase][f] += 1
    all_n = sum(count.values())
    for phase, n in count.most_common():
        print(f"== {phase}: {n} samples ({100.0 * n / all_n:.1f}% of all)")
        print("   self:")
        for sym, c in self_t[phase].most_common(top):
            print(f"     {100.0 * c / n:5.1f}%  {sym[:150]}")
        print("   total (ese and std frames):")
        shown = 0
        for sym, c in total_t[phase].most_common():
            if "ese_bench_compare" in sym or sym.startswith("main") or "lang_start" in sym:
                continue
            if sym in ("[unknown]", "_start", "__libc_start_main", "__libc_start_call_main"):
                continue
            print(f"     {100.0 * c / n:5.1f}%  {sym[:150]}")
            shown += 1
            if shown >= top:
                break
        print()


if __name__ == "__main__":
    main()
