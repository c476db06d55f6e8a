/* Storage: the only module that speaks SQL.
 *
 * One struct fl_db is one connection, used by one thread at a time.  A
 * writer puts the database in WAL mode, with foreign keys on and a busy
 * timeout (a reader leaves the mode as it finds it), so
 * several processes (clerks' terminals, ingesters) share it; writers take
 * the write lock up front (BEGIN IMMEDIATE) and wait for each other instead
 * of failing with "database is locked".  Only FL_DB_CREATE (fenliu init)
 * makes a database; FL_DB_WRITE brings an older schema up to date with the
 * migrations in schemas/migrations/; FL_DB_READ never writes. */
#ifndef FL_DB_H
#define FL_DB_H
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "filing.h"
#include "calendar.h"
#include "lifecycle.h"
#include "periods.h"
#include "rules.h"

struct fl_db;

/* How fl_db_open opens PATH.  In every mode a missing path or an empty
 * file is refused (FL_ENOTFOUND) unless FL_DB_CREATE, and so are a file
 * that is not an SQLite database and a negative schema version
 * (FL_EINVAL) and a database from a newer fenliu (FL_ENEWER): all before
 * anything is written, so the file is left as it was. */
enum fl_db_mode {
    /* An existing database, read-only (SQLITE_OPEN_READONLY): nothing is
     * written, not even the journal mode, so a read-only file, folder or
     * medium will do.  An older schema is refused (FL_EINVAL: `fenliu
     * init` upgrades it), since the queries need the current one. */
    FL_DB_READ,
    /* An existing fenliu database, read-write; an older schema is
     * migrated.  FL_EIO when it cannot be written. */
    FL_DB_WRITE,
    /* fenliu init: as FL_DB_WRITE, but a missing database is created (with
     * its folder), and an empty file or an SQLite database without a
     * fenliu schema (version 0) is made a fenliu database. */
    FL_DB_CREATE,
};

/* The database path: PATH when given, else $FENLIU_DB, else the default
 * $XDG_DATA_HOME/fenliu/fenliu.db (~/.local/share/fenliu/fenliu.db).
 * Returns a string the caller frees, or NULL when out of memory. */
char *fl_db_path_alloc(const char *path);

/* Open the database at PATH in MODE (migrating it unless FL_DB_READ). */
enum fl_status fl_db_open(const char *path, enum fl_db_mode mode, struct fl_db **out,
                          struct fl_error *err);
void fl_db_close(struct fl_db *db);

/* The schema version this build knows, and the one in the database. */
int fl_db_schema_latest(void);
int fl_db_schema_version(struct fl_db *db);

/* Transactions: begin takes the write lock (waiting for other writers). */
enum fl_status fl_db_begin(struct fl_db *db, struct fl_error *err);
enum fl_status fl_db_commit(struct fl_db *db, struct fl_error *err);
void fl_db_rollback(struct fl_db *db);

/* ---- ingest ---------------------------------------------------------- */

struct fl_run_counts {
    int64_t documents, accepted, duplicates, rejected;
    int64_t left; /* spool files a failure left in the spool (not recorded) */
};

/* Record the start of an ingest run by LOGIN (its own transaction). */
enum fl_status fl_db_run_start(struct fl_db *db, const char *login, int64_t *run_id,
                               struct fl_error *err);
/* Record its end and counts (its own transaction). */
enum fl_status fl_db_run_finish(struct fl_db *db, int64_t run_id,
                                const struct fl_run_counts *counts, struct fl_error *err);

/* A spool file's identity in the ledger (migration 010): what a rename
 * keeps, so it is the same in the spool and in done/ or rejected/. */
struct fl_spool_key {
    int64_t dev, ino, size, mtime_ns;
};

/* Whether the spool file K was committed before, inside the caller's
 * transaction (so that of two ingesters only the first stores it): *FOUND,
 * and then DEST (where it goes, relative to its spool folder, e.g.
 * "rejected/b.xml.1") and ERRTEXT (its .err, empty for done/). */
enum fl_status fl_db_spool_find(struct fl_db *db, const struct fl_spool_key *k, bool *found,
                                struct fl_buf *dest, struct fl_buf *errtext,
                                struct fl_error *err);
/* Record the spool file K, NAME in folder DIR, as committed with what the
 * caller's transaction stores: it goes to DEST with .err text ERRTEXT
 * (NULL for done/). */
