/*
 * bench.c - wt against the raw Wasmtime C API, in one process with one
 * loaded library: the raw baselines call the very symbol table wt uses
 * (W->..., from src/internal.h), on the same engines, stores and functions,
 * so a ratio measures wt's own layer and nothing else.
 *
 * Every figure is the median of REPS timed loops, each calibrated to last
 * about TARGET_NS (slow operations: at least one iteration per loop).
 * Prints a table and writes the ratios and all figures to argv[1] (JSON).
 */
#define _GNU_SOURCE
#include <alloca.h>
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <wasmtime.h> /* the official headers of the pinned release: section 7's raw side */

#include "../src/internal.h"

#define REPS 7
#define TARGET_NS 40e6

/* ---- measuring ---- */

typedef void (*loop_fn)(long n);

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double time_loop(loop_fn fn, long n) {
  double t0 = now_ns();
  fn(n);
  return now_ns() - t0;
}

/* As time_loop, with the n iterations spread evenly over SPREAD stack
 * depths covering a page. A call into Wasmtime runs up to 70% slower at a
 * few stack positions (a 16-byte store of Wasmtime's split across two
 * pages), and by a few percent with where its frames sit in a cache line
 * (raw and wt alike, at positions that differ with the frame sizes and
 * ASLR; docs/PERFORMANCE.md, "Spreads, plain loops and the start
 * layout"): a uniform average over the page is the same for two loops
 * whatever their frames, so their ratio is wt's cost and not the luck of a
 * position. Part j of repetition rep runs at depth_of(j, parts, rep): the
 * page in 64-byte steps, each at one of the four 16-byte offsets within
 * its cache line in turn, so that every repetition has all four alike. */
#define SPREAD 64
__attribute__((noinline)) static void run_at(loop_fn fn, long n, size_t depth) {
  volatile char *pad = alloca(16 + depth);
  pad[0] = 0;
  fn(n);
}

static size_t depth_of(long j, long parts, int rep) {
  return (size_t)(j * 4096 / parts / 64 * 64 + ((j + rep) & 3) * 16) % 4096;
}

static double time_loop_at(loop_fn fn, long n, int rep) {
  long parts = n < SPREAD ? n : SPREAD;
  double t0 = now_ns();
  for (long j = 0; j < parts; j++) run_at(fn, n / parts + (j < n % parts), depth_of(j, parts, rep));
  return now_ns() - t0;
}

/* One repetition of two loops together: their parts (as in time_loop_at)
 * alternate, each timed on its own, so that a burst of load on the host
 * falls on both alike. (Seen here: stretches of minutes in which one 40 ms
 * loop of a 12 ns call took 12 ns and the next 22 ns.) With plain set the
 * parts run where this function's frame is, one stack depth for the whole
 * process (wherever its start put the stack), as a user's loop runs. */
