/* test_linker.c - host functions (fast and reference paths), the caller's
 * memory, definitions, unknown/mistyped imports, define_instance,
 * instance_pre, commands and reactors, env finalizers. */
#include <stdlib.h>

#include "harness.h"

static const char USES_HOST[] =
    "(module (import \"env\" \"add\" (func $add (param i32 i64) (result i64)))\n"
    "  (import \"env\" \"poke\" (func $poke (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"run\") (param i32) (result i64)\n"
    "    local.get 0 call $poke local.get 0 i64.const 100 call $add))";

static wt_status host_add(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)c;
  ++*(int *)env;
  if (na != 2 || nr != 1 || a[0].kind != WT_I32 || a[1].kind != WT_I64 || r[0].kind != WT_I64)
    return wt_caller_trap(c, "bad host call shape");
  r[0] = wt_val_i64(a[0].of.i32 + a[1].of.i64);
  return WT_OK;
}

/* Writes "hi" at the address it is given, into the caller's memory. */
static wt_status host_poke(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)na, (void)r, (void)nr;
  wt_memory m;
  wt_extern x;
  int rc = wt_caller_get_memory(c, "memory", &m);
  if (rc) return rc;
  if (wt_caller_get_memory(c, "nope", &m) != WT_NOT_FOUND) return wt_caller_trap(c, "found nope");
  if (wt_caller_get_export(c, "run", &x) || x.kind != WT_EXTERN_FUNC) return wt_caller_trap(c, "no run");
  if (wt_caller_get_memory(c, "run", &m) != WT_TYPE) return wt_caller_trap(c, "run is a memory?");
  if (wt_caller_get_memory(c, "memory", &m)) return WT_ERROR;
  return wt_memory_write(wt_caller_context(c), &m, (uint64_t)a[0].of.i32, "hi", 2);
}

static int fin_count;
static void fin(void *p) { (void)p; fin_count++; }

static const uint8_t K_I32[] = {WT_I32}, K_I32_I64[] = {WT_I32, WT_I64}, K_I64[] = {WT_I64};

TEST(linker_host_functions_and_caller_memory) {
  fixture f;
  static int calls;
  if (fixture_open(&f, NULL, USES_HOST)) return;
  calls = fin_count = 0;
  CHECK_OK(wt_linker_define_func(f.linker, "env", "add", K_I32_I64, 2, K_I64, 1, host_add, &calls, fin));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "poke", K_I32, 1, NULL, 0, host_poke, NULL, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func run;
  wt_memory mem;
  int64_t r = 0;
  char back[3] = {0};
  wt_val a = wt_val_i32(5);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "run", &run));
  CHECK_OK(wt_func_call_i64(f.cx, &run, &a, 1, &r));
  CHECK(r == 105 && calls == 1);
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "memory", &mem));
  CHECK_OK(wt_memory_read(f.cx, &mem, 5, back, 2));
  CHECK(!strcmp(back, "hi"));
  a = wt_val_i32(65535); /* the host's write is out of bounds: its status traps */
  CHECK_RC(wt_func_call_i64(f.cx, &run, &a, 1, &r), WT_TRAP);
  CHECK_STR(wt_errmsg(), "out of bounds");
  CHECK(calls == 1);
  wt_extern x;
  CHECK_OK(wt_linker_get(f.linker, f.cx, "env", "add", &x));
  CHECK(x.kind == WT_EXTERN_FUNC);
  CHECK_RC(wt_linker_get(f.linker, f.cx, "env", "nope", &x), WT_NOT_FOUND);
  CHECK(fin_count == 0);
  wt_linker_delete(f.linker); /* the instance still holds the function */
  f.linker = NULL;
  a = wt_val_i32(1);
  CHECK_OK(wt_func_call_i64(f.cx, &run, &a, 1, &r));
  CHECK(r == 101 && calls == 2);
  fixture_close(&f);
  CHECK(fin_count == 1); /* once linker and store are both gone */
}

static wt_status host_ref(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)c, (void)nr;
  r[0] = wt_val_i32(na == 2 && a[0].kind == WT_EXTERNREF && a[1].kind == WT_I32 ? a[1].of.i32 * 2 : -1);
  return WT_OK;
}

