/* wave_test.c - tests of tools/wave.c and tools/wave_print.c (the WAVE
 * syntax of `wt run --invoke` for components) on hand-built type trees:
 * every kind parsed and printed back as wasmtime prints it (the expected
 * texts are what `wasmtime run --invoke` 49 printed for the same calls),
 * ranges, escapes, errors with their positions, the nesting limit. Needs
 * nothing but the two files (no Wasmtime). Last line: "N passed, M failed". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wave.h"

static int pass, failed;

#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    if (cond) pass++;                                                      \
    else {                                                                 \
      failed++;                                                            \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);      \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
    }                                                                      \
  } while (0)

/* ---- types ---- */

static wt_ctype P[WT_CMAP + 1]; /* the primitive types, by kind */
static const wt_ctype *prim(int kind) { P[kind].kind = (uint8_t)kind; return &P[kind]; }
#define BOOL prim(WT_CBOOL)
#define U8 prim(WT_CU8)
#define S8 prim(WT_CS8)
#define U16 prim(WT_CU16)
#define S16 prim(WT_CS16)
#define U32 prim(WT_CU32)
#define S32 prim(WT_CS32)
#define U64 prim(WT_CU64)
#define S64 prim(WT_CS64)
#define F32 prim(WT_CF32)
#define F64 prim(WT_CF64)
#define CHAR prim(WT_CCHAR)
#define STRING prim(WT_CSTRING)
#define NAMES(...) ((const char *const[]){__VA_ARGS__})
#define TYPES(...) ((const wt_ctype *const[]){__VA_ARGS__})
#define NARGS(...) (sizeof((const void *[]){__VA_ARGS__}) / sizeof(void *))

static wt_ctype *make(int kind, uint32_t count, const char *const *names, const wt_ctype *const *types,
                      const wt_ctype *elem, const wt_ctype *err) {
  static wt_ctype pool[1000]; /* the tests' types live as long as they */
  static size_t used;
  if (used == sizeof pool / sizeof pool[0]) { fprintf(stderr, "wave_test: the type pool is full\n"); exit(2); }
  wt_ctype *t = &pool[used++];
  t->kind = (uint8_t)kind;
  t->count = count;
  t->names = names;
  t->types = types;
  t->elem = elem;
  t->err = err;
  return t;
}
static const wt_ctype *list(const wt_ctype *e) { return make(WT_CLIST, 0, NULL, NULL, e, NULL); }
static const wt_ctype *option(const wt_ctype *e) { return make(WT_COPTION, 0, NULL, NULL, e, NULL); }
static const wt_ctype *result(const wt_ctype *ok, const wt_ctype *err) { return make(WT_CRESULT, 0, NULL, NULL, ok, err); }
#define RECORD(names, types) make(WT_CRECORD, NARGS names, NAMES names, TYPES types, NULL, NULL)
#define TUPLE(...) make(WT_CTUPLE, NARGS(__VA_ARGS__), NULL, TYPES(__VA_ARGS__), NULL, NULL)
#define VARIANT(names, types) make(WT_CVARIANT, NARGS names, NAMES names, TYPES types, NULL, NULL)
#define ENUM(...) make(WT_CENUM, NARGS(__VA_ARGS__), NAMES(__VA_ARGS__), NULL, NULL, NULL)
#define FLAGS(...) make(WT_CFLAGS, NARGS(__VA_ARGS__), NAMES(__VA_ARGS__), NULL, NULL, NULL)

/* ---- helpers ---- */

/* Parses text as t and prints it back: the printed text, or "ERR@at: msg". */
static char *roundtrip(const wt_ctype *t, const char *text) {
  wave_arena a = {0};
  wave_error e;
  wave_buf b = {0};
  wt_cval v;
  static char out[8192];
  if (wave_parse_value(&a, t, text, strlen(text), &v, &e)) snprintf(out, sizeof out, "ERR@%zu: %s", e.at, e.msg);
  else if (wave_format(&b, t, &v)) snprintf(out, sizeof out, "PRINT FAILED: %s", b.p ? b.p : "");
  else snprintf(out, sizeof out, "%s", b.p);
  wave_buf_free(&b);
  wave_arena_free(&a);
  return out;
}

