/* run_component.c - `wt run` of a component, as `wasmtime run` runs one:
 * its wasi:cli/run@0.2.x export (the run function's result<_, _> is the
 * exit status, ok 0, err 1), or with --invoke a call written in WAVE
 * (tools/wave.h) whose result is printed as WAVE. The store is set up as a
 * module's (run_store_open: fuel, deadline, limits, WASI), and WASI 0.2 is
 * always defined, as wasmtime does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "run.h"
#include "wave.h"

/* ---- is it a component? ---- */

static char module_error[2048]; /* why the module side refused the file */
static bool precompiled;

/* The module side says WT_MALFORMED for a component, binary, text or
 * precompiled (the library tells a .cwasm's kind); a module's .cwasm
 * refused for want of --allow-precompiled stays the module side's. */
bool run_is_component(const run_opts *o, int rc) {
  if (rc != WT_MALFORMED) return false;
  int kind = wt_cli_file_kind(o->file);
  snprintf(module_error, sizeof module_error, "%s", wt_errmsg());
  precompiled = kind == 'e';
  return kind != 0;
}

/* ---- finding the function of --invoke ---- */

typedef struct found_fn {
  char path[1024];   /* for wt_cinstance_get_func: "inst#func" */
  char shown[1024];  /* as wasmtime names it: "wt:demo/api.hello@0.1.0" */
} found_fn;

/* The functions named `func` in the instances of items[0..n) (depth: how
 * deep in them), into found[0..max): their number (it may exceed max). */
static size_t search(const wt_citem *items, size_t n, const char *prefix, const char *func, size_t flen,
                     found_fn *found, size_t max, int depth) {
  size_t count = 0;
  for (size_t i = 0; i < n && depth < 16; i++) {
    const wt_citem *it = &items[i];
    char path[1024];
    snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "#" : "", it->name);
    if (it->kind == WT_CITEM_INSTANCE) {
      count += search(it->items, it->count, path, func, flen, count < max ? found + count : found,
                      count < max ? max - count : 0, depth + 1);
    } else if (it->kind == WT_CITEM_FUNC && *prefix && strlen(it->name) == flen && !memcmp(it->name, func, flen)) {
      if (count < max) {
        const char *at = strchr(prefix, '@');
        snprintf(found[count].path, sizeof found[count].path, "%s", path);
        if (depth == 1 && at) snprintf(found[count].shown, sizeof found[count].shown, "%.*s.%s%s", (int)(at - prefix), prefix, it->name, at);
        else if (depth == 1) snprintf(found[count].shown, sizeof found[count].shown, "%s.%s", prefix, it->name);
        else snprintf(found[count].shown, sizeof found[count].shown, "%s", path);
      }
      count++;
    }
  }
  return count;
}

/* The component's exports as one array of items (a copy of the pointers'
 * targets: wt owns them). *n gets their number; NULL on failure. */
static wt_citem *exports(const wt_component *c, size_t *n) {
  const wt_citem *it;
  *n = 0;
  if (wt_component_export_count(c, n)) return NULL;
  wt_citem *all = calloc(*n ? *n : 1, sizeof *all);
  for (size_t i = 0; all && i < *n; i++) {
    if (wt_component_export_nth(c, i, &it)) { free(all); return NULL; }
    all[i] = *it;
  }
  return all;
}

