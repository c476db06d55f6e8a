/* The queue (the home screen): the open cases, most urgent first (the
 * earliest due date of a case's open clocks, from the status rows the
 * engine keeps; cases without a limit last) — for a clerk, the filings
 * awaiting the decision on acceptance first — a screenful at a time from
 * the database, coloured by its most pressing clock.
 *
 * f filters by track, procedure, flag, judge or state (the values those
 * fields have among the cases shown), / searches case numbers, filing
 * ids, causes and party names, F clears both.  The filters live in the
 * view, so paging, R and others' changes (the engine reads the list
 * again) keep them; the title shows them with the cases per track. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "i18n.h"
#include "lifecycle.h"
#include "tui.h"

enum { COL_CASE, COL_FILING, COL_CAUSE, COL_PARTIES, COL_TRACK, COL_LEFT, COL_STATE, COL_JUDGE };

/* Narrow screens drop FILING first (the CASE column then shows the filing
 * id of a case not yet accepted), then JUDGE, STATE, CAUSE and LEFT: the
 * days left are the last to go. */
static const struct tui_column columns[] = {
    [COL_CASE] = {.title = N_("CASE"), .min = 12, .pref = 20},
    [COL_FILING] = {.title = N_("FILING"), .min = 10, .pref = 15, .drop = 5},
    [COL_CAUSE] = {.title = N_("CAUSE"), .min = 8, .pref = 12, .grow = 1, .drop = 2},
    [COL_PARTIES] = {.title = N_("PARTIES"), .min = 12, .pref = 16, .grow = 3},
    [COL_TRACK] = {.title = N_("TRACK"), .min = 9, .pref = 15},
    [COL_LEFT] = {.title = N_("LEFT"), .min = 4, .pref = 5, .drop = 1, .right = true},
    [COL_STATE] = {.title = N_("STATE"), .min = 7, .pref = 10, .drop = 3},
    [COL_JUDGE] = {.title = N_("JUDGE"), .min = 6, .pref = 8, .drop = 4},
};

/* ---- the filters --------------------------------------------------------------- */

enum { F_TRACK, F_PROCEDURE, F_FLAG, F_JUDGE, F_STATE, NFIELDS };

/* The fields f asks for, in its order (their names are translated). */
static const struct {
    const char *name;
    enum fl_queue_field field;
} FIELDS[NFIELDS] = {
    [F_TRACK] = {N_("track"), FL_QF_TRACK},    [F_PROCEDURE] = {N_("procedure"), FL_QF_PROCEDURE},
    [F_FLAG] = {N_("flag"), FL_QF_FLAG},       [F_JUDGE] = {N_("judge"), FL_QF_JUDGE},
    [F_STATE] = {N_("state"), FL_QF_STATE},
};

enum { ASK_FIELD = 1, ASK_VALUE, ASK_SEARCH };

/* The view's own state: what it is filtered by. */
struct queue {
    char *value[NFIELDS]; /* NULL: not filtered */
    char *search;         /* NULL: no search */
    int asking;           /* the field whose value is being asked */
};

static bool filtered(const struct queue *qs)
{
    for (int i = 0; i < NFIELDS; i++)
        if (qs->value[i])
            return true;
    return qs->search != NULL;
}

static struct fl_queue_filter filter_of(const struct tui_view *v)
{
    const struct queue *qs = v->priv;
    return (struct fl_queue_filter){
        .track = qs->value[F_TRACK],
        .procedure = qs->value[F_PROCEDURE],
        .flag = qs->value[F_FLAG],
        .judge = qs->value[F_JUDGE],
        .state = qs->value[F_STATE],
        .search = qs->search,
        .open_only = true,
        /* A clerk's first work: the filings awaiting acceptance. */
        .pending_first = v->env->role && strcmp(v->env->role, "clerk") == 0,
    };
}

/* N with a comma between thousands: 1,234,567. */
static void put_count(struct fl_buf *b, int64_t n)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            fl_buf_putc(b, ',');
        fl_buf_putc(b, digits[i]);
    }
}

/* "Queue · track=simple · judge=王法官 · /借款 · 简 1,234 · 繁 56 · 未分 7" */
static void set_title(struct tui_view *v, const struct fl_queue_counts *n)
{
    const struct queue *qs = v->priv;
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, _("Queue"));
    for (int i = 0; i < NFIELDS; i++)
        if (qs->value[i])
            fl_buf_printf(&b, " · %s=%s", _(FIELDS[i].name), qs->value[i]);
    if (qs->search)
        fl_buf_printf(&b, " · /%s", qs->search);
    fl_buf_puts(&b, " · 简 ");
    put_count(&b, n->simple);
    fl_buf_puts(&b, " · 繁 ");
    put_count(&b, n->complex);
    if (n->unclassified) {
        fl_buf_puts(&b, " · 未分 ");
        put_count(&b, n->unclassified);
    }
    /* Cut at a character, not inside one. */
    size_t len = b.len < sizeof v->title ? b.len : sizeof v->title - 1;
    while (len < b.len && len > 0 && ((unsigned char)b.data[len] & 0xC0) == 0x80)
        len--;
    memcpy(v->title, b.failed ? "" : b.data, b.failed ? 0 : len);
    v->title[b.failed ? 0 : len] = '\0';
    fl_buf_free(&b);
}

