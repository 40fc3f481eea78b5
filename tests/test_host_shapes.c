/* test_host_shapes.c - host functions on the wt_val path, defined both
 * ways (wt_linker_define_func, and wt_linker_define_func_adapted with the
 * WT_HOST_ADAPTER code compiled here), each also as a function of the
 * store (wt_func_new, wt_func_new_adapted), for every count of parameters
 * (0..7) and results (0..2) with every numeric kind at every place, and
 * with v128: the values in and out at their width, results that start as
 * zero, wrong result kinds, failures and traps, a host function
 * reentered. Every way of defining one must agree on every outcome. */
#include <stdlib.h>

#include "harness.h"

#define MAXP 7
#define MAXR 2
#define ROTS 4 /* kinds (i + rot) % 4: each place sees each number kind */
static const char *const KIND[] = {"i32", "i64", "f32", "f64", "v128"};

/* What the host functions do on the next call. */
enum { WRITE, WRITE_WHOLE, WRITE_NONE, WRONG_KIND, CALLER_TRAP, FAIL, REASON_UNUSED };
static int mode;

typedef struct shape {
  size_t np, nr;
  uint8_t kinds[MAXP + MAXR];
  int calls, bad; /* calls, and calls that saw something wrong */
  int finalized;   /* runs of the definition's finalizer */
} shape;

static void shape_fin(void *env) { ((shape *)env)->finalized++; }

static size_t width(uint8_t k) { return k == WT_V128 ? 16 : k == WT_I64 || k == WT_F64 ? 8 : 4; }

/* The value at place `pos` of kind k (params at 0.., results at 20..). */
static wt_val value(uint8_t k, size_t pos) {
  uint8_t b[16];
  switch (k) {
  case WT_I32: return wt_val_i32((int32_t)(0x9E3779B9u * (uint32_t)(pos + 1)));
  case WT_I64: return wt_val_i64((int64_t)(0x9E3779B97F4A7C15ull * (pos + 1)));
  case WT_F32: return wt_val_f32((pos & 1 ? -1.25f : 1.25f) * (float)(pos + 1));
  case WT_F64: return wt_val_f64((pos & 1 ? -1e300 : 3e-300) * (double)(pos + 1));
  default:
    for (int i = 0; i < 16; i++) b[i] = (uint8_t)(pos * 16 + (size_t)i + 1);
    return wt_val_v128(b);
  }
}

/* The WAT constant of value(k, pos). */
static void wat_const(char *out, size_t size, uint8_t k, size_t pos) {
  wt_val v = value(k, pos);
  int n = 0;
  switch (k) {
  case WT_I32: snprintf(out, size, "(i32.const %d)", v.of.i32); break;
  case WT_I64: snprintf(out, size, "(i64.const %lld)", (long long)v.of.i64); break;
  case WT_F32: snprintf(out, size, "(f32.const %a)", (double)v.of.f32); break;
  case WT_F64: snprintf(out, size, "(f64.const %a)", v.of.f64); break;
  default:
    n = snprintf(out, size, "(v128.const i8x16");
    for (int i = 0; i < 16; i++) n += snprintf(out + n, size - (size_t)n, " %u", v.of.v128[i]);
    snprintf(out + n, size - (size_t)n, ")");
  }
}

static int same_bits(const wt_val *a, const wt_val *b, uint8_t k) {
  return a->kind == k && b->kind == k && !memcmp(&a->of, &b->of, width(k));
}

