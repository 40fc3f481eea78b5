/* store.c - wt_store and its context: user data, fuel, deadline, limits. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- deadlines and interrupts: the epoch callback ----
 * In an engine with epoch_interruption every store's Wasmtime deadline is
 * always the next epoch, and this callback decides at each increment (the
 * ticker's, every TICK_MS, or wt_store_interrupt's) whether wasm goes on:
 * an interrupt asked for stops it; so does the store's deadline, counted in
 * the ticker's increments (engine->ticks: interrupts do not count), with
 * the same promise as before (engine.c). A stop is an error Wasmtime
 * returns with the wasm frames; its text is that of Wasmtime's own
 * interrupt trap, and wt__epoch_stop gives error.c the reason. */
static wta_error_t *stop(wt_status why) {
  wt__epoch_stop = why;
  return W->wasmtime_error_new("wasm trap: interrupt");
}

static wta_error_t *on_epoch(const wta_context_t *c, void *data, uint64_t *delta, uint8_t *kind) {
  wt_store *st = data;
  (void)c;
  *delta = 1;
  *kind = 0; /* WASMTIME_UPDATE_DEADLINE_CONTINUE */
  if (UNLIKELY(__atomic_exchange_n(&st->interrupt, 0, __ATOMIC_ACQ_REL))) return stop(WT_INTERRUPTED);
  if (st->deadline != NO_DEADLINE && __atomic_load_n(&st->engine->ticks, __ATOMIC_ACQUIRE) >= st->deadline)
    return stop(WT_TIMEOUT);
  return NULL;
}

/* ---- the live stores by id (lines with unroot_cx only) ---- */
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static wt_store **live;
static size_t nlive, live_cap;

static wt_status live_add(wt_store *st) {
  pthread_mutex_lock(&live_lock);
  wt_status rc = WT_OK;
  if (nlive == live_cap) {
    size_t cap = live_cap ? 2 * live_cap : 16;
    wt_store **grown = realloc(live, cap * sizeof *grown);
    if (grown) { live = grown; live_cap = cap; }
    else rc = wt__oom();
  }
  if (!rc) live[nlive++] = st;
  pthread_mutex_unlock(&live_lock);
  return rc;
}

static void live_remove(wt_store *st) {
  pthread_mutex_lock(&live_lock);
  for (size_t i = 0; i < nlive; i++)
    if (live[i] == st) { live[i] = live[--nlive]; break; }
  pthread_mutex_unlock(&live_lock);
}

wta_context_t *wt__context_of_id(uint64_t id) {
  wta_context_t *cx = NULL;
  pthread_mutex_lock(&live_lock);
  for (size_t i = 0; i < nlive && !cx; i++)
    if (live[i]->id == id) cx = live[i]->cx;
  pthread_mutex_unlock(&live_lock);
  return cx;
}

wt_status wt_store_interrupt(wt_store *store) {
  ARGS(store);
  if (!store->engine->opts.epoch_interruption)
    return wt__fail(WT_UNSUPPORTED, "store: an interrupt needs the engine option epoch_interruption");
  __atomic_store_n(&store->interrupt, 1, __ATOMIC_RELEASE);
  W->wasmtime_engine_increment_epoch(store->engine->e); /* wasm running in the store checks it at once */
  return WT_OK;
}

/* call_id: the store's id while no call needs a deadline armed. */
static void update_call_id(wt_store *st);
static uint64_t store_id(wt_store *st);

wt_status wt_store_new(wt_engine *engine, void *data, void (*finalizer)(void *), wt_store **out) {
  ZERO(out);
  wt_status rc = ARGS_OF(__func__, engine, out);
  if (rc) return wt__refuse(rc, finalizer, data);
  wt_store *st = calloc(1, sizeof *st);
  if (!st) return wt__refuse(wt__oom(), finalizer, data);
  st->s = W->wasmtime_store_new(engine->e, st, NULL);
  if (!st->s) {
    free(st);
    return wt__refuse(wt__fail(WT_ERROR, "store: Wasmtime could not create a store"), finalizer, data);
  }
  st->cx = W->wasmtime_store_context(st->s);
  st->call = (wt__error * (*)(void *, const wt_func *, wt_raw *, size_t, wt__trap **))(void (*)(void))
                 W->wasmtime_func_call_unchecked;
  st->engine = engine;
  st->data = data;
  st->finalizer = finalizer;
  update_call_id(st); /* no id yet: NO_CALL_ID */
  st->deadline = NO_DEADLINE;
  if (wt__line->unroot_cx && (!store_id(st) || live_add(st))) {
    W->wasmtime_store_delete(st->s);
    free(st);
    return wt__refuse(wt__fail(WT_NOMEM, "store: cannot record the store"), finalizer, data);
  }
  if (engine->opts.epoch_interruption) {
    W->wasmtime_store_epoch_deadline_callback(st->s, on_epoch, st, NULL);
    W->wasmtime_context_set_epoch_deadline(st->cx, 1);
  }
  *out = st;
  return WT_OK;
}

void wt_store_delete(wt_store *store) {
  if (!store) return;
  if (wt__line->unroot_cx) live_remove(store);
  for (size_t i = 0; i < store->nshared; i++) W->wasmtime_sharedmemory_delete(store->shared[i]);
  free(store->shared);
  W->wasmtime_store_delete(store->s);
  wt__captures_wait_and_unref(store->captures); /* their finalizers have run when this returns */
  if (store->finalizer) store->finalizer(store->data);
  free(store);
}

