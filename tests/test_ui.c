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
 * as LOGIN.  Tests that take steps or keep notes use databases of their
 * own (own_db), so the screens of the others stay as they are. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "utf8.h"

#define TODAY "2026-03-02T09:15:00+08:00"

static struct {
    char *dir, *db;
    bool keep; /* a mismatch: leave the files for the developer */
} W;

/* ---- making the database ------------------------------------------------------- */

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
    bool ok =
        tu_fenliu_at("2025-10-01T08:00:00+08:00", NULL, "init", "--db", W.db, NULL) &&
        tu_fenliu_at("2025-10-01T09:00:00+08:00", NULL, "ingest", "--db", W.db, fixtures, NULL) &&
        generate(1, 8, old) && generate(9, 4, recent) &&
        tu_fenliu_at("2025-10-20T09:00:00+08:00", NULL, "ingest", "--db", W.db, old, NULL) &&
        tu_fenliu_at("2025-10-21T10:00:00+08:00", NULL, "case", "accept", "--db", W.db,
                     "WS-2026-0000008", NULL) &&
        tu_fenliu_at("2026-02-26T10:00:00+08:00", NULL, "ingest", "--db", W.db, recent, NULL) &&
        tu_fenliu_at("2026-02-27T10:00:00+08:00", NULL, "case", "accept", "--db", W.db,
                     "WS-2026-0000012", NULL) &&
        tu_fenliu_at(TODAY, NULL, "ingest", "--db", W.db, esc, NULL);
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

/* Run `fenliu ui` on DB with the steps SCRIPT at COLS x LINES, with EXTRA
 * ("K=V" lines, may be NULL) in the environment. */
static struct tu_ui ui_run(const char *db, const char *script, int cols, int lines,
                           const char *extra)
{
    return tu_ui_run(W.dir, db, TODAY, script, cols, lines, extra);
}

/* Whether dump NAME of U matches its golden (a mismatch keeps the files). */
static bool golden(const struct tu_ui *u, const char *name)
{
    bool ok = tu_golden(u, name);
    W.keep |= !ok;
    return ok;
}

/* Run SCRIPT on DB at COLS x LINES and check the dumps after LINES
 * (NULL-ended). */
static void check_db_screens(const char *db, const char *script, int cols, int lines, ...)
{
    struct tu_ui u = ui_run(db, script, cols, lines, NULL);
    va_list ap;
    va_start(ap, lines);
    int bad = tu_goldens(&u, ap);
    va_end(ap);
    W.keep |= bad > 0;
    tu_ui_free(&u);
    assert_int_equal(bad, 0);
}

/* The same on the world's database, with EXTRA in the environment. */
static void check_screens(const char *script, int cols, int lines, const char *extra, ...)
{
    struct tu_ui u = ui_run(W.db, script, cols, lines, extra);
    va_list ap;
    va_start(ap, extra);
    int bad = tu_goldens(&u, ap);
    va_end(ap);
    W.keep |= bad > 0;
    tu_ui_free(&u);
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
    assert_true(tu_fenliu_at(TODAY, NULL, "init", "--db", db, NULL));
    struct tu_ui u = ui_run(db, ":dump empty\n", 80, 24, NULL);
    assert_int_equal(u.status, 0);
    assert_true(golden(&u, "empty"));
    tu_ui_free(&u);
    free(db);
}

/* ---- safety and the edges ------------------------------------------------------------- */

