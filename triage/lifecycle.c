/* The civil case lifecycle and its clocks (see lifecycle.h). */
#include "lifecycle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const STATE_NAMES[] = {
    [FL_ST_FILED] = "filed",
    [FL_ST_RETURNED] = "returned",
    [FL_ST_PRESUIT_MEDIATION] = "pre-suit-mediation",
    [FL_ST_ACCEPTED] = "accepted",
    [FL_ST_NOT_ACCEPTED] = "not-accepted",
    [FL_ST_INSUIT_MEDIATION] = "in-suit-mediation",
    [FL_ST_TRIAL] = "trial",
    [FL_ST_CLOSED] = "closed",
};

const char *fl_state_name(enum fl_state s)
{
    return STATE_NAMES[s];
}

const char *const FL_EVENT_KINDS[] = {
    "return", "correct", "mediate", "mediation-end", "accept", "refuse", "assign",
    "convert", "decline-proposal", "extend", "approve", "decline", "suspend", "resume",
    "counterclaim", "close", "route", NULL,
};

/* What each state allows, in the words of FL_EVENT_KINDS. */
static const char *const ALLOWED[] = {
    [FL_ST_FILED] = "return mediate accept refuse close route",
    [FL_ST_RETURNED] = "correct refuse close route",
    [FL_ST_PRESUIT_MEDIATION] = "mediation-end accept close route",
    [FL_ST_ACCEPTED] = "assign mediate suspend resume extend convert approve decline "
                       "decline-proposal counterclaim close",
    [FL_ST_NOT_ACCEPTED] = "",
    [FL_ST_INSUIT_MEDIATION] = "mediation-end assign suspend resume extend convert approve "
                               "decline decline-proposal counterclaim close",
    [FL_ST_TRIAL] = "mediate suspend resume extend convert approve decline decline-proposal "
                    "counterclaim close assign",
    [FL_ST_CLOSED] = "",
};

/* Kinds of intervals that stop the trial clock (SPC 2000/2008 Art 9). */
static const char *const EXCLUSIONS[] = {"appraisal", "public-notice", "jurisdiction-objection",
                                         "suspension", "settlement-talks", "adjournment", NULL};

/* A bankruptcy's procedures have their own periods (bk-simple,
 * bk-ordinary): its life starts under one of them. */
static bool is_bankruptcy(const struct fl_life *l)
{
    return strncmp(l->procedure, "bk-", 3) == 0;
}

/* Set the procedure P names (a step says "ordinary"; a bankruptcy's is
 * then bk-ordinary). */
static void set_procedure(struct fl_life *l, const char *p)
{
    bool prefix = is_bankruptcy(l) && strncmp(p, "bk-", 3) != 0;
    snprintf(l->procedure, sizeof l->procedure, "%s%s", prefix ? "bk-" : "", p);
}

bool fl_event_arg(const char *args, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key);
    for (const char *p = args ? args : ""; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            snprintf(out, size, "%.*s", (int)(len - klen - 1), p + klen + 1);
            return true;
        }
        p += len + (eol ? 1 : 0);
    }
    return false;
}

bool fl_word_in(const char *word, const char *list)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

static bool one_of(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(v, *list) == 0)
            return true;
    return false;
}

/* ---- replay ------------------------------------------------------------- */

static struct fl_interval *open_interval(struct fl_life *l, const char *kind)
{
    for (size_t i = l->nintervals; i-- > 0;)
        if (!l->intervals[i].end && (!kind || !*kind || strcmp(l->intervals[i].kind, kind) == 0))
            return &l->intervals[i];
    return NULL;
}

static void add_interval(struct fl_life *l, const char *kind, fl_date start, fl_date expected)
{
    if (l->nintervals == FL_MAX_INTERVALS)
        return;
    struct fl_interval *i = &l->intervals[l->nintervals++];
    snprintf(i->kind, sizeof i->kind, "%s", kind);
    i->start = start;
    i->expected_end = expected;
    i->end = 0;
}

/* A sign of complexity puts a conversion proposal before the judge,
 * unless the case is already under ordinary procedure. */
static void propose_conversion(struct fl_life *l)
{
    if (strcmp(l->procedure, "ordinary") != 0)
        l->proposals_open++;
}

