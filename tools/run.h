/* run.h - what `wt run` shares between its module side (run.c) and its
 * component side (run_component.c): the options, one run's handles, the
 * store's setup (fuel, deadline, limits, WASI) and the report of an
 * outcome. The component side is reached only when the file holds a
 * component: a module's run does no work for components. */
#ifndef WT_RUN_H
#define WT_RUN_H
#include <stdbool.h>
#include <stdint.h>

#include "wt.h"

typedef struct run_opts {
  const char *file, *invoke;
  int nargs;              /* guest arguments after FILE */
  char **args;
  int nenv, ndirs;
  const char **env;       /* "NAME=VALUE" or "NAME" (inherit that one) */
  const char **dirs;      /* "HOST[::GUEST]" */
  bool *dir_ro;
  bool inherit_env;       /* -S inherit-env: the host's whole environment */
  bool has_fuel;
  uint64_t fuel, timeout_ms;
  int64_t max_memory;     /* -1: none */
  size_t max_stack;       /* 0: Wasmtime's default */
  bool no_cache;
  bool allow_precompiled; /* --allow-precompiled: .cwasm input is native code */
  unsigned features_on, features_off; /* -W FEATURE=y|n */
  uint64_t max_module;    /* -W max-module-size; 0: the library's default */
} run_opts;

/* One run: a module's or a component's handles (the others NULL). */
typedef struct session {
  wt_engine *engine;
  wt_store *store;
  wt_linker *linker;
  wt_module *module;
  wt_clinker *clinker;
  wt_component *component;
  uint64_t t0_ms; /* when the run began: -W timeout bounds all of it */
} session;

/* The store of the run, set up from the options: fuel, the deadline,
 * memory limits and the WASI configuration (the same for a module's
 * preview1 and a component's WASI 0.2). A status. */
int run_store_open(session *s, const run_opts *o);
/* Gives the next call what is left of -W timeout. A status. */
int run_arm_deadline(session *s, const run_opts *o);
/* A status as the process exit status, reported on stderr as wasmtime
 * does (134 for a trap, the guest's exit code, 1 for anything else). */
int run_report(const run_opts *o, int rc);

/* The file is a component (by its content), run_session's module load
 * having failed with rc: true when the component side is to run it. */
bool run_is_component(const run_opts *o, int rc);
/* Runs the component o->file (its wasi:cli/run, or o->invoke) in s,
 * whose engine is open: a status (as wt's), or -1 when it reported the
 * failure itself (exit status 1). */
int run_component(session *s, const run_opts *o);

#endif
