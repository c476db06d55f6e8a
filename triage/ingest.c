/* Ingestion pipeline (see ingest.h): a reader (the caller's thread) and a
 * writer thread joined by a bounded queue. */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "parse.h"
#include "walk.h"

#define QUEUE_CAP 512
#define DEFAULT_CHUNK 2000
#define IDLE_COMMIT_MS 200
#define INDEX_BATCH 2000 /* cases whose words a quiet spool indexes at a time */

/* One input file.  The reader makes it; the writer frees it at DOC_END. */
struct doc {
    char *path;
    char *spool_dir; /* set in spool mode: move the file when done */
    struct fl_buf reasons; /* the .err text */
    int rejected;
};

enum item_kind { IT_FILING, IT_DOC_END, IT_INDEX, IT_STOP };

struct item {
    enum item_kind kind;
    struct doc *doc;
    struct fl_filing *f;
    struct fl_classification *c; /* of a valid filing, when classifying */
};

struct fl_ingest {
    struct fl_db *db;
    struct fl_ingest_opts opts;
    int64_t run_id;
    struct fl_run_counts counts;
    struct fl_parse_opts popts;
    struct fl_matcher *matcher; /* the reader's, when classifying */

    pthread_t writer;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    struct item q[QUEUE_CAP];
    size_t head, count;

    /* Writer state. */
    bool in_txn;
    size_t pending;
    struct timespec txn_started;
    bool failed; /* the writer hit an error; reader stops */
    struct fl_error werr;
};

/* ---- the queue --------------------------------------------------------- */

static void push(struct fl_ingest *ing, struct item it)
{
    pthread_mutex_lock(&ing->mu);
    while (ing->count == QUEUE_CAP)
        pthread_cond_wait(&ing->not_full, &ing->mu);
    ing->q[(ing->head + ing->count) % QUEUE_CAP] = it;
    ing->count++;
    pthread_cond_signal(&ing->not_empty);
    pthread_mutex_unlock(&ing->mu);
}

/* Pop an item, waiting at most TIMEOUT_MS (-1: forever); false on timeout. */
static bool pop(struct fl_ingest *ing, struct item *out, int timeout_ms)
{
    pthread_mutex_lock(&ing->mu);
    if (timeout_ms >= 0 && ing->count == 0) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)timeout_ms * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        while (ing->count == 0)
            if (pthread_cond_timedwait(&ing->not_empty, &ing->mu, &until) == ETIMEDOUT)
                break;
    }
    while (timeout_ms < 0 && ing->count == 0)
        pthread_cond_wait(&ing->not_empty, &ing->mu);
    bool got = ing->count > 0;
    if (got) {
        *out = ing->q[ing->head];
        ing->head = (ing->head + 1) % QUEUE_CAP;
        ing->count--;
        pthread_cond_signal(&ing->not_full);
    }
    pthread_mutex_unlock(&ing->mu);
    return got;
}

static bool writer_failed(struct fl_ingest *ing)
{
    pthread_mutex_lock(&ing->mu);
    bool failed = ing->failed;
    pthread_mutex_unlock(&ing->mu);
    return failed;
}

/* ---- the writer ---------------------------------------------------------- */

static long ms_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t->tv_sec) * 1000L + (now.tv_nsec - t->tv_nsec) / 1000000L;
}

static enum fl_status ensure_txn(struct fl_ingest *ing)
{
    if (ing->in_txn)
        return FL_OK;
    enum fl_status st = fl_db_begin(ing->db, &ing->werr);
    if (st == FL_OK) {
        ing->in_txn = true;
        ing->pending = 0;
        clock_gettime(CLOCK_MONOTONIC, &ing->txn_started);
    }
    return st;
}

static enum fl_status commit(struct fl_ingest *ing)
{
    if (!ing->in_txn)
        return FL_OK;
    ing->in_txn = false;
    enum fl_status st = fl_db_commit(ing->db, &ing->werr);
    if (st != FL_OK)
        fl_db_rollback(ing->db);
    return st;
}

