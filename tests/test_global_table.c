/* test_global_table.c - globals of every type (get/set, const, kinds) and
 * tables (get/set/grow, bounds, element kinds). */
#include "harness.h"

static const char GT[] =
    "(module\n"
    "  (global (export \"i32\") (mut i32) (i32.const -1))\n"
    "  (global (export \"i64\") (mut i64) (i64.const -2))\n"
    "  (global (export \"f32\") (mut f32) (f32.const 0.5))\n"
    "  (global (export \"f64\") (mut f64) (f64.const 0.25))\n"
    "  (global (export \"v128\") (mut v128) (v128.const i32x4 1 2 3 4))\n"
    "  (global (export \"fref\") (mut funcref) (ref.null func))\n"
    "  (global (export \"eref\") (mut externref) (ref.null extern))\n"
    "  (global (export \"k\") i32 (i32.const 9))\n"
    "  (global $g (export \"read_i64\") (mut i64) (i64.const 0))\n"
    "  (table (export \"tab\") 2 4 funcref)\n"
    "  (table (export \"etab\") 1 externref)\n"
    "  (func $f (export \"f\") (result i32) i32.const 5)\n"
    "  (elem (table 0) (i32.const 1) func $f)\n"
    "  (func (export \"sum\") (result i64) global.get 1 global.get 0 i64.extend_i32_s i64.add))";

static wt_global glob(fixture *f, const char *name) {
  wt_global g;
  CHECK_OK(wt_instance_get_global(f->cx, &f->inst, name, &g));
  return g;
}

static int open_gt(fixture *f) {
  if (fixture_open(f, NULL, GT) || fixture_instantiate(f)) { fixture_close(f); return -1; }
  return 0;
}

TEST(global_get_set_every_number_type) {
  fixture f;
  if (open_gt(&f)) return;
  wt_global gi = glob(&f, "i32"), gl = glob(&f, "i64"), gs = glob(&f, "f32"), gd = glob(&f, "f64");
  int32_t i = 0;
  int64_t l = 0;
  float s = 0;
  double d = 0;
  CHECK_OK(wt_global_get_i32(f.cx, &gi, &i));
  CHECK_OK(wt_global_get_i64(f.cx, &gl, &l));
  CHECK_OK(wt_global_get_f32(f.cx, &gs, &s));
  CHECK_OK(wt_global_get_f64(f.cx, &gd, &d));
  CHECK(i == -1 && l == -2 && s == 0.5f && d == 0.25);
  CHECK_OK(wt_global_set_i32(f.cx, &gi, 40));
  CHECK_OK(wt_global_set_i64(f.cx, &gl, 2));
  CHECK_OK(wt_global_set_f32(f.cx, &gs, -8.5f));
  CHECK_OK(wt_global_set_f64(f.cx, &gd, 1e300));
  wt_func sum;
  int64_t r = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "sum", &sum));
  CHECK_OK(wt_func_call_i64(f.cx, &sum, NULL, 0, &r));
  CHECK(r == 42); /* wasm sees the host's writes */
  wt_val v;
  CHECK_OK(wt_global_get(f.cx, &gs, &v));
  CHECK(v.kind == WT_F32 && v.of.f32 == -8.5f);
  CHECK_OK(wt_global_get(f.cx, &gd, &v));
  CHECK(v.kind == WT_F64 && v.of.f64 == 1e300);
  v = wt_val_i64(-9);
  CHECK_OK(wt_global_set(f.cx, &gl, &v));
  CHECK_OK(wt_global_get_i64(f.cx, &gl, &l));
  CHECK(l == -9);
  fixture_close(&f);
}

TEST(global_kind_mismatch_and_const) {
  fixture f;
  if (open_gt(&f)) return;
  wt_global gi = glob(&f, "i32"), gl = glob(&f, "i64"), k = glob(&f, "k");
  int32_t i = 5;
  double d = 5;
  CHECK_RC(wt_global_get_f64(f.cx, &gi, &d), WT_TYPE);
  CHECK(d == 0);
  CHECK_RC(wt_global_set_i32(f.cx, &gl, 1), WT_TYPE);
  CHECK_RC(wt_global_set_f32(f.cx, &gi, 1), WT_TYPE);
  CHECK_RC(wt_global_set_i32(f.cx, &k, 10), WT_TYPE); /* const */
  CHECK_OK(wt_global_get_i32(f.cx, &k, &i));
  CHECK(i == 9);
  wt_val v = wt_val_i32(3);
  CHECK_RC(wt_global_set(f.cx, &k, &v), WT_TYPE);
  CHECK_RC(wt_global_get(f.cx, NULL, &v), WT_INVALID);
  CHECK_RC(wt_global_set(NULL, &gi, &v), WT_INVALID);
  fixture_close(&f);
}

