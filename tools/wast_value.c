/* wast_value.c - script constants: parsing arguments, matching results.
 * Floats are handled as bit patterns throughout, so NaN payloads and -0
 * survive exactly; decimal and hex literals go through strtod/strtof,
 * which glibc rounds correctly (f32 is never rounded via double). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wast.h"

enum { NUM_OK = WV_NUM_OK, NUM_BAD = WV_NUM_BAD, NAN_CANONICAL = WV_NAN_CANONICAL, NAN_ARITHMETIC = WV_NAN_ARITHMETIC };

/* Copies an atom without its '_' separators; -1 if it does not fit. */
static int strip(const sx *a, char *buf, size_t size) {
  size_t n = 0;
  if (!a || a->kind != SX_ATOM) return -1;
  for (size_t i = 0; i < a->len; i++) {
    if (a->text[i] == '_') continue;
    if (n + 1 >= size) return -1;
    buf[n++] = a->text[i];
  }
  buf[n] = 0;
  return n ? 0 : -1;
}

/* Parses an integer literal (decimal or 0x hex, signed or not) of `bits`
 * width into its two's-complement bit pattern. */
int wv_parse_int(const sx *a, int bits, uint64_t *out) {
  char buf[128];
  if (strip(a, buf, sizeof buf)) return NUM_BAD;
  const char *p = buf;
  int neg = *p == '-';
  if (*p == '-' || *p == '+') p++;
  int base = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10;
  if (base == 16) p += 2;
  if (!*p) return NUM_BAD;
  char *end;
  errno = 0;
  uint64_t mag = strtoull(p, &end, base);
  if (*end || errno || *p == '-' || *p == '+') return NUM_BAD;
  /* in range for the width: -2^(bits-1) .. 2^bits - 1 (either reading) */
  if (bits < 64 && mag > (neg ? UINT64_C(1) << (bits - 1) : (UINT64_C(1) << bits) - 1)) return NUM_BAD;
  if (bits == 64 && neg && mag > UINT64_C(1) << 63) return NUM_BAD;
  uint64_t v = neg ? (uint64_t)0 - mag : mag;
  *out = bits == 64 ? v : v & ((UINT64_C(1) << bits) - 1);
  return NUM_OK;
}

/* "nan", "nan:0x...", "nan:canonical", "nan:arithmetic" after the sign. */
static int parse_nan(const char *p, int is64, uint64_t sign, uint64_t *bits) {
  uint64_t mant_mask = is64 ? (UINT64_C(1) << 52) - 1 : (UINT64_C(1) << 23) - 1;
  uint64_t exp = is64 ? UINT64_C(0x7ff) << 52 : UINT64_C(0xff) << 23;
  uint64_t payload = (mant_mask >> 1) + 1; /* the quiet bit: the canonical NaN */
  if (!strcmp(p, "nan:canonical")) return NAN_CANONICAL;
  if (!strcmp(p, "nan:arithmetic")) return NAN_ARITHMETIC;
  if (!strncmp(p, "nan:0x", 6)) {
    char *end;
    errno = 0;
    payload = strtoull(p + 6, &end, 16);
    if (*end || errno || payload == 0 || payload > mant_mask) return NUM_BAD;
  } else if (strcmp(p, "nan")) return NUM_BAD;
  *bits = sign | exp | payload;
  return NUM_OK;
}

/* Parses a float literal of either width into its bit pattern; returns
 * NAN_CANONICAL / NAN_ARITHMETIC for those patterns (no bits then). */
int wv_parse_float(const sx *a, int is64, uint64_t *bits) {
  char buf[1024];
  if (strip(a, buf, sizeof buf)) return NUM_BAD;
  const char *p = buf + (buf[0] == '-' || buf[0] == '+');
  uint64_t sign = buf[0] == '-' ? (is64 ? UINT64_C(1) << 63 : UINT64_C(1) << 31) : 0;
  if (!strncmp(p, "nan", 3)) return parse_nan(p, is64, sign, bits);
  if (!strcmp(p, "inf")) { *bits = sign | (is64 ? UINT64_C(0x7ff) << 52 : UINT64_C(0xff) << 23); return NUM_OK; }
  if (!((*p >= '0' && *p <= '9'))) return NUM_BAD;
  char *end;
  if (is64) {
    double d = strtod(buf, &end);
    memcpy(bits, &d, 8);
  } else {
    float f = strtof(buf, &end);
    uint32_t b;
    memcpy(&b, &f, 4);
    *bits = b;
  }
  uint64_t exp = is64 ? UINT64_C(0x7ff) << 52 : UINT64_C(0xff) << 23;
  return *end || (*bits & exp) == exp ? NUM_BAD : NUM_OK; /* rounding to inf: out of range */
}

