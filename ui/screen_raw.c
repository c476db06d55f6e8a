/* Raw XML, as it was received: a stored filing's bytes (ARG "filing:ID"),
 * or a rejected filing's or document's (ARG "rejection:N") with its
 * reasons and the lines around each error, the error lines marked and a
 * caret under the column.  The bytes are decoded from their encoding
 * (UTF-8, GB18030…) for display and sanitized; lines are numbered as in
 * the document they came in.  Of a large rejected filing the database
 * keeps only the lines around its errors (excerpt.h), and shows those.  A
 * rejection whose bytes could not be cut out (a document that was not
 * well-formed before its first filing) is shown from its file when that
 * can still be read, where it was or in the spool's rejected/ folder: the
 * lines around the errors, never the whole file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <unistd.h>

#include "excerpt.h"
#include "i18n.h"
#include "intake.h"
#include "prolog.h"
#include "recode.h"
#include "utf8.h"

#define CONTEXT 8 /* lines shown before and after an error line */
#define TAB 8
#define MAX_MARKS 64

/* The text to show: decoded, split into lines. */
struct text {
    struct fl_buf utf8;
    const char **lines; /* into utf8 (its newlines made NULs) */
    size_t *lens;
    size_t n;
    long first_line, first_col; /* where the first byte was in the document */
};

static void text_free(struct text *t)
{
    fl_buf_free(&t->utf8);
    free(t->lines);
    free(t->lens);
}

/* Decode RAW (LEN bytes in ENCODING) into T; *BAD gets the bytes that
 * could not be read. */
static enum fl_status text_load(struct text *t, const void *raw, size_t len, const char *encoding,
                                size_t *bad, struct fl_error *err)
{
    enum fl_status st = fl_recode_utf8(&t->utf8, encoding, raw, len, bad, err);
    if (st == FL_EINVAL) { /* an encoding this system does not know: the bytes as they are */
        st = fl_recode_utf8(&t->utf8, "UTF-8", raw, len, bad, err);
    }
    if (st != FL_OK)
        return st;
    size_t cap = 1;
    for (size_t i = 0; i < t->utf8.len; i++)
        cap += t->utf8.data[i] == '\n';
    t->lines = calloc(cap, sizeof *t->lines);
    t->lens = calloc(cap, sizeof *t->lens);
    if (!t->lines || !t->lens)
        return fl_fail(err, FL_ENOMEM, "%s", _("out of memory"));
    const char *p = fl_buf_str(&t->utf8), *end = p + t->utf8.len;
    while (p < end || t->n == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        t->lines[t->n] = p;
        t->lens[t->n++] = n;
        p += n + (nl ? 1 : 0);
        if (!nl)
            break;
    }
    return FL_OK;
}

/* Line I of T made safe to draw: tabs expanded, CR dropped, controls
 * shown as ^X.  *MARK_COL (when not NULL) gets the screen column where
 * character MARK_CHAR (0-based) starts. */
static void expand(const struct text *t, size_t i, long mark_char, struct fl_buf *out,
                   int *mark_col)
{
    const char *s = t->lines[i];
    size_t len = t->lens[i], adv;
    int col = 0;
    long ch = 0;
    if (mark_col)
        *mark_col = -1;
    for (size_t k = 0; k < len; k += adv, ch++) {
        uint32_t cp = fl_utf8_decode(s + k, len - k, &adv);
        if (mark_col && ch == mark_char)
            *mark_col = col;
        if (cp == '\r')
            continue;
        if (cp == '\t') {
            do
                fl_buf_putc(out, ' ');
            while (++col % TAB);
            continue;
        }
        if (fl_codepoint_harmless(cp)) {
            fl_buf_append(out, s + k, adv);
            col += fl_codepoint_width(cp);
            continue;
        }
        struct fl_buf one = FL_BUF_INIT; /* ^X, <U+202E>: as the engine shows it */
        char c[5] = {0};
        memcpy(c, s + k, adv);
        fl_utf8_sanitize(&one, c, 0);
        fl_buf_puts(out, fl_buf_str(&one));
        col += (int)fl_utf8_width(fl_buf_str(&one));
        fl_buf_free(&one);
    }
    if (mark_col && *mark_col < 0)
        *mark_col = col;
}

