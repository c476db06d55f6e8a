/* The fenliu command as a clerk or the batch ingester uses it: exit
 * statuses, output formats, spool folders, crashes and concurrency. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "testutil.h"

struct fx {
    char *dir, *db;
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    fx->dir = tu_mkdtemp();
    fx->db = tu_fmt("%s/fenliu.db", fx->dir);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    tu_rmtree(fx->dir);
    free(fx->dir);
    free(fx->db);
    free(fx);
    return 0;
}

/* A new database at FX->db, made the one way there is: `fenliu init` (the
 * login running the tests becomes its admin). */
static void init_db(const struct fx *fx)
{
    assert_int_equal(tu_fenliu_run(NULL, NULL, "init", "--db", fx->db, NULL), 0);
}

static char *write_doc(const struct fx *fx, const char *name, const char *doc)
{
    char *path = tu_fmt("%s/%s", fx->dir, name);
    tu_write_str(path, doc);
    return path;
}

/* The last line of S (without its newline), in a static buffer. */
static const char *last_line(const char *s)
{
    static char line[512];
    size_t n = strlen(s);
    while (n && s[n - 1] == '\n')
        n--;
    size_t start = n;
    while (start && s[start - 1] != '\n')
        start--;
    snprintf(line, sizeof line, "%.*s", (int)(n - start), s + start);
    return line;
}

/* ---- exit statuses and formats ------------------------------------------- */

static void test_ingest_accepts_and_summarises(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *doc = tu_filing("OK-1", "买卖合同纠纷", "判令被告支付货款56000元");
    char *path = write_doc(fx, "ok.xml", doc);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--db", fx->db, path, NULL), 0);
    assert_string_equal(last_line(out), "read 1 documents: 1 accepted, 0 duplicates, 0 rejected");
    free(out);
    /* Again: a duplicate, still exit 0, and nothing stored twice. */
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", path, "--db", fx->db, NULL), 0);
    assert_string_equal(last_line(out), "read 1 documents: 0 accepted, 1 duplicates, 0 rejected");
    assert_int_equal(tu_count_lines(out, "OK-1: duplicate"), 1);
    assert_int_equal(tu_count_rows(fx->db, "cases"), 1);
    free(out);
    free(path);
    free(doc);
}

static void test_rejections_exit_3_with_json_lines(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *good = tu_filing("J-1", "借款合同纠纷", "判令被告返还借款");
    /* A batch whose second filing lacks its claims and third is cut off. */
    const char *batch =
        "<?xml version=\"1.0\"?>\n<batch xmlns=\"urn:fenliu:filing:1\">\n"
        "<filing id=\"J-2\" submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
        "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\"><name>甲</name>"
        "</party></parties><claims><claim>付款</claim></claims></filing>\n"
        "<filing id=\"J-3\" submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
        "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\"><name>乙</name>"
        "</party></parties></filing>\n"
        "<filing id=\"J-4\" submitted=\"2026-03-02T09:15:00+08:00\"><court>某法";
    char *p1 = write_doc(fx, "a.xml", good), *p2 = write_doc(fx, "b.xml", batch);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--format", "json", "--db", fx->db, p1, p2,
                            NULL),
                     3);
    assert_int_equal(tu_count_lines(out, "{\"source\":"), 4);
    assert_int_equal(tu_count_lines(out, "\"status\":\"accepted\""), 2);
    assert_int_equal(tu_count_lines(out, "\"id\":\"J-3\",\"status\":\"rejected\",\"error\":"
                                         "\"<claims> is missing"),
                     1);
    /* The cut-off filing: rejected with the parser's line and column. */
    assert_int_equal(tu_count_lines(out, "\"id\":\"J-4\",\"status\":\"rejected\""), 1);
    assert_int_equal(tu_count_lines(out, "not well-formed XML"), 1);
    assert_int_equal(tu_count_lines(out, "\"line\":5,\"column\":"), 1);
    assert_int_equal(tu_count_rows(fx->db, "cases"), 2);
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 2);
    free(out);
    free(p1);
    free(p2);
    free(good);
}

static void test_conflict_keeps_the_stored_filing(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *a = tu_filing("CF-1", "买卖合同纠纷", "判令被告支付货款56000元");
    char *b = tu_filing("CF-1", "买卖合同纠纷", "判令被告支付货款99000元");
    char *pa = write_doc(fx, "a.xml", a), *pb = write_doc(fx, "b.xml", b);
    char *out;
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, pa, NULL), 0);
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--db", fx->db, pb, NULL), 3);
    assert_int_equal(tu_count_lines(out, "CF-1: rejected: conflict"), 1);
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "CF-1", "--db", fx->db, NULL), 0);
    assert_non_null(strstr(out, "56000元"));
    assert_null(strstr(out, "99000元"));
    free(out);
    free(pa);
    free(pb);
    free(a);
    free(b);
}

static void test_usage_errors_exit_2(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, NULL), 2);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--format", "xml", "x.xml", NULL), 2);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--watch", "x.xml", NULL), 2);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "no-such-command", NULL), 2);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "cases", "--limit", "0", NULL), 2);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "show", NULL), 2);
    /* A filing is stored whole: no limit a row of the database cannot hold. */
    char *err;
    assert_int_equal(tu_fenliu_run(NULL, &err, "ingest", "--max-filing-size", "2000M", "x.xml",
                                   NULL),
                     2);
    assert_non_null(strstr(err, "at most 256M"));
    free(err);
}

static void test_unwritable_database_exits_1(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("W-1", "买卖合同纠纷", "付款");
    char *path = write_doc(fx, "w.xml", doc);
    char *blocker = write_doc(fx, "not-a-folder", "x");
    char *db = tu_fmt("%s/inside/fenliu.db", blocker);
    char *err;
    assert_int_equal(tu_fenliu_run(NULL, &err, "ingest", "--db", db, path, NULL), 1);
    assert_non_null(strstr(err, "fenliu: "));
    assert_true(tu_exists(path)); /* nothing lost */
    free(err);
    free(db);
    free(blocker);
    free(path);
    free(doc);
}

static void test_unreadable_input_is_a_rejected_document(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *missing = tu_fmt("%s/missing.xml", fx->dir);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--db", fx->db, missing, NULL), 3);
    assert_int_equal(tu_count_lines(out, "cannot read the file"), 1);
    assert_string_equal(last_line(out), "read 1 documents: 0 accepted, 0 duplicates, 1 rejected");
    free(out);
    free(missing);
}

static void test_folders_recursive_in_name_order(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *in = tu_fmt("%s/in", fx->dir), *sub = tu_fmt("%s/in/b-sub", fx->dir);
    tu_mkdir_p(sub);
    const char *ids[] = {"F-3", "F-1", "F-2"};
    const char *names[] = {"c.xml", "a.xml", "b-sub/x.xml"};
    for (int i = 0; i < 3; i++) {
        char *doc = tu_filing(ids[i], "买卖合同纠纷", "付款");
        char *p = tu_fmt("%s/%s", in, names[i]);
        tu_write_str(p, doc);
        free(p);
        free(doc);
    }
    char *ignored = tu_fmt("%s/notes.txt", in);
    tu_write_str(ignored, "not a filing");
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "-v", "--db", fx->db, in, NULL), 0);
    char *f1 = strstr(out, "F-1"), *f2 = strstr(out, "F-2"), *f3 = strstr(out, "F-3");
    assert_true(f1 && f2 && f3 && f1 < f2 && f2 < f3);
    assert_string_equal(last_line(out), "read 3 documents: 3 accepted, 0 duplicates, 0 rejected");
    free(out);
    free(ignored);
    free(in);
    free(sub);
}

/* ---- cases and case show -------------------------------------------------- */

static void test_cases_and_case_show_formats(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *path = tu_fmt("%s/tests/fixtures/contract/valid", tu_srcdir());
    char *env[] = {"FENLIU_NOW=2026-03-02T10:00:00+08:00", NULL};
    char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, path, NULL};
    assert_int_equal(tu_run(argv, env, NULL, NULL), 0);
    int64_t n = tu_count_rows(fx->db, "cases");
    assert_true(n >= 20);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "cases", "--db", fx->db, NULL), 0);
    char *want = tu_fmt("%lld of %lld cases", (long long)n, (long long)n);
    assert_string_equal(last_line(out), want);
    free(want);
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "cases", "--limit", "3", "--format", "json", "--db",
                            fx->db, NULL),
                     0);
    assert_int_equal(tu_count_lines(out, "{\"case_no\":"), 3);
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "cases", "--format", "tsv", "--db", fx->db, NULL), 0);
    assert_int_equal(tu_count_lines(out, "\t"), n + 1);
    assert_true(strncmp(out, "case_no\tid\t", 11) == 0);
    free(out);
    /* By filing id, options after the argument. */
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "WS-2026-0000123", "--db", fx->db,
                            "--format", "json", NULL),
                     0);
    assert_non_null(strstr(out, "\"name\":\"成都某某科技有限公司\""));
    assert_non_null(strstr(out, "\"amount\":56000.00"));
    assert_non_null(strstr(out, "\"kind\":\"preservation\""));
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "--db", fx->db, "GB-1", NULL), 0);
    assert_non_null(strstr(out, "陈㐀")); /* GB18030 shown in UTF-8 */
    assert_non_null(strstr(out, "(not yet accepted)"));
    free(out);
    /* --raw: the bytes as received, still GB18030. */
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "--raw", "--db", fx->db, "GB-1", NULL),
                     0);
    assert_null(strstr(out, "陈㐀"));
    assert_true(strncmp(out, "<filing", 7) == 0);
    free(out);
    char *err;
    assert_int_equal(tu_fenliu_run(NULL, &err, "case", "show", "--db", fx->db, "NOPE-1", NULL), 1);
    assert_non_null(strstr(err, "NOPE-1"));
    free(err);
    free(path);
}

static void test_text_output_cannot_drive_the_terminal(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    /* XML 1.0 forbids ESC itself, but allows C1 controls such as CSI (U+009B)
     * and bidirectional overrides. */
    char *doc = tu_filing("ESC-1", "买卖合同纠纷&#x9b;31m红&#x202e;", "付款");
    char *path = write_doc(fx, "esc.xml", doc);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, path, NULL), 0);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "ESC-1", "--db", fx->db, NULL), 0);
    assert_null(strstr(out, "\xc2\x9b"));
    assert_null(strstr(out, "\xe2\x80\xae"));
    assert_non_null(strstr(out, "<U+009B>31m"));
    assert_non_null(strstr(out, "<U+202E>"));
    free(out);
    free(path);
    free(doc);
}

/* Whether S holds a C1 control or a bidirectional mark, raw. */
static const char *raw_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return (const char *)p; /* U+0080..U+009F */
        if (p[0] == 0xD8 && p[1] == 0x9C)
            return (const char *)p; /* U+061C */
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F ||
                                             (p[2] >= 0xAA && p[2] <= 0xAE)))
            return (const char *)p; /* U+200E, U+200F, U+202A..U+202E */
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
            return (const char *)p; /* U+2066..U+2069 */
    }
    return NULL;
}

