/* test_cvalues.c - component values through wt_cfunc_call: every kind
 * round-trips through an identity-like export (the guest gives back what
 * it was given: for a flat type the value itself, for any other the
 * pointer to its arguments in memory, padded past 16 flat values so that
 * they are passed in memory, where the result is read from); every kind
 * of wrong argument is refused naming its path, and the store stays
 * usable (Wasmtime alone would leave it unable to enter any instance);
 * traps, fuel, timeouts and interrupts stop a component call as a core one. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* Lifted with memory, realloc and a post-return that frees the bump heap;
 * a result of one flat value (enum, flags, result without payloads) is
 * returned as that value, the others through memory. */
#define MEM "(canon lift (core func $id) (memory $mem) (realloc $realloc) (post-return $reset))"
#define MEM8 "(canon lift (core func $load8) (memory $mem) (realloc $realloc) (post-return $reset))"
#define PAD "(param \"pad\" $pad)"
static const char IDENTITY[] =
    "(component\n"
    "  (core module $m\n"
    "    (memory (export \"mem\") 4)\n"
    "    (global $bump (mut i32) (i32.const 1024))\n"
    "    (func (export \"realloc\") (param i32 i32 i32 i32) (result i32) (local $r i32)\n"
    "      global.get $bump local.get 2 i32.add i32.const 1 i32.sub\n"
    "      i32.const 0 local.get 2 i32.sub i32.and local.tee $r local.get 3 i32.add global.set $bump local.get $r)\n"
    "    (func (export \"reset\") (param i32) i32.const 1024 global.set $bump)\n"
    "    (func (export \"id\") (param i32) (result i32) local.get 0)\n"
    "    (func (export \"load8\") (param i32) (result i32) local.get 0 i32.load8_u)\n"
    "    (func (export \"id64\") (param i64) (result i64) local.get 0)\n"
    "    (func (export \"idf32\") (param f32) (result f32) local.get 0)\n"
    "    (func (export \"idf64\") (param f64) (result f64) local.get 0)\n"
    "    (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)\n"
    "    (func (export \"trap\") unreachable)\n"
    "    (func (export \"spin\") (loop br 0)))\n"
    "  (core instance $i (instantiate $m))\n"
    "  (alias core export $i \"mem\" (core memory $mem))\n"
    "  (alias core export $i \"realloc\" (core func $realloc))\n"
    "  (alias core export $i \"reset\" (core func $reset))\n"
    "  (alias core export $i \"id\" (core func $id))\n"
    "  (alias core export $i \"load8\" (core func $load8))\n"
    "  (alias core export $i \"id64\" (core func $id64))\n"
    "  (alias core export $i \"idf32\" (core func $idf32))\n"
    "  (alias core export $i \"idf64\" (core func $idf64))\n"
    "  (alias core export $i \"add\" (core func $add))\n"
    "  (alias core export $i \"trap\" (core func $trap))\n"
    "  (alias core export $i \"spin\" (core func $spin))\n"
    "  (type $pad (tuple u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32))\n"
    "  (type $rec0 (record (field \"a\" u32) (field \"b\" string) (field \"c\" (list u8))))\n"
    "  (export $rec \"rec\" (type $rec0))\n"
    "  (type $var0 (variant (case \"none\") (case \"num\" u32) (case \"text\" string)))\n"
    "  (export $var \"var\" (type $var0))\n"
    "  (type $col0 (enum \"red\" \"green\" \"blue\"))\n"
    "  (export $col \"col\" (type $col0))\n"
    "  (type $perm0 (flags \"read\" \"write\" \"exec\"))\n"
    "  (export $perm \"perm\" (type $perm0))\n"
    "  (func (export \"id-bool\") (param \"x\" bool) (result bool) (canon lift (core func $id)))\n"
    "  (func (export \"id-s8\") (param \"x\" s8) (result s8) (canon lift (core func $id)))\n"
    "  (func (export \"id-u8\") (param \"x\" u8) (result u8) (canon lift (core func $id)))\n"
    "  (func (export \"id-s16\") (param \"x\" s16) (result s16) (canon lift (core func $id)))\n"
    "  (func (export \"id-u16\") (param \"x\" u16) (result u16) (canon lift (core func $id)))\n"
    "  (func (export \"id-s32\") (param \"x\" s32) (result s32) (canon lift (core func $id)))\n"
    "  (func (export \"id-u32\") (param \"x\" u32) (result u32) (canon lift (core func $id)))\n"
    "  (func (export \"id-s64\") (param \"x\" s64) (result s64) (canon lift (core func $id64)))\n"
    "  (func (export \"id-u64\") (param \"x\" u64) (result u64) (canon lift (core func $id64)))\n"
    "  (func (export \"id-f32\") (param \"x\" f32) (result f32) (canon lift (core func $idf32)))\n"
    "  (func (export \"id-f64\") (param \"x\" f64) (result f64) (canon lift (core func $idf64)))\n"
    "  (func (export \"id-char\") (param \"x\" char) (result char) (canon lift (core func $id)))\n"
    "  (func (export \"add\") (param \"a\" u32) (param \"b\" u32) (result u32) (canon lift (core func $add)))\n"
    "  (func (export \"id-string\") (param \"x\" string) " PAD " (result string) " MEM ")\n"
    "  (func (export \"id-bytes\") (param \"x\" (list u8)) " PAD " (result (list u8)) " MEM ")\n"
    "  (func (export \"id-strings\") (param \"x\" (list string)) " PAD " (result (list string)) " MEM ")\n"
    "  (func (export \"id-tuple\") (param \"x\" (tuple u8 string s64)) " PAD " (result (tuple u8 string s64)) " MEM ")\n"
    "  (func (export \"id-rec\") (param \"x\" $rec) " PAD " (result $rec) " MEM ")\n"
    "  (func (export \"id-var\") (param \"x\" $var) " PAD " (result $var) " MEM ")\n"
    "  (func (export \"id-col\") (param \"x\" $col) " PAD " (result $col) " MEM8 ")\n"
    "  (func (export \"id-perm\") (param \"x\" $perm) " PAD " (result $perm) " MEM8 ")\n"
    "  (func (export \"id-opt\") (param \"x\" (option string)) " PAD " (result (option string)) " MEM ")\n"
    "  (func (export \"id-res\") (param \"x\" (result u32 (error string))) " PAD
    " (result (result u32 (error string))) " MEM ")\n"
    "  (func (export \"id-res-empty\") (param \"x\" (result)) " PAD " (result (result)) " MEM8 ")\n"
    "  (func (export \"id-res-err\") (param \"x\" (result (error u8))) " PAD " (result (result (error u8))) " MEM ")\n"
    "  (func (export \"id-nested\") (param \"x\" (list (option (tuple $rec $var (list $col))))) " PAD
    " (result (list (option (tuple $rec $var (list $col))))) " MEM ")\n"
    "  (func (export \"trap\") (canon lift (core func $trap)))\n"
    "  (func (export \"spin\") (canon lift (core func $spin))))";