/* ---- v128 ---- */

typedef struct shape { const char *name; int lanes, bits, is_float; } shape;
static const shape shapes[] = {
    {"i8x16", 16, 8, 0}, {"i16x8", 8, 16, 0}, {"i32x4", 4, 32, 0},
    {"i64x2", 2, 64, 0}, {"f32x4", 4, 32, 1}, {"f64x2", 2, 64, 1}};

static const shape *find_shape(const sx *a) {
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
    if (sx_is(a, shapes[i].name)) return &shapes[i];
  return NULL;
}

/* Parses lane `a` of shape s; NaN patterns come back as NAN_* codes. */
static int parse_lane(const shape *s, const sx *a, uint64_t *bits) {
  return s->is_float ? wv_parse_float(a, s->bits == 64, bits) : wv_parse_int(a, s->bits, bits);
}

static void put_lane(uint8_t *v, const shape *s, int i, uint64_t bits) {
  for (int b = 0; b < s->bits / 8; b++) v[i * (s->bits / 8) + b] = (uint8_t)(bits >> (8 * b));
}

static uint64_t get_lane(const uint8_t *v, const shape *s, int i) {
  uint64_t bits = 0;
  for (int b = 0; b < s->bits / 8; b++) bits |= (uint64_t)v[i * (s->bits / 8) + b] << (8 * b);
  return bits;
}

static int parse_v128(const sx *e, uint8_t out[16]) {
  const shape *s = e->n >= 2 ? find_shape(&e->kids[1]) : NULL;
  if (!s || e->n != (size_t)s->lanes + 2) return NUM_BAD;
  for (int i = 0; i < s->lanes; i++) {
    uint64_t bits;
    if (parse_lane(s, &e->kids[i + 2], &bits) != NUM_OK) return NUM_BAD;
    put_lane(out, s, i, bits);
  }
  return NUM_OK;
}

/* ---- arguments ---- */

/* The wt kind of a heap type name (func, extern, any, exn, their bottoms). */
static int heap_kind(const sx *ht) {
  if (!ht) return -1;
  if (sx_is(ht, "func") || sx_is(ht, "nofunc")) return WT_FUNCREF;
  if (sx_is(ht, "extern") || sx_is(ht, "noextern")) return WT_EXTERNREF;
  if (sx_is(ht, "exn") || sx_is(ht, "noexn")) return WT_EXNREF;
  if (ht->kind == SX_ATOM && ht->len && (ht->text[0] == '$' || (ht->text[0] >= '0' && ht->text[0] <= '9')))
    return -1; /* a concrete type: its top is unknown here */
  return WT_ANYREF;
}

static int const_num(const sx *e, const char *op, wt_val *out) {
  uint64_t bits;
  int is_int = op[0] == 'i', is64 = op[1] == '6';
  if (e->n != 2) return NUM_BAD;
  int rc = is_int ? wv_parse_int(&e->kids[1], is64 ? 64 : 32, &bits) : wv_parse_float(&e->kids[1], is64, &bits);
  if (rc != NUM_OK) return NUM_BAD;
  *out = wt_val_i32(0);
  out->kind = (uint8_t)(is_int ? (is64 ? WT_I64 : WT_I32) : (is64 ? WT_F64 : WT_F32));
  if (is64) memcpy(&out->of, &bits, 8);
  else { uint32_t b = (uint32_t)bits; memcpy(&out->of, &b, 4); }
  return NUM_OK;
}

static int is_op(const sx *e, const char *op) { return e->kind == SX_LIST && e->n && sx_is(&e->kids[0], op); }

static int make_externref(wt_context *cx, const sx *e, uintptr_t tag, wt_val *out, const char **why) {
  uint64_t n;
  if (e->n != 2 || wv_parse_int(&e->kids[1], 64, &n) != NUM_OK) { *why = "malformed ref.extern argument"; return WV_MALFORMED; }
  if (wt_val_externref(cx, (void *)(((uintptr_t)n + 1) | tag), NULL, out)) { *why = "externref allocation failed"; return WV_UNSUPPORTED; }
  return WV_MATCH;
}

