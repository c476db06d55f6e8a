/* The intake desk: the lists a section's clerks and their supervisor work
 * from, one after another on Tab (tui_replace: q leaves the desk from any
 * of them):
 *
 *   section inbox   filings awaiting the decision on acceptance that
 *                   nobody has taken, oldest first, with how long each has
 *                   waited and the days left on its 7-day acceptance clock
 *   my inbox        the same, routed to the user (t takes one there)
 *   clerks' load    each clerk with the filings they hold and the oldest
 *                   one's wait; Enter shows that clerk's inbox
 *   recent ingests  the ingest runs with their counts; Enter lists a run's
 *                   rejected documents
 *   rejected        rejected filings and documents with their reasons;
 *                   Enter shows the raw XML around the error (screen_raw.c)
 *
 * In an inbox m marks rows, s routes the marked filings (or the one under
 * the cursor) to a clerk, t to the user, Enter opens a filing for review
 * (screen_review.c).  Every list pages from the database with its total
 * in the title bar; its filter (whose inbox, which run) is the view's
 * argument, so it survives paging and every reload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "clock.h"
#include "i18n.h"
#include "intake.h"
#include "steps.h"
#include "utf8.h"

/* ---- shared with the review screen (intake.h) ---------------------------------- */

void intake_short_time(const char *at, char out[17])
{
    snprintf(out, 17, "%.16s", at ? at : "");
    if (strlen(out) == 16 && out[10] == 'T')
        out[10] = ' ';
}

void intake_waited(const char *received, bool words, char *out, size_t size)
{
    time_t t;
    out[0] = '\0';
    if (!received || !fl_parse_datetime(received, false, &t))
        return;
    long long secs = (long long)(fl_now() - t);
    if (secs < 0)
        secs = 0;
    long long hours = secs / 3600, days = secs / 86400;
    if (secs < 86400 && words)
        snprintf(out, size, ngettext("%lld hour", "%lld hours", (unsigned long)hours), hours);
    else if (secs < 86400)
        /* TRANSLATORS: hours waited, short: "5h". */
        snprintf(out, size, _("%lldh"), hours);
    else if (words)
        snprintf(out, size, ngettext("%lld day", "%lld days", (unsigned long)days), days);
    else
        /* TRANSLATORS: days waited, short: "3d". */
        snprintf(out, size, _("%lldd"), days);
}

/* The acceptance clock of the case KEY as its events are now: false when
 * the case has none running (returned, accepted…) or cannot be read. */
static bool acceptance_clock(const struct tui_env *env, const char *key, struct fl_clock *k)
{
    struct fl_case_life c;
    struct fl_error err;
    struct fl_life l;
    if (fl_db_case_life(env->db, key, &c, &err) != FL_OK)
        return false;
    fl_life_replay(&l, c.received, c.procedure, c.foreign, c.events, c.nevents);
    fl_case_life_free(&c);
    struct fl_clock clocks[FL_MAX_CLOCKS];
    size_t n = fl_life_clocks(&l, env->cal, env->periods, env->today, clocks);
    for (size_t i = 0; i < n; i++)
        if (strcmp(clocks[i].name, "acceptance") == 0) {
            *k = clocks[i];
            return true;
        }
    return false;
}

void intake_key(enum tui_action a, char *out, size_t size)
{
    const char *keys = tui_action_info(a)->keys;
    snprintf(out, size, "%.*s", (int)strcspn(keys, " "), keys);
}

static int add_clerk(void *ctx, const char *login, const char *role, const char *added_by,
                     const char *at)
{
    (void)added_by, (void)at;
    return strcmp(role, "clerk") == 0 && !tui_choices_add(ctx, login);
}

bool intake_ask_clerk(struct tui_view *v, int tag, size_t n)
{
    struct tui_choices c = {0};
    struct fl_error err;
    if (fl_db_users(v->env->db, add_clerk, &c, &err) != FL_OK) {
        tui_message(v->app, true, "%s", err.msg);
    } else if (c.failed) {
        tui_message(v->app, true, "%s", _("out of memory"));
    } else if (c.n == 0) {
        tui_message(v->app, true, "%s",
                    _("nobody has the role clerk: an admin adds one with `fenliu user add LOGIN "
                      "--role clerk`"));
    } else {
        char label[96];
        snprintf(label, sizeof label,
                 ngettext("route %zu filing to clerk", "route %zu filings to clerk", n), n);
        struct tui_question q = {.label = label, .choices = (const char *const *)c.v};
        tui_ask(v, tag, &q, 1);
    }
    bool asked = c.n > 0 && !c.failed;
    tui_choices_free(&c);
    return asked;
}

