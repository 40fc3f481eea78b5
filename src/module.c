/* module.c - wt_module: compile, load, (de)serialize, describe. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* ---- describing imports and exports ---- */

static size_t name_size(const wta_byte_vec_t *v) { return v->size + 1; }

static const char *put_name(const wta_byte_vec_t *v, uint8_t **strings) {
  char *s = (char *)*strings;
  memcpy(s, v->data, v->size);
  s[v->size] = 0;
  *strings += v->size + 1;
  return s;
}

/* One arena holds every string and kind array of the descriptions. */
static wt_status describe(wt_module *m) {
  wta_importtype_vec_t iv = {0, NULL};
  wta_exporttype_vec_t ev = {0, NULL};
  W->wasmtime_module_imports(m->m, &iv);
  W->wasmtime_module_exports(m->m, &ev);
  size_t bytes = 0;
  for (size_t i = 0; i < iv.size; i++)
    bytes += name_size(W->wasm_importtype_module(iv.data[i])) + name_size(W->wasm_importtype_name(iv.data[i])) +
             wt__externtype_nkinds(W->wasm_importtype_type(iv.data[i]));
  for (size_t i = 0; i < ev.size; i++)
    bytes += name_size(W->wasm_exporttype_name(ev.data[i])) + wt__externtype_nkinds(W->wasm_exporttype_type(ev.data[i]));
  free(m->imports); /* a retry after a failed attempt */
  free(m->exports);
  free(m->arena);
  m->imports = calloc(iv.size + 1, sizeof *m->imports);
  m->exports = calloc(ev.size + 1, sizeof *m->exports);
  m->arena = malloc(bytes + 1);
  int ok = m->imports && m->exports && m->arena;
  uint8_t *p = m->arena;
  for (size_t i = 0; ok && i < iv.size; i++) {
    m->imports[i].module = put_name(W->wasm_importtype_module(iv.data[i]), &p);
    m->imports[i].name = put_name(W->wasm_importtype_name(iv.data[i]), &p);
    wt__externtype_describe(W->wasm_importtype_type(iv.data[i]), &m->imports[i].type, &p);
  }
  for (size_t i = 0; ok && i < ev.size; i++) {
    m->exports[i].name = put_name(W->wasm_exporttype_name(ev.data[i]), &p);
    wt__externtype_describe(W->wasm_exporttype_type(ev.data[i]), &m->exports[i].type, &p);
  }
  m->nimports = iv.size;
  m->nexports = ev.size;
  W->wasm_importtype_vec_delete(&iv);
  W->wasm_exporttype_vec_delete(&ev);
  return ok ? WT_OK : wt__oom();
}

/* A new wt_module for raw (which it takes, freeing it on failure). */
static wt_status module_wrap(wt_engine *engine, wta_module_t *raw, wt_module **out) {
  wt_module *m = calloc(1, sizeof *m);
  if (!m) { W->wasmtime_module_delete(raw); return wt__oom(); }
  m->m = raw;
  m->engine = engine;
  pthread_mutex_init(&m->lock, NULL);
  *out = m;
  return WT_OK;
}

/* Imports and exports are described on first use: reflecting them costs
 * about 1 us per item, more than a cache hit on a large module. */
static wt_status described(const wt_module *cm) {
  wt_module *m = (wt_module *)cm; /* the lazily built part is not the module's value */
  if (LIKELY(__atomic_load_n(&m->described, __ATOMIC_ACQUIRE))) return WT_OK;
  pthread_mutex_lock(&m->lock);
  wt_status rc = m->described ? WT_OK : describe(m);
  if (rc == WT_OK) __atomic_store_n(&m->described, 1, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&m->lock);
  return rc;
}

void wt_module_delete(wt_module *m) {
  if (!m) return;
  W->wasmtime_module_delete(m->m);
  free(m->imports);
  free(m->exports);
  free(m->arena);
  pthread_mutex_destroy(&m->lock);
  free(m);
}

/* ---- constructors ---- */

static wt_status compile_error(wta_error_t *err) {
  wt_status rc = wt__outcome(err, NULL, NULL);
  return rc == WT_ERROR ? WT_MALFORMED : rc;
}

