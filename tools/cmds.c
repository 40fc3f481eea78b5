/* cmds.c - the small subcommands: `wt compile`, `wt inspect`, `wt cache`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wt.h"

static bool is_help(const char *a) { return !strcmp(a, "-h") || !strcmp(a, "--help"); }

static int fail(const char *cmd, int rc) {
  const char *msg = wt_errmsg();
  fprintf(stderr, "wt %s: error: %s\n", cmd, *msg ? msg : wt_strerror(rc));
  return 1;
}

/* ---- compile ---- */

static const char COMPILE_HELP[] =
    "usage: wt compile FILE [-o OUT.cwasm]\n"
    "Compiles a module or a component (.wasm or .wat) ahead of time to native\n"
    "code that `wt run` loads without compiling, when allowed to (see its\n"
    "help). OUT defaults to FILE with .cwasm.\n";

/* FILE's name with its extension replaced by .cwasm. */
static void default_out(const char *file, char *out, size_t size) {
  const char *slash = strrchr(file, '/'), *dot = strrchr(file, '.');
  size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - file) : strlen(file);
  snprintf(out, size, "%.*s.cwasm", (int)n, file);
}

/* A component's native code into the file out (replaced as a whole). */
static int compile_component(wt_engine *e, const char *file, const char *out) {
  wt_component *c = NULL;
  uint8_t *bytes = NULL;
  size_t n = 0;
  int rc = wt_component_from_file(e, file, &c);
  if (!rc) rc = wt_component_serialize(c, &bytes, &n);
  wt_component_delete(c);
  if (rc) return rc;
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", out);
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(bytes, 1, n, f) == n;
  if (f && fclose(f)) ok = false;
  if (ok && rename(tmp, out)) ok = false;
  if (!ok) { fprintf(stderr, "wt compile: error: cannot write %s: ", out); perror(NULL); remove(tmp); }
  wt_free(bytes);
  return ok ? 0 : -1;
}

int wt_cmd_compile(int argc, char **argv) {
  const char *file = NULL, *out = NULL;
  for (int i = 1; i < argc; i++) {
    if (is_help(argv[i])) { fputs(COMPILE_HELP, stdout); return 0; }
    if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (!strncmp(argv[i], "--output=", 9)) out = argv[i] + 9;
    else if (argv[i][0] != '-' && !file) file = argv[i];
    else { fputs(COMPILE_HELP, stderr); return 2; }
  }
  if (!file) { fputs(COMPILE_HELP, stderr); return 2; }
  char def[4096];
  if (!out) { default_out(file, def, sizeof def); out = def; }
  if (wt_cli_file_kind(file) == 'e') { /* a .cwasm: native code already, module's or component's */
    fprintf(stderr, "wt compile: error: %s is precompiled already (native code): compile takes a .wasm or .wat\n", file);
    return 1;
  }
  wt_engine *e = NULL;
  wt_module *m = NULL;
  int rc = wt_engine_new(NULL, &e);
  if (!rc) rc = wt_module_from_file(e, file, &m);
  if (rc == WT_MALFORMED && wt_cli_file_kind(file) == 'c') rc = compile_component(e, file, out);
  else if (!rc) rc = wt_module_serialize_file(m, out);
  wt_module_delete(m);
  wt_engine_delete(e);
  return rc < 0 ? 1 : rc ? fail("compile", rc) : 0;
}

/* ---- inspect ---- */

static const char INSPECT_HELP[] =
    "usage: wt inspect [--allow-precompiled] FILE\n"
    "Lists the imports and exports of a module (.wasm, .wat or .cwasm) with\n"
    "their types; for a component, its imports and exports as a WIT world.\n"
    "A precompiled FILE (.cwasm) is native code: loading it runs as such, so\n"
    "it needs --allow-precompiled.\n";

static void print_type(const char *a, const char *b, const wt_extern_type *t) {
  char buf[1024];
  wt_extern_type_format(t, buf, sizeof buf);
  printf("  %s%s%s: %s\n", a, b ? "::" : "", b ? b : "", buf);
}

static void list_items(const wt_module *m) {
  size_t ni = 0, ne = 0;
  if (wt_module_import_count(m, &ni) || wt_module_export_count(m, &ne))
    fprintf(stderr, "wt: %s\n", wt_errmsg());
  printf("imports (%zu):\n", ni);
  for (size_t i = 0; i < ni; i++) {
    wt_import imp;
    if (wt_module_import_nth(m, i, &imp) == WT_OK) print_type(imp.module, imp.name, &imp.type);
  }
  printf("exports (%zu):\n", ne);
  for (size_t i = 0; i < ne; i++) {
    wt_export ex;
    if (wt_module_export_nth(m, i, &ex) == WT_OK) print_type(ex.name, NULL, &ex.type);
  }
}

