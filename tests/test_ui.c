/* The terminal interface, headless: golden screens.
 *
 * Each test runs the real binary with FENLIU_UI_SCRIPT (keys, one a line,
 * and ":dump NAME" steps), the screen size, locale, terminal and time
 * pinned, against one database made here, and compares each dump with
 * tests/golden/NAME.txt.  On a mismatch it prints a diff and keeps both
 * files (the paths are printed).
 *
 * After a deliberate change to a screen, regenerate the goldens and review
 * them:
 *     FENLIU_UI_GOLDEN_UPDATE=1 make check      (or run build/tests/test_ui)
 *     git diff tests/golden
 *
 * The database: the contract fixtures (received 2025-10-01, so their 7-day
 * acceptance clocks are long overdue), filings 1-8 of `fgen --seed 42`
 * (received 2025-10-20; number 8 accepted the next day, so its summary
 * trial limit has passed), filings 9-12 (received 2026-02-26: acceptance
 * due in 3 days; number 12 accepted on 2026-02-27), and a filing with
 * terminal controls in its cause (received today).  Today is 2026-03-02.
 * The login that recorded an event is the test runner's: dumps show it
 * as LOGIN. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define TODAY "2026-03-02T09:15:00+08:00"

static struct {
    char *dir, *db;
    bool keep; /* a mismatch: leave the files for the developer */
    int runs;
} W;

/* ---- making the database ------------------------------------------------------- */

/* Run fenliu ARGS (NULL-terminated) at time NOW; false on failure. */
static bool fenliu_at(const char *now, ...)
{
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)tu_fenliu();
    va_list ap;
    va_start(ap, now);
    char *a;
    while ((a = va_arg(ap, char *)) != NULL && n < 15)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    char *nowenv = tu_fmt("FENLIU_NOW=%s", now), *err;
    char *env[] = {nowenv, NULL};
    int rc = tu_run(argv, env, NULL, &err);
    if (rc != 0)
        fprintf(stderr, "fenliu %s: status %d: %s", argv[1], rc, err);
    free(nowenv);
    free(err);
    return rc == 0;
}

static bool generate(int start, int count, const char *out)
{
    char *cmd = tu_fmt("'%s' --seed 42 --start %d --count %d --out '%s' >/dev/null", tu_fgen(),
                       start, count, out);
    int rc = tu_sh(cmd, NULL, NULL);
    free(cmd);
    return rc == 0;
}

static int make_world(void **state)
{
    (void)state;
    W.dir = tu_mkdtemp();
    W.db = tu_fmt("%s/fenliu.db", W.dir);
    char *fixtures = tu_fmt("%s/tests/fixtures/contract/valid", tu_srcdir());
    char *old = tu_fmt("%s/gen-old", W.dir), *recent = tu_fmt("%s/gen-recent", W.dir);
    char *esc = tu_fmt("%s/esc.xml", W.dir);
    char *doc = tu_filing("ESC-1", "买卖合同纠纷&#x9b;31m红&#x202e;", "判令被告支付货款8000元");
    tu_write_str(esc, doc);
    /* init: the login running the tests is an admin (may do everything). */
    bool ok = fenliu_at("2025-10-01T08:00:00+08:00", "init", "--db", W.db, NULL) &&
              fenliu_at("2025-10-01T09:00:00+08:00", "ingest", "--db", W.db, fixtures, NULL) &&
              generate(1, 8, old) && generate(9, 4, recent) &&
              fenliu_at("2025-10-20T09:00:00+08:00", "ingest", "--db", W.db, old, NULL) &&
              fenliu_at("2025-10-21T10:00:00+08:00", "case", "accept", "--db", W.db,
                        "WS-2026-0000008", NULL) &&
              fenliu_at("2026-02-26T10:00:00+08:00", "ingest", "--db", W.db, recent, NULL) &&
              fenliu_at("2026-02-27T10:00:00+08:00", "case", "accept", "--db", W.db,
                        "WS-2026-0000012", NULL) &&
              fenliu_at(TODAY, "ingest", "--db", W.db, esc, NULL);
    free(fixtures);
    free(old);
    free(recent);
    free(esc);
    free(doc);
    return ok ? 0 : -1;
}

