/* file_kind.c - what a file holds, from its first bytes (cli.h): a
 * component's binary header or text, or precompiled code. Asked only once
 * a module's load has failed, so that a module's run does no work for it. */
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Blanks and WAT comments (";; line", "(; block ;)", nested) from b[i]. */
static size_t skip_wat_blank(const char *b, size_t n, size_t i) {
  for (;;) {
    while (i < n && strchr(" \t\r\n", b[i]) && b[i]) i++;
    if (i + 1 < n && b[i] == ';' && b[i + 1] == ';') {
      while (i < n && b[i] != '\n') i++;
    } else if (i + 1 < n && b[i] == '(' && b[i + 1] == ';') {
      int depth = 0;
      for (; i + 1 < n; i++) {
        if (b[i] == '(' && b[i + 1] == ';') { depth++; i++; }
        else if (b[i] == ';' && b[i + 1] == ')' && --depth == 0) { i += 2; break; }
      }
      if (depth) return n;
    } else return i;
  }
}

int wt_cli_file_kind(const char *path) {
  char b[4096];
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ssize_t got = fd < 0 ? -1 : read(fd, b, sizeof b);
  if (fd >= 0) close(fd);
  if (got < 8) return 0;
  size_t n = (size_t)got;
  /* the layer (bytes 6-7) 1: a component, whatever its version, as the
   * library tells them apart (its loader names a version it refuses) */
  if (!memcmp(b, "\0asm", 4) && b[6] == 1 && b[7] == 0) return 'c';
  if (!memcmp(b, "\x7f" "ELF", 4)) return 'e';
  size_t i = skip_wat_blank(b, n, 0);
  if (i >= n || b[i] != '(') return 0;
  i = skip_wat_blank(b, n, i + 1);
  return i + 10 <= n && !memcmp(b + i, "component", 9) && strchr(" \t\r\n();", b[i + 9]) && b[i + 9] ? 'c' : 0;
}

