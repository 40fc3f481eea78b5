#!/bin/sh
# cli.sh - tests of the `wt` command line (build/wt): WAVE on its own
# (build/wave_test, counted here), components (--invoke in WAVE, wasi:cli/run,
# WASI 0.2 commands made from tests/wasi guests when the component tools
# are there), and modules on hostile guests
# (endless loop under a deadline or fuel, unbounded memory.grow under a
# limit, unbounded recursion, proc_exit from deep inside) and on WASI
# guests of our own (tests/wasi/*.c, built into build/guests/ by
# `make guests`) for what the WASI suite lacks: stdin, captured stdout and
# stderr, environment, read-only and writable directories.
# Last line: "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
WT=${WT:-build/wt}
G=build/guests
T=$(mktemp -d "$PWD/build/cli-test.XXXXXX")
export WT_CACHE_DIR="$T/cache" # a cache of our own: stats are exact
pass=0 fail=0 rc=0

run() { "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; }
runin() { input=$1; shift; printf '%s' "$input" | "$@" >"$T/out" 2>"$T/err"; rc=$?; }
now_ms() { date +%s%N | cut -c1-13; }
has() { grep -q -- "$2" "$T/$1"; }

# check NAME CONDITION: CONDITION is a shell expression on $rc, $T/out, $T/err.
check() {
  if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"
  else
    fail=$((fail + 1)); echo "FAIL $1 [$2] rc=$rc"
    echo "  stdout: $(head -c 400 "$T/out")"; echo "  stderr: $(head -c 400 "$T/err")"
  fi
}

# ---- WAVE on its own: tests/wave_test.c (build/wave_test), its counts added ----
if [ -x build/wave_test ]; then
  build/wave_test >"$T/wave.txt" 2>&1; wrc=$?
  wp=$(tail -n 1 "$T/wave.txt" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p')
  wf=$(tail -n 1 "$T/wave.txt" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p')
  [ -n "$wp" ] || { wp=0; wf=1; }
  [ $wrc -ne 0 ] && [ "$wf" -eq 0 ] && wf=1
  grep "^FAIL" "$T/wave.txt"; echo "wave_test: $wp passed, $wf failed"
  pass=$((pass + wp)); fail=$((fail + wf))
else
  fail=$((fail + 1)); echo "FAIL build/wave_test is not built (make cli-test builds it)"
fi

# ---- hostile guests ----
t0=$(now_ms); run "$WT" run -W timeout=100ms examples/loop.wat; dt=$(($(now_ms) - t0))
check "timeout: endless loop stopped in ${dt} ms" '[ $rc -ne 0 ] && [ $dt -lt 1000 ] && has err "deadline reached"'
check "timeout: exit 134 with a wasm backtrace" '[ $rc -eq 134 ] && has err "wasm backtrace" && has err "func\[0\]"'
t0=$(now_ms); run "$WT" run -W timeout=100ms tests/data/loop.wat; dt=$(($(now_ms) - t0))
check "timeout: endless loop of calls stopped in ${dt} ms" '[ $rc -eq 134 ] && [ $dt -lt 1000 ] && has err "deadline reached"'
run "$WT" run -W fuel=1000000 tests/data/loop.wat
check "fuel: endless loop of calls ends out of fuel" '[ $rc -eq 134 ] && has err "out of fuel"'
run "$WT" run -W timeout=100ms tests/data/start_loop.wat
check "timeout in a start function: says the deadline was reached" '[ $rc -eq 134 ] && has err "deadline reached"'
run "$WT" run -W fuel=100000 tests/data/start_loop.wat
check "fuel in a start function: out of fuel" '[ $rc -eq 134 ] && has err "out of fuel"'
run "$WT" run -W fuel=1000000 examples/loop.wat
check "fuel: endless loop ends out of fuel" '[ $rc -eq 134 ] && has err "out of fuel"'
run "$WT" run -W fuel=1000000,timeout=5s examples/loop.wat
check "fuel+timeout comma list: fuel first" '[ $rc -eq 134 ] && has err "out of fuel"'
run "$WT" run -W max-memory-size=262144 tests/data/grow.wat
check "memory limit: guest sees -1 at 4 pages" '[ $rc -eq 4 ]'
run "$WT" run -W max-memory-size=1048576 tests/data/grow.wat
check "a larger limit: 16 pages" '[ $rc -eq 16 ]'
run "$WT" run tests/data/recurse.wat
check "recursion: stack overflow trap" '[ $rc -eq 134 ] && has err "stack overflow"'
check "recursion: no made-up offset for the overflowing frame" 'has err "0: func\[0\] rec$" && ! has err "0xffff"'
run "$WT" run -W max-wasm-stack=65536 tests/data/recurse.wat
check "recursion under max-wasm-stack" '[ $rc -eq 134 ] && has err "stack overflow"'
run "$WT" run -W max-wasm-stack=16777216 tests/data/recurse.wat
check "recursion under a 16 MiB wasm stack: a trap, no crash" '[ $rc -eq 134 ] && has err "stack overflow"'
run "$WT" run tests/data/deep_exit.wat
check "proc_exit(3) 1000 calls deep: exit 3" '[ $rc -eq 3 ] && [ ! -s "$T/err" ]'
# proc_exit outside 0..125: as wasmtime, exit 1 with Wasmtime's message (no
# trap: 134 is for traps of wasm itself), the backtrace shown
for n in 256 -1 126 255 2147483647 125 0; do
  printf '(module (import "wasi_snapshot_preview1" "proc_exit" (func $x (param i32)))\n (memory (export "memory") 1) (func (export "_start") i32.const %s call $x))' "$n" > "$T/exit$n.wat"
  run "$WT" run "$T/exit$n.wat"
  if [ "$n" -ge 0 ] && [ "$n" -le 125 ]; then
    check "proc_exit($n): exit $n" '[ $rc -eq $n ] && [ ! -s "$T/err" ]'
  else
    check "proc_exit($n): exit 1 with wasmtime's message" '[ $rc -eq 1 ] && has err "^wt: error: failed to run .*: exit with invalid exit status outside of \[0..126)$" && has err "wasm backtrace:"'
  fi
done
run "$WT" run tests/data/recurse.wat
check "recursion: the backtrace says frames may be missing" '[ $rc -eq 134 ] && [ "$(tail -n 1 $T/err)" = "  ... perhaps more frames (Wasmtime keeps the innermost 20)" ]'
run "$WT" run -W max-memory-size=16777216 "$G/memhog.wasm"
check "malloc under a 16 MiB limit fails cleanly" '[ $rc -eq 0 ] && has out "malloc failed after [0-9]* MiB"'
run "$WT" run "$G/deep_exit.wasm" 1000 7
check "C: exit(7) 1000 calls deep" '[ $rc -eq 7 ] && has out "going 1000 deep"'

# ---- --invoke ----
run "$WT" run --invoke add_int32 examples/add.wat 40 2
check "--invoke add_int32 40 2 prints 42" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 42 ]'
run "$WT" run --invoke=add_int32 examples/add.wat 0x10 -1
check "--invoke=NAME, hex and negative" '[ "$(cat $T/out)" = 15 ]'
run "$WT" run --invoke add_int32 examples/add.wat 010 -1
check "--invoke: decimal never octal" '[ "$(cat $T/out)" = 9 ]'
run "$WT" run --invoke add_int32 examples/add.wat 2147483647 -2147483648
check "--invoke: the i32 range, both ends" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = -1 ]'
run "$WT" run --invoke add_int32 examples/add.wat 0x-80000000 0x+7fffffff
check "--invoke: 0x then a signed hex number, as wasmtime" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = -1 ]'
# wasmtime (Rust's parse) refuses each of these for an i32; none wraps
for v in 4294967295 2147483648 -2147483649 0xffffffff 0x80000000 " 1" "1 " "	1" -0x10 1_000 "" + - 0x 1e3 1.0; do
  run "$WT" run --invoke add_int32 examples/add.wat "$v" 0
  check "--invoke i32 '$v': refused as wasmtime does" '[ $rc -eq 1 ] && [ ! -s "$T/out" ] && has err "argument 1 (.*) is not a valid i32: "'