/* All reasons of F in one line, and the position of the first. */
static void join_problems(const struct fl_filing *f, struct fl_buf *b)
{
    for (size_t i = 0; i < f->nproblems; i++) {
        const struct fl_problem *p = &f->problems[i];
        if (i)
            fl_buf_printf(b, "; %ld:%ld: ", p->line, p->column);
        if (p->field && *p->field)
            fl_buf_printf(b, "%s: ", p->field);
        fl_buf_puts(b, p->msg);
    }
}

static void note_reason(struct doc *d, const struct fl_outcome *o)
{
    d->rejected++;
    fl_buf_printf(&d->reasons, "%ld:%ld: %s: %s\n", o->line, o->column,
                  o->id ? o->id : "(document)", o->error);
}

static enum fl_status store_one(struct fl_ingest *ing, struct doc *d, struct fl_filing *f,
                                const struct fl_classification *c)
{
    enum fl_status st = ensure_txn(ing);
    if (st != FL_OK)
        return st;
    struct fl_outcome o = {.source = d->path, .id = f->id, .line = f->line,
                           .column = f->column};
    struct fl_buf why = FL_BUF_INIT;
    if (f->nproblems) {
        o.status = FL_OUT_REJECTED;
        o.line = f->problems[0].line;
        o.column = f->problems[0].column;
        join_problems(f, &why);
        st = fl_db_store_rejection(ing->db, f, d->path, ing->run_id, &ing->werr);
    } else {
        enum fl_store_result r;
        struct fl_proposal prop = {ing->opts.rules, c, ing->opts.login};
        int64_t case_id = 0;
        st = fl_db_store_filing(ing->db, f, c ? &prop : NULL, d->path, ing->run_id, &r,
                                &case_id, &ing->werr);
        if (st == FL_OK && r == FL_STORE_ACCEPTED && ing->opts.calendar && ing->opts.periods)
            st = fl_db_refresh_status(ing->db, case_id, ing->opts.calendar, ing->opts.periods,
                                      &ing->werr);
        if (st == FL_OK && r == FL_STORE_ACCEPTED) {
            o.status = FL_OUT_ACCEPTED;
            o.track = c ? c->track : NULL;
            o.procedure = c ? c->procedure : NULL;
        } else if (st == FL_OK && r == FL_STORE_DUPLICATE) {
            o.status = FL_OUT_DUPLICATE;
        } else if (st == FL_OK) {
            o.status = FL_OUT_REJECTED;
            fl_buf_printf(&why,
                          "conflict: a filing with id %s but different content was received "
                          "before; the stored one is kept (a new filing needs a new id)",
                          f->id);
            fl_filing_problem(f, f->line, f->column, "", "%s", fl_buf_str(&why));
            st = fl_db_store_rejection(ing->db, f, d->path, ing->run_id, &ing->werr);
        }
    }
    if (st == FL_OK) {
        o.error = o.status == FL_OUT_REJECTED ? fl_buf_str(&why) : NULL;
        if (o.status == FL_OUT_ACCEPTED)
            ing->counts.accepted++;
        else if (o.status == FL_OUT_DUPLICATE)
            ing->counts.duplicates++;
        else
            ing->counts.rejected++;
        if (o.status == FL_OUT_REJECTED)
            note_reason(d, &o);
        if (ing->opts.report)
            ing->opts.report(ing->opts.ctx, &o);
        ing->pending++;
    }
    fl_buf_free(&why);
    return st;
}

/* Write TEXT to PATH atomically (temporary file, then rename). */
static int write_file(const char *path, const char *text, size_t len)
{
    struct fl_buf tmp = FL_BUF_INIT;
    fl_buf_printf(&tmp, "%s.tmp", path);
    if (tmp.failed)
        return -1;
    int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    int ok = fd >= 0;
    for (size_t off = 0; ok && off < len;) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    if (ok && rename(tmp.data, path) != 0)
        ok = 0;
    if (!ok)
        unlink(tmp.data);
    fl_buf_free(&tmp);
    return ok ? 0 : -1;
}

