/* Ingestion pipeline (see ingest.h): a reader (the caller's thread) and a
 * writer thread joined by a bounded queue. */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
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
#define HANDOFF 64 /* items the reader hands over at once, and the writer takes */
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

/* What the reader works out for a valid filing, so the writer only stores. */
struct prepared {
    struct fl_classification c;
    char flags[1024];             /* c's flags, space-separated */
    bool has_status;              /* the new case's status row, computed for ... */
    fl_date day;                  /* ... a filing received on this day */
    struct fl_case_status status;
};

struct item {
    enum item_kind kind;
    struct doc *doc;
    struct fl_filing *f;
    struct prepared *c; /* of a valid filing, when classifying */
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
    struct item out[HANDOFF]; /* the reader's items not handed over yet */
    size_t nout;

    /* Writer state. */
    bool in_txn;
    size_t pending;
    struct timespec txn_started;
    atomic_bool failed; /* the writer hit an error; reader stops */
    struct fl_error werr;
};

/* ---- the queue --------------------------------------------------------- */

/* Hand the reader's items over to the writer, waiting for room. */
static void flush(struct fl_ingest *ing)
{
    pthread_mutex_lock(&ing->mu);
    while (ing->count + ing->nout > QUEUE_CAP)
        pthread_cond_wait(&ing->not_full, &ing->mu);
    for (size_t i = 0; i < ing->nout; i++)
        ing->q[(ing->head + ing->count + i) % QUEUE_CAP] = ing->out[i];
    ing->count += ing->nout;
    pthread_cond_signal(&ing->not_empty);
    pthread_mutex_unlock(&ing->mu);
    ing->nout = 0;
}

/* Queue IT for the writer.  Filings go over HANDOFF at a time: one item at
 * a time, a fifth of ingest went into waking the writer up.  Anything else
 * (the end of a document, a stop) goes at once, with what is waiting. */
static void push(struct fl_ingest *ing, struct item it)
{
    ing->out[ing->nout++] = it;
    if (ing->nout == HANDOFF || it.kind != IT_FILING)
        flush(ing);
}

/* Take up to MAX items into OUT, waiting at most TIMEOUT_MS (-1: forever);
 * how many (0 on timeout). */
static size_t pop(struct fl_ingest *ing, struct item *out, size_t max, int timeout_ms)
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
    size_t n = ing->count < max ? ing->count : max;
    for (size_t i = 0; i < n; i++)
        out[i] = ing->q[(ing->head + i) % QUEUE_CAP];
    ing->head = (ing->head + n) % QUEUE_CAP;
    ing->count -= n;
    if (n)
        pthread_cond_signal(&ing->not_full);
    pthread_mutex_unlock(&ing->mu);
    return n;
}