size_t intake_route(struct tui_view *v, const char *clerk, const char *from,
                    const char *const *ids, size_t n, bool *routed)
{
    const struct tui_env *env = v->env;
    struct fl_buf args = FL_BUF_INIT, refused = FL_BUF_INIT;
    fl_buf_printf(&args, "clerk=%s\nfrom=%s\n", clerk, from);
    size_t ok = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        struct fl_step s = {
            .key = ids[i],
            .kind = "route",
            .args = fl_buf_str(&args),
            .login = env->login,
            .effective = env->today,
        };
        struct fl_error err;
        bool went = fl_case_step(env->db, &s, env->cal, env->periods, &err) == FL_OK;
        if (routed)
            routed[i] = went;
        if (went)
            ok++;
        else if (bad++ == 0)
            fl_buf_puts(&refused, err.msg);
    }
    bool mine = env->login && strcmp(clerk, env->login) == 0;
    struct fl_buf msg = FL_BUF_INIT;
    if (ok && mine)
        fl_buf_printf(&msg, ngettext("took %zu filing into your inbox",
                                     "took %zu filings into your inbox", ok), ok);
    else if (ok)
        fl_buf_printf(&msg, ngettext("routed %zu filing to %s", "routed %zu filings to %s", ok),
                      ok, clerk);
    if (bad) {
        if (ok)
            fl_buf_puts(&msg, "; ");
        /* TRANSLATORS: how many filings were refused, then the first refusal. */
        fl_buf_printf(&msg, ngettext("%zu refused: %s", "%zu refused; the first: %s", bad), bad,
                      fl_buf_str(&refused));
    }
    tui_message(v->app, bad > 0, "%s", fl_buf_str(&msg));
    fl_buf_free(&msg);
    fl_buf_free(&args);
    fl_buf_free(&refused);
    if (ok)
        tui_reload(v);
    return ok;
}

/* ---- the desk's lists ------------------------------------------------------------- */

enum desk_list { L_SECTION, L_CLERK, L_LOAD, L_RUNS, L_REJECTED };

static const struct tui_view_ops section_ops, clerk_ops, load_ops, runs_ops, rejected_ops;

/* The title: the list's name and the counts of the others, so that each
 * list's count shows wherever the user is. */
static void desk_title(struct tui_view *v, enum desk_list which, const char *name)
{
    const struct tui_env *env = v->env;
    int64_t section = 0, mine = 0, rejected = 0;
    struct fl_error err;
    fl_db_inbox(env->db, "", 0, 0, &section, NULL, NULL, &err);
    fl_db_inbox(env->db, env->login ? env->login : "", 0, 0, &mine, NULL, NULL, &err);
    fl_db_count(env->db, FL_COUNT_REJECTIONS, &rejected, &err);
    bool my_inbox = which == L_CLERK && env->login && strcmp(v->arg ? v->arg : "", env->login) == 0;
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_printf(&b, _("Intake: %s"), name);
    if (which != L_SECTION)
        fl_buf_printf(&b, _(" | section %lld"), (long long)section);
    if (!my_inbox)
        fl_buf_printf(&b, _(" | mine %lld"), (long long)mine);
    if (which != L_REJECTED)
        fl_buf_printf(&b, _(" | rejected %lld"), (long long)rejected);
    snprintf(v->title, sizeof v->title, "%s", fl_buf_str(&b));
    fl_buf_free(&b);
}

/* Tab: the next list.  V is gone afterwards. */
static void next_list(struct tui_view *v, enum desk_list which)
{
    switch (which) {
    case L_SECTION: tui_replace(v, &clerk_ops, v->env->login ? v->env->login : ""); break;
    case L_CLERK: tui_replace(v, &load_ops, NULL); break;
    case L_LOAD: tui_replace(v, &runs_ops, NULL); break;
    case L_RUNS: tui_replace(v, &rejected_ops, NULL); break;
    case L_REJECTED: tui_replace(v, &section_ops, NULL); break;
    }
}

/* Every list's title is made when it is read (desk_title). */
static enum fl_status plain_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    (void)arg, (void)err;
    snprintf(v->title, sizeof v->title, "%s", _("Intake"));
    return FL_OK;
}

/* What every list of the desk does alike: Tab, i (the section's inbox). */
static enum tui_result desk_request(struct tui_view *v, enum desk_list which, enum tui_action a)
{
    if (a == TUI_A_NEXT_LIST) {
        next_list(v, which);
        return TUI_HANDLED;
    }
    if (a == TUI_A_INTAKE) {
        if (which != L_SECTION)
            tui_replace(v, &section_ops, NULL);
        return TUI_HANDLED;
    }
    return TUI_UNHANDLED;
}

/* ---- inboxes ----------------------------------------------------------------------- */

enum { IC_MARK, IC_FILING, IC_WAITED, IC_LEFT, IC_CAUSE, IC_PARTIES, IC_STATE, IC_TRACK };

static const struct tui_column inbox_columns[] = {
    [IC_MARK] = {.title = " ", .min = 1, .pref = 1},
    [IC_FILING] = {.title = N_("FILING"), .min = 12, .pref = 16},
    [IC_WAITED] = {.title = N_("WAITED"), .min = 6, .pref = 6, .right = true},
    [IC_LEFT] = {.title = N_("LEFT"), .min = 4, .pref = 5, .right = true},
    [IC_CAUSE] = {.title = N_("CAUSE"), .min = 8, .pref = 12, .grow = 1, .drop = 2},
    [IC_PARTIES] = {.title = N_("PARTIES"), .min = 12, .pref = 20, .grow = 3},
    [IC_STATE] = {.title = N_("STATE"), .min = 8, .pref = 9, .drop = 3},
    [IC_TRACK] = {.title = N_("PROPOSED"), .min = 8, .pref = 12, .drop = 4},
};

