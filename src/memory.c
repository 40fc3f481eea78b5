/* memory.c - bounds-checked access to linear memory. */
#include <string.h>

#include "internal.h"

#define MEM(m) ((const wta_memory_t *)(const void *)(m))

/* The store's record of mem's size (its slot, which may hold another). A
 * memory is known by its two private words: unique in its store for the
 * store's life. */
static struct wt_memsize *memsize_slot(wt_context *cx, const wt_memory *mem) {
  const wta_memory_t *m = MEM(mem);
  return &ST(cx)->memsize[(m->s.private1 ^ m->private2) & 3];
}

/* mem's size now, recorded for the next access. */
static size_t memsize_query(wt_context *cx, const wt_memory *mem, struct wt_memsize *e) {
  size_t size = W->wasmtime_memory_data_size(CX(cx), MEM(mem));
  *e = (struct wt_memsize){MEM(mem)->s.private1, MEM(mem)->private2, size};
  return size;
}

/* The base and size of a memory, shared or not. */
static uint8_t *base_of(wt_context *cx, const wt_memory *mem) {
  return IS_SHARED(mem) ? W->wasmtime_sharedmemory_data(SHARED_OF(mem)) : W->wasmtime_memory_data(CX(cx), MEM(mem));
}
static size_t size_of(wt_context *cx, const wt_memory *mem) {
  return IS_SHARED(mem) ? W->wasmtime_sharedmemory_data_size(SHARED_OF(mem))
                        : W->wasmtime_memory_data_size(CX(cx), MEM(mem));
}

/* The byte range [offset, offset+len) of mem, or NULL (the error set for
 * the public function `func`): the checks in full, and the size recorded
 * (for an ordinary memory). A shared memory also only grows, but other
 * threads may grow it at any time: its size is read on each access. */
static __attribute__((noinline)) uint8_t *span_slow(wt_context *cx, const wt_memory *mem, uint64_t offset,
                                                    size_t len, const char *func) {
  if (UNLIKELY(ARGS_OF(func, cx, mem))) return NULL;
  if (UNLIKELY(wt__same_store(cx, mem, "memory"))) return NULL;
  size_t size = IS_SHARED(mem) ? size_of(cx, mem) : memsize_query(cx, mem, memsize_slot(cx, mem));
  if (UNLIKELY(offset > size || len > size - offset)) {
    wt__fail(WT_BOUNDS, "memory: access [%llu, +%zu) is out of bounds (size %zu bytes)",
             (unsigned long long)offset, len, size);
    return NULL;
  }
  return base_of(cx, mem) + offset;
}

/* As span_slow. Memories only grow, so a range within the size recorded
 * for mem is within its size now: then the one Wasmtime call is for the
 * base (which moves when a memory grows), and the rest is inline. */
static inline __attribute__((always_inline)) uint8_t *span(wt_context *cx, const wt_memory *mem, uint64_t offset,
                                                            size_t len, const char *func) {
  if (UNLIKELY(!cx || !mem || STORE_ID(mem) != ST(cx)->id || !STORE_ID(mem) || mem->p_[2]))
    return span_slow(cx, mem, offset, len, func);
  const struct wt_memsize *e = memsize_slot(cx, mem);
  if (UNLIKELY(e->a != MEM(mem)->s.private1 || e->b != MEM(mem)->private2 || offset > e->size ||
               len > e->size - offset))
    return span_slow(cx, mem, offset, len, func);
  return W->wasmtime_memory_data(CX(cx), MEM(mem)) + offset;
}

wt_status wt_memory_read(wt_context *cx, const wt_memory *mem, uint64_t offset, void *dst, size_t len) {
  BUF(dst, len);
  uint8_t *p = span(cx, mem, offset, len, __func__);
  if (!p) return wt_errcode();
  if (len) memcpy(dst, p, len);
  return WT_OK;
}

wt_status wt_memory_write(wt_context *cx, const wt_memory *mem, uint64_t offset, const void *src, size_t len) {
  BUF(src, len);
  uint8_t *p = span(cx, mem, offset, len, __func__);
  if (!p) return wt_errcode();
  if (len) memcpy(p, src, len);
  return WT_OK;
}

/* Little-endian scalar access (the host is little-endian: x86-64, arm64). */
#define SCALAR(suffix, type)                                                              \
  wt_status wt_memory_read_##suffix(wt_context *cx, const wt_memory *m, uint64_t off, type *out) { \
    ARGS(out);                                                                           \
    uint8_t *p = span(cx, m, off, sizeof(type), __func__);                               \
    if (!p) { *out = 0; return wt_errcode(); }                                           \
    memcpy(out, p, sizeof(type));                                                        \
    return WT_OK;                                                                        \
  }                                                                                      \
  wt_status wt_memory_write_##suffix(wt_context *cx, const wt_memory *m, uint64_t off, type v) { \
    uint8_t *p = span(cx, m, off, sizeof(type), __func__);                               \
    if (!p) return wt_errcode();                                                         \
    memcpy(p, &v, sizeof(type));                                                         \
    return WT_OK;                                                                        \
  }
