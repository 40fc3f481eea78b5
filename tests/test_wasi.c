/* test_wasi.c - WASI preview1 basics: stdout captured through a callback,
 * proc_exit as WT_EXIT with its code, args and environment. */
#include <stdlib.h>
#include <time.h>

#include "harness.h"

static const char HELLO[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"args_sizes_get\" (func $args (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"environ_sizes_get\" (func $env (param i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"hello wasi\\n\")\n"
    "  (func (export \"_start\")\n"
    "    (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 11))\n"
    "    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    "    (drop (call $args (i32.const 100) (i32.const 104)))\n"
    "    (drop (call $env (i32.const 108) (i32.const 112)))\n"
    "    (call $exit (i32.const 3))))";

typedef struct sink { char buf[256]; size_t len; int finalized; } sink;

static ptrdiff_t sink_write(void *env, const unsigned char *data, size_t len) {
  sink *s = env;
  if (s->len + len >= sizeof s->buf) return -1;
  memcpy(s->buf + s->len, data, len);
  s->len += len;
  return (ptrdiff_t)len;
}

/* Wasmtime drops output streams on a background task: the finalizer may
 * run on another thread a moment after the store is deleted. */
static void sink_fin(void *env) { __atomic_add_fetch(&((sink *)env)->finalized, 1, __ATOMIC_SEQ_CST); }

#define NEED_CAPTURE()                                                                          \
  do {                                                                                          \
    if (!wt_has(WT_CAP_CAPTURE)) SKIP("has no stdout/stderr capture (wasi_config_set_stdout_custom, from 39)"); \
  } while (0)

static int finalized_within_2s(sink *s) {
  for (int i = 0; i < 200 && !__atomic_load_n(&s->finalized, __ATOMIC_SEQ_CST); i++) nanosleep(&(struct timespec){0, 10000000}, NULL);
  return __atomic_load_n(&s->finalized, __ATOMIC_SEQ_CST);
}

TEST(wasi_stdout_capture_and_proc_exit) {
  NEED_CAPTURE();
  fixture f;
  static sink out;
  memset(&out, 0, sizeof out);
  if (fixture_open(&f, NULL, HELLO)) return;
  wt_wasi *w = NULL;
  const char *argv[] = {"prog", "a", "bc"};
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_wasi_set_args(w, 3, argv));
  CHECK_OK(wt_wasi_add_env(w, "K", "v"));
  CHECK_OK(wt_wasi_capture_output(w, 1, sink_write, &out, sink_fin));
  CHECK_RC(wt_wasi_capture_output(w, 0, sink_write, &out, sink_fin), WT_INVALID); /* not an output */
  CHECK(out.finalized == 1); /* refused: finalized at once */
  out.finalized = 0;
  CHECK_OK(wt_store_set_wasi(f.store, w));
  CHECK_OK(wt_linker_define_wasi(f.linker));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_func start;
  wt_memory mem;
  int32_t argc = 0, argsz = 0, envc = 0, envsz = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "_start", &start));
  CHECK_RC(wt_func_call_0(f.cx, &start, NULL, 0), WT_EXIT);
  CHECK(wt_exit_code() == 3 && wt_errcode() == WT_EXIT);
  CHECK_STR(wt_errmsg(), "exited with code 3");
  CHECK(out.len == 11 && !memcmp(out.buf, "hello wasi\n", 11));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "memory", &mem));
  CHECK_OK(wt_memory_read_i32(f.cx, &mem, 100, &argc));
  CHECK_OK(wt_memory_read_i32(f.cx, &mem, 104, &argsz));
  CHECK_OK(wt_memory_read_i32(f.cx, &mem, 108, &envc));
  CHECK_OK(wt_memory_read_i32(f.cx, &mem, 112, &envsz));
  CHECK(argc == 3 && argsz == 5 + 2 + 3 && envc == 1 && envsz == 4);
  CHECK_RC(wt_func_call(f.cx, &start, NULL, 0, NULL, 0), WT_EXIT); /* generic path too */
  CHECK(wt_exit_code() == 3 && out.len == 22);
  fixture_close(&f);
  CHECK(out.finalized == 1); /* wt_store_delete waits for the capture's finalizer */
  CHECK(finalized_within_2s(&out) == 1);
}

/* Each capture's finalizer has run once its store is deleted, also when a
 * second configuration replaces the first, and when a configuration is
 * deleted without a store. */
