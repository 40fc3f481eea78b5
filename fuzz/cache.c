/* cache.c - fuzz target: the compiled-module cache against damaged files.
 *
 * Three modules of the same size whose export "f" returns 42, 7 and 13
 * share one engine with the option `cache` in a fresh temporary folder.
 * Per input:
 *   1. the folder is emptied and each module is loaded once through
 *      wt_module_new (a miss: compiled and stored), so the cache holds the
 *      three entries and nothing else;
 *   2. the input chooses up to MAX_OPS damages of the files in the folder
 *      (by index: the first module's files in name order, then the
 *      second's, ...): flip or overwrite bytes at an offset, truncate,
 *      swap the contents of two files (names kept), delete one;
 *   3. each module is loaded again through the cache, by wt_module_new and
 *      by wt_module_from_file on a copy of its wasm (the input's first
 *      byte may add a wt_module_from_file before them), instantiated, and
 *      f called.
 * A load must either fail with a clean status or give a module whose f
 * returns that module's own value: anything else (the other module's
 * value, a trap, a failed instantiation of a module that loaded) means the
 * cache ran code it should have refused, and abort()s; so does a crash.
 *
 * Input layout: byte 0 = order flags (bit i: module i by file first), then
 * ops of [code][file][args...], code % 5 = 0 flip (off32, xor mask),
 * 1 overwrite (off32, len8 % 32 + 1, bytes), 2 truncate (len32 % (size+1)),
 * 3 swap (file2), 4 delete. Missing bytes read as 0. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define NMOD 3
#define MAX_OPS 8
#define MAX_FILES 64

static const int VALUES[NMOD] = {42, 7, 13};
static uint8_t *wasm[NMOD];
static size_t wasm_len[NMOD];
static char cache_dir[512], files_dir[512], wasm_path[NMOD][600];
static wt_engine *engine;

/* ---- the folders ---- */

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

/* The names in dir, sorted. */
static int list(const char *dir, char names[][256], int max) {
  DIR *d = opendir(dir);
  int n = 0;
  FUZZ_ASSERT(d != NULL, "cannot list %s", dir);
  for (struct dirent *de; (de = readdir(d)) && n < max;)
    if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) snprintf(names[n++], 256, "%s", de->d_name);
  closedir(d);
  qsort(names, (size_t)n, 256, by_name);
  return n;
}

/* Appends to names[0..n) the files of the cache folder not yet there (in
 * name order); returns the new count. Listed after each module's first
 * load, the files are in the order of the modules (42's, 7's, 13's), not
 * in that of their keys, which hash the engine's configuration and
 * library path: an input damages the same files on every machine. */
static int add_new(char names[][256], int n) {
  static char now[MAX_FILES][256];
  int m = list(cache_dir, now, MAX_FILES);
  for (int j = 0; j < m && n < MAX_FILES; j++) {
    int seen = 0;
    for (int k = 0; k < n && !seen; k++) seen = !strcmp(names[k], now[j]);
    if (!seen) memcpy(names[n++], now[j], 256);
  }
  return n;
}

