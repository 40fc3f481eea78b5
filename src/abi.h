/*
 * abi.h - wt's own mirror of the parts of the Wasmtime C ABI that wt uses.
 *
 * Written from the documented ABI, not copied from the official headers:
 * every name here carries the `wta_` prefix so that tests/abi_test.c can
 * include this file next to <wasmtime.h> and prove, at compile time, that
 * each mirrored type has the official size, alignment and field offsets,
 * and that each entry of abi_syms.h has the official prototype.
 *
 * ABI line: this file describes the "v2" line (Wasmtime 44 and later:
 * 32-byte wasmtime_val_t with exnref, wasmtime_extern_t with tags). The
 * loader recognises a line by a witness symbol (abi_lines in loader.c).
 * Line v1 (Wasmtime 45-47) differs only in wasi_config_preopen_dir, so it is
 * one row of data plus one typedef below; another line is added the same
 * way - rows and mirror types, not a rewrite of the callers.
 */
#ifndef WT_ABI_H
#define WT_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- opaque handles (never dereferenced by wt) ---- */
typedef struct wta_engine wta_engine_t;
typedef struct wta_config wta_config_t;
typedef struct wta_store wta_store_t;
typedef struct wta_context wta_context_t;
typedef struct wta_module wta_module_t;
typedef struct wta_linker wta_linker_t;
typedef struct wta_error wta_error_t;
typedef struct wta_trap wta_trap_t;
typedef struct wta_frame wta_frame_t;
typedef struct wta_caller wta_caller_t;
typedef struct wta_instance_pre wta_instance_pre_t;
typedef struct wta_valtype wta_valtype_t;
typedef struct wta_functype wta_functype_t;
typedef struct wta_globaltype wta_globaltype_t;
typedef struct wta_tabletype wta_tabletype_t;
typedef struct wta_memorytype wta_memorytype_t;
typedef struct wta_externtype wta_externtype_t;
typedef struct wta_importtype wta_importtype_t;
typedef struct wta_exporttype wta_exporttype_t;
typedef struct wta_wasi_config wta_wasi_config_t;
typedef struct wta_pooling_config wta_pooling_config_t;
typedef struct wta_sharedmemory wta_sharedmemory_t;

/* ---- vectors (wasm.h `WASM_DECLARE_VEC`) ---- */
typedef struct wta_byte_vec { size_t size; uint8_t *data; } wta_byte_vec_t;
typedef struct wta_valtype_vec { size_t size; wta_valtype_t **data; } wta_valtype_vec_t;
typedef struct wta_frame_vec { size_t size; wta_frame_t **data; } wta_frame_vec_t;
typedef struct wta_importtype_vec { size_t size; wta_importtype_t **data; } wta_importtype_vec_t;
typedef struct wta_exporttype_vec { size_t size; wta_exporttype_t **data; } wta_exporttype_vec_t;

typedef struct wta_limits { uint32_t min; uint32_t max; } wta_limits_t;

/* ---- store-bound handles (plain data, copied freely) ---- */
typedef struct wta_func { uint64_t store_id; void *private_; } wta_func_t;
typedef struct wta_table {
  struct { uint64_t store_id; uint32_t private1; } s;
  uint32_t private2;
} wta_table_t;
typedef struct wta_memory {
  struct { uint64_t store_id; uint32_t private1; } s;
  uint32_t private2;
} wta_memory_t;
typedef struct wta_global {
  uint64_t store_id; uint32_t private1; uint32_t private2; uint32_t private3;
} wta_global_t;
typedef struct wta_tag {
  struct { uint64_t store_id; uint32_t private1; } s;
  uint32_t private2;
} wta_tag_t;
typedef struct wta_instance { uint64_t store_id; size_t private_; } wta_instance_t;

/* A rooted GC reference (externref, anyref, exnref share this shape). */
typedef struct wta_gcref {
  uint64_t store_id; uint32_t private1; uint32_t private2; void *private3;
} wta_gcref_t;
typedef wta_gcref_t wta_anyref_t; /* its own name: the official headers give anyref its own type */

typedef union wta_extern_union {
  wta_func_t func;
  wta_global_t global;
  wta_table_t table;
  wta_memory_t memory;
  wta_sharedmemory_t *sharedmemory;
  wta_tag_t tag;
} wta_extern_union_t;
typedef struct wta_extern { uint8_t kind; wta_extern_union_t of; } wta_extern_t;

enum { WTA_EXTERN_FUNC, WTA_EXTERN_GLOBAL, WTA_EXTERN_TABLE, WTA_EXTERN_MEMORY,
       WTA_EXTERN_SHAREDMEMORY, WTA_EXTERN_TAG };

/* ---- full value types (wasmtime/types/val.h): wasm_valtype_kind has no
 * v128 and aborts on it, so wt reads kinds through these ---- */
