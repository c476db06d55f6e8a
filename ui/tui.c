/* The screen engine: views, lines, layout, drawing, keys and the headless
 * mode.  See tui.h for the model and docs/ui.md for the keys and scripts. */
#define NCURSES_WIDECHAR 1
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "i18n.h"
#include "utf8.h"

#define TUI_MAX_DEPTH 16
#define TUI_MAX_BINDINGS 64

/* ---- tables ------------------------------------------------------------------ */

static const struct tui_action_info actions[TUI_NACTIONS] = {
#define TUI_X_INFO(id, name, keys, group, help) [TUI_A_##id] = {name, keys, group, help},
    TUI_ACTIONS(TUI_X_INFO)
#undef TUI_X_INFO
};

static const struct named_key {
    const char *name;
    tui_key key;
} named_keys[] = {
    {"Enter", '\n'},         {"Tab", '\t'},           {"Esc", 27},
    {"Space", ' '},          {"Backspace", TUI_KEY_BACKSPACE},
    {"Up", TUI_KEY_UP},      {"Down", TUI_KEY_DOWN},  {"Left", TUI_KEY_LEFT},
    {"Right", TUI_KEY_RIGHT}, {"PgUp", TUI_KEY_PGUP}, {"PgDn", TUI_KEY_PGDN},
    {"Home", TUI_KEY_HOME},  {"End", TUI_KEY_END},    {"Resize", TUI_KEY_RESIZE},
};

/* Colours (foreground, background; -1 the terminal's own) and the
 * attributes with colours and without. */
static const struct style_def {
    short fg, bg;
    attr_t color, mono;
} style_defs[TUI_NSTYLES] = {
    [TUI_S_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
    [TUI_S_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    [TUI_S_STATUS] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
    [TUI_S_HEADING] = {-1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE},
    [TUI_S_SECTION] = {COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TUI_S_LABEL] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [TUI_S_DIM] = {-1, -1, A_DIM, A_DIM},
    [TUI_S_MATCH] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TUI_S_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE},
    [TUI_S_OK] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    [TUI_S_WARNING] = {COLOR_YELLOW, -1, A_NORMAL, A_BOLD},
    [TUI_S_URGENT] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TUI_S_OVERDUE] = {COLOR_RED, -1, A_BOLD, A_REVERSE},
};

/* A row of a pager after wrapping: bytes [start, end) of line LINE. */
struct tui_wrap {
    size_t line, start, end;
    bool cont;
};

struct binding {
    tui_key key;
    enum tui_action action;
};

/* The form tui_ask is asking: one question at a time on the bottom line. */
struct prompt {
    bool active;
    struct tui_view *view;
    int tag;
    size_t n, cur;
    struct {
        char *label;
        char **choices; /* NULL-terminated, or NULL */
        bool optional;
        char *answer;
    } q[TUI_MAX_QUESTIONS];
    struct fl_buf text; /* the answer being edited */
    size_t pos;         /* the cursor: a byte offset into TEXT */
    int cycle;          /* the choice Tab/Up/Down last gave; -1: none */
    char problem[256];  /* why the last answer was not taken */
};

struct tui_app {
    const struct tui_env *env;
    const struct tui_options *opt;
    SCREEN *screen;
    FILE *out, *in; /* headless: /dev/null */
    bool colors, utf8, quit;
    struct tui_view *views[TUI_MAX_DEPTH];
    size_t depth;
    struct binding binds[TUI_MAX_BINDINGS];
    size_t nbinds;
    char msg[512];
    bool msg_error;
    struct fl_buf tmp, cell; /* scratch for drawing */
    FILE *script;
    long script_line;
    struct prompt prompt;
    int64_t data_version; /* the database's, when last read */
    bool index_off;       /* indexing words failed: not tried again */
    int cursor_y, cursor_x; /* where the terminal's cursor goes; -1: hidden */
    int eof_reads;          /* reads in a row that failed at once */
    FILE *timings;
};

const struct tui_action_info *tui_action_info(enum tui_action a)
{
    return a >= 0 && a < TUI_NACTIONS ? &actions[a] : NULL;
}

/* ---- keys ------------------------------------------------------------------- */

tui_key tui_key_parse(const char *s, size_t len)
{
    size_t adv;
    if (len == 0)
        return TUI_KEY_NONE;
    uint32_t cp = fl_utf8_decode(s, len, &adv);
    if (adv == len && cp >= 0x20 && cp != 0x7F && cp != 0xFFFD)
        return (tui_key)cp;
    if (s[0] != '<' || s[len - 1] != '>')
        return TUI_KEY_NONE;
    const char *name = s + 1;
    size_t n = len - 2;
    if (n == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z')
        return name[2] & 0x1F;
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (strlen(named_keys[i].name) == n && memcmp(named_keys[i].name, name, n) == 0)
            return named_keys[i].key;
    return TUI_KEY_NONE;
}

static void put_utf8(struct fl_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    fl_buf_append(b, u, n);
}

void tui_key_name(struct fl_buf *b, tui_key key)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (named_keys[i].key == key) {
            fl_buf_printf(b, "<%s>", named_keys[i].name);
            return;
        }
    if (key > 0 && key < 0x20)
        fl_buf_printf(b, "<C-%c>", (char)(key | 0x60));
    else if (key >= 0x20 && key < 0x110000 && key != 0x7F)
        put_utf8(b, (uint32_t)key);
    else
        fl_buf_printf(b, "<key %ld>", (long)key);
}

void tui_keys_markdown(struct fl_buf *b)
{
    fl_buf_puts(b, "| keys | action | what it does |\n|---|---|---|\n");
    for (int a = 0; a < TUI_NACTIONS; a++) {
        fl_buf_puts(b, "| ");
        const char *k = actions[a].keys;
        while (*k) {
            size_t n = strcspn(k, " ");
            fl_buf_printf(b, "`%.*s`%s", (int)n, k, k[n] ? " " : "");
            k += n + (k[n] ? 1 : 0);
        }
        fl_buf_printf(b, " | %s | %s |\n", actions[a].name, actions[a].help);
    }
}

/* The default bindings, from TUI_ACTIONS. */
static enum fl_status bind_defaults(struct tui_app *a, struct fl_error *err)
{
    for (int act = 0; act < TUI_NACTIONS; act++) {
        for (const char *k = actions[act].keys; *k;) {
            size_t n = strcspn(k, " ");
            tui_key key = tui_key_parse(k, n);
            if (key == TUI_KEY_NONE || a->nbinds == TUI_MAX_BINDINGS)
                return fl_fail(err, FL_EINVAL, "key table: cannot bind \"%.*s\" to %s", (int)n,
                               k, actions[act].name);
            a->binds[a->nbinds++] = (struct binding){key, (enum tui_action)act};
            k += n + (k[n] ? 1 : 0);
        }
    }
    return FL_OK;
}

static bool lookup_key(const struct tui_app *a, tui_key key, enum tui_action *out)
{
    for (size_t i = 0; i < a->nbinds; i++)
        if (a->binds[i].key == key) {
            *out = a->binds[i].action;
            return true;
        }
    return false;
}

/* The first key bound to ACT, into B. */
static void first_key(const struct tui_app *a, enum tui_action act, struct fl_buf *b)
{
    for (size_t i = 0; i < a->nbinds; i++)
        if (a->binds[i].action == act) {
            tui_key_name(b, a->binds[i].key);
            return;
        }
}

/* ---- text --------------------------------------------------------------------- */

/* Bytes of S (LEN) that fit in COLS columns; *USED gets their columns. */
static size_t fit(const char *s, size_t len, int cols, int *used)
{
    size_t i = 0, adv;
    int w = 0;
    while (i < len) {
        int cw = fl_codepoint_width(fl_utf8_decode(s + i, len - i, &adv));
        if (w + cw > cols)
            break;
        w += cw;
        i += adv;
    }
    *used = w;
    return i;
}

