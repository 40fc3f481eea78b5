/*
 * abi_test.c - proves src/abi.h (wt's own mirror) against the official
 * Wasmtime headers, entirely at compile time: if this file compiles, every
 * mirrored type has the official size, alignment and field offsets, every
 * enum value wt relies on is the official one, and every row of
 * src/abi_syms.h has the official prototype.
 * Built with -I.deps/wasmtime-X/include by `make abi-test`, once for each
 * release of ABI_VERSIONS (Makefile).
 *
 * Each difference of an older release is a fact in one of these tables,
 * each entry checked on exactly the releases it names:
 *   - Table 1 (below): rows whose symbol an older header does not declare;
 *     each must be optional in abi_syms.h (WT_SYM_OPTIONAL or a WT_CAP_*
 *     bit), or this file fails to compile;
 *   - Table 2: header prototypes that differ from the row only by `const`
 *     (the same ABI), each given in full and checked exactly;
 *   - WTA_OLD_PROTOTYPES (src/abi.h): prototypes that really changed, with
 *     the last release of the old one (the callers branch on the line);
 *   - per-release layouts and enum values, in #if blocks on the major.
 * A row in no table must match the header exactly; a required row whose
 * symbol is missing from the header fails as an undeclared identifier.
 */
#include <stdalign.h>
#include <stdio.h>
#include <wasi.h>
#include <wasmtime.h>

#include "../include/wt.h"
#include "../src/abi.h"

#define MAJOR WASMTIME_VERSION_MAJOR
#if MAJOR < 36
#error "wt drives Wasmtime 36 and later (src/loader.c, abi_lines)"
#endif

#define SAME_LAYOUT(ours, theirs)                                             \
  _Static_assert(sizeof(ours) == sizeof(theirs), #ours " size");              \
  _Static_assert(alignof(ours) == alignof(theirs), #ours " alignment")
#define SAME_FIELD(ours, theirs, f1, f2)                                      \
  _Static_assert(offsetof(ours, f1) == offsetof(theirs, f2), #ours "." #f1);  \
  _Static_assert(sizeof(((ours *)0)->f1) == sizeof(((theirs *)0)->f2),        \
                 #ours "." #f1 " size")
#define SAME_CONST(ours, theirs) _Static_assert((int)(ours) == (int)(theirs), #ours " == " #theirs)
#define FIELD_SIZE(type, f) sizeof(((type *)0)->f)

/* ==== layouts: the same in every release 36..50 ==== */
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
SAME_LAYOUT(wta_instance_t, wasmtime_instance_t);
SAME_FIELD(wta_instance_t, wasmtime_instance_t, store_id, store_id);
SAME_FIELD(wta_instance_t, wasmtime_instance_t, private_, __private);

/* The extern union: the same size in every release (global is the largest
 * member; tags, from 44, are as large as a table). */
SAME_LAYOUT(wta_extern_union_t, wasmtime_extern_union_t);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, func, func);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, global, global);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, table, table);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, memory, memory);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, sharedmemory, sharedmemory);
SAME_LAYOUT(wta_extern_t, wasmtime_extern_t);
SAME_FIELD(wta_extern_t, wasmtime_extern_t, kind, kind);
SAME_FIELD(wta_extern_t, wasmtime_extern_t, of, of);

SAME_LAYOUT(wta_val_raw_t, wasmtime_val_raw_t);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, i32, i32);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, i64, i64);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, f32, f32);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, f64, f64);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, v128, v128);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, anyref, anyref);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, externref, externref);
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, funcref, funcref);

/* Plain numbers and funcref sit alike in the value union of every release. */
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, i32, i32);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, i64, i64);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, f32, f32);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, f64, f64);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, funcref, funcref);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, v128, v128);

/* ==== layouts that differ by release ==== */
#if MAJOR == 36
/* GC references are 16 bytes (store id, two u32; no third, pointer-sized
 * field), so wasmtime_val_t is 24 bytes: wt's wta_val_v0_t (line val_size
 * 24, loader.c), converted to and from wt_val at every boundary (val.c,
 * which copies the 16 bytes of the union). wta_gcref_t, passed only by
 * pointer, holds a 36 reference in its first 16 bytes. */
_Static_assert(sizeof(wasmtime_externref_t) == 16 && sizeof(wasmtime_anyref_t) == 16, "36: 16-byte refs");
_Static_assert(alignof(wasmtime_externref_t) == alignof(wta_gcref_t), "36: externref alignment");
_Static_assert(sizeof(wta_gcref_t) >= sizeof(wasmtime_externref_t), "36: wta_gcref_t holds a 36 ref");
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, store_id, store_id);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private1, __private1);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private2, __private2);
SAME_FIELD(wta_gcref_t, wasmtime_anyref_t, store_id, store_id);
SAME_FIELD(wta_gcref_t, wasmtime_anyref_t, private1, __private1);
SAME_FIELD(wta_gcref_t, wasmtime_anyref_t, private2, __private2);
SAME_LAYOUT(wta_val_v0_t, wasmtime_val_t);
SAME_FIELD(wta_val_v0_t, wasmtime_val_t, kind, kind);
SAME_FIELD(wta_val_v0_t, wasmtime_val_t, of, of);
_Static_assert(FIELD_SIZE(wasmtime_valunion_t, externref) == 16 &&
               FIELD_SIZE(wasmtime_valunion_t, anyref) == 16, "36: externref/anyref in the union: 16 bytes");
_Static_assert(sizeof(wasmtime_valunion_t) == FIELD_SIZE(wta_val_v0_t, of), "36: union size");
_Static_assert(alignof(wasmtime_valunion_t) == alignof(wta_valunion_t), "36: union alignment");
#else
/* 37 and later: 24-byte references, 32-byte wasmtime_val_t (wta_val_t). */
SAME_LAYOUT(wta_gcref_t, wasmtime_externref_t);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, store_id, store_id);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private1, __private1);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private2, __private2);
SAME_FIELD(wta_gcref_t, wasmtime_externref_t, private3, __private3);
SAME_LAYOUT(wta_anyref_t, wasmtime_anyref_t);
SAME_FIELD(wta_anyref_t, wasmtime_anyref_t, store_id, store_id);
SAME_FIELD(wta_anyref_t, wasmtime_anyref_t, private1, __private1);
SAME_FIELD(wta_anyref_t, wasmtime_anyref_t, private2, __private2);
SAME_FIELD(wta_anyref_t, wasmtime_anyref_t, private3, __private3);
SAME_LAYOUT(wta_valunion_t, wasmtime_valunion_t);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, anyref, anyref);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, externref, externref);
SAME_LAYOUT(wta_val_t, wasmtime_val_t);
SAME_FIELD(wta_val_t, wasmtime_val_t, kind, kind);
SAME_FIELD(wta_val_t, wasmtime_val_t, of, of);
#endif

