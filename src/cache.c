/*
 * cache.c - the on-disk compiled-module cache.
 *
 * An entry is two files named by a 128-bit key:
 *   KEY-N.cwasm  Wasmtime's serialized module or component, uncompressed,
 *                loaded with wasmtime_module_deserialize_file or
 *                wasmtime_component_deserialize_file (mmap, no copy); N is
 *                a random name of this one artifact, never reused;
 *   KEY.src      a header (magic, salt digest, kind, sizes, N, digest of
 *                the artifact) followed by the wasm bytes it was compiled
 *                from.
 * KEY = XXH3-128 over the wasm bytes (sampled, see key_of), seeded by a
 * digest of the engine's salt (configuration, Wasmtime version and
 * library) and by the kind of the artifact (module or component: each is
 * deserialized by its own function, and the header says which it is).
 * XXH3 (Debian's libxxhash, used header-only: no run-time dependency) is
 * fast but not cryptographic (SHA-256, ~1.3 GB/s here, would cost more than
 * the whole load), so a hit is *verified*: the .src must be for this key,
 * its stored wasm must equal the input byte for byte, and the artifact must
 * be, byte for byte, the one written with it: its size and its digest
 * (XXH3-128 over all of it, seeded by the key, see artifact_digest) match
 * those recorded in the .src. A hit thus never runs code compiled from
 * other input, nor a damaged or swapped artifact: any such entry is a miss,
 * removed and rebuilt. The digest is no defence against someone who can
 * write the folder (they could write a consistent entry of their own):
 * that is why the folder must be the user's alone (open_dir), and why only
 * regular files are opened in it, without blocking and without following
 * links.
 * Publication is atomic: the artifact is written under its own new name,
 * then KEY.src (temporary file + rename) commits it. A .src therefore only
 * ever names the artifact published with it, whatever other processes
 * publish meanwhile under the same key; an artifact no .src names (replaced,
 * or its writer died) is removed once a minute old. The folder is bounded:
 * past cache_max_bytes the least recently used entries (mtime of .src,
 * touched on hits) are evicted.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The artifact digest reads megabytes on every hit: on x86-64 it uses
 * xxhash's AVX2 kernels when the CPU has them (3-4x the SSE2 speed here),
 * chosen at run time as xxhash's own x86 dispatcher does. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__AVX2__)
#define XXH_DISPATCH_AVX2 1
#define XXH_TARGET_AVX2 __attribute__((__target__("avx2")))
#include <cpuid.h>
#include <immintrin.h>
#endif
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

#define MAGIC "wtcache4" /* 4: the kind of the artifact */
#define DEFAULT_MAX (512ull << 20)

typedef struct src_header {
  char magic[8];
  uint64_t salt;        /* XXH3-64 of the engine salt */
  uint64_t kind;        /* WT__BIN_MODULE or WT__BIN_COMPONENT */
  uint64_t key_lo, key_hi;     /* KEY: the entry this .src is for */
  uint64_t wasm_len, cwasm_len;
  uint64_t cwasm_lo, cwasm_hi; /* artifact_digest of KEY-N.cwasm */
  uint64_t n;                  /* N: the artifact's name */
} src_header;

typedef struct entry_paths { char src[4200], cwasm[4200]; XXH128_hash_t key; uint64_t n; } entry_paths;
#define ORPHAN_AGE 60 /* seconds: an artifact no .src names is removed after */

static uint64_t salt_of(const wt_engine *e) { return XXH3_64bits(e->cache_salt, strlen(e->cache_salt)); }

/* The seed of the keys of one kind of artifact. */
static uint64_t seed_of(const wt_engine *e, int kind) {
  return kind == WT__BIN_COMPONENT ? XXH3_64bits_withSeed("component", 9, salt_of(e)) : salt_of(e);
}

/* ---- the two kinds of artifact ---- */

static wta_error_t *art_compile(wt_engine *e, int kind, const uint8_t *wasm, size_t len, void **out) {
  wta_error_t *err;
  if (kind == WT__BIN_COMPONENT) {
    wta_component_t *c = NULL;
    err = W->wasmtime_component_new(e->e, wasm, len, &c);
    *out = c;
  } else {
    wta_module_t *m = NULL;
    err = W->wasmtime_module_new(e->e, wasm, len, &m);
    *out = m;
  }
  return err;
}

