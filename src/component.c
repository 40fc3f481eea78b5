/* component.c - wt_component: compile (through the engine's cache when it
 * has one), load, (de)serialize components; the binary-kind tests
 * module.c shares. Imports and exports are citem.c's. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define COMPONENT_CAP "components (WT_CAP_COMPONENT)"

int wt__binary_kind(const uint8_t *b, size_t n) {
  if (n < 8 || memcmp(b, "\0asm", 4)) return WT__BIN_OTHER;
  if (b[6] == 0 && b[7] == 0) return WT__BIN_MODULE;
  if (b[6] == 1 && b[7] == 0) return WT__BIN_COMPONENT;
  return WT__BIN_OTHER;
}

/* ELF64 or ELF32, either byte order: e_flags sits after e_entry, e_phoff
 * and e_shoff, which are 8 or 4 bytes each. */
int wt__cwasm_kind(const uint8_t *b, size_t n) {
  if (n < 52 || memcmp(b, "\x7f" "ELF", 4) || (b[4] != 1 && b[4] != 2) || (b[5] != 1 && b[5] != 2))
    return WT__BIN_OTHER;
  size_t at = b[4] == 2 ? 48 : 36;
  if (n < at + 4) return WT__BIN_OTHER;
  uint32_t flags = b[5] == 1 ? (uint32_t)b[at] | (uint32_t)b[at + 1] << 8 | (uint32_t)b[at + 2] << 16 | (uint32_t)b[at + 3] << 24
                             : (uint32_t)b[at + 3] | (uint32_t)b[at + 2] << 8 | (uint32_t)b[at + 1] << 16 | (uint32_t)b[at] << 24;
  if ((flags & 3) == 1) return WT__BIN_MODULE;    /* EF_WASMTIME_MODULE */
  if ((flags & 3) == 2) return WT__BIN_COMPONENT; /* EF_WASMTIME_COMPONENT */
  return WT__BIN_OTHER;
}

static bool component_is_wasm(const uint8_t *b, size_t n) { return n >= 4 && !memcmp(b, "\0asm", 4); }
static bool component_is_elf(const uint8_t *b, size_t n) { return n >= 4 && !memcmp(b, "\x7f" "ELF", 4); }

/* A new wt_component for raw (which it takes, freeing it on failure). */
static wt_status component_wrap(wt_engine *engine, wta_component_t *raw, wt_component **out) {
  wt_component *c = calloc(1, sizeof *c);
  if (!c) { W->wasmtime_component_delete(raw); return wt__oom(); }
  c->c = raw;
  c->engine = engine;
  pthread_mutex_init(&c->lock, NULL);
  *out = c;
  return WT_OK;
}

void wt_component_delete(wt_component *component) {
  if (!component) return;
  W->wasmtime_component_delete(component->c);
  wt__component_items_free(component);
  pthread_mutex_destroy(&component->lock);
  free(component);
}

/* Wasmtime refusing input: WT_MALFORMED, as for modules. */
static wt_status component_error(wta_error_t *err) {
  wt_status rc = wt__outcome(err, NULL, NULL);
  return rc == WT_ERROR ? WT_MALFORMED : rc;
}

/* Compiles the binary component b[0..n), through the engine's cache when
 * it has one (s: the stat of the file it was read from, to record; NULL:
 * none). `who` starts messages (the function, or the file); `module_fn`
 * is the function for a core module; `text_fn`, when not NULL, the one
 * for text. */
static wt_status component_compile(wt_engine *e, const uint8_t *b, size_t n, const struct stat *s, const char *who,
                                   const char *module_fn, const char *text_fn, wt_component **out) {
  if (wt__binary_kind(b, n) == WT__BIN_MODULE)
    return wt__fail(WT_MALFORMED, "%s: a core module, not a component: use %s", who, module_fn);
  if (!component_is_wasm(b, n))
    return wt__fail(WT_MALFORMED, "%s: not a binary component (no \\0asm header)%s%s", who,
                    text_fn ? "; for component text use " : "", text_fn ? text_fn : "");
  void *raw = NULL;
  wt_status rc;
  if (e->cache_dir) rc = wt__cache_load_file(e, WT__BIN_COMPONENT, s, b, n, &raw);
  else {
    wta_component_t *c = NULL;
    rc = component_error(W->wasmtime_component_new(e->e, b, n, &c));
    raw = c;
  }
  return rc ? wt__fail(rc, "%s: %s", who, wt_errmsg()) : component_wrap(e, raw, out);
}

