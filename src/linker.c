/* linker.c - wt_linker: host functions, definitions, instantiation. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define HOST_MAX 16 /* params/results converted on the stack (fast path) */

struct wt_linker { wta_linker_t *l; wt_engine *engine; bool wasi; };
struct wt_instance_pre { wta_instance_pre_t *p; bool wasi; }; /* wasi: the module imports the linker's WASI */
/* A wt_caller is Wasmtime's caller itself (cast): both host paths hand
 * it over as is, and the raw path needs no wrapper at all. */
#define CALLER(c) ((wta_caller_t *)(void *)(c))

/* What a host function's trampoline needs, allocated once per definition. */
typedef struct host {
  wt_host_fn fn;
  void *env;
  void (*finalizer)(void *);
  size_t np, nr;
  uint8_t kinds[]; /* params then results */
} host;

/* ---- trampolines ---- */

/* The trap for a host function's failure rc; since: wt__serial before it ran. */
static __attribute__((noinline)) wta_trap_t *host_trap(wt_status rc, uint64_t since) {
  const char *msg = wt__host_failure(rc, since);
  return W->wasmtime_trap_new(msg, strlen(msg));
}

/* Runs a host function for either trampoline: counted as one under way
 * (wt__in_host, for deadlines set inside it), with a failure turned into
 * its trap (*trap) and a wt_caller_trap reason it set but did not use
 * dropped. Returns rc. */
static inline __attribute__((always_inline)) int call_host(const host *h, wta_caller_t *c, const wt_val *args,
                                                           size_t nargs, wt_val *results, size_t nresults,
                                                           wta_trap_t **trap) {
  uint64_t since = wt__serial;
  wt__in_host++;
  wt_status rc = h->fn(h->env, (wt_caller *)(void *)c, args, nargs, results, nresults);
  wt__in_host--;
  if (UNLIKELY(rc)) *trap = host_trap(rc, since);
  else if (UNLIKELY(wt__reason_serial > since)) wt__reason_serial = 0;
  return rc;
}

/* Copies a number at its own width: loading 16 bytes that were stored as
 * 4 (Wasmtime writes an i32 slot so, and so does a host function) defeats
 * store-to-load forwarding, a stall that tripled the cost of a host call. */
static inline void copy_num(void *dst, const void *src, uint8_t kind) {
  if (kind == WT_I32 || kind == WT_F32) memcpy(dst, src, 4);
  else if (kind == WT_I64 || kind == WT_F64) memcpy(dst, src, 8);
  else memcpy(dst, src, 16);
}

/* Numeric signatures: raw slots <-> wt_val by the kinds fixed at definition. */
static wta_trap_t *tramp_unchecked(void *env, wta_caller_t *c, wta_val_raw_t *raw, size_t n) {
  host *h = env;
  wt_val args[HOST_MAX], results[HOST_MAX];
  (void)n;
  for (size_t i = 0; i < h->np; i++) {
    args[i].kind = h->kinds[i];
    copy_num(&args[i].of, &raw[i], h->kinds[i]);
  }
  for (size_t i = 0; i < h->nr; i++) {
    memset(&results[i], 0, sizeof results[i]);
    results[i].kind = h->kinds[h->np + i];
  }
  wta_trap_t *trap = NULL;
  if (UNLIKELY(call_host(h, c, args, h->np, results, h->nr, &trap))) return trap;
  for (size_t i = 0; i < h->nr; i++) {
    if (UNLIKELY(results[i].kind != h->kinds[h->np + i])) {
      char msg[160];
      snprintf(msg, sizeof msg, "host function returned %s for result %zu, declared %s",
               wt_valkind_name(results[i].kind), i, wt_valkind_name(h->kinds[h->np + i]));
      return W->wasmtime_trap_new(msg, strlen(msg));
    }
    copy_num(&raw[i], &results[i].of, results[i].kind);
  }
  return NULL;
}

