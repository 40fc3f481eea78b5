/*
 * wasi_host.c - a WASI plugin host.
 *
 * Runs a WASI command module (a program with a `_start` export) the way a
 * host runs a plugin:
 *   - its stdout is captured into a buffer of ours (wt_wasi_capture_output)
 *     instead of going to our terminal;
 *   - it sees one host directory, a temporary folder we make and fill with
 *     notes.txt, preopened as "/data" (wt_wasi_preopen_dir, read-only);
 *     nothing outside that folder is reachable;
 *   - we call its `_start` and report how it ended: returning from _start
 *     is exit code 0, proc_exit(N) is WT_EXIT with wt_exit_code() == N.
 *
 * The guest is written in WebAssembly text below, calling the
 * wasi_snapshot_preview1 functions directly (fd_write, fd_prestat_get,
 * fd_prestat_dir_name, path_open, fd_read, fd_close, proc_exit), so the
 * example needs no WASI toolchain. A module compiled by clang/rustc for
 * wasm32-wasi loads the same way: wt_module_from_file(engine, "x.wasm", ...).
 *
 * Build and run: make && build/wasi_host
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wt.h"

/* The guest. Memory layout (all offsets in linear memory):
 *     0  iovec {ptr, len} for fd_write/fd_read
 *     8  bytes written/read (each fd_write overwrites it)
 *    12  the fd path_open returned
 *    16  prestat {u8 tag; u32 name_len at 20}
 *    64  the guest's string constants
 *   512  the preopened directory's name
 *  1024  the file's content (up to 4096 bytes) */
