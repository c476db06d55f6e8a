/* Documents as the online-filing drop and the batch ingester meet them:
 * entries that are not regular files, files that cannot be read.  Real
 * processes and a real file system wherever it matters. */
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parse.h"
#include "testutil.h"

struct fx {
    char *dir, *db, *spool, *incoming;
};

static int fenliu(char **out, char **err, ...);

/* The processes a test started and has not waited for: a failed test
 * leaves none running (teardown ends them; not yet waited for, their pids
 * cannot have been reused). */
static pid_t started[8];

static pid_t spawn(char *const argv[], const char *log)
{
    pid_t pid = tu_spawn(argv, log);
    for (size_t i = 0; i < sizeof started / sizeof started[0]; i++)
        if (!started[i]) {
            started[i] = pid;
            break;
        }
    return pid;
}

static void forget(pid_t pid)
{
    for (size_t i = 0; i < sizeof started / sizeof started[0]; i++)
        if (started[i] == pid)
            started[i] = 0;
}

static void end_started(void)
{
    for (size_t i = 0; i < sizeof started / sizeof started[0]; i++)
        if (started[i]) {
            kill(started[i], SIGKILL);
            tu_wait(started[i]);
            started[i] = 0;
        }
}

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    fx->dir = tu_mkdtemp();
    fx->db = tu_fmt("%s/fenliu.db", fx->dir);
    fx->spool = tu_fmt("%s/spool", fx->dir);
    fx->incoming = tu_fmt("%s/incoming", fx->dir);
    tu_mkdir_p(fx->spool);
    tu_mkdir_p(fx->incoming);
    *state = fx;
    /* Only `fenliu init` creates a database. */
    return fenliu(NULL, NULL, "init", "--db", fx->db, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    end_started();
    char *cmd = tu_fmt("chmod -R u+rwX '%s'", fx->dir); /* the unreadable ones */
    tu_sh(cmd, NULL, NULL);
    free(cmd);
    tu_rmtree(fx->dir);
    free(fx->dir);
    free(fx->db);
    free(fx->spool);
    free(fx->incoming);
    free(fx);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------------- */

static int fenliu(char **out, char **err, ...)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)tu_fenliu();
    va_list ap;
    va_start(ap, err);
    for (char *a; (a = va_arg(ap, char *)) != NULL && n < 31;)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return tu_run(argv, NULL, out, err);
}

/* The first column of the first row of SQL on DB, as text (malloc'd). */
static char *query(const char *db, const char *sql)
{
    sqlite3 *h;
    char *v = NULL;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 5000);
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            v = strdup((const char *)sqlite3_column_text(s, 0));
        else
            fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(h));
        sqlite3_finalize(s);
    }
    sqlite3_close(h);
    return v;
}

/* How many rows WHAT ("table [WHERE ...]") has in DB. */
static long long rows(const char *db, const char *what)
{
    char *sql = tu_fmt("SELECT count(*) FROM %s", what);
    char *v = query(db, sql);
    long long n = v ? atoll(v) : -1;
    free(v);
    free(sql);
    return n;
}

/* A valid filing. */
static char *good_doc(const char *id)
{
    return tu_filing(id, "买卖合同纠纷", "判令被告支付货款56000元");
}

/* Wait at most SECONDS for PID; its status, or -1 (then it is killed). */
static int wait_for(pid_t pid, int seconds)
{
    for (int i = 0; i < seconds * 50; i++) {
        int ws;
        pid_t r = waitpid(pid, &ws, WNOHANG);
        if (r == pid) {
            forget(pid);
            return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
        }
        usleep(20000);
    }
    kill(pid, SIGKILL);
    tu_wait(pid);
    forget(pid);
    return -1;
}

/* A unix socket at PATH, as a program listening there leaves it. */
static void make_socket(const char *path)
{
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    assert_true(strlen(path) < sizeof a.sun_path);
    strcpy(a.sun_path, path);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    close(s);
}

/* ---- entries that are not regular files ------------------------------------------------ */

/* A secret file outside what is ingested, which links point at. */
static char *make_secret(const struct fx *fx)
{
    char *secret = tu_fmt("%s/secret.xml", fx->dir);
    char *doc = tu_filing("SECRET-1", "买卖合同纠纷", "机密：不得读取");
    tu_write_str(secret, doc);
    free(doc);
    return secret;
}

static bool secret_stayed_out(const struct fx *fx)
{
    return rows(fx->db, "filings WHERE filing_id = 'SECRET-1'") == 0 &&
           rows(fx->db, "rejections WHERE instr(CAST(raw AS TEXT), '机密') "
                        "OR instr(reasons, '机密')") == 0;
}

