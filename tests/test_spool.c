/* The spool folder as the online-filing drop uses it: several ingesters
 * sharing one spool, entries that are not regular files, a full disk, an
 * ingester killed between its commit and its move, files that cannot be
 * read.  Real processes and a real file system wherever it matters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "ingest.h"
#include "parse.h"
#include "testutil.h"

struct fx {
    char *dir, *db, *spool, *incoming;
};

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
    return tu_fenliu_run(NULL, NULL, "init", "--db", fx->db, NULL) == 0 ? 0 : -1;
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

static bool lexists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* How many entries folder DIR holds (hidden ones too). */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static char *without_decl(char *doc)
{
    char *body = strdup(strstr(doc, "?>\n") + 3);
    free(doc);
    return body;
}

/* A valid filing ID; a batch of ID-a (valid) and ID-b (an empty claim). */
static char *good_doc(const char *id)
{
    return tu_filing(id, "买卖合同纠纷", "判令被告支付货款56000元");
}

static char *bad_batch(const char *id)
{
    char *a = tu_fmt("%s-a", id), *b = tu_fmt("%s-b", id);
    char *fa = without_decl(good_doc(a)), *fb = without_decl(tu_filing(b, "买卖合同纠纷", ""));
    char *doc = tu_fmt("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<batch xmlns=\"urn:fenliu:filing:1\">\n%s%s</batch>\n",
                       fa, fb);
    free(a);
    free(b);
    free(fa);
    free(fb);
    return doc;
}

/* What an entry of a spool should become. */
struct entry {
    char *name;
    bool rejected;
    int filings, rejections; /* what it holds */
};

static void entries_free(struct entry *e, int n)
{
    for (int i = 0; i < n; i++)
        free(e[i].name);
    free(e);
}

/* Entry I of a spool made by make_entry: PREFIX-III.xml, every fourth a
 * batch with a rejected filing; its document (malloc'd) in *DOC. */
static struct entry make_entry(const char *prefix, int i, char **doc)
{
    char *id = tu_fmt("%s-%03d", prefix, i);
    struct entry e = {tu_fmt("%s.xml", id), i % 4 == 3, 1, 0};
    if (e.rejected) {
        e.filings = 1;
        e.rejections = 1;
        *doc = bad_batch(id);
    } else {
        *doc = good_doc(id);
    }
    free(id);
    return e;
}

/* Write DOC as spool/NAME the way senders should: elsewhere, then renamed in. */
static void drop(const struct fx *fx, const char *name, const char *doc)
{
    char *tmp = tu_fmt("%s/%s.part", fx->incoming, name), *dest = tu_fmt("%s/%s", fx->spool, name);
    tu_write_str(tmp, doc);
    assert_int_equal(rename(tmp, dest), 0);
    free(tmp);
    free(dest);
}

/* N entries written straight into the spool. */
static struct entry *fill_spool(const struct fx *fx, const char *prefix, int n)
{
    struct entry *e = calloc((size_t)n, sizeof *e);
    for (int i = 0; i < n; i++) {
        char *doc;
        e[i] = make_entry(prefix, i, &doc);
        char *p = tu_fmt("%s/%s", fx->spool, e[i].name);
        tu_write_str(p, doc);
        free(p);
        free(doc);
    }
    return e;
}

/* Every entry of E is in done/ or rejected/ (with its .err) exactly once,
 * under its own name, and nothing else is there: no NAME.1, no .err
 * without its file, no temporary. */
static void expect_each_moved_once(const char *spool, const struct entry *e, int n)
{
    int done = 0, rejected = 0;
    for (int i = 0; i < n; i++) {
        const char *in = e[i].rejected ? "rejected" : "done";
        const char *out = e[i].rejected ? "done" : "rejected";
        char *left = tu_fmt("%s/%s", spool, e[i].name);
        char *there = tu_fmt("%s/%s/%s", spool, in, e[i].name);
        char *other = tu_fmt("%s/%s/%s", spool, out, e[i].name);
        char *errf = tu_fmt("%s.err", there);
        if (lexists(left) || !lexists(there) || lexists(other) ||
            lexists(errf) != e[i].rejected)
            fail_msg("%s: in the spool %d, in %s/ %d, in %s/ %d, .err %d", e[i].name,
                     lexists(left), in, lexists(there), out, lexists(other), lexists(errf));
        done += !e[i].rejected;
        rejected += e[i].rejected;
        free(left);
        free(there);
        free(other);
        free(errf);
    }
    char *d = tu_fmt("%s/done", spool), *r = tu_fmt("%s/rejected", spool);
    assert_int_equal(entries(d), done);
    assert_int_equal(entries(r), 2 * rejected);
    assert_int_equal(entries(spool), 2); /* done/ and rejected/ */
    free(d);
    free(r);
}

