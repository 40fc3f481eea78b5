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
# --components (make wasi-components): the same run with every preview1 test
# module made a WASI 0.2 command component first, by the preview1 command
# adapter of the pinned Wasmtime (scripts/wasi-component-adapter.py: the
# stock adapter, with the module swapped for its component, kept in
# build/wasi-components/components/ keyed by content). A few tests differ
# by design under WASI 0.2: tests/wasi-components.toml lists each, with the
# failure the runner must report for it and the reason (the runner's own
# expectation-file format, passed with -e). Such a test counts as passed when
# it fails exactly as listed; it fails when it fails otherwise, and when it
# passes (the listed difference is gone: the list is stale). Without
# wasm-tools or the adapter (scripts/fetch-component-tools.sh):
# "wasi-components SKIPPED: reason". WT_WASI_RUNTIME=/path/to/wasmtime runs
# another runtime instead of build/wt (the list was verified so with the real
# wasmtime CLI, which must give the same results).
#
# Last line: "N passed, M failed" (", K skipped" when the runner skipped
# some), from the runner's JSON results. No suite folder or no Python >= 3.12:
# "wasi-official SKIPPED: reason" (wasi-components ...), exit 0.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SUITE=${WT_TESTSUITES:-$ROOT/../shared/testsuites}/wasi
NAME=wasi-official
[ "${1:-}" = --components ] && NAME=wasi-components
WT=${WT_WASI_RUNTIME:-$ROOT/build/wt}
VENV=$ROOT/.deps/wasi-venv
OUT=$ROOT/build/$NAME
EXPECT=$ROOT/tests/wasi-components.toml
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the suite's test-runner/

skip() { echo "$NAME SKIPPED: $*"; exit 0; }
failed() { echo "$NAME: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

[ -f "$SUITE/run-tests" ] || skip "$SUITE/run-tests not found"
[ -f "$SUITE/adapters/wasmtime.py" ] || skip "$SUITE/adapters/wasmtime.py not found"
SUITE=$(cd "$SUITE" && pwd -P)
[ -x "$WT" ] || failed "$WT is not built (make all)"
mkdir -p "$OUT"

# ---- components: the tools that make them ----
if [ $NAME = wasi-components ]; then
  tools=$(scripts/fetch-component-tools.sh 2>"$OUT.fetch.txt") || {
    cat "$OUT.fetch.txt" >&2
    skip "cannot fetch the component tools: $(sed -n 's/^fetch-component-tools: //p' "$OUT.fetch.txt" | tail -n 1)"
  }
  cat "$OUT.fetch.txt" >&2 # what it downloaded, if anything
  WT_WASM_TOOLS=$(echo "$tools" | sed -n 's/^WASM_TOOLS=//p')
  WT_COMPONENT_ADAPTER=$(echo "$tools" | sed -n 's/^ADAPTER=//p')
  export WT_WASM_TOOLS WT_COMPONENT_ADAPTER WT_WASI_SUITE="$SUITE" WT_COMPONENT_CACHE="$OUT/components"
  echo "$NAME: $("$WT_WASM_TOOLS" --version), preview1 command adapter" \
    "$(cat "$(dirname "$WT_COMPONENT_ADAPTER")/VERSION" 2>/dev/null || echo "$WT_COMPONENT_ADAPTER"), runtime $WT"
fi

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
  echo "$NAME: making $VENV with $PY ($("$PY" --version 2>&1)); installing the runner's requirements (colorama, requests) from PyPI" >&2
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
  echo "$NAME: no private overlay of $SUITE ($why); running in place (read-only: tests that write will fail)" >&2
fi

# ---- the run ----
set -- "$VPY" "$SUITE/run-tests" -r "$SUITE/adapters/wasmtime.py" --json-output-location "$RESULTS" --disable-colors --verbose
[ $NAME = wasi-components ] && set -- "$VPY" "$SUITE/run-tests" -r "$ROOT/scripts/wasi-component-adapter.py" \
  -e "$EXPECT" --json-output-location "$RESULTS" --disable-colors --verbose
# wt's compiled-module cache of its own, not the user's
export WASMTIME="$WT" WT_CACHE_DIR="$OUT/cache"
if [ -n "$isolate" ]; then run_private sh -c "$PRIVATE" "$OUT/mnt" "$SUITE" "$@"; else "$@"; fi
rc=$?
[ -s "$RESULTS" ] || failed "the runner wrote no results (exit status $rc)"
[ $NAME = wasi-components ] || EXPECT=""
"$VPY" - "$RESULTS" "$rc" "$EXPECT" <<'EOF'
# One count per test, from its outcome. With an expectation file (argv[3]):
# an expected failure ("xfail") passes only when one of its failures holds
# the texts the file names for it ("failure": one or a list); one that
# passed ("xpass") or that the run never met fails.
import json, sys, tomllib
with open(sys.argv[1]) as f:
    results = json.load(f)["results"]
listed = {}
if sys.argv[3]:
    with open(sys.argv[3], "rb") as f:
        for s in tomllib.load(f).get("suite", []):
            for t in s.get("test", []):
                listed[(s["name"], t["name"])] = t
def as_listed(entry, failures):
    """One failure message holds every text of the entry's `failure` (is
    it, with `exact`: no output besides)."""
    need = entry["failure"]
    if entry.get("exact"):
        return need in failures
    need = [need] if isinstance(need, str) else need
    return any(all(n in m for n in need) for m in failures)
passed = failed = skipped = 0
for s in results:
    for t in s["tests"]:
        what = "%s: %s" % (s["name"], t["name"])
        entry = listed.pop((s["name"], t["name"]), None)
        o = t["outcome"]
        if o == "pass":
            passed += 1
        elif o == "skip":
            skipped += 1
            print("%s: SKIPPED" % what)
        elif o == "xfail" and as_listed(entry, t["failures"]):
            passed += 1
            print("%s: differs by design, as listed: %s" % (what, " ".join(entry["reason"].split())))
        else:
            failed += 1
            if o == "xfail":
                o = "fails, but not as listed (%r)" % (entry["failure"],)
            elif o == "xpass":
                o = "passes, but is listed as differing by design (stale entry: remove it)"
            print("%s: %s" % (what, o))
            for m in t["failures"]:
                print("  " + m.replace("\n", "\n  ")[:2000])
for (suite, name) in listed:
    failed += 1
    print("%s: %s: listed as differing by design, but the run has no such test" % (suite, name))
if passed + failed == 0 or (int(sys.argv[2]) != 0 and failed == 0):
    failed += 1  # ran nothing, or the runner failed without saying which test
print("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
sys.exit(1 if failed else 0)
EOF
