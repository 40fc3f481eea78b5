/* test_citem.c - a component's imports and exports: wt_citem trees with
 * the type of every kind Wasmtime's component types have (from WAT
 * components: imported functions need no core code), nested instances,
 * resources and their identity, type and module exports, the WIT world
 * text, indexes out of range, and the trees built once when many threads
 * ask at the same time. Runs on every line with WT_CAP_COMPONENT (39+):
 * 39-48 read items, 49-50 externs. */
#include <pthread.h>
#include <stdlib.h>

#include "harness.h"

/* Types used by imports must be imported (or exported) by name first. */
static const char TYPES[] =
    "(component\n"
    "  (type $rdef (record (field \"a\" u32) (field \"b\" string)))\n"
    "  (import \"rec\" (type $rec (eq $rdef)))\n"
    "  (type $vdef (variant (case \"none\") (case \"some\" u32)))\n"
    "  (import \"var\" (type $var (eq $vdef)))\n"
    "  (type $edef (enum \"red\" \"green\" \"blue\"))\n"
    "  (import \"color\" (type $color (eq $edef)))\n"
    "  (type $fdef (flags \"read\" \"write\"))\n"
    "  (import \"perms\" (type $perms (eq $fdef)))\n"
    "  (import \"res\" (type $res (sub resource)))\n"
    "  (import \"f\" (func (param \"r\" $rec) (param \"v\" $var) (param \"c\" $color) (param \"p\" $perms)\n"
    "    (param \"o\" (own $res)) (param \"b\" (borrow $res)) (result (result u32 (error string)))))\n"
    "  (import \"g\" (func (param \"l\" (list (tuple u8 s16))) (param \"o\" (option char)) (result (list u8))))\n"
    "  (import \"prims\" (func (param \"a\" bool) (param \"b\" s8) (param \"c\" u8) (param \"d\" s16) (param \"e\" u16)\n"
    "    (param \"f\" s32) (param \"g\" u32) (param \"h\" s64) (param \"i\" u64) (param \"j\" f32) (param \"k\" f64)\n"
    "    (param \"l\" char) (param \"m\" string)))\n"
    "  (import \"r\" (func (result (result))))\n"
    "  (import \"wt:demo/host\" (instance\n"
    "    (export \"file\" (type (sub resource)))\n"
    "    (export \"open\" (func (param \"path\" string) (result (own 0))))\n"
    "    (export \"log\" (func (param \"msg\" string)))\n"
    "    (export \"nested\" (instance (export \"deep\" (func (result string)))))))\n"
    "  (type $edef2 (enum \"a\" \"b\"))\n"
    "  (export \"e\" (type $edef2))\n"
    "  (core module $m)\n"
    "  (export \"m\" (core module $m)))";

static wt_engine *engine; /* of the test running; finish() deletes it */

static wt_component *load(const char *wat) {
  wt_component *c = NULL;
  if (!engine) CHECK_OK(wt_engine_new(NULL, &engine));
  CHECK_OK(wt_component_from_wat(engine, wat, strlen(wat), &c));
  return c;
}

static void finish(wt_component *c) {
  wt_component_delete(c);
  wt_engine_delete(engine);
  engine = NULL;
}

/* The import named name, or NULL. */
static const wt_citem *import_named(const wt_component *c, const char *name) {
  size_t n = 0;
  const wt_citem *it = NULL;
  if (wt_component_import_count(c, &n)) return NULL;
  for (size_t i = 0; i < n; i++)
    if (!wt_component_import_nth(c, i, &it) && !strcmp(it->name, name)) return it;
  return NULL;
}

static const char *sig_text(const wt_cfunc_sig *s) {
  static char buf[1024];
  return wt_cfunc_sig_format(s, buf, sizeof buf) < sizeof buf ? buf : "(too long)";
}

