/* wave.c - parsing WAVE text into component values, guided by their
 * types (wave.h). The lexer follows wasm-wave's tokens; the parser reads
 * one value of a known type at a time, so every error names what that type
 * expected and where. */
#include "wave.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the arena ---- */

struct wave_chunk { wave_chunk *next; max_align_t data[]; };
#define CHUNK (16u << 10)

static void *arena_alloc(wave_arena *a, size_t n) {
  size_t al = sizeof(max_align_t);
  n = (n + al - 1) / al * al;
  if (!a->head || a->cap - a->used < n) {
    size_t cap = n > CHUNK ? n : CHUNK;
    wave_chunk *c = malloc(sizeof *c + cap);
    if (!c) return NULL;
    c->next = a->head;
    a->head = c;
    a->used = 0;
    a->cap = cap;
  }
  void *p = (char *)a->head->data + a->used;
  a->used += n;
  return p;
}

void wave_arena_free(wave_arena *a) {
  for (wave_chunk *c = a->head, *next; c; c = next) { next = c->next; free(c); }
  memset(a, 0, sizeof *a);
}

/* ---- tokens ---- */

enum { T_END, T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COLON, T_COMMA,
       T_NUMBER, T_LABEL, T_CHAR, T_STRING, T_MSTRING, T_BAD };

typedef struct tok { int kind; size_t at, len; } tok;

typedef struct parser {
  const char *s;
  size_t n, pos;
  wave_arena *a;
  wave_error *e;
  tok t;        /* the current token */
  int depth;
} parser;

static int fail(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(parser *p, size_t at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  p->e->at = at;
  vsnprintf(p->e->msg, sizeof p->e->msg, fmt, ap);
  va_end(ap);
  return -1;
}

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static int hex_digit(char c) {
  return is_digit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A word of a label from s[i]: [a-z][a-z0-9]* or [A-Z][A-Z0-9]* (first),
 * [a-z0-9]+ or [A-Z0-9]+ (after a '-'). Its end, or i when there is none. */
static size_t word_end(const char *s, size_t n, size_t i, bool first) {
  size_t j = i;
  bool lower = false, upper = false;
  if (j < n && first && !is_lower(s[j]) && !is_upper(s[j])) return i;
  for (; j < n && (is_lower(s[j]) || is_upper(s[j]) || is_digit(s[j])); j++) {
    if ((is_lower(s[j]) && upper) || (is_upper(s[j]) && lower)) break; /* one case per word */
    lower |= is_lower(s[j]);
    upper |= is_upper(s[j]);
  }
  return j;
}

/* A label: %? word (-word)*. Its end, or i when there is none. */
static size_t label_end(const char *s, size_t n, size_t i) {
  size_t j = i + (i < n && s[i] == '%');
  size_t k = word_end(s, n, j, true);
  if (k == j) return i;
  while (k + 1 < n && s[k] == '-') {
    size_t m = word_end(s, n, k + 1, false);
    if (m == k + 1) break;
    k = m;
  }
  return k;
}

static size_t digits_end(const char *s, size_t n, size_t i) {
  while (i < n && is_digit(s[i])) i++;
  return i;
}

/* A number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? or -inf. */
static size_t number_end(const char *s, size_t n, size_t i) {
  size_t j = i + (s[i] == '-');
  if (j + 3 <= n && s[i] == '-' && !memcmp(s + j, "inf", 3)) return j + 3;
  if (j >= n || !is_digit(s[j])) return i;
  j = s[j] == '0' ? j + 1 : digits_end(s, n, j);
  if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) j = digits_end(s, n, j + 1);
  size_t k = j + 1;
  if (j < n && (s[j] == 'e' || s[j] == 'E')) {
    k += k < n && (s[k] == '+' || s[k] == '-');
    if (k < n && is_digit(s[k])) j = digits_end(s, n, k);
  }
  return j;
}

/* The length of the escape at s[i] ('\\' first) and its scalar value in
 * *ch; 0 when it is none of \' \" \\ \t \n \r \u{1-6 hex digits}. */
static size_t escape_len(const char *s, size_t n, size_t i, uint32_t *ch) {
  if (i + 1 >= n) return 0;
  const char *simple = "'\"\\tnr", *val = "'\"\\\t\n\r", *c = strchr(simple, s[i + 1]);
  if (c && s[i + 1]) { *ch = (unsigned char)val[c - simple]; return 2; }
  if (s[i + 1] != 'u' || i + 2 >= n || s[i + 2] != '{') return 0;
  uint32_t v = 0;
  size_t j = i + 3, d = 0;
  for (; j < n && hex_digit(s[j]) >= 0 && d < 6; j++, d++) v = v << 4 | (uint32_t)hex_digit(s[j]);
  if (!d || j >= n || s[j] != '}') return 0;
  *ch = v;
  return j + 1 - i;
}

/* The UTF-8 sequence at s[i]: its length (0 if invalid) and value. */
static size_t utf8_len(const char *s, size_t n, size_t i, uint32_t *ch) {
  const unsigned char *u = (const unsigned char *)s + i;
  size_t len = u[0] < 0x80 ? 1 : (u[0] & 0xe0) == 0xc0 ? 2 : (u[0] & 0xf0) == 0xe0 ? 3 : (u[0] & 0xf8) == 0xf0 ? 4 : 0;
  if (!len || i + len > n) return 0;
  uint32_t v = len == 1 ? u[0] : u[0] & (0x7f >> len);
  for (size_t k = 1; k < len; k++) {
    if ((u[k] & 0xc0) != 0x80) return 0;
    v = v << 6 | (u[k] & 0x3f);
  }
  static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
  *ch = v;
  return len;
}

static bool is_scalar(uint32_t c) { return c <= 0x10ffff && (c < 0xd800 || c > 0xdfff); }

/* The end of a quoted token ('...' or "...") from its opening quote at i,
 * or 0 if it does not close on this line. */
static size_t quoted_end(const char *s, size_t n, size_t i, char q) {
  uint32_t ch;
  for (size_t j = i + 1; j < n;) {
    if (s[j] == q) return j + 1;
    if (s[j] == '\n') return 0;
    size_t k = s[j] == '\\' ? escape_len(s, n, j, &ch) : 1;
    if (!k) return 0;
    j += k;
  }
  return 0;
}

/* Blanks and // comments. */
static size_t skip_blank(const char *s, size_t n, size_t i) {
  for (;;) {
    while (i < n && strchr(" \t\n\r", s[i]) && s[i]) i++;
    if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
      while (i < n && s[i] != '\n') i++;
      continue;
    }
    return i;
  }
}

