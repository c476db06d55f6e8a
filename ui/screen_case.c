/* The case screen: one case as a judge reads it, scrollable: who and what,
 * where it stands (state and every clock with its days left), the steps
 * the reader's role may take now, the parties and claims with their total,
 * the classification with every rule that fired and the text it matched in
 * its context, the events, the notes, and the rest of the filing.
 *
 * Actions: `a` asks which step (those fl_steps_possible gives the role
 * now), then what the step needs — the arguments `fenliu case STEP` takes
 * — and records it with fl_case_step, the command line's own function.
 * The step carries what the screen showed (fl_case_seen): when the case
 * changed meanwhile the step is refused, saying what changed, and the
 * screen reads the case again.  `n` keeps a note (shared or private). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "i18n.h"
#include "lifecycle.h"
#include "steps.h"
#include "tui.h"
#include "utf8.h"

#define LABEL_COLS 12
#define RULE_COLS 18
#define FIELD_COLS 15
#define CONTEXT_COLS 24 /* of text shown on each side of a match */

/* What the first pass over the decisions finds: the current one. */
struct current {
    bool has_amount;
    int64_t amount_fen;
    char flags[256];
};

/* "2026-03-02T09:15:00+08:00" as "2026-03-02 09:15". */
static void short_time(const char *at, char out[17])
{
    snprintf(out, 17, "%s", at ? at : "");
    if (strlen(out) == 16 && out[10] == 'T')
        out[10] = ' ';
}

static void blank(struct tui_view *v) { tui_add_line(v, TUI_S_NORMAL, 0, ""); }

static void section(struct tui_view *v, const char *title)
{
    blank(v);
    tui_add_line(v, TUI_S_SECTION, 0, title);
}

/* NAME (a label in the user's language, padded by its width) and the
 * value FMT makes, wrapped under the value. */
