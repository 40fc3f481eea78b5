/* test_memory.c - every memory helper in and out of bounds (out of bounds:
 * WT_BOUNDS and not one byte written), data/size/pages, growth, memory64. */
#include <stdint.h>

#include "harness.h"

static const char MEM[] =
    "(module (memory (export \"mem\") 1 3)\n"
    "  (memory (export \"m64\") i64 1)\n"
    "  (func (export \"load\") (param i32) (result i32) local.get 0 i32.load)\n"
    "  (func (export \"grow\") (param i32) (result i32) local.get 0 memory.grow))";

static int open_mem(fixture *f, wt_memory *m) {
  if (fixture_open(f, NULL, MEM) || fixture_instantiate(f) ||
      wt_instance_get_memory(f->cx, &f->inst, "mem", m)) { fixture_close(f); return -1; }
  return 0;
}

TEST(memory_helpers_round_trip) {
  fixture f;
  wt_memory m;
  if (open_mem(&f, &m)) return;
  int32_t i = 0;
  int64_t l = 0;
  float s = 0;
  double d = 0;
  char buf[6] = {0};
  CHECK_OK(wt_memory_write(f.cx, &m, 100, "hello", 5));
  CHECK_OK(wt_memory_read(f.cx, &m, 100, buf, 5));
  CHECK(!strcmp(buf, "hello"));
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 0, -123456));
  CHECK_OK(wt_memory_read_i32(f.cx, &m, 0, &i));
  CHECK(i == -123456);
  wt_func load;
  int32_t r = 0;
  wt_val a = wt_val_i32(0);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "load", &load));
  CHECK_OK(wt_func_call_i32(f.cx, &load, &a, 1, &r));
  CHECK(r == -123456); /* wasm sees the host's little-endian write */
  CHECK_OK(wt_memory_write_i64(f.cx, &m, 65536 - 8, INT64_MIN + 7)); /* the very last bytes */
  CHECK_OK(wt_memory_read_i64(f.cx, &m, 65536 - 8, &l));
  CHECK(l == INT64_MIN + 7);
  CHECK_OK(wt_memory_write_f32(f.cx, &m, 8, 3.25f));
  CHECK_OK(wt_memory_read_f32(f.cx, &m, 8, &s));
  CHECK(s == 3.25f);
  CHECK_OK(wt_memory_write_f64(f.cx, &m, 16, -0.5));
  CHECK_OK(wt_memory_read_f64(f.cx, &m, 16, &d));
  CHECK(d == -0.5);
  CHECK_OK(wt_memory_write(f.cx, &m, 65536, "", 0)); /* empty access at the end */
  size_t size = 0;
  uint8_t *p = wt_memory_data(f.cx, &m, &size);
  CHECK(p && size == 65536 && !memcmp(p + 100, "hello", 5));
  CHECK(memory_size_of(f.cx, &m) == 65536 && memory_pages_of(f.cx, &m) == 1);
  fixture_close(&f);
}

/* The bytes around the end of the memory must stay as they were. */
static int tail_intact(fixture *f, const wt_memory *m) {
  uint8_t tail[8];
  if (wt_memory_read(f->cx, m, 65536 - 8, tail, 8)) return 0;
  for (int i = 0; i < 8; i++)
    if (tail[i] != 0xa5) return 0;
  return 1;
}