static wt_status host(void *env, wt_caller *c, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  shape *s = env;
  static const uint8_t zero[16];
  s->calls++;
  if (!c || nargs != s->np || nresults != s->nr || (s->np && !args) || (s->nr && !results)) {
    s->bad++;
    return WT_OK;
  }
  for (size_t i = 0; i < nargs; i++) {
    wt_val want = value(s->kinds[i], i);
    if (!same_bits(&args[i], &want, s->kinds[i])) s->bad++;
  }
  for (size_t j = 0; j < nresults; j++) /* each result starts as its kind and zero */
    if (results[j].kind != s->kinds[s->np + j] || memcmp(&results[j].of, zero, width(results[j].kind))) s->bad++;
  if (mode == CALLER_TRAP) return wt_caller_trap(c, "shape %zu/%zu says no", s->np, s->nr);
  if (mode == REASON_UNUSED) (void)wt_caller_trap(c, "a reason not returned"); /* then writes and returns WT_OK */
  if (mode == FAIL) return WT_UNSUPPORTED;
  for (size_t j = 0; j < nresults && mode != WRITE_NONE; j++) {
    uint8_t k = s->kinds[s->np + j];
    wt_val v = value(k, 20 + j);
    if (mode == WRITE_WHOLE || k == WT_V128) results[j] = v;
    else if (k == WT_I32) results[j].of.i32 = v.of.i32;
    else if (k == WT_I64) results[j].of.i64 = v.of.i64;
    else if (k == WT_F32) results[j].of.f32 = v.of.f32;
    else results[j].of.f64 = v.of.f64;
  }
  if (mode == WRONG_KIND && nresults) results[nresults - 1].kind = s->kinds[s->np + nresults - 1] == WT_I32 ? WT_F32 : WT_I32;
  return WT_OK;
}

WT_HOST_ADAPTER(host_adapter, host);

/* Wasmtime's callback for the adapted definitions: counts, then adapts. */
static int adapter_calls;
static wt_trap *counting_adapter(struct wt__host *record, wt_caller *c, wt_raw *slots, size_t n) {
  adapter_calls++;
  return host_adapter(record, c, slots, n);
}

/* The ways to define a host function: bit 0 adapted (WT_HOST_ADAPTER),
 * bit 1 a function of the store (wt_func_new, _adapted) that the linker
 * then defines as an item. */
enum { ADAPTED = 1, OF_STORE = 2 };

/* Defines env.name as host for shape sh, the way `way` says. */
static wt_status define_host(fixture *f, int way, const char *name, shape *sh) {
  const uint8_t *k = sh->kinds;
  if (!(way & OF_STORE))
    return way & ADAPTED ? wt_linker_define_func_adapted(f->linker, "env", name, k, sh->np, k + sh->np, sh->nr,
                                                         counting_adapter, host, sh, shape_fin)
                         : wt_linker_define_func(f->linker, "env", name, k, sh->np, k + sh->np, sh->nr, host, sh,
                                                 shape_fin);
  wt_extern item = {WT_EXTERN_FUNC, {{{0}}}};
  wt_status rc = way & ADAPTED ? wt_func_new_adapted(f->cx, k, sh->np, k + sh->np, sh->nr, counting_adapter, host, sh,
                                                     shape_fin, &item.of.func)
                               : wt_func_new(f->cx, k, sh->np, k + sh->np, sh->nr, host, sh, shape_fin, &item.of.func);
  return rc ? rc : wt_linker_define(f->linker, f->cx, "env", name, &item);
}

#define NSHAPES ((MAXP + 1) * (MAXR + 1) * ROTS + 6)

/* The shapes: every count with every rotation of the number kinds, then
 * six with v128 (a parameter, a result, or both). */
static void shapes_init(shape *s) {
  size_t n = 0;
  for (size_t np = 0; np <= MAXP; np++)
    for (size_t nr = 0; nr <= MAXR; nr++)
      for (int rot = 0; rot < ROTS; rot++, n++) {
        s[n] = (shape){np, nr, {0}, 0, 0, 0};
        for (size_t i = 0; i < np + nr; i++) s[n].kinds[i] = (uint8_t)((i + (size_t)rot) % 4);
      }
  static const struct { size_t np, nr; uint8_t kinds[4]; } v[] = {
      {1, 0, {WT_V128}}, {0, 1, {WT_V128}}, {2, 1, {WT_I32, WT_V128, WT_I64}},
      {1, 1, {WT_V128, WT_V128}}, {3, 1, {WT_F64, WT_I32, WT_V128, WT_F32}}, {1, 2, {WT_V128, WT_V128, WT_I32}}};
  for (size_t i = 0; i < 6; i++, n++) {
    s[n] = (shape){v[i].np, v[i].nr, {0}, 0, 0, 0};
    memcpy(s[n].kinds, v[i].kinds, v[i].np + v[i].nr);
  }
}

