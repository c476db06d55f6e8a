/* fenliu calendar, fenliu config. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "calendar.h"

static const char USAGE[] =
    "usage: fenliu calendar is-workday DATE\n"
    "       fenliu calendar add DATE N{d|wd|m} [--format text|json]\n"
    "       fenliu calendar between DATE1 DATE2\n"
    "       fenliu calendar show YEAR\n"
    "       fenliu calendar load FILE\n"
    "       fenliu calendar set DATE closed|workday --reason TEXT\n"
    "\n"
    "The court's calendar: the weekly rest days, the official holidays and\n"
    "make-up working days (调休) of each year the State Council has announced\n"
    "(built in for 2019-2026), the notices loaded since, and the court's own\n"
    "closure days.  Dates are YYYY-MM-DD, court-local.\n"
    "\n"
    "is-workday  says what DATE is; exit status 0 for a working day, 1 if not\n"
    "add         the last day of a period of N days (d), working days (wd) or\n"
    "            months (m) from DATE, counted by law: from the next day; a last\n"
    "            day on a rest day or holiday moves to the next working day\n"
    "between     the working days after DATE1 up to and including DATE2\n"
    "show        month grids of YEAR: * holiday, + make-up working day,\n"
    "            x court closed, o court open on a rest day\n"
    "load        add a holiday notice (same format as schemas/calendar/cn.xml);\n"
    "            every open clock uses it from then on\n"
    "set         mark DATE closed (not a working day) or a working day\n"
    "\n"
    "A date in a year whose holidays are not loaded counts the weekly rest days\n"
    "only and is provisional: add and between say so on stderr, and json output\n"
    "has \"provisional\": true.  --db PATH names the database whose notices and\n"
    "days to use (default $FENLIU_DB or the default database, if it exists).\n";

/* The calendar of the database when there is one, else the built-in one. */
static struct fl_calendar *open_calendar(const char *db_opt, bool need_db, struct fl_db **dbp)
{
    char *path = fl_db_path_alloc(db_opt);
    struct stat sb;
    bool have_db = path && (db_opt || stat(path, &sb) == 0);
    free(path);
    struct fl_calendar *cal = NULL;
    struct fl_error err;
    struct fl_db *db = NULL;
    if (have_db || need_db) {
        if (!(db = cli_open_db(db_opt, need_db ? FL_DB_WRITE : FL_DB_READ, NULL)))
            return NULL;
        if (fl_db_calendar(db, &cal, &err) != FL_OK)
            cli_error("%s", err.msg);
    } else if (fl_calendar_load_default(&cal, &err) != FL_OK) {
        cli_error("%s", err.msg);
    }
    if (dbp && cal)
        *dbp = db;
    else
        fl_db_close(db);
    return cal;
}

static bool date_arg(const char *s, fl_date *d)
{
    if (fl_date_parse(s, d))
        return true;
    cli_error("\"%s\" is not a date YYYY-MM-DD", s);
    return false;
}

static void warn_provisional(fl_date a, fl_date b)
{
    int ya, yb, m, d;
    fl_date_ymd(a, &ya, &m, &d);
    fl_date_ymd(b, &yb, &m, &d);
    fprintf(stderr,
            "fenliu: provisional: the holidays of %d%s%.0d are not loaded yet, so only the "
            "weekly rest days count there; load the State Council's notice with "
            "`fenliu calendar load FILE` when it is out\n",
            ya, yb != ya ? "-" : "", yb != ya ? yb : 0);
}

static int is_workday(struct fl_calendar *cal, const char *arg)
{
    fl_date d;
    if (!date_arg(arg, &d))
        return EXIT_USAGE;
    const char *name = NULL;
    enum fl_day_kind k = fl_calendar_day(cal, d, &name);
    static const char *const WORDS[] = {
        [FL_DAY_WORKDAY] = "a working day", [FL_DAY_REST] = "a rest day",
        [FL_DAY_HOLIDAY] = "a holiday", [FL_DAY_MAKEUP_WORKDAY] = "a make-up working day",
        [FL_DAY_CLOSED] = "closed by the court", [FL_DAY_OPEN] = "a court working day"};
    int y, m, day;
    fl_date_ymd(d, &y, &m, &day);
    printf("%s: %s%s%s%s\n", arg, WORDS[k], name ? " (" : "", name ? name : "", name ? ")" : "");
    if (!fl_calendar_year_known(cal, y))
        warn_provisional(d, d);
    return fl_calendar_is_workday(cal, d) ? EXIT_OK : EXIT_FAILED;
}