static bool writer_failed(struct fl_ingest *ing)
{
    return atomic_load(&ing->failed);
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

/* The new case's status row: as the reader computed it, unless the day
 * has turned since (the filing is received on the writer's day). */
static enum fl_status new_status(struct fl_ingest *ing, int64_t case_id,
                                 const struct prepared *c)
{
    if (c && c->has_status && c->day == fl_db_received_date(ing->db))
        return fl_db_put_status(ing->db, case_id, c->c.track, c->flags, &c->status, &ing->werr);
    return fl_db_refresh_status(ing->db, case_id, ing->opts.calendar, ing->opts.periods,
                                &ing->werr);
}

static enum fl_status store_one(struct fl_ingest *ing, struct doc *d, struct fl_filing *f,
                                const struct prepared *pc)
{
    const struct fl_classification *c = pc ? &pc->c : NULL;
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
            st = new_status(ing, case_id, pc);
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
        fl_classification_clear(&it->c->c);
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

/* Give back what an item holds, unhandled (after a failure). */
static void item_drop(struct item *it)
{
    fl_filing_free(it->f);
    item_free_classification(it);
    if (it->kind == IT_DOC_END)
        doc_free(it->doc);
}

/* Handle IT, or drop it once something failed (so the reader never
 * blocks); false at IT_STOP. */
static bool writer_step(struct fl_ingest *ing, struct item *it)
{
    if (it->kind == IT_STOP)
        return false;
    if (atomic_load(&ing->failed)) {
        item_drop(it);
        return true;
    }
    if (handle(ing, it) != FL_OK) {
        if (ing->in_txn) {
            ing->in_txn = false;
            fl_db_rollback(ing->db);
        }
        atomic_store(&ing->failed, true);
    }
    return true;
}

static void *writer_main(void *arg)
{
    struct fl_ingest *ing = arg;
    pthread_setname_np(pthread_self(), "fenliu-writer"); /* for profilers and top */
    struct item batch[HANDOFF];
    bool going = true;
    while (going) {
        size_t n = pop(ing, batch, HANDOFF, ing->in_txn ? IDLE_COMMIT_MS : -1);
        /* Nothing ready: don't hold the write lock while the reader works,
         * once the transaction has run a while. */
        if (n == 0 && !atomic_load(&ing->failed) &&
            ms_since(&ing->txn_started) >= IDLE_COMMIT_MS && commit(ing) != FL_OK)
            atomic_store(&ing->failed, true);
        for (size_t i = 0; i < n; i++)
            if (going)
                going = writer_step(ing, &batch[i]);
            else
                item_drop(&batch[i]); /* nothing follows a stop */
    }
    if (!atomic_load(&ing->failed) && commit(ing) != FL_OK)
        atomic_store(&ing->failed, true);
    return NULL;
}

/* ---- the reader ------------------------------------------------------------ */

struct parse_ctx {
    struct fl_ingest *ing;
    struct doc *doc;
};

/* The status row a new case gets (fl_life_status): computed here, on the
 * reader's thread, which has time the writer has not. */
static void prepare_status(struct fl_ingest *ing, const struct fl_filing *f, struct prepared *p)
{
    if (!ing->opts.calendar || !ing->opts.periods)
        return;
    char procedure[24];
    bool foreign;
    fl_life_start(f->type, p->c.procedure, p->flags, procedure, sizeof procedure, &foreign);
    struct fl_life life;
    p->day = fl_date_today();
    fl_life_replay(&life, p->day, procedure, foreign, NULL, 0);
    fl_life_status(&life, ing->opts.calendar, ing->opts.periods, p->day, &p->status);
    p->has_status = true;
}

/* Classify a valid filing on the reader's thread; a filing the ruleset
 * cannot classify (out of memory) is still stored, unclassified, and the
 * run reports it. */
static struct prepared *classify(struct fl_ingest *ing, struct fl_filing *f)
{
    if (!ing->matcher || f->nproblems)
        return NULL;
    struct prepared *p = calloc(1, sizeof *p);
    struct fl_error err;
    if (!p || fl_classify(ing->matcher, f, &p->c, &err) != FL_OK || !p->c.track) {
        if (p && p->c.track == NULL)
            fl_classification_clear(&p->c);
        free(p);
        return NULL;
    }
    size_t len = 0;
    for (size_t i = 0; i < p->c.nflags && len < sizeof p->flags; i++) {
        int n = snprintf(p->flags + len, sizeof p->flags - len, "%s%s", i ? " " : "",
                         p->c.flags[i]);
        len += n > 0 ? (size_t)n : 0;
    }
    if (len < sizeof p->flags) /* else the writer works the row out from the decision */
        prepare_status(ing, f, p);
    return p;
}

static int on_filing(void *ctx, struct fl_filing *f)
{
    struct parse_ctx *pc = ctx;
    push(pc->ing, (struct item){IT_FILING, pc->doc, f, classify(pc->ing, f)});
    return writer_failed(pc->ing) ? 1 : 0;
}

/* A rejection that is not the parser's: the file or folder cannot be read. */
static void reject_unreadable(struct parse_ctx *pc, const char *what, int errnum)
{
    struct fl_filing *f = fl_filing_alloc();
    if (!f)
        return;
    fl_filing_problem(f, 0, 0, "", "cannot read the %s: %s", what, strerror(errnum));
    on_filing(pc, f);
}

static enum fl_status ingest_file(struct fl_ingest *ing, const char *path,
                                  const char *spool_dir, struct fl_error *err)
{
    struct doc *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(path)) || (spool_dir && !(d->spool_dir = strdup(spool_dir)))) {
        doc_free(d);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    struct parse_ctx pc = {ing, d};
    enum fl_status st = FL_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        reject_unreadable(&pc, "file", errno);
    } else {
        st = fl_parse_fd(fd, path, &ing->popts, on_filing, &pc, err);
        close(fd);
    }
    push(ing, (struct item){IT_DOC_END, d, NULL, NULL});
    if (writer_failed(ing))
        return FL_EDB; /* the writer's error is reported by fl_ingest_end */
    return st == FL_EIO ? FL_OK : st;
}

struct walk_ctx {
    struct fl_ingest *ing;
    struct fl_error *err;
    enum fl_status st;
};

static int walk_one(void *ctx, const char *path, int errnum)
{
    struct walk_ctx *w = ctx;
    if (!errnum) {
        w->st = ingest_file(w->ing, path, NULL, w->err);
        return w->st != FL_OK;
    }
    /* A folder that cannot be read is a rejected "document". */
    struct doc *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(path))) {
        doc_free(d);
        w->st = fl_fail(w->err, FL_ENOMEM, "out of memory");
        return 1;
    }
    struct parse_ctx pc = {w->ing, d};
    reject_unreadable(&pc, "folder", errnum);
    push(w->ing, (struct item){IT_DOC_END, d, NULL, NULL});
    return 0;
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
    if (atomic_load(&ing->failed)) {
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
