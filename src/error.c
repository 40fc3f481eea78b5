/* error.c - the error model: status codes, per-thread message, traps. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_FRAMES 64
/* Wasmtime keeps the innermost 20 frames of a trace (the default of
 * Config::wasm_backtrace_max_frames, which its C API cannot change) and
 * says nothing of the rest: a trace that long may have been cut. */
#define WASMTIME_TRACE_MAX 20
#define NAME_LEN 128

typedef struct frame_rec {
  char func[NAME_LEN], module[NAME_LEN];
  bool has_func, has_module;
  uint32_t index;
  size_t func_off, mod_off;
} frame_rec;

/* A failure as recorded: the calling thread's last one, or one carried out
 * of a host function to the call that entered wasm. */
typedef struct outcome {
  wt_status code;
  char msg[4096];
  int trap_code;
  int exit_code;
  size_t nframes;      /* recorded: the innermost MAX_FRAMES at most */
  size_t total_frames; /* Wasmtime's traces had this many */
  bool maybe_more;     /* and one of them may have been cut (WASMTIME_TRACE_MAX) */
  uint64_t serial;     /* wt__serial as this outcome of wasm set it (0: not one) */
  frame_rec frames[MAX_FRAMES];
} outcome;

static _Thread_local outcome last = {0, "", WT_TRAP_NONE, 0, 0, 0, false, 0, {{"", "", 0, 0, 0, 0, 0}}};
/* The outcome of a nested call that a host function passed on (its status
 * returned as its own), reported by the next failed call on this thread:
 * the one whose wasm called that host function. */
static _Thread_local outcome carried;
static _Thread_local bool carrying;
/* wt_caller_trap's message; its serial is wt__reason_serial. */
static _Thread_local char reason[1024];
__thread uint64_t wt__serial __attribute__((tls_model("initial-exec")));
__thread uint64_t wt__reason_serial __attribute__((tls_model("initial-exec")));
__thread uint32_t wt__in_host __attribute__((tls_model("initial-exec")));
__thread wt_status wt__epoch_stop __attribute__((tls_model("initial-exec")));

/* The statuses of wasm that ran and stopped. */
static bool is_execution(wt_status rc) {
  return rc == WT_TRAP || rc == WT_EXIT || rc == WT_TIMEOUT || rc == WT_OUT_OF_FUEL || rc == WT_STACK_OVERFLOW ||
         rc == WT_INTERRUPTED;
}

static void reset_trap(void) {
  last.trap_code = WT_TRAP_NONE;
  last.exit_code = 0;
  last.nframes = 0;
  last.total_frames = 0;
  last.maybe_more = false;
  last.serial = 0;
}

wt_status wt__fail(int code, const char *fmt, ...) {
  char msg[sizeof last.msg]; /* the arguments may point into last.msg */
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  memcpy(last.msg, msg, sizeof msg);
  last.code = code;
  reset_trap();
  return code;
}

/* names is the ARGS list as text ("cx, func, out"): report its i-th. */
wt_status wt__null_arg(const char *func, const char *names, size_t i) {
  for (; i > 0 && strchr(names, ','); i--) names = strchr(names, ',') + 1;
  names += strspn(names, " ");
  return wt__fail(WT_INVALID, "%s: argument '%.*s' is NULL", func, (int)strcspn(names, ", "), names);
}

wt_status wt__null_buf(const char *func, const char *name, const char *len_name, size_t len) {
  return wt__fail(WT_INVALID, "%s: argument '%s' is NULL but '%s' is %zu", func, name, len_name, len);
}

wt_status wt__oom(void) { return wt__fail(WT_NOMEM, "out of memory"); }

static void msg_from_vec(wta_byte_vec_t *v, char *buf, size_t size) {
  size_t n = v->size < size - 1 ? v->size : size - 1;
  if (n && v->data) memcpy(buf, v->data, n);
  while (n && buf[n - 1] == 0) n--;   /* Wasmtime's vectors may carry a NUL */
  buf[n] = 0;
  W->wasm_byte_vec_delete(v);
}

