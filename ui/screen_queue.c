/* The queue (the home screen): the open cases, most urgent first (the
 * earliest due date of a case's open clocks, from the status rows the
 * engine keeps; cases without a limit last), a screenful at a time from
 * the database, coloured by its most pressing clock.  The clocks of the
 * rows on screen are replayed from their events for days left and level. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"
#include "tui.h"

enum { COL_CASE, COL_FILING, COL_CAUSE, COL_PARTIES, COL_TRACK, COL_LEFT, COL_STATE, COL_JUDGE };

/* Narrow screens drop JUDGE, then STATE, LEFT, FILING (the CASE column
 * then shows the filing id of a case not yet accepted) and CAUSE. */
static const struct tui_column columns[] = {
    [COL_CASE] = {.title = "CASE", .min = 12, .pref = 20},
    [COL_FILING] = {.title = "FILING", .min = 10, .pref = 15, .drop = 2},
    [COL_CAUSE] = {.title = "CAUSE", .min = 10, .pref = 12, .grow = 1, .drop = 1},
    [COL_PARTIES] = {.title = "PARTIES", .min = 12, .pref = 16, .grow = 3},
    [COL_TRACK] = {.title = "TRACK", .min = 9, .pref = 15},
    [COL_LEFT] = {.title = "LEFT", .min = 5, .pref = 5, .drop = 3, .right = true},
    [COL_STATE] = {.title = "STATE", .min = 8, .pref = 10, .drop = 4},
    [COL_JUDGE] = {.title = "JUDGE", .min = 8, .pref = 10, .drop = 5},
};

enum { Q_CASE, Q_FILING, Q_CAUSE, Q_PARTIES, Q_TRACK, Q_PROCEDURE, Q_NSTR };

/* One row: the case as listed, and its state and most pressing clock. */
struct qrow {
    const char *s[Q_NSTR]; /* into buf; NULL when absent */
    char state[24], judge[64], procedure[24], clock[24];
    bool has_life, has_clock, unknown_period, paused;
    int left;
    fl_date due;
    enum fl_level level;
    char buf[];
};

static struct qrow *qrow_alloc(const struct fl_case_row *r)
{
    struct fl_buf parties = FL_BUF_INIT;
    if (r->first_plaintiff)
        fl_buf_puts(&parties, r->first_plaintiff);
    if (r->first_plaintiff && r->first_defendant)
        fl_buf_puts(&parties, " v. ");
    if (r->first_defendant)
        fl_buf_puts(&parties, r->first_defendant);
    const char *src[Q_NSTR] = {r->case_no, r->filing_id, r->cause, parties.len ? parties.data : NULL,
                               r->track, r->procedure};
    size_t size = sizeof(struct qrow);
    for (int i = 0; i < Q_NSTR; i++)
        size += src[i] ? strlen(src[i]) + 1 : 0;
    struct qrow *q = parties.failed ? NULL : calloc(1, size);
    char *p = q ? q->buf : NULL;
    for (int i = 0; q && i < Q_NSTR; i++) {
        if (!src[i])
            continue;
        size_t n = strlen(src[i]) + 1;
        q->s[i] = memcpy(p, src[i], n);
        p += n;
    }
    fl_buf_free(&parties);
    return q;
}

/* The clock that is due soonest (a clock without a due date never is). */
static void pick_clock(struct qrow *q, const struct fl_clock *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (k[i].unknown_period) {
            q->unknown_period = true;
            snprintf(q->clock, sizeof q->clock, "%s", k[i].name);
            continue;
        }
        if (k[i].level == FL_LEVEL_NONE || (q->has_clock && k[i].left >= q->left))
            continue;
        q->has_clock = true;
        q->left = k[i].left;
        q->due = k[i].due;
        q->level = k[i].level;
        q->paused = k[i].paused;
        snprintf(q->clock, sizeof q->clock, "%s", k[i].name);
    }
}

static void qrow_life(const struct tui_env *env, struct qrow *q)
{
    struct fl_case_life c = {0};
    struct fl_error err;
    if (fl_db_case_life(env->db, q->s[Q_FILING], &c, &err) == FL_OK) {
        struct fl_life life;
        fl_life_replay(&life, c.received, c.procedure, c.foreign, c.events, c.nevents);
        q->has_life = true;
        snprintf(q->state, sizeof q->state, "%s", fl_state_name(life.state));
        snprintf(q->judge, sizeof q->judge, "%s", life.judge);
        snprintf(q->procedure, sizeof q->procedure, "%s", life.procedure);
        struct fl_clock k[FL_MAX_CLOCKS];
        pick_clock(q, k, fl_life_clocks(&life, env->cal, env->periods, env->today, k));
    }
    fl_case_life_free(&c);
}

struct collect {
    struct tui_view *v;
    struct fl_error *err;
    enum fl_status st;
};

