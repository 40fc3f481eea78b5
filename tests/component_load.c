/* component_load.c - loads components made by today's toolchain
 * (scripts/components-test.sh makes them with wasm-tools: WASI 0.2
 * commands from the preview1 guests of tests/wasi, and one from WAT) and
 * checks what wt does with each file, one line per check:
 *   COMPONENT   wt_component_from_file loads it; wt_module_from_file refuses
 *               it (WT_MALFORMED, naming wt_component_from_file); its
 *               serialization, written to a temporary file, loads with
 *               wt_component_deserialize_file; wt_component_from_file
 *               refuses that file without the engine option
 *               allow_precompiled (WT_INVALID) and loads it with it;
 *   -m MODULE   a core module (the guest a component was made from):
 *               wt_module_from_file loads it, wt_component_from_file
 *               refuses it (WT_MALFORMED, naming wt_module_from_file).
 * Usage: component_load [-m MODULE]... COMPONENT...
 * Temporary files go to $TMPDIR (/tmp) and are removed. Each check prints
 * "ok   FILE: CHECK" or "FAIL FILE: CHECK: why"; the last line is
 * "N passed, M failed" (exit 1 when M > 0). Not part of build/unit: its
 * input is made at test time by tools fetched into .deps/. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wt.h"

static int passed, failed;

static void result(bool ok, const char *file, const char *check, const char *why) {
  if (ok) {
    passed++;
    printf("ok   %s: %s\n", file, check);
  } else {
    failed++;
    printf("FAIL %s: %s: %s\n", file, check, why);
  }
}

/* The status of the last call and its message, for a FAIL line. */
static const char *got(wt_status rc) {
  static char buf[1200];
  if (rc == WT_OK) snprintf(buf, sizeof buf, "it succeeded");
  else snprintf(buf, sizeof buf, "got %s: %.1000s", wt_strerror(rc), wt_errmsg());
  return buf;
}

/* A call that must succeed. */
static void want_ok(wt_status rc, const char *file, const char *check) { result(rc == WT_OK, file, check, got(rc)); }

/* A call that must fail with `want`, its message naming `name` and `path`. */
static void want_fail(wt_status rc, wt_status want, const char *name, const char *path, const char *file,
                      const char *check) {
  char why[1400];
  bool ok = rc == want && strstr(wt_errmsg(), name) && strstr(wt_errmsg(), path);
  if (!ok && rc == want) snprintf(why, sizeof why, "the message does not say '%s' and %s: %.1000s", name, path, wt_errmsg());
  else snprintf(why, sizeof why, "want %s, %s", wt_strerror(want), got(rc));
  result(ok, file, check, why);
}

/* bytes[0..n) into a new temporary file; its path into path (size 4096). */
static bool write_temp(const uint8_t *bytes, size_t n, char *path, size_t size) {
  const char *dir = getenv("TMPDIR");
  snprintf(path, size, "%s/component_load.XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) return false;
  FILE *f = fdopen(fd, "wb");
  if (!f) { close(fd); unlink(path); return false; }
  bool ok = fwrite(bytes, 1, n, f) == n;
  if (fclose(f) != 0) ok = false;
  if (!ok) unlink(path);
  return ok;
}

static void check_component(wt_engine *e, wt_engine *trusting, const char *file) {
  wt_component *c = NULL, *c2 = NULL;
  wt_module *m = NULL;
  wt_status rc = wt_component_from_file(e, file, &c);
  want_ok(rc, file, "wt_component_from_file loads it");

  rc = wt_module_from_file(e, file, &m);
  want_fail(rc, WT_MALFORMED, "use wt_component_from_file", file, file,
            "wt_module_from_file refuses it (WT_MALFORMED, naming wt_component_from_file)");
  wt_module_delete(m);

  const char *deser = "wt_component_serialize, written to a file: wt_component_deserialize_file loads it";
  const char *refused = "its serialized file: wt_component_from_file refuses it without allow_precompiled (WT_INVALID)";
  const char *trusted = "its serialized file: wt_component_from_file loads it with allow_precompiled";
  if (!c) {
    result(false, file, deser, "no component to serialize");
    result(false, file, refused, "no component to serialize");
    result(false, file, trusted, "no component to serialize");
    return;
  }
  uint8_t *bytes = NULL;
  size_t n = 0;
  char path[4096];
  rc = wt_component_serialize(c, &bytes, &n);
  wt_component_delete(c);
  if (rc != WT_OK || !write_temp(bytes, n, path, sizeof path)) {
    const char *why = rc != WT_OK ? got(rc) : "cannot write a temporary file";
    result(false, file, deser, why);
    result(false, file, refused, why);
    result(false, file, trusted, why);
    wt_free(bytes);
    return;
  }
  wt_free(bytes);
  rc = wt_component_deserialize_file(e, path, &c2);
  want_ok(rc, file, deser);
  wt_component_delete(c2);
  c2 = NULL;

  rc = wt_component_from_file(e, path, &c2);
  want_fail(rc, WT_INVALID, "allow_precompiled", path, file, refused);
  wt_component_delete(c2);
  c2 = NULL;

  rc = wt_component_from_file(trusting, path, &c2);
  want_ok(rc, file, trusted);
  wt_component_delete(c2);
  unlink(path);
}

static void check_module(wt_engine *e, const char *file) {
  wt_module *m = NULL;
  wt_component *c = NULL;
  want_ok(wt_module_from_file(e, file, &m), file, "wt_module_from_file loads the core module");
  wt_module_delete(m);
  wt_status rc = wt_component_from_file(e, file, &c);
  want_fail(rc, WT_MALFORMED, "use wt_module_from_file", file, file,
            "wt_component_from_file refuses the core module (WT_MALFORMED, naming wt_module_from_file)");
  wt_component_delete(c);
}

int main(int argc, char **argv) {
  wt_engine *e = NULL, *trusting = NULL;
  wt_engine_options opts;
  int ncomponents = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-m") && i + 1 < argc) i++;
    else if (argv[i][0] == '-') { fprintf(stderr, "component_load: unknown option %s\n", argv[i]); return 2; }
    else ncomponents++;
  }
  if (ncomponents == 0) {
    fprintf(stderr, "usage: component_load [-m MODULE]... COMPONENT...\n");
    return 2;
  }
  wt_status rc = wt_init(NULL);
  if (rc != WT_OK) {
    result(false, "libwasmtime", "wt_init", got(rc));
    printf("%d passed, %d failed\n", passed, failed);
    return 1;
  }
  printf("component_load: Wasmtime %s (%s), %s\n", wt_wasmtime_version(), wt_abi_line(), wt_library_path());
  wt_engine_options_init(&opts);
  opts.allow_precompiled = true;
  if ((rc = wt_engine_new(NULL, &e)) != WT_OK || (rc = wt_engine_new(&opts, &trusting)) != WT_OK) {
    result(false, "engine", "wt_engine_new", got(rc));
    wt_engine_delete(e);
    printf("%d passed, %d failed\n", passed, failed);
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-m")) check_module(e, argv[++i]);
    else check_component(e, trusting, argv[i]);
  }
  wt_engine_delete(trusting);
  wt_engine_delete(e);
  printf("%d passed, %d failed\n", passed, failed);
  return failed > 0;
}