TEST(citem_functions_of_every_type_kind) {
  NEED_COMPONENTS();
  wt_component *c = load(TYPES);
  if (!c) { finish(NULL); return; }
  const wt_citem *f = import_named(c, "f"), *g = import_named(c, "g"), *p = import_named(c, "prims");
  CHECK(f && g && p);
  if (!f || !g || !p) { finish(c); return; }
  CHECK(f->kind == WT_CITEM_FUNC && f->func && !f->type && !f->items);
  const wt_cfunc_sig *s = f->func;
  CHECK(s->nparams == 6);
  const char *names[] = {"r", "v", "c", "p", "o", "b"};
  const int kinds[] = {WT_CRECORD, WT_CVARIANT, WT_CENUM, WT_CFLAGS, WT_COWN, WT_CBORROW};
  for (size_t i = 0; i < 6 && i < s->nparams; i++)
    CHECK(!strcmp(s->param_names[i], names[i]) && s->params[i]->kind == kinds[i]);
  const wt_ctype *rec = s->params[0], *var = s->params[1], *en = s->params[2], *fl = s->params[3];
  CHECK(rec->count == 2 && !strcmp(rec->names[0], "a") && !strcmp(rec->names[1], "b"));
  CHECK(rec->types[0]->kind == WT_CU32 && rec->types[1]->kind == WT_CSTRING);
  CHECK(var->count == 2 && var->types[0] == NULL && var->types[1]->kind == WT_CU32);
  CHECK(!strcmp(var->names[1], "some"));
  CHECK(en->count == 3 && !strcmp(en->names[2], "blue") && !en->types);
  CHECK(fl->count == 2 && !strcmp(fl->names[1], "write"));
  uint32_t idx = 0;
  CHECK_OK(wt_ctype_index(en, "green", &idx));
  CHECK(idx == 1);
  CHECK_OK(wt_ctype_index(rec, "b", &idx));
  CHECK(idx == 1);
  /* own<res> and borrow<res>: one resource type, named by its import */
  const wt_ctype *own = s->params[4], *borrow = s->params[5];
  CHECK(own->resource != NULL && own->resource == borrow->resource);
  CHECK(own->names && own->names[0] && !strcmp(own->names[0], "res"));
  CHECK(s->result && s->result->kind == WT_CRESULT);
  CHECK(s->result->elem->kind == WT_CU32 && s->result->err->kind == WT_CSTRING);
  CHECK(!strcmp(sig_text(s), "func(r: record { a: u32, b: string }, v: variant { none, some(u32) }, "
                             "c: enum { red, green, blue }, p: flags { read, write }, o: own<res>, "
                             "b: borrow<res>) -> result<u32, string>"));
  CHECK(!strcmp(sig_text(g->func), "func(l: list<tuple<u8, s16>>, o: option<char>) -> list<u8>"));
  const wt_ctype *l = g->func->params[0];
  CHECK(l->kind == WT_CLIST && l->count == 0 && l->elem->kind == WT_CTUPLE && l->elem->count == 2);
  CHECK(l->elem->types[1]->kind == WT_CS16);
  /* the primitives in wt's order, though Wasmtime numbers them otherwise */
  static const int prims[] = {WT_CBOOL, WT_CS8, WT_CU8, WT_CS16, WT_CU16, WT_CS32, WT_CU32,
                              WT_CS64, WT_CU64, WT_CF32, WT_CF64, WT_CCHAR, WT_CSTRING};
  CHECK(p->func->nparams == 13 && p->func->result == NULL);
  for (size_t i = 0; i < 13 && i < p->func->nparams; i++) CHECK(p->func->params[i]->kind == prims[i]);
  const wt_citem *r = import_named(c, "r");
  CHECK(r && r->func->result && r->func->result->kind == WT_CRESULT && !r->func->result->elem &&
        !r->func->result->err);
  finish(c);
}