static void labelf(struct tui_view *v, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void labelf(struct tui_view *v, const char *name, const char *fmt, ...)
{
    struct fl_buf b = FL_BUF_INIT;
    fl_utf8_pad_whole(&b, name, LABEL_COLS - 1);
    va_list ap;
    va_start(ap, fmt);
    char *value = NULL;
    if (vasprintf(&value, fmt, ap) >= 0)
        fl_buf_puts(&b, value);
    va_end(ap);
    free(value);
    tui_add_line(v, TUI_S_NORMAL, LABEL_COLS, fl_buf_str(&b));
    fl_buf_free(&b);
}

static void label(struct tui_view *v, const char *name, const char *value)
{
    if (value && *value)
        labelf(v, name, "%s", value);
}

/* ---- the top: who and what --------------------------------------------------- */

static void add_summary(struct tui_view *v, const struct fl_case *c, const struct current *cur)
{
    const struct fl_filing *f = c->filing;
    char received[17], submitted[17];
    label(v, _("Case"), c->case_no ? c->case_no : _("- (not yet accepted)"));
    labelf(v, _("Filing"), "%s  (%s, %s)", f->id, f->type, f->channel ? f->channel : "-");
    labelf(v, _("Court"), "%s  %s", f->court, f->court_code ? f->court_code : "");
    label(v, _("Cause"), f->cause ? f->cause : "-");
    short_time(c->received_at, received);
    short_time(f->submitted, submitted);
    labelf(v, _("Received"), _("%s  (submitted %s)"), received, submitted);
    if (c->track)
        labelf(v, _("Track"), _("%s %s track, %s procedure"),
               strcmp(c->track, "simple") == 0 ? "简" : "繁", c->track,
               c->procedure ? c->procedure : "-");
    else
        label(v, _("Track"), _("- (not classified)"));
    label(v, _("Flags"), cur->flags[0] ? cur->flags : _("none"));
}

/* ---- where it stands: state and clocks -------------------------------------- */

enum tui_style case_level_style(bool has_clock, enum fl_level level, bool unknown_period)
{
    if (unknown_period)
        return TUI_S_ERROR;
    if (!has_clock)
        return TUI_S_NORMAL;
    switch (level) {
    case FL_LEVEL_OVERDUE: return TUI_S_OVERDUE;
    case FL_LEVEL_URGENT: return TUI_S_URGENT;
    case FL_LEVEL_WARNING: return TUI_S_WARNING;
    default: return TUI_S_NORMAL;
    }
}

enum tui_style case_clock_style(const struct fl_clock *k)
{
    return k ? case_level_style(true, k->level, k->unknown_period) : TUI_S_NORMAL;
}

static void clock_line(struct tui_view *v, const struct fl_clock *k)
{
    struct fl_buf b = FL_BUF_INIT;
    char start[11], due[11], until[11];
    fl_date_format(k->start, start);
    fl_date_format(k->due, due);
    fl_buf_printf(&b, "  %-19s", k->name);
    if (k->unknown_period)
        fl_buf_printf(&b, _("NO DUE DATE: the periods have no \"%s\" (fenliu periods)"),
                      k->period);
    else if (k->level == FL_LEVEL_NONE)
        fl_buf_printf(&b, _("no limit (period %s), from %s"), k->period, start);
    else if (k->left < 0)
        fl_buf_printf(&b,
                      ngettext("overdue by %d day (due %s%s)", "overdue by %d days (due %s%s)",
                               (unsigned long)-k->left),
                      -k->left, due, k->provisional ? _(", provisional") : "");
    else
        fl_buf_printf(&b,
                      ngettext("%d day left (due %s%s, %s)", "%d days left (due %s%s, %s)",
                               (unsigned long)k->left),
                      k->left, due, k->provisional ? _(", provisional") : "",
                      fl_level_name(k->level));
    if (!k->unknown_period && k->level != FL_LEVEL_NONE)
        fl_buf_printf(&b, _("; %d of %d days used"), k->used, k->total);
    if (k->excluded_days)
        fl_buf_printf(
            &b,
            ngettext("; %d day excluded", "; %d days excluded", (unsigned long)k->excluded_days),
            k->excluded_days);
    if (k->paused) {
        fl_date_format(k->paused_until, until);
        if (k->paused_until)
            fl_buf_printf(&b, _("; stopped until %s"), until);
        else
            fl_buf_puts(&b, _("; stopped"));
        if (k->paused_overdue)
            fl_buf_puts(&b, _(", PAST ITS EXPECTED END: restart it"));
    }
    tui_add_line(v, case_clock_style(k), 2 + 19, fl_buf_str(&b));
    fl_buf_free(&b);
}

static void add_state(struct tui_view *v, const struct fl_life *life, const struct fl_clock *k,
                      size_t n)
{
    section(v, _("State and clocks"));
    tui_add_linef(v, TUI_S_NORMAL, 2, _("  %s, %s procedure, judge %s"),
                  fl_state_name(life->state), life->procedure[0] ? life->procedure : "-",
                  life->judge[0] ? life->judge : "-");
    if (life->pending_convert[0] || life->pending_extend[0] || life->proposals_open)
        tui_add_linef(v, TUI_S_URGENT, 2, _("  waiting: %s%s%s"),
                      life->pending_convert[0] ? _("conversion to ordinary (approval) ") : "",
                      life->pending_extend[0] ? _("extension (approval) ") : "",
                      life->proposals_open ? _("a proposal to convert (judge)") : "");
    for (size_t i = 0; i < n; i++)
        clock_line(v, &k[i]);
    if (n == 0)
        tui_add_line(v, TUI_S_NORMAL, 2, _("  no clock running"));
}

/* ---- parties, claims, requests ------------------------------------------------ */

static void add_parties(struct tui_view *v, const struct fl_filing *f)
{
    static const char *const labels[] = {N_("ID number"), N_("nationality"), N_("address"),
                                         N_("representative")};
    section(v, _("Parties"));
    for (size_t i = 0; i < f->nparties; i++) {
        const struct fl_party *p = &f->parties[i];
        const char *values[] = {p->idno, p->nationality, p->address, p->representative};
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s  %s  (%s)", i + 1, p->role, p->name, p->kind);
        for (int k = 0; k < 4; k++) {
            if (!values[k] || !*values[k])
                continue;
            struct fl_buf b = FL_BUF_INIT;
            fl_buf_puts(&b, "     ");
            fl_utf8_pad_whole(&b, _(labels[k]), 15);
            fl_buf_puts(&b, values[k]);
            tui_add_line(v, TUI_S_NORMAL, 5 + 16, fl_buf_str(&b));
            fl_buf_free(&b);
        }
    }
}

/* The total claimed: as triage read it from the text, else the sum of the
 * claims' amount attributes. */
static void claims_heading(struct tui_view *v, const struct fl_filing *f, const struct current *cur)
{
    char total[40];
    int64_t sum;
    bool any = fl_filing_stated_total(f, &sum);
    blank(v);
    if (cur->has_amount || any) {
        fl_format_fen(cur->has_amount ? cur->amount_fen : sum, total, sizeof total);
        tui_add_linef(v, TUI_S_SECTION, 0, _("Claims: %zu, %s yuan in all"), f->nclaims, total);
    } else {
        tui_add_linef(v, TUI_S_SECTION, 0, _("Claims: %zu, no amount stated"), f->nclaims);
    }
}

void case_claim_lines(struct tui_view *v, const struct fl_filing *f)
{
    for (size_t i = 0; i < f->nclaims; i++) {
        char amount[40] = "";
        if (f->claims[i].has_amount)
            fl_format_fen(f->claims[i].amount_fen, amount, sizeof amount);
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s%s%s%s", i + 1, f->claims[i].text,
                      *amount ? "  (" : "", amount, *amount ? _(" yuan)") : "");
    }
    if (f->nrequests)
        section(v, _("Requests"));
    for (size_t i = 0; i < f->nrequests; i++)
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s: %s", i + 1, f->requests[i].kind,
                      f->requests[i].text ? f->requests[i].text : "");
}