/* The document line number of line I of T. */
static long doc_line(const struct text *t, size_t i) { return t->first_line + (long)i; }

static int gutter_width(const struct text *t)
{
    char n[24];
    return snprintf(n, sizeof n, "%ld", doc_line(t, t->n ? t->n - 1 : 0));
}

/* One line of text, numbered; MARKED lines in the error style, with a
 * caret under COLUMN (a document column; 0: none). */
static void text_line(struct tui_view *v, const struct text *t, size_t i, bool marked, long column)
{
    struct fl_buf b = FL_BUF_INIT;
    int gw = gutter_width(t), caret = -1;
    long start = i == 0 ? t->first_col : 1; /* the first line starts where the filing did */
    expand(t, i, column > 0 ? column - start : -1, &b, marked && column > 0 ? &caret : NULL);
    tui_add_linef(v, marked ? TUI_S_ERROR : TUI_S_NORMAL, gw + 4, "%c %*ld  %s",
                  marked ? '>' : ' ', gw, doc_line(t, i), fl_buf_str(&b));
    if (marked && caret >= 0)
        tui_add_linef(v, TUI_S_ERROR, 0, "%*s^", gw + 4 + caret, "");
    fl_buf_free(&b);
}

/* ---- a stored filing ------------------------------------------------------------------ */

static enum fl_status open_filing(struct tui_view *v, const char *id, struct fl_error *err)
{
    struct fl_case *c;
    enum fl_status st = fl_db_load_case(v->env->db, id, &c, err);
    if (st != FL_OK)
        return st;
    const struct fl_filing *f = c->filing;
    struct text t = {.first_line = c->line > 0 ? c->line : 1, .first_col = 1};
    size_t bad = 0;
    st = text_load(&t, f->raw, f->raw_len, f->encoding, &bad, err);
    snprintf(v->title, sizeof v->title, _("Raw XML of %s"), f->id);
    if (st == FL_OK) {
        tui_add_linef(v, TUI_S_DIM, 2,
                      _("As received in %s, from line %ld: %zu bytes in %s, shown as UTF-8."),
                      c->source, t.first_line, f->raw_len, f->encoding ? f->encoding : "UTF-8");
        if (bad)
            tui_add_linef(v, TUI_S_ERROR, 2,
                          ngettext("%zu byte is not valid %s and shows as U+FFFD.",
                                   "%zu bytes are not valid %s and show as U+FFFD.", bad),
                          bad, f->encoding ? f->encoding : "UTF-8");
        tui_add_line(v, TUI_S_NORMAL, 0, "");
        for (size_t i = 0; i < t.n; i++)
            text_line(v, &t, i, false, 0);
    }
    text_free(&t);
    fl_case_free(c);
    return st;
}

/* ---- a rejection ----------------------------------------------------------------------- */

struct rejection {
    int64_t id, run_id;
    long line, column;
    char *source, *filing_id, *reasons, *at, *encoding;
    unsigned char *raw;
    size_t raw_len;
    long raw_line;     /* an excerpt from this line (0: the whole filing) */
    int64_t raw_total; /* of how many bytes */
    bool failed;
};

static char *dup_or_null(const char *s, bool *failed)
{
    char *p = s ? strdup(s) : NULL;
    *failed |= s && !p;
    return p;
}

static int copy_rejection(void *ctx, const struct fl_rejection_row *r)
{
    struct rejection *j = ctx;
    j->id = r->id;
    j->run_id = r->run_id;
    j->line = r->line;
    j->column = r->column;
    j->source = dup_or_null(r->source, &j->failed);
    j->filing_id = dup_or_null(r->filing_id, &j->failed);
    j->reasons = dup_or_null(r->reasons, &j->failed);
    j->at = dup_or_null(r->at, &j->failed);
    j->encoding = dup_or_null(r->encoding, &j->failed);
    if (r->raw) {
        j->raw = malloc(r->raw_len ? r->raw_len : 1);
        j->failed |= !j->raw;
        if (j->raw && r->raw_len)
            memcpy(j->raw, r->raw, r->raw_len);
        j->raw_len = r->raw_len;
    }
    j->raw_line = r->raw_line;
    j->raw_total = r->raw_total;
    return 0;
}

