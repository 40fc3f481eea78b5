/* test_instance.c - exports, generic and typed calls, values (v128,
 * funcref, externref). Wrong calls must not run: the wasm counter "n" is
 * bumped by every call that does, and checked after each refusal. */
#include "harness.h"

static const char CALLS[] =
    "(module\n"
    "  (global $n (export \"n\") (mut i32) (i32.const 0))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (table (export \"tab\") 2 funcref)\n"
    "  (type $i2i (func (param i32) (result i32)))\n"
    "  (func $tick global.get $n i32.const 1 i32.add global.set $n)\n"
    "  (func (export \"inc\") (param i32) (result i32) call $tick local.get 0 i32.const 1 i32.add)\n"
    "  (func (export \"tick\") call $tick)\n"
    "  (func (export \"mul64\") (param i64 i64) (result i64) call $tick local.get 0 local.get 1 i64.mul)\n"
    "  (func (export \"neg32\") (param f32) (result f32) call $tick local.get 0 f32.neg)\n"
    "  (func (export \"div64\") (param f64 f64) (result f64) call $tick local.get 0 local.get 1 f64.div)\n"
    "  (func (export \"multi\") (param i32 i64) (result i64 i32 f64)\n"
    "    call $tick local.get 1 local.get 0 f64.const 2.5)\n"
    "  (func (export \"dbl\") (param v128) (result v128) local.get 0 local.get 0 i8x16.add)\n"
    "  (func (export \"ext\") (param externref) (result externref) call $tick local.get 0)\n"
    "  (func (export \"fref\") (param funcref) (result funcref) local.get 0)\n"
    "  (func (export \"via_table\") (param i32 i32) (result i32)\n"
    "    local.get 1 local.get 0 call_indirect (type $i2i)))";

static int32_t counter(fixture *f) {
  wt_global g;
  int32_t n = -1;
  wt_instance_get_global(f->cx, &f->inst, "n", &g);
  wt_global_get_i32(f->cx, &g, &n);
  return n;
}

static int open_calls(fixture *f) {
  if (fixture_open(f, NULL, CALLS) || fixture_instantiate(f)) { fixture_close(f); return -1; }
  return 0;
}

TEST(instance_exports_lookup_missing_and_other_kind) {
  fixture f;
  if (open_calls(&f)) return;
  wt_extern x;
  wt_func fn;
  wt_memory m;
  wt_global g;
  wt_table t;
  CHECK_OK(wt_instance_get_export(f.cx, &f.inst, "mem", &x));
  CHECK(x.kind == WT_EXTERN_MEMORY);
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "mem", &m));
  CHECK_OK(wt_instance_get_global(f.cx, &f.inst, "n", &g));
  CHECK_OK(wt_instance_get_table(f.cx, &f.inst, "tab", &t));
  memset(&fn, 0xab, sizeof fn);
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, "nope", &fn), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "nope");
  CHECK(fn.p_[0] == 0 && fn.p_[1] == 0 && fn.p_[2] == 0); /* zeroed on failure */
  CHECK_RC(wt_instance_get_export(f.cx, &f.inst, "nope", &x), WT_NOT_FOUND);
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, "mem", &fn), WT_TYPE);
  CHECK_STR(wt_errmsg(), "is a memory, not a func");
  CHECK_RC(wt_instance_get_memory(f.cx, &f.inst, "inc", &m), WT_TYPE);
  CHECK_RC(wt_instance_get_global(f.cx, &f.inst, "tab", &g), WT_TYPE);
  CHECK_RC(wt_instance_get_table(f.cx, &f.inst, "n", &t), WT_TYPE);
  CHECK_RC(wt_instance_get_func(NULL, &f.inst, "inc", &fn), WT_INVALID);
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, NULL, &fn), WT_INVALID);
  fixture_close(&f);
}

TEST(instance_export_nth_lists_every_export) {
  fixture f;
  if (open_calls(&f)) return;
  const char *want[] = {"n", "mem", "tab", "inc", "tick", "mul64", "neg32", "div64", "multi", "dbl", "ext", "fref", "via_table"};
  const int kinds[] = {WT_EXTERN_GLOBAL, WT_EXTERN_MEMORY, WT_EXTERN_TABLE};
  size_t i = 0, len = 0;
  const char *name;
  wt_extern x;
  for (; wt_instance_export_nth(f.cx, &f.inst, i, &name, &len, &x) == WT_OK; i++) {
    CHECK(i < 13 && len == strlen(want[i]) && !memcmp(name, want[i], len));
    CHECK(x.kind == (i < 3 ? kinds[i] : WT_EXTERN_FUNC));
  }
  CHECK(i == 13);
  CHECK(wt_errcode() == WT_NOT_FOUND && name == NULL);
  size_t n = 0;
  CHECK_OK(wt_instance_export_count(f.cx, &f.inst, &n));
  CHECK(n == 13);
  fixture_close(&f);
}

TEST(instance_func_type) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func fn;
  wt_extern_type t;
  char buf[64];
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "multi", &fn));
  CHECK_OK(wt_func_type(f.cx, &fn, &t));
  CHECK(t.kind == WT_EXTERN_FUNC && t.nparams == 2 && t.nresults == 3 && t.results[2] == WT_F64);
  wt_extern_type_format(&t, buf, sizeof buf);
  CHECK(!strcmp(buf, "func(i32, i64) -> (i64, i32, f64)"));
  CHECK_RC(wt_func_type(f.cx, NULL, &t), WT_INVALID);
  fixture_close(&f);
}