/* Regression: `cases --format tsv` printed party names raw, so a C1
 * control or a bidirectional override in a hostile name could hide or
 * reorder a row in a clerk's terminal or spreadsheet.  TSV now shows them
 * as the text format does. */
static void test_tsv_and_text_neutralise_c1_and_bidi_controls(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing_of("BIDI-1", "买卖合同纠纷",
                             "张&#x85;三&#x9b;&#x80;&#x9f;&#x202e;&#x200e;&#x200f;&#x61c;",
                             "李&#x202a;&#x202b;&#x202c;&#x202d;"
                             "&#x2066;&#x2067;&#x2068;&#x2069;四&#x9;有&#xa;限",
                             "付款");
    char *path = write_doc(fx, "bidi.xml", doc);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "init", "--db", fx->db, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, path, NULL), 0);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "cases", "--format", "tsv", "--db", fx->db, NULL), 0);
    assert_null(raw_control(out));
    assert_non_null(strstr(out, "\t张<U+0085>三<U+009B><U+0080><U+009F><U+202E><U+200E><U+200F>"
                                "<U+061C>\t李<U+202A><U+202B><U+202C><U+202D><U+2066><U+2067>"
                                "<U+2068><U+2069>四 有 限\t"));
    assert_int_equal(tu_count_lines(out, "\t"), 2); /* the header and one case */
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "cases", "--db", fx->db, NULL), 0);
    assert_null(raw_control(out));
    assert_non_null(strstr(out, "  张<U+0085>三<U+009B…  ")); /* cut to its column */
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "BIDI-1", "--db", fx->db, NULL), 0);
    assert_null(raw_control(out));
    assert_non_null(strstr(out, "李<U+202A><U+202B><U+202C><U+202D><U+2066><U+2067><U+2068>"
                                "<U+2069>四"));
    free(out);
    free(path);
    free(doc);
}

/* Regression: `classify` printed a refused filing's id and the message
 * quoting it raw on standard error, where `ingest` sanitized them. */
static void test_classify_refusal_shows_controls_not_sends_them(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("X&#x202e;&#x9b;1", "买卖合同纠纷", "付款");
    char *path = write_doc(fx, "bad-id.xml", doc);
    char *err;
    assert_int_equal(tu_fenliu_run(NULL, &err, "classify", path, NULL), 3);
    assert_null(raw_control(err));
    assert_non_null(strstr(err, ":2:1: X<U+202E><U+009B>1: not classified: id "
                                "\"X<U+202E><U+009B>1\" must be"));
    free(err);
    free(path);
    free(doc);
}

static void test_init_and_newer_database(void **state)
{
    struct fx *fx = *state;
    char *out, *err;
    assert_int_equal(tu_fenliu_run(&out, NULL, "init", "--db", fx->db, NULL), 0);
    assert_non_null(strstr(out, "schema version"));
    assert_non_null(strstr(out, "is its admin"));
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "user", "list", "--db", fx->db, NULL), 0);
    assert_non_null(strstr(out, " admin "));
    free(out);
    sqlite3 *h;
    sqlite3_open(fx->db, &h);
    sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(h);
    assert_int_equal(tu_fenliu_run(NULL, &err, "cases", "--db", fx->db, NULL), 1);
    assert_non_null(strstr(err, "newer fenliu"));
    free(err);
    char *env[] = {tu_fmt("FENLIU_DB=%s/env.db", fx->dir), NULL};
    char *argv[] = {(char *)tu_fenliu(), "init", NULL};
    assert_int_equal(tu_run(argv, env, &out, NULL), 0);
    assert_non_null(strstr(out, "env.db"));
    free(out);
    free(env[0]);
}

/* ---- the database path: only init creates; read-only commands write nothing ---- */

/* The commands that only read, and some that write, each run with
 * `--db DB`; DOC stands for a filing document, RULES, CALENDAR and
 * PERIODS for the built-in ones. */
static const char *const READERS[][8] = {
    {"cases", NULL},
    {"cases", "--by-urgency", NULL},
    {"case", "show", "RO-1", NULL},
    {"deadlines", NULL},
    {"rules", "stats", NULL},
    {"periods", "show", NULL},
    {"config", "get", "court_code", NULL},
    {"user", "list", NULL},
    {"calendar", "is-workday", "2026-03-02", NULL},
    {"calendar", "between", "2026-03-02", "2026-03-09", NULL},
    {"calendar", "show", "2026", NULL},
    {"classify", "DOC", NULL},
    {"reclassify", "--dry-run", NULL},
};
static const char *const WRITERS[][8] = {
    {"ingest", "DOC", NULL},
    {"case", "accept", "RO-1", NULL},
    {"case", "note", "RO-1", "--text", "见面", NULL},
    {"case", "retrack", "RO-1", "--track", "complex", "--procedure", "ordinary", NULL},
    {"rules", "use", "RULES", NULL},
    {"reclassify", NULL},
    {"config", "set", "court_code", "川0191", NULL},
    {"user", "add", "li", "--role", "judge", NULL},
    {"calendar", "set", "2026-03-03", "closed", "--reason", "停电", NULL},
    {"calendar", "load", "CALENDAR", NULL},
    {"periods", "use", "PERIODS", NULL},
    {"index", NULL},
};
#define NREADERS (sizeof READERS / sizeof READERS[0])
#define NWRITERS (sizeof WRITERS / sizeof WRITERS[0])

/* Run CMD with `--db DB` (DOC for "DOC"); through tu_run_bound when BOUND. */
static int run_on(const char *db, const char *doc, const char *const *cmd, bool bound,
                  char **out, char **err)
{
    char *argv[16], *owned[16];
    int n = 0, nowned = 0;
    argv[n++] = (char *)tu_fenliu();
    for (int i = 0; cmd[i]; i++) {
        const char *a = cmd[i];
        if (strcmp(a, "DOC") == 0)
            a = doc;
        else if (strcmp(a, "RULES") == 0)
            a = owned[nowned++] = tu_fmt("%s/schemas/rules/default.xml", tu_srcdir());
        else if (strcmp(a, "CALENDAR") == 0)
            a = owned[nowned++] = tu_fmt("%s/schemas/calendar/cn.xml", tu_srcdir());
        else if (strcmp(a, "PERIODS") == 0)
            a = owned[nowned++] = tu_fmt("%s/schemas/periods.xml", tu_srcdir());
        argv[n++] = (char *)a;
    }
    argv[n++] = "--db";
    argv[n++] = (char *)db;
    argv[n] = NULL;
    /* retrack wants a reason with spaces trimmed; give it one. */
    if (strcmp(cmd[0], "case") == 0 && strcmp(cmd[1], "retrack") == 0) {
        argv[n++] = "--reason";
        argv[n++] = "标的额大";
        argv[n] = NULL;
    }
    int rc = bound ? tu_run_bound(argv, NULL, out, err) : tu_run(argv, NULL, out, err);
    for (int i = 0; i < nowned; i++)
        free(owned[i]);
    return rc;
}

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

/* Each of the N commands CMDS on DB fails (exit 1) with NEEDLE in its
 * error; DB stays LEN bytes BEFORE (none: missing) with nothing beside. */
static void assert_all_refused(const char *db, const char *doc, const char *const (*cmds)[8],
                               size_t n, const char *needle, const char *before, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        char *err;
        int rc = run_on(db, doc, cmds[i], false, NULL, &err);
        if (rc != 1 || !strstr(err, needle))
            fail_msg("fenliu %s %s: exit %d, %s", cmds[i][0], cmds[i][1] ? cmds[i][1] : "",
                     rc, err);
        free(err);
        if (before)
            assert_unchanged(db, before, len);
        else
            assert_false(tu_exists(db));
        assert_no_sidecars(db);
    }
}

/* Regression: a mistyped --db on `ingest --spool` made a new database (and
 * its folders) and moved the spool's files to done/ — into the wrong
 * database.  Every command but init refuses a missing database and makes
 * nothing. */
static void test_mistyped_db_creates_nothing_and_moves_nothing(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *spool = tu_fmt("%s/spool", fx->dir), *in = tu_fmt("%s/spool/a.xml", fx->dir);
    tu_mkdir_p(spool);
    char *doc = tu_filing("RO-1", "买卖合同纠纷", "判令被告支付货款5000元");
    tu_write_str(in, doc);
    char *typo = tu_fmt("%s/fenliu-typo/fenliu.db", fx->dir), *err;
    assert_int_equal(tu_fenliu_run(NULL, &err, "ingest", "--spool", spool, "--db", typo, NULL), 1);
    char *want = tu_fmt("there is no database at %s: `fenliu init --db %s` creates one, or "
                        "name another with --db or FENLIU_DB",
                        typo, typo);
    assert_non_null(strstr(err, want));
    free(err);
    assert_true(tu_exists(in)); /* still in the spool, not in done/ */
    char *done = tu_fmt("%s/done", spool), *folder = tu_fmt("%s/fenliu-typo", fx->dir);
    assert_false(tu_exists(done));
    assert_false(tu_exists(folder));
    assert_all_refused(typo, in, READERS, NREADERS, "there is no database at", NULL, 0);
    assert_all_refused(typo, in, WRITERS, NWRITERS, "there is no database at", NULL, 0);
    assert_false(tu_exists(folder));
    /* FENLIU_DB the same. */
    char *env[] = {tu_fmt("FENLIU_DB=%s", typo), NULL};
    char *argv[] = {(char *)tu_fenliu(), "cases", NULL};
    assert_int_equal(tu_run(argv, env, NULL, NULL), 1);
    assert_false(tu_exists(folder));
    free(env[0]);
    free(folder);
    free(done);
    free(want);
    free(typo);
    free(doc);
    free(in);
    free(spool);
}

/* Regression: a 0-byte file given to a read-only command was made a
 * database (SQLite takes an empty file for an empty database).  Only init
 * makes it one (it is the command for that). */
static void test_empty_file_is_no_database_until_init(void **state)
{
    struct fx *fx = *state;
    char *doc = write_doc(fx, "ro.xml", "<filing/>");
    tu_write(fx->db, "", 0);
    char *want = tu_fmt("%s is an empty file, not a database: `fenliu init --db %s` makes it "
                        "one",
                        fx->db, fx->db);
    assert_all_refused(fx->db, doc, READERS, NREADERS, want, "", 0);
    assert_all_refused(fx->db, doc, WRITERS, NWRITERS, want, "", 0);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "init", "--db", fx->db, NULL), 0);
    assert_non_null(strstr(out, "ready (schema version"));
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "cases", "--db", fx->db, NULL), 0);
    assert_string_equal(last_line(out), "0 of 0 cases");
    free(out);
    free(want);
    free(doc);
}

static void test_text_file_is_not_a_database(void **state)
{
    struct fx *fx = *state;
    const char *text = "court_code=川0191\njudges=wang,li\n";
    tu_write_str(fx->db, text);
    char *doc = write_doc(fx, "ro.xml", "<filing/>");
    const char *needle = "is not a database (not an SQLite file), and was left as it is";
    assert_all_refused(fx->db, doc, READERS, NREADERS, needle, text, strlen(text));
    assert_all_refused(fx->db, doc, WRITERS, NWRITERS, needle, text, strlen(text));
    static const char *const init[][8] = {{"init", NULL}};
    assert_all_refused(fx->db, doc, init, 1, needle, text, strlen(text));
    free(doc);
}

