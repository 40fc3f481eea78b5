/* test_interrupt.c - wt_store_interrupt: another thread stops the wasm a
 * store runs (WT_INTERRUPTED, a trap with its code and frames); the store
 * stays usable; an interrupt is never lost and never reaches another store;
 * deadlines keep working beside it. */
#include <pthread.h>
#include <time.h>

#include "harness.h"

static const char SPIN[] =
    "(module\n"
    "  (global $n (export \"n\") (mut i32) (i32.const 0))\n"
    "  (func (export \"spin\") (loop (global.set $n (i32.add (global.get $n) (i32.const 1))) (br 0)))\n"
    "  (func (export \"count\") (param i32) (result i32) (local i32)\n"
    "    (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "          (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))\n"
    "    local.get 1)\n"
    "  (func (export \"one\") (result i32) i32.const 1))";

static void sleep_ms(int ms) {
  struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000};
  nanosleep(&t, NULL);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int open_spin(fixture *f) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  if (fixture_open(f, &o, SPIN) || fixture_instantiate(f)) { fixture_close(f); return -1; }
  return 0;
}

typedef struct later { wt_store *store; int after_ms; int rc; } later;

static void *interrupt_later(void *arg) {
  later *l = arg;
  sleep_ms(l->after_ms);
  l->rc = wt_store_interrupt(l->store);
  return NULL;
}

/* The call under way stops with WT_INTERRUPTED, its trap code and frames;
 * the store is usable at once, and its instance kept what the guest did. */
TEST(interrupt_stops_a_running_call_from_another_thread) {
  fixture f;
  if (open_spin(&f)) return;
  wt_func spin, one;
  wt_global n;
  int32_t r = 0, count = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "one", &one));
  CHECK_OK(wt_instance_get_global(f.cx, &f.inst, "n", &n));
  later l = {f.store, 50, -1};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, interrupt_later, &l) == 0);
  double t0 = now_ms();
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_INTERRUPTED);
  double ms = now_ms() - t0;
  pthread_join(t, NULL);
  CHECK(l.rc == WT_OK);
  CHECK(ms >= 45 && ms < 5000);
  CHECK(wt_trap_code() == WT_TRAP_INTERRUPT);
  CHECK(wt_trap_frame_count() >= 1);
  CHECK_STR(wt_errmsg(), "interrupted");
  CHECK_STR(wt_strerror(WT_INTERRUPTED), "interrupted");
  CHECK_OK(wt_global_get_i32(f.cx, &n, &count));
  CHECK(count > 0);
  CHECK_OK(wt_func_call_i32(f.cx, &one, NULL, 0, &r));
  CHECK(r == 1);
  fixture_close(&f);
}

/* The typed call's inline fast path is stopped the same way. */
TEST(interrupt_stops_the_inline_typed_call) {
  fixture f;
  if (open_spin(&f)) return;
  wt_func spin;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
  later l = {f.store, 20, -1};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, interrupt_later, &l) == 0);
  CHECK_RC(wt_func_call_0(f.cx, &spin, NULL, 0), WT_INTERRUPTED);
  pthread_join(t, NULL);
  CHECK(wt_trap_code() == WT_TRAP_INTERRUPT);
  fixture_close(&f);
}

/* With no call under way the interrupt waits for the next call, which
 * stops at its start; several count as one; the call after runs. */
TEST(interrupt_before_a_call_stops_the_next_call_once) {
  fixture f;
  if (open_spin(&f)) return;
  wt_func count;
  wt_val arg = wt_val_i32(1000), res;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "count", &count));
  CHECK_OK(wt_store_interrupt(f.store));
  CHECK_OK(wt_store_interrupt(f.store));
  CHECK_RC(wt_func_call(f.cx, &count, &arg, 1, &res, 1), WT_INTERRUPTED);
  CHECK_OK(wt_func_call(f.cx, &count, &arg, 1, &res, 1));
  CHECK(res.of.i32 == 1000);
  fixture_close(&f);
}

