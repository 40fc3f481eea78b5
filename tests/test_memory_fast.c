/* test_memory_fast.c - the scalar memory helpers' fast path (wt.h's inline
 * helpers, and the exported helpers reading the same record of the store):
 * a base is kept only for a memory whose base never moves, so no grow, by
 * wasm, by the host or by a host function behind wt's back, leaves a stale
 * pointer in use; a memory that does move is read where it is now; the
 * record never lets one memory, or one store's handle, stand for another;
 * and the inline helpers agree with the exported functions on every
 * outcome. docs/DESIGN.md, "Memory helpers", has the rule. */
#include <stdint.h>

#include "harness.h"

#define PAGE 65536ull
#define GIB4 (1ull << 32)

/* The store's record of the memory last used (wt.h's inline section), or
 * NULL where the header has no inline helpers. */
static const wt__mem_slot *record_of(wt_context *cx) {
#ifdef WT__INLINE_CALLS
  return WT__MEM_LAST(cx);
#else
  (void)cx;
  return NULL;
#endif
}

/* Whether the record is of m and, as the rule says, holds m's base now
 * when m never moves (and nothing for the inline path when it may). */
static int record_is(wt_context *cx, const wt_memory *m, int fixed) {
  const wt__mem_slot *r = record_of(cx);
  size_t size = 0;
  uint8_t *base = wt_memory_data(cx, m, &size);
  if (!r) return 1; /* no inline helpers: nothing to look at */
  if (r->key[0] != m->p_[0] || r->key[1] != ((uint32_t)m->p_[1] | m->p_[2] << 32)) return 0;
  if (r->size > size) return 0; /* a lower bound of the size */
  if (!fixed) return r->base == NULL && r->lim == 0;
  return r->base == base && r->lim == (r->size >= 8 ? r->size - 7 : 0);
}

/* Writes through the helpers (inline and exported) and reads through the
 * base wt_memory_data gives now, and the other way: 1 when the helpers
 * reach the bytes that are the memory now. */
static int helpers_reach(wt_context *cx, const wt_memory *m, uint64_t off, int32_t tag) {
  size_t size = 0;
  int32_t a = 0, x = 0, y = 0;
  int64_t b = 0;
  if (wt_memory_write_i32(cx, m, off, tag) || (wt_memory_write_i64)(cx, m, off + 4, (int64_t)tag * 3)) return 0;
  uint8_t *p = wt_memory_data(cx, m, &size);
  if (!p || off > size || size - off < 12) return 0;
  memcpy(&a, p + off, 4);
  memcpy(&b, p + off + 4, 8);
  if (a != tag || b != (int64_t)tag * 3) return 0;
  a = ~tag;
  memcpy(p + off, &a, 4);
  if (wt_memory_read_i32(cx, m, off, &x) || (wt_memory_read_i32)(cx, m, off, &y)) return 0;
  return x == ~tag && y == ~tag;
}

static uint8_t *base_of(wt_context *cx, const wt_memory *m) { return wt_memory_data(cx, m, NULL); }

/* Every 32-bit memory, and a 64-bit one with a maximum of at most 65536
 * pages, keeps its base in the record; any other 64-bit memory never does
 * (the record alone would then read a stale base after it moved). */
TEST(memory_fast_record_keeps_a_base_only_for_memories_that_never_move) {
  static const char W[] = "(module (memory (export \"a\") 1) (memory (export \"b\") 1 2)"
                          "  (memory (export \"c\") i64 1) (memory (export \"d\") i64 1 65536)"
                          "  (memory (export \"e\") i64 1 65537))";
  static const struct { const char *name; int fixed; } mems[] = {{"a", 1}, {"b", 1}, {"c", 0}, {"d", 1}, {"e", 0}};
  fixture f;
  if (fixture_open(&f, NULL, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  if (!record_of(f.cx)) { fixture_close(&f); SKIP("no inline helpers in this build"); }
  for (int round = 0; round < 2; round++) /* the second round: decided before */
    for (size_t k = 0; k < sizeof mems / sizeof mems[0]; k++) {
      wt_memory m;
      int32_t v = 0;
      CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, mems[k].name, &m));
      CHECK_OK(wt_memory_write_i32(f.cx, &m, 64, (int32_t)k));
      CHECK_OK(wt_memory_read_i32(f.cx, &m, 64, &v));
      CHECK(v == (int32_t)k);
      if (!record_is(f.cx, &m, mems[k].fixed)) {
        harness_failed++;
        fprintf(stderr, "  memory %s: the record is not as the rule says (fixed %d)\n", mems[k].name, mems[k].fixed);
      }
    }
  /* memories the host makes follow the same rule */
  static const struct { uint64_t min, max; bool is64; int fixed; } made[] = {
      {1, UINT64_MAX, false, 1}, {2, 3, false, 1}, {1, UINT64_MAX, true, 0}, {1, 16, true, 1}, {1, 70000, true, 0}};
  for (size_t k = 0; k < sizeof made / sizeof made[0]; k++) {
    wt_memory m;
    CHECK_OK(wt_memory_new(f.cx, made[k].min, made[k].max, made[k].is64, &m));
    CHECK(helpers_reach(f.cx, &m, 8, 100 + (int32_t)k));
    CHECK(record_is(f.cx, &m, made[k].fixed));
  }
  fixture_close(&f);
}