static void apply_extension(struct fl_life *l, const char *len)
{
    char *end;
    long n = strtol(len, &end, 10);
    if (strcmp(end, "m") == 0)
        l->ext_months += (int)n;
    else if (strcmp(end, "wd") == 0)
        l->ext_workdays += (int)n;
    else
        l->ext_days += (int)n;
    l->extensions++;
}

static void replay_mediation_end(struct fl_life *l, const struct fl_event *e, const char *result)
{
    bool settled = strcmp(result, "settled") == 0;
    if (l->state == FL_ST_PRESUIT_MEDIATION) {
        struct fl_interval *i = open_interval(l, "pre-suit-mediation");
        if (i)
            i->end = e->effective;
        l->state = settled ? FL_ST_CLOSED : FL_ST_FILED;
    } else {
        l->state = settled ? FL_ST_CLOSED : (l->judge[0] ? FL_ST_TRIAL : FL_ST_ACCEPTED);
    }
    l->mediation_start = 0;
    if (settled) {
        snprintf(l->closed_how, sizeof l->closed_how, "mediation");
        l->closed_on = e->effective;
    }
}

static void replay_one(struct fl_life *l, const struct fl_event *e)
{
    char v[64] = "", w[64] = "";
    const char *k = e->kind;
    if (strcmp(k, "return") == 0) {
        l->state = FL_ST_RETURNED;
    } else if (strcmp(k, "correct") == 0) {
        l->state = FL_ST_FILED;
        l->acceptance_start = e->effective;
    } else if (strcmp(k, "mediate") == 0) {
        if (l->state == FL_ST_FILED) {
            l->state = FL_ST_PRESUIT_MEDIATION;
            add_interval(l, "pre-suit-mediation", e->effective, 0);
        } else {
            l->state = FL_ST_INSUIT_MEDIATION;
        }
        l->mediation_start = e->effective;
    } else if (strcmp(k, "mediation-end") == 0) {
        fl_event_arg(e->args, "result", v, sizeof v);
        replay_mediation_end(l, e, v);
    } else if (strcmp(k, "accept") == 0) {
        struct fl_interval *i = open_interval(l, "pre-suit-mediation");
        if (i)
            i->end = e->effective;
        l->state = FL_ST_ACCEPTED;
        l->accepted_on = e->effective;
        l->mediation_start = 0;
        if (fl_event_arg(e->args, "procedure", v, sizeof v))
            set_procedure(l, v);
        fl_event_arg(e->args, "case_no", l->case_no, sizeof l->case_no);
    } else if (strcmp(k, "refuse") == 0) {
        l->state = FL_ST_NOT_ACCEPTED;
    } else if (strcmp(k, "assign") == 0) {
        fl_event_arg(e->args, "judge", l->judge, sizeof l->judge);
        if (fl_event_arg(e->args, "procedure", v, sizeof v))
            set_procedure(l, v);
        if (l->state == FL_ST_ACCEPTED)
            l->state = FL_ST_TRIAL;
    } else if (strcmp(k, "convert") == 0) {
        fl_event_arg(e->args, "to", l->pending_convert, sizeof l->pending_convert);
        l->proposals_accepted += l->proposals_open;
        l->proposals_open = 0;
    } else if (strcmp(k, "decline-proposal") == 0) {
        l->proposals_declined += l->proposals_open;
        l->proposals_open = 0;
    } else if (strcmp(k, "extend") == 0) {
        fl_event_arg(e->args, "length", l->pending_extend, sizeof l->pending_extend);
    } else if (strcmp(k, "approve") == 0 || strcmp(k, "decline") == 0) {
        bool yes = k[0] == 'a';
        fl_event_arg(e->args, "what", v, sizeof v);
        if (strcmp(v, "convert") == 0) {
            if (yes) /* the original start date stays */
                set_procedure(l, l->pending_convert);
            l->pending_convert[0] = '\0';
        } else if (strcmp(v, "extend") == 0) {
            if (yes)
                apply_extension(l, l->pending_extend);
            l->pending_extend[0] = '\0';
        }
    } else if (strcmp(k, "suspend") == 0) {
        fl_date until = 0;
        fl_event_arg(e->args, "kind", v, sizeof v);
        if (fl_event_arg(e->args, "until", w, sizeof w))
            fl_date_parse(w, &until);
        add_interval(l, v, e->effective, until);
        if (strcmp(v, "appraisal") == 0 || strcmp(v, "public-notice") == 0)
            propose_conversion(l);
    } else if (strcmp(k, "resume") == 0) {
        fl_event_arg(e->args, "kind", v, sizeof v);
        struct fl_interval *i = open_interval(l, v);
        if (i)
            i->end = e->effective;
    } else if (strcmp(k, "counterclaim") == 0) {
        propose_conversion(l);
    } else if (strcmp(k, "route") == 0) { /* intake: whose inbox; no clock moves */
        fl_event_arg(e->args, "clerk", l->clerk, sizeof l->clerk);
    } else if (strcmp(k, "close") == 0) {
        l->state = FL_ST_CLOSED;
        fl_event_arg(e->args, "how", l->closed_how, sizeof l->closed_how);
        l->closed_on = e->effective;
    }
}

