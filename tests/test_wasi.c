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

static int finalized_within_2s(sink *s) {
  for (int i = 0; i < 200 && !__atomic_load_n(&s->finalized, __ATOMIC_SEQ_CST); i++) nanosleep(&(struct timespec){0, 10000000}, NULL);
  return __atomic_load_n(&s->finalized, __ATOMIC_SEQ_CST);
}

TEST(wasi_stdout_capture_and_proc_exit) {
  fixture f;
  static sink out;
  memset(&out, 0, sizeof out);
  if (fixture_open(&f, NULL, HELLO)) return;
  wt_wasi *w = NULL;
  const char *argv[] = {"prog", "a", "bc"};
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_wasi_set_args(w, 3, argv));
  CHECK_OK(wt_wasi_set_env(w, "K", "v"));
  CHECK_OK(wt_wasi_output_capture(w, 1, sink_write, &out, sink_fin));
  CHECK_RC(wt_wasi_output_capture(w, 0, sink_write, &out, sink_fin), WT_INVALID); /* not an output */
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
  CHECK(finalized_within_2s(&out) == 1);
}

TEST(wasi_output_to_a_file_and_bad_arguments) {
  fixture f;
  if (fixture_open(&f, NULL, HELLO)) return;
  char *dir = temp_dir(), path[300], got[32] = {0};
  snprintf(path, sizeof path, "%s/out.txt", dir);
  wt_wasi *w = NULL;
  CHECK_OK(wt_wasi_new(&w));
  CHECK_OK(wt_wasi_stdin_bytes(w, "in", 2));
  CHECK_OK(wt_wasi_output_file(w, 1, path));
  CHECK_RC(wt_wasi_output_file(w, 1, "/nonexistent/dir/out.txt"), WT_IO);
  CHECK_RC(wt_wasi_output_inherit(w, 5), WT_INVALID);
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
