/* test_integrity.c - wt runs only code that belongs to its input, and no
 * guest or bad input defeats its limits (SECURITY.md): damaged and swapped
 * cache entries, precompiled input without the opt-in, the deadline under
 * reentrant calls, non-regular files in the cache folder, oversized input,
 * unusable cache folders, and outcomes of calls nested in host functions. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* ---- helpers ---- */

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The wasm of a module whose export "f" returns k (k's digits fixed in
 * width, so that two modules are of one size). */
static uint8_t *wasm_returning(int32_t k, size_t *n) {
  char wat[160];
  uint8_t *wasm = NULL;
  snprintf(wat, sizeof wat, "(module (func (export \"f\") (result i32) i32.const %d))", k);
  CHECK_OK(wt_wat_to_wasm(wat, strlen(wat), &wasm, n));
  return wasm;
}

/* What module m's "f" returns in a new store: *out, or the failing status. */
static int call_f(wt_engine *e, const wt_module *m, int32_t *out) {
  wt_store *s;
  wt_linker *l;
  wt_instance inst;
  wt_func f;
  *out = 0;
  int rc = wt_store_new(e, NULL, NULL, &s);
  if (rc) return rc;
  wt_context *cx = wt_store_context(s);
  rc = wt_linker_new(e, &l);
  if (!rc) rc = wt_linker_instantiate(l, cx, m, &inst);
  if (!rc) rc = wt_instance_get_func(cx, &inst, "f", &f);
  if (!rc) rc = wt_func_call_i32(cx, &f, NULL, 0, out);
  wt_linker_delete(l);
  wt_store_delete(s);
  return rc;
}

/* Compiles wasm through e's cache and returns what "f" gives (-1 on failure). */
static int32_t load_and_call(wt_engine *e, const uint8_t *wasm, size_t n) {
  wt_module *m = NULL;
  int32_t r = -1;
  if (wt_module_new(e, wasm, n, &m) == WT_OK && call_f(e, m, &r) != WT_OK) r = -1;
  wt_module_delete(m);
  return r;
}

/* The names of dir's files ending in suffix (at most max), sorted. */
static int list_suffix(const char *dir, const char *suffix, char names[][600], int max) {
  int n = 0;
  size_t k = strlen(suffix);
  DIR *d = opendir(dir);
  for (struct dirent *de; d && (de = readdir(d)) && n < max;) {
    size_t l = strlen(de->d_name);
    if (l >= k && !strcmp(de->d_name + l - k, suffix) && !strstr(de->d_name, ".tmp"))
      snprintf(names[n++], 600, "%s/%s", dir, de->d_name);
  }
  if (d) closedir(d);
  for (int i = 0; i + 1 < n; i++) /* two or three: a bubble is enough */
    for (int j = 0; j + 1 < n - i; j++)
      if (strcmp(names[j], names[j + 1]) > 0) {
        char t[600];
        memcpy(t, names[j], 600);
        memcpy(names[j], names[j + 1], 600);
        memcpy(names[j + 1], t, 600);
      }
  return n;
}

static uint8_t *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  uint8_t *b = NULL;
  long len = -1;
  if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    b = malloc((size_t)len + 1);
    if (b && fread(b, 1, (size_t)len, f) != (size_t)len) { free(b); b = NULL; }
  }
  if (f) fclose(f);
  *n = b ? (size_t)len : 0;
  return b;
}

/* Rewrites a file in place (same inode), as damage would. */
static void overwrite(const char *path, const uint8_t *b, size_t n) {
  int fd = open(path, O_WRONLY | O_TRUNC);
  CHECK(fd >= 0 && write(fd, b, n) == (ssize_t)n);
  if (fd >= 0) close(fd);
}

/* ---- 1. a damaged artifact is never run ---- */

