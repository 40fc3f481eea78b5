#!/bin/sh
# Runs every test suite of `make test` and prints one closing line
# "N passed, M failed". Each suite prints its own "N passed, M failed"
# (or "... SKIPPED: reason") as its last line; this script adds them up.
set -u
cd "$(dirname "$0")/.."
total_pass=0; total_fail=0; log=build/test-logs; mkdir -p "$log"
skips=""

suite() { # name command...
  name=$1; shift
  echo "== $name"
  "$@" > "$log/$name.txt" 2>&1; rc=$?
  tail -n 15 "$log/$name.txt"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log/$name.txt" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  elif grep -q SKIPPED "$log/$name.txt"; then p=0; f=0
  else p=0; f=1; fi
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  # Every skip again in the closing summary: SKIPPED lines, and counts of
  # skipped commands (N skipped, N > 0).
  s=$(grep -E 'SKIPPED|[1-9][0-9]* skipped' "$log/$name.txt" | sed "s/^/  $name: /")
  [ -n "$s" ] && skips="$skips$s
"
}

# The component tools first, so that the unit tests' WASI 0.2 command (and
# every later suite) has them: fetched into .deps/ once, said when done.
echo "== component tools (wasm-tools from PyPI, the preview1 adapter from crates.io, into .deps/ when absent)"
if scripts/fetch-component-tools.sh > "$log/component-tools.txt" 2>&1; then sed 's/^/  /' "$log/component-tools.txt" | tail -n 4
else echo "  not fetched (the tests that need them say SKIPPED): $(tail -n 1 "$log/component-tools.txt")"; fi
suite abi make -s abi-test
suite header make -s header-test
suite amalgamation make -s amalgamation-test
suite man make -s man-test
suite docs make -s docs-test
suite symbols scripts/check-symbols.sh
suite unit make -s unit
suite unit-asan make -s unit-asan
suite tsan make -s tsan
suite wast make -s wast-test
suite spec make -s spec
suite component-wast make -s component-wast
suite wasi make -s wasi
suite wasi-official make -s wasi-official
suite wasi-components make -s wasi-components
suite cli make -s cli-test
suite install scripts/install-test.sh
suite compat make -s compat-test
suite components make -s components-test
suite examples make -s examples-test
suite fuzz make -s fuzz-short
if [ -n "$skips" ]; then printf '== skipped (each said above too)\n%s' "$skips"; else echo "== nothing skipped"; fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
