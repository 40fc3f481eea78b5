/* fuzz.h - what the libFuzzer targets of fuzz/ share (`make fuzz`).
 *
 * Each target is one file with LLVMFuzzerTestOneInput, built with
 * clang -fsanitize=fuzzer,address,undefined against build/fuzz/libwt.a
 * (src/ compiled with the same sanitizers). A crash, a sanitizer report, a
 * timeout (-timeout=) or an abort() of a target's own check is a finding;
 * libFuzzer writes the input to build/fuzz/artifacts/ and the target
 * binary reruns it: build/fuzz/NAME build/fuzz/artifacts/NAME-crash-... */
#ifndef WT_FUZZ_H
#define WT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wt.h"

/* The options `make unit-asan` runs with, so that a reproducer needs no
 * environment: Wasmtime's trap handlers chain to ASan's
 * (allow_user_segv_handler), and leaks are reports. $ASAN_OPTIONS and
 * $UBSAN_OPTIONS still override. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allow_user_segv_handler=1:detect_leaks=1:abort_on_error=0"; }
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) { return "print_stacktrace=1:halt_on_error=1"; }

/* A failed check of a target's own: says why on stderr, then abort() (which
 * libFuzzer reports as a crash and saves the input). */
#define FUZZ_ASSERT(cond, ...)                                                  \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "fuzz check failed: %s (%s:%d): ", #cond, __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                                             \
      fprintf(stderr, "\n");                                                    \
      abort();                                                                  \
    }                                                                           \
  } while (0)

/* A setup step that must not fail (loading Wasmtime, making an engine): a
 * failure there is no finding about the input, but the target cannot go
 * on. */
#define FUZZ_SETUP(call)                                                        \
  do {                                                                          \
    int rc_ = (call);                                                           \
    if (rc_) {                                                                  \
      fprintf(stderr, "fuzz setup failed: %s: %s: %s\n", #call, wt_strerror(rc_), wt_errmsg()); \
      exit(1);                                                                  \
    }                                                                           \
  } while (0)

/* Features of what wt reported, for libFuzzer: libwasmtime.so is not
 * instrumented, so the code coverage of wt alone barely tells modules
 * apart; a status, an export's signature or a trap code noted here is
 * coverage too (libFuzzer reads this section as extra counters, cleared
 * before each input), so inputs that reach new outcomes are kept. */
#define FUZZ_NFEATURES 4096
__attribute__((section("__libfuzzer_extra_counters"), used)) static uint8_t fuzz_features[FUZZ_NFEATURES];
static inline void fuzz_feature(uint32_t what, uint64_t value) {
  uint64_t h = (value + 1) * 0x9e3779b97f4a7c15ull ^ (uint64_t)what * 0xc2b2ae3d27d4eb4full;
  uint8_t *c = &fuzz_features[(h >> 32) % FUZZ_NFEATURES];
  if (*c < 255) (*c)++;
}

/* A zero value of kind k (null for references), for calling any export. */
static inline wt_val fuzz_zero(int k) {
  switch (k) {
  case WT_I32: return wt_val_i32(0);
  case WT_I64: return wt_val_i64(0);
  case WT_F32: return wt_val_f32(0);
  case WT_F64: return wt_val_f64(0);
  case WT_V128: return wt_val_v128(NULL);
  default: return wt_val_null((wt_valkind)k);
  }
}

#endif
