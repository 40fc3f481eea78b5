/* test_clinker.c - the component linker: host functions by path (nested
 * instances, several in one instance, a result of the wrong type, a
 * failure, scratch memory, finalizers), host and guest resources,
 * core modules, unknown imports as traps, WASI 0.2 (the store without a
 * configuration refused where Wasmtime would abort; a real WASI 0.2
 * command made at test time by wasm-tools and the preview1 adapter, its
 * stdout captured, with args and env). */
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

extern char **environ;

/* The guest's heap: memory and a bump realloc, in a module of their own
 * (the lowered imports need them before the main module is instantiated). */
#define HEAP                                                                                        \
  "  (core module $mm (memory (export \"mem\") 1) (global $bump (mut i32) (i32.const 1024))\n"     \
  "    (func (export \"realloc\") (param i32 i32 i32 i32) (result i32) (local $r i32)\n"           \
  "      global.get $bump local.get 2 i32.add i32.const 1 i32.sub\n"                              \
  "      i32.const 0 local.get 2 i32.sub i32.and local.tee $r local.get 3 i32.add global.set $bump local.get $r))\n" \
  "  (core instance $mi (instantiate $mm))\n"                                                       \
  "  (alias core export $mi \"mem\" (core memory $mem))\n"                                          \
  "  (alias core export $mi \"realloc\" (core func $realloc))\n"

static const char HOSTS[] =
    "(component\n"
    "  (import \"wt:demo/host\" (instance $h\n"
    "    (export \"add\" (func (param \"a\" u32) (param \"b\" u32) (result u32)))\n"
    "    (export \"greet\" (func (param \"name\" string) (result string)))\n"
    "    (export \"bad\" (func (result string)))\n"
    "    (export \"fail\" (func))))\n"
    "  (import \"a\" (instance $a (export \"b\" (instance (export \"f\" (func (result u32)))))))\n"
    HEAP
    "  (alias export $h \"add\" (func $add))\n"
    "  (alias export $h \"greet\" (func $greet))\n"
    "  (alias export $h \"bad\" (func $bad))\n"
    "  (alias export $h \"fail\" (func $fail))\n"
    "  (alias export $a \"b\" (instance $b))\n"
    "  (alias export $b \"f\" (func $f))\n"
    "  (core func $add_c (canon lower (func $add)))\n"
    "  (core func $greet_c (canon lower (func $greet) (memory $mem) (realloc $realloc)))\n"
    "  (core func $bad_c (canon lower (func $bad) (memory $mem) (realloc $realloc)))\n"
    "  (core func $fail_c (canon lower (func $fail)))\n"
    "  (core func $f_c (canon lower (func $f)))\n"
    "  (core module $m\n"
    "    (import \"h\" \"add\" (func $add (param i32 i32) (result i32)))\n"
    "    (import \"h\" \"greet\" (func $greet (param i32 i32 i32)))\n"
    "    (import \"h\" \"bad\" (func $bad (param i32)))\n"
    "    (import \"h\" \"fail\" (func $fail))\n"
    "    (import \"h\" \"f\" (func $f (result i32)))\n"
    "    (func (export \"call-add\") (param i32 i32) (result i32) local.get 0 local.get 1 call $add)\n"
    "    (func (export \"call-greet\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 8 call $greet i32.const 8)\n"
    "    (func (export \"call-bad\") (result i32) i32.const 8 call $bad i32.const 8)\n"
    "    (func (export \"call-fail\") call $fail)\n"
    "    (func (export \"call-f\") (result i32) call $f))\n"
    "  (core instance $i (instantiate $m (with \"h\" (instance (export \"add\" (func $add_c))\n"
    "    (export \"greet\" (func $greet_c)) (export \"bad\" (func $bad_c)) (export \"fail\" (func $fail_c))\n"
    "    (export \"f\" (func $f_c))))))\n"
    "  (func (export \"call-add\") (param \"a\" u32) (param \"b\" u32) (result u32) (canon lift (core func $i \"call-add\")))\n"
    "  (func (export \"call-greet\") (param \"name\" string) (result string)\n"
    "    (canon lift (core func $i \"call-greet\") (memory $mem) (realloc $realloc)))\n"
    "  (func (export \"call-bad\") (result string) (canon lift (core func $i \"call-bad\") (memory $mem) (realloc $realloc)))\n"
    "  (func (export \"call-fail\") (canon lift (core func $i \"call-fail\")))\n"
    "  (func (export \"call-f\") (result u32) (canon lift (core func $i \"call-f\"))))";

typedef struct hstate {
  int calls, finalized, ndtor;
  uint32_t reps[16];
} hstate;

static void fin(void *env) { ((hstate *)env)->finalized++; }

static wt_status h_add(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  (void)cx;
  ((hstate *)env)->calls++;
  if (n != 2 || a[0].kind != WT_CU32 || a[1].kind != WT_CU32 || !r) return WT_ERROR;
  *r = wt_cval_u32((uint32_t)(a[0].of.u + a[1].of.u));
  return WT_OK;
}