#if MAJOR >= 44 /* tags and exnref are new in 44 */
SAME_LAYOUT(wta_tag_t, wasmtime_tag_t);
SAME_FIELD(wta_tag_t, wasmtime_tag_t, s.store_id, store_id);
SAME_FIELD(wta_tag_t, wasmtime_tag_t, s.private1, __private1);
SAME_FIELD(wta_tag_t, wasmtime_tag_t, private2, __private2);
SAME_FIELD(wta_extern_union_t, wasmtime_extern_union_t, tag, tag);
SAME_LAYOUT(wta_gcref_t, wasmtime_exnref_t);
SAME_FIELD(wta_gcref_t, wasmtime_exnref_t, store_id, store_id);
SAME_FIELD(wta_gcref_t, wasmtime_exnref_t, private3, __private3);
SAME_FIELD(wta_valunion_t, wasmtime_valunion_t, exnref, exnref);
#endif
#if MAJOR >= 45 /* exnref in wasmtime_val_raw_t; the full value types (wasmtime/types/val.h) */
SAME_FIELD(wta_val_raw_t, wasmtime_val_raw_t, exnref, exnref);
SAME_LAYOUT(wta_heaptype_t, wasmtime_heaptype_t);
SAME_FIELD(wta_heaptype_t, wasmtime_heaptype_t, kind, kind);
SAME_FIELD(wta_heaptype_t, wasmtime_heaptype_t, concrete, of);
SAME_LAYOUT(wta_reftype_t, wasmtime_reftype_t);
SAME_FIELD(wta_reftype_t, wasmtime_reftype_t, nullable, nullable);
SAME_FIELD(wta_reftype_t, wasmtime_reftype_t, heaptype, heaptype);
SAME_LAYOUT(wta_valtype_full_t, wasmtime_valtype_t);
SAME_FIELD(wta_valtype_full_t, wasmtime_valtype_t, kind, kind);
SAME_FIELD(wta_valtype_full_t, wasmtime_valtype_t, reftype, reftype);
#endif

/* ---- the component runtime (cval.c, cfunc.c, clinker.c, resource.c), 39..50 ---- */
#if MAJOR >= 39
SAME_LAYOUT(wta_cinstance_t, wasmtime_component_instance_t);
SAME_FIELD(wta_cinstance_t, wasmtime_component_instance_t, store_id, store_id);
SAME_FIELD(wta_cinstance_t, wasmtime_component_instance_t, private_, __private);
_Static_assert(sizeof(wt_cinstance) >= sizeof(wasmtime_component_instance_t), "wt_cinstance holds an instance");
/* wasmtime_component_func_t: 24 bytes up to 48, 32 from 49 (private3);
 * cfunc.c keeps every one in a wta_cfunc_t, the larger. */
#if MAJOR >= 49
SAME_LAYOUT(wta_cfunc_t, wasmtime_component_func_t);
SAME_FIELD(wta_cfunc_t, wasmtime_component_func_t, private3, __private3);
#else
SAME_LAYOUT(wta_cfunc_v0_t, wasmtime_component_func_t);
_Static_assert(sizeof(wta_cfunc_t) >= sizeof(wasmtime_component_func_t), "wta_cfunc_t holds a 24-byte func");
#endif
SAME_FIELD(wta_cfunc_t, wasmtime_component_func_t, s.store_id, store_id);
SAME_FIELD(wta_cfunc_t, wasmtime_component_func_t, s.private1, __private1);
SAME_FIELD(wta_cfunc_t, wasmtime_component_func_t, private2, __private2);
SAME_FIELD(wta_cfunc_v0_t, wasmtime_component_func_t, s.store_id, store_id);
SAME_FIELD(wta_cfunc_v0_t, wasmtime_component_func_t, private2, __private2);
/* values: the union is 24 bytes in every release (the map of 44 is a
 * 16-byte vector, as the others) */
