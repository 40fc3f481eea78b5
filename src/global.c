/* global.c - reading and writing globals. */
#include <string.h>

#include "internal.h"

#define GLB(g) ((const wta_global_t *)(const void *)(g))

wt_status wt_global_get(wt_context *cx, const wt_global *g, wt_val *out) {
  ZERO(out);
  ARGS(cx, g, out);
  SAME(cx, g, "global");
  wt__vals lib;
  W->wasmtime_global_get(CX(cx), GLB(g), VAL_TO_LIB(lib, out));
  wt__vals_from_lib(lib.p, 1, out);
  return WT_OK;
}

wt_status wt_global_set(wt_context *cx, const wt_global *g, const wt_val *v) {
  ARGS(cx, g, v);
  SAME(cx, g, "global");
  SAME_VALS(cx, v, 1, "global value");
  wt__vals lib;
  wt_status rc = wt__outcome(W->wasmtime_global_set(CX(cx), GLB(g), VAL_TO_LIB(lib, v)), NULL, "global.set");
  return rc == WT_ERROR ? wt__fail(WT_TYPE, "%s", wt_errmsg()) : rc;
}

/* Typed access: one read, then a kind check. */
#define TYPED(suffix, type, KIND)                                                        \
  wt_status wt_global_get_##suffix(wt_context *cx, const wt_global *g, type *out) {            \
    wt_val v;                                                                            \
    ZERO(out);                                                                           \
    ARGS(cx, g, out);                                                                    \
    wt_status rc = wt_global_get(cx, g, &v);                                                   \
    if (rc) return rc;                                                                   \
    if (v.kind != KIND) {                                                                \
      wt_val_release(&v);                                                                \
      return wt__fail(WT_TYPE, "global holds %s, not " #suffix, wt_valkind_name(v.kind)); \
    }                                                                                    \
    *out = v.of.suffix;                                                                  \
    return WT_OK;                                                                        \
  }                                                                                      \
  wt_status wt_global_set_##suffix(wt_context *cx, const wt_global *g, type x) {               \
    wt_val v = wt_val_##suffix(x);                                                       \
    ARGS(cx, g);                                                                         \
    return wt_global_set(cx, g, &v);                                                     \
  }
TYPED(i32, int32_t, WT_I32)
TYPED(i64, int64_t, WT_I64)
TYPED(f32, float, WT_F32)
TYPED(f64, double, WT_F64)
#undef TYPED

wt_status wt_global_new(wt_context *cx, const wt_val *init, bool mutable_, wt_global *out) {
  ZERO(out);
  ARGS(cx, init, out);
  SAME_VALS(cx, init, 1, "global value");
  wta_valtype_t *vt = wt__valtype_new(init->kind);
  if (!vt) return wt__fail(WT_INVALID, "global: cannot hold a %s", wt_valkind_name(init->kind));
  wta_globaltype_t *gt = W->wasm_globaltype_new(vt, mutable_ ? WTA_VAR : WTA_CONST);
  wt__vals lib;
  wt_status rc = wt__outcome(W->wasmtime_global_new(CX(cx), gt, VAL_TO_LIB(lib, init), (wta_global_t *)(void *)out), NULL, "global");
  W->wasm_globaltype_delete(gt);
  return rc;
}