/* An engine without epoch_interruption cannot interrupt: refused, and
 * calls are unaffected. */
TEST(interrupt_needs_epoch_interruption) {
  fixture f;
  if (fixture_open(&f, NULL, SPIN) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func one;
  int32_t r = 0;
  CHECK_RC(wt_store_interrupt(f.store), WT_UNSUPPORTED);
  CHECK_STR(wt_errmsg(), "epoch_interruption");
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "one", &one));
  CHECK_OK(wt_func_call_i32(f.cx, &one, NULL, 0, &r));
  CHECK(r == 1);
  fixture_close(&f);
}

/* Interrupting one store leaves the others of the engine alone: a store
 * counting to a large number on another thread finishes its count. */
typedef struct counting { wt_engine *e; wt_module *m; int started; int rc; int32_t result; } counting;

static void *count_main(void *arg) {
  counting *c = arg;
  wt_store *s = NULL;
  wt_linker *l = NULL;
  wt_instance inst;
  wt_func count;
  wt_val a = wt_val_i32(300000000), r;
  int rc = wt_store_new(c->e, NULL, NULL, &s);
  wt_context *cx = rc ? NULL : wt_store_context(s);
  if (!rc) rc = wt_linker_new(c->e, &l);
  if (!rc) rc = wt_linker_instantiate(l, cx, c->m, &inst);
  if (!rc) rc = wt_instance_get_func(cx, &inst, "count", &count);
  __atomic_store_n(&c->started, 1, __ATOMIC_RELEASE);
  if (!rc) rc = wt_func_call(cx, &count, &a, 1, &r, 1);
  c->rc = rc;
  c->result = rc ? 0 : r.of.i32;
  wt_linker_delete(l);
  wt_store_delete(s);
  return NULL;
}

TEST(interrupt_reaches_only_its_own_store) {
  fixture f;
  if (open_spin(&f)) return;
  wt_func spin;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
  counting c = {f.engine, f.module, 0, -1, 0};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, count_main, &c) == 0);
  while (!__atomic_load_n(&c.started, __ATOMIC_ACQUIRE)) sleep_ms(1);
  later l = {f.store, 30, -1};
  pthread_t i;
  CHECK(pthread_create(&i, NULL, interrupt_later, &l) == 0);
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_INTERRUPTED);
  pthread_join(i, NULL);
  pthread_join(t, NULL);
  CHECK(c.rc == WT_OK && c.result == 300000000);
  fixture_close(&f);
}

/* A timeout and an interrupt in one store: the interrupt stops a call
 * long before its deadline; the next call still times out. */
TEST(interrupt_beside_a_timeout) {
  fixture f;
  if (open_spin(&f)) return;
  wt_func spin;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
  CHECK_OK(wt_store_set_timeout(f.store, 20000));
  later l = {f.store, 30, -1};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, interrupt_later, &l) == 0);
  double t0 = now_ms();
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_INTERRUPTED);
  CHECK(now_ms() - t0 < 10000);
  pthread_join(t, NULL);
  CHECK_OK(wt_store_set_timeout(f.store, 30));
  t0 = now_ms();
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_TIMEOUT);
  CHECK(now_ms() - t0 >= 30);
  CHECK(wt_trap_code() == WT_TRAP_INTERRUPT && wt_trap_frame_count() >= 1);
  CHECK_STR(wt_errmsg(), "deadline reached");
  fixture_close(&f);
}

/* A deadline a host function sets binds its callers too once it returns
 * to them: the spinning caller stops at that deadline (a watchdog
 * interrupt after 5 s keeps a failure from hanging the run). */
static const char ARM_THEN_SPIN[] =
    "(module\n"
    "  (import \"env\" \"arm\" (func $arm))\n"
    "  (func (export \"go\") (call $arm) (loop (br 0))))";

static wt_status arm(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)a, (void)na, (void)r, (void)nr, (void)c;
  return wt_store_set_timeout(env, 50);
}