TEST(instance_typed_calls_of_every_result_type) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func inc, tick, mul, neg, dv;
  int32_t i = 0;
  int64_t l = 0;
  float s = 0;
  double d = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "inc", &inc));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "tick", &tick));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "mul64", &mul));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "neg32", &neg));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "div64", &dv));
  wt_val a = wt_val_i32(41), ll[2] = {wt_val_i64(1ll << 40), wt_val_i64(-3)};
  wt_val fs = wt_val_f32(1.5f), dd[2] = {wt_val_f64(1.0), wt_val_f64(8.0)};
  CHECK_OK(wt_func_call_i32(f.cx, &inc, &a, 1, &i));
  CHECK(i == 42);
  CHECK_OK(wt_func_call_0(f.cx, &tick, NULL, 0));
  CHECK_OK(wt_func_call_i64(f.cx, &mul, ll, 2, &l));
  CHECK(l == -3ll * (1ll << 40));
  CHECK_OK(wt_func_call_f32(f.cx, &neg, &fs, 1, &s));
  CHECK(s == -1.5f);
  CHECK_OK(wt_func_call_f64(f.cx, &dv, dd, 2, &d));
  CHECK(d == 0.125);
  CHECK(counter(&f) == 5);
  fixture_close(&f);
}

/* Typed calls of 0 to 12 arguments, the kinds cycling i32 i64 f32 f64:
 * "fN" returns the sum of (i+1) * arg i (each truncated to i64), so every
 * argument must arrive, whole, in its place. Then a wrong kind at each
 * position is refused by name and runs nothing. (The fast path unrolls the
 * first few arities; the rest take the general one: both must agree.) */
static const wt_valkind CYCLE[4] = {WT_I32, WT_I64, WT_F32, WT_F64};

static void arity_wat(char *w, size_t cap) {
  static const char *names[4] = {"i32", "i64", "f32", "f64"};
  static const char *to64[4] = {"i64.extend_i32_s", "", "i64.trunc_f32_s", "i64.trunc_f64_s"};
  size_t o = (size_t)snprintf(w, cap, "(module (global $n (export \"n\") (mut i32) (i32.const 0))\n"
                                      "  (func (export \"lane1\") (param v128) (result i32) local.get 0 i32x4.extract_lane 1)\n");
  for (int n = 0; n <= 12; n++) {
    o += (size_t)snprintf(w + o, cap - o, "  (func (export \"f%d\") (param", n);
    for (int i = 0; i < n; i++) o += (size_t)snprintf(w + o, cap - o, " %s", names[i % 4]);
    o += (size_t)snprintf(w + o, cap - o, ") (result i64)\n    global.get $n i32.const 1 i32.add global.set $n i64.const 0");
    for (int i = 0; i < n; i++)
      o += (size_t)snprintf(w + o, cap - o, " local.get %d %s i64.const %d i64.mul i64.add", i, to64[i % 4], i + 1);
    o += (size_t)snprintf(w + o, cap - o, ")\n");
  }
  snprintf(w + o, cap - o, ")");
}

/* Argument i of kind CYCLE[i % 4]: i64s use their high half, floats carry a
 * fraction (truncated away by the guest). */
static wt_val arity_arg(int i, int64_t *as_i64) {
  *as_i64 = i % 4 == 1 ? (int64_t)(i + 2) << 33 : i + 2;
  switch (i % 4) {
  case 0: return wt_val_i32(i + 2);
  case 1: return wt_val_i64(*as_i64);
  case 2: return wt_val_f32((float)(i + 2) + 0.25f);
  default: return wt_val_f64((double)(i + 2) + 0.5);
  }
}

TEST(instance_typed_calls_of_every_arity_and_position) {
  char wat[8192];
  arity_wat(wat, sizeof wat);
  fixture f;
  if (fixture_open(&f, NULL, wat) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  int ran = 0;
  for (int n = 0; n <= 12; n++) {
    char name[16], want[64];
    wt_func fn;
    wt_val a[12];
    int64_t sum = 0, one, got = -1;
    int32_t i32 = -1;
    snprintf(name, sizeof name, "f%d", n);
    CHECK_OK(wt_instance_get_func(f.cx, &f.inst, name, &fn));
    for (int i = 0; i < n; i++) { a[i] = arity_arg(i, &one); sum += (i + 1) * one; }
    CHECK_OK(wt_func_call_i64(f.cx, &fn, a, (size_t)n, &got));
    CHECK(got == sum);
    CHECK_RC(wt_func_call_i32(f.cx, &fn, a, (size_t)n, &i32), WT_TYPE); /* the result's kind */
    CHECK(i32 == 0);
    CHECK(counter(&f) == ++ran);
    for (int p = 0; p < n; p++) {
      wt_val keep = a[p];
      a[p] = p % 4 == 1 ? wt_val_i32(1) : wt_val_i64(1);
      CHECK_RC(wt_func_call_i64(f.cx, &fn, a, (size_t)n, &got), WT_TYPE);
      snprintf(want, sizeof want, "argument %d is %s, expected %s", p, p % 4 == 1 ? "i32" : "i64",
               wt_valkind_name(CYCLE[p % 4]));
      CHECK_STR(wt_errmsg(), want);
      CHECK(got == 0);
      a[p] = wt_val_null(WT_FUNCREF); /* a reference where a number goes */
      CHECK_RC(wt_func_call_i64(f.cx, &fn, a, (size_t)n, &got), WT_TYPE);
      a[p] = keep;
    }
    if (n < 12) { /* one argument too many */
      a[n] = wt_val_i32(0);
      CHECK_RC(wt_func_call_i64(f.cx, &fn, a, (size_t)n + 1, &got), WT_INVALID);
    }
    CHECK(counter(&f) == ran); /* no refused call ran */
  }
  wt_func lane;
  uint8_t v[16] = {0};
  int32_t r = 0;
  v[4] = 7; /* lane 1 of i32x4 */
  wt_val vv = wt_val_v128(v);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "lane1", &lane));
  CHECK_OK(wt_func_call_i32(f.cx, &lane, &vv, 1, &r)); /* a v128 argument, whole */
  CHECK(r == 7);
  fixture_close(&f);
}

/* A raw host function's view of its i32 argument's slot, all 8 bytes. */
static wt_trap *slot_bits(void *env, wt_caller *c, wt_raw *slots, size_t n) {
  (void)env, (void)c, (void)n;
  slots[0].i64 = slots[0].i64; /* the i64 result: the slot as it came */
  return NULL;
}

/* Fills the stack below the caller with 0xa5, so that a slot left
 * unwritten by the next call shows. */
