/* The civil case lifecycle: transitions and clocks, with real dates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"
#include "parse.h"

static struct fl_calendar *cal;
static struct fl_periods *periods;

static int setup(void **state)
{
    (void)state;
    struct fl_error err;
    if (fl_calendar_load_default(&cal, &err) != FL_OK || fl_periods_load_default(&periods, &err))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fl_calendar_free(cal);
    fl_periods_free(periods);
    return 0;
}

static fl_date D(const char *s)
{
    fl_date d;
    if (!fl_date_parse(s, &d))
        fail_msg("bad date %s", s);
    return d;
}

/* A case's history, built step by step. */
struct story {
    struct fl_event ev[32];
    size_t n;
    struct fl_life life;
    fl_date received;
    const char *procedure;
    bool foreign;
};

static void begin(struct story *s, const char *received, const char *procedure, bool foreign)
{
    memset(s, 0, sizeof *s);
    s->received = D(received);
    s->procedure = procedure;
    s->foreign = foreign;
    fl_life_replay(&s->life, s->received, procedure, foreign, NULL, 0);
}

/* Record KIND on DATE with ARGS after checking it is allowed. */
static void step(struct story *s, const char *kind, const char *date, const char *args)
{
    char msg[512];
    if (!fl_life_check(&s->life, kind, args, msg, sizeof msg))
        fail_msg("%s refused: %s", kind, msg);
    s->ev[s->n++] = (struct fl_event){(int64_t)s->n + 1, kind, D(date), args, NULL, "t", ""};
    fl_life_replay(&s->life, s->received, s->procedure, s->foreign, s->ev, s->n);
}

static const char *refusal(struct story *s, const char *kind, const char *args)
{
    static char msg[512];
    if (fl_life_check(&s->life, kind, args, msg, sizeof msg))
        return NULL;
    return msg;
}

static struct fl_clock clock_on(struct story *s, const char *today, const char *name)
{
    struct fl_clock k[FL_MAX_CLOCKS];
    size_t n = fl_life_clocks(&s->life, cal, periods, D(today), k);
    for (size_t i = 0; i < n; i++)
        if (strcmp(k[i].name, name) == 0)
            return k[i];
    fail_msg("no %s clock on %s", name, today);
    return k[0];
}

static void assert_due(struct fl_clock k, const char *due)
{
    char s[11];
    fl_date_format(k.due, s);
    assert_string_equal(s, due);
}

static void test_impossible_steps_say_what_is_possible(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    const char *m = refusal(&s, "assign", "judge=wang\n");
    assert_non_null(m);
    assert_non_null(strstr(m, "a case that is filed cannot assign"));
    assert_non_null(strstr(m, "it can: return mediate accept refuse close"));
    assert_non_null(strstr(refusal(&s, "mediate", ""), "consent"));
    assert_non_null(strstr(refusal(&s, "fly", ""), "not a step"));
    step(&s, "accept", "2026-03-02", "procedure=summary\ncase_no=(2026)川0191民初1号\n");
    assert_int_equal(s.life.state, FL_ST_ACCEPTED);
    assert_string_equal(s.life.case_no, "(2026)川0191民初1号");
    assert_non_null(strstr(refusal(&s, "approve", "what=extend\n"), "no request to extend"));
    assert_non_null(strstr(refusal(&s, "suspend", "kind=appraisal\n"), "expected end"));
    assert_non_null(strstr(refusal(&s, "suspend", "kind=holiday\nuntil=2026-04-01\n"),
                           "not a reason"));
    assert_non_null(strstr(refusal(&s, "resume", ""), "no clock"));
    step(&s, "close", "2026-04-10", "how=judgment\n");
    assert_non_null(strstr(refusal(&s, "resume", ""), "nothing more can happen"));
}

static void test_acceptance_clock_restarts_on_correction(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    assert_due(clock_on(&s, "2026-03-02", "acceptance"), "2026-03-09");
    step(&s, "return", "2026-03-03", "reasons=parties,claims\nby=2026-03-20\n");
    struct fl_clock k[FL_MAX_CLOCKS];
    assert_int_equal(fl_life_clocks(&s.life, cal, periods, D("2026-03-04"), k), 0);
    step(&s, "correct", "2026-03-05", "");
    assert_due(clock_on(&s, "2026-03-05", "acceptance"), "2026-03-12");
}

