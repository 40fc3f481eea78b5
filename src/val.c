/* val.c - reference values: funcref, externref, their kinds and roots. */
#include <string.h>

#include "internal.h"

wt_val wt_val_funcref(const wt_func *f) {
  wt_val v = wt_val_null(WT_FUNCREF);
  if (f) memcpy(&v.of, WT_FUNC_RAW(f), sizeof(wta_func_t));
  return v;
}

wt_status wt_val_get_funcref(wt_context *cx, const wt_val *v, wt_func *out) {
  ZERO(out);
  ARGS(cx, v, out);
  if (v->kind != WT_FUNCREF) return wt__fail(WT_INVALID, "value is %s, not funcref", wt_valkind_name(v->kind));
  if (!wt_val_is_null(v)) SAME(cx, &v->of, "funcref");
  if (wt_val_is_null(v)) return wt__fail(WT_NOT_FOUND, "funcref is null");
  wt__func_from_abi(CX(cx), (const wta_func_t *)(const void *)&v->of, out);
  return WT_OK;
}

wt_status wt_val_externref(wt_context *cx, void *data, void (*finalizer)(void *), wt_val *out) {
  wt_status rc = ARGS_OF(__func__, cx, out);
  if (out) *out = wt_val_null(WT_EXTERNREF);
  if (rc) return wt__refuse(rc, finalizer, data);
  if (W->wasmtime_externref_new(CX(cx), data, finalizer, (wta_gcref_t *)(void *)&out->of)) return WT_OK;
  return wt__refuse(wt__fail(WT_NOMEM, "externref: the store could not allocate it"), finalizer, data);
}

void *wt_val_externref_data(wt_context *cx, const wt_val *v) {
  if (!cx || !v || v->kind != WT_EXTERNREF || wt_val_is_null(v)) return NULL;
  if (wt__same_store(cx, &v->of, "externref")) return NULL;
  return W->wasmtime_externref_data(CX(cx), (const wta_gcref_t *)(const void *)&v->of);
}

int wt_val_ref_kind(wt_context *cx, const wt_val *v) {
  if (ARGS_OF(__func__, cx, v)) return -WT_INVALID;
  if (v->kind < WT_FUNCREF || v->kind > WT_EXNREF)
    return -wt__fail(WT_INVALID, "%s: value is %s, not a reference", __func__, wt_valkind_name(v->kind));
  if (wt_val_is_null(v)) return WT_REF_NULL;
  if (wt__same_store(cx, &v->of, "reference")) return -WT_INVALID;
  const wta_anyref_t *r = (const wta_anyref_t *)(const void *)&v->of;
  switch (v->kind) {
  case WT_FUNCREF: return WT_REF_FUNC;
  case WT_EXTERNREF: return WT_REF_EXTERN;
  case WT_EXNREF: return WT_REF_EXN;
  default: break;
  }
  /* By elimination: the eqrefs are the i31s, structs and arrays. Wasmtime
   * 50's wasmtime_anyref_is_i31 is not used: its result is no clean bool
   * (16 for an internalized host reference, 80 for a struct, 15 for an i31). */
  if (!W->wasmtime_anyref_is_eqref(CX(cx), r)) return WT_REF_ANY;
  if (W->wasmtime_anyref_is_struct(CX(cx), r)) return WT_REF_STRUCT;
  return W->wasmtime_anyref_is_array(CX(cx), r) ? WT_REF_ARRAY : WT_REF_I31;
}

void wt_val_release(wt_val *v) {
  if (!v || v->kind < WT_EXTERNREF || wt_val_is_null(v)) return;
  if (wt__ensure() == WT_OK) W->wasmtime_val_unroot((wta_val_t *)v);
  *v = wt_val_null((wt_valkind)v->kind);
}