static void style_attr(const struct tui_app *a, enum tui_style s, bool selected, attr_t *attr,
                       short *pair)
{
    *attr = a->colors ? style_defs[s].color : style_defs[s].mono;
    *pair = a->colors ? (short)(s + 1) : 0;
    /* The cursor: reversed; without colours also bold, so that it stands
     * out from an overdue row (reversed already: then it is not). */
    if (selected)
        *attr = (*attr ^ A_REVERSE) | (a->colors ? 0 : A_BOLD);
}

/* Queue code point CP (CW columns by our widths) for drawing.  Whatever the
 * terminal would draw at another width (its wcwidth differs, or it cannot
 * draw it) becomes CW question marks, so the columns still line up. */
static size_t queue_char(wchar_t *w, size_t n, uint32_t cp, int cw)
{
    bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
    if (!control && wcwidth((wchar_t)cp) == cw) {
        w[n++] = (wchar_t)cp;
        return n;
    }
    for (int i = 0; i < cw; i++)
        w[n++] = L'?';
    return n;
}

/* THE drawing helper: S (LEN bytes, sanitized) at Y, X in at most COLS
 * columns.  Returns the columns used. */
static int put(struct tui_app *a, int y, int x, const char *s, size_t len, int cols,
               enum tui_style st, bool selected)
{
    attr_t attr;
    short pair;
    if (cols <= 0 || x >= COLS)
        return 0;
    style_attr(a, st, selected, &attr, &pair);
    wattr_set(stdscr, attr, pair, NULL);
    wmove(stdscr, y, x);
    wchar_t w[128];
    size_t n = 0, adv;
    int used = 0;
    for (size_t i = 0; i < len; i += adv) {
        uint32_t cp = fl_utf8_decode(s + i, len - i, &adv);
        int cw = fl_codepoint_width(cp);
        if (used + cw > cols)
            break;
        if (n + 4 >= sizeof w / sizeof w[0]) {
            waddnwstr(stdscr, w, (int)n);
            n = 0;
        }
        n = queue_char(w, n, cp, cw);
        used += cw;
    }
    if (n)
        waddnwstr(stdscr, w, (int)n);
    return used;
}

/* Untrusted TEXT, sanitized, padded or cut to exactly COLS columns. */
static int put_cell(struct tui_app *a, int y, int x, const char *text, int cols, bool right,
                    enum tui_style st, bool selected)
{
    if (cols <= 0)
        return 0;
    fl_buf_reset(&a->tmp);
    fl_buf_reset(&a->cell);
    fl_utf8_sanitize(&a->tmp, text ? text : "-", 0);
    size_t w = fl_utf8_width(fl_buf_str(&a->tmp));
    if (right && w < (size_t)cols)
        for (size_t i = w; i < (size_t)cols; i++)
            fl_buf_putc(&a->cell, ' ');
    fl_utf8_pad(&a->cell, fl_buf_str(&a->tmp), right && w < (size_t)cols ? w : (size_t)cols);
    return put(a, y, x, fl_buf_str(&a->cell), a->cell.len, cols, st, selected);
}

static void fill_row(struct tui_app *a, int y, enum tui_style st, bool selected)
{
    attr_t attr;
    short pair;
    style_attr(a, st, selected, &attr, &pair);
    wattr_set(stdscr, attr, pair, NULL);
    mvwhline(stdscr, y, 0, ' ', COLS);
}

/* ---- lines ----------------------------------------------------------------------- */

static struct tui_line *new_line(struct tui_view *v)
{
    if (v->nlines == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        struct tui_line *p = realloc(v->lines, cap * sizeof *p);
        if (!p) {
            tui_message(v->app, true, "%s", _("out of memory"));
            return NULL;
        }
        v->lines = p;
        v->cap = cap;
    }
    struct tui_line *l = &v->lines[v->nlines];
    memset(l, 0, sizeof *l);
    return l;
}

/* Take B's bytes as a new line (B is left empty). */
static struct tui_line *line_from(struct tui_view *v, struct fl_buf *b, enum tui_style st,
                                  int hang)
{
    struct tui_line *l = b->failed ? NULL : new_line(v);
    char *text = l ? (b->data ? b->data : strdup("")) : NULL;
    if (!text) {
        fl_buf_free(b);
        return NULL;
    }
    *b = (struct fl_buf)FL_BUF_INIT;
    l->text = text;
    l->style = st;
    l->hang = hang;
    v->nlines++;
    v->total = (int64_t)v->nlines;
    v->wrap_width = 0;
    return l;
}

struct tui_line *tui_add_line(struct tui_view *v, enum tui_style st, int hang, const char *text)
{
    struct fl_buf b = FL_BUF_INIT;
    fl_utf8_sanitize(&b, text ? text : "", 0);
    return line_from(v, &b, st, hang);
}

struct tui_line *tui_add_linef(struct tui_view *v, enum tui_style st, int hang, const char *fmt,
                               ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    struct tui_line *l = tui_add_line(v, st, hang, s);
    free(s);
    return l;
}

void tui_add_para(struct tui_view *v, enum tui_style st, int indent, const char *text)
{
    const char *p = text ? text : "";
    do {
        size_t n = strcspn(p, "\n");
        struct fl_buf line = FL_BUF_INIT, clean = FL_BUF_INIT;
        for (int i = 0; i < indent; i++)
            fl_buf_putc(&line, ' ');
        for (size_t i = 0; i < n; i++)
            if (p[i] != '\r')
                fl_buf_putc(&line, p[i] == '\t' ? ' ' : p[i]);
        fl_utf8_sanitize(&clean, fl_buf_str(&line), 0);
        fl_buf_free(&line);
        line_from(v, &clean, st, indent);
        p += n + (p[n] ? 1 : 0);
    } while (*p);
}

struct tui_line *tui_add_match(struct tui_view *v, enum tui_style st, int hang,
                               const char *prefix, const char *before, const char *match,
                               const char *after, enum tui_style match_style)
{
    struct fl_buf b = FL_BUF_INIT;
    fl_utf8_sanitize(&b, prefix ? prefix : "", 0);
    fl_utf8_sanitize(&b, before ? before : "", 0);
    size_t start = b.len;
    fl_utf8_sanitize(&b, match ? match : "", 0);
    size_t len = b.len - start;
    fl_utf8_sanitize(&b, after ? after : "", 0);
    struct tui_line *l = line_from(v, &b, st, hang);
    if (l) {
        l->span_start = start;
        l->span_len = len;
        l->span_style = match_style;
    }
    return l;
}

enum fl_status tui_add_row(struct tui_view *v, void *data, struct fl_error *err)
{
    struct tui_line *l = new_line(v);
    if (!l) {
        free(data);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    l->data = data;
    v->nlines++;
    if (!v->ops->fetch)
        v->total = (int64_t)v->nlines;
    return FL_OK;
}

void tui_set_total(struct tui_view *v, int64_t total) { v->total = total < 0 ? 0 : total; }

static void clear_lines(struct tui_view *v)
{
    for (size_t i = 0; i < v->nlines; i++) {
        free(v->lines[i].text);
        free(v->lines[i].data);
    }
    v->nlines = 0;
    v->wrap_width = 0;
}

const struct tui_line *tui_selected(const struct tui_view *v)
{
    if (v->ops->kind != TUI_LIST || v->sel < v->base || v->sel >= v->base + (int64_t)v->nlines)
        return NULL;
    return &v->lines[v->sel - v->base];
}

void tui_message(struct tui_app *app, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->msg, sizeof app->msg, fmt, ap);
    va_end(ap);
    app->msg_error = error;
}

/* ---- asking ------------------------------------------------------------------------ */

static void prompt_clear(struct prompt *p)
{
    for (size_t i = 0; i < TUI_MAX_QUESTIONS; i++) {
        free(p->q[i].label);
        for (char **c = p->q[i].choices; c && *c; c++)
            free(*c);
        free(p->q[i].choices);
        free(p->q[i].answer);
    }
    fl_buf_free(&p->text);
    memset(p, 0, sizeof *p);
}

bool tui_choices_add(struct tui_choices *c, const char *s)
{
    if (c->n + 1 >= c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        char **more = realloc(c->v, cap * sizeof *more);
        if (!more) {
            c->failed = true;
            return false;
        }
        c->v = more;
        c->cap = cap;
    }
    if (!(c->v[c->n] = strdup(s))) {
        c->failed = true;
        return false;
    }
    c->v[++c->n] = NULL;
    return true;
}

