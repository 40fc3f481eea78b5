/* wave_print.c - component values written as WAVE text, exactly as
 * `wasmtime run --invoke` prints them (wasm-wave's writer: Rust's Display
 * for numbers, escape_debug for strings and chars). */
#include "wave.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wave_unicode.h"

void wave_buf_free(wave_buf *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

static void put(wave_buf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->cap - b->len <= n) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len <= n) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) { b->oom = true; return; }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void puts_(wave_buf *b, const char *s) { put(b, s, strlen(s)); }

size_t wave_float_text(double v, bool is32, char *out) {
  if (v != v) return (size_t)sprintf(out, "NaN");
  if (isinf(v)) return (size_t)sprintf(out, v < 0 ? "-inf" : "inf");
  char e[40], digits[24];
  int prec = 0;
  for (; prec < 17; prec++) { /* the shortest digits that read back the same */
    snprintf(e, sizeof e, "%.*e", prec, v);
    if (is32 ? strtof(e, NULL) == (float)v : strtod(e, NULL) == v) break;
  }
  const char *p = e + (*e == '-');
  size_t nd = 0, o = 0;
  for (; *p && *p != 'e'; p++) if (*p != '.') digits[nd++] = *p;
  int point = atoi(p + 1) + 1; /* digits before the decimal point */
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  if (signbit(v)) out[o++] = '-';
  if (point <= 0) {
    out[o++] = '0';
    out[o++] = '.';
    for (int i = 0; i < -point; i++) out[o++] = '0';
    for (size_t i = 0; i < nd; i++) out[o++] = digits[i];
  } else {
    for (int i = 0; i < point; i++) out[o++] = (size_t)i < nd ? digits[i] : '0';
    if ((size_t)point < nd) {
      out[o++] = '.';
      for (size_t i = (size_t)point; i < nd; i++) out[o++] = digits[i];
    }
  }
  out[o] = 0;
  return o;
}