/* Calls one of env's conversion helpers on *in (which it releases). */
static int convert(const wv_env *env, const wt_func *f, wt_val *in, wt_val *out, const char **why) {
  int rc = env->has_conv ? wt_func_call(env->cx, f, in, 1, out, 1) : WT_UNSUPPORTED;
  wt_val_release(in);
  if (!env->has_conv) { *why = "a host reference as an anyref needs the gc proposal (-W gc)"; return WV_UNSUPPORTED; }
  if (rc) { *why = "converting a host reference (any.convert_extern / extern.convert_any) failed"; return WV_MALFORMED; }
  return WV_MATCH;
}

/* `(ref.host N)` for an anyref: the externref of N, internalized. */
static int make_host_anyref(const wv_env *env, const sx *e, wt_val *out, const char **why) {
  wt_val ext;
  int rc = make_externref(env->cx, e, 0, &ext, why);
  return rc == WV_MATCH ? convert(env, &env->internalize, &ext, out, why) : rc;
}

int wv_parse_const(const wv_env *env, const sx *e, int hint, wt_val *out, const char **why) {
  wt_context *cx = env->cx;
  *out = wt_val_i32(0);
  *why = "argument is not a constant expression";
  if (e->kind != SX_LIST || !e->n) return WV_MALFORMED;
  const char *ops[] = {"i32.const", "i64.const", "f32.const", "f64.const"};
  for (int i = 0; i < 4; i++)
    if (is_op(e, ops[i])) return const_num(e, ops[i], out) == NUM_OK ? WV_MATCH : (*why = "malformed number argument", WV_MALFORMED);
  if (is_op(e, "v128.const")) {
    uint8_t b[16] = {0};
    if (parse_v128(e, b) != NUM_OK) { *why = "malformed v128 argument"; return WV_MALFORMED; }
    *out = wt_val_v128(b);
    return WV_MATCH;
  }
  if (is_op(e, "ref.null")) {
    int k = hint >= WT_FUNCREF ? hint : heap_kind(e->n > 1 ? &e->kids[1] : NULL);
    if (k < 0) { *why = "ref.null of an unknown heap type"; return WV_UNSUPPORTED; }
    *out = wt_val_null((wt_valkind)k);
    return WV_MATCH;
  }
  if (is_op(e, "ref.extern")) return make_externref(cx, e, 0, out, why);
  if (is_op(e, "ref.host") && hint == WT_ANYREF) return make_host_anyref(env, e, out, why);
  if (is_op(e, "ref.host")) return make_externref(cx, e, WV_HOST_BIT, out, why);
  *why = "argument form not expressible through wt.h";
  return WV_UNSUPPORTED;
}

/* ---- results ---- */

int wv_match_float_bits(uint64_t got, int rc, uint64_t want, int is64) {
  uint64_t exp = is64 ? UINT64_C(0x7ff) << 52 : UINT64_C(0xff) << 23;
  uint64_t quiet = is64 ? UINT64_C(1) << 51 : UINT64_C(1) << 22;
  uint64_t mag = got & (is64 ? ~(UINT64_C(1) << 63) : 0x7fffffffu);
  if (rc == NAN_CANONICAL) return mag == (exp | quiet);
  if (rc == NAN_ARITHMETIC) return (mag & (exp | quiet)) == (exp | quiet);
  return got == want;
}

static int match_num(const sx *e, const char *op, const wt_val *v, const char **why) {
  uint64_t want = 0, got = 0;
  int is_int = op[0] == 'i', is64 = op[1] == '6';
  int kind = is_int ? (is64 ? WT_I64 : WT_I32) : (is64 ? WT_F64 : WT_F32);
  int rc = e->n != 2 ? NUM_BAD : is_int ? wv_parse_int(&e->kids[1], is64 ? 64 : 32, &want) : wv_parse_float(&e->kids[1], is64, &want);
  if (rc == NUM_BAD) { *why = "malformed expected number"; return WV_MALFORMED; }
  if (v->kind != kind) return WV_MISMATCH;
  memcpy(&got, &v->of, is64 ? 8 : 4);
  return is_int ? got == want : wv_match_float_bits(got, rc, want, is64);
}

static int match_v128(const sx *e, const wt_val *v, const char **why) {
  const shape *s = e->n >= 2 ? find_shape(&e->kids[1]) : NULL;
  if (!s || e->n != (size_t)s->lanes + 2) { *why = "malformed expected v128"; return WV_MALFORMED; }
  if (v->kind != WT_V128) return WV_MISMATCH;
  int ok = 1;
  for (int i = 0; i < s->lanes; i++) {
    uint64_t want = 0, got = get_lane(v->of.v128, s, i);
    int rc = parse_lane(s, &e->kids[i + 2], &want);
    if (rc == NUM_BAD) { *why = "malformed expected v128 lane"; return WV_MALFORMED; }
    if (!wv_match_float_bits(got, rc, want, s->bits == 64)) ok = 0;
  }
  return ok;
}