/* A 32-bit memory grown to its largest size, 4 GiB, step by step: its base
 * never moves (the rule's premise, on whichever Wasmtime runs the tests),
 * and the helpers reach its new end at once after each step. */
TEST(memory_fast_a_32bit_memory_never_moves_up_to_4_gib) {
  fixture f;
  wt_memory m;
  if (fixture_open(&f, NULL, NULL)) return;
  CHECK_OK(wt_memory_new(f.cx, 1, UINT64_MAX, false, &m));
  uint8_t *base = base_of(f.cx, &m);
  CHECK(helpers_reach(f.cx, &m, PAGE - 12, 7));
  static const uint64_t steps[] = {1, 14, 240, 3840, 61440}; /* 1 + all = 65536 pages */
  uint64_t pages = 1;
  for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
    int32_t v = 1;
    CHECK_RC(wt_memory_read_i32(f.cx, &m, pages * PAGE, &v), WT_BOUNDS); /* past the end before the grow */
    CHECK(v == 0);
    CHECK_OK(wt_memory_grow(f.cx, &m, steps[k], NULL));
    pages += steps[k];
    CHECK(base_of(f.cx, &m) == base);
    CHECK(helpers_reach(f.cx, &m, pages * PAGE - 12, 8 + (int32_t)k));
    CHECK(record_is(f.cx, &m, 1));
  }
  CHECK(pages * PAGE == GIB4 && memory_size_of(f.cx, &m) == GIB4);
  int64_t l = 1;
  CHECK_OK(wt_memory_read_i64(f.cx, &m, GIB4 - 8, &l));
  CHECK_RC(wt_memory_read_i64(f.cx, &m, GIB4 - 7, &l), WT_BOUNDS);
  CHECK_RC(wt_memory_grow(f.cx, &m, 1, NULL), WT_LIMIT);
  fixture_close(&f);
}

/* A 64-bit memory without a maximum moves when it grows past Wasmtime's
 * 4 GiB reservation (one step of 65536 pages from 1 copies only its first
 * page). The helpers must read and write it where it is then: with the
 * old base they would touch the unmapped old reservation, so the test runs
 * in a child process, where that crash is this test's failure. */
CHILD(moving_memory) {
  fixture f;
  wt_memory m;
  (void)arg;
  if (fixture_open(&f, NULL, NULL)) return 1;
  CHECK_OK(wt_memory_new(f.cx, 1, UINT64_MAX, true, &m));
  CHECK(helpers_reach(f.cx, &m, 0, 11));
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 100, 4242));
  uint8_t *before = base_of(f.cx, &m);
  CHECK(record_is(f.cx, &m, 0));
  CHECK_OK(wt_memory_grow(f.cx, &m, 65536, NULL));
  uint8_t *after = base_of(f.cx, &m);
  CHECK(after && after != before); /* it moved: else this test proves nothing */
  int32_t v = 0;
  CHECK_OK(wt_memory_read_i32(f.cx, &m, 100, &v)); /* the bytes moved with it */
  CHECK(v == 4242);
  v = 0;
  CHECK_OK((wt_memory_read_i32)(f.cx, &m, 100, &v));
  CHECK(v == 4242);
  CHECK(helpers_reach(f.cx, &m, 0, 12));
  CHECK(helpers_reach(f.cx, &m, GIB4 + PAGE - 12, 13)); /* its new end, past 4 GiB */
  CHECK(record_is(f.cx, &m, 0));
  CHECK_RC(wt_memory_write_i32(f.cx, &m, GIB4 + PAGE - 3, 1), WT_BOUNDS);
  fixture_close(&f);
  return harness_failed ? 1 : 0;
}