TEST(integrity_cache_artifact_with_one_code_byte_changed_is_rebuilt) {
  char *dir = temp_dir(), names[2][600];
  size_t n, an;
  const int32_t k = 0x5a17c0de; /* an immediate of the code: found in .text */
  uint8_t *wasm = wasm_returning(k, &n);
  wt_engine *e = cache_engine(dir);
  CHECK(load_and_call(e, wasm, n) == k);
  CHECK(list_suffix(dir, ".cwasm", names, 2) == 1);
  uint8_t *art = slurp(names[0], &an);
  size_t at = 0;
  /* an occurrence in the code, away from both ends (where a digest of the
   * ends only, as before, would not see it) */
  for (size_t i = 4096; art && i + 4 + 4096 <= an; i++)
    if (!memcmp(art + i, &k, 4)) { at = i; break; }
  CHECK(at > 0);
  for (int round = 0; at && round < 2; round++) {
    size_t where = round == 0 ? at : an / 2; /* the constant (`mov eax, k` -> k^1), then the middle byte */
    art[where] ^= 1;
    overwrite(names[0], art, an);
    art[where] ^= 1;
    wt_engine_delete(e);
    e = cache_engine(dir); /* as a later process would */
    CHECK(load_and_call(e, wasm, n) == k);
    wt_cache_stats st;
    CHECK_OK(wt_engine_cache_stats(e, &st));
    CHECK(st.corrupt == 1 && st.hits == 0 && st.misses == 1 && st.stores == 1);
    CHECK(load_and_call(e, wasm, n) == k); /* the rebuilt entry is a hit */
    CHECK_OK(wt_engine_cache_stats(e, &st));
    CHECK(st.hits == 1);
    free(art);
    CHECK(list_suffix(dir, ".cwasm", names, 2) == 1);
    art = slurp(names[0], &an);
  }
  free(art);
  wt_free(wasm);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

/* ---- 2. swapped artifacts run neither's code ---- */

TEST(integrity_cache_swapped_artifacts_are_misses) {
  char *dir = temp_dir(), names[2][600];
  size_t na, nb, la, lb;
  uint8_t *a = wasm_returning(42, &na), *b = wasm_returning(17, &nb);
  CHECK(na == nb);
  wt_engine *e = cache_engine(dir);
  CHECK(load_and_call(e, a, na) == 42);
  CHECK(load_and_call(e, b, nb) == 17);
  CHECK(list_suffix(dir, ".cwasm", names, 2) == 2);
  uint8_t *x = slurp(names[0], &la), *y = slurp(names[1], &lb);
  CHECK(x && y && la == lb); /* same size: only the content tells them apart */
  if (x && y) {
    overwrite(names[0], y, lb); /* the names are kept, the contents swapped */
    overwrite(names[1], x, la);
  }
  wt_engine_delete(e);
  e = cache_engine(dir);
  CHECK(load_and_call(e, a, na) == 42);
  CHECK(load_and_call(e, b, nb) == 17);
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.corrupt == 2 && st.hits == 0);
  free(x);
  free(y);
  wt_free(a);
  wt_free(b);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

/* ---- 2b. the folder must be the user's alone ---- */

TEST(integrity_cache_folder_writable_by_others_is_not_used) {
  char *dir = temp_dir();
  size_t n;
  uint8_t *wasm = wasm_returning(5, &n);
  CHECK(chmod(dir, 0777) == 0);
  wt_engine *e = cache_engine(dir); /* made all the same: it runs without a cache */
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir == NULL);
  CHECK_STR(st.error, "writable by others");
  CHECK(load_and_call(e, wasm, n) == 5);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.stores == 0 && st.entries == 0);
  wt_engine_delete(e);
  CHECK(chmod(dir, 0770) == 0);
  e = cache_engine(dir);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir == NULL);
  CHECK_STR(st.error, "writable by its group");
  wt_engine_delete(e);
  CHECK(chmod(dir, 0700) == 0);
  e = cache_engine(dir);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir != NULL && st.error == NULL);
  wt_engine_delete(e);
  char sub[600];
  snprintf(sub, sizeof sub, "%s/new/cache", dir);
  e = cache_engine(sub);
  struct stat s;
  CHECK(stat(sub, &s) == 0 && (s.st_mode & 0777) == 0700); /* created for the user alone */
  wt_engine_delete(e);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

