#!/bin/sh
# bench-row.sh ROW N BENCH... - runs one row of build/bench (WT_BENCH_ROW,
# section 1-5 via WT_BENCH_ONLY if set) N times per binary, the binaries in
# turn, and prints each binary's median ratio with its quartiles. For
# comparing builds, or one build on other copies of the library
# (WT_WASMTIME_LIB): see docs/PERFORMANCE.md.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 ROW N BENCH..." >&2; exit 2; }
row=$1 n=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ "$i" -lt "$n" ]; do
  k=0
  for b in "$@"; do
    WT_BENCH_ROW=$row "$b" "$tmp/bench.json" |
      awk '{for (i = 1; i <= NF; i++) if ($i ~ /^x[0-9]/) {sub("x", "", $i); print $i}}' >>"$tmp/$k"
    k=$((k + 1))
  done
  i=$((i + 1))
done
k=0
for b in "$@"; do
  sort -n "$tmp/$k" | awk -v b="$b" '{a[NR] = $1}
    END {if (!NR) {print b ": no ratio (unknown row?)"; exit}
         printf "%s: median %s  quartiles %s %s  (n=%d)\n", b, a[int((NR + 1) / 2)], a[int(NR / 4) + 1], a[int(3 * NR / 4) + 1], NR}'
  k=$((k + 1))
done