/* The journal mode SQLite reads from the file at DB. */
static char *journal_mode(const char *db)
{
    char *cmd = tu_fmt("sqlite3 '%s' 'PRAGMA journal_mode'", db), *out = NULL;
    assert_int_equal(tu_sh(cmd, &out, NULL), 0);
    out[strcspn(out, "\n")] = '\0';
    free(cmd);
    return out;
}

/* Regression: a newer database was refused only after the opening had
 * switched a rollback-journal database to WAL (a write). */
static void test_newer_database_keeps_its_journal_mode(void **state)
{
    struct fx *fx = *state;
    char *cmd = tu_fmt("sqlite3 '%s' 'CREATE TABLE future(x); PRAGMA user_version = 99'", fx->db);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    size_t len;
    char *before = tu_read(fx->db, &len);
    char *doc = write_doc(fx, "ro.xml", "<filing/>");
    static const char *const init[][8] = {{"init", NULL}};
    const char *needle = "has schema version 99, but this fenliu knows versions up to";
    assert_all_refused(fx->db, doc, READERS, NREADERS, needle, before, len);
    assert_all_refused(fx->db, doc, WRITERS, NWRITERS, needle, before, len);
    assert_all_refused(fx->db, doc, init, 1, needle, before, len);
    assert_int_equal(before[18], 1); /* bytes 18-19: 1 rollback journal, 2 WAL */
    assert_int_equal(before[19], 1);
    char *mode = journal_mode(fx->db);
    assert_string_equal(mode, "delete");
    free(mode);
    free(doc);
    free(before);
    free(cmd);
}

/* Regression: a negative user_version said "not an error". */
static void test_negative_schema_version_says_what_it_is(void **state)
{
    struct fx *fx = *state;
    char *cmd = tu_fmt("sqlite3 '%s' 'CREATE TABLE t(x); PRAGMA user_version = -3'", fx->db);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    char *err;
    assert_int_equal(tu_fenliu_run(NULL, &err, "cases", "--db", fx->db, NULL), 1);
    char *want = tu_fmt("fenliu: %s: schema version -3 is not one fenliu writes; this is not "
                        "a fenliu database or it is damaged",
                        fx->db);
    assert_non_null(strstr(err, want));
    assert_null(strstr(err, "not an error"));
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, &err, "init", "--db", fx->db, NULL), 1);
    assert_non_null(strstr(err, want));
    free(err);
    free(want);
    free(cmd);
}

/* A database with a case (RO-1) and a court code, every writer closed. */
static char *make_read_world(const struct fx *fx, const char *db)
{
    char *doc = tu_filing("RO-1", "买卖合同纠纷", "判令被告支付货款5000元");
    char *path = write_doc(fx, "ro-1.xml", doc);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "init", "--db", db, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", db, path, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "config", "set", "court_code", "川0191", "--db", db,
                            NULL),
                     0);
    free(doc);
    return path;
}

/* Each reader on DB (through tu_run_bound when BOUND) exits 0; `cases`
 * and `config get` say what is stored. */
static void assert_readers_read(const char *db, const char *doc, bool bound)
{
    for (size_t i = 0; i < NREADERS; i++) {
        char *out, *err;
        int rc = run_on(db, doc, READERS[i], bound, &out, &err);
        if (rc != 0)
            fail_msg("fenliu %s %s: exit %d, %s", READERS[i][0],
                     READERS[i][1] ? READERS[i][1] : "", rc, err);
        if (i == 0)
            assert_string_equal(last_line(out), "1 of 1 cases");
        if (strcmp(READERS[i][0], "config") == 0)
            assert_string_equal(out, "川0191\n");
        free(out);
        free(err);
    }
}

/* Regression: the commands that only read opened the database read-write
 * (and so could write it).  Not a byte of it changes now. */
static void test_read_commands_write_nothing(void **state)
{
    struct fx *fx = *state;
    char *doc = make_read_world(fx, fx->db);
    assert_false(beside(fx->db, "-wal")); /* the last writer checkpointed */
    size_t len;
    char *before = tu_read(fx->db, &len);
    assert_readers_read(fx->db, doc, false);
    assert_unchanged(fx->db, before, len);
    /* A reader may leave SQLite's empty -wal (and its -shm index) beside a
     * WAL database in a folder it can write: no frames, nothing written. */
    char *wal = tu_fmt("%s-wal", fx->db);
    size_t wal_len = 0;
    free(tu_read(wal, &wal_len));
    assert_int_equal(wal_len, 0);
    char *mode = journal_mode(fx->db);
    assert_string_equal(mode, "wal");
    free(mode);
    /* In the rollback-journal mode (a copy an operator made for a medium
     * where WAL cannot work) it stays so, and nothing appears beside it. */
    char *cmd = tu_fmt("rm -f '%s-wal' '%s-shm' && sqlite3 '%s' 'PRAGMA journal_mode = DELETE'",
                       fx->db, fx->db, fx->db);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    free(before);
    before = tu_read(fx->db, &len);
    assert_readers_read(fx->db, doc, false);
    assert_unchanged(fx->db, before, len);
    assert_no_sidecars(fx->db);
    mode = journal_mode(fx->db);
    assert_string_equal(mode, "delete");
    free(mode);
    free(cmd);
    free(wal);
    free(before);
    free(doc);
}

/* Reading must not migrate: a read-only command says how to upgrade;
 * init upgrades. */
static void test_older_schema_read_only_says_init_upgrades(void **state)
{
    struct fx *fx = *state;
    char *cmd = tu_fmt("sqlite3 '%s' 'CREATE TABLE cases(id); PRAGMA user_version = 1'", fx->db);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    size_t len;
    char *before = tu_read(fx->db, &len);
    char *err;
    assert_int_equal(tu_fenliu_run(NULL, &err, "cases", "--db", fx->db, NULL), 1);
    char *want = tu_fmt("has schema version 1, older than this fenliu's");
    char *how = tu_fmt("`fenliu init --db %s` upgrades it", fx->db);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, how));
    assert_unchanged(fx->db, before, len);
    free(err);
    free(how);
    free(want);
    free(before);
    free(cmd);
}

/* The fixture's folder, which tu_mkdtemp makes 0700, open to the login
 * tu_run_bound runs as. */
static void open_fixture(const struct fx *fx)
{
    assert_int_equal(chmod(fx->dir, 0755), 0);
}

static void assert_writers_refused(const char *db, const char *doc)
{
    for (size_t i = 0; i < NWRITERS; i++) {
        char *err;
        int rc = run_on(db, doc, WRITERS[i], true, NULL, &err);
        if (rc != 1 || !strstr(err, "cannot be written (the file, its folder or the medium is "
                                    "read-only)"))
            fail_msg("fenliu %s %s: exit %d, %s", WRITERS[i][0],
                     WRITERS[i][1] ? WRITERS[i][1] : "", rc, err);
        free(err);
    }
}

/* A database in folder SUB made read-only (the file 0444, the folder
 * DIR_MODE): readers read, writers are refused, nothing is written, and
 * (NO_SIDECARS) no -wal or -shm file is left beside it. */
static void read_only_case(struct fx *fx, const char *sub, mode_t dir_mode, bool no_sidecars)
{
    open_fixture(fx);
    char *dir = tu_fmt("%s/%s", fx->dir, sub), *db = tu_fmt("%s/%s/fenliu.db", fx->dir, sub);
    tu_mkdir_p(dir);
    char *doc = make_read_world(fx, db);
    if (!tu_modes_bind(dir))
        skip(); /* root that cannot become nobody */
    size_t len;
    char *before = tu_read(db, &len);
    assert_int_equal(chmod(db, 0444), 0);
    assert_int_equal(chmod(dir, dir_mode), 0);
    assert_readers_read(db, doc, true);
    assert_writers_refused(db, doc);
    if (no_sidecars)
        assert_no_sidecars(db);
    assert_unchanged(db, before, len);
    assert_int_equal(chmod(dir, 0755), 0);
    free(before);
    free(doc);
    free(db);
    free(dir);
}

/* Regression: on a read-only file and folder every command failed.  The
 * readers read (a WAL database with no -shm beside it: immutable); the
 * writers say it cannot be written; nothing is created. */
static void test_read_only_folder_is_read(void **state)
{
    read_only_case(*state, "ro", 0555, true);
}

/* A read-only file in a folder the login may write: readers read,
 * writers say it cannot be written. */
static void test_read_only_file_is_read(void **state)
{
    read_only_case(*state, "rw", 0777, false);
}

/* While a writer works (its -wal has frames, its -shm is there), a reader
 * in a folder it may not write reads through them; copied without the
 * -shm, the frames cannot be read, and it says so. */
static void test_read_only_folder_with_a_writer_at_work(void **state)
{
    struct fx *fx = *state;
    open_fixture(fx);
    char *dir = tu_fmt("%s/live", fx->dir), *db = tu_fmt("%s/live/fenliu.db", fx->dir);
    tu_mkdir_p(dir);
    char *doc = make_read_world(fx, db);
    if (!tu_modes_bind(dir))
        skip();
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA wal_autocheckpoint = 0; UPDATE settings SET "
                                     "value = '川0199' WHERE key = 'court_code'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char *copy = tu_fmt("%s/copy", fx->dir);
    char *cp = tu_fmt("mkdir '%s' && cp '%s' '%s-wal' '%s/'", copy, db, db, copy);
    assert_int_equal(tu_sh(cp, NULL, NULL), 0);
    assert_int_equal(chmod(dir, 0555), 0);
    assert_int_equal(chmod(copy, 0555), 0);
    char *out, *err;
    char *argv[] = {(char *)tu_fenliu(), "config", "get", "court_code", "--db", db, NULL};
    assert_int_equal(tu_run_bound(argv, NULL, &out, &err), 0);
    assert_string_equal(out, "川0199\n"); /* from the -wal */
    free(out);
    free(err);
    char *copied = tu_fmt("%s/fenliu.db", copy);
    argv[5] = copied;
    assert_int_equal(tu_run_bound(argv, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "holds changes SQLite reads only with a -shm file beside it"));
    assert_false(beside(copied, "-shm"));
    free(out);
    free(err);
    sqlite3_close(h);
    assert_int_equal(chmod(dir, 0755), 0);
    assert_int_equal(chmod(copy, 0755), 0);
    free(copied);
    free(cp);
    free(copy);
    free(doc);
    free(db);
    free(dir);
}

/* On a read-only medium (a read-only bind mount in a mount namespace of
 * its own, where unshare(1) may make one): readers read, writers say it
 * cannot be written. */
static int on_read_only_medium(const char *dir, char *const cmd[], char **out, char **err)
{
    char *argv[24];
    int n = 0;
    argv[n++] = "unshare";
    argv[n++] = geteuid() == 0 ? "-m" : "-rm";
    argv[n++] = "sh";
    argv[n++] = "-c";
    argv[n++] = "mount --bind -o ro \"$0\" \"$0\" || exit 99; exec \"$@\"";
    argv[n++] = (char *)dir;
    for (int i = 0; cmd[i] && n < 23; i++)
        argv[n++] = cmd[i];
    argv[n] = NULL;
    return tu_run(argv, NULL, out, err);
}

