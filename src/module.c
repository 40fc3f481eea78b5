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

/* ---- reading files ---- */

/* Reads all of the regular file fd, of size bytes when opened (path names
 * it in messages), refusing more than max bytes (it may grow meanwhile). */
static wt_status read_fd(int fd, const char *path, size_t size, size_t max, uint8_t **out, size_t *len) {
  size_t cap = size + 1, n = 0;
  uint8_t *buf = malloc(cap), *grown;
  ssize_t got = 1;
  while (buf && got > 0 && n <= max) {
    if (n == cap && (grown = realloc(buf, cap * 2)) == NULL) { free(buf); buf = NULL; break; }
    if (n == cap) { buf = grown; cap *= 2; }
    while ((got = read(fd, buf + n, cap - n)) < 0 && errno == EINTR) {}
    if (got > 0) n += (size_t)got;
  }
  if (!buf) return wt__oom();
  if (got < 0) { free(buf); return wt__fail(WT_IO, "%s: %s", path, strerror(errno)); }
  if (n > max) { free(buf); return wt__fail(WT_LIMIT, "%s: larger than the %zu-byte module limit", path, max); }
  *out = buf;
  *len = n;
  return WT_OK;
}

/* Opens a module file: a regular file (a FIFO or device could block or
 * never end) of at most max bytes; *st gets its stat. */
static wt_status open_file(const char *path, size_t max, int *fd, struct stat *st) {
  if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
    return wt__fail(errno == ENOENT ? WT_NOT_FOUND : WT_IO, "%s: %s", path, strerror(errno));
  wt_status rc = WT_OK;
  if (fstat(*fd, st) != 0) rc = wt__fail(WT_IO, "%s: %s", path, strerror(errno));
  else if (S_ISDIR(st->st_mode)) rc = wt__fail(WT_IO, "%s: is a folder, not a module file", path);
  else if (!S_ISREG(st->st_mode)) rc = wt__fail(WT_IO, "%s: not a regular file (a device, FIFO or socket)", path);
  else if ((uint64_t)st->st_size > max)
    rc = wt__fail(WT_LIMIT, "%s: %lld bytes, larger than the %zu-byte module limit (max_module_bytes)", path,
                  (long long)st->st_size, max);
  if (rc) close(*fd);
  return rc;
}

/* ---- describing imports and exports ---- */

/* The wt kind of a reference's heap type: its top type decides. */
static int kind_of_heap(uint8_t heap) {
  switch (heap) {
  case WTA_HEAP_EXTERN: case WTA_HEAP_NOEXTERN: return WT_EXTERNREF;
  case WTA_HEAP_FUNC: case WTA_HEAP_CONCRETE_FUNC: case WTA_HEAP_NOFUNC: return WT_FUNCREF;
  case WTA_HEAP_EXN: case WTA_HEAP_CONCRETE_EXN: case WTA_HEAP_NOEXN: return WT_EXNREF;
  default: return WT_ANYREF;
  }
}

int wt__kind_from_valtype(const wta_valtype_t *t) {
  wta_valtype_full_t full;
  W->wasmtime_valtype_new(t, &full);
  if (full.kind != WTA_VALTYPE_REF) return full.kind; /* i32..v128 equal wt's numbering */
  int k = kind_of_heap(full.reftype.heaptype.kind);
  W->wasmtime_valtype_delete(&full);
  return k;
}

/* Writes the kinds of a valtype vector to *kinds (advancing it). */
static const uint8_t *put_kinds(const wta_valtype_vec_t *v, uint8_t **kinds) {
  const uint8_t *start = *kinds;
  for (size_t i = 0; i < v->size; i++) *(*kinds)++ = (uint8_t)wt__kind_from_valtype(v->data[i]);
  return start;
}

/* Fills *out from t; function kinds are appended at *kinds (enough room:
 * the caller sizes it by counting params + results first). */
