/* wast_cvalue.c - the component values of scripts: arguments built and
 * results matched against their wt_ctype, and results written as text.
 *
 * The forms are those of the wast crate (wasm-tools): (bool.const true),
 * (u32.const 7), (f64.const nan:0x1), (char.const "x"), (str.const "hi"),
 * (list.const (u8.const 1) ...), (tuple.const (..) ...), (record.const
 * (field "name" u32.const 1) ...) -- a field's value is written inline,
 * without its own parentheses (both spellings are read) --, (variant.const
 * "case" (payload)?), (enum.const "x"), (option.none), (option.some (v)),
 * (result.ok (v)?), (result.err (v)?), (flags.const "a" "b"). Names of
 * cases, fields and flags become indices through the type
 * (wt_ctype_index). Nesting follows the type, and is cut at WCV_MAX_DEPTH
 * levels whatever the type says. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wast.h"

#define WCV_MAX_DEPTH 100

/* ---- the arena an argument's arrays live in ---- */

typedef struct wcv_block {
  struct wcv_block *next;
  max_align_t data[];
} wcv_block;

void *wcv_alloc(wcv_arena *a, size_t n) {
  if (n > ((size_t)1 << 30)) return NULL; /* a script's list is never that long */
  wcv_block *b = calloc(1, sizeof *b + (n ? n : 1));
  if (!b) return NULL;
  b->next = a->head;
  a->head = b;
  return b->data;
}

void wcv_arena_free(wcv_arena *a) {
  while (a->head) {
    wcv_block *next = a->head->next;
    free(a->head);
    a->head = next;
  }
}

/* ---- the forms ---- */

/* A value form: its keyword and the operands after it. */
typedef struct form {
  const sx *head;
  const sx *args;
  size_t n;
} form;

static const struct { const char *op; uint8_t kind; } ops[] = {
    {"bool.const", WT_CBOOL},  {"s8.const", WT_CS8},      {"u8.const", WT_CU8},
    {"s16.const", WT_CS16},    {"u16.const", WT_CU16},    {"s32.const", WT_CS32},
    {"u32.const", WT_CU32},    {"s64.const", WT_CS64},    {"u64.const", WT_CU64},
    {"f32.const", WT_CF32},    {"f64.const", WT_CF64},    {"char.const", WT_CCHAR},
    {"str.const", WT_CSTRING}, {"list.const", WT_CLIST},  {"record.const", WT_CRECORD},
    {"tuple.const", WT_CTUPLE}, {"variant.const", WT_CVARIANT}, {"enum.const", WT_CENUM},
    {"option.none", WT_COPTION}, {"option.some", WT_COPTION}, {"result.ok", WT_CRESULT},
    {"result.err", WT_CRESULT}, {"flags.const", WT_CFLAGS},
};

/* The kind a value keyword makes; -1 for none. */
static int op_kind(const sx *head) {
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (sx_is(head, ops[i].op)) return ops[i].kind;
  return -1;
}

int wcv_is_value(const sx *e) {
  return e->kind == SX_LIST && e->n && op_kind(&e->kids[0]) >= 0;
}

static int form_of(const sx *e, form *f) {
  if (e->kind != SX_LIST || !e->n || e->kids[0].kind != SX_ATOM) return -1;
  f->head = &e->kids[0];
  f->args = e->kids + 1;
  f->n = e->n - 1;
  return 0;
}

/* (field "name" KEYWORD operands...) or (field "name" (KEYWORD ...)). */
static int field_form(const sx *fld, const char **name, form *f) {
  if (fld->kind != SX_LIST || fld->n < 3 || !sx_is(&fld->kids[0], "field") || fld->kids[1].kind != SX_STRING) return -1;
  *name = fld->kids[1].text;
  if (fld->n == 3 && fld->kids[2].kind == SX_LIST) return form_of(&fld->kids[2], f);
  f->head = &fld->kids[2];
  f->args = fld->kids + 3;
  f->n = fld->n - 3;
  return f->head->kind == SX_ATOM ? 0 : -1;
}

