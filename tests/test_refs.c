/* test_refs.c - what a reference value refers to (wt_val_ref_kind): i31,
 * struct, array, an internalized host reference, funcref, externref, null. */
#include "harness.h"

static const char REFS[] =
    "(module\n"
    "  (type $s (struct (field i32)))\n"
    "  (type $a (array i8))\n"
    "  (func $f (export \"f\"))\n"
    "  (func (export \"i31\") (result anyref) (ref.i31 (i32.const 7)))\n"
    "  (func (export \"struct\") (result anyref) (struct.new $s (i32.const 1)))\n"
    "  (func (export \"array\") (result anyref) (array.new_default $a (i32.const 3)))\n"
    "  (func (export \"null\") (result anyref) (ref.null any))\n"
    "  (func (export \"internalize\") (param externref) (result anyref) (any.convert_extern (local.get 0)))\n"
    "  (func (export \"funcref\") (result funcref) (ref.func $f))\n"
    "  (elem declare func $f))";

static int kind_of_result(fixture *f, const char *name, const wt_val *arg, size_t nargs, int rkind) {
  wt_func fn;
  wt_val r = wt_val_null((wt_valkind)rkind);
  int rc = wt_instance_get_func(f->cx, &f->inst, name, &fn);
  if (!rc) rc = wt_func_call(f->cx, &fn, arg, nargs, &r, 1);
  int k = rc ? -rc : wt_val_ref_kind(f->cx, &r);
  wt_val_release(&r);
  return k;
}

TEST(refs_kinds_of_anyref_values) {
  if (wasmtime_major() < 45) SKIP("runs with GC off (wt keeps it off before 45: the C API aborts on GC value types)");
  fixture f;
  if (fixture_open(&f, NULL, REFS)) return;
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK(kind_of_result(&f, "i31", NULL, 0, WT_ANYREF) == WT_REF_I31);
  CHECK(kind_of_result(&f, "struct", NULL, 0, WT_ANYREF) == WT_REF_STRUCT);
  CHECK(kind_of_result(&f, "array", NULL, 0, WT_ANYREF) == WT_REF_ARRAY);
  CHECK(kind_of_result(&f, "null", NULL, 0, WT_ANYREF) == WT_REF_NULL);
  CHECK(kind_of_result(&f, "funcref", NULL, 0, WT_FUNCREF) == WT_REF_FUNC);
  wt_val ext;
  static int data;
  CHECK_OK(wt_val_externref(f.cx, &data, NULL, &ext));
  CHECK(wt_val_ref_kind(f.cx, &ext) == WT_REF_EXTERN);
  CHECK(kind_of_result(&f, "internalize", &ext, 1, WT_ANYREF) == WT_REF_ANY); /* a host ref as anyref */
  wt_val_release(&ext);
  wt_val num = wt_val_i32(1);
  CHECK(wt_val_ref_kind(f.cx, &num) == -WT_INVALID);
  CHECK_STR(wt_errmsg(), "not a reference");
  fixture_close(&f);
}

/* Values cross every boundary where wt hands them to Wasmtime or takes them
 * back: call arguments and results, globals, tables, a host function's
 * arguments and results, and the release of a root. On Wasmtime 36, whose
 * wasmtime_val_t is 24 bytes (wt_val is 32), each crossing converts (the
 * line's val_size): an externref's data and a funcref's identity survive
 * only if every conversion is right. */
static const char CROSS[] =
    "(module\n"
    "  (import \"env\" \"echo\" (func $echo (param externref funcref i64 v128) (result externref funcref i64 v128)))\n"
    "  (global $g (export \"g\") (mut externref) (ref.null extern))\n"
    "  (table $t (export \"t\") 2 externref)\n"
    "  (func $id (export \"id\") (param i32) (result i32) local.get 0)\n"
    "  (func (export \"through\") (param externref funcref i64 v128) (result externref funcref i64 v128)\n"
    "    (global.set $g (local.get 0)) (table.set $t (i32.const 1) (global.get $g))\n"
    "    (call $echo (table.get $t (i32.const 1)) (local.get 1) (local.get 2) (local.get 3))))";

static int echo_calls;
static wt_status echo(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)c;
  echo_calls++;
  for (size_t i = 0; i < na && i < nr; i++) r[i] = a[i];
  return WT_OK;
}

static int finalized;
static void fin_count(void *p) { (void)p; finalized++; }

/* echo's adapter: a signature with references never calls it (the
 * checked callback runs echo itself), which adapter_calls shows. */
WT_HOST_ADAPTER(echo_adapter, echo);
static int adapter_calls, echo_finalized;
static wt_trap *counting_echo_adapter(struct wt__host *record, wt_caller *c, wt_raw *slots, size_t n) {
  adapter_calls++;
  return echo_adapter(record, c, slots, n);
}
static void echo_fin(void *p) { (void)p; echo_finalized++; }