typedef struct cfix {
  wt_engine *e;
  wt_store *s;
  wt_context *cx;
  wt_component *c;
  wt_clinker *l;
  wt_cinstance inst;
} cfix;

static int setup_with(cfix *f, const wt_engine_options *o, const char *wat) {
  memset(f, 0, sizeof *f);
  if (wt_engine_new(o, &f->e) || wt_store_new(f->e, NULL, NULL, &f->s)) return -1;
  f->cx = wt_store_context(f->s);
  if (wt_component_from_wat(f->e, wat, strlen(wat), &f->c)) return -1;
  if (wt_clinker_new(f->e, &f->l)) return -1;
  return wt_clinker_instantiate(f->l, f->cx, f->c, &f->inst);
}
static int setup(cfix *f) { return setup_with(f, NULL, IDENTITY); }

static void teardown(cfix *f) {
  wt_clinker_delete(f->l);
  wt_component_delete(f->c);
  wt_store_delete(f->s);
  wt_engine_delete(f->e);
}

static wt_cfunc *get(cfix *f, const char *name) {
  wt_cfunc *fn = NULL;
  CHECK_OK(wt_cinstance_get_func(f->cx, &f->inst, name, &fn));
  return fn;
}

/* Deep equality of two values (floats by bits, NaN as NaN). */
static bool same(const wt_cval *a, const wt_cval *b) {
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case WT_CBOOL: return a->of.b == b->of.b;
  case WT_CS8: case WT_CS16: case WT_CS32: case WT_CS64: return a->of.s == b->of.s;
  case WT_CU8: case WT_CU16: case WT_CU32: case WT_CU64: return a->of.u == b->of.u;
  case WT_CF32: return isnan(a->of.f32) ? isnan(b->of.f32) : !memcmp(&a->of.f32, &b->of.f32, 4);
  case WT_CF64: return isnan(a->of.f64) ? isnan(b->of.f64) : !memcmp(&a->of.f64, &b->of.f64, 8);
  case WT_CCHAR: return a->of.ch == b->of.ch;
  case WT_CSTRING:
    return a->of.str.len == b->of.str.len && (!a->of.str.len || !memcmp(a->of.str.ptr, b->of.str.ptr, a->of.str.len));
  case WT_CLIST: case WT_CTUPLE: case WT_CRECORD:
    if (a->of.list.count != b->of.list.count) return false;
    for (size_t i = 0; i < a->of.list.count; i++)
      if (!same(&a->of.list.items[i], &b->of.list.items[i])) return false;
    return true;
  case WT_CVARIANT: case WT_CENUM: case WT_COPTION: case WT_CRESULT:
    if (a->of.cased.index != b->of.cased.index || !a->of.cased.payload != !b->of.cased.payload) return false;
    return !a->of.cased.payload || same(a->of.cased.payload, b->of.cased.payload);
  case WT_CFLAGS: return a->of.flags == b->of.flags;
  default: return false;
  }
}