/* "Hello, NAME!" in scratch memory: freed by wt once it is copied. */
static wt_status h_greet(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  ((hstate *)env)->calls++;
  if (n != 1 || a[0].kind != WT_CSTRING || a[0].of.str.ptr[a[0].of.str.len] != 0) return WT_ERROR;
  void *mem = NULL;
  size_t len = a[0].of.str.len + 8;
  wt_status rc = wt_context_scratch(cx, len + 1, &mem);
  if (rc) return rc;
  snprintf(mem, len + 1, "Hello, %s!", a[0].of.str.ptr);
  *r = wt_cval_string_n(mem, len);
  return WT_OK;
}

static wt_status h_bad(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  (void)env, (void)cx, (void)a, (void)n;
  *r = wt_cval_u32(5); /* declared: string */
  return WT_OK;
}

static wt_status h_fail(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  (void)env, (void)cx, (void)a, (void)n;
  return r ? WT_INVALID : WT_ERROR;
}

static wt_status h_f(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  (void)env, (void)cx, (void)a;
  if (n || !r) return WT_ERROR;
  *r = wt_cval_u32(1234);
  return WT_OK;
}

static wt_status define_hosts(wt_clinker *l, hstate *h) {
  wt_status rc = wt_clinker_define_func(l, "wt:demo/host#add", h_add, h, fin);
  if (!rc) rc = wt_clinker_define_func(l, "wt:demo/host#greet", h_greet, h, fin); /* a second one in the instance */
  if (!rc) rc = wt_clinker_define_func(l, "wt:demo/host#bad", h_bad, h, fin);
  if (!rc) rc = wt_clinker_define_func(l, "wt:demo/host#fail", h_fail, h, fin);
  if (!rc) rc = wt_clinker_define_func(l, "a#b#f", h_f, h, fin); /* nested instances */
  return rc;
}

static wt_cfunc *get(wt_context *cx, const wt_cinstance *inst, const char *name) {
  wt_cfunc *fn = NULL;
  CHECK_OK(wt_cinstance_get_func(cx, inst, name, &fn));
  return fn;
}

TEST(clinker_host_functions_by_path_are_called_with_checked_values) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL;
  hstate h = {0};
  wt_cinstance inst;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  CHECK_OK(wt_component_from_wat(e, HOSTS, strlen(HOSTS), &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_RC(wt_clinker_instantiate(l, cx, c, &inst), WT_ERROR); /* nothing defined yet */
  CHECK_STR(wt_errmsg(), "wt:demo/host");
  CHECK_OK(define_hosts(l, &h));
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));

  wt_cfunc *add = get(cx, &inst, "call-add"), *greet = get(cx, &inst, "call-greet"), *f = get(cx, &inst, "call-f");
  wt_cval args[2] = {wt_cval_u32(40), wt_cval_u32(2)}, r;
  CHECK_OK(wt_cfunc_call(cx, add, args, 2, &r));
  CHECK(r.kind == WT_CU32 && r.of.u == 42);
  wt_cval name = wt_cval_string("wt");
  CHECK_OK(wt_cfunc_call(cx, greet, &name, 1, &r));
  CHECK(r.kind == WT_CSTRING && r.of.str.len == 10 && !strcmp(r.of.str.ptr, "Hello, wt!"));
  wt_cval_release(&r);
  name = wt_cval_string("\xc3\xa9t\xc3\xa9");
  CHECK_OK(wt_cfunc_call(cx, greet, &name, 1, &r));
  CHECK(r.kind == WT_CSTRING && !strcmp(r.of.str.ptr, "Hello, \xc3\xa9t\xc3\xa9!"));
  wt_cval_release(&r);
  CHECK_OK(wt_cfunc_call(cx, f, NULL, 0, &r));
  CHECK(r.of.u == 1234);
  CHECK(h.calls == 3);
  void *mem = (void *)1;
  CHECK_RC(wt_context_scratch(cx, 8, &mem), WT_INVALID); /* outside a host function */
  CHECK(mem == NULL);
  CHECK_STR(wt_errmsg(), "no host function of a component is running");
  wt_cfunc_delete(add);
  wt_cfunc_delete(greet);
  wt_cfunc_delete(f);
  CHECK(h.finalized == 0);
  wt_clinker_delete(l); /* the store's instance still holds the functions */
  wt_store_delete(s);
  CHECK(h.finalized == 5);
  wt_component_delete(c);
  wt_engine_delete(e);
}

TEST(clinker_a_host_result_of_the_wrong_type_and_a_failing_host_trap_the_guest) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL;
  hstate h = {0};
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_component_from_wat(e, HOSTS, strlen(HOSTS), &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(define_hosts(l, &h));
  const char *calls[] = {"call-bad", "call-fail"};
  const char *msgs[] = {"host function wt:demo/host#bad: result: expected string, got u32",
                        "host function failed: wasmtime error"};
  for (int i = 0; i < 2; i++) { /* each in a store of its own: a trap ends the store's component calls */
    wt_store *s = NULL;
    wt_cinstance inst;
    CHECK_OK(wt_store_new(e, NULL, NULL, &s));
    wt_context *cx = wt_store_context(s);
    CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));
    wt_cfunc *fn = get(cx, &inst, calls[i]);
    wt_cval r;
    CHECK_RC(wt_cfunc_call(cx, fn, NULL, 0, i ? NULL : &r), WT_TRAP);
    CHECK_STR(wt_errmsg(), msgs[i]);
    wt_cfunc_delete(fn);
    wt_store_delete(s);
  }
  wt_clinker_delete(l);
  CHECK(h.finalized == 5);
  wt_component_delete(c);
  wt_engine_delete(e);
}