/* Replace *SLOT with a copy of VALUE ("" or NULL: none). */
static void set_value(char **slot, const char *value)
{
    free(*slot);
    *slot = value && *value ? strdup(value) : NULL;
}

/* The rows are read again from the first, with the filters as now. */
static void refilter(struct tui_view *v)
{
    tui_move(v, TUI_A_FIRST);
    tui_reload(v);
}

static void ask_field(struct tui_view *v)
{
    const char *names[NFIELDS + 1];
    for (int i = 0; i < NFIELDS; i++)
        names[i] = _(FIELDS[i].name);
    names[NFIELDS] = NULL;
    struct tui_question q = {.label = _("filter by"), .choices = names};
    tui_ask(v, ASK_FIELD, &q, 1);
}

static int add_value(void *ctx, const char *value)
{
    return !tui_choices_add(ctx, value);
}

static void ask_value(struct tui_view *v, int i)
{
    struct queue *qs = v->priv;
    struct fl_queue_filter f = filter_of(v);
    struct tui_choices vs = {0};
    struct fl_error err;
    enum fl_status st = fl_db_queue_values(v->env->db, FIELDS[i].field, &f, add_value, &vs, &err);
    if (st != FL_OK)
        tui_message(v->app, true, "%s", err.msg);
    else if (vs.failed)
        tui_message(v->app, true, "%s", _("out of memory"));
    else if (!vs.n && !qs->value[i])
        tui_message(v->app, false, _("no case in the queue has a %s to filter by"),
                    _(FIELDS[i].name));
    else {
        if (!vs.n) /* only the value filtered by now, which nothing has now */
            tui_choices_add(&vs, qs->value[i]);
        qs->asking = i;
        struct tui_question q = {.label = _(FIELDS[i].name),
                                 .choices = (const char *const *)vs.v,
                                 .initial = qs->value[i],
                                 .optional = true};
        tui_ask(v, ASK_VALUE, &q, 1);
    }
    tui_choices_free(&vs);
}

static void ask_search(struct tui_view *v)
{
    struct queue *qs = v->priv;
    struct tui_question q = {.label = _("search"),
                             .initial = qs->search,
                             .optional = true};
    tui_ask(v, ASK_SEARCH, &q, 1);
}

static void queue_answer(struct tui_view *v, int tag, char *const *answers, size_t n)
{
    struct queue *qs = v->priv;
    if (n != 1)
        return;
    switch (tag) {
    case ASK_FIELD:
        for (int i = 0; i < NFIELDS; i++)
            if (strcmp(answers[0], _(FIELDS[i].name)) == 0)
                ask_value(v, i);
        break;
    case ASK_VALUE:
        set_value(&qs->value[qs->asking], answers[0]);
        refilter(v);
        break;
    case ASK_SEARCH:
        set_value(&qs->search, answers[0]);
        refilter(v);
        break;
    default: break;
    }
}

/* ---- the rows ---------------------------------------------------------------------- */

enum { Q_CASE, Q_FILING, Q_CAUSE, Q_PARTIES, Q_TRACK, Q_PROCEDURE, Q_NSTR };

/* One row: the case as listed, and its state and most pressing clock. */
struct qrow {
    const char *s[Q_NSTR]; /* into buf; NULL when absent */
    char state[24], judge[64], procedure[24], clock[24];
    bool has_life, has_clock, unknown_period, paused;
    bool replay; /* the status row cannot say it all: replay the events */
    int left;
    fl_date due;
    enum fl_level level;
    char buf[];
};

/* The state and the most pressing clock as the status row has them (the
 * engine rewrites it on every change): days left and the level from its
 * due date and today.  A stopped clock's due date moves every day it
 * stays stopped, and a clock without a due date may lack its period: for
 * those the events are replayed (qrow_life). */
static void qrow_status(const struct tui_env *env, struct qrow *q, const struct fl_case_row *r)
{
    q->has_life = r->state != NULL;
    snprintf(q->state, sizeof q->state, "%s", r->state ? r->state : "");
    snprintf(q->judge, sizeof q->judge, "%s", r->judge ? r->judge : "");
    snprintf(q->clock, sizeof q->clock, "%s", r->clock ? r->clock : "");
    bool bankruptcy = r->type && strcmp(r->type, "bankruptcy") == 0;
    if (r->procedure)
        snprintf(q->procedure, sizeof q->procedure, "%s%s", bankruptcy ? "bk-" : "",
                 r->procedure);
    q->replay = r->paused || (r->clock && !r->due);
    if (!r->due || !fl_date_parse(r->due, &q->due))
        return;
    q->has_clock = true;
    q->left = q->due - env->today;
    q->level = q->left < 0                            ? FL_LEVEL_OVERDUE
               : q->left <= env->periods->urgent_days  ? FL_LEVEL_URGENT
               : q->left <= env->periods->warning_days ? FL_LEVEL_WARNING
                                                       : FL_LEVEL_OK;
}

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

