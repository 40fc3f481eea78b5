/* host.c - host functions: their trampolines; what runs inside one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define HOST_MAX 16 /* params/results converted on the stack (fast path) */

/* A wt_caller is Wasmtime's caller itself (cast): both host paths hand
 * it over as is, and the raw path needs no wrapper at all. */
#define CALLER(c) ((wta_caller_t *)(void *)(c))

/* What a host function's trampoline (or adapter) needs, allocated once
 * per definition: wt.h's wt__host, which WT_HOST_ADAPTER's code reads. */
typedef wt__host host;
_Static_assert(sizeof(((host *)0)->kinds) >= 2 * HOST_MAX && WT__HOST_MAX == HOST_MAX, "a host record holds every kind");
_Static_assert(WT__HOST_SMALL == 6, "wt.h's adapters convert the shapes tramp_shape does");

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
static inline __attribute__((always_inline)) int call_host(const host *h, wt_host_fn fn, wta_caller_t *c,
                                                           const wt_val *args, size_t nargs, wt_val *results,
                                                           size_t nresults, wta_trap_t **trap) {
  uint64_t since = wt__serial;
  wt__in_host++;
  wt_status rc = fn(h->env, (wt_caller *)(void *)c, args, nargs, results, nresults);
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


/* The trap for a result of the wrong kind (the first one). */
static __attribute__((noinline, cold)) wta_trap_t *result_kind_trap(const host *h, const wt_val *results) {
  size_t i = 0;
  while (i + 1 < h->nr && results[i].kind == h->kinds[h->np + i]) i++;
  char msg[160];
  snprintf(msg, sizeof msg, "host function returned %s for result %zu, declared %s",
           wt_valkind_name(results[i].kind), i, wt_valkind_name(h->kinds[h->np + i]));
  return W->wasmtime_trap_new(msg, strlen(msg));
}

/* What call_host does after a call that failed (its trap) or that set a
 * wt_caller_trap reason it did not use (dropped; NULL). */
static __attribute__((noinline, cold)) wta_trap_t *host_after(wt_status rc, uint64_t since) {
  if (rc) return host_trap(rc, since);
  wt__reason_serial = 0;
  return NULL;
}

/* Numeric signatures: raw slots <-> wt_val by the kinds fixed at
 * definition, fn called (the record's, or an adapter's own). A result
 * starts as its kind and zero, so that one the callback does not write is
 * 0, never what the stack held. */
static inline __attribute__((always_inline)) wta_trap_t *run_unchecked(const host *h, wt_host_fn fn,
                                                                      wta_caller_t *c, wta_val_raw_t *raw) {
  wt_val args[HOST_MAX], results[HOST_MAX];
  for (size_t i = 0; i < h->np; i++) {
    args[i].kind = h->kinds[i];
    copy_num(&args[i].of, &raw[i], h->kinds[i]);
  }
  for (size_t i = 0; i < h->nr; i++) {
    results[i].kind = h->kinds[h->np + i];
    memset(&results[i].of, 0, 16);
  }
  wta_trap_t *trap = NULL;
  if (UNLIKELY(call_host(h, fn, c, args, h->np, results, h->nr, &trap))) return trap;
  for (size_t i = 0; i < h->nr; i++) {
    if (UNLIKELY(results[i].kind != h->kinds[h->np + i])) return result_kind_trap(h, results);
    copy_num(&raw[i], &results[i].of, results[i].kind);
  }
  return NULL;
}
static wta_trap_t *tramp_unchecked(void *env, wta_caller_t *c, wta_val_raw_t *raw, size_t n) {
  (void)n;
  const host *h = env;
  return run_unchecked(h, h->fn, c, raw);
}

/* WT_HOST_ADAPTER's generic case, and its rare outcomes (wt.h). */
wt_trap *wt__host_run(struct wt__host *record, wt_caller *caller, wt_raw *slots, wt_host_fn fn) {
  const host *h = record;
  if (UNLIKELY(ARGS_OF(__func__, record, fn) || (!slots && (h->np || h->nr) && wt__null_arg(__func__, "slots", 0))))
    return NULL; /* only a caller that is not an adapter gets here: nothing run */
  return (wt_trap *)run_unchecked(h, fn, CALLER(caller), (wta_val_raw_t *)(void *)slots);
}
wt_trap *wt__host_rare(struct wt__host *record, wt_status rc, uint64_t since, const wt_val *results, wt_raw *slots) {
  if (rc != WT_OK || wt__reason_serial > since) {
    wta_trap_t *trap = host_after(rc, since); /* rc WT_OK: the reason dropped, NULL */
    if (rc != WT_OK) return (wt_trap *)trap;
  }
  const host *h = record;
  if (UNLIKELY(ARGS_OF(__func__, record, results) || (h->nr && !slots && wt__null_arg(__func__, "slots", 0))))
    return NULL;
  for (size_t i = 0; i < h->nr; i++)
    if (results[i].kind != h->kinds[h->np + i]) return (wt_trap *)result_kind_trap(h, results);
  /* numbers only (the kinds were checked): whole slots, as the common path writes them */
  for (size_t i = 0; i < h->nr; i++) wt__num_copy(&slots[i], &results[i].of, results[i].kind);
  return NULL;
}

/* The common shapes - up to SHAPE_NP numbers in, none or one out - each
 * get a trampoline of their own with the counts constant: no loops, no
 * memset, no branch on a kind, the arrays just large enough; what
 * call_host does, with its rare outcomes in host_after. The rest (v128,
 * more values) take tramp_unchecked. */
#define SHAPE_NP 6
static inline __attribute__((always_inline)) wta_trap_t *tramp_shape(const host *h, wta_caller_t *c,
                                                                     wta_val_raw_t *raw, size_t NP, size_t NR) {
  static const wt_val no_args[1]; /* what a callback without parameters gets */
  wt_val args[SHAPE_NP], results[1];
  if (!NR) memset(results, 0, sizeof results); /* not to be written (nresults 0), never uninitialised */
  for (size_t i = 0; i < NP; i++) {
    uint8_t k = h->kinds[i];
    args[i].kind = k;
    wt__num_copy(&args[i].of, &raw[i], k);
  }
  if (NR) {
    results[0].kind = h->kinds[NP];
    results[0].of.i64 = 0;
  }
  uint64_t since = wt__serial;
  wt__in_host++;
  wt_status rc = h->fn(h->env, (wt_caller *)(void *)c, NP ? args : no_args, NP, results, NR);
  wt__in_host--;
  if (UNLIKELY(rc != WT_OK || wt__reason_serial > since)) {
    wta_trap_t *trap = host_after(rc, since); /* a reason unused (rc WT_OK): dropped, the results still go back */
    if (rc != WT_OK) return trap;
  }
  if (NR) {
    uint8_t k = h->kinds[NP];
    if (UNLIKELY(results[0].kind != k)) return result_kind_trap(h, results);
    wt__num_copy(&raw[0], &results[0].of, k);
  }
  return NULL;
}
#define SHAPE(NP, NR)                                                                                 \
  HOT static wta_trap_t *tramp_##NP##_##NR(void *env, wta_caller_t *c, wta_val_raw_t *raw, size_t n) { \
    (void)n;                                                                                          \
    return tramp_shape(env, c, raw, NP, NR);                                                          \
  }
