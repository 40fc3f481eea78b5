/* memory.c - bounds-checked access to linear memory. */
#include <string.h>

#include "internal.h"

#define MEM(m) ((const wta_memory_t *)(const void *)(m))

/* The base and size of a memory, shared or not. */
static uint8_t *base_of(wt_context *cx, const wt_memory *mem) {
  return IS_SHARED(mem) ? W->wasmtime_sharedmemory_data(SHARED_OF(mem)) : W->wasmtime_memory_data(CX(cx), MEM(mem));
}
static size_t size_of(wt_context *cx, const wt_memory *mem) {
  return IS_SHARED(mem) ? W->wasmtime_sharedmemory_data_size(SHARED_OF(mem))
                        : W->wasmtime_memory_data_size(CX(cx), MEM(mem));
}

/* ---- the store's record of memories (wt.h's wt__mem_slot) ----
 * A store records up to MEM_SLOTS memories, each in the slot its handle's
 * words pick, and a copy of the one last used in mem_last, which is all
 * that wt.h's inline helpers read. A slot is filled only here, for a
 * memory of this store (checked), so a handle whose words give a slot's
 * key (its store id, and WT__MEM_KEY1: Wasmtime's two private words,
 * without the padding that Wasmtime ignores too) is that memory, of this
 * store: a handle of another store, a zeroed one or a shared one (its
 * words a pointer and SHARED_TAG, which no recorded key can have: see
 * recordable) never matches a filled slot, and an empty one (zeros, lim
 * 0) lets nothing through. A memory is known by its words for the
 * store's life (Wasmtime
 * never reuses them in a store, and store ids never repeat), and it never
 * shrinks: size stays a lower bound whoever grows it (wasm, the host, a
 * host function through its caller). Only a base can go stale, so a slot
 * keeps one only for a memory whose base never moves (docs/DESIGN.md,
 * "Memory helpers"). */
static wt__mem_slot *slot_of(wt_context *cx, const wt_memory *mem) {
  uint64_t k = WT__MEM_KEY1(mem);
  return &ST(cx)->mem[(k ^ k >> 32) & (MEM_SLOTS - 1)];
}
/* Whether slot s records mem. An empty slot (all zeros) records nothing,
 * not the empty handle: a recorded handle's store id is never 0. */
static bool slot_is(const wt__mem_slot *s, const wt_memory *mem) {
  return s->key[0] && s->key[0] == mem->p_[0] && s->key[1] == WT__MEM_KEY1(mem);
}
/* Whether mem (of this store) may be recorded: an ordinary memory whose
 * private2 leaves WT__MEM_UNKEYED clear (a memory's index in its instance:
 * Wasmtime's are far smaller), so that no shared memory's handle, whose
 * tag has the bit, ever matches a record. The rest are read and written
 * where they are, with their size read on each access. */
_Static_assert((uint32_t)SHARED_TAG & WT__MEM_UNKEYED, "a shared memory's handle never matches a record");
static bool recordable(const wt_memory *mem) { return !((uint32_t)mem->p_[2] & WT__MEM_UNKEYED); }
/* Whether slot s proves [offset, offset+len) in bounds of mem. */
static bool slot_holds(const wt__mem_slot *s, const wt_memory *mem, uint64_t offset, size_t len) {
  return slot_is(s, mem) && offset <= s->size && len <= s->size - offset;
}
/* The address of that range (the Wasmtime call for a memory that may move). */
static uint8_t *slot_at(wt_context *cx, const wt__mem_slot *s, const wt_memory *mem, uint64_t offset) {
  return (s->base ? s->base : W->wasmtime_memory_data(CX(cx), MEM(mem))) + offset;
}

/* Whether the base of mem (an ordinary memory of this store) can never
 * move. Wasmtime moves a memory only when it grows past the capacity of
 * its reservation; wt sets none of Wasmtime's memory settings (engine.c),
 * so that is Wasmtime's default of 4 GiB, and a memory whose largest size
 * fits in it never moves: every 32-bit memory (at most 65536 pages of
 * 64 KiB), and a 64-bit one declared with a maximum of at most 65536 pages
 * (counted as 64 KiB pages: a custom page size is only ever smaller). The
 * pooling allocator never moves a memory at all; the same rule stays
 * conservative there. Anything else may move. */
#define RESERVED_PAGES 65536 /* Wasmtime's default memory_reservation, 4 GiB, in 64 KiB pages */
_Static_assert(sizeof(void *) == 8, "Wasmtime's 4 GiB default reservation is that of 64-bit hosts");
static bool never_moves(wt_context *cx, const wt_memory *mem) {
  wta_memorytype_t *t = W->wasmtime_memory_type(CX(cx), MEM(mem));
  if (!t) return false;
  uint64_t max = UINT64_MAX;
  bool bounded = W->wasmtime_memorytype_maximum(t, &max) && max <= RESERVED_PAGES;
  bool fixed = !W->wasmtime_memorytype_isshared(t) && (!W->wasmtime_memorytype_is64(t) || bounded);
  W->wasm_memorytype_delete(t);
  return fixed;
}

