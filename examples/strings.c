/*
 * strings.c - passing strings and buffers in and out of guest memory.
 *
 * WebAssembly functions take and return numbers only. A string crosses the
 * boundary as (pointer, length) into the guest's linear memory:
 *   1. the host asks the guest for room: alloc(len) -> ptr (the guest's own
 *      allocator, here a bump allocator);
 *   2. the host copies the bytes in with wt_memory_write;
 *   3. the host calls the function with (ptr, len); it returns its result
 *      as two values (ptr, len) - multi-value, so the call goes through
 *      the generic wt_func_call;
 *   4. the host copies the result out with wt_memory_read.
 * wt_memory_read/wt_memory_write check every access against the memory's
 * current size: a wrong pointer or length from the guest gets WT_BOUNDS,
 * never a read outside the guest's memory. Pointers the guest returns are
 * untrusted input: check them (here: a maximum length) before use.
 *
 * (wt_memory_data gives the raw base pointer instead, for zero-copy use;
 * it is valid only until wasm runs again, which may grow and move the
 * memory, and the bounds are then yours to check.)
 *
 * Build and run: make && build/strings
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt.h"

static const char GUEST_WAT[] =
    "(module\n"
    "  (memory (export \"memory\") 1)\n"
    "  ;; the bump allocator: everything from 1024 up is heap, never freed\n"
    "  ;; one at a time (reset frees it all)\n"
    "  (global $heap (mut i32) (i32.const 1024))\n"
    "\n"
    "  ;; alloc(len) -> ptr, 8-byte aligned, memory grown as needed; 0 if none\n"
    "  (func $alloc (export \"alloc\") (param $len i32) (result i32)\n"
    "    (local $p i64) (local $end i64) (local $have i64)\n"
    "    (local.set $p (i64.and (i64.add (i64.extend_i32_u (global.get $heap)) (i64.const 7))\n"
    "                           (i64.const -8)))\n"
    "    (local.set $end (i64.add (local.get $p) (i64.extend_i32_u (local.get $len))))\n"
    "    (if (i64.gt_u (local.get $end) (i64.const 0xfffffff0)) (then (return (i32.const 0))))\n"
    "    (local.set $have (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))\n"
    "    (if (i64.gt_u (local.get $end) (local.get $have))\n"
    "      (then (if (i32.eq (memory.grow (i32.wrap_i64 (i64.shr_u\n"
    "                   (i64.add (i64.sub (local.get $end) (local.get $have)) (i64.const 65535))\n"
    "                   (i64.const 16))))\n"
    "                 (i32.const -1))\n"
    "              (then (return (i32.const 0))))))\n"
    "    (global.set $heap (i32.wrap_i64 (local.get $end)))\n"
    "    (i32.wrap_i64 (local.get $p)))\n"
    "\n"
    "  (func (export \"reset\") (global.set $heap (i32.const 1024)))\n"
    "\n"
    "  ;; to_upper(ptr, len) -> (ptr, len): a new string, ASCII a-z made A-Z,\n"
    "  ;; every other byte (UTF-8 included) copied as it is; (0, 0) if no room\n"
    "  (func (export \"to_upper\") (param $ptr i32) (param $len i32) (result i32 i32)\n"
    "    (local $out i32) (local $i i32) (local $c i32)\n"
    "    (local.set $out (call $alloc (local.get $len)))\n"
    "    (if (i32.eqz (local.get $out)) (then (return (i32.const 0) (i32.const 0))))\n"
    "    (block $done (loop $next\n"
    "      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))\n"
    "      (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))\n"
    "      (if (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))\n"
    "        (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))\n"
    "      (i32.store8 (i32.add (local.get $out) (local.get $i)) (local.get $c))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br $next)))\n"
    "    (local.get $out) (local.get $len)))\n";

/* The largest result we accept from the guest (it could return any length). */
#define MAX_RESULT (16u << 20)

typedef struct guest {
  wt_context *cx;
  wt_func alloc, reset, to_upper;
  wt_memory mem;
} guest;

static int fail(const char *what, wt_status rc) {
  fprintf(stderr, "strings: %s failed (%s): %s\n", what, wt_strerror(rc), wt_errmsg());
  return rc ? rc : WT_ERROR;
}

/* Copies `len` bytes into fresh guest memory; the guest address in *ptr. */
static int put_bytes(guest *g, const void *bytes, size_t len, uint32_t *ptr) {
  int32_t p = 0;
  if (len > UINT32_MAX) return fail("put_bytes: too long", WT_INVALID);
  wt_val arg = wt_val_i32((int32_t)(uint32_t)len);
  wt_status rc = wt_func_call_i32(g->cx, &g->alloc, &arg, 1, &p);
  if (rc) return fail("alloc", rc);
  if (p == 0) return fail("alloc: guest out of memory", WT_NOMEM);
  *ptr = (uint32_t)p;
  rc = wt_memory_write(g->cx, &g->mem, *ptr, bytes, len); /* WT_BOUNDS if alloc lied */
  return rc ? fail("wt_memory_write", rc) : WT_OK;
}

/* Calls to_upper on `len` bytes; the result in a new NUL-terminated buffer
 * *out (the caller frees it), its length in *out_len. */