#define SAME(t, text, want)                                                          \
  do {                                                                               \
    const char *got_ = roundtrip(t, text);                                           \
    CHECK(!strcmp(got_, want), "%s -> %s, want %s", text, got_, want);              \
  } while (0)
/* An error at byte `at` whose message holds `why`. */
#define REFUSED(t, text, at, why)                                                    \
  do {                                                                               \
    char want_[64];                                                                  \
    const char *got_ = roundtrip(t, text);                                           \
    snprintf(want_, sizeof want_, "ERR@%d: ", (int)(at));                            \
    CHECK(!strncmp(got_, want_, strlen(want_)) && strstr(got_, why), "%s -> %s, want %s...%s", text, got_, want_, why); \
  } while (0)

/* ---- the tests ---- */

static void numbers(void) {
  SAME(BOOL, "true", "true");
  SAME(BOOL, " false ", "false");
  REFUSED(BOOL, "%true", 0, "expected a bool");
  REFUSED(BOOL, "1", 0, "expected a bool");
  SAME(U8, "255", "255");
  SAME(S8, "-128", "-128");
  SAME(S8, "-0", "0");
  SAME(U16, "65535", "65535");
  SAME(S16, "-32768", "-32768");
  SAME(U32, "4294967295", "4294967295");
  SAME(S32, "-2147483648", "-2147483648");
  SAME(U64, "18446744073709551615", "18446744073709551615");
  SAME(S64, "-9223372036854775808", "-9223372036854775808");
  SAME(S64, "9223372036854775807", "9223372036854775807");
  REFUSED(U8, "256", 0, "out of range for u8 (0 to 255)");
  REFUSED(U8, "-1", 0, "out of range for u8");
  REFUSED(U8, "-0", 0, "out of range for u8"); /* Rust reads no sign for unsigned types */
  REFUSED(S8, "128", 0, "out of range for s8 (-128 to 127)");
  REFUSED(S8, "-129", 0, "out of range");
  REFUSED(U16, "65536", 0, "out of range");
  REFUSED(S16, "32768", 0, "out of range");
  REFUSED(U32, "4294967296", 0, "out of range");
  REFUSED(S32, "-2147483649", 0, "out of range");
  REFUSED(U64, "18446744073709551616", 0, "out of range");
  REFUSED(S64, "9223372036854775808", 0, "out of range");
  REFUSED(S64, "-9223372036854775809", 0, "out of range");
  REFUSED(U64, "99999999999999999999999", 0, "out of range");
  REFUSED(U32, "1.0", 0, "no fraction or exponent");
  REFUSED(U32, "1e3", 0, "no fraction or exponent");
  REFUSED(U32, "01", 1, "expected the end after the value"); /* 0, then 1 */
  REFUSED(U32, "+1", 0, "no WAVE token");
  REFUSED(U32, "0x10", 1, "expected the end"); /* as wasm-wave: 0, then a label */
  REFUSED(U32, "nan", 0, "expected an integer (u32)");
  REFUSED(U32, "", 0, "expected an integer (u32), found the end of the text");
  SAME(F64, "1.5", "1.5");
  SAME(F64, "0.1", "0.1");
  SAME(F64, "1e21", "1000000000000000000000");
  SAME(F64, "1e-7", "0.0000001");
  SAME(F64, "-0.0", "-0");
  SAME(F64, "-0", "-0");
  char tiny[400] = "0.";
  for (int i = 0; i < 323; i++) strcat(tiny, "0"); /* 5e-324: 323 zeros after the point, as wasmtime printed */
  strcat(tiny, "5");
  SAME(F64, "5e-324", tiny);
  SAME(F64, "123456789012345680000", "123456789012345680000");
  char big[700] = "1";
  for (int i = 0; i < 600; i++) strcat(big, "0"); /* longer than any buffer of a number */
  SAME(F64, big, "inf");
  SAME(F64, "1e400", "inf");
  SAME(F64, "nan", "nan");
  SAME(F64, "inf", "inf");
  SAME(F64, "-inf", "-inf");
  SAME(F32, "0.1", "0.1");
  SAME(F32, "16777217", "16777216");
  SAME(F32, "3.4028235e38", "340282350000000000000000000000000000000");
  SAME(F32, "1e-45", "0.000000000000000000000000000000000000000000001");
  SAME(F32, "1e39", "inf");
  REFUSED(F64, "NaN", 0, "expected an f64");
  REFUSED(F64, "infinity", 0, "expected an f64");
  REFUSED(F64, "1.", 1, "expected the end after the value, found `.`");
  REFUSED(F64, ".5", 0, "no WAVE token");
  REFUSED(F64, "-nan", 0, "no WAVE token");
  REFUSED(F32, "1e", 1, "expected the end after the value");
  REFUSED(F64, "\"1\"", 0, "expected an f64");
}

