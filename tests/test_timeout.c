/* test_timeout.c - a timeout of T ms never stops a call before T ms of wall
 * time since that call began, even when the machine is contended (more
 * runnable threads than cores, so the engine's ticker thread is often kept
 * waiting for a core and wakes up late). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* fib(18) over and over, forever (as in the issue): calls and loops, each
 * an epoch check. */
static const char FIB_LOOP[] =
    "(module\n"
    "  (func $fib (param i32) (result i32)\n"
    "    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))\n"
    "      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))\n"
    "                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))\n"
    "  (func (export \"spin\") (loop (drop (call $fib (i32.const 18))) (br 0))))";

#define TIMEOUT_MS 50
#define CALLERS 8  /* each its own store, all in one engine */
#define BURNERS 4  /* plain C loops: more runnable threads still */
#define ROUNDS 20  /* calls per caller: 20 x 55-100 ms, about two seconds */

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

typedef struct caller {
  wt_engine *e;
  wt_module *m;
  int setup_rc;              /* the first failure before the calls, or WT_OK */
  int rc[ROUNDS];            /* each call's status: WT_TIMEOUT expected */
  double ms[ROUNDS];         /* each call's wall time, from just before it to its return */
} caller;

/* The checks are made by the main thread (the harness counts on one). */
static void *caller_main(void *arg) {
  caller *c = arg;
  wt_store *s = NULL;
  wt_linker *l = NULL;
  wt_instance inst;
  wt_func spin;
  int rc = wt_store_new(c->e, NULL, NULL, &s);
  wt_context *cx = rc ? NULL : wt_store_context(s);
  if (!rc) rc = wt_linker_new(c->e, &l);
  if (!rc) rc = wt_linker_instantiate(l, cx, c->m, &inst);
  if (!rc) rc = wt_instance_get_func(cx, &inst, "spin", &spin);
  if (!rc) rc = wt_store_set_timeout(s, TIMEOUT_MS);
  c->setup_rc = rc;
  for (int i = 0; !rc && i < ROUNDS; i++) {
    double t0 = now_ms();
    c->rc[i] = wt_func_call_0(cx, &spin, NULL, 0);
    c->ms[i] = now_ms() - t0;
  }
  wt_linker_delete(l);
  wt_store_delete(s);
  return NULL;
}

static int burn_stop;
static void *burner_main(void *arg) {
  (void)arg;
  volatile uint64_t n = 0;
  while (!__atomic_load_n(&burn_stop, __ATOMIC_RELAXED)) n++;
  return NULL;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

TEST(test_timeout_never_stops_a_call_early_under_contention) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  wt_engine *e = NULL;
  wt_module *m = NULL;
  CHECK_OK(wt_engine_new(&o, &e));
  if (e) CHECK_OK(wt_module_from_wat(e, FIB_LOOP, strlen(FIB_LOOP), &m));
  if (!m) { wt_engine_delete(e); return; }

  static caller c[CALLERS];
  pthread_t ct[CALLERS], bt[BURNERS];
  bool cstarted[CALLERS], bstarted[BURNERS];
  __atomic_store_n(&burn_stop, 0, __ATOMIC_RELAXED);
  for (int i = 0; i < BURNERS; i++) bstarted[i] = pthread_create(&bt[i], NULL, burner_main, NULL) == 0;
  for (int i = 0; i < CALLERS; i++) {
    memset(&c[i], 0, sizeof c[i]);
    c[i].e = e;
    c[i].m = m;
    c[i].setup_rc = -1;
    cstarted[i] = pthread_create(&ct[i], NULL, caller_main, &c[i]) == 0;
    CHECK(cstarted[i]);
  }
  for (int i = 0; i < CALLERS; i++)
    if (cstarted[i]) pthread_join(ct[i], NULL);
  __atomic_store_n(&burn_stop, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < BURNERS; i++)
    if (bstarted[i]) pthread_join(bt[i], NULL);

  static double all[CALLERS * ROUNDS];
  size_t n = 0, early = 0;
  for (int i = 0; i < CALLERS; i++) {
    if (!cstarted[i]) continue;
    CHECK_RC(c[i].setup_rc, WT_OK);
    if (c[i].setup_rc) continue;
    for (int k = 0; k < ROUNDS; k++) {
      CHECK_RC(c[i].rc[k], WT_TIMEOUT);
      all[n++] = c[i].ms[k];
      if (c[i].ms[k] < TIMEOUT_MS) early++;
      CHECK(c[i].ms[k] < 5000); /* generous: a shared machine stalled calls for 1.6 s */
    }
  }
  if (n) {
    qsort(all, n, sizeof all[0], cmp_double);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    printf("  %zu calls under a %d ms timeout, %d callers + %d burners on %ld cores: earliest stop %.2f ms, "
           "median %.2f ms, latest %.2f ms; %zu before %d ms\n",
           n, TIMEOUT_MS, CALLERS, BURNERS, cores, all[0], all[n / 2], all[n - 1], early, TIMEOUT_MS);
    CHECK(all[0] >= TIMEOUT_MS); /* never before T ms of wall time */
  }
  CHECK(n == CALLERS * ROUNDS);
  wt_module_delete(m);
  wt_engine_delete(e);
}