static wt_status host_wrong_kind(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)c, (void)a, (void)na, (void)nr;
  r[0] = wt_val_f64(1.0); /* declared i32 */
  return WT_OK;
}

TEST(linker_host_function_with_references_and_bad_results) {
  static const char WAT[] =
      "(module (import \"env\" \"r\" (func $r (param externref i32) (result i32)))\n"
      "  (import \"env\" \"w\" (func $w (result i32)))\n"
      "  (func (export \"run\") (result i32) ref.null extern i32.const 21 call $r)\n"
      "  (func (export \"wrong\") (result i32) call $w))";
  static const uint8_t params[] = {WT_EXTERNREF, WT_I32};
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  CHECK_OK(wt_linker_define_func(f.linker, "env", "r", params, 2, K_I32, 1, host_ref, NULL, NULL));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "w", NULL, 0, K_I32, 1, host_wrong_kind, NULL, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func run, wrong;
  int32_t r = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "run", &run));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "wrong", &wrong));
  CHECK_OK(wt_func_call_i32(f.cx, &run, NULL, 0, &r));
  CHECK(r == 42);
  CHECK_RC(wt_func_call_i32(f.cx, &wrong, NULL, 0, &r), WT_TRAP);
  CHECK_STR(wt_errmsg(), "returned f64 for result 0, declared i32");
  fixture_close(&f);
}

TEST(linker_bad_definitions_call_the_finalizer_at_once) {
  fixture f;
  if (fixture_open(&f, NULL, NULL)) return;
  static const uint8_t bad[] = {99};
  fin_count = 0;
  CHECK_RC(wt_linker_define_func(f.linker, "env", "x", bad, 1, NULL, 0, host_add, NULL, fin), WT_INVALID);
  CHECK(fin_count == 1);
  CHECK_RC(wt_linker_define_func(f.linker, "env", "x", NULL, 0, NULL, 0, NULL, NULL, fin), WT_INVALID);
  CHECK(fin_count == 2);
  CHECK_RC(wt_linker_define_func(NULL, "env", "x", NULL, 0, NULL, 0, host_add, NULL, fin), WT_INVALID);
  CHECK(fin_count == 3);
  CHECK_OK(wt_linker_define_func(f.linker, "env", "x", NULL, 0, NULL, 0, host_add, NULL, fin));
  CHECK_RC(wt_linker_define_func(f.linker, "env", "x", NULL, 0, NULL, 0, host_add, NULL, NULL), WT_ERROR);
  CHECK(fin_count == 3);
  wt_linker_allow_shadowing(f.linker, true);
  CHECK_OK(wt_linker_define_func(f.linker, "env", "x", NULL, 0, NULL, 0, host_add, NULL, NULL));
  CHECK(fin_count == 4); /* the replaced definition is released */
  fixture_close(&f);
  CHECK(fin_count == 4);
}

TEST(linker_unknown_and_mistyped_imports) {
  fixture f;
  if (fixture_open(&f, NULL, USES_HOST)) return;
  memset(&f.inst, 0xff, sizeof f.inst);
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &f.inst), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "env");
  CHECK(f.inst.p_[0] == 0 && f.inst.p_[1] == 0);
  CHECK_OK(wt_linker_define_func(f.linker, "env", "add", K_I32, 1, NULL, 0, host_add, NULL, NULL));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "poke", K_I32, 1, NULL, 0, host_poke, NULL, NULL));
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &f.inst), WT_TYPE); /* add has another type */
  CHECK_RC(wt_linker_instantiate(NULL, f.cx, f.module, &f.inst), WT_INVALID);
  fixture_close(&f);
}

