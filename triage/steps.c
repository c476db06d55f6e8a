#include "steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lifecycle.h"

/* ---- roles ------------------------------------------------------------------------ */

/* Who may take which step: the one table the command line and the
 * interface share.  A president (院长 or 庭长) and an admin may take
 * every step; a clerk's `route` goes only to the clerk themself. */
static const struct {
    const char *role, *plural;
    const char *steps; /* "*": every step */
} ROLES[] = {
    {"clerk", "clerks",
     "return correct accept refuse mediate mediation-end assign counterclaim route"},
    {"judge", "judges",
     "mediate mediation-end convert decline-proposal suspend resume extend counterclaim close "
     "retrack"},
    {"president", "presidents (院长 or 庭长)", "*"},
    {"admin", "admins", "*"},
};
#define NROLES (sizeof ROLES / sizeof ROLES[0])

const char *const FL_SUSPEND_KINDS[] = {"appraisal",  "public-notice",    "jurisdiction-objection",
                                        "suspension", "settlement-talks", "adjournment",
                                        NULL};

bool fl_role_may(const char *role, const char *kind)
{
    for (size_t i = 0; role && kind && i < NROLES; i++)
        if (strcmp(ROLES[i].role, role) == 0)
            return strcmp(ROLES[i].steps, "*") == 0 || fl_word_in(kind, ROLES[i].steps);
    return false;
}

void fl_role_who_may(const char *kind, char *out, size_t size)
{
    const char *who[NROLES];
    size_t n = 0;
    for (size_t i = 0; i < NROLES; i++)
        if (fl_role_may(ROLES[i].role, kind))
            who[n++] = ROLES[i].plural;
    struct fl_buf b = FL_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        fl_buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", who[i]);
    snprintf(out, size, "%s", n ? fl_buf_str(&b) : "nobody");
    fl_buf_free(&b);
}

bool fl_step_needs_reason(const char *kind)
{
    return fl_word_in(kind, "refuse convert extend decline-proposal retrack");
}

/* Whether LOGIN may take step S at all; when not, ERR says why. */
static enum fl_status check_role(struct fl_db *db, const struct fl_step *s, struct fl_error *err)
{
    char role[16] = "", who[160], to[128] = "";
    if (!fl_db_user_role(db, s->login, role, sizeof role))
        return fl_fail(err, FL_EINVAL,
                       "%s: %s is not a fenliu user, and a login that is not a user takes no "
                       "step (read-only); an admin adds users with `fenliu user add %s --role "
                       "clerk` (or judge, president)",
                       s->key, s->login, s->login);
    fl_role_who_may(s->kind, who, sizeof who);
    if (!fl_role_may(role, s->kind))
        return fl_fail(err, FL_EINVAL, "%s: %s is a %s, and a %s may not %s; %s may", s->key,
                       s->login, role, role, s->kind, who);
    if (strcmp(s->kind, "route") == 0 && strcmp(role, "clerk") == 0 &&
        (!fl_event_arg(s->args, "clerk", to, sizeof to) || strcmp(to, s->login) != 0))
        return fl_fail(err, FL_EINVAL,
                       "%s: a clerk routes a filing only to themself (clerk=%s), not to %s; "
                       "presidents (院长 or 庭长) and admins route it to any clerk",
                       s->key, s->login, to[0] ? to : "nobody");
    char to_role[16] = "";
    /* To a clerk, or into one's own inbox (t on the intake desk). */
    if (strcmp(s->kind, "route") == 0 && fl_event_arg(s->args, "clerk", to, sizeof to) &&
        strcmp(to, s->login) != 0 &&
        (!fl_db_user_role(db, to, to_role, sizeof to_role) || strcmp(to_role, "clerk") != 0))
        return fl_fail(err, FL_EINVAL,
                       "%s: a filing is routed to a clerk, and %s is %s; add the clerk with "
                       "`fenliu user add %s --role clerk`",
                       s->key, to, to_role[0] ? to_role : "not a fenliu user", to);
    return FL_OK;
}