SHAPE(0, 0) SHAPE(1, 0) SHAPE(2, 0) SHAPE(3, 0) SHAPE(4, 0) SHAPE(5, 0) SHAPE(6, 0)
SHAPE(0, 1) SHAPE(1, 1) SHAPE(2, 1) SHAPE(3, 1) SHAPE(4, 1) SHAPE(5, 1) SHAPE(6, 1)
#undef SHAPE
static const wta_func_unchecked_callback_t tramp_shapes[2][SHAPE_NP + 1] = {
    {tramp_0_0, tramp_1_0, tramp_2_0, tramp_3_0, tramp_4_0, tramp_5_0, tramp_6_0},
    {tramp_0_1, tramp_1_1, tramp_2_1, tramp_3_1, tramp_4_1, tramp_5_1, tramp_6_1},
};

/* The trampoline of a numeric signature (numbers and v128). */
static wta_func_unchecked_callback_t tramp_for(const host *h) {
  bool numbers = true;
  for (size_t i = 0; i < h->np + h->nr; i++) numbers &= h->kinds[i] <= WT_F64;
  return numbers && h->np <= SHAPE_NP && h->nr <= 1 ? tramp_shapes[h->nr][h->np] : tramp_unchecked;
}

/* tramp_checked on a line whose values have another layout (Wasmtime 36). */
static __attribute__((noinline)) wta_trap_t *tramp_converted(host *h, wta_caller_t *c, const wta_val_t *args,
                                                            size_t nargs, wta_val_t *results, size_t nresults) {
  wt_val a[HOST_MAX], r[HOST_MAX];
  wt__vals lib;
  wt__vals_from_lib(args, nargs, a);
  for (size_t i = 0; i < nresults; i++) {
    memset(&r[i], 0, sizeof r[i]);
    r[i].kind = h->kinds[h->np + i];
  }
  wta_trap_t *trap = NULL;
  if (call_host(h, h->fn, c, a, nargs, r, nresults, &trap)) return trap;
  if (wt__vals_to_lib(&lib, r, nresults)) return W->wasmtime_trap_new("out of memory", 13);
  memcpy(results, lib.p, nresults * sizeof(wta_val_v0_t));
  wt__vals_free(&lib);
  return NULL;
}