/* Signatures with references: wt_val is wasmtime_val_t, so no conversion. */
static wta_trap_t *tramp_checked(void *env, wta_caller_t *c, const wta_val_t *args, size_t nargs,
                                 wta_val_t *results, size_t nresults) {
  host *h = env;
  for (size_t i = 0; i < nresults; i++) {
    memset(&results[i], 0, sizeof results[i]);
    results[i].kind = h->kinds[h->np + i];
  }
  wta_trap_t *trap = NULL;
  call_host(h, c, (const wt_val *)args, nargs, (wt_val *)results, nresults, &trap);
  return trap;
}

static void host_free(void *p) {
  host *h = p;
  if (h->finalizer) h->finalizer(h->env);
  free(h);
}

/* ---- function types ---- */

HIDDEN wta_valtype_t *wt__valtype_new(int kind);

static int fill_vec(wta_valtype_vec_t *v, const uint8_t *kinds, size_t n) {
  wta_valtype_t *types[64];
  if (n > 64) return -1;
  for (size_t i = 0; i < n; i++)
    if (!(types[i] = wt__valtype_new(kinds[i]))) return -1;
  W->wasm_valtype_vec_new(v, n, types);
  return 0;
}

wta_functype_t *wt__functype_new(const uint8_t *params, size_t np, const uint8_t *results, size_t nr) {
  wta_valtype_vec_t p = {0, NULL}, r = {0, NULL};
  if (fill_vec(&p, params, np) || fill_vec(&r, results, nr)) return NULL;
  return W->wasm_functype_new(&p, &r);
}

static bool numeric_only(const uint8_t *k, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (k[i] > WT_V128) return false;
  return true;
}

/* Checks a host function's callback and type for the public function
 * `func`: WT_OK or WT_INVALID. */
static wt_status check_host(const char *func, const uint8_t *params, size_t nparams, const uint8_t *results,
                      size_t nresults, bool has_fn, size_t max) {
  wt_status rc = has_fn ? WT_OK : wt__null_arg(func, "fn", 0);
  if (!rc) rc = BUF_OF(func, params, nparams);
  if (!rc) rc = BUF_OF(func, results, nresults);
  if (!rc && (nparams > max || nresults > max))
    rc = wt__fail(WT_INVALID, "%s: more than %zu params or results", func, max);
  for (size_t i = 0; !rc && i < nparams + nresults; i++) {
    int k = i < nparams ? params[i] : results[i - nparams];
    if (k < WT_I32 || k > WT_EXTERNREF) rc = wt__fail(WT_INVALID, "%s: value kind %d unsupported", func, k);
  }
  return rc;
}

/* The trampoline's state of a checked host function; NULL when out of memory. */
static host *host_new(const uint8_t *params, size_t np, const uint8_t *results, size_t nr, wt_host_fn fn,
                      void *env, void (*finalizer)(void *)) {
  host *h = malloc(sizeof *h + np + nr);
  if (!h) return NULL;
  *h = (host){fn, env, finalizer, np, nr};
  if (np) memcpy(h->kinds, params, np);
  if (nr) memcpy(h->kinds + np, results, nr);
  return h;
}

/* ---- the raw path: the user's function is Wasmtime's callback ---- */

_Static_assert(sizeof(wt_raw) == sizeof(wta_val_raw_t) && _Alignof(wt_raw) == _Alignof(wta_val_raw_t),
               "wt_raw mirrors wasmtime_val_raw_t");

wt_trap *wt_trap_new(const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt ? fmt : "host trap", ap);
  va_end(ap);
  return wt__ensure() ? NULL : (wt_trap *)W->wasmtime_trap_new(msg, strlen(msg));
}

