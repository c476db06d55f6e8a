/* The court calendar: dates, working days, and the end of statutory periods.
 *
 * Dates are whole days in the court's zone (UTC+8), counted from 1970-01-01,
 * in the proleptic Gregorian calendar.  A calendar knows the weekly rest
 * days, the State Council's yearly holiday notices (holidays and make-up
 * working days, 调休) loaded from XML (schemas/calendar.xsd; the built-in
 * data is schemas/calendar/cn.xml), and the court's own closed and open days.
 *
 * How periods are counted (docs: domain.md "Counting periods"; CPL Art 85,
 * Civil Code Arts 201-202) is explained at fl_calendar_add.
 *
 * Thread-safety: the date functions are pure.  A struct fl_calendar is
 * read-only for fl_calendar_year_known, _day, _is_workday, _add, _between,
 * _years and _year_source, so any number of threads may call those at once;
 * fl_calendar_merge, _set_day and _free need the calendar to themselves.
 * Loading parses XML with libxml2: call fl_parse_init() (parse.h) once before
 * threads start; libxml2's error handler is per thread and is reset after
 * each load. */
#ifndef FL_CALENDAR_H
#define FL_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Days since 1970-01-01, court-local (1970-01-01 is 0, 1969-12-31 is -1). */
typedef int32_t fl_date;

/* ---- dates ---------------------------------------------------------------- */

/* Parse exactly "YYYY-MM-DD" (four-digit year 0001-9999, a day that exists:
 * "2024-02-29" yes, "2026-02-29" no; no spaces, signs, zone or time).
 * Returns false, leaving *OUT alone, when S is anything else or NULL. */
bool fl_date_parse(const char *s, fl_date *out);

/* Write D as "YYYY-MM-DD" and a NUL into OUT.  D must lie in 0001-01-01 ..
 * 9999-12-31; other years are clamped to that range in the text. */
void fl_date_format(fl_date d, char out[11]);

/* Year, month (1-12) and day of month (1-31) of D. */
void fl_date_ymd(fl_date d, int *y, int *m, int *day);

/* The date of Y-M-D.  No check: a month outside 1-12 or a day outside the
 * month rolls over like mktime (2026-02-31 is 2026-03-03, 2026-13-01 is
 * 2027-01-01, day 0 is the last day of the month before). */
fl_date fl_date_from_ymd(int y, int m, int d);

/* 1 = Monday ... 7 = Sunday. */
int fl_date_weekday(fl_date d);

/* Today in the court's zone, from fl_now() (so FENLIU_NOW pins it). */
fl_date fl_date_today(void);

/* ---- the calendar ---------------------------------------------------------- */

enum fl_day_kind {
    FL_DAY_WORKDAY,         /* an ordinary working day */
    FL_DAY_REST,            /* a weekly rest day (Saturday, Sunday) */
    FL_DAY_HOLIDAY,         /* a holiday of a State Council notice (放假) */
    FL_DAY_MAKEUP_WORKDAY,  /* a rest day the notice made a working day (调休上班) */
    FL_DAY_CLOSED,          /* the court is closed (its own decision) */
    FL_DAY_OPEN,            /* the court works although it would not */
};

struct fl_calendar;

/* A new calendar with the built-in data (schemas/calendar/cn.xml, compiled
 * in).  The caller owns *OUT and frees it with fl_calendar_free.  On failure
 * *OUT is NULL: FL_ENOMEM, FL_ENOTFOUND (data missing from the build) or
 * FL_EINVAL (the data does not load; a build defect). */
enum fl_status fl_calendar_load_default(struct fl_calendar **out, struct fl_error *err);

/* Add the calendar document XML (LEN bytes, same format as cn.xml; NAME is
 * the file name used in messages) on top of C: each of its <year>s replaces
 * what C knew of that year (source, holidays, make-up days); its <closed>
 * and <open> days are added, replacing C's entry for the same date; its
 * <rest-days>, when given, replace the weekly rest days.  The XML is parsed
 * without network access, a DOCTYPE is refused, and the document must follow
 * schemas/calendar.xsd; beyond the schema: every date in a <year> lies
 * between 1 December of the year before and 31 December of the year, a
 * <workday> falls on a weekly rest day, and the rest days leave at least one
 * working day a week.  The first problem gives FL_EINVAL, with err->file =
 * NAME, err->line set (0 when unknown) and the message "NAME:LINE: ..."
 * ("NAME: ..." without a line).  Years and dates outside 1900-2199 are
 * refused.  FL_ENOMEM when memory runs out.  On any failure C is unchanged. */
