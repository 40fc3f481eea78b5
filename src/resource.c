/* resource.c - wt_resource: handles to the guest's and the host's resources.
 * A handle is Wasmtime's resource_any plus what wt keeps to refuse what
 * would break the store: whose store it is, its type, whether it was
 * dropped or moved into the guest (a call given such a handle leaves the
 * store unable to enter any component instance). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define RESOURCE_CAP "component resources (WT_CAP_COMPONENT)"

wt_resource *wt__resource_wrap(wt_context *cx, wta_cresource_any_t *any) {
  wt_resource *r = calloc(1, sizeof *r);
  if (!r) {
    W->wasmtime_component_resource_any_delete(any);
    return NULL;
  }
  r->store_id = wt__store_id(ST(cx));
  r->any = any;
  r->type = W->wasmtime_component_resource_any_type(any);
  r->owned = W->wasmtime_component_resource_any_owned(any);
  return r;
}

bool wt__resource_is_of(const wt_resource *r, const wt_ctype *t) {
  const wta_cresource_type_t *want = t->resource;
  return !want || W->wasmtime_component_resource_type_equal(r->type, want);
}

/* Why a handle cannot be used (WT_INVALID), or WT_OK. */
static wt_status usable(wt_context *cx, const wt_resource *r, const char *what) {
  if (r->state == WT__RES_DROPPED) return wt__fail(WT_INVALID, "%s: the resource was dropped", what);
  if (r->state == WT__RES_MOVED)
    return wt__fail(WT_INVALID, "%s: the handle was passed as an own<T> (the resource moved)", what);
  return wt__same_store(cx, r, what) ? WT_INVALID : WT_OK;
}

wt_status wt_resource_new_host(wt_context *cx, uint32_t type_id, uint32_t rep, bool own, wt_resource **out) {
  if (out) *out = NULL;
  ARGS(cx, out);
  wt_status rc = wt__need_cap(WT_CAP_COMPONENT, RESOURCE_CAP);
  if (rc) return rc;
  wta_cresource_host_t *host = W->wasmtime_component_resource_host_new(own, rep, type_id);
  if (!host) return wt__oom();
  wta_cresource_any_t *any = NULL;
  wta_error_t *err = W->wasmtime_component_resource_host_to_any(CX(cx), host, &any);
  W->wasmtime_component_resource_host_delete(host);
  if (err) return wt__outcome(err, NULL, "wt_resource_new_host");
  wt_resource *r = wt__resource_wrap(cx, any);
  if (!r) return wt__oom();
  r->host = true;
  r->type_id = type_id;
  r->rep = rep;
  *out = r;
  return WT_OK;
}

/* Learns a handle's host type and rep from Wasmtime. Converting an own
 * handle takes the resource out of the store's table (the handle is then
 * unknown to Wasmtime), so it is given back a new one at once. */
static wt_status learn_host(wt_context *cx, wt_resource *r) {
  wta_cresource_host_t *host = NULL;
  wta_error_t *err = W->wasmtime_component_resource_any_to_host(CX(cx), r->any, &host);
  if (err) {
    W->wasmtime_error_delete(err);
    return wt__fail(WT_TYPE, "wt_resource_rep: a guest's resource (its representation is the guest's)");
  }
  r->type_id = W->wasmtime_component_resource_host_type(host);
  r->rep = W->wasmtime_component_resource_host_rep(host);
  if (r->owned) {
    wta_cresource_any_t *again = NULL;
    err = W->wasmtime_component_resource_host_to_any(CX(cx), host, &again);
    if (err) {
      W->wasmtime_component_resource_host_delete(host);
      r->state = WT__RES_MOVED; /* Wasmtime no longer knows the old one */
      return wt__outcome(err, NULL, "wt_resource_rep");
    }
    W->wasmtime_component_resource_any_delete(r->any);
    r->any = again;
  }
  W->wasmtime_component_resource_host_delete(host);
  r->host = true;
  return WT_OK;
}

wt_status wt_resource_rep(wt_context *cx, const wt_resource *r, uint32_t *type_id, uint32_t *rep) {
  ZERO(type_id);
  ZERO(rep);
  ARGS(cx, r);
  if (!r->host) {
    wt_status rc = usable(cx, r, "wt_resource_rep");
    if (!rc) rc = learn_host(cx, (wt_resource *)r); /* a cache: the handle stands for the same resource */
    if (rc) return rc;
  }
  if (type_id) *type_id = r->type_id;
  if (rep) *rep = r->rep;
  return WT_OK;
}

bool wt_resource_owned(const wt_resource *r) { return r && r->owned; }

wt_status wt_resource_drop(wt_context *cx, wt_resource *r) {
  ARGS(cx, r);
  if (!r->owned) return wt__fail(WT_INVALID, "wt_resource_drop: a borrowed handle (only an own<T> is dropped)");
  wt_status rc = usable(cx, r, "wt_resource_drop");
  if (rc) return rc;
  wt__enter(cx); /* a guest's destructor runs here */
  wta_error_t *err = W->wasmtime_component_resource_any_drop(CX(cx), r->any);
  wt__leave(cx);
  r->state = WT__RES_DROPPED;
  return err ? wt__outcome(err, NULL, NULL) : WT_OK;
}

void wt_resource_delete(wt_resource *r) {
  if (!r) return;
  W->wasmtime_component_resource_any_delete(r->any);
  if (r->type) W->wasmtime_component_resource_type_delete(r->type);
  free(r);
}