struct inbox {
    char **marks; /* filing ids */
    size_t nmarks, cap;
};

struct irow {
    int64_t case_id;
    char filing[72], state[24], received[40], waited[16], track[48];
    bool has_clock;
    struct fl_clock clock;
    char *cause, *parties; /* into buf, or NULL */
    char buf[];
};

static struct irow *irow_alloc(const struct tui_env *env, const struct fl_intake_row *r)
{
    struct fl_buf parties = FL_BUF_INIT;
    if (r->first_plaintiff)
        fl_buf_puts(&parties, r->first_plaintiff);
    if (r->first_plaintiff && r->first_defendant)
        fl_buf_puts(&parties, " v. ");
    if (r->first_defendant)
        fl_buf_puts(&parties, r->first_defendant);
    size_t nc = r->cause ? strlen(r->cause) + 1 : 0, np = parties.len + 1;
    struct irow *q = parties.failed ? NULL : calloc(1, sizeof *q + nc + np);
    if (q) {
        q->case_id = r->case_id;
        snprintf(q->filing, sizeof q->filing, "%s", r->filing_id);
        snprintf(q->state, sizeof q->state, "%s", r->state ? r->state : "");
        snprintf(q->received, sizeof q->received, "%s", r->received ? r->received : "");
        intake_waited(r->received, false, q->waited, sizeof q->waited);
        if (r->track)
            snprintf(q->track, sizeof q->track, "%s %s",
                     strcmp(r->track, "simple") == 0 ? "简" : "繁",
                     r->procedure ? r->procedure : "");
        char *p = q->buf;
        if (r->cause) {
            q->cause = memcpy(p, r->cause, nc);
            p += nc;
        }
        if (parties.len)
            q->parties = memcpy(p, parties.data, np);
        q->has_clock = acceptance_clock(env, q->filing, &q->clock);
    }
    fl_buf_free(&parties);
    return q;
}

struct collect {
    struct tui_view *v;
    struct fl_error *err;
    enum fl_status st;
};

static int collect_inbox(void *ctx, const struct fl_intake_row *r)
{
    struct collect *c = ctx;
    struct irow *q = irow_alloc(c->v->env, r);
    c->st = q ? tui_add_row(c->v, q, c->err) : fl_fail(c->err, FL_ENOMEM, "%s", _("out of memory"));
    return c->st != FL_OK;
}

static const char *inbox_clerk(const struct tui_view *v)
{
    return v->ops == &section_ops ? "" : v->arg ? v->arg : "";
}

static bool is_mine(const struct tui_view *v)
{
    return v->ops == &clerk_ops && v->env->login && strcmp(inbox_clerk(v), v->env->login) == 0;
}

static enum fl_status inbox_fetch(struct tui_view *v, int64_t offset, int64_t limit,
                                  struct fl_error *err)
{
    struct collect c = {v, err, FL_OK};
    int64_t total = 0;
    char name[128];
    if (v->ops == &section_ops)
        snprintf(name, sizeof name, "%s", _("section inbox"));
    else if (is_mine(v))
        snprintf(name, sizeof name, "%s", _("my inbox"));
    else
        snprintf(name, sizeof name, _("inbox of %s"), inbox_clerk(v));
    desk_title(v, v->ops == &section_ops ? L_SECTION : L_CLERK, name);
    enum fl_status st =
        fl_db_inbox(v->env->db, inbox_clerk(v), limit, offset, &total, collect_inbox, &c, err);
    tui_set_total(v, total);
    return st == FL_OK ? c.st : st;
}

static bool marked(const struct inbox *in, const char *id, size_t *at)
{
    for (size_t i = 0; i < in->nmarks; i++)
        if (strcmp(in->marks[i], id) == 0) {
            if (at)
                *at = i;
            return true;
        }
    return false;
}

static void inbox_draw(struct tui_view *v, const struct tui_line *line, int y, bool selected)
{
    const struct irow *q = line->data;
    enum tui_style st = case_clock_style(q->has_clock ? &q->clock : NULL);
    char left[16] = "";
    if (q->has_clock && q->clock.unknown_period)
        snprintf(left, sizeof left, "?");
    else if (q->has_clock)
        snprintf(left, sizeof left, "%d", q->clock.left);
    tui_draw_cell(v, y, IC_MARK, marked(v->priv, q->filing, NULL) ? "*" : " ", st, selected);
    tui_draw_cell(v, y, IC_FILING, q->filing, st, selected);
    tui_draw_cell(v, y, IC_WAITED, q->waited, st, selected);
    tui_draw_cell(v, y, IC_LEFT, left, st, selected);
    tui_draw_cell(v, y, IC_CAUSE, q->cause, st, selected);
    tui_draw_cell(v, y, IC_PARTIES, q->parties, st, selected);
    tui_draw_cell(v, y, IC_STATE, q->state, st, selected);
    tui_draw_cell(v, y, IC_TRACK, q->track[0] ? q->track : NULL, st, selected);
}