TEST(memory_fast_a_moving_memory_is_read_where_it_is_now) {
  int rc = run_child("moving_memory", NULL);
  if (rc < 0) fprintf(stderr, "  the child died (a stale base of the moved memory?)\n");
  CHECK(rc == 0);
}

/* memory.grow in wasm, during a call, of a memory the record holds: the
 * helpers see the new size at once, of a memory that never moves (its base
 * stays) and of one that moves (read where it is now). */
TEST(memory_fast_memory_grow_by_wasm_during_a_call) {
  static const char W[] =
      "(module (memory $a (export \"m\") 1) (memory $b (export \"m64\") i64 1)"
      "  (func (export \"grow\") (param i32 i32 i32) (result i32)" /* pages, address, value */
      "    (drop (memory.grow $a (local.get 0))) (i32.store $a (local.get 1) (local.get 2)) (memory.size $a))"
      "  (func (export \"grow64\") (param i64 i64 i32) (result i64)"
      "    (drop (memory.grow $b (local.get 0))) (i32.store $b (local.get 1) (local.get 2)) (memory.size $b)))";
  fixture f;
  wt_memory m, m64;
  wt_func grow, grow64;
  if (fixture_open(&f, NULL, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &m));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m64", &m64));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "grow", &grow));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "grow64", &grow64));
  uint8_t *base = base_of(f.cx, &m);
  CHECK(helpers_reach(f.cx, &m, PAGE - 12, 1)); /* recorded at 1 page */
  int32_t pages = 0, v = 0;
  CHECK_OK(wt_func_call_i32(f.cx, &grow, ((wt_val[]){wt_val_i32(2), wt_val_i32(3 * 65536 - 4), wt_val_i32(77)}), 3,
                            &pages));
  CHECK(pages == 3 && base_of(f.cx, &m) == base);
  CHECK_OK(wt_memory_read_i32(f.cx, &m, 3 * PAGE - 4, &v));
  CHECK(v == 77);
  CHECK(helpers_reach(f.cx, &m, 3 * PAGE - 12, 2));
  CHECK(record_is(f.cx, &m, 1));
  /* the 64-bit one moves during the call */
  CHECK(helpers_reach(f.cx, &m64, 0, 3));
  uint8_t *before = base_of(f.cx, &m64);
  int64_t pages64 = 0;
  CHECK_OK(wt_func_call_i64(f.cx, &grow64,
                            ((wt_val[]){wt_val_i64(65536), wt_val_i64((int64_t)(GIB4 + PAGE - 4)), wt_val_i32(88)}), 3,
                            &pages64));
  CHECK(pages64 == 65537 && base_of(f.cx, &m64) != before);
  v = 0;
  CHECK_OK(wt_memory_read_i32(f.cx, &m64, GIB4 + PAGE - 4, &v));
  CHECK(v == 88);
  CHECK(helpers_reach(f.cx, &m64, 0, 4) && helpers_reach(f.cx, &m64, GIB4, 5));
  CHECK(record_is(f.cx, &m64, 0));
  fixture_close(&f);
}

/* A host function grows the caller's memory through its wt_caller, behind
 * wt's back, using the helpers before and after the grow; then wasm reads
 * what it wrote, and the host after the call. */
typedef struct grow_env {
  uint64_t pages, at;   /* how much to grow; where to write after */
  int ok;               /* every check in the host function held */
  uint8_t *before;      /* the base before the grow */
} grow_env;

static wt_status host_grow(void *env, wt_caller *c, const wt_val *a, size_t na, wt_val *r, size_t nr) {
  grow_env *e = env;
  wt_context *cx = wt_caller_context(c);
  wt_memory m;
  int32_t v = 0;
  (void)a, (void)na;
  r[0] = wt_val_i32(0);
  if (nr != 1 || wt_caller_get_memory(c, "m", &m)) return wt_caller_trap(c, "no memory");
  e->before = base_of(cx, &m);
  int ok = helpers_reach(cx, &m, 16, 21); /* recorded at the size before */
  ok &= wt_memory_grow(cx, &m, e->pages, NULL) == WT_OK;
  ok &= helpers_reach(cx, &m, 32, 22) && helpers_reach(cx, &m, e->at - 8, 23);
  ok &= wt_memory_write_i32(cx, &m, e->at, 99) == WT_OK;
  ok &= wt_memory_read_i32(cx, &m, e->at, &v) == WT_OK && v == 99;
  e->ok = ok;
  r[0] = wt_val_i32(ok);
  return WT_OK;
}