SAME_LAYOUT(wta_cvallist_t, wasmtime_component_vallist_t);
SAME_FIELD(wta_cvallist_t, wasmtime_component_vallist_t, size, size);
SAME_FIELD(wta_cvallist_t, wasmtime_component_vallist_t, data, data);
SAME_LAYOUT(wta_cvaltuple_t, wasmtime_component_valtuple_t);
SAME_FIELD(wta_cvaltuple_t, wasmtime_component_valtuple_t, size, size);
SAME_FIELD(wta_cvaltuple_t, wasmtime_component_valtuple_t, data, data);
SAME_LAYOUT(wta_cvalrecord_t, wasmtime_component_valrecord_t);
SAME_FIELD(wta_cvalrecord_t, wasmtime_component_valrecord_t, size, size);
SAME_FIELD(wta_cvalrecord_t, wasmtime_component_valrecord_t, data, data);
SAME_LAYOUT(wta_cvalflags_t, wasmtime_component_valflags_t);
SAME_FIELD(wta_cvalflags_t, wasmtime_component_valflags_t, size, size);
SAME_FIELD(wta_cvalflags_t, wasmtime_component_valflags_t, data, data);
SAME_LAYOUT(wta_cvalvariant_t, wasmtime_component_valvariant_t);
SAME_FIELD(wta_cvalvariant_t, wasmtime_component_valvariant_t, discriminant, discriminant);
SAME_FIELD(wta_cvalvariant_t, wasmtime_component_valvariant_t, val, val);
SAME_LAYOUT(wta_cvalresult_t, wasmtime_component_valresult_t);
SAME_FIELD(wta_cvalresult_t, wasmtime_component_valresult_t, is_ok, is_ok);
SAME_FIELD(wta_cvalresult_t, wasmtime_component_valresult_t, val, val);
SAME_LAYOUT(wta_cvalunion_t, wasmtime_component_valunion_t);
_Static_assert(sizeof(wasmtime_component_valunion_t) == 24, "the component value union: 24 bytes");
#define CVAL_FIELD(f) SAME_FIELD(wta_cvalunion_t, wasmtime_component_valunion_t, f, f)
CVAL_FIELD(boolean); CVAL_FIELD(s8); CVAL_FIELD(u8); CVAL_FIELD(s16); CVAL_FIELD(u16); CVAL_FIELD(s32);
CVAL_FIELD(u32); CVAL_FIELD(s64); CVAL_FIELD(u64); CVAL_FIELD(f32); CVAL_FIELD(f64); CVAL_FIELD(character);
CVAL_FIELD(string); CVAL_FIELD(list); CVAL_FIELD(record); CVAL_FIELD(tuple); CVAL_FIELD(variant);
CVAL_FIELD(enumeration); CVAL_FIELD(option); CVAL_FIELD(result); CVAL_FIELD(flags); CVAL_FIELD(resource);
#undef CVAL_FIELD
SAME_LAYOUT(wta_cval_t, wasmtime_component_val_t);
SAME_FIELD(wta_cval_t, wasmtime_component_val_t, kind, kind);
SAME_FIELD(wta_cval_t, wasmtime_component_val_t, of, of);
SAME_LAYOUT(wta_cvalrecord_entry_t, wasmtime_component_valrecord_entry_t);
SAME_FIELD(wta_cvalrecord_entry_t, wasmtime_component_valrecord_entry_t, name, name);
SAME_FIELD(wta_cvalrecord_entry_t, wasmtime_component_valrecord_entry_t, val, val);
#define CVAL_KIND(ours, theirs) SAME_CONST(WTA_CVAL_##ours, WASMTIME_COMPONENT_##theirs);
CVAL_KIND(BOOL, BOOL) CVAL_KIND(S8, S8) CVAL_KIND(U8, U8) CVAL_KIND(S16, S16) CVAL_KIND(U16, U16)
CVAL_KIND(S32, S32) CVAL_KIND(U32, U32) CVAL_KIND(S64, S64) CVAL_KIND(U64, U64) CVAL_KIND(F32, F32)
CVAL_KIND(F64, F64) CVAL_KIND(CHAR, CHAR) CVAL_KIND(STRING, STRING) CVAL_KIND(LIST, LIST)
CVAL_KIND(RECORD, RECORD) CVAL_KIND(TUPLE, TUPLE) CVAL_KIND(VARIANT, VARIANT) CVAL_KIND(ENUM, ENUM)
CVAL_KIND(OPTION, OPTION) CVAL_KIND(RESULT, RESULT) CVAL_KIND(FLAGS, FLAGS) CVAL_KIND(RESOURCE, RESOURCE)
#undef CVAL_KIND
/* wt_ckind's value kinds up to WT_CFLAGS are Wasmtime's (cval.c copies them) */
SAME_CONST(WT_CBOOL, WASMTIME_COMPONENT_BOOL);
SAME_CONST(WT_CCHAR, WASMTIME_COMPONENT_CHAR);
SAME_CONST(WT_CSTRING, WASMTIME_COMPONENT_STRING);
SAME_CONST(WT_CFLAGS, WASMTIME_COMPONENT_FLAGS);
#endif
#if MAJOR >= 44 /* maps are new in 44 */
SAME_LAYOUT(wta_cvalmap_t, wasmtime_component_valmap_t);
SAME_FIELD(wta_cvalmap_t, wasmtime_component_valmap_t, data, data);
SAME_FIELD(wta_cvalunion_t, wasmtime_component_valunion_t, map, map);
SAME_LAYOUT(wta_cvalmap_entry_t, wasmtime_component_valmap_entry_t);
SAME_FIELD(wta_cvalmap_entry_t, wasmtime_component_valmap_entry_t, key, key);
SAME_FIELD(wta_cvalmap_entry_t, wasmtime_component_valmap_entry_t, value, value);
SAME_CONST(WTA_CVAL_MAP, WASMTIME_COMPONENT_MAP);
#endif
#if MAJOR >= 39 /* the component types (wasmtime/component/types/), new in 39 */
SAME_LAYOUT(wta_cvaltype_t, wasmtime_component_valtype_t);
SAME_FIELD(wta_cvaltype_t, wasmtime_component_valtype_t, kind, kind);
SAME_FIELD(wta_cvaltype_t, wasmtime_component_valtype_t, of, of);
#define CVT_FIELD(f) SAME_FIELD(wta_cvaltype_union_t, wasmtime_component_valtype_union_t, f, f)
CVT_FIELD(list); CVT_FIELD(record); CVT_FIELD(tuple); CVT_FIELD(variant); CVT_FIELD(enum_);
CVT_FIELD(option); CVT_FIELD(result); CVT_FIELD(flags); CVT_FIELD(own); CVT_FIELD(borrow);
CVT_FIELD(future); CVT_FIELD(stream);
SAME_LAYOUT(wta_citem_t, wasmtime_component_item_t);
SAME_FIELD(wta_citem_t, wasmtime_component_item_t, kind, kind);
SAME_FIELD(wta_citem_t, wasmtime_component_item_t, of, of);
#define CITEM_FIELD(f) SAME_FIELD(wta_citem_union_t, wasmtime_component_item_union_t, f, f)
CITEM_FIELD(component); CITEM_FIELD(component_instance); CITEM_FIELD(module); CITEM_FIELD(component_func);
CITEM_FIELD(resource); CITEM_FIELD(core_func); CITEM_FIELD(type);
/* The line's cfunc_size (loader.c): 24 bytes up to 48, 32 from 49. */
_Static_assert(sizeof(wasmtime_component_func_t) == (MAJOR >= 49 ? 32 : 24), "wasmtime_component_func_t size");
#endif
#if MAJOR >= 44 /* map types are new in 44 */
CVT_FIELD(map);
#endif