static int bad(char *why, size_t size, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(char *why, size_t size, int rc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, size, fmt, ap);
  va_end(ap);
  return rc;
}

/* The WIT text of a type, for messages. */
static const char *type_text(const wt_ctype *t, char *buf, size_t size) {
  if (!t) snprintf(buf, size, "(none)");
  else wt_ctype_format(t, buf, size);
  return buf;
}

/* Decodes a string holding exactly one UTF-8 character; -1 otherwise. */
static int one_char(const sx *s, uint32_t *out) {
  const unsigned char *p = (const unsigned char *)s->text;
  size_t n = s->kind == SX_STRING ? s->len : 0, k;
  uint32_t c;
  if (!n) return -1;
  if (p[0] < 0x80) c = p[0], k = 1;
  else if ((p[0] & 0xe0) == 0xc0) c = p[0] & 0x1f, k = 2;
  else if ((p[0] & 0xf0) == 0xe0) c = p[0] & 0x0f, k = 3;
  else if ((p[0] & 0xf8) == 0xf0) c = p[0] & 0x07, k = 4;
  else return -1;
  if (n != k) return -1;
  for (size_t i = 1; i < k; i++) {
    if ((p[i] & 0xc0) != 0x80) return -1;
    c = c << 6 | (p[i] & 0x3f);
  }
  *out = c;
  return 0;
}

static int int_bits(int kind) {
  switch (kind) {
  case WT_CS8: case WT_CU8: return 8;
  case WT_CS16: case WT_CU16: return 16;
  case WT_CS32: case WT_CU32: return 32;
  default: return 64;
  }
}

static int is_signed(int kind) { return kind == WT_CS8 || kind == WT_CS16 || kind == WT_CS32 || kind == WT_CS64; }
static int is_int(int kind) { return kind >= WT_CS8 && kind <= WT_CU64; }

/* A number or other scalar of `kind` from the one operand of f: the
 * value in *out, or WV_MALFORMED. NaN patterns come back in *nan. */
static int scalar(const form *f, int kind, wt_cval *out, int *nan, char *why, size_t size) {
  uint64_t bits = 0;
  memset(out, 0, sizeof *out);
  out->kind = (uint8_t)kind;
  *nan = WV_NUM_OK;
  if (f->n != 1) return bad(why, size, WV_MALFORMED, "%.*s takes one operand", (int)f->head->len, f->head->text);
  const sx *a = &f->args[0];
  if (kind == WT_CBOOL) {
    if (!sx_is(a, "true") && !sx_is(a, "false")) return bad(why, size, WV_MALFORMED, "bool.const takes true or false");
    out->of.b = sx_is(a, "true");
  } else if (is_int(kind)) {
    if (wv_parse_int(a, int_bits(kind), &bits) != WV_NUM_OK)
      return bad(why, size, WV_MALFORMED, "malformed %.*s operand", (int)f->head->len, f->head->text);
    int b = int_bits(kind);
    if (is_signed(kind)) out->of.s = b == 64 ? (int64_t)bits : (int64_t)(bits << (64 - b)) >> (64 - b);
    else out->of.u = bits;
  } else if (kind == WT_CF32 || kind == WT_CF64) {
    *nan = wv_parse_float(a, kind == WT_CF64, &bits);
    if (*nan == WV_NUM_BAD) return bad(why, size, WV_MALFORMED, "malformed %.*s operand", (int)f->head->len, f->head->text);
    if (kind == WT_CF64) memcpy(&out->of.f64, &bits, 8);
    else { uint32_t b32 = (uint32_t)bits; memcpy(&out->of.f32, &b32, 4); }
  } else if (kind == WT_CCHAR) {
    if (one_char(a, &out->of.ch)) return bad(why, size, WV_MALFORMED, "char.const takes a string of one character");
  } else if (kind == WT_CSTRING) {
    if (a->kind != SX_STRING) return bad(why, size, WV_MALFORMED, "str.const takes a string");
    out->of.str.ptr = a->text;
    out->of.str.len = a->len;
  }
  return WV_MATCH;
}

