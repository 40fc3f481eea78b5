/* run.c - `wt run`: runs a WASI command or invokes one export, with the
 * wasmtime CLI's flags (--invoke, --env, --dir, -W fuel/timeout/...). */
#define _DEFAULT_SOURCE /* syscall() */
#include <errno.h>
#include <inttypes.h>
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>

#include "cli.h"
#include "run.h"
#include "wave.h"
#include "wt.h"

#define EXIT_TRAP 134 /* wasmtime on Unix: a trap ends like abort() */

#define MAX_STACK (1u << 30) /* -W max-wasm-stack: 1 GiB at most */

static const char RUN_HELP[] =
    "usage: wt run [OPTIONS] FILE [ARGS...]\n"
    "       wt [OPTIONS] FILE [ARGS...]   (the same)\n"
    "Runs a WebAssembly module or component (.wasm, .wat or .cwasm), told apart\n"
    "by content: a module's WASI command entry (_start), a component's\n"
    "wasi:cli/run (WASI 0.2), or with --invoke one export.\n"
    "\n"
    "  --invoke NAME        a module: call export NAME with ARGS (parsed by its\n"
    "                       parameter types), print its results, one a line\n"
    "  --invoke 'CALL'      a component: call an export written in WAVE, as\n"
    "                       'greet(\"wt\")' or 'wt:demo/api.hello@0.1.0()', and\n"
    "                       print its result as WAVE (() for none)\n"
    "  --env NAME=VAL       set a guest environment variable\n"
    "  --env NAME           pass the host's NAME through (if set)\n"
    "  --dir HOST[::GUEST]  preopen a host directory (read-write) as GUEST\n"
    "  --dir-ro HOST[::GUEST]  the same, read-only (wt extension)\n"
    "  -S inherit-env[=y|n] pass the host's whole environment (then --env)\n"
    "  --allow-precompiled  allow a precompiled FILE (.cwasm): it is native code\n"
    "                       and runs as such, so only for files you trust\n"
    "  -C cache=n           do not use the compiled-module cache (`wt cache`)\n"
    "  -W fuel=N            trap after N units of fuel\n"
    "  -W timeout=DURATION  trap when the run takes longer (100ms, 2s, 1m, 1h;\n"
    "                       checked while wasm runs, not in blocking WASI calls;\n"
    "                       0: no timeout)\n"
    "  -W max-memory-size=BYTES   limit every linear memory\n"
    "  -W max-wasm-stack=BYTES    limit the wasm stack\n"
    "  -W max-module-size=BYTES   refuse larger module files (default 1 GiB)\n"
    "  -W FEATURE[=y|n]     a WebAssembly proposal on or off (wasmtime's names:\n"
    "                       threads, shared-memory, gc, function-references,\n"
    "                       exceptions, memory64, multi-memory, tail-call,\n"
    "                       relaxed-simd, wide-arithmetic, custom-page-sizes;\n"
    "                       unset: Wasmtime's default)\n"
    "  (several -W settings may be comma-separated: -W fuel=9,timeout=1s)\n"
    "\n"
    "Exit status: the guest's proc_exit code (0..125); 134 on a trap (message\n"
    "and wasm backtrace on stderr); 1 on any other error (proc_exit with any\n"
    "other status too, as in wasmtime). A component's run returning err: 1.\n";

/* ---- parsing numbers and durations ---- */

static int parse_u64(const char *s, uint64_t *out) { /* decimal or 0x hex */
  char *end;
  bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  errno = 0;
  if (!isdigit((unsigned char)*s) || (hex && !isxdigit((unsigned char)s[2]))) return -1;
  *out = strtoull(hex ? s + 2 : s, &end, hex ? 16 : 10);
  return errno || *end ? -1 : 0;
}

/* "100ms", "2s", "1m", "1h", "500us", "10ns"; a bare number is seconds.
 * A finite, non-negative number only, whose milliseconds fit wt's timeout
 * (at most MAX_TIMEOUT_MS): NaN, inf and 1e25 are errors, never "none".
 * 0 means no timeout (as wasmtime: a zero duration disables it). */
