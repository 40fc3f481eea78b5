/* cli.h - the subcommands of the `wt` CLI; each is an ordinary client of
 * include/wt.h (no private header). Each returns the process exit status. */
#ifndef WT_CLI_H
#define WT_CLI_H
#include <stddef.h>
int wt_cmd_wast(int argc, char **argv);    /* tools/wast.c */
int wt_cmd_run(int argc, char **argv);     /* tools/run.c */
int wt_cmd_compile(int argc, char **argv); /* tools/cmds.c */
int wt_cmd_inspect(int argc, char **argv); /* tools/cmds.c */
int wt_cmd_cache(int argc, char **argv);   /* tools/cmds.c */
/* Only parses `wt run` arguments (argv[0] is "run"): 0, or 2 for a usage
 * error (reported on stderr). For the fuzzer (fuzz/run_args.c). */
int wt_cli_run_parse(int argc, char **argv);
/* What the file holds by its first bytes (tools/file_kind.c): 'c' a
 * component (binary: "\0asm" then 0d 00 01 00; text: "(component" after
 * blanks and comments), 'e' precompiled code (ELF: a module's or a
 * component's), 0 anything else or unreadable. */
int wt_cli_file_kind(const char *path);
/* One FEATURE[=y|n] setting of -W (tools/features.c): 0 when set in *on /
 * *off, 1 when FEATURE is no wt_feature name, 2 when the value is not
 * y/yes/true or n/no/false. */
int wt_cli_feature(const char *kv, unsigned *on, unsigned *off);
/* The feature names, comma-separated, into buf (as snprintf). */
size_t wt_cli_feature_names(char *buf, size_t size);
#endif
