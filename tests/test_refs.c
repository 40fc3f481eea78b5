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
