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
#include "embedded.h"
#include "parse.h"
#include "steps.h"
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

/* ---- opening: only FL_DB_CREATE makes a database; nothing refused is touched ---- */

static const enum fl_db_mode ALL_MODES[] = {FL_DB_READ, FL_DB_WRITE, FL_DB_CREATE};

/* Whether PATH-SUFFIX exists (SQLite's -wal, -shm and -journal files). */
static bool beside(const char *path, const char *suffix)
{
    char *p = tu_fmt("%s%s", path, suffix);
    bool there = tu_exists(p);
    free(p);
    return there;
}

static void assert_no_sidecars(const char *path)
{
    assert_false(beside(path, "-wal"));
    assert_false(beside(path, "-shm"));
    assert_false(beside(path, "-journal"));
}

/* The file at PATH holds exactly LEN bytes BEFORE. */
static void assert_unchanged(const char *path, const char *before, size_t len)
{
    size_t n;
    char *now = tu_read(path, &n);
    assert_non_null(now);
    assert_int_equal(n, len);
    assert_memory_equal(now, before, len);
    free(now);
}

/* An SQLite file made by SQL in the rollback-journal (DELETE) mode, the
 * way another program or an older tool leaves one. */
static void make_sqlite_file(const char *path, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(h);
}

/* Regression: every opening created a missing database (and its folders),
 * so a mistyped --db made a new one.  Only FL_DB_CREATE does now. */
static void test_missing_database_not_created_unless_init(void **state)
{
    struct fixture *fx = *state;
    char *folder = tu_fmt("%s/none", fx->dir), *other = tu_fmt("%s/none/x.db", fx->dir);
    struct fl_db *db;
    struct fl_error err;
    for (int m = 0; m < 2; m++) {
        assert_int_equal(fl_db_open(other, ALL_MODES[m], &db, &err), FL_ENOTFOUND);
        assert_null(db);
        char *how = tu_fmt("`fenliu init --db %s` creates one", other);
        assert_non_null(strstr(err.msg, how));
        assert_non_null(strstr(err.msg, "--db or FENLIU_DB"));
        free(how);
        assert_false(tu_exists(folder));
    }
    assert_int_equal(fl_db_open(other, FL_DB_CREATE, &db, &err), FL_OK);
    assert_int_equal(fl_db_schema_version(db), fl_db_schema_latest());
    fl_db_close(db);
    free(other);
    free(folder);
}

/* Regression: SQLite takes a 0-byte file for an empty database, and the
 * first opening made it a fenliu one.  Only init does (it is the command
 * for that); the others leave it at 0 bytes. */
static void test_empty_file_is_no_database_until_init(void **state)
{
    struct fixture *fx = *state;
    char *empty = tu_fmt("%s/empty.db", fx->dir);
    tu_write(empty, "", 0);
    struct fl_db *db;
    struct fl_error err;
    for (int m = 0; m < 2; m++) {
        assert_int_equal(fl_db_open(empty, ALL_MODES[m], &db, &err), FL_ENOTFOUND);
        assert_non_null(strstr(err.msg, "is an empty file, not a database"));
        assert_non_null(strstr(err.msg, "fenliu init --db"));
        assert_unchanged(empty, "", 0);
        assert_no_sidecars(empty);
    }
    assert_int_equal(fl_db_open(empty, FL_DB_CREATE, &db, &err), FL_OK);
    assert_int_equal(fl_db_schema_version(db), fl_db_schema_latest());
    fl_db_close(db);
    free(empty);
}

static void test_text_file_is_refused_unchanged(void **state)
{
    struct fixture *fx = *state;
    static const char *const texts[] = {
        "court_code = 川0191\n",
        "SQLite format 3 is what this line says, but it is text, not a database.\n"
        "Neither is this one, which makes the file longer than a header.\n",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char *path = tu_fmt("%s/notes-%zu.txt", fx->dir, t);
        tu_write_str(path, texts[t]);
        for (size_t m = 0; m < 3; m++) {
            struct fl_db *db;
            struct fl_error err;
            assert_int_equal(fl_db_open(path, ALL_MODES[m], &db, &err), FL_EINVAL);
            assert_non_null(strstr(err.msg, "is not a database (not an SQLite file)"));
            assert_unchanged(path, texts[t], strlen(texts[t]));
            assert_no_sidecars(path);
        }
        free(path);
    }
}

/* Regression: a newer database was refused only after the opening had
 * switched it to WAL (a write): now it is refused in every mode before
 * anything is written, and stays in its rollback-journal mode byte for
 * byte. */
