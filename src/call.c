/* call.c - functions: their type; the generic, typed and raw calls. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- the type ---- */

static _Thread_local uint8_t type_kinds[64];

wt_status wt_func_type(wt_context *cx, const wt_func *func, wt_extern_type *out) {
  ZERO(out);
  ARGS(cx, func, out);
  SAME(cx, func, "func type");
  wta_extern_t e = {WTA_EXTERN_FUNC, {.func = *WT_FUNC_RAW(func)}};
  wta_externtype_t *t = W->wasmtime_extern_type(CX(cx), &e);
  if (!t) return wt__fail(WT_INVALID, "func: not a function of this store");
  const wta_functype_t *ft = W->wasm_externtype_as_functype_const(t);
  size_t n = W->wasm_functype_params(ft)->size + W->wasm_functype_results(ft)->size;
  uint8_t *k = type_kinds;
  if (n <= sizeof type_kinds) wt__externtype_describe(t, out, &k);
  W->wasm_externtype_delete(t);
  return n <= sizeof type_kinds ? WT_OK : wt__fail(WT_UNSUPPORTED, "func: more than 64 params+results");
}

/* ---- checking arguments; the generic call ---- */

/* Explains why args do not fit the recorded signature. */
static wt_status arg_mismatch(wt_sig sig, const wt_val *args, size_t nargs) {
  size_t np = sig & 15;
  if (!(sig & SIG_VALID)) return wt__fail(WT_UNSUPPORTED, "call: signature not recorded; use wt_func_call");
  if (nargs != np) return wt__fail(WT_INVALID, "call: expected %zu arguments, got %zu", np, nargs);
  for (size_t i = 0; i < np; i++) {
    unsigned k = (unsigned)(sig >> (8 + 4 * i)) & 15;
    if (args[i].kind != k)
      return wt__fail(WT_TYPE, "call: argument %zu is %s, expected %s", i,
                      wt_valkind_name(args[i].kind), wt_valkind_name((int)k));
  }
  return WT_OK;
}

/* A signature too large to record (over 14 kinds) is checked against the
 * queried type: Wasmtime's own check would give WT_ERROR, not the
 * WT_INVALID/WT_TYPE that wt_func_call promises. */
static wt_status check_args_slow(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs, size_t nresults) {
  wta_extern_t e = {WTA_EXTERN_FUNC, {.func = *WT_FUNC_RAW(f)}};
  wta_externtype_t *t = W->wasmtime_extern_type(CX(cx), &e);
  if (!t) return wt__fail(WT_INVALID, "call: not a function of this store");
  const wta_functype_t *ft = W->wasm_externtype_as_functype_const(t);
  const wta_valtype_vec_t *p = W->wasm_functype_params(ft);
  size_t np = p->size, nr = W->wasm_functype_results(ft)->size, bad = np;
  for (size_t i = 0; i < np && i < nargs && bad == np; i++)
    if (args[i].kind != wt__kind_from_valtype(p->data[i])) bad = i;
  int want = bad < np ? wt__kind_from_valtype(p->data[bad]) : 0;
  W->wasm_externtype_delete(t);
  if (nargs != np) return wt__fail(WT_INVALID, "call: expected %zu arguments, got %zu", np, nargs);
  if (bad < np)
    return wt__fail(WT_TYPE, "call: argument %zu is %s, expected %s", bad,
                    wt_valkind_name(args[bad].kind), wt_valkind_name(want));
  if (nr != nresults) return wt__fail(WT_INVALID, "call: function has %zu results, %zu expected", nr, nresults);
  return WT_OK;
}

static wt_status check_args(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs, size_t nresults) {
  wt_sig sig = WT_FUNC_SIG(f);
  if (!(sig & SIG_VALID)) return check_args_slow(cx, f, args, nargs, nresults);
  wt_status rc = arg_mismatch(sig, args, nargs);
  if (rc == WT_OK && ((sig >> 4) & 15) != nresults)
    rc = wt__fail(WT_INVALID, "call: function has %u results, %zu expected",
                  (unsigned)((sig >> 4) & 15), nresults);
  return rc;
}

/* wt_func_call on a line whose values have another layout (Wasmtime 36):
 * the arguments and the results through copies in the library's. */