enum fl_status fl_db_spool_record(struct fl_db *db, const struct fl_spool_key *k,
                                  const char *dir, const char *name, const char *dest,
                                  const char *errtext, int64_t run_id, struct fl_error *err);

enum fl_store_result {
    FL_STORE_ACCEPTED,  /* new: stored with its case */
    FL_STORE_DUPLICATE, /* the same id with the same content is stored */
    FL_STORE_CONFLICT,  /* the same id with other content is stored */
};

/* How a new case was classified when it was stored (may be absent). */
struct fl_proposal {
    const struct fl_rules *rules;
    const struct fl_classification *c;
    const char *login;
};

/* Store a valid filing F (no problems) that came in SOURCE, inside the
 * caller's transaction, with its classification P (when not NULL) as the
 * case's first decision.  The case has no number until it is accepted.
 * *CASE_ID (when not NULL) receives the new case's id. */
enum fl_status fl_db_store_filing(struct fl_db *db, const struct fl_filing *f,
                                  const struct fl_proposal *p, const char *source,
                                  int64_t run_id, enum fl_store_result *result,
                                  int64_t *case_id, struct fl_error *err);

/* Give case CASE_ID its number, in the form the SPC prescribes, e.g.
 * (2026)川0191民初15号: the year (court-local, now), the court's code CODE
 * (when NULL or empty: the province abbreviation and the last four digits
 * of the filing's six-digit court code), KIND (民初 first-instance civil,
 * 破申 bankruptcy petition under review, 破 accepted bankruptcy) and the
 * next number of that year, court and kind.  OUT (SIZE bytes) receives it.
 * Inside the caller's transaction. */
enum fl_status fl_db_number_case(struct fl_db *db, int64_t case_id, const char *kind,
                                 const char *code, char *out, size_t size,
                                 struct fl_error *err);

/* Log a rejected filing or document (F carries the problems), inside the
 * caller's transaction. */
enum fl_status fl_db_store_rejection(struct fl_db *db, const struct fl_filing *f,
                                     const char *source, int64_t run_id,
                                     struct fl_error *err);

/* ---- reading cases ----------------------------------------------------- */

struct fl_case_row {
    int64_t id;
    const char *case_no; /* NULL until accepted */
    const char *filing_id, *type, *cause, *court, *submitted, *received_at;
    const char *first_plaintiff, *first_defendant; /* or petitioner/debtor */
    int64_t nparties;
    const char *track, *procedure, *flags; /* current decision; NULL if none */
    bool has_claimed;    /* the total claimed is known */
    int64_t claimed_fen; /* as triage computed it (else the amount attributes) */
    /* From the status row (fl_db_queue only; NULL from fl_db_list_cases). */
    const char *state, *judge, *clock, *due; /* due: YYYY-MM-DD or NULL */
    bool paused, provisional;
};

/* What a queue shows: each filter NULL (or "", or false) when not used. */
struct fl_queue_filter {
    const char *track, *procedure, *flag, *judge, *state;
    /* Text in the cause, the case number, the filing id or a party's name
     * (ASCII letters in any case). */
    const char *search;
    bool open_only;     /* leave out closed and not-accepted cases */
    bool pending_first; /* a clerk's queue: filings awaiting the decision on
                         * acceptance (filed, returned, pre-suit mediation)
                         * first, each part most urgent first */
};

/* How many cases match F per track (the track filter of F is ignored).
 * Counted from the tallies migration 006 keeps, so a million cases cost
 * no more than a few; a search also counts the cases its text is in. */
struct fl_queue_counts {
    int64_t simple, complex, unclassified;
};
enum fl_status fl_db_queue_counts(struct fl_db *db, const struct fl_queue_filter *f,
                                  struct fl_queue_counts *out, struct fl_error *err);

/* Cases matching F, most urgent first (earliest due date; no due date
 * last), at most LIMIT (0: all) after OFFSET; *TOTAL (when not NULL) gets
 * how many match in all.  Strings in the row live until FN returns; a
 * non-zero return from FN stops.  A page costs about the same wherever it
 * is in the queue and however few cases the filters leave. */
enum fl_status fl_db_queue(struct fl_db *db, const struct fl_queue_filter *f, int64_t limit,
                           int64_t offset, int64_t *total,
                           int (*fn)(void *ctx, const struct fl_case_row *row), void *ctx,
                           struct fl_error *err);

/* The fields of the queue's filters. */
enum fl_queue_field { FL_QF_TRACK, FL_QF_PROCEDURE, FL_QF_FLAG, FL_QF_JUDGE, FL_QF_STATE };

