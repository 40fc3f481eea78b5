#!/bin/bash
# Checks the manual page docs/wt.1 against the wt CLI, and the library's
# overview page docs/wt.3 against include/wt.h (make man-test).
# Usage: scripts/check-man.sh [WT [PAGE]]   (default build/wt docs/wt.1)
#
# Each check is one pass or failure; the last line is "N passed, M failed".
#   render    groff -man -ww (every warning) and `man --warnings -l` at
#             MANWIDTH=80 render the page with nothing on stderr;
#   version   the page's .TH names WT_VERSION of include/wt.h, which
#             `wt --version` prints too;
#   commands  the commands `wt help` lists are the page's COMMANDS
#             subsections, no more, no fewer;
#   flags COMMAND  every flag `wt COMMAND --help` prints (`wt help` for the
#             top level) is an option of that command's subsection (top
#             level: the OPTIONS section; an option is a flag at the start
#             of an item's tag), and every option there is in the help
#             text, but for -h/--help (which every command takes, and no
#             subcommand's help lists) and PAGE_ONLY below;
#   page flags  every flag in SYNOPSIS, COMMANDS, OPTIONS and EXAMPLES is a
#             flag of some help text (or of PAGE_ONLY);
#   -W settings  the settings `wt run` knows (from its own refusal of an
#             unknown one, which lists them all) are the ones the page lists,
#             each proposal name too, no more, no fewer;
#   environment  WT_WASMTIME_LIB, WT_CACHE_DIR and every $VARIABLE a help
#             text names are in ENVIRONMENT.
# A flag is "--name" or a one-letter "-X" (what follows it, as in -Wfuel=9,
# is its value) not preceded by a letter, digit or "-".
set -u
cd "$(dirname "$0")/.."
WT=${1:-build/wt}; PAGE=${2:-docs/wt.1}
# Documented flags that no help text prints, each with its reason:
#   --output  `wt compile --output=OUT` is accepted (tools/cmds.c) but its
#             help shows only -o;
#   -V        `wt -V` is --version (tools/wt.c), which `wt help` shows alone.
PAGE_ONLY="--output -V"
HELP_FLAGS="-h --help"
pass=0; fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "man: FAILED: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

if ! command -v groff >/dev/null || ! command -v man >/dev/null; then
  echo "man suite SKIPPED: groff or man not installed (scripts/install-deps.sh: groff-base, man-db)"; exit 0
fi
[ -x "$WT" ] || { echo "man: $WT not built"; echo "0 passed, 1 failed"; exit 1; }

# ---- render ----
export LC_ALL=C.UTF-8
groff -man -Tutf8 -ww -z "$PAGE" 2> "$tmp/groff.err"; rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/groff.err" ]; then ok; else ko "groff -ww warns:"; cat "$tmp/groff.err"; fi
MANWIDTH=80 man --warnings -l "$PAGE" 2> "$tmp/man.err" | sed 's/.\x08//g' > "$tmp/page.txt"; rc=${PIPESTATUS[0]}
if [ $rc -eq 0 ] && [ ! -s "$tmp/man.err" ] && [ -s "$tmp/page.txt" ]; then ok; else ko "man -l warns:"; cat "$tmp/man.err"; fi

# ---- version ----
v=$(sed -n 's/^#define WT_VERSION "\(.*\)"$/\1/p' include/wt.h)
th=$(grep -m1 '^\.TH' "$PAGE")
if [ -n "$v" ] && echo "$th" | grep -qF "\"wt $v\"" && "$WT" --version 2>/dev/null | grep -q "^wt $v "; then ok
else ko "version: wt.h says '$v', the page '$th', wt --version '$("$WT" --version 2>&1 | head -n 1)'"; fi

# ---- sections of the rendered page ----
section() { awk -v s="$1" '/^[A-Z]/ { on = ($0 == s); next } on' "$tmp/page.txt"; }
subsection() { # COMMANDS' "wt CMD ..." subsection
  section COMMANDS | awk -v c="$1" '/^   [^ ]/ { on = ($1 == "wt" && $2 == c); next } on'
}
# The options of a section: the flags of its item tags (7 spaces in).
options() { grep -E '^       -' | flags; }
flags() { grep -oE '(^|[^A-Za-z0-9-])(--[a-z][a-z0-9-]*[a-z0-9]|-[A-Za-z])' | grep -oE -- '-.*' | sort -u; }

# ---- commands ----
"$WT" help > "$tmp/help.txt"
sed -n '/^commands:/,$p' "$tmp/help.txt" | awk 'NR > 1 && /^  [a-z]/ {print $1}' | sort -u > "$tmp/cmds.help"
section COMMANDS | awk '/^   wt [a-z]/ {print $2}' | sort -u > "$tmp/cmds.page"
if [ -s "$tmp/cmds.help" ] && cmp -s "$tmp/cmds.help" "$tmp/cmds.page"; then ok
else ko "commands: wt help lists '$(tr '\n' ' ' < "$tmp/cmds.help")', the page '$(tr '\n' ' ' < "$tmp/cmds.page")'"; fi

