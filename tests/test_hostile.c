/* test_hostile.c - hostile guests in one process: each runaway (endless
 * loop under a deadline or fuel, unbounded memory.grow under a limit,
 * unbounded recursion, proc_exit from deep inside) ends with its status,
 * the store it ran in is still usable as include/wt.h documents, and a new
 * store of the same engine runs normally afterwards. */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "harness.h"

static const char HOSTILE[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (global $g (export \"g\") (mut i32) (i32.const 0))\n"
    "  (func (export \"spin\") (loop (global.set $g (i32.add (global.get $g) (i32.const 1))) (br 0)))\n"
    "  (func $rec (export \"recurse\") (param i32) (result i32)\n"
    "    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))\n"
    "  (func (export \"grow_all\") (result i32)\n"
    "    (block (loop (br_if 1 (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br 0)))\n"
    "    memory.size)\n"
    "  (func $deep (export \"deep_exit\") (param i32)\n"
    "    (if (i32.eqz (local.get 0)) (then (call $exit (i32.const 3))))\n"
    "    (call $deep (i32.sub (local.get 0) (i32.const 1))))\n"
    "  (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))";

typedef struct guest {
  wt_store *store;
  wt_context *cx;
  wt_instance inst;
} guest;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A fresh store with WASI and plenty of fuel, and the module instantiated. */
static int guest_open(guest *g, wt_engine *e, wt_linker *l, wt_module *m) {
  wt_wasi *w = NULL;
  int rc = wt_store_new(e, NULL, NULL, &g->store);
  if (rc) return rc;
  g->cx = wt_store_context(g->store);
  if (!rc) rc = wt_store_set_fuel(g->store, 1u << 30);
  if (!rc) rc = wt_wasi_new(&w);
  if (!rc) rc = wt_store_set_wasi(g->store, w);
  if (!rc) rc = wt_linker_instantiate(l, g->cx, m, &g->inst);
  return rc;
}

static int call_i32(guest *g, const char *name, const wt_val *args, size_t n, int32_t *out) {
  wt_func f;
  int rc = wt_instance_get_func(g->cx, &g->inst, name, &f);
  return rc ? rc : wt_func_call_i32(g->cx, &f, args, n, out);
}

static int call_0(guest *g, const char *name, const wt_val *args, size_t n) {
  wt_func f;
  int rc = wt_instance_get_func(g->cx, &g->inst, name, &f);
  return rc ? rc : wt_func_call_0(g->cx, &f, args, n);
}

/* The store still runs wasm: add(40, 2) is 42. */
static void check_usable(guest *g) {
  wt_val a[2] = {wt_val_i32(40), wt_val_i32(2)};
  int32_t r = 0;
  CHECK_OK(call_i32(g, "add", a, 2, &r));
  CHECK(r == 42);
}

static void hostile_timeout(guest *g) {
  /* the deadline, not fuel, must stop it: a fast machine spends 2^30 in 100 ms */
  CHECK_OK(wt_store_set_fuel(g->store, UINT64_C(1) << 60));
  CHECK_OK(wt_store_set_timeout(g->store, 100));
  double t0 = now_s();
  CHECK_RC(call_0(g, "spin", NULL, 0), WT_TIMEOUT);
  CHECK(now_s() - t0 < 1.0);
  CHECK(wt_trap_code() == WT_TRAP_INTERRUPT);
  CHECK_STR(wt_errmsg(), "deadline");
  CHECK(wt_trap_frame_count() >= 1);
  check_usable(g); /* the deadline applies anew to each call */
}

static void hostile_fuel(guest *g) {
  uint64_t left = 1;
  CHECK_OK(wt_store_set_fuel(g->store, 100000));
  CHECK_RC(call_0(g, "spin", NULL, 0), WT_OUT_OF_FUEL);
  CHECK(wt_trap_code() == WT_TRAP_OUT_OF_FUEL);
  CHECK_OK(wt_store_get_fuel(g->store, &left));
  CHECK(left == 0);
  wt_val a[2] = {wt_val_i32(1), wt_val_i32(2)};
  int32_t r = 0;
  CHECK_RC(call_i32(g, "add", a, 2, &r), WT_OUT_OF_FUEL); /* empty until refuelled */
  CHECK_OK(wt_store_set_fuel(g->store, 1000));
  check_usable(g);
}

static void hostile_memory(guest *g) {
  wt_limits lim = {4 * 65536, -1, -1, -1, -1};
  int32_t pages = 0;
  CHECK_OK(wt_store_set_limits(g->store, &lim));
  CHECK_OK(call_i32(g, "grow_all", NULL, 0, &pages)); /* the guest saw -1 and stopped */
  CHECK(pages == 4);
  check_usable(g);
}

static void hostile_recursion(guest *g) {
  wt_val a = wt_val_i32(0);
  int32_t r = 0;
  CHECK_RC(call_i32(g, "recurse", &a, 1, &r), WT_STACK_OVERFLOW);
  CHECK(wt_trap_code() == WT_TRAP_STACK_OVERFLOW);
  CHECK(wt_trap_frame_count() > 1);
  wt_frame outer;
  CHECK_OK(wt_trap_frame_nth(1, &outer));
  CHECK(outer.module_offset > 0 && outer.module_offset != SIZE_MAX);
  char bt[512];
  wt_trap_backtrace(bt, sizeof bt);
  CHECK(strstr(bt, "func[2] rec") && !strstr(bt, "0xffff")); /* an unknown offset is left out, not printed as -1 */
  check_usable(g);
}

static void hostile_exit(guest *g) {
  wt_val depth = wt_val_i32(1000);
  CHECK_RC(call_0(g, "deep_exit", &depth, 1), WT_EXIT);
  CHECK(wt_exit_code() == 3);
  check_usable(g); /* proc_exit unwinds the call, not the instance */
}

/* An engine with fuel and deadlines (and `stack` bytes of wasm stack, 0:
 * the default), a linker with WASI and the HOSTILE module. */
static void hostile_setup(size_t stack, wt_engine **e, wt_linker **l, wt_module **m) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.consume_fuel = o.epoch_interruption = true;
  o.max_wasm_stack = stack;
  CHECK_OK(wt_engine_new(&o, e));
  CHECK_OK(wt_linker_new(*e, l));
  CHECK_OK(wt_linker_define_wasi(*l));
  CHECK_OK(wt_module_from_wat(*e, HOSTILE, strlen(HOSTILE), m));
}

TEST(hostile_guests_end_cleanly_and_the_process_goes_on) {
  static void (*const cases[])(guest *) = {hostile_timeout, hostile_fuel, hostile_memory, hostile_recursion,
                                           hostile_exit};
  wt_engine *e = NULL;
  wt_linker *l = NULL;
  wt_module *m = NULL;
  hostile_setup(256 * 1024, &e, &l, &m);
  for (size_t i = 0; m && i <= sizeof cases / sizeof cases[0]; i++) {
    guest g;
    memset(&g, 0, sizeof g);
    CHECK_OK(guest_open(&g, e, l, m)); /* after each hostile run: a new store works */
    if (g.store && i < sizeof cases / sizeof cases[0]) cases[i](&g);
    else if (g.store) check_usable(&g);
    wt_store_delete(g.store);
  }
  wt_module_delete(m);
  wt_linker_delete(l);
  wt_engine_delete(e);
}

/* A start function that never ends: Wasmtime reports it from
 * wasmtime_linker_module as an error without a trap code; wt still names
 * the limit that stopped it, and the store goes on. */
TEST(hostile_start_function_stopped_by_deadline_and_fuel) {
  static const char wat[] = "(module (func $f (loop (br 0))) (start $f))";
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.consume_fuel = o.epoch_interruption = true;
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_linker *l = NULL;
  wt_module *m = NULL;
  CHECK_OK(wt_engine_new(&o, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  CHECK_OK(wt_linker_new(e, &l));
  CHECK_OK(wt_module_from_wat(e, wat, strlen(wat), &m));
  if (!m || !l || !s) goto done;
  wt_context *cx = wt_store_context(s);
  CHECK_OK(wt_store_set_fuel(s, UINT64_C(1) << 60));
  CHECK_OK(wt_store_set_timeout(s, 50));
  CHECK_RC(wt_linker_define_module(l, cx, "a", m), WT_TIMEOUT);
  CHECK(wt_trap_code() == WT_TRAP_INTERRUPT);
  CHECK_STR(wt_errmsg(), "deadline reached");
  CHECK_OK(wt_store_set_timeout(s, 0));
  CHECK_OK(wt_store_set_fuel(s, 10000));
  CHECK_RC(wt_linker_define_module(l, cx, "b", m), WT_OUT_OF_FUEL);
  CHECK(wt_trap_code() == WT_TRAP_OUT_OF_FUEL);
  CHECK(wt_trap_frame_count() >= 1);
done:
  wt_module_delete(m);
  wt_linker_delete(l);
  wt_store_delete(s);
  wt_engine_delete(e);
}

/* ---- several runaways at once: one engine's ticker serves every store ---- */

typedef struct spinner {
  wt_engine *e;
  wt_linker *l;
  wt_module *m;
  int rc;
  double secs;
} spinner;

/* Opens its own store and spins under a 100 ms deadline; the checks are
 * made by the main thread (the harness counts on one thread). */
static void *spin_thread(void *arg) {
  spinner *sp = arg;
  guest g;
  memset(&g, 0, sizeof g);
  double t0 = now_s();
  sp->rc = guest_open(&g, sp->e, sp->l, sp->m);
  if (!sp->rc) sp->rc = wt_store_set_fuel(g.store, UINT64_C(1) << 60); /* the deadline, not fuel, must stop it */
  if (!sp->rc) sp->rc = wt_store_set_timeout(g.store, 100);
  if (!sp->rc) sp->rc = call_0(&g, "spin", NULL, 0);
  sp->secs = now_s() - t0;
  wt_store_delete(g.store);
  return NULL;
}

TEST(hostile_concurrent_timeouts_spare_the_other_stores) {
  wt_engine *e = NULL;
  wt_linker *l = NULL;
  wt_module *m = NULL;
  hostile_setup(0, &e, &l, &m);
  if (!m || !l) goto done;
  spinner sp[3];
  pthread_t t[3];
  bool started[3] = {false, false, false};
  for (int i = 0; i < 3; i++) {
    sp[i] = (spinner){e, l, m, -1, 0};
    started[i] = pthread_create(&t[i], NULL, spin_thread, &sp[i]) == 0;
    CHECK(started[i]);
  }
  guest g; /* meanwhile a well-behaved store of the same engine works, with no deadline */
  memset(&g, 0, sizeof g);
  CHECK_OK(guest_open(&g, e, l, m));
  for (int k = 0; g.store && k < 1000; k++) check_usable(&g);
  wt_store_delete(g.store);
  for (int i = 0; i < 3; i++) {
    if (!started[i]) continue;
    pthread_join(t[i], NULL);
    CHECK_RC(sp[i].rc, WT_TIMEOUT);
    CHECK(sp[i].secs < 2.0); /* 100 ms each, three threads on as few as two cores */
  }
done:
  wt_module_delete(m);
  wt_linker_delete(l);
  wt_engine_delete(e);
}

/* A wasm stack above Wasmtime's async stack (2 MiB) once aborted the
 * process inside wasm_engine_new_with_config; now the engine is made. */
TEST(hostile_large_wasm_stack_limit_is_accepted) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.max_wasm_stack = 16u << 20;
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_module *m = NULL;
  CHECK_OK(wt_engine_new(&o, &e));
  if (!e) return;
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  static const char wat[] = "(module (func (export \"f\") (result i32) i32.const 7))";
  CHECK_OK(wt_module_from_wat(e, wat, strlen(wat), &m));
  wt_instance inst;
  wt_func f;
  int32_t r = 0;
  wt_linker *l = NULL;
  CHECK_OK(wt_linker_new(e, &l));
  if (m && l && wt_linker_instantiate(l, wt_store_context(s), m, &inst) == WT_OK) {
    CHECK_OK(wt_instance_get_func(wt_store_context(s), &inst, "f", &f));
    CHECK_OK(wt_func_call_i32(wt_store_context(s), &f, NULL, 0, &r));
  }
  CHECK(r == 7);
  wt_linker_delete(l);
  wt_module_delete(m);
  wt_store_delete(s);
  wt_engine_delete(e);
  o.max_wasm_stack = SIZE_MAX;
  CHECK_RC(wt_engine_new(&o, &e), WT_INVALID);
  CHECK(e == NULL);
}
