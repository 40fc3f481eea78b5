/* wast_component.c - the component side of `wt wast`: `(component ...)`
 * commands, definitions and instances, and calls of their exports.
 *
 * A client of include/wt.h only, as wast.c. Component text goes to
 * wt_component_from_wat (binary and quote forms to wt_component_new and
 * the same text parser); the core modules inside a component are part of
 * its text. Each instance gets a store of its own, as in Wasmtime's own
 * runner: a trap, which ends the instance it happened in (the component
 * model's rule), leaves the others usable. Instances are made through one
 * empty component linker per file: the suite's components import nothing
 * from the host. Arguments are built and results matched against the
 * function's type (wast_cvalue.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wast.h"

typedef struct wc_named {
  char *name;         /* "$C" */
  wt_component *def;  /* a `(component definition $C ...)`, owned */
  int has_inst;
  wt_context *cx;     /* the instance's own store */
  wt_cinstance inst;
  const char *skip;   /* not made, for this reason (wc_not_here) */
} wc_named;

struct wc_file {
  wt_engine *engine;
  uint64_t timeout_ms;
  const wt_limits *limits;
  wt_clinker *linker;     /* made on first use */
  wc_named *names;
  size_t nnames;
  wt_store **stores;      /* one per instance, all kept until the file ends */
  size_t nstores;
  int has_cur;
  wt_context *cur_cx;
  wt_cinstance cur;
  const char *cur_skip;   /* the current instance was skipped, for this reason */
  wt_component *last_def; /* the latest definition (borrowed from names) */
  const char *last_skip;  /* ... or it was skipped, for this reason */
};

wc_file *wc_file_new(wt_engine *engine, uint64_t timeout_ms, const wt_limits *limits) {
  wc_file *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->engine = engine;
  f->timeout_ms = timeout_ms;
  f->limits = limits;
  return f;
}

void wc_file_free(wc_file *f) {
  if (!f) return;
  for (size_t i = 0; i < f->nnames; i++) { free(f->names[i].name); wt_component_delete(f->names[i].def); }
  for (size_t i = 0; i < f->nstores; i++) wt_store_delete(f->stores[i]);
  free(f->names);
  free(f->stores);
  wt_clinker_delete(f->linker);
  free(f);
}

int wc_is_component(const sx *node) {
  return node->kind == SX_LIST && node->n && sx_is(&node->kids[0], "component");
}

static int is_id(const sx *a) { return a && a->kind == SX_ATOM && a->len > 1 && a->text[0] == '$'; }

static wc_named *find(wc_file *f, const sx *id) {
  for (size_t i = 0; i < f->nnames; i++)
    if (strlen(f->names[i].name) == id->len && !memcmp(f->names[i].name, id->text, id->len)) return &f->names[i];
  return NULL;
}

/* The entry for id, made on first use; NULL when out of memory. */
static wc_named *bind(wc_file *f, const char *id, size_t len) {
  for (size_t i = 0; i < f->nnames; i++)
    if (strlen(f->names[i].name) == len && !memcmp(f->names[i].name, id, len)) return &f->names[i];
  wc_named *grown = realloc(f->names, (f->nnames + 1) * sizeof *grown);
  char *s = malloc(len + 1);
  if (grown) f->names = grown;
  if (!grown || !s) { free(s); return NULL; }
  memcpy(s, id, len);
  s[len] = 0;
  wc_named *n = &f->names[f->nnames++];
  memset(n, 0, sizeof *n);
  n->name = s;
  return n;
}

int wc_has_instance(wc_file *f, const sx *id) {
  wc_named *n = f && is_id(id) ? find(f, id) : NULL;
  return n && (n->has_inst || n->skip);
}

void wc_forget(wc_file *f, const sx *id) {
  wc_named *n = f && is_id(id) ? find(f, id) : NULL;
  if (n) n->has_inst = 0, n->skip = NULL;
}

/* ---- refusals that are not wt's to fix ----
 * A component refused for one of these reasons is skipped, naming it, and
 * so is everything that uses it: the suite's README runs Wasmtime with two
 * proposals its C API has no setting for, and the suite (and Wasmtime 49,
 * its reference) predates two rules of the Wasmtime wt is pinned to. */
static const char *const not_here[][2] = {
    {"requires the component model threading feature",
     "needs component-model-threading, which Wasmtime's C API cannot turn on"},
    {"require the component model fixed-length lists feature",
     "needs component-model-fixed-length-lists, which Wasmtime's C API cannot turn on"},
    {"historically accepted as `cancellable`",
     "this Wasmtime follows component-model#716 (no `cancellable` option), which is newer than the suite"},
    {"no longer supported after WebAssembly/component-model#716",
     "this Wasmtime follows component-model#716 (no `cancellable` option), which is newer than the suite"},
};

