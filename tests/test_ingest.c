/* The ingest pipeline as the engine runs it: what its reader works out for
 * the writer must be what the lifecycle and storage would have written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ingest.h"
#include "parse.h"
#include "testutil.h"

/* Every status row of DB but when it was written, one line a row. */
static char *status_rows(const char *db)
{
    return tu_sql_rows(db, "SELECT case_id, state, track, procedure, flags, judge, clock, due, "
                           "paused, provisional, clerk, cause, received FROM case_status "
                           "ORDER BY case_id");
}

/* queue_tally as it stands, and as the status rows say it should. */
static char *tally(const char *db, bool fresh)
{
    return tu_sql_rows(db, fresh ? "SELECT state, ifnull(track, ''), ifnull(procedure, ''), "
                                   "ifnull(judge, ''), flags, ifnull(cause, ''), count(*) "
                                   "FROM case_status GROUP BY 1, 2, 3, 4, 5, 6 "
                                   "ORDER BY 1, 2, 3, 4, 5, 6"
                                 : "SELECT * FROM queue_tally ORDER BY 1, 2, 3, 4, 5, 6");
}

/* The status rows ingest writes for new cases (worked out on its reader
 * thread) are the rows fl_db_refresh_status makes from what was stored:
 * civil and bankruptcy, every procedure and flag the generator makes. */
static void test_new_cases_status_rows_are_the_lifecycle_s(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), *in = tu_fmt("%s/in", dir), *path = tu_fmt("%s/f.db", dir);
    char *const argv[] = {(char *)tu_fgen(), "--seed", "11", "--count", "600", "--batch", "100",
                          "--malformed", "5", "--out", in, NULL};
    assert_int_equal(tu_run(argv, NULL, NULL, NULL), 0);
    struct fl_db *db;
    struct fl_error err;
    assert_int_equal(fl_db_open(path, FL_DB_CREATE, &db, &err), FL_OK);
    struct fl_rules *rules;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    assert_int_equal(fl_rules_load_default(&rules, &err), FL_OK);
    assert_int_equal(fl_db_clock_data(db, &cal, &periods, &err), FL_OK);
    struct fl_ingest_opts opts = {.login = "test", .rules = rules, .calendar = cal,
                                  .periods = periods};
    struct fl_ingest *ing;
    assert_int_equal(fl_ingest_begin(db, &opts, &ing, &err), FL_OK);
    assert_int_equal(fl_ingest_path(ing, in, &err), FL_OK);
    struct fl_run_counts n;
    assert_int_equal(fl_ingest_end(ing, &n, &err), FL_OK);
    assert_true(n.accepted > 500 && n.rejected > 0);
    char *ingested = status_rows(path);
    int64_t count;
    assert_int_equal(fl_db_refresh_all_status(db, cal, periods, &count, &err), FL_OK);
    assert_int_equal(count, n.accepted);
    char *refreshed = status_rows(path);
    assert_string_equal(ingested, refreshed);
    /* The queue's tally, kept in bulk (migration 011), counts the rows as
     * they are, after the ingest's inserts and the refresh's updates. */
    char *kept = tally(path, false), *counted = tally(path, true);
    assert_string_equal(kept, counted);
    assert_true(strlen(kept) > 20);
    free(kept);
    free(counted);
    /* A judge's decisions move cases between tracks: the rows the refresh
     * rewrites leave their old combination and join the new one. */
    static const char *const moved[] = {"WS-2026-0000003", "WS-2026-0000010",
                                        "WS-2026-0000011"};
    for (size_t i = 0; i < 3; i++) {
        int64_t id;
        assert_int_equal(fl_db_begin(db, &err), FL_OK);
        assert_int_equal(fl_db_add_judge_decision(db, moved[i], "complex", "ordinary",
                                                  "large-amount", "test", "test", &id, &err),
                         FL_OK);
        assert_int_equal(fl_db_commit(db, &err), FL_OK);
    }
    assert_int_equal(fl_db_refresh_all_status(db, cal, periods, &count, &err), FL_OK);
    kept = tally(path, false);
    counted = tally(path, true);
    assert_string_equal(kept, counted);
    char *after = status_rows(path);
    assert_string_not_equal(after, refreshed);
    free(after);
    free(kept);
    free(counted);
    /* The corpus has what the rows must tell apart. */
    assert_non_null(strstr(ingested, "|filed|simple|small-claims|"));
    assert_non_null(strstr(ingested, "|filed|simple|summary|"));
    assert_non_null(strstr(ingested, "|filed|complex|ordinary|"));
    assert_non_null(strstr(ingested, "|filed|simple|simple|")); /* a fast-track bankruptcy */
    assert_non_null(strstr(ingested, "|acceptance|"));
    free(ingested);
    free(refreshed);
    fl_rules_free(rules);
    fl_calendar_free(cal);
    fl_periods_free(periods);
    fl_db_close(db);
    tu_rmtree(dir);
    free(dir);
    free(in);
    free(path);
}

int main(void)
{
    fl_parse_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_cases_status_rows_are_the_lifecycle_s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