/* Run ARGV with at most SECONDS to finish (a blocked open never does). */
static int run_bounded(char *const argv[], const char *log, int seconds)
{
    pid_t pid = spawn(argv, log);
    int rc = wait_for(pid, seconds);
    if (rc < 0)
        fail_msg("%s %s did not finish in %d s (blocked?)", argv[0], argv[1], seconds);
    return rc;
}

/* Regression: a folder walked by `fenliu ingest FOLDER` had its symbolic
 * links followed and a FIFO in it blocked the run; a path named is still
 * followed when it is a link to a regular file. */
static void test_folder_walk_refuses_links_and_fifos_named_paths_followed(void **state)
{
    struct fx *fx = *state;
    char *secret = make_secret(fx);
    char *in = tu_fmt("%s/in", fx->dir);
    tu_mkdir_p(in);
    char *good = tu_fmt("%s/good.xml", in), *link = tu_fmt("%s/link.xml", in);
    char *fifo = tu_fmt("%s/fifo.xml", in), *sock = tu_fmt("%s/sock.xml", in);
    char *named_fifo = tu_fmt("%s/named.xml", fx->dir);
    char *real = tu_fmt("%s/real.xml", fx->dir), *named_link = tu_fmt("%s/named-link.xml", fx->dir);
    char *d1 = good_doc("FW-1"), *d2 = good_doc("FW-2");
    tu_write_str(good, d1);
    tu_write_str(real, d2);
    assert_int_equal(symlink(secret, link), 0);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    make_socket(sock);
    assert_int_equal(mkfifo(named_fifo, 0644), 0);
    assert_int_equal(symlink(real, named_link), 0);
    char *log = tu_fmt("%s/ingest.log", fx->dir);
    char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, in, named_fifo, named_link,
                    NULL};
    assert_int_equal(run_bounded(argv, log, 30), 3);
    char *out = tu_read(log, NULL);
    assert_int_equal(tu_count_lines(out, "link.xml is a symbolic link; documents in a folder "
                                         "must be regular files (not followed)"),
                     1);
    assert_int_equal(tu_count_lines(out, "fifo.xml is a named pipe (FIFO)"), 1);
    assert_int_equal(tu_count_lines(out, "sock.xml is a socket"), 1);
    assert_int_equal(tu_count_lines(out, "named.xml is a named pipe (FIFO); a document must "
                                         "be a regular file (not opened)"),
                     1);
    assert_int_equal(tu_count_lines(out, "read 6 documents: 2 accepted, 0 duplicates, "
                                         "4 rejected"),
                     1);
    assert_int_equal(rows(fx->db, "filings WHERE filing_id IN ('FW-1', 'FW-2')"), 2);
    assert_int_equal(rows(fx->db, "rejections"), 4);
    assert_true(secret_stayed_out(fx));
    free(out);
    free(log);
    free(d1);
    free(d2);
    free(named_link);
    free(real);
    free(named_fifo);
    free(sock);
    free(fifo);
    free(link);
    free(good);
    free(in);
    free(secret);
}

/* ---- files that cannot be read ---------------------------------------------------------- */

/* Regression: a read error in the middle of a document ended its
 * ingestion silently (its file even went to done/). */
static void test_read_error_rejects_the_document_and_the_run_goes_on(void **state)
{
    struct fx *fx = *state;
    char *doc = good_doc("RE-1"), *good = tu_fmt("%s/good.xml", fx->dir);
    tu_write_str(good, doc);
    char *out;
    /* /proc/self/mem is a regular file whose first page read(2) refuses
     * with EIO: a real I/O error. */
    assert_int_equal(fenliu(&out, NULL, "ingest", "--db", fx->db, "/proc/self/mem", good, NULL),
                     3);
    assert_int_equal(tu_count_lines(out, "/proc/self/mem: rejected: reading the file failed "
                                         "(Input/output error); the rest of it was not read"),
                     1);
    assert_int_equal(tu_count_lines(out, "read 2 documents: 1 accepted, 0 duplicates, "
                                         "1 rejected"),
                     1);
    assert_int_equal(rows(fx->db, "rejections WHERE source = '/proc/self/mem'"), 1);
    assert_int_equal(rows(fx->db, "filings WHERE filing_id = 'RE-1'"), 1);
    free(out);
    free(good);
    free(doc);
}

int main(void)
{
    fl_parse_init();
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_folder_walk_refuses_links_and_fifos_named_paths_followed),
        T(test_read_error_rejects_the_document_and_the_run_goes_on),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
