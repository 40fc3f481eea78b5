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
typedef struct wta_component wta_component_t; /* wasmtime_component_t */
/* component types (wasmtime/component/types/, Wasmtime 39 and later) */
typedef struct wta_cvaltype wta_cvaltype_t;               /* wasmtime_component_valtype_t (kind + union, below) */
typedef struct wta_cfunc_type wta_cfunc_type_t;           /* wasmtime_component_func_type_t */
typedef struct wta_ccomponent_type wta_ccomponent_type_t; /* wasmtime_component_type_t */
typedef struct wta_cinstance_type wta_cinstance_type_t;   /* wasmtime_component_instance_type_t */
typedef struct wta_cmodule_type wta_cmodule_type_t;       /* wasmtime_module_type_t */
typedef struct wta_cresource_type wta_cresource_type_t;   /* wasmtime_component_resource_type_t */
typedef struct wta_cextern wta_cextern_t;                 /* wasmtime_component_extern_t (49+) */
typedef struct wta_clist_type wta_clist_type_t;           /* wasmtime_component_list_type_t */
typedef struct wta_crecord_type wta_crecord_type_t;       /* ..._record_type_t */
typedef struct wta_ctuple_type wta_ctuple_type_t;         /* ..._tuple_type_t */
typedef struct wta_cvariant_type wta_cvariant_type_t;     /* ..._variant_type_t */
typedef struct wta_cenum_type wta_cenum_type_t;           /* ..._enum_type_t */
typedef struct wta_coption_type wta_coption_type_t;       /* ..._option_type_t */
typedef struct wta_cresult_type wta_cresult_type_t;       /* ..._result_type_t */
typedef struct wta_cflags_type wta_cflags_type_t;         /* ..._flags_type_t */
typedef struct wta_cfuture_type wta_cfuture_type_t;       /* ..._future_type_t */
typedef struct wta_cstream_type wta_cstream_type_t;       /* ..._stream_type_t */
typedef struct wta_cmap_type wta_cmap_type_t;             /* ..._map_type_t (44+) */

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

/* ---- component value types and items (wasmtime/component/types/val.h,
 * component.h; the same layout in 39..50). A valtype is a kind and one
 * owned pointer (none for the primitives and error-context); an item a
 * kind and a union whose largest member is a whole valtype. ---- */
typedef union wta_cvaltype_union {
  wta_clist_type_t *list;
  wta_crecord_type_t *record;
  wta_ctuple_type_t *tuple;
  wta_cvariant_type_t *variant;
  wta_cenum_type_t *enum_;
  wta_coption_type_t *option;
  wta_cresult_type_t *result;
  wta_cflags_type_t *flags;
  wta_cresource_type_t *own;
  wta_cresource_type_t *borrow;
  wta_cfuture_type_t *future;
  wta_cstream_type_t *stream;
  wta_cmap_type_t *map;
} wta_cvaltype_union_t;
struct wta_cvaltype { uint8_t kind; wta_cvaltype_union_t of; };
/* WASMTIME_COMPONENT_VALTYPE_*: NOT wt_ckind's order (Wasmtime puts the
 * signed integers first: s8 s16 s32 s64 u8 u16 u32 u64); from f32 on the
 * two agree. MAP is new in 44. A fixed-length list has no kind in any
 * header up to 50 (48 exports its functions, undeclared, and no Config
 * setter turns the feature on), so a kind past MAP is refused. */
enum { WTA_CVT_BOOL, WTA_CVT_S8, WTA_CVT_S16, WTA_CVT_S32, WTA_CVT_S64, WTA_CVT_U8, WTA_CVT_U16,
       WTA_CVT_U32, WTA_CVT_U64, WTA_CVT_F32, WTA_CVT_F64, WTA_CVT_CHAR, WTA_CVT_STRING, WTA_CVT_LIST,
       WTA_CVT_RECORD, WTA_CVT_TUPLE, WTA_CVT_VARIANT, WTA_CVT_ENUM, WTA_CVT_OPTION, WTA_CVT_RESULT,
       WTA_CVT_FLAGS, WTA_CVT_OWN, WTA_CVT_BORROW, WTA_CVT_FUTURE, WTA_CVT_STREAM,
       WTA_CVT_ERROR_CONTEXT, WTA_CVT_MAP };
