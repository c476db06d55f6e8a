/* Storage: migrations, duplicates and conflicts, case numbers, loading. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "parse.h"
#include "testutil.h"

struct fixture {
    char *dir, *path;
    struct fl_db *db;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    fx->dir = tu_mkdtemp();
    fx->path = tu_fmt("%s/sub/dir/test.db", fx->dir);
    struct fl_error err;
    if (fl_db_open(fx->path, FL_DB_CREATE, &fx->db, &err) != FL_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    fl_db_close(fx->db);
    tu_rmtree(fx->dir);
    free(fx->dir);
    free(fx->path);
    free(fx);
    return 0;
}

static int take_first(void *ctx, struct fl_filing *f)
{
    struct fl_filing **out = ctx;
    if (*out)
        fl_filing_free(f);
    else
        *out = f;
    return 0;
}

static struct fl_filing *parse_one(const char *doc)
{
    struct fl_filing *f = NULL;
    struct fl_error err;
    assert_int_equal(fl_parse_memory(doc, strlen(doc), "t.xml", NULL, take_first, &f, &err),
                     FL_OK);
    assert_non_null(f);
    assert_int_equal(f->nproblems, 0);
    return f;
}

static enum fl_store_result store(struct fl_db *db, const char *doc)
{
    struct fl_filing *f = parse_one(doc);
    enum fl_store_result r;
    struct fl_error err;
    assert_int_equal(fl_db_begin(db, &err), FL_OK);
    assert_int_equal(fl_db_store_filing(db, f, NULL, "t.xml", 0, &r, NULL, &err), FL_OK);
    assert_int_equal(fl_db_commit(db, &err), FL_OK);
    fl_filing_free(f);
    return r;
}

static void test_new_database_is_current(void **state)
{
    struct fixture *fx = *state;
    assert_true(fl_db_schema_latest() >= 1);
    assert_int_equal(fl_db_schema_version(fx->db), fl_db_schema_latest());
    assert_true(tu_exists(fx->path));
}

static void test_missing_database_not_created_when_reading(void **state)
{
    struct fixture *fx = *state;
    char *other = tu_fmt("%s/none.db", fx->dir);
    struct fl_db *db;
    struct fl_error err;
    assert_int_equal(fl_db_open(other, FL_DB_EXISTING, &db, &err), FL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "fenliu init"));
    assert_false(tu_exists(other));
    free(other);
}

static void test_older_database_is_migrated(void **state)
{
    struct fixture *fx = *state;
    char *old = tu_fmt("%s/old.db", fx->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(old, &h), SQLITE_OK); /* version 0: empty */
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE keep(x); INSERT INTO keep VALUES (42)", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    struct fl_db *db;
    struct fl_error err;
    assert_int_equal(fl_db_open(old, FL_DB_EXISTING, &db, &err), FL_OK);
    assert_int_equal(fl_db_schema_version(db), fl_db_schema_latest());
    int64_t n = -1;
    assert_int_equal(fl_db_count(db, FL_COUNT_CASES, &n, &err), FL_OK);
    assert_int_equal(n, 0);
    fl_db_close(db);
    free(old);
}

