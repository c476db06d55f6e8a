/* bench-mkcases: multiply the cases of a benchmark database (make bench).
 *
 *   bench-mkcases DB COPIES
 *
 * DB holds a few thousand cases ingested and moved along with the real
 * `fenliu ingest` and `fenliu case STEP` (tests/bench/ui.sh).  This adds
 * COPIES copies of every case — filing (raw bytes and all), parties,
 * claims, requests, attachments, bankruptcy details, decisions with their
 * hits, events — with new ids, filing ids and case numbers, each copy
 * received and moved along K days earlier (copy K), then rebuilds every
 * case's status row with the engine's own fl_db_refresh_all_status and
 * indexes their search words (fl_db_index_words), so the million cases
 * look as if fenliu had stored them one by one.
 *
 * A benchmark tool: it writes the tables with its own SQL (the product's
 * SQL lives in triage/db.c), as fast as SQLite allows. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "db.h"
#include "periods.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(sqlite3 *h, const char *what)
{
    fprintf(stderr, "bench-mkcases: %s: %s\n", what, sqlite3_errmsg(h));
    return 1;
}

static int exec(sqlite3 *h, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench-mkcases: %s\n  in: %.200s\n", msg ? msg : "?", sql);
        sqlite3_free(msg);
        return 1;
    }
    return 0;
}

static int64_t one(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *s;
    int64_t v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Parameters of every statement: ?1 the copy K, ?2..?5 the id strides of
 * cases, filings, decisions and events, ?6 the stride of numbers (filing
 * ids and case numbers).  Ids of the seed are 1..stride. */
#define NEW_NO(col)                                                                           \
    "rtrim(substr(" col ", 1, length(" col ") - 1), '0123456789') || "                        \
    "(CAST(substr(" col ", length(rtrim(substr(" col ", 1, length(" col ") - 1), "          \
    "'0123456789')) + 1, length(" col ") - 1 - length(rtrim(substr(" col ", 1, length(" col  \
    ") - 1), '0123456789'))) AS INTEGER) + ?1 * ?6) || '号'"
#define SHIFT(col) "date(substr(" col ", 1, 10), '-' || ?1 || ' days')"

static const char *const COPY[] = {
    "INSERT INTO filings (id, filing_id, content_hash, source, line, encoding, ns_context, raw, "
    "received_at, run_id) "
    "SELECT id + ?1 * ?3, rtrim(filing_id, '0123456789') || printf('%07d', "
    "CAST(substr(filing_id, length(rtrim(filing_id, '0123456789')) + 1) AS INTEGER) + ?1 * ?6), "
    "randomblob(32), source, line, encoding, ns_context, raw, " SHIFT("received_at")
    " || substr(received_at, 11), run_id FROM filings WHERE id <= ?3",
    "INSERT INTO cases (id, filing, case_no, type, channel, court, court_code, cause, submitted) "
    "SELECT id + ?1 * ?2, filing + ?1 * ?3, "
    "CASE WHEN case_no IS NULL THEN NULL ELSE " NEW_NO("case_no") " END, "
    "type, channel, court, court_code, cause, submitted FROM cases WHERE id <= ?2",
    "INSERT INTO parties SELECT case_id + ?1 * ?2, seq, role, kind, name, idno, nationality, "
    "address, representative FROM parties WHERE case_id <= ?2",
    "INSERT INTO claims SELECT case_id + ?1 * ?2, seq, amount_fen, text FROM claims "
    "WHERE case_id <= ?2",
    "INSERT INTO requests SELECT case_id + ?1 * ?2, seq, kind, text FROM requests "
    "WHERE case_id <= ?2",
    "INSERT INTO attachments SELECT case_id + ?1 * ?2, seq, name, sha256 FROM attachments "
    "WHERE case_id <= ?2",
    "INSERT INTO bankruptcy SELECT case_id + ?1 * ?2, procedure, petitioner, assets_fen, "
    "assets_text, liabilities_fen, liabilities_text, creditors, employees, unpaid_wages, "
    "statement FROM bankruptcy WHERE case_id <= ?2",
    "INSERT INTO decisions (id, case_id, kind, ruleset_id, proposal, track, procedure, flags, "
    "amount_fen, decided_by, reason, login, at) SELECT id + ?1 * ?4, case_id + ?1 * ?2, kind, "
    "ruleset_id, proposal + ?1 * ?4, track, procedure, flags, amount_fen, decided_by, reason, "
    "login, at FROM decisions WHERE id <= ?4",
    "INSERT INTO decision_hits SELECT decision_id + ?1 * ?4, seq, rule, field, text, offset "
    "FROM decision_hits WHERE decision_id <= ?4",
    "INSERT INTO decision_failures SELECT decision_id + ?1 * ?4, rule, message "
    "FROM decision_failures WHERE decision_id <= ?4",
    "INSERT INTO events (id, case_id, kind, effective, args, reason, login, at) "
    "SELECT id + ?1 * ?5, case_id + ?1 * ?2, kind, " SHIFT("effective")
    ", args, reason, login, at FROM events WHERE id <= ?5",
};
#define NCOPY (sizeof COPY / sizeof COPY[0])