static const char GUEST_WAT[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\"\n"
    "    (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_read\"\n"
    "    (func $fd_read (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_close\" (func $fd_close (param i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_prestat_get\"\n"
    "    (func $prestat_get (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_prestat_dir_name\"\n"
    "    (func $prestat_dir_name (param i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"path_open\"\n"
    "    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $proc_exit (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 64)  \"guest: hello from WebAssembly\\n\")\n"   /* 30 bytes */
    "  (data (i32.const 100) \"guest: fd 3 is the preopened directory \")\n" /* 39 */
    "  (data (i32.const 140) \"notes.txt\")\n"                           /* 9 */
    "  (data (i32.const 150) \"guest: notes.txt says: \")\n"             /* 23 */
    "  (data (i32.const 180) \"../outside.txt\")\n"                      /* 14 */
    "  (data (i32.const 200) \"guest: ../outside.txt is out of reach\\n\")\n" /* 38 */
    "  (data (i32.const 240) \"guest: ESCAPED the sandbox\\n\")\n"       /* 27 */
    "  (data (i32.const 270) \"\\n\")\n"
    "\n"
    "  ;; print(ptr, len): one fd_write to stdout (fd 1)\n"
    "  (func $print (param $ptr i32) (param $len i32)\n"
    "    (i32.store (i32.const 0) (local.get $ptr))\n"
    "    (i32.store (i32.const 4) (local.get $len))\n"
    "    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))\n"
    "\n"
    "  ;; open(path, len) -> errno; the new fd at 12. Rights: fd_read (bit 1).\n"
    "  (func $open (param $path i32) (param $len i32) (result i32)\n"
    "    (call $path_open (i32.const 3) (i32.const 0) (local.get $path) (local.get $len)\n"
    "      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 12)))\n"
    "\n"
    "  (func (export \"_start\") (local $fd i32) (local $n i32)\n"
    "    (call $print (i32.const 64) (i32.const 30))\n"
    "\n"
    "    ;; fd 3 is the first preopen: ask its name (the host chose \"/data\")\n"
    "    (if (call $prestat_get (i32.const 3) (i32.const 16)) (then (call $proc_exit (i32.const 10))))\n"
    "    (if (call $prestat_dir_name (i32.const 3) (i32.const 512) (i32.load (i32.const 20)))\n"
    "      (then (call $proc_exit (i32.const 11))))\n"
    "    (call $print (i32.const 100) (i32.const 39))\n"
    "    (call $print (i32.const 512) (i32.load (i32.const 20)))\n"
    "    (call $print (i32.const 270) (i32.const 1))\n"
    "\n"
    "    ;; open notes.txt inside it and copy its content to stdout\n"
    "    (if (call $open (i32.const 140) (i32.const 9)) (then (call $proc_exit (i32.const 12))))\n"
    "    (local.set $fd (i32.load (i32.const 12)))\n"
    "    (i32.store (i32.const 0) (i32.const 1024))\n"
    "    (i32.store (i32.const 4) (i32.const 4096))\n"
    "    (if (call $fd_read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))\n"
    "      (then (call $proc_exit (i32.const 13))))\n"
    "    (local.set $n (i32.load (i32.const 8))) ;; before $print reuses offset 8\n"
    "    (call $print (i32.const 150) (i32.const 23))\n"
    "    (call $print (i32.const 1024) (local.get $n))\n"
    "    (drop (call $fd_close (local.get $fd)))\n"
    "\n"
    "    ;; try to leave the directory: WASI refuses any path that escapes it\n"
    "    (if (i32.eqz (call $open (i32.const 180) (i32.const 14)))\n"
    "      (then (call $print (i32.const 240) (i32.const 27)) (call $proc_exit (i32.const 14))))\n"
    "    (call $print (i32.const 200) (i32.const 38))\n"
    "\n"
    "    ;; a command ends with proc_exit (or by returning from _start: code 0)\n"
    "    (call $proc_exit (i32.const 0))))\n";

/* The file the guest reads from its preopened directory. */
static const char NOTES[] = "the host put this file here\n";

/* Where the guest's stdout goes: a growable buffer of ours. */
typedef struct capture {
  char *data;
  size_t len, cap;
} capture;

/* wt_write_fn: called for every fd_write of the guest to fd 1. It runs on
 * one of Wasmtime's threads while the guest's fd_write waits for it, so by
 * the time _start returns every byte is here. It must not call wt on the
 * store. Returns the bytes consumed, or -1 (the guest's fd_write then
 * fails with an I/O error). */
static ptrdiff_t capture_write(void *env, const unsigned char *data, size_t len) {
  capture *c = env;
  if (c->len + len + 1 > c->cap) {
    size_t cap = (c->len + len + 1) * 2;
    char *p = realloc(c->data, cap);
    if (!p) return -1;
    c->data = p;
    c->cap = cap;
  }
  memcpy(c->data + c->len, data, len);
  c->len += len;
  c->data[c->len] = '\0';
  return (ptrdiff_t)len;
}

static int fail(const char *what, wt_status rc) {
  fprintf(stderr, "wasi_host: %s failed (%s): %s\n", what, wt_strerror(rc), wt_errmsg());
  return 1;
}

/* Makes /tmp/wt-wasi-host-XXXXXX with notes.txt in it; 0 on success. */
static int make_sandbox_dir(char *dir, size_t size, char *file, size_t fsize) {
  snprintf(dir, size, "/tmp/wt-wasi-host-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  snprintf(file, fsize, "%s/notes.txt", dir);
  FILE *fp = fopen(file, "wb");
  if (!fp) return -1;
  int bad = fwrite(NOTES, 1, strlen(NOTES), fp) != strlen(NOTES);
  return fclose(fp) || bad ? -1 : 0;
}

int main(void) {
  wt_engine *engine = NULL;
  wt_store *store = NULL;
  wt_linker *linker = NULL;
  wt_module *module = NULL;
  wt_wasi *wasi = NULL;
  capture out = {NULL, 0, 0};
  char dir[64] = "", file[96] = "";
  wt_status rc;
  int status = 1;

  if ((rc = wt_engine_new(NULL, &engine))) return fail("loading Wasmtime", rc);
  if (!wt_has(WT_CAP_WASI) || !wt_has(WT_CAP_CAPTURE)) {
    fprintf(stderr, "wasi_host: this libwasmtime.so lacks WASI or output capture\n");
    goto out;
  }
  if (make_sandbox_dir(dir, sizeof dir, file, sizeof file)) {
    perror("wasi_host: making the temporary directory");
    goto out;
  }

  /* Compile once; a real host would keep the module (and the linker) and
   * make a new store with a new WASI configuration for every run. */
  if ((rc = wt_module_from_wat(engine, GUEST_WAT, strlen(GUEST_WAT), &module))) {
    fail("compiling the guest", rc);
    goto out;
  }
  if ((rc = wt_linker_new(engine, &linker)) || (rc = wt_linker_define_wasi(linker))) {
    fail("linker", rc);
    goto out;
  }

  /* The WASI configuration: argv, stdout captured, one directory. stdin is
   * empty, stderr discarded, the environment empty: nothing is inherited
   * unless asked for. */
  const char *argv[] = {"plugin"};
  if ((rc = wt_store_new(engine, NULL, NULL, &store)) || (rc = wt_wasi_new(&wasi)) ||
      (rc = wt_wasi_set_args(wasi, 1, argv)) ||
      (rc = wt_wasi_capture_output(wasi, 1, capture_write, &out, NULL)) ||
      (rc = wt_wasi_preopen_dir(wasi, dir, "/data", false))) {
    fail("WASI configuration", rc);
    goto out;
  }
  /* The store takes the configuration (on failure too). */
  rc = wt_store_set_wasi(store, wasi);
  wasi = NULL;
  if (rc) { fail("wt_store_set_wasi", rc); goto out; }

  /* A command module: instantiate it and call _start. */
  wt_context *cx = wt_store_context(store);
  wt_instance inst;
  wt_func start;
  if ((rc = wt_linker_instantiate(linker, cx, module, &inst)) ||
      (rc = wt_instance_get_func(cx, &inst, "_start", &start))) {
    fail("instantiation", rc);
    goto out;
  }
  rc = wt_func_call_0(cx, &start, NULL, 0);
  int exit_code;
  if (rc == WT_OK) exit_code = 0;                      /* returned from _start */
  else if (rc == WT_EXIT) exit_code = wt_exit_code(); /* called proc_exit */
  else { fail("_start", rc); goto out; }              /* a trap, a limit ... */

  /* Every write of the guest has reached capture_write by now. */
  printf("captured %zu bytes of guest stdout:\n", out.len);
  fwrite(out.data ? out.data : "", 1, out.len, stdout);
  printf("guest exit code: %d\n", exit_code);

  status = exit_code != 0 || !out.data || !strstr(out.data, NOTES) ||
           !strstr(out.data, "out of reach");

out:
  wt_wasi_delete(wasi);
  wt_store_delete(store); /* returns after the capture is dropped: `out` is ours again */
  wt_module_delete(module);
  wt_linker_delete(linker);
  wt_engine_delete(engine);
  if (file[0]) unlink(file);
  if (dir[0]) rmdir(dir);
  free(out.data);
  return status;
}