done
run "$WT" run --invoke add_int32 examples/add.wat 4294967295 0
check "--invoke: out of range names the range" 'has err "not a valid i32: out of range (-2147483648 to 2147483647)"'
run "$WT" run --invoke add_i64 tests/data/values.wat -9223372036854775808 0x7fffffffffffffff
check "--invoke: the i64 range, both ends" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = -1 ]'
for v in 9223372036854775808 -9223372036854775809 18446744073709551615 0xffffffffffffffff " 1" 1_0; do
  run "$WT" run --invoke add_i64 tests/data/values.wat "$v" 0
  check "--invoke i64 '$v': refused as wasmtime does" '[ $rc -eq 1 ] && [ ! -s "$T/out" ] && has err "is not a valid i64: "'
done
for v in 0x1p3 " 1" "1 " 1e 1e+ . 1_0 nan0 "nan(1)" infinit ""; do
  run "$WT" run --invoke half_f32 tests/data/values.wat "$v"
  check "--invoke f32 '$v': refused as wasmtime does" '[ $rc -eq 1 ] && [ ! -s "$T/out" ] && has err "is not a valid f32: "'
  run "$WT" run --invoke mul_f64 tests/data/values.wat "$v" 1
  check "--invoke f64 '$v': refused as wasmtime does" '[ $rc -eq 1 ] && [ ! -s "$T/out" ] && has err "is not a valid f64: "'
done
for v in "inf inf" "-inf -inf" "INFINITY inf" "+1.5 0.75" ".5 0.25" "1. 0.5" "1e39 inf" "NaN NaN" "1E2 50"; do
  arg=${v% *} want=${v#* }; run "$WT" run --invoke half_f32 tests/data/values.wat "$arg"
  check "--invoke f32 '$arg' is read as wasmtime reads it" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = "$want" ]'
done
run "$WT" run --invoke add_int32 examples/add.wat 4294967296 0
check "--invoke: i32 out of range refused" '[ $rc -eq 1 ] && has err "not a valid i32"'
run "$WT" run --invoke add_i64 tests/data/values.wat 9223372036854775806 1
check "--invoke i64" '[ "$(cat $T/out)" = 9223372036854775807 ]'
run "$WT" run --invoke half_f32 tests/data/values.wat 3
check "--invoke f32 prints like wasmtime" '[ "$(cat $T/out)" = 1.5 ]'
run "$WT" run --invoke mul_f64 tests/data/values.wat 0.1 3
check "--invoke f64 shortest digits" '[ "$(cat $T/out)" = 0.30000000000000004 ]'
run "$WT" run --invoke mul_f64 tests/data/values.wat 1e21 1
check "--invoke f64 never in exponent form" '[ "$(cat $T/out)" = 1000000000000000000000 ]'
run "$WT" run --invoke pair tests/data/values.wat 5
check "--invoke multi-value: one result a line" '[ "$(cat $T/out)" = "$(printf "5\n-5")" ]'
run "$WT" run --invoke div tests/data/values.wat 1 0
check "--invoke trap: 134 and the message" '[ $rc -eq 134 ] && has err "divide by zero"'
run "$WT" run --invoke add_base tests/data/reactor.wat 42
check "--invoke runs a reactor's _initialize once first" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 142 ]'
run "$WT" run --invoke add_int32 examples/add.wat 1
check "--invoke wrong arity: exit 1" '[ $rc -eq 1 ] && has err "takes 2 argument"'
run "$WT" run --invoke add_int32 examples/add.wat 1 2 3
check "--invoke too many arguments: exit 1" '[ $rc -eq 1 ] && has err "takes 2 argument(s), got 3" && [ ! -s "$T/out" ]'
run "$WT" run --invoke add_int32 examples/add.wat x 1
check "--invoke bad number: exit 1" '[ $rc -eq 1 ] && has err "not a valid i32"'
run "$WT" run --invoke nope examples/add.wat
check "--invoke missing export: exit 1" '[ $rc -eq 1 ] && has err "nope"'

# ---- a module without --invoke: one instance, then "" or _start, as wasmtime run ----
# (not Wasmtime's Linker::module, which refuses what wasmtime run takes)
X='(import "wasi_snapshot_preview1" "proc_exit" (func $x (param i32))) (memory (export "memory") 1)'
awk 'BEGIN { printf "(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))\n";
  printf " (memory (export \"memory\") 1) (data (i32.const 0) \"\\10\\00\\00\\00\\05\\00\\00\\00\") (data (i32.const 16) \"many\\n\")\n";
  for (i = 0; i < 15000; i++) printf " (func (export \"f%d\") (result i32) i32.const %d)\n", i, i;
  printf " (func (export \"_start\") (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))))\n" }' > "$T/many.wat"