static wta_error_t *art_serialize(int kind, void *a, wta_byte_vec_t *v) {
  return kind == WT__BIN_COMPONENT ? W->wasmtime_component_serialize(a, v) : W->wasmtime_module_serialize(a, v);
}

static wta_error_t *art_deserialize_file(wt_engine *e, int kind, const char *path, void **out) {
  wta_error_t *err;
  if (kind == WT__BIN_COMPONENT) {
    wta_component_t *c = NULL;
    err = W->wasmtime_component_deserialize_file(e->e, path, &c);
    *out = c;
  } else {
    wta_module_t *m = NULL;
    err = W->wasmtime_module_deserialize_file(e->e, path, &m);
    *out = m;
  }
  return err;
}

static void art_delete(int kind, void *a) {
  if (kind == WT__BIN_COMPONENT) W->wasmtime_component_delete(a);
  else W->wasmtime_module_delete(a);
}

/* The key only *indexes* the cache: every hit is verified byte for byte
 * against the stored wasm, so the key need not read all of the input. It
 * hashes the length, the first and last 64 KiB (headers, the type and
 * import sections, the data and name sections) and 64 samples spread over
 * the rest: a few microseconds for any size, where a full XXH3 pass over a
 * 2 MB module costs more than Wasmtime's whole load. Inputs that agree on
 * all of these share a key; the second then replaces the first (a miss,
 * never a wrong hit: each .src names only its own artifact). */
#define EDGE (64u << 10)
#define SAMPLES 64u
#define SAMPLE_LEN 64u

static XXH128_hash_t key_of(const uint8_t *wasm, size_t len, uint64_t seed) {
  XXH3_state_t st;
  memset(&st, 0, sizeof st); /* quiets gcc; reset fills what matters */
  XXH3_128bits_reset_withSeed(&st, seed);
  XXH3_128bits_update(&st, &len, sizeof len);
  if (len <= 2 * EDGE + SAMPLES * SAMPLE_LEN) {
    XXH3_128bits_update(&st, wasm, len);
    return XXH3_128bits_digest(&st);
  }
  XXH3_128bits_update(&st, wasm, EDGE);
  size_t stride = (len - 2 * EDGE) / SAMPLES;
  for (size_t i = 0; i < SAMPLES; i++) XXH3_128bits_update(&st, wasm + EDGE + i * stride, SAMPLE_LEN);
  XXH3_128bits_update(&st, wasm + len - EDGE, EDGE);
  return XXH3_128bits_digest(&st);
}

/* "DIR/<32 hex digits>SUFFIX" */
static void name_of(const wt_engine *e, XXH128_hash_t h, const char *suffix, char *out, size_t size) {
  snprintf(out, size, "%s/%016llx%016llx%s", e->cache_dir, (unsigned long long)h.high64,
           (unsigned long long)h.low64, suffix);
}

/* The paths of entry `h` whose artifact is named n. */
static void paths_of_key(const wt_engine *e, XXH128_hash_t h, uint64_t n, entry_paths *p) {
  char suffix[32];
  p->key = h;
  p->n = n;
  name_of(e, h, ".src", p->src, sizeof p->src);
  snprintf(suffix, sizeof suffix, "-%016llx.cwasm", (unsigned long long)n);
  name_of(e, h, suffix, p->cwasm, sizeof p->cwasm);
}

static void paths_for(const wt_engine *e, int kind, const uint8_t *wasm, size_t len, entry_paths *p) {
  paths_of_key(e, key_of(wasm, len, seed_of(e, kind)), 0, p); /* the artifact's name comes from .src */
}

/* ---- opening the folder ---- */