static void test_read_only_medium_is_read(void **state)
{
    struct fx *fx = *state;
    char *dir = tu_fmt("%s/medium", fx->dir), *db = tu_fmt("%s/medium/fenliu.db", fx->dir);
    tu_mkdir_p(dir);
    char *doc = make_read_world(fx, db);
    char *probe = tu_fmt("%s/probe", dir);
    char *touch[] = {"sh", "-c", ": > \"$0\"", probe, NULL};
    int rc = on_read_only_medium(dir, touch, NULL, NULL);
    bool read_only = rc != 0 && rc != 99 && !tu_exists(probe);
    free(probe);
    if (rc == 99 || rc == 127 || !read_only)
        skip(); /* no mount namespace here */
    char *out, *err;
    char *cases[] = {(char *)tu_fenliu(), "cases", "--db", db, NULL};
    assert_int_equal(on_read_only_medium(dir, cases, &out, &err), 0);
    assert_string_equal(last_line(out), "1 of 1 cases");
    free(out);
    free(err);
    char *show[] = {(char *)tu_fenliu(), "case", "show", "RO-1", "--db", db, NULL};
    assert_int_equal(on_read_only_medium(dir, show, &out, NULL), 0);
    assert_non_null(strstr(out, "RO-1"));
    free(out);
    char *ingest[] = {(char *)tu_fenliu(), "ingest", doc, "--db", db, NULL};
    assert_int_equal(on_read_only_medium(dir, ingest, NULL, &err), 1);
    assert_non_null(strstr(err, "cannot be written"));
    free(err);
    assert_no_sidecars(db);
    free(doc);
    free(db);
    free(dir);
}

/* ---- spool folders ------------------------------------------------------------- */

static void test_spool_moves_files_with_reasons(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *spool = tu_fmt("%s/spool", fx->dir);
    tu_mkdir_p(spool);
    char *good = tu_filing("SP-1", "买卖合同纠纷", "付款");
    char *bad = tu_filing("SP-2", "买卖合同纠纷", "");
    char *pg = tu_fmt("%s/good.xml", spool), *pb = tu_fmt("%s/bad.xml", spool);
    tu_write_str(pg, good);
    tu_write_str(pb, bad);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--spool", spool, "--db", fx->db, NULL), 3);
    free(out);
    assert_false(tu_exists(pg));
    assert_false(tu_exists(pb));
    char *done = tu_fmt("%s/done/good.xml", spool), *rej = tu_fmt("%s/rejected/bad.xml", spool);
    char *errf = tu_fmt("%s/rejected/bad.xml.err", spool);
    assert_true(tu_exists(done));
    assert_true(tu_exists(rej));
    char *reasons = tu_read(errf, NULL);
    assert_non_null(reasons);
    assert_non_null(strstr(reasons, "SP-2"));
    assert_non_null(strstr(reasons, "<claim> is empty"));
    free(reasons);
    /* The same file sent again lands beside the first, not over it. */
    tu_write_str(pg, good);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--spool", spool, "--db", fx->db, NULL), 0);
    char *again = tu_fmt("%s.1", done);
    assert_true(tu_exists(again));
    free(again);
    free(done);
    free(rej);
    free(errf);
    free(pg);
    free(pb);
    free(good);
    free(bad);
    free(spool);
}

/* --watch takes files as they arrive, indexes their search words while
 * the spool is quiet, and ends on SIGINT with its summary. */
static void test_watch_takes_new_files_until_interrupted(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *spool = tu_fmt("%s/watch", fx->dir);
    tu_mkdir_p(spool);
    char *log = tu_fmt("%s/watch.log", fx->dir);
    char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, "--spool", spool, "--watch",
                    NULL};
    pid_t pid = tu_spawn(argv, log);
    usleep(300000);
    /* Written elsewhere and moved in, as senders should. */
    char *doc = tu_filing("WT-1", "买卖合同纠纷", "付款");
    char *tmp = tu_fmt("%s/incoming.tmp", fx->dir), *dest = tu_fmt("%s/wt.xml", spool);
    tu_write_str(tmp, doc);
    rename(tmp, dest);
    char *done = tu_fmt("%s/done/wt.xml", spool);
    for (int i = 0; i < 200 && !tu_exists(done); i++)
        usleep(50000);
    assert_true(tu_exists(done));
    /* Quiet: the watcher indexes the new case's search words. */
    const char *unindexed = "case_status WHERE case_id > (SELECT upto FROM case_words_done)";
    for (int i = 0; i < 100 && tu_count_rows(fx->db, unindexed) != 0; i++)
        usleep(50000);
    assert_int_equal(tu_count_rows(fx->db, unindexed), 0);
    assert_int_equal(tu_count_rows(fx->db, "case_status"), 1);
    kill(pid, SIGINT);
    assert_int_equal(tu_wait(pid), 0);
    char *out = tu_read(log, NULL);
    assert_string_equal(last_line(out), "read 1 documents: 1 accepted, 0 duplicates, 0 rejected");
    assert_int_equal(tu_count_rows(fx->db, "cases"), 1);
    free(out);
    free(done);
    free(tmp);
    free(dest);
    free(doc);
    free(log);
    free(spool);
}

/* ---- crashes and concurrency ------------------------------------------------------- */

static char *generate(const struct fx *fx, const char *name, int count, int start, int batch)
{
    char *dir = tu_fmt("%s/%s", fx->dir, name);
    char *cmd = tu_fmt("'%s' --seed 11 --count %d --start %d --batch %d --out '%s'", tu_fgen(),
                       count, start, batch, dir);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    free(cmd);
    return dir;
}

static void test_kill_9_mid_ingest_then_rerun_stores_each_once(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *in = generate(fx, "gen", 10000, 1, 500);
    char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, in, NULL};
    pid_t pid = tu_spawn(argv, NULL);
    int64_t at_kill = 0;
    for (int i = 0; i < 20000 && at_kill <= 0; i++) {
        usleep(2000);
        at_kill = tu_count_rows(fx->db, "filings");
    }
    kill(pid, SIGKILL);
    tu_wait(pid);
    if (at_kill <= 0 || at_kill >= 10000)
        fail_msg("the kill did not land mid-ingest (%lld filings stored)", (long long)at_kill);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--db", fx->db, in, NULL), 0);
    assert_int_equal(tu_count_rows(fx->db, "filings"), 10000);
    assert_int_equal(tu_count_rows(fx->db, "cases"), 10000);
    long long acc = 0, dup = 0;
    assert_int_equal(sscanf(last_line(out), "read %*d documents: %lld accepted, %lld duplicates",
                            &acc, &dup),
                     2);
    assert_int_equal(acc + dup, 10000);
    assert_true(dup >= at_kill);
    free(out);
    free(in);
}

static void test_two_ingests_at_once(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *a = generate(fx, "a", 3000, 1, 250), *b = generate(fx, "b", 3000, 3001, 250);
    char *la = tu_fmt("%s/a.log", fx->dir), *lb = tu_fmt("%s/b.log", fx->dir);
    /* Different filings at once, then the same filings at once. */
    for (int round = 0; round < 2; round++) {
        char *argv_a[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, a, NULL};
        char *argv_b[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, round ? a : b, NULL};
        pid_t pa = tu_spawn(argv_a, la), pb = tu_spawn(argv_b, lb);
        assert_int_equal(tu_wait(pa), 0);
        assert_int_equal(tu_wait(pb), 0);
        char *oa = tu_read(la, NULL), *ob = tu_read(lb, NULL);
        long long acc_a, dup_a, acc_b, dup_b;
        assert_int_equal(sscanf(last_line(oa), "read %*d documents: %lld accepted, %lld dup",
                                &acc_a, &dup_a), 2);
        assert_int_equal(sscanf(last_line(ob), "read %*d documents: %lld accepted, %lld dup",
                                &acc_b, &dup_b), 2);
        assert_null(strstr(oa, "locked"));
        assert_null(strstr(ob, "locked"));
        if (round == 0) {
            assert_int_equal(acc_a, 3000);
            assert_int_equal(acc_b, 3000);
        } else {
            assert_int_equal(acc_a + acc_b, 0);
            assert_int_equal(dup_a + dup_b, 6000);
        }
        free(oa);
        free(ob);
    }
    assert_int_equal(tu_count_rows(fx->db, "cases"), 6000);
    free(la);
    free(lb);
    free(a);
    free(b);
}

/* Regression: two processes creating the database at once failed with
 * "PRAGMA journal_mode = WAL failed: database is locked".  Only init
 * creates one now: four at once, then four ingests at once into it. */
static void test_processes_creating_one_database_at_once(void **state)
{
    struct fx *fx = *state;
    char *docs[4];
    for (int i = 0; i < 4; i++) {
        char *id = tu_fmt("NEW-%d", i), *doc = tu_filing(id, "买卖合同纠纷", "付款");
        docs[i] = write_doc(fx, id, doc);
        free(id);
        free(doc);
    }
    for (int round = 0; round < 5; round++) {
        char *db = tu_fmt("%s/new-%d.db", fx->dir, round);
        pid_t pids[4];
        for (int i = 0; i < 4; i++) {
            char *argv[] = {(char *)tu_fenliu(), "init", "--db", db, NULL};
            pids[i] = tu_spawn(argv, NULL);
        }
        for (int i = 0; i < 4; i++)
            assert_int_equal(tu_wait(pids[i]), 0);
        for (int i = 0; i < 4; i++) {
            char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", db, docs[i], NULL};
            pids[i] = tu_spawn(argv, NULL);
        }
        for (int i = 0; i < 4; i++)
            assert_int_equal(tu_wait(pids[i]), 0);
        assert_int_equal(tu_count_rows(db, "cases"), 4);
        free(db);
    }
    for (int i = 0; i < 4; i++)
        free(docs[i]);
}

static void test_generated_filings_match_their_manifest(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *dir = tu_fmt("%s/mixed", fx->dir);
    char *cmd = tu_fmt("'%s' --seed 5 --count 400 --batch 40 --malformed 10 --out '%s'",
                       tu_fgen(), dir);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--format", "json", "--db", fx->db, dir, NULL),
                     3);
    char *manifest_path = tu_fmt("%s/manifest.tsv", dir);
    char *manifest = tu_read(manifest_path, NULL);
    int expected_rejected = tu_count_lines(manifest, "\trejected\t");
    assert_true(expected_rejected > 10);
    assert_int_equal(tu_count_lines(out, "\"status\":\"rejected\""), expected_rejected);
    assert_int_equal(tu_count_lines(out, "\"status\":\"accepted\""),
                     tu_count_lines(manifest, "\taccepted\t"));
    free(manifest);
    free(manifest_path);
    free(out);
    free(cmd);
    free(dir);
}

/* ---- triage ---------------------------------------------------------------------- */