static int match_externref(wt_context *cx, const sx *e, uintptr_t tag, const wt_val *v, const char **why) {
  uint64_t n;
  if (v->kind != WT_EXTERNREF || wt_val_is_null(v)) return WV_MISMATCH;
  if (e->n == 1) return WV_MATCH; /* any non-null externref */
  if (e->n != 2 || wv_parse_int(&e->kids[1], 64, &n) != NUM_OK) { *why = "malformed expected ref.extern"; return WV_MALFORMED; }
  return (uintptr_t)wt_val_externref_data(cx, v) == (((uintptr_t)n + 1) | tag);
}

static int match_null(const sx *e, const wt_val *v) {
  if (v->kind < WT_FUNCREF || !wt_val_is_null(v)) return WV_MISMATCH;
  int k = heap_kind(e->n > 1 ? &e->kids[1] : NULL);
  return k < 0 || k == v->kind; /* a concrete heap type: any null of a reference kind */
}

/* The wt_ref_kind of reference v, or -1 with *why set. */
static int ref_kind(const wv_env *env, const wt_val *v, const char **why) {
  int k = wt_val_ref_kind(env->cx, v);
  if (k < 0) *why = "cannot tell what a result reference refers to (wt_val_ref_kind failed)";
  return k < 0 ? -1 : k;
}

/* `(ref.host N?)` against an anyref: an internalized host reference (of
 * N, told by externalizing it again). */
static int match_host_anyref(const wv_env *env, const sx *e, const wt_val *v, const char **why) {
  wt_val ext;
  int k = wt_val_is_null(v) ? WT_REF_NULL : ref_kind(env, v, why);
  if (k < 0) return WV_MALFORMED;
  if (k != WT_REF_ANY) return WV_MISMATCH;
  if (e->n == 1) return WV_MATCH;
  if (!env->has_conv) { *why = "a host reference as an anyref needs the gc proposal (-W gc)"; return WV_UNSUPPORTED; }
  if (wt_func_call(env->cx, &env->externalize, v, 1, &ext, 1)) { *why = "extern.convert_any of a result failed"; return WV_MALFORMED; }
  int rc = match_externref(env->cx, e, 0, &ext, why);
  wt_val_release(&ext);
  return rc;
}

/* Result patterns told by what the reference refers to (none takes an
 * operand): the value kind it needs and the wt_ref_kinds it accepts. */
#define RK(k) (1u << (k))
static const struct { const char *op; int valkind; unsigned kinds; } ref_patterns[] = {
    {"ref.func", WT_FUNCREF, RK(WT_REF_FUNC)}, /* an operand (a function index) is not checked */
    {"ref.exn", WT_EXNREF, RK(WT_REF_EXN)},
    {"ref.i31", WT_ANYREF, RK(WT_REF_I31)},
    {"ref.struct", WT_ANYREF, RK(WT_REF_STRUCT)},
    {"ref.array", WT_ANYREF, RK(WT_REF_ARRAY)},
    {"ref.eq", WT_ANYREF, RK(WT_REF_I31) | RK(WT_REF_STRUCT) | RK(WT_REF_ARRAY) | RK(WT_REF_EQ)},
    {"ref.any", WT_ANYREF, RK(WT_REF_I31) | RK(WT_REF_STRUCT) | RK(WT_REF_ARRAY) | RK(WT_REF_EQ) | RK(WT_REF_ANY)},
};
#undef RK

static int match_ref(const wv_env *env, const sx *e, const wt_val *v, const char **why) {
  if (is_op(e, "ref.null")) return match_null(e, v);
  if (is_op(e, "ref.extern")) return match_externref(env->cx, e, 0, v, why);
  if (is_op(e, "ref.host") && v->kind == WT_ANYREF) return match_host_anyref(env, e, v, why);
  if (is_op(e, "ref.host")) return match_externref(env->cx, e, WV_HOST_BIT, v, why);
  for (size_t i = 0; i < sizeof ref_patterns / sizeof ref_patterns[0]; i++) {
    if (!is_op(e, ref_patterns[i].op)) continue;
    if (e->n > 1 && i > 0) break; /* e.g. an i31's value: not a pattern wt knows */
    if (v->kind != ref_patterns[i].valkind || wt_val_is_null(v)) return WV_MISMATCH;
    int k = ref_kind(env, v, why);
    return k < 0 ? WV_MALFORMED : (int)((ref_patterns[i].kinds >> k) & 1);
  }
  *why = "result pattern not expressible through wt.h";
  return WV_UNSUPPORTED;
}