/* Move a spooled file to done/ or rejected/ (with its .err), never over an
 * earlier file of the same name. */
static enum fl_status move_spooled(struct fl_ingest *ing, struct doc *d)
{
    const char *base = strrchr(d->path, '/');
    base = base ? base + 1 : d->path;
    const char *sub = d->rejected ? "rejected" : "done";
    struct fl_buf dest = FL_BUF_INIT, err_path = FL_BUF_INIT;
    enum fl_status st = FL_OK;
    for (int n = 0;; n++) {
        fl_buf_reset(&dest);
        fl_buf_printf(&dest, "%s/%s/%s", d->spool_dir, sub, base);
        if (n)
            fl_buf_printf(&dest, ".%d", n);
        struct stat sb;
        if (dest.failed || stat(dest.data, &sb) != 0)
            break;
    }
    if (d->rejected) {
        fl_buf_printf(&err_path, "%s.err", fl_buf_str(&dest));
        if (err_path.failed ||
            write_file(err_path.data, fl_buf_str(&d->reasons), d->reasons.len) != 0)
            st = fl_fail(&ing->werr, FL_EIO, "cannot write %s: %s", fl_buf_str(&err_path),
                         strerror(errno));
    }
    if (st == FL_OK && (dest.failed || rename(d->path, dest.data) != 0))
        st = fl_fail(&ing->werr, FL_EIO, "cannot move %s to %s: %s", d->path,
                     fl_buf_str(&dest), strerror(errno));
    fl_buf_free(&dest);
    fl_buf_free(&err_path);
    return st;
}

static void doc_free(struct doc *d)
{
    if (!d)
        return;
    free(d->path);
    free(d->spool_dir);
    fl_buf_free(&d->reasons);
    free(d);
}

static void item_free_classification(struct item *it)
{
    if (it->c) {
        fl_classification_clear(it->c);
        free(it->c);
        it->c = NULL;
    }
}

static enum fl_status handle(struct fl_ingest *ing, struct item *it)
{
    enum fl_status st = FL_OK;
    if (it->kind == IT_FILING) {
        st = store_one(ing, it->doc, it->f, it->c);
        fl_filing_free(it->f);
        item_free_classification(it);
        if (st == FL_OK && ing->pending >= ing->opts.chunk)
            st = commit(ing);
    } else if (it->kind == IT_DOC_END) {
        ing->counts.documents++;
        if (it->doc->spool_dir) {
            st = commit(ing);
            if (st == FL_OK)
                st = move_spooled(ing, it->doc);
        }
        doc_free(it->doc);
    } else if (it->kind == IT_INDEX) {
        /* The spool is quiet: index the search words of a batch of the
         * cases stored (fl_db_index_words), unless another is writing. */
        int64_t n;
        st = commit(ing);
        if (st == FL_OK)
            st = fl_db_index_words(ing->db, INDEX_BATCH, false, &n, &ing->werr);
        if (st == FL_EBUSY)
            st = FL_OK;
    }
    return st;
}

static void *writer_main(void *arg)
{
    struct fl_ingest *ing = arg;
    pthread_setname_np(pthread_self(), "fenliu-writer"); /* for profilers and top */
    struct item it;
    for (;;) {
        if (!pop(ing, &it, ing->in_txn ? IDLE_COMMIT_MS : -1)) {
            /* Nothing ready: don't hold the write lock while the reader
             * works, once the transaction has run a while. */
            if (!ing->failed && ms_since(&ing->txn_started) >= IDLE_COMMIT_MS &&
                commit(ing) != FL_OK) {
                pthread_mutex_lock(&ing->mu);
                ing->failed = true;
                pthread_mutex_unlock(&ing->mu);
            }
            continue;
        }
        if (it.kind == IT_STOP)
            break;
        if (ing->failed) { /* drain, so the reader never blocks */
            fl_filing_free(it.f);
            item_free_classification(&it);
            if (it.kind == IT_DOC_END)
                doc_free(it.doc);
            continue;
        }
        if (handle(ing, &it) != FL_OK) {
            if (ing->in_txn) {
                ing->in_txn = false;
                fl_db_rollback(ing->db);
            }
            pthread_mutex_lock(&ing->mu);
            ing->failed = true;
            pthread_mutex_unlock(&ing->mu);
        }
    }
    if (!ing->failed && commit(ing) != FL_OK)
        ing->failed = true;
    return NULL;
}