TEST(linker_unknown_imports_as_traps) {
  fixture f;
  if (fixture_open(&f, NULL, USES_HOST)) return;
  if (wasmtime_major() < 39) { /* wasmtime_linker_define_unknown_imports_as_traps: from 39 */
    CHECK_RC(wt_linker_define_unknown_imports_as_traps(f.linker, f.module), WT_UNSUPPORTED);
    fixture_close(&f);
    SKIP("cannot define unknown imports as traps (from 39): refused with WT_UNSUPPORTED");
  }
  CHECK_OK(wt_linker_define_unknown_imports_as_traps(f.linker, f.module));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func run;
  int64_t r;
  wt_val a = wt_val_i32(1);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "run", &run));
  CHECK_RC(wt_func_call_i64(f.cx, &run, &a, 1, &r), WT_TRAP);
  fixture_close(&f);
}

TEST(linker_define_store_items) {
  static const char WAT[] =
      "(module (import \"host\" \"mem\" (memory 1)) (import \"host\" \"g\" (global $g (mut i64)))\n"
      "  (import \"host\" \"t\" (table 1 funcref))\n"
      "  (func (export \"run\") (result i32) global.get $g i64.const 1 i64.add global.set $g\n"
      "    i32.const 8 i32.load))";
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  wt_extern x;
  wt_val g0 = wt_val_i64(41);
  memset(&x, 0, sizeof x);
  x.kind = WT_EXTERN_MEMORY;
  CHECK_OK(wt_memory_new(f.cx, 1, 4, false, &x.of.memory));
  CHECK_OK(wt_memory_write_i32(f.cx, &x.of.memory, 8, 1234));
  CHECK_OK(wt_linker_define(f.linker, f.cx, "host", "mem", &x));
  wt_memory mem = x.of.memory;
  x.kind = WT_EXTERN_GLOBAL;
  CHECK_OK(wt_global_new(f.cx, &g0, true, &x.of.global));
  CHECK_OK(wt_linker_define(f.linker, f.cx, "host", "g", &x));
  wt_global g = x.of.global;
  x.kind = WT_EXTERN_TABLE;
  CHECK_OK(wt_table_new(f.cx, WT_FUNCREF, 1, 1, NULL, &x.of.table));
  CHECK_OK(wt_linker_define(f.linker, f.cx, "host", "t", &x));
  x.kind = 42;
  CHECK_RC(wt_linker_define(f.linker, f.cx, "host", "bad", &x), WT_INVALID);
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func run;
  int32_t r = 0;
  int64_t gv = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "run", &run));
  CHECK_OK(wt_func_call_i32(f.cx, &run, NULL, 0, &r));
  CHECK(r == 1234);
  CHECK_OK(wt_global_get_i64(f.cx, &g, &gv));
  CHECK(gv == 42); /* the host's global, shared */
  CHECK(memory_pages_of(f.cx, &mem) == 1);
  fixture_close(&f);
}

TEST(linker_define_instance_links_two_modules) {
  static const char LIB[] =
      "(module (memory (export \"mem\") 1) (global (export \"base\") i32 (i32.const 100))\n"
      "  (func (export \"twice\") (param i32) (result i32) local.get 0 local.get 0 i32.add))";
  static const char APP[] =
      "(module (import \"lib\" \"twice\" (func $twice (param i32) (result i32)))\n"
      "  (import \"lib\" \"mem\" (memory 1)) (import \"lib\" \"base\" (global $b i32))\n"
      "  (func (export \"run\") (param i32) (result i32)\n"
      "    i32.const 0 local.get 0 call $twice global.get $b i32.add i32.store i32.const 0 i32.load))";
  fixture f;
  wt_module *app = NULL;
  if (fixture_open(&f, NULL, LIB) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK_OK(wt_module_from_wat(f.engine, APP, strlen(APP), &app));
  CHECK_OK(wt_linker_define_instance(f.linker, f.cx, "lib", &f.inst));
  wt_instance inst;
  wt_func run;
  wt_memory mem;
  int32_t r = 0, stored = 0;
  wt_val a = wt_val_i32(21);
  CHECK_OK(wt_linker_instantiate(f.linker, f.cx, app, &inst));
  CHECK_OK(wt_instance_get_func(f.cx, &inst, "run", &run));
  CHECK_OK(wt_func_call_i32(f.cx, &run, &a, 1, &r));
  CHECK(r == 142);
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "mem", &mem)); /* the first module's memory */
  CHECK_OK(wt_memory_read_i32(f.cx, &mem, 0, &stored));
  CHECK(stored == 142);
  wt_module_delete(app);
  fixture_close(&f);
}

