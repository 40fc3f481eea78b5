/* wave.c - fuzz target: the WAVE syntax of `wt run --invoke` for
 * components (tools/wave.c, tools/wave_print.c).
 *
 * The input is WAVE text, read as one value of a type that holds every
 * kind (a list of a variant whose cases are each kind, records, options
 * of results, flags, nested lists...) and as a call `f(...)` of a
 * function taking such values. Whatever reads is printed, and the printed
 * text must read back to the same print (wasm-wave's writer and reader
 * agree). A crash, sanitizer report, hang, or a print that does not read
 * back is a finding. */
#include <string.h>

#include "../tools/wave.h"
#include "fuzz.h"

#define NAMES(...) ((const char *const[]){__VA_ARGS__})
#define TYPES(...) ((const wt_ctype *const[]){__VA_ARGS__})

static const wt_ctype B = {WT_CBOOL, 0, 0, 0, 0, 0, 0}, S8 = {WT_CS8, 0, 0, 0, 0, 0, 0}, U8 = {WT_CU8, 0, 0, 0, 0, 0, 0},
                      S16 = {WT_CS16, 0, 0, 0, 0, 0, 0}, U16 = {WT_CU16, 0, 0, 0, 0, 0, 0}, S32 = {WT_CS32, 0, 0, 0, 0, 0, 0},
                      U32 = {WT_CU32, 0, 0, 0, 0, 0, 0}, S64 = {WT_CS64, 0, 0, 0, 0, 0, 0}, U64 = {WT_CU64, 0, 0, 0, 0, 0, 0},
                      F32 = {WT_CF32, 0, 0, 0, 0, 0, 0}, F64 = {WT_CF64, 0, 0, 0, 0, 0, 0}, CH = {WT_CCHAR, 0, 0, 0, 0, 0, 0},
                      STR = {WT_CSTRING, 0, 0, 0, 0, 0, 0};
static const wt_ctype LU8 = {WT_CLIST, 0, 0, 0, &U8, 0, 0};
static const wt_ctype FIXED = {WT_CLIST, 2, 0, 0, &STR, 0, 0};
static const wt_ctype OPT = {WT_COPTION, 0, 0, 0, &STR, 0, 0};
static const wt_ctype OOPT = {WT_COPTION, 0, 0, 0, &OPT, 0, 0};
static const wt_ctype RES = {WT_CRESULT, 0, 0, 0, &U32, &STR, 0};
static const wt_ctype UNIT = {WT_CRESULT, 0, 0, 0, 0, 0, 0};
static const wt_ctype REC = {WT_CRECORD, 3, NAMES("x", "some", "opt"), TYPES(&S32, &CH, &OOPT), 0, 0, 0};
static const wt_ctype TUP = {WT_CTUPLE, 3, 0, TYPES(&B, &F32, &FIXED), 0, 0, 0};
static const wt_ctype EN = {WT_CENUM, 3, NAMES("red", "ok", "blue-2"), 0, 0, 0, 0};
static const wt_ctype FL = {WT_CFLAGS, 3, NAMES("read", "none", "x-y"), 0, 0, 0, 0};
static const wt_ctype ORES = {WT_COPTION, 0, 0, 0, &RES, 0, 0};
static const wt_ctype VAR = {WT_CVARIANT, 22,
    NAMES("b", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "c", "s", "l", "r", "t", "e", "f",
          "o", "res", "unit", "none"),
    TYPES(&B, &S8, &U8, &S16, &U16, &S32, &U32, &S64, &U64, &F32, &F64, &CH, &STR, &LU8, &REC, &TUP, &EN, &FL, &ORES,
          &RES, &UNIT, NULL), 0, 0, 0};
static const wt_ctype LVAR = {WT_CLIST, 0, 0, 0, &VAR, 0, 0};
static const wt_ctype LLVAR = {WT_CLIST, 0, 0, 0, &LVAR, 0, 0};
static const wt_cfunc_sig SIG = {3, NAMES("a", "b", "c"), TYPES(&LLVAR, &VAR, &OPT), NULL};

/* Prints v, reads the print back, prints that: both prints the same. */
static void round_trip(const wt_ctype *t, const wt_cval *v) {
  wave_buf b1 = {0}, b2 = {0};
  wave_arena a = {0};
  wave_error e;
  wt_cval back;
  FUZZ_ASSERT(wave_format(&b1, t, v) == 0 && !b1.oom, "a parsed value does not print");
  FUZZ_ASSERT(wave_parse_value(&a, t, b1.p, b1.len, &back, &e) == 0, "the print `%s` does not read back: %s at %zu", b1.p,
              e.msg, e.at);
  FUZZ_ASSERT(wave_format(&b2, t, &back) == 0 && !strcmp(b1.p, b2.p), "`%s` reads back as `%s`", b1.p, b2.p);
  wave_buf_free(&b1);
  wave_buf_free(&b2);
  wave_arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1); /* its own copy: an over-read is an ASan report */
  FUZZ_ASSERT(text != NULL, "out of memory");
  memcpy(text, data, size);
  text[size] = 0;
  wave_arena a = {0};
  wave_error e;
  wt_cval v, *args;
  if (wave_parse_value(&a, &LLVAR, text, size, &v, &e) == 0) round_trip(&LLVAR, &v);
  else FUZZ_ASSERT(e.at <= size && e.msg[0], "an error without a reason or beyond the text");
  wave_call c;
  if (!memchr(text, 0, size) && wave_parse_call(text, &c, &e) == 0 && wave_parse_args(&a, &c, &SIG, &args, &e) == 0)
    for (size_t i = 0; i < SIG.nparams; i++) round_trip(SIG.params[i], &args[i]);
  wave_arena_free(&a);
  free(text);
  return 0;
}
