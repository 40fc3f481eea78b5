/* test_module.c - modules from every source, validation,
 * (de)serialization, import/export descriptions. */
#include <stdlib.h>

#include "harness.h"

static const char ADD[] =
    "(module (import \"env\" \"f\" (func (param i32 f64) (result i64)))\n"
    "  (import \"env\" \"g\" (global (mut i32)))\n"
    "  (memory (export \"mem\") 1 3) (table (export \"tab\") 2 funcref)\n"
    "  (global (export \"gl\") f32 (f32.const 1.5))\n"
    "  (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)\n"
    "  (func (export \"pair\") (result i32 i64) i32.const 1 i64.const 2))";

TEST(module_malformed_and_invalid) {
  fixture f;
  if (fixture_open(&f, NULL, NULL)) return;
  static const uint8_t junk[] = {1, 2, 3, 4, 5};
  static const uint8_t invalid[] = { /* (func (result i32)) with an empty body: type error */
      0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b};
  wt_module *m = (wt_module *)1;
  CHECK_RC(wt_module_new(f.engine, junk, sizeof junk, &m), WT_MALFORMED);
  CHECK(m == NULL);
  CHECK_RC(wt_module_validate(f.engine, junk, sizeof junk), WT_MALFORMED);
  CHECK_RC(wt_module_validate(f.engine, invalid, sizeof invalid), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "type mismatch");
  m = (wt_module *)1;
  CHECK_RC(wt_module_new(f.engine, invalid, sizeof invalid, &m), WT_MALFORMED); /* compiling validates */
  CHECK(m == NULL);
  CHECK_RC(wt_module_from_wat(f.engine, "(module (func $x", 16, &m), WT_MALFORMED);
  CHECK(m == NULL);
  CHECK_RC(wt_module_new(NULL, junk, 5, &m), WT_INVALID);
  uint8_t *wasm;
  size_t n;
  CHECK_OK(wt_wat_to_wasm("(module)", 8, &wasm, &n));
  CHECK(n == 8 && !memcmp(wasm, "\0asm", 4));
  CHECK_OK(wt_module_validate(f.engine, wasm, n));
  wt_free(wasm);
  fixture_close(&f);
}

static const char *fmt(const wt_extern_type *t) {
  static char buf[128];
  wt_extern_type_format(t, buf, sizeof buf);
  return buf;
}

TEST(module_imports_and_exports_with_types) {
  fixture f;
  if (fixture_open(&f, NULL, ADD)) return;
  wt_import im;
  wt_export ex;
  CHECK(import_count_of(f.module) == 2);
  CHECK_OK(wt_module_import_nth(f.module, 0, &im));
  CHECK(!strcmp(im.module, "env") && !strcmp(im.name, "f"));
  CHECK(!strcmp(fmt(&im.type), "func(i32, f64) -> i64"));
  CHECK_OK(wt_module_import_nth(f.module, 1, &im));
  CHECK(!strcmp(fmt(&im.type), "global(mut i32)"));
  CHECK_RC(wt_module_import_nth(f.module, 2, &im), WT_NOT_FOUND);
  CHECK(export_count_of(f.module) == 5);
  const char *want[] = {"memory(1, 3)", "table(2, none, funcref)", "global(f32)", "func(i32, i32) -> i32",
                        "func() -> (i32, i64)"};
  for (size_t i = 0; i < 5; i++) {
    CHECK_OK(wt_module_export_nth(f.module, i, &ex));
    CHECK(!strcmp(fmt(&ex.type), want[i]));
  }
  CHECK_OK(wt_module_export_nth(f.module, 3, &ex));
  CHECK(!strcmp(ex.name, "add") && ex.type.nparams == 2 && ex.type.params[1] == WT_I32);
  char small[6];
  CHECK(wt_extern_type_format(&ex.type, small, sizeof small) == strlen("func(i32, i32) -> i32"));
  CHECK(strlen(small) == 5);
  fixture_close(&f);
}

static int call_add(wt_engine *e, wt_module *m) {
  wt_store *s;
  wt_linker *l;
  wt_instance inst;
  wt_func add;
  int32_t r = 0;
  wt_val args[2] = {wt_val_i32(20), wt_val_i32(22)};
  if (wt_store_new(e, NULL, NULL, &s)) return -1;
  wt_linker_new(e, &l);
  wt_context *cx = wt_store_context(s);
  int rc = wt_linker_instantiate(l, cx, m, &inst);
  if (!rc) rc = wt_instance_get_func(cx, &inst, "add", &add);
  if (!rc) rc = wt_func_call_i32(cx, &add, args, 2, &r);
  wt_linker_delete(l);
  wt_store_delete(s);
  return rc ? -1 : r;
}

