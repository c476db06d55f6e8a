/* Reviewing a filing at the intake desk: what was filed (parties, claims,
 * the proposed classification), where it stands (whose inbox, the 7-day
 * acceptance clock), the other cases with the same parties, and its
 * events.  From here the clerk accepts it, returns it for correction with
 * reasons, or refuses it (a), each through fl_case_step exactly as
 * `fenliu case accept|return|refuse` does; takes it (t) or routes it (s);
 * and reads the raw XML (x) or the whole case screen (Enter). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "i18n.h"
#include "intake.h"
#include "steps.h"
#include "utf8.h"

#define LABEL_COLS 12
#define RELATED_SHOWN 20 /* other cases listed; the count says how many in all */

/* The codes of `return --reasons` (the lifecycle checks them). */
static const char *const RETURN_REASONS[] = {"parties", "claims", "facts", "evidence",
                                             "jurisdiction", "signature", "fee", "other", NULL};

enum { ASK_STEP = 1, ASK_ACCEPT, ASK_RETURN, ASK_REFUSE, ASK_CORRECT, ASK_ROUTE };

static void blank(struct tui_view *v) { tui_add_line(v, TUI_S_NORMAL, 0, ""); }

static void section(struct tui_view *v, const char *title)
{
    blank(v);
    tui_add_line(v, TUI_S_SECTION, 0, title);
}

/* INDENT spaces, NAME padded to COLS columns (by display width: labels
 * may be Chinese) and at least one space, then VALUE; continuation rows
 * hang under VALUE. */
static void field(struct tui_view *v, enum tui_style st, int indent, const char *name, int cols,
                  const char *value)
{
    struct fl_buf b = FL_BUF_INIT;
    int w = (int)fl_utf8_width(name);
    fl_buf_printf(&b, "%*s%s", indent, "", name);
    do
        fl_buf_putc(&b, ' ');
    while (++w < cols);
    fl_buf_puts(&b, value ? value : "-");
    tui_add_line(v, st, indent + (w > cols ? w : cols), fl_buf_str(&b));
    fl_buf_free(&b);
}

static void label(struct tui_view *v, enum tui_style st, const char *name, const char *value)
{
    field(v, st, 0, name, LABEL_COLS, value);
}

/* ---- where it stands ------------------------------------------------------------ */

/* One clock: its days left and due date. */
static void clock_line(struct tui_view *v, const char *name, const struct fl_clock *k)
{
    char buf[256], due[11];
    fl_date_format(k->due, due);
    if (k->unknown_period)
        snprintf(buf, sizeof buf, _("%s: NO DUE DATE: the periods have no \"%s\""), k->name,
                 k->period);
    else if (k->level == FL_LEVEL_NONE)
        snprintf(buf, sizeof buf, _("%s: no limit"), k->name);
    else if (k->left < 0)
        snprintf(buf, sizeof buf,
                 ngettext("%s overdue by %d day (due %s)", "%s overdue by %d days (due %s)",
                          (unsigned long)-k->left),
                 k->name, -k->left, due);
    else
        snprintf(buf, sizeof buf, _("%s: %d days left (due %s; %d of %d days used)"), k->name,
                 k->left, due, k->used, k->total);
    if (k->paused)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s", _("; stopped"));
    label(v, case_clock_style(k), name, buf);
}

/* What the screen showed of the case: a step made here expects it
 * (fl_case_step refuses a step on a case another terminal changed). */
struct review {
    struct fl_case_seen seen;
    char clerk[64]; /* whose inbox it was in ("": the section's) */
};

