/* The court calendar: dates, the built-in holiday data, periods in days,
 * months and working days, provisional results, notices and court days.
 *
 * Every expected date is worked out by hand from the State Council's notices
 * (schemas/calendar/cn.xml cites them) and a printed calendar, never by the
 * code under test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "testutil.h"

static struct fl_calendar *cal;

static int setup(void **state)
{
    (void)state;
    struct fl_error err;
    if (fl_calendar_load_default(&cal, &err) != FL_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fl_calendar_free(cal);
    cal = NULL;
    return 0;
}

static fl_date D(const char *s)
{
    fl_date d;
    if (!fl_date_parse(s, &d))
        fail_msg("bad date in the test: %s", s);
    return d;
}

/* The period of N UNITs after START on calendar C ends on WANT; *PROVISIONAL is WANT_PROV. */
static void expect_add(const struct fl_calendar *c, const char *start, int n, enum fl_unit unit,
                       const char *want, bool want_prov)
{
    bool prov = !want_prov;
    char got[11];
    fl_date_format(fl_calendar_add(c, D(start), n, unit, &prov), got);
    if (strcmp(got, want) != 0)
        fail_msg("%d %s after %s: got %s, want %s", n,
                 unit == FL_UNIT_DAYS ? "days" : unit == FL_UNIT_MONTHS ? "months" : "working days",
                 start, got, want);
    if (prov != want_prov)
        fail_msg("%d units (%d) after %s: provisional %d, want %d", n, (int)unit, start, prov,
                 want_prov);
}

static void expect_day(const struct fl_calendar *c, const char *date, enum fl_day_kind kind,
                       const char *name, bool workday)
{
    const char *got = "(unset)";
    enum fl_day_kind k = fl_calendar_day(c, D(date), &got);
    if (k != kind)
        fail_msg("%s: kind %d, want %d", date, (int)k, (int)kind);
    if (name ? !got || strcmp(got, name) != 0 : got != NULL)
        fail_msg("%s: name %s, want %s", date, got ? got : "NULL", name ? name : "NULL");
    if (fl_calendar_is_workday(c, D(date)) != workday)
        fail_msg("%s: is_workday %d, want %d", date, !workday, workday);
}

static int between(const struct fl_calendar *c, const char *a, const char *b, bool *prov)
{
    return fl_calendar_between(c, D(a), D(b), prov);
}

/* ---- dates ---------------------------------------------------------------------- */