static bool escaped(uint32_t c) {
  size_t lo = 0, hi = sizeof WAVE_ESCAPED / sizeof WAVE_ESCAPED[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c < WAVE_ESCAPED[mid][0]) hi = mid;
    else if (c > WAVE_ESCAPED[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/* One character as wasm-wave writes it. */
static void put_char(wave_buf *b, uint32_t c) {
  char u[16];
  static const char set[] = "\\\"'\t\r\n";
  static const char *const esc[] = {"\\\\", "\\\"", "\\'", "\\t", "\\r", "\\n"};
  const char *simple = c && c < 0x80 ? strchr(set, (int)c) : NULL;
  if (simple) {
    puts_(b, esc[simple - set]);
  } else if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) || escaped(c)) { /* no scalar value: as a number */
    snprintf(u, sizeof u, "\\u{%x}", c);
    puts_(b, u);
  } else {
    size_t w = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (w == 1) u[0] = (char)c;
    else {
      for (size_t i = w - 1; i > 0; i--) { u[i] = (char)(0x80 | (c & 0x3f)); c >>= 6; }
      u[0] = (char)((0xf0 << (4 - w)) | c);
    }
    put(b, u, w);
  }
}

/* The next scalar value of UTF-8 s[*i..n) (a bad byte reads as U+FFFD). */
static uint32_t next_char(const unsigned char *s, size_t n, size_t *i) {
  unsigned char c = s[*i];
  size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
  uint32_t v = len == 1 ? c : c & (0x7f >> len);
  for (size_t k = 1; len && k < len; k++) {
    if (*i + k >= n || (s[*i + k] & 0xc0) != 0x80) { len = 0; break; }
    v = v << 6 | (s[*i + k] & 0x3f);
  }
  if (!len) { (*i)++; return 0xfffd; }
  *i += len;
  return v;
}

/* A label, with '%' when it reads as a keyword. */
static void put_label(wave_buf *b, const char *name) {
  static const char *const kw[] = {"true", "false", "some", "none", "ok", "err", "inf", "nan"};
  for (size_t i = 0; name && i < sizeof kw / sizeof kw[0]; i++)
    if (!strcmp(name, kw[i])) { puts_(b, "%"); break; }
  puts_(b, name ? name : "?");
}

static int format(wave_buf *b, const wt_ctype *t, const wt_cval *v, int depth);

/* A payload in parentheses, when there is one. */
static int put_payload(wave_buf *b, const wt_ctype *pt, const wt_cval *pl, int depth) {
  if (!pt && !pl) return 0;
  if (!pt || !pl) return -1;
  puts_(b, "(");
  int rc = format(b, pt, pl, depth);
  puts_(b, ")");
  return rc;
}

static int items(wave_buf *b, const wt_ctype *t, const wt_cval *v, int depth, const char *open, const char *close) {
  puts_(b, open);
  for (size_t i = 0; i < v->of.list.count; i++) {
    if (i) puts_(b, ", ");
    if (format(b, t->kind == WT_CLIST ? t->elem : t->types[i], &v->of.list.items[i], depth)) return -1;
  }
  puts_(b, close);
  return 0;
}

/* A record's fields but those of option types that are none. */
static int record(wave_buf *b, const wt_ctype *t, const wt_cval *v, int depth) {
  bool first = true;
  puts_(b, "{");
  for (uint32_t i = 0; i < t->count; i++) {
    const wt_cval *f = &v->of.list.items[i];
    if (t->types[i] && t->types[i]->kind == WT_COPTION && f->kind == WT_COPTION && f->of.cased.index == 0) continue;
    puts_(b, first ? "" : ", ");
    puts_(b, t->names[i]);
    puts_(b, ": ");
    first = false;
    if (format(b, t->types[i], f, depth)) return -1;
  }
  puts_(b, first ? ":}" : "}");
  return 0;
}

static int numbers(wave_buf *b, const wt_cval *v) {
  char num[WAVE_FLOAT_MAX];
  switch (v->kind) {
  case WT_CBOOL: puts_(b, v->of.b ? "true" : "false"); return 0;
  case WT_CS8: case WT_CS16: case WT_CS32: case WT_CS64: snprintf(num, sizeof num, "%lld", (long long)v->of.s); break;
  case WT_CU8: case WT_CU16: case WT_CU32: case WT_CU64: snprintf(num, sizeof num, "%llu", (unsigned long long)v->of.u); break;
  case WT_CF32:
  case WT_CF64: {
    double d = v->kind == WT_CF32 ? (double)v->of.f32 : v->of.f64;
    if (d != d) strcpy(num, "nan"); /* Display says NaN; wasm-wave writes nan */
    else wave_float_text(d, v->kind == WT_CF32, num);
    break;
  }
  default: return -1;
  }
  puts_(b, num);
  return 0;
}

static int cased(wave_buf *b, const wt_ctype *t, const wt_cval *v, int depth) {
  uint32_t i = v->of.cased.index;
  const wt_cval *pl = v->of.cased.payload;
  switch (t->kind) {
  case WT_CVARIANT:
    if (i >= t->count) return -1;
    put_label(b, t->names[i]);
    return put_payload(b, t->types ? t->types[i] : NULL, pl, depth);
  case WT_CENUM:
    if (i >= t->count) return -1;
    put_label(b, t->names[i]);
    return 0;
  case WT_COPTION:
    if (i > 1) return -1;
    puts_(b, i ? "some" : "none");
    return put_payload(b, i ? t->elem : NULL, pl, depth);
  default: /* result */
    if (i > 1) return -1;
    puts_(b, i ? "err" : "ok");
    return put_payload(b, i ? t->err : t->elem, pl, depth);
  }
}

static int format(wave_buf *b, const wt_ctype *t, const wt_cval *v, int depth) {
  if (!t || !v || depth >= WAVE_MAX_DEPTH || v->kind != t->kind) return -1;
  depth++;
  switch (t->kind) {
  case WT_CCHAR: puts_(b, "'"); put_char(b, v->of.ch); puts_(b, "'"); return 0;
  case WT_CSTRING: {
    const unsigned char *s = (const unsigned char *)v->of.str.ptr;
    puts_(b, "\"");
    for (size_t i = 0; s && i < v->of.str.len;) put_char(b, next_char(s, v->of.str.len, &i));
    puts_(b, "\"");
    return 0;
  }
  case WT_CLIST:
    return items(b, t, v, depth, "[", "]");
  case WT_CTUPLE:
    return v->of.list.count == t->count ? items(b, t, v, depth, "(", ")") : -1;
  case WT_CRECORD:
    return v->of.list.count == t->count ? record(b, t, v, depth) : -1;
  case WT_CVARIANT: case WT_CENUM: case WT_COPTION: case WT_CRESULT:
    return cased(b, t, v, depth);
  case WT_CFLAGS: {
    bool first = true;
    puts_(b, "{");
    for (uint32_t i = 0; i < t->count && i < 64; i++)
      if (v->of.flags >> i & 1) { puts_(b, first ? "" : ", "); puts_(b, t->names[i]); first = false; }
    puts_(b, "}");
    return 0;
  }
  default: return numbers(b, v);
  }
}

int wave_format(wave_buf *b, const wt_ctype *t, const wt_cval *v) {
  if (!format(b, t, v, 0)) return 0;
  puts_(b, "<?>");
  return -1;
}