TEST(clinker_definitions_conflict_unless_shadowing_and_a_refused_one_finalizes_at_once) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL;
  hstate h = {0}, h2 = {0};
  wt_cinstance inst;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  CHECK_OK(wt_component_from_wat(e, HOSTS, strlen(HOSTS), &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(define_hosts(l, &h));
  CHECK_RC(wt_clinker_define_func(l, "wt:demo/host#add", h_f, &h2, fin), WT_ERROR);
  CHECK_STR(wt_errmsg(), "\"wt:demo/host#add\" is defined already");
  CHECK(h2.finalized == 1);
  CHECK_RC(wt_clinker_define_func(l, "wt:demo/host#add#x", h_f, &h2, fin), WT_ERROR); /* a function, not an instance */
  CHECK_STR(wt_errmsg(), "\"add\" is defined already as a function");
  CHECK(h2.finalized == 2);
  CHECK_RC(wt_clinker_define_func(l, "wt:demo/host##x", h_f, &h2, fin), WT_INVALID);
  CHECK_STR(wt_errmsg(), "an empty name in the path");
  CHECK_RC(wt_clinker_define_func(l, "", h_f, &h2, fin), WT_INVALID);
  CHECK_RC(wt_clinker_define_func(l, "wt:demo/\xff#x", h_f, &h2, fin), WT_INVALID);
  CHECK_STR(wt_errmsg(), "not valid UTF-8");
  CHECK(h2.finalized == 5);
  /* shadowing: the new add replaces the old (which is finalized: nothing holds it) */
  CHECK_OK(wt_clinker_allow_shadowing(l, true));
  CHECK_OK(wt_clinker_define_func(l, "wt:demo/host#add", h_f, &h2, fin));
  CHECK(h.finalized == 1);
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));
  wt_cfunc *add = get(cx, &inst, "call-add"), *greet = get(cx, &inst, "call-greet");
  wt_cval args[2] = {wt_cval_u32(1), wt_cval_u32(2)}, r;
  CHECK_RC(wt_cfunc_call(cx, add, args, 2, &r), WT_TRAP); /* h_f takes no arguments: it fails */
  wt_cfunc_delete(add);
  wt_cfunc_delete(greet);
  wt_store_delete(s);
  /* the rest of the instance survived the redefinition, in a new store */
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  cx = wt_store_context(s);
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));
  greet = get(cx, &inst, "call-greet");
  wt_cval name = wt_cval_string("again");
  CHECK_OK(wt_cfunc_call(cx, greet, &name, 1, &r));
  CHECK(r.kind == WT_CSTRING && !strcmp(r.of.str.ptr, "Hello, again!"));
  wt_cval_release(&r);
  wt_cfunc_delete(greet);
  wt_store_delete(s);
  wt_clinker_delete(l);
  CHECK(h.finalized == 5 && h2.finalized == 6);
  wt_component_delete(c);
  wt_engine_delete(e);
}

TEST(clinker_unknown_imports_as_traps_and_core_modules) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL, *cm = NULL;
  wt_clinker *l = NULL;
  wt_module *m = NULL;
  wt_cinstance inst;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  CHECK_OK(wt_component_from_wat(e, HOSTS, strlen(HOSTS), &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(wt_clinker_define_unknown_imports_as_traps(l, c));
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));
  wt_cfunc *f = get(cx, &inst, "call-f");
  wt_cval r;
  CHECK_RC(wt_cfunc_call(cx, f, NULL, 0, &r), WT_TRAP);
  wt_cfunc_delete(f);
  wt_store_delete(s);
  wt_clinker_delete(l);
  /* a core module as an import */
  static const char wat[] =
      "(component\n"
      "  (import \"m\" (core module $M (export \"f\" (func (result i32)))))\n"
      "  (core instance $i (instantiate $M))\n"
      "  (func (export \"get\") (result u32) (canon lift (core func $i \"f\"))))";
  static const char mod[] = "(module (func (export \"f\") (result i32) i32.const 7))";
  CHECK_OK(wt_component_from_wat(e, wat, strlen(wat), &cm));
  CHECK_OK(wt_module_from_wat(e, mod, strlen(mod), &m));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(wt_clinker_define_module(l, "m", m));
  wt_module_delete(m); /* the linker has its own reference */
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  cx = wt_store_context(s);
  CHECK_OK(wt_clinker_instantiate(l, cx, cm, &inst));
  f = get(cx, &inst, "get");
  CHECK_OK(wt_cfunc_call(cx, f, NULL, 0, &r));
  CHECK(r.kind == WT_CU32 && r.of.u == 7);
  wt_cfunc_delete(f);
  /* another engine's component */
  wt_engine *e2 = NULL;
  CHECK_OK(wt_engine_new(NULL, &e2));
  wt_clinker *l2 = NULL;
  CHECK_OK(wt_clinker_new(e2, &l2));
  CHECK_RC(wt_clinker_instantiate(l2, cx, cm, &inst), WT_INVALID);
  CHECK(inst.p_[0] == 0 && inst.p_[1] == 0);
  wt_clinker_delete(l2);
  wt_engine_delete(e2);
  wt_store_delete(s);
  wt_clinker_delete(l);
  wt_component_delete(cm);
  wt_component_delete(c);
  wt_engine_delete(e);
}