/* ---- what the user saw ----------------------------------------------------------------- */

struct fl_case_seen fl_case_seen_of(const struct fl_case_life *c)
{
    struct fl_case_seen seen = {true, c->nevents ? c->events[c->nevents - 1].id : 0,
                                c->decision_id};
    return seen;
}

/* "2026-03-02T09:15:00+08:00" as "2026-03-02 09:15". */
static void short_time(const char *at, char out[17])
{
    snprintf(out, 17, "%s", at ? at : "");
    if (strlen(out) == 16 && out[10] == 'T')
        out[10] = ' ';
}

static const char *const DONE[][2] = {
    {"return", "returned for correction"},
    {"correct", "corrected"},
    {"mediate", "sent to mediation"},
    {"mediation-end", "its mediation ended"},
    {"accept", "accepted"},
    {"refuse", "refused"},
    {"assign", "assigned"},
    {"convert", "a conversion asked"},
    {"decline-proposal", "a proposal declined"},
    {"suspend", "its clock stopped"},
    {"resume", "its clock restarted"},
    {"extend", "an extension asked"},
    {"approve", "a request approved"},
    {"decline", "a request declined"},
    {"counterclaim", "a counterclaim recorded"},
    {"close", "closed"},
    {"route", "routed"},
};

struct changes {
    struct fl_buf *b;
    int64_t after;
    int n;
};

static void add_change(struct changes *ch, const char *what, const char *login, const char *at)
{
    char when[17];
    short_time(at, when);
    if (ch->n++ < 4)
        fl_buf_printf(ch->b, "%s%s by %s at %s", ch->n > 1 ? ", " : "", what,
                      login && *login ? login : "?", when);
}

static int decision_change(void *ctx, const struct fl_decision_row *d,
                           const struct fl_hit_row *hits, size_t nhits,
                           const char *const *failures, size_t nfailures)
{
    struct changes *ch = ctx;
    (void)hits, (void)nhits, (void)failures, (void)nfailures;
    if (d->id <= ch->after)
        return 0;
    char what[128];
    snprintf(what, sizeof what, "%s to the %s track, %s procedure",
             strcmp(d->kind, "judge") == 0 ? "retracked" : "reclassified", d->track,
             d->procedure);
    add_change(ch, what, d->login, d->at);
    return 0;
}

/* FL_ECONFLICT when the case C is not as S->expect says it was seen. */
static enum fl_status check_seen(struct fl_db *db, const struct fl_case_life *c,
                                 const struct fl_step *s, struct fl_error *err)
{
    struct fl_case_seen now = fl_case_seen_of(c);
    if (!s->expect.set || (now.event == s->expect.event && now.decision == s->expect.decision))
        return FL_OK;
    struct fl_buf b = FL_BUF_INIT;
    struct changes ch = {&b, s->expect.event, 0};
    for (size_t i = 0; i < c->nevents; i++) {
        const struct fl_event *e = &c->events[i];
        if (e->id <= s->expect.event)
            continue;
        const char *what = e->kind;
        for (size_t k = 0; k < sizeof DONE / sizeof DONE[0]; k++)
            if (strcmp(DONE[k][0], e->kind) == 0)
                what = DONE[k][1];
        add_change(&ch, what, e->login, e->at);
    }
    ch.after = s->expect.decision;
    struct fl_error derr;
    fl_db_case_decisions(db, c->case_id, decision_change, &ch, &derr);
    if (ch.n > 4)
        fl_buf_printf(&b, " and %d more", ch.n - 4);
    if (ch.n == 0)
        fl_buf_puts(&b, "changed by another terminal");
    enum fl_status st = fl_fail(err, FL_ECONFLICT,
                                "%s: the case changed since you opened it: %s; nothing was "
                                "recorded",
                                s->key, fl_buf_str(&b));
    fl_buf_free(&b);
    return st;
}

