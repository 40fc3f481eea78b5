/* cfunc.c - a component instance's exported functions: lookup by path,
 * checked calls.
 *
 * A call whose argument Wasmtime finds of the wrong type leaves the whole
 * store unable to enter any component instance (Wasmtime 48-50), so every
 * argument is checked against the function's type, read once at lookup,
 * before Wasmtime sees it. The common case (at most FLAT_MAX parameters,
 * each a number, bool, char or string) is checked and lowered in one loop
 * into a stack array, strings borrowed: no allocation, no second pass. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define COMPONENT_CAP "components (WT_CAP_COMPONENT)"
#define FLAT_MAX 8      /* parameters lowered on the stack in the fast path */
#define STACK_BYTES 2048 /* nested argument values on the stack below this */
#define PATH_PARTS_MAX 64

struct wt_cfunc {
  wta_cfunc_t raw;              /* Wasmtime's 24 (up to 48) or 32 bytes, at the start */
  const wt_cfunc_sig *sig;
  wt__arena *arena;             /* the type tree */
  bool flat;                    /* at most FLAT_MAX parameters, each wt__ckind_flat */
  bool uncallable;              /* a type of the async model or a map somewhere */
  bool resources;               /* a resource somewhere in the parameters */
  char name[];                  /* the path it was looked up by: messages */
};

/* A call that needs post-return: Wasmtime 39-41 (a no-op from 42). */
static inline bool needs_post_return(void) { return wt__line->last <= 41; }

/* ---- lookup ---- */

/* The export index of path's parts, each within the last (NULL and the
 * failure recorded when one is missing). */
static wta_cexport_index_t *export_index(wt_context *cx, const wta_cinstance_t *inst, const char *path) {
  wta_cexport_index_t *idx = NULL;
  const char *part = path;
  for (int n = 0;; n++) {
    const char *end = strchr(part, '#');
    size_t len = end ? (size_t)(end - part) : strlen(part);
    if (!len || n >= PATH_PARTS_MAX) {
      W->wasmtime_component_export_index_delete(idx);
      wt__fail(WT_NOT_FOUND, "wt_cinstance_get_func: \"%s\": %s", path,
               len ? "too many parts" : "an empty name in the path");
      return NULL;
    }
    wta_cexport_index_t *next = W->wasmtime_component_instance_get_export_index(inst, CX(cx), idx, part, len);
    if (idx) W->wasmtime_component_export_index_delete(idx);
    if (!next) {
      if (part == path) wt__fail(WT_NOT_FOUND, "wt_cinstance_get_func: the instance has no export \"%.*s\"", (int)len, part);
      else wt__fail(WT_NOT_FOUND, "wt_cinstance_get_func: \"%.*s\" has no export \"%.*s\"", (int)(part - 1 - path),
                    path, (int)len, part);
      return NULL;
    }
    idx = next;
    if (!end) return idx;
    part = end + 1;
  }
}

/* The function's type, read once, and what the call needs of it. */
static wt_status describe(wt_context *cx, wt_cfunc *f) {
  wta_cfunc_type_t *ft = W->wasmtime_component_func_type(&f->raw, CX(cx));
  if (!ft) return wt__fail(WT_ERROR, "wt_cinstance_get_func: \"%s\": Wasmtime gave no type", f->name);
  f->arena = wt__arena_new();
  f->sig = f->arena ? wt__csig_build(f->arena, ft) : NULL;
  W->wasmtime_component_func_type_delete(ft);
  if (!f->arena) return wt__oom();
  if (!f->sig) return wt_errcode() ? wt_errcode() : wt__oom();
  const wt_cfunc_sig *s = f->sig;
  f->flat = s->nparams <= FLAT_MAX;
  for (size_t i = 0; i < s->nparams; i++) {
    f->flat &= wt__ckind_flat(s->params[i]->kind);
    f->uncallable |= wt__ctype_uncallable(s->params[i]);
    f->resources |= wt__ctype_has_resource(s->params[i]);
  }
  if (s->result) f->uncallable |= wt__ctype_uncallable(s->result);
  return WT_OK;
}

wt_status wt_cinstance_get_func(wt_context *cx, const wt_cinstance *instance, const char *path, wt_cfunc **out) {
  if (out) *out = NULL;
  ARGS(cx, instance, path, out);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  SAME(cx, instance, "wt_cinstance_get_func");
  const wta_cinstance_t *inst = (const wta_cinstance_t *)(const void *)instance;
  wta_cexport_index_t *idx = export_index(cx, inst, path);
  if (!idx) return wt_errcode();
  size_t n = strlen(path);
  wt_cfunc *f = calloc(1, sizeof *f + n + 1);
  if (!f) {
    W->wasmtime_component_export_index_delete(idx);
    return wt__oom();
  }
  memcpy(f->name, path, n + 1);
  bool is_func = W->wasmtime_component_instance_get_func(inst, CX(cx), idx, &f->raw);
  W->wasmtime_component_export_index_delete(idx);
  rc = is_func ? describe(cx, f) : wt__fail(WT_TYPE, "wt_cinstance_get_func: \"%s\" is not a function", path);
  if (rc) {
    wt_cfunc_delete(f);
    return rc;
  }
  *out = f;
  return WT_OK;
}