/* Reads the next token into p->t. */
static int next(parser *p) {
  const char *s = p->s;
  size_t n = p->n, i = skip_blank(s, n, p->pos), end = i + 1;
  int kind = T_BAD;
  static const char punct[] = "{}()[]:,";
  const char *c = i < n && s[i] ? strchr(punct, s[i]) : NULL;
  if (i >= n) { kind = T_END; end = i; }
  else if (c) kind = T_LBRACE + (int)(c - punct);
  else if (s[i] == '-' || is_digit(s[i])) { end = number_end(s, n, i); kind = end > i ? T_NUMBER : T_BAD; }
  else if (s[i] == '%' || is_lower(s[i]) || is_upper(s[i])) { end = label_end(s, n, i); kind = end > i ? T_LABEL : T_BAD; }
  else if (i + 3 <= n && !memcmp(s + i, "\"\"\"", 3)) {
    const char *close = NULL;
    for (size_t j = i + 3; j + 3 <= n && !close; j++) if (!memcmp(s + j, "\"\"\"", 3)) close = s + j;
    kind = close ? T_MSTRING : T_BAD;
    end = close ? (size_t)(close - s) + 3 : n;
  } else if (s[i] == '"' || s[i] == '\'') {
    end = quoted_end(s, n, i, s[i]);
    kind = end ? (s[i] == '"' ? T_STRING : T_CHAR) : T_BAD;
  }
  if (kind == T_BAD && end <= i) end = i + 1;
  p->t = (tok){kind, i, end - i};
  p->pos = end;
  return kind;
}

/* Peeks at the kind of the token after the current one. */
static int peek(parser *p) {
  parser q = *p;
  return next(&q);
}

/* ---- what was found, what is expected ---- */

static const char *const KIND_NAMES[] = {
    "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string",
    "list", "record", "tuple", "variant", "enum", "option", "result", "flags", "own", "borrow",
    "future", "stream", "error-context", "map"};
static const char *kind_name(int k) {
  return k >= 0 && (size_t)k < sizeof KIND_NAMES / sizeof KIND_NAMES[0] ? KIND_NAMES[k] : "?";
}