/* Controls in a filing's text are shown, never sent to the terminal. */
static void test_controls_are_shown_not_sent(void **state)
{
    (void)state;
    /* ESC-1 arrived last, so it is the last but one of the queue: the last
     * is the accepted case whose trial limit runs longest. */
    struct tu_ui u = ui_run(W.db, "G\nk\n<Enter>\n:dump esc\n", 100, 24, NULL);
    assert_int_equal(u.status, 0);
    char *path = tu_fmt("%s/esc.txt", u.dumps), *dump = tu_read(path, NULL);
    assert_non_null(dump);
    assert_null(strstr(dump, "\xc2\x9b"));
    assert_null(strstr(dump, "\xe2\x80\xae"));
    assert_non_null(strstr(dump, "买卖合同纠纷<U+009B>31m红<U+202E>"));
    free(dump);
    free(path);
    tu_ui_free(&u);
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
    struct tu_ui u = ui_run(W.db, "j\n\n# a comment\n<Nope>\n", 80, 24, NULL);
    assert_int_equal(u.status, 2);
    assert_non_null(strstr(u.err, "/steps:4: \"<Nope>\": not a key"));
    tu_ui_free(&u);
    u = ui_run(W.db, ":dump ../escape\n", 80, 24, NULL);
    assert_int_equal(u.status, 2);
    assert_non_null(strstr(u.err, ":1: \":dump ../escape\": a dump needs a NAME"));
    tu_ui_free(&u);
    u = ui_run(W.db, "<Resize 0x10>\n", 80, 24, NULL);
    assert_int_equal(u.status, 2);
    tu_ui_free(&u);
}

/* ---- languages ------------------------------------------------------------------------ */

/* The environment of the interface in Chinese: zh_CN.UTF-8, which make
 * compiles into the build folder (LOCPATH: no system locale needed); the
 * catalog is the one beside the binary (build/locale). */
static char *zh_env(void)
{
    return tu_fmt("LOCPATH=%s/locales\nLANG=zh_CN.UTF-8\nLC_ALL=zh_CN.UTF-8", tu_build());
}

/* Dump NAME of U, or NULL. */
static char *dump_of(const struct tu_ui *u, const char *name)
{
    char *path = tu_fmt("%s/%s.txt", u->dumps, name), *s = tu_read(path, NULL);
    free(path);
    return s;
}

/* Whether every row of SCREEN fits in COLS columns (double-width
 * characters counted twice). */
static bool rows_fit(const char *screen, int cols)
{
    bool ok = true;
    for (const char *p = screen; *p;) {
        size_t len = strcspn(p, "\n");
        char *row = strndup(p, len);
        if (fl_utf8_width(row) > (size_t)cols) {
            fprintf(stderr, "wider than %d columns: %s\n", cols, row);
            ok = false;
        }
        free(row);
        p += len + (p[len] ? 1 : 0);
    }
    return ok;
}

/* Under zh_CN.UTF-8 the labels are Chinese: the queue's and the help's,
 * the title's counts and the status line's keys; keys and the actions'
 * names stay as they are. */
static void test_chinese_80x24(void **state)
{
    (void)state;
    char *zh = zh_env();
    check_screens(":dump zh-queue-80x24\n?\n:dump zh-help-80x24\n", 80, 24, zh,
                  "zh-queue-80x24", "zh-help-80x24", NULL);
    struct tu_ui u = ui_run(W.db, ":dump queue\n?\n:dump help\n", 80, 24, zh);
    char *queue = dump_of(&u, "queue"), *help = dump_of(&u, "help");
    assert_non_null(queue);
    assert_non_null(help);
    assert_non_null(strstr(queue, "? 帮助  q 退出"));
    assert_null(strstr(queue, "? help"));
    assert_non_null(strstr(help, "帮助：按键"));
    assert_non_null(strstr(help, "共 "));
    assert_non_null(strstr(help, "  j <Down>        move-down      下一行"));
    assert_non_null(strstr(help, "? 帮助  q 返回"));
    assert_true(rows_fit(queue, 80));
    assert_true(rows_fit(help, 80));
    free(queue);
    free(help);
    tu_ui_free(&u);
    free(zh);
}

/* Narrow: the double-width labels still line up, and what does not fit
 * is cut with … inside its column, never past the edge. */