SCALAR(i32, int32_t)
SCALAR(i64, int64_t)
SCALAR(f32, float)
SCALAR(f64, double)
#undef SCALAR

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "wt assumes a little-endian host");

/* ---- strings ---- */

wt_status wt_memory_read_string(wt_context *cx, const wt_memory *mem, uint64_t offset, size_t len, char *buf, size_t size) {
  BUF(buf, size);
  if (size) buf[0] = 0;
  if (len >= size) return wt__fail(WT_INVALID, "%s: a %zu-byte string does not fit a %zu-byte buffer", __func__, len, size);
  uint8_t *p = span(cx, mem, offset, len, __func__);
  if (!p) return wt_errcode();
  memcpy(buf, p, len);
  buf[len] = 0;
  return WT_OK;
}

wt_status wt_memory_read_cstring(wt_context *cx, const wt_memory *mem, uint64_t offset, char *buf, size_t size) {
  BUF(buf, size);
  if (size) buf[0] = 0;
  uint8_t *p = span(cx, mem, offset, 0, __func__); /* offset within the memory (its end too) */
  if (!p) return wt_errcode();
  size_t avail = (size_t)(size_of(cx, mem) - offset);
  const uint8_t *nul = memchr(p, 0, avail < size ? avail : size);
  if (!nul && avail < size)
    return wt__fail(WT_BOUNDS, "%s: no NUL between offset %llu and the memory's end", __func__, (unsigned long long)offset);
  if (!nul) return wt__fail(WT_INVALID, "%s: the string at %llu does not fit a %zu-byte buffer", __func__,
                            (unsigned long long)offset, size);
  memcpy(buf, p, (size_t)(nul - p) + 1);
  return WT_OK;
}

/* A usable handle of this store (else the error is recorded for `func`). */
static bool usable(wt_context *cx, const wt_memory *mem, const char *func) {
  return !ARGS_OF(func, cx, mem) && wt__same_store(cx, mem, "memory") == WT_OK;
}

uint8_t *wt_memory_data(wt_context *cx, const wt_memory *mem, size_t *size) {
  bool ok = usable(cx, mem, __func__);
  if (size) *size = ok ? size_of(cx, mem) : 0;
  return ok ? base_of(cx, mem) : NULL;
}

wt_status wt_memory_size(wt_context *cx, const wt_memory *mem, uint64_t *out) {
  ZERO(out);
  ARGS(cx, mem, out);
  SAME(cx, mem, "memory");
  *out = size_of(cx, mem);
  return WT_OK;
}

wt_status wt_memory_pages(wt_context *cx, const wt_memory *mem, uint64_t *out) {
  ZERO(out);
  ARGS(cx, mem, out);
  SAME(cx, mem, "memory");
  *out = IS_SHARED(mem) ? W->wasmtime_sharedmemory_size(SHARED_OF(mem)) : W->wasmtime_memory_size(CX(cx), MEM(mem));
  return WT_OK;
}

wt_status wt_memory_grow(wt_context *cx, const wt_memory *mem, uint64_t delta, uint64_t *prev) {
  uint64_t old = 0;
  ZERO(prev);
  ARGS(cx, mem);
  SAME(cx, mem, "memory.grow");
  wta_error_t *err = IS_SHARED(mem) ? W->wasmtime_sharedmemory_grow(SHARED_OF(mem), delta, &old)
                                    : W->wasmtime_memory_grow(CX(cx), MEM(mem), delta, &old);
  if (prev) *prev = old;
  if (!err) return WT_OK;
  wt_status rc = wt__outcome(err, NULL, "memory.grow");
  return rc == WT_ERROR ? wt__fail(WT_LIMIT, "%s", wt_errmsg()) : rc;
}

wt_status wt_memory_new(wt_context *cx, uint64_t min, uint64_t max, bool is64, wt_memory *out) {
  wta_memorytype_t *t = NULL;
  ZERO(out);
  ARGS(cx, out);
  wt_status rc = WT_OK;
  if (wt__line->memtype_v0) { /* up to Wasmtime 38: no page size, no error; it panics on a bad type */
    uint64_t limit = is64 ? 1ull << 48 : 1ull << 16; /* pages */
    if (min > limit || (max != UINT64_MAX && (max > limit || max < min)))
      return wt__fail(WT_ERROR, "memory type: min %llu, max %llu pages is no %s memory type", (unsigned long long)min,
                      (unsigned long long)max, is64 ? "64-bit" : "32-bit");
    t = W_OLD(wasmtime_memorytype_new)(min, max != UINT64_MAX, max, is64, false);
    if (!t) return wt__fail(WT_ERROR, "memory type: Wasmtime refused min %llu, max %llu", (unsigned long long)min,
                            (unsigned long long)max);
  } else {
    rc = wt__outcome(W->wasmtime_memorytype_new(min, max != UINT64_MAX, max, is64, false, 16, &t), NULL, "memory type");
    if (rc) return rc;
  }
  rc = wt__outcome(W->wasmtime_memory_new(CX(cx), t, (wta_memory_t *)(void *)out), NULL, "memory");
  W->wasm_memorytype_delete(t);
  return rc;
}