TEST(linker_instance_pre_instantiates_many) {
  static const char WAT[] =
      "(module (import \"env\" \"add\" (func $add (param i32 i64) (result i64)))\n"
      "  (global $n (mut i32) (i32.const 0))\n"
      "  (func (export \"next\") (result i32) global.get $n i32.const 1 i32.add global.set $n global.get $n))";
  fixture f;
  static int calls;
  if (fixture_open(&f, NULL, WAT)) return;
  CHECK_OK(wt_linker_define_func(f.linker, "env", "add", K_I32_I64, 2, K_I64, 1, host_add, &calls, NULL));
  wt_instance_pre *pre = NULL;
  CHECK_OK(wt_linker_instantiate_pre(f.linker, f.module, &pre));
  wt_linker_delete(f.linker); /* the pre holds what it needs */
  f.linker = NULL;
  for (int i = 0; i < 3; i++) {
    wt_instance inst;
    wt_func next;
    int32_t r = 0;
    CHECK_OK(wt_instance_pre_instantiate(pre, f.cx, &inst));
    CHECK_OK(wt_instance_get_func(f.cx, &inst, "next", &next));
    CHECK_OK(wt_func_call_i32(f.cx, &next, NULL, 0, &r));
    CHECK_OK(wt_func_call_i32(f.cx, &next, NULL, 0, &r));
    CHECK(r == 2); /* a fresh instance each time */
  }
  wt_instance inst;
  CHECK_RC(wt_instance_pre_instantiate(NULL, f.cx, &inst), WT_INVALID);
  wt_instance_pre_delete(pre);
  fixture_close(&f);
}

TEST(linker_module_and_default_export) {
  static const char CMD[] =
      "(module (func (export \"_start\")) (func (export \"seven\") (result i32) i32.const 7))";
  fixture f;
  if (fixture_open(&f, NULL, CMD)) return;
  CHECK_OK(wt_linker_define_module(f.linker, f.cx, "cmd", f.module));
  wt_func start, seven;
  wt_extern x;
  int32_t r = 0;
  CHECK_OK(wt_linker_get_default(f.linker, f.cx, "cmd", &start));
  CHECK_OK(wt_func_call_0(f.cx, &start, NULL, 0));
  CHECK_OK(wt_linker_get(f.linker, f.cx, "cmd", "seven", &x));
  CHECK(x.kind == WT_EXTERN_FUNC);
  seven = x.of.func;
  CHECK_OK(wt_func_call_i32(f.cx, &seven, NULL, 0, &r)); /* a fresh instance per call */
  CHECK(r == 7);
  CHECK_OK(wt_linker_get_default(f.linker, f.cx, "other", &start)); /* Wasmtime: a no-op */
  CHECK_OK(wt_func_call_0(f.cx, &start, NULL, 0));
  CHECK_RC(wt_linker_get_default(f.linker, NULL, "cmd", &start), WT_INVALID);
  CHECK(start.p_[0] == 0);
  fixture_close(&f);
}

/* What wt_linker_define_module gives a library user, on a command with many
 * exports (wt run no longer registers its module: this is the library's
 * part): every export in the linker, each call on a fresh instance, a
 * module that imports them linked to them, and the default export. */