/* Creates path and its missing parents, each 0700. */
static int mkdir_p(char *path) {
  for (char *s = path + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    int bad = mkdir(path, 0700) != 0 && errno != EEXIST;
    *s = '/';
    if (bad) return -1;
  }
  return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static char *default_dir(void) {
  const char *env = getenv("WT_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  char buf[4096];
  if (env && *env) snprintf(buf, sizeof buf, "%s", env);
  else if (xdg && *xdg) snprintf(buf, sizeof buf, "%s/wt", xdg);
  else if (home && *home) snprintf(buf, sizeof buf, "%s/.cache/wt", home);
  else return NULL;
  return strdup(buf);
}

/* Why the folder or file st (named path) is not safe for this user's cache:
 * NULL, or the reason. A parent may also be root's, or writable by others
 * when sticky (as /tmp): then no one else can rename what is in it. */
static const char *unsafe(const struct stat *st, bool parent) {
  if (st->st_uid != geteuid() && !(parent && st->st_uid == 0)) return "is owned by another user";
  if (parent && (st->st_mode & S_ISVTX)) return NULL;
  if (st->st_mode & S_IWOTH) return "is writable by others";
  if (st->st_mode & S_IWGRP) return "is writable by its group";
  return NULL;
}

/* Checks every folder above the absolute path real (the cache folder d):
 * the first unsafe one's reason into why. */
static void check_parents(const char *real, const char *d, char *why, size_t size) {
  char up[4096];
  struct stat st;
  const char *bad = NULL;
  snprintf(up, sizeof up, "%s", real);
  for (char *slash = strrchr(up, '/'); slash; slash = strrchr(up, '/')) {
    if (slash == up) slash[1] = 0; /* the root itself */
    else *slash = 0;
    if (stat(up, &st) != 0 || (bad = unsafe(&st, true)) != NULL) {
      snprintf(why, size, "folder %.250s, above the cache folder %.250s, %s: not used", up, d, bad ? bad : strerror(errno));
      return;
    }
    if (slash == up) return;
  }
}

/* Why folder d cannot hold this user's cache (into why), or 0 if it can;
 * *real gets its absolute path with no link in it. The folder and every
 * folder above it must be safe (as ssh checks a key's folders): else
 * another user could put a consistent entry of their own in its place. */
static int unusable(char *d, char **real, char *why, size_t size) {
  struct stat st;
  int fd = -1;
  const char *bad = NULL;
  *real = NULL;
  why[0] = 0;
  if (mkdir_p(d) != 0 || (fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0 ||
      !(*real = realpath(d, NULL))) {
    snprintf(why, size, "cannot use folder %s: %s", d, errno == ENOTDIR ? "it is not a folder" : strerror(errno));
  } else if ((bad = unsafe(&st, false))) {
    snprintf(why, size, "folder %s %s (mode %03o): not used; it must be this user's alone (chmod 700)", d, bad,
             (unsigned)(st.st_mode & 0777));
  } else if (access(d, W_OK | X_OK) != 0) {
    snprintf(why, size, "cannot write folder %s: %s", d, strerror(errno));
  }
  if (*real && !why[0]) check_parents(*real, d, why, size);
  if (fd >= 0) close(fd);
  if (why[0]) { free(*real); *real = NULL; }
  return why[0] != 0;
}

/* Opens the folder dir (NULL: the default) for engine e. A folder that
 * cannot be used leaves the cache off, with the reason in e->cache_error
 * (wt_engine_cache_stats); it is not an error. */
void wt__cache_open_dir(wt_engine *e, const char *dir) {
  char *d = dir ? strdup(dir) : default_dir();
  if (!e->opts.cache_max_bytes) e->opts.cache_max_bytes = DEFAULT_MAX;
  if (!d) {
    snprintf(e->cache_error, sizeof e->cache_error, dir ? "out of memory" : "no folder (set WT_CACHE_DIR or HOME)");
    return;
  }
  char *real;
  int bad = unusable(d, &real, e->cache_error, sizeof e->cache_error);
  free(d);
  if (!bad) e->cache_dir = real; /* absolute: a later chdir changes nothing */
}

/* ---- reading an entry ---- */

/* Opens a file of the folder: a regular file of this user's that no one
 * else may write (wt makes them 0600), never blocking (a FIFO there must
 * not hang the load) and never through a link. -1 if not. */
static int open_regular(const char *path, struct stat *st) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_uid != geteuid() ||
                  (st->st_mode & (S_IWGRP | S_IWOTH)))) {
    close(fd);
    fd = -1;
    errno = EINVAL;
  }
  return fd;
}

static const uint8_t *map_file(const char *path, size_t *len) {
  struct stat st;
  int fd = open_regular(path, &st);
  void *p = MAP_FAILED;
  if (fd >= 0 && st.st_size > 0) p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (fd >= 0) close(fd);
  if (p == MAP_FAILED) return NULL;
  *len = (size_t)st.st_size;
  return p;
}

static void count(wt_engine *e, uint64_t *field) {
  pthread_mutex_lock(&e->lock);
  (*field)++;
  pthread_mutex_unlock(&e->lock);
}

/* The digest of an artifact for entry `key`: XXH3-128 of all its bytes,
 * seeded by the key and the size, so that an artifact matches the digest
 * recorded for it only under its own key. */