static void test_classify_json_and_text(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("CL-1", "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
    char *path = write_doc(fx, "cl.xml", doc);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "classify", "--format", "json", path, NULL), 0);
    assert_string_equal(out, "{\"id\":\"CL-1\",\"track\":\"simple\",\"procedure\":"
                             "\"small-claims\",\"flags\":[\"five-types\"],\"amount\":32000.00,"
                             "\"hits\":[{\"rule\":\"five-types\",\"field\":\"cause\",\"text\":"
                             "\"买卖合同纠纷\"},{\"rule\":\"small-claims\",\"field\":\"claims[1]\","
                             "\"text\":\"支付货款\"},{\"rule\":\"small-claims\",\"field\":\"amount\","
                             "\"text\":\"32000.00\"}]}\n");
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "classify", path, NULL), 0);
    assert_non_null(strstr(out, "CL-1: simple track (简), small-claims procedure"));
    assert_non_null(strstr(out, "small-claims (decides): Every claim is for money"));
    free(out);
    /* Nothing was stored. */
    assert_false(tu_exists(fx->db));
    free(path);
    free(doc);
}

static void test_rules_check_exit_status(void **state)
{
    struct fx *fx = *state;
    char *good = tu_fmt("%s/schemas/rules/default.xml", tu_srcdir());
    char *out, *err;
    assert_int_equal(tu_fenliu_run(&out, NULL, "rules", "check", good, NULL), 0);
    assert_non_null(strstr(out, "sound"));
    free(out);
    char *bad = write_doc(fx, "bad-rules.xml",
                          "<ruleset xmlns=\"urn:fenliu:rules:1\" name=\"x\" version=\"1\">\n"
                          "<rule id=\"a\"><description>d</description>\n"
                          "<when><match>[z-a]</match></when><then flag=\"f\"/></rule>\n"
                          "<rule id=\"z\"><description>d</description>"
                          "<then track=\"simple\" procedure=\"simple\"/></rule>\n"
                          "</ruleset>\n");
    assert_int_equal(tu_fenliu_run(NULL, &err, "rules", "check", bad, NULL), 1);
    assert_non_null(strstr(err, "bad-rules.xml:3: rule a:"));
    assert_non_null(strstr(err, "does not compile"));
    assert_non_null(strstr(err, "procedure \"simple\" is not one for civil filings"));
    free(err);
    free(bad);
    free(good);
}

/* Make the ruleset in PATH the database's active one behind fenliu's back,
 * as an older fenliu that accepted it did. */
static void store_active_ruleset(const char *db, const char *path)
{
    size_t len;
    char *xml = tu_read(path, &len);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *s;
    const char *sql = "INSERT INTO rulesets (name, version, hash, content, first_used) VALUES "
                      "('old', '1', 'from-an-older-fenliu', ?1, '2026-01-05T09:00:00+08:00')";
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
    sqlite3_bind_blob(s, 1, xml, (int)len, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_exec(h, "INSERT OR REPLACE INTO settings (key, value) VALUES "
                                     "('active_ruleset', last_insert_rowid())",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    free(xml);
}

/* Regression: a ruleset whose patterns use \C passed `rules check`, and its
 * hits held half a Chinese character.  Every way of loading one refuses
 * it: check (with rule id and line), use, --rules, and the active ruleset
 * an older fenliu stored. */
static void test_backslash_c_ruleset_is_refused(void **state)
{
    struct fx *fx = *state;
    char *rules = tu_fmt("%s/tests/fixtures/rules/backslash-c.xml", tu_srcdir());
    char *doc = tu_filing("BC-1", "买卖合同纠纷", "付款");
    char *path = write_doc(fx, "bc.xml", doc);
    const char *why = "\\C matches a single byte and would split Chinese characters; remove it";
    char *out, *err;
    assert_int_equal(tu_fenliu_run(&out, &err, "rules", "check", rules, NULL), 1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "backslash-c.xml:11: rule one-byte-after: \n    \\C matches"));
    assert_non_null(strstr(err, "backslash-c.xml:7: \n    pattern half-a-character: \\C"));
    assert_non_null(strstr(err, "backslash-c.xml:16: rule uses-named: \n    pattern "
                                "half-a-character (line 7) does not compile"));
    assert_int_equal(tu_count_lines(err, why), 2);
    free(out);
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "init", "--db", fx->db, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, &err, "rules", "use", "--db", fx->db, rules, NULL), 1);
    assert_non_null(strstr(err, why));
    free(err);
    assert_int_equal(tu_count_rows(fx->db, "settings WHERE key = 'active_ruleset'"), 0);
    assert_int_equal(tu_fenliu_run(NULL, &err, "classify", "--rules", rules, path, NULL), 1);
    assert_non_null(strstr(err, why));
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, &err, "ingest", "--db", fx->db, "--rules", rules, path, NULL),
                     1);
    assert_non_null(strstr(err, why));
    free(err);
    assert_int_equal(tu_count_rows(fx->db, "cases"), 0);
    store_active_ruleset(fx->db, rules);
    assert_int_equal(tu_fenliu_run(NULL, &err, "ingest", "--db", fx->db, path, NULL), 1);
    assert_non_null(strstr(err, "the database's active ruleset no longer loads (line 7: pattern "
                                "half-a-character: \\C matches a single byte"));
    assert_non_null(strstr(err, "make a sound one active with `fenliu rules use FILE`"));
    free(err);
    assert_int_equal(tu_count_rows(fx->db, "cases"), 0);
    free(path);
    free(doc);
    free(rules);
}

/* Regression: a judge's retrack kept no flags, so a foreign-related case
 * lost the flag (and gained a trial limit it does not have). */
static void test_retrack_keeps_flags(void **state)
{
    struct fx *fx = *state;
    char *path = tu_fmt("%s/tests/fixtures/triage/082-foreign-address-taipei.xml", tu_srcdir());
    assert_int_equal(tu_fenliu_run(NULL, NULL, "init", "--db", fx->db, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, path, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "accept", "TR-082", "--db", fx->db, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "retrack", "TR-082", "--db", fx->db, "--track",
                            "complex", "--procedure", "ordinary", "--reason", "合议庭审理",
                            NULL),
                     0);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "TR-082", "--db", fx->db, "--format",
                            "json", NULL),
                     0);
    assert_non_null(strstr(out, "\"kind\":\"judge\",\"track\":\"complex\",\"procedure\":"
                                "\"ordinary\",\"flags\":[\"foreign-related\"]"));
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "TR-082", "--db", fx->db, NULL), 0);
    assert_non_null(strstr(out, "no limit (foreign-related)"));
    free(out);
    free(path);
}

static void test_retrack_stats_and_reclassify(void **state)
{
    struct fx *fx = *state;
    char *path = tu_fmt("%s/tests/fixtures/contract/valid", tu_srcdir());
    /* `init`: the login running the tests is the database's admin. */
    assert_int_equal(tu_fenliu_run(NULL, NULL, "init", "--db", fx->db, NULL), 0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, path, NULL), 0);
    char *out, *err;
    /* A judge's decision must fit the case and give a reason. */
    assert_int_equal(tu_fenliu_run(NULL, &err, "case", "retrack", "WS-2026-0000123", "--db", fx->db,
                            "--track", "simple", "--procedure", "ordinary", "--reason", "x",
                            NULL),
                     2);
    assert_non_null(strstr(err, "does not fit"));
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "retrack", "WS-2026-0000123", "--db", fx->db,
                            "--track", "complex", "--procedure", "ordinary", NULL),
                     2);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "retrack", "WS-2026-0000123", "--db", fx->db,
                            "--track", "complex", "--procedure", "ordinary", "--reason",
                            "需要鉴定", NULL),
                     0);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "WS-2026-0000123", "--db", fx->db,
                            "--format", "json", NULL),
                     0);
    assert_non_null(strstr(out, "\"track\":\"complex\",\"procedure\":\"ordinary\""));
    assert_non_null(strstr(out, "\"kind\":\"proposal\",\"track\":\"simple\""));
    assert_non_null(strstr(out, "\"kind\":\"judge\",\"track\":\"complex\""));
    assert_non_null(strstr(out, "\"reason\":\"需要鉴定\""));
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "rules", "stats", "--format", "json", "--db", fx->db,
                            NULL),
                     0);
    assert_non_null(strstr(out, "{\"rule\":\"summary\",\"fired\":"));
    assert_int_equal(tu_count_lines(out, "\"overruled\":1,"), 1);
    free(out);
    /* A stricter ruleset: small claims only up to 100 yuan. */
    char *def_path = tu_fmt("%s/schemas/rules/default.xml", tu_srcdir());
    char *def = tu_read(def_path, NULL);
    free(def_path);
    char *at = strstr(def, "value=\"50000.00\"");
    assert_non_null(at);
    memcpy(at, "value=\"00100.00\"", 16);
    char *strict = write_doc(fx, "strict.xml", def);
    assert_int_equal(tu_fenliu_run(&out, NULL, "reclassify", "--dry-run", "--rules", strict, "--db",
                            fx->db, NULL),
                     0);
    assert_non_null(strstr(out, "would move"));
    assert_non_null(strstr(out, "simple/small-claims -> simple/summary"));
    assert_non_null(strstr(out, "1 decided by a judge keep their decision"));
    assert_non_null(strstr(out, "dry run"));
    int moved = tu_count_lines(out, "-> simple/summary");
    assert_true(moved >= 1);
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "reclassify", "--rules", strict, "--db", fx->db, NULL),
                     0);
    free(out);
    /* Applied now: nothing more would move, and new filings use it. */
    assert_int_equal(tu_fenliu_run(&out, NULL, "reclassify", "--dry-run", "--db", fx->db, NULL), 0);
    assert_non_null(strstr(out, " 0 would move"));
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "WS-2026-0000123", "--db", fx->db,
                            NULL),
                     0);
    assert_non_null(strstr(out, "Track       complex track")); /* the judge's stands */
    free(out);
    free(strict);
    free(def);
    free(path);
}

/* ---- lifecycle, deadlines, calendar -------------------------------------------------- */

static int fenliu_at(const char *now, char **out, char **err, char *const args[])
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)tu_fenliu();
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char *env_now = tu_fmt("FENLIU_NOW=%s", now);
    char *env[] = {env_now, NULL};
    int rc = tu_run(argv, env, out, err);
    free(env_now);
    return rc;
}