static __attribute__((noinline)) void dirty_stack(void) {
  volatile uint8_t junk[8192];
  for (size_t i = 0; i < sizeof junk; i++) junk[i] = 0xa5;
}

/* An i32 or f32 argument is its low 4 bytes: whatever a wt_val holds past
 * them never reaches wasm, nor a raw host function called directly (whose
 * slot is the one the call fills), on the inline path or the exported
 * one. */
TEST(instance_typed_call_i32_and_f32_are_their_low_4_bytes) {
  static const char WAT[] = "(module (import \"env\" \"bits\" (func $raw (param i32) (result i64)))"
                            " (export \"raw\" (func $raw))"
                            " (func (export \"zx\") (param i32) (result i64) local.get 0 i64.extend_i32_u)"
                            " (func (export \"bits\") (param f32 i32) (result i64)"
                            "  local.get 0 i32.reinterpret_f32 i64.extend_i32_u local.get 1 i64.extend_i32_u i64.add))";
  static const uint8_t p[] = {WT_I32}, r[] = {WT_I64};
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  CHECK_OK(wt_linker_define_func_raw(f.linker, "env", "bits", p, 1, r, 1, slot_bits, NULL, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func zx, bits, raw;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "zx", &zx));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "bits", &bits));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "raw", &raw));
  wt_val a[2];
  memset(a, 0xa5, sizeof a);
  a[0].kind = WT_I32;
  a[0].of.i32 = 5;
  int64_t got = -1;
  CHECK_OK(wt_func_call_i64(f.cx, &zx, a, 1, &got));
  CHECK(got == 5);
  got = -1;
  CHECK_OK((wt_func_call_i64)(f.cx, &zx, a, 1, &got));
  CHECK(got == 5);
  wt_val res = wt_val_i64(-1);
  CHECK_OK(wt_func_call_n(f.cx, &zx, a, 1, &res, 1));
  CHECK(res.kind == WT_I64 && res.of.i64 == 5);
  got = -1;
  CHECK_OK(wt_func_call_i64(f.cx, &raw, a, 1, &got));
  CHECK(got == 5);
  got = -1;
  CHECK_OK((wt_func_call_i64)(f.cx, &raw, a, 1, &got));
  CHECK(got == 5);
  res = wt_val_i64(-1);
  dirty_stack();
  CHECK_OK(wt_func_call_n(f.cx, &raw, a, 1, &res, 1));
  CHECK(res.of.i64 == 5);
  a[0].kind = WT_F32;
  a[0].of.f32 = 1.0f; /* bits 0x3f800000 */
  a[1].kind = WT_I32;
  a[1].of.i32 = 7;
  CHECK_OK(wt_func_call_i64(f.cx, &bits, a, 2, &got));
  CHECK(got == 0x3f800000 + 7);
  got = -1;
  CHECK_OK((wt_func_call_i64)(f.cx, &bits, a, 2, &got));
  CHECK(got == 0x3f800000 + 7);
  fixture_close(&f);
}

TEST(instance_wrong_calls_run_nothing) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func inc, tick, multi;
  wt_val r[3];
  int32_t i = 7;
  int64_t l = 7;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "inc", &inc));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "tick", &tick));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "multi", &multi));
  wt_val two[2] = {wt_val_i32(1), wt_val_i32(2)}, wrong = wt_val_i64(1);
  /* typed calls: arity, argument kind, result kind */
  CHECK_RC(wt_func_call_i32(f.cx, &inc, NULL, 0, &i), WT_INVALID);
  CHECK(i == 0); /* the out-param is zeroed on failure */
  CHECK_RC(wt_func_call_i32(f.cx, &inc, two, 2, &i), WT_INVALID);
  CHECK_RC(wt_func_call_i32(f.cx, &inc, &wrong, 1, &i), WT_TYPE);
  CHECK_STR(wt_errmsg(), "argument 0 is i64, expected i32");
  CHECK_RC(wt_func_call_i64(f.cx, &inc, two, 1, &l), WT_TYPE);
  CHECK(l == 0);
  CHECK_RC(wt_func_call_0(f.cx, &inc, two, 1), WT_TYPE);
  CHECK_RC(wt_func_call_i32(f.cx, &tick, NULL, 0, &i), WT_TYPE);
  CHECK_RC(wt_func_call_i32(f.cx, &multi, two, 2, &i), WT_TYPE);
  CHECK_RC(wt_func_call_i32(f.cx, NULL, two, 1, &i), WT_INVALID);
  CHECK_RC(wt_func_call_i32(f.cx, &inc, NULL, 1, &i), WT_INVALID);
  /* generic calls: arity, argument kind, result count */
  CHECK_RC(wt_func_call(f.cx, &inc, two, 2, r, 1), WT_INVALID);
  CHECK_RC(wt_func_call(f.cx, &inc, &wrong, 1, r, 1), WT_TYPE);
  CHECK_RC(wt_func_call(f.cx, &inc, two, 1, r, 2), WT_INVALID);
  CHECK_RC(wt_func_call(f.cx, &inc, two, 1, r, 0), WT_INVALID);
  CHECK_RC(wt_func_call(f.cx, &inc, NULL, 1, r, 1), WT_INVALID);
  CHECK_RC(wt_func_call(NULL, &inc, two, 1, r, 1), WT_INVALID);
  CHECK(counter(&f) == 0);
  CHECK_OK(wt_func_call(f.cx, &inc, two, 1, r, 1)); /* and the right call does run */
  CHECK(r[0].kind == WT_I32 && r[0].of.i32 == 2 && counter(&f) == 1);
  fixture_close(&f);
}

TEST(instance_generic_call_multi_value) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func multi;
  wt_val r[3], a[2] = {wt_val_i32(-5), wt_val_i64(1ll << 50)};
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "multi", &multi));
  CHECK_OK(wt_func_call(f.cx, &multi, a, 2, r, 3));
  CHECK(r[0].kind == WT_I64 && r[0].of.i64 == 1ll << 50);
  CHECK(r[1].kind == WT_I32 && r[1].of.i32 == -5);
  CHECK(r[2].kind == WT_F64 && r[2].of.f64 == 2.5);
  fixture_close(&f);
}