void wt__externtype_describe(const wta_externtype_t *t, wt_extern_type *out, uint8_t **kinds) {
  memset(out, 0, sizeof *out);
  out->kind = W->wasm_externtype_kind(t);
  out->max = UINT64_MAX;
  if (out->kind == WT_EXTERN_FUNC) {
    const wta_functype_t *f = W->wasm_externtype_as_functype_const(t);
    const wta_valtype_vec_t *p = W->wasm_functype_params(f), *r = W->wasm_functype_results(f);
    out->nparams = p->size;
    out->nresults = r->size;
    out->params = put_kinds(p, kinds);
    out->results = put_kinds(r, kinds);
  } else if (out->kind == WT_EXTERN_GLOBAL) {
    const wta_globaltype_t *g = W->wasm_externtype_as_globaltype_const(t);
    out->valkind = (uint8_t)wt__kind_from_valtype(W->wasm_globaltype_content(g));
    out->mutable_ = W->wasm_globaltype_mutability(g) == WTA_VAR;
  } else if (out->kind == WT_EXTERN_TABLE) {
    const wta_tabletype_t *tt = W->wasm_externtype_as_tabletype_const(t);
    const wta_limits_t *l = W->wasm_tabletype_limits(tt);
    out->valkind = (uint8_t)wt__kind_from_valtype(W->wasm_tabletype_element(tt));
    out->min = l->min;
    out->max = l->max == UINT32_MAX ? UINT64_MAX : l->max;
  } else if (out->kind == WT_EXTERN_MEMORY) {
    const wta_memorytype_t *m = W->wasm_externtype_as_memorytype_const(t);
    out->min = W->wasmtime_memorytype_minimum(m);
    if (!W->wasmtime_memorytype_maximum(m, &out->max)) out->max = UINT64_MAX;
    out->is64 = W->wasmtime_memorytype_is64(m);
    out->shared = W->wasmtime_memorytype_isshared(m);
  }
}

static size_t func_arity(const wta_externtype_t *t) {
  if (W->wasm_externtype_kind(t) != WTA_EXTERNKIND_FUNC) return 0;
  const wta_functype_t *f = W->wasm_externtype_as_functype_const(t);
  return W->wasm_functype_params(f)->size + W->wasm_functype_results(f)->size;
}

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
             func_arity(W->wasm_importtype_type(iv.data[i]));
  for (size_t i = 0; i < ev.size; i++)
    bytes += name_size(W->wasm_exporttype_name(ev.data[i])) + func_arity(W->wasm_exporttype_type(ev.data[i]));
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

