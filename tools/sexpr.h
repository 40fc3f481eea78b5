/* sexpr.h - a reader for the S-expressions of .wast scripts.
 *
 * Only what a script runner needs: lists, atoms (kept as raw source text)
 * and strings (decoded to bytes). Every node remembers its source span and
 * line so that module text can be handed on verbatim and failures can name
 * file:line. */
#ifndef WT_SEXPR_H
#define WT_SEXPR_H

#include <stddef.h>

typedef enum sx_kind { SX_LIST, SX_ATOM, SX_STRING, SX_ERROR } sx_kind;

typedef struct sx {
  sx_kind kind;
  const char *text; /* atom: points into the source; string: decoded bytes (NUL-terminated copy);
                       error: the message "line N: why" (a copy) */
  size_t len;       /* of text */
  size_t start, end;/* source span of the whole node, end exclusive */
  int line;         /* 1-based line of the node's first character */
  struct sx *kids;  /* list elements */
  size_t n;
} sx;

/* Parses every top-level node of src[0..len) into *out (an SX_LIST holding
 * them). On a syntax error returns -1 and writes "line N: why" into err;
 * *out then holds the nodes read before the error. Free with sx_free
 * either way.
 *
 * Annotations "(@id ...)" are read like white space, wherever they stand
 * (they must still be well formed): no node holds one, though the source
 * spans of the nodes around them still cover their text. A ';' that
 * starts no comment is a character of an atom. */
int sx_parse(const char *src, size_t len, sx *out, char *err, size_t errsize);

/* As sx_parse for a whole .wast script, but a syntax error inside one
 * top-level node ends that node only: it becomes an SX_ERROR node (text:
 * "line N: why"; span: from its start to where reading resumes) and
 * reading resumes at the next line that starts a command (at its first
 * column: "(module", "(component", "(assert_...", "(register", "(invoke", "(get", "((",
 * "(@" ...). Returns 0, or -1 with err set when out of memory. */
int sx_parse_script(const char *src, size_t len, sx *out, char *err, size_t errsize);

/* The position of the first token at or after src[pos]: past white
 * space, comments and well-formed annotations (len when none). */
size_t sx_skip_blank(const char *src, size_t len, size_t pos);

/* Frees what sx_parse allocated inside *node (not node itself). */
void sx_free(sx *node);

/* True when node is the atom `word`. */
int sx_is(const sx *node, const char *word);

/* The first element of a list when it is an atom ("module", "invoke"...),
 * else "". */
const char *sx_head(const sx *node, char *buf, size_t size);

#endif
