/* types.c - kinds and types: wt's and Wasmtime's, converted both ways. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- value kinds ---- */

const char *wt_valkind_name(int kind) {
  static const char *const names[] = {"i32", "i64", "f32", "f64", "v128", "funcref", "externref", "anyref", "exnref"};
  return kind >= 0 && kind <= WT_EXNREF ? names[kind] : "?";
}

/* The wt kind of a reference's heap type: its top type decides. */
static int kind_of_heap(uint8_t heap) {
  switch (heap) {
  case WTA_HEAP_EXTERN: case WTA_HEAP_NOEXTERN: return WT_EXTERNREF;
  case WTA_HEAP_FUNC: case WTA_HEAP_CONCRETE_FUNC: case WTA_HEAP_NOFUNC: return WT_FUNCREF;
  case WTA_HEAP_EXN: case WTA_HEAP_CONCRETE_EXN: case WTA_HEAP_NOEXN: return WT_EXNREF;
  default: return WT_ANYREF;
  }
}

/* Up to Wasmtime 44 (old_valtypes): wasm.h's kinds, where v128 is 4. Only
 * funcref and externref can be asked for there: the engine keeps GC,
 * function references and exceptions off (engine.c), and Wasmtime's
 * wasm_valtype_kind aborts the process on any other reference type. */
static int kind_of_wasm(uint8_t k) {
  return k == WTA_WASM_FUNCREF ? WT_FUNCREF : k == WTA_WASM_EXTERNREF ? WT_EXTERNREF : k;
}

int wt__kind_from_valtype(const wta_valtype_t *t) {
  if (wt__line->old_valtypes) return kind_of_wasm(W->wasm_valtype_kind(t));
  wta_valtype_full_t full;
  W->wasmtime_valtype_new(t, &full);
  if (full.kind != WTA_VALTYPE_REF) return full.kind; /* i32..v128 equal wt's numbering */
  int k = kind_of_heap(full.reftype.heaptype.kind);
  W->wasmtime_valtype_delete(&full);
  return k;
}

wta_valtype_t *wt__valtype_new(int kind) {
  if (kind == WT_V128) return wt__line->old_valtypes ? W->wasm_valtype_new(WT_V128) : W->wasmtime_wasm_valtype_v128();
  static const uint8_t wasm_kind[] = {WTA_WASM_I32, WTA_WASM_I64, WTA_WASM_F32, WTA_WASM_F64, 0,
                                      WTA_WASM_FUNCREF, WTA_WASM_EXTERNREF};
  return kind >= 0 && kind <= WT_EXTERNREF ? W->wasm_valtype_new(wasm_kind[kind]) : NULL;
}

/* ---- function types ---- */

static int fill_vec(wta_valtype_vec_t *v, const uint8_t *kinds, size_t n) {
  wta_valtype_t *types[64];
  if (n > 64) return -1;
  for (size_t i = 0; i < n; i++)
    if (!(types[i] = wt__valtype_new(kinds[i]))) {
      while (i) W->wasm_valtype_delete(types[--i]);
      return -1;
    }
  W->wasm_valtype_vec_new(v, n, types);
  return 0;
}

wta_functype_t *wt__functype_new(const uint8_t *params, size_t np, const uint8_t *results, size_t nr) {
  wta_valtype_vec_t p = {0, NULL}, r = {0, NULL};
  if (fill_vec(&p, params, np) || fill_vec(&r, results, nr)) return NULL;
  return W->wasm_functype_new(&p, &r);
}

/* ---- extern types: Wasmtime's as wt_extern_type ---- */

/* Writes the kinds of a valtype vector to *kinds (advancing it). */
static const uint8_t *put_kinds(const wta_valtype_vec_t *v, uint8_t **kinds) {
  const uint8_t *start = *kinds;
  for (size_t i = 0; i < v->size; i++) *(*kinds)++ = (uint8_t)wt__kind_from_valtype(v->data[i]);
  return start;
}

/* Fills *out from t; function kinds are appended at *kinds (enough room:
 * the caller sizes it by counting params + results first). */