static void test_newer_database_is_refused_untouched(void **state)
{
    struct fixture *fx = *state;
    char *newer = tu_fmt("%s/newer.db", fx->dir);
    make_sqlite_file(newer, "CREATE TABLE future(x); INSERT INTO future VALUES (1); "
                            "PRAGMA user_version = 999");
    size_t len;
    char *before = tu_read(newer, &len);
    assert_int_equal(before[18], 1); /* legacy (rollback journal), not WAL (2) */
    assert_int_equal(before[19], 1);
    for (size_t m = 0; m < 3; m++) {
        struct fl_db *db;
        struct fl_error err;
        assert_int_equal(fl_db_open(newer, ALL_MODES[m], &db, &err), FL_ENEWER);
        assert_non_null(strstr(err.msg, "999"));
        assert_non_null(strstr(err.msg, "newer"));
        assert_unchanged(newer, before, len);
        assert_no_sidecars(newer);
    }
    free(before);
    /* A WAL database too: refused from its header, so not even the -wal
     * and -shm files a reader would open appear beside it. */
    fl_db_close(fx->db);
    fx->db = NULL;
    make_sqlite_file(fx->path, "PRAGMA user_version = 999");
    before = tu_read(fx->path, &len);
    assert_int_equal(before[18], 2);
    for (size_t m = 0; m < 3; m++) {
        struct fl_db *db;
        struct fl_error err;
        assert_int_equal(fl_db_open(fx->path, ALL_MODES[m], &db, &err), FL_ENEWER);
        assert_unchanged(fx->path, before, len);
        assert_no_sidecars(fx->path);
    }
    free(before);
    free(newer);
}

/* When the -wal file holds the change of version, the file's header is
 * stale: the version SQLite reads (still without writing) decides. */
static void test_newer_version_in_the_wal_is_refused(void **state)
{
    struct fixture *fx = *state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 999",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    for (size_t m = 0; m < 3; m++) {
        struct fl_db *db;
        struct fl_error err;
        assert_int_equal(fl_db_open(fx->path, ALL_MODES[m], &db, &err), FL_ENEWER);
        assert_non_null(strstr(err.msg, "999"));
    }
    sqlite3_close(h);
}

/* Regression: a negative version said "not an error". */
static void test_negative_schema_version_is_named(void **state)
{
    struct fixture *fx = *state;
    char *odd = tu_fmt("%s/odd.db", fx->dir);
    make_sqlite_file(odd, "CREATE TABLE t(x); PRAGMA user_version = -3");
    size_t len;
    char *before = tu_read(odd, &len);
    char *want = tu_fmt("%s: schema version -3 is not one fenliu writes; this is not a fenliu "
                        "database or it is damaged",
                        odd);
    for (size_t m = 0; m < 3; m++) {
        struct fl_db *db;
        struct fl_error err;
        assert_int_equal(fl_db_open(odd, ALL_MODES[m], &db, &err), FL_EINVAL);
        assert_non_null(strstr(err.msg, want));
        assert_unchanged(odd, before, len);
    }
    free(want);
    free(before);
    free(odd);
}

/* A database of schema version UPTO, made by the migrations up to it. */
static void make_old_schema(const char *path, int upto)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    for (int n = 1; n <= upto; n++) {
        char *prefix = tu_fmt("schemas/migrations/%03d-", n);
        const struct fl_embedded *m = NULL;
        for (const struct fl_embedded *e = fl_embedded_files; e->name; e++)
            if (strncmp(e->name, prefix, strlen(prefix)) == 0)
                m = e;
        assert_non_null(m);
        char *sql = tu_fmt("%s; PRAGMA user_version = %d", (const char *)m->data, n);
        char *msg = NULL;
        if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("%s: %s", m->name, msg);
        free(sql);
        free(prefix);
    }
    sqlite3_close(h);
}

/* Reading must not migrate (and the queries need the current schema):
 * a read-only opening says init upgrades it; a writer migrates. */
static void test_older_schema_read_refused_write_migrates(void **state)
{
    struct fixture *fx = *state;
    char *old = tu_fmt("%s/old.db", fx->dir);
    make_old_schema(old, 3);
    size_t len;
    char *before = tu_read(old, &len);
    struct fl_db *db;
    struct fl_error err;
    assert_int_equal(fl_db_open(old, FL_DB_READ, &db, &err), FL_EINVAL);
    char *want = tu_fmt("has schema version 3, older than this fenliu's %d, and this command "
                        "only reads: `fenliu init --db %s` upgrades it",
                        fl_db_schema_latest(), old);
    assert_non_null(strstr(err.msg, want));
    assert_unchanged(old, before, len);
    assert_no_sidecars(old);
    assert_int_equal(fl_db_open(old, FL_DB_WRITE, &db, &err), FL_OK);
    assert_int_equal(fl_db_schema_version(db), fl_db_schema_latest());
    fl_db_close(db);
    assert_int_equal(fl_db_open(old, FL_DB_READ, &db, &err), FL_OK);
    fl_db_close(db);
    free(want);
    free(before);
    free(old);
}

/* An SQLite file without a fenliu schema (version 0: another program's,
 * or a mistyped --db) becomes a fenliu database only by init, which keeps
 * what it holds. */
static void test_unversioned_database_only_init_adopts(void **state)
{
    struct fixture *fx = *state;
    char *other = tu_fmt("%s/other.db", fx->dir);
    make_sqlite_file(other, "CREATE TABLE keep(x); INSERT INTO keep VALUES (42)");
    size_t len;
    char *before = tu_read(other, &len);
    struct fl_db *db;
    struct fl_error err;
    for (int m = 0; m < 2; m++) {
        assert_int_equal(fl_db_open(other, ALL_MODES[m], &db, &err), FL_EINVAL);
        assert_non_null(strstr(err.msg, "is an SQLite database but not a fenliu one"));
        assert_unchanged(other, before, len);
    }
    assert_int_equal(fl_db_open(other, FL_DB_CREATE, &db, &err), FL_OK);
    assert_int_equal(fl_db_schema_version(db), fl_db_schema_latest());
    int64_t n = -1;
    assert_int_equal(fl_db_count(db, FL_COUNT_CASES, &n, &err), FL_OK);
    assert_int_equal(n, 0);
    fl_db_close(db);
    sqlite3 *h;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT x FROM keep", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 42);
    sqlite3_finalize(s);
    sqlite3_close(h);
    free(before);
    free(other);
}

