/* stress_threads.c - wt from many threads at once, for ThreadSanitizer
 * (`make tsan`; it runs in any build). Only the public API of wt.h:
 *   init_race            threads race for the first load (wt_init, wt_engine_new),
 *   init_race_processes  here and again in fresh processes (this program re-run)
 *   shared_engine        8 threads, one engine, module and linker (host
 *                        functions), each thread its own stores: calls, traps,
 *                        per-thread errors, memory; and the first description of
 *                        a module's exports, raced for
 *   cache                the compiled-module cache: two engines on one folder,
 *                        threads loading the same and different modules (bytes,
 *                        WAT, file) while another clears it and reads its stats
 *   timeouts             epoch deadlines firing in several threads at once, the
 *                        ticker started by all of them, a store without one spared
 * Each thread checks its own results. The run ends with "N passed, M failed"
 * (one test per part) and exits non-zero when M > 0. argv[1]: the folder in
 * which the cache test makes its temporary folder (default build/tsan),
 * removed at the end. */
#define _GNU_SOURCE
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wt.h"

/* Wasmtime maps each store's linear memory itself, and a new store's often
 * lands where a deleted one's was - maybe deleted on another thread. TSan
 * sees none of libwasmtime's mmap/munmap (tests/tsan.supp ignores the calls
 * it makes), so host accesses to the old and the new memory (wt_memory_*)
 * would look like a race between the two threads. The mapping is handed
 * over through the kernel: tell TSan so, keyed by the memory's address. */
#if defined(__SANITIZE_THREAD__)
#define STRESS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STRESS_TSAN 1
#endif
#endif
#ifdef STRESS_TSAN
#include <sanitizer/tsan_interface.h>
#define MEMORY_TAKEN(base) __tsan_acquire(base)
#define MEMORY_GIVEN_BACK(base) __tsan_release(base)
#else
#define MEMORY_TAKEN(base) ((void)(base))
#define MEMORY_GIVEN_BACK(base) ((void)(base))
#endif

/* ---- checks that any thread may fail ---- */

static int failures; /* of the current test; atomic */
static char note[256]; /* what the current test did, printed after its name */