wt_status wt_component_new(wt_engine *engine, const uint8_t *bytes, size_t len, wt_component **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(bytes, len);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  if (wt__check_input_size(engine, len, false, "component")) return WT_LIMIT;
  return component_compile(engine, bytes, len, NULL, "wt_component_new", "wt_module_new", "wt_component_from_wat", out);
}

/* Text to a component; path names the file it came from (NULL: none), in
 * place of the parser's "<anon>"; s is its stat, as component_compile's. */
static wt_status component_text(wt_engine *e, const char *text, size_t n, const char *path, const struct stat *s,
                                wt_component **out) {
  uint8_t *wasm = NULL;
  size_t len = 0;
  if (wt__check_input_size(e, n, true, path ? path : "component text")) return WT_LIMIT;
  wt_status rc = wt_wat_to_wasm(text, n, &wasm, &len);
  if (rc && path) {
    char msg[4096];
    const char *m = wt_errmsg(), *anon = strstr(m, "<anon>");
    if (anon) snprintf(msg, sizeof msg, "%.*s%s%s", (int)(anon - m), m, path, anon + strlen("<anon>"));
    else snprintf(msg, sizeof msg, "%s: %s", path, m);
    return wt__fail(rc, "%s", msg);
  }
  if (rc) return rc;
  if (path) rc = component_compile(e, wasm, len, s, path, "wt_module_from_file", NULL, out);
  else rc = component_compile(e, wasm, len, NULL, "wt_component_from_wat", "wt_module_from_wat", "wt_component_from_wat", out);
  free(wasm);
  return rc;
}

wt_status wt_component_from_wat(wt_engine *engine, const char *wat, size_t len, wt_component **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(wat, len);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  return rc ? rc : component_text(engine, wat, len, NULL, NULL, out);
}

/* The serialized component in the open regular file fd (path names it):
 * Wasmtime maps the file checked (through /proc/self/fd when there is
 * one), not whatever path names by then. */
static wt_status component_load_fd(wt_engine *e, int fd, const char *path, wt_component **out) {
  char self[64];
  wta_component_t *raw = NULL;
  wt_status rc = component_error(W->wasmtime_component_deserialize_file(e->e, wt__path_of_fd(fd, path, self, sizeof self), &raw));
  if (rc) return wt__fail(rc, "%s: %s", path, wt_errmsg());
  return component_wrap(e, raw, out);
}

/* A serialized core module where a component is wanted: name the function. */
static wt_status cwasm_module(const char *who, const char *instead) {
  return wt__fail(WT_MALFORMED, "%s: a precompiled core module, not a component: use %s", who, instead);
}

/* A precompiled file is native code: loaded only on the engine's opt-in.
 * head: its first n bytes, which say whether it is a component's. */
static wt_status component_precompiled(wt_engine *e, int fd, const char *path, const uint8_t *head, size_t n,
                                       wt_component **out) {
  if (wt__cwasm_kind(head, n) == WT__BIN_MODULE) return cwasm_module(path, "wt_module_from_file");
  if (!e->opts.allow_precompiled)
    return wt__fail(WT_INVALID, "%s is a precompiled component (native code, run as it is): refused without the "
                    "engine option allow_precompiled", path);
  return component_load_fd(e, fd, path, out);
}

/* The content b[0..n) of the file fd: binary or text. Text with a NUL
 * byte is neither: the WAT parser is not asked. s: the file's stat to
 * record in the cache (NULL: not to be). */