static void test_pre_suit_mediation_pauses_acceptance(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "mediate", "2026-03-03", "consent=yes\n");
    assert_int_equal(s.life.state, FL_ST_PRESUIT_MEDIATION);
    assert_due(clock_on(&s, "2026-03-03", "pre-suit-mediation"), "2026-04-02");
    step(&s, "mediation-end", "2026-03-23", "result=failed\n");
    assert_int_equal(s.life.state, FL_ST_FILED);
    /* 20 days paused: 7 days from 2026-03-22 is Sunday 03-29, so Monday. */
    struct fl_clock a = clock_on(&s, "2026-03-23", "acceptance");
    assert_int_equal(a.excluded_days, 20);
    assert_due(a, "2026-03-30");
}

static void test_trial_limits_by_procedure(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "accept", "2026-03-02", "procedure=summary\n");
    assert_due(clock_on(&s, "2026-03-02", "trial"), "2026-06-02");
    begin(&s, "2026-03-02", "small-claims", false);
    step(&s, "accept", "2026-03-02", "procedure=small-claims\n");
    /* 2 months end on 2026-05-02, inside the Labour Day holiday (1-5 May). */
    assert_due(clock_on(&s, "2026-03-02", "trial"), "2026-05-06");
    begin(&s, "2026-03-02", "ordinary", true);
    step(&s, "accept", "2026-03-02", "procedure=ordinary\n");
    struct fl_clock k = clock_on(&s, "2026-09-30", "trial");
    assert_int_equal(k.level, FL_LEVEL_NONE); /* foreign-related: no limit */
    assert_non_null(strstr(refusal(&s, "extend", "length=1m\n"), "no trial limit"));
}

static void test_conversion_keeps_the_start_and_needs_approval(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "accept", "2026-03-02", "procedure=summary\n");
    step(&s, "assign", "2026-03-03", "judge=wang\n");
    step(&s, "convert", "2026-03-20", "to=ordinary\n");
    assert_due(clock_on(&s, "2026-03-20", "trial"), "2026-06-02"); /* not yet approved */
    assert_non_null(strstr(refusal(&s, "convert", "to=ordinary\n"), "already waiting"));
    step(&s, "approve", "2026-03-21", "what=convert\n");
    assert_string_equal(s.life.procedure, "ordinary");
    assert_due(clock_on(&s, "2026-03-21", "trial"), "2026-09-02");
}

static void test_exclusions_and_extensions(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "accept", "2026-03-02", "procedure=summary\n");
    step(&s, "suspend", "2026-03-10", "kind=appraisal\nuntil=2026-04-01\n");
    assert_int_equal(s.life.proposals_open, 1); /* appraisal: a sign of complexity */
    struct fl_clock k = clock_on(&s, "2026-03-25", "trial");
    assert_true(k.paused);
    assert_false(k.paused_overdue);
    k = clock_on(&s, "2026-04-03", "trial");
    assert_true(k.paused_overdue); /* nobody restarted it */
    step(&s, "resume", "2026-03-31", "kind=appraisal\n");
    k = clock_on(&s, "2026-04-03", "trial");
    assert_false(k.paused);
    assert_int_equal(k.excluded_days, 21);
    assert_due(k, "2026-06-23");
    step(&s, "decline-proposal", "2026-04-03", "");
    assert_int_equal(s.life.proposals_declined, 1);
    step(&s, "extend", "2026-06-01", "length=1m\n");
    assert_due(clock_on(&s, "2026-06-01", "trial"), "2026-06-23");
    step(&s, "approve", "2026-06-02", "what=extend\n");
    assert_due(clock_on(&s, "2026-06-02", "trial"), "2026-07-23");
}

