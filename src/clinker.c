/* clinker.c - wt_clinker: a component's imports (WASI 0.2, wasi:http, host
 * functions and resources by path, core modules, traps for the rest) and
 * instantiation; the host function and destructor trampolines;
 * wt_context_scratch.
 *
 * Definitions by path ("wt:demo/host#log") need nested linker instances.
 * Up to Wasmtime 47 an instance cannot be opened twice ("defined twice"),
 * so wt keeps its own tree of what it defined: a definition into an
 * instance that exists already defines that top-level instance anew (with
 * shadowing on for that moment) from the tree. From 48 Wasmtime reopens
 * an instance itself and the tree is only read for conflicts.
 *
 * A host function's callback record is shared by every copy Wasmtime
 * holds (the linker's, each instance's, a rebuilt instance's): counted,
 * and the user's finalizer runs with the last reference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define COMPONENT_CAP "components (WT_CAP_COMPONENT)"
#define PARTS_MAX 32
#define HOST_LOCAL_ARGS 8

/* ---- callback records ---- */

typedef struct crec {
  uint32_t refs;                /* atomic: the tree's and each of Wasmtime's copies */
  wt_chost_fn fn;               /* a host function's, or */
  wt_resource_dtor dtor;        /* a host resource's destructor (may be NULL) */
  void *env;
  void (*finalizer)(void *);
  char path[];
} crec;

static crec *crec_new(const char *path, wt_chost_fn fn, wt_resource_dtor dtor, void *env, void (*finalizer)(void *)) {
  size_t n = strlen(path);
  crec *r = malloc(sizeof *r + n + 1);
  if (!r) return NULL;
  *r = (crec){1, fn, dtor, env, finalizer};
  memcpy(r->path, path, n + 1);
  return r;
}
static crec *crec_ref(crec *r) {
  __atomic_add_fetch(&r->refs, 1, __ATOMIC_RELAXED);
  return r;
}
static void crec_unref(void *p) {
  crec *r = p;
  if (__atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL)) return;
  if (r->finalizer) r->finalizer(r->env);
  free(r);
}

/* ---- scratch memory of the host functions under way on this thread ---- */

typedef struct scratch {
  wt_context *cx;
  struct scratch *up;
  void **blocks;
  size_t n, cap;
} scratch;
static __thread scratch *scratch_top;

wt_status wt_context_scratch(wt_context *cx, size_t size, void **out) {
  if (out) *out = NULL;
  ARGS(cx, out);
  scratch *s = scratch_top;
  while (s && s->cx != cx) s = s->up;
  if (!s) return wt__fail(WT_INVALID, "wt_context_scratch: no host function of a component is running on this context");
  if (s->n == s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 8;
    void **grown = realloc(s->blocks, cap * sizeof *grown);
    if (!grown) return wt__oom();
    s->blocks = grown;
    s->cap = cap;
  }
  void *p = malloc(size ? size : 1);
  if (!p) return wt__fail(WT_NOMEM, "wt_context_scratch: cannot allocate %zu bytes", size);
  s->blocks[s->n++] = p;
  *out = p;
  return WT_OK;
}

static void scratch_pop(scratch *s) {
  for (size_t i = 0; i < s->n; i++) free(s->blocks[i]);
  free(s->blocks);
  scratch_top = s->up;
}

/* ---- trampolines ---- */

static wta_error_t *host_error(const char *fmt, const char *path, const char *why) {
  char msg[1024];
  snprintf(msg, sizeof msg, fmt, path, why);
  return W->wasmtime_error_new(msg);
}

/* The resource handles in a host function's arguments are wt's: marked,
 * so a result that passes one back does not delete it twice. */
static void mark_temp(wt_cval *v, int depth) {
  if (depth > WT__CTYPE_MAX_DEPTH) return;
  switch (v->kind) {
  case WT_COWN: case WT_CBORROW: if (v->of.resource) v->of.resource->temp = true; return;
  case WT_CLIST: case WT_CTUPLE: case WT_CRECORD:
    for (size_t i = 0; i < v->of.list.count; i++) mark_temp((wt_cval *)(uintptr_t)&v->of.list.items[i], depth + 1);
    return;
  case WT_CVARIANT: case WT_COPTION: case WT_CRESULT:
    if (v->of.cased.payload) mark_temp((wt_cval *)(uintptr_t)v->of.cased.payload, depth + 1);
    return;
  default: return;
  }
}