#ifdef XXH_DISPATCH_AVX2
/* XXH3_128bits_withSeed of a long input (over XXH3_MIDSIZE_MAX bytes) with
 * the AVX2 kernels: the same steps as xxhash's own, the same value. */
XXH_TARGET_AVX2 static XXH128_hash_t xxh128_long_avx2(const void *p, size_t n, uint64_t seed) {
  XXH_ALIGN(64) xxh_u8 secret[XXH_SECRET_DEFAULT_SIZE];
  XXH3_initCustomSecret_avx2(secret, seed);
  return XXH3_hashLong_128b_internal(p, n, secret, sizeof secret, XXH3_accumulate_512_avx2, XXH3_scrambleAcc_avx2);
}

/* Whether the CPU has AVX2 and the OS saves its registers (XCR0: SSE and
 * AVX state), asked once, by the first digest long enough to gain from it.
 * Not __builtin_cpu_supports: it links libgcc's __cpu_indicator_init, a
 * constructor that runs a dozen cpuid at the start of every program that
 * links libwt, and cpuid traps to the hypervisor on a VM (docs/PERFORMANCE.md). */
#define AVX2_MIN (256u << 10) /* shorter digests take microseconds either way */
static bool has_avx2(void) {
  static int known; /* 0: not asked yet, 1: no, 2: yes */
  int k = __atomic_load_n(&known, __ATOMIC_RELAXED);
  if (!k) {
    unsigned a, b, c, d, lo = 0, hi = 0;
    bool os = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && (c & bit_AVX);
    if (os) __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    bool yes = os && (lo & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2);
    k = yes ? 2 : 1;
    __atomic_store_n(&known, k, __ATOMIC_RELAXED);
  }
  return k == 2;
}
#endif

static XXH128_hash_t digest_bytes(const uint8_t *p, size_t n, XXH128_hash_t key) {
  uint64_t seed = key.low64 ^ key.high64 ^ (uint64_t)n;
#ifdef XXH_DISPATCH_AVX2
  if (n >= AVX2_MIN && has_avx2()) return xxh128_long_avx2(p, n, seed);
#endif
  return XXH3_128bits_withSeed(p, n, seed);
}

/* The digest of the open artifact fd of n bytes, read through a mapping
 * populated at once (one pass, no copy); -1 if it cannot be read. */
static int artifact_digest(int fd, size_t n, XXH128_hash_t key, XXH128_hash_t *out) {
  if (n == 0) return -1;
  void *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (p == MAP_FAILED) return -1;
  *out = digest_bytes(p, n, key);
  munmap(p, n);
  return 0;
}

/* Opens the artifact the header names and checks it is, byte for byte, the
 * one written with it; *fd gets the open file (its stat in *st), so that
 * what was checked is what is loaded. */
static int open_artifact(const wt_engine *e, entry_paths *p, const src_header *h, int *fd, struct stat *st) {
  XXH128_hash_t d;
  paths_of_key(e, p->key, h->n, p);
  *fd = open_regular(p->cwasm, st);
  int ok = *fd >= 0 && (uint64_t)st->st_size == h->cwasm_len &&
           artifact_digest(*fd, h->cwasm_len, p->key, &d) == 0 && d.low64 == h->cwasm_lo && d.high64 == h->cwasm_hi;
  if (!ok && *fd >= 0) close(*fd);
  if (!ok) *fd = -1;
  return ok ? 0 : -1;
}

/* 1: the entry exists and belongs to this input, *fd is its open artifact;
 * 0: absent; -1: bad. */
static int verify(const wt_engine *e, int kind, entry_paths *p, const uint8_t *wasm, size_t len, int *fd,
                  struct stat *st) {
  size_t n;
  *fd = -1;
  const uint8_t *src = map_file(p->src, &n);
  if (!src) return access(p->src, F_OK) == 0 ? -1 : 0; /* empty or unreadable: bad */
  const src_header *h = (const src_header *)src;
  int ok = n >= sizeof *h && !memcmp(h->magic, MAGIC, 8) && h->salt == salt_of(e) && h->kind == (uint64_t)kind &&
           h->key_lo == p->key.low64 &&
           h->key_hi == p->key.high64 && h->wasm_len == len &&
           n == sizeof *h + len && !memcmp(src + sizeof *h, wasm, len) && open_artifact(e, p, h, fd, st) == 0;
  munmap((void *)src, n);
  return ok ? 1 : -1;
}

