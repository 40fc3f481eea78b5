/* table.c - table access. */
#include <string.h>

#include "internal.h"

#define TBL(t) ((const wta_table_t *)(const void *)(t))

wt_status wt_table_size(wt_context *cx, const wt_table *t, uint64_t *out) {
  ZERO(out);
  ARGS(cx, t, out);
  SAME(cx, t, "table");
  *out = W->wasmtime_table_size(CX(cx), TBL(t));
  return WT_OK;
}

wt_status wt_table_get(wt_context *cx, const wt_table *t, uint64_t index, wt_val *out) {
  ZERO(out);
  ARGS(cx, t, out);
  SAME(cx, t, "table.get");
  wt__vals lib;
  if (W->wasmtime_table_get(CX(cx), TBL(t), index, VAL_TO_LIB(lib, out))) {
    wt__vals_from_lib(lib.p, 1, out);
    return WT_OK;
  }
  return wt__fail(WT_BOUNDS, "table: index %llu out of bounds (size %llu)", (unsigned long long)index,
                  (unsigned long long)W->wasmtime_table_size(CX(cx), TBL(t)));
}

wt_status wt_table_set(wt_context *cx, const wt_table *t, uint64_t index, const wt_val *v) {
  ARGS(cx, t, v);
  SAME(cx, t, "table.set");
  SAME_VALS(cx, v, 1, "table.set value");
  wt__vals lib;
  wt_status rc = wt__outcome(W->wasmtime_table_set(CX(cx), TBL(t), index, VAL_TO_LIB(lib, v)), NULL, "table.set");
  if (rc == WT_ERROR && index >= W->wasmtime_table_size(CX(cx), TBL(t))) return wt__fail(WT_BOUNDS, "%s", wt_errmsg());
  return rc == WT_ERROR ? wt__fail(WT_TYPE, "%s", wt_errmsg()) : rc;
}

/* The kind of the table's elements, to refuse a value of another kind up
 * front: Wasmtime's refusal would read like a failed growth. */
static int elem_kind(wt_context *cx, const wt_table *t) {
  wta_tabletype_t *tt = W->wasmtime_table_type(CX(cx), TBL(t));
  int k = wt__kind_from_valtype(W->wasm_tabletype_element(tt));
  W->wasm_tabletype_delete(tt);
  return k;
}

wt_status wt_table_grow(wt_context *cx, const wt_table *t, uint64_t delta, const wt_val *init, uint64_t *prev) {
  uint64_t old = 0;
  ZERO(prev);
  ARGS(cx, t);
  SAME(cx, t, "table.grow");
  int kind = elem_kind(cx, t);
  wt_val null = wt_val_null((wt_valkind)kind);
  if (!init) init = &null; /* as in wt_table_new */
  SAME_VALS(cx, init, 1, "table.grow value");
  if (init->kind != kind)
    return wt__fail(WT_TYPE, "table.grow: init is %s, the table holds %s", wt_valkind_name(init->kind),
                    wt_valkind_name(kind));
  wt__vals lib;
  wt_status rc = wt__outcome(W->wasmtime_table_grow(CX(cx), TBL(t), delta, VAL_TO_LIB(lib, init), &old), NULL, "table.grow");
  if (prev) *prev = old;
  return rc == WT_ERROR ? wt__fail(WT_LIMIT, "%s", wt_errmsg()) : rc;
}

wt_status wt_table_new(wt_context *cx, wt_valkind elem, uint32_t min, uint32_t max, const wt_val *init, wt_table *out) {
  ZERO(out);
  ARGS(cx, out);
  if (elem != WT_FUNCREF && elem != WT_EXTERNREF) return wt__fail(WT_INVALID, "table: element must be a reference kind");
  if (init && init->kind != elem)
    return wt__fail(WT_TYPE, "table: init is %s, the table holds %s", wt_valkind_name(init->kind), wt_valkind_name(elem));
  if (init) SAME_VALS(cx, init, 1, "table init");
  wta_limits_t lim = {min, max};
  wta_tabletype_t *tt = W->wasm_tabletype_new(wt__valtype_new(elem), &lim);
  wt_val null = wt_val_null(elem);
  wt__vals lib;
  wt_status rc = wt__outcome(W->wasmtime_table_new(CX(cx), tt, VAL_TO_LIB(lib, init ? init : &null), (wta_table_t *)(void *)out), NULL, "table");
  W->wasm_tabletype_delete(tt);
  return rc;
}
