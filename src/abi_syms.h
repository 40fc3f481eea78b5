/*
 * abi_syms.h - every Wasmtime C API function wt calls: X-macro data.
 * (No include guard: included once per expansion of WT_SYM.)
 *
 *   WT_SYM(cap, return type, name, (parameters))
 *
 * cap is 0 for a required symbol (init fails and names it when missing) or
 * one WT_CAP_* bit for an optional capability (detected; a call that needs a
 * missing capability fails with WT_UNSUPPORTED). tests/abi_test.c proves each
 * prototype against the official headers.
 */
/* WT_SYM_OLD marks an entry whose prototype is that of the newer
 * releases only: releases up to WTA_OLD_LAST_<name> have the prototype
 * WTA_OLD_<name> of src/abi.h (and the call site branches on the line).
 * Includers that do not care get WT_SYM. */
#ifndef WT_SYM_OLD
#define WT_SYM_OLD WT_SYM
#define WT_SYM_OLD_DEFAULTED
#endif

/* cap of an optional symbol that no capability depends on: it is NULL in
 * the table when the library lacks it, and its callers check that. */
#ifndef WT_SYM_OPTIONAL
#define WT_SYM_OPTIONAL (1u << 16)
#endif
#ifndef WT_CAP_WAT
#define WT_CAP_WAT 1u
#define WT_CAP_WASI 2u
#define WT_CAP_CACHE 4u
#define WT_CAP_POOLING 8u
#define WT_CAP_CAPTURE 16u
#define WT_CAP_COMPONENT 32u
#define WT_CAP_WASIP2 64u
#define WT_CAP_WASI_HTTP 128u
#endif

/* engine and config */
WT_SYM(0, wta_config_t *, wasm_config_new, (void))
WT_SYM(0, wta_engine_t *, wasm_engine_new_with_config, (wta_config_t *))
WT_SYM(0, void, wasm_engine_delete, (wta_engine_t *))
WT_SYM(0, void, wasmtime_engine_increment_epoch, (const wta_engine_t *))
WT_SYM(0, void, wasmtime_config_debug_info_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_consume_fuel_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_epoch_interruption_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_max_wasm_stack_set, (wta_config_t *, size_t))
/* Optional (NULL when missing): a library without async support has no
 * async stack, and then none of the limit this setter lifts. */
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_async_stack_size_set, (wta_config_t *, size_t))
WT_SYM(0, void, wasmtime_config_cranelift_opt_level_set, (wta_config_t *, uint8_t))
WT_SYM(0, void, wasmtime_config_wasm_threads_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_wasm_memory64_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_wasm_multi_memory_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_wasm_tail_call_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_wasm_function_references_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_wasm_gc_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_wasm_relaxed_simd_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_exceptions_set, (wta_config_t *, bool))
WT_SYM(0, void, wasmtime_config_wasm_wide_arithmetic_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_custom_page_sizes_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_shared_memory_set, (wta_config_t *, bool))
/* The component model's settings (wt_feature): each optional, absent before
 * the release that added it (tests/abi_test.c, Table 1). */
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_async_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_more_async_builtins_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_async_stackful_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_map_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_implements_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_canonical_names_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_wasm_component_model_accessors_set, (wta_config_t *, bool))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_config_concurrency_support_set, (wta_config_t *, bool))
WT_SYM(WT_CAP_CACHE, wta_error_t *, wasmtime_config_cache_config_load, (wta_config_t *, const char *))
WT_SYM(WT_CAP_POOLING, wta_pooling_config_t *, wasmtime_pooling_allocation_config_new, (void))
WT_SYM(WT_CAP_POOLING, void, wasmtime_pooling_allocation_config_delete, (wta_pooling_config_t *))
WT_SYM(WT_CAP_POOLING, void, wasmtime_pooling_allocation_strategy_set, (wta_config_t *, const wta_pooling_config_t *))
WT_SYM(WT_CAP_POOLING, void, wasmtime_pooling_allocation_config_total_core_instances_set, (wta_pooling_config_t *, uint32_t))
WT_SYM(WT_CAP_POOLING, void, wasmtime_pooling_allocation_config_total_memories_set, (wta_pooling_config_t *, uint32_t))
WT_SYM(WT_CAP_POOLING, void, wasmtime_pooling_allocation_config_total_tables_set, (wta_pooling_config_t *, uint32_t))
WT_SYM(WT_CAP_POOLING, void, wasmtime_pooling_allocation_config_total_stacks_set, (wta_pooling_config_t *, uint32_t))
WT_SYM(WT_CAP_POOLING, void, wasmtime_pooling_allocation_config_max_memory_size_set, (wta_pooling_config_t *, size_t))

