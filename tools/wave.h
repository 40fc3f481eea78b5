/* wave.h - WAVE, the WebAssembly Value Encoding (wasm-tools' wasm-wave
 * crate, which `wasmtime run --invoke` uses), for component values: the
 * call `greet("wt")` of `wt run --invoke` is parsed with it into wt_cval
 * arguments, guided by the function's types, and results are printed as
 * wasmtime prints them ("Hello, wt!" quoted, {a: 1}, [1, 2], some(x)...).
 *
 * The syntax: true/false; integers -?(0|[1-9][0-9]*) checked against the
 * type's range; floats as JSON numbers or nan, inf, -inf; 'c' chars and
 * "..." strings with the escapes \' \" \\ \t \n \r \u{HEX}, and """
 * multi-line strings; (tuples), [lists], {records: with, fields: 1} in
 * any order (a field of an option type may be left out: none; {:} is the
 * empty record), {flags, set} ({} for none), case or case(payload) of a
 * variant, enum cases, some(x)/none, ok(x)/err(x) (an option's some and a
 * result's ok may also be written as the payload itself, unless that is an
 * option or result); a label that is a keyword (true false some none ok
 * err inf nan) is written with a '%' in front; // comments. Values nest at
 * most WAVE_MAX_DEPTH deep (deeper is an error, never a crash).
 *
 * Only tools/ uses it; it depends on include/wt.h's types alone (no call
 * into libwt), so tests/wave_test.c tests it with hand-built type trees. */
#ifndef WT_WAVE_H
#define WT_WAVE_H
#include <stdbool.h>
#include <stddef.h>

#include "wt.h"

#define WAVE_MAX_DEPTH 100

/* Memory for parsed values (strings, arrays, payloads): freed all at once
 * by wave_arena_free. Zero-initialize it ({0}) before the first use. */
typedef struct wave_chunk wave_chunk;
typedef struct wave_arena { wave_chunk *head; size_t used, cap; } wave_arena;
void wave_arena_free(wave_arena *a);

/* Why parsing failed: `at` is the byte offset in the text, msg says what
 * was expected there and what was found. */
typedef struct wave_error { size_t at; char msg[320]; } wave_error;

/* A call `NAME(ARGS...)`. NAME is what wasmtime accepts: a function name
 * (kebab-case, "greet"), or an exported instance's function
 * "wt:demo/api.hello@0.1.0" (namespace:package/interface, '.', function,
 * optionally '@' version), or "api.hello" for an instance named "api";
 * wt also takes an export path joined by '#' ("wasi:cli/run@0.2.0#run"). */
typedef struct wave_call {
  const char *text;              /* the whole call, NUL-terminated */
  const char *name; size_t name_len;       /* NAME (in text) */
  const char *iface; size_t iface_len;     /* "wt:demo/api", "api"; NULL: none */
  const char *func; size_t func_len;       /* "hello" */
  const char *version; size_t version_len; /* "0.1.0"; NULL: none */
  bool path;                     /* NAME holds '#': an export path as it is */
  size_t args_at;                /* the offset of '(' */
} wave_call;

/* Parses the NAME of a call and finds its '('. 0, or -1 with *e set. */
int wave_parse_call(const char *text, wave_call *call, wave_error *e);

/* Parses the arguments of a call against sig: *args gets sig->nparams
 * values (in arena memory; trailing arguments of option types may be left
 * out: none). 0, or -1 with *e set (a value of another type, too many or
 * too few arguments, text after the ')'). */
int wave_parse_args(wave_arena *a, const wave_call *call, const wt_cfunc_sig *sig, wt_cval **args, wave_error *e);

/* Parses text[0..len) as one value of type t (blanks around it allowed)
 * into *out (its memory in the arena). 0, or -1 with *e set. */
int wave_parse_value(wave_arena *a, const wt_ctype *t, const char *text, size_t len, wt_cval *out, wave_error *e);

/* A growable text; oom is set (and the text cut) when memory runs out. */
typedef struct wave_buf { char *p; size_t len, cap; bool oom; } wave_buf;
void wave_buf_free(wave_buf *b);

/* Appends value v of type t as wasmtime prints it (NaN as nan, strings
 * and chars escaped as Rust's escape_debug, a record's none fields left
 * out). 0, or -1 when v does not match t or nests too deeply (what was
 * written so far stays, followed by "<?>"). */
int wave_format(wave_buf *b, const wt_ctype *t, const wt_cval *v);

/* A float as Rust's Display writes it (what wasmtime prints): the
 * shortest digits that read back to the same value, never an exponent;
 * "NaN", "inf", "-inf", "-0". is32: the value is an f32. Returns the
 * length; out (size >= WAVE_FLOAT_MAX) is NUL-terminated. */
#define WAVE_FLOAT_MAX 400
size_t wave_float_text(double v, bool is32, char *out);

#endif