/* A component's imports and exports as a WIT world. */
static int inspect_component(wt_engine *e, const char *file) {
  wt_component *c = NULL;
  size_t len = 0;
  int rc = wt_component_from_file(e, file, &c);
  if (!rc) rc = wt_component_format(c, NULL, 0, &len);
  char *buf = rc ? NULL : malloc(len + 1);
  if (!rc && !buf) rc = WT_NOMEM;
  if (!rc) rc = wt_component_format(c, buf, len + 1, &len);
  if (!rc) fputs(buf, stdout);
  if (!rc && len && buf[len - 1] != '\n') putchar('\n');
  free(buf);
  wt_component_delete(c);
  return rc;
}

int wt_cmd_inspect(int argc, char **argv) {
  if (argc >= 2 && is_help(argv[1])) { fputs(INSPECT_HELP, stdout); return 0; }
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.allow_precompiled = argc == 3 && !strcmp(argv[1], "--allow-precompiled");
  if (argc != 2 + o.allow_precompiled || argv[argc - 1][0] == '-') { fputs(INSPECT_HELP, stderr); return 2; }
  wt_engine *e = NULL;
  wt_module *m = NULL;
  int rc = wt_engine_new(&o, &e);
  if (!rc) rc = wt_module_from_file(e, argv[argc - 1], &m);
  /* the module side says WT_MALFORMED for a component: binary, text or precompiled */
  int kind = rc == WT_MALFORMED ? wt_cli_file_kind(argv[argc - 1]) : 0;
  if (kind == 'c' || kind == 'e') {
    char why[2048];
    snprintf(why, sizeof why, "%s", wt_errmsg());
    int crc = inspect_component(e, argv[argc - 1]);
    if (crc == WT_INVALID && kind == 'e')
      fprintf(stderr, "wt inspect: error: %s is a precompiled component (native code, run as it is): refused "
              "without --allow-precompiled\n", argv[argc - 1]);
    else if (crc && kind == 'e') fprintf(stderr, "wt inspect: error: %s\n", why); /* no component either */
    rc = crc && kind == 'e' ? -1 : crc;
  } else if (!rc) list_items(m);
  wt_module_delete(m);
  wt_engine_delete(e);
  return rc < 0 ? 1 : rc ? fail("inspect", rc) : 0;
}

/* ---- cache ---- */

static const char CACHE_HELP[] =
    "usage: wt cache stats|clear\n"
    "  stats   the compiled-module cache folder: entries and bytes\n"
    "  clear   removes every cached module\n"
    "The folder is $WT_CACHE_DIR, else $XDG_CACHE_HOME/wt, else ~/.cache/wt.\n";

static int cache_report(int rc) {
  if (rc == WT_UNSUPPORTED || rc == WT_INVALID) {
    fprintf(stderr, "wt cache: the compiled-module cache is not available: %s\n", wt_errmsg());
    return 1;
  }
  return rc ? fail("cache", rc) : 0;
}

static int cache_stats(wt_engine *e) {
  wt_cache_stats st;
  int rc = wt_engine_cache_stats(e, &st);
  if (rc) return cache_report(rc);
  printf("directory: %s\nentries:   %llu\nbytes:     %llu\n", st.dir ? st.dir : "(none: not used)",
         (unsigned long long)st.entries, (unsigned long long)st.bytes);
  if (st.error) fprintf(stderr, "wt cache: %s\n", st.error);
  return st.dir ? 0 : 1;
}

int wt_cmd_cache(int argc, char **argv) {
  if (argc >= 2 && is_help(argv[1])) { fputs(CACHE_HELP, stdout); return 0; }
  bool stats = argc == 2 && !strcmp(argv[1], "stats"), clear = argc == 2 && !strcmp(argv[1], "clear");
  if (!stats && !clear) { fputs(CACHE_HELP, stderr); return 2; }
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.cache = true;
  wt_engine *e = NULL;
  int rc = wt_engine_new(&o, &e);
  if (rc) return cache_report(rc);
  if (stats) rc = cache_stats(e);
  else if (!(rc = cache_report(wt_engine_cache_clear(e)))) printf("cache cleared\n");
  wt_engine_delete(e);
  return rc;
}