static void remove_entry(const entry_paths *p) {
  unlink(p->src);
  unlink(p->cwasm);
}

/* Wasmtime loads by path: that of the open file checked (fd, stat *st)
 * through /proc/self/fd, so that it loads that very inode. Without /proc,
 * the folder path, with fd held open meanwhile (its inode cannot be
 * reused): if the path still names that inode after the load, the load
 * read the file checked (the cache only renames new files into place,
 * never an old one back). 0 or -1. */
static int deserialize_checked(wt_engine *e, int kind, const char *path, int fd, const struct stat *st, void **out) {
  char self[64];
  struct stat now;
  snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
  bool by_fd = stat(self, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino;
  wta_error_t *err = art_deserialize_file(e, kind, by_fd ? self : path, out);
  if (err) { W->wasmtime_error_delete(err); *out = NULL; return -1; }
  if (by_fd || (stat(path, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino)) return 0;
  art_delete(kind, *out);
  *out = NULL;
  return -1;
}

/* Counts a hit. Its LRU time (the mtime of KEY.src) is refreshed unless
 * this engine did so for the same entry within the last minute: a module
 * loaded in a loop costs no extra write per load. */
static void hit(wt_engine *e, const entry_paths *p, bool by_file) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  pthread_mutex_lock(&e->lock);
  e->stats.hits++;
  e->stats.file_hits += by_file;
  bool touch = memcmp(&e->cache_touched, &p->key, sizeof p->key) || t.tv_sec - e->cache_touched_at >= 60;
  if (touch) { memcpy(&e->cache_touched, &p->key, sizeof p->key); e->cache_touched_at = t.tv_sec; }
  pthread_mutex_unlock(&e->lock);
  if (touch) utimensat(AT_FDCWD, p->src, NULL, 0);
}

/* Loads a verified entry (its open artifact fd, stat *st) and closes fd. */
static int load_hit(wt_engine *e, int kind, const entry_paths *p, int fd, const struct stat *st, bool by_file,
                    void **out) {
  wt_status rc = deserialize_checked(e, kind, p->cwasm, fd, st, out);
  close(fd);
  if (rc == 0) hit(e, p, by_file);
  return rc;
}

/* ---- writing an entry ---- */

/* A name for a new artifact: unique across processes and calls. */
static uint64_t fresh_name(void) {
  static uint64_t seq;
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  uint64_t id[4] = {(uint64_t)getpid(), (uint64_t)t.tv_sec, (uint64_t)t.tv_nsec,
                    __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED)};
  return XXH3_64bits(id, sizeof id);
}

/* Counts a failure to write an entry and keeps its message for the stats. */
static void store_failed(wt_engine *e, const char *why) {
  pthread_mutex_lock(&e->lock);
  e->stats.store_failures++;
  snprintf(e->cache_store_error, sizeof e->cache_store_error, "cannot store an entry: %s", why);
  pthread_mutex_unlock(&e->lock);
}

static int publish(wt_engine *e, int kind, entry_paths *p, const uint8_t *wasm, size_t len, const wta_byte_vec_t *cw) {
  size_t n = sizeof(src_header) + len;
  uint8_t *src = malloc(n);
  if (!src) { store_failed(e, "out of memory"); return -1; }
  XXH128_hash_t d = digest_bytes(cw->data, cw->size, p->key);
  src_header h = {MAGIC, salt_of(e), (uint64_t)kind, p->key.low64, p->key.high64, len, cw->size, d.low64, d.high64,
                  fresh_name()};
  paths_of_key(e, p->key, h.n, p);
  int rc = wt__write_atomic(p->cwasm, cw->data, cw->size, 0600) ? -1 : 0;
  memcpy(src, &h, sizeof h);
  if (len) memcpy(src + sizeof h, wasm, len);
  if (rc == 0 && wt__write_atomic(p->src, src, n, 0600)) { unlink(p->cwasm); rc = -1; }
  free(src);
  if (rc) store_failed(e, wt_errmsg());
  return rc;
}

static void evict(wt_engine *e);

/* Compiles and, best effort, stores the artifact. */
static int compile_and_store(wt_engine *e, int kind, entry_paths *p, const uint8_t *wasm, size_t len, void **out) {
  wt_status rc = wt__outcome(art_compile(e, kind, wasm, len, out), NULL, NULL);
  if (rc) return rc == WT_ERROR ? WT_MALFORMED : rc;
  wta_byte_vec_t cw = {0, NULL};
  wta_error_t *err = art_serialize(kind, *out, &cw);
  if (err) { W->wasmtime_error_delete(err); return WT_OK; }
  if (publish(e, kind, p, wasm, len, &cw) == 0) { count(e, &e->stats.stores); evict(e); }
  W->wasm_byte_vec_delete(&cw);
  return WT_OK;
}