TEST(integrity_cache_folder_under_a_folder_others_can_write_is_not_used) {
  char *dir = temp_dir(), cache[600];
  size_t n;
  uint8_t *wasm = wasm_returning(4, &n);
  snprintf(cache, sizeof cache, "%s/cache", dir);
  CHECK(chmod(dir, 0777) == 0); /* others could rename the cache folder away */
  wt_engine *e = cache_engine(cache);
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir == NULL);
  CHECK_STR(st.error, "above the cache folder");
  CHECK(load_and_call(e, wasm, n) == 4);
  wt_engine_delete(e);
  CHECK(chmod(dir, 01777) == 0); /* sticky, as /tmp: no one else can rename it */
  e = cache_engine(cache);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir != NULL && st.error == NULL);
  wt_engine_delete(e);
  CHECK(chmod(dir, 0700) == 0);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

TEST(integrity_cache_entries_are_the_users_alone) {
  char *dir = temp_dir(), names[2][600];
  size_t n;
  struct stat s;
  uint8_t *wasm = wasm_returning(3, &n);
  mode_t old = umask(0); /* whatever the umask, entries are 0600 */
  wt_engine *e = cache_engine(dir);
  CHECK(load_and_call(e, wasm, n) == 3);
  umask(old);
  CHECK(list_suffix(dir, ".cwasm", names, 1) == 1 && list_suffix(dir, ".src", names + 1, 1) == 1);
  CHECK(stat(names[0], &s) == 0 && (s.st_mode & 0777) == 0600);
  CHECK(stat(names[1], &s) == 0 && (s.st_mode & 0777) == 0600);
  CHECK(chmod(names[0], 0620) == 0); /* an artifact others may write: never trusted */
  CHECK(load_and_call(e, wasm, n) == 3);
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.corrupt == 1 && st.hits == 0 && st.stores == 2);
  wt_engine_delete(e);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

/* ---- 8. a "folder" that is a file, or a link loop: said, not fatal ---- */

TEST(integrity_cache_folder_that_is_a_file_is_reported) {
  char *dir = temp_dir(), file[600], loop[600];
  size_t n;
  uint8_t *wasm = wasm_returning(6, &n);
  snprintf(file, sizeof file, "%s/plain", dir);
  CHECK(write_file(file, "x", 1) == 0);
  wt_engine *e = cache_engine(file);
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir == NULL);
  CHECK_STR(st.error, "not a folder");
  CHECK_RC(wt_engine_cache_clear(e), WT_CACHE);
  CHECK(load_and_call(e, wasm, n) == 6);
  wt_engine_delete(e);
  snprintf(loop, sizeof loop, "%s/loop", dir);
  CHECK(symlink(loop, loop) == 0);
  e = cache_engine(loop);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir == NULL && st.error != NULL);
  CHECK(load_and_call(e, wasm, n) == 6);
  wt_engine_delete(e);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

TEST(integrity_cache_store_failures_are_counted_and_said) {
  char *dir = temp_dir();
  size_t n;
  uint8_t *wasm = wasm_returning(8, &n);
  wt_engine *e = cache_engine(dir);
  disk_full full; /* a full disk, as even root meets it */
  CHECK(disk_full_begin(&full));
  int32_t r = load_and_call(e, wasm, n);
  disk_full_end(&full);
  CHECK(r == 8); /* the module runs all the same */
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.store_failures == 1 && st.stores == 0 && st.entries == 0);
  CHECK_STR(st.error, "cannot store an entry");
  wt_engine_delete(e);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

/* ---- 5. only regular files are opened in the cache folder ---- */

typedef struct loader { wt_engine *e; const uint8_t *wasm; size_t n; int32_t r; int done; pthread_mutex_t mu; pthread_cond_t cv; } loader;

static void *load_main(void *arg) {
  loader *l = arg;
  int32_t r = load_and_call(l->e, l->wasm, l->n);
  pthread_mutex_lock(&l->mu);
  l->r = r;
  l->done = 1;
  pthread_cond_signal(&l->cv);
  pthread_mutex_unlock(&l->mu);
  return NULL;
}