/* The status line: where the filing stands, and the marks. */
static void inbox_select(struct tui_view *v, const struct tui_line *line, struct fl_buf *out)
{
    const struct irow *q = line->data;
    const struct inbox *in = v->priv;
    char received[17], due[11], waited[32];
    intake_short_time(q->received, received);
    intake_waited(q->received, true, waited, sizeof waited);
    /* TRANSLATORS: filing id, its state, when it was received, how long ago. */
    fl_buf_printf(out, _("%s: %s, received %s (%s ago)"), q->filing, q->state, received,
                  waited);
    if (q->has_clock && !q->clock.unknown_period) {
        fl_date_format(q->clock.due, due);
        if (q->clock.left < 0)
            fl_buf_printf(out,
                          ngettext("; acceptance due %s, overdue by %d day",
                                   "; acceptance due %s, overdue by %d days",
                                   (unsigned long)-q->clock.left),
                          due, -q->clock.left);
        else
            fl_buf_printf(out,
                          ngettext("; acceptance due %s, %d day left",
                                   "; acceptance due %s, %d days left",
                                   (unsigned long)q->clock.left),
                          due, q->clock.left);
        if (q->clock.paused)
            fl_buf_puts(out, _(" (stopped)"));
    } else if (strcmp(q->state, "returned") == 0) {
        fl_buf_puts(out, _("; the acceptance clock stops until the correction arrives"));
    }
    if (in->nmarks)
        fl_buf_printf(out, ngettext("; %zu marked", "; %zu marked", in->nmarks), in->nmarks);
}

static void unmark_all(struct inbox *in)
{
    for (size_t i = 0; i < in->nmarks; i++)
        free(in->marks[i]);
    in->nmarks = 0;
}

static void toggle_mark(struct tui_view *v, const char *id)
{
    struct inbox *in = v->priv;
    size_t at;
    if (marked(in, id, &at)) {
        free(in->marks[at]);
        in->marks[at] = in->marks[--in->nmarks];
        return;
    }
    if (in->nmarks == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        char **p = realloc(in->marks, cap * sizeof *p);
        if (!p) {
            tui_message(v->app, true, "%s", _("out of memory"));
            return;
        }
        in->marks = p;
        in->cap = cap;
    }
    if ((in->marks[in->nmarks] = strdup(id)) != NULL)
        in->nmarks++;
}

enum { ASK_ASSIGN = 1 };

/* The filings an action applies to: the marked ones, else the one under
 * the cursor.  *N gets how many (0: none). */
static const char *const *targets(struct tui_view *v, size_t *n, const char **one)
{
    struct inbox *in = v->priv;
    const struct tui_line *line = tui_selected(v);
    if (in->nmarks) {
        *n = in->nmarks;
        return (const char *const *)in->marks;
    }
    *n = line ? 1 : 0;
    *one = line ? ((const struct irow *)line->data)->filing : NULL;
    return one;
}

/* Route the targets to CLERK; the marks of those that went go. */
static void route_targets(struct tui_view *v, const char *clerk)
{
    struct inbox *in = v->priv;
    size_t n;
    const char *one = NULL;
    const char *const *ids = targets(v, &n, &one);
    if (!n) {
        tui_message(v->app, false, "%s", _("no filing here to route"));
        return;
    }
    bool *went = calloc(n, sizeof *went);
    if (!went) {
        tui_message(v->app, true, "%s", _("out of memory"));
        return;
    }
    intake_route(v, clerk, inbox_clerk(v), ids, n, went);
    if (ids == (const char *const *)in->marks) {
        size_t keep = 0;
        for (size_t i = 0; i < n; i++) {
            if (went[i])
                free(in->marks[i]);
            else
                in->marks[keep++] = in->marks[i];
        }
        in->nmarks = keep;
    }
    free(went);
}

static void inbox_answer(struct tui_view *v, int tag, char *const *answers, size_t n)
{
    if (tag == ASK_ASSIGN && n == 1)
        route_targets(v, answers[0]);
}

static enum tui_result inbox_request(struct tui_view *v, enum tui_action a)
{
    const struct tui_line *line = tui_selected(v);
    const struct irow *q = line ? line->data : NULL;
    size_t n;
    const char *one = NULL;
    switch (a) {
    case TUI_A_OPEN:
        if (q)
            tui_open(v->app, tui_review_view, q->filing);
        return TUI_HANDLED;
    case TUI_A_RAW:
        if (q) {
            char arg[96];
            snprintf(arg, sizeof arg, "filing:%s", q->filing);
            tui_open(v->app, tui_raw_view, arg);
        }
        return TUI_HANDLED;
    case TUI_A_MARK:
        if (q) {
            toggle_mark(v, q->filing);
            tui_move(v, TUI_A_MOVE_DOWN);
        }
        return TUI_HANDLED;
    case TUI_A_CLEAR:
        unmark_all(v->priv);
        tui_message(v->app, false, "%s", _("no filing is marked now"));
        return TUI_HANDLED;
    case TUI_A_TAKE:
        if (tui_may_write(v))
            route_targets(v, v->env->login);
        return TUI_HANDLED;
    case TUI_A_ASSIGN:
        targets(v, &n, &one);
        if (!n)
            tui_message(v->app, false, "%s", _("no filing here to route"));
        else if (tui_may_write(v))
            intake_ask_clerk(v, ASK_ASSIGN, n);
        return TUI_HANDLED;
    default:
        return desk_request(v, v->ops == &section_ops ? L_SECTION : L_CLERK, a);
    }
}