/* ==== enum values: the same in every release 36..50 ==== */
/* wasmtime_valkind_t; wt_val's kinds (wt.h) pass to Wasmtime unchanged. */
SAME_CONST(WTA_I32, WASMTIME_I32);
SAME_CONST(WTA_I64, WASMTIME_I64);
SAME_CONST(WTA_F32, WASMTIME_F32);
SAME_CONST(WTA_F64, WASMTIME_F64);
SAME_CONST(WTA_V128, WASMTIME_V128);
SAME_CONST(WTA_FUNCREF, WASMTIME_FUNCREF);
SAME_CONST(WTA_EXTERNREF, WASMTIME_EXTERNREF);
SAME_CONST(WTA_ANYREF, WASMTIME_ANYREF);
SAME_CONST(WT_I32, WASMTIME_I32);
SAME_CONST(WT_I64, WASMTIME_I64);
SAME_CONST(WT_F32, WASMTIME_F32);
SAME_CONST(WT_F64, WASMTIME_F64);
SAME_CONST(WT_V128, WASMTIME_V128);
SAME_CONST(WT_FUNCREF, WASMTIME_FUNCREF);
SAME_CONST(WT_EXTERNREF, WASMTIME_EXTERNREF);
SAME_CONST(WT_ANYREF, WASMTIME_ANYREF);
/* wasm_valkind_t (types.c reads kinds through it on lines with old_valtypes) */
SAME_CONST(WTA_WASM_I32, WASM_I32);
SAME_CONST(WTA_WASM_I64, WASM_I64);
SAME_CONST(WTA_WASM_F32, WASM_F32);
SAME_CONST(WTA_WASM_F64, WASM_F64);
SAME_CONST(WTA_WASM_EXTERNREF, WASM_EXTERNREF);
SAME_CONST(WTA_WASM_FUNCREF, WASM_FUNCREF);
/* wasmtime_extern_kind_t, wasm_externkind_t */
SAME_CONST(WTA_EXTERN_FUNC, WASMTIME_EXTERN_FUNC);
SAME_CONST(WTA_EXTERN_GLOBAL, WASMTIME_EXTERN_GLOBAL);
SAME_CONST(WTA_EXTERN_TABLE, WASMTIME_EXTERN_TABLE);
SAME_CONST(WTA_EXTERN_MEMORY, WASMTIME_EXTERN_MEMORY);
SAME_CONST(WTA_EXTERN_SHAREDMEMORY, WASMTIME_EXTERN_SHAREDMEMORY);
SAME_CONST(WTA_EXTERNKIND_FUNC, WASM_EXTERN_FUNC);
SAME_CONST(WTA_EXTERNKIND_GLOBAL, WASM_EXTERN_GLOBAL);
SAME_CONST(WTA_EXTERNKIND_TABLE, WASM_EXTERN_TABLE);
SAME_CONST(WTA_EXTERNKIND_MEMORY, WASM_EXTERN_MEMORY);
SAME_CONST(WTA_CONST, WASM_CONST);
SAME_CONST(WTA_VAR, WASM_VAR);
SAME_CONST(WTA_OPT_NONE, WASMTIME_OPT_LEVEL_NONE);
SAME_CONST(WTA_OPT_SPEED, WASMTIME_OPT_LEVEL_SPEED);
SAME_CONST(WTA_OPT_SPEED_AND_SIZE, WASMTIME_OPT_LEVEL_SPEED_AND_SIZE);
SAME_CONST(0, WASMTIME_UPDATE_DEADLINE_CONTINUE); /* store.c's epoch callback writes 0 */

/* ==== enum values that differ by release ==== */
#if MAJOR >= 44 /* exnref and tags are new in 44 */
SAME_CONST(WTA_EXNREF, WASMTIME_EXNREF);
SAME_CONST(WT_EXNREF, WASMTIME_EXNREF);
SAME_CONST(WTA_EXTERN_TAG, WASMTIME_EXTERN_TAG);
SAME_CONST(WTA_EXTERNKIND_TAG, WASM_EXTERN_TAG);
#endif
#if MAJOR >= 45 /* wasmtime_valtype_t's kinds; types.c returns i32..v128 as wt kinds */
SAME_CONST(WT_I32, WASMTIME_VALTYPE_KIND_I32);
SAME_CONST(WT_I64, WASMTIME_VALTYPE_KIND_I64);
SAME_CONST(WT_F32, WASMTIME_VALTYPE_KIND_F32);
SAME_CONST(WT_F64, WASMTIME_VALTYPE_KIND_F64);
SAME_CONST(WT_V128, WASMTIME_VALTYPE_KIND_V128);
SAME_CONST(WTA_VALTYPE_V128, WASMTIME_VALTYPE_KIND_V128);
SAME_CONST(WTA_VALTYPE_REF, WASMTIME_VALTYPE_KIND_REF);
SAME_CONST(WTA_HEAP_EXTERN, WASMTIME_HEAPTYPE_KIND_EXTERN);
SAME_CONST(WTA_HEAP_NOEXTERN, WASMTIME_HEAPTYPE_KIND_NOEXTERN);
SAME_CONST(WTA_HEAP_FUNC, WASMTIME_HEAPTYPE_KIND_FUNC);
SAME_CONST(WTA_HEAP_CONCRETE_FUNC, WASMTIME_HEAPTYPE_KIND_CONCRETE_FUNC);
SAME_CONST(WTA_HEAP_NOFUNC, WASMTIME_HEAPTYPE_KIND_NOFUNC);
SAME_CONST(WTA_HEAP_ANY, WASMTIME_HEAPTYPE_KIND_ANY);
SAME_CONST(WTA_HEAP_NONE, WASMTIME_HEAPTYPE_KIND_NONE);
SAME_CONST(WTA_HEAP_EQ, WASMTIME_HEAPTYPE_KIND_EQ);
SAME_CONST(WTA_HEAP_I31, WASMTIME_HEAPTYPE_KIND_I31);
SAME_CONST(WTA_HEAP_ARRAY, WASMTIME_HEAPTYPE_KIND_ARRAY);
SAME_CONST(WTA_HEAP_CONCRETE_ARRAY, WASMTIME_HEAPTYPE_KIND_CONCRETE_ARRAY);
SAME_CONST(WTA_HEAP_STRUCT, WASMTIME_HEAPTYPE_KIND_STRUCT);
SAME_CONST(WTA_HEAP_CONCRETE_STRUCT, WASMTIME_HEAPTYPE_KIND_CONCRETE_STRUCT);
SAME_CONST(WTA_HEAP_EXN, WASMTIME_HEAPTYPE_KIND_EXN);
SAME_CONST(WTA_HEAP_CONCRETE_EXN, WASMTIME_HEAPTYPE_KIND_CONCRETE_EXN);
SAME_CONST(WTA_HEAP_NOEXN, WASMTIME_HEAPTYPE_KIND_NOEXN);
#endif
#if MAJOR <= 47 /* the old preopen's permission bits */
_Static_assert(WTA_OLD_LAST_wasi_config_preopen_dir == 47, "the #if above: the old preopen's last release");
SAME_CONST(WTA_OLD_PERMS_READ, WASMTIME_WASI_DIR_PERMS_READ);
SAME_CONST(WTA_OLD_PERMS_WRITE, WASMTIME_WASI_DIR_PERMS_WRITE);
SAME_CONST(WTA_OLD_PERMS_READ, WASMTIME_WASI_FILE_PERMS_READ);
SAME_CONST(WTA_OLD_PERMS_WRITE, WASMTIME_WASI_FILE_PERMS_WRITE);
#endif