/* env.echo defined by the linker (way 0), or a function of the store made
 * by wt_func_new (1) or wt_func_new_adapted (2) and defined as an item. */
static wt_status define_echo(fixture *f, int way) {
  static const uint8_t k[] = {WT_EXTERNREF, WT_FUNCREF, WT_I64, WT_V128};
  wt_extern item = {WT_EXTERN_FUNC, {{{0}}}};
  wt_status rc;
  if (way == 0) return wt_linker_define_func(f->linker, "env", "echo", k, 4, k, 4, echo, NULL, echo_fin);
  rc = way == 1 ? wt_func_new(f->cx, k, 4, k, 4, echo, NULL, echo_fin, &item.of.func)
                : wt_func_new_adapted(f->cx, k, 4, k, 4, counting_echo_adapter, echo, NULL, echo_fin, &item.of.func);
  return rc ? rc : wt_linker_define(f->linker, f->cx, "env", "echo", &item);
}

static void values_cross_every_boundary(int way) {
  fixture f;
  if (fixture_open(&f, NULL, CROSS)) return;
  adapter_calls = echo_finalized = 0;
  CHECK_OK(define_echo(&f, way));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  if (!strcmp(wt_abi_line(), "Wasmtime 36")) printf("note: Wasmtime 36: its 24-byte values are converted at each crossing\n");
  static int data = 42;
  finalized = 0;
  wt_func through, id;
  wt_val a[4], r[4];
  uint8_t bytes[16];
  for (int i = 0; i < 16; i++) bytes[i] = (uint8_t)(3 * i + 1);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "through", &through));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "id", &id));
  CHECK_OK(wt_val_externref(f.cx, &data, fin_count, &a[0]));
  a[1] = wt_val_funcref(&id);
  a[2] = wt_val_i64(-1234567890123ll);
  a[3] = wt_val_v128(bytes);
  echo_calls = 0;
  CHECK_OK(wt_func_call(f.cx, &through, a, 4, r, 4));
  CHECK(echo_calls == 1);
  CHECK(r[0].kind == WT_EXTERNREF && wt_val_externref_data(f.cx, &r[0]) == &data);
  wt_func back;
  int32_t seven = 0;
  CHECK_OK(wt_val_get_funcref(f.cx, &r[1], &back));
  CHECK_OK(wt_func_call_i32(f.cx, &back, (wt_val[]){wt_val_i32(7)}, 1, &seven));
  CHECK(seven == 7);
  CHECK(r[2].kind == WT_I64 && r[2].of.i64 == -1234567890123ll);
  CHECK(r[3].kind == WT_V128 && !memcmp(r[3].of.v128, bytes, 16));
  /* the global and the table hold it too */
  wt_global g;
  wt_table t;
  wt_val gv, tv;
  CHECK_OK(wt_instance_get_global(f.cx, &f.inst, "g", &g));
  CHECK_OK(wt_global_get(f.cx, &g, &gv));
  CHECK(gv.kind == WT_EXTERNREF && wt_val_externref_data(f.cx, &gv) == &data);
  CHECK_OK(wt_instance_get_table(f.cx, &f.inst, "t", &t));
  CHECK_OK(wt_table_get(f.cx, &t, 1, &tv));
  CHECK(wt_val_externref_data(f.cx, &tv) == &data);
  CHECK_OK(wt_table_set(f.cx, &t, 0, &gv));
  CHECK_OK(wt_table_grow(f.cx, &t, 1, &gv, NULL));
  wt_val t2;
  CHECK_OK(wt_table_get(f.cx, &t, 2, &t2));
  CHECK(wt_val_externref_data(f.cx, &t2) == &data);
  /* nothing roots it any more: released, collected; finalized with the store at the latest */
  wt_val null = wt_val_null(WT_EXTERNREF);
  CHECK_OK(wt_global_set(f.cx, &g, &null));
  for (uint64_t i = 0; i < 3; i++) CHECK_OK(wt_table_set(f.cx, &t, i, &null));
  wt_val_release(&a[0]);
  wt_val_release(&r[0]);
  wt_val_release(&gv);
  wt_val_release(&tv);
  wt_val_release(&t2);
  CHECK(wt_val_is_null(&a[0]) && wt_val_is_null(&r[0]));
  CHECK_OK(wt_store_gc(f.store));
  CHECK(finalized <= 1);
  CHECK(echo_finalized == 0 && adapter_calls == 0);
  fixture_close(&f);
  CHECK(finalized == 1); /* exactly once */
  CHECK(echo_finalized == 1); /* the host function's env too */
}
TEST(refs_values_cross_every_boundary) { values_cross_every_boundary(0); }
TEST(refs_values_cross_every_boundary_into_a_function_of_the_store) { values_cross_every_boundary(1); }
TEST(refs_values_cross_every_boundary_into_an_adapted_function_of_the_store) { values_cross_every_boundary(2); }