const wt_cfunc_sig *wt_cfunc_type(const wt_cfunc *func) { return func ? func->sig : NULL; }

void wt_cfunc_delete(wt_cfunc *func) {
  if (!func) return;
  wt__arena_delete(func->arena);
  free(func);
}

/* ---- calls ---- */

/* A number, bool, char or string argument, checked and lowered in place
 * (strings borrowed); 0 when it is not of its type (the slow check says
 * why). */
static inline int lower_flat(const wt_ctype *t, const wt_cval *v, wta_cval_t *out) {
  int k = t->kind;
  if (UNLIKELY(v->kind != k)) return 0;
  out->kind = (uint8_t)k;
  switch (k) {
  case WT_CF64: out->of.f64 = v->of.f64; return 1;
  case WT_CF32: out->of.f32 = v->of.f32; return 1;
  case WT_CBOOL: out->of.boolean = v->of.b; return 1;
  case WT_CS32: out->of.s32 = (int32_t)v->of.s; return v->of.s == out->of.s32;
  case WT_CU32: out->of.u32 = (uint32_t)v->of.u; return v->of.u == out->of.u32;
  case WT_CS64: out->of.s64 = v->of.s; return 1;
  case WT_CU64: out->of.u64 = v->of.u; return 1;
  case WT_CS8: out->of.s8 = (int8_t)v->of.s; return v->of.s == out->of.s8;
  case WT_CU8: out->of.u8 = (uint8_t)v->of.u; return v->of.u == out->of.u8;
  case WT_CS16: out->of.s16 = (int16_t)v->of.s; return v->of.s == out->of.s16;
  case WT_CU16: out->of.u16 = (uint16_t)v->of.u; return v->of.u == out->of.u16;
  case WT_CCHAR:
    out->of.character = v->of.ch;
    return v->of.ch <= 0x10FFFF && (v->of.ch < 0xD800 || v->of.ch > 0xDFFF);
  default: { /* WT_CSTRING: borrowed, once valid UTF-8 */
    const char *p = v->of.str.ptr;
    size_t n = v->of.str.len;
    out->of.string.size = n;
    out->of.string.data = (uint8_t *)(uintptr_t)(n ? p : "");
    return (p || !n) && n <= UINT32_MAX && wt__utf8_valid((const uint8_t *)p, n);
  }
  }
}

/* Why args do not fit the function (its failure recorded), or WT_OK with
 * *bytes the nested values' size. */
static wt_status check_args(wt_context *cx, const wt_cfunc *f, const wt_cval *args, size_t *bytes) {
  const wt_cfunc_sig *s = f->sig;
  uint64_t stamp = wt__cval_next_stamp();
  for (size_t i = 0; i < s->nparams; i++) {
    wt__cwhere w = {f->name, i + 1, s->param_names ? s->param_names[i] : NULL};
    wt_status rc = wt__cval_check(cx, s->params[i], &args[i], &w, stamp, bytes);
    if (rc) return rc;
  }
  return WT_OK;
}

/* A result of a flat kind, without a block but for a string's bytes. */
static wt_status lift_flat(const wt_ctype *t, const wta_cval_t *raw, wt_cval *out) {
  if (UNLIKELY(raw->kind != t->kind))
    return wt__fail(WT_ERROR, "component call: Wasmtime gave a value of kind %d for a %s", raw->kind,
                    wt_ckind_name(t->kind));
  out->kind = t->kind;
  switch (t->kind) {
  case WT_CF64: out->of.f64 = raw->of.f64; return WT_OK;
  case WT_CF32: out->of.f32 = raw->of.f32; return WT_OK;
  case WT_CBOOL: out->of.b = raw->of.boolean; return WT_OK;
  case WT_CS8: out->of.s = raw->of.s8; return WT_OK;
  case WT_CU8: out->of.u = raw->of.u8; return WT_OK;
  case WT_CS16: out->of.s = raw->of.s16; return WT_OK;
  case WT_CU16: out->of.u = raw->of.u16; return WT_OK;
  case WT_CS32: out->of.s = raw->of.s32; return WT_OK;
  case WT_CU32: out->of.u = raw->of.u32; return WT_OK;
  case WT_CS64: out->of.s = raw->of.s64; return WT_OK;
  case WT_CU64: out->of.u = raw->of.u64; return WT_OK;
  case WT_CCHAR: out->of.ch = raw->of.character; return WT_OK;
  default: { /* WT_CSTRING */
    size_t n = raw->of.string.size;
    char *s = malloc(n + 1);
    if (!s) {
      out->kind = WT_CBOOL;
      return wt__oom();
    }
    if (n) memcpy(s, raw->of.string.data, n);
    s[n] = 0;
    out->of.str.ptr = s;
    out->of.str.len = n;
    return WT_OK;
  }
  }
}