static void add_claims(struct tui_view *v, const struct fl_filing *f, const struct current *cur)
{
    claims_heading(v, f, cur);
    case_claim_lines(v, f);
}

/* ---- the classification, with the matched text in its context -------------------- */

/* The text of a rule's FIELD ("claims[2]", "facts", "addresses[1]"…). */
static const char *field_text(const struct fl_filing *f, const char *field)
{
    static const char *const names[] = {"claims", "names", "addresses", "representatives",
                                        "requests"};
    size_t i = 0, n = strcspn(field, "[");
    const char *one[][2] = {{"cause", f->cause}, {"court", f->court}, {"facts", f->facts},
                            {"statement", f->bk.statement}, {"assets", f->bk.assets_text},
                            {"liabilities", f->bk.liabilities_text}};
    for (size_t k = 0; k < sizeof one / sizeof one[0]; k++)
        if (strcmp(field, one[k][0]) == 0)
            return one[k][1];
    if (field[n] != '[' || sscanf(field + n, "[%zu]", &i) != 1 || i == 0 ||
        strchr(field + n, '/'))
        return NULL;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (strlen(names[k]) != n || strncmp(field, names[k], n) != 0)
            continue;
        if (k == 0)
            return i <= f->nclaims ? f->claims[i - 1].text : NULL;
        if (k == 4)
            return i <= f->nrequests ? f->requests[i - 1].text : NULL;
        if (i > f->nparties)
            return NULL;
        const struct fl_party *p = &f->parties[i - 1];
        return k == 1 ? p->name : k == 2 ? p->address : p->representative;
    }
    return NULL;
}

/* Up to COLS columns of S[0..LEN) next to a match: its end (BEFORE) or its
 * start, "…" where cut, line breaks as spaces. */