int main(int argc, char **argv)
{
    if (argc != 3 || atoi(argv[2]) < 1) {
        fprintf(stderr, "usage: bench-mkcases DB COPIES\n");
        return 2;
    }
    const char *path = argv[1];
    int copies = atoi(argv[2]);
    sqlite3 *h;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        return fail(h, path);
    if (exec(h, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; "
                "PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF"))
        return 1;
    int64_t stride[5] = {
        one(h, "SELECT max(id) FROM cases"),
        one(h, "SELECT max(id) FROM filings"),
        one(h, "SELECT ifnull(max(id), 0) FROM decisions"),
        one(h, "SELECT ifnull(max(id), 0) FROM events"),
        one(h, "SELECT max(max(CAST(substr(filing_id, length(rtrim(filing_id, '0123456789')) "
               "+ 1) AS INTEGER)), (SELECT ifnull(max(last), 0) FROM case_numbers)) "
               "FROM filings"),
    };
    if (stride[0] < 1 || one(h, "SELECT count(*) FROM cases") != stride[0]) {
        fprintf(stderr, "bench-mkcases: %s: expected cases numbered 1..N\n", path);
        return 1;
    }
    sqlite3_stmt *s[NCOPY];
    for (size_t i = 0; i < NCOPY; i++)
        if (sqlite3_prepare_v2(h, COPY[i], -1, &s[i], NULL) != SQLITE_OK)
            return fail(h, COPY[i]);
    double t0 = now_s();
    for (int k = 1; k <= copies; k++) {
        if (exec(h, "BEGIN"))
            return 1;
        for (size_t i = 0; i < NCOPY; i++) {
            sqlite3_bind_int(s[i], 1, k);
            for (int p = 0; p < 5; p++) /* SQLITE_RANGE for those not used */
                sqlite3_bind_int64(s[i], 2 + p, stride[p]);
            if (sqlite3_step(s[i]) != SQLITE_DONE)
                return fail(h, COPY[i]);
            sqlite3_reset(s[i]);
        }
        if (exec(h, "COMMIT"))
            return 1;
        if (k % 20 == 0 || k == copies)
            fprintf(stderr, "  copied %d of %d (%.0f s)\n", k, copies, now_s() - t0);
    }
    /* The next numbers given go on after the copies. */
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE case_numbers SET last = last + %d * %lld", copies,
             (long long)stride[4]);
    if (exec(h, sql) || exec(h, "PRAGMA journal_mode = WAL"))
        return 1;
    for (size_t i = 0; i < NCOPY; i++)
        sqlite3_finalize(s[i]);
    sqlite3_close(h);

    /* Every status row, as fenliu keeps them. */
    struct fl_db *db;
    struct fl_error err;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    int64_t n = 0;
    double t1 = now_s();
    if (fl_db_open(path, FL_DB_WRITE, &db, &err) != FL_OK ||
        fl_db_clock_data(db, &cal, &periods, &err) != FL_OK) {
        fprintf(stderr, "bench-mkcases: %s\n", err.msg);
        return 1;
    }
    enum fl_status st = fl_db_refresh_all_status(db, cal, periods, &n, &err);
    if (st != FL_OK)
        fprintf(stderr, "bench-mkcases: refreshing the status rows: %s\n", err.msg);
    else
        fprintf(stderr, "  %lld status rows refreshed (%.0f s)\n", (long long)n, now_s() - t1);
    /* And their search words indexed, as `fenliu index` does. */
    double t2 = now_s();
    int64_t total = 0;
    for (int64_t k = 1; st == FL_OK && k > 0; total += k)
        st = fl_db_index_words(db, 2000, true, &k, &err);
    if (st != FL_OK)
        fprintf(stderr, "bench-mkcases: indexing the search words: %s\n", err.msg);
    else
        fprintf(stderr, "  %lld cases' search words indexed (%.0f s)\n", (long long)total,
                now_s() - t2);
    fl_calendar_free(cal);
    fl_periods_free(periods);
    fl_db_close(db);
    return st == FL_OK ? 0 : 1;
}