/* errors, traps, frames */
WT_SYM(0, void, wasmtime_error_delete, (wta_error_t *))
WT_SYM(0, wta_error_t *, wasmtime_error_new, (const char *))
WT_SYM(0, void, wasmtime_error_message, (const wta_error_t *, wta_byte_vec_t *))
WT_SYM(0, bool, wasmtime_error_exit_status, (const wta_error_t *, int *))
WT_SYM(0, void, wasmtime_error_wasm_trace, (const wta_error_t *, wta_frame_vec_t *))
WT_SYM(0, wta_trap_t *, wasmtime_trap_new, (const char *, size_t))
WT_SYM(0, bool, wasmtime_trap_code, (const wta_trap_t *, uint8_t *))
WT_SYM(0, void, wasm_trap_delete, (wta_trap_t *))
WT_SYM(0, void, wasm_trap_message, (const wta_trap_t *, wta_byte_vec_t *))
WT_SYM(0, void, wasm_trap_trace, (const wta_trap_t *, wta_frame_vec_t *))
WT_SYM(0, uint32_t, wasm_frame_func_index, (const wta_frame_t *))
WT_SYM(0, size_t, wasm_frame_func_offset, (const wta_frame_t *))
WT_SYM(0, size_t, wasm_frame_module_offset, (const wta_frame_t *))
WT_SYM(0, const wta_byte_vec_t *, wasmtime_frame_func_name, (const wta_frame_t *))
WT_SYM(0, const wta_byte_vec_t *, wasmtime_frame_module_name, (const wta_frame_t *))
WT_SYM(0, void, wasm_frame_vec_delete, (wta_frame_vec_t *))
WT_SYM(0, void, wasm_byte_vec_delete, (wta_byte_vec_t *))
WT_SYM(0, void, wasm_byte_vec_new, (wta_byte_vec_t *, size_t, const char *))