static void test_chinese_narrow(void **state)
{
    (void)state;
    char *zh = zh_env();
    check_screens(":dump zh-queue-40x12\n?\n:dump zh-help-40x12\n<Resize 30x8>\n"
                  ":dump zh-help-30x8\n",
                  40, 12, zh, "zh-queue-40x12", "zh-help-40x12", "zh-help-30x8", NULL);
    struct tu_ui u =
        ui_run(W.db, ":dump queue\n?\n:dump help\n<Resize 30x8>\n:dump help30\n", 40, 12, zh);
    char *queue = dump_of(&u, "queue"), *help = dump_of(&u, "help");
    char *help30 = dump_of(&u, "help30");
    assert_non_null(queue);
    assert_non_null(help);
    assert_non_null(help30);
    assert_true(rows_fit(queue, 40));
    assert_true(rows_fit(help, 40));
    assert_true(rows_fit(help30, 30));
    assert_non_null(strstr(queue, "…"));
    /* The help's title gives way to its counts: cut with …, then gone;
     * the counts and the keys stay. */
    assert_non_null(strstr(help, "帮助：…"));
    assert_non_null(strstr(help30, "共 "));
    assert_non_null(strstr(help30, "? 帮助  q 返回"));
    free(queue);
    free(help);
    free(help30);
    tu_ui_free(&u);
    free(zh);
}

/* Any other locale is English, though the Chinese catalog is there: C.UTF-8,
 * and LANG=zh_CN.UTF-8 overridden by LC_ALL=C.UTF-8. */
static void test_english_otherwise(void **state)
{
    (void)state;
    char *zh = tu_fmt("LOCPATH=%s/locales\nLANG=zh_CN.UTF-8", tu_build());
    const char *envs[] = {NULL, zh};
    for (size_t i = 0; i < 2; i++) {
        struct tu_ui u = ui_run(W.db, ":dump queue\n?\n:dump help\n", 80, 24, envs[i]);
        char *queue = dump_of(&u, "queue"), *help = dump_of(&u, "help");
        assert_non_null(queue);
        assert_non_null(help);
        assert_non_null(strstr(queue, "? help  q quit"));
        assert_non_null(strstr(help, "Help: keys"));
        assert_non_null(strstr(help, "next line"));
        assert_null(strstr(help, "帮助"));
        free(queue);
        free(help);
        tu_ui_free(&u);
    }
    free(zh);
}

/* Only the interface speaks Chinese: `fenliu ui --keys` (the docs' table)
 * and the other commands, their errors and the C library's, stay English. */
static void test_command_line_stays_english(void **state)
{
    (void)state;
    char *locpath = tu_fmt("LOCPATH=%s/locales", tu_build());
    char *env[] = {locpath, "LANG=zh_CN.UTF-8", "LC_ALL=zh_CN.UTF-8", "LANGUAGE=", NULL};
    char *keys[] = {(char *)tu_fenliu(), "ui", "--keys", NULL}, *out, *err;
    assert_int_equal(tu_run(keys, env, &out, NULL), 0);
    assert_non_null(strstr(out, "| `?` | help | this help: every key |"));
    free(out);
    char *ingest[] = {(char *)tu_fenliu(), "ingest", "--db", W.db, "/nonexistent", NULL};
    tu_run(ingest, env, &out, &err);
    assert_non_null(strstr(out, "No such file or directory"));
    free(out);
    free(err);
    char *bad[] = {(char *)tu_fenliu(), "cases", "--bogus", NULL};
    assert_int_equal(tu_run(bad, env, NULL, &err), 2);
    assert_non_null(strstr(err, "unrecognized option"));
    free(err);
    free(locpath);
}

/* Every label of the interface has its Chinese: the template made from
 * the sources (build/po/fenliu.pot) against ui/po/zh_CN.po. */
static void test_every_label_translated(void **state)
{
    (void)state;
    char *cmd = tu_fmt("msgcmp '%s/ui/po/zh_CN.po' '%s/po/fenliu.pot'", tu_srcdir(), tu_build());
    char *out, *err;
    int rc = tu_sh(cmd, &out, &err);
    if (rc != 0)
        fprintf(stderr,
                "labels without Chinese (or fuzzy) in ui/po/zh_CN.po:\n%s%s"
                "run `make po`, translate them in ui/po/zh_CN.po, then `make check`\n",
                out, err);
    assert_int_equal(rc, 0);
    free(out);
    free(err);
    free(cmd);
}