#define CHECK(cond)                                                             \
  do {                                                                          \
    if (!(cond)) failed_check(__LINE__, #cond, -1, -1);                         \
  } while (0)
#define CHECK_RC(call, want)                                                    \
  do {                                                                          \
    int rc_ = (call);                                                           \
    if (rc_ != (want)) failed_check(__LINE__, #call, rc_, (want));              \
  } while (0)
#define CHECK_OK(call) CHECK_RC(call, WT_OK)

static void failed_check(int line, const char *what, int rc, int want) {
  int n = __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
  if (n > 20) return; /* a loop that fails keeps its first reports only */
  if (want < 0)
    fprintf(stderr, "  stress_threads.c:%d: CHECK(%s) failed (this thread's last wt error: %s)\n", line, what,
            wt_errmsg());
  else
    fprintf(stderr, "  stress_threads.c:%d: %s returned %d (%s), want %d (%s): %s\n", line, what, rc,
            wt_strerror(rc), want, wt_strerror(want), wt_errmsg());
}

/* Runs fn(arg_i) in n threads (arg_i = args + i * size) and joins them. */
static void run_threads(int n, void *(*fn)(void *), void *args, size_t size) {
  pthread_t t[16];
  int started = 0;
  for (int i = 0; i < n && i < 16; i++, started++)
    if (pthread_create(&t[i], NULL, fn, (char *)args + (size_t)i * size) != 0) break;
  CHECK(started == n);
  for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(long ms) { nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL); }

/* Instantiates m in a new store with linker l (NULL: an empty one of e's). */
typedef struct guest { wt_store *store; wt_context *cx; wt_linker *own; wt_instance inst; } guest;

static int guest_open(guest *g, wt_engine *e, const wt_linker *l, const wt_module *m) {
  int rc;
  memset(g, 0, sizeof *g);
  if ((rc = wt_store_new(e, NULL, NULL, &g->store))) return rc;
  g->cx = wt_store_context(g->store);
  if (!l && (rc = wt_linker_new(e, &g->own))) return rc;
  return wt_linker_instantiate(l ? l : g->own, g->cx, m, &g->inst);
}

static void guest_close(guest *g) {
  wt_linker_delete(g->own);
  wt_store_delete(g->store);
  memset(g, 0, sizeof *g);
}

static int32_t call_f(guest *g, const char *name) {
  wt_func f;
  int32_t r = -1;
  if (wt_instance_get_func(g->cx, &g->inst, name, &f) == WT_OK) CHECK_OK(wt_func_call_i32(g->cx, &f, NULL, 0, &r));
  return r;
}

/* ======================================================================
 * init_race: the first use of the library, from 8 threads at once
 * ==================================================================== */

#define INIT_PROCESSES 6

static const char CONST_WAT[] = "(module (func (export \"f\") (result i32) i32.const %d))";
static pthread_barrier_t init_line;

static void *init_thread(void *arg) {
  int id = *(int *)arg;
  wt_engine *e = NULL;
  wt_module *m = NULL;
  char wat[128];
  guest g;
  pthread_barrier_wait(&init_line);
  if (id % 4 == 1) CHECK(strlen(wt_wasmtime_version()) > 0); /* races the first load */
  if (id % 2 == 0) CHECK_OK(wt_init(NULL)); /* half load explicitly, half through wt_engine_new */
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK(wt_library_path() != NULL && wt_abi_line() != NULL && wt_has(WT_CAP_WAT));
  CHECK(strcmp(wt_wasmtime_version(), "unknown") != 0); /* loaded: the VERSION read */
  snprintf(wat, sizeof wat, CONST_WAT, 100 + id);
  if (e) CHECK_OK(wt_module_from_wat(e, wat, strlen(wat), &m));
  if (m) {
    CHECK_OK(guest_open(&g, e, NULL, m));
    CHECK(call_f(&g, "f") == 100 + id);
    guest_close(&g);
  }
  wt_module_delete(m);
  wt_engine_delete(e);
  return NULL;
}

static void test_init_race(void) {
  int ids[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  CHECK(wt_library_path() == NULL); /* nothing loaded yet: this must run first */
  pthread_barrier_init(&init_line, NULL, 8);
  run_threads(8, init_thread, ids, sizeof ids[0]);
  pthread_barrier_destroy(&init_line);
  CHECK(wt_library_path() != NULL);
  CHECK_OK(wt_init(NULL));
}

/* ======================================================================
 * shared_engine: one engine, module and linker; each thread its stores
 * ==================================================================== */

static const char CALLS_WAT[] =
    "(module\n"
    "  (import \"env\" \"twice\" (func $twice (param i32) (result i32)))\n"
    "  (import \"env\" \"thrice\" (func $thrice (param i32) (result i32)))\n"
    "  (import \"env\" \"fail\" (func $fail (param i32)))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (global $g (mut i32) (i32.const 0))\n"
    "  (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)\n"
    "  (func (export \"host\") (param i32) (result i32)\n"
    "    local.get 0 call $twice local.get 0 call $thrice i32.add i32.const 1 i32.add)\n"
    "  (func (export \"bump\") (result i32) global.get $g i32.const 1 i32.add global.set $g global.get $g)\n"
    "  (func (export \"div\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)\n"
    "  (func (export \"fail\") (param i32) local.get 0 call $fail)\n"
    "  (func (export \"load\") (param i32) (result i32) local.get 0 i32.load))";
static const char *const CALLS_EXPORTS[] = {"mem", "add", "host", "bump", "div", "fail", "load"};
#define NEXPORTS (sizeof CALLS_EXPORTS / sizeof CALLS_EXPORTS[0])

#define SHARED_THREADS 8
#define SHARED_ITERS 1000
#define DESCRIBE_ROUNDS 40

static long host_calls; /* atomic: calls of the host functions, all threads */

static wt_status host_twice(void *env, wt_caller *c, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)c, (void)nargs, (void)nresults;
  __atomic_add_fetch((long *)env, 1, __ATOMIC_RELAXED);
  results[0] = wt_val_i32(args[0].of.i32 * 2);
  return WT_OK;
}

static wt_trap *host_thrice(void *env, wt_caller *c, wt_raw *slots, size_t n) {
  (void)c, (void)n;
  __atomic_add_fetch((long *)env, 1, __ATOMIC_RELAXED);
  slots[0].i32 *= 3;
  return NULL;
}

static wt_status host_fail(void *env, wt_caller *c, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)nargs, (void)results, (void)nresults;
  return wt_caller_trap(c, "host fail %d", args[0].of.i32);
}

typedef struct shared {
  wt_engine *e;
  wt_linker *l;
  wt_module *m;
  wt_module *fresh[DESCRIBE_ROUNDS]; /* described for the first time by the threads at once */
  pthread_barrier_t line;
} shared;

typedef struct worker { shared *s; int id; } worker;

/* All threads ask a module never described before for its exports. */
static void describe_race(const wt_module *m) {
  wt_export ex;
  char type[64];
  size_t n = 0, ni = 0;
  CHECK_OK(wt_module_export_count(m, &n));
  CHECK(n == NEXPORTS);
  for (size_t i = 0; i < n && i < NEXPORTS; i++) {
    CHECK_OK(wt_module_export_nth(m, i, &ex));
    CHECK(ex.name && !strcmp(ex.name, CALLS_EXPORTS[i]));
  }
  CHECK_OK(wt_module_export_nth(m, 1, &ex));
  wt_extern_type_format(&ex.type, type, sizeof type);
  CHECK(!strcmp(type, "func(i32, i32) -> i32"));
  CHECK_OK(wt_module_import_count(m, &ni));
  CHECK(ni == 3);
}

static void one_store(shared *s, int id, int i) {
  guest g;
  wt_func add, host, bump, div, fail, load;
  wt_memory mem;
  int32_t r = 0;
  int rc = guest_open(&g, s->e, s->l, s->m);
  CHECK_OK(rc);
  if (rc) { guest_close(&g); return; }
  CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "add", &add));
  CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "host", &host));
  CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "bump", &bump));
  CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "div", &div));
  CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "fail", &fail));
  CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "load", &load));
  CHECK_OK(wt_instance_get_memory(g.cx, &g.inst, "mem", &mem));
  size_t size = 0;
  uint8_t *base = wt_memory_data(g.cx, &mem, &size);
  CHECK(base != NULL && size == 65536);
  MEMORY_TAKEN(base);

  wt_val ab[2] = {wt_val_i32(id * 1000), wt_val_i32(i)}; /* the typed (inline) path */
  CHECK_OK(wt_func_call_i32(g.cx, &add, ab, 2, &r));
  CHECK(r == id * 1000 + i);
  wt_val x = wt_val_i32(id + i), res; /* generic path, through both host functions */
  CHECK_OK(wt_func_call(g.cx, &host, &x, 1, &res, 1));
  CHECK(res.kind == WT_I32 && res.of.i32 == 5 * (id + i) + 1);
  for (int k = 1; k <= 3; k++) { /* the raw path; this instance's own global */
    wt_raw v[1] = {{0}};
    CHECK_OK(wt_func_call_raw(g.cx, &bump, v, 1));
    CHECK(v[0].i32 == k);
  }
  wt_val dz[2] = {wt_val_i32(7), wt_val_i32(0)}; /* a trap: this thread's code and message */
  CHECK_RC(wt_func_call_i32(g.cx, &div, dz, 2, &r), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_INTEGER_DIVISION_BY_ZERO && wt_errcode() == WT_TRAP && r == 0);
  char want[64];
  snprintf(want, sizeof want, "host fail %d", id * 100000 + i);
  wt_val fx = wt_val_i32(id * 100000 + i);
  CHECK_RC(wt_func_call_0(g.cx, &fail, &fx, 1), WT_TRAP);
  CHECK(strstr(wt_errmsg(), want) != NULL);
  CHECK(wt_trap_code() == WT_TRAP_NONE);
  int32_t word = id * 7919 + i, back = 0; /* memory: host writes, wasm and host read */
  CHECK_OK(wt_memory_write_i32(g.cx, &mem, 64, word));
  wt_val at = wt_val_i32(64);
  CHECK_OK(wt_func_call_i32(g.cx, &load, &at, 1, &r));
  CHECK_OK(wt_memory_read_i32(g.cx, &mem, 64, &back));
  CHECK(r == word && back == word);
  MEMORY_GIVEN_BACK(base);
  guest_close(&g);
}