/* One module: import hN and export rN (which calls hN with its values). */
static char *shapes_wat(const shape *s) {
  size_t size = 1 << 20, n = 0;
  char *w = malloc(size), c[160];
  if (!w) return NULL;
  n += (size_t)snprintf(w + n, size - n, "(module\n");
  for (size_t i = 0; i < NSHAPES; i++) {
    n += (size_t)snprintf(w + n, size - n, " (import \"env\" \"h%zu\" (func $h%zu (param", i, i);
    for (size_t p = 0; p < s[i].np; p++) n += (size_t)snprintf(w + n, size - n, " %s", KIND[s[i].kinds[p]]);
    n += (size_t)snprintf(w + n, size - n, ") (result");
    for (size_t r = 0; r < s[i].nr; r++) n += (size_t)snprintf(w + n, size - n, " %s", KIND[s[i].kinds[s[i].np + r]]);
    n += (size_t)snprintf(w + n, size - n, ")))\n");
  }
  for (size_t i = 0; i < NSHAPES; i++) {
    n += (size_t)snprintf(w + n, size - n, " (func (export \"r%zu\") (result", i);
    for (size_t r = 0; r < s[i].nr; r++) n += (size_t)snprintf(w + n, size - n, " %s", KIND[s[i].kinds[s[i].np + r]]);
    n += (size_t)snprintf(w + n, size - n, ")");
    for (size_t p = 0; p < s[i].np; p++) {
      wat_const(c, sizeof c, s[i].kinds[p], p);
      n += (size_t)snprintf(w + n, size - n, " %s", c);
    }
    n += (size_t)snprintf(w + n, size - n, " call $h%zu)\n", i);
  }
  snprintf(w + n, size - n, ")");
  return w;
}

/* Calls rN in mode m: its status, its results in res. */
static wt_status call_shape(fixture *f, size_t i, const shape *s, int m, wt_val *res) {
  wt_func fn;
  char name[16];
  snprintf(name, sizeof name, "r%zu", i);
  mode = m;
  memset(res, 0xa5, MAXR * sizeof *res);
  if (wt_instance_get_func(f->cx, &f->inst, name, &fn)) return WT_NOT_FOUND;
  return wt_func_call(f->cx, &fn, NULL, 0, res, s->nr);
}

static void every_count_and_kind(int way) {
  static shape s[NSHAPES];
  shapes_init(s);
  char *wat = shapes_wat(s);
  fixture f;
  CHECK(wat != NULL);
  if (!wat || fixture_open(&f, NULL, wat)) return free(wat);
  free(wat);
  for (size_t i = 0; i < NSHAPES; i++) {
    char name[16];
    snprintf(name, sizeof name, "h%zu", i);
    CHECK_OK(define_host(&f, way, name, &s[i]));
  }
  if (fixture_instantiate(&f)) return fixture_close(&f);
  for (size_t i = 0; i < NSHAPES; i++) {
    wt_val res[MAXR];
    int calls = s[i].calls, adapted_before = adapter_calls;
    static const int modes[] = {WRITE, WRITE_WHOLE, WRITE_NONE, REASON_UNUSED};
    for (size_t mi = 0; mi < sizeof modes / sizeof *modes; mi++) { /* WRITE_NONE after WRITE: the stack held the values */
      int m = modes[mi];
      CHECK_OK(call_shape(&f, i, &s[i], m, res));
      for (size_t j = 0; j < s[i].nr; j++) {
        uint8_t k = s[i].kinds[s[i].np + j];
        wt_val want = m == WRITE_NONE ? wt_val_null((wt_valkind)k) : value(k, 20 + j);
        if (!same_bits(&res[j], &want, k)) {
          fprintf(stderr, "  shape %zu (%zu params, %zu results), mode %d: result %zu differs\n", i, s[i].np,
                  s[i].nr, m, j);
          CHECK(same_bits(&res[j], &want, k));
        }
      }
    }
    if (s[i].nr) {
      char want[96];
      uint8_t k = s[i].kinds[s[i].np + s[i].nr - 1];
      snprintf(want, sizeof want, "host function returned %s for result %zu, declared %s",
               k == WT_I32 ? "f32" : "i32", s[i].nr - 1, KIND[k]);
      CHECK_RC(call_shape(&f, i, &s[i], WRONG_KIND, res), WT_TRAP);
      CHECK_STR(wt_errmsg(), want);
    }
    char says[64];
    snprintf(says, sizeof says, "shape %zu/%zu says no", s[i].np, s[i].nr);
    CHECK_RC(call_shape(&f, i, &s[i], CALLER_TRAP, res), WT_TRAP);
    CHECK_STR(wt_errmsg(), says);
    CHECK(wt_trap_code() == WT_TRAP_NONE);
    CHECK_RC(call_shape(&f, i, &s[i], FAIL, res), WT_TRAP);
    CHECK_STR(wt_errmsg(), "host function failed");
    CHECK(s[i].calls == calls + 4 + (s[i].nr > 0) + 2);
    CHECK(adapter_calls - adapted_before == (way & ADAPTED ? s[i].calls - calls : 0)); /* Wasmtime called the adapter */
    if (s[i].bad) fprintf(stderr, "  shape %zu (%zu params, %zu results): %d bad calls\n", i, s[i].np, s[i].nr, s[i].bad);
    CHECK(s[i].bad == 0);
    CHECK(s[i].finalized == 0);
  }
  fixture_close(&f);
  int once = 1; /* each definition's finalizer ran exactly once, with its env */
  for (size_t i = 0; i < NSHAPES; i++) once &= s[i].finalized == 1;
  CHECK(once);
}
TEST(host_shapes_every_count_and_kind) { every_count_and_kind(0); }
TEST(host_shapes_every_count_and_kind_adapted) { every_count_and_kind(ADAPTED); }
TEST(host_shapes_every_count_and_kind_of_the_store) { every_count_and_kind(OF_STORE); }
TEST(host_shapes_every_count_and_kind_of_the_store_adapted) { every_count_and_kind(OF_STORE | ADAPTED); }