WT_HOST_ADAPTER(arm_adapter, arm);

/* The same, plainly defined and adapted (WT_HOST_ADAPTER): both count as
 * host calls. */
static void deadline_set_by_a_host_function(int adapted) {
  wt_engine_options o;
  fixture f;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  if (fixture_open(&f, &o, ARM_THEN_SPIN)) return;
  CHECK_OK(adapted ? wt_linker_define_func_adapted(f.linker, "env", "arm", NULL, 0, NULL, 0, arm_adapter, arm, f.store,
                                                   NULL)
                   : wt_linker_define_func(f.linker, "env", "arm", NULL, 0, NULL, 0, arm, f.store, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func go;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "go", &go));
  later l = {f.store, 5000, -1};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, interrupt_later, &l) == 0);
  double t0 = now_ms();
  CHECK_RC(wt_func_call(f.cx, &go, NULL, 0, NULL, 0), WT_TIMEOUT);
  CHECK(now_ms() - t0 >= 50);
  pthread_join(t, NULL);
  fixture_close(&f);
}
TEST(interrupt_deadline_set_by_a_host_function_binds_its_callers) { deadline_set_by_a_host_function(0); }
TEST(interrupt_deadline_set_by_an_adapted_host_function_binds_its_callers) { deadline_set_by_a_host_function(1); }

/* A host function sets a deadline inside a call that took the fast path
 * (which counts no depth), then makes a nested call on each of its calls:
 * the nested calls must not arm the deadline afresh, or a guest that loops
 * through the host would never stop. They know they are inside a host
 * function by its count (wt__in_host), which the trampoline and an
 * adapter (WT_HOST_ADAPTER) keep alike. */
typedef struct ticking {
  wt_store *store;
  wt_instance *inst;
  int calls;
} ticking;

static wt_status tick(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  ticking *t = env;
  wt_context *cx = wt_caller_context(c);
  wt_func nop;
  (void)a, (void)na, (void)r, (void)nr;
  if (t->calls++ == 0) {
    wt_status rc = wt_store_set_timeout(t->store, 50);
    if (rc) return rc;
  }
  wt_status rc = wt_instance_get_func(cx, t->inst, "nop", &nop);
  return rc ? rc : wt_func_call(cx, &nop, NULL, 0, NULL, 0);
}
WT_HOST_ADAPTER(tick_adapter, tick);

static void deadline_through_the_host(int adapted) {
  static const char WAT[] = "(module (import \"env\" \"tick\" (func $tick)) (func (export \"nop\"))\n"
                            "  (func (export \"go\") (loop (call $tick) (br 0))))";
  wt_engine_options o;
  fixture f;
  ticking t = {NULL, NULL, 0};
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  if (fixture_open(&f, &o, WAT)) return;
  t.store = f.store;
  t.inst = &f.inst;
  CHECK_OK(adapted ? wt_linker_define_func_adapted(f.linker, "env", "tick", NULL, 0, NULL, 0, tick_adapter, tick, &t,
                                                   NULL)
                   : wt_linker_define_func(f.linker, "env", "tick", NULL, 0, NULL, 0, tick, &t, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func go;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "go", &go));
  later l = {f.store, 5000, -1}; /* a watchdog: WT_INTERRUPTED if the deadline never binds */
  pthread_t th;
  CHECK(pthread_create(&th, NULL, interrupt_later, &l) == 0);
  double t0 = now_ms();
  CHECK_RC(wt_func_call_0(f.cx, &go, NULL, 0), WT_TIMEOUT);
  CHECK(now_ms() - t0 >= 50 && t.calls > 1);
  pthread_join(th, NULL);
  fixture_close(&f);
}
TEST(interrupt_deadline_set_in_the_host_is_not_renewed_by_nested_calls) { deadline_through_the_host(0); }
TEST(interrupt_deadline_set_in_an_adapted_host_function_is_not_renewed) { deadline_through_the_host(1); }