static void text(void) {
  SAME(CHAR, "'x'", "'x'");
  SAME(CHAR, "'\\''", "'\\''");
  SAME(CHAR, "'\"'", "'\\\"'");
  SAME(CHAR, "'\\\\'", "'\\\\'");
  SAME(CHAR, "'\\t'", "'\\t'");
  SAME(CHAR, "'\\u{0}'", "'\\u{0}'");
  SAME(CHAR, "'\\u{1F600}'", "'\xF0\x9F\x98\x80'");
  SAME(CHAR, "'\xE2\x98\x83'", "'\xE2\x98\x83'");
  SAME(CHAR, "'\\u{7f}'", "'\\u{7f}'");
  REFUSED(CHAR, "'ab'", 0, "exactly one character");
  REFUSED(CHAR, "''", 0, "exactly one character");
  REFUSED(CHAR, "'''", 0, "exactly one character, found none");
  REFUSED(CHAR, "'\\q'", 0, "bad escape");
  REFUSED(CHAR, "'\\u{d800}'", 1, "no Unicode scalar value");
  REFUSED(CHAR, "'\\u{110000}'", 1, "no Unicode scalar value");
  REFUSED(CHAR, "'\\u{1234567}'", 0, "bad escape");
  REFUSED(CHAR, "\"x\"", 0, "expected a char");
  /* as wasmtime printed echo-string("h\u{e9}llo \"q\" \\ \t \n \r \u{7f} \u{0} \u{1b} \u{200b} \u{e9} \u{fffd} \u{10ffff} '") */
  SAME(STRING, "\"h\xC3\xA9llo \\\"q\\\" \\\\ \\t \\n \\r \\u{7f} \\u{0} \\u{1b} \\u{200b} \\u{e9} \\u{fffd} \\u{10ffff} '\"",
       "\"h\xC3\xA9llo \\\"q\\\" \\\\ \\t \\n \\r \\u{7f} \\u{0} \\u{1b} \\u{200b} \xC3\xA9 \xEF\xBF\xBD \\u{10ffff} \\'\"");
  SAME(STRING, "\"\"", "\"\"");
  SAME(STRING, "\"a\\u{301}\"", "\"a\\u{301}\""); /* a combining mark: escaped, as Rust's escape_debug */
  SAME(STRING, "\"\\u{a0}\"", "\"\\u{a0}\"");
  REFUSED(STRING, "\"abc", 0, "does not close");
  REFUSED(STRING, "\"a\nb\"", 0, "does not close");
  REFUSED(STRING, "\"\\x41\"", 0, "bad escape");
  REFUSED(STRING, "\"\xff\"", 1, "not valid UTF-8");
  REFUSED(STRING, "\"\xed\xa0\x80\"", 1, "not valid UTF-8"); /* a surrogate in UTF-8 */
  REFUSED(STRING, "x", 0, "expected a string");
  REFUSED(STRING, "\"a\" \"b\"", 4, "expected the end after the value");
  SAME(STRING, "\"\"\"\nA single line\n\"\"\"", "\"A single line\"");
  SAME(STRING, "\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\"",
       "\"  Indentation determined\\n    by ending delimiter\"");
  SAME(STRING, "\"\"\"\r\n  a\\tb\r\n  \"\"\"", "\"a\\tb\"");
  REFUSED(STRING, "\"\"\"x\n\"\"\"", 0, "line break right after");
  REFUSED(STRING, "\"\"\"\n  a\n  x\"\"\"", 11, "alone on its line");
  REFUSED(STRING, "\"\"\"\n a\n  \"\"\"", 4, "indented at least");
  REFUSED(STRING, "\"\"\"\nabc", 0, "does not close");
  SAME(STRING, "// a comment\n \"x\" // another", "\"x\"");
}