static const wt_cval ZERO_PAD[16] = {{WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}},
                                     {WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}},
                                     {WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}},
                                     {WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}}, {WT_CU32, {0}}};

/* Calls export name with x (and the padding when padded) and checks that
 * the result is x. */
static void round_trip(cfix *f, const char *name, wt_cval x, bool padded) {
  wt_cfunc *fn = get(f, name);
  if (!fn) return;
  wt_cval args[2] = {x, wt_cval_tuple(ZERO_PAD, 16)}, r;
  wt_status rc = wt_cfunc_call(f->cx, fn, args, padded ? 2 : 1, &r);
  if (rc) fprintf(stderr, "  round trip through %s:\n", name);
  CHECK_RC(rc, WT_OK);
  if (!rc && !same(&x, &r)) {
    harness_failed++;
    fprintf(stderr, "  %s: the value came back changed (kind %d -> %d)\n", name, x.kind, r.kind);
  }
  if (!rc && r.kind == WT_CSTRING) CHECK(r.of.str.ptr[r.of.str.len] == 0); /* NUL-terminated */
  wt_cval_release(&r);
  CHECK(r.kind == 0 && r.of.u == 0); /* zeroed */
  wt_cfunc_delete(fn);
}

TEST(cvalues_numbers_bool_and_char_round_trip_at_their_extremes) {
  NEED_COMPONENTS();
  cfix f;
  CHECK_OK(setup(&f));
  round_trip(&f, "id-bool", wt_cval_bool(true), false);
  round_trip(&f, "id-bool", wt_cval_bool(false), false);
  round_trip(&f, "id-s8", wt_cval_s8(INT8_MIN), false);
  round_trip(&f, "id-s8", wt_cval_s8(INT8_MAX), false);
  round_trip(&f, "id-u8", wt_cval_u8(UINT8_MAX), false);
  round_trip(&f, "id-s16", wt_cval_s16(INT16_MIN), false);
  round_trip(&f, "id-u16", wt_cval_u16(UINT16_MAX), false);
  round_trip(&f, "id-s32", wt_cval_s32(INT32_MIN), false);
  round_trip(&f, "id-u32", wt_cval_u32(UINT32_MAX), false);
  round_trip(&f, "id-s64", wt_cval_s64(INT64_MIN), false);
  round_trip(&f, "id-s64", wt_cval_s64(INT64_MAX), false);
  round_trip(&f, "id-u64", wt_cval_u64(UINT64_MAX), false);
  round_trip(&f, "id-u64", wt_cval_u64(0), false);
  round_trip(&f, "id-f32", wt_cval_f32(-0.0f), false);
  round_trip(&f, "id-f32", wt_cval_f32(INFINITY), false);
  round_trip(&f, "id-f32", wt_cval_f32(NAN), false);
  round_trip(&f, "id-f32", wt_cval_f32(1.17549435e-38f), false);
  round_trip(&f, "id-f64", wt_cval_f64(-INFINITY), false);
  round_trip(&f, "id-f64", wt_cval_f64(NAN), false);
  round_trip(&f, "id-f64", wt_cval_f64(4.9e-324), false);
  round_trip(&f, "id-char", wt_cval_char(0), false);
  round_trip(&f, "id-char", wt_cval_char('A'), false);
  round_trip(&f, "id-char", wt_cval_char(0xD7FF), false);
  round_trip(&f, "id-char", wt_cval_char(0x1F600), false);
  round_trip(&f, "id-char", wt_cval_char(0x10FFFF), false);
  /* the value itself, not only its kind: two arguments added */
  wt_cfunc *add = get(&f, "add");
  wt_cval args[2] = {wt_cval_u32(40), wt_cval_u32(2)}, r;
  CHECK_OK(wt_cfunc_call(f.cx, add, args, 2, &r));
  CHECK(r.kind == WT_CU32 && r.of.u == 42);
  wt_cfunc_delete(add);
  teardown(&f);
}