typedef union wta_citem_union {
  wta_ccomponent_type_t *component;
  wta_cinstance_type_t *component_instance;
  wta_cmodule_type_t *module;
  wta_cfunc_type_t *component_func;
  wta_cresource_type_t *resource;
  wta_functype_t *core_func;
  wta_cvaltype_t type;
} wta_citem_union_t;
typedef struct wta_citem { uint8_t kind; wta_citem_union_t of; } wta_citem_t;
/* WASMTIME_COMPONENT_ITEM_* */
enum { WTA_CITEM_COMPONENT, WTA_CITEM_COMPONENT_INSTANCE, WTA_CITEM_MODULE, WTA_CITEM_COMPONENT_FUNC,
       WTA_CITEM_RESOURCE, WTA_CITEM_CORE_FUNC, WTA_CITEM_TYPE };

/* ---- values ---- */
typedef union wta_valunion {
  int32_t i32; int64_t i64; float f32; double f64;
  wta_gcref_t anyref; wta_gcref_t externref; wta_gcref_t exnref;
  wta_func_t funcref;
  uint8_t v128[16];
} wta_valunion_t;
typedef struct wta_val { uint8_t kind; wta_valunion_t of; } wta_val_t;
/* Wasmtime 36's wasmtime_val_t (line val_size 24): references were 16
 * bytes (store id and two u32), so the union was 16 bytes; the kinds and
 * the offset of the union are the same. */
typedef struct wta_val_v0 { uint8_t kind; union { uint64_t align_; uint8_t bytes[16]; } of; } wta_val_v0_t;

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

/* ---- the component runtime (cval.c, cfunc.c, clinker.c, resource.c):
 * Wasmtime 39 and later (wasmtime/component/{val,func,instance,linker}.h) ---- */
typedef struct wta_cresource_type wta_cresource_type_t; /* wasmtime_component_resource_type_t */
typedef struct wta_cresource_any wta_cresource_any_t;   /* wasmtime_component_resource_any_t */
typedef struct wta_cresource_host wta_cresource_host_t; /* wasmtime_component_resource_host_t */
typedef struct wta_clinker wta_clinker_t;               /* wasmtime_component_linker_t */
typedef struct wta_clinker_instance wta_clinker_instance_t; /* wasmtime_component_linker_instance_t */
typedef struct wta_cexport_index wta_cexport_index_t;   /* wasmtime_component_export_index_t */
/* wasmtime_component_instance_t */
typedef struct wta_cinstance { uint64_t store_id; uint32_t private_; } wta_cinstance_t;
/* wasmtime_component_func_t from 49: 32 bytes. Up to 48 it has no
 * private3 (24 bytes, wta_cfunc_v0_t; the line's cfunc_size): wt only ever
 * hands Wasmtime a pointer to a wta_cfunc_t that Wasmtime itself wrote, so
 * one buffer of the larger size serves both (cfunc.c). */
typedef struct wta_cfunc {
  struct { uint64_t store_id; uint32_t private1; } s;
  uint32_t private2;
  void *private3;
} wta_cfunc_t;
typedef struct wta_cfunc_v0 {
  struct { uint64_t store_id; uint32_t private1; } s;
  uint32_t private2;
} wta_cfunc_v0_t;

/* wasmtime_component_val_t and its vectors: the kinds 0..20 are wt_ckind's
 * WT_CBOOL..WT_CFLAGS; RESOURCE (21) stands for own and borrow alike; MAP
 * (22, from 44) is a vector of two values per entry (wt does not call
 * functions with maps). The union is 24 bytes in every release 39..50: the
 * largest member, the variant, is a name (16) and a pointer; a map, as the
 * other vectors, is 16. */