TEST(global_v128_and_references) {
  fixture f;
  if (open_gt(&f)) return;
  wt_global gv = glob(&f, "v128"), gf = glob(&f, "fref"), ge = glob(&f, "eref");
  wt_val v;
  CHECK_OK(wt_global_get(f.cx, &gv, &v));
  CHECK(v.kind == WT_V128 && v.of.v128[0] == 1 && v.of.v128[12] == 4);
  uint8_t b[16];
  for (int i = 0; i < 16; i++) b[i] = (uint8_t)(0xf0 + i);
  v = wt_val_v128(b);
  CHECK_OK(wt_global_set(f.cx, &gv, &v));
  memset(&v, 0, sizeof v);
  CHECK_OK(wt_global_get(f.cx, &gv, &v));
  CHECK(!memcmp(v.of.v128, b, 16));
  CHECK_OK(wt_global_get(f.cx, &gf, &v));
  CHECK(v.kind == WT_FUNCREF && wt_val_is_null(&v));
  wt_func fn, back;
  int32_t r = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "f", &fn));
  v = wt_val_funcref(&fn);
  CHECK_OK(wt_global_set(f.cx, &gf, &v));
  CHECK_OK(wt_global_get(f.cx, &gf, &v));
  CHECK_OK(wt_val_get_funcref(f.cx, &v, &back));
  CHECK_OK(wt_func_call_i32(f.cx, &back, NULL, 0, &r));
  CHECK(r == 5);
  static int data = 3;
  wt_val e;
  CHECK_OK(wt_val_externref(f.cx, &data, NULL, &e));
  CHECK_OK(wt_global_set(f.cx, &ge, &e));
  wt_val_release(&e);
  CHECK_OK(wt_store_gc(f.store)); /* the global keeps it alive */
  CHECK_OK(wt_global_get(f.cx, &ge, &v));
  CHECK(v.kind == WT_EXTERNREF && wt_val_externref_data(f.cx, &v) == &data);
  wt_val_release(&v);
  v = wt_val_funcref(&fn); /* a funcref into an externref global */
  CHECK_RC(wt_global_set(f.cx, &ge, &v), WT_TYPE);
  fixture_close(&f);
}

TEST(global_new_for_the_host) {
  fixture f;
  if (fixture_open(&f, NULL, NULL)) return;
  wt_global g, k;
  wt_val init = wt_val_f64(2.5);
  double d = 0;
  CHECK_OK(wt_global_new(f.cx, &init, true, &g));
  CHECK_OK(wt_global_set_f64(f.cx, &g, 3.5));
  CHECK_OK(wt_global_get_f64(f.cx, &g, &d));
  CHECK(d == 3.5);
  CHECK_OK(wt_global_new(f.cx, &init, false, &k));
  CHECK_RC(wt_global_set_f64(f.cx, &k, 1), WT_TYPE);
  fixture_close(&f);
}

