/* citem.c - a component's imports and exports as wt_citem trees (with
 * nested instances, components, resources and types), built once per
 * component on first use, and the WIT world text of them. Wasmtime's six
 * import/export type functions write an item up to 48 and an extern from
 * 49 (the line's cextern): item_nth hides which. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define COMPONENT_CAP "components (WT_CAP_COMPONENT)"

/* Where an item list comes from: a component type's imports or exports,
 * or an instance type's exports. */
enum { FROM_IMPORTS, FROM_EXPORTS, FROM_INSTANCE };

typedef struct source {
  int from;
  const void *type; /* wta_ccomponent_type_t or wta_cinstance_type_t */
} source;

static size_t item_count(const wt_component *c, source s) {
  const wta_engine_t *e = c->engine->e;
  switch (s.from) {
  case FROM_IMPORTS: return W->wasmtime_component_type_import_count(s.type, e);
  case FROM_EXPORTS: return W->wasmtime_component_type_export_count(s.type, e);
  default: return W->wasmtime_component_instance_type_export_count(s.type, e);
  }
}

/* Item i of s as an item (49+: through an extern, deleted at once: the
 * item it yields is a clone of its own). The name is borrowed from s's type. */
static bool item_nth(const wt_component *c, source s, size_t i, const char **name, size_t *len, wta_citem_t *out) {
  const wta_engine_t *e = c->engine->e;
  if (!wt__line->cextern) {
    switch (s.from) {
    case FROM_IMPORTS: return W_OLD(wasmtime_component_type_import_nth)(s.type, e, i, name, len, out);
    case FROM_EXPORTS: return W_OLD(wasmtime_component_type_export_nth)(s.type, e, i, name, len, out);
    default: return W_OLD(wasmtime_component_instance_type_export_nth)(s.type, e, i, name, len, out);
    }
  }
  wta_cextern_t *x = NULL;
  bool ok;
  switch (s.from) {
  case FROM_IMPORTS: ok = W->wasmtime_component_type_import_nth(s.type, e, i, name, len, &x); break;
  case FROM_EXPORTS: ok = W->wasmtime_component_type_export_nth(s.type, e, i, name, len, &x); break;
  default: ok = W->wasmtime_component_instance_type_export_nth(s.type, e, i, name, len, &x); break;
  }
  if (!ok || !x) return false;
  W->wasmtime_component_extern_type(x, out);
  W->wasmtime_component_extern_delete(x);
  return true;
}

static wt_status build_list(const wt_component *c, wt__arena *a, source s, wt_citem *items, size_t n, int depth);

/* The number of items of s, checked against what an arena can hold. */
static wt_status count_of(const wt_component *c, source s, size_t *n) {
  *n = item_count(c, s);
  if (*n > WT__CTYPE_MAX_NODES)
    return wt__fail(WT_LIMIT, "component: %zu imports or exports in one list, more than wt describes", *n);
  return WT_OK;
}

static wt_status alloc_items(wt__arena *a, size_t n, wt_citem **out) {
  *out = wt__arena_alloc(a, (n ? n : 1) * sizeof(wt_citem));
  return *out ? WT_OK : wt__oom();
}

/* A nested instance: its exports. */
static wt_status build_instance(const wt_component *c, wt__arena *a, const wta_cinstance_type_t *t, wt_citem *it,
                                int depth) {
  source s = {FROM_INSTANCE, t};
  wt_citem *items;
  size_t n;
  wt_status rc = count_of(c, s, &n);
  if (!rc) rc = alloc_items(a, n, &items);
  if (!rc) rc = build_list(c, a, s, items, n, depth + 1);
  it->count = n;
  it->items = rc ? NULL : items;
  return rc;
}

/* A nested component: its imports, then its exports. */
static wt_status build_component(const wt_component *c, wt__arena *a, const wta_ccomponent_type_t *t, wt_citem *it,
                                 int depth) {
  source si = {FROM_IMPORTS, t}, se = {FROM_EXPORTS, t};
  wt_citem *items;
  size_t ni, ne;
  wt_status rc = count_of(c, si, &ni);
  if (!rc) rc = count_of(c, se, &ne);
  if (!rc) rc = alloc_items(a, ni + ne, &items);
  if (!rc) rc = build_list(c, a, si, items, ni, depth + 1);
  if (!rc) rc = build_list(c, a, se, items + ni, ne, depth + 1);
  it->count = rc ? 0 : ni + ne;
  it->nimports = rc ? 0 : ni;
  it->items = rc ? NULL : items;
  return rc;
}