static int count_row(void *ctx, const struct fl_case_row *row)
{
    (void)row;
    ++*(int *)ctx;
    return 0;
}

/* A read-only opening reads and writes nothing: not a byte of the
 * database, no journal mode; a write on it fails. */
static void test_read_mode_writes_nothing(void **state)
{
    struct fixture *fx = *state;
    char *doc = tu_filing("RD-1", "买卖合同纠纷", "判令被告支付货款5000元");
    assert_int_equal(store(fx->db, doc), FL_STORE_ACCEPTED);
    free(doc);
    fl_db_close(fx->db);
    fx->db = NULL;
    assert_false(beside(fx->path, "-wal")); /* the last writer checkpointed */
    size_t len;
    char *before = tu_read(fx->path, &len);
    assert_int_equal(before[18], 2); /* WAL */
    struct fl_db *db;
    struct fl_error err;
    assert_int_equal(fl_db_open(fx->path, FL_DB_READ, &db, &err), FL_OK);
    int rows = 0;
    int64_t total = 0;
    assert_int_equal(fl_db_list_cases(db, 0, 0, &total, count_row, &rows, &err), FL_OK);
    assert_int_equal(rows, 1);
    assert_int_equal(total, 1);
    assert_int_not_equal(fl_db_set_setting(db, "court_code", "川0191", &err), FL_OK);
    fl_db_close(db);
    assert_unchanged(fx->path, before, len);
    /* SQLite may leave an empty -wal beside a WAL database a reader opened
     * in a folder it can write: no frames, nothing written. */
    char *wal = tu_fmt("%s-wal", fx->path);
    size_t wal_len = 0;
    free(tu_read(wal, &wal_len));
    assert_int_equal(wal_len, 0);
    free(wal);
    free(before);
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

/* Migration 009 wrote the CHECK constraints of cases and decisions without
 * IN lists: they refuse what they refused. */
static void test_constraints_hold_after_their_rewrite(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(store(fx->db, "<filing xmlns=\"urn:fenliu:filing:1\" id=\"K-1\" "
                                   "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                                   "<type>civil</type><parties><party role=\"plaintiff\" "
                                   "kind=\"person\"><name>甲</name></party></parties><claims>"
                                   "<claim>付款</claim></claims></filing>"),
                     FL_STORE_ACCEPTED);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
    static const char *const refused[] = {
        "UPDATE cases SET channel = 'fax'",
        "UPDATE cases SET type = 'criminal'",
        "INSERT INTO decisions (case_id, kind, track, procedure, login, at) "
        "SELECT id, 'proposal', 'simple', 'fast', 'x', 'now' FROM cases",
        "INSERT INTO decisions (case_id, kind, track, procedure, login, at) "
        "SELECT id, 'guess', 'simple', 'summary', 'x', 'now' FROM cases",
        "INSERT INTO decisions (case_id, kind, track, procedure, login, at) "
        "SELECT id, 'proposal', 'medium', 'summary', 'x', 'now' FROM cases",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        int rc = sqlite3_exec(h, refused[i], NULL, NULL, NULL);
        if (rc != SQLITE_CONSTRAINT)
            fail_msg("%s: %s", refused[i], sqlite3_errmsg(h));
    }
    assert_int_equal(sqlite3_exec(h, "INSERT INTO decisions (case_id, kind, track, procedure, "
                                     "login, at) SELECT id, 'judge', 'complex', 'ordinary', 'x', "
                                     "'now' FROM cases",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
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

/* ---- the queue at work: search, filters, pages, a clerk's order --------------------- */

/* A filing between PLAINTIFF and DEFENDANT. */
static char *party_doc(const char *id, const char *cause, const char *plaintiff,
                       const char *defendant)
{
    return tu_filing_of(id, cause, plaintiff, defendant, "判令被告支付人民币叁万元");
}

struct listed {
    char id[40][24], state[40][24], case_no[40][64];
    int n;
};

static int list_ids(void *ctx, const struct fl_case_row *r)
{
    struct listed *l = ctx;
    assert_true(l->n < 40);
    snprintf(l->id[l->n], sizeof l->id[0], "%s", r->filing_id);
    snprintf(l->state[l->n], sizeof l->state[0], "%s", r->state ? r->state : "");
    snprintf(l->case_no[l->n], sizeof l->case_no[0], "%s", r->case_no ? r->case_no : "");
    l->n++;
    return 0;
}

/* Every row of F at once, and *TOTAL. */
static struct listed list_all(struct fl_db *db, const struct fl_queue_filter *f, int64_t *total)
{
    struct listed l = {.n = 0};
    struct fl_error err;
    assert_int_equal(fl_db_queue(db, f, 0, 0, total, list_ids, &l, &err), FL_OK);
    assert_int_equal(l.n, *total);
    return l;
}

/* Pages of 3 rows, from the first and from the last, give the same rows
 * in the same order as the whole list: none lost, none twice. */
static void check_pages(struct fl_db *db, const struct fl_queue_filter *f)
{
    int64_t total, t;
    struct listed all = list_all(db, f, &total);
    struct fl_error err;
    for (int dir = 0; dir < 2; dir++) {
        struct listed pages = {.n = 0};
        int64_t npages = (total + 2) / 3;
        for (int64_t p = 0; p < npages; p++) {
            int64_t page = dir ? npages - 1 - p : p;
            struct listed one = {.n = 0};
            assert_int_equal(fl_db_queue(db, f, 3, page * 3, &t, list_ids, &one, &err), FL_OK);
            assert_int_equal(t, total);
            for (int i = 0; i < one.n; i++)
                snprintf(pages.id[page * 3 + i], sizeof pages.id[0], "%s", one.id[i]);
            pages.n += one.n;
        }
        assert_int_equal(pages.n, all.n);
        for (int i = 0; i < all.n; i++)
            assert_string_equal(pages.id[i], all.id[i]);
    }
}

static int64_t total_of(struct fl_db *db, const struct fl_queue_filter *f)
{
    int64_t total = -1;
    struct fl_error err;
    assert_int_equal(fl_db_queue(db, f, 1, 0, &total, NULL, NULL, &err), FL_OK);
    return total;
}

struct values {
    char v[16][64];
    int n;
};

static int add_value(void *ctx, const char *value)
{
    struct values *vs = ctx;
    assert_true(vs->n < 16);
    snprintf(vs->v[vs->n++], sizeof vs->v[0], "%s", value);
    return 0;
}

static void step(struct fl_db *db, const char *key, const char *kind, const char *args,
                 const char *reason, const char *date, const struct fl_calendar *cal,
                 const struct fl_periods *periods)
{
    struct fl_step s = {.key = key, .kind = kind, .args = args, .reason = reason, .login = "t"};
    struct fl_error err;
    assert_true(fl_date_parse(date, &s.effective));
    if (fl_case_step(db, &s, cal, periods, &err) != FL_OK)
        fail_msg("%s %s: %s", kind, key, err.msg);
}

/* 30 filings: every third accepted and assigned (王法官, 李法官 by turns),
 * one refused, one closed; causes by turns; a few named parties. */
static void queue_world(struct fl_db *db, struct fl_calendar **cal, struct fl_periods **periods)
{
    struct fl_error err;
    setenv("FENLIU_NOW", "2026-03-02T09:15:00+08:00", 1);
    struct fl_rules *rules;
    assert_int_equal(fl_rules_load_default(&rules, &err), FL_OK);
    assert_int_equal(fl_db_clock_data(db, cal, periods, &err), FL_OK);
    assert_int_equal(fl_db_set_user(db, "t", "admin", "t", &err), FL_OK);
    struct fl_matcher *m = fl_matcher_alloc(rules);
    static const char *const causes[] = {"买卖合同纠纷", "民间借贷纠纷", "借款合同纠纷",
                                         "物业服务合同纠纷"};
    assert_int_equal(fl_db_begin(db, &err), FL_OK);
    for (int i = 0; i < 30; i++) {
        char id[16];
        snprintf(id, sizeof id, "PQ-%02d", i);
        char *doc = party_doc(id, causes[i % 4],
                              i == 5   ? "Acme Trading Ltd"
                              : i == 7 ? "欧阳某某"
                                       : "张某",
                              i == 8 ? "中国人寿财产保险股份有限公司成都市中心支公司" : "李某");
        struct fl_filing *f = parse_one(doc);
        struct fl_classification c;
        assert_int_equal(fl_classify(m, f, &c, &err), FL_OK);
        struct fl_proposal p = {rules, &c, "t"};
        enum fl_store_result r;
        int64_t cid;
        assert_int_equal(fl_db_store_filing(db, f, &p, "t.xml", 0, &r, &cid, &err), FL_OK);
        assert_int_equal(fl_db_refresh_status(db, cid, *cal, *periods, &err), FL_OK);
        fl_classification_clear(&c);
        fl_filing_free(f);
        free(doc);
    }
    assert_int_equal(fl_db_commit(db, &err), FL_OK);
    for (int i = 0; i < 30; i++) {
        char id[16], date[16];
        snprintf(id, sizeof id, "PQ-%02d", i);
        snprintf(date, sizeof date, "2026-02-%02d", 1 + i % 27);
        if (i % 3 == 0) {
            step(db, id, "accept", "", NULL, date, *cal, *periods);
            step(db, id, "assign", i % 6 ? "judge=李法官" : "judge=王法官", NULL, date, *cal,
                 *periods);
        }
        if (i == 10)
            step(db, id, "refuse", "", "不属于本院管辖", date, *cal, *periods);
        if (i == 12)
            step(db, id, "close", "how=judgment", NULL, date, *cal, *periods);
    }
    fl_matcher_free(m);
    fl_rules_free(rules);
}

static void test_queue_search_filters_pages(void **state)
{
    struct fixture *fx = *state;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    queue_world(fx->db, &cal, &periods);
    struct fl_error err;

    /* The open cases: all but the refused and the closed one. */
    struct fl_queue_filter open = {.open_only = true};
    assert_int_equal(total_of(fx->db, &open), 28);
    struct fl_queue_counts n;
    assert_int_equal(fl_db_queue_counts(fx->db, &open, &n, &err), FL_OK);
    assert_int_equal(n.simple + n.complex + n.unclassified, 28);
    struct fl_queue_filter simple = {.open_only = true, .track = "simple"};
    assert_int_equal(total_of(fx->db, &simple), n.simple);
    check_pages(fx->db, &open);

    /* One judge's: PQ-00, 06, 18, 24 (PQ-12 is closed). */
    struct fl_queue_filter wang = {.open_only = true, .judge = "王法官"};
    int64_t total;
    struct listed l = list_all(fx->db, &wang, &total);
    assert_int_equal(total, 4);
    for (int i = 0; i < l.n; i++)
        assert_string_equal(l.state[i], "trial");
    check_pages(fx->db, &wang);
    struct fl_queue_filter nobody = {.open_only = true, .judge = "王法官", .state = "filed"};
    assert_int_equal(total_of(fx->db, &nobody), 0);

    /* Search: a party's name in any case of ASCII letters, a part of a long
     * name, the cause, the filing id, a case number. */
    struct fl_queue_filter s = {.open_only = true, .search = "acme trading"};
    l = list_all(fx->db, &s, &total);
    assert_int_equal(total, 1);
    assert_string_equal(l.id[0], "PQ-05");
    s.search = "欧阳";
    assert_int_equal(total_of(fx->db, &s), 1);
    s.search = "人寿财产保险股份有限公司成都市中心支公司"; /* longer than the words indexed */
    assert_int_equal(total_of(fx->db, &s), 1);
    s.search = "人寿财产保险股份有限公司成都市中心支公所";
    assert_int_equal(total_of(fx->db, &s), 0);
    s.search = "借款"; /* PQ-02, 06, 10 (refused), 14, 18, 22, 26 */
    assert_int_equal(total_of(fx->db, &s), 6);
    check_pages(fx->db, &s);
    s.search = "pq-1";
    assert_int_equal(total_of(fx->db, &s), 8); /* PQ-10 refused, PQ-12 closed */
    struct fl_queue_filter all = {.search = "pq-1"};
    assert_int_equal(total_of(fx->db, &all), 10);
    struct listed accepted = list_all(fx->db, &wang, &total);
    assert_true(accepted.case_no[0][0]);
    s.search = accepted.case_no[0];
    l = list_all(fx->db, &s, &total);
    assert_int_equal(total, 1);
    assert_string_equal(l.id[0], accepted.id[0]);
    s.judge = "李法官"; /* with a filter */
    assert_int_equal(total_of(fx->db, &s), 0);

    /* A clerk's queue: the filings awaiting acceptance first. */
    struct fl_queue_filter clerk = {.open_only = true, .pending_first = true};
    l = list_all(fx->db, &clerk, &total);
    assert_int_equal(total, 28);
    bool accepted_seen = false;
    for (int i = 0; i < l.n; i++) {
        bool pending = strcmp(l.state[i], "filed") == 0;
        assert_false(pending && accepted_seen);
        accepted_seen |= !pending;
    }
    assert_true(accepted_seen);
    check_pages(fx->db, &clerk);

    /* The values a filter offers: those among the cases the other filters
     * leave. */
    struct values v = {.n = 0};
    assert_int_equal(fl_db_queue_values(fx->db, FL_QF_JUDGE, &open, add_value, &v, &err), FL_OK);
    assert_int_equal(v.n, 2);
    assert_string_equal(v.v[0], "李法官");
    assert_string_equal(v.v[1], "王法官");
    v.n = 0;
    assert_int_equal(fl_db_queue_values(fx->db, FL_QF_STATE, &wang, add_value, &v, &err), FL_OK);
    assert_int_equal(v.n, 1); /* the judge's cases are all on trial */
    assert_string_equal(v.v[0], "trial");
    v.n = 0;
    struct fl_queue_filter judged = {.open_only = true, .state = "trial"};
    assert_int_equal(fl_db_queue_values(fx->db, FL_QF_JUDGE, &judged, add_value, &v, &err),
                     FL_OK);
    assert_int_equal(v.n, 2);

    fl_calendar_free(cal);
    fl_periods_free(periods);
}

/* Ingest stages parties and status rows and writes them when it commits:
 * a rollback leaves nothing, a commit everything, counts included. */
static void test_staged_rows_written_at_commit(void **state)
{
    struct fixture *fx = *state;
    struct fl_error err;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    setenv("FENLIU_NOW", "2026-03-02T09:15:00+08:00", 1);
    assert_int_equal(fl_db_clock_data(fx->db, &cal, &periods, &err), FL_OK);
    assert_int_equal(fl_db_stage_status(fx->db, true, &err), FL_OK);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(fl_db_begin(fx->db, &err), FL_OK);
        for (int i = 0; i < 3; i++) {
            char id[16];
            snprintf(id, sizeof id, "ST-%d", i);
            char *doc = party_doc(id, "买卖合同纠纷", "赵某", "钱某");
            struct fl_filing *f = parse_one(doc);
            enum fl_store_result r;
            int64_t cid;
            assert_int_equal(fl_db_store_filing(fx->db, f, NULL, "t.xml", 0, &r, &cid, &err),
                             FL_OK);
            assert_int_equal(fl_db_refresh_status(fx->db, cid, cal, periods, &err), FL_OK);
            fl_filing_free(f);
            free(doc);
        }
        if (round == 0) {
            fl_db_rollback(fx->db);
        } else {
            assert_int_equal(fl_db_commit(fx->db, &err), FL_OK);
        }
        struct fl_queue_filter all = {.open_only = false}, named = {.search = "钱某"};
        assert_int_equal(total_of(fx->db, &all), round ? 3 : 0);
        assert_int_equal(total_of(fx->db, &named), round ? 3 : 0);
    }
    assert_int_equal(fl_db_stage_status(fx->db, false, &err), FL_OK);
    fl_calendar_free(cal);
    fl_periods_free(periods);
}

static int add_related(void *ctx, const struct fl_related_case *r)
{
    char *out = ctx;
    size_t at = strlen(out);
    snprintf(out + at, 1024 - at, "%s name=%s idno=%s\n", r->filing_id,
             r->by_name ? r->by_name : "", r->by_idno ? r->by_idno : "");
    return 0;
}

/* The other cases of the same parties as a case are found by name and by
 * ID number whether their words are indexed or not. */
static void test_same_parties_before_and_after_indexing(void **state)
{
    struct fixture *fx = *state;
    struct fl_error err;
    static const struct {
        const char *id, *plaintiff, *idno, *defendant;
    } cases[] = {
        {"SP-0", "王五", "510104199001011234", "成都某某有限公司"},
        {"SP-1", "王五", NULL, "赵六"},                       /* the same name */
        {"SP-2", "王小五", "510104199001011234", "钱七"},      /* the same ID number */
        {"SP-3", "大王五", "51010419900101123X", "孙八"},      /* neither */
        {"SP-4", "周九", NULL, "成都某某有限公司"},             /* the same company */
        {"SP-5", "吴十", "510104199001011235", "郑某"},        /* neither */
    };
    int64_t ids[6];
    assert_int_equal(fl_db_begin(fx->db, &err), FL_OK);
    for (int i = 0; i < 6; i++) {
        char idno[80] = "";
        if (cases[i].idno)
            snprintf(idno, sizeof idno, "<idno>%s</idno>", cases[i].idno);
        char *doc = tu_fmt(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<filing xmlns=\"urn:fenliu:filing:1\" id=\"%s\" "
            "submitted=\"2026-03-02T09:15:00+08:00\">\n"
            "  <court code=\"510191\">成都高新技术产业开发区人民法院</court>\n"
            "  <type>civil</type>\n  <cause>买卖合同纠纷</cause>\n  <parties>\n"
            "    <party role=\"plaintiff\" kind=\"person\"><name>%s</name>%s</party>\n"
            "    <party role=\"defendant\" kind=\"organization\"><name>%s</name></party>\n"
            "  </parties>\n  <claims><claim>判令被告支付人民币叁万元</claim></claims>\n"
            "</filing>\n",
            cases[i].id, cases[i].plaintiff, idno, cases[i].defendant);
        struct fl_filing *f = parse_one(doc);
        enum fl_store_result r;
        assert_int_equal(fl_db_store_filing(fx->db, f, NULL, "t.xml", 0, &r, &ids[i], &err),
                         FL_OK);
        fl_filing_free(f);
        free(doc);
    }
    assert_int_equal(fl_db_commit(fx->db, &err), FL_OK);
    struct fl_calendar *cal;
    struct fl_periods *periods;
    setenv("FENLIU_NOW", "2026-03-02T09:15:00+08:00", 1);
    assert_int_equal(fl_db_clock_data(fx->db, &cal, &periods, &err), FL_OK);
    int64_t n;
    /* Status rows made and every case's words indexed. */
    assert_int_equal(fl_db_refresh_all_status(fx->db, cal, periods, &n, &err), FL_OK);
    assert_int_equal(fl_db_index_words(fx->db, 100, true, &n, &err), FL_OK);
    assert_int_equal(fl_db_words_left(fx->db, &n, &err), FL_OK);
    assert_int_equal(n, 0);
    char all[1024] = "";
    int64_t total = -1;
    assert_int_equal(fl_db_same_parties(fx->db, ids[0], 0, &total, add_related, all, &err),
                     FL_OK);
    assert_int_equal(total, 3);
    assert_string_equal(all, "SP-4 name=成都某某有限公司 idno=\n"
                             "SP-2 name= idno=王小五\n"
                             "SP-1 name=王五 idno=\n");
    /* The same with the words of none, then of the first three, indexed. */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO case_words (case_words) VALUES ('delete-all'); "
                                  "UPDATE case_words_done SET upto = 0",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    for (int round = 0; round < 2; round++) {
        if (round) {
            assert_int_equal(fl_db_index_words(fx->db, 3, true, &n, &err), FL_OK);
            assert_int_equal(n, 3);
        }
        char got[1024] = "";
        assert_int_equal(fl_db_same_parties(fx->db, ids[0], 0, &total, add_related, got, &err),
                         FL_OK);
        assert_int_equal(total, 3);
        assert_string_equal(got, all);
        /* And from the other side: SP-2 finds SP-0 by the ID number. */
        got[0] = '\0';
        assert_int_equal(fl_db_same_parties(fx->db, ids[2], 0, &total, add_related, got, &err),
                         FL_OK);
        assert_string_equal(got, "SP-0 name= idno=王五\n");
    }
    fl_calendar_free(cal);
    fl_periods_free(periods);
}

/* The case number of the case with filing id ID. */
static void case_no_of(struct fl_db *db, const char *id, char *out, size_t size)
{
    struct fl_queue_filter f = {.search = id};
    int64_t total;
    struct listed l = list_all(db, &f, &total);
    assert_int_equal(total, 1);
    assert_string_equal(l.id[0], id);
    snprintf(out, size, "%s", l.case_no[0]);
}

/* What searching the queue for each of TEXTS finds: the filing ids in
 * order, one line each, into OUT. */
static void search_all(struct fl_db *db, const char *const *texts, size_t n, char *out,
                       size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        struct fl_queue_filter f = {.search = texts[i]};
        int64_t total;
        struct listed l = list_all(db, &f, &total);
        check_pages(db, &f);
        at += (size_t)snprintf(out + at, size - at, "%s:", texts[i]);
        for (int k = 0; k < l.n; k++)
            at += (size_t)snprintf(out + at, size - at, " %s", l.id[k]);
        at += (size_t)snprintf(out + at, size - at, "\n");
        assert_true(at < size);
    }
}

/* Ingest leaves the words of new cases unindexed: a search finds the same
 * cases before, while and after they are indexed, numbers given before
 * or after included. */
static void test_search_before_and_after_indexing(void **state)
{
    struct fixture *fx = *state;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    queue_world(fx->db, &cal, &periods);
    struct fl_error err;
    int64_t left, n;
    assert_int_equal(fl_db_words_left(fx->db, &left, &err), FL_OK);
    assert_int_equal(left, 30); /* none indexed yet */

    char numbered[64], before[4096], now[4096];
    case_no_of(fx->db, "PQ-00", numbered, sizeof numbered); /* numbered before indexing */
    const char *const texts[] = {"acme trading", "欧阳", "人寿财产保险股份有限公司成都市中心支公司",
                                 "借款", "pq-1", "pq-2", numbered, "没有"};
    const size_t ntexts = sizeof texts / sizeof texts[0];
    search_all(fx->db, texts, ntexts, before, sizeof before);
    assert_non_null(strstr(before, "acme trading: PQ-05\n"));
    assert_non_null(strstr(before, "没有:\n"));
    struct fl_queue_filter court = {.search = "民初"}; /* in every case number */
    assert_int_equal(total_of(fx->db, &court), 10);  /* PQ-00, 03, ..., 27 */

    /* The first ten indexed: the same cases found. */
    assert_int_equal(fl_db_index_words(fx->db, 10, false, &n, &err), FL_OK);
    assert_int_equal(n, 10);
    assert_int_equal(fl_db_words_left(fx->db, &left, &err), FL_OK);
    assert_int_equal(left, 20);
    search_all(fx->db, texts, ntexts, now, sizeof now);
    assert_string_equal(now, before);

    /* A case indexed gets a number, one not indexed yet too. */
    char first[64], later[64], again[64];
    step(fx->db, "PQ-01", "accept", "", NULL, "2026-02-20", cal, periods);
    step(fx->db, "PQ-13", "accept", "", NULL, "2026-02-20", cal, periods);
    case_no_of(fx->db, "PQ-01", first, sizeof first);
    case_no_of(fx->db, "PQ-13", later, sizeof later);
    assert_true(first[0] && later[0] && strcmp(first, later) != 0);
    assert_int_equal(total_of(fx->db, &court), 12);
    search_all(fx->db, texts, ntexts, before, sizeof before); /* PQ-13 moved up */

    /* The rest indexed: the same cases found, by the new numbers too. */
    assert_int_equal(fl_db_index_words(fx->db, 100, true, &n, &err), FL_OK);
    assert_int_equal(n, 20);
    assert_int_equal(fl_db_index_words(fx->db, 100, true, &n, &err), FL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(fl_db_words_left(fx->db, &left, &err), FL_OK);
    assert_int_equal(left, 0);
    search_all(fx->db, texts, ntexts, now, sizeof now);
    assert_string_equal(now, before);
    case_no_of(fx->db, "PQ-01", again, sizeof again);
    assert_string_equal(again, first);
    case_no_of(fx->db, "PQ-13", again, sizeof again);
    assert_string_equal(again, later);
    assert_int_equal(total_of(fx->db, &court), 12);

    /* A number given after indexing. */
    step(fx->db, "PQ-02", "accept", "", NULL, "2026-02-21", cal, periods);
    case_no_of(fx->db, "PQ-02", again, sizeof again);
    assert_true(again[0]);
    assert_int_equal(total_of(fx->db, &court), 13);
    fl_calendar_free(cal);
    fl_periods_free(periods);
}

/* A database of version 5 with cases gets versions 6 and 7 (and those
 * after): their counts and search words are made from what is stored. */
static void test_queue_tables_made_on_upgrade(void **state)
{
    struct fixture *fx = *state;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    queue_world(fx->db, &cal, &periods);
    fl_calendar_free(cal);
    fl_periods_free(periods);
    fl_db_close(fx->db);
    fx->db = NULL;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
    static const char *const back_to_5 =
        "DROP TRIGGER queue_tally_insert; DROP TRIGGER queue_tally_delete; "
        "DROP TRIGGER queue_tally_update; DROP TRIGGER case_words_insert; "
        "DROP TRIGGER case_words_delete; DROP TRIGGER case_words_number; "
        "DROP TRIGGER case_words_unnumber; DROP VIEW case_words_text; "
        "DROP TABLE queue_tally; DROP TABLE case_words; DROP TABLE case_words_done; "
        "CREATE INDEX parties_name ON parties(name); "
        "CREATE INDEX parties_idno ON parties(idno) WHERE idno IS NOT NULL; "
        "CREATE INDEX cases_submitted ON cases(submitted); "
        "DROP INDEX case_status_queue; DROP INDEX case_status_queue_clerk; "
        "DROP INDEX case_status_judge_queue; DROP INDEX case_status_state_queue; "
        "DROP INDEX case_status_procedure_queue; DROP INDEX case_status_flags_queue; "
        "DROP INDEX case_status_cause_queue; ALTER TABLE case_status DROP COLUMN cause; "
        "CREATE INDEX case_status_due ON case_status(state, due); "
        "CREATE INDEX case_status_track ON case_status(track, procedure, due); "
        "CREATE INDEX case_status_judge ON case_status(judge, due); "
        "CREATE INDEX case_status_urgency ON case_status(ifnull(due, '9999-12-31'), case_id); "
        "ALTER TABLE rejections DROP COLUMN raw_line; "
        "ALTER TABLE rejections DROP COLUMN raw_total; "
        "DROP TABLE spool_files; "
        "PRAGMA user_version = 5";
    char *msg = NULL;
    if (sqlite3_exec(h, back_to_5, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("back to version 5: %s", msg);
    sqlite3_close(h);
    struct fl_error err;
    assert_int_equal(fl_db_open(fx->path, FL_DB_WRITE, &fx->db, &err), FL_OK);
    assert_int_equal(fl_db_schema_version(fx->db), fl_db_schema_latest());
    int64_t left = -1;
    assert_int_equal(fl_db_words_left(fx->db, &left, &err), FL_OK);
    assert_int_equal(left, 0); /* every case's words indexed by the migration */
    struct fl_queue_filter open = {.open_only = true}, wang = {.open_only = true,
                                                               .judge = "王法官"};
    assert_int_equal(total_of(fx->db, &open), 28);
    assert_int_equal(total_of(fx->db, &wang), 4);
    struct fl_queue_filter s = {.open_only = true, .search = "ACME"};
    assert_int_equal(total_of(fx->db, &s), 1);
    s.search = "物业";
    assert_int_equal(total_of(fx->db, &s), 7);
}

/* The spool ledger knows a file by what a rename keeps, and only that
 * file: one whose inode was freed and reused (a later file, other size or
 * time) is not taken for it, and a rolled-back record is not there. */
static void test_spool_ledger_knows_a_file_by_its_identity(void **state)
{
    struct fixture *fx = *state;
    struct fl_error err;
    struct fl_spool_key k = {2049, 131, 1200, 1767225600123456789LL};
    struct fl_buf dest = FL_BUF_INIT, text = FL_BUF_INIT;
    bool found = true;
    assert_int_equal(fl_db_begin(fx->db, &err), FL_OK);
    assert_int_equal(fl_db_spool_record(fx->db, &k, "spool", "b.xml", "rejected/b.xml.1",
                                        "3:5: B-2: <claim> is empty\n", 0, &err),
                     FL_OK);
    fl_db_rollback(fx->db);
    assert_int_equal(fl_db_spool_find(fx->db, &k, &found, &dest, &text, &err), FL_OK);
    assert_false(found);
    assert_int_equal(fl_db_begin(fx->db, &err), FL_OK);
    assert_int_equal(fl_db_spool_record(fx->db, &k, "spool", "b.xml", "rejected/b.xml.1",
                                        "3:5: B-2: <claim> is empty\n", 0, &err),
                     FL_OK);
    assert_int_equal(fl_db_commit(fx->db, &err), FL_OK);
    assert_int_equal(fl_db_spool_find(fx->db, &k, &found, &dest, &text, &err), FL_OK);
    assert_true(found);
    assert_string_equal(fl_buf_str(&dest), "rejected/b.xml.1");
    assert_string_equal(fl_buf_str(&text), "3:5: B-2: <claim> is empty\n");
    struct fl_spool_key later = k;
    later.mtime_ns += 1;
    assert_int_equal(fl_db_spool_find(fx->db, &later, &found, &dest, &text, &err), FL_OK);
    assert_false(found);
    later = k;
    later.size += 1;
    assert_int_equal(fl_db_spool_find(fx->db, &later, &found, &dest, &text, &err), FL_OK);
    assert_false(found);
    fl_buf_free(&dest);
    fl_buf_free(&text);
}

int main(void)
{
    fl_parse_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_database_is_current, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_database_not_created_unless_init, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_file_is_no_database_until_init, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_text_file_is_refused_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_version_in_the_wal_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_negative_schema_version_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_older_schema_read_refused_write_migrates, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unversioned_database_only_init_adopts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_read_mode_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_database_is_refused_untouched, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wal_and_foreign_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constraints_hold_after_their_rewrite, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_and_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_numbers_and_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_counts_and_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_search_filters_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_tables_made_on_upgrade, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_before_and_after_indexing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staged_rows_written_at_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_parties_before_and_after_indexing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_spool_ledger_knows_a_file_by_its_identity, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