#define MAX_TIMEOUT_MS (UINT64_C(1) << 53) /* ~285,000 years, exact in a double */
static const char *parse_duration_ms(const char *s, uint64_t *ms) {
  static const struct { const char *unit; double ms; } units[] = {
      {"ns", 1e-6}, {"us", 1e-3}, {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"", 1000}};
  char *end;
  if (!*s || strchr(" \t\n+-", *s) || strpbrk(s, "xXpP")) return "not a duration";
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || !isfinite(v) || v < 0) return "not a duration";
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (!strcmp(end, units[i].unit)) {
      double t = v * units[i].ms;
      if (!(t <= (double)MAX_TIMEOUT_MS)) return "duration too long";
      bool tiny = t < 1 && (t > 0 || (errno == ERANGE && strpbrk(s, "123456789"))); /* 1e-400: underflowed */
      *ms = tiny ? 1 : (uint64_t)ceil(t); /* never round a deadline to "none" */
      return NULL;
    }
  return "not a duration (units: ns, us, ms, s, m, h)";
}

/* ---- options ---- */

static int bad(const char *fmt, const char *arg) {
  fprintf(stderr, "wt run: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(see wt run --help)\n");
  return 2;
}

/* A -W setting refused, with the reason. */
static int bad_w(const char *kv, const char *why) {
  fprintf(stderr, "wt run: -W %s: %s\n(see wt run --help)\n", kv, why);
  return 2;
}

/* One KEY=VALUE setting of -W. */
static int set_w(run_opts *o, const char *kv) {
  const char *eq = strchr(kv, '=');
  size_t klen = eq ? (size_t)(eq - kv) : strlen(kv);
  const char *v = eq ? eq + 1 : "", *why;
  uint64_t n;
#define KEY(k) (klen == strlen(k) && !strncmp(kv, k, klen))
  bool known = KEY("fuel") || KEY("timeout") || KEY("max-memory-size") || KEY("max-wasm-stack") || KEY("max-module-size");
  int feature = known ? 1 : wt_cli_feature(kv, &o->features_on, &o->features_off);
  if (feature == 0) return 0;
  if (feature == 2) return bad_w(kv, "the value must be y or n");
  if (!known) {
    char names[400], why[600];
    wt_cli_feature_names(names, sizeof names);
    snprintf(why, sizeof why, "unknown setting (known: fuel, timeout, max-memory-size, max-wasm-stack, "
             "max-module-size, and the proposals %s)", names);
    return bad_w(kv, why);
  }
  if (!eq) return bad_w(kv, "needs a value (KEY=VALUE)");
  if (KEY("fuel")) return parse_u64(v, &o->fuel) ? bad_w(kv, "not a whole number of fuel units") : (o->has_fuel = true, 0);
  if (KEY("timeout")) return (why = parse_duration_ms(v, &o->timeout_ms)) ? bad_w(kv, why) : 0;
  if (KEY("max-memory-size")) {
    if (parse_u64(v, &n) || n > INT64_MAX) return bad_w(kv, "not a size in bytes");
    return o->max_memory = (int64_t)n, 0;
  }
  if (KEY("max-wasm-stack")) {
    if (parse_u64(v, &n) || n == 0 || n > MAX_STACK) return bad_w(kv, "not a stack size in bytes (1 .. 1 GiB)");
    return o->max_stack = (size_t)n, 0;
  }
  if (KEY("max-module-size")) {
    if (parse_u64(v, &n) || n == 0) return bad_w(kv, "not a size in bytes (1 or more)");
    return o->max_module = n, 0;
  }
#undef KEY
  return bad_w(kv, "unknown setting");
}

static int set_ws(run_opts *o, const char *list) {
  if (!list[strspn(list, ",")]) return bad("%s needs KEY=VALUE", "-W");
  char *copy = strdup(list), *save = NULL;
  int rc = copy ? 0 : bad("out of memory at '%s'", list);
  for (char *kv = copy ? strtok_r(copy, ",", &save) : NULL; kv && !rc; kv = strtok_r(NULL, ",", &save))
    rc = set_w(o, kv);
  free(copy);
  return rc;
}

/* -C cache=y|n: the only codegen setting wt takes. */
static int set_c(run_opts *o, const char *kv) {
  if (!strcmp(kv, "cache=n") || !strcmp(kv, "cache=no")) return o->no_cache = true, 0;
  if (!strcmp(kv, "cache") || !strcmp(kv, "cache=y") || !strcmp(kv, "cache=yes")) return o->no_cache = false, 0;
  return bad("unknown -C setting '%s'", kv);
}