static int is_scalar(int kind) { return kind <= WT_CSTRING; }

/* ---- arguments ---- */

static int parse_form(wcv_arena *a, const form *f, const wt_ctype *t, wt_cval *out, int depth, char *why, size_t size);

/* A payload operand: (KEYWORD ...), against type t (NULL: none allowed). */
static int parse_payload(wcv_arena *a, const sx *e, const wt_ctype *t, const wt_cval **out, int depth, char *why,
                         size_t size) {
  form f;
  char tt[128];
  if (!t) return bad(why, size, WV_MALFORMED, "a payload for a case that has none");
  wt_cval *v = wcv_alloc(a, sizeof *v);
  if (!v) return bad(why, size, WV_MALFORMED, "out of memory");
  if (form_of(e, &f)) return bad(why, size, WV_MALFORMED, "a payload must be a value form, for %s", type_text(t, tt, sizeof tt));
  *out = v;
  return parse_form(a, &f, t, v, depth + 1, why, size);
}

/* The items of list.const / tuple.const: each (KEYWORD ...). */
static int parse_items(wcv_arena *a, const form *f, const wt_ctype *t, wt_cval *out, int depth, char *why, size_t size) {
  int tuple = t->kind == WT_CTUPLE;
  if (tuple && f->n != t->count)
    return bad(why, size, WV_MALFORMED, "a tuple of %zu items for a tuple of %" PRIu32, f->n, t->count);
  wt_cval *items = wcv_alloc(a, f->n * sizeof *items);
  if (!items) return bad(why, size, WV_MALFORMED, "out of memory");
  out->of.list.items = items;
  out->of.list.count = f->n;
  for (size_t i = 0; i < f->n; i++) {
    form item;
    const wt_ctype *it = tuple ? t->types[i] : t->elem;
    if (form_of(&f->args[i], &item)) return bad(why, size, WV_MALFORMED, "item %zu is not a value form", i);
    int rc = parse_form(a, &item, it, &items[i], depth + 1, why, size);
    if (rc != WV_MATCH) return rc;
  }
  return WV_MATCH;
}

/* The index of name in t (a case, field or flag); -1 with why set. */
static int64_t index_of(const wt_ctype *t, const sx *name, char *why, size_t size) {
  uint32_t i;
  char tt[256];
  if (!name || name->kind != SX_STRING) return bad(why, size, -1, "a case, field or flag name must be a string");
  if (strlen(name->text) != name->len || wt_ctype_index(t, name->text, &i))
    return bad(why, size, -1, "no \"%s\" in %s", name->text, type_text(t, tt, sizeof tt));
  return i;
}

static int parse_record(wcv_arena *a, const form *f, const wt_ctype *t, wt_cval *out, int depth, char *why, size_t size) {
  wt_cval *fields = wcv_alloc(a, (t->count ? t->count : 1) * sizeof *fields);
  uint8_t *seen = wcv_alloc(a, t->count + 1);
  if (!fields || !seen) return bad(why, size, WV_MALFORMED, "out of memory");
  out->of.list.items = fields;
  out->of.list.count = t->count;
  for (size_t i = 0; i < f->n; i++) {
    const char *name;
    form v;
    if (field_form(&f->args[i], &name, &v)) return bad(why, size, WV_MALFORMED, "record.const takes (field \"name\" value)");
    int64_t k = index_of(t, &f->args[i].kids[1], why, size);
    if (k < 0) return WV_MALFORMED;
    if (seen[k]++) return bad(why, size, WV_MALFORMED, "field \"%s\" given twice", name);
    int rc = parse_form(a, &v, t->types[k], &fields[k], depth + 1, why, size);
    if (rc != WV_MATCH) return rc;
  }
  for (uint32_t k = 0; k < t->count; k++)
    if (!seen[k]) return bad(why, size, WV_MALFORMED, "field \"%s\" missing", t->names[k]);
  return WV_MATCH;
}