/* The handles in a host function's result are wt's once it returns
 * (Wasmtime has its own copies now): deleted, but for arguments passed back. */
static void delete_handles(const wt_cval *v, int depth) {
  if (depth > WT__CTYPE_MAX_DEPTH) return;
  switch (v->kind) {
  case WT_COWN: case WT_CBORROW: if (v->of.resource && !v->of.resource->temp) wt_resource_delete(v->of.resource); return;
  case WT_CLIST: case WT_CTUPLE: case WT_CRECORD:
    for (size_t i = 0; i < v->of.list.count; i++) delete_handles(&v->of.list.items[i], depth + 1);
    return;
  case WT_CVARIANT: case WT_COPTION: case WT_CRESULT:
    if (v->of.cased.payload) delete_handles(v->of.cased.payload, depth + 1);
    return;
  default: return;
  }
}

/* The callback's result, checked against the import's type, as Wasmtime's. */
static wta_error_t *host_result(wt_context *cx, const crec *h, const wt_ctype *t, wt_cval *res, wta_cval_t *out) {
  size_t bytes = 0;
  char who[600];
  snprintf(who, sizeof who, "host function %s", h->path);
  wt__cwhere w = {who, 0, NULL};
  if (wt__cval_check(cx, t, res, &w, wt__cval_next_stamp(), &bytes))
    return host_error("%s%s", "", wt_errmsg()); /* "host function P: result ...: expected string, got u32" */
  wt__cval_lower_owned(t, res, out);
  delete_handles(res, 0);
  return NULL;
}

/* Runs the user's function: the arguments lifted from Wasmtime's (the
 * import's type, as the component declares it, comes with each call), the
 * result checked and handed back, the scratch memory freed. */
static wta_error_t *host_call(void *data, wta_context_t *c, const wta_cfunc_type_t *ty, wta_cval_t *args,
                              size_t nargs, wta_cval_t *results, size_t nresults) {
  crec *h = data;
  wt_context *cx = wt__context_of(c);
  wt__arena *a = wt__arena_new();
  const wt_cfunc_sig *sig = a ? wt__csig_build(a, ty) : NULL;
  if (!sig) {
    wt__arena_delete(a);
    return host_error("host function %s: %s", h->path, a ? wt_errmsg() : "out of memory");
  }
  if (sig->nparams != nargs || (sig->result != NULL) != (nresults == 1)) {
    wt__arena_delete(a);
    return host_error("host function %s: %s", h->path, "Wasmtime's values do not match the import's type");
  }
  wt_cval local[HOST_LOCAL_ARGS], *argv = nargs <= HOST_LOCAL_ARGS ? local : malloc(nargs * sizeof *argv);
  void *block = NULL;
  wta_error_t *err = NULL;
  if (!argv || wt__cval_lift(cx, sig->params, args, nargs, argv, &block)) {
    err = host_error("host function %s: %s", h->path, argv ? wt_errmsg() : "out of memory");
    if (argv != local) free(argv);
    wt__arena_delete(a);
    return err;
  }
  for (size_t i = 0; i < nargs; i++) mark_temp(&argv[i], 0);
  scratch s = {cx, scratch_top, NULL, 0, 0};
  scratch_top = &s;
  wt_cval res;
  memset(&res, 0, sizeof res);
  uint64_t since = wt__serial;
  wt__in_host++;
  wt_status rc = h->fn(h->env, cx, argv, nargs, sig->result ? &res : NULL);
  wt__in_host--;
  if (rc) err = W->wasmtime_error_new(wt__host_failure(rc, since));
  else {
    if (wt__reason_serial > since) wt__reason_serial = 0;
    if (sig->result) err = host_result(cx, h, sig->result, &res, &results[0]);
  }
  scratch_pop(&s);
  wt__cval_release_many(argv, nargs, block);
  if (argv != local) free(argv);
  wt__arena_delete(a);
  return err;
}

static wta_error_t *dtor_call(void *data, wta_context_t *c, uint32_t rep) {
  crec *h = data;
  if (!h->dtor) return NULL;
  uint64_t since = wt__serial;
  wt__in_host++;
  wt_status rc = h->dtor(h->env, wt__context_of(c), rep);
  wt__in_host--;
  if (rc) return W->wasmtime_error_new(wt__host_failure(rc, since));
  if (wt__reason_serial > since) wt__reason_serial = 0;
  return NULL;
}

