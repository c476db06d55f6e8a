/* The civil case lifecycle (分调裁审) and its clocks.
 *
 * A case's life is the list of its events (table events), never edited:
 * this module replays them into a state, a procedure and the open clocks,
 * and decides whether a new event is possible.  It does no I/O: the
 * storage module reads and appends events, the front ends call
 * fl_life_check before appending one.
 *
 *   filed ── return ──> returned ── correct ──> filed
 *   filed ── mediate ──> pre-suit-mediation ── mediation-end failed ──> filed
 *                                           ── mediation-end settled ──> closed
 *   filed ── accept ──> accepted ── assign ──> trial ── close ──> closed
 *   filed ── refuse ──> not-accepted
 *   filed/returned/pre-suit-mediation ── route ──> the same state, in a clerk's
 *     inbox (intake; no clock moves)
 *   accepted/trial ── mediate ──> in-suit-mediation ── mediation-end ──> trial
 *   accepted/trial/in-suit-mediation: suspend, resume, extend, convert,
 *     approve, decline, counterclaim, close
 *
 * Clocks: acceptance (7 days from receipt or the correction; paused by
 * pre-suit mediation), trial limit (from acceptance; by procedure; minus
 * excluded intervals; plus approved extensions; none when foreign-related),
 * and mediation.  Periods come from schemas/periods.xml (periods.h). */
#ifndef FL_LIFECYCLE_H
#define FL_LIFECYCLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "periods.h"

enum fl_state {
    FL_ST_FILED,
    FL_ST_RETURNED,
    FL_ST_PRESUIT_MEDIATION,
    FL_ST_ACCEPTED,
    FL_ST_NOT_ACCEPTED,
    FL_ST_INSUIT_MEDIATION,
    FL_ST_TRIAL,
    FL_ST_CLOSED,
};
const char *fl_state_name(enum fl_state s);

/* One stored event, as the lifecycle sees it.  ARGS is "key=value" lines. */
struct fl_event {
    int64_t id;
    const char *kind;
    fl_date effective;
    const char *args;
    const char *reason, *login, *at;
};

/* The value of KEY in ARGS, copied into OUT (SIZE bytes); false if absent. */
bool fl_event_arg(const char *args, const char *key, char *out, size_t size);
/* Whether WORD is one of the space-separated words of LIST. */
bool fl_word_in(const char *word, const char *list);

#define FL_MAX_INTERVALS 32

/* An interval that stops a clock: pre-suit mediation (acceptance clock),
 * appraisal, public notice, jurisdiction objection, suspension, settlement
 * talks, adjournment (trial clock). */
struct fl_interval {
    char kind[24];
    fl_date start, expected_end; /* expected_end 0: none given */
    fl_date end;                 /* 0 while open */
};

struct fl_life {
    enum fl_state state;
    fl_date received;
    char procedure[24];  /* small-claims, summary, ordinary, fast-adjudication;
                          * bankruptcy: bk-simple, bk-ordinary */
    bool foreign;        /* no trial limit */
    char judge[64];
    char clerk[64];      /* intake: whose inbox the filing is in ("" unassigned) */
    char case_no[64];
    fl_date acceptance_start; /* receipt or the last correction */
    fl_date accepted_on;      /* 0 until accepted */
    fl_date mediation_start;  /* of the open mediation, or 0 */
    struct fl_interval intervals[FL_MAX_INTERVALS];
    size_t nintervals;
    int ext_months, ext_days, ext_workdays, extensions; /* approved */
    char pending_convert[24]; /* procedure asked for, awaiting approval */
    char pending_extend[16];  /* "1m", "30d"… awaiting approval */
    int proposals_open, proposals_accepted, proposals_declined;
    char closed_how[24];
    fl_date closed_on;
};

/* Replay EVENTS (oldest first) of a case received on RECEIVED whose
 * current classification proposes PROCEDURE (foreign: no trial limit). */
void fl_life_replay(struct fl_life *life, fl_date received, const char *procedure, bool foreign,
                    const struct fl_event *events, size_t n);

/* The procedure a case's life starts from (into OUT, SIZE bytes) and
 * whether it is foreign-related, from its TYPE and its current decision's
 * PROCEDURE (NULL: none yet) and FLAGS (space-separated, or NULL): a
 * bankruptcy's procedures have their own periods (bk-simple, bk-ordinary);
 * without a decision a civil case is summary, a bankruptcy ordinary. */
void fl_life_start(const char *type, const char *procedure, const char *flags, char *out,
                   size_t size, bool *foreign);

/* Whether event KIND (with ARGS) can happen now; when not, MSG (SIZE
 * bytes) says why and which events are possible. */
bool fl_life_check(const struct fl_life *life, const char *kind, const char *args, char *msg,
                   size_t size);

/* The event kinds, for messages and --help. */
extern const char *const FL_EVENT_KINDS[];

enum fl_level { FL_LEVEL_OK, FL_LEVEL_NOTICE, FL_LEVEL_WARNING, FL_LEVEL_URGENT,
                FL_LEVEL_OVERDUE, FL_LEVEL_NONE /* no limit */ };
const char *fl_level_name(enum fl_level l);

struct fl_clock {
    const char *name;    /* acceptance, trial, pre-suit-mediation, in-suit-mediation */
    char period[48];     /* the period's code in periods.xml */
    fl_date start, due;  /* due 0 when there is no limit */
    int excluded_days;   /* stopped so far */
    int used, total, left; /* days: used of total; left until due (negative: overdue) */
    enum fl_level level;
    bool paused;         /* an interval is open now */
    bool paused_overdue; /* ... past its expected end: nobody restarted it */
    fl_date paused_until;
    bool provisional;    /* a date lies in a year whose holidays are not known */
    bool unknown_period; /* the periods document lacks PERIOD: no due date! */
};

#define FL_MAX_CLOCKS 4

/* The open clocks of LIFE on TODAY.  Returns how many (≤ FL_MAX_CLOCKS). */
size_t fl_life_clocks(const struct fl_life *life, const struct fl_calendar *cal,
                      const struct fl_periods *periods, fl_date today, struct fl_clock *out);

/* What a case's status row keeps of its life on TODAY: the state, the
 * procedure (a bankruptcy's without its "bk-"), the judge and clerk, and
 * the most pressing clock (the earliest due date), a stopped clock with
 * the due date it will have if it restarts when the stop is expected to
 * end.  A pure function of its arguments: any thread may compute it. */
struct fl_case_status {
    enum fl_state state;
    char procedure[24];
    char judge[64], clerk[64]; /* "" when none */
    const char *clock;         /* the pressing clock's name (static), or NULL */
    fl_date due;               /* its due date; 0: none */
    bool paused, provisional;
};
void fl_life_status(const struct fl_life *life, const struct fl_calendar *cal,
                    const struct fl_periods *periods, fl_date today, struct fl_case_status *out);

#endif