void fl_life_replay(struct fl_life *life, fl_date received, const char *procedure, bool foreign,
                    const struct fl_event *events, size_t n)
{
    memset(life, 0, sizeof *life);
    life->state = FL_ST_FILED;
    life->received = received;
    life->acceptance_start = received;
    life->foreign = foreign;
    snprintf(life->procedure, sizeof life->procedure, "%s", procedure ? procedure : "summary");
    for (size_t i = 0; i < n; i++)
        replay_one(life, &events[i]);
}

void fl_life_start(const char *type, const char *procedure, const char *flags, char *out,
                   size_t size, bool *foreign)
{
    bool bankruptcy = type && strcmp(type, "bankruptcy") == 0;
    snprintf(out, size, "%s%s", bankruptcy ? "bk-" : "",
             procedure ? procedure : bankruptcy ? "ordinary" : "summary");
    *foreign = flags && fl_word_in("foreign-related", flags);
}

/* ---- what may happen next ------------------------------------------------- */

static bool refuse(char *msg, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool refuse(char *msg, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
    return false;
}

/* Why a filing goes back for correction (补正), as `return --reasons` codes. */
static const char *const RETURN_REASONS[] = {"parties", "claims", "facts", "evidence",
                                             "jurisdiction", "signature", "fee", "other", NULL};

/* Whether ARGS has reasons=CODE[,CODE…], every CODE one of RETURN_REASONS. */
static bool return_reasons_ok(const char *args, char *msg, size_t size)
{
    char v[256], list[128] = "";
    for (const char *const *r = RETURN_REASONS; *r; r++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 r == RETURN_REASONS ? "" : ", ", *r);
    if (!fl_event_arg(args, "reasons", v, sizeof v) || !*v)
        return refuse(msg, size, "a return says why (--reasons, comma-separated: %s)", list);
    for (char *save = NULL, *code = strtok_r(v, ", ", &save); code;
         code = strtok_r(NULL, ", ", &save))
        if (!one_of(code, RETURN_REASONS))
            return refuse(msg, size, "\"%s\" is not a reason to return a filing; the reasons "
                                     "are: %s", code, list);
    return true;
}

static bool check_args(const struct fl_life *l, const char *kind, const char *args, char *msg,
                       size_t size)
{
    char v[64] = "", w[64] = "";
    if (strcmp(kind, "mediation-end") == 0 &&
        !(fl_event_arg(args, "result", v, sizeof v) &&
          (strcmp(v, "settled") == 0 || strcmp(v, "failed") == 0)))
        return refuse(msg, size, "a mediation ends settled or failed");
    if (strcmp(kind, "mediate") == 0 && l->state == FL_ST_FILED &&
        !(fl_event_arg(args, "consent", v, sizeof v) && strcmp(v, "yes") == 0))
        return refuse(msg, size,
                      "pre-suit mediation (委派调解) needs the parties' consent (--consent)");
    if (strcmp(kind, "suspend") == 0) {
        fl_date until;
        if (!fl_event_arg(args, "kind", v, sizeof v) || !one_of(v, EXCLUSIONS))
            return refuse(msg, size,
                          "\"%s\" is not a reason the trial limit stops: appraisal, "
                          "public-notice, jurisdiction-objection, suspension, settlement-talks, "
                          "adjournment", v);
        if (!fl_event_arg(args, "until", w, sizeof w) || !fl_date_parse(w, &until))
            return refuse(msg, size,
                          "every suspension has an expected end (--until YYYY-MM-DD)");
        if (open_interval((struct fl_life *)l, v))
            return refuse(msg, size, "the clock is already stopped for %s", v);
    }
    if (strcmp(kind, "assign") == 0 && is_bankruptcy(l) &&
        fl_event_arg(args, "procedure", v, sizeof v) &&
        !(strcmp(v, "simple") == 0 || strcmp(v, "ordinary") == 0))
        return refuse(msg, size,
                      "a bankruptcy case is under simple or ordinary procedure, not \"%s\"", v);
    if (strcmp(kind, "resume") == 0 && !open_interval((struct fl_life *)l, NULL))
        return refuse(msg, size, "no clock of this case is stopped");
    if (strcmp(kind, "resume") == 0 && fl_event_arg(args, "kind", v, sizeof v) && *v &&
        !open_interval((struct fl_life *)l, v))
        return refuse(msg, size, "the clock is not stopped for %s", v);
    if (strcmp(kind, "convert") == 0) {
        if (!fl_event_arg(args, "to", v, sizeof v) || strcmp(v, "ordinary") != 0)
            return refuse(msg, size, "a case converts to ordinary procedure (--to ordinary)");
        if (strcmp(l->procedure + (is_bankruptcy(l) ? 3 : 0), "ordinary") == 0)
            return refuse(msg, size, "the case is already under ordinary procedure");
        if (l->pending_convert[0])
            return refuse(msg, size, "a conversion to %s is already waiting for approval", l->pending_convert);
    }
    if (strcmp(kind, "extend") == 0 && l->pending_extend[0])
        return refuse(msg, size, "an extension of %s is already waiting for approval", l->pending_extend);
    if (strcmp(kind, "extend") == 0 && l->foreign)
        return refuse(msg, size, "a foreign-related case has no trial limit to extend");
    if (strcmp(kind, "approve") == 0 || strcmp(kind, "decline") == 0) {
        fl_event_arg(args, "what", v, sizeof v);
        bool pending = (strcmp(v, "convert") == 0 && l->pending_convert[0]) ||
                       (strcmp(v, "extend") == 0 && l->pending_extend[0]);
        if (!pending)
            return refuse(msg, size, "no request to %s is waiting for approval", *v ? v : "convert or extend");
    }
    if (strcmp(kind, "decline-proposal") == 0 && !l->proposals_open)
        return refuse(msg, size, "no proposal to convert this case is open");
    if (strcmp(kind, "assign") == 0 && !fl_event_arg(args, "judge", v, sizeof v))
        return refuse(msg, size, "assign names the judge (--judge LOGIN)");
    if (strcmp(kind, "route") == 0 && !(fl_event_arg(args, "clerk", v, sizeof v) && *v))
        return refuse(msg, size, "route names the clerk whose inbox takes the filing "
                                 "(--clerk LOGIN)");
    if (strcmp(kind, "route") == 0 && strcmp(v, l->clerk) == 0)
        return refuse(msg, size, "the filing is in the inbox of %s already", v);
    if (strcmp(kind, "route") == 0 && fl_event_arg(args, "from", w, sizeof w) &&
        strcmp(w, l->clerk) != 0)
        return refuse(msg, size,
                      "the filing was moved meanwhile: it is in %s%s now, not in %s%s (another "
                      "terminal routed it); nothing was changed",
                      l->clerk[0] ? "the inbox of " : "the section's inbox", l->clerk,
                      w[0] ? "the inbox of " : "the section's inbox", w);
    if (strcmp(kind, "return") == 0 && !return_reasons_ok(args, msg, size))
        return false;
    if (strcmp(kind, "return") == 0 && fl_event_arg(args, "by", w, sizeof w)) {
        fl_date by;
        if (!fl_date_parse(w, &by))
            return refuse(msg, size, "the day to correct by is YYYY-MM-DD, not \"%s\"", w);
    }
    if (strcmp(kind, "close") == 0 && !fl_event_arg(args, "how", v, sizeof v))
        return refuse(msg, size,
                      "close says how: judgment, mediation, withdrawal, dismissal or "
                      "transfer");
    return true;
}

bool fl_life_check(const struct fl_life *life, const char *kind, const char *args, char *msg,
                   size_t size)
{
    if (!one_of(kind, FL_EVENT_KINDS))
        return refuse(msg, size, "\"%s\" is not a step of a case", kind);
    const char *allowed = ALLOWED[life->state];
    if (!fl_word_in(kind, allowed)) {
        if (!*allowed)
            return refuse(msg, size, "the case is %s: nothing more can happen to it",
                          fl_state_name(life->state));
        char m[400];
        snprintf(m, sizeof m, "a case that is %s cannot %s; it can: %s",
                 fl_state_name(life->state), kind, allowed);
        snprintf(msg, size, "%s", m);
        return false;
    }
    return check_args(life, kind, args, msg, size);
}

/* ---- clocks ------------------------------------------------------------------ */

static const char *const LEVELS[] = {"ok", "notice", "warning", "urgent", "overdue", "no-limit"};

const char *fl_level_name(enum fl_level l)
{
    return LEVELS[l];
}

/* Days the intervals of the given kinds stopped the clock after FROM, up
 * to TODAY for open ones. */
static int excluded_days(const struct fl_life *l, bool acceptance, fl_date from, fl_date today,
                         struct fl_clock *c)
{
    int days = 0;
    for (size_t i = 0; i < l->nintervals; i++) {
        const struct fl_interval *in = &l->intervals[i];
        bool mediation = strcmp(in->kind, "pre-suit-mediation") == 0;
        if (mediation != acceptance || in->start < from)
            continue;
        fl_date end = in->end ? in->end : today;
        if (end > in->start)
            days += end - in->start;
        if (!in->end) {
            c->paused = true;
            c->paused_until = in->expected_end;
            if (in->expected_end && in->expected_end < today)
                c->paused_overdue = true;
        }
    }
    return days;
}

static void set_level(struct fl_clock *c, const struct fl_periods *p, fl_date today)
{
    c->left = c->due - today;
    c->total = c->due - c->start - c->excluded_days;
    c->used = today - c->start - c->excluded_days;
    if (c->used < 0)
        c->used = 0;
    if (c->left < 0)
        c->level = FL_LEVEL_OVERDUE;
    else if (c->left <= p->urgent_days)
        c->level = FL_LEVEL_URGENT;
    else if (c->left <= p->warning_days)
        c->level = FL_LEVEL_WARNING;
    else if ((long)c->used * p->notice_den >= (long)c->total * p->notice_num)
        c->level = FL_LEVEL_NOTICE;
    else
        c->level = FL_LEVEL_OK;
}

/* A clock of period CODE from START, moved later by its excluded days and
 * lengthened by the approved extensions (trial clock only). */
static bool make_clock(struct fl_clock *c, const char *name, const char *code,
                       const struct fl_life *l, bool acceptance, bool extended,
                       fl_date start, const struct fl_calendar *cal,
                       const struct fl_periods *periods, fl_date today)
{
    const struct fl_period *p = fl_periods_find(periods, code);
    memset(c, 0, sizeof *c);
    c->name = name;
    snprintf(c->period, sizeof c->period, "%s", p ? p->code : code);
    c->start = start;
    if (!p) { /* never drop a clock silently: say what is missing */
        c->unknown_period = true;
        c->level = FL_LEVEL_NONE;
        return true;
    }
    c->excluded_days = excluded_days(l, acceptance, start, today, c);
    if (!p->limited) {
        c->level = FL_LEVEL_NONE;
        return true;
    }
    fl_date from = start + c->excluded_days;
    bool prov[4] = {false, false, false, false}; /* each call sets its own */
    int months = p->unit == FL_UNIT_MONTHS ? p->length : 0;
    fl_date due;
    if (extended && months)
        due = fl_calendar_add(cal, from, months + l->ext_months, FL_UNIT_MONTHS, &prov[0]);
    else
        due = fl_calendar_add(cal, from, p->length, p->unit, &prov[0]);
    if (extended && l->ext_months && !months)
        due = fl_calendar_add(cal, due, l->ext_months, FL_UNIT_MONTHS, &prov[1]);
    if (extended && l->ext_days)
        due = fl_calendar_add(cal, due, l->ext_days, FL_UNIT_DAYS, &prov[2]);
    if (extended && l->ext_workdays)
        due = fl_calendar_add(cal, due, l->ext_workdays, FL_UNIT_WORKDAYS, &prov[3]);
    c->due = due;
    c->provisional = prov[0] || prov[1] || prov[2] || prov[3];
    set_level(c, periods, today);
    return true;
}

size_t fl_life_clocks(const struct fl_life *l, const struct fl_calendar *cal,
                      const struct fl_periods *periods, fl_date today, struct fl_clock *out)
{
    size_t n = 0;
    switch (l->state) {
    case FL_ST_FILED:
    case FL_ST_PRESUIT_MEDIATION:
        n += make_clock(&out[n], "acceptance", "acceptance", l, true, false,
                        l->acceptance_start, cal, periods, today);
        if (l->state == FL_ST_PRESUIT_MEDIATION)
            n += make_clock(&out[n], "pre-suit-mediation", "pre-suit-mediation", l, false,
                            false, l->mediation_start, cal, periods, today);
        break;
    case FL_ST_ACCEPTED:
    case FL_ST_INSUIT_MEDIATION:
    case FL_ST_TRIAL:
        n += make_clock(&out[n], "trial", l->foreign ? "foreign-related" : l->procedure, l,
                        false, true, l->accepted_on, cal, periods, today);
        if (l->state == FL_ST_INSUIT_MEDIATION)
            n += make_clock(&out[n], "in-suit-mediation",
                            strcmp(l->procedure, "ordinary") == 0 ? "in-suit-mediation-ordinary"
                                                                  : "in-suit-mediation-summary",
                            l, false, false, l->mediation_start, cal, periods, today);
        break;
    default:
        break;
    }
    return n;
}

/* The clock that presses most: the earliest due date among those that
 * have one; else the first (no limit). */
static const struct fl_clock *pressing(const struct fl_clock *k, size_t n)
{
    const struct fl_clock *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (k[i].due && (!best || !best->due || k[i].due < best->due))
            best = &k[i];
    return best ? best : (n ? &k[0] : NULL);
}

/* A stopped clock's due date moves a day later every day it stays
 * stopped, so the date of today goes stale by tomorrow.  The status row
 * (the queue's order) keeps the date the clock will have if it restarts
 * when the stop is expected to end; a stop without an expected end keeps
 * no date (the clock does not press); a stop past its expected end keeps
 * today's (it needs attention: fl_life_clocks raises the alarm). */
static void project_stopped(struct fl_clock *k, size_t n, const struct fl_life *life,
                            const struct fl_calendar *cal, const struct fl_periods *periods,
                            fl_date today)
{
    for (size_t i = 0; i < n; i++) {
        if (!k[i].paused || !k[i].due || (k[i].paused_until && k[i].paused_until <= today))
            continue;
        fl_date due = 0;
        struct fl_clock later[FL_MAX_CLOCKS];
        size_t m = k[i].paused_until
                       ? fl_life_clocks(life, cal, periods, k[i].paused_until, later)
                       : 0;
        for (size_t j = 0; j < m; j++)
            if (strcmp(later[j].name, k[i].name) == 0)
                due = later[j].due;
        k[i].due = due;
    }
}

void fl_life_status(const struct fl_life *life, const struct fl_calendar *cal,
                    const struct fl_periods *periods, fl_date today, struct fl_case_status *out)
{
    struct fl_clock clocks[FL_MAX_CLOCKS];
    size_t n = fl_life_clocks(life, cal, periods, today, clocks);
    project_stopped(clocks, n, life, cal, periods, today);
    const struct fl_clock *k = pressing(clocks, n);
    memset(out, 0, sizeof *out);
    out->state = life->state;
    snprintf(out->procedure, sizeof out->procedure, "%s",
             strncmp(life->procedure, "bk-", 3) == 0 ? life->procedure + 3 : life->procedure);
    snprintf(out->judge, sizeof out->judge, "%s", life->judge);
    snprintf(out->clerk, sizeof out->clerk, "%s", life->clerk);
    out->clock = k ? k->name : NULL;
    out->due = k ? k->due : 0;
    out->paused = k && k->paused;
    out->provisional = k && k->provisional;
}
