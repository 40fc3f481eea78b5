/* wt.c - the `wt` command line: dispatches to the subcommands of cli.h. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "wt.h"

int main(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "wast")) return wt_cmd_wast(argc - 1, argv + 1);
  fprintf(stderr, "usage: wt wast FILE.wast...\n");
  return 2;
}