static void time_pair_at(loop_fn a, long na, loop_fn b, long nb, int rep, bool plain, double *ta, double *tb) {
  long pa = na < SPREAD ? na : SPREAD, pb = nb < SPREAD ? nb : SPREAD;
  *ta = *tb = 0;
  for (long j = 0; j < (pa > pb ? pa : pb); j++) {
    double t0 = now_ns(), t1 = t0;
    long ka = na / pa + (j < na % pa), kb = nb / pb + (j < nb % pb);
    if (j < pa) {
      if (plain) a(ka);
      else run_at(a, ka, depth_of(j, pa, rep));
      t1 = now_ns();
    }
    if (plain && j == 0 && rep == 0 && getenv("WT_BENCH_LAYOUT")) /* scripts/bench-starts.py reads it */
      fprintf(stderr, "layout: plain loops called from frame %p (page offset %lu)\n", __builtin_frame_address(0),
              (unsigned long)((uintptr_t)__builtin_frame_address(0) % 4096));
    if (j < pb) {
      if (plain) b(kb);
      else run_at(b, kb, depth_of(j, pb, rep));
    }
    *ta += t1 - t0;
    *tb += now_ns() - t1;
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Iterations for one timed loop of about TARGET_NS; the calibration runs
 * double as warm-up. */
static long calibrate(loop_fn fn) {
  long n = 1;
  double dt = time_loop(fn, n);
  while (dt < TARGET_NS / 8 && n < (1L << 30)) dt = time_loop(fn, n *= 4);
  n = (long)(n * (TARGET_NS / dt));
  return n < 1 ? 1 : n;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return v[n / 2];
}

/* The smallest and largest of n values. */
static void range(const double *v, int n, double *lo, double *hi) {
  *lo = *hi = v[0];
  for (int i = 1; i < n; i++) {
    if (v[i] < *lo) *lo = v[i];
    if (v[i] > *hi) *hi = v[i];
  }
}

/* Median ns per iteration of `reps` timed loops; repetition i runs
 * fns[i % places] (copies of one loop at other code placements). *lo and
 * *hi: the fastest and slowest repetition. */
static double measure(const loop_fn *fns, int places, int reps, double *lo, double *hi) {
  long n = calibrate(fns[0]);
  double v[REPS];
  for (int i = 0; i < reps; i++) v[i] = time_loop_at(fns[i % places], n, i) / (double)n;
  range(v, reps, lo, hi);
  return median(v, reps);
}

/* As measure, for two loops run together (time_pair_at), so that a drift
 * of the machine (frequency, a neighbour's load) touches both alike. The
 * ratio b / a is the median of the repetitions' ratios; lo and hi are their
 * smallest and largest: the spread within this one run. */
static void measure_pair(const loop_fn *a, const loop_fn *b, int places, bool plain, double *na, double *nb,
                         double *ratio, double *lo, double *hi, double range_a[2], double range_b[2]) {
  long ka = calibrate(a[0]), kb = calibrate(b[0]);
  double va[REPS], vb[REPS];
  for (int i = 0; i < REPS; i++) {
    time_pair_at(a[i % places], ka, b[i % places], kb, i, plain, &va[i], &vb[i]);
    va[i] /= (double)ka;
    vb[i] /= (double)kb;
  }
  if (getenv("WT_BENCH_TRACE")) /* each repetition (copy, stack depths) */
    for (int i = 0; i < REPS; i++) fprintf(stderr, "    rep %d: %8.2f %8.2f ns\n", i, va[i], vb[i]);
  double r[REPS]; /* b / a within each repetition: the pair's ratio is their median */
  for (int i = 0; i < REPS; i++) r[i] = vb[i] / va[i];
  *ratio = median(r, REPS); /* sorts r */
  *lo = r[0];
  *hi = r[REPS - 1];
  range(va, REPS, &range_a[0], &range_a[1]);
  range(vb, REPS, &range_b[0], &range_b[1]);
  *na = median(va, REPS);
  *nb = median(vb, REPS);
}

/* ---- code placement ----
 * On this machine a ~12 ns call into Wasmtime also depends on where the
 * calling loop's code sits: with the same source, one build of the bench
 * ran the typed `add` loop at 27 ns and the next, after an unrelated edit
 * elsewhere, at 12 ns (the raw loop moves the same way; see
 * docs/PERFORMANCE.md). So section 1 compiles each loop PLACES times, each
 * copy's body behind a jump over a different amount of padding, and
 * repetition i runs copy i % PLACES: the median is then over code
 * placements as well as stack depths, and a ratio compares typical
 * placements of both loops rather than one lucky or unlucky pair. */
#define PLACES 7
#if defined(__x86_64__) || defined(__i386__)
#define PAD(k) __asm__ volatile("jmp 1f\n\t.skip 16 + " #k " * 1056, 0xcc\n1:")
#else
#define PAD(k) ((void)0) /* one placement, repeated */
#endif
#define LOOP static inline __attribute__((always_inline)) void
#define PLACE(name, k) \
  static void name##_##k(long n) { PAD(k); name(n); }
/* name_at[PLACES], one past the copies, is name_plain: the loop as a user
 * writes it, one function without padding, for the plain rows. */
#define PLACED(name)                                                                  \
  PLACE(name, 0) PLACE(name, 1) PLACE(name, 2) PLACE(name, 3) PLACE(name, 4)          \
  PLACE(name, 5) PLACE(name, 6)                                                      \
  static void name##_plain(long n) { name(n); }                                      \
  static const loop_fn name##_at[PLACES + 1] = {name##_0, name##_1, name##_2, name##_3, \
                                                name##_4, name##_5, name##_6, name##_plain};

/* ---- figures ---- */

/* base names the raw figure a wt figure compares to; pair_ratio is the
 * ratio to it measured in the same pair (0 when not paired), lo..hi the
 * spread of its repetitions' ratios; ns_lo..ns_hi the fastest and slowest
 * of its own repetitions (0 when not known). */
typedef struct figure { const char *key, *label, *base; double ns, pair_ratio, lo, hi, ns_lo, ns_hi; } figure;
static figure figs[160];
static int nfigs;

static const figure *find(const char *key) {
  for (int i = 0; i < nfigs; i++)
    if (!strcmp(figs[i].key, key)) return &figs[i];
  return NULL;
}

static double fig(const char *key) { return find(key) ? find(key)->ns : 0; }

/* num / den: the ratio measured in num's pair when it was paired with den
 * (a baseline measured in several pairs has one figure each), else the
 * ratio of the two figures. */
static const figure *paired(const char *num, const char *den) {
  const figure *n = find(num);
  return n && n->base && !strcmp(n->base, den) && n->pair_ratio > 0 ? n : NULL;
}

static double ratio(const char *num, const char *den) {
  const figure *n = paired(num, den);
  return n ? n->pair_ratio : fig(num) / fig(den);
}

/* The spread of ratio(num, den) over the repetitions: for a pair, its
 * repetitions' smallest and largest ratio; for two figures measured apart,
 * the widest the repetitions allow (num's fastest over den's slowest, and
 * num's slowest over den's fastest). 0 when a figure has no repetitions. */
static int spread(const char *num, const char *den, double *lo, double *hi) {
  const figure *p = paired(num, den), *n = find(num), *d = find(den);
  if (p) return *lo = p->lo, *hi = p->hi, 1;
  if (!n || !d || n->ns_lo <= 0 || d->ns_lo <= 0) return 0;
  *lo = n->ns_lo / d->ns_hi;
  *hi = n->ns_hi / d->ns_lo;
  return 1;
}

/* Measures and prints a figure of its own (a baseline no wt row is
 * paired with, e.g. the checked host call or a compile). */
static void row(const char *key, const char *label, loop_fn fn, int reps) {
  const char *only = getenv("WT_BENCH_ROW"); /* profiling one row */
  if (only && strcmp(only, key)) return;
  double lo, hi, ns = measure(&fn, 1, reps, &lo, &hi);
  figs[nfigs++] = (figure){key, label, NULL, ns, 0, 0, 0, lo, hi};
  printf("  %-46s %12.1f ns   (baseline; repetitions %.1f..%.1f)\n", label, ns, lo, hi);
  fflush(stdout);
}

/* A raw baseline and wt's counterpart, measured alternately; each of
 * bfn and fn is `places` copies of its loop (see PLACED), spread over
 * stack depths unless plain. */
static void pair_with(const char *bkey, const char *blabel, const loop_fn *bfn, const char *key, const char *label,
                      const loop_fn *fn, int places, bool plain) {
  const char *only = getenv("WT_BENCH_ROW");
  if (only && strcmp(only, key) && strcmp(only, bkey)) return;
  double b, w, x, lo, hi, rb[2], rw[2];
  measure_pair(bfn, fn, places, plain, &b, &w, &x, &lo, &hi, rb, rw);
  figs[nfigs++] = (figure){bkey, blabel, NULL, b, 0, 0, 0, rb[0], rb[1]};
  figs[nfigs++] = (figure){key, label, bkey, w, x, lo, hi, rw[0], rw[1]};
  printf("  %-46s %12.1f ns   (baseline)\n", blabel, b);
  printf("  %-46s %12.1f ns   x%.3f  (repetitions %.3f..%.3f)\n", label, w, x, lo, hi);
  fflush(stdout);
}

static void pair_at(const char *bkey, const char *blabel, const loop_fn *bfn, const char *key, const char *label,
                    const loop_fn *fn, int places) {
  pair_with(bkey, blabel, bfn, key, label, fn, places, false);
}

static void pair(const char *bkey, const char *blabel, loop_fn bfn, const char *key, const char *label, loop_fn fn) {
  pair_at(bkey, blabel, &bfn, key, label, &fn, 1);
}

/* The same pair as the plain loops a user writes: one copy of each
 * (PLACED's name_plain), at one stack depth, keys and labels marked plain. */
static void pair_plain(const char *bkey, const char *blabel, loop_fn bfn, const char *key, const char *label,
                       loop_fn fn) {
  char k[64], bk[64], l[80], bl[80];
  snprintf(bk, sizeof bk, "%s_plain", bkey);
  snprintf(k, sizeof k, "%s_plain", key);
  snprintf(bl, sizeof bl, "%s (plain)", blabel);
  snprintf(l, sizeof l, "%s (plain)", label);
  pair_with(strdup(bk), strdup(bl), &bfn, strdup(k), strdup(l), &fn, 1, true);
}

static void record(const char *key, const char *label, const char *base, double ns) {
  figs[nfigs++] = (figure){key, label, base, ns, 0, 0, 0, ns, ns};
  printf("  %-46s %12.1f ns%s\n", label, ns, base ? "   (one sample)" : "   (one sample, baseline)");
}

static void die(const char *what) {
  fprintf(stderr, "bench: %s failed: %s\n", what, wt_errmsg());
  exit(1);
}

#define OK(call) do { if ((call) != WT_OK) die(#call); } while (0)

/* ---- shared state ---- */

static struct {
  wt_engine *engine;
  wt_store *store;
  wt_context *cx;
  wt_func add, nop, loop_raw, loop_raw_unchecked, loop_wt, loop_wt_raw, loop_wt_adapted, loop_raw_one_call;
  wt_func loop_wt_new, loop_wt_new_adapted; /* env.h a function of the store (wt_func_new, _adapted) */
  wt_memory mem;
  uint8_t buf[65536];
  volatile int64_t sink;
} g;

static wt_module *module_wat(wt_engine *e, const char *wat) {
  wt_module *m;
  OK(wt_module_from_wat(e, wat, strlen(wat), &m));
  return m;
}

static wt_instance instantiate(wt_linker *l, wt_module *m) {
  wt_instance inst;
  OK(wt_linker_instantiate(l, g.cx, m, &inst));
  return inst;
}

/* ====================================================================
 * 1. host -> wasm calls
 * ==================================================================== */

static const char CALLS_WAT[] =
    "(module (memory (export \"mem\") 1)"
    " (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)"
    " (func (export \"nop\")))";

LOOP raw_call_add(long n) {
  wta_val_t args[2] = {{.kind = WTA_I32}, {.kind = WTA_I32, .of.i32 = 2}}, res[1];
  for (long i = 0; i < n; i++) {
    wta_trap_t *trap = NULL;
    args[0].of.i32 = (int32_t)i;
    if (W->wasmtime_func_call(CX(g.cx), WT_FUNC_RAW(&g.add), args, 2, res, 1, &trap) || trap) die("raw call");
    g.sink += res[0].of.i32;
  }
}

LOOP raw_unchecked_add(long n) {
  for (long i = 0; i < n; i++) {
    wta_val_raw_t raw[2] = {{.i32 = (int32_t)i}, {.i32 = 2}};
    wta_trap_t *trap = NULL;
    if (W->wasmtime_func_call_unchecked(CX(g.cx), WT_FUNC_RAW(&g.add), raw, 2, &trap) || trap) die("raw call");
    g.sink += raw[0].i32;
  }
}

LOOP wt_generic_add(long n) {
  wt_val args[2] = {wt_val_i32(0), wt_val_i32(2)}, res[1];
  for (long i = 0; i < n; i++) {
    args[0].of.i32 = (int32_t)i;
    if (wt_func_call(g.cx, &g.add, args, 2, res, 1)) die("wt_func_call");
    g.sink += res[0].of.i32;
  }
}

/* The arguments built per call, as the raw loop builds its slots: the
 * kinds are then known where the inline fast path (wt.h) checks them. */
LOOP wt_typed_add(long n) {
  for (long i = 0; i < n; i++) {
    wt_val args[2] = {wt_val_i32((int32_t)i), wt_val_i32(2)};
    int32_t r;
    if (wt_func_call_i32(g.cx, &g.add, args, 2, &r)) die("wt_func_call_i32");
    g.sink += r;
  }
}

/* One array for every call: the kinds are read and checked per call. */
LOOP wt_typed_add_reused(long n) {
  wt_val args[2] = {wt_val_i32(0), wt_val_i32(2)};
  for (long i = 0; i < n; i++) {
    int32_t r;
    args[0].of.i32 = (int32_t)i;
    if (wt_func_call_i32(g.cx, &g.add, args, 2, &r)) die("wt_func_call_i32");
    g.sink += r;
  }
}

/* The exported function, as a caller without the inline path (another
 * compiler, a function pointer, a binding through libwt.so) reaches it. */
LOOP wt_typed_add_exported(long n) {
  for (long i = 0; i < n; i++) {
    wt_val args[2] = {wt_val_i32((int32_t)i), wt_val_i32(2)};
    int32_t r;
    if ((wt_func_call_i32)(g.cx, &g.add, args, 2, &r)) die("wt_func_call_i32");
    g.sink += r;
  }
}

/* The exported function on one array reused over calls, as a binding
 * with a buffer of its own may call it (information): the caller then
 * stores 4 bytes per call, not two 32-byte wt_vals. */
LOOP wt_typed_add_exported_reused(long n) {
  wt_val args[2] = {wt_val_i32(0), wt_val_i32(2)};
  for (long i = 0; i < n; i++) {
    int32_t r;
    args[0].of.i32 = (int32_t)i;
    if ((wt_func_call_i32)(g.cx, &g.add, args, 2, &r)) die("wt_func_call_i32");
    g.sink += r;
  }
}

/* The floor of any exported typed call (information): the same loop
 * calling a wrapper that does only what cannot be left out - read two i32
 * wt_vals, call Wasmtime, write the result. What it costs over the raw
 * loop is the call into a function and the values passed through memory
 * as wt_vals (docs/PERFORMANCE.md). */
#if defined(__clang__)
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noipa)) /* no copy specialised for the constant arguments */
#endif
NOIPA __attribute__((aligned(64))) static int bare_wrapper(wt_context *cx, const wt_func *f, const wt_val *a,
                                                               int32_t *out) {
  wta_val_raw_t raw[2];
  raw[0].i32 = a[0].of.i32;
  raw[1].i32 = a[1].of.i32;
  wta_trap_t *trap = NULL;
  wta_error_t *err = W->wasmtime_func_call_unchecked(CX(cx), WT_FUNC_RAW(f), raw, 2, &trap);
  *out = raw[0].i32;
  return err || trap;
}

LOOP bare_wrapped_add(long n) {
  for (long i = 0; i < n; i++) {
    wt_val args[2] = {wt_val_i32((int32_t)i), wt_val_i32(2)};
    int32_t r;
    if (bare_wrapper(g.cx, &g.add, args, &r)) die("bare wrapper");
    g.sink += r;
  }
}

LOOP wt_raw_add(long n) {
  for (long i = 0; i < n; i++) {
    wt_raw v[2] = {{.i32 = (int32_t)i}, {.i32 = 2}};
    if (wt_func_call_raw(g.cx, &g.add, v, 2)) die("wt_func_call_raw");
    g.sink += v[0].i32;
  }
}

/* The exported raw call (a binding through libwt.so that builds raw slots). */
LOOP wt_raw_add_exported(long n) {
  for (long i = 0; i < n; i++) {
    wt_raw v[2] = {{.i32 = (int32_t)i}, {.i32 = 2}};
    if ((wt_func_call_raw)(g.cx, &g.add, v, 2)) die("wt_func_call_raw");
    g.sink += v[0].i32;
  }
}

