/* wast_reader.c - fuzz target: arbitrary bytes as a .wast script.
 *
 * 1. The reader alone: sx_parse (tools/sexpr.c, which only parses) on the
 *    input exactly as given (no NUL after it, so an over-read is an ASan
 *    report); on success every node is checked against sexpr.h's
 *    contract (spans inside the source and inside their parent, atoms point
 *    into the source, lines in order), then freed.
 * 2. The script, as `wt wast` runs a file: tools/wast.c is compiled into this
 *    file (it has no entry that takes a buffer, nor a timeout under a
 *    second), so its loop over the parsed commands runs here with one
 *    engine for the process, a 20 ms timeout on every call into wasm and a
 *    store limit on memories, so that no script can hang or exhaust the
 *    machine. This reaches the module-text building (quote, binary,
 *    escapes), the constants and patterns of tools/wast_value.c, the
 *    components of tools/wast_component.c (each instance's store with the
 *    same limits) with the values of tools/wast_cvalue.c, and every
 *    command's checks.
 * A crash, sanitizer report or hang (-timeout=) is a finding; the script's
 * own failures and skips are not. */
#include "../tools/wast.c"

#include "fuzz.h"

#define CALL_TIMEOUT_MS 20
#define MAX_MEMORY (32 << 20)

static wt_engine *fuzz_engine;

/* sexpr.h's contract for one node within [lo, hi) of a source of len. */
static void check_node(const char *src, size_t len, const sx *n, size_t lo, size_t hi, int min_line) {
  FUZZ_ASSERT(n->start <= n->end && n->start >= lo && n->end <= hi && hi <= len, "span %zu..%zu outside %zu..%zu",
              n->start, n->end, lo, hi);
  FUZZ_ASSERT(n->line >= min_line, "line %d before %d", n->line, min_line);
  if (n->kind == SX_ATOM) {
    FUZZ_ASSERT(n->text == src + n->start && n->len == n->end - n->start && n->len > 0, "atom text");
    FUZZ_ASSERT(!n->kids && !n->n, "atom with elements");
  } else if (n->kind == SX_STRING) {
    FUZZ_ASSERT(n->text && n->text[n->len] == 0 && n->len + 2 <= n->end - n->start, "string text");
    FUZZ_ASSERT(src[n->start] == '"' && src[n->end - 1] == '"', "string quotes");
  } else {
    FUZZ_ASSERT(n->kind == SX_LIST, "node kind %d", (int)n->kind);
    size_t from = n->start;
    for (size_t i = 0; i < n->n; i++) {
      check_node(src, len, &n->kids[i], from, n->end, n->line);
      from = n->kids[i].end; /* elements in order, not overlapping */
    }
  }
}

static void check_tree(const char *src, size_t len, const sx *top) {
  FUZZ_ASSERT(top->kind == SX_LIST && top->start == 0 && top->end == len, "top span %zu..%zu of %zu", top->start,
              top->end, len);
  size_t from = 0;
  for (size_t i = 0; i < top->n; i++) {
    check_node(src, len, &top->kids[i], from, len, 1);
    from = top->kids[i].end;
  }
}

/* run_file of tools/wast.c, on a source in memory, with fuzz_engine. */
static void run_script(const char *src, sx *top) {
  wast w;
  wt_limits lim = {MAX_MEMORY, 100000, 20, 20, 20};
  memset(&w, 0, sizeof w);
  w.engine = fuzz_engine;
  w.timeout_ms = CALL_TIMEOUT_MS;
  w.path = "fuzz.wast";
  w.limits = &lim; /* the main store's and every component instance's */
  if (file_begin(&w) == 0) {
    for (size_t i = 0; i < top->n; i++) {
      char head[64];
      if (is_field(sx_head(&top->kids[i], head, sizeof head))) cmd_inline_module(&w, src, top, &i);
      else dispatch(&w, src, &top->kids[i]);
    }
  } else {
    fprintf(stderr, "fuzz setup failed: store: %s\n", wt_errmsg());
    exit(1);
  }
  file_end(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256];
  sx top;
  if (!fuzz_engine) {
    wt_engine_options o;
    wt_engine_options_init(&o);
    o.epoch_interruption = true;
    FUZZ_SETUP(wt_engine_new(&o, &fuzz_engine));
  }
  int rc = sx_parse((const char *)data, size, &top, err, sizeof err);
  if (rc) {
    FUZZ_ASSERT(rc == -1 && !strncmp(err, "line ", 5) && memchr(err, 0, sizeof err), "sx_parse: %d", rc);
    sx_free(&top);
    return 0;
  }
  check_tree((const char *)data, size, &top);
  sx_free(&top);
  /* The runner gets what run_file gives it: a NUL-terminated copy. */
  char *src = malloc(size + 1);
  FUZZ_ASSERT(src != NULL, "out of memory");
  memcpy(src, data, size);
  src[size] = 0;
  FUZZ_ASSERT(sx_parse(src, size, &top, err, sizeof err) == 0, "parsed once, not twice: %s", err);
  run_script(src, &top);
  sx_free(&top);
  free(src);
  return 0;
}