/* ---- the tree of definitions ---- */

enum { NODE_INSTANCE, NODE_FUNC, NODE_RESOURCE, NODE_MODULE };
static const char *const node_what[] = {"an instance", "a function", "a resource", "a module"};

typedef struct cnode {
  char *name;
  int kind;
  struct cnode *kids, *next;    /* NODE_INSTANCE: what it holds */
  crec *rec;                    /* NODE_FUNC, NODE_RESOURCE */
  uint32_t type_id;             /* NODE_RESOURCE */
  wta_module_t *module;         /* NODE_MODULE: the linker's own reference */
} cnode;

struct wt_clinker {
  wta_clinker_t *l;
  wt_engine *engine;
  bool shadowing;               /* the user's setting */
  bool wasi, http;              /* WASI 0.2 / wasi:http defined */
  cnode root;                   /* NODE_INSTANCE: what wt defined */
};

static void node_free(cnode *n) {
  while (n) {
    cnode *next = n->next;
    node_free(n->kids);
    if (n->rec) crec_unref(n->rec);
    if (n->module) W->wasmtime_module_delete(n->module);
    free(n->name);
    free(n);
    n = next;
  }
}

static cnode *node_find(cnode *inst, const char *name, size_t len) {
  for (cnode *k = inst->kids; k; k = k->next)
    if (strlen(k->name) == len && !memcmp(k->name, name, len)) return k;
  return NULL;
}

static void node_unlink(cnode *inst, cnode *n) {
  for (cnode **p = &inst->kids; *p; p = &(*p)->next)
    if (*p == n) { *p = n->next; n->next = NULL; return; }
}

/* A path split at '#': parts[0..n-1) instances, parts[n-1] the item. */
typedef struct cpath { const char *part[PARTS_MAX]; size_t len[PARTS_MAX]; size_t n; } cpath;

static wt_status split_path(const char *func, const char *path, cpath *p) {
  p->n = 0;
  for (const char *s = path;;) {
    const char *end = strchr(s, '#');
    size_t len = end ? (size_t)(end - s) : strlen(s);
    if (!len) return wt__fail(WT_INVALID, "%s: \"%s\": an empty name in the path", func, path);
    if (p->n == PARTS_MAX) return wt__fail(WT_INVALID, "%s: \"%s\": more than %d parts", func, path, PARTS_MAX);
    if (!wt__utf8_valid((const uint8_t *)s, len)) return wt__fail(WT_INVALID, "%s: the path is not valid UTF-8", func);
    p->part[p->n] = s;
    p->len[p->n++] = len;
    if (!end) return WT_OK;
    s = end + 1;
  }
}

/* ---- definitions into Wasmtime's linker ---- */

/* Adds item n (of the tree) into the linker instance li (Wasmtime's). */
static wta_error_t *add_node(wta_clinker_instance_t *li, const cnode *n) {
  size_t len = strlen(n->name);
  switch (n->kind) {
  case NODE_FUNC:
    return W->wasmtime_component_linker_instance_add_func(li, n->name, len, host_call, crec_ref(n->rec), crec_unref);
  case NODE_RESOURCE: {
    wta_cresource_type_t *rt = W->wasmtime_component_resource_type_new_host(n->type_id);
    wta_error_t *err = W->wasmtime_component_linker_instance_add_resource(li, n->name, len, rt, dtor_call,
                                                                         crec_ref(n->rec), crec_unref);
    W->wasmtime_component_resource_type_delete(rt);
    return err;
  }
  case NODE_MODULE: return W->wasmtime_component_linker_instance_add_module(li, n->name, len, n->module);
  default: {
    wta_clinker_instance_t *sub = NULL;
    wta_error_t *err = W->wasmtime_component_linker_instance_add_instance(li, n->name, len, &sub);
    for (const cnode *k = n->kids; !err && k; k = k->next) err = add_node(sub, k);
    if (sub) W->wasmtime_component_linker_instance_delete(sub);
    return err;
  }
  }
}

/* Defines top-level instance top anew from the tree (Wasmtime up to 47
 * cannot reopen it): shadowing on while it replaces the old one. */
static wta_error_t *redefine_top(wt_clinker *lk, const cnode *top) {
  W->wasmtime_component_linker_allow_shadowing(lk->l, true);
  wta_clinker_instance_t *root = W->wasmtime_component_linker_root(lk->l);
  wta_error_t *err = add_node(root, top);
  W->wasmtime_component_linker_instance_delete(root);
  W->wasmtime_component_linker_allow_shadowing(lk->l, lk->shadowing);
  return err;
}

