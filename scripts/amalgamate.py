#!/usr/bin/env python3
"""Writes the amalgamation of wt (SQLite style) into OUTDIR (default
build/amalgamation):

  wt.h  include/wt.h as it is (the one public header, also inlined in wt.c);
  wt.c  all of src/ as one translation unit: every src/*.c in turn (sorted
        by name), each local header ("internal.h", "abi.h", "../include/wt.h")
        inlined at its first #include only (they have include guards), except
        the X-macro list abi_syms.h, which has none and is inlined at every
        #include, as the compiler would. #line directives keep every
        diagnostic and debugger location pointing at the original file.

`cc -c wt.c` builds it with no other file (Debian's libxxhash-dev provides
<xxhash.h>, a system header). Rules the script applies, so that src/ need
not change:

  - feature-test macros a file defines before its system headers
    (_GNU_SOURCE) are hoisted to the top: a system header included by an
    earlier file would otherwise be read without them;
  - every macro a .c file #defines at file scope is #undef'd after it (they
    were private to their translation unit), unless the file did so itself;
  - a file-scope static name defined by more than one .c file would collide
    in one translation unit: each such name is renamed, per file, with a
    #define NAME NAME__<file> around that file (reported on stderr). None
    collide today; the check runs on every build, and a collision that the
    regex misses still fails the compile of wt.c (make amalgamation-test);
  - GCC's -Wformat-truncation is off in wt.c (GCC only): seeing every file at
    once, GCC learns that strings of other files (the library path, the
    last message) may be 4095 bytes and warns at three snprintf calls into
    smaller buffers, which truncate on purpose; the files compiled one by
    one give no warning. (One of them is a real limit, reported apart:
    engine.c's make_salt drops the options after a library path longer than
    ~110 bytes from the cache key.)
  - WT_DEFAULT_LIB (the Makefile's -D with the fetched library's path) is
    "" unless given: then the usual search applies, without a baked-in path.
"""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
HOISTED = ("_GNU_SOURCE",)

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
DEFINE_RE = re.compile(r"^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)")
UNDEF_RE = re.compile(r"^\s*#\s*undef\s+([A-Za-z_][A-Za-z0-9_]*)")
# An include guard: the file's first directive is #ifndef X, then #define X
# with no body, and its last directive is #endif.
GUARD_RE = re.compile(r"^\s*#\s*ifndef\s+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n\s*#\s*define\s+\1[ \t]*\n")
# A file-scope static: a line starting with "static" (not inline: those come
# from headers, inlined once), the declared name before "(", "[", "=" or ";".
STATIC_RE = re.compile(
    r"^static\s+(?!inline\b)[^;={(]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[[^\]]*\]\s*)*[(=;\[]", re.M)
NOT_NAMES = {"__attribute__", "__typeof__", "_Alignas"}


def rel(path):
    return os.path.relpath(path, ROOT)


def has_guard(text):
    # The first directive of the file is #ifndef X / #define X.
    body = re.sub(r"/\*.*?\*/", "", text, flags=re.S).strip()
    return GUARD_RE.match(body) is not None and re.search(r"#\s*endif\s*$", body) is not None


class Amalgamator:
    def __init__(self):
        self.done = set()  # guarded headers already inlined
        self.out = []

    def emit_file(self, path, depth=0):
        with open(path) as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.out.append('#line 1 "%s"' % rel(path))
        for n, line in enumerate(lines, 1):
            m = INCLUDE_RE.match(line)
            if m:
                inc = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
                if not os.path.exists(inc):
                    sys.exit("amalgamate: %s:%d: %s not found" % (rel(path), n, m.group(1)))
                with open(inc) as f:
                    guarded = has_guard(f.read())
                if guarded and inc in self.done:
                    self.out.append("/* %s -- %s: inlined above */" % (line.strip(), rel(inc)))
                else:
                    if guarded:
                        self.done.add(inc)
                    self.out.append("/* %s -- begin %s */" % (line.strip(), rel(inc)))
                    self.emit_file(inc, depth + 1)
                    self.out.append("/* end %s */" % rel(inc))
                    self.out.append('#line %d "%s"' % (n + 1, rel(path)))
                continue
            d = DEFINE_RE.match(line)
            if d and d.group(1) in HOISTED:
                self.out.append("/* #define %s: hoisted to the top */" % d.group(1))
                continue
            self.out.append(line)


