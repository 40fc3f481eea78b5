/* linker.c - wt_linker: definitions, instantiation, lookups. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct wt_linker { wta_linker_t *l; wt_engine *engine; bool wasi; };
struct wt_instance_pre { wta_instance_pre_t *p; bool wasi; }; /* wasi: the module imports the linker's WASI */

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

/* Host functions: host.c makes them (and runs the finalizer of a refused
 * one); the linker only gives its Wasmtime linker. */
wt_status wt_linker_define_func(wt_linker *linker, const char *module, const char *name, const uint8_t *params,
                          size_t nparams, const uint8_t *results, size_t nresults, wt_host_fn fn, void *env,
                          void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, linker, module, name);
  if (rc) return wt__refuse(rc, finalizer, env);
  return wt__host_define(linker->l, module, name, params, nparams, results, nresults, NULL, fn, env, finalizer);
}

wt_status wt_linker_define_func_adapted(wt_linker *linker, const char *module, const char *name,
                                  const uint8_t *params, size_t nparams, const uint8_t *results, size_t nresults,
                                  wt_host_adapter adapter, wt_host_fn fn, void *env, void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, linker, module, name, adapter);
  if (rc) return wt__refuse(rc, finalizer, env);
  return wt__host_define(linker->l, module, name, params, nparams, results, nresults, adapter, fn, env, finalizer);
}

wt_status wt_linker_define_func_raw(wt_linker *linker, const char *module, const char *name, const uint8_t *params,
                              size_t nparams, const uint8_t *results, size_t nresults, wt_host_raw_fn fn, void *env,
                              void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, linker, module, name);
  if (rc) return wt__refuse(rc, finalizer, env);
  return wt__host_define_raw(linker->l, module, name, params, nparams, results, nresults, fn, env, finalizer);
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
  if (!W->wasmtime_linker_define_unknown_imports_as_traps)
    return wt__fail(WT_UNSUPPORTED, "linker: the loaded Wasmtime (%s) cannot define unknown imports as traps "
                    "(Wasmtime 39 and later can)", wt_wasmtime_version());
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
