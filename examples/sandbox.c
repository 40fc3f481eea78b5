/*
 * sandbox.c - running untrusted WebAssembly safely.
 *
 * The defences, each set per run:
 *   - fuel (engine option consume_fuel, wt_store_set_fuel): a budget of
 *     work; when it runs out the call fails with WT_OUT_OF_FUEL;
 *   - a deadline (engine option epoch_interruption, wt_store_set_timeout):
 *     a call running longer fails with WT_TIMEOUT;
 *   - store limits (wt_store_set_limits): memory.grow past the limit
 *     returns -1 to the guest (nothing traps); instantiations past the
 *     store's instance/memory/table counts fail with WT_LIMIT;
 *   - the wasm stack limit (engine option max_wasm_stack): unbounded
 *     recursion fails with WT_STACK_OVERFLOW;
 *   - any other trap (a division by zero, a wild pointer) is WT_TRAP with
 *     its cause in wt_trap_code().
 * Every stop unwinds the guest's call back to us: the process and every
 * other store carry on.
 *
 * Each hostile guest below runs in a store of its own, made for the run
 * and deleted after it: the simplest rule, since a guest stopped half-way
 * may have left its memory in a state of its own. To show what wt.h
 * promises (see "AFTER A LIMIT IS HIT"), each run then also checks that
 * the same store is still usable: it calls the guest's harmless export
 * alive() -> 42 (after refuelling, for WT_OUT_OF_FUEL).
 *
 * Build and run: make && build/sandbox
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wt.h"

#define MEMORY_LIMIT (4 << 20) /* bytes per linear memory: 64 pages */

/* Every guest exports run() -> i32, the untrusted entry point, and the
 * harmless alive() -> 42 that proves its store still works. */
#define ALIVE "(func (export \"alive\") (result i32) (i32.const 42))\n"

typedef struct hostile {
  const char *name;
  const char *wat;
  uint64_t fuel;       /* this run's fuel */
  uint64_t timeout_ms; /* this run's deadline */
  int want_status;     /* what run() must return */
  int want_trap;       /* its wt_trap_code() (WT_TRAP_NONE: no trap) */
  int32_t want_result; /* run()'s result when want_status is WT_OK */
} hostile;

/* Generous defaults: a safety net for the guests that another defence
 * must stop, never what stops them. */
#define FUEL (100u * 1000 * 1000)
#define TIMEOUT_MS 2000

static const hostile GUESTS[] = {
    {"endless loop, 100 ms deadline",
     "(module " ALIVE "(func (export \"run\") (result i32) (loop (br 0)) (i32.const 0)))",
     UINT64_C(1) << 60 /* so much fuel that the deadline must stop it */, 100, WT_TIMEOUT,
     WT_TRAP_INTERRUPT, 0},
    {"endless loop, 1000000 fuel",
     "(module " ALIVE "(func (export \"run\") (result i32) (loop (br 0)) (i32.const 0)))",
     1000000, TIMEOUT_MS, WT_OUT_OF_FUEL, WT_TRAP_OUT_OF_FUEL, 0},
    {"unbounded memory.grow",
     /* grows one page at a time until memory.grow says -1; returns its pages */
     "(module (memory 1) " ALIVE
     "(func (export \"run\") (result i32)\n"
     "  (block (loop (br_if 1 (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br 0)))\n"
     "  (memory.size)))",
     FUEL, TIMEOUT_MS, WT_OK, WT_TRAP_NONE, MEMORY_LIMIT / 65536},
    {"unbounded recursion",
     "(module " ALIVE
     "(func $f (export \"run\") (result i32) (i32.add (call $f) (i32.const 1))))",
     FUEL, TIMEOUT_MS, WT_STACK_OVERFLOW, WT_TRAP_STACK_OVERFLOW, 0},
    {"division by zero",
     "(module " ALIVE "(global $zero (mut i32) (i32.const 0))\n"
     "(func (export \"run\") (result i32) (i32.div_s (i32.const 1) (global.get $zero))))",
     FUEL, TIMEOUT_MS, WT_TRAP, WT_TRAP_INTEGER_DIVISION_BY_ZERO, 0},
    {"wild pointer",
     "(module (memory 1) " ALIVE
     "(func (export \"run\") (result i32) (i32.load (i32.const 0x7ffffff0))))",
     FUEL, TIMEOUT_MS, WT_TRAP, WT_TRAP_MEMORY_OUT_OF_BOUNDS, 0},
};
#define NGUESTS (sizeof GUESTS / sizeof GUESTS[0])

/* wt_trap_code() as text (wt.h has names for statuses, not trap codes). */
static const char *trap_name(int code) {
  static const char *const names[] = {
      "stack overflow", "memory out of bounds", "heap misaligned", "table out of bounds",
      "indirect call to null", "bad signature", "integer overflow", "integer division by zero",
      "bad conversion to integer", "unreachable", "interrupt", "out of fuel",
      "atomic wait on non-shared memory", "null reference", "array out of bounds",
      "allocation too large", "cast failure"};
  if (code == WT_TRAP_NONE) return "none";
  if (code < 0 || (size_t)code >= sizeof names / sizeof names[0]) return "?";
  return names[code];
}

