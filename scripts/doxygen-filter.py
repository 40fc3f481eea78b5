#!/usr/bin/env python3
"""Doxygen INPUT_FILTER for include/wt.h (docs/Doxyfile; make docs).

wt.h keeps plain /* ... */ comments. This filter, run by Doxygen on the
text it reads (the file itself is never changed), makes them Doxygen's:
  - the opening comment becomes the @file page;
  - each section banner "/* ==== / * Title / * ==== */" becomes a group
    (@defgroup, closing the one before), so the reference is grouped by
    object as the header's sections are;
  - a comment that starts a line and ends right above a declaration
    becomes "/**" (that declaration's documentation);
  - a comment after code on its line becomes "/**<" (its member's);
  - "<" and ">" in comment text are escaped (they are text, not HTML).
Every line stays on its line, so Doxygen's line numbers are wt.h's.
Usage: scripts/doxygen-filter.py FILE  (writes the filtered text to stdout)
"""
import re
import sys

BANNER = re.compile(r"^/\* =+\s*$")


def slug(title):
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def main():
    with open(sys.argv[1]) as f:
        lines = f.read().split("\n")
    out = []
    n = len(lines)
    i = 0
    group_open = False
    first = True
    while i < n:
        line = lines[i]
        # A section banner: three lines.
        if BANNER.match(line) and i + 2 < n and lines[i + 2].strip().endswith("*/"):
            title = lines[i + 1].strip().lstrip("*").strip()
            name = title.split(":")[0].split("(")[0].strip()
            out.append(("/** @} */ " if group_open else "") + "/**")
            out.append(" * @defgroup %s %s" % (slug(name), esc(name)))
            out.append(" * %s @{ */" % esc(title))
            group_open = True
            i += 3
            continue
        m = re.match(r"^(\s*)/\*(?![*])(.*)$", line)
        if m:
            # A comment starting the line: find its end.
            j = i
            while "*/" not in lines[j]:
                j += 1
            k = j + 1
            nxt = lines[k] if k < n else ""
            block = lines[i:j + 1]
            if first:
                block[0] = m.group(1) + "/** @file" + m.group(2)
                first = False
                out.extend(esc_block(block))
            elif nxt.strip() and not nxt.lstrip().startswith(("/*", "#endif", "#else", "#undef")):
                block[0] = m.group(1) + "/**" + m.group(2)
                out.extend(esc_block(block))
            else:
                out.extend(block)
            i = j + 1
            continue
        first = False
        # A comment after code: its member's.
        t = re.match(r"^(\s*\S.*?)/\*(?![*])(.*)$", line)
        if t and not t.group(1).lstrip().startswith(("//", "#endif", "#else", "#if")):
            head, rest = t.group(1), t.group(2)
            j = i
            block = [head + "/**<" + rest]
            while "*/" not in lines[j]:
                j += 1
                block.append(lines[j])
            out.extend(esc_block(block, keep=len(head) + 4))
            i = j + 1
            continue
        out.append(line)
        i += 1
    if group_open:
        out.append("/** @} */")
    sys.stdout.write("\n".join(out))


def esc(text):
    return text.replace("<", "&lt;").replace(">", "&gt;")


def esc_block(block, keep=0):
    """Escapes < and > in a comment's text (after the first `keep` chars)."""
    res = []
    for n, l in enumerate(block):
        start = keep if n == 0 else 0
        pre, body = l[:start], l[start:]
        res.append(pre + esc(body).replace("*/", "*/"))
    # "/**<" itself must survive escaping.
    res[0] = res[0].replace("/**&lt;", "/**<")
    return res


if __name__ == "__main__":
    main()
