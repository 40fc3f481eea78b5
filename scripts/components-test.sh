#!/bin/sh
# components-test.sh - wt loads real components made by today's toolchain
# (make components-test). Nothing of them is committed; all is made here:
#   - wasm-tools and the WASI preview1 -> 0.2 command adapter of the pinned
#     Wasmtime, fetched into .deps/ (scripts/fetch-component-tools.sh);
#   - each preview1 guest of tests/wasi/*.c, built as build/guests/NAME.wasm
#     (make, Debian clang + wasi-libc), made a WASI 0.2 command component
#     build/components/NAME.wasm by `wasm-tools component new --adapt`;
#   - build/components/answer.wat, a component in text, and its binary
#     answer_wat.wasm by `wasm-tools parse`; answer_wit.wasm, a core module
#     given a WIT world by `wasm-tools component embed` then `component new`.
# One check each: the component is made, `wasm-tools validate` accepts it;
# then build/component_load (tests/component_load.c, built by make) checks
# every component and every core guest (its own checks, see there).
# Last line: "N passed, M failed". Tools that cannot be fetched: the last
# line is "components suite SKIPPED: why", exit 0.
# WT_WASMTIME_LIB chooses the library component_load drives, as for wt.
set -u
cd "$(dirname "$0")/.."
B=build
OUT=$B/components
T=$(mktemp -d "${TMPDIR:-/tmp}/wt-components.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { # check [log]
  fail=$((fail + 1)); echo "FAIL $1"
  if [ -n "${2:-}" ]; then head -n 20 "$2" | sed 's/^/  /'; fi
}
skip() { echo "components suite SKIPPED: $*"; exit 0; }
# check NAME CMD...: one check, CMD's output shown when it fails.
check() { name=$1; shift; if "$@" >"$T/cmd.txt" 2>&1; then ok "$name"; else ko "$name" "$T/cmd.txt"; fi; }

# ---- the tools ----
if ! tools=$(scripts/fetch-component-tools.sh 2>"$T/fetch.txt"); then
  cat "$T/fetch.txt" >&2
  skip "cannot fetch the component tools: $(sed -n 's/^fetch-component-tools: //p' "$T/fetch.txt" | tail -n 1)"
fi
cat "$T/fetch.txt" >&2 # what it downloaded, if anything
WASM_TOOLS=$(echo "$tools" | sed -n 's/^WASM_TOOLS=//p')
ADAPTER=$(echo "$tools" | sed -n 's/^ADAPTER=//p')
adapter_v=$(cat "$(dirname "$ADAPTER")/VERSION" 2>/dev/null || echo "of $ADAPTER")
echo "components: $("$WASM_TOOLS" --version), preview1 command adapter $adapter_v (Wasmtime $(cat WASMTIME_VERSION) pinned)"
if [ ! -x $B/component_load ]; then
  echo "components: $B/component_load is not built (make components-test builds it)"; echo "0 passed, 1 failed"; exit 1
fi

rm -rf "$OUT"; mkdir -p "$OUT"
set --

# ---- WASI 0.2 commands from the preview1 guests ----
for src in tests/wasi/*.c; do
  n=$(basename "$src" .c)
  g=$B/guests/$n.wasm
  c=$OUT/$n.wasm
  if make -s "$g" >"$T/make.txt" 2>&1 &&
     "$WASM_TOOLS" component new "$g" --adapt "wasi_snapshot_preview1=$ADAPTER" -o "$c" >>"$T/make.txt" 2>&1; then
    ok "$c: made from $g (wasm-tools component new --adapt wasi_snapshot_preview1)"
    check "$c: wasm-tools validate" "$WASM_TOOLS" validate "$c"
    set -- "$@" -m "$g" "$c"
  else
    ko "$c: made from $g (wasm-tools component new --adapt wasi_snapshot_preview1)" "$T/make.txt"
  fi
done

# ---- components of our own: text, its binary, and a core module with a WIT world ----
cat > "$OUT/answer.wat" <<'WAT'
(component
  (core module $m
    (func (export "answer") (result i32) i32.const 42))
  (core instance $i (instantiate $m))
  (func $answer (result u32) (canon lift (core func $i "answer")))
  (export "answer" (func $answer)))
WAT
check "$OUT/answer_wat.wasm: wasm-tools parse of $OUT/answer.wat" \
  "$WASM_TOOLS" parse "$OUT/answer.wat" -o "$OUT/answer_wat.wasm"
if [ -f "$OUT/answer_wat.wasm" ]; then
  check "$OUT/answer_wat.wasm: wasm-tools validate" "$WASM_TOOLS" validate "$OUT/answer_wat.wasm"
  set -- "$@" "$OUT/answer.wat" "$OUT/answer_wat.wasm"
fi
cat > "$T/answer.wit" <<'WIT'
package wt:test;
world answer {
  export answer: func() -> u32;
}
WIT
cat > "$T/core.wat" <<'WAT'
(module
  (memory (export "memory") 1)
  (func (export "answer") (result i32) i32.const 42))
WAT
make_wit() {
  "$WASM_TOOLS" parse "$T/core.wat" -o "$OUT/answer_core.wasm" &&
  "$WASM_TOOLS" component embed "$T/answer.wit" --world answer "$OUT/answer_core.wasm" -o "$T/embedded.wasm" &&
  "$WASM_TOOLS" component new "$T/embedded.wasm" -o "$OUT/answer_wit.wasm"
}
check "$OUT/answer_wit.wasm: made with wasm-tools component embed (WIT world) and component new" make_wit
if [ -f "$OUT/answer_wit.wasm" ]; then
  check "$OUT/answer_wit.wasm: wasm-tools validate" "$WASM_TOOLS" validate "$OUT/answer_wit.wasm"
  set -- "$@" -m "$OUT/answer_core.wasm" "$OUT/answer_wit.wasm"
fi

# ---- wt on each of them ----
if [ $# -gt 0 ]; then
  TMPDIR=$T $B/component_load "$@" >"$T/load.txt" 2>&1; rc=$?
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$T/load.txt" | tail -n 1)
  grep -vxF "$line" "$T/load.txt"
  p=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p')
  f=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p')
  if [ -z "$line" ]; then p=0; f=1; echo "components: component_load printed no result line (exit $rc)"; fi
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "components: component_load exited with status $rc"; fi
  pass=$((pass + p)); fail=$((fail + f))
else
  ko "component_load: no component was made"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