struct wta_cval;
struct wta_cvalrecord_entry;
struct wta_cvalmap_entry;
typedef struct wta_cvallist { size_t size; struct wta_cval *data; } wta_cvallist_t;
typedef struct wta_cvaltuple { size_t size; struct wta_cval *data; } wta_cvaltuple_t;
typedef struct wta_cvalrecord { size_t size; struct wta_cvalrecord_entry *data; } wta_cvalrecord_t;
typedef struct wta_cvalflags { size_t size; wta_byte_vec_t *data; } wta_cvalflags_t;
typedef struct wta_cvalmap { size_t size; struct wta_cvalmap_entry *data; } wta_cvalmap_t;
typedef struct wta_cvalvariant { wta_byte_vec_t discriminant; struct wta_cval *val; } wta_cvalvariant_t;
typedef struct wta_cvalresult { bool is_ok; struct wta_cval *val; } wta_cvalresult_t;
typedef union wta_cvalunion {
  bool boolean; int8_t s8; uint8_t u8; int16_t s16; uint16_t u16; int32_t s32; uint32_t u32;
  int64_t s64; uint64_t u64; float f32; double f64; uint32_t character;
  wta_byte_vec_t string;
  wta_cvallist_t list;
  wta_cvalrecord_t record;
  wta_cvaltuple_t tuple;
  wta_cvalvariant_t variant;
  wta_byte_vec_t enumeration;
  struct wta_cval *option;
  wta_cvalresult_t result;
  wta_cvalflags_t flags;
  wta_cvalmap_t map;
  wta_cresource_any_t *resource;
} wta_cvalunion_t;
typedef struct wta_cval { uint8_t kind; wta_cvalunion_t of; } wta_cval_t;
typedef struct wta_cvalrecord_entry { wta_byte_vec_t name; wta_cval_t val; } wta_cvalrecord_entry_t;
typedef struct wta_cvalmap_entry { wta_cval_t key; wta_cval_t value; } wta_cvalmap_entry_t;
enum { WTA_CVAL_BOOL, WTA_CVAL_S8, WTA_CVAL_U8, WTA_CVAL_S16, WTA_CVAL_U16, WTA_CVAL_S32, WTA_CVAL_U32,
       WTA_CVAL_S64, WTA_CVAL_U64, WTA_CVAL_F32, WTA_CVAL_F64, WTA_CVAL_CHAR, WTA_CVAL_STRING,
       WTA_CVAL_LIST, WTA_CVAL_RECORD, WTA_CVAL_TUPLE, WTA_CVAL_VARIANT, WTA_CVAL_ENUM, WTA_CVAL_OPTION,
       WTA_CVAL_RESULT, WTA_CVAL_FLAGS, WTA_CVAL_RESOURCE, WTA_CVAL_MAP };
/* The host function and resource destructor callbacks of the component linker. */
typedef wta_error_t *(*wta_cfunc_callback_t)(void *, wta_context_t *, const wta_cfunc_type_t *, wta_cval_t *,
                                             size_t, wta_cval_t *, size_t);
typedef wta_error_t *(*wta_cresource_dtor_t)(void *, wta_context_t *, uint32_t);

/* ---- the prototypes of older releases (rows WT_SYM_OLD of abi_syms.h) ----
 * WTA_OLD(name, last, ret, params): releases up to `last` declare `name`
 * as ret(params); wta_pfn_<name>_old is its type, WTA_OLD_LAST_<name> the
 * last such release. tests/abi_test.c proves each against the headers. */
