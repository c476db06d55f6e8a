/* Ingestion: documents in, every filing accepted, reported as a duplicate,
 * or rejected with its reasons — nothing lost.
 *
 * The calling thread reads and checks documents (parse.h); a writer thread
 * stores what they hold (db.h) in chunked transactions, so two cores work
 * at once.  Outcomes are reported from the writer thread in input order, as
 * soon as each is known; in spool mode a file is moved only after the
 * commit that made its filings durable. */
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
    void *ctx;
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

/* Ingest the *.xml files in spool folder DIR (not its subfolders): each
 * file, once its filings are committed, moves to DIR/done/ or, when any of
 * them was rejected, to DIR/rejected/ with NAME.err beside it listing every
 * reason.  With WATCH, then keep taking files that appear in DIR (written
 * and closed, or moved in) until *STOP becomes non-zero. */
enum fl_status fl_ingest_spool(struct fl_ingest *ing, const char *dir, bool watch,
                               volatile sig_atomic_t *stop, struct fl_error *err);

/* Finish: commit, record the run's counts, stop the writer, free ING.
 * COUNTS (when not NULL) receives the totals. */
enum fl_status fl_ingest_end(struct fl_ingest *ing, struct fl_run_counts *counts,
                             struct fl_error *err);

#endif