LOOP raw_call_nop(long n) {
  for (long i = 0; i < n; i++) {
    wta_trap_t *trap = NULL;
    if (W->wasmtime_func_call(CX(g.cx), WT_FUNC_RAW(&g.nop), NULL, 0, NULL, 0, &trap) || trap) die("raw call");
  }
}

LOOP raw_unchecked_nop(long n) {
  for (long i = 0; i < n; i++) {
    wta_val_raw_t raw[1];
    wta_trap_t *trap = NULL;
    if (W->wasmtime_func_call_unchecked(CX(g.cx), WT_FUNC_RAW(&g.nop), raw, 1, &trap) || trap) die("raw call");
  }
}

LOOP wt_generic_nop(long n) {
  for (long i = 0; i < n; i++)
    if (wt_func_call(g.cx, &g.nop, NULL, 0, NULL, 0)) die("wt_func_call");
}

LOOP wt_typed_nop(long n) {
  for (long i = 0; i < n; i++)
    if (wt_func_call_0(g.cx, &g.nop, NULL, 0)) die("wt_func_call_0");
}

PLACED(raw_call_add)
PLACED(raw_unchecked_add)
PLACED(wt_generic_add)
PLACED(wt_typed_add)
PLACED(wt_typed_add_reused)
PLACED(wt_typed_add_exported)
PLACED(wt_typed_add_exported_reused)
PLACED(bare_wrapped_add)
PLACED(wt_raw_add)
PLACED(wt_raw_add_exported)
PLACED(raw_call_nop)
PLACED(raw_unchecked_nop)
PLACED(wt_generic_nop)
PLACED(wt_typed_nop)

/* The module of sections 1 and 3: its functions and memory into g. */
static wt_module *calls_module(wt_linker *l) {
  wt_module *m = module_wat(g.engine, CALLS_WAT);
  wt_instance inst = instantiate(l, m);
  OK(wt_instance_get_func(g.cx, &inst, "add", &g.add));
  OK(wt_instance_get_func(g.cx, &inst, "nop", &g.nop));
  OK(wt_instance_get_memory(g.cx, &inst, "mem", &g.mem));
  return m;
}

/* Section 1's rows: a raw baseline and wt's counterpart. */
#define RAW_CALL(f) "raw_call_" #f, "raw wasmtime_func_call           " #f, raw_call_##f##_at
#define RAW_UNCHECKED(f) "raw_unchecked_" #f, "raw wasmtime_func_call_unchecked " #f, raw_unchecked_##f##_at
static const struct {
  const char *bkey, *blabel;
  const loop_fn *b;
  const char *key, *label;
  const loop_fn *w;
} CALL_ROWS[] = {
    {RAW_CALL(add), "wt_generic_add", "wt_func_call (generic)           add", wt_generic_add_at},
    {RAW_UNCHECKED(add), "wt_typed_add", "wt_func_call_i32 (typed)         add", wt_typed_add_at},
    {RAW_UNCHECKED(add), "wt_typed_add_reused", "wt_func_call_i32, args reused    add", wt_typed_add_reused_at},
    {RAW_UNCHECKED(add), "wt_typed_add_exported", "(wt_func_call_i32), exported    add", wt_typed_add_exported_at},
    {RAW_UNCHECKED(add), "wt_typed_add_exported_reused", "(wt_func_call_i32), args reused add",
     wt_typed_add_exported_reused_at},
    {RAW_UNCHECKED(add), "bare_wrapped_add", "floor: a bare wrapper of wt_vals  add", bare_wrapped_add_at},
    {RAW_UNCHECKED(add), "wt_raw_add", "wt_func_call_raw                 add", wt_raw_add_at},
    {RAW_UNCHECKED(add), "wt_raw_add_exported", "(wt_func_call_raw), exported    add", wt_raw_add_exported_at},
    {RAW_CALL(nop), "wt_generic_nop", "wt_func_call (generic)           nop", wt_generic_nop_at},
    {RAW_UNCHECKED(nop), "wt_typed_nop", "wt_func_call_0 (typed)           nop", wt_typed_nop_at},
};

/* WT_BENCH_LAYOUT: where the hot data of section 1's loops is, for
 * scripts/bench-starts.py (docs/PERFORMANCE.md, "Start layout"). */
static void layout(void) {
  if (!getenv("WT_BENCH_LAYOUT")) return;
  int here;
  fprintf(stderr, "layout: stack %p store %p func %p symbols %p tls %p\n", (void *)&here, (void *)g.cx,
          (void *)&g.add, (void *)W, (void *)&wt__serial);
}

static void bench_calls(wt_linker *l) {
  wt_module *m = calls_module(l);
  printf("\n1. host -> wasm call, add(i32, i32) -> i32 and nop()\n");
  layout();
  for (size_t i = 0; i < sizeof CALL_ROWS / sizeof CALL_ROWS[0]; i++) {
    pair_at(CALL_ROWS[i].bkey, CALL_ROWS[i].blabel, CALL_ROWS[i].b, CALL_ROWS[i].key, CALL_ROWS[i].label,
            CALL_ROWS[i].w, PLACES);
    pair_plain(CALL_ROWS[i].bkey, CALL_ROWS[i].blabel, CALL_ROWS[i].b[PLACES], CALL_ROWS[i].key, CALL_ROWS[i].label,
               CALL_ROWS[i].w[PLACES]); /* the same loops, plain (information) */
  }
  wt_module_delete(m);
}

/* ====================================================================
 * 2. wasm -> host calls: a wasm loop calls an imported i32 -> i32
 * ==================================================================== */

#define HOST_CALLS 1000 /* host calls per outer call */

static const char HOST_WAT[] =
    "(module (import \"env\" \"h\" (func $h (param i32) (result i32)))"
    " (func (export \"loop\") (param $n i32) (result i32) (local $acc i32)"
    "  (block $done (loop $next"
    "   (br_if $done (i32.eqz (local.get $n)))"
    "   (local.set $acc (i32.add (local.get $acc) (call $h (local.get $n))))"
    "   (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
    "   (br $next)))"
    "  (local.get $acc)))";

static wta_trap_t *raw_host(void *env, wta_caller_t *c, const wta_val_t *args, size_t na, wta_val_t *res, size_t nr) {
  (void)env, (void)c, (void)na, (void)nr;
  res[0].kind = WTA_I32;
  res[0].of.i32 = args[0].of.i32 + 1;
  return NULL;
}

static wta_trap_t *raw_host_unchecked(void *env, wta_caller_t *c, wta_val_raw_t *raw, size_t n) {
  (void)env, (void)c, (void)n;
  raw[0].i32 = raw[0].i32 + 1;
  return NULL;
}

/* The floor of any wt_val trampoline (information): the raw callback's
 * work done one call further, through a pointer (env), as a trampoline
 * calls the user's function; not a tail call. */
__attribute__((noinline)) static void bump_slot(wta_val_raw_t *raw) { raw[0].i32 = raw[0].i32 + 1; }

static wta_trap_t *raw_host_one_call(void *env, wta_caller_t *c, wta_val_raw_t *raw, size_t n) {
  (void)c, (void)n;
  ((void (*)(wta_val_raw_t *))env)(raw);
  __asm__ volatile("" ::: "memory");
  return NULL;
}

static wt_status wt_host(void *env, wt_caller *c, const wt_val *args, size_t na, wt_val *res, size_t nr) {
  (void)env, (void)c, (void)na, (void)nr;
  res[0].of.i32 = args[0].of.i32 + 1;
  return WT_OK;
}

/* The same wt_val callback with its adapter compiled here
 * (WT_HOST_ADAPTER, wt_linker_define_func_adapted). */
WT_HOST_ADAPTER(wt_host_adapted, wt_host);

static wt_trap *wt_host_raw(void *env, wt_caller *c, wt_raw *slots, size_t n) {
  (void)env, (void)c, (void)n;
  slots[0].i32 = slots[0].i32 + 1;
  return NULL;
}

/* The outer call is the same typed call for every variant. */
static void run_loop(const wt_func *f, long n) {
  wt_val arg = wt_val_i32(HOST_CALLS);
  for (long i = 0; i < (n + HOST_CALLS - 1) / HOST_CALLS; i++) {
    int32_t r;
    if (wt_func_call_i32(g.cx, f, &arg, 1, &r)) die("host loop");
    g.sink += r;
  }
}
static void loop_raw(long n) { run_loop(&g.loop_raw, n); }
static void loop_raw_unchecked(long n) { run_loop(&g.loop_raw_unchecked, n); }
static void loop_wt(long n) { run_loop(&g.loop_wt, n); }
static void loop_wt_adapted(long n) { run_loop(&g.loop_wt_adapted, n); }
static void loop_wt_raw(long n) { run_loop(&g.loop_wt_raw, n); }
static void loop_raw_one_call(long n) { run_loop(&g.loop_raw_one_call, n); }
static void loop_wt_new(long n) { run_loop(&g.loop_wt_new, n); }
static void loop_wt_new_adapted(long n) { run_loop(&g.loop_wt_new_adapted, n); }

/* A raw Wasmtime linker with env.h defined by the raw API: checked (0),
 * unchecked (1), unchecked with one more call (2). */
static wt_func raw_linked_loop(wt_module *m, int how) {
  wta_linker_t *l = W->wasmtime_linker_new(g.engine->e);
  uint8_t k = WT_I32;
  wta_functype_t *ft = wt__functype_new(&k, 1, &k, 1);
  void *bump = (void *)(uintptr_t)bump_slot;
  wta_error_t *err =
      how == 2 ? W->wasmtime_linker_define_func_unchecked(l, "env", 3, "h", 1, ft, raw_host_one_call, bump, NULL)
      : how    ? W->wasmtime_linker_define_func_unchecked(l, "env", 3, "h", 1, ft, raw_host_unchecked, NULL, NULL)
               : W->wasmtime_linker_define_func(l, "env", 3, "h", 1, ft, raw_host, NULL, NULL);
  W->wasm_functype_delete(ft);
  wta_instance_t inst;
  wta_trap_t *trap = NULL;
  if (err || W->wasmtime_linker_instantiate(l, CX(g.cx), m->m, &inst, &trap) || trap) die("raw linker");
  W->wasmtime_linker_delete(l);
  wt_func f;
  OK(wt_instance_get_func(g.cx, (wt_instance *)&inst, "loop", &f));
  return f;
}