static int collect_row(void *ctx, const struct fl_case_row *r)
{
    struct collect *c = ctx;
    struct qrow *q = qrow_alloc(r);
    c->st = q ? tui_add_row(c->v, q, c->err) : fl_fail(c->err, FL_ENOMEM, "out of memory");
    return c->st != FL_OK;
}

static enum fl_status queue_fetch(struct tui_view *v, int64_t offset, int64_t limit,
                                  struct fl_error *err)
{
    struct collect c = {v, err, FL_OK};
    int64_t total = 0;
    const struct fl_queue_filter open = {.open_only = true};
    enum fl_status st = fl_db_queue(v->env->db, &open, limit, offset, &total, collect_row, &c, err);
    if (st == FL_OK)
        st = c.st;
    tui_set_total(v, total);
    for (size_t i = 0; st == FL_OK && i < v->nlines; i++)
        qrow_life(v->env, v->lines[i].data);
    return st;
}

static enum tui_style row_style(const struct qrow *q)
{
    if (q->unknown_period)
        return TUI_S_ERROR;
    if (!q->has_clock)
        return TUI_S_NORMAL;
    switch (q->level) {
    case FL_LEVEL_OVERDUE: return TUI_S_OVERDUE;
    case FL_LEVEL_URGENT: return TUI_S_URGENT;
    case FL_LEVEL_WARNING: return TUI_S_WARNING;
    default: return TUI_S_NORMAL;
    }
}

static void queue_draw(struct tui_view *v, const struct tui_line *line, int y, bool selected)
{
    const struct qrow *q = line->data;
    enum tui_style st = row_style(q);
    const char *id = q->s[Q_CASE]                        ? q->s[Q_CASE]
                     : tui_column_shown(v, COL_FILING) ? "-"
                                                       : q->s[Q_FILING];
    char track[64] = "-", left[16] = "";
    const char *proc = q->procedure[0] ? q->procedure : q->s[Q_PROCEDURE];
    if (q->s[Q_TRACK])
        snprintf(track, sizeof track, "%s %s", strcmp(q->s[Q_TRACK], "simple") == 0 ? "简" : "繁",
                 proc ? proc : "");
    if (q->has_clock)
        snprintf(left, sizeof left, "%d", q->left);
    tui_draw_cell(v, y, COL_CASE, id, st, selected);
    tui_draw_cell(v, y, COL_FILING, q->s[Q_FILING], st, selected);
    tui_draw_cell(v, y, COL_CAUSE, q->s[Q_CAUSE], st, selected);
    tui_draw_cell(v, y, COL_PARTIES, q->s[Q_PARTIES], st, selected);
    tui_draw_cell(v, y, COL_TRACK, track, st, selected);
    tui_draw_cell(v, y, COL_LEFT, q->unknown_period ? "?" : left, st, selected);
    tui_draw_cell(v, y, COL_STATE, q->state[0] ? q->state : NULL, st, selected);
    tui_draw_cell(v, y, COL_JUDGE, q->judge[0] ? q->judge : "", st, selected);
}

/* The status line: the case's state and its most pressing clock. */
static void queue_select(struct tui_view *v, const struct tui_line *line, struct fl_buf *out)
{
    (void)v;
    const struct qrow *q = line->data;
    char due[11];
    fl_buf_printf(out, "%s: %s", q->s[Q_FILING], q->has_life ? q->state : "state unknown");
    if (q->judge[0])
        fl_buf_printf(out, ", judge %s", q->judge);
    if (q->unknown_period)
        fl_buf_printf(out, "; %s clock has NO DUE DATE (see fenliu periods)", q->clock);
    else if (q->has_clock) {
        fl_date_format(q->due, due);
        fl_buf_printf(out, "; %s due %s, ", q->clock, due);
        if (q->left < 0)
            fl_buf_printf(out, "overdue by %d days", -q->left);
        else
            fl_buf_printf(out, "%d days left", q->left);
        if (q->paused)
            fl_buf_puts(out, " (stopped)");
    } else if (q->has_life)
        fl_buf_puts(out, "; no clock running");
}

static enum tui_result queue_request(struct tui_view *v, enum tui_action a)
{
    const struct tui_line *line = tui_selected(v);
    if (a != TUI_A_OPEN)
        return TUI_UNHANDLED;
    if (line)
        tui_open(v->app, tui_case_view, ((const struct qrow *)line->data)->s[Q_FILING]);
    return TUI_HANDLED;
}

static enum fl_status queue_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    (void)arg;
    (void)err;
    snprintf(v->title, sizeof v->title, "Queue: open cases, most urgent first");
    return FL_OK;
}

static const struct tui_view_ops queue_ops = {
    .name = "queue",
    .kind = TUI_LIST,
    .noun = "cases",
    .empty = "No open cases: `fenliu ingest FILES` takes filings in.",
    .columns = columns,
    .ncolumns = sizeof columns / sizeof columns[0],
    .open = queue_open,
    .fetch = queue_fetch,
    .draw = queue_draw,
    .request = queue_request,
    .select = queue_select,
};

TUI_DEFINE_VIEW(queue, queue_ops);