/* The current token quoted (cut when long), for messages. */
static const char *found(parser *p, char *buf, size_t size) {
  static const char *const names[] = {"the end of the text", "'{'", "'}'", "'('", "')'", "'['", "']'", "':'", "','"};
  if (p->t.kind <= T_COMMA) return names[p->t.kind];
  size_t len = p->t.len > 40 ? 40 : p->t.len;
  snprintf(buf, size, "`%.*s%s`", (int)len, p->s + p->t.at, len < p->t.len ? "..." : "");
  return buf;
}

/* The names of a type's cases, flags or fields: "red, green, blue". */
static void list_names(const wt_ctype *t, char *buf, size_t size) {
  size_t o = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < t->count && o + 8 < size; i++) {
    const char *nm = t->names && t->names[i] ? t->names[i] : "?";
    int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", nm);
    if (w < 0 || (size_t)w >= size - o) { snprintf(buf + (o < size - 4 ? o : size - 4), 4, "..."); break; }
    o += (size_t)w;
  }
}

/* "expected X, found Y" at the current token. */
static int unexpected(parser *p, const char *what) {
  char buf[64];
  return fail(p, p->t.at, "expected %s, found %s", what, found(p, buf, sizeof buf));
}

static int expect(parser *p, int kind, const char *what) {
  return next(p) == kind ? 0 : unexpected(p, what);
}

/* A bad token gets a reason of its own. */
static int bad_token(parser *p) {
  char c = p->s[p->t.at], buf[64];
  if (c == '"' || c == '\'')
    return fail(p, p->t.at, "a %s that does not close on its line, or holds a bad escape (\\' \\\" \\\\ \\t \\n \\r "
                "\\u{HEX} only)", c == '"' ? "string" : "char");
  return fail(p, p->t.at, "no WAVE token starts at %s", found(p, buf, sizeof buf));
}

/* ---- values ---- */

static int value(parser *p, const wt_ctype *t, wt_cval *out);

static bool token_is(const parser *p, const char *word) {
  return p->t.kind == T_LABEL && p->t.len == strlen(word) && !memcmp(p->s + p->t.at, word, p->t.len);
}

static bool is_keyword(const parser *p) {
  static const char *const kw[] = {"true", "false", "some", "none", "ok", "err", "inf", "nan"};
  for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++) if (token_is(p, kw[i])) return true;
  return false;
}

/* The index of the current label (a '%' in front dropped) among t's names,
 * or -1. */
static long label_index(const parser *p, const wt_ctype *t) {
  const char *l = p->s + p->t.at;
  size_t len = p->t.len;
  if (*l == '%') { l++; len--; }
  for (uint32_t i = 0; i < t->count; i++)
    if (t->names && t->names[i] && strlen(t->names[i]) == len && !memcmp(t->names[i], l, len)) return (long)i;
  return -1;
}

static void *alloc(parser *p, size_t n) {
  void *m = arena_alloc(p->a, n ? n : 1);
  if (!m) fail(p, p->t.at, "out of memory");
  return m;
}

static int integer(parser *p, const wt_ctype *t, wt_cval *out) {
  static const struct { int64_t lo; uint64_t hi; } range[] = {
      [WT_CS8] = {INT8_MIN, INT8_MAX}, [WT_CU8] = {0, UINT8_MAX}, [WT_CS16] = {INT16_MIN, INT16_MAX},
      [WT_CU16] = {0, UINT16_MAX}, [WT_CS32] = {INT32_MIN, INT32_MAX}, [WT_CU32] = {0, UINT32_MAX},
      [WT_CS64] = {INT64_MIN, INT64_MAX}, [WT_CU64] = {0, UINT64_MAX}};
  const char *s = p->s + p->t.at;
  size_t len = p->t.len;
  bool neg = *s == '-';
  char what[32];
  snprintf(what, sizeof what, "an integer (%s)", kind_name(t->kind));
  if (p->t.kind != T_NUMBER) return unexpected(p, what);
  bool digits = len > (size_t)neg;
  for (size_t i = neg; i < len; i++) digits &= is_digit(s[i]);
  if (!digits)
    return fail(p, p->t.at, "expected an integer for %s, found `%.*s` (no fraction or exponent)", kind_name(t->kind),
                (int)len, s);
  uint64_t max = neg ? (uint64_t)0 - (uint64_t)range[t->kind].lo : range[t->kind].hi, m = 0;
  bool over = neg && range[t->kind].lo == 0 && len > 1; /* Rust reads no "-0" as unsigned */
  for (size_t i = neg; i < len && !over; i++) {
    unsigned d = (unsigned)(s[i] - '0');
    if (m > (max - d) / 10) over = true;
    else m = m * 10 + d;
  }
  if (over)
    return fail(p, p->t.at, "`%.*s` is out of range for %s (%lld to %llu)", (int)len, s, kind_name(t->kind),
                (long long)range[t->kind].lo, (unsigned long long)range[t->kind].hi);
  *out = wt__cval(t->kind);
  if (t->kind == WT_CU8 || t->kind == WT_CU16 || t->kind == WT_CU32 || t->kind == WT_CU64) out->of.u = m;
  else out->of.s = neg ? (int64_t)(0 - m) : (int64_t)m;
  return 0;
}