run "$WT" run "$T/many.wat"
check "a command with 15,001 exports runs its _start" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = many ] && [ ! -s "$T/err" ]'
run "$WT" run --invoke f14999 "$T/many.wat"
check "--invoke of one of 15,001 exports" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 14999 ]'
printf '(module %s (global $g (mut i32) (i32.const 1))\n (func (export "_initialize") (global.set $g (i32.const 5))) (func (export "_start") (call $x (global.get $g))))' "$X" > "$T/init_start.wat"
run "$WT" run "$T/init_start.wat"
check "_initialize, then _start (a module may export both)" '[ $rc -eq 5 ] && [ ! -s "$T/err" ]'
printf '(module %s (global (export "g") i32 (i32.const 1)) (table (export "t") 1 funcref)\n (func (export "_start") (call $x (i32.const 7))))' "$X" > "$T/data_exports.wat"
run "$WT" run "$T/data_exports.wat"
check "a command may export globals and tables" '[ $rc -eq 7 ] && [ ! -s "$T/err" ]'
printf '(module %s (func (export "") (call $x (i32.const 3))) (func (export "_start") (call $x (i32.const 4))))' "$X" > "$T/default.wat"
run "$WT" run "$T/default.wat"
check "the export \"\" is run before _start" '[ $rc -eq 3 ]'
printf '(module (global (export "_start") i32 (i32.const 1)) (func $s (global.get 0) (drop)) (start $s))' > "$T/no_start.wat"
run "$WT" run "$T/no_start.wat"
check "no function \"\" or _start: instantiated, nothing run, exit 0" '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
printf '(module (import "" "f" (func)) (func (export "f")) (func (export "_start")))' > "$T/self.wat"
run "$WT" run "$T/self.wat"
check "the module is not registered for its own imports" '[ $rc -eq 1 ] && has err "unknown import"'

# ---- stdin, stdout, stderr, environment ----
runin "hello wasi" "$WT" run "$G/stdio.wasm" 3000
check "stdin to stdout, 3000 lines captured" '[ $rc -eq 0 ] && [ "$(head -n 1 $T/out)" = "HELLO WASIline 0" ] && [ "$(tail -n 1 $T/out)" = "line 2999" ] && [ $(wc -l < $T/out) -eq 3000 ]'
check "stderr captured separately" '[ "$(cat $T/err)" = "read 10 bytes, wrote 3000 lines" ]'
WT_TEST_INHERITED=from-host run "$WT" run --env A=1 --env=B=two=2 --env WT_TEST_INHERITED --env WT_TEST_UNSET "$G/env.wasm" A B WT_TEST_INHERITED WT_TEST_UNSET HOME
check "--env NAME=VAL and --env NAME, nothing else" '[ "$(cat $T/out)" = "$(printf "A=1\nB=two=2\nWT_TEST_INHERITED=from-host\nWT_TEST_UNSET unset\nHOME unset\n3 variables")" ]'

WT_TEST_INHERITED=from-host run "$WT" run -S inherit-env --env A=1 "$G/env.wasm" WT_TEST_INHERITED A
check "-S inherit-env passes the host's environment, then --env" '[ $rc -eq 0 ] && has out "^WT_TEST_INHERITED=from-host$" && has out "^A=1$"'
WT_TEST_INHERITED=from-host run "$WT" run -S inherit-env=n "$G/env.wasm" WT_TEST_INHERITED
check "-S inherit-env=n passes nothing" '[ $rc -eq 0 ] && has out "^WT_TEST_INHERITED unset$"'
run env -u TOKIO_WORKER_THREADS "$WT" run -S inherit-env "$G/env.wasm" TOKIO_WORKER_THREADS
check "-S inherit-env: nothing wt sets for its own process (TOKIO_WORKER_THREADS)" '[ $rc -eq 0 ] && has out "^TOKIO_WORKER_THREADS unset$"'
TOKIO_WORKER_THREADS=3 run "$WT" run -S inherit-env "$G/env.wasm" TOKIO_WORKER_THREADS
check "-S inherit-env: the user's TOKIO_WORKER_THREADS as it was" '[ $rc -eq 0 ] && has out "^TOKIO_WORKER_THREADS=3$"'
run "$WT" run -S tcp examples/add.wat
check "-S of another setting: a usage error naming the one known" '[ $rc -eq 2 ] && has err "unknown -S setting .tcp. (known: inherit-env"'

# ---- directories ----
mkdir -p "$T/rw" "$T/ro" && echo rw-data > "$T/rw/in.txt" && echo ro-data > "$T/ro/in.txt"
run "$WT" run --dir "$T/rw::/data" "$G/files.wasm" /data
check "--dir HOST::GUEST is writable" '[ $rc -eq 0 ] && has out "read: rw-data" && has out "write ok" && [ -f "$T/rw/out.txt" ]'
run "$WT" run --dir-ro "$T/ro::/data" "$G/files.wasm" /data
check "--dir-ro refuses writes" '[ $rc -eq 0 ] && has out "read: ro-data" && has out "write refused" && [ ! -e "$T/ro/out.txt" ]'
run "$WT" run "$G/files.wasm" /data
check "no --dir: no access" '[ $rc -eq 1 ] && has out "read failed"'
(cd "$T/rw" && rm -f out.txt && "$OLDPWD/$WT" run --dir . "$OLDPWD/$G/files.wasm" . >"$T/out" 2>"$T/err"); rc=$?
check "--dir . (same name in the guest)" '[ $rc -eq 0 ] && has out "write ok" && [ -f "$T/rw/out.txt" ]'

mkdir -p "$T/jail/box/sub" && echo secret > "$T/jail/outside.txt" && echo in > "$T/jail/box/in.txt" &&
  ln -s ../outside.txt "$T/jail/box/up-link" && ln -s "$T/jail/outside.txt" "$T/jail/box/abs-link"
run "$WT" run --dir "$T/jail/box::/data" "$G/escape.wasm" /data
check "no way out of a --dir (.., /, symlinks, rename)" '[ $rc -eq 0 ] && [ $(grep -c "^refused: " $T/out) -eq 7 ] && has out "^0 escapes$" && [ ! -e "$T/jail/moved.txt" ]'