/* ---- checking and recording ------------------------------------------------------------ */

/* Arguments the lifecycle takes as given but a step must get right. */
static enum fl_status check_args(const struct fl_step *s, struct fl_error *err)
{
    char v[256] = "";
    if (fl_step_needs_reason(s->kind) && !(s->reason && *s->reason))
        return fl_fail(err, FL_EINVAL, "%s: %s needs a reason", s->key, s->kind);
    if (strcmp(s->kind, "extend") == 0) {
        char *end = NULL;
        bool has = fl_event_arg(s->args, "length", v, sizeof v);
        long n = has ? strtol(v, &end, 10) : 0;
        if (!has || n < 1 || end == v ||
            !(strcmp(end, "d") == 0 || strcmp(end, "wd") == 0 || strcmp(end, "m") == 0))
            return fl_fail(err, FL_EINVAL,
                           "%s: an extension is a number of days (30d), working days (10wd) "
                           "or months (1m), not \"%s\"",
                           s->key, v);
    }
    return FL_OK;
}

static enum fl_status check_retrack(const struct fl_life *life, const struct fl_step *s,
                                    char *track, char *procedure, size_t size,
                                    struct fl_error *err)
{
    if (life->state == FL_ST_CLOSED || life->state == FL_ST_NOT_ACCEPTED)
        return fl_fail(err, FL_EINVAL, "%s: the case is %s: its track is no longer decided",
                       s->key, fl_state_name(life->state));
    if (!fl_event_arg(s->args, "track", track, size) ||
        !fl_event_arg(s->args, "procedure", procedure, size))
        return fl_fail(err, FL_EINVAL, "%s: a retrack names the track and the procedure",
                       s->key);
    return FL_OK;
}

/* What the step adds to its own arguments: on acceptance, the case number
 * and the procedure the trial clock runs under. */
static enum fl_status complete_args(struct fl_db *db, const struct fl_case_life *c,
                                    const struct fl_step *s, struct fl_buf *args,
                                    struct fl_error *err)
{
    fl_buf_puts(args, s->args ? s->args : "");
    if (strcmp(s->kind, "accept") != 0)
        return FL_OK;
    char code[64] = "", number[96];
    fl_db_setting(db, "court_code", code, sizeof code);
    const char *type = strcmp(c->type, "bankruptcy") == 0 ? "破申" : "民初";
    enum fl_status st = fl_db_number_case(db, c->case_id, type, code, number, sizeof number, err);
    if (st == FL_OK)
        fl_buf_printf(args, "case_no=%s\nprocedure=%s\n", number, c->procedure);
    return args->failed ? fl_fail(err, FL_ENOMEM, "out of memory") : st;
}

/* Check S on the case C (read in the step's transaction) and record it. */
static enum fl_status step_on(struct fl_db *db, const struct fl_case_life *c,
                              const struct fl_step *s, const struct fl_calendar *cal,
                              const struct fl_periods *periods, struct fl_error *err)
{
    char msg[512];
    enum fl_status st = check_role(db, s, err);
    if (st == FL_OK)
        st = check_seen(db, c, s, err);
    if (st != FL_OK)
        return st;
    struct fl_life life;
    fl_life_replay(&life, c->received, c->procedure, c->foreign, c->events, c->nevents);
    if (strcmp(s->kind, "retrack") == 0) {
        char track[32], procedure[32];
        int64_t id;
        st = check_retrack(&life, s, track, procedure, sizeof track, err);
        if (st == FL_OK)
            st = check_args(s, err);
        if (st == FL_OK)
            st = fl_db_add_judge_decision(db, c->filing_id, track, procedure, c->flags,
                                          s->reason, s->login, &id, err);
    } else {
        if (!fl_life_check(&life, s->kind, s->args ? s->args : "", msg, sizeof msg))
            return fl_fail(err, FL_EINVAL, "%s: %s", s->key, msg);
        st = check_args(s, err);
        struct fl_buf args = FL_BUF_INIT;
        if (st == FL_OK)
            st = complete_args(db, c, s, &args, err);
        if (st == FL_OK)
            st = fl_db_append_event(db, c->case_id, s->kind, s->effective, fl_buf_str(&args),
                                    s->reason, s->login, err);
        fl_buf_free(&args);
    }
    if (st == FL_OK)
        st = fl_db_refresh_status(db, c->case_id, cal, periods, err);
    return st;
}