static void context(struct fl_buf *out, const char *s, size_t len, int cols, bool before)
{
    size_t from = 0, to = len;
    int w = 0;
    if (before) {
        for (from = len; from > 0 && w < cols;) {
            size_t k = from - 1, adv;
            while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
                k--;
            w += fl_codepoint_width(fl_utf8_decode(s + k, len - k, &adv));
            from = k;
        }
    } else {
        size_t adv;
        for (to = 0; to < len && w < cols; to += adv)
            w += fl_codepoint_width(fl_utf8_decode(s + to, len - to, &adv));
    }
    if (before && from > 0)
        fl_buf_puts(out, "…");
    for (size_t i = from; i < to; i++)
        fl_buf_putc(out, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
    if (!before && to < len)
        fl_buf_puts(out, "…");
}

static void hit_line(struct tui_view *v, const struct fl_filing *f, const struct fl_hit_row *h,
                     bool decides)
{
    struct fl_buf prefix = FL_BUF_INIT, before = FL_BUF_INIT, after = FL_BUF_INIT;
    fl_buf_puts(&prefix, "    ");
    fl_utf8_pad_whole(&prefix, h->rule, RULE_COLS);
    fl_utf8_pad_whole(&prefix, *h->field ? h->field : (decides ? _("decides") : ""), FIELD_COLS);
    const char *text = *h->field ? field_text(f, h->field) : NULL;
    size_t mlen = strlen(h->text);
    if (text && h->offset >= 0 && (size_t)h->offset + mlen <= strlen(text) &&
        memcmp(text + h->offset, h->text, mlen) == 0) {
        context(&before, text, (size_t)h->offset, CONTEXT_COLS, true);
        context(&after, text + h->offset + mlen, strlen(text + h->offset + mlen), CONTEXT_COLS,
                false);
    }
    if (decides && *h->field)
        fl_buf_puts(&after, _("  (decides)"));
    tui_add_match(v, TUI_S_NORMAL, 4 + RULE_COLS + FIELD_COLS + 2, fl_buf_str(&prefix),
                  fl_buf_str(&before), h->text, fl_buf_str(&after), TUI_S_MATCH);
    fl_buf_free(&prefix);
    fl_buf_free(&before);
    fl_buf_free(&after);
}

struct decisions {
    struct tui_view *v;
    const struct fl_filing *f;
    struct current *cur;
};

static int find_current(void *ctx, const struct fl_decision_row *d, const struct fl_hit_row *hits,
                        size_t nhits, const char *const *failures, size_t nfailures)
{
    struct current *cur = ((struct decisions *)ctx)->cur;
    (void)hits, (void)nhits, (void)failures, (void)nfailures;
    if (d->has_amount || strcmp(d->kind, "judge") != 0) {
        cur->has_amount = d->has_amount;
        cur->amount_fen = d->amount_fen;
    }
    snprintf(cur->flags, sizeof cur->flags, "%s", d->flags ? d->flags : "");
    return 0;
}

static int add_decision(void *ctx, const struct fl_decision_row *d, const struct fl_hit_row *hits,
                        size_t nhits, const char *const *failures, size_t nfailures)
{
    struct decisions *dc = ctx;
    char at[17], amount[40];
    snprintf(amount, sizeof amount, "%s", _("unknown"));
    short_time(d->at, at);
    if (strcmp(d->kind, "judge") == 0) {
        tui_add_linef(dc->v, TUI_S_NORMAL, 4, _("  %s  judge %s: %s track, %s procedure"), at,
                      d->login ? d->login : "", d->track, d->procedure);
        tui_add_linef(dc->v, TUI_S_NORMAL, 12, _("    reason: %s"), d->reason ? d->reason : "");
        return 0;
    }
    if (d->has_amount)
        fl_format_fen(d->amount_fen, amount, sizeof amount);
    tui_add_linef(dc->v, TUI_S_NORMAL, 4, _("  %s  proposal by ruleset %s %s"), at,
                  d->ruleset_name ? d->ruleset_name : "?",
                  d->ruleset_version ? d->ruleset_version : "");
    tui_add_linef(dc->v, TUI_S_NORMAL, 4, _("    %s track, %s procedure; amount %s; flags: %s"),
                  d->track, d->procedure, amount, d->flags && *d->flags ? d->flags : _("none"));
    for (size_t i = 0; i < nhits; i++)
        hit_line(dc->v, dc->f, &hits[i],
                 d->decided_by && strcmp(d->decided_by, hits[i].rule) == 0);
    for (size_t i = 0; i < nfailures; i++)
        tui_add_linef(dc->v, TUI_S_ERROR, 4, _("    FAILED %s"), failures[i]);
    return 0;
}

/* ---- events, and the rest of the filing --------------------------------------------- */

static void add_events(struct tui_view *v, const struct fl_case_life *c)
{
    section(v, _("Events"));
    if (c->nevents == 0)
        tui_add_line(v, TUI_S_NORMAL, 2, _("  none yet: the case is as it was filed"));
    for (size_t i = 0; i < c->nevents; i++) {
        const struct fl_event *e = &c->events[i];
        char date[11];
        fl_date_format(e->effective, date);
        struct fl_buf b = FL_BUF_INIT;
        fl_buf_printf(&b, "  %s  ", date);
        fl_utf8_pad_whole(&b, e->kind, 18);
        /* "by LOGIN" ends the line (tests put LOGIN in place of the login). */
        fl_buf_printf(&b, "%s %s", _("by"), e->login ? e->login : "?");
        tui_add_line(v, TUI_S_NORMAL, 14, fl_buf_str(&b));
        fl_buf_free(&b);
        if (e->args && *e->args) {
            struct fl_buf args = FL_BUF_INIT;
            for (const char *p = e->args; *p; p++)
                if (*p != '\n' || p[1])
                    fl_buf_puts(&args, *p == '\n' ? ", " : (char[]){*p, 0});
            tui_add_linef(v, TUI_S_DIM, 14, "              %s", fl_buf_str(&args));
            fl_buf_free(&args);
        }
        if (e->reason && *e->reason)
            tui_add_linef(v, TUI_S_NORMAL, 14, _("              reason: %s"), e->reason);
    }
}

static void add_bankruptcy(struct tui_view *v, const struct fl_bankruptcy *k)
{
    char s[40];
    section(v, _("Bankruptcy"));
    label(v, _("  procedure"), k->procedure);
    label(v, _("  petitioner"), k->petitioner);
    if (k->has_assets_value) {
        fl_format_fen(k->assets_fen, s, sizeof s);
        labelf(v, _("  assets"), _("%s yuan"), s);
    }
    if (k->has_liabilities_value) {
        fl_format_fen(k->liabilities_fen, s, sizeof s);
        labelf(v, _("  debts"), _("%s yuan"), s);
    }
    if (k->has_creditors)
        labelf(v, _("  creditors"), "%lld", (long long)k->creditors);
    if (k->has_employees)
        labelf(v, _("  employees"), "%lld", (long long)k->employees);
    if (k->unpaid_wages >= 0)
        label(v, _("  wages"), k->unpaid_wages ? _("unpaid wages") : _("no unpaid wages"));
    if (k->statement && *k->statement)
        tui_add_para(v, TUI_S_NORMAL, 2, k->statement);
}

static void add_rest(struct tui_view *v, const struct fl_filing *f)
{
    if (f->nattachments)
        section(v, _("Attachments"));
    for (size_t i = 0; i < f->nattachments; i++)
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s%s%s", i + 1, f->attachments[i].name,
                      f->attachments[i].sha256 ? "  sha256 " : "",
                      f->attachments[i].sha256 ? f->attachments[i].sha256 : "");
    if (f->has_bankruptcy)
        add_bankruptcy(v, &f->bk);
    if (f->facts && *f->facts) {
        section(v, _("Facts"));
        tui_add_para(v, TUI_S_NORMAL, 2, f->facts);
    }
}

