/* wast.h - what the files of `wt wast` share: script constants and values.
 * Built on include/wt.h only. */
#ifndef WT_WAST_H
#define WT_WAST_H

#include "sexpr.h"
#include "wt.h"

/* An externref made by the runner for `(ref.extern N)` carries N + 1 as its
 * data pointer (so that N = 0 is not NULL). `(ref.host N)` for an anyref
 * (a parameter or result of an anyref type) is that externref of N
 * internalized, as any.convert_extern makes it: so `(ref.extern N)` passed
 * through any.convert_extern is `(ref.host N)`, as in the reference
 * interpreter. For an externref, `(ref.host N)` sets this bit too, so that
 * the two families never compare equal there. */
#define WV_HOST_BIT ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1))

/* The store the value code works in: its context and, when the engine has
 * GC, the runner's helper functions (externref) -> anyref
 * (any.convert_extern) and (anyref) -> externref (extern.convert_any). */
typedef struct wv_env {
  wt_context *cx;
  int has_conv;
  wt_func internalize, externalize;
} wv_env;

/* Outcomes of wv_match and wv_parse_const: a form wt.h cannot express is
 * a skip; a malformed one is the script's (or the reader's) fault. */
enum { WV_MALFORMED = -2, WV_UNSUPPORTED = -1, WV_MISMATCH = 0, WV_MATCH = 1 };

/* Builds the argument `e` (i32.const ..., v128.const ..., ref.null ...,
 * ref.extern N, ref.host N) into *out. `hint` is the parameter's
 * wt_valkind (or -1): it gives null references their kind, and makes
 * ref.host an anyref for WT_ANYREF. Returns WV_MATCH on success, or
 * WV_UNSUPPORTED / WV_MALFORMED with *why set (a static reason). A made
 * reference holds a root: the caller releases it with wt_val_release. */
int wv_parse_const(const wv_env *env, const sx *e, int hint, wt_val *out, const char **why);

/* Compares result `v` with the expected pattern `e` (constants, NaN
 * patterns, per-lane v128 patterns, reference patterns: ref.null, ref.func,
 * ref.extern, ref.host, ref.exn, ref.any, ref.eq, ref.i31, ref.struct,
 * ref.array; (either ...)). Returns WV_MATCH, WV_MISMATCH, or
 * WV_UNSUPPORTED / WV_MALFORMED with *why set. */
int wv_match(const wv_env *env, const sx *e, const wt_val *v, const char **why);

/* Writes `v` as text ("(i32.const 7)", "(f32.const 0x1p+0 [0x3f800000])",
 * "(ref.i31)", "(ref.host 3)"). */
void wv_format(const wv_env *env, const wt_val *v, char *buf, size_t size);

#endif