static void add_standing(struct tui_view *v, const struct fl_case *c)
{
    char buf[256], received[17], submitted[17], waited[32];
    intake_short_time(c->received_at, received);
    intake_short_time(c->filing->submitted, submitted);
    intake_waited(c->received_at, true, waited, sizeof waited);
    snprintf(buf, sizeof buf, _("%s (%s ago); submitted %s"), received, waited, submitted);
    label(v, TUI_S_NORMAL, _("Received"), buf);
    struct fl_case_life cl;
    struct fl_error err;
    if (fl_db_case_life(v->env->db, c->filing->id, &cl, &err) != FL_OK) {
        label(v, TUI_S_ERROR, _("State"), err.msg);
        return;
    }
    struct review *p = v->priv;
    p->seen = fl_case_seen_of(&cl);
    struct fl_life life;
    fl_life_replay(&life, cl.received, cl.procedure, cl.foreign, cl.events, cl.nevents);
    snprintf(p->clerk, sizeof p->clerk, "%s", life.clerk);
    fl_case_life_free(&cl);
    const char *state = fl_state_name(life.state);
    if (life.accepted_on || life.state == FL_ST_NOT_ACCEPTED || life.state == FL_ST_CLOSED)
        snprintf(buf, sizeof buf, _("%s: no longer at the intake desk"), state);
    else if (life.clerk[0] && v->env->login && strcmp(life.clerk, v->env->login) == 0)
        snprintf(buf, sizeof buf, _("%s, in your inbox"), state);
    else if (life.clerk[0])
        snprintf(buf, sizeof buf, _("%s, in the inbox of %s"), state, life.clerk);
    else
        snprintf(buf, sizeof buf, _("%s, in the section's inbox (nobody has taken it)"), state);
    label(v, TUI_S_NORMAL, _("State"), buf);
    if (life.case_no[0])
        label(v, TUI_S_NORMAL, _("Case"), life.case_no);
    struct fl_clock k[FL_MAX_CLOCKS];
    size_t n = fl_life_clocks(&life, v->env->cal, v->env->periods, v->env->today, k);
    for (size_t i = 0; i < n; i++)
        clock_line(v, i ? "" : _("Clock"), &k[i]);
    if (n == 0 && life.state == FL_ST_RETURNED)
        label(v, TUI_S_NORMAL, _("Clock"),
              _("stopped: returned for correction; `correct` starts the 7 days again"));
    else if (n == 0)
        label(v, TUI_S_NORMAL, _("Clock"), _("none running"));
}

/* ---- what was filed ---------------------------------------------------------------- */

static void add_summary(struct tui_view *v, const struct fl_case *c)
{
    const struct fl_filing *f = c->filing;
    char buf[256];
    snprintf(buf, sizeof buf, "%s  (%s, %s)", f->id, f->type, f->channel ? f->channel : "-");
    label(v, TUI_S_NORMAL, _("Filing"), buf);
    snprintf(buf, sizeof buf, "%s  %s", f->court, f->court_code ? f->court_code : "");
    label(v, TUI_S_NORMAL, _("Court"), buf);
    label(v, TUI_S_NORMAL, _("Cause"), f->cause);
}

static void add_parties(struct tui_view *v, const struct fl_filing *f)
{
    section(v, _("Parties"));
    for (size_t i = 0; i < f->nparties; i++) {
        const struct fl_party *p = &f->parties[i];
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s  %s  (%s)", i + 1, p->role, p->name, p->kind);
        if (p->idno && *p->idno)
            field(v, TUI_S_NORMAL, 5, _("ID number"), 16, p->idno);
        if (p->representative && *p->representative)
            field(v, TUI_S_NORMAL, 5, _("representative"), 16, p->representative);
    }
}

static void add_claims(struct tui_view *v, const struct fl_filing *f)
{
    int64_t sum;
    bool any = fl_filing_stated_total(f, &sum);
    char total[40];
    blank(v);
    if (any) {
        fl_format_fen(sum, total, sizeof total);
        tui_add_linef(v, TUI_S_SECTION, 0,
                      ngettext("Claims: %zu, %s yuan as stated", "Claims: %zu, %s yuan as stated",
                               f->nclaims),
                      f->nclaims, total);
    } else {
        tui_add_linef(v, TUI_S_SECTION, 0, _("Claims: %zu"), f->nclaims);
    }
    case_claim_lines(v, f);
}

/* The current classification: the latest decision and the rules that
 * fired for it. */
struct latest {
    struct fl_buf head, hits;
};

static int keep_latest(void *ctx, const struct fl_decision_row *d, const struct fl_hit_row *hits,
                       size_t nhits, const char *const *failures, size_t nfailures)
{
    struct latest *l = ctx;
    (void)failures;
    fl_buf_reset(&l->head);
    fl_buf_reset(&l->hits);
    fl_buf_printf(&l->head, _("%s %s track, %s procedure; flags: %s"),
                  strcmp(d->track, "simple") == 0 ? "简" : "繁", d->track, d->procedure,
                  d->flags && *d->flags ? d->flags : _("none"));
    if (strcmp(d->kind, "judge") == 0)
        fl_buf_printf(&l->head, _(" (a judge's decision: %s)"), d->reason ? d->reason : "");
    for (size_t i = 0; i < nhits; i++) {
        bool again = false; /* a rule that matched one field twice: once is enough here */
        for (size_t k = 0; k < i && !again; k++)
            again = strcmp(hits[k].rule, hits[i].rule) == 0 &&
                    strcmp(hits[k].field, hits[i].field) == 0 &&
                    strcmp(hits[k].text, hits[i].text) == 0;
        if (!again)
            fl_buf_printf(&l->hits, "%s%s%s%s%s%s", l->hits.len ? "\n" : "", hits[i].rule,
                          *hits[i].field || *hits[i].text ? "  " : "", hits[i].field,
                          *hits[i].field && *hits[i].text ? ": " : "", hits[i].text);
    }
    if (nfailures)
        fl_buf_printf(&l->hits, "%s%s", nhits ? "\n" : "",
                      _("some rules could not be applied: see the case screen"));
    return 0;
}

