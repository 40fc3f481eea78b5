/* test_instance.c - exports, generic and typed calls, values and
 * references, host functions, linking, InstancePre. */
#include <math.h>
#include <stdlib.h>

#include "harness.h"

static const char WAT[] =
    "(module\n"
    "  (global $calls (mut i32) (i32.const 0))\n"
    "  (func (export \"add\") (param i32 i32) (result i32)\n"
    "    global.get $calls i32.const 1 i32.add global.set $calls local.get 0 local.get 1 i32.add)\n"
    "  (func (export \"calls\") (result i32) global.get $calls)\n"
    "  (func (export \"nop\"))\n"
    "  (func (export \"i64\") (param i64) (result i64) local.get 0 i64.const 1 i64.add)\n"
    "  (func (export \"f32\") (param f32) (result f32) local.get 0 f32.neg)\n"
    "  (func (export \"f64\") (param f64 f64) (result f64) local.get 0 local.get 1 f64.div)\n"
    "  (func (export \"multi\") (param i32 i64 f32 f64) (result f64 f32 i64 i32)\n"
    "    local.get 3 local.get 2 local.get 1 local.get 0)\n"
    "  (func (export \"v128\") (param v128) (result v128) local.get 0 local.get 0 i32x4.add)\n"
    "  (func (export \"id_ext\") (param externref) (result externref) local.get 0)\n"
    "  (func (export \"id_func\") (param funcref) (result funcref) local.get 0)\n"
    "  (memory (export \"mem\") 1))";

static int32_t calls(fixture *f) {
  wt_func c;
  int32_t n = -1;
  CHECK_OK(wt_instance_get_func(f->cx, &f->inst, "calls", &c));
  CHECK_OK(wt_func_call_i32(f->cx, &c, NULL, 0, &n));
  return n;
}

TEST(instance_export_lookup) {
  fixture f;
  if (fixture_open(&f, NULL, WAT) || fixture_instantiate(&f)) return fixture_close(&f);
  wt_func fn;
  wt_memory mem;
  wt_global g;
  wt_extern e;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "add", &fn));
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, "missing", &fn), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "missing");
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, "mem", &fn), WT_TYPE);
  CHECK_STR(wt_errmsg(), "is a memory");
  CHECK_RC(wt_instance_get_global(f.cx, &f.inst, "add", &g), WT_TYPE);
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "mem", &mem));
  CHECK_OK(wt_instance_get_export(f.cx, &f.inst, "nop", &e));
  CHECK(e.kind == WT_EXTERN_FUNC);
  size_t i = 0, len;
  const char *name;
  while (wt_instance_export_nth(f.cx, &f.inst, i, &name, &len, &e) == WT_OK) i++;
  CHECK(i == 11);
  CHECK_OK(wt_instance_export_nth(f.cx, &f.inst, 10, &name, &len, &e));
  CHECK(len == 3 && !memcmp(name, "mem", 3) && e.kind == WT_EXTERN_MEMORY);
  CHECK_RC(wt_instance_get_func(NULL, &f.inst, "add", &fn), WT_INVALID);
  fixture_close(&f);
}