/* Defines leaf (already in the tree, in the instances of path p, of which
 * the first `existed` were in the tree before) into Wasmtime's linker. */
static wta_error_t *add_path(wt_clinker *lk, const cpath *p, size_t existed, const cnode *top, const cnode *leaf) {
  wta_clinker_instance_t *chain[PARTS_MAX];
  size_t depth = 0;
  wta_error_t *err = NULL;
  /* Up to 47 an instance cannot be reopened: refused, or replaced by an
   * empty one when shadowing is on. */
  if (existed && wt__line->first < 48) return redefine_top(lk, top);
  chain[depth++] = W->wasmtime_component_linker_root(lk->l);
  for (size_t i = 0; i + 1 < p->n && !err; i++) {
    wta_clinker_instance_t *next = NULL;
    err = W->wasmtime_component_linker_instance_add_instance(chain[depth - 1], p->part[i], p->len[i], &next);
    if (!err) chain[depth++] = next;
  }
  if (!err) err = add_node(chain[depth - 1], leaf);
  while (depth) W->wasmtime_component_linker_instance_delete(chain[--depth]);
  return err;
}

/* Defines leaf (taken: freed on failure) at path: the tree first (a
 * conflict with what wt defined is refused there), then Wasmtime's linker
 * (a conflict with what Wasmtime defined, such as WASI, is its refusal). */
/* A name of a WASI interface ("wasi:cli/environment@0.2.0"). WASI's
 * instances are Wasmtime's, not in wt's tree: a definition into one would
 * replace the whole instance (its other functions lost), so the two never
 * mix, in either order. */
static bool wasi_name(const char *s, size_t n) { return n >= 5 && !memcmp(s, "wasi:", 5); }

static wt_status define(wt_clinker *lk, const char *func, const char *path, cnode *leaf) {
  cpath p;
  wt_status rc = split_path(func, path, &p);
  if (rc) { node_free(leaf); return rc; }
  if ((lk->wasi || lk->http) && p.n > 1 && wasi_name(p.part[0], p.len[0])) {
    node_free(leaf);
    return wt__fail(WT_ERROR, "%s: \"%.*s\" is WASI's, defined by wt_clinker_define_wasi: a host definition "
                    "in it would replace the whole interface (use a linker without WASI to provide your own)",
                    func, (int)p.len[0], p.part[0]);
  }
  leaf->name = malloc(p.len[p.n - 1] + 1);
  if (!leaf->name) { node_free(leaf); return wt__oom(); }
  memcpy(leaf->name, p.part[p.n - 1], p.len[p.n - 1]);
  leaf->name[p.len[p.n - 1]] = 0;
  cnode *inst = &lk->root, *first_new = NULL, *first_new_parent = NULL, *top = NULL;
  size_t existed = 0;
  for (size_t i = 0; i + 1 < p.n; i++) {
    cnode *k = node_find(inst, p.part[i], p.len[i]);
    if (k && k->kind != NODE_INSTANCE && !lk->shadowing) {
      node_free(leaf);
      return wt__fail(WT_ERROR, "%s: \"%.*s\" is defined already as %s", func, (int)p.len[i], p.part[i], node_what[k->kind]);
    }
    if (k && k->kind != NODE_INSTANCE) { node_unlink(inst, k); node_free(k); k = NULL; }
    if (k && !first_new) existed++;
    if (!k) {
      k = calloc(1, sizeof *k);
      if (k && !(k->name = malloc(p.len[i] + 1))) { free(k); k = NULL; }
      if (!k) {
        if (first_new) { node_unlink(first_new_parent, first_new); node_free(first_new); }
        node_free(leaf);
        return wt__oom();
      }
      memcpy(k->name, p.part[i], p.len[i]);
      k->name[p.len[i]] = 0;
      k->kind = NODE_INSTANCE;
      k->next = inst->kids;
      inst->kids = k;
      if (!first_new) { first_new = k; first_new_parent = inst; }
    }
    if (!top) top = k;
    inst = k;
  }
  cnode *old = node_find(inst, leaf->name, strlen(leaf->name));
  if (old && !lk->shadowing) {
    if (first_new) { node_unlink(first_new_parent, first_new); node_free(first_new); }
    node_free(leaf);
    return wt__fail(WT_ERROR, "%s: \"%s\" is defined already (as %s)", func, path, node_what[old->kind]);
  }
  if (old) node_unlink(inst, old);
  leaf->next = inst->kids;
  inst->kids = leaf;
  wta_error_t *err = add_path(lk, &p, existed, top, leaf);
  if (!err) {
    node_free(old);
    return WT_OK;
  }
  node_unlink(inst, leaf);
  node_free(leaf);
  if (old) { old->next = inst->kids; inst->kids = old; }
  if (first_new) { node_unlink(first_new_parent, first_new); node_free(first_new); }
  rc = wt__outcome(err, NULL, NULL);
  char why[1024];
  snprintf(why, sizeof why, "%s", wt_errmsg());
  return wt__fail(rc == WT_TYPE || rc == WT_NOT_FOUND ? WT_ERROR : rc, "%s: \"%s\": %s", func, path, why);
}

