/* test_null.c - every public function of wt.h with NULL in each pointer
 * position, one at a time: WT_INVALID, a message naming the function and
 * the argument, out-parameters that were given left zeroed, finalizers of a
 * refused call run once - and never a crash. Functions that return a value
 * instead of a status give their documented neutral value, and NULL where
 * wt.h allows it (an optional out-parameter, a buffer of length 0) works.
 *
 * The cases run in a child process that records which case it is in: a
 * case that crashes is reported by name and the run goes on with the next
 * one in a new child (under ASan a crash is an ASan report and exit 1). */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"

static const char WAT[] =
    "(module\n"
    "  (import \"env\" \"host\" (func $host))\n"
    "  (import \"env\" \"raw\" (func $raw))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (global (export \"g\") (mut i32) (i32.const 7))\n"
    "  (table (export \"t\") 2 funcref)\n"
    "  (func (export \"nop\"))\n"
    "  (func (export \"id32\") (param i32) (result i32) local.get 0)\n"
    "  (func (export \"id64\") (param i64) (result i64) local.get 0)\n"
    "  (func (export \"idf32\") (param f32) (result f32) local.get 0)\n"
    "  (func (export \"idf64\") (param f64) (result f64) local.get 0)\n"
    "  (func (export \"call_host\") call $host)\n"
    "  (func (export \"call_raw\") call $raw))";

/* Out-parameters: filled with garbage before each case. */
typedef struct outs {
  wt_engine *engine;
  wt_store *store;
  wt_module *module;
  wt_component *component;
  wt_linker *linker;
  wt_instance_pre *pre;
  wt_wasi *wasi;
  uint8_t *bytes;
  size_t len;
  const char *name;
  uint64_t u64;
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  wt_frame frame;
  wt_cache_stats stats;
  wt_import imp;
  wt_export exp;
  wt_extern ext;
  wt_extern_type type;
  wt_instance inst;
  wt_func func;
  wt_memory mem;
  wt_global glob;
  wt_table table;
  wt_val val;
  wt_raw raw;
  uint32_t u32;
  const wt_citem *citem;
  wt_resource *res;
  wt_clinker *clinker;
  wt_cinstance cinst;
  wt_cfunc *cfunc;
  wt_cval cval;
  void *ptr;
  uint32_t u32b;
} outs;

typedef struct fx {
  fixture f;
  wt_engine *engine;
  wt_store *store;
  wt_context *cx;
  wt_linker *linker;
  wt_module *module;
  wt_instance_pre *pre;
  wt_wasi *wasi;
  wt_instance inst;
  wt_func nop, id32, id64, idf32, idf64, call_host, call_raw;
  wt_memory mem;
  wt_global g;
  wt_table t;
  wt_extern item;         /* the memory, as an extern */
  wt_val v, ref;          /* an i32 and a funcref */
  uint8_t *ser;           /* the module, serialized */
  size_t nser;
  wt_component *component;
  uint8_t *cser;          /* the component, serialized */
  size_t ncser;
  bool fake_component;    /* no WT_CAP_COMPONENT: component and cser are dummies, and so are these: */
  wt_clinker *clinker;    /* the component instantiated through it */
  wt_cinstance cinst;
  wt_cfunc *cfunc;        /* its export "f": func() */
  wt_resource *res;       /* a host resource (type 1, rep 2) */
  wt_limits limits;
  wt_engine_options opts;
  uint8_t buf[16];
  char text[64];
  int fins;               /* finalizer runs in this case */
  int pending, host_rc;   /* a case to run inside a host call */
  char msg[512];          /* wt_errmsg() right after the case's call */
  outs o;
} fx;

static const uint8_t I32[] = {WT_I32};
static const uint8_t WASM[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
static const uint8_t COMPONENT[] = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};

static void fin(void *env) { (*(int *)env)++; }
static wt_status chost_ok(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  (void)env, (void)cx, (void)a, (void)n, (void)r;
  return WT_OK;
}
static const char CFUNC[] =
    "(component (core module $m (func (export \"f\"))) (core instance $i (instantiate $m))\n"
    "  (func (export \"f\") (canon lift (core func $i \"f\"))))";
static wt_status host_ok(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)c, (void)a, (void)na, (void)r, (void)nr;
  return WT_OK;
}
WT_HOST_ADAPTER(host_ok_adapter, host_ok);
static wt_trap *raw_ok(void *env, wt_caller *c, wt_raw *s, size_t n) {
  (void)env, (void)c, (void)s, (void)n;
  return NULL;
}
static wt_trap *raw_trap(void *env, wt_caller *c, wt_raw *s, size_t n) {
  (void)env, (void)c, (void)s, (void)n;
  return wt_trap_new(NULL);
}
static ptrdiff_t writer(void *env, const unsigned char *d, size_t n) {
  (void)env, (void)d;
  return (ptrdiff_t)n;
}

static bool zeroed(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return false;
  return true;
}
#define O (x->o)
#define Z(v) zeroed(&(v), sizeof(v))
#define FIN (x->fins == 1)
#define NULL_EXTERNREF(v) ((v).kind == WT_EXTERNREF && wt_val_is_null(&(v)))
static bool null_funcref(wt_val v) { return v.kind == WT_FUNCREF && wt_val_is_null(&v); }
static const wt_extern_type FUNC_TYPE; /* zeroed: "func()" */
static const char *const AB[] = {"a", "b"};
static const wt_ctype ENUM_AB = {.kind = WT_CENUM, .count = 2, .names = AB};
static const wt_cfunc_sig SIG0; /* zeroed: "func()" */

/* wt_store_set_wasi takes the configuration even when it refuses. */
static int set_wasi_on_null_store(void) {
  wt_wasi *w = NULL;
  int rc = wt_wasi_new(&w);
  return rc ? rc : wt_store_set_wasi(NULL, w);
}

/* N(function, argument, call, check): `call` must return WT_INVALID with
 * "function: argument 'argument'" in the message and leave `check` true.
 * C is the caller inside a host call (NULL outside). */