static void containers(void) {
  const wt_ctype *point = RECORD(("x", "y", "label"), (S32, S32, STRING));
  SAME(list(point), "[{x: 1, y: -2, label: \"a\"}, {label: \"b\", y: 0, x: 3}]",
       "[{x: 1, y: -2, label: \"a\"}, {x: 3, y: 0, label: \"b\"}]");
  SAME(list(point), "[ { %x : 1 , y : 2 , label : \"\" , } , ]", "[{x: 1, y: 2, label: \"\"}]");
  SAME(list(U32), "[]", "[]");
  REFUSED(point, "{x: 1, y: 2}", 0, "field `label` (string) is missing");
  REFUSED(point, "{x: 1, x: 2, label: \"\"}", 7, "field `x` given twice");
  REFUSED(point, "{x: 1, z: 2}", 7, "no field `z` (fields: x, y, label)");
  REFUSED(point, "{x 1}", 3, "expected ':' after the field name");
  REFUSED(point, "{}", 0, "{} is an empty set of flags");
  REFUSED(point, "{x: 1; y: 2}", 5, "expected ',' or '}', found `;`");
  REFUSED(point, "{x: 1 y: 2}", 6, "expected ',' or '}'");
  REFUSED(point, "[1]", 0, "expected a record");
  const wt_ctype *opts = RECORD(("a", "b"), (option(U8), option(STRING)));
  SAME(list(opts), "[{:}, {a: 1}, {b: \"x\"}, {a: some(2), b: none}, {a: none, b: some(\"y\")}]",
       "[{:}, {a: some(1)}, {b: some(\"x\")}, {a: some(2)}, {b: some(\"y\")}]");
  REFUSED(point, "{:}", 0, "field `x` (s32) is missing");
  const wt_ctype *tup = TUPLE(S8, BOOL, U64, CHAR);
  SAME(list(tup), "[(-1, true, 18446744073709551615, 'x'), (127, false, 0, '\\n')]",
       "[(-1, true, 18446744073709551615, 'x'), (127, false, 0, '\\n')]");
  REFUSED(tup, "(1, true, 2)", 0, "a tuple of 4 items, found 3");
  REFUSED(tup, "(1, true, 2, 'c', 5)", 18, "the tuple has 4 items");
  REFUSED(tup, "()", 0, "a tuple of 4 items, found 0");
  REFUSED(tup, "(1 true)", 3, "expected ',' or ')'");
  REFUSED(list(U8), "[1, 2", 5, "expected ',' or ']', found the end");
  REFUSED(list(U8), "[1, 300]", 4, "out of range for u8");
  REFUSED(list(U8), "[,]", 1, "expected an integer");
  wt_ctype *fixed = (wt_ctype *)list(U8);
  fixed->count = 3;
  SAME(fixed, "[1, 2, 3]", "[1, 2, 3]");
  REFUSED(fixed, "[1, 2]", 0, "exactly 3 elements, found 2");
  SAME(list(list(STRING)), "[[\"a\"], [], [\"b\", \"c\"]]", "[[\"a\"], [], [\"b\", \"c\"]]");
}