wt_status wt_linker_define_func_raw(wt_linker *linker, const char *module, const char *name, const uint8_t *params,
                              size_t nparams, const uint8_t *results, size_t nresults, wt_host_raw_fn fn, void *env,
                              void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, linker, module, name);
  if (!rc) rc = check_host(__func__, params, nparams, results, nresults, fn != NULL, 64);
  if (!rc && (!numeric_only(params, nparams) || !numeric_only(results, nresults)))
    rc = wt__fail(WT_INVALID, "define raw: only numeric and v128 kinds (use wt_linker_define_func)");
  wta_functype_t *ft = rc ? NULL : wt__functype_new(params, nparams, results, nresults);
  if (!rc && !ft) rc = wt__oom();
  if (rc) return wt__refuse(rc, finalizer, env);
  /* wt_caller is wasmtime_caller_t, wt_raw is wasmtime_val_raw_t and
   * wt_trap is wasm_trap_t: the two function types have one ABI. */
  wta_func_unchecked_callback_t cb = (wta_func_unchecked_callback_t)(void (*)(void))fn;
  wta_error_t *err = W->wasmtime_linker_define_func_unchecked(linker->l, module, strlen(module), name,
                                                              strlen(name), ft, cb, env, finalizer);
  W->wasm_functype_delete(ft);
  return wt__outcome(err, NULL, "define");
}

wt_status wt_linker_define_func(wt_linker *linker, const char *module, const char *name, const uint8_t *params,
                          size_t nparams, const uint8_t *results, size_t nresults, wt_host_fn fn, void *env,
                          void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, linker, module, name);
  if (!rc) rc = check_host(__func__, params, nparams, results, nresults, fn != NULL, HOST_MAX);
  host *h = rc ? NULL : host_new(params, nparams, results, nresults, fn, env, finalizer);
  if (!h) return wt__refuse(rc ? rc : wt__oom(), finalizer, env);
  wta_functype_t *ft = wt__functype_new(params, nparams, results, nresults);
  wta_error_t *err;
  size_t m = strlen(module), n = strlen(name);
  if (numeric_only(h->kinds, nparams + nresults))
    err = W->wasmtime_linker_define_func_unchecked(linker->l, module, m, name, n, ft, tramp_unchecked, h, host_free);
  else
    err = W->wasmtime_linker_define_func(linker->l, module, m, name, n, ft, tramp_checked, h, host_free);
  W->wasm_functype_delete(ft);
  return wt__outcome(err, NULL, "define");
}

wt_status wt_func_new(wt_context *cx, const uint8_t *params, size_t nparams, const uint8_t *results, size_t nresults,
                wt_host_fn fn, void *env, void (*finalizer)(void *), wt_func *out) {
  ZERO(out);
  wt_status rc = ARGS_OF(__func__, cx, out);
  if (!rc) rc = check_host(__func__, params, nparams, results, nresults, fn != NULL, HOST_MAX);
  host *h = rc ? NULL : host_new(params, nparams, results, nresults, fn, env, finalizer);
  if (!h) return wt__refuse(rc ? rc : wt__oom(), finalizer, env);
  wta_functype_t *ft = wt__functype_new(params, nparams, results, nresults);
  W->wasmtime_func_new(CX(cx), ft, tramp_checked, h, host_free, (wta_func_t *)(void *)out);
  W->wasm_functype_delete(ft);
  WT_FUNC_SIG(out) = wt__sig_pack(params, nparams, results, nresults);
  return WT_OK;
}

/* ---- callers ---- */

wt_context *wt_caller_context(wt_caller *caller) {
  return caller ? wt__context_of(W->wasmtime_caller_context(CALLER(caller))) : NULL;
}

void *wt_caller_data(wt_caller *caller) {
  wt_context *cx = wt_caller_context(caller);
  return cx ? ST(cx)->data : NULL;
}

wt_status wt_caller_get_export(wt_caller *caller, const char *name, wt_extern *out) {
  wta_extern_t item;
  ZERO(out);
  ARGS(caller, name, out);
  if (!W->wasmtime_caller_export_get(CALLER(caller), name, strlen(name), &item))
    return wt__fail(WT_NOT_FOUND, "caller has no export \"%s\"", name);
  wt__extern_from_abi(CX(wt_caller_context(caller)), &item, out);
  return WT_OK;
}