static int floating(parser *p, const wt_ctype *t, wt_cval *out) {
  bool is32 = t->kind == WT_CF32;
  if (!(p->t.kind == T_NUMBER || token_is(p, "nan") || token_is(p, "inf")))
    return unexpected(p, is32 ? "an f32 (a number, nan, inf or -inf)" : "an f64 (a number, nan, inf or -inf)");
  char *buf = alloc(p, p->t.len + 1); /* strtod wants it NUL-terminated */
  if (!buf) return -1;
  memcpy(buf, p->s + p->t.at, p->t.len);
  buf[p->t.len] = 0;
  *out = wt__cval(t->kind);
  if (is32) out->of.f32 = strtof(buf, NULL); /* nan, inf, -inf and overflow as Rust reads them */
  else out->of.f64 = strtod(buf, NULL);
  return 0;
}

/* Decodes the body of a char or string token (quotes excluded) s[i..end)
 * into dst (may be NULL: only measured); its length. */
static size_t unescape(const char *s, size_t i, size_t end, char *dst) {
  size_t o = 0;
  while (i < end) {
    uint32_t ch = 0;
    size_t k = s[i] == '\\' ? escape_len(s, end, i, &ch) : 0;
    if (!k) { if (dst) dst[o] = s[i]; o++; i++; continue; }
    char u[4];
    size_t w = ch < 0x80 ? 1 : ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4;
    if (w == 1) u[0] = (char)ch;
    else {
      for (size_t b = w - 1; b > 0; b--) { u[b] = (char)(0x80 | (ch & 0x3f)); ch >>= 6; }
      u[0] = (char)((0xf0 << (4 - w)) | ch);
    }
    if (dst) memcpy(dst + o, u, w);
    o += w;
    i += k;
  }
  return o;
}

/* Every escape of s[i..end) names a scalar value, the rest is UTF-8. */
static int check_text(parser *p, size_t i, size_t end) {
  while (i < end) {
    uint32_t ch;
    size_t k = p->s[i] == '\\' ? escape_len(p->s, end, i, &ch) : utf8_len(p->s, end, i, &ch);
    if (!k) return fail(p, i, "not valid UTF-8");
    if (!is_scalar(ch)) return fail(p, i, "\\u{%x} is no Unicode scalar value", ch);
    i += k;
  }
  return 0;
}

static int character(parser *p, wt_cval *out) {
  if (p->t.kind != T_CHAR) return unexpected(p, "a char ('x')");
  size_t i = p->t.at + 1, end = p->t.at + p->t.len - 1, k;
  uint32_t ch = 0;
  if (check_text(p, i, end)) return -1;
  k = i >= end ? 0 : p->s[i] == '\\' ? escape_len(p->s, end, i, &ch) : utf8_len(p->s, end, i, &ch);
  if (!k || i + k != end) return fail(p, p->t.at, "a char holds exactly one character, found %s", i >= end ? "none" : "more");
  *out = wt_cval_char(ch);
  return 0;
}

/* A multi-line string: """, a line break, lines indented at least as the
 * closing """ (which is alone on its line, after spaces); that indent is
 * cut from each line, the first and last line breaks dropped. */
static int multiline(parser *p, wt_cval *out) {
  const char *s = p->s;
  size_t i = p->t.at + 3, end = p->t.at + p->t.len - 3, line, ind = 0;
  if (i < end && s[i] == '\r') i++;
  if (i >= end || s[i] != '\n') return fail(p, p->t.at, "expected a line break right after the opening \"\"\"");
  for (line = end; line > i && s[line - 1] == ' '; line--) ind++;
  if (s[line - 1] != '\n') return fail(p, end, "the closing \"\"\" must be alone on its line (after spaces only)");
  char *buf = alloc(p, end - i + 1);
  size_t o = 0;
  if (!buf) return -1;
  for (size_t at = i + 1; at < line;) {
    size_t nl = at;
    while (nl < line && s[nl] != '\n') nl++;
    if (nl - at < ind || strspn(s + at, " ") < ind)
      return fail(p, at, "each line of a multi-line string is indented at least as its closing \"\"\"");
    size_t from = at + ind, to = nl > from && s[nl - 1] == '\r' ? nl - 1 : nl;
    if (check_text(p, from, to)) return -1;
    if (o) buf[o++] = '\n';
    o += unescape(s, from, to, buf + o);
    at = nl + 1;
  }
  buf[o] = 0;
  *out = wt_cval_string_n(buf, o);
  return 0;
}

