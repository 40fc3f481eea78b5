/* wasi.c - wt_wasi: a WASI preview1 configuration, given to a store. */
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "internal.h"

struct wt_wasi {
  wta_wasi_config_t *c;
  size_t nenv;
  char **names, **values; /* accumulated: Wasmtime sets the environment at once */
  wt__captures *captures;  /* the output callbacks' finalizers to wait for */
};

/* ---- output captures: their finalizers are waited for ----
 * Wasmtime drops a capture's stream (and calls its finalizer) on one of
 * its threads, possibly after the store is gone. wt wraps each capture:
 * the count of finalizers still to run is shared by the configuration, the
 * store that takes it and the wrappers; wt_store_delete waits for zero. */
struct wt__captures {
  pthread_mutex_t lock;
  pthread_cond_t done;
  int pending, refs; /* finalizers to run; holders (configuration or store, and wrappers) */
};

typedef struct capture { wt_write_fn fn; void *env; void (*finalizer)(void *); wt__captures *set; } capture;

static void captures_unref(wt__captures *c) {
  pthread_mutex_lock(&c->lock);
  bool last = --c->refs == 0;
  pthread_mutex_unlock(&c->lock);
  if (!last) return;
  pthread_cond_destroy(&c->done);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

static ptrdiff_t capture_write(void *env, const unsigned char *data, size_t len) {
  capture *c = env;
  return c->fn(c->env, data, len);
}

static void capture_finalize(void *env) {
  capture *c = env;
  wt__captures *set = c->set;
  if (c->finalizer) c->finalizer(c->env);
  free(c);
  pthread_mutex_lock(&set->lock);
  set->pending--;
  pthread_cond_broadcast(&set->done);
  pthread_mutex_unlock(&set->lock);
  captures_unref(set);
}

/* Waits (CAPTURE_WAIT_S at most: Wasmtime could keep a stream alive on its
 * side, and a bounded wait is no hang) until set's finalizers have run. */
#define CAPTURE_WAIT_S 10
void wt__captures_wait_and_unref(wt__captures *set) {
  if (!set) return;
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += CAPTURE_WAIT_S;
  pthread_mutex_lock(&set->lock);
  while (set->pending > 0 && pthread_cond_timedwait(&set->done, &set->lock, &until) == 0) {}
  pthread_mutex_unlock(&set->lock);
  captures_unref(set);
}

wt_status wt_wasi_new(wt_wasi **out) {
  ZERO(out);
  ARGS(out);
  wt_status rc = wt__need_cap(WT_CAP_WASI, "WASI");
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

void wt_wasi_delete(wt_wasi *wasi) {
  if (!wasi) return;
  if (wasi->c) W->wasi_config_delete(wasi->c);
  if (wasi->captures) captures_unref(wasi->captures);
  free_env(wasi);
  free(wasi);
}

wt_status wt_wasi_set_args(wt_wasi *wasi, size_t argc, const char *const *argv) {
  ARGS(wasi);
  BUF(argv, argc);
  for (size_t i = 0; i < argc; i++) /* Wasmtime would read NULL */
    if (!argv[i]) return wt__fail(WT_INVALID, "%s: argv[%zu] is NULL", __func__, i);
  if (!W->wasi_config_set_argv(wasi->c, argc, (const char **)argv))
    return wt__fail(WT_INVALID, "a WASI argument is not valid UTF-8");
  return WT_OK;
}

wt_status wt_wasi_add_env(wt_wasi *wasi, const char *name, const char *value) {
  ARGS(wasi, name, value);
  char **n = realloc(wasi->names, (wasi->nenv + 1) * sizeof *n);
  if (n) wasi->names = n;
  char **v = realloc(wasi->values, (wasi->nenv + 1) * sizeof *v);
  if (v) wasi->values = v;
  if (!n || !v) return wt__oom();
  if (!(wasi->names[wasi->nenv] = strdup(name))) return wt__oom();
  if (!(wasi->values[wasi->nenv] = strdup(value))) { free(wasi->names[wasi->nenv]); return wt__oom(); }
  wasi->nenv++;
  return WT_OK;
}

extern char **environ;

wt_status wt_wasi_inherit_env(wt_wasi *wasi) {
  ARGS(wasi);
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq) continue;
    char *name = strndup(*e, (size_t)(eq - *e));
    wt_status rc = name ? wt_wasi_add_env(wasi, name, eq + 1) : wt__oom();
    free(name);
    if (rc) return rc;
  }
  return WT_OK;
}

wt_status wt_wasi_set_stdin_bytes(wt_wasi *wasi, const void *data, size_t len) {
  ARGS(wasi);
  BUF(data, len);
  wta_byte_vec_t v = {0, NULL};
  W->wasm_byte_vec_new(&v, len, data);
  W->wasi_config_set_stdin_bytes(wasi->c, &v); /* takes the vector */
  return WT_OK;
}