wt_status wt_caller_get_memory(wt_caller *caller, const char *name, wt_memory *out) {
  wt_extern e;
  ZERO(out);
  ARGS(caller, name, out);
  wt_status rc = wt_caller_get_export(caller, name, &e);
  if (rc) return rc;
  if (e.kind != WT_EXTERN_MEMORY) return wt__fail(WT_TYPE, "caller export \"%s\" is not a memory", name);
  *out = e.of.memory;
  return WT_OK;
}

wt_status wt_caller_trap(wt_caller *caller, const char *fmt, ...) {
  va_list ap;
  ARGS(caller);
  va_start(ap, fmt);
  wt_status rc = wt__caller_trap_msg(fmt, ap);
  va_end(ap);
  return rc;
}

/* ---- the linker ---- */

wt_status wt_linker_new(wt_engine *engine, wt_linker **out) {
  ZERO(out);
  ARGS(engine, out);
  wt_linker *l = calloc(1, sizeof *l);
  if (!l) return wt__oom();
  l->l = W->wasmtime_linker_new(engine->e);
  l->engine = engine;
  *out = l;
  return WT_OK;
}

void wt_linker_delete(wt_linker *linker) {
  if (!linker) return;
  W->wasmtime_linker_delete(linker->l);
  free(linker);
}

void wt_linker_allow_shadowing(wt_linker *linker, bool allow) {
  if (linker) W->wasmtime_linker_allow_shadowing(linker->l, allow);
}

wt_status wt_linker_define(wt_linker *linker, wt_context *cx, const char *module, const char *name, const wt_extern *item) {
  wta_extern_t e;
  ARGS(linker, cx, module, name, item);
  SAME(cx, &item->of, "define");
  wt_status rc = wt__extern_to_abi(item, &e);
  if (rc) return rc;
  wta_error_t *err = W->wasmtime_linker_define(linker->l, CX(cx), module, strlen(module), name, strlen(name), &e);
  return wt__outcome(err, NULL, "define");
}

wt_status wt_linker_define_instance(wt_linker *linker, wt_context *cx, const char *name, const wt_instance *instance) {
  ARGS(linker, cx, name, instance);
  SAME(cx, instance, "define instance");
  const wta_instance_t *i = (const wta_instance_t *)instance;
  return wt__outcome(W->wasmtime_linker_define_instance(linker->l, CX(cx), name, strlen(name), i), NULL, "define instance");
}

wt_status wt_linker_define_wasi(wt_linker *linker) {
  ARGS(linker);
  wt_status rc = wt__need_cap(WT_CAP_WASI, "WASI");
  if (!rc) rc = wt__outcome(W->wasmtime_linker_define_wasi(linker->l), NULL, "define WASI");
  if (!rc) linker->wasi = true;
  return rc;
}

static bool is_wasi_module(const char *name) {
  return !strcmp(name, "wasi_snapshot_preview1") || !strcmp(name, "wasi_unstable");
}

/* Whether module imports anything of WASI preview1 (true when its imports
 * cannot be listed: refusing is the safe side). */
static bool imports_wasi(const wt_module *module) {
  size_t n = 0;
  if (wt_module_import_count(module, &n)) return true;
  for (size_t i = 0; i < n; i++) {
    wt_import imp;
    if (wt_module_import_nth(module, i, &imp) == WT_OK && is_wasi_module(imp.module)) return true;
  }
  return false;
}

/* Wasmtime aborts the process when a WASI function runs in a store with no
 * WASI context: refuse to instantiate such a module there instead. */
static wt_status wasi_ready(wt_context *cx, bool needs_wasi) {
  if (LIKELY(!needs_wasi || ST(cx)->has_wasi)) return WT_OK;
  return wt__fail(WT_INVALID, "WASI is used, but the store has no WASI configuration "
                              "(call wt_store_set_wasi first)");
}

wt_status wt_linker_define_unknown_imports_as_traps(wt_linker *linker, const wt_module *module) {
  ARGS(linker, module);
  return wt__outcome(W->wasmtime_linker_define_unknown_imports_as_traps(linker->l, module->m), NULL, "define");
}