TEST(wasi_capture_finalizers_have_run_when_the_store_is_gone) {
  NEED_CAPTURE();
  for (int round = 0; round < 20; round++) {
    wt_engine *e = NULL;
    wt_store *s = NULL;
    wt_wasi *a = NULL, *b = NULL, *c = NULL;
    static sink x, y, z;
    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    memset(&z, 0, sizeof z);
    CHECK_OK(wt_engine_new(NULL, &e));
    CHECK_OK(wt_store_new(e, NULL, NULL, &s));
    CHECK_OK(wt_wasi_new(&a));
    CHECK_OK(wt_wasi_capture_output(a, 1, sink_write, &x, sink_fin));
    CHECK_OK(wt_wasi_capture_output(a, 2, sink_write, &y, sink_fin));
    CHECK_OK(wt_store_set_wasi(s, a));
    CHECK_OK(wt_wasi_new(&b));
    CHECK_OK(wt_wasi_capture_output(b, 1, sink_write, &z, sink_fin));
    CHECK_OK(wt_store_set_wasi(s, b)); /* replaces a: a's finalizers have run */
    CHECK(x.finalized == 1 && y.finalized == 1 && z.finalized == 0);
    wt_store_delete(s);
    CHECK(z.finalized == 1);
    CHECK_OK(wt_wasi_new(&c));
    CHECK_OK(wt_wasi_capture_output(c, 1, sink_write, &x, sink_fin));
    wt_wasi_delete(c);
    CHECK(finalized_within_2s(&x) == 2);
    wt_engine_delete(e);
  }
}

/* Wasmtime aborts the process when a WASI function runs in a store with no
 * WASI context: wt refuses to instantiate a module that imports WASI there. */
CHILD(wasi_without_configuration) {
  fixture f;
  (void)arg;
  if (fixture_open(&f, NULL, HELLO)) return 2;
  if (wt_linker_define_wasi(f.linker)) return 3;
  wt_instance inst;
  int rc = wt_linker_instantiate(f.linker, f.cx, f.module, &inst);
  if (rc == WT_OK) { /* the old way: _start would abort the process here */
    wt_func start;
    if (!wt_instance_get_func(f.cx, &inst, "_start", &start)) wt_func_call_0(f.cx, &start, NULL, 0);
    return 4;
  }
  if (rc != WT_INVALID || !strstr(wt_errmsg(), "wt_store_set_wasi")) return 5;
  if (wt_linker_define_module(f.linker, f.cx, "", f.module) != WT_INVALID) return 6;
  wt_extern w_fn; /* taken out of the linker to be defined under another name: refused too */
  if (wt_linker_get(f.linker, f.cx, "wasi_snapshot_preview1", "fd_write", &w_fn) != WT_INVALID) return 9;
  wt_instance_pre *pre = NULL;
  if (wt_linker_instantiate_pre(f.linker, f.module, &pre) || wt_instance_pre_instantiate(pre, f.cx, &inst) != WT_INVALID)
    return 7;
  wt_instance_pre_delete(pre);
  wt_wasi *w = NULL; /* with a configuration, the same calls work */
  if (wt_wasi_new(&w) || wt_store_set_wasi(f.store, w) || wt_linker_instantiate(f.linker, f.cx, f.module, &inst)) return 8;
  fixture_close(&f);
  return 0;
}

TEST(wasi_module_in_a_store_without_wasi_is_refused_not_aborted) {
  CHECK(run_child("wasi_without_configuration", "") == 0);
}

TEST(wasi_output_to_a_file_and_bad_arguments) {
  fixture f;
  if (fixture_open(&f, NULL, HELLO)) return;
  char *dir = temp_dir(), path[300], got[32] = {0};
  snprintf(path, sizeof path, "%s/out.txt", dir);
  wt_wasi *w = NULL;
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_wasi_set_stdin_bytes(w, "in", 2));
  CHECK_OK(wt_wasi_set_output_file(w, 1, path));
  CHECK_RC(wt_wasi_set_output_file(w, 1, "/nonexistent/dir/out.txt"), WT_IO);
  CHECK_RC(wt_wasi_inherit_output(w, 5), WT_INVALID);
  CHECK_RC(wt_wasi_preopen_dir(w, "/nonexistent/dir", "/x", false), WT_IO);
  CHECK_OK(wt_wasi_preopen_dir(w, dir, "/sandbox", true));
  CHECK_OK(wt_store_set_wasi(f.store, w));
  CHECK_OK(wt_linker_define_wasi(f.linker));
  if (fixture_instantiate(&f)) { fixture_close(&f); rm_rf(dir); free(dir); return; }
  wt_func start;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "_start", &start));
  CHECK_RC(wt_func_call_0(f.cx, &start, NULL, 0), WT_EXIT);
  fixture_close(&f);
  FILE *fp = fopen(path, "rb");
  CHECK(fp != NULL);
  if (fp) { CHECK(fread(got, 1, sizeof got, fp) == 11); fclose(fp); }
  CHECK(!strcmp(got, "hello wasi\n"));
  CHECK_RC(wt_wasi_set_args(NULL, 0, NULL), WT_INVALID);
  CHECK_RC(wt_store_set_wasi(NULL, NULL), WT_INVALID);
  rm_rf(dir);
  free(dir);
}

