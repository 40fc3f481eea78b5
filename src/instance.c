/* instance.c - an instance's exports, by name and by index. */
#include <string.h>

#include "internal.h"

wt_status wt_instance_get_export(wt_context *cx, const wt_instance *inst, const char *name, wt_extern *out) {
  wta_extern_t item;
  ZERO(out);
  ARGS(cx, inst, name, out);
  SAME(cx, inst, "export");
  if (!W->wasmtime_instance_export_get(CX(cx), (const wta_instance_t *)inst, name, strlen(name), &item))
    return wt__fail(WT_NOT_FOUND, "export \"%s\" not found", name);
  wt__extern_from_abi(CX(cx), &item, out);
  return WT_OK;
}

static const char *const extern_names[] = {"func", "global", "table", "memory", "tag", "shared memory"};

/* Looks up `name` for the public function `func` and checks that it is
 * of `kind`; copies the item. */
static wt_status get_kind(wt_context *cx, const wt_instance *inst, const char *name, int kind, void *out, size_t size,
                    const char *func) {
  wt_extern e;
  if (out) memset(out, 0, size);
  if (ARGS_OF(func, cx, inst, name, out)) return WT_INVALID;
  wt_status rc = wt_instance_get_export(cx, inst, name, &e);
  if (rc) return rc;
  if (e.kind != kind && !(kind == WT_EXTERN_MEMORY && e.kind == WT_EXTERN_SHARED_MEMORY))
    return wt__fail(WT_TYPE, "export \"%s\" is a %s, not a %s", name, extern_names[e.kind], extern_names[kind]);
  memcpy(out, &e.of, size);
  return WT_OK;
}

wt_status wt_instance_get_func(wt_context *cx, const wt_instance *i, const char *name, wt_func *out) {
  return get_kind(cx, i, name, WT_EXTERN_FUNC, out, sizeof *out, __func__);
}
wt_status wt_instance_get_memory(wt_context *cx, const wt_instance *i, const char *name, wt_memory *out) {
  return get_kind(cx, i, name, WT_EXTERN_MEMORY, out, sizeof *out, __func__);
}
wt_status wt_instance_get_global(wt_context *cx, const wt_instance *i, const char *name, wt_global *out) {
  return get_kind(cx, i, name, WT_EXTERN_GLOBAL, out, sizeof *out, __func__);
}
wt_status wt_instance_get_table(wt_context *cx, const wt_instance *i, const char *name, wt_table *out) {
  return get_kind(cx, i, name, WT_EXTERN_TABLE, out, sizeof *out, __func__);
}

wt_status wt_instance_export_nth(wt_context *cx, const wt_instance *inst, size_t i, const char **name,
                           size_t *name_len, wt_extern *out) {
  wta_extern_t item;
  char *n = NULL;
  size_t len = 0;
  ZERO(out);
  ZERO(name);
  ZERO(name_len);
  ARGS(cx, inst, name, out);
  SAME(cx, inst, "export_nth");
  if (!W->wasmtime_instance_export_nth(CX(cx), (const wta_instance_t *)inst, i, &n, &len, &item))
    return wt__fail(WT_NOT_FOUND, "instance has no export #%zu", i);
  *name = n;
  if (name_len) *name_len = len;
  wt__extern_from_abi(CX(cx), &item, out);
  return WT_OK;
}

/* Wasmtime has no count: the exports are numbered from 0 without gaps. */
wt_status wt_instance_export_count(wt_context *cx, const wt_instance *inst, size_t *out) {
  wta_extern_t item;
  char *n = NULL;
  size_t len = 0, count = 0;
  ZERO(out);
  ARGS(cx, inst, out);
  SAME(cx, inst, "export_count");
  while (W->wasmtime_instance_export_nth(CX(cx), (const wta_instance_t *)inst, count, &n, &len, &item)) count++;
  *out = count;
  return WT_OK;
}
