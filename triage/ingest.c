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
#include "spool.h"
#include "walk.h"

#define QUEUE_CAP 512
#define HANDOFF 64 /* items the reader hands over at once, and the writer takes */
#define DEFAULT_CHUNK 2000
#define IDLE_COMMIT_MS 200
#define INDEX_BATCH 2000 /* cases whose words a quiet spool indexes at a time */
#define SPOOL_AHEAD 8    /* spool files taken and not finished, at most */
#define RESCAN_MS 2000   /* a watched spool quiet this long is looked at again */
#define CLEAN_MS 60000   /* ... and its stale temporaries removed this often */

/* An outcome of a spool file, kept until the file is committed. */
struct held {
    enum fl_outcome_status status;
    char *id, *error, *track, *procedure;
    long line, column;
};

/* One input file.  The reader makes it; the writer frees it at DOC_END. */
struct doc {
    char *path;
    /* Spool mode: the folder, the entry's name (in PATH), the file taken
     * (locked until it has moved; -1 when refused) and its identity. */
    char *spool_dir;
    const char *name;
    int fd;
    struct stat st;
    /* Set by the reader before DOC_BEGIN (not taken) or before DOC_END (not
     * read to its end): leave the file where it is, for this reason. */
    struct fl_error left;
    struct fl_buf reasons; /* the .err text */
    int rejected;
    /* The writer's, in spool mode. */
    bool untaken;                /* the reader's, before DOC_BEGIN: it could not take it */
    bool finish_only;            /* the ledger has it: committed before, only moving is left */
    struct fl_buf dest;          /* where it goes, relative to SPOOL_DIR */
    struct held *held;           /* outcomes, reported once committed */
    size_t nheld, capheld;
    struct fl_run_counts counts; /* the same for the run's counts */
};

enum item_kind { IT_FILING, IT_DOC_BEGIN, IT_DOC_END, IT_INDEX, IT_WARN, IT_STOP };

/* What the reader works out for a valid filing, so the writer only stores. */
struct prepared {
    struct fl_classification c;
    char flags[1024];             /* c's flags, space-separated */
    bool has_status;              /* the new case's status row, computed for ... */
    fl_date day;                  /* ... a filing received on this day */
    struct fl_case_status status;
};

static void prepared_free(struct prepared *p)
{
    if (p) {
        fl_classification_clear(&p->c);
        free(p);
    }
}

struct item {
    enum item_kind kind;
    struct doc *doc;
    struct fl_filing *f;
    struct prepared *c; /* of a valid filing, when classifying */
    char *msg;          /* IT_WARN */
};

/* What the writer is done with, for the reader to free: memory goes back
 * to the thread that took it (glibc's arenas), without the two threads
 * waiting for each other's arena lock. */
struct spent {
    struct fl_filing *f;
    struct prepared *c;
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
    pthread_cond_t not_empty, not_full, doc_room;
    struct item q[QUEUE_CAP];
    size_t head, count;
    struct item out[HANDOFF]; /* the reader's items not handed over yet */
    size_t nout;
    struct spent spent[QUEUE_CAP]; /* the writer's, handed back (under MU) */
    size_t nspent;
    struct spent done[HANDOFF]; /* the writer's own, not handed back yet */
    size_t ndone;
    size_t spool_docs; /* spool files taken and not yet freed */

    /* Writer state. */
    bool in_txn;
    bool spool_txn; /* a spool file's transaction: committed at its end only */
    size_t pending;
    struct timespec txn_started;
    atomic_bool failed; /* the writer hit an error; reader stops */
    struct fl_error werr;
    struct fl_spool_key *left; /* spool files left in the spool, by identity */
    size_t nleft, capleft;
};

/* ---- the queue --------------------------------------------------------- */

static void free_spent(struct spent *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fl_filing_free(s[i].f);
        prepared_free(s[i].c);
    }
}

/* Hand the reader's items over to the writer, waiting for room; take
 * back what the writer is done with, and free it. */