static void empty_dir(const char *dir) {
  static char names[MAX_FILES][256];
  char path[800];
  int n = list(dir, names, MAX_FILES);
  for (int i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
}

static void cleanup(void) {
  wt_engine_delete(engine);
  engine = NULL;
  empty_dir(cache_dir);
  empty_dir(files_dir);
  rmdir(cache_dir);
  rmdir(files_dir);
}

static void write_file(const char *path, const uint8_t *b, size_t n) {
  FILE *f = fopen(path, "wb");
  FUZZ_ASSERT(f && fwrite(b, 1, n, f) == n && fclose(f) == 0, "cannot write %s", path);
}

static uint8_t *read_all(const char *path, size_t *n) {
  struct stat st;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  uint8_t *b = fstat(fileno(f), &st) == 0 ? malloc((size_t)st.st_size + 1) : NULL;
  *n = b ? fread(b, 1, (size_t)st.st_size, f) : 0;
  fclose(f);
  return b;
}

static void setup(void) {
  const char *tmp = getenv("TMPDIR");
  wt_engine_options o;
  if (!tmp || !*tmp) tmp = "/tmp";
  snprintf(cache_dir, sizeof cache_dir, "%s/wt-fuzz-cache.XXXXXX", tmp);
  snprintf(files_dir, sizeof files_dir, "%s/wt-fuzz-files.XXXXXX", tmp);
  FUZZ_ASSERT(mkdtemp(cache_dir) && mkdtemp(files_dir), "cannot make temporary folders in %s", tmp);
  for (int i = 0; i < NMOD; i++) {
    char wat[128];
    snprintf(wat, sizeof wat, "(module (func (export \"f\") (result i32) i32.const %d))", VALUES[i]);
    FUZZ_SETUP(wt_wat_to_wasm(wat, strlen(wat), &wasm[i], &wasm_len[i]));
    FUZZ_ASSERT(wasm_len[i] == wasm_len[0], "the modules differ in size");
    snprintf(wasm_path[i], sizeof wasm_path[i], "%s/m%d.wasm", files_dir, VALUES[i]);
    write_file(wasm_path[i], wasm[i], wasm_len[i]);
  }
  wt_engine_options_init(&o);
  o.cache = true;
  o.cache_dir = cache_dir;
  FUZZ_SETUP(wt_engine_new(&o, &engine));
  atexit(cleanup);
}

/* ---- loading and checking ---- */

static int other_module(int32_t r) {
  for (int i = 0; i < NMOD; i++)
    if (VALUES[i] == r) return i;
  return -1;
}

/* The outcome rc, m of a load of module i by `how` (the function called):
 * a clean failure (not on the first load, into an empty folder), or a
 * module whose f returns VALUES[i]. Deletes m. */
static void check(int i, const char *how, bool intact, int rc, wt_module *m) {
  const char *when = intact ? "first load" : "after damage";
  if (rc != WT_OK) {
    FUZZ_ASSERT(m == NULL, "a failed load left a module");
    FUZZ_ASSERT(!intact, "module %d (%s) did not compile into the empty cache: %s: %s", VALUES[i], how,
                wt_strerror(rc), wt_errmsg());
    return;
  }
  wt_store *s = NULL;
  wt_linker *l = NULL;
  wt_instance inst;
  wt_func f;
  int32_t r = -1;
  FUZZ_SETUP(wt_store_new(engine, NULL, NULL, &s));
  FUZZ_SETUP(wt_linker_new(engine, &l));
  wt_context *cx = wt_store_context(s);
  int irc = wt_linker_instantiate(l, cx, m, &inst);
  FUZZ_ASSERT(irc == WT_OK, "module %d loaded through the cache (%s, %s) but does not instantiate: %s: %s", VALUES[i],
              how, when, wt_strerror(irc), wt_errmsg());
  int frc = wt_instance_get_func(cx, &inst, "f", &f);
  FUZZ_ASSERT(frc == WT_OK, "module %d loaded through the cache (%s, %s) has no function f: %s", VALUES[i], how,
              when, wt_errmsg());
  int crc = wt_func_call_i32(cx, &f, NULL, 0, &r);
  FUZZ_ASSERT(crc == WT_OK, "module %d loaded through the cache (%s, %s): f failed: %s: %s", VALUES[i], how, when,
              wt_strerror(crc), wt_errmsg());
  int o = other_module(r);
  FUZZ_ASSERT(r == VALUES[i], "module %d loaded through the cache (%s, %s): f returned %d%s", VALUES[i], how, when,
              (int)r, o >= 0 ? ", the value of another module: its code came from another entry" : "");
  wt_linker_delete(l);
  wt_store_delete(s);
  wt_module_delete(m);
}

static void load_bytes(int i, bool intact) {
  wt_module *m = NULL;
  int rc = wt_module_new(engine, wasm[i], wasm_len[i], &m);
  check(i, "wt_module_new", intact, rc, m);
}

static void load_file(int i, bool intact) {
  wt_module *m = NULL;
  int rc = wt_module_from_file(engine, wasm_path[i], &m);
  check(i, "wt_module_from_file", intact, rc, m);
}

/* ---- the damages ---- */

typedef struct input { const uint8_t *p; size_t n, at; } input;

static uint8_t u8(input *in) { return in->at < in->n ? in->p[in->at++] : 0; }
static uint32_t u32(input *in) {
  uint32_t v = 0;
  for (int k = 0; k < 4; k++) v |= (uint32_t)u8(in) << (8 * k);
  return v;
}

static off_t size_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Writes len bytes at off of an existing file, in place (same inode). */
static void patch(const char *path, off_t off, const uint8_t *b, size_t len) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t w = pwrite(fd, b, len, off);
  (void)w;
  close(fd);
}