static enum fl_status add_classification(struct tui_view *v, const struct fl_case *c,
                                         struct fl_error *err)
{
    struct latest l = {FL_BUF_INIT, FL_BUF_INIT};
    enum fl_status st = fl_db_case_decisions(v->env->db, c->id, keep_latest, &l, err);
    label(v, TUI_S_NORMAL, _("Proposed"), l.head.len ? fl_buf_str(&l.head) : _("not classified"));
    const char *p = fl_buf_str(&l.hits);
    while (*p) {
        size_t n = strcspn(p, "\n");
        tui_add_linef(v, TUI_S_DIM, LABEL_COLS + 2, "%-*s%.*s", LABEL_COLS, "", (int)n, p);
        p += n + (p[n] ? 1 : 0);
    }
    fl_buf_free(&l.head);
    fl_buf_free(&l.hits);
    return st;
}

/* ---- the other cases with the same parties ------------------------------------------- */

static int add_related(void *ctx, const struct fl_related_case *r)
{
    struct tui_view *v = ctx;
    char received[17];
    intake_short_time(r->received, received);
    received[10] = '\0';
    tui_add_linef(v, TUI_S_NORMAL, 4, "  %s  %s  %s  %s  %s", r->case_no ? r->case_no : "-",
                  r->filing_id, r->state ? r->state : "-", received, r->cause ? r->cause : "");
    if (r->by_name)
        field(v, TUI_S_DIM, 4, _("same name"), 14, r->by_name);
    if (r->by_idno)
        field(v, TUI_S_DIM, 4, _("same ID no."), 14, r->by_idno);
    return 0;
}

static enum fl_status add_same_parties(struct tui_view *v, const struct fl_case *c,
                                       struct fl_error *err)
{
    int64_t total = 0;
    enum fl_status st = fl_db_same_parties(v->env->db, c->id, 0, &total, NULL, NULL, err);
    blank(v);
    if (st != FL_OK)
        return st;
    tui_add_linef(v, TUI_S_SECTION, 0,
                  ngettext("Other cases with the same parties: %lld",
                           "Other cases with the same parties: %lld", (unsigned long)total),
                  (long long)total);
    if (total == 0) {
        tui_add_line(v, TUI_S_NORMAL, 2, _("  none: no other case has a party of the same name "
                                           "or ID number"));
        return FL_OK;
    }
    if (total > RELATED_SHOWN)
        tui_add_linef(v, TUI_S_DIM, 2, _("  the %d newest of them:"), RELATED_SHOWN);
    return fl_db_same_parties(v->env->db, c->id, RELATED_SHOWN, NULL, add_related, v, err);
}

/* ---- events ------------------------------------------------------------------------------ */

static void add_events(struct tui_view *v, const char *key)
{
    struct fl_case_life c;
    struct fl_error err;
    section(v, _("Events"));
    if (fl_db_case_life(v->env->db, key, &c, &err) != FL_OK) {
        tui_add_linef(v, TUI_S_ERROR, 2, _("  cannot read them: %s"), err.msg);
        return;
    }
    if (c.nevents == 0)
        tui_add_line(v, TUI_S_NORMAL, 2, _("  none yet: the filing is as it was received"));
    for (size_t i = 0; i < c.nevents; i++) {
        const struct fl_event *e = &c.events[i];
        char date[11];
        struct fl_buf args = FL_BUF_INIT;
        fl_date_format(e->effective, date);
        for (const char *p = e->args ? e->args : ""; *p; p++)
            if (*p != '\n' || p[1])
                fl_buf_puts(&args, *p == '\n' ? ", " : (char[]){*p, 0});
        tui_add_linef(v, TUI_S_NORMAL, 14, "  %s  %-10s by %s", date, e->kind,
                      e->login ? e->login : "?");
        if (args.len)
            tui_add_linef(v, TUI_S_DIM, 14, "              %s", fl_buf_str(&args));
        if (e->reason && *e->reason)
            tui_add_linef(v, TUI_S_NORMAL, 14, _("              reason: %s"), e->reason);
        fl_buf_free(&args);
    }
    fl_case_life_free(&c);
}