wt_status wt__module_wrap(wt_engine *engine, wta_module_t *raw, wt_module **out) {
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
static wt_status check_size(const wt_engine *e, size_t len, bool text, const char *what) {
  uint64_t max = text ? e->opts.max_module_bytes / TEXT_SHARE : e->opts.max_module_bytes;
  if (LIKELY(len <= max)) return WT_OK;
  return wt__fail(WT_LIMIT, "%s: %zu bytes, larger than the %llu-byte module %slimit (max_module_bytes%s)", what,
                  len, (unsigned long long)max, text ? "text " : "", text ? " / 16" : "");
}

wt_status wt_module_new(wt_engine *engine, const uint8_t *wasm, size_t len, wt_module **out) {
  ZERO(out);
  ARGS(engine, out);
  BUF(wasm, len);
  if (check_size(engine, len, false, "module")) return WT_LIMIT;
  wta_module_t *raw = NULL;
  wt_status rc;
  if (engine->cache_dir) rc = wt__cache_load(engine, wasm, len, &raw);
  else rc = compile_error(W->wasmtime_module_new(engine->e, wasm, len, &raw));
  return rc ? rc : wt__module_wrap(engine, raw, out);
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
  if (check_size(engine, len, true, "module text")) return WT_LIMIT;
  wt_status rc = wt_wat_to_wasm(wat, len, &wasm, &n);
  if (rc) return rc;
  rc = wt_module_new(engine, wasm, n, out);
  free(wasm);
  return rc;
}

static bool is_wasm(const uint8_t *b, size_t n) { return n >= 4 && !memcmp(b, "\0asm", 4); }
static bool is_cwasm(const uint8_t *b, size_t n) { return n >= 4 && !memcmp(b, "\x7f" "ELF", 4); }

static bool same_stat(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

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
  if (!is_wasm(b, n) && check_size(e, n, true, path)) return WT_LIMIT;
  if (!is_wasm(b, n) && (rc = wt_wat_to_wasm((const char *)b, n, &wat_wasm, &len)) != WT_OK)
    return wat_error(rc, path);
  const uint8_t *wasm = wat_wasm ? wat_wasm : b;
  wta_module_t *raw = NULL;
  if (e->cache_dir) rc = wt__cache_load_file(e, s, wasm, len, &raw);
  else rc = compile_error(W->wasmtime_module_new(e->e, wasm, len, &raw));
  free(wat_wasm);
  return rc ? rc : wt__module_wrap(e, raw, out);
}

/* A precompiled file is native code: loaded only on the engine's opt-in,
 * and from the file checked (fd, through /proc/self/fd when there is one),
 * not from whatever path names by then. */
static wt_status from_precompiled(wt_engine *e, int fd, const char *path, wt_module **out) {
  char self[64];
  struct stat a, b;
  if (!e->opts.allow_precompiled)
    return wt__fail(WT_INVALID, "%s is a precompiled module (native code, run as it is): refused without the "
                    "engine option allow_precompiled (wt run --allow-precompiled)", path);
  snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
  bool by_fd = fstat(fd, &a) == 0 && stat(self, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  wta_module_t *raw = NULL;
  wt_status rc = compile_error(W->wasmtime_module_deserialize_file(e->e, by_fd ? self : path, &raw));
  if (rc) return wt__fail(rc, "%s: %s", path, wt_errmsg());
  return wt__module_wrap(e, raw, out);
}

static wt_status from_fd(wt_engine *e, int fd, const char *path, const struct stat *st, bool record, wt_module **out) {
  uint8_t *bytes = NULL;
  size_t n = 0;
  struct stat after;
  uint8_t head[4];
  if (pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head && is_cwasm(head, sizeof head))
    return from_precompiled(e, fd, path, out);
  wt_status rc = read_fd(fd, path, (size_t)st->st_size, (size_t)e->opts.max_module_bytes, &bytes, &n);
  if (rc) return rc;
  if (is_cwasm(bytes, n)) rc = from_precompiled(e, fd, path, out); /* it changed meanwhile */
  else {
    if (record && (fstat(fd, &after) != 0 || !same_stat(st, &after))) record = false; /* changed while read */
    rc = compile_file(e, path, record ? st : NULL, bytes, n, out);
  }
  free(bytes);
  return rc;
}

/* Through the cache, a file known to be unchanged is not even read. */
wt_status wt_module_from_file(wt_engine *engine, const char *path, wt_module **out) {
  int fd;
  struct stat s;
  wta_module_t *raw = NULL;
  ZERO(out);
  ARGS(engine, path, out);
  wt_status rc = open_file(path, (size_t)engine->opts.max_module_bytes, &fd, &s);
  if (rc) return rc;
  bool cached = engine->cache_dir && engine->opts.cache_trust_files;
  if (cached && wt__cache_load_known(engine, &s, &raw) == 0) rc = wt__module_wrap(engine, raw, out);
  else rc = from_fd(engine, fd, path, &s, cached, out);
  close(fd);
  return rc;
}

wt_status wt_module_validate(wt_engine *engine, const uint8_t *wasm, size_t len) {
  ARGS(engine);
  BUF(wasm, len);
  return compile_error(W->wasmtime_module_validate(engine->e, wasm, len));
}

wt_status wt_module_serialize(wt_module *module, uint8_t **out, size_t *out_len) {
  wta_byte_vec_t v = {0, NULL};
  ZERO(out);
  ZERO(out_len);
  ARGS(module, out, out_len);
  wt_status rc = wt__outcome(W->wasmtime_module_serialize(module->m, &v), NULL, "serialize");
  if (rc) return rc;
  *out = malloc(v.size ? v.size : 1);
  if (*out) { memcpy(*out, v.data, v.size); *out_len = v.size; }
  W->wasm_byte_vec_delete(&v);
  return *out ? WT_OK : wt__oom();
}

/* Writes data to path atomically: a new temporary file beside it (made
 * with mode, never through a link), then rename. */
wt_status wt__write_atomic(const char *path, const uint8_t *data, size_t len, int mode) {
  char *tmp = malloc(strlen(path) + 64);
  if (!tmp) return wt__oom();
  static unsigned long seq; /* unique per process and call: threads may race */
  sprintf(tmp, "%s.tmp.%ld.%lu", path, (long)getpid(), __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
  size_t done = 0;
  while (fd >= 0 && done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += (size_t)n;
  }
  int ok = fd >= 0 && done == len;
  int err = errno;
  if (fd >= 0 && close(fd) != 0 && ok) { ok = 0; err = errno; }
  if (ok && rename(tmp, path) != 0) { ok = 0; err = errno; }
  wt_status rc = ok ? WT_OK : wt__fail(WT_IO, "%s: %s", path, strerror(err ? err : EIO));
  if (!ok && fd >= 0) unlink(tmp);
  free(tmp);
  return rc;
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
  wta_module_t *raw = NULL;
  wt_status rc = compile_error(W->wasmtime_module_deserialize(engine->e, bytes, len, &raw));
  return rc ? rc : wt__module_wrap(engine, raw, out);
}

wt_status wt_module_deserialize_file(wt_engine *engine, const char *path, wt_module **out) {
  ZERO(out);
  ARGS(engine, path, out);
  if (access(path, R_OK) != 0) return wt__fail(errno == ENOENT ? WT_NOT_FOUND : WT_IO, "%s: %s", path, strerror(errno));
  wta_module_t *raw = NULL;
  wt_status rc = compile_error(W->wasmtime_module_deserialize_file(engine->e, path, &raw));
  return rc ? rc : wt__module_wrap(engine, raw, out);
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

static size_t put_list(char *buf, size_t size, size_t at, const uint8_t *k, size_t n) {
  for (size_t i = 0; i < n; i++)
    at += (size_t)snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "%s%s",
                           i ? ", " : "", wt_valkind_name(k[i]));
  return at;
}

#define PUT(...) (at += (size_t)snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, __VA_ARGS__))

static size_t put_limits(char *buf, size_t size, size_t at, const wt_extern_type *t) {
  if (t->max == UINT64_MAX) PUT("%llu, none", (unsigned long long)t->min);
  else PUT("%llu, %llu", (unsigned long long)t->min, (unsigned long long)t->max);
  return at;
}

size_t wt_extern_type_format(const wt_extern_type *type, char *buf, size_t size) {
  const wt_extern_type *t = type;
  size_t at = 0;
  if (buf && size) buf[0] = 0;
  if (!buf) size = 0;
  if (ARGS_OF(__func__, type)) return 0;
  switch (t->kind) {
  case WT_EXTERN_FUNC:
    PUT("func(");
    at = put_list(buf, size, at, t->params, t->nparams);
    PUT(")");
    if (t->nresults == 1) PUT(" -> %s", wt_valkind_name(t->results[0]));
    else if (t->nresults) { PUT(" -> ("); at = put_list(buf, size, at, t->results, t->nresults); PUT(")"); }
    break;
  case WT_EXTERN_GLOBAL: PUT("global(%s%s)", t->mutable_ ? "mut " : "", wt_valkind_name(t->valkind)); break;
  case WT_EXTERN_MEMORY:
    PUT("memory%s(", t->is64 ? "64" : "");
    at = put_limits(buf, size, at, t);
    PUT("%s)", t->shared ? ", shared" : "");
    break;
  case WT_EXTERN_TABLE: PUT("table("); at = put_limits(buf, size, at, t); PUT(", %s)", wt_valkind_name(t->valkind)); break;
  default: PUT("tag"); break;
  }
  return at;
}
