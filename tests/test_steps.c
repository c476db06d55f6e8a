/* fl_case_step, the engine function behind every step from the command
 * line and the terminal: who may take which step, and a step made on what
 * a screen showed when the case has changed since. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "parse.h"
#include "steps.h"
#include "testutil.h"

struct fixture {
    char *dir, *path;
    struct fl_db *db;
    struct fl_calendar *cal;
    struct fl_periods *periods;
};

static int take_first(void *ctx, struct fl_filing *f)
{
    struct fl_filing **out = ctx;
    if (*out)
        fl_filing_free(f);
    else
        *out = f;
    return 0;
}

static void store(struct fl_db *db, const char *id)
{
    char *doc = tu_filing(id, "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
    struct fl_filing *f = NULL;
    struct fl_error err;
    enum fl_store_result r;
    assert_int_equal(fl_parse_memory(doc, strlen(doc), "t.xml", NULL, take_first, &f, &err),
                     FL_OK);
    assert_int_equal(fl_db_begin(db, &err), FL_OK);
    assert_int_equal(fl_db_store_filing(db, f, NULL, "t.xml", 0, &r, NULL, &err), FL_OK);
    assert_int_equal(fl_db_commit(db, &err), FL_OK);
    fl_filing_free(f);
    free(doc);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    struct fl_error err;
    fx->dir = tu_mkdtemp();
    fx->path = tu_fmt("%s/test.db", fx->dir);
    setenv("FENLIU_NOW", "2026-03-02T09:15:00+08:00", 1);
    if (fl_db_open(fx->path, FL_DB_CREATE, &fx->db, &err) != FL_OK ||
        fl_db_clock_data(fx->db, &fx->cal, &fx->periods, &err) != FL_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    const char *users[][2] = {{"zhang", "clerk"},     {"wang", "judge"},
                              {"chen", "president"}, {"root", "admin"}};
    for (size_t i = 0; i < 4; i++)
        if (fl_db_set_user(fx->db, users[i][0], users[i][1], "root", &err) != FL_OK)
            return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    fl_calendar_free(fx->cal);
    fl_periods_free(fx->periods);
    fl_db_close(fx->db);
    tu_rmtree(fx->dir);
    free(fx->dir);
    free(fx->path);
    free(fx);
    unsetenv("FENLIU_NOW");
    return 0;
}

static enum fl_status step(struct fixture *fx, const char *login, const char *kind,
                           const char *args, const char *reason, struct fl_case_seen expect,
                           struct fl_error *err)
{
    struct fl_step s = {.key = "SP-1", .kind = kind, .args = args, .reason = reason,
                        .login = login, .effective = fl_date_today(), .expect = expect};
    return fl_case_step(fx->db, &s, fx->cal, fx->periods, err);
}

static struct fl_case_seen seen(struct fixture *fx)
{
    struct fl_case_life c;
    struct fl_error err;
    assert_int_equal(fl_db_case_life(fx->db, "SP-1", &c, &err), FL_OK);
    struct fl_case_seen s = fl_case_seen_of(&c);
    fl_case_life_free(&c);
    return s;
}

static const struct fl_case_seen UNCHECKED = {0};

static void test_roles(void **state)
{
    struct fixture *fx = *state;
    struct fl_error err;
    store(fx->db, "SP-1");
    /* Not a user: nothing. */
    assert_int_equal(step(fx, "nobody", "accept", "", NULL, UNCHECKED, &err), FL_EINVAL);
    assert_non_null(strstr(err.msg, "nobody is not a fenliu user"));
    assert_int_equal(fl_case_note(fx->db, "SP-1", "nobody", false, "x", &err), FL_EINVAL);
    /* A judge does not accept; a clerk does. */
    assert_int_equal(step(fx, "wang", "accept", "", NULL, UNCHECKED, &err), FL_EINVAL);
    assert_string_equal(err.msg, "SP-1: wang is a judge, and a judge may not accept; clerks, "
                                 "presidents (院长 or 庭长) and admins may");
    assert_int_equal(step(fx, "zhang", "accept", "", NULL, UNCHECKED, &err), FL_OK);
    /* A clerk does not suspend, retrack or approve; a judge does the first two. */
    const char *suspend = "kind=appraisal\nuntil=2026-04-01\n";
    assert_int_equal(step(fx, "zhang", "suspend", suspend, NULL, UNCHECKED, &err), FL_EINVAL);
    assert_non_null(strstr(err.msg, "a clerk may not suspend; judges, presidents"));
    assert_int_equal(step(fx, "zhang", "retrack", "track=complex\nprocedure=ordinary\n", "r",
                          UNCHECKED, &err),
                     FL_EINVAL);
    assert_int_equal(step(fx, "wang", "suspend", suspend, NULL, UNCHECKED, &err), FL_OK);
    assert_int_equal(step(fx, "wang", "retrack", "track=complex\nprocedure=ordinary\n", NULL,
                          UNCHECKED, &err),
                     FL_EINVAL);
    assert_non_null(strstr(err.msg, "retrack needs a reason"));
    assert_int_equal(step(fx, "wang", "retrack", "track=complex\nprocedure=ordinary\n",
                          "需要鉴定", UNCHECKED, &err),
                     FL_OK);
    assert_int_equal(step(fx, "wang", "extend", "length=1m\n", "鉴定", UNCHECKED, &err), FL_OK);
    assert_int_equal(step(fx, "wang", "approve", "what=extend\n", NULL, UNCHECKED, &err),
                     FL_EINVAL);
    assert_non_null(strstr(err.msg, "a judge may not approve; presidents (院长 or 庭长) and "
                                    "admins may"));
    assert_int_equal(step(fx, "chen", "approve", "what=extend\n", NULL, UNCHECKED, &err), FL_OK);
    /* The state still decides what is possible, whatever the role. */
    assert_int_equal(step(fx, "root", "accept", "", NULL, UNCHECKED, &err), FL_EINVAL);
    assert_non_null(strstr(err.msg, "cannot accept; it can:"));
}