static void *shared_thread(void *arg) {
  worker *w = arg;
  shared *s = w->s;
  for (int round = 0; round < DESCRIBE_ROUNDS; round++) {
    pthread_barrier_wait(&s->line);
    if (s->fresh[round]) describe_race(s->fresh[round]);
  }
  for (int i = 0; i < SHARED_ITERS; i++) one_store(s, w->id, i);
  return NULL;
}

static void test_shared_engine(void) {
  static const uint8_t i32[] = {WT_I32};
  shared s;
  worker w[SHARED_THREADS];
  memset(&s, 0, sizeof s);
  CHECK_OK(wt_engine_new(NULL, &s.e));
  if (!s.e) return;
  CHECK_OK(wt_linker_new(s.e, &s.l));
  CHECK_OK(wt_linker_define_func(s.l, "env", "twice", i32, 1, i32, 1, host_twice, &host_calls, NULL));
  CHECK_OK(wt_linker_define_func_raw(s.l, "env", "thrice", i32, 1, i32, 1, host_thrice, &host_calls, NULL));
  CHECK_OK(wt_linker_define_func(s.l, "env", "fail", i32, 1, NULL, 0, host_fail, NULL, NULL));
  CHECK_OK(wt_module_from_wat(s.e, CALLS_WAT, strlen(CALLS_WAT), &s.m));
  for (int r = 0; r < DESCRIBE_ROUNDS; r++) CHECK_OK(wt_module_from_wat(s.e, CALLS_WAT, strlen(CALLS_WAT), &s.fresh[r]));
  if (s.l && s.m) {
    pthread_barrier_init(&s.line, NULL, SHARED_THREADS);
    for (int i = 0; i < SHARED_THREADS; i++) w[i] = (worker){&s, i};
    run_threads(SHARED_THREADS, shared_thread, w, sizeof w[0]);
    pthread_barrier_destroy(&s.line);
    CHECK(__atomic_load_n(&host_calls, __ATOMIC_RELAXED) == 2L * SHARED_THREADS * SHARED_ITERS);
    snprintf(note, sizeof note, "%d threads x %d stores, %ld host calls, %d modules described at once",
             SHARED_THREADS, SHARED_ITERS, host_calls, DESCRIBE_ROUNDS);
  }
  for (int r = 0; r < DESCRIBE_ROUNDS; r++) wt_module_delete(s.fresh[r]);
  wt_module_delete(s.m);
  wt_linker_delete(s.l);
  wt_engine_delete(s.e);
}