/* wt_func_call_n: several results of their kinds, through the typed path;
 * refusals run nothing and zero the results. */
TEST(instance_typed_call_of_many_results) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func multi, dbl, ext;
  wt_val r[3], a[2] = {wt_val_i32(-5), wt_val_i64(1ll << 50)};
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "multi", &multi));
  CHECK_OK(wt_func_call_n(f.cx, &multi, a, 2, r, 3));
  CHECK(r[0].kind == WT_I64 && r[0].of.i64 == 1ll << 50);
  CHECK(r[1].kind == WT_I32 && r[1].of.i32 == -5);
  CHECK(r[2].kind == WT_F64 && r[2].of.f64 == 2.5);
  CHECK(counter(&f) == 1);
  /* the results may be the arguments' own array */
  wt_val io[3] = {wt_val_i32(7), wt_val_i64(9)};
  CHECK_OK(wt_func_call_n(f.cx, &multi, io, 2, io, 3));
  CHECK(io[0].kind == WT_I64 && io[0].of.i64 == 9 && io[1].of.i32 == 7 && io[2].of.f64 == 2.5);
  CHECK(counter(&f) == 2);
  /* a v128 result */
  uint8_t bytes[16];
  for (int i = 0; i < 16; i++) bytes[i] = (uint8_t)(i + 1);
  wt_val v = wt_val_v128(bytes), vr;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "dbl", &dbl));
  CHECK_OK(wt_func_call_n(f.cx, &dbl, &v, 1, &vr, 1));
  CHECK(vr.kind == WT_V128 && vr.of.v128[15] == 32);
  /* refusals: nothing runs, the results are zeroed */
  r[0] = wt_val_i32(42);
  CHECK_RC(wt_func_call_n(f.cx, &multi, a, 2, r, 2), WT_INVALID);
  CHECK(r[0].kind == 0 && r[0].of.i32 == 0);
  wt_val wrong[2] = {wt_val_i64(1), wt_val_i64(2)};
  CHECK_RC(wt_func_call_n(f.cx, &multi, wrong, 2, r, 3), WT_TYPE);
  CHECK_RC(wt_func_call_n(f.cx, &multi, a, 1, r, 3), WT_INVALID);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "ext", &ext));
  wt_val nul = wt_val_null(WT_EXTERNREF);
  CHECK_RC(wt_func_call_n(f.cx, &ext, &nul, 1, r, 1), WT_UNSUPPORTED);
  CHECK(counter(&f) == 2);
  fixture_close(&f);
}

TEST(instance_v128_round_trip) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func dbl;
  uint8_t bytes[16];
  for (int i = 0; i < 16; i++) bytes[i] = (uint8_t)(i * 7 + 1);
  wt_val a = wt_val_v128(bytes), r;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "dbl", &dbl));
  CHECK_OK(wt_func_call(f.cx, &dbl, &a, 1, &r, 1));
  CHECK(r.kind == WT_V128);
  for (int i = 0; i < 16; i++) CHECK(r.of.v128[i] == (uint8_t)(2 * bytes[i]));
  fixture_close(&f);
}

TEST(instance_funcref_values_and_call_indirect) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func inc, fref, via, back;
  wt_table tab;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "inc", &inc));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "fref", &fref));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "via_table", &via));
  CHECK_OK(wt_instance_get_table(f.cx, &f.inst, "tab", &tab));
  wt_val v = wt_val_funcref(&inc), r, n = wt_val_funcref(NULL);
  CHECK(!wt_val_is_null(&v) && wt_val_is_null(&n));
  CHECK_OK(wt_func_call(f.cx, &fref, &v, 1, &r, 1)); /* through wasm and back */
  CHECK(r.kind == WT_FUNCREF && !wt_val_is_null(&r));
  CHECK_OK(wt_val_get_funcref(f.cx, &r, &back));
  int32_t i = 0;
  wt_val a = wt_val_i32(9);
  CHECK_OK(wt_func_call_i32(f.cx, &back, &a, 1, &i)); /* the signature was recorded */
  CHECK(i == 10);
  CHECK_OK(wt_func_call(f.cx, &fref, &n, 1, &r, 1));
  CHECK(wt_val_is_null(&r));
  CHECK_RC(wt_val_get_funcref(f.cx, &r, &back), WT_NOT_FOUND);
  CHECK_RC(wt_val_get_funcref(f.cx, &a, &back), WT_INVALID);
  CHECK_OK(wt_table_set(f.cx, &tab, 1, &v));
  wt_val args[2] = {wt_val_i32(1), wt_val_i32(100)};
  CHECK_OK(wt_func_call_i32(f.cx, &via, args, 2, &i));
  CHECK(i == 101);
  args[0] = wt_val_i32(0); /* a null slot traps */
  CHECK_RC(wt_func_call_i32(f.cx, &via, args, 2, &i), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_INDIRECT_CALL_TO_NULL);
  fixture_close(&f);
}

static int ext_finalized;
static void ext_fin(void *p) { ext_finalized += *(int *)p; }

TEST(instance_externref_data_release_and_finalizer) {
  fixture f;
  if (open_calls(&f)) return;
  static int payload = 1;
  wt_func ext;
  wt_val v, r;
  ext_finalized = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "ext", &ext));
  CHECK_OK(wt_val_externref(f.cx, &payload, ext_fin, &v));
  CHECK(v.kind == WT_EXTERNREF && !wt_val_is_null(&v));
  CHECK(wt_val_externref_data(f.cx, &v) == &payload);
  CHECK_OK(wt_func_call(f.cx, &ext, &v, 1, &r, 1));
  CHECK(r.kind == WT_EXTERNREF && wt_val_externref_data(f.cx, &r) == &payload);
  int32_t dummy;
  CHECK_RC(wt_func_call_i32(f.cx, &ext, &v, 1, &dummy), WT_UNSUPPORTED); /* typed calls: numbers only */
  wt_val_release(&v);
  CHECK(wt_val_is_null(&v) && v.kind == WT_EXTERNREF);
  wt_val_release(&r);
  wt_val_release(&r); /* a released value is null: no-op */
  wt_val n = wt_val_null(WT_EXTERNREF);
  CHECK(wt_val_externref_data(f.cx, &n) == NULL);
  CHECK_OK(wt_func_call(f.cx, &ext, &n, 1, &r, 1));
  CHECK(wt_val_is_null(&r));
  CHECK(ext_finalized == 0);
  fixture_close(&f);
  CHECK(ext_finalized == 1); /* exactly once, when the store is gone */
}