/* ---- Wasmtime's error text as one sentence ----
 * Wasmtime writes an error with its causes as a chain:
 *   "top\n\nCaused by:\n    0: first\n    1: second" (or "    only" for one),
 * and a trap's or a host error's top (or a link) is its wasm backtrace:
 *   "error while executing at wasm backtrace:\n    0:     0x5e - m!f\n...".
 * wt reports the backtrace on its own (wt_trap_frame_nth), so that link is
 * dropped and the rest is joined into one line: "top: first: second". A text
 * without a chain (a WAT error with its source excerpt) stays as it is. */
#define BACKTRACE_HEADER "error while executing at wasm backtrace:"

typedef struct sentence { char *buf; size_t size, len; int links; } sentence;

static void append(sentence *s, const char *p, size_t n) {
  size_t room = s->size - 1 - s->len;
  if (n > room) n = room;
  memcpy(s->buf + s->len, p, n);
  s->buf[s->len += n] = 0;
}

/* One link of the chain, without its trailing blanks, after ": ". */
/* Appends link [p, p + n): its own line breaks (a cause whose text spans
 * lines, as Wasmtime 42's "translation error\n    Invalid input ...")
 * become ": " too. */
static void put(sentence *s, const char *p, size_t n) {
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\n')) n--;
  if (!n) return;
  if (s->links++) {
    bool colon = s->len && s->buf[s->len - 1] == ':';
    append(s, colon ? " " : ": ", colon ? 1 : 2);
  }
  for (const char *end = p + n, *nl; p < end; p = nl + 1) {
    nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) { append(s, p, (size_t)(end - p)); break; }
    append(s, p, (size_t)(nl - p));
    while (nl + 1 < end && nl[1] == ' ') nl++;
    if (nl + 1 < end) append(s, s->len && s->buf[s->len - 1] == ':' ? " " : ": ", s->len && s->buf[s->len - 1] == ':' ? 1 : 2);
  }
}

/* "  12: " at the start of line p: the length of that prefix, else 0. */
static size_t number_prefix(const char *p) {
  const char *q = p + strspn(p, " ");
  size_t d = strspn(q, "0123456789");
  return d && q[d] == ':' && q[d + 1] == ' ' ? (size_t)(q + d + 2 - p) : 0;
}

/* A line of a wasm backtrace: "  N: 0x5e - module!func" (the offset may be
 * missing), a symbol's "at file:line", or Wasmtime's note about details. */
static bool is_frame_line(const char *p, size_t len) {
  size_t k = number_prefix(p);
  const char *q = p + strspn(p, " ");
  if (!strncmp(q, "at ", 3) || !strncmp(q, "note: ", 6)) return true;
  if (!k) return false;
  const char *r = p + k + strspn(p + k, " ");
  return !strncmp(r, "0x", 2) || memchr(p, '!', len) != NULL;
}