TEST(wasi_imports_without_definition_are_unknown) {
  fixture f;
  if (fixture_open(&f, NULL, HELLO)) return;
  CHECK_RC(wt_linker_instantiate(f.linker, f.cx, f.module, &f.inst), WT_NOT_FOUND);
  CHECK_STR(wt_errmsg(), "wasi_snapshot_preview1");
  fixture_close(&f);
}

/* cat: copies stdin to stdout, returns the bytes copied (or -errno).
 * env: the environment count; its strings land at 131072. */
static const char CAT[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_read\" (func $rd (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $wr (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"environ_sizes_get\" (func $esz (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"environ_get\" (func $eget (param i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 4)\n"
    "  (func (export \"cat\") (result i32) (local $n i32) (local $e i32) (local $total i32)\n"
    "    (block $done (loop $next\n"
    "      (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 4096))\n"
    "      (local.set $e (call $rd (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    "      (if (local.get $e) (then (return (i32.sub (i32.const 0) (local.get $e)))))\n"
    "      (local.set $n (i32.load (i32.const 8)))\n"
    "      (br_if $done (i32.eqz (local.get $n)))\n"
    "      (i32.store (i32.const 4) (local.get $n))\n"
    "      (drop (call $wr (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))\n"
    "      (local.set $total (i32.add (local.get $total) (local.get $n)))\n"
    "      (br $next)))\n"
    "    (local.get $total))\n"
    "  (func (export \"env\") (result i32)\n"
    "    (drop (call $esz (i32.const 16) (i32.const 20)))\n"
    "    (if (i32.gt_u (i32.load (i32.const 20)) (i32.const 131072)) (then (return (i32.const -1))))\n"
    "    (drop (call $eget (i32.const 65536) (i32.const 131072)))\n"
    "    (i32.load (i32.const 16))))";

/* Runs export `fn` of CAT with WASI configuration w (stdout to `out`);
 * returns its status, the export's result in *result, and, when `env`
 * is not NULL, copies the environment block into it. */
/* Without the capture capability (Wasmtime 36-38) stdout goes to a file,
 * read into `out` afterwards. */
static int run_cat(wt_wasi *w, sink *out, const char *fn, int32_t *result, char *env, size_t envsz) {
  fixture f;
  char *dir = wt_has(WT_CAP_CAPTURE) ? NULL : temp_dir(), path[300] = "";
  if (dir) snprintf(path, sizeof path, "%s/stdout", dir);
  int rc = fixture_open(&f, NULL, CAT);
  if (!rc) rc = dir ? wt_wasi_set_output_file(w, 1, path) : wt_wasi_capture_output(w, 1, sink_write, out, NULL);
  if (!rc) rc = wt_store_set_wasi(f.store, w);
  else wt_wasi_delete(w); /* the store did not take it */
  if (!rc) rc = wt_linker_define_wasi(f.linker);
  if (!rc) rc = fixture_instantiate(&f);
  wt_func fun;
  wt_memory mem;
  if (!rc) rc = wt_instance_get_func(f.cx, &f.inst, fn, &fun);
  if (!rc) rc = wt_func_call_i32(f.cx, &fun, NULL, 0, result);
  if (!rc && env) rc = wt_instance_get_memory(f.cx, &f.inst, "memory", &mem);
  if (!rc && env) rc = wt_memory_read(f.cx, &mem, 131072, env, envsz);
  fixture_close(&f);
  if (dir) {
    FILE *o = fopen(path, "rb");
    out->len = o ? fread(out->buf, 1, sizeof out->buf, o) : 0;
    if (o) fclose(o);
    rm_rf(dir);
    free(dir);
  }
  return rc;
}


TEST(wasi_stdin_from_bytes_and_from_a_file) {
  static sink out;
  wt_wasi *w = NULL;
  int32_t n = 0;
  memset(&out, 0, sizeof out);
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_wasi_set_stdin_bytes(w, "from bytes", 10));
  CHECK_OK(run_cat(w, &out, "cat", &n, NULL, 0));
  CHECK(n == 10 && out.len == 10 && !memcmp(out.buf, "from bytes", 10));
  char *dir = temp_dir(), path[300];
  CHECK(dir != NULL);
  if (!dir) return;
  snprintf(path, sizeof path, "%s/in.txt", dir);
  CHECK(write_file(path, "from a file\n", 12) == 0);
  memset(&out, 0, sizeof out);
  CHECK_OK(wt_wasi_new(&w));
  CHECK_RC(wt_wasi_set_stdin_file(w, "/nonexistent/in.txt"), WT_IO);
  CHECK_STR(wt_errmsg(), "/nonexistent/in.txt");
  CHECK_OK(wt_wasi_set_stdin_file(w, path));
  CHECK_OK(run_cat(w, &out, "cat", &n, NULL, 0));
  CHECK(n == 12 && out.len == 12 && !memcmp(out.buf, "from a file\n", 12));
  memset(&out, 0, sizeof out); /* the default stdin is empty */
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(run_cat(w, &out, "cat", &n, NULL, 0));
  CHECK(n == 0 && out.len == 0);
  rm_rf(dir);
  free(dir);
}