static int parse_flags(const form *f, const wt_ctype *t, wt_cval *out, char *why, size_t size) {
  for (size_t i = 0; i < f->n; i++) {
    int64_t k = index_of(t, &f->args[i], why, size);
    if (k < 0) return WV_MALFORMED;
    if (k >= 64) return bad(why, size, WV_UNSUPPORTED, "flag %" PRId64 ": wt has 64 flags at most", k);
    out->of.flags |= UINT64_C(1) << k;
  }
  return WV_MATCH;
}

/* variant.const, enum.const, option.*, result.*: the case and payload. */
static int parse_cased(wcv_arena *a, const form *f, const wt_ctype *t, wt_cval *out, int depth, char *why, size_t size) {
  const sx *payload = NULL;
  const wt_ctype *pt = NULL;
  int64_t k;
  if (t->kind == WT_CVARIANT || t->kind == WT_CENUM) {
    if (f->n < 1 || (k = index_of(t, &f->args[0], why, size)) < 0) return f->n ? WV_MALFORMED : bad(why, size, WV_MALFORMED, "no case name");
    if (f->n > (t->kind == WT_CVARIANT ? 2u : 1u)) return bad(why, size, WV_MALFORMED, "too many operands");
    payload = f->n == 2 ? &f->args[1] : NULL;
    pt = t->kind == WT_CVARIANT ? t->types[k] : NULL;
  } else {
    int some_or_err = sx_is(f->head, "option.some") || sx_is(f->head, "result.err");
    k = some_or_err;
    if (f->n > 1 || (sx_is(f->head, "option.none") && f->n) || (sx_is(f->head, "option.some") && !f->n))
      return bad(why, size, WV_MALFORMED, "wrong operands of %.*s", (int)f->head->len, f->head->text);
    payload = f->n ? &f->args[0] : NULL;
    pt = t->kind == WT_COPTION ? t->elem : k ? t->err : t->elem;
  }
  out->of.cased.index = (uint32_t)k;
  if (!payload && pt && t->kind != WT_COPTION)
    return bad(why, size, WV_MALFORMED, "case %" PRId64 " needs a payload", k);
  return payload ? parse_payload(a, payload, pt, &out->of.cased.payload, depth, why, size) : WV_MATCH;
}

static int parse_form(wcv_arena *a, const form *f, const wt_ctype *t, wt_cval *out, int depth, char *why, size_t size) {
  int kind = op_kind(f->head), nan;
  char tt[128];
  memset(out, 0, sizeof *out);
  if (depth > WCV_MAX_DEPTH) return bad(why, size, WV_MALFORMED, "values nested deeper than %d levels", WCV_MAX_DEPTH);
  if (kind < 0) return bad(why, size, WV_MALFORMED, "not a component value: %.*s", (int)f->head->len, f->head->text);
  if (is_scalar(kind)) { /* built as written: the call checks it against the type */
    int rc = scalar(f, kind, out, &nan, why, size);
    if (rc == WV_MATCH && nan != WV_NUM_OK) return bad(why, size, WV_MALFORMED, "a NaN pattern is no argument");
    return rc;
  }
  if (t && (t->kind == WT_COWN || t->kind == WT_CBORROW))
    return bad(why, size, WV_UNSUPPORTED, "resource handles cannot be written in a script");
  if (!t || t->kind != kind)
    return bad(why, size, WV_MALFORMED, "%.*s for a value of type %s", (int)f->head->len, f->head->text,
               type_text(t, tt, sizeof tt));
  out->kind = (uint8_t)kind;
  switch (kind) {
  case WT_CLIST: case WT_CTUPLE: return parse_items(a, f, t, out, depth, why, size);
  case WT_CRECORD: return parse_record(a, f, t, out, depth, why, size);
  case WT_CFLAGS: return parse_flags(f, t, out, why, size);
  default: return parse_cased(a, f, t, out, depth, why, size);
  }
}

