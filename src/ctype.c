/* ctype.c - component type trees: wt_ctype and wt_cfunc_sig built from
 * Wasmtime's component types, in an arena freed at once; their WIT text;
 * the arena itself. Wasmtime hands out a fresh owned object for every
 * type it is asked about, so wt copies each type once into a plain tree
 * that any thread may read while its owner lives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- the arena: chunks of bump allocation, a list of things to delete
 * with it (the resource types it keeps), and those resource types ---- */

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  max_align_t data[];
} chunk;

typedef struct defer {
  struct defer *next;
  void (*fn)(void *);
  void *p;
} defer;

/* A resource type interned in an arena: every own/borrow type of the
 * arena's trees that is of this resource points at raw (the identity) and
 * at name (names[0]), which introspection may fill in later. */
typedef struct cres {
  struct cres *next;
  wta_cresource_type_t *raw; /* owned: deleted with the arena */
  const char *name;          /* NULL until known */
} cres;

struct wt__arena {
  chunk *head;
  defer *defers;
  cres *resources;
  size_t budget; /* nodes the trees of this arena may still have */
};

#define ALIGN (sizeof(max_align_t))
#define CHUNK 4096

wt__arena *wt__arena_new(void) {
  wt__arena *a = calloc(1, sizeof(wt__arena));
  if (a) a->budget = WT__CTYPE_MAX_NODES;
  return a;
}

int wt__arena_spend(wt__arena *a) {
  if (a->budget == 0)
    return wt__fail(WT_LIMIT, "component types of more than %d nodes once written out as trees", WT__CTYPE_MAX_NODES), -1;
  a->budget--;
  return 0;
}

static chunk *chunk_new(size_t size) {
  chunk *c = malloc(sizeof *c + size);
  if (!c) return NULL;
  c->size = size;
  c->used = 0;
  return c;
}