/* A verified hit (its artifact's stat in *art) or a miss compiled and
 * stored (art->st_ino then 0). */
static int load(wt_engine *e, int kind, entry_paths *p, const uint8_t *wasm, size_t len, void **out,
                struct stat *art) {
  int fd;
  *out = NULL;
  memset(art, 0, sizeof *art);
  paths_for(e, kind, wasm, len, p);
  int v = verify(e, kind, p, wasm, len, &fd, art);
  if (v == 1 && load_hit(e, kind, p, fd, art, false, out) == 0) return WT_OK;
  memset(art, 0, sizeof *art);
  if (v != 0) { count(e, &e->stats.corrupt); remove_entry(p); }
  count(e, &e->stats.misses);
  return compile_and_store(e, kind, p, wasm, len, out);
}

wt_status wt__cache_load(wt_engine *e, int kind, const uint8_t *wasm, size_t len, void **out) {
  entry_paths p;
  struct stat art;
  return load(e, kind, &p, wasm, len, out, &art);
}

/* ---- files known by their identity (option cache_trust_files) ----
 * After a verified hit, ID.file, named by the file's device and inode,
 * records the file's size, mtime and ctime and the artifact (name, device,
 * inode, size, ctime) that was checked for it. A later load of that file,
 * still the same by all of these, maps the artifact without reading the
 * file. A write() moves the file's ctime (which no user can set back), and
 * a rewritten artifact has a new name or inode and ctime. A file is
 * recorded only once it is SETTLED old, longer than any file system's
 * timestamp granularity, so no change can hide within the same timestamp.
 * What identity cannot see (writes through a long-lived shared mapping, an
 * image with fixed timestamps mounted in place of another) is why the
 * option is off by default (include/wt.h). */
#define FILE_MAGIC "wtfile2" /* 2: records of components too (the kind in the salt) */
#define SETTLED 2 /* seconds */

typedef struct file_record {
  char magic[8];
  uint64_t salt, dev, ino, size, mtime_s, mtime_ns, ctime_s, ctime_ns; /* the input file */
  uint64_t key_lo, key_hi, n;                                         /* its entry and artifact name */
  uint64_t art_dev, art_ino, art_size, art_ctime_s, art_ctime_ns;     /* the entry's artifact */
} file_record;

static void record_path(const wt_engine *e, int kind, const struct stat *s, char *out, size_t size) {
  uint64_t id[3] = {seed_of(e, kind), (uint64_t)s->st_dev, (uint64_t)s->st_ino};
  name_of(e, XXH3_128bits(id, sizeof id), ".file", out, size);
}

static file_record record_of(const wt_engine *e, int kind, const struct stat *s, const entry_paths *p,
                             const struct stat *a) {
  return (file_record){FILE_MAGIC, seed_of(e, kind), (uint64_t)s->st_dev, (uint64_t)s->st_ino, (uint64_t)s->st_size,
                       (uint64_t)s->st_mtim.tv_sec, (uint64_t)s->st_mtim.tv_nsec, (uint64_t)s->st_ctim.tv_sec,
                       (uint64_t)s->st_ctim.tv_nsec, p->key.low64, p->key.high64, p->n, (uint64_t)a->st_dev,
                       (uint64_t)a->st_ino, (uint64_t)a->st_size, (uint64_t)a->st_ctim.tv_sec,
                       (uint64_t)a->st_ctim.tv_nsec};
}

/* Same as file_record's first fields (the input) and last (the artifact). */
static bool same_input(const file_record *a, const file_record *b) {
  return !memcmp(a, b, offsetof(file_record, key_lo));
}
static bool same_artifact(const file_record *a, const file_record *b) {
  return !memcmp(&a->art_dev, &b->art_dev, sizeof *a - offsetof(file_record, art_dev));
}

static bool settled(const struct stat *s) {
  time_t now = time(NULL), last = s->st_mtim.tv_sec > s->st_ctim.tv_sec ? s->st_mtim.tv_sec : s->st_ctim.tv_sec;
  return s->st_ino != 0 && now - last > SETTLED;
}