static void grow_in_host(int is64) {
  static const char W32[] =
      "(module (import \"env\" \"grow\" (func $g (result i32))) (memory (export \"m\") 1)"
      "  (func (export \"run\") (param i32) (result i32)"
      "    (if (i32.eqz (call $g)) (then (return (i32.const -1)))) (i32.load (local.get 0))))";
  static const char W64[] =
      "(module (import \"env\" \"grow\" (func $g (result i32))) (memory (export \"m\") i64 1)"
      "  (func (export \"run\") (param i64) (result i32)"
      "    (if (i32.eqz (call $g)) (then (return (i32.const -1)))) (i32.load (local.get 0))))";
  static const uint8_t K_I32[] = {WT_I32};
  grow_env e = {is64 ? 65536 : 3, is64 ? GIB4 + PAGE - 4 : 4 * PAGE - 4, 0, NULL};
  fixture f;
  wt_memory m;
  wt_func run;
  int32_t got = 0;
  if (fixture_open(&f, NULL, is64 ? W64 : W32)) return;
  CHECK_OK(wt_linker_define_func(f.linker, "env", "grow", NULL, 0, K_I32, 1, host_grow, &e, NULL));
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &m));
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "run", &run));
  CHECK(helpers_reach(f.cx, &m, 0, 20)); /* recorded by the host at 1 page */
  wt_val at = is64 ? wt_val_i64((int64_t)e.at) : wt_val_i32((int32_t)e.at);
  CHECK_OK(wt_func_call_i32(f.cx, &run, &at, 1, &got));
  CHECK(e.ok && got == 99); /* wasm reads what the host function wrote after its grow */
  CHECK(is64 ? base_of(f.cx, &m) != e.before : base_of(f.cx, &m) == e.before);
  int32_t v = 0;
  CHECK_OK(wt_memory_read_i32(f.cx, &m, e.at, &v));
  CHECK(v == 99);
  CHECK(helpers_reach(f.cx, &m, e.at - 8, 24));
  CHECK(record_is(f.cx, &m, !is64));
  fixture_close(&f);
}

TEST(memory_fast_a_host_function_grows_a_memory_that_never_moves) { grow_in_host(0); }
TEST(memory_fast_a_host_function_grows_a_memory_that_moves) { grow_in_host(1); }

/* Six memories, fixed and moving, more than the store records, used in
 * turn: each access reaches its own memory's bytes and bounds. */
TEST(memory_fast_more_memories_than_the_record_holds) {
  static const char W[] = "(module (memory (export \"m0\") 1) (memory (export \"m1\") i64 2) (memory (export \"m2\") 3)"
                          "  (memory (export \"m3\") i64 4) (memory (export \"m4\") 5 5) (memory (export \"m5\") i64 6))";
  fixture f;
  wt_memory m[6];
  if (fixture_open(&f, NULL, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  for (int k = 0; k < 6; k++) {
    char name[4] = {'m', (char)('0' + k), 0, 0};
    CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, name, &m[k]));
  }
  for (int round = 0; round < 3; round++) {
    for (int k = 0; k < 6; k++) {
      uint64_t end = (uint64_t)(k + 1) * PAGE;
      CHECK_OK(wt_memory_write_i32(f.cx, &m[k], 0, 1000 * k + round));
      CHECK_OK(wt_memory_write_i64(f.cx, &m[k], end - 8, -(int64_t)(1000 * k + round)));
      CHECK_RC(wt_memory_write_i32(f.cx, &m[k], end - 3, 1), WT_BOUNDS);
    }
    for (int k = 5; k >= 0; k--) { /* the other way round: each its own bytes */
      int32_t v = 0;
      int64_t l = 0;
      uint64_t end = (uint64_t)(k + 1) * PAGE;
      CHECK_OK(wt_memory_read_i32(f.cx, &m[k], 0, &v));
      CHECK_OK(wt_memory_read_i64(f.cx, &m[k], end - 8, &l));
      CHECK(v == 1000 * k + round && l == -(int64_t)(1000 * k + round));
      const uint8_t *p = base_of(f.cx, &m[k]);
      int32_t direct = -1;
      if (p) memcpy(&direct, p, 4);
      CHECK(direct == 1000 * k + round);
      CHECK_RC(wt_memory_read_i64(f.cx, &m[k], end - 7, &l), WT_BOUNDS);
    }
  }
  fixture_close(&f);
}