/* The row's state and clocks, replayed from its events: the level of a
 * clock (urgent, warning) depends on today and the periods' alerts. */
static void qrow_life(const struct tui_env *env, struct qrow *q)
{
    struct fl_case_life c = {0};
    struct fl_error err;
    if (fl_db_case_life(env->db, q->s[Q_FILING], &c, &err) == FL_OK) {
        struct fl_life life;
        q->has_clock = q->unknown_period = q->paused = false;
        q->clock[0] = '\0';
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
    if (q)
        qrow_status(c->v->env, q, r);
    c->st = q ? tui_add_row(c->v, q, c->err) : fl_fail(c->err, FL_ENOMEM, "out of memory");
    return c->st != FL_OK;
}

static enum fl_status queue_fetch(struct tui_view *v, int64_t offset, int64_t limit,
                                  struct fl_error *err)
{
    struct collect c = {v, err, FL_OK};
    int64_t total = 0;
    struct fl_queue_filter f = filter_of(v);
    struct fl_queue_counts counts;
    enum fl_status st = fl_db_queue_counts(v->env->db, &f, &counts, err);
    if (st == FL_OK) {
        set_title(v, &counts);
        st = fl_db_queue(v->env->db, &f, limit, offset, &total, collect_row, &c, err);
    }
    if (st == FL_OK)
        st = c.st;
    tui_set_total(v, total);
    for (size_t i = 0; st == FL_OK && i < v->nlines; i++)
        if (((struct qrow *)v->lines[i].data)->replay)
            qrow_life(v->env, v->lines[i].data);
    if (st == FL_OK && total == 0 && filtered(v->priv))
        tui_message(v->app, false, "%s",
                    _("no open case matches the filters: F clears them, f or / changes them"));
    return st;
}

static void queue_draw(struct tui_view *v, const struct tui_line *line, int y, bool selected)
{
    const struct qrow *q = line->data;
    enum tui_style st = case_level_style(q->has_clock, q->level, q->unknown_period);
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
    fl_buf_printf(out, "%s: %s", q->s[Q_FILING], q->has_life ? q->state : _("state unknown"));
    if (q->judge[0])
        fl_buf_printf(out, _(", judge %s"), q->judge);
    if (q->unknown_period)
        fl_buf_printf(out, _("; %s clock has NO DUE DATE (see fenliu periods)"), q->clock);
    else if (q->has_clock) {
        fl_date_format(q->due, due);
        fl_buf_printf(out, _("; %s due %s, "), q->clock, due);
        if (q->left < 0)
            fl_buf_printf(
                out, ngettext("overdue by %d day", "overdue by %d days", (unsigned long)-q->left),
                -q->left);
        else
            fl_buf_printf(out, ngettext("%d day left", "%d days left", (unsigned long)q->left),
                          q->left);
        if (q->paused)
            fl_buf_puts(out, _(" (stopped)"));
    } else if (q->has_life)
        fl_buf_puts(out, _("; no clock running"));
}

static enum tui_result queue_request(struct tui_view *v, enum tui_action a)
{
    struct queue *qs = v->priv;
    const struct tui_line *line = tui_selected(v);
    switch (a) {
    case TUI_A_OPEN:
        if (line)
            tui_open(v->app, tui_case_view, ((const struct qrow *)line->data)->s[Q_FILING]);
        return TUI_HANDLED;
    case TUI_A_FILTER: ask_field(v); return TUI_HANDLED;
    case TUI_A_SEARCH: ask_search(v); return TUI_HANDLED;
    case TUI_A_CLEAR:
        if (!filtered(qs)) {
            tui_message(v->app, false, "%s", _("no filter or search to clear"));
            return TUI_HANDLED;
        }
        for (int i = 0; i < NFIELDS; i++)
            set_value(&qs->value[i], NULL);
        set_value(&qs->search, NULL);
        refilter(v);
        return TUI_HANDLED;
    default: return TUI_UNHANDLED;
    }
}

static enum fl_status queue_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    (void)arg;
    (void)err;
    snprintf(v->title, sizeof v->title, "%s", _("Queue"));
    return FL_OK;
}

static void queue_close(struct tui_view *v)
{
    struct queue *qs = v->priv;
    for (int i = 0; i < NFIELDS; i++)
        free(qs->value[i]);
    free(qs->search);
}

static const struct tui_view_ops queue_ops = {
    .name = "queue",
    .kind = TUI_LIST,
    .priv_size = sizeof(struct queue),
    .noun = N_("cases"),
    .noun_one = N_("case"),
    .empty = N_("No open cases here (F clears the filters; `fenliu ingest FILES` takes "
                "filings in)."),
    .columns = columns,
    .ncolumns = sizeof columns / sizeof columns[0],
    .open = queue_open,
    .fetch = queue_fetch,
    .draw = queue_draw,
    .request = queue_request,
    .select = queue_select,
    .answer = queue_answer,
    .close = queue_close,
};

TUI_DEFINE_VIEW(queue, queue_ops);