TEST(instance_generic_and_typed_calls) {
  fixture f;
  if (fixture_open(&f, NULL, WAT) || fixture_instantiate(&f)) return fixture_close(&f);
  wt_func add, i64, f32, f64, nop, multi;
  wt_instance_get_func(f.cx, &f.inst, "add", &add);
  wt_instance_get_func(f.cx, &f.inst, "i64", &i64);
  wt_instance_get_func(f.cx, &f.inst, "f32", &f32);
  wt_instance_get_func(f.cx, &f.inst, "f64", &f64);
  wt_instance_get_func(f.cx, &f.inst, "nop", &nop);
  wt_instance_get_func(f.cx, &f.inst, "multi", &multi);
  wt_val args[4] = {wt_val_i32(40), wt_val_i32(2)}, res[4];
  CHECK_OK(wt_func_call(f.cx, &add, args, 2, res, 1));
  CHECK(res[0].kind == WT_I32 && res[0].of.i32 == 42);
  int32_t r32;
  int64_t r64;
  float rf;
  double rd;
  CHECK_OK(wt_func_call_i32(f.cx, &add, args, 2, &r32));
  CHECK(r32 == 42);
  wt_val a64 = wt_val_i64(INT64_MAX - 1), af = wt_val_f32(1.5f), ad[2] = {wt_val_f64(1), wt_val_f64(4)};
  CHECK_OK(wt_func_call_i64(f.cx, &i64, &a64, 1, &r64));
  CHECK(r64 == INT64_MAX);
  CHECK_OK(wt_func_call_f32(f.cx, &f32, &af, 1, &rf));
  CHECK(rf == -1.5f);
  CHECK_OK(wt_func_call_f64(f.cx, &f64, ad, 2, &rd));
  CHECK(rd == 0.25);
  CHECK_OK(wt_func_call_0(f.cx, &nop, NULL, 0));
  wt_val m[4] = {wt_val_i32(1), wt_val_i64(2), wt_val_f32(3), wt_val_f64(4)};
  CHECK_OK(wt_func_call(f.cx, &multi, m, 4, res, 4));
  CHECK(res[0].kind == WT_F64 && res[0].of.f64 == 4 && res[1].of.f32 == 3 && res[2].of.i64 == 2 &&
        res[3].kind == WT_I32 && res[3].of.i32 == 1);
  CHECK(calls(&f) == 2);
  fixture_close(&f);
}

TEST(instance_wrong_arguments_run_nothing) {
  fixture f;
  if (fixture_open(&f, NULL, WAT) || fixture_instantiate(&f)) return fixture_close(&f);
  wt_func add, multi;
  wt_instance_get_func(f.cx, &f.inst, "add", &add);
  wt_instance_get_func(f.cx, &f.inst, "multi", &multi);
  wt_val one = wt_val_i32(1), mixed[2] = {wt_val_i32(1), wt_val_i64(2)}, res[2];
  int32_t r32 = 9;
  int64_t r64;
  CHECK_RC(wt_func_call(f.cx, &add, &one, 1, res, 1), WT_INVALID);
  CHECK_STR(wt_errmsg(), "expected 2 arguments");
  CHECK_RC(wt_func_call(f.cx, &add, mixed, 2, res, 1), WT_TYPE);
  CHECK_RC(wt_func_call(f.cx, &add, mixed, 2, res, 2), WT_TYPE);
  wt_val two[2] = {wt_val_i32(1), wt_val_i32(2)};
  CHECK_RC(wt_func_call(f.cx, &add, two, 2, res, 2), WT_INVALID); /* result count */
  CHECK_RC(wt_func_call_i32(f.cx, &add, &one, 1, &r32), WT_INVALID);
  CHECK(r32 == 0);
  CHECK_RC(wt_func_call_i32(f.cx, &add, mixed, 2, &r32), WT_TYPE);
  CHECK_RC(wt_func_call_i64(f.cx, &add, two, 2, &r64), WT_TYPE);
  CHECK_STR(wt_errmsg(), "i64");
  CHECK_RC(wt_func_call_0(f.cx, &add, two, 2), WT_TYPE);
  CHECK_RC(wt_func_call_i32(f.cx, &multi, two, 2, &r32), WT_INVALID);
  CHECK_RC(wt_func_call(f.cx, NULL, two, 2, res, 1), WT_INVALID);
  CHECK_RC(wt_func_call(f.cx, &add, NULL, 2, res, 1), WT_INVALID);
  CHECK(calls(&f) == 0); /* none of the above ran */
  fixture_close(&f);
}