/* Two stores of one module: their handles differ only in the store's id.
 * Each store reaches its own memory, and a handle never works with the
 * other store's context, whatever that store recorded. */
TEST(memory_fast_memories_of_two_stores) {
  static const char W[] = "(module (memory (export \"m\") 1))";
  fixture f;
  wt_store *s2 = NULL;
  wt_instance i2;
  wt_memory a, b;
  if (fixture_open(&f, NULL, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK_OK(wt_store_new(f.engine, NULL, NULL, &s2));
  wt_context *cx2 = wt_store_context(s2);
  CHECK_OK(wt_linker_instantiate(f.linker, cx2, f.module, &i2));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &a));
  CHECK_OK(wt_instance_get_memory(cx2, &i2, "m", &b));
  CHECK(a.p_[0] != b.p_[0]);
  CHECK_OK(wt_memory_write_i32(f.cx, &a, 8, 111));
  CHECK_OK(wt_memory_write_i32(cx2, &b, 8, 222));
  int32_t v = 0;
  CHECK_OK(wt_memory_read_i32(f.cx, &a, 8, &v));
  CHECK(v == 111);
  CHECK_OK(wt_memory_read_i32(cx2, &b, 8, &v));
  CHECK(v == 222);
  /* each store has recorded its memory: the other's handle still fails */
  v = 5;
  CHECK_RC(wt_memory_read_i32(cx2, &a, 8, &v), WT_INVALID);
  CHECK(v == 0);
  CHECK_STR(wt_errmsg(), "another store");
  CHECK_RC(wt_memory_write_i32(f.cx, &b, 8, 3), WT_INVALID);
  CHECK_RC((wt_memory_write_i32)(f.cx, &b, 8, 3), WT_INVALID);
  CHECK_OK(wt_memory_read_i32(f.cx, &a, 8, &v));
  CHECK(v == 111);
  wt_store_delete(s2);
  fixture_close(&f);
}

/* Two memories of one instance (private words that differ in one half
 * each) are never taken for each other, and a handle whose padding is not
 * zero (which Wasmtime ignores) is the memory it names. */
TEST(memory_fast_two_memories_of_one_instance_and_padding) {
  static const char W[] = "(module (memory (export \"a\") 1) (memory (export \"b\") 1))";
  fixture f;
  wt_memory a, b;
  if (fixture_open(&f, NULL, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "a", &a));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "b", &b));
  CHECK(a.p_[0] == b.p_[0] && (a.p_[1] != b.p_[1] || a.p_[2] != b.p_[2]));
  int32_t v = 0;
  for (int round = 0; round < 3; round++) { /* each records its memory in turn */
    CHECK_OK(wt_memory_write_i32(f.cx, &a, 16, 100 + round));
    CHECK_OK(wt_memory_write_i32(f.cx, &b, 16, 200 + round));
    CHECK_OK(wt_memory_read_i32(f.cx, &a, 16, &v));
    CHECK(v == 100 + round);
    CHECK_OK((wt_memory_read_i32)(f.cx, &b, 16, &v));
    CHECK(v == 200 + round);
    CHECK(*(int32_t *)(void *)(base_of(f.cx, &a) + 16) == 100 + round);
    CHECK(*(int32_t *)(void *)(base_of(f.cx, &b) + 16) == 200 + round);
  }
  wt_memory pa = a, pb = b;
  pa.p_[1] |= UINT64_C(0xdead000000000000);
  pa.p_[2] |= UINT64_C(0xbeef000000000000);
  pb.p_[1] |= UINT64_C(0x0000000100000000); /* b's padding, as if it named a */
  CHECK_OK(wt_memory_read_i32(f.cx, &pa, 16, &v));
  CHECK(v == 102);
  CHECK_OK((wt_memory_read_i32)(f.cx, &pa, 16, &v));
  CHECK(v == 102);
  CHECK_OK(wt_memory_read_i32(f.cx, &pb, 16, &v));
  CHECK(v == 202);
  CHECK_OK(wt_memory_write_i32(f.cx, &pb, 20, 7));
  CHECK(*(int32_t *)(void *)(base_of(f.cx, &b) + 20) == 7 && *(int32_t *)(void *)(base_of(f.cx, &a) + 20) == 0);
  fixture_close(&f);
}

/* A deleted store's memory handle, used with a store made after it (its
 * memory may well reuse the old one's allocation): refused, never read
 * through what the old store recorded. */