#define NULL_CASES(N)                                                                              \
  N(wt_trap_frame_nth, out, wt_trap_frame_nth(0, NULL), 1)                                                 \
  N(wt_engine_new, out, wt_engine_new(NULL, NULL), 1)                                              \
  N(wt_engine_new, out, wt_engine_new(&x->opts, NULL), 1)                                          \
  N(wt_engine_cache_stats, engine, wt_engine_cache_stats(NULL, &O.stats), Z(O.stats))              \
  N(wt_engine_cache_stats, out, wt_engine_cache_stats(x->engine, NULL), 1)                         \
  N(wt_engine_cache_clear, engine, wt_engine_cache_clear(NULL), 1)                                 \
  N(wt_store_new, engine, wt_store_new(NULL, NULL, NULL, &O.store), !O.store)                      \
  N(wt_store_new, out, wt_store_new(x->engine, &x->fins, fin, NULL), x->fins == 1)                 \
  N(wt_store_set_fuel, store, wt_store_set_fuel(NULL, 1), 1)                                       \
  N(wt_store_get_fuel, store, wt_store_get_fuel(NULL, &O.u64), !O.u64)                             \
  N(wt_store_get_fuel, out, wt_store_get_fuel(x->store, NULL), 1)                                  \
  N(wt_store_set_timeout, store, wt_store_set_timeout(NULL, 1), 1)                                 \
  N(wt_store_set_limits, store, wt_store_set_limits(NULL, &x->limits), 1)                          \
  N(wt_store_set_limits, limits, wt_store_set_limits(x->store, NULL), 1)                           \
  N(wt_store_gc, store, wt_store_gc(NULL), 1)                                                      \
  N(wt_store_interrupt, store, wt_store_interrupt(NULL), 1)                                        \
  N(wt_module_new, engine, wt_module_new(NULL, WASM, sizeof WASM, &O.module), !O.module)           \
  N(wt_module_new, wasm, wt_module_new(x->engine, NULL, 8, &O.module), !O.module)                  \
  N(wt_module_new, out, wt_module_new(x->engine, WASM, sizeof WASM, NULL), 1)                      \
  N(wt_module_from_wat, engine, wt_module_from_wat(NULL, "(module)", 8, &O.module), !O.module)     \
  N(wt_module_from_wat, wat, wt_module_from_wat(x->engine, NULL, 8, &O.module), !O.module)         \
  N(wt_module_from_wat, out, wt_module_from_wat(x->engine, "(module)", 8, NULL), 1)                \
  N(wt_module_from_file, engine, wt_module_from_file(NULL, "/dev/null", &O.module), !O.module)     \
  N(wt_module_from_file, path, wt_module_from_file(x->engine, NULL, &O.module), !O.module)         \
  N(wt_module_from_file, out, wt_module_from_file(x->engine, "/dev/null", NULL), 1)                \
  N(wt_wat_to_wasm, wat, wt_wat_to_wasm(NULL, 8, &O.bytes, &O.len), !O.bytes && !O.len)           \
  N(wt_wat_to_wasm, out, wt_wat_to_wasm("(module)", 8, NULL, &O.len), !O.len)                      \
  N(wt_wat_to_wasm, out_len, wt_wat_to_wasm("(module)", 8, &O.bytes, NULL), !O.bytes)             \
  N(wt_module_validate, engine, wt_module_validate(NULL, WASM, sizeof WASM), 1)                    \
  N(wt_module_validate, wasm, wt_module_validate(x->engine, NULL, 8), 1)                           \
  N(wt_module_serialize, module, wt_module_serialize(NULL, &O.bytes, &O.len), !O.bytes && !O.len)  \
  N(wt_module_serialize, out, wt_module_serialize(x->module, NULL, &O.len), !O.len)                \
  N(wt_module_serialize, out_len, wt_module_serialize(x->module, &O.bytes, NULL), !O.bytes)        \
  N(wt_module_serialize_file, module, wt_module_serialize_file(NULL, "/tmp/wt-null.cwasm"), 1)     \
  N(wt_module_serialize_file, path, wt_module_serialize_file(x->module, NULL), 1)                  \
  N(wt_module_deserialize, engine, wt_module_deserialize(NULL, x->ser, x->nser, &O.module), !O.module) \
  N(wt_module_deserialize, bytes, wt_module_deserialize(x->engine, NULL, x->nser, &O.module), !O.module) \
  N(wt_module_deserialize, out, wt_module_deserialize(x->engine, x->ser, x->nser, NULL), 1)        \
  N(wt_module_deserialize_file, engine, wt_module_deserialize_file(NULL, "/dev/null", &O.module), !O.module) \
  N(wt_module_deserialize_file, path, wt_module_deserialize_file(x->engine, NULL, &O.module), !O.module) \
  N(wt_module_deserialize_file, out, wt_module_deserialize_file(x->engine, "/dev/null", NULL), 1)  \
  N(wt_module_import_count, module, wt_module_import_count(NULL, &O.len), !O.len)                   \
  N(wt_module_import_count, out, wt_module_import_count(x->module, NULL), 1)                       \
  N(wt_module_export_count, module, wt_module_export_count(NULL, &O.len), !O.len)                   \
  N(wt_module_export_count, out, wt_module_export_count(x->module, NULL), 1)                       \
  N(wt_module_import_nth, module, wt_module_import_nth(NULL, 0, &O.imp), Z(O.imp))                         \
  N(wt_module_import_nth, out, wt_module_import_nth(x->module, 0, NULL), 1)                                \
  N(wt_module_export_nth, module, wt_module_export_nth(NULL, 0, &O.exp), Z(O.exp))                         \
  N(wt_module_export_nth, out, wt_module_export_nth(x->module, 0, NULL), 1)                                \
  COMPONENT_CASES(N)                                                                               \
  N(wt_linker_new, engine, wt_linker_new(NULL, &O.linker), !O.linker)                              \
  N(wt_linker_new, out, wt_linker_new(x->engine, NULL), 1)                                         \
  N(wt_linker_define_func, linker, wt_linker_define_func(NULL, "m", "f", I32, 1, I32, 1, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func, module, wt_linker_define_func(x->linker, NULL, "f", I32, 1, I32, 1, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func, name, wt_linker_define_func(x->linker, "m", NULL, I32, 1, I32, 1, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func, params, wt_linker_define_func(x->linker, "m", "f", NULL, 1, I32, 1, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func, results, wt_linker_define_func(x->linker, "m", "f", I32, 1, NULL, 1, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func, fn, wt_linker_define_func(x->linker, "m", "f", I32, 1, I32, 1, NULL, &x->fins, fin), FIN) \
  N(wt_linker_define_func_adapted, linker, wt_linker_define_func_adapted(NULL, "m", "f", I32, 1, I32, 1, host_ok_adapter, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_adapted, module, wt_linker_define_func_adapted(x->linker, NULL, "f", I32, 1, I32, 1, host_ok_adapter, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_adapted, name, wt_linker_define_func_adapted(x->linker, "m", NULL, I32, 1, I32, 1, host_ok_adapter, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_adapted, params, wt_linker_define_func_adapted(x->linker, "m", "f", NULL, 1, I32, 1, host_ok_adapter, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_adapted, results, wt_linker_define_func_adapted(x->linker, "m", "f", I32, 1, NULL, 1, host_ok_adapter, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_adapted, adapter, wt_linker_define_func_adapted(x->linker, "m", "f", I32, 1, I32, 1, NULL, host_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_adapted, fn, wt_linker_define_func_adapted(x->linker, "m", "f", I32, 1, I32, 1, host_ok_adapter, NULL, &x->fins, fin), FIN) \
  N(wt_linker_define_func_raw, linker, wt_linker_define_func_raw(NULL, "m", "f", I32, 1, I32, 1, raw_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_raw, module, wt_linker_define_func_raw(x->linker, NULL, "f", I32, 1, I32, 1, raw_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_raw, name, wt_linker_define_func_raw(x->linker, "m", NULL, I32, 1, I32, 1, raw_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_raw, params, wt_linker_define_func_raw(x->linker, "m", "f", NULL, 1, I32, 1, raw_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_raw, results, wt_linker_define_func_raw(x->linker, "m", "f", I32, 1, NULL, 1, raw_ok, &x->fins, fin), FIN) \
  N(wt_linker_define_func_raw, fn, wt_linker_define_func_raw(x->linker, "m", "f", I32, 1, I32, 1, NULL, &x->fins, fin), FIN) \
  N(wt_linker_define, linker, wt_linker_define(NULL, x->cx, "m", "n", &x->item), 1)                \
  N(wt_linker_define, cx, wt_linker_define(x->linker, NULL, "m", "n", &x->item), 1)                \
  N(wt_linker_define, module, wt_linker_define(x->linker, x->cx, NULL, "n", &x->item), 1)          \
  N(wt_linker_define, name, wt_linker_define(x->linker, x->cx, "m", NULL, &x->item), 1)            \
  N(wt_linker_define, item, wt_linker_define(x->linker, x->cx, "m", "n", NULL), 1)                 \
  N(wt_linker_define_instance, linker, wt_linker_define_instance(NULL, x->cx, "i", &x->inst), 1)   \
  N(wt_linker_define_instance, cx, wt_linker_define_instance(x->linker, NULL, "i", &x->inst), 1)   \
  N(wt_linker_define_instance, name, wt_linker_define_instance(x->linker, x->cx, NULL, &x->inst), 1) \
  N(wt_linker_define_instance, instance, wt_linker_define_instance(x->linker, x->cx, "i", NULL), 1) \
  N(wt_linker_define_wasi, linker, wt_linker_define_wasi(NULL), 1)                                 \
  N(wt_linker_define_unknown_imports_as_traps, linker, wt_linker_define_unknown_imports_as_traps(NULL, x->module), 1) \
  N(wt_linker_define_unknown_imports_as_traps, module, wt_linker_define_unknown_imports_as_traps(x->linker, NULL), 1) \
  N(wt_linker_instantiate, linker, wt_linker_instantiate(NULL, x->cx, x->module, &O.inst), Z(O.inst)) \
  N(wt_linker_instantiate, cx, wt_linker_instantiate(x->linker, NULL, x->module, &O.inst), Z(O.inst)) \
  N(wt_linker_instantiate, module, wt_linker_instantiate(x->linker, x->cx, NULL, &O.inst), Z(O.inst)) \
  N(wt_linker_instantiate, out, wt_linker_instantiate(x->linker, x->cx, x->module, NULL), 1)       \
  N(wt_linker_define_module, linker, wt_linker_define_module(NULL, x->cx, "n", x->module), 1)                    \
  N(wt_linker_define_module, cx, wt_linker_define_module(x->linker, NULL, "n", x->module), 1)                    \
  N(wt_linker_define_module, name, wt_linker_define_module(x->linker, x->cx, NULL, x->module), 1)                \
  N(wt_linker_define_module, module, wt_linker_define_module(x->linker, x->cx, "n", NULL), 1)                    \
  N(wt_linker_get_default, linker, wt_linker_get_default(NULL, x->cx, "", &O.func), Z(O.func))     \
  N(wt_linker_get_default, cx, wt_linker_get_default(x->linker, NULL, "", &O.func), Z(O.func))     \
  N(wt_linker_get_default, name, wt_linker_get_default(x->linker, x->cx, NULL, &O.func), Z(O.func)) \
  N(wt_linker_get_default, out, wt_linker_get_default(x->linker, x->cx, "", NULL), 1)              \
  N(wt_linker_get, linker, wt_linker_get(NULL, x->cx, "env", "host", &O.ext), Z(O.ext))            \
  N(wt_linker_get, cx, wt_linker_get(x->linker, NULL, "env", "host", &O.ext), Z(O.ext))            \
  N(wt_linker_get, module, wt_linker_get(x->linker, x->cx, NULL, "host", &O.ext), Z(O.ext))        \
  N(wt_linker_get, name, wt_linker_get(x->linker, x->cx, "env", NULL, &O.ext), Z(O.ext))           \
  N(wt_linker_get, out, wt_linker_get(x->linker, x->cx, "env", "host", NULL), 1)                   \
  N(wt_linker_instantiate_pre, linker, wt_linker_instantiate_pre(NULL, x->module, &O.pre), !O.pre) \
  N(wt_linker_instantiate_pre, module, wt_linker_instantiate_pre(x->linker, NULL, &O.pre), !O.pre) \
  N(wt_linker_instantiate_pre, out, wt_linker_instantiate_pre(x->linker, x->module, NULL), 1)      \
  N(wt_instance_pre_instantiate, pre, wt_instance_pre_instantiate(NULL, x->cx, &O.inst), Z(O.inst)) \
  N(wt_instance_pre_instantiate, cx, wt_instance_pre_instantiate(x->pre, NULL, &O.inst), Z(O.inst)) \
  N(wt_instance_pre_instantiate, out, wt_instance_pre_instantiate(x->pre, x->cx, NULL), 1)         \
  N(wt_caller_get_export, caller, wt_caller_get_export(NULL, "memory", &O.ext), Z(O.ext))                  \
  N(wt_caller_get_export, name, wt_caller_get_export(C, NULL, &O.ext), Z(O.ext))                           \
  N(wt_caller_get_export, out, wt_caller_get_export(C, "memory", NULL), 1)                                 \
  N(wt_caller_get_memory, caller, wt_caller_get_memory(NULL, "memory", &O.mem), Z(O.mem))                  \
  N(wt_caller_get_memory, name, wt_caller_get_memory(C, NULL, &O.mem), Z(O.mem))                           \
  N(wt_caller_get_memory, out, wt_caller_get_memory(C, "memory", NULL), 1)                                 \
  N(wt_caller_trap, caller, wt_caller_trap(NULL, "bad %d", 1), 1)                                  \
  INSTANCE_CASES(N) CALL_CASES(N) VALUE_CASES(N) MEMORY_CASES(N) GLOBAL_CASES(N) TABLE_CASES(N) WASI_CASES(N) \
  CRUNTIME_CASES(N)

/* The component runtime (cval.c, cfunc.c, clinker.c, resource.c). */
#define CRUNTIME_CASES(N)                                                                          \
  N(wt_resource_new_host, cx, wt_resource_new_host(NULL, 1, 2, true, &O.res), !O.res)              \
  N(wt_resource_new_host, out, wt_resource_new_host(x->cx, 1, 2, true, NULL), 1)                   \
  N(wt_resource_rep, cx, wt_resource_rep(NULL, x->res, &O.u32, &O.u32b), !O.u32 && !O.u32b)        \
  N(wt_resource_rep, r, wt_resource_rep(x->cx, NULL, &O.u32, &O.u32b), !O.u32 && !O.u32b)          \
  N(wt_resource_drop, cx, wt_resource_drop(NULL, x->res), 1)                                       \
  N(wt_resource_drop, r, wt_resource_drop(x->cx, NULL), 1)                                         \
  N(wt_clinker_new, engine, wt_clinker_new(NULL, &O.clinker), !O.clinker)                          \
  N(wt_clinker_new, out, wt_clinker_new(x->engine, NULL), 1)                                       \
  N(wt_clinker_allow_shadowing, linker, wt_clinker_allow_shadowing(NULL, true), 1)                 \
  N(wt_clinker_define_wasi, linker, wt_clinker_define_wasi(NULL), 1)                               \
  N(wt_clinker_define_wasi_http, linker, wt_clinker_define_wasi_http(NULL), 1)                     \
  N(wt_clinker_define_func, linker, wt_clinker_define_func(NULL, "a#f", chost_ok, &x->fins, fin), FIN) \
  N(wt_clinker_define_func, path, wt_clinker_define_func(x->clinker, NULL, chost_ok, &x->fins, fin), FIN) \
  N(wt_clinker_define_func, fn, wt_clinker_define_func(x->clinker, "a#f", NULL, &x->fins, fin), FIN) \
  N(wt_clinker_define_resource, linker, wt_clinker_define_resource(NULL, "a#r", 1, NULL, &x->fins, fin), FIN) \
  N(wt_clinker_define_resource, path, wt_clinker_define_resource(x->clinker, NULL, 1, NULL, &x->fins, fin), FIN) \
  N(wt_clinker_define_module, linker, wt_clinker_define_module(NULL, "m", x->module), 1)           \
  N(wt_clinker_define_module, path, wt_clinker_define_module(x->clinker, NULL, x->module), 1)      \
  N(wt_clinker_define_module, module, wt_clinker_define_module(x->clinker, "m", NULL), 1)          \
  N(wt_clinker_define_unknown_imports_as_traps, linker, wt_clinker_define_unknown_imports_as_traps(NULL, x->component), 1) \
  N(wt_clinker_define_unknown_imports_as_traps, component, wt_clinker_define_unknown_imports_as_traps(x->clinker, NULL), 1) \
  N(wt_clinker_instantiate, linker, wt_clinker_instantiate(NULL, x->cx, x->component, &O.cinst), Z(O.cinst)) \
  N(wt_clinker_instantiate, cx, wt_clinker_instantiate(x->clinker, NULL, x->component, &O.cinst), Z(O.cinst)) \
  N(wt_clinker_instantiate, component, wt_clinker_instantiate(x->clinker, x->cx, NULL, &O.cinst), Z(O.cinst)) \
  N(wt_clinker_instantiate, out, wt_clinker_instantiate(x->clinker, x->cx, x->component, NULL), 1) \
  N(wt_cinstance_get_func, cx, wt_cinstance_get_func(NULL, &x->cinst, "f", &O.cfunc), !O.cfunc)   \
  N(wt_cinstance_get_func, instance, wt_cinstance_get_func(x->cx, NULL, "f", &O.cfunc), !O.cfunc) \
  N(wt_cinstance_get_func, path, wt_cinstance_get_func(x->cx, &x->cinst, NULL, &O.cfunc), !O.cfunc) \
  N(wt_cinstance_get_func, out, wt_cinstance_get_func(x->cx, &x->cinst, "f", NULL), 1)            \
  N(wt_cfunc_call, cx, wt_cfunc_call(NULL, x->cfunc, NULL, 0, &O.cval), Z(O.cval))                 \
  N(wt_cfunc_call, func, wt_cfunc_call(x->cx, NULL, NULL, 0, &O.cval), Z(O.cval))                  \
  N(wt_cfunc_call, args, wt_cfunc_call(x->cx, x->cfunc, NULL, 1, &O.cval), Z(O.cval))              \
  N(wt_context_scratch, cx, wt_context_scratch(NULL, 8, &O.ptr), !O.ptr)                           \
  N(wt_context_scratch, out, wt_context_scratch(x->cx, 8, NULL), 1)

#define COMPONENT_CASES(N)                                                                         \
  N(wt_component_new, engine, wt_component_new(NULL, COMPONENT, 8, &O.component), !O.component)    \
  N(wt_component_new, bytes, wt_component_new(x->engine, NULL, 8, &O.component), !O.component)     \
  N(wt_component_new, out, wt_component_new(x->engine, COMPONENT, 8, NULL), 1)                     \
  N(wt_component_from_wat, engine, wt_component_from_wat(NULL, "(component)", 11, &O.component), !O.component) \
  N(wt_component_from_wat, wat, wt_component_from_wat(x->engine, NULL, 11, &O.component), !O.component) \
  N(wt_component_from_wat, out, wt_component_from_wat(x->engine, "(component)", 11, NULL), 1)      \
  N(wt_component_from_file, engine, wt_component_from_file(NULL, "/dev/null", &O.component), !O.component) \
  N(wt_component_from_file, path, wt_component_from_file(x->engine, NULL, &O.component), !O.component) \
  N(wt_component_from_file, out, wt_component_from_file(x->engine, "/dev/null", NULL), 1)          \
  N(wt_component_serialize, component, wt_component_serialize(NULL, &O.bytes, &O.len), !O.bytes && !O.len) \
  N(wt_component_serialize, out, wt_component_serialize(x->component, NULL, &O.len), !O.len)       \
  N(wt_component_serialize, out_len, wt_component_serialize(x->component, &O.bytes, NULL), !O.bytes) \
  N(wt_component_deserialize, engine, wt_component_deserialize(NULL, x->cser, x->ncser, &O.component), !O.component) \
  N(wt_component_deserialize, bytes, wt_component_deserialize(x->engine, NULL, x->ncser, &O.component), !O.component) \
  N(wt_component_deserialize, out, wt_component_deserialize(x->engine, x->cser, x->ncser, NULL), 1) \
  N(wt_component_deserialize_file, engine, wt_component_deserialize_file(NULL, "/dev/null", &O.component), !O.component) \
  N(wt_component_deserialize_file, path, wt_component_deserialize_file(x->engine, NULL, &O.component), !O.component) \
  N(wt_component_deserialize_file, out, wt_component_deserialize_file(x->engine, "/dev/null", NULL), 1) \
  N(wt_ctype_index, type, wt_ctype_index(NULL, "a", &O.u32), O.u32 == UINT32_MAX)                  \
  N(wt_ctype_index, name, wt_ctype_index(&ENUM_AB, NULL, &O.u32), O.u32 == UINT32_MAX)             \
  N(wt_ctype_index, out, wt_ctype_index(&ENUM_AB, "a", NULL), 1)                                   \
  N(wt_component_import_count, component, wt_component_import_count(NULL, &O.len), !O.len)          \
  N(wt_component_import_count, out, wt_component_import_count(x->component, NULL), 1)              \
  N(wt_component_import_nth, component, wt_component_import_nth(NULL, 0, &O.citem), !O.citem)      \
  N(wt_component_import_nth, out, wt_component_import_nth(x->component, 0, NULL), 1)               \
  N(wt_component_export_count, component, wt_component_export_count(NULL, &O.len), !O.len)          \
  N(wt_component_export_count, out, wt_component_export_count(x->component, NULL), 1)              \
  N(wt_component_export_nth, component, wt_component_export_nth(NULL, 0, &O.citem), !O.citem)      \
  N(wt_component_export_nth, out, wt_component_export_nth(x->component, 0, NULL), 1)               \
  N(wt_component_format, component, wt_component_format(NULL, x->text, sizeof x->text, &O.len), !O.len && !x->text[0]) \
  N(wt_component_format, buf, wt_component_format(x->component, NULL, 8, &O.len), !O.len)

#define GET_CASES(N, fn, OUT)                                                                      \
  N(fn, cx, fn(NULL, &x->inst, "memory", &OUT), Z(OUT))                                            \
  N(fn, inst, fn(x->cx, NULL, "memory", &OUT), Z(OUT))                                             \
  N(fn, name, fn(x->cx, &x->inst, NULL, &OUT), Z(OUT))                                             \
  N(fn, out, fn(x->cx, &x->inst, "memory", NULL), 1)

#define INSTANCE_CASES(N)                                                                          \
  GET_CASES(N, wt_instance_get_export, O.ext)                                                      \
  GET_CASES(N, wt_instance_get_func, O.func)                                                       \
  GET_CASES(N, wt_instance_get_memory, O.mem)                                                      \
  GET_CASES(N, wt_instance_get_global, O.glob)                                                     \
  GET_CASES(N, wt_instance_get_table, O.table)                                                     \
  N(wt_instance_export_count, cx, wt_instance_export_count(NULL, &x->inst, &O.len), !O.len)       \
  N(wt_instance_export_count, inst, wt_instance_export_count(x->cx, NULL, &O.len), !O.len)        \
  N(wt_instance_export_count, out, wt_instance_export_count(x->cx, &x->inst, NULL), 1)            \
  N(wt_instance_export_nth, cx, wt_instance_export_nth(NULL, &x->inst, 0, &O.name, &O.len, &O.ext), !O.name && !O.len && Z(O.ext)) \
  N(wt_instance_export_nth, inst, wt_instance_export_nth(x->cx, NULL, 0, &O.name, &O.len, &O.ext), !O.name && !O.len && Z(O.ext)) \
  N(wt_instance_export_nth, name, wt_instance_export_nth(x->cx, &x->inst, 0, NULL, &O.len, &O.ext), !O.len && Z(O.ext)) \
  N(wt_instance_export_nth, out, wt_instance_export_nth(x->cx, &x->inst, 0, &O.name, &O.len, NULL), !O.name && !O.len)

#define TYPED_CALL_CASES(N, fn, f, arg, OUT)                                                       \
  N(fn, cx, fn(NULL, &x->f, &arg, 1, &OUT), !OUT)                                                  \
  N(fn, func, fn(x->cx, NULL, &arg, 1, &OUT), !OUT)                                                \
  N(fn, args, fn(x->cx, &x->f, NULL, 1, &OUT), !OUT)                                               \
  N(fn, out, fn(x->cx, &x->f, &arg, 1, NULL), 1)

#define CALL_CASES(N)                                                                              \
  N(wt_func_type, cx, wt_func_type(NULL, &x->nop, &O.type), Z(O.type))                             \
  N(wt_func_type, func, wt_func_type(x->cx, NULL, &O.type), Z(O.type))                             \
  N(wt_func_type, out, wt_func_type(x->cx, &x->nop, NULL), 1)                                      \
  N(wt_func_call, cx, wt_func_call(NULL, &x->id32, &x->v, 1, &O.val, 1), 1)                        \
  N(wt_func_call, func, wt_func_call(x->cx, NULL, &x->v, 1, &O.val, 1), 1)                         \
  N(wt_func_call, args, wt_func_call(x->cx, &x->id32, NULL, 1, &O.val, 1), 1)                      \
  N(wt_func_call, results, wt_func_call(x->cx, &x->id32, &x->v, 1, NULL, 1), 1)                    \
  N(wt_func_call_n, cx, wt_func_call_n(NULL, &x->id32, &x->v, 1, &O.val, 1), Z(O.val))           \
  N(wt_func_call_n, func, wt_func_call_n(x->cx, NULL, &x->v, 1, &O.val, 1), Z(O.val))            \
  N(wt_func_call_n, args, wt_func_call_n(x->cx, &x->id32, NULL, 1, &O.val, 1), Z(O.val))         \
  N(wt_func_call_n, results, wt_func_call_n(x->cx, &x->id32, &x->v, 1, NULL, 1), 1)              \
  N(wt_func_call_0, cx, wt_func_call_0(NULL, &x->nop, NULL, 0), 1)                                 \
  N(wt_func_call_0, func, wt_func_call_0(x->cx, NULL, NULL, 0), 1)                                 \
  N(wt_func_call_0, args, wt_func_call_0(x->cx, &x->nop, NULL, 1), 1)                              \
  N(wt_func_call_raw, cx, wt_func_call_raw(NULL, &x->id32, &O.raw, 1), 1)                           \
  N(wt_func_call_raw, func, wt_func_call_raw(x->cx, NULL, &O.raw, 1), 1)                            \
  N(wt_func_call_raw, vals, wt_func_call_raw(x->cx, &x->id32, NULL, 1), 1)                          \
  TYPED_CALL_CASES(N, wt_func_call_i32, id32, x->v, O.i32)                                         \
  TYPED_CALL_CASES(N, wt_func_call_i64, id64, x->v, O.i64)                                         \
  TYPED_CALL_CASES(N, wt_func_call_f32, idf32, x->v, O.f32)                                        \
  TYPED_CALL_CASES(N, wt_func_call_f64, idf64, x->v, O.f64)                                        \
  N(wt_func_new, cx, wt_func_new(NULL, I32, 1, I32, 1, host_ok, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new, params, wt_func_new(x->cx, NULL, 1, I32, 1, host_ok, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new, results, wt_func_new(x->cx, I32, 1, NULL, 1, host_ok, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new, fn, wt_func_new(x->cx, I32, 1, I32, 1, NULL, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new, out, wt_func_new(x->cx, I32, 1, I32, 1, host_ok, &x->fins, fin, NULL), FIN) \
  N(wt_func_new_adapted, cx, wt_func_new_adapted(NULL, I32, 1, I32, 1, host_ok_adapter, host_ok, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new_adapted, params, wt_func_new_adapted(x->cx, NULL, 1, I32, 1, host_ok_adapter, host_ok, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new_adapted, results, wt_func_new_adapted(x->cx, I32, 1, NULL, 1, host_ok_adapter, host_ok, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new_adapted, adapter, wt_func_new_adapted(x->cx, I32, 1, I32, 1, NULL, host_ok, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new_adapted, fn, wt_func_new_adapted(x->cx, I32, 1, I32, 1, host_ok_adapter, NULL, &x->fins, fin, &O.func), FIN && Z(O.func)) \
  N(wt_func_new_adapted, out, wt_func_new_adapted(x->cx, I32, 1, I32, 1, host_ok_adapter, host_ok, &x->fins, fin, NULL), FIN)

#define VALUE_CASES(N)                                                                             \
  N(wt_val_get_funcref, cx, wt_val_get_funcref(NULL, &x->ref, &O.func), Z(O.func))                 \
  N(wt_val_get_funcref, v, wt_val_get_funcref(x->cx, NULL, &O.func), Z(O.func))                    \
  N(wt_val_get_funcref, out, wt_val_get_funcref(x->cx, &x->ref, NULL), 1)                          \
  N(wt_val_externref, cx, wt_val_externref(NULL, &x->fins, fin, &O.val), FIN && NULL_EXTERNREF(O.val)) \
  N(wt_val_externref, out, wt_val_externref(x->cx, &x->fins, fin, NULL), FIN)

#define MEM_RW_CASES(N, r, w, OUT)                                                                 \
  N(r, cx, r(NULL, &x->mem, 0, &OUT), !OUT)                                                        \
  N(r, mem, r(x->cx, NULL, 0, &OUT), !OUT)                                                         \
  N(r, out, r(x->cx, &x->mem, 0, NULL), 1)                                                         \
  N(w, cx, w(NULL, &x->mem, 0, 1), 1)                                                              \
  N(w, mem, w(x->cx, NULL, 0, 1), 1)

#define MEMORY_CASES(N)                                                                            \
  N(wt_memory_read, cx, wt_memory_read(NULL, &x->mem, 0, x->buf, 4), 1)                            \
  N(wt_memory_read_string, cx, wt_memory_read_string(NULL, &x->mem, 0, 2, (char *)x->buf, 4), !x->buf[0])  \
  N(wt_memory_read_string, mem, wt_memory_read_string(x->cx, NULL, 0, 2, (char *)x->buf, 4), !x->buf[0])   \
  N(wt_memory_read_string, buf, wt_memory_read_string(x->cx, &x->mem, 0, 2, NULL, 4), 1)           \
  N(wt_memory_read_cstring, cx, wt_memory_read_cstring(NULL, &x->mem, 0, (char *)x->buf, 4), !x->buf[0])   \
  N(wt_memory_read_cstring, mem, wt_memory_read_cstring(x->cx, NULL, 0, (char *)x->buf, 4), !x->buf[0])    \
  N(wt_memory_read_cstring, buf, wt_memory_read_cstring(x->cx, &x->mem, 0, NULL, 4), 1)            \
  N(wt_memory_read, mem, wt_memory_read(x->cx, NULL, 0, x->buf, 4), 1)                             \
  N(wt_memory_read, dst, wt_memory_read(x->cx, &x->mem, 0, NULL, 4), 1)                            \
  N(wt_memory_write, cx, wt_memory_write(NULL, &x->mem, 0, x->buf, 4), 1)                          \
  N(wt_memory_write, mem, wt_memory_write(x->cx, NULL, 0, x->buf, 4), 1)                           \
  N(wt_memory_write, src, wt_memory_write(x->cx, &x->mem, 0, NULL, 4), 1)                          \
  MEM_RW_CASES(N, wt_memory_read_i32, wt_memory_write_i32, O.i32)                                  \
  MEM_RW_CASES(N, wt_memory_read_i64, wt_memory_write_i64, O.i64)                                  \
  MEM_RW_CASES(N, wt_memory_read_f32, wt_memory_write_f32, O.f32)                                  \
  MEM_RW_CASES(N, wt_memory_read_f64, wt_memory_write_f64, O.f64)                                  \
  N(wt_memory_size, cx, wt_memory_size(NULL, &x->mem, &O.u64), !O.u64)                            \
  N(wt_memory_size, mem, wt_memory_size(x->cx, NULL, &O.u64), !O.u64)                             \
  N(wt_memory_size, out, wt_memory_size(x->cx, &x->mem, NULL), 1)                                 \
  N(wt_memory_pages, cx, wt_memory_pages(NULL, &x->mem, &O.u64), !O.u64)                          \
  N(wt_memory_pages, mem, wt_memory_pages(x->cx, NULL, &O.u64), !O.u64)                           \
  N(wt_memory_pages, out, wt_memory_pages(x->cx, &x->mem, NULL), 1)                               \
  N(wt_memory_grow, cx, wt_memory_grow(NULL, &x->mem, 1, &O.u64), !O.u64)                          \
  N(wt_memory_grow, mem, wt_memory_grow(x->cx, NULL, 1, &O.u64), !O.u64)                           \
  N(wt_memory_new, cx, wt_memory_new(NULL, 1, 1, false, &O.mem), Z(O.mem))                         \
  N(wt_memory_new, out, wt_memory_new(x->cx, 1, 1, false, NULL), 1)

#define GLOBAL_RW_CASES(N, get, set, OUT)                                                          \
  N(get, cx, get(NULL, &x->g, &OUT), !OUT)                                                         \
  N(get, g, get(x->cx, NULL, &OUT), !OUT)                                                          \
  N(get, out, get(x->cx, &x->g, NULL), 1)                                                          \
  N(set, cx, set(NULL, &x->g, 1), 1)                                                               \
  N(set, g, set(x->cx, NULL, 1), 1)

#define GLOBAL_CASES(N)                                                                            \
  N(wt_global_get, cx, wt_global_get(NULL, &x->g, &O.val), Z(O.val))                               \
  N(wt_global_get, g, wt_global_get(x->cx, NULL, &O.val), Z(O.val))                                \
  N(wt_global_get, out, wt_global_get(x->cx, &x->g, NULL), 1)                                      \
  N(wt_global_set, cx, wt_global_set(NULL, &x->g, &x->v), 1)                                       \
  N(wt_global_set, g, wt_global_set(x->cx, NULL, &x->v), 1)                                        \
  N(wt_global_set, v, wt_global_set(x->cx, &x->g, NULL), 1)                                        \
  GLOBAL_RW_CASES(N, wt_global_get_i32, wt_global_set_i32, O.i32)                                  \
  GLOBAL_RW_CASES(N, wt_global_get_i64, wt_global_set_i64, O.i64)                                  \
  GLOBAL_RW_CASES(N, wt_global_get_f32, wt_global_set_f32, O.f32)                                  \
  GLOBAL_RW_CASES(N, wt_global_get_f64, wt_global_set_f64, O.f64)                                  \
  N(wt_global_new, cx, wt_global_new(NULL, &x->v, true, &O.glob), Z(O.glob))                       \
  N(wt_global_new, init, wt_global_new(x->cx, NULL, true, &O.glob), Z(O.glob))                     \
  N(wt_global_new, out, wt_global_new(x->cx, &x->v, true, NULL), 1)

#define TABLE_CASES(N)                                                                             \
  N(wt_table_get, cx, wt_table_get(NULL, &x->t, 0, &O.val), Z(O.val))                              \
  N(wt_table_get, t, wt_table_get(x->cx, NULL, 0, &O.val), Z(O.val))                               \
  N(wt_table_get, out, wt_table_get(x->cx, &x->t, 0, NULL), 1)                                     \
  N(wt_table_set, cx, wt_table_set(NULL, &x->t, 0, &x->ref), 1)                                    \
  N(wt_table_set, t, wt_table_set(x->cx, NULL, 0, &x->ref), 1)                                     \
  N(wt_table_set, v, wt_table_set(x->cx, &x->t, 0, NULL), 1)                                       \
  N(wt_table_size, cx, wt_table_size(NULL, &x->t, &O.u64), !O.u64)                                \
  N(wt_table_size, t, wt_table_size(x->cx, NULL, &O.u64), !O.u64)                                 \
  N(wt_table_size, out, wt_table_size(x->cx, &x->t, NULL), 1)                                     \
  N(wt_table_grow, cx, wt_table_grow(NULL, &x->t, 1, &x->ref, &O.u64), !O.u64)                     \
  N(wt_table_grow, t, wt_table_grow(x->cx, NULL, 1, &x->ref, &O.u64), !O.u64)                      \
  N(wt_table_new, cx, wt_table_new(NULL, WT_FUNCREF, 1, 1, NULL, &O.table), Z(O.table))            \
  N(wt_table_new, out, wt_table_new(x->cx, WT_FUNCREF, 1, 1, NULL, NULL), 1)

#define WASI_CASES(N)                                                                              \
  N(wt_wasi_new, out, wt_wasi_new(NULL), 1)                                                        \
  N(wt_wasi_set_args, wasi, wt_wasi_set_args(NULL, 0, NULL), 1)                                    \
  N(wt_wasi_set_args, argv, wt_wasi_set_args(x->wasi, 2, NULL), 1)                                 \
  N(wt_wasi_add_env, wasi, wt_wasi_add_env(NULL, "K", "v"), 1)                                     \
  N(wt_wasi_add_env, name, wt_wasi_add_env(x->wasi, NULL, "v"), 1)                                 \
  N(wt_wasi_add_env, value, wt_wasi_add_env(x->wasi, "K", NULL), 1)                                \
  N(wt_wasi_inherit_env, wasi, wt_wasi_inherit_env(NULL), 1)                                       \
  N(wt_wasi_set_stdin_bytes, wasi, wt_wasi_set_stdin_bytes(NULL, "abc", 3), 1)                             \
  N(wt_wasi_set_stdin_bytes, data, wt_wasi_set_stdin_bytes(x->wasi, NULL, 3), 1)                           \
  N(wt_wasi_set_stdin_file, wasi, wt_wasi_set_stdin_file(NULL, "/dev/null"), 1)                            \
  N(wt_wasi_set_stdin_file, path, wt_wasi_set_stdin_file(x->wasi, NULL), 1)                                \
  N(wt_wasi_inherit_stdin, wasi, wt_wasi_inherit_stdin(NULL), 1)                                   \
  N(wt_wasi_inherit_output, wasi, wt_wasi_inherit_output(NULL, 1), 1)                              \
  N(wt_wasi_set_output_file, wasi, wt_wasi_set_output_file(NULL, 1, "/dev/null"), 1)                       \
  N(wt_wasi_set_output_file, path, wt_wasi_set_output_file(x->wasi, 1, NULL), 1)                           \
  N(wt_wasi_capture_output, wasi, wt_wasi_capture_output(NULL, 1, writer, &x->fins, fin), FIN)     \
  N(wt_wasi_capture_output, fn, wt_wasi_capture_output(x->wasi, 1, NULL, &x->fins, fin), FIN)      \
  N(wt_wasi_preopen_dir, wasi, wt_wasi_preopen_dir(NULL, "/tmp", "/t", false), 1)                  \
  N(wt_wasi_preopen_dir, host, wt_wasi_preopen_dir(x->wasi, NULL, "/t", false), 1)                 \
  N(wt_wasi_preopen_dir, guest, wt_wasi_preopen_dir(x->wasi, "/tmp", NULL, false), 1)              \
  N(wt_store_set_wasi, store, set_wasi_on_null_store(), 1)                                         \
  N(wt_store_set_wasi, wasi, wt_store_set_wasi(x->store, NULL), 1)

/* V(function, what, condition): NULL where wt.h allows it or where the
 * function returns a value; `condition` must hold. */
#define VALUE_RESULT_CASES(V)                                                                      \
  V(wt_trap_backtrace, buf, wt_trap_backtrace(NULL, 64) == 0)                                      \
  V(wt_init, path, wt_init(NULL) == WT_OK)                                                         \
  V(wt_free, p, (wt_free(NULL), 1))                                                                \
  V(wt_engine_options_init, opts, (wt_engine_options_init(NULL), 1))                               \
  V(wt_limits_init, limits, (wt_limits_init(NULL), 1))                                             \
  V(wt_engine_delete, engine, (wt_engine_delete(NULL), 1))                                         \
  V(wt_engine_cache_error, engine, wt_engine_cache_error(NULL) == NULL)                           \
  V(wt_store_delete, store, (wt_store_delete(NULL), 1))                                            \
  V(wt_module_delete, module, (wt_module_delete(NULL), 1))                                         \
  V(wt_component_delete, component, (wt_component_delete(NULL), 1))                                \
  V(wt_linker_delete, linker, (wt_linker_delete(NULL), 1))                                         \
  V(wt_cval_release, v, (wt_cval_release(NULL), 1))                                                \
  V(wt_resource_owned, r, !wt_resource_owned(NULL))                                                \
  V(wt_resource_delete, r, (wt_resource_delete(NULL), 1))                                          \
  V(wt_resource_rep, type_id, x->fake_component ||                                                 \
                                  (wt_resource_rep(x->cx, x->res, NULL, &O.u32) == WT_OK && O.u32 == 2)) \
  V(wt_resource_rep, rep, x->fake_component ||                                                     \
                              (wt_resource_rep(x->cx, x->res, &O.u32, NULL) == WT_OK && O.u32 == 1)) \
  V(wt_clinker_delete, linker, (wt_clinker_delete(NULL), 1))                                       \
  V(wt_clinker_define_func, env, x->fake_component ||                                              \
                                     wt_clinker_define_func(x->clinker, "n#f", chost_ok, NULL, NULL) == WT_OK) \
  V(wt_clinker_define_resource, dtor, x->fake_component ||                                         \
                                          wt_clinker_define_resource(x->clinker, "n#r", 1, NULL, NULL, NULL) == WT_OK) \
  V(wt_cfunc_type, func, wt_cfunc_type(NULL) == NULL)                                              \
  V(wt_cfunc_call, args, x->fake_component || wt_cfunc_call(x->cx, x->cfunc, NULL, 0, NULL) == WT_OK) \
  V(wt_cfunc_delete, func, (wt_cfunc_delete(NULL), 1))                                             \
  V(wt_instance_pre_delete, pre, (wt_instance_pre_delete(NULL), 1))                                \
  V(wt_wasi_delete, wasi, (wt_wasi_delete(NULL), 1))                                               \
  V(wt_val_release, v, (wt_val_release(NULL), 1))                                                  \
  V(wt_linker_allow_shadowing, linker, (wt_linker_allow_shadowing(NULL, true), 1))                 \
  V(wt_store_context, store, wt_store_context(NULL) == NULL)                                       \
  V(wt_context_store, cx, wt_context_store(NULL) == NULL)                                          \
  V(wt_store_data, store, wt_store_data(NULL) == NULL)                                             \
  V(wt_caller_context, caller, wt_caller_context(NULL) == NULL)                                    \
  V(wt_caller_data, caller, wt_caller_data(NULL) == NULL)                                          \
  V(wt_extern_type_format, type, wt_extern_type_format(NULL, x->text, sizeof x->text) == 0 && !x->text[0]) \
  V(wt_ctype_format, type, wt_ctype_format(NULL, x->text, sizeof x->text) == 0 && !x->text[0])     \
  V(wt_ctype_format, buf, wt_ctype_format(&ENUM_AB, NULL, 0) == strlen("enum { a, b }"))          \
  V(wt_cfunc_sig_format, sig, wt_cfunc_sig_format(NULL, x->text, sizeof x->text) == 0 && !x->text[0]) \
  V(wt_cfunc_sig_format, buf, wt_cfunc_sig_format(&SIG0, NULL, 0) == strlen("func()"))            \
  V(wt_ckind_name, kind, !strcmp(wt_ckind_name(-1), "?"))                                          \
  V(wt_component_format, out_len, x->fake_component ||                                             \
                                      wt_component_format(x->component, x->text, sizeof x->text, NULL) == WT_OK) \
  V(wt_component_format, buf, x->fake_component ||                                                 \
                                  (wt_component_format(x->component, NULL, 0, &O.len) == WT_OK && O.len > 0)) \
  V(wt_feature_from_name, name, wt_feature_from_name(NULL) == 0)                                    \
  V(wt_val_ref_kind, cx, wt_val_ref_kind(NULL, &(wt_val){.kind = WT_EXTERNREF}) == -WT_INVALID)      \
  V(wt_val_ref_kind, v, wt_val_ref_kind((wt_context *)1, NULL) == -WT_INVALID)                      \
  V(wt_extern_type_format, buf, wt_extern_type_format(&FUNC_TYPE, NULL, 0) == strlen("func()"))    \
  V(wt_val_funcref, func, null_funcref(wt_val_funcref(NULL)))                                      \
  V(wt_trap_new, fmt, wt_func_call_0(x->cx, &x->call_raw, NULL, 0) == WT_TRAP && strstr(wt_errmsg(), "host trap")) \
  V(wt_val_externref_data, cx, wt_val_externref_data(NULL, &x->ref) == NULL)                       \
  V(wt_val_externref_data, v, wt_val_externref_data(x->cx, NULL) == NULL)                          \
  V(wt_memory_data, cx, wt_memory_data(NULL, &x->mem, &O.len) == NULL && !O.len && wt_errcode() == WT_INVALID) \
  V(wt_memory_data, mem, wt_memory_data(x->cx, NULL, &O.len) == NULL && !O.len && wt_errcode() == WT_INVALID) \
  V(wt_memory_data, size, wt_memory_data(x->cx, &x->mem, NULL) != NULL)                            \
  V(wt_engine_new, opts, wt_engine_new(NULL, &O.engine) == WT_OK && (wt_engine_delete(O.engine), 1)) \
  V(wt_memory_grow, prev_pages, wt_memory_grow(x->cx, &x->mem, 0, NULL) == WT_OK)                  \
  V(wt_table_grow, prev_size, wt_table_grow(x->cx, &x->t, 0, &x->ref, NULL) == WT_OK)              \
  V(wt_table_grow, init, wt_table_grow(x->cx, &x->t, 0, NULL, &O.u64) == WT_OK)                   \
  V(wt_table_new, init, wt_table_new(x->cx, WT_FUNCREF, 1, 1, NULL, &O.table) == WT_OK)            \
  V(wt_instance_export_nth, name_len, wt_instance_export_nth(x->cx, &x->inst, 0, &O.name, NULL, &O.ext) == WT_OK && O.name) \
  V(wt_memory_read, dst, wt_memory_read(x->cx, &x->mem, 0, NULL, 0) == WT_OK)                      \
  V(wt_memory_write, src, wt_memory_write(x->cx, &x->mem, 0, NULL, 0) == WT_OK)                    \
  V(wt_func_call, args, wt_func_call(x->cx, &x->nop, NULL, 0, NULL, 0) == WT_OK)                   \
  V(wt_func_call_0, args, wt_func_call_0(x->cx, &x->nop, NULL, 0) == WT_OK)                        \
  V(wt_wasi_set_args, argv, wt_wasi_set_args(x->wasi, 0, NULL) == WT_OK)                           \
  V(wt_wasi_set_args, argv_element, wt_wasi_set_args(x->wasi, 2, (const char *[]){"a", NULL}) == WT_INVALID && strstr(wt_errmsg(), "argv[1]")) \
  V(wt_wasi_set_stdin_bytes, data, wt_wasi_set_stdin_bytes(x->wasi, NULL, 0) == WT_OK)                     \
  V(wt_module_new, wasm, wt_module_new(x->engine, NULL, 0, &O.module) == WT_MALFORMED && !O.module) \
  V(wt_module_validate, wasm, wt_module_validate(x->engine, NULL, 0) == WT_MALFORMED)              \
  V(wt_component_new, bytes, x->fake_component ||                                                 \
                                 (wt_component_new(x->engine, NULL, 0, &O.component) == WT_MALFORMED && !O.component)) \
  V(wt_component_deserialize, bytes, x->fake_component ||                                         \
                                         (wt_component_deserialize(x->engine, NULL, 0, &O.component) == WT_MALFORMED && !O.component)) \
  V(wt_linker_define_func, params, wt_linker_define_func(x->linker, "m", "f", NULL, 0, NULL, 0, host_ok, NULL, NULL) == WT_OK) \
  V(wt_caller_trap, fmt, wt_caller_trap(C, NULL) == WT_TRAP)                                     \
  V(wt__call_outcome, err, wt__call_outcome(NULL, NULL) == WT_OK)                                  \
  V(wt__host_run, record, wt__host_run(NULL, NULL, &O.raw, host_ok) == NULL && strstr(wt_errmsg(), "'record'")) \
  V(wt__host_run, fn, wt__host_run((struct wt__host *)(void *)&O.raw, NULL, &O.raw, NULL) == NULL && strstr(wt_errmsg(), "'fn'")) \
  V(wt__host_rare, record, wt__host_rare(NULL, WT_OK, UINT64_MAX, &O.val, &O.raw) == NULL && strstr(wt_errmsg(), "'record'")) \
  V(wt__host_rare, results, wt__host_rare((struct wt__host *)(void *)&O.raw, WT_OK, UINT64_MAX, NULL, &O.raw) == NULL && strstr(wt_errmsg(), "'results'")) \
  V(wt__call_slow, cx, wt__call_slow(NULL, &x->id32, &O.raw, 1, 0, WT_I32) == WT_INVALID &&          \
                           strstr(wt_errmsg(), "wt_func_call_i32: argument 'cx'"))                   \
  V(wt__call_slow, func, wt__call_slow(x->cx, NULL, &O.raw, 1, 0, WT_I64) == WT_INVALID &&           \
                             strstr(wt_errmsg(), "wt_func_call_i64: argument 'func'"))               \
  V(wt__call_slow, raw, wt__call_slow(x->cx, &x->id32, NULL, 1, 0, WT_I32) == WT_INVALID &&          \
                            strstr(wt_errmsg(), "wt__call_slow: argument 'raw'"))

static const struct { const char *func, *arg; } names[] = {
#define NAME(f, a, ...) {#f, #a},
    NULL_CASES(NAME) VALUE_RESULT_CASES(NAME)
#undef NAME
};
enum { NCASES = sizeof names / sizeof names[0] };
#define COUNT(...) +1
enum { NNULL = 0 NULL_CASES(COUNT) };
#undef COUNT

/* Runs case i; *ok gets its check. Cases that use C need a host call. */
static int run_case(fx *x, wt_caller *C, int i, bool *ok) {
  int n = 0, rc;
#define N(f, a, call, check) \
  if (i == n++) { rc = (call); snprintf(x->msg, sizeof x->msg, "%s", wt_errmsg()); *ok = (check); return rc; }
#define V(f, a, cond) \
  if (i == n++) { *ok = (cond); snprintf(x->msg, sizeof x->msg, "%s", wt_errmsg()); return WT_OK; }
  NULL_CASES(N) VALUE_RESULT_CASES(V)
#undef N
#undef V
  (void)C;
  *ok = false;
  return -1;
}

static bool needs_caller(int i) {
  int n = 0;
#define N(f, a, call, check) if (i == n++) return strstr(#call, "(C,") != NULL;
#define V(f, a, cond) if (i == n++) return strstr(#cond, "(C,") != NULL;
  NULL_CASES(N) VALUE_RESULT_CASES(V)
#undef N
#undef V
  return false;
}

static wt_status host(void *env, wt_caller *caller, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  fx *x = env;
  bool ok = false;
  (void)a, (void)na, (void)r, (void)nr;
  x->host_rc = run_case(x, caller, x->pending, &ok);
  x->host_rc = ok ? x->host_rc : -2; /* the check failed */
  return WT_OK;
}

static int fx_open(fx *x) {
  int rc = fixture_open(&x->f, NULL, WAT);
  x->engine = x->f.engine, x->store = x->f.store, x->cx = x->f.cx, x->linker = x->f.linker, x->module = x->f.module;
  if (!rc) rc = wt_linker_define_func(x->linker, "env", "host", NULL, 0, NULL, 0, host, x, NULL);
  if (!rc) rc = wt_linker_define_func_raw(x->linker, "env", "raw", NULL, 0, NULL, 0, raw_trap, NULL, NULL);
  if (!rc) rc = fixture_instantiate(&x->f);
  x->inst = x->f.inst;
  if (!rc) rc = wt_linker_instantiate_pre(x->linker, x->module, &x->pre);
  if (!rc) rc = wt_wasi_new(&x->wasi);
  if (!rc) rc = wt_module_serialize(x->module, &x->ser, &x->nser);
  /* Wasmtime 36-38 have no WT_CAP_COMPONENT: the component cases then get
   * dummies, never read (each case's NULL is refused before any use) */
  static uint8_t dummy[16];
  if (!rc && !wt_has(WT_CAP_COMPONENT)) {
    x->fake_component = true;
    x->component = (wt_component *)(void *)dummy;
    x->cser = dummy;
    x->ncser = sizeof dummy;
  }
  if (!rc && !x->fake_component) rc = wt_component_new(x->engine, COMPONENT, sizeof COMPONENT, &x->component);
  if (!rc && !x->fake_component) rc = wt_component_serialize(x->component, &x->cser, &x->ncser);
  if (!rc && x->fake_component) {
    x->clinker = (wt_clinker *)(void *)dummy;
    x->cfunc = (wt_cfunc *)(void *)dummy;
    x->res = (wt_resource *)(void *)dummy;
  }
  wt_component *cf = NULL;
  if (!rc && !x->fake_component) rc = wt_clinker_new(x->engine, &x->clinker);
  if (!rc && !x->fake_component) rc = wt_component_from_wat(x->engine, CFUNC, strlen(CFUNC), &cf);
  if (!rc && !x->fake_component) rc = wt_clinker_instantiate(x->clinker, x->cx, cf, &x->cinst);
  if (!rc && !x->fake_component) rc = wt_cinstance_get_func(x->cx, &x->cinst, "f", &x->cfunc);
  if (!rc && !x->fake_component) rc = wt_resource_new_host(x->cx, 1, 2, true, &x->res);
  wt_component_delete(cf);
  const char *fn[] = {"nop", "id32", "id64", "idf32", "idf64", "call_host", "call_raw"};
  wt_func *fp[] = {&x->nop, &x->id32, &x->id64, &x->idf32, &x->idf64, &x->call_host, &x->call_raw};
  for (int i = 0; i < 7 && !rc; i++) rc = wt_instance_get_func(x->cx, &x->inst, fn[i], fp[i]);
  if (!rc) rc = wt_instance_get_memory(x->cx, &x->inst, "memory", &x->mem);
  if (!rc) rc = wt_instance_get_global(x->cx, &x->inst, "g", &x->g);
  if (!rc) rc = wt_instance_get_table(x->cx, &x->inst, "t", &x->t);
  if (!rc) rc = wt_instance_get_export(x->cx, &x->inst, "memory", &x->item);
  x->v = wt_val_i32(5);
  x->ref = wt_val_funcref(&x->nop);
  x->limits = (wt_limits){-1, -1, -1, -1, -1};
  wt_engine_options_init(&x->opts);
  return rc;
}

static void fx_close(fx *x) {
  wt_free(x->ser);
  if (!x->fake_component) {
    wt_free(x->cser);
    wt_component_delete(x->component);
    wt_cfunc_delete(x->cfunc);
    wt_resource_delete(x->res);
    wt_clinker_delete(x->clinker);
  }
  wt_wasi_delete(x->wasi);
  wt_instance_pre_delete(x->pre);
  fixture_close(&x->f);
}

static void write_progress(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f) { fputs(text, f); fclose(f); }
}

/* arg: "<first case> <progress file>". Runs the cases from the first on,
 * writing the number of each into the file before running it. */
CHILD(null_cases) {
  static fx x;
  int first = atoi(arg), failed = 0;
  const char *path = strchr(arg, ' ') + 1;
  char at[32];
  if (fx_open(&x)) return 125;
  for (int i = first; i < NCASES; i++) {
    bool ok = false;
    int rc;
    snprintf(at, sizeof at, "%d", i);
    write_progress(path, at);
    memset(&x.o, 0xab, sizeof x.o);
    x.fins = 0;
    x.msg[0] = 0;
    if (needs_caller(i)) {
      x.pending = i;
      rc = wt_func_call_0(x.cx, &x.call_host, NULL, 0);
      ok = rc == WT_OK && x.host_rc != -2;
      rc = rc ? rc : x.host_rc;
    } else {
      rc = run_case(&x, NULL, i, &ok);
    }
    char want[160];
    snprintf(want, sizeof want, "%s: argument '%s'", names[i].func, names[i].arg);
    bool named = i >= NNULL || strstr(x.msg, want) != NULL;
    if (!ok || (i < NNULL && rc != WT_INVALID) || !named) {
      failed++;
      fprintf(stderr, "  null case %d %s(%s): status %d (%s), check %s, message \"%s\"\n", i, names[i].func,
              names[i].arg, rc, wt_strerror(rc), ok ? "held" : "FAILED", x.msg);
    }
  }
  fx_close(&x);
  write_progress(path, "done");
  return failed ? 1 : 0;
}

static int read_progress(const char *path) {
  char text[32] = "";
  FILE *f = fopen(path, "r");
  if (f) { if (!fgets(text, sizeof text, f)) text[0] = 0; fclose(f); }
  if (!strcmp(text, "done")) return NCASES;
  return text[0] ? atoi(text) : -1;
}

TEST(null_every_pointer_argument_of_every_function) {
  char *dir = temp_dir(), path[256], arg[300];
  CHECK(dir != NULL);
  if (!dir) return;
  snprintf(path, sizeof path, "%s/progress", dir);
  for (int first = 0; first < NCASES;) {
    write_progress(path, "");
    snprintf(arg, sizeof arg, "%d %s", first, path);
    int status = run_child("null_cases", arg), at = read_progress(path);
    if (at == NCASES) { CHECK(status == 0); break; }     /* finished; failures printed */
    if (at < first) {
      fprintf(stderr, "  the null_cases child could not start (status %d)\n", status);
      harness_failed++;
      break;
    }
    fprintf(stderr, "  null case %d %s(%s) CRASHED\n", at, names[at].func, names[at].arg);
    harness_failed++;
    first = at + 1; /* go on after the crash in a new child */
  }
  rm_rf(dir);
  free(dir);
}

static bool has_case(const char *func) {
  for (int i = 0; i < NCASES; i++)
    if (!strcmp(names[i].func, func)) return true;
  return false;
}

/* Every WT_API function of wt.h with a pointer parameter has cases above:
 * a function added to the header without them fails here. */
TEST(null_cases_cover_every_function_of_wt_h) {
  static char h[1 << 17];
  FILE *f = fopen("include/wt.h", "r"); /* the tests run from the top folder */
  size_t n = f ? fread(h, 1, sizeof h - 1, f) : 0;
  if (f) fclose(f);
  CHECK(n > 0);
  h[n] = 0;
  int functions = 0;
  for (char *p = strstr(h, "\nWT_API "); p; p = strstr(p + 1, "\nWT_API ")) {
    char *open = strchr(p, '('), *close = open ? strchr(open, ')') : NULL, *name = open;
    if (!close) break;
    while (name > p && (name[-1] == '_' || (name[-1] >= 'a' && name[-1] <= 'z') || (name[-1] >= '0' && name[-1] <= '9')))
      name--;
    char fn[64];
    snprintf(fn, sizeof fn, "%.*s", (int)(open - name), name);
    functions++;
    if (memchr(open, '*', (size_t)(close - open)) && !has_case(fn)) {
      fprintf(stderr, "  %s takes a pointer but has no NULL case in tests/test_null.c\n", fn);
      harness_failed++;
    }
  }
  CHECK(functions > 100);
}

/* What a refused call must not do beyond its status: the refusal is
 * complete before anything runs (a NULL typed-call out runs no wasm). */
static int calls;
static wt_status count_call(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)c, (void)a, (void)na;
  calls++;
  if (nr) r[0] = wt_val_i32(1);
  return WT_OK;
}

TEST(null_refused_calls_run_nothing) {
  static const char W2[] =
      "(module (import \"env\" \"f\" (func $f (result i32)))\n"
      "  (func (export \"g\") (param i32) (result i32) call $f))";
  fixture f;
  wt_func g;
  if (fixture_open(&f, NULL, W2)) { fixture_close(&f); return; }
  CHECK_OK(wt_linker_define_func(f.linker, "env", "f", NULL, 0, I32, 1, count_call, NULL, NULL));
  if (fixture_instantiate(&f) == WT_OK && wt_instance_get_func(f.cx, &f.inst, "g", &g) == WT_OK) {
    wt_val a = wt_val_i32(1);
    calls = 0;
    CHECK_RC(wt_func_call_i32(f.cx, &g, &a, 1, NULL), WT_INVALID);
    CHECK_RC(wt_func_call(f.cx, &g, &a, 1, NULL, 1), WT_INVALID);
    CHECK(calls == 0);
    int32_t r = 0;
    CHECK_OK(wt_func_call_i32(f.cx, &g, &a, 1, &r));
    CHECK(calls == 1 && r == 1);
  }
  fixture_close(&f);
}