/* ---- the screen: what it shows ----------------------------------------------------- */

/* What the screen read, for the steps taken on it. */
struct case_priv {
    char key[72];  /* the filing id: steps and notes name the case by it */
    char type[16]; /* civil, bankruptcy */
    bool life_ok;  /* its events could be read */
    struct fl_life life;
    struct fl_case_seen seen; /* what the screen shows: a step compares it */
};

static void add_actions(struct tui_view *v, const struct fl_life *life)
{
    const char *steps[32];
    const char *role = v->env->role;
    section(v, _("Actions (a: take a step; n: add a note)"));
    if (!role || !*role) {
        tui_add_line(v, TUI_S_DIM, 4,
                     _("  read-only: you are not a fenliu user (an admin adds you with "
                       "`fenliu user add`)"));
        return;
    }
    size_t n = fl_steps_possible(life, role, v->env->login, steps, 32);
    struct fl_buf b = FL_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        fl_buf_printf(&b, "%s%s", i ? ", " : "", steps[i]);
    if (n)
        tui_add_linef(v, TUI_S_NORMAL, 4, _("  as %s you may: %s"), role, fl_buf_str(&b));
    else
        tui_add_linef(v, TUI_S_NORMAL, 4, _("  as %s: no step now"), role);
    fl_buf_free(&b);
}

struct notes {
    struct tui_view *v;
    int n;
};

static int add_note(void *ctx, const char *author, bool private_note, const char *text,
                    const char *at)
{
    struct notes *ns = ctx;
    char when[17];
    short_time(at, when);
    /* "by LOGIN" ends the line (tests put LOGIN in place of the login). */
    tui_add_linef(ns->v, TUI_S_LABEL, 4, _("  %s  %s, by %s"), when,
                  private_note ? _("private (only you see it)") : _("shared"),
                  author ? author : "?");
    tui_add_para(ns->v, TUI_S_NORMAL, 6, text ? text : "");
    ns->n++;
    return 0;
}

static void add_notes(struct tui_view *v, int64_t case_id)
{
    struct notes ns = {v, 0};
    struct fl_error err;
    section(v, _("Notes"));
    if (fl_db_case_notes(v->env->db, case_id, v->env->login ? v->env->login : "", add_note, &ns,
                         &err) != FL_OK)
        tui_add_linef(v, TUI_S_ERROR, 2, _("  cannot read them: %s"), err.msg);
    else if (ns.n == 0)
        tui_add_line(v, TUI_S_NORMAL, 2, _("  none yet"));
}

static enum fl_status case_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    struct case_priv *p = v->priv;
    struct fl_case *c;
    struct current cur = {0};
    enum fl_status st = fl_db_load_case(v->env->db, arg ? arg : "", &c, err);
    if (st != FL_OK)
        return st;
    struct decisions dc = {v, c->filing, &cur};
    snprintf(v->title, sizeof v->title, _("Case %s"), c->case_no ? c->case_no : c->filing->id);
    snprintf(p->key, sizeof p->key, "%s", c->filing->id);
    /* State, clocks and events, read once: what a step made here expects.
     * A case whose events cannot be read still shows the rest, saying so. */
    struct fl_case_life life = {0};
    struct fl_error lerr;
    p->life_ok = fl_db_case_life(v->env->db, c->filing->id, &life, &lerr) == FL_OK;
    if (p->life_ok) {
        snprintf(p->type, sizeof p->type, "%s", life.type);
        fl_life_replay(&p->life, life.received, life.procedure, life.foreign, life.events,
                       life.nevents);
        p->seen = fl_case_seen_of(&life);
    }
    st = fl_db_case_decisions(v->env->db, c->id, find_current, &dc, err);
    add_summary(v, c, &cur);
    if (p->life_ok) {
        struct fl_clock k[FL_MAX_CLOCKS];
        add_state(v, &p->life, k,
                  fl_life_clocks(&p->life, v->env->cal, v->env->periods, v->env->today, k));
        add_actions(v, &p->life);
    } else {
        section(v, _("State and clocks"));
        tui_add_linef(v, TUI_S_ERROR, 2, _("  cannot read them: %s"), lerr.msg);
    }
    add_parties(v, c->filing);
    add_claims(v, c->filing, &cur);
    section(v, _("Classification"));
    if (st == FL_OK)
        st = fl_db_case_decisions(v->env->db, c->id, add_decision, &dc, err);
    if (p->life_ok) {
        add_events(v, &life);
    } else {
        section(v, _("Events"));
        tui_add_linef(v, TUI_S_ERROR, 2, _("  cannot read them: %s"), lerr.msg);
    }
    add_notes(v, c->id);
    add_rest(v, c->filing);
    fl_case_life_free(&life);
    fl_case_free(c);
    return st;
}