static void test_case_steps_and_deadlines(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("LC-1", "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
    char *path = write_doc(fx, "lc.xml", doc);
    char *out, *err;
    const char *now = "2026-03-02T10:00:00+08:00";
    /* `init`: the login running the tests is the database's admin. */
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"init", "--db", fx->db, NULL}), 0);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"ingest", "--db", fx->db, path, NULL}),
                     0);
    /* Not yet accepted: only the acceptance clock, due in 7 days. */
    assert_int_equal(fenliu_at(now, &out, NULL, (char *[]){"deadlines", "--db", fx->db, NULL}), 0);
    assert_non_null(strstr(out, "LC-1"));
    assert_non_null(strstr(out, "acceptance          from 2026-03-02, due 2026-03-09"));
    free(out);
    /* An impossible step is refused, saying what is possible. */
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "assign", "LC-1", "--judge", "wang", "--db",
                                          fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "a case that is filed cannot assign; it can: return mediate"));
    free(err);
    assert_int_equal(fenliu_at(now, NULL, NULL,
                               (char *[]){"config", "set", "court_code", "川0191", "--db", fx->db,
                                          NULL}),
                     0);
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"case", "accept", "LC-1", "--db", fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "(2026)川0191民初1号 LC-1: accepted, small-claims procedure"));
    assert_non_null(strstr(out, "due 2026-05-06")); /* 2 months, past the May Day holiday */
    free(out);
    assert_int_equal(fenliu_at(now, NULL, NULL,
                               (char *[]){"case", "suspend", "(2026)川0191民初1号", "--kind",
                                          "public-notice", "--until", "2026-04-02", "--db",
                                          fx->db, "--date", "2026-03-03", NULL}),
                     0);
    /* A month later the notice period is over but nobody resumed the clock. */
    const char *later = "2026-04-20T10:00:00+08:00";
    assert_int_equal(fenliu_at(later, &out, NULL,
                               (char *[]){"deadlines", "--overdue", "--db", fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "PAST ITS EXPECTED END"));
    free(out);
    assert_int_equal(fenliu_at(later, &out, NULL,
                               (char *[]){"deadlines", "--format", "json", "--db", fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "\"clock\":\"trial\",\"period\":\"small-claims\""));
    assert_non_null(strstr(out, "\"paused_overdue\":true"));
    free(out);
    assert_int_equal(fenliu_at(later, NULL, NULL,
                               (char *[]){"case", "resume", "LC-1", "--date", "2026-04-02",
                                          "--db", fx->db, NULL}),
                     0);
    /* 30 days excluded: 2 months from 2026-04-01, a Monday. */
    assert_int_equal(fenliu_at(later, &out, NULL,
                               (char *[]){"deadlines", "--due-within", "60", "--db", fx->db,
                                          NULL}),
                     0);
    assert_non_null(strstr(out, "due 2026-06-01"));
    assert_non_null(strstr(out, "30 days excluded"));
    free(out);
    assert_int_equal(fenliu_at(later, &out, NULL,
                               (char *[]){"deadlines", "--due-within", "10", "--db", fx->db,
                                          NULL}),
                     0);
    assert_string_equal(last_line(out), "0 open clocks listed");
    free(out);
    /* Events are kept: closing ends the clocks. */
    assert_int_equal(fenliu_at(later, NULL, NULL,
                               (char *[]){"case", "close", "LC-1", "--how", "judgment", "--db",
                                          fx->db, NULL}),
                     0);
    assert_int_equal(fenliu_at(later, &out, NULL, (char *[]){"deadlines", "--db", fx->db, NULL}),
                     0);
    assert_string_equal(last_line(out), "0 open clocks listed");
    free(out);
    free(path);
    free(doc);
}

static void test_fast_adjudication_limit_is_configurable(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("FA-1", "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
    char *path = write_doc(fx, "fa.xml", doc);
    const char *now = "2026-03-02T10:00:00+08:00";
    char *out;
    /* `init`: the login running the tests is the database's admin. */
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"init", "--db", fx->db, NULL}), 0);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"ingest", "--db", fx->db, path, NULL}),
                     0);
    char *def_path = tu_fmt("%s/schemas/periods.xml", tu_srcdir());
    char *periods = tu_read(def_path, NULL);
    char *at = strstr(periods, "code=\"fast-adjudication\" applies=\"civil\" length=\"30\"");
    assert_non_null(at);
    memcpy(strstr(at, "\"30\""), "\"20\"", 4);
    char *mine = write_doc(fx, "periods.xml", periods);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"periods", "use", mine, "--db", fx->db,
                                                           NULL}),
                     0);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"case", "accept", "FA-1", "--db",
                                                           fx->db, NULL}),
                     0);
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"case", "assign", "FA-1", "--judge", "li",
                                          "--procedure", "fast-adjudication", "--db", fx->db,
                                          NULL}),
                     0);
    assert_non_null(strstr(out, "fast-adjudication procedure"));
    assert_non_null(strstr(out, "due 2026-03-23")); /* 20 days: Sunday 03-22, so Monday */
    free(out);
    free(mine);
    free(periods);
    free(def_path);
    free(path);
    free(doc);
}

/* Set LOGIN's role in DB directly (only an admin adds users on the command
 * line, and these tests change their own role). */
static void set_role(const char *db, const char *login, const char *role)
{
    char *cmd = tu_fmt("sqlite3 '%s' \"UPDATE users SET role = '%s' WHERE login = '%s'\"", db,
                       role, login);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    free(cmd);
}

/* Who may take which step: one table, the same for the command line and
 * the terminal.  A login that is not a user takes none. */
static void test_roles_decide_who_steps(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("AP-1", "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
    char *doc2 = tu_filing("AP-2", "借款合同纠纷", "判令被告返还借款人民币壹万元整");
    char *path = write_doc(fx, "ap.xml", doc), *path2 = write_doc(fx, "ap2.xml", doc2);
    const char *now = "2026-03-02T10:00:00+08:00";
    char *err, *out, *me = NULL;
    assert_int_equal(tu_sh("id -un", &me, NULL), 0);
    me[strcspn(me, "\n")] = '\0';
    /* A database with no users (as an older fenliu's ingest made them):
     * everyone is read-only. */
    init_db(fx);
    tu_forget_users(fx->db);
    assert_int_equal(fenliu_at(now, NULL, NULL,
                               (char *[]){"ingest", "--db", fx->db, path, path2, NULL}),
                     0);
    assert_int_equal(fenliu_at(now, NULL, &err, (char *[]){"case", "accept", "AP-1", "--db",
                                                            fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "is not a fenliu user"));
    assert_non_null(strstr(err, "takes no step (read-only)"));
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, &err, "case", "note", "AP-1", "--text", "x", "--db", fx->db,
                            NULL),
                     1);
    assert_non_null(strstr(err, "read-only"));
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, &err, "case", "retrack", "AP-1", "--track", "complex",
                            "--procedure", "ordinary", "--reason", "r", "--db", fx->db, NULL),
                     2);
    assert_non_null(strstr(err, "is not a fenliu user"));
    free(err);
    /* The first user may be added by anyone; then only an admin adds. */
    assert_int_equal(tu_fenliu_run(NULL, NULL, "user", "add", me, "--role", "clerk", "--db", fx->db,
                            NULL),
                     0);
    assert_int_equal(tu_fenliu_run(NULL, &err, "user", "add", "li", "--role", "judge", "--db", fx->db,
                            NULL),
                     1);
    assert_non_null(strstr(err, "only an admin adds users"));
    free(err);
    /* A clerk accepts, but does not ask for an extension. */
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"case", "accept", "AP-1", "--db",
                                                           fx->db, NULL}),
                     0);
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "extend", "AP-1", "--length", "1m", "--reason",
                                          "鉴定未完成", "--db", fx->db, NULL}),
                     1);
    char *want = tu_fmt("AP-1: %s is a clerk, and a clerk may not extend; judges, presidents "
                        "(院长 or 庭长) and admins may", me);
    assert_non_null(strstr(err, want));
    free(want);
    free(err);
    /* A clerk routes a filing to themself only. */
    assert_int_equal(fenliu_at(now, NULL, &err, (char *[]){"case", "route", "AP-2", "--clerk",
                                                            "li", "--db", fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "a clerk routes a filing only to themself"));
    free(err);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"case", "route", "AP-2", "--clerk", me,
                                                           "--db", fx->db, NULL}),
                     0);
    /* A judge asks; only a president (or an admin) decides. */
    set_role(fx->db, me, "judge");
    assert_int_equal(fenliu_at(now, NULL, &err, (char *[]){"case", "accept", "AP-2", "--db",
                                                            fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "a judge may not accept; clerks, presidents (院长 or 庭长) and "
                            "admins may"));
    free(err);
    assert_int_equal(fenliu_at(now, NULL, NULL,
                               (char *[]){"case", "extend", "AP-1", "--length", "1m", "--reason",
                                          "鉴定未完成", "--db", fx->db, NULL}),
                     0);
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "approve", "AP-1", "--what", "extend", "--db",
                                          fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "a judge may not approve; presidents (院长 or 庭长) and admins "
                            "may"));
    free(err);
    set_role(fx->db, me, "president");
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"case", "approve", "AP-1", "--what", "extend", "--db",
                                          fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "due 2026-06-02")); /* small claims 2 months + 1 */
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "AP-1", "--db", fx->db, NULL), 0);
    char *who = tu_fmt("approve          by %s: what=extend", me);
    assert_non_null(strstr(out, who));
    free(who);
    free(out);
    /* An extension is a length the clocks can count. */
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "extend", "AP-1", "--length", "a while",
                                          "--reason", "r", "--db", fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "not \"a while\""));
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "user", "add", "x", "--role", "boss", "--db", fx->db,
                            NULL),
                     1);
    free(me);
    free(path);
    free(path2);
    free(doc);
    free(doc2);
}

/* The status row of a case follows every change: it is what queues sort by. */
static char *status_of(const char *db, const char *filing_id)
{
    char *cmd = tu_fmt("sqlite3 '%s' \"SELECT s.state || '|' || ifnull(s.track,'') || '|' || "
                       "s.procedure || '|' || ifnull(s.clock,'') || '|' || ifnull(s.due,'') || "
                       "'|' || ifnull(s.judge,'') FROM case_status s JOIN cases c ON c.id = "
                       "s.case_id JOIN filings f ON f.id = c.filing WHERE f.filing_id = '%s'\"",
                       db, filing_id);
    char *out = NULL;
    tu_sh(cmd, &out, NULL);
    free(cmd);
    out[strcspn(out, "\n")] = '\0';
    return out;
}

/* Regression: a stopped clock's due date moves a day later each day it
 * stays stopped, and the status row kept the date of the day it stopped,
 * so the queue put stopped cases above ones due sooner.  The row keeps the
 * date the clock will have when the stop ends as planned. */