# ---- other subcommands and errors ----
run "$WT" --version
check "--version" '[ $rc -eq 0 ] && grep -Eq "^wt [0-9]+\.[0-9]+\.[0-9]+ \(Wasmtime [0-9]+\.[0-9]+\.[0-9]+, C ABI line Wasmtime [0-9]+(-[0-9]+)?\)$" $T/out'
run "$WT" compile examples/add.wat -o "$T/add.cwasm"
check "compile to .cwasm" '[ $rc -eq 0 ] && [ -s "$T/add.cwasm" ]'
run "$WT" run --invoke add_int32 "$T/add.cwasm" 2 3
check "a .cwasm without --allow-precompiled: refused, naming the flag" '[ $rc -eq 1 ] && has err "allow-precompiled" && [ ! -s "$T/out" ]'
cp "$T/add.cwasm" "$T/innocent.wasm"; run "$WT" run --invoke add_int32 "$T/innocent.wasm" 2 3
check "precompiled content under any name: refused" '[ $rc -eq 1 ] && has err "precompiled"'
run "$WT" run --allow-precompiled --invoke add_int32 "$T/add.cwasm" 2 3
check "run a .cwasm with --allow-precompiled" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 5 ]'
run "$WT" inspect "$T/add.cwasm"
check "inspect a .cwasm: refused without the flag" '[ $rc -ne 0 ] && has err "allow-precompiled"'
run "$WT" inspect --allow-precompiled "$T/add.cwasm"
check "inspect --allow-precompiled a .cwasm" '[ $rc -eq 0 ] && has out "add_int32: func(i32, i32) -> i32"'
run "$WT" "$G/deep_exit.wasm" 1 9
check "wt FILE is wt run FILE" '[ $rc -eq 9 ]'
# wasmtime's implicit run: `wt [RUN OPTIONS] FILE [ARGS]` is `wt run ...`
mkdir -p "$T/implicit" && echo implicit-data > "$T/implicit/in.txt"
for form in "--env A=1 --env B=two --dir $T/implicit::/data $G/env.wasm A B" \
    "--env A=1 --dir $T/implicit::/data $G/files.wasm /data" \
    "--dir=$T/implicit::/data -W fuel=100000000 $G/files.wasm /data" \
    "--invoke add_int32 examples/add.wat 40 2" "-W fuel=1000 examples/loop.wat" "--invoke add_int32 examples/add.wat 1" \
    "-- $G/deep_exit.wasm 1 5" "--bogus-option x.wasm"; do
  run "$WT" run $form; rm -f "$T/implicit/out.txt"; cp "$T/out" "$T/out.run"; cp "$T/err" "$T/err.run"; want=$rc
  run "$WT" $form; rm -f "$T/implicit/out.txt"
  check "wt $form is wt run $form" '[ $rc -eq $want ] && cmp -s "$T/out" "$T/out.run" && cmp -s "$T/err" "$T/err.run"'
done
run "$WT" --env A=1 --dir "$T/implicit::/" "$G/env.wasm" A
check "wt --env A=1 --dir X::/ prog.wasm A: runs it" '[ $rc -eq 0 ] && has out "^A=1$"'
run "$WT" --bogus-option x.wasm
check "an unknown option: a usage error of run" '[ $rc -eq 2 ] && has err "wt run: unknown option .--bogus-option."'
for a in --version -V; do
  run "$WT" $a; check "wt $a: the version, not a run" '[ $rc -eq 0 ] && has out "^wt [0-9]"'
done
for a in --help -h help; do
  run "$WT" $a; check "wt $a: the help, not a run" '[ $rc -eq 0 ] && has out "usage: wt" && has out "commands:"'