#if MAJOR >= 39 /* component value types and items; the kinds of ctype.c's table */
SAME_CONST(WTA_CVT_BOOL, WASMTIME_COMPONENT_VALTYPE_BOOL);
SAME_CONST(WTA_CVT_S8, WASMTIME_COMPONENT_VALTYPE_S8);
SAME_CONST(WTA_CVT_S16, WASMTIME_COMPONENT_VALTYPE_S16);
SAME_CONST(WTA_CVT_S32, WASMTIME_COMPONENT_VALTYPE_S32);
SAME_CONST(WTA_CVT_S64, WASMTIME_COMPONENT_VALTYPE_S64);
SAME_CONST(WTA_CVT_U8, WASMTIME_COMPONENT_VALTYPE_U8);
SAME_CONST(WTA_CVT_U16, WASMTIME_COMPONENT_VALTYPE_U16);
SAME_CONST(WTA_CVT_U32, WASMTIME_COMPONENT_VALTYPE_U32);
SAME_CONST(WTA_CVT_U64, WASMTIME_COMPONENT_VALTYPE_U64);
SAME_CONST(WTA_CVT_F32, WASMTIME_COMPONENT_VALTYPE_F32);
SAME_CONST(WTA_CVT_F64, WASMTIME_COMPONENT_VALTYPE_F64);
SAME_CONST(WTA_CVT_CHAR, WASMTIME_COMPONENT_VALTYPE_CHAR);
SAME_CONST(WTA_CVT_STRING, WASMTIME_COMPONENT_VALTYPE_STRING);
SAME_CONST(WTA_CVT_LIST, WASMTIME_COMPONENT_VALTYPE_LIST);
SAME_CONST(WTA_CVT_RECORD, WASMTIME_COMPONENT_VALTYPE_RECORD);
SAME_CONST(WTA_CVT_TUPLE, WASMTIME_COMPONENT_VALTYPE_TUPLE);
SAME_CONST(WTA_CVT_VARIANT, WASMTIME_COMPONENT_VALTYPE_VARIANT);
SAME_CONST(WTA_CVT_ENUM, WASMTIME_COMPONENT_VALTYPE_ENUM);
SAME_CONST(WTA_CVT_OPTION, WASMTIME_COMPONENT_VALTYPE_OPTION);
SAME_CONST(WTA_CVT_RESULT, WASMTIME_COMPONENT_VALTYPE_RESULT);
SAME_CONST(WTA_CVT_FLAGS, WASMTIME_COMPONENT_VALTYPE_FLAGS);
SAME_CONST(WTA_CVT_OWN, WASMTIME_COMPONENT_VALTYPE_OWN);
SAME_CONST(WTA_CVT_BORROW, WASMTIME_COMPONENT_VALTYPE_BORROW);
SAME_CONST(WTA_CVT_FUTURE, WASMTIME_COMPONENT_VALTYPE_FUTURE);
SAME_CONST(WTA_CVT_STREAM, WASMTIME_COMPONENT_VALTYPE_STREAM);
SAME_CONST(WTA_CVT_ERROR_CONTEXT, WASMTIME_COMPONENT_VALTYPE_ERROR_CONTEXT);
SAME_CONST(WTA_CITEM_COMPONENT, WASMTIME_COMPONENT_ITEM_COMPONENT);
SAME_CONST(WTA_CITEM_COMPONENT_INSTANCE, WASMTIME_COMPONENT_ITEM_COMPONENT_INSTANCE);
SAME_CONST(WTA_CITEM_MODULE, WASMTIME_COMPONENT_ITEM_MODULE);
SAME_CONST(WTA_CITEM_COMPONENT_FUNC, WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC);
SAME_CONST(WTA_CITEM_RESOURCE, WASMTIME_COMPONENT_ITEM_RESOURCE);
SAME_CONST(WTA_CITEM_CORE_FUNC, WASMTIME_COMPONENT_ITEM_CORE_FUNC);
SAME_CONST(WTA_CITEM_TYPE, WASMTIME_COMPONENT_ITEM_TYPE);
#if MAJOR >= 44
SAME_CONST(WTA_CVT_MAP, WASMTIME_COMPONENT_VALTYPE_MAP);
#elif defined WASMTIME_COMPONENT_VALTYPE_MAP
#error "a release before 44 with map types: Table 1 and this #if are wrong"
#endif
#endif

/* Trap codes: wt_trap_kind (wt.h) is the numbering of 42 and later. Up to
 * 41 code 11 is ALWAYS_TRAP_ADAPTER and every later code is one higher
 * (the line's trap_shift, 36-41 in loader.c; error.c maps them back). */
