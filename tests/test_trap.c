/* test_trap.c - traps in wasm and from host functions, trap codes,
 * backtraces, stack overflow, and the error API around them. */
#include <stdlib.h>

#include "harness.h"

static const char TRAPS[] =
    "(module\n"
    "  (func $boom unreachable)\n"
    "  (func $outer (export \"outer\") call $boom)\n"
    "  (func (export \"div\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)\n"
    "  (memory 1)\n"
    "  (func (export \"load\") (param i32) (result i32) local.get 0 i32.load)\n"
    "  (func (export \"ovf\") (result i32) i32.const 0x80000000 i32.const -1 i32.div_s)\n"
    "  (func (export \"trunc\") (param f64) (result i32) local.get 0 i32.trunc_f64_s)\n"
    "  (func $deep (export \"deep\") (param i32) (result i32)\n"
    "    local.get 0 i32.const 1 i32.add call $deep))";

static int open_traps(fixture *f, const wt_engine_options *o) {
  if (fixture_open(f, o, TRAPS) || fixture_instantiate(f)) { fixture_close(f); return -1; }
  return 0;
}

TEST(trap_unreachable_has_code_and_backtrace) {
  fixture f;
  if (open_traps(&f, NULL)) return;
  wt_func outer;
  wt_frame fr;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "outer", &outer));
  CHECK_RC(wt_func_call(f.cx, &outer, NULL, 0, NULL, 0), WT_TRAP);
  CHECK(wt_errcode() == WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  CHECK_STR(wt_errmsg(), "unreachable");
  CHECK(wt_trap_frame_count() == 2);
  CHECK_OK(wt_trap_frame_nth(0, &fr)); /* innermost first */
  CHECK(fr.func_name && !strcmp(fr.func_name, "boom") && fr.func_index == 0);
  CHECK_OK(wt_trap_frame_nth(1, &fr));
  CHECK(fr.func_name && !strcmp(fr.func_name, "outer") && fr.func_index == 1);
  CHECK(fr.module_offset > 0);
  CHECK_RC(wt_trap_frame_nth(2, &fr), WT_NOT_FOUND);
  CHECK(fr.func_name == NULL);
  char buf[256], tiny[8];
  size_t n = wt_trap_backtrace(buf, sizeof buf);
  CHECK(n == strlen(buf) && strstr(buf, "func[0] boom") && strstr(buf, "func[1] outer"));
  CHECK(wt_trap_backtrace(tiny, sizeof tiny) == n && strlen(tiny) == 7);
  CHECK_RC(wt_func_call_0(f.cx, &outer, NULL, 0), WT_TRAP); /* typed path too */
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  fixture_close(&f);
}

TEST(trap_integer_codes) {
  fixture f;
  if (open_traps(&f, NULL)) return;
  wt_func div, ovf, trunc;
  int32_t r = 5;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "div", &div));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "ovf", &ovf));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "trunc", &trunc));
  wt_val a[2] = {wt_val_i32(7), wt_val_i32(0)}, nan = wt_val_f64(0.0 / 0.0);
  CHECK_RC(wt_func_call_i32(f.cx, &div, a, 2, &r), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_INTEGER_DIVISION_BY_ZERO && r == 0);
  CHECK_RC(wt_func_call_i32(f.cx, &ovf, NULL, 0, &r), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_INTEGER_OVERFLOW);
  CHECK_RC(wt_func_call_i32(f.cx, &trunc, &nan, 1, &r), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_BAD_CONVERSION_TO_INTEGER);
  wt_func load;
  wt_val far = wt_val_i32(70000); /* past the 1-page memory: a guard-page fault */
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "load", &load));
  CHECK_RC(wt_func_call_i32(f.cx, &load, &far, 1, &r), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_MEMORY_OUT_OF_BOUNDS);
  a[1] = wt_val_i32(2); /* the store is fine after a trap */
  CHECK_OK(wt_func_call_i32(f.cx, &div, a, 2, &r));
  CHECK(r == 3);
  fixture_close(&f);
}

TEST(trap_stack_overflow) {
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.max_wasm_stack = 128 * 1024;
  fixture f;
  if (open_traps(&f, &o)) return;
  wt_func deep;
  int32_t r;
  wt_val a = wt_val_i32(0);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "deep", &deep));
  CHECK_RC(wt_func_call_i32(f.cx, &deep, &a, 1, &r), WT_STACK_OVERFLOW);
  CHECK(wt_trap_code() == WT_TRAP_STACK_OVERFLOW);
  CHECK(wt_trap_frame_count() > 10);
  fixture_close(&f);
}

