#include "clock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 to Y-M-D in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil), so no dependency on TZ or timegm. */
long fl_days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* Parse the zone suffix at S: "Z", "+hh:mm" or "-hh:mm". */
static bool parse_zone(const char *s, int *offset_min)
{
    if (s[0] == 'Z' && s[1] == '\0') {
        *offset_min = 0;
        return true;
    }
    int hh, mm;
    if ((s[0] != '+' && s[0] != '-') || !digits(s + 1, 2, &hh) || s[3] != ':' ||
        !digits(s + 4, 2, &mm) || s[6] != '\0' || hh > 14 || mm > 59)
        return false;
    *offset_min = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
}

bool fl_parse_datetime(const char *s, bool require_zone, time_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return false;
    const char *p = s + 10;
    int offset = FL_COURT_UTC_OFFSET_MIN;
    if (*p == 'T') {
        if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) || p[6] != ':' ||
            !digits(p + 7, 2, &sec))
            return false;
        if (h > 24 || mi > 59 || sec > 59 || (h == 24 && (mi || sec)))
            return false;
        p += 9;
        if (*p == '.') {
            p++;
            if (!isdigit((unsigned char)*p))
                return false;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (*p) {
            if (!parse_zone(p, &offset))
                return false;
        } else if (require_zone) {
            return false;
        }
    } else if (*p || require_zone) {
        return false;
    }
    long days = fl_days_from_civil(y, (unsigned)mo, (unsigned)d);
    *out = (time_t)(days * 86400L + h * 3600L + mi * 60L + sec - offset * 60L);
    return true;
}

time_t fl_now(void)
{
    const char *env = getenv("FENLIU_NOW");
    if (env && *env) {
        time_t t;
        if (env[0] == '@') {
            char *end;
            long long v = strtoll(env + 1, &end, 10);
            if (*end == '\0' && end != env + 1)
                return (time_t)v;
        } else if (fl_parse_datetime(env, false, &t)) {
            return t;
        }
    }
    return time(NULL);
}

void fl_format_local(time_t t, char *out, size_t size)
{
    time_t local = t + FL_COURT_UTC_OFFSET_MIN * 60;
    struct tm tm;
    gmtime_r(&local, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:%02d", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             FL_COURT_UTC_OFFSET_MIN / 60, FL_COURT_UTC_OFFSET_MIN % 60);
}
