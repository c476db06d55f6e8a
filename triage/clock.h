/* The one source of "now".
 *
 * Every timestamp fenliu writes comes from fl_now(), so that tests and
 * demonstrations can pin time with the environment variable FENLIU_NOW:
 * either an ISO 8601 date-time with a zone ("2026-03-02T09:15:00+08:00",
 * "2026-03-02T01:15:00Z"), a date ("2026-03-02", midnight in the court's
 * zone) or "@SECONDS" since the epoch. */
#ifndef FL_CLOCK_H
#define FL_CLOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The court's zone: China Standard Time has been UTC+8 all year since 1991. */
#define FL_COURT_UTC_OFFSET_MIN 480

/* Days from 1970-01-01 to Y-M-D (M 1-12) in the proleptic Gregorian
 * calendar; no validation. */
long fl_days_from_civil(long y, unsigned m, unsigned d);

/* Seconds since the epoch: FENLIU_NOW when set and valid, else the clock. */
time_t fl_now(void);

/* Parse an xs:dateTime with zone ("…T09:15:00+08:00", "…Z", fractions
 * allowed) into seconds since the epoch.  When REQUIRE_ZONE is false a value
 * without zone, or a bare date, is taken in the court's zone. */
bool fl_parse_datetime(const char *s, bool require_zone, time_t *out);

/* Format T in the court's zone as "2026-03-02T09:15:00+08:00" into OUT
 * (at least 26 bytes). */
void fl_format_local(time_t t, char *out, size_t size);

#endif
