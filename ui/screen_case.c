/* The case screen: one case as a judge reads it, scrollable: who and what,
 * where it stands (state and every clock with its days left), the parties
 * and claims with their total, the classification with every rule that
 * fired and the text it matched in its context, the events, and the rest
 * of the filing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"
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

static void label(struct tui_view *v, const char *name, const char *value)
{
    if (value && *value)
        tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%s", LABEL_COLS, name, value);
}

/* Append S padded to COLS columns (never cut), and a space. */
static void pad(struct fl_buf *b, const char *s, size_t cols)
{
    size_t w = fl_utf8_width(s);
    fl_buf_puts(b, s);
    for (; w < cols; w++)
        fl_buf_putc(b, ' ');
    fl_buf_putc(b, ' ');
}

/* ---- the top: who and what --------------------------------------------------- */

static void add_summary(struct tui_view *v, const struct fl_case *c, const struct current *cur)
{
    const struct fl_filing *f = c->filing;
    char received[17], submitted[17];
    label(v, "Case", c->case_no ? c->case_no : "- (not yet accepted)");
    tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%s  (%s, %s)", LABEL_COLS, "Filing", f->id,
                  f->type, f->channel ? f->channel : "-");
    tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%s  %s", LABEL_COLS, "Court", f->court,
                  f->court_code ? f->court_code : "");
    label(v, "Cause", f->cause ? f->cause : "-");
    short_time(c->received_at, received);
    short_time(f->submitted, submitted);
    tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%s  (submitted %s)", LABEL_COLS, "Received",
                  received, submitted);
    if (c->track)
        tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%s %s track, %s procedure", LABEL_COLS,
                      "Track", strcmp(c->track, "simple") == 0 ? "简" : "繁", c->track,
                      c->procedure ? c->procedure : "-");
    else
        label(v, "Track", "- (not classified)");
    label(v, "Flags", cur->flags[0] ? cur->flags : "none");
}

/* ---- where it stands: state and clocks -------------------------------------- */

static enum tui_style level_style(const struct fl_clock *k)
{
    if (k->unknown_period)
        return TUI_S_ERROR;
    switch (k->level) {
    case FL_LEVEL_OVERDUE: return TUI_S_OVERDUE;
    case FL_LEVEL_URGENT: return TUI_S_URGENT;
    case FL_LEVEL_WARNING: return TUI_S_WARNING;
    default: return TUI_S_NORMAL;
    }
}

static void clock_line(struct tui_view *v, const struct fl_clock *k)
{
    struct fl_buf b = FL_BUF_INIT;
    char start[11], due[11], until[11];
    fl_date_format(k->start, start);
    fl_date_format(k->due, due);
    fl_buf_printf(&b, "  %-19s", k->name);
    if (k->unknown_period)
        fl_buf_printf(&b, "NO DUE DATE: the periods have no \"%s\" (fenliu periods)", k->period);
    else if (k->level == FL_LEVEL_NONE)
        fl_buf_printf(&b, "no limit (foreign-related), from %s", start);
    else if (k->left < 0)
        fl_buf_printf(&b, "overdue by %d days (due %s%s)", -k->left, due,
                      k->provisional ? ", provisional" : "");
    else
        fl_buf_printf(&b, "%d days left (due %s%s, %s)", k->left, due,
                      k->provisional ? ", provisional" : "", fl_level_name(k->level));
    if (!k->unknown_period && k->level != FL_LEVEL_NONE)
        fl_buf_printf(&b, "; %d of %d days used", k->used, k->total);
    if (k->excluded_days)
        fl_buf_printf(&b, "; %d days excluded", k->excluded_days);
    if (k->paused) {
        fl_date_format(k->paused_until, until);
        fl_buf_printf(&b, "; stopped%s%s%s", k->paused_until ? " until " : "",
                      k->paused_until ? until : "",
                      k->paused_overdue ? ", PAST ITS EXPECTED END: restart it" : "");
    }
    tui_add_line(v, level_style(k), 2 + 19, fl_buf_str(&b));
    fl_buf_free(&b);
}

static void add_state(struct tui_view *v, const struct fl_life *life, const struct fl_clock *k,
                      size_t n)
{
    section(v, "State and clocks");
    tui_add_linef(v, TUI_S_NORMAL, 2, "  %s, %s procedure, judge %s", fl_state_name(life->state),
                  life->procedure[0] ? life->procedure : "-", life->judge[0] ? life->judge : "-");
    if (life->pending_convert[0] || life->pending_extend[0] || life->proposals_open)
        tui_add_linef(v, TUI_S_URGENT, 2, "  waiting: %s%s%s",
                      life->pending_convert[0] ? "conversion to ordinary (approval) " : "",
                      life->pending_extend[0] ? "extension (approval) " : "",
                      life->proposals_open ? "a proposal to convert (judge)" : "");
    for (size_t i = 0; i < n; i++)
        clock_line(v, &k[i]);
    if (n == 0)
        tui_add_line(v, TUI_S_NORMAL, 2, "  no clock running");
}

