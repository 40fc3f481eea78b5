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
  int recover; /* sx_parse_script: a broken top-level node becomes SX_ERROR */
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
  int depth = 0, line = r->line;
  char why[64];
  while (r->pos < r->len) {
    if (peek(r, 0) == '(' && peek(r, 1) == ';') { depth++; advance(r); advance(r); }
    else if (peek(r, 0) == ';' && peek(r, 1) == ')') {
      advance(r); advance(r);
      if (--depth == 0) return 0;
    } else advance(r);
  }
  snprintf(why, sizeof why, "unterminated block comment (from line %d)", line);
  return fail(r, why);
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

/* The text format's idchar: what may follow "(@" to open an annotation
 * (as may a string: "(@\"name\" ...)"). */
static int is_idchar(int c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c > ' ' && c < 127 && strchr("!#$%&'*+-./:<=>?@\\^_`|~", c));
}

/* True at "(@" + idchar or string: an annotation, which a script reads as
 * white space (it may stand anywhere white space may). */
static int at_annotation(const reader *r) {
  return peek(r, 0) == '(' && peek(r, 1) == '@' && (peek(r, 2) == '"' || is_idchar(peek(r, 2)));
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

/* True when the line at pos starts a script command: "(" then "@" (an
 * annotation, or one before a command), "(" (a command after an
 * annotation) or a command's name. */
static int starts_command(const reader *r, size_t pos) {
  static const char *const words[] = {"module", "component", "register", "invoke", "get", "assert_", "thread",
                                      "wait", "script", "input", "output", "meta"};
  const char *s = r->s + pos;
  size_t n = r->len - pos;
  if (n < 2 || s[0] != '(') return 0;
  if (s[1] == '@' || s[1] == '(') return 1;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    size_t k = strlen(words[i]);
    if (n > k && !memcmp(s + 1, words[i], k) && (words[i][k - 1] == '_' || n == k + 1 || !is_idchar(s[k + 1])))
      return 1;
  }
  return 0;
}

/* After a syntax error in the top-level node that began at `start` (on
 * `line`): moves to the next line after it that starts a command (or the
 * end), counting lines again from the node's start. */
static void resync(reader *r, size_t start, int line) {
  r->pos = start;
  r->line = line;
  for (;;) {
    while (r->pos < r->len && r->s[r->pos] != '\n') r->pos++;
    if (r->pos >= r->len) return;
    r->pos++;
    r->line++;
    if (starts_command(r, r->pos)) return;
  }
}

/* sx_parse_script: turns the broken top-level node `kid` (from `start` on
 * `line`) into an SX_ERROR node holding the message, ending where reading
 * resumes: at the next command (`resume`) or the end. */
static int make_error(reader *r, sx *kid, size_t start, int line, int resume) {
  size_t n = strlen(r->err);
  sx_free(kid);
  memset(kid, 0, sizeof *kid);
  char *msg = malloc(n + 1);
  if (!msg) return -1;
  memcpy(msg, r->err, n + 1);
  kid->kind = SX_ERROR;
  kid->text = msg;
  kid->len = n;
  kid->start = start;
  kid->line = line;
  if (resume) resync(r, start, line);
  else r->pos = r->len;
  kid->end = r->pos;
  return 0;
}

/* Reads list elements until ')' (or the end, for the top level).
 * Annotations are read (they must be well formed) and dropped. */
static int read_items(reader *r, sx *list, int depth, int top) {
  size_t cap = 0;
  for (;;) {
    size_t blank = r->pos;
    int blank_line = r->line;
    if (skip_space(r)) { /* an unterminated block comment: it takes the rest */
      if (!top || !r->recover) return -1;
      if (push_kid(r, list, &cap) || make_error(r, &list->kids[list->n - 1], blank, blank_line, 0)) return -1;
      return 0;
    }
    int c = peek(r, 0), annotation = at_annotation(r);
    size_t start = r->pos;
    int line = r->line;
    if (c < 0) return top ? 0 : fail(r, "missing ')'");
    if (c == ')' && !top) {
      advance(r);
      return 0;
    }
    if (c == ')' && !r->recover) return fail(r, "unexpected ')'");
    if (push_kid(r, list, &cap)) return -1;
    sx *kid = &list->kids[list->n - 1];
    int rc = c == ')' ? fail(r, "unexpected ')'") : read_node(r, kid, depth + 1);
    if (rc && (!top || !r->recover)) return -1;
    if (rc && make_error(r, kid, start, line, 1)) return -1;
    if (!rc && annotation) { sx_free(kid); list->n--; }
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
    /* A ';' that starts no comment is a character of a token (a lone one
     * is legal inside an annotation: "(@a ;)"). */
    while (r->pos < r->len && (is_atom_char(peek(r, 0)) || (peek(r, 0) == ';' && peek(r, 1) != ';'))) advance(r);
    node->len = r->pos - node->start;
    if (!node->len) return fail(r, "unexpected character");
  }
  node->end = r->pos;
  return 0;
}

static int parse(const char *src, size_t len, sx *out, char *err, size_t errsize, int recover) {
  reader r = {src, len, 0, 1, err, errsize, recover};
  memset(out, 0, sizeof *out);
  out->kind = SX_LIST;
  out->line = 1;
  if (errsize) err[0] = 0;
  int rc = read_items(&r, out, 0, 1);
  out->end = r.pos;
  return rc;
}

int sx_parse(const char *src, size_t len, sx *out, char *err, size_t errsize) {
  return parse(src, len, out, err, errsize, 0);
}

int sx_parse_script(const char *src, size_t len, sx *out, char *err, size_t errsize) {
  char msg[256];
  int rc = parse(src, len, out, msg, sizeof msg, 1);
  if (rc && errsize) snprintf(err, errsize, "%s", msg[0] ? msg : "out of memory");
  return rc;
}

size_t sx_skip_blank(const char *src, size_t len, size_t pos) {
  char err[128];
  reader r = {src, len, pos, 1, err, sizeof err, 0};
  for (;;) {
    if (skip_space(&r) || !at_annotation(&r)) return r.pos;
    size_t at = r.pos;
    sx a;
    memset(&a, 0, sizeof a);
    int rc = read_node(&r, &a, 0);
    sx_free(&a);
    if (rc) return at;
  }
}

void sx_free(sx *node) {
  if (node->kind == SX_STRING || node->kind == SX_ERROR) free((char *)node->text);
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