static long long sum(const struct entry *e, int n, bool rejections)
{
    long long t = 0;
    for (int i = 0; i < n; i++)
        t += rejections ? e[i].rejections : e[i].filings;
    return t;
}

struct summary {
    long long documents, accepted, duplicates, rejected;
};

/* Add the summary line of the log LOG to S; false when it has none. */
static bool add_summary(const char *log, struct summary *s)
{
    char *out = tu_read(log, NULL);
    const char *line = out ? strstr(out, "read ") : NULL;
    struct summary one;
    bool ok = line && sscanf(line, "read %lld documents: %lld accepted, %lld duplicates, "
                                   "%lld rejected",
                             &one.documents, &one.accepted, &one.duplicates,
                             &one.rejected) == 4;
    if (ok) {
        s->documents += one.documents;
        s->accepted += one.accepted;
        s->duplicates += one.duplicates;
        s->rejected += one.rejected;
    } else {
        fprintf(stderr, "%s: no summary in:\n%s\n", log, out ? out : "(nothing)");
    }
    free(out);
    return ok;
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

/* Wait at most SECONDS for COND(FX). */
static bool eventually(bool (*cond)(const struct fx *fx, const void *arg), const struct fx *fx,
                       const void *arg, int seconds)
{
    for (int i = 0; i < seconds * 20; i++) {
        if (cond(fx, arg))
            return true;
        usleep(50000);
    }
    return cond(fx, arg);
}

static bool spool_empty(const struct fx *fx, const void *arg)
{
    (void)arg;
    return entries(fx->spool) == 2; /* done/ and rejected/ */
}

static bool moved_to_done(const struct fx *fx, const void *name)
{
    char *p = tu_fmt("%s/done/%s", fx->spool, (const char *)name);
    bool there = lexists(p);
    free(p);
    return there;
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

/* ---- several ingesters on one spool ------------------------------------------------- */

/* A secret file outside the spool, and the entries that point at it or
 * that no one should open: a symbolic link and a FIFO. */
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
    return tu_count_rows(fx->db, "filings WHERE filing_id = 'SECRET-1'") == 0 &&
           tu_count_rows(fx->db, "rejections WHERE instr(CAST(raw AS TEXT), '机密') "
                        "OR instr(reasons, '机密')") == 0;
}

/* Regression: two or three ingesters on one spool read the same files,
 * stored them twice and died with "cannot move X to done/X.1". */
static void test_three_ingesters_on_one_spool_take_each_file_once(void **state)
{
    struct fx *fx = *state;
    enum { N = 60, REFUSED = 2, ROUNDS = 3 };
    char *secret = make_secret(fx);
    long long filings = 0, rejections = 0;
    for (int round = 0; round < ROUNDS; round++) {
        char *prefix = tu_fmt("R%d", round);
        struct entry *e = fill_spool(fx, prefix, N);
        e = realloc(e, (N + REFUSED) * sizeof *e);
        e[N] = (struct entry){tu_fmt("%s-link.xml", prefix), true, 0, 1};
        e[N + 1] = (struct entry){tu_fmt("%s-fifo.xml", prefix), true, 0, 1};
        char *link = tu_fmt("%s/%s", fx->spool, e[N].name);
        char *fifo = tu_fmt("%s/%s", fx->spool, e[N + 1].name);
        assert_int_equal(symlink(secret, link), 0);
        assert_int_equal(mkfifo(fifo, 0644), 0);
        pid_t pid[3];
        char *log[3];
        for (int i = 0; i < 3; i++) {
            log[i] = tu_fmt("%s/ingest-%d-%d.log", fx->dir, round, i);
            char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, "--spool", fx->spool,
                            NULL};
            pid[i] = spawn(argv, log[i]);
        }
        struct summary s = {0};
        for (int i = 0; i < 3; i++) {
            int rc = wait_for(pid[i], 120);
            if (rc != 0 && rc != 3) {
                char *out = tu_read(log[i], NULL);
                fail_msg("ingester %d exited with %d:\n%s", i, rc, out);
            }
            assert_true(add_summary(log[i], &s));
            free(log[i]);
        }
        expect_each_moved_once(fx->spool, e, N + REFUSED);
        filings += sum(e, N + REFUSED, false);
        rejections += sum(e, N + REFUSED, true);
        /* Each file counted by the one ingester that took it, each filing once. */
        assert_int_equal(s.documents, N + REFUSED);
        assert_int_equal(s.accepted, sum(e, N + REFUSED, false));
        assert_int_equal(s.duplicates, 0);
        assert_int_equal(s.rejected, sum(e, N + REFUSED, true));
        assert_int_equal(tu_count_rows(fx->db, "filings"), filings);
        assert_int_equal(tu_count_rows(fx->db, "rejections"), rejections);
        assert_int_equal(tu_count_rows(fx->db, "spool_files"), (round + 1) * (N + REFUSED));
        /* Done with: out of the way of the next round. */
        char *cmd = tu_fmt("rm -rf '%s/done' '%s/rejected'", fx->spool, fx->spool);
        assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
        free(cmd);
        free(link);
        free(fifo);
        free(prefix);
        entries_free(e, N + REFUSED);
    }
    assert_true(secret_stayed_out(fx));
    free(secret);
}