static void bench_host_calls(void) {
  wt_module *m = module_wat(g.engine, HOST_WAT);
  g.loop_raw = raw_linked_loop(m, 0);
  g.loop_raw_unchecked = raw_linked_loop(m, 1);
  g.loop_raw_one_call = raw_linked_loop(m, 2);
  wt_linker *l;
  uint8_t k = WT_I32;
  OK(wt_linker_new(g.engine, &l));
  OK(wt_linker_define_func(l, "env", "h", &k, 1, &k, 1, wt_host, NULL, NULL));
  wt_instance inst = instantiate(l, m);
  OK(wt_instance_get_func(g.cx, &inst, "loop", &g.loop_wt));
  wt_linker *lr;
  OK(wt_linker_new(g.engine, &lr));
  OK(wt_linker_define_func_raw(lr, "env", "h", &k, 1, &k, 1, wt_host_raw, NULL, NULL));
  inst = instantiate(lr, m);
  OK(wt_instance_get_func(g.cx, &inst, "loop", &g.loop_wt_raw));
  wt_linker_delete(lr);
  OK(wt_linker_new(g.engine, &lr));
  OK(wt_linker_define_func_adapted(lr, "env", "h", &k, 1, &k, 1, wt_host_adapted, wt_host, NULL, NULL));
  inst = instantiate(lr, m);
  OK(wt_instance_get_func(g.cx, &inst, "loop", &g.loop_wt_adapted));
  wt_linker_delete(lr);
  for (int adapted = 0; adapted < 2; adapted++) { /* env.h as an item, from wt_func_new(_adapted) */
    wt_extern h = {WT_EXTERN_FUNC, {{{0}}}};
    OK(adapted ? wt_func_new_adapted(g.cx, &k, 1, &k, 1, wt_host_adapted, wt_host, NULL, NULL, &h.of.func)
               : wt_func_new(g.cx, &k, 1, &k, 1, wt_host, NULL, NULL, &h.of.func));
    OK(wt_linker_new(g.engine, &lr));
    OK(wt_linker_define(lr, g.cx, "env", "h", &h));
    inst = instantiate(lr, m);
    OK(wt_instance_get_func(g.cx, &inst, "loop", adapted ? &g.loop_wt_new_adapted : &g.loop_wt_new));
    wt_linker_delete(lr);
  }
  printf("\n2. wasm -> host call, i32 -> i32 (per call, in a wasm loop)\n");
  row("raw_host_call", "raw linker_define_func", loop_raw, REPS);
  pair("raw_host_unchecked", "raw linker_define_func_unchecked", loop_raw_unchecked,
       "wt_host_adapted_call", "wt_linker_define_func_adapted (wt_val)", loop_wt_adapted);
  pair("raw_host_unchecked", "raw linker_define_func_unchecked", loop_raw_unchecked,
       "wt_host_call", "wt_linker_define_func (wt_val, pointer)", loop_wt);
  pair("raw_host_unchecked", "raw linker_define_func_unchecked", loop_raw_unchecked,
       "wt_host_new_adapted_call", "wt_func_new_adapted (wt_val)", loop_wt_new_adapted);
  pair("raw_host_unchecked", "raw linker_define_func_unchecked", loop_raw_unchecked,
       "wt_host_new_call", "wt_func_new (wt_val, pointer)", loop_wt_new);
  pair("raw_host_unchecked", "raw linker_define_func_unchecked", loop_raw_unchecked,
       "wt_host_raw_call", "wt_linker_define_func_raw", loop_wt_raw);
  pair("raw_host_unchecked", "raw linker_define_func_unchecked", loop_raw_unchecked,
       "raw_host_one_call", "floor: the raw callback, one call deeper", loop_raw_one_call);
  wt_linker_delete(l);
  wt_module_delete(m);
}

/* ====================================================================
 * 3. memory access
 * ==================================================================== */

#define OFF(i) ((uint64_t)((i) * 8) & 0xfff8)

static void direct_i32(long n) {
  uint8_t *d = wt_memory_data(g.cx, &g.mem, NULL);
  for (long i = 0; i < n; i++) {
    int32_t v;
    memcpy(&v, d + OFF(i), 4);
    v++;
    memcpy(d + OFF(i), &v, 4);
    __asm__ volatile("" ::: "memory"); /* one real load and store per iteration */
  }
}

/* Each loop takes its state from g once, as direct_i32 takes its pointer:
 * the context and the handle are locals (the handle's address goes to the
 * exported function on the slow path, so it is still read per access). */
static void wt_i32(long n) {
  wt_context *cx = g.cx;
  wt_memory mem = g.mem;
  for (long i = 0; i < n; i++) {
    int32_t v;
    if (wt_memory_read_i32(cx, &mem, OFF(i), &v) || wt_memory_write_i32(cx, &mem, OFF(i), v + 1))
      die("wt_memory i32");
  }
}

/* The exported functions (what a binding through libwt.so gets). */
static void wt_i32_exported(long n) {
  wt_context *cx = g.cx;
  wt_memory mem = g.mem;
  for (long i = 0; i < n; i++) {
    int32_t v;
    if ((wt_memory_read_i32)(cx, &mem, OFF(i), &v) || (wt_memory_write_i32)(cx, &mem, OFF(i), v + 1))
      die("wt_memory i32 (exported)");
  }
}

static void direct_i64(long n) {
  uint8_t *d = wt_memory_data(g.cx, &g.mem, NULL);
  for (long i = 0; i < n; i++) {
    int64_t v;
    memcpy(&v, d + OFF(i), 8);
    v++;
    memcpy(d + OFF(i), &v, 8);
    __asm__ volatile("" ::: "memory");
  }
}

static void wt_i64(long n) {
  wt_context *cx = g.cx;
  wt_memory mem = g.mem;
  for (long i = 0; i < n; i++) {
    int64_t v;
    if (wt_memory_read_i64(cx, &mem, OFF(i), &v) || wt_memory_write_i64(cx, &mem, OFF(i), v + 1))
      die("wt_memory i64");
  }
}

static void memcpy_64k(long n) {
  uint8_t *d = wt_memory_data(g.cx, &g.mem, NULL);
  for (long i = 0; i < n; i++) {
    memcpy(g.buf, d, sizeof g.buf);
    g.buf[i & 0xffff]++;
    memcpy(d, g.buf, sizeof g.buf);
    __asm__ volatile("" ::: "memory");
  }
}

static void wt_64k(long n) {
  for (long i = 0; i < n; i++) {
    if (wt_memory_read(g.cx, &g.mem, 0, g.buf, sizeof g.buf)) die("wt_memory_read");
    g.buf[i & 0xffff]++;
    if (wt_memory_write(g.cx, &g.mem, 0, g.buf, sizeof g.buf)) die("wt_memory_write");
  }
}

static void bench_memory(wt_linker *l) {
  wt_module *m = calls_module(l);
  printf("\n3. memory: read + write of one value; 64 KiB read + write\n");
  pair("direct_i32", "direct load/store i32 on the data pointer", direct_i32, "wt_memory_i32",
       "wt_memory_read_i32 + write_i32", wt_i32);
  pair("direct_i32", "direct load/store i32 on the data pointer", direct_i32, "wt_memory_i32_exported",
       "the exported (wt_memory_read_i32) + (write_i32)", wt_i32_exported);
  pair("direct_i64", "direct load/store i64 on the data pointer", direct_i64, "wt_memory_i64",
       "wt_memory_read_i64 + write_i64", wt_i64);
  pair("memcpy_64k", "memcpy 64 KiB out + in", memcpy_64k, "wt_memory_64k", "wt_memory_read + wt_memory_write 64 KiB",
       wt_64k);
  wt_module_delete(m);
}

/* ====================================================================
 * 4. module load: compile, deserialize, wt cache, Wasmtime's cache
 * ==================================================================== */

static struct {
  char dir[64], cwasm[128], toml[128], wasm_path[128];
  const uint8_t *wasm;
  size_t len;
  wt_engine *cached;       /* wt engine with the cache on */
  wt_engine *trusting;     /* ... and cache_trust_files */
  wta_engine_t *builtin;   /* raw engine with Wasmtime's own cache */
} ld;

/* A module with `nfunc` functions of `ops` arithmetic steps each: the
 * large one compiles to several MB of machine code. */
static char *gen_wat(int nfunc, int ops) {
  size_t cap = (size_t)nfunc * ((size_t)ops * 200 + 200) + 256, n = 0;
  char *w = malloc(cap);
  n += (size_t)sprintf(w + n, "(module (memory 1)");
  for (int f = 0; f < nfunc; f++) {
    n += (size_t)sprintf(w + n, " (func $f%d (export \"f%d\") (param i32 i32) (result i32)", f, f);
    for (int i = 0; i < ops; i++)
      n += (size_t)sprintf(w + n, " (local.set 0 (i32.xor (i32.add (i32.mul (local.get 0) (i32.const %d))"
                                  " (i32.load offset=%d (local.get 1))) (i32.rotl (local.get 0) (i32.const %d))))",
                           f * 31 + i * 7 + 3, (i * 4) & 0xffc, i % 31 + 1);
    n += (size_t)sprintf(w + n, " (local.get 0))");
  }
  sprintf(w + n, ")");
  return w;
}