/* Loads in a thread; fails the test if that takes over 10 s (then the FIFO
 * is opened for writing, which releases a reader blocked on it). */
static int32_t load_with_deadline(loader *l, const char *fifo) {
  pthread_t t;
  struct timespec until;
  pthread_mutex_init(&l->mu, NULL);
  pthread_cond_init(&l->cv, NULL);
  l->done = 0;
  pthread_create(&t, NULL, load_main, l);
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 10;
  pthread_mutex_lock(&l->mu);
  while (!l->done && pthread_cond_timedwait(&l->cv, &l->mu, &until) == 0) {}
  int hung = !l->done;
  pthread_mutex_unlock(&l->mu);
  CHECK(!hung);
  for (int i = 0; hung && i < 100 && !l->done; i++) { /* release it */
    int fd = open(fifo, O_WRONLY | O_NONBLOCK);
    if (fd >= 0) close(fd);
    usleep(10000);
  }
  pthread_join(t, NULL);
  pthread_cond_destroy(&l->cv);
  pthread_mutex_destroy(&l->mu);
  return l->r;
}

static void fifo_in_place_of(const char *suffix) {
  char *dir = temp_dir(), names[1][600];
  size_t n;
  uint8_t *wasm = wasm_returning(9, &n);
  wt_engine *e = cache_engine(dir);
  CHECK(load_and_call(e, wasm, n) == 9);
  CHECK(list_suffix(dir, suffix, names, 1) == 1);
  CHECK(unlink(names[0]) == 0 && mkfifo(names[0], 0600) == 0);
  loader l = {e, wasm, n, -1, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
  CHECK(load_with_deadline(&l, names[0]) == 9);
  struct stat s;
  CHECK(lstat(names[0], &s) != 0 || !S_ISFIFO(s.st_mode)); /* removed as a bad entry */
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.corrupt == 1);
  CHECK(load_and_call(e, wasm, n) == 9);
  wt_engine_delete(e);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

TEST(integrity_cache_fifo_entry_does_not_hang_a_load) {
  fifo_in_place_of(".src");
  fifo_in_place_of(".cwasm");
}

/* ---- 3. precompiled input only on the opt-in ---- */

TEST(integrity_precompiled_file_needs_the_opt_in) {
  char *dir = temp_dir(), path[600];
  size_t n;
  uint8_t *wasm = wasm_returning(11, &n), *cw = NULL;
  size_t cn = 0;
  wt_engine *e = NULL, *trusting = NULL;
  wt_module *m = NULL;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_module_new(e, wasm, n, &m));
  CHECK_OK(wt_module_serialize(m, &cw, &cn));
  wt_module_delete(m);
  m = NULL;
  snprintf(path, sizeof path, "%s/innocent.wasm", dir); /* the name does not matter */
  CHECK(write_file(path, cw, cn) == 0);
  CHECK_RC(wt_module_from_file(e, path, &m), WT_INVALID);
  CHECK(m == NULL);
  CHECK_STR(wt_errmsg(), "allow_precompiled");
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.allow_precompiled = true;
  CHECK_OK(wt_engine_new(&o, &trusting));
  CHECK_OK(wt_module_from_file(trusting, path, &m));
  int32_t r = 0;
  CHECK(m && call_f(trusting, m, &r) == WT_OK && r == 11);
  wt_module_delete(m);
  m = NULL;
  CHECK_OK(wt_module_deserialize_file(e, path, &m)); /* the explicit call is its own opt-in */
  wt_module_delete(m);
  wt_engine_delete(trusting);
  wt_engine_delete(e);
  wt_free(cw);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

/* ---- 7. input size, non-regular files ---- */

TEST(integrity_module_input_past_the_limit_or_not_a_file_is_refused) {
  char *dir = temp_dir(), path[600];
  wt_engine_options o;
  wt_engine *e = NULL;
  wt_module *m = NULL;
  size_t n;
  uint8_t *wasm = wasm_returning(12, &n);
  wt_engine_options_init(&o);
  o.max_module_bytes = n - 1;
  CHECK_OK(wt_engine_new(&o, &e));
  CHECK_RC(wt_module_new(e, wasm, n, &m), WT_LIMIT);
  CHECK_STR(wt_errmsg(), "max_module_bytes");
  static const char wat[] = "(module (func (export \"f\") (result i32) i32.const 12))";
  CHECK_RC(wt_module_from_wat(e, wat, strlen(wat), &m), WT_LIMIT);
  snprintf(path, sizeof path, "%s/m.wasm", dir);
  CHECK(write_file(path, wasm, n) == 0);
  CHECK_RC(wt_module_from_file(e, path, &m), WT_LIMIT);
  CHECK(m == NULL);
  wt_engine_delete(e);
  CHECK_OK(wt_engine_new(NULL, &e)); /* the default limit: 1 GiB */
  snprintf(path, sizeof path, "%s/sparse.wasm", dir);
  int fd = open(path, O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0 && ftruncate(fd, (off_t)WT_MAX_MODULE_BYTES + 1) == 0);
  if (fd >= 0) close(fd);
  CHECK_RC(wt_module_from_file(e, path, &m), WT_LIMIT);
  CHECK(truncate(path, 1 << 20) == 0); /* under the limit: zeros are no module, and no abort */
  CHECK_RC(wt_module_from_file(e, path, &m), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), path);
  wt_engine_delete(e);
  o.max_module_bytes = 16 << 20; /* text: up to 1 MiB */
  CHECK_OK(wt_engine_new(&o, &e));
  snprintf(path, sizeof path, "%s/big.wat", dir);
  FILE *big = fopen(path, "w");
  for (int i = 0; big && i < 200000; i++) fputs("(func) ", big); /* 1.4 MB of text */
  if (big) fclose(big);
  CHECK_RC(wt_module_from_file(e, path, &m), WT_LIMIT);
  CHECK_STR(wt_errmsg(), "text limit");
  CHECK_RC(wt_module_from_file(e, "/dev/zero", &m), WT_IO);
  CHECK_STR(wt_errmsg(), "not a regular file");
  CHECK_RC(wt_module_from_file(e, dir, &m), WT_IO);
  snprintf(path, sizeof path, "%s/fifo", dir);
  CHECK(mkfifo(path, 0600) == 0);
  double t0 = now_s();
  CHECK_RC(wt_module_from_file(e, path, &m), WT_IO); /* no writer: must not block */
  CHECK(now_s() - t0 < 5);
  CHECK(m == NULL);
  wt_engine_delete(e);
  wt_free(wasm);
  rm_rf(dir);
  free(dir);
}