static void rejection_free(struct rejection *j)
{
    free(j->source);
    free(j->filing_id);
    free(j->reasons);
    free(j->at);
    free(j->encoding);
    free(j->raw);
}

/* An excerpt (excerpt.h) of the document's file around lines FIRST..LAST,
 * where it was or in the spool's rejected/ folder: never the whole, which
 * may be gigabytes.  USED gets the path read, *LINE the excerpt's first. */
static bool read_source(const char *source, long first, long last, struct fl_buf *b, char *used,
                        size_t size, long *line)
{
    if (!source || !*source)
        return false;
    const char *slash = strrchr(source, '/');
    for (int i = 0; i < 2; i++) {
        if (i == 0)
            snprintf(used, size, "%s", source);
        else if (slash)
            snprintf(used, size, "%.*s/rejected/%s", (int)(slash - source), source, slash + 1);
        else
            snprintf(used, size, "rejected/%s", source);
        if (fl_excerpt_read_file(used, first, last, FL_EXCERPT_MAX, b, line, NULL) == FL_OK)
            return true;
        fl_buf_reset(b);
    }
    return false;
}

struct marks {
    long line[MAX_MARKS], column[MAX_MARKS];
    size_t n;
};

/* The error at document line L, if any: its column (0: none), else -1. */
static long mark_at(const struct marks *m, long l)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->line[i] == l)
            return m->column[i];
    return -1;
}

static void add_reasons(struct tui_view *v, const struct rejection *j, struct marks *m)
{
    tui_add_line(v, TUI_S_SECTION, 0, _("Reasons"));
    for (const char *p = j->reasons ? j->reasons : ""; *p;) {
        size_t n = strcspn(p, "\n");
        long line = 0, col = 0;
        if (sscanf(p, "%ld:%ld:", &line, &col) == 2 && line > 0 && m->n < MAX_MARKS &&
            mark_at(m, line) < 0) {
            m->line[m->n] = line;
            m->column[m->n++] = col;
        }
        tui_add_linef(v, TUI_S_ERROR, 4, "  %.*s", (int)n, p);
        p += n + (p[n] ? 1 : 0);
    }
}

/* The lines of T within CONTEXT of an error, "…" between the pieces. */
static void add_around(struct tui_view *v, const struct text *t, const struct marks *m)
{
    bool *show = calloc(t->n ? t->n : 1, sizeof *show);
    size_t shown = 0;
    if (!show) {
        tui_message(v->app, true, "%s", _("out of memory"));
        return;
    }
    for (size_t k = 0; k < m->n; k++) {
        long i = m->line[k] - t->first_line;
        for (long d = -CONTEXT; d <= CONTEXT; d++)
            if (i + d >= 0 && i + d < (long)t->n)
                show[i + d] = true;
    }
    for (size_t i = 0; i < t->n; i++)
        shown += show[i];
    if (shown == 0) /* no error falls in these bytes: all of them */
        for (size_t i = 0; i < t->n; i++)
            show[i] = true;
    for (size_t i = 0; i < t->n; i++) {
        if (!show[i])
            continue;
        if (i > 0 && !show[i - 1])
            tui_add_line(v, TUI_S_DIM, 0, "  …");
        long col = mark_at(m, doc_line(t, i));
        text_line(v, t, i, col >= 0, col);
    }
    if (shown && !show[t->n - 1])
        tui_add_line(v, TUI_S_DIM, 0, "  …");
    free(show);
}