static wt_status host_raise(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)na, (void)r, (void)nr;
  if (a[0].of.i32 == 0) return WT_BOUNDS; /* a status without a message */
  return wt_caller_trap(c, "bad fd %d", a[0].of.i32);
}

TEST(trap_raised_by_a_host_function) {
  static const char WAT[] =
      "(module (import \"env\" \"raise\" (func $raise (param i32)))\n"
      "  (func $mid (param i32) local.get 0 call $raise)\n"
      "  (func (export \"run\") (param i32) local.get 0 call $mid))";
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  static const uint8_t i32[] = {WT_I32};
  CHECK_OK(wt_linker_define_func(f.linker, "env", "raise", i32, 1, NULL, 0, host_raise, NULL, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func run;
  wt_frame fr;
  wt_val a = wt_val_i32(42);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "run", &run));
  CHECK_RC(wt_func_call_0(f.cx, &run, &a, 1), WT_TRAP);
  CHECK_STR(wt_errmsg(), "bad fd 42");
  CHECK(wt_trap_code() == WT_TRAP_NONE);
  CHECK(wt_trap_frame_count() >= 2);
  CHECK_OK(wt_trap_frame_nth(0, &fr));
  CHECK(fr.func_name && !strcmp(fr.func_name, "mid"));
  a = wt_val_i32(0);
  CHECK_RC(wt_func_call(f.cx, &run, &a, 1, NULL, 0), WT_TRAP);
  CHECK_STR(wt_errmsg(), "out of bounds"); /* the status' name */
  CHECK(!strstr(wt_errmsg(), "bad fd")); /* the earlier message is not reused */
  fixture_close(&f);
}

TEST(trap_in_start_function_fails_instantiation) {
  static const char WAT[] = "(module (func $s unreachable) (start $s))";
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  memset(&f.inst, 0xff, sizeof f.inst);
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &f.inst), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  CHECK(f.inst.p_[0] == 0 && f.inst.p_[1] == 0);
  fixture_close(&f);
}

TEST(error_strerror_and_errmsg_after_success) {
  const char *seen[WT_CACHE + 1];
  for (int c = WT_OK; c <= WT_CACHE; c++) {
    seen[c] = wt_strerror(c);
    CHECK(seen[c] && *seen[c] && strcmp(seen[c], "unknown status") != 0);
    for (int d = 0; d < c; d++) CHECK(strcmp(seen[c], seen[d]) != 0); /* all distinct */
  }
  CHECK_STR(wt_strerror(WT_OUT_OF_FUEL), "fuel");
  CHECK_STR(wt_strerror(WT_STACK_OVERFLOW), "stack");
  wt_engine *e = (wt_engine *)1;
  wt_engine_options o;
  wt_engine_options_init(&o);
  o.opt_level = 99;
  CHECK_RC(wt_engine_new(&o, &e), WT_INVALID);
  CHECK(wt_errcode() == WT_INVALID && wt_trap_code() == WT_TRAP_NONE && wt_exit_code() == 0);
  CHECK(wt_trap_frame_count() == 0);
}

static void count_fin(void *p) { ++*(int *)p; }
static wt_status no_op(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)env, (void)c, (void)a, (void)na, (void)r, (void)nr;
  return WT_OK;
}