/* Two --watch ingesters on one spool while files are dropped in, then
 * SIGTERM: each file taken by one of them, once. */
static void test_two_watchers_share_a_spool_files_are_dropped_into(void **state)
{
    struct fx *fx = *state;
    enum { N = 40 };
    pid_t pid[2];
    char *log[2];
    for (int i = 0; i < 2; i++) {
        log[i] = tu_fmt("%s/watch-%d.log", fx->dir, i);
        char *argv[] = {(char *)tu_fenliu(), "ingest", "--db",  fx->db, "--spool",
                        fx->spool,           "--watch", NULL};
        pid[i] = spawn(argv, log[i]);
    }
    usleep(300000);
    struct entry *e = calloc(N + 2, sizeof *e);
    for (int i = 0; i < N; i++) {
        char *doc;
        e[i] = make_entry("W", i, &doc);
        drop(fx, e[i].name, doc);
        free(doc);
        if (i % 5 == 4)
            usleep(20000);
    }
    /* A FIFO and a symbolic link moved in: refused, and the watchers go on. */
    char *secret = make_secret(fx);
    e[N] = (struct entry){strdup("W-fifo.xml"), true, 0, 1};
    e[N + 1] = (struct entry){strdup("W-link.xml"), true, 0, 1};
    char *fifo = tu_fmt("%s/W-fifo.xml", fx->incoming), *link = tu_fmt("%s/W-link", fx->incoming);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    assert_int_equal(symlink(secret, link), 0);
    char *fifo_in = tu_fmt("%s/W-fifo.xml", fx->spool), *link_in = tu_fmt("%s/W-link.xml", fx->spool);
    assert_int_equal(rename(fifo, fifo_in), 0);
    assert_int_equal(rename(link, link_in), 0);
    char *doc = good_doc("W-last");
    e = realloc(e, (N + 3) * sizeof *e);
    e[N + 2] = (struct entry){strdup("W-last.xml"), false, 1, 0};
    drop(fx, "W-last.xml", doc);
    free(doc);
    assert_true(eventually(spool_empty, fx, NULL, 60));
    struct summary s = {0};
    for (int i = 0; i < 2; i++) {
        kill(pid[i], SIGTERM);
        int rc = wait_for(pid[i], 30);
        if (rc != 0 && rc != 3)
            fail_msg("watcher %d exited with %d:\n%s", i, rc, tu_read(log[i], NULL));
        assert_true(add_summary(log[i], &s));
        free(log[i]);
    }
    expect_each_moved_once(fx->spool, e, N + 3);
    assert_int_equal(s.documents, N + 3);
    assert_int_equal(s.accepted, sum(e, N + 3, false));
    assert_int_equal(s.duplicates, 0);
    assert_int_equal(tu_count_rows(fx->db, "filings"), sum(e, N + 3, false));
    assert_int_equal(tu_count_rows(fx->db, "rejections"), sum(e, N + 3, true));
    assert_true(secret_stayed_out(fx));
    entries_free(e, N + 3);
    free(fifo);
    free(link);
    free(fifo_in);
    free(link_in);
    free(secret);
}

/* Regression: a watcher skipped a file another ingester held, and never
 * looked at it again when that one died (no event comes then). */
