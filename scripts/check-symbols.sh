#!/bin/sh
# check-symbols.sh [LIB [HEADER [MAP]]] - the ABI of libwt.so is exactly
# the WT_API functions (and data) of wt.h. Checks (each one pass or failure):
#   - every WT_API function of HEADER (include/wt.h) is exported by LIB
#     (build/libwt.so), as `nm -D --defined-only` lists it;
#   - LIB exports nothing else (each other defined dynamic symbol fails);
#   - the version script MAP (wt.map) lists exactly those functions;
#   - LIB's SONAME is libwt.so.MAJOR (MAJOR of WT_VERSION).
# The header's functions are read from its preprocessed text (no comments,
# macros expanded): each declaration that starts with WT_API's expansion,
# visibility("default"), names the identifier before its first '('.
# Last line: "N passed, M failed"; exits non-zero when M > 0.
set -u
cd "$(dirname "$0")/.."
lib=${1:-build/libwt.so}; header=${2:-include/wt.h}; map=${3:-wt.map}
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "symbols: FAILED: $*"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for t in nm readelf "${CC:-cc}"; do
  command -v "$t" >/dev/null || { echo "symbols: $t not found (Debian package binutils / gcc)"; echo "0 passed, 1 failed"; exit 1; }
done
[ -f "$lib" ] || { echo "symbols: $lib not found (make lib)"; echo "0 passed, 1 failed"; exit 1; }

"${CC:-cc}" -E -P -std=c11 "$header" > "$tmp/pp.c" || { echo "symbols: cannot preprocess $header"; echo "0 passed, 1 failed"; exit 1; }
# Functions: the identifier before the first '('; data (WT_API extern, the
# thread-local counts wt.h's inline code reads): the one before its
# attributes or ';'.
tr '\n' ' ' < "$tmp/pp.c" | grep -oE 'visibility *\( *"default" *\) *\) *\)[^;{}(]*\(' | grep -v ') *extern ' |
  sed -E 's/[[:space:]]*\($//; s/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)$/\1/' > "$tmp/funcs"
tr '\n' ' ' < "$tmp/pp.c" | grep -oE 'visibility *\( *"default" *\) *\) *\) *extern [^;]*;' |
  sed -E 's/__attribute__ *\(\(.*\)\)//; s/[[:space:];]*$//; s/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)$/\1/' > "$tmp/data"
sort -u "$tmp/funcs" "$tmp/data" > "$tmp/header"
nm -D --defined-only "$lib" | awk 'NF >= 3 { sub(/@.*/, "", $3); print $3 }' | sort -u > "$tmp/exported"
sed -e 's|/\*.*\*/||' -e '/^[[:space:]]*\*/d' -e '/^[[:space:]]*\/\*/d' "$map" |
  grep -oE '^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*;' | tr -d ' \t;' | sort -u > "$tmp/map"

n=$(wc -l < "$tmp/header")
[ "$n" -gt 0 ] || bad "no WT_API function found in $header"
echo "symbols: $n WT_API functions and data in $header, $(wc -l < "$tmp/exported") symbols exported by $lib"

# Each WT_API function, exported.
for s in $(comm -23 "$tmp/header" "$tmp/exported"); do bad "$s is declared WT_API in $header but not exported by $lib"; done
pass=$((pass + $(comm -12 "$tmp/header" "$tmp/exported" | wc -l)))

# Nothing else exported (a wt_ name not in wt.h, an internal helper, a libc symbol ...).
extra=$(comm -13 "$tmp/header" "$tmp/exported")
if [ -z "$extra" ]; then ok; else
  for s in $extra; do bad "$lib exports $s, which is no WT_API function of $header"; done
fi

# The version script states exactly the header's functions.
if cmp -s "$tmp/header" "$tmp/map"; then ok; else
  comm -23 "$tmp/header" "$tmp/map" | sed "s|^|  missing from $map: |"
  comm -13 "$tmp/header" "$tmp/map" | sed "s|^|  in $map, not in $header: |"
  bad "$map does not list exactly the WT_API functions of $header"
fi

# SONAME libwt.so.MAJOR.
version=$(sed -n 's/^#define WT_VERSION "\([^"]*\)".*/\1/p' "$header")
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ -n "$version" ] && [ "$soname" = "libwt.so.${version%%.*}" ]; then ok
else bad "SONAME of $lib is '${soname:-none}', want libwt.so.${version%%.*} (WT_VERSION '$version')"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
