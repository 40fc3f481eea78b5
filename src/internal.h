/* internal.h - what the files of src/ share; nothing here is public. */
#ifndef WT_INTERNAL_H
#define WT_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define WT__BUILD 1 /* wt.h: the declarations of its inline section */
#include "../include/wt.h"
#include "abi.h"

#define HIDDEN __attribute__((visibility("hidden")))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
/* The typed and raw call entry points: grouped and cache-line aligned, so
 * their cost does not depend on where the linker happens to put them (on
 * this project's Zen machine a placement could add 25% to a raw call). */
#define HOT __attribute__((hot, aligned(64)))

/* Below, one section per file of src/ that defines what it declares, in
 * the order of wt.h's sections (docs/DESIGN.md, "Source files"). */

/* ---- error.c ---- */
HIDDEN wt_status wt__fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bad input gets WT_INVALID, never a crash: every public entry checks its
 * pointer arguments with these before it reads or writes through them.
 *   ARGS(a, b, ...)  each must be non-NULL, else WT_INVALID naming the
 *                    function and the first NULL one by its name in the
 *                    source, spelt as in wt.h ("wt_store_new: argument
 *                    'out' is NULL");
 *   BUF(p, n)        p may be NULL only when its length n is 0;
 *   ARGS_OF(func, ...), BUF_OF(func, p, n)  the same as a status, for a
 *                    helper checking for the public function `func` or an
 *                    entry that must clean up (a finalizer) before it returns;
 *   ZERO(out)        clears an out-parameter unless it is NULL (so a
 *                    failed call leaves it zeroed). */
HIDDEN wt_status wt__null_arg(const char *func, const char *names, size_t i);
HIDDEN wt_status wt__null_buf(const char *func, const char *name, const char *len_name, size_t len);
/* The index of the first NULL of p[0..n), or n (unrolled: n is constant). */
static inline size_t wt__first_null(const void *const *p, size_t n) {
  size_t i = 0;
  while (i < n && p[i]) i++;
  return i;
}
#define ARGS_LIST_(...) ((const void *const[]){__VA_ARGS__})
#define ARGS_N_(...) (sizeof ARGS_LIST_(__VA_ARGS__) / sizeof(const void *))
#define ARGS_OF(func, ...)                                                           \
  (UNLIKELY(wt__first_null(ARGS_LIST_(__VA_ARGS__), ARGS_N_(__VA_ARGS__)) <           \
            ARGS_N_(__VA_ARGS__))                                                    \
       ? wt__null_arg(func, #__VA_ARGS__,                                            \
                      wt__first_null(ARGS_LIST_(__VA_ARGS__), ARGS_N_(__VA_ARGS__))) \
       : WT_OK)
/* The failure path is a tail call: the hot path keeps no argument alive
 * for it. */
#define ARGS(...)                                                                \
  do {                                                                           \
    size_t null_ = wt__first_null(ARGS_LIST_(__VA_ARGS__), ARGS_N_(__VA_ARGS__)); \
    if (UNLIKELY(null_ < ARGS_N_(__VA_ARGS__)))                                  \
      return wt__null_arg(__func__, #__VA_ARGS__, null_);                        \
  } while (0)
#define BUF_OF(func, p, n) \
  (UNLIKELY(!(p) && (n)) ? wt__null_buf(func, #p, #n, (size_t)(n)) : WT_OK)
#define BUF(p, n) \
  do { if (UNLIKELY(!(p) && (n))) return wt__null_buf(__func__, #p, #n, (size_t)(n)); } while (0)
#define ZERO(out) do { if (out) memset((out), 0, sizeof *(out)); } while (0)
/* A refused call that takes a finalizer runs it at once; returns rc. */
static inline wt_status wt__refuse(wt_status rc, void (*finalizer)(void *), void *env) {
  if (finalizer) finalizer(env);
  return rc;
}
/* Takes ownership of err and/or trap; classifies, records, returns status. */
HIDDEN wt_status wt__outcome(wta_error_t *err, wta_trap_t *trap, const char *what);
HIDDEN wt_status wt__oom(void);
/* (wt__serial, wt__reason_serial and wt__in_host are declared in wt.h, for
 * WT_HOST_ADAPTER's code.) wt__serial counts outcomes of wasm execution
 * (traps, exits) and wt_caller_trap messages on this thread: a host
 * function's trampoline reads it before and after the callback to tell
 * what happened during that one call. wt__reason_serial: the serial of
 * the last wt_caller_trap reason not yet used (0: none). wt__in_host: host
 * functions under way on this thread (their trampolines count). */
/* Why the epoch callback (store.c) last stopped wasm on this thread
 * (WT_TIMEOUT or WT_INTERRUPTED; 0: it did not), read once by the outcome. */
HIDDEN extern __thread wt_status wt__epoch_stop __attribute__((tls_model("initial-exec")));
/* A host function returned rc != WT_OK, `since` the serial read before it
 * ran: the message the trap should carry (its wt_caller_trap message, or
 * the outcome of the nested call it passes on, which the outer call's
 * wt__outcome then reports as it was: status, trap or exit code, frames). */
HIDDEN const char *wt__host_failure(wt_status rc, uint64_t since);
HIDDEN wt_status wt__caller_trap_msg(const char *fmt, va_list ap);

/* ---- loader.c ---- */
HIDDEN extern int wt__ready;         /* 1 once the symbol table is complete */
HIDDEN wt_status wt__ensure_slow(void);
/* WT_OK when the library is loaded (loading it on first use). */
static inline wt_status wt__ensure(void) {
  return LIKELY(__atomic_load_n(&wt__ready, __ATOMIC_ACQUIRE)) ? WT_OK : wt__ensure_slow();
}
HIDDEN wt_status wt__need_cap(unsigned cap, const char *what);

/* ---- types.c ---- */
HIDDEN int wt__kind_from_valtype(const wta_valtype_t *t);
/* A new valtype of wt kind `kind` (i32..externref); NULL for another. */
HIDDEN wta_valtype_t *wt__valtype_new(int kind);
/* A new functype of these kinds; NULL for a bad kind or more than 64. */
HIDDEN wta_functype_t *wt__functype_new(const uint8_t *params, size_t np, const uint8_t *results, size_t nr);
HIDDEN void wt__externtype_describe(const wta_externtype_t *t, wt_extern_type *out, uint8_t **kinds);
/* How many kinds wt__externtype_describe appends at *kinds for t. */
HIDDEN size_t wt__externtype_nkinds(const wta_externtype_t *t);
/* The signature of a function packed into 64 bits: 4 bits nparams, 4 bits
 * nresults, then 4 bits per kind (params then results), at most
 * SIG_MAX_KINDS kinds, with the flags SIG_VALID and SIG_REFS (wt.h's).
 * 0 means "not recorded / too large": typed helpers then refuse. */
typedef uint64_t wt_sig;
#define SIG_VALID WT__SIG_VALID
#define SIG_REFS WT__SIG_REFS
#define SIG_MAX_KINDS 13
HIDDEN wt_sig wt__sig_pack(const uint8_t *params, size_t np, const uint8_t *results, size_t nr);
/* Wasmtime's function raw as a wt_func of cx, its signature recorded. */
HIDDEN void wt__func_from_abi(wta_context_t *cx, const wta_func_t *raw, wt_func *out);
HIDDEN void wt__extern_from_abi(wta_context_t *cx, const wta_extern_t *in, wt_extern *out);
HIDDEN int wt__extern_to_abi(const wt_extern *in, wta_extern_t *out);

#define WT_FUNC_RAW(f) ((const wta_func_t *)(const void *)(f))
#define WT_FUNC_SIG(f) ((f)->p_[2])

/* wt's types that are Wasmtime's, byte for byte. */
_Static_assert(sizeof(wt_val) == sizeof(wta_val_t), "wt_val mirrors wasmtime_val_t");
_Static_assert(offsetof(wt_val, of) == offsetof(wta_val_t, of), "wt_val.of");
_Static_assert(sizeof(wt_raw) == sizeof(wta_val_raw_t) && _Alignof(wt_raw) == _Alignof(wta_val_raw_t),
               "wt_raw mirrors wasmtime_val_raw_t");
_Static_assert(sizeof(wt_func) >= sizeof(wta_func_t) + 8, "wt_func holds func + sig");
_Static_assert(sizeof(wt_memory) >= sizeof(wta_memory_t), "wt_memory");
_Static_assert(sizeof(wt_global) >= sizeof(wta_global_t), "wt_global");
_Static_assert(sizeof(wt_table) >= sizeof(wta_table_t), "wt_table");
_Static_assert(sizeof(wt_instance) >= sizeof(wta_instance_t), "wt_instance");

/* ---- engine.c ---- */
struct wt_engine {
  wta_engine_t *e;
  wt_engine_options opts;
  char *cache_dir;                 /* NULL when the cache is off */
  char cache_error[600];           /* why cache_dir is NULL though wanted */
  char cache_store_error[600];     /* the last failure to store (under lock) */
  char cache_salt[4400];           /* config + version + library path: part of every key */
  wt_cache_stats stats;
  uint64_t cache_touched[2];       /* key of the entry whose LRU time was last refreshed */
  int64_t cache_touched_at;        /* ... then (monotonic seconds) */
  pthread_mutex_t lock;            /* ticker and stats */
  pthread_t ticker;
  int ticker_state;                /* 0 none, 1 running, 2 stopping */
  pthread_cond_t ticker_cv;
  uint64_t ticks;                  /* the ticker's epoch increments so far (atomic) */
};

HIDDEN wt_status wt__engine_start_ticker(wt_engine *e);
HIDDEN uint64_t wt__ticks_for_ms(uint64_t ms);

/* ---- cache.c ---- */
/* Opens (creates) the cache folder `dir` (NULL: the default) for engine;
 * an unusable one leaves the cache off, its reason in cache_error. */
HIDDEN void wt__cache_open_dir(wt_engine *engine, const char *dir);
/* Compiles wasm through the cache: a hit maps the stored artifact; a miss
 * compiles and publishes it. kind is WT__BIN_MODULE (*out a wta_module_t)
 * or WT__BIN_COMPONENT (*out a wta_component_t): each kind has its own
 * keys and is loaded by its own function. Cache trouble never fails the
 * compile. */
HIDDEN wt_status wt__cache_load(wt_engine *engine, int kind, const uint8_t *wasm, size_t len, void **out);
/* As wt__cache_load for the content of the file whose stat (taken before
 * reading it, NULL if it changed while read) is *s: a hit also records the
 * file's identity, for wt__cache_load_known. */
struct stat;
HIDDEN wt_status wt__cache_load_file(wt_engine *engine, int kind, const struct stat *s, const uint8_t *wasm,
                                     size_t len, void **out);
/* 0: *out is the artifact of this kind recorded for the unchanged file *s
 * (the file is not read); -1: not known, take the way above. */
HIDDEN int wt__cache_load_known(wt_engine *engine, int kind, const struct stat *s, void **out);

/* ---- store.c ---- */
#define MEM_SLOTS 4 /* memories a store records (memory.c) */
struct wt_store {
  wta_context_t *cx;               /* the hot fields first: one cache line */
  uint64_t call_id;                /* id while a call needs nothing armed, else NO_CALL_ID */
  wt__error *(*call)(void *, const wt_func *, wt_raw *, size_t, wt__trap **); /* unchecked call */
  uint64_t id;                     /* Wasmtime's store id, learnt on first need */
  uint64_t timeout_ticks;          /* 0: no deadline */
  uint32_t depth;                  /* calls into wasm under way (wt__enter) */
  bool timeout_in_host;            /* the deadline was set by a host function */
  wt__mem_slot mem_last;           /* the memory last used (memory.c), read by wt.h's inline helpers */
  wta_store_t *s;
  wt_engine *engine;
  wt__mem_slot mem[MEM_SLOTS];     /* memories seen, by their handles' words (memory.c) */
  wta_sharedmemory_t **shared;     /* shared memories handed out (store.c) */
  struct wt__captures *captures;   /* WASI output captures to wait for (wasi.c) */
  bool has_wasi;                   /* wt_store_set_wasi was called */
  bool has_wasi_http;              /* wasi:http's state made (clinker.c) */
  uint64_t deadline;               /* engine ticks at which the deadline passes (NO_DEADLINE: none) */
  uint32_t interrupt;              /* wt_store_interrupt asked to stop (atomic) */
  size_t nshared;
  void *data;
  void (*finalizer)(void *);
};
/* The first three are wt.h's wt__call_head, read by its inline calls. */
_Static_assert(offsetof(struct wt_store, cx) == offsetof(wt__call_head, cx), "call head: cx");
_Static_assert(offsetof(struct wt_store, call_id) == offsetof(wt__call_head, call_id), "call head: call_id");
_Static_assert(offsetof(struct wt_store, call) == offsetof(wt__call_head, call), "call head: call");
_Static_assert(offsetof(struct wt_store, mem_last) == WT__MEM_AT, "the memory record where wt.h reads it");
/* A wt_context is its wt_store seen as a run-time handle: one load away
 * from the Wasmtime context and from the store's settings. */
#define ST(c_) ((wt_store *)(void *)(c_))
#define CX(c_) (ST(c_)->cx)
/* From a Wasmtime context (e.g. a caller's) back to wt's. */
static inline wt_context *wt__context_of(wta_context_t *c) {
  return (wt_context *)W->wasmtime_context_get_data(c);
}
/* Every store-bound handle (func, memory, global, table, instance, GC ref)
 * starts with its store's id. Wasmtime aborts the process when a handle is
 * used with another store, so wt checks first: a handle of another store,
 * or a zeroed one (a failed lookup), gets WT_INVALID. */
#define STORE_ID(h) (*(const uint64_t *)(const void *)(h))
/* The fast call paths' one test: a handle's id equals the store's call_id
 * only if the handle is of this store (and not zeroed: call_id is never 0)
 * and no deadline needs arming. NO_CALL_ID is no store's id: Wasmtime
 * counts them up from 1 and stops at 2^63. update_call_id (store.c) sets it
 * again whenever id or timeout_ticks changes. */
#define NO_CALL_ID UINT64_MAX
#define CALL_READY(cx, h) (STORE_ID(h) == ST(cx)->call_id)
HIDDEN uint64_t wt__store_id(wt_store *st);
/* The context of the live store whose id is id, or NULL: kept only on
 * lines with unroot_cx (Wasmtime 36-37), whose value release needs it. */
HIDDEN wta_context_t *wt__context_of_id(uint64_t id);
/* Takes m (an owned reference to a shared memory): the store keeps one
 * per memory and returns it (m itself, or the one it had: m is freed);
 * NULL when out of memory (m freed). */
HIDDEN wta_sharedmemory_t *wt__store_keep_shared(wt_store *st, wta_sharedmemory_t *m);
/* A wt_memory that stands for a shared memory: p_[1] the memory, p_[2]
 * this tag (an ordinary memory's p_[2] is its private2, below 2^32). */
#define SHARED_TAG UINT64_C(0x5348415245444d4d)
#define IS_SHARED(mem) ((mem)->p_[2] == SHARED_TAG)
#define SHARED_OF(mem) ((const wta_sharedmemory_t *)(uintptr_t)(mem)->p_[1])
/* An ordinary memory's handle as wt hands it out: Wasmtime's
 * wasmtime_memory_t (store id; private1, 4 bytes of padding; private2, 4
 * more) with its padding zeroed, so that one memory has one set of words
 * (the memory record, memory.c, ignores the padding anyway). */
static inline void wt__memory_words(wt_memory *m) {
  _Static_assert(offsetof(wta_memory_t, private2) == 16 && sizeof(wta_memory_t) == 24, "wasmtime_memory_t");
  m->p_[1] &= UINT32_MAX;
  m->p_[2] &= UINT32_MAX;
}
HIDDEN wt_status wt__store_mismatch(wt_context *cx, uint64_t id, const char *what);
static inline int wt__same_store(wt_context *cx, const void *handle, const char *what) {
  uint64_t id = STORE_ID(handle);
  return LIKELY(id == ST(cx)->id && id) ? WT_OK : wt__store_mismatch(cx, id, what);
}
/* The same for the reference values in an array (numbers pass). */
HIDDEN wt_status wt__vals_same_store(wt_context *cx, const wt_val *v, size_t n, const char *what);
#define SAME(cx, h, what) \
  do { if (UNLIKELY(wt__same_store(cx, h, what))) return WT_INVALID; } while (0)
#define SAME_VALS(cx, v, n, what) \
  do { if (UNLIKELY(wt__vals_same_store(cx, v, n, what))) return WT_INVALID; } while (0)

/* Around every call into wasm that is not the inline fast path (which runs
 * only while no deadline is set): the outermost call arms the deadline;
 * a call nested in a host function keeps the one armed, so a guest that
 * loops through the host cannot renew its own time. A deadline set from
 * inside a host function (timeout_in_host) may have a fast-path call of
 * this store under way, which depth does not count: calls made from host
 * functions then keep the deadline armed when it was set, until a call is
 * made from outside every host function. */
#define NO_DEADLINE UINT64_MAX
/* The deadline `ticks` ticks of the engine's ticker from now. */
static inline void wt__arm(wt_store *st, uint64_t ticks) {
  st->deadline = __atomic_load_n(&st->engine->ticks, __ATOMIC_ACQUIRE) + ticks;
}
static inline void wt__enter(wt_context *cx) {
  wt_store *st = ST(cx);
  if (UNLIKELY(st->timeout_ticks) && st->depth == 0) {
    if (!wt__in_host) st->timeout_in_host = false;
    if (!st->timeout_in_host) wt__arm(st, st->timeout_ticks);
  }
  st->depth++;
}
static inline void wt__leave(wt_context *cx) { ST(cx)->depth--; }

/* ---- module.c ---- */
struct wt_module {
  wta_module_t *m;
  wt_engine *engine;
  size_t nimports, nexports;
  wt_import *imports;
  wt_export *exports;
  void *arena;                     /* strings and kind arrays of the above */
  int described;                   /* the above are built on first use */
  pthread_mutex_t lock;            /* ... once, by one thread */
};
/* WT_LIMIT (recorded, naming `what`) for input past the engine's
 * max_module_bytes, or text past a sixteenth of it; WT_OK otherwise. */
HIDDEN wt_status wt__check_input_size(const wt_engine *e, size_t len, bool text, const char *what);
/* A serialization's outcome: on success the bytes of v copied into *out
 * (the caller's, wt_free) and v freed. Takes err. */
HIDDEN wt_status wt__serialized_out(wta_error_t *err, wta_byte_vec_t *v, uint8_t **out, size_t *out_len);

/* ---- file.c ---- */
/* A path that names the open file fd itself (/proc/self/fd/N in buf, when
 * that is the same file), else path: for a call that takes a path but
 * must read the file that was checked. */
HIDDEN const char *wt__path_of_fd(int fd, const char *path, char *buf, size_t size);
/* Opens the module file path: WT_OK and *fd, *st (its stat) for a regular
 * file of at most max bytes, else a status (WT_NOT_FOUND, WT_IO, WT_LIMIT). */
HIDDEN wt_status wt__open_file(const char *path, size_t max, int *fd, struct stat *st);
/* Reads all of fd (size bytes when opened, at most max) into *out (the
 * caller frees it), *len; path names it in messages. */
HIDDEN wt_status wt__read_fd(int fd, const char *path, size_t size, size_t max, uint8_t **out, size_t *len);
/* Whether two stats are of one file, unchanged (device, inode, size, times). */
HIDDEN bool wt__same_stat(const struct stat *a, const struct stat *b);
/* Writes a file atomically (a new temporary file of that mode, then rename). */
HIDDEN wt_status wt__write_atomic(const char *path, const uint8_t *data, size_t len, int mode);

/* ---- component.c ---- */
typedef struct wt__arena wt__arena; /* ctype.c */
struct wt_component {
  wta_component_t *c;
  wt_engine *engine;
  /* imports and exports (citem.c): built on first use, once, by one
   * thread (under lock), then read-only */
  pthread_mutex_t lock;
  int described;
  wt__arena *types; /* every tree below */
  const wt_citem *imports, *exports;
  size_t nimports, nexports;
};
/* Frees what citem.c built for c (wt_component_delete). */
HIDDEN void wt__component_items_free(wt_component *c);
/* What binary wasm is, by its 8-byte header: "\0asm", a version (u16) and
 * a layer (u16: 0 a core module, 1 a component). A core module is
 * 01 00 00 00 after the magic, a component 0d 00 01 00. Anything shorter,
 * without the magic or of another layer is WT__BIN_OTHER (for Wasmtime to
 * refuse, or text). wt_module_new and wt_component_new refuse each other's
 * kind with it, naming the function to use. */
enum { WT__BIN_OTHER, WT__BIN_MODULE, WT__BIN_COMPONENT };
HIDDEN int wt__binary_kind(const uint8_t *b, size_t n);
/* What a precompiled artifact (ELF) is, by the first WT__ELF_HEAD bytes:
 * Wasmtime marks its ELF header's e_flags with bit 0 (EF_WASMTIME_MODULE)
 * or bit 1 (EF_WASMTIME_COMPONENT) and refuses the other kind with "
 * incompatible object file format", naming no wt function. WT__BIN_OTHER
 * for anything else. */
#define WT__ELF_HEAD 64
HIDDEN int wt__cwasm_kind(const uint8_t *b, size_t n);

/* ---- component type trees (ctype.c): the contract between component.c
 * (imports/exports) and the runtime files (cval.c, cfunc.c, clinker.c).
 * A tree is allocated in an arena and freed with it at once. None of
 * these is thread-safe on one arena: build under the owner's lock (or
 * before publishing); the finished trees are read-only. */
HIDDEN wt__arena *wt__arena_new(void);                /* NULL: no memory */
HIDDEN void *wt__arena_alloc(wt__arena *a, size_t n); /* zeroed, aligned for any
                                                         wt type; NULL: no memory */
HIDDEN char *wt__arena_strndup(wt__arena *a, const char *s, size_t n); /* NUL-terminated */
/* One more node for a's trees: -1 (WT_LIMIT recorded) past
 * WT__CTYPE_MAX_NODES in all the trees of one arena. */
HIDDEN int wt__arena_spend(wt__arena *a);
/* fn(p) runs when a is deleted (latest first); -1: no memory (not run). */
HIDDEN int wt__arena_defer(wt__arena *a, void (*fn)(void *), void *p);
HIDDEN void wt__arena_delete(wt__arena *a);           /* NULL: no-op; runs the deferred */
/* The wt_ctype of a Wasmtime component value type (raw is borrowed), in a;
 * NULL with the failure recorded (WT_NOMEM; WT_LIMIT past
 * WT__CTYPE_MAX_DEPTH levels of nesting or WT__CTYPE_MAX_NODES nodes in
 * all the trees of the arena (wt__arena_spend):
 * Wasmtime's types are DAGs, a tree copy of one could grow exponentially;
 * WT_UNSUPPORTED for a kind past map, which no header up to 50 has).
 * Resource types: t->resource of an own/borrow is the Wasmtime resource
 * type itself ((const wta_cresource_type_t *)t->resource, a clone the
 * arena owns and deletes, usable with Wasmtime's resource functions), one
 * per distinct resource in an arena (interned with
 * wasmtime_component_resource_type_equal): within one arena equal
 * pointers mean the same resource type. Across arenas (a component's trees
 * and a wt_cfunc's) compare with wt__ctype_same_resource. t->names points
 * at the arena's one name slot of the resource (names[0], NULL until
 * wt__ctype_resource names it). */
#define WT__CTYPE_MAX_DEPTH 100
#define WT__CTYPE_MAX_NODES 2000000 /* Wasmtime refuses components whose types add up to an "effective type size" over 1000000 */
HIDDEN const wt_ctype *wt__ctype_build(wt__arena *a, const wta_cvaltype_t *raw);
/* The signature of a Wasmtime component function type (borrowed), in a;
 * NULL with the failure recorded, as wt__ctype_build (each parameter and
 * the result a tree of its own limits). */
HIDDEN wt_cfunc_sig *wt__csig_build(wt__arena *a, const wta_cfunc_type_t *raw);
/* Interns resource type raw (borrowed) in a and, when name is not NULL and
 * the resource has none yet, names it (what own/borrow types of it then
 * print). Returns its identity (the t->resource of its types), NULL when
 * out of memory (not recorded). */
HIDDEN const void *wt__ctype_resource(wt__arena *a, const wta_cresource_type_t *raw, const char *name);
/* Whether two own/borrow types (of any arenas) are of the same resource
 * type; false when either is NULL or of another kind. */
HIDDEN bool wt__ctype_same_resource(const wt_ctype *a, const wt_ctype *b);
/* snprintf-like text (ctype.c): len counts all that was wanted, buf
 * holds what fits of it; wt__text_end NUL-terminates and returns len. */
typedef struct wt__text {
  char *buf;
  size_t size, len;
} wt__text;
HIDDEN void wt__text_put(wt__text *w, const char *s, size_t n);
HIDDEN void wt__text_ctype(wt__text *w, const wt_ctype *t);    /* as wt_ctype_format */
HIDDEN void wt__text_csig(wt__text *w, const wt_cfunc_sig *s); /* as wt_cfunc_sig_format */
HIDDEN size_t wt__text_end(wt__text *w);

/* ---- the component runtime: resource.c, cval.c, cfunc.c, clinker.c ---- */

/* resource.c: a handle to a resource, the guest's or the host's. Wasmtime
 * leaves a store unable to enter any component instance when a call is
 * given a handle it no longer knows (dropped, or moved into the guest as
 * an own<T>): wt keeps each handle's state and refuses such a handle first. */
enum { WT__RES_LIVE, WT__RES_DROPPED, WT__RES_MOVED };
struct wt_resource {
  uint64_t store_id;            /* its store's id */
  wta_cresource_any_t *any;     /* what Wasmtime is given */
  wta_cresource_type_t *type;   /* its type (owned): argument checks */
  uint64_t stamp;               /* the call that last checked it (cval.c: one handle twice) */
  uint32_t type_id, rep;        /* host: its type and rep */
  bool owned, host;             /* host: a host resource whose type_id and rep are known */
  bool stamp_own;               /* ... checked as an own<T> in that call */
  bool temp;                    /* a host function's argument: wt deletes it when the function returns */
  uint8_t state;                /* WT__RES_* */
};
/* A handle of cx's store for any (taken: deleted on failure); NULL when out
 * of memory. */
HIDDEN wt_resource *wt__resource_wrap(wt_context *cx, wta_cresource_any_t *any);
/* Whether the handle stands for a resource of the component type t's
 * resource type (own/borrow). */
HIDDEN bool wt__resource_is_of(const wt_resource *r, const wt_ctype *t);

/* cval.c: wt_cval <-> wasmtime_component_val_t, and the checks.
 * Where a value is, for messages: "<who>: argument <index> (<name>)<path>"
 * or "<who>: result<path>". */
typedef struct wt__cwhere {
  const char *who;              /* the function's path */
  size_t index;                 /* argument index from 1; 0: the result */
  const char *name;             /* the parameter's name */
} wt__cwhere;
/* A bump allocator over one block (the lowering of arguments). */
typedef struct wt__bump { uint8_t *p, *end; } wt__bump;
/* Checks v against t (see CHECKED CALLS in wt.h): WT_OK, or WT_TYPE /
 * WT_INVALID recorded with the value's path. *bytes grows by what lowering
 * v needs from a wt__bump; stamp marks the resource handles seen (one
 * handle may not be passed twice when one of them is an own<T>). */
HIDDEN wt_status wt__cval_check(wt_context *cx, const wt_ctype *t, const wt_cval *v, const wt__cwhere *where,
                                uint64_t stamp, size_t *bytes);
/* A new stamp for one call's checks (this thread's serial). */
HIDDEN uint64_t wt__cval_next_stamp(void);
/* v (checked) as Wasmtime's value in *out, borrowing v's strings and
 * arrays; nested values from b (as many bytes as the check counted). */
HIDDEN void wt__cval_lower(const wt_ctype *t, const wt_cval *v, wta_cval_t *out, wt__bump *b);
/* v (checked) as a value Wasmtime owns (a host function's result: Wasmtime
 * frees it); own handles are marked moved. */
HIDDEN void wt__cval_lower_owned(const wt_ctype *t, const wt_cval *v, wta_cval_t *out);
/* Marks the own<T> handles in v (of type t) moved: a call took them. */
HIDDEN void wt__cval_moved(const wt_ctype *t, const wt_cval *v);
/* Wasmtime's values raw[0..n) of types t[0..n) as wt values out[0..n), all
 * they point to in one new block (*block, NULL when none is needed; free
 * it with wt__cval_release_many). For n == 1 the block is what out's
 * pointer field points to (wt_cval_release frees it).
 * WT_NOMEM, or WT_ERROR for a value that is not of its type (never from
 * Wasmtime's typed values: defensive); nothing allocated on failure. */
HIDDEN wt_status wt__cval_lift(wt_context *cx, const wt_ctype *const *t, const wta_cval_t *raw, size_t n, wt_cval *out,
                               void **block);
/* Deletes the resource handles in vals[0..n) and frees block. */
HIDDEN void wt__cval_release_many(wt_cval *vals, size_t n, void *block);
/* Whether t (nested) holds a type wt does not call (future, stream,
 * error-context, map), or a resource. */
HIDDEN bool wt__ctype_uncallable(const wt_ctype *t);
HIDDEN bool wt__ctype_has_resource(const wt_ctype *t);
/* Whether s[0..n) is UTF-8 (as a component string must be). */
HIDDEN bool wt__utf8_valid(const uint8_t *s, size_t n);
/* A kind without pointers (bool, numbers, char) or a string: lowered and
 * lifted in place, with no block. */
static inline bool wt__ckind_flat(int k) { return k <= WT_CSTRING; }

/* ---- val.c: values in the loaded library's layout ----
 * Every line's wasmtime_val_t is wt_val but Wasmtime 36's (24 bytes,
 * references 16: wta_val_v0_t). Each call that hands values to Wasmtime or
 * takes them from it goes through these; VALS_NATIVE (every line but 36)
 * is the path with no copy. */
#define VALS_NATIVE LIKELY(wt__line->val_size == sizeof(wt_val))
#define VALS_LOCAL 8
typedef struct wt__vals {
  wta_val_t *p;                     /* what Wasmtime gets */
  wta_val_v0_t local[VALS_LOCAL];   /* ... for up to VALS_LOCAL values, else heap */
  wta_val_v0_t *heap;
} wt__vals;
/* n values of src (NULL: n zeroed slots, for Wasmtime to write) in the
 * library's layout in *v: src itself when VALS_NATIVE, else a copy (WT_NOMEM
 * when the heap fails). Free with wt__vals_free. */
HIDDEN wt_status wt__vals_to_lib(wt__vals *v, const wt_val *src, size_t n);
/* n values in the library's layout at lib into dst, in wt's (lib == dst
 * when VALS_NATIVE: nothing to do). */
HIDDEN void wt__vals_from_lib(const void *lib, size_t n, wt_val *dst);
static inline void wt__vals_free(wt__vals *v) { free(v->heap); }
/* One value (v NULL: a slot) in the library's layout: never on the heap. */
#define VAL_TO_LIB(lib, v) ((void)wt__vals_to_lib(&(lib), (v), 1), (lib).p)

/* ---- host.c ---- */
/* wt_linker_define_func and wt_linker_define_func_raw into Wasmtime's
 * linker l, once the linker, module and name are checked: the rest of the
 * checks, the trampoline (raw: none), the definition. A refusal runs the
 * finalizer at once. */
HIDDEN wt_status wt__host_define(wta_linker_t *l, const char *module, const char *name, const uint8_t *params,
                                 size_t nparams, const uint8_t *results, size_t nresults, wt_host_adapter adapter,
                                 wt_host_fn fn, void *env, void (*finalizer)(void *));
HIDDEN wt_status wt__host_define_raw(wta_linker_t *l, const char *module, const char *name, const uint8_t *params,
                                     size_t nparams, const uint8_t *results, size_t nresults, wt_host_raw_fn fn,
                                     void *env, void (*finalizer)(void *));

/* ---- wasi.c ---- */
typedef struct wt__captures wt__captures;
/* Waits until the output captures of set have been finalized (bounded),
 * then drops the reference (NULL: nothing). */
HIDDEN void wt__captures_wait_and_unref(wt__captures *set);

#endif