TEST(linker_module_with_many_exports) {
  enum { N = 3000 };
  size_t cap = (size_t)N * 96 + 512, n = 0;
  char *wat = malloc(cap);
  CHECK(wat != NULL);
  if (!wat) return;
  n += (size_t)snprintf(wat + n, cap - n, "(module (global $g (mut i32) (i32.const 0)) (memory (export \"memory\") 1)\n"
                        " (func (export \"_start\") (global.set $g (i32.add (global.get $g) (i32.const 1))))\n"
                        " (func (export \"count\") (result i32) (global.get $g))\n");
  for (int i = 0; i < N; i++)
    n += (size_t)snprintf(wat + n, cap - n, " (func (export \"f%d\") (result i32) (i32.const %d))\n", i, i);
  snprintf(wat + n, cap - n, ")");
  static const char USER[] =
      "(module (import \"cmd\" \"_start\" (func $start)) (import \"cmd\" \"count\" (func $count (result i32)))\n"
      " (import \"cmd\" \"f2999\" (func $last (result i32)))\n"
      " (func (export \"run\") (result i32) call $start call $start call $count)\n"
      " (func (export \"last\") (result i32) call $last))";
  fixture f;
  int rc = fixture_open(&f, NULL, wat);
  free(wat);
  if (rc) return;
  CHECK_OK(wt_linker_define_module(f.linker, f.cx, "cmd", f.module));
  wt_extern x;
  wt_func fn, start;
  int32_t r = -1;
  char name[16];
  for (int i = 0; i < N; i += 997) { /* first, some in the middle, last */
    snprintf(name, sizeof name, "f%d", i);
    CHECK_OK(wt_linker_get(f.linker, f.cx, "cmd", name, &x));
    CHECK(x.kind == WT_EXTERN_FUNC);
    fn = x.of.func;
    CHECK_OK(wt_func_call_i32(f.cx, &fn, NULL, 0, &r));
    CHECK(r == i);
  }
  CHECK_RC(wt_linker_get(f.linker, f.cx, "cmd", "f3000", &x), WT_NOT_FOUND);
  CHECK_RC(wt_linker_get(f.linker, f.cx, "cmd", "memory", &x), WT_NOT_FOUND); /* each instance's own */
  CHECK_OK(wt_linker_get_default(f.linker, f.cx, "cmd", &start));
  CHECK_OK(wt_func_call_0(f.cx, &start, NULL, 0));
  wt_module *user = NULL;
  CHECK_OK(wt_module_from_wat(f.engine, USER, strlen(USER), &user));
  wt_instance inst;
  CHECK_OK(wt_linker_instantiate(f.linker, f.cx, user, &inst));
  CHECK_OK(wt_instance_get_func(f.cx, &inst, "run", &fn));
  CHECK_OK(wt_func_call_i32(f.cx, &fn, NULL, 0, &r));
  CHECK(r == 0); /* each call of the command's exports: a fresh instance */
  CHECK_OK(wt_instance_get_func(f.cx, &inst, "last", &fn));
  CHECK_OK(wt_func_call_i32(f.cx, &fn, NULL, 0, &r));
  CHECK(r == N - 1);
  wt_module_delete(user);
  fixture_close(&f);
}

/* A reactor (no _start) under wt_linker_define_module: instantiated once,
 * its _initialize run once, then its exports are that one instance's. */
TEST(linker_module_reactor_is_one_initialized_instance) {
  static const char REACTOR[] =
      "(module (global $g (mut i32) (i32.const 0))\n"
      " (func (export \"_initialize\") (global.set $g (i32.add (global.get $g) (i32.const 100))))\n"
      " (func (export \"bump\") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))";
  fixture f;
  if (fixture_open(&f, NULL, REACTOR)) return;
  CHECK_OK(wt_linker_define_module(f.linker, f.cx, "r", f.module));
  wt_extern x;
  int32_t a = 0, b = 0;
  CHECK_OK(wt_linker_get(f.linker, f.cx, "r", "bump", &x));
  CHECK(x.kind == WT_EXTERN_FUNC);
  wt_func bump = x.of.func;
  CHECK_OK(wt_func_call_i32(f.cx, &bump, NULL, 0, &a));
  CHECK_OK(wt_func_call_i32(f.cx, &bump, NULL, 0, &b));
  CHECK(a == 101 && b == 102); /* _initialize once, then one instance's state */
  fixture_close(&f);
}

/* ---- from the first test_instance.c (commit bca63f9): host functions,
 * linking and InstancePre across stores ---- */

static int host_calls;

static wt_status host_double(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results,
                       size_t nresults) {
  (void)caller, (void)nargs, (void)nresults;
  host_calls += *(int *)env;
  results[0] = wt_val_i64(2 * (int64_t)args[0].of.i32);
  return WT_OK;
}

static wt_status host_fail(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)args, (void)nargs, (void)results, (void)nresults;
  return wt_caller_trap(caller, "host says no to %d", 42);
}