static void inbox_close(struct tui_view *v)
{
    struct inbox *in = v->priv;
    unmark_all(in);
    free(in->marks);
}

static const struct tui_view_ops section_ops = {
    .name = "intake",
    .kind = TUI_LIST,
    .priv_size = sizeof(struct inbox),
    .noun = N_("filings"),
    .noun_one = N_("filing"),
    .empty = N_("No filing awaits review in the section's inbox: new filings arrive here."),
    .columns = inbox_columns,
    .ncolumns = sizeof inbox_columns / sizeof inbox_columns[0],
    .open = plain_open,
    .fetch = inbox_fetch,
    .draw = inbox_draw,
    .request = inbox_request,
    .select = inbox_select,
    .answer = inbox_answer,
    .close = inbox_close,
};

static const struct tui_view_ops clerk_ops = {
    .name = "inbox",
    .kind = TUI_LIST,
    .priv_size = sizeof(struct inbox),
    .noun = N_("filings"),
    .noun_one = N_("filing"),
    .empty = N_("This inbox is empty: t in the section's inbox takes a filing into yours."),
    .columns = inbox_columns,
    .ncolumns = sizeof inbox_columns / sizeof inbox_columns[0],
    .open = plain_open,
    .fetch = inbox_fetch,
    .draw = inbox_draw,
    .request = inbox_request,
    .select = inbox_select,
    .answer = inbox_answer,
    .close = inbox_close,
};

/* ---- clerks' load ------------------------------------------------------------------- */

enum { LC_CLERK, LC_ROLE, LC_FILINGS, LC_OLDEST, LC_WAITED };

static const struct tui_column load_columns[] = {
    [LC_CLERK] = {.title = N_("CLERK"), .min = 8, .pref = 16, .grow = 1},
    [LC_ROLE] = {.title = N_("ROLE"), .min = 9, .pref = 10, .drop = 1},
    [LC_FILINGS] = {.title = N_("FILINGS"), .min = 7, .pref = 7, .right = true},
    [LC_OLDEST] = {.title = N_("OLDEST RECEIVED"), .min = 16, .pref = 16, .drop = 2},
    [LC_WAITED] = {.title = N_("WAITED"), .min = 6, .pref = 6, .right = true},
};

struct lrow {
    char login[64], role[16], oldest[40], waited[16];
    int64_t filings;
};

static int collect_load(void *ctx, const struct fl_clerk_load *r)
{
    struct collect *c = ctx;
    struct lrow *q = calloc(1, sizeof *q);
    if (q) {
        snprintf(q->login, sizeof q->login, "%s", r->login);
        snprintf(q->role, sizeof q->role, "%s", r->role ? r->role : "");
        snprintf(q->oldest, sizeof q->oldest, "%s", r->oldest ? r->oldest : "");
        intake_waited(r->oldest, false, q->waited, sizeof q->waited);
        q->filings = r->filings;
    }
    c->st = q ? tui_add_row(c->v, q, c->err) : fl_fail(c->err, FL_ENOMEM, "%s", _("out of memory"));
    return c->st != FL_OK;
}

static enum fl_status load_fetch(struct tui_view *v, int64_t offset, int64_t limit,
                                 struct fl_error *err)
{
    struct collect c = {v, err, FL_OK};
    int64_t total = 0;
    desk_title(v, L_LOAD, _("clerks' load"));
    enum fl_status st = fl_db_clerk_loads(v->env->db, limit, offset, &total, collect_load, &c, err);
    tui_set_total(v, total);
    return st == FL_OK ? c.st : st;
}

static void load_draw(struct tui_view *v, const struct tui_line *line, int y, bool selected)
{
    const struct lrow *q = line->data;
    char n[24], oldest[17];
    snprintf(n, sizeof n, "%lld", (long long)q->filings);
    intake_short_time(q->oldest, oldest);
    tui_draw_cell(v, y, LC_CLERK, q->login, TUI_S_NORMAL, selected);
    tui_draw_cell(v, y, LC_ROLE, q->role[0] ? q->role : _("not a user"), TUI_S_NORMAL, selected);
    tui_draw_cell(v, y, LC_FILINGS, n, TUI_S_NORMAL, selected);
    tui_draw_cell(v, y, LC_OLDEST, oldest[0] ? oldest : "", TUI_S_NORMAL, selected);
    tui_draw_cell(v, y, LC_WAITED, q->waited, TUI_S_NORMAL, selected);
}

static void load_select(struct tui_view *v, const struct tui_line *line, struct fl_buf *out)
{
    (void)v;
    const struct lrow *q = line->data;
    char key[16];
    intake_key(TUI_A_OPEN, key, sizeof key);
    fl_buf_printf(out, ngettext("%s holds %lld filing", "%s holds %lld filings",
                                (unsigned long)q->filings),
                  q->login, (long long)q->filings);
    char waited[32];
    intake_waited(q->oldest, true, waited, sizeof waited);
    if (waited[0])
        fl_buf_printf(out, _(", the oldest waiting %s"), waited);
    fl_buf_printf(out, _("; %s: the inbox"), key);
}

