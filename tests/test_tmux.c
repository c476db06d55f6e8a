/* The terminal interface end to end: the real binary in a real terminal.
 *
 * tmux plays the terminal: `fenliu ui` runs in a detached session of
 * 100x30 (TERM=xterm-256color, LANG=C.UTF-8, the clock pinned) on a
 * database made here — filings from build/fgen, a few accepted — and the
 * tests send it keys and read the pane (capture-pane), as a user would.
 * Each wait polls the pane until what is expected shows, or fails after a
 * timeout with the last screen printed: no fixed sleeps.
 *
 * The tests run in order on the one session: the queue shows; j and Enter
 * open the case under the cursor and q comes back; ? shows the help; a case
 * accepted from the command line by another process shows without a key
 * pressed (the interface polls the database every quarter second); the
 * window shrinks and the screen is drawn again to its size; q quits and the
 * session ends with fenliu's status 0.
 *
 * tmux runs on a private socket in the test's folder (-S), with no
 * configuration of the user's (-f): it never touches the user's tmux.
 * Needs tmux (make deps installs it); without it the tests fail, saying so. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "testutil.h"
#include "utf8.h"

#define TODAY "2026-03-02T09:15:00+08:00"
#define COLS0 100
#define LINES0 30
#define COLS1 80
#define LINES1 24
#define FILINGS 24 /* all on one screen at 100x30 (27 rows), not at 80x24 */
#define START_MS 15000 /* the interface starts (slower under sanitizers) */
#define KEY_MS 5000    /* a key's effect shows */
#define CHANGE_MS 2500 /* another process's change shows, no key pressed */

static struct {
    char *dir, *db, *sock, *conf;
    bool started;
} T;

/* ---- helpers ------------------------------------------------------------------------ */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* Run tmux ARGS (a shell fragment) on the private server; its output in
 * *OUT when OUT is not NULL.  Returns its status. */