wt_status wt_linker_instantiate(const wt_linker *linker, wt_context *cx, const wt_module *module, wt_instance *out) {
  wta_trap_t *trap = NULL;
  ZERO(out);
  ARGS(linker, cx, module, out);
  if (wasi_ready(cx, linker->wasi && !ST(cx)->has_wasi && imports_wasi(module))) return WT_INVALID;
  wt__enter(cx);
  /* Call first, then read trap: argument evaluation order is unspecified. */
  wta_error_t *err = W->wasmtime_linker_instantiate(linker->l, CX(cx), module->m, (wta_instance_t *)out, &trap);
  wt__leave(cx);
  return wt__outcome(err, trap, NULL);
}

wt_status wt_linker_define_module(wt_linker *linker, wt_context *cx, const char *name, const wt_module *module) {
  ARGS(linker, cx, name, module);
  if (wasi_ready(cx, linker->wasi && !ST(cx)->has_wasi && imports_wasi(module))) return WT_INVALID;
  wt__enter(cx);
  wta_error_t *err = W->wasmtime_linker_module(linker->l, CX(cx), name, strlen(name), module->m);
  wt__leave(cx);
  return wt__outcome(err, NULL, NULL);
}

wt_status wt_linker_get_default(const wt_linker *linker, wt_context *cx, const char *name, wt_func *out) {
  wta_func_t f;
  ZERO(out);
  ARGS(linker, cx, name, out);
  wta_error_t *err = W->wasmtime_linker_get_default(linker->l, CX(cx), name, strlen(name), &f);
  wt_status rc = wt__outcome(err, NULL, "default export");
  if (rc) return rc;
  wta_extern_t e = {WTA_EXTERN_FUNC, {.func = f}};
  wt_extern x;
  wt__extern_from_abi(CX(cx), &e, &x);
  *out = x.of.func;
  return WT_OK;
}

wt_status wt_linker_get(const wt_linker *linker, wt_context *cx, const char *module, const char *name, wt_extern *out) {
  wta_extern_t e;
  ZERO(out);
  ARGS(linker, cx, module, name, out);
  /* a WASI function taken out of the linker could be defined under another
   * name, and would abort the process in a store without WASI */
  if (linker->wasi && is_wasi_module(module) && wasi_ready(cx, !ST(cx)->has_wasi)) return WT_INVALID;
  if (!W->wasmtime_linker_get(linker->l, CX(cx), module, strlen(module), name, strlen(name), &e))
    return wt__fail(WT_NOT_FOUND, "linker has no %s.%s", module, name);
  wt__extern_from_abi(CX(cx), &e, out);
  return WT_OK;
}

wt_status wt_linker_instantiate_pre(const wt_linker *linker, const wt_module *module, wt_instance_pre **out) {
  ZERO(out);
  ARGS(linker, module, out);
  wt_instance_pre *p = calloc(1, sizeof *p);
  if (!p) return wt__oom();
  wt_status rc = wt__outcome(W->wasmtime_linker_instantiate_pre(linker->l, module->m, &p->p), NULL, "instantiate_pre");
  if (rc) { free(p); return rc; }
  p->wasi = linker->wasi && imports_wasi(module);
  *out = p;
  return WT_OK;
}

wt_status wt_instance_pre_instantiate(const wt_instance_pre *pre, wt_context *cx, wt_instance *out) {
  wta_trap_t *trap = NULL;
  ZERO(out);
  ARGS(pre, cx, out);
  if (wasi_ready(cx, pre->wasi)) return WT_INVALID;
  wt__enter(cx);
  wta_error_t *err = W->wasmtime_instance_pre_instantiate(pre->p, CX(cx), (wta_instance_t *)out, &trap);
  wt__leave(cx);
  return wt__outcome(err, trap, NULL);
}

void wt_instance_pre_delete(wt_instance_pre *p) {
  if (!p) return;
  W->wasmtime_instance_pre_delete(p->p);
  free(p);
}