/* rec(n): n == 0 ? 0 : down(n - 1) + 1, where the wasm export down(n)
 * calls rec(n): a host function reentered while its outer calls wait,
 * each with its own arguments and result. */
static wt_status rec(void *env, wt_caller *c, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  wt_instance *inst = env;
  wt_context *cx = wt_caller_context(c);
  wt_func down;
  wt_val a = wt_val_i64(args[0].of.i64 - 1);
  int64_t r = 0;
  (void)nargs, (void)nresults;
  if (args[0].of.i64 == 0) return WT_OK; /* results[0] starts as 0 */
  if (args[0].of.i64 == 1000) return wt_caller_trap(c, "deep enough");
  wt_status rc = wt_instance_get_func(cx, inst, "down", &down);
  if (!rc) rc = wt_func_call_i64(cx, &down, &a, 1, &r);
  if (rc) return rc;
  results[0].of.i64 = r + 1 + (args[0].of.i64 << 32);
  return WT_OK;
}

WT_HOST_ADAPTER(rec_adapter, rec);

static void reentered(int adapted) {
  static const char WAT[] = "(module (import \"env\" \"rec\" (func $rec (param i64) (result i64)))\n"
                            "  (func (export \"down\") (param i64) (result i64) local.get 0 call $rec))";
  static const uint8_t k[] = {WT_I64};
  static wt_instance inst;
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  CHECK_OK(adapted ? wt_linker_define_func_adapted(f.linker, "env", "rec", k, 1, k, 1, rec_adapter, rec, &inst, NULL)
                   : wt_linker_define_func(f.linker, "env", "rec", k, 1, k, 1, rec, &inst, NULL));
  if (fixture_instantiate(&f)) return fixture_close(&f);
  inst = f.inst;
  wt_func down;
  int64_t r = -1, want = 0;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "down", &down));
  for (int64_t n = 1; n <= 5; n++) want += 1 + (n << 32); /* each level adds its own n, at the top */
  wt_val a = wt_val_i64(5);
  CHECK_OK(wt_func_call_i64(f.cx, &down, &a, 1, &r));
  CHECK(r == want);
  a = wt_val_i64(1003); /* the innermost trap, passed on by every level */
  CHECK_RC(wt_func_call_i64(f.cx, &down, &a, 1, &r), WT_TRAP);
  CHECK_STR(wt_errmsg(), "deep enough");
  CHECK(r == 0);
  fixture_close(&f);
}
TEST(host_shapes_reentered) { reentered(0); }
TEST(host_shapes_reentered_adapted) { reentered(1); }

/* An i32 result from a host function that recorded a reason it did not
 * return, called directly (its own export) by a raw call whose slot holds
 * other bytes past the argument: the slot is the result, zero-extended,
 * on both definitions (the adapted one wrote only its 4 bytes). */