#define TRAP_SHIFT (MAJOR <= 41)
#if TRAP_SHIFT
SAME_CONST(11, WASMTIME_TRAP_CODE_ALWAYS_TRAP_ADAPTER);
_Static_assert(WASMTIME_TRAP_CODE_OUT_OF_FUEL == 12, "36-41: OUT_OF_FUEL is 12");
#else
_Static_assert(WASMTIME_TRAP_CODE_OUT_OF_FUEL == 11, "42+: OUT_OF_FUEL is 11");
#endif
/* X(wt's name, the official name) for every wt_trap_kind */
#define TRAP_CODES(X)                                                         \
  X(STACK_OVERFLOW, STACK_OVERFLOW) X(MEMORY_OUT_OF_BOUNDS, MEMORY_OUT_OF_BOUNDS) \
  X(HEAP_MISALIGNED, HEAP_MISALIGNED) X(TABLE_OUT_OF_BOUNDS, TABLE_OUT_OF_BOUNDS) \
  X(INDIRECT_CALL_TO_NULL, INDIRECT_CALL_TO_NULL) X(BAD_SIGNATURE, BAD_SIGNATURE) \
  X(INTEGER_OVERFLOW, INTEGER_OVERFLOW) X(INTEGER_DIVISION_BY_ZERO, INTEGER_DIVISION_BY_ZERO) \
  X(BAD_CONVERSION_TO_INTEGER, BAD_CONVERSION_TO_INTEGER) X(UNREACHABLE, UNREACHABLE_CODE_REACHED) \
  X(INTERRUPT, INTERRUPT) X(OUT_OF_FUEL, OUT_OF_FUEL)                         \
  X(ATOMIC_WAIT_NON_SHARED, ATOMIC_WAIT_NON_SHARED_MEMORY) X(NULL_REFERENCE, NULL_REFERENCE) \
  X(ARRAY_OUT_OF_BOUNDS, ARRAY_OUT_OF_BOUNDS) X(ALLOCATION_TOO_LARGE, ALLOCATION_TOO_LARGE) \
  X(CAST_FAILURE, CAST_FAILURE)
#define TRAP_CODE(ours, theirs)                                               \
  _Static_assert(WASMTIME_TRAP_CODE_##theirs == WT_TRAP_##ours + (TRAP_SHIFT && WT_TRAP_##ours >= 11), \
                 "trap code " #theirs);
TRAP_CODES(TRAP_CODE)

/* ==== the prototypes ==== */

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
#define wta_component_t wasmtime_component_t
#define wta_cvaltype_t wasmtime_component_valtype_t
#define wta_citem_t wasmtime_component_item_t
#define wta_cfunc_type_t wasmtime_component_func_type_t
#define wta_ccomponent_type_t wasmtime_component_type_t
#define wta_cinstance_type_t wasmtime_component_instance_type_t
#define wta_cmodule_type_t wasmtime_module_type_t
#define wta_cresource_type_t wasmtime_component_resource_type_t
#define wta_cextern_t wasmtime_component_extern_t
#if MAJOR < 49 /* the rows' new prototypes name it; not declared before 49 */
typedef struct wasmtime_component_extern_t wasmtime_component_extern_t;
#endif
#define wta_clist_type_t wasmtime_component_list_type_t
#define wta_crecord_type_t wasmtime_component_record_type_t
#define wta_ctuple_type_t wasmtime_component_tuple_type_t
#define wta_cvariant_type_t wasmtime_component_variant_type_t
#define wta_cenum_type_t wasmtime_component_enum_type_t
#define wta_coption_type_t wasmtime_component_option_type_t
#define wta_cresult_type_t wasmtime_component_result_type_t
#define wta_cflags_type_t wasmtime_component_flags_type_t
#define wta_cfuture_type_t wasmtime_component_future_type_t
#define wta_cstream_type_t wasmtime_component_stream_type_t
#define wta_cmap_type_t wasmtime_component_map_type_t
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
#define wta_cresource_type_t wasmtime_component_resource_type_t
#define wta_cresource_any_t wasmtime_component_resource_any_t
#define wta_cresource_host_t wasmtime_component_resource_host_t
#define wta_clinker_t wasmtime_component_linker_t
#define wta_clinker_instance_t wasmtime_component_linker_instance_t
#define wta_cexport_index_t wasmtime_component_export_index_t
#define wta_cinstance_t wasmtime_component_instance_t
#define wta_cfunc_t wasmtime_component_func_t
#define wta_cfunc_type_t wasmtime_component_func_type_t
#define wta_cval_t wasmtime_component_val_t
#define wta_cvallist_t wasmtime_component_vallist_t
#define wta_cvaltuple_t wasmtime_component_valtuple_t
#define wta_cvalrecord_t wasmtime_component_valrecord_t
#define wta_cvalflags_t wasmtime_component_valflags_t
#define wta_cfunc_callback_t wasmtime_component_func_callback_t
#define wta_cresource_dtor_t wasmtime_component_resource_destructor_t
#define wta_func_callback_t wasmtime_func_callback_t
#define wta_func_unchecked_callback_t wasmtime_func_unchecked_callback_t
#define wta_finalizer_t void (*)(void *)
#define wta_write_callback_t ptrdiff_t (*)(void *, const unsigned char *, size_t)

/* ---- Table 1: rows whose symbol older headers do not declare ----
 * ROW_<name> ABSENT, in the releases before the first that declares it
 * (measured on the headers of 36..50, wasmtime-c-api-impl). The row is not
 * checked there, and must be optional: a required row fails to compile. */
#if MAJOR < 39 /* first declared in 39 */
#define ROW_wasmtime_config_wasm_exceptions_set ABSENT
#define ROW_wasmtime_config_wasm_custom_page_sizes_set ABSENT
#define ROW_wasmtime_linker_define_unknown_imports_as_traps ABSENT
#define ROW_wasi_config_set_stdout_custom ABSENT
#define ROW_wasi_config_set_stderr_custom ABSENT
#endif
#if MAJOR < 39 /* the component runtime: 36-38 have another component API (no types, no
                  resources; some of these names with other prototypes), which wt does not
                  drive: WT_CAP_COMPONENT is off there, so these rows are not called */
