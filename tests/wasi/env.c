/* env.c - a WASI guest for tests/cli.sh: prints NAME=VALUE (or NAME unset)
 * for each NAME given as an argument, then how many variables it has. */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *v = getenv(argv[i]);
    if (v) printf("%s=%s\n", argv[i], v);
    else printf("%s unset\n", argv[i]);
  }
  int n = 0;
  for (char **e = environ; *e; e++) n++;
  printf("%d variables\n", n);
  return 0;
}