TEST(error_failed_constructors_write_null) {
  wt_engine *e = NULL;
  CHECK_OK(wt_engine_new(NULL, &e));
  wt_linker *l = (wt_linker *)1;
  CHECK_RC(wt_linker_new(NULL, &l), WT_INVALID);
  CHECK(l == NULL);
  CHECK_OK(wt_linker_new(e, &l));
  wt_module *m = NULL;
  static const char IMP[] = "(module (import \"no\" \"where\" (func)))";
  CHECK_OK(wt_module_from_wat(e, IMP, strlen(IMP), &m));
  wt_instance_pre *pre = (wt_instance_pre *)1;
  CHECK_RC(wt_linker_instantiate_pre(l, m, &pre), WT_NOT_FOUND);
  CHECK(pre == NULL);
  uint8_t *wasm = (uint8_t *)1;
  size_t n = 9;
  CHECK_RC(wt_wat_to_wasm("(module (func", 13, &wasm, &n), WT_MALFORMED);
  CHECK(wasm == NULL);
  wt_memory mem;
  wt_global g;
  wt_store *s = NULL;
  CHECK_OK(wt_store_new(e, NULL, NULL, &s));
  wt_val bad = wt_val_i32(0);
  bad.kind = 77;
  memset(&g, 0xff, sizeof g);
  CHECK_RC(wt_global_new(wt_store_context(s), &bad, true, &g), WT_INVALID);
  CHECK(g.p_[0] == 0 && g.p_[1] == 0);
  memset(&mem, 0xff, sizeof mem);
  CHECK(wt_memory_new(wt_store_context(s), 2, 1, false, &mem) != WT_OK); /* min > max */
  CHECK(mem.p_[0] == 0 && mem.p_[1] == 0);
  /* store-bound constructors without a context: refused, finalizers run */
  static int fins;
  fins = 0;
  wt_val v = wt_val_i32(1);
  wt_func fn;
  CHECK_RC(wt_memory_new(NULL, 1, 1, false, &mem), WT_INVALID);
  CHECK_RC(wt_global_new(NULL, &v, true, &g), WT_INVALID);
  CHECK_RC(wt_global_new(wt_store_context(s), NULL, true, &g), WT_INVALID);
  CHECK_RC(wt_val_externref(NULL, &fins, count_fin, &v), WT_INVALID);
  CHECK(fins == 1 && v.kind == WT_EXTERNREF && wt_val_is_null(&v));
  memset(&fn, 0xff, sizeof fn);
  CHECK_RC(wt_func_new(NULL, NULL, 0, NULL, 0, no_op, &fins, count_fin, &fn), WT_INVALID);
  CHECK(fins == 2 && fn.p_[0] == 0 && fn.p_[2] == 0);
  wt_store_delete(s);
  wt_module_delete(m);
  wt_linker_delete(l);
  wt_engine_delete(e);
}

/* Wasmtime (43 and later) keeps the innermost 20 frames of a trace and says
 * nothing of the rest: a trace that long ends with a line that says there
 * may be more. An older Wasmtime keeps them all: wt records the innermost
 * 64 and says how many more there were. */
TEST(trap_backtrace_says_frames_may_be_cut) {
  static const char WAT[] = /* call_indirect: Cranelift inlines no level away */
      "(module (type $t (func (param i32))) (table 1 funcref) (elem (i32.const 0) $r)\n"
      "  (func $r (export \"r\") (param i32)\n"
      "    local.get 0 i32.eqz if unreachable end\n"
      "    local.get 0 i32.const 1 i32.sub i32.const 0 call_indirect (type $t)))";
  fixture f;
  if (fixture_open(&f, NULL, WAT) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func r;
  wt_val depth = wt_val_i32(99); /* r(99) .. r(0): 100 frames */
  char bt[4096];
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "r", &r));
  CHECK_RC(wt_func_call(f.cx, &r, &depth, 1, NULL, 0), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  size_t n = wt_trap_backtrace(bt, sizeof bt);
  bool cut = wt_trap_frame_count() == 20;
  const char *last = cut ? "\n  ... perhaps more frames (Wasmtime keeps the innermost 20)\n" : "\n  ... 36 more frames\n";
  CHECK(cut || wt_trap_frame_count() == 64);
  CHECK(n < sizeof bt && n > strlen(last) && !strcmp(bt + n - strlen(last), last)); /* the last line */
  depth = wt_val_i32(9); /* 10 frames: nothing cut, no such line */
  CHECK_RC(wt_func_call(f.cx, &r, &depth, 1, NULL, 0), WT_TRAP);
  CHECK(wt_trap_frame_count() == 10 && wt_trap_backtrace(bt, sizeof bt) < sizeof bt && !strstr(bt, "more frame"));
  fixture_close(&f);
}

/* go(level) recurses 24 deep, then calls the host's down(level), which
 * calls go(level - 1) and passes its failure on; go(0) traps. Each of the
 * five calls into wasm has a trace of 20 frames (Wasmtime's cut): 100 in
 * all, of which wt records the innermost 64. */
static const char NESTED_DEEP[] =
    "(module (import \"env\" \"down\" (func $down (param i32)))\n"
    "  (type $t (func (param i32 i32))) (table 1 funcref) (elem (i32.const 0) $rec)\n"
    "  (func $rec (param i32 i32)\n"
    "    local.get 0 i32.eqz if\n"
    "      local.get 1 i32.eqz if unreachable end\n"
    "      local.get 1 call $down return end\n"
    "    local.get 0 i32.const 1 i32.sub local.get 1 i32.const 0 call_indirect (type $t))\n"
    "  (func (export \"go\") (param i32) i32.const 24 local.get 0 call $rec))";