int wcv_parse(wcv_arena *a, const sx *e, const wt_ctype *t, wt_cval *out, char *why, size_t size) {
  form f;
  memset(out, 0, sizeof *out);
  if (form_of(e, &f)) return bad(why, size, WV_MALFORMED, "an argument must be a value form");
  return parse_form(a, &f, t, out, 0, why, size);
}

/* ---- results ---- */

static int match_form(const form *f, const wt_ctype *t, const wt_cval *v, int depth, char *why, size_t size);

static int match_sx(const sx *e, const wt_ctype *t, const wt_cval *v, int depth, char *why, size_t size) {
  form f;
  if (form_of(e, &f)) return bad(why, size, WV_MALFORMED, "an expected value must be a value form");
  return match_form(&f, t, v, depth + 1, why, size);
}

static int match_scalar(const form *f, int kind, const wt_cval *v, char *why, size_t size) {
  wt_cval want;
  int nan, rc = scalar(f, kind, &want, &nan, why, size);
  uint64_t got = 0, bits = 0;
  if (rc != WV_MATCH) return rc;
  switch (kind) {
  case WT_CBOOL: return v->of.b == want.of.b;
  case WT_CF32: case WT_CF64:
    memcpy(&got, &v->of, kind == WT_CF64 ? 8 : 4);
    memcpy(&bits, &want.of, kind == WT_CF64 ? 8 : 4);
    return wv_match_float_bits(got, nan, bits, kind == WT_CF64);
  case WT_CCHAR: return v->of.ch == want.of.ch;
  case WT_CSTRING: return v->of.str.len == want.of.str.len && !memcmp(v->of.str.ptr, want.of.str.ptr, want.of.str.len);
  default: return is_signed(kind) ? v->of.s == want.of.s : v->of.u == want.of.u;
  }
}

static int match_items(const form *f, const wt_ctype *t, const wt_cval *v, int depth, char *why, size_t size) {
  if (t->kind == WT_CTUPLE && f->n != t->count)
    return bad(why, size, WV_MALFORMED, "%zu items expected of a tuple of %" PRIu32, f->n, t->count);
  if (v->of.list.count != f->n) return WV_MISMATCH;
  for (size_t i = 0; i < f->n; i++) {
    int rc = match_sx(&f->args[i], t->kind == WT_CTUPLE ? t->types[i] : t->elem, &v->of.list.items[i], depth, why, size);
    if (rc != WV_MATCH) return rc;
  }
  return WV_MATCH;
}

static int match_record(const form *f, const wt_ctype *t, const wt_cval *v, int depth, char *why, size_t size) {
  if (f->n != t->count || v->of.list.count != t->count)
    return f->n != t->count ? bad(why, size, WV_MALFORMED, "%zu fields expected of a record of %" PRIu32, f->n, t->count)
                            : WV_MISMATCH;
  for (size_t i = 0; i < f->n; i++) {
    const char *name;
    form fv;
    if (field_form(&f->args[i], &name, &fv)) return bad(why, size, WV_MALFORMED, "record.const takes (field \"name\" value)");
    int64_t k = index_of(t, &f->args[i].kids[1], why, size);
    if (k < 0) return WV_MALFORMED;
    int rc = match_form(&fv, t->types[k], &v->of.list.items[k], depth + 1, why, size);
    if (rc != WV_MATCH) return rc;
  }
  return WV_MATCH;
}