/* ---- steps and notes on the case screen ---------------------------------------------- */

/* A database of its own, NAME.db, for a test that changes it: made by
 * `init` (the runner is its admin; with READ_ONLY it has no users, so the
 * runner is no user), with the filings IDS (NULL-ended), received on
 * 2026-03-01.  The first of them heads the queue. */
static char *own_db(const char *name, bool read_only, ...)
{
    char *db = tu_fmt("%s/%s.db", W.dir, name), *in = tu_fmt("%s/%s-in", W.dir, name);
    const char *at = "2026-03-01T09:00:00+08:00";
    tu_mkdir_p(in);
    va_list ap;
    va_start(ap, read_only);
    int seq = 0;
    for (const char *id; (id = va_arg(ap, const char *)) != NULL;) {
        char *path = tu_fmt("%s/%02d.xml", in, ++seq);
        char *doc = tu_filing(id, "买卖合同纠纷", "判令被告支付货款人民币叁万贰仟元整");
        tu_write_str(path, doc);
        free(doc);
        free(path);
    }
    va_end(ap);
    bool ok = tu_fenliu_at(at, NULL, "init", "--db", db, NULL);
    if (ok && read_only)
        tu_forget_users(db);
    ok = ok && tu_fenliu_at(at, NULL, "ingest", "--db", db, in, NULL);
    free(in);
    assert_true(ok);
    return db;
}

/* The form of `a`: the steps the role may take now as choices, Tab
 * completing, a step that is not one of them, Esc cancelling. */
static void test_action_form(void **state)
{
    (void)state;
    char *db = own_db("act-form", false, "AF-1", NULL);
    check_db_screens(db,
                     "<Enter>\n:dump act-case\na\n:dump act-form\n:type ac\n<Tab>\n"
                     ":dump act-tab\n<Esc>\n:dump act-cancel\na\n:type assign\n<Enter>\n"
                     ":dump act-wrong\n<Esc>\n",
                     80, 24, "act-case", "act-form", "act-tab", "act-cancel", "act-wrong", NULL);
    free(db);
}

/* Accepting from the screen: the case gets its number, the screen and the
 * queue under it show it at once, and the event names who did it. */
static void test_accept_from_the_screen(void **state)
{
    (void)state;
    char *db = own_db("act-accept", false, "AA-1", NULL);
    check_db_screens(db,
                     "<Enter>\na\n:type accept\n<Enter>\n:dump act-accept-reason\n<Enter>\n"
                     ":dump act-accept-day\n<Enter>\n:dump act-accepted\nG\n"
                     ":dump act-accepted-events\nq\n:dump act-accepted-queue\n",
                     80, 24, "act-accept-reason", "act-accept-day", "act-accepted",
                     "act-accepted-events", "act-accepted-queue", NULL);
    char *out, *argv[] = {(char *)tu_fenliu(), "case", "show", "AA-1", "--db", db, NULL};
    assert_int_equal(tu_run(argv, NULL, &out, NULL), 0);
    char *by = tu_fmt("accept           by %s: case_no=(2026)川0191民初1号", tu_login());
    assert_non_null(strstr(out, by));
    free(by);
    free(out);
    free(db);
}

/* A step the case's state refuses: the lifecycle's reason on the status
 * line, nothing recorded; and a date that is not one is asked again. */