/* types */
WT_SYM(0, wta_valtype_t *, wasm_valtype_new, (uint8_t))
/* Lines with old_valtypes read kinds with it (never a GC type there). */
WT_SYM(0, uint8_t, wasm_valtype_kind, (const wta_valtype_t *))
WT_SYM(0, void, wasm_valtype_delete, (wta_valtype_t *))
WT_SYM(WT_SYM_OPTIONAL, wta_valtype_t *, wasmtime_wasm_valtype_v128, (void))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_valtype_new, (const wta_valtype_t *, wta_valtype_full_t *))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_valtype_delete, (wta_valtype_full_t *))
WT_SYM(0, void, wasm_valtype_vec_new, (wta_valtype_vec_t *, size_t, wta_valtype_t *const[]))
WT_SYM(0, wta_functype_t *, wasm_functype_new, (wta_valtype_vec_t *, wta_valtype_vec_t *))
WT_SYM(0, void, wasm_functype_delete, (wta_functype_t *))
WT_SYM(0, const wta_valtype_vec_t *, wasm_functype_params, (const wta_functype_t *))
WT_SYM(0, const wta_valtype_vec_t *, wasm_functype_results, (const wta_functype_t *))
WT_SYM(0, wta_globaltype_t *, wasm_globaltype_new, (wta_valtype_t *, uint8_t))
WT_SYM(0, void, wasm_globaltype_delete, (wta_globaltype_t *))
WT_SYM(0, const wta_valtype_t *, wasm_globaltype_content, (const wta_globaltype_t *))
WT_SYM(0, uint8_t, wasm_globaltype_mutability, (const wta_globaltype_t *))
WT_SYM(0, wta_tabletype_t *, wasm_tabletype_new, (wta_valtype_t *, const wta_limits_t *))
WT_SYM(0, void, wasm_tabletype_delete, (wta_tabletype_t *))
WT_SYM(0, const wta_valtype_t *, wasm_tabletype_element, (const wta_tabletype_t *))
WT_SYM(0, const wta_limits_t *, wasm_tabletype_limits, (const wta_tabletype_t *))
WT_SYM_OLD(0, wta_error_t *, wasmtime_memorytype_new, (uint64_t, bool, uint64_t, bool, bool, uint8_t, wta_memorytype_t **))
WT_SYM(0, void, wasm_memorytype_delete, (wta_memorytype_t *))
WT_SYM(0, uint64_t, wasmtime_memorytype_minimum, (const wta_memorytype_t *))
WT_SYM(0, bool, wasmtime_memorytype_maximum, (const wta_memorytype_t *, uint64_t *))
WT_SYM(0, bool, wasmtime_memorytype_is64, (const wta_memorytype_t *))
WT_SYM(0, bool, wasmtime_memorytype_isshared, (const wta_memorytype_t *))
WT_SYM(0, void, wasmtime_sharedmemory_delete, (wta_sharedmemory_t *))
WT_SYM(0, uint8_t *, wasmtime_sharedmemory_data, (const wta_sharedmemory_t *))
WT_SYM(0, size_t, wasmtime_sharedmemory_data_size, (const wta_sharedmemory_t *))
WT_SYM(0, uint64_t, wasmtime_sharedmemory_size, (const wta_sharedmemory_t *))
WT_SYM(0, wta_error_t *, wasmtime_sharedmemory_grow, (const wta_sharedmemory_t *, uint64_t, uint64_t *))
WT_SYM(0, uint8_t, wasm_externtype_kind, (const wta_externtype_t *))
WT_SYM(0, void, wasm_externtype_delete, (wta_externtype_t *))
WT_SYM(0, const wta_functype_t *, wasm_externtype_as_functype_const, (const wta_externtype_t *))
WT_SYM(0, const wta_globaltype_t *, wasm_externtype_as_globaltype_const, (const wta_externtype_t *))
WT_SYM(0, const wta_tabletype_t *, wasm_externtype_as_tabletype_const, (const wta_externtype_t *))
WT_SYM(0, const wta_memorytype_t *, wasm_externtype_as_memorytype_const, (const wta_externtype_t *))
WT_SYM(0, const wta_byte_vec_t *, wasm_importtype_module, (const wta_importtype_t *))
WT_SYM(0, const wta_byte_vec_t *, wasm_importtype_name, (const wta_importtype_t *))
WT_SYM(0, const wta_externtype_t *, wasm_importtype_type, (const wta_importtype_t *))
WT_SYM(0, void, wasm_importtype_vec_delete, (wta_importtype_vec_t *))
WT_SYM(0, const wta_byte_vec_t *, wasm_exporttype_name, (const wta_exporttype_t *))
WT_SYM(0, const wta_externtype_t *, wasm_exporttype_type, (const wta_exporttype_t *))
WT_SYM(0, void, wasm_exporttype_vec_delete, (wta_exporttype_vec_t *))

/* store and context */
WT_SYM(0, wta_store_t *, wasmtime_store_new, (wta_engine_t *, void *, wta_finalizer_t))
WT_SYM(0, wta_context_t *, wasmtime_store_context, (wta_store_t *))
WT_SYM(0, void, wasmtime_store_delete, (wta_store_t *))
WT_SYM(0, void, wasmtime_store_limiter, (wta_store_t *, int64_t, int64_t, int64_t, int64_t, int64_t))
WT_SYM(0, void *, wasmtime_context_get_data, (const wta_context_t *))
WT_SYM_OLD(0, wta_error_t *, wasmtime_context_gc, (wta_context_t *))
WT_SYM(0, wta_error_t *, wasmtime_context_set_fuel, (wta_context_t *, uint64_t))
WT_SYM(0, wta_error_t *, wasmtime_context_get_fuel, (const wta_context_t *, uint64_t *))
WT_SYM(0, void, wasmtime_context_set_epoch_deadline, (wta_context_t *, uint64_t))
WT_SYM_OLD(0, void, wasmtime_store_epoch_deadline_callback,
           (wta_store_t *, wta_error_t *(*)(const wta_context_t *, void *, uint64_t *, uint8_t *), void *, wta_finalizer_t))