/* A fresh store for one untrusted run: fuel, deadline and limits set. */
static int sandbox_store(wt_engine *engine, const hostile *h, wt_store **out) {
  wt_limits lim = {
      .memory_size = MEMORY_LIMIT, /* bytes per memory */
      .table_elements = 10000,     /* elements per table */
      .instances = 10, .tables = 10, .memories = 10, /* counts per store */
  };
  wt_status rc = wt_store_new(engine, NULL, NULL, out);
  if (!rc) rc = wt_store_set_fuel(*out, h->fuel);
  if (!rc) rc = wt_store_set_timeout(*out, h->timeout_ms);
  if (!rc) rc = wt_store_set_limits(*out, &lim);
  return rc;
}

/* Calls `name` -> i32 of an instance. */
static int call(wt_context *cx, const wt_instance *inst, const char *name, int32_t *result) {
  wt_func f;
  wt_status rc = wt_instance_get_func(cx, inst, name, &f);
  return rc ? rc : wt_func_call_i32(cx, &f, NULL, 0, result);
}

/* Runs one hostile guest; prints its line; 0 when it was contained as
 * expected and its store still worked afterwards. */
static int run_guest(wt_engine *engine, const wt_linker *linker, int n, const hostile *h) {
  wt_module *module = NULL;
  wt_store *store = NULL;
  wt_instance inst;
  int32_t result = 0, alive = 0;
  wt_status rc;
  int trap, bad = 0;
  char note[64] = "";

  if ((rc = wt_module_from_wat(engine, h->wat, strlen(h->wat), &module)) ||
      (rc = sandbox_store(engine, h, &store))) {
    printf("guest %d: %-32s setup failed: %s: %s\n", n, h->name, wt_strerror(rc), wt_errmsg());
    wt_module_delete(module);
    wt_store_delete(store);
    return 1;
  }
  wt_context *cx = wt_store_context(store);

  /* The untrusted part: instantiate (a start function would run here, under
   * the same fuel, deadline and limits) and call run(). */
  if ((rc = wt_linker_instantiate(linker, cx, module, &inst))) {
    printf("guest %d: %-32s instantiation failed: %s: %s\n", n, h->name, wt_strerror(rc), wt_errmsg());
    wt_store_delete(store);
    wt_module_delete(module);
    return 1;
  }
  rc = call(cx, &inst, "run", &result);
  trap = rc ? wt_trap_code() : WT_TRAP_NONE; /* read before any other call fails */

  if (rc != h->want_status || trap != h->want_trap) bad = 1;
  if (rc == WT_OK && result != h->want_result) bad = 1;

  /* Is the store still usable? */
  if (rc == WT_OUT_OF_FUEL) {
    /* fuel is 0: every call fails the same way until refuelled */
    if (call(cx, &inst, "alive", &alive) != WT_OUT_OF_FUEL) bad = 1;
    if (wt_store_set_fuel(store, 1000)) bad = 1;
    snprintf(note, sizeof note, " (after refuelling)");
  }
  int alive_rc = call(cx, &inst, "alive", &alive);
  if (alive_rc || alive != 42) bad = 1;

  if (rc == WT_OK)
    printf("guest %d: %-32s -> %s, run() = %d (memory.grow saw -1 at the limit)", n, h->name,
           wt_strerror(rc), (int)result);
  else if (trap != WT_TRAP_NONE)
    printf("guest %d: %-32s -> %s [trap: %s]", n, h->name, wt_strerror(rc), trap_name(trap));
  else
    printf("guest %d: %-32s -> %s", n, h->name, wt_strerror(rc));
  printf("; store usable%s: alive() = %d%s\n", note, (int)alive, bad ? "  UNEXPECTED" : "");

  wt_store_delete(store); /* a new store for the next run */
  wt_module_delete(module);
  return bad;
}

int main(void) {
  wt_engine *engine = NULL;
  wt_linker *linker = NULL;
  wt_status rc;
  int failures = 0;

  /* Fuel and deadlines must be enabled on the engine; the stores set them. */
  wt_engine_options opts;
  wt_engine_options_init(&opts);
  opts.consume_fuel = true;
  opts.epoch_interruption = true;
  opts.max_wasm_stack = 256 << 10; /* 256 KiB of the calling thread's stack */
  if ((rc = wt_engine_new(&opts, &engine)) || (rc = wt_linker_new(engine, &linker))) {
    fprintf(stderr, "sandbox: setup failed (%s): %s\n", wt_strerror(rc), wt_errmsg());
    wt_engine_delete(engine);
    return 1;
  }

  for (size_t i = 0; i < NGUESTS; i++) failures += run_guest(engine, linker, (int)i + 1, &GUESTS[i]);

  if (failures) printf("%d of %zu guests NOT contained as expected\n", failures, NGUESTS);
  else printf("all contained: %zu hostile guests stopped, the host is fine\n", NGUESTS);

  wt_linker_delete(linker);
  wt_engine_delete(engine);
  return failures != 0;
}
