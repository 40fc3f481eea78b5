/* loader.c - find libwasmtime.so, dlopen it, fill the one symbol table. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef WT_DEFAULT_LIB
#define WT_DEFAULT_LIB ""
#endif
/* What WT_DEFAULT_LIB is, in the list of places tried (the build tree's
 * default: the copy scripts/fetch-wasmtime.sh fetched). */
#ifndef WT_DEFAULT_LIB_WHAT
#define WT_DEFAULT_LIB_WHAT "fetched by scripts/fetch-wasmtime.sh"
#endif

wta_syms wt__w;
int wt__ready;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static void *handle;
static char lib_path[4096];
static char lib_version[64] = "unknown";
static unsigned lib_caps; /* WT_CAP_* bits of the loaded library */

/* The ABI lines wt drives, newest first: what differs from the newest
 * (wta_line in abi.h). tests/abi_test.c proves src/abi.h and each line's
 * prototypes against the official headers (make abi-test). */
#define OLDEST 36
static const wta_line abi_lines[] = {
    /* name          first last witness                                      val cx  mem0 gc0  trap perm oldv cext cfunc */
    {"Wasmtime 49-50", 49, 50, "wasmtime_component_extern_clone",                 32, 0, 0, 0, 0, 0, 0, 1, 32},
    {"Wasmtime 48",    48, 48, "wasmtime_component_fixed_length_list_type_clone", 32, 0, 0, 0, 0, 0, 0, 0, 24},
    {"Wasmtime 45-47", 45, 47, "wasi_config_inherit_network",                     32, 0, 0, 0, 0, 1, 0, 0, 24},
    {"Wasmtime 42-44", 42, 44, NULL,                                              32, 0, 0, 0, 0, 1, 1, 0, 24},
    {"Wasmtime 39-41", 39, 41, "wasmtime_memorytype_page_size",                   32, 0, 0, 1, 1, 1, 1, 0, 24},
    /* 36-38: wt drives no component type there (no WT_CAP_COMPONENT) */
    {"Wasmtime 38",    38, 38, NULL,                                              32, 0, 1, 1, 1, 1, 1, 0, 24},
    {"Wasmtime 37",    37, 37, NULL,                                              32, 1, 1, 1, 1, 1, 1, 0, 24},
    {"Wasmtime 36",    36, 36, NULL,                                              24, 1, 1, 1, 1, 1, 1, 0, 24},
};
#define NLINES (sizeof abi_lines / sizeof abi_lines[0])
const wta_line *wt__line;

static const wta_line *line_of_major(int major) {
  if (major > abi_lines[0].last) return &abi_lines[0]; /* newer: only with the newest witness (below) */
  for (size_t i = 0; i < NLINES; i++)
    if (major >= abi_lines[i].first && major <= abi_lines[i].last) return &abi_lines[i];
  return NULL;
}

/* The exact version, from the symbol every official build exports
 * (resolve_vmctx_memory_ptr_<major>_<minor>_<patch>, of the default
 * debug-builtins feature), found in the library's dynamic string table:
 * a few microseconds, no symbol lookup by guess. 0 when there is none. */
static int version_symbol(void *h, char *out, size_t size) {
  static const char prefix[] = "resolve_vmctx_memory_ptr_";
  struct link_map *lm = NULL;
  if (dlinfo(h, RTLD_DI_LINKMAP, &lm) || !lm || !lm->l_ld) return 0;
  const char *str = NULL;
  size_t len = 0;
  for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++) {
    if (d->d_tag == DT_STRTAB) /* glibc relocates it in place; an unrelocated one is an offset */
      str = (const char *)(d->d_un.d_ptr < lm->l_addr ? lm->l_addr + d->d_un.d_ptr : d->d_un.d_ptr);
    else if (d->d_tag == DT_STRSZ) len = d->d_un.d_val;
  }
  const char *p = str && len ? memmem(str, len, prefix, sizeof prefix - 1) : NULL;
  unsigned a, b, c;
  if (!p || sscanf(p + sizeof prefix - 1, "%u_%u_%u", &a, &b, &c) != 3 || a > 9999 || b > 9999 || c > 9999) return 0;
  snprintf(out, size, "%u.%u.%u", a, b, c);
  return (int)a;
}

/* Without the version symbol: the newest release whose first-exported
 * symbol the library has; 0 when the witnesses cannot tell (36-38, and
 * 41 from 42, export the same symbols). */
static int major_of_witnesses(void *h) {
  static const struct { int major; const char *symbol; } witnesses[] = {
      {50, "wasmtime_config_wasm_compact_imports_set"}, {49, "wasmtime_config_wasm_component_model_implements_set"},
      {48, "wasmtime_component_fixed_length_list_type_clone"}, {46, "wasmtime_anyref_type"},
      {45, "wasi_config_inherit_network"}, {44, "wasm_tagtype_new"}, {43, "wasmtime_config_gc_support_set"},
      {40, "wasmtime_config_shared_memory_set"}, {39, "wasmtime_memorytype_page_size"}};
  for (size_t i = 0; i < sizeof witnesses / sizeof witnesses[0]; i++)
    if (dlsym(h, witnesses[i].symbol)) return witnesses[i].major == 40 ? 0 : witnesses[i].major; /* 40-42 */
  return 0; /* 36-38 */
}