static void test_refused_step(void **state)
{
    (void)state;
    char *db = own_db("act-refused", false, "AR-1", NULL);
    assert_true(tu_fenliu_at(TODAY, NULL, "case", "accept", "--db", db, "AR-1", NULL));
    assert_true(tu_fenliu_at(TODAY, NULL, "case", "suspend", "--db", db, "AR-1", "--kind",
                             "appraisal", "--until", "2026-04-01", NULL));
    check_db_screens(db,
                     "<Enter>\na\n:type suspend\n<Enter>\n:type appraisal\n<Enter>\n"
                     ":type 2026-04-15\n<Enter>\n<Enter>\n<C-u>\n:type 2026-02-31\n<Enter>\n"
                     ":dump act-bad-date\n<Enter>\n<Enter>\n<Enter>\n<C-u>\n:type 2026-03-02\n"
                     "<Enter>\n:dump act-refused\n",
                     80, 24, "act-bad-date", "act-refused", NULL);
    char *out, *argv[] = {(char *)tu_fenliu(), "case", "show", "AR-1", "--db", db, NULL};
    assert_int_equal(tu_run(argv, NULL, &out, NULL), 0);
    assert_int_equal(tu_count_lines(out, "suspend "), 1); /* the CLI's only */
    free(out);
    free(db);
}

/* A login that is not a user reads everything and changes nothing. */
static void test_read_only_login(void **state)
{
    (void)state;
    char *db = own_db("read-only", true, "RO-1", NULL);
    check_db_screens(db, ":dump ro-queue\n<Enter>\n:dump ro-case\na\n:dump ro-act\nn\n"
                         ":dump ro-note\n",
                     140, 24, "ro-queue", "ro-case", "ro-act", "ro-note", NULL);
    free(db);
}

/* Notes: shared and private, attributed with their time, Chinese text
 * wrapped under its indent; never edited, so the screen only adds. */
static void test_notes(void **state)
{
    (void)state;
    char *db = own_db("notes", false, "NT-1", NULL);
    check_db_screens(db,
                     "<Enter>\nn\n:dump note-form\n:type s\n<Enter>\n:dump note-text\n"
                     ":type 当事人电话已核实，原告同意调解\n<Enter>\n:dump note-shared\n"
                     "n\n:type p\n<Tab>\n<Enter>\n"
                     ":type 注意：鉴定费尚未缴纳，下周一前联系原告代理人补交，逾期未交的，按撤回"
                     "起诉处理，并告知被告。\n"
                     "<Enter>\nG\n:dump note-private\n",
                     80, 24, "note-form", "note-text", "note-shared", "note-private", NULL);
    char *out, *argv[] = {(char *)tu_fenliu(), "case", "show", "NT-1", "--db", db, NULL};
    assert_int_equal(tu_run(argv, NULL, &out, NULL), 0);
    assert_non_null(strstr(out, "当事人电话已核实，原告同意调解"));
    assert_non_null(strstr(out, "(private): 注意：鉴定费尚未缴纳"));
    free(out);
    free(db);
}

/* ---- two terminals on one database: the script comes through a FIFO ---------------- */

struct live {
    pid_t pid;
    int fd; /* the script's write end */
    int syncs;
    struct tu_ui u; /* dumps go to u.dumps */
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Start `fenliu ui` on DB at COLS x LINES reading its steps from a FIFO. */
static void live_start(struct live *l, const char *db, int cols, int lines)
{
    memset(l, 0, sizeof *l);
    l->u.dumps = tu_ui_dumps(W.dir);
    char *fifo = tu_fmt("%s/steps", l->u.dumps), *log = tu_fmt("%s/stderr", l->u.dumps);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    char **env = tu_ui_env(TODAY, fifo, l->u.dumps, cols, lines, NULL);
    l->pid = fork();
    if (l->pid == 0) {
        int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644), in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        for (int i = 0; env[i]; i++)
            putenv(env[i]);
        execl(tu_fenliu(), tu_fenliu(), "ui", "--db", db, (char *)NULL);
        _exit(127);
    }
    tu_ui_env_free(env);
    /* The interface opens the script as it starts: wait for it (ENXIO: no
     * reader yet), at most 20 seconds. */
    double until = now_s() + 20;
    while ((l->fd = open(fifo, O_WRONLY | O_NONBLOCK)) < 0 && errno == ENXIO && now_s() < until)
        usleep(10000);
    assert_true(l->fd >= 0);
    fcntl(l->fd, F_SETFL, fcntl(l->fd, F_GETFL) & ~O_NONBLOCK);
    free(fifo);
    free(log);
}