static int host_calls;
static wt_status host_add(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)c, (void)na, (void)nr;
  host_calls++;
  r[0] = wt_val_i32(a[0].of.i32 + *(int *)env);
  return WT_OK;
}

TEST(instance_host_func_in_a_table) {
  fixture f;
  if (open_calls(&f)) return;
  static int ten = 10;
  static const uint8_t i32[] = {WT_I32};
  wt_func h, via;
  wt_table tab;
  int32_t r = 0;
  host_calls = 0;
  CHECK_OK(wt_func_new(f.cx, i32, 1, i32, 1, host_add, &ten, NULL, &h));
  wt_val a = wt_val_i32(5);
  CHECK_OK(wt_func_call_i32(f.cx, &h, &a, 1, &r));
  CHECK(r == 15);
  CHECK_OK(wt_instance_get_table(f.cx, &f.inst, "tab", &tab));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "via_table", &via));
  wt_val fr = wt_val_funcref(&h), args[2] = {wt_val_i32(0), wt_val_i32(1)};
  CHECK_OK(wt_table_set(f.cx, &tab, 0, &fr));
  CHECK_OK(wt_func_call_i32(f.cx, &via, args, 2, &r));
  CHECK(r == 11 && host_calls == 2);
  static const uint8_t bad[] = {42};
  CHECK_RC(wt_func_new(f.cx, bad, 1, NULL, 0, host_add, &ten, NULL, &h), WT_INVALID);
  CHECK(h.p_[0] == 0);
  fixture_close(&f);
}

TEST(values_kind_names_and_constructors) {
  const char *want[] = {"i32", "i64", "f32", "f64", "v128", "funcref", "externref", "anyref", "exnref"};
  for (int k = WT_I32; k <= WT_EXNREF; k++) CHECK(!strcmp(wt_valkind_name(k), want[k]));
  CHECK(!strcmp(wt_valkind_name(-1), "?") && !strcmp(wt_valkind_name(9), "?"));
  wt_val v = wt_val_f64(-2.0);
  CHECK(v.kind == WT_F64 && v.of.f64 == -2.0 && !wt_val_is_null(&v));
  v = wt_val_null(WT_ANYREF);
  CHECK(v.kind == WT_ANYREF && wt_val_is_null(&v));
  CHECK(!wt_val_is_null(NULL)); /* the inline helpers take NULL too */
  v = wt_val_v128(NULL);
  CHECK(v.kind == WT_V128 && v.of.v128[0] == 0 && v.of.v128[15] == 0);
  /* the number constructors zero the rest of the union */
  const wt_val nums[4] = {wt_val_i32(-1), wt_val_f32(-1.5f), wt_val_i64(-1), wt_val_f64(-1.5)};
  for (int k = 0; k < 4; k++) {
    const unsigned char *b = (const unsigned char *)&nums[k].of;
    size_t width = k < 2 ? 4 : 8, rest = 0;
    for (size_t i = width; i < sizeof nums[k].of; i++) rest |= b[i];
    CHECK(nums[k].kind == (k == 0 ? WT_I32 : k == 1 ? WT_F32 : k == 2 ? WT_I64 : WT_F64) && rest == 0);
  }
  CHECK(nums[0].of.i32 == -1 && nums[1].of.f32 == -1.5f && nums[2].of.i64 == -1 && nums[3].of.f64 == -1.5);
}

/* 16 params: too many kinds to record, so wt checks them by the queried
 * type; a refusal must get the same statuses and run nothing. */
TEST(instance_large_signature_calls_are_checked_too) {
  static const char BIG[] =
      "(module (global $n (export \"n\") (mut i32) (i32.const 0))\n"
      "  (func (export \"big\") (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i64)\n"
      "    (result i64) global.get $n i32.const 1 i32.add global.set $n local.get 15))";
  fixture f;
  if (fixture_open(&f, NULL, BIG) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func big;
  wt_val a[16], r[2];
  int64_t l = 0;
  for (int i = 0; i < 15; i++) a[i] = wt_val_i32(i);
  a[15] = wt_val_i64(1ll << 40);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "big", &big));
  CHECK_RC(wt_func_call(f.cx, &big, a, 15, r, 1), WT_INVALID);
  CHECK_RC(wt_func_call(f.cx, &big, a, 16, r, 2), WT_INVALID);
  a[3] = wt_val_f32(1);
  CHECK_RC(wt_func_call(f.cx, &big, a, 16, r, 1), WT_TYPE);
  CHECK_STR(wt_errmsg(), "argument 3 is f32, expected i32");
  a[3] = wt_val_i32(3);
  CHECK_RC(wt_func_call_i64(f.cx, &big, a, 16, &l), WT_UNSUPPORTED);
  CHECK(counter(&f) == 0);
  CHECK_OK(wt_func_call(f.cx, &big, a, 16, r, 1));
  CHECK(r[0].kind == WT_I64 && r[0].of.i64 == 1ll << 40 && counter(&f) == 1);
  fixture_close(&f);
}