def file_macros(text):
    """Macros a .c file defines and leaves defined at its end."""
    live = []
    for line in text.split("\n"):
        d = DEFINE_RE.match(line)
        if d and d.group(1) not in HOISTED and d.group(1) not in live:
            live.append(d.group(1))
        u = UNDEF_RE.match(line)
        if u and u.group(1) in live:
            live.remove(u.group(1))
    return live


def file_statics(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return set(STATIC_RE.findall(text)) - NOT_NAMES


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "amalgamation")
    src = os.path.join(ROOT, "src")
    cfiles = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".c"))
    texts = {}
    for c in cfiles:
        with open(c) as f:
            texts[c] = f.read()

    owners = {}
    for c in cfiles:
        for name in file_statics(texts[c]):
            owners.setdefault(name, []).append(c)
    collisions = {n: fs for n, fs in owners.items() if len(fs) > 1}
    for n, fs in sorted(collisions.items()):
        print("amalgamate: static '%s' in %s: renamed per file" % (n, ", ".join(rel(f) for f in fs)),
              file=sys.stderr)

    with open(os.path.join(ROOT, "include", "wt.h")) as f:
        header = f.read()
    version = re.search(r'#define WT_VERSION "([^"]*)"', header).group(1)

    a = Amalgamator()
    a.out += [
        "/*",
        " * wt.c - the amalgamation of wt %s: every file of src/ in one" % version,
        " * translation unit, written by scripts/amalgamate.py (do not edit).",
        " * Build:   cc -std=c11 -O2 -c wt.c   (wt.h is inlined; needs <xxhash.h>,",
        " *          Debian's libxxhash-dev), link with -ldl -lpthread.",
        " * WT_DEFAULT_LIB: a libwasmtime.so path tried before dlopen's own search",
        ' *          (-DWT_DEFAULT_LIB=\'"/path/libwasmtime.so"\'); default "": none.',
        " */",
    ]
    for m in HOISTED:
        if any(re.search(r"^\s*#\s*define\s+%s\b" % m, t, re.M) for t in texts.values()):
            a.out += ["#ifndef %s" % m, "#define %s" % m, "#endif"]
    a.out += ["#if defined(__GNUC__) && !defined(__clang__)",
              "#pragma GCC diagnostic ignored \"-Wformat-truncation\" /* see scripts/amalgamate.py */",
              "#endif"]
    a.out += ["#ifndef WT_DEFAULT_LIB", '#define WT_DEFAULT_LIB ""', "#endif",
              "#define WT_AMALGAMATION 1", ""]
    # wt.h first, inlined once (wt.c needs no other file; users include the
    # copy beside it, and its include guard makes both the same).
    wth = os.path.join(ROOT, "include", "wt.h")
    a.done.add(wth)
    # Clang warns of unused static inline functions of the main file, which
    # the inlined header has become (its helpers are for wt.h's users).
    a.out += ["#if defined(__clang__)", "#pragma clang diagnostic push",
              "#pragma clang diagnostic ignored \"-Wunused-function\"", "#endif"]
    a.emit_file(wth)
    a.out += ["#if defined(__clang__)", "#pragma clang diagnostic pop", "#endif"]
    for c in cfiles:
        base = os.path.splitext(os.path.basename(c))[0]
        renamed = sorted(n for n, fs in collisions.items() if c in fs)
        a.out.append("")
        a.out.append("/* ==== %s ==== */" % rel(c))
        for n in renamed:
            a.out.append("#define %s %s__%s" % (n, n, base))
        a.emit_file(c)
        macros = file_macros(texts[c]) + renamed
        if macros:
            a.out.append("/* end of %s: its macros are its own */" % rel(c))
            a.out += ["#undef %s" % m for m in macros]

    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "wt.h"), "w") as f:
        f.write(header)
    with open(os.path.join(outdir, "wt.c"), "w") as f:
        f.write("\n".join(a.out) + "\n")


if __name__ == "__main__":
    main()