#define ROW_wasmtime_component_val_delete ABSENT
#define ROW_wasmtime_component_val_new ABSENT
#define ROW_wasmtime_component_vallist_new_uninit ABSENT
#define ROW_wasmtime_component_valrecord_new_uninit ABSENT
#define ROW_wasmtime_component_valtuple_new_uninit ABSENT
#define ROW_wasmtime_component_valflags_new_uninit ABSENT
#define ROW_wasmtime_component_linker_new ABSENT
#define ROW_wasmtime_component_linker_delete ABSENT
#define ROW_wasmtime_component_linker_allow_shadowing ABSENT
#define ROW_wasmtime_component_linker_root ABSENT
#define ROW_wasmtime_component_linker_instantiate ABSENT
#define ROW_wasmtime_component_linker_define_unknown_imports_as_traps ABSENT
#define ROW_wasmtime_component_linker_instance_add_instance ABSENT
#define ROW_wasmtime_component_linker_instance_add_module ABSENT
#define ROW_wasmtime_component_linker_instance_add_func ABSENT
#define ROW_wasmtime_component_linker_instance_add_resource ABSENT
#define ROW_wasmtime_component_linker_instance_delete ABSENT
#define ROW_wasmtime_component_linker_add_wasip2 ABSENT
#define ROW_wasmtime_component_instance_get_export_index ABSENT
#define ROW_wasmtime_component_instance_get_func ABSENT
#define ROW_wasmtime_component_export_index_delete ABSENT
#define ROW_wasmtime_component_func_type ABSENT
#define ROW_wasmtime_component_func_call ABSENT
#define ROW_wasmtime_component_func_post_return ABSENT
#define ROW_wasmtime_component_resource_type_new_host ABSENT
#define ROW_wasmtime_component_resource_any_type ABSENT
#define ROW_wasmtime_component_resource_any_clone ABSENT
#define ROW_wasmtime_component_resource_any_owned ABSENT
#define ROW_wasmtime_component_resource_any_drop ABSENT
#define ROW_wasmtime_component_resource_any_delete ABSENT
#define ROW_wasmtime_component_resource_host_new ABSENT
#define ROW_wasmtime_component_resource_host_rep ABSENT
#define ROW_wasmtime_component_resource_host_type ABSENT
#define ROW_wasmtime_component_resource_host_delete ABSENT
#define ROW_wasmtime_component_resource_any_to_host ABSENT
#define ROW_wasmtime_component_resource_host_to_any ABSENT
#endif
#if MAJOR < 39 /* the component types, first declared in 39: WT_CAP_COMPONENT means 39 and later */
#define ROW_wasmtime_component_valtype_delete ABSENT
#define ROW_wasmtime_component_list_type_element ABSENT
#define ROW_wasmtime_component_record_type_field_count ABSENT
#define ROW_wasmtime_component_record_type_field_nth ABSENT
#define ROW_wasmtime_component_tuple_type_types_count ABSENT
#define ROW_wasmtime_component_tuple_type_types_nth ABSENT
#define ROW_wasmtime_component_variant_type_case_count ABSENT
#define ROW_wasmtime_component_variant_type_case_nth ABSENT
#define ROW_wasmtime_component_enum_type_names_count ABSENT
#define ROW_wasmtime_component_enum_type_names_nth ABSENT
#define ROW_wasmtime_component_option_type_ty ABSENT
#define ROW_wasmtime_component_result_type_ok ABSENT
#define ROW_wasmtime_component_result_type_err ABSENT
#define ROW_wasmtime_component_flags_type_names_count ABSENT
#define ROW_wasmtime_component_flags_type_names_nth ABSENT
#define ROW_wasmtime_component_future_type_ty ABSENT
#define ROW_wasmtime_component_stream_type_ty ABSENT
#define ROW_wasmtime_component_resource_type_clone ABSENT
#define ROW_wasmtime_component_resource_type_equal ABSENT
#define ROW_wasmtime_component_resource_type_delete ABSENT
#define ROW_wasmtime_component_func_type_param_count ABSENT
#define ROW_wasmtime_component_func_type_param_nth ABSENT
#define ROW_wasmtime_component_func_type_result ABSENT
#define ROW_wasmtime_component_func_type_delete ABSENT
#define ROW_wasmtime_component_type ABSENT
#define ROW_wasmtime_component_type_delete ABSENT
#define ROW_wasmtime_component_type_import_count ABSENT
#define ROW_wasmtime_component_type_export_count ABSENT
#define ROW_wasmtime_component_instance_type_export_count ABSENT
#define ROW_wasmtime_component_type_import_get ABSENT
#define ROW_wasmtime_component_type_import_nth ABSENT
#define ROW_wasmtime_component_type_export_get ABSENT
#define ROW_wasmtime_component_type_export_nth ABSENT
#define ROW_wasmtime_component_instance_type_export_get ABSENT
#define ROW_wasmtime_component_instance_type_export_nth ABSENT
#define ROW_wasmtime_component_item_delete ABSENT
#endif
#if MAJOR < 40 /* first declared in 40 */
#define ROW_wasmtime_config_shared_memory_set ABSENT
#endif
#if MAJOR < 44 /* first declared in 44 (wasmtime/gc.h) */
#define ROW_wasmtime_anyref_is_eqref ABSENT
#define ROW_wasmtime_anyref_is_struct ABSENT
#define ROW_wasmtime_anyref_is_array ABSENT
#endif
#if MAJOR < 44 /* first declared in 44: wasi:http's client (wasmtime/component/linker.h, store.h) */
#define ROW_wasmtime_component_linker_add_wasi_http ABSENT
#define ROW_wasmtime_context_set_wasi_http ABSENT
#endif
#if MAJOR < 44 /* first declared in 44 (component map types) */
#define ROW_wasmtime_component_map_type_key ABSENT
#define ROW_wasmtime_component_map_type_value ABSENT
#endif
#if MAJOR < 49 /* first declared in 49 (wasmtime_component_extern_t; line cextern) */
#define ROW_wasmtime_component_extern_type ABSENT
#define ROW_wasmtime_component_extern_delete ABSENT
#endif
#if MAJOR < 45 /* first declared in 45 (wasmtime/types/val.h; no wasmtime_valtype_t before) */
#define ROW_wasmtime_wasm_valtype_v128 ABSENT
#define ROW_wasmtime_valtype_new ABSENT
#define ROW_wasmtime_valtype_delete ABSENT
#endif

/* ---- Table 2: header prototypes that differ from the row only by const ----
 * ROW_<name> CONST_ONLY(ret, params): these releases declare name as
 * ret(params) (in wt's type names). Checked three ways: the header has
 * exactly that prototype; it is not the row's (no stale entry); and it is
 * the row's once every `const` is erased (the only difference). Qualifiers
 * do not change how a function is called.
 * Not here: wasmtime_config_async_stack_size_set takes uint64_t up to 44
 * and size_t from 45; on the LP64 targets wt builds for both are unsigned
 * long, so the exact check passes (on a 32-bit target it would fail). */