static void one_sentence(const char *text, char *out, size_t size) {
  sentence s = {out, size, 0, 0};
  out[0] = 0;
  size_t end = strlen(text);
  const char *rust_bt = strstr(text, "\n\nStack backtrace:"); /* with RUST_BACKTRACE set */
  if (rust_bt) end = (size_t)(rust_bt - text);
  const char *chain = strstr(text, "\n\nCaused by:\n");
  if (!chain || (size_t)(chain - text) > end) {
    if (strncmp(text, BACKTRACE_HEADER, strlen(BACKTRACE_HEADER))) put(&s, text, end);
    return;
  }
  if (strncmp(text, BACKTRACE_HEADER, strlen(BACKTRACE_HEADER))) put(&s, text, (size_t)(chain - text));
  const char *p = chain + strlen("\n\nCaused by:\n"), *stop = text + end;
  bool numbered = number_prefix(p) > 0, in_backtrace = false, first = true;
  const char *link = NULL; /* the link being gathered: [link, p) */
  while (p < stop) {
    const char *nl = memchr(p, '\n', (size_t)(stop - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(stop - p);
    const char *next = nl ? nl + 1 : stop;
    if (in_backtrace && is_frame_line(p, len)) { p = next; continue; }
    in_backtrace = false;
    size_t k = numbered ? number_prefix(p) : (first ? strspn(p, " ") : 0);
    first = false;
    if (k) { /* a new link */
      if (link) put(&s, link, (size_t)(p - link));
      link = p + k;
      if (!strncmp(link, BACKTRACE_HEADER, strlen(BACKTRACE_HEADER))) { in_backtrace = true; link = NULL; }
    }
    p = next;
  }
  if (link) put(&s, link, (size_t)(stop - link));
}

static void copy_name(const wta_byte_vec_t *v, char *dst, bool *has) {
  *has = v != NULL;
  dst[0] = 0;
  if (!v) return;
  size_t n = v->size < NAME_LEN - 1 ? v->size : NAME_LEN - 1;
  memcpy(dst, v->data, n);
  dst[n] = 0;
}

static void record_frames(wta_frame_vec_t *fv) {
  last.total_frames = fv->size;
  last.maybe_more = fv->size >= WASMTIME_TRACE_MAX;
  last.nframes = fv->size < MAX_FRAMES ? fv->size : MAX_FRAMES;
  for (size_t i = 0; i < last.nframes; i++) {
    const wta_frame_t *f = fv->data[i];
    frame_rec *r = &last.frames[i];
    copy_name(W->wasmtime_frame_func_name(f), r->func, &r->has_func);
    copy_name(W->wasmtime_frame_module_name(f), r->module, &r->has_module);
    r->index = W->wasm_frame_func_index(f);
    r->func_off = W->wasm_frame_func_offset(f);
    r->mod_off = W->wasm_frame_module_offset(f);
  }
  W->wasm_frame_vec_delete(fv);
}

/* Maps a trap code to the status that names it. */
static wt_status status_of_trap(int code) {
  switch (code) {
  case WT_TRAP_OUT_OF_FUEL: return WT_OUT_OF_FUEL;
  case WT_TRAP_INTERRUPT: return WT_TIMEOUT;
  case WT_TRAP_STACK_OVERFLOW: return WT_STACK_OVERFLOW;
  default: return WT_TRAP;
  }
}

static wt_status from_trap(wta_trap_t *trap, const char *what) {
  wta_byte_vec_t msg = {0, NULL};
  uint8_t code = 0;
  wta_frame_vec_t fv = {0, NULL};
  char text[8192], line[4096];
  W->wasm_trap_message(trap, &msg);
  msg_from_vec(&msg, text, sizeof text);
  one_sentence(text, line, sizeof line);
  int tc = W->wasmtime_trap_code(trap, &code) ? code : WT_TRAP_NONE;
  /* Up to Wasmtime 41, code 11 is ALWAYS_TRAP_ADAPTER (a component's
   * adapter trapped) and every later one is one higher. */
  if (wt__line->trap_shift && tc >= 11) tc = tc == 11 ? WT_TRAP_UNREACHABLE : tc - 1;
  int status = status_of_trap(tc);
  const char *why = status == WT_TIMEOUT ? "deadline reached (timeout): " : "";
  wt__fail(status, "%s%s%s%s", what ? what : "", what ? ": " : "", why, line);
  last.trap_code = tc;
  last.serial = ++wt__serial;
  W->wasm_trap_trace(trap, &fv);
  record_frames(&fv); /* frames borrow from the trap: read them first */
  W->wasm_trap_delete(trap);
  return status;
}

/* A trap that reaches wt as an error (wasmtime_linker_module runs a start
 * function and returns only an error) carries no trap code: read it back
 * from Wasmtime's fixed "wasm trap: ..." text (every code of wt_trap_kind),
 * so a deadline, fuel or stack limit hit there gets its own status too, and
 * any instruction trap its code (WT_TRAP_NONE is then a host's error). Only
 * for an error with a wasm backtrace, one of wasm that ran: the same text
 * without one is the host side refusing an operation (wasmtime_table_set
 * past the end: "wasm trap: undefined element: ..."), no trap. */
static int trap_code_of_text(const char *text) {
  static const struct { int code; const char *text; } known[] = { /* every code of wt_trap_kind */
      {WT_TRAP_STACK_OVERFLOW, "call stack exhausted"},
      {WT_TRAP_MEMORY_OUT_OF_BOUNDS, "out of bounds memory access"},
      {WT_TRAP_HEAP_MISALIGNED, "unaligned atomic"},
      {WT_TRAP_TABLE_OUT_OF_BOUNDS, "undefined element: out of bounds table access"},
      {WT_TRAP_INDIRECT_CALL_TO_NULL, "uninitialized element"},
      {WT_TRAP_BAD_SIGNATURE, "indirect call type mismatch"},
      {WT_TRAP_INTEGER_OVERFLOW, "integer overflow"},
      {WT_TRAP_INTEGER_DIVISION_BY_ZERO, "integer divide by zero"},
      {WT_TRAP_BAD_CONVERSION_TO_INTEGER, "invalid conversion to integer"},
      {WT_TRAP_UNREACHABLE, "wasm `unreachable` instruction executed"},
      {WT_TRAP_INTERRUPT, "interrupt"},
      {WT_TRAP_OUT_OF_FUEL, "all fuel consumed by WebAssembly"},
      {WT_TRAP_ATOMIC_WAIT_NON_SHARED, "atomic wait on non-shared memory"},
      {WT_TRAP_NULL_REFERENCE, "null reference"},
      {WT_TRAP_ARRAY_OUT_OF_BOUNDS, "out of bounds array access"},
      {WT_TRAP_ALLOCATION_TOO_LARGE, "allocation size too large"},
      {WT_TRAP_CAST_FAILURE, "cast failure"}};
  const char *p = strstr(text, "wasm trap: ");
  if (!p) return WT_TRAP_NONE;
  p += strlen("wasm trap: ");
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
    size_t n = strlen(known[i].text);
    if (!strncmp(p, known[i].text, n) && (p[n] == 0 || p[n] == '\n')) return known[i].code;
  }
  return WT_TRAP_NONE;
}

/* An error may carry a WASI exit status or be a trap in disguise. */
static wt_status from_error(wta_error_t *err, const char *what) {
  int status = 0;
  if (W->wasmtime_error_exit_status(err, &status)) {
    W->wasmtime_error_delete(err);
    wt__fail(WT_EXIT, "guest exited with code %d", status);
    last.exit_code = status;
    last.serial = ++wt__serial;
    return WT_EXIT;
  }
  wta_byte_vec_t msg = {0, NULL};
  wta_frame_vec_t fv = {0, NULL};
  char text[8192], line[4096];
  W->wasmtime_error_message(err, &msg);
  msg_from_vec(&msg, text, sizeof text);
  one_sentence(text, line, sizeof line);
  W->wasmtime_error_wasm_trace(err, &fv);
  int code = WT_ERROR, tc = fv.size > 0 ? trap_code_of_text(text) : WT_TRAP_NONE;
  wt_status stop = wt__epoch_stop; /* the epoch callback's reason, if it stopped this call */
  wt__epoch_stop = 0;
  if (tc == WT_TRAP_INTERRUPT && stop) code = stop;
  else if (tc != WT_TRAP_NONE) code = status_of_trap(tc);
  else if (fv.size > 0) code = WT_TRAP; /* raised while wasm ran (a host error, a trapping import) */
  else if (strstr(text, "unknown import")) code = WT_NOT_FOUND;
  else if (strstr(text, "incompatible import type") || strstr(text, "types incompatible")) code = WT_TYPE;
  else if (strstr(text, "resource limit exceeded") || strstr(text, "exceeds the limit") ||
           strstr(text, "exceeds memory limits") || strstr(text, "exceeds table limits"))
    code = WT_LIMIT; /* the last two: an initial size past the store's limits */
  const char *why = code == WT_TIMEOUT ? "deadline reached (timeout): "
                    : code == WT_INTERRUPTED ? "interrupted (wt_store_interrupt): " : "";
  wt__fail(code, "%s%s%s%s", what ? what : "", what ? ": " : "", why, line);
  last.trap_code = tc;
  if (is_execution(code)) last.serial = ++wt__serial;
  record_frames(&fv);
  W->wasmtime_error_delete(err);
  return code;
}

/* The failure now recorded is a call's whose wasm called a host function
 * that passed on a nested call's outcome: report that one, with the
 * nested frames first and then the outer ones (the whole stack). */
static wt_status restore_carried(void) {
  size_t n = carried.nframes;
  for (size_t i = 0; i < last.nframes && n < MAX_FRAMES; i++) carried.frames[n++] = last.frames[i];
  carried.nframes = n;
  carried.total_frames += last.total_frames;
  carried.maybe_more |= last.maybe_more;
  last = carried;
  carrying = false;
  last.serial = ++wt__serial;
  return last.code;
}

wt_status wt__outcome(wta_error_t *err, wta_trap_t *trap, const char *what) {
  wt_status rc = WT_OK;
  if (trap) {
    if (err) W->wasmtime_error_delete(err);
    rc = from_trap(trap, what);
  } else if (err) rc = from_error(err, what);
  return rc && carrying ? restore_carried() : rc;
}

const char *wt__host_failure(wt_status rc, uint64_t since) {
  static _Thread_local char generic[128];
  carrying = false;
  if (wt__reason_serial > since) { /* wt_caller_trap during this call: its reason */
    wt__reason_serial = 0;
    return reason;
  }
  if (last.serial > since && rc == last.code && is_execution(rc)) { /* a nested call's outcome, passed on */
    carried = last;
    carrying = true;
    return last.msg;
  }
  snprintf(generic, sizeof generic, "host function failed: %s", wt_strerror(rc));
  return generic;
}

wt_status wt__caller_trap_msg(const char *fmt, va_list ap) {
  reason[0] = 0;
  if (fmt) vsnprintf(reason, sizeof reason, fmt, ap);
  if (!reason[0]) snprintf(reason, sizeof reason, "host trap");
  wt__reason_serial = ++wt__serial;
  return WT_TRAP;
}

const char *wt_errmsg(void) { return last.msg; }
wt_status wt_errcode(void) { return last.code; }
int wt_trap_code(void) { return last.trap_code; }
int wt_exit_code(void) { return last.exit_code; }
size_t wt_trap_frame_count(void) { return last.nframes; }

wt_status wt_trap_frame_nth(size_t i, wt_frame *out) {
  ARGS(out);
  memset(out, 0, sizeof *out);
  if (i >= last.nframes) return WT_NOT_FOUND;
  const frame_rec *r = &last.frames[i];
  out->func_name = r->has_func ? r->func : NULL;
  out->module_name = r->has_module ? r->module : NULL;
  out->func_index = r->index;
  out->func_offset = r->func_off;
  out->module_offset = r->mod_off;
  return WT_OK;
}

size_t wt_trap_backtrace(char *buf, size_t size) {
  size_t need = 0;
  if (buf && size) buf[0] = 0;
  for (size_t i = 0; i < last.nframes; i++) {
    const frame_rec *r = &last.frames[i];
    size_t room = buf && need < size ? size - need : 0;
    char at[32] = ""; /* Wasmtime reports SIZE_MAX for an unknown offset (a stack-overflow frame) */
    if (r->mod_off != SIZE_MAX) snprintf(at, sizeof at, " @ 0x%zx", r->mod_off);
    need += (size_t)snprintf(room ? buf + need : NULL, room, "  %zu: %s%sfunc[%u]%s%s%s\n",
                             i, r->has_module ? r->module : "", r->has_module ? "!" : "",
                             r->index, r->has_func ? " " : "", r->has_func ? r->func : "", at);
  }
  size_t room = buf && need < size ? size - need : 0, more = last.total_frames - last.nframes;
  if (more) /* wt recorded the innermost MAX_FRAMES */
    need += (size_t)snprintf(room ? buf + need : NULL, room, "  ... %zu more frame%s\n", more, more == 1 ? "" : "s");
  else if (last.maybe_more) /* Wasmtime may have cut the trace */
    need += (size_t)snprintf(room ? buf + need : NULL, room,
                             "  ... perhaps more frames (Wasmtime keeps the innermost %d)\n", WASMTIME_TRACE_MAX);
  return need;
}

const char *wt_strerror(int code) {
  static const char *const names[] = {
      "ok", "wasmtime error", "trap", "guest exit", "invalid argument", "not found",
      "out of bounds", "type mismatch", "out of memory", "i/o error",
      "cannot load libwasmtime", "unsupported by the loaded library", "out of fuel",
      "deadline reached (timeout)", "wasm stack overflow", "resource limit reached",
      "malformed module", "cache error", "interrupted"};
  if (code < 0 || (size_t)code >= sizeof names / sizeof names[0]) return "unknown status";
  return names[code];
}
