/*
 * abi_test.c - proves src/abi.h (wt's own mirror) against the official
 * Wasmtime headers, entirely at compile time: if this file compiles, every
 * mirrored type has the official size, alignment and field offsets, and
 * every function in src/abi_syms.h has the official prototype.
 * Built with -I.deps/wasmtime-X/include by `make abi-test`.
 */
#include <stdalign.h>
#include <stdio.h>
#include <wasi.h>
#include <wasmtime.h>

#include "../src/abi.h"

#define SAME_LAYOUT(ours, theirs)                                             \
  _Static_assert(sizeof(ours) == sizeof(theirs), #ours " size");              \
  _Static_assert(alignof(ours) == alignof(theirs), #ours " alignment")
#define SAME_FIELD(ours, theirs, f1, f2)                                      \
  _Static_assert(offsetof(ours, f1) == offsetof(theirs, f2), #ours "." #f1);  \
  _Static_assert(sizeof(((ours *)0)->f1) == sizeof(((theirs *)0)->f2),        \
                 #ours "." #f1 " size")
#define SAME_CONST(ours, theirs) _Static_assert((int)(ours) == (int)(theirs), #ours)

SAME_LAYOUT(wta_byte_vec_t, wasm_byte_vec_t);
SAME_FIELD(wta_byte_vec_t, wasm_byte_vec_t, size, size);
SAME_FIELD(wta_byte_vec_t, wasm_byte_vec_t, data, data);
SAME_LAYOUT(wta_valtype_vec_t, wasm_valtype_vec_t);
SAME_FIELD(wta_valtype_vec_t, wasm_valtype_vec_t, data, data);
SAME_LAYOUT(wta_frame_vec_t, wasm_frame_vec_t);
SAME_FIELD(wta_frame_vec_t, wasm_frame_vec_t, data, data);
SAME_LAYOUT(wta_importtype_vec_t, wasm_importtype_vec_t);
SAME_FIELD(wta_importtype_vec_t, wasm_importtype_vec_t, data, data);
SAME_LAYOUT(wta_exporttype_vec_t, wasm_exporttype_vec_t);
SAME_FIELD(wta_exporttype_vec_t, wasm_exporttype_vec_t, data, data);
SAME_LAYOUT(wta_limits_t, wasm_limits_t);
SAME_FIELD(wta_limits_t, wasm_limits_t, min, min);
SAME_FIELD(wta_limits_t, wasm_limits_t, max, max);

SAME_LAYOUT(wta_func_t, wasmtime_func_t);
SAME_FIELD(wta_func_t, wasmtime_func_t, store_id, store_id);
SAME_FIELD(wta_func_t, wasmtime_func_t, private_, __private);
SAME_LAYOUT(wta_table_t, wasmtime_table_t);
SAME_FIELD(wta_table_t, wasmtime_table_t, s.store_id, store_id);
SAME_FIELD(wta_table_t, wasmtime_table_t, s.private1, __private1);
SAME_FIELD(wta_table_t, wasmtime_table_t, private2, __private2);
SAME_LAYOUT(wta_memory_t, wasmtime_memory_t);
SAME_FIELD(wta_memory_t, wasmtime_memory_t, s.store_id, store_id);
SAME_FIELD(wta_memory_t, wasmtime_memory_t, s.private1, __private1);
SAME_FIELD(wta_memory_t, wasmtime_memory_t, private2, __private2);
SAME_LAYOUT(wta_global_t, wasmtime_global_t);
SAME_FIELD(wta_global_t, wasmtime_global_t, store_id, store_id);
SAME_FIELD(wta_global_t, wasmtime_global_t, private1, __private1);
SAME_FIELD(wta_global_t, wasmtime_global_t, private2, __private2);
SAME_FIELD(wta_global_t, wasmtime_global_t, private3, __private3);
SAME_LAYOUT(wta_tag_t, wasmtime_tag_t);
SAME_FIELD(wta_tag_t, wasmtime_tag_t, s.store_id, store_id);
SAME_FIELD(wta_tag_t, wasmtime_tag_t, private2, __private2);
SAME_LAYOUT(wta_instance_t, wasmtime_instance_t);
SAME_FIELD(wta_instance_t, wasmtime_instance_t, store_id, store_id);
SAME_FIELD(wta_instance_t, wasmtime_instance_t, private_, __private);
SAME_LAYOUT(wta_gcref_t, wasmtime_externref_t);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, store_id, store_id);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private1, __private1);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private2, __private2);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private3, __private3);
SAME_LAYOUT(wta_gcref_t, wasmtime_anyref_t);
SAME_LAYOUT(wta_gcref_t, wasmtime_exnref_t);