TEST(memory_out_of_bounds_writes_nothing) {
  fixture f;
  wt_memory m;
  if (open_mem(&f, &m)) return;
  uint8_t fill[8];
  memset(fill, 0xa5, sizeof fill);
  CHECK_OK(wt_memory_write(f.cx, &m, 65536 - 8, fill, 8));
  const uint64_t offs[] = {65536 - 1, 65536 - 3, 65536, 65537, UINT64_MAX, UINT64_MAX - 2};
  for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
    uint64_t o = offs[k];
    int32_t i = 7;
    int64_t l = 7;
    float s = 7;
    double d = 7;
    uint8_t buf[16];
    memset(buf, 0x11, sizeof buf);
    CHECK_RC(wt_memory_write(f.cx, &m, o, fill, 4), WT_BOUNDS);
    CHECK_RC(wt_memory_write_i32(f.cx, &m, o, 1), WT_BOUNDS);
    CHECK_RC(wt_memory_write_i64(f.cx, &m, o, 1), WT_BOUNDS);
    CHECK_RC(wt_memory_write_f32(f.cx, &m, o, 1), WT_BOUNDS);
    CHECK_RC(wt_memory_write_f64(f.cx, &m, o, 1), WT_BOUNDS);
    CHECK_RC(wt_memory_read(f.cx, &m, o, buf, 4), WT_BOUNDS);
    CHECK(buf[0] == 0x11); /* nothing copied out either */
    CHECK_RC(wt_memory_read_i32(f.cx, &m, o, &i), WT_BOUNDS);
    CHECK_RC(wt_memory_read_i64(f.cx, &m, o, &l), WT_BOUNDS);
    CHECK_RC(wt_memory_read_f32(f.cx, &m, o, &s), WT_BOUNDS);
    CHECK_RC(wt_memory_read_f64(f.cx, &m, o, &d), WT_BOUNDS);
    CHECK(i == 0 && l == 0 && s == 0 && d == 0);
    CHECK(tail_intact(&f, &m));
  }
  CHECK_RC(wt_memory_write(f.cx, &m, 0, fill, SIZE_MAX), WT_BOUNDS); /* huge length, no overflow */
  CHECK_RC(wt_memory_write(f.cx, &m, 65536 - 4, fill, 5), WT_BOUNDS);
  CHECK(tail_intact(&f, &m));
  CHECK_STR(wt_errmsg(), "out of bounds");
  int32_t x = 1;
  CHECK_RC(wt_memory_read_i32(NULL, &m, 0, &x), WT_INVALID);
  CHECK(x == 0);
  CHECK(wt_memory_data(f.cx, NULL, NULL) == NULL && memory_size_of(NULL, &m) == UINT64_MAX);
  fixture_close(&f);
}

TEST(memory_grow_and_pages) {
  fixture f;
  wt_memory m;
  if (open_mem(&f, &m)) return;
  uint64_t prev = 99;
  CHECK_OK(wt_memory_grow(f.cx, &m, 1, &prev));
  CHECK(prev == 1 && memory_pages_of(f.cx, &m) == 2 && memory_size_of(f.cx, &m) == 2 * 65536);
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 65536 + 4, 5)); /* the new page is usable */
  CHECK_OK(wt_memory_grow(f.cx, &m, 0, NULL));
  CHECK_RC(wt_memory_grow(f.cx, &m, 2, &prev), WT_LIMIT); /* max is 3 pages */
  CHECK(memory_pages_of(f.cx, &m) == 2);
  wt_func grow;
  int32_t r = 0;
  wt_val a = wt_val_i32(1);
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "grow", &grow));
  CHECK_OK(wt_func_call_i32(f.cx, &grow, &a, 1, &r));
  CHECK(r == 2);
  CHECK_OK(wt_func_call_i32(f.cx, &grow, &a, 1, &r));
  CHECK(r == -1); /* wasm sees the same maximum */
  CHECK_RC(wt_memory_write_i32(f.cx, &m, 3 * 65536, 1), WT_BOUNDS);
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 3 * 65536 - 4, 1));
  fixture_close(&f);
}

/* The helpers remember sizes they have seen (a memory never shrinks): a
 * memory grown by wasm after an access must be usable at once, and of nine
 * memories of different sizes (more than the store's record holds, so they
 * share its slots) each must keep its own bounds. */