/* Calls Wasmtime with the lowered arguments and lifts the result. */
static wt_status invoke(wt_context *cx, wt_cfunc *f, const wt_cval *args, const wta_cval_t *raw, size_t n,
                        wt_cval *result) {
  const wt_ctype *rt = f->sig->result;
  wta_cval_t res;
  res.kind = WTA_CVAL_BOOL; /* Wasmtime 49 and later read the results they overwrite */
  wt__enter(cx);
  wta_error_t *err = W->wasmtime_component_func_call(&f->raw, CX(cx), raw, n, &res, rt ? 1 : 0);
  wt__leave(cx);
  if (UNLIKELY(f->resources)) /* the own<T> handles went to the guest, even if it trapped */
    for (size_t i = 0; i < n; i++) wt__cval_moved(f->sig->params[i], &args[i]);
  if (UNLIKELY(err)) return wt__outcome(err, NULL, NULL);
  wt_status rc = WT_OK;
  if (rt) {
    if (LIKELY(wt__ckind_flat(rt->kind))) {
      rc = lift_flat(rt, &res, result);
      if (res.kind == WTA_CVAL_STRING) W->wasmtime_component_val_delete(&res);
    } else {
      void *block;
      rc = wt__cval_lift(cx, &rt, &res, 1, result, &block);
      W->wasmtime_component_val_delete(&res);
    }
  }
  if (UNLIKELY(needs_post_return())) {
    err = W->wasmtime_component_func_post_return(&f->raw, CX(cx));
    if (err) {
      wt_cval_release(result);
      rc = wt__outcome(err, NULL, NULL);
    }
  }
  return rc;
}

/* Arguments with nested values (or more than FLAT_MAX): checked, then
 * lowered into one block, on the stack when small. */
static __attribute__((noinline)) wt_status call_nested(wt_context *cx, wt_cfunc *f, const wt_cval *args, size_t n,
                                                       wt_cval *result) {
  size_t bytes = n * sizeof(wta_cval_t);
  wt_status rc = check_args(cx, f, args, &bytes);
  if (rc) return rc;
  _Alignas(16) uint8_t stack[STACK_BYTES];
  uint8_t *mem = bytes <= sizeof stack ? stack : malloc(bytes);
  if (!mem) return wt__oom();
  wt__bump b = {mem, mem + bytes};
  wta_cval_t *raw = (wta_cval_t *)(void *)b.p;
  b.p += n * sizeof *raw;
  for (size_t i = 0; i < n; i++) wt__cval_lower(f->sig->params[i], &args[i], &raw[i], &b);
  rc = invoke(cx, f, args, raw, n, result);
  if (mem != stack) free(mem);
  return rc;
}

/* The checks before a call that the fast test did not pass: each failure
 * names the function; WT_OK when the call may go on (the store's id was
 * only not learnt yet). */
static __attribute__((noinline)) wt_status precheck(wt_context *cx, const wt_cfunc *f, size_t nargs,
                                                    const wt_cval *result) {
  const wt_cfunc_sig *s = f->sig;
  if (wt__same_store(cx, &f->raw, "wt_cfunc_call")) return WT_INVALID;
  if (f->uncallable)
    return wt__fail(WT_UNSUPPORTED, "%s: its type has a future, stream, error-context or map: not called by wt", f->name);
  if (nargs != s->nparams)
    return wt__fail(WT_INVALID, "%s: %zu argument%s given, the function takes %zu", f->name, nargs,
                    nargs == 1 ? "" : "s", s->nparams);
  if (!result != !s->result)
    return wt__fail(WT_INVALID, "%s: %s", f->name,
                    s->result ? "the function has a result: 'result' is NULL"
                              : "the function has no result, but 'result' is not NULL");
  return WT_OK;
}

/* A flat argument the fast loop refused: the full check says why. */
static __attribute__((noinline)) wt_status refuse_flat(wt_context *cx, wt_cfunc *f, const wt_cval *args, size_t n,
                                                       wt_cval *result) {
  size_t bytes = 0;
  wt_status rc = check_args(cx, f, args, &bytes);
  return rc ? rc : call_nested(cx, f, args, n, result);
}

wt_status wt_cfunc_call(wt_context *cx, wt_cfunc *func, const wt_cval *args, size_t nargs, wt_cval *result) {
  if (result) memset(result, 0, sizeof *result);
  ARGS(cx, func);
  BUF(args, nargs);
  const wt_cfunc_sig *s = func->sig;
  if (UNLIKELY(STORE_ID(&func->raw) != ST(cx)->id || func->uncallable || nargs != s->nparams ||
               !result != !s->result)) {
    wt_status rc = precheck(cx, func, nargs, result);
    if (rc) return rc;
  }
  if (LIKELY(func->flat)) {
    wta_cval_t raw[FLAT_MAX];
    for (size_t i = 0; i < nargs; i++)
      if (UNLIKELY(!lower_flat(s->params[i], &args[i], &raw[i]))) return refuse_flat(cx, func, args, nargs, result);
    return invoke(cx, func, args, raw, nargs, result);
  }
  return call_nested(cx, func, args, nargs, result);
}