static void test_warning_levels(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "accept", "2026-03-02", "procedure=summary\n"); /* due 2026-06-02, 92 days */
    assert_int_equal(clock_on(&s, "2026-05-01", "trial").level, FL_LEVEL_OK);
    assert_int_equal(clock_on(&s, "2026-05-05", "trial").level, FL_LEVEL_NOTICE);
    assert_int_equal(clock_on(&s, "2026-05-25", "trial").level, FL_LEVEL_WARNING);
    assert_int_equal(clock_on(&s, "2026-06-01", "trial").level, FL_LEVEL_URGENT);
    struct fl_clock k = clock_on(&s, "2026-06-03", "trial");
    assert_int_equal(k.level, FL_LEVEL_OVERDUE);
    assert_int_equal(k.left, -1);
}

static void test_provisional_in_unannounced_years(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-11-02", "ordinary", false);
    step(&s, "accept", "2026-11-02", "procedure=ordinary\n");
    assert_true(clock_on(&s, "2026-11-02", "trial").provisional); /* due in 2027 */
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "accept", "2026-03-02", "procedure=summary\n");
    assert_false(clock_on(&s, "2026-03-02", "trial").provisional);
}

/* Extensions add to the limit step by step; each step's provisional mark
 * must survive the next (they shared one flag once). */
static void test_extension_keeps_provisional_mark(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-10-02", "fast-adjudication", false);
    step(&s, "accept", "2026-10-02", "procedure=fast-adjudication\n");
    step(&s, "extend", "2026-10-20", "length=15d\n");
    step(&s, "approve", "2026-10-21", "what=extend\n");
    /* 30 days end in November 2026 (known), +15 days in December: known. */
    assert_false(clock_on(&s, "2026-10-21", "trial").provisional);
    begin(&s, "2026-11-20", "summary", false);
    step(&s, "accept", "2026-11-20", "procedure=summary\n");
    step(&s, "extend", "2026-12-01", "length=1m\n");
    step(&s, "approve", "2026-12-02", "what=extend\n");
    assert_true(clock_on(&s, "2026-12-02", "trial").provisional); /* ends in 2027 */
}

static void test_refusal_decline_and_counterclaim(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "return", "2026-03-03", "reasons=evidence\n");
    step(&s, "refuse", "2026-03-20", "");
    assert_int_equal(s.life.state, FL_ST_NOT_ACCEPTED);
    assert_non_null(strstr(refusal(&s, "accept", ""), "nothing more can happen"));
    begin(&s, "2026-03-02", "small-claims", false);
    step(&s, "accept", "2026-03-02", "procedure=small-claims\n");
    step(&s, "counterclaim", "2026-03-10", "");
    assert_int_equal(s.life.proposals_open, 1);
    step(&s, "convert", "2026-03-11", "to=ordinary\n");
    assert_int_equal(s.life.proposals_open, 0);
    assert_int_equal(s.life.proposals_accepted, 1);
    step(&s, "decline", "2026-03-12", "what=convert\n");
    assert_string_equal(s.life.procedure, "small-claims"); /* declined: unchanged */
    assert_due(clock_on(&s, "2026-03-12", "trial"), "2026-05-06");
    step(&s, "extend", "2026-04-20", "length=1m\n");
    step(&s, "decline", "2026-04-21", "what=extend\n");
    assert_due(clock_on(&s, "2026-04-21", "trial"), "2026-05-06");
    assert_int_equal(s.life.extensions, 0);
    begin(&s, "2026-03-02", "ordinary", false);
    step(&s, "accept", "2026-03-02", "procedure=ordinary\n");
    step(&s, "counterclaim", "2026-03-10", "");
    assert_int_equal(s.life.proposals_open, 0); /* already ordinary: nothing to propose */
    assert_non_null(strstr(refusal(&s, "convert", "to=ordinary\n"), "already under ordinary"));
}

/* Intake: routing puts the filing in a clerk's inbox while it awaits the
 * decision on acceptance, and moves no clock. */