TEST(cvalues_strings_and_lists_round_trip) {
  NEED_COMPONENTS();
  cfix f;
  CHECK_OK(setup(&f));
  round_trip(&f, "id-string", wt_cval_string(""), true);
  round_trip(&f, "id-string", wt_cval_string("hello"), true);
  round_trip(&f, "id-string", wt_cval_string("h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 \xf0\x9f\x98\x80"), true);
  round_trip(&f, "id-string", wt_cval_string_n("a\0b", 3), true); /* NUL inside */
  wt_cval bytes[300];
  for (int i = 0; i < 300; i++) bytes[i] = wt_cval_u8((uint8_t)(i * 7));
  round_trip(&f, "id-bytes", wt_cval_list(NULL, 0), true);
  round_trip(&f, "id-bytes", wt_cval_list(bytes, 300), true);
  wt_cval strs[3] = {wt_cval_string("one"), wt_cval_string(""), wt_cval_string("\xe2\x82\xac")};
  round_trip(&f, "id-strings", wt_cval_list(strs, 3), true);
  wt_cval t[3] = {wt_cval_u8(7), wt_cval_string("tuple"), wt_cval_s64(-5)};
  round_trip(&f, "id-tuple", wt_cval_tuple(t, 3), true);
  teardown(&f);
}

TEST(cvalues_records_variants_enums_options_results_flags_round_trip) {
  NEED_COMPONENTS();
  cfix f;
  CHECK_OK(setup(&f));
  wt_cval c[2] = {wt_cval_u8(1), wt_cval_u8(2)};
  wt_cval rec[3] = {wt_cval_u32(9), wt_cval_string("bee"), wt_cval_list(c, 2)};
  round_trip(&f, "id-rec", wt_cval_record(rec, 3), true);
  wt_cval num = wt_cval_u32(77), text = wt_cval_string("text");
  round_trip(&f, "id-var", wt_cval_variant(0, NULL), true);
  round_trip(&f, "id-var", wt_cval_variant(1, &num), true);
  round_trip(&f, "id-var", wt_cval_variant(2, &text), true);
  for (uint32_t i = 0; i < 3; i++) round_trip(&f, "id-col", wt_cval_enum(i), true);
  round_trip(&f, "id-perm", wt_cval_flags(0), true);
  round_trip(&f, "id-perm", wt_cval_flags(5), true);
  round_trip(&f, "id-perm", wt_cval_flags(7), true);
  round_trip(&f, "id-opt", wt_cval_none(), true);
  round_trip(&f, "id-opt", wt_cval_some(&text), true);
  wt_cval msg = wt_cval_string("bad");
  round_trip(&f, "id-res", wt_cval_ok(&num), true);
  round_trip(&f, "id-res", wt_cval_err(&msg), true);
  round_trip(&f, "id-res-empty", wt_cval_ok(NULL), true);
  round_trip(&f, "id-res-empty", wt_cval_err(NULL), true);
  wt_cval b = wt_cval_u8(200);
  round_trip(&f, "id-res-err", wt_cval_ok(NULL), true);
  round_trip(&f, "id-res-err", wt_cval_err(&b), true);
  /* nested: list<option<tuple<rec, var, list<col>>>> */
  wt_cval cols[2] = {wt_cval_enum(2), wt_cval_enum(0)};
  wt_cval tup[3] = {wt_cval_record(rec, 3), wt_cval_variant(2, &text), wt_cval_list(cols, 2)};
  wt_cval tv = wt_cval_tuple(tup, 3);
  wt_cval items[3] = {wt_cval_some(&tv), wt_cval_none(), wt_cval_some(&tv)};
  round_trip(&f, "id-nested", wt_cval_list(items, 3), true);
  teardown(&f);
}