#define WTA_OLD_PROTOTYPES(X)                                                                            \
  /* no page size, no error: returns the type */                                                         \
  X(wasmtime_memorytype_new, 38, wta_memorytype_t *, (uint64_t, bool, uint64_t, bool, bool))             \
  X(wasmtime_context_gc, 41, void, (wta_context_t *))                                                     \
  X(wasmtime_val_unroot, 37, void, (wta_context_t *, wta_val_t *))                                        \
  /* (dir, file) permission bits instead of writable */                                                  \
  X(wasi_config_preopen_dir, 47, bool, (wta_wasi_config_t *, const char *, const char *, size_t, size_t)) \
  /* the callback's context is not const (const from 50): the same ABI */                                 \
  X(wasmtime_store_epoch_deadline_callback, 49, void,                                                     \
    (wta_store_t *, wta_error_t *(*)(wta_context_t *, void *, uint64_t *, uint8_t *), void *, wta_finalizer_t)) \
  /* the six import/export type functions write an item (49: an extern, line cextern) */                   \
  X(wasmtime_component_type_import_get, 48, bool,                                                          \
    (const wta_ccomponent_type_t *, const wta_engine_t *, const char *, size_t, wta_citem_t *))            \
  X(wasmtime_component_type_import_nth, 48, bool,                                                          \
    (const wta_ccomponent_type_t *, const wta_engine_t *, size_t, const char **, size_t *, wta_citem_t *)) \
  X(wasmtime_component_type_export_get, 48, bool,                                                          \
    (const wta_ccomponent_type_t *, const wta_engine_t *, const char *, size_t, wta_citem_t *))            \
  X(wasmtime_component_type_export_nth, 48, bool,                                                          \
    (const wta_ccomponent_type_t *, const wta_engine_t *, size_t, const char **, size_t *, wta_citem_t *)) \
  X(wasmtime_component_instance_type_export_get, 48, bool,                                                 \
    (const wta_cinstance_type_t *, const wta_engine_t *, const char *, size_t, wta_citem_t *))             \
  X(wasmtime_component_instance_type_export_nth, 48, bool,                                                 \
    (const wta_cinstance_type_t *, const wta_engine_t *, size_t, const char **, size_t *, wta_citem_t *))
#define WTA_OLD_TYPE(name, last, ret, params) typedef ret(*wta_pfn_##name##_old) params; \
  enum { WTA_OLD_LAST_##name = last };
WTA_OLD_PROTOTYPES(WTA_OLD_TYPE)
#undef WTA_OLD_TYPE
/* The old function `name` of the table, as its old type. */
#define W_OLD(name) ((wta_pfn_##name##_old)(void (*)(void))W->name)
enum { WTA_OLD_PERMS_READ = 1, WTA_OLD_PERMS_WRITE = 2 }; /* wasi_{dir,file}_perms */

/* An ABI line: the releases whose C ABI, as wt uses it, is the same, and
 * how it differs from the newest (loader.c has the table, DESIGN.md says
 * how each difference was measured). */
typedef struct wta_line {
  const char *name;    /* e.g. "Wasmtime 49-50" */
  int first, last;     /* major versions; last: the newest proven (a newer
                          release with the newest line's witness is taken
                          as that line) */
  const char *witness; /* a symbol first exported by release `first`, for a
                          library without its version symbol (NULL: none) */
  uint8_t val_size;    /* sizeof wasmtime_val_t: 24 (36) or 32 */
  bool unroot_cx;      /* wasmtime_val_unroot takes a context first (36-37) */
  bool memtype_v0;     /* wasmtime_memorytype_new has no page size (36-38) */
  bool gc_void;        /* wasmtime_context_gc returns void (36-41) */
  bool trap_shift;     /* trap codes from 11 on are one higher (36-41) */
  bool preopen_perms;  /* wasi_config_preopen_dir takes (dir, file) perms (36-47) */
  bool old_valtypes;   /* no wasmtime_valtype_*: kinds come from
                          wasm_valtype_kind, which aborts the process on a
                          reference type other than funcref/externref (36-44) */
  bool cextern;        /* the six component import/export type functions
                          write a wasmtime_component_extern_t * (read with
                          wasmtime_component_extern_type), not an item (49+) */
  uint8_t cfunc_size;  /* sizeof wasmtime_component_func_t: 24 (39-48), 32 (49+:
                          a pointer-sized field more) */
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