/* -S inherit-env[=y|n]: the only WASI setting wt takes. */
static int set_s(run_opts *o, const char *kv) {
  if (!strcmp(kv, "inherit-env") || !strcmp(kv, "inherit-env=y") || !strcmp(kv, "inherit-env=yes")) return o->inherit_env = true, 0;
  if (!strcmp(kv, "inherit-env=n") || !strcmp(kv, "inherit-env=no")) return o->inherit_env = false, 0;
  return bad("unknown -S setting '%s' (known: inherit-env[=y|n])", kv);
}

/* Matches "--name VALUE", "--name=VALUE" (and "-WVALUE" for short ones);
 * *val gets the value, *i advances past what was used. */
static bool opt_value(char **argv, int argc, int *i, const char *name, const char **val) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n)) return false;
  if (a[n] == '=' || (a[n] && name[1] != '-')) { *val = a + n + (a[n] == '='); return true; }
  if (a[n]) return false;
  *val = *i + 1 < argc ? argv[++*i] : NULL;
  return true;
}

static int parse_one(run_opts *o, char **argv, int argc, int *i) {
  const char *v = NULL;
  if (opt_value(argv, argc, i, "--invoke", &v)) return v ? (o->invoke = v, 0) : bad("%s needs a name", "--invoke");
  if (opt_value(argv, argc, i, "--env", &v)) return v ? (o->env[o->nenv++] = v, 0) : bad("%s needs NAME[=VAL]", "--env");
  bool ro = opt_value(argv, argc, i, "--dir-ro", &v);
  if (ro || opt_value(argv, argc, i, "--dir", &v)) {
    if (!v) return bad("%s needs HOST[::GUEST]", "--dir");
    o->dir_ro[o->ndirs] = ro;
    o->dirs[o->ndirs++] = v;
    return 0;
  }
  if (opt_value(argv, argc, i, "-W", &v)) return v ? set_ws(o, v) : bad("%s needs KEY=VALUE", "-W");
  if (opt_value(argv, argc, i, "-C", &v)) return set_c(o, v ? v : "");
  if (opt_value(argv, argc, i, "-S", &v)) return set_s(o, v ? v : "");
  if (!strcmp(argv[*i], "--allow-precompiled")) return o->allow_precompiled = true, 0;
  return bad("unknown option '%s'", argv[*i]);
}

/* Options come before FILE; everything after FILE belongs to the guest. */
static int parse_args(run_opts *o, int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--"); i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(RUN_HELP, stdout); return -1; }
    int rc = parse_one(o, argv, argc, &i);
    if (rc) return rc;
  }
  if (i < argc && !strcmp(argv[i], "--")) i++;
  if (i >= argc) return bad("%s", "missing FILE");
  o->file = argv[i];
  o->args = argv + i; /* argv[0] of the guest is FILE, as in wasmtime */
  o->nargs = argc - i;
  return 0;
}

/* ---- WASI configuration ---- */

static int add_env(wt_wasi *w, const char *spec) {
  const char *eq = strchr(spec, '=');
  if (eq) {
    char *name = strndup(spec, (size_t)(eq - spec));
    int rc = name ? wt_wasi_add_env(w, name, eq + 1) : WT_NOMEM;
    free(name);
    return rc;
  }
  const char *host = getenv(spec);
  return host ? wt_wasi_add_env(w, spec, host) : WT_OK;
}

static int add_dir(wt_wasi *w, const char *spec, bool ro) {
  const char *sep = strstr(spec, "::");
  if (!sep) return wt_wasi_preopen_dir(w, spec, spec, !ro);
  char *host = strndup(spec, (size_t)(sep - spec));
  int rc = host ? wt_wasi_preopen_dir(w, host, sep + 2, !ro) : WT_NOMEM;
  free(host);
  return rc;
}

static int make_wasi(const run_opts *o, wt_wasi **out) {
  wt_wasi *w;
  int rc = wt_wasi_new(&w);
  if (!rc && o->inherit_env) rc = wt_wasi_inherit_env(w);
  if (!rc) rc = wt_wasi_set_args(w, (size_t)o->nargs, (const char *const *)o->args);
  for (int i = 0; !rc && i < o->nenv; i++) rc = add_env(w, o->env[i]);
  for (int i = 0; !rc && i < o->ndirs; i++) rc = add_dir(w, o->dirs[i], o->dir_ro[i]);
  if (!rc) rc = wt_wasi_inherit_stdin(w);
  if (!rc) rc = wt_wasi_inherit_output(w, 1);
  if (!rc) rc = wt_wasi_inherit_output(w, 2);
  if (rc) { wt_wasi_delete(w); w = NULL; }
  *out = w;
  return rc;
}

