/* main.c - runs every registered test; prints "N passed, M failed". */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static test_case *head, **tail = &head;
int harness_failed;
const char *harness_skipped;

int wasmtime_major(void) {
  int major = 0;
  return wt_init(NULL) == WT_OK && sscanf(wt_wasmtime_version(), "%d", &major) == 1 ? major : 0;
}
static child_case *children;

void harness_register_child(child_case *c) {
  c->next = children;
  children = c;
}

int run_child(const char *name, const char *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("WT_TEST_CHILD", name, 1);
    setenv("WT_TEST_ARG", arg ? arg : "", 1);
    execl("/proc/self/exe", "unit", (char *)NULL);
    _exit(127);
  }
  int st = 0;
  if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}

static int child_main(const char *name) {
  for (child_case *c = children; c; c = c->next)
    if (!strcmp(c->name, name)) return c->fn(getenv("WT_TEST_ARG"));
  return 126;
}

void harness_register(test_case *t) {
  *tail = t; /* registration order: file by file, top to bottom */
  tail = &t->next;
}

int fixture_open(fixture *f, const wt_engine_options *opts, const char *wat) {
  int rc;
  memset(f, 0, sizeof *f);
  if ((rc = wt_engine_new(opts, &f->engine)) || (rc = wt_store_new(f->engine, NULL, NULL, &f->store)) ||
      (rc = wt_linker_new(f->engine, &f->linker)) ||
      (wat && (rc = wt_module_from_wat(f->engine, wat, strlen(wat), &f->module)))) {
    fprintf(stderr, "  fixture: %s: %s\n", wt_strerror(rc), wt_errmsg());
    harness_failed++;
    return rc;
  }
  f->cx = wt_store_context(f->store);
  return WT_OK;
}

int fixture_instantiate(fixture *f) {
  int rc = wt_linker_instantiate(f->linker, f->cx, f->module, &f->inst);
  if (rc) {
    fprintf(stderr, "  fixture: instantiate: %s: %s\n", wt_strerror(rc), wt_errmsg());
    harness_failed++;
  }
  return rc;
}

void fixture_close(fixture *f) {
  wt_module_delete(f->module);
  wt_linker_delete(f->linker);
  wt_store_delete(f->store);
  wt_engine_delete(f->engine);
  memset(f, 0, sizeof *f);
}

char *temp_dir(void) {
  char *d = strdup("/tmp/wt-test-XXXXXX");
  if (!d || !mkdtemp(d)) { free(d); return NULL; }
  return d;
}

void rm_rf(const char *path) {
  char cmd[512];
  if (!path || strncmp(path, "/tmp/wt-", 8) != 0) return; /* never anything else */
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  if (system(cmd) != 0) fprintf(stderr, "  rm -rf %s failed\n", path);
}

int write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(data, 1, len, f) == len;
  if (f) ok = fclose(f) == 0 && ok;
  return ok ? 0 : -1;
}

int main(int argc, char **argv) {
  int passed = 0, failed = 0, skipped = 0;
  if (getenv("WT_TEST_CHILD")) return child_main(getenv("WT_TEST_CHILD"));
  const char *only = argc > 1 ? argv[1] : NULL; /* run tests whose name contains argv[1] */
  for (test_case *t = head; t; t = t->next) {
    if (only && !strstr(t->name, only)) continue;
    harness_failed = 0;
    harness_skipped = NULL;
    t->fn();
    if (harness_failed) { failed++; printf("FAIL %s (%s)\n", t->name, t->file); }
    else if (harness_skipped) { skipped++; printf("SKIPPED %s: Wasmtime %s %s\n", t->name, wt_wasmtime_version(), harness_skipped); }
    else { passed++; printf("ok   %s\n", t->name); }
    fflush(stdout);
  }
  if (skipped) printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  else printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