done
run "$WT" inspect tests/data/grow.wat
check "inspect lists imports and exports" 'has out "wasi_snapshot_preview1::proc_exit: func(i32)" && has out "_start: func()" && has out "memory: memory(1, none)"'
run "$WT" run does-not-exist.wasm
check "missing file: exit 1" '[ $rc -eq 1 ] && has err "does-not-exist.wasm"'
printf 'garbage' > "$T/bad.wasm"; run "$WT" run "$T/bad.wasm"
check "malformed module: exit 1" '[ $rc -eq 1 ] && has err "failed to run"'
# each error is one sentence: "wt: error: failed to run `FILE`: why", no
# internal prefix, no chain numbering ("0: "), the file named once
printf '(module (func (export "f") i32.const))' > "$T/syntax.wat"
printf '(module (func (result i32) i32.const 1 i32.add))' > "$T/invalid.wat"
printf '(module (import "env" "nope" (func)))' > "$T/import.wat"
printf '(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i64))))' > "$T/badtype.wat"
for c in "bad.wasm|expected \`(\`" "syntax.wat|expected a i32" \
    "invalid.wat|failed to compile: .*: WebAssembly translation error: Invalid input WebAssembly code at offset 26: type mismatch" \
    "import.wat|unknown import: \`env::nope\` has not been defined" \
    "badtype.wat|incompatible import type for \`wasi_snapshot_preview1::proc_exit\`: types incompatible: expected type" \
    "missing.wasm|No such file or directory"; do
  f=${c%%|*} why=${c#*|}
  run "$WT" run "$T/$f"
  check "error for $f: one sentence" '[ $rc -eq 1 ] && head -n 1 $T/err | grep -q "^wt: error: failed to run \`$T/$f\`: $why" && ! has err "module: \|instantiate: \| 0: \|Caused by" && [ $(grep -c "$f" $T/err) -le 2 ]'
done
run "$WT" run --invoke nope "$T/import.wat"
check "--invoke of an import that cannot be linked: the link error" '[ $rc -eq 1 ] && has err "unknown import: \`env::nope\`"'
run "$WT" run --invoke nope examples/add.wat
check "--invoke of a missing export: one sentence" '[ $rc -eq 1 ] && [ "$(cat $T/err)" = "wt: error: no exported function \`nope\` in \`examples/add.wat\`" ]'
run "$WT" run -W bogus=1 examples/add.wat
check "unknown -W: usage error" '[ $rc -eq 2 ] && has err "bogus"'
run "$WT" run -W timeout=soon examples/add.wat
check "bad duration: usage error" '[ $rc -eq 2 ] && has err "timeout=soon"'
# every -W key: a bad value is refused with the reason
for c in "fuel=abc|not a whole number" "timeout=abc|not a duration" "max-memory-size=abc|not a size in bytes" \
    "max-wasm-stack=abc|not a stack size in bytes" "max-wasm-stack=0|not a stack size in bytes" \
    "max-wasm-stack=2147483648|not a stack size in bytes (1 .. 1 GiB)" "max-module-size=abc|not a size in bytes" \
    "max-module-size=0|not a size in bytes (1 or more)" "fuel|needs a value" "timeout|needs a value" \
    "max-memory-size|needs a value" "max-wasm-stack|needs a value" "max-module-size|needs a value" "nope=1|unknown setting"; do
  kv=${c%%|*} why=${c#*|}
  run "$WT" run -W "$kv" examples/add.wat
  check "-W $kv: refused, the reason named" '[ $rc -eq 2 ] && has err "^wt run: -W $kv: $why"'
done
for v in "" ","; do
  run "$WT" run -W "$v" examples/add.wat
  check "-W '$v': refused" '[ $rc -eq 2 ] && has err "-W needs KEY=VALUE"'
done
# ---- proposals: wasmtime's -W FEATURE[=y|n] ----
printf '(module (memory 1 2 shared) (func (export "_start")))' > "$T/shared.wat"
run "$WT" run "$T/shared.wat"
check "shared memory: off by default, as in Wasmtime" '[ $rc -eq 1 ] && has err "shared memory support is disabled"'
run "$WT" run -W shared-memory "$T/shared.wat"
check "-W shared-memory turns it on" '[ $rc -eq 0 ]'
run "$WT" run -W shared-memory=y,threads=n "$T/shared.wat"
check "-W shared-memory=y,threads=n: threads off refuses it" '[ $rc -eq 1 ] && has err "threads must be enabled"'
run "$WT" run -W shared-memory=maybe "$T/shared.wat"
check "-W FEATURE=bad value: usage error with the reason" '[ $rc -eq 2 ] && has err "shared-memory=maybe: the value must be y or n"'

# ---- containment: bad settings, input and cache folders, small stacks ----
for v in nan inf -inf 1e25 1e17s 1e400ms 0x10s " 1s" "" -1s; do
  run "$WT" run -W "timeout=$v" examples/loop.wat
  check "-W timeout='$v': refused with the reason" '[ $rc -eq 2 ] && has err "timeout=$v: " && has err "duration"'
done
for v in -1 1e3 0x "" 18446744073709551616 " 5"; do
  run "$WT" run -W "fuel=$v" examples/loop.wat
  check "-W fuel='$v': refused with the reason" '[ $rc -eq 2 ] && has err "fuel=$v: not a whole number"'
done
run "$WT" run -W timeout=0 --invoke add_int32 examples/add.wat 1 2
check "-W timeout=0 is no timeout (documented)" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 3 ] && "$WT" run --help | grep -q "0: no timeout"'
for v in 1e-9s 1e-400 1e-400ms; do
  run timeout 20 "$WT" run -W "timeout=$v" examples/loop.wat
  check "a tiny timeout ($v) is a timeout, not none" '[ $rc -eq 134 ] && has err "deadline reached"'
done
truncate -s 2G "$T/sparse.wasm"; run timeout 60 "$WT" run "$T/sparse.wasm"
check "a 2 GB file: refused before it is read" '[ $rc -eq 1 ] && has err "module limit"'
run "$WT" run -W max-module-size=100 examples/add.wat
check "-W max-module-size" '[ $rc -eq 1 ] && has err "module limit"'
run timeout 60 "$WT" run /dev/zero
check "/dev/zero: refused, not read" '[ $rc -eq 1 ] && has err "not a regular file"'
mkfifo "$T/fifo.wasm"; run timeout 60 "$WT" run "$T/fifo.wasm"
check "a FIFO: refused, no hang" '[ $rc -eq 1 ] && has err "not a regular file"'
head -c 100000 /dev/zero > "$T/zeros.wat"; run timeout 60 "$WT" run "$T/zeros.wat"
check "a file of zeros: names the file, no abort" '[ $rc -eq 1 ] && has err "zeros.wat\`: not a WebAssembly module"'
run sh -c "ulimit -s 256 && exec $WT run tests/data/recurse.wat"
check "ulimit -s 256: deep recursion is a trap, no crash" '[ $rc -eq 134 ] && has err "stack overflow"'
run sh -c "ulimit -s 256 && exec $WT run -W max-wasm-stack=4194304 tests/data/recurse.wat"
check "ulimit -s 256 and a 4 MiB wasm stack: a trap, no crash" '[ $rc -eq 134 ] && has err "stack overflow"'
# the main thread's stack when ulimit -s leaves room (the wasm stack + 4 MiB), else a thread's
for u in 8192 unlimited 4700 4000; do
  run sh -c "ulimit -s $u && exec $WT run tests/data/recurse_wasi.wat"
  check "ulimit -s $u: WASI calls at the wasm stack limit, then a trap, no crash" '[ $rc -eq 134 ] && has err "stack overflow"'
done
run sh -c "ulimit -s 8192 && exec $WT run -W max-wasm-stack=6291456 tests/data/recurse_wasi.wat"
check "ulimit -s 8192 and a 6 MiB wasm stack: a trap, no crash" '[ $rc -eq 134 ] && has err "stack overflow"'
printf 'x' > "$T/cache-file"; WT_CACHE_DIR="$T/cache-file" run "$WT" run --invoke add_int32 examples/add.wat 1 2
check "a cache 'folder' that is a file: said once, the run goes on" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 3 ] && [ $(grep -c "warning: compiled-module cache:.*not a folder" $T/err) -eq 1 ]'
mkdir -p "$T/cache-shared" && chmod 0777 "$T/cache-shared"; WT_CACHE_DIR="$T/cache-shared" run "$WT" run --invoke add_int32 examples/add.wat 1 2
check "a cache folder writable by others: not used, said why" '[ $rc -eq 0 ] && has err "writable by others" && [ -z "$(ls -A $T/cache-shared)" ]'
WT_CACHE_DIR="$T/cache-shared" run "$WT" cache stats
check "cache stats on an unusable folder: says why, fails" '[ $rc -eq 1 ] && has err "writable by others"'
ln -s "$T/loop" "$T/loop"; WT_CACHE_DIR="$T/loop" run "$WT" run --invoke add_int32 examples/add.wat 1 2
check "a cache folder that is a link loop: said, the run goes on" '[ $rc -eq 0 ] && has err "warning: compiled-module cache"'
WT_CACHE_DIR="$T/cache-new/sub" run "$WT" run --invoke add_int32 examples/add.wat 1 2
check "a new cache folder is the user's alone (0700)" '[ $rc -eq 0 ] && [ "$(stat -c %a $T/cache-new/sub)" = 700 ] && [ ! -s "$T/err" ]'

