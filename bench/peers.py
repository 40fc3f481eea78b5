#!/usr/bin/env python3
"""peers.py - section 1 of bench/bench.c (host -> wasm `add` and `nop`) from
Python, through the PyPI `wasmtime` package (the version of WASMTIME_VERSION).

Usage: python bench/peers.py [OUT.json]   (`make bench-peers` runs it in a venv)
Same module, same method as bench.c: each figure is the median of 7 timed
loops, each calibrated to last about 40 ms; ns per call. The call is the
package's public one, `func(store, i, 2)` (checked `wasmtime_func_call`
through ctypes).
"""
import json
import sys
import time
from importlib.metadata import version

import wasmtime

REPS = 7
TARGET_NS = 40e6

# CALLS_WAT of bench/bench.c
CALLS_WAT = (
    '(module (memory (export "mem") 1)'
    ' (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)'
    ' (func (export "nop")))'
)


def time_loop(fn, n):
    t0 = time.perf_counter_ns()
    fn(n)
    return time.perf_counter_ns() - t0


def calibrate(fn):
    """Iterations for one loop of about TARGET_NS; doubles as warm-up."""
    n = 1
    dt = time_loop(fn, n)
    while dt < TARGET_NS / 8 and n < (1 << 30):
        n *= 4
        dt = time_loop(fn, n)
    return max(1, int(n * (TARGET_NS / dt)))


def measure(fn):
    n = calibrate(fn)
    v = sorted(time_loop(fn, n) / n for _ in range(REPS))
    return v[REPS // 2]


def main():
    store = wasmtime.Store()
    inst = wasmtime.Instance(store, wasmtime.Module(store.engine, CALLS_WAT), [])
    add, nop = inst.exports(store)["add"], inst.exports(store)["nop"]
    sink = 0

    def add_loop(n):
        nonlocal sink
        for i in range(n):
            sink += add(store, i, 2)

    def nop_loop(n):
        for _ in range(n):
            nop(store)

    ver = version("wasmtime")
    ns, labels = {}, {}
    for name, fn in (("add", add_loop), ("nop", nop_loop)):
        key = "python_" + name
        ns[key] = measure(fn)
        labels[key] = f"{'python wasmtime ' + ver:<32} {name}"  # as bench.c's labels
        print(f"  {labels[key]:<46} {ns[key]:12.1f} ns", flush=True)
    if len(sys.argv) > 1:
        peer = f"wasmtime {ver} (PyPI), CPython {sys.version.split()[0]}"
        with open(sys.argv[1], "w") as f:
            json.dump({"peer": peer, "labels": labels, "ns": ns}, f, indent=2)


if __name__ == "__main__":
    main()
