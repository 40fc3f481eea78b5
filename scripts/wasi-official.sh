#!/bin/sh
# wasi-official.sh - the WASI test suite ($WT_TESTSUITES/wasi) through its
# own official runner (wasi/run-tests) and stock adapter
# (wasi/adapters/wasmtime.py), with WASMTIME=build/wt: wt is driven exactly
# as the `wasmtime` CLI is (`wt --env K=V --dir ROOT::/ TEST.wasm ARGS...`).
#
# The runner needs Python >= 3.12 with colorama and requests: the first of
# python3.13, python3.12 (on PATH, and they must really run: pyenv's shims
# for versions not selected do not), then $PYENV_ROOT (~/.pyenv)
# versions/3.1[2-9]*/bin/python3, makes the venv .deps/wasi-venv once
# (packages from PyPI, said on stderr when it installs).
#
# The suite folder is shared and read-only, but the runner runs the tests
# inside it and some tests write there (*.cleanup files in fs-tests.dir, which
# the runner removes again). As root that would write into the shared folder,
# so the runner gets a private view of it: in a mount namespace of its own, an
# overlay whose upper layer is a tmpfs, gone when the run ends. Nothing is
# copied and nothing of the shared folder is ever written. Without such a
# namespace the run is refused when the folder is writable for us (a failure),
# and done in place when it is not (writes are refused then).
#
# scripts/wasi-suite.py (`make wasi`) runs the same tests its own way and
# still checks what this runner does not: the whole of stdout and stderr of
# every test (the spec's defaults are empty; this runner compares only the
# payloads a test names, and only as many characters as they have).
#
# Last line: "N passed, M failed" (", K skipped" when the runner skipped
# some), from the runner's JSON results. No suite folder or no Python >= 3.12:
# "wasi-official SKIPPED: reason", exit 0.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SUITE=${WT_TESTSUITES:-$ROOT/../shared/testsuites}/wasi
WT=$ROOT/build/wt
VENV=$ROOT/.deps/wasi-venv
OUT=$ROOT/build/wasi-official
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the suite's test-runner/

skip() { echo "wasi-official SKIPPED: $*"; exit 0; }
failed() { echo "wasi-official: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

[ -f "$SUITE/run-tests" ] || skip "$SUITE/run-tests not found"
[ -f "$SUITE/adapters/wasmtime.py" ] || skip "$SUITE/adapters/wasmtime.py not found"
SUITE=$(cd "$SUITE" && pwd -P)
[ -x "$WT" ] || failed "$WT is not built (make all)"

# ---- a Python >= 3.12 that runs ----
py_ok() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
PY=""
for c in python3.13 python3.12; do
  p=$(command -v "$c" 2>/dev/null) && py_ok "$p" && { PY=$p; break; }
done
if [ -z "$PY" ]; then
  for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    py_ok "$p" && PY=$p # the glob is sorted: the newest that runs wins
  done
fi
[ -n "$PY" ] || skip "no Python >= 3.12 found (python3.13, python3.12, ${PYENV_ROOT:-$HOME/.pyenv}/versions/3.1[2-9]*)"

# ---- the venv with the runner's requirements ----
REQ=$SUITE/test-runner/requirements/common.txt
VPY=$VENV/bin/python
if ! py_ok "$VPY" || ! "$VPY" -c 'import colorama, requests' >/dev/null 2>&1; then
  echo "wasi-official: making $VENV with $PY ($("$PY" --version 2>&1)); installing the runner's requirements (colorama, requests) from PyPI" >&2
  rm -rf "$VENV"
  "$PY" -m venv "$VENV" >&2 || failed "cannot make the venv $VENV with $PY"
  if [ -f "$REQ" ]; then "$VPY" -m pip install -q --disable-pip-version-check -r "$REQ" >&2
  else "$VPY" -m pip install -q --disable-pip-version-check colorama requests >&2
  fi || { rm -rf "$VENV"; failed "pip could not install the runner's requirements"; }
fi

# ---- a private, writable view of the suite folder ----
mkdir -p "$OUT/mnt"
RESULTS=$OUT/results.json
rm -f "$RESULTS"
# run_private CMD...: CMD in a mount namespace where $SUITE is an overlay
# (lower: the suite, upper: a tmpfs on $OUT/mnt); fails when it cannot be made.
run_private() {
  if [ "$(id -u)" -eq 0 ]; then set -- unshare -m "$@"; else set -- unshare -r -m "$@"; fi
  "$@"
}
PRIVATE='mount -t tmpfs -o mode=0700 wt-wasi "$0" && mkdir "$0/upper" "$0/work" &&
  mount -t overlay -o "lowerdir=$1,upperdir=$0/upper,workdir=$0/work" wt-wasi "$1" && shift && exec "$@"'
isolate="" why="unshare not found"
if command -v unshare >/dev/null 2>&1; then
  if run_private sh -c "$PRIVATE" "$OUT/mnt" "$SUITE" true 2>"$OUT/mount.err"; then isolate=yes
  else why=$(head -n 1 "$OUT/mount.err"); why=${why:-the overlay mount failed}
  fi
fi
if [ -n "$isolate" ]; then :
elif [ -w "$SUITE" ] || [ -w "$SUITE/tests" ]; then
  failed "cannot give the runner a private overlay of $SUITE ($why);" \
    "refusing to let its tests write into the shared folder"
else
  echo "wasi-official: no private overlay of $SUITE ($why); running in place (read-only: tests that write will fail)" >&2
fi

# ---- the run ----
set -- "$VPY" "$SUITE/run-tests" -r "$SUITE/adapters/wasmtime.py" --json-output-location "$RESULTS" --disable-colors --verbose
# wt's compiled-module cache of its own, not the user's
export WASMTIME="$WT" WT_CACHE_DIR="$OUT/cache"
if [ -n "$isolate" ]; then run_private sh -c "$PRIVATE" "$OUT/mnt" "$SUITE" "$@"; else "$@"; fi
rc=$?
[ -s "$RESULTS" ] || failed "the runner wrote no results (exit status $rc)"
"$VPY" - "$RESULTS" "$rc" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    results = json.load(f)["results"]
passed = sum(s["passed"] for s in results)
failed = sum(s["failed"] + s.get("xpassed", 0) for s in results)
skipped = sum(s["skipped"] + s.get("xfailed", 0) for s in results)
for s in results:
    for t in s["tests"]:
        if t["outcome"] not in ("pass", "skip"):
            print("%s: %s: %s" % (s["name"], t["name"], t["outcome"]))
if passed + failed == 0 or (int(sys.argv[2]) != 0 and failed == 0):
    failed += 1  # ran nothing, or the runner failed without saying which test
print("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
sys.exit(1 if failed else 0)
EOF