/* ---- the screen ----------------------------------------------------------------------------- */

static void add_keys(struct tui_view *v)
{
    char act[16], take[16], assign[16], raw[16], open[16];
    intake_key(TUI_A_ACT, act, sizeof act);
    intake_key(TUI_A_TAKE, take, sizeof take);
    intake_key(TUI_A_ASSIGN, assign, sizeof assign);
    intake_key(TUI_A_RAW, raw, sizeof raw);
    intake_key(TUI_A_OPEN, open, sizeof open);
    tui_add_linef(v, TUI_S_DIM, 0,
                  _("%s: accept, return or refuse  %s: take  %s: route  %s: raw XML  "
                    "%s: the case"),
                  act, take, assign, raw, open);
}

static enum fl_status review_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    struct fl_case *c;
    enum fl_status st = fl_db_load_case(v->env->db, arg ? arg : "", &c, err);
    if (st != FL_OK)
        return st;
    snprintf(v->title, sizeof v->title, _("Review %s"), c->filing->id);
    add_keys(v);
    blank(v);
    add_summary(v, c);
    add_standing(v, c);
    st = add_classification(v, c, err);
    add_parties(v, c->filing);
    add_claims(v, c->filing);
    if (st == FL_OK)
        st = add_same_parties(v, c, err);
    add_events(v, c->filing->id);
    if (c->filing->facts && *c->filing->facts) {
        section(v, _("Facts"));
        tui_add_para(v, TUI_S_NORMAL, 2, c->filing->facts);
    }
    fl_case_free(c);
    return st;
}

/* ---- the steps ----------------------------------------------------------------------------- */

/* The intake steps the user may take now (fl_steps_possible: role and state). */
static size_t intake_steps(struct tui_view *v, const char **out, size_t max)
{
    static const char *const INTAKE[] = {"accept", "return", "correct", "refuse"};
    struct fl_case_life c;
    struct fl_error err;
    if (fl_db_case_life(v->env->db, v->arg, &c, &err) != FL_OK) {
        tui_message(v->app, true, "%s", err.msg);
        return 0;
    }
    struct fl_life life;
    fl_life_replay(&life, c.received, c.procedure, c.foreign, c.events, c.nevents);
    fl_case_life_free(&c);
    const char *all[32];
    size_t n = fl_steps_possible(&life, v->env->role, v->env->login, all, 32), k = 0;
    for (size_t j = 0; j < sizeof INTAKE / sizeof INTAKE[0]; j++)
        for (size_t i = 0; i < n && k < max; i++)
            if (strcmp(all[i], INTAKE[j]) == 0)
                out[k++] = INTAKE[j];
    return k;
}

static void record(struct tui_view *v, const char *kind, const char *args, const char *reason)
{
    const struct tui_env *env = v->env;
    struct fl_step s = {
        .key = v->arg,
        .kind = kind,
        .args = args,
        .reason = reason && *reason ? reason : NULL,
        .login = env->login,
        .effective = env->today,
        .expect = ((struct review *)v->priv)->seen,
    };
    struct fl_error err;
    enum fl_status st = fl_case_step(env->db, &s, env->cal, env->periods, &err);
    if (st == FL_ECONFLICT) { /* what changed shows now; nothing was lost */
        tui_message(v->app, true, _("%s — the screen shows it now"), err.msg);
        tui_reload(v);
        return;
    }
    if (st != FL_OK) {
        tui_message(v->app, true, "%s", err.msg);
        return;
    }
    struct fl_case_life c;
    char case_no[64] = "";
    if (fl_db_case_life(env->db, v->arg, &c, &err) == FL_OK) {
        snprintf(case_no, sizeof case_no, "%s", c.case_no);
        fl_case_life_free(&c);
    }
    if (strcmp(kind, "accept") == 0)
        tui_message(v->app, false, _("accepted %s: case %s"), v->arg, case_no);
    else if (strcmp(kind, "return") == 0)
        tui_message(v->app, false,
                    _("returned %s for correction: its acceptance clock stops"), v->arg);
    else if (strcmp(kind, "refuse") == 0)
        tui_message(v->app, false, _("refused %s (not accepted): %s"), v->arg, reason);
    else
        tui_message(v->app, false, _("%s: %s recorded"), v->arg, kind);
    tui_reload(v);
}

