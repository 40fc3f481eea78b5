/* features.c - wasmtime's -W spellings of the WebAssembly proposals
 * (`-W shared-memory`, `-W gc=n`), shared by `wt run` and `wt wast`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "wt.h"

int wt_cli_feature(const char *kv, unsigned *on, unsigned *off) {
  static const char *const yes[] = {"y", "yes", "true"}, *const no[] = {"n", "no", "false"};
  char name[64];
  const char *eq = strchr(kv, '=');
  size_t n = eq ? (size_t)(eq - kv) : strlen(kv);
  unsigned bit = 0;
  if (n < sizeof name) {
    memcpy(name, kv, n);
    name[n] = 0;
    bit = wt_feature_from_name(name);
  }
  if (!bit) return 1;
  int set = eq ? -1 : 1; /* a bare name turns it on */
  for (size_t i = 0; eq && i < 3; i++) {
    if (!strcmp(eq + 1, yes[i])) set = 1;
    if (!strcmp(eq + 1, no[i])) set = 0;
  }
  if (set < 0) return 2;
  *on = set ? *on | bit : *on & ~bit;
  *off = set ? *off & ~bit : *off | bit;
  return 0;
}

size_t wt_cli_feature_names(char *buf, size_t size) {
  size_t k = 0;
  if (size) buf[0] = 0;
  for (unsigned b = 1; wt_feature_name(b); b <<= 1)
    k += (size_t)snprintf(k < size ? buf + k : NULL, k < size ? size - k : 0, "%s%s", k ? ", " : "", wt_feature_name(b));
  return k;
}