/* WT_LIMIT for input past the engine's max_module_bytes, or for WAT text
 * past a sixteenth of it: Wasmtime's text parser holds up to ~64 bytes per
 * byte of text (20 M empty functions in 140 MB took 8.9 GB), and a failed
 * allocation in it aborts the process. */
#define TEXT_SHARE 16
wt_status wt__check_input_size(const wt_engine *e, size_t len, bool text, const char *what) {
  uint64_t max = text ? e->opts.max_module_bytes / TEXT_SHARE : e->opts.max_module_bytes;
  if (LIKELY(len <= max)) return WT_OK;
  return wt__fail(WT_LIMIT, "%s: %zu bytes, larger than the %llu-byte module %slimit (max_module_bytes%s)", what,
                  len, (unsigned long long)max, text ? "text " : "", text ? " / 16" : "");
}

/* A component handed to a module's function: name the one to use. */
static wt_status not_a_module(const char *who, const char *instead) {
  return wt__fail(WT_MALFORMED, "%s: a component, not a core module: use %s", who, instead);
}

wt_status wt_module_new(wt_engine *engine, const uint8_t *wasm, size_t len, wt_module **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(wasm, len);
  if (wt__check_input_size(engine, len, false, "module")) return WT_LIMIT;
  if (UNLIKELY(wt__binary_kind(wasm, len) == WT__BIN_COMPONENT))
    return not_a_module("wt_module_new", "wt_component_new");
  wta_module_t *raw = NULL;
  wt_status rc;
  void *cached = NULL;
  if (engine->cache_dir) rc = wt__cache_load(engine, WT__BIN_MODULE, wasm, len, &cached), raw = cached;
  else rc = compile_error(W->wasmtime_module_new(engine->e, wasm, len, &raw));
  return rc ? rc : module_wrap(engine, raw, out);
}

wt_status wt_wat_to_wasm(const char *wat, size_t len, uint8_t **out, size_t *out_len) {
  ZERO(out);
  ZERO(out_len);
  ARGS(out, out_len);
  BUF(wat, len);
  wt_status rc = wt__need_cap(WT_CAP_WAT, "wat");
  if (rc) return rc;
  wta_byte_vec_t v = {0, NULL};
  wta_error_t *err = W->wasmtime_wat2wasm(wat, len, &v);
  if (err) return compile_error(err);
  *out = malloc(v.size ? v.size : 1);
  if (*out) { memcpy(*out, v.data, v.size); *out_len = v.size; }
  W->wasm_byte_vec_delete(&v);
  return *out ? WT_OK : wt__oom();
}

wt_status wt_module_from_wat(wt_engine *engine, const char *wat, size_t len, wt_module **out) {
  uint8_t *wasm;
  size_t n;
  ZERO(out);
  ARGS(engine, out);
  BUF(wat, len);
  if (wt__check_input_size(engine, len, true, "module text")) return WT_LIMIT;
  wt_status rc = wt_wat_to_wasm(wat, len, &wasm, &n);
  if (rc) return rc;
  if (wt__binary_kind(wasm, n) == WT__BIN_COMPONENT) rc = not_a_module("wt_module_from_wat", "wt_component_from_wat");
  else rc = wt_module_new(engine, wasm, n, out);
  free(wasm);
  return rc;
}

static bool is_wasm(const uint8_t *b, size_t n) { return n >= 4 && !memcmp(b, "\0asm", 4); }
static bool is_cwasm(const uint8_t *b, size_t n) { return n >= 4 && !memcmp(b, "\x7f" "ELF", 4); }

/* The WAT parser's message names the text "<anon>": name the file. */
static wt_status wat_error(wt_status rc, const char *path) {
  char msg[4096];
  const char *m = wt_errmsg(), *anon = strstr(m, "<anon>");
  if (anon) snprintf(msg, sizeof msg, "%.*s%s%s", (int)(anon - m), m, path, anon + strlen("<anon>"));
  else snprintf(msg, sizeof msg, "%s: %s", path, m);
  return wt__fail(rc, "%s", msg);
}

/* wasm or WAT bytes of the file `path` whose stat before reading was *s
 * (NULL: not to be recorded), through the cache when the engine has one.
 * Text with a NUL byte is neither: the WAT parser is not asked (it would
 * quote the whole "line" of a file of zeros in its message). */
