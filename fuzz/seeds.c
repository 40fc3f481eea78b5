/* seeds.c - writes the seed corpora of the fuzz targets (`make fuzz-seeds`).
 *
 * usage: seed-gen OUT [FILE.wat...]
 * Writes OUT/wast_reader/ (a few short scripts; make copies tests/wast/
 * beside them), OUT/module_bytes/ (modules compiled from the WAT below and
 * from each FILE.wat with wt_wat_to_wasm), OUT/cache/ (damage programs in
 * fuzz/cache.c's input layout) and OUT/run_args/ (NUL-separated argument
 * lists). Seeds are generated, never committed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wt.h"

static const char *out_dir;
static int failures;

static void put(const char *target, const char *name, const void *data, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", out_dir, target);
  if (mkdir(path, 0755) != 0 && errno != EEXIST) { perror(path); failures++; return; }
  snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) { perror(path); failures++; }
}

static void put_str(const char *target, const char *name, const char *s) { put(target, name, s, strlen(s)); }

static void put_wat(const char *name, const char *wat, size_t len) {
  uint8_t *wasm;
  size_t n;
  int rc = wt_wat_to_wasm(wat, len, &wasm, &n);
  if (rc) { fprintf(stderr, "seed-gen: %s: %s: %s\n", name, wt_strerror(rc), wt_errmsg()); failures++; return; }
  put("module_bytes", name, wasm, n);
  wt_free(wasm);
}

/* ---- wast_reader: short scripts, one construct each ---- */
static const char *const WAST[][2] = {
    {"empty", ""},
    {"comments", ";; line\n(; block (; nested ;) ;)\n(module)\n"},
    {"strings", "(module (func (export \"\\u{1F600}\\00\\t\\n\\\"\\\\\") (result i32) (i32.const 1)))\n"
                "(assert_return (invoke \"\\u{1F600}\\00\\t\\n\\\"\\\\\") (i32.const 1))\n"},
    {"binary", "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"},
    {"quote", "(module quote \"(func (export \\\"q\\\") (result i64)\" \"(i64.const -1))\")\n"
              "(assert_return (invoke \"q\") (i64.const 0xffff_ffff_ffff_ffff))\n"},
    {"inline", "(func (export \"i\") (param f32) (result f32) (local.get 0))\n"
               "(assert_return (invoke \"i\" (f32.const nan:0x200000)) (f32.const nan:arithmetic))\n"},
    {"v128", "(module (func (export \"v\") (param v128) (result v128) (local.get 0)))\n"
             "(assert_return (invoke \"v\" (v128.const i64x2 -1 0x7fff_ffff_ffff_ffff))\n"
             "  (v128.const i8x16 255 255 255 255 255 255 255 255 -1 -1 -1 -1 -1 -1 -1 0x7f))\n"
             "(assert_return (invoke \"v\" (v128.const f64x2 -inf nan:0x1)) (v128.const f64x2 -inf nan:arithmetic))\n"},
    {"refs", "(module (func (export \"e\") (param externref) (result externref) (local.get 0))\n"
             "  (func (export \"n\") (result funcref) (ref.null func)))\n"
             "(assert_return (invoke \"e\" (ref.extern 3)) (ref.extern 3))\n"
             "(assert_return (invoke \"e\" (ref.null extern)) (ref.null extern))\n"
             "(assert_return (invoke \"n\") (ref.null func))\n"},
    {"traps", "(module (func (export \"u\") (unreachable)) (func (export \"r\") (call 1))\n"
              "  (func (export \"spin\") (loop (br 0))))\n"
              "(assert_trap (invoke \"u\") \"unreachable\")\n"
              "(assert_exhaustion (invoke \"r\") \"call stack exhausted\")\n"
              "(assert_trap (invoke \"spin\") \"interrupt\")\n"},
    {"named", "(module $M (global (export \"g\") (mut i32) (i32.const 5)))\n(register \"M\" $M)\n"
              "(module (import \"M\" \"g\" (global (mut i32))) (func (export \"get\") (result i32) (global.get 0)))\n"
              "(assert_return (get $M \"g\") (i32.const 5))\n(assert_return (invoke \"get\") (either (i32.const 5) (i32.const 6)))\n"},
    {"definition", "(module definition $D (func (export \"f\")))\n(module instance $I $D)\n(invoke $I \"f\")\n"},
    {"rejected", "(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
                 "(assert_malformed (module quote \"(func\") \"unexpected end\")\n"
                 "(assert_unlinkable (module (import \"x\" \"y\" (func))) \"unknown import\")\n"
                 "(assert_uninstantiable (module (func $s (unreachable)) (start $s)) \"unreachable\")\n"},
    {"spectest", "(module (import \"spectest\" \"print_i32\" (func (param i32)))\n"
                 "  (import \"spectest\" \"memory\" (memory 1 2)) (import \"spectest\" \"table\" (table 10 funcref))\n"
                 "  (import \"spectest\" \"global_f64\" (global f64))\n"
                 "  (func (export \"p\") (call 0 (i32.const 1))))\n(invoke \"p\")\n"},
    {"unsupported", "(assert_return (invoke \"nope\"))\n(thread $T (module))\n(wait $T)\n(assert_suspension (invoke \"x\") \"y\")\n"},
};