/* Signatures with references: wt_val is wasmtime_val_t, so no conversion
 * (but on Wasmtime 36). */
static wta_trap_t *tramp_checked(void *env, wta_caller_t *c, const wta_val_t *args, size_t nargs,
                                 wta_val_t *results, size_t nresults) {
  host *h = env;
  if (UNLIKELY(!VALS_NATIVE)) return tramp_converted(h, c, args, nargs, results, nresults);
  for (size_t i = 0; i < nresults; i++) {
    memset(&results[i], 0, sizeof results[i]);
    results[i].kind = h->kinds[h->np + i];
  }
  wta_trap_t *trap = NULL;
  call_host(h, h->fn, c, (const wt_val *)args, nargs, (wt_val *)results, nresults, &trap);
  return trap;
}

static void host_free(void *p) {
  host *h = p;
  if (h->finalizer) h->finalizer(h->env);
  free(h);
}

/* ---- checks ---- */

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
  host *h = calloc(1, sizeof *h);
  if (!h) return NULL;
  *h = (host){fn, env, finalizer, np, nr, np <= WT__HOST_SMALL && nr <= 1, {0}};
  if (np) memcpy(h->kinds, params, np);
  if (nr) memcpy(h->kinds + np, results, nr);
  for (size_t i = 0; i < np + nr; i++) h->small &= h->kinds[i] <= WT_F64;
  return h;
}

/* ---- host functions: wt_linker_define_func, wt_func_new ---- */

/* The checks, record and type every definition starts with (func names
 * the public function): WT_OK with *h and *ft, Wasmtime's callback env
 * and the type to delete; or the refusal, finalizer run. */
static wt_status host_make(const char *func, const uint8_t *params, size_t nparams, const uint8_t *results,
                           size_t nresults, wt_host_fn fn, void *env, void (*finalizer)(void *), host **h,
                           wta_functype_t **ft) {
  wt_status rc = check_host(func, params, nparams, results, nresults, fn != NULL, HOST_MAX);
  *h = rc ? NULL : host_new(params, nparams, results, nresults, fn, env, finalizer);
  if (!*h) return wt__refuse(rc ? rc : wt__oom(), finalizer, env);
  *ft = wt__functype_new(params, nparams, results, nresults);
  return WT_OK;
}

/* Wasmtime's unchecked callback for h, a definition whose kinds are all
 * numbers or v128: the user's adapter, or the trampoline of h's shape. */
static wta_func_unchecked_callback_t unchecked_for(const host *h, wt_host_adapter adapter) {
  return adapter ? (wta_func_unchecked_callback_t)(void (*)(void))adapter : tramp_for(h);
}

wt_status wt__host_define(wta_linker_t *l, const char *module, const char *name, const uint8_t *params,
                          size_t nparams, const uint8_t *results, size_t nresults, wt_host_adapter adapter,
                          wt_host_fn fn, void *env, void (*finalizer)(void *)) {
  const char *func = adapter ? "wt_linker_define_func_adapted" : "wt_linker_define_func";
  host *h;
  wta_functype_t *ft;
  wt_status rc = host_make(func, params, nparams, results, nresults, fn, env, finalizer, &h, &ft);
  if (rc) return rc;
  wta_error_t *err;
  size_t m = strlen(module), n = strlen(name);
  if (numeric_only(h->kinds, nparams + nresults))
    err = W->wasmtime_linker_define_func_unchecked(l, module, m, name, n, ft, unchecked_for(h, adapter), h, host_free);
  else
    err = W->wasmtime_linker_define_func(l, module, m, name, n, ft, tramp_checked, h, host_free);
  W->wasm_functype_delete(ft);
  return wt__outcome(err, NULL, "define");
}