TEST(citem_instances_resources_types_and_modules) {
  NEED_COMPONENTS();
  wt_component *c = load(TYPES);
  if (!c) { finish(NULL); return; }
  const wt_citem *h = import_named(c, "wt:demo/host"), *f = import_named(c, "f");
  CHECK(h && f);
  if (!h || !f) { finish(c); return; }
  CHECK(h->kind == WT_CITEM_INSTANCE && h->count == 4 && !h->func);
  const wt_citem *file = &h->items[0], *open = &h->items[1], *nested = &h->items[3];
  CHECK(file->kind == WT_CITEM_RESOURCE && !strcmp(file->name, "file"));
  CHECK(open->kind == WT_CITEM_FUNC && !strcmp(open->name, "open"));
  const wt_ctype *res = open->func->result;
  CHECK(res && res->kind == WT_COWN && res->names[0] && !strcmp(res->names[0], "file"));
  CHECK(res->resource != f->func->params[4]->resource); /* file is not res */
  CHECK(nested->kind == WT_CITEM_INSTANCE && nested->count == 1 && !strcmp(nested->items[0].name, "deep"));
  size_t n = 0;
  const wt_citem *e = NULL;
  CHECK_OK(wt_component_export_count(c, &n));
  CHECK(n == 2);
  CHECK_OK(wt_component_export_nth(c, 0, &e));
  CHECK(e && e->kind == WT_CITEM_TYPE && !strcmp(e->name, "e") && e->type && e->type->kind == WT_CENUM);
  CHECK_OK(wt_component_export_nth(c, 1, &e));
  CHECK(e && e->kind == WT_CITEM_MODULE && !strcmp(e->name, "m"));
  finish(c);
}

TEST(citem_world_text) {
  NEED_COMPONENTS();
  static const char W[] =
      "(component\n"
      "  (import \"wasi:cli/stdout@0.2.0\" (instance\n"
      "    (export \"output-stream\" (type (sub resource)))\n"
      "    (export \"get-stdout\" (func (result (own 0))))))\n"
      "  (import \"greet\" (func (param \"name\" string) (result string)))\n"
      "  (type $e (enum \"a\"))\n"
      "  (export \"t\" (type $e)))";
  static const char want[] =
      "world root {\n"
      "  import wasi:cli/stdout@0.2.0: interface {\n"
      "    resource output-stream;\n"
      "    get-stdout: func() -> own<output-stream>;\n"
      "  }\n"
      "  import greet: func(name: string) -> string;\n"
      "  export type t = enum { a };\n"
      "}\n";
  wt_component *c = load(W);
  if (!c) { finish(NULL); return; }
  char buf[512], small[16];
  size_t len = 0;
  CHECK_OK(wt_component_format(c, buf, sizeof buf, &len));
  CHECK(len == strlen(want) && !strcmp(buf, want));
  if (strcmp(buf, want)) fprintf(stderr, "  got:\n%s", buf);
  memset(small, 'x', sizeof small);
  CHECK_OK(wt_component_format(c, small, sizeof small, &len));
  CHECK(len == strlen(want) && strlen(small) == sizeof small - 1 && !strncmp(small, want, sizeof small - 1));
  CHECK_OK(wt_component_format(c, NULL, 0, &len));
  CHECK(len == strlen(want));
  CHECK_OK(wt_component_format(c, buf, sizeof buf, NULL));
  finish(c);
}

TEST(citem_index_out_of_range_and_an_empty_component) {
  NEED_COMPONENTS();
  wt_component *c = load("(component)");
  if (!c) { finish(NULL); return; }
  size_t n = 9;
  const wt_citem *it = (const wt_citem *)1;
  CHECK_OK(wt_component_import_count(c, &n));
  CHECK(n == 0);
  CHECK_OK(wt_component_export_count(c, &n));
  CHECK(n == 0);
  CHECK_RC(wt_component_import_nth(c, 0, &it), WT_NOT_FOUND);
  CHECK(it == NULL);
  CHECK_STR(wt_errmsg(), "wt_component_import_nth: index 0, but the component has 0 imports");
  it = (const wt_citem *)1;
  CHECK_RC(wt_component_export_nth(c, SIZE_MAX, &it), WT_NOT_FOUND);
  CHECK(it == NULL);
  char buf[64];
  CHECK_OK(wt_component_format(c, buf, sizeof buf, NULL));
  CHECK(!strcmp(buf, "world root {\n}\n"));
  finish(c);
}