/* ---- resources ---- */

/* The destructor syntax of resource types changed in 48's text format. */
static char *resource_wat(void) {
  static const char fmt[] =
      "(component\n"
      "  (import \"wt:demo/host\" (instance $h\n"
      "    (export \"file\" (type $file (sub resource)))\n"
      "    (export \"open\" (func (param \"n\" u32) (result (own $file))))\n"
      "    (export \"size\" (func (param \"f\" (borrow $file)) (result u32)))))\n"
      "  (alias export $h \"file\" (type $file))\n"
      "  (alias export $h \"open\" (func $open))\n"
      "  (alias export $h \"size\" (func $size))\n"
      "  (core func $open_c (canon lower (func $open)))\n"
      "  (core func $size_c (canon lower (func $size)))\n"
      "  (core func $fdrop (canon resource.drop $file))\n"
      "  (core module $dm (global $n (mut i32) (i32.const 0)) (global $last (mut i32) (i32.const 0))\n"
      "    (func (export \"dtor\") (param i32) global.get $n i32.const 1 i32.add global.set $n local.get 0 global.set $last)\n"
      "    (func (export \"drops\") (result i32) global.get $n)\n"
      "    (func (export \"last\") (result i32) global.get $last))\n"
      "  (core instance $di (instantiate $dm))\n"
      "  (alias core export $di \"dtor\" (core func $dtor))\n"
      "  (type $r (resource (rep i32) (dtor %s)))\n"
      "  (core func $new (canon resource.new $r))\n"
      "  (core module $m\n"
      "    (import \"\" \"new\" (func $new (param i32) (result i32)))\n"
      "    (import \"\" \"open\" (func $open (param i32) (result i32)))\n"
      "    (import \"\" \"size\" (func $size (param i32) (result i32)))\n"
      "    (import \"\" \"fdrop\" (func $fdrop (param i32)))\n"
      "    (func (export \"ctor\") (param i32) (result i32) local.get 0 call $new)\n"
      "    (func (export \"rep\") (param i32) (result i32) local.get 0)\n"
      "    (func (export \"id\") (param i32) (result i32) local.get 0)\n"
      "    (func (export \"measure\") (param i32) (result i32) (local $h i32) (local $n i32)\n"
      "      local.get 0 call $open local.tee $h call $size local.set $n local.get $h call $fdrop local.get $n)\n"
      "    (func (export \"openclose\") (param i32) local.get 0 call $open call $fdrop))\n"
      "  (core instance $i (instantiate $m (with \"\" (instance (export \"new\" (func $new))\n"
      "    (export \"open\" (func $open_c)) (export \"size\" (func $size_c)) (export \"fdrop\" (func $fdrop))))))\n"
      "  (export $R \"r\" (type $r))\n"
      "  (func (export \"[constructor]r\") (param \"v\" u32) (result (own $R)) (canon lift (core func $i \"ctor\")))\n"
      "  (func (export \"[method]r.get\") (param \"self\" (borrow $R)) (result u32) (canon lift (core func $i \"rep\")))\n"
      "  (func (export \"drops\") (result u32) (canon lift (core func $di \"drops\")))\n"
      "  (func (export \"last\") (result u32) (canon lift (core func $di \"last\")))\n"
      "  (func (export \"pass\") (param \"f\" (own $file)) (result (own $file)) (canon lift (core func $i \"id\")))\n"
      "  (func (export \"measure\") (param \"n\" u32) (result u32) (canon lift (core func $i \"measure\")))\n"
      "  (func (export \"openclose\") (param \"n\" u32) (canon lift (core func $i \"openclose\"))))";
  size_t n = sizeof fmt + 32;
  char *s = malloc(n);
  snprintf(s, n, fmt, wasmtime_major() >= 48 ? "(core func $dtor)" : "(func $dtor)");
  return s;
}

static wt_status h_dtor(void *env, wt_context *cx, uint32_t rep) {
  hstate *h = env;
  (void)cx;
  if (h->ndtor < 16) h->reps[h->ndtor] = rep;
  h->ndtor++;
  return WT_OK;
}

/* open(n) -> own<file>: a new host resource standing for n. */
static wt_status h_open(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  (void)env;
  wt_resource *res = NULL;
  if (n != 1 || a[0].kind != WT_CU32) return WT_ERROR;
  wt_status rc = wt_resource_new_host(cx, 7, (uint32_t)a[0].of.u, true, &res);
  if (rc) return rc;
  *r = wt_cval_resource(res, true); /* wt takes the handle */
  return WT_OK;
}