/* ---- module_bytes: small modules of many kinds ---- */
static const char *const WAT[][2] = {
    {"add.wasm", "(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))"},
    {"kinds.wasm", "(module (func (export \"k\") (param i32 i64 f32 f64 v128 funcref externref) (result i64 f64 v128)"
                   " i64.const 1 f64.const 2 v128.const i32x4 1 2 3 4))"},
    {"memory.wasm", "(module (memory (export \"m\") 1 4) (data (i32.const 8) \"hello\")"
                    " (func (export \"grow\") (result i32) (memory.grow (i32.const 100)))"
                    " (func (export \"load\") (param i32) (result i32) (i32.load (local.get 0))))"},
    {"table.wasm", "(module (type $t (func (result i32))) (table (export \"t\") 4 funcref)"
                   " (elem (i32.const 0) $a $b) (func $a (result i32) (i32.const 1)) (func $b (result i32) (i32.const 2))"
                   " (func (export \"ci\") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))"
                   " (func (export \"tg\") (result i32) (table.grow (ref.null func) (i32.const 100000))))"},
    {"imports.wasm", "(module (import \"env\" \"f\" (func $f (param i32) (result i32)))"
                     " (import \"env\" \"m\" (memory 1)) (import \"env\" \"g\" (global (mut i64)))"
                     " (import \"env\" \"t\" (table 2 externref))"
                     " (func (export \"call\") (result i32) (call $f (i32.const 3))))"},
    {"start.wasm", "(module (global $g (mut i32) (i32.const 0)) (func $s (global.set $g (i32.const 1))) (start $s)"
                   " (func (export \"g\") (result i32) (global.get $g)))"},
    {"loop.wasm", "(module (func (export \"spin\") (loop (br 0))))"},
    {"recurse.wasm", "(module (func $r (export \"r\") (param i64) (result i64) (call $r (local.get 0))))"},
    {"trap.wasm", "(module (func (export \"div\") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))"
                  " (func (export \"u\") unreachable))"},
    {"globals.wasm", "(module (global (export \"a\") i32 (i32.const 1)) (global (export \"b\") (mut f64) (f64.const 2))"
                     " (global (export \"r\") (mut externref) (ref.null extern)))"},
    {"bulk.wasm", "(module (memory 1) (func (export \"fill\") (param i32 i32 i32)"
                  " (memory.fill (local.get 0) (local.get 1) (local.get 2))))"},
    {"exn.wasm", "(module (tag $e (param i32)) (func (export \"throw\") (throw $e (i32.const 1))))"},
    {"mem64.wasm", "(module (memory i64 1) (func (export \"s\") (result i64) (memory.size)))"},
    {"multi.wasm", "(module (func (export \"m\") (param i32) (result i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)"
                   " (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0)"
                   " (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0)))"},
};

/* ---- cache: fuzz/cache.c's damage programs (see its header) ---- */
#define A(name, s) {name, sizeof s - 1, s}
static const struct { const char *name; size_t n; const char *bytes; } CACHE[] = {
    A("none", "\0"),
    A("flip-first", "\0" "\0\0" "\0\0\0\0" "\0"),
    A("flip-second", "\0" "\0\1" "\x80\0\0\0" "\x55"),
    A("flip-middle", "\0" "\0\2" "\0\x20\0\0" "\1"),
    A("overwrite", "\0" "\1\3" "\x10\0\0\0" "\3" "abc"),
    A("truncate", "\0" "\2\0" "\0\x40\0\0"),
    A("truncate-src", "\0" "\2\1" "\x20\0\0\0"),
    A("swap-01", "\0" "\3\0" "\2"),
    A("swap-12", "\0" "\3\1" "\3"),
    A("swap-all", "\7" "\3\0" "\2" "\3\1" "\3" "\3\0" "\4"),
    A("delete", "\0" "\4\0"),
    A("delete-src", "\7" "\4\1"),
};