/* ---- 4. the deadline holds under reentrant calls ---- */

static const char REENTER[] =
    "(module (import \"env\" \"h\" (func $h))\n"
    "  (func (export \"spin\") (loop (call $h) (br 0)))\n"
    "  (func (export \"short\") (result i32) i32.const 1))";

typedef struct reenter { wt_func short_; double until; int backstop; } reenter;

/* Calls the short export; gives up (a failed test, not a hang) after 10 s. */
static wt_status call_short(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  reenter *re = env;
  (void)a, (void)na, (void)r, (void)nr;
  if (now_s() > re->until) { re->backstop = 1; return wt_caller_trap(c, "backstop: 10 s passed"); }
  int32_t one;
  return wt_func_call_i32(wt_caller_context(c), &re->short_, NULL, 0, &one);
}

TEST(integrity_timeout_is_not_renewed_by_nested_calls) {
  wt_engine_options o;
  fixture f;
  reenter re = {{{0}}, now_s() + 10, 0};
  wt_engine_options_init(&o);
  o.epoch_interruption = true;
  if (fixture_open(&f, &o, REENTER)) return;
  CHECK_OK(wt_linker_define_func(f.linker, "env", "h", NULL, 0, NULL, 0, call_short, &re, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func spin;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "short", &re.short_));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
  CHECK_OK(wt_store_set_timeout(f.store, 100));
  double t0 = now_s();
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_TIMEOUT);
  double took = now_s() - t0;
  CHECK(!re.backstop);
  CHECK(took >= 0.09 && took < 5);
  /* the store is still usable, and a later outermost call gets a new deadline */
  int32_t one = 0;
  CHECK_OK(wt_func_call_i32(f.cx, &re.short_, NULL, 0, &one));
  CHECK(one == 1);
  re.until = now_s() + 10;
  CHECK_RC(wt_func_call(f.cx, &spin, NULL, 0, NULL, 0), WT_TIMEOUT);
  CHECK(!re.backstop);
  fixture_close(&f);
}