/* size(borrow<file>) -> u32: ten times its rep. */
static wt_status h_size(void *env, wt_context *cx, const wt_cval *a, size_t n, wt_cval *r) {
  (void)env;
  uint32_t type = 0, rep = 0;
  if (n != 1 || a[0].kind != WT_CBORROW || wt_resource_owned(a[0].of.resource)) return WT_ERROR;
  wt_status rc = wt_resource_rep(cx, a[0].of.resource, &type, &rep);
  if (rc) return rc;
  *r = wt_cval_u32(type == 7 ? rep * 10 : 0);
  return WT_OK;
}

static uint64_t call_u(wt_context *cx, const wt_cinstance *inst, const char *name, const wt_cval *args, size_t n) {
  wt_cfunc *fn = get(cx, inst, name);
  wt_cval r;
  uint64_t v = fn && !wt_cfunc_call(cx, fn, args, n, &r) && r.kind == WT_CU32 ? r.of.u : UINT64_MAX;
  wt_cfunc_delete(fn);
  return v;
}

TEST(clinker_guest_and_host_resources) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL;
  hstate h = {0};
  wt_cinstance inst;
  char *wat = resource_wat();
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  CHECK_OK(wt_component_from_wat(e, wat, strlen(wat), &c));
  free(wat);
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(wt_clinker_define_resource(l, "wt:demo/host#file", 7, h_dtor, &h, fin));
  CHECK_OK(wt_clinker_define_func(l, "wt:demo/host#open", h_open, &h, fin));
  CHECK_OK(wt_clinker_define_func(l, "wt:demo/host#size", h_size, &h, fin));
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));

  /* a guest resource: constructor, method (borrow), drop runs the guest's destructor */
  wt_cfunc *ctor = get(cx, &inst, "[constructor]r"), *mget = get(cx, &inst, "[method]r.get");
  wt_cval v = wt_cval_u32(42), r;
  CHECK_OK(wt_cfunc_call(cx, ctor, &v, 1, &r));
  CHECK(r.kind == WT_COWN && r.of.resource && wt_resource_owned(r.of.resource));
  wt_resource *g = r.of.resource;
  r.of.resource = NULL; /* kept: release leaves it */
  wt_cval_release(&r);
  wt_cval b = wt_cval_resource(g, false);
  CHECK_OK(wt_cfunc_call(cx, mget, &b, 1, &r));
  CHECK(r.kind == WT_CU32 && r.of.u == 42);
  uint32_t type = 1, rep = 1;
  CHECK_RC(wt_resource_rep(cx, g, &type, &rep), WT_TYPE); /* the guest's representation */
  CHECK(type == 0 && rep == 0);
  wt_cval own = wt_cval_resource(g, true);
  wt_cfunc *pass = get(cx, &inst, "pass");
  CHECK_RC(wt_cfunc_call(cx, pass, &own, 1, &r), WT_TYPE); /* a guest's r where own<file> is declared */
  CHECK_STR(wt_errmsg(), "pass: argument 1 (f): a handle of another resource type");
  CHECK(call_u(cx, &inst, "drops", NULL, 0) == 0);
  CHECK_OK(wt_resource_drop(cx, g));
  CHECK(call_u(cx, &inst, "drops", NULL, 0) == 1);
  CHECK(call_u(cx, &inst, "last", NULL, 0) == 42);
  CHECK_RC(wt_resource_drop(cx, g), WT_INVALID); /* twice */
  CHECK_STR(wt_errmsg(), "dropped");
  CHECK_RC(wt_cfunc_call(cx, mget, &b, 1, &r), WT_INVALID); /* Wasmtime would break the store */
  CHECK_STR(wt_errmsg(), "[method]r.get: argument 1 (self): the resource was dropped");
  wt_resource_delete(g);

  /* a host resource in and out: the handle moves, comes back, its destructor runs on drop */
  wt_resource *hr = NULL;
  CHECK_OK(wt_resource_new_host(cx, 7, 5, true, &hr));
  CHECK_OK(wt_resource_rep(cx, hr, &type, &rep));
  CHECK(type == 7 && rep == 5);
  wt_cval in = wt_cval_resource(hr, true), r2;
  CHECK_OK(wt_cfunc_call(cx, pass, &in, 1, &r));
  CHECK(r.kind == WT_COWN && wt_resource_owned(r.of.resource));
  CHECK_RC(wt_cfunc_call(cx, pass, &in, 1, &r2), WT_INVALID); /* hr moved into the guest */
  CHECK_STR(wt_errmsg(), "the handle was passed as an own<T> before");
  CHECK_RC(wt_resource_drop(cx, hr), WT_INVALID);
  CHECK(h.ndtor == 0);
  CHECK_OK(wt_resource_drop(cx, r.of.resource));
  CHECK(h.ndtor == 1 && h.reps[0] == 5);
  wt_cval_release(&r);
  wt_resource_delete(hr);
  /* taken into the host by wt_resource_rep: still an own<T> argument, no destructor on drop */
  CHECK_OK(wt_resource_new_host(cx, 7, 6, true, &hr));
  in = wt_cval_resource(hr, true);
  CHECK_OK(wt_cfunc_call(cx, pass, &in, 1, &r));
  CHECK_OK(wt_resource_rep(cx, r.of.resource, &type, &rep));
  CHECK(type == 7 && rep == 6);
  wt_cval back = wt_cval_resource(r.of.resource, true);
  CHECK_OK(wt_cfunc_call(cx, pass, &back, 1, &r2));
  CHECK_OK(wt_resource_rep(cx, r2.of.resource, &type, &rep));
  CHECK(type == 7 && rep == 6);
  CHECK_OK(wt_resource_drop(cx, r2.of.resource));
  CHECK(h.ndtor == 1);
  wt_cval_release(&r);
  wt_cval_release(&r2);
  wt_resource_delete(hr);

  /* the guest opens (a host function returns own<file>), borrows it to the host, drops it */
  v = wt_cval_u32(9);
  CHECK(call_u(cx, &inst, "measure", &v, 1) == 90);
  CHECK(h.ndtor == 2 && h.reps[1] == 9);
  wt_cfunc *oc = get(cx, &inst, "openclose");
  v = wt_cval_u32(11);
  CHECK_OK(wt_cfunc_call(cx, oc, &v, 1, NULL));
  CHECK(h.ndtor == 3 && h.reps[2] == 11);

  /* a borrow handle is not dropped, and one handle twice as own<T> in a call is refused */
  wt_resource *br = NULL;
  wt_status rc = wt_resource_new_host(cx, 7, 3, false, &br); /* Wasmtime before 50 cannot make one */
  CHECK(wasmtime_major() >= 50 ? rc == WT_OK : rc == WT_UNSUPPORTED && !br);
  if (br) {
    CHECK(!wt_resource_owned(br));
    CHECK_RC(wt_resource_drop(cx, br), WT_INVALID);
    CHECK_RC(wt_cfunc_call(cx, pass, &(wt_cval){WT_COWN, {.resource = br}}, 1, &r), WT_TYPE);
    CHECK_STR(wt_errmsg(), "expected own<T>, got a borrowed handle");
    wt_resource_delete(br);
  }
  wt_resource_delete(NULL);
  CHECK(!wt_resource_owned(NULL));
  CHECK(call_u(cx, &inst, "drops", NULL, 0) == 1); /* the store is still usable */

  wt_cfunc_delete(ctor);
  wt_cfunc_delete(mget);
  wt_cfunc_delete(pass);
  wt_cfunc_delete(oc);
  wt_store_delete(s);
  wt_clinker_delete(l);
  CHECK(h.finalized == 3);
  wt_component_delete(c);
  wt_engine_delete(e);
}