/* The line of library h, or NULL with the reason in why. */
static const wta_line *line_of(void *h, const char *path, char *version, size_t vsize, char *why, size_t wsize) {
  int major = version_symbol(h, version, vsize);
  bool exact = major > 0;
  if (!exact) major = major_of_witnesses(h);
  if (!major && !dlsym(h, "wasmtime_store_new")) {
    snprintf(why, wsize, "%s: loaded, but it is not Wasmtime's C API: older than any line wt mirrors "
             "(no wasmtime_store_new)", path);
    return NULL;
  }
  if (!major) {
    snprintf(why, wsize, "%s: a Wasmtime %s without its version symbol (resolve_vmctx_memory_ptr_*, of "
             "the debug-builtins feature): wt cannot tell which it is, and their C ABIs differ; use an "
             "official build", path, dlsym(h, "wasmtime_config_shared_memory_set") ? "40-42" : "36-38 (or older)");
    return NULL;
  }
  const wta_line *line = line_of_major(major);
  if (!line || major < OLDEST) {
    snprintf(why, wsize, "%s: Wasmtime %s is older than any line wt mirrors (wt drives Wasmtime %d to %d)", path,
             exact ? version : "< 36", OLDEST, abi_lines[0].last);
    return NULL;
  }
  if (major > abi_lines[0].last && !dlsym(h, abi_lines[0].witness)) {
    snprintf(why, wsize, "%s: Wasmtime %s is newer than wt knows and lacks %s: its C ABI is not one wt can "
             "prove (wt drives Wasmtime %d to %d)", path, version, abi_lines[0].witness, OLDEST, abi_lines[0].last);
    return NULL;
  }
  if (!exact) snprintf(version, vsize, "%d (from its symbols)", major);
  return line;
}

/* What one search tried: appended to, then reported in full on failure. */
typedef struct tried { char text[8192]; size_t len; } tried;

static void note(tried *t, const char *where, const char *why) {
  if (t->len < sizeof t->text)
    t->len += (size_t)snprintf(t->text + t->len, sizeof t->text - t->len,
                               "\n  - %s: %s", where, why);
}

/* Resolves every symbol; a missing required one fails naming it. */
static int resolve(void *h, char *missing, size_t size) {
  wta_syms syms;
  unsigned caps = WT_CAP_WAT | WT_CAP_WASI | WT_CAP_CACHE | WT_CAP_POOLING | WT_CAP_CAPTURE | WT_CAP_COMPONENT |
                  WT_CAP_WASIP2 | WT_CAP_WASI_HTTP;
#define WT_SYM(cap, ret, name, params)                                     \
  *(void **)&syms.name = dlsym(h, #name);                                  \
  if (!syms.name) {                                                        \
    if ((cap) == 0) { snprintf(missing, size, "%s", #name); return -1; }   \
    caps &= ~(unsigned)(cap);                                              \
  }
#include "abi_syms.h"
#undef WT_SYM
  /* WASI 0.2 and wasi:http are for components: nothing without them. */
  if (!(caps & WT_CAP_COMPONENT)) caps &= ~(unsigned)(WT_CAP_WASIP2 | WT_CAP_WASI_HTTP);
  wt__w = syms;
  lib_caps = caps;
  return 0;
}

/* Reads VERSION written by the setup script next to lib/ (or beside it). */
static void read_version(const char *path) {
  char dir[4096], file[4200];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash) return;
  *slash = 0;
  const char *cands[] = {"%s/VERSION", "%s/../VERSION"};
  for (int i = 0; i < 2; i++) {
    snprintf(file, sizeof file, cands[i], dir);
    FILE *f = fopen(file, "r");
    if (!f) continue;
    if (fgets(lib_version, sizeof lib_version, f)) lib_version[strcspn(lib_version, "\r\n")] = 0;
    fclose(f);
    return;
  }
}

/* Tries one candidate; on success the library stays loaded. */
static int try_one(tried *t, const char *where, const char *path) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) { const char *e = dlerror(); note(t, where, e ? e : "dlopen failed"); return -1; }
  char missing[256], why[4600], version[64] = "";
  const wta_line *line = line_of(h, path, version, sizeof version, why, sizeof why);
  if (!line) {
    note(t, where, why);
    dlclose(h);
    return -1;
  }
  if (resolve(h, missing, sizeof missing) != 0) {
    snprintf(why, sizeof why, "%s: loaded, but required symbol %s is missing "
             "(not a Wasmtime C API this wt can drive)", path, missing);
    note(t, where, why);
    dlclose(h);
    return -1;
  }
  handle = h;
  wt__line = line;
  if (!dlinfo(h, RTLD_DI_ORIGIN, lib_path) && strlen(lib_path) + 20 < sizeof lib_path) {
    const char *base = strrchr(path, '/');
    strcat(lib_path, "/");
    strcat(lib_path, base ? base + 1 : path);
  } else {
    snprintf(lib_path, sizeof lib_path, "%s", path);
  }
  snprintf(lib_version, sizeof lib_version, "%s", version);
  if (!strchr(version, '.')) read_version(lib_path); /* not exact: the setup script's VERSION file may be */
  return 0;
}

