/* module_bytes.c - fuzz target: arbitrary bytes as a wasm module.
 *
 * wt_module_validate, wt_module_new, then (when it compiled) describe its
 * imports and exports, instantiate it in a store with tight limits (memory,
 * tables, instances; fuel; a timeout) where every import is satisfied
 * (functions that trap, fresh memories/globals/tables of the asked types),
 * and call every exported function with zero arguments of its kinds.
 * Any wt status is an acceptable outcome; a crash, a sanitizer report or a
 * hang is a finding. One engine serves the whole process. The statuses,
 * kinds and signatures seen are fed back to libFuzzer as features
 * (fuzz_feature), since Wasmtime's own code gives it no coverage. */
#include <string.h>

#include "fuzz.h"

#define FUEL 200000       /* per call: a few milliseconds of wasm */
#define TIMEOUT_MS 200    /* per call, for what fuel does not count */
#define MAX_MEMORY (16 << 20)

enum { F_VALIDATE = 1, F_NEW, F_AGREE, F_IMPORT, F_EXPORT, F_SIG, F_DEFINE, F_INSTANTIATE, F_CALL, F_TRAP, F_NCALLS };

/* A function type as one number: counts and the first kinds. */
static uint64_t sig_of(const wt_extern_type *t) {
  uint64_t h = t->nparams * 64 + t->nresults;
  for (size_t i = 0; i < t->nparams && i < 6; i++) h = h * 16 + t->params[i];
  for (size_t i = 0; i < t->nresults && i < 3; i++) h = h * 16 + t->results[i];
  return h;
}

static wt_engine *engine;

static void setup(void) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.consume_fuel = true;
  o.epoch_interruption = true;
  FUZZ_SETUP(wt_engine_new(&o, &engine));
}

/* A fresh item for a non-function import, so that more modules link. */
static void define_import(wt_linker *l, wt_context *cx, const wt_import *im) {
  wt_extern e;
  memset(&e, 0, sizeof e);
  e.kind = im->type.kind;
  int rc = WT_ERROR;
  const wt_extern_type *t = &im->type;
  if (t->kind == WT_EXTERN_MEMORY && t->min <= 16) {
    rc = wt_memory_new(cx, t->min, t->max, t->is64, &e.of.memory);
  } else if (t->kind == WT_EXTERN_GLOBAL) {
    wt_val v = fuzz_zero(t->valkind);
    rc = wt_global_new(cx, &v, t->mutable_, &e.of.global);
  } else if (t->kind == WT_EXTERN_TABLE && t->min <= 1000) {
    rc = wt_table_new(cx, (wt_valkind)t->valkind, (uint32_t)t->min, t->max > UINT32_MAX ? UINT32_MAX : (uint32_t)t->max,
                      NULL, &e.of.table);
  }
  if (rc == WT_OK) rc = wt_linker_define(l, cx, im->module, im->name, &e);
  fuzz_feature(F_DEFINE, (uint64_t)t->kind * 32 + (uint64_t)rc);
}

/* Calls export function f with zeros; any outcome is fine. */
static void call_zero(wt_store *s, wt_context *cx, const wt_func *f) {
  wt_extern_type t;
  if (wt_func_type(cx, f, &t)) return;
  wt_val *args = calloc(t.nparams + 1, sizeof *args), *res = calloc(t.nresults + 1, sizeof *res);
  FUZZ_ASSERT(args && res, "out of memory");
  for (size_t i = 0; i < t.nparams; i++) args[i] = fuzz_zero(t.params[i]);
  size_t np = t.nparams, nr = t.nresults; /* t's arrays live until the next wt call */
  wt_store_set_fuel(s, FUEL);
  int rc = wt_func_call(cx, f, args, np, res, nr);
  fuzz_feature(F_CALL, (uint64_t)rc);
  if (rc == WT_TRAP) fuzz_feature(F_TRAP, (uint64_t)(wt_trap_code() + 1));
  if (rc == WT_OK)
    for (size_t i = 0; i < nr; i++) wt_val_release(&res[i]);
  free(args);
  free(res);
}

static void run(wt_module *m) {
  wt_store *s = NULL;
  wt_linker *l = NULL;
  wt_instance inst;
  wt_export ex;
  wt_import im;
  wt_limits lim = {MAX_MEMORY, 10000, 10, 10, 10};
  /* the descriptions, as a client would read them */
  size_t nexports = 0, nimports = 0;
  FUZZ_ASSERT(wt_module_export_count(m, &nexports) == WT_OK, "export count: %s", wt_errmsg());
  FUZZ_ASSERT(wt_module_import_count(m, &nimports) == WT_OK, "import count: %s", wt_errmsg());
  for (size_t i = 0; i < nexports; i++) {
    FUZZ_ASSERT(wt_module_export_nth(m, i, &ex) == WT_OK, "export %zu of %zu", i, nexports);
    char buf[256];
    wt_extern_type_format(&ex.type, buf, sizeof buf);
    fuzz_feature(F_EXPORT, (uint64_t)ex.type.kind);
    if (ex.type.kind == WT_EXTERN_FUNC) fuzz_feature(F_SIG, sig_of(&ex.type));
  }
  FUZZ_SETUP(wt_store_new(engine, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  FUZZ_SETUP(wt_store_set_limits(s, &lim));
  FUZZ_SETUP(wt_store_set_fuel(s, FUEL));
  FUZZ_SETUP(wt_store_set_timeout(s, TIMEOUT_MS));
  FUZZ_SETUP(wt_linker_new(engine, &l));
  for (size_t i = 0; i < nimports; i++) {
    FUZZ_ASSERT(wt_module_import_nth(m, i, &im) == WT_OK, "import %zu", i);
    fuzz_feature(F_IMPORT, (uint64_t)im.type.kind * 4096 + (im.type.kind == WT_EXTERN_FUNC ? sig_of(&im.type) % 4096 : im.type.min % 64));
    if (im.type.kind != WT_EXTERN_FUNC) define_import(l, cx, &im);
  }
  (void)wt_linker_define_unknown_imports_as_traps(l, m);
  int rc = wt_linker_instantiate(l, cx, m, &inst);
  fuzz_feature(F_INSTANTIATE, (uint64_t)rc);
  if (rc == WT_OK) {
    const char *name;
    size_t len, calls = 0;
    wt_extern e;
    for (size_t i = 0; i < 64 && wt_instance_export_nth(cx, &inst, i, &name, &len, &e) == WT_OK; i++)
      if (e.kind == WT_EXTERN_FUNC) call_zero(s, cx, &e.of.func), calls++;
    fuzz_feature(F_NCALLS, calls);
  }
  wt_linker_delete(l);
  wt_store_delete(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wt_module *m = NULL;
  if (!engine) setup();
  int v = wt_module_validate(engine, data, size);
  int rc = wt_module_new(engine, data, size, &m);
  fuzz_feature(F_VALIDATE, (uint64_t)v);
  fuzz_feature(F_NEW, (uint64_t)rc);
  fuzz_feature(F_AGREE, (uint64_t)(!v * 2 + !rc));
  if (rc == WT_OK) run(m);
  else FUZZ_ASSERT(m == NULL, "a failed wt_module_new left a module");
  wt_module_delete(m);
  return 0;
}
