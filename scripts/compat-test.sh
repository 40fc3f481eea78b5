#!/bin/bash
# The unit tests, the spec suite and the WASI suite through the library of
# each Wasmtime in VERSIONS (make compat-test): one wt build drives them all.
# Usage: scripts/compat-test.sh VERSION...     (run from the project root)
# Last, a release older than 36 ($WT_COMPAT_TOO_OLD, 35.0.0) must be refused
# with a message naming its version.
#
# For each version: fetch it (scripts/fetch-wasmtime.sh; a version that
# cannot be fetched is SKIPPED, loudly), check that `wt --version` names its
# exact version, then run the three suites with WT_WASMTIME_LIB set to it.
# Two versions run at once (this machine has two cores). Every suite line
# ("N passed, M failed[, K skipped]") and every SKIPPED line is printed with
# its version; the last line is the sum, "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 VERSION..." >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/wt-compat.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
JOBS=${WT_COMPAT_JOBS:-2}

one() { # version: writes $work/$v.txt
  local v=$1 out=$work/$1.txt d lib want
  if ! d=$(scripts/fetch-wasmtime.sh "$v" 2>"$work/$v.fetch"); then
    echo "compat $v: SKIPPED: cannot fetch Wasmtime $v ($(tail -n 1 "$work/$v.fetch"))" > "$out"
    return
  fi
  lib=$d/lib/libwasmtime.so
  {
    # The wheel named V may carry another patch release: the major.minor must match.
    want=${v%.*}
    if WT_WASMTIME_LIB=$lib build/wt --version | grep -q "(Wasmtime $want\.[0-9]*, C ABI line "; then
      echo "$(WT_WASMTIME_LIB=$lib build/wt --version)"; echo "1 passed, 0 failed"
    else
      echo "compat $v: FAILED: wt --version does not name Wasmtime $want.x:"; WT_WASMTIME_LIB=$lib build/wt --version 2>&1
      echo "0 passed, 1 failed"
    fi
    WT_WASMTIME_LIB=$lib build/unit 2>&1
    WT_WASMTIME_LIB=$lib WT_WASI_WORK=$work/$v.wasi make -s spec wasi 2>&1
  } > "$out"
  # Wasmtime 36's values have their own layout: the conversion must have run.
  if [ "${v%%.*}" = 36 ]; then
    if grep -q "^note: Wasmtime 36: its 24-byte values are converted" "$out" &&
       grep -q "^ok   refs_values_cross_every_boundary" "$out"; then echo "1 passed, 0 failed" >> "$out"
    else echo "compat $v: FAILED: the value conversion of Wasmtime 36 was not exercised"; echo "0 passed, 1 failed"; fi >> "$out"
  fi
}

running=0
for v in "$@"; do
  one "$v" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait

pass=0; fail=0
for v in "$@"; do
  out=$work/$v.txt
  grep -E '^compat .*(SKIPPED|FAILED)|^FAIL |^SKIPPED|SKIPPED|^wt [0-9]' "$out" | sed "s/^/  $v: /"
  while read -r p f; do pass=$((pass + p)); fail=$((fail + f)); done < <(
    grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
  # suites that ran, and suites that said SKIPPED (their test files absent)
  n=$(grep -cE '^[0-9]+ passed, [0-9]+ failed|^(spec|wasi) suite SKIPPED' "$out")
  s=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | awk '{p+=$1; f+=$3} END {printf "%d passed, %d failed", p, f}')
  echo "compat $v: $s (in $n suites)"
  if grep -q '^compat .*SKIPPED' "$out"; then :; elif [ "$n" -lt 4 ]; then
    echo "compat $v: FAILED: a suite did not finish"; fail=$((fail + 1))
  fi
done
# A release older than any line is refused, naming its version.
old=${WT_COMPAT_TOO_OLD:-35.0.0}
if d=$(scripts/fetch-wasmtime.sh "$old" 2>/dev/null); then
  if ! WT_WASMTIME_LIB=$d/lib/libwasmtime.so build/wt --version > "$work/old.out" 2>&1 &&
     grep -q "Wasmtime ${old%.*}\.[0-9]* is older than any line wt mirrors (wt drives Wasmtime 36 to" "$work/old.out"; then
    echo "compat $old: refused, naming its version"; pass=$((pass + 1))
  else
    echo "compat $old: FAILED: not refused with its version:"; cat "$work/old.out"; fail=$((fail + 1))
  fi
else
  echo "compat $old: SKIPPED: cannot fetch Wasmtime $old (the refusal of a release older than 36 is not checked)"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