/* modules */
WT_SYM(0, wta_error_t *, wasmtime_module_new, (wta_engine_t *, const uint8_t *, size_t, wta_module_t **))
WT_SYM(0, void, wasmtime_module_delete, (wta_module_t *))
WT_SYM(0, void, wasmtime_module_imports, (const wta_module_t *, wta_importtype_vec_t *))
WT_SYM(0, void, wasmtime_module_exports, (const wta_module_t *, wta_exporttype_vec_t *))
WT_SYM(0, wta_error_t *, wasmtime_module_validate, (wta_engine_t *, const uint8_t *, size_t))
WT_SYM(0, wta_error_t *, wasmtime_module_serialize, (const wta_module_t *, wta_byte_vec_t *))
WT_SYM(0, wta_error_t *, wasmtime_module_deserialize, (wta_engine_t *, const uint8_t *, size_t, wta_module_t **))
WT_SYM(0, wta_error_t *, wasmtime_module_deserialize_file, (wta_engine_t *, const char *, wta_module_t **))
WT_SYM(WT_CAP_WAT, wta_error_t *, wasmtime_wat2wasm, (const char *, size_t, wta_byte_vec_t *))

/* linker and instances */
WT_SYM(0, wta_linker_t *, wasmtime_linker_new, (wta_engine_t *))
WT_SYM(0, void, wasmtime_linker_delete, (wta_linker_t *))
WT_SYM(0, void, wasmtime_linker_allow_shadowing, (wta_linker_t *, bool))
WT_SYM(0, wta_error_t *, wasmtime_linker_define, (wta_linker_t *, wta_context_t *, const char *, size_t, const char *, size_t, const wta_extern_t *))
WT_SYM(0, wta_error_t *, wasmtime_linker_define_func, (wta_linker_t *, const char *, size_t, const char *, size_t, const wta_functype_t *, wta_func_callback_t, void *, wta_finalizer_t))
WT_SYM(0, wta_error_t *, wasmtime_linker_define_func_unchecked, (wta_linker_t *, const char *, size_t, const char *, size_t, const wta_functype_t *, wta_func_unchecked_callback_t, void *, wta_finalizer_t))
WT_SYM(0, wta_error_t *, wasmtime_linker_define_instance, (wta_linker_t *, wta_context_t *, const char *, size_t, const wta_instance_t *))
WT_SYM(WT_SYM_OPTIONAL, wta_error_t *, wasmtime_linker_define_unknown_imports_as_traps, (wta_linker_t *, const wta_module_t *))
WT_SYM(0, wta_error_t *, wasmtime_linker_instantiate, (const wta_linker_t *, wta_context_t *, const wta_module_t *, wta_instance_t *, wta_trap_t **))
WT_SYM(0, wta_error_t *, wasmtime_linker_module, (wta_linker_t *, wta_context_t *, const char *, size_t, const wta_module_t *))
WT_SYM(0, wta_error_t *, wasmtime_linker_get_default, (const wta_linker_t *, wta_context_t *, const char *, size_t, wta_func_t *))
WT_SYM(0, bool, wasmtime_linker_get, (const wta_linker_t *, wta_context_t *, const char *, size_t, const char *, size_t, wta_extern_t *))
WT_SYM(0, wta_error_t *, wasmtime_linker_instantiate_pre, (const wta_linker_t *, const wta_module_t *, wta_instance_pre_t **))
WT_SYM(0, void, wasmtime_instance_pre_delete, (wta_instance_pre_t *))
WT_SYM(0, wta_error_t *, wasmtime_instance_pre_instantiate, (const wta_instance_pre_t *, wta_context_t *, wta_instance_t *, wta_trap_t **))
WT_SYM(0, bool, wasmtime_instance_export_get, (wta_context_t *, const wta_instance_t *, const char *, size_t, wta_extern_t *))
WT_SYM(0, bool, wasmtime_instance_export_nth, (wta_context_t *, const wta_instance_t *, size_t, char **, size_t *, wta_extern_t *))
WT_SYM(0, wta_externtype_t *, wasmtime_extern_type, (wta_context_t *, const wta_extern_t *))