/* Types nested as deep as Wasmtime allows (it refuses deeper ones, below
 * wt's own limit of 100 levels). */
TEST(citem_deeply_nested_type) {
  NEED_COMPONENTS();
  char *wat = malloc(64 * 1024), *p = wat;
  int depth = 0;
  if (!wat) return;
  wt_component *c = NULL;
  for (int d = 97; d > 10 && !c; d -= 5) { /* the deepest Wasmtime takes */
    p = wat + sprintf(wat, "(component\n (type $l0 (list u8))\n");
    for (int i = 1; i < d; i++) p += sprintf(p, " (type $l%d (list $l%d))\n", i, i - 1);
    sprintf(p, " (import \"deep\" (func (param \"x\" $l%d))))", d - 1);
    if (!engine) CHECK_OK(wt_engine_new(NULL, &engine));
    if (wt_component_from_wat(engine, wat, strlen(wat), &c) == WT_OK) depth = d;
  }
  CHECK(c != NULL && depth > 50);
  const wt_citem *it = c ? import_named(c, "deep") : NULL;
  CHECK(it != NULL);
  int levels = 0;
  for (const wt_ctype *t = it ? it->func->params[0] : NULL; t; t = t->elem) levels++;
  CHECK(levels == depth + 1); /* the lists and the u8 */
  finish(c);
  free(wat);
}

/* A type used many times is one Wasmtime type but a tree each time: wt
 * copies it each time (2^16 nodes here, four times), within its bound. */
TEST(citem_shared_types_are_copied_within_the_node_bound) {
  NEED_COMPONENTS();
  char wat[4096], *p = wat;
  p += sprintf(p, "(component\n (type $t0 (tuple u32 u32))\n");
  for (int i = 1; i < 16; i++) p += sprintf(p, " (type $t%d (tuple $t%d $t%d))\n", i, i - 1, i - 1);
  for (int k = 0; k < 4; k++) p += sprintf(p, " (import \"big%d\" (func (param \"x\" $t15)))\n", k);
  sprintf(p, ")");
  wt_component *c = load(wat);
  if (!c) { finish(NULL); return; }
  size_t n = 0;
  CHECK_OK(wt_component_import_count(c, &n));
  CHECK(n == 4);
  const wt_citem *it = import_named(c, "big3");
  size_t leaves = 0;
  const wt_ctype *t = it ? it->func->params[0] : NULL;
  while (t && t->kind == WT_CTUPLE) t = t->types[1], leaves++;
  CHECK(leaves == 16 && t && t->kind == WT_CU32);
  finish(c);
}

/* Components are shared between threads: the first calls race to build
 * the trees; all must see the same ones. */
typedef struct race {
  const wt_component *c;
  pthread_barrier_t *go;
  const wt_citem *seen;
  int rc;
} race;

static void *racer(void *arg) {
  race *r = arg;
  size_t n = 0;
  pthread_barrier_wait(r->go);
  r->rc = wt_component_import_count(r->c, &n);
  if (!r->rc) r->rc = n ? wt_component_import_nth(r->c, n - 1, &r->seen) : -1;
  return NULL;
}

TEST(citem_built_once_when_threads_race) {
  NEED_COMPONENTS();
  for (int round = 0; round < 5; round++) {
    wt_component *c = load(TYPES);
    if (!c) { finish(NULL); return; }
    pthread_barrier_t go;
    pthread_t th[8];
    race r[8];
    pthread_barrier_init(&go, NULL, 8);
    for (int i = 0; i < 8; i++) {
      r[i] = (race){c, &go, NULL, 0};
      pthread_create(&th[i], NULL, racer, &r[i]);
    }
    for (int i = 0; i < 8; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 8; i++) CHECK(r[i].rc == 0 && r[i].seen && r[i].seen == r[0].seen);
    CHECK(r[0].seen && r[0].seen == import_named(c, "wt:demo/host"));
    pthread_barrier_destroy(&go);
    finish(c);
  }
}

