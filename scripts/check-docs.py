#!/usr/bin/env python3
"""Checks the doc comment of every WT_API function of include/wt.h
(make docs-test). Usage: scripts/check-docs.py [HEADER]

THE RULE. Each function declared WT_API has its own doc comment: the
/* ... */ block that ends on the line right above its declaration (a
section banner "/* ==== ... */" is none: it says what a section holds, not
what one function does). That comment states both:

  failure   what the function does when it fails, or that it cannot:
            it names a status (WT_OK aside: "WT_INVALID", "WT_NOT_FOUND"
            ..., or "-WT_INVALID"), or says "NULL" / "0 on" / "0 for" /
            "0 when" / "0 if" (what a function without a status returns
            then), "no-op", "never fails" or "cannot fail";
  ownership who owns what it takes or returns, on success and on failure:
            "own"/"owns"/"owned"/"owner"/"ownership", "free"/"frees"/
            "freed"/"wt_free", "copied"/"copies", "valid until"/"valid
            while"/"valid as long", "release", "stays the caller's",
            "takes"/"passes" (ownership moving), or "nothing to free".
            "Owns nothing" is the sentence for a function that keeps no
            pointer and returns nothing to free.

The NULL-pointer rule of the header's preamble (a NULL handle gets
WT_INVALID) holds for every function besides: the sentence asked for here is
the function's own outcome, as Wasmtime's headers give one per function.

Prints each function that breaks the rule with what it lacks, then the last
line "N passed, M failed" (one per function); exits 1 when M > 0.
"""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
HEADER = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "include", "wt.h")

FAILURE = re.compile(r"-?\bWT_(?!OK\b|API\b|CAP_|FEATURE_|TRAP_|REF_|EXTERN_|OPT_|MAX_|VERSION\b|I32\b|I64\b|F32\b|F64\b|V128\b|FUNCREF\b|EXTERNREF\b|ANYREF\b|EXNREF\b)[A-Z_0-9]+\b"
                     r"|\bNULL\b|\b0 (on|for|when|if)\b|\bno-op\b|\bnever fails\b|\bcannot fail\b")
OWNERSHIP = re.compile(r"\bown(s|ed|er|ership)?\b|\bfree(s|d)?\b|\bwt_free\b|\bcopied\b|\bcopies\b"
                       r"|\bvalid (until|while|as long)\b|\brelease\b|\bstays? the caller's\b"
                       r"|\btakes\b|\bpasses\b|\bnothing to free\b", re.I)
DECL = re.compile(r"^WT_API\b[^(]*?\b([a-z_][a-z0-9_]*)\s*\(")


def main():
    with open(HEADER) as f:
        lines = f.read().split("\n")
    passed = failed = 0
    for n, line in enumerate(lines):
        m = DECL.match(line)
        if not m:
            continue
        name = m.group(1)
        if name.startswith("wt__") or line.startswith("WT_API extern "):
            continue  # internal (the inline fast path, its thread-local counts), documented as such
        # The comment that ends right above.
        comment = None
        if n > 0 and lines[n - 1].rstrip().endswith("*/"):
            i = n - 1
            while i >= 0 and "/*" not in lines[i]:
                i -= 1
            block = "\n".join(lines[i:n])
            if "====" not in block:
                comment = re.sub(r"\s*\n\s*\*?\s*", " ", block)
        why = []
        if comment is None:
            why.append("no doc comment of its own right above it")
        else:
            if not FAILURE.search(comment):
                why.append("no failure statement (a WT_ status, NULL, '0 on ...', no-op, cannot fail)")
            if not OWNERSHIP.search(comment):
                why.append("no ownership statement (owns/owned, free, copied, valid until, takes ...)")
        if why:
            failed += 1
            print("%s:%d: %s: %s" % (os.path.relpath(HEADER, ROOT), n + 1, name, "; ".join(why)))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