TEST(instance_v128_round_trip) {
  fixture f;
  if (fixture_open(&f, NULL, WAT) || fixture_instantiate(&f)) return fixture_close(&f);
  wt_func v;
  wt_instance_get_func(f.cx, &f.inst, "v128", &v);
  uint8_t in[16];
  for (int i = 0; i < 16; i++) in[i] = (uint8_t)(i * 17);
  wt_val a = wt_val_v128(in), r;
  CHECK_OK(wt_func_call(f.cx, &v, &a, 1, &r, 1));
  CHECK(r.kind == WT_V128);
  for (int lane = 0; lane < 4; lane++) {
    uint32_t x, y;
    memcpy(&x, in + 4 * lane, 4);
    memcpy(&y, r.of.v128 + 4 * lane, 4);
    CHECK(y == x + x);
  }
  fixture_close(&f);
}

static int ext_finalized;
static void ext_fin(void *p) { ext_finalized += (int)(intptr_t)p; }

TEST(instance_externref_and_funcref_values) {
  fixture f;
  if (fixture_open(&f, NULL, WAT) || fixture_instantiate(&f)) return fixture_close(&f);
  wt_func idx, idf, add, back;
  wt_instance_get_func(f.cx, &f.inst, "id_ext", &idx);
  wt_instance_get_func(f.cx, &f.inst, "id_func", &idf);
  wt_instance_get_func(f.cx, &f.inst, "add", &add);
  wt_val x, r;
  CHECK_OK(wt_val_externref(f.cx, (void *)(intptr_t)7, ext_fin, &x));
  CHECK(x.kind == WT_EXTERNREF && !wt_val_is_null(&x));
  CHECK(wt_val_externref_data(f.cx, &x) == (void *)(intptr_t)7);
  CHECK_OK(wt_func_call(f.cx, &idx, &x, 1, &r, 1));
  CHECK(wt_val_externref_data(f.cx, &r) == (void *)(intptr_t)7);
  wt_val_release(&r);
  wt_val_release(&x);
  CHECK(wt_val_is_null(&x));
  wt_val nul = wt_val_null(WT_EXTERNREF);
  CHECK_OK(wt_func_call(f.cx, &idx, &nul, 1, &r, 1));
  CHECK(wt_val_is_null(&r) && wt_val_externref_data(f.cx, &r) == NULL);
  wt_val fr = wt_val_funcref(&add);
  CHECK_OK(wt_func_call(f.cx, &idf, &fr, 1, &r, 1));
  CHECK(r.kind == WT_FUNCREF && !wt_val_is_null(&r));
  CHECK_OK(wt_val_get_funcref(f.cx, &r, &back));
  wt_val two[2] = {wt_val_i32(2), wt_val_i32(3)};
  int32_t s = 0;
  CHECK_OK(wt_func_call_i32(f.cx, &back, two, 2, &s)); /* signature recorded anew */
  CHECK(s == 5);
  wt_val nf = wt_val_funcref(NULL);
  CHECK_RC(wt_val_get_funcref(f.cx, &nf, &back), WT_NOT_FOUND);
  CHECK_RC(wt_val_get_funcref(f.cx, &two[0], &back), WT_INVALID);
  int32_t r32;
  CHECK_RC(wt_func_call_i32(f.cx, &idx, &nul, 1, &r32), WT_UNSUPPORTED);
  wt_store_delete(f.store); /* collects the externref: its finalizer runs */
  f.store = NULL;
  CHECK(ext_finalized == 7);
  fixture_close(&f);
}

/* ---- host functions ---- */

static int host_calls;

static int host_double(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results,
                       size_t nresults) {
  (void)caller, (void)nargs, (void)nresults;
  host_calls += *(int *)env;
  results[0] = wt_val_i64(2 * (int64_t)args[0].of.i32);
  return WT_OK;
}

static int host_fail(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)args, (void)nargs, (void)results, (void)nresults;
  return wt_caller_trap(caller, "host says no to %d", 42);
}

/* Reads a string the guest passes as (ptr, len) from the caller's memory. */
static char seen[64];
static int host_puts(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)nargs, (void)results, (void)nresults;
  wt_memory mem;
  int rc = wt_caller_memory(caller, "mem", &mem);
  if (rc) return rc;
  size_t len = (size_t)args[1].of.i32 < sizeof seen - 1 ? (size_t)args[1].of.i32 : sizeof seen - 1;
  rc = wt_memory_read(wt_caller_context(caller), &mem, (uint64_t)(uint32_t)args[0].of.i32, seen, len);
  seen[len] = 0;
  return rc;
}