/* ---- the linker ---- */

wt_status wt_clinker_new(wt_engine *engine, wt_clinker **out) {
  if (out) *out = NULL;
  ARGS(engine, out);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  wt_clinker *lk = calloc(1, sizeof *lk);
  if (!lk) return wt__oom();
  lk->l = W->wasmtime_component_linker_new(engine->e);
  if (!lk->l) {
    free(lk);
    return wt__oom();
  }
  lk->engine = engine;
  lk->root.kind = NODE_INSTANCE;
  *out = lk;
  return WT_OK;
}

void wt_clinker_delete(wt_clinker *linker) {
  if (!linker) return;
  W->wasmtime_component_linker_delete(linker->l); /* drops Wasmtime's copies of the records */
  node_free(linker->root.kids);
  free(linker);
}

wt_status wt_clinker_allow_shadowing(wt_clinker *linker, bool allow) {
  ARGS(linker);
  W->wasmtime_component_linker_allow_shadowing(linker->l, allow);
  linker->shadowing = allow;
  return WT_OK;
}

wt_status wt_clinker_define_wasi(wt_clinker *linker) {
  ARGS(linker);
  wt_status rc = wt__need_cap(WT_CAP_WASIP2, "WASI 0.2 (WT_CAP_WASIP2)");
  if (rc) return rc;
  for (const cnode *k = linker->root.kids; k; k = k->next)
    if (wasi_name(k->name, strlen(k->name)))
      return wt__fail(WT_ERROR, "wt_clinker_define_wasi: \"%s\" is defined already by the host: WASI 0.2 "
                      "and a host definition in one interface would replace each other", k->name);
  rc = wt__outcome(W->wasmtime_component_linker_add_wasip2(linker->l), NULL, "wt_clinker_define_wasi");
  if (!rc) linker->wasi = true;
  return rc == WT_TYPE || rc == WT_NOT_FOUND ? WT_ERROR : rc;
}

wt_status wt_clinker_define_wasi_http(wt_clinker *linker) {
  ARGS(linker);
  wt_status rc = wt__need_cap(WT_CAP_WASI_HTTP, "wasi:http (WT_CAP_WASI_HTTP)");
  if (!rc && !linker->wasi) rc = wt_clinker_define_wasi(linker); /* wasi:http needs WASI 0.2 */
  if (rc) return rc;
  rc = wt__outcome(W->wasmtime_component_linker_add_wasi_http(linker->l), NULL, "wt_clinker_define_wasi_http");
  if (!rc) linker->http = true;
  return rc == WT_TYPE || rc == WT_NOT_FOUND ? WT_ERROR : rc;
}

/* A function or resource definition: its record (the tree's reference: a
 * refused definition drops it, running the finalizer) in a new leaf. rc is
 * the arguments' check, which refuses with the finalizer run too. */
static wt_status define_rec(wt_clinker *linker, const char *func, const char *path, wt_status rc, int kind,
                            wt_chost_fn fn, wt_resource_dtor dtor, uint32_t type_id, void *env,
                            void (*finalizer)(void *)) {
  cnode *n = rc ? NULL : calloc(1, sizeof *n);
  crec *r = n ? crec_new(path, fn, dtor, env, finalizer) : NULL;
  if (!r) {
    free(n);
    return wt__refuse(rc ? rc : wt__oom(), finalizer, env);
  }
  n->kind = kind;
  n->rec = r;
  n->type_id = type_id;
  return define(linker, func, path, n);
}