static void replace_content(const char *path, const uint8_t *b, size_t n) {
  int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t w = n ? write(fd, b, n) : 0;
  (void)w;
  close(fd);
}

static void damage(input *in, char names[][256], int nfiles) {
  char path[800], other[800];
  for (int op = 0; op < MAX_OPS && in->at < in->n; op++) {
    int code = u8(in) % 5, k = nfiles ? u8(in) % nfiles : 0;
    if (!nfiles) return;
    snprintf(path, sizeof path, "%s/%s", cache_dir, names[k]);
    off_t size = size_of(path);
    if (size < 0) continue; /* deleted by an earlier op */
    if (code == 0) {        /* flip bits */
      uint32_t off = u32(in);
      uint8_t mask = u8(in), b;
      int fd = open(path, O_RDWR | O_CLOEXEC);
      if (fd >= 0 && size > 0 && pread(fd, &b, 1, (off_t)(off % (uint64_t)size)) == 1) {
        b ^= mask ? mask : 0xff;
        ssize_t w = pwrite(fd, &b, 1, (off_t)(off % (uint64_t)size));
        (void)w;
      }
      if (fd >= 0) close(fd);
    } else if (code == 1) { /* overwrite bytes */
      uint32_t off = u32(in);
      size_t len = u8(in) % 32 + 1;
      uint8_t b[32];
      for (size_t j = 0; j < len; j++) b[j] = u8(in);
      if (size > 0) patch(path, (off_t)(off % (uint64_t)size), b, len);
    } else if (code == 2) { /* truncate */
      uint32_t len = u32(in);
      if (truncate(path, (off_t)(len % ((uint64_t)size + 1)))) {}
    } else if (code == 3) { /* swap two files' contents, names kept */
      int k2 = u8(in) % nfiles;
      size_t na = 0, nb = 0;
      snprintf(other, sizeof other, "%s/%s", cache_dir, names[k2]);
      uint8_t *a = read_all(path, &na), *b = k2 != k ? read_all(other, &nb) : NULL;
      if (a && b) {
        replace_content(path, b, nb);
        replace_content(other, a, na);
      }
      free(a);
      free(b);
    } else { /* delete */
      unlink(path);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char names[MAX_FILES][256];
  input in = {data, size, 0};
  if (!engine) setup();
  empty_dir(cache_dir);
  int nfiles = 0;
  for (int i = 0; i < NMOD; i++) {
    load_bytes(i, true);
    nfiles = add_new(names, nfiles);
  }
  if (nfiles < NMOD) { /* else every load would pass without the cache */
    fprintf(stderr, "fuzz setup failed: the cache folder %s holds %d files after %d loads: not in use\n", cache_dir,
            nfiles, NMOD);
    exit(1);
  }
  uint8_t order = u8(&in);
  damage(&in, names, nfiles);
  for (int i = 0; i < NMOD; i++) {
    if (order >> i & 1) load_file(i, false);
    load_bytes(i, false);
    load_file(i, false);
  }
  return 0;
}