/* ---- values: parsing --invoke arguments, printing results ---- */

/* An integer of [lo, hi] as wasmtime's --invoke reads one (Rust's parse,
 * or from_str_radix(16) of what follows "0x"): an optional sign and decimal
 * digits, or "0x"/"0X" and an optionally signed hex number; nothing else
 * (no blank, no '_', never octal, never wrapped into range). NULL, or why not. */
static const char *parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out) {
  bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  const char *p = s + (hex ? 2 : 0);
  bool neg = *p == '-';
  p += *p == '-' || *p == '+';
  if (!*p) return "not a number";
  uint64_t max = neg ? (uint64_t)0 - (uint64_t)lo : (uint64_t)hi, m = 0; /* the magnitude's bound */
  for (; *p; p++) {
    int d = isdigit((unsigned char)*p) ? *p - '0' : hex && isxdigit((unsigned char)*p) ? tolower((unsigned char)*p) - 'a' + 10 : -1;
    if (d < 0) return hex ? "not a hex number (0x and hex digits)" : "not a decimal number";
    unsigned base = hex ? 16 : 10;
    if (m > (max - (uint64_t)d) / base) return "out of range";
    m = m * base + (uint64_t)d;
  }
  *out = neg ? (int64_t)(0 - m) : (int64_t)m; /* 0 - m: two's complement, exact for lo itself */
  return NULL;
}

/* Rust's float syntax (what wasmtime takes): [+-] then inf, infinity, nan
 * (any case) or digits with an optional '.' and e-exponent; no hex float, no
 * blank, no "nan(...)". Overflow reads as inf, as in Rust. */
static bool is_rust_float(const char *s) {
  s += *s == '+' || *s == '-';
  if (!strcasecmp(s, "inf") || !strcasecmp(s, "infinity") || !strcasecmp(s, "nan")) return true;
  size_t ip = strspn(s, "0123456789"), fp = 0;
  s += ip;
  if (*s == '.') { s++; fp = strspn(s, "0123456789"); s += fp; }
  if (!ip && !fp) return false;
  if (*s == 'e' || *s == 'E') {
    s++;
    s += *s == '+' || *s == '-';
    size_t ep = strspn(s, "0123456789");
    if (!ep) return false;
    s += ep;
  }
  return !*s;
}

static const char *parse_val(const char *s, int kind, wt_val *out) {
  int64_t v;
  const char *why;
  switch (kind) {
  case WT_I32:
    if ((why = parse_int(s, INT32_MIN, INT32_MAX, &v))) return why;
    return *out = wt_val_i32((int32_t)v), NULL;
  case WT_I64:
    if ((why = parse_int(s, INT64_MIN, INT64_MAX, &v))) return why;
    return *out = wt_val_i64(v), NULL;
  case WT_F32:
  case WT_F64:
    if (!is_rust_float(s)) return "not a number (digits, '.', e-exponent; inf, nan)";
    *out = kind == WT_F32 ? wt_val_f32(strtof(s, NULL)) : wt_val_f64(strtod(s, NULL));
    return NULL;
  default: return "not a type --invoke can pass";
  }
}

/* The range of an integer kind, for the message. */
static const char *range_of(int kind) {
  return kind == WT_I32 ? " (-2147483648 to 2147483647)"
         : kind == WT_I64 ? " (-9223372036854775808 to 9223372036854775807)" : "";
}

/* Rust's Display for floats, what wasmtime prints (NaN as NaN here). */
static void print_float(double v, bool is32) {
  char out[WAVE_FLOAT_MAX];
  wave_float_text(v, is32, out);
  puts(out);
}

static void print_val(const wt_val *v) {
  switch (v->kind) {
  case WT_I32: printf("%" PRId32 "\n", v->of.i32); break;
  case WT_I64: printf("%" PRId64 "\n", v->of.i64); break;
  case WT_F32: print_float(v->of.f32, true); break;
  case WT_F64: print_float(v->of.f64, false); break;
  case WT_V128:
    printf("0x");
    for (int i = 15; i >= 0; i--) printf("%02x", v->of.v128[i]);
    printf("\n");
    break;
  default: printf(wt_val_is_null(v) ? "null\n" : "<%s>\n", wt_valkind_name(v->kind)); break;
  }
}