/* Each -L folder of $NIX_LDFLAGS, as wasmtime-mojo searches. */
static int try_nix(tried *t) {
  const char *flags = getenv("NIX_LDFLAGS");
  if (!flags || !*flags) { note(t, "NIX_LDFLAGS", "not set"); return -1; }
  char *copy = strdup(flags), *save = NULL, path[4200];
  int rc = -1, any = 0;
  for (char *tok = strtok_r(copy, " \t", &save); tok && rc; tok = strtok_r(NULL, " \t", &save)) {
    if (strncmp(tok, "-L", 2) != 0) continue;
    any = 1;
    snprintf(path, sizeof path, "%s/libwasmtime.so", tok + 2);
    rc = try_one(t, "NIX_LDFLAGS -L folder", path);
  }
  if (!any) note(t, "NIX_LDFLAGS", "has no -L folder");
  free(copy);
  return rc;
}

/* What to do about a failed search: the default this build has. */
static const char *load_hint(void) {
  static char hint[4400];
  if (!*WT_DEFAULT_LIB)
    return "Set WT_WASMTIME_LIB to the path of libwasmtime.so (Wasmtime's C API library, 36 or later), or put "
           "it where the dynamic loader looks (LD_LIBRARY_PATH).";
  snprintf(hint, sizeof hint, "Put libwasmtime.so (Wasmtime's C API library, 36 or later) at %s (%s), or set "
           "WT_WASMTIME_LIB to its path.", WT_DEFAULT_LIB, WT_DEFAULT_LIB_WHAT);
  return hint;
}

/* An explicit choice (a path, WT_WASMTIME_LIB) is final: when it fails,
 * wt reports it rather than silently loading some other library. */
static int search(const char *path, tried *t) {
  const char *env = getenv("WT_WASMTIME_LIB");
  if (path) return try_one(t, "path given to wt_init", path);
  if (env && *env) return try_one(t, "WT_WASMTIME_LIB", env);
  note(t, "WT_WASMTIME_LIB", "not set");
  if (!try_nix(t)) return 0;
  if (*WT_DEFAULT_LIB && !try_one(t, WT_DEFAULT_LIB_WHAT, WT_DEFAULT_LIB)) return 0;
  return try_one(t, "system search (dlopen libwasmtime.so)", "libwasmtime.so");
}

wt_status wt_init(const char *path) {
  if (__atomic_load_n(&wt__ready, __ATOMIC_ACQUIRE)) return WT_OK;
  pthread_mutex_lock(&load_lock);
  wt_status rc = WT_OK;
  if (!wt__ready) {
    tried t = {{0}, 0};
    if (search(path, &t) == 0) {
      __atomic_store_n(&wt__ready, 1, __ATOMIC_RELEASE);
    } else {
      rc = wt__fail(WT_LOAD, "cannot load libwasmtime.so; tried:%s\n%s", t.text, load_hint());
    }
  }
  pthread_mutex_unlock(&load_lock);
  return rc;
}

wt_status wt__ensure_slow(void) { return wt_init(NULL); }

wt_status wt__need_cap(unsigned cap, const char *what) {
  wt_status rc = wt__ensure();
  if (rc) return rc;
  if (lib_caps & cap) return WT_OK;
  return wt__fail(WT_UNSUPPORTED, "%s: the loaded library (%s) lacks this capability",
                  what, lib_path);
}

const char *wt_library_path(void) {
  return __atomic_load_n(&wt__ready, __ATOMIC_ACQUIRE) ? lib_path : NULL;
}

const char *wt_abi_line(void) {
  return __atomic_load_n(&wt__ready, __ATOMIC_ACQUIRE) ? wt__line->name : NULL;
}

/* lib_version is written under load_lock before wt__ready is published:
 * read it only after (a reader racing the first load gets "unknown"). */
const char *wt_wasmtime_version(void) {
  return __atomic_load_n(&wt__ready, __ATOMIC_ACQUIRE) ? lib_version : "unknown";
}

bool wt_has(wt_capability cap) { return wt__ensure() == WT_OK && (lib_caps & (unsigned)cap); }

void wt_free(void *p) { free(p); }