static int add(struct fl_calendar *cal, const char *date, const char *span, bool json)
{
    fl_date d;
    if (!date_arg(date, &d))
        return EXIT_USAGE;
    char *end;
    long n = strtol(span, &end, 10);
    enum fl_unit unit;
    if (strcmp(end, "d") == 0)
        unit = FL_UNIT_DAYS;
    else if (strcmp(end, "wd") == 0)
        unit = FL_UNIT_WORKDAYS;
    else if (strcmp(end, "m") == 0)
        unit = FL_UNIT_MONTHS;
    else
        end = NULL;
    if (!end || end == span || n < 0 || n > 100000) {
        cli_error("\"%s\" is not a period: N followed by d (days), wd (working days) or m "
                  "(months), e.g. 7wd",
                  span);
        return EXIT_USAGE;
    }
    bool provisional = false;
    fl_date r = fl_calendar_add(cal, d, (int)n, unit, &provisional);
    char out[11];
    fl_date_format(r, out);
    if (json)
        printf("{\"date\":\"%s\",\"provisional\":%s}\n", out, provisional ? "true" : "false");
    else
        printf("%s\n", out);
    if (provisional)
        warn_provisional(d, r);
    return EXIT_OK;
}

static int between(struct fl_calendar *cal, const char *a, const char *b)
{
    fl_date da, db;
    if (!date_arg(a, &da) || !date_arg(b, &db))
        return EXIT_USAGE;
    bool provisional = false;
    printf("%d\n", fl_calendar_between(cal, da, db, &provisional));
    if (provisional)
        warn_provisional(da, db);
    return EXIT_OK;
}

static char mark(enum fl_day_kind k)
{
    switch (k) {
    case FL_DAY_HOLIDAY: return '*';
    case FL_DAY_MAKEUP_WORKDAY: return '+';
    case FL_DAY_CLOSED: return 'x';
    case FL_DAY_OPEN: return 'o';
    default: return ' ';
    }
}

static void month_grid(struct fl_calendar *cal, int year, int month)
{
    static const char *const NAMES[] = {"一月", "二月", "三月", "四月", "五月", "六月",
                                        "七月", "八月", "九月", "十月", "十一月", "十二月"};
    printf("\n%d-%02d %s\n Mo  Tu  We  Th  Fr  Sa  Su\n", year, month, NAMES[month - 1]);
    fl_date first = fl_date_from_ymd(year, month, 1);
    int col = fl_date_weekday(first) - 1;
    printf("%*s", col * 4, "");
    for (fl_date d = first;; d++) {
        int y, m, day;
        fl_date_ymd(d, &y, &m, &day);
        if (m != month)
            break;
        printf("%3d%c", day, mark(fl_calendar_day(cal, d, NULL)));
        if (++col == 7) {
            printf("\n");
            col = 0;
        }
    }
    if (col)
        printf("\n");
}

static int show(struct fl_calendar *cal, const char *arg)
{
    char *end;
    long year = strtol(arg, &end, 10);
    if (*end || year < 1900 || year > 2999) {
        cli_error("\"%s\" is not a year", arg);
        return EXIT_USAGE;
    }
    bool known = fl_calendar_year_known(cal, (int)year);
    const char *source = known ? fl_calendar_year_source(cal, (int)year) : NULL;
    printf("%ld: %s\n", year,
           known ? (source ? source : "holidays loaded")
                 : "PROVISIONAL: holidays not announced or not loaded; weekly rest days only");
    for (int m = 1; m <= 12; m++)
        month_grid(cal, (int)year, m);
    printf("\n* holiday  + make-up working day  x court closed  o court open\n");
    const char *last = NULL;
    for (fl_date d = fl_date_from_ymd((int)year, 1, 1); d < fl_date_from_ymd((int)year + 1, 1, 1);
         d++) {
        const char *name = NULL;
        enum fl_day_kind k = fl_calendar_day(cal, d, &name);
        if (k == FL_DAY_WORKDAY || k == FL_DAY_REST || !name)
            continue;
        char s[11];
        fl_date_format(d, s);
        printf("%s%s %c%s", name != last ? (last ? "\n" : "") : "", name != last ? name : "",
               mark(k), s + 5);
        last = name;
    }
    if (last)
        printf("\n");
    return EXIT_OK;
}