/* The export path of the call's function into path: 0, or -1 reported. */
static int resolve(const run_opts *o, const wt_component *c, const wave_call *call, char *path, size_t size) {
  size_t n;
  found_fn found[8];
  if (call->path) { snprintf(path, size, "%.*s", (int)call->func_len, call->func); return 0; }
  wt_citem *all = exports(c, &n);
  if (!all) { fprintf(stderr, "wt: error: failed to run `%s`: %s\n", o->file, wt_errmsg()); return -1; }
  size_t count = 0;
  for (size_t i = 0; !call->iface && i < n && !count; i++) /* a function the component exports itself first */
    if (all[i].kind == WT_CITEM_FUNC && strlen(all[i].name) == call->func_len && !memcmp(all[i].name, call->func, call->func_len)) {
      snprintf(found[0].path, sizeof found[0].path, "%s", all[i].name);
      count = 1;
    }
  if (!count && call->iface) { /* INTERFACE.FUNCTION@VERSION: that instance's */
    for (size_t i = 0; i < n && !count; i++) {
      size_t il = call->iface_len, vl = call->version_len;
      const char *nm = all[i].name;
      bool same = all[i].kind == WT_CITEM_INSTANCE && !strncmp(nm, call->iface, il) &&
                  (call->version ? nm[il] == '@' && strlen(nm + il + 1) == vl && !strncmp(nm + il + 1, call->version, vl) : !nm[il]);
      if (same) count = search(&all[i], 1, "", call->func, call->func_len, found, 1, 0) ? 1 : 0;
    }
  } else if (!count) count = search(all, n, "", call->func, call->func_len, found, 8, 0);
  free(all);
  if (count == 1) { snprintf(path, size, "%s", found[0].path); return 0; }
  if (!count) {
    fprintf(stderr, "wt: error: no exported function `%.*s` in `%s`\n", (int)call->name_len, call->name, o->file);
    return -1;
  }
  fprintf(stderr, "wt: error: more than one instance of `%s` exports a function `%.*s`: call it by a longer name:",
          o->file, (int)call->func_len, call->func);
  for (size_t i = 0; i < count && i < 8; i++) fprintf(stderr, "%s `%s`", i ? "," : "", found[i].shown);
  fprintf(stderr, "%s\n", count > 8 ? ", ..." : "");
  return -1;
}

/* ---- calls ---- */

/* A WAVE error, with the text and a caret under where it is. */
/* The failed call, its reason and a caret under the column; a long call
 * is shown as the 60 bytes each side of the place (whole characters). */
#define WAVE_SHOWN 160
static int wave_failed(const char *text, const wave_error *e) {
  size_t n = strlen(text), at = e->at < n ? e->at : n, from = 0, to = n;
  if (n > WAVE_SHOWN) {
    from = at > 60 ? at - 60 : 0;
    to = at + 60 < n ? at + 60 : n;
    while (from > 0 && ((unsigned char)text[from] & 0xc0) == 0x80) from--;
    while (to < n && ((unsigned char)text[to] & 0xc0) == 0x80) to++;
  }
  size_t col = 0, shown = from ? 3 : 0; /* "..." */
  for (size_t i = 0; i < at; i++) col += ((unsigned char)text[i] & 0xc0) != 0x80;
  for (size_t i = from; i < at; i++) shown += ((unsigned char)text[i] & 0xc0) != 0x80;
  if (n > WAVE_SHOWN)
    fprintf(stderr, "wt: error: --invoke (%zu bytes): %s (at column %zu)\n  %s%.*s%s\n  %*s^\n", n, e->msg, col + 1,
            from ? "..." : "", (int)(to - from), text + from, to < n ? "..." : "", (int)shown, "");
  else
    fprintf(stderr, "wt: error: --invoke '%s': %s (at column %zu)\n  %s\n  %*s^\n", text, e->msg, col + 1, text,
            (int)col, "");
  return -1;
}

static int print_result(const wt_cfunc_sig *sig, const wt_cval *res) {
  wave_buf b = {0};
  if (!sig->result) { puts("()"); return 0; }
  int rc = wave_format(&b, sig->result, res);
  if (b.oom) { wave_buf_free(&b); return WT_NOMEM; }
  puts(b.p ? b.p : "");
  wave_buf_free(&b);
  if (rc) fprintf(stderr, "wt: error: the result holds what WAVE cannot write (a resource handle) or what its type "
                  "does not allow (printed up to <?>)\n");
  return rc ? -1 : 0;
}

static int invoke(session *s, const run_opts *o, const wt_cinstance *inst, const char *path) {
  wt_context *cx = wt_store_context(s->store);
  wt_cfunc *f = NULL;
  wave_call call;
  wave_error e;
  wave_arena a = {0};
  wt_cval *args = NULL, res;
  memset(&res, 0, sizeof res);
  wave_parse_call(o->invoke, &call, &e);
  int rc = wt_cinstance_get_func(cx, inst, path, &f);
  if (rc == WT_NOT_FOUND || rc == WT_TYPE) {
    fprintf(stderr, "wt: error: no exported function `%s` in `%s`: %s\n", path, o->file, wt_errmsg());
    return -1;
  }
  const wt_cfunc_sig *sig = rc ? NULL : wt_cfunc_type(f);
  if (sig && wave_parse_args(&a, &call, sig, &args, &e)) rc = wave_failed(o->invoke, &e);
  if (sig && !rc) rc = run_arm_deadline(s, o);
  if (sig && !rc) rc = wt_cfunc_call(cx, f, args, sig->nparams, sig->result ? &res : NULL);
  if (sig && !rc) rc = print_result(sig, &res);
  wt_cval_release(&res);
  wave_arena_free(&a);
  wt_cfunc_delete(f);
  return rc;
}