/* Reads a string the guest passes as (ptr, len) from the caller's memory. */
static char seen[64];
static wt_status host_puts(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)nargs, (void)results, (void)nresults;
  wt_memory mem;
  int rc = wt_caller_get_memory(caller, "mem", &mem);
  if (rc) return rc;
  size_t len = (size_t)args[1].of.i32 < sizeof seen - 1 ? (size_t)args[1].of.i32 : sizeof seen - 1;
  rc = wt_memory_read(wt_caller_context(caller), &mem, (uint64_t)(uint32_t)args[0].of.i32, seen, len);
  seen[len] = 0;
  return rc;
}

static wt_status host_ref_id(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)caller, (void)nargs, (void)nresults;
  results[0] = args[0]; /* externref passes through the checked path */
  return WT_OK;
}

static int host_finalized;
static void host_fin(void *p) { host_finalized += *(int *)p; }

static const char HOST_WAT[] =
    "(module (import \"env\" \"double\" (func $d (param i32) (result i64)))\n"
    "  (import \"env\" \"fail\" (func $f))\n"
    "  (import \"env\" \"puts\" (func $p (param i32 i32)))\n"
    "  (import \"env\" \"ref\" (func $r (param externref) (result externref)))\n"
    "  (memory (export \"mem\") 1) (data (i32.const 16) \"hello, host\")\n"
    "  (func (export \"d\") (param i32) (result i64) local.get 0 call $d)\n"
    "  (func (export \"f\") call $f)\n"
    "  (func (export \"p\") i32.const 16 i32.const 11 call $p)\n"
    "  (func (export \"r\") (param externref) (result externref) local.get 0 call $r))";

TEST(linker_host_functions) {
  fixture f;
  static int one = 1;
  static const uint8_t i32[] = {WT_I32, WT_I32}, i64[] = {WT_I64}, ext[] = {WT_EXTERNREF};
  if (fixture_open(&f, NULL, HOST_WAT)) return fixture_close(&f);
  CHECK_OK(wt_linker_define_func(f.linker, "env", "double", i32, 1, i64, 1, host_double, &one, host_fin));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "fail", NULL, 0, NULL, 0, host_fail, NULL, NULL));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "puts", i32, 2, NULL, 0, host_puts, NULL, NULL));
  CHECK_OK(wt_linker_define_func(f.linker, "env", "ref", ext, 1, ext, 1, host_ref_id, NULL, NULL));
  CHECK_RC(wt_linker_define_func(f.linker, "env", "bad", NULL, 0, NULL, 0, NULL, &one, host_fin), WT_INVALID);
  CHECK(host_finalized == 1); /* a failed definition still runs the finalizer */
  if (fixture_instantiate(&f)) return fixture_close(&f);
  wt_func d, fl, p, r;
  wt_instance_get_func(f.cx, &f.inst, "d", &d);
  wt_instance_get_func(f.cx, &f.inst, "f", &fl);
  wt_instance_get_func(f.cx, &f.inst, "p", &p);
  wt_instance_get_func(f.cx, &f.inst, "r", &r);
  wt_val a = wt_val_i32(-21);
  int64_t out = 0;
  CHECK_OK(wt_func_call_i64(f.cx, &d, &a, 1, &out));
  CHECK(out == -42 && host_calls == 1);
  CHECK_RC(wt_func_call_0(f.cx, &fl, NULL, 0), WT_TRAP);
  CHECK_STR(wt_errmsg(), "host says no to 42");
  CHECK_OK(wt_func_call_0(f.cx, &p, NULL, 0));
  CHECK(!strcmp(seen, "hello, host"));
  wt_val x, y;
  CHECK_OK(wt_val_externref(f.cx, (void *)0x1234, NULL, &x));
  CHECK_OK(wt_func_call(f.cx, &r, &x, 1, &y, 1));
  CHECK(wt_val_externref_data(f.cx, &y) == (void *)0x1234);
  wt_val_release(&x);
  wt_val_release(&y);
  fixture_close(&f);
  CHECK(host_finalized == 2); /* and a defined one when linker and store are gone */
}

