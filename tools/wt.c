/* wt.c - the `wt` command line: dispatches to the subcommands of cli.h. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "wt.h"

static const char HELP[] =
    "usage: wt [--version] [--help] COMMAND [ARGS...]\n"
    "       wt [RUN OPTIONS] FILE [ARGS...]   (the same as `wt run ...`)\n"
    "WebAssembly for C programs, on Wasmtime.\n"
    "\n"
    "commands:\n"
    "  run      run a WASI command or invoke an export (the default)\n"
    "  compile  compile a module or component ahead of time to .cwasm\n"
    "  inspect  list a module's or component's imports and exports\n"
    "  wast     run WebAssembly spec test scripts (.wast)\n"
    "  cache    show or clear the compiled-module cache\n"
    "  help     this text; `wt help COMMAND` or `wt COMMAND --help` for more\n";

typedef struct command { const char *name; int (*fn)(int, char **); } command;

static const command COMMANDS[] = {
    {"run", wt_cmd_run}, {"compile", wt_cmd_compile}, {"inspect", wt_cmd_inspect},
    {"wast", wt_cmd_wast}, {"cache", wt_cmd_cache}};

static const command *find(const char *name) {
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    if (!strcmp(COMMANDS[i].name, name)) return &COMMANDS[i];
  return NULL;
}

static int version(void) {
  int rc = wt_init(NULL);
  if (rc) printf("wt %s (Wasmtime not loaded)\n", WT_VERSION);
  else printf("wt %s (Wasmtime %s, C ABI line %s)\n", WT_VERSION, wt_wasmtime_version(), wt_abi_line());
  if (rc) fprintf(stderr, "wt: %s\n", wt_errmsg());
  return rc ? 1 : 0;
}

/* `wt help CMD` is `wt CMD --help`. */
static int help(int argc, char **argv) {
  const command *c = argc >= 2 ? find(argv[1]) : NULL;
  if (!c) { fputs(HELP, stdout); return argc >= 2 ? 2 : 0; }
  char *args[] = {argv[1], "--help", NULL};
  return c->fn(2, args);
}

int main(int argc, char **argv) {
  if (argc < 2) { fputs(HELP, stderr); return 2; }
  const char *a = argv[1];
  if (!strcmp(a, "--version") || !strcmp(a, "-V")) return version();
  if (!strcmp(a, "help") || !strcmp(a, "--help") || !strcmp(a, "-h")) return help(argc - 1, argv + 1);
  const command *c = find(a);
  if (c) return c->fn(argc - 1, argv + 1);
  /* As wasmtime: `wt [RUN OPTIONS] FILE [ARGS...]` is `wt run ...` (argv[0]
   * stands for "run"); run reports an option it does not know. */
  return wt_cmd_run(argc, argv);
}