static void test_role_table(void **state)
{
    (void)state;
    char who[160];
    assert_true(fl_role_may("clerk", "route"));
    assert_false(fl_role_may("clerk", "close"));
    assert_true(fl_role_may("judge", "close"));
    assert_false(fl_role_may("judge", "assign"));
    assert_true(fl_role_may("president", "approve"));
    assert_true(fl_role_may("admin", "retrack"));
    assert_false(fl_role_may("", "accept"));
    assert_false(fl_role_may(NULL, "accept"));
    fl_role_who_may("counterclaim", who, sizeof who);
    assert_string_equal(who, "clerks, judges, presidents (院长 or 庭长) and admins");
    /* Every kind of stop the interface offers is one the lifecycle takes. */
    struct fl_life life;
    char msg[256], args[128];
    fl_life_replay(&life, fl_date_today(), "summary", false,
                   (struct fl_event[]){{1, "accept", fl_date_today(), "", NULL, "x", ""}}, 1);
    for (const char *const *k = FL_SUSPEND_KINDS; *k; k++) {
        snprintf(args, sizeof args, "kind=%s\nuntil=2026-05-01\n", *k);
        assert_true(fl_life_check(&life, "suspend", args, msg, sizeof msg));
    }
}

static void test_possible_steps(void **state)
{
    (void)state;
    const char *got[24];
    struct fl_life life;
    fl_life_replay(&life, fl_date_today(), "summary", false, NULL, 0);
    size_t n = fl_steps_possible(&life, "clerk", "zhang", got, 24);
    struct fl_buf b = FL_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        fl_buf_printf(&b, "%s%s", i ? " " : "", got[i]);
    assert_string_equal(fl_buf_str(&b), "return mediate accept refuse route");
    fl_buf_reset(&b);
    n = fl_steps_possible(&life, "judge", "wang", got, 24);
    for (size_t i = 0; i < n; i++)
        fl_buf_printf(&b, "%s%s", i ? " " : "", got[i]);
    assert_string_equal(fl_buf_str(&b), "mediate close retrack");
    fl_buf_reset(&b);
    /* Accepted: a president approves only what is waiting. */
    struct fl_event ev[] = {{1, "accept", fl_date_today(), "", NULL, "x", ""},
                            {2, "extend", fl_date_today(), "length=1m\n", "r", "x", ""}};
    fl_life_replay(&life, fl_date_today(), "summary", false, ev, 1);
    n = fl_steps_possible(&life, "president", "chen", got, 24);
    for (size_t i = 0; i < n; i++)
        fl_buf_printf(&b, "%s%s", i ? " " : "", got[i]);
    assert_null(strstr(fl_buf_str(&b), "approve"));
    assert_null(strstr(fl_buf_str(&b), "resume"));
    assert_non_null(strstr(fl_buf_str(&b), "suspend"));
    fl_buf_reset(&b);
    fl_life_replay(&life, fl_date_today(), "summary", false, ev, 2);
    n = fl_steps_possible(&life, "president", "chen", got, 24);
    for (size_t i = 0; i < n; i++)
        fl_buf_printf(&b, "%s%s", i ? " " : "", got[i]);
    assert_non_null(strstr(fl_buf_str(&b), "approve decline"));
    assert_null(strstr(fl_buf_str(&b), "extend"));
    fl_buf_free(&b);
}

/* Two terminals show the case; one steps, then the other: refused, naming
 * what changed and who changed it, and nothing recorded. */
static void test_stale_screen_conflicts(void **state)
{
    struct fixture *fx = *state;
    struct fl_error err;
    store(fx->db, "SP-1");
    struct fl_case_seen before = seen(fx);
    assert_true(before.set);
    assert_int_equal(before.event, 0);
    assert_true(before.decision == 0); /* stored without a classification */
    /* The command line does not compare. */
    assert_int_equal(step(fx, "zhang", "accept", "", NULL, UNCHECKED, &err), FL_OK);
    enum fl_status st = step(fx, "zhang", "refuse", "", "不符合起诉条件", before, &err);
    if (st != FL_ECONFLICT)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(st, FL_ECONFLICT);
    assert_string_equal(err.msg, "SP-1: the case changed since you opened it: accepted by "
                                 "zhang at 2026-03-02 09:15; nothing was recorded");
    struct fl_case_seen now = seen(fx);
    assert_int_equal(now.event, before.event + 1);
    /* A judge's decision is a change too. */
    assert_int_equal(step(fx, "wang", "retrack", "track=complex\nprocedure=ordinary\n", "复杂",
                          UNCHECKED, &err),
                     FL_OK);
    assert_int_equal(step(fx, "zhang", "assign", "judge=wang\n", NULL, now, &err), FL_ECONFLICT);
    assert_non_null(strstr(err.msg, "retracked to the complex track, ordinary procedure by wang "
                                    "at 2026-03-02 09:15"));
    /* With what the screen shows now, the step goes through. */
    assert_int_equal(step(fx, "zhang", "assign", "judge=wang\n", NULL, seen(fx), &err), FL_OK);
    struct fl_case_life c;
    assert_int_equal(fl_db_case_life(fx->db, "SP-1", &c, &err), FL_OK);
    assert_int_equal(c.nevents, 2); /* accept, assign: the refused steps left nothing */
    fl_case_life_free(&c);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_roles),
        cmocka_unit_test(test_role_table),
        cmocka_unit_test(test_possible_steps),
        T(test_stale_screen_conflicts),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