/* ======================================================================
 * cache: loads of the same and different modules while the folder is
 * cleared and its statistics read
 * ==================================================================== */

#define CACHE_LOADERS 4
#define CACHE_ITERS 250
#define CACHE_MODULES 5

typedef struct cache_ctx {
  wt_engine *e[2];                /* two engines on one folder, as two processes */
  const char *dir, *file;         /* the cache folder; module 0 as a .wasm file */
  uint8_t *wasm[CACHE_MODULES];
  size_t len[CACHE_MODULES];
  int done;                       /* atomic: the loaders have finished */
  long loads[2];                  /* atomic: loads through each engine */
  long clears;
  pthread_barrier_t line;
} cache_ctx;

typedef struct cache_worker { cache_ctx *c; int id; } cache_worker;

static int value_of(int k) { return 1000 + k; }

/* One load of module k through engine e: by bytes, WAT or file. */
static void cache_load(cache_ctx *c, int which, int k, int how) {
  wt_engine *e = c->e[which];
  wt_module *m = NULL;
  char wat[128];
  guest g;
  if (how == 2 && k == 0) CHECK_OK(wt_module_from_file(e, c->file, &m));
  else if (how == 1) {
    snprintf(wat, sizeof wat, CONST_WAT, value_of(k));
    CHECK_OK(wt_module_from_wat(e, wat, strlen(wat), &m));
  } else CHECK_OK(wt_module_new(e, c->wasm[k], c->len[k], &m));
  __atomic_add_fetch(&c->loads[which], 1, __ATOMIC_RELAXED);
  if (!m) return;
  CHECK_OK(guest_open(&g, e, NULL, m));
  CHECK(call_f(&g, "f") == value_of(k));
  guest_close(&g);
  wt_module_delete(m);
}