static int string(parser *p, wt_cval *out) {
  if (p->t.kind == T_MSTRING) return multiline(p, out);
  if (p->t.kind != T_STRING) return unexpected(p, "a string (\"...\")");
  size_t i = p->t.at + 1, end = p->t.at + p->t.len - 1;
  if (check_text(p, i, end)) return -1;
  char *buf = alloc(p, end - i + 1);
  if (!buf) return -1;
  size_t len = unescape(p->s, i, end, buf);
  buf[len] = 0;
  *out = wt_cval_string_n(buf, len);
  return 0;
}

/* ---- containers ---- */

/* Comma-separated items up to `close` (a trailing comma allowed), the
 * opener read: fn(p, ctx, i) parses item i. *count gets their number. */
typedef int (*item_fn)(parser *p, void *ctx, size_t i);
static int items(parser *p, int close, item_fn fn, void *ctx, size_t *count) {
  size_t n = 0;
  *count = 0;
  if (peek(p) == close) { next(p); return 0; }
  for (;;) {
    if (fn(p, ctx, n)) return -1;
    *count = ++n;
    int k = next(p);
    if (k == T_COMMA && peek(p) == close) { next(p); return 0; }
    if (k == close) return 0;
    if (k != T_COMMA) return unexpected(p, close == T_RBRACK ? "',' or ']'" : close == T_RPAREN ? "',' or ')'" : "',' or '}'");
  }
}

typedef struct list_ctx { const wt_ctype *elem; wt_cval *v; size_t cap; } list_ctx;

static int list_item(parser *p, void *c, size_t i) {
  list_ctx *l = c;
  if (i == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8; /* never more than the text has characters */
    wt_cval *v = realloc(l->v, cap * sizeof *v);
    if (!v) return fail(p, p->t.at, "out of memory");
    l->v = v;
    l->cap = cap;
  }
  return value(p, l->elem, &l->v[i]);
}

static int list(parser *p, const wt_ctype *t, wt_cval *out) {
  if (p->t.kind != T_LBRACK) return unexpected(p, "a list ([...])");
  size_t at = p->t.at, n;
  list_ctx l = {t->elem, NULL, 0};
  int rc = items(p, T_RBRACK, list_item, &l, &n);
  wt_cval *v = rc ? NULL : alloc(p, n * sizeof *v);
  if (v && n) memcpy(v, l.v, n * sizeof *v);
  free(l.v);
  if (!v) return -1;
  if (t->count && n != t->count) return fail(p, at, "expected a list of exactly %u elements, found %zu", t->count, n);
  *out = wt_cval_list(v, n);
  return 0;
}

typedef struct tuple_ctx { const wt_ctype *t; wt_cval *v; } tuple_ctx;

static int tuple_item(parser *p, void *c, size_t i) {
  tuple_ctx *x = c;
  if (i >= x->t->count) {
    next(p);
    return fail(p, p->t.at, "expected ')': the tuple has %u items", x->t->count);
  }
  return value(p, x->t->types[i], &x->v[i]);
}

static int tuple(parser *p, const wt_ctype *t, wt_cval *out) {
  if (p->t.kind != T_LPAREN) return unexpected(p, "a tuple ((...))");
  size_t at = p->t.at, n;
  tuple_ctx x = {t, alloc(p, t->count * sizeof(wt_cval))};
  if (!x.v || items(p, T_RPAREN, tuple_item, &x, &n)) return -1;
  if (n != t->count) return fail(p, at, "expected a tuple of %u items, found %zu", t->count, n);
  *out = wt_cval_tuple(x.v, n);
  return 0;
}