wt_status wt_wasi_set_stdin_file(wt_wasi *wasi, const char *path) {
  ARGS(wasi, path);
  return W->wasi_config_set_stdin_file(wasi->c, path) ? WT_OK : wt__fail(WT_IO, "cannot open %s as the guest's stdin", path);
}

wt_status wt_wasi_inherit_stdin(wt_wasi *wasi) {
  ARGS(wasi);
  W->wasi_config_inherit_stdin(wasi->c);
  return WT_OK;
}

static int check_fd(int fd) {
  return fd == 1 || fd == 2 ? WT_OK : wt__fail(WT_INVALID, "fd %d is not stdout (1) or stderr (2)", fd);
}

wt_status wt_wasi_inherit_output(wt_wasi *wasi, int fd) {
  ARGS(wasi);
  wt_status rc = check_fd(fd);
  if (rc) return rc;
  if (fd == 1) W->wasi_config_inherit_stdout(wasi->c);
  else W->wasi_config_inherit_stderr(wasi->c);
  return WT_OK;
}

wt_status wt_wasi_set_output_file(wt_wasi *wasi, int fd, const char *path) {
  ARGS(wasi, path);
  wt_status rc = check_fd(fd);
  if (rc) return rc;
  bool ok = fd == 1 ? W->wasi_config_set_stdout_file(wasi->c, path) : W->wasi_config_set_stderr_file(wasi->c, path);
  return ok ? WT_OK : wt__fail(WT_IO, "cannot open output file %s", path);
}

wt_status wt_wasi_capture_output(wt_wasi *wasi, int fd, wt_write_fn fn, void *env, void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, wasi);
  if (!rc && !fn) rc = wt__null_arg(__func__, "fn", 0);
  if (!rc) rc = check_fd(fd);
  if (!rc) rc = wt__need_cap(WT_CAP_CAPTURE, "wasi: output capture");
  if (rc) return wt__refuse(rc, finalizer, env);
  if (!wasi->captures && (wasi->captures = calloc(1, sizeof *wasi->captures)) != NULL) {
    pthread_mutex_init(&wasi->captures->lock, NULL);
    pthread_cond_init(&wasi->captures->done, NULL);
    wasi->captures->refs = 1;
  }
  capture *c = wasi->captures ? malloc(sizeof *c) : NULL;
  if (!c) return wt__refuse(wt__oom(), finalizer, env);
  *c = (capture){fn, env, finalizer, wasi->captures};
  pthread_mutex_lock(&c->set->lock);
  c->set->pending++;
  c->set->refs++;
  pthread_mutex_unlock(&c->set->lock);
  if (fd == 1) W->wasi_config_set_stdout_custom(wasi->c, capture_write, c, capture_finalize);
  else W->wasi_config_set_stderr_custom(wasi->c, capture_write, c, capture_finalize);
  return WT_OK;
}

/* Up to Wasmtime 47 the folder takes permission bits (abi.h). */
static bool preopen(wta_wasi_config_t *c, const char *host, const char *guest, bool writable) {
  if (!wt__line->preopen_perms) return W->wasi_config_preopen_dir(c, host, guest, writable);
  size_t perms = WTA_OLD_PERMS_READ | (writable ? WTA_OLD_PERMS_WRITE : 0);
  return W_OLD(wasi_config_preopen_dir)(c, host, guest, perms, perms);
}

wt_status wt_wasi_preopen_dir(wt_wasi *wasi, const char *host, const char *guest, bool writable) {
  ARGS(wasi, host, guest);
  if (preopen(wasi->c, host, guest, writable)) return WT_OK;
  return wt__fail(WT_IO, "cannot give the guest folder %s as '%s': not a folder, or unreadable", host, guest);
}

wt_status wt_store_set_wasi(wt_store *store, wt_wasi *wasi) {
  wt_status rc = ARGS_OF(__func__, store, wasi);
  if (rc) { wt_wasi_delete(wasi); return rc; }
  if (wasi->nenv && !W->wasi_config_set_env(wasi->c, wasi->nenv, (const char **)wasi->names, (const char **)wasi->values)) {
    wt_wasi_delete(wasi);
    return wt__fail(WT_INVALID, "a WASI environment variable is not valid UTF-8");
  }
  wta_wasi_config_t *c = wasi->c;
  wasi->c = NULL;
  wt__captures *before = store->captures;
  store->captures = wasi->captures; /* the store holds the reference now */
  wasi->captures = NULL;
  wt_wasi_delete(wasi);
  store->has_wasi = true;
  rc = wt__outcome(W->wasmtime_context_set_wasi(store->cx, c), NULL, "wasi"); /* takes c */
  wt__captures_wait_and_unref(before); /* the configuration replaced: its streams are dropped */
  return rc;
}