static void cases(void) {
  const wt_ctype *color = ENUM("red", "green", "blue", "ok");
  SAME(list(color), "[red, green, blue, %ok]", "[red, green, blue, %ok]");
  REFUSED(color, "ok", 0, "named like a WAVE keyword: write it %ok");
  REFUSED(color, "purple", 0, "the enum has no case `purple` (cases: red, green, blue, ok)");
  REFUSED(color, "red(1)", 3, "an enum case has no payload");
  REFUSED(color, "1", 0, "expected a case of the enum");
  const wt_ctype *shape = VARIANT(("circle", "square", "none", "err"), (F64, U32, NULL, STRING));
  SAME(list(shape), "[circle(1.5), square(3), %none, %err(\"x\")]", "[circle(1.5), square(3), %none, %err(\"x\")]");
  REFUSED(shape, "none", 0, "write it %none");
  REFUSED(shape, "circle", 0, "case `circle` takes a payload: circle(...)");
  REFUSED(shape, "%none(1)", 5, "case `%none` has no payload");
  REFUSED(shape, "circle(1", 8, "expected ')' after the payload");
  REFUSED(shape, "circle(\"x\")", 7, "expected an f64");
  REFUSED(shape, "triangle", 0, "the variant has no case `triangle`");
  const wt_ctype *perms = FLAGS("read", "write", "exec");
  SAME(list(perms), "[{}, {read}, {exec, read}, {read, write, exec,}]", "[{}, {read}, {read, exec}, {read, write, exec}]");
  REFUSED(perms, "{read, read}", 7, "flag `read` given twice");
  REFUSED(perms, "{nope}", 1, "no flag `nope` (flags: read, write, exec)");
  REFUSED(perms, "{read: true}", 5, "expected ',' or '}'");
  REFUSED(perms, "read", 0, "expected flags");
  const wt_ctype *oo = option(option(U32));
  SAME(list(oo), "[none, some(none), some(some(1))]", "[none, some(none), some(some(1))]");
  REFUSED(oo, "1", 0, "expected some(...) or none");
  SAME(option(BOOL), "true", "some(true)");
  SAME(option(STRING), "\"flat\"", "some(\"flat\")");
  REFUSED(option(U8), "some", 4, "expected '(' after some");
  REFUSED(option(U8), "some()", 5, "expected an integer");
  const wt_ctype *res = result(U32, STRING);
  SAME(list(res), "[ok(1), err(\"bad\"), 5]", "[ok(1), err(\"bad\"), ok(5)]");
  REFUSED(res, "ok", 0, "case `ok` takes a payload");
  REFUSED(res, "\"x\"", 0, "expected an integer");
  SAME(list(result(NULL, NULL)), "[ok, err]", "[ok, err]");
  REFUSED(result(NULL, NULL), "ok(1)", 2, "case `ok` has no payload");
  REFUSED(result(NULL, NULL), "1", 0, "expected ok, ok(...), err or err(...)");
  SAME(result(NULL, STRING), "err(\"e\")", "err(\"e\")");
  SAME(result(option(U8), NULL), "ok(none)", "ok(none)");
  REFUSED(result(option(U8), NULL), "none", 0, "expected ok, ok(...), err or err(...)");
  const wt_ctype *kw = VARIANT(("true", "some", "inf", "nan"), (U8, U8, NULL, NULL));
  SAME(list(kw), "[%true(1), %some(2), %inf, %nan]", "[%true(1), %some(2), %inf, %nan]");
  SAME(option(kw), "%some(1)", "some(%some(1))");
  const wt_ctype *kwr = RECORD(("true", "none"), (U8, U8));
  SAME(kwr, "{true: 1, none: 2}", "{true: 1, none: 2}");
}