static int record(parser *p, const wt_ctype *t, wt_cval *out) {
  char names[200];
  size_t at = p->t.at;
  list_names(t, names, sizeof names);
  if (p->t.kind != T_LBRACE) return unexpected(p, "a record ({field: value, ...})");
  wt_cval *v = alloc(p, t->count * sizeof *v);
  bool *seen = alloc(p, t->count);
  if (!v || !seen) return -1;
  memset(seen, 0, t->count);
  if (peek(p) == T_COLON) { next(p); if (expect(p, T_RBRACE, "'}' (the empty record is {:})")) return -1; }
  else if (peek(p) == T_RBRACE) {
    next(p);
    return fail(p, at, "expected a record {%s}: {} is an empty set of flags (a record with every field left out is {:})", names);
  } else for (;;) {
    next(p);
    if (p->t.kind != T_LABEL) return unexpected(p, "a field name");
    long i = label_index(p, t);
    if (i < 0) return fail(p, p->t.at, "the record has no field `%.*s` (fields: %s)", (int)p->t.len, p->s + p->t.at, names);
    if (seen[i]) return fail(p, p->t.at, "field `%s` given twice", t->names[i]);
    seen[i] = true;
    if (expect(p, T_COLON, "':' after the field name") || value(p, t->types[i], &v[i])) return -1;
    int k = next(p);
    if (k == T_COMMA && peek(p) == T_RBRACE) { next(p); break; }
    if (k == T_RBRACE) break;
    if (k != T_COMMA) return unexpected(p, "',' or '}'");
  }
  for (uint32_t i = 0; i < t->count; i++) {
    if (seen[i]) continue;
    if (!t->types[i] || t->types[i]->kind != WT_COPTION)
      return fail(p, at, "field `%s` (%s) is missing: only fields of option types may be left out", t->names[i],
                  t->types[i] ? kind_name(t->types[i]->kind) : "?");
    v[i] = wt_cval_none();
  }
  *out = wt_cval_record(v, t->count);
  return 0;
}

static int flags(parser *p, const wt_ctype *t, wt_cval *out) {
  char names[200];
  uint64_t bits = 0;
  list_names(t, names, sizeof names);
  if (p->t.kind != T_LBRACE) return unexpected(p, "flags ({flag, ...} or {})");
  if (t->count > 64) return fail(p, p->t.at, "flags of more than 64 flags are not supported");
  if (peek(p) == T_RBRACE) next(p);
  else for (;;) {
    next(p);
    if (p->t.kind != T_LABEL) return unexpected(p, "a flag name");
    long i = label_index(p, t);
    if (i < 0) return fail(p, p->t.at, "no flag `%.*s` (flags: %s)", (int)p->t.len, p->s + p->t.at, names);
    if (bits >> i & 1) return fail(p, p->t.at, "flag `%s` given twice", t->names[i]);
    bits |= UINT64_C(1) << i;
    int k = next(p);
    if (k == T_COMMA && peek(p) == T_RBRACE) { next(p); break; }
    if (k == T_RBRACE) break;
    if (k != T_COMMA) return unexpected(p, "',' or '}'");
  }
  *out = wt_cval_flags(bits);
  return 0;
}

/* The case label of a variant or enum: its index, or -1 (reported). */
static long case_label(parser *p, const wt_ctype *t, const char *what) {
  char names[200], buf[64];
  list_names(t, names, sizeof names);
  if (p->t.kind != T_LABEL) return fail(p, p->t.at, "expected a case of the %s (%s), found %s", what, names, found(p, buf, sizeof buf));
  long i = label_index(p, t);
  if (i >= 0 && is_keyword(p))
    return fail(p, p->t.at, "case `%.*s` is named like a WAVE keyword: write it %%%.*s", (int)p->t.len, p->s + p->t.at,
                (int)p->t.len, p->s + p->t.at);
  if (i < 0) return fail(p, p->t.at, "the %s has no case `%.*s` (cases: %s)", what, (int)p->t.len, p->s + p->t.at, names);
  return i;
}

/* An optional "(payload)" of a case whose payload type is pt (NULL: none):
 * *payload gets it (NULL for none). */
static int payload(parser *p, const char *name, size_t len, const wt_ctype *pt, const wt_cval **payload) {
  *payload = NULL;
  if (peek(p) != T_LPAREN) {
    if (pt) return fail(p, p->t.at, "case `%.*s` takes a payload: %.*s(...)", (int)len, name, (int)len, name);
    return 0;
  }
  next(p);
  if (!pt) return fail(p, p->t.at, "case `%.*s` has no payload", (int)len, name);
  wt_cval *v = alloc(p, sizeof *v);
  if (!v || value(p, pt, v) || expect(p, T_RPAREN, "')' after the payload")) return -1;
  *payload = v;
  return 0;
}