static wt_status host_down(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  (void)na, (void)r, (void)nr;
  wt_func go;
  wt_val level = wt_val_i32(a[0].of.i32 - 1);
  int rc = wt_instance_get_func(wt_caller_context(c), env, "go", &go);
  return rc ? rc : wt_func_call(wt_caller_context(c), &go, &level, 1, NULL, 0);
}

TEST(trap_backtrace_says_how_many_frames_were_cut) {
  fixture f;
  if (fixture_open(&f, NULL, NESTED_DEEP)) return;
  CHECK_OK(wt_linker_define_func(f.linker, "env", "down", (const uint8_t[]){WT_I32}, 1, NULL, 0, host_down, &f.inst, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func go;
  wt_frame fr;
  wt_val level = wt_val_i32(4);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "go", &go));
  CHECK_RC(wt_func_call(f.cx, &go, &level, 1, NULL, 0), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_UNREACHABLE);
  CHECK(wt_trap_frame_count() == 64);
  CHECK_OK(wt_trap_frame_nth(63, &fr));
  CHECK_RC(wt_trap_frame_nth(64, &fr), WT_NOT_FOUND);
  size_t n = wt_trap_backtrace(NULL, 0);
  char *bt = malloc(n + 1);
  if (!bt) { fixture_close(&f); return; }
  CHECK(wt_trap_backtrace(bt, n + 1) == n && strlen(bt) == n);
  /* 36 more with Wasmtime's cut at 20 a trace (5 x 20 = 100); more without it */
  const char *tail = strrchr(bt, '\n') && strstr(bt, "\n  ... ") ? strstr(bt, "\n  ... ") : "";
  unsigned more = 0;
  CHECK((sscanf(tail, "\n  ... %u more frames\n", &more) == 1 && (more == 36 || (more > 36 && wasmtime_major() < 43)))
        || !fputs(bt, stderr)); /* the last line */
  CHECK(strstr(bt, "\n  63: func[") && !strstr(bt, "  64: "));
  char small[16];
  CHECK(wt_trap_backtrace(small, sizeof small) == n && strlen(small) == 15); /* the length needed, that line too */
  free(bt);
  fixture_close(&f);
}

/* Wasmtime reports a start function's trap under wt_linker_define_module as an
 * error: its text gives the trap code, for every code (here: a call through
 * a null table entry), and the message is one line. */
TEST(trap_code_read_from_an_error_text) {
  static const char WAT[] =
      "(module (type $t (func)) (table 1 funcref)\n"
      "  (func $s i32.const 0 call_indirect (type $t)) (start $s))";
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  CHECK_RC(wt_linker_define_module(f.linker, f.cx, "", f.module), WT_TRAP);
  CHECK(wt_trap_code() == WT_TRAP_INDIRECT_CALL_TO_NULL);
  CHECK_STR(wt_errmsg(), "uninitialized element");
  CHECK(!strchr(wt_errmsg(), '\n') && !strstr(wt_errmsg(), "backtrace"));
  CHECK(wt_trap_frame_count() == 1);
  fixture_close(&f);
}

/* Wasmtime's chain of causes reads as one sentence, every link kept. */
TEST(error_message_is_one_sentence) {
  static const char BAD[] = "(module (func (result i32) i32.const 1 i32.add))"; /* invalid */
  wt_engine *e = NULL;
  wt_module *m = (wt_module *)1;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_RC(wt_module_from_wat(e, BAD, strlen(BAD), &m), WT_MALFORMED);
  CHECK(m == NULL);
  CHECK_STR(wt_errmsg(), "failed to compile: ");
  CHECK_STR(wt_errmsg(), ": WebAssembly translation error: Invalid input WebAssembly code at offset");
  CHECK(!strchr(wt_errmsg(), '\n') && !strstr(wt_errmsg(), "0: ") && !strstr(wt_errmsg(), "Caused by"));
  wt_engine_delete(e);
  static const char IMP[] = "(module (import \"env\" \"f\" (func (param i64))))";
  fixture f;
  if (fixture_open(&f, NULL, IMP)) return;
  static const uint8_t i32[] = {WT_I32};
  CHECK_OK(wt_linker_define_func(f.linker, "env", "f", i32, 1, NULL, 0, no_op, NULL, NULL));
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &f.inst), WT_TYPE);
  CHECK_STR(wt_errmsg(), "incompatible import type for `env::f`: types incompatible: expected type");
  CHECK(!strchr(wt_errmsg(), '\n'));
  fixture_close(&f);
}