/* ---- the screen: taking steps ---------------------------------------------------------- */

enum { TAG_CHOOSE = 1, TAG_NOTE, TAG_STEP = 100 };

/* How an answer becomes part of the step. */
enum field {
    F_ARG,    /* KEY=answer (omitted when empty) */
    F_DATE,   /* KEY=answer, a date (YYYY-MM-DD); omitted when empty */
    F_YES,    /* KEY=yes when the answer is yes */
    F_REASON, /* the step's reason */
    F_DAY,    /* the day it takes effect */
};

#define MAX_NAMES 32

/* A step's questions: the same for asking and for reading the answers. */
struct form {
    const char *kind;
    size_t n;
    struct tui_question q[TUI_MAX_QUESTIONS];
    enum field field[TUI_MAX_QUESTIONS];
    const char *key[TUI_MAX_QUESTIONS];
    char names[MAX_NAMES][64]; /* choices read from the database */
    const char *choices[MAX_NAMES + 1];
    size_t nnames;
    char today[11];
};

static const char *const YES_NO[] = {"yes", "no", NULL};
static const char *const NO_YES[] = {"no", "yes", NULL};
static const char *const RESULTS[] = {"settled", "failed", NULL};
static const char *const PROCEDURES[] = {"fast-adjudication", "small-claims", "summary",
                                         "ordinary", NULL};
static const char *const TO[] = {"ordinary", NULL};
static const char *const HOW[] = {"judgment", "mediation", "withdrawal", "dismissal", "transfer",
                                  NULL};
static const char *const TRACKS[] = {"simple", "complex", NULL};
static const char *const CIVIL_PROCEDURES[] = {"small-claims", "summary", "ordinary", NULL};
static const char *const BANKRUPTCY_PROCEDURES[] = {"simple", "ordinary", NULL};

static void ask(struct form *f, enum field field, const char *key, const char *label,
                const char *const *choices, bool optional, const char *initial)
{
    if (f->n == TUI_MAX_QUESTIONS)
        return;
    f->q[f->n] = (struct tui_question){label, choices, initial, optional};
    f->field[f->n] = field;
    f->key[f->n] = key;
    f->n++;
}

static void add_name(struct form *f, const char *name)
{
    if (f->nnames < MAX_NAMES) {
        snprintf(f->names[f->nnames], sizeof f->names[0], "%s", name);
        f->choices[f->nnames] = f->names[f->nnames];
        f->choices[++f->nnames] = NULL;
    }
}

struct role_names {
    struct form *f;
    const char *role;
};

static int collect_user(void *ctx, const char *login, const char *role, const char *by,
                        const char *at)
{
    struct role_names *rn = ctx;
    (void)by, (void)at;
    if (strcmp(role, rn->role) == 0)
        add_name(rn->f, login);
    return 0;
}

/* The logins with ROLE as F's choices (NULL when there are none: free text). */
static const char *const *users_with(struct tui_view *v, struct form *f, const char *role)
{
    struct role_names rn = {f, role};
    struct fl_error err;
    f->nnames = 0;
    f->choices[0] = NULL;
    fl_db_users(v->env->db, collect_user, &rn, &err);
    return f->nnames ? f->choices : NULL;
}

