#include "cli.h"
#include <stdio.h>
int wt_cmd_wast(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "wast: not built yet\n"); return 2; }
