#!/usr/bin/env python3
"""Runs the WASI test suite ($WT_TESTSUITES/wasi) through `wt run`, as its
doc/specification.md prescribes: every *.wasm under tests/ is a test case,
its *.json (or the default) gives args, env, root and the expected exit
code, stdout and stderr (legacy form) or a list of run/read/wait operations.
The suite folder is read-only and shared: each test runs in a fresh copy of
its root directory under build/wasi-run/, so *.cleanup artifacts and writes
never touch it. Last line: "N passed, M failed".
usage: wasi-suite.py [WT [SUITE]]"""
import json, os, shutil, stat, subprocess, sys

WT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/wt")
SUITE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.environ.get("WT_TESTSUITES", os.path.join(os.path.dirname(__file__), "../../shared/testsuites")), "wasi")
WORK = os.path.abspath(os.environ.get("WT_WASI_WORK", "build/wasi-run"))  # compat-test runs several at once
TIMEOUT_S = 60


def operations(spec):
    """The operation list of a spec, converting the legacy form."""
    if "operations" in spec:
        return spec["operations"]
    run = {"type": "run", "args": spec.get("args", []), "env": spec.get("env", {}), "root": spec.get("root")}
    return [run, {"type": "read", "id": "stdout", "payload": spec.get("stdout", "")},
            {"type": "read", "id": "stderr", "payload": spec.get("stderr", "")},
            {"type": "wait", "exit_code": spec.get("exit_code", 0)}]


def writable_copy(src, dst):
    """Copies src to dst, making the copy writable (the suite is read-only)
    and removing *.cleanup artifacts a previous run may have left."""
    shutil.copytree(src, dst, copy_function=shutil.copyfile)
    for d, dirs, files in os.walk(dst):
        os.chmod(d, os.stat(d).st_mode | stat.S_IWUSR | stat.S_IXUSR)
        for f in files:
            p = os.path.join(d, f)
            if f.endswith(".cleanup"):
                os.remove(p)
            else:
                os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)


def command(wasm, run, sandbox):
    cmd = [WT, "run"]
    for k, v in run.get("env", {}).items():
        cmd += ["--env", "%s=%s" % (k, v)]
    root = run.get("root")
    if root is not None:
        host = os.path.join(sandbox, "root")
        writable_copy(os.path.join(os.path.dirname(wasm), root), host)
        cmd += ["--dir", host + "::/"]
    return cmd + [wasm] + list(run.get("args", []))


def check_ops(ops, result):
    """The first unmet expectation, or None."""
    proc = None
    for op in ops:
        t = op.get("type")
        if t == "run":
            proc = result
        elif proc is None:
            return "%s before run" % t
        elif t == "read":
            sid = op.get("id", "stdout")
            got = proc.stdout if sid == "stdout" else proc.stderr
            want = op.get("payload", "")
            if got != want:
                return "%s: got %r, want %r" % (sid, got, want)
        elif t == "wait":
            want = op.get("exit_code", 0)
            if proc.returncode != want:
                return "exit code %d, want %d (stderr: %s)" % (proc.returncode, want, proc.stderr.strip()[:300])
        else:
            return "operation %r (proposal) is not supported by wt run" % t
    return None


def run_test(wasm, name):
    base = os.path.splitext(wasm)[0]
    spec = {}
    if os.path.exists(base + ".json"):
        with open(base + ".json") as f:
            spec = json.load(f)
    if spec.get("proposals"):
        return "needs proposals %s" % spec["proposals"]
    ops = operations(spec)
    runs = [op for op in ops if op.get("type") == "run"]
    if len(runs) != 1:
        return "expected exactly one run operation"
    sandbox = os.path.join(WORK, name.replace("/", "_"))
    shutil.rmtree(sandbox, ignore_errors=True)
    os.makedirs(sandbox)
    try:
        result = subprocess.run(command(wasm, runs[0], sandbox), cwd=sandbox, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return "timed out after %d s" % TIMEOUT_S
    err = check_ops(ops, result)
    if err is None:
        shutil.rmtree(sandbox, ignore_errors=True)
    return err


def main():
    if not os.path.isdir(SUITE):
        print("wasi suite SKIPPED: %s not found" % SUITE)
        return 0
    tests = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(SUITE, "tests"))
                   for f in fs if f.endswith(".wasm"))
    passed = failed = 0
    for wasm in tests:
        name = os.path.relpath(wasm, SUITE)
        err = run_test(wasm, name)
        if err is None:
            passed += 1
            print("ok   %s" % name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, err))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not tests else 0


if __name__ == "__main__":
    sys.exit(main())