static enum tui_result load_request(struct tui_view *v, enum tui_action a)
{
    const struct tui_line *line = tui_selected(v);
    if (a == TUI_A_OPEN) {
        if (line)
            tui_replace(v, &clerk_ops, ((const struct lrow *)line->data)->login);
        return TUI_HANDLED;
    }
    return desk_request(v, L_LOAD, a);
}

static const struct tui_view_ops load_ops = {
    .name = "clerks",
    .kind = TUI_LIST,
    .noun = N_("clerks"),
    .noun_one = N_("clerk"),
    .empty = N_("Nobody has the role clerk and nobody holds a filing: "
                "`fenliu user add LOGIN --role clerk` adds a clerk."),
    .columns = load_columns,
    .ncolumns = sizeof load_columns / sizeof load_columns[0],
    .open = plain_open,
    .fetch = load_fetch,
    .draw = load_draw,
    .request = load_request,
    .select = load_select,
};

/* ---- recent ingests ----------------------------------------------------------------- */

enum { RC_RUN, RC_STARTED, RC_DOCS, RC_ACCEPTED, RC_DUPL, RC_CONFL, RC_REJ, RC_STATUS, RC_BY };

static const struct tui_column runs_columns[] = {
    [RC_RUN] = {.title = N_("RUN"), .min = 4, .pref = 5, .right = true},
    [RC_STARTED] = {.title = N_("STARTED"), .min = 16, .pref = 16},
    [RC_DOCS] = {.title = N_("DOCS"), .min = 5, .pref = 5, .right = true},
    [RC_ACCEPTED] = {.title = N_("ACCEPTED"), .min = 8, .pref = 8, .right = true},
    [RC_DUPL] = {.title = N_("DUPL"), .min = 5, .pref = 5, .right = true},
    [RC_CONFL] = {.title = N_("CONFL"), .min = 5, .pref = 5, .right = true},
    [RC_REJ] = {.title = N_("REJECTED"), .min = 8, .pref = 8, .right = true},
    [RC_STATUS] = {.title = N_("STATUS"), .min = 10, .pref = 10, .drop = 2},
    [RC_BY] = {.title = N_("BY"), .min = 8, .pref = 12, .grow = 1, .drop = 1},
};

struct rrow {
    struct fl_run_row r;
    char started[40], finished[40], login[64];
};

static int collect_run(void *ctx, const struct fl_run_row *r)
{
    struct collect *c = ctx;
    struct rrow *q = calloc(1, sizeof *q);
    if (q) {
        q->r = *r;
        snprintf(q->started, sizeof q->started, "%s", r->started_at ? r->started_at : "");
        snprintf(q->finished, sizeof q->finished, "%s", r->finished_at ? r->finished_at : "");
        snprintf(q->login, sizeof q->login, "%s", r->login ? r->login : "");
        q->r.started_at = q->r.finished_at = q->r.login = NULL;
    }
    c->st = q ? tui_add_row(c->v, q, c->err) : fl_fail(c->err, FL_ENOMEM, "%s", _("out of memory"));
    return c->st != FL_OK;
}

static enum fl_status runs_fetch(struct tui_view *v, int64_t offset, int64_t limit,
                                 struct fl_error *err)
{
    struct collect c = {v, err, FL_OK};
    int64_t total = 0;
    desk_title(v, L_RUNS, _("recent ingests"));
    enum fl_status st = fl_db_runs(v->env->db, limit, offset, &total, collect_run, &c, err);
    tui_set_total(v, total);
    return st == FL_OK ? c.st : st;
}

static void runs_draw(struct tui_view *v, const struct tui_line *line, int y, bool selected)
{
    const struct rrow *q = line->data;
    const struct fl_run_row *r = &q->r;
    char n[6][24], started[17];
    bool done = q->finished[0] != '\0';
    long long vals[6] = {r->id, r->documents, r->accepted, r->duplicates, r->conflicts,
                         r->rejected - r->conflicts};
    for (int i = 0; i < 6; i++)
        snprintf(n[i], sizeof n[i], "%lld", vals[i]);
    intake_short_time(q->started, started);
    enum tui_style st = !done ? TUI_S_WARNING : r->rejected ? TUI_S_URGENT : TUI_S_NORMAL;
    tui_draw_cell(v, y, RC_RUN, n[0], st, selected);
    tui_draw_cell(v, y, RC_STARTED, started, st, selected);
    tui_draw_cell(v, y, RC_DOCS, done ? n[1] : "?", st, selected);
    tui_draw_cell(v, y, RC_ACCEPTED, done ? n[2] : "?", st, selected);
    tui_draw_cell(v, y, RC_DUPL, done ? n[3] : "?", st, selected);
    tui_draw_cell(v, y, RC_CONFL, n[4], st, selected);
    tui_draw_cell(v, y, RC_REJ, done ? n[5] : "?", st, selected);
    tui_draw_cell(v, y, RC_STATUS, done ? _("done") : _("unfinished"), st, selected);
    tui_draw_cell(v, y, RC_BY, q->login, st, selected);
}