enum fl_status fl_case_step(struct fl_db *db, const struct fl_step *s,
                            const struct fl_calendar *cal, const struct fl_periods *periods,
                            struct fl_error *err)
{
    enum fl_status st = fl_db_begin(db, err);
    if (st != FL_OK)
        return st;
    struct fl_case_life c;
    st = fl_db_case_life(db, s->key, &c, err);
    if (st == FL_OK) {
        st = step_on(db, &c, s, cal, periods, err);
        fl_case_life_free(&c);
    }
    if (st == FL_OK)
        return fl_db_commit(db, err);
    fl_db_rollback(db);
    return st;
}

enum fl_status fl_case_note(struct fl_db *db, const char *key, const char *login,
                            bool private_note, const char *text, struct fl_error *err)
{
    char role[16];
    if (!fl_db_user_role(db, login, role, sizeof role))
        return fl_fail(err, FL_EINVAL,
                       "%s: %s is not a fenliu user, and a login that is not a user keeps no "
                       "notes (read-only); an admin adds users with `fenliu user add %s --role "
                       "clerk` (or judge, president)",
                       key, login, login);
    return fl_db_add_note(db, key, login, private_note, text, err);
}

/* ---- what may be done now --------------------------------------------------------------- */

/* Whether KIND is possible on LIFE with some arguments a user could give. */
static bool possible(const struct fl_life *life, const char *kind, const char *login)
{
    static const struct {
        const char *kind, *args[3];
    } PROBES[] = {
        {"return", {"reasons=other\n"}},
        {"mediate", {"consent=yes\n"}},
        {"mediation-end", {"result=failed\n"}},
        {"assign", {"judge=?\n"}},
        {"convert", {"to=ordinary\n"}},
        {"extend", {"length=1m\n"}},
        {"approve", {"what=convert\n", "what=extend\n"}},
        {"decline", {"what=convert\n", "what=extend\n"}},
        {"close", {"how=judgment\n"}},
    };
    char msg[512], args[160];
    if (strcmp(kind, "suspend") == 0) {
        for (const char *const *k = FL_SUSPEND_KINDS; *k; k++) {
            snprintf(args, sizeof args, "kind=%s\nuntil=2999-12-31\n", *k);
            if (fl_life_check(life, kind, args, msg, sizeof msg))
                return true;
        }
        return false;
    }
    if (strcmp(kind, "route") == 0) {
        snprintf(args, sizeof args, "clerk=%s\n", login ? login : "");
        return fl_life_check(life, kind, args, msg, sizeof msg);
    }
    for (size_t i = 0; i < sizeof PROBES / sizeof PROBES[0]; i++) {
        if (strcmp(PROBES[i].kind, kind) != 0)
            continue;
        for (size_t k = 0; k < 3 && PROBES[i].args[k]; k++)
            if (fl_life_check(life, kind, PROBES[i].args[k], msg, sizeof msg))
                return true;
        return false;
    }
    return fl_life_check(life, kind, "", msg, sizeof msg);
}

size_t fl_steps_possible(const struct fl_life *life, const char *role, const char *login,
                         const char **out, size_t max)
{
    size_t n = 0;
    for (const char *const *k = FL_EVENT_KINDS; *k && n < max; k++)
        if (fl_role_may(role, *k) && possible(life, *k, login))
            out[n++] = *k;
    if (n < max && fl_role_may(role, "retrack") && life->state != FL_ST_CLOSED &&
        life->state != FL_ST_NOT_ACCEPTED)
        out[n++] = "retrack";
    return n;
}