static int match_cased(const form *f, const wt_ctype *t, const wt_cval *v, int depth, char *why, size_t size) {
  wt_cval want;
  const sx *payload = NULL; /* the last operand, when the form has one */
  if ((t->kind == WT_CVARIANT && f->n == 2) || ((t->kind == WT_COPTION || t->kind == WT_CRESULT) && f->n == 1))
    payload = &f->args[f->n - 1];
  const wt_ctype *pt = NULL;
  if (t->kind == WT_CVARIANT || t->kind == WT_CENUM) {
    int64_t k = f->n ? index_of(t, &f->args[0], why, size) : -1;
    if (k < 0) return f->n ? WV_MALFORMED : bad(why, size, WV_MALFORMED, "no case name");
    want.of.cased.index = (uint32_t)k;
    pt = t->kind == WT_CVARIANT ? t->types[k] : NULL;
  } else {
    if (sx_is(f->head, "option.some") && !payload) return bad(why, size, WV_MALFORMED, "option.some needs a value");
    if (sx_is(f->head, "option.none") && payload) return bad(why, size, WV_MALFORMED, "option.none takes none");
    want.of.cased.index = sx_is(f->head, "option.some") || sx_is(f->head, "result.err");
    pt = t->kind == WT_COPTION ? t->elem : want.of.cased.index ? t->err : t->elem;
  }
  if (v->of.cased.index != want.of.cased.index || !payload != !v->of.cased.payload) return WV_MISMATCH;
  if (payload && !pt) return bad(why, size, WV_MALFORMED, "a payload for a case that has none");
  return payload ? match_sx(payload, pt, v->of.cased.payload, depth, why, size) : WV_MATCH;
}

static int match_form(const form *f, const wt_ctype *t, const wt_cval *v, int depth, char *why, size_t size) {
  int kind = op_kind(f->head);
  char tt[128];
  if (depth > WCV_MAX_DEPTH) return bad(why, size, WV_MALFORMED, "values nested deeper than %d levels", WCV_MAX_DEPTH);
  if (kind < 0) return bad(why, size, WV_MALFORMED, "not a component value: %.*s", (int)f->head->len, f->head->text);
  if (v->kind != kind) return WV_MISMATCH;
  if (is_scalar(kind)) return match_scalar(f, kind, v, why, size);
  if (!t || t->kind != kind)
    return bad(why, size, WV_MALFORMED, "%.*s for a result of type %s", (int)f->head->len, f->head->text,
               type_text(t, tt, sizeof tt));
  wt_cval flags;
  switch (kind) {
  case WT_CLIST: case WT_CTUPLE: return match_items(f, t, v, depth, why, size);
  case WT_CRECORD: return match_record(f, t, v, depth, why, size);
  case WT_CFLAGS:
    memset(&flags, 0, sizeof flags);
    if (parse_flags(f, t, &flags, why, size) != WV_MATCH) return WV_MALFORMED;
    return flags.of.flags == v->of.flags;
  default: return match_cased(f, t, v, depth, why, size);
  }
}

int wcv_match(const sx *e, const wt_ctype *t, const wt_cval *v, char *why, size_t size) {
  return match_sx(e, t, v, -1, why, size);
}

/* ---- results as text ---- */

typedef struct out {
  char *buf;
  size_t size, n;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(o->n < o->size ? o->buf + o->n : NULL, o->n < o->size ? o->size - o->n : 0, fmt, ap);
  va_end(ap);
  if (k > 0) o->n += (size_t)k;
}

/* A string in script syntax: printable ASCII as it is, the rest escaped. */
static void put_string(out *o, const char *s, size_t n) {
  put(o, "\"");
  for (size_t i = 0; i < n && o->n < o->size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') put(o, "\\%c", c);
    else if (c >= 0x20 && c < 0x7f) put(o, "%c", c);
    else put(o, "\\%02x", c);
  }
  put(o, "\"");
}

static void format_value(out *o, const wt_ctype *t, const wt_cval *v, int depth);

static void format_cased(out *o, const wt_ctype *t, const wt_cval *v, int depth) {
  uint32_t k = v->of.cased.index;
  const wt_ctype *pt = NULL;
  if (v->kind == WT_CVARIANT || v->kind == WT_CENUM) {
    put(o, "(%s.const ", v->kind == WT_CVARIANT ? "variant" : "enum");
    if (t && k < t->count) put_string(o, t->names[k], strlen(t->names[k]));
    else put(o, "#%" PRIu32, k);
    pt = t && v->kind == WT_CVARIANT && k < t->count ? t->types[k] : NULL;
  } else if (v->kind == WT_COPTION) {
    put(o, "(option.%s", k ? "some" : "none");
    pt = t ? t->elem : NULL;
  } else {
    put(o, "(result.%s", k ? "err" : "ok");
    pt = t ? (k ? t->err : t->elem) : NULL;
  }
  if (v->of.cased.payload) { put(o, " "); format_value(o, pt, v->of.cased.payload, depth + 1); }
  put(o, ")");
}

