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
  if (!W->wasmtime_anyref_is_eqref) return WT_REF_ANY; /* before Wasmtime 44 (GC is off there: no GC types) */
  if (!W->wasmtime_anyref_is_eqref(CX(cx), r)) return WT_REF_ANY;
  if (W->wasmtime_anyref_is_struct(CX(cx), r)) return WT_REF_STRUCT;
  return W->wasmtime_anyref_is_array(CX(cx), r) ? WT_REF_ARRAY : WT_REF_I31;
}

/* Up to Wasmtime 37 the unroot takes the store's context, which a wt_val
 * does not carry: the store is found by its id (store.c). */
static void unroot(wt_val *v) {
  if (!wt__line->unroot_cx) {
    W->wasmtime_val_unroot((wta_val_t *)v);
    return;
  }
  wta_context_t *cx = wt__context_of_id(STORE_ID(&v->of));
  wt__vals lib;
  if (!cx || wt__vals_to_lib(&lib, v, 1)) return; /* its store is gone, and the root with it */
  W_OLD(wasmtime_val_unroot)(cx, lib.p);
  wt__vals_free(&lib);
}

void wt_val_release(wt_val *v) {
  if (!v || v->kind < WT_EXTERNREF || wt_val_is_null(v)) return;
  if (wt__ensure() == WT_OK) unroot(v);
  *v = wt_val_null((wt_valkind)v->kind);
}

/* ---- values in the library's layout ---- */

wt_status wt__vals_to_lib(wt__vals *v, const wt_val *src, size_t n) {
  v->heap = NULL;
  if (VALS_NATIVE) {
    v->p = (wta_val_t *)(uintptr_t)src; /* Wasmtime writes only through results */
    return WT_OK;
  }
  wta_val_v0_t *d = v->local;
  if (n > VALS_LOCAL && !(d = v->heap = calloc(n, sizeof *d))) return wt__oom();
  for (size_t i = 0; i < n; i++) {
    memset(&d[i], 0, sizeof d[i]);
    if (!src) continue;
    d[i].kind = src[i].kind;
    memcpy(d[i].of.bytes, &src[i].of, sizeof d[i].of.bytes);
  }
  v->p = (wta_val_t *)(void *)d;
  return WT_OK;
}

void wt__vals_from_lib(const void *lib, size_t n, wt_val *dst) {
  if (VALS_NATIVE) return;
  const wta_val_v0_t *s = lib;
  for (size_t i = 0; i < n; i++) {
    memset(&dst[i], 0, sizeof dst[i]);
    dst[i].kind = s[i].kind;
    memcpy(&dst[i].of, s[i].of.bytes, sizeof s[i].of.bytes);
  }
}