/* ---- WASI 0.2 ---- */

/* Imports wasi:cli/exit: run() calls exit(err). */
static const char EXITS[] =
    "(component\n"
    "  (import \"wasi:cli/exit@0.2.0\" (instance $x (export \"exit\" (func (param \"status\" (result))))))\n"
    "  (alias export $x \"exit\" (func $exit))\n"
    "  (core func $exit_c (canon lower (func $exit)))\n"
    "  (core module $m (import \"\" \"exit\" (func $exit (param i32)))\n"
    "    (func (export \"run\") i32.const 1 call $exit))\n"
    "  (core instance $i (instantiate $m (with \"\" (instance (export \"exit\" (func $exit_c))))))\n"
    "  (func (export \"run\") (canon lift (core func $i \"run\"))))";

TEST(clinker_wasi_without_the_store_configuration_is_refused_not_an_abort) {
  NEED_COMPONENTS();
  if (!wt_has(WT_CAP_WASIP2)) SKIP("has no WASI 0.2 (wasmtime_component_linker_add_wasip2)");
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL;
  wt_cinstance inst;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  CHECK_OK(wt_component_from_wat(e, EXITS, strlen(EXITS), &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(wt_clinker_define_wasi(l));
  CHECK_RC(wt_clinker_define_wasi(l), WT_ERROR); /* defined already */
  CHECK_RC(wt_clinker_instantiate(l, cx, c, &inst), WT_INVALID);
  CHECK_STR(wt_errmsg(), "the component imports WASI 0.2 (wasi:cli/exit@0.2.0) but the store has no WASI configuration");
  wt_wasi *w = NULL;
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_store_set_wasi(s, w));
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));
  wt_cfunc *run = get(cx, &inst, "run");
  CHECK_RC(wt_cfunc_call(cx, run, NULL, 0, NULL), WT_EXIT);
  CHECK(wt_exit_code() == 1);
  wt_cfunc_delete(run);
  wt_store_delete(s);
  wt_clinker_delete(l);
  wt_component_delete(c);
  wt_engine_delete(e);
}

/* Wasmtime lets a host definition into an instance of WASI's replace the
 * whole instance (its other functions gone): wt refuses the mix, in either
 * order, shadowing or not. Found by an outside review: the old code
 * returned WT_OK and the component then missed WASI's other functions. */