static void test_stopped_clock_sorts_by_its_planned_restart(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("SU-1", "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
    char *path = write_doc(fx, "su.xml", doc);
    const char *now = "2026-03-02T10:00:00+08:00";
    char *const steps[][12] = {
        {"init", "--db", fx->db, NULL},
        {"ingest", "--db", fx->db, path, NULL},
        {"case", "accept", "SU-1", "--db", fx->db, NULL},
        {"case", "assign", "SU-1", "--judge", "wang", "--db", fx->db, NULL},
        {"case", "suspend", "SU-1", "--kind", "appraisal", "--until", "2026-04-01", "--db",
         fx->db, NULL},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        assert_int_equal(fenliu_at(now, NULL, NULL, (char **)steps[i]), 0);
    char *s = status_of(fx->db, "SU-1");
    /* What `case show` says on the day the stop ends. */
    char *out;
    assert_int_equal(fenliu_at("2026-04-01T10:00:00+08:00", &out, NULL,
                               (char *[]){"case", "show", "SU-1", "--db", fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "due 2026-06-01"));
    assert_string_equal(s, "trial|simple|small-claims|trial|2026-06-01|wang");
    free(out);
    free(s);
    /* Resumed the same day: nothing was excluded, the first due date. */
    assert_int_equal(fenliu_at(now, NULL, NULL,
                               (char *[]){"case", "resume", "SU-1", "--db", fx->db, NULL}),
                     0);
    s = status_of(fx->db, "SU-1");
    assert_string_equal(s, "trial|simple|small-claims|trial|2026-05-06|wang");
    free(s);
    free(path);
    free(doc);
}

static void test_case_status_follows_every_change(void **state)
{
    struct fx *fx = *state;
    char *doc = tu_filing("ST-1", "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
    char *path = write_doc(fx, "st.xml", doc);
    const char *now = "2026-03-02T10:00:00+08:00";
    /* `init`: the login running the tests is the database's admin. */
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"init", "--db", fx->db, NULL}), 0);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"ingest", "--db", fx->db, path, NULL}),
                     0);
    char *s = status_of(fx->db, "ST-1");
    assert_string_equal(s, "filed|simple|small-claims|acceptance|2026-03-09|");
    free(s);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"case", "retrack", "ST-1", "--track",
                                                           "simple", "--procedure", "summary",
                                                           "--reason", "r", "--db", fx->db,
                                                           NULL}),
                     0);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"case", "accept", "ST-1", "--db",
                                                           fx->db, NULL}),
                     0);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"case", "assign", "ST-1", "--judge",
                                                           "wang", "--db", fx->db, NULL}),
                     0);
    s = status_of(fx->db, "ST-1");
    assert_string_equal(s, "trial|simple|summary|trial|2026-06-02|wang");
    free(s);
    /* A court closure on the due date moves it: the status follows. */
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"calendar", "set", "2026-06-02",
                                                           "closed", "--reason", "停电", "--db",
                                                           fx->db, NULL}),
                     0);
    s = status_of(fx->db, "ST-1");
    assert_string_equal(s, "trial|simple|summary|trial|2026-06-03|wang");
    free(s);
    /* Queues filter and sort on it. */
    char *other = tu_filing("ST-2", "借款合同纠纷", "判令被告返还借款人民币壹万元整");
    char *p2 = write_doc(fx, "st2.xml", other);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"ingest", "--db", fx->db, p2, NULL}),
                     0);
    char *out;
    assert_int_equal(fenliu_at(now, &out, NULL, (char *[]){"cases", "--by-urgency", "--format",
                                                           "tsv", "--db", fx->db, NULL}),
                     0);
    char *first = strstr(out, "ST-2"), *second = strstr(out, "ST-1");
    assert_true(first && second && first < second); /* due 03-09 before 06-03 */
    free(out);
    assert_int_equal(fenliu_at(now, &out, NULL, (char *[]){"cases", "--judge", "wang", "--state",
                                                           "trial", "--format", "json", "--db",
                                                           fx->db, NULL}),
                     0);
    assert_int_equal(tu_count_lines(out, "\"id\":\"ST-1\""), 1);
    assert_int_equal(tu_count_lines(out, "\"id\":\"ST-2\""), 0);
    assert_non_null(strstr(out, "\"due\":\"2026-06-03\""));
    free(out);
    assert_int_equal(fenliu_at(now, &out, NULL, (char *[]){"cases", "--search", "借款", "--db",
                                                           fx->db, NULL}),
                     0);
    assert_string_equal(last_line(out), "1 of 1 cases (matching)");
    free(out);
    free(p2);
    free(other);
    /* Notes: kept, attributed, private ones for their author only. */
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "note", "ST-1", "--text", "当事人电话已核实",
                            "--db", fx->db, NULL),
                     0);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "note", "ST-1", "--private", "--text",
                            "注意鉴定费", "--db", fx->db, NULL),
                     0);
    assert_int_equal(tu_fenliu_run(&out, NULL, "case", "show", "ST-1", "--db", fx->db, NULL), 0);
    assert_non_null(strstr(out, "当事人电话已核实"));
    assert_non_null(strstr(out, "(private): 注意鉴定费"));
    free(out);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "case", "note", "ST-1", "--db", fx->db, NULL), 2);
    free(path);
    free(doc);
}

/* fenliu index indexes the words ingest left, once; searches find the
 * same cases before and after. */
static void test_index_words_after_ingest(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *docs[3], *paths[3];
    static const char *const ids[] = {"IX-1", "IX-2", "IX-3"};
    for (int i = 0; i < 3; i++) {
        docs[i] = tu_filing(ids[i], i == 1 ? "借款合同纠纷" : "买卖合同纠纷", "判令被告付款");
        char name[16];
        snprintf(name, sizeof name, "ix%d.xml", i);
        paths[i] = write_doc(fx, name, docs[i]);
    }
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, paths[0], paths[1], NULL), 0);
    char *before, *after, *out;
    assert_int_equal(tu_fenliu_run(&before, NULL, "cases", "--search", "ix-", "--db", fx->db, NULL), 0);
    assert_string_equal(last_line(before), "2 of 2 cases (matching)");
    assert_int_equal(tu_fenliu_run(&out, NULL, "index", "--db", fx->db, NULL), 0);
    assert_string_equal(last_line(out), "2 cases indexed");
    free(out);
    assert_int_equal(tu_fenliu_run(&after, NULL, "cases", "--search", "ix-", "--db", fx->db, NULL), 0);
    assert_string_equal(after, before);
    assert_int_equal(tu_fenliu_run(&out, NULL, "index", "--db", fx->db, NULL), 0);
    assert_string_equal(last_line(out), "0 cases indexed");
    free(out);
    /* One more ingested: found beside the two indexed, then indexed alone. */
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, paths[2], NULL), 0);
    free(after);
    assert_int_equal(tu_fenliu_run(&after, NULL, "cases", "--search", "ix-", "--db", fx->db, NULL), 0);
    assert_string_equal(last_line(after), "3 of 3 cases (matching)");
    assert_int_equal(tu_fenliu_run(&out, NULL, "index", "--db", fx->db, NULL), 0);
    assert_string_equal(last_line(out), "1 case indexed");
    free(out);
    assert_int_equal(tu_fenliu_run(&out, NULL, "index", "extra", "--db", fx->db, NULL), 2);
    free(out);
    free(before);
    free(after);
    for (int i = 0; i < 3; i++) {
        free(docs[i]);
        free(paths[i]);
    }
}

/* Regression: a bankruptcy case's clock named a period the file lacks, and
 * deadlines printed its name from freed memory. */
static void test_bankruptcy_case_clocks(void **state)
{
    struct fx *fx = *state;
    char *path = tu_fmt("%s/tests/fixtures/contract/valid/21-bankruptcy-execution-transfer.xml",
                        tu_srcdir());
    const char *now = "2026-03-02T10:00:00+08:00";
    char *out;
    /* `init`: the login running the tests is the database's admin. */
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"init", "--db", fx->db, NULL}), 0);
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"ingest", "--db", fx->db, path, NULL}),
                     0);
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"case", "accept", "ZZP-2026-01", "--db", fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "破申1号 ZZP-2026-01: accepted, bk-simple procedure"));
    assert_non_null(strstr(out, "due 2026-09-02")); /* fast track: 6 months */
    free(out);
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"deadlines", "--format", "json", "--db", fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "\"period\":\"bk-simple\""));
    assert_null(strstr(out, "unknown_period"));
    free(out);
    /* Regression: a bankruptcy assigned "ordinary" ran on the civil
     * ordinary period (6 months) instead of bk-ordinary (no limit), and
     * was said to have no limit for being foreign-related. */
    char *err;
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "assign", "ZZP-2026-01", "--judge", "wang",
                                          "--procedure", "small-claims", "--db", fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "a bankruptcy case is under simple or ordinary procedure"));
    free(err);
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"case", "assign", "ZZP-2026-01", "--judge", "wang",
                                          "--procedure", "ordinary", "--db", fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "trial, bk-ordinary procedure, judge wang"));
    assert_non_null(strstr(out, "no limit (bk-ordinary)"));
    free(out);
    free(path);
}

static void test_calendar_commands(void **state)
{
    struct fx *fx = *state;
    char *out, *err;
    char *noenv = tu_fmt("FENLIU_DB=%s/none.db", fx->dir);
    char *env[] = {noenv, NULL};
    char *a1[] = {(char *)tu_fenliu(), "calendar", "add", "2024-02-08", "7wd", NULL};
    assert_int_equal(tu_run(a1, env, &out, NULL), 0);
    assert_string_equal(out, "2024-02-23\n");
    free(out);
    char *a2[] = {(char *)tu_fenliu(), "calendar", "add", "2025-09-21", "10d", NULL};
    assert_int_equal(tu_run(a2, env, &out, NULL), 0);
    assert_string_equal(out, "2025-10-09\n");
    free(out);
    char *a3[] = {(char *)tu_fenliu(), "calendar", "is-workday", "2026-02-28", NULL};
    assert_int_equal(tu_run(a3, env, &out, NULL), 0);
    assert_non_null(strstr(out, "make-up working day"));
    free(out);
    char *a4[] = {(char *)tu_fenliu(), "calendar", "is-workday", "2025-10-01", NULL};
    assert_int_equal(tu_run(a4, env, &out, NULL), 1);
    assert_non_null(strstr(out, "holiday"));
    free(out);
    char *a5[] = {(char *)tu_fenliu(), "calendar", "add", "2027-03-01", "10d", "--format",
                  "json", NULL};
    assert_int_equal(tu_run(a5, env, &out, &err), 0);
    assert_string_equal(out, "{\"date\":\"2027-03-11\",\"provisional\":true}\n");
    assert_non_null(strstr(err, "provisional"));
    free(out);
    free(err);
    char *a6[] = {(char *)tu_fenliu(), "calendar", "between", "2025-09-30", "2025-10-10", NULL};
    assert_int_equal(tu_run(a6, env, &out, NULL), 0);
    assert_string_equal(out, "2\n"); /* 10-09 and 10-10: 1-8 October are holidays */
    free(out);
    char *a7[] = {(char *)tu_fenliu(), "calendar", "show", "2026", NULL};
    assert_int_equal(tu_run(a7, env, &out, NULL), 0);
    assert_non_null(strstr(out, "2026-02 二月"));
    assert_non_null(strstr(out, " 28+"));
    free(out);
    /* A 2027 notice loaded into the database: the date is no longer provisional. */
    assert_int_equal(tu_fenliu_run(NULL, NULL, "init", "--db", fx->db, NULL), 0);
    char *notice = write_doc(fx, "2027.xml",
                             "<calendar xmlns=\"urn:fenliu:calendar:1\" name=\"t\">"
                             "<year number=\"2027\" source=\"国务院办公厅关于2027年部分节假日安排的通知\">"
                             "<holiday date=\"2027-03-11\" name=\"测试\"/>"
                             "</year></calendar>");
    assert_int_equal(tu_fenliu_run(&out, NULL, "calendar", "load", notice, "--db", fx->db, NULL), 0);
    free(out);
    assert_int_equal(tu_fenliu_run(&out, &err, "calendar", "add", "2027-03-01", "10d", "--format", "json",
                            "--db", fx->db, NULL),
                     0);
    assert_string_equal(out, "{\"date\":\"2027-03-12\",\"provisional\":false}\n");
    free(out);
    free(err);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "calendar", "set", "2026-03-13", "closed", "--reason",
                            "停电检修", "--db", fx->db, NULL),
                     0);
    assert_int_equal(tu_fenliu_run(&out, NULL, "calendar", "is-workday", "2026-03-13", "--db", fx->db,
                            NULL),
                     1);
    assert_non_null(strstr(out, "closed by the court (停电检修)"));
    free(out);
    free(notice);
    free(noenv);
}

