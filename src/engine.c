/* engine.c - wt_engine: Wasmtime config, the epoch ticker for timeouts. */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "internal.h"

#define TICK_MS 1 /* epoch period: timeouts are exact to about a millisecond */
#define ASYNC_STACK_DEFAULT (2u << 20) /* Wasmtime's async_stack_size default */
#define HOST_STACK (512u << 10)           /* room for host calls above the wasm stack */
#define POOL_SLOT_MAX (4ull << 30)        /* Wasmtime's default memory_reservation */

void wt_engine_options_init(wt_engine_options *opts) {
  if (!opts) return;
  memset(opts, 0, sizeof *opts);
  opts->opt_level = WT_OPT_SPEED;
}

static void apply_pooling(wta_config_t *c, const wt_engine_options *o) {
  wta_pooling_config_t *p = W->wasmtime_pooling_allocation_config_new();
  uint32_t n = o->pooling_instances ? o->pooling_instances : 100;
  W->wasmtime_pooling_allocation_config_total_core_instances_set(p, n);
  W->wasmtime_pooling_allocation_config_total_memories_set(p, n);
  W->wasmtime_pooling_allocation_config_total_tables_set(p, n);
  W->wasmtime_pooling_allocation_config_total_stacks_set(p, n); /* Wasmtime's default: 1000, whatever n */
  W->wasmtime_pooling_allocation_config_max_memory_size_set(
      p, (size_t)(o->pooling_max_memory ? o->pooling_max_memory : 64u << 20));
  W->wasmtime_pooling_allocation_strategy_set(c, p);
  W->wasmtime_pooling_allocation_config_delete(p);
}

/* The proposals of wt_feature, in bit order: name and Wasmtime's setter. */
static const struct { const char *name; size_t setter; } features[] = {
#define F(name, sym) {name, offsetof(wta_syms, sym)}
    F("threads", wasmtime_config_wasm_threads_set),
    F("shared-memory", wasmtime_config_shared_memory_set),
    F("gc", wasmtime_config_wasm_gc_set),
    F("function-references", wasmtime_config_wasm_function_references_set),
    F("exceptions", wasmtime_config_wasm_exceptions_set),
    F("memory64", wasmtime_config_wasm_memory64_set),
    F("multi-memory", wasmtime_config_wasm_multi_memory_set),
    F("tail-call", wasmtime_config_wasm_tail_call_set),
    F("relaxed-simd", wasmtime_config_wasm_relaxed_simd_set),
    F("wide-arithmetic", wasmtime_config_wasm_wide_arithmetic_set),
    F("custom-page-sizes", wasmtime_config_wasm_custom_page_sizes_set),
    F("component-model", wasmtime_config_wasm_component_model_set),
    F("component-model-async", wasmtime_config_wasm_component_model_async_set),
    F("component-model-more-async-builtins", wasmtime_config_wasm_component_model_more_async_builtins_set),
    F("component-model-async-stackful", wasmtime_config_wasm_component_model_async_stackful_set),
    F("component-model-map", wasmtime_config_wasm_component_model_map_set),
    F("component-model-implements", wasmtime_config_wasm_component_model_implements_set),
    F("component-model-canonical-names", wasmtime_config_wasm_component_model_canonical_names_set),
    F("component-model-accessors", wasmtime_config_wasm_component_model_accessors_set),
    F("concurrency-support", wasmtime_config_concurrency_support_set),
#undef F
};
#define NFEATURES (sizeof features / sizeof features[0])
_Static_assert(WT_FEATURE_ALL == (1u << NFEATURES) - 1, "a name and setter for each wt_feature");

unsigned wt_feature_from_name(const char *name) {
  for (size_t i = 0; name && i < NFEATURES; i++)
    if (!strcmp(name, features[i].name)) return 1u << i;
  return 0;
}

const char *wt_feature_name(unsigned feature) {
  for (size_t i = 0; i < NFEATURES; i++)
    if (feature == 1u << i) return features[i].name;
  return NULL;
}

/* Up to Wasmtime 44 (old_valtypes) these stay off: their value types
 * would reach wasm_valtype_kind, which aborts the process on them. */
#define OLD_LINE_OFF (WT_FEATURE_GC | WT_FEATURE_FUNCTION_REFERENCES | WT_FEATURE_EXCEPTIONS)

/* The component model's async proposals: Wasmtime aborts the process
 * (a panic in wasm_engine_new_with_config) when one is on while
 * concurrency-support is off. */
#define CM_ASYNC_FAMILY (WT_FEATURE_CM_ASYNC | WT_FEATURE_CM_MORE_ASYNC_BUILTINS | WT_FEATURE_CM_ASYNC_STACKFUL)
#define BIT_OF(i) (1u << (i))