/* wt_func_new and wt_func_new_adapted (func names the public one): a
 * function of the store that Wasmtime calls as a linker's definition
 * (wt__host_define) would be called. */
static wt_status func_new(const char *func, wt_context *cx, const uint8_t *params, size_t nparams,
                          const uint8_t *results, size_t nresults, wt_host_adapter adapter, wt_host_fn fn, void *env,
                          void (*finalizer)(void *), wt_func *out) {
  host *h;
  wta_functype_t *ft;
  wt_status rc = host_make(func, params, nparams, results, nresults, fn, env, finalizer, &h, &ft);
  if (rc) return rc;
  wta_func_t *f = (wta_func_t *)(void *)out;
  if (numeric_only(h->kinds, nparams + nresults))
    W->wasmtime_func_new_unchecked(CX(cx), ft, unchecked_for(h, adapter), h, host_free, f);
  else
    W->wasmtime_func_new(CX(cx), ft, tramp_checked, h, host_free, f);
  W->wasm_functype_delete(ft);
  WT_FUNC_SIG(out) = wt__sig_pack(params, nparams, results, nresults);
  return WT_OK;
}

wt_status wt_func_new(wt_context *cx, const uint8_t *params, size_t nparams, const uint8_t *results, size_t nresults,
                wt_host_fn fn, void *env, void (*finalizer)(void *), wt_func *out) {
  ZERO(out);
  wt_status rc = ARGS_OF(__func__, cx, out);
  if (rc) return wt__refuse(rc, finalizer, env);
  return func_new(__func__, cx, params, nparams, results, nresults, NULL, fn, env, finalizer, out);
}

wt_status wt_func_new_adapted(wt_context *cx, const uint8_t *params, size_t nparams, const uint8_t *results,
                              size_t nresults, wt_host_adapter adapter, wt_host_fn fn, void *env,
                              void (*finalizer)(void *), wt_func *out) {
  ZERO(out);
  wt_status rc = ARGS_OF(__func__, cx, adapter, out);
  if (rc) return wt__refuse(rc, finalizer, env);
  return func_new(__func__, cx, params, nparams, results, nresults, adapter, fn, env, finalizer, out);
}

/* ---- the raw path: the user's function is Wasmtime's callback ---- */

wt_trap *wt_trap_new(const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt ? fmt : "host trap", ap);
  va_end(ap);
  return wt__ensure() ? NULL : (wt_trap *)W->wasmtime_trap_new(msg, strlen(msg));
}

wt_status wt__host_define_raw(wta_linker_t *l, const char *module, const char *name, const uint8_t *params,
                              size_t nparams, const uint8_t *results, size_t nresults, wt_host_raw_fn fn, void *env,
                              void (*finalizer)(void *)) {
  wt_status rc = check_host("wt_linker_define_func_raw", params, nparams, results, nresults, fn != NULL, 64);
  if (!rc && (!numeric_only(params, nparams) || !numeric_only(results, nresults)))
    rc = wt__fail(WT_INVALID, "define raw: only numeric and v128 kinds (use wt_linker_define_func)");
  wta_functype_t *ft = rc ? NULL : wt__functype_new(params, nparams, results, nresults);
  if (!rc && !ft) rc = wt__oom();
  if (rc) return wt__refuse(rc, finalizer, env);
  /* wt_caller is wasmtime_caller_t, wt_raw is wasmtime_val_raw_t and
   * wt_trap is wasm_trap_t: the two function types have one ABI. */
  wta_func_unchecked_callback_t cb = (wta_func_unchecked_callback_t)(void (*)(void))fn;
  wta_error_t *err = W->wasmtime_linker_define_func_unchecked(l, module, strlen(module), name, strlen(name), ft,
                                                              cb, env, finalizer);
  W->wasm_functype_delete(ft);
  return wt__outcome(err, NULL, "define");
}

/* ---- inside a host function ---- */

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