/* In a child whose fd 0 is the file `arg`: the guest reads the host's stdin. */
CHILD(stdin_inherit) {
  static sink out;
  FILE *in = freopen(arg, "rb", stdin);
  wt_wasi *w = NULL;
  int32_t n = 0;
  if (!in) return 1;
  if (wt_wasi_new(&w) || wt_wasi_inherit_stdin(w)) return 2;
  if (run_cat(w, &out, "cat", &n, NULL, 0)) return 3;
  return n == 9 && out.len == 9 && !memcmp(out.buf, "inherited", 9) ? 0 : 4;
}

TEST(wasi_stdin_inherited_from_the_host) {
  char *dir = temp_dir(), path[300];
  CHECK(dir != NULL);
  if (!dir) return;
  snprintf(path, sizeof path, "%s/stdin.txt", dir);
  CHECK(write_file(path, "inherited", 9) == 0);
  CHECK(run_child("stdin_inherit", path) == 0);
  rm_rf(dir);
  free(dir);
}

/* Counts host variables the way WASI sees them (NAME=VALUE entries). */
static int32_t host_env_count(void) {
  extern char **environ;
  int32_t n = 0;
  for (char **e = environ; *e; e++) n += strchr(*e, '=') != NULL;
  return n;
}

/* The block holds NUL-terminated entries; finds `want` as a whole entry. */
static int env_has(const char *block, size_t size, const char *want) {
  for (size_t i = 0; i < size && block[i]; i += strlen(block + i) + 1)
    if (!strcmp(block + i, want)) return 1;
  return 0;
}

TEST(wasi_environment_set_and_inherited) {
  static sink out;
  static char block[65536];
  wt_wasi *w = NULL;
  int32_t n = 0;
  CHECK(setenv("WT_UNIT_MARK", "42", 1) == 0);
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_wasi_add_env(w, "ONLY", "me"));
  memset(block, 0, sizeof block);
  CHECK_OK(run_cat(w, &out, "env", &n, block, sizeof block - 1));
  CHECK(n == 1 && env_has(block, sizeof block, "ONLY=me") && !env_has(block, sizeof block, "WT_UNIT_MARK=42"));
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_wasi_inherit_env(w));
  CHECK_OK(wt_wasi_add_env(w, "EXTRA", "1"));
  memset(block, 0, sizeof block);
  CHECK_OK(run_cat(w, &out, "env", &n, block, sizeof block - 1));
  CHECK(n == host_env_count() + 1);
  CHECK(env_has(block, sizeof block, "WT_UNIT_MARK=42") && env_has(block, sizeof block, "EXTRA=1"));
  unsetenv("WT_UNIT_MARK");
}

TEST(wasi_null_arguments_are_refused) {
  wt_wasi *w = NULL;
  CHECK_OK(wt_wasi_new(&w));
  CHECK_RC(wt_wasi_add_env(w, NULL, "v"), WT_INVALID);
  CHECK_RC(wt_wasi_add_env(w, "K", NULL), WT_INVALID);
  CHECK_RC(wt_wasi_set_args(w, 2, NULL), WT_INVALID);
  CHECK_RC(wt_wasi_set_args(w, 2, (const char *[]){"a", NULL}), WT_INVALID);
  CHECK_RC(wt_wasi_set_stdin_bytes(w, NULL, 3), WT_INVALID);
  CHECK_OK(wt_wasi_set_stdin_bytes(w, NULL, 0));
  CHECK_RC(wt_wasi_set_stdin_file(w, NULL), WT_INVALID);
  CHECK_RC(wt_wasi_set_output_file(w, 1, NULL), WT_INVALID);
  CHECK_RC(wt_wasi_preopen_dir(w, NULL, "/x", false), WT_INVALID);
  CHECK_RC(wt_wasi_preopen_dir(w, "/tmp", NULL, false), WT_INVALID);
  CHECK_RC(wt_wasi_inherit_env(NULL), WT_INVALID);
  CHECK_RC(wt_wasi_inherit_stdin(NULL), WT_INVALID);
  wt_wasi_delete(w);
}