static void *loader_thread(void *arg) {
  cache_worker *w = arg;
  cache_ctx *c = w->c;
  pthread_barrier_wait(&c->line);
  for (int i = 0; i < CACHE_ITERS; i++) {
    int k = i % 3 == 0 ? 0                                   /* the same module in every thread */
            : i % 3 == 1 ? 1 + w->id % (CACHE_MODULES - 1)   /* this thread's own */
                         : (i + w->id) % CACHE_MODULES;      /* a rotating one */
    cache_load(c, (i + w->id) % 2, k, (i / 3 + w->id) % 3);
  }
  return NULL;
}

static void *clearer_thread(void *arg) {
  cache_ctx *c = arg;
  uint64_t seen[2] = {0, 0};
  pthread_barrier_wait(&c->line);
  while (!__atomic_load_n(&c->done, __ATOMIC_ACQUIRE)) {
    for (int i = 0; i < 2; i++) {
      wt_cache_stats st;
      CHECK_OK(wt_engine_cache_stats(c->e[i], &st));
      CHECK(st.dir && !strcmp(st.dir, c->dir));
      CHECK(st.hits + st.misses >= seen[i] && st.stores <= st.misses && st.file_hits == 0);
      seen[i] = st.hits + st.misses;
    }
    CHECK_OK(wt_engine_cache_clear(c->e[c->clears % 2]));
    c->clears++;
    sleep_ms(5);
  }
  return NULL;
}

static void *cache_thread(void *arg) {
  cache_worker *w = arg;
  return w->id < CACHE_LOADERS ? loader_thread(w) : clearer_thread(w->c);
}

static char *make_temp(const char *parent, const char *name) {
  size_t n = strlen(parent) + strlen(name) + 16;
  char *d = malloc(n);
  if (!d) return NULL;
  snprintf(d, n, "%s/%s-XXXXXX", parent, name);
  if (!mkdtemp(d)) { free(d); return NULL; }
  char *real = realpath(d, NULL); /* as the cache reports its folder */
  free(d);
  return real;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f) {
  (void)st, (void)flag, (void)f;
  return remove(path);
}

