/* test_ctype.c - component value types: kind names, WIT text of trees
 * (built by hand here, so the format is checked on its own; trees built
 * from real components are checked in test_citem.c), lookups by
 * name, and the bounds of the text buffer. */
#include <stdlib.h>

#include "harness.h"

static const char *fmt(const wt_ctype *t) {
  static char buf[512];
  size_t n = wt_ctype_format(t, buf, sizeof buf);
  return n < sizeof buf ? buf : "(too long)";
}

TEST(ctype_kind_names_are_wit_names) {
  static const char *const want[] = {"bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32",
                                     "f64", "char", "string", "list", "record", "tuple", "variant", "enum",
                                     "option", "result", "flags", "own", "borrow", "future", "stream",
                                     "error-context", "map"};
  for (int k = WT_CBOOL; k <= WT_CMAP; k++) CHECK(!strcmp(wt_ckind_name(k), want[k]));
  CHECK(!strcmp(wt_ckind_name(-1), "?"));
  CHECK(!strcmp(wt_ckind_name(WT_CMAP + 1), "?"));
}

TEST(ctype_format_spells_every_kind_as_wit) {
  wt_ctype u32 = {.kind = WT_CU32}, str = {.kind = WT_CSTRING}, u8 = {.kind = WT_CU8};
  const wt_ctype *pair[] = {&str, &u32};
  const char *fields[] = {"a", "b"};
  wt_ctype tup = {.kind = WT_CTUPLE, .count = 2, .types = pair};
  wt_ctype list = {.kind = WT_CLIST, .elem = &tup};
  CHECK(!strcmp(fmt(&list), "list<tuple<string, u32>>"));
  wt_ctype fixed = {.kind = WT_CLIST, .elem = &u8, .count = 4};
  CHECK(!strcmp(fmt(&fixed), "list<u8, 4>"));
  wt_ctype res = {.kind = WT_CRESULT, .elem = &u32, .err = &str};
  CHECK(!strcmp(fmt(&res), "result<u32, string>"));
  wt_ctype res_err = {.kind = WT_CRESULT, .err = &str}, res_ok = {.kind = WT_CRESULT, .elem = &u32};
  wt_ctype res_none = {.kind = WT_CRESULT};
  CHECK(!strcmp(fmt(&res_err), "result<_, string>"));
  CHECK(!strcmp(fmt(&res_ok), "result<u32>"));
  CHECK(!strcmp(fmt(&res_none), "result"));
  const wt_ctype *ftypes[] = {&u32, &str};
  wt_ctype rec = {.kind = WT_CRECORD, .count = 2, .names = fields, .types = ftypes};
  CHECK(!strcmp(fmt(&rec), "record { a: u32, b: string }"));
  const wt_ctype *cases[] = {&u32, NULL};
  wt_ctype var = {.kind = WT_CVARIANT, .count = 2, .names = fields, .types = cases};
  CHECK(!strcmp(fmt(&var), "variant { a(u32), b }"));
  wt_ctype en = {.kind = WT_CENUM, .count = 2, .names = fields};
  CHECK(!strcmp(fmt(&en), "enum { a, b }"));
  wt_ctype fl = {.kind = WT_CFLAGS, .count = 2, .names = fields};
  CHECK(!strcmp(fmt(&fl), "flags { a, b }"));
  wt_ctype opt = {.kind = WT_COPTION, .elem = &str};
  CHECK(!strcmp(fmt(&opt), "option<string>"));
  const char *file[] = {"file"}, *unnamed[] = {NULL};
  wt_ctype own = {.kind = WT_COWN, .names = file, .resource = file};
  wt_ctype borrow = {.kind = WT_CBORROW, .names = unnamed, .resource = file};
  CHECK(!strcmp(fmt(&own), "own<file>"));
  CHECK(!strcmp(fmt(&borrow), "borrow<resource>"));
  wt_ctype fut = {.kind = WT_CFUTURE, .elem = &u32}, fut0 = {.kind = WT_CFUTURE}, st = {.kind = WT_CSTREAM, .elem = &u8};
  CHECK(!strcmp(fmt(&fut), "future<u32>"));
  CHECK(!strcmp(fmt(&fut0), "future"));
  CHECK(!strcmp(fmt(&st), "stream<u8>"));
  wt_ctype ec = {.kind = WT_CERROR_CONTEXT}, map = {.kind = WT_CMAP, .elem = &str, .err = &u32};
  CHECK(!strcmp(fmt(&ec), "error-context"));
  CHECK(!strcmp(fmt(&map), "map<string, u32>"));
}