static int host_ref(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)caller, (void)nargs, (void)nresults;
  results[0] = args[0]; /* externref passes through the checked path */
  return WT_OK;
}

static int host_finalized;
static void host_fin(void *p) { host_finalized += *(int *)p; }

static const char HOST_WAT[] =
    "(module (import \"env\" \"double\" (func $d (param i32) (result i64)))\n"
    "  (import \"env\" \"fail\" (func $f))\n"
    "  (import \"env\" \"puts\" (func $p (param i32 i32)))\n"
    "  (import \"env\" \"ref\" (func $r (param externref) (result externref)))\n"
    "  (memory (export \"mem\") 1) (data (i32.const 16) \"hello, host\")\n"
    "  (func (export \"d\") (param i32) (result i64) local.get 0 call $d)\n"
    "  (func (export \"f\") call $f)\n"
    "  (func (export \"p\") i32.const 16 i32.const 11 call $p)\n"
    "  (func (export \"r\") (param externref) (result externref) local.get 0 call $r))";

TEST(linker_host_functions) {
  fixture f;
  static int one = 1;
  static const uint8_t i32[] = {WT_I32, WT_I32}, i64[] = {WT_I64}, ext[] = {WT_EXTERNREF};
  if (fixture_open(&f, NULL, HOST_WAT)) return fixture_close(&f);
  CHECK_OK(wt_linker_define_func(f.linker, "env", "double", i32, 1, i64, 1, host_double, &one, host_fin));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "fail", NULL, 0, NULL, 0, host_fail, NULL, NULL));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "puts", i32, 2, NULL, 0, host_puts, NULL, NULL));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "ref", ext, 1, ext, 1, host_ref, NULL, NULL));
  CHECK_RC(wt_linker_define_func(f.linker, "env", "bad", NULL, 0, NULL, 0, NULL, &one, host_fin), WT_INVALID);
  CHECK(host_finalized == 1); /* a failed definition still runs the finalizer */
  if (fixture_instantiate(&f)) return fixture_close(&f);
  wt_func d, fl, p, r;
  wt_instance_get_func(f.cx, &f.inst, "d", &d);
  wt_instance_get_func(f.cx, &f.inst, "f", &fl);
  wt_instance_get_func(f.cx, &f.inst, "p", &p);
  wt_instance_get_func(f.cx, &f.inst, "r", &r);
  wt_val a = wt_val_i32(-21);
  int64_t out = 0;
  CHECK_OK(wt_func_call_i64(f.cx, &d, &a, 1, &out));
  CHECK(out == -42 && host_calls == 1);
  CHECK_RC(wt_func_call_0(f.cx, &fl, NULL, 0), WT_TRAP);
  CHECK_STR(wt_errmsg(), "host says no to 42");
  CHECK_OK(wt_func_call_0(f.cx, &p, NULL, 0));
  CHECK(!strcmp(seen, "hello, host"));
  wt_val x, y;
  CHECK_OK(wt_val_externref(f.cx, (void *)0x1234, NULL, &x));
  CHECK_OK(wt_func_call(f.cx, &r, &x, 1, &y, 1));
  CHECK(wt_val_externref_data(f.cx, &y) == (void *)0x1234);
  wt_val_release(&x);
  wt_val_release(&y);
  fixture_close(&f);
  CHECK(host_finalized == 2); /* and a defined one when linker and store are gone */
}