TEST(linker_unknown_import_and_define_instance) {
  fixture f;
  if (fixture_open(&f, NULL, HOST_WAT)) return fixture_close(&f);
  wt_instance inst;
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &inst), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "env::double");
  static const char A[] = "(module (func (export \"seven\") (result i32) i32.const 7)"
                          "(global (export \"g\") i32 (i32.const 5)))";
  static const char B[] = "(module (import \"a\" \"seven\" (func $s (result i32)))"
                          "(import \"a\" \"g\" (global $g i32))"
                          "(func (export \"twelve\") (result i32) call $s global.get $g i32.add))";
  wt_module *ma, *mb;
  wt_instance ia, ib;
  wt_func twelve;
  int32_t r = 0;
  CHECK_OK(wt_module_from_wat(f.engine, A, strlen(A), &ma));
  CHECK_OK(wt_module_from_wat(f.engine, B, strlen(B), &mb));
  CHECK_OK(wt_linker_instantiate(f.linker, f.cx, ma, &ia));
  CHECK_OK(wt_linker_define_instance(f.linker, f.cx, "a", &ia));
  CHECK_OK(wt_linker_instantiate(f.linker, f.cx, mb, &ib));
  CHECK_OK(wt_instance_get_func(f.cx, &ib, "twelve", &twelve));
  CHECK_OK(wt_func_call_i32(f.cx, &twelve, NULL, 0, &r));
  CHECK(r == 12);
  wt_extern e;
  CHECK_OK(wt_linker_get(f.linker, f.cx, "a", "seven", &e));
  CHECK(e.kind == WT_EXTERN_FUNC);
  CHECK_RC(wt_linker_get(f.linker, f.cx, "a", "nine", &e), WT_NOT_FOUND);
  /* a type clash: define a global where a function is expected */
  wt_linker *l2;
  wt_extern g;
  CHECK_OK(wt_linker_new(f.engine, &l2));
  CHECK_OK(wt_instance_get_export(f.cx, &ia, "g", &g));
  CHECK_OK(wt_linker_define(l2, f.cx, "a", "seven", &g));
  CHECK_OK(wt_linker_define(l2, f.cx, "a", "g", &g));
  CHECK_RC(wt_linker_instantiate(l2, f.cx, mb, &ib), WT_TYPE);
  if (wasmtime_major() >= 39) { /* wasmtime_linker_define_unknown_imports_as_traps: from 39 */
    CHECK_OK(wt_linker_define_unknown_imports_as_traps(f.linker, f.module));
    CHECK_OK(wt_linker_instantiate(f.linker, f.cx, f.module, &inst)); /* now links */
  } else {
    CHECK_RC(wt_linker_define_unknown_imports_as_traps(f.linker, f.module), WT_UNSUPPORTED);
  }
  wt_linker_delete(l2);
  wt_module_delete(ma);
  wt_module_delete(mb);
  fixture_close(&f);
}

TEST(linker_instance_pre_and_store_functions) {
  fixture f;
  static const char M[] = "(module (memory (export \"m\") 1) (data (i32.const 0) \"pre\")"
                          "(func (export \"f\") (result i32) i32.const 0 i32.load8_u))";
  if (fixture_open(&f, NULL, M)) return fixture_close(&f);
  wt_instance_pre *pre = NULL;
  CHECK_OK(wt_linker_instantiate_pre(f.linker, f.module, &pre));
  for (int i = 0; i < 3; i++) {
    wt_store *s;
    wt_instance inst;
    wt_func fn;
    int32_t r = 0;
    CHECK_OK(wt_store_new(f.engine, NULL, NULL, &s));
    wt_context *cx = wt_store_context(s);
    CHECK_OK(wt_instance_pre_instantiate(pre, cx, &inst));
    CHECK_OK(wt_instance_get_func(cx, &inst, "f", &fn));
    CHECK_OK(wt_func_call_i32(cx, &fn, NULL, 0, &r));
    CHECK(r == 'p');
    wt_store_delete(s);
  }
  wt_instance_pre_delete(pre);
  static const uint8_t i32[] = {WT_I32};
  wt_func hf;
  static int one = 1;
  CHECK_OK(wt_func_new(f.cx, i32, 1, (const uint8_t[]){WT_I64}, 1, host_double, &one, NULL, &hf));
  wt_val a = wt_val_i32(5);
  int64_t out;
  CHECK_OK(wt_func_call_i64(f.cx, &hf, &a, 1, &out));
  CHECK(out == 10);
  wt_extern_type t;
  CHECK_OK(wt_func_type(f.cx, &hf, &t));
  CHECK(t.nparams == 1 && t.nresults == 1 && t.results[0] == WT_I64);
  fixture_close(&f);
}

