/* header_test.c - wt.h compiles cleanly for its users: C11 with strict
 * warnings (GCC and Clang), C++ (where the value constructors take their
 * C++ form), with WT_NO_INLINE_CALLS, and at -O0. Every inline function of
 * the header is used here, so a warning in any of them fails `make
 * header-test`. Compiled only, never run. */
#include "wt.h"

int wt_header_test_uses(wt_context *cx, const wt_func *f, wt_raw *raw);
int wt_header_test_uses(wt_context *cx, const wt_func *f, wt_raw *raw) {
  uint8_t bytes[16] = {0};
  wt_val a[4] = {wt_val_i32(1), wt_val_i64(2), wt_val_f32(3.0f), wt_val_f64(4.0)};
  wt_val v = wt_val_v128(bytes), n = wt_val_null(WT_EXTERNREF);
  int32_t i = 0;
  int64_t l = 0;
  float s = 0;
  double d = 0;
  int rc = wt_func_call_0(cx, f, a, 0) + wt_func_call_i32(cx, f, a, 1, &i) + wt_func_call_i64(cx, f, a, 2, &l) +
           wt_func_call_f32(cx, f, a, 3, &s) + wt_func_call_f64(cx, f, a, 4, &d) + wt_func_call_raw(cx, f, raw, 2) +
           wt_func_call_i32(cx, f, &v, 1, &i) + (wt_func_call_i32)(cx, f, a, 1, &i);
  return rc + (int)wt_val_is_null(&n) + i + (int)l + (int)s + (int)d;
}

/* The scalar memory helpers (inline too). */
int wt_header_test_memory(wt_context *cx, const wt_memory *m, uint64_t off);
int wt_header_test_memory(wt_context *cx, const wt_memory *m, uint64_t off) {
  int32_t i = 0;
  int64_t l = 0;
  float s = 0;
  double d = 0;
  int rc = wt_memory_read_i32(cx, m, off, &i) + wt_memory_read_i64(cx, m, off, &l) +
           wt_memory_read_f32(cx, m, off, &s) + wt_memory_read_f64(cx, m, off, &d);
  rc += wt_memory_write_i32(cx, m, off, i + 1) + wt_memory_write_i64(cx, m, off, l - 1) +
        wt_memory_write_f32(cx, m, off, s * 2.0f) + wt_memory_write_f64(cx, m, off, d / 2.0) +
        (wt_memory_read_i32)(cx, m, off, &i) + (wt_memory_write_i32)(cx, m, off, i);
  return rc;
}

/* The host adapter (inline too), with callbacks that index places past the
 * small shapes' (7 parameters, 2 results: never on its inline path), that
 * loop over their counts, and that set a reason: none may draw a warning
 * (-Warray-bounds, -Wmaybe-uninitialized) in any build. */
static wt_status header_test_wide(void *env, wt_caller *c, const wt_val *args, size_t np, wt_val *res, size_t nr) {
  (void)env, (void)c, (void)np, (void)nr;
  res[1].of.i64 = args[6].of.i64 + args[0].of.i32;
  res[0].of.f64 = args[5].of.f64;
  return WT_OK;
}
static wt_status header_test_loop(void *env, wt_caller *c, const wt_val *args, size_t np, wt_val *res, size_t nr) {
  (void)env, (void)c;
  for (size_t i = 0; i < nr && i < np; i++) res[i] = args[i];
  return WT_OK;
}
static wt_status header_test_reason(void *env, wt_caller *c, const wt_val *args, size_t np, wt_val *res, size_t nr) {
  (void)env, (void)args, (void)np, (void)res, (void)nr;
  return wt_caller_trap(c, "no");
}
WT_HOST_ADAPTER(header_test_wide_adapter, header_test_wide);
WT_HOST_ADAPTER(header_test_loop_adapter, header_test_loop);
WT_HOST_ADAPTER(header_test_reason_adapter, header_test_reason);
wt_host_adapter wt_header_test_adapter(int which);
wt_host_adapter wt_header_test_adapter(int which) {
  return which == 0 ? header_test_wide_adapter : which == 1 ? header_test_loop_adapter : header_test_reason_adapter;
}