/* ---- the reader ------------------------------------------------------------ */

struct parse_ctx {
    struct fl_ingest *ing;
    struct doc *doc;
};

/* Classify a valid filing on the reader's thread; a filing the ruleset
 * cannot classify (out of memory) is still stored, unclassified, and the
 * run reports it. */
static struct fl_classification *classify(struct fl_ingest *ing, struct fl_filing *f)
{
    if (!ing->matcher || f->nproblems)
        return NULL;
    struct fl_classification *c = malloc(sizeof *c);
    struct fl_error err;
    if (c && fl_classify(ing->matcher, f, c, &err) == FL_OK && c->track)
        return c;
    if (c && c->track == NULL)
        fl_classification_clear(c);
    free(c);
    return NULL;
}

static int on_filing(void *ctx, struct fl_filing *f)
{
    struct parse_ctx *pc = ctx;
    push(pc->ing, (struct item){IT_FILING, pc->doc, f, classify(pc->ing, f)});
    return writer_failed(pc->ing) ? 1 : 0;
}

/* A rejection of the whole document that is not the parser's: it cannot
 * be read, or is not a regular file.  False when out of memory. */
static bool reject_document(struct parse_ctx *pc, const char *why)
{
    struct fl_filing *f = fl_filing_alloc();
    if (!f)
        return false;
    fl_filing_problem(f, 0, 0, "", "%s", why);
    on_filing(pc, f);
    return true;
}

/* MSG without the "PATH: " that the parser puts first. */
static const char *without_path(const char *msg, const char *path)
{
    size_t n = strlen(path);
    return strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ' ? msg + n + 2 : msg;
}

/* Parse D from FD.  A read error is the document's fault: it is rejected,
 * with the filings before it taken. */
static enum fl_status read_doc(struct fl_ingest *ing, struct doc *d, int fd,
                               struct fl_error *err)
{
    struct parse_ctx pc = {ing, d};
    struct fl_error perr;
    enum fl_status st = fl_parse_fd(fd, d->path, &ing->popts, on_filing, &pc, &perr);
    if (st == FL_OK || writer_failed(ing)) /* the writer's error: reported by fl_ingest_end */
        return FL_OK;
    if (st == FL_EIO) {
        struct fl_buf why = FL_BUF_INIT;
        fl_buf_printf(&why, "reading the file failed (%s); the rest of it was not read",
                      without_path(perr.msg, d->path));
        bool ok = !why.failed && reject_document(&pc, why.data);
        fl_buf_free(&why);
        if (ok)
            return FL_OK;
        st = fl_fail(&perr, FL_ENOMEM, "out of memory");
    }
    *err = perr;
    return st;
}

static struct doc *doc_new(const char *path, const char *spool_dir)
{
    struct doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->path = strdup(path);
    d->spool_dir = spool_dir ? strdup(spool_dir) : NULL;
    if (!d->path || (spool_dir && !d->spool_dir)) {
        free(d->path);
        free(d->spool_dir);
        free(d);
        return NULL;
    }
    return d;
}

/* A spool file (the spool's entries are taken here, after a stat). */
static enum fl_status ingest_file(struct fl_ingest *ing, const char *path,
                                  const char *spool_dir, struct fl_error *err)
{
    struct doc *d = doc_new(path, spool_dir);
    if (!d)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    struct parse_ctx pc = {ing, d};
    enum fl_status st = FL_OK;
    char why[1024];
    int fd = fl_open_document(path, NULL, why, sizeof why);
    if (fd < 0 && !reject_document(&pc, why)) {
        st = fl_fail(err, FL_ENOMEM, "out of memory");
    } else if (fd >= 0) {
        st = read_doc(ing, d, fd, err);
        close(fd);
    }
    push(ing, (struct item){IT_DOC_END, d, NULL, NULL});
    if (writer_failed(ing))
        return FL_EDB; /* the writer's error is reported by fl_ingest_end */
    return st;
}