static const char SIMPLE[] = "(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))";

TEST(module_serialize_deserialize_memory_and_file) {
  fixture f;
  if (fixture_open(&f, NULL, SIMPLE)) return;
  uint8_t *bytes;
  size_t n;
  wt_module *m2, *m3;
  CHECK_OK(wt_module_serialize(f.module, &bytes, &n));
  CHECK(n > 100 && !memcmp(bytes, "\x7f" "ELF", 4));
  CHECK_OK(wt_module_deserialize(f.engine, bytes, n, &m2));
  CHECK(call_add(f.engine, m2) == 42);
  char *dir = temp_dir(), path[300];
  snprintf(path, sizeof path, "%s/add.cwasm", dir);
  CHECK_OK(wt_module_serialize_file(f.module, path));
  CHECK_OK(wt_module_deserialize_file(f.engine, path, &m3));
  CHECK(call_add(f.engine, m3) == 42);
  bytes[n / 2] ^= 0xff; /* corrupt: must be refused or still work, never crash */
  wt_module *m4 = NULL;
  int rc = wt_module_deserialize(f.engine, bytes, 64, &m4); /* truncated */
  CHECK(rc != WT_OK && m4 == NULL);
  CHECK_RC(wt_module_deserialize_file(f.engine, "/nonexistent.cwasm", &m4), WT_NOT_FOUND);
  wt_free(bytes);
  wt_module_delete(m2);
  wt_module_delete(m3);
  rm_rf(dir);
  free(dir);
  fixture_close(&f);
}

/* Empty input is one case for both: (NULL, 0) is no module. */
TEST(module_empty_input_is_malformed_for_new_and_deserialize) {
  wt_engine *e = NULL;
  wt_module *m = (wt_module *)1;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_RC(wt_module_new(e, NULL, 0, &m), WT_MALFORMED);
  CHECK(m == NULL);
  m = (wt_module *)1;
  CHECK_RC(wt_module_deserialize(e, NULL, 0, &m), WT_MALFORMED);
  CHECK(m == NULL);
  CHECK_RC(wt_module_deserialize(e, NULL, 4, &m), WT_INVALID);
  wt_engine_delete(e);
}

TEST(module_from_file_detects_wasm_wat_cwasm_by_content) {
  fixture f;
  if (fixture_open(&f, NULL, SIMPLE)) return;
  char *dir = temp_dir(), p1[300], p2[300], p3[300], p4[300];
  uint8_t *wasm, *cw;
  size_t n, cn;
  CHECK_OK(wt_wat_to_wasm(SIMPLE, strlen(SIMPLE), &wasm, &n));
  CHECK_OK(wt_module_serialize(f.module, &cw, &cn));
  snprintf(p1, sizeof p1, "%s/a.bin", dir); /* names say nothing */
  snprintf(p2, sizeof p2, "%s/b.bin", dir);
  snprintf(p3, sizeof p3, "%s/c.bin", dir);
  snprintf(p4, sizeof p4, "%s/d.bin", dir);
  write_file(p1, wasm, n);
  write_file(p2, SIMPLE, strlen(SIMPLE));
  write_file(p3, cw, cn);
  write_file(p4, "not wasm at all", 15);
  const char *paths[] = {p1, p2};
  for (int i = 0; i < 2; i++) {
    wt_module *m = NULL;
    CHECK_OK(wt_module_from_file(f.engine, paths[i], &m));
    CHECK(m && call_add(f.engine, m) == 42);
    wt_module_delete(m);
  }
  /* precompiled content: native code, only with the engine's opt-in */
  wt_module *m = (wt_module *)1;
  CHECK_RC(wt_module_from_file(f.engine, p3, &m), WT_INVALID);
  CHECK(m == NULL);
  wt_engine_options o;
  wt_engine *trusting = NULL;
  wt_engine_options_init(&o);
  o.allow_precompiled = true;
  CHECK_OK(wt_engine_new(&o, &trusting));
  CHECK_OK(wt_module_from_file(trusting, p3, &m));
  CHECK(m && call_add(trusting, m) == 42);
  wt_module_delete(m);
  wt_engine_delete(trusting);
  m = (wt_module *)1;
  CHECK_RC(wt_module_from_file(f.engine, p4, &m), WT_MALFORMED);
  CHECK(m == NULL);
  CHECK_RC(wt_module_from_file(f.engine, "/nonexistent/x.wasm", &m), WT_NOT_FOUND);
  wt_free(wasm);
  wt_free(cw);
  rm_rf(dir);
  free(dir);
  fixture_close(&f);
}