/* The questions of step KIND on the case as the screen read it. */
static void make_form(struct tui_view *v, const char *kind, struct form *f)
{
    const struct case_priv *p = v->priv;
    const struct fl_life *l = &p->life;
    memset(f, 0, sizeof *f);
    f->kind = kind;
    fl_date_format(v->env->today, f->today);
    bool reason_needed = fl_step_needs_reason(kind), dated = true;
    if (strcmp(kind, "return") == 0) {
        ask(f, F_ARG, "reasons", _("reasons (e.g. parties,claims)"), NULL, false, NULL);
        ask(f, F_ARG, "note", _("what to correct"), NULL, true, NULL);
        ask(f, F_DATE, "by", _("correct by (YYYY-MM-DD)"), NULL, true, NULL);
    } else if (strcmp(kind, "mediate") == 0 && l->state == FL_ST_FILED) {
        ask(f, F_YES, "consent", _("the parties consent (委派调解)"), YES_NO, false, NULL);
    } else if (strcmp(kind, "mediation-end") == 0) {
        ask(f, F_ARG, "result", _("result"), RESULTS, false, NULL);
        ask(f, F_YES, "confirmed", _("confirmed by the court"), NO_YES, false, "no");
    } else if (strcmp(kind, "assign") == 0) {
        ask(f, F_ARG, "judge", _("judge"), users_with(v, f, "judge"), false, NULL);
        ask(f, F_ARG, "procedure", _("procedure (empty: as it is)"), PROCEDURES, true, NULL);
    } else if (strcmp(kind, "convert") == 0) {
        ask(f, F_ARG, "to", _("convert to"), TO, false, "ordinary");
    } else if (strcmp(kind, "suspend") == 0) {
        ask(f, F_ARG, "kind", _("ground"), FL_SUSPEND_KINDS, false, NULL);
        ask(f, F_DATE, "until", _("expected end (YYYY-MM-DD)"), NULL, false, NULL);
    } else if (strcmp(kind, "resume") == 0) {
        for (size_t i = 0; i < l->nintervals; i++)
            if (!l->intervals[i].end && strcmp(l->intervals[i].kind, "pre-suit-mediation") != 0)
                add_name(f, l->intervals[i].kind);
        ask(f, F_ARG, "kind", _("ground (empty: the last)"), f->nnames ? f->choices : NULL, true,
            f->nnames == 1 ? f->names[0] : NULL);
    } else if (strcmp(kind, "extend") == 0) {
        ask(f, F_ARG, "length", _("length (30d, 10wd, 1m)"), NULL, false, NULL);
    } else if (strcmp(kind, "approve") == 0 || strcmp(kind, "decline") == 0) {
        if (l->pending_convert[0])
            add_name(f, "convert");
        if (l->pending_extend[0])
            add_name(f, "extend");
        ask(f, F_ARG, "what", _("the request"), f->nnames ? f->choices : NULL, false,
            f->nnames == 1 ? f->names[0] : NULL);
    } else if (strcmp(kind, "close") == 0) {
        ask(f, F_ARG, "how", _("how"), HOW, false, NULL);
    } else if (strcmp(kind, "route") == 0) {
        bool clerk = v->env->role && strcmp(v->env->role, "clerk") == 0;
        const char *const *to = users_with(v, f, "clerk");
        ask(f, F_ARG, "clerk", _("to the clerk"), to, false, clerk ? v->env->login : NULL);
    } else if (strcmp(kind, "retrack") == 0) {
        dated = false;
        ask(f, F_ARG, "track", _("track"), TRACKS, false, NULL);
        ask(f, F_ARG, "procedure", _("procedure"),
            strcmp(p->type, "bankruptcy") == 0 ? BANKRUPTCY_PROCEDURES : CIVIL_PROCEDURES, false,
            NULL);
    }
    ask(f, F_REASON, NULL, reason_needed ? _("reason") : _("reason (may be empty)"), NULL,
        !reason_needed, NULL);
    if (dated)
        ask(f, F_DAY, NULL, _("takes effect on"), NULL, false, f->today);
}

/* Ask the questions of KIND, starting from ANSWERS (NULL: the defaults). */
static void ask_form(struct tui_view *v, int tag, const char *kind, char *const *answers,
                     size_t n)
{
    struct form f;
    make_form(v, kind, &f);
    for (size_t i = 0; answers && i < n && i < f.n; i++)
        f.q[i].initial = answers[i];
    tui_ask(v, tag, f.q, f.n);
}

/* The index of KIND among the kinds (FL_EVENT_KINDS, then retrack). */
static int kind_index(const char *kind)
{
    int i = 0;
    for (; FL_EVENT_KINDS[i]; i++)
        if (strcmp(FL_EVENT_KINDS[i], kind) == 0)
            return i;
    return strcmp(kind, "retrack") == 0 ? i : -1;
}

static const char *kind_at(int index)
{
    int i = 0;
    for (; FL_EVENT_KINDS[i]; i++)
        if (i == index)
            return FL_EVENT_KINDS[i];
    return index == i ? "retrack" : NULL;
}

static void choose_step(struct tui_view *v)
{
    struct case_priv *p = v->priv;
    if (!tui_may_write(v))
        return;
    if (!p->life_ok) {
        tui_message(v->app, true, "%s", _("the case's events cannot be read: no step now"));
        return;
    }
    const char *steps[32];
    size_t n = fl_steps_possible(&p->life, v->env->role, v->env->login, steps, 31);
    if (n == 0) {
        tui_message(v->app, false, _("as %s you may take no step on this case now"),
                    v->env->role);
        return;
    }
    steps[n] = NULL;
    struct tui_question q = {_("step"), steps, NULL, false};
    tui_ask(v, TAG_CHOOSE, &q, 1);
}

/* What the case is now, after a step: "(2026)川0191民初3号 is accepted,
 * small-claims procedure". */
static void say_done(struct tui_view *v, const char *kind)
{
    struct case_priv *p = v->priv;
    struct fl_case_life c;
    struct fl_error err;
    if (fl_db_case_life(v->env->db, p->key, &c, &err) != FL_OK) {
        tui_message(v->app, false, _("%s recorded"), kind);
        return;
    }
    struct fl_life life;
    fl_life_replay(&life, c.received, c.procedure, c.foreign, c.events, c.nevents);
    tui_message(v->app, false, _("%s recorded: %s is %s (%s)"), kind,
                c.case_no[0] ? c.case_no : c.filing_id, fl_state_name(life.state),
                life.procedure);
    fl_case_life_free(&c);
}