static void runs_select(struct tui_view *v, const struct tui_line *line, struct fl_buf *out)
{
    (void)v;
    const struct rrow *q = line->data;
    const struct fl_run_row *r = &q->r;
    char finished[17], key[16];
    intake_key(TUI_A_OPEN, key, sizeof key);
    if (!q->finished[0]) {
        fl_buf_printf(out, _("run %lld has not finished: it is running, or it stopped before "
                             "its end (its counts were not written)"),
                      (long long)r->id);
        return;
    }
    intake_short_time(q->finished, finished);
    fl_buf_printf(out, _("run %lld finished %s"), (long long)r->id, finished);
    if (r->rejected)
        fl_buf_printf(out, ngettext("; %s: its %lld rejection", "; %s: its %lld rejections",
                                    (unsigned long)r->rejected),
                      key, (long long)r->rejected);
}

static enum tui_result runs_request(struct tui_view *v, enum tui_action a)
{
    const struct tui_line *line = tui_selected(v);
    if (a == TUI_A_OPEN) {
        if (line) {
            char arg[32];
            snprintf(arg, sizeof arg, "%lld", (long long)((const struct rrow *)line->data)->r.id);
            tui_replace(v, &rejected_ops, arg);
        }
        return TUI_HANDLED;
    }
    return desk_request(v, L_RUNS, a);
}

static const struct tui_view_ops runs_ops = {
    .name = "ingests",
    .kind = TUI_LIST,
    .noun = N_("runs"),
    .noun_one = N_("run"),
    .empty = N_("Nothing was ingested yet: `fenliu ingest FILES` takes filings in."),
    .columns = runs_columns,
    .ncolumns = sizeof runs_columns / sizeof runs_columns[0],
    .open = plain_open,
    .fetch = runs_fetch,
    .draw = runs_draw,
    .request = runs_request,
    .select = runs_select,
};

/* ---- rejected documents ------------------------------------------------------------- */

enum { JC_AT, JC_WHERE, JC_FILING, JC_FIELD, JC_REASON };

static const struct tui_column rejected_columns[] = {
    [JC_AT] = {.title = N_("REJECTED AT"), .min = 16, .pref = 16, .drop = 3},
    [JC_WHERE] = {.title = N_("FILE:LINE:COL"), .min = 14, .pref = 22, .grow = 1},
    [JC_FILING] = {.title = N_("FILING"), .min = 10, .pref = 15, .drop = 2},
    [JC_FIELD] = {.title = N_("FIELD"), .min = 8, .pref = 14, .drop = 1},
    [JC_REASON] = {.title = N_("REASON"), .min = 30, .pref = 30, .grow = 3},
};

/* One reason, "LINE:COL: FIELD: message" split up. */
struct reason {
    long line, column;
    char field[96];
    const char *msg; /* into the text given */
};

/* Whether S (N bytes) names a place in a filing ("parties/party[2]",
 * "claims/claim[1]/@amount", "court") rather than starting a message. */