/* The library's setter of feature i, or NULL when it cannot turn it on.
 * concurrency-support is declared from 43, but a library without
 * component-model-async (every build before 45, whose C API has no async
 * setter) aborts the process when it is turned on. */
static void (*setter_of(size_t i))(wta_config_t *, bool) {
  if (BIT_OF(i) == WT_FEATURE_CONCURRENCY_SUPPORT && !W->wasmtime_config_wasm_component_model_async_set) return NULL;
  return *(void (**)(wta_config_t *, bool))(void *)((char *)W + features[i].setter);
}

/* Sets each feature the options name (on or off), and the ones an old line
 * must keep off; the others keep Wasmtime's defaults. */
static void apply_features(wta_config_t *c, const wt_engine_options *o) {
  unsigned off = o->features_off | (wt__line->old_valtypes ? OLD_LINE_OFF : 0);
  for (size_t i = 0; i < NFEATURES; i++) {
    unsigned bit = 1u << i;
    void (*set)(wta_config_t *, bool) = setter_of(i);
    if (set && ((o->features_on | off) & bit)) set(c, (o->features_on & bit) != 0);
  }
}

bool wt_feature_supported(unsigned wanted) {
  if (wt__ensure() || (wanted & ~(unsigned)WT_FEATURE_ALL)) return false;
  for (size_t i = 0; i < NFEATURES; i++)
    if ((wanted & (1u << i)) && (!setter_of(i) || (wt__line->old_valtypes && (OLD_LINE_OFF & (1u << i)))))
      return false;
  return true;
}

/* A feature asked for that the loaded library cannot turn on. (One it
 * lacks is off: asking for it off is fine.) */
static wt_status check_features(const wt_engine_options *o) {
  for (size_t i = 0; i < NFEATURES; i++) {
    unsigned bit = 1u << i;
    if (!(o->features_on & bit)) continue;
    if (!setter_of(i))
      return wt__fail(WT_UNSUPPORTED, "engine: the loaded Wasmtime (%s) has no %s", wt_wasmtime_version(),
                      features[i].name);
    if (wt__line->old_valtypes && (OLD_LINE_OFF & bit))
      return wt__fail(WT_UNSUPPORTED, "engine: wt keeps %s off on Wasmtime %s (before 45, Wasmtime's C API "
                      "aborts the process on its value types)", features[i].name, wt_wasmtime_version());
  }
  return WT_OK;
}

/* The async stack size make_config gives Wasmtime. */
static uint64_t async_stack_of(const wt_engine_options *o) {
  return o->max_wasm_stack > ASYNC_STACK_DEFAULT - HOST_STACK ? (uint64_t)o->max_wasm_stack + HOST_STACK
                                                               : ASYNC_STACK_DEFAULT;
}

static wta_config_t *make_config(const wt_engine_options *o) {
  wta_config_t *c = W->wasm_config_new();
  if (!c) return NULL;
  W->wasmtime_config_cranelift_opt_level_set(c, (uint8_t)o->opt_level);
  W->wasmtime_config_consume_fuel_set(c, o->consume_fuel);
  W->wasmtime_config_epoch_interruption_set(c, o->epoch_interruption);
  W->wasmtime_config_debug_info_set(c, o->debug_info);
  if (o->max_wasm_stack) W->wasmtime_config_max_wasm_stack_set(c, o->max_wasm_stack);
  /* Wasmtime refuses a wasm stack larger than its async stack, and its C API
   * aborts the process then: grow the async stack too, as the wasmtime CLI. */
  if (async_stack_of(o) != ASYNC_STACK_DEFAULT && W->wasmtime_config_async_stack_size_set)
    W->wasmtime_config_async_stack_size_set(c, (size_t)async_stack_of(o));
  apply_features(c, o);
  if (o->pooling) apply_pooling(c, o);
  return c;
}

/* Everything that changes compiled code goes into each cache key. */
static void make_salt(wt_engine *e) {
  const wt_engine_options *o = &e->opts;
  snprintf(e->cache_salt, sizeof e->cache_salt,
           "wt1;wasmtime=%s;lib=%s;opt=%d;fuel=%d;epoch=%d;debug=%d;stack=%zu;pool=%d;on=%x;off=%x",
           wt_wasmtime_version(), wt_library_path(), o->opt_level, o->consume_fuel,
           o->epoch_interruption, o->debug_info, o->max_wasm_stack, o->pooling, o->features_on, o->features_off);
}

/* Wasmtime reserves the pool's address space when the engine is made, and
 * panics (aborting the process) when it cannot: per instance a memory slot
 * of POOL_SLOT_MAX (its reservation) with guard pages, a table and an async
 * stack (apply_pooling sets as many stacks as instances). So wt reserves
 * that much, with a margin, first, and gives it back at once: a pool the
 * process cannot map is refused (the error set). Another thread may map
 * memory between the two, so this narrows the window, it cannot close it. */