static void test_newer_database_is_refused_untouched(void **state)
{
    struct fixture *fx = *state;
    char *newer = tu_fmt("%s/newer.db", fx->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(newer, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    struct fl_db *db;
    struct fl_error err;
    assert_int_equal(fl_db_open(newer, FL_DB_EXISTING, &db, &err), FL_ENEWER);
    assert_non_null(strstr(err.msg, "999"));
    assert_non_null(strstr(err.msg, "newer"));
    assert_int_equal(sqlite3_open(newer, &h), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 999);
    sqlite3_finalize(s);
    sqlite3_close(h);
    free(newer);
}

static void test_wal_and_foreign_keys(void **state)
{
    struct fixture *fx = *state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(h);
}

static void test_duplicate_and_conflict(void **state)
{
    struct fixture *fx = *state;
    char *a = tu_filing("DC-1", "买卖合同纠纷", "判令被告支付货款56000元");
    char *same = tu_filing("DC-1", "买卖合同纠纷", "判令被告支付货款56000元");
    char *other = tu_filing("DC-1", "买卖合同纠纷", "判令被告支付货款66000元");
    assert_int_equal(store(fx->db, a), FL_STORE_ACCEPTED);
    assert_int_equal(store(fx->db, same), FL_STORE_DUPLICATE);
    assert_int_equal(store(fx->db, other), FL_STORE_CONFLICT);
    struct fl_case *c;
    struct fl_error err;
    assert_int_equal(fl_db_load_case(fx->db, "DC-1", &c, &err), FL_OK);
    assert_string_equal(c->filing->claims[0].text, "判令被告支付货款56000元"); /* untouched */
    fl_case_free(c);
    int64_t n;
    fl_db_count(fx->db, FL_COUNT_CASES, &n, &err);
    assert_int_equal(n, 1);
    free(a);
    free(same);
    free(other);
}

static int64_t case_id_of(struct fl_db *db, const char *key)
{
    struct fl_case *c;
    struct fl_error err;
    assert_int_equal(fl_db_load_case(db, key, &c, &err), FL_OK);
    int64_t id = c->id;
    fl_case_free(c);
    return id;
}

static void test_case_numbers_and_lookup(void **state)
{
    struct fixture *fx = *state;
    char first[96], second[96], third[96];
    char *a = tu_filing("CN-1", "借款合同纠纷", "判令被告返还借款");
    char *b = tu_filing("CN-2", "借款合同纠纷", "判令被告返还借款");
    assert_int_equal(store(fx->db, a), FL_STORE_ACCEPTED);
    assert_int_equal(store(fx->db, b), FL_STORE_ACCEPTED);
    struct fl_case *c;
    struct fl_error err;
    /* No number until accepted. */
    assert_int_equal(fl_db_load_case(fx->db, "CN-1", &c, &err), FL_OK);
    assert_null(c->case_no);
    fl_case_free(c);
    setenv("FENLIU_NOW", "2026-03-02T09:15:00+08:00", 1);
    assert_int_equal(fl_db_begin(fx->db, &err), FL_OK);
    assert_int_equal(fl_db_number_case(fx->db, case_id_of(fx->db, "CN-2"), "民初", NULL, first,
                                       sizeof first, &err),
                     FL_OK);
    assert_int_equal(fl_db_number_case(fx->db, case_id_of(fx->db, "CN-1"), "民初", NULL, second,
                                       sizeof second, &err),
                     FL_OK);
    /* The court's code from configuration wins over the filing's. */
    assert_int_equal(fl_db_number_case(fx->db, case_id_of(fx->db, "CN-1"), "民初", "川0107",
                                       third, sizeof third, &err),
                     FL_OK);
    assert_int_equal(fl_db_commit(fx->db, &err), FL_OK);
    unsetenv("FENLIU_NOW");
    assert_string_equal(first, "(2026)川0191民初1号");
    assert_string_equal(second, "(2026)川0191民初2号");
    assert_string_equal(third, "(2026)川0107民初1号");
    assert_int_equal(fl_db_load_case(fx->db, "（2026）川0191民初1号", &c, &err), FL_OK);
    assert_string_equal(c->filing->id, "CN-2");
    assert_string_equal(c->case_no, "(2026)川0191民初1号");
    assert_int_equal(c->filing->nparties, 2);
    assert_string_equal(c->filing->parties[1].name, "李某");
    assert_true(c->filing->raw_len > 0);
    assert_memory_equal(c->filing->raw, "<filing", 7);
    fl_case_free(c);
    assert_int_equal(fl_db_load_case(fx->db, "nope", &c, &err), FL_ENOTFOUND);
    free(a);
    free(b);
}

static int count_rows(void *ctx, const struct fl_case_row *r)
{
    (void)r;
    (*(int *)ctx)++;
    return 0;
}

static void test_queue_counts_and_filters(void **state)
{
    struct fixture *fx = *state;
    struct fl_error err;
    struct fl_rules *rules;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    assert_int_equal(fl_rules_load_default(&rules, &err), FL_OK);
    assert_int_equal(fl_calendar_load_default(&cal, &err), FL_OK);
    assert_int_equal(fl_periods_load_default(&periods, &err), FL_OK);
    struct fl_matcher *m = fl_matcher_alloc(rules);
    const char *docs[][3] = {
        {"Q-1", "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整"},  /* simple */
        {"Q-2", "侵害发明专利权纠纷", "判令被告停止侵害"},             /* complex (ip) */
        {"Q-3", "借款合同纠纷", "判令被告返还借款人民币壹万元整"},     /* simple */
    };
    assert_int_equal(fl_db_begin(fx->db, &err), FL_OK);
    for (int i = 0; i < 3; i++) {
        char *doc = tu_filing(docs[i][0], docs[i][1], docs[i][2]);
        struct fl_filing *f = parse_one(doc);
        struct fl_classification c;
        assert_int_equal(fl_classify(m, f, &c, &err), FL_OK);
        struct fl_proposal p = {rules, &c, "t"};
        enum fl_store_result r;
        int64_t id;
        assert_int_equal(fl_db_store_filing(fx->db, f, &p, "t.xml", 0, &r, &id, &err), FL_OK);
        assert_int_equal(fl_db_refresh_status(fx->db, id, cal, periods, &err), FL_OK);
        fl_classification_clear(&c);
        fl_filing_free(f);
        free(doc);
    }
    assert_int_equal(fl_db_commit(fx->db, &err), FL_OK);
    struct fl_queue_counts n;
    assert_int_equal(fl_db_queue_counts(fx->db, NULL, &n, &err), FL_OK);
    assert_int_equal(n.simple, 2);
    assert_int_equal(n.complex, 1);
    assert_int_equal(n.unclassified, 0);
    struct fl_queue_filter ip = {.flag = "ip", .track = "simple"};
    assert_int_equal(fl_db_queue_counts(fx->db, &ip, &n, &err), FL_OK); /* track ignored */
    assert_int_equal(n.simple + n.complex, 1);
    int rows = 0;
    int64_t total = 0;
    struct fl_queue_filter simple = {.track = "simple", .search = "借款"};
    assert_int_equal(fl_db_queue(fx->db, &simple, 10, 0, &total, count_rows, &rows, &err), FL_OK);
    assert_int_equal(total, 1);
    assert_int_equal(rows, 1);
    fl_matcher_free(m);
    fl_periods_free(periods);
    fl_calendar_free(cal);
    fl_rules_free(rules);
}

int main(void)
{
    fl_parse_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_database_is_current, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_database_not_created_when_reading, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_older_database_is_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_database_is_refused_untouched, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wal_and_foreign_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_and_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_numbers_and_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_counts_and_filters, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
