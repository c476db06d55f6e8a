/* Recording a step of a case: the one function the command line and the
 * terminal interface both call, so a step means the same from either. */
#ifndef FL_STEPS_H
#define FL_STEPS_H
#include "calendar.h"
#include "db.h"
#include "error.h"
#include "periods.h"

struct fl_step {
    const char *key;    /* the case: filing id or case number */
    const char *kind;   /* accept, assign, suspend… (FL_EVENT_KINDS) */
    const char *args;   /* "key=value" lines (lifecycle.h) */
    const char *reason; /* may be NULL */
    const char *login;  /* who records it */
    fl_date effective;  /* the day it takes effect */
};

/* Check and record step S in its own transaction: the case's events are
 * read inside it, so a step another terminal made first is seen, never
 * lost.  Approvals need a login with role president or admin; accepting
 * numbers the case (setting court_code, else the filing's court code).
 * The case's status row follows.  A refusal is FL_EINVAL with ERR saying
 * why and which steps are possible; FL_ENOTFOUND for no such case. */
enum fl_status fl_case_step(struct fl_db *db, const struct fl_step *s,
                            const struct fl_calendar *cal, const struct fl_periods *periods,
                            struct fl_error *err);

#endif