TEST(memory_sizes_seen_before_never_stand_for_another) {
  char wat[2048];
  size_t o = (size_t)snprintf(wat, sizeof wat, "(module\n");
  for (int k = 1; k <= 9; k++) o += (size_t)snprintf(wat + o, sizeof wat - o, "  (memory (export \"m%d\") %d)\n", k, k);
  snprintf(wat + o, sizeof wat - o, "  (func (export \"grow1\") (result i32) i32.const 1 memory.grow 0))");
  fixture f;
  if (fixture_open(&f, NULL, wat) || fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_memory m[10];
  int32_t v = 0;
  for (int round = 0; round < 2; round++) /* the second round hits recorded sizes */
    for (int k = 1; k <= 9; k++) {
      char name[16];
      snprintf(name, sizeof name, "m%d", k);
      CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, name, &m[k]));
      uint64_t end = (uint64_t)k * 65536;
      CHECK_OK(wt_memory_write_i32(f.cx, &m[k], end - 4, k));
      CHECK_OK(wt_memory_read_i32(f.cx, &m[k], end - 4, &v));
      CHECK(v == k);
      CHECK_RC(wt_memory_write_i32(f.cx, &m[k], end - 3, 1), WT_BOUNDS);
      CHECK_RC(wt_memory_read_i32(f.cx, &m[k], end, &v), WT_BOUNDS);
      CHECK(v == 0);
    }
  wt_func grow1;
  int32_t r = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "grow1", &grow1));
  CHECK_OK(wt_memory_read_i32(f.cx, &m[1], 0, &v)); /* m1's size is the one on record */
  CHECK_OK(wt_func_call_i32(f.cx, &grow1, NULL, 0, &r)); /* m1: 1 -> 2 pages, behind wt's back */
  CHECK(r == 1);
  CHECK_OK(wt_memory_write_i32(f.cx, &m[1], 2 * 65536 - 4, 42));
  CHECK_OK(wt_memory_read_i32(f.cx, &m[1], 2 * 65536 - 4, &v));
  CHECK(v == 42);
  CHECK_RC(wt_memory_read_i32(f.cx, &m[1], 2 * 65536 - 3, &v), WT_BOUNDS);
  CHECK_RC(wt_memory_read_i32(f.cx, &m[2], 2 * 65536 - 3, &v), WT_BOUNDS); /* m2 did not grow */
  fixture_close(&f);
}

TEST(memory64_and_memory_new) {
  fixture f;
  wt_memory m, m64, fresh;
  if (open_mem(&f, &m)) return;
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m64", &m64));
  CHECK(memory_pages_of(f.cx, &m64) == 1);
  CHECK_OK(wt_memory_write_i64(f.cx, &m64, 8, 77));
  CHECK_OK(wt_memory_new(f.cx, 2, UINT64_MAX, false, &fresh));
  CHECK(memory_pages_of(f.cx, &fresh) == 2);
  CHECK_OK(wt_memory_grow(f.cx, &fresh, 3, NULL)); /* no maximum */
  CHECK(memory_pages_of(f.cx, &fresh) == 5);
  CHECK_OK(wt_memory_new(f.cx, 1, 1, true, &fresh));
  CHECK_RC(wt_memory_grow(f.cx, &fresh, 1, NULL), WT_LIMIT);
  fixture_close(&f);
}

/* A shared memory keeps its kind through wt_extern and wt_linker_define,
 * and the helpers work on it, bounds-checked. */