/* ---- running ---- */

static uint64_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* wt's deadline is per call; wasmtime's -W timeout is for the whole run
 * (instantiation, _initialize, the call): each call gets what is left. */
int run_arm_deadline(session *s, const run_opts *o) {
  if (!o->timeout_ms) return WT_OK;
  uint64_t used = now_ms() - s->t0_ms;
  return wt_store_set_timeout(s->store, used < o->timeout_ms ? o->timeout_ms - used : 1);
}

/* A cache that cannot be used is no error (wt runs without it), but it is
 * said once, on stderr. */
static void warn_cache(wt_engine *e) {
  static bool said;
  const char *error = said ? NULL : wt_engine_cache_error(e);
  if (!error) return;
  fprintf(stderr, "wt: warning: compiled-module cache: %s\n", error);
  said = true;
}

/* The store and its WASI configuration, as the options say. */
int run_store_open(session *s, const run_opts *o) {
  wt_limits lim = {o->max_memory, -1, -1, -1, -1};
  wt_wasi *w = NULL;
  int rc = wt_store_new(s->engine, NULL, NULL, &s->store);
  if (!rc && o->has_fuel) rc = wt_store_set_fuel(s->store, o->fuel);
  s->t0_ms = now_ms();
  if (!rc) rc = run_arm_deadline(s, o);
  if (!rc && o->max_memory >= 0) rc = wt_store_set_limits(s->store, &lim);
  if (!rc) rc = make_wasi(o, &w);
  if (!rc) rc = wt_store_set_wasi(s->store, w);
  /* Wasmtime does WASI's I/O on a tokio runtime that it starts at the first
   * WASI call, with a worker thread per core unless TOKIO_WORKER_THREADS
   * says otherwise: one serves one guest, and starts faster. Set once the
   * guest's environment is taken (-S inherit-env), never over the user's. */
  if (!rc) setenv("TOKIO_WORKER_THREADS", "1", 0);
  return rc;
}

/* The engine and the module; a component is left to run_component. */
static int session_open(session *s, const run_opts *o) {
  wt_engine_options eo;
  wt_engine_options_init(&eo);
  eo.consume_fuel = o->has_fuel;
  eo.epoch_interruption = o->timeout_ms > 0;
  eo.max_wasm_stack = o->max_stack;
  eo.allow_precompiled = o->allow_precompiled;
  eo.features_on = o->features_on;
  eo.features_off = o->features_off;
  eo.max_module_bytes = o->max_module;
  eo.cache = !o->no_cache;
  int rc = wt_engine_new(&eo, &s->engine);
  if (!rc && eo.cache) warn_cache(s->engine);
  if (!rc) rc = wt_module_from_file(s->engine, o->file, &s->module);
  if (rc && s->engine && run_is_component(o, rc)) return WT_OK; /* s->module NULL: a component */
  if (!rc && eo.cache) warn_cache(s->engine);
  if (!rc) rc = run_store_open(s, o);
  if (!rc) rc = wt_linker_new(s->engine, &s->linker);
  if (!rc) rc = wt_linker_define_wasi(s->linker);
  return rc;
}

/* Maps a wt status to the process exit status, reporting failures. As
 * wasmtime: 134 for a trap of wasm itself (an instruction, fuel, the
 * deadline, the stack limit), 1 for anything else, an error that a host
 * function (WASI's) raised while wasm ran too, such as proc_exit with a
 * status outside 0..125; its backtrace is shown all the same. */
int run_report(const run_opts *o, int rc) {
  if (rc == WT_OK) return 0;
  if (rc == WT_EXIT) return wt_exit_code();
  bool limit = rc == WT_OUT_OF_FUEL || rc == WT_TIMEOUT || rc == WT_STACK_OVERFLOW;
  bool trap = limit || (rc == WT_TRAP && wt_trap_code() != WT_TRAP_NONE);
  const char *msg = wt_errmsg(), *kind = limit ? wt_strerror(rc) : "";
  bool named = !*kind || strstr(msg, kind); /* "out of fuel", "deadline reached" */
  size_t flen = strlen(o->file);
  if (!strncmp(msg, o->file, flen) && !strncmp(msg + flen, ": ", 2)) msg += flen + 2; /* named once */
  fprintf(stderr, "wt: error: failed to run `%s`: %s%s%s\n", o->file, named ? "" : kind, named ? "" : ": ", msg);
  size_t n = wt_trap_frame_count() ? wt_trap_backtrace(NULL, 0) : 0;
  char *bt = n ? malloc(n + 1) : NULL;
  if (bt) {
    wt_trap_backtrace(bt, n + 1);
    fprintf(stderr, "wasm backtrace:\n%s", bt);
  }
  free(bt);
  return trap ? EXIT_TRAP : 1;
}

