#!/usr/bin/env python3
"""bench-starts.py - one row of build/bench in many fresh processes: does a
process start (its layout: ASLR, the stack's place in its page) make a
loop slow for the whole process?

Usage: scripts/bench-starts.py [-n N] [--row ROW] [--bench BENCH] [--sweep STEP [--repeat K]]
                               [--max-spread S] [-v]

Runs BENCH (build/bench) N times (100) with WT_BENCH_ONLY=1,
WT_BENCH_ROW=ROW (wt_typed_add_plain: the typed call and its raw baseline
as plain loops, one stack depth each for the whole process) and
WT_BENCH_LAYOUT=1, and prints the distribution of the ratio and of both
figures, then every start in which a figure is 25% or more above its median,
with the page offset of the frame the plain loops are called from (for
another row, of a local of section 1's function).

A start whose repetitions' ratios spread by more than S (0.10: hi/lo - 1)
met a burst of load on the machine rather than a layout (a layout is the
same for all of a start's repetitions): it is run again, up to 5 times,
and left out of the figures if it never settles; both counts are printed.

--sweep STEP: instead of fresh layouts, ASLR off (setarch -R) and the
stack moved by 0, STEP, 2*STEP, ... bytes below 4096 (WT_BENCH_STACK_SHIFT):
one start per offset of the stack in its page (K starts with --repeat,
each figure their fastest: a layout is slow every time, a burst of load
once), so a slow offset shows every time. See docs/PERFORMANCE.md,
"Start layout".
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile


def start(bench, row, out, shift=None):
    """One process: (raw ns, wt ns, ratio, page offset, repetitions' spread), or None."""
    env = dict(os.environ, WT_BENCH_ONLY="1", WT_BENCH_ROW=row, WT_BENCH_LAYOUT="1")
    cmd = [bench, out]
    if shift is not None:
        env["WT_BENCH_STACK_SHIFT"] = str(shift)
        cmd = ["setarch", platform.machine(), "-R"] + cmd
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    ns = [float(m) for m in re.findall(r"\s([0-9.]+) ns\s", p.stdout)]
    x = re.findall(r"\sx([0-9.]+)\s", p.stdout)
    off = re.search(r"plain loops called from frame \S+ \(page offset (\d+)\)", p.stderr)
    if not off:  # a row that is not plain: where section 1's stack is
        st = re.search(r"layout: stack 0x([0-9a-f]+)", p.stderr)
        off = re.match(r"(\d+)", str(int(st.group(1), 16) % 4096)) if st else None
    reps = re.search(r"\(repetitions ([0-9.]+)\.\.([0-9.]+)\)", p.stdout)
    if p.returncode != 0 or len(ns) < 2 or not x or not reps:
        sys.stderr.write(p.stdout + p.stderr)
        return None
    return ns[0], ns[1], float(x[0]), int(off.group(1)) if off else -1, float(reps[2]) / float(reps[1]) - 1


def steady_start(bench, row, out, shift, max_spread, noisy):
    """start(), run again (up to 5 times) while its repetitions spread by
    more than max_spread; noisy[0] counts the reruns."""
    for _ in range(5):
        r = start(bench, row, out, shift)
        if r is None or r[4] <= max_spread:
            return r
        noisy[0] += 1
    return r


def quartiles(v):
    v = sorted(v)
    return v[len(v) // 4], statistics.median(v), v[(3 * len(v)) // 4]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--row", default="wt_typed_add_plain")
    ap.add_argument("--bench", default="build/bench")
    ap.add_argument("--sweep", type=int, metavar="STEP")
    ap.add_argument("--repeat", type=int, default=1, metavar="K")
    ap.add_argument("--max-spread", type=float, default=0.10, metavar="S")
    ap.add_argument("-v", action="store_true", help="print every start")
    a = ap.parse_args()
    runs, noisy = [], [0]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.json")
        shifts = list(range(0, 4096, a.sweep)) if a.sweep else [None] * a.n
        for i, shift in enumerate(shifts):
            rs = [steady_start(a.bench, a.row, out, shift, a.max_spread, noisy) for _ in range(a.repeat if a.sweep else 1)]
            rs = [r for r in rs if r]
            if not rs:
                print(f"start {i}: failed", file=sys.stderr)
                continue
            # the fastest of each figure; the ratio of the start whose wt figure that is
            best = min(rs, key=lambda r: r[1])
            r = (min(x[0] for x in rs), best[1], best[2], best[3], best[4])
            runs.append((shift,) + r)
            if a.v:
                s = f" shift {shift:4d}" if shift is not None else ""
                print(f"start {i:3d}{s}: raw {r[0]:7.1f}  wt {r[1]:7.1f} ns  x{r[2]:.3f}  page offset {r[3]}"
                      f"  (repetitions spread {100 * r[4]:.0f}%)", flush=True)
    if not runs:
        sys.exit("no start succeeded")
    noisy_left = sum(r[5] > a.max_spread for r in runs)
    runs = [r for r in runs if r[5] <= a.max_spread] or sys.exit("no start with steady repetitions")
    raw, wt, x = ([r[k] for r in runs] for k in (1, 2, 3))
    print(f"{a.row}: {len(runs)} starts" + (f" (ASLR off, stack moved in {a.sweep}-byte steps)" if a.sweep else "")
          + f"; {noisy[0]} more run again for repetitions spread by more than {a.max_spread:g}"
          + (f"; {noisy_left} left out, still so after 5 tries" if noisy_left else ""))
    for name, v in (("ratio", x), ("raw ns", raw), ("wt ns", wt)):
        q1, med, q3 = quartiles(v)
        print(f"  {name:7s} median {med:8.3f}  quartiles {q1:.3f} {q3:.3f}  min {min(v):.3f}  max {max(v):.3f}")
    off = [r for r in runs if r[3] >= 1.25 or r[3] <= 0.8]
    print(f"  starts with the ratio >= 1.25 or <= 0.8: {len(off)} of {len(runs)}")
    slow = [r for r in runs if r[1] >= 1.25 * statistics.median(raw) or r[2] >= 1.25 * statistics.median(wt)]
    print(f"  starts with a figure >= 1.25x its median: {len(slow)} of {len(runs)}")
    for shift, r, w, xx, off, sp in slow:
        which = "raw" if r >= 1.25 * statistics.median(raw) else ""
        which += ("+" if which else "") + "wt" if w >= 1.25 * statistics.median(wt) else ""
        s = f"shift {shift:4d}, " if shift is not None else ""
        print(f"    {which:6s} slow: raw {r:6.1f}  wt {w:6.1f} ns  x{xx:.3f}  ({s}frame page offset {off}, "
              f"repetitions spread {100 * sp:.0f}%)")


if __name__ == "__main__":
    main()