/* A function whose type has a fixed-length list, where the engine has them. */
TEST(cvalues_fixed_length_lists_round_trip_and_their_length_is_checked) {
  NEED_COMPONENTS();
  static const char wat[] =
      "(component\n"
      "  (core module $m (memory (export \"mem\") 1)\n"
      "    (func (export \"id\") (param i32 i32 i32) (result i32) i32.const 0 local.get 0 i32.store\n"
      "      i32.const 4 local.get 1 i32.store i32.const 8 local.get 2 i32.store i32.const 0))\n"
      "  (core instance $i (instantiate $m))\n"
      "  (alias core export $i \"mem\" (core memory $mem))\n"
      "  (alias core export $i \"id\" (core func $id))\n"
      "  (func (export \"id\") (param \"x\" (list u32 3)) (result (list u32 3)) (canon lift (core func $id) (memory $mem))))";
  cfix f;
  if (setup_with(&f, NULL, wat)) {
    teardown(&f);
    SKIP("refuses fixed-length lists (component-model-fixed-length-lists is off, and the C API has no setting for it)");
  }
  wt_cval three[3] = {wt_cval_u32(1), wt_cval_u32(2), wt_cval_u32(3)};
  round_trip(&f, "id", wt_cval_list(three, 3), false);
  wt_cfunc *fn = get(&f, "id");
  wt_cval a = wt_cval_list(three, 2), r;
  CHECK_RC(wt_cfunc_call(f.cx, fn, &a, 1, &r), WT_TYPE);
  CHECK_STR(wt_errmsg(), "a fixed-length list of 3, got 2 items");
  wt_cfunc_delete(fn);
  round_trip(&f, "id", wt_cval_list(three, 3), false);
  teardown(&f);
}

/* Each wrong argument: its status, its message, and the store still usable. */
static void refused(cfix *f, const char *name, wt_cval x, bool padded, wt_status want, const char *msg) {
  wt_cfunc *fn = get(f, name);
  if (!fn) return;
  wt_cval args[2] = {x, wt_cval_tuple(ZERO_PAD, 16)}, r;
  r.kind = WT_CSTRING;
  CHECK_RC(wt_cfunc_call(f->cx, fn, args, padded ? 2 : 1, &r), want);
  CHECK_STR(wt_errmsg(), msg);
  CHECK(r.kind == WT_CBOOL); /* zeroed */
  wt_cfunc_delete(fn);
  round_trip(f, "id-string", wt_cval_string("still usable"), true);
}