static wt_status compile_file(wt_engine *e, const char *path, const struct stat *s, const uint8_t *b, size_t n,
                        wt_module **out) {
  uint8_t *wat_wasm = NULL;
  size_t len = n;
  wt_status rc = WT_OK;
  if (!is_wasm(b, n) && memchr(b, 0, n))
    return wt__fail(WT_MALFORMED, "%s: not a WebAssembly module (neither binary wasm nor WAT text)", path);
  if (!is_wasm(b, n) && wt__check_input_size(e, n, true, path)) return WT_LIMIT;
  if (!is_wasm(b, n) && (rc = wt_wat_to_wasm((const char *)b, n, &wat_wasm, &len)) != WT_OK)
    return wat_error(rc, path);
  const uint8_t *wasm = wat_wasm ? wat_wasm : b;
  if (wt__binary_kind(wasm, len) == WT__BIN_COMPONENT) {
    free(wat_wasm);
    return wt__fail(WT_MALFORMED, "%s: a component, not a core module: use wt_component_from_file", path);
  }
  wta_module_t *raw = NULL;
  void *cached = NULL;
  if (e->cache_dir) rc = wt__cache_load_file(e, WT__BIN_MODULE, s, wasm, len, &cached), raw = cached;
  else rc = compile_error(W->wasmtime_module_new(e->e, wasm, len, &raw));
  free(wat_wasm);
  return rc ? rc : module_wrap(e, raw, out);
}

/* A serialized component where a module is wanted: name the function. */
static wt_status cwasm_component(const char *who, const char *instead) {
  return wt__fail(WT_MALFORMED, "%s: a precompiled component, not a core module: use %s", who, instead);
}

/* A precompiled file is native code: loaded only on the engine's opt-in,
 * and from the file checked (fd, through /proc/self/fd when there is one),
 * not from whatever path names by then. head: its first n bytes. */
static wt_status from_precompiled(wt_engine *e, int fd, const char *path, const uint8_t *head, size_t n,
                                  wt_module **out) {
  char self[64];
  if (wt__cwasm_kind(head, n) == WT__BIN_COMPONENT) return cwasm_component(path, "wt_component_from_file");
  if (!e->opts.allow_precompiled)
    return wt__fail(WT_INVALID, "%s is a precompiled module (native code, run as it is): refused without the "
                    "engine option allow_precompiled (wt run --allow-precompiled)", path);
  wta_module_t *raw = NULL;
  wt_status rc = compile_error(W->wasmtime_module_deserialize_file(e->e, wt__path_of_fd(fd, path, self, sizeof self), &raw));
  if (rc) return wt__fail(rc, "%s: %s", path, wt_errmsg());
  return module_wrap(e, raw, out);
}

static wt_status from_fd(wt_engine *e, int fd, const char *path, const struct stat *st, bool record, wt_module **out) {
  uint8_t *bytes = NULL;
  size_t n = 0;
  struct stat after;
  uint8_t head[WT__ELF_HEAD];
  ssize_t got = pread(fd, head, sizeof head, 0);
  if (got >= 4 && is_cwasm(head, (size_t)got)) return from_precompiled(e, fd, path, head, (size_t)got, out);
  wt_status rc = wt__read_fd(fd, path, (size_t)st->st_size, (size_t)e->opts.max_module_bytes, &bytes, &n);
  if (rc) return rc;
  if (is_cwasm(bytes, n)) rc = from_precompiled(e, fd, path, bytes, n, out); /* it changed meanwhile */
  else {
    if (record && (fstat(fd, &after) != 0 || !wt__same_stat(st, &after))) record = false; /* changed while read */
    rc = compile_file(e, path, record ? st : NULL, bytes, n, out);
  }
  free(bytes);
  return rc;
}

/* Through the cache, a file known to be unchanged is not even read. */
wt_status wt_module_from_file(wt_engine *engine, const char *path, wt_module **out) {
  int fd;
  struct stat s;
  void *raw = NULL;
  ZERO(out);
  ARGS(engine, path, out);
  wt_status rc = wt__open_file(path, (size_t)engine->opts.max_module_bytes, &fd, &s);
  if (rc) return rc;
  bool cached = engine->cache_dir && engine->opts.cache_trust_files;
  if (cached && wt__cache_load_known(engine, WT__BIN_MODULE, &s, &raw) == 0) rc = module_wrap(engine, raw, out);
  else rc = from_fd(engine, fd, path, &s, cached, out);
  close(fd);
  return rc;
}

