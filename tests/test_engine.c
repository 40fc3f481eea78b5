/* test_engine.c - engine options, invalid options, the pooling allocator,
 * a small wasm stack (stack overflow), one engine shared by threads. */
#include <pthread.h>

#include "harness.h"

static const char LOOP_SUM[] =
    "(module (func (export \"sum\") (param i32) (result i32) (local i32)\n"
    "  (block (loop (br_if 1 (i32.eqz (local.get 0)))\n"
    "    (local.set 1 (i32.add (local.get 1) (local.get 0)))\n"
    "    (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))\n"
    "  (local.get 1)))";

/* Instantiates LOOP_SUM on `e` and returns sum(n), or -1. */
static int32_t sum_on(wt_engine *e, int32_t n) {
  wt_store *s;
  wt_linker *l = NULL;
  wt_module *m = NULL;
  wt_instance inst;
  wt_func f;
  int32_t r = -1;
  if (wt_store_new(e, NULL, NULL, &s)) return -1;
  wt_context *cx = wt_store_context(s);
  wt_val a = wt_val_i32(n);
  if (wt_linker_new(e, &l) || wt_module_from_wat(e, LOOP_SUM, strlen(LOOP_SUM), &m) ||
      wt_linker_instantiate(l, cx, m, &inst) || wt_instance_get_func(cx, &inst, "sum", &f) ||
      wt_func_call_i32(cx, &f, &a, 1, &r))
    r = -1;
  wt_module_delete(m);
  wt_linker_delete(l);
  wt_store_delete(s);
  return r;
}

TEST(engine_options_defaults_and_invalid_options) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  CHECK(o.opt_level == WT_OPT_SPEED && !o.cache && !o.consume_fuel && !o.epoch_interruption);
  CHECK(!o.pooling && o.max_wasm_stack == 0 && o.cache_dir == NULL);
  o.opt_level = 7;
  wt_engine *e = (wt_engine *)1;
  CHECK_RC(wt_engine_new(&o, &e), WT_INVALID);
  CHECK(e == NULL);
  CHECK_STR(wt_errmsg(), "opt_level");
  o.opt_level = -1;
  CHECK_RC(wt_engine_new(&o, &e), WT_INVALID);
}

TEST(engine_every_opt_level_runs_the_same_code) {
  for (int lvl = WT_OPT_NONE; lvl <= WT_OPT_SPEED_AND_SIZE; lvl++) {
    wt_engine_options o;
    wt_engine_options_init(&o);
    o.opt_level = lvl;
    o.debug_info = lvl == WT_OPT_NONE;
    wt_engine *e = NULL;
    CHECK_OK(wt_engine_new(&o, &e));
    CHECK(sum_on(e, 100) == 5050);
    wt_engine_delete(e);
  }
  wt_engine *e = NULL;
  CHECK_OK(wt_engine_new(NULL, &e)); /* NULL options: the defaults */
  CHECK(sum_on(e, 10) == 55);
  wt_cache_stats st;
  CHECK_RC(wt_engine_cache_stats(e, &st), WT_INVALID); /* no cache on this engine */
  wt_engine_delete(e);
}

TEST(engine_pooling_allocator) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.pooling = true;
  o.pooling_instances = 4;
  o.pooling_max_memory = 1 << 20;
  wt_engine *e = NULL;
  CHECK_OK(wt_engine_new(&o, &e));
  CHECK(sum_on(e, 4) == 10);
  CHECK(sum_on(e, 5) == 15); /* slots are reused */
  wt_engine_delete(e);
}

/* A pooling slot larger than Wasmtime's memory reservation (4 GiB) made
 * Wasmtime panic in wasm_engine_new_with_config, aborting the process: it
 * is refused, as is a pool the process cannot map (too many instances,
 * a panic too); the pool has as many async stacks as instances, and the
 * largest slot still works. */
TEST(engine_pooling_slot_beyond_the_reservation_is_refused) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.pooling = true;
  o.pooling_instances = 2;
  wt_engine *e = (wt_engine *)&o;
  const uint64_t too_big[] = {(4ull << 30) + 65536, 8ull << 30, UINT64_MAX};
  for (size_t i = 0; i < sizeof too_big / sizeof too_big[0]; i++) {
    o.pooling_max_memory = too_big[i];
    CHECK_RC(wt_engine_new(&o, &e), WT_INVALID);
    CHECK(e == NULL);
    CHECK(strstr(wt_errmsg(), "pooling_max_memory"));
  }
  o.pooling_max_memory = 0;
  o.pooling_instances = UINT32_MAX; /* more address space than there is: refused, not a panic */
  CHECK_RC(wt_engine_new(&o, &e), WT_LIMIT);
  CHECK(e == NULL);
  CHECK(strstr(wt_errmsg(), "address space"));
  o.pooling_instances = 2;
  o.max_wasm_stack = 1ull << 38; /* Wasmtime made 1000 async stacks of it (250 TiB) whatever the pool's size */
  CHECK_OK(wt_engine_new(&o, &e));
  wt_engine_delete(e);
  o.max_wasm_stack = 0;
  o.pooling_max_memory = 4ull << 30;
  CHECK_OK(wt_engine_new(&o, &e));
  CHECK(sum_on(e, 3) == 6);
  wt_engine_delete(e);
}

static void *sum_thread(void *arg) { return (void *)(intptr_t)sum_on(arg, 1000); }