static int variant(parser *p, const wt_ctype *t, wt_cval *out) {
  long i = case_label(p, t, "variant");
  const wt_cval *pl;
  if (i < 0 || payload(p, p->s + p->t.at, p->t.len, t->types ? t->types[i] : NULL, &pl)) return -1;
  *out = wt_cval_variant((uint32_t)i, pl);
  return 0;
}

static int enumeration(parser *p, const wt_ctype *t, wt_cval *out) {
  long i = case_label(p, t, "enum");
  if (i < 0) return -1;
  if (peek(p) == T_LPAREN) { next(p); return fail(p, p->t.at, "an enum case has no payload"); }
  *out = wt_cval_enum((uint32_t)i);
  return 0;
}

static bool flattens(const wt_ctype *t) { return t && t->kind != WT_COPTION && t->kind != WT_CRESULT; }

/* The current token again, as the first of a payload written flat. */
static int flat(parser *p, const wt_ctype *t, wt_cval *out) {
  wt_cval *v = alloc(p, sizeof *v);
  if (!v) return -1;
  p->pos = p->t.at;
  if (value(p, t, v)) return -1;
  out->of.cased.payload = v;
  return 0;
}

static int option(parser *p, const wt_ctype *t, wt_cval *out) {
  const wt_cval *pl;
  if (token_is(p, "none")) { *out = wt_cval_none(); return 0; }
  if (token_is(p, "some")) {
    if (peek(p) != T_LPAREN) { next(p); return unexpected(p, "'(' after some"); }
    if (payload(p, "some", 4, t->elem, &pl)) return -1;
    *out = wt_cval_some(pl);
    return 0;
  }
  if (!flattens(t->elem)) return unexpected(p, "some(...) or none");
  *out = wt_cval_some(NULL);
  return flat(p, t->elem, out);
}

static int result(parser *p, const wt_ctype *t, wt_cval *out) {
  const wt_cval *pl;
  bool ok = token_is(p, "ok");
  if (ok || token_is(p, "err")) {
    if (payload(p, ok ? "ok" : "err", ok ? 2 : 3, ok ? t->elem : t->err, &pl)) return -1;
    *out = ok ? wt_cval_ok(pl) : wt_cval_err(pl);
    return 0;
  }
  if (!flattens(t->elem)) return unexpected(p, "ok, ok(...), err or err(...)");
  *out = wt_cval_ok(NULL);
  return flat(p, t->elem, out);
}

static int dispatch(parser *p, const wt_ctype *t, wt_cval *out) {
  switch (t->kind) {
  case WT_CBOOL:
    if (!token_is(p, "true") && !token_is(p, "false")) return unexpected(p, "a bool (true or false)");
    *out = wt_cval_bool(token_is(p, "true"));
    return 0;
  case WT_CS8: case WT_CU8: case WT_CS16: case WT_CU16: case WT_CS32: case WT_CU32: case WT_CS64: case WT_CU64:
    return integer(p, t, out);
  case WT_CF32: case WT_CF64: return floating(p, t, out);
  case WT_CCHAR: return character(p, out);
  case WT_CSTRING: return string(p, out);
  case WT_CLIST: return list(p, t, out);
  case WT_CRECORD: return record(p, t, out);
  case WT_CTUPLE: return tuple(p, t, out);
  case WT_CVARIANT: return variant(p, t, out);
  case WT_CENUM: return enumeration(p, t, out);
  case WT_COPTION: return option(p, t, out);
  case WT_CRESULT: return result(p, t, out);
  case WT_CFLAGS: return flags(p, t, out);
  default: return fail(p, p->t.at, "a value of type %s cannot be written in WAVE", kind_name(t->kind));
  }
}

static int value(parser *p, const wt_ctype *t, wt_cval *out) {
  *out = wt__cval(0);
  if (p->depth >= WAVE_MAX_DEPTH) { next(p); return fail(p, p->t.at, "values nest more than %d deep", WAVE_MAX_DEPTH); }
  if (!t) { next(p); return fail(p, p->t.at, "no type to read a value of"); }
  p->depth++;
  int rc = next(p) == T_BAD ? bad_token(p) : dispatch(p, t, out);
  p->depth--;
  return rc;
}

int wave_parse_value(wave_arena *a, const wt_ctype *t, const char *text, size_t len, wt_cval *out, wave_error *e) {
  parser p = {text, len, 0, a, e, {0, 0, 0}, 0};
  if (value(&p, t, out)) return -1;
  return next(&p) == T_END ? 0 : unexpected(&p, "the end after the value");
}

/* ---- calls ---- */