wt_status wt_module_validate(wt_engine *engine, const uint8_t *wasm, size_t len) {
  ARGS(engine);
  BUF(wasm, len);
  return compile_error(W->wasmtime_module_validate(engine->e, wasm, len));
}

wt_status wt__serialized_out(wta_error_t *err, wta_byte_vec_t *v, uint8_t **out, size_t *out_len) {
  wt_status rc = wt__outcome(err, NULL, "serialize");
  if (rc) return rc;
  *out = malloc(v->size ? v->size : 1);
  if (*out) { memcpy(*out, v->data, v->size); *out_len = v->size; }
  W->wasm_byte_vec_delete(v);
  return *out ? WT_OK : wt__oom();
}

wt_status wt_module_serialize(wt_module *module, uint8_t **out, size_t *out_len) {
  wta_byte_vec_t v = {0, NULL};
  ZERO(out);
  ZERO(out_len);
  ARGS(module, out, out_len);
  return wt__serialized_out(W->wasmtime_module_serialize(module->m, &v), &v, out, out_len);
}

wt_status wt_module_serialize_file(wt_module *module, const char *path) {
  uint8_t *bytes;
  size_t n;
  ARGS(module, path);
  wt_status rc = wt_module_serialize(module, &bytes, &n);
  if (rc) return rc;
  rc = wt__write_atomic(path, bytes, n, 0666); /* as any new file: the umask applies */
  free(bytes);
  return rc;
}

wt_status wt_module_deserialize(wt_engine *engine, const uint8_t *bytes, size_t len, wt_module **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(bytes, len); /* as wt_module_new: (NULL, 0) is empty input, WT_MALFORMED */
  if (wt__cwasm_kind(bytes, len) == WT__BIN_COMPONENT) return cwasm_component("wt_module_deserialize", "wt_component_deserialize");
  wta_module_t *raw = NULL;
  wt_status rc = compile_error(W->wasmtime_module_deserialize(engine->e, bytes, len, &raw));
  return rc ? rc : module_wrap(engine, raw, out);
}

wt_status wt_module_deserialize_file(wt_engine *engine, const char *path, wt_module **out) {
  ZERO(out);
  ARGS(engine, path, out);
  if (access(path, R_OK) != 0) return wt__fail(errno == ENOENT ? WT_NOT_FOUND : WT_IO, "%s: %s", path, strerror(errno));
  uint8_t head[WT__ELF_HEAD];
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  ssize_t got = fd >= 0 ? pread(fd, head, sizeof head, 0) : -1;
  if (fd >= 0) close(fd);
  if (got > 0 && wt__cwasm_kind(head, (size_t)got) == WT__BIN_COMPONENT) return cwasm_component(path, "wt_component_deserialize_file");
  wta_module_t *raw = NULL;
  wt_status rc = compile_error(W->wasmtime_module_deserialize_file(engine->e, path, &raw));
  return rc ? rc : module_wrap(engine, raw, out);
}

/* ---- descriptions ---- */

wt_status wt_module_import_count(const wt_module *module, size_t *out) {
  ZERO(out);
  ARGS(module, out);
  if (described(module)) return wt_errcode();
  *out = module->nimports;
  return WT_OK;
}

wt_status wt_module_export_count(const wt_module *module, size_t *out) {
  ZERO(out);
  ARGS(module, out);
  if (described(module)) return wt_errcode();
  *out = module->nexports;
  return WT_OK;
}

wt_status wt_module_import_nth(const wt_module *module, size_t i, wt_import *out) {
  ZERO(out);
  ARGS(module, out);
  if (described(module)) return wt_errcode();
  if (i >= module->nimports) return wt__fail(WT_NOT_FOUND, "module: no import #%zu", i);
  *out = module->imports[i];
  return WT_OK;
}

wt_status wt_module_export_nth(const wt_module *module, size_t i, wt_export *out) {
  ZERO(out);
  ARGS(module, out);
  if (described(module)) return wt_errcode();
  if (i >= module->nexports) return wt__fail(WT_NOT_FOUND, "module: no export #%zu", i);
  *out = module->exports[i];
  return WT_OK;
}