static void raw_compile(long n) {
  for (long i = 0; i < n; i++) {
    wta_module_t *m;
    if (W->wasmtime_module_new(g.engine->e, ld.wasm, ld.len, &m)) die("compile");
    W->wasmtime_module_delete(m);
  }
}

static void raw_deserialize_file(long n) {
  for (long i = 0; i < n; i++) {
    wta_module_t *m;
    if (W->wasmtime_module_deserialize_file(g.engine->e, ld.cwasm, &m)) die("deserialize_file");
    W->wasmtime_module_delete(m);
  }
}

static void wt_cache_hit(long n) {
  for (long i = 0; i < n; i++) {
    wt_module *m;
    OK(wt_module_new(ld.cached, ld.wasm, ld.len, &m));
    wt_module_delete(m);
  }
}

static void file_hits(wt_engine *e, long n) {
  for (long i = 0; i < n; i++) {
    wt_module *m;
    OK(wt_module_from_file(e, ld.wasm_path, &m));
    wt_module_delete(m);
  }
}
static void wt_file_hit(long n) { file_hits(ld.cached, n); }
static void wt_trusted_file_hit(long n) { file_hits(ld.trusting, n); }

/* The cache knows a file by its identity only once the file is older than
 * any timestamp granularity (2 s, src/cache.c): wait until then, as for any
 * module that is not brand-new. */
static void settle(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) die("stat");
  while (time(NULL) - st.st_ctime <= 2) sleep(1);
}

static void builtin_cache_hit(long n) {
  for (long i = 0; i < n; i++) {
    wta_module_t *m;
    if (W->wasmtime_module_new(ld.builtin, ld.wasm, ld.len, &m)) die("builtin cache compile");
    W->wasmtime_module_delete(m);
  }
}

/* A raw engine with the configuration of g.engine plus Wasmtime's cache. */
static wta_engine_t *builtin_cache_engine(void) {
  FILE *f = fopen(ld.toml, "w");
  if (!f) die("toml");
  fprintf(f, "[cache]\ndirectory = \"%s/builtin\"\n", ld.dir);
  fclose(f);
  wta_config_t *c = W->wasm_config_new();
  W->wasmtime_config_cranelift_opt_level_set(c, WTA_OPT_SPEED);
  wta_error_t *err = W->wasmtime_config_cache_config_load(c, ld.toml);
  if (err) die("wasmtime_config_cache_config_load");
  return W->wasm_engine_new_with_config(c);
}

/* A row whose keys carry the size ("compile_large"); names are kept. */
static void load_row(const char *size, const char *name, const char *text, loop_fn fn, int reps) {
  char key[64], label[80];
  snprintf(key, sizeof key, "%s_%s", name, size);
  snprintf(label, sizeof label, "%s (%s)", text, size);
  row(strdup(key), strdup(label), fn, reps);
}

/* A wt load measured in a pair with raw deserialize_file. */
static void raw_deserialize_file(long n);
static void load_pair(const char *size, const char *name, const char *text, loop_fn fn) {
  char key[64], label[80], b[64], blabel[80];
  snprintf(key, sizeof key, "%s_%s", name, size);
  snprintf(label, sizeof label, "%s (%s)", text, size);
  snprintf(b, sizeof b, "deserialize_file_%s", size);
  snprintf(blabel, sizeof blabel, "raw wasmtime_module_deserialize_file (%s)", size);
  pair(strdup(b), strdup(blabel), raw_deserialize_file, strdup(key), strdup(label), fn);
}

/* One module's rows. `functions` is for the heading. */
static void load_case(const char *size, const char *wat, int functions) {
  uint8_t *wasm;
  wt_module *m;
  OK(wt_wat_to_wasm(wat, strlen(wat), &wasm, &ld.len));
  ld.wasm = wasm;
  FILE *wf = fopen(ld.wasm_path, "wb");
  if (!wf || fwrite(wasm, 1, ld.len, wf) != ld.len || fclose(wf) != 0) die("writing the wasm file");
  /* The wt cache's first load is a miss: it compiles and stores the entry.
   * Its module, of an engine configured as g.engine, is also the .cwasm of
   * the deserialize_file rows (a compile fewer: the many-function module
   * takes seconds). */
  OK(wt_module_new(ld.cached, wasm, ld.len, &m));
  OK(wt_module_serialize_file(m, ld.cwasm));
  wt_module_delete(m);
  struct stat st;
  stat(ld.cwasm, &st);
  printf("\n4. module load, %s: %zu bytes of wasm, %d functions, %lld bytes compiled\n", size, ld.len, functions,
         (long long)st.st_size);
  /* Compiling the large module takes ~0.7 s, the many-function one ~2 s:
   * fewer repetitions (the bench's total time). */
  int reps = !strcmp(size, "small") ? REPS : !strcmp(size, "large") ? 5 : 3;
  builtin_cache_hit(1); /* a miss too */
  load_row(size, "compile", "raw wasmtime_module_new (compile)", raw_compile, reps);
  load_row(size, "deserialize_file", "raw wasmtime_module_deserialize_file", raw_deserialize_file, REPS);
  load_pair(size, "wt_cache_hit", "wt cache hit (wt_module_new)", wt_cache_hit);
  load_pair(size, "wt_file_hit", "wt cache hit (wt_module_from_file)", wt_file_hit);
  settle(ld.wasm_path);
  wt_trusted_file_hit(1); /* a verified hit that records the file */
  load_pair(size, "wt_trusted_file_hit", "wt cache hit (from_file, trust_files)", wt_trusted_file_hit);
  /* Last: Wasmtime's cache worker thread goes on writing its statistics
   * after the hits (a wt row measured right after this one ran up to 2x
   * slower on 2 cores), so it gets time to finish before the next row. */
  load_row(size, "builtin_cache_hit", "Wasmtime's cache hit (module_new)", builtin_cache_hit, REPS);
  usleep(500 * 1000);
  free(wasm);
}

static void bench_load(void) {
  snprintf(ld.dir, sizeof ld.dir, "/tmp/wt-bench-XXXXXX");
  if (!mkdtemp(ld.dir)) die("mkdtemp");
  snprintf(ld.cwasm, sizeof ld.cwasm, "%s/module.cwasm", ld.dir);
  snprintf(ld.toml, sizeof ld.toml, "%s/cache.toml", ld.dir);
  snprintf(ld.wasm_path, sizeof ld.wasm_path, "%s/module.wasm", ld.dir);
  char cdir[96];
  snprintf(cdir, sizeof cdir, "%s/wt", ld.dir);
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.cache = true;
  o.cache_dir = cdir;
  OK(wt_engine_new(&o, &ld.cached));
  o.cache_trust_files = true;
  OK(wt_engine_new(&o, &ld.trusting));
  ld.builtin = builtin_cache_engine();
  /* WT_BENCH_LARGE and WT_BENCH_MANY="functions,steps" while tuning. The
   * many-function module is ~2 MB as the large one, in 15,001 small
   * exported functions (as an outside harness measured: issue 16). */
  int nf = 600, ops = 160, mf = 15001, mops = 5;
  if (getenv("WT_BENCH_LARGE")) sscanf(getenv("WT_BENCH_LARGE"), "%d,%d", &nf, &ops);
  if (getenv("WT_BENCH_MANY")) sscanf(getenv("WT_BENCH_MANY"), "%d,%d", &mf, &mops);
  const struct { const char *size; int functions, steps; } cases[] = {{"small", 10, 20}, {"large", nf, ops},
                                                                      {"many", mf, mops}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *wat = gen_wat(cases[i].functions, cases[i].steps);
    load_case(cases[i].size, wat, cases[i].functions);
    free(wat);
  }
  wt_cache_stats cs;
  OK(wt_engine_cache_stats(ld.cached, &cs));
  wt_cache_stats ts;
  OK(wt_engine_cache_stats(ld.trusting, &ts));
  printf("  (wt cache: %llu hits, %llu misses, %llu entries, %llu bytes; trusting engine: %llu hits by file identity)\n",
         (unsigned long long)cs.hits, (unsigned long long)cs.misses, (unsigned long long)cs.entries,
         (unsigned long long)cs.bytes, (unsigned long long)ts.file_hits);
  wt_engine_delete(ld.cached);
  wt_engine_delete(ld.trusting);
  W->wasm_engine_delete(ld.builtin);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", ld.dir);
  if (system(cmd) != 0) fprintf(stderr, "bench: could not remove %s\n", ld.dir);
}

/* ====================================================================
 * 5. instantiation: a store per instance, memory + data segments
 * ==================================================================== */

static struct {
  wt_engine *engine;       /* g.engine or the pooling engine */
  wt_module *module;
  wt_linker *linker;
  wt_instance_pre *pre;
  wta_linker_t *raw_linker;
  wta_instance_pre_t *raw_pre;
} in;

static char *data_wat(void) {
  char *w = malloc(64 * 1100 + 512), *p = w;
  p += sprintf(p, "(module (memory (export \"mem\") 4) (global (mut i32) (i32.const 0)) (table 16 funcref)"
                  " (func (export \"f\") (result i32) (i32.load (i32.const 64)))");
  for (int i = 0; i < 64; i++) {
    p += sprintf(p, " (data (i32.const %d) \"", i * 4096);
    for (int j = 0; j < 256; j++) p += sprintf(p, "%c", 'a' + (i + j) % 26);
    p += sprintf(p, "\")");
  }
  sprintf(p, ")");
  return w;
}

static void raw_instantiate_with(bool pre, long n) {
  for (long i = 0; i < n; i++) {
    wta_store_t *s = W->wasmtime_store_new(in.engine->e, NULL, NULL);
    wta_context_t *c = W->wasmtime_store_context(s);
    wta_instance_t inst;
    wta_trap_t *trap = NULL;
    wta_error_t *err = pre ? W->wasmtime_instance_pre_instantiate(in.raw_pre, c, &inst, &trap)
                           : W->wasmtime_linker_instantiate(in.raw_linker, c, in.module->m, &inst, &trap);
    if (err || trap) die("raw instantiate");
    W->wasmtime_store_delete(s);
  }
}
static void raw_linker_inst(long n) { raw_instantiate_with(false, n); }
static void raw_pre_inst(long n) { raw_instantiate_with(true, n); }