static void flush(struct fl_ingest *ing)
{
    struct spent back[QUEUE_CAP];
    pthread_mutex_lock(&ing->mu);
    while (ing->count + ing->nout > QUEUE_CAP)
        pthread_cond_wait(&ing->not_full, &ing->mu);
    for (size_t i = 0; i < ing->nout; i++)
        ing->q[(ing->head + ing->count + i) % QUEUE_CAP] = ing->out[i];
    ing->count += ing->nout;
    size_t nback = ing->nspent;
    memcpy(back, ing->spent, nback * sizeof *back);
    ing->nspent = 0;
    pthread_cond_signal(&ing->not_empty);
    pthread_mutex_unlock(&ing->mu);
    ing->nout = 0;
    free_spent(back, nback);
}

/* The writer is done with IT's filing: hand it back at the next pop. */
static void spend(struct fl_ingest *ing, struct item *it)
{
    ing->done[ing->ndone++] = (struct spent){it->f, it->c};
    it->f = NULL;
    it->c = NULL;
}

/* Under MU: the writer's spent items go back, as far as there is room
 * (the rest it frees itself, after: *OWN gets how many). */
static void hand_back(struct fl_ingest *ing, size_t *own)
{
    size_t n = QUEUE_CAP - ing->nspent < ing->ndone ? QUEUE_CAP - ing->nspent : ing->ndone;
    memcpy(ing->spent + ing->nspent, ing->done, n * sizeof *ing->done);
    ing->nspent += n;
    memmove(ing->done, ing->done + n, (ing->ndone - n) * sizeof *ing->done);
    ing->ndone -= n;
    *own = ing->ndone;
}

/* Queue IT for the writer.  Filings go over HANDOFF at a time: one item at
 * a time, a fifth of ingest went into waking the writer up.  Anything else
 * (a document's start or end, a stop) goes at once, with what is waiting. */
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
    size_t own;
    pthread_mutex_lock(&ing->mu);
    hand_back(ing, &own);
    if (own) { /* no room: the reader has not flushed for a while */
        pthread_mutex_unlock(&ing->mu);
        free_spent(ing->done, own);
        ing->ndone = 0;
        pthread_mutex_lock(&ing->mu);
    }
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
    else /* a chunk is megabytes: the checkpoints' syncs were a seventh of a run */
        fl_db_start_writeback(ing->db);
    return st;
}

static void rollback(struct fl_ingest *ing)
{
    if (ing->in_txn) {
        ing->in_txn = false;
        fl_db_rollback(ing->db);
    }
    ing->spool_txn = false;
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

static void count(struct fl_run_counts *n, enum fl_outcome_status s)
{
    if (s == FL_OUT_ACCEPTED)
        n->accepted++;
    else if (s == FL_OUT_DUPLICATE)
        n->duplicates++;
    else
        n->rejected++;
}

static char *dup_or_null(const char *s, bool *oom)
{
    char *d = s ? strdup(s) : NULL;
    *oom |= s && !d;
    return d;
}

/* Keep O until D is committed: a spool file that stays in the spool
 * (rolled back) has had no outcome, and is reported when taken again. */
static enum fl_status hold(struct fl_ingest *ing, struct doc *d, const struct fl_outcome *o)
{
    if (d->nheld == d->capheld) {
        size_t cap = d->capheld ? 2 * d->capheld : 16;
        struct held *h = realloc(d->held, cap * sizeof *h);
        if (!h)
            return fl_fail(&ing->werr, FL_ENOMEM, "out of memory");
        d->held = h;
        d->capheld = cap;
    }
    bool oom = false;
    d->held[d->nheld++] = (struct held){o->status, dup_or_null(o->id, &oom),
                                        dup_or_null(o->error, &oom), dup_or_null(o->track, &oom),
                                        dup_or_null(o->procedure, &oom), o->line, o->column};
    count(&d->counts, o->status);
    return oom ? fl_fail(&ing->werr, FL_ENOMEM, "out of memory") : FL_OK;
}

/* D is committed: its outcomes are the run's. */
static void release_held(struct fl_ingest *ing, struct doc *d)
{
    for (size_t i = 0; i < d->nheld && ing->opts.report; i++) {
        const struct held *h = &d->held[i];
        struct fl_outcome o = {d->path, h->id, h->status, h->error, h->line, h->column,
                               h->track, h->procedure};
        ing->opts.report(ing->opts.ctx, &o);
    }
    ing->counts.documents++;
    ing->counts.accepted += d->counts.accepted;
    ing->counts.duplicates += d->counts.duplicates;
    ing->counts.rejected += d->counts.rejected;
}

static enum fl_status outcome(struct fl_ingest *ing, struct doc *d, const struct fl_outcome *o)
{
    if (o->status == FL_OUT_REJECTED)
        note_reason(d, o);
    if (d->spool_dir)
        return hold(ing, d, o);
    count(&ing->counts, o->status);
    if (ing->opts.report)
        ing->opts.report(ing->opts.ctx, o);
    return FL_OK;
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
        st = outcome(ing, d, &o);
        ing->pending++;
    }
    fl_buf_free(&why);
    return st;
}

