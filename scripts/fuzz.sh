#!/bin/sh
# Runs the libFuzzer targets of fuzz/ (built by `make fuzz-build` into
# build/fuzz/) and prints, as its last line, "N passed, M failed": a target
# passes when libFuzzer finished without a crash, sanitizer report, check
# failure (abort), timeout or out-of-memory.
#   scripts/fuzz.sh short [TARGET...]  a fixed number of runs each (make fuzz-short),
#                                      from the generated seeds alone, seed FUZZ_SEED (1)
#   scripts/fuzz.sh long [TARGET...]   FUZZ_SECONDS (60) each (make fuzz), keeping what
#                                      it finds in build/fuzz/corpus/NAME/
# Logs: build/fuzz/logs/NAME.txt. A failing input is saved as
# build/fuzz/artifacts/NAME-crash-<sha1> (or -timeout-, -oom-, -leak-);
# rerun it with: build/fuzz/NAME build/fuzz/artifacts/NAME-crash-<sha1>
set -u
cd "$(dirname "$0")/.."
FZ=build/fuzz
mode=${1:-short}
[ $# -gt 0 ] && shift
targets=${*:-wast_reader module_bytes cache run_args wave}
mkdir -p "$FZ/logs" "$FZ/artifacts"
# Temporary folders (fuzz/cache.c's) here: a crashed run leaves its own.
TMPDIR=$PWD/$FZ/tmp; export TMPDIR
rm -rf "$TMPDIR"; mkdir -p "$TMPDIR"
pass=0; fail=0

# Per target: runs for `short`, then libFuzzer options. cache.c compiles
# three modules per input (6-8 ms an input here): 4000 take 23-34 s.
settings() {
  case $1 in
    wast_reader)  echo "${FUZZ_RUNS_WAST:-10000} -dict=fuzz/wast.dict -max_len=8192 -timeout=30" ;;
    module_bytes) echo "${FUZZ_RUNS_MODULE:-10000} -max_len=4096 -timeout=30" ;;
    cache)        echo "${FUZZ_RUNS_CACHE:-4000} -max_len=128 -timeout=30" ;;
    run_args)     echo "${FUZZ_RUNS_ARGS:-10000} -dict=fuzz/run_args.dict -max_len=512 -timeout=10 -close_fd_mask=3" ;;
    wave)         echo "${FUZZ_RUNS_WAVE:-20000} -dict=fuzz/wave.dict -max_len=2048 -timeout=10" ;;
    *) return 1 ;;
  esac
}

for t in $targets; do
  s=$(settings "$t") || { echo "fuzz $t: FAILED: no such target"; fail=$((fail + 1)); continue; }
  runs=${s%% *}; opts=${s#* }
  if [ ! -x "$FZ/$t" ] || [ ! -d "$FZ/seeds/$t" ]; then
    echo "fuzz $t: FAILED: $FZ/$t or its seeds missing (make fuzz-build fuzz-seeds)"; fail=$((fail + 1)); continue
  fi
  if [ "$mode" = long ]; then
    corpus=$FZ/corpus/$t; mkdir -p "$corpus"
    limit="-max_total_time=${FUZZ_SECONDS:-60}"
  else
    corpus=$FZ/short/$t; rm -rf "$corpus"; mkdir -p "$corpus"
    limit="-runs=$runs -seed=${FUZZ_SEED:-1}"
  fi
  log=$FZ/logs/$t.txt
  start=$(date +%s)
  # shellcheck disable=SC2086
  "$FZ/$t" $limit $opts -print_final_stats=1 -artifact_prefix="$FZ/artifacts/$t-" \
    "$corpus" "$FZ/seeds/$t" > "$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
  [ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(echo "$done_line" | sed -nE 's/.*(cov: [0-9]+ ft: [0-9]+).*/\1/p')
  execs=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$log" | tail -n 1)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz $t: passed (${execs:-?} runs in ${secs}s, ${cov:-no coverage line})"
    pass=$((pass + 1))
  else
    why=$(grep -m 1 -E 'fuzz check failed|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|ALARM: working on the last Unit|out-of-memory|deadly signal' "$log")
    unit=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)
    echo "fuzz $t: FAILED (exit $rc after ${secs}s): ${why:-see $log}"
    [ -n "$unit" ] && echo "  input: $unit (rerun: $FZ/$t $unit)"
    echo "  log: $log"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