static void nesting(void) {
  char deep[1024];
  const wt_ctype *t = U8;
  for (int i = 0; i < 101; i++) t = list(t);
  memset(deep, 0, sizeof deep);
  for (int i = 0; i < 101; i++) deep[i] = '[', deep[101 + i] = ']';
  REFUSED(t, deep, 100, "values nest more than 100 deep");
  t = U8;
  for (int i = 0; i < 99; i++) t = list(t);
  memset(deep, 0, sizeof deep);
  for (int i = 0; i < 99; i++) deep[i] = '[', deep[99 + i] = ']';
  SAME(t, deep, deep);
  /* a text far deeper than its type: refused at the type's depth */
  char *huge = malloc(200001);
  memset(huge, '[', 200000);
  huge[200000] = 0;
  REFUSED(list(list(U8)), huge, 2, "expected an integer");
  free(huge);
  /* a value printed deeper than the limit: "<?>" and an error, no crash */
  wt_cval v[120];
  const wt_ctype *ty = U8;
  v[0] = wt_cval_u8(7);
  for (int i = 1; i < 120; i++) { v[i] = wt_cval_list(&v[i - 1], 1); ty = list(ty); }
  wave_buf b = {0};
  CHECK(wave_format(&b, ty, &v[119]) == -1 && strstr(b.p, "<?>"), "deep print: %s", b.p ? b.p : "(null)");
  wave_buf_free(&b);
  /* a char that is no scalar value (never from Wasmtime): escaped, not encoded */
  wt_cval bad = wt_cval_char(0xd800);
  CHECK(wave_format(&b, CHAR, &bad) == 0 && !strcmp(b.p, "'\\u{d800}'"), "surrogate printed: %s", b.p);
  wave_buf_free(&b);
  /* a value of another kind than its type */
  wt_cval s = wt_cval_u32(1);
  CHECK(wave_format(&b, STRING, &s) == -1, "mismatch printed: %s", b.p);
  wave_buf_free(&b);
}

static void many(void) {
  /* a long list: the arena and the growing array */
  size_t n = 100000;
  char *txt = malloc(n * 4 + 3), *o = txt;
  *o++ = '[';
  for (size_t i = 0; i < n; i++) o += sprintf(o, "%s%zu", i ? "," : "", i % 256);
  *o++ = ']';
  *o = 0;
  wave_arena a = {0};
  wave_error e;
  wt_cval v;
  CHECK(wave_parse_value(&a, list(U8), txt, strlen(txt), &v, &e) == 0 && v.of.list.count == n &&
            v.of.list.items[n - 1].of.u == (n - 1) % 256, "long list: %s", e.msg);
  wave_arena_free(&a);
  free(txt);
}

/* ---- calls ---- */

static char *call(const char *text, const wt_cfunc_sig *sig) {
  static char out[4096];
  wave_call c;
  wave_error e;
  wave_arena a = {0};
  wt_cval *args;
  if (wave_parse_call(text, &c, &e)) { snprintf(out, sizeof out, "ERR@%zu: %s", e.at, e.msg); return out; }
  int o = snprintf(out, sizeof out, "name=%.*s iface=%.*s func=%.*s version=%.*s%s", (int)c.name_len, c.name,
                   (int)c.iface_len, c.iface ? c.iface : "", (int)c.func_len, c.func, (int)c.version_len,
                   c.version ? c.version : "", c.path ? " path" : "");
  if (sig && wave_parse_args(&a, &c, sig, &args, &e)) snprintf(out + o, sizeof out - o, " ERR@%zu: %s", e.at, e.msg);
  else if (sig) {
    for (size_t i = 0; i < sig->nparams; i++) {
      wave_buf b = {0};
      wave_format(&b, sig->params[i], &args[i]);
      o += snprintf(out + o, sizeof out - o, " %s", b.p);
      wave_buf_free(&b);
    }
  }
  wave_arena_free(&a);
  return out;
}

#define CALL(text, sig, want)                                              \
  do {                                                                     \
    const char *got_ = call(text, sig);                                    \
    CHECK(strstr(got_, want) != NULL, "%s -> %s, want %s", text, got_, want); \
  } while (0)

