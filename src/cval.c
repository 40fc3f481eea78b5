/* cval.c - component values: wt_cval <-> wasmtime_component_val_t both
 * ways, the check of a value against its type, wt_cval_release.
 *
 * Wasmtime reads a call's arguments and copies them, so they are lowered
 * borrowing the caller's strings and arrays (one block for the nested
 * values, on the stack when small: cfunc.c). A host function's result is
 * freed by Wasmtime, so it is made of Wasmtime's allocations. Values
 * coming from Wasmtime are copied into one block per value, which is what
 * the value's own pointer field points to: wt_cval_release frees it.
 * Recursion follows the type, whose depth ctype.c limits
 * (WT__CTYPE_MAX_DEPTH); nothing here recurses deeper than a type. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PATH_MAX_LEN 200
#define RELEASE_MAX_DEPTH (WT__CTYPE_MAX_DEPTH + 28) /* a caller's hand-built value: no endless walk */

/* Wasmtime reads an empty string or list through a non-NULL pointer. */
static const uint64_t empty_[1];
#define EMPTY ((void *)(uintptr_t)empty_)

/* ---- checking ---- */

typedef struct ck {
  wt_context *cx;
  const wt__cwhere *where;
  uint64_t stamp;
  size_t bytes;
  size_t plen;
  char path[PATH_MAX_LEN];
} ck;