/* The one rule of the error record (wt.h, Errors): wt_errmsg, wt_errcode,
 * wt_trap_code, wt_exit_code and the frames describe the thread's last
 * failed call; a successful call changes none of them; a failure that is
 * not a trap resets the trap code, the exit code and the frames. */
TEST(error_record_one_rule) {
  static const char WAT[] =
      "(module (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
      "  (memory (export \"memory\") 1)\n"
      "  (func $boom unreachable)\n"
      "  (func (export \"trap\") call $boom)\n"
      "  (func (export \"ok\") (param i32) (result i32) local.get 0)\n"
      "  (func (export \"quit\") (param i32) local.get 0 call $exit))";
  fixture f;
  wt_wasi *w = NULL;
  if (fixture_open(&f, NULL, WAT)) return;
  if (wt_wasi_new(&w) || wt_store_set_wasi(f.store, w) || wt_linker_define_wasi(f.linker) || fixture_instantiate(&f)) {
    CHECK(!"WASI setup");
    fixture_close(&f);
    return;
  }
  wt_func trap, ok, quit, nope;
  wt_frame fr;
  int32_t r = 0;
  wt_val one = wt_val_i32(1), seven = wt_val_i32(7);
  char msg[4096];
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "trap", &trap));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "ok", &ok));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "quit", &quit));
  /* a trap: all of it recorded */
  CHECK_RC(wt_func_call(f.cx, &trap, NULL, 0, NULL, 0), WT_TRAP);
  snprintf(msg, sizeof msg, "%s", wt_errmsg());
  CHECK(wt_errcode() == WT_TRAP && wt_trap_code() == WT_TRAP_UNREACHABLE && wt_exit_code() == 0);
  CHECK(wt_trap_frame_count() == 2);
  /* successful calls, of every kind, change none of it */
  CHECK_OK(wt_func_call_i32(f.cx, &ok, &one, 1, &r));
  CHECK_OK(wt_func_call(f.cx, &ok, &one, 1, &(wt_val){0}, 1));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "ok", &ok));
  wt_store *s2 = NULL;
  CHECK_OK(wt_store_new(f.engine, NULL, NULL, &s2));
  wt_store_delete(s2);
  CHECK(wt_errcode() == WT_TRAP && wt_trap_code() == WT_TRAP_UNREACHABLE && wt_exit_code() == 0);
  CHECK(!strcmp(wt_errmsg(), msg) && wt_trap_frame_count() == 2);
  CHECK_OK(wt_trap_frame_nth(0, &fr));
  CHECK(fr.func_name && !strcmp(fr.func_name, "boom"));
  /* a failure that is no trap: the trap code and the frames reset */
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, "nope", &nope), WT_NOT_FOUND);
  CHECK(wt_errcode() == WT_NOT_FOUND && wt_trap_code() == WT_TRAP_NONE && wt_exit_code() == 0);
  CHECK(wt_trap_frame_count() == 0 && wt_trap_backtrace(NULL, 0) == 0 && strcmp(wt_errmsg(), msg));
  /* proc_exit: its code, kept by successful calls, reset by the next failure */
  CHECK_RC(wt_func_call(f.cx, &quit, &seven, 1, NULL, 0), WT_EXIT);
  CHECK(wt_errcode() == WT_EXIT && wt_exit_code() == 7 && wt_trap_code() == WT_TRAP_NONE && wt_trap_frame_count() == 0);
  CHECK_OK(wt_func_call_i32(f.cx, &ok, &one, 1, &r));
  CHECK(wt_errcode() == WT_EXIT && wt_exit_code() == 7);
  CHECK_RC(wt_instance_get_func(f.cx, &f.inst, "nope", &nope), WT_NOT_FOUND);
  CHECK(wt_exit_code() == 0 && wt_errcode() == WT_NOT_FOUND);
  /* a trap after an exit: the exit code reset too */
  CHECK_RC(wt_func_call(f.cx, &quit, &seven, 1, NULL, 0), WT_EXIT);
  CHECK_RC(wt_func_call(f.cx, &trap, NULL, 0, NULL, 0), WT_TRAP);
  CHECK(wt_exit_code() == 0 && wt_trap_code() == WT_TRAP_UNREACHABLE);
  fixture_close(&f);
}