/* A semantic version: N.N.N, then -pre and +build parts. Its end, or i. */
static size_t version_end(const char *s, size_t i) {
  size_t j = i;
  for (int part = 0; part < 3; part++) {
    size_t d = j + (part > 0);
    if (part > 0 && s[j] != '.') return i;
    size_t k = digits_end(s, strlen(s), d);
    if (k == d || (s[d] == '0' && k > d + 1)) return i;
    j = k;
  }
  for (char sep = '-'; sep; sep = sep == '-' ? '+' : 0)
    if (s[j] == sep) {
      size_t k = j + 1 + strspn(s + j + 1, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.");
      if (k == j + 1) return i;
      j = k;
    }
  return j;
}

int wave_parse_call(const char *text, wave_call *c, wave_error *e) {
  size_t n = strlen(text), i = skip_blank(text, n, 0), j;
  parser p = {text, n, i, NULL, e, {0, i, 0}, 0};
  memset(c, 0, sizeof *c);
  c->text = text;
  j = i + strcspn(text + i, "( \t\r\n");
  if (memchr(text + i, '#', j - i)) { /* wt's export path: as it is */
    c->path = true;
    c->func = text + i;
    c->func_len = j - i;
  } else {
    size_t k = label_end(text, n, i), ns = k;
    if (k == i || text[i] == '%') return fail(&p, i, "expected a function name (kebab-case, as `greet` or `wt:demo/api.greet`)");
    if (text[k] == ':') { /* namespace:package/interface */
      size_t pk = label_end(text, n, k + 1);
      if (pk == k + 1 || text[pk] != '/') return fail(&p, pk, "expected `namespace:package/interface.function`");
      ns = label_end(text, n, pk + 1);
      if (ns == pk + 1) return fail(&p, pk + 1, "expected an interface name after '/'");
      k = ns;
    }
    if (text[k] == '.') {
      size_t f = label_end(text, n, k + 1);
      if (f == k + 1 || text[k + 1] == '%') return fail(&p, k + 1, "expected a function name after '.'");
      c->iface = text + i;
      c->iface_len = k - i;
      c->func = text + k + 1;
      c->func_len = f - k - 1;
      k = f;
    } else {
      c->func = text + i;
      c->func_len = k - i;
    }
    if (text[k] == '@') {
      size_t v = version_end(text, k + 1);
      if (v == k + 1) return fail(&p, k + 1, "expected a version (as 0.2.0) after '@'");
      if (!c->iface) return fail(&p, k, "a version belongs to an interface: INTERFACE.FUNCTION@VERSION");
      c->version = text + k + 1;
      c->version_len = v - k - 1;
      k = v;
    }
    j = k;
  }
  c->name = text + i;
  c->name_len = j - i;
  p.pos = j;
  if (next(&p) != T_LPAREN) return unexpected(&p, "'(' after the function name (the call is NAME(ARG, ...))");
  c->args_at = p.t.at;
  return 0;
}

typedef struct args_ctx { const wt_cfunc_sig *sig; wt_cval *v; } args_ctx;

static int arg_item(parser *p, void *c, size_t i) {
  args_ctx *x = c;
  if (i >= x->sig->nparams) {
    next(p);
    return fail(p, p->t.at, "too many arguments: the function takes %zu", x->sig->nparams);
  }
  return value(p, x->sig->params[i], &x->v[i]);
}

int wave_parse_args(wave_arena *a, const wave_call *c, const wt_cfunc_sig *sig, wt_cval **args, wave_error *e) {
  const char *s = c->text;
  parser p = {s, strlen(s), c->args_at, a, e, {0, c->args_at, 0}, 0};
  size_t n;
  args_ctx x = {sig, alloc(&p, sig->nparams * sizeof(wt_cval))};
  *args = x.v;
  if (!x.v || expect(&p, T_LPAREN, "'('") || items(&p, T_RPAREN, arg_item, &x, &n)) return -1;
  for (size_t i = n; i < sig->nparams; i++) { /* trailing options may be left out: none */
    const wt_ctype *t = sig->params[i];
    if (t && t->kind == WT_COPTION) { x.v[i] = wt_cval_none(); continue; }
    const char *nm = sig->param_names && sig->param_names[i] ? sig->param_names[i] : "?";
    return fail(&p, p.t.at, "missing argument %zu (%s: %s): the function takes %zu", i + 1, nm,
                t ? kind_name(t->kind) : "?", sig->nparams);
  }
  return next(&p) == T_END ? 0 : unexpected(&p, "the end after the call's ')'");
}
