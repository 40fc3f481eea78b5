/* deep_exit.c - a WASI guest for tests/cli.sh: calls exit(CODE) from
 * DEPTH nested calls deep; the host must see exactly CODE. */
#include <stdio.h>
#include <stdlib.h>

static int deep(int depth, int code) {
  volatile int frame = depth; /* read after the call: no tail call, the frames stay */
  if (depth == 0) exit(code);
  return deep(depth - 1, code) + frame;
}

int main(int argc, char **argv) {
  int depth = argc > 1 ? atoi(argv[1]) : 1000, code = argc > 2 ? atoi(argv[2]) : 3;
  printf("going %d deep\n", depth);
  fflush(stdout);
  return deep(depth, code);
}