static void test_watch_takes_a_file_another_ingester_left(void **state)
{
    struct fx *fx = *state;
    char *doc = good_doc("HELD-1"), *held = tu_fmt("%s/held.xml", fx->spool);
    tu_write_str(held, doc);
    /* Held as an ingester that has taken it holds it. */
    int fd = open(held, O_RDONLY | O_CLOEXEC); /* not to the ingester spawned */
    assert_int_equal(flock(fd, LOCK_EX), 0);
    char *log = tu_fmt("%s/watch.log", fx->dir);
    char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, "--spool", fx->spool,
                    "--watch", NULL};
    pid_t pid = spawn(argv, log);
    char *other = good_doc("HELD-2");
    usleep(300000);
    drop(fx, "other.xml", other);
    assert_true(eventually(moved_to_done, fx, "other.xml", 20));
    assert_true(lexists(held)); /* not the watcher's to take */
    close(fd);                  /* that ingester dies */
    assert_true(eventually(moved_to_done, fx, "held.xml", 20));
    kill(pid, SIGTERM);
    assert_int_equal(wait_for(pid, 30), 0);
    assert_int_equal(tu_count_rows(fx->db, "filings"), 2);
    free(other);
    free(log);
    free(held);
    free(doc);
}

/* ---- entries that are not regular files ------------------------------------------------ */

/* Run ARGV with at most SECONDS to finish (a blocked open never does). */
static int run_bounded(char *const argv[], const char *log, int seconds)
{
    pid_t pid = spawn(argv, log);
    int rc = wait_for(pid, seconds);
    if (rc < 0)
        fail_msg("%s %s did not finish in %d s (blocked?)", argv[0], argv[1], seconds);
    return rc;
}

static void expect_err_says(const struct fx *fx, const char *name, const char *what)
{
    char *p = tu_fmt("%s/rejected/%s.err", fx->spool, name);
    char *text = tu_read(p, NULL);
    if (!text || !strstr(text, what))
        fail_msg("%s: wanted \"%s\" in:\n%s", p, what, text ? text : "(no file)");
    free(text);
    free(p);
}

/* Regression: a spool's symbolic link was followed (a file only root may
 * read, linked into the spool, was read) and a FIFO blocked the ingester. */
static void test_spool_refuses_links_fifos_sockets_devices_unopened(void **state)
{
    struct fx *fx = *state;
    char *secret = make_secret(fx);
    char *p[5];
    const char *names[] = {"good.xml", "link.xml", "fifo.xml", "sock.xml", "dev.xml"};
    for (int i = 0; i < 5; i++)
        p[i] = tu_fmt("%s/%s", fx->spool, names[i]);
    char *doc = good_doc("GOOD-1");
    tu_write_str(p[0], doc);
    assert_int_equal(symlink(secret, p[1]), 0);
    assert_int_equal(mkfifo(p[2], 0644), 0);
    make_socket(p[3]);
    /* A device only root can make: the same as /dev/null. */
    bool dev = geteuid() == 0 && mknod(p[4], S_IFCHR | 0644, makedev(1, 3)) == 0;
    int n = dev ? 5 : 4;
    char *log = tu_fmt("%s/ingest.log", fx->dir);
    char *argv[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, "--spool", fx->spool, NULL};
    assert_int_equal(run_bounded(argv, log, 30), 3);
    struct entry e[5];
    for (int i = 0; i < n; i++)
        e[i] = (struct entry){(char *)names[i], i > 0, i == 0, i > 0};
    expect_each_moved_once(fx->spool, e, n);
    expect_err_says(fx, "link.xml", "is a symbolic link; spool files must be regular files "
                                    "(not followed)");
    expect_err_says(fx, "fifo.xml", "is a named pipe (FIFO)");
    expect_err_says(fx, "sock.xml", "is a socket");
    if (dev)
        expect_err_says(fx, "dev.xml", "is a character device");
    /* Moved as they are: the link is still a link to the same file. */
    char *moved = tu_fmt("%s/rejected/link.xml", fx->spool), target[4096];
    ssize_t len = readlink(moved, target, sizeof target - 1);
    assert_true(len > 0);
    target[len] = '\0';
    assert_string_equal(target, secret);
    /* Each a rejected document the intake desk lists, the secret unread. */
    assert_int_equal(tu_count_rows(fx->db, "rejections WHERE filing_id IS NULL AND raw IS NULL"), n - 1);
    assert_int_equal(tu_count_rows(fx->db, "rejections WHERE instr(reasons, 'link.xml is a symbolic')"),
                     1);
    assert_int_equal(tu_count_rows(fx->db, "filings"), 1);
    assert_true(secret_stayed_out(fx));
    char *text = tu_read(secret, NULL);
    assert_non_null(strstr(text, "SECRET-1"));
    free(text);
    free(moved);
    free(log);
    free(doc);
    for (int i = 0; i < 5; i++)
        free(p[i]);
    free(secret);
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
    assert_int_equal(tu_count_rows(fx->db, "filings WHERE filing_id IN ('FW-1', 'FW-2')"), 2);
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 4);
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
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--db", fx->db, "/proc/self/mem", good, NULL),
                     3);
    assert_int_equal(tu_count_lines(out, "/proc/self/mem: rejected: the document could not be "
                                         "read (Input/output error)"),
                     1);
    assert_int_equal(tu_count_lines(out, "read 2 documents: 1 accepted, 0 duplicates, "
                                         "1 rejected"),
                     1);
    assert_int_equal(tu_count_rows(fx->db, "rejections WHERE source = '/proc/self/mem'"), 1);
    assert_int_equal(tu_count_rows(fx->db, "filings WHERE filing_id = 'RE-1'"), 1);
    free(out);
    free(good);
    free(doc);
}