export WT_CACHE_DIR="$T/cache-counted"
run "$WT" cache stats
check "cache stats: empty" '[ $rc -eq 0 ] && has out "entries: *0$" && has out "$T/cache-counted"'
run "$WT" run --invoke add_int32 examples/add.wat 1 2 && run "$WT" run --invoke add_int32 examples/add.wat 1 2
check "run twice: served from the cache" '[ "$(cat $T/out)" = 3 ]'
run "$WT" cache stats
check "cache stats: one entry" '[ $rc -eq 0 ] && has out "entries: *1$"'
run "$WT" run -C cache=n --invoke add_i64 tests/data/values.wat 1 2
run "$WT" cache stats
check "-C cache=n stores nothing" 'has out "entries: *1$"'
run "$WT" cache clear
run "$WT" cache stats
check "cache clear empties it" '[ $rc -eq 0 ] && has out "entries: *0$"'
for c in run compile inspect cache wast; do
  run "$WT" $c --help
  check "$c --help" '[ $rc -eq 0 ] && has out "usage: wt"'
done
run "$WT" help run
check "help run" '[ $rc -eq 0 ] && has out "usage: wt run"'
run "$WT" help
check "help lists commands" '[ $rc -eq 0 ] && has out "compile" && has out "inspect"'

# ---- components: --invoke in WAVE, wasi:cli/run, inspect, compile ----
# The expected texts are what `wasmtime run --invoke` 49 printed for the
# same calls; with WASMTIME=/path/to/wasmtime each is also compared with it.
C=tests/data/component_values.wat N=tests/data/component_nested.wat
wmajor=$("$WT" --version 2>/dev/null | sed -nE 's/.*\(Wasmtime ([0-9]+)\..*/\1/p')
if [ "${wmajor:-0}" -lt 39 ]; then
  echo "components SKIPPED: Wasmtime ${wmajor:-?} has no component API wt drives (39 and later)"
else
run "$WT" run --invoke 'greet("wt")' $C
check "component --invoke 'greet(\"wt\")' prints \"Hello, wt!\"" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = "\"Hello, wt!\"" ] && [ ! -s "$T/err" ]'
run "$WT" --invoke 'greet("wt")' $C
check "component --invoke, the implicit run" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = "\"Hello, wt!\"" ]'
TAB=$(printf '\t')
while IFS="$TAB" read -r call want; do
  [ -n "$call" ] || continue
  run "$WT" run --invoke "$call" $C
  check "component --invoke '$call' prints $want" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = "$want" ]'
  if [ -n "${WASMTIME:-}" ]; then
    "$WASMTIME" run --invoke "$call" $C >"$T/wasmtime.out" 2>/dev/null
    check "component --invoke '$call': as $WASMTIME prints it" 'cmp -s "$T/out" "$T/wasmtime.out"'
  fi
done <<'CASES'
add(0.1, 0.2)	0.30000000000000004
add(1e300, 1e300)	2000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
add(nan, 1)	nan
add(-inf, 1)	-inf
nothing()	()
echo-string("a\"\n\u{1F600}\t\\ \u{7f} \u{0} \u{200b} '")	"a\"\n😀\t\\ \u{7f} \u{0} \u{200b} \'"
echo-points([{x: 1, y: -2, label: "a"}, {label: "b", y: 0, x: 3}])	[{x: 1, y: -2, label: "a"}, {x: 3, y: 0, label: "b"}]
echo-colors([red, green, blue, %ok])	[red, green, blue, %ok]
echo-perms([{}, {read}, {exec, read}, {read, write, exec}])	[{}, {read}, {read, exec}, {read, write, exec}]
echo-shapes([circle(1.5), square(3), %none, %err("x")])	[circle(1.5), square(3), %none, %err("x")]
echo-opts([{:}, {a: 1}, {b: "x"}, {a: some(2), b: none}, {a: none, b: some("y")}])	[{:}, {a: some(1)}, {b: some("x")}, {a: some(2)}, {b: some("y")}]
echo-options([none, some(none), some(some(1))])	[none, some(none), some(some(1))]
echo-results([ok(1), err("bad"), 5])	[ok(1), err("bad"), ok(5)]
echo-units([ok, err])	[ok, err]
echo-tuples([(-1, true, 18446744073709551615, 'x'), (127, false, 0, '\n')])	[(-1, true, 18446744073709551615, 'x'), (127, false, 0, '\n')]
echo-chars(['a', '\'', '"', '\\', '\t', '\u{0}', '😀', '\u{7f}'])	['a', '\'', '\"', '\\', '\t', '\u{0}', '😀', '\u{7f}']
echo-f32s([0.1, 1.5, nan, inf, -inf, 1e30, -0, 3.4028235e38, 1e-45, 16777217])	[0.1, 1.5, nan, inf, -inf, 1000000000000000000000000000000, -0, 340282350000000000000000000000000000000, 0.000000000000000000000000000000000000000000001, 16777216]
echo-f64s([0.1, 1e21, 1e22, 1e-7, -0.0, 123456789012345680000])	[0.1, 1000000000000000000000, 10000000000000000000000, 0.0000001, -0, 123456789012345680000]
echo-strings([])	[]
echo-ints([(255, -128, 65535, -32768, 4294967295, -2147483648, 18446744073709551615, -9223372036854775808)])	[(255, -128, 65535, -32768, 4294967295, -2147483648, 18446744073709551615, -9223372036854775808)]
echo-u8(255)	255
echo-s64(-9223372036854775808)	-9223372036854775808
echo-u64(18446744073709551615)	18446744073709551615
echo-bool(true)	true
echo-char('😀')	'😀'
echo-f32(1e39)	inf
echo-f64(1e400)	inf
echo-color(%ok)	%ok
echo-perm({write, read})	{read, write}
echo-opt(1)	1
echo-opt(1, some(2),)	1
greet ( "spaced" ) 	"Hello, spaced!"
CASES
# bad input: refused before the call, the column and what was expected named
for c in 'greet(wt)|expected a string ("..."), found `wt` (at column 7)' \
    'greet()|missing argument 1 (name: string)' 'greet("a", "b")|too many arguments: the function takes 1' \
    'greet("wt"|expected '"','"' or '"')'"', found the end of the text' 'greet("x") y|after the call' \
    'echo-u8(256)|`256` is out of range for u8 (0 to 255)' 'echo-u8(-1)|out of range for u8' 'echo-u8(1.0)|no fraction or exponent' \
    'echo-color(ok)|named like a WAVE keyword: write it %ok' 'echo-color(purple)|no case `purple` (cases: red, green, blue, ok)' \
    'echo-perm({read, read})|flag `read` given twice' 'echo-char('"'ab'"')|exactly one character' \
    'echo-string("\q")|bad escape' 'echo-points([{x: 1}])|field `y` (s32) is missing' 'greet|expected '"'('"' after the function name' \
    'a_b()|expected '"'('"' after the function name' 'hello@0.1.0()|a version belongs to an interface'; do
  call=${c%%|*} why=${c#*|}
  run "$WT" run --invoke "$call" $C
  check "component --invoke '$call': refused, $why" '[ $rc -eq 1 ] && [ ! -s "$T/out" ] && grep -qF -- "$why" "$T/err" && grep -q "^  *\^$" "$T/err"'
done
run "$WT" run --invoke 'greet(wt)' $C
check "a WAVE error shows the call and a caret under column 7" '[ "$(sed -n 2p $T/err)" = "  greet(wt)" ] && [ "$(sed -n 3p $T/err)" = "        ^" ]'
run "$WT" run --invoke "greet($(printf '%*s' 100000 '' | tr ' ' '['))" $C
check "a 100 KB WAVE error: its place shown, not the whole text (stderr under 1 KB)" \
  '[ $rc -eq 1 ] && [ $(wc -c < "$T/err") -lt 1024 ] && has err "100007 bytes" && has err "at column 7"'
run "$WT" run --invoke 'nope()' $C
check "component --invoke of a missing export: one sentence" '[ $rc -eq 1 ] && [ "$(cat $T/err)" = "wt: error: no exported function \`nope\` in \`$C\`" ]'
run "$WT" run --invoke 'boom()' $C
check "component --invoke trap: 134, the message and a backtrace" '[ $rc -eq 134 ] && has err "unreachable" && has err "wasm backtrace"'
run "$WT" run --invoke 'add_int32(1, 2)' examples/add.wat
check "a module's --invoke with a WAVE call: not found, says how a module is invoked" '[ $rc -eq 1 ] && has err "no exported function .add_int32(1, 2)." && has err "its arguments follow FILE"'
run "$WT" run --invoke add_int32 examples/add.wat 40 2
check "a module's --invoke NAME ARGS still works" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 42 ]'
for c in "hello()|7|more than one instance of \`$N\` exports a function \`hello\`: call it by a longer name: \`wt:demo/api.hello@0.1.0\`, \`wt:demo/api2.hello\`" \
    "wt:demo/api.hello@0.1.0()|7|" "wt:demo/api2.hello()|2|" "only()|3|" "run()|2|" "wt:demo/api.run@0.1.0()|7|" \
    "wt:demo/api2#hello()|2|" "wt:demo/api.hello()|7|no exported function \`wt:demo/api.hello\`" \
    "wt:demo/api.hello@0.2.0()|7|no exported function \`wt:demo/api.hello@0.2.0\`" "api2.hello()|2|no exported function \`api2.hello\`"; do
  call=${c%%|*} rest=${c#*|} want=${rest%%|*} why=${rest#*|}
  run "$WT" run --invoke "$call" $N
  if [ -z "$why" ]; then check "nested export --invoke '$call' prints $want" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = "$want" ]'
  else check "nested export --invoke '$call': refused as wasmtime does" '[ $rc -eq 1 ] && grep -qF -- "$why" "$T/err"'; fi