/* One item of kind raw->kind (the item is borrowed). */
static wt_status build_item(const wt_component *c, wt__arena *a, const wta_citem_t *raw, wt_citem *it, int depth) {
  switch (raw->kind) {
  case WTA_CITEM_COMPONENT_FUNC:
    it->kind = WT_CITEM_FUNC;
    return (it->func = wt__csig_build(a, raw->of.component_func)) ? WT_OK : wt_errcode();
  case WTA_CITEM_COMPONENT_INSTANCE:
    it->kind = WT_CITEM_INSTANCE;
    return build_instance(c, a, raw->of.component_instance, it, depth);
  case WTA_CITEM_COMPONENT:
    it->kind = WT_CITEM_COMPONENT;
    return build_component(c, a, raw->of.component, it, depth);
  case WTA_CITEM_MODULE: it->kind = WT_CITEM_MODULE; return WT_OK;
  case WTA_CITEM_CORE_FUNC: it->kind = WT_CITEM_CORE_FUNC; return WT_OK;
  case WTA_CITEM_RESOURCE:
    it->kind = WT_CITEM_RESOURCE; /* its name is what own/borrow types of it print */
    return wt__ctype_resource(a, raw->of.resource, it->name) ? WT_OK : wt__oom();
  case WTA_CITEM_TYPE:
    it->kind = WT_CITEM_TYPE;
    return (it->type = wt__ctype_build(a, &raw->of.type)) ? WT_OK : wt_errcode();
  default: return wt__fail(WT_UNSUPPORTED, "component: an import or export of Wasmtime kind %u, which wt does not know", raw->kind);
  }
}

static wt_status build_list(const wt_component *c, wt__arena *a, source s, wt_citem *items, size_t n, int depth) {
  if (depth > WT__CTYPE_MAX_DEPTH)
    return wt__fail(WT_LIMIT, "component: instances or components nested more than %d levels deep", WT__CTYPE_MAX_DEPTH);
  for (size_t i = 0; i < n; i++) {
    const char *name = NULL;
    size_t len = 0;
    wta_citem_t raw;
    if (wt__arena_spend(a)) return WT_LIMIT;
    if (!item_nth(c, s, i, &name, &len, &raw))
      return wt__fail(WT_ERROR, "component: Wasmtime has no import or export %zu of %zu", i, n);
    wt_status rc = (items[i].name = wt__arena_strndup(a, name ? name : "", name ? len : 0)) ? WT_OK : wt__oom();
    if (!rc) rc = build_item(c, a, &raw, &items[i], depth);
    W->wasmtime_component_item_delete(&raw);
    if (rc) return rc;
  }
  return WT_OK;
}

/* Builds all the trees into a new arena, published on success only. */
static wt_status items_build(wt_component *c) {
  wt__arena *a = wt__arena_new();
  wta_ccomponent_type_t *t = a ? W->wasmtime_component_type(c->c) : NULL;
  if (!t) {
    wt__arena_delete(a);
    return wt__oom();
  }
  source si = {FROM_IMPORTS, t}, se = {FROM_EXPORTS, t};
  wt_citem *imports = NULL, *exports = NULL;
  size_t ni = 0, ne = 0;
  wt_status rc = count_of(c, si, &ni);
  if (!rc) rc = count_of(c, se, &ne);
  if (!rc) rc = alloc_items(a, ni, &imports);
  if (!rc) rc = alloc_items(a, ne, &exports);
  if (!rc) rc = build_list(c, a, si, imports, ni, 1);
  if (!rc) rc = build_list(c, a, se, exports, ne, 1);
  W->wasmtime_component_type_delete(t);
  if (rc) {
    wt__arena_delete(a);
    return rc;
  }
  c->types = a;
  c->imports = imports, c->nimports = ni;
  c->exports = exports, c->nexports = ne;
  return WT_OK;
}

/* The descriptions are built on first use, once, under the component's
 * lock: components are shared between threads. */