static __attribute__((noinline)) wt_status call_converted(wt_context *cx, const wt_func *func, const wt_val *args,
                                                          size_t nargs, wt_val *results, size_t nresults) {
  wt__vals a, r;
  wt_status rc = wt__vals_to_lib(&a, args, nargs);
  if (rc) return rc;
  if ((rc = wt__vals_to_lib(&r, NULL, nresults))) {
    wt__vals_free(&a);
    return rc;
  }
  wta_trap_t *trap = NULL;
  wt__enter(cx);
  wta_error_t *err = W->wasmtime_func_call(CX(cx), WT_FUNC_RAW(func), a.p, nargs, r.p, nresults, &trap);
  wt__leave(cx);
  rc = UNLIKELY(err || trap) ? wt__outcome(err, trap, NULL) : WT_OK;
  if (!rc) wt__vals_from_lib(r.p, nresults, results);
  wt__vals_free(&a);
  wt__vals_free(&r);
  return rc;
}

wt_status wt_func_call(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, wt_val *results,
                 size_t nresults) {
  ARGS(cx, func);
  BUF(args, nargs);
  BUF(results, nresults);
  SAME(cx, func, "call");
  SAME_VALS(cx, args, nargs, "call argument");
  wt_status rc = check_args(cx, func, args, nargs, nresults);
  if (UNLIKELY(rc)) return rc;
  if (UNLIKELY(!VALS_NATIVE)) return call_converted(cx, func, args, nargs, results, nresults);
  wta_trap_t *trap = NULL;
  wt__enter(cx);
  wta_error_t *err = W->wasmtime_func_call(CX(cx), WT_FUNC_RAW(func), (const wta_val_t *)args, nargs,
                                           (wta_val_t *)results, nresults, &trap);
  wt__leave(cx);
  if (UNLIKELY(err || trap)) return wt__outcome(err, trap, NULL);
  return WT_OK;
}

/* ---- typed calls ---- */

static wt_status typed_mismatch(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, int rkind) {
  char name[32]; /* the public function: wt_func_call_0, _i32, ... */
  snprintf(name, sizeof name, "wt_func_call_%s", rkind < 0 ? "0" : wt_valkind_name(rkind));
  if (ARGS_OF(name, cx, func)) return WT_INVALID;
  if (!args && nargs) return wt__fail(WT_INVALID, "%s: argument 'args' is NULL but 'nargs' is %zu", name, nargs);
  wt_sig sig = WT_FUNC_SIG(func);
  if (!(sig & SIG_VALID) || (sig & SIG_REFS))
    return wt__fail(WT_UNSUPPORTED, "typed call: function uses reference types or >13 values; use wt_func_call");
  wt_status rc = arg_mismatch(sig, args, nargs);
  if (rc) return rc;
  size_t nr = (sig >> 4) & 15;
  if (rkind < 0) return wt__fail(WT_TYPE, "typed call: function returns %zu values, expected none", nr);
  return wt__fail(WT_TYPE, "typed call: function does not return exactly one %s", wt_valkind_name(rkind));
}

/* Copies an argument at its own width: reading 16 bytes that the caller
 * wrote as 4 defeats store-to-load forwarding (a stall of ~5 ns each).
 * The rest of the slot is zero, as Wasmtime's own conversion leaves it: a
 * raw host function called directly sees the slot itself. */
static inline void arg_to_raw(wta_val_raw_t *r, const wt_val *a) {
  memset(r, 0, sizeof *r);
  if (a->kind == WT_I32 || a->kind == WT_F32) memcpy(r, &a->of, 4);
  else if (a->kind == WT_I64 || a->kind == WT_F64) memcpy(r, &a->of, 8);
  else memcpy(r, &a->of, 16);
}

/* Copies the args into raw (scratch until the signature is checked) and
 * returns the signature they call for: 0, which matches none, when one is
 * not a number or v128 (a kind past 15 would spill into the next place). */
static inline __attribute__((always_inline)) wt_sig args_to_raw(const wt_val *args, size_t nargs, int rkind, wta_val_raw_t *raw) {
  wt_sig want = SIG_VALID | (wt_sig)nargs | (rkind >= 0 ? (wt_sig)1 << 4 : 0);
  unsigned any = 0;
  for (size_t i = 0; i < nargs; i++) {
    any |= args[i].kind > WT_V128;
    want |= (wt_sig)args[i].kind << (8 + 4 * i);
    arg_to_raw(&raw[i], &args[i]);
  }
  if (any) return 0;
  return rkind >= 0 ? want | (wt_sig)rkind << (8 + 4 * nargs) : want;
}

/* The fast path's form of args_to_raw, for nargs <= FAST_ARGS numbers:
 * unrolled, so that past the dispatch on nargs each count is straight-line
 * code but for wt__arg_kind's branch on the width. Returns 0 (which
 * matches no signature) for a kind that is not a number. */