TEST(memory_fast_a_deleted_stores_memory_handle) {
  static const char W[] = "(module (memory (export \"m\") 1))";
  fixture f;
  if (fixture_open(&f, NULL, W)) return;
  for (int round = 0; round < 4; round++) {
    wt_store *old = NULL, *now = NULL;
    wt_instance io, in;
    wt_memory mo, mn;
    CHECK_OK(wt_store_new(f.engine, NULL, NULL, &old));
    CHECK_OK(wt_linker_instantiate(f.linker, wt_store_context(old), f.module, &io));
    CHECK_OK(wt_instance_get_memory(wt_store_context(old), &io, "m", &mo));
    CHECK_OK(wt_memory_write_i32(wt_store_context(old), &mo, 16, 5150));
    wt_store_delete(old);
    CHECK_OK(wt_store_new(f.engine, NULL, NULL, &now));
    wt_context *cx = wt_store_context(now);
    int32_t v = 7;
    CHECK_RC(wt_memory_read_i32(cx, &mo, 16, &v), WT_INVALID); /* before the new store has a memory */
    CHECK(v == 0);
    CHECK_OK(wt_linker_instantiate(f.linker, cx, f.module, &in));
    CHECK_OK(wt_instance_get_memory(cx, &in, "m", &mn));
    CHECK_OK(wt_memory_read_i32(cx, &mn, 16, &v));
    CHECK(v == 0); /* a fresh memory */
    v = 7;
    CHECK_RC(wt_memory_read_i32(cx, &mo, 16, &v), WT_INVALID); /* after it has recorded its own */
    CHECK(v == 0);
    CHECK_RC(wt_memory_write_i64(cx, &mo, 16, 1), WT_INVALID);
    CHECK_OK(wt_memory_read_i32(cx, &mn, 16, &v));
    CHECK(v == 0);
    wt_store_delete(now);
  }
  fixture_close(&f);
}

/* An empty handle (what a failed lookup writes) matched the record's
 * empty slots for an access of no bytes, and the store then asked Wasmtime
 * for a memory of store 0: a panic that aborted the process, which a guest
 * without a memory could cause through a host function that counts on wt
 * to refuse the handle. Every helper refuses it, on a fresh store and on
 * one that has recorded a memory. */
TEST(memory_fast_an_empty_handle_is_refused_for_an_empty_access) {
  static const char W[] = "(module (memory (export \"m\") 1))";
  fixture f;
  if (fixture_open(&f, NULL, W)) return;
  for (int round = 0; round < 2; round++) {
    wt_store *s = NULL;
    CHECK_OK(wt_store_new(f.engine, NULL, NULL, &s));
    wt_context *cx = wt_store_context(s);
    if (round) { /* a memory recorded: the empty handle matches no slot either */
      wt_instance in;
      wt_memory m;
      int32_t v;
      CHECK_OK(wt_linker_instantiate(f.linker, cx, f.module, &in));
      CHECK_OK(wt_instance_get_memory(cx, &in, "m", &m));
      CHECK_OK(wt_memory_read_i32(cx, &m, 0, &v));
    }
    wt_memory empty;
    memset(&empty, 0, sizeof empty);
    char buf[8] = "x", byte = 1;
    CHECK_RC(wt_memory_read(cx, &empty, 0, buf, 0), WT_INVALID);
    CHECK_RC(wt_memory_write(cx, &empty, 0, &byte, 0), WT_INVALID);
    CHECK_RC(wt_memory_read_string(cx, &empty, 0, 0, buf, sizeof buf), WT_INVALID);
    CHECK_RC(wt_memory_read_cstring(cx, &empty, 0, buf, sizeof buf), WT_INVALID);
    int32_t v = 3;
    CHECK_RC(wt_memory_read_i32(cx, &empty, 0, &v), WT_INVALID);
    CHECK(v == 0);
    CHECK(wt_memory_data(cx, &empty, NULL) == NULL);
    wt_store_delete(s);
  }
  fixture_close(&f);
}

/* A memory smaller than 8 bytes (custom page size 1): never moves, but
 * the inline path takes none of its accesses; the exported one checks. */
