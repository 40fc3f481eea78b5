/* wasi.c - wt_wasi: a WASI preview1 configuration, given to a store. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct wt_wasi {
  wta_wasi_config_t *c;
  size_t nenv;
  char **names, **values; /* accumulated: Wasmtime sets the environment at once */
};

int wt_wasi_new(wt_wasi **out) {
  *out = NULL;
  int rc = wt__need_cap(WT_CAP_WASI, "WASI");
  if (rc) return rc;
  wt_wasi *w = calloc(1, sizeof *w);
  if (!w || !(w->c = W->wasi_config_new())) { free(w); return wt__oom(); }
  *out = w;
  return WT_OK;
}

static void free_env(wt_wasi *w) {
  for (size_t i = 0; i < w->nenv; i++) { free(w->names[i]); free(w->values[i]); }
  free(w->names);
  free(w->values);
}

void wt_wasi_delete(wt_wasi *w) {
  if (!w) return;
  if (w->c) W->wasi_config_delete(w->c);
  free_env(w);
  free(w);
}

int wt_wasi_set_args(wt_wasi *w, size_t argc, const char *const *argv) {
  NEED(w && (argv || !argc), "wasi: args");
  for (size_t i = 0; i < argc; i++) NEED(argv[i], "wasi: args"); /* Wasmtime would read NULL */
  if (!W->wasi_config_set_argv(w->c, argc, (const char **)argv))
    return wt__fail(WT_INVALID, "wasi: an argument is not valid UTF-8");
  return WT_OK;
}

int wt_wasi_set_env(wt_wasi *w, const char *name, const char *value) {
  NEED(w && name && value, "wasi: env");
  char **n = realloc(w->names, (w->nenv + 1) * sizeof *n);
  if (n) w->names = n;
  char **v = realloc(w->values, (w->nenv + 1) * sizeof *v);
  if (v) w->values = v;
  if (!n || !v) return wt__oom();
  if (!(w->names[w->nenv] = strdup(name))) return wt__oom();
  if (!(w->values[w->nenv] = strdup(value))) { free(w->names[w->nenv]); return wt__oom(); }
  w->nenv++;
  return WT_OK;
}

extern char **environ;

int wt_wasi_inherit_env(wt_wasi *w) {
  NEED(w, "wasi");
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq) continue;
    char *name = strndup(*e, (size_t)(eq - *e));
    int rc = name ? wt_wasi_set_env(w, name, eq + 1) : wt__oom();
    free(name);
    if (rc) return rc;
  }
  return WT_OK;
}

int wt_wasi_stdin_bytes(wt_wasi *w, const void *data, size_t len) {
  NEED(w && (data || !len), "wasi: stdin bytes");
  wta_byte_vec_t v = {0, NULL};
  W->wasm_byte_vec_new(&v, len, data);
  W->wasi_config_set_stdin_bytes(w->c, &v); /* takes the vector */
  return WT_OK;
}

int wt_wasi_stdin_file(wt_wasi *w, const char *path) {
  NEED(w && path, "wasi: stdin file");
  return W->wasi_config_set_stdin_file(w->c, path) ? WT_OK : wt__fail(WT_IO, "wasi: cannot open stdin file %s", path);
}

int wt_wasi_stdin_inherit(wt_wasi *w) {
  NEED(w, "wasi");
  W->wasi_config_inherit_stdin(w->c);
  return WT_OK;
}

static int check_fd(int fd) {
  return fd == 1 || fd == 2 ? WT_OK : wt__fail(WT_INVALID, "wasi: fd %d is not stdout (1) or stderr (2)", fd);
}

int wt_wasi_output_inherit(wt_wasi *w, int fd) {
  NEED(w, "wasi");
  int rc = check_fd(fd);
  if (rc) return rc;
  if (fd == 1) W->wasi_config_inherit_stdout(w->c);
  else W->wasi_config_inherit_stderr(w->c);
  return WT_OK;
}

int wt_wasi_output_file(wt_wasi *w, int fd, const char *path) {
  NEED(w && path, "wasi: output file");
  int rc = check_fd(fd);
  if (rc) return rc;
  bool ok = fd == 1 ? W->wasi_config_set_stdout_file(w->c, path) : W->wasi_config_set_stderr_file(w->c, path);
  return ok ? WT_OK : wt__fail(WT_IO, "wasi: cannot open output file %s", path);
}

int wt_wasi_output_capture(wt_wasi *w, int fd, wt_write_fn fn, void *env, void (*finalizer)(void *)) {
  int rc = w ? check_fd(fd) : wt__fail(WT_INVALID, "wasi: NULL argument");
  if (!rc) rc = wt__need_cap(WT_CAP_CAPTURE, "wasi: output capture");
  if (!rc && !fn) rc = wt__fail(WT_INVALID, "wasi: capture callback is NULL");
  if (rc) { if (finalizer) finalizer(env); return rc; }
  if (fd == 1) W->wasi_config_set_stdout_custom(w->c, fn, env, finalizer);
  else W->wasi_config_set_stderr_custom(w->c, fn, env, finalizer);
  return WT_OK;
}

/* The one call whose prototype differs between ABI lines. */
static bool preopen(wta_wasi_config_t *c, const char *host, const char *guest, bool writable) {
  if (!wt__line->preopen_perms) return W->wasi_config_preopen_dir(c, host, guest, writable);
  size_t perms = WTA_V1_PERMS_READ | (writable ? WTA_V1_PERMS_WRITE : 0);
  wta_pfn_wasi_config_preopen_dir_v1 v1 = (wta_pfn_wasi_config_preopen_dir_v1)(void (*)(void))W->wasi_config_preopen_dir;
  return v1(c, host, guest, perms, perms);
}

int wt_wasi_preopen_dir(wt_wasi *w, const char *host, const char *guest, bool writable) {
  NEED(w && host && guest, "wasi: preopen");
  if (preopen(w->c, host, guest, writable)) return WT_OK;
  return wt__fail(WT_IO, "wasi: cannot preopen %s as %s", host, guest);
}

int wt_store_set_wasi(wt_store *st, wt_wasi *w) {
  if (!st || !w) { wt_wasi_delete(w); return wt__fail(WT_INVALID, "wasi: NULL argument"); }
  if (w->nenv && !W->wasi_config_set_env(w->c, w->nenv, (const char **)w->names, (const char **)w->values)) {
    wt_wasi_delete(w);
    return wt__fail(WT_INVALID, "wasi: an environment variable is not valid UTF-8");
  }
  wta_wasi_config_t *c = w->c;
  w->c = NULL;
  wt_wasi_delete(w);
  return wt__outcome(W->wasmtime_context_set_wasi(st->cx, c), NULL, "wasi"); /* takes c */
}
