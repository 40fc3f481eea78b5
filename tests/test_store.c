/* test_store.c - store data and finalizer, fuel, timeouts, limits, GC. */
#include <time.h>

#include "harness.h"

static const char SPIN[] =
    "(module (memory (export \"mem\") 1)\n"
    "  (func (export \"spin\") (loop (br 0)))\n"
    "  (func (export \"one\") (result i32) i32.const 1)\n"
    "  (func (export \"grow\") (param i32) (result i32) local.get 0 memory.grow))";

static int finalized;
static void fin(void *p) { finalized += *(int *)p; }

TEST(store_data_and_finalizer) {
  static int data = 5;
  wt_engine *e;
  wt_store *s = (wt_store *)1;
  finalized = 0;
  CHECK_RC(wt_store_new(NULL, &data, fin, &s), WT_INVALID);
  CHECK(s == NULL && finalized == 5); /* run at once on failure, as by every call that takes one */
  finalized = 0;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, &data, fin, &s));
  CHECK(wt_store_data(s) == &data);
  CHECK(wt_context_store(wt_store_context(s)) == s);
  CHECK_OK(wt_store_gc(s));
  CHECK(finalized == 0);
  wt_store_delete(s);
  CHECK(finalized == 5);
  CHECK(wt_store_data(NULL) == NULL);
  CHECK_RC(wt_store_set_fuel(NULL, 1), WT_INVALID);
  CHECK_RC(wt_store_set_timeout(NULL, 1), WT_INVALID);
  CHECK_RC(wt_store_set_limits(NULL, NULL), WT_INVALID);
  CHECK_RC(wt_store_gc(NULL), WT_INVALID);
  wt_engine_delete(e);
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

TEST(store_fuel_stops_an_infinite_loop) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.consume_fuel = true;
  fixture f;
  if (fixture_open(&f, &o, SPIN) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func spin, one;
  uint64_t left = 1;
  int32_t r = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "one", &one));
  CHECK_OK(wt_store_set_fuel(f.store, 100000));
  CHECK_OK(wt_store_get_fuel(f.store, &left));
  CHECK(left == 100000);
  CHECK_RC(wt_func_call_0(f.cx, &spin, NULL, 0), WT_OUT_OF_FUEL);
  CHECK(wt_trap_code() == WT_TRAP_OUT_OF_FUEL);
  CHECK_OK(wt_store_get_fuel(f.store, &left));
  CHECK(left == 0);
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_OUT_OF_FUEL); /* generic path too */
  CHECK_OK(wt_store_set_fuel(f.store, 1000)); /* refuelled, the store works again */
  CHECK_OK(wt_func_call_i32(f.cx, &one, NULL, 0, &r));
  CHECK(r == 1);
  CHECK_OK(wt_store_get_fuel(f.store, &left));
  CHECK(left < 1000 && left > 0);
  fixture_close(&f);
}

TEST(store_fuel_and_timeout_need_their_engine_option) {
  fixture f;
  if (fixture_open(&f, NULL, NULL)) return;
  uint64_t x = 7;
  CHECK_RC(wt_store_set_fuel(f.store, 10), WT_UNSUPPORTED);
  CHECK_RC(wt_store_get_fuel(f.store, &x), WT_UNSUPPORTED);
  CHECK(x == 0);
  CHECK_RC(wt_store_set_timeout(f.store, 10), WT_UNSUPPORTED);
  CHECK_STR(wt_errmsg(), "epoch_interruption");
  fixture_close(&f);
}

TEST(store_timeout_stops_an_infinite_loop) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  fixture f;
  if (fixture_open(&f, &o, SPIN) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func spin, one;
  int32_t r = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "one", &one));
  CHECK_OK(wt_store_set_timeout(f.store, 50));
  double t0 = now_s();
  CHECK_RC(wt_func_call_0(f.cx, &spin, NULL, 0), WT_TIMEOUT);
  double dt = now_s() - t0;
  CHECK(dt >= 0.04 && dt < 2.0);
  CHECK(wt_trap_code() == WT_TRAP_INTERRUPT);
  CHECK_STR(wt_errmsg(), "timeout");
  t0 = now_s(); /* the deadline applies anew to each call */
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_TIMEOUT);
  CHECK(now_s() - t0 < 2.0);
  CHECK_OK(wt_func_call_i32(f.cx, &one, NULL, 0, &r)); /* the store is still usable */
  CHECK(r == 1);
  CHECK_OK(wt_store_set_timeout(f.store, 0)); /* no deadline */
  CHECK_OK(wt_func_call_i32(f.cx, &one, NULL, 0, &r));
  CHECK_OK(wt_store_set_timeout(f.store, 50)); /* a deadline again, for the fast paths too */
  CHECK_RC(wt_func_call_0(f.cx, &spin, NULL, 0), WT_TIMEOUT);
  CHECK_RC(wt_func_call_raw(f.cx, &spin, NULL, 0), WT_TIMEOUT);
  fixture_close(&f);
}

TEST(store_limits_refuse_growth_and_instances) {
  fixture f;
  if (fixture_open(&f, NULL, SPIN)) return;
  wt_limits lim;
  wt_limits_init(&lim);
  CHECK(lim.memory_size == -1 && lim.table_elements == -1 && lim.instances == -1 && lim.tables == -1 &&
        lim.memories == -1);
  lim.memory_size = 2 * 65536; /* 2 pages, 1 instance */
  lim.instances = 1;
  CHECK_OK(wt_store_set_limits(f.store, &lim));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func grow;
  wt_memory mem;
  int32_t r = 0;
  uint64_t prev = 0;
  wt_val one = wt_val_i32(1);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "grow", &grow));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "mem", &mem));
  CHECK_OK(wt_func_call_i32(f.cx, &grow, &one, 1, &r));
  CHECK(r == 1); /* 1 -> 2 pages: allowed */
  CHECK_OK(wt_func_call_i32(f.cx, &grow, &one, 1, &r));
  CHECK(r == -1); /* 3 pages: refused in wasm */
  CHECK_RC(wt_memory_grow(f.cx, &mem, 1, &prev), WT_LIMIT);
  CHECK(memory_pages_of(f.cx, &mem) == 2);
  wt_instance second;
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &second), WT_LIMIT);
  fixture_close(&f);
}

/* An initial size past the store's limits is WT_LIMIT too, not WT_ERROR. */
TEST(store_limits_refuse_initial_sizes) {
  static const char BIG_MEM[] = "(module (memory 100))", BIG_TABLE[] = "(module (table 1000 funcref))";
  const char *const wat[] = {BIG_MEM, BIG_TABLE};
  for (int i = 0; i < 2; i++) {
    fixture f;
    if (fixture_open(&f, NULL, wat[i])) return;
    wt_limits lim = {4 << 20, 100, -1, -1, -1}; /* 64 pages, 100 table elements */
    CHECK_OK(wt_store_set_limits(f.store, &lim));
    wt_instance inst;
    CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &inst), WT_LIMIT);
    fixture_close(&f);
  }
}