static void take_step(struct tui_view *v, int tag, const char *kind, char *const *answers,
                      size_t n)
{
    struct case_priv *p = v->priv;
    struct form f;
    make_form(v, kind, &f);
    struct fl_buf args = FL_BUF_INIT;
    const char *reason = NULL;
    fl_date day = v->env->today, d;
    for (size_t i = 0; i < n && i < f.n; i++) {
        const char *a = answers[i];
        if ((f.field[i] == F_DATE && *a && !fl_date_parse(a, &d)) ||
            (f.field[i] == F_DAY && !fl_date_parse(a, &day))) {
            tui_message(v->app, true, _("%s: \"%s\" is not a date (YYYY-MM-DD)"), f.q[i].label,
                        a);
            ask_form(v, tag, kind, answers, n);
            fl_buf_free(&args);
            return;
        }
        if ((f.field[i] == F_ARG || f.field[i] == F_DATE) && *a)
            fl_buf_printf(&args, "%s=%s\n", f.key[i], a);
        else if (f.field[i] == F_YES && strcmp(a, "yes") == 0)
            fl_buf_printf(&args, "%s=yes\n", f.key[i]);
        else if (f.field[i] == F_REASON && *a)
            reason = a;
    }
    struct fl_step s = {.key = p->key,
                        .kind = kind,
                        .args = fl_buf_str(&args),
                        .reason = reason,
                        .login = v->env->login,
                        .effective = day,
                        .expect = p->seen};
    struct fl_error err;
    enum fl_status st = fl_case_step(v->env->db, &s, v->env->cal, v->env->periods, &err);
    fl_buf_free(&args);
    switch (st) {
    case FL_OK:
        say_done(v, kind);
        tui_reload(v);
        break;
    case FL_ECONFLICT: /* what changed shows now; nothing was lost */
        tui_message(v->app, true, _("%s — the screen shows it now"), err.msg);
        tui_reload(v);
        break;
    case FL_EBUSY: /* the same answers, for another try */
        tui_message(v->app, true, _("%s (your answers are kept: Enter tries again)"), err.msg);
        ask_form(v, tag, kind, answers, n);
        break;
    default:
        tui_message(v->app, true, "%s", err.msg);
    }
}

/* ---- the screen: notes --------------------------------------------------------------- */

static const char *const NOTE_KINDS[] = {"shared", "private", NULL};

static void ask_note(struct tui_view *v, char *const *answers)
{
    struct tui_question q[2] = {
        {_("note"), NOTE_KINDS, answers ? answers[0] : NULL, false},
        {_("text"), NULL, answers ? answers[1] : NULL, false},
    };
    tui_ask(v, TAG_NOTE, q, 2);
}

static void keep_note(struct tui_view *v, char *const *answers)
{
    struct case_priv *p = v->priv;
    struct fl_error err;
    bool private_note = strcmp(answers[0], "private") == 0;
    enum fl_status st =
        fl_case_note(v->env->db, p->key, v->env->login, private_note, answers[1], &err);
    if (st == FL_OK) {
        tui_message(v->app, false, "%s",
                    private_note ? _("note kept, private: only you see it")
                                 : _("note kept, shared: everyone who opens the case sees it"));
        tui_reload(v);
    } else if (st == FL_EBUSY) {
        tui_message(v->app, true, _("%s (your note is kept: Enter tries again)"), err.msg);
        ask_note(v, answers);
    } else {
        tui_message(v->app, true, "%s", err.msg);
    }
}

/* ---- the screen: its ops ---------------------------------------------------------------- */

static enum tui_result case_request(struct tui_view *v, enum tui_action a)
{
    if (a == TUI_A_ACT) {
        choose_step(v);
        return TUI_HANDLED;
    }
    if (a == TUI_A_NOTE) {
        if (tui_may_write(v))
            ask_note(v, NULL);
        return TUI_HANDLED;
    }
    return TUI_UNHANDLED;
}

static void case_answer(struct tui_view *v, int tag, char *const *answers, size_t n)
{
    if (tag == TAG_CHOOSE && n == 1) {
        int k = kind_index(answers[0]);
        if (k >= 0)
            ask_form(v, TAG_STEP + k, answers[0], NULL, 0);
    } else if (tag == TAG_NOTE && n == 2) {
        keep_note(v, answers);
    } else if (tag >= TAG_STEP && kind_at(tag - TAG_STEP)) {
        take_step(v, tag, kind_at(tag - TAG_STEP), answers, n);
    }
}

static const struct tui_view_ops case_ops = {
    .name = "case",
    .kind = TUI_PAGER,
    .priv_size = sizeof(struct case_priv),
    .noun = "lines",
    .open = case_open,
    .request = case_request,
    .answer = case_answer,
};

TUI_DEFINE_VIEW(case, case_ops);