static wt_status items_built(const wt_component *cc) {
  wt_component *c = (wt_component *)cc; /* the lazily built part is not the component's value */
  if (LIKELY(__atomic_load_n(&c->described, __ATOMIC_ACQUIRE))) return WT_OK;
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, COMPONENT_CAP);
  if (rc) return rc;
  pthread_mutex_lock(&c->lock);
  rc = c->described ? WT_OK : items_build(c);
  if (rc == WT_OK) __atomic_store_n(&c->described, 1, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&c->lock);
  return rc;
}

void wt__component_items_free(wt_component *c) { wt__arena_delete(c->types); }

wt_status wt_component_import_count(const wt_component *component, size_t *out) {
  ZERO(out);
  ARGS(component, out);
  wt_status rc = items_built(component);
  if (!rc) *out = component->nimports;
  return rc;
}

wt_status wt_component_export_count(const wt_component *component, size_t *out) {
  ZERO(out);
  ARGS(component, out);
  wt_status rc = items_built(component);
  if (!rc) *out = component->nexports;
  return rc;
}

static wt_status nth(const char *fn, const wt_component *c, bool imports, size_t i, const wt_citem **out) {
  wt_status rc = items_built(c);
  if (rc) return rc;
  size_t n = imports ? c->nimports : c->nexports;
  if (i >= n) return wt__fail(WT_NOT_FOUND, "%s: index %zu, but the component has %zu %s", fn, i, n,
                              imports ? "imports" : "exports");
  *out = (imports ? c->imports : c->exports) + i;
  return WT_OK;
}

wt_status wt_component_import_nth(const wt_component *component, size_t i, const wt_citem **out) {
  ZERO(out);
  ARGS(component, out);
  return nth(__func__, component, true, i, out);
}

wt_status wt_component_export_nth(const wt_component *component, size_t i, const wt_citem **out) {
  ZERO(out);
  ARGS(component, out);
  return nth(__func__, component, false, i, out);
}

/* ---- the WIT world ---- */

static void say(wt__text *w, const char *s) { wt__text_put(w, s, strlen(s)); }
static void indent(wt__text *w, int level) {
  for (int i = 0; i < level; i++) say(w, "  ");
}

static void items_text(wt__text *w, const wt_citem *items, size_t n, size_t nimports, bool world, int level);

/* One item on its own line(s), at `level`; `prefix` is "import ",
 * "export " or "" (inside an interface). */
static void item_text(wt__text *w, const wt_citem *it, const char *prefix, int level) {
  indent(w, level);
  say(w, prefix);
  switch (it->kind) {
  case WT_CITEM_RESOURCE: say(w, "resource "); say(w, it->name); say(w, ";\n"); return;
  case WT_CITEM_TYPE:
    say(w, "type "), say(w, it->name), say(w, " = ");
    wt__text_ctype(w, it->type);
    say(w, ";\n");
    return;
  default: break;
  }
  say(w, it->name);
  say(w, ": ");
  switch (it->kind) {
  case WT_CITEM_FUNC: wt__text_csig(w, it->func); say(w, ";\n"); return;
  case WT_CITEM_MODULE: say(w, "core module;\n"); return;
  case WT_CITEM_CORE_FUNC: say(w, "core func;\n"); return;
  default: break;
  }
  bool comp = it->kind == WT_CITEM_COMPONENT;
  say(w, comp ? "component {\n" : "interface {\n");
  if (level < WT__CTYPE_MAX_DEPTH) items_text(w, it->items, it->count, comp ? it->nimports : 0, comp, level + 1);
  indent(w, level);
  say(w, "}\n");
}

/* world: the items are a world's or a component's (imports then exports,
 * each said); else an interface's exports. */
static void items_text(wt__text *w, const wt_citem *items, size_t n, size_t nimports, bool world, int level) {
  for (size_t i = 0; i < n; i++) item_text(w, &items[i], !world ? "" : i < nimports ? "import " : "export ", level);
}

wt_status wt_component_format(const wt_component *component, char *buf, size_t size, size_t *out_len) {
  if (buf && size) buf[0] = 0;
  ZERO(out_len);
  ARGS(component);
  BUF(buf, size);
  wt_status rc = items_built(component);
  if (rc) return rc;
  wt__text w = {buf, size, 0};
  say(&w, "world root {\n");
  items_text(&w, component->imports, component->nimports, component->nimports, true, 1);
  items_text(&w, component->exports, component->nexports, 0, true, 1);
  say(&w, "}\n");
  size_t len = wt__text_end(&w);
  if (out_len) *out_len = len;
  return WT_OK;
}
