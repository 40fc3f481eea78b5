#!/bin/sh
# Runs each example program (build/NAME, built by `make all` from
# examples/NAME.c) and checks its exit status and its output against
# expected substrings: deterministic lines only, never timings or paths.
# Prints "ok NAME" or "FAIL NAME" (with the reason and the output) for
# each, and a last line "N passed, M failed". Usage: scripts/examples-test.sh
# [build-dir]; `make examples-test` runs it.
set -u
cd "$(dirname "$0")/.."
B=${1:-build}
pass=0; fail=0
out=$(mktemp "${TMPDIR:-/tmp}/wt-examples-test.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT

# check NAME 'substring' ...: runs build/NAME (10 s at most); passes when
# it exits 0 and its stdout holds every substring (fixed strings).
check() {
  name=$1; shift
  why=""
  if [ ! -x "$B/$name" ]; then why="$B/$name not built (make all)"
  else
    timeout 10 "$B/$name" > "$out" 2>&1; rc=$?
    [ "$rc" -eq 0 ] || why="exit status $rc"
    for want in "$@"; do
      grep -qF -- "$want" "$out" || why="${why:+$why; }missing: $want"
    done
  fi
  if [ -z "$why" ]; then echo "ok $name"; pass=$((pass + 1))
  else
    echo "FAIL $name: $why"
    [ -f "$out" ] && sed 's/^/  | /' "$out"
    fail=$((fail + 1))
  fi
  : > "$out"
}

check quickstart \
  'add_int32(40, 2) = 42' \
  'widen_twice(2147483647) = 4294967294 (through host import env.widen_i32)' \
  'memory[1024] = "hello from the host"'

check wasi_host \
  'captured 164 bytes of guest stdout:' \
  'guest: hello from WebAssembly' \
  'guest: fd 3 is the preopened directory /data' \
  'guest: notes.txt says: the host put this file here' \
  'guest: ../outside.txt is out of reach' \
  'guest exit code: 0'

check strings \
  'to_upper("hello, wasm! héllo wörld") = "HELLO, WASM! HéLLO WöRLD" (26 bytes)' \
  'to_upper of a 200000-byte buffer: ok (guest memory grew from 1 to 7 pages)' \
  'reading 16 bytes at 4 bytes before the end of memory: out of bounds'

check threads \
  'thread 0: 20000 calls, 20000 correct, 0 wrong; its instance counted 20000 calls' \
  'thread 3: 20000 calls, 20000 correct, 0 wrong; its instance counted 20000 calls' \
  '4 threads, one engine, one module, 4 stores: 80000 calls correct, 0 wrong'

check sandbox \
  'endless loop, 100 ms deadline    -> deadline reached (timeout) [trap: interrupt]; store usable: alive() = 42' \
  'endless loop, 1000000 fuel       -> out of fuel [trap: out of fuel]; store usable (after refuelling): alive() = 42' \
  'unbounded memory.grow            -> ok, run() = 64 (memory.grow saw -1 at the limit); store usable: alive() = 42' \
  'unbounded recursion              -> wasm stack overflow [trap: stack overflow]; store usable: alive() = 42' \
  'division by zero                 -> trap [trap: integer division by zero]; store usable: alive() = 42' \
  'wild pointer                     -> trap [trap: memory out of bounds]; store usable: alive() = 42' \
  'all contained: 6 hostile guests stopped, the host is fine'

check component \
  'examples/greet_host.wat exports greet: func(name: string) -> string' \
  '[host] log: Hello, wt!' \
  'greet("wt") = "Hello, wt!"' \
  'greet(42) refused: ' \
  '[host] log: Hello, components!' \
  'greet("components") = "Hello, components!"'

# The example component of the README: `make example-component` makes
# build/examples/greet.wasm from examples/greet.wat (wasm-tools, fetched
# into .deps/), and `wt run --invoke` calls it with no other flag.
if ! make -s example-component > "$out" 2>&1; then
  echo "example-component SKIPPED: cannot make $B/examples/greet.wasm: $(tail -n 1 "$out")"
else
  got=$(timeout 10 "$B/wt" run --invoke 'greet("wt")' "$B/examples/greet.wasm" 2>&1); rc=$?
  if [ "$rc" -eq 0 ] && [ "$got" = '"Hello, wt!"' ]; then echo "ok wt run --invoke 'greet(\"wt\")' $B/examples/greet.wasm"; pass=$((pass + 1))
  else
    echo "FAIL wt run --invoke 'greet(\"wt\")' $B/examples/greet.wasm: exit status $rc, want '\"Hello, wt!\"', got:"
    echo "$got" | sed 's/^/  | /'
    fail=$((fail + 1))
  fi
fi

# An example without a check here is a failure, so that a new one gets one.
for src in examples/*.c; do
  name=$(basename "$src" .c)
  case " quickstart wasi_host strings threads sandbox component " in
    *" $name "*) ;;
    *) echo "FAIL $name: no expected output in scripts/examples-test.sh"; fail=$((fail + 1)) ;;
  esac
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