/* Wasmtime aborts the process when a handle meets another store; wt refuses. */
TEST(instance_handles_of_another_store_are_refused) {
  static const char M[] = "(module (memory (export \"m\") 1) (global (export \"g\") (mut i32) (i32.const 1))"
                          "(table (export \"t\") 1 funcref) (func (export \"f\") (result i32) i32.const 7))";
  fixture f;
  if (fixture_open(&f, NULL, M) || fixture_instantiate(&f)) return fixture_close(&f);
  wt_store *other;
  CHECK_OK(wt_store_new(f.engine, NULL, NULL, &other));
  wt_context *ox = wt_store_context(other);
  wt_func fn, empty;
  wt_memory mem;
  wt_global g;
  wt_table t;
  wt_val v = wt_val_i32(1), r;
  int32_t x;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "f", &fn));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &mem));
  CHECK_OK(wt_instance_get_global(f.cx, &f.inst, "g", &g));
  CHECK_OK(wt_instance_get_table(f.cx, &f.inst, "t", &t));
  CHECK_RC(wt_func_call_i32(ox, &fn, NULL, 0, &x), WT_INVALID);
  CHECK_STR(wt_errmsg(), "another store");
  CHECK_RC(wt_func_call(ox, &fn, NULL, 0, &r, 1), WT_INVALID);
  CHECK_RC(wt_memory_write_i32(ox, &mem, 0, 5), WT_INVALID);
  CHECK(memory_size_of(ox, &mem) == UINT64_MAX && wt_memory_data(ox, &mem, NULL) == NULL);
  CHECK_RC(wt_global_set(ox, &g, &v), WT_INVALID);
  CHECK_RC(wt_table_get(ox, &t, 0, &r), WT_INVALID);
  wt_extern e;
  CHECK_RC(wt_instance_get_export(ox, &f.inst, "f", &e), WT_INVALID);
  wt_val fr = wt_val_funcref(&fn); /* a funcref of store 1 passed into store 2 */
  wt_table t2;
  CHECK_RC(wt_table_new(ox, WT_FUNCREF, 1, 2, &fr, &t2), WT_INVALID);
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, "nope", &empty), WT_NOT_FOUND);
  CHECK_RC(wt_func_call_i32(f.cx, &empty, NULL, 0, &x), WT_INVALID); /* zeroed by the failed lookup */
  CHECK_STR(wt_errmsg(), "empty");
  CHECK_OK(wt_func_call_i32(f.cx, &fn, NULL, 0, &x)); /* the right store still works */
  CHECK(x == 7);
  wt_store_delete(other);
  fixture_close(&f);
}

/* wt_func_call_raw: results come back in the argument slots; only the
 * slot count and the store are checked, so a function with a reference
 * type is refused, and so is too little room - and nothing runs. */
TEST(instance_raw_calls_numbers_only_with_room_for_all) {
  fixture f;
  if (open_calls(&f)) return;
  wt_func inc, tick, multi, dbl, ext;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "inc", &inc));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "tick", &tick));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "multi", &multi));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "dbl", &dbl));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "ext", &ext));
  wt_raw v[3] = {{.i32 = 41}};
  CHECK_OK(wt_func_call_raw(f.cx, &inc, v, 1));
  CHECK(v[0].i32 == 42);
  CHECK_OK(wt_func_call_raw(f.cx, &inc, v, 3)); /* more room than needed is fine */
  CHECK(v[0].i32 == 43);
  CHECK_OK(wt_func_call_raw(f.cx, &tick, NULL, 0));
  v[0].i32 = 7;
  v[1].i64 = -5;
  CHECK_OK(wt_func_call_raw(f.cx, &multi, v, 3));
  CHECK(v[0].i64 == -5 && v[1].i32 == 7 && v[2].f64 == 2.5);
  for (int i = 0; i < 16; i++) v[0].v128[i] = (uint8_t)i;
  CHECK_OK(wt_func_call_raw(f.cx, &dbl, v, 1));
  CHECK(v[0].v128[15] == 30);
  CHECK(counter(&f) == 4);
  CHECK_RC(wt_func_call_raw(f.cx, &multi, v, 2), WT_INVALID); /* three results */
  CHECK_STR(wt_errmsg(), "needs 3");
  CHECK_RC(wt_func_call_raw(f.cx, &inc, NULL, 0), WT_INVALID);
  CHECK_RC(wt_func_call_raw(f.cx, &ext, v, 1), WT_UNSUPPORTED);
  CHECK_RC(wt_func_call_raw(NULL, &inc, v, 1), WT_INVALID);
  CHECK_RC(wt_func_call_raw(f.cx, NULL, v, 1), WT_INVALID);
  wt_store *other;
  CHECK_OK(wt_store_new(f.engine, NULL, NULL, &other));
  CHECK_RC(wt_func_call_raw(wt_store_context(other), &inc, v, 1), WT_INVALID);
  CHECK_STR(wt_errmsg(), "another store");
  wt_store_delete(other);
  CHECK(counter(&f) == 4); /* none of the refused calls ran */
  fixture_close(&f);
}

TEST(instance_raw_call_traps_like_any_call) {
  static const char M[] = "(module (func (export \"div\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))";
  fixture f;
  if (fixture_open(&f, NULL, M) || fixture_instantiate(&f)) return fixture_close(&f);
  wt_func div;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "div", &div));
  wt_raw v[2] = {{.i32 = 1}, {.i32 = 0}};
  CHECK_RC(wt_func_call_raw(f.cx, &div, v, 2), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_INTEGER_DIVISION_BY_ZERO);
  v[0].i32 = 84;
  v[1].i32 = 2;
  CHECK_OK(wt_func_call_raw(f.cx, &div, v, 2));
  CHECK(v[0].i32 == 42);
  fixture_close(&f);
}

/* wt.h's inline fast path (typed calls of a constant nargs up to 4, raw
 * calls) must agree with the exported functions on every outcome. Its
 * Wasmtime call goes through the store's call head, which the exported
 * functions do not use: counting calls there shows which path ran. */
static int head_calls;
static wt__error *(*head_real)(void *, const wt_func *, wt_raw *, size_t, wt__trap **);
static wt__error *counting_call(void *cx, const wt_func *f, wt_raw *vals, size_t nvals, wt__trap **trap) {
  head_calls++;
  return head_real(cx, f, vals, nvals, trap);
}

/* One arity N (a constant): the right call, then a wrong result kind and a
 * wrong kind at each position, inline and exported alike. */