static wt_status reason_then_i32(void *env, wt_caller *c, const wt_val *args, size_t nargs, wt_val *results,
                                 size_t nresults) {
  (void)env, (void)nargs, (void)nresults;
  (void)wt_caller_trap(c, "a reason not returned");
  results[0].of.i32 = args[0].of.i32 + 1;
  return WT_OK;
}
WT_HOST_ADAPTER(reason_then_i32_adapter, reason_then_i32);

static void reason_result_raw(int adapted) {
  static const char WAT[] = "(module (import \"env\" \"h\" (func $h (param i32) (result i32))) (export \"h\" (func $h)))";
  static const uint8_t k[] = {WT_I32};
  fixture f;
  if (fixture_open(&f, NULL, WAT)) return;
  CHECK_OK(adapted ? wt_linker_define_func_adapted(f.linker, "env", "h", k, 1, k, 1, reason_then_i32_adapter,
                                                   reason_then_i32, NULL, NULL)
                   : wt_linker_define_func(f.linker, "env", "h", k, 1, k, 1, reason_then_i32, NULL, NULL));
  if (fixture_instantiate(&f)) return fixture_close(&f);
  wt_func h;
  CHECK_OK(wt_instance_get_func(f.cx, &f.inst, "h", &h));
  wt_raw slot = {.i64 = (int64_t)0xaaaaaaaa00000007ull};
  CHECK_OK(wt_func_call_raw(f.cx, &h, &slot, 1));
  CHECK(slot.i64 == 8);
  fixture_close(&f);
}
TEST(host_shapes_a_dropped_reason_keeps_the_result_whole) { reason_result_raw(0); }
TEST(host_shapes_a_dropped_reason_keeps_the_result_whole_adapted) { reason_result_raw(1); }

/* At most 16 parameters and 16 results (the trampolines' stack arrays):
 * 16 of each are defined, 17 refused by every way with WT_INVALID, the
 * finalizer run once at once and a function's *out zeroed. */
static int limit_fins;
static void limit_fin(void *env) { (void)env; limit_fins++; }
TEST(host_shapes_more_than_16_params_or_results_are_refused) {
  fixture f;
  if (fixture_open(&f, NULL, "(module)")) return;
  uint8_t k[34];
  memset(k, WT_I64, sizeof k);
  for (size_t n = 16; n <= 17; n++)
    for (int way = 0; way < 4; way++)
      for (int results = 0; results < 2; results++) {
        size_t np = results ? 1 : n, nr = results ? n : 1;
        char name[32];
        wt_func fn;
        wt_extern item = {WT_EXTERN_FUNC, {{{0}}}};
        wt_status rc;
        snprintf(name, sizeof name, "f%zu_%d_%d", n, way, results);
        memset(&fn, 0xa5, sizeof fn);
        limit_fins = 0;
        switch (way) {
        case 0: rc = wt_linker_define_func(f.linker, "env", name, k, np, k, nr, host, NULL, limit_fin); break;
        case 1:
          rc = wt_linker_define_func_adapted(f.linker, "env", name, k, np, k, nr, counting_adapter, host, NULL,
                                             limit_fin);
          break;
        case 2: rc = wt_func_new(f.cx, k, np, k, nr, host, NULL, limit_fin, &fn); break;
        default: rc = wt_func_new_adapted(f.cx, k, np, k, nr, counting_adapter, host, NULL, limit_fin, &fn); break;
        }
        if (n == 16) {
          CHECK_OK(rc);
          CHECK(limit_fins == 0);
          if (way >= 2 && !rc) {
            item.of.func = fn;
            CHECK_OK(wt_linker_define(f.linker, f.cx, "env", name, &item));
          }
        } else {
          CHECK_RC(rc, WT_INVALID);
          CHECK(strstr(wt_errmsg(), "more than 16 params or results") != NULL);
          CHECK(limit_fins == 1);
          if (way >= 2) {
            static const wt_func zero;
            CHECK(!memcmp(&fn, &zero, sizeof fn));
          }
        }
      }
  limit_fins = 0;
  fixture_close(&f);
  CHECK(limit_fins == 8); /* the accepted definitions, when their owners go */
}