TEST(clinker_host_definitions_never_mix_into_wasi_interfaces) {
  NEED_COMPONENTS();
  if (!wt_has(WT_CAP_WASIP2)) SKIP("has no WASI 0.2 (wasmtime_component_linker_add_wasip2)");
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL, *own = NULL;
  hstate h = {0};
  wt_cinstance inst;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_component_from_wat(e, EXITS, strlen(EXITS), &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(wt_clinker_define_wasi(l));
  CHECK_RC(wt_clinker_define_func(l, "wasi:cli/exit@0.2.0#exit", h_f, &h, fin), WT_ERROR);
  CHECK_STR(wt_errmsg(), "\"wasi:cli/exit@0.2.0\" is WASI's");
  CHECK(h.finalized == 1);
  CHECK_OK(wt_clinker_allow_shadowing(l, true));
  CHECK_RC(wt_clinker_define_func(l, "wasi:cli/environment@0.2.0#get-arguments", h_f, &h, fin), WT_ERROR);
  CHECK(h.finalized == 2);
  /* WASI's interface is whole: the component runs its exit */
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  wt_wasi *w = NULL;
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_store_set_wasi(s, w));
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));
  wt_cfunc *run = get(cx, &inst, "run");
  CHECK_RC(wt_cfunc_call(cx, run, NULL, 0, NULL), WT_EXIT);
  wt_cfunc_delete(run);
  wt_store_delete(s);
  /* without WASI a host may define wasi: names of its own, and WASI then
   * refuses to join them */
  CHECK_OK(wt_clinker_new(e, &own));
  CHECK_OK(wt_clinker_define_func(own, "wasi:cli/exit@0.2.0#exit", h_f, &h, fin));
  CHECK_RC(wt_clinker_define_wasi(own), WT_ERROR);
  CHECK_STR(wt_errmsg(), "\"wasi:cli/exit@0.2.0\" is defined already by the host");
  wt_clinker_delete(own);
  CHECK(h.finalized == 3);
  wt_clinker_delete(l);
  wt_component_delete(c);
  wt_engine_delete(e);
}

/* A preview1 program (WAT) that prints its args and env, one a line (one
 * buffer a write: the adapter writes the first of several). */
static const char PRINTER[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"args_sizes_get\" (func $asz (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"args_get\" (func $aget (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"environ_sizes_get\" (func $esz (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"environ_get\" (func $eget (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $write (param i32 i32 i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 2)\n"
    "  (func $puts (param $p i32) (local $n i32)\n"
    "    (block $d (loop $l (br_if $d (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))\n"
    "      (local.set $n (i32.add (local.get $n) (i32.const 1))) (br $l)))\n"
    "    (i32.store (i32.const 8000) (local.get $p)) (i32.store (i32.const 8004) (local.get $n))\n"
    "    (drop (call $write (i32.const 1) (i32.const 8000) (i32.const 1) (i32.const 8016)))\n"
    "    (i32.store (i32.const 8008) (i32.const 8100)) (i32.store (i32.const 8012) (i32.const 1))\n"
    "    (i32.store8 (i32.const 8100) (i32.const 10))\n"
    "    (drop (call $write (i32.const 1) (i32.const 8008) (i32.const 1) (i32.const 8016))))\n"
    "  (func $all (param $n i32) (local $i i32)\n"
    "    (block $d (loop $l (br_if $d (i32.ge_u (local.get $i) (local.get $n)))\n"
    "      (call $puts (i32.load (i32.add (i32.const 16) (i32.mul (local.get $i) (i32.const 4)))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l))))\n"
    "  (func (export \"_start\")\n"
    "    (drop (call $asz (i32.const 0) (i32.const 4))) (drop (call $aget (i32.const 16) (i32.const 1024)))\n"
    "    (call $all (i32.load (i32.const 0)))\n"
    "    (drop (call $esz (i32.const 0) (i32.const 4))) (drop (call $eget (i32.const 16) (i32.const 1024)))\n"
    "    (call $all (i32.load (i32.const 0)))))";

/* wasm-tools and the preview1 command adapter: $WT_WASM_TOOLS and
 * $WT_COMPONENT_ADAPTER, else what scripts/fetch-component-tools.sh put in .deps. */
static bool find_tool(const char *env, const char *pattern, char *out, size_t size) {
  const char *v = getenv(env);
  if (v && *v) {
    snprintf(out, size, "%s", v);
    return access(out, R_OK) == 0;
  }
  char cmd[300];
  snprintf(cmd, sizeof cmd, "ls -d %s 2>/dev/null | tail -n 1", pattern);
  FILE *p = popen(cmd, "r");
  bool ok = p && fgets(out, (int)size, p);
  if (p) pclose(p);
  if (ok) out[strcspn(out, "\n")] = 0;
  return ok && *out && access(out, R_OK) == 0;
}

static int run_tool(char *const argv[]) {
  pid_t pid;
  int status = 0;
  if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ)) return -1;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

typedef struct capture { char buf[1024]; size_t len; int finalized; } capture;
static ptrdiff_t capture_write(void *env, const unsigned char *data, size_t len) {
  capture *c = env;
  size_t room = sizeof c->buf - 1 - c->len, n = len < room ? len : room;
  memcpy(c->buf + c->len, data, n);
  c->len += n;
  c->buf[c->len] = 0;
  return (ptrdiff_t)len;
}
static void capture_done(void *env) { ((capture *)env)->finalized++; }