static void wt_instantiate_with(bool pre, long n) {
  for (long i = 0; i < n; i++) {
    wt_store *s;
    wt_instance inst;
    OK(wt_store_new(in.engine, NULL, NULL, &s));
    if (pre) OK(wt_instance_pre_instantiate(in.pre, wt_store_context(s), &inst));
    else OK(wt_linker_instantiate(in.linker, wt_store_context(s), in.module, &inst));
    wt_store_delete(s);
  }
}
static void wt_linker_inst(long n) { wt_instantiate_with(false, n); }
static void wt_pre_inst(long n) { wt_instantiate_with(true, n); }

static void inst_setup(wt_engine *e, const char *wat) {
  in.engine = e;
  in.module = module_wat(e, wat);
  OK(wt_linker_new(e, &in.linker));
  OK(wt_linker_instantiate_pre(in.linker, in.module, &in.pre));
  in.raw_linker = W->wasmtime_linker_new(e->e);
  if (W->wasmtime_linker_instantiate_pre(in.raw_linker, in.module->m, &in.raw_pre)) die("raw pre");
}

static void inst_teardown(void) {
  W->wasmtime_instance_pre_delete(in.raw_pre);
  W->wasmtime_linker_delete(in.raw_linker);
  wt_instance_pre_delete(in.pre);
  wt_linker_delete(in.linker);
  wt_module_delete(in.module);
}

static void first(const char *key, const char *label, const char *base, loop_fn fn) {
  double t0 = now_ns();
  fn(1);
  record(key, label, base, now_ns() - t0);
}

static void bench_instantiate(void) {
  char *wat = data_wat();
  printf("\n5. instantiation (new store + instantiate + store delete; 4 pages, 64 data segments)\n");
  inst_setup(g.engine, wat);
  first("raw_pre_first", "raw InstancePre, first", NULL, raw_pre_inst);
  first("wt_pre_first", "wt_instance_pre_instantiate, first", "raw_pre_first", wt_pre_inst);
  pair("raw_linker_instantiate", "raw wasmtime_linker_instantiate", raw_linker_inst, "wt_linker_instantiate",
       "wt_linker_instantiate", wt_linker_inst);
  pair("raw_pre_instantiate", "raw InstancePre", raw_pre_inst, "wt_pre_instantiate", "wt_instance_pre_instantiate",
       wt_pre_inst);
  inst_teardown();
  wt_engine_options o;
  wt_engine *pool;
  wt_engine_options_init(&o);
  o.pooling = true;
  if (wt_engine_new(&o, &pool) != WT_OK) {
    printf("  pooling: SKIPPED (%s)\n", wt_errmsg());
  } else {
    inst_setup(pool, wat);
    pair("raw_pre_pooling", "raw InstancePre + pooling", raw_pre_inst, "wt_pre_pooling",
         "wt_instance_pre_instantiate + pooling", wt_pre_inst);
    inst_teardown();
    wt_engine_delete(pool);
  }
  free(wat);
}

/* ====================================================================
 * 7. component calls: f64 -> f64 and string -> string, wt_cfunc_call
 *    against the raw wasmtime_component_func_call
 * ==================================================================== */

/* The raw side is written against the official headers of the pinned
 * Wasmtime (the bench is built with -I$(DEPS)/include), with each function
 * looked up in the library wt loaded: one engine, one store, one component,
 * two instances of it. A raw caller passes borrowed arguments, initialises
 * the result (49 and later need it), reads it and frees what it owns
 * (wasmtime_component_val_delete); post-return runs inside the call since
 * 50, where wasmtime_component_func_post_return is a no-op. The layouts are
 * those of the headers' major: with another major loaded (WT_WASMTIME_LIB)
 * the section is SKIPPED. */
static const char COMPONENT_WAT[] =
    "(component"
    "  (core module $m"
    "    (memory (export \"memory\") 1)"
    "    (data (i32.const 0) \"Hello, \")"
    "    (global $top (mut i32) (i32.const 1024))"
    "    (func $alloc (export \"realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32)"
    "      (local.set $p (i32.and (i32.add (global.get $top) (i32.sub (local.get 2) (i32.const 1)))"
    "                             (i32.sub (i32.const 0) (local.get 2))))"
    "      (global.set $top (i32.add (local.get $p) (local.get 3)))"
    "      (if (i32.gt_u (global.get $top) (i32.const 65536)) (then unreachable))"
    "      (local.get $p))"
    "    (func (export \"inc\") (param f64) (result f64) (f64.add (local.get 0) (f64.const 1)))"
    "    (func (export \"greet\") (param $s i32) (param $n i32) (result i32) (local $o i32)"
    "      (local.set $o (call $alloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $n) (i32.const 8))))"
    "      (memory.copy (local.get $o) (i32.const 0) (i32.const 7))"
    "      (memory.copy (i32.add (local.get $o) (i32.const 7)) (local.get $s) (local.get $n))"
    "      (i32.store8 (i32.add (local.get $o) (i32.add (local.get $n) (i32.const 7))) (i32.const 33))"
    "      (i32.store (i32.const 16) (local.get $o))"
    "      (i32.store (i32.const 20) (i32.add (local.get $n) (i32.const 8)))"
    "      (i32.const 16))"
    "    (func (export \"free\") (param i32) (global.set $top (i32.const 1024))))"
    "  (core instance $i (instantiate $m))"
    "  (func (export \"inc\") (param \"x\" f64) (result f64) (canon lift (core func $i \"inc\")))"
    "  (func (export \"greet\") (param \"name\" string) (result string)"
    "    (canon lift (core func $i \"greet\") (memory (core memory $i \"memory\"))"
    "      (realloc (core func $i \"realloc\")) (post-return (core func $i \"free\")))))";

static struct {
  __typeof__(wasmtime_component_func_call) *call;
  __typeof__(wasmtime_component_val_delete) *val_delete;
  wasmtime_context_t *cx;
  wasmtime_component_func_t inc, greet;
  wt_cfunc *wt_inc, *wt_greet;
} cc;

static const char NAME[] = "wt";

LOOP raw_component_f64(long n) {
  wasmtime_component_val_t arg = {.kind = WASMTIME_COMPONENT_F64}, res;
  for (long i = 0; i < n; i++) {
    arg.of.f64 = (double)i;
    res.kind = WASMTIME_COMPONENT_BOOL;
    if (cc.call(&cc.inc, cc.cx, &arg, 1, &res, 1) || res.kind != WASMTIME_COMPONENT_F64) die("raw component call");
    g.sink += (int64_t)res.of.f64;
  }
}

LOOP wt_component_f64(long n) {
  for (long i = 0; i < n; i++) {
    wt_cval arg = wt_cval_f64((double)i), res;
    if (wt_cfunc_call(g.cx, cc.wt_inc, &arg, 1, &res)) die("wt_cfunc_call");
    g.sink += (int64_t)res.of.f64;
  }
}

LOOP raw_component_string(long n) {
  wasmtime_component_val_t arg = {.kind = WASMTIME_COMPONENT_STRING}, res;
  arg.of.string.size = sizeof NAME - 1;
  arg.of.string.data = (char *)NAME;
  for (long i = 0; i < n; i++) {
    res.kind = WASMTIME_COMPONENT_BOOL;
    if (cc.call(&cc.greet, cc.cx, &arg, 1, &res, 1) || res.kind != WASMTIME_COMPONENT_STRING)
      die("raw component call");
    g.sink += res.of.string.data[7];
    cc.val_delete(&res);
  }
}

LOOP wt_component_string(long n) {
  wt_cval arg = wt_cval_string_n(NAME, sizeof NAME - 1), res;
  for (long i = 0; i < n; i++) {
    if (wt_cfunc_call(g.cx, cc.wt_greet, &arg, 1, &res)) die("wt_cfunc_call");
    g.sink += res.of.str.ptr[7];
    wt_cval_release(&res);
  }
}

PLACED(raw_component_f64)
PLACED(wt_component_f64)
PLACED(raw_component_string)
PLACED(wt_component_string)

/* A function of the library wt loaded, by name; NULL when it has none. */
static void *raw_sym(const char *name) {
  void *lib = dlopen(wt_library_path(), RTLD_NOW | RTLD_NOLOAD);
  void *f = lib ? dlsym(lib, name) : NULL;
  if (lib) dlclose(lib);
  return f;
}

/* The raw instance's export `name` into *f. */
static void raw_component_func(const wasmtime_component_instance_t *inst, const char *name,
                               wasmtime_component_func_t *f) {
  __typeof__(wasmtime_component_instance_get_export_index) *get_index =
      raw_sym("wasmtime_component_instance_get_export_index");
  __typeof__(wasmtime_component_instance_get_func) *get_func = raw_sym("wasmtime_component_instance_get_func");
  __typeof__(wasmtime_component_export_index_delete) *index_delete = raw_sym("wasmtime_component_export_index_delete");
  if (!get_index || !get_func || !index_delete) die("looking up the raw component functions");
  wasmtime_component_export_index_t *ix = get_index(inst, cc.cx, NULL, name, strlen(name));
  if (!ix || !get_func(inst, cc.cx, ix, f)) die("the raw component export");
  index_delete(ix);
}