static void calls(void) {
  wt_cfunc_sig greet = {1, NAMES("name"), TYPES(STRING), STRING};
  wt_cfunc_sig add = {2, NAMES("a", "b"), TYPES(F64, F64), F64};
  wt_cfunc_sig none = {0, NULL, NULL, NULL};
  wt_cfunc_sig opt = {3, NAMES("a", "b", "c"), TYPES(option(U8), option(U8), option(U8)), NULL};
  wt_cfunc_sig mixed = {2, NAMES("a", "b"), TYPES(U8, option(U8)), NULL};
  CALL("greet(\"wt\")", &greet, "name=greet iface= func=greet version= \"wt\"");
  CALL("greet (\"wt\") ", &greet, "func=greet version= \"wt\"");
  CALL("greet(\"wt\",)", &greet, "\"wt\"");
  CALL("add(1.5, 2)", &add, " 1.5 2");
  CALL("nothing()", &none, "func=nothing version=");
  CALL("say-hello-2()", &none, "name=say-hello-2 ");
  CALL("wt:demo/api.hello@0.1.0()", &none, "name=wt:demo/api.hello@0.1.0 iface=wt:demo/api func=hello version=0.1.0");
  CALL("wt:demo/api2.hello()", &none, "iface=wt:demo/api2 func=hello version=");
  CALL("api.hello()", &none, "iface=api func=hello");
  CALL("wasi:cli/run@0.2.0#run()", &none, "name=wasi:cli/run@0.2.0#run iface= func=wasi:cli/run@0.2.0#run version= path");
  CALL("wt:x/y.f@1.2.3-rc.1+b5()", &none, "version=1.2.3-rc.1+b5");
  CALL("f(some(1))", &opt, " some(1) none none");
  CALL("f()", &opt, " none none none");
  CALL("f(1, 2, 3)", &opt, " some(1) some(2) some(3)");
  CALL("f(1)", &mixed, " 1 none");
  CALL("f()", &mixed, "ERR@2: missing argument 1 (a: u8): the function takes 2");
  CALL("greet()", &greet, "ERR@6: missing argument 1 (name: string)");
  CALL("greet(\"a\", \"b\")", &greet, "ERR@11: too many arguments: the function takes 1");
  CALL("greet(wt)", &greet, "ERR@6: expected a string (\"...\"), found `wt`");
  CALL("greet(\"wt\"", &greet, "ERR@10: expected ',' or ')', found the end of the text");
  CALL("greet(\"wt\") x", &greet, "ERR@12: expected the end after the call's ')', found `x`");
  CALL("add(1, x)", &add, "ERR@7: expected an f64");
  CALL("greet", &greet, "ERR@5: expected '(' after the function name");
  CALL("greet x", &greet, "ERR@6: expected '(' after the function name");
  CALL("()", &none, "ERR@0: expected a function name");
  CALL("%hello()", &none, "ERR@0: expected a function name");
  CALL("1a()", &none, "ERR@0: expected a function name");
  CALL("a_b()", &none, "ERR@1: expected '('");
  CALL("hello-()", &none, "ERR@5: expected '('");
  CALL("hello@0.1.0()", &none, "ERR@5: a version belongs to an interface");
  CALL("wt:demo/api.hello@0.1()", &none, "ERR@18: expected a version");
  CALL("demo/api.hello()", &none, "ERR@4: expected '('");
  CALL("wt:demo.hello()", &none, "ERR@7: expected `namespace:package/interface.function`");
  CALL("wt:demo/.hello()", &none, "ERR@8: expected an interface name");
  CALL("api.()", &none, "ERR@4: expected a function name after '.'");
  CALL("", &none, "ERR@0: expected a function name");
}

int main(void) {
  numbers();
  text();
  containers();
  cases();
  nesting();
  many();
  calls();
  printf("%d passed, %d failed\n", pass, failed);
  return failed != 0;
}
