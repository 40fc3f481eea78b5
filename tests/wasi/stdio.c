/* stdio.c - a WASI guest for tests/cli.sh: copies stdin to stdout
 * upper-cased, then writes a summary to stderr and many lines to stdout
 * (larger than any stdio buffer), so a runner must capture all of both. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long n = 0;
  int c;
  while ((c = getchar()) != EOF) {
    putchar(toupper(c));
    n++;
  }
  int lines = argc > 1 ? atoi(argv[1]) : 0;
  for (int i = 0; i < lines; i++) printf("line %d\n", i);
  fprintf(stderr, "read %ld bytes, wrote %d lines\n", n, lines);
  return 0;
}
