/* memhog.c - a WASI guest for tests/cli.sh: allocates 1 MiB blocks
 * until malloc fails (memory.grow returned -1 under the host's limit), then
 * reports how many it got and exits 0: a limit must fail cleanly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  long got = 0;
  void **list = NULL; /* the blocks stay reachable: the compiler keeps every malloc */
  for (;;) {
    void **p = malloc(1 << 20);
    if (!p) break;
    memset(p, 1, 1 << 20); /* touch it: the pages are real */
    *p = list;
    list = p;
    got++;
    if (got > 4096) { printf("no limit after 4 GiB?\n"); return 1; }
  }
  long freed = 0;
  while (list) { void **next = *list; free(list); list = next; freed++; }
  printf("malloc failed after %ld MiB\n", got);
  return freed == got ? 0 : 1;
}
