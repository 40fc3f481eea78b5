/* test_loader.c - finding libwasmtime.so, missing library, missing symbol,
 * idempotent and thread-safe init. Failing loads run in forked children:
 * a successful wt_init is sticky for the process. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* Exit codes: 0 as expected, 1..n which expectation failed. */
CHILD(load_missing) {
  const char *path = arg;
  if (wt_init(path) != WT_LOAD) return 1;
  if (!strstr(wt_errmsg(), "tried:") || !strstr(wt_errmsg(), path)) return 2;
  if (!strstr(wt_errmsg(), "path given to wt_init")) return 3;
  if (wt_library_path() != NULL) return 4;
  wt_engine *e = NULL; /* after a failure the next call searches again (default order) */
  if (wt_engine_new(NULL, &e) != WT_OK || e == NULL) return 5;
  wt_engine_delete(e);
  return 0;
}

TEST(loader_missing_library_lists_what_was_tried) {
  CHECK(run_child("load_missing", "/nonexistent/libwasmtime.so") == 0);
}

CHILD(env_missing) {
  const char *path = arg;
  setenv("WT_WASMTIME_LIB", path, 1);
  if (wt_init(NULL) != WT_LOAD) return 1;
  return strstr(wt_errmsg(), "WT_WASMTIME_LIB") && strstr(wt_errmsg(), path) ? 0 : 2;
}

TEST(loader_env_variable_is_final) { CHECK(run_child("env_missing", "/nonexistent/env/libwasmtime.so") == 0); }

/* The message must name a required symbol the fake lacks. */
CHILD(load_fake) {
  const char *path = arg, *at;
  char name[128] = "";
  if (wt_init(path) != WT_LOAD) return 1;
  if (!(at = strstr(wt_errmsg(), "required symbol "))) return 2;
  if (sscanf(at + strlen("required symbol "), "%127s", name) != 1 || strncmp(name, "was", 3)) return 3;
  if (!strcmp(name, "wasm_config_new") || !strcmp(name, "wasi_config_inherit_network")) return 4;
  return strstr(wt_errmsg(), path) && wt_library_path() == NULL ? 0 : 5;
}

/* A shared library with a few Wasmtime names but not all: the first
 * witness passes, then the loader must name a missing required symbol. */
TEST(loader_missing_symbol_is_named) {
  char *dir = temp_dir(), src[300], so[300], cmd[1000];
  CHECK(dir != NULL);
  if (!dir) return;
  snprintf(src, sizeof src, "%s/fake.c", dir);
  snprintf(so, sizeof so, "%s/libwasmtime.so", dir);
  const char *code = "void wasi_config_inherit_network(void){}\n"
                     "void wasmtime_component_fixed_length_list_type_clone(void){}\n"
                     "void wasm_config_new(void){}\n";
  CHECK(write_file(src, code, strlen(code)) == 0);
  snprintf(cmd, sizeof cmd, "cc -shared -fPIC -o '%s' '%s'", so, src);
  CHECK(system(cmd) == 0);
  CHECK(run_child("load_fake", so) == 0);
  rm_rf(dir);
  free(dir);
}

CHILD(load_foreign) {
  const char *path = arg;
  if (wt_init(path) != WT_LOAD) return 1;
  return strstr(wt_errmsg(), "older than any line") ? 0 : 2;
}

TEST(loader_refuses_a_library_of_no_known_abi_line) {
  CHECK(run_child("load_foreign", "libm.so.6") == 0); /* loads, but is not Wasmtime */
}

static pthread_barrier_t start_line;

static void *init_thread(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start_line); /* all threads call wt_init at once */
  intptr_t rc = wt_init(NULL);
  wt_engine *e = NULL; /* and use the table at once */
  if (rc == WT_OK && (rc = wt_engine_new(NULL, &e)) == WT_OK) wt_engine_delete(e);
  return (void *)rc;
}

/* In a fresh process, so that the threads race for the first load. */
CHILD(init_race) {
  (void)arg;
  pthread_t t[8];
  void *rc[8];
  if (wt_library_path() != NULL) return 1; /* nothing loaded yet */
  pthread_barrier_init(&start_line, NULL, 8);
  for (int i = 0; i < 8; i++)
    if (pthread_create(&t[i], NULL, init_thread, NULL)) return 2;
  for (int i = 0; i < 8; i++) pthread_join(t[i], &rc[i]);
  for (int i = 0; i < 8; i++)
    if ((intptr_t)rc[i] != WT_OK) return 3;
  pthread_barrier_destroy(&start_line);
  return wt_library_path() ? 0 : 4;
}

TEST(loader_init_is_idempotent_and_thread_safe) {
  CHECK(run_child("init_race", NULL) == 0);
  CHECK_OK(wt_init(NULL));
  CHECK_OK(wt_init("/ignored/after/success.so"));
  CHECK(wt_library_path() != NULL);
  CHECK_STR(wt_abi_line(), "Wasmtime ");
  CHECK(strcmp(wt_wasmtime_version(), "unknown") != 0);
}

TEST(loader_capabilities_of_the_wheel_library) {
  CHECK(wt_has(WT_CAP_WAT));
  CHECK(wt_has(WT_CAP_WASI));
  CHECK(wt_has(WT_CAP_CACHE));
  CHECK(wt_has(WT_CAP_POOLING));
  CHECK(wt_has(WT_CAP_CAPTURE) == (wasmtime_major() >= 39)); /* wasi_config_set_stdout_custom: from 39 */
  CHECK(wt_has(WT_CAP_COMPONENT) == (wasmtime_major() >= 39)); /* the component types: from 39 */
}

TEST(error_strerror_names_every_code) {
  for (int c = WT_OK; c <= WT_CACHE; c++) CHECK(strcmp(wt_strerror(c), "unknown status") != 0);
  CHECK(strcmp(wt_strerror(-1), "unknown status") == 0);
  CHECK(strcmp(wt_strerror(999), "unknown status") == 0);
  CHECK_STR(wt_strerror(WT_TIMEOUT), "deadline");
}

TEST(error_delete_null_is_a_no_op) {
  wt_engine_delete(NULL);
  wt_store_delete(NULL);
  wt_module_delete(NULL);
  wt_linker_delete(NULL);
  wt_instance_pre_delete(NULL);
  wt_wasi_delete(NULL);
  wt_free(NULL);
  wt_val_release(NULL);
  CHECK(1);
}