typedef struct wta_heaptype { uint8_t kind; void *concrete; } wta_heaptype_t;
typedef struct wta_reftype { bool nullable; wta_heaptype_t heaptype; } wta_reftype_t;
typedef struct wta_valtype_full { uint8_t kind; wta_reftype_t reftype; } wta_valtype_full_t;
enum { WTA_VALTYPE_V128 = 4, WTA_VALTYPE_REF = 5 };
enum { WTA_HEAP_EXTERN, WTA_HEAP_NOEXTERN, WTA_HEAP_FUNC, WTA_HEAP_CONCRETE_FUNC, WTA_HEAP_NOFUNC,
       WTA_HEAP_ANY, WTA_HEAP_NONE, WTA_HEAP_EQ, WTA_HEAP_I31, WTA_HEAP_ARRAY, WTA_HEAP_CONCRETE_ARRAY,
       WTA_HEAP_STRUCT, WTA_HEAP_CONCRETE_STRUCT, WTA_HEAP_EXN, WTA_HEAP_CONCRETE_EXN, WTA_HEAP_NOEXN };

/* ---- values ---- */
typedef union wta_valunion {
  int32_t i32; int64_t i64; float f32; double f64;
  wta_gcref_t anyref; wta_gcref_t externref; wta_gcref_t exnref;
  wta_func_t funcref;
  uint8_t v128[16];
} wta_valunion_t;
typedef struct wta_val { uint8_t kind; wta_valunion_t of; } wta_val_t;

typedef union wta_val_raw {
  int32_t i32; int64_t i64; float f32; double f64; uint8_t v128[16];
  uint32_t anyref; uint32_t externref; uint32_t exnref; void *funcref;
} wta_val_raw_t;

/* wasmtime_valkind_t (wasmtime/val.h) */
enum { WTA_I32, WTA_I64, WTA_F32, WTA_F64, WTA_V128, WTA_FUNCREF,
       WTA_EXTERNREF, WTA_ANYREF, WTA_EXNREF };
/* wasm_valkind_t (wasm.h); v128 is Wasmtime's extension 4 */
enum { WTA_WASM_I32, WTA_WASM_I64, WTA_WASM_F32, WTA_WASM_F64, WTA_WASM_V128,
       WTA_WASM_EXTERNREF = 128, WTA_WASM_FUNCREF };
/* wasm_externkind_t */
enum { WTA_EXTERNKIND_FUNC, WTA_EXTERNKIND_GLOBAL, WTA_EXTERNKIND_TABLE,
       WTA_EXTERNKIND_MEMORY, WTA_EXTERNKIND_TAG };
enum { WTA_CONST, WTA_VAR };                       /* wasm_mutability_t */
enum { WTA_OPT_NONE, WTA_OPT_SPEED, WTA_OPT_SPEED_AND_SIZE }; /* wasmtime_opt_level_t */

/* ---- callbacks ---- */
typedef wta_trap_t *(*wta_func_callback_t)(void *env, wta_caller_t *caller,
                                           const wta_val_t *args, size_t nargs,
                                           wta_val_t *results, size_t nresults);
typedef wta_trap_t *(*wta_func_unchecked_callback_t)(void *env, wta_caller_t *caller,
                                                     wta_val_raw_t *args_and_results,
                                                     size_t num_args_and_results);
typedef void (*wta_finalizer_t)(void *);
typedef ptrdiff_t (*wta_write_callback_t)(void *, const unsigned char *, size_t);

/* ---- line v1 (Wasmtime 45-47): the prototypes that differ from v2 ---- */
#define WTA_V1_PARAMS_wasi_config_preopen_dir \
  (wta_wasi_config_t *, const char *, const char *, size_t /* dir perms */, size_t /* file perms */)
typedef bool(*wta_pfn_wasi_config_preopen_dir_v1) WTA_V1_PARAMS_wasi_config_preopen_dir;
enum { WTA_V1_PERMS_READ = 1, WTA_V1_PERMS_WRITE = 2 }; /* wasi_{dir,file}_perms */
#define WTA_V1_PARAMS_wasmtime_store_epoch_deadline_callback \
  (wta_store_t *, wta_error_t *(*)(wta_context_t *, void *, uint64_t *, uint8_t *), void *, wta_finalizer_t)

/* What the loader found out about the loaded library's ABI line. */
typedef struct wta_line {
  const char *name;    /* e.g. "v2: Wasmtime >= 48" */
  const char *witness; /* a symbol that only this line (or newer) exports */
  bool preopen_perms;  /* wasi_config_preopen_dir takes (dir, file) perms */
} wta_line;

/* ---- the symbol table (filled by loader.c from abi_syms.h) ---- */
#define WT_SYM(req, ret, name, params) typedef ret(*wta_pfn_##name) params;
#include "abi_syms.h"
#undef WT_SYM

typedef struct wta_table_s {
#define WT_SYM(req, ret, name, params) wta_pfn_##name name;
#include "abi_syms.h"
#undef WT_SYM
} wta_syms;

/* The one symbol table; valid after wt__ensure() returned WT_OK. */
extern wta_syms wt__w __attribute__((visibility("hidden")));
extern const wta_line *wt__line __attribute__((visibility("hidden")));
#define W (&wt__w)

#endif