/* A deadline set by a host function while a fast-path call (which counts
 * no depth) is under way: calls nested from host functions keep it. */
typedef struct watchdog { wt_store *store; wt_func short_; double until; int backstop, armed; } watchdog;

static wt_status arm_then_reenter(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  watchdog *w = env;
  (void)a, (void)na, (void)r, (void)nr;
  if (now_s() > w->until) { w->backstop = 1; return wt_caller_trap(c, "backstop: 10 s passed"); }
  if (!w->armed) { w->armed = 1; if (wt_store_set_timeout(w->store, 100)) return WT_ERROR; }
  int32_t one;
  return wt_func_call_i32(wt_caller_context(c), &w->short_, NULL, 0, &one);
}

TEST(integrity_timeout_set_by_a_host_function_is_not_renewed) {
  for (int outer = 0; outer < 3; outer++) { /* typed (inline), raw, generic */
    wt_engine_options o;
    fixture f;
    watchdog w = {0};
    wt_engine_options_init(&o);
    o.epoch_interruption = true;
    if (fixture_open(&f, &o, REENTER)) return;
    w.store = f.store;
    CHECK_OK(wt_linker_define_func(f.linker, "env", "h", NULL, 0, NULL, 0, arm_then_reenter, &w, NULL));
    if (fixture_instantiate(&f)) { fixture_close(&f); return; }
    wt_func spin;
    int32_t one;
    CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "short", &w.short_));
    CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "spin", &spin));
    CHECK_OK(wt_func_call_i32(f.cx, &w.short_, NULL, 0, &one)); /* the store id is known: fast paths from now */
    w.until = now_s() + 10;
    wt_raw v[1];
    int rc = outer == 0 ? wt_func_call_0(f.cx, &spin, NULL, 0)
             : outer == 1 ? wt_func_call_raw(f.cx, &spin, v, 1) : wt_func_call(f.cx, &spin, NULL, 0, NULL, 0);
    CHECK(rc == WT_TIMEOUT);
    CHECK(!w.backstop);
    fixture_close(&f);
  }
}

/* ---- 10. the outcome of a nested call reaches the outer caller as it was ---- */