static int tmux(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int tmux(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *args = NULL;
    if (vasprintf(&args, fmt, ap) < 0)
        abort();
    va_end(ap);
    /* Not inside the user's tmux ($TMUX), the shell for the pane's command
     * /bin/sh whatever the user's is, and tmux in UTF-8. */
    char *cmd = tu_fmt("env -u TMUX SHELL=/bin/sh LC_ALL=C.UTF-8 tmux -u -f '%s' -S '%s' %s",
                       T.conf, T.sock, args);
    char *err = NULL;
    int rc = tu_sh(cmd, out, &err);
    if (rc != 0 && err && *err && !strstr(args, "has-session"))
        fprintf(stderr, "tmux %s: status %d: %s", args, rc, err);
    free(err);
    free(cmd);
    free(args);
    return rc;
}

/* The pane's text, one line per row (NULL when the session is gone). */
static char *capture(void)
{
    char *out = NULL;
    if (tmux(&out, "capture-pane -p -t fl") != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Line Y (0-based) of SCREEN, malloc'd ("" past the end). */
static char *line_of(const char *screen, int y)
{
    const char *p = screen;
    for (int i = 0; i < y && p; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return strdup("");
    return strndup(p, strcspn(p, "\n"));
}

/* Whether PRED holds of the pane within MS milliseconds; the elapsed time
 * in *WAITED (may be NULL).  On a timeout the last screen is printed. */
typedef bool (*pred_fn)(const char *screen, const void *arg);
static bool wait_for(pred_fn pred, const void *arg, double ms, double *waited, const char *what)
{
    double t0 = now_ms();
    char *screen = NULL;
    bool ok = false;
    do {
        free(screen);
        screen = capture();
        if (screen && pred(screen, arg)) {
            ok = true;
            break;
        }
        sleep_ms(40);
    } while (now_ms() - t0 < ms);
    if (waited)
        *waited = now_ms() - t0;
    if (!ok)
        fprintf(stderr, "waited %.0f ms for %s; the pane shows:\n%s\n", now_ms() - t0, what,
                screen ? screen : "(no session)");
    free(screen);
    return ok;
}

static bool has_text(const char *screen, const void *needle)
{
    return strstr(screen, needle) != NULL;
}

static bool wait_text(const char *needle, double ms)
{
    char *what = tu_fmt("\"%s\"", needle);
    bool ok = wait_for(has_text, needle, ms, NULL, what);
    free(what);
    return ok;
}

/* The queue is the screen: its title and column headings. */
static bool is_queue(const char *screen, const void *arg)
{
    (void)arg;
    char *title = line_of(screen, 0), *head = line_of(screen, 1);
    bool ok = strstr(title, "cases") && strstr(head, "CASE") && strstr(head, "FILING");
    free(title);
    free(head);
    return ok;
}

/* The filing id (WS-2026-NNNNNNN) on line Y of SCREEN, or NULL. */
static char *filing_on(const char *screen, int y)
{
    char *line = line_of(screen, y), *p = strstr(line, "WS-2026-"), *id = NULL;
    if (p)
        id = strndup(p, strspn(p, "WS-0123456789"));
    free(line);
    return id;
}

/* ---- the session ---------------------------------------------------------------------- */

static int start(void **state)
{
    (void)state;
    T.dir = tu_mkdtemp();
    T.db = tu_fmt("%s/fenliu.db", T.dir);
    T.sock = tu_fmt("%s/tmux.sock", T.dir);
    T.conf = tu_fmt("%s/tmux.conf", T.dir);
    /* No status bar: the pane is the whole 100x30 window. */
    tu_write_str(T.conf, "set -g status off\n");
    char *filings = tu_fmt("%s/filings", T.dir);
    char *gen = tu_fmt("'%s' --seed 7 --count %d --out '%s' >/dev/null", tu_fgen(), FILINGS,
                       filings);
    bool ok =
        tu_sh(gen, NULL, NULL) == 0 &&
        tu_fenliu_at("2026-02-27T09:00:00+08:00", NULL, "init", "--db", T.db, NULL) &&
        tu_fenliu_at("2026-02-27T09:00:00+08:00", NULL, "config", "set", "court_code", "川0191",
                     "--db", T.db, NULL) &&
        tu_fenliu_at("2026-02-27T09:30:00+08:00", NULL, "ingest", "--db", T.db, filings, NULL);
    for (int i = 1; ok && i <= 3; i++) {
        char *id = tu_fmt("WS-2026-%07d", i);
        ok = tu_fenliu_at("2026-02-27T10:00:00+08:00", NULL, "case", "accept", "--db", T.db, id,
                          NULL);
        free(id);
    }
    free(gen);
    free(filings);
    if (!ok)
        return -1;
    char *version = NULL;
    if (tu_sh("tmux -V", &version, NULL) != 0) {
        fprintf(stderr, "tmux is missing: `make deps` installs it\n");
        free(version);
        return -1;
    }
    free(version);
    /* fenliu's status goes to ui.status when it ends; its errors to ui.err. */
    T.started =
        tmux(NULL,
             "new-session -d -s fl -x %d -y %d \"cd '%s' && env TERM=xterm-256color "
             "LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= FENLIU_NOW=%s FENLIU_UI_SCRIPT= "
             "'%s' ui --db '%s' 2>ui.err; echo \\$? >ui.status\"",
             COLS0, LINES0, T.dir, TODAY, tu_fenliu(), T.db) == 0;
    return T.started ? 0 : -1;
}

static int stop(void **state)
{
    (void)state;
    if (T.sock)
        tmux(NULL, "kill-server 2>/dev/null");
    if (T.dir)
        tu_rmtree(T.dir);
    free(T.dir);
    free(T.db);
    free(T.sock);
    free(T.conf);
    return 0;
}

/* ---- the tests ------------------------------------------------------------------------- */

/* The queue fills the 100x30 terminal: every case, the counts in the title
 * and the keys on the status line. */
static void test_queue_shows(void **state)
{
    (void)state;
    assert_true(wait_for(is_queue, NULL, START_MS, NULL, "the queue"));
    char *screen = capture();
    assert_non_null(screen);
    char *title = line_of(screen, 0), *status = line_of(screen, LINES0 - 1);
    char *count = tu_fmt("%d cases; showing 1–%d", FILINGS, FILINGS);
    assert_non_null(strstr(title, count));
    assert_int_equal(fl_utf8_width(title), COLS0); /* the counts end at the right edge */
    assert_non_null(strstr(status, "? help  q quit"));
    int rows = 0; /* every case has its row */
    for (int y = 2; y < LINES0 - 1; y++) {
        char *id = filing_on(screen, y);
        rows += id != NULL;
        free(id);
    }
    assert_int_equal(rows, FILINGS);
    free(count);
    free(title);
    free(status);
    free(screen);
}

/* The case screen of filing ARG[0]: not the queue, ARG[0] on it, and
 * ARG[1] (the queue's first row) not. */
static bool is_case(const char *screen, const void *arg)
{
    char *const *ids = arg;
    return !is_queue(screen, NULL) && strstr(screen, ids[0]) && !strstr(screen, ids[1]);
}

/* j moves to the second row, Enter opens that case (and only it), q comes
 * back to the queue. */
static void test_open_case_and_back(void **state)
{
    (void)state;
    char *screen = capture();
    assert_non_null(screen);
    char *first = filing_on(screen, 2), *second = filing_on(screen, 3);
    free(screen);
    assert_non_null(first);
    assert_non_null(second);
    assert_int_equal(tmux(NULL, "send-keys -t fl j"), 0);
    /* The status line speaks of the row under the cursor. */
    char *said = tu_fmt("%s:", second);
    assert_true(wait_text(said, KEY_MS));
    assert_int_equal(tmux(NULL, "send-keys -t fl Enter"), 0);
    char *ids[] = {second, first};
    assert_true(wait_for(is_case, ids, KEY_MS, NULL, "the case screen"));
    assert_int_equal(tmux(NULL, "send-keys -t fl q"), 0);
    assert_true(wait_for(is_queue, NULL, KEY_MS, NULL, "the queue again"));
    assert_true(wait_text(first, KEY_MS));
    free(said);
    free(first);
    free(second);
}

/* ? shows every key; q goes back to the queue. */
static void test_help(void **state)
{
    (void)state;
    assert_int_equal(tmux(NULL, "send-keys -t fl ?"), 0);
    assert_true(wait_text("Help: keys", KEY_MS));
    assert_true(wait_text("move-down", KEY_MS));
    assert_int_equal(tmux(NULL, "send-keys -t fl q"), 0);
    assert_true(wait_for(is_queue, NULL, KEY_MS, NULL, "the queue after the help"));
}

/* Another process accepts a filing on the screen: its case number shows
 * within a couple of seconds, with no key pressed. */
static void test_sees_others_changes(void **state)
{
    (void)state;
    const char *id = "WS-2026-0000010";
    char *screen = capture(), *out = NULL;
    assert_non_null(screen);
    assert_non_null(strstr(screen, id));
    free(screen);
    assert_true(tu_fenliu_at(TODAY, &out, "case", "accept", "--db", T.db, id, NULL));
    /* "(2026)川0191民初4号 WS-2026-0000010: accepted, …" */
    char *case_no = strndup(out, strcspn(out, " "));
    free(out);
    assert_non_null(strstr(case_no, "川0191"));
    double waited = 0;
    bool shown = wait_for(has_text, case_no, CHANGE_MS, &waited, case_no);
    fprintf(stderr, "the accepted case showed after %.0f ms\n", waited);
    assert_true(shown);
    free(case_no);
}

/* How many cases' search words are not indexed yet (-1: unreadable). */
static int64_t words_left(void)
{
    sqlite3 *h;
    int64_t left = -1;
    if (sqlite3_open_v2(T.db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(h,
                               "SELECT count(*) FROM case_status "
                               "WHERE case_id > (SELECT upto FROM case_words_done)",
                               -1, &s, NULL) == SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW)
                left = sqlite3_column_int64(s, 0);
            sqlite3_finalize(s);
        }
    }
    sqlite3_close(h);
    return left;
}

static bool words_indexed(const char *screen, const void *arg)
{
    (void)screen;
    (void)arg;
    return words_left() == 0;
}

/* Ingest left the words of its cases unindexed; the interface indexes
 * them while it waits for keys. */
static void test_indexes_words_while_waiting(void **state)
{
    (void)state;
    double waited = 0;
    bool indexed = wait_for(words_indexed, NULL, CHANGE_MS, &waited, "the words indexed");
    fprintf(stderr, "the words were indexed after %.0f ms more\n", waited);
    assert_true(indexed);
    /* What ingest leaves is there to index: a new filing, then indexed too. */
    char *dir = tu_fmt("%s/more", T.dir);
    char *gen = tu_fmt("'%s' --seed 7 --count 1 --start %d --out '%s' >/dev/null", tu_fgen(),
                       FILINGS + 1, dir);
    assert_int_equal(tu_sh(gen, NULL, NULL), 0);
    assert_true(tu_fenliu_at(TODAY, NULL, "ingest", "--db", T.db, dir, NULL));
    assert_true(wait_for(words_indexed, NULL, CHANGE_MS, &waited, "the new words indexed"));
    free(gen);
    free(dir);
}

/* The terminal shrinks to 80x24: the queue is drawn again to fit, and
 * says that some cases are now below. */
static bool fits_80x24(const char *screen, const void *arg)
{
    (void)arg;
    char *title = line_of(screen, 0), *status = line_of(screen, LINES1 - 1);
    char *count = tu_fmt("%d cases; showing 1–%d, %d more", FILINGS, LINES1 - 3,
                         FILINGS - (LINES1 - 3));
    bool ok = tu_count_lines(screen, "") == LINES1 && fl_utf8_width(title) == COLS1 &&
              strstr(title, count) && strstr(status, "q quit") &&
              fl_utf8_width(status) == COLS1;
    free(count);
    free(title);
    free(status);
    return ok;
}

static void test_resize(void **state)
{
    (void)state;
    assert_int_equal(tmux(NULL, "resize-window -t fl -x %d -y %d", COLS1, LINES1), 0);
    assert_true(wait_for(fits_80x24, NULL, KEY_MS, NULL, "the queue at 80x24"));
}

/* q in the queue quits: fenliu ends with status 0 and so does the session. */
static void test_quit(void **state)
{
    (void)state;
    assert_int_equal(tmux(NULL, "send-keys -t fl q"), 0);
    double t0 = now_ms();
    while (tmux(NULL, "has-session -t fl 2>/dev/null") == 0 && now_ms() - t0 < KEY_MS)
        sleep_ms(40);
    bool gone = tmux(NULL, "has-session -t fl 2>/dev/null") != 0;
    if (!gone) {
        char *screen = capture();
        fprintf(stderr, "the session is still there; the pane shows:\n%s\n",
                screen ? screen : "");
        free(screen);
    }
    assert_true(gone);
    char *path = tu_fmt("%s/ui.status", T.dir), *status = tu_read(path, NULL);
    char *errpath = tu_fmt("%s/ui.err", T.dir), *err = tu_read(errpath, NULL);
    if (!status || strcmp(status, "0\n") != 0)
        fprintf(stderr, "fenliu ui ended with status %s: %s\n", status ? status : "(none)",
                err ? err : "");
    assert_non_null(status);
    assert_string_equal(status, "0\n");
    free(status);
    free(path);
    free(err);
    free(errpath);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_shows),
        cmocka_unit_test(test_open_case_and_back),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_sees_others_changes),
        cmocka_unit_test(test_resize),
        cmocka_unit_test(test_indexes_words_while_waiting), /* adds a case */
        cmocka_unit_test(test_quit),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
