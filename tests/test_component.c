/* test_component.c - components: from WAT, bytes and files, told apart
 * from core modules both ways, truncated and junk input, (de)serialization
 * to memory and files, precompiled files only on the engine's opt-in,
 * the input limits. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static const char COMP[] =
    "(component\n"
    "  (core module $m (func (export \"f\") (result i32) i32.const 42))\n"
    "  (core instance $i (instantiate $m))\n"
    "  (func $f (result u32) (canon lift (core func $i \"f\")))\n"
    "  (export \"f\" (func $f)))";
static const char MODULE[] = "(module (func (export \"f\") (result i32) i32.const 42))";
/* The smallest component and core module: the header alone. */
static const uint8_t MIN_COMPONENT[] = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
static const uint8_t MIN_MODULE[] = {0, 'a', 's', 'm', 1, 0, 0, 0};

TEST(component_capability_from_wasmtime_39) {
  /* the component types are declared from 39; every official 39..50 has them */
  CHECK(wt_has(WT_CAP_COMPONENT) == (wasmtime_major() >= 39));
}

/* Without the capability every constructor refuses, naming it. */
TEST(component_refused_without_the_capability) {
  if (wt_has(WT_CAP_COMPONENT)) SKIP("has WT_CAP_COMPONENT (the refusal is for Wasmtime 36-38)");
  wt_engine *e = NULL;
  wt_component *c = (wt_component *)1;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_RC(wt_component_new(e, MIN_COMPONENT, sizeof MIN_COMPONENT, &c), WT_UNSUPPORTED);
  CHECK_STR(wt_errmsg(), "WT_CAP_COMPONENT");
  CHECK(c == NULL);
  c = (wt_component *)1;
  CHECK_RC(wt_component_from_wat(e, COMP, strlen(COMP), &c), WT_UNSUPPORTED);
  CHECK(c == NULL);
  wt_engine_delete(e);
}

TEST(component_from_wat_from_bytes_and_the_minimal_binary) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_component *c = NULL;
  uint8_t *wasm = NULL;
  size_t n = 0;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_component_from_wat(e, COMP, strlen(COMP), &c));
  CHECK(c != NULL);
  wt_component_delete(c);
  c = NULL;
  CHECK_OK(wt_wat_to_wasm(COMP, strlen(COMP), &wasm, &n)); /* Wasmtime's wat2wasm writes components too */
  CHECK(n > 8 && !memcmp(wasm, MIN_COMPONENT, 8));
  CHECK_OK(wt_component_new(e, wasm, n, &c));
  CHECK(c != NULL);
  wt_component_delete(c);
  c = NULL;
  CHECK_OK(wt_component_new(e, MIN_COMPONENT, sizeof MIN_COMPONENT, &c));
  CHECK(c != NULL);
  wt_component_delete(c);
  wt_component_delete(NULL); /* a no-op */
  wt_free(wasm);
  wt_engine_delete(e);
}

/* A core module where a component is wanted, and the other way round: each
 * refused, naming the function to use, whatever the way in. */