static bool is_field(const char *s, size_t n)
{
    static const char *const names[] = {
        "id", "submitted", "type", "channel", "court", "cause", "facts", "parties", "party",
        "claims", "claim", "requests", "request", "attachments", "attachment", "bankruptcy",
        "filing", "batch", "name", "kind", "role", "idno", "nationality", "address",
        "representative", "amount", "procedure", "petitioner", "assets", "liabilities",
        "creditors", "employees", "statement", NULL};
    if (n == 0 || n >= 96 || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789_-/[]@:.") < n)
        return false;
    if (memchr(s, '/', n) || memchr(s, '[', n) || memchr(s, '@', n))
        return true;
    for (const char *const *k = names; *k; k++)
        if (strlen(*k) == n && memcmp(*k, s, n) == 0)
            return true;
    return false;
}

/* Parse the reason at TEXT (one line of a rejection's reasons). */
static void parse_reason(const char *text, struct reason *r)
{
    int used = 0;
    memset(r, 0, sizeof *r);
    r->msg = text;
    if (sscanf(text, "%ld:%ld: %n", &r->line, &r->column, &used) < 2 || used == 0)
        return;
    r->msg = text + used;
    const char *colon = strstr(r->msg, ": ");
    size_t n = colon ? (size_t)(colon - r->msg) : 0;
    if (colon && is_field(r->msg, n)) {
        snprintf(r->field, sizeof r->field, "%.*s", (int)n, r->msg);
        r->msg = colon + 2;
    }
}

struct jrow {
    int64_t id, run_id;
    long line, column;
    bool has_raw;
    int nreasons;
    struct reason first;
    char at[40], where[160], source[512], filing[72];
    char msg[]; /* the first reason's message */
};

static int collect_rejection(void *ctx, const struct fl_rejection_row *r)
{
    struct collect *c = ctx;
    const char *reasons = r->reasons ? r->reasons : "";
    size_t first_len = strcspn(reasons, "\n");
    char *first = strndup(reasons, first_len);
    struct reason rs;
    parse_reason(first ? first : "", &rs);
    size_t mlen = first ? strlen(rs.msg) : 0;
    struct jrow *q = first ? calloc(1, sizeof *q + mlen + 1) : NULL;
    if (q) {
        q->id = r->id;
        q->run_id = r->run_id;
        q->line = rs.line ? rs.line : r->line;
        q->column = rs.line ? rs.column : r->column;
        q->has_raw = r->has_raw;
        q->first = rs;
        memcpy(q->msg, rs.msg, mlen + 1);
        q->first.msg = NULL;
        for (const char *p = reasons; *p; p++)
            q->nreasons += *p == '\n';
        q->nreasons += *reasons != '\0';
        snprintf(q->at, sizeof q->at, "%s", r->at ? r->at : "");
        snprintf(q->source, sizeof q->source, "%s", r->source ? r->source : "");
        snprintf(q->filing, sizeof q->filing, "%s", r->filing_id ? r->filing_id : "");
        const char *base = strrchr(q->source, '/');
        snprintf(q->where, sizeof q->where, "%.120s:%ld:%ld", base ? base + 1 : q->source, q->line,
                 q->column);
    }
    free(first);
    c->st = q ? tui_add_row(c->v, q, c->err) : fl_fail(c->err, FL_ENOMEM, "%s", _("out of memory"));
    return c->st != FL_OK;
}

static int64_t run_filter(const struct tui_view *v)
{
    return v->arg ? strtoll(v->arg, NULL, 10) : 0;
}

static enum fl_status rejected_fetch(struct tui_view *v, int64_t offset, int64_t limit,
                                     struct fl_error *err)
{
    struct collect c = {v, err, FL_OK};
    int64_t total = 0, run = run_filter(v);
    char name[96];
    if (run)
        snprintf(name, sizeof name, _("rejected in run %lld"), (long long)run);
    else
        snprintf(name, sizeof name, "%s", _("rejected documents"));
    desk_title(v, L_REJECTED, name);
    enum fl_status st =
        fl_db_rejections(v->env->db, run, limit, offset, &total, collect_rejection, &c, err);
    tui_set_total(v, total);
    return st == FL_OK ? c.st : st;
}

static void rejected_draw(struct tui_view *v, const struct tui_line *line, int y, bool selected)
{
    const struct jrow *q = line->data;
    char at[17];
    intake_short_time(q->at, at);
    tui_draw_cell(v, y, JC_AT, at, TUI_S_NORMAL, selected);
    tui_draw_cell(v, y, JC_WHERE, q->where, TUI_S_NORMAL, selected);
    tui_draw_cell(v, y, JC_FILING, q->filing[0] ? q->filing : _("(document)"), TUI_S_NORMAL,
                  selected);
    tui_draw_cell(v, y, JC_FIELD, q->first.field[0] ? q->first.field : "", TUI_S_NORMAL,
                  selected);
    tui_draw_cell(v, y, JC_REASON, q->msg, TUI_S_ERROR, selected);
}

static void rejected_select(struct tui_view *v, const struct tui_line *line, struct fl_buf *out)
{
    (void)v;
    const struct jrow *q = line->data;
    fl_buf_printf(out, "%s:%ld:%ld: %s%s%s%s", q->source, q->line, q->column, q->filing,
                  q->filing[0] ? ": " : "", q->first.field, q->first.field[0] ? ": " : "");
    fl_buf_puts(out, q->msg);
    if (q->nreasons > 1)
        fl_buf_printf(out, ngettext(" (and %d more reason)", " (and %d more reasons)",
                                    (unsigned long)(q->nreasons - 1)),
                      q->nreasons - 1);
    if (run_filter(v)) {
        char clear[16];
        intake_key(TUI_A_CLEAR, clear, sizeof clear);
        fl_buf_printf(out, _("; %s: every run"), clear);
    }
}

static enum tui_result rejected_request(struct tui_view *v, enum tui_action a)
{
    const struct tui_line *line = tui_selected(v);
    if (a == TUI_A_OPEN || a == TUI_A_RAW) {
        if (line) {
            char arg[48];
            snprintf(arg, sizeof arg, "rejection:%lld",
                     (long long)((const struct jrow *)line->data)->id);
            tui_open(v->app, tui_raw_view, arg);
        }
        return TUI_HANDLED;
    }
    if (a == TUI_A_CLEAR) {
        if (run_filter(v))
            tui_replace(v, &rejected_ops, NULL);
        return TUI_HANDLED;
    }
    return desk_request(v, L_REJECTED, a);
}

static const struct tui_view_ops rejected_ops = {
    .name = "rejected",
    .kind = TUI_LIST,
    .noun = N_("rejections"),
    .noun_one = N_("rejection"),
    .empty = N_("Nothing was rejected."),
    .columns = rejected_columns,
    .ncolumns = sizeof rejected_columns / sizeof rejected_columns[0],
    .open = plain_open,
    .fetch = rejected_fetch,
    .draw = rejected_draw,
    .request = rejected_request,
    .select = rejected_select,
};

TUI_DEFINE_VIEW(intake, section_ops);