static int remove_world(void **state)
{
    (void)state;
    if (W.keep)
        fprintf(stderr, "test_ui: kept %s for the mismatches above\n", W.dir);
    else
        tu_rmtree(W.dir);
    free(W.dir);
    free(W.db);
    return 0;
}

/* ---- running the interface ------------------------------------------------------- */

struct ui {
    char *dumps; /* the folder the dumps went to */
    int status;
    char *err;
};

/* Run `fenliu ui` on the steps SCRIPT at COLS x LINES, with EXTRA ("K=V",
 * may be NULL) in the environment. */
static struct ui ui_run(const char *db, const char *script, int cols, int lines,
                        const char *extra)
{
    struct ui u = {tu_fmt("%s/run-%d", W.dir, ++W.runs), 0, NULL};
    tu_mkdir_p(u.dumps);
    char *script_path = tu_fmt("%s/steps", u.dumps);
    tu_write_str(script_path, script);
    char *env[] = {
        "FENLIU_NOW=" TODAY, "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color",
        "NO_COLOR=", tu_fmt("LINES=%d", lines), tu_fmt("COLUMNS=%d", cols),
        tu_fmt("FENLIU_UI_SCRIPT=%s", script_path), tu_fmt("FENLIU_UI_DUMP_DIR=%s", u.dumps),
        (char *)extra, NULL,
    };
    char *argv[] = {(char *)tu_fenliu(), "ui", "--db", (char *)db, NULL};
    u.status = tu_run(argv, env, NULL, &u.err);
    for (int i = 5; i < 9; i++)
        free(env[i]);
    free(script_path);
    return u;
}

static void ui_free(struct ui *u)
{
    free(u->dumps);
    free(u->err);
}

static const char *login(void)
{
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name)
        return pw->pw_name;
    const char *user = getenv("USER");
    return user && *user ? user : "unknown";
}

/* S with every line ending in " by <the runner's login>" ending in
 * " by LOGIN" instead. */