#define FAST_ARGS 4
static inline __attribute__((always_inline)) wt_sig args_to_raw_fast(const wt_val *args, size_t nargs, int rkind,
                                                                     wta_val_raw_t *raw) {
  wt_sig want = SIG_VALID | (wt_sig)nargs | (rkind >= 0 ? (wt_sig)1 << 4 | (wt_sig)rkind << (8 + 4 * nargs) : 0);
  unsigned any = 0; /* kinds 0..3 are the numbers: any > 3 is not one */
  wt_raw *r = (wt_raw *)(void *)raw;
  switch (nargs) { /* nargs <= FAST_ARGS was tested */
  case 4: want |= wt__arg_kind(&args[3], 3, &r[3], &any); /* fall through */
  case 3: want |= wt__arg_kind(&args[2], 2, &r[2], &any); /* fall through */
  case 2: want |= wt__arg_kind(&args[1], 1, &r[1], &any); /* fall through */
  case 1: want |= wt__arg_kind(&args[0], 0, &r[0], &any); /* fall through */
  case 0: break;
  default: __builtin_unreachable();
  }
  return want & (0 - (wt_sig)(any <= WT_F64)); /* no branch */
}

static inline __attribute__((always_inline)) wt_status typed_now(wt_context *cx, const wt_func *f, size_t nargs, wta_val_raw_t *raw) {
  wta_trap_t *trap = NULL;
  wta_error_t *err = W->wasmtime_func_call_unchecked(CX(cx), WT_FUNC_RAW(f), raw, nargs > 1 ? nargs : 1, &trap);
  if (UNLIKELY(err || trap)) return wt__outcome(err, trap, NULL);
  return WT_OK;
}

/* Everything but the common case: refusals (with the reason), a store id
 * not learnt yet, a deadline to arm. The result goes to raw[0]. */
static wt_status typed_run(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs, int rkind,
                     wta_val_raw_t *raw) {
  if (nargs > SIG_MAX_KINDS - 1 || (nargs && !args) || !f || !cx) return typed_mismatch(cx, f, args, nargs, rkind);
  SAME(cx, f, "call"); /* typed calls take numbers only: no argument refs */
  if (WT_FUNC_SIG(f) != args_to_raw(args, nargs, rkind, raw)) return typed_mismatch(cx, f, args, nargs, rkind);
  wt__enter(cx);
  wt_status rc = typed_now(cx, f, nargs, raw);
  wt__leave(cx);
  return rc;
}

/* typed_run, then the result (zero on failure) to out, of size outsize:
 * written only once the arguments are read, for out may be one of them. */
static __attribute__((noinline)) wt_status typed_slow(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs,
                                                int rkind, void *out, size_t outsize) {
  wta_val_raw_t raw[SIG_MAX_KINDS];
  wt_status rc = typed_run(cx, f, args, nargs, rkind, raw);
  if (outsize && rc) memset(out, 0, outsize);
  else if (outsize) memcpy(out, &raw[0], outsize);
  return rc;
}

/* typed_slow for a call with a NULL (out too) or too many arguments. */
static __attribute__((noinline, cold)) wt_status typed_null(wt_context *cx, const wt_func *f, const wt_val *args,
                                                            size_t nargs, int rkind, void *out, size_t outsize) {
  if (!out) {
    char name[32]; /* the public function: wt_func_call_i32, ... */
    snprintf(name, sizeof name, "wt_func_call_%s", wt_valkind_name(rkind));
    return wt__null_arg(name, "out", 0);
  }
  return typed_slow(cx, f, args, nargs, rkind, out, outsize);
}

/* The failure of a call made by wt.h's inline fast path. */
wt_status wt__call_outcome(wt__error *err, wt__trap *trap) {
  return wt__outcome((wta_error_t *)(void *)err, (wta_trap_t *)(void *)trap, NULL);
}

/* What the inline path could not do itself: the arguments back into
 * wt_vals of their kinds, then the exported function, so that the outcome
 * and the message are the same. */