/* functions and callers */
WT_SYM(0, void, wasmtime_func_new, (wta_context_t *, const wta_functype_t *, wta_func_callback_t, void *, wta_finalizer_t, wta_func_t *))
WT_SYM(0, void, wasmtime_func_new_unchecked, (wta_context_t *, const wta_functype_t *, wta_func_unchecked_callback_t, void *, wta_finalizer_t, wta_func_t *))
WT_SYM(0, wta_functype_t *, wasmtime_func_type, (const wta_context_t *, const wta_func_t *))
WT_SYM(0, wta_error_t *, wasmtime_func_call, (wta_context_t *, const wta_func_t *, const wta_val_t *, size_t, wta_val_t *, size_t, wta_trap_t **))
WT_SYM(0, wta_error_t *, wasmtime_func_call_unchecked, (wta_context_t *, const wta_func_t *, wta_val_raw_t *, size_t, wta_trap_t **))
WT_SYM(0, bool, wasmtime_caller_export_get, (wta_caller_t *, const char *, size_t, wta_extern_t *))
WT_SYM(0, wta_context_t *, wasmtime_caller_context, (wta_caller_t *))

/* values and references */
WT_SYM_OLD(0, void, wasmtime_val_unroot, (wta_val_t *))
WT_SYM(0, bool, wasmtime_externref_new, (wta_context_t *, void *, wta_finalizer_t, wta_gcref_t *))
WT_SYM(0, void *, wasmtime_externref_data, (wta_context_t *, const wta_gcref_t *))
WT_SYM(WT_SYM_OPTIONAL, bool, wasmtime_anyref_is_eqref, (wta_context_t *, const wta_anyref_t *))
WT_SYM(WT_SYM_OPTIONAL, bool, wasmtime_anyref_is_struct, (wta_context_t *, const wta_anyref_t *))
WT_SYM(WT_SYM_OPTIONAL, bool, wasmtime_anyref_is_array, (wta_context_t *, const wta_anyref_t *))

/* memories, globals, tables */
WT_SYM(0, wta_error_t *, wasmtime_memory_new, (wta_context_t *, const wta_memorytype_t *, wta_memory_t *))
WT_SYM(0, uint8_t *, wasmtime_memory_data, (wta_context_t *, const wta_memory_t *))
WT_SYM(0, size_t, wasmtime_memory_data_size, (const wta_context_t *, const wta_memory_t *))
WT_SYM(0, uint64_t, wasmtime_memory_size, (const wta_context_t *, const wta_memory_t *))
WT_SYM(0, wta_memorytype_t *, wasmtime_memory_type, (const wta_context_t *, const wta_memory_t *))
WT_SYM(0, wta_error_t *, wasmtime_memory_grow, (wta_context_t *, const wta_memory_t *, uint64_t, uint64_t *))
WT_SYM(0, wta_error_t *, wasmtime_global_new, (wta_context_t *, const wta_globaltype_t *, const wta_val_t *, wta_global_t *))
WT_SYM(0, void, wasmtime_global_get, (wta_context_t *, const wta_global_t *, wta_val_t *))
WT_SYM(0, wta_error_t *, wasmtime_global_set, (wta_context_t *, const wta_global_t *, const wta_val_t *))
WT_SYM(0, wta_error_t *, wasmtime_table_new, (wta_context_t *, const wta_tabletype_t *, const wta_val_t *, wta_table_t *))
WT_SYM(0, wta_tabletype_t *, wasmtime_table_type, (const wta_context_t *, const wta_table_t *))
WT_SYM(0, bool, wasmtime_table_get, (wta_context_t *, const wta_table_t *, uint64_t, wta_val_t *))
WT_SYM(0, wta_error_t *, wasmtime_table_set, (wta_context_t *, const wta_table_t *, uint64_t, const wta_val_t *))
WT_SYM(0, uint64_t, wasmtime_table_size, (const wta_context_t *, const wta_table_t *))
WT_SYM(0, wta_error_t *, wasmtime_table_grow, (wta_context_t *, const wta_table_t *, uint64_t, const wta_val_t *, uint64_t *))