TEST(component_and_core_module_refuse_each_other_naming_the_right_function) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_component *c = (wt_component *)1;
  wt_module *m = (wt_module *)1;
  uint8_t *cw = NULL, *mw = NULL;
  size_t cn = 0, mn = 0;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_wat_to_wasm(COMP, strlen(COMP), &cw, &cn));
  CHECK_OK(wt_wat_to_wasm(MODULE, strlen(MODULE), &mw, &mn));

  CHECK_RC(wt_component_new(e, mw, mn, &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "wt_component_new: a core module, not a component: use wt_module_new");
  CHECK(c == NULL);
  c = (wt_component *)1;
  CHECK_RC(wt_component_new(e, MIN_MODULE, sizeof MIN_MODULE, &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "use wt_module_new");
  CHECK(c == NULL);
  c = (wt_component *)1;
  CHECK_RC(wt_component_from_wat(e, MODULE, strlen(MODULE), &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "a core module, not a component: use wt_module_from_wat");
  CHECK(c == NULL);

  CHECK_RC(wt_module_new(e, cw, cn, &m), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "wt_module_new: a component, not a core module: use wt_component_new");
  CHECK(m == NULL);
  m = (wt_module *)1;
  CHECK_RC(wt_module_new(e, MIN_COMPONENT, sizeof MIN_COMPONENT, &m), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "use wt_component_new");
  CHECK(m == NULL);
  m = (wt_module *)1;
  CHECK_RC(wt_module_from_wat(e, COMP, strlen(COMP), &m), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "a component, not a core module: use wt_component_from_wat");
  CHECK(m == NULL);

  /* files, binary and text */
  char *dir = temp_dir(), cb[300], ct[300], mb[300], mt[300];
  snprintf(cb, sizeof cb, "%s/c.bin", dir);
  snprintf(ct, sizeof ct, "%s/c.txt", dir);
  snprintf(mb, sizeof mb, "%s/m.bin", dir);
  snprintf(mt, sizeof mt, "%s/m.txt", dir);
  CHECK(write_file(cb, cw, cn) == 0 && write_file(ct, COMP, strlen(COMP)) == 0);
  CHECK(write_file(mb, mw, mn) == 0 && write_file(mt, MODULE, strlen(MODULE)) == 0);
  const char *components[] = {cb, ct}, *modules[] = {mb, mt};
  for (int i = 0; i < 2; i++) {
    m = (wt_module *)1;
    CHECK_RC(wt_module_from_file(e, components[i], &m), WT_MALFORMED);
    CHECK_STR(wt_errmsg(), components[i]);
    CHECK_STR(wt_errmsg(), "a component, not a core module: use wt_component_from_file");
    CHECK(m == NULL);
    c = (wt_component *)1;
    CHECK_RC(wt_component_from_file(e, modules[i], &c), WT_MALFORMED);
    CHECK_STR(wt_errmsg(), modules[i]);
    CHECK_STR(wt_errmsg(), "a core module, not a component: use wt_module_from_file");
    CHECK(c == NULL);
  }
  /* the module's own ways still work */
  CHECK_OK(wt_module_new(e, mw, mn, &m));
  wt_module_delete(m);
  rm_rf(dir);
  free(dir);
  wt_free(cw);
  wt_free(mw);
  wt_engine_delete(e);
}

TEST(component_truncated_junk_text_and_empty_input_are_malformed) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_component *c = NULL;
  uint8_t *cw = NULL;
  size_t cn = 0;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_wat_to_wasm(COMP, strlen(COMP), &cw, &cn));
  /* every proper prefix of a real component: refused, never a crash */
  size_t cuts[] = {0, 3, 4, 6, 7, 9, cn / 2, cn - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    c = (wt_component *)1;
    CHECK_RC(wt_component_new(e, cw, cuts[i], &c), WT_MALFORMED);
    CHECK(c == NULL);
  }
  CHECK_RC(wt_component_new(e, cw, 6, &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "end-of-file");
  c = (wt_component *)1;
  CHECK_RC(wt_component_new(e, NULL, 0, &c), WT_MALFORMED);
  CHECK(c == NULL);
  /* text is for wt_component_from_wat */
  CHECK_RC(wt_component_new(e, (const uint8_t *)COMP, strlen(COMP), &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "use wt_component_from_wat");
  static const uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  CHECK_RC(wt_component_new(e, junk, sizeof junk, &c), WT_MALFORMED);
  /* bad text: the parser's line and column */
  c = (wt_component *)1;
  CHECK_RC(wt_component_from_wat(e, "(component\n  (func", 18, &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "2:");
  CHECK(c == NULL);
  CHECK_RC(wt_component_from_wat(e, NULL, 0, &c), WT_MALFORMED);
  CHECK(c == NULL);
  wt_free(cw);
  wt_engine_delete(e);
}

TEST(component_from_file_binary_and_text_told_apart_by_content) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  uint8_t *cw = NULL;
  size_t cn = 0;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_wat_to_wasm(COMP, strlen(COMP), &cw, &cn));
  char *dir = temp_dir(), bin[300], text[300], bad[300], junk[300], fifo[300];
  snprintf(bin, sizeof bin, "%s/a.wat", dir); /* names say nothing */
  snprintf(text, sizeof text, "%s/b.wasm", dir);
  snprintf(bad, sizeof bad, "%s/c", dir);
  snprintf(junk, sizeof junk, "%s/d", dir);
  snprintf(fifo, sizeof fifo, "%s/fifo", dir);
  CHECK(write_file(bin, cw, cn) == 0);
  CHECK(write_file(text, COMP, strlen(COMP)) == 0);
  CHECK(write_file(bad, "(component\n  (func", 18) == 0);
  CHECK(write_file(junk, "not\0wasm", 8) == 0);
  CHECK(mkfifo(fifo, 0600) == 0);
  const char *good[] = {bin, text};
  for (int i = 0; i < 2; i++) {
    wt_component *c = NULL;
    CHECK_OK(wt_component_from_file(e, good[i], &c));
    CHECK(c != NULL);
    wt_component_delete(c);
  }
  wt_component *c = (wt_component *)1;
  CHECK_RC(wt_component_from_file(e, bad, &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), bad); /* the file in place of the parser's <anon> */
  CHECK(c == NULL);
  CHECK_RC(wt_component_from_file(e, junk, &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "neither binary wasm nor WAT text");
  CHECK_RC(wt_component_from_file(e, "/nonexistent/x.wasm", &c), WT_NOT_FOUND);
  CHECK_RC(wt_component_from_file(e, dir, &c), WT_IO);
  CHECK_RC(wt_component_from_file(e, fifo, &c), WT_IO); /* refused, without blocking */
  CHECK(c == NULL);
  rm_rf(dir);
  free(dir);
  wt_free(cw);
  wt_engine_delete(e);
}

TEST(component_serialize_deserialize_memory_and_file) {
  NEED_COMPONENTS();
  wt_engine *e = NULL;
  wt_component *c = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL;
  wt_module *m = NULL;
  uint8_t *bytes = NULL, *again = NULL, *mbytes = NULL;
  size_t n = 0, n2 = 0, mn = 0;
  CHECK_OK(wt_engine_new(NULL, &e));
  CHECK_OK(wt_component_from_wat(e, COMP, strlen(COMP), &c));
  if (!c) { wt_engine_delete(e); return; }
  CHECK_OK(wt_component_serialize(c, &bytes, &n));
  CHECK(bytes && n > 100 && !memcmp(bytes, "\x7f" "ELF", 4));
  CHECK_OK(wt_component_deserialize(e, bytes, n, &c2));
  CHECK(c2 != NULL);
  if (c2) { /* a deserialized component serializes again */
    CHECK_OK(wt_component_serialize(c2, &again, &n2));
    CHECK(n2 > 100);
  }
  char *dir = temp_dir(), path[300], mpath[300], fifo[300];
  snprintf(path, sizeof path, "%s/c.cwasm", dir);
  snprintf(mpath, sizeof mpath, "%s/m.cwasm", dir);
  snprintf(fifo, sizeof fifo, "%s/fifo", dir);
  CHECK(write_file(path, bytes, n) == 0);
  CHECK_OK(wt_component_deserialize_file(e, path, &c3));
  CHECK(c3 != NULL);
  /* truncated: refused, never a crash */
  c4 = (wt_component *)1;
  CHECK(wt_component_deserialize(e, bytes, 64, &c4) != WT_OK);
  CHECK(c4 == NULL);
  c4 = (wt_component *)1;
  CHECK_RC(wt_component_deserialize(e, NULL, 0, &c4), WT_MALFORMED);
  CHECK(c4 == NULL);
  /* a serialized core module is no serialized component */
  CHECK_OK(wt_module_from_wat(e, MODULE, strlen(MODULE), &m));
  CHECK_OK(wt_module_serialize(m, &mbytes, &mn));
  CHECK_RC(wt_component_deserialize(e, mbytes, mn, &c4), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "wt_component_deserialize: a precompiled core module, not a component: use wt_module_deserialize");
  CHECK(c4 == NULL);
  CHECK(write_file(mpath, mbytes, mn) == 0);
  CHECK_RC(wt_component_deserialize_file(e, mpath, &c4), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), mpath);
  CHECK_STR(wt_errmsg(), "use wt_module_deserialize_file");
  CHECK(c4 == NULL);
  /* and the other way round: a serialized component is no module */
  wt_module *m2 = (wt_module *)1;
  CHECK_RC(wt_module_deserialize(e, bytes, n, &m2), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "wt_module_deserialize: a precompiled component, not a core module: use wt_component_deserialize");
  CHECK(m2 == NULL);
  m2 = (wt_module *)1;
  CHECK_RC(wt_module_deserialize_file(e, path, &m2), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "use wt_component_deserialize_file");
  CHECK(m2 == NULL);
  CHECK_RC(wt_component_deserialize_file(e, "/nonexistent.cwasm", &c4), WT_NOT_FOUND);
  CHECK_RC(wt_component_deserialize_file(e, dir, &c4), WT_IO);
  CHECK(mkfifo(fifo, 0600) == 0);
  CHECK_RC(wt_component_deserialize_file(e, fifo, &c4), WT_IO); /* refused, without blocking */
  CHECK(c4 == NULL);
  wt_free(bytes);
  wt_free(again);
  wt_free(mbytes);
  wt_module_delete(m);
  wt_component_delete(c);
  wt_component_delete(c2);
  wt_component_delete(c3);
  rm_rf(dir);
  free(dir);
  wt_engine_delete(e);
}

/* A precompiled component is native code: wt_component_from_file loads it
 * only with the engine option allow_precompiled. */
TEST(component_precompiled_file_only_with_allow_precompiled) {
  NEED_COMPONENTS();
  wt_engine *e = NULL, *trusting = NULL;
  wt_component *c = NULL;
  uint8_t *bytes = NULL;
  size_t n = 0;
  wt_engine_options o;
  CHECK_OK(wt_engine_new(NULL, &e));
  wt_engine_options_init(&o);
  o.allow_precompiled = true;
  CHECK_OK(wt_engine_new(&o, &trusting));
  CHECK_OK(wt_component_from_wat(e, COMP, strlen(COMP), &c));
  if (c) CHECK_OK(wt_component_serialize(c, &bytes, &n));
  wt_component_delete(c);
  char *dir = temp_dir(), path[300];
  snprintf(path, sizeof path, "%s/plain.wasm", dir); /* the name says nothing */
  CHECK(bytes && write_file(path, bytes, n) == 0);
  c = (wt_component *)1;
  CHECK_RC(wt_component_from_file(e, path, &c), WT_INVALID);
  CHECK_STR(wt_errmsg(), "precompiled component");
  CHECK_STR(wt_errmsg(), "allow_precompiled");
  CHECK(c == NULL);
  CHECK_OK(wt_component_from_file(trusting, path, &c));
  CHECK(c != NULL);
  wt_component_delete(c);
  /* a precompiled core module is refused by the component loader */
  wt_module *m = NULL;
  uint8_t *mbytes = NULL;
  size_t mn = 0;
  CHECK_OK(wt_module_from_wat(trusting, MODULE, strlen(MODULE), &m));
  CHECK_OK(wt_module_serialize(m, &mbytes, &mn));
  CHECK(write_file(path, mbytes, mn) == 0);
  c = (wt_component *)1;
  CHECK_RC(wt_component_from_file(trusting, path, &c), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "a precompiled core module, not a component: use wt_module_from_file");
  CHECK(c == NULL);
  c = (wt_component *)1;
  CHECK_RC(wt_component_from_file(e, path, &c), WT_MALFORMED); /* said so even without the opt-in */
  CHECK(c == NULL);
  wt_module *m2 = NULL;
  CHECK_OK(wt_module_from_file(trusting, path, &m2)); /* where it belongs */
  CHECK(m2 != NULL);
  wt_module_delete(m2);
  /* a precompiled component is refused by the module loader, naming ours */
  CHECK(write_file(path, bytes, n) == 0);
  m2 = (wt_module *)1;
  CHECK_RC(wt_module_from_file(trusting, path, &m2), WT_MALFORMED);
  CHECK_STR(wt_errmsg(), "a precompiled component, not a core module: use wt_component_from_file");
  CHECK(m2 == NULL);
  wt_module_delete(m);
  wt_free(mbytes);
  wt_free(bytes);
  rm_rf(dir);
  free(dir);
  wt_engine_delete(trusting);
  wt_engine_delete(e);
}

/* max_module_bytes bounds component input as it bounds modules: bytes up
 * to it, text up to a sixteenth of it, refused before Wasmtime sees them. */
TEST(component_input_over_max_module_bytes_is_refused) {
  NEED_COMPONENTS();
  wt_engine_options o;
  wt_engine *e = NULL;
  wt_component *c = (wt_component *)1;
  uint8_t *cw = NULL;
  size_t cn = 0;
  wt_engine_options_init(&o);
  o.max_module_bytes = 64 * 16; /* text: up to 64 bytes */
  CHECK_OK(wt_engine_new(&o, &e));
  CHECK_OK(wt_wat_to_wasm(COMP, strlen(COMP), &cw, &cn));
  CHECK(strlen(COMP) > 64 && cn < 64 * 16);
  CHECK_RC(wt_component_from_wat(e, COMP, strlen(COMP), &c), WT_LIMIT);
  CHECK(c == NULL);
  CHECK_OK(wt_component_new(e, cw, cn, &c));
  wt_component_delete(c);
  static uint8_t big[64 * 16 + 1];
  memcpy(big, MIN_COMPONENT, sizeof MIN_COMPONENT);
  c = (wt_component *)1;
  CHECK_RC(wt_component_new(e, big, sizeof big, &c), WT_LIMIT);
  CHECK(c == NULL);
  char *dir = temp_dir(), path[300];
  snprintf(path, sizeof path, "%s/big.wasm", dir);
  CHECK(write_file(path, big, sizeof big) == 0);
  c = (wt_component *)1;
  CHECK_RC(wt_component_from_file(e, path, &c), WT_LIMIT);
  CHECK(c == NULL);
  snprintf(path, sizeof path, "%s/c.wat", dir);
  CHECK(write_file(path, COMP, strlen(COMP)) == 0);
  CHECK_RC(wt_component_from_file(e, path, &c), WT_LIMIT);
  CHECK(c == NULL);
  rm_rf(dir);
  free(dir);
  wt_free(cw);
  wt_engine_delete(e);
}

/* The cases of tests/test_null.c cover every pointer argument; these are
 * the messages and the zeroed out-parameters once more. */
TEST(component_null_arguments_are_refused) {
  wt_component *c = (wt_component *)1;
  uint8_t *b = (uint8_t *)1;
  size_t n = 1;
  CHECK_RC(wt_component_new(NULL, MIN_COMPONENT, 8, &c), WT_INVALID);
  CHECK_STR(wt_errmsg(), "wt_component_new: argument 'engine' is NULL");
  CHECK(c == NULL);
  CHECK_RC(wt_component_serialize(NULL, &b, &n), WT_INVALID);
  CHECK(b == NULL && n == 0);
  wt_component_delete(NULL);
}
