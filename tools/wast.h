/* wast.h - what the files of `wt wast` share: script constants and values.
 * Built on include/wt.h only. */
#ifndef WT_WAST_H
#define WT_WAST_H

#include "sexpr.h"
#include "wt.h"

/* An externref made by the runner for `(ref.extern N)` carries N + 1 as its
 * data pointer (so that N = 0 is not NULL); `(ref.host N)` sets this bit too
 * so the two families never compare equal. */
#define WV_HOST_BIT ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1))

/* Outcomes of wv_match and wv_parse_const: a form wt.h cannot express is
 * a skip; a malformed one is the script's (or the reader's) fault. */
enum { WV_MALFORMED = -2, WV_UNSUPPORTED = -1, WV_MISMATCH = 0, WV_MATCH = 1 };

/* Builds the argument `e` (i32.const ..., v128.const ..., ref.null ...,
 * ref.extern N) into *out. `hint` is the parameter's wt_valkind (or -1):
 * it gives null references their kind. Returns WV_MATCH on success, or
 * WV_UNSUPPORTED / WV_MALFORMED with *why set (a static reason). A made externref holds a
 * root: the caller releases it with wt_val_release. */
int wv_parse_const(wt_context *cx, const sx *e, int hint, wt_val *out, const char **why);

/* Compares result `v` with the expected pattern `e` (constants, NaN
 * patterns, per-lane v128 patterns, reference patterns, (either ...)).
 * Returns WV_MATCH, WV_MISMATCH, or WV_UNSUPPORTED / WV_MALFORMED with
 * *why set. */
int wv_match(wt_context *cx, const sx *e, const wt_val *v, const char **why);

/* Writes `v` as text ("(i32.const 7)", "(f32.const 0x1p+0 [0x3f800000])"). */
void wv_format(wt_context *cx, const wt_val *v, char *buf, size_t size);

#endif