TEST(memory_fast_a_memory_of_a_few_bytes) {
  if (!wt_feature_supported(WT_FEATURE_CUSTOM_PAGE_SIZES)) SKIP("has no custom-page-sizes setting");
  static const char W[] = "(module (memory (export \"m\") 5 (pagesize 1)))";
  wt_engine_options o;
  fixture f;
  wt_memory m;
  wt_engine_options_init(&o);
  o.features_on = WT_FEATURE_CUSTOM_PAGE_SIZES;
  if (fixture_open(&f, &o, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &m));
  int32_t v = 0;
  int64_t l = 0;
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 1, 0x01020304));
  CHECK_OK(wt_memory_read_i32(f.cx, &m, 1, &v));
  CHECK(v == 0x01020304);
  CHECK_RC(wt_memory_read_i32(f.cx, &m, 2, &v), WT_BOUNDS);
  CHECK_RC(wt_memory_read_i64(f.cx, &m, 0, &l), WT_BOUNDS);
  CHECK(record_is(f.cx, &m, 1));
  CHECK_OK(wt_memory_grow(f.cx, &m, 3, NULL)); /* 8 bytes */
  CHECK_OK(wt_memory_write_i64(f.cx, &m, 0, -2));
  CHECK_OK(wt_memory_read_i64(f.cx, &m, 0, &l));
  CHECK(l == -2);
  CHECK_RC(wt_memory_read_i64(f.cx, &m, 1, &l), WT_BOUNDS);
  fixture_close(&f);
}

/* A shared memory beside an ordinary one in one store, used in turn: the
 * shared one is never recorded (its base and size are Wasmtime's to read
 * on each access: other threads may grow it), so it is never read through
 * the ordinary one's record, nor the ordinary one through its handle. */
TEST(memory_fast_a_shared_memory_beside_an_ordinary_one) {
  if (wasmtime_major() < 40) SKIP("has no shared-memory setting (wasmtime_config_shared_memory_set, from 40)");
  static const char W[] = "(module (memory (export \"o\") 1) (memory (export \"s\") 1 1 shared))";
  wt_engine_options o;
  fixture f;
  wt_engine_options_init(&o);
  o.features_on = WT_FEATURE_SHARED_MEMORY | WT_FEATURE_THREADS | WT_FEATURE_MULTI_MEMORY;
  if (fixture_open(&f, &o, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_memory om, sm;
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "o", &om));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "s", &sm));
  CHECK(memcmp(&om, &sm, sizeof om) != 0);
  for (int32_t i = 0; i < 64; i++) {
    int32_t a = 0, b = 0;
    CHECK_OK(wt_memory_write_i32(f.cx, &om, 8, i));
    CHECK_OK(wt_memory_write_i32(f.cx, &sm, 8, -i));
    CHECK_OK(wt_memory_read_i32(f.cx, &om, 8, &a));
    CHECK_OK(wt_memory_read_i32(f.cx, &sm, 8, &b));
    CHECK(a == i && b == -i);
  }
  CHECK_RC(wt_memory_write_i32(f.cx, &sm, 65534, 1), WT_BOUNDS); /* the shared memory's own size */
  CHECK(record_is(f.cx, &om, 1));                                 /* the shared one was never recorded */
#ifdef WT__INLINE_CALLS
  CHECK(wt__mem_hit(WT__MEM_LAST(f.cx), &om, 8) && !wt__mem_hit(WT__MEM_LAST(f.cx), &sm, 8));
#endif
  fixture_close(&f);
}

/* ---- the inline helpers against the exported ones ---- */

/* One access both ways, from the same memory contents: the same status,
 * value, message and bytes after. */