TEST(memory_shared_keeps_its_kind_and_the_helpers_work) {
  if (wasmtime_major() < 40) SKIP("has no shared-memory setting (wasmtime_config_shared_memory_set, from 40)");
  static const char A[] = "(module (memory (export \"m\") 1 2 shared)"
                          "  (func (export \"get\") (param i32) (result i32) (i32.atomic.load (local.get 0))))";
  static const char B[] = "(module (import \"env\" \"m\" (memory 1 2 shared))"
                          "  (func (export \"put\") (param i32 i32) (i32.atomic.store (local.get 0) (local.get 1))))";
  wt_engine_options o;
  fixture f;
  wt_engine_options_init(&o);
  o.features_on = WT_FEATURE_SHARED_MEMORY | WT_FEATURE_THREADS;
  if (fixture_open(&f, &o, A)) return;
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_extern e, again;
  CHECK_OK(wt_instance_get_export(f.cx, &f.inst, "m", &e));
  CHECK(e.kind == WT_EXTERN_SHARED_MEMORY);
  CHECK_OK(wt_instance_get_export(f.cx, &f.inst, "m", &again)); /* one reference kept per memory */
  CHECK(!memcmp(&e, &again, sizeof e));
  wt_memory m;
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &m));
  CHECK(memory_size_of(f.cx, &m) == 65536 && memory_pages_of(f.cx, &m) == 1);
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 8, 1234));
  CHECK_RC(wt_memory_write_i32(f.cx, &m, 65534, 1), WT_BOUNDS);
  wt_func get;
  int32_t v = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "get", &get));
  CHECK_OK(wt_func_call_i32(f.cx, &get, (wt_val[]){wt_val_i32(8)}, 1, &v));
  CHECK(v == 1234);
  /* defined in a linker and imported by another module: the same memory */
  wt_linker *l = NULL;
  wt_module *mb = NULL;
  wt_instance ib;
  wt_func put;
  CHECK_OK(wt_linker_new(f.engine, &l));
  CHECK_OK(wt_linker_define(l, f.cx, "env", "m", &e));
  CHECK_OK(wt_module_from_wat(f.engine, B, strlen(B), &mb));
  if (mb && !wt_linker_instantiate(l, f.cx, mb, &ib) && !wt_instance_get_func(f.cx, &ib, "put", &put)) {
    CHECK_OK(wt_func_call_0(f.cx, &put, (wt_val[]){wt_val_i32(16), wt_val_i32(99)}, 2));
    CHECK_OK(wt_memory_read_i32(f.cx, &m, 16, &v));
    CHECK(v == 99);
  } else CHECK(!"module B instantiated with the shared memory");
  uint64_t prev = 0;
  CHECK_OK(wt_memory_grow(f.cx, &m, 1, &prev));
  CHECK(prev == 1 && memory_pages_of(f.cx, &m) == 2);
  CHECK_OK(wt_memory_write_i32(f.cx, &m, 65536 + 4, 7)); /* within the grown size */
  CHECK_RC(wt_memory_grow(f.cx, &m, 1, NULL), WT_LIMIT); /* past the maximum */
  wt_export ex;
  char text[64];
  CHECK_OK(wt_module_export_nth(f.module, 0, &ex));
  wt_extern_type_format(&ex.type, text, sizeof text);
  CHECK(ex.type.shared && !strcmp(text, "memory(1, 2, shared)"));
  wt_module_delete(mb);
  wt_linker_delete(l);
  fixture_close(&f);
}

/* Guest strings into a caller buffer, {ptr, len} and NUL-terminated,
 * bounds-checked; a failure leaves "" in the buffer. */
TEST(memory_strings_read_into_a_buffer) {
  static const char WAT[] = "(module (memory (export \"m\") 1)"
                            "  (data (i32.const 16) \"hello\\00world\")"
                            "  (data (i32.const 65532) \"abcd\"))";
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  if (fixture_instantiate(&f)) { fixture_close(&f); return; }
  wt_memory m;
  char buf[16];
  CHECK_OK(wt_instance_get_memory(f.cx, &f.inst, "m", &m));
  CHECK_OK(wt_memory_read_string(f.cx, &m, 16, 5, buf, sizeof buf));
  CHECK(!strcmp(buf, "hello"));
  CHECK_OK(wt_memory_read_string(f.cx, &m, 22, 5, buf, sizeof buf));
  CHECK(!strcmp(buf, "world"));
  CHECK_RC(wt_memory_read_string(f.cx, &m, 16, 16, buf, sizeof buf), WT_INVALID); /* no room for the NUL */
  CHECK(buf[0] == 0);
  CHECK_RC(wt_memory_read_string(f.cx, &m, 65532, 5, buf, sizeof buf), WT_BOUNDS);
  CHECK(buf[0] == 0);
  CHECK_OK(wt_memory_read_string(f.cx, &m, 65532, 4, buf, sizeof buf)); /* up to the last byte */
  CHECK(!strcmp(buf, "abcd"));
  CHECK_OK(wt_memory_read_cstring(f.cx, &m, 16, buf, sizeof buf));
  CHECK(!strcmp(buf, "hello"));
  CHECK_RC(wt_memory_read_cstring(f.cx, &m, 16, buf, 5), WT_INVALID); /* "hello" and its NUL need 6 */
  CHECK(buf[0] == 0);
  CHECK_OK(wt_memory_read_cstring(f.cx, &m, 16, buf, 6));
  CHECK(!strcmp(buf, "hello"));
  CHECK_RC(wt_memory_read_cstring(f.cx, &m, 65532, buf, sizeof buf), WT_BOUNDS); /* no NUL before the end */
  CHECK_RC(wt_memory_read_cstring(f.cx, &m, 65536, buf, sizeof buf), WT_BOUNDS);
  CHECK_RC(wt_memory_read_cstring(f.cx, &m, 70000, buf, sizeof buf), WT_BOUNDS);
  CHECK(buf[0] == 0);
  fixture_close(&f);
}