static int to_upper(guest *g, const char *s, size_t len, char **out, size_t *out_len) {
  uint32_t ptr = 0;
  wt_status rc = put_bytes(g, s, len, &ptr);
  if (rc) return rc;

  /* Two results: the generic call, results as wt_val. */
  wt_val args[2] = {wt_val_i32((int32_t)ptr), wt_val_i32((int32_t)(uint32_t)len)};
  wt_val res[2];
  if ((rc = wt_func_call(g->cx, &g->to_upper, args, 2, res, 2))) return fail("to_upper", rc);
  uint32_t rptr = (uint32_t)res[0].of.i32, rlen = (uint32_t)res[1].of.i32;
  if (rptr == 0) return fail("to_upper: guest out of memory", WT_NOMEM);
  if (rlen > MAX_RESULT) return fail("to_upper: result too long", WT_LIMIT);

  char *buf = malloc((size_t)rlen + 1);
  if (!buf) return fail("malloc", WT_NOMEM);
  if ((rc = wt_memory_read(g->cx, &g->mem, rptr, buf, rlen))) { /* bounds-checked */
    free(buf);
    return fail("wt_memory_read", rc);
  }
  buf[rlen] = '\0';
  *out = buf;
  *out_len = rlen;
  return WT_OK;
}

static int run(guest *g) {
  /* 1. A short string in and out. */
  const char *in = "hello, wasm! h\xc3\xa9llo w\xc3\xb6rld"; /* "héllo wörld" in UTF-8 */
  const char *want = "HELLO, WASM! H\xc3\xa9LLO W\xc3\xb6RLD";
  char *out = NULL;
  size_t n = 0;
  wt_status rc = to_upper(g, in, strlen(in), &out, &n);
  if (rc) return rc;
  printf("to_upper(\"%s\") = \"%s\" (%zu bytes)\n", in, out, n);
  int bad = n != strlen(want) || memcmp(out, want, n) != 0;
  free(out);
  if (bad) return fail("to_upper: wrong result", WT_ERROR);

  /* 2. A buffer larger than the guest's memory: alloc grows it. */
  if ((rc = wt_func_call_0(g->cx, &g->reset, NULL, 0))) return fail("reset", rc);
  size_t big_len = 200000;
  char *big = malloc(big_len);
  if (!big) return fail("malloc", WT_NOMEM);
  for (size_t i = 0; i < big_len; i++) big[i] = (char)('a' + i % 26);
  uint64_t pages_before = 0, pages_after = 0;
  if ((rc = wt_memory_pages(g->cx, &g->mem, &pages_before))) return fail("pages", rc);
  rc = to_upper(g, big, big_len, &out, &n);
  free(big);
  if (rc) return rc;
  bad = n != big_len;
  for (size_t i = 0; !bad && i < n; i++) bad = out[i] != (char)('A' + i % 26);
  free(out);
  if ((rc = wt_memory_pages(g->cx, &g->mem, &pages_after))) return fail("pages", rc);
  printf("to_upper of a %zu-byte buffer: %s (guest memory grew from %llu to %llu pages)\n", big_len,
         bad ? "WRONG" : "ok", (unsigned long long)pages_before,
         (unsigned long long)pages_after);
  if (bad) return fail("to_upper: wrong big result", WT_ERROR);

  /* 3. Bounds checking: a read that runs past the end of memory is refused
   *    as a whole (WT_BOUNDS) and nothing is copied. */
  uint64_t size = 0;
  if ((rc = wt_memory_size(g->cx, &g->mem, &size))) return fail("size", rc);
  char tail[16];
  rc = wt_memory_read(g->cx, &g->mem, size - 4, tail, sizeof tail);
  printf("reading %zu bytes at 4 bytes before the end of memory: %s\n", sizeof tail, wt_strerror(rc));
  if (rc != WT_BOUNDS) return fail("out-of-bounds read not refused", WT_ERROR);
  return WT_OK;
}

int main(void) {
  wt_engine *engine = NULL;
  wt_store *store = NULL;
  wt_linker *linker = NULL;
  wt_module *module = NULL;
  wt_instance inst;
  guest g;
  wt_status rc;
  int status = 1;

  if ((rc = wt_engine_new(NULL, &engine))) {
    fail("loading Wasmtime", rc);
    return 1;
  }
  if ((rc = wt_store_new(engine, NULL, NULL, &store)) || (rc = wt_linker_new(engine, &linker)) ||
      (rc = wt_module_from_wat(engine, GUEST_WAT, strlen(GUEST_WAT), &module))) {
    fail("setup", rc);
    goto out;
  }
  g.cx = wt_store_context(store);
  if ((rc = wt_linker_instantiate(linker, g.cx, module, &inst)) ||
      (rc = wt_instance_get_func(g.cx, &inst, "alloc", &g.alloc)) ||
      (rc = wt_instance_get_func(g.cx, &inst, "reset", &g.reset)) ||
      (rc = wt_instance_get_func(g.cx, &inst, "to_upper", &g.to_upper)) ||
      (rc = wt_instance_get_memory(g.cx, &inst, "memory", &g.mem))) {
    fail("instantiation", rc);
    goto out;
  }
  status = run(&g) != WT_OK;

out:
  wt_module_delete(module);
  wt_linker_delete(linker);
  wt_store_delete(store);
  wt_engine_delete(engine);
  return status;
}