static void bench_components(void) {
  printf("\n7. component calls: inc(f64) -> f64, greet(string) -> string (\"wt\" -> \"Hello, wt!\")\n");
  if (atoi(wt_wasmtime_version()) != WASMTIME_VERSION_MAJOR) {
    printf("  components SKIPPED: the raw side is built for Wasmtime %d's layouts, Wasmtime %d is loaded\n",
           WASMTIME_VERSION_MAJOR, atoi(wt_wasmtime_version()));
    return;
  }
  __typeof__(wasmtime_component_linker_new) *linker_new = raw_sym("wasmtime_component_linker_new");
  __typeof__(wasmtime_component_linker_instantiate) *instantiate = raw_sym("wasmtime_component_linker_instantiate");
  __typeof__(wasmtime_component_linker_delete) *linker_delete = raw_sym("wasmtime_component_linker_delete");
  cc.call = raw_sym("wasmtime_component_func_call");
  cc.val_delete = raw_sym("wasmtime_component_val_delete");
  if (!linker_new || !instantiate || !linker_delete || !cc.call || !cc.val_delete)
    die("looking up the raw component functions");
  cc.cx = (wasmtime_context_t *)CX(g.cx);

  wt_component *c;
  OK(wt_component_from_wat(g.engine, COMPONENT_WAT, strlen(COMPONENT_WAT), &c));
  wasmtime_component_linker_t *rl = linker_new((const wasm_engine_t *)g.engine->e);
  wasmtime_component_instance_t rinst;
  if (instantiate(rl, cc.cx, (const wasmtime_component_t *)c->c, &rinst)) die("raw component instantiate");
  linker_delete(rl);
  raw_component_func(&rinst, "inc", &cc.inc);
  raw_component_func(&rinst, "greet", &cc.greet);

  wt_clinker *wl;
  wt_cinstance winst;
  OK(wt_clinker_new(g.engine, &wl));
  OK(wt_clinker_instantiate(wl, g.cx, c, &winst));
  OK(wt_cinstance_get_func(g.cx, &winst, "inc", &cc.wt_inc));
  OK(wt_cinstance_get_func(g.cx, &winst, "greet", &cc.wt_greet));
  wt_clinker_delete(wl);

  pair_at("raw_component_f64", "raw wasmtime_component_func_call  inc", raw_component_f64_at, "wt_component_f64",
          "wt_cfunc_call                    inc", wt_component_f64_at, PLACES);
  pair_at("raw_component_string", "raw wasmtime_component_func_call  greet", raw_component_string_at,
          "wt_component_string", "wt_cfunc_call                    greet", wt_component_string_at, PLACES);
  wt_cfunc_delete(cc.wt_inc);
  wt_cfunc_delete(cc.wt_greet);
  wt_component_delete(c);
}

/* ====================================================================
 * report
 * ==================================================================== */

static const struct { const char *name, *num, *den; double target; } ratios[] = {
    {"typed_call_vs_raw_unchecked", "wt_typed_add", "raw_unchecked_add", 1.05},
    {"typed_call_reused_args_vs_raw_unchecked", "wt_typed_add_reused", "raw_unchecked_add", 0}, /* no target */
    {"typed_call_exported_vs_raw_unchecked", "wt_typed_add_exported", "raw_unchecked_add", 1.05},
    {"typed_call_exported_reused_args_vs_raw_unchecked", "wt_typed_add_exported_reused", "raw_unchecked_add", 0},
    {"typed_call_exported_floor_vs_raw_unchecked", "bare_wrapped_add", "raw_unchecked_add", 0}, /* information */
    {"raw_call_vs_raw_unchecked", "wt_raw_add", "raw_unchecked_add", 0}, /* no target */
    {"raw_call_exported_vs_raw_unchecked", "wt_raw_add_exported", "raw_unchecked_add", 0}, /* information */
    {"generic_call_vs_raw_call", "wt_generic_add", "raw_call_add", 1.05},
    {"typed_nop_call_vs_raw_unchecked", "wt_typed_nop", "raw_unchecked_nop", 0}, /* no target */
    /* Section 1's loops again, plain: one copy, one stack depth (no targets). */
    {"typed_call_vs_raw_unchecked_plain", "wt_typed_add_plain", "raw_unchecked_add_plain", 0},
    {"typed_call_reused_args_vs_raw_unchecked_plain", "wt_typed_add_reused_plain", "raw_unchecked_add_plain", 0},
    {"typed_call_exported_vs_raw_unchecked_plain", "wt_typed_add_exported_plain", "raw_unchecked_add_plain", 0},
    {"typed_call_exported_reused_args_vs_raw_unchecked_plain", "wt_typed_add_exported_reused_plain",
     "raw_unchecked_add_plain", 0},
    {"raw_call_vs_raw_unchecked_plain", "wt_raw_add_plain", "raw_unchecked_add_plain", 0},
    {"raw_call_exported_vs_raw_unchecked_plain", "wt_raw_add_exported_plain", "raw_unchecked_add_plain", 0},
    {"generic_call_vs_raw_call_plain", "wt_generic_add_plain", "raw_call_add_plain", 0},
    {"typed_nop_call_vs_raw_unchecked_plain", "wt_typed_nop_plain", "raw_unchecked_nop_plain", 0},
    {"host_call_vs_raw_unchecked", "wt_host_raw_call", "raw_host_unchecked", 1.10},
    {"host_call_wt_val_vs_raw_unchecked", "wt_host_adapted_call", "raw_host_unchecked", 1.15},
    {"host_call_wt_val_pointer_vs_raw_unchecked", "wt_host_call", "raw_host_unchecked", 0}, /* information */
    {"host_call_func_new_adapted_vs_raw_unchecked", "wt_host_new_adapted_call", "raw_host_unchecked", 0}, /* information */
    {"host_call_func_new_vs_raw_unchecked", "wt_host_new_call", "raw_host_unchecked", 0}, /* information */
    {"host_call_floor_vs_raw_unchecked", "raw_host_one_call", "raw_host_unchecked", 0}, /* information */
    {"memory_i32_pair_vs_direct", "wt_memory_i32", "direct_i32", 3.0},
    {"memory_i64_pair_vs_direct", "wt_memory_i64", "direct_i64", 0}, /* no target */
    {"memory_i32_exported_vs_direct", "wt_memory_i32_exported", "direct_i32", 0}, /* no target */
    {"cache_hit_vs_deserialize_file", "wt_trusted_file_hit_large", "deserialize_file_large", 1.25},
    {"cache_hit_file_verified_vs_deserialize_file", "wt_file_hit_large", "deserialize_file_large", 0}, /* no target */
    {"cache_hit_bytes_vs_deserialize_file", "wt_cache_hit_large", "deserialize_file_large", 0}, /* no target */
    {"cache_hit_vs_builtin_cache", "wt_cache_hit_large", "builtin_cache_hit_large", 0.20},
    {"cache_hit_file_verified_vs_builtin_cache", "wt_file_hit_large", "builtin_cache_hit_large", 0.20},
    {"cache_hit_vs_compile", "wt_cache_hit_large", "compile_large", 0.02},
    /* The ~2 MB module of 15,001 small functions (section 4, "many"): information. */
    {"cache_hit_vs_deserialize_file_many", "wt_trusted_file_hit_many", "deserialize_file_many", 0},
    {"cache_hit_file_verified_vs_deserialize_file_many", "wt_file_hit_many", "deserialize_file_many", 0},
    {"cache_hit_bytes_vs_deserialize_file_many", "wt_cache_hit_many", "deserialize_file_many", 0},
    {"cache_hit_vs_builtin_cache_many", "wt_cache_hit_many", "builtin_cache_hit_many", 0},
    {"cache_hit_file_verified_vs_builtin_cache_many", "wt_file_hit_many", "builtin_cache_hit_many", 0},
    {"cache_hit_vs_compile_many", "wt_cache_hit_many", "compile_many", 0},
    {"instantiate_vs_raw_pre", "wt_pre_instantiate", "raw_pre_instantiate", 1.10},
    {"component_f64_call_vs_raw", "wt_component_f64", "raw_component_f64", 1.10},
    {"component_string_call_vs_raw", "wt_component_string", "raw_component_string", 1.10},
    {"two_threads_vs_one_thread", "two_threads", "one_thread", 0}, /* information: no contention */
};
#define NRATIOS (sizeof ratios / sizeof ratios[0])

/* A ratio whose figures were not measured (WT_BENCH_ONLY, WT_BENCH_ROW) is left out. */
static bool measured(size_t i) { return fig(ratios[i].num) > 0 && fig(ratios[i].den) > 0; }

/* ---- 6. interrupts ---- */

/* How long wt_store_interrupt takes to stop a guest spinning in a loop on
 * another thread: from just before the call to the moment the stopped call
 * has returned to its thread. Information (no baseline: Wasmtime's C API
 * has no per-store interrupt); median of 41 stops, with the spread. */
typedef struct spinner {
  wt_context *cx;
  wt_func spin;
  volatile int state; /* 1: about to call, 2: returned */
  int64_t returned_ns;
} spinner;