static int read_record(const char *path, file_record *r) {
  struct stat st;
  int fd = open_regular(path, &st);
  bool ok = fd >= 0 && read(fd, r, sizeof *r) == (ssize_t)sizeof *r;
  if (fd >= 0) close(fd);
  return ok ? 0 : -1;
}

int wt__cache_load_known(wt_engine *e, int kind, const struct stat *s, void **out) {
  char path[4200];
  file_record r, now;
  entry_paths p;
  struct stat a;
  *out = NULL;
  record_path(e, kind, s, path, sizeof path);
  if (read_record(path, &r) != 0) return -1;
  paths_of_key(e, (XXH128_hash_t){r.key_lo, r.key_hi}, r.n, &p);
  int fd = open_regular(p.cwasm, &a);
  if (fd < 0) return -1;
  now = record_of(e, kind, s, &p, &a);
  if (!same_input(&r, &now) || !same_artifact(&r, &now)) { close(fd); return -1; }
  return load_hit(e, kind, &p, fd, &a, true, out);
}

wt_status wt__cache_load_file(wt_engine *e, int kind, const struct stat *s, const uint8_t *wasm, size_t len,
                              void **out) {
  entry_paths p;
  struct stat art;
  char path[4200];
  wt_status rc = load(e, kind, &p, wasm, len, out, &art);
  if (rc || !s || !art.st_ino || !settled(s)) return rc;
  file_record r = record_of(e, kind, s, &p, &art);
  record_path(e, kind, s, path, sizeof path);
  wt__write_atomic(path, (const uint8_t *)&r, sizeof r, 0600); /* best effort */
  return rc;
}

/* ---- the folder as a whole ---- */

typedef enum { F_SRC, F_ART, F_FILE, F_TMP } file_kind;
typedef struct file_info { char name[96]; time_t mtime; off_t size; file_kind kind; } file_info;

/* Only wt's own files: 32 hex digits + ".src", "-N.cwasm" (N: 16 hex
 * digits), ".file", or a temporary one of these (".tmp." + more). */
static int kind_of(const char *name, file_kind *k) {
  size_t n = strspn(name, "0123456789abcdef");
  const char *r = name + n;
  if (n != 32 || strlen(name) >= sizeof ((file_info *)0)->name) return -1;
  if (strstr(r, ".tmp.")) *k = F_TMP;
  else if (!strcmp(r, ".src")) *k = F_SRC;
  else if (!strcmp(r, ".file")) *k = F_FILE;
  else if (r[0] == '-' && strspn(r + 1, "0123456789abcdef") == 16 && !strcmp(r + 17, ".cwasm")) *k = F_ART;
  else return -1;
  return 0;
}

/* Lists wt's files in the folder; *n gets the count, *bytes their size. */
static file_info *scan(const wt_engine *e, size_t *n, uint64_t *bytes) {
  DIR *d = opendir(e->cache_dir);
  file_info *v = NULL;
  size_t cap = 0;
  *n = 0;
  *bytes = 0;
  for (struct dirent *de; d && (de = readdir(d));) {
    struct stat st;
    char path[4400];
    file_kind k;
    if (kind_of(de->d_name, &k)) continue;
    snprintf(path, sizeof path, "%s/%s", e->cache_dir, de->d_name);
    if (lstat(path, &st) != 0) continue;
    if (*n == cap) {
      file_info *grown = realloc(v, (cap ? cap * 2 : 64) * sizeof *v);
      if (!grown) break;
      v = grown;
      cap = cap ? cap * 2 : 64;
    }
    memcpy(v[*n].name, de->d_name, strlen(de->d_name) + 1); /* kind_of: it fits */
    v[*n].mtime = st.st_mtime;
    v[*n].kind = k;
    v[(*n)++].size = st.st_size;
    *bytes += (uint64_t)st.st_size;
  }
  if (d) closedir(d);
  return v;
}

/* The paths of the entry whose KEY.src is `name` (its artifact's name read
 * from its header; 0 if unreadable). */
static void entry_of_src(const wt_engine *e, const char *name, entry_paths *p) {
  src_header h;
  XXH128_hash_t key;
  unsigned long long hi = 0, lo = 0;
  sscanf(name, "%16llx%16llx", &hi, &lo);
  key.high64 = hi;
  key.low64 = lo;
  paths_of_key(e, key, 0, p);
  struct stat st;
  int fd = open_regular(p->src, &st);
  if (fd >= 0 && pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h && !memcmp(h.magic, MAGIC, 8)) paths_of_key(e, key, h.n, p);
  if (fd >= 0) close(fd);
}

