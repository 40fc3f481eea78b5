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

/* Number literals, shared with the component values (wast_cvalue.c). */
enum { WV_NUM_OK = 0, WV_NUM_BAD = -1, WV_NAN_CANONICAL = 1, WV_NAN_ARITHMETIC = 2 };
/* An integer literal (decimal or 0x hex, '_' separators, signed or not) of
 * `bits` width into its two's-complement pattern: WV_NUM_OK or
 * WV_NUM_BAD (malformed, out of range). */
int wv_parse_int(const sx *a, int bits, uint64_t *out);
/* A float literal (decimal, hex, inf, nan, nan:0x..) of f32 (is64 0) or
 * f64 into its bit pattern: WV_NUM_OK, WV_NUM_BAD, or WV_NAN_CANONICAL /
 * WV_NAN_ARITHMETIC for those patterns (no bits then). */
int wv_parse_float(const sx *a, int is64, uint64_t *bits);
/* True when the float bits `got` match `want` as wv_parse_float returned
 * them (rc): the same bits, or a NaN of the pattern. */
int wv_match_float_bits(uint64_t got, int rc, uint64_t want, int is64);

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

/* ---- component values (wast_cvalue.c) ---- */

/* Where an argument's arrays live until the call is done. */
typedef struct wcv_arena { struct wcv_block *head; } wcv_arena;
/* n zeroed bytes in a (NULL when out of memory). */
void *wcv_alloc(wcv_arena *a, size_t n);
/* Frees everything of a; a is empty again. */
void wcv_arena_free(wcv_arena *a);
/* True when e is a component value form ((u32.const 1), (str.const "x"),
 * (option.none)...). */
int wcv_is_value(const sx *e);
/* Builds the argument e for a parameter of type t into *out (its arrays in
 * a, its strings borrowed from e). Scalars are built as written (the call
 * checks them against t); lists, records, variants... need t for their
 * names and item types. WV_MATCH, or WV_MALFORMED / WV_UNSUPPORTED with
 * the reason in why. */
int wcv_parse(wcv_arena *a, const sx *e, const wt_ctype *t, wt_cval *out, char *why, size_t size);
/* Compares the result v of type t with the expected value e (f32/f64 may
 * be nan:canonical / nan:arithmetic patterns): WV_MATCH, WV_MISMATCH, or
 * WV_MALFORMED / WV_UNSUPPORTED with the reason in why. */
int wcv_match(const sx *e, const wt_ctype *t, const wt_cval *v, char *why, size_t size);
/* Writes v (of type t, which gives the names; may be NULL) in script
 * syntax into buf, as snprintf. */
size_t wcv_format(const wt_ctype *t, const wt_cval *v, char *buf, size_t size);

/* ---- the runner's text helpers (wast.c) ---- */

/* The strings kids[from..] of a `binary` / `quote` form joined; quoted
 * text is wrapped as "(WRAP ...)" (wrap: "module", "component") unless it
 * is one already. NULL when out of memory or a piece is no string. The
 * caller frees it; *len is its length. */
char *wast_join_strings(const sx *m, size_t from, int quote, const char *wrap, size_t *len);
/* "(WRAP " + src[start..end) + ")", non-ASCII bytes in strings as \hh
 * escapes (the same bytes, but Wasmtime's parser refuses some raw
 * characters). The caller frees it; NULL when out of memory. */
char *wast_wrap_text(const char *wrap, const char *src, size_t start, size_t end, size_t *len);

/* ---- components (wast_component.c) ---- */

/* How an action went: it ran (its status in the call), it cannot be
 * expressed through wt.h (a skip), or the script is wrong (a failure). */
enum { WC_RAN = 0, WC_SKIP = 1, WC_ERROR = 2 };

/* The components of one script file: definitions, instances (each in a
 * store of its own, all kept until the file ends), the current one. */
typedef struct wc_file wc_file;
/* NULL when out of memory. timeout_ms (0: none) and limits (NULL: none)
 * are set on every store made. */
wc_file *wc_file_new(wt_engine *engine, uint64_t timeout_ms, const wt_limits *limits);
void wc_file_free(wc_file *f);
/* True for a `(component ...)` form. */
int wc_is_component(const sx *node);
/* Runs `(component $C? ...)` (compiled, instantiated, made current),
 * `(component definition $C? ...)` (kept) or `(component instance $I?
 * $C?)`: WT_OK, or a status with msg saying why. WT_OK with *skip set
 * (a static reason) when the component is refused for a reason of
 * wc_not_here, or is an instance of one that was: it stands in as made,
 * and every call of it is skipped for that reason. */
int wc_command(wc_file *f, const char *src, const sx *cmd, const char **skip, char *msg, size_t size);
/* The reason, for a message of Wasmtime's refusal, when the refusal is
 * not wt's to fix (a proposal Wasmtime's C API cannot turn on; a rule of
 * the pinned Wasmtime newer than the suite); NULL for any other. Static. */
const char *wc_not_here(const char *msg);
/* Compiles the component of node and drops it: its status (msg: the
 * error), -1 for a form that is no component. */
int wc_compile(wc_file *f, const char *src, const sx *node, char *msg, size_t size);
/* Compiles and instantiates it, keeping nothing: -1 when it does not
 * compile (msg says why), else the instantiation's status and message. */
int wc_instantiate_only(wc_file *f, const char *src, const sx *node, char *msg, size_t size);
/* The reason, for a failed call or instantiation (status rc, message
 * msg), when wt cannot make it (a function type wt does not call; one
 * that needs Wasmtime's event loop, which only an async call runs); NULL
 * for any other. *ends (may be NULL) is set when the attempt ended the
 * instance. Static. */
const char *wc_call_not_here(int rc, const char *msg, int *ends);
/* True when $id names a component instance of f (f may be NULL). */
int wc_has_instance(wc_file *f, const sx *id);
/* $id names something else now (a core module instance). */
void wc_forget(wc_file *f, const sx *id);

/* One call of an export. fn and rtype (its result type, NULL: none) stay
 * valid until wc_call_free; the result when has_result. */
typedef struct wc_call {
  wt_cfunc *fn;
  const wt_ctype *rtype;
  wt_cval result;
  int has_result;
  int rc;          /* the call's wt status (WC_RAN) */
  char msg[1024];  /* its message; or why it was skipped / refused */
} wc_call;
/* Runs `(invoke $I? "name" args...)` on the named or current component
 * instance: WC_RAN (c->rc the call's status), WC_SKIP or WC_ERROR (c->msg
 * says why). Free c with wc_call_free in every case. */
int wc_invoke(wc_file *f, const sx *action, wc_call *c);
void wc_call_free(wc_call *c);

#endif
