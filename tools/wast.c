/* wast.c - `wt wast FILE.wast...`: runs WebAssembly spec scripts.
 *
 * A client of include/wt.h only: the script's S-expressions are read by
 * sexpr.c, module text goes to Wasmtime's WAT parser, and every command is
 * checked through the public API. One engine serves the whole run, with
 * every proposal on unless `-W NAME=n` turns one off; each file gets a
 * fresh store and linker with the `spectest` host module. A command the
 * reader cannot read fails alone (sx_parse_script resumes at the next). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wast.h"

typedef struct named {
  char *name;          /* "$M" */
  wt_instance inst;
  int has_inst;
  wt_module *def;      /* a `(module definition $M ...)`, owned */
} named;

typedef struct wast {
  wt_engine *engine;
  int verbose;
  uint64_t timeout_ms; /* per call into wasm; 0: none */
  const char *path;
  wt_store *store;
  wt_context *cx;
  wv_env env;          /* cx and its host-reference helpers (wast_value.c) */
  wt_linker *linker;
  named *names;
  size_t nnames;
  wt_instance cur;     /* the module commands address by default */
  int has_cur;
  wt_module *last_def; /* the latest definition (borrowed from names) */
  wc_file *cm;         /* the script's components (wast_component.c), made on first use */
  int cur_component;   /* the current instance is the component one of cm */
  const wt_limits *limits; /* for every store (NULL: none) */
  long passed, failed, skipped;
} wast;

static wc_file *components(wast *w);

/* ---- counting ---- */

#define MAX_REASONS 64
static struct { char why[160]; long count; } reasons[MAX_REASONS];
static size_t nreasons;

static void note_reason(const char *why) {
  for (size_t i = 0; i < nreasons; i++)
    if (!strcmp(reasons[i].why, why)) { reasons[i].count++; return; }
  if (nreasons == MAX_REASONS) why = "other reasons";
  else nreasons++;
  snprintf(reasons[nreasons - 1].why, sizeof reasons[0].why, "%s", why);
  reasons[nreasons - 1].count++;
}

static void pass(wast *w) { w->passed++; }

static void skip(wast *w, const sx *cmd, const char *why) {
  w->skipped++;
  note_reason(why);
  if (w->verbose) printf("%s:%d: skipped: %s\n", w->path, cmd->line, why);
}