static void format_value(out *o, const wt_ctype *t, const wt_cval *v, int depth) {
  if (depth > WCV_MAX_DEPTH || o->n >= o->size) { put(o, "..."); return; }
  if (t && t->kind != v->kind) t = NULL; /* a value of another type: written without names */
  switch (v->kind) {
  case WT_CBOOL: put(o, "(bool.const %s)", v->of.b ? "true" : "false"); return;
  case WT_CS8: case WT_CS16: case WT_CS32: case WT_CS64: put(o, "(%s.const %" PRId64 ")", wt_ckind_name(v->kind), v->of.s); return;
  case WT_CU8: case WT_CU16: case WT_CU32: case WT_CU64: put(o, "(%s.const %" PRIu64 ")", wt_ckind_name(v->kind), v->of.u); return;
  case WT_CF32: { uint32_t b; memcpy(&b, &v->of.f32, 4); put(o, "(f32.const %a [0x%08" PRIx32 "])", (double)v->of.f32, b); return; }
  case WT_CF64: { uint64_t b; memcpy(&b, &v->of.f64, 8); put(o, "(f64.const %a [0x%016" PRIx64 "])", v->of.f64, b); return; }
  case WT_CCHAR: {
    char u[4];
    uint32_t c = v->of.ch;
    size_t k = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (k == 1) u[0] = (char)c;
    else {
      for (size_t i = k - 1; i > 0; i--, c >>= 6) u[i] = (char)(0x80 | (c & 0x3f));
      u[0] = (char)((0xf00u >> k & 0xf0) | c); /* 110x, 1110, 11110 lead bytes */
    }
    put(o, "(char.const ");
    put_string(o, u, k);
    put(o, ")");
    return;
  }
  case WT_CSTRING: put(o, "(str.const "); put_string(o, v->of.str.ptr, v->of.str.len); put(o, ")"); return;
  case WT_CLIST: case WT_CTUPLE: case WT_CRECORD:
    put(o, "(%s.const", v->kind == WT_CLIST ? "list" : v->kind == WT_CTUPLE ? "tuple" : "record");
    for (size_t i = 0; i < v->of.list.count && o->n < o->size; i++) {
      const wt_ctype *it = !t ? NULL : v->kind == WT_CLIST ? t->elem : i < t->count ? t->types[i] : NULL;
      put(o, " ");
      int field = v->kind == WT_CRECORD && t && i < t->count;
      if (field) { put(o, "(field "); put_string(o, t->names[i], strlen(t->names[i])); put(o, " "); }
      size_t at = o->n;
      format_value(o, it, &v->of.list.items[i], depth + 1);
      if (field && o->n < o->size && o->n - at >= 2 && o->buf[at] == '(') { /* written inline, as scripts do */
        memmove(o->buf + at, o->buf + at + 1, o->n - at - 2);
        o->n -= 2;
        o->buf[o->n] = 0;
      }
      if (field) put(o, ")");
    }
    put(o, ")");
    return;
  case WT_CVARIANT: case WT_CENUM: case WT_COPTION: case WT_CRESULT: format_cased(o, t, v, depth); return;
  case WT_CFLAGS:
    put(o, "(flags.const");
    for (unsigned i = 0; i < 64; i++)
      if (v->of.flags >> i & 1) {
        put(o, " ");
        if (t && i < t->count) put_string(o, t->names[i], strlen(t->names[i]));
        else put(o, "#%u", i);
      }
    put(o, ")");
    return;
  default: put(o, "(%s)", wt_ckind_name(v->kind));
  }
}

size_t wcv_format(const wt_ctype *t, const wt_cval *v, char *buf, size_t size) {
  out o = {buf, size, 0};
  if (size) buf[0] = 0;
  format_value(&o, t, v, 0);
  return o.n;
}