void wt__externtype_describe(const wta_externtype_t *t, wt_extern_type *out, uint8_t **kinds) {
  memset(out, 0, sizeof *out);
  out->kind = W->wasm_externtype_kind(t);
  out->max = UINT64_MAX;
  if (out->kind == WT_EXTERN_FUNC) {
    const wta_functype_t *f = W->wasm_externtype_as_functype_const(t);
    const wta_valtype_vec_t *p = W->wasm_functype_params(f), *r = W->wasm_functype_results(f);
    out->nparams = p->size;
    out->nresults = r->size;
    out->params = put_kinds(p, kinds);
    out->results = put_kinds(r, kinds);
  } else if (out->kind == WT_EXTERN_GLOBAL) {
    const wta_globaltype_t *g = W->wasm_externtype_as_globaltype_const(t);
    out->valkind = (uint8_t)wt__kind_from_valtype(W->wasm_globaltype_content(g));
    out->mutable_ = W->wasm_globaltype_mutability(g) == WTA_VAR;
  } else if (out->kind == WT_EXTERN_TABLE) {
    const wta_tabletype_t *tt = W->wasm_externtype_as_tabletype_const(t);
    const wta_limits_t *l = W->wasm_tabletype_limits(tt);
    out->valkind = (uint8_t)wt__kind_from_valtype(W->wasm_tabletype_element(tt));
    out->min = l->min;
    out->max = l->max == UINT32_MAX ? UINT64_MAX : l->max;
  } else if (out->kind == WT_EXTERN_MEMORY) {
    const wta_memorytype_t *m = W->wasm_externtype_as_memorytype_const(t);
    out->min = W->wasmtime_memorytype_minimum(m);
    if (!W->wasmtime_memorytype_maximum(m, &out->max)) out->max = UINT64_MAX;
    out->is64 = W->wasmtime_memorytype_is64(m);
    out->shared = W->wasmtime_memorytype_isshared(m);
  }
}

size_t wt__externtype_nkinds(const wta_externtype_t *t) {
  if (W->wasm_externtype_kind(t) != WTA_EXTERNKIND_FUNC) return 0;
  const wta_functype_t *f = W->wasm_externtype_as_functype_const(t);
  return W->wasm_functype_params(f)->size + W->wasm_functype_results(f)->size;
}

/* ---- wt_extern_type as text ---- */

static size_t put_list(char *buf, size_t size, size_t at, const uint8_t *k, size_t n) {
  for (size_t i = 0; i < n; i++)
    at += (size_t)snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "%s%s",
                           i ? ", " : "", wt_valkind_name(k[i]));
  return at;
}

#define PUT(...) (at += (size_t)snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, __VA_ARGS__))

static size_t put_limits(char *buf, size_t size, size_t at, const wt_extern_type *t) {
  if (t->max == UINT64_MAX) PUT("%llu, none", (unsigned long long)t->min);
  else PUT("%llu, %llu", (unsigned long long)t->min, (unsigned long long)t->max);
  return at;
}

size_t wt_extern_type_format(const wt_extern_type *type, char *buf, size_t size) {
  const wt_extern_type *t = type;
  size_t at = 0;
  if (buf && size) buf[0] = 0;
  if (!buf) size = 0;
  if (ARGS_OF(__func__, type)) return 0;
  switch (t->kind) {
  case WT_EXTERN_FUNC:
    PUT("func(");
    at = put_list(buf, size, at, t->params, t->nparams);
    PUT(")");
    if (t->nresults == 1) PUT(" -> %s", wt_valkind_name(t->results[0]));
    else if (t->nresults) { PUT(" -> ("); at = put_list(buf, size, at, t->results, t->nresults); PUT(")"); }
    break;
  case WT_EXTERN_GLOBAL: PUT("global(%s%s)", t->mutable_ ? "mut " : "", wt_valkind_name(t->valkind)); break;
  case WT_EXTERN_MEMORY:
    PUT("memory%s(", t->is64 ? "64" : "");
    at = put_limits(buf, size, at, t);
    PUT("%s)", t->shared ? ", shared" : "");
    break;
  case WT_EXTERN_TABLE: PUT("table("); at = put_limits(buf, size, at, t); PUT(", %s)", wt_valkind_name(t->valkind)); break;
  default: PUT("tag"); break;
  }
  return at;
}
#undef PUT

/* ---- signatures ---- */

