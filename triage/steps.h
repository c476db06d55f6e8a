/* Recording a step of a case: the one function the command line and the
 * terminal interface both call, so a step means the same from either —
 * the same roles, the same checks, the same refusals. */
#ifndef FL_STEPS_H
#define FL_STEPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "db.h"
#include "error.h"
#include "lifecycle.h"
#include "periods.h"

/* What a user saw of a case (a screen, when it was drawn): its last event
 * and its current decision.  SET false: nothing to compare (the command
 * line, which reads the case in the step's own transaction). */
struct fl_case_seen {
    bool set;
    int64_t event;    /* the last event's id; 0: none yet */
    int64_t decision; /* the current decision's id; 0: none */
};

/* What C shows now, to compare with later. */
struct fl_case_seen fl_case_seen_of(const struct fl_case_life *c);

struct fl_step {
    const char *key;    /* the case: filing id or case number */
    const char *kind;   /* accept, assign, suspend… (FL_EVENT_KINDS), or "retrack"
                         * (args track=, procedure=: a judge's decision) */
    const char *args;   /* "key=value" lines (lifecycle.h) */
    const char *reason; /* may be NULL (fl_step_needs_reason: required) */
    const char *login;  /* who records it */
    fl_date effective;  /* the day it takes effect (not used by retrack) */
    struct fl_case_seen expect; /* unset: not checked */
};

/* Check and record step S in its own transaction: the case's events are
 * read inside it, so a step another terminal made first is seen, never
 * lost.  The login's role must allow the step (fl_role_may; a login that
 * is not a user takes none); accepting numbers the case (setting
 * court_code, else the filing's court code).  The case's status row
 * follows.
 *
 * Errors: FL_EINVAL, a refusal — by role (naming the role, the step and
 * who may take it), by the case's state (why, and which steps are
 * possible), or for a missing or bad argument; FL_ECONFLICT when
 * S->expect is set and the case changed since (ERR names each change, who
 * made it and when; nothing is recorded); FL_ENOTFOUND for no such case;
 * FL_EBUSY when another writer held the database too long (nothing
 * recorded: try again). */
enum fl_status fl_case_step(struct fl_db *db, const struct fl_step *s,
                            const struct fl_calendar *cal, const struct fl_periods *periods,
                            struct fl_error *err);

/* Keep a note by LOGIN on the case KEY (fl_db_add_note): a login that is
 * not a user may not (FL_EINVAL). */
enum fl_status fl_case_note(struct fl_db *db, const char *key, const char *login,
                            bool private_note, const char *text, struct fl_error *err);

/* ---- roles ----------------------------------------------------------------- */

/* Whether a user with ROLE (clerk, judge, president, admin; NULL or "":
 * not a user) may take step KIND at all.  A clerk's `route` goes only to
 * the clerk themself (fl_case_step checks the argument). */
bool fl_role_may(const char *role, const char *kind);

/* Who may take KIND, for messages: "judges, presidents (院长 or 庭长) and
 * admins" into OUT (SIZE bytes). */
void fl_role_who_may(const char *kind, char *out, size_t size);

/* Whether step KIND needs a reason (refuse, convert, extend,
 * decline-proposal, retrack). */
bool fl_step_needs_reason(const char *kind);

/* The kinds of stop of the trial clock (suspend --kind). */
extern const char *const FL_SUSPEND_KINDS[];

/* The steps LOGIN, whose role is ROLE, may take now on a case whose life
 * is LIFE: those the role allows and
 * the state makes possible (approve only with a request waiting, resume
 * only with a clock stopped…), in FL_EVENT_KINDS order, then "retrack"
 * while the case is open.  OUT gets at most MAX; returns how many. */
size_t fl_steps_possible(const struct fl_life *life, const char *role, const char *login,
                         const char **out, size_t max);

#endif