static int call_with_args(session *s, const run_opts *o, const wt_func *f) {
  wt_context *cx = wt_store_context(s->store);
  wt_extern_type t;
  int rc = wt_func_type(cx, f, &t);
  if (rc) return rc;
  if ((size_t)(o->nargs - 1) != t.nparams) {
    fprintf(stderr, "wt: error: `%s` takes %zu argument(s), got %d\n", o->invoke, t.nparams, o->nargs - 1);
    return -1;
  }
  size_t np = t.nparams, nr = t.nresults;
  uint8_t *kinds = malloc(np + nr + 1);
  wt_val *vals = calloc(np + nr + 1, sizeof *vals);
  if (!kinds || !vals) { free(kinds); free(vals); return WT_NOMEM; }
  memcpy(kinds, t.params, np);
  memcpy(kinds + np, t.results, nr); /* t's arrays live only until the next call */
  for (size_t i = 0; i < np && !rc; i++) {
    const char *why = parse_val(o->args[i + 1], kinds[i], &vals[i]);
    if (why) {
      fprintf(stderr, "wt: error: argument %zu ('%s') is not a valid %s: %s%s\n", i + 1, o->args[i + 1],
              wt_valkind_name(kinds[i]), why, strcmp(why, "out of range") ? "" : range_of(kinds[i]));
      rc = -1;
    }
  }
  if (!rc) rc = wt_func_call(cx, f, vals, np, vals + np, nr);
  for (size_t i = 0; i < nr && !rc; i++) { print_val(&vals[np + i]); wt_val_release(&vals[np + i]); }
  free(vals);
  free(kinds);
  return rc;
}

/* As in wasmtime, a reactor's _initialize (its C constructors) runs before
 * the invoked export; a command has none. */
static int initialize(wt_context *cx, const wt_instance *inst) {
  wt_func f;
  if (wt_instance_get_func(cx, inst, "_initialize", &f) != WT_OK) return WT_OK;
  return wt_func_call(cx, &f, NULL, 0, NULL, 0);
}

/* As wasmtime run: instantiates the module (its start function runs), then
 * a reactor's _initialize (its C constructors). */
static int instantiate(session *s, const run_opts *o, wt_instance *inst) {
  wt_context *cx = wt_store_context(s->store);
  int rc = wt_linker_instantiate(s->linker, cx, s->module, inst);
  if (!rc) rc = run_arm_deadline(s, o);
  return rc ? rc : initialize(cx, inst); /* an unknown import is WT_NOT_FOUND too: reported as it is */
}

static int run_invoke(session *s, const run_opts *o) {
  wt_context *cx = wt_store_context(s->store);
  wt_instance inst;
  wt_func f;
  int rc = instantiate(s, o, &inst);
  if (rc) return rc;
  rc = wt_instance_get_func(cx, &inst, o->invoke, &f);
  if (rc == WT_NOT_FOUND || rc == WT_TYPE) {
    fprintf(stderr, "wt: error: no exported function `%s` in `%s`%s\n", o->invoke, o->file,
            strchr(o->invoke, '(') ? " (a core module's --invoke takes a NAME; its arguments follow FILE)" : "");
    return -1;
  }
  if (!rc) rc = run_arm_deadline(s, o);
  return rc ? rc : call_with_args(s, o, &f);
}

/* As wasmtime run: one instance, then its export "" or else "_start", if
 * either is a function (none: nothing more to run). As there, the module
 * is not registered in the linker (wt_linker_define_module): nothing links
 * to it. */
static int run_command(session *s, const run_opts *o) {
  wt_context *cx = wt_store_context(s->store);
  wt_instance inst;
  wt_func f;
  int rc = instantiate(s, o, &inst);
  if (rc) return rc;
  if (wt_instance_get_func(cx, &inst, "", &f) && wt_instance_get_func(cx, &inst, "_start", &f)) return WT_OK;
  rc = run_arm_deadline(s, o);
  return rc ? rc : (int)wt_func_call(cx, &f, NULL, 0, NULL, 0);
}