/* An unreadable spool file goes to rejected/ with its reason, and the
 * spool goes on.  Root reads anything, so as root the ingester runs
 * without the capabilities that let it (setpriv). */
static void test_unreadable_spool_file_goes_to_rejected_and_the_spool_goes_on(void **state)
{
    struct fx *fx = *state;
    char *a = good_doc("UR-1"), *b = good_doc("UR-2");
    char *pa = tu_fmt("%s/a.xml", fx->spool), *pb = tu_fmt("%s/b.xml", fx->spool);
    tu_write_str(pa, a);
    tu_write_str(pb, b);
    assert_int_equal(chmod(pa, 0), 0);
    char *log = tu_fmt("%s/ingest.log", fx->dir);
    char *plain[] = {(char *)tu_fenliu(), "ingest", "--db", fx->db, "--spool", fx->spool, NULL};
    char *unprivileged[] = {"setpriv", "--bounding-set=-dac_override,-dac_read_search", "--",
                            (char *)tu_fenliu(), "ingest", "--db", fx->db, "--spool", fx->spool,
                            NULL};
    int rc = run_bounded(geteuid() == 0 ? unprivileged : plain, log, 30);
    if (rc != 3)
        fail_msg("exit %d:\n%s", rc, tu_read(log, NULL));
    struct entry e[] = {{"a.xml", true, 0, 1}, {"b.xml", false, 1, 0}};
    expect_each_moved_once(fx->spool, e, 2);
    expect_err_says(fx, "a.xml", "cannot read the file: Permission denied");
    assert_int_equal(tu_count_rows(fx->db, "rejections WHERE instr(reasons, 'Permission denied')"), 1);
    assert_int_equal(tu_count_rows(fx->db, "filings WHERE filing_id = 'UR-2'"), 1);
    free(log);
    free(pa);
    free(pb);
    free(a);
    free(b);
}

/* ---- a full disk ---------------------------------------------------------------------- */

/* The spool on a tiny tmpfs filled up, in a mount namespace of its own
 * (as root, or as root of a user namespace): the first ingest cannot
 * write the .err, the test looks at the database, then space is freed
 * and a second ingest runs. */
static const char FULL_DISK_SH[] =
    "set -u\n"
    "export LC_ALL=C\n"
    "spool=$1 db=$2 fenliu=$3 state=$4\n"
    "mount -t tmpfs -o size=64k fenliu-test \"$spool\" || exit 97\n"
    "mkdir \"$spool/done\" \"$spool/rejected\"\n"
    "cp \"$state/b.xml\" \"$spool/b.xml\"\n"
    "dd if=/dev/zero of=\"$spool/filler\" bs=4096 2>/dev/null\n"
    "\"$fenliu\" ingest --db \"$db\" --spool \"$spool\" >\"$state/out1\" 2>\"$state/err1\"\n"
    "echo $? >\"$state/rc1.tmp\"\n"
    "ls -A \"$spool\" >\"$state/ls1\"; ls -A \"$spool/rejected\" >\"$state/ls1r\"\n"
    "mv \"$state/rc1.tmp\" \"$state/rc1\"\n"
    "read go <\"$state/go\"\n"
    "rm \"$spool/filler\"\n"
    "\"$fenliu\" ingest --db \"$db\" --spool \"$spool\" >\"$state/out2\" 2>\"$state/err2\"\n"
    "echo $? >\"$state/rc2\"\n"
    "ls -A \"$spool\" >\"$state/ls2\"; ls -A \"$spool/rejected\" >\"$state/ls2r\"\n"
    "cat \"$spool/rejected/b.xml.err\" >\"$state/err-file\"\n";