/* WASI preview1 */
WT_SYM(WT_CAP_WASI, wta_wasi_config_t *, wasi_config_new, (void))
WT_SYM(WT_CAP_WASI, void, wasi_config_delete, (wta_wasi_config_t *))
WT_SYM(WT_CAP_WASI, bool, wasi_config_set_argv, (wta_wasi_config_t *, size_t, const char *[]))
WT_SYM(WT_CAP_WASI, bool, wasi_config_set_env, (wta_wasi_config_t *, size_t, const char *[], const char *[]))
WT_SYM(WT_CAP_WASI, bool, wasi_config_set_stdin_file, (wta_wasi_config_t *, const char *))
WT_SYM(WT_CAP_WASI, void, wasi_config_set_stdin_bytes, (wta_wasi_config_t *, wta_byte_vec_t *))
WT_SYM(WT_CAP_WASI, void, wasi_config_inherit_stdin, (wta_wasi_config_t *))
WT_SYM(WT_CAP_WASI, bool, wasi_config_set_stdout_file, (wta_wasi_config_t *, const char *))
WT_SYM(WT_CAP_WASI, void, wasi_config_inherit_stdout, (wta_wasi_config_t *))
WT_SYM(WT_CAP_WASI, bool, wasi_config_set_stderr_file, (wta_wasi_config_t *, const char *))
WT_SYM(WT_CAP_WASI, void, wasi_config_inherit_stderr, (wta_wasi_config_t *))
WT_SYM_OLD(WT_CAP_WASI, bool, wasi_config_preopen_dir, (wta_wasi_config_t *, const char *, const char *, bool))
WT_SYM(WT_CAP_WASI, wta_error_t *, wasmtime_context_set_wasi, (wta_context_t *, wta_wasi_config_t *))
WT_SYM(WT_CAP_WASI, wta_error_t *, wasmtime_linker_define_wasi, (wta_linker_t *))
WT_SYM(WT_CAP_CAPTURE, void, wasi_config_set_stdout_custom, (wta_wasi_config_t *, wta_write_callback_t, void *, wta_finalizer_t))
WT_SYM(WT_CAP_CAPTURE, void, wasi_config_set_stderr_custom, (wta_wasi_config_t *, wta_write_callback_t, void *, wta_finalizer_t))

/* components (component.c): the same prototypes in every release 36..50 */
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_new, (const wta_engine_t *, const uint8_t *, size_t, wta_component_t **))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_serialize, (const wta_component_t *, wta_byte_vec_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_deserialize, (const wta_engine_t *, const uint8_t *, size_t, wta_component_t **))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_deserialize_file, (const wta_engine_t *, const char *, wta_component_t **))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_delete, (wta_component_t *))