wt_sig wt__sig_pack(const uint8_t *params, size_t np, const uint8_t *results, size_t nr) {
  if (np + nr > SIG_MAX_KINDS) return 0;
  wt_sig s = SIG_VALID | (wt_sig)np | (wt_sig)nr << 4;
  for (size_t i = 0; i < np + nr; i++) {
    uint8_t k = i < np ? params[i] : results[i - np];
    if (k > WT_V128) s |= SIG_REFS;
    s |= (wt_sig)(k & 15) << (8 + 4 * i);
  }
  return s;
}

/* The packed signature of Wasmtime's function f (0: too large). */
static wt_sig func_sig(wta_context_t *cx, const wta_func_t *f) {
  wta_functype_t *ft = W->wasmtime_func_type(cx, f);
  if (!ft) return 0;
  const wta_valtype_vec_t *p = W->wasm_functype_params(ft), *r = W->wasm_functype_results(ft);
  uint8_t kinds[2 * SIG_MAX_KINDS];
  wt_sig s = 0;
  if (p->size + r->size <= SIG_MAX_KINDS) {
    for (size_t i = 0; i < p->size; i++) kinds[i] = (uint8_t)wt__kind_from_valtype(p->data[i]);
    for (size_t i = 0; i < r->size; i++) kinds[p->size + i] = (uint8_t)wt__kind_from_valtype(r->data[i]);
    s = wt__sig_pack(kinds, p->size, kinds + p->size, r->size);
  }
  W->wasm_functype_delete(ft);
  return s;
}

void wt__func_from_abi(wta_context_t *cx, const wta_func_t *raw, wt_func *out) {
  memset(out, 0, sizeof *out);
  memcpy(out, raw, sizeof *raw);
  WT_FUNC_SIG(out) = func_sig(cx, raw);
}

/* ---- externs: store items, Wasmtime's and wt's ---- */

/* An item Wasmtime handed out, as a wt_extern (a shared memory's reference
 * passes to the store, which keeps one per memory). */
void wt__extern_from_abi(wta_context_t *cx, const wta_extern_t *in, wt_extern *out) {
  memset(out, 0, sizeof *out);
  if (in->kind == WTA_EXTERN_SHAREDMEMORY) {
    wt_store *st = ST(wt__context_of(cx));
    wta_sharedmemory_t *m = wt__store_keep_shared(st, in->of.sharedmemory);
    if (!m) { wt__oom(); return; } /* kind FUNC with a zero handle: refused wherever used */
    out->kind = WT_EXTERN_SHARED_MEMORY;
    out->of.memory.p_[0] = wt__store_id(st);
    out->of.memory.p_[1] = (uint64_t)(uintptr_t)m;
    out->of.memory.p_[2] = SHARED_TAG;
    return;
  }
  out->kind = in->kind;
  if (in->kind == WTA_EXTERN_FUNC) wt__func_from_abi(cx, &in->of.func, &out->of.func);
  else memcpy(&out->of, &in->of, sizeof in->of);
  if (in->kind == WTA_EXTERN_MEMORY) wt__memory_words(&out->of.memory);
}

int wt__extern_to_abi(const wt_extern *in, wta_extern_t *out) {
  memset(out, 0, sizeof *out);
  if (in->kind < WT_EXTERN_FUNC || in->kind > WT_EXTERN_SHARED_MEMORY)
    return wt__fail(WT_INVALID, "extern: kind %d is not a wt_extern_kind", in->kind);
  if ((in->kind == WT_EXTERN_SHARED_MEMORY) != IS_SHARED(&in->of.memory) &&
      (in->kind == WT_EXTERN_SHARED_MEMORY || in->kind == WT_EXTERN_MEMORY))
    return wt__fail(WT_INVALID, "extern: a %s memory given as kind %d", IS_SHARED(&in->of.memory) ? "shared" : "non-shared",
                    in->kind);
  if (in->kind == WT_EXTERN_SHARED_MEMORY) {
    out->kind = WTA_EXTERN_SHAREDMEMORY;
    out->of.sharedmemory = (wta_sharedmemory_t *)SHARED_OF(&in->of.memory);
    return WT_OK;
  }
  out->kind = (uint8_t)in->kind;
  memcpy(&out->of, &in->of, sizeof out->of);
  return WT_OK;
}