/* Call FN with each value FIELD has among the cases matching F (leaving
 * out F's own filter on FIELD, and its search), in byte order; flags one
 * by one.  A non-zero return from FN stops. */
enum fl_status fl_db_queue_values(struct fl_db *db, enum fl_queue_field field,
                                  const struct fl_queue_filter *f,
                                  int (*fn)(void *ctx, const char *value), void *ctx,
                                  struct fl_error *err);

/* Call FN for each case, newest first, at most LIMIT (0: all), skipping
 * OFFSET.  *TOTAL (when not NULL) receives the number of cases.  Strings in
 * the row live until FN returns.  A non-zero return from FN stops. */
enum fl_status fl_db_list_cases(struct fl_db *db, int64_t limit, int64_t offset,
                                int64_t *total,
                                int (*fn)(void *ctx, const struct fl_case_row *row),
                                void *ctx, struct fl_error *err);

struct fl_case {
    int64_t id;
    char *case_no, *source, *received_at;
    char *track, *procedure; /* the current decision, or NULL */
    long line;
    struct fl_filing *filing; /* every field as stored, plus raw bytes */
};

/* Load one case by its case number or its filing's id; FL_ENOTFOUND when
 * there is none.  Free with fl_case_free. */
enum fl_status fl_db_load_case(struct fl_db *db, const char *key, struct fl_case **out,
                               struct fl_error *err);
void fl_case_free(struct fl_case *c);

/* ---- triage decisions ------------------------------------------------- */

/* The ruleset that classifies new filings in this database: the one made
 * active with fl_db_set_active_ruleset, else the built-in default. */
enum fl_status fl_db_active_ruleset(struct fl_db *db, struct fl_rules **out,
                                    struct fl_error *err);
/* Make R the active ruleset (recording it; its own transaction). */
enum fl_status fl_db_set_active_ruleset(struct fl_db *db, const struct fl_rules *r,
                                        struct fl_error *err);

/* Record P as a new proposal for case CASE_ID (caller's transaction). */
enum fl_status fl_db_store_proposal(struct fl_db *db, int64_t case_id,
                                    const struct fl_proposal *p, struct fl_error *err);

/* A judge's decision on the case KEY (case number or filing id), inside
 * the caller's transaction (fl_case_step's "retrack"): a new decision row
 * with REASON, pointing at the proposal it overrules, keeping FLAGS (the
 * facts triage found, such as foreign-related: a new track does not
 * change them).  FL_ENOTFOUND for no such case, FL_EINVAL when the
 * procedure does not fit the case's type or the track. */
enum fl_status fl_db_add_judge_decision(struct fl_db *db, const char *key, const char *track,
                                        const char *procedure, const char *flags,
                                        const char *reason, const char *login,
                                        int64_t *decision_id, struct fl_error *err);

struct fl_decision_row {
    int64_t id;
    const char *kind, *track, *procedure, *flags, *decided_by, *reason, *login, *at;
    const char *ruleset_name, *ruleset_version, *ruleset_hash; /* proposals */
    bool has_amount;
    int64_t amount_fen;
    int64_t proposal; /* judge: the proposal it overrules, else 0 */
};

struct fl_hit_row {
    const char *rule, *field, *text;
    long offset; /* -1 when not text */
};

/* Every decision on case CASE_ID, oldest first; for each, FN gets the row
 * and its hits and failures ("rule: message" strings).  Strings live
 * until FN returns. */
enum fl_status fl_db_case_decisions(
    struct fl_db *db, int64_t case_id,
    int (*fn)(void *ctx, const struct fl_decision_row *d, const struct fl_hit_row *hits,
              size_t nhits, const char *const *failures, size_t nfailures),
    void *ctx, struct fl_error *err);

struct fl_rule_stat {
    const char *rule;
    int64_t fired;           /* cases whose current proposal it fired in */
    int64_t decided;         /* ... and decided */
    int64_t overruled;       /* cases it decided that a judge then moved */
    int64_t overruled_fired; /* cases it fired in that a judge then moved */
};

/* Per rule of the current proposals, most fired first. */
enum fl_status fl_db_rule_stats(struct fl_db *db,
                                int (*fn)(void *ctx, const struct fl_rule_stat *s), void *ctx,
                                struct fl_error *err);