/* A context is its store (a NULL one gives NULL both ways). */
wt_context *wt_store_context(wt_store *store) { return (wt_context *)(void *)store; }
wt_store *wt_context_store(wt_context *cx) { return ST(cx); }
void *wt_store_data(wt_store *store) { return store ? store->data : NULL; }

/* Learns the store's id from a function made in it (once per store). */
static wta_trap_t *noop(void *env, wta_caller_t *c, const wta_val_t *a, size_t na, wta_val_t *r, size_t nr) {
  (void)env, (void)c, (void)a, (void)na, (void)r, (void)nr;
  return NULL;
}

static uint64_t store_id(wt_store *st) {
  if (!st->id) {
    wta_functype_t *ft = wt__functype_new(NULL, 0, NULL, 0);
    wta_func_t f = {0, NULL};
    if (ft) W->wasmtime_func_new(st->cx, ft, noop, NULL, NULL, &f);
    if (ft) W->wasm_functype_delete(ft);
    st->id = f.store_id;
    update_call_id(st);
  }
  return st->id;
}

uint64_t wt__store_id(wt_store *st) { return store_id(st); }

wta_sharedmemory_t *wt__store_keep_shared(wt_store *st, wta_sharedmemory_t *m) {
  const uint8_t *base = W->wasmtime_sharedmemory_data(m); /* never moves: it tells memories apart */
  for (size_t i = 0; i < st->nshared; i++)
    if (W->wasmtime_sharedmemory_data(st->shared[i]) == base) {
      W->wasmtime_sharedmemory_delete(m);
      return st->shared[i];
    }
  wta_sharedmemory_t **grown = realloc(st->shared, (st->nshared + 1) * sizeof *grown);
  if (!grown) { W->wasmtime_sharedmemory_delete(m); return NULL; }
  st->shared = grown;
  st->shared[st->nshared++] = m;
  return m;
}

static void update_call_id(wt_store *st) {
  st->call_id = st->id && !st->timeout_ticks ? st->id : NO_CALL_ID;
}

wt_status wt__store_mismatch(wt_context *cx, uint64_t id, const char *what) {
  if (id && id == store_id(ST(cx))) return WT_OK;
  return wt__fail(WT_INVALID, id ? "%s: the handle belongs to another store"
                                 : "%s: the handle is empty (from a failed lookup?)", what);
}

wt_status wt__vals_same_store(wt_context *cx, const wt_val *v, size_t n, const char *what) {
  for (size_t i = 0; i < n; i++)
    if (v[i].kind >= WT_FUNCREF && !wt_val_is_null(&v[i]) && wt__same_store(cx, &v[i].of, what)) return WT_INVALID;
  return WT_OK;
}

wt_status wt_store_set_fuel(wt_store *store, uint64_t fuel) {
  ARGS(store);
  if (!store->engine->opts.consume_fuel)
    return wt__fail(WT_UNSUPPORTED, "store: fuel needs the engine option consume_fuel");
  return wt__outcome(W->wasmtime_context_set_fuel(store->cx, fuel), NULL, "store: set fuel");
}

wt_status wt_store_get_fuel(wt_store *store, uint64_t *out) {
  ZERO(out);
  ARGS(store, out);
  if (!store->engine->opts.consume_fuel)
    return wt__fail(WT_UNSUPPORTED, "store: fuel needs the engine option consume_fuel");
  return wt__outcome(W->wasmtime_context_get_fuel(store->cx, out), NULL, "store: get fuel");
}

wt_status wt_store_set_timeout(wt_store *store, uint64_t ms) {
  ARGS(store);
  if (!store->engine->opts.epoch_interruption)
    return wt__fail(WT_UNSUPPORTED, "store: a timeout needs the engine option epoch_interruption");
  if (ms == 0) {
    store->timeout_ticks = 0;
    store->deadline = NO_DEADLINE;
    update_call_id(store);
    return WT_OK;
  }
  wt_status rc = wt__engine_start_ticker(store->engine);
  if (rc == WT_OK) store->timeout_ticks = wt__ticks_for_ms(ms);
  /* Armed now (for wasm entered from here on, when set by a host
   * function), and again by each outermost call (wt__enter). */
  if (rc == WT_OK) wt__arm(store, store->timeout_ticks);
  store->timeout_in_host = wt__in_host > 0;
  update_call_id(store);
  return rc;
}

void wt_limits_init(wt_limits *limits) {
  if (limits) *limits = (wt_limits){-1, -1, -1, -1, -1};
}

wt_status wt_store_set_limits(wt_store *store, const wt_limits *limits) {
  const wt_limits *l = limits;
  ARGS(store, limits);
  W->wasmtime_store_limiter(store->s, l->memory_size, l->table_elements, l->instances, l->tables,
                            l->memories);
  return WT_OK;
}

wt_status wt_store_gc(wt_store *store) {
  ARGS(store);
  if (wt__line->gc_void) { /* up to Wasmtime 41 it cannot fail */
    W_OLD(wasmtime_context_gc)(store->cx);
    return WT_OK;
  }
  return wt__outcome(W->wasmtime_context_gc(store->cx), NULL, "store: gc");
}