TEST(linker_unknown_import_and_define_instance) {
  fixture f;
  if (fixture_open(&f, NULL, HOST_WAT)) return fixture_close(&f);
  wt_instance inst;
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &inst), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "env::double");
  static const char A[] = "(module (func (export \"seven\") (result i32) i32.const 7)"
                          "(global (export \"g\") i32 (i32.const 5)))";
  static const char B[] = "(module (import \"a\" \"seven\" (func $s (result i32)))"
                          "(import \"a\" \"g\" (global $g i32))"
                          "(func (export \"twelve\") (result i32) call $s global.get $g i32.add))";
  wt_module *ma, *mb;
  wt_instance ia, ib;
  wt_func twelve;
  int32_t r = 0;
  CHECK_OK(wt_module_from_wat(f.engine, A, strlen(A), &ma));
  CHECK_OK(wt_module_from_wat(f.engine, B, strlen(B), &mb));
  CHECK_OK(wt_linker_instantiate(f.linker, f.cx, ma, &ia));
  CHECK_OK(wt_linker_define_instance(f.linker, f.cx, "a", &ia));
  CHECK_OK(wt_linker_instantiate(f.linker, f.cx, mb, &ib));
  CHECK_OK(wt_instance_get_func(f.cx, &ib, "twelve", &twelve));
  CHECK_OK(wt_func_call_i32(f.cx, &twelve, NULL, 0, &r));
  CHECK(r == 12);
  wt_extern e;
  CHECK_OK(wt_linker_get(f.linker, f.cx, "a", "seven", &e));
  CHECK(e.kind == WT_EXTERN_FUNC);
  CHECK_RC(wt_linker_get(f.linker, f.cx, "a", "nine", &e), WT_NOT_FOUND);
  /* a type clash: define a global where a function is expected */
  wt_linker *l2;
  wt_extern g;
  CHECK_OK(wt_linker_new(f.engine, &l2));
  CHECK_OK(wt_instance_get_export(f.cx, &ia, "g", &g));
  CHECK_OK(wt_linker_define(l2, f.cx, "a", "seven", &g));
  CHECK_OK(wt_linker_define(l2, f.cx, "a", "g", &g));
  CHECK_RC(wt_linker_instantiate(l2, f.cx, mb, &ib), WT_TYPE);
  CHECK_OK(wt_linker_define_unknown_imports_as_traps(f.linker, f.module));
  CHECK_OK(wt_linker_instantiate(f.linker, f.cx, f.module, &inst)); /* now links */
  wt_linker_delete(l2);
  wt_module_delete(ma);
  wt_module_delete(mb);
  fixture_close(&f);
}

TEST(linker_instance_pre_and_store_functions) {
  fixture f;
  static const char M[] = "(module (memory (export \"m\") 1) (data (i32.const 0) \"pre\")"
                          "(func (export \"f\") (result i32) i32.const 0 i32.load8_u))";
  if (fixture_open(&f, NULL, M)) return fixture_close(&f);
  wt_instance_pre *pre = NULL;
  CHECK_OK(wt_linker_instantiate_pre(f.linker, f.module, &pre));
  for (int i = 0; i < 3; i++) {
    wt_store *s;
    wt_instance inst;
    wt_func fn;
    int32_t r = 0;
    CHECK_OK(wt_store_new(f.engine, NULL, NULL, &s));
    wt_context *cx = wt_store_context(s);
    CHECK_OK(wt_instance_pre_instantiate(pre, cx, &inst));
    CHECK_OK(wt_instance_get_func(cx, &inst, "f", &fn));
    CHECK_OK(wt_func_call_i32(cx, &fn, NULL, 0, &r));
    CHECK(r == 'p');
    wt_store_delete(s);
  }
  wt_instance_pre_delete(pre);
  static const uint8_t i32[] = {WT_I32};
  wt_func hf;
  static int one = 1;
  CHECK_OK(wt_func_new(f.cx, i32, 1, (const uint8_t[]){WT_I64}, 1, host_double, &one, NULL, &hf));
  wt_val a = wt_val_i32(5);
  int64_t out;
  CHECK_OK(wt_func_call_i64(f.cx, &hf, &a, 1, &out));
  CHECK(out == 10);
  wt_extern_type t;
  CHECK_OK(wt_func_type(f.cx, &hf, &t));
  CHECK(t.nparams == 1 && t.nresults == 1 && t.results[0] == WT_I64);
  fixture_close(&f);
}