/* ---- parties, claims, requests ------------------------------------------------ */

static void add_parties(struct tui_view *v, const struct fl_filing *f)
{
    static const char *const labels[] = {"ID number", "nationality", "address", "representative"};
    section(v, "Parties");
    for (size_t i = 0; i < f->nparties; i++) {
        const struct fl_party *p = &f->parties[i];
        const char *values[] = {p->idno, p->nationality, p->address, p->representative};
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s  %s  (%s)", i + 1, p->role, p->name, p->kind);
        for (int k = 0; k < 4; k++)
            if (values[k] && *values[k])
                tui_add_linef(v, TUI_S_NORMAL, 5 + 16, "     %-16s%s", labels[k], values[k]);
    }
}

/* The total claimed: as triage read it from the text, else the sum of the
 * claims' amount attributes. */
static void claims_heading(struct tui_view *v, const struct fl_filing *f, const struct current *cur)
{
    char total[40];
    int64_t sum = 0;
    bool any = false;
    for (size_t i = 0; i < f->nclaims; i++)
        if (f->claims[i].has_amount)
            sum += f->claims[i].amount_fen, any = true;
    blank(v);
    if (cur->has_amount || any) {
        fl_format_fen(cur->has_amount ? cur->amount_fen : sum, total, sizeof total);
        tui_add_linef(v, TUI_S_SECTION, 0, "Claims: %zu, %s yuan in all", f->nclaims, total);
    } else {
        tui_add_linef(v, TUI_S_SECTION, 0, "Claims: %zu, no amount stated", f->nclaims);
    }
}

static void add_claims(struct tui_view *v, const struct fl_filing *f, const struct current *cur)
{
    claims_heading(v, f, cur);
    for (size_t i = 0; i < f->nclaims; i++) {
        char amount[40] = "";
        if (f->claims[i].has_amount)
            fl_format_fen(f->claims[i].amount_fen, amount, sizeof amount);
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s%s%s%s", i + 1, f->claims[i].text,
                      *amount ? "  (" : "", amount, *amount ? " yuan)" : "");
    }
    if (f->nrequests)
        section(v, "Requests");
    for (size_t i = 0; i < f->nrequests; i++)
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s: %s", i + 1, f->requests[i].kind,
                      f->requests[i].text ? f->requests[i].text : "");
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
    pad(&prefix, h->rule, RULE_COLS);
    pad(&prefix, *h->field ? h->field : (decides ? "decides" : ""), FIELD_COLS);
    const char *text = *h->field ? field_text(f, h->field) : NULL;
    size_t mlen = strlen(h->text);
    if (text && h->offset >= 0 && (size_t)h->offset + mlen <= strlen(text) &&
        memcmp(text + h->offset, h->text, mlen) == 0) {
        context(&before, text, (size_t)h->offset, CONTEXT_COLS, true);
        context(&after, text + h->offset + mlen, strlen(text + h->offset + mlen), CONTEXT_COLS,
                false);
    }
    if (decides && *h->field)
        fl_buf_puts(&after, "  (decides)");
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
    char at[17], amount[40] = "unknown";
    short_time(d->at, at);
    if (strcmp(d->kind, "judge") == 0) {
        tui_add_linef(dc->v, TUI_S_NORMAL, 4, "  %s  judge %s: %s track, %s procedure", at,
                      d->login ? d->login : "", d->track, d->procedure);
        tui_add_linef(dc->v, TUI_S_NORMAL, 12, "    reason: %s", d->reason ? d->reason : "");
        return 0;
    }
    if (d->has_amount)
        fl_format_fen(d->amount_fen, amount, sizeof amount);
    tui_add_linef(dc->v, TUI_S_NORMAL, 4, "  %s  proposal by ruleset %s %s", at,
                  d->ruleset_name ? d->ruleset_name : "?",
                  d->ruleset_version ? d->ruleset_version : "");
    tui_add_linef(dc->v, TUI_S_NORMAL, 4, "    %s track, %s procedure; amount %s; flags: %s",
                  d->track, d->procedure, amount, d->flags && *d->flags ? d->flags : "none");
    for (size_t i = 0; i < nhits; i++)
        hit_line(dc->v, dc->f, &hits[i],
                 d->decided_by && strcmp(d->decided_by, hits[i].rule) == 0);
    for (size_t i = 0; i < nfailures; i++)
        tui_add_linef(dc->v, TUI_S_ERROR, 4, "    FAILED %s", failures[i]);
    return 0;
}

/* ---- events, and the rest of the filing --------------------------------------------- */