/* Records mem (an ordinary memory of this store) in its slot: its size
 * now, and its base if it never moves (decided once while the slot holds
 * it). Returns the slot. */
static const wt__mem_slot *record(wt_context *cx, const wt_memory *mem) {
  wt__mem_slot *s = slot_of(cx, mem);
  bool fixed = slot_is(s, mem) ? s->base != NULL : never_moves(cx, mem);
  size_t size = W->wasmtime_memory_data_size(CX(cx), MEM(mem));
  uint8_t *base = fixed ? W->wasmtime_memory_data(CX(cx), MEM(mem)) : NULL;
  *s = (wt__mem_slot){{mem->p_[0], WT__MEM_KEY1(mem)}, base && size >= 8 ? size - 7 : 0, base, size};
  return s;
}

/* The byte range [offset, offset+len) of mem, or NULL (the error set for
 * the public function `func`), when mem_last could not tell: from mem's
 * slot when it holds the range (mem becomes the last used), else the
 * checks in full and mem recorded (an ordinary memory: a shared memory
 * also only grows, but other threads may grow it at any time, so its size
 * is read on each access). */
static __attribute__((noinline)) uint8_t *span_slow(wt_context *cx, const wt_memory *mem, uint64_t offset,
                                                    size_t len, const char *func) {
  if (UNLIKELY(ARGS_OF(func, cx, mem))) return NULL;
  wt_store *st = ST(cx);
  if (slot_holds(&st->mem_last, mem, offset, len)) return slot_at(cx, &st->mem_last, mem, offset);
  const wt__mem_slot *s = slot_of(cx, mem);
  if (!slot_holds(s, mem, offset, len)) {
    if (UNLIKELY(wt__same_store(cx, mem, "memory"))) return NULL;
    bool kept = recordable(mem); /* not a shared memory (its tag has the bit) */
    uint64_t size = kept ? (s = record(cx, mem))->size : size_of(cx, mem);
    if (UNLIKELY(offset > size || len > size - offset)) {
      wt__fail(WT_BOUNDS, "memory: access [%llu, +%zu) is out of bounds (size %zu bytes)",
               (unsigned long long)offset, len, (size_t)size);
      return NULL;
    }
    if (!kept) return base_of(cx, mem) + offset;
  }
  st->mem_last = *s;
  return slot_at(cx, s, mem, offset);
}

/* As span_slow. The common case reads only the record of the memory last
 * used (and takes every access that wt.h's inline helpers take). */
static inline __attribute__((always_inline)) uint8_t *span(wt_context *cx, const wt_memory *mem, uint64_t offset,
                                                            size_t len, const char *func) {
  if (LIKELY(cx && mem)) {
    const wt__mem_slot *s = &ST(cx)->mem_last;
    if (LIKELY(s->base && slot_holds(s, mem, offset, len))) return s->base + offset;
  }
  return span_slow(cx, mem, offset, len, func);
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

/* As span, for a scalar (len at most 8): wt.h's inline test. */
static inline __attribute__((always_inline)) uint8_t *scalar_at(wt_context *cx, const wt_memory *m, uint64_t off,
                                                                 size_t len, const char *func) {
  if (LIKELY(cx && m)) {
    const wt__mem_slot *s = &ST(cx)->mem_last;
    uint8_t *b = s->base;
    if (LIKELY(wt__mem_hit(s, m, off))) return b + off;
  }
  return span_slow(cx, m, off, len, func);
}

/* Little-endian scalar access (the host is little-endian: x86-64, arm64).
 * The names in parentheses: wt.h makes them macros of its inline helpers. */
#define SCALAR(suffix, type)                                                              \
  wt_status(wt_memory_read_##suffix)(wt_context *cx, const wt_memory *m, uint64_t off, type *out) { \
    ARGS(out);                                                                           \
    uint8_t *p = scalar_at(cx, m, off, sizeof(type), __func__);                          \
    if (!p) { *out = 0; return wt_errcode(); }                                           \
    memcpy(out, p, sizeof(type));                                                        \
    return WT_OK;                                                                        \
  }                                                                                      \
  wt_status(wt_memory_write_##suffix)(wt_context *cx, const wt_memory *m, uint64_t off, type v) { \
    uint8_t *p = scalar_at(cx, m, off, sizeof(type), __func__);                          \
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
  if (!rc) wt__memory_words(out);
  return rc;
}