struct walk_ctx {
    struct fl_ingest *ing;
    struct fl_error *err;
    enum fl_status st;
};

static int walk_one(void *ctx, const struct fl_walk_entry *e)
{
    struct walk_ctx *w = ctx;
    struct doc *d = doc_new(e->path, NULL);
    if (!d) {
        w->st = fl_fail(w->err, FL_ENOMEM, "out of memory");
        return 1;
    }
    struct parse_ctx pc = {w->ing, d};
    char why[1024];
    int fd = -1;
    if (e->errnum)
        snprintf(why, sizeof why, "cannot read the %s: %s", e->folder ? "folder" : "file",
                 strerror(e->errnum));
    else
        fd = fl_open_document(e->path, e->found, why, sizeof why);
    w->st = FL_OK;
    if (fd >= 0) {
        w->st = read_doc(w->ing, d, fd, w->err);
        close(fd);
    } else if (!reject_document(&pc, why)) {
        w->st = fl_fail(w->err, FL_ENOMEM, "out of memory");
    }
    push(w->ing, (struct item){IT_DOC_END, d, NULL, NULL});
    if (w->st == FL_OK && writer_failed(w->ing))
        w->st = FL_EDB; /* the writer's error is reported by fl_ingest_end */
    return w->st != FL_OK;
}

enum fl_status fl_ingest_path(struct fl_ingest *ing, const char *path, struct fl_error *err)
{
    struct walk_ctx w = {ing, err, FL_OK};
    if (fl_walk_xml(path, walk_one, &w) < 0)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    return w.st;
}

/* ---- spool folders ----------------------------------------------------------- */

static enum fl_status make_spool_dirs(const char *dir, struct fl_error *err)
{
    const char *subs[] = {"done", "rejected"};
    for (int i = 0; i < 2; i++) {
        struct fl_buf p = FL_BUF_INIT;
        fl_buf_printf(&p, "%s/%s", dir, subs[i]);
        int bad = p.failed || (mkdir(p.data, 0777) != 0 && errno != EEXIST);
        enum fl_status st = bad ? fl_fail(err, FL_EIO, "cannot create %s: %s", fl_buf_str(&p),
                                          strerror(errno))
                                : FL_OK;
        fl_buf_free(&p);
        if (st != FL_OK)
            return st;
    }
    return FL_OK;
}

static enum fl_status spool_file(struct fl_ingest *ing, const char *dir, const char *name,
                                 struct fl_error *err)
{
    struct fl_buf path = FL_BUF_INIT;
    fl_buf_printf(&path, "%s/%s", dir, name);
    struct stat sb;
    enum fl_status st = FL_OK;
    if (path.failed)
        st = fl_fail(err, FL_ENOMEM, "out of memory");
    else if (stat(path.data, &sb) == 0 && S_ISREG(sb.st_mode))
        st = ingest_file(ing, path.data, dir, err);
    fl_buf_free(&path);
    return st;
}

static enum fl_status spool_once(struct fl_ingest *ing, const char *dir, struct fl_error *err)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, fl_walk_by_name);
    if (n < 0)
        return fl_fail(err, FL_EIO, "cannot read the spool folder %s: %s", dir,
                       strerror(errno));
    enum fl_status st = FL_OK;
    for (int i = 0; i < n; i++) {
        if (st == FL_OK && fl_is_xml_name(names[i]->d_name))
            st = spool_file(ing, dir, names[i]->d_name, err);
        free(names[i]);
    }
    free(names);
    return st;
}