static enum fl_status open_rejection(struct tui_view *v, int64_t id, struct fl_error *err)
{
    struct rejection j = {0};
    enum fl_status st = fl_db_rejection(v->env->db, id, copy_rejection, &j, err);
    if (st == FL_OK && j.failed)
        st = fl_fail(err, FL_ENOMEM, "%s", _("out of memory"));
    if (st != FL_OK) {
        rejection_free(&j);
        return st;
    }
    char at[17], used[1024] = "";
    intake_short_time(j.at, at);
    snprintf(v->title, sizeof v->title, _("Rejected: %s"),
             j.filing_id ? j.filing_id : _("a document"));
    if (j.filing_id)
        tui_add_linef(v, TUI_S_NORMAL, 2, _("%s, from line %ld of %s, rejected %s in run %lld"),
                      j.filing_id, j.line, j.source ? j.source : "?", at, (long long)j.run_id);
    else
        tui_add_linef(v, TUI_S_NORMAL, 2, _("%s, rejected %s in run %lld"),
                      j.source ? j.source : "?", at, (long long)j.run_id);
    struct marks m = {.n = 0};
    add_reasons(v, &j, &m);
    tui_add_line(v, TUI_S_NORMAL, 0, "");
    struct text t = {.first_line = j.line > 0 ? j.line : 1, .first_col = j.column > 0 ? j.column : 1};
    struct fl_buf file = FL_BUF_INIT;
    size_t bad = 0;
    const char *encoding = j.encoding;
    char declared[64];
    long first = m.n ? m.line[0] : 1, last = first, from = 1;
    for (size_t i = 0; i < m.n; i++)
        last = m.line[i] > last ? m.line[i] : last;
    if (j.raw && j.raw_line > 0) {
        t.first_line = j.raw_line;
        t.first_col = 1;
        st = text_load(&t, j.raw, j.raw_len, encoding, &bad, err);
        tui_add_linef(v, TUI_S_SECTION, 0,
                      _("The filing as received (%s), the lines around the errors: %zu of its "
                        "%lld bytes (the whole file is in the spool's rejected/ folder)"),
                      encoding ? encoding : _("encoding not recorded"), j.raw_len,
                      (long long)j.raw_total);
    } else if (j.raw) {
        st = text_load(&t, j.raw, j.raw_len, encoding, &bad, err);
        tui_add_linef(v, TUI_S_SECTION, 0, _("The filing as received (%s), around the errors"),
                      encoding ? encoding : _("encoding not recorded"));
    } else if (read_source(j.source, first, last, &file, used, sizeof used, &from)) {
        char head[FL_PROLOG_BYTES];
        size_t hn = 0;
        int fd = open(used, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd >= 0) {
            ssize_t r = read(fd, head, sizeof head);
            hn = r > 0 ? (size_t)r : 0;
            close(fd);
        }
        /* The encoding it declares, even one ingest refused, to show it in. */
        struct fl_prolog pr;
        char why[400];
        size_t where;
        fl_prolog_read((const unsigned char *)head, hn, &pr, why, sizeof why, &where);
        snprintf(declared, sizeof declared, "%s", pr.named[0] ? pr.named : pr.encoding);
        encoding = declared;
        t.first_line = from;
        t.first_col = 1;
        st = text_load(&t, file.data, file.len, encoding, &bad, err);
        tui_add_linef(v, TUI_S_SECTION, 0, _("The document around the errors, from %s as it is "
                                             "now (%s; the database keeps no bytes of it)"),
                      used, encoding);
    } else {
        tui_add_linef(v, TUI_S_DIM, 2,
                      _("The database keeps no bytes of this document (it was not read as far as "
                        "a whole filing), and %s cannot be read now."),
                      j.source ? j.source : "?");
    }
    if (st == FL_OK && t.lines) {
        if (bad)
            tui_add_linef(v, TUI_S_ERROR, 2,
                          ngettext("%zu byte is not valid %s and shows as U+FFFD.",
                                   "%zu bytes are not valid %s and show as U+FFFD.", bad),
                          bad, encoding ? encoding : "UTF-8");
        add_around(v, &t, &m);
    }
    text_free(&t);
    fl_buf_free(&file);
    rejection_free(&j);
    return st;
}

static enum fl_status raw_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    if (arg && strncmp(arg, "filing:", 7) == 0)
        return open_filing(v, arg + 7, err);
    if (arg && strncmp(arg, "rejection:", 10) == 0)
        return open_rejection(v, strtoll(arg + 10, NULL, 10), err);
    return fl_fail(err, FL_EINVAL, _("raw XML of what? \"%s\""), arg ? arg : "");
}

static const struct tui_view_ops raw_ops = {
    .name = "raw",
    .kind = TUI_PAGER,
    .noun = N_("lines"),
    .noun_one = N_("line"),
    .open = raw_open,
};

TUI_DEFINE_VIEW(raw, raw_ops);