wt_status wt__call_slow(wt_context *cx, const wt_func *f, wt_raw *raw, size_t nargs, uint64_t sig, int rkind) {
  wt_val a[4];
  if (!raw) return wt__null_arg(__func__, "raw", 0);
  if (nargs > 4) return wt__fail(WT_INVALID, "%s: %zu arguments, at most 4", __func__, nargs);
  for (size_t i = 0; i < nargs; i++) {
    memset(&a[i], 0, sizeof a[i]);
    a[i].kind = (uint8_t)(sig >> (8 + 4 * i) & 15);
    memcpy(&a[i].of, &raw[i], a[i].kind & 1 ? 8 : 4);
  }
  switch (rkind) {
  case -1: return (wt_func_call_0)(cx, f, a, nargs);
  case WT_I32: return (wt_func_call_i32)(cx, f, a, nargs, &raw[0].i32);
  case WT_I64: return (wt_func_call_i64)(cx, f, a, nargs, &raw[0].i64);
  case WT_F32: return (wt_func_call_f32)(cx, f, a, nargs, &raw[0].f32);
  case WT_F64: return (wt_func_call_f64)(cx, f, a, nargs, &raw[0].f64);
  default: return wt__fail(WT_INVALID, "typed call: result kind %d", rkind);
  }
}

static __attribute__((noinline)) wt_status typed_fail(wta_error_t *err, wta_trap_t *trap, void *out, size_t outsize) {
  if (outsize) memset(out, 0, outsize);
  return wt__outcome(err, trap, NULL);
}

/* The fast path, all inline, for up to FAST_ARGS numbers: the steps of
 * wt.h's inline path (wt__typed) - the tests for NULLs and the count, one
 * compare for the store (CALL_READY), one against the signature built from
 * the kinds, then Wasmtime's unchecked call on a small stack array whose
 * slot 0 holds the result (from the symbol table, not the store's call
 * head: tests count the head's calls to tell the inline path from this
 * one). Everything else (a NULL, more arguments, v128, refusals, a
 * deadline to arm) is a tail call to typed_null or typed_slow, so the
 * common case calls nothing but Wasmtime. The result is read at its width,
 * for the forwarding reason above. */
#define TYPED_BODY(KIND, OUT, SIZE, OUT_OK)                                                      \
  wta_val_raw_t raw[FAST_ARGS];                                                                  \
  if (UNLIKELY(!(OUT_OK) || nargs > FAST_ARGS || (nargs && !args) || !f || !cx))            \
    return typed_null(cx, f, args, nargs, KIND, OUT, SIZE);                                      \
  if (UNLIKELY(!CALL_READY(cx, f) || WT_FUNC_SIG(f) != args_to_raw_fast(args, nargs, KIND, raw))) \
    return typed_slow(cx, f, args, nargs, KIND, OUT, SIZE);                                      \
  wta_trap_t *trap = NULL;                                                                       \
  wta_error_t *err = W->wasmtime_func_call_unchecked(CX(cx), WT_FUNC_RAW(f), raw, nargs > 1 ? nargs : 1, &trap); \
  if (UNLIKELY(err || trap)) return typed_fail(err, trap, OUT, SIZE);                            \
  if (SIZE) memcpy(OUT, &raw[0], SIZE);                                                          \
  return WT_OK;

HOT wt_status (wt_func_call_0)(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs) {
  char none[1];
  TYPED_BODY(-1, none, 0, 1)
}
/* The four one-result helpers differ only in the result's type. */
#define TYPED_CALL(suffix, type, KIND)                                                         \
  HOT wt_status (wt_func_call_##suffix)(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs, \
                            type *out) {                                                      \
    TYPED_BODY(KIND, out, sizeof *out, out != NULL)                                           \
  }
TYPED_CALL(i32, int32_t, WT_I32)
TYPED_CALL(i64, int64_t, WT_I64)
TYPED_CALL(f32, float, WT_F32)
TYPED_CALL(f64, double, WT_F64)
#undef TYPED_CALL
#undef TYPED_BODY

/* Any number of results: the arguments and then the results in raw slots,
 * each result back into a wt_val of its recorded kind. */
/* Why a call of f with these arguments and nresults cannot be typed, or
 * WT_OK. */
static wt_status check_n(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, const wt_val *results,
                         size_t nresults) {
  wt_status rc = ARGS_OF("wt_func_call_n", cx, func);
  if (!rc) rc = BUF_OF("wt_func_call_n", args, nargs);
  if (!rc) rc = BUF_OF("wt_func_call_n", results, nresults);
  if (!rc && wt__same_store(cx, func, "call")) rc = WT_INVALID;
  if (rc) return rc;
  wt_sig sig = WT_FUNC_SIG(func);
  if (!(sig & SIG_VALID) || (sig & SIG_REFS))
    return wt__fail(WT_UNSUPPORTED, "typed call: function uses reference types or >13 values; use wt_func_call");
  rc = arg_mismatch(sig, args, nargs);
  if (!rc && ((sig >> 4) & 15) != nresults)
    rc = wt__fail(WT_INVALID, "call: function has %u results, %zu expected", (unsigned)((sig >> 4) & 15), nresults);
  return rc;
}

