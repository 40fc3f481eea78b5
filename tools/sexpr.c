/* sexpr.c - the .wast S-expression reader (see sexpr.h). */
#include "sexpr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 2000 /* deeper scripts are refused, not a stack overflow */

typedef struct reader {
  const char *s;
  size_t len, pos;
  int line;
  char *err;
  size_t errsize;
} reader;

static int fail(reader *r, const char *why) {
  snprintf(r->err, r->errsize, "line %d: %s", r->line, why);
  return -1;
}

static int peek(const reader *r, size_t ahead) {
  return r->pos + ahead < r->len ? (unsigned char)r->s[r->pos + ahead] : -1;
}

static void advance(reader *r) {
  if (r->s[r->pos++] == '\n') r->line++;
}

/* Skips a block comment "(; ... ;)", which nests. */
static int skip_block_comment(reader *r) {
  int depth = 0;
  while (r->pos < r->len) {
    if (peek(r, 0) == '(' && peek(r, 1) == ';') { depth++; advance(r); advance(r); }
    else if (peek(r, 0) == ';' && peek(r, 1) == ')') {
      advance(r); advance(r);
      if (--depth == 0) return 0;
    } else advance(r);
  }
  return fail(r, "unterminated block comment");
}

/* Skips white space and both kinds of comment. */
static int skip_space(reader *r) {
  for (;;) {
    int c = peek(r, 0);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') advance(r);
    else if (c == ';' && peek(r, 1) == ';') { while (r->pos < r->len && peek(r, 0) != '\n') advance(r); }
    else if (c == '(' && peek(r, 1) == ';') { if (skip_block_comment(r)) return -1; }
    else return 0;
  }
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Appends code point cp as UTF-8. */
static size_t put_utf8(char *d, unsigned long cp) {
  if (cp < 0x80) { d[0] = (char)cp; return 1; }
  if (cp < 0x800) { d[0] = (char)(0xc0 | cp >> 6); d[1] = (char)(0x80 | (cp & 63)); return 2; }
  if (cp < 0x10000) {
    d[0] = (char)(0xe0 | cp >> 12); d[1] = (char)(0x80 | (cp >> 6 & 63)); d[2] = (char)(0x80 | (cp & 63));
    return 3;
  }
  d[0] = (char)(0xf0 | cp >> 18); d[1] = (char)(0x80 | (cp >> 12 & 63));
  d[2] = (char)(0x80 | (cp >> 6 & 63)); d[3] = (char)(0x80 | (cp & 63));
  return 4;
}

/* Decodes "\u{...}" at r->pos (just past the 'u'). */
static int read_unicode(reader *r, char *d, size_t *n) {
  unsigned long cp = 0;
  if (peek(r, 0) != '{') return fail(r, "bad \\u escape");
  advance(r);
  int digits = 0;
  while (hexval(peek(r, 0)) >= 0 && digits < 8) { cp = cp * 16 + (unsigned long)hexval(peek(r, 0)); advance(r); digits++; }
  if (peek(r, 0) != '}' || digits == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
    return fail(r, "bad \\u escape");
  advance(r);
  *n += put_utf8(d + *n, cp);
  return 0;
}

/* Decodes one escape sequence (after the backslash) into d + *n. */
static int read_escape(reader *r, char *d, size_t *n) {
  int c = peek(r, 0);
  if (c < 0) return fail(r, "unterminated string");
  advance(r);
  switch (c) {
  case 'n': d[(*n)++] = '\n'; return 0;
  case 't': d[(*n)++] = '\t'; return 0;
  case 'r': d[(*n)++] = '\r'; return 0;
  case '"': case '\'': case '\\': d[(*n)++] = (char)c; return 0;
  case 'u': return read_unicode(r, d, n);
  }
  int lo = hexval(peek(r, 0));
  if (hexval(c) < 0 || lo < 0) return fail(r, "bad escape in string");
  advance(r);
  d[(*n)++] = (char)(hexval(c) * 16 + lo);
  return 0;
}

/* Reads a string; its decoded form is never longer than its source. */
static int read_string(reader *r, sx *node) {
  size_t cap = 16;
  for (size_t i = r->pos + 1; i < r->len && r->s[i] != '"'; i++) cap++, i += r->s[i] == '\\';
  char *d = malloc(cap + 4);
  size_t n = 0;
  if (!d) return fail(r, "out of memory");
  node->kind = SX_STRING;
  node->text = d;
  advance(r);
  for (;;) {
    int c = peek(r, 0);
    if (c < 0 || c == '\n') return fail(r, "unterminated string");
    advance(r);
    if (c == '"') break;
    if (c == '\\') { if (read_escape(r, d, &n)) return -1; }
    else d[n++] = (char)c;
  }
  d[n] = 0;
  node->len = n;
  return 0;
}

static int is_atom_char(int c) {
  return c > ' ' && c != '(' && c != ')' && c != '"' && c != ';' && c != 127;
}

static int read_node(reader *r, sx *node, int depth);

static int push_kid(reader *r, sx *list, size_t *cap) {
  if (list->n == *cap) {
    size_t nc = *cap ? *cap * 2 : 4;
    sx *k = realloc(list->kids, nc * sizeof *k);
    if (!k) return fail(r, "out of memory");
    list->kids = k;
    *cap = nc;
  }
  memset(&list->kids[list->n++], 0, sizeof(sx));
  return 0;
}

/* Reads list elements until ')' (or the end, for the top level). */
static int read_items(reader *r, sx *list, int depth, int top) {
  size_t cap = 0;
  for (;;) {
    if (skip_space(r)) return -1;
    int c = peek(r, 0);
    if (c < 0) return top ? 0 : fail(r, "missing ')'");
    if (c == ')') {
      if (top) return fail(r, "unexpected ')'");
      advance(r);
      return 0;
    }
    if (push_kid(r, list, &cap) || read_node(r, &list->kids[list->n - 1], depth + 1)) return -1;
  }
}

static int read_node(reader *r, sx *node, int depth) {
  int c = peek(r, 0);
  node->start = r->pos;
  node->line = r->line;
  if (depth > MAX_DEPTH) return fail(r, "nested too deeply");
  if (c == '(') {
    node->kind = SX_LIST;
    advance(r);
    if (read_items(r, node, depth, 0)) return -1;
  } else if (c == '"') {
    if (read_string(r, node)) return -1;
  } else {
    node->kind = SX_ATOM;
    node->text = r->s + r->pos;
    while (r->pos < r->len && is_atom_char(peek(r, 0))) advance(r);
    node->len = r->pos - node->start;
    if (!node->len) return fail(r, "unexpected character");
  }
  node->end = r->pos;
  return 0;
}

int sx_parse(const char *src, size_t len, sx *out, char *err, size_t errsize) {
  reader r = {src, len, 0, 1, err, errsize};
  memset(out, 0, sizeof *out);
  out->kind = SX_LIST;
  out->line = 1;
  if (errsize) err[0] = 0;
  int rc = read_items(&r, out, 0, 1);
  out->end = r.pos;
  return rc;
}

void sx_free(sx *node) {
  if (node->kind == SX_STRING) free((char *)node->text);
  for (size_t i = 0; i < node->n; i++) sx_free(&node->kids[i]);
  free(node->kids);
  node->kids = NULL;
  node->n = 0;
  node->text = NULL;
}

int sx_is(const sx *node, const char *word) {
  size_t n = strlen(word);
  return node && node->kind == SX_ATOM && node->len == n && !memcmp(node->text, word, n);
}

const char *sx_head(const sx *node, char *buf, size_t size) {
  buf[0] = 0;
  if (node->kind == SX_LIST && node->n && node->kids[0].kind == SX_ATOM) {
    size_t n = node->kids[0].len < size - 1 ? node->kids[0].len : size - 1;
    memcpy(buf, node->kids[0].text, n);
    buf[n] = 0;
  }
  return buf;
}