static void live_send(struct live *l, const char *steps)
{
    size_t n = strlen(steps);
    assert_int_equal(write(l->fd, steps, n), (ssize_t)n);
}

/* Send STEPS and wait until the interface has taken them all (a dump
 * after them has been written). */
static void live_do(struct live *l, const char *steps)
{
    live_send(l, steps);
    char *name = tu_fmt("sync%d", ++l->syncs), *line = tu_fmt(":dump %s\n", name);
    char *path = tu_fmt("%s/%s.txt", l->u.dumps, name);
    live_send(l, line);
    double until = now_s() + 30;
    while (!tu_exists(path) && now_s() < until)
        usleep(10000);
    assert_true(tu_exists(path));
    free(name);
    free(line);
    free(path);
}

static void live_end(struct live *l)
{
    close(l->fd);
    l->u.status = tu_wait(l->pid);
    char *log = tu_fmt("%s/stderr", l->u.dumps);
    l->u.err = tu_read(log, NULL);
    free(log);
    if (l->u.status != 0)
        fprintf(stderr, "fenliu ui: status %d: %s\n", l->u.status, l->u.err);
    assert_int_equal(l->u.status, 0);
}

/* One terminal has the case open and is answering the form of `accept`
 * when another accepts it (here the command line): the first one's step
 * is refused, naming what changed, who did it and when; nothing is
 * recorded twice, and its screen shows the case as it is now. */
static void test_conflicting_steps(void **state)
{
    (void)state;
    char *db = own_db("conflict", false, "CF-1", NULL);
    struct live l;
    live_start(&l, db, 160, 30);
    live_do(&l, "<Enter>\na\n:type accept\n<Enter>\n<Enter>\n:dump conflict-form\n");
    assert_true(tu_fenliu_at(TODAY, NULL, "case", "accept", "--db", db, "CF-1", NULL));
    live_do(&l, "<Enter>\n:dump conflict-refused\nG\n:dump conflict-events\n");
    live_end(&l);
    int bad = !golden(&l.u, "conflict-form") + !golden(&l.u, "conflict-refused") +
              !golden(&l.u, "conflict-events");
    char *out, *argv[] = {(char *)tu_fenliu(), "case", "show", "CF-1", "--db", db, NULL};
    assert_int_equal(tu_run(argv, NULL, &out, NULL), 0);
    assert_int_equal(tu_count_lines(out, "accept "), 1);
    free(out);
    tu_ui_free(&l.u);
    free(db);
    assert_int_equal(bad, 0);
}

/* Another writer holds the database: the step fails soon (300 ms) with a
 * message, the answers are kept, and Enter tries again. */
