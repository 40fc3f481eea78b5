/*
 * component.c - a component with a host function, called with strings.
 *
 * Loads examples/greet_host.wat (a component in text; any component file
 * given as the first argument instead), defines the host function it
 * imports, wt:demo/host#log, calls its export greet: func(name: string) ->
 * string and prints the result. A call with an argument of the wrong type
 * is refused before it reaches the guest, and the store stays usable.
 * Build: make; run from the repository root: build/component.
 */
#include <stdio.h>
#include <string.h>

#include "wt.h"

/* log: func(msg: string). The argument's type was checked by wt; the
 * string is wt's, valid until this returns. */
static wt_status host_log(void *env, wt_context *cx, const wt_cval *args, size_t nargs, wt_cval *result) {
  (void)env, (void)cx, (void)nargs, (void)result;
  printf("[host] log: %.*s\n", (int)args[0].of.str.len, args[0].of.str.ptr);
  return WT_OK;
}

static int fail(const char *what, wt_status rc) {
  fprintf(stderr, "component: %s failed (%s): %s\n", what, wt_strerror(rc), wt_errmsg());
  return 1;
}

/* greet(name), its result printed. */
static wt_status greet(wt_context *cx, wt_cfunc *fn, const char *name) {
  wt_cval arg = wt_cval_string(name), result;
  wt_status rc = wt_cfunc_call(cx, fn, &arg, 1, &result);
  if (rc == WT_OK) printf("greet(\"%s\") = \"%s\"\n", name, result.of.str.ptr);
  wt_cval_release(&result); /* the string wt allocated */
  return rc;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "examples/greet_host.wat";
  wt_engine *engine = NULL;
  wt_store *store = NULL;
  wt_clinker *linker = NULL;
  wt_component *component = NULL;
  wt_cfunc *fn = NULL;
  wt_cinstance inst;
  wt_status rc;
  int status = 1;

  if ((rc = wt_engine_new(NULL, &engine))) return fail("loading Wasmtime", rc);
  if ((rc = wt_store_new(engine, NULL, NULL, &store)) || (rc = wt_clinker_new(engine, &linker)) ||
      (rc = wt_clinker_define_func(linker, "wt:demo/host#log", host_log, NULL, NULL))) {
    fail("setup", rc);
    goto out;
  }
  wt_context *cx = wt_store_context(store);
  if ((rc = wt_component_from_file(engine, path, &component)) ||
      (rc = wt_clinker_instantiate(linker, cx, component, &inst)) ||
      (rc = wt_cinstance_get_func(cx, &inst, "greet", &fn))) {
    fail(path, rc);
    goto out;
  }
  char sig[128];
  wt_cfunc_sig_format(wt_cfunc_type(fn), sig, sizeof sig);
  printf("%s exports greet: %s\n", path, sig);

  if ((rc = greet(cx, fn, "wt"))) { fail("greet", rc); goto out; }

  wt_cval wrong = wt_cval_u32(42), result;
  rc = wt_cfunc_call(cx, fn, &wrong, 1, &result);
  printf("greet(42) refused: %s: %s\n", wt_strerror(rc), wt_errmsg());
  if (rc != WT_TYPE) goto out;

  if ((rc = greet(cx, fn, "components"))) { fail("greet after the refused call", rc); goto out; }
  status = 0;

out:
  wt_cfunc_delete(fn);
  wt_component_delete(component);
  wt_clinker_delete(linker);
  wt_store_delete(store);
  wt_engine_delete(engine);
  return status;
}