/* ---- run_args: typical argument lists, NUL-separated ---- */
static const struct { const char *name; size_t n; const char *bytes; } ARGS[] = {
    A("file", "prog.wasm"),
    A("invoke", "--invoke\0add\0add.wat\0" "40\0" "2"),
    A("invoke-eq", "--invoke=add\0add.wat\0-1\0" "0x10"),
    A("env", "--env\0NAME=VAL\0--env=HOME\0--env\0PATH\0prog.wasm\0a\0b"),
    A("dirs", "--dir\0/tmp::/t\0--dir-ro\0.\0--dir=/a::b\0prog.wasm"),
    A("w", "-W\0fuel=100,timeout=100ms\0-W\0max-memory-size=65536\0prog.wasm"),
    A("w-joined", "-Wfuel=0x10\0-Wtimeout=1.5s\0-Wmax-wasm-stack=1048576\0prog.wasm"),
    A("w-units", "-W\0timeout=10ns,timeout=1us,timeout=2m,timeout=1h,timeout=3\0prog.wasm"),
    A("w-bad", "-W\0fuel=-1\0prog.wasm"),
    A("c", "-C\0cache=n\0-Ccache=yes\0--allow-precompiled\0prog.cwasm"),
    A("dashdash", "--\0-weird.wasm\0--invoke"),
    A("help", "--help"),
    A("missing", "--invoke\0f"),
    A("unknown", "--frobnicate\0x.wasm"),
#undef A
};

/* ---- wave: WAVE text of fuzz/wave.c's types ---- */
static const char *const WAVE_SEEDS[][2] = {
    {"empty", "[]"},
    {"kinds", "[[b(true), s8(-128), u8(255), s16(-1), u16(65535), s32(0), u32(7), s64(-9223372036854775808), "
              "u64(18446744073709551615), f32(nan), f64(-inf), c('\\u{1F600}'), s(\"a\\\"b\\n\"), l([1, 2]), "
              "r({x: 1, some: 'c'}), t((false, 1.5, [\"a\", \"b\"])), e(%ok), f({read, none}), o(some(err(\"x\"))), "
              "res(5), unit(err), %none]]"},
    {"call", "f([[r({x: 1, some: 'q', opt: some(none)})]], s(\"x\"), \"flat\")"},
    {"call-short", "f([], %none)"},
    {"multiline", "[[s(\"\"\"\n  two\n  lines\n  \"\"\")]] // comment"},
    {"deep", "[[o(some(ok(1)))], [], [t((true, 0, [\"\", \"\"]))]]"},
};

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: seed-gen OUT [FILE.wat...]\n"); return 2; }
  out_dir = argv[1];
  if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) { perror(out_dir); return 1; }
  for (size_t i = 0; i < sizeof WAST / sizeof WAST[0]; i++) {
    char name[64];
    snprintf(name, sizeof name, "%s.wast", WAST[i][0]);
    put_str("wast_reader", name, WAST[i][1]);
  }
  for (size_t i = 0; i < sizeof WAT / sizeof WAT[0]; i++) put_wat(WAT[i][0], WAT[i][1], strlen(WAT[i][1]));
  for (int i = 2; i < argc; i++) { /* FILE.wat: its wasm, named after it */
    FILE *f = fopen(argv[i], "rb");
    char buf[1 << 16], name[256];
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f) fclose(f);
    if (!f) { perror(argv[i]); failures++; continue; }
    const char *base = strrchr(argv[i], '/');
    snprintf(name, sizeof name, "data-%s.wasm", base ? base + 1 : argv[i]);
    put_wat(name, buf, n);
  }
  for (size_t i = 0; i < sizeof CACHE / sizeof CACHE[0]; i++) put("cache", CACHE[i].name, CACHE[i].bytes, CACHE[i].n);
  for (size_t i = 0; i < sizeof ARGS / sizeof ARGS[0]; i++) put("run_args", ARGS[i].name, ARGS[i].bytes, ARGS[i].n);
  for (size_t i = 0; i < sizeof WAVE_SEEDS / sizeof WAVE_SEEDS[0]; i++) put_str("wave", WAVE_SEEDS[i][0], WAVE_SEEDS[i][1]);
  if (failures) fprintf(stderr, "seed-gen: %d seed(s) not written\n", failures);
  return failures ? 1 : 0;
}