/* Opens, runs, reports: all on one thread (wt's last error is per thread).
 * The session is not deleted: the process ends when the run does, and
 * ending frees it all faster than deleting it piece by piece (WASI output
 * is written by the time each fd_write returns). It is static, so that it
 * stays reachable for leak checkers. */
static int run_session(const run_opts *o) {
  static session s;
  int rc = session_open(&s, o);
  if (!rc && !s.module) rc = run_component(&s, o);
  else if (!rc) rc = o->invoke ? run_invoke(&s, o) : run_command(&s, o);
  rc = rc < 0 ? 1 : run_report(o, rc);
  fflush(stdout);
  return rc;
}

typedef struct job { const run_opts *o; int rc; } job;

static void *job_main(void *arg) {
  job *j = arg;
  j->rc = run_session(j->o);
  return NULL;
}

/* Wasm runs on the calling thread's native stack, and a wasm stack limit
 * beyond what that stack holds would crash the process instead of trapping
 * (`ulimit -s 256` is smaller than Wasmtime's 512 KiB default). So the run
 * stays on the main thread only when its stack, which grows on demand up to
 * RLIMIT_STACK, has room for the wasm stack and MAIN_ROOM more for the host
 * frames around it (WASI calls made at the deepest point; Wasmtime's own CLI
 * leaves them 1.5 MiB, its async stack less the wasm stack); else it has a
 * thread of its own with room for the wasm stack and HOST_ROOM more,
 * whatever the main thread's limit is. */
#define WASM_STACK_DEFAULT (512u << 10) /* Wasmtime's max_wasm_stack */
#define HOST_ROOM (8u << 20)
#define MAIN_ROOM (4u << 20)

/* On the main thread: what its stack holds beyond what it uses now (its
 * top: the program's name, which Linux puts last on it); else 0, as when
 * unknown. */
static size_t main_stack_left(void) {
  struct rlimit r;
  const char *top = (const char *)getauxval(AT_EXECFN);
  char here;
  if (!top || syscall(SYS_gettid) != getpid() || getrlimit(RLIMIT_STACK, &r)) return 0;
  if (r.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  uintptr_t used = (uintptr_t)top + strlen(top) + (16u << 10) - (uintptr_t)&here; /* + the top's random offset */
  return (uintptr_t)top > (uintptr_t)&here && r.rlim_cur > used ? (size_t)(r.rlim_cur - used) : 0;
}

static int run_with_stack(const run_opts *o) {
  job j = {o, 1};
  pthread_attr_t attr;
  pthread_t t;
  size_t wasm = o->max_stack ? o->max_stack : WASM_STACK_DEFAULT, need = wasm + HOST_ROOM;
  if (main_stack_left() >= wasm + MAIN_ROOM) return run_session(o);
  pthread_attr_init(&attr);
  int err = pthread_attr_setstacksize(&attr, need);
  if (!err) err = pthread_create(&t, &attr, job_main, &j);
  pthread_attr_destroy(&attr);
  if (err) { fprintf(stderr, "wt: error: cannot start a thread with a %zu-byte stack: %s\n", need, strerror(err)); return 1; }
  pthread_join(t, NULL);
  return j.rc;
}

/* The options of `wt run ARGS` (argv[0] is "run"), in o, with the arrays
 * they point into (free with free_opts): 0, 2 on a usage error, -1 for
 * --help (printed). */
static int parse_opts(run_opts *o, int argc, char **argv) {
  memset(o, 0, sizeof *o);
  o->max_memory = -1;
  o->env = calloc((size_t)argc, sizeof *o->env);
  o->dirs = calloc((size_t)argc, sizeof *o->dirs);
  o->dir_ro = calloc((size_t)argc, sizeof *o->dir_ro);
  return o->env && o->dirs && o->dir_ro ? parse_args(o, argc, argv) : 1;
}

static void free_opts(run_opts *o) {
  free(o->env);
  free(o->dirs);
  free(o->dir_ro);
}

int wt_cli_run_parse(int argc, char **argv) {
  run_opts o;
  int rc = parse_opts(&o, argc, argv);
  free_opts(&o);
  return rc < 0 ? 0 : rc;
}

int wt_cmd_run(int argc, char **argv) {
  run_opts o;
  int rc = parse_opts(&o, argc, argv);
  if (rc == 0) rc = run_with_stack(&o);
  free_opts(&o);
  return rc < 0 ? 0 : rc;
}