static void fail(wast *w, const sx *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(wast *w, const sx *cmd, const char *fmt, ...) {
  char head[64];
  w->failed++;
  if (!w->verbose) return;
  va_list ap;
  va_start(ap, fmt);
  printf("%s:%d: %s: ", w->path, cmd->line, sx_head(cmd, head, sizeof head));
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
}

/* ---- named modules ---- */

static named *find_str(wast *w, const char *id, size_t len) {
  for (size_t i = 0; i < w->nnames; i++)
    if (strlen(w->names[i].name) == len && !memcmp(w->names[i].name, id, len)) return &w->names[i];
  return NULL;
}

static named *find_name(wast *w, const sx *id) { return find_str(w, id->text, id->len); }

/* The entry for id (made on first use); NULL when out of memory. */
static named *bind_str(wast *w, const char *id, size_t len) {
  named *n = find_str(w, id, len);
  if (n) return n;
  named *grown = realloc(w->names, (w->nnames + 1) * sizeof *grown);
  char *s = malloc(len + 1);
  if (grown) w->names = grown;
  if (!grown || !s) { free(s); return NULL; }
  memcpy(s, id, len);
  s[len] = 0;
  n = &w->names[w->nnames++];
  memset(n, 0, sizeof *n);
  n->name = s;
  return n;
}

static named *bind_name(wast *w, const sx *id) { return bind_str(w, id->text, id->len); }

static int is_id(const sx *a) { return a && a->kind == SX_ATOM && a->len > 1 && a->text[0] == '$'; }

/* The instance a command addresses: `$M` at kids[*i] or the current one. */
static const wt_instance *target(wast *w, const sx *cmd, size_t *i) {
  if (*i < cmd->n && is_id(&cmd->kids[*i])) {
    named *n = find_name(w, &cmd->kids[(*i)++]);
    return n && n->has_inst ? &n->inst : NULL;
  }
  return w->has_cur ? &w->cur : NULL;
}

/* ---- modules ---- */

/* True when text s[0..n) is itself a whole "(KEYWORD ...)": its first
 * token, past white space, comments and annotations (after the "(" too),
 * is the keyword. */
static int is_whole(const char *s, size_t n, const char *keyword) {
  size_t p = sx_skip_blank(s, n, 0), k = strlen(keyword);
  if (p >= n || s[p] != '(') return 0;
  p = sx_skip_blank(s, n, p + 1);
  if (n - p < k || memcmp(s + p, keyword, k)) return 0;
  return n - p == k || strchr(" \t\r\n()\";", s[p + k]) != NULL; /* the keyword ends there */
}

/* Joins the strings kids[from..] of a `binary`/`quote` module or
 * component (`wrap` is "module" or "component"); quoted text gets a space
 * after each piece and, unless it is a whole "(module ...)" (or
 * component) already, is wrapped as one, as the reference tools do. */
char *wast_join_strings(const sx *m, size_t from, int quote, const char *wrap, size_t *len) {
  size_t total = quote ? 16 + strlen(wrap) : 1;
  for (size_t i = from; i < m->n; i++) total += m->kids[i].len + 1;
  char *buf = malloc(total);
  size_t n = 0;
  if (!buf) return NULL;
  for (size_t i = from; i < m->n; i++) {
    if (m->kids[i].kind != SX_STRING) { free(buf); return NULL; }
    memcpy(buf + n, m->kids[i].text, m->kids[i].len);
    n += m->kids[i].len;
    if (quote) buf[n++] = ' ';
  }
  size_t w = strlen(wrap) + 2;
  buf[n] = 0;
  if (quote && !is_whole(buf, n, wrap)) {
    memmove(buf + w, buf, n);
    buf[0] = '(';
    memcpy(buf + 1, wrap, w - 2);
    buf[w - 1] = ' ';
    n += w;
    buf[n++] = '\n'; /* a ";;" comment at the end of the text ends here, not at ')' */
    buf[n++] = ')';
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

/* Length of the comment at s (";;" to the line end, or a nested "(; ;)"),
 * 0 when s starts none. */
static size_t comment_len(const char *s, size_t n) {
  size_t i = 2;
  if (n >= 2 && s[0] == ';' && s[1] == ';') { while (i < n && s[i] != '\n') i++; return i; }
  if (n < 2 || s[0] != '(' || s[1] != ';') return 0;
  for (int depth = 1; i < n && depth; i++) {
    if (i + 1 < n && s[i] == '(' && s[i + 1] == ';') depth++, i++;
    else if (i + 1 < n && s[i] == ';' && s[i + 1] == ')') depth--, i++;
  }
  return i;
}

/* Copies module source, writing every non-ASCII byte inside a string as a
 * \hh escape: the same bytes to the module, but Wasmtime's parser refuses
 * some raw characters (bidi controls) that the spec allows in names. */
static size_t copy_escaped(const char *s, size_t n, char *d) {
  size_t k = 0;
  int in_str = 0;
  for (size_t i = 0; i < n; i++) {
    size_t c = in_str ? 0 : comment_len(s + i, n - i);
    if (c) { memcpy(d + k, s + i, c); k += c; i += c - 1; continue; }
    unsigned char ch = (unsigned char)s[i];
    if (in_str && ch == '\\' && i + 1 < n) { d[k++] = s[i++]; d[k++] = s[i]; continue; }
    if (ch == '"') in_str = !in_str;
    if (in_str && ch >= 0x80) k += (size_t)sprintf(d + k, "\\%02x", ch);
    else d[k++] = (char)ch;
  }
  return k;
}

/* Text: "(" + wrap + " " + the source from `start` to `end` + ")". */
char *wast_wrap_text(const char *wrap, const char *src, size_t start, size_t end, size_t *len) {
  size_t body = end - start, w = strlen(wrap) + 2;
  char *buf = malloc(3 * body + w + 8);
  if (!buf) return NULL;
  buf[0] = '(';
  memcpy(buf + 1, wrap, w - 2);
  buf[w - 1] = ' ';
  *len = w + copy_escaped(src + start, body, buf + w);
  buf[(*len)++] = ')';
  buf[*len] = 0;
  return buf;
}

static char *module_text(const char *src, size_t start, size_t end, size_t *len) {
  return wast_wrap_text("module", src, start, end, len);
}

typedef struct modinfo {
  const sx *id;  /* $M or NULL */
  int is_def;    /* (module definition ...) */
} modinfo;

/* Compiles the module of `m`. Returns a wt status (WT_OK: *out is the
 * module) or -1 when the form is not a module at all. */
static int compile(wast *w, const char *src, const sx *m, modinfo *info, wt_module **out) {
  size_t i = 1, len = 0;
  *out = NULL;
  memset(info, 0, sizeof *info);
  if (m->kind != SX_LIST || !m->n || !sx_is(&m->kids[0], "module")) return -1;
  if (i < m->n && sx_is(&m->kids[i], "definition")) info->is_def = 1, i++;
  if (i < m->n && is_id(&m->kids[i])) info->id = &m->kids[i++];
  int binary = i < m->n && sx_is(&m->kids[i], "binary");
  int quote = i < m->n && sx_is(&m->kids[i], "quote");
  size_t start = m->kids[i - 1].end; /* the fields, with any annotation among them */
  char *bytes = binary || quote ? wast_join_strings(m, i + 1, quote, "module", &len) : module_text(src, start, m->end - 1, &len);
  if (!bytes) return -1;
  int rc = binary ? wt_module_new(w->engine, (const uint8_t *)bytes, len, out)
                  : wt_module_from_wat(w->engine, bytes, len, out);
  free(bytes);
  return rc;
}

static void make_current(wast *w, const sx *id, const wt_instance *inst) {
  w->cur = *inst;
  w->has_cur = 1;
  w->cur_component = 0;
  if (id) wc_forget(w->cm, id);
  named *n = id ? bind_name(w, id) : NULL;
  if (n) { n->inst = *inst; n->has_inst = 1; }
}

/* Keeps a definition under its name, or under one no script can spell
 * (ids have no spaces) when it has none; it becomes the latest. */
static void keep_definition(wast *w, const sx *id, wt_module *mod) {
  named *n = id ? bind_name(w, id) : bind_str(w, "$ anonymous", 11);
  if (!n) { wt_module_delete(mod); return; }
  wt_module_delete(n->def);
  n->def = mod;
  w->last_def = mod;
}

/* `(module instance $I? $M?)`: instantiates definition $M (default: the
 * latest) as instance $I, as the reference interpreter reads it. */
static void cmd_module_instance(wast *w, const sx *cmd) {
  const sx *iid = cmd->n > 2 && is_id(&cmd->kids[2]) ? &cmd->kids[2] : NULL;
  const sx *mid = cmd->n > 3 && is_id(&cmd->kids[3]) ? &cmd->kids[3] : NULL;
  named *def = mid ? find_name(w, mid) : NULL;
  wt_module *mod = mid ? (def ? def->def : NULL) : w->last_def;
  wt_instance inst;
  if (!mod) { fail(w, cmd, "no such module definition"); return; }
  int rc = wt_linker_instantiate(w->linker, w->cx, mod, &inst);
  if (rc) { fail(w, cmd, "instantiation failed: %s", wt_errmsg()); return; }
  make_current(w, iid, &inst);
  pass(w);
}

/* Instantiates (and frees) a compiled module; counts the command. */
static void instantiate(wast *w, const sx *cmd, wt_module *mod, const sx *id) {
  wt_instance inst;
  int rc = wt_linker_instantiate(w->linker, w->cx, mod, &inst);
  wt_module_delete(mod);
  if (rc) { fail(w, cmd, "instantiation failed: %s", wt_errmsg()); return; }
  make_current(w, id, &inst);
  pass(w);
}

static void cmd_module(wast *w, const char *src, const sx *cmd) {
  modinfo info;
  wt_module *mod;
  if (cmd->n > 1 && sx_is(&cmd->kids[1], "instance")) { cmd_module_instance(w, cmd); return; }
  int rc = compile(w, src, cmd, &info, &mod);
  if (rc < 0) { fail(w, cmd, "malformed module command"); return; }
  if (rc) { fail(w, cmd, "compile failed: %s", wt_errmsg()); return; }
  if (info.is_def) { keep_definition(w, info.id, mod); pass(w); return; }
  instantiate(w, cmd, mod, info.id);
}

/* True for the head of a module field: a script of bare fields is one
 * module (the spec's "inline module"). */
static int is_field(const char *head) {
  static const char *const fields[] = {"func", "memory", "table", "global", "type", "import",
                                       "export", "start", "elem", "data", "tag", "rec"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (!strcmp(head, fields[i])) return 1;
  return 0;
}

/* Runs the fields top->kids[*i..] as one module; advances *i past them. */
static void cmd_inline_module(wast *w, const char *src, const sx *top, size_t *i) {
  char head[64];
  size_t j = *i, len;
  wt_module *mod;
  while (j < top->n && is_field(sx_head(&top->kids[j], head, sizeof head))) j++;
  char *text = module_text(src, top->kids[*i].start, top->kids[j - 1].end, &len);
  const sx *cmd = &top->kids[*i];
  *i = j - 1;
  int rc = text ? wt_module_from_wat(w->engine, text, len, &mod) : WT_NOMEM;
  free(text);
  if (rc) { fail(w, cmd, "compile failed: %s", wt_errmsg()); return; }
  instantiate(w, cmd, mod, NULL);
}

static void cmd_register(wast *w, const sx *cmd) {
  size_t i = 2;
  if (cmd->n < 2 || cmd->kids[1].kind != SX_STRING) { fail(w, cmd, "malformed register"); return; }
  if ((i < cmd->n && wc_has_instance(w->cm, &cmd->kids[i])) || (i >= cmd->n && w->cur_component)) {
    fail(w, cmd, "register is not implemented for components");
    return;
  }
  const wt_instance *inst = target(w, cmd, &i);
  if (!inst) { fail(w, cmd, "no such module"); return; }
  if (wt_linker_define_instance(w->linker, w->cx, cmd->kids[1].text, inst)) { fail(w, cmd, "%s", wt_errmsg()); return; }
  pass(w);
}

/* ---- actions: invoke and get ---- */

enum { ACT_RAN = WC_RAN, ACT_SKIP = WC_SKIP, ACT_ERROR = WC_ERROR };

typedef struct outcome {
  int rc;            /* the wt status of the call (ACT_RAN) */
  char msg[1024];    /* its message; or why it was skipped / refused */
  wt_val *res;
  size_t nres;
  int is_component;  /* a component's call: its result in comp */
  wc_call comp;
} outcome;

static void outcome_free(outcome *o) {
  for (size_t i = 0; i < o->nres; i++) wt_val_release(&o->res[i]);
  free(o->res);
  o->res = NULL;
  o->nres = 0;
  if (o->is_component) wc_call_free(&o->comp);
  o->is_component = 0;
}

static int act_error(outcome *o, int kind, const char *fmt, const char *arg) {
  snprintf(o->msg, sizeof o->msg, fmt, arg);
  return kind;
}

/* Finds export `name` (which may hold NUL bytes, hence the scan). */
static int find_export(wast *w, const wt_instance *inst, const sx *name, wt_extern *out) {
  if (strlen(name->text) == name->len) return wt_instance_get_export(w->cx, inst, name->text, out);
  const char *n;
  size_t len;
  for (size_t i = 0; wt_instance_export_nth(w->cx, inst, i, &n, &len, out) == WT_OK; i++)
    if (len == name->len && !memcmp(n, name->text, len)) return WT_OK;
  return WT_NOT_FOUND;
}

/* Builds the call's arguments from kids[from..]; releases on refusal. */
static int make_args(wast *w, const sx *a, size_t from, const wt_extern_type *ft, wt_val *args, outcome *o) {
  for (size_t k = 0; k < ft->nparams; k++) {
    const char *why;
    int rc = wv_parse_const(&w->env, &a->kids[from + k], ft->params[k], &args[k], &why);
    if (rc != WV_MATCH) {
      for (size_t j = 0; j < k; j++) wt_val_release(&args[j]);
      return act_error(o, rc == WV_UNSUPPORTED ? ACT_SKIP : ACT_ERROR, "%s", why);
    }
  }
  return ACT_RAN;
}

static int call(wast *w, const wt_func *f, const wt_extern_type *ft, wt_val *args, outcome *o) {
  o->res = calloc(ft->nresults + 1, sizeof *o->res);
  if (!o->res) return act_error(o, ACT_ERROR, "%s", "out of memory");
  o->rc = wt_func_call(w->cx, f, args, ft->nparams, o->res, ft->nresults);
  o->nres = o->rc ? 0 : ft->nresults;
  snprintf(o->msg, sizeof o->msg, "%s", o->rc ? wt_errmsg() : "");
  for (size_t k = 0; k < ft->nparams; k++) wt_val_release(&args[k]);
  return ACT_RAN;
}

static int invoke(wast *w, const sx *a, outcome *o) {
  size_t i = 1;
  wt_extern ex;
  wt_extern_type ft;
  const wt_instance *inst = target(w, a, &i);
  if (!inst) return act_error(o, ACT_ERROR, "%s", "no such module");
  if (i >= a->n || a->kids[i].kind != SX_STRING) return act_error(o, ACT_ERROR, "%s", "malformed invoke");
  if (find_export(w, inst, &a->kids[i], &ex) || ex.kind != WT_EXTERN_FUNC)
    return act_error(o, ACT_ERROR, "no function export \"%s\"", a->kids[i].text);
  int rc = wt_func_type(w->cx, &ex.of.func, &ft);
  if (rc) return act_error(o, rc == WT_UNSUPPORTED ? ACT_SKIP : ACT_ERROR, "%s", rc == WT_UNSUPPORTED ?
                           "function type too large for wt_func_type" : wt_errmsg());
  if (a->n - i - 1 != ft.nparams) return act_error(o, ACT_ERROR, "%s", "wrong number of arguments");
  uint8_t *params = malloc(ft.nparams + 1);
  wt_val *args = calloc(ft.nparams + 1, sizeof *args);
  rc = params && args ? ACT_RAN : act_error(o, ACT_ERROR, "%s", "out of memory");
  if (rc == ACT_RAN) {
    memcpy(params, ft.params, ft.nparams); /* ft's arrays live only until the next call */
    ft.params = params;
    rc = make_args(w, a, i + 1, &ft, args, o);
  }
  if (rc == ACT_RAN) rc = call(w, &ex.of.func, &ft, args, o);
  free(params);
  free(args);
  return rc;
}

static int get(wast *w, const sx *a, outcome *o) {
  size_t i = 1;
  wt_extern ex;
  const wt_instance *inst = target(w, a, &i);
  if (!inst) return act_error(o, ACT_ERROR, "%s", "no such module");
  if (i >= a->n || a->kids[i].kind != SX_STRING) return act_error(o, ACT_ERROR, "%s", "malformed get");
  if (find_export(w, inst, &a->kids[i], &ex) || ex.kind != WT_EXTERN_GLOBAL)
    return act_error(o, ACT_ERROR, "no global export \"%s\"", a->kids[i].text);
  o->res = calloc(1, sizeof *o->res);
  if (!o->res) return act_error(o, ACT_ERROR, "%s", "out of memory");
  o->rc = wt_global_get(w->cx, &ex.of.global, o->res);
  o->nres = o->rc ? 0 : 1;
  snprintf(o->msg, sizeof o->msg, "%s", o->rc ? wt_errmsg() : "");
  return ACT_RAN;
}

/* True when action a addresses a component instance: the one it names,
 * or the current one. */
static int targets_component(wast *w, const sx *a) {
  if (a->n > 1 && is_id(&a->kids[1])) return wc_has_instance(w->cm, &a->kids[1]);
  return w->cur_component;
}

/* A component's invoke: the call's outcome in o->comp, its status and
 * message copied to o. */
static int invoke_component(wast *w, const sx *a, outcome *o) {
  o->is_component = 1;
  int kind = wc_invoke(w->cm, a, &o->comp);
  o->rc = o->comp.rc;
  o->nres = 0;
  snprintf(o->msg, sizeof o->msg, "%s", o->comp.msg);
  return kind;
}

static int action(wast *w, const sx *a, outcome *o) {
  memset(o, 0, sizeof *o);
  int is_invoke = a->kind == SX_LIST && a->n && sx_is(&a->kids[0], "invoke");
  if (a->kind == SX_LIST && a->n && targets_component(w, a))
    return is_invoke ? invoke_component(w, a, o) : act_error(o, ACT_ERROR, "%s", "a component exports no globals");
  if (is_invoke) return invoke(w, a, o);
  if (a->kind == SX_LIST && a->n && sx_is(&a->kids[0], "get")) return get(w, a, o);
  return act_error(o, ACT_SKIP, "%s", "unsupported action");
}

/* Runs the action of cmd->kids[1]; counts a skip or a failure itself and
 * returns 0 then. */
static int run_action(wast *w, const sx *cmd, outcome *o) {
  if (cmd->n < 2) { memset(o, 0, sizeof *o); fail(w, cmd, "missing action"); return 0; }
  int kind = action(w, &cmd->kids[1], o);
  if (kind == ACT_RAN) return 1;
  if (kind == ACT_SKIP) skip(w, cmd, o->msg);
  else fail(w, cmd, "%s", o->msg);
  outcome_free(o);
  return 0;
}

/* ---- assertions ---- */

static void cmd_action(wast *w, const sx *cmd) {
  outcome o;
  int kind = action(w, cmd, &o);
  if (kind == ACT_SKIP) skip(w, cmd, o.msg);
  else if (kind == ACT_ERROR) fail(w, cmd, "%s", o.msg);
  else if (o.rc) fail(w, cmd, "failed: %s", o.msg);
  else pass(w);
  outcome_free(&o);
}

static void show_mismatch(wast *w, const char *src, const sx *cmd, const outcome *o) {
  char got[4096] = "", one[256];
  size_t n = 0;
  for (size_t i = 0; i < o->nres && n < sizeof got - 300; i++) {
    wv_format(&w->env, &o->res[i], one, sizeof one);
    n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", i ? " " : "", one);
  }
  const sx *first = cmd->n > 2 ? &cmd->kids[2] : NULL;
  int len = first ? (int)(cmd->end - 1 - first->start) : 0;
  fail(w, cmd, "expected %.*s, got %s", len > 2000 ? 2000 : len, first ? src + first->start : "", got);
}

/* assert_return of a component's call: one result or none. */
static void component_return(wast *w, const char *src, const sx *cmd, outcome *o) {
  char why[512], got[4096];
  size_t want = cmd->n - 2, have = o->comp.has_result;
  int rc = o->rc || want != have ? WV_MISMATCH : !want ? WV_MATCH
           : wcv_match(&cmd->kids[2], o->comp.rtype, &o->comp.result, why, sizeof why);
  if (rc == WV_MATCH) pass(w);
  else if (rc == WV_UNSUPPORTED) skip(w, cmd, why);
  else if (rc == WV_MALFORMED) fail(w, cmd, "%s", why);
  else if (o->rc) fail(w, cmd, "failed: %s", o->msg);
  else if (want != have) fail(w, cmd, "expected %zu results, got %zu", want, have);
  else {
    wcv_format(o->comp.rtype, &o->comp.result, got, sizeof got);
    const sx *e = &cmd->kids[2];
    int len = (int)(e->end - e->start);
    fail(w, cmd, "expected %.*s, got %s", len > 2000 ? 2000 : len, src + e->start, got);
  }
}

static void cmd_assert_return(wast *w, const char *src, const sx *cmd) {
  outcome o;
  if (!run_action(w, cmd, &o)) return;
  if (o.is_component) { component_return(w, src, cmd, &o); outcome_free(&o); return; }
  size_t want = cmd->n - 2;
  const char *why = NULL;
  int ok = o.rc == WT_OK && o.nres == want;
  for (size_t i = 0; ok && i < want; i++) {
    int rc = wv_match(&w->env, &cmd->kids[2 + i], &o.res[i], &why);
    if (rc == WV_UNSUPPORTED) { skip(w, cmd, why); outcome_free(&o); return; }
    if (rc == WV_MALFORMED) { fail(w, cmd, "%s", why); outcome_free(&o); return; }
    ok = rc == WV_MATCH;
  }
  if (ok) pass(w);
  else if (o.rc) fail(w, cmd, "failed: %s", o.msg);
  else if (o.nres != want) fail(w, cmd, "expected %zu results, got %zu", want, o.nres);
  else show_mismatch(w, src, cmd, &o);
  outcome_free(&o);
}

/* Spec messages that Wasmtime words differently: expected -> actual. */
static const char *const equivalents[][2] = {
    {"uninitialized element", "uninitialized element"}, /* the spec may append an index */
    {"undefined element", "out of bounds table access"},
    {"call stack exhausted", "stack overflow"},
    {"null function reference", "null reference"},
    {"null structure reference", "null reference"},
    {"null array reference", "null reference"},
    {"null i31 reference", "null reference"},
    {"unaligned atomic", "misaligned memory access"},
};

/* True when the trap message `got` says what the script `want`s:
 * a substring, or a known rewording (matched on the expectation's prefix). */
static int message_matches(const char *want, const char *got) {
  if (strstr(got, want)) return 1;
  for (size_t i = 0; i < sizeof equivalents / sizeof equivalents[0]; i++)
    if (!strncmp(want, equivalents[i][0], strlen(equivalents[i][0])) && strstr(got, equivalents[i][1])) return 1;
  return 0;
}

static int is_trap(int rc) {
  return rc == WT_TRAP || rc == WT_STACK_OVERFLOW || rc == WT_OUT_OF_FUEL || rc == WT_TIMEOUT;
}

static const char *expected_message(const sx *cmd) {
  const sx *m = cmd->n >= 3 ? &cmd->kids[cmd->n - 1] : NULL;
  return m && m->kind == SX_STRING ? m->text : "";
}

/* Compiles and instantiates the module of cmd->kids[1]; returns the
 * instantiation status, or -1 (counted as a failure) when it does not
 * compile. */
static int instantiate_only(wast *w, const char *src, const sx *cmd, char *msg, size_t size) {
  modinfo info;
  wt_module *mod;
  wt_instance inst;
  if (cmd->n >= 2 && wc_is_component(&cmd->kids[1])) {
    int rc = components(w) ? wc_instantiate_only(w->cm, src, &cmd->kids[1], msg, size) : -1;
    const char *why = rc > 0 ? wc_call_not_here(rc, msg, NULL) : NULL;
    if (why) { skip(w, cmd, why); return -1; } /* counted */
    if (rc < 0) fail(w, cmd, "%s", w->cm ? msg : "out of memory");
    return rc;
  }
  int rc = cmd->n >= 2 ? compile(w, src, &cmd->kids[1], &info, &mod) : -1;
  if (rc) { fail(w, cmd, "module did not compile: %s", rc < 0 ? "malformed" : wt_errmsg()); return -1; }
  rc = wt_linker_instantiate(w->linker, w->cx, mod, &inst);
  snprintf(msg, size, "%s", rc ? wt_errmsg() : "");
  wt_module_delete(mod); /* an unexpected success is a failure: not made current */
  return rc;
}

static void expect_trap(wast *w, const sx *cmd, int rc, const char *msg) {
  const char *want = expected_message(cmd);
  if (rc == WT_OK) fail(w, cmd, "expected trap \"%s\", got success", want);
  else if (!is_trap(rc)) fail(w, cmd, "expected trap \"%s\", got %s: %s", want, wt_strerror(rc), msg);
  else if (!message_matches(want, msg)) fail(w, cmd, "expected trap \"%s\", got \"%s\"", want, msg);
  else pass(w);
}

static void cmd_assert_trap(wast *w, const char *src, const sx *cmd) {
  char msg[1024];
  outcome o;
  if (cmd->n >= 2 && cmd->kids[1].kind == SX_LIST && cmd->kids[1].n &&
      (sx_is(&cmd->kids[1].kids[0], "module") || wc_is_component(&cmd->kids[1]))) {
    int rc = instantiate_only(w, src, cmd, msg, sizeof msg);
    if (rc >= 0) expect_trap(w, cmd, rc, msg);
    return;
  }
  if (!run_action(w, cmd, &o)) return;
  /* A component's call fails with WT_ERROR too where Wasmtime's runner
   * takes the message alone: entering an instance a trap ended. */
  expect_trap(w, cmd, o.is_component && o.rc && !is_trap(o.rc) ? WT_TRAP : o.rc, o.msg);
  outcome_free(&o);
}

static void cmd_assert_exhaustion(wast *w, const sx *cmd) {
  outcome o;
  if (!run_action(w, cmd, &o)) return;
  if (o.rc == WT_STACK_OVERFLOW || (is_trap(o.rc) && message_matches("call stack exhausted", o.msg))) pass(w);
  else fail(w, cmd, "expected stack exhaustion, got %s: %s", wt_strerror(o.rc), o.msg);
  outcome_free(&o);
}

static void cmd_assert_exception(wast *w, const sx *cmd) {
  outcome o;
  if (!run_action(w, cmd, &o)) return;
  if (o.rc != WT_OK && strstr(o.msg, "exception")) pass(w); /* Wasmtime: "thrown Wasm exception" */
  else fail(w, cmd, "expected an uncaught exception, got %s: %s", wt_strerror(o.rc), o.msg);
  outcome_free(&o);
}

/* Wasm 2.0 rejections that a later proposal lifts; wt engines enable them
 * all, so a module rejected for one of these reasons in an older script may
 * now be valid: that is a skip (naming the proposal), never a pass. */
static const char *const superseded[][2] = {
    {"multiple memories", "multi-memory"},
    {"multiple tables", "reference-types (multiple tables, Wasm 2.0)"},
    {"zero byte expected", "multi-memory (memory index immediates)"},
    {"integer representation too long", "memory64 (64-bit limits and offsets)"},
    {"unknown global", "GC / extended-const (any earlier global in constant expressions)"},
};

static const char *superseded_by(const char *want) {
  for (size_t i = 0; i < sizeof superseded / sizeof superseded[0]; i++)
    if (!strcmp(want, superseded[i][0])) return superseded[i][1];
  return NULL;
}

/* assert_invalid / assert_malformed of a component: it must not compile;
 * an invalid one for the reason the script gives (a part of the message,
 * as Wasmtime's runner checks). */
static void component_rejected(wast *w, const char *src, const sx *cmd) {
  char msg[2048];
  const char *want = expected_message(cmd);
  int rc = components(w) ? wc_compile(w->cm, src, &cmd->kids[1], msg, sizeof msg) : -1;
  if (rc < 0) fail(w, cmd, "%s", w->cm ? "malformed assertion" : "out of memory");
  else if (rc == WT_OK) fail(w, cmd, "component compiled, expected \"%s\"", want);
  else if (sx_is(&cmd->kids[0], "assert_invalid") && !strstr(msg, want) && wc_not_here(msg))
    skip(w, cmd, wc_not_here(msg)); /* refused first for a reason that is not wt's */
  else if (sx_is(&cmd->kids[0], "assert_invalid") && !strstr(msg, want))
    fail(w, cmd, "expected \"%s\", got \"%s\"", want, msg);
  else pass(w);
}

/* assert_invalid / assert_malformed: the module must not compile. */
static void cmd_assert_rejected(wast *w, const char *src, const sx *cmd) {
  modinfo info;
  wt_module *mod = NULL;
  char why[256];
  if (cmd->n >= 2 && wc_is_component(&cmd->kids[1])) { component_rejected(w, src, cmd); return; }
  int rc = cmd->n >= 2 ? compile(w, src, &cmd->kids[1], &info, &mod) : -1;
  const char *want = expected_message(cmd), *by = superseded_by(want);
  wt_module_delete(mod);
  if (rc < 0) fail(w, cmd, "malformed assertion");
  else if (rc != WT_OK) pass(w);
  else if (!by) fail(w, cmd, "module compiled, expected \"%s\"", want);
  else {
    snprintf(why, sizeof why, "\"%s\" no longer holds under the enabled %s proposal", want, by);
    skip(w, cmd, why);
  }
}

static void cmd_assert_unlinkable(wast *w, const char *src, const sx *cmd, int want_trap) {
  char msg[1024];
  int rc = instantiate_only(w, src, cmd, msg, sizeof msg);
  if (rc < 0) return;
  if (want_trap) { expect_trap(w, cmd, rc, msg); return; }
  if (rc == WT_OK) fail(w, cmd, "instantiated, expected \"%s\"", expected_message(cmd));
  else if (is_trap(rc)) fail(w, cmd, "expected a link error, got a trap: %s", msg);
  else pass(w);
}

/* ---- components (wast_component.c) ---- */

/* The file's component state, made on first use (NULL: out of memory). */
static wc_file *components(wast *w) {
  if (!w->cm) w->cm = wc_file_new(w->engine, w->timeout_ms, w->limits);
  return w->cm;
}

static void cmd_component(wast *w, const char *src, const sx *cmd) {
  char msg[2048];
  if (!components(w)) { fail(w, cmd, "out of memory"); return; }
  const char *why = NULL;
  int rc = wc_command(w->cm, src, cmd, &why, msg, sizeof msg);
  if (rc) { fail(w, cmd, "%s", msg); return; }
  int instance = !(cmd->n > 1 && sx_is(&cmd->kids[1], "definition"));
  if (instance) {
    w->cur_component = 1;
    size_t i = cmd->n > 1 && sx_is(&cmd->kids[1], "instance") ? 2 : 1;
    named *n = i < cmd->n && is_id(&cmd->kids[i]) ? find_name(w, &cmd->kids[i]) : NULL;
    if (n) n->has_inst = 0; /* the name is the component's now */
  }
  if (why) skip(w, cmd, why);
  else pass(w);
}

/* ---- the spectest module ---- */

static wt_status host_print(void *env, wt_caller *caller, const wt_val *args, size_t nargs, wt_val *results, size_t nresults) {
  (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
  return WT_OK; /* the reference prints; a test run stays quiet */
}

static int define_prints(wast *w) {
  static const struct { const char *name; uint8_t n, kinds[2]; } prints[] = {
      {"print", 0, {0, 0}}, {"print_i32", 1, {WT_I32, 0}}, {"print_i64", 1, {WT_I64, 0}},
      {"print_f32", 1, {WT_F32, 0}}, {"print_f64", 1, {WT_F64, 0}},
      {"print_i32_f32", 2, {WT_I32, WT_F32}}, {"print_f64_f64", 2, {WT_F64, WT_F64}}};
  for (size_t i = 0; i < sizeof prints / sizeof prints[0]; i++)
    if (wt_linker_define_func(w->linker, "spectest", prints[i].name, prints[i].kinds, prints[i].n, NULL, 0,
                              host_print, NULL, NULL)) return -1;
  return 0;
}

static int define_item(wast *w, const char *name, wt_extern *e, int kind) {
  e->kind = kind;
  return wt_linker_define(w->linker, w->cx, "spectest", name, e);
}

static int define_global(wast *w, const char *name, wt_val v) {
  wt_extern e;
  memset(&e, 0, sizeof e);
  if (wt_global_new(w->cx, &v, false, &e.of.global)) return -1;
  return define_item(w, name, &e, WT_EXTERN_GLOBAL);
}

/* ---- helper modules: what the C API cannot make by itself ----
 * A 64-bit table and a shared memory for `spectest` (as the reference
 * interpreter's spectest.ml has them: table64 (table i64 10 20 funcref),
 * shared_memory (memory 1 2 shared)), and the conversions between host
 * references and anyrefs for wast_value.c. Each module is compiled once
 * per engine, and instantiated in every file's store; one the engine's
 * features refuse (e.g. -W shared-memory=n) is left out. */

enum { H_TABLE64, H_SHARED_MEMORY, H_REFS, NHELPERS };
static const char *const helper_wat[NHELPERS] = {
    "(module (table (export \"table64\") i64 10 20 funcref))",
    "(module (memory (export \"shared_memory\") 1 2 shared))",
    ("(module (func (export \"internalize\") (param externref) (result anyref) local.get 0 any.convert_extern)"
     " (func (export \"externalize\") (param anyref) (result externref) local.get 0 extern.convert_any))"),
};
static struct {
  wt_engine *engine; /* the engine they were compiled for, or NULL */
  wt_module *mod[NHELPERS];
} helpers;

/* Frees the helper modules; before their engine is deleted. */
static void helpers_free(void) {
  for (int h = 0; h < NHELPERS; h++) { wt_module_delete(helpers.mod[h]); helpers.mod[h] = NULL; }
  helpers.engine = NULL;
}

/* The helper module `h` for w's engine; NULL when the engine refuses it. */
static wt_module *helper(wast *w, int h) {
  if (helpers.engine != w->engine) {
    helpers_free();
    for (int i = 0; i < NHELPERS; i++)
      if (wt_module_from_wat(w->engine, helper_wat[i], strlen(helper_wat[i]), &helpers.mod[i])) helpers.mod[i] = NULL;
    helpers.engine = w->engine;
  }
  return helpers.mod[h];
}

/* Instantiates the helpers in w's store: the spectest items go into the
 * linker, the conversions into w->env. One that does not instantiate
 * (shared memories compile with threads on, but need shared-memory) is
 * left out like one that does not compile. */
static int define_helpers(wast *w) {
  wt_instance inst;
  w->env.cx = w->cx;
  for (int h = H_TABLE64; h <= H_SHARED_MEMORY; h++)
    if (helper(w, h) && !wt_linker_instantiate(w->linker, w->cx, helper(w, h), &inst) &&
        wt_linker_define_instance(w->linker, w->cx, "spectest", &inst))
      return -1;
  if (!helper(w, H_REFS) || wt_linker_instantiate(w->linker, w->cx, helper(w, H_REFS), &inst)) return 0;
  if (wt_instance_get_func(w->cx, &inst, "internalize", &w->env.internalize) ||
      wt_instance_get_func(w->cx, &inst, "externalize", &w->env.externalize))
    return -1;
  w->env.has_conv = 1;
  return 0;
}

static int define_spectest(wast *w) {
  wt_extern t, m;
  wt_val null = wt_val_null(WT_FUNCREF);
  memset(&t, 0, sizeof t);
  memset(&m, 0, sizeof m);
  if (define_prints(w) || define_global(w, "global_i32", wt_val_i32(666)) ||
      define_global(w, "global_i64", wt_val_i64(666)) || define_global(w, "global_f32", wt_val_f32(666.6f)) ||
      define_global(w, "global_f64", wt_val_f64(666.6)))
    return -1;
  if (wt_table_new(w->cx, WT_FUNCREF, 10, 20, &null, &t.of.table) || define_item(w, "table", &t, WT_EXTERN_TABLE))
    return -1;
  if (wt_memory_new(w->cx, 1, 2, false, &m.of.memory) || define_item(w, "memory", &m, WT_EXTERN_MEMORY)) return -1;
  return define_helpers(w);
}

/* ---- files ---- */

static void dispatch(wast *w, const char *src, const sx *cmd) {
  char head[64];
  sx_head(cmd, head, sizeof head);
  if (!strcmp(head, "module")) cmd_module(w, src, cmd);
  else if (!strcmp(head, "component")) cmd_component(w, src, cmd);
  else if (!strcmp(head, "register")) cmd_register(w, cmd);
  else if (!strcmp(head, "invoke") || !strcmp(head, "get")) cmd_action(w, cmd);
  else if (!strcmp(head, "assert_return")) cmd_assert_return(w, src, cmd);
  else if (!strcmp(head, "assert_trap")) cmd_assert_trap(w, src, cmd);
  else if (!strcmp(head, "assert_exhaustion")) cmd_assert_exhaustion(w, cmd);
  else if (!strcmp(head, "assert_exception")) cmd_assert_exception(w, cmd);
  else if (!strcmp(head, "assert_invalid") || !strcmp(head, "assert_malformed")) cmd_assert_rejected(w, src, cmd);
  else if (!strcmp(head, "assert_unlinkable")) cmd_assert_unlinkable(w, src, cmd, 0);
  else if (!strcmp(head, "assert_uninstantiable")) cmd_assert_unlinkable(w, src, cmd, 1);
  else if (!head[0]) fail(w, cmd, "not a command");
  else {
    char why[128];
    snprintf(why, sizeof why, "command not supported: %s", head);
    skip(w, cmd, why);
  }
}

/* Reads the whole file in growing chunks, not by its seek size: a folder
 * or a pipe reports no usable size (a folder's is LONG_MAX). */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0, cap = 0;
  while (f && !ferror(f) && !feof(f)) {
    if (n + 1 >= cap) {
      char *grown = realloc(buf, cap ? 2 * cap : 65536);
      if (!grown) break;
      buf = grown, cap = cap ? 2 * cap : 65536;
    }
    n += fread(buf + n, 1, cap - n - 1, f);
  }
  if (!f || ferror(f) || !feof(f)) { free(buf); buf = NULL; }
  if (f) fclose(f);
  if (buf) { buf[n] = 0; *len = n; }
  return buf;
}

static void file_end(wast *w) {
  wc_file_free(w->cm);
  for (size_t i = 0; i < w->nnames; i++) { free(w->names[i].name); wt_module_delete(w->names[i].def); }
  free(w->names);
  wt_linker_delete(w->linker);
  wt_store_delete(w->store);
}

static int file_begin(wast *w) {
  if (wt_store_new(w->engine, NULL, NULL, &w->store) || wt_linker_new(w->engine, &w->linker)) return -1;
  w->cx = wt_store_context(w->store);
  wt_linker_allow_shadowing(w->linker, true);
  if (w->timeout_ms && wt_store_set_timeout(w->store, w->timeout_ms)) return -1;
  if (w->limits && wt_store_set_limits(w->store, w->limits)) return -1;
  return define_spectest(w);
}

/* A command the reader could not read (an SX_ERROR node): one failure;
 * the reader went on at the next command. */
static void broken_command(wast *w, const sx *e, const char *src) {
  int resume = e->line;
  for (size_t i = e->start; i < e->end; i++) resume += src[i] == '\n';
  w->failed++;
  if (src[e->end])
    fprintf(stderr, "%s:%d: command not read: %s (it fails; reading goes on at line %d)\n", w->path, e->line, e->text,
            resume);
  else fprintf(stderr, "%s:%d: command not read: %s (it fails, and nothing after it is read)\n", w->path, e->line, e->text);
}

static void run_file(wast *w, const char *path) {
  size_t len = 0;
  char err[256];
  sx top;
  char *src = read_file(path, &len);
  w->path = path;
  if (!src) { fprintf(stderr, "%s: cannot read the file\n", path); w->failed++; return; }
  if (sx_parse_script(src, len, &top, err, sizeof err)) {
    fprintf(stderr, "%s: %s\n", path, err);
    w->failed++;
  } else if (file_begin(w)) {
    fprintf(stderr, "%s: cannot set up the store: %s\n", path, wt_errmsg());
    w->failed++;
  } else {
    for (size_t i = 0; i < top.n; i++) {
      char head[64];
      if (top.kids[i].kind == SX_ERROR) broken_command(w, &top.kids[i], src);
      else if (is_field(sx_head(&top.kids[i], head, sizeof head))) cmd_inline_module(w, src, &top, &i);
      else dispatch(w, src, &top.kids[i]);
    }
  }
  file_end(w);
  sx_free(&top);
  free(src);
}

static const char USAGE[] =
    "usage: wt wast [--verbose] [--timeout SECS] [-W FEATURE=y|n]... FILE.wast...\n"
    "Runs WebAssembly spec test scripts, of core modules and of components\n"
    "(the forms of the Component Model reference tests). Prints per file and in total\n"
    "\"N passed, M failed, K skipped\", then each skip reason with its count.\n"
    "  --verbose, -v   print every failure with file:line, expected and actual\n"
    "  --timeout SECS  fail a call into wasm that runs longer (default: none)\n"
    "  -W FEATURE=y|n  turn a WebAssembly proposal on or off (wasmtime's names;\n"
    "                  several may be comma-separated: -W gc=n,threads=n). All\n"
    "                  that the loaded Wasmtime has are on by default: threads,\n"
    "                  shared-memory, gc, function-references, exceptions,\n"
    "                  memory64, multi-memory, tail-call, relaxed-simd,\n"
    "                  wide-arithmetic, custom-page-sizes, component-model,\n"
    "                  component-model-async, component-model-more-async-builtins,\n"
    "                  component-model-async-stackful, component-model-map,\n"
    "                  component-model-implements, component-model-canonical-names,\n"
    "                  component-model-accessors, concurrency-support\n"
    "Exit status: 0 when nothing failed, 1 when something failed, 2 on usage errors.\n";

static int usage(void) {
  fputs(USAGE, stderr);
  return 2;
}

typedef struct wast_opts {
  int verbose, nfiles;
  uint64_t timeout_ms;
  unsigned features_on, features_off; /* wt_feature bits */
  unsigned explicit_on;               /* ... turned on by -W (not only by default) */
} wast_opts;

/* A -W setting refused: says why; -2 (reported, exit status 2). */
static int bad_w(const char *kv, const char *why) {
  fprintf(stderr, "wt wast: -W %s: %s (see wt wast --help)\n", kv, why);
  return -2;
}

/* One FEATURE[=y|n] setting of -W (wasmtime's spellings of the value). */
static int set_feature(wast_opts *o, const char *kv) {
  unsigned on = 0, off = 0;
  int rc = wt_cli_feature(kv, &on, &off);
  if (!rc) {
    o->features_on = (o->features_on | on) & ~off;
    o->features_off = (o->features_off | off) & ~on;
    o->explicit_on = (o->explicit_on | on) & ~off;
  }
  if (rc == 1) {
    char known[512];
    wt_cli_feature_names(known, sizeof known);
    fprintf(stderr, "wt wast: -W %s: unknown feature '%.*s' (known: %s)\n", kv, (int)strcspn(kv, "="), kv, known);
    return -2;
  }
  return rc ? bad_w(kv, "the value must be y or n") : 0;
}

/* A comma-separated list of -W settings. */
static int set_features(wast_opts *o, const char *list) {
  char *copy = strdup(list), *save = NULL;
  int rc = copy ? 0 : bad_w(list, "out of memory");
  if (copy && !*copy) rc = bad_w(list, "needs FEATURE=y|n");
  for (char *kv = copy ? strtok_r(copy, ",", &save) : NULL; kv && !rc; kv = strtok_r(NULL, ",", &save))
    rc = set_feature(o, kv);
  free(copy);
  return rc;
}

/* The value of -W / --wasm at argv[*i] ("-W X", "-WX", "--wasm X",
 * "--wasm=X"), advancing *i past it; NULL when argv[*i] is neither. */
static const char *w_value(int argc, char **argv, int *i, int *missing) {
  const char *a = argv[*i];
  *missing = 0;
  if (!strncmp(a, "-W", 2) && a[2]) return a + 2;
  if (!strncmp(a, "--wasm=", 7)) return a + 7;
  if (strcmp(a, "-W") && strcmp(a, "--wasm")) return NULL;
  if (*i + 1 >= argc) { *missing = 1; return NULL; }
  argv[(*i)++] = NULL;
  return argv[*i];
}

/* Reads the options; each consumed argument becomes NULL, so that only
 * the files are left. Returns -1 on a usage error, -2 on one already
 * reported, 1 for --help. */
static int parse_opts(int argc, char **argv, wast_opts *o) {
  memset(o, 0, sizeof *o);
  o->features_on = WT_FEATURE_ALL; /* what the spec suites and proposals need */
  for (int i = 1; i < argc; i++) {
    char *a = argv[i], *end;
    const char *wv;
    int missing, rc;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) return 1;
    if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) o->verbose = 1;
    else if (!strcmp(a, "--timeout") && i + 1 < argc) {
      unsigned long long secs = strtoull(argv[i + 1], &end, 10);
      if (*end || !*argv[i + 1] || argv[i + 1][0] == '-' || secs > UINT32_MAX) return -1;
      o->timeout_ms = secs * 1000;
      argv[i++] = NULL;
    } else if ((wv = w_value(argc, argv, &i, &missing)) != NULL) {
      if ((rc = set_features(o, wv)) != 0) return rc;
    } else if (missing) return fputs("wt wast: -W needs FEATURE=y|n (see wt wast --help)\n", stderr), -2;
    else if (a[0] == '-') return -1;
    else { o->nfiles++; continue; }
    argv[i] = NULL;
  }
  return o->nfiles ? 0 : -1;
}

/* Every proposal the loaded Wasmtime can turn on (-W may ask for more, and
 * is refused then): an older Wasmtime lacks some, and the commands that
 * need them fail there, or are skipped where a rule names them. */
static unsigned available(unsigned wanted) {
  unsigned on = 0;
  for (unsigned bit = 1; bit && bit <= WT_FEATURE_ALL; bit <<= 1)
    if ((wanted & bit) && wt_feature_supported(bit)) on |= bit;
  return on;
}

static int new_engine(const wast_opts *o, wt_engine **out) {
  wt_engine_options eo;
  wt_engine_options_init(&eo);
  eo.epoch_interruption = o->timeout_ms > 0; /* otherwise plain defaults */
  unsigned defaults = o->features_on & ~o->explicit_on;
  /* the async proposals need concurrency-support: off with it, unless asked for */
  if (o->features_off & WT_FEATURE_CONCURRENCY_SUPPORT)
    defaults &= ~(unsigned)(WT_FEATURE_CM_ASYNC | WT_FEATURE_CM_MORE_ASYNC_BUILTINS | WT_FEATURE_CM_ASYNC_STACKFUL);
  eo.features_on = o->explicit_on | available(defaults);
  eo.features_off = o->features_off;
  return wt_engine_new(&eo, out);
}

int wt_cmd_wast(int argc, char **argv) {
  wt_engine *engine = NULL;
  wast_opts o;
  long passed = 0, failed = 0, skipped = 0;
  int rc = parse_opts(argc, argv, &o);
  if (rc) return rc > 0 ? (fputs(USAGE, stdout), 0) : rc == -2 ? 2 : usage();
  if (new_engine(&o, &engine)) { fprintf(stderr, "wast: %s\n", wt_errmsg()); return 2; }
  for (int i = 1; i < argc; i++) {
    if (!argv[i]) continue;
    wast w;
    memset(&w, 0, sizeof w);
    w.engine = engine;
    w.verbose = o.verbose;
    w.timeout_ms = o.timeout_ms;
    run_file(&w, argv[i]);
    printf("%s: %ld passed, %ld failed, %ld skipped\n", argv[i], w.passed, w.failed, w.skipped);
    fflush(stdout);
    passed += w.passed, failed += w.failed, skipped += w.skipped;
  }
  helpers_free();
  wt_engine_delete(engine);
  for (size_t i = 0; i < nreasons; i++) printf("skipped %ld: %s\n", reasons[i].count, reasons[i].why);
  printf("%ld passed, %ld failed, %ld skipped\n", passed, failed, skipped);
  return failed ? 1 : 0;
}
