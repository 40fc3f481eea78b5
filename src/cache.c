/* cache.c - placeholder until the compiled-module cache lands. */
#include "internal.h"

int wt__cache_open_dir(wt_engine *e, const char *dir) {
  (void)e; (void)dir;
  return wt__fail(WT_UNSUPPORTED, "cache: not built yet");
}
int wt__cache_load(wt_engine *e, const uint8_t *w, size_t n, wta_module_t **out) {
  (void)e; (void)w; (void)n; *out = NULL;
  return wt__fail(WT_UNSUPPORTED, "cache: not built yet");
}
int wt_engine_cache_stats(wt_engine *e, wt_cache_stats *out) { (void)e; (void)out; return WT_UNSUPPORTED; }
int wt_engine_cache_clear(wt_engine *e) { (void)e; return WT_UNSUPPORTED; }