static bool pool_fits(const wt_engine_options *o) {
  uint64_t n = o->pooling_instances ? o->pooling_instances : 100;
  const uint64_t per = POOL_SLOT_MAX + (80ull << 20) + async_stack_of(o); /* the slot, guards, a table, a stack */
  void *p = n > (1ull << 47) / per ? MAP_FAILED
                                   : mmap(NULL, (size_t)(n * per), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p != MAP_FAILED) {
    munmap(p, (size_t)(n * per));
    return true;
  }
  wt__fail(WT_LIMIT, "engine: a pool of %llu instances needs about %llu GiB of address space, which this process cannot reserve",
           (unsigned long long)n, (unsigned long long)(n * (per >> 20) >> 10));
  return false;
}

static wt_status check_options(const wt_engine_options *o) {
  if (o->opt_level < WT_OPT_NONE || o->opt_level > WT_OPT_SPEED_AND_SIZE)
    return wt__fail(WT_INVALID, "engine: opt_level %d is not a wt_opt_level", o->opt_level);
  if ((o->features_on | o->features_off) & ~(unsigned)WT_FEATURE_ALL)
    return wt__fail(WT_INVALID, "engine: feature bits 0x%x are no wt_feature",
                    (o->features_on | o->features_off) & ~(unsigned)WT_FEATURE_ALL);
  if (o->features_on & o->features_off)
    return wt__fail(WT_INVALID, "engine: %s is both on and off", wt_feature_name(o->features_on & o->features_off & -(o->features_on & o->features_off)));
  if ((o->features_on & CM_ASYNC_FAMILY) && (o->features_off & WT_FEATURE_CONCURRENCY_SUPPORT))
    return wt__fail(WT_INVALID, "engine: %s needs concurrency-support, which is off",
                    wt_feature_name(o->features_on & CM_ASYNC_FAMILY & -(o->features_on & CM_ASYNC_FAMILY)));
  if (o->max_module_bytes > SIZE_MAX / 2)
    return wt__fail(WT_INVALID, "engine: max_module_bytes %llu is too large", (unsigned long long)o->max_module_bytes);
  if (o->max_wasm_stack > SIZE_MAX / 2)
    return wt__fail(WT_INVALID, "engine: max_wasm_stack %zu is too large", o->max_wasm_stack);
  if (o->pooling && wt__need_cap(WT_CAP_POOLING, "engine: pooling allocator")) return WT_UNSUPPORTED;
  /* Wasmtime panics (and aborts the process) on a slot larger than its
   * memory reservation, 4 GiB by default on 64-bit hosts. */
  if (o->pooling && o->pooling_max_memory > POOL_SLOT_MAX)
    return wt__fail(WT_INVALID, "engine: pooling_max_memory %llu is larger than Wasmtime's memory reservation (%llu bytes)",
                    (unsigned long long)o->pooling_max_memory, (unsigned long long)POOL_SLOT_MAX);
  if (o->pooling) return pool_fits(o) ? check_features(o) : WT_LIMIT;
  return check_features(o);
}

wt_status wt_engine_new(const wt_engine_options *opts, wt_engine **out) {
  ARGS(out);
  *out = NULL;
  wt_status rc = wt__ensure();
  wt_engine *e = rc ? NULL : calloc(1, sizeof *e);
  if (rc) return rc;
  if (!e) return wt__oom();
  if (opts) e->opts = *opts; else wt_engine_options_init(&e->opts);
  e->opts.cache_dir = NULL; /* the caller's string is not kept */
  if (!e->opts.max_module_bytes) e->opts.max_module_bytes = WT_MAX_MODULE_BYTES;
  if ((rc = check_options(&e->opts)) != WT_OK) { free(e); return rc; }
  wta_config_t *c = make_config(&e->opts);
  e->e = c ? W->wasm_engine_new_with_config(c) : NULL; /* takes the config */
  if (!e->e) { free(e); return wt__fail(WT_ERROR, "engine: Wasmtime could not create an engine"); }
  pthread_mutex_init(&e->lock, NULL);
  pthread_cond_init(&e->ticker_cv, NULL);
  make_salt(e);
  if (opts && opts->cache) wt__cache_open_dir(e, opts->cache_dir);
  *out = e;
  return WT_OK;
}