static void add_events(struct tui_view *v, const struct fl_case_life *c)
{
    section(v, "Events");
    if (c->nevents == 0)
        tui_add_line(v, TUI_S_NORMAL, 2, "  none yet: the case is as it was filed");
    for (size_t i = 0; i < c->nevents; i++) {
        const struct fl_event *e = &c->events[i];
        char date[11];
        fl_date_format(e->effective, date);
        tui_add_linef(v, TUI_S_NORMAL, 14, "  %s  %-18s by %s", date, e->kind,
                      e->login ? e->login : "?");
        if (e->args && *e->args) {
            struct fl_buf args = FL_BUF_INIT;
            for (const char *p = e->args; *p; p++)
                if (*p != '\n' || p[1])
                    fl_buf_puts(&args, *p == '\n' ? ", " : (char[]){*p, 0});
            tui_add_linef(v, TUI_S_DIM, 14, "              %s", fl_buf_str(&args));
            fl_buf_free(&args);
        }
        if (e->reason && *e->reason)
            tui_add_linef(v, TUI_S_NORMAL, 14, "              reason: %s", e->reason);
    }
}

static void add_bankruptcy(struct tui_view *v, const struct fl_bankruptcy *k)
{
    char s[40];
    section(v, "Bankruptcy");
    label(v, "  procedure", k->procedure);
    label(v, "  petitioner", k->petitioner);
    if (k->has_assets_value) {
        fl_format_fen(k->assets_fen, s, sizeof s);
        tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%s yuan", LABEL_COLS, "  assets", s);
    }
    if (k->has_liabilities_value) {
        fl_format_fen(k->liabilities_fen, s, sizeof s);
        tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%s yuan", LABEL_COLS, "  debts", s);
    }
    if (k->has_creditors)
        tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%lld", LABEL_COLS, "  creditors",
                      (long long)k->creditors);
    if (k->has_employees)
        tui_add_linef(v, TUI_S_NORMAL, LABEL_COLS, "%-*s%lld", LABEL_COLS, "  employees",
                      (long long)k->employees);
    if (k->unpaid_wages >= 0)
        label(v, "  wages", k->unpaid_wages ? "unpaid wages" : "no unpaid wages");
    if (k->statement && *k->statement)
        tui_add_para(v, TUI_S_NORMAL, 2, k->statement);
}

static void add_rest(struct tui_view *v, const struct fl_filing *f)
{
    if (f->nattachments)
        section(v, "Attachments");
    for (size_t i = 0; i < f->nattachments; i++)
        tui_add_linef(v, TUI_S_NORMAL, 5, "  %zu. %s%s%s", i + 1, f->attachments[i].name,
                      f->attachments[i].sha256 ? "  sha256 " : "",
                      f->attachments[i].sha256 ? f->attachments[i].sha256 : "");
    if (f->has_bankruptcy)
        add_bankruptcy(v, &f->bk);
    if (f->facts && *f->facts) {
        section(v, "Facts");
        tui_add_para(v, TUI_S_NORMAL, 2, f->facts);
    }
}

/* ---- the screen --------------------------------------------------------------------- */

/* State, clocks and events (a case whose events cannot be read still
 * shows the rest, saying so). */
static void add_life(struct tui_view *v, const char *key, bool events)
{
    struct fl_case_life c = {0};
    struct fl_error err;
    if (fl_db_case_life(v->env->db, key, &c, &err) != FL_OK) {
        section(v, events ? "Events" : "State and clocks");
        tui_add_linef(v, TUI_S_ERROR, 2, "  cannot read them: %s", err.msg);
        return;
    }
    struct fl_life life;
    struct fl_clock k[FL_MAX_CLOCKS];
    fl_life_replay(&life, c.received, c.procedure, c.foreign, c.events, c.nevents);
    if (events)
        add_events(v, &c);
    else
        add_state(v, &life, k, fl_life_clocks(&life, v->env->cal, v->env->periods,
                                              v->env->today, k));
    fl_case_life_free(&c);
}

static enum fl_status case_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    struct fl_case *c;
    struct current cur = {0};
    enum fl_status st = fl_db_load_case(v->env->db, arg ? arg : "", &c, err);
    if (st != FL_OK)
        return st;
    struct decisions dc = {v, c->filing, &cur};
    snprintf(v->title, sizeof v->title, "Case %s", c->case_no ? c->case_no : c->filing->id);
    st = fl_db_case_decisions(v->env->db, c->id, find_current, &dc, err);
    add_summary(v, c, &cur);
    add_life(v, c->filing->id, false);
    add_parties(v, c->filing);
    add_claims(v, c->filing, &cur);
    section(v, "Classification");
    if (st == FL_OK)
        st = fl_db_case_decisions(v->env->db, c->id, add_decision, &dc, err);
    add_life(v, c->filing->id, true);
    add_rest(v, c->filing);
    fl_case_free(c);
    return st;
}

static const struct tui_view_ops case_ops = {
    .name = "case",
    .kind = TUI_PAGER,
    .noun = "lines",
    .open = case_open,
};

TUI_DEFINE_VIEW(case, case_ops);