#define INLINE_AGREES(N)                                                                       \
  do {                                                                                         \
    wt_func fn;                                                                                \
    wt_val a[N + 1];                                                                           \
    int64_t sum = 0, one, got = -1, got2 = -1;                                                 \
    int32_t i32 = -1;                                                                          \
    char msg[256];                                                                             \
    CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "f" #N, &fn));                                \
    for (int i = 0; i < N; i++) { a[i] = arity_arg(i, &one); sum += (i + 1) * one; }          \
    int before = head_calls;                                                                   \
    CHECK_OK(wt_func_call_i64(f.cx, &fn, a, N, &got));                                         \
    CHECK(got == sum && head_calls == before + 1);                                             \
    CHECK_OK((wt_func_call_i64)(f.cx, &fn, a, N, &got2));                                      \
    CHECK(got2 == sum && head_calls == before + 1);                                            \
    CHECK_RC(wt_func_call_i32(f.cx, &fn, a, N, &i32), WT_TYPE);                                \
    CHECK(i32 == 0);                                                                           \
    for (int p = 0; p < N; p++) {                                                              \
      wt_val keep = a[p];                                                                      \
      a[p] = p % 4 == 1 ? wt_val_i32(1) : wt_val_i64(1);                                       \
      for (int k = 0; k < 2; k++, a[p] = wt_val_null(WT_EXTERNREF)) {                          \
        got = got2 = -1;                                                                       \
        CHECK_RC(wt_func_call_i64(f.cx, &fn, a, N, &got), WT_TYPE);                            \
        snprintf(msg, sizeof msg, "%s", wt_errmsg());                                          \
        CHECK_RC((wt_func_call_i64)(f.cx, &fn, a, N, &got2), WT_TYPE);                         \
        CHECK(got == 0 && got2 == 0 && !strcmp(msg, wt_errmsg()));                             \
      }                                                                                        \
      a[p] = keep;                                                                             \
    }                                                                                          \
    CHECK(head_calls == before + 1); /* refusals never reach Wasmtime */                       \
  } while (0)

/* Every result kind and argument width through wt__call_slow (a deadline
 * to arm sends the inline path there) and inline, alike. */
static void slow_and_inline_kinds(fixture *g, wt_store *store) {
  wt_func fi, fl, ff, fd, mix;
  CHECK_OK(wt_instance_get_func(g->cx, &g->inst, "idi32", &fi));
  CHECK_OK(wt_instance_get_func(g->cx, &g->inst, "idi64", &fl));
  CHECK_OK(wt_instance_get_func(g->cx, &g->inst, "idf32", &ff));
  CHECK_OK(wt_instance_get_func(g->cx, &g->inst, "idf64", &fd));
  CHECK_OK(wt_instance_get_func(g->cx, &g->inst, "mix", &mix));
  for (int armed = 1; armed >= 0; armed--) {
    int32_t i = 0;
    int64_t l = 0;
    float f = 0;
    double d = 0;
    int before = head_calls;
    CHECK_OK(wt_store_set_timeout(store, armed ? 60000 : 0));
    CHECK_OK(wt_func_call_i32(g->cx, &fi, (wt_val[]){wt_val_i32(-7)}, 1, &i));
    CHECK_OK(wt_func_call_i64(g->cx, &fl, (wt_val[]){wt_val_i64(INT64_C(0x123456789abcdef0))}, 1, &l));
    CHECK_OK(wt_func_call_f32(g->cx, &ff, (wt_val[]){wt_val_f32(-2.5f)}, 1, &f));
    CHECK_OK(wt_func_call_f64(g->cx, &fd, (wt_val[]){wt_val_f64(1e300)}, 1, &d));
    CHECK(i == -7 && l == INT64_C(0x123456789abcdef0) && f == -2.5f && d == 1e300);
    CHECK_OK(wt_func_call_f64(g->cx, &mix,
                              (wt_val[]){wt_val_i32(3), wt_val_i64(INT64_C(1) << 40), wt_val_f32(0.5f), wt_val_f64(0.25)},
                              4, &d));
    CHECK(d == 3.0 + 1099511627776.0 + 0.75);
    CHECK(head_calls == before + (armed ? 0 : 5));
  }
}