/* The unshare(1) options that give a mount namespace here, or NULL. */
static const char *namespace_options(const struct fx *fx)
{
    static const char *const opts[] = {"--user --map-root-user --mount", "--mount"};
    char *probe = tu_fmt("%s/probe", fx->dir);
    tu_mkdir_p(probe);
    const char *found = NULL;
    for (int i = 0; i < 2 && !found; i++) {
        char *cmd = tu_fmt("unshare %s sh -c 'mount -t tmpfs -o size=64k x \"$0\"' '%s'",
                           opts[i], probe);
        if (tu_sh(cmd, NULL, NULL) == 0)
            found = opts[i];
        free(cmd);
    }
    free(probe);
    return found;
}

static char *state_file(const char *state, const char *name)
{
    char *p = tu_fmt("%s/%s", state, name);
    char *text = tu_read(p, NULL);
    free(p);
    return text ? text : strdup("(missing)");
}

static void open_the_gate(const char *state)
{
    char *go = tu_fmt("%s/go", state);
    int fd = -1;
    for (int i = 0; i < 500 && fd < 0; i++) /* until the script waits on it */
        if ((fd = open(go, O_WRONLY | O_NONBLOCK)) < 0)
            usleep(20000);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "go\n", 3), 3);
    close(fd);
    free(go);
}

static void full_disk_on_tmpfs(const struct fx *fx, const char *ns)
{
    char *state = tu_fmt("%s/state", fx->dir), *go = tu_fmt("%s/state/go", fx->dir);
    tu_mkdir_p(state);
    assert_int_equal(mkfifo(go, 0600), 0);
    char *doc = bad_batch("FULL"), *b = tu_fmt("%s/b.xml", state);
    tu_write_str(b, doc);
    char *cmd = tu_fmt("exec unshare %s sh -c '%s' sh '%s' '%s' '%s' '%s'", ns, FULL_DISK_SH,
                       fx->spool, fx->db, tu_fenliu(), state);
    char *argv[] = {"sh", "-c", cmd, NULL};
    pid_t pid = spawn(argv, NULL);
    char *rc1 = tu_fmt("%s/rc1", state);
    for (int i = 0; i < 1500 && !lexists(rc1); i++)
        usleep(20000);
    char *t = state_file(state, "rc1"), *err1 = state_file(state, "err1");
    if (atoi(t) != 1)
        fail_msg("first ingest on a full disk: exit %s, stderr:\n%s", t, err1);
    /* The file stays, nothing of it is stored, no .err and no temporary. */
    assert_non_null(strstr(err1, "b.xml stays in the spool: cannot write"));
    assert_non_null(strstr(err1, "No space left on device"));
    free(t);
    assert_string_equal(t = state_file(state, "ls1"), "b.xml\ndone\nfiller\nrejected\n");
    free(t);
    assert_string_equal(t = state_file(state, "ls1r"), "");
    free(t);
    assert_int_equal(tu_count_rows(fx->db, "filings"), 0);
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 0);
    assert_int_equal(tu_count_rows(fx->db, "spool_files"), 0);
    open_the_gate(state);
    assert_int_equal(wait_for(pid, 60), 0);
    /* Space freed: taken, moved with its .err, its rows stored once. */
    assert_int_equal(atoi(t = state_file(state, "rc2")), 3);
    free(t);
    assert_string_equal(t = state_file(state, "ls2"), "done\nrejected\n");
    free(t);
    assert_string_equal(t = state_file(state, "ls2r"), "b.xml\nb.xml.err\n");
    free(t);
    assert_non_null(strstr(t = state_file(state, "err-file"), "FULL-b: claims/claim[1]"));
    free(t);
    assert_int_equal(tu_count_rows(fx->db, "filings"), 1);
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 1);
    assert_int_equal(tu_count_rows(fx->db, "spool_files"), 1);
    free(err1);
    free(rc1);
    free(cmd);
    free(b);
    free(doc);
    free(go);
    free(state);
}

struct engine_run {
    int fault;                    /* errno FL_SPOOL_WRITE_ERR fails with, or 0 */
    bool kill_at_commit;          /* die (SIGKILL) once committed */
    struct fl_run_counts counts;
    char warned[2048];
};

static int spool_hook(void *ctx, enum fl_spool_step step, const char *path)
{
    struct engine_run *r = ctx;
    (void)path;
    if (step == FL_SPOOL_COMMITTED && r->kill_at_commit)
        raise(SIGKILL);
    return step == FL_SPOOL_WRITE_ERR ? r->fault : 0;
}