enum fl_status fl_calendar_merge(struct fl_calendar *c, const char *xml, size_t len,
                                 const char *name, struct fl_error *err);

/* Record a day of the court's own: CLOSED (not a working day) or open (a
 * working day), for REASON (non-empty; copied).  Replaces an earlier closed
 * or open entry for D.  FL_EINVAL when REASON is NULL or empty or D lies
 * outside 1900-2199; FL_ENOMEM; C is unchanged on failure. */
enum fl_status fl_calendar_set_day(struct fl_calendar *c, fl_date d, bool closed,
                                   const char *reason, struct fl_error *err);

/* Free C and everything it holds; NULL is allowed. */
void fl_calendar_free(struct fl_calendar *c);

/* Whether a <year> for YEAR was loaded. */
bool fl_calendar_year_known(const struct fl_calendar *c, int year);

/* What D is.  The court's own entry comes first (CLOSED, OPEN), then the
 * notices (HOLIDAY, MAKEUP_WORKDAY; when two notices list a date, the later
 * year's wins), then the week (REST, WORKDAY).  *NAME_OR_REASON (when
 * NAME_OR_REASON is not NULL) becomes the holiday's name ("春节"), the
 * court's reason, or NULL for REST and WORKDAY; the string belongs to C and
 * lives until the next merge, set_day or free. */
enum fl_day_kind fl_calendar_day(const struct fl_calendar *c, fl_date d,
                                 const char **name_or_reason);

/* Whether the court works on D: WORKDAY, MAKEUP_WORKDAY and OPEN. */
bool fl_calendar_is_workday(const struct fl_calendar *c, fl_date d);

enum fl_unit { FL_UNIT_DAYS, FL_UNIT_WORKDAYS, FL_UNIT_MONTHS };

/* The last day of a period of N units that starts on START (the day of the
 * event that starts it; that day is not counted).
 *
 * FL_UNIT_DAYS: START + N calendar days; holidays inside are not deducted.
 * FL_UNIT_MONTHS: the same-numbered day N months later, or that month's last
 *   day when the number does not exist (2024-01-31 + 1 = 2024-02-29,
 *   2025-08-31 + 6 = 2026-02-28).
 * For both, an end on a weekly rest day, a holiday or a court closure moves
 * to the next day that is none of these; a make-up working day is a working
 * day, so a period can end on it.  A court OPEN day on a rest day or holiday
 * does not stop the move: the law gives the party until the next statutory
 * working day, whatever the court does that day.
 * FL_UNIT_WORKDAYS: the Nth day after START on which fl_calendar_is_workday
 *   holds (rest days, holidays and closures skipped; make-up and open days
 *   counted).
 *
 * N = 0: for days and months the end is START itself, moved like any end
 * (so START when it is a working day, else the next one); for working days,
 * START unchanged.  N < 0 is a caller error: START is returned unchanged.
 * Results past 9999-12-31 are clamped to it.
 *
 * *PROVISIONAL (when PROVISIONAL is not NULL) is always written: true when a
 * day the computation looked at lies in a year without a loaded <year>
 * (there only the weekly rest days and the court's own days apply), else
 * false.  For days and months the days looked at are the end and the days it
 * moved through; for working days, every day after START up to the end; for
 * N < 0, none. */
fl_date fl_calendar_add(const struct fl_calendar *c, fl_date start, int n, enum fl_unit unit,
                        bool *provisional);

/* The number of working days (fl_calendar_is_workday) after A up to and
 * including B; 0 when B <= A.  So fl_calendar_between(c, s,
 * fl_calendar_add(c, s, n, FL_UNIT_WORKDAYS, NULL), NULL) == n.
 * *PROVISIONAL as for fl_calendar_add, over the days after A up to B. */
int fl_calendar_between(const struct fl_calendar *c, fl_date a, fl_date b, bool *provisional);

/* The years with a loaded <year>, ascending: writes the first MAX of them to
 * YEARS (which may be NULL when MAX is 0) and returns how many there are
 * (which may exceed MAX). */
size_t fl_calendar_years(const struct fl_calendar *c, int *years, size_t max);

/* The notice a year came from (the source= and href= of its <year>), or NULL
 * when the year is unknown or has no href.  The string belongs to C and lives
 * until the next merge or free.  Later amendments (<amendment>) are kept in
 * the file, not here. */
const char *fl_calendar_year_source(const struct fl_calendar *c, int year);
const char *fl_calendar_year_href(const struct fl_calendar *c, int year);

#endif