int wv_match(const wv_env *env, const sx *e, const wt_val *v, const char **why) {
  *why = "expected result is not a constant pattern";
  if (e->kind != SX_LIST || !e->n) return WV_MALFORMED;
  const char *ops[] = {"i32.const", "i64.const", "f32.const", "f64.const"};
  for (int i = 0; i < 4; i++)
    if (is_op(e, ops[i])) return match_num(e, ops[i], v, why);
  if (is_op(e, "v128.const")) return match_v128(e, v, why);
  if (is_op(e, "either")) {
    int best = WV_MISMATCH;
    for (size_t i = 1; i < e->n; i++) {
      int rc = wv_match(env, &e->kids[i], v, why);
      if (rc == WV_MATCH) return WV_MATCH;
      if (rc < best) best = rc; /* malformed beats unsupported beats mismatch */
    }
    return best;
  }
  return match_ref(env, e, v, why);
}

/* ---- formatting ---- */

static void format_v128(const wt_val *v, char *buf, size_t size) {
  uint32_t w[4];
  memcpy(w, v->of.v128, 16);
  snprintf(buf, size, "(v128.const i32x4 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 ")",
           w[0], w[1], w[2], w[3]);
}

/* An externref's text: `(ref.extern N)` / `(ref.host N)` for the runner's
 * own, `(ref.extern)` for another (an externalized anyref). */
static void format_externref(wt_context *cx, const wt_val *v, uintptr_t tag_ok, char *buf, size_t size) {
  uintptr_t d = (uintptr_t)wt_val_externref_data(cx, v);
  if (!d) snprintf(buf, size, "(ref.extern)");
  else snprintf(buf, size, "(ref.%s %" PRIuPTR ")", d & WV_HOST_BIT & tag_ok ? "host" : "extern", (d & ~WV_HOST_BIT) - 1);
}

static void format_ref(const wv_env *env, const wt_val *v, char *buf, size_t size) {
  static const char *const tops[] = {"func", "extern", "any", "exn"};
  static const char *const kinds[] = {"null", "func", "extern", "i31", "struct", "array", "eq", "any", "exn"};
  const char *top = tops[v->kind - WT_FUNCREF];
  wt_val ext;
  if (wt_val_is_null(v)) { snprintf(buf, size, "(ref.null %s)", top); return; }
  if (v->kind == WT_EXTERNREF) { format_externref(env->cx, v, WV_HOST_BIT, buf, size); return; }
  int k = v->kind == WT_ANYREF ? wt_val_ref_kind(env->cx, v) : -1;
  if (k == WT_REF_ANY && env->has_conv && !wt_func_call(env->cx, &env->externalize, v, 1, &ext, 1)) {
    char one[64]; /* an internalized host reference: "(ref.extern N)" -> "(ref.host N)" */
    format_externref(env->cx, &ext, 0, one, sizeof one);
    if (!strncmp(one, "(ref.extern ", 12)) snprintf(buf, size, "(ref.host %s", one + 12);
    else snprintf(buf, size, "(ref.any)");
    wt_val_release(&ext);
    return;
  }
  snprintf(buf, size, "(ref.%s)", k >= 0 && k < (int)(sizeof kinds / sizeof kinds[0]) ? kinds[k] : top);
}

void wv_format(const wv_env *env, const wt_val *v, char *buf, size_t size) {
  uint32_t b32;
  uint64_t b64;
  memcpy(&b32, &v->of, 4);
  memcpy(&b64, &v->of, 8);
  switch (v->kind) {
  case WT_I32: snprintf(buf, size, "(i32.const %" PRId32 ")", v->of.i32); break;
  case WT_I64: snprintf(buf, size, "(i64.const %" PRId64 ")", v->of.i64); break;
  case WT_F32: snprintf(buf, size, "(f32.const %a [0x%08" PRIx32 "])", (double)v->of.f32, b32); break;
  case WT_F64: snprintf(buf, size, "(f64.const %a [0x%016" PRIx64 "])", v->of.f64, b64); break;
  case WT_V128: format_v128(v, buf, size); break;
  case WT_FUNCREF: case WT_EXTERNREF: case WT_ANYREF: case WT_EXNREF: format_ref(env, v, buf, size); break;
  default: snprintf(buf, size, "(? kind %d)", v->kind);
  }
}