/* An artifact no .src names (replaced under its key, or its writer died
 * before committing), or a temporary file of a dead writer. */
static bool stray(const wt_engine *e, const file_info *f, time_t now) {
  char path[4400];
  entry_paths p;
  if (f->kind == F_TMP) return now - f->mtime > 3600;
  if (f->kind != F_ART || now - f->mtime <= ORPHAN_AGE) return false;
  snprintf(path, sizeof path, "%.32s.src", f->name);
  entry_of_src(e, path, &p);
  snprintf(path, sizeof path, "%s/%s", e->cache_dir, f->name);
  return strcmp(path, p.cwasm) != 0;
}

/* An entry's age is that of its .src (touched on hits). */
static int by_age(const void *a, const void *b) {
  const file_info *x = a, *y = b;
  return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

/* Removes one file of the listing (an entry: its .src and artifact);
 * returns the bytes freed. */
static uint64_t drop(wt_engine *e, const file_info *f) {
  char path[4400];
  entry_paths p;
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", e->cache_dir, f->name);
  if (f->kind != F_SRC) return unlink(path) == 0 ? (uint64_t)f->size : 0;
  entry_of_src(e, f->name, &p);
  uint64_t art = lstat(p.cwasm, &st) == 0 ? (uint64_t)st.st_size : 0;
  remove_entry(&p);
  count(e, &e->stats.evictions);
  return (uint64_t)f->size + art;
}

static uint64_t sub(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }

/* Tidies the folder (strays), then evicts the least recently used entries
 * (and file records) while it is over its bound. */
static void evict(wt_engine *e) {
  size_t n;
  uint64_t bytes;
  time_t now = time(NULL);
  file_info *v = scan(e, &n, &bytes);
  for (size_t i = 0; i < n; i++)
    if (stray(e, &v[i], now)) { bytes = sub(bytes, drop(e, &v[i])); v[i].kind = F_TMP; v[i].size = 0; }
  if (bytes > e->opts.cache_max_bytes) qsort(v, n, sizeof *v, by_age);
  for (size_t i = 0; i < n && bytes > e->opts.cache_max_bytes; i++)
    if (v[i].size && (v[i].kind == F_SRC || v[i].kind == F_FILE)) bytes = sub(bytes, drop(e, &v[i]));
  free(v);
}

wt_status wt_engine_cache_stats(wt_engine *engine, wt_cache_stats *out) {
  static _Thread_local char error[sizeof engine->cache_store_error];
  ZERO(out);
  ARGS(engine, out);
  if (!engine->opts.cache) return wt__fail(WT_INVALID, "cache: this engine has no cache (option cache)");
  size_t n;
  pthread_mutex_lock(&engine->lock);
  *out = engine->stats;
  snprintf(error, sizeof error, "%s", engine->cache_error[0] ? engine->cache_error : engine->cache_store_error);
  pthread_mutex_unlock(&engine->lock);
  out->error = error[0] ? error : NULL;
  out->dir = engine->cache_dir;
  if (!engine->cache_dir) return WT_OK;
  file_info *v = scan(engine, &n, &out->bytes);
  for (size_t i = 0; i < n; i++) out->entries += v[i].kind == F_SRC;
  free(v);
  return WT_OK;
}

const char *wt_engine_cache_error(wt_engine *engine) {
  static _Thread_local char error[sizeof engine->cache_store_error];
  if (!engine || !engine->opts.cache) return NULL;
  pthread_mutex_lock(&engine->lock);
  snprintf(error, sizeof error, "%s", engine->cache_error[0] ? engine->cache_error : engine->cache_store_error);
  pthread_mutex_unlock(&engine->lock);
  return error[0] ? error : NULL;
}

wt_status wt_engine_cache_clear(wt_engine *engine) {
  ARGS(engine);
  if (!engine->opts.cache) return wt__fail(WT_INVALID, "cache: this engine has no cache (option cache)");
  if (!engine->cache_dir) return wt__fail(WT_CACHE, "cache: %s", engine->cache_error);
  size_t n;
  uint64_t bytes;
  file_info *v = scan(engine, &n, &bytes);
  char path[4400];
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%s", engine->cache_dir, v[i].name);
    unlink(path);
  }
  free(v);
  return WT_OK;
}
