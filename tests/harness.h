/*
 * harness.h - a tiny test harness (no dependency): tests register
 * themselves with TEST(name) (a constructor adds them to one list), main.c
 * runs them all, a failed CHECK marks the test failed and goes on.
 * The run ends with "N passed, M failed" (counted in tests).
 */
#ifndef WT_HARNESS_H
#define WT_HARNESS_H

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "wt.h"

typedef struct test_case { const char *name, *file; void (*fn)(void); struct test_case *next; } test_case;
void harness_register(test_case *t);
extern int harness_failed; /* checks failed in the current test */
extern const char *harness_skipped; /* why the current test skipped itself, or NULL */

/* Skips the rest of the test, saying why: only for a capability the
 * loaded Wasmtime lacks (name it). Counted and listed by main.c. */
#define SKIP(why)                                                               \
  do {                                                                          \
    harness_skipped = (why);                                                    \
    return;                                                                     \
  } while (0)
/* The major version of the loaded Wasmtime (0 if unknown). */
int wasmtime_major(void);

#define TEST(name)                                                              \
  static void name(void);                                                       \
  __attribute__((constructor)) static void register_##name(void) {              \
    static test_case t = {#name, __FILE__, name, NULL};                         \
    harness_register(&t);                                                       \
  }                                                                             \
  static void name(void)

#define CHECK(cond)                                                             \
  do {                                                                          \
    if (!(cond)) {                                                              \
      harness_failed++;                                                         \
      fprintf(stderr, "  %s:%d: CHECK(%s) failed (last wt error: %s)\n",        \
              __FILE__, __LINE__, #cond, wt_errmsg());                          \
    }                                                                           \
  } while (0)

/* Checks that a wt call returns `want`, printing both codes when not. */
#define CHECK_RC(call, want)                                                    \
  do {                                                                          \
    int rc_ = (call);                                                           \
    if (rc_ != (want)) {                                                        \
      harness_failed++;                                                         \
      fprintf(stderr, "  %s:%d: %s returned %d (%s), want %d (%s): %s\n",       \
              __FILE__, __LINE__, #call, rc_, wt_strerror(rc_), (int)(want),    \
              wt_strerror(want), wt_errmsg());                                  \
    }                                                                           \
  } while (0)

#define CHECK_OK(call) CHECK_RC(call, WT_OK)
/* The value of a count or size, UINT64_MAX when the call fails (so a
 * CHECK against a real value fails too). */
/* An engine with wt's cache in dir (the defaults otherwise). */
static inline wt_engine *cache_engine(const char *dir) {
  wt_engine_options o;
  wt_engine *e = NULL;
  wt_engine_options_init(&o);
  o.cache = true;
  o.cache_dir = dir;
  CHECK_OK(wt_engine_new(&o, &e));
  return e;
}

/* A full disk, as even root meets it: file writes past 512 bytes fail
 * (EFBIG, SIGXFSZ ignored) from disk_full_begin (false if it cannot) to
 * disk_full_end; the soft limit only, so that it can be raised again. */
typedef struct disk_full { struct rlimit old; void (*was)(int); } disk_full;
static inline bool disk_full_begin(disk_full *d) {
  d->was = signal(SIGXFSZ, SIG_IGN);
  if (getrlimit(RLIMIT_FSIZE, &d->old)) return false;
  struct rlimit small = {512, d->old.rlim_max};
  fflush(stdout);
  fflush(stderr);
  return setrlimit(RLIMIT_FSIZE, &small) == 0;
}
static inline void disk_full_end(disk_full *d) {
  setrlimit(RLIMIT_FSIZE, &d->old);
  signal(SIGXFSZ, d->was);
}

static inline uint64_t memory_size_of(wt_context *cx, const wt_memory *m) {
  uint64_t n = 0;
  return wt_memory_size(cx, m, &n) ? UINT64_MAX : n;
}
static inline uint64_t memory_pages_of(wt_context *cx, const wt_memory *m) {
  uint64_t n = 0;
  return wt_memory_pages(cx, m, &n) ? UINT64_MAX : n;
}
static inline uint64_t table_size_of(wt_context *cx, const wt_table *t) {
  uint64_t n = 0;
  return wt_table_size(cx, t, &n) ? UINT64_MAX : n;
}
static inline uint64_t import_count_of(const wt_module *m) {
  size_t n = 0;
  return wt_module_import_count(m, &n) ? UINT64_MAX : n;
}
static inline uint64_t export_count_of(const wt_module *m) {
  size_t n = 0;
  return wt_module_export_count(m, &n) ? UINT64_MAX : n;
}
#define CHECK_STR(s, sub) CHECK((s) != NULL && strstr((s), (sub)) != NULL)

/* Code that must run in a fresh process (wt_init is sticky; fork() of a
 * process running Wasmtime's thread pools is unsafe): CHILD(name) defines
 * `int name(const char *arg)`, run_child(#name, arg) runs it in a new
 * process (this binary, re-executed) and returns its exit status or -1. */
typedef struct child_case { const char *name; int (*fn)(const char *); struct child_case *next; } child_case;
void harness_register_child(child_case *c);
int run_child(const char *name, const char *arg);
#define CHILD(name)                                                             \
  static int name(const char *arg);                                             \
  __attribute__((constructor)) static void register_##name(void) {              \
    static child_case c = {#name, name, NULL};                                  \
    harness_register_child(&c);                                                 \
  }                                                                             \
  static int name(const char *arg)

/* ---- shared fixtures (tests/main.c) ---- */

/* One engine, store, linker and module instantiated from `wat`. */
typedef struct fixture {
  wt_engine *engine;
  wt_store *store;
  wt_context *cx;
  wt_linker *linker;
  wt_module *module;
  wt_instance inst;
} fixture;

/* Sets up a fixture (engine options may be NULL); returns WT_OK or the
 * failing status (and the test is marked failed). */
int fixture_open(fixture *f, const wt_engine_options *opts, const char *wat);
/* Instantiates f->module with f->linker (after host functions are defined). */
int fixture_instantiate(fixture *f);
void fixture_close(fixture *f);

/* A fresh temporary folder (mkdtemp), removed by rm_rf. */
char *temp_dir(void);
void rm_rf(const char *path);
int write_file(const char *path, const void *data, size_t len);

/* A component test needs WT_CAP_COMPONENT (Wasmtime 39 and later: 36-38
 * have a component API without types, which wt does not drive) and, for
 * its components written in text, WT_CAP_WAT. */
#define NEED_COMPONENTS()                                                                          \
  do {                                                                                             \
    if (!wt_has(WT_CAP_COMPONENT))                                                                 \
      SKIP("has no component model wt drives (WT_CAP_COMPONENT: Wasmtime 39+, with component types)"); \
    if (!wt_has(WT_CAP_WAT)) SKIP("has no WAT support (wasmtime_wat2wasm)");                       \
  } while (0)

#endif