static void on_warn(void *ctx, const char *message)
{
    struct engine_run *r = ctx;
    snprintf(r->warned, sizeof r->warned, "%s", message);
}

/* One pass of the engine over the spool, in this process. */
static void engine_ingest(const struct fx *fx, struct engine_run *r)
{
    struct fl_db *db;
    struct fl_error err;
    assert_int_equal(fl_db_open(fx->db, FL_DB_WRITE, &db, &err), FL_OK);
    struct fl_ingest_opts o = {.login = "test", .warn = on_warn, .spool_hook = spool_hook,
                               .ctx = r};
    struct fl_ingest *ing;
    assert_int_equal(fl_ingest_begin(db, &o, &ing, &err), FL_OK);
    volatile sig_atomic_t stop = 0;
    assert_int_equal(fl_ingest_spool(ing, fx->spool, false, &stop, &err), FL_OK);
    assert_int_equal(fl_ingest_end(ing, &r->counts, &err), FL_OK);
    fl_db_close(db);
}

/* The same failure the engine's way: the .err write failing with ENOSPC,
 * so that this runs wherever no mount namespace can be had. */
static void full_disk_by_the_engine(const struct fx *fx)
{
    char *doc = bad_batch("FULL"), *b = tu_fmt("%s/b.xml", fx->spool);
    tu_write_str(b, doc);
    struct engine_run r = {.fault = ENOSPC};
    engine_ingest(fx, &r);
    assert_int_equal(r.counts.left, 1);
    assert_int_equal(r.counts.documents, 0);
    assert_non_null(strstr(r.warned, "No space left on device"));
    assert_true(lexists(b));
    char *rej = tu_fmt("%s/rejected", fx->spool);
    assert_int_equal(entries(rej), 0);
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 0);
    assert_int_equal(tu_count_rows(fx->db, "filings"), 0);
    r = (struct engine_run){0};
    engine_ingest(fx, &r);
    assert_int_equal(r.counts.left, 0);
    struct entry e[] = {{"b.xml", true, 1, 1}};
    expect_each_moved_once(fx->spool, e, 1);
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 1);
    assert_int_equal(tu_count_rows(fx->db, "filings"), 1);
    char *cmd = tu_fmt("rm -rf '%s'/*", fx->spool);
    tu_sh(cmd, NULL, NULL);
    free(cmd);
    free(rej);
    free(b);
    free(doc);
}

/* Regression: on a full disk the rows were committed, then the .err or
 * the move failed, and every retry stored the rejections again. */
static void test_full_disk_leaves_the_file_and_a_retry_stores_it_once(void **state)
{
    struct fx *fx = *state;
    full_disk_by_the_engine(fx);
    /* A fresh database for the same on a real file system. */
    char *cmd = tu_fmt("rm -f '%s' '%s-wal' '%s-shm' && '%s' init --db '%s' >/dev/null", fx->db,
                       fx->db, fx->db, tu_fenliu(), fx->db);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    free(cmd);
    const char *ns = namespace_options(fx);
    if (ns)
        full_disk_on_tmpfs(fx, ns);
    else /* said, so that whoever reads the log knows which ran */
        fprintf(stderr, "no mount namespace here: the full disk was checked the engine's way "
                        "only\n");
}

/* ---- an ingester killed between its commit and its move ----------------------------- */

/* Ingest the spool in a child that dies by SIGKILL right after the commit. */
static void killed_after_commit(const struct fx *fx)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct engine_run r = {.kill_at_commit = true};
        engine_ingest(fx, &r);
        _exit(0); /* not reached: the hook kills */
    }
    assert_int_equal(tu_wait(pid), 128 + SIGKILL);
}

static char *write_bad(const struct fx *fx, const char *id)
{
    char *doc = bad_batch(id), *p = tu_fmt("%s/b.xml", fx->spool);
    tu_write_str(p, doc);
    free(doc);
    return p;
}

static void expect_stored_once(const struct fx *fx)
{
    assert_int_equal(tu_count_rows(fx->db, "filings"), 1);
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 1);
    assert_int_equal(tu_count_rows(fx->db, "spool_files"), 1);
}

/* Regression: killed between the commit and the move, an ingester left a
 * file whose rejections the next ingest stored again. */