/* True for "name `a-1` conflicts with previous name `a1`": two names that
 * differ only in their '-' (and case), one name to Wasmtime 50, two to
 * the suite's spec and to Wasmtime 49. */
static int hyphen_conflict(const char *msg) {
  const char *a = strstr(msg, "name `"), *b = a ? strstr(a, "conflicts with previous name `") : NULL;
  if (!a || !b) return 0;
  a += 6;
  b += 30;
  int differs = 0;
  for (;;) {
    while (*a == '-') a++, differs = 1;
    while (*b == '-') b++, differs = 1;
    if (*a == '`' || *b == '`') return *a == *b && differs;
    if (!*a || !*b || (*a | 0x20) != (*b | 0x20)) return 0;
    a++, b++;
  }
}

const char *wc_not_here(const char *msg) {
  for (size_t i = 0; i < sizeof not_here / sizeof not_here[0]; i++)
    if (strstr(msg, not_here[i][0])) return not_here[i][1];
  if (hyphen_conflict(msg))
    return "this Wasmtime takes names that differ only in '-' (a1, a-1) for one, unlike the suite (and Wasmtime 49)";
  return NULL;
}

/* ---- compiling ---- */

typedef struct cinfo {
  const sx *id; /* $C or NULL */
  int is_def;   /* (component definition ...) */
} cinfo;

/* Compiles the component of `m`: a wt status (WT_OK: *out is it), or -1
 * when m is no component form at all. */
static int compile(wc_file *f, const char *src, const sx *m, cinfo *info, wt_component **out) {
  size_t i = 1, len = 0;
  *out = NULL;
  memset(info, 0, sizeof *info);
  if (!wc_is_component(m)) return -1;
  if (i < m->n && sx_is(&m->kids[i], "definition")) info->is_def = 1, i++;
  if (i < m->n && is_id(&m->kids[i])) info->id = &m->kids[i++];
  int binary = i < m->n && sx_is(&m->kids[i], "binary");
  int quote = i < m->n && sx_is(&m->kids[i], "quote");
  /* The text keeps its $id: `(alias outer $C ...)` inside it names it. */
  size_t start = info->id ? info->id->start : m->kids[i - 1].end;
  char *bytes = binary || quote ? wast_join_strings(m, i + 1, quote, "component", &len)
                                : wast_wrap_text("component", src, start, m->end - 1, &len);
  if (!bytes) return -1;
  int rc = binary ? wt_component_new(f->engine, (const uint8_t *)bytes, len, out)
                  : wt_component_from_wat(f->engine, bytes, len, out);
  free(bytes);
  return rc;
}

int wc_compile(wc_file *f, const char *src, const sx *node, char *msg, size_t size) {
  cinfo info;
  wt_component *c;
  int rc = compile(f, src, node, &info, &c);
  snprintf(msg, size, "%s", rc < 0 ? "not a component" : rc ? wt_errmsg() : "");
  wt_component_delete(c);
  return rc;
}

/* ---- instantiating ---- */

static int fail_msg(char *msg, size_t size, int rc) {
  snprintf(msg, size, "%s", wt_errmsg());
  return rc;
}

/* Instantiates c in a new store: WT_OK with *cx and *inst (the store is
 * kept until the file ends), or a status with msg (nothing kept). */
static int instantiate(wc_file *f, const wt_component *c, wt_context **cx, wt_cinstance *inst, char *msg, size_t size) {
  wt_store *store = NULL;
  wt_store **grown = realloc(f->stores, (f->nstores + 1) * sizeof *grown);
  int rc;
  if (!grown) return snprintf(msg, size, "out of memory"), WT_NOMEM;
  f->stores = grown;
  if (!f->linker && ((rc = wt_clinker_new(f->engine, &f->linker)) || (rc = wt_clinker_allow_shadowing(f->linker, true))))
    return fail_msg(msg, size, rc);
  if ((rc = wt_store_new(f->engine, NULL, NULL, &store)) ||
      (f->timeout_ms && (rc = wt_store_set_timeout(store, f->timeout_ms))) ||
      (f->limits && (rc = wt_store_set_limits(store, f->limits)))) {
    wt_store_delete(store);
    return fail_msg(msg, size, rc);
  }
  *cx = wt_store_context(store);
  rc = wt_clinker_instantiate(f->linker, *cx, c, inst);
  if (rc) {
    fail_msg(msg, size, rc);
    wt_store_delete(store);
    return rc;
  }
  f->stores[f->nstores++] = store;
  msg[0] = 0;
  return WT_OK;
}

