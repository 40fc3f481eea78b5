/*
 * wt.h - WebAssembly for C programs, on Wasmtime.
 *
 * wt loads libwasmtime.so at run time and drives it through its own mirror
 * of the Wasmtime C ABI: a program using wt needs no Wasmtime header and no
 * link-time dependency on Wasmtime.
 *
 * OBJECTS (each has its own section below)
 *   library   wt_init, wt_wasmtime_version ... loading libwasmtime.so
 *   errors    wt_status, wt_strerror, wt_errmsg, traps and exits
 *   engine    wt_engine      compilation settings, compiled-module cache
 *   store     wt_store       all run-time state; its wt_context
 *   module    wt_module      compiled code; bytes, files, WAT, (de)serialize
 *   component wt_component   a component (component model); bytes, files, WAT
 *   clinker   wt_clinker     a component's imports: WASI 0.2, host functions
 *   cinstance wt_cinstance   an instantiated component; wt_cfunc, its calls
 *   cvalues   wt_cval        component values; wt_ctype, their types
 *   linker    wt_linker      host functions, WASI, instantiation
 *   instance  wt_instance    exports; calls, memory, globals, tables
 *   values    wt_val         i32 i64 f32 f64 v128 funcref externref
 *   wasi      wt_wasi        WASI preview1 configuration of a store
 *
 * ERROR MODEL
 *   Every fallible function returns a wt_status: WT_OK (0) on success, a
 *   positive code otherwise. The message of the last failure is kept per
 *   thread and read with wt_errmsg() (like errno/dlerror: engines and
 *   modules are shared between threads, so a message stored in such a handle
 *   would race). wt_strerror(code) names a code. A trap (WT_TRAP and the
 *   limit codes) also records its trap code and wasm backtrace, read with
 *   wt_trap_code() and wt_trap_frame_nth(). A guest's proc_exit is WT_EXIT with
 *   wt_exit_code(): an outcome, not an error.
 *   A failed constructor writes NULL (or a zeroed value) to its
 *   out-parameter (unless that is NULL itself). Deleting NULL is a harmless
 *   no-op. wt never aborts the process on bad input.
 *   NULL POINTERS: a NULL handle, context, name, out-parameter, option
 *   struct, or buffer of nonzero length gets WT_INVALID before anything
 *   runs, with a message naming the function and the argument
 *   ("wt_store_new: argument 'out' is NULL"); nothing is written through
 *   it. NULL is allowed only where this header says so (options meaning
 *   defaults, optional out-parameters, a buffer of length 0). A function
 *   that returns no status returns its neutral value for NULL (0, NULL,
 *   false, "") and writes nothing.
 *   FIVE FUNCTIONS REPORT FAILURE WITHOUT A STATUS, because their value is
 *   what callers use inline; each records the reason (wt_errmsg) as a
 *   failed call does: wt_has (false), wt_trap_new (NULL), wt_memory_data
 *   (NULL), wt_val_externref_data (NULL, also for a value with no data) and
 *   wt_val_ref_kind (a negative status).
 *
 * OWNERSHIP
 *   Objects made by wt_*_new are owned by the caller and freed with the
 *   matching wt_*_delete. Store-bound values (wt_func, wt_memory, wt_global,
 *   wt_table, wt_instance) are plain data owned by their store: copy them
 *   freely, never free them; they are valid until the store is deleted.
 *   The caller never frees anything with a Wasmtime call.
 *
 * NAMES
 *   wt_<object>_<verb>[_<what>], out-parameters last. The object comes
 *   first in the arguments, but for the run-time calls on store-bound items
 *   (functions, memories, globals, tables, instances, values), which take
 *   the store's wt_context first and the item second (the item is plain
 *   data; the context is what the call runs in). One verb for one idea:
 *   _new/_delete make and free; _get/_set read and replace a setting
 *   (wt_store_set_fuel/_get_fuel, wt_global_get_i32); a read-only property
 *   is named by its noun alone (wt_store_data, wt_memory_size,
 *   wt_func_type); _add adds one (wt_wasi_add_env); _inherit takes the
 *   host's (wt_wasi_inherit_stdin); _define puts a name into a linker
 *   (wt_linker_define_module). Lists are read as wt_<object>_<item>_count
 *   and wt_<object>_<item>_nth(i) (wt_module_import_nth,
 *   wt_trap_frame_nth); a lookup by name is wt_<object>_get_<item>
 *   (wt_instance_get_export, wt_caller_get_memory). The library itself has
 *   no object: wt_init, wt_has, wt_free, wt_wat_to_wasm, the error record
 *   (wt_errmsg, wt_errcode as SQLite's, wt_trap_code, wt_exit_code).
 *   Every function that can fail returns a wt_status (a count or a size
 *   comes back through an out-parameter), but for the five above; the ones
 *   that cannot fail return their value and say so.
 *
 * THREAD SAFETY
 *   wt_init is thread-safe and idempotent. A wt_engine and a wt_module may be
 *   used from any number of threads at once. A wt_linker may be shared once
 *   fully defined (instantiation only reads it). A wt_store, its wt_context
 *   and everything bound to it must be used by one thread at a time.
 */
#ifndef WT_H
#define WT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WT_VERSION "0.1.0"

#if defined(__GNUC__)
#define WT_API __attribute__((visibility("default")))
#else
#define WT_API
#endif

/* ======================================================================
 * Errors
 * ==================================================================== */

/* THE ERROR RECORD. Each thread has one: wt_errmsg, wt_errcode,
 * wt_trap_code, wt_exit_code and the frames (wt_trap_frame_count,
 * wt_trap_frame_nth, wt_trap_backtrace) all describe the calling thread's last
 * failed wt call, and only it:
 *   - a successful call changes none of them (a trap's code and frames stay
 *     readable after later calls succeed, as its message does);
 *   - a trap (WT_TRAP, WT_OUT_OF_FUEL, WT_TIMEOUT, WT_INTERRUPTED,
 *     WT_STACK_OVERFLOW)
 *     records its trap code (WT_TRAP_NONE when a host function raised it)
 *     and its frames; the exit code is 0;
 *   - WT_EXIT records the exit code; the trap code is WT_TRAP_NONE, no frames;
 *   - any other failure resets them: WT_TRAP_NONE, exit code 0, no frames.
 * Reading the record never changes it (wt_trap_frame_nth past the last frame
 * returns WT_NOT_FOUND without recording a failure). */

typedef enum wt_status {
  WT_OK = 0,
  WT_ERROR = 1,       /* Wasmtime reported an error (compile, link, ...) */
  WT_TRAP = 2,        /* WebAssembly trapped; see wt_trap_code()         */
  WT_EXIT = 3,        /* the guest called proc_exit; see wt_exit_code()   */
  WT_INVALID = 4,     /* bad argument: NULL, wrong arity or value type    */
  WT_NOT_FOUND = 5,   /* no such export, file or import                   */
  WT_BOUNDS = 6,      /* memory/table access out of bounds                */
  WT_TYPE = 7,        /* the wasm item has another type than asked for    */
  WT_NOMEM = 8,       /* allocation failed                                */
  WT_IO = 9,          /* a file could not be read or written              */
  WT_LOAD = 10,       /* libwasmtime.so not found, or a symbol missing    */
  WT_UNSUPPORTED = 11,/* the loaded library lacks this capability         */
  WT_OUT_OF_FUEL = 12,/* the store's fuel ran out (a trap)                */
  WT_TIMEOUT = 13,    /* the store's deadline passed (a trap)             */
  WT_STACK_OVERFLOW = 14, /* the wasm stack limit was hit (a trap)        */
  WT_LIMIT = 15,      /* a memory/table/instance limit refused growth     */
  WT_MALFORMED = 16,  /* bytes or text are not a WebAssembly module       */
  WT_CACHE = 17,      /* the compiled-module cache failed (not fatal)     */
  WT_INTERRUPTED = 18,/* wt_store_interrupt stopped the call (a trap)     */
  WT__STATUS_INT = -1 /* never returned: makes wt_status an int on every
                         compiler, so a status mixes with int without
                         sign warnings */
} wt_status;

/* Static English name of a status code ("out of fuel"); never NULL. It cannot
 * fail ("unknown status" for a code that is none); the string is static,
 * owned by wt (nothing to free). */
WT_API const char *wt_strerror(int code);

/* Message of the calling thread's last failure ("" when none). The string is
 * owned by wt and valid until the next wt call on this thread. It cannot fail. */
WT_API const char *wt_errmsg(void);

/* Status of the calling thread's last wt call that failed (WT_OK if none).
 * It cannot fail; owns nothing. */
WT_API wt_status wt_errcode(void);

/* Trap codes (the instruction that trapped), as reported by Wasmtime. */
typedef enum wt_trap_kind {
  WT_TRAP_NONE = -1, /* not an instruction trap (e.g. raised by a host) */
  WT_TRAP_STACK_OVERFLOW = 0, WT_TRAP_MEMORY_OUT_OF_BOUNDS,
  WT_TRAP_HEAP_MISALIGNED, WT_TRAP_TABLE_OUT_OF_BOUNDS,
  WT_TRAP_INDIRECT_CALL_TO_NULL, WT_TRAP_BAD_SIGNATURE,
  WT_TRAP_INTEGER_OVERFLOW, WT_TRAP_INTEGER_DIVISION_BY_ZERO,
  WT_TRAP_BAD_CONVERSION_TO_INTEGER, WT_TRAP_UNREACHABLE,
  WT_TRAP_INTERRUPT, WT_TRAP_OUT_OF_FUEL, WT_TRAP_ATOMIC_WAIT_NON_SHARED,
  WT_TRAP_NULL_REFERENCE, WT_TRAP_ARRAY_OUT_OF_BOUNDS,
  WT_TRAP_ALLOCATION_TOO_LARGE, WT_TRAP_CAST_FAILURE
} wt_trap_kind;

/* Trap code of the calling thread's last failed call: the instruction that
 * trapped; WT_TRAP_NONE when that failure was no trap of wasm itself (an
 * error or trap a host function raised, an exit, any other failure). It cannot
 * fail; owns nothing. */
WT_API int wt_trap_code(void);

/* One frame of the last trap's wasm backtrace (innermost first). */
typedef struct wt_frame {
  const char *func_name;   /* from the name section, or NULL */
  const char *module_name; /* or NULL */
  uint32_t func_index;
  size_t func_offset;      /* offset within the function (SIZE_MAX: unknown) */
  size_t module_offset;    /* offset within the module binary (SIZE_MAX: unknown,
                              e.g. the frame that overflowed the stack) */
} wt_frame;

/* Number of frames recorded for the calling thread's last failed call (0
 * unless it was a trap): the innermost, 64 at most. Wasmtime itself keeps
 * only the innermost 20 frames of a trace (of one call into wasm; traces of
 * calls nested in host functions add up), so a deeper stack is cut there
 * already; wt_trap_backtrace says when frames may be missing. It cannot fail;
 * owns nothing. */
WT_API size_t wt_trap_frame_count(void);

/* Copies frame i of the last backtrace into *out; the strings are owned by
 * wt and valid until the next failing wt call on this thread. Returns
 * WT_NOT_FOUND (and zeroes *out) past the last frame. */
WT_API wt_status wt_trap_frame_nth(size_t i, wt_frame *out);

/* Writes the last backtrace as text ("  0: func[3] <name> @ 0x2a\n" per
 * line, without " @ ..." when the offset is unknown) into buf (always NUL-terminated when size > 0); returns the length
 * the full text needs, like snprintf. When frames were cut, a last line
 * says so: "  ... N more frames\n" when wt recorded only the innermost 64
 * of the frames Wasmtime reported, else "  ... perhaps more frames
 * (Wasmtime keeps the innermost 20)\n" when a trace had Wasmtime's 20
 * frames (Wasmtime says nothing of the frames it leaves out). It cannot fail:
 * buf NULL or size 0 only measures, and with no frames it returns 0; the
 * text is copied into the caller's buf, and wt keeps no pointer to it. */
WT_API size_t wt_trap_backtrace(char *buf, size_t size);

/* Exit code of the calling thread's last failed call when it was WT_EXIT
 * (proc_exit), else 0. It cannot fail; owns nothing. */
WT_API int wt_exit_code(void);

/* ======================================================================
 * Library: finding and loading libwasmtime.so
 * ==================================================================== */

/* Loads libwasmtime.so and resolves every symbol wt uses. Search order:
 *   1. `path`, when not NULL (then nothing else is tried);
 *   2. $WT_WASMTIME_LIB, a file path (when set, nothing else is tried);
 *   3. libwasmtime.so in each -L folder of $NIX_LDFLAGS;
 *   4. the path baked in at build (WT_DEFAULT_LIB): in the build tree the
 *      copy scripts/fetch-wasmtime.sh fetched, for an installed wt
 *      $PREFIX/lib/libwasmtime.so, none in a build that does not define it;
 *   5. dlopen("libwasmtime.so") (LD_LIBRARY_PATH, the system folders).
 * The first candidate that loads and has every required symbol wins. On
 * failure returns WT_LOAD and wt_errmsg() lists each place tried and why it
 * failed (or names the missing symbol). Idempotent and thread-safe: after a
 * success later calls return WT_OK at once (whatever `path`); after a
 * failure a later call searches again. Every other wt function calls
 * wt_init(NULL) itself when needed. Owns nothing the caller must free. */
WT_API wt_status wt_init(const char *path);

/* Path of the loaded library, or NULL before a successful wt_init. The
 * string is owned by wt and valid until the process ends (nothing to free). */
WT_API const char *wt_library_path(void);

/* The C ABI line of the loaded library: the releases wt drives the same
 * way ("Wasmtime 48-50", "Wasmtime 36"), or NULL before a successful
 * wt_init. Static string, owned by wt. */
WT_API const char *wt_abi_line(void);

/* The exact Wasmtime version of the loaded library ("50.0.0"), read from
 * the library itself (the symbol whose name carries it); for a build
 * without that symbol, the major version its symbols tell ("44 (from its
 * symbols)") or the VERSION file the setup script writes beside it;
 * "unknown" before a successful wt_init. It never fails; the string is
 * owned by wt and nothing to free. */
WT_API const char *wt_wasmtime_version(void);

/* Optional capabilities, detected at load time. */
typedef enum wt_capability {
  WT_CAP_WAT = 1,      /* WAT text -> wasm (wasmtime_wat2wasm)           */
  WT_CAP_WASI = 2,     /* WASI preview1                                  */
  WT_CAP_CACHE = 4,    /* Wasmtime's built-in compilation cache          */
  WT_CAP_POOLING = 8,  /* pooling instance allocator                     */
  WT_CAP_CAPTURE = 16, /* WASI stdout/stderr to a callback               */
  WT_CAP_COMPONENT = 32, /* components: load, link, call (Wasmtime 39+) */
  WT_CAP_WASIP2 = 64,    /* WASI 0.2 for components: wt_clinker_define_wasi */
  WT_CAP_WASI_HTTP = 128 /* wasi:http client: wt_clinker_define_wasi_http */
} wt_capability;

/* True when the loaded library offers `cap` (loads it first if needed).
 * False when the library cannot be loaded (wt_init's WT_LOAD is then the
 * recorded failure). Owns nothing. */
WT_API bool wt_has(wt_capability cap);

/* Frees memory wt returned to the caller (e.g. wt_module_serialize). NULL is
 * a no-op; never pass a handle that has a wt_*_delete of its own. */
WT_API void wt_free(void *p);

/* ======================================================================
 * Values
 * ==================================================================== */

typedef enum wt_valkind {
  WT_I32 = 0, WT_I64 = 1, WT_F32 = 2, WT_F64 = 3, WT_V128 = 4,
  WT_FUNCREF = 5, WT_EXTERNREF = 6, WT_ANYREF = 7, WT_EXNREF = 8
} wt_valkind;

/* Name of a value kind ("i32", "funcref", ...); "?" when unknown. It cannot
 * fail; the string is static, owned by wt. */
WT_API const char *wt_valkind_name(int kind);

/* A WebAssembly value. Its layout equals Wasmtime's wasmtime_val_t so that
 * arrays pass to Wasmtime without copying. Numbers are plain data; a
 * non-null externref/anyref returned by wt (a call result, a global, a
 * table slot) holds a GC root: release it with wt_val_release. */
typedef struct wt_val {
  uint8_t kind; /* wt_valkind */
  union {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    uint8_t v128[16]; /* little-endian lanes */
    uint64_t ref_[3]; /* funcref/externref: use the wt_val_*ref functions */
  } of;
} wt_val;

/* The constructors of values: plain data, nothing to free or release; they
 * cannot fail. Inline (their bodies are in the inline section at the end). */