/* The first export wasi:cli/run@0.2.x that is an instance (its name into
 * buf), as wasmtime's bindings find the command's run. */
static bool find_run(const wt_component *c, char *buf, size_t size) {
  size_t n;
  wt_citem *all = exports(c, &n);
  bool found = false;
  for (size_t i = 0; all && i < n && !found; i++)
    if (all[i].kind == WT_CITEM_INSTANCE && !strncmp(all[i].name, "wasi:cli/run@0.2.", 17)) {
      snprintf(buf, size, "%s#run", all[i].name);
      found = true;
    }
  free(all);
  return found;
}

/* A command: its run returns result (ok: exit 0, err: exit 1, silently,
 * as wasmtime's "feigned explicit exit" with status 1). */
/* The type wasi:cli/run gives run: no parameters, a result with no payloads. */
static bool run_type_ok(const wt_cfunc_sig *sig) {
  const wt_ctype *r = sig->result;
  return sig->nparams == 0 && r && r->kind == WT_CRESULT && !r->elem && !r->err;
}

static int command(session *s, const run_opts *o, const wt_cinstance *inst) {
  wt_context *cx = wt_store_context(s->store);
  char path[1024];
  wt_cfunc *f = NULL;
  wt_cval res;
  memset(&res, 0, sizeof res);
  if (!find_run(s->component, path, sizeof path)) {
    fprintf(stderr, "wt: error: failed to run `%s`: it exports no instance wasi:cli/run@0.2.x (a command "
            "component's entry); call one of its functions with --invoke\n", o->file);
    return -1;
  }
  int rc = wt_cinstance_get_func(cx, inst, path, &f);
  const wt_cfunc_sig *sig = rc ? NULL : wt_cfunc_type(f);
  if (sig && !run_type_ok(sig)) { /* wasi:cli/run's run is func() -> result, as wasmtime checks */
    char ty[256];
    wt_cfunc_sig_format(sig, ty, sizeof ty);
    fprintf(stderr, "wt: error: failed to run `%s`: its %s has the type %s, not func() -> result\n", o->file,
            path, ty);
    wt_cfunc_delete(f);
    return -1;
  }
  if (!rc) rc = run_arm_deadline(s, o);
  if (!rc) rc = wt_cfunc_call(cx, f, NULL, 0, sig && sig->result ? &res : NULL);
  bool err = !rc && res.kind == WT_CRESULT && res.of.cased.index == 1;
  wt_cval_release(&res);
  wt_cfunc_delete(f);
  return rc ? rc : err ? -1 : 0;
}

int run_component(session *s, const run_opts *o) {
  wt_cinstance inst;
  wave_call call;
  wave_error e;
  char path[1024];
  int rc = wt_component_from_file(s->engine, o->file, &s->component);
  if (rc == WT_INVALID && precompiled) { /* a component's .cwasm, not allowed: name the flag */
    fprintf(stderr, "wt: error: failed to run `%s`: %s is a precompiled component (native code, run as it is): "
            "refused without --allow-precompiled\n", o->file, o->file);
    return -1;
  }
  if (rc && precompiled) { /* an ELF that is no component either: the module side's reason */
    fprintf(stderr, "wt: error: failed to run `%s`: %s\n", o->file, module_error);
    return -1;
  }
  if (!rc && o->invoke && wave_parse_call(o->invoke, &call, &e))
    return wave_failed(o->invoke, &e);
  if (!rc && o->invoke && resolve(o, s->component, &call, path, sizeof path)) return -1;
  if (!rc) rc = run_store_open(s, o);
  if (!rc) rc = wt_clinker_new(s->engine, &s->clinker);
  if (!rc) rc = wt_clinker_define_wasi(s->clinker);
  if (!rc) rc = wt_clinker_instantiate(s->clinker, wt_store_context(s->store), s->component, &inst);
  if (rc) return rc;
  return o->invoke ? invoke(s, o, &inst, path) : command(s, o, &inst);
}