int wc_instantiate_only(wc_file *f, const char *src, const sx *node, char *msg, size_t size) {
  cinfo info;
  wt_component *c;
  wt_context *cx;
  wt_cinstance inst;
  int rc = compile(f, src, node, &info, &c);
  if (rc) {
    snprintf(msg, size, "component did not compile: %s", rc < 0 ? "malformed" : wt_errmsg());
    return -1;
  }
  rc = instantiate(f, c, &cx, &inst, msg, size); /* an unexpected success is not made current */
  wt_component_delete(c);
  return rc;
}

/* The instance (NULL: skipped for `skip`) is the current one and id's. */
static void make_current(wc_file *f, const sx *id, wt_context *cx, const wt_cinstance *inst, const char *skip) {
  f->has_cur = inst != NULL;
  f->cur_cx = cx;
  if (inst) f->cur = *inst;
  f->cur_skip = skip;
  wc_named *n = id ? bind(f, id->text, id->len) : NULL;
  if (n) { n->has_inst = inst != NULL; n->cx = cx; if (inst) n->inst = *inst; n->skip = skip; }
}

/* `(component instance $I? $C?)`: definition $C (default: the latest) as
 * instance $I, as `(module instance ...)` reads. */
static int command_instance(wc_file *f, const sx *cmd, const char **skip, char *msg, size_t size) {
  const sx *iid = cmd->n > 2 && is_id(&cmd->kids[2]) ? &cmd->kids[2] : NULL;
  const sx *cid = cmd->n > 3 && is_id(&cmd->kids[3]) ? &cmd->kids[3] : NULL;
  wc_named *def = cid ? find(f, cid) : NULL;
  const wt_component *c = cid ? (def ? def->def : NULL) : f->last_def;
  wt_context *cx;
  wt_cinstance inst;
  *skip = cid ? (def ? def->skip : NULL) : f->last_skip;
  if (*skip) { make_current(f, iid, NULL, NULL, *skip); return WT_OK; }
  if (!c) return snprintf(msg, size, "no such component definition"), WT_NOT_FOUND;
  int rc = instantiate(f, c, &cx, &inst, msg, size);
  if (rc && (*skip = wc_call_not_here(rc, msg, NULL)) != NULL) { make_current(f, iid, NULL, NULL, *skip); return WT_OK; }
  if (!rc) make_current(f, iid, cx, &inst, NULL);
  return rc;
}

/* A definition (c, or NULL: skipped for `skip`) kept under id. */
static int keep(wc_file *f, const sx *id, wt_component *c, const char *skip, char *msg, size_t size) {
  wc_named *n = id ? bind(f, id->text, id->len) : bind(f, "$ anonymous", 11);
  if (!n) { wt_component_delete(c); return snprintf(msg, size, "out of memory"), WT_NOMEM; }
  wt_component_delete(n->def);
  n->def = f->last_def = c;
  n->skip = f->last_skip = skip;
  return WT_OK;
}

int wc_command(wc_file *f, const char *src, const sx *cmd, const char **skip, char *msg, size_t size) {
  cinfo info;
  wt_component *c;
  wt_context *cx;
  wt_cinstance inst;
  msg[0] = 0;
  *skip = NULL;
  if (cmd->n > 1 && sx_is(&cmd->kids[1], "instance")) return command_instance(f, cmd, skip, msg, size);
  int rc = compile(f, src, cmd, &info, &c);
  if (rc > 0 && (*skip = wc_not_here(wt_errmsg())) != NULL) { /* as if made: what uses it is skipped too */
    if (info.is_def) return keep(f, info.id, NULL, *skip, msg, size);
    make_current(f, info.id, NULL, NULL, *skip);
    return WT_OK;
  }
  if (rc) return snprintf(msg, size, "compile failed: %s", rc < 0 ? "malformed component command" : wt_errmsg()), rc < 0 ? WT_MALFORMED : rc;
  if (info.is_def) return keep(f, info.id, c, NULL, msg, size);
  rc = instantiate(f, c, &cx, &inst, msg, size);
  wt_component_delete(c);
  if (rc && (*skip = wc_call_not_here(rc, msg, NULL)) != NULL) { make_current(f, info.id, NULL, NULL, *skip); return WT_OK; }
  if (!rc) make_current(f, info.id, cx, &inst, NULL);
  else { char m[900]; snprintf(m, sizeof m, "%s", msg); snprintf(msg, size, "instantiation failed: %s", m); }
  return rc;
}

/* ---- calls ---- */

static int call_error(wc_call *c, int kind, const char *fmt, const char *arg) {
  snprintf(c->msg, sizeof c->msg, fmt, arg);
  return kind;
}