/* An i32 value: kind WT_I32, the rest of the union zero. */
static inline wt_val wt_val_i32(int32_t v);
/* An i64 value: kind WT_I64, the rest of the union zero. */
static inline wt_val wt_val_i64(int64_t v);
/* An f32 value: kind WT_F32, the rest of the union zero. */
static inline wt_val wt_val_f32(float v);
/* An f64 value: kind WT_F64, the rest of the union zero. */
static inline wt_val wt_val_f64(double v);
/* A v128 value of 16 little-endian bytes (NULL bytes: a zero vector). */
static inline wt_val wt_val_v128(const uint8_t bytes[16]);
/* A null reference of kind WT_FUNCREF, WT_EXTERNREF or WT_ANYREF. */
static inline wt_val wt_val_null(wt_valkind kind);
/* True for a null funcref/externref/anyref/exnref (store id 0); false for
 * NULL, which is no value. */
static inline bool wt_val_is_null(const wt_val *v);

/* ======================================================================
 * Engine
 * ==================================================================== */

typedef struct wt_engine wt_engine;

typedef enum wt_opt_level { WT_OPT_NONE = 0, WT_OPT_SPEED = 1, WT_OPT_SPEED_AND_SIZE = 2 } wt_opt_level;

/* WebAssembly proposals an engine may have on or off (bits for
 * wt_engine_options.features_on / features_off). A proposal in neither
 * keeps the loaded Wasmtime's own default (for Wasmtime 50, measured: all
 * on but shared memories and custom page sizes). The names are wasmtime's
 * -W spellings (wt_feature_name). */
typedef enum wt_feature {
  WT_FEATURE_THREADS = 1u << 0,             /* "threads": atomics */
  WT_FEATURE_SHARED_MEMORY = 1u << 1,       /* "shared-memory": (memory ... shared) */
  WT_FEATURE_GC = 1u << 2,                  /* "gc" */
  WT_FEATURE_FUNCTION_REFERENCES = 1u << 3, /* "function-references" */
  WT_FEATURE_EXCEPTIONS = 1u << 4,          /* "exceptions" */
  WT_FEATURE_MEMORY64 = 1u << 5,            /* "memory64" */
  WT_FEATURE_MULTI_MEMORY = 1u << 6,        /* "multi-memory" */
  WT_FEATURE_TAIL_CALL = 1u << 7,           /* "tail-call" */
  WT_FEATURE_RELAXED_SIMD = 1u << 8,        /* "relaxed-simd" */
  WT_FEATURE_WIDE_ARITHMETIC = 1u << 9,     /* "wide-arithmetic" */
  WT_FEATURE_CUSTOM_PAGE_SIZES = 1u << 10,  /* "custom-page-sizes" */
  /* The component model and its proposals (wasmtime's -W names; the
   * Wasmtime release whose C API first has the setting in brackets). The
   * C API has no setting for component-model-threading,
   * -fixed-length-lists, -error-context, -gc or -memory64: components
   * that use them are refused by every Wasmtime wt loads. An engine with
   * one of the three async proposals on and concurrency-support off is
   * refused (WT_INVALID): Wasmtime would abort the process. */
  WT_FEATURE_COMPONENT_MODEL = 1u << 11,    /* "component-model" [36] */
  WT_FEATURE_CM_ASYNC = 1u << 12,           /* "component-model-async" [45] */
  WT_FEATURE_CM_MORE_ASYNC_BUILTINS = 1u << 13, /* "component-model-more-async-builtins" [45] */
  WT_FEATURE_CM_ASYNC_STACKFUL = 1u << 14,  /* "component-model-async-stackful" [45] */
  WT_FEATURE_CM_MAP = 1u << 15,             /* "component-model-map" [44] */
  WT_FEATURE_CM_IMPLEMENTS = 1u << 16,      /* "component-model-implements" [49] */
  WT_FEATURE_CM_CANONICAL_NAMES = 1u << 17, /* "component-model-canonical-names" [50] */
  WT_FEATURE_CM_ACCESSORS = 1u << 18,       /* "component-model-accessors" [50] */
  WT_FEATURE_CONCURRENCY_SUPPORT = 1u << 19,/* "concurrency-support": Wasmtime's
                                               machinery for async components [45:
                                               declared from 43, but a library
                                               without the async proposals
                                               aborts when it is turned on] */
  WT_FEATURE_ALL = (1u << 20) - 1
} wt_feature;

/* The feature named `name` (wasmtime's -W spelling, "shared-memory"), or 0
 * for an unknown name or NULL. Owns nothing. */
WT_API unsigned wt_feature_from_name(const char *name);
/* The name of one feature bit ("shared-memory"), or NULL (0, several bits, or
 * an unknown one). The string is static, owned by wt. */
WT_API const char *wt_feature_name(unsigned feature);
/* True when the loaded library can turn on every feature of `features`
 * (wt_feature bits; loads the library first): false for a proposal its
 * Wasmtime has no setting for (shared-memory before 40, exceptions and
 * custom-page-sizes before 39, the component-model proposals before the
 * release each names above), for GC, function references and exceptions
 * before 45 (wt keeps them off there), for bits that are no wt_feature, and
 * when the library cannot be loaded (wt_init's WT_LOAD is then recorded).
 * An engine asked for a feature this says false for is refused with
 * WT_UNSUPPORTED. Owns nothing. */
WT_API bool wt_feature_supported(unsigned features);

/* Engine options. Start from wt_engine_options_init() and change fields. */
typedef struct wt_engine_options {
  bool cache;              /* wt's on-disk compiled-module cache (default off) */
  const char *cache_dir;   /* NULL: $WT_CACHE_DIR, $XDG_CACHE_HOME/wt, ~/.cache/wt */
  uint64_t cache_max_bytes;/* LRU bound on the cache folder; 0: 512 MiB */
  bool cache_trust_files;  /* with cache: wt_module_from_file (and
                              wt_component_from_file) may take an
                              unchanged file's identity for its content, and
                              its artifact's identity for the artifact's (see
                              there); default off: every hit reads and checks
                              both in full */
  int opt_level;           /* wt_opt_level (default WT_OPT_SPEED) */
  bool consume_fuel;       /* needed by wt_store_set_fuel */
  bool epoch_interruption; /* needed by wt_store_set_timeout */
  bool debug_info;         /* DWARF for native debuggers */
  size_t max_wasm_stack;   /* bytes; 0: Wasmtime's default (512 KiB). Wasm runs
                              on the calling thread's stack: call from a thread
                              with this much room and more, or a deep guest
                              crashes the process instead of trapping. */
  bool pooling;            /* pooling instance allocator (WT_CAP_POOLING) */
  uint32_t pooling_instances; /* pool size in instances (0: 100) */
  uint64_t pooling_max_memory;/* per-memory bytes reserved (0: 64 MiB; at most
                                 4 GiB, else WT_INVALID). A pool whose address
                                 space (~4 GiB per instance) the process cannot
                                 reserve gets WT_LIMIT from wt_engine_new. */
  bool allow_precompiled;  /* wt_module_from_file may load a precompiled
                              (.cwasm) file it finds by content. Loading one
                              runs its machine code as it is: only for files
                              you trust. Default off: such a file is refused
                              (WT_INVALID, naming this option). The cache's
                              own artifacts, checked against what wt wrote,
                              and wt_module_deserialize* need no opt-in. */
  unsigned features_on;     /* wt_feature bits turned on ... */
  unsigned features_off;    /* ... and off (WT_INVALID if one is in both);
                               the rest keep Wasmtime's default */
  uint64_t max_module_bytes; /* the largest module input accepted: wasm
                              bytes up to this, WAT text up to a sixteenth
                              of it (Wasmtime's text parser needs up to ~64
                              bytes of memory a byte); 0: WT_MAX_MODULE_BYTES.
                              Larger input gets WT_LIMIT before it is read
                              (text: before it is parsed). */
} wt_engine_options;

/* The default of wt_engine_options.max_module_bytes: 1 GiB. */
#define WT_MAX_MODULE_BYTES (1ull << 30)

/* Fills *opts with the defaults (NULL: no-op). Owns nothing. */
WT_API void wt_engine_options_init(wt_engine_options *opts);

/* Creates an engine with `opts` (NULL: defaults). Every WebAssembly proposal
 * that Wasmtime supports and enables by default is on. On failure returns a
 * status, writes NULL to *out, and nothing needs freeing. The caller owns the
 * engine; delete it after every store, module and linker made from it. */
WT_API wt_status wt_engine_new(const wt_engine_options *opts, wt_engine **out);

/* Frees the engine (and stops its timeout ticker). NULL is a no-op. */
WT_API void wt_engine_delete(wt_engine *engine);

/* Cache statistics of this engine since it was created. */
typedef struct wt_cache_stats {
  uint64_t hits, misses, stores, evictions, corrupt; /* counts */
  uint64_t file_hits;       /* hits of wt_module_from_file that did not read the file */
  uint64_t entries, bytes;  /* current content of the cache folder */
  uint64_t store_failures;  /* entries that could not be written */
  const char *dir;          /* the folder (NULL if unusable), owned by the engine */
  const char *error;        /* NULL, or why the cache is not used (the folder
                               is not the user's alone, not a folder, ...) or
                               the last failure to write an entry; a copy
                               owned by wt, per thread: valid until this
                               thread's next wt_engine_cache_stats */
} wt_cache_stats;

/* The cache folder must be the user's alone: it is created 0700, and one
 * owned by another user, writable by group or others, or not a folder, or
 * under a folder that another user owns (root aside) or may write (sticky
 * ones such as /tmp aside) is not used (as ssh treats its key files).
 * Entries are written 0600; one that another user owns or may write is
 * never trusted. An engine asked for a cache it
 * cannot use is still made, and runs without one: wt_engine_cache_stats
 * then says why (error). Each hit is proven to be what wt wrote for that
 * input: the stored wasm equals the input byte for byte, and the artifact
 * has the size and the digest (XXH3-128 of all of it, bound to the entry's
 * key) recorded when it was written; any other entry is a miss that is
 * removed and rebuilt. The digest guards against damage and mix-ups, not
 * against someone who can write the folder (SECURITY.md). Only regular
 * files are ever opened there.
 * Fills *out; WT_INVALID if the engine was not asked for a cache. Owns
 * nothing. */
WT_API wt_status wt_engine_cache_stats(wt_engine *engine, wt_cache_stats *out);

/* The `error` of wt_engine_cache_stats alone, without listing the folder
 * (which the stats do, for entries and bytes, in time that grows with the
 * folder): NULL if the cache works, or the engine was not asked for one, or
 * engine is NULL. The text is a copy owned by wt, per thread: valid until
 * this thread's next wt_engine_cache_error. */
WT_API const char *wt_engine_cache_error(wt_engine *engine);

/* Removes every entry of the engine's cache folder. WT_INVALID if the engine
 * was not asked for a cache, WT_CACHE if its folder is not usable
 * (wt_engine_cache_stats says why); an entry that cannot be removed is left
 * (still WT_OK). Owns nothing. */
WT_API wt_status wt_engine_cache_clear(wt_engine *engine);

/* ======================================================================
 * Store and context
 * ==================================================================== */

typedef struct wt_store wt_store;
typedef struct wt_context wt_context;

/* Creates a store in `engine`. `data` is the caller's, returned by
 * wt_store_data; `finalizer` (may be NULL) is called with it when the store
 * is deleted. On failure writes NULL to *out and calls finalizer at once
 * (as every call that takes a finalizer does). The caller owns the store
 * and deletes it before the engine. wt_store_delete returns once every
 * finalizer of the store's own (its data's, its WASI output captures')
 * has run. */
WT_API wt_status wt_store_new(wt_engine *engine, void *data, void (*finalizer)(void *), wt_store **out);

/* Frees the store, everything bound to it, and calls the finalizer. NULL is
 * a no-op. */
WT_API void wt_store_delete(wt_store *store);

/* The store's context: the handle every run-time call takes. Owned by the
 * store, valid as long as it. NULL for a NULL store; cannot fail otherwise. */
WT_API wt_context *wt_store_context(wt_store *store);

/* The store a context belongs to; NULL for a NULL context. The store stays
 * the caller's (the one wt_store_new made). */
WT_API wt_store *wt_context_store(wt_context *cx);

/* The caller's data given to wt_store_new; NULL for a NULL store. The data
 * stays the caller's: wt only hands it to the finalizer. */
WT_API void *wt_store_data(wt_store *store);

/* Sets the remaining fuel (engine option consume_fuel required, else
 * WT_UNSUPPORTED). When it runs out the call fails with WT_OUT_OF_FUEL; the
 * store stays usable once refuelled. WT_ERROR if Wasmtime refuses. Owns
 * nothing. */
WT_API wt_status wt_store_set_fuel(wt_store *store, uint64_t fuel);
/* Reads the remaining fuel into *out: WT_UNSUPPORTED without consume_fuel;
 * *out is 0 on failure. Owns nothing. */
WT_API wt_status wt_store_get_fuel(wt_store *store, uint64_t *out);

/* Every later outermost call into wasm in this store fails with WT_TIMEOUT
 * once it has run `ms` milliseconds (0: no deadline). Needs the engine
 * option epoch_interruption; wt runs the ticker thread itself (one per
 * engine, started on first use, stopped by wt_engine_delete). The store
 * stays usable after a timeout; the deadline applies anew to each
 * outermost call (one made from outside every host function). Calls made
 * from a host function into wasm share the deadline of the call under way,
 * so a guest cannot renew its time by calling back through the host. Set
 * from inside a host function, the deadline starts then and binds all of
 * the store's wasm from then on (the host function's callers too, once it
 * returns to them), until the next outermost call arms its own. A host
 * function made with wt_linker_define_func_raw is not seen as one here:
 * set deadlines from the wt_val kind (wt_linker_define_func or
 * wt_linker_define_func_adapted). A ticker thread
 * that cannot be started fails the call with its status (no deadline is
 * set). Owns nothing. */
WT_API wt_status wt_store_set_timeout(wt_store *store, uint64_t ms);

/* Stops the wasm running in `store` from any thread: the call under way
 * fails with WT_INTERRUPTED (trap code WT_TRAP_INTERRUPT, with its frames),
 * as a timeout does, and the store stays usable. Needs the engine option
 * epoch_interruption (else WT_UNSUPPORTED); it cannot fail otherwise.
 * Thread-safe: the one wt call that may be made on a store while another
 * thread uses it (the store must stay alive until it returns). LATENCY:
 * the guest stops at its next function entry or loop back-edge after the
 * call: microseconds for wasm that runs (about 11 us from the call to
 * the stopped call's return on its thread, measured by `make bench`, row
 * interrupt_latency; docs/PERFORMANCE.md); wasm waiting in a host function (a WASI read, a
 * sleep) stops when that function returns to it. An interrupt is never
 * lost: with no call under way, the next call into wasm in this store stops
 * at its start; several before a stop count as one. Owns nothing. */
WT_API wt_status wt_store_interrupt(wt_store *store);

/* Store limits; a negative field means "no limit". Start from
 * wt_limits_init() (every field -1) and set the ones you want: a zeroed
 * struct allows nothing (no instance at all). */
typedef struct wt_limits {
  int64_t memory_size;    /* bytes per linear memory */
  int64_t table_elements; /* elements per table */
  int64_t instances, tables, memories; /* counts per store */
} wt_limits;

/* Fills *limits with "no limit" in every field (NULL: no-op). Owns nothing. */
WT_API void wt_limits_init(wt_limits *limits);

/* Applies limits; growth beyond them fails (memory.grow returns -1 in wasm;
 * wt_memory_grow returns WT_LIMIT) and instantiation beyond them fails with
 * WT_LIMIT. It cannot fail but for NULL arguments (WT_INVALID); the limits are
 * copied. */
WT_API wt_status wt_store_set_limits(wt_store *store, const wt_limits *limits);

/* AFTER A LIMIT IS HIT (proven by tests/test_hostile.c). Each stop unwinds
 * the whole call back to the host; the process and other stores are never
 * affected. What the store is left in:
 *   WT_TIMEOUT         usable at once: the next outermost call gets the full
 *                      `ms` again.
 *                      The deadline is checked only while wasm runs: a guest
 *                      blocked in a host call (a WASI read of stdin, a sleep)
 *                      is stopped when that call returns to wasm.
 *   WT_INTERRUPTED     usable at once: the interrupt was used up by the
 *                      call it stopped.
 *   WT_OUT_OF_FUEL     fuel is 0, so every later call fails the same way at
 *                      once; usable again after wt_store_set_fuel.
 *   WT_STACK_OVERFLOW  usable at once (the wasm stack is empty again).
 *   WT_LIMIT, growth   nothing traps: memory.grow/table.grow return -1 to the
 *                      guest, wt_memory_grow/wt_table_grow return WT_LIMIT.
 *   WT_LIMIT, instantiation  no instance is made; the store is usable.
 *   WT_EXIT            proc_exit ends the call, not the instance: its other
 *                      exports and its WASI state stay usable.
 * A limit hit in a start function (or a reactor's _initialize run by
 * wt_linker_define_module) fails that instantiation with the same status; no
 * instance is made and the store is usable.
 * In every case the instance's memory, globals and tables keep what the
 * guest wrote before it was stopped, which may be a state of its own half
 * done: delete the store unless the guest is known to cope with that. */