TEST(table_get_set_grow_and_bounds) {
  fixture f;
  if (open_gt(&f)) return;
  wt_table t;
  wt_val v, fv;
  wt_func fn, back;
  int32_t r = 0;
  uint64_t prev = 0;
  CHECK_OK(wt_instance_get_table(f.cx, &f.inst, "tab", &t));
  CHECK(table_size_of(f.cx, &t) == 2);
  CHECK_OK(wt_table_get(f.cx, &t, 0, &v));
  CHECK(v.kind == WT_FUNCREF && wt_val_is_null(&v));
  CHECK_OK(wt_table_get(f.cx, &t, 1, &v)); /* set by the elem segment */
  CHECK_OK(wt_val_get_funcref(f.cx, &v, &back));
  CHECK_OK(wt_func_call_i32(f.cx, &back, NULL, 0, &r));
  CHECK(r == 5);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "f", &fn));
  fv = wt_val_funcref(&fn);
  CHECK_OK(wt_table_set(f.cx, &t, 0, &fv));
  CHECK_OK(wt_table_get(f.cx, &t, 0, &v));
  CHECK(!wt_val_is_null(&v));
  CHECK_RC(wt_table_get(f.cx, &t, 2, &v), WT_BOUNDS);
  CHECK(v.kind == 0 && v.of.ref_[0] == 0);
  CHECK_RC(wt_table_set(f.cx, &t, 2, &fv), WT_BOUNDS);
  wt_val ext = wt_val_null(WT_EXTERNREF), i = wt_val_i32(1);
  CHECK_RC(wt_table_set(f.cx, &t, 0, &ext), WT_TYPE);
  CHECK_RC(wt_table_set(f.cx, &t, 0, &i), WT_TYPE);
  CHECK_OK(wt_table_grow(f.cx, &t, 2, &fv, &prev));
  CHECK(prev == 2 && table_size_of(f.cx, &t) == 4);
  CHECK_OK(wt_table_get(f.cx, &t, 3, &v));
  CHECK(!wt_val_is_null(&v)); /* filled with the init value */
  CHECK_RC(wt_table_grow(f.cx, &t, 1, &fv, &prev), WT_LIMIT); /* max 4 */
  CHECK(table_size_of(f.cx, &t) == 4);
  CHECK_OK(wt_table_set(f.cx, &t, 0, &fv));
  CHECK_RC(wt_table_grow(f.cx, &t, 0, &ext, &prev), WT_TYPE); /* init of another kind */
  CHECK_RC(wt_table_grow(f.cx, &t, 0, &i, &prev), WT_TYPE);
  CHECK(prev == 0 && table_size_of(f.cx, &t) == 4);
  CHECK_RC(wt_table_get(NULL, &t, 0, &v), WT_INVALID);
  fixture_close(&f);
}

TEST(table_of_externrefs_and_table_new) {
  fixture f;
  if (open_gt(&f)) return;
  wt_table et, nt;
  static int data = 8;
  wt_val e, v;
  CHECK_OK(wt_instance_get_table(f.cx, &f.inst, "etab", &et));
  CHECK_OK(wt_val_externref(f.cx, &data, NULL, &e));
  CHECK_OK(wt_table_set(f.cx, &et, 0, &e));
  CHECK_OK(wt_table_get(f.cx, &et, 0, &v));
  CHECK(wt_val_externref_data(f.cx, &v) == &data);
  wt_val_release(&v);
  CHECK_OK(wt_table_new(f.cx, WT_EXTERNREF, 3, 10, &e, &nt));
  wt_val_release(&e);
  CHECK(table_size_of(f.cx, &nt) == 3);
  CHECK_OK(wt_table_get(f.cx, &nt, 2, &v));
  CHECK(wt_val_externref_data(f.cx, &v) == &data);
  wt_val_release(&v);
  wt_val null = wt_val_null(WT_EXTERNREF);
  CHECK_OK(wt_table_grow(f.cx, &nt, 6, &null, NULL));
  CHECK_OK(wt_table_grow(f.cx, &nt, 1, NULL, NULL)); /* NULL init: null, as in wt_table_new */
  CHECK_OK(wt_table_get(f.cx, &nt, table_size_of(f.cx, &nt) - 1, &v));
  CHECK(v.kind == WT_EXTERNREF && wt_val_is_null(&v));
  CHECK_RC(wt_table_grow(f.cx, &nt, 1, &null, NULL), WT_LIMIT);
  CHECK_RC(wt_table_new(f.cx, WT_I32, 1, 1, NULL, &nt), WT_INVALID);
  wt_val fnull = wt_val_null(WT_FUNCREF);
  memset(&nt, 0xff, sizeof nt);
  CHECK_RC(wt_table_new(f.cx, WT_EXTERNREF, 1, 1, &fnull, &nt), WT_TYPE);
  CHECK(nt.p_[0] == 0 && nt.p_[1] == 0);
  CHECK_RC(wt_table_new(NULL, WT_EXTERNREF, 1, 1, NULL, &nt), WT_INVALID);
  fixture_close(&f);
}