done
# commands: a wasi:cli/run export of WAT (no tools needed)
mkrun() {
  printf '(component\n (core module $m (memory (export "mem") 1 100)\n  (func (export "run") (result i32) %s))\n (core instance $i (instantiate $m))\n (func $run (result (result)) (canon lift (core func $i "run")))\n (instance $inst (export "run" (func $run)))\n (export "wasi:cli/run@0.2.%s" (instance $inst)))\n' "$2" "${3:-0}" > "$T/run_$1.wat"
}
mkrun ok "i32.const 0" 3; mkrun err "i32.const 1"; mkrun trap unreachable; mkrun loop '(loop $l br $l) i32.const 0'
mkrun bad "i32.const 7"; mkrun grow '(block $done (loop $l (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br $l))) (i32.lt_u (memory.size) (i32.const 16))'
run "$WT" run "$T/run_ok.wat"
check "a component's run returning ok (wasi:cli/run@0.2.3): exit 0" '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
run "$WT" "$T/run_ok.wat" a b
check "a component, the implicit run" '[ $rc -eq 0 ]'
run "$WT" run "$T/run_err.wat"
check "a component's run returning err: exit 1, silently, as wasmtime" '[ $rc -eq 1 ] && [ ! -s "$T/err" ]'
run "$WT" run "$T/run_trap.wat"
check "a component's run trapping: 134, the message and a backtrace" '[ $rc -eq 134 ] && has err "^wt: error: failed to run .*unreachable" && has err "wasm backtrace"'
run "$WT" run "$T/run_bad.wat"
check "a component's run returning a bad result: exit 1 with the reason" '[ $rc -eq 1 ] && has err "failed to run"'
for t in "(result u32)|i32.const 0|func() -> u32" "|nop|func()"; do
  res=${t%%|*} rest=${t#*|} body=${rest%%|*} want=${rest#*|}
  printf '(component\n (core module $m (func (export "run") %s %s))\n (core instance $i (instantiate $m))\n (func $run %s (canon lift (core func $i "run")))\n (instance $inst (export "run" (func $run)))\n (export "wasi:cli/run@0.2.0" (instance $inst)))\n' \
    "$(echo "$res" | sed 's/u32/i32/')" "$body" "$res" > "$T/run_type.wat"
  run "$WT" run "$T/run_type.wat"
  check "a wasi:cli/run whose run is $want: refused, exit 1, naming the type (wasmtime too)" \
    '[ $rc -eq 1 ] && has err "has the type $want, not func() -> result"'
done
t0=$(now_ms); run "$WT" run -W timeout=100ms "$T/run_loop.wat"; dt=$(($(now_ms) - t0))
check "a component under -W timeout: stopped in ${dt} ms, 134" '[ $rc -eq 134 ] && [ $dt -lt 1000 ] && has err "deadline reached"'
run "$WT" run -W fuel=100000 "$T/run_loop.wat"
check "a component under -W fuel: out of fuel, 134" '[ $rc -eq 134 ] && has err "out of fuel"'
run "$WT" run "$T/run_grow.wat"
check "a component's memory grows to its maximum without a limit" '[ $rc -eq 0 ]'
run "$WT" run -W max-memory-size=262144 "$T/run_grow.wat"
check "a component's memory under -W max-memory-size: held at 4 pages" '[ $rc -eq 1 ]'
run "$WT" run $C
check "a component without wasi:cli/run: says so" '[ $rc -eq 1 ] && has err "exports no instance wasi:cli/run@0.2.x"'
run "$WT" inspect $C
check "inspect a component: its WIT world" '[ $rc -eq 0 ] && has out "greet: func(name: string) -> string" && has out "echo-perm"'
run "$WT" compile $C -o "$T/values.cwasm"
check "compile a component to .cwasm" '[ $rc -eq 0 ] && [ -s "$T/values.cwasm" ]'
for f in "$T/values.cwasm" "$T/add.cwasm"; do
  run "$WT" compile "$f" -o "$T/again.cwasm"
  check "compile of a .cwasm ($(basename $f)): refused as precompiled already, no API advice" \
    '[ $rc -eq 1 ] && has err "precompiled already" && ! has err "wt_" && [ ! -e "$T/again.cwasm" ]'
done
printf '\0asm\001\000\001\000' > "$T/layer1.wasm"
run "$WT" run "$T/layer1.wasm"
check "a component header of an unknown version: Wasmtime's reason, no API advice" '[ $rc -eq 1 ] && has err "version" && ! has err "wt_component"'
run "$WT" run --invoke 'greet("cwasm")' "$T/values.cwasm"
check "a component .cwasm without --allow-precompiled: refused" '[ $rc -eq 1 ] && has err "allow-precompiled" && [ ! -s "$T/out" ]'
run "$WT" run --allow-precompiled --invoke 'greet("cwasm")' "$T/values.cwasm"
check "run a component .cwasm with --allow-precompiled" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = "\"Hello, cwasm!\"" ]'
run "$WT" inspect "$T/values.cwasm"
check "inspect a component .cwasm: refused without the flag, naming it" '[ $rc -eq 1 ] && has err "precompiled component.*--allow-precompiled"'
run "$WT" inspect --allow-precompiled "$T/values.cwasm"
check "inspect --allow-precompiled a component .cwasm" '[ $rc -eq 0 ] && has out "greet: func(name: string) -> string"'
run "$WT" run --allow-precompiled --invoke add_int32 "$T/add.cwasm" 2 3
check "a module .cwasm still runs with --allow-precompiled" '[ $rc -eq 0 ] && [ "$(cat $T/out)" = 5 ]'
printf '(component (core module $m (func (export "f") (result i32) i32.const))' > "$T/badcomp.wat"
run "$WT" run "$T/badcomp.wat"
check "a component text that does not parse: the component's error, one sentence" '[ $rc -eq 1 ] && has err "^wt: error: failed to run" && ! has err "not a core module"'