/* One stored case as reclassification needs it. */
struct fl_stored_case {
    int64_t id;
    const char *case_no, *filing_id, *encoding, *ns_context;
    const unsigned char *raw;
    size_t raw_len;
    const char *track, *procedure; /* current decision; NULL when none */
    const char *ruleset_hash;      /* of the current proposal, or NULL */
    bool judge_decided;            /* a judge has decided this case */
};

/* Call FN for every case, in case order, AFTER_ID excluded, at most LIMIT
 * (a page; call again from the last id).  *COUNT gets how many were seen. */
enum fl_status fl_db_cases_page(struct fl_db *db, int64_t after_id, int64_t limit,
                                int (*fn)(void *ctx, const struct fl_stored_case *c),
                                void *ctx, int64_t *count, struct fl_error *err);

/* ---- settings -------------------------------------------------------- */

/* The setting KEY (e.g. "court_code") into OUT; false when not set. */
bool fl_db_setting(struct fl_db *db, const char *key, char *out, size_t size);
enum fl_status fl_db_set_setting(struct fl_db *db, const char *key, const char *value,
                                 struct fl_error *err);

/* ---- users ---------------------------------------------------------------- */

/* The role of LOGIN ("clerk", "judge", "president", "admin") into OUT;
 * false when LOGIN is not a user. */
bool fl_db_user_role(struct fl_db *db, const char *login, char *out, size_t size);
/* Add or change a user.  BY is the login doing it. */
enum fl_status fl_db_set_user(struct fl_db *db, const char *login, const char *role,
                              const char *by, struct fl_error *err);
/* How many users there are. */
int64_t fl_db_user_count(struct fl_db *db);
/* Call FN for each user, by login. */
enum fl_status fl_db_users(struct fl_db *db,
                           int (*fn)(void *ctx, const char *login, const char *role,
                                     const char *added_by, const char *at),
                           void *ctx, struct fl_error *err);

/* ---- the calendar ------------------------------------------------------- */

/* The built-in calendar with every notice loaded into this database and
 * every day set, in the order they were recorded. */
enum fl_status fl_db_calendar(struct fl_db *db, struct fl_calendar **out, struct fl_error *err);
/* Keep a holiday notice (already checked) / a court's own day. */
enum fl_status fl_db_add_calendar_document(struct fl_db *db, const char *name, const char *xml,
                                           size_t len, const char *login,
                                           struct fl_error *err);
enum fl_status fl_db_add_calendar_day(struct fl_db *db, fl_date d, bool closed,
                                      const char *reason, const char *login,
                                      struct fl_error *err);

/* The statutory periods: the document made active with
 * fl_db_set_periods, else the built-in schemas/periods.xml. */
enum fl_status fl_db_periods(struct fl_db *db, struct fl_periods **out, struct fl_error *err);
/* Make the periods document XML (already checked) the active one. */
enum fl_status fl_db_set_periods(struct fl_db *db, const char *xml, size_t len,
                                 struct fl_error *err);

/* What every clock needs: this database's calendar (fl_db_calendar) and
 * periods (fl_db_periods).  On failure neither is left allocated. */
enum fl_status fl_db_clock_data(struct fl_db *db, struct fl_calendar **cal,
                                struct fl_periods **periods, struct fl_error *err);

/* ---- the lifecycle ------------------------------------------------------ */

/* A case with its events, as the lifecycle replays it. */
struct fl_case_life {
    int64_t case_id;
    char filing_id[72], case_no[64], type[16], procedure[24];
    char track[16], flags[256]; /* of the current decision; "" when none */
    int64_t decision_id;        /* the current decision's id; 0 when none */
    bool foreign;      /* the current classification says foreign-related */
    fl_date received;  /* court-local date the filing was received */
    struct fl_event *events;
    size_t nevents;
    struct fl_buf *strings; /* backs the events' strings */
};
void fl_case_life_free(struct fl_case_life *c);

/* Load the case KEY (filing id or case number) and its events. */
enum fl_status fl_db_case_life(struct fl_db *db, const char *key, struct fl_case_life *out,
                               struct fl_error *err);

/* Append an event (caller's transaction). */
enum fl_status fl_db_append_event(struct fl_db *db, int64_t case_id, const char *kind,
                                  fl_date effective, const char *args, const char *reason,
                                  const char *login, struct fl_error *err);

/* Rewrite case CASE_ID's row of case_status (state, track, procedure,
 * flags, judge, the most pressing open clock and its due date) from its
 * events and current decision, inside the caller's transaction. */
enum fl_status fl_db_refresh_status(struct fl_db *db, int64_t case_id,
                                    const struct fl_calendar *cal,
                                    const struct fl_periods *periods, struct fl_error *err);