void *wt__arena_alloc(wt__arena *a, size_t n) {
  if (!a || n > SIZE_MAX / 2) return NULL;
  n = (n + ALIGN - 1) / ALIGN * ALIGN;
  if (n == 0) n = ALIGN;
  chunk *c = a->head;
  if (!c || c->size - c->used < n) {
    /* a large block gets a chunk of its own, after the current one, which
     * stays the one bumped */
    bool own = n > CHUNK / 4;
    if (!(c = chunk_new(own ? n : CHUNK))) return NULL;
    if (own && a->head) {
      c->next = a->head->next;
      a->head->next = c;
    } else {
      c->next = a->head;
      a->head = c;
    }
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *wt__arena_strndup(wt__arena *a, const char *s, size_t n) {
  if (n == SIZE_MAX) return NULL;
  char *p = wt__arena_alloc(a, n + 1);
  if (p && n) memcpy(p, s, n);
  return p;
}

int wt__arena_defer(wt__arena *a, void (*fn)(void *), void *p) {
  defer *d = wt__arena_alloc(a, sizeof *d);
  if (!d) return -1;
  d->fn = fn;
  d->p = p;
  d->next = a->defers;
  a->defers = d;
  return 0;
}

void wt__arena_delete(wt__arena *a) {
  if (!a) return;
  for (defer *d = a->defers; d; d = d->next) d->fn(d->p);
  for (chunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(a);
}

static void resource_delete(void *p) { W->wasmtime_component_resource_type_delete(p); }

/* The record of raw (borrowed) in a: the one of an equal resource type, or
 * a new one holding a clone. NULL: out of memory. */
static cres *resource_intern(wt__arena *a, const wta_cresource_type_t *raw) {
  for (cres *r = a->resources; r; r = r->next)
    if (W->wasmtime_component_resource_type_equal(r->raw, raw)) return r;
  cres *r = wt__arena_alloc(a, sizeof *r);
  if (!r || !(r->raw = W->wasmtime_component_resource_type_clone(raw))) return NULL;
  if (wt__arena_defer(a, resource_delete, r->raw)) {
    resource_delete(r->raw);
    return NULL;
  }
  r->next = a->resources;
  a->resources = r;
  return r;
}

const void *wt__ctype_resource(wt__arena *a, const wta_cresource_type_t *raw, const char *name) {
  cres *r = resource_intern(a, raw);
  if (!r) return NULL;
  if (name && !r->name && !(r->name = wt__arena_strndup(a, name, strlen(name)))) return NULL;
  return r->raw;
}

bool wt__ctype_same_resource(const wt_ctype *a, const wt_ctype *b) {
  if (!a || !b || !a->resource || !b->resource) return false;
  return a->resource == b->resource || W->wasmtime_component_resource_type_equal(a->resource, b->resource);
}

/* ---- building trees ---- */

/* WASMTIME_COMPONENT_VALTYPE_* (abi.h's WTA_CVT_*) to wt_ckind. */
static const uint8_t ckind_of[] = {
    [WTA_CVT_BOOL] = WT_CBOOL, [WTA_CVT_S8] = WT_CS8, [WTA_CVT_S16] = WT_CS16, [WTA_CVT_S32] = WT_CS32,
    [WTA_CVT_S64] = WT_CS64, [WTA_CVT_U8] = WT_CU8, [WTA_CVT_U16] = WT_CU16, [WTA_CVT_U32] = WT_CU32,
    [WTA_CVT_U64] = WT_CU64, [WTA_CVT_F32] = WT_CF32, [WTA_CVT_F64] = WT_CF64, [WTA_CVT_CHAR] = WT_CCHAR,
    [WTA_CVT_STRING] = WT_CSTRING, [WTA_CVT_LIST] = WT_CLIST, [WTA_CVT_RECORD] = WT_CRECORD,
    [WTA_CVT_TUPLE] = WT_CTUPLE, [WTA_CVT_VARIANT] = WT_CVARIANT, [WTA_CVT_ENUM] = WT_CENUM,
    [WTA_CVT_OPTION] = WT_COPTION, [WTA_CVT_RESULT] = WT_CRESULT, [WTA_CVT_FLAGS] = WT_CFLAGS,
    [WTA_CVT_OWN] = WT_COWN, [WTA_CVT_BORROW] = WT_CBORROW, [WTA_CVT_FUTURE] = WT_CFUTURE,
    [WTA_CVT_STREAM] = WT_CSTREAM, [WTA_CVT_ERROR_CONTEXT] = WT_CERROR_CONTEXT, [WTA_CVT_MAP] = WT_CMAP};

/* One build: its arena (which counts the nodes its trees may still have:
 * component types are DAGs, a type used twice is one index, so a copy as
 * trees could grow exponentially with depth). */
typedef struct builder {
  wt__arena *a;
} builder;

static const wt_ctype *build(builder *b, const wta_cvaltype_t *raw, int depth);

/* Builds the child valtype v (which Wasmtime just wrote: an owned value,
 * deleted here) into *out. */
static int child(builder *b, wta_cvaltype_t *v, int depth, const wt_ctype **out) {
  *out = build(b, v, depth + 1);
  W->wasmtime_component_valtype_delete(v);
  return *out ? 0 : -1;
}

/* A child Wasmtime may not have (result's ok/err, a future's payload):
 * has is what its getter returned. */
static int child_opt(builder *b, bool has, wta_cvaltype_t *v, int depth, const wt_ctype **out) {
  *out = NULL;
  return has ? child(b, v, depth, out) : 0;
}

static int oom(void) {
  wt__oom();
  return -1;
}

/* The arrays of n names and/or n types of t. */
static int arrays(builder *b, wt_ctype *t, size_t n, bool names, bool types) {
  if (n > UINT32_MAX || n > SIZE_MAX / sizeof(void *))
    return wt__fail(WT_LIMIT, "component type: %zu members, more than wt describes", n), -1;
  t->count = (uint32_t)n;
  if (names && !(t->names = wt__arena_alloc(b->a, n * sizeof(char *)))) return oom();
  if (types && !(t->types = wt__arena_alloc(b->a, n * sizeof(wt_ctype *)))) return oom();
  return 0;
}

static int name_at(builder *b, const wt_ctype *t, size_t i, const char *s, size_t len) {
  char *copy = wt__arena_strndup(b->a, s ? s : "", s ? len : 0);
  if (!copy) return oom();
  ((const char **)t->names)[i] = copy;
  return 0;
}

static int missing(const char *what, size_t i, size_t n) {
  return wt__fail(WT_ERROR, "component type: Wasmtime has no %s %zu of %zu", what, i, n), -1;
}

static int build_record(builder *b, wt_ctype *t, const wta_crecord_type_t *r, int depth) {
  size_t n = W->wasmtime_component_record_type_field_count(r);
  if (arrays(b, t, n, true, true)) return -1;
  for (size_t i = 0; i < n; i++) {
    const char *name = NULL;
    size_t len = 0;
    wta_cvaltype_t v;
    if (!W->wasmtime_component_record_type_field_nth(r, i, &name, &len, &v)) return missing("field", i, n);
    if (name_at(b, t, i, name, len) || child(b, &v, depth, (const wt_ctype **)&t->types[i])) return -1;
  }
  return 0;
}

static int build_tuple(builder *b, wt_ctype *t, const wta_ctuple_type_t *r, int depth) {
  size_t n = W->wasmtime_component_tuple_type_types_count(r);
  if (arrays(b, t, n, false, true)) return -1;
  for (size_t i = 0; i < n; i++) {
    wta_cvaltype_t v;
    if (!W->wasmtime_component_tuple_type_types_nth(r, i, &v)) return missing("tuple item", i, n);
    if (child(b, &v, depth, (const wt_ctype **)&t->types[i])) return -1;
  }
  return 0;
}

static int build_variant(builder *b, wt_ctype *t, const wta_cvariant_type_t *r, int depth) {
  size_t n = W->wasmtime_component_variant_type_case_count(r);
  if (arrays(b, t, n, true, true)) return -1;
  for (size_t i = 0; i < n; i++) {
    const char *name = NULL;
    size_t len = 0;
    bool has = false;
    wta_cvaltype_t v;
    if (!W->wasmtime_component_variant_type_case_nth(r, i, &name, &len, &has, &v)) return missing("case", i, n);
    if (name_at(b, t, i, name, len) || child_opt(b, has, &v, depth, (const wt_ctype **)&t->types[i])) return -1;
  }
  return 0;
}

/* enum and flags: names only. */
static bool names_nth(const void *r, bool flags, size_t i, const char **name, size_t *len) {
  return flags ? W->wasmtime_component_flags_type_names_nth(r, i, name, len)
               : W->wasmtime_component_enum_type_names_nth(r, i, name, len);
}

static int build_names(builder *b, wt_ctype *t, const void *r, bool flags) {
  size_t n = flags ? W->wasmtime_component_flags_type_names_count(r) : W->wasmtime_component_enum_type_names_count(r);
  if (arrays(b, t, n, true, false)) return -1;
  for (size_t i = 0; i < n; i++) {
    const char *name = NULL;
    size_t len = 0;
    if (!names_nth(r, flags, i, &name, &len)) return missing("name", i, n);
    if (name_at(b, t, i, name, len)) return -1;
  }
  return 0;
}

static int build_resource(builder *b, wt_ctype *t, const wta_cresource_type_t *raw) {
  cres *r = resource_intern(b->a, raw);
  if (!r) return oom();
  t->resource = r->raw;
  t->names = (const char *const *)&r->name;
  return 0;
}

static int build_map(builder *b, wt_ctype *t, const wta_cmap_type_t *m, int depth) {
  wta_cvaltype_t k, v;
  if (!W->wasmtime_component_map_type_key || !W->wasmtime_component_map_type_value)
    return wt__fail(WT_ERROR, "component type: a map, but the library has no map type functions"), -1;
  W->wasmtime_component_map_type_key(m, &k);
  if (child(b, &k, depth, &t->elem)) return -1;
  W->wasmtime_component_map_type_value(m, &v);
  return child(b, &v, depth, &t->err);
}

/* The members of t, of Wasmtime kind `k` (t->kind set). */
static int build_members(builder *b, wt_ctype *t, const wta_cvaltype_t *raw, int depth) {
  wta_cvaltype_t v;
  switch (raw->kind) {
  case WTA_CVT_LIST:
    W->wasmtime_component_list_type_element(raw->of.list, &v);
    return child(b, &v, depth, &t->elem);
  case WTA_CVT_RECORD: return build_record(b, t, raw->of.record, depth);
  case WTA_CVT_TUPLE: return build_tuple(b, t, raw->of.tuple, depth);
  case WTA_CVT_VARIANT: return build_variant(b, t, raw->of.variant, depth);
  case WTA_CVT_ENUM: return build_names(b, t, raw->of.enum_, false);
  case WTA_CVT_FLAGS: return build_names(b, t, raw->of.flags, true);
  case WTA_CVT_OPTION:
    W->wasmtime_component_option_type_ty(raw->of.option, &v);
    return child(b, &v, depth, &t->elem);
  case WTA_CVT_RESULT:
    if (child_opt(b, W->wasmtime_component_result_type_ok(raw->of.result, &v), &v, depth, &t->elem)) return -1;
    return child_opt(b, W->wasmtime_component_result_type_err(raw->of.result, &v), &v, depth, &t->err);
  case WTA_CVT_OWN: return build_resource(b, t, raw->of.own);
  case WTA_CVT_BORROW: return build_resource(b, t, raw->of.borrow);
  case WTA_CVT_FUTURE:
    return child_opt(b, W->wasmtime_component_future_type_ty(raw->of.future, &v), &v, depth, &t->elem);
  case WTA_CVT_STREAM:
    return child_opt(b, W->wasmtime_component_stream_type_ty(raw->of.stream, &v), &v, depth, &t->elem);
  case WTA_CVT_MAP: return build_map(b, t, raw->of.map, depth);
  default: return 0; /* primitives, error-context */
  }
}

static const wt_ctype *build(builder *b, const wta_cvaltype_t *raw, int depth) {
  if (raw->kind >= sizeof ckind_of) {
    wt__fail(WT_UNSUPPORTED, "component type of Wasmtime kind %u, which wt does not know", raw->kind);
    return NULL;
  }
  if (depth > WT__CTYPE_MAX_DEPTH) {
    wt__fail(WT_LIMIT, "component type nested more than %d levels deep", WT__CTYPE_MAX_DEPTH);
    return NULL;
  }
  if (wt__arena_spend(b->a)) return NULL;
  wt_ctype *t = wt__arena_alloc(b->a, sizeof *t);
  if (!t) {
    wt__oom();
    return NULL;
  }
  t->kind = ckind_of[raw->kind];
  return build_members(b, t, raw, depth) ? NULL : t;
}

const wt_ctype *wt__ctype_build(wt__arena *a, const wta_cvaltype_t *raw) {
  builder b = {a};
  return build(&b, raw, 1);
}

wt_cfunc_sig *wt__csig_build(wt__arena *a, const wta_cfunc_type_t *raw) {
  builder b = {a};
  wt_cfunc_sig *s = wt__arena_alloc(a, sizeof *s);
  size_t n = W->wasmtime_component_func_type_param_count(raw);
  if (!s || n > SIZE_MAX / sizeof(void *) || !(s->param_names = wt__arena_alloc(a, n * sizeof(char *))) ||
      !(s->params = wt__arena_alloc(a, n * sizeof(wt_ctype *))))
    return wt__oom(), NULL;
  s->nparams = n;
  for (size_t i = 0; i < n; i++) {
    const char *name = NULL;
    size_t len = 0;
    wta_cvaltype_t v;
    if (!W->wasmtime_component_func_type_param_nth(raw, i, &name, &len, &v)) return missing("parameter", i, n), NULL;
    char *copy = wt__arena_strndup(a, name ? name : "", name ? len : 0);
    if (!copy) {
      W->wasmtime_component_valtype_delete(&v);
      return wt__oom(), NULL;
    }
    ((const char **)s->param_names)[i] = copy;
    if (child(&b, &v, 0, (const wt_ctype **)&s->params[i])) return NULL;
  }
  wta_cvaltype_t r;
  if (W->wasmtime_component_func_type_result(raw, &r) && child(&b, &r, 0, &s->result)) return NULL;
  return s;
}

/* ---- names, WIT text, lookups ---- */

static const char *const kind_names[] = {
    "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string",
    "list", "record", "tuple", "variant", "enum", "option", "result", "flags", "own", "borrow",
    "future", "stream", "error-context", "map"};
_Static_assert(sizeof kind_names / sizeof *kind_names == WT_CMAP + 1, "a name for every wt_ckind");

const char *wt_ckind_name(int kind) {
  return kind >= 0 && kind <= WT_CMAP ? kind_names[kind] : "?";
}

typedef wt__text text;

void wt__text_put(text *w, const char *s, size_t n) {
  if (w->len < w->size) {
    size_t room = w->size - w->len - 1;
    memcpy(w->buf + w->len, s, n < room ? n : room);
  }
  w->len += n;
}
#define put wt__text_put
static void puts_(text *w, const char *s) { put(w, s, strlen(s)); }
static void name_or(text *w, const char *s, const char *dflt) { puts_(w, s ? s : dflt); }

static void type_text(text *w, const wt_ctype *t, int depth);

/* "<a, b>" or "{ a: x, b: y }" lists of a type's members. */
static void members_text(text *w, const wt_ctype *t, int depth) {
  bool braces = t->kind != WT_CTUPLE;
  puts_(w, braces ? (t->count ? " { " : " {") : "<");
  for (uint32_t i = 0; i < t->count; i++) {
    if (i) puts_(w, ", ");
    if (t->names) name_or(w, t->names[i], "?");
    const wt_ctype *m = t->types ? t->types[i] : NULL;
    if (t->kind == WT_CRECORD) puts_(w, ": ");
    if (t->kind == WT_CVARIANT && m) puts_(w, "(");
    if (t->kind == WT_CRECORD || t->kind == WT_CTUPLE || m) type_text(w, m, depth + 1);
    if (t->kind == WT_CVARIANT && m) puts_(w, ")");
  }
  puts_(w, braces ? (t->count ? " }" : "}") : ">");
}

/* "<elem>", "<elem, err>": a type's parameters (NULL ones as "_"). */
static void params_text(text *w, const wt_ctype *a, const wt_ctype *b, bool two, int depth) {
  puts_(w, "<");
  type_text(w, a, depth + 1);
  if (two) {
    puts_(w, ", ");
    type_text(w, b, depth + 1);
  }
  puts_(w, ">");
}

static void type_text(text *w, const wt_ctype *t, int depth) {
  char n[32];
  if (!t || depth > WT__CTYPE_MAX_DEPTH) {
    puts_(w, t ? "..." : "_");
    return;
  }
  puts_(w, wt_ckind_name(t->kind));
  switch (t->kind) {
  case WT_CLIST:
    put(w, "<", 1);
    type_text(w, t->elem, depth + 1);
    if (t->count) put(w, n, (size_t)snprintf(n, sizeof n, ", %u", t->count));
    put(w, ">", 1);
    break;
  case WT_COPTION: params_text(w, t->elem, NULL, false, depth); break;
  case WT_CRECORD: case WT_CTUPLE: case WT_CVARIANT: case WT_CENUM: case WT_CFLAGS: members_text(w, t, depth); break;
  case WT_CRESULT:
    if (t->elem || t->err) params_text(w, t->elem, t->err, t->err != NULL, depth);
    break;
  case WT_COWN: case WT_CBORROW:
    puts_(w, "<");
    name_or(w, t->names ? t->names[0] : NULL, "resource");
    puts_(w, ">");
    break;
  case WT_CFUTURE: case WT_CSTREAM:
    if (t->elem) params_text(w, t->elem, NULL, false, depth);
    break;
  case WT_CMAP: params_text(w, t->elem, t->err, true, depth); break;
  default: break;
  }
}

void wt__text_ctype(text *w, const wt_ctype *t) { type_text(w, t, 1); }

size_t wt__text_end(text *w) {
  if (w->size) w->buf[w->len < w->size ? w->len : w->size - 1] = 0;
  return w->len;
}

size_t wt_ctype_format(const wt_ctype *type, char *buf, size_t size) {
  text w = {buf, buf ? size : 0, 0};
  if (type) type_text(&w, type, 1);
  return wt__text_end(&w);
}

void wt__text_csig(text *w, const wt_cfunc_sig *sig) {
  puts_(w, "func(");
  for (size_t i = 0; i < sig->nparams; i++) {
    if (i) puts_(w, ", ");
    name_or(w, sig->param_names ? sig->param_names[i] : NULL, "?");
    puts_(w, ": ");
    type_text(w, sig->params ? sig->params[i] : NULL, 1);
  }
  puts_(w, ")");
  if (sig->result) {
    puts_(w, " -> ");
    type_text(w, sig->result, 1);
  }
}

size_t wt_cfunc_sig_format(const wt_cfunc_sig *sig, char *buf, size_t size) {
  text w = {buf, buf ? size : 0, 0};
  if (sig) wt__text_csig(&w, sig);
  return wt__text_end(&w);
}

wt_status wt_ctype_index(const wt_ctype *type, const char *name, uint32_t *out) {
  if (out) *out = UINT32_MAX;
  ARGS(type, name, out);
  if (type->kind != WT_CRECORD && type->kind != WT_CVARIANT && type->kind != WT_CENUM && type->kind != WT_CFLAGS)
    return wt__fail(WT_INVALID, "wt_ctype_index: a %s has no named cases, fields or flags", wt_ckind_name(type->kind));
  for (uint32_t i = 0; type->names && i < type->count; i++)
    if (type->names[i] && !strcmp(type->names[i], name)) {
      *out = i;
      return WT_OK;
    }
  return wt__fail(WT_NOT_FOUND, "wt_ctype_index: %s has no %s named '%s'", wt_ckind_name(type->kind),
                  type->kind == WT_CRECORD ? "field" : type->kind == WT_CFLAGS ? "flag" : "case", name);
}