#if MAJOR <= 44 /* const added in 45 */
#define ROW_wasmtime_module_clone CONST_ONLY(wta_module_t *, (wta_module_t *))
#define ROW_wasmtime_engine_increment_epoch CONST_ONLY(void, (wta_engine_t *))
#define ROW_wasmtime_module_serialize CONST_ONLY(wta_error_t *, (wta_module_t *, wta_byte_vec_t *))
#define ROW_wasmtime_extern_type CONST_ONLY(wta_externtype_t *, (wta_context_t *, wta_extern_t *))
/* the other way round: up to 44 the context is const, from 45 it is not */
#define ROW_wasmtime_memory_data CONST_ONLY(uint8_t *, (const wta_context_t *, const wta_memory_t *))
#if MAJOR >= 39 /* declared from 39 (Table 1) */
#define ROW_wasmtime_linker_define_unknown_imports_as_traps CONST_ONLY(wta_error_t *, (wta_linker_t *, wta_module_t *))
#endif
#endif

/* Dispatch: a row's check is CHECK_EXACT unless ROW_<name> names another.
 * ABSENT and CONST_ONLY expand to "~, CHECK_..., hret, hparams"; an
 * undefined ROW_<name> stays one token, and the CHECK_EXACT after it is
 * taken instead. */
#define ABSENT ~, CHECK_ABSENT, ~, ~
#define CONST_ONLY(hret, hparams) ~, CHECK_CONST_ONLY, hret, hparams
#define WT_ROW(cap, ret, name, params, how) WT_PICK(cap, ret, name, params, how, CHECK_EXACT, ~, ~, ~)
#define WT_PICK(cap, ret, name, params, x, check, hret, hparams, ...) check(cap, ret, name, params, hret, hparams)
#define SAME_TYPE(a, b) __builtin_types_compatible_p(a, b)

#define CHECK_EXACT(cap, ret, name, params, hret, hparams)                     \
  _Static_assert(SAME_TYPE(__typeof__(&name), ret(*) params), "prototype of " #name);
#define CHECK_ABSENT(cap, ret, name, params, hret, hparams)                    \
  _Static_assert((cap) != 0, #name ": a required row, but these headers do not declare it");
#define CHECK_CONST_ONLY(cap, ret, name, params, hret, hparams)                \
  _Static_assert(SAME_TYPE(__typeof__(&name), hret(*) hparams), "Table 2 prototype of " #name); \
  _Static_assert(!SAME_TYPE(hret(*) hparams, ret(*) params), #name ": Table 2 entry, but no difference");

#define WT_SYM(cap, ret, name, params) WT_ROW(cap, ret, name, params, ROW_##name)
/* Rows whose prototype changed: headers up to WTA_OLD_LAST_<name>
 * (src/abi.h) must have the old one, later headers the row's. A changed
 * row may be absent from the oldest headers too (Table 1): then it is
 * not checked there (OLD_PICK takes OLD_CHECK_ABSENT). */
#define OLD_PICK(x, check, ...) OLD_PASTE(check)
#define OLD_PASTE(check) OLD_##check
#define OLD_CHECK(name) OLD_CHECK_(ROW_##name)
#define OLD_CHECK_(how) OLD_PICK(how, CHECK_EXACT, ~)
#define OLD_CHECK_ABSENT(cap, what) _Static_assert((cap) != 0, #what ": a required row, but these headers do not declare it");
#define OLD_CHECK_EXACT(cap, what) what
#define WT_SYM_OLD(cap, ret, name, params)                                    \
  OLD_CHECK(name)(cap, _Static_assert(MAJOR <= WTA_OLD_LAST_##name ||         \
                     SAME_TYPE(__typeof__(&name), ret(*) params),             \
                 "prototype of " #name);)
#define WT_OLD_CHECK(name, last, ret, params)                                 \
  OLD_CHECK(name)(1, _Static_assert(MAJOR > last || SAME_TYPE(__typeof__(&name), ret(*) params), \
                 "old prototype of " #name " (up to Wasmtime " #last ")");)
WTA_OLD_PROTOTYPES(WT_OLD_CHECK)
#include "../src/abi_syms.h"
#undef WT_SYM
#undef WT_SYM_OLD
#undef CHECK_EXACT
#undef CHECK_ABSENT
#undef CHECK_CONST_ONLY

/* Table 2, once more with `const` erased: the row and the header's
 * prototype are then the same type. (After every #include; undone below.) */
#define CHECK_EXACT(cap, ret, name, params, hret, hparams)
#define CHECK_ABSENT(cap, ret, name, params, hret, hparams)
#define CHECK_CONST_ONLY(cap, ret, name, params, hret, hparams)                \
  _Static_assert(SAME_TYPE(hret(*) hparams, ret(*) params), #name ": Table 2 differs by more than const");
#define WT_SYM(cap, ret, name, params) WT_ROW(cap, ret, name, params, ROW_##name)
#define WT_SYM_OLD(cap, ret, name, params)
#define const
#include "../src/abi_syms.h"
#undef const
#undef WT_SYM
#undef WT_SYM_OLD
#undef CHECK_EXACT
#undef CHECK_ABSENT
#undef CHECK_CONST_ONLY

int main(void) {
  int exact = 0, absent = 0, const_only = 0, changed = 0, old = 0;
#define CHECK_EXACT(...) exact++;
#define CHECK_ABSENT(...) absent++;
#define CHECK_CONST_ONLY(...) const_only++;
#define WT_SYM(cap, ret, name, params) WT_ROW(cap, ret, name, params, ROW_##name)
#undef OLD_CHECK_ABSENT
#define OLD_CHECK_ABSENT(cap, what) absent++;
#define WT_SYM_OLD(cap, ret, name, params) OLD_CHECK(name)(cap, changed++;)
#include "../src/abi_syms.h"
#undef WT_SYM
#undef WT_SYM_OLD
#undef OLD_CHECK_ABSENT
#define OLD_CHECK_ABSENT(cap, what)
#define WT_OLD_COUNT(name, last, ret, params) OLD_CHECK(name)(1, old += MAJOR <= last;)
  WTA_OLD_PROTOTYPES(WT_OLD_COUNT)
  printf("abi %s: %d rows match (%d exactly, %d differing only by const, %d changed rows, "
         "%d of them with their old prototype here); %d optional rows not declared here; "
         "layouts and enum values match\n",
         WASMTIME_VERSION, exact + const_only + changed, exact, const_only, changed, old, absent);
  return 0;
}