/* Write STATUS as case CASE_ID's status row (staged, when staging), with
 * its current decision's TRACK and FLAGS: for a case whose status the
 * caller computed (fl_life_status), e.g. a new one on ingest's reader. */
enum fl_status fl_db_put_status(struct fl_db *db, int64_t case_id, const char *track,
                                const char *flags, const struct fl_case_status *status,
                                struct fl_error *err);
/* The court-local date a filing stored now is received on (its
 * received_at, from which its acceptance clock runs). */
fl_date fl_db_received_date(struct fl_db *db);

/* Ingest leaves the words of new cases (case number, filing id, party
 * names and ID numbers) unindexed: searching checks them directly, which costs a little
 * for each such case.  Index the words of the next MOST of them in one
 * transaction; *INDEXED gets how many (0: none was left).  Unless WAIT,
 * give up at once (FL_EBUSY) when another connection is writing. */
enum fl_status fl_db_index_words(struct fl_db *db, int64_t most, bool wait, int64_t *indexed,
                                 struct fl_error *err);
/* How many cases have words not yet indexed. */
enum fl_status fl_db_words_left(struct fl_db *db, int64_t *left, struct fl_error *err);

/* With ON, fl_db_refresh_status stages status rows in a temporary table
 * and the next fl_db_commit writes them all at once into case_status
 * (ingest: thousands of rows in one statement cost a tenth of what they
 * do one by one).  Nothing reads the staged rows before then; turned off,
 * the rows staged are still written by the next commit (or dropped by a
 * rollback). */
enum fl_status fl_db_stage_status(struct fl_db *db, bool on, struct fl_error *err);
/* The same for every case (own transactions); *COUNT gets how many. */
enum fl_status fl_db_refresh_all_status(struct fl_db *db, const struct fl_calendar *cal,
                                        const struct fl_periods *periods, int64_t *count,
                                        struct fl_error *err);

/* Call FN for every case with its events, in case order. */
enum fl_status fl_db_each_case_life(struct fl_db *db,
                                    int (*fn)(void *ctx, const struct fl_case_life *c),
                                    void *ctx, struct fl_error *err);

/* ---- notes and changes ------------------------------------------------------ */

/* Add a note by AUTHOR to the case KEY; PRIVATE notes are seen by their
 * author only.  Its own transaction. */
enum fl_status fl_db_add_note(struct fl_db *db, const char *key, const char *author,
                              bool private_note, const char *text, struct fl_error *err);
/* The notes on case CASE_ID that READER may see, oldest first. */
enum fl_status fl_db_case_notes(struct fl_db *db, int64_t case_id, const char *reader,
                                int (*fn)(void *ctx, const char *author, bool private_note,
                                          const char *text, const char *at),
                                void *ctx, struct fl_error *err);
/* A number that changes whenever another connection commits a change
 * (PRAGMA data_version): a screen polls it to show others' work. */
int64_t fl_db_data_version(struct fl_db *db);
/* How long a write waits for another writer before failing with FL_EBUSY
 * (default two minutes; the terminal interface waits less, so that its
 * keyboard never freezes). */
void fl_db_set_busy_timeout(struct fl_db *db, int ms);

/* Start the system writing out what commits left in its cache of the
 * database and its write-ahead log, and return at once: the sync each
 * checkpoint makes (one every 32 MiB of log) then waits for far less.
 * It changes nothing of what is durable when. */
void fl_db_start_writeback(struct fl_db *db);

enum fl_count { FL_COUNT_CASES, FL_COUNT_FILINGS, FL_COUNT_REJECTIONS, FL_COUNT_RUNS };

/* How many of WHAT are stored. */
enum fl_status fl_db_count(struct fl_db *db, enum fl_count what, int64_t *n,
                           struct fl_error *err);

/* ---- the intake desk ----------------------------------------------------------- */

/* The states in which a filing awaits the court's decision on acceptance,
 * and so sits in an inbox: filed, returned (for correction), pre-suit
 * mediation. */

/* A filing in an inbox.  Strings live until the callback returns. */
struct fl_intake_row {
    int64_t case_id;
    const char *filing_id, *type, *cause;
    const char *first_plaintiff, *first_defendant; /* or petitioner/debtor */
    const char *received;                          /* filings.received_at */
    const char *state, *clerk;                     /* clerk NULL: the section's */
    const char *track, *procedure, *due;           /* from the status row */
};