# ---- WASI 0.2 commands: the tests/wasi guests made components ----
if tools=$(scripts/fetch-component-tools.sh 2>"$T/fetch.txt"); then
  WASM_TOOLS=$(echo "$tools" | sed -n 's/^WASM_TOOLS=//p'); ADAPTER=$(echo "$tools" | sed -n 's/^ADAPTER=//p')
  mkdir -p "$T/p2"
  for g in stdio env files deep_exit memhog; do
    "$WASM_TOOLS" component new "$G/$g.wasm" --adapt "wasi_snapshot_preview1=$ADAPTER" -o "$T/p2/$g.wasm" 2>"$T/err"
    check "$g made a WASI 0.2 component (wasm-tools component new --adapt)" '[ -s "$T/p2/$g.wasm" ]'
  done
  P=$T/p2
  # the same run as a module and as a component: the same output
  same() { # NAME INPUT ARGS...: module then component, stdout, stderr and status compared
    name=$1 input=$2; shift 2
    printf '%s' "$input" | "$WT" run "$@" >"$T/m.out" 2>"$T/m.err"; mrc=$?
    set -- $(for a in "$@"; do case $a in "$G"/*.wasm) echo "$P/${a#$G/}";; *) echo "$a";; esac; done)
    printf '%s' "$input" | "$WT" run "$@" >"$T/out" 2>"$T/err"; rc=$?
    check "WASI 0.2 $name: as the module (status $mrc)" '[ $rc -eq $mrc ] && cmp -s "$T/out" "$T/m.out" && cmp -s "$T/err" "$T/m.err"'
  }
  same "stdin to stdout" "hello wasi" "$G/stdio.wasm" 300
  WT_TEST_INHERITED=from-host same "--env" "" --env A=1 --env=B=two=2 --env WT_TEST_INHERITED --env WT_TEST_UNSET "$G/env.wasm" A B WT_TEST_INHERITED WT_TEST_UNSET HOME
  WT_TEST_INHERITED=from-host same "-S inherit-env" "" -S inherit-env --env A=1 "$G/env.wasm" A WT_TEST_INHERITED
  rm -f "$T/rw/out.txt"; same "--dir (writable)" "" --dir "$T/rw::/data" "$G/files.wasm" /data
  same "--dir-ro" "" --dir-ro "$T/ro::/data" "$G/files.wasm" /data
  same "no --dir" "" "$G/files.wasm" /data
  same "exit(0) deep" "" "$G/deep_exit.wasm" 100 0
  same "malloc under -W max-memory-size" "" -W max-memory-size=16777216 "$G/memhog.wasm"
  run "$WT" run "$P/deep_exit.wasm" 1000 7
  check "WASI 0.2 exit(7): exit 1, as wasmtime (the adapter's exit has no code)" '[ $rc -eq 1 ] && has out "going 1000 deep"'
  run "$WT" "$P/stdio.wasm" 3 </dev/null
  check "WASI 0.2 command, the implicit run" '[ $rc -eq 0 ] && [ $(wc -l < $T/out) -eq 3 ]'
  run "$WT" run -W fuel=1000 "$P/stdio.wasm" 100
  check "WASI 0.2 command under -W fuel: out of fuel, 134" '[ $rc -eq 134 ] && has err "out of fuel"'
else
  echo "SKIPPED WASI 0.2 command components: the component tools are absent: $(tail -n 1 "$T/fetch.txt")"
fi
fi # components

rm -rf "$T"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