TEST(ctype_format_counts_like_snprintf_and_truncates_safely) {
  wt_ctype str = {.kind = WT_CSTRING};
  wt_ctype opt = {.kind = WT_COPTION, .elem = &str};
  char buf[8];
  memset(buf, 'x', sizeof buf);
  size_t want = strlen("option<string>");
  CHECK(wt_ctype_format(&opt, buf, sizeof buf) == want);
  CHECK(!strcmp(buf, "option<")); /* 7 characters and the NUL */
  CHECK(wt_ctype_format(&opt, NULL, 0) == want);
  buf[0] = 'x';
  CHECK(wt_ctype_format(&opt, buf, 0) == want && buf[0] == 'x'); /* size 0: nothing written */
  CHECK(wt_ctype_format(NULL, buf, sizeof buf) == 0 && buf[0] == 0);
  CHECK(wt_cfunc_sig_format(NULL, buf, sizeof buf) == 0 && buf[0] == 0);
}

/* A tree deeper than wt builds (a hand-made one) is cut, not recursed into
 * without bound. */
TEST(ctype_format_bounds_the_depth_of_a_hand_made_tree) {
  static wt_ctype chain[300];
  for (int i = 0; i < 300; i++) chain[i] = (wt_ctype){.kind = WT_COPTION, .elem = i + 1 < 300 ? &chain[i + 1] : NULL};
  size_t n = wt_ctype_format(&chain[0], NULL, 0);
  CHECK(n > 100 * strlen("option<") && n < 300 * strlen("option<>"));
  char *buf = malloc(n + 1);
  CHECK(buf && wt_ctype_format(&chain[0], buf, n + 1) == n && strstr(buf, "..."));
  free(buf);
}

TEST(cfunc_sig_format_names_parameters_and_the_result) {
  wt_ctype str = {.kind = WT_CSTRING}, u32 = {.kind = WT_CU32};
  const char *names[] = {"name", "n"};
  const wt_ctype *types[] = {&str, &u32};
  wt_cfunc_sig sig = {.nparams = 2, .param_names = names, .params = types, .result = &str};
  char buf[128];
  CHECK(wt_cfunc_sig_format(&sig, buf, sizeof buf) == strlen("func(name: string, n: u32) -> string"));
  CHECK(!strcmp(buf, "func(name: string, n: u32) -> string"));
  wt_cfunc_sig none = {0};
  wt_cfunc_sig_format(&none, buf, sizeof buf);
  CHECK(!strcmp(buf, "func()"));
}

TEST(ctype_index_finds_fields_cases_and_flags_by_name) {
  const char *names[] = {"red", "green", "blue"};
  wt_ctype en = {.kind = WT_CENUM, .count = 3, .names = names};
  wt_ctype fl = {.kind = WT_CFLAGS, .count = 3, .names = names};
  wt_ctype u32 = {.kind = WT_CU32};
  uint32_t i = 7;
  CHECK_OK(wt_ctype_index(&en, "blue", &i));
  CHECK(i == 2);
  CHECK_OK(wt_ctype_index(&fl, "red", &i));
  CHECK(i == 0);
  CHECK_RC(wt_ctype_index(&en, "pink", &i), WT_NOT_FOUND);
  CHECK(i == UINT32_MAX);
  CHECK_STR(wt_errmsg(), "pink");
  i = 7;
  CHECK_RC(wt_ctype_index(&u32, "red", &i), WT_INVALID);
  CHECK(i == UINT32_MAX);
}
