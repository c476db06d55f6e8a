/* Ingestion: documents in, every filing accepted, reported as a duplicate,
 * or rejected with its reasons — nothing lost.
 *
 * The calling thread reads and checks documents (parse.h); a writer thread
 * stores what they hold (db.h), so two cores work at once.  Paths are
 * stored in chunked transactions and their outcomes reported as soon as
 * each is known.  A spool file is one transaction of its own: its rows,
 * its ledger row and its .err are all or nothing, its outcomes are
 * reported once it is committed, and it is moved only after that commit
 * (spool.h). */
#ifndef FL_INGEST_H
#define FL_INGEST_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"
#include "filing.h"
#include "rules.h"

enum fl_outcome_status { FL_OUT_ACCEPTED, FL_OUT_DUPLICATE, FL_OUT_REJECTED };

/* The steps of a spool file's end that a test may interrupt (spool_hook). */
enum fl_spool_step {
    FL_SPOOL_WRITE_ERR, /* about to write its .err (before the commit) */
    FL_SPOOL_COMMITTED, /* committed, not moved yet */
};

struct fl_outcome {
    const char *source;  /* the file */
    const char *id;      /* the filing's id, or NULL when unknown */
    enum fl_outcome_status status;
    const char *error;   /* every reason, "; "-separated; NULL when accepted */
    long line, column;   /* of the first reason, or of the filing; 0 unknown */
    const char *track, *procedure; /* accepted and classified: the proposal */
};

struct fl_ingest_opts {
    const char *login;       /* recorded with the run */
    size_t max_filing_bytes; /* 0: the default 8 MiB */
    size_t chunk;            /* filings per transaction; 0: 2000 */
    const struct fl_rules *rules; /* classify each new case with it; NULL: don't */
    /* Keep each new case's status row (its acceptance clock): both or none. */
    const struct fl_calendar *calendar;
    const struct fl_periods *periods;
    /* Called from the writer thread, in input order. */
    void (*report)(void *ctx, const struct fl_outcome *o);
    /* Called from the writer thread when a spool file stays in the spool
     * for a reason that is not its own (a full disk, a failed move...),
     * with a message saying so; the run goes on. */
    void (*warn)(void *ctx, const char *message);
    /* For tests: called from the writer thread at STEP of each spool file
     * (PATH: DIR/NAME); a non-zero return makes FL_SPOOL_WRITE_ERR fail as
     * with that errno. */
    int (*spool_hook)(void *ctx, enum fl_spool_step step, const char *path);
    void *ctx; /* for report, warn and spool_hook */
};

struct fl_ingest;

/* Start an ingest run on DB (owned by the run until fl_ingest_end). */
enum fl_status fl_ingest_begin(struct fl_db *db, const struct fl_ingest_opts *opts,
                               struct fl_ingest **out, struct fl_error *err);

/* Ingest PATH: a document, or a folder whose *.xml files are taken
 * recursively in name order.  A file that cannot be read, and an entry of
 * a folder that is not a regular file (a symbolic link, FIFO, socket,
 * device: never followed or opened), is a rejected document, not a
 * failure; so is a path named that is not a regular file (a symbolic link
 * to one is followed).  Returns non-FL_OK only when ingestion itself
 * failed (the database, memory). */
enum fl_status fl_ingest_path(struct fl_ingest *ing, const char *path, struct fl_error *err);

/* Ingest the *.xml entries of spool folder DIR (not its subfolders), which
 * other ingesters may share: each file is taken by one of them (locked),
 * and once its filings are committed moves to DIR/done/ or, when any of
 * them was rejected, to DIR/rejected/ with NAME.err beside it listing every
 * reason.  An entry that is not a regular file, or cannot be read, is a
 * rejected document and goes to rejected/ unopened.  A file that cannot
 * be finished for a reason not its own (its .err cannot be written, a
 * move fails) stays in DIR, with nothing of it stored when the commit had
 * not happened, and is reported (warn); the run goes on.  With WATCH,
 * keep taking files that appear in DIR (written and closed, or moved in),
 * and look at DIR again every few seconds of quiet for files left behind,
 * until *STOP becomes non-zero.  Returns non-FL_OK only when the spool
 * cannot be used or the database failed. */
enum fl_status fl_ingest_spool(struct fl_ingest *ing, const char *dir, bool watch,
                               volatile sig_atomic_t *stop, struct fl_error *err);

/* Finish: commit, record the run's counts, stop the writer, free ING.
 * COUNTS (when not NULL) receives the totals, and how many spool files
 * the run left in the spool (COUNTS->left). */
enum fl_status fl_ingest_end(struct fl_ingest *ing, struct fl_run_counts *counts,
                             struct fl_error *err);

#endif