/* The arguments kids[from..] built into args for sig, in arena a. */
static int make_args(const sx *a, size_t from, const wt_cfunc_sig *sig, wcv_arena *arena, wt_cval *args, wc_call *c) {
  for (size_t k = 0; k < sig->nparams; k++) {
    char why[512];
    int rc = wcv_parse(arena, &a->kids[from + k], sig->params[k], &args[k], why, sizeof why);
    if (rc != WV_MATCH) {
      char where[700];
      snprintf(where, sizeof where, "argument %zu (%s): %s", k + 1, sig->param_names[k], why);
      return call_error(c, rc == WV_UNSUPPORTED ? WC_SKIP : WC_ERROR, "%s", where);
    }
  }
  return WC_RAN;
}

const char *wc_call_not_here(int rc, const char *msg, int *ends) {
  int dummy;
  if (!ends) ends = &dummy;
  *ends = 0;
  if (rc == WT_UNSUPPORTED && strstr(msg, "future, stream, error-context or map"))
    return "a function whose type has a future, stream, error-context or map: wt does not call those";
  if (strstr(msg, "cannot synchronously call an async-lifted export"))
    return "an async-lifted export: it needs an async call (wasmtime_component_func_call_async), and wt's calls are synchronous";
  if (strstr(msg, "called without a running event loop")) {
    *ends = 1;
    return "needs Wasmtime's event loop, which only an async call runs (wasmtime_component_func_call_async); wt's calls are synchronous";
  }
  return NULL;
}

/* Every name of instance inst (and the current one, if it is) stands for
 * a skipped instance from now on. */
static void skip_instance(wc_file *f, const wt_cinstance *inst, const char *why) {
  wt_cinstance copy = *inst;
  for (size_t i = 0; i < f->nnames; i++)
    if (f->names[i].has_inst && !memcmp(&f->names[i].inst, &copy, sizeof copy)) f->names[i].has_inst = 0, f->names[i].skip = why;
  if (f->has_cur && !memcmp(&f->cur, &copy, sizeof copy)) f->has_cur = 0, f->cur_skip = why;
}

int wc_invoke(wc_file *f, const sx *a, wc_call *c) {
  size_t i = 1;
  wt_context *cx = f->cur_cx;
  const wt_cinstance *inst = f->has_cur ? &f->cur : NULL;
  memset(c, 0, sizeof *c);
  const char *skip = f->cur_skip;
  if (i < a->n && is_id(&a->kids[i])) {
    wc_named *n = find(f, &a->kids[i++]);
    inst = n && n->has_inst ? &n->inst : NULL;
    cx = n ? n->cx : NULL;
    skip = n ? n->skip : NULL;
  }
  if (skip) return call_error(c, WC_SKIP, "%s", skip); /* its component was skipped */
  if (!inst) return call_error(c, WC_ERROR, "%s", "no such component instance");
  if (i >= a->n || a->kids[i].kind != SX_STRING || strlen(a->kids[i].text) != a->kids[i].len)
    return call_error(c, WC_ERROR, "%s", "malformed invoke");
  if (wt_cinstance_get_func(cx, inst, a->kids[i].text, &c->fn))
    return call_error(c, WC_ERROR, "%s", wt_errmsg());
  const wt_cfunc_sig *sig = wt_cfunc_type(c->fn);
  if (a->n - i - 1 != sig->nparams) return call_error(c, WC_ERROR, "%s", "wrong number of arguments");
  wcv_arena arena = {NULL};
  wt_cval *args = wcv_alloc(&arena, (sig->nparams + 1) * sizeof *args);
  int kind = args ? make_args(a, i + 1, sig, &arena, args, c) : call_error(c, WC_ERROR, "%s", "out of memory");
  if (kind == WC_RAN) {
    c->rtype = sig->result;
    c->rc = wt_cfunc_call(cx, c->fn, args, sig->nparams, sig->result ? &c->result : NULL);
    c->has_result = !c->rc && sig->result;
    snprintf(c->msg, sizeof c->msg, "%s", c->rc ? wt_errmsg() : "");
    int ends;
    const char *why = c->rc ? wc_call_not_here(c->rc, c->msg, &ends) : NULL;
    if (why && ends) skip_instance(f, inst, why);
    if (why) kind = call_error(c, WC_SKIP, "%s", why);
  }
  wcv_arena_free(&arena);
  return kind;
}

void wc_call_free(wc_call *c) {
  if (c->has_result) wt_cval_release(&c->result);
  wt_cfunc_delete(c->fn);
  c->fn = NULL;
  c->has_result = 0;
}