/* The clerk whose inbox a filing is in, as the status row keeps it. */
static char *clerk_of(const char *db, const char *filing_id)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    char *clerk = NULL;
    if (sqlite3_open(db, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT s.clerk FROM case_status s JOIN cases c ON c.id = s.case_id "
                              "JOIN filings f ON f.id = c.filing WHERE f.filing_id = ?1",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, filing_id, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            clerk = strdup((const char *)sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
    }
    sqlite3_close(h);
    return clerk;
}

/* Intake: `case route` puts a filing in a clerk's inbox before the
 * decision on acceptance, recorded as an event; no clock moves. */
static void test_case_route(void **state)
{
    struct fx *fx = *state;
    char *doc1 = tu_filing("RT-1", "买卖合同纠纷", "判令被告支付货款"),
         *doc2 = tu_filing("RT-2", "买卖合同纠纷", "判令被告支付货款");
    char *p1 = write_doc(fx, "rt-1.xml", doc1), *p2 = write_doc(fx, "rt-2.xml", doc2);
    char *out, *err, *clerk;
    const char *now = "2026-03-02T10:00:00+08:00";
    assert_int_equal(fenliu_at(now, NULL, NULL, (char *[]){"init", "--db", fx->db, NULL}), 0);
    assert_int_equal(
        fenliu_at(now, NULL, NULL, (char *[]){"ingest", "--db", fx->db, p1, p2, NULL}), 0);
    assert_int_equal(fenliu_at(now, NULL, NULL,
                               (char *[]){"user", "add", "xiaowang", "--role", "clerk", "--db",
                                          fx->db, NULL}),
                     0);
    assert_null(clerk_of(fx->db, "RT-1")); /* the section's inbox */
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"case", "route", "RT-1", "--clerk", "xiaowang", "--db",
                                          fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "RT-1: filed"));
    assert_non_null(strstr(out, "in the inbox of xiaowang"));
    assert_non_null(strstr(out, "due 2026-03-09")); /* the acceptance clock has not moved */
    free(out);
    clerk = clerk_of(fx->db, "RT-1");
    assert_string_equal(clerk, "xiaowang");
    free(clerk);
    assert_int_equal(fenliu_at(now, &out, NULL,
                               (char *[]){"case", "show", "--format", "json", "RT-1", "--db",
                                          fx->db, NULL}),
                     0);
    assert_non_null(strstr(out, "\"clerk\":\"xiaowang\""));
    assert_non_null(strstr(out, "\"kind\":\"route\""));
    free(out);
    /* Refusals say why. */
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "route", "RT-1", "--clerk", "xiaowang", "--db",
                                          fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "RT-1: the filing is in the inbox of xiaowang already"));
    free(err);
    assert_int_equal(
        fenliu_at(now, NULL, &err, (char *[]){"case", "route", "RT-2", "--db", fx->db, NULL}), 1);
    assert_non_null(strstr(err, "route names the clerk"));
    free(err);
    /* Only to a clerk who is a user (regression: any login was taken). */
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "route", "RT-2", "--clerk", "nobody", "--db",
                                          fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "RT-2: a filing is routed to a clerk, and nobody is not a "
                                "fenliu user"));
    free(err);
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "return", "RT-2", "--reasons", "money", "--db",
                                          fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "\"money\" is not a reason to return a filing"));
    free(err);
    assert_int_equal(fenliu_at(now, NULL, NULL,
                               (char *[]){"case", "accept", "RT-1", "--db", fx->db, NULL}),
                     0);
    assert_int_equal(fenliu_at(now, NULL, &err,
                               (char *[]){"case", "route", "RT-1", "--clerk", "xiaowang", "--db",
                                          fx->db, NULL}),
                     1);
    assert_non_null(strstr(err, "a case that is accepted cannot route"));
    free(err);
    assert_int_equal(fenliu_at(now, &out, NULL, (char *[]){"case", "route", "--help", NULL}), 0);
    assert_non_null(strstr(out, "route --clerk LOGIN"));
    free(out);
    free(doc1);
    free(doc2);
    free(p1);
    free(p2);
}

/* Run SQL on DB (as an older fenliu, or the sqlite3 shell, might have). */
static void sql_exec(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(h);
}

/* Regression: two claims of 90000000000000000 yuan made the total wrap,
 * and from then on every listing failed with "integer overflow".  Such a
 * filing is now rejected; amounts an older fenliu stored stop nothing. */
static void test_huge_amounts_rejected_and_never_stop_a_listing(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    char *doc = tu_fmt("<filing xmlns=\"urn:fenliu:filing:1\" id=\"BIG-1\" "
                       "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                       "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
                       "<name>甲</name></party></parties><claims>"
                       "<claim amount=\"90000000000000000\">付款</claim>"
                       "<claim amount=\"90000000000000000\">违约金</claim></claims></filing>");
    char *path = write_doc(fx, "big.xml", doc), *out, *err;
    assert_int_equal(tu_fenliu_run(&out, &err, "ingest", "--db", fx->db, path, NULL), 3);
    assert_non_null(strstr(out, "claims/claim[1]: amount \"90000000000000000\" is above the "
                                "ceiling of 1,000,000,000,000 yuan"));
    free(out);
    free(err);
    /* What an older fenliu let in: the largest amounts SQLite holds. */
    char *ok = tu_filing("OLD-1", "买卖合同纠纷", "判令被告付款");
    char *ok_path = write_doc(fx, "old.xml", ok);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, ok_path, NULL), 0);
    sql_exec(fx->db, "INSERT INTO claims (case_id, seq, amount_fen, text) SELECT case_id, 2, "
                     "9000000000000000000, 'x' FROM claims; UPDATE claims SET amount_fen = "
                     "9000000000000000000; UPDATE decisions SET amount_fen = -8446744073709551616");
    static const char *const filters[][3] = {
        {"cases", NULL, NULL},          {"cases", "--open", NULL},
        {"cases", "--track", "simple"}, {"cases", "--by-urgency", NULL},
        {"cases", "--format", "json"},  {"cases", "--format", "tsv"},
        {"case", "show", "OLD-1"},      {"deadlines", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        const char *const *a = filters[i];
        int rc = a[2]   ? tu_fenliu_run(&out, &err, a[0], a[1], a[2], "--db", fx->db, NULL)
                 : a[1] ? tu_fenliu_run(&out, &err, a[0], a[1], "--db", fx->db, NULL)
                        : tu_fenliu_run(&out, &err, a[0], "--db", fx->db, NULL);
        if (rc != 0)
            fail_msg("%s %s: exit %d: %s", filters[i][0], filters[i][1] ? filters[i][1] : "",
                     rc, err);
        assert_null(strstr(err, "overflow"));
        free(out);
        free(err);
    }
    free(doc);
    free(path);
    free(ok);
    free(ok_path);
}

/* Regression: a 100 MB rejected document was copied into the database.
 * The rejection keeps the lines around the error, and says how much the
 * whole was (the whole stays in the file). */
static void test_rejection_keeps_an_excerpt_around_the_error(void **state)
{
    struct fx *fx = *state;
    init_db(fx);
    struct fl_buf facts = FL_BUF_INIT;
    for (int i = 0; i < 20000; i++)
        fl_buf_printf(&facts, "第%d行：原告与被告签订买卖合同，约定货款。\n", i);
    char *doc = tu_fmt("<filing xmlns=\"urn:fenliu:filing:1\" id=\"LONG-1\" "
                       "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                       "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
                       "<name>甲</name></party></parties><claims><claim>付款</claim></claims>\n"
                       "<facts>%s</facts>\n<bogus/>\n</filing>\n",
                       facts.data);
    char *path = write_doc(fx, "long.xml", doc);
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, path, NULL), 3);
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(fx->db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT raw, raw_line, raw_total, line FROM rejections",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    size_t len = (size_t)sqlite3_column_bytes(s, 0);
    char *raw = strndup(sqlite3_column_blob(s, 0), len);
    assert_true(len <= 64 << 10);
    assert_non_null(strstr(raw, "<bogus/>"));    /* the error's line */
    assert_non_null(strstr(raw, "第19999行"));   /* and those before it */
    assert_null(strstr(raw, "第100行："));
    assert_int_equal(sqlite3_column_int64(s, 1), 20003 - 16); /* 16 lines before <bogus/> */
    assert_true(sqlite3_column_int64(s, 2) > (int64_t)(1 << 20));
    assert_int_equal(sqlite3_column_int64(s, 3), 1);
    sqlite3_finalize(s);
    sqlite3_close(h);
    free(raw);
    free(doc);
    free(path);
    fl_buf_free(&facts);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_ingest_accepts_and_summarises),
        T(test_huge_amounts_rejected_and_never_stop_a_listing),
        T(test_rejection_keeps_an_excerpt_around_the_error),
        T(test_rejections_exit_3_with_json_lines),
        T(test_conflict_keeps_the_stored_filing),
        T(test_usage_errors_exit_2),
        T(test_unwritable_database_exits_1),
        T(test_unreadable_input_is_a_rejected_document),
        T(test_folders_recursive_in_name_order),
        T(test_cases_and_case_show_formats),
        T(test_text_output_cannot_drive_the_terminal),
        T(test_tsv_and_text_neutralise_c1_and_bidi_controls),
        T(test_classify_refusal_shows_controls_not_sends_them),
        T(test_init_and_newer_database),
        T(test_mistyped_db_creates_nothing_and_moves_nothing),
        T(test_empty_file_is_no_database_until_init),
        T(test_text_file_is_not_a_database),
        T(test_newer_database_keeps_its_journal_mode),
        T(test_negative_schema_version_says_what_it_is),
        T(test_read_commands_write_nothing),
        T(test_older_schema_read_only_says_init_upgrades),
        T(test_read_only_folder_is_read),
        T(test_read_only_file_is_read),
        T(test_read_only_folder_with_a_writer_at_work),
        T(test_read_only_medium_is_read),
        T(test_spool_moves_files_with_reasons),
        T(test_watch_takes_new_files_until_interrupted),
        T(test_kill_9_mid_ingest_then_rerun_stores_each_once),
        T(test_two_ingests_at_once),
        T(test_processes_creating_one_database_at_once),
        T(test_generated_filings_match_their_manifest),
        T(test_classify_json_and_text),
        T(test_rules_check_exit_status),
        T(test_backslash_c_ruleset_is_refused),
        T(test_retrack_stats_and_reclassify),
        T(test_retrack_keeps_flags),
        T(test_stopped_clock_sorts_by_its_planned_restart),
        T(test_case_steps_and_deadlines),
        T(test_calendar_commands),
        T(test_fast_adjudication_limit_is_configurable),
        T(test_roles_decide_who_steps),
        T(test_case_status_follows_every_change),
        T(test_bankruptcy_case_clocks),
        T(test_case_route),
        T(test_index_words_after_ingest),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