SAME_LAYOUT(wta_extern_union_t, wasmtime_extern_union_t);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, func, func);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, global, global);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, table, table);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, memory, memory);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, sharedmemory, sharedmemory);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, tag, tag);
SAME_LAYOUT(wta_extern_t, wasmtime_extern_t);
SAME_FIELD(wta_extern_t, wasmtime_extern_t, kind, kind);
SAME_FIELD(wta_extern_t, wasmtime_extern_t, of, of);

SAME_LAYOUT(wta_valunion_t, wasmtime_valunion_t);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, i32, i32);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, i64, i64);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, f32, f32);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, f64, f64);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, anyref, anyref);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, externref, externref);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, exnref, exnref);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, funcref, funcref);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, v128, v128);
SAME_LAYOUT(wta_val_t, wasmtime_val_t);
SAME_FIELD(wta_val_t, wasmtime_val_t, kind, kind);
SAME_FIELD(wta_val_t, wasmtime_val_t, of, of);
SAME_LAYOUT(wta_val_raw_t, wasmtime_val_raw_t);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, i32, i32);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, i64, i64);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, f32, f32);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, f64, f64);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, v128, v128);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, anyref, anyref);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, externref, externref);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, funcref, funcref);

SAME_LAYOUT(wta_heaptype_t, wasmtime_heaptype_t);
SAME_FIELD(wta_heaptype_t, wasmtime_heaptype_t, kind, kind);
SAME_FIELD(wta_heaptype_t, wasmtime_heaptype_t, concrete, of);
SAME_LAYOUT(wta_reftype_t, wasmtime_reftype_t);
SAME_FIELD(wta_reftype_t, wasmtime_reftype_t, nullable, nullable);
SAME_FIELD(wta_reftype_t, wasmtime_reftype_t, heaptype, heaptype);
SAME_LAYOUT(wta_valtype_full_t, wasmtime_valtype_t);
SAME_FIELD(wta_valtype_full_t, wasmtime_valtype_t, kind, kind);
SAME_FIELD(wta_valtype_full_t, wasmtime_valtype_t, reftype, reftype);
SAME_CONST(WTA_VALTYPE_V128, WASMTIME_VALTYPE_KIND_V128);
SAME_CONST(WTA_VALTYPE_REF, WASMTIME_VALTYPE_KIND_REF);
SAME_CONST(WTA_HEAP_EXTERN, WASMTIME_HEAPTYPE_KIND_EXTERN);
SAME_CONST(WTA_HEAP_NOFUNC, WASMTIME_HEAPTYPE_KIND_NOFUNC);
SAME_CONST(WTA_HEAP_ANY, WASMTIME_HEAPTYPE_KIND_ANY);
SAME_CONST(WTA_HEAP_EXN, WASMTIME_HEAPTYPE_KIND_EXN);
SAME_CONST(WTA_HEAP_NOEXN, WASMTIME_HEAPTYPE_KIND_NOEXN);
SAME_CONST(WTA_I32, WASMTIME_I32);
SAME_CONST(WTA_I64, WASMTIME_I64);
SAME_CONST(WTA_F32, WASMTIME_F32);
SAME_CONST(WTA_F64, WASMTIME_F64);
SAME_CONST(WTA_V128, WASMTIME_V128);
SAME_CONST(WTA_FUNCREF, WASMTIME_FUNCREF);
SAME_CONST(WTA_EXTERNREF, WASMTIME_EXTERNREF);
SAME_CONST(WTA_ANYREF, WASMTIME_ANYREF);
SAME_CONST(WTA_EXNREF, WASMTIME_EXNREF);
SAME_CONST(WTA_WASM_I32, WASM_I32);
SAME_CONST(WTA_WASM_F64, WASM_F64);
SAME_CONST(WTA_WASM_EXTERNREF, WASM_EXTERNREF);
SAME_CONST(WTA_WASM_FUNCREF, WASM_FUNCREF);
SAME_CONST(WTA_EXTERN_FUNC, WASMTIME_EXTERN_FUNC);
SAME_CONST(WTA_EXTERN_GLOBAL, WASMTIME_EXTERN_GLOBAL);
SAME_CONST(WTA_EXTERN_TABLE, WASMTIME_EXTERN_TABLE);
SAME_CONST(WTA_EXTERN_MEMORY, WASMTIME_EXTERN_MEMORY);
SAME_CONST(WTA_EXTERN_SHAREDMEMORY, WASMTIME_EXTERN_SHAREDMEMORY);
SAME_CONST(WTA_EXTERN_TAG, WASMTIME_EXTERN_TAG);
SAME_CONST(WTA_EXTERNKIND_FUNC, WASM_EXTERN_FUNC);
SAME_CONST(WTA_EXTERNKIND_MEMORY, WASM_EXTERN_MEMORY);
SAME_CONST(WTA_EXTERNKIND_TAG, WASM_EXTERN_TAG);
SAME_CONST(WTA_CONST, WASM_CONST);
SAME_CONST(WTA_VAR, WASM_VAR);
SAME_CONST(WTA_OPT_NONE, WASMTIME_OPT_LEVEL_NONE);
SAME_CONST(WTA_OPT_SPEED, WASMTIME_OPT_LEVEL_SPEED);
SAME_CONST(WTA_OPT_SPEED_AND_SIZE, WASMTIME_OPT_LEVEL_SPEED_AND_SIZE);