/* Runs a garbage collection of externrefs/anyrefs no longer rooted. WT_ERROR
 * if Wasmtime fails; owns nothing. */
WT_API wt_status wt_store_gc(wt_store *store);

/* ======================================================================
 * Module
 * ==================================================================== */

typedef struct wt_module wt_module;

/* Compiles wasm bytes (through the engine's cache when enabled). On failure
 * returns WT_MALFORMED/WT_ERROR (WT_LIMIT: more than max_module_bytes),
 * writes NULL to *out; the bytes stay the caller's either way. The caller
 * owns the module (wt_module_delete). */
WT_API wt_status wt_module_new(wt_engine *engine, const uint8_t *wasm, size_t len, wt_module **out);

/* Compiles WebAssembly text (needs WT_CAP_WAT). As wt_module_new. On failure
 * returns WT_UNSUPPORTED (no WAT support), WT_LIMIT (text over a sixteenth of
 * max_module_bytes), WT_MALFORMED (the message has line and column) or a
 * status of wt_module_new, and writes NULL to *out; the text stays the
 * caller's, and the caller owns the module (wt_module_delete). */
WT_API wt_status wt_module_from_wat(wt_engine *engine, const char *wat, size_t len, wt_module **out);

/* Loads a module from a file: binary `.wasm`, text `.wat` or, with the
 * engine option allow_precompiled, a precompiled `.cwasm` (made by
 * wt_module_serialize for a compatible engine), told apart by content, not
 * by name. As wt_module_new; WT_NOT_FOUND if absent, WT_IO if unreadable
 * or not a regular file, WT_LIMIT if larger than max_module_bytes,
 * WT_INVALID for a precompiled file without allow_precompiled, WT_MALFORMED
 * for a component, binary, text or precompiled (the message says to use
 * wt_component_from_file). With the engine options cache and cache_trust_files, a file loaded before
 * and unchanged since is not read again: its checked artifact is mapped at
 * once (wt_cache_stats.file_hits). "Unchanged" means the same device, inode,
 * size, mtime and ctime, recorded only once the file is over 2 s old. That
 * is why the option is off by default: a file can change without its ctime
 * moving - writes through a shared mapping kept open, or a file system image
 * built with fixed timestamps and mounted in place of another - and would
 * then get the code of its old content. On failure *out is NULL; the caller
 * owns the module (wt_module_delete), and path stays the caller's. */
WT_API wt_status wt_module_from_file(wt_engine *engine, const char *path, wt_module **out);

/* Converts WAT text to wasm bytes in *out (free with wt_free), length in
 * *out_len. On failure *out is NULL and the message has line and column. */
WT_API wt_status wt_wat_to_wasm(const char *wat, size_t len, uint8_t **out, size_t *out_len);

/* Checks bytes without compiling them: WT_OK or WT_MALFORMED/WT_ERROR. Owns
 * nothing: the bytes stay the caller's. */
WT_API wt_status wt_module_validate(wt_engine *engine, const uint8_t *wasm, size_t len);

/* Serializes the compiled module to memory (*out owned by the caller, free
 * with wt_free); on failure *out is NULL. */
WT_API wt_status wt_module_serialize(wt_module *module, uint8_t **out, size_t *out_len);

/* Serializes to a file, atomically (temporary file, then rename). On failure
 * returns a status of wt_module_serialize or WT_IO, and `path` is not
 * replaced (the temporary file is removed). Owns nothing. */
WT_API wt_status wt_module_serialize_file(wt_module *module, const char *path);

/* Loads a serialized module (bytes may be NULL when len is 0: WT_MALFORMED,
 * as wt_module_new). Only ever pass bytes made by
 * wt_module_serialize of a compatible Wasmtime that you trust: they are
 * native code and run as such, unchecked (calling this is the opt-in;
 * allow_precompiled is not needed). As wt_module_new (WT_MALFORMED for a
 * serialized component too, naming wt_component_deserialize): the bytes
 * stay the caller's, and the caller owns the module. */
WT_API wt_status wt_module_deserialize(wt_engine *engine, const uint8_t *bytes, size_t len, wt_module **out);

/* Same from a file, which Wasmtime maps into memory (no copy). WT_NOT_FOUND
 * if absent, WT_IO if unreadable, else as wt_module_deserialize; on failure
 * *out is NULL. The caller owns the module; path stays the caller's. */
WT_API wt_status wt_module_deserialize_file(wt_engine *engine, const char *path, wt_module **out);

/* Frees the module; instances made from it stay valid. NULL is a no-op. */
WT_API void wt_module_delete(wt_module *module);

/* The type of an import or export. */
/* WT_EXTERN_SHARED_MEMORY: a shared memory (threads proposal) as an item
 * (wt_extern, wt_instance_get_export); its type is WT_EXTERN_MEMORY with
 * `shared` set. */
typedef enum wt_extern_kind { WT_EXTERN_FUNC = 0, WT_EXTERN_GLOBAL = 1, WT_EXTERN_TABLE = 2, WT_EXTERN_MEMORY = 3, WT_EXTERN_TAG = 4, WT_EXTERN_SHARED_MEMORY = 5 } wt_extern_kind;

typedef struct wt_extern_type {
  int kind; /* wt_extern_kind */
  /* func */
  size_t nparams, nresults;
  const uint8_t *params, *results; /* wt_valkind each */
  /* global: value kind and mutability; table: element kind */
  uint8_t valkind;
  bool mutable_;
  /* table and memory limits (memory in pages; max UINT64_MAX: none) */
  uint64_t min, max;
  bool is64, shared; /* shared: a shared memory */
} wt_extern_type;

typedef struct wt_import {
  const char *module, *name; /* NUL-terminated, owned by the wt_module */
  wt_extern_type type;
} wt_import;

typedef struct wt_export {
  const char *name;
  wt_extern_type type;
} wt_export;

/* LISTS. Every list of wt is read the same way: wt_<object>_<item>_count
 * gives its length, wt_<object>_<item>_nth(i) its i-th element (WT_NOT_FOUND
 * past the end); a lookup by name is wt_<object>_get_<item>. The module's
 * descriptions point into the module and are valid until it is deleted.
 *
 * The number of imports into *out: WT_NOMEM when the descriptions cannot be
 * built (they are, once, on first use), *out then 0. Owns nothing. */
WT_API wt_status wt_module_import_count(const wt_module *module, size_t *out);
/* The i-th import into *out (strings owned by the module); WT_NOT_FOUND out
 * of range, *out zeroed on failure. */
WT_API wt_status wt_module_import_nth(const wt_module *module, size_t i, wt_import *out);
/* The number of exports into *out: WT_NOMEM when the descriptions cannot
 * be built, *out then 0. Owns nothing. */
WT_API wt_status wt_module_export_count(const wt_module *module, size_t *out);
/* The i-th export into *out (its name owned by the module); WT_NOT_FOUND out
 * of range, *out zeroed on failure. */
WT_API wt_status wt_module_export_nth(const wt_module *module, size_t i, wt_export *out);

/* Formats a type like the wasmtime CLI: "func(i32, i32) -> i32",
 * "global(mut i32)", "memory(1, 2)", "table(1, none, funcref)". Returns the
 * length needed, as snprintf (0 for a NULL type). The text is copied into the
 * caller's buf (NULL or size 0: only measured); owns nothing. */
WT_API size_t wt_extern_type_format(const wt_extern_type *type, char *buf, size_t size);

/* ======================================================================
 * Components
 * ==================================================================== */

/* A component of the WebAssembly component model, compiled for an engine.
 * Its binary starts as a core module's does, with "\0asm", but its next
 * four bytes are 0d 00 01 00 where a module has 01 00 00 00; each kind is
 * told apart by them and refused by the other's functions, naming the one
 * to use. Needs WT_CAP_COMPONENT (Wasmtime 39 and later, every official one):
 * without it every function that makes a component returns WT_UNSUPPORTED.
 * This section loads components: compiling, files, WAT, (de)serializing;
 * the next one has their imports and exports, linking, calls and values
 * ("Components: types, values, linking and calls"). The engine's
 * compiled-module cache (the engine option cache) serves components as it
 * serves modules, under keys of their own: a component and a module are
 * never mistaken for each other. A precompiled component (ELF, as a
 * precompiled module) is told from a precompiled module by its header
 * (Wasmtime marks each), and each loader refuses the other's, naming the
 * function to use. A wt_component, as a wt_module, may be used from any
 * number of threads at once; delete it before its engine. */
typedef struct wt_component wt_component;

/* Compiles a binary component (needs WT_CAP_COMPONENT, else
 * WT_UNSUPPORTED), through the engine's cache when it has one. On failure returns WT_MALFORMED (bytes that are no
 * component: a core module, whose message says to use wt_module_new; text,
 * for wt_component_from_wat; truncated or invalid bytes), WT_LIMIT (more than
 * max_module_bytes) or WT_ERROR, and writes NULL to *out; the bytes stay the
 * caller's either way. The caller owns the component (wt_component_delete). */
WT_API wt_status wt_component_new(wt_engine *engine, const uint8_t *bytes, size_t len, wt_component **out);

/* Compiles component text, "(component ...)" (needs WT_CAP_COMPONENT and
 * WT_CAP_WAT, else WT_UNSUPPORTED), as wt_wat_to_wasm then wt_component_new.
 * On failure returns WT_LIMIT (text over a sixteenth of max_module_bytes),
 * WT_MALFORMED (the message has line and column; the text of a core module
 * says to use wt_module_from_wat) or a status of wt_component_new, and
 * writes NULL to *out; the text stays the caller's, and the caller owns the
 * component (wt_component_delete). */
WT_API wt_status wt_component_from_wat(wt_engine *engine, const char *wat, size_t len, wt_component **out);

/* Loads a component from a file: binary, text or, with the engine option
 * allow_precompiled, precompiled (made by wt_component_serialize for a
 * compatible engine), told apart by content, not by name, as
 * wt_module_from_file does (binary and text through the engine's cache when
 * it has one, with cache_trust_files as for modules). As wt_component_new
 * and wt_component_from_wat; WT_NOT_FOUND if absent, WT_IO if unreadable or
 * not a regular file, WT_LIMIT if larger than max_module_bytes, WT_INVALID
 * for a precompiled file without allow_precompiled (its machine code would
 * run as it is), WT_MALFORMED for a core module, binary, text or
 * precompiled (the message says to use wt_module_from_file), or content that
 * is no component. On failure *out is
 * NULL; the caller owns the component (wt_component_delete), and path stays
 * the caller's. */
WT_API wt_status wt_component_from_file(wt_engine *engine, const char *path, wt_component **out);

/* Serializes the compiled component to memory: *out (owned by the caller,
 * free with wt_free) and its length *out_len. WT_ERROR if Wasmtime fails,
 * WT_NOMEM; on failure *out is NULL and *out_len 0. */
WT_API wt_status wt_component_serialize(wt_component *component, uint8_t **out, size_t *out_len);

/* Loads a serialized component (bytes may be NULL when len is 0:
 * WT_MALFORMED, as wt_component_new). Only ever pass bytes made by
 * wt_component_serialize of a compatible Wasmtime that you trust: they are
 * native code and run as such, unchecked (calling this is the opt-in;
 * allow_precompiled is not needed). WT_UNSUPPORTED without
 * WT_CAP_COMPONENT, WT_MALFORMED for bytes Wasmtime refuses (a serialized
 * core module too, named by its header: wt_module_deserialize loads those); on failure *out is
 * NULL. The bytes stay the caller's; the caller owns the component. */
WT_API wt_status wt_component_deserialize(wt_engine *engine, const uint8_t *bytes, size_t len, wt_component **out);

/* Same from a file, which Wasmtime maps into memory (no copy): the file
 * opened and checked is the one mapped. WT_NOT_FOUND if absent, WT_IO if
 * unreadable or not a regular file, else as wt_component_deserialize; on
 * failure *out is NULL. The caller owns the component; path stays the
 * caller's. */
WT_API wt_status wt_component_deserialize_file(wt_engine *engine, const char *path, wt_component **out);

/* Frees the component. NULL is a no-op. */
WT_API void wt_component_delete(wt_component *component);

/* ======================================================================
 * Store-bound items (plain data, owned by their store)
 * ==================================================================== */

typedef struct wt_func { uint64_t p_[3]; } wt_func;      /* + cached signature */
typedef struct wt_memory { uint64_t p_[3]; } wt_memory;
typedef struct wt_global { uint64_t p_[3]; } wt_global;
typedef struct wt_table { uint64_t p_[3]; } wt_table;
typedef struct wt_instance { uint64_t p_[2]; } wt_instance;

/* An item of a store. A shared memory (kind WT_EXTERN_SHARED_MEMORY) is in
 * of.memory: every wt_memory_* call takes it, and it stays valid while its
 * store lives (the store keeps one reference to it per memory). */
typedef struct wt_extern {
  int kind; /* wt_extern_kind */
  union { wt_func func; wt_global global; wt_table table; wt_memory memory; uint64_t tag_[3]; } of;
} wt_extern;

/* ======================================================================
 * Linker
 * ==================================================================== */

typedef struct wt_linker wt_linker;
typedef struct wt_caller wt_caller;

/* Creates a linker for `engine`. On failure *out is NULL. The caller owns
 * it (wt_linker_delete), and deletes it before the engine. */
WT_API wt_status wt_linker_new(wt_engine *engine, wt_linker **out);
/* Frees the linker; instances made with it belong to their store and stay
 * valid. NULL is a no-op. */
WT_API void wt_linker_delete(wt_linker *linker);

/* Allows a later definition to replace an earlier one of the same name.
 * It cannot fail (a NULL linker: no-op); owns nothing. */
WT_API void wt_linker_allow_shadowing(wt_linker *linker, bool allow);

/* A host function. args/results have the kinds given at definition (wt
 * checked them). Return WT_OK, or the value of wt_caller_trap() to trap
 * with that reason. Any other status traps too: returning the status of
 * this host function's last failed call into wasm (wt_func_call ...)
 * unchanged passes that call's outcome on, so the outer call reports it as
 * it was (WT_EXIT with its exit code, the trap code, the frames, nested
 * first); any other gives "host function failed: <wt_strerror>". A reason
 * recorded by wt_caller_trap in a host call that then returns WT_OK is
 * dropped. Never longjmp out of it. */
typedef wt_status (*wt_host_fn)(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults);

/* Defines module.name as a host function of the given type. `env` goes to
 * every call; `finalizer` (may be NULL) is called with env when the linker
 * and every instance using the function are gone - on failure too (at
 * once). Calls take Wasmtime's unchecked fast path: arguments are
 * converted from raw slots by their known kinds, no allocation. On failure
 * returns WT_INVALID (NULL fn, a bad type, more than 16 params or
 * results), WT_NOMEM or WT_ERROR (e.g. a name
 * already defined, without shadowing); the kinds are copied, and env stays
 * the caller's, handed to finalizer. */
WT_API wt_status wt_linker_define_func(wt_linker *linker, const char *module, const char *name,
                                 const uint8_t *params, size_t nparams,
                                 const uint8_t *results, size_t nresults,
                                 wt_host_fn fn, void *env, void (*finalizer)(void *));

/* ---- the raw fast path for host functions ---- */

/* One slot of a raw host call (the layout of Wasmtime's wasmtime_val_raw_t
 * for numbers): parameters arrive in slots[0..nparams), results go to
 * slots[0..nresults). */
typedef union wt_raw { int32_t i32; int64_t i64; float f32; double f64; uint8_t v128[16]; } wt_raw;

/* A trap to return from a raw host function (Wasmtime takes ownership). */
typedef struct wt_trap wt_trap;

/* A raw host function: return NULL on success, or wt_trap_new(...). It has
 * no wt frame around it: a nested call's outcome cannot be passed on (the
 * trap has the message given to wt_trap_new), and deadlines set inside it
 * do not know it is one (see wt_store_set_timeout). */
typedef wt_trap *(*wt_host_raw_fn)(void *env, wt_caller *caller, wt_raw *slots, size_t nslots);

/* Makes a trap with a printf-style message (fmt NULL: "host trap"), for a
 * raw host function to return; NULL if the library cannot be loaded. Owned
 * by whoever returns it to wt (a raw host function's return value passes it
 * to Wasmtime). */