/* Any number of results: the arguments, then the results, in raw slots;
 * each result back into a wt_val of its recorded kind. */
wt_status wt_func_call_n(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, wt_val *results,
                         size_t nresults) {
  wta_val_raw_t raw[SIG_MAX_KINDS];
  wt_status rc = check_n(cx, func, args, nargs, results, nresults);
  wt_sig sig = rc ? 0 : WT_FUNC_SIG(func);
  if (!rc) {
    size_t slots = nargs > nresults ? nargs : nresults;
    for (size_t i = 0; i < nargs; i++) arg_to_raw(&raw[i], &args[i]);
    wta_trap_t *trap = NULL;
    wt__enter(cx);
    wta_error_t *err = W->wasmtime_func_call_unchecked(CX(cx), WT_FUNC_RAW(func), raw, slots ? slots : 1, &trap);
    wt__leave(cx);
    if (UNLIKELY(err || trap)) rc = wt__outcome(err, trap, NULL);
  }
  if (results) memset(results, 0, nresults * sizeof *results);
  for (size_t i = 0; !rc && i < nresults; i++) {
    uint8_t k = (uint8_t)(sig >> (8 + 4 * (nargs + i)) & 15);
    results[i].kind = k;
    memcpy(&results[i].of, &raw[i], k == WT_V128 ? 16 : k & 1 ? 8 : 4);
  }
  return rc;
}

/* ---- the raw fast path ---- */

/* Why a raw call is refused, or WT_OK (e.g. the store's id just learnt).
 * Numbers only, and room for every parameter and result: then nothing the
 * caller puts in vals can do harm (a wrong kind is only a wrong number). */
static wt_status raw_check(wt_context *cx, const wt_func *func, const wt_raw *vals, size_t nvals) {
  wt_status rc = ARGS_OF("wt_func_call_raw", cx, func);
  if (!rc) rc = BUF_OF("wt_func_call_raw", vals, nvals);
  if (rc) return rc;
  const wt_func *f = func;
  SAME(cx, f, "call_raw");
  wt_sig sig = WT_FUNC_SIG(f);
  size_t np = sig & 15, nr = (sig >> 4) & 15;
  if ((sig & (SIG_VALID | SIG_REFS)) != SIG_VALID)
    return wt__fail(WT_UNSUPPORTED, "call_raw: reference types or more than 13 kinds; use wt_func_call");
  if (nvals < np || nvals < nr)
    return wt__fail(WT_INVALID, "call_raw: %zu slots, the function needs %zu", nvals, np > nr ? np : nr);
  return WT_OK;
}

/* The call itself, for a call already checked. */
static inline __attribute__((always_inline)) wt_status raw_call(wt_context *cx, const wt_func *f, wt_raw *vals, size_t nvals) {
  wta_trap_t *trap = NULL;
  wta_error_t *err = W->wasmtime_func_call_unchecked(CX(cx), WT_FUNC_RAW(f), (wta_val_raw_t *)(void *)vals, nvals, &trap);
  if (UNLIKELY(err || trap)) return wt__outcome(err, trap, NULL);
  return WT_OK;
}

/* Everything but the common case: refusals, a store id not learnt yet, no
 * slots at all, a deadline to arm. */
static __attribute__((noinline)) wt_status raw_call_slow(wt_context *cx, const wt_func *f, wt_raw *vals, size_t nvals) {
  wt_raw none;
  wt_status rc = raw_check(cx, f, vals, nvals);
  if (rc) return rc;
  if (!vals) { vals = &none; nvals = 1; } /* Wasmtime wants a real array */
  wt__enter(cx);
  rc = raw_call(cx, f, vals, nvals);
  wt__leave(cx);
  return rc;
}

/* The common case calls nothing but Wasmtime, so it saves no register. */
HOT wt_status (wt_func_call_raw)(wt_context *cx, const wt_func *f, wt_raw *vals, size_t nvals) {
  if (UNLIKELY(!cx || !f || !vals || (WT_FUNC_SIG(f) & (SIG_VALID | SIG_REFS)) != SIG_VALID ||
               nvals < (WT_FUNC_SIG(f) & 15) || nvals < ((WT_FUNC_SIG(f) >> 4) & 15) || !CALL_READY(cx, f)))
    return raw_call_slow(cx, f, vals, nvals);
  return raw_call(cx, f, vals, nvals);
}