static void test_route_while_awaiting_acceptance(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    assert_string_equal(s.life.clerk, "");
    assert_non_null(strstr(refusal(&s, "route", ""), "names the clerk"));
    assert_non_null(strstr(refusal(&s, "route", "clerk=\n"), "names the clerk"));
    step(&s, "route", "2026-03-03", "clerk=wang\n");
    assert_string_equal(s.life.clerk, "wang");
    assert_int_equal(s.life.state, FL_ST_FILED);
    assert_due(clock_on(&s, "2026-03-03", "acceptance"), "2026-03-09");
    assert_non_null(strstr(refusal(&s, "route", "clerk=wang\n"), "in the inbox of wang already"));
    /* A screen that showed it in the section's inbox (from=) routes it
     * no more: another terminal routed it to wang meanwhile. */
    const char *moved = refusal(&s, "route", "clerk=li\nfrom=\n");
    assert_non_null(moved);
    assert_non_null(strstr(moved, "moved meanwhile: it is in the inbox of wang now, not in the "
                                  "section's inbox"));
    step(&s, "route", "2026-03-04", "clerk=li\nfrom=wang\n");
    assert_string_equal(s.life.clerk, "li");
    /* Returned for correction, and in pre-suit mediation: still before the decision. */
    step(&s, "return", "2026-03-04", "reasons=parties\n");
    step(&s, "route", "2026-03-05", "clerk=wang\n");
    step(&s, "correct", "2026-03-06", "");
    assert_string_equal(s.life.clerk, "wang");
    assert_due(clock_on(&s, "2026-03-06", "acceptance"), "2026-03-13");
    step(&s, "mediate", "2026-03-06", "consent=yes\n");
    step(&s, "route", "2026-03-07", "clerk=li\n");
    step(&s, "mediation-end", "2026-03-10", "result=failed\n");
    step(&s, "accept", "2026-03-11", "procedure=summary\ncase_no=(2026)川0191民初1号\n");
    assert_string_equal(s.life.clerk, "li");
    const char *m = refusal(&s, "route", "clerk=wang\n");
    assert_non_null(m);
    assert_non_null(strstr(m, "a case that is accepted cannot route"));
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "refuse", "2026-03-03", "");
    assert_non_null(strstr(refusal(&s, "route", "clerk=wang\n"), "nothing more can happen"));
}

/* A return for correction says why, in the codes the court uses, and by
 * when as a date. */
static void test_return_needs_its_reasons(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    assert_non_null(strstr(refusal(&s, "return", ""), "says why (--reasons"));
    const char *m = refusal(&s, "return", "reasons=parties,money\n");
    assert_non_null(m);
    assert_non_null(strstr(m, "\"money\" is not a reason"));
    assert_non_null(strstr(m, "parties, claims, facts, evidence"));
    assert_non_null(strstr(refusal(&s, "return", "reasons=fee\nby=next week\n"),
                           "YYYY-MM-DD, not \"next week\""));
    step(&s, "return", "2026-03-03", "reasons=fee, signature\nby=2026-03-20\n");
    assert_int_equal(s.life.state, FL_ST_RETURNED);
}

static void test_mediation_in_suit_has_its_own_clock(void **state)
{
    (void)state;
    struct story s;
    begin(&s, "2026-03-02", "summary", false);
    step(&s, "accept", "2026-03-02", "procedure=summary\n");
    step(&s, "mediate", "2026-03-04", "");
    assert_int_equal(s.life.state, FL_ST_INSUIT_MEDIATION);
    assert_due(clock_on(&s, "2026-03-04", "in-suit-mediation"), "2026-03-11");
    step(&s, "mediation-end", "2026-03-09", "result=settled\n");
    assert_int_equal(s.life.state, FL_ST_CLOSED);
    assert_string_equal(s.life.closed_how, "mediation");
}

int main(void)
{
    fl_parse_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_impossible_steps_say_what_is_possible),
        cmocka_unit_test(test_acceptance_clock_restarts_on_correction),
        cmocka_unit_test(test_pre_suit_mediation_pauses_acceptance),
        cmocka_unit_test(test_trial_limits_by_procedure),
        cmocka_unit_test(test_conversion_keeps_the_start_and_needs_approval),
        cmocka_unit_test(test_exclusions_and_extensions),
        cmocka_unit_test(test_warning_levels),
        cmocka_unit_test(test_provisional_in_unannounced_years),
        cmocka_unit_test(test_extension_keeps_provisional_mark),
        cmocka_unit_test(test_refusal_decline_and_counterclaim),
        cmocka_unit_test(test_mediation_in_suit_has_its_own_clock),
        cmocka_unit_test(test_route_while_awaiting_acceptance),
        cmocka_unit_test(test_return_needs_its_reasons),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