/* ---- the raw fast path ---- */

static wt_trap *raw_triple(void *env, wt_caller *caller, wt_raw *slots, size_t n) {
  (void)caller, (void)n;
  ++*(int *)env;
  if (slots[0].i32 < 0) return wt_trap_new("negative: %d", slots[0].i32);
  slots[0].i64 = 3 * (int64_t)slots[0].i32;
  return NULL;
}

static int raw_fin_count;
static void raw_fin(void *env) { (void)env; raw_fin_count++; }

TEST(linker_raw_host_function) {
  static const char M[] = "(module (import \"env\" \"t\" (func $t (param i32) (result i64)))"
                          "(func (export \"t\") (param i32) (result i64) local.get 0 call $t))";
  static const uint8_t i32[] = {WT_I32}, i64[] = {WT_I64}, ext[] = {WT_EXTERNREF};
  static int calls;
  fixture f;
  if (fixture_open(&f, NULL, M)) return fixture_close(&f);
  CHECK_RC(wt_linker_define_func_raw(f.linker, "env", "x", ext, 1, NULL, 0, raw_triple, &calls, raw_fin), WT_INVALID);
  CHECK(raw_fin_count == 1); /* refused, and the finalizer ran at once */
  CHECK_OK(wt_linker_define_func_raw(f.linker, "env", "t", i32, 1, i64, 1, raw_triple, &calls, raw_fin));
  if (fixture_instantiate(&f)) return fixture_close(&f);
  wt_func t;
  int64_t r = 0;
  wt_val a = wt_val_i32(14);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "t", &t));
  CHECK_OK(wt_func_call_i64(f.cx, &t, &a, 1, &r));
  CHECK(r == 42 && calls == 1);
  a = wt_val_i32(-5);
  CHECK_RC(wt_func_call_i64(f.cx, &t, &a, 1, &r), WT_TRAP);
  CHECK_STR(wt_errmsg(), "negative: -5");
  fixture_close(&f);
  CHECK(raw_fin_count == 2);
}

/* The store's user data from a host function in one call. */
static wt_status data_of_caller(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)a, (void)na, (void)nr;
  *(void **)env = wt_caller_data(c);
  r[0] = wt_val_i32(1);
  return WT_OK;
}

TEST(linker_caller_data_is_the_stores) {
  static const char WAT[] = "(module (import \"env\" \"h\" (func $h (result i32)))"
                            "  (func (export \"f\") (result i32) (call $h)))";
  wt_engine *e = NULL;
  wt_store *s = NULL;
  wt_linker *l = NULL;
  wt_module *m = NULL;
  wt_instance inst;
  wt_func f;
  static int mine;
  void *seen = NULL;
  int32_t r = 0;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_store_new(e, &mine, NULL, &s));
  CHECK_OK(wt_linker_new(e, &l));
  CHECK_OK(wt_linker_define_func(l, "env", "h", NULL, 0, (const uint8_t[]){WT_I32}, 1, data_of_caller, &seen, NULL));
  CHECK_OK(wt_module_from_wat(e, WAT, strlen(WAT), &m));
  wt_context *cx = wt_store_context(s);
  if (m && !wt_linker_instantiate(l, cx, m, &inst) && !wt_instance_get_func(cx, &inst, "f", &f))
    CHECK_OK(wt_func_call_i32(cx, &f, NULL, 0, &r));
  CHECK(r == 1 && seen == &mine);
  wt_module_delete(m);
  wt_linker_delete(l);
  wt_store_delete(s);
  wt_engine_delete(e);
}
