/* component.c - wt_component: compile, load, (de)serialize components;
 * the binary-kind test wt_module_new shares. Linking and calls are not
 * here yet; nor is the cache (components are compiled anew each time). */
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

/* Compiles the binary component b[0..n). `who` starts messages (the
 * function, or the file); `module_fn` is the function for a core module;
 * `text_fn`, when not NULL, the one for text. */
static wt_status component_compile(wt_engine *e, const uint8_t *b, size_t n, const char *who, const char *module_fn,
                                   const char *text_fn, wt_component **out) {
  if (wt__binary_kind(b, n) == WT__BIN_MODULE)
    return wt__fail(WT_MALFORMED, "%s: a core module, not a component: use %s", who, module_fn);
  if (!component_is_wasm(b, n))
    return wt__fail(WT_MALFORMED, "%s: not a binary component (no \\0asm header)%s%s", who,
                    text_fn ? "; for component text use " : "", text_fn ? text_fn : "");
  wta_component_t *raw = NULL;
  wt_status rc = component_error(W->wasmtime_component_new(e->e, b, n, &raw));
  return rc ? wt__fail(rc, "%s: %s", who, wt_errmsg()) : component_wrap(e, raw, out);
}

wt_status wt_component_new(wt_engine *engine, const uint8_t *bytes, size_t len, wt_component **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(bytes, len);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  if (wt__check_input_size(engine, len, false, "component")) return WT_LIMIT;
  return component_compile(engine, bytes, len, "wt_component_new", "wt_module_new", "wt_component_from_wat", out);
}

/* Text to a component; path names the file it came from (NULL: none), in
 * place of the parser's "<anon>". */
static wt_status component_text(wt_engine *e, const char *text, size_t n, const char *path, wt_component **out) {
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
  if (path) rc = component_compile(e, wasm, len, path, "wt_module_from_file", NULL, out);
  else rc = component_compile(e, wasm, len, "wt_component_from_wat", "wt_module_from_wat", "wt_component_from_wat", out);
  free(wasm);
  return rc;
}

wt_status wt_component_from_wat(wt_engine *engine, const char *wat, size_t len, wt_component **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(wat, len);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  return rc ? rc : component_text(engine, wat, len, NULL, out);
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

/* A precompiled file is native code: loaded only on the engine's opt-in. */
static wt_status component_precompiled(wt_engine *e, int fd, const char *path, wt_component **out) {
  if (!e->opts.allow_precompiled)
    return wt__fail(WT_INVALID, "%s is a precompiled component (native code, run as it is): refused without the "
                    "engine option allow_precompiled", path);
  return component_load_fd(e, fd, path, out);
}

/* The content b[0..n) of the file fd: binary or text. Text with a NUL
 * byte is neither: the WAT parser is not asked. */
static wt_status component_content(wt_engine *e, int fd, const char *path, const uint8_t *b, size_t n,
                                   wt_component **out) {
  if (component_is_elf(b, n)) return component_precompiled(e, fd, path, out); /* it changed meanwhile */
  if (component_is_wasm(b, n)) return component_compile(e, b, n, path, "wt_module_from_file", NULL, out);
  if (memchr(b, 0, n))
    return wt__fail(WT_MALFORMED, "%s: not a WebAssembly component (neither binary wasm nor WAT text)", path);
  return component_text(e, (const char *)b, n, path, out);
}

wt_status wt_component_from_file(wt_engine *engine, const char *path, wt_component **out) {
  int fd;
  struct stat s;
  uint8_t head[4], *bytes = NULL;
  size_t n = 0;
  ZERO(out);
  ARGS(engine, path, out);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  rc = wt__open_file(path, (size_t)engine->opts.max_module_bytes, &fd, &s);
  if (rc) return rc;
  if (pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head && component_is_elf(head, sizeof head))
    rc = component_precompiled(engine, fd, path, out);
  else if ((rc = wt__read_fd(fd, path, (size_t)s.st_size, (size_t)engine->opts.max_module_bytes, &bytes, &n)) == WT_OK)
    rc = component_content(engine, fd, path, bytes, n, out);
  free(bytes);
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
  rc = component_load_fd(engine, fd, path, out);
  close(fd);
  return rc;
}
