/* test_cache.c - the compiled-module cache: hit, miss, configuration and
 * version changes, corrupt and truncated entries, concurrent writers,
 * eviction. (Correctness only; timings are in bench/.) */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static const char WAT[] = "(module (func (export \"f\") (result i32) i32.const %d))";

static wt_engine *cached_engine_(const char *dir, int opt, uint64_t max, bool trust_files) {
  wt_engine_options o;
  wt_engine *e = NULL;
  wt_engine_options_init(&o);
  o.cache = true;
  o.cache_dir = dir;
  o.opt_level = opt;
  o.cache_max_bytes = max;
  o.cache_trust_files = trust_files;
  CHECK_OK(wt_engine_new(&o, &e));
  return e;
}

static wt_engine *cached_engine(const char *dir, int opt, uint64_t max) {
  return cached_engine_(dir, opt, max, false);
}

static int run(wt_engine *e, int rc, wt_module *m);

/* Compiles the module returning `k` and checks that it runs. */
static int compile(wt_engine *e, int k) {
  char wat[128];
  uint8_t *wasm;
  size_t n;
  wt_module *m = NULL;
  snprintf(wat, sizeof wat, WAT, k);
  if (wt_wat_to_wasm(wat, strlen(wat), &wasm, &n)) return -1;
  int rc = wt_module_new(e, wasm, n, &m);
  wt_free(wasm);
  return run(e, rc, m);
}

/* What m's "f" returns (-1 if rc or anything fails); deletes m. */
static int run(wt_engine *e, int rc, wt_module *m) {
  wt_store *s;
  wt_linker *l;
  wt_instance inst;
  wt_func f;
  int32_t r = -1;
  if (rc || wt_store_new(e, NULL, NULL, &s)) { wt_module_delete(m); return -1; }
  wt_linker_new(e, &l);
  wt_context *cx = wt_store_context(s);
  if (!wt_linker_instantiate(l, cx, m, &inst) && !wt_instance_get_func(cx, &inst, "f", &f))
    wt_func_call_i32(cx, &f, NULL, 0, &r);
  wt_linker_delete(l);
  wt_store_delete(s);
  wt_module_delete(m);
  return r;
}

static wt_cache_stats stats(wt_engine *e) {
  wt_cache_stats st;
  CHECK_OK(wt_engine_cache_stats(e, &st));
  return st;
}

/* Path of the first entry file with `suffix` in dir (static buffer). */
static const char *entry_file(const char *dir, const char *suffix) {
  static char path[512];
  DIR *d = opendir(dir);
  path[0] = 0;
  for (struct dirent *de; d && (de = readdir(d));)
    if (strstr(de->d_name, suffix) && !strstr(de->d_name, ".tmp")) snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
  if (d) closedir(d);
  return path;
}

/* Files in dir, temporary ones included. */
static int file_count(const char *dir) {
  int n = 0;
  DIR *d = opendir(dir);
  for (struct dirent *de; d && (de = readdir(d));) n += de->d_name[0] != '.';
  if (d) closedir(d);
  return n;
}

static int count_suffix(const char *dir, const char *suffix) {
  int n = 0;
  size_t k = strlen(suffix);
  DIR *d = opendir(dir);
  for (struct dirent *de; d && (de = readdir(d));) {
    size_t l = strlen(de->d_name);
    n += l >= k && !strcmp(de->d_name + l - k, suffix);
  }
  if (d) closedir(d);
  return n;
}