TEST(engine_shared_by_threads) {
  wt_engine *e = NULL;
  CHECK_OK(wt_engine_new(NULL, &e));
  pthread_t t[4];
  for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, sum_thread, e) == 0);
  for (int i = 0; i < 4; i++) {
    void *r = NULL;
    pthread_join(t[i], &r);
    CHECK((intptr_t)r == 500500);
  }
  wt_engine_delete(e);
}

/* What the loaded Wasmtime can turn on: older releases lack some settings,
 * and before 45 wt keeps GC, function references and exceptions off (the C
 * API aborts on their value types there). An engine asked for one is
 * refused, naming it. */
TEST(engine_features_the_loaded_wasmtime_supports) {
  int major = wasmtime_major();
  CHECK(major >= 36);
  CHECK(!wt_feature_supported(WT_FEATURE_ALL + 1u)); /* no wt_feature */
  CHECK(wt_feature_supported(WT_FEATURE_TAIL_CALL | WT_FEATURE_MEMORY64 | WT_FEATURE_MULTI_MEMORY));
  CHECK(wt_feature_supported(WT_FEATURE_GC) == (major >= 45));
  CHECK(wt_feature_supported(WT_FEATURE_FUNCTION_REFERENCES) == (major >= 45));
  CHECK(wt_feature_supported(WT_FEATURE_EXCEPTIONS) == (major >= 45));
  CHECK(wt_feature_supported(WT_FEATURE_SHARED_MEMORY) == (major >= 40));
  CHECK(wt_feature_supported(WT_FEATURE_CUSTOM_PAGE_SIZES) == (major >= 39));
  wt_engine_options o;
  wt_engine *e = (wt_engine *)1;
  wt_engine_options_init(&o);
  o.features_on = WT_FEATURE_GC;
  if (major >= 45) {
    CHECK_OK(wt_engine_new(&o, &e));
    wt_engine_delete(e);
  } else {
    CHECK_RC(wt_engine_new(&o, &e), WT_UNSUPPORTED);
    CHECK(e == NULL);
    CHECK_STR(wt_errmsg(), "gc");
  }
  o.features_on = 0;
  o.features_off = WT_FEATURE_GC | WT_FEATURE_SHARED_MEMORY; /* off is always possible */
  CHECK_OK(wt_engine_new(&o, &e));
  wt_engine_delete(e);
}

/* The component-model settings, each from the release whose C API added
 * it (measured on the headers of 36..50); every name is wasmtime's -W
 * spelling and maps back to its bit. */
TEST(engine_component_model_features) {
  static const struct { unsigned bit; const char *name; int since; } cm[] = {
      {WT_FEATURE_COMPONENT_MODEL, "component-model", 36},
      {WT_FEATURE_CM_ASYNC, "component-model-async", 45},
      {WT_FEATURE_CM_MORE_ASYNC_BUILTINS, "component-model-more-async-builtins", 45},
      {WT_FEATURE_CM_ASYNC_STACKFUL, "component-model-async-stackful", 45},
      {WT_FEATURE_CM_MAP, "component-model-map", 44},
      {WT_FEATURE_CM_IMPLEMENTS, "component-model-implements", 49},
      {WT_FEATURE_CM_CANONICAL_NAMES, "component-model-canonical-names", 50},
      {WT_FEATURE_CM_ACCESSORS, "component-model-accessors", 50},
      {WT_FEATURE_CONCURRENCY_SUPPORT, "concurrency-support", 45}, /* declared from 43: see wt.h */
  };
  int major = wasmtime_major();
  unsigned all = 0;
  for (size_t i = 0; i < sizeof cm / sizeof cm[0]; i++) {
    CHECK_STR(wt_feature_name(cm[i].bit), cm[i].name);
    CHECK(wt_feature_from_name(cm[i].name) == cm[i].bit);
    CHECK(wt_feature_supported(cm[i].bit) == (major >= cm[i].since));
    if (major >= cm[i].since) all |= cm[i].bit;
  }
  CHECK(wt_feature_from_name("component-model-threading") == 0); /* no C API setting */
  CHECK(wt_feature_from_name("component-model-fixed-length-lists") == 0);
  wt_engine_options o;
  wt_engine *e = NULL;
  wt_engine_options_init(&o);
  o.features_on = all; /* what the component-model suite runs with */
  CHECK_OK(wt_engine_new(&o, &e));
  wt_engine_delete(e);
  o.features_on = WT_FEATURE_CM_ASYNC_STACKFUL; /* Wasmtime would abort: refused first */
  o.features_off = WT_FEATURE_CONCURRENCY_SUPPORT;
  e = (wt_engine *)1;
  CHECK_RC(wt_engine_new(&o, &e), WT_INVALID);
  CHECK(e == NULL);
  CHECK_STR(wt_errmsg(), "component-model-async-stackful needs concurrency-support");
  o.features_on = 0;
  o.features_off = WT_FEATURE_COMPONENT_MODEL;
  CHECK_OK(wt_engine_new(&o, &e));
  wt_component *c = (wt_component *)1;
  static const char wat[] = "(component)";
  if (wt_has(WT_CAP_COMPONENT)) {
    CHECK(wt_component_from_wat(e, wat, sizeof wat - 1, &c) != WT_OK); /* the model is off */
    CHECK(c == NULL);
  }
  wt_engine_delete(e);
}