#define AGREE(type, suffix, cx, m, off, val)                                                              \
  do {                                                                                                \
    type in_ = (type)1, ex_ = (type)1;                                                                \
    char msg_[256];                                                                                   \
    wt_status ri_ = wt_memory_read_##suffix(cx, m, off, &in_);                                        \
    snprintf(msg_, sizeof msg_, "%s", ri_ ? wt_errmsg() : "");                                        \
    wt_status re_ = (wt_memory_read_##suffix)(cx, m, off, &ex_);                                      \
    CHECK(ri_ == re_ && !memcmp(&in_, &ex_, sizeof in_) && (!re_ || !strcmp(msg_, wt_errmsg())));     \
    wt_status wi_ = wt_memory_write_##suffix(cx, m, off, (type)(val));                                \
    snprintf(msg_, sizeof msg_, "%s", wi_ ? wt_errmsg() : "");                                        \
    type after_ = 0;                                                                                  \
    int back_ = wi_ ? 1 : !(wt_memory_read_##suffix)(cx, m, off, &after_) && after_ == (type)(val);   \
    wt_status we_ = (wt_memory_write_##suffix)(cx, m, off, (type)(val) + 1);                          \
    int back2_ = we_ ? 1 : !(wt_memory_read_##suffix)(cx, m, off, &after_) && after_ == (type)(val) + 1; \
    CHECK(wi_ == we_ && back_ && back2_ && (!we_ || !strcmp(msg_, wt_errmsg())));                     \
    if (ri_ != re_ || wi_ != we_)                                                                     \
      fprintf(stderr, "  %s at %llu: inline %d/%d, exported %d/%d\n", #suffix, (unsigned long long)(off), \
              ri_, wi_, re_, we_);                                                                    \
  } while (0)

static void agree_all(wt_context *cx, const wt_memory *m, uint64_t size) {
  const uint64_t offs[] = {0, 8, size - 9, size - 8, size - 7, size - 5, size - 4, size - 3, size - 1, size,
                           size + 1, GIB4, GIB4 - 4, UINT64_MAX, UINT64_MAX - 3, UINT64_MAX - 7, 1ull << 63};
  for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
    AGREE(int32_t, i32, cx, m, offs[k], 0x11223344 + (int32_t)k);
    AGREE(int64_t, i64, cx, m, offs[k], -(int64_t)k * 0x100000001);
    AGREE(float, f32, cx, m, offs[k], 1.5f * (float)k);
    AGREE(double, f64, cx, m, offs[k], -0.25 * (double)k);
  }
}

TEST(memory_fast_inline_helpers_agree_with_the_exported_ones) {
  static const char W[] = "(module (memory (export \"m\") 1) (memory (export \"m64\") i64 1))";
  fixture f;
  wt_store *s2 = NULL;
  wt_memory m, m64, other, zero;
  wt_instance i2;
  if (fixture_open(&f, NULL, W) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &m));
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m64", &m64));
  agree_all(f.cx, &m, PAGE);   /* never moves: the inline path's */
  agree_all(f.cx, &m64, PAGE); /* may move: always the exported path's */
  CHECK_OK(wt_memory_grow(f.cx, &m, 1, NULL)); /* larger than recorded */
  agree_all(f.cx, &m, 2 * PAGE);
  agree_all(f.cx, &m64, PAGE);
  memset(&zero, 0, sizeof zero); /* a failed lookup's handle */
  agree_all(f.cx, &zero, PAGE);
  CHECK_OK(wt_store_new(f.engine, NULL, NULL, &s2));
  CHECK_OK(wt_linker_instantiate(f.linker, wt_store_context(s2), f.module, &i2));
  CHECK_OK(wt_instance_get_memory(wt_store_context(s2), &i2, "m", &other));
  agree_all(f.cx, &other, PAGE); /* another store's memory */
  agree_all(NULL, &m, PAGE);
  agree_all(f.cx, NULL, PAGE);
  /* floats keep their bits both ways, a signalling NaN's too */
  float fi = 0, fe = 0;
  double di = 0, de = 0;
  uint32_t fb = 0x7fa00001u, fo = 0;
  uint64_t db = 0x7ff4000000000001ull, dout = 0;
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 8, (int32_t)fb));
  CHECK_OK(wt_memory_write_i64(f.cx, &m, 16, (int64_t)db));
  CHECK_OK(wt_memory_read_f32(f.cx, &m, 8, &fi));
  CHECK_OK((wt_memory_read_f32)(f.cx, &m, 8, &fe));
  CHECK_OK(wt_memory_read_f64(f.cx, &m, 16, &di));
  CHECK_OK((wt_memory_read_f64)(f.cx, &m, 16, &de));
  CHECK(!memcmp(&fi, &fb, 4) && !memcmp(&fe, &fb, 4) && !memcmp(&di, &db, 8) && !memcmp(&de, &db, 8));
  CHECK_OK(wt_memory_write_f32(f.cx, &m, 24, fi));
  CHECK_OK(wt_memory_write_f64(f.cx, &m, 32, di));
  CHECK_OK(wt_memory_read(f.cx, &m, 24, &fo, 4));
  CHECK_OK(wt_memory_read(f.cx, &m, 32, &dout, 8));
  CHECK(fo == fb && dout == db);
  int32_t v = 3;
  CHECK_RC(wt_memory_read_i32(f.cx, &m, 0, NULL), WT_INVALID);
  CHECK_STR(wt_errmsg(), "'out'");
  CHECK_RC(wt_memory_read_i32(NULL, &m, 0, &v), WT_INVALID);
  CHECK(v == 0);
  CHECK_STR(wt_errmsg(), "'cx'");
  wt_store_delete(s2);
  fixture_close(&f);
}