TEST(cache_miss_then_hit_across_engines) {
  char *dir = temp_dir();
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(compile(e, 7) == 7);
  wt_cache_stats st = stats(e);
  CHECK(st.misses == 1 && st.hits == 0 && st.stores == 1 && st.entries == 1);
  CHECK(st.dir && !strcmp(st.dir, dir));
  wt_engine_delete(e);
  e = cached_engine(dir, WT_OPT_SPEED, 0); /* a new engine, as another process would */
  CHECK(compile(e, 7) == 7);
  st = stats(e);
  CHECK(st.hits == 1 && st.misses == 0);
  CHECK(compile(e, 8) == 8); /* other bytes: other key */
  CHECK(stats(e).misses == 1 && stats(e).entries == 2);
  CHECK_OK(wt_engine_cache_clear(e));
  CHECK(stats(e).entries == 0 && stats(e).bytes == 0);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

TEST(cache_config_change_is_a_miss) {
  char *dir = temp_dir();
  wt_engine *a = cached_engine(dir, WT_OPT_SPEED, 0), *b = cached_engine(dir, WT_OPT_NONE, 0);
  CHECK(compile(a, 1) == 1);
  CHECK(compile(b, 1) == 1);
  CHECK(stats(b).misses == 1 && stats(b).hits == 0 && stats(b).entries == 2);
  wt_engine_delete(a);
  wt_engine_delete(b);
  rm_rf(dir);
  free(dir);
}

/* Rewrites `len` bytes at `off` of a file (off < 0: from the end). */
static void patch(const char *path, long off, const void *bytes, size_t len) {
  FILE *f = fopen(path, "r+b");
  CHECK(f != NULL);
  if (!f) return;
  fseek(f, off, off < 0 ? SEEK_END : SEEK_SET);
  fwrite(bytes, 1, len, f);
  fclose(f);
}

static void damage_and_recover(void (*damage)(const char *dir)) {
  char *dir = temp_dir();
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(compile(e, 3) == 3);
  damage(dir);
  CHECK(compile(e, 3) == 3); /* detected, removed, recompiled */
  wt_cache_stats st = stats(e);
  CHECK(st.corrupt == 1 && st.hits == 0 && st.misses == 2 && st.stores == 2);
  CHECK(compile(e, 3) == 3); /* and the rebuilt entry is good */
  CHECK(stats(e).hits == 1);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

static void flip_code(const char *dir) { patch(entry_file(dir, ".cwasm"), -100, "\xde\xad\xbe\xef", 4); }
static void truncate_code(const char *dir) { CHECK(truncate(entry_file(dir, ".cwasm"), 1000) == 0); }
static void foreign_version(const char *dir) { patch(entry_file(dir, ".src"), 8, "\1\2\3\4\5\6\7\10", 8); }
static void other_source(const char *dir) { patch(entry_file(dir, ".src"), -3, "\x41\x09\x0b", 3); }
static void empty_src(const char *dir) { CHECK(truncate(entry_file(dir, ".src"), 0) == 0); }

TEST(cache_corrupt_artifact_is_rebuilt) { damage_and_recover(flip_code); }
TEST(cache_truncated_artifact_is_rebuilt) { damage_and_recover(truncate_code); }
TEST(cache_foreign_version_entry_is_rebuilt) { damage_and_recover(foreign_version); }
TEST(cache_entry_for_other_bytes_is_never_used) { damage_and_recover(other_source); }
TEST(cache_empty_record_is_rebuilt) { damage_and_recover(empty_src); }

/* One writer: a fresh process (fork alone is unsafe once Wasmtime's thread
 * pools run) that compiles module 42 into the folder `arg`. */
CHILD(cache_writer) {
  wt_engine_options o;
  wt_engine *e = NULL;
  wt_engine_options_init(&o);
  o.cache = true;
  o.cache_dir = arg;
  int ok = wt_engine_new(&o, &e) == WT_OK && compile(e, 42) == 42;
  wt_engine_delete(e);
  return ok ? 0 : 1;
}

/* Several processes compile the same module into one folder at once. */
TEST(cache_concurrent_writers_from_processes) {
  char *dir = temp_dir();
  pid_t kids[6];
  for (int i = 0; i < 6; i++) {
    if ((kids[i] = fork()) == 0) {
      setenv("WT_TEST_CHILD", "cache_writer", 1);
      setenv("WT_TEST_ARG", dir, 1);
      execl("/proc/self/exe", "unit", (char *)NULL);
      _exit(127);
    }
  }
  for (int i = 0; i < 6; i++) {
    int st = 1;
    CHECK(kids[i] > 0 && waitpid(kids[i], &st, 0) == kids[i]);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  }
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  /* one entry; each writer's artifact was published under its own name,
   * so the losers' are left over (removed once old), and no temporary */
  CHECK(stats(e).entries == 1 && count_suffix(dir, ".src") == 1 && count_suffix(dir, ".cwasm") == file_count(dir) - 1);
  CHECK(compile(e, 42) == 42);
  CHECK(stats(e).hits == 1 && stats(e).corrupt == 0);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

TEST(cache_evicts_least_recently_used) {
  char *dir = temp_dir();
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(compile(e, 1) == 1);
  uint64_t one = stats(e).bytes;
  wt_engine_delete(e);
  e = cached_engine(dir, WT_OPT_SPEED, one * 2 + one / 2); /* room for two entries */
  CHECK(compile(e, 2) == 2);
  sleep(1); /* mtime granularity */
  CHECK(compile(e, 1) == 1); /* a hit: entry 1 is now the most recent */
  sleep(1);
  CHECK(compile(e, 3) == 3); /* evicts entry 2 */
  wt_cache_stats st = stats(e);
  CHECK(st.entries == 2 && st.evictions == 1 && st.bytes <= one * 2 + one / 2);
  CHECK(compile(e, 1) == 1 && stats(e).hits == 2);
  CHECK(compile(e, 2) == 2 && stats(e).misses == 3);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

/* An unusable folder is no failure: the engine runs without a cache and
 * the stats say why. */
TEST(cache_unusable_folder_is_reported_not_fatal) {
  wt_engine_options o;
  wt_engine *e = NULL;
  wt_cache_stats st;
  wt_engine_options_init(&o);
  o.cache = true;
  o.cache_dir = "/proc/wt-cannot-exist";
  CHECK_OK(wt_engine_new(&o, &e));
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.dir == NULL);
  CHECK_STR(st.error, "/proc/wt-cannot-exist");
  CHECK_STR(wt_engine_cache_error(e), st.error); /* the same, without listing a folder */
  CHECK(compile(e, 3) == 3);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.hits == 0 && st.misses == 0 && st.stores == 0);
  wt_engine_delete(e);
}

/* Two large modules that differ in one byte of the middle may share a key
 * (the key samples large inputs): each must still get its own code. */
static int32_t run_big(wt_engine *e, char mark) {
  size_t n = 200000, at = 123457;
  char *wat = malloc(n + 256);
  int len = sprintf(wat, "(module (memory 4) (func (export \"f\") (result i32) i32.const %zu i32.load8_u) (data (i32.const 0) \"", at);
  memset(wat + len, 'a', n);
  wat[len + at] = mark;
  strcpy(wat + len + n, "\"))");
  wt_module *m = NULL;
  wt_store *s = NULL;
  wt_linker *l = NULL;
  wt_instance inst;
  wt_func f;
  int32_t r = -1;
  CHECK_OK(wt_module_from_wat(e, wat, strlen(wat), &m));
  free(wat);
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  CHECK_OK(wt_linker_new(e, &l));
  wt_context *cx = wt_store_context(s);
  if (m && !wt_linker_instantiate(l, cx, m, &inst) && !wt_instance_get_func(cx, &inst, "f", &f))
    CHECK_OK(wt_func_call_i32(cx, &f, NULL, 0, &r));
  wt_linker_delete(l);
  wt_store_delete(s);
  wt_module_delete(m);
  return r;
}

TEST(cache_never_confuses_large_modules_that_differ_in_the_middle) {
  char *dir = temp_dir();
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(run_big(e, 'b') == 'b');
  CHECK(run_big(e, 'c') == 'c');
  CHECK(run_big(e, 'b') == 'b');
  CHECK(run_big(e, 'b') == 'b' && stats(e).hits >= 1);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

/* ---- files known by identity (wt_module_from_file) ---- */

static int from_file(wt_engine *e, const char *path) {
  wt_module *m = NULL;
  int rc = wt_module_from_file(e, path, &m);
  return run(e, rc, m);
}

/* Waits until the file is old enough for the cache to record it. */
static void settle(const char *path) {
  struct stat st;
  CHECK(stat(path, &st) == 0);
  while (time(NULL) - st.st_ctime <= 2) usleep(100000);
}

static void write_module(const char *path, int k) {
  char wat[128];
  uint8_t *wasm;
  size_t n;
  snprintf(wat, sizeof wat, WAT, k);
  CHECK_OK(wt_wat_to_wasm(wat, strlen(wat), &wasm, &n));
  FILE *f = fopen(path, "r+b");
  if (!f) f = fopen(path, "wb"); /* in place when it exists: same inode */
  CHECK(f && fwrite(wasm, 1, n, f) == n && fclose(f) == 0);
  wt_free(wasm);
}

static int records(const char *dir) {
  int n = 0;
  DIR *d = opendir(dir);
  for (struct dirent *de; d && (de = readdir(d));) n += strstr(de->d_name, ".file") != NULL;
  if (d) closedir(d);
  return n;
}

TEST(cache_known_file_is_not_read_again_until_it_changes) {
  char *dir = temp_dir(), path[512];
  snprintf(path, sizeof path, "%s/m.wasm", dir);
  char *cdir = temp_dir();
  wt_engine *e = cached_engine_(cdir, WT_OPT_SPEED, 0, true);
  write_module(path, 5);
  CHECK(from_file(e, path) == 5 && from_file(e, path) == 5); /* a miss, a verified hit */
  CHECK(records(cdir) == 0 && stats(e).file_hits == 0);        /* the file is brand-new: not recorded */
  settle(path);
  CHECK(from_file(e, path) == 5 && records(cdir) == 1);         /* verified again, then recorded */
  CHECK(from_file(e, path) == 5 && stats(e).file_hits == 1);    /* known: not read */
  struct stat before;
  CHECK(stat(path, &before) == 0);
  write_module(path, 6); /* same size, same inode, and the old mtime put back: ctime still moves */
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  CHECK(utimensat(AT_FDCWD, path, times, 0) == 0);
  CHECK(from_file(e, path) == 6 && stats(e).file_hits == 1);
  CHECK(from_file(e, path) == 6 && stats(e).corrupt == 0);
  wt_engine_delete(e);
  rm_rf(cdir);
  rm_rf(dir);
  free(cdir);
  free(dir);
}

/* A known file whose entry was rewritten by another writer (a new inode)
 * is not served from the record: the entry is checked again. */
TEST(cache_known_file_with_a_rewritten_entry_is_checked_again) {
  char *dir = temp_dir(), path[512], copy[600];
  snprintf(path, sizeof path, "%s/m.wasm", dir);
  char *cdir = temp_dir();
  wt_engine *e = cached_engine_(cdir, WT_OPT_SPEED, 0, true);
  write_module(path, 7);
  settle(path);
  CHECK(from_file(e, path) == 7 && from_file(e, path) == 7 && from_file(e, path) == 7);
  CHECK(stats(e).file_hits == 1);
  const char *cw = entry_file(cdir, ".cwasm");
  snprintf(copy, sizeof copy, "%s.copy", cw);
  char cmd[1400];
  snprintf(cmd, sizeof cmd, "cp '%s' '%s' && mv '%s' '%s'", cw, copy, copy, cw);
  CHECK(system(cmd) == 0); /* same bytes, another inode */
  CHECK(from_file(e, path) == 7);
  CHECK(stats(e).file_hits == 1 && stats(e).hits == 3); /* refused by the record, verified again */
  CHECK(from_file(e, path) == 7 && stats(e).file_hits == 2); /* and recorded anew */
  patch(entry_file(cdir, ".cwasm"), -100, "\xde\xad\xbe\xef", 4); /* damaged in place: ctime moves */
  CHECK(from_file(e, path) == 7 && stats(e).file_hits == 2 && stats(e).corrupt == 1);
  wt_engine_delete(e);
  rm_rf(cdir);
  rm_rf(dir);
  free(cdir);
  free(dir);
}

/* Without cache_trust_files (the default) every load of a file is
 * verified against its content: no record is written, none is used. */
TEST(cache_files_are_verified_unless_trusted) {
  char *dir = temp_dir(), path[512];
  snprintf(path, sizeof path, "%s/m.wasm", dir);
  char *cdir = temp_dir();
  wt_engine *e = cached_engine(cdir, WT_OPT_SPEED, 0);
  write_module(path, 8);
  settle(path);
  CHECK(from_file(e, path) == 8 && from_file(e, path) == 8 && from_file(e, path) == 8);
  CHECK(stats(e).hits == 2 && stats(e).file_hits == 0 && records(cdir) == 0);
  wt_engine_delete(e);
  rm_rf(cdir);
  rm_rf(dir);
  free(cdir);
  free(dir);
}

/* Each .src names only the artifact published with it: when another input
 * of the same key replaces an entry, the old artifact is left to nobody and
 * is removed once a minute old (here: its mtime put back). */
TEST(cache_replaced_artifacts_are_removed_once_old) {
  char *dir = temp_dir();
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(run_big(e, 'b') == 'b');
  CHECK(run_big(e, 'c') == 'c'); /* the same key: replaces the entry */
  CHECK(count_suffix(dir, ".src") == 1 && count_suffix(dir, ".cwasm") == 2);
  DIR *d = opendir(dir);
  struct timespec old[2] = {{time(NULL) - 120, 0}, {time(NULL) - 120, 0}};
  for (struct dirent *de; d && (de = readdir(d));) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    if (strstr(de->d_name, ".cwasm")) CHECK(utimensat(AT_FDCWD, path, old, 0) == 0);
  }
  if (d) closedir(d);
  CHECK(compile(e, 9) == 9); /* a store tidies the folder */
  CHECK(count_suffix(dir, ".src") == 2 && count_suffix(dir, ".cwasm") == 2);
  CHECK(run_big(e, 'c') == 'c' && run_big(e, 'b') == 'b');
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

/* ---- components: through the same cache, under keys of their own ---- */

/* A component whose one export is named `name`. */
static const char CWAT[] = "(component (type $e (enum \"a\")) (export \"%s\" (type $e)))";

/* Compiles the component exporting `name` (from binary, so through the
 * cache) and returns whether it loaded and is that one. */
static bool compile_component(wt_engine *e, const char *name) {
  char wat[256];
  uint8_t *wasm;
  size_t n;
  wt_component *c = NULL;
  const wt_citem *it = NULL;
  snprintf(wat, sizeof wat, CWAT, name);
  if (wt_wat_to_wasm(wat, strlen(wat), &wasm, &n)) return false;
  int rc = wt_component_new(e, wasm, n, &c);
  wt_free(wasm);
  bool ok = rc == WT_OK && wt_component_export_nth(c, 0, &it) == WT_OK && !strcmp(it->name, name);
  wt_component_delete(c);
  return ok;
}

TEST(cache_component_miss_then_hit_across_engines) {
  NEED_COMPONENTS();
  char *dir = temp_dir();
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(compile_component(e, "first"));
  wt_cache_stats st = stats(e);
  CHECK(st.misses == 1 && st.hits == 0 && st.stores == 1 && st.entries == 1);
  wt_engine_delete(e);
  e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(compile_component(e, "first"));
  CHECK(stats(e).hits == 1 && stats(e).misses == 0);
  CHECK(compile_component(e, "second") && stats(e).misses == 1 && stats(e).entries == 2);
  CHECK(compile(e, 4) == 4); /* modules and components side by side */
  CHECK(stats(e).entries == 3 && compile(e, 4) == 4 && compile_component(e, "second"));
  CHECK(stats(e).hits == 3 && stats(e).corrupt == 0);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

/* The kind in an entry's header is checked: a component entry that says
 * it is a module's is refused, removed and rebuilt, never loaded with the
 * module function. */
TEST(cache_component_entry_of_the_wrong_kind_is_rebuilt) {
  NEED_COMPONENTS();
  char *dir = temp_dir();
  wt_engine *e = cached_engine(dir, WT_OPT_SPEED, 0);
  CHECK(compile_component(e, "k"));
  const char *src = entry_file(dir, ".src");
  uint64_t kind = 0;
  FILE *f = fopen(src, "rb");
  CHECK(f && fseek(f, 16, SEEK_SET) == 0 && fread(&kind, sizeof kind, 1, f) == 1);
  if (f) fclose(f);
  CHECK(kind == 2); /* WT__BIN_COMPONENT, after the magic and the salt */
  uint64_t module = 1;
  patch(src, 16, &module, sizeof module);
  CHECK(compile_component(e, "k"));
  CHECK(stats(e).corrupt == 1 && stats(e).hits == 0 && stats(e).stores == 2);
  CHECK(compile_component(e, "k") && stats(e).hits == 1);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

/* Component files: through the cache, and with cache_trust_files known by
 * identity as module files are; text too (its binary is the key). */
TEST(cache_component_files_and_known_files) {
  NEED_COMPONENTS();
  char *dir = temp_dir(), path[512], tpath[512], wat[256];
  char *cdir = temp_dir();
  uint8_t *wasm = NULL;
  size_t n = 0;
  snprintf(path, sizeof path, "%s/c.wasm", dir);
  snprintf(tpath, sizeof tpath, "%s/c.wat", dir);
  snprintf(wat, sizeof wat, CWAT, "filed");
  CHECK_OK(wt_wat_to_wasm(wat, strlen(wat), &wasm, &n));
  CHECK(write_file(path, wasm, n) == 0 && write_file(tpath, wat, strlen(wat)) == 0);
  wt_engine *e = cached_engine_(cdir, WT_OPT_SPEED, 0, true);
  wt_component *c = NULL;
  CHECK_OK(wt_component_from_file(e, path, &c));
  wt_component_delete(c);
  CHECK_OK(wt_component_from_file(e, tpath, &c)); /* the same binary: a hit */
  wt_component_delete(c);
  CHECK(stats(e).misses == 1 && stats(e).hits == 1);
  settle(path);
  CHECK_OK(wt_component_from_file(e, path, &c)); /* verified, then recorded */
  wt_component_delete(c);
  CHECK(records(cdir) == 1);
  CHECK_OK(wt_component_from_file(e, path, &c)); /* known: not read */
  const wt_citem *it = NULL;
  CHECK(c && wt_component_export_nth(c, 0, &it) == WT_OK && !strcmp(it->name, "filed"));
  wt_component_delete(c);
  CHECK(stats(e).file_hits == 1);
  wt_module *m = (wt_module *)1; /* the record is a component's: the module loader reads the file, refuses it */
  CHECK_RC(wt_module_from_file(e, path, &m), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "use wt_component_from_file");
  CHECK(m == NULL && stats(e).file_hits == 1);
  wt_free(wasm);
  wt_engine_delete(e);
  rm_rf(cdir);
  rm_rf(dir);
  free(cdir);
  free(dir);
}

/* wt_engine_cache_error: NULL while the cache works and for an engine
 * without one; the stats' error once there is one (here: a store that
 * fails, as on a full disk: writes past 512 bytes fail, EFBIG). */
TEST(cache_error_alone_agrees_with_the_stats) {
  char dir[] = "/tmp/wt-cache-error-XXXXXX";
  wt_engine_options o;
  wt_engine *e = NULL, *plain = NULL;
  wt_cache_stats st;
  CHECK(mkdtemp(dir) != NULL);
  wt_engine_options_init(&o);
  CHECK_OK(wt_engine_new(&o, &plain));
  CHECK(wt_engine_cache_error(plain) == NULL);
  o.cache = true;
  o.cache_dir = dir;
  CHECK_OK(wt_engine_new(&o, &e));
  CHECK(compile(e, 4) == 4);
  CHECK(wt_engine_cache_error(e) == NULL);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.error == NULL && st.stores == 1);
  disk_full full;
  CHECK(disk_full_begin(&full));
  int r = compile(e, 5);
  disk_full_end(&full);
  CHECK(r == 5);
  CHECK_OK(wt_engine_cache_stats(e, &st));
  CHECK(st.store_failures == 1);
  CHECK_STR(wt_engine_cache_error(e), "cannot store an entry");
  CHECK(st.error && wt_engine_cache_error(e) && !strcmp(wt_engine_cache_error(e), st.error));
  CHECK_OK(wt_engine_cache_clear(e));
  wt_engine_delete(e);
  wt_engine_delete(plain);
  CHECK(rmdir(dir) == 0);
}

/* The artifact digest recorded in each entry is xxhash's XXH3-128 of the
 * whole artifact (seeded by the key and the size), whichever kernels made
 * it: AVX2 for long artifacts when the CPU has them, xxhash's SSE2 ones
 * otherwise. Checked here from the entries' own headers (the layout of
 * src_header in src/cache.c) for a small artifact and one of over 1 MB. */
#define XXH_INLINE_ALL
#include <xxhash.h>

static int digests_checked(const char *dir) {
  DIR *d = opendir(dir);
  int ok = 0;
  for (struct dirent *de; d && (de = readdir(d));) {
    size_t len = strlen(de->d_name);
    if (len != 36 || strcmp(de->d_name + 32, ".src")) continue;
    char path[4200];
    uint64_t h[11]; /* magic, salt, kind, key_lo, key_hi, wasm_len, cwasm_len, cwasm_lo, cwasm_hi, n */
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(h, 1, sizeof h - 8, f) : 0;
    if (f) fclose(f);
    if (got != 80 || memcmp(h, "wtcache4", 8)) continue;
    snprintf(path, sizeof path, "%s/%.32s-%016llx.cwasm", dir, de->d_name, (unsigned long long)h[9]);
    f = fopen(path, "rb");
    uint8_t *art = malloc(h[6] + 1);
    got = f && art ? fread(art, 1, h[6] + 1, f) : 0;
    if (f) fclose(f);
    XXH128_hash_t want = XXH3_128bits_withSeed(art, got, h[3] ^ h[4] ^ (uint64_t)got);
    CHECK(got == h[6] && want.low64 == h[7] && want.high64 == h[8]);
    ok += got == h[6] && want.low64 == h[7] && want.high64 == h[8] ? (got >= (1u << 20) ? 100 : 1) : 0;
    free(art);
  }
  if (d) closedir(d);
  return ok;
}

TEST(cache_digest_is_xxh3_whatever_the_kernels) {
  char *dir = temp_dir();
  wt_engine *e = cache_engine(dir);
  size_t n = 1500000;
  char *wat = malloc(n + 256);
  int len = sprintf(wat, "(module (memory 30) (func (export \"f\") (result i32) i32.const 7) (data (i32.const 0) \"");
  memset(wat + len, 'z', n);
  strcpy(wat + len + n, "\"))");
  wt_module *m = NULL;
  CHECK_OK(wt_module_from_wat(e, wat, strlen(wat), &m)); /* an artifact of over 1 MB */
  wt_module_delete(m);
  free(wat);
  CHECK(compile(e, 6) == 6); /* a small one */
  CHECK(digests_checked(dir) == 101);
  CHECK(compile(e, 6) == 6 && stats(e).hits == 1);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}