static void test_date_parse(void **state)
{
    (void)state;
    fl_date d = 12345;
    assert_true(fl_date_parse("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(fl_date_parse("1969-12-31", &d));
    assert_int_equal(d, -1);
    assert_true(fl_date_parse("2026-02-28", &d));
    assert_int_equal(d, 20512);
    assert_true(fl_date_parse("2024-02-29", &d));
    assert_int_equal(d, 19782);
    assert_true(fl_date_parse("2000-02-29", &d));
    assert_int_equal(d, 11016);
    assert_true(fl_date_parse("0001-01-01", &d));
    assert_true(fl_date_parse("9999-12-31", &d));

    static const char *const bad[] = {
        "2026-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
        "2026-01-00", "2026-01-32", "0000-01-01", "2026-1-05",  "2026-01-5",  "26-01-05",
        "2026-01-05 ", " 2026-01-05", "2026/01/05", "20260105", "2026-01-05T00:00:00",
        "+2026-01-05", "-2026-01-05", "２０２６-01-05", "abcd-ef-gh", "2026-0a-05", "",
        "2026-01-", "2026年1月5日"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = 777;
        if (fl_date_parse(bad[i], &d))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(d, 777);
    }
    assert_false(fl_date_parse(NULL, &d));
}

static void test_date_format_ymd_weekday(void **state)
{
    (void)state;
    char s[11];
    fl_date_format(0, s);
    assert_string_equal(s, "1970-01-01");
    fl_date_format(-1, s);
    assert_string_equal(s, "1969-12-31");
    fl_date_format(20512, s);
    assert_string_equal(s, "2026-02-28");
    fl_date_format(-719162, s);
    assert_string_equal(s, "0001-01-01");
    fl_date_format(2932896, s);
    assert_string_equal(s, "9999-12-31");

    int y, m, d;
    fl_date_ymd(19782, &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
    fl_date_ymd(-25508, &y, &m, &d); /* 1900-03-01 */
    assert_int_equal(y, 1900);
    assert_int_equal(m, 3);
    assert_int_equal(d, 1);

    assert_int_equal(fl_date_from_ymd(2026, 2, 28), 20512);
    assert_int_equal(fl_date_from_ymd(2026, 2, 31), D("2026-03-03"));
    assert_int_equal(fl_date_from_ymd(2026, 13, 1), D("2027-01-01"));
    assert_int_equal(fl_date_from_ymd(2026, 0, 1), D("2025-12-01"));
    assert_int_equal(fl_date_from_ymd(2026, 3, 0), D("2026-02-28"));
    assert_int_equal(fl_date_from_ymd(2024, 3, 0), D("2024-02-29"));

    assert_int_equal(fl_date_weekday(0), 4);                 /* Thursday */
    assert_int_equal(fl_date_weekday(-1), 3);                /* Wednesday */
    assert_int_equal(fl_date_weekday(D("2020-02-03")), 1);   /* Monday */
    assert_int_equal(fl_date_weekday(D("2024-02-29")), 4);
    assert_int_equal(fl_date_weekday(D("2026-02-28")), 6);   /* Saturday */
    assert_int_equal(fl_date_weekday(D("2026-03-01")), 7);   /* Sunday */
    assert_int_equal(fl_date_weekday(D("1900-03-01")), 4);
}

static void test_today_in_court_zone(void **state)
{
    (void)state;
    setenv("FENLIU_NOW", "2026-03-02T23:30:00+08:00", 1);
    assert_int_equal(fl_date_today(), D("2026-03-02"));
    setenv("FENLIU_NOW", "2026-03-02T16:30:00Z", 1); /* 00:30 on the 3rd in Beijing */
    assert_int_equal(fl_date_today(), D("2026-03-03"));
    setenv("FENLIU_NOW", "2026-03-02T15:59:59Z", 1);
    assert_int_equal(fl_date_today(), D("2026-03-02"));
    setenv("FENLIU_NOW", "1969-12-31T20:00:00Z", 1); /* 04:00 on 1 January */
    assert_int_equal(fl_date_today(), 0);
    setenv("FENLIU_NOW", "1969-12-31T15:00:00Z", 1); /* 23:00 on 31 December */
    assert_int_equal(fl_date_today(), -1);
    unsetenv("FENLIU_NOW");
}

/* ---- the built-in data -------------------------------------------------------- */

static void test_default_years_and_sources(void **state)
{
    (void)state;
    int years[16];
    assert_int_equal(fl_calendar_years(cal, years, 16), 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(years[i], 2019 + i);
    assert_int_equal(fl_calendar_years(cal, years, 2), 8);
    assert_int_equal(fl_calendar_years(cal, NULL, 0), 8);
    assert_true(fl_calendar_year_known(cal, 2019));
    assert_true(fl_calendar_year_known(cal, 2026));
    assert_false(fl_calendar_year_known(cal, 2018));
    assert_false(fl_calendar_year_known(cal, 2027));
    assert_string_equal(fl_calendar_year_source(cal, 2020), "国务院办公厅关于2020年部分节假日安排的通知");
    assert_string_equal(fl_calendar_year_href(cal, 2026),
                        "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm");
    assert_null(fl_calendar_year_source(cal, 2027));
    assert_null(fl_calendar_year_href(cal, 2027));
}

/* Holidays and make-up days per calendar year, counted by hand from the
 * notices (the 2019 notice's 元旦 began on 2018-12-30 with 2018-12-29 worked;
 * the 2023 notice's on 2022-12-31). */
static void test_default_counts_per_year(void **state)
{
    (void)state;
    static const struct { int year, holidays, makeup; } want[] = {
        {2018, 2, 1},  {2019, 22, 6}, {2020, 30, 6}, {2021, 31, 7}, {2022, 32, 7},
        {2023, 26, 7}, {2024, 28, 8}, {2025, 28, 5}, {2026, 33, 6}, {2027, 0, 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        int h = 0, w = 0;
        for (fl_date d = fl_date_from_ymd(want[i].year, 1, 1);
             d <= fl_date_from_ymd(want[i].year, 12, 31); d++) {
            const char *name = NULL;
            enum fl_day_kind k = fl_calendar_day(cal, d, &name);
            if (k == FL_DAY_HOLIDAY || k == FL_DAY_MAKEUP_WORKDAY)
                assert_non_null(name);
            else
                assert_null(name);
            if (k == FL_DAY_MAKEUP_WORKDAY)
                assert_true(fl_date_weekday(d) >= 6);
            h += k == FL_DAY_HOLIDAY;
            w += k == FL_DAY_MAKEUP_WORKDAY;
        }
        if (h != want[i].holidays || w != want[i].makeup)
            fail_msg("%d: %d holidays and %d make-up days, want %d and %d", want[i].year, h, w,
                     want[i].holidays, want[i].makeup);
    }
}

/* ---- domain.md's worked examples -------------------------------------------------- */

static void test_domain_worked_examples(void **state)
{
    (void)state;
    expect_add(cal, "2024-02-08", 7, FL_UNIT_WORKDAYS, "2024-02-23", false);
    expect_add(cal, "2026-02-12", 7, FL_UNIT_WORKDAYS, "2026-02-28", false);
    expect_add(cal, "2025-09-21", 10, FL_UNIT_DAYS, "2025-10-09", false);
    expect_add(cal, "2025-09-26", 15, FL_UNIT_DAYS, "2025-10-11", false);
    expect_add(cal, "2025-08-31", 6, FL_UNIT_MONTHS, "2026-02-28", false);
}

/* ---- Spring Festival 2020, extended to 2 February ----------------------------------- */

static void test_spring_festival_2020_extended(void **state)
{
    (void)state;
    expect_day(cal, "2020-01-19", FL_DAY_MAKEUP_WORKDAY, "春节", true); /* Sunday */
    expect_day(cal, "2020-01-23", FL_DAY_WORKDAY, NULL, true);
    expect_day(cal, "2020-01-24", FL_DAY_HOLIDAY, "春节", false);
    expect_day(cal, "2020-01-31", FL_DAY_HOLIDAY, "春节", false);
    /* A make-up Saturday in the first notice; the extension made it a holiday. */
    expect_day(cal, "2020-02-01", FL_DAY_HOLIDAY, "春节", false);
    expect_day(cal, "2020-02-02", FL_DAY_HOLIDAY, "春节", false);
    expect_day(cal, "2020-02-03", FL_DAY_WORKDAY, NULL, true); /* an ordinary Monday */
    expect_day(cal, "2020-02-08", FL_DAY_REST, NULL, false);

    expect_add(cal, "2020-01-20", 5, FL_UNIT_DAYS, "2020-02-03", false);
    expect_add(cal, "2020-01-23", 10, FL_UNIT_DAYS, "2020-02-03", false);
    expect_add(cal, "2020-01-23", 11, FL_UNIT_DAYS, "2020-02-03", false);
    expect_add(cal, "2020-01-21", 3, FL_UNIT_WORKDAYS, "2020-02-03", false);
    expect_add(cal, "2020-01-17", 1, FL_UNIT_WORKDAYS, "2020-01-19", false);
    expect_add(cal, "2019-12-31", 1, FL_UNIT_MONTHS, "2020-02-03", false);
    expect_add(cal, "2020-01-02", 1, FL_UNIT_MONTHS, "2020-02-03", false);
    bool prov = true;
    assert_int_equal(between(cal, "2020-01-17", "2020-02-07", &prov), 10);
    assert_false(prov);
    assert_int_equal(between(cal, "2020-01-23", "2020-02-02", NULL), 0);
}

/* ---- Spring Festival 2024 ------------------------------------------------------------ */

static void test_spring_festival_2024(void **state)
{
    (void)state;
    expect_day(cal, "2024-02-04", FL_DAY_MAKEUP_WORKDAY, "春节", true);
    expect_day(cal, "2024-02-09", FL_DAY_WORKDAY, NULL, true); /* 除夕, not a holiday */
    expect_day(cal, "2024-02-10", FL_DAY_HOLIDAY, "春节", false);
    expect_day(cal, "2024-02-17", FL_DAY_HOLIDAY, "春节", false);
    expect_day(cal, "2024-02-18", FL_DAY_MAKEUP_WORKDAY, "春节", true);
    expect_day(cal, "2024-02-24", FL_DAY_REST, NULL, false);

    expect_add(cal, "2024-02-07", 3, FL_UNIT_DAYS, "2024-02-18", false); /* a make-up Sunday */
    expect_add(cal, "2024-01-11", 30, FL_UNIT_DAYS, "2024-02-18", false);
    expect_add(cal, "2024-01-12", 1, FL_UNIT_MONTHS, "2024-02-18", false);
    expect_add(cal, "2024-02-09", 1, FL_UNIT_WORKDAYS, "2024-02-18", false);
    expect_add(cal, "2024-02-02", 2, FL_UNIT_WORKDAYS, "2024-02-05", false);
    assert_int_equal(between(cal, "2024-02-08", "2024-02-23", NULL), 7);
    assert_int_equal(between(cal, "2024-02-02", "2024-02-04", NULL), 1);
}

/* ---- Spring Festival 2026 ------------------------------------------------------------ */

static void test_spring_festival_2026(void **state)
{
    (void)state;
    expect_day(cal, "2026-02-14", FL_DAY_MAKEUP_WORKDAY, "春节", true);
    expect_day(cal, "2026-02-15", FL_DAY_HOLIDAY, "春节", false);
    expect_day(cal, "2026-02-21", FL_DAY_HOLIDAY, "春节", false);
    expect_day(cal, "2026-02-23", FL_DAY_HOLIDAY, "春节", false); /* Monday */
    expect_day(cal, "2026-02-24", FL_DAY_WORKDAY, NULL, true);
    expect_day(cal, "2026-02-28", FL_DAY_MAKEUP_WORKDAY, "春节", true);
    expect_day(cal, "2026-03-01", FL_DAY_REST, NULL, false);
    expect_day(cal, "2026-01-04", FL_DAY_MAKEUP_WORKDAY, "元旦", true);

    expect_add(cal, "2026-02-05", 10, FL_UNIT_DAYS, "2026-02-24", false);
    expect_add(cal, "2026-02-13", 1, FL_UNIT_DAYS, "2026-02-14", false);
    expect_add(cal, "2026-02-13", 2, FL_UNIT_DAYS, "2026-02-24", false);
    expect_add(cal, "2026-01-23", 1, FL_UNIT_MONTHS, "2026-02-24", false);
    expect_add(cal, "2026-01-28", 1, FL_UNIT_MONTHS, "2026-02-28", false);
    expect_add(cal, "2026-02-11", 5, FL_UNIT_WORKDAYS, "2026-02-25", false);
    expect_add(cal, "2026-02-13", 1, FL_UNIT_WORKDAYS, "2026-02-14", false);
    expect_add(cal, "2026-02-14", 1, FL_UNIT_WORKDAYS, "2026-02-24", false);
    assert_int_equal(between(cal, "2026-02-13", "2026-03-02", NULL), 7);
    assert_int_equal(between(cal, "2026-02-14", "2026-02-23", NULL), 0);
}

/* ---- National Day 2025 (with the Mid-Autumn Festival, 1-8 October) ------------------------ */

static void test_national_day_2025(void **state)
{
    (void)state;
    expect_day(cal, "2025-09-27", FL_DAY_REST, NULL, false);
    expect_day(cal, "2025-09-28", FL_DAY_MAKEUP_WORKDAY, "国庆节、中秋节", true);
    expect_day(cal, "2025-10-01", FL_DAY_HOLIDAY, "国庆节、中秋节", false);
    expect_day(cal, "2025-10-08", FL_DAY_HOLIDAY, "国庆节、中秋节", false);
    expect_day(cal, "2025-10-09", FL_DAY_WORKDAY, NULL, true);
    expect_day(cal, "2025-10-11", FL_DAY_MAKEUP_WORKDAY, "国庆节、中秋节", true);
    expect_day(cal, "2025-10-12", FL_DAY_REST, NULL, false);

    expect_add(cal, "2025-09-24", 7, FL_UNIT_DAYS, "2025-10-09", false);
    expect_add(cal, "2025-09-26", 16, FL_UNIT_DAYS, "2025-10-13", false);
    expect_add(cal, "2025-09-26", 2, FL_UNIT_DAYS, "2025-09-28", false);
    expect_add(cal, "2025-09-05", 1, FL_UNIT_MONTHS, "2025-10-09", false);
    expect_add(cal, "2025-09-25", 3, FL_UNIT_WORKDAYS, "2025-09-29", false);
    expect_add(cal, "2025-09-26", 5, FL_UNIT_WORKDAYS, "2025-10-10", false);
    expect_add(cal, "2025-09-30", 3, FL_UNIT_WORKDAYS, "2025-10-11", false);
    assert_int_equal(between(cal, "2025-09-30", "2025-10-12", NULL), 3);
    assert_int_equal(between(cal, "2025-09-21", "2025-10-09", NULL), 9);
}

/* ---- months ------------------------------------------------------------------------- */

static void test_month_ends(void **state)
{
    (void)state;
    expect_add(cal, "2024-01-31", 1, FL_UNIT_MONTHS, "2024-02-29", false); /* leap year */
    expect_add(cal, "2025-01-31", 1, FL_UNIT_MONTHS, "2025-02-28", false);
    expect_add(cal, "2023-01-31", 1, FL_UNIT_MONTHS, "2023-02-28", false);
    expect_add(cal, "2024-01-30", 1, FL_UNIT_MONTHS, "2024-02-29", false);
    expect_add(cal, "2024-02-29", 12, FL_UNIT_MONTHS, "2025-02-28", false);
    expect_add(cal, "2024-08-31", 6, FL_UNIT_MONTHS, "2025-02-28", false);
    expect_add(cal, "2025-11-30", 3, FL_UNIT_MONTHS, "2026-02-28", false); /* make-up Saturday */
    expect_add(cal, "2026-01-31", 1, FL_UNIT_MONTHS, "2026-02-28", false);
    expect_add(cal, "2026-01-29", 1, FL_UNIT_MONTHS, "2026-02-28", false);
    expect_add(cal, "2025-05-31", 1, FL_UNIT_MONTHS, "2025-06-30", false);
    expect_add(cal, "2025-12-15", 2, FL_UNIT_MONTHS, "2026-02-24", false); /* 02-15 Spring Festival */
    /* 30 April 2023 was a Sunday inside the May Day holiday (29 April - 3 May). */
    expect_add(cal, "2023-03-31", 1, FL_UNIT_MONTHS, "2023-05-04", false);
    /* 31 May 2025 was a Saturday, the first day of 端午节 (to 2 June). */
    expect_add(cal, "2025-03-31", 2, FL_UNIT_MONTHS, "2025-06-03", false);
    expect_add(cal, "2025-06-15", 6, FL_UNIT_MONTHS, "2025-12-15", false);
}

/* ---- N = 0 and negative N ------------------------------------------------------------ */

static void test_zero_and_negative(void **state)
{
    (void)state;
    /* 0 days or months: the start itself, moved to a working day like any end. */
    expect_add(cal, "2026-03-02", 0, FL_UNIT_DAYS, "2026-03-02", false);
    expect_add(cal, "2026-02-22", 0, FL_UNIT_DAYS, "2026-02-24", false);
    expect_add(cal, "2026-02-21", 0, FL_UNIT_MONTHS, "2026-02-24", false);
    expect_add(cal, "2026-02-28", 0, FL_UNIT_DAYS, "2026-02-28", false);
    /* 0 working days: the start, whatever it is. */
    expect_add(cal, "2026-02-22", 0, FL_UNIT_WORKDAYS, "2026-02-22", false);
    /* Negative: the start, unchanged, and not provisional. */
    expect_add(cal, "2026-02-22", -1, FL_UNIT_DAYS, "2026-02-22", false);
    expect_add(cal, "2026-02-22", -5, FL_UNIT_WORKDAYS, "2026-02-22", false);
    expect_add(cal, "2030-02-22", -5, FL_UNIT_MONTHS, "2030-02-22", false);
    assert_int_equal(fl_calendar_add(cal, D("2026-03-02"), 3, FL_UNIT_DAYS, NULL), D("2026-03-05"));
    assert_int_equal(between(cal, "2026-03-05", "2026-03-05", NULL), 0);
    assert_int_equal(between(cal, "2026-03-05", "2026-03-02", NULL), 0);
    assert_int_equal(between(cal, "2026-03-04", "2026-03-05", NULL), 1);
}

/* ---- years without a notice ------------------------------------------------------------ */

static void test_provisional_beyond_2026(void **state)
{
    (void)state;
    expect_add(cal, "2026-12-20", 10, FL_UNIT_DAYS, "2026-12-30", false);
    /* 2027-01-01 is a Friday: without the 2027 notice, a working day. */
    expect_add(cal, "2026-12-25", 7, FL_UNIT_DAYS, "2027-01-01", true);
    expect_add(cal, "2026-12-25", 8, FL_UNIT_DAYS, "2027-01-04", true); /* Saturday */
    expect_add(cal, "2026-12-28", 3, FL_UNIT_WORKDAYS, "2026-12-31", false);
    expect_add(cal, "2026-12-28", 5, FL_UNIT_WORKDAYS, "2027-01-04", true);
    expect_add(cal, "2026-12-13", 1, FL_UNIT_MONTHS, "2027-01-13", true);
    expect_add(cal, "2026-06-30", 6, FL_UNIT_MONTHS, "2026-12-30", false);
    expect_add(cal, "2027-03-01", 5, FL_UNIT_WORKDAYS, "2027-03-08", true);
    expect_add(cal, "2018-06-01", 3, FL_UNIT_DAYS, "2018-06-04", true);
    expect_day(cal, "2027-01-01", FL_DAY_WORKDAY, NULL, true);
    expect_day(cal, "2027-01-02", FL_DAY_REST, NULL, false);
    /* The 2019 notice's days of December 2018 are known; the year is not. */
    expect_day(cal, "2018-12-29", FL_DAY_MAKEUP_WORKDAY, "元旦", true);
    expect_day(cal, "2018-12-31", FL_DAY_HOLIDAY, "元旦", false);
    expect_add(cal, "2018-12-28", 1, FL_UNIT_DAYS, "2018-12-29", true);
    bool prov = false;
    assert_int_equal(between(cal, "2026-12-25", "2027-01-08", &prov), 10);
    assert_true(prov);
    assert_int_equal(between(cal, "2026-12-01", "2026-12-31", &prov), 22);
    assert_false(prov);
}

#define NOTICE_2027 \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
    "<calendar xmlns=\"urn:fenliu:calendar:1\">\n" \
    "  <year number=\"2027\" source=\"国务院办公厅关于2027年部分节假日安排的通知（测试）\"\n" \
    "        href=\"https://www.gov.cn/test\">\n" \
    "    <holiday date=\"2027-01-01\" name=\"元旦\"/>\n" \
    "    <workday date=\"2027-01-09\" name=\"元旦\"/>\n" \
    "  </year>\n" \
    "</calendar>\n"

static void test_merge_2027_notice(void **state)
{
    (void)state;
    struct fl_calendar *c;
    struct fl_error err;
    assert_int_equal(fl_calendar_load_default(&c, &err), FL_OK);
    bool prov = false;
    /* Before. */
    expect_add(c, "2026-12-28", 5, FL_UNIT_WORKDAYS, "2027-01-04", true);
    expect_add(c, "2026-12-31", 5, FL_UNIT_WORKDAYS, "2027-01-07", true);
    expect_add(c, "2026-12-25", 7, FL_UNIT_DAYS, "2027-01-01", true);
    expect_add(c, "2027-01-01", 8, FL_UNIT_DAYS, "2027-01-11", true);
    assert_int_equal(between(c, "2026-12-31", "2027-01-08", &prov), 6);
    assert_true(prov);

    assert_int_equal(fl_calendar_merge(c, NOTICE_2027, strlen(NOTICE_2027), "2027.xml", &err), FL_OK);
    assert_true(fl_calendar_year_known(c, 2027));
    int years[16];
    assert_int_equal(fl_calendar_years(c, years, 16), 9);
    assert_int_equal(years[8], 2027);
    assert_string_equal(fl_calendar_year_source(c, 2027), "国务院办公厅关于2027年部分节假日安排的通知（测试）");
    expect_day(c, "2027-01-01", FL_DAY_HOLIDAY, "元旦", false);
    expect_day(c, "2027-01-09", FL_DAY_MAKEUP_WORKDAY, "元旦", true);
    /* After: not provisional, and different. */
    expect_add(c, "2026-12-25", 7, FL_UNIT_DAYS, "2027-01-04", false);
    expect_add(c, "2026-12-28", 5, FL_UNIT_WORKDAYS, "2027-01-05", false);
    expect_add(c, "2026-12-31", 5, FL_UNIT_WORKDAYS, "2027-01-08", false);
    expect_add(c, "2027-01-01", 8, FL_UNIT_DAYS, "2027-01-09", false);
    expect_add(c, "2026-12-13", 1, FL_UNIT_MONTHS, "2027-01-13", false);
    assert_int_equal(between(c, "2026-12-31", "2027-01-08", &prov), 5);
    assert_false(prov);
    assert_int_equal(between(c, "2026-12-31", "2027-01-09", NULL), 6);
    /* 2028 is still unknown. */
    expect_add(c, "2027-12-27", 5, FL_UNIT_DAYS, "2028-01-03", true);
    /* The built-in years are untouched. */
    expect_add(c, "2024-02-08", 7, FL_UNIT_WORKDAYS, "2024-02-23", false);
    fl_calendar_free(c);
}

static void test_merge_replaces_a_year(void **state)
{
    (void)state;
    struct fl_calendar *c;
    struct fl_error err;
    assert_int_equal(fl_calendar_load_default(&c, &err), FL_OK);
    const char *xml = "<calendar xmlns=\"urn:fenliu:calendar:1\">\n"
                      "<year number=\"2026\" source=\"更正通知\">\n"
                      "<holiday date=\"2026-02-17\" name=\"春节\"/>\n"
                      "</year></calendar>\n";
    assert_int_equal(fl_calendar_merge(c, xml, strlen(xml), "fix.xml", &err), FL_OK);
    assert_string_equal(fl_calendar_year_source(c, 2026), "更正通知");
    assert_null(fl_calendar_year_href(c, 2026));
    expect_day(c, "2026-02-16", FL_DAY_WORKDAY, NULL, true);
    expect_day(c, "2026-02-17", FL_DAY_HOLIDAY, "春节", false);
    expect_day(c, "2026-02-14", FL_DAY_REST, NULL, false);
    expect_day(c, "2026-01-01", FL_DAY_WORKDAY, NULL, true);
    expect_day(c, "2025-10-01", FL_DAY_HOLIDAY, "国庆节、中秋节", false);
    assert_int_equal(fl_calendar_years(c, NULL, 0), 8);
    fl_calendar_free(c);
}

/* A bad document: FL_EINVAL naming the line; the calendar is unchanged. */
static void expect_refused(const char *xml, long line, const char *needle)
{
    struct fl_calendar *c;
    struct fl_error err;
    assert_int_equal(fl_calendar_load_default(&c, &err), FL_OK);
    memset(&err, 0, sizeof err);
    assert_int_equal(fl_calendar_merge(c, xml, strlen(xml), "bad.xml", &err), FL_EINVAL);
    assert_int_equal(err.status, FL_EINVAL);
    assert_string_equal(err.file, "bad.xml");
    if (err.line != line)
        fail_msg("line %ld, want %ld: %s", err.line, line, err.msg);
    char *prefix = line ? tu_fmt("bad.xml:%ld: ", line) : tu_fmt("bad.xml: ");
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0 || !strstr(err.msg, needle))
        fail_msg("message \"%s\" lacks \"%s\" or \"%s\"", err.msg, prefix, needle);
    free(prefix);
    assert_false(fl_calendar_year_known(c, 2027));
    expect_day(c, "2027-01-01", FL_DAY_WORKDAY, NULL, true);
    expect_day(c, "2026-02-16", FL_DAY_HOLIDAY, "春节", false);
    assert_int_equal(fl_calendar_years(c, NULL, 0), 8);
    fl_calendar_free(c);
}

#define HEAD "<calendar xmlns=\"urn:fenliu:calendar:1\">\n"
#define Y2027 "<year number=\"2027\" source=\"s\">\n<holiday date=\"2027-01-01\" name=\"元旦\"/>\n"

static void test_merge_refuses_bad_documents(void **state)
{
    (void)state;
    expect_refused(HEAD Y2027 "<holiday date=\"2027-01-02\" name=\"元旦\">\n</year></calendar>\n",
                   5, "");
    expect_refused("<?xml version=\"1.0\"?>\n<!DOCTYPE calendar [<!ENTITY x \"y\">]>\n" HEAD Y2027
                   "</year></calendar>\n", 2, "DOCTYPE");
    expect_refused(HEAD Y2027 "<holiday date=\"2027-01-04\"/>\n</year></calendar>\n", 4, "name");
    expect_refused(HEAD Y2027 "<holiday date=\"2027-02-29\" name=\"x\"/>\n</year></calendar>\n",
                   4, "2027-02-29");
    expect_refused(HEAD Y2027 "<holiday date=\"2027-01-01\" name=\"x\"/>\n</year></calendar>\n",
                   4, "");
    expect_refused(HEAD Y2027 "<workday date=\"2027-01-04\" name=\"元旦\"/>\n</year></calendar>\n",
                   4, "already a working day");
    expect_refused(HEAD Y2027 "<holiday date=\"2028-01-01\" name=\"元旦\"/>\n</year></calendar>\n",
                   4, "not in the year 2027");
    expect_refused(HEAD Y2027 "<holiday date=\"2026-11-30\" name=\"元旦\"/>\n</year></calendar>\n",
                   4, "not in the year 2027");
    expect_refused(HEAD Y2027 "</year>\n<year number=\"2027\" source=\"again\"/>\n</calendar>\n",
                   5, "");
    expect_refused(HEAD "<rest-days>monday tuesday wednesday thursday friday saturday sunday"
                   "</rest-days>\n" Y2027 "</year></calendar>\n", 2, "no working day");
    expect_refused(HEAD "<year number=\"2027\">\n</year></calendar>\n", 2, "source");
    expect_refused(HEAD "<year number=\"2301\" source=\"s\">\n</year></calendar>\n", 2, "");
    expect_refused(HEAD Y2027 "<holiday date=\"2027-01-05\" name=\"   \"/>\n</year></calendar>\n",
                   4, "");
    expect_refused("<calendar xmlns=\"urn:other\">\n" Y2027 "</year></calendar>\n", 1, "");
    expect_refused(HEAD Y2027 "</year>\n<closed date=\"2027-01-05\"/>\n</calendar>\n", 5, "reason");
    expect_refused(HEAD Y2027 "</year>\n<closed date=\"2027-01-05\" reason=\"a\"/>\n"
                   "<open date=\"2027-01-05\" reason=\"b\"/>\n</calendar>\n", 6, "");
    expect_refused(HEAD "<closed date=\"1899-12-31\" reason=\"a\"/>\n</calendar>\n", 2, "1900");
    expect_refused("", 0, "");
    expect_refused("garbage", 1, "");
}

static void test_notice_without_rest_days_or_name(void **state)
{
    (void)state;
    struct fl_calendar *c;
    struct fl_error err;
    assert_int_equal(fl_calendar_load_default(&c, &err), FL_OK);
    /* A court that rests only on Sunday, and a six-day week for a Saturday make-up. */
    const char *xml = HEAD "<rest-days>sunday</rest-days>\n</calendar>\n";
    assert_int_equal(fl_calendar_merge(c, xml, strlen(xml), "week.xml", &err), FL_OK);
    expect_day(c, "2026-03-07", FL_DAY_WORKDAY, NULL, true);   /* Saturday */
    expect_day(c, "2027-01-02", FL_DAY_WORKDAY, NULL, true);   /* Saturday, unknown year */
    expect_day(c, "2026-03-08", FL_DAY_REST, NULL, false);
    expect_day(c, "2026-02-16", FL_DAY_HOLIDAY, "春节", false);
    expect_add(c, "2026-03-05", 2, FL_UNIT_DAYS, "2026-03-07", false);
    fl_calendar_free(c);
}

/* ---- the court's own days --------------------------------------------------------------- */

static void test_set_day_closed_and_open(void **state)
{
    (void)state;
    struct fl_calendar *c;
    struct fl_error err;
    assert_int_equal(fl_calendar_load_default(&c, &err), FL_OK);
    expect_add(c, "2026-03-03", 2, FL_UNIT_WORKDAYS, "2026-03-05", false);
    expect_add(c, "2026-03-05", 3, FL_UNIT_WORKDAYS, "2026-03-10", false);

    assert_int_equal(fl_calendar_set_day(c, D("2026-03-04"), true, "停电", &err), FL_OK);
    assert_int_equal(fl_calendar_set_day(c, D("2026-03-07"), false, "集中办案日", &err), FL_OK);
    expect_day(c, "2026-03-04", FL_DAY_CLOSED, "停电", false);
    expect_day(c, "2026-03-07", FL_DAY_OPEN, "集中办案日", true);
    expect_add(c, "2026-03-03", 2, FL_UNIT_WORKDAYS, "2026-03-06", false);
    expect_add(c, "2026-03-05", 3, FL_UNIT_WORKDAYS, "2026-03-09", false);
    assert_int_equal(between(c, "2026-03-02", "2026-03-09", NULL), 5);
    /* A period in days ending on a closure moves past it; one ending on an
     * open Saturday still runs to Monday (the party's statutory right). */
    expect_add(c, "2026-03-03", 1, FL_UNIT_DAYS, "2026-03-05", false);
    expect_add(c, "2026-03-05", 2, FL_UNIT_DAYS, "2026-03-09", false);

    /* Open on a holiday; closed on a make-up day. */
    assert_int_equal(fl_calendar_set_day(c, D("2026-10-05"), false, "值班立案", &err), FL_OK);
    assert_int_equal(fl_calendar_set_day(c, D("2026-10-10"), true, "搬迁", &err), FL_OK);
    expect_day(c, "2026-10-05", FL_DAY_OPEN, "值班立案", true);
    expect_day(c, "2026-10-10", FL_DAY_CLOSED, "搬迁", false);
    expect_add(c, "2026-09-30", 1, FL_UNIT_WORKDAYS, "2026-10-05", false);
    expect_add(c, "2026-09-30", 5, FL_UNIT_DAYS, "2026-10-08", false);
    expect_add(c, "2026-10-09", 1, FL_UNIT_DAYS, "2026-10-12", false);

    /* Replacing an entry, and a court day in an unknown year. */
    assert_int_equal(fl_calendar_set_day(c, D("2026-03-04"), false, "恢复供电", &err), FL_OK);
    expect_day(c, "2026-03-04", FL_DAY_OPEN, "恢复供电", true);
    assert_int_equal(fl_calendar_set_day(c, D("2031-06-02"), true, "装修", &err), FL_OK);
    expect_day(c, "2031-06-02", FL_DAY_CLOSED, "装修", false);
    expect_add(c, "2031-05-30", 1, FL_UNIT_WORKDAYS, "2031-06-03", true);
    assert_false(fl_calendar_year_known(c, 2031));

    /* Refused. */
    assert_int_equal(fl_calendar_set_day(c, D("2026-03-11"), true, "", &err), FL_EINVAL);
    assert_int_equal(fl_calendar_set_day(c, D("2026-03-11"), true, NULL, &err), FL_EINVAL);
    assert_int_equal(fl_calendar_set_day(c, D("1899-12-31"), true, "x", &err), FL_EINVAL);
    assert_int_equal(fl_calendar_set_day(c, D("2200-01-01"), true, "x", &err), FL_EINVAL);
    expect_day(c, "2026-03-11", FL_DAY_WORKDAY, NULL, true);

    /* Court days in a merged document, and a later merge that replaces one. */
    const char *xml = HEAD "<closed date=\"2026-03-12\" reason=\"台风\"/>\n"
                      "<open date=\"2026-03-14\" reason=\"补班\"/>\n</calendar>\n";
    assert_int_equal(fl_calendar_merge(c, xml, strlen(xml), "court.xml", &err), FL_OK);
    expect_day(c, "2026-03-12", FL_DAY_CLOSED, "台风", false);
    expect_day(c, "2026-03-14", FL_DAY_OPEN, "补班", true);
    expect_day(c, "2026-03-07", FL_DAY_OPEN, "集中办案日", true);
    const char *xml2 = HEAD "<open date=\"2026-03-12\" reason=\"台风过境后开庭\"/>\n</calendar>\n";
    assert_int_equal(fl_calendar_merge(c, xml2, strlen(xml2), "court2.xml", &err), FL_OK);
    expect_day(c, "2026-03-12", FL_DAY_OPEN, "台风过境后开庭", true);
    fl_calendar_free(c);
}

/* ---- consistency ------------------------------------------------------------------------ */

/* Counting N working days and counting the working days back agree, for
 * every start over the known years and beyond. */
static void test_add_and_between_agree(void **state)
{
    (void)state;
    for (fl_date s = D("2018-12-01"); s <= D("2027-02-01"); s += 3)
        for (int n = 0; n <= 130; n += 13) {
            bool p1, p2;
            fl_date e = fl_calendar_add(cal, s, n, FL_UNIT_WORKDAYS, &p1);
            assert_int_equal(fl_calendar_between(cal, s, e, &p2), n);
            assert_int_equal(p1, p2);
            if (n)
                assert_true(fl_calendar_is_workday(cal, e));
            fl_date d = fl_calendar_add(cal, s, n, FL_UNIT_DAYS, NULL);
            assert_true(d >= s + n && d <= s + n + 12);
            assert_true(fl_calendar_is_workday(cal, d));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_date_format_ymd_weekday),
        cmocka_unit_test(test_today_in_court_zone),
        cmocka_unit_test(test_default_years_and_sources),
        cmocka_unit_test(test_default_counts_per_year),
        cmocka_unit_test(test_domain_worked_examples),
        cmocka_unit_test(test_spring_festival_2020_extended),
        cmocka_unit_test(test_spring_festival_2024),
        cmocka_unit_test(test_spring_festival_2026),
        cmocka_unit_test(test_national_day_2025),
        cmocka_unit_test(test_month_ends),
        cmocka_unit_test(test_zero_and_negative),
        cmocka_unit_test(test_provisional_beyond_2026),
        cmocka_unit_test(test_merge_2027_notice),
        cmocka_unit_test(test_merge_replaces_a_year),
        cmocka_unit_test(test_merge_refuses_bad_documents),
        cmocka_unit_test(test_notice_without_rest_days_or_name),
        cmocka_unit_test(test_set_day_closed_and_open),
        cmocka_unit_test(test_add_and_between_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