static wt_status component_content(wt_engine *e, int fd, const char *path, const struct stat *s, const uint8_t *b,
                                   size_t n, wt_component **out) {
  if (component_is_elf(b, n)) return component_precompiled(e, fd, path, b, n, out); /* it changed meanwhile */
  if (component_is_wasm(b, n)) return component_compile(e, b, n, s, path, "wt_module_from_file", NULL, out);
  if (memchr(b, 0, n))
    return wt__fail(WT_MALFORMED, "%s: not a WebAssembly component (neither binary wasm nor WAT text)", path);
  return component_text(e, (const char *)b, n, path, s, out);
}

/* The file's content (not yet read), compiled through the cache when the
 * engine has one (record: the file's identity may be recorded, as for
 * modules with cache_trust_files). */
static wt_status component_from_fd(wt_engine *e, int fd, const char *path, const struct stat *s, bool record,
                                   wt_component **out) {
  uint8_t head[WT__ELF_HEAD], *bytes = NULL;
  size_t n = 0;
  struct stat after;
  ssize_t got = pread(fd, head, sizeof head, 0);
  if (got >= 4 && component_is_elf(head, (size_t)got)) return component_precompiled(e, fd, path, head, (size_t)got, out);
  wt_status rc = wt__read_fd(fd, path, (size_t)s->st_size, (size_t)e->opts.max_module_bytes, &bytes, &n);
  if (rc) return rc;
  if (record && (fstat(fd, &after) != 0 || !wt__same_stat(s, &after))) record = false; /* changed while read */
  rc = component_content(e, fd, path, record ? s : NULL, bytes, n, out);
  free(bytes);
  return rc;
}

/* Through the cache, a file known to be unchanged is not even read. */
wt_status wt_component_from_file(wt_engine *engine, const char *path, wt_component **out) {
  int fd;
  struct stat s;
  void *raw = NULL;
  ZERO(out);
  ARGS(engine, path, out);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  rc = wt__open_file(path, (size_t)engine->opts.max_module_bytes, &fd, &s);
  if (rc) return rc;
  bool cached = engine->cache_dir && engine->opts.cache_trust_files;
  if (cached && wt__cache_load_known(engine, WT__BIN_COMPONENT, &s, &raw) == 0) rc = component_wrap(engine, raw, out);
  else rc = component_from_fd(engine, fd, path, &s, cached, out);
  close(fd);
  return rc;
}

wt_status wt_component_serialize(wt_component *component, uint8_t **out, size_t *out_len) {
  wta_byte_vec_t v = {0, NULL};
  ZERO(out);
  ZERO(out_len);
  ARGS(component, out, out_len);
  return wt__serialized_out(W->wasmtime_component_serialize(component->c, &v), &v, out, out_len);
}

wt_status wt_component_deserialize(wt_engine *engine, const uint8_t *bytes, size_t len, wt_component **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(bytes, len); /* as wt_component_new: (NULL, 0) is empty input, WT_MALFORMED */
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  if (len == 0) return wt__fail(WT_MALFORMED, "wt_component_deserialize: no bytes, not a serialized component");
  if (wt__cwasm_kind(bytes, len) == WT__BIN_MODULE) return cwasm_module("wt_component_deserialize", "wt_module_deserialize");
  wta_component_t *raw = NULL;
  rc = component_error(W->wasmtime_component_deserialize(engine->e, bytes, len, &raw));
  return rc ? rc : component_wrap(engine, raw, out);
}

/* Only a regular file is opened (a FIFO would block Wasmtime's open); no
 * size limit: an artifact is not module input. */
wt_status wt_component_deserialize_file(wt_engine *engine, const char *path, wt_component **out) {
  int fd;
  struct stat s;
  ZERO(out);
  ARGS(engine, path, out);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  rc = wt__open_file(path, SIZE_MAX, &fd, &s);
  if (rc) return rc;
  uint8_t head[WT__ELF_HEAD];
  ssize_t got = pread(fd, head, sizeof head, 0);
  if (got > 0 && wt__cwasm_kind(head, (size_t)got) == WT__BIN_MODULE) rc = cwasm_module(path, "wt_module_deserialize_file");
  else rc = component_load_fd(engine, fd, path, out);
  close(fd);
  return rc;
}