wt_status wt_clinker_define_func(wt_clinker *linker, const char *path, wt_chost_fn fn, void *env,
                                 void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, linker, path);
  if (!rc && !fn) rc = wt__null_arg(__func__, "fn", 0);
  return define_rec(linker, __func__, path, rc, NODE_FUNC, fn, NULL, 0, env, finalizer);
}

wt_status wt_clinker_define_resource(wt_clinker *linker, const char *path, uint32_t type_id, wt_resource_dtor dtor,
                                     void *env, void (*finalizer)(void *)) {
  wt_status rc = ARGS_OF(__func__, linker, path);
  return define_rec(linker, __func__, path, rc, NODE_RESOURCE, NULL, dtor, type_id, env, finalizer);
}

wt_status wt_clinker_define_module(wt_clinker *linker, const char *path, wt_module *module) {
  ARGS(linker, path, module);
  if (module->engine != linker->engine)
    return wt__fail(WT_INVALID, "wt_clinker_define_module: the module is of another engine");
  cnode *n = calloc(1, sizeof *n);
  if (!n) return wt__oom();
  n->kind = NODE_MODULE;
  n->module = W->wasmtime_module_clone(module->m);
  if (!n->module) {
    free(n);
    return wt__oom();
  }
  return define(linker, __func__, path, n);
}

wt_status wt_clinker_define_unknown_imports_as_traps(wt_clinker *linker, const wt_component *component) {
  ARGS(linker, component);
  if (component->engine != linker->engine)
    return wt__fail(WT_INVALID, "wt_clinker_define_unknown_imports_as_traps: the component is of another engine");
  wta_error_t *err = W->wasmtime_component_linker_define_unknown_imports_as_traps(linker->l, component->c);
  wt_status rc = wt__outcome(err, NULL, "wt_clinker_define_unknown_imports_as_traps");
  return rc == WT_TYPE || rc == WT_NOT_FOUND ? WT_ERROR : rc;
}

/* ---- instantiation ---- */

/* Whether the component imports an interface whose name starts with
 * prefix (true when its imports cannot be listed: refusing is the safe
 * side); *name gets the first such import. */
static bool imports(const wt_component *c, const char *prefix, const char **name) {
  size_t n = 0, len = strlen(prefix);
  *name = "?";
  if (wt_component_import_count(c, &n)) return true;
  for (size_t i = 0; i < n; i++) {
    const wt_citem *item = NULL;
    if (wt_component_import_nth(c, i, &item)) return true;
    if (!strncmp(item->name, prefix, len)) {
      *name = item->name;
      return true;
    }
  }
  return false;
}

/* Wasmtime aborts the process when a component reaches WASI 0.2 (or
 * wasi:http) in a store without its configuration: refused first. The
 * wasi:http state is made here, once per store, for a store with WASI. */
static wt_status clinker_wasi_ready(wt_clinker *lk, wt_store *st, const wt_component *c) {
  const char *name;
  if (lk->wasi && !st->has_wasi && imports(c, "wasi:", &name))
    return wt__fail(WT_INVALID, "wt_clinker_instantiate: the component imports WASI 0.2 (%s) but the store has no "
                    "WASI configuration: give it one with wt_store_set_wasi first", name);
  if (lk->http && !st->has_wasi_http && imports(c, "wasi:http/", &name)) {
    W->wasmtime_context_set_wasi_http(st->cx);
    st->has_wasi_http = true;
  }
  return WT_OK;
}

wt_status wt_clinker_instantiate(wt_clinker *linker, wt_context *cx, const wt_component *component,
                                 wt_cinstance *out) {
  ZERO(out);
  ARGS(linker, cx, component, out);
  if (component->engine != linker->engine || ST(cx)->engine != linker->engine)
    return wt__fail(WT_INVALID, "wt_clinker_instantiate: the component, the linker and the store are not of one engine");
  wt_status rc = clinker_wasi_ready(linker, ST(cx), component);
  if (rc) return rc;
  wt__enter(cx); /* start functions run here */
  wta_error_t *err = W->wasmtime_component_linker_instantiate(linker->l, CX(cx), component->c,
                                                              (wta_cinstance_t *)(void *)out);
  wt__leave(cx);
  if (!err) return WT_OK;
  ZERO(out);
  rc = wt__outcome(err, NULL, "wt_clinker_instantiate");
  return rc == WT_TYPE || rc == WT_NOT_FOUND ? WT_ERROR : rc;
}