static char *normalize(const char *s)
{
    char *tail = tu_fmt(" by %s", login());
    size_t tl = strlen(tail), n = 0;
    char *out = malloc(strlen(s) + 16 * (size_t)tu_count_lines(s, "") + 16);
    for (const char *p = s; *p;) {
        size_t len = strcspn(p, "\n");
        if (len >= tl && memcmp(p + len - tl, tail, tl) == 0) {
            memcpy(out + n, p, len - tl);
            n += len - tl;
            memcpy(out + n, " by LOGIN", 9);
            n += 9;
        } else {
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
        if (*p == '\n')
            out[n++] = *p++;
    }
    out[n] = '\0';
    free(tail);
    return out;
}

static void show_mismatch(const char *dumps, const char *name, const char *golden,
                          const char *expected, const char *actual)
{
    char *exp_path = tu_fmt("%s/%s.expected.txt", dumps, name);
    char *act_path = tu_fmt("%s/%s.actual.txt", dumps, name);
    tu_write_str(exp_path, expected ? expected : "");
    tu_write_str(act_path, actual);
    char *cmd = tu_fmt("diff -u '%s' '%s'", exp_path, act_path), *out;
    tu_sh(cmd, &out, NULL);
    fprintf(stderr, "screen %s differs from %s%s:\n%s\nexpected: %s\nactual:   %s\n", name,
            golden, expected ? "" : " (missing)", out, exp_path, act_path);
    W.keep = true;
    free(out);
    free(cmd);
    free(exp_path);
    free(act_path);
}

/* Whether dump NAME of U matches tests/golden/NAME.txt (with
 * FENLIU_UI_GOLDEN_UPDATE set: write it there, and say so). */
static bool golden(const struct ui *u, const char *name)
{
    char *path = tu_fmt("%s/%s.txt", u->dumps, name);
    char *raw = tu_read(path, NULL);
    if (!raw) {
        fprintf(stderr, "no dump %s (fenliu ui: status %d: %s)\n", path, u->status, u->err);
        free(path);
        return false;
    }
    char *actual = normalize(raw);
    char *gold = tu_fmt("%s/tests/golden/%s.txt", tu_srcdir(), name);
    char *expected = tu_read(gold, NULL);
    const char *update = getenv("FENLIU_UI_GOLDEN_UPDATE");
    bool ok = expected && strcmp(expected, actual) == 0;
    if (!ok && update && *update) {
        tu_write_str(gold, actual);
        fprintf(stderr, "wrote %s\n", gold);
        ok = true;
    } else if (!ok) {
        show_mismatch(u->dumps, name, gold, expected, actual);
    }
    free(path);
    free(raw);
    free(actual);
    free(gold);
    free(expected);
    return ok;
}

/* Run SCRIPT at COLS x LINES and check each dump in NAMES (NULL-ended). */
static void check_screens(const char *script, int cols, int lines, const char *extra, ...)
{
    struct ui u = ui_run(W.db, script, cols, lines, extra);
    if (u.status != 0)
        fprintf(stderr, "fenliu ui: status %d: %s\n", u.status, u.err);
    assert_int_equal(u.status, 0);
    int bad = 0;
    va_list ap;
    va_start(ap, extra);
    for (const char *name; (name = va_arg(ap, const char *)) != NULL;)
        bad += !golden(&u, name);
    va_end(ap);
    ui_free(&u);
    assert_int_equal(bad, 0);
}

/* ---- the screens ------------------------------------------------------------------- */

static void test_queue_80x24(void **state)
{
    (void)state;
    check_screens(":dump queue-80x24\n:dump-attrs queue-80x24.attrs\n", 80, 24, NULL,
                  "queue-80x24", "queue-80x24.attrs", NULL);
}

/* Paging through the list: the title always says how many rows there
 * are, which are shown and how many more. */
static void test_queue_pages(void **state)
{
    (void)state;
    check_screens("<PgDn>\n:dump queue-pgdn\nG\n:dump queue-last\n<PgUp>\nk\n:dump queue-pgup\n"
                  "g\n:dump queue-first\n",
                  80, 24, NULL, "queue-pgdn", "queue-last", "queue-pgup", "queue-first", NULL);
}

/* An accepted case with a clock running, scrolled to its end, and back. */
static void test_case_screen(void **state)
{
    (void)state;
    check_screens("j\n<Enter>\n:dump case-top\n:dump-attrs case-top.attrs\n<PgDn>\n"
                  ":dump case-pgdn\n:dump-attrs case-pgdn.attrs\nG\n:dump case-end\nq\n:dump case-back\n",
                  80, 24, NULL, "case-top", "case-top.attrs", "case-pgdn", "case-pgdn.attrs",
                  "case-end",
                  "case-back", NULL);
}

/* A case past its trial limit: its clock in red. */
static void test_overdue_case(void **state)
{
    (void)state;
    check_screens("j\nj\nj\nj\nj\n<Enter>\n:dump case-overdue\n:dump-attrs case-overdue.attrs\n",
                  80, 24, NULL, "case-overdue", "case-overdue.attrs", NULL);
}

static void test_help(void **state)
{
    (void)state;
    check_screens("?\n:dump help\n?\nq\n:dump help-back\n", 80, 24, NULL, "help", "help-back",
                  NULL);
}

/* Chinese text at 60 and 40 columns: columns still line up, long text
 * wraps under its label. */
static void test_narrow_chinese(void **state)
{
    (void)state;
    check_screens(":dump narrow-queue-60\nj\n<Enter>\n:dump narrow-case-60\n<PgDn>\n<PgDn>\n"
                  ":dump narrow-case-60-pgdn\n",
                  60, 20, NULL, "narrow-queue-60", "narrow-case-60", "narrow-case-60-pgdn", NULL);
    check_screens("G\n:dump narrow-queue-40\n", 40, 12, NULL, "narrow-queue-40", NULL);
}

/* The terminal changes size under each screen. */
static void test_resize(void **state)
{
    (void)state;
    check_screens("j\n<Resize 60x20>\n:dump resize-queue-60x20\n<Enter>\nj\nj\nj\n"
                  "<Resize 100x30>\n:dump resize-case-100x30\n<Resize 80x24>\nq\n"
                  ":dump resize-queue-80x24\n<Resize 15x4>\n:dump resize-tiny\n",
                  80, 24, NULL, "resize-queue-60x20", "resize-case-100x30",
                  "resize-queue-80x24", "resize-tiny", NULL);
}

static void test_monochrome(void **state)
{
    (void)state;
    check_screens(":dump-attrs mono-no-color\n", 80, 24, "NO_COLOR=1", "mono-no-color", NULL);
    check_screens(":dump-attrs mono-vt100\n", 80, 24, "TERM=vt100", "mono-vt100", NULL);
}

static void test_empty_database(void **state)
{
    (void)state;
    char *db = tu_fmt("%s/empty.db", W.dir);
    assert_true(fenliu_at(TODAY, "init", "--db", db, NULL));
    struct ui u = ui_run(db, ":dump empty\n", 80, 24, NULL);
    assert_int_equal(u.status, 0);
    assert_true(golden(&u, "empty"));
    ui_free(&u);
    free(db);
}

/* ---- safety and the edges ------------------------------------------------------------- */

/* Controls in a filing's text are shown, never sent to the terminal. */
static void test_controls_are_shown_not_sent(void **state)
{
    (void)state;
    /* ESC-1 arrived last, so it is the last but one of the queue: the last
     * is the accepted case whose trial limit runs longest. */
    struct ui u = ui_run(W.db, "G\nk\n<Enter>\n:dump esc\n", 100, 24, NULL);
    assert_int_equal(u.status, 0);
    char *path = tu_fmt("%s/esc.txt", u.dumps), *dump = tu_read(path, NULL);
    assert_non_null(dump);
    assert_null(strstr(dump, "\xc2\x9b"));
    assert_null(strstr(dump, "\xe2\x80\xae"));
    assert_non_null(strstr(dump, "买卖合同纠纷<U+009B>31m红<U+202E>"));
    free(dump);
    free(path);
    ui_free(&u);
}

/* docs/ui.md carries the key table the binary makes. */
static void test_key_docs_are_current(void **state)
{
    (void)state;
    char *argv[] = {(char *)tu_fenliu(), "ui", "--keys", NULL}, *out;
    assert_int_equal(tu_run(argv, NULL, &out, NULL), 0);
    char *doc_path = tu_fmt("%s/docs/ui.md", tu_srcdir()), *doc = tu_read(doc_path, NULL);
    assert_non_null(doc);
    assert_non_null(strstr(out, "| `?` | help |"));
    if (!strstr(doc, out))
        fprintf(stderr, "docs/ui.md lacks the key table; paste in `fenliu ui --keys`:\n%s", out);
    assert_non_null(strstr(doc, out));
    free(out);
    free(doc);
    free(doc_path);
}

static void test_bad_scripts(void **state)
{
    (void)state;
    struct ui u = ui_run(W.db, "j\n\n# a comment\n<Nope>\n", 80, 24, NULL);
    assert_int_equal(u.status, 2);
    assert_non_null(strstr(u.err, "/steps:4: \"<Nope>\": not a key"));
    ui_free(&u);
    u = ui_run(W.db, ":dump ../escape\n", 80, 24, NULL);
    assert_int_equal(u.status, 2);
    assert_non_null(strstr(u.err, ":1: \":dump ../escape\": a dump needs a NAME"));
    ui_free(&u);
    u = ui_run(W.db, "<Resize 0x10>\n", 80, 24, NULL);
    assert_int_equal(u.status, 2);
    ui_free(&u);
}

/* Without a terminal (and no script) the interface refuses; `fenliu`
 * alone prints the usage, which lists ui. */
static void test_needs_a_terminal(void **state)
{
    (void)state;
    char *argv[] = {(char *)tu_fenliu(), "ui", "--db", W.db, NULL}, *err;
    assert_int_equal(tu_run(argv, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "needs a terminal"));
    free(err);
    char *alone[] = {(char *)tu_fenliu(), NULL};
    assert_int_equal(tu_run(alone, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "  ui "));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_80x24),
        cmocka_unit_test(test_queue_pages),
        cmocka_unit_test(test_case_screen),
        cmocka_unit_test(test_overdue_case),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_narrow_chinese),
        cmocka_unit_test(test_resize),
        cmocka_unit_test(test_monochrome),
        cmocka_unit_test(test_empty_database),
        cmocka_unit_test(test_controls_are_shown_not_sent),
        cmocka_unit_test(test_key_docs_are_current),
        cmocka_unit_test(test_bad_scripts),
        cmocka_unit_test(test_needs_a_terminal),
    };
    return cmocka_run_group_tests(tests, make_world, remove_world);
}