static void test_cache(const char *parent) {
  cache_ctx c;
  cache_worker w[CACHE_LOADERS + 1];
  char file[4200], cdir[4200];
  memset(&c, 0, sizeof c);
  char *top = make_temp(parent, "stress-cache");
  CHECK(top != NULL);
  if (!top) return;
  snprintf(cdir, sizeof cdir, "%s/cache", top);
  snprintf(file, sizeof file, "%s/m0.wasm", top);
  c.dir = cdir;
  c.file = file;
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.cache = true;
  o.cache_dir = cdir;
  CHECK_OK(wt_engine_new(&o, &c.e[0]));
  CHECK_OK(wt_engine_new(&o, &c.e[1]));
  for (int k = 0; k < CACHE_MODULES; k++) {
    char wat[128];
    snprintf(wat, sizeof wat, CONST_WAT, value_of(k));
    CHECK_OK(wt_wat_to_wasm(wat, strlen(wat), &c.wasm[k], &c.len[k]));
  }
  FILE *f = c.wasm[0] ? fopen(file, "wb") : NULL;
  CHECK(f && fwrite(c.wasm[0], 1, c.len[0], f) == c.len[0]);
  if (f) CHECK(fclose(f) == 0);
  if (c.e[0] && c.e[1] && c.wasm[CACHE_MODULES - 1]) {
    pthread_barrier_init(&c.line, NULL, CACHE_LOADERS + 1);
    for (int i = 0; i <= CACHE_LOADERS; i++) w[i] = (cache_worker){&c, i};
    pthread_t clearer;
    int ok = pthread_create(&clearer, NULL, cache_thread, &w[CACHE_LOADERS]) == 0;
    CHECK(ok);
    if (ok) {
      run_threads(CACHE_LOADERS, cache_thread, w, sizeof w[0]);
      __atomic_store_n(&c.done, 1, __ATOMIC_RELEASE);
      pthread_join(clearer, NULL);
      CHECK(c.clears >= 2); /* it ran during the loads */
    }
    pthread_barrier_destroy(&c.line);
    /* every load was a hit or a miss of its engine; then, quiet, a hit */
    for (int i = 0; i < 2; i++) {
      wt_cache_stats st, after;
      CHECK_OK(wt_engine_cache_stats(c.e[i], &st));
      CHECK(st.hits + st.misses == (uint64_t)c.loads[i]);
      cache_load(&c, i, 3, 0);
      cache_load(&c, i, 3, 0);
      CHECK_OK(wt_engine_cache_stats(c.e[i], &after));
      CHECK(after.hits >= st.hits + 1 && after.hits + after.misses == st.hits + st.misses + 2);
    }
    CHECK_OK(wt_engine_cache_clear(c.e[0]));
    wt_cache_stats st;
    CHECK_OK(wt_engine_cache_stats(c.e[1], &st));
    CHECK(st.entries == 0);
    wt_cache_stats a, b;
    CHECK_OK(wt_engine_cache_stats(c.e[0], &a));
    CHECK_OK(wt_engine_cache_stats(c.e[1], &b));
    snprintf(note, sizeof note, "%ld loads: %llu hits, %llu misses, %llu corrupt; %ld clears", c.loads[0] + c.loads[1],
             (unsigned long long)(a.hits + b.hits), (unsigned long long)(a.misses + b.misses),
             (unsigned long long)(a.corrupt + b.corrupt), c.clears);
  }
  for (int k = 0; k < CACHE_MODULES; k++) wt_free(c.wasm[k]);
  wt_engine_delete(c.e[0]);
  wt_engine_delete(c.e[1]);
  CHECK(nftw(top, rm_one, 8, FTW_DEPTH | FTW_PHYS) == 0);
  free(top);
}

/* ======================================================================
 * timeouts: deadlines firing in several threads at once
 * ==================================================================== */

static const char SPIN_WAT[] =
    "(module\n"
    "  (func (export \"spin\") (loop (br 0)))\n"
    "  (func (export \"one\") (result i32) i32.const 1))";

#define SPINNERS 4
#define SPIN_ROUNDS 8

typedef struct spin_ctx { wt_engine *e; wt_module *m; int done, timeouts, calm_calls; pthread_barrier_t line; } spin_ctx;
typedef struct spinner { spin_ctx *c; int id; } spinner;

static void *spin_thread(void *arg) {
  spinner *s = arg;
  guest g;
  wt_func spin;
  int rc = guest_open(&g, s->c->e, NULL, s->c->m);
  CHECK_OK(rc);
  if (!rc) CHECK_OK(wt_instance_get_func(g.cx, &g.inst, "spin", &spin));
  pthread_barrier_wait(&s->c->line);
  if (rc) { guest_close(&g); return NULL; }
  CHECK_OK(wt_store_set_timeout(g.store, 10 + 5 * (uint64_t)s->id)); /* all start the ticker at once */
  for (int r = 0; r < SPIN_ROUNDS; r++) {
    double t0 = now_s();
    int how = (r + s->id) % 3;
    wt_raw v[1] = {{0}};
    rc = how == 0 ? wt_func_call_0(g.cx, &spin, NULL, 0)
         : how == 1 ? wt_func_call(g.cx, &spin, NULL, 0, NULL, 0)
                    : wt_func_call_raw(g.cx, &spin, v, 1);
    CHECK_RC(rc, WT_TIMEOUT);
    CHECK(wt_trap_code() == WT_TRAP_INTERRUPT && strstr(wt_errmsg(), "timeout"));
    CHECK(now_s() - t0 < 30.0);
    __atomic_add_fetch(&s->c->timeouts, 1, __ATOMIC_RELAXED);
    CHECK(call_f(&g, "one") == 1); /* usable at once */
  }
  CHECK_OK(wt_store_set_timeout(g.store, 0));
  CHECK(call_f(&g, "one") == 1);
  guest_close(&g);
  return NULL;
}