TEST(clinker_a_wasi_02_command_prints_its_args_and_env_to_captured_stdout) {
  NEED_COMPONENTS();
  if (!wt_has(WT_CAP_WASIP2)) SKIP("has no WASI 0.2 (wasmtime_component_linker_add_wasip2)");
  if (!wt_has(WT_CAP_CAPTURE)) SKIP("has no WASI output capture");
  char tools[600], adapter[600];
  if (!find_tool("WT_WASM_TOOLS", ".deps/wasm-tools-*/bin/wasm-tools", tools, sizeof tools) ||
      !find_tool("WT_COMPONENT_ADAPTER", ".deps/component-adapter-*/wasi_snapshot_preview1.command.wasm", adapter, sizeof adapter))
    SKIP("needs wasm-tools and the preview1 adapter: run scripts/fetch-component-tools.sh (or set WT_WASM_TOOLS, WT_COMPONENT_ADAPTER)");
  char *dir = temp_dir(), core[300], comp[300], adapt[700];
  uint8_t *wasm = NULL;
  size_t n = 0;
  snprintf(core, sizeof core, "%s/printer.wasm", dir);
  snprintf(comp, sizeof comp, "%s/printer.component.wasm", dir);
  snprintf(adapt, sizeof adapt, "wasi_snapshot_preview1=%s", adapter);
  CHECK_OK(wt_wat_to_wasm(PRINTER, strlen(PRINTER), &wasm, &n));
  CHECK(write_file(core, wasm, n) == 0);
  wt_free(wasm);
  char *argv[] = {tools, "component", "new", core, "--adapt", adapt, "-o", comp, NULL};
  CHECK(run_tool(argv) == 0);

  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL;
  wt_wasi *w = NULL;
  wt_cinstance inst;
  capture out = {{0}, 0, 0};
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_context *cx = wt_store_context(s);
  CHECK_OK(wt_component_from_file(e, comp, &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_OK(wt_clinker_define_wasi(l));
  CHECK_OK(wt_wasi_new(&w));
  const char *args[] = {"printer", "one", "t\xc3\xa9o"};
  CHECK_OK(wt_wasi_set_args(w, 3, args));
  CHECK_OK(wt_wasi_add_env(w, "WT_GREETING", "hi"));
  CHECK_OK(wt_wasi_capture_output(w, 1, capture_write, &out, capture_done));
  CHECK_OK(wt_store_set_wasi(s, w));
  CHECK_OK(wt_clinker_instantiate(l, cx, c, &inst));
  wt_cfunc *run = NULL;
  CHECK_OK(wt_cinstance_get_func(cx, &inst, "wasi:cli/run@0.2.0#run", &run));
  wt_cval r;
  CHECK_OK(wt_cfunc_call(cx, run, NULL, 0, &r));
  CHECK(r.kind == WT_CRESULT && r.of.cased.index == 0); /* ok */
  wt_cval_release(&r);
  wt_cfunc_delete(run);
  wt_store_delete(s);
  CHECK(out.finalized == 1);
  CHECK(!strcmp(out.buf, "printer\none\nt\xc3\xa9o\nWT_GREETING=hi\n"));
  if (strcmp(out.buf, "printer\none\nt\xc3\xa9o\nWT_GREETING=hi\n")) fprintf(stderr, "  got: %s\n", out.buf);
  wt_clinker_delete(l);
  wt_component_delete(c);
  wt_engine_delete(e);
  rm_rf(dir);
  free(dir);
}

TEST(clinker_store_limits_stop_an_instantiation_and_wasi_http_is_defined_where_it_exists) {
  NEED_COMPONENTS();
  static const char big[] = "(component (core module $m (memory 4)) (core instance $i (instantiate $m)))";
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_component *c = NULL;
  wt_clinker *l = NULL;
  wt_cinstance inst;
  wt_limits lim;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_limits_init(&lim);
  lim.memory_size = 65536;
  CHECK_OK(wt_store_set_limits(s, &lim));
  CHECK_OK(wt_component_from_wat(e, big, strlen(big), &c));
  CHECK_OK(wt_clinker_new(e, &l));
  CHECK_RC(wt_clinker_instantiate(l, wt_store_context(s), c, &inst), WT_LIMIT);
  CHECK(inst.p_[0] == 0);
  lim.memory_size = 4 * 65536;
  CHECK_OK(wt_store_set_limits(s, &lim));
  CHECK_OK(wt_clinker_instantiate(l, wt_store_context(s), c, &inst));
  /* wasi:http's client from 44, on top of WASI 0.2 (defined with it) */
  CHECK(wt_has(WT_CAP_WASI_HTTP) == (wasmtime_major() >= 44));
  if (wt_has(WT_CAP_WASI_HTTP)) {
    CHECK_OK(wt_clinker_define_wasi_http(l));
    CHECK_RC(wt_clinker_define_wasi(l), WT_ERROR); /* defined with it */
  } else {
    CHECK_RC(wt_clinker_define_wasi_http(l), WT_UNSUPPORTED);
  }
  wt_clinker_delete(l);
  wt_component_delete(c);
  wt_store_delete(s);
  wt_engine_delete(e);
}