static int load(const char *db_opt, const char *file)
{
    struct fl_db *db = NULL;
    struct fl_calendar *cal = open_calendar(db_opt, true, &db);
    if (!cal)
        return EXIT_FAILED;
    struct fl_buf xml = FL_BUF_INIT;
    struct fl_error err;
    int rc = EXIT_FAILED;
    if (!fl_buf_read_file(&xml, file)) {
        cli_error("cannot read %s: %m", file);
    } else if (fl_calendar_merge(cal, fl_buf_str(&xml), xml.len, file, &err) != FL_OK) {
        cli_error("%s", err.msg);
    } else if (fl_db_add_calendar_document(db, file, fl_buf_str(&xml), xml.len, cli_login(),
                                           &err) != FL_OK) {
        cli_error("%s", err.msg);
    } else if (!cli_refresh_status(db, NULL)) {
        rc = EXIT_FAILED;
    } else {
        int years[64];
        size_t n = fl_calendar_years(cal, years, 64);
        printf("loaded %s; the calendar now knows", file);
        for (size_t i = 0; i < n; i++)
            printf(" %d", years[i]);
        printf("\nevery open clock uses it from now on (see `fenliu deadlines`)\n");
        rc = EXIT_OK;
    }
    fl_buf_free(&xml);
    fl_calendar_free(cal);
    fl_db_close(db);
    return rc;
}

static int set_day(const char *db_opt, const char *date, const char *what, const char *reason)
{
    fl_date d;
    if (!date_arg(date, &d))
        return EXIT_USAGE;
    bool closed = strcmp(what, "closed") == 0;
    if (!closed && strcmp(what, "workday") != 0) {
        cli_error("calendar set DATE closed|workday, not \"%s\"", what);
        return EXIT_USAGE;
    }
    if (!reason || !*reason) {
        cli_error("calendar set needs a --reason");
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    enum fl_status st = fl_db_add_calendar_day(db, d, closed, reason, cli_login(), &err);
    if (st != FL_OK)
        cli_error("%s", err.msg);
    bool refreshed = st == FL_OK && cli_refresh_status(db, NULL);
    fl_db_close(db);
    if (!refreshed)
        return EXIT_FAILED;
    printf("%s is now %s: %s\n", date, closed ? "closed" : "a working day", reason);
    return EXIT_OK;
}

int cmd_calendar(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"format", required_argument, NULL, 'f'},
        {"reason", required_argument, NULL, 'r'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL, *reason = NULL;
    enum cli_format format = FMT_TEXT;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r')
            reason = optarg;
        else if ((rc = cli_common_option(c, "text|json", USAGE, &db_opt, &format)) >= 0)
            return rc;
    }
    const char *sub = optind < argc ? argv[optind] : "";
    char **a = argv + optind + 1;
    int n = argc - optind - 1;
    if (strcmp(sub, "load") == 0 && n == 1)
        return load(db_opt, a[0]);
    if (strcmp(sub, "set") == 0 && n == 2)
        return set_day(db_opt, a[0], a[1], reason);
    bool known = (strcmp(sub, "is-workday") == 0 && n == 1) ||
                 (strcmp(sub, "add") == 0 && n == 2) || (strcmp(sub, "between") == 0 && n == 2) ||
                 (strcmp(sub, "show") == 0 && n == 1);
    if (!known) {
        cli_error("calendar wants is-workday, add, between, show, load or set (see --help)");
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_calendar *cal = open_calendar(db_opt, false, NULL);
    if (!cal)
        return EXIT_FAILED;
    if (strcmp(sub, "is-workday") == 0)
        rc = is_workday(cal, a[0]);
    else if (strcmp(sub, "add") == 0)
        rc = add(cal, a[0], a[1], format == FMT_JSON);
    else if (strcmp(sub, "between") == 0)
        rc = between(cal, a[0], a[1]);
    else
        rc = show(cal, a[0]);
    fl_calendar_free(cal);
    return rc;
}

/* ---- fenliu config ------------------------------------------------------------------ */

static const char CONFIG_USAGE[] =
    "usage: fenliu config get KEY\n"
    "       fenliu config set KEY VALUE\n"
    "\n"
    "Settings of the court kept in the database:\n"
    "  court_code   the court's code in case numbers, e.g. 川0191; without it the\n"
    "               code comes from each filing's six-digit court code\n";

int cmd_config(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_db_options(argc, argv, CONFIG_USAGE, &db_opt);
    if (rc >= 0)
        return rc;
    const char *sub = optind < argc ? argv[optind] : "";
    int n = argc - optind - 1;
    bool get = strcmp(sub, "get") == 0 && n == 1, set = strcmp(sub, "set") == 0 && n == 2;
    if ((!get && !set) || strcmp(argv[optind + 1], "court_code") != 0) {
        cli_error("config get court_code, or config set court_code VALUE");
        fputs(CONFIG_USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, get ? FL_DB_READ : FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    char value[128];
    rc = EXIT_OK;
    if (get) {
        if (fl_db_setting(db, argv[optind + 1], value, sizeof value))
            printf("%s\n", value);
        else
            rc = EXIT_FAILED;
    } else if (fl_db_set_setting(db, argv[optind + 1], argv[optind + 2], &err) != FL_OK) {
        cli_error("%s", err.msg);
        rc = EXIT_FAILED;
    }
    fl_db_close(db);
    return rc;
}