static enum fl_status watch_events(struct fl_ingest *ing, const char *dir, int fd,
                                   volatile sig_atomic_t *stop, struct fl_error *err)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (!*stop) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int r = poll(&pfd, 1, 500);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return fl_fail(err, FL_EIO, "watching %s: %s", dir, strerror(errno));
        if (r == 0) { /* quiet for half a second */
            push(ing, (struct item){IT_INDEX, NULL, NULL, NULL});
            continue;
        }
        ssize_t len = read(fd, buf, sizeof buf);
        if (len < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (len < 0)
            return fl_fail(err, FL_EIO, "watching %s: %s", dir, strerror(errno));
        for (char *p = buf; p < buf + len;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->len && fl_is_xml_name(ev->name)) {
                enum fl_status st = spool_file(ing, dir, ev->name, err);
                if (st != FL_OK)
                    return st;
            }
        }
    }
    return FL_OK;
}

enum fl_status fl_ingest_spool(struct fl_ingest *ing, const char *dir, bool watch,
                               volatile sig_atomic_t *stop, struct fl_error *err)
{
    enum fl_status st = make_spool_dirs(dir, err);
    if (st != FL_OK)
        return st;
    int fd = -1;
    if (watch) {
        /* Watch before the first pass, so no file slips in between. */
        fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0 || inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
            st = fl_fail(err, FL_EIO, "cannot watch %s: %s", dir, strerror(errno));
            if (fd >= 0)
                close(fd);
            return st;
        }
    }
    st = spool_once(ing, dir, err);
    if (st == FL_OK && watch)
        st = watch_events(ing, dir, fd, stop, err);
    if (fd >= 0)
        close(fd);
    return st;
}

/* ---- the run ------------------------------------------------------------------ */

enum fl_status fl_ingest_begin(struct fl_db *db, const struct fl_ingest_opts *opts,
                               struct fl_ingest **out, struct fl_error *err)
{
    *out = NULL;
    struct fl_ingest *ing = calloc(1, sizeof *ing);
    if (!ing)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    ing->db = db;
    ing->opts = *opts;
    if (!ing->opts.chunk)
        ing->opts.chunk = DEFAULT_CHUNK;
    ing->popts.max_filing_bytes = opts->max_filing_bytes;
    if (opts->rules && !(ing->matcher = fl_matcher_alloc(opts->rules))) {
        free(ing);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    enum fl_status st = fl_db_run_start(db, opts->login ? opts->login : "", &ing->run_id, err);
    if (st == FL_OK)
        st = fl_db_stage_status(db, true, err);
    if (st != FL_OK) {
        fl_matcher_free(ing->matcher);
        free(ing);
        return st;
    }
    pthread_mutex_init(&ing->mu, NULL);
    pthread_cond_init(&ing->not_empty, NULL);
    pthread_cond_init(&ing->not_full, NULL);
    if (pthread_create(&ing->writer, NULL, writer_main, ing) != 0) {
        fl_matcher_free(ing->matcher);
        pthread_mutex_destroy(&ing->mu);
        pthread_cond_destroy(&ing->not_empty);
        pthread_cond_destroy(&ing->not_full);
        free(ing);
        return fl_fail(err, FL_ENOMEM, "cannot start the writer thread");
    }
    *out = ing;
    return FL_OK;
}

enum fl_status fl_ingest_end(struct fl_ingest *ing, struct fl_run_counts *counts,
                             struct fl_error *err)
{
    push(ing, (struct item){IT_STOP, NULL, NULL, NULL});
    pthread_join(ing->writer, NULL);
    enum fl_status st = FL_OK;
    if (ing->failed) {
        st = ing->werr.status ? ing->werr.status : FL_EDB;
        if (err)
            *err = ing->werr;
    } else {
        st = fl_db_run_finish(ing->db, ing->run_id, &ing->counts, err);
    }
    fl_db_stage_status(ing->db, false, NULL);
    if (counts)
        *counts = ing->counts;
    pthread_mutex_destroy(&ing->mu);
    pthread_cond_destroy(&ing->not_empty);
    pthread_cond_destroy(&ing->not_full);
    fl_matcher_free(ing->matcher);
    free(ing);
    return st;
}