static void test_kill_9_between_commit_and_move_then_rerun_stores_once(void **state)
{
    struct fx *fx = *state;
    char *b = write_bad(fx, "K9");
    killed_after_commit(fx);
    assert_true(lexists(b)); /* committed, not moved */
    expect_stored_once(fx);
    char *out;
    assert_int_equal(tu_fenliu_run(&out, NULL, "ingest", "--db", fx->db, "--spool", fx->spool, NULL),
                     0);
    /* Nothing stored again: only the move was left to do. */
    assert_string_equal(out, "read 0 documents: 0 accepted, 0 duplicates, 0 rejected\n");
    struct entry e[] = {{"b.xml", true, 1, 1}};
    expect_each_moved_once(fx->spool, e, 1); /* and the killed one's temporary is gone */
    char *recorded = query(fx->db, "SELECT err FROM spool_files");
    char *errf = tu_fmt("%s/rejected/b.xml.err", fx->spool), *text = tu_read(errf, NULL);
    assert_non_null(strstr(recorded, "K9-b: claims/claim[1]: <claim> is empty"));
    assert_string_equal(text, recorded);
    expect_stored_once(fx);
    free(text);
    free(errf);
    free(recorded);
    free(out);
    free(b);
}

/* The temporary .err the killed ingester left, put in place by the test
 * as NAME (a move interrupted after its .err went first). */
static void place_left_temporary(const struct fx *fx, const char *name)
{
    char *rej = tu_fmt("%s/rejected", fx->spool);
    DIR *d = opendir(rej);
    char *temp = NULL;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (e->d_name[0] == '.' && strstr(e->d_name, ".err.") && !temp)
            temp = tu_fmt("%s/%s", rej, e->d_name);
    closedir(d);
    assert_non_null(temp);
    char *to = tu_fmt("%s/%s", rej, name);
    assert_int_equal(rename(temp, to), 0);
    free(to);
    free(temp);
    free(rej);
}

/* A move interrupted after its .err was in place: the next ingest takes
 * that .err as the file's own, no NAME.1; a stranger's .err of the same
 * name is left alone, and then the suffix is right. */
static void test_interrupted_move_reuses_its_err_and_a_strangers_err_gets_a_suffix(
    void **state)
{
    struct fx *fx = *state;
    char *b = write_bad(fx, "IM");
    killed_after_commit(fx);
    place_left_temporary(fx, "b.xml.err");
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, "--spool", fx->spool, NULL),
                     0);
    struct entry e[] = {{"b.xml", true, 1, 1}};
    expect_each_moved_once(fx->spool, e, 1);
    /* Another b.xml, killed likewise; rejected/ already has a b.xml.err, not its. */
    char *cmd = tu_fmt("rm -rf '%s'/*", fx->spool);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    free(b);
    b = write_bad(fx, "IM2");
    killed_after_commit(fx);
    char *stranger = tu_fmt("%s/rejected/b.xml.err", fx->spool);
    tu_write_str(stranger, "1:1: OTHER-1: kept by the operator\n");
    assert_int_equal(tu_fenliu_run(NULL, NULL, "ingest", "--db", fx->db, "--spool", fx->spool, NULL),
                     0);
    char *moved = tu_fmt("%s/rejected/b.xml.1", fx->spool), *errf = tu_fmt("%s.err", moved);
    assert_true(lexists(moved));
    char *text = tu_read(errf, NULL), *kept = tu_read(stranger, NULL);
    assert_non_null(strstr(text, "IM2-b"));
    assert_string_equal(kept, "1:1: OTHER-1: kept by the operator\n");
    char *rej = tu_fmt("%s/rejected", fx->spool);
    assert_int_equal(entries(rej), 3); /* b.xml.err, b.xml.1, b.xml.1.err */
    assert_int_equal(tu_count_rows(fx->db, "rejections"), 2); /* IM-b and IM2-b, each once */
    assert_int_equal(tu_count_rows(fx->db, "spool_files"), 2);
    free(rej);
    free(kept);
    free(text);
    free(errf);
    free(moved);
    free(stranger);
    free(cmd);
    free(b);
}

int main(void)
{
    fl_parse_init();
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_three_ingesters_on_one_spool_take_each_file_once),
        T(test_two_watchers_share_a_spool_files_are_dropped_into),
        T(test_watch_takes_a_file_another_ingester_left),
        T(test_spool_refuses_links_fifos_sockets_devices_unopened),
        T(test_folder_walk_refuses_links_and_fifos_named_paths_followed),
        T(test_read_error_rejects_the_document_and_the_run_goes_on),
        T(test_unreadable_spool_file_goes_to_rejected_and_the_spool_goes_on),
        T(test_full_disk_leaves_the_file_and_a_retry_stores_it_once),
        T(test_kill_9_between_commit_and_move_then_rerun_stores_once),
        T(test_interrupted_move_reuses_its_err_and_a_strangers_err_gets_a_suffix),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