static void path_push(ck *c, size_t *saved, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void path_push(ck *c, size_t *saved, const char *fmt, ...) {
  *saved = c->plen;
  if (c->plen >= sizeof c->path - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(c->path + c->plen, sizeof c->path - c->plen, fmt, ap);
  va_end(ap);
  if (n > 0) c->plen = c->plen + (size_t)n < sizeof c->path ? c->plen + (size_t)n : sizeof c->path - 1;
}
static void path_pop(ck *c, size_t saved) {
  c->plen = saved;
  c->path[saved] = 0;
}

/* Records the failure with the value's place: "greet: argument 1 (name).a:
 * expected string, got u32". */
static wt_status bad(ck *c, wt_status code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static wt_status bad(ck *c, wt_status code, const char *fmt, ...) {
  char why[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  const wt__cwhere *w = c->where;
  c->path[c->plen] = 0;
  if (w->index)
    return wt__fail(code, "%s: argument %zu (%s)%s: %s", w->who, w->index, w->name ? w->name : "?", c->path, why);
  return wt__fail(code, "%s: result%s: %s", w->who, c->path, why);
}

/* Whether s[0..n) is UTF-8 (no surrogates, no overlong forms, at most
 * U+10FFFF). ASCII goes 8 bytes at a time. */
bool wt__utf8_valid(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (!(w & UINT64_C(0x8080808080808080))) { i += 8; continue; }
    }
    uint8_t b = s[i];
    if (b < 0x80) { i++; continue; }
    size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (!len || b > 0xF4 || i + len > n) return false;
    for (size_t k = 1; k < len; k++)
      if ((s[i + k] & 0xC0) != 0x80) return false;
    uint8_t b1 = s[i + 1];
    if (b == 0xE0 && b1 < 0xA0) return false; /* overlong */
    if (b == 0xED && b1 >= 0xA0) return false; /* a surrogate */
    if (b == 0xF0 && b1 < 0x90) return false; /* overlong */
    if (b == 0xF4 && b1 >= 0x90) return false; /* past U+10FFFF */
    i += len;
  }
  return true;
}

/* The range of each integer kind, from WT_CS8 to WT_CU64. */
static bool int_in_range(int kind, const wt_cval *v) {
  switch (kind) {
  case WT_CS8: return v->of.s >= INT8_MIN && v->of.s <= INT8_MAX;
  case WT_CU8: return v->of.u <= UINT8_MAX;
  case WT_CS16: return v->of.s >= INT16_MIN && v->of.s <= INT16_MAX;
  case WT_CU16: return v->of.u <= UINT16_MAX;
  case WT_CS32: return v->of.s >= INT32_MIN && v->of.s <= INT32_MAX;
  case WT_CU32: return v->of.u <= UINT32_MAX;
  default: return true; /* s64, u64 */
  }
}

static bool char_valid(uint32_t ch) { return ch <= 0x10FFFF && (ch < 0xD800 || ch > 0xDFFF); }

static wt_status check(ck *c, const wt_ctype *t, const wt_cval *v);

static wt_status check_items(ck *c, const wt_ctype *t, const wt_cval *v) {
  const wt_cval *items = v->of.list.items;
  size_t n = v->of.list.count;
  if (!items && n) return bad(c, WT_INVALID, "%s of %zu items at NULL", wt_ckind_name(t->kind), n);
  if (n > UINT32_MAX) return bad(c, WT_TYPE, "%zu items: more than a component value holds", n);
  if (t->kind == WT_CLIST && t->count && n != t->count)
    return bad(c, WT_TYPE, "a fixed-length list of %u, got %zu items", t->count, n);
  if (t->kind != WT_CLIST && n != t->count)
    return bad(c, WT_TYPE, "%s of %u %s, got %zu", wt_ckind_name(t->kind), t->count,
               t->kind == WT_CRECORD ? "fields" : "items", n);
  c->bytes += n * (t->kind == WT_CRECORD ? sizeof(wta_cvalrecord_entry_t) : sizeof(wta_cval_t));
  for (size_t i = 0; i < n; i++) {
    const wt_ctype *et = t->kind == WT_CLIST ? t->elem : t->types[i];
    size_t saved;
    if (t->kind == WT_CRECORD) path_push(c, &saved, ".%s", t->names[i]);
    else path_push(c, &saved, "[%zu]", i);
    wt_status rc = check(c, et, &items[i]);
    path_pop(c, saved);
    if (rc) return rc;
  }
  return WT_OK;
}

/* A case (variant, option, result): index in range, a payload exactly when
 * the case has a type. */
static wt_status check_cased(ck *c, const wt_ctype *t, const wt_cval *v) {
  uint32_t i = v->of.cased.index;
  const wt_ctype *pt;
  const char *label;
  if (t->kind == WT_CVARIANT) {
    if (i >= t->count) return bad(c, WT_TYPE, "case %u of a variant of %u", i, t->count);
    pt = t->types[i];
    label = t->names[i];
  } else {
    if (i > 1) return bad(c, WT_TYPE, "case %u of %s (0 or 1)", i, t->kind == WT_COPTION ? "an option" : "a result");
    pt = t->kind == WT_COPTION ? (i ? t->elem : NULL) : (i ? t->err : t->elem);
    label = t->kind == WT_COPTION ? (i ? "some" : "none") : (i ? "err" : "ok");
  }
  const wt_cval *p = v->of.cased.payload;
  if (!pt && p) return bad(c, WT_TYPE, "case %s has no payload, got one", label);
  if (pt && !p) return bad(c, WT_TYPE, "case %s needs a payload of %s, got none", label, wt_ckind_name(pt->kind));
  if (!pt) return WT_OK;
  c->bytes += sizeof(wta_cval_t);
  size_t saved;
  path_push(c, &saved, ".%s", label);
  wt_status rc = check(c, pt, p);
  path_pop(c, saved);
  return rc;
}

static wt_status check_resource(ck *c, const wt_ctype *t, const wt_cval *v) {
  wt_resource *r = v->of.resource;
  bool own = t->kind == WT_COWN;
  if (!r) return bad(c, WT_INVALID, "a NULL resource handle");
  if (r->state == WT__RES_DROPPED) return bad(c, WT_INVALID, "the resource was dropped");
  if (r->state == WT__RES_MOVED) return bad(c, WT_INVALID, "the handle was passed as an own<T> before (the resource moved)");
  if (wt__same_store(c->cx, r, "component value")) return bad(c, WT_INVALID, "a handle of another store");
  if (own && !r->owned) return bad(c, WT_TYPE, "expected own<T>, got a borrowed handle");
  if (!wt__resource_is_of(r, t))
    return bad(c, WT_TYPE, "a handle of another resource type than %s", t->names && t->names[0] ? t->names[0] : "the one declared");
  if (r->stamp == c->stamp && (own || r->stamp_own))
    return bad(c, WT_INVALID, "the same handle twice in one call, once as an own<T>");
  if (r->stamp != c->stamp) r->stamp_own = false;
  r->stamp = c->stamp;
  r->stamp_own |= own;
  return WT_OK;
}

static wt_status check(ck *c, const wt_ctype *t, const wt_cval *v) {
  if (v->kind != t->kind)
    return bad(c, WT_TYPE, "expected %s, got %s", wt_ckind_name(t->kind), wt_ckind_name(v->kind));
  switch (t->kind) {
  case WT_CBOOL: case WT_CF32: case WT_CF64: return WT_OK;
  case WT_CS8: case WT_CU8: case WT_CS16: case WT_CU16: case WT_CS32: case WT_CU32: case WT_CS64: case WT_CU64:
    if (int_in_range(t->kind, v)) return WT_OK;
    if (t->kind & 1) return bad(c, WT_TYPE, "%lld is out of range for %s", (long long)v->of.s, wt_ckind_name(t->kind));
    return bad(c, WT_TYPE, "%llu is out of range for %s", (unsigned long long)v->of.u, wt_ckind_name(t->kind));
  case WT_CCHAR:
    return char_valid(v->of.ch) ? WT_OK : bad(c, WT_TYPE, "U+%X is not a Unicode scalar value", v->of.ch);
  case WT_CSTRING:
    if (!v->of.str.ptr && v->of.str.len) return bad(c, WT_INVALID, "a string of %zu bytes at NULL", v->of.str.len);
    if (v->of.str.len > UINT32_MAX) return bad(c, WT_TYPE, "a string of %zu bytes: longer than 4 GiB", v->of.str.len);
    if (!wt__utf8_valid((const uint8_t *)v->of.str.ptr, v->of.str.len)) return bad(c, WT_TYPE, "a string not valid UTF-8");
    return WT_OK;
  case WT_CLIST: case WT_CRECORD: case WT_CTUPLE: return check_items(c, t, v);
  case WT_CVARIANT: case WT_COPTION: case WT_CRESULT: return check_cased(c, t, v);
  case WT_CENUM:
    return v->of.cased.index < t->count ? WT_OK
                                        : bad(c, WT_TYPE, "case %u of an enum of %u", v->of.cased.index, t->count);
  case WT_CFLAGS: {
    uint64_t allowed = t->count >= 64 ? UINT64_MAX : (UINT64_C(1) << t->count) - 1;
    if (v->of.flags & ~allowed) return bad(c, WT_TYPE, "flag bits 0x%llx outside the %u flags",
                                           (unsigned long long)(v->of.flags & ~allowed), t->count);
    c->bytes += (size_t)__builtin_popcountll(v->of.flags) * sizeof(wta_byte_vec_t);
    return WT_OK;
  }
  case WT_COWN: case WT_CBORROW: return check_resource(c, t, v);
  default: return bad(c, WT_UNSUPPORTED, "values of %s are not supported", wt_ckind_name(t->kind));
  }
}

static __thread uint64_t stamps;
uint64_t wt__cval_next_stamp(void) { return ++stamps; }

wt_status wt__cval_check(wt_context *cx, const wt_ctype *t, const wt_cval *v, const wt__cwhere *where,
                         uint64_t stamp, size_t *bytes) {
  ck c;
  c.cx = cx;
  c.where = where;
  c.stamp = stamp;
  c.bytes = 0;
  c.plen = 0;
  c.path[0] = 0;
  wt_status rc = check(&c, t, v);
  *bytes += c.bytes;
  return rc;
}

/* ---- lowering: arguments (borrowed) ---- */

static void *bump(wt__bump *b, size_t n) {
  void *p = b->p;
  b->p += (n + 7) & ~(size_t)7;
  return p;
}

static void name_of(wta_byte_vec_t *out, const char *name) {
  out->size = strlen(name);
  out->data = (uint8_t *)(uintptr_t)name;
}

/* The numbers, bool and char (checked) at their width. */
static void lower_scalar(int kind, const wt_cval *v, wta_cval_t *out) {
  out->kind = (uint8_t)kind;
  switch (kind) {
  case WT_CBOOL: out->of.boolean = v->of.b; break;
  case WT_CS8: out->of.s8 = (int8_t)v->of.s; break;
  case WT_CU8: out->of.u8 = (uint8_t)v->of.u; break;
  case WT_CS16: out->of.s16 = (int16_t)v->of.s; break;
  case WT_CU16: out->of.u16 = (uint16_t)v->of.u; break;
  case WT_CS32: out->of.s32 = (int32_t)v->of.s; break;
  case WT_CU32: out->of.u32 = (uint32_t)v->of.u; break;
  case WT_CS64: out->of.s64 = v->of.s; break;
  case WT_CU64: out->of.u64 = v->of.u; break;
  case WT_CF32: out->of.f32 = v->of.f32; break;
  case WT_CF64: out->of.f64 = v->of.f64; break;
  case WT_CCHAR: out->of.character = v->of.ch; break;
  default: break;
  }
}

static void lower_payload(const wt_ctype *pt, const wt_cval *p, wta_cval_t **out, wt__bump *b) {
  *out = NULL;
  if (!pt) return;
  *out = bump(b, sizeof **out);
  wt__cval_lower(pt, p, *out, b);
}

void wt__cval_lower(const wt_ctype *t, const wt_cval *v, wta_cval_t *out, wt__bump *b) {
  size_t n = v->of.list.count;
  switch (t->kind) {
  case WT_CSTRING:
    out->kind = WTA_CVAL_STRING;
    out->of.string.size = v->of.str.len;
    out->of.string.data = v->of.str.len ? (uint8_t *)(uintptr_t)v->of.str.ptr : EMPTY;
    return;
  case WT_CLIST: case WT_CTUPLE: {
    wta_cval_t *items = n ? bump(b, n * sizeof *items) : EMPTY;
    for (size_t i = 0; i < n; i++) wt__cval_lower(t->kind == WT_CLIST ? t->elem : t->types[i], &v->of.list.items[i], &items[i], b);
    out->kind = t->kind == WT_CLIST ? WTA_CVAL_LIST : WTA_CVAL_TUPLE;
    if (t->kind == WT_CLIST) out->of.list = (wta_cvallist_t){n, items};
    else out->of.tuple = (wta_cvaltuple_t){n, items};
    return;
  }
  case WT_CRECORD: {
    wta_cvalrecord_entry_t *e = n ? bump(b, n * sizeof *e) : EMPTY;
    for (size_t i = 0; i < n; i++) {
      name_of(&e[i].name, t->names[i]);
      wt__cval_lower(t->types[i], &v->of.list.items[i], &e[i].val, b);
    }
    out->kind = WTA_CVAL_RECORD;
    out->of.record = (wta_cvalrecord_t){n, e};
    return;
  }
  case WT_CVARIANT: {
    uint32_t i = v->of.cased.index;
    out->kind = WTA_CVAL_VARIANT;
    name_of(&out->of.variant.discriminant, t->names[i]);
    lower_payload(t->types[i], v->of.cased.payload, &out->of.variant.val, b);
    return;
  }
  case WT_CENUM:
    out->kind = WTA_CVAL_ENUM;
    name_of(&out->of.enumeration, t->names[v->of.cased.index]);
    return;
  case WT_COPTION:
    out->kind = WTA_CVAL_OPTION;
    lower_payload(v->of.cased.index ? t->elem : NULL, v->of.cased.payload, &out->of.option, b);
    return;
  case WT_CRESULT: {
    bool ok = v->of.cased.index == 0;
    out->kind = WTA_CVAL_RESULT;
    out->of.result.is_ok = ok;
    lower_payload(ok ? t->elem : t->err, v->of.cased.payload, &out->of.result.val, b);
    return;
  }
  case WT_CFLAGS: {
    size_t nset = (size_t)__builtin_popcountll(v->of.flags), k = 0;
    wta_byte_vec_t *names = nset ? bump(b, nset * sizeof *names) : EMPTY;
    for (uint32_t i = 0; i < t->count && i < 64; i++)
      if (v->of.flags >> i & 1) name_of(&names[k++], t->names[i]);
    out->kind = WTA_CVAL_FLAGS;
    out->of.flags = (wta_cvalflags_t){nset, names};
    return;
  }
  case WT_COWN: case WT_CBORROW:
    out->kind = WTA_CVAL_RESOURCE;
    out->of.resource = v->of.resource->any;
    return;
  default: lower_scalar(t->kind, v, out); return;
  }
}

void wt__cval_moved(const wt_ctype *t, const wt_cval *v) {
  switch (t->kind) {
  case WT_COWN: v->of.resource->state = WT__RES_MOVED; return;
  case WT_CLIST: case WT_CTUPLE: case WT_CRECORD:
    for (size_t i = 0; i < v->of.list.count; i++)
      wt__cval_moved(t->kind == WT_CLIST ? t->elem : t->types[i], &v->of.list.items[i]);
    return;
  case WT_CVARIANT: case WT_COPTION: case WT_CRESULT: {
    uint32_t i = v->of.cased.index;
    const wt_ctype *pt = t->kind == WT_CVARIANT ? t->types[i]
                         : t->kind == WT_COPTION ? (i ? t->elem : NULL) : (i ? t->err : t->elem);
    if (pt && v->of.cased.payload) wt__cval_moved(pt, v->of.cased.payload);
    return;
  }
  default: return;
  }
}

/* ---- lowering: a host function's result (Wasmtime's allocations) ---- */

static void owned_name(wta_byte_vec_t *out, const char *name) { W->wasm_byte_vec_new(out, strlen(name), name); }

static wta_cval_t *owned_payload(const wt_ctype *pt, const wt_cval *p) {
  if (!pt) return NULL;
  wta_cval_t tmp;
  wt__cval_lower_owned(pt, p, &tmp);
  return W->wasmtime_component_val_new(&tmp); /* takes tmp's contents */
}

void wt__cval_lower_owned(const wt_ctype *t, const wt_cval *v, wta_cval_t *out) {
  size_t n = v->of.list.count;
  switch (t->kind) {
  case WT_CSTRING:
    out->kind = WTA_CVAL_STRING;
    W->wasm_byte_vec_new(&out->of.string, v->of.str.len, v->of.str.len ? v->of.str.ptr : "");
    return;
  case WT_CLIST:
    out->kind = WTA_CVAL_LIST;
    W->wasmtime_component_vallist_new_uninit(&out->of.list, n);
    for (size_t i = 0; i < n; i++) wt__cval_lower_owned(t->elem, &v->of.list.items[i], &out->of.list.data[i]);
    return;
  case WT_CTUPLE:
    out->kind = WTA_CVAL_TUPLE;
    W->wasmtime_component_valtuple_new_uninit(&out->of.tuple, n);
    for (size_t i = 0; i < n; i++) wt__cval_lower_owned(t->types[i], &v->of.list.items[i], &out->of.tuple.data[i]);
    return;
  case WT_CRECORD:
    out->kind = WTA_CVAL_RECORD;
    W->wasmtime_component_valrecord_new_uninit(&out->of.record, n);
    for (size_t i = 0; i < n; i++) {
      owned_name(&out->of.record.data[i].name, t->names[i]);
      wt__cval_lower_owned(t->types[i], &v->of.list.items[i], &out->of.record.data[i].val);
    }
    return;
  case WT_CVARIANT: {
    uint32_t i = v->of.cased.index;
    out->kind = WTA_CVAL_VARIANT;
    owned_name(&out->of.variant.discriminant, t->names[i]);
    out->of.variant.val = owned_payload(t->types[i], v->of.cased.payload);
    return;
  }
  case WT_CENUM:
    out->kind = WTA_CVAL_ENUM;
    owned_name(&out->of.enumeration, t->names[v->of.cased.index]);
    return;
  case WT_COPTION:
    out->kind = WTA_CVAL_OPTION;
    out->of.option = owned_payload(v->of.cased.index ? t->elem : NULL, v->of.cased.payload);
    return;
  case WT_CRESULT: {
    bool ok = v->of.cased.index == 0;
    out->kind = WTA_CVAL_RESULT;
    out->of.result.is_ok = ok;
    out->of.result.val = owned_payload(ok ? t->elem : t->err, v->of.cased.payload);
    return;
  }
  case WT_CFLAGS: {
    size_t k = 0;
    out->kind = WTA_CVAL_FLAGS;
    W->wasmtime_component_valflags_new_uninit(&out->of.flags, (size_t)__builtin_popcountll(v->of.flags));
    for (uint32_t i = 0; i < t->count && i < 64; i++)
      if (v->of.flags >> i & 1) owned_name(&out->of.flags.data[k++], t->names[i]);
    return;
  }
  case WT_COWN: case WT_CBORROW:
    out->kind = WTA_CVAL_RESOURCE;
    out->of.resource = W->wasmtime_component_resource_any_clone(v->of.resource->any);
    if (t->kind == WT_COWN) v->of.resource->state = WT__RES_MOVED;
    return;
  default: lower_scalar(t->kind, v, out); return;
  }
}

/* ---- lifting: Wasmtime's values into wt's ---- */

static size_t round8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Saturating: a size past SIZE_MAX / 2 fails the allocation. */
static size_t add_size(size_t a, size_t b) { return a > SIZE_MAX / 2 || b > SIZE_MAX / 2 ? SIZE_MAX / 2 + 1 : a + b; }

/* The index of name n among names[0..count), or count. */
static uint32_t find_name(const char *const *names, uint32_t count, const wta_byte_vec_t *n) {
  for (uint32_t i = 0; i < count; i++)
    if (strlen(names[i]) == n->size && !memcmp(names[i], n->data, n->size)) return i;
  return count;
}

/* The raw kind a value of type t has in Wasmtime. */
static int raw_kind(const wt_ctype *t) { return t->kind == WT_COWN || t->kind == WT_CBORROW ? WTA_CVAL_RESOURCE : t->kind; }

/* The bytes of the block that lifting raw (of type t) needs beyond its
 * wt_cval, or SIZE_MAX when raw is not of the type. */
static size_t measure(const wt_ctype *t, const wta_cval_t *raw);

static size_t measure_payload(const wt_ctype *pt, const wta_cval_t *p) {
  if (!pt != !p) return SIZE_MAX;
  if (!pt) return 0;
  size_t m = measure(pt, p);
  return m == SIZE_MAX ? m : add_size(sizeof(wt_cval), m);
}

static size_t measure(const wt_ctype *t, const wta_cval_t *raw) {
  if (raw->kind != raw_kind(t)) return SIZE_MAX;
  size_t need = 0;
  switch (t->kind) {
  case WT_CSTRING: return round8(raw->of.string.size + 1);
  case WT_CLIST: case WT_CTUPLE: case WT_CRECORD: {
    size_t n = raw->of.list.size; /* list, tuple and record vectors share the layout */
    if (t->kind == WT_CLIST ? (t->count && n != t->count) : n != t->count) return SIZE_MAX;
    need = n <= SIZE_MAX / 2 / sizeof(wt_cval) ? n * sizeof(wt_cval) : SIZE_MAX / 2 + 1;
    for (size_t i = 0; i < n; i++) {
      const wta_cval_t *e = t->kind == WT_CRECORD ? &raw->of.record.data[i].val : &raw->of.list.data[i];
      size_t m = measure(t->kind == WT_CLIST ? t->elem : t->types[i], e);
      if (m == SIZE_MAX) return m;
      need = add_size(need, m);
    }
    return need;
  }
  case WT_CVARIANT: {
    uint32_t i = find_name(t->names, t->count, &raw->of.variant.discriminant);
    return i == t->count ? SIZE_MAX : measure_payload(t->types[i], raw->of.variant.val);
  }
  case WT_CENUM: return find_name(t->names, t->count, &raw->of.enumeration) == t->count ? SIZE_MAX : 0;
  case WT_COPTION: return raw->of.option ? measure_payload(t->elem, raw->of.option) : 0;
  case WT_CRESULT:
    return measure_payload(raw->of.result.is_ok ? t->elem : t->err, raw->of.result.val);
  case WT_CFLAGS:
    for (size_t i = 0; i < raw->of.flags.size; i++)
      if (find_name(t->names, t->count, &raw->of.flags.data[i]) >= (t->count < 64 ? t->count : 64)) return SIZE_MAX;
    return 0;
  default: return 0;
  }
}

typedef struct lift { wt_context *cx; wt__bump b; bool oom; } lift;

static void fill(lift *l, const wt_ctype *t, const wta_cval_t *raw, wt_cval *out);

static const wt_cval *fill_payload(lift *l, const wt_ctype *pt, const wta_cval_t *p) {
  if (!pt || !p) return NULL;
  wt_cval *v = bump(&l->b, sizeof *v);
  fill(l, pt, p, v);
  return v;
}

static void fill(lift *l, const wt_ctype *t, const wta_cval_t *raw, wt_cval *out) {
  out->kind = t->kind;
  switch (t->kind) {
  case WT_CBOOL: out->of.b = raw->of.boolean; return;
  case WT_CS8: out->of.s = raw->of.s8; return;
  case WT_CU8: out->of.u = raw->of.u8; return;
  case WT_CS16: out->of.s = raw->of.s16; return;
  case WT_CU16: out->of.u = raw->of.u16; return;
  case WT_CS32: out->of.s = raw->of.s32; return;
  case WT_CU32: out->of.u = raw->of.u32; return;
  case WT_CS64: out->of.s = raw->of.s64; return;
  case WT_CU64: out->of.u = raw->of.u64; return;
  case WT_CF32: out->of.f32 = raw->of.f32; return;
  case WT_CF64: out->of.f64 = raw->of.f64; return;
  case WT_CCHAR: out->of.ch = raw->of.character; return;
  case WT_CSTRING: {
    size_t n = raw->of.string.size;
    char *s = bump(&l->b, n + 1);
    if (n) memcpy(s, raw->of.string.data, n);
    s[n] = 0;
    out->of.str.ptr = s;
    out->of.str.len = n;
    return;
  }
  case WT_CLIST: case WT_CTUPLE: case WT_CRECORD: {
    size_t n = raw->of.list.size;
    wt_cval *items = n ? bump(&l->b, n * sizeof *items) : NULL;
    for (size_t i = 0; i < n; i++) {
      const wta_cval_t *e = t->kind == WT_CRECORD ? &raw->of.record.data[i].val : &raw->of.list.data[i];
      fill(l, t->kind == WT_CLIST ? t->elem : t->types[i], e, &items[i]);
    }
    out->of.list.items = items;
    out->of.list.count = n;
    return;
  }
  case WT_CVARIANT: {
    uint32_t i = find_name(t->names, t->count, &raw->of.variant.discriminant);
    out->of.cased.index = i;
    out->of.cased.payload = fill_payload(l, t->types[i], raw->of.variant.val);
    return;
  }
  case WT_CENUM:
    out->of.cased.index = find_name(t->names, t->count, &raw->of.enumeration);
    out->of.cased.payload = NULL;
    return;
  case WT_COPTION:
    out->of.cased.index = raw->of.option != NULL;
    out->of.cased.payload = fill_payload(l, t->elem, raw->of.option);
    return;
  case WT_CRESULT:
    out->of.cased.index = !raw->of.result.is_ok;
    out->of.cased.payload = fill_payload(l, raw->of.result.is_ok ? t->elem : t->err, raw->of.result.val);
    return;
  case WT_CFLAGS:
    out->of.flags = 0;
    for (size_t i = 0; i < raw->of.flags.size; i++)
      out->of.flags |= UINT64_C(1) << find_name(t->names, t->count, &raw->of.flags.data[i]);
    return;
  case WT_COWN: case WT_CBORROW: {
    wta_cresource_any_t *any = W->wasmtime_component_resource_any_clone(raw->of.resource);
    out->of.resource = any ? wt__resource_wrap(l->cx, any) : NULL;
    if (!out->of.resource) l->oom = true;
    return;
  }
  default: return;
  }
}

/* The block a lifted value's own pointer field points to (NULL: none). */
static void *block_of(const wt_cval *v) {
  switch (v->kind) {
  case WT_CSTRING: return (void *)(uintptr_t)v->of.str.ptr;
  case WT_CLIST: case WT_CRECORD: case WT_CTUPLE: return (void *)(uintptr_t)v->of.list.items;
  case WT_CVARIANT: case WT_COPTION: case WT_CRESULT: return (void *)(uintptr_t)v->of.cased.payload;
  default: return NULL;
  }
}

static void release_walk(wt_cval *v, int depth);

wt_status wt__cval_lift(wt_context *cx, const wt_ctype *const *t, const wta_cval_t *raw, size_t n, wt_cval *out,
                        void **block) {
  size_t need = 0;
  *block = NULL;
  for (size_t i = 0; i < n; i++) {
    size_t m = measure(t[i], &raw[i]);
    if (m == SIZE_MAX)
      return wt__fail(WT_ERROR, "component value %zu from Wasmtime is not a %s", i, wt_ckind_name(t[i]->kind));
    need = add_size(need, m);
  }
  lift l = {cx, {NULL, NULL}, false};
  if (need) {
    if (need > SIZE_MAX / 2 || !(l.b.p = calloc(1, need))) return wt__oom();
    l.b.end = l.b.p + need;
    *block = l.b.p;
  }
  /* The first value's own array, string or payload comes first in the
   * block: for one value, that is what wt_cval_release frees. */
  for (size_t i = 0; i < n; i++) fill(&l, t[i], &raw[i], &out[i]);
  if (l.oom) {
    wt__cval_release_many(out, n, *block);
    memset(out, 0, n * sizeof *out);
    *block = NULL;
    return wt__oom();
  }
  return WT_OK;
}

/* ---- release ---- */

static void release_walk(wt_cval *v, int depth) {
  if (depth > RELEASE_MAX_DEPTH) return;
  switch (v->kind) {
  case WT_CLIST: case WT_CRECORD: case WT_CTUPLE:
    for (size_t i = 0; v->of.list.items && i < v->of.list.count; i++)
      release_walk((wt_cval *)(uintptr_t)&v->of.list.items[i], depth + 1);
    return;
  case WT_CVARIANT: case WT_COPTION: case WT_CRESULT:
    if (v->of.cased.payload) release_walk((wt_cval *)(uintptr_t)v->of.cased.payload, depth + 1);
    return;
  case WT_COWN: case WT_CBORROW:
    wt_resource_delete(v->of.resource);
    v->of.resource = NULL;
    return;
  default: return;
  }
}

void wt__cval_release_many(wt_cval *vals, size_t n, void *block) {
  for (size_t i = 0; i < n; i++) release_walk(&vals[i], 0);
  free(block);
}

void wt_cval_release(wt_cval *v) {
  if (!v) return;
  release_walk(v, 0);
  free(block_of(v));
  memset(v, 0, sizeof *v);
}

/* ---- what a type holds ---- */

static bool type_any(const wt_ctype *t, bool (*pred)(const wt_ctype *), int depth) {
  if (!t || depth > WT__CTYPE_MAX_DEPTH + 1) return false;
  if (pred(t)) return true;
  if (type_any(t->elem, pred, depth + 1) || type_any(t->err, pred, depth + 1)) return true;
  if (t->types && t->kind != WT_COWN && t->kind != WT_CBORROW)
    for (uint32_t i = 0; i < t->count; i++)
      if (type_any(t->types[i], pred, depth + 1)) return true;
  return false;
}
static bool is_uncallable(const wt_ctype *t) { return t->kind >= WT_CFUTURE; }
static bool is_resource(const wt_ctype *t) { return t->kind == WT_COWN || t->kind == WT_CBORROW; }
bool wt__ctype_uncallable(const wt_ctype *t) { return type_any(t, is_uncallable, 0); }
bool wt__ctype_has_resource(const wt_ctype *t) { return type_any(t, is_resource, 0); }