static const char NESTED[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
    "  (import \"env\" \"into\" (func $into (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"outer\") (param i32) (call $into (local.get 0)))\n"
    "  (func (export \"exit7\") (call $exit (i32.const 7)))\n"
    "  (func (export \"boom\") unreachable)\n"
    "  (func (export \"ok\"))\n"
    "  (func (export \"deep\") (param i32) (call $into (i32.const 2))))";

typedef struct nest { wt_instance inst; int mode; int handled; } nest;

/* mode 0: calls "exit7"; 1: "boom"; 2: "deep" (host -> wasm -> host ...,
 * until the stack is exhausted); 3: a trap reason set, then WT_OK; 4:
 * calls "boom" and handles the trap itself (returns WT_OK); 5: fails
 * (WT_INVALID) without a reason; 6: calls "outer" with mode 3 (a reason
 * set one level deeper, then WT_OK), then fails as 5; 7: the same, then
 * returns WT_TRAP (the status of an earlier, unrelated failure). */
static wt_status into(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  nest *ns = env;
  wt_context *cx = wt_caller_context(c);
  wt_func f;
  (void)na, (void)r, (void)nr;
  int mode = a[0].of.i32;
  static const char *const target[] = {"exit7", "boom", "deep", "ok", "boom"};
  if (mode == 3) { wt_caller_trap(c, "stale reason"); return WT_OK; }
  if (mode == 5) return WT_INVALID; /* a failure with no reason given */
  if (mode == 6 || mode == 7) { /* a nested call whose host function sets a reason and succeeds, then fails */
    wt_func o;
    wt_val three = wt_val_i32(3);
    int rc6 = wt_instance_get_func(cx, &ns->inst, "outer", &o);
    if (!rc6) rc6 = wt_func_call(cx, &o, &three, 1, NULL, 0);
    return rc6 ? WT_ERROR : mode == 6 ? WT_INVALID : WT_TRAP;
  }
  int rc = wt_instance_get_func(cx, &ns->inst, target[mode], &f);
  wt_val arg = wt_val_i32(3);
  if (!rc) rc = wt_func_call(cx, &f, &arg, mode == 2 ? 1 : 0, NULL, 0);
  if (mode == 4) { ns->handled += rc == WT_TRAP; return WT_OK; }
  return rc;
}

TEST(integrity_nested_outcomes_keep_their_kind) {
  fixture f;
  nest ns = {{{0}}, 0, 0};
  wt_wasi *w = NULL;
  if (fixture_open(&f, NULL, NESTED)) return;
  CHECK_OK(wt_linker_define_wasi(f.linker));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "into", (const uint8_t[]){WT_I32}, 1, NULL, 0, into, &ns, NULL));
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_store_set_wasi(f.store, w));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  ns.inst = f.inst;
  wt_func outer;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "outer", &outer));
  wt_val mode = wt_val_i32(0);
  CHECK_RC(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0), WT_EXIT); /* proc_exit(7), nested */
  CHECK(wt_exit_code() == 7);
  mode = wt_val_i32(1);
  CHECK_RC(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0), WT_TRAP); /* unreachable, nested */
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  CHECK(wt_trap_frame_count() >= 2); /* the nested frame, then the outer one */
  wt_frame fr;
  CHECK(wt_trap_frame_nth(0, &fr) == WT_OK && fr.func_name == NULL && fr.func_index == 4); /* "boom" */
  mode = wt_val_i32(2);
  CHECK_RC(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0), WT_STACK_OVERFLOW); /* through host frames */
  CHECK(wt_trap_code() == WT_TRAP_STACK_OVERFLOW);
  /* a reason set by a host function that then succeeded is not attached
   * to a later, unrelated failure */
  mode = wt_val_i32(3);
  CHECK_OK(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0));
  mode = wt_val_i32(5);
  CHECK_RC(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0), WT_TRAP);
  CHECK(strstr(wt_errmsg(), "stale reason") == NULL);
  CHECK_STR(wt_errmsg(), "host function failed: invalid argument");
  /* a nested failure handled by the host is no failure of the outer call,
   * nor of the next one */
  mode = wt_val_i32(4);
  CHECK_OK(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0));
  CHECK(ns.handled == 1);
  mode = wt_val_i32(3);
  CHECK_OK(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0));
  /* a reason set one level deeper by a host function that succeeded is
   * not this host function's either */
  mode = wt_val_i32(6);
  CHECK_RC(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0), WT_TRAP);
  CHECK(strstr(wt_errmsg(), "stale reason") == NULL);
  CHECK_STR(wt_errmsg(), "host function failed: invalid argument");
  /* nor is an earlier failure of the same status passed on by a host
   * function whose nested call succeeded (it only set a reason) */
  mode = wt_val_i32(1);
  CHECK_RC(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  mode = wt_val_i32(7);
  CHECK_RC(wt_func_call(f.cx, &outer, &mode, 1, NULL, 0), WT_TRAP);
  CHECK_STR(wt_errmsg(), "host function failed: trap");
  CHECK(wt_trap_code() != WT_TRAP_UNREACHABLE);
  fixture_close(&f);
}