TEST(cvalues_wrong_arguments_are_refused_naming_their_path_and_the_store_stays_usable) {
  NEED_COMPONENTS();
  cfix f;
  CHECK_OK(setup(&f));
  refused(&f, "id-string", wt_cval_u32(1), true, WT_TYPE, "id-string: argument 1 (x): expected string, got u32");
  refused(&f, "id-u8", wt_cval_u32(1), false, WT_TYPE, "id-u8: argument 1 (x): expected u8, got u32");
  refused(&f, "id-u8", (wt_cval){WT_CU8, {.u = 256}}, false, WT_TYPE, "256 is out of range for u8");
  refused(&f, "id-s8", (wt_cval){WT_CS8, {.s = -129}}, false, WT_TYPE, "-129 is out of range for s8");
  refused(&f, "id-s16", (wt_cval){WT_CS16, {.s = 40000}}, false, WT_TYPE, "out of range for s16");
  refused(&f, "id-u32", (wt_cval){WT_CU32, {.u = UINT64_C(1) << 32}}, false, WT_TYPE, "out of range for u32");
  refused(&f, "id-char", wt_cval_char(0xD800), false, WT_TYPE, "U+D800 is not a Unicode scalar value");
  refused(&f, "id-char", wt_cval_char(0x110000), false, WT_TYPE, "not a Unicode scalar value");
  refused(&f, "id-string", wt_cval_string("\xc3\x28"), true, WT_TYPE, "argument 1 (x): a string not valid UTF-8");
  refused(&f, "id-string", wt_cval_string("\xed\xa0\x80"), true, WT_TYPE, "not valid UTF-8"); /* a surrogate */
  refused(&f, "id-string", wt_cval_string("\xc0\xaf"), true, WT_TYPE, "not valid UTF-8");     /* overlong */
  refused(&f, "id-string", wt_cval_string_n(NULL, 3), true, WT_INVALID, "a string of 3 bytes at NULL");
  refused(&f, "id-col", wt_cval_enum(7), true, WT_TYPE, "id-col: argument 1 (x): case 7 of an enum of 3");
  refused(&f, "id-var", wt_cval_variant(3, NULL), true, WT_TYPE, "case 3 of a variant of 3");
  refused(&f, "id-var", wt_cval_variant(1, NULL), true, WT_TYPE, "case num needs a payload of u32, got none");
  wt_cval s = wt_cval_string("x"), u = wt_cval_u32(1);
  refused(&f, "id-var", wt_cval_variant(0, &u), true, WT_TYPE, "case none has no payload, got one");
  refused(&f, "id-var", wt_cval_variant(1, &s), true, WT_TYPE, "(x).num: expected u32, got string");
  refused(&f, "id-perm", wt_cval_flags(8), true, WT_TYPE, "flag bits 0x8 outside the 3 flags");
  refused(&f, "id-opt", wt_cval_some(&u), true, WT_TYPE, "(x).some: expected string, got u32");
  refused(&f, "id-opt", (wt_cval){WT_COPTION, {.cased = {2, NULL}}}, true, WT_TYPE, "case 2 of an option");
  refused(&f, "id-res", wt_cval_err(&u), true, WT_TYPE, "(x).err: expected string, got u32");
  refused(&f, "id-bytes", wt_cval_list(NULL, 2), true, WT_INVALID, "list of 2 items at NULL");
  wt_cval bad_bytes[3] = {wt_cval_u8(1), wt_cval_u8(2), wt_cval_u16(3)};
  refused(&f, "id-bytes", wt_cval_list(bad_bytes, 3), true, WT_TYPE, "argument 1 (x)[2]: expected u8, got u16");
  wt_cval rec2[2] = {wt_cval_u32(1), wt_cval_string("b")};
  refused(&f, "id-rec", wt_cval_record(rec2, 2), true, WT_TYPE, "record of 3 fields, got 2");
  wt_cval rec3[3] = {wt_cval_u32(1), wt_cval_string("b"), wt_cval_string("c")};
  refused(&f, "id-rec", wt_cval_record(rec3, 3), true, WT_TYPE, "argument 1 (x).c: expected list, got string");
  /* deep inside: list<option<tuple<rec, var, list<col>>>> */
  wt_cval cols[2] = {wt_cval_enum(2), wt_cval_enum(9)}, c2[1] = {wt_cval_u8(1)};
  wt_cval rec[3] = {wt_cval_u32(9), wt_cval_string("bee"), wt_cval_list(c2, 1)};
  wt_cval tup[3] = {wt_cval_record(rec, 3), wt_cval_variant(0, NULL), wt_cval_list(cols, 2)};
  wt_cval tv = wt_cval_tuple(tup, 3);
  wt_cval items[2] = {wt_cval_none(), wt_cval_some(&tv)};
  refused(&f, "id-nested", wt_cval_list(items, 2), true, WT_TYPE,
          "id-nested: argument 1 (x)[1].some[2][1]: case 9 of an enum of 3");
  /* the padding is an argument too */
  wt_cfunc *fn = get(&f, "id-string");
  wt_cval args[2] = {wt_cval_string("ok"), wt_cval_u32(0)}, r;
  CHECK_RC(wt_cfunc_call(f.cx, fn, args, 2, &r), WT_TYPE);
  CHECK_STR(wt_errmsg(), "id-string: argument 2 (pad): expected tuple, got u32");
  /* arity and the result pointer */
  CHECK_RC(wt_cfunc_call(f.cx, fn, args, 1, &r), WT_INVALID);
  CHECK_STR(wt_errmsg(), "id-string: 1 argument given, the function takes 2");
  CHECK_RC(wt_cfunc_call(f.cx, fn, args, 3, &r), WT_INVALID);
  args[1] = wt_cval_tuple(ZERO_PAD, 16);
  CHECK_RC(wt_cfunc_call(f.cx, fn, args, 2, NULL), WT_INVALID);
  CHECK_STR(wt_errmsg(), "the function has a result: 'result' is NULL");
  CHECK_RC(wt_cfunc_call(f.cx, fn, NULL, 2, &r), WT_INVALID);
  wt_cfunc_delete(fn);
  fn = get(&f, "trap");
  CHECK_RC(wt_cfunc_call(f.cx, fn, NULL, 0, &r), WT_INVALID);
  CHECK_STR(wt_errmsg(), "the function has no result, but 'result' is not NULL");
  wt_cfunc_delete(fn);
  round_trip(&f, "id-u8", wt_cval_u8(5), false);
  teardown(&f);
}