WT_API wt_trap *wt_trap_new(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* As wt_linker_define_func, but `fn` is registered as Wasmtime's own
 * unchecked callback: no wrapper, no conversion - a call costs what a raw
 * Wasmtime host function costs. Numeric and v128 kinds only (WT_INVALID
 * otherwise); `fn` must read and write slots by the declared kinds.
 * `finalizer` runs with env when the function is dropped, or at once on
 * failure. */
WT_API wt_status wt_linker_define_func_raw(wt_linker *linker, const char *module, const char *name,
                                     const uint8_t *params, size_t nparams,
                                     const uint8_t *results, size_t nresults,
                                     wt_host_raw_fn fn, void *env, void (*finalizer)(void *));

/* ---- host functions with their adapter compiled in ---- */

/* wt's record of an adapted definition (its layout is internal: wt.h's
 * inline section). */
struct wt__host;

/* A wt_host_fn's adapter, made by WT_HOST_ADAPTER: Wasmtime's own callback
 * for the function, which runs it with wt_vals as wt_linker_define_func's
 * trampoline would. Its first argument is wt's record of the definition,
 * not the user's env - a type of its own, so that an adapter and a
 * wt_host_raw_fn cannot be given one for the other without a compiler
 * diagnostic. Call one only with the arguments Wasmtime passed to a
 * callback of yours (e.g. a wrapper registered in its place). */
typedef wt_trap *(*wt_host_adapter)(struct wt__host *record, wt_caller *caller, wt_raw *slots, size_t nslots);

/* WT_HOST_ADAPTER(adapter, fn); - at file scope where the wt_host_fn fn is
 * declared, followed by a semicolon - defines `adapter`, a static
 * wt_host_adapter (so registered from this file) that runs fn, called
 * directly so that the compiler can inline it, with exactly the semantics
 * of wt_linker_define_func's trampoline: the arguments as wt_vals of the
 * declared kinds, results that start as their kind and zero, a result of
 * the wrong kind, a failure or a wt_caller_trap reason made into the trap
 * it would be (an unused reason dropped, the results still returned), a
 * nested call's outcome passed on, a deadline set inside it treated as one
 * set in a host function. Give it, with fn, to
 * wt_linker_define_func_adapted (or wt_func_new_adapted, for a function of
 * the store): a wt_val host call then costs what a raw
 * one does, where the plain definition pays one more call through a
 * pointer (docs/PERFORMANCE.md). With GCC or Clang (and without
 * WT_NO_INLINE_CALLS) its common case is in the caller's code; elsewhere
 * it calls wt's generic trampoline. An unused adapter draws no warning. */
#if defined(__GNUC__)
#define WT__UNUSED __attribute__((unused))
#else
#define WT__UNUSED
#endif
#define WT_HOST_ADAPTER(adapter, fn)                                                              \
  WT__UNUSED static wt_trap *adapter(struct wt__host *wt__record, wt_caller *wt__caller, wt_raw *wt__slots, \
                                     size_t wt__n) {                                              \
    (void)wt__n;                                                                                  \
    return wt__host_adapt(wt__record, wt__caller, wt__slots, (fn));                               \
  }                                                                                               \
  struct wt__host /* takes the semicolon */

/* The generic trampoline WT_HOST_ADAPTER's adapters call for a shape they
 * do not convert themselves (internal: never call it). Returns the call's
 * trap, owned by Wasmtime once returned to it, or NULL (also, with the
 * error recorded, for a NULL record, fn or needed slots: nothing runs). */
WT_API wt_trap *wt__host_run(struct wt__host *record, wt_caller *caller, wt_raw *slots, wt_host_fn fn);

/* As wt_linker_define_func(linker, module, name, params, nparams, results,
 * nresults, fn, env, finalizer) - the same checks, failures, ownership of
 * env and finalizer, and calls of fn - with `adapter`, made by
 * WT_HOST_ADAPTER(adapter, fn) for this same fn, as Wasmtime's callback
 * when every kind is a number or v128; a signature with references calls
 * fn as wt_linker_define_func does. Both adapter and fn are required
 * whatever the kinds. wt cannot tell an adapter made for another function:
 * it runs that one, with this env. On failure returns WT_INVALID (a NULL
 * linker, module, name, adapter or fn, a bad type, more than 16 params or
 * results), WT_NOMEM or WT_ERROR
 * (e.g. a name already defined, without shadowing), and finalizer has run
 * with env. */
WT_API wt_status wt_linker_define_func_adapted(wt_linker *linker, const char *module, const char *name,
                                         const uint8_t *params, size_t nparams,
                                         const uint8_t *results, size_t nresults,
                                         wt_host_adapter adapter, wt_host_fn fn, void *env,
                                         void (*finalizer)(void *));

/* Defines module.name as an existing item of the store (e.g. a wt_memory).
 * WT_INVALID for an item of another store or of a bad kind, WT_ERROR if
 * Wasmtime refuses (a name already defined, without shadowing); the item is
 * copied and stays owned by its store. */
WT_API wt_status wt_linker_define(wt_linker *linker, wt_context *cx, const char *module, const char *name, const wt_extern *item);

/* Defines every export of `instance` under module name `name`, so that a
 * later module can import them. WT_INVALID for an instance of another store,
 * WT_ERROR if Wasmtime refuses; owns nothing (the instance stays its
 * store's). */
WT_API wt_status wt_linker_define_instance(wt_linker *linker, wt_context *cx, const char *name, const wt_instance *instance);

/* Defines the WASI preview1 imports (needs WT_CAP_WASI); the store needs a
 * WASI configuration (wt_store_set_wasi) before instantiation: a module
 * that imports WASI is refused (WT_INVALID) in a store without one (where
 * Wasmtime would abort the process at its first WASI call). WT_UNSUPPORTED
 * without WASI; owns nothing (each store gets its own wt_wasi). */
WT_API wt_status wt_linker_define_wasi(wt_linker *linker);

/* Makes every import of `module` the linker lacks a function that traps.
 * WT_ERROR if Wasmtime refuses; owns nothing (the module stays the caller's). */
WT_API wt_status wt_linker_define_unknown_imports_as_traps(wt_linker *linker, const wt_module *module);

/* Instantiates `module` with the linker's definitions. On success *out is
 * the instance (owned by the store). On failure *out is zeroed and the
 * status is WT_NOT_FOUND (unknown import), WT_TYPE (import of another type),
 * WT_TRAP (the start function trapped), WT_EXIT, WT_LIMIT, WT_INVALID (WASI
 * imports in a store without a WASI configuration) or WT_ERROR. */
WT_API wt_status wt_linker_instantiate(const wt_linker *linker, wt_context *cx, const wt_module *module, wt_instance *out);

/* Instantiates a command/reactor module as `name` (WASI style: each export
 * call gets a fresh instance for commands). On failure returns a status as
 * wt_linker_instantiate does (WT_INVALID: WASI imports in a store without a
 * WASI configuration); the instances are owned by the store, and the module
 * stays the caller's. For a command, Wasmtime prepares an instantiation
 * and a linker entry per exported function (~1.5 us each: 25 ms for 15,000
 * exports): to run a module once, wt_linker_instantiate it and call its
 * "_start", as `wt run` does. */
WT_API wt_status wt_linker_define_module(wt_linker *linker, wt_context *cx, const char *name, const wt_module *module);

/* The default export ("_start" or "") of module `name` defined by
 * wt_linker_define_module ("" for an unnamed one); as in Wasmtime, a function that
 * does nothing when the linker has neither. On failure returns the status of
 * Wasmtime's error (WT_ERROR) and zeroes *out; the function is owned by the
 * store. */
WT_API wt_status wt_linker_get_default(const wt_linker *linker, wt_context *cx, const char *name, wt_func *out);

/* Looks up module.name in the linker. WT_NOT_FOUND if undefined (WT_INVALID
 * for a WASI item in a store without WASI); *out is zeroed on failure. The
 * item is owned by the store. */
WT_API wt_status wt_linker_get(const wt_linker *linker, wt_context *cx, const char *module, const char *name, wt_extern *out);

/* Link once, instantiate many: resolves every import of `module` now. The
 * caller owns *out (wt_instance_pre_delete); NULL on failure. */
typedef struct wt_instance_pre wt_instance_pre;
/* Resolves every import of `module` now: WT_ERROR (or WT_NOT_FOUND, WT_TYPE)
 * if Wasmtime refuses, WT_NOMEM; *out is NULL on failure, else owned by the caller. */
WT_API wt_status wt_linker_instantiate_pre(const wt_linker *linker, const wt_module *module, wt_instance_pre **out);
/* Instantiates in cx: fails as wt_linker_instantiate (WT_INVALID: WASI
 * imports in a store without WASI), *out zeroed; owned by the store. */
WT_API wt_status wt_instance_pre_instantiate(const wt_instance_pre *pre, wt_context *cx, wt_instance *out);
/* Frees `pre`; instances made from it stay valid. NULL is a no-op. */
WT_API void wt_instance_pre_delete(wt_instance_pre *pre);

/* ---- inside a host function ---- */

/* The context of the store that called; valid during the call, owned by the
 * store. NULL for a NULL caller. */
WT_API wt_context *wt_caller_context(wt_caller *caller);

/* The user data of the calling store (wt_store_new's `data`) in one call:
 * NULL for a NULL caller or a store made without data. Owns nothing. */
WT_API void *wt_caller_data(wt_caller *caller);

/* Looks up an export of the calling instance (e.g. its "memory").
 * WT_NOT_FOUND if absent, *out zeroed; the item is owned by the store. */
WT_API wt_status wt_caller_get_export(wt_caller *caller, const char *name, wt_extern *out);

/* Shorthand: the calling instance's exported memory `name`. WT_NOT_FOUND if
 * absent, WT_TYPE if no memory, *out zeroed; the memory is owned by the store. */
WT_API wt_status wt_caller_get_memory(wt_caller *caller, const char *name, wt_memory *out);

/* Records a trap message (printf-style; fmt NULL: "host trap") for the
 * current host call and returns WT_TRAP:
 * `return wt_caller_trap(caller, "bad fd %d", fd);`. The message is copied
 * (fmt stays the caller's). */
WT_API wt_status wt_caller_trap(wt_caller *caller, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ======================================================================
 * Instance: exports
 * ==================================================================== */

/* Looks up an export by name. WT_NOT_FOUND if absent, WT_TYPE if the
 * export is of another kind (wt_instance_get_memory takes a shared memory
 * too); *out is zeroed on failure. */
WT_API wt_status wt_instance_get_export(wt_context *cx, const wt_instance *inst, const char *name, wt_extern *out);
/* The export `name` as a function: as wt_instance_get_export (WT_NOT_FOUND,
 * WT_TYPE, *out zeroed); owned by the store. */
WT_API wt_status wt_instance_get_func(wt_context *cx, const wt_instance *inst, const char *name, wt_func *out);
/* The export `name` as a memory (shared too): as wt_instance_get_export (WT_NOT_FOUND,
 * WT_TYPE, *out zeroed); owned by the store. */
WT_API wt_status wt_instance_get_memory(wt_context *cx, const wt_instance *inst, const char *name, wt_memory *out);
/* The export `name` as a global: as wt_instance_get_export (WT_NOT_FOUND,
 * WT_TYPE, *out zeroed); owned by the store. */
WT_API wt_status wt_instance_get_global(wt_context *cx, const wt_instance *inst, const char *name, wt_global *out);
/* The export `name` as a table: as wt_instance_get_export (WT_NOT_FOUND,
 * WT_TYPE, *out zeroed); owned by the store. */
WT_API wt_status wt_instance_get_table(wt_context *cx, const wt_instance *inst, const char *name, wt_table *out);

/* The number of exports of inst into *out: WT_INVALID for an instance of
 * another store (or a zeroed handle), *out then 0. Owns nothing. */
WT_API wt_status wt_instance_export_count(wt_context *cx, const wt_instance *inst, size_t *out);
/* The i-th export: its name (owned by the store, valid while it lives;
 * name_len may be NULL) and item. WT_NOT_FOUND past the end. */
WT_API wt_status wt_instance_export_nth(wt_context *cx, const wt_instance *inst, size_t i, const char **name, size_t *name_len, wt_extern *out);

/* ======================================================================
 * Functions
 * ==================================================================== */

/* The function's type, as kinds (pointers into *out valid until the next
 * call on this thread, owned by wt). WT_INVALID for a function of another
 * store, WT_UNSUPPORTED past 64 params+results; *out zeroed on failure. */
WT_API wt_status wt_func_type(wt_context *cx, const wt_func *func, wt_extern_type *out);

/* Generic call: any arity, multi-value. args must match the parameter kinds
 * (else WT_TYPE) and nargs/nresults the counts (else WT_INVALID); on either
 * refusal nothing runs. Returns
 * WT_OK, WT_TRAP (and the limit codes), WT_EXIT or WT_ERROR. Results that
 * hold externrefs must be released with wt_val_release: the caller owns
 * their roots; args stay the caller's. */
WT_API wt_status wt_func_call(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, wt_val *results, size_t nresults);

/* Typed helpers: the function's signature was recorded when it was looked
 * up; each call checks it against args and the result type (WT_TYPE or
 * WT_INVALID, nothing runs) and then calls through Wasmtime's unchecked
 * path with no allocation. A function with reference types or more than
 * 13 params+results gets WT_UNSUPPORTED (use wt_func_call). On any failure
 * the result of the helpers that have one (*out) is 0. With GCC or Clang
 * the common case compiles into the caller (see the call fast path in the
 * inline section at the end); the outcome is the same. wt_func_call_0 is
 * for functions with no result. Owns nothing: args stay the caller's. */
WT_API wt_status wt_func_call_0(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs);
/* One i32 result in *out (0 on failure); as wt_func_call_0. Owns nothing. */
WT_API wt_status wt_func_call_i32(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, int32_t *out);
/* One i64 result in *out (0 on failure); as wt_func_call_0. Owns nothing. */
WT_API wt_status wt_func_call_i64(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, int64_t *out);
/* One f32 result in *out (0 on failure); as wt_func_call_0. Owns nothing. */
WT_API wt_status wt_func_call_f32(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, float *out);
/* One f64 result in *out (0 on failure); as wt_func_call_0. Owns nothing. */
WT_API wt_status wt_func_call_f64(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, double *out);
/* A typed call with any number of results (multi-value), written to
 * results[0..nresults) with their kinds: as wt_func_call_0 (the recorded
 * signature checked, numbers and v128 only, else WT_UNSUPPORTED; Wasmtime's
 * unchecked path, no allocation), and nresults must be the function's
 * result count (else WT_INVALID, nothing runs). Not inline: one call into
 * wt. On failure results are zeroed (after args are read: the two may
 * overlap). Owns nothing. */
WT_API wt_status wt_func_call_n(wt_context *cx, const wt_func *func, const wt_val *args, size_t nargs, wt_val *results,
                                size_t nresults);

/* The raw fast path, partner of wt_linker_define_func_raw: the arguments go
 * in vals[0..nparams) and on success the results come back in
 * vals[0..nresults); nvals is the room in vals, at least the larger count
 * (else WT_INVALID). Only the counts and the store are checked per call,
 * so it costs what Wasmtime's unchecked call costs; it is safe because
 * only functions whose types are all numbers (i32, i64, f32, f64, v128) are
 * accepted (else WT_UNSUPPORTED): a value of the wrong kind is only a wrong
 * number. Returns as wt_func_call. Owns nothing. */
WT_API wt_status wt_func_call_raw(wt_context *cx, const wt_func *func, wt_raw *vals, size_t nvals);


/* Creates a host function in the store, not in a linker (for tables and
 * funcref values, or wt_linker_define as an item), called as
 * wt_linker_define_func's are; env stays the caller's, handed to
 * finalizer (may be NULL) when the store drops the function. On failure
 * returns WT_INVALID (a NULL cx, fn or out, a bad type, more than 16
 * params or results) or WT_NOMEM, with *out zeroed and finalizer run at
 * once. The function is owned by the store. */
WT_API wt_status wt_func_new(wt_context *cx, const uint8_t *params, size_t nparams, const uint8_t *results, size_t nresults, wt_host_fn fn, void *env, void (*finalizer)(void *), wt_func *out);

/* As wt_func_new - the same checks, ownership of env and finalizer, and
 * calls of fn - with `adapter`, made by WT_HOST_ADAPTER(adapter, fn) for
 * this same fn, as Wasmtime's callback when every kind is a number or
 * v128, as wt_linker_define_func_adapted does for a linker's definition;
 * a signature with references calls fn as wt_func_new does. Both adapter
 * and fn are required whatever the kinds. wt cannot tell an adapter made
 * for another function: it runs that one, with this env. On failure
 * returns WT_INVALID (a NULL cx, adapter, fn or out, a bad type, more
 * than 16 params or results) or WT_NOMEM, with *out zeroed and finalizer
 * run at once. */
WT_API wt_status wt_func_new_adapted(wt_context *cx, const uint8_t *params, size_t nparams, const uint8_t *results,
                                     size_t nresults, wt_host_adapter adapter, wt_host_fn fn, void *env,
                                     void (*finalizer)(void *), wt_func *out);

/* ---- references ---- */

/* A funcref value for `func` (NULL: null funcref). It cannot fail; the value is
 * plain data (nothing to release), the function owned by its store. */
WT_API wt_val wt_val_funcref(const wt_func *func);

/* The function of a non-null funcref value: WT_OK, or WT_INVALID (not a
 * funcref) / WT_NOT_FOUND (null); *out zeroed on failure. The function is
 * owned by its store. */
WT_API wt_status wt_val_get_funcref(wt_context *cx, const wt_val *v, wt_func *out);

/* A new externref holding `data`; `finalizer` (may be NULL) runs when the
 * store collects it (or at once if this fails). The value holds a root:
 * release it with wt_val_release once stored elsewhere or passed. */
WT_API wt_status wt_val_externref(wt_context *cx, void *data, void (*finalizer)(void *), wt_val *out);

/* The data of an externref made by wt_val_externref (NULL for null, not an
 * externref, or one of another store). The data stays the caller's. */
WT_API void *wt_val_externref_data(wt_context *cx, const wt_val *v);

/* What a reference value refers to: the kind of its referent, finer than
 * its wt_valkind for an anyref (which may hold an i31, a struct, an array,
 * another eqref, or an internalized host reference: WT_REF_ANY). */
typedef enum wt_ref_kind {
  WT_REF_NULL = 0, WT_REF_FUNC, WT_REF_EXTERN, WT_REF_I31, WT_REF_STRUCT, WT_REF_ARRAY,
  WT_REF_EQ,   /* an eqref that is none of the above (none is, today) */
  WT_REF_ANY,  /* an anyref that is no eqref (e.g. from any.convert_extern) */
  WT_REF_EXN
} wt_ref_kind;

/* The wt_ref_kind of reference value v (WT_REF_NULL for a null of any
 * reference kind). On failure returns -WT_INVALID (v NULL, a number, or a
 * reference of another store) with the message set. Owns nothing. */
WT_API int wt_val_ref_kind(wt_context *cx, const wt_val *v);

/* Releases the GC root a value may hold and zeroes it (no-op for numbers,
 * funcrefs and nulls). A value not released leaks its root until the store
 * is deleted; releasing one twice is a no-op (it is null then). The wt_val
 * itself stays the caller's. */
WT_API void wt_val_release(wt_val *v);

/* ======================================================================
 * Memory (every access bounds-checked: WT_BOUNDS, nothing written)
 *
 * The scalar helpers (read/write of i32, i64, f32, f64) have, with GCC or
 * Clang, an inline fast path for a memory whose base never moves (every
 * 32-bit memory; a 64-bit one with a maximum of at most 65536 pages): see
 * THE MEMORY FAST PATH in the inline section. Their outcomes are those of
 * the exported functions.
 * ==================================================================== */

/* Copies len bytes at offset into dst: WT_BOUNDS (nothing copied) or
 * WT_INVALID (another store); owns nothing. */
WT_API wt_status wt_memory_read(wt_context *cx, const wt_memory *mem, uint64_t offset, void *dst, size_t len);
/* Copies len bytes of src to offset: WT_BOUNDS (nothing written) or
 * WT_INVALID (another store); owns nothing. */
WT_API wt_status wt_memory_write(wt_context *cx, const wt_memory *mem, uint64_t offset, const void *src, size_t len);
/* Reads a little-endian i32 at offset; *out is 0 on failure. Owns nothing. */
WT_API wt_status wt_memory_read_i32(wt_context *cx, const wt_memory *mem, uint64_t offset, int32_t *out);
/* Reads a little-endian i64 at offset; *out is 0 on failure. Owns nothing. */
WT_API wt_status wt_memory_read_i64(wt_context *cx, const wt_memory *mem, uint64_t offset, int64_t *out);
/* Reads a little-endian f32 at offset; *out is 0 on failure. Owns nothing. */
WT_API wt_status wt_memory_read_f32(wt_context *cx, const wt_memory *mem, uint64_t offset, float *out);
/* Reads a little-endian f64 at offset; *out is 0 on failure. Owns nothing. */
WT_API wt_status wt_memory_read_f64(wt_context *cx, const wt_memory *mem, uint64_t offset, double *out);
/* Writes v as a little-endian i32 at offset (WT_BOUNDS: nothing written).
 * Owns nothing. */
WT_API wt_status wt_memory_write_i32(wt_context *cx, const wt_memory *mem, uint64_t offset, int32_t v);
/* Writes v as a little-endian i64 at offset (WT_BOUNDS: nothing written).
 * Owns nothing. */
WT_API wt_status wt_memory_write_i64(wt_context *cx, const wt_memory *mem, uint64_t offset, int64_t v);
/* Writes v as a little-endian f32 at offset (WT_BOUNDS: nothing written).
 * Owns nothing. */
WT_API wt_status wt_memory_write_f32(wt_context *cx, const wt_memory *mem, uint64_t offset, float v);
/* Writes v as a little-endian f64 at offset (WT_BOUNDS: nothing written).
 * Owns nothing. */
WT_API wt_status wt_memory_write_f64(wt_context *cx, const wt_memory *mem, uint64_t offset, double v);

/* Copies the guest string of len bytes at offset ({ptr, len}, as guests
 * pass them) into buf and NUL-terminates it. On failure writes "" (when
 * size > 0) and returns WT_BOUNDS (the bytes are not all in the memory) or
 * WT_INVALID (buf cannot hold len + 1 bytes, or NULL with size > 0); the
 * bytes are copied as they are (no UTF-8 check). Owns nothing. */
WT_API wt_status wt_memory_read_string(wt_context *cx, const wt_memory *mem, uint64_t offset, size_t len, char *buf,
                                 size_t size);
/* Copies the NUL-terminated guest string at offset into buf (its NUL too).
 * On failure writes "" (when size > 0) and returns WT_BOUNDS (no NUL before
 * the memory's end, or offset past it) or WT_INVALID (the string and its
 * NUL do not fit in size bytes). Owns nothing. */
WT_API wt_status wt_memory_read_cstring(wt_context *cx, const wt_memory *mem, uint64_t offset, char *buf, size_t size);

/* Base pointer and byte size (size may be NULL) of the memory. Valid until
 * the memory grows or any wasm runs (which may grow it). NULL on a bad
 * handle. For a shared memory the base never moves, but the bytes are
 * shared with every thread running wasm on it: other threads may read and
 * write them at any moment (use atomics or the guest's own protocol), and
 * the size may grow meanwhile (it never shrinks). */
WT_API uint8_t *wt_memory_data(wt_context *cx, const wt_memory *mem, size_t *size);

/* The current size in bytes into *out: WT_INVALID for a memory of another
 * store (or a zeroed handle), *out then 0. Owns nothing. */
WT_API wt_status wt_memory_size(wt_context *cx, const wt_memory *mem, uint64_t *out);
/* The current size in pages (of the memory's page size) into *out:
 * WT_INVALID for a memory of another store, *out then 0. Owns nothing. */
WT_API wt_status wt_memory_pages(wt_context *cx, const wt_memory *mem, uint64_t *out);

/* Grows by `delta` pages; *prev_pages (may be NULL) gets the old size.
 * WT_LIMIT when the maximum or a store limit forbids it. Owns nothing. */
WT_API wt_status wt_memory_grow(wt_context *cx, const wt_memory *mem, uint64_t delta, uint64_t *prev_pages);

/* Creates a memory in the store (min/max in 64 KiB pages; max UINT64_MAX
 * for none), e.g. to be defined in a linker. WT_ERROR (a bad type) or
 * WT_LIMIT if refused, *out zeroed; the memory is owned by the store. */
WT_API wt_status wt_memory_new(wt_context *cx, uint64_t min, uint64_t max, bool is64, wt_memory *out);

/* ======================================================================
 * Globals and tables
 * ==================================================================== */

/* Reads any global. Release externref results with wt_val_release (the
 * caller owns that root). WT_INVALID for a global of another store; *out
 * zeroed on failure. */
WT_API wt_status wt_global_get(wt_context *cx, const wt_global *g, wt_val *out);

/* Sets a mutable global; WT_TYPE for a const global or a value of another
 * kind. Owns nothing: v stays the caller's (the global holds its own root). */
WT_API wt_status wt_global_set(wt_context *cx, const wt_global *g, const wt_val *v);

/* Typed shorthands: WT_TYPE if the global holds another kind. Owns nothing;
 * *out is 0 on failure. */
WT_API wt_status wt_global_get_i32(wt_context *cx, const wt_global *g, int32_t *out);
/* Reads an i64 global; WT_TYPE otherwise, *out 0 on failure. Owns nothing. */
WT_API wt_status wt_global_get_i64(wt_context *cx, const wt_global *g, int64_t *out);
/* Reads an f32 global; WT_TYPE otherwise, *out 0 on failure. Owns nothing. */
WT_API wt_status wt_global_get_f32(wt_context *cx, const wt_global *g, float *out);
/* Reads an f64 global; WT_TYPE otherwise, *out 0 on failure. Owns nothing. */
WT_API wt_status wt_global_get_f64(wt_context *cx, const wt_global *g, double *out);
/* Sets a mutable i32 global; WT_TYPE otherwise. Owns nothing. */
WT_API wt_status wt_global_set_i32(wt_context *cx, const wt_global *g, int32_t v);
/* Sets a mutable i64 global; WT_TYPE otherwise. Owns nothing. */
WT_API wt_status wt_global_set_i64(wt_context *cx, const wt_global *g, int64_t v);
/* Sets a mutable f32 global; WT_TYPE otherwise. Owns nothing. */
WT_API wt_status wt_global_set_f32(wt_context *cx, const wt_global *g, float v);
/* Sets a mutable f64 global; WT_TYPE otherwise. Owns nothing. */
WT_API wt_status wt_global_set_f64(wt_context *cx, const wt_global *g, double v);

/* Creates a global in the store (e.g. for a linker). WT_INVALID for a kind a
 * global cannot hold, WT_ERROR if refused; *out zeroed on failure. The global
 * is owned by the store; init is copied. */
WT_API wt_status wt_global_new(wt_context *cx, const wt_val *init, bool mutable_, wt_global *out);

/* Table access: WT_BOUNDS past the end, WT_TYPE for a value of another kind
 * than the elements; wt_table_grow: WT_LIMIT past the maximum (init may be
 * NULL: null; prev_size may be NULL).
 * The number of slots into *out: WT_INVALID for a table of another store
 * (or a zeroed handle), *out then 0. Owns nothing. */
WT_API wt_status wt_table_size(wt_context *cx, const wt_table *t, uint64_t *out);
/* Reads slot index: WT_BOUNDS past the end, *out zeroed on failure; the
 * caller owns (releases) a non-null externref result. */
WT_API wt_status wt_table_get(wt_context *cx, const wt_table *t, uint64_t index, wt_val *out);
/* Sets slot index: WT_BOUNDS past the end, WT_TYPE for another kind. Owns
 * nothing: v stays the caller's. */
WT_API wt_status wt_table_set(wt_context *cx, const wt_table *t, uint64_t index, const wt_val *v);
/* Grows by delta slots set to init: WT_LIMIT past the maximum, WT_TYPE for
 * another kind. Owns nothing. */
WT_API wt_status wt_table_grow(wt_context *cx, const wt_table *t, uint64_t delta, const wt_val *init, uint64_t *prev_size);

/* Creates a table of `elem` kind (WT_FUNCREF/WT_EXTERNREF) in the store,
 * every slot `init` (NULL: null). WT_TYPE if init is of another kind. On
 * failure *out is zeroed; the table is owned by the store. */
WT_API wt_status wt_table_new(wt_context *cx, wt_valkind elem, uint32_t min, uint32_t max, const wt_val *init, wt_table *out);

/* ======================================================================
 * WASI preview1
 * ==================================================================== */

typedef struct wt_wasi wt_wasi;

/* A new WASI configuration: no args, no env, stdin empty, stdout/stderr
 * discarded, no directories. The caller owns it until wt_store_set_wasi.
 * WT_UNSUPPORTED without WASI, WT_NOMEM; *out is NULL on failure. */
WT_API wt_status wt_wasi_new(wt_wasi **out);
/* Frees a configuration never given to a store. NULL is a no-op. */
WT_API void wt_wasi_delete(wt_wasi *wasi);

/* argv (copied). WT_INVALID for a NULL argv[i] or one not valid UTF-8. */
WT_API wt_status wt_wasi_set_args(wt_wasi *wasi, size_t argc, const char *const *argv);
/* Adds NAME=VALUE (copied); wt_wasi_inherit_env adds the host's. WT_NOMEM
 * on failure (text not valid UTF-8 fails at wt_store_set_wasi). */
WT_API wt_status wt_wasi_add_env(wt_wasi *wasi, const char *name, const char *value);
/* Adds every variable of the host's environment (copied); WT_NOMEM on
 * failure, the ones added before stay. */
WT_API wt_status wt_wasi_inherit_env(wt_wasi *wasi);

/* stdin: bytes (copied), a file, or the host's stdin. It cannot fail but for
 * NULL arguments (WT_INVALID). */
WT_API wt_status wt_wasi_set_stdin_bytes(wt_wasi *wasi, const void *data, size_t len);
/* stdin from the file `path` (opened now): WT_IO if it cannot be opened;
 * path stays the caller's. */
WT_API wt_status wt_wasi_set_stdin_file(wt_wasi *wasi, const char *path);
/* stdin is the host's. It cannot fail but for a NULL wasi (WT_INVALID); owns
 * nothing. */
WT_API wt_status wt_wasi_inherit_stdin(wt_wasi *wasi);

/* stdout (fd 1) / stderr (fd 2): inherit, a file (created/truncated), or a
 * callback that receives every write (needs WT_CAP_CAPTURE). The callback
 * returns the bytes consumed or -1. It runs on a thread of Wasmtime's, not
 * on the thread that called into wasm, while the guest's fd_write waits:
 * every write has reached it when fd_write returns; it must not call wt
 * on that store. Its finalizer runs on a Wasmtime thread too, once the
 * configuration is dropped: wt_store_delete (and a wt_store_set_wasi that
 * replaces this configuration, and wt_wasi_delete of one never given to a
 * store) returns only after it has run (waiting 10 s at most), and at once
 * when the call is refused. */
typedef ptrdiff_t (*wt_write_fn)(void *env, const unsigned char *data, size_t len);
/* fd writes to the host's: WT_INVALID unless fd is 1 or 2. Owns nothing. */
WT_API wt_status wt_wasi_inherit_output(wt_wasi *wasi, int fd);
/* fd writes to the file `path`: WT_INVALID unless fd is 1 or 2, WT_IO if it
 * cannot be opened; path stays the caller's. */
WT_API wt_status wt_wasi_set_output_file(wt_wasi *wasi, int fd, const char *path);
/* fd writes to fn: WT_INVALID (NULL fn, fd not 1 or 2), WT_UNSUPPORTED
 * without WT_CAP_CAPTURE, WT_NOMEM, each running finalizer at once; env stays
 * the caller's, handed to finalizer. */
WT_API wt_status wt_wasi_capture_output(wt_wasi *wasi, int fd, wt_write_fn fn, void *env, void (*finalizer)(void *));

/* Preopens host directory `host` as `guest`; read-only unless `writable`.
 * WT_IO if it is no folder or unreadable; both paths are copied. */
WT_API wt_status wt_wasi_preopen_dir(wt_wasi *wasi, const char *host, const char *guest, bool writable);

/* Gives the configuration to the store (ownership passes, on failure too).
 * WT_INVALID for an environment variable not valid UTF-8, WT_ERROR if Wasmtime
 * refuses. */
WT_API wt_status wt_store_set_wasi(wt_store *store, wt_wasi *wasi);

/* ======================================================================
 * Components: types, values, linking and calls
 *
 * A component talks in values of the component model (strings, lists,
 * records, variants, ...), not in i32s. wt has its own types for them, so
 * users never depend on Wasmtime's layouts, which change between releases:
 *   wt_ctype        a value type (read-only tree owned by wt)
 *   wt_cfunc_sig    a function type: named parameters, one result or none
 *   wt_citem        an import or export of a component, with its type
 *   wt_cval         a value; arguments borrow the caller's memory
 *   wt_clinker      defines a component's imports: WASI 0.2, host
 *                   functions and resources, core modules
 *   wt_cinstance    an instantiated component (plain data of its store)
 *   wt_cfunc        an exported function, with its type cached
 *   wt_resource     a handle to a resource, the guest's or the host's
 * Everything here needs WT_CAP_COMPONENT (Wasmtime 39 and later; the
 * component API of 36-38 has no types to check values against), else
 * WT_UNSUPPORTED. WASI 0.2 needs WT_CAP_WASIP2, wasi:http WT_CAP_WASI_HTTP.
 *
 * CHECKED CALLS. Every argument of wt_cfunc_call, and every result of a
 * host function, is checked against the declared type before Wasmtime
 * sees it: a value of another kind, a case or flag out of range, a list of
 * a fixed-length type of another length, a string not valid UTF-8, is
 * WT_TYPE, with the path of the value in the message ("greet: argument 1
 * (name): expected string, got u32"; "argument 2 .items[3].kind: case 7 of
 * an enum of 3"); a NULL pointer inside a value (a string or list of
 * nonzero length without data, a missing payload, a NULL resource handle)
 * is WT_INVALID, with the path too. Wasmtime itself would leave the whole store unable to
 * enter any component instance after such a call; with wt the store stays
 * usable. A guest's trap still ends its instance, as the component model
 * says ("cannot enter component instance", WT_ERROR, on the next call into
 * it; from Wasmtime 44 into any component instance of its store: carry on
 * in a new store).
 *
 * THREAD SAFETY. A wt_clinker may be shared once fully defined, as a
 * wt_linker. wt_cinstance, wt_cfunc and wt_resource belong to one store
 * and are used by one thread at a time, as the store. wt_ctype,
 * wt_cfunc_sig and wt_citem trees are read-only: any thread may read them
 * while their owner lives.
 * ==================================================================== */

/* The kinds of component value types (wt_ctype.kind) and values
 * (wt_cval.kind). A value's kind is its type's kind, but that a value of a
 * resource type is WT_COWN or WT_CBORROW as its type says, and that
 * WT_CFUTURE, WT_CSTREAM and WT_CERROR_CONTEXT (async) and WT_CMAP are
 * types only: a function that takes or returns one is listed and formatted
 * but not called (WT_UNSUPPORTED). */
typedef enum wt_ckind {
  WT_CBOOL = 0, WT_CS8, WT_CU8, WT_CS16, WT_CU16, WT_CS32, WT_CU32, WT_CS64, WT_CU64,
  WT_CF32, WT_CF64, WT_CCHAR, WT_CSTRING,
  WT_CLIST,        /* list<T>; count > 0: a fixed-length list<T, count> */
  WT_CRECORD, WT_CTUPLE, WT_CVARIANT, WT_CENUM, WT_COPTION, WT_CRESULT, WT_CFLAGS,
  WT_COWN, WT_CBORROW, /* handles of a resource type */
  WT_CFUTURE, WT_CSTREAM, WT_CERROR_CONTEXT, WT_CMAP
} wt_ckind;

/* The WIT name of a kind ("u32", "string", "list", "own", ...); "?" when
 * unknown. Static, owned by wt; it cannot fail. */
WT_API const char *wt_ckind_name(int kind);

/* A component value type. A tree owned by what it came from (the
 * component, or the wt_cfunc), read-only, valid as long as that is.
 *   record   count fields: names[i], types[i]
 *   tuple    count items: types[i]
 *   variant  count cases: names[i], types[i] (NULL: a case without payload)
 *   enum     count cases: names[i]
 *   flags    count flags: names[i] (at most 64 in wt: bit i of the value)
 *   list     elem; count 0, or the length of a fixed-length list
 *   option   elem (the payload of some)
 *   result   elem (ok's payload) and err (err's), each NULL when it has none
 *   own, borrow  resource: the resource type (names[0]: its name when known,
 *            else NULL; count 0)
 *   future, stream  elem (NULL: none)
 *   map      elem (the key type) and err (the value type)
 * The names are NUL-terminated. */
typedef struct wt_ctype wt_ctype;
struct wt_ctype {
  uint8_t kind;                  /* wt_ckind */
  uint32_t count;
  const char *const *names;
  const wt_ctype *const *types;
  const wt_ctype *elem, *err;
  const void *resource;          /* own/borrow: the resource type's identity
                                    (in the trees of one owner, equal
                                    pointers: the same type), else NULL */
};

/* A component function type: named parameters and one result or none. */
typedef struct wt_cfunc_sig {
  size_t nparams;
  const char *const *param_names;
  const wt_ctype *const *params;
  const wt_ctype *result;        /* NULL: no result */
} wt_cfunc_sig;

/* Writes a type as WIT ("list<tuple<string, u32>>", "result<u32, string>",
 * "record { a: u32, b: string }", "own<file>") into buf (NUL-terminated when
 * size > 0); returns the length the full text needs, as snprintf (0 for
 * NULL). It cannot fail; the text is the caller's. */
WT_API size_t wt_ctype_format(const wt_ctype *type, char *buf, size_t size);
/* Writes a function type as WIT: "func(name: string) -> string", as
 * wt_ctype_format does: it cannot fail (0 for NULL), and the text is copied
 * into the caller's buf. */
WT_API size_t wt_cfunc_sig_format(const wt_cfunc_sig *sig, char *buf, size_t size);

/* ---- a component's imports and exports ---- */

typedef enum wt_citem_kind {
  WT_CITEM_FUNC = 0,      /* func: its type */
  WT_CITEM_INSTANCE,      /* an instance: its exports in items[0..count) */
  WT_CITEM_COMPONENT,     /* a component: its imports, then its exports, in items */
  WT_CITEM_MODULE,        /* a core module */
  WT_CITEM_RESOURCE,      /* a resource type */
  WT_CITEM_TYPE,          /* a value type: type */
  WT_CITEM_CORE_FUNC      /* a core function */
} wt_citem_kind;

/* An import or export of a component (a tree owned by the component,
 * read-only, valid until the component is deleted). */
typedef struct wt_citem wt_citem;
struct wt_citem {
  const char *name;              /* "wasi:cli/run@0.2.0", "greet" */
  int kind;                      /* wt_citem_kind */
  const wt_cfunc_sig *func;      /* WT_CITEM_FUNC, else NULL */
  const wt_ctype *type;          /* WT_CITEM_TYPE, else NULL */
  size_t count;                  /* WT_CITEM_INSTANCE/_COMPONENT: items */
  const wt_citem *items;
  size_t nimports;               /* WT_CITEM_COMPONENT: items[0..nimports)
                                    are its imports, the rest its exports */
};

/* The number of imports of the component into *out. The descriptions are
 * built once, on first use: WT_NOMEM if they cannot be, WT_UNSUPPORTED
 * without WT_CAP_COMPONENT; *out is 0 on failure. Owns nothing. */
WT_API wt_status wt_component_import_count(const wt_component *component, size_t *out);
/* The i-th import into *out (a tree owned by the component); WT_NOT_FOUND
 * out of range; *out NULL on failure. */
WT_API wt_status wt_component_import_nth(const wt_component *component, size_t i, const wt_citem **out);
/* The number of exports of the component into *out: WT_NOMEM if the
 * descriptions cannot be built, WT_UNSUPPORTED without WT_CAP_COMPONENT;
 * *out is 0 on failure. Owns nothing. */
WT_API wt_status wt_component_export_count(const wt_component *component, size_t *out);
/* The i-th export into *out (a tree owned by the component); WT_NOT_FOUND
 * out of range; *out NULL on failure. */
WT_API wt_status wt_component_export_nth(const wt_component *component, size_t i, const wt_citem **out);

/* Writes the component's imports and exports as a WIT world, as `wt
 * inspect` prints it:
 *     world root {
 *       import wasi:cli/stdout@0.2.0: interface {
 *         get-stdout: func() -> own<output-stream>;
 *       }
 *       export greet: func(name: string) -> string;
 *     }
 * into buf (NUL-terminated when size > 0); *out_len (may be NULL) gets the
 * length the full text needs, as snprintf. Fails as
 * wt_component_import_count (*out_len then 0, buf ""); the text is the
 * caller's. */
WT_API wt_status wt_component_format(const wt_component *component, char *buf, size_t size, size_t *out_len);

/* ---- values ---- */

typedef struct wt_resource wt_resource;

/* A component value. Plain data: the caller builds arguments with the
 * constructors below (or by hand), pointing at its own memory, which wt
 * only reads during the call. Results are written by wt into the caller's
 * wt_cval, which then owns what wt allocated for it (strings, arrays,
 * payloads, resource handles): free it all with wt_cval_release.
 *   bool b; s8..s64 s (sign-extended); u8..u64 u; f32; f64; char ch (a
 *   Unicode scalar value);
 *   string   str: UTF-8 bytes ptr[0..len) (results are NUL-terminated
 *            too, for convenience; arguments need not be);
 *   list, tuple, record  items[0..count): elements, tuple items, record
 *            fields in the order the type declares them (no names: the
 *            type has them);
 *   variant, enum, option, result  cased: case `index` (a variant's or
 *            enum's case in declaration order; option 0 none, 1 some;
 *            result 0 ok, 1 err), payload (NULL when the case has none);
 *   flags    bit i set: flag i of the type is set;
 *   own, borrow  resource. */
typedef struct wt_cval wt_cval;
struct wt_cval {
  uint8_t kind; /* wt_ckind */
  union {
    bool b;
    int64_t s;
    uint64_t u;
    float f32;
    double f64;
    uint32_t ch;
    struct { const char *ptr; size_t len; } str;
    struct { const wt_cval *items; size_t count; } list;
    struct { uint32_t index; const wt_cval *payload; } cased;
    uint64_t flags;
    wt_resource *resource;
  } of;
};

/* Frees what wt allocated inside a result value (recursively) and zeroes
 * it; the wt_cval itself stays the caller's. A resource handle in it is
 * deleted (the resource itself is not dropped): to keep one, copy the
 * pointer out and set the field to NULL first. NULL is a no-op, as is a
 * value without pointers (bool, numbers, char, enum, flags, none); never
 * pass one whose strings or arrays wt did not allocate (the caller's own
 * arguments), nor a value nested in a result: only the result itself. */
WT_API void wt_cval_release(wt_cval *v);

/* Constructors: plain data, nothing to free; they cannot fail. Inline
 * (bodies in the inline section). Strings, items and payloads are
 * borrowed: they must stay valid while the value is used. */
static inline wt_cval wt_cval_bool(bool v);
static inline wt_cval wt_cval_s8(int8_t v);
static inline wt_cval wt_cval_u8(uint8_t v);
static inline wt_cval wt_cval_s16(int16_t v);
static inline wt_cval wt_cval_u16(uint16_t v);
static inline wt_cval wt_cval_s32(int32_t v);
static inline wt_cval wt_cval_u32(uint32_t v);
static inline wt_cval wt_cval_s64(int64_t v);
static inline wt_cval wt_cval_u64(uint64_t v);
static inline wt_cval wt_cval_f32(float v);
static inline wt_cval wt_cval_f64(double v);
/* A char: a Unicode scalar value (checked at the call). */
static inline wt_cval wt_cval_char(uint32_t v);
/* A string of strlen(s) bytes (NULL: the empty string). */
static inline wt_cval wt_cval_string(const char *s);
/* A string of len bytes at s. */
static inline wt_cval wt_cval_string_n(const char *s, size_t len);
/* A list of count elements. */
static inline wt_cval wt_cval_list(const wt_cval *items, size_t count);
/* A tuple of count items. */
static inline wt_cval wt_cval_tuple(const wt_cval *items, size_t count);
/* A record: its count fields in declaration order. */
static inline wt_cval wt_cval_record(const wt_cval *fields, size_t count);
/* Case `index` of a variant, with payload (NULL: none). */
static inline wt_cval wt_cval_variant(uint32_t index, const wt_cval *payload);
/* Case `index` of an enum. */
static inline wt_cval wt_cval_enum(uint32_t index);
/* An option: none. */
static inline wt_cval wt_cval_none(void);
/* An option: some(payload). */
static inline wt_cval wt_cval_some(const wt_cval *payload);
/* A result: ok, with payload (NULL: none). */
static inline wt_cval wt_cval_ok(const wt_cval *payload);
/* A result: err, with payload (NULL: none). */
static inline wt_cval wt_cval_err(const wt_cval *payload);
/* Flags: bit i set for flag i. */
static inline wt_cval wt_cval_flags(uint64_t bits);
/* A resource handle as an own<T> (own true) or borrow<T> argument. */
static inline wt_cval wt_cval_resource(wt_resource *r, bool own);

/* The index of case or flag `name` of a variant, enum or flags type (or of
 * field `name` of a record) into *out: WT_NOT_FOUND when it has none (*out
 * then UINT32_MAX), WT_INVALID for a type of another kind. Owns nothing. */
WT_API wt_status wt_ctype_index(const wt_ctype *type, const char *name, uint32_t *out);

/* ---- resources ---- */

/* Called when an own handle of a host resource that a component held is
 * dropped: by the guest, or by wt_resource_drop of a handle the guest gave
 * back; rep is what wt_resource_new_host was given. Not called (Wasmtime's
 * rules) for a resource never given to a component, one taken into the
 * host by wt_resource_rep, or one still live when its store is deleted:
 * those reps are the host's to free. A status other than WT_OK traps the
 * guest's drop. */
typedef wt_status (*wt_resource_dtor)(void *env, wt_context *cx, uint32_t rep);

/* A new handle to a host resource of the host type `type_id` (as given to
 * wt_clinker_define_resource) standing for `rep` (the host's own number:
 * an index into its table); owned (own: passed as own<T>, its destructor
 * runs when the guest drops it) or borrowed. The caller owns the handle
 * (wt_resource_delete) in every case; passed as an own<T> argument, the
 * resource moves to the guest and the handle is only to be deleted (wt
 * refuses it in a call or a drop: WT_INVALID). WT_UNSUPPORTED for a
 * borrowed one before Wasmtime 50 (which cannot make one outside a call;
 * an owned handle passes as a borrow<T> argument too), WT_NOMEM or
 * WT_ERROR (Wasmtime refuses); *out NULL on failure. */
WT_API wt_status wt_resource_new_host(wt_context *cx, uint32_t type_id, uint32_t rep, bool own, wt_resource **out);

/* For a handle to a host resource: its host type into *type_id and its rep
 * into *rep (either may be NULL). WT_TYPE for a guest's resource (the
 * guest keeps its representation), WT_INVALID for a handle dropped or
 * moved. For an own handle the guest gave (a result, an argument of a host
 * function) this takes the resource out of the component into the host,
 * as Wasmtime's conversion does: the handle still passes as an own<T>
 * argument, but dropping it runs no destructor (the rep is the host's to
 * free). Owns nothing. */
WT_API wt_status wt_resource_rep(wt_context *cx, const wt_resource *r, uint32_t *type_id, uint32_t *rep);

/* True when the handle is an own<T> (the caller may drop it), false for a
 * borrow or NULL. It cannot fail; owns nothing. */
WT_API bool wt_resource_owned(const wt_resource *r);

/* Drops the resource an own handle stands for: a guest's runs the guest's
 * destructor, a host's the destructor given to wt_clinker_define_resource
 * when the resource came from a component (see wt_resource_dtor). The
 * handle itself is still to be deleted. WT_TRAP if the destructor traps,
 * WT_INVALID for a borrow or a handle dropped or moved already. Owns
 * nothing. */
WT_API wt_status wt_resource_drop(wt_context *cx, wt_resource *r);

/* Frees the handle (not the resource it stands for). NULL is a no-op. */
WT_API void wt_resource_delete(wt_resource *r);

/* ---- the component linker ---- */

typedef struct wt_clinker wt_clinker;

/* A new component linker for engine, empty. WT_UNSUPPORTED without
 * WT_CAP_COMPONENT, WT_NOMEM; *out NULL on failure. The caller owns it
 * (wt_clinker_delete) and deletes it before the engine; components
 * instantiated through it do not need it afterwards. */
WT_API wt_status wt_clinker_new(wt_engine *engine, wt_clinker **out);
/* Frees the linker and the finalizers of what it defines run. NULL is a
 * no-op. */
WT_API void wt_clinker_delete(wt_clinker *linker);
/* Whether a later definition of a name replaces an earlier one (default:
 * no, WT_ERROR naming it). It cannot fail but for NULL (WT_INVALID); owns
 * nothing. */
WT_API wt_status wt_clinker_allow_shadowing(wt_clinker *linker, bool allow);

/* Defines WASI 0.2 (wasi:cli, wasi:clocks, wasi:filesystem, wasi:io,
 * wasi:random, wasi:sockets, as Wasmtime provides them). A store that
 * instantiates a component importing any of them must have its WASI
 * configuration first (wt_store_set_wasi, the same wt_wasi as preview1:
 * args, env, stdio, preopens): without it, wt_clinker_instantiate returns
 * WT_INVALID saying so, where Wasmtime would abort the process.
 * WT_UNSUPPORTED without WT_CAP_WASIP2; WT_ERROR if it is defined already,
 * or if the host defined something in a "wasi:" instance of this linker
 * (WASI's interfaces are whole: a host function never joins or replaces
 * one of their functions). Owns nothing. */
WT_API wt_status wt_clinker_define_wasi(wt_clinker *linker);

/* Defines wasi:http's client side (outgoing requests) on top of WASI 0.2
 * (which it defines first when the linker has not: wt_clinker_define_wasi
 * is then WT_ERROR). WT_UNSUPPORTED without WT_CAP_WASI_HTTP, else as
 * wt_clinker_define_wasi; wt gives each store that instantiates a
 * component importing wasi:http its HTTP state.
 * The guest may then reach any host the machine can: only for guests you
 * allow to. Owns nothing. */
WT_API wt_status wt_clinker_define_wasi_http(wt_clinker *linker);

/* A host function of a component. args[0..nargs) are checked against the
 * import's type by the component model before the callback runs; they
 * and everything they point to are wt's, valid until it returns (a
 * resource handle in them too: wt deletes it; an own<T> one is the
 * callback's to drop, or to take with wt_resource_rep, else the resource
 * stays in the store until the store is deleted). The callback writes *result
 * (result is NULL when the import has no result); what that points to must
 * stay valid until the callback returns (wt copies it then; memory from
 * wt_context_scratch is freed by wt afterwards; a resource handle in it is
 * wt's from then on, and deleted). A result that does not
 * match the declared type traps the guest with WT_TYPE's message. A status
 * other than WT_OK traps the guest: the call that ran it fails with WT_TRAP
 * (trap code WT_TRAP_NONE) and the message "host function failed: " and
 * the status's name (wt_strerror), but that the outcome of a call the
 * callback made into wasm (a trap, an exit, a limit) that it returns is
 * passed on as it was. */
typedef wt_status (*wt_chost_fn)(void *env, wt_context *cx, const wt_cval *args, size_t nargs, wt_cval *result);

/* Defines host function `path`: the instance names and the function name
 * joined by '#' ("wt:demo/host#log"; "log" for a function the component
 * imports directly); wt makes the nested instances. The types come from the
 * component at instantiation. env is handed to fn and to finalizer (may be
 * NULL), which runs once the linker and every store that instantiated
 * through it are deleted (Wasmtime's instances hold the function too), or
 * when a shadowing definition replaced it and nothing holds it, or at once
 * when this call fails: WT_INVALID (an empty name in the path, a path not
 * UTF-8), WT_ERROR (defined already, by shadowing too when it is in a
 * "wasi:" instance of a linker with WASI: WASI's interfaces are whole),
 * WT_NOMEM. path is copied. */
WT_API wt_status wt_clinker_define_func(wt_clinker *linker, const char *path, wt_chost_fn fn, void *env,
                                        void (*finalizer)(void *));

/* Defines host resource type `path` ("wt:demo/host#file"), identified as
 * type_id in wt_resource_new_host and wt_resource_rep. dtor (may be NULL)
 * runs when an owned handle of it is dropped. env, finalizer and failures
 * as wt_clinker_define_func. */
WT_API wt_status wt_clinker_define_resource(wt_clinker *linker, const char *path, uint32_t type_id,
                                            wt_resource_dtor dtor, void *env, void (*finalizer)(void *));

/* Defines core module `path` for a component that imports one. WT_ERROR
 * if defined already; the linker keeps its own reference to the module.
 * Owns nothing else. */
WT_API wt_status wt_clinker_define_module(wt_clinker *linker, const char *path, wt_module *module);

/* Defines every import of the component not defined yet as a function
 * that traps when called (resources and other items as Wasmtime does).
 * WT_ERROR if Wasmtime refuses. Owns nothing. */
WT_API wt_status wt_clinker_define_unknown_imports_as_traps(wt_clinker *linker, const wt_component *component);

/* ---- instances and calls ---- */

/* An instantiated component: plain data owned by its store (copy it
 * freely, never free it), valid until the store is deleted. */
typedef struct wt_cinstance { uint64_t p_[2]; } wt_cinstance;

/* Instantiates the component in the store of cx with the linker's
 * definitions. WT_INVALID for a component of another engine, or one that
 * imports WASI 0.2 in a store without a WASI configuration; WT_ERROR for
 * an import that is missing or of another type (named); WT_TRAP and the
 * limit codes when its start traps; WT_LIMIT beyond the store's limits.
 * On failure *out is zeroed; the instance is owned by the store. */
WT_API wt_status wt_clinker_instantiate(wt_clinker *linker, wt_context *cx, const wt_component *component,
                                        wt_cinstance *out);

/* An exported function of an instance. */
typedef struct wt_cfunc wt_cfunc;

/* Looks up the exported function `path` of the instance: instance names and
 * the function joined by '#' ("wasi:cli/run@0.2.0#run", "greet").
 * WT_NOT_FOUND when there is none (naming the part that is missing),
 * WT_TYPE when the item is no function, WT_INVALID for an instance of
 * another store. On success *out is the caller's (wt_cfunc_delete), with
 * its type read once; it is valid while the store lives. On failure *out is
 * NULL. */
WT_API wt_status wt_cinstance_get_func(wt_context *cx, const wt_cinstance *instance, const char *path,
                                       wt_cfunc **out);

/* The function's type, owned by the function. NULL for NULL; it cannot
 * fail otherwise. */
WT_API const wt_cfunc_sig *wt_cfunc_type(const wt_cfunc *func);

/* Calls the function with args[0..nargs) (borrowed, checked first: see
 * CHECKED CALLS) and writes its result into *result (NULL when the
 * function has none; free it with wt_cval_release). WT_INVALID for a
 * wrong number of arguments or a result pointer where none is (or none
 * where one is); WT_TYPE for an argument of another type, naming its path;
 * WT_UNSUPPORTED for a function with a type wt does not call (async
 * types); WT_TRAP (with code and frames), WT_EXIT, or a limit code; WT_ERROR
 * for any other failure, such as entering an instance that trapped before.
 * On failure *result is zeroed (kind WT_CBOOL) and holds nothing. result
 * is zeroed before the arguments are read: it must not be one of them, nor
 * hold what they point to. */
WT_API wt_status wt_cfunc_call(wt_context *cx, wt_cfunc *func, const wt_cval *args, size_t nargs, wt_cval *result);

/* Frees the function handle. NULL is a no-op. */
WT_API void wt_cfunc_delete(wt_cfunc *func);

/* Memory for a host function's result (strings, arrays, payloads): size
 * bytes, aligned for any wt_cval, freed by wt once the host function that
 * is running on cx returns. WT_INVALID outside a host function of a
 * component, WT_NOMEM; *out NULL on failure. */
WT_API wt_status wt_context_scratch(wt_context *cx, size_t size, void **out);

/* ======================================================================
 * Inline section: internal, not API
 *
 * Everything below is the implementation of what the sections above
 * declare: the bodies of the value constructors and, with GCC or Clang,
 * the inline fast paths of the typed and raw calls and of the scalar
 * memory helpers (as liburing keeps its ring helpers in its header).
 * Names with two underscores are internal: never call them; the layouts
 * they read are part of wt's ABI. Define
 * WT_NO_INLINE_CALLS before including wt.h to compile the calls and the
 * memory helpers as plain calls of the exported functions.
 * ==================================================================== */

/* The number constructors. On little-endian C targets a compound literal
 * that sets the value's bits through ref_[0]: GCC builds it in place, where
 * the memset-then-store form made it copy a temporary with 16-byte loads of
 * a 4-byte store (docs/PERFORMANCE.md). */
static inline uint64_t wt__bits_f32(float v) { uint32_t u; memcpy(&u, &v, 4); return u; }
static inline uint64_t wt__bits_f64(double v) { uint64_t u; memcpy(&u, &v, 8); return u; }
#if !defined(__cplusplus) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WT__NUM(K, M, bits, v) return (wt_val){.kind = (K), .of = {.ref_ = {(bits), 0, 0}}}
#else
#define WT__NUM(K, M, bits, v) wt_val x; memset(&x, 0, sizeof x); x.kind = (K); x.of.M = (v); return x
#endif
static inline wt_val wt_val_i32(int32_t v) { WT__NUM(WT_I32, i32, (uint32_t)v, v); }
static inline wt_val wt_val_i64(int64_t v) { WT__NUM(WT_I64, i64, (uint64_t)v, v); }
static inline wt_val wt_val_f32(float v) { WT__NUM(WT_F32, f32, wt__bits_f32(v), v); }
static inline wt_val wt_val_f64(double v) { WT__NUM(WT_F64, f64, wt__bits_f64(v), v); }
#undef WT__NUM
static inline wt_val wt_val_v128(const uint8_t bytes[16]) { wt_val x; memset(&x, 0, sizeof x); x.kind = WT_V128; if (bytes) memcpy(x.of.v128, bytes, 16); return x; }
static inline wt_val wt_val_null(wt_valkind kind) { wt_val x; memset(&x, 0, sizeof x); x.kind = (uint8_t)kind; return x; }
static inline bool wt_val_is_null(const wt_val *v) { return v && v->kind >= WT_FUNCREF && v->of.ref_[0] == 0; }

/* The component value constructors (declared in Components). */
static inline wt_cval wt__cval(uint8_t kind) { wt_cval v; memset(&v, 0, sizeof v); v.kind = kind; return v; }
static inline wt_cval wt_cval_bool(bool x) { wt_cval v = wt__cval(WT_CBOOL); v.of.b = x; return v; }
static inline wt_cval wt_cval_s8(int8_t x) { wt_cval v = wt__cval(WT_CS8); v.of.s = x; return v; }
static inline wt_cval wt_cval_u8(uint8_t x) { wt_cval v = wt__cval(WT_CU8); v.of.u = x; return v; }
static inline wt_cval wt_cval_s16(int16_t x) { wt_cval v = wt__cval(WT_CS16); v.of.s = x; return v; }
static inline wt_cval wt_cval_u16(uint16_t x) { wt_cval v = wt__cval(WT_CU16); v.of.u = x; return v; }
static inline wt_cval wt_cval_s32(int32_t x) { wt_cval v = wt__cval(WT_CS32); v.of.s = x; return v; }
static inline wt_cval wt_cval_u32(uint32_t x) { wt_cval v = wt__cval(WT_CU32); v.of.u = x; return v; }
static inline wt_cval wt_cval_s64(int64_t x) { wt_cval v = wt__cval(WT_CS64); v.of.s = x; return v; }
static inline wt_cval wt_cval_u64(uint64_t x) { wt_cval v = wt__cval(WT_CU64); v.of.u = x; return v; }
static inline wt_cval wt_cval_f32(float x) { wt_cval v = wt__cval(WT_CF32); v.of.f32 = x; return v; }
static inline wt_cval wt_cval_f64(double x) { wt_cval v = wt__cval(WT_CF64); v.of.f64 = x; return v; }
static inline wt_cval wt_cval_char(uint32_t x) { wt_cval v = wt__cval(WT_CCHAR); v.of.ch = x; return v; }
static inline wt_cval wt_cval_string_n(const char *s, size_t len) {
  wt_cval v = wt__cval(WT_CSTRING); v.of.str.ptr = s; v.of.str.len = len; return v; }
static inline wt_cval wt_cval_string(const char *s) { return wt_cval_string_n(s ? s : "", s ? strlen(s) : 0); }
static inline wt_cval wt__cval_items(uint8_t kind, const wt_cval *items, size_t count) {
  wt_cval v = wt__cval(kind); v.of.list.items = items; v.of.list.count = count; return v; }
static inline wt_cval wt_cval_list(const wt_cval *items, size_t count) { return wt__cval_items(WT_CLIST, items, count); }
static inline wt_cval wt_cval_tuple(const wt_cval *items, size_t count) { return wt__cval_items(WT_CTUPLE, items, count); }
static inline wt_cval wt_cval_record(const wt_cval *fields, size_t count) { return wt__cval_items(WT_CRECORD, fields, count); }
static inline wt_cval wt__cval_cased(uint8_t kind, uint32_t index, const wt_cval *payload) {
  wt_cval v = wt__cval(kind); v.of.cased.index = index; v.of.cased.payload = payload; return v; }
static inline wt_cval wt_cval_variant(uint32_t index, const wt_cval *payload) { return wt__cval_cased(WT_CVARIANT, index, payload); }
static inline wt_cval wt_cval_enum(uint32_t index) { return wt__cval_cased(WT_CENUM, index, NULL); }
static inline wt_cval wt_cval_none(void) { return wt__cval_cased(WT_COPTION, 0, NULL); }
static inline wt_cval wt_cval_some(const wt_cval *payload) { return wt__cval_cased(WT_COPTION, 1, payload); }
static inline wt_cval wt_cval_ok(const wt_cval *payload) { return wt__cval_cased(WT_CRESULT, 0, payload); }
static inline wt_cval wt_cval_err(const wt_cval *payload) { return wt__cval_cased(WT_CRESULT, 1, payload); }
static inline wt_cval wt_cval_flags(uint64_t bits) { wt_cval v = wt__cval(WT_CFLAGS); v.of.flags = bits; return v; }
static inline wt_cval wt_cval_resource(wt_resource *r, bool own) {
  wt_cval v = wt__cval(own ? WT_COWN : WT_CBORROW); v.of.resource = r; return v; }

/* THE CALL FAST PATH.
 * With GCC or Clang, wt_func_call_0/_i32/_i64/_f32/_f64 with a constant
 * nargs of at most 4, and wt_func_call_raw, expand in the caller (as
 * liburing's ring helpers do): the common case is a few compares and
 * Wasmtime's unchecked call, with no call into wt between. The checks are
 * those of the exported functions: the handles are not NULL; the function
 * is of this store and no deadline needs arming (one compare with the
 * store's call_id); the arguments are numbers whose kinds, with the result
 * kind, make the signature recorded when the function was looked up. Any
 * other case, a refusal included, calls the exported function of the same
 * name (through wt__call_slow once the arguments are copied), which gives
 * the reason; a trap or error is recorded by wt__call_outcome as the
 * exported function would. Calling the name in parentheses,
 * (wt_func_call_i32)(...), or taking its address reaches the exported
 * function; so does every typed call without optimization (-O0), and
 * every call when WT_NO_INLINE_CALLS is defined before wt.h is included. Thread
 * safety and ownership are those of the exported functions. The names
 * below with two underscores are internal: not for use, and the layouts
 * they read are part of wt's ABI. */
#if defined(__GNUC__) && !defined(WT_NO_INLINE_CALLS)
#define WT__INLINE_CALLS 1
#endif
/* The declarations are also src/'s (which defines WT__BUILD). */
#if defined(WT__INLINE_CALLS) || defined(WT__BUILD)
typedef struct wt__error wt__error; /* a wasmtime_error_t */
typedef struct wt__trap wt__trap;   /* a wasm_trap_t */
/* The first fields of every store (src/internal.h asserts the layout). */
typedef struct wt__call_head {
  void *cx;         /* the store's wasmtime_context_t */
  uint64_t call_id; /* the store id while no call needs anything armed */
  wt__error *(*call)(void *cx, const wt_func *func, wt_raw *vals, size_t nvals, wt__trap **trap);
} wt__call_head;
#define WT__SIG_VALID (1ull << 63) /* a recorded signature, all kinds known */
#define WT__SIG_REFS (1ull << 62)  /* ... which holds a reference type */

/* Takes err and trap (either may be NULL, not both): records the outcome as
 * the exported call would and returns its status. Takes both. */
WT_API wt_status wt__call_outcome(wt__error *err, wt__trap *trap);
/* A typed call of nargs (at most 4) numbers, already in raw, whose kinds
 * are the nibbles of sig (as built by wt__typed) and result kind rkind (-1:
 * none): what the exported wt_func_call_<rkind> does with those arguments,
 * the result (WT_OK) in raw[0]. Owns nothing. */
WT_API wt_status wt__call_slow(wt_context *cx, const wt_func *func, wt_raw *raw, size_t nargs, uint64_t sig, int rkind);
/* A host function's record (src/host.c), Wasmtime's env for its
 * trampoline or adapter: small when it has at most WT__HOST_SMALL
 * parameters and at most one result, all numbers (i32 .. f64). */
#define WT__HOST_SMALL 6
#define WT__HOST_MAX 16 /* the most params or results of a definition */
typedef struct wt__host {
  wt_host_fn fn;
  void *env;
  void (*finalizer)(void *);
  size_t np, nr;
  size_t small;
  uint8_t kinds[32]; /* params then results */
} wt__host;
/* This thread's counts that a host call reads (src/error.c, src/host.c):
 * outcomes of wasm and wt_caller_trap reasons; the serial of the reason
 * not yet used; host calls under way. */
WT_API extern __thread uint64_t wt__serial __attribute__((tls_model("initial-exec")));
WT_API extern __thread uint64_t wt__reason_serial __attribute__((tls_model("initial-exec")));
WT_API extern __thread uint32_t wt__in_host __attribute__((tls_model("initial-exec")));
/* Copies a number (i32..f64) at its width without a branch on its kind,
 * for src/host.c's trampolines and the adapters alike: two 4-byte loads,
 * each within what the writer stored, the high half kept for i64/f64
 * only, and one 8-byte store, which a 4-byte read forwards from. */
static inline __attribute__((always_inline)) void wt__num_copy(void *dst, const void *src, uint8_t kind) {
  uint32_t lo, hi;
  memcpy(&lo, src, 4);
  memcpy(&hi, (const char *)src + 4, 4);
  uint64_t v = lo | (uint64_t)(hi & -(uint32_t)(kind & 1)) << 32;
  memcpy(dst, &v, 8);
}
/* The adapter's argument i: raw[i] as wt__num_copy copies it if there is
 * one (i < np), else 0. Stored on every path, so that the compiler sees
 * one value to forward to fn's reads and need not store it at all. */
static inline __attribute__((always_inline)) void wt__num_arg(void *dst, const wt_raw *raw, size_t i, size_t np,
                                                              uint8_t kind) {
  uint64_t v = 0;
  if (np > i) wt__num_copy(&v, &raw[i], kind);
  memcpy(dst, &v, 8);
}
/* An adapted call's rare outcome: the trap of a failure rc; else a reason
 * set since `since` dropped, and the trap of a result of the wrong kind,
 * or NULL with the results written to slots. */
WT_API wt_trap *wt__host_rare(struct wt__host *record, wt_status rc, uint64_t since, const wt_val *results,
                              wt_raw *slots);

/* Argument i's kind at its place in a signature (and or-ed into *any);
 * its value copied into r at its width: one load of what the writer of
 * that kind stored (4 bytes, or 8 for i64/f64: reading 8 bytes written as
 * 4 defeats store forwarding), zero-extended to one 8-byte store. The
 * branch on the kind is the cheap part: merging two 4-byte loads into the
 * stored value, the form before, cost the exported typed call 0.05 of a
 * call (docs/PERFORMANCE.md, "Round 3"). Also the exported typed calls'
 * (src/call.c). */
static inline uint64_t wt__arg_kind(const wt_val *a, size_t i, wt_raw *r, unsigned *any) {
  unsigned k = a->kind;
  uint64_t v;
  *any |= k;
  if (__builtin_expect(k & 1, 0)) { /* i64, f64; the 32-bit kinds, wasm's commonest, go straight */
    memcpy(&v, &a->of, 8);
    __asm__("" : "+r"(v)); /* a branch, never a conditional move: that would load 8 bytes for an i32 too */
  } else {
    uint32_t lo;
    memcpy(&lo, &a->of, 4);
    v = lo;
  }
  memcpy(r, &v, 8);
  return (uint64_t)k << (8 + 4 * i);
}

/* The memory fast path's record of the memory last used in a store: at
 * WT__MEM_AT bytes from the store's start (src/internal.h asserts it).
 * key is the memory handle's words in two (none recorded: zeros): its
 * store id, and WT__MEM_KEY1 of its private words; size the memory's size when recorded (a memory never
 * shrinks: a lower bound); base its base, kept only for a memory whose
 * base never moves (NULL otherwise); lim, for such a memory of 8 bytes or
 * more, size - 7, else 0: an access of up to 8 bytes at an offset below
 * lim is in bounds, at base + offset. */
typedef struct wt__mem_slot {
  uint64_t key[2];
  uint64_t lim;
  uint8_t *base;
  uint64_t size;
} wt__mem_slot;
#define WT__MEM_AT 48
/* A handle's private words, Wasmtime's private1 and private2 (4 bytes
 * each, in p_[1] and p_[2]; their padding dropped) in one word. A shared
 * memory's handle (p_[2] a tag whose low half has WT__MEM_UNKEYED set)
 * never gives the key of a recorded memory: no memory whose private2 has
 * that bit is recorded (src/memory.c). */
#define WT__MEM_KEY1(m) ((uint64_t)(uint32_t)(m)->p_[1] | (m)->p_[2] << 32)
#define WT__MEM_UNKEYED (UINT32_C(1) << 30)
/* Whether the record s proves an access of up to 8 bytes of memory m at
 * off in bounds: a compare and branch for each word of the key and for
 * the bound (read first, so that a read and a write of one place share
 * the loads), each marked unlikely to fail, so that compilers lay the hit
 * out as the straight path and fold each compare into its branch. */
static inline int wt__mem_hit(const wt__mem_slot *s, const wt_memory *m, uint64_t off) {
  uint64_t lim = s->lim;
  if (__builtin_expect(m->p_[0] != s->key[0], 0)) return 0;
  if (__builtin_expect(WT__MEM_KEY1(m) != s->key[1], 0)) return 0;
  return __builtin_expect(off < lim, 1) != 0;
}
#define WT__MEM_LAST(cx) ((const wt__mem_slot *)(const void *)((const char *)(const void *)(cx) + WT__MEM_AT))

#endif

#ifdef WT__INLINE_CALLS
#define WT__INLINE static inline __attribute__((always_inline))

/* Calls into Wasmtime; on a WT_OK outcome the results are in vals. */
WT__INLINE wt_status wt__call_now(const wt__call_head *h, const wt_func *f, wt_raw *vals, size_t nvals) {
  wt__trap *trap = NULL;
  wt__error *err = h->call(h->cx, f, vals, nvals, &trap);
  return __builtin_expect(!err && !trap, 1) ? WT_OK : wt__call_outcome(err, trap);
}

/* A typed call of a constant nargs (0..4): 0 when it needs the caller's
 * args (nargs not a constant, a v128 or reference argument), else 1 with
 * its status in *rc and the result (WT_OK) in raw[0]. The common case
 * calls Wasmtime here; the rest goes to wt__call_slow with the arguments
 * already in raw, so the caller's args array is not needed on either path
 * (a wt_val array built at the call then folds away). */
WT__INLINE int wt__typed(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs, int rkind,
                         wt_raw *raw, wt_status *rc) {
  if (!__builtin_constant_p(nargs) || nargs > 4 || (nargs && !args)) return 0;
  uint64_t sig = WT__SIG_VALID | nargs | (rkind >= 0 ? 16 | (uint64_t)rkind << (8 + 4 * nargs) : 0);
  unsigned any = 0; /* kinds 0..3 are the numbers */
  for (size_t i = 0; i < nargs; i++) sig |= wt__arg_kind(&args[i], i, &raw[i], &any);
  if (any > 3) return 0;
  const wt__call_head *h = (const wt__call_head *)(const void *)cx;
  if (__builtin_expect(!cx || !f || f->p_[0] != h->call_id || f->p_[2] != sig, 0))
    *rc = wt__call_slow(cx, f, raw, nargs, sig, rkind);
  else *rc = wt__call_now(h, f, raw, nargs > 1 ? nargs : 1);
  return 1;
}

WT__INLINE wt_status wt__call_0(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs) {
  wt_raw raw[4];
  wt_status rc;
  return wt__typed(cx, f, args, nargs, -1, raw, &rc) ? rc : (wt_func_call_0)(cx, f, args, nargs);
}
#define WT__TYPED(suffix, type, KIND)                                                                     \
  WT__INLINE wt_status wt__call_##suffix(wt_context *cx, const wt_func *f, const wt_val *args, size_t nargs,  \
                                   type *out) {                                                         \
    wt_raw raw[4];                                                                                      \
    wt_status rc;                                                                                       \
    if (!out || !wt__typed(cx, f, args, nargs, KIND, raw, &rc))                                         \
      return (wt_func_call_##suffix)(cx, f, args, nargs, out);                                          \
    *out = rc ? 0 : raw[0].suffix;                                                                      \
    return rc;                                                                                          \
  }
WT__TYPED(i32, int32_t, WT_I32)
WT__TYPED(i64, int64_t, WT_I64)
WT__TYPED(f32, float, WT_F32)
WT__TYPED(f64, double, WT_F64)
#undef WT__TYPED

WT__INLINE wt_status wt__call_raw(wt_context *cx, const wt_func *f, wt_raw *vals, size_t nvals) {
  const wt__call_head *h = (const wt__call_head *)(const void *)cx;
  if (__builtin_expect(!cx || !f || !vals || f->p_[0] != h->call_id ||
                           (f->p_[2] & (WT__SIG_VALID | WT__SIG_REFS)) != WT__SIG_VALID ||
                           nvals < (f->p_[2] & 15) || nvals < ((f->p_[2] >> 4) & 15), 0))
    return (wt_func_call_raw)(cx, f, vals, nvals);
  return wt__call_now(h, f, vals, nvals);
}

/* Variadic, so that an argument with commas of its own, such as a compound
 * literal (wt_val[]){wt_val_i32(1), wt_val_i32(2)}, stays one argument. */
#define wt_func_call_0(...) wt__call_0(__VA_ARGS__)
#define wt_func_call_i32(...) wt__call_i32(__VA_ARGS__)
#define wt_func_call_i64(...) wt__call_i64(__VA_ARGS__)
#define wt_func_call_f32(...) wt__call_f32(__VA_ARGS__)
#define wt_func_call_f64(...) wt__call_f64(__VA_ARGS__)
#define wt_func_call_raw(...) wt__call_raw(__VA_ARGS__)

/* THE HOST ADAPTER (WT_HOST_ADAPTER, in Host functions).
 * Wasmtime calls the adapter with wt's record of the definition
 * (wt__host); for the common shapes - up to 6 numbers in, none or one
 * out - it converts the raw slots, counts the call as a host call, runs
 * fn and converts its result in the caller's code, as src/host.c's
 * trampolines do; any rare outcome (a failure, a reason, a result of the
 * wrong kind) goes to wt__host_rare, and other shapes to wt__host_run,
 * the generic trampoline. */
WT__INLINE wt_trap *wt__host_adapt(struct wt__host *record, wt_caller *c, wt_raw *raw, wt_host_fn fn) {
  const wt__host *h = record;
  if (__builtin_expect(!h->small, 0)) return wt__host_run(record, c, raw, fn);
  /* room for any definition's places (only reserved): fn, inlined here,
   * may index places of a shape that never comes this way. Neither array
   * escapes (wt__host_rare gets a copy of the result): what fn does not
   * read is not even stored, and what it reads stays in registers. */
  wt_val res[WT__HOST_MAX], args[WT__HOST_MAX];
  size_t np = h->np, nr = h->nr;
  /* constant places, so that the compiler can keep what fn reads in registers */
#define WT__HOST_ARG(i) args[i].kind = h->kinds[i]; wt__num_arg(&args[i].of, raw, i, np, h->kinds[i]);
  WT__HOST_ARG(0) WT__HOST_ARG(1) WT__HOST_ARG(2) WT__HOST_ARG(3) WT__HOST_ARG(4) WT__HOST_ARG(5)
#undef WT__HOST_ARG
  res[0].kind = nr ? h->kinds[np] : 0;
  res[0].of.i64 = 0;
  /* A reason set during fn (wt_caller_trap) is newer than since; at entry
   * the reason is never newer. So a reason that differs after fn is what
   * sends the call to wt__host_rare, which then decides with since: a
   * test the compiler drops, loads and all, when it sees that the inlined
   * fn cannot set one. */
  uint64_t since = wt__serial, reason = wt__reason_serial;
  wt__in_host++;
  /* fn, inlined, may read places past the small shapes' (never on this
   * path, which such a definition does not take): not to be warned of */
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
  wt_status rc = fn(h->env, c, args, np, res, nr);
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  wt__in_host--;
  if (__builtin_expect(rc != WT_OK || wt__reason_serial != reason || (nr && res[0].kind != h->kinds[np]), 0)) {
    /* a copy of the one result there can be (its kind and number: what
     * wt__host_rare reads), so that res never escapes and the common path
     * need not store it */
    wt_val r0;
    r0.kind = res[0].kind;
    r0.of.i64 = res[0].of.i64;
    return wt__host_rare(record, rc, since, &r0, raw);
  }
  if (nr) wt__num_copy(&raw[0], &res[0].of, h->kinds[np]);
  return NULL;
}

/* THE MEMORY FAST PATH.
 * With GCC or Clang, wt_memory_read_i32/_i64/_f32/_f64 and
 * wt_memory_write_i32/_i64/_f32/_f64 expand in the caller: when the
 * store's record of the memory it last used (wt__mem_slot) is of this
 * handle, holds a base (only a memory whose base never moves gets one:
 * docs/DESIGN.md, "Memory helpers") and proves the access in bounds, the
 * access is one load or store at that base, with no call into wt or
 * Wasmtime. Any other case, a refusal included, calls the exported
 * function of the same name, which decides, records and explains. The
 * exported functions read the same record first. Calling the name in
 * parentheses, (wt_memory_read_i32)(...), or taking its address reaches
 * the exported function; so does every call when WT_NO_INLINE_CALLS is
 * defined before wt.h is included. Guest bytes are read and written as
 * memcpy would (unaligned, aliasing anything). */
typedef int32_t __attribute__((may_alias, aligned(1))) wt__unaligned_i32;
typedef int64_t __attribute__((may_alias, aligned(1))) wt__unaligned_i64;
typedef float __attribute__((may_alias, aligned(1))) wt__unaligned_f32;
typedef double __attribute__((may_alias, aligned(1))) wt__unaligned_f64;
/* The exported function, given a copy of the handle (and a read, a place
 * of its own for the value): the caller's handle and value then never
 * escape, so that a compiler may keep them in registers for a loop (a
 * store to guest memory could otherwise change them). */
#define WT__MEM_SLOW(suffix, type)                                                                     \
  WT__INLINE wt_status wt__memory_read_slow_##suffix(wt_context *cx, const wt_memory *m, uint64_t off, type *out) { \
    wt_memory copy;                                                                                    \
    type v = 0;                                                                                        \
    wt_status rc;                                                                                      \
    if (!m || !out) return (wt_memory_read_##suffix)(cx, m, off, out);                                 \
    copy = *m;                                                                                         \
    rc = (wt_memory_read_##suffix)(cx, &copy, off, &v);                                                \
    *out = v;                                                                                          \
    return rc;                                                                                         \
  }                                                                                                    \
  WT__INLINE wt_status wt__memory_write_slow_##suffix(wt_context *cx, const wt_memory *m, uint64_t off, type v) { \
    wt_memory copy;                                                                                    \
    if (!m) return (wt_memory_write_##suffix)(cx, m, off, v);                                          \
    copy = *m;                                                                                         \
    return (wt_memory_write_##suffix)(cx, &copy, off, v);                                              \
  }
WT__MEM_SLOW(i32, int32_t)
WT__MEM_SLOW(i64, int64_t)
WT__MEM_SLOW(f32, float)
WT__MEM_SLOW(f64, double)
#undef WT__MEM_SLOW
#define WT__MEM_SCALAR(suffix, type)                                                                   \
  WT__INLINE wt_status wt__memory_read_##suffix(wt_context *cx, const wt_memory *m, uint64_t off, type *out) { \
    if (__builtin_expect(cx && m && out, 1)) {                                                         \
      const wt__mem_slot *s = WT__MEM_LAST(cx);                                                        \
      const uint8_t *b = s->base; /* read before the test: one load for a read and a write */          \
      if (__builtin_expect(wt__mem_hit(s, m, off), 1)) {                                               \
        *out = *(const wt__unaligned_##suffix *)(const void *)(b + off);                               \
        return WT_OK;                                                                                  \
      }                                                                                                \
    }                                                                                                  \
    return wt__memory_read_slow_##suffix(cx, m, off, out);                                            \
  }                                                                                                    \
  WT__INLINE wt_status wt__memory_write_##suffix(wt_context *cx, const wt_memory *m, uint64_t off, type v) { \
    if (__builtin_expect(cx && m, 1)) {                                                                \
      const wt__mem_slot *s = WT__MEM_LAST(cx);                                                        \
      uint8_t *b = s->base;                                                                            \
      if (__builtin_expect(wt__mem_hit(s, m, off), 1)) {                                               \
        *(wt__unaligned_##suffix *)(void *)(b + off) = v;                                              \
        return WT_OK;                                                                                  \
      }                                                                                                \
    }                                                                                                  \
    return wt__memory_write_slow_##suffix(cx, m, off, v);                                             \
  }
WT__MEM_SCALAR(i32, int32_t)
WT__MEM_SCALAR(i64, int64_t)
WT__MEM_SCALAR(f32, float)
WT__MEM_SCALAR(f64, double)
#undef WT__MEM_SCALAR
#define wt_memory_read_i32(...) wt__memory_read_i32(__VA_ARGS__)
#define wt_memory_read_i64(...) wt__memory_read_i64(__VA_ARGS__)
#define wt_memory_read_f32(...) wt__memory_read_f32(__VA_ARGS__)
#define wt_memory_read_f64(...) wt__memory_read_f64(__VA_ARGS__)
#define wt_memory_write_i32(...) wt__memory_write_i32(__VA_ARGS__)
#define wt_memory_write_i64(...) wt__memory_write_i64(__VA_ARGS__)
#define wt_memory_write_f32(...) wt__memory_write_f32(__VA_ARGS__)
#define wt_memory_write_f64(...) wt__memory_write_f64(__VA_ARGS__)
#undef WT__INLINE
#endif /* WT__INLINE_CALLS */

#ifndef WT__INLINE_CALLS
/* WT_HOST_ADAPTER without the inline section: the generic trampoline. */
static inline wt_trap *wt__host_adapt(struct wt__host *record, wt_caller *c, wt_raw *raw, wt_host_fn fn) {
  return wt__host_run(record, c, raw, fn);
}
#endif

#ifdef __cplusplus
}
#endif
#endif /* WT_H */