/* ---- the epoch ticker: one thread per engine, started on demand ----
 *
 * The promise: a timeout of T ms never stops a call before T ms of wall
 * time since the call began; on a machine that is not overloaded it stops
 * it C to C + 1 ms after (C is TICK_CATCH_UP), later when the ticker is
 * kept off the cores for more than C ms at a time. It rests on how close
 * together increments can come, never on when the ticker is scheduled.
 *
 * Increments are due one per TICK on a fixed schedule (no drift). A ticker
 * that wakes late makes up the ones it missed at once, but never more than
 * C of them: its schedule is not let fall more than C - 1 ticks behind the
 * clock, and the increments beyond are dropped (deadlines come late, never
 * early). So increment k+1 waits until the clock reaches
 *     next_{k+1} = max(next_k + TICK, now_k - (C - 1) * TICK)
 * where now_k is the clock read after increment k, at t_k or later (and the
 * clock is read again after each wait: a condition variable may wake up
 * early). Hence for increments i < j, at times t_i <= t_j:
 *     t_j >= next_{i+1} + (j - i - 1) * TICK >= t_i + (j - i - C) * TICK:
 * at most C + 1 come at once, and any N of them span (N - 1 - C) * TICK or
 * more. A call armed with N ticks (wasmtime_context_set_epoch_deadline: the
 * epoch it reads, plus N) is stopped by the N-th increment after arming at
 * the earliest; the first of them may land right after arming. With
 * N = ceil(T / TICK) + C + 1 (wt__ticks_for_ms) the N-th comes at least
 * ceil(T / TICK) * TICK >= T after arming, which is after the call began.
 * (A ticker that made up every missed tick at once ended a 40 ms stall in
 * a burst of 40 increments, charged to a call begun during the stall: its
 * 50 ms timeout stopped it after ~10 ms.) */
#define TICK_NS ((int64_t)TICK_MS * 1000000)
#define TICK_CATCH_UP 4 /* C: missed ticks made up at once, at most */

static int64_t ticker_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t); /* the clock of ticker_cv */
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void *ticker_main(void *arg) {
  wt_engine *e = arg;
  int64_t next = ticker_now_ns() + TICK_NS;
  pthread_mutex_lock(&e->lock);
  while (e->ticker_state == 1) {
    int64_t now = ticker_now_ns();
    if (now < next) {
      struct timespec at = {(time_t)(next / 1000000000), (long)(next % 1000000000)};
      pthread_cond_timedwait(&e->ticker_cv, &e->lock, &at);
      continue; /* read the clock again: the wait may end early */
    }
    __atomic_add_fetch(&e->ticks, 1, __ATOMIC_RELEASE); /* first: a stop reads it (store.c) */
    W->wasmtime_engine_increment_epoch(e->e);
    now = ticker_now_ns(); /* after the increment */
    next += TICK_NS;
    if (next < now - (TICK_CATCH_UP - 1) * TICK_NS) next = now - (TICK_CATCH_UP - 1) * TICK_NS;
  }
  pthread_mutex_unlock(&e->lock);
  return NULL;
}

/* Starts the ticker if it is not running; WT_OK or WT_ERROR. */
wt_status wt__engine_start_ticker(wt_engine *e) {
  wt_status rc = WT_OK;
  pthread_mutex_lock(&e->lock);
  if (e->ticker_state == 0) {
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_destroy(&e->ticker_cv);
    pthread_cond_init(&e->ticker_cv, &attr);
    pthread_condattr_destroy(&attr);
    e->ticker_state = 1;
    if (pthread_create(&e->ticker, NULL, ticker_main, e) != 0) {
      e->ticker_state = 0;
      rc = wt__fail(WT_ERROR, "engine: cannot start the timeout ticker thread");
    }
  }
  pthread_mutex_unlock(&e->lock);
  return rc;
}

/* The ticks of a deadline of ms: ceil(ms / TICK) + C + 1, which the
 * ticker's spacing (above) turns into at least ms of wall time. Saturated
 * far below where the tick count plus it could wrap (wt__arm adds the two). */
uint64_t wt__ticks_for_ms(uint64_t ms) {
  const uint64_t max = UINT64_MAX / 2, extra = TICK_CATCH_UP + 1;
  uint64_t ticks = ms / TICK_MS + (ms % TICK_MS != 0);
  return ticks < max - extra ? ticks + extra : max;
}

static void stop_ticker(wt_engine *e) {
  pthread_mutex_lock(&e->lock);
  int running = e->ticker_state == 1;
  e->ticker_state = 2;
  pthread_cond_broadcast(&e->ticker_cv);
  pthread_mutex_unlock(&e->lock);
  if (running) pthread_join(e->ticker, NULL);
}

void wt_engine_delete(wt_engine *e) {
  if (!e) return;
  stop_ticker(e);
  W->wasm_engine_delete(e->e);
  pthread_cond_destroy(&e->ticker_cv);
  pthread_mutex_destroy(&e->lock);
  free(e->cache_dir);
  free(e);
}
