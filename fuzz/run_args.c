/* run_args.c - fuzz target: `wt run` argument parsing.
 *
 * The input is split at NUL bytes into argument strings (at most
 * MAX_ARGS), each its own heap copy (so an over-read is an ASan report),
 * after argv[0] = "run", with argv[argc] = NULL as main() gets it; then
 * wt_cli_run_parse (tools/run.c), which parses and frees and never runs
 * anything, must return 0 or 2. A crash, sanitizer report, hang or any
 * other status is a finding. (Its messages go to stderr: `make fuzz` runs
 * it with -close_fd_mask=3, which keeps libFuzzer's and the sanitizers'
 * reports.) */
#include <string.h>

#include "../tools/cli.h"
#include "fuzz.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *argv[MAX_ARGS + 2];
  int argc = 0;
  argv[argc++] = strdup("run");
  for (size_t i = 0; i < size && argc <= MAX_ARGS;) { /* "a\0b" and "a\0b\0": a, b */
    const uint8_t *nul = memchr(data + i, 0, size - i);
    size_t n = nul ? (size_t)(nul - (data + i)) : size - i;
    char *a = malloc(n + 1);
    FUZZ_ASSERT(a != NULL, "out of memory");
    memcpy(a, data + i, n);
    a[n] = 0;
    argv[argc++] = a;
    i += n + 1;
  }
  argv[argc] = NULL;
  int rc = wt_cli_run_parse(argc, argv);
  FUZZ_ASSERT(rc == 0 || rc == 2, "wt_cli_run_parse returned %d", rc);
  for (int i = 0; i < argc; i++) free(argv[i]);
  return 0;
}