static int64_t mono_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void *spin_main(void *arg) {
  spinner *s = arg;
  __atomic_store_n(&s->state, 1, __ATOMIC_RELEASE);
  if (wt_func_call(s->cx, &s->spin, NULL, 0, NULL, 0) != WT_INTERRUPTED) die("spin (interrupted)");
  s->returned_ns = mono_ns();
  __atomic_store_n(&s->state, 2, __ATOMIC_RELEASE);
  return NULL;
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static void bench_interrupt(void) {
  enum { N = 41 };
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  wt_engine *e;
  wt_store *st;
  wt_linker *l;
  OK(wt_engine_new(&o, &e));
  OK(wt_store_new(e, NULL, NULL, &st));
  OK(wt_linker_new(e, &l));
  wt_module *m = module_wat(e, "(module (global $n (mut i32) (i32.const 0)) (func (export \"spin\")"
                                 " (loop (global.set $n (i32.add (global.get $n) (i32.const 1))) (br 0))))");
  spinner s = {wt_store_context(st), {{0}}, 0, 0};
  wt_instance inst;
  OK(wt_linker_instantiate(l, s.cx, m, &inst));
  OK(wt_instance_get_func(s.cx, &inst, "spin", &s.spin));
  int64_t lat[N];
  printf("6. interrupts (another thread stops a spinning guest)\n");
  for (int i = 0; i < N; i++) {
    pthread_t t;
    s.state = 0;
    if (pthread_create(&t, NULL, spin_main, &s)) die("pthread_create");
    while (__atomic_load_n(&s.state, __ATOMIC_ACQUIRE) != 1) sched_yield();
    struct timespec pause = {0, 2000000}; /* the guest is in its loop by then */
    nanosleep(&pause, NULL);
    int64_t t0 = mono_ns();
    OK(wt_store_interrupt(st));
    pthread_join(t, NULL);
    lat[i] = s.returned_ns - t0;
  }
  qsort(lat, N, sizeof lat[0], cmp_i64);
  printf("  %-46s %12.1f ns   (information; min %.1f, max %.1f us)\n", "wt_store_interrupt -> call returned",
         (double)lat[N / 2], (double)lat[0] / 1e3, (double)lat[N - 1] / 1e3);
  figs[nfigs++] = (figure){"interrupt_latency", "wt_store_interrupt -> call returned", NULL, (double)lat[N / 2], 0, 0, 0,
                           (double)lat[0], (double)lat[N - 1]};
  wt_module_delete(m);
  wt_linker_delete(l);
  wt_store_delete(st);
  wt_engine_delete(e);
}

/* ---- 8. threads ---- */

/* Two threads, a store each, against one: each iteration a typed call of
 * `add` and an i32 read + write through the memory helpers, in a store of
 * the thread's own (one engine, one module). The figure is wall time per
 * iteration of one thread; two threads on two idle cores should take what
 * one takes (no lock, no shared line written per call). Information. */
typedef struct worker {
  wt_store *st;
  wt_context *cx;
  wt_func add;
  wt_memory mem;
  long n;
  volatile int *go;
  int32_t sink;
} worker;

static void work(worker *w) {
  int32_t acc = 0, v;
  for (long i = 0; i < w->n; i++) {
    int32_t r;
    if (wt_func_call_i32(w->cx, &w->add, (wt_val[]){wt_val_i32((int32_t)i), wt_val_i32(acc)}, 2, &r)) die("thread add");
    if (wt_memory_write_i32(w->cx, &w->mem, 64, r) || wt_memory_read_i32(w->cx, &w->mem, 64, &v)) die("thread memory");
    acc = v & 0xff;
  }
  w->sink = acc;
}

static void *worker_main(void *arg) {
  worker *w = arg;
  while (!__atomic_load_n(w->go, __ATOMIC_ACQUIRE)) sched_yield();
  work(w);
  return NULL;
}

/* Wall ns per iteration of `threads` workers running at once (1 or 2). */
static double threads_run(worker *w, int threads) {
  volatile int go = 0;
  pthread_t t[2];
  for (int i = 0; i < threads; i++) {
    w[i].go = &go;
    if (pthread_create(&t[i], NULL, worker_main, &w[i])) die("pthread_create");
  }
  int64_t t0 = mono_ns();
  __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  return (double)(mono_ns() - t0) / (double)w[0].n;
}

static void bench_threads(void) {
  wt_linker *l;
  OK(wt_linker_new(g.engine, &l));
  wt_module *m = module_wat(g.engine, CALLS_WAT);
  worker w[2];
  for (int i = 0; i < 2; i++) {
    wt_instance inst;
    memset(&w[i], 0, sizeof w[i]);
    OK(wt_store_new(g.engine, NULL, NULL, &w[i].st));
    w[i].cx = wt_store_context(w[i].st);
    OK(wt_linker_instantiate(l, w[i].cx, m, &inst));
    OK(wt_instance_get_func(w[i].cx, &inst, "add", &w[i].add));
    OK(wt_instance_get_memory(w[i].cx, &inst, "mem", &w[i].mem));
  }
  w[0].n = w[1].n = 1 << 16;
  double one = threads_run(w, 1); /* warm-up, then about 40 ms a run */
  w[0].n = w[1].n = (long)(40e6 / (one > 1 ? one : 1));
  double r1[REPS], r2[REPS], x[REPS];
  for (int rep = 0; rep < REPS; rep++) {
    r1[rep] = threads_run(w, 1);
    r2[rep] = threads_run(w, 2);
    x[rep] = r2[rep] / r1[rep];
  }
  double lo1 = r1[0], hi1 = r1[0], lo2 = r2[0], hi2 = r2[0], lo = x[0], hi = x[0];
  for (int rep = 1; rep < REPS; rep++) {
    lo1 = r1[rep] < lo1 ? r1[rep] : lo1, hi1 = r1[rep] > hi1 ? r1[rep] : hi1;
    lo2 = r2[rep] < lo2 ? r2[rep] : lo2, hi2 = r2[rep] > hi2 ? r2[rep] : hi2;
    lo = x[rep] < lo ? x[rep] : lo, hi = x[rep] > hi ? x[rep] : hi;
  }
  double m1 = median(r1, REPS), m2 = median(r2, REPS), mx = median(x, REPS);
  printf("\n8. threads: a typed call and a memory read + write per iteration, a store per thread\n");
  figs[nfigs++] = (figure){"one_thread", "one thread", NULL, m1, 0, 0, 0, lo1, hi1};
  figs[nfigs++] = (figure){"two_threads", "two threads at once (wall, per thread)", "one_thread", m2, mx, lo, hi, lo2, hi2};
  printf("  %-46s %12.1f ns   (baseline)\n", "one thread", m1);
  printf("  %-46s %12.1f ns   x%.3f  (repetitions %.3f..%.3f)\n", "two threads at once (wall, per thread)", m2, mx, lo,
         hi);
  for (int i = 0; i < 2; i++) g.sink += w[i].sink, wt_store_delete(w[i].st);
  wt_module_delete(m);
  wt_linker_delete(l);
}

static int report(const char *json) {
  FILE *f = fopen(json, "w");
  int missed = 0;
  if (!f) { perror(json); return 1; }
  printf("\nratios (target)\n");
  fprintf(f, "{\n  \"wasmtime\": \"%s\",\n", wt_wasmtime_version());
  for (size_t i = 0; i < NRATIOS; i++) {
    if (!measured(i)) continue;
    double r = ratio(ratios[i].num, ratios[i].den);
    bool ok = r <= ratios[i].target, info = ratios[i].target <= 0;
    missed += !ok && !info;
    double lo, hi;
    char sp[64] = "";
    if (spread(ratios[i].num, ratios[i].den, &lo, &hi)) /* "figures" when measured apart (see spread) */
      snprintf(sp, sizeof sp, "  %s %.4g..%.4g", paired(ratios[i].num, ratios[i].den) ? "repetitions" : "figures",
               lo, hi);
    if (info) printf("  %-32s %8.4f  (information)%s\n", ratios[i].name, r, sp);
    else printf("  %-32s %8.4f  (<= %.2f) %s%s\n", ratios[i].name, r, ratios[i].target, ok ? "ok" : "MISSED", sp);
    fprintf(f, "  \"%s\": %.4f,\n", ratios[i].name, r);
  }
  fprintf(f, "  \"spread\": {"); /* every ratio: its smallest and largest over the repetitions (see spread) */
  for (size_t i = 0, n = 0; i < NRATIOS; i++) {
    double lo, hi;
    if (measured(i) && spread(ratios[i].num, ratios[i].den, &lo, &hi))
      fprintf(f, "%s\"%s\": [%.4g, %.4g]", n++ ? ", " : "", ratios[i].name, lo, hi);
  }
  fprintf(f, "},\n");
  fprintf(f, "  \"targets\": {");
  for (size_t i = 0, n = 0; i < NRATIOS; i++)
    if (ratios[i].target > 0 && measured(i))
      fprintf(f, "%s\"%s\": %.2f", n++ ? ", " : "", ratios[i].name, ratios[i].target);
  fprintf(f, "},\n  \"ns\": {\n");
  for (int i = 0, n = 0; i < nfigs; i++) /* a baseline of several pairs: its first figure */
    if (find(figs[i].key) == &figs[i])
      fprintf(f, "%s    \"%s\": %.1f", n++ ? ",\n" : "", figs[i].key, figs[i].ns);
  fprintf(f, "\n");
  fprintf(f, "  }\n}\n");
  fclose(f);
  size_t targets = 0;
  for (size_t i = 0; i < NRATIOS; i++) targets += ratios[i].target > 0 && measured(i);
  printf("%zu of %zu targets met; wrote %s\n", targets - (size_t)missed, targets, json);
  return 0;
}

int main(int argc, char **argv) {
  const char *json = argc > 1 ? argv[1] : "build/bench.json";
  g.mem = (wt_memory){{0}};
  wt_linker *l;
  OK(wt_engine_new(NULL, &g.engine));
  OK(wt_store_new(g.engine, NULL, NULL, &g.store));
  g.cx = wt_store_context(g.store);
  OK(wt_linker_new(g.engine, &l));
  printf("wt benchmarks: Wasmtime %s (%s), median of %d runs, ns per operation, x = ratio to raw\n",
         wt_wasmtime_version(), wt_library_path(), REPS);
  /* WT_BENCH_STACK_SHIFT=bytes moves every loop's stack down (16-byte
   * steps), as another process start may place it (scripts/bench-starts.py). */
  size_t shift = getenv("WT_BENCH_STACK_SHIFT") ? (size_t)atol(getenv("WT_BENCH_STACK_SHIFT")) % 65536 : 0;
  volatile char *moved = alloca(shift + 1);
  moved[0] = 0;
  const char *only = getenv("WT_BENCH_ONLY"); /* e.g. "12": sections 1 and 2 (while tuning) */
  if (!only || strchr(only, '1')) bench_calls(l);
  if (!only || strchr(only, '2')) bench_host_calls();
  if (!only || strchr(only, '3')) bench_memory(l);
  if (!only || strchr(only, '4')) bench_load();
  if (!only || strchr(only, '5')) bench_instantiate();
  if (!only || strchr(only, '6')) bench_interrupt();
  if (!only || strchr(only, '7')) bench_components();
  if (!only || strchr(only, '8')) bench_threads();
  int rc = report(json);
  wt_linker_delete(l);
  wt_store_delete(g.store);
  wt_engine_delete(g.engine);
  return rc;
}