/* Callback types, after mapping our names onto the official ones below. */

/* Every mirrored name stands for one official name; with this mapping each
 * prototype in abi_syms.h must be *identical* to the official declaration. */
#define wta_engine_t wasm_engine_t
#define wta_config_t wasm_config_t
#define wta_store_t wasmtime_store_t
#define wta_context_t wasmtime_context_t
#define wta_module_t wasmtime_module_t
#define wta_linker_t wasmtime_linker_t
#define wta_error_t wasmtime_error_t
#define wta_trap_t wasm_trap_t
#define wta_frame_t wasm_frame_t
#define wta_caller_t wasmtime_caller_t
#define wta_instance_pre_t wasmtime_instance_pre_t
#define wta_valtype_t wasm_valtype_t
#define wta_functype_t wasm_functype_t
#define wta_globaltype_t wasm_globaltype_t
#define wta_tabletype_t wasm_tabletype_t
#define wta_memorytype_t wasm_memorytype_t
#define wta_externtype_t wasm_externtype_t
#define wta_importtype_t wasm_importtype_t
#define wta_exporttype_t wasm_exporttype_t
#define wta_wasi_config_t wasi_config_t
#define wta_pooling_config_t wasmtime_pooling_allocation_config_t
#define wta_byte_vec_t wasm_byte_vec_t
#define wta_valtype_vec_t wasm_valtype_vec_t
#define wta_frame_vec_t wasm_frame_vec_t
#define wta_importtype_vec_t wasm_importtype_vec_t
#define wta_exporttype_vec_t wasm_exporttype_vec_t
#define wta_limits_t wasm_limits_t
#define wta_func_t wasmtime_func_t
#define wta_global_t wasmtime_global_t
#define wta_table_t wasmtime_table_t
#define wta_memory_t wasmtime_memory_t
#define wta_sharedmemory_t wasmtime_sharedmemory_t
#define wta_instance_t wasmtime_instance_t
#define wta_extern_t wasmtime_extern_t
#define wta_val_t wasmtime_val_t
#define wta_val_raw_t wasmtime_val_raw_t
#define wta_gcref_t wasmtime_externref_t
#define wta_anyref_t wasmtime_anyref_t
#define wta_valtype_full_t wasmtime_valtype_t
#define wta_func_callback_t wasmtime_func_callback_t
#define wta_func_unchecked_callback_t wasmtime_func_unchecked_callback_t
#define wta_finalizer_t void (*)(void *)
#define wta_write_callback_t ptrdiff_t (*)(void *, const unsigned char *, size_t)

#define WT_SYM(cap, ret, name, params)                                        \
  _Static_assert(__builtin_types_compatible_p(__typeof__(&name), ret(*) params), \
                 "prototype of " #name);
/* Entries whose prototype changed: headers up to WTA_OLD_LAST_<name>
 * (src/abi.h) must have the old one. */
#define WT_SYM_OLD(cap, ret, name, params)                                              \
  _Static_assert(WASMTIME_VERSION_MAJOR <= WTA_OLD_LAST_##name ||                         \
                     __builtin_types_compatible_p(__typeof__(&name), ret(*) params),       \
                 "prototype of " #name);
#define WT_OLD_CHECK(name, last, ret, params)                                           \
  _Static_assert(WASMTIME_VERSION_MAJOR > last ||                                       \
                     __builtin_types_compatible_p(__typeof__(&name), ret(*) params),     \
                 "old prototype of " #name " (up to Wasmtime " #last ")");
WTA_OLD_PROTOTYPES(WT_OLD_CHECK)
#include "../src/abi_syms.h"
#undef WT_SYM
#undef WT_SYM_OLD

int main(void) {
  int n = 0;
#define WT_SYM(cap, ret, name, params) n++;
#define WT_SYM_OLD(cap, ret, name, params) n++;
#include "../src/abi_syms.h"
#undef WT_SYM
#undef WT_SYM_OLD
  printf("abi: %d prototypes and every mirrored layout match Wasmtime %s\n", n,
         WASMTIME_VERSION);
  return 0;
}