TEST(cvalues_lookup_by_path_and_what_is_not_a_function) {
  NEED_COMPONENTS();
  cfix f;
  CHECK_OK(setup(&f));
  wt_cfunc *fn = (wt_cfunc *)1;
  CHECK_RC(wt_cinstance_get_func(f.cx, &f.inst, "nope", &fn), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "the instance has no export \"nope\"");
  CHECK(fn == NULL);
  CHECK_RC(wt_cinstance_get_func(f.cx, &f.inst, "rec", &fn), WT_TYPE); /* a type */
  CHECK_STR(wt_errmsg(), "\"rec\" is not a function");
  CHECK_RC(wt_cinstance_get_func(f.cx, &f.inst, "add#x", &fn), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "\"add\" has no export \"x\"");
  CHECK_RC(wt_cinstance_get_func(f.cx, &f.inst, "", &fn), WT_NOT_FOUND);
  CHECK_RC(wt_cinstance_get_func(f.cx, &f.inst, "add#", &fn), WT_NOT_FOUND);
  CHECK_OK(wt_cinstance_get_func(f.cx, &f.inst, "add", &fn));
  const wt_cfunc_sig *sig = wt_cfunc_type(fn);
  CHECK(sig && sig->nparams == 2 && sig->result && sig->result->kind == WT_CU32);
  CHECK(sig && !strcmp(sig->param_names[0], "a") && !strcmp(sig->param_names[1], "b"));
  CHECK(wt_cfunc_type(NULL) == NULL);
  /* another store's instance, and a function used with another store */
  wt_store *s2 = NULL;
  CHECK_OK(wt_store_new(f.e, NULL, NULL, &s2));
  wt_cfunc *g = (wt_cfunc *)1;
  CHECK_RC(wt_cinstance_get_func(wt_store_context(s2), &f.inst, "add", &g), WT_INVALID);
  CHECK(g == NULL);
  wt_cval args[2] = {wt_cval_u32(1), wt_cval_u32(2)}, r;
  CHECK_RC(wt_cfunc_call(wt_store_context(s2), fn, args, 2, &r), WT_INVALID);
  CHECK_STR(wt_errmsg(), "another store");
  wt_cinstance zero;
  memset(&zero, 0, sizeof zero);
  CHECK_RC(wt_cinstance_get_func(f.cx, &zero, "add", &g), WT_INVALID);
  wt_store_delete(s2);
  CHECK_OK(wt_cfunc_call(f.cx, fn, args, 2, &r));
  CHECK(r.of.u == 3);
  wt_cfunc_delete(fn);
  wt_cfunc_delete(NULL);
  teardown(&f);
}