/* The filings awaiting the decision on acceptance in CLERK's inbox (NULL
 * or "": the section's inbox, those routed to nobody), oldest first, at
 * most LIMIT (0: all) after OFFSET; *TOTAL (when not NULL) gets how many
 * there are.  A non-zero return from FN stops. */
enum fl_status fl_db_inbox(struct fl_db *db, const char *clerk, int64_t limit, int64_t offset,
                           int64_t *total,
                           int (*fn)(void *ctx, const struct fl_intake_row *row), void *ctx,
                           struct fl_error *err);

/* A clerk's load: the filings in their inbox and when the oldest of them
 * was received (NULL when none).  ROLE is NULL for a login that holds
 * filings but is not a user (any more). */
struct fl_clerk_load {
    const char *login, *role, *oldest;
    int64_t filings;
};

/* Every user with the role clerk, and every other login holding filings,
 * most filings first (then by login), at most LIMIT (0: all) after OFFSET;
 * *TOTAL (when not NULL) gets how many. */
enum fl_status fl_db_clerk_loads(struct fl_db *db, int64_t limit, int64_t offset,
                                 int64_t *total,
                                 int (*fn)(void *ctx, const struct fl_clerk_load *row),
                                 void *ctx, struct fl_error *err);

/* An ingest run as recorded.  REJECTED counts every rejected filing,
 * CONFLICTS among them (same id, other content); FINISHED_AT is NULL while
 * the run goes on, or when it stopped before its end (then the counts were
 * never written). */
struct fl_run_row {
    int64_t id;
    const char *started_at, *finished_at, *login;
    int64_t documents, accepted, duplicates, rejected, conflicts;
};

/* The ingest runs, newest first, at most LIMIT (0: all) after OFFSET. */
enum fl_status fl_db_runs(struct fl_db *db, int64_t limit, int64_t offset, int64_t *total,
                          int (*fn)(void *ctx, const struct fl_run_row *row), void *ctx,
                          struct fl_error *err);

/* A rejected filing or document.  REASONS has one line per reason,
 * "LINE:COLUMN: FIELD: message" (no FIELD: "LINE:COLUMN: message"); LINE
 * and COLUMN (0: unknown) are where the filing starts in SOURCE, and RAW
 * (NULL when the bytes could not be cut out) starts there, in ENCODING
 * (NULL: not recorded).  Listings leave RAW NULL and set HAS_RAW. */
struct fl_rejection_row {
    int64_t id, run_id; /* run_id 0: none recorded */
    const char *source, *filing_id, *reasons, *at, *encoding;
    long line, column;
    bool has_raw;
    const unsigned char *raw; /* the filing's bytes, or an excerpt of them: */
    size_t raw_len;
    long raw_line;     /* 0: RAW is the whole filing, from LINE, COLUMN; else the excerpt
                        * (excerpt.h) starts on this document line */
    int64_t raw_total; /* with RAW_LINE: how long the whole filing was */
};

/* The rejections of run RUN_ID (0: of every run), newest first, at most
 * LIMIT (0: all) after OFFSET; *TOTAL (when not NULL) gets how many. */
enum fl_status fl_db_rejections(struct fl_db *db, int64_t run_id, int64_t limit,
                                int64_t offset, int64_t *total,
                                int (*fn)(void *ctx, const struct fl_rejection_row *row),
                                void *ctx, struct fl_error *err);
/* One rejection, with its bytes; FL_ENOTFOUND when there is none. */
enum fl_status fl_db_rejection(struct fl_db *db, int64_t id,
                               int (*fn)(void *ctx, const struct fl_rejection_row *row),
                               void *ctx, struct fl_error *err);

/* Another case sharing a party with a case: BY_NAME the names shared,
 * BY_IDNO the names (in the other case) of parties with the same ID
 * number; each comma-separated, or NULL. */
struct fl_related_case {
    int64_t id;
    const char *case_no, *filing_id, *cause, *state, *received, *by_name, *by_idno;
};

/* The other cases with a party of the same name or ID number as a party of
 * case CASE_ID, newest first, at most LIMIT (0: all); *TOTAL (when not
 * NULL) gets how many there are.  By index (parties_name, parties_idno). */
enum fl_status fl_db_same_parties(struct fl_db *db, int64_t case_id, int64_t limit,
                                  int64_t *total,
                                  int (*fn)(void *ctx, const struct fl_related_case *row),
                                  void *ctx, struct fl_error *err);

#endif