static void ask_step(struct tui_view *v, const char *kind)
{
    static const char *const yes_no[] = {"yes", "no", NULL};
    char label[160];
    if (strcmp(kind, "accept") == 0) {
        snprintf(label, sizeof label, _("accept %s"), v->arg);
        struct tui_question q = {.label = label, .choices = yes_no};
        tui_ask(v, ASK_ACCEPT, &q, 1);
    } else if (strcmp(kind, "correct") == 0) {
        snprintf(label, sizeof label, _("correction of %s arrived"), v->arg);
        struct tui_question q = {.label = label, .choices = yes_no};
        tui_ask(v, ASK_CORRECT, &q, 1);
    } else if (strcmp(kind, "return") == 0) {
        struct tui_question qs[] = {
            {.label = _("reason"), .choices = RETURN_REASONS},
            {.label = _("more reasons, commas between"), .optional = true},
            {.label = _("note to the filer"), .optional = true},
            {.label = _("correct by YYYY-MM-DD"), .optional = true},
        };
        tui_ask(v, ASK_RETURN, qs, 4);
    } else if (strcmp(kind, "refuse") == 0) {
        struct tui_question q = {.label = _("why refuse")};
        tui_ask(v, ASK_REFUSE, &q, 1);
    }
}

static void review_answer(struct tui_view *v, int tag, char *const *answers, size_t n)
{
    struct fl_buf args = FL_BUF_INIT;
    switch (tag) {
    case ASK_STEP:
        if (n == 1)
            ask_step(v, answers[0]);
        break;
    case ASK_ACCEPT:
    case ASK_CORRECT:
        if (n == 1 && strcmp(answers[0], "yes") == 0)
            record(v, tag == ASK_ACCEPT ? "accept" : "correct", "", NULL);
        else
            tui_message(v->app, false, "%s", _("cancelled: nothing was changed"));
        break;
    case ASK_RETURN:
        if (n != 4)
            break;
        fl_buf_printf(&args, "reasons=%s%s%s\n", answers[0], *answers[1] ? "," : "",
                      answers[1]);
        if (*answers[2])
            fl_buf_printf(&args, "note=%s\n", answers[2]);
        if (*answers[3])
            fl_buf_printf(&args, "by=%s\n", answers[3]);
        record(v, "return", fl_buf_str(&args), NULL);
        break;
    case ASK_REFUSE:
        if (n == 1)
            record(v, "refuse", "", answers[0]);
        break;
    case ASK_ROUTE:
        if (n == 1) {
            const char *id = v->arg;
            intake_route(v, answers[0], ((struct review *)v->priv)->clerk, &id, 1, NULL);
        }
        break;
    default:
        break;
    }
    fl_buf_free(&args);
}

static enum tui_result review_request(struct tui_view *v, enum tui_action a)
{
    const char *steps[8];
    size_t n;
    char arg[96];
    const char *id = v->arg;
    switch (a) {
    case TUI_A_ACT:
        if (!tui_may_write(v))
            return TUI_HANDLED;
        n = intake_steps(v, steps, 7);
        steps[n] = NULL;
        if (n == 0) {
            tui_message(v->app, false, "%s",
                        _("no intake step is open to you on this filing now"));
        } else {
            struct tui_question q = {.label = _("step"), .choices = steps};
            tui_ask(v, ASK_STEP, &q, 1);
        }
        return TUI_HANDLED;
    case TUI_A_TAKE:
        if (tui_may_write(v))
            intake_route(v, v->env->login, ((struct review *)v->priv)->clerk, &id, 1, NULL);
        return TUI_HANDLED;
    case TUI_A_ASSIGN:
        if (tui_may_write(v))
            intake_ask_clerk(v, ASK_ROUTE, 1);
        return TUI_HANDLED;
    case TUI_A_RAW:
        snprintf(arg, sizeof arg, "filing:%s", v->arg);
        tui_open(v->app, tui_raw_view, arg);
        return TUI_HANDLED;
    case TUI_A_OPEN:
        tui_open(v->app, tui_case_view, v->arg);
        return TUI_HANDLED;
    default:
        return TUI_UNHANDLED;
    }
}

static const struct tui_view_ops review_ops = {
    .name = "review",
    .kind = TUI_PAGER,
    .priv_size = sizeof(struct review),
    .noun = N_("lines"),
    .noun_one = N_("line"),
    .open = review_open,
    .request = review_request,
    .answer = review_answer,
};

TUI_DEFINE_VIEW(review, review_ops);