/* component types (ctype.c, component.c): declared from 39, so the
 * capability means 39 and later (36-38 lack them). Map types are new in 44
 * (optional: NULL before, where no map type occurs); the extern functions
 * are 49's (line cextern), when the six import/export functions changed. */
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_valtype_delete, (wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_list_type_element, (const wta_clist_type_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_record_type_field_count, (const wta_crecord_type_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_record_type_field_nth,
       (const wta_crecord_type_t *, size_t, const char **, size_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_tuple_type_types_count, (const wta_ctuple_type_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_tuple_type_types_nth, (const wta_ctuple_type_t *, size_t, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_variant_type_case_count, (const wta_cvariant_type_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_variant_type_case_nth,
       (const wta_cvariant_type_t *, size_t, const char **, size_t *, bool *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_enum_type_names_count, (const wta_cenum_type_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_enum_type_names_nth, (const wta_cenum_type_t *, size_t, const char **, size_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_option_type_ty, (const wta_coption_type_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_result_type_ok, (const wta_cresult_type_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_result_type_err, (const wta_cresult_type_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_flags_type_names_count, (const wta_cflags_type_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_flags_type_names_nth, (const wta_cflags_type_t *, size_t, const char **, size_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_future_type_ty, (const wta_cfuture_type_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_stream_type_ty, (const wta_cstream_type_t *, wta_cvaltype_t *))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_component_map_type_key, (const wta_cmap_type_t *, wta_cvaltype_t *))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_component_map_type_value, (const wta_cmap_type_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, wta_cresource_type_t *, wasmtime_component_resource_type_clone, (const wta_cresource_type_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_resource_type_equal, (const wta_cresource_type_t *, const wta_cresource_type_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_resource_type_delete, (wta_cresource_type_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_func_type_param_count, (const wta_cfunc_type_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_func_type_param_nth,
       (const wta_cfunc_type_t *, size_t, const char **, size_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_func_type_result, (const wta_cfunc_type_t *, wta_cvaltype_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_func_type_delete, (wta_cfunc_type_t *))
WT_SYM(WT_CAP_COMPONENT, wta_ccomponent_type_t *, wasmtime_component_type, (const wta_component_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_type_delete, (wta_ccomponent_type_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_type_import_count, (const wta_ccomponent_type_t *, const wta_engine_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_type_export_count, (const wta_ccomponent_type_t *, const wta_engine_t *))
WT_SYM(WT_CAP_COMPONENT, size_t, wasmtime_component_instance_type_export_count, (const wta_cinstance_type_t *, const wta_engine_t *))
WT_SYM_OLD(WT_CAP_COMPONENT, bool, wasmtime_component_type_import_get,
           (const wta_ccomponent_type_t *, const wta_engine_t *, const char *, size_t, wta_cextern_t **))
WT_SYM_OLD(WT_CAP_COMPONENT, bool, wasmtime_component_type_import_nth,
           (const wta_ccomponent_type_t *, const wta_engine_t *, size_t, const char **, size_t *, wta_cextern_t **))
WT_SYM_OLD(WT_CAP_COMPONENT, bool, wasmtime_component_type_export_get,
           (const wta_ccomponent_type_t *, const wta_engine_t *, const char *, size_t, wta_cextern_t **))
WT_SYM_OLD(WT_CAP_COMPONENT, bool, wasmtime_component_type_export_nth,
           (const wta_ccomponent_type_t *, const wta_engine_t *, size_t, const char **, size_t *, wta_cextern_t **))
WT_SYM_OLD(WT_CAP_COMPONENT, bool, wasmtime_component_instance_type_export_get,
           (const wta_cinstance_type_t *, const wta_engine_t *, const char *, size_t, wta_cextern_t **))
WT_SYM_OLD(WT_CAP_COMPONENT, bool, wasmtime_component_instance_type_export_nth,
           (const wta_cinstance_type_t *, const wta_engine_t *, size_t, const char **, size_t *, wta_cextern_t **))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_item_delete, (wta_citem_t *))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_component_extern_type, (const wta_cextern_t *, wta_citem_t *))
WT_SYM(WT_SYM_OPTIONAL, void, wasmtime_component_extern_delete, (wta_cextern_t *))

/* component runtime (cval.c, cfunc.c, clinker.c, resource.c): Wasmtime 39
 * and later (36-38 have another component API, which wt does not drive:
 * tests/abi_test.c, Table 1). The same prototypes in every release 39..50;
 * the resource and function types it shares with ctype.c are in that block. */
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_val_delete, (wta_cval_t *))
WT_SYM(WT_CAP_COMPONENT, wta_cval_t *, wasmtime_component_val_new, (wta_cval_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_vallist_new_uninit, (wta_cvallist_t *, size_t))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_valrecord_new_uninit, (wta_cvalrecord_t *, size_t))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_valtuple_new_uninit, (wta_cvaltuple_t *, size_t))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_valflags_new_uninit, (wta_cvalflags_t *, size_t))
WT_SYM(WT_CAP_COMPONENT, wta_clinker_t *, wasmtime_component_linker_new, (const wta_engine_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_linker_delete, (wta_clinker_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_linker_allow_shadowing, (wta_clinker_t *, bool))
WT_SYM(WT_CAP_COMPONENT, wta_clinker_instance_t *, wasmtime_component_linker_root, (wta_clinker_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_linker_instantiate,
       (const wta_clinker_t *, wta_context_t *, const wta_component_t *, wta_cinstance_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_linker_define_unknown_imports_as_traps,
       (wta_clinker_t *, const wta_component_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_linker_instance_add_instance,
       (wta_clinker_instance_t *, const char *, size_t, wta_clinker_instance_t **))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_linker_instance_add_module,
       (wta_clinker_instance_t *, const char *, size_t, const wta_module_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_linker_instance_add_func,
       (wta_clinker_instance_t *, const char *, size_t, wta_cfunc_callback_t, void *, wta_finalizer_t))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_linker_instance_add_resource,
       (wta_clinker_instance_t *, const char *, size_t, const wta_cresource_type_t *, wta_cresource_dtor_t, void *,
        wta_finalizer_t))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_linker_instance_delete, (wta_clinker_instance_t *))
WT_SYM(WT_CAP_COMPONENT, wta_module_t *, wasmtime_module_clone, (const wta_module_t *))
WT_SYM(WT_CAP_WASIP2, wta_error_t *, wasmtime_component_linker_add_wasip2, (wta_clinker_t *))
WT_SYM(WT_CAP_WASI_HTTP, wta_error_t *, wasmtime_component_linker_add_wasi_http, (wta_clinker_t *))
WT_SYM(WT_CAP_WASI_HTTP, void, wasmtime_context_set_wasi_http, (wta_context_t *))
WT_SYM(WT_CAP_COMPONENT, wta_cexport_index_t *, wasmtime_component_instance_get_export_index,
       (const wta_cinstance_t *, wta_context_t *, const wta_cexport_index_t *, const char *, size_t))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_instance_get_func,
       (const wta_cinstance_t *, wta_context_t *, const wta_cexport_index_t *, wta_cfunc_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_export_index_delete, (wta_cexport_index_t *))
WT_SYM(WT_CAP_COMPONENT, wta_cfunc_type_t *, wasmtime_component_func_type, (const wta_cfunc_t *, wta_context_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_func_call,
       (const wta_cfunc_t *, wta_context_t *, const wta_cval_t *, size_t, wta_cval_t *, size_t))
/* Needed after every call up to 41; a deprecated no-op from 42 (not called there). */
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_func_post_return, (const wta_cfunc_t *, wta_context_t *))
WT_SYM(WT_CAP_COMPONENT, wta_cresource_type_t *, wasmtime_component_resource_type_new_host, (uint32_t))
WT_SYM(WT_CAP_COMPONENT, wta_cresource_type_t *, wasmtime_component_resource_any_type, (const wta_cresource_any_t *))
WT_SYM(WT_CAP_COMPONENT, wta_cresource_any_t *, wasmtime_component_resource_any_clone, (const wta_cresource_any_t *))
WT_SYM(WT_CAP_COMPONENT, bool, wasmtime_component_resource_any_owned, (const wta_cresource_any_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_resource_any_drop, (wta_context_t *, const wta_cresource_any_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_resource_any_delete, (wta_cresource_any_t *))
WT_SYM(WT_CAP_COMPONENT, wta_cresource_host_t *, wasmtime_component_resource_host_new, (bool, uint32_t, uint32_t))
WT_SYM(WT_CAP_COMPONENT, uint32_t, wasmtime_component_resource_host_rep, (const wta_cresource_host_t *))
WT_SYM(WT_CAP_COMPONENT, uint32_t, wasmtime_component_resource_host_type, (const wta_cresource_host_t *))
WT_SYM(WT_CAP_COMPONENT, void, wasmtime_component_resource_host_delete, (wta_cresource_host_t *))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_resource_any_to_host,
       (wta_context_t *, const wta_cresource_any_t *, wta_cresource_host_t **))
WT_SYM(WT_CAP_COMPONENT, wta_error_t *, wasmtime_component_resource_host_to_any,
       (wta_context_t *, const wta_cresource_host_t *, wta_cresource_any_t **))

#ifdef WT_SYM_OLD_DEFAULTED
#undef WT_SYM_OLD
#undef WT_SYM_OLD_DEFAULTED
#endif
