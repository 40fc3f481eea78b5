/*
 * quickstart.c - wasmtime-mojo's usage example, in C with wt.
 *
 * Compiles a module that exports add_int32 and imports the host function
 * env.widen_i32, calls both ways, and round-trips a string through linear
 * memory. Build and run: `make demo`.
 */
#include <stdio.h>
#include <string.h>

#include "wt.h"

static const char WAT[] =
    "(module\n"
    "  (import \"env\" \"widen_i32\" (func $widen (param i32) (result i64)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"add_int32\") (param i32 i32) (result i32)\n"
    "    local.get 0 local.get 1 i32.add)\n"
    "  (func (export \"widen_twice\") (param i32) (result i64)\n"
    "    local.get 0 call $widen local.get 0 call $widen i64.add))\n";

/* The host import: i32 -> i64, as in wasmtime-mojo's README. */
static wt_status widen_i32(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results,
                     size_t nresults) {
  (void)env, (void)caller, (void)nargs, (void)nresults;
  results[0] = wt_val_i64((int64_t)args[0].of.i32);
  return WT_OK;
}

static int fail(const char *what, wt_status rc) {
  fprintf(stderr, "quickstart: %s failed (%s): %s\n", what, wt_strerror(rc), wt_errmsg());
  return 1;
}

int main(void) {
  wt_engine *engine = NULL;
  wt_store *store = NULL;
  wt_linker *linker = NULL;
  wt_module *module = NULL;
  wt_instance inst;
  wt_func add, widen;
  wt_memory mem;
  wt_status rc;
  int status = 1;

  if ((rc = wt_engine_new(NULL, &engine))) return fail("loading Wasmtime", rc);
  printf("wt %s on Wasmtime %s (%s)\n", WT_VERSION, wt_wasmtime_version(), wt_library_path());
  if ((rc = wt_store_new(engine, NULL, NULL, &store)) || (rc = wt_linker_new(engine, &linker))) {
    fail("setup", rc);
    goto out;
  }
  wt_context *cx = wt_store_context(store);

  static const uint8_t i32[] = {WT_I32}, i64[] = {WT_I64};
  if ((rc = wt_linker_define_func(linker, "env", "widen_i32", i32, 1, i64, 1, widen_i32, NULL, NULL)) ||
      (rc = wt_module_from_wat(engine, WAT, strlen(WAT), &module)) ||
      (rc = wt_linker_instantiate(linker, cx, module, &inst)) ||
      (rc = wt_instance_get_func(cx, &inst, "add_int32", &add)) ||
      (rc = wt_instance_get_func(cx, &inst, "widen_twice", &widen)) ||
      (rc = wt_instance_get_memory(cx, &inst, "memory", &mem))) {
    fail("instantiation", rc);
    goto out;
  }

  int32_t sum;
  wt_val args[2] = {wt_val_i32(40), wt_val_i32(2)};
  if ((rc = wt_func_call_i32(cx, &add, args, 2, &sum))) { fail("add_int32", rc); goto out; }
  printf("add_int32(40, 2) = %d\n", sum);

  int64_t wide;
  wt_val big = wt_val_i32(2147483647);
  if ((rc = wt_func_call_i64(cx, &widen, &big, 1, &wide))) { fail("widen_twice", rc); goto out; }
  printf("widen_twice(2147483647) = %lld (through host import env.widen_i32)\n", (long long)wide);

  const char msg[] = "hello from the host";
  char back[sizeof msg];
  if ((rc = wt_memory_write(cx, &mem, 1024, msg, sizeof msg)) ||
      (rc = wt_memory_read(cx, &mem, 1024, back, sizeof back))) {
    fail("memory", rc);
    goto out;
  }
  printf("memory[1024] = \"%s\"\n", back);
  status = strcmp(msg, back) != 0;

out:
  wt_module_delete(module);
  wt_linker_delete(linker);
  wt_store_delete(store);
  wt_engine_delete(engine);
  return status;
}