void tui_choices_free(struct tui_choices *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
    memset(c, 0, sizeof *c);
}

static char **copy_choices(const char *const *c, bool *failed)
{
    size_t n = 0;
    while (c[n])
        n++;
    char **out = calloc(n + 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        if (!(out[i] = strdup(c[i])))
            *failed = true;
    *failed |= !out;
    return out;
}

/* Begin the current question with its answer so far in the editor. */
static void prompt_begin(struct prompt *p)
{
    const char *initial = p->q[p->cur].answer;
    fl_buf_reset(&p->text);
    fl_buf_puts(&p->text, initial ? initial : "");
    p->pos = p->text.len;
    p->cycle = -1;
    p->problem[0] = '\0';
}

enum fl_status tui_ask(struct tui_view *v, int tag, const struct tui_question *qs, size_t n)
{
    struct prompt *p = &v->app->prompt;
    if (p->active || n == 0 || n > TUI_MAX_QUESTIONS)
        return FL_EINVAL;
    prompt_clear(p);
    bool failed = false;
    for (size_t i = 0; i < n; i++) {
        failed |= !(p->q[i].label = strdup(qs[i].label ? qs[i].label : ""));
        if (qs[i].choices)
            p->q[i].choices = copy_choices(qs[i].choices, &failed);
        if (qs[i].initial)
            failed |= !(p->q[i].answer = strdup(qs[i].initial));
        p->q[i].optional = qs[i].optional;
    }
    if (failed) {
        prompt_clear(p);
        tui_message(v->app, true, "%s", _("out of memory"));
        return FL_ENOMEM;
    }
    p->active = true;
    p->view = v;
    p->tag = tag;
    p->n = n;
    p->cur = 0;
    prompt_begin(p);
    return FL_OK;
}

static bool prefix_of(const char *prefix, const char *s)
{
    size_t n = strlen(prefix);
    return strncasecmp(prefix, s, n) == 0;
}

/* The choice ANSWER names: one equal to it (ASCII case ignored), else the
 * only one it is the start of.  NULL (and PROBLEM said) when none or
 * several. */
static const char *match_choice(char **choices, const char *answer, char *problem, size_t size)
{
    const char *found = NULL;
    size_t hits = 0;
    for (char **c = choices; *c; c++) {
        if (strcasecmp(*c, answer) == 0)
            return *c;
        if (prefix_of(answer, *c) && hits++ == 0)
            found = *c;
    }
    if (hits == 1)
        return found;
    struct fl_buf b = FL_BUF_INIT;
    if (hits)
        fl_buf_printf(&b, _("\"%s\" could be several of: "), answer);
    else
        fl_buf_printf(&b, _("\"%s\" is not one of: "), answer);
    for (char **c = choices; *c; c++)
        if (!hits || prefix_of(answer, *c))
            fl_buf_printf(&b, "%s%s", c == choices ? "" : ", ", *c);
    snprintf(problem, size, "%s", fl_buf_str(&b));
    fl_buf_free(&b);
    return NULL;
}

static char *trimmed(const char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return strndup(s, n);
}

/* Enter: take the answer, then ask the next question or hand the answers
 * to the view. */
static void prompt_enter(struct tui_app *a)
{
    struct prompt *p = &a->prompt;
    char *t = trimmed(fl_buf_str(&p->text));
    if (!t) {
        snprintf(p->problem, sizeof p->problem, "%s", _("out of memory"));
        return;
    }
    if (!*t && !p->q[p->cur].optional) {
        snprintf(p->problem, sizeof p->problem, "%s", _("an answer is needed here (Esc cancels)"));
        free(t);
        return;
    }
    if (*t && p->q[p->cur].choices) {
        const char *m = match_choice(p->q[p->cur].choices, t, p->problem, sizeof p->problem);
        free(t);
        if (!m || !(t = strdup(m)))
            return;
    }
    free(p->q[p->cur].answer);
    p->q[p->cur].answer = t;
    if (++p->cur < p->n) {
        prompt_begin(p);
        return;
    }
    /* Every question answered: the form ends before the view hears of
     * it, so that the view may ask again. */
    struct tui_view *v = p->view;
    int tag = p->tag;
    size_t n = p->n;
    char *answers[TUI_MAX_QUESTIONS];
    for (size_t i = 0; i < n; i++) {
        answers[i] = p->q[i].answer;
        p->q[i].answer = NULL;
    }
    prompt_clear(p);
    if (v->ops->answer)
        v->ops->answer(v, tag, answers, n);
    for (size_t i = 0; i < n; i++)
        free(answers[i]);
}

/* Replace DEL bytes at AT of B with INS (N bytes). */
static void splice(struct fl_buf *b, size_t at, size_t del, const char *ins, size_t n)
{
    struct fl_buf out = FL_BUF_INIT;
    fl_buf_append(&out, b->data, at);
    fl_buf_append(&out, ins, n);
    fl_buf_append(&out, b->data + at + del, b->len - at - del);
    if (out.failed) {
        fl_buf_free(&out);
        return;
    }
    fl_buf_free(b);
    *b = out;
}

static size_t prev_char(const struct fl_buf *b, size_t pos)
{
    while (pos > 0 && (b->data[--pos] & 0xC0) == 0x80)
        ;
    return pos;
}

static size_t next_char(const struct fl_buf *b, size_t pos)
{
    size_t adv;
    if (pos >= b->len)
        return b->len;
    fl_utf8_decode(b->data + pos, b->len - pos, &adv);
    return pos + adv;
}

/* Tab, Down (STEP 1) or Up (-1): the next choice; the first Tab takes
 * the first choice the text so far starts. */
static void prompt_cycle(struct prompt *p, int step)
{
    char **c = p->q[p->cur].choices;
    int n = 0;
    while (c && c[n])
        n++;
    if (!n)
        return;
    int next = -1;
    if (p->cycle < 0 && p->text.len) {
        for (int i = 0; i < n && next < 0; i++)
            if (prefix_of(fl_buf_str(&p->text), c[i]))
                next = i;
    }
    if (next < 0)
        next = p->cycle < 0 ? (step > 0 ? 0 : n - 1) : ((p->cycle + step) % n + n) % n;
    p->cycle = next;
    fl_buf_reset(&p->text);
    fl_buf_puts(&p->text, c[next]);
    p->pos = p->text.len;
}

static void prompt_key(struct tui_app *a, tui_key key)
{
    struct prompt *p = &a->prompt;
    struct fl_buf *t = &p->text;
    p->problem[0] = '\0';
    switch (key) {
    case '\n': prompt_enter(a); return;
    case 27:
    case 7: /* C-g */
        prompt_clear(p);
        tui_message(a, false, "%s", _("cancelled: nothing was changed"));
        return;
    case TUI_KEY_BACKSPACE:
        if (p->pos) {
            size_t at = prev_char(t, p->pos);
            splice(t, at, p->pos - at, "", 0);
            p->pos = at;
        }
        break;
    case TUI_KEY_LEFT: p->pos = prev_char(t, p->pos); break;
    case TUI_KEY_RIGHT: p->pos = next_char(t, p->pos); break;
    case TUI_KEY_HOME:
    case 1: p->pos = 0; break; /* C-a */
    case TUI_KEY_END:
    case 5: p->pos = t->len; break; /* C-e */
    case 21: /* C-u */
        splice(t, 0, p->pos, "", 0);
        p->pos = 0;
        break;
    case 11: splice(t, p->pos, t->len - p->pos, "", 0); break; /* C-k */
    case '\t':
    case TUI_KEY_DOWN: prompt_cycle(p, 1); return;
    case TUI_KEY_UP: prompt_cycle(p, -1); return;
    default:
        if (key >= 0 && key < 0x110000 && fl_codepoint_harmless((uint32_t)key)) {
            struct fl_buf ch = FL_BUF_INIT;
            put_utf8(&ch, (uint32_t)key);
            splice(t, p->pos, 0, ch.data, ch.len);
            p->pos += ch.len;
            fl_buf_free(&ch);
        } else {
            snprintf(p->problem, sizeof p->problem, "%s",
                     _("that key does nothing here: Enter answers, Esc cancels"));
        }
        return;
    }
    p->cycle = -1;
}

/* The form: what to do on the row above, the question on the bottom row,
 * the terminal's cursor in the answer. */
static void draw_prompt(struct tui_app *a)
{
    struct prompt *p = &a->prompt;
    int y = LINES - 1;
    struct fl_buf b = FL_BUF_INIT;
    char **c = p->q[p->cur].choices;
    /* A message given while a form is asked (why it is asked again) shows
     * in place of the hint until the next key. */
    bool error = p->problem[0] || (a->msg[0] && a->msg_error);
    if (p->problem[0])
        fl_buf_puts(&b, p->problem);
    else if (a->msg[0])
        fl_buf_puts(&b, a->msg);
    else {
        if (c) {
            fl_buf_puts(&b, _("one of: "));
            for (char **i = c; *i; i++)
                fl_buf_printf(&b, "%s%s", i == c ? "" : ", ", *i);
            fl_buf_puts(&b, _(" (Tab: next)  "));
        }
        if (p->q[p->cur].optional)
            fl_buf_puts(&b, _("may be left empty  "));
        fl_buf_puts(&b, _("Enter: answer  Esc: cancel"));
    }
    fill_row(a, y - 1, TUI_S_NORMAL, false);
    put_cell(a, y - 1, 0, fl_buf_str(&b), COLS, false, error ? TUI_S_ERROR : TUI_S_LABEL, false);
    fl_buf_reset(&b);
    if (p->n > 1)
        fl_buf_printf(&b, "(%zu/%zu) ", p->cur + 1, p->n);
    /* TRANSLATORS: a question on the bottom line: its label, then the answer. */
    fl_buf_printf(&b, _("%s: "), p->q[p->cur].label);
    fill_row(a, y, TUI_S_NORMAL, false);
    int lw = put_cell(a, y, 0, fl_buf_str(&b), (int)fl_utf8_width(fl_buf_str(&b)) < COLS / 2
                                                    ? (int)fl_utf8_width(fl_buf_str(&b))
                                                    : COLS / 2,
                      false, TUI_S_LABEL, false);
    fl_buf_free(&b);
    /* Scroll the answer so that the cursor shows. */
    int avail = COLS - lw - 1;
    size_t start = 0, adv;
    int before = 0;
    for (size_t i = 0; i < p->pos; i += adv)
        before += fl_codepoint_width(fl_utf8_decode(p->text.data + i, p->pos - i, &adv));
    while (before > avail && start < p->pos) {
        before -= fl_codepoint_width(fl_utf8_decode(p->text.data + start, p->pos - start, &adv));
        start += adv;
    }
    put(a, y, lw, p->text.data ? p->text.data + start : "", p->text.len - start, avail,
        TUI_S_NORMAL, false);
    a->cursor_y = y;
    a->cursor_x = lw + before;
}

/* ---- layout ------------------------------------------------------------------------ */

static int body_top(const struct tui_view *v)
{
    return v->ops->kind == TUI_LIST && v->ops->ncolumns ? 2 : 1;
}

static int body_height(const struct tui_view *v)
{
    int h = LINES - body_top(v) - 1;
    return h < 1 ? 1 : h;
}

/* Columns needed by the shown columns at their preferred widths (growing
 * ones at their minimum), with one space between columns. */
static int columns_needed(const struct tui_column *c, size_t n, const bool *shown)
{
    int need = -1;
    for (size_t i = 0; i < n; i++)
        if (shown[i])
            need += 1 + (c[i].grow ? c[i].min : c[i].pref);
    return need;
}

static void drop_columns(const struct tui_column *c, size_t n, bool *shown, int width)
{
    while (columns_needed(c, n, shown) > width) {
        size_t worst = n;
        for (size_t i = 0; i < n; i++)
            if (shown[i] && c[i].drop > 0 && (worst == n || c[i].drop > c[worst].drop))
                worst = i;
        if (worst == n)
            return;
        shown[worst] = false;
    }
}

/* Take EXCESS columns from the widest-above-minimum columns, growing ones
 * first. */
static void shrink_columns(const struct tui_column *c, size_t n, int *w, int excess)
{
    for (int pass = 0; pass < 2 && excess > 0; pass++) {
        while (excess > 0) {
            size_t best = n;
            for (size_t i = 0; i < n; i++)
                if (w[i] > c[i].min && (pass == 1 || c[i].grow) &&
                    (best == n || w[i] - c[i].min > w[best] - c[best].min))
                    best = i;
            if (best == n)
                break;
            w[best]--;
            excess--;
        }
    }
}

static void grow_columns(const struct tui_column *c, size_t n, int *w, int spare)
{
    int weights = 0, given = 0;
    size_t last = n;
    for (size_t i = 0; i < n; i++)
        if (w[i] && c[i].grow)
            weights += c[i].grow, last = i;
    for (size_t i = 0; weights && i < n; i++)
        if (w[i] && c[i].grow) {
            int add = i == last ? spare - given : spare * c[i].grow / weights;
            w[i] += add;
            given += add;
        }
}

static void layout_columns(struct tui_view *v, int width)
{
    const struct tui_column *c = v->ops->columns;
    size_t n = v->ops->ncolumns < TUI_MAX_COLUMNS ? v->ops->ncolumns : TUI_MAX_COLUMNS;
    bool shown[TUI_MAX_COLUMNS];
    int total = -1;
    for (size_t i = 0; i < n; i++)
        shown[i] = true;
    drop_columns(c, n, shown, width);
    for (size_t i = 0; i < n; i++) {
        v->widths[i] = shown[i] ? c[i].pref : 0;
        total += shown[i] ? c[i].pref + 1 : 0;
    }
    if (total > width)
        shrink_columns(c, n, v->widths, total - width);
    else
        grow_columns(c, n, v->widths, width - total);
    for (size_t i = 0, x = 0; i < n; i++) {
        v->xs[i] = (int)x;
        x += v->widths[i] ? (size_t)v->widths[i] + 1 : 0;
    }
    v->layout_width = width;
}

/* Where to break a row of N bytes of S so that a run of ASCII (a word, a
 * number) is not cut: before the run, when it does not fill the row. */
static size_t word_break(const char *s, size_t n)
{
    if (s[n] == ' ' || (unsigned char)s[n] >= 0x80)
        return n;
    size_t k = n;
    while (k > 0 && (unsigned char)s[k - 1] < 0x80 && s[k - 1] != ' ')
        k--;
    return k > 0 ? k : n;
}

static bool add_wrap(struct tui_view *v, size_t *cap, struct tui_wrap w)
{
    if (v->nwrap == *cap) {
        size_t c = *cap ? *cap * 2 : 128;
        struct tui_wrap *p = realloc(v->wrap, c * sizeof *p);
        if (!p)
            return false;
        v->wrap = p;
        *cap = c;
    }
    v->wrap[v->nwrap++] = w;
    return true;
}

static bool wrap_line(struct tui_view *v, size_t li, int width, size_t *cap)
{
    const struct tui_line *l = &v->lines[li];
    size_t len = strlen(l->text), pos = 0;
    bool cont = false;
    do {
        int hang = cont && l->hang < width / 2 ? l->hang : 0, used;
        size_t n = fit(l->text + pos, len - pos, width - hang, &used);
        if (n == 0 && pos < len)
            fl_utf8_decode(l->text + pos, len - pos, &n); /* wider than the screen */
        else if (pos + n < len)
            n = word_break(l->text + pos, n);
        if (!add_wrap(v, cap, (struct tui_wrap){li, pos, pos + n, cont}))
            return false;
        pos += n;
        while (pos < len && l->text[pos] == ' ') /* the next row starts at a word */
            pos++;
        cont = true;
    } while (pos < len);
    return true;
}

/* Wrap a pager's lines to WIDTH (once per width and content). */
static void wrap_lines(struct tui_view *v, int width)
{
    if (v->wrap_width == width)
        return;
    size_t cap = 0;
    free(v->wrap);
    v->wrap = NULL;
    v->nwrap = 0;
    for (size_t i = 0; i < v->nlines; i++)
        if (!wrap_line(v, i, width, &cap)) {
            tui_message(v->app, true, "%s", _("out of memory"));
            break;
        }
    v->wrap_width = width;
}

/* ---- moving ----------------------------------------------------------------------- */

static int64_t rows_of(const struct tui_view *v)
{
    return v->ops->kind == TUI_PAGER ? (int64_t)v->nwrap : v->total;
}

static int64_t clamp64(int64_t x, int64_t lo, int64_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Keep TOP and SEL inside the rows, and SEL on the screen. */
static void clamp_view(struct tui_view *v)
{
    int64_t n = rows_of(v), h = body_height(v);
    int64_t max_top = n > h ? n - h : 0;
    v->top = clamp64(v->top, 0, max_top);
    if (v->ops->kind != TUI_LIST)
        return;
    v->sel = clamp64(v->sel, 0, n > 0 ? n - 1 : 0);
    if (v->sel < v->top)
        v->top = v->sel;
    if (v->sel >= v->top + h)
        v->top = v->sel - h + 1;
}

static void move_view(struct tui_view *v, enum tui_action act)
{
    int64_t h = body_height(v), n = rows_of(v);
    bool list = v->ops->kind == TUI_LIST;
    switch (act) {
    case TUI_A_MOVE_DOWN: list ? v->sel++ : v->top++; break;
    case TUI_A_MOVE_UP: list ? v->sel-- : v->top--; break;
    case TUI_A_PAGE_DOWN: v->top += h, v->sel += h; break;
    case TUI_A_PAGE_UP: v->top -= h, v->sel -= h; break;
    case TUI_A_FIRST: v->top = 0, v->sel = 0; break;
    case TUI_A_LAST: v->top = n, v->sel = n - 1; break;
    default: break;
    }
    if (list && (act == TUI_A_PAGE_DOWN || act == TUI_A_PAGE_UP)) {
        /* Move the page and keep the cursor's place on it. */
        int64_t off = v->sel - v->top;
        v->top = clamp64(v->top, 0, n > h ? n - h : 0);
        v->sel = v->top + off;
    }
    clamp_view(v);
}

/* ---- loading ------------------------------------------------------------------------ */

/* Make sure the rows on screen are loaded (lists from the database). */
static void load_rows(struct tui_view *v)
{
    int64_t h = body_height(v);
    for (int tries = 0; v->ops->fetch && tries < 2; tries++) {
        int64_t end = v->top + h < v->total ? v->top + h : v->total;
        if (!v->stale && v->top >= v->base && end <= v->base + (int64_t)v->nlines)
            return;
        struct fl_error err;
        clear_lines(v);
        v->base = v->top > h ? v->top - h : 0;
        v->stale = false;
        if (v->ops->fetch(v, v->base, 3 * h, &err) != FL_OK) {
            tui_message(v->app, true, "%s", err.msg);
            return;
        }
        clamp_view(v);
    }
}

/* ---- drawing ------------------------------------------------------------------------- */

static void draw_title(struct tui_app *a, struct tui_view *v)
{
    struct fl_buf right = FL_BUF_INIT;
    int64_t n = rows_of(v), h = body_height(v), first = v->top + 1;
    int64_t last = v->top + h < n ? v->top + h : n;
    const char *noun = v->ops->noun ? v->ops->noun : N_("lines");
    const char *one = v->ops->noun ? v->ops->noun_one : N_("line");
    /* The noun agrees with the count: "1 case", "2 cases". */
    noun = one ? ngettext(one, noun, (unsigned long)n) : _(noun);
    if (n == 0)
        /* TRANSLATORS: the title bar's count of rows: "0 cases". */
        fl_buf_printf(&right, _("%lld %s"), 0LL, noun);
    else if (last < n)
        /* TRANSLATORS: the title bar's count of rows: "47 cases; showing
         * 1–21, 26 more".  The noun (%s, after the count) is the rows' own
         * (cases, lines…); it may be used more than once (%2$s). */
        fl_buf_printf(&right, _("%lld %s; showing %lld–%lld, %lld more"), (long long)n, noun,
                      (long long)first, (long long)last, (long long)(n - last));
    else
        fl_buf_printf(&right, _("%lld %s; showing %lld–%lld"), (long long)n, noun,
                      (long long)first, (long long)last);
    fill_row(a, 0, TUI_S_TITLE, false);
    /* The counts before the title: rows are never out of sight unsaid. */
    int rw = (int)fl_utf8_width(fl_buf_str(&right));
    rw = rw < COLS ? rw : COLS;
    put_cell(a, 0, 0, v->title, COLS - rw - 2, false, TUI_S_TITLE, false);
    put(a, 0, COLS - rw, right.data, right.len, rw, TUI_S_TITLE, false);
    fl_buf_free(&right);
}

static void draw_headings(struct tui_app *a, struct tui_view *v)
{
    fill_row(a, 1, TUI_S_HEADING, false);
    for (size_t i = 0; i < v->ops->ncolumns && i < TUI_MAX_COLUMNS; i++)
        if (v->widths[i])
            put_cell(a, 1, v->xs[i], _(v->ops->columns[i].title), v->widths[i],
                     v->ops->columns[i].right, TUI_S_HEADING, false);
}

bool tui_column_shown(const struct tui_view *v, size_t col)
{
    return col < v->ops->ncolumns && col < TUI_MAX_COLUMNS && v->widths[col] > 0;
}

void tui_draw_cell(struct tui_view *v, int y, size_t col, const char *text, enum tui_style st,
                   bool selected)
{
    if (!tui_column_shown(v, col))
        return;
    int w = v->widths[col];
    if (v->xs[col] + w > COLS)
        w = COLS - v->xs[col];
    put_cell(v->app, y, v->xs[col], text, w, v->ops->columns[col].right, st, selected);
}

static void draw_list(struct tui_app *a, struct tui_view *v)
{
    int y0 = body_top(v), h = body_height(v);
    if (v->layout_width != COLS)
        layout_columns(v, COLS);
    draw_headings(a, v);
    for (int i = 0; i < h; i++) {
        int64_t row = v->top + i;
        if (row >= v->total || row < v->base || row >= v->base + (int64_t)v->nlines)
            break;
        bool sel = row == v->sel;
        fill_row(a, y0 + i, TUI_S_NORMAL, sel);
        v->ops->draw(v, &v->lines[row - v->base], y0 + i, sel);
    }
}

/* One wrapped row of a pager: the line's style, with its span. */
static void draw_wrapped(struct tui_app *a, const struct tui_view *v, const struct tui_wrap *w,
                         int y)
{
    const struct tui_line *l = &v->lines[w->line];
    size_t cut[4] = {w->start, w->end, w->end, w->end}; /* before, span, after */
    if (l->span_len) {
        cut[1] = clamp64((int64_t)l->span_start, (int64_t)w->start, (int64_t)w->end);
        cut[2] = clamp64((int64_t)(l->span_start + l->span_len), (int64_t)cut[1],
                         (int64_t)w->end);
    }
    int x = w->cont && l->hang < COLS / 2 ? l->hang : 0;
    for (int k = 0; k < 3; k++) {
        enum tui_style st = k == 1 ? l->span_style : l->style;
        x += put(a, y, x, l->text + cut[k], cut[k + 1] - cut[k], COLS - x, st,
                 false);
    }
}

static void draw_pager(struct tui_app *a, struct tui_view *v)
{
    int y0 = body_top(v), h = body_height(v);
    for (int i = 0; i < h && v->top + i < (int64_t)v->nwrap; i++)
        draw_wrapped(a, v, &v->wrap[v->top + i], y0 + i);
}

static void draw_status(struct tui_app *a, struct tui_view *v)
{
    struct fl_buf left = FL_BUF_INIT, right = FL_BUF_INIT;
    const struct tui_line *sel = tui_selected(v);
    if (a->msg[0])
        fl_buf_puts(&left, a->msg);
    else if (v->ops->select && sel)
        v->ops->select(v, sel, &left);
    struct fl_buf help = FL_BUF_INIT, back = FL_BUF_INIT;
    first_key(a, TUI_A_HELP, &help);
    first_key(a, TUI_A_BACK, &back);
    /* TRANSLATORS: the right of the status line: the help key, the back key. */
    if (a->depth > 1)
        fl_buf_printf(&right, _("%s help  %s back"), fl_buf_str(&help), fl_buf_str(&back));
    else
        fl_buf_printf(&right, _("%s help  %s quit"), fl_buf_str(&help), fl_buf_str(&back));
    fl_buf_free(&help);
    fl_buf_free(&back);
    int rw = (int)fl_utf8_width(fl_buf_str(&right));
    if (rw > COLS / 2)
        rw = 0;
    fill_row(a, LINES - 1, TUI_S_STATUS, false);
    put_cell(a, LINES - 1, 0, fl_buf_str(&left), COLS - rw - (rw ? 1 : 0), false,
             a->msg[0] && a->msg_error ? TUI_S_ERROR : TUI_S_STATUS, false);
    if (rw)
        put(a, LINES - 1, COLS - rw, right.data, right.len, rw, TUI_S_STATUS, false);
    fl_buf_free(&left);
    fl_buf_free(&right);
}

static void reload_view(struct tui_app *a, struct tui_view *v);

static void draw(struct tui_app *a)
{
    struct tui_view *v = a->views[a->depth - 1];
    if (v->changed && !a->prompt.active) {
        v->changed = false;
        reload_view(a, v);
    }
    a->cursor_y = -1;
    werase(stdscr);
    if (LINES < 5 || COLS < 20) {
        put_cell(a, 0, 0, _("terminal too small"), COLS, false, TUI_S_ERROR, false);
        wnoutrefresh(stdscr);
        doupdate();
        return;
    }
    if (v->ops->kind == TUI_LIST)
        load_rows(v);
    else
        wrap_lines(v, COLS);
    clamp_view(v);
    draw_title(a, v);
    if (v->ops->kind == TUI_LIST)
        draw_list(a, v);
    else
        draw_pager(a, v);
    if (v->total == 0 && v->ops->empty)
        put_cell(a, body_top(v), 0, _(v->ops->empty), COLS, false, TUI_S_DIM, false);
    if (a->prompt.active)
        draw_prompt(a);
    else
        draw_status(a, v);
    if (a->cursor_y >= 0)
        wmove(stdscr, a->cursor_y, a->cursor_x);
    curs_set(a->cursor_y >= 0 ? 1 : 0);
    wnoutrefresh(stdscr);
    doupdate();
}

/* ---- views ---------------------------------------------------------------------------- */

static void free_view(struct tui_view *v)
{
    if (!v)
        return;
    if (v->ops->close && v->priv)
        v->ops->close(v);
    clear_lines(v);
    free(v->lines);
    free(v->wrap);
    free(v->priv);
    free(v->arg);
    free(v);
}

static enum fl_status open_view(struct tui_app *a, const struct tui_view_ops *ops,
                                const char *arg, struct fl_error *err)
{
    if (a->depth == TUI_MAX_DEPTH)
        return fl_fail(err, FL_EINVAL, "%s", _("too many screens open: go back first"));
    struct tui_view *v = calloc(1, sizeof *v);
    if (v)
        *v = (struct tui_view){.ops = ops, .app = a, .env = a->env, .stale = true};
    if (!v || !(v->priv = calloc(1, ops->priv_size ? ops->priv_size : 1)) ||
        (arg && !(v->arg = strdup(arg)))) {
        free_view(v);
        return fl_fail(err, FL_ENOMEM, "%s", _("out of memory"));
    }
    enum fl_status st = ops->open ? ops->open(v, arg, err) : FL_OK;
    if (st != FL_OK) {
        free_view(v);
        return st;
    }
    a->views[a->depth++] = v;
    return FL_OK;
}

enum fl_status tui_open(struct tui_app *a, const struct tui_view_ops *ops, const char *arg)
{
    struct fl_error err;
    enum fl_status st = open_view(a, ops, arg, &err);
    if (st != FL_OK)
        tui_message(a, true, "%s", err.msg);
    return st;
}

static void pop_view(struct tui_app *a)
{
    free_view(a->views[--a->depth]);
    if (a->depth)
        a->views[a->depth - 1]->changed = true; /* what the other screen did shows */
}

void tui_reload(struct tui_view *v) { v->changed = true; }

enum fl_status tui_replace(struct tui_view *v, const struct tui_view_ops *ops, const char *arg)
{
    struct tui_app *a = v->app;
    if (a->depth == 0 || a->views[a->depth - 1] != v)
        return FL_EINVAL;
    /* Open the new view over V (the depth allows one more: V goes). */
    a->depth--;
    struct fl_error err;
    enum fl_status st = open_view(a, ops, arg, &err);
    if (st != FL_OK) {
        a->views[a->depth++] = v;
        tui_message(a, true, "%s", err.msg);
        return st;
    }
    free_view(v);
    return FL_OK;
}

void tui_move(struct tui_view *v, enum tui_action act) { move_view(v, act); }

bool tui_may_write(struct tui_view *v)
{
    if (v->env->role && v->env->role[0])
        return true;
    tui_message(v->app, true,
                _("read-only: %s is not a fenliu user; an admin adds you with "
                  "`fenliu user add %s --role clerk` (or judge, president)"),
                v->env->login, v->env->login);
    return false;
}

/* Another connection committed: every screen is read again before it is
 * next shown (a pager keeps its place; a list its page and cursor). */
static void check_changes(struct tui_app *a)
{
    int64_t dv = fl_db_data_version(a->env->db);
    if (dv == a->data_version)
        return;
    a->data_version = dv;
    for (size_t i = 0; i < a->depth; i++)
        a->views[i]->changed = true;
}

/* Read the view again: lists refetch, pagers open again. */
static void reload_view(struct tui_app *a, struct tui_view *v)
{
    if (v->ops->kind == TUI_LIST && v->ops->fetch) {
        v->stale = true;
        return;
    }
    struct fl_error err;
    if (v->ops->close)
        v->ops->close(v);
    clear_lines(v);
    memset(v->priv, 0, v->ops->priv_size ? v->ops->priv_size : 1);
    if (v->ops->open && v->ops->open(v, v->arg, &err) != FL_OK)
        tui_message(a, true, "%s", err.msg);
}

static void do_action(struct tui_app *a, enum tui_action act)
{
    struct tui_view *v = a->views[a->depth - 1];
    if (v->ops->request && v->ops->request(v, act) == TUI_HANDLED)
        return;
    switch (act) {
    case TUI_A_BACK: pop_view(a); break;
    case TUI_A_QUIT: a->quit = true; break;
    case TUI_A_HELP:
        if (v->ops != tui_help_view)
            tui_open(a, tui_help_view, NULL);
        break;
    case TUI_A_INTAKE: tui_open(a, tui_intake_view, NULL); break;
    case TUI_A_RELOAD: reload_view(a, v); break;
    case TUI_A_REDRAW: clearok(curscr, TRUE); break;
    case TUI_A_OPEN: tui_message(a, false, "%s", _("nothing to open here")); break;
    default: move_view(v, act); break;
    }
}

static void on_resize(struct tui_app *a)
{
    for (size_t i = 0; i < a->depth; i++) {
        a->views[i]->layout_width = 0;
        a->views[i]->wrap_width = 0;
    }
    /* Keep the line at the top of a pager there after rewrapping. */
    struct tui_view *v = a->views[a->depth - 1];
    size_t line = v->top < (int64_t)v->nwrap ? v->wrap[v->top].line : 0;
    if (v->ops->kind == TUI_PAGER) {
        wrap_lines(v, COLS);
        for (v->top = 0; v->top < (int64_t)v->nwrap && v->wrap[v->top].line < line; v->top++)
            ;
    }
}

static void handle_key(struct tui_app *a, tui_key key)
{
    a->msg[0] = '\0';
    if (key == TUI_KEY_RESIZE) {
        on_resize(a);
        return;
    }
    if (a->prompt.active) {
        prompt_key(a, key);
        return;
    }
    enum tui_action act;
    if (lookup_key(a, key, &act)) {
        do_action(a, act);
        return;
    }
    struct fl_buf k = FL_BUF_INIT, help = FL_BUF_INIT;
    tui_key_name(&k, key);
    first_key(a, TUI_A_HELP, &help);
    /* TRANSLATORS: %s: the key pressed, then the help key. */
    tui_message(a, false, _("%s does nothing here; %s lists the keys"), fl_buf_str(&k),
                fl_buf_str(&help));
    fl_buf_free(&k);
    fl_buf_free(&help);
}

/* ---- input: the terminal ---------------------------------------------------------------- */

static tui_key map_curses_key(int k)
{
    switch (k) {
    case KEY_UP: return TUI_KEY_UP;
    case KEY_DOWN: return TUI_KEY_DOWN;
    case KEY_LEFT: return TUI_KEY_LEFT;
    case KEY_RIGHT: return TUI_KEY_RIGHT;
    case KEY_PPAGE: return TUI_KEY_PGUP;
    case KEY_NPAGE: return TUI_KEY_PGDN;
    case KEY_HOME: return TUI_KEY_HOME;
    case KEY_END: return TUI_KEY_END;
    case KEY_BACKSPACE: return TUI_KEY_BACKSPACE;
    case KEY_ENTER: return '\n';
    case KEY_RESIZE: return TUI_KEY_RESIZE;
    default: return TUI_KEY_NONE;
    }
}

/* The next key, or TUI_KEY_NONE when none came within the quarter second
 * the terminal waits (wtimeout); *GONE set when the terminal is gone (end
 * of input, a hang-up). */
static tui_key read_key(struct tui_app *a, bool *gone)
{
    wint_t wc;
    errno = 0;
    int r = wget_wch(stdscr, &wc);
    if (r == ERR) {
        /* A timeout, or the end of the input: then the terminal says it
         * is readable (or hung up) and every read fails at once. */
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        bool eof = errno != EINTR && poll(&pfd, 1, 0) == 1;
        a->eof_reads = eof ? a->eof_reads + 1 : 0;
        *gone = (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) || a->eof_reads > 3;
        return TUI_KEY_NONE;
    }
    a->eof_reads = 0;
    if (r == KEY_CODE_YES)
        return map_curses_key((int)wc);
    if (wc == '\r')
        return '\n';
    if (wc == 0x7F || wc == 0x08)
        return TUI_KEY_BACKSPACE;
    return (tui_key)wc;
}

/* ---- input: a script (headless) ---------------------------------------------------------- */

enum step_kind { STEP_KEY, STEP_RESIZE, STEP_DUMP, STEP_DUMP_ATTRS, STEP_TYPE, STEP_END };

struct step {
    enum step_kind kind;
    tui_key key;
    int lines, cols;
    char name[96];
    char text[1024]; /* :type */
};

/* "LINE": WHY, at the script's current line. */
static enum fl_status script_fail(struct tui_app *a, struct fl_error *err, const char *line,
                                  const char *why)
{
    fl_fail(err, FL_EINVAL, "\"%s\": %s", line, why);
    snprintf(err->file, sizeof err->file, "%s", a->opt->script);
    err->line = a->script_line;
    return FL_EINVAL;
}

static bool dump_name_ok(const char *s)
{
    if (!*s || *s == '.' || strlen(s) >= 96)
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
           strlen(s);
}

static enum fl_status parse_command(struct tui_app *a, const char *line, struct step *s,
                                    struct fl_error *err)
{
    const char *arg = strchr(line, ' ');
    size_t n = arg ? (size_t)(arg - line) : strlen(line);
    if (n == 5 && memcmp(line, ":type", 5) == 0) {
        s->kind = STEP_TYPE;
        if (!arg || strlen(arg + 1) >= sizeof s->text)
            return script_fail(a, err, line, ":type needs TEXT (under 1024 bytes) after a space");
        snprintf(s->text, sizeof s->text, "%s", arg + 1);
        return FL_OK;
    }
    if (n == 5 && memcmp(line, ":dump", 5) == 0)
        s->kind = STEP_DUMP;
    else if (n == 11 && memcmp(line, ":dump-attrs", 11) == 0)
        s->kind = STEP_DUMP_ATTRS;
    else
        return script_fail(a, err, line,
                           "not a command (:dump NAME, :dump-attrs NAME, :type TEXT)");
    arg = arg ? arg + strspn(arg, " ") : "";
    if (!dump_name_ok(arg))
        return script_fail(a, err, line, "a dump needs a NAME of letters, digits, '.', '_', '-'");
    snprintf(s->name, sizeof s->name, "%s", arg);
    return FL_OK;
}

static enum fl_status parse_step(struct tui_app *a, const char *line, struct step *s,
                                 struct fl_error *err)
{
    size_t len = strlen(line);
    int lines, cols, end = 0;
    if (len > 1 && line[0] == ':')
        return parse_command(a, line, s, err);
    if (sscanf(line, "<Resize %dx%d>%n", &cols, &lines, &end) == 2 && (size_t)end == len) {
        if (cols < 1 || lines < 1 || cols > 1000 || lines > 1000)
            return script_fail(a, err, line, "a size from 1x1 to 1000x1000, as <Resize 60x20>");
        *s = (struct step){.kind = STEP_RESIZE, .lines = lines, .cols = cols};
        return FL_OK;
    }
    s->kind = STEP_KEY;
    s->key = tui_key_parse(line, len);
    if (s->key == TUI_KEY_NONE || s->key == TUI_KEY_RESIZE)
        return script_fail(a, err, line, "not a key (one character, or a name such as <Enter>, "
                                         "<Down>, <PgDn>, <Resize 60x20>)");
    return FL_OK;
}

/* The next step of the script; blank lines and "#…" comments skipped. */
static enum fl_status script_next(struct tui_app *a, struct step *s, struct fl_error *err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    enum fl_status st = FL_OK;
    s->kind = STEP_END;
    while ((n = getline(&line, &cap, a->script)) >= 0) {
        a->script_line++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || (n > 1 && line[0] == '#'))
            continue;
        st = parse_step(a, line, s, err);
        break;
    }
    if (n < 0 && ferror(a->script))
        st = fl_fail(err, FL_EIO, "%s: cannot read the script", a->opt->script);
    free(line);
    return st;
}

/* ---- dumps -------------------------------------------------------------------------------- */

static void row_text(struct fl_buf *b, int y)
{
    size_t cap = (size_t)COLS * 6 + 1;
    wchar_t *w = calloc(cap, sizeof *w);
    if (!w) {
        b->failed = true;
        return;
    }
    int n = mvwinnwstr(stdscr, y, 0, w, (int)cap - 1);
    for (int i = 0; i < n && w[i]; i++)
        put_utf8(b, (uint32_t)w[i]);
    free(w);
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

/* One character per column: '.' plain, '*' bold, '_' underlined, '!' bold
 * and underlined, '#' reverse, '%' bold and reverse; a colour's letter
 * (krgybmcw: black red green yellow blue magenta cyan white) for a
 * coloured foreground, upper case when reversed. */
static char attr_letter(attr_t at, short pair)
{
    short fg = -1, bg = -1;
    if (pair > 0)
        pair_content(pair, &fg, &bg);
    bool rev = at & A_REVERSE, bold = at & A_BOLD, ul = at & A_UNDERLINE;
    if (fg >= 0 && fg < 8)
        return rev ? "KRGYBMCW"[fg] : "krgybmcw"[fg];
    if (rev)
        return bold ? '%' : '#';
    return bold && ul ? '!' : bold ? '*' : ul ? '_' : '.';
}

static void row_attrs(struct fl_buf *b, int y)
{
    for (int x = 0; x < COLS; x++) {
        cchar_t cc;
        wchar_t wch[CCHARW_MAX + 1];
        attr_t at = 0;
        short pair = 0;
        if (mvwin_wch(stdscr, y, x, &cc) == ERR || getcchar(&cc, wch, &at, &pair, NULL) == ERR)
            at = 0, pair = 0;
        fl_buf_putc(b, attr_letter(at, pair));
    }
    while (b->len && b->data[b->len - 1] == '.')
        b->data[--b->len] = '\0';
}

static enum fl_status dump_screen(struct tui_app *a, const char *name, bool attrs,
                                  struct fl_error *err)
{
    struct fl_buf b = FL_BUF_INIT;
    for (int y = 0; y < LINES; y++) {
        struct fl_buf row = FL_BUF_INIT;
        attrs ? row_attrs(&row, y) : row_text(&row, y);
        fl_buf_append(&b, fl_buf_str(&row), row.len);
        fl_buf_putc(&b, '\n');
        b.failed |= row.failed;
        fl_buf_free(&row);
    }
    char *path = NULL;
    FILE *f = NULL;
    enum fl_status st = FL_OK;
    if (b.failed || asprintf(&path, "%s/%s.txt", a->opt->dump_dir, name) < 0)
        st = fl_fail(err, FL_ENOMEM, "out of memory");
    else if (!(f = fopen(path, "w")) || fwrite(b.data, 1, b.len, f) != b.len)
        st = fl_fail(err, FL_EIO, "%s: cannot write the dump", path);
    if (f && fclose(f) != 0 && st == FL_OK)
        st = fl_fail(err, FL_EIO, "%s: cannot write the dump", path);
    free(path);
    fl_buf_free(&b);
    return st;
}

/* ---- running -------------------------------------------------------------------------------- */

static void init_colors(struct tui_app *a)
{
    a->colors = !a->opt->monochrome && has_colors() && start_color() == OK &&
                COLOR_PAIRS > TUI_NSTYLES;
    if (!a->colors)
        return;
    bool dflt = use_default_colors() == OK;
    for (int s = 0; s < TUI_NSTYLES; s++) {
        short fg = style_defs[s].fg, bg = style_defs[s].bg;
        if (!dflt) {
            fg = fg < 0 ? COLOR_WHITE : fg;
            bg = bg < 0 ? COLOR_BLACK : bg;
        }
        init_pair((short)(s + 1), fg, bg);
    }
}

static enum fl_status start_terminal(struct tui_app *a, struct fl_error *err)
{
    const char *term = NULL;
    if (a->opt->script) {
        if (!(a->script = fopen(a->opt->script, "r")))
            return fl_fail(err, FL_EIO, "%s: cannot read the script", a->opt->script);
        a->out = fopen("/dev/null", "w");
        a->in = fopen("/dev/null", "r");
        if (!a->out || !a->in)
            return fl_fail(err, FL_EIO, "/dev/null: cannot open");
        term = getenv("TERM") && *getenv("TERM") ? NULL : "dumb";
    }
    a->screen = newterm(term, a->out ? a->out : stdout, a->in ? a->in : stdin);
    if (!a->screen)
        return fl_fail(err, FL_EIO, "cannot use the terminal (TERM=%s)",
                       getenv("TERM") ? getenv("TERM") : "");
    const char *cs = nl_langinfo(CODESET);
    a->utf8 = cs && strcmp(cs, "UTF-8") == 0;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    if (!a->script)
        wtimeout(stdscr, 250); /* then look for others' changes */
    init_colors(a);
    return FL_OK;
}

static void stop_terminal(struct tui_app *a)
{
    while (a->depth)
        free_view(a->views[--a->depth]);
    if (a->screen) {
        endwin();
        delscreen(a->screen);
    }
    if (a->script)
        fclose(a->script);
    if (a->out)
        fclose(a->out);
    if (a->in)
        fclose(a->in);
    fl_buf_free(&a->tmp);
    fl_buf_free(&a->cell);
}

/* While the terminal waits for a key: index the words of a few cases
 * ingest left unindexed (fl_db_index_words; a search checks them one by
 * one until then), never waiting for another connection's write. */
static void index_words(struct tui_app *a)
{
    if (a->index_off)
        return;
    int64_t n;
    struct fl_error err;
    enum fl_status st = fl_db_index_words(a->env->db, 500, false, &n, &err);
    if (st != FL_OK && st != FL_EBUSY)
        a->index_off = true; /* a read-only file: searching still works */
}

/* One step of the loop: a key from the terminal, or a script step.
 * *DRAW is set when the screen needs drawing after it; NAME gets what the
 * step was (for the timings). */
static enum fl_status step(struct tui_app *a, bool *draw_after, struct fl_buf *name,
                           struct fl_error *err)
{
    *draw_after = true;
    if (!a->script) {
        bool gone = false;
        tui_key k = read_key(a, &gone);
        int64_t before = a->data_version;
        check_changes(a);
        if (k != TUI_KEY_NONE) {
            tui_key_name(name, k);
            handle_key(a, k);
        } else {
            *draw_after = a->data_version != before;
            index_words(a);
        }
        a->quit |= gone;
        return FL_OK;
    }
    struct step s;
    enum fl_status st = script_next(a, &s, err);
    if (st != FL_OK)
        return st;
    check_changes(a);
    switch (s.kind) {
    case STEP_END: a->quit = true; break;
    case STEP_KEY:
        tui_key_name(name, s.key);
        handle_key(a, s.key);
        break;
    case STEP_TYPE: {
        size_t adv;
        fl_buf_printf(name, ":type %s", s.text);
        for (size_t i = 0; s.text[i] && !a->quit && a->depth; i += adv)
            handle_key(a, (tui_key)fl_utf8_decode(s.text + i, strlen(s.text + i), &adv));
        break;
    }
    case STEP_RESIZE:
        fl_buf_printf(name, "<Resize %dx%d>", s.cols, s.lines);
        resizeterm(s.lines, s.cols);
        handle_key(a, TUI_KEY_RESIZE);
        break;
    case STEP_DUMP:
    case STEP_DUMP_ATTRS:
        *draw_after = false;
        return dump_screen(a, s.name, s.kind == STEP_DUMP_ATTRS, err);
    }
    return FL_OK;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* One line of the timings file: what happened and how long it and the
 * drawing after it took. */
static void log_timing(struct tui_app *a, const char *what, double since)
{
    if (a->timings)
        fprintf(a->timings, "%s\t%.2f\n", what, now_ms() - since);
}

enum fl_status tui_run(const struct tui_env *env, const struct tui_options *opt,
                       struct fl_error *err)
{
    struct tui_app a = {.env = env, .opt = opt, .tmp = FL_BUF_INIT, .cell = FL_BUF_INIT};
    enum fl_status st = bind_defaults(&a, err);
    if (st == FL_OK && opt->timings && !(a.timings = fopen(opt->timings, "a")))
        st = fl_fail(err, FL_EIO, "%s: cannot write the timings", opt->timings);
    if (st == FL_OK)
        st = start_terminal(&a, err);
    double t0 = now_ms();
    a.data_version = fl_db_data_version(env->db);
    if (st == FL_OK)
        st = open_view(&a, opt->home, NULL, err);
    /* Not translated: without UTF-8 the labels are English (main.c). */
    if (st == FL_OK && !a.utf8)
        tui_message(&a, true, "the locale is not UTF-8 (set LANG=C.UTF-8 or zh_CN.UTF-8): "
                              "Chinese text shows as ?");
    else if (st == FL_OK && !(env->role && env->role[0]))
        tui_message(&a, false,
                    _("read-only: %s is not a fenliu user (an admin adds you with `fenliu user "
                      "add %s --role clerk`)"),
                    env->login ? env->login : _("this login"), env->login ? env->login : "LOGIN");
    if (st == FL_OK) {
        draw(&a);
        log_timing(&a, "open", t0);
    }
    struct fl_buf name = FL_BUF_INIT;
    while (st == FL_OK && !a.quit && a.depth > 0) {
        bool draw_after;
        fl_buf_reset(&name);
        t0 = now_ms();
        st = step(&a, &draw_after, &name, err);
        if (st != FL_OK || a.quit || a.depth == 0)
            break;
        if (draw_after) {
            draw(&a);
            if (name.len)
                log_timing(&a, fl_buf_str(&name), t0);
        }
    }
    fl_buf_free(&name);
    prompt_clear(&a.prompt);
    stop_terminal(&a);
    if (a.timings && fclose(a.timings) != 0 && st == FL_OK)
        st = fl_fail(err, FL_EIO, "%s: cannot write the timings", opt->timings);
    return st;
}