static void test_busy_database_keeps_the_answers(void **state)
{
    (void)state;
    char *db = own_db("busy", false, "BZ-1", NULL);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    struct live l;
    live_start(&l, db, 200, 24);
    live_do(&l, "<Enter>\na\n:type accept\n<Enter>\n:type 材料齐全\n<Enter>\n");
    assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    live_do(&l, "<Enter>\n:dump busy\n");
    assert_int_equal(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    live_do(&l, "<Enter>\n<Enter>\n:dump busy-retried\n");
    live_end(&l);
    sqlite3_close(h);
    char *busy = tu_fmt("%s/busy.txt", l.u.dumps), *retried = tu_fmt("%s/busy-retried.txt",
                                                                      l.u.dumps);
    char *b = tu_read(busy, NULL), *r = tu_read(retried, NULL);
    assert_non_null(b);
    assert_non_null(r);
    assert_non_null(strstr(b, "the database is busy"));
    assert_non_null(strstr(b, "your answers are kept: Enter tries again"));
    assert_non_null(strstr(b, "(1/2) reason (may be empty): 材料齐全"));
    assert_non_null(strstr(r, "accept recorded: (2026)川0191民初1号 is accepted"));
    char *out, *argv[] = {(char *)tu_fenliu(), "case", "show", "BZ-1", "--db", db, NULL};
    assert_int_equal(tu_run(argv, NULL, &out, NULL), 0);
    assert_non_null(strstr(out, "reason: 材料齐全"));
    free(out);
    free(b);
    free(r);
    free(busy);
    free(retried);
    tu_ui_free(&l.u);
    free(db);
}

/* ---- the queue: filters, search, a clerk's order ------------------------------------- */

/* A copy of the world, NAME.db, where WS-2026-0000008 is assigned to
 * 王法官 and WS-2026-0000012 to 李法官; with ROLE (not NULL) the runner's
 * role. */
static char *queue_db(const char *name, const char *role)
{
    char *db = tu_fmt("%s/%s.db", W.dir, name);
    char *cmd = tu_fmt("sqlite3 '%s' \".backup '%s'\"", W.db, db);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    free(cmd);
    assert_true(tu_fenliu_at("2025-10-22T10:00:00+08:00", NULL, "case", "assign", "--db", db,
                             "--judge", "王法官", "WS-2026-0000008", NULL));
    assert_true(tu_fenliu_at("2026-02-28T10:00:00+08:00", NULL, "case", "assign", "--db", db,
                             "--judge", "李法官", "WS-2026-0000012", NULL));
    if (role)
        assert_true(
            tu_fenliu_at(TODAY, NULL, "user", "add", "--db", db, tu_login(), "--role", role, NULL));
    return db;
}

/* f asks the field, then its value among those the cases have; each
 * field filters, and the title says by what, with the cases per track. */
static void test_queue_filter_each_field(void **state)
{
    (void)state;
    char *db = queue_db("queue-filters", NULL);
    check_db_screens(db,
                     "f\n:dump queue-ask-field\n:type track\n<Enter>\n:dump queue-ask-track\n"
                     ":type complex\n<Enter>\n:dump queue-f-track\n"
                     "F\nf\n:type proc\n<Enter>\n:type small-claims\n<Enter>\n"
                     ":dump queue-f-procedure\n"
                     "F\nf\n:type flag\n<Enter>\n:dump queue-ask-flag\n<Tab>\n<Enter>\n"
                     ":dump queue-f-flag\n"
                     "F\nf\n:type judge\n<Enter>\n:dump queue-ask-judge\n:type 王法官\n<Enter>\n"
                     ":dump queue-f-judge\n"
                     "f\n:type state\n<Enter>\n:dump queue-ask-state\n<Esc>\n"
                     "F\nf\n:type state\n<Enter>\n:type trial\n<Enter>\n:dump queue-f-state\n",
                     80, 24, "queue-ask-field", "queue-ask-track", "queue-f-track",
                     "queue-f-procedure", "queue-ask-flag", "queue-f-flag", "queue-ask-judge",
                     "queue-f-judge", "queue-ask-state", "queue-f-state", NULL);
    free(db);
}

/* / searches case numbers, filing ids (any case of letters), causes and
 * party names; filters and a search go together; F clears them all.  The
 * rows found keep their colours: overdue red, due soon yellow. */
static void test_queue_search_and_clear(void **state)
{
    (void)state;
    char *db = queue_db("queue-search", NULL);
    check_db_screens(db,
                     "/\n:type 买卖\n<Enter>\n:dump queue-search-cause\n"
                     ":dump-attrs queue-search-cause.attrs\n"
                     "/\n:dump queue-search-again\n<C-u>\n:type ws-2026-0000012\n<Enter>\n"
                     ":dump queue-search-id\n"
                     "/\n<C-u>\n:type 张某\n<Enter>\nf\n:type track\n<Enter>\n:type simple\n"
                     "<Enter>\n:dump queue-search-party-simple\n"
                     "F\n:dump queue-cleared\nF\n:dump queue-nothing-to-clear\n",
                     80, 24, "queue-search-cause", "queue-search-cause.attrs",
                     "queue-search-again", "queue-search-id",
                     "queue-search-party-simple", "queue-cleared", "queue-nothing-to-clear",
                     NULL);
    free(db);
}

/* Filters stay through paging, reading again (R) and coming back from a
 * case; a search nothing matches says so. */
static void test_queue_filters_stay(void **state)
{
    (void)state;
    char *db = queue_db("queue-stay", NULL);
    check_db_screens(db,
                     "f\n:type track\n<Enter>\n:type simple\n<Enter>\n<PgDn>\n"
                     ":dump queue-f-pgdn\nR\n:dump queue-f-reload\n<Enter>\nq\n"
                     ":dump queue-f-back\nG\n:dump queue-f-last\n"
                     "/\n:type 没有这个当事人\n<Enter>\n:dump queue-f-none\n",
                     80, 24, "queue-f-pgdn", "queue-f-reload", "queue-f-back", "queue-f-last",
                     "queue-f-none", NULL);
    free(db);
}

/* Another terminal assigns a case to the judge filtered by: the queue is
 * read again, the filter kept, and the case shows with no key of ours
 * but a redraw. */
static void test_queue_filters_survive_refresh(void **state)
{
    (void)state;
    char *db = queue_db("queue-live", NULL);
    struct live l;
    live_start(&l, db, 80, 24);
    live_do(&l, "f\n:type judge\n<Enter>\n:type 王法官\n<Enter>\n:dump queue-live-before\n");
    assert_true(tu_fenliu_at("2026-03-01T10:00:00+08:00", NULL, "case", "accept", "--db", db,
                             "WS-2026-0000009", NULL));
    assert_true(tu_fenliu_at(TODAY, NULL, "case", "assign", "--db", db, "--judge", "王法官",
                             "WS-2026-0000009", NULL));
    live_do(&l, "<C-l>\n:dump queue-live-after\n");
    live_end(&l);
    int bad = !golden(&l.u, "queue-live-before") + !golden(&l.u, "queue-live-after");
    tu_ui_free(&l.u);
    free(db);
    assert_int_equal(bad, 0);
}

/* Chinese in the search and the title at 60 columns. */
static void test_queue_search_narrow(void **state)
{
    (void)state;
    char *db = queue_db("queue-narrow", NULL);
    check_db_screens(db,
                     "/\n:type 劳务合同\n<Enter>\n:dump queue-search-60\n"
                     "f\n:type judge\n<Enter>\n:dump queue-ask-60\n<Esc>\n/\n<C-u>\n:type 陈㐀\n"
                     "<Enter>\n:dump queue-search-60-rare\n",
                     60, 20, "queue-search-60", "queue-ask-60", "queue-search-60-rare", NULL);
    free(db);
}

/* A clerk's queue: the filings awaiting acceptance first, then the
 * accepted cases, each part most urgent first. */
static void test_queue_clerk_order(void **state)
{
    (void)state;
    char *db = queue_db("queue-clerk", "clerk");
    check_db_screens(db, "G\n:dump queue-clerk-last\n", 100, 24, "queue-clerk-last", NULL);
    free(db);
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
        cmocka_unit_test(test_action_form),
        cmocka_unit_test(test_accept_from_the_screen),
        cmocka_unit_test(test_refused_step),
        cmocka_unit_test(test_read_only_login),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_conflicting_steps),
        cmocka_unit_test(test_busy_database_keeps_the_answers),
        cmocka_unit_test(test_queue_filter_each_field),
        cmocka_unit_test(test_queue_search_and_clear),
        cmocka_unit_test(test_queue_filters_stay),
        cmocka_unit_test(test_queue_filters_survive_refresh),
        cmocka_unit_test(test_queue_search_narrow),
        cmocka_unit_test(test_queue_clerk_order),
        cmocka_unit_test(test_needs_a_terminal),
        cmocka_unit_test(test_chinese_80x24),
        cmocka_unit_test(test_chinese_narrow),
        cmocka_unit_test(test_english_otherwise),
        cmocka_unit_test(test_command_line_stays_english),
        cmocka_unit_test(test_every_label_translated),
    };
    return cmocka_run_group_tests(tests, make_world, remove_world);
}
