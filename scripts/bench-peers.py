#!/usr/bin/env python3
"""bench-peers.py - section 1 of bench/bench.c (host -> wasm `add` and `nop`)
next to the same calls from Python's `wasmtime` package and from Node.js.

Usage: scripts/bench-peers.py BUILD VENV WASMTIME_VERSION [PYTHON]   (`make bench-peers`)
Runs BUILD/bench with WT_BENCH_ONLY=1 (the C API and wt rows), bench/peers.py
in the virtualenv VENV (made on first use by PYTHON -m venv, with
wasmtime==WASMTIME_VERSION from PyPI) and bench/peers.mjs with node, then
prints one table, x = ratio to raw wasmtime_func_call_unchecked of the same
function, and writes BUILD/bench-peers.json. A peer that cannot run is
reported as SKIPPED and the others go on.
"""
import json
import os
import shutil
import subprocess
import sys
import time

# bench.c's section-1 figures and their labels there, in table order.
C_LABELS = {
    "raw_unchecked_add": "raw wasmtime_func_call_unchecked add",
    "wt_typed_add": "wt_func_call_i32 (typed)         add",
    "raw_call_add": "raw wasmtime_func_call           add",
    "wt_generic_add": "wt_func_call (generic)           add",
    "raw_unchecked_nop": "raw wasmtime_func_call_unchecked nop",
    "wt_typed_nop": "wt_func_call_0 (typed)           nop",
    "raw_call_nop": "raw wasmtime_func_call           nop",
    "wt_generic_nop": "wt_func_call (generic)           nop",
}
skipped = {}  # peer -> why


def call(cmd, **kw):
    """subprocess.run, with a missing program as exit status 127."""
    try:
        return subprocess.run(cmd, **kw)
    except OSError as e:
        return subprocess.CompletedProcess(cmd, 127, "", f"{e}\n")


def run(name, cmd, out, env=None):
    """Runs one side, which writes its figures to `out`: (figures, None), or
    (None, why) if it failed; its own output is shown only then."""
    print(f"running {name}: {' '.join(cmd)}", flush=True)
    p = call(cmd, env=env, capture_output=True, text=True)
    if p.returncode == 0 and os.path.exists(out):
        with open(out) as f:
            return json.load(f), None
    print(p.stdout + p.stderr, end="", flush=True)
    return None, f"{os.path.basename(cmd[0])} failed (exit status {p.returncode})"


def skip(name, why):
    print(f"*** {name}: SKIPPED: {why}", flush=True)
    skipped[name] = why
    return None


def ensure_venv(venv, version, python):
    """The venv's python, with wasmtime==version installed; None if that fails."""
    py = os.path.join(venv, "bin", "python")
    check = [py, "-c", "from importlib.metadata import version; print(version('wasmtime'))"]
    if os.path.exists(py) and call(check, capture_output=True, text=True).stdout.strip() == version:
        return py
    print(f"installing wasmtime=={version} from PyPI into {venv}", flush=True)
    if not os.path.exists(py) and call([python, "-m", "venv", venv]).returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)  # Debian leaves one without pip
        return skip("python", f"'{python} -m venv' failed (Debian: apt-get install python3-venv)")
    pip = [py, "-m", "pip", "install", "-q", "--disable-pip-version-check", f"wasmtime=={version}"]
    if call(pip).returncode != 0:
        return skip("python", f"pip could not install wasmtime=={version}")
    return py


def main():
    build, venv, version = sys.argv[1:4]
    python = sys.argv[4] if len(sys.argv) > 4 else "python3"
    out = os.path.join(build, "bench-peers-c.json")
    c, why = run("C", [os.path.join(build, "bench"), out], out, dict(os.environ, WT_BENCH_ONLY="1"))
    if c is None:
        sys.exit(f"bench-peers: {why}; without the C baseline there is no table")
    ns = {k: c["ns"][k] for k in C_LABELS}
    labels = dict(C_LABELS)
    peers = {}

    def peer(name, cmd):
        out = os.path.join(build, f"bench-peers-{name}.json")
        r, why = run(name, cmd + [out], out)
        if r is None:
            skip(name, why)
        else:
            peers[name] = r["peer"]
            ns.update(r["ns"])
            labels.update(r["labels"])

    py = ensure_venv(venv, version, python)
    if py:
        peer("python", [py, "bench/peers.py"])
    node = shutil.which("node")
    if node:
        peer("node", [node, "bench/peers.mjs"])
    else:
        skip("node", "no 'node' on PATH")

    print(f"\nhost -> wasm call, add(i32, i32) -> i32 and nop(): Wasmtime {c['wasmtime']}, median of 7 runs,"
          "\nns per call, x = ratio to raw wasmtime_func_call_unchecked of the same function")
    ratios = {}
    for fn in ("add", "nop"):
        base = ns[f"raw_unchecked_{fn}"]
        for key in (k for k in labels if k.endswith("_" + fn)):
            ratios[key] = ns[key] / base
            r = ratios[key]
            x = "(baseline)" if key == f"raw_unchecked_{fn}" else f"x{r:.3f}" if r < 10 else f"x{r:.4g}"
            print(f"  {labels[key]:<46} {ns[key]:12.1f} ns   {x}")
    for name, what in peers.items():
        print(f"  {name}: {what}")
    for name, why in skipped.items():
        print(f"  {name}: SKIPPED: {why}")

    out = os.path.join(build, "bench-peers.json")
    with open(out, "w") as f:
        json.dump({"wasmtime": c["wasmtime"], "date": time.strftime("%Y-%m-%d"), "peers": peers,
                   "skipped": skipped, "ns": {k: round(v, 1) for k, v in ns.items()},
                   "x": {k: round(v, 4) for k, v in ratios.items()}}, f, indent=2)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