TEST(instance_inline_calls_agree_with_the_exported_functions) {
  static const char TRAPS[] = "(module (func (export \"div\") (param i32 i32) (result i32)"
                              "  local.get 0 local.get 1 i32.div_s)"
                              " (func (export \"idi32\") (param i32) (result i32) local.get 0)"
                              " (func (export \"idi64\") (param i64) (result i64) local.get 0)"
                              " (func (export \"idf32\") (param f32) (result f32) local.get 0)"
                              " (func (export \"idf64\") (param f64) (result f64) local.get 0)"
                              " (func (export \"mix\") (param i32 i64 f32 f64) (result f64)"
                              "  local.get 0 f64.convert_i32_s local.get 1 f64.convert_i64_s f64.add"
                              "  local.get 2 f64.promote_f32 f64.add local.get 3 f64.add))";
#if !defined(__OPTIMIZE__) || defined(WT_NO_INLINE_CALLS)
  fprintf(stderr, "  SKIPPED: instance_inline_calls_agree_with_the_exported_functions: this build has no inline path\n");
  return;
#endif
  char wat[8192];
  arity_wat(wat, sizeof wat);
  fixture f;
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  if (fixture_open(&f, &o, wat) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt__call_head *h = (wt__call_head *)(void *)f.cx;
  head_real = h->call;
  h->call = counting_call;
  wt_func f0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "f0", &f0));
  CHECK_RC(wt_func_call_0(f.cx, &f0, NULL, 0), WT_TYPE); /* f0 returns an i64 */
  int64_t got = -1;
  CHECK_OK(wt_func_call_i64(f.cx, &f0, NULL, 0, &got));
  CHECK(got == 0 && head_calls == 1);
  INLINE_AGREES(0);
  INLINE_AGREES(1);
  INLINE_AGREES(2);
  INLINE_AGREES(3);
  INLINE_AGREES(4);
  /* arguments built at the call: their kinds are constants, the array
   * folds away, and a wrong one still gets the exported function's words */
  int before = head_calls;
  wt_func f1, f2;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "f1", &f1));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "f2", &f2));
  CHECK_OK(wt_func_call_i64(f.cx, &f2, (wt_val[]){wt_val_i32(3), wt_val_i64(5)}, 2, &got));
  CHECK(got == 3 + 2 * 5 && head_calls == before + 1);
  CHECK_RC(wt_func_call_i64(f.cx, &f1, (wt_val[]){wt_val_i64(3)}, 1, &got), WT_TYPE);
  CHECK_STR(wt_errmsg(), "argument 0 is i64, expected i32");
  CHECK_RC(wt_func_call_i64(f.cx, &f2, (wt_val[]){wt_val_i32(3), wt_val_f32(5)}, 2, &got), WT_TYPE);
  CHECK_STR(wt_errmsg(), "argument 1 is f32, expected i64");
  CHECK_RC(wt_func_call_f64(f.cx, &f1, (wt_val[]){wt_val_i32(3)}, 1, &(double){1}), WT_TYPE);
  CHECK_RC(wt_func_call_0(f.cx, &f1, (wt_val[]){wt_val_i32(3)}, 1), WT_TYPE);
  CHECK_RC(wt_func_call_i64(NULL, &f1, (wt_val[]){wt_val_i32(3)}, 1, &got), WT_INVALID);
  CHECK_STR(wt_errmsg(), "wt_func_call_i64: argument 'cx' is NULL");
  CHECK(got == 0 && head_calls == before + 1);
  /* a kind byte out of range never passes for another kind (0x10 would
   * shift into the next argument's place of the signature) */
  wt_val odd[2] = {wt_val_i32(1), wt_val_i32(2)};
  odd[0].kind = 0x10;
  CHECK_RC(wt_func_call_i64(f.cx, &f2, odd, 2, &got), WT_TYPE);
  CHECK_RC((wt_func_call_i64)(f.cx, &f2, odd, 2, &got), WT_TYPE);
  CHECK_RC(wt_func_call_i64(f.cx, &f2, odd, (size_t)(head_calls < 0) + 2, &got), WT_TYPE);
  CHECK_RC(wt_func_call_i32(f.cx, &f1, odd, 1, &(int32_t){0}), WT_TYPE);
  CHECK_RC((wt_func_call_i32)(f.cx, &f1, odd, 1, &(int32_t){0}), WT_TYPE);
  CHECK(head_calls == before + 1);
  /* out may be one of the arguments: it is written after they are read */
  for (int armed = 0; armed < 2; armed++) {
    CHECK_OK(wt_store_set_timeout(f.store, armed ? 60000 : 0));
    wt_val x = wt_val_i32(41);
    CHECK_OK(wt_func_call_i64(f.cx, &f1, &x, 1, &x.of.i64));
    CHECK(x.of.i64 == 41);
    x = wt_val_i32(41);
    CHECK_OK((wt_func_call_i64)(f.cx, &f1, &x, 1, &x.of.i64));
    CHECK(x.of.i64 == 41);
  }
  CHECK_OK(wt_store_set_timeout(f.store, 0));
  /* nargs not a constant, or a deadline to arm: the exported functions */
  before = head_calls;
  size_t zero = (size_t)(head_calls < 0);
  CHECK_OK(wt_func_call_i64(f.cx, &f0, NULL, zero, &got));
  CHECK_OK(wt_store_set_timeout(f.store, 60000));
  got = -1;
  CHECK_OK(wt_func_call_i64(f.cx, &f2, (wt_val[]){wt_val_i32(4), wt_val_i64(1)}, 2, &got));
  CHECK(got == 4 + 2 * 1 && head_calls == before); /* through wt__call_slow */
  CHECK_OK(wt_store_set_timeout(f.store, 0));
  CHECK_OK(wt_func_call_i64(f.cx, &f0, NULL, 0, &got));
  CHECK(head_calls == before + 1);
  /* a handle of another store: refused by name, like the exported call */
  fixture g;
  if (fixture_open(&g, &o, TRAPS) || fixture_instantiate(&g)) { fixture_close(&g); fixture_close(&f); return; }
  wt_func div;
  wt_val two[2] = {wt_val_i32(84), wt_val_i32(0)};
  int32_t q = -1;
  CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "div", &div));
  CHECK_RC(wt_func_call_i32(f.cx, &div, two, 2, &q), WT_INVALID);
  CHECK(q == 0 && head_calls == before + 1);
  /* traps: the outcome recorded by wt__call_outcome, out zeroed */
  wt__call_head *gh = (wt__call_head *)(void *)g.cx;
  gh->call = counting_call;
  CHECK_OK(wt_func_call_i32(g.cx, &div, (wt_val[]){wt_val_i32(84), wt_val_i32(4)}, 2, &q));
  CHECK(q == 21 && head_calls == before + 2);
  q = -1;
  CHECK_RC(wt_func_call_i32(g.cx, &div, two, 2, &q), WT_TRAP);
  CHECK(q == 0 && wt_trap_code() == WT_TRAP_INTEGER_DIVISION_BY_ZERO && head_calls == before + 3);
  two[1] = wt_val_i32(2);
  CHECK_OK(wt_func_call_i32(g.cx, &div, two, 2, &q));
  CHECK(q == 42 && head_calls == before + 4);
  wt_raw v[2] = {{.i32 = 1}, {.i32 = 0}};
  CHECK_RC(wt_func_call_raw(g.cx, &div, v, 2), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_INTEGER_DIVISION_BY_ZERO && head_calls == before + 5);
  CHECK_RC(wt_func_call_raw(g.cx, &div, v, 1), WT_INVALID); /* no room for both arguments */
  CHECK(head_calls == before + 5);
  v[0].i32 = 84, v[1].i32 = 2;
  CHECK_OK(wt_func_call_raw(g.cx, &div, v, 2));
  CHECK(v[0].i32 == 42 && head_calls == before + 6);
  slow_and_inline_kinds(&g, g.store);
  fixture_close(&g);
  fixture_close(&f);
}