static void doc_free(struct fl_ingest *ing, struct doc *d)
{
    if (!d)
        return;
    if (d->spool_dir) {
        pthread_mutex_lock(&ing->mu);
        ing->spool_docs--;
        pthread_cond_signal(&ing->doc_room);
        pthread_mutex_unlock(&ing->mu);
    }
    if (d->fd >= 0)
        close(d->fd); /* lets go of the file: another ingester may take it */
    for (size_t i = 0; i < d->nheld; i++) {
        free(d->held[i].id);
        free(d->held[i].error);
        free(d->held[i].track);
        free(d->held[i].procedure);
    }
    free(d->held);
    free(d->path);
    free(d->spool_dir);
    fl_buf_free(&d->reasons);
    fl_buf_free(&d->dest);
    free(d);
}

/* ---- the writer: spool files ------------------------------------------------------ */

static struct fl_spool_key key_of(const struct stat *st)
{
    return (struct fl_spool_key){(int64_t)st->st_dev, (int64_t)st->st_ino,
                                 (int64_t)st->st_size,
                                 (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec};
}

static bool same_key(const struct fl_spool_key *a, const struct fl_spool_key *b)
{
    return a->dev == b->dev && a->ino == b->ino;
}

/* Note that D stays in the spool after a failure (LEFT), or that it no
 * longer does: the run's count of files left is of the last attempts. */
static void note_left(struct fl_ingest *ing, const struct doc *d, bool left)
{
    struct fl_spool_key k = key_of(&d->st);
    for (size_t i = 0; i < ing->nleft; i++)
        if (same_key(&ing->left[i], &k)) {
            if (!left)
                ing->left[i] = ing->left[--ing->nleft];
            return;
        }
    if (!left)
        return;
    if (ing->nleft == ing->capleft) {
        size_t cap = ing->capleft ? 2 * ing->capleft : 8;
        struct fl_spool_key *l = realloc(ing->left, cap * sizeof *l);
        if (!l)
            return; /* only the final count suffers */
        ing->left = l;
        ing->capleft = cap;
    }
    ing->left[ing->nleft++] = k;
}

static void warn(struct fl_ingest *ing, const char *msg)
{
    if (ing->opts.warn)
        ing->opts.warn(ing->opts.ctx, msg);
}

/* D stays in the spool because of E; COMMITTED: its rows are stored. */
static void leave(struct fl_ingest *ing, struct doc *d, const struct fl_error *e,
                  bool committed)
{
    note_left(ing, d, true);
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_printf(&b, "%s stays in the spool: %s; %s", d->path, e->msg,
                  committed ? "its filings are stored, and it will be moved when taken again"
                            : "nothing of it is stored, and it will be taken again");
    warn(ing, b.failed ? e->msg : b.data);
    fl_buf_free(&b);
}

static int hook(struct fl_ingest *ing, enum fl_spool_step step, const struct doc *d)
{
    return ing->opts.spool_hook ? ing->opts.spool_hook(ing->opts.ctx, step, d->path) : 0;
}

/* A spool file starts: its own transaction, in which the ledger says
 * whether it was committed before (by a run that could not move it). */
static enum fl_status begin_spool_doc(struct fl_ingest *ing, struct doc *d)
{
    enum fl_status st = commit(ing); /* a path's filings before it */
    if (st != FL_OK || d->untaken)
        return st;
    st = ensure_txn(ing);
    if (st != FL_OK)
        return st;
    ing->spool_txn = true;
    struct fl_spool_key k = key_of(&d->st);
    return fl_db_spool_find(ing->db, &k, &d->finish_only, &d->dest, &d->reasons, &ing->werr);
}

/* Where D goes, and its .err written to a temporary, before the commit. */
static enum fl_status prepare_move(struct fl_ingest *ing, struct doc *d,
                                   struct fl_err_file *tmp, struct fl_error *e)
{
    enum fl_status st = fl_spool_destination(d->spool_dir, d->rejected ? "rejected" : "done",
                                             d->name, &d->dest, e);
    if (st != FL_OK || !d->rejected)
        return st;
    int fault = hook(ing, FL_SPOOL_WRITE_ERR, d);
    if (fault)
        return fl_fail(e, FL_EIO, "cannot write the .err of %s: %s", d->path, strerror(fault));
    return fl_spool_write_err(d->spool_dir, d->name, &d->st, fl_buf_str(&d->reasons), tmp, e);
}

/* A spool file ends: the .err written, the ledger row, the commit, then
 * the move.  A failure of the database is returned (the run stops, the
 * file stays); any other leaves the file in the spool and goes on. */
static enum fl_status end_spool_doc(struct fl_ingest *ing, struct doc *d)
{
    struct fl_error e;
    if (d->left.status) { /* the reader could not finish it: none of it is kept */
        rollback(ing);
        leave(ing, d, &d->left, false);
        return FL_OK;
    }
    ing->spool_txn = false;
    struct fl_err_file tmp = FL_ERR_FILE_INIT;
    enum fl_status st = FL_OK;
    if (!d->finish_only) {
        if (prepare_move(ing, d, &tmp, &e) != FL_OK) {
            rollback(ing);
            fl_spool_drop_err(&tmp);
            leave(ing, d, &e, false);
            return FL_OK;
        }
        struct fl_spool_key k = key_of(&d->st);
        st = fl_db_spool_record(ing->db, &k, d->spool_dir, d->name, fl_buf_str(&d->dest),
                                d->rejected ? fl_buf_str(&d->reasons) : NULL, ing->run_id,
                                &ing->werr);
    }
    if (st == FL_OK)
        st = commit(ing);
    if (st != FL_OK) {
        fl_spool_drop_err(&tmp);
        return st;
    }
    hook(ing, FL_SPOOL_COMMITTED, d);
    if (!d->finish_only)
        release_held(ing, d);
    st = fl_spool_move(d->spool_dir, d->name, &d->st, fl_buf_str(&d->dest),
                       fl_buf_str(&d->reasons), &tmp, &e);
    fl_spool_drop_err(&tmp);
    if (st != FL_OK)
        leave(ing, d, &e, true);
    else
        note_left(ing, d, false);
    return FL_OK;
}

/* ---- the writer ------------------------------------------------------------------ */

static enum fl_status handle(struct fl_ingest *ing, struct item *it)
{
    enum fl_status st = FL_OK;
    struct doc *d = it->doc;
    if (it->kind == IT_FILING) {
        /* A spool file committed before stores nothing. */
        if (!d->spool_dir || !(d->finish_only || d->untaken))
            st = store_one(ing, d, it->f, it->c);
        spend(ing, it);
        if (st == FL_OK && !ing->spool_txn && ing->pending >= ing->opts.chunk)
            st = commit(ing);
    } else if (it->kind == IT_DOC_BEGIN) {
        st = begin_spool_doc(ing, d);
    } else if (it->kind == IT_DOC_END) {
        if (d->spool_dir)
            st = end_spool_doc(ing, d);
        else
            ing->counts.documents++;
        doc_free(ing, d);
    } else if (it->kind == IT_WARN) {
        warn(ing, it->msg);
        free(it->msg);
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

static void set_failed(struct fl_ingest *ing)
{
    pthread_mutex_lock(&ing->mu);
    atomic_store(&ing->failed, true);
    pthread_cond_signal(&ing->doc_room);
    pthread_mutex_unlock(&ing->mu);
}

/* After a failure: free what comes, so the reader never blocks. */
static void drain(struct fl_ingest *ing, struct item *it)
{
    fl_filing_free(it->f);
    prepared_free(it->c);
    free(it->msg);
    if (it->kind == IT_DOC_END)
        doc_free(ing, it->doc);
}

/* Handle IT, or free it once something failed (so the reader never
 * blocks); false at IT_STOP. */
static bool writer_step(struct fl_ingest *ing, struct item *it)
{
    if (it->kind == IT_STOP)
        return false;
    if (atomic_load(&ing->failed)) {
        drain(ing, it);
        return true;
    }
    if (handle(ing, it) != FL_OK) {
        rollback(ing);
        set_failed(ing);
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
         * once the transaction has run a while — unless it is a spool
         * file's, which is all or nothing. */
        if (n == 0 && !atomic_load(&ing->failed) && !ing->spool_txn &&
            ms_since(&ing->txn_started) >= IDLE_COMMIT_MS && commit(ing) != FL_OK)
            set_failed(ing);
        for (size_t i = 0; i < n; i++)
            if (going)
                going = writer_step(ing, &batch[i]);
            else
                drain(ing, &batch[i]); /* nothing follows a stop */
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
    push(pc->ing, (struct item){IT_FILING, pc->doc, f, classify(pc->ing, f), NULL});
    return writer_failed(pc->ing) ? 1 : 0;
}

static void push_doc(struct fl_ingest *ing, enum item_kind kind, struct doc *d)
{
    push(ing, (struct item){kind, d, NULL, NULL, NULL});
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
 * with the filings before it taken.  Running out of memory is not: a
 * spool file is then left where it is, a path fails the run. */
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
    if (d->spool_dir) {
        d->left = perr;
        return FL_OK;
    }
    *err = perr;
    return st;
}

static struct doc *doc_new(const char *path, const char *spool_dir)
{
    struct doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->fd = -1;
    d->path = strdup(path);
    d->spool_dir = spool_dir ? strdup(spool_dir) : NULL;
    if (!d->path || (spool_dir && !d->spool_dir)) {
        free(d->path);
        free(d->spool_dir);
        free(d);
        return NULL;
    }
    d->name = strrchr(d->path, '/') ? strrchr(d->path, '/') + 1 : d->path;
    return d;
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
    push_doc(w->ing, IT_DOC_END, d);
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

/* Wait for room among the spool files in the pipeline: an ingester that
 * took more than it is about to store would keep them from the others
 * sharing the spool (and hold a descriptor for each). */
static void wait_spool_room(struct fl_ingest *ing)
{
    pthread_mutex_lock(&ing->mu);
    while (ing->spool_docs >= SPOOL_AHEAD && !atomic_load(&ing->failed))
        pthread_cond_wait(&ing->doc_room, &ing->mu);
    ing->spool_docs++;
    pthread_mutex_unlock(&ing->mu);
}

/* Take DIR/NAME, unless another ingester has it or it is gone. */
static enum fl_status spool_file(struct fl_ingest *ing, const char *dir, const char *name,
                                 struct fl_error *err)
{
    struct fl_buf path = FL_BUF_INIT;
    fl_buf_printf(&path, "%s/%s", dir, name);
    struct doc *d = path.failed ? NULL : doc_new(path.data, dir);
    fl_buf_free(&path);
    if (!d)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    wait_spool_room(ing);
    struct fl_claimed c;
    enum fl_claim_result k = fl_spool_claim(d->path, &c);
    if (k == FL_CLAIM_SKIP) {
        doc_free(ing, d);
        return FL_OK;
    }
    d->fd = c.fd;
    d->st = c.st;
    d->untaken = k == FL_CLAIM_FAILED;
    if (d->untaken)
        fl_fail(&d->left, FL_EIO, "%s", c.why);
    push_doc(ing, IT_DOC_BEGIN, d);
    /* From here D->left is the reader's until DOC_END is pushed. */
    struct parse_ctx pc = {ing, d};
    enum fl_status st = FL_OK;
    if (k == FL_CLAIM_TAKEN)
        st = read_doc(ing, d, d->fd, err);
    else if (k == FL_CLAIM_REFUSED && !reject_document(&pc, c.why))
        fl_fail(&d->left, FL_ENOMEM, "out of memory");
    push_doc(ing, IT_DOC_END, d);
    return st == FL_OK && writer_failed(ing) ? FL_EDB : st;
}

/* One pass over DIR, in name order, until *STOP. */
static enum fl_status spool_once(struct fl_ingest *ing, const char *dir,
                                 volatile sig_atomic_t *stop, struct fl_error *err)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, fl_walk_by_name);
    if (n < 0)
        return fl_fail(err, FL_EIO, "cannot read the spool folder %s: %s", dir,
                       strerror(errno));
    enum fl_status st = FL_OK;
    for (int i = 0; i < n; i++) {
        if (st == FL_OK && !(stop && *stop) && fl_is_xml_name(names[i]->d_name))
            st = spool_file(ing, dir, names[i]->d_name, err);
        free(names[i]);
    }
    free(names);
    return st;
}

static void push_warning(struct fl_ingest *ing, const char *msg)
{
    char *m = strdup(msg);
    if (m)
        push(ing, (struct item){IT_WARN, NULL, NULL, NULL, m});
}

struct watch {
    const char *dir;
    int fd;
    volatile sig_atomic_t *stop;
    struct timespec scanned, cleaned;
};

/* Look at the whole spool again: files left behind by a failed attempt or
 * by an ingester that died, and events missed.  A folder that cannot be
 * read now is reported, and looked at again later. */
static enum fl_status rescan(struct fl_ingest *ing, struct watch *w, struct fl_error *err)
{
    if (ms_since(&w->cleaned) >= CLEAN_MS) {
        fl_spool_clean(w->dir);
        clock_gettime(CLOCK_MONOTONIC, &w->cleaned);
    }
    struct fl_error e;
    enum fl_status st = spool_once(ing, w->dir, w->stop, &e);
    clock_gettime(CLOCK_MONOTONIC, &w->scanned);
    if (st == FL_EIO)
        push_warning(ing, e.msg);
    else if (st != FL_OK)
        *err = e;
    return st == FL_EIO ? FL_OK : st;
}

/* Take the files named in the inotify events in BUF (LEN bytes). */
static enum fl_status take_events(struct fl_ingest *ing, struct watch *w, const char *buf,
                                  ssize_t len, struct fl_error *err)
{
    bool overflow = false;
    for (const char *p = buf; p < buf + len;) {
        const struct inotify_event *ev = (const struct inotify_event *)p;
        p += sizeof *ev + ev->len;
        overflow |= (ev->mask & IN_Q_OVERFLOW) != 0;
        if (ev->len && fl_is_xml_name(ev->name)) {
            enum fl_status st = spool_file(ing, w->dir, ev->name, err);
            if (st != FL_OK)
                return st;
        }
    }
    return overflow ? rescan(ing, w, err) : FL_OK; /* events were lost */
}

static enum fl_status watch_events(struct fl_ingest *ing, struct watch *w,
                                   struct fl_error *err)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    clock_gettime(CLOCK_MONOTONIC, &w->scanned);
    w->cleaned = w->scanned;
    enum fl_status st = FL_OK;
    while (st == FL_OK && !*w->stop) {
        struct pollfd pfd = {w->fd, POLLIN, 0};
        int r = poll(&pfd, 1, 500);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return fl_fail(err, FL_EIO, "watching %s: %s", w->dir, strerror(errno));
        if (r == 0) { /* quiet for half a second */
            push(ing, (struct item){IT_INDEX, NULL, NULL, NULL, NULL});
            if (ms_since(&w->scanned) >= RESCAN_MS)
                st = rescan(ing, w, err);
            continue;
        }
        ssize_t len = read(w->fd, buf, sizeof buf);
        if (len < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (len < 0)
            return fl_fail(err, FL_EIO, "watching %s: %s", w->dir, strerror(errno));
        st = take_events(ing, w, buf, len, err);
    }
    return st;
}

enum fl_status fl_ingest_spool(struct fl_ingest *ing, const char *dir, bool watch,
                               volatile sig_atomic_t *stop, struct fl_error *err)
{
    enum fl_status st = make_spool_dirs(dir, err);
    if (st != FL_OK)
        return st;
    fl_spool_clean(dir);
    struct watch w = {dir, -1, stop, {0, 0}, {0, 0}};
    if (watch) {
        /* Watch before the first pass, so no file slips in between. */
        w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (w.fd < 0 || inotify_add_watch(w.fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
            st = fl_fail(err, FL_EIO, "cannot watch %s: %s", dir, strerror(errno));
            if (w.fd >= 0)
                close(w.fd);
            return st;
        }
    }
    st = spool_once(ing, dir, stop, err);
    if (st == FL_OK && watch)
        st = watch_events(ing, &w, err);
    if (w.fd >= 0)
        close(w.fd);
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
    pthread_cond_init(&ing->doc_room, NULL);
    if (pthread_create(&ing->writer, NULL, writer_main, ing) != 0) {
        fl_matcher_free(ing->matcher);
        pthread_mutex_destroy(&ing->mu);
        pthread_cond_destroy(&ing->not_empty);
        pthread_cond_destroy(&ing->not_full);
        pthread_cond_destroy(&ing->doc_room);
        free(ing);
        return fl_fail(err, FL_ENOMEM, "cannot start the writer thread");
    }
    *out = ing;
    return FL_OK;
}

enum fl_status fl_ingest_end(struct fl_ingest *ing, struct fl_run_counts *counts,
                             struct fl_error *err)
{
    push(ing, (struct item){IT_STOP, NULL, NULL, NULL, NULL});
    pthread_join(ing->writer, NULL);
    free_spent(ing->spent, ing->nspent);
    free_spent(ing->done, ing->ndone);
    enum fl_status st = FL_OK;
    if (atomic_load(&ing->failed)) {
        st = ing->werr.status ? ing->werr.status : FL_EDB;
        if (err)
            *err = ing->werr;
    } else {
        st = fl_db_run_finish(ing->db, ing->run_id, &ing->counts, err);
    }
    fl_db_stage_status(ing->db, false, NULL);
    ing->counts.left = (int64_t)ing->nleft;
    if (counts)
        *counts = ing->counts;
    pthread_mutex_destroy(&ing->mu);
    pthread_cond_destroy(&ing->not_empty);
    pthread_cond_destroy(&ing->not_full);
    pthread_cond_destroy(&ing->doc_room);
    fl_matcher_free(ing->matcher);
    free(ing->left);
    free(ing);
    return st;
}
