/*
 * threads.c - a multi-threaded host.
 *
 * What may be shared between threads (include/wt.h, THREAD SAFETY):
 *   - one wt_engine and one compiled wt_module: compile once, use anywhere;
 *   - one wt_linker, once it is fully defined (instantiation only reads it);
 *   - NOT a wt_store: a store and everything bound to it (its context,
 *     instances, functions, memories) belong to one thread at a time.
 * So this program compiles the module once on the main thread, and each
 * worker thread makes its own store, instantiates the shared module in it
 * and calls an export many times, checking every result against the same
 * computation in C. Each store has its own instance, so each has its own
 * copy of the guest's globals and memory: the `calls` counter of every
 * instance ends at exactly the number of calls its thread made.
 *
 * Wasm runs on the calling thread's own stack, so the workers get an
 * explicit stack size comfortably above the wasm stack limit (512 KiB by
 * default, wt_engine_options.max_wasm_stack).
 *
 * Build and run: make && build/threads
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wt.h"

#define THREADS 4
#define CALLS 20000

/* collatz(n): the number of 3n+1 steps from n to 1; counts its calls. */
static const char GUEST_WAT[] =
    "(module\n"
    "  (global $calls (export \"calls\") (mut i32) (i32.const 0))\n"
    "  (func (export \"collatz\") (param $n i64) (result i32) (local $steps i32)\n"
    "    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))\n"
    "    (block $done (loop $next\n"
    "      (br_if $done (i64.le_u (local.get $n) (i64.const 1)))\n"
    "      (local.set $n (if (result i64) (i64.eqz (i64.and (local.get $n) (i64.const 1)))\n"
    "        (then (i64.shr_u (local.get $n) (i64.const 1)))\n"
    "        (else (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1)))))\n"
    "      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))\n"
    "      (br $next)))\n"
    "    (local.get $steps)))\n";

/* The same in C, to check the guest. */
static int32_t collatz(uint64_t n) {
  int32_t steps = 0;
  while (n > 1) {
    n = (n & 1) ? 3 * n + 1 : n / 2;
    steps++;
  }
  return steps;
}

/* What the main thread shares with a worker, and what the worker reports. */
typedef struct worker {
  int id;
  wt_engine *engine;        /* shared */
  const wt_module *module;  /* shared */
  const wt_linker *linker;  /* shared, fully defined before the threads start */
  /* results, read by main after pthread_join */
  int calls_ok, calls_wrong;
  int32_t guest_count; /* the instance's own `calls` global */
  int status;          /* WT_OK, or the first failure's status */
  char error[256];
} worker;

static void *worker_main(void *arg) {
  worker *w = arg;
  wt_store *store = NULL;
  wt_instance inst;
  wt_func fn;
  wt_global calls;
  wt_status rc;

  /* This thread's own store; the module and linker are the shared ones. */
  if ((rc = wt_store_new(w->engine, NULL, NULL, &store))) goto out;
  wt_context *cx = wt_store_context(store);
  if ((rc = wt_linker_instantiate(w->linker, cx, w->module, &inst)) ||
      (rc = wt_instance_get_func(cx, &inst, "collatz", &fn)) ||
      (rc = wt_instance_get_global(cx, &inst, "calls", &calls)))
    goto out;

  for (int i = 0; i < CALLS; i++) {
    uint64_t n = (uint64_t)w->id * CALLS + (uint64_t)i + 1; /* each thread its own inputs */
    wt_val arg = wt_val_i64((int64_t)n);
    int32_t steps = 0;
    if ((rc = wt_func_call_i32(cx, &fn, &arg, 1, &steps))) goto out;
    if (steps == collatz(n)) w->calls_ok++;
    else w->calls_wrong++;
  }
  rc = wt_global_get_i32(cx, &calls, &w->guest_count);

out:
  w->status = rc;
  /* wt_errmsg() is this thread's own last error: copy it before leaving. */
  if (rc) snprintf(w->error, sizeof w->error, "%s: %s", wt_strerror(rc), wt_errmsg());
  wt_store_delete(store);
  return NULL;
}

int main(void) {
  wt_engine *engine = NULL;
  wt_linker *linker = NULL;
  wt_module *module = NULL;
  worker workers[THREADS];
  pthread_t tids[THREADS];
  wt_status rc;
  int started = 0, failed = 0;

  /* Shared setup, on the main thread, before any worker starts. */
  if ((rc = wt_engine_new(NULL, &engine)) || (rc = wt_linker_new(engine, &linker)) ||
      (rc = wt_module_from_wat(engine, GUEST_WAT, strlen(GUEST_WAT), &module))) {
    fprintf(stderr, "threads: setup failed (%s): %s\n", wt_strerror(rc), wt_errmsg());
    failed = 1;
    goto out;
  }

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 4u << 20); /* 4 MiB: room for the 512 KiB wasm stack */
  for (int t = 0; t < THREADS; t++) {
    memset(&workers[t], 0, sizeof workers[t]);
    workers[t].id = t;
    workers[t].engine = engine;
    workers[t].module = module;
    workers[t].linker = linker;
    if (pthread_create(&tids[t], &attr, worker_main, &workers[t]) != 0) {
      fprintf(stderr, "threads: pthread_create failed\n");
      failed = 1;
      break;
    }
    started++;
  }
  pthread_attr_destroy(&attr);

  /* Join every worker, then report in thread order (deterministic output). */
  long total_ok = 0, total_wrong = 0;
  for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);
  for (int t = 0; t < started; t++) {
    worker *w = &workers[t];
    if (w->status) {
      printf("thread %d: FAILED (%s)\n", t, w->error);
      failed = 1;
      continue;
    }
    printf("thread %d: %d calls, %d correct, %d wrong; its instance counted %d calls\n", t,
           CALLS, w->calls_ok, w->calls_wrong, (int)w->guest_count);
    total_ok += w->calls_ok;
    total_wrong += w->calls_wrong;
    if (w->calls_ok != CALLS || w->calls_wrong || w->guest_count != CALLS) failed = 1;
  }
  printf("%d threads, one engine, one module, %d stores: %ld calls correct, %ld wrong\n", started,
         started, total_ok, total_wrong);

out:
  /* Everything made from the engine goes before it; the stores are gone. */
  wt_module_delete(module);
  wt_linker_delete(linker);
  wt_engine_delete(engine);
  return failed || started != THREADS;
}