/* Meanwhile a store of the same engine without a deadline never stops. */
static void *calm_thread(void *arg) {
  spin_ctx *c = ((spinner *)arg)->c;
  guest g;
  int rc = guest_open(&g, c->e, NULL, c->m), calls = 0;
  CHECK_OK(rc);
  pthread_barrier_wait(&c->line);
  while (!rc && (!__atomic_load_n(&c->done, __ATOMIC_ACQUIRE) || calls < 10)) {
    CHECK(call_f(&g, "one") == 1);
    calls++;
  }
  c->calm_calls = calls;
  guest_close(&g);
  return NULL;
}

static void *timeout_thread(void *arg) {
  spinner *s = arg;
  return s->id < SPINNERS ? spin_thread(s) : calm_thread(s);
}

static void test_timeouts(void) {
  spin_ctx c;
  spinner s[SPINNERS + 1];
  memset(&c, 0, sizeof c);
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  CHECK_OK(wt_engine_new(&o, &c.e));
  if (c.e) CHECK_OK(wt_module_from_wat(c.e, SPIN_WAT, strlen(SPIN_WAT), &c.m));
  if (c.m) {
    pthread_barrier_init(&c.line, NULL, SPINNERS + 1);
    for (int i = 0; i <= SPINNERS; i++) s[i] = (spinner){&c, i};
    pthread_t calm;
    int ok = pthread_create(&calm, NULL, timeout_thread, &s[SPINNERS]) == 0;
    CHECK(ok);
    if (ok) {
      run_threads(SPINNERS, timeout_thread, s, sizeof s[0]);
      __atomic_store_n(&c.done, 1, __ATOMIC_RELEASE);
      pthread_join(calm, NULL);
    }
    pthread_barrier_destroy(&c.line);
    CHECK(c.timeouts == SPINNERS * SPIN_ROUNDS);
    snprintf(note, sizeof note, "%d timeouts in %d threads; %d calls meanwhile in a store without one", c.timeouts,
             SPINNERS, c.calm_calls);
  }
  wt_module_delete(c.m);
  wt_engine_delete(c.e); /* stops the ticker */
}

/* ====================================================================== */

/* The first load races again in fresh processes (this program re-run). */
static void test_init_race_processes(const char *self, const char *parent) {
  int ok = 0;
  for (int i = 0; i < INIT_PROCESSES; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      setenv("STRESS_CHILD", "init_race", 1);
      execl(self, self, parent, (char *)NULL);
      _exit(127);
    }
    int st = 0;
    CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    ok += pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
  }
  snprintf(note, sizeof note, "%d of %d processes", ok, INIT_PROCESSES);
}

int main(int argc, char **argv) {
  const char *parent = argc > 1 ? argv[1] : "build/tsan";
  const char *child = getenv("STRESS_CHILD");
  int passed = 0, failed = 0;
  if (child && !strcmp(child, "init_race")) {
    test_init_race();
    return failures != 0;
  }
  for (int i = 0; i < 5; i++) {
    double t0 = now_s();
    __atomic_store_n(&failures, 0, __ATOMIC_RELAXED);
    note[0] = 0;
    const char *name = (const char *[]){"init_race", "init_race_processes", "shared_engine", "cache", "timeouts"}[i];
    switch (i) {
      case 0: test_init_race(); break; /* first: nothing may be loaded before */
      case 1: test_init_race_processes("/proc/self/exe", parent); break;
      case 2: test_shared_engine(); break;
      case 3: test_cache(parent); break;
      default: test_timeouts(); break;
    }
    int f = __atomic_load_n(&failures, __ATOMIC_RELAXED);
    if (f) failed++;
    else passed++;
    printf("%s %s (%.1f s)%s%s\n", f ? "FAIL" : "ok  ", name, now_s() - t0, note[0] ? ": " : "", note);
    fflush(stdout);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