# ---- flags, per command ----
printf '%s\n' $PAGE_ONLY $HELP_FLAGS | sort -u > "$tmp/page_only"
: > "$tmp/all.help"
for c in top $(cat "$tmp/cmds.help"); do
  case $c in
    top) cp "$tmp/help.txt" "$tmp/h.txt"; section OPTIONS > "$tmp/p.txt" ;;
    help) continue ;; # `wt help COMMAND` is `wt COMMAND --help`: no flags of its own
    *) "$WT" "$c" --help > "$tmp/h.txt" 2>&1; subsection "$c" > "$tmp/p.txt" ;;
  esac
  flags < "$tmp/h.txt" > "$tmp/f.help"; options < "$tmp/p.txt" > "$tmp/f.page"
  cat "$tmp/f.help" >> "$tmp/all.help"
  missing=$(comm -23 "$tmp/f.help" "$tmp/f.page" | tr '\n' ' ')
  extra=$(comm -13 "$tmp/f.help" "$tmp/f.page" | comm -23 - "$tmp/page_only" | tr '\n' ' ')
  if [ -z "$missing$extra" ]; then ok
  else ko "flags $c: in its help, not in the page: '$missing'; in the page, not in its help: '$extra'"; fi
done

# ---- every flag of the page is a flag of the CLI ----
sort -u "$tmp/all.help" "$tmp/page_only" > "$tmp/known"
{ section SYNOPSIS; section COMMANDS; section OPTIONS; section EXAMPLES; } | flags > "$tmp/f.page"
extra=$(comm -23 "$tmp/f.page" "$tmp/known" | tr '\n' ' ')
if [ -z "$extra" ]; then ok; else ko "page flags that no help text prints: $extra"; fi

# ---- -W settings and proposal names ----
"$WT" run -W wt-check-man-no-such-setting x.wasm > /dev/null 2> "$tmp/w.err"
sed -n 's/.*(known: \(.*\))$/\1/p' "$tmp/w.err" | sed 's/and the proposals //' | tr ',' '\n' | tr -d ' ' |
  grep . | sort -u > "$tmp/w.cli"
# The page: "KEY=..." tags of the settings list, then the proposal table.
subsection run | awk '/The -W settings of wt run/ {on = 1; next} on && /^       [a-z][a-z0-9-]*=/ {print $1}' |
  sed 's/=.*//' > "$tmp/w.page1"
subsection run | awk '/The names are those of/ {on = 1; next} on && /^       [^ ]/ {exit}
  on && /^              [a-z]/ {print $1}' > "$tmp/w.page2"
sort -u "$tmp/w.page1" "$tmp/w.page2" > "$tmp/w.page"
if [ -s "$tmp/w.cli" ] && cmp -s "$tmp/w.cli" "$tmp/w.page"; then ok
else ko "-W settings: wt run knows '$(tr '\n' ' ' < "$tmp/w.cli")', the page lists '$(tr '\n' ' ' < "$tmp/w.page")'"; fi

# ---- environment ----
section ENVIRONMENT > "$tmp/env.txt"
missing=""
for e in WT_WASMTIME_LIB WT_CACHE_DIR $(cat "$tmp/help.txt" "$tmp"/h.txt | grep -oE '\$[A-Z_]+' | tr -d '$' | sort -u) \
         $(for c in $(cat "$tmp/cmds.help"); do [ "$c" = help ] || "$WT" "$c" --help 2>&1; done | grep -oE '\$[A-Z_]+' | tr -d '$'); do
  grep -qE "^       $e\$" "$tmp/env.txt" || missing="$missing $e"
done
if [ -z "$missing" ]; then ok; else ko "environment: not in ENVIRONMENT:$(printf '%s\n' $missing | sort -u | tr '\n' ' ')"; fi

# ---- wt(3), the library's overview page ----
# It renders without warnings, names WT_VERSION, and has an entry for each
# object of the OBJECTS list at the top of include/wt.h.
LIB_PAGE=docs/wt.3
if err=$(MANWIDTH=80 man --warnings -l "$LIB_PAGE" 2>&1 >/dev/null) && [ -z "$err" ] &&
   err=$(groff -man -ww -Tutf8 "$LIB_PAGE" 2>&1 >/dev/null) && [ -z "$err" ]; then ok
else ko "render $LIB_PAGE: $err"; fi
grep -q "^\.TH WT 3 [^ ]* \"wt $(sed -n 's/^#define WT_VERSION "\(.*\)"/\1/p' include/wt.h)\"" "$LIB_PAGE" && ok ||
  ko "$LIB_PAGE: .TH does not name wt $(sed -n 's/^#define WT_VERSION "\(.*\)"/\1/p' include/wt.h)"
objects=$(awk '/^ \* OBJECTS/ {on = 1; next} on && /^ \*$/ {exit} on {print $2}' include/wt.h)
missing=""
for o in $objects; do grep -qE "^\.B $o\$" "$LIB_PAGE" || missing="$missing $o"; done
if [ -n "$objects" ] && [ -z "$missing" ]; then ok; else ko "$LIB_PAGE: no entry for the objects:$missing (of: $objects)"; fi

# every wt_ name the page shows is one wt.h declares (a function, type or enum)
unknown=""
for n in $(sed 's/wt::wt_static//g' "$LIB_PAGE" | grep -oE '\bwt_[a-z0-9_]+' | sort -u); do
  case "$n" in *_) continue;; esac  # a prefix such as wt_ itself
  grep -qE "\b$n\b" include/wt.h || unknown="$unknown $n"
done
if [ -z "$unknown" ]; then ok; else ko "$LIB_PAGE names what wt.h does not declare:$unknown"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