/* A trap ends the instance, as the component model says; from Wasmtime 44
 * every component instance of its store too ("cannot enter component
 * instance"): a new store works. */
TEST(cvalues_a_guest_trap_is_a_trap_and_a_new_store_works) {
  NEED_COMPONENTS();
  cfix f;
  CHECK_OK(setup(&f));
  wt_cfunc *trap = get(&f, "trap"), *add = get(&f, "add");
  CHECK_RC(wt_cfunc_call(f.cx, trap, NULL, 0, NULL), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  CHECK(wt_trap_frame_count() >= 1);
  wt_cval args[2] = {wt_cval_u32(1), wt_cval_u32(2)}, r;
  CHECK_RC(wt_cfunc_call(f.cx, add, args, 2, &r), WT_ERROR);
  CHECK_STR(wt_errmsg(), "cannot enter component instance");
  wt_store *s2 = NULL;
  wt_cinstance other;
  wt_cfunc *add2 = NULL;
  CHECK_OK(wt_store_new(f.e, NULL, NULL, &s2));
  CHECK_OK(wt_clinker_instantiate(f.l, wt_store_context(s2), f.c, &other));
  CHECK_OK(wt_cinstance_get_func(wt_store_context(s2), &other, "add", &add2));
  CHECK_OK(wt_cfunc_call(wt_store_context(s2), add2, args, 2, &r));
  CHECK(r.of.u == 3);
  wt_cfunc_delete(trap);
  wt_cfunc_delete(add);
  wt_cfunc_delete(add2);
  wt_store_delete(s2);
  teardown(&f);
}

TEST(cvalues_fuel_and_timeouts_stop_a_component_call) {
  NEED_COMPONENTS();
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.consume_fuel = true;
  o.epoch_interruption = true;
  cfix f;
  CHECK_OK(setup_with(&f, &o, IDENTITY));
  CHECK_OK(wt_store_set_fuel(f.s, 100000));
  wt_cfunc *spin = get(&f, "spin");
  CHECK_RC(wt_cfunc_call(f.cx, spin, NULL, 0, NULL), WT_OUT_OF_FUEL);
  CHECK(wt_trap_code() == WT_TRAP_OUT_OF_FUEL);
  wt_cfunc_delete(spin);
  /* a new store (the trap ended the first's component calls), fuel enough, a deadline */
  wt_store *s2 = NULL;
  wt_cinstance inst;
  CHECK_OK(wt_store_new(f.e, NULL, NULL, &s2));
  wt_context *cx2 = wt_store_context(s2);
  CHECK_OK(wt_store_set_fuel(s2, UINT64_MAX / 2));
  CHECK_OK(wt_clinker_instantiate(f.l, cx2, f.c, &inst));
  CHECK_OK(wt_cinstance_get_func(cx2, &inst, "spin", &spin));
  CHECK_OK(wt_store_set_timeout(s2, 50));
  CHECK_RC(wt_cfunc_call(cx2, spin, NULL, 0, NULL), WT_TIMEOUT);
  wt_cfunc_delete(spin);
  wt_store_delete(s2);
  teardown(&f);
}

static void *interrupt_soon(void *p) {
  nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
  wt_store_interrupt(p);
  return NULL;
}

TEST(cvalues_wt_store_interrupt_stops_a_component_call) {
  NEED_COMPONENTS();
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  cfix f;
  CHECK_OK(setup_with(&f, &o, IDENTITY));
  wt_cfunc *spin = get(&f, "spin");
  pthread_t t;
  CHECK(pthread_create(&t, NULL, interrupt_soon, f.s) == 0);
  CHECK_RC(wt_cfunc_call(f.cx, spin, NULL, 0, NULL), WT_INTERRUPTED);
  pthread_join(t, NULL);
  wt_cfunc_delete(spin);
  teardown(&f);
}

TEST(cvalues_release_of_null_and_of_numbers_is_a_noop) {
  wt_cval_release(NULL);
  wt_cval v = wt_cval_u32(5);
  wt_cval_release(&v);
  CHECK(v.kind == 0 && v.of.u == 0);
}
