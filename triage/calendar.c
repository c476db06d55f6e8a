/* The court calendar (see calendar.h, schemas/calendar.xsd). */
#include "calendar.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "embedded.h"
#include "xmlutil.h"

#define CAL_NS "urn:fenliu:calendar:1"
#define CAL_XSD "schemas/calendar.xsd"
#define CAL_DEFAULT "schemas/calendar/cn.xml"
#define MIN_YEAR 1900 /* data outside these years is refused: typos, not history */
#define MAX_YEAR 2199

/* ---- dates -------------------------------------------------------------------- */

/* Howard Hinnant's civil_from_days (proleptic Gregorian), the inverse of
 * fl_days_from_civil in clock.c: no dependency on TZ or timegm. */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)((long)yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

static bool leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : dm[m - 1];
}

static long floor_div(long a, long b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

#define DATE_MIN ((fl_date)-719162) /* 0001-01-01 */
#define DATE_MAX ((fl_date)2932896) /* 9999-12-31 */

bool fl_date_parse(const char *s, fl_date *out)
{
    if (!s)
        return false;
    int v[8];
    for (int i = 0, k = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return false;
        } else if (s[i] >= '0' && s[i] <= '9') {
            v[k++] = s[i] - '0';
        } else {
            return false;
        }
    }
    if (s[10] != '\0')
        return false;
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    int m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = (fl_date)fl_days_from_civil(y, (unsigned)m, (unsigned)d);
    return true;
}

static void put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
}

void fl_date_format(fl_date d, char out[11])
{
    int y, m, day;
    fl_date_ymd(d < DATE_MIN ? DATE_MIN : d > DATE_MAX ? DATE_MAX : d, &y, &m, &day);
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, day, 2);
    out[10] = '\0';
}

void fl_date_ymd(fl_date d, int *y, int *m, int *day)
{
    civil_from_days(d, y, m, day);
}

fl_date fl_date_from_ymd(int y, int m, int d)
{
    long mm = (long)m - 1;
    long yy = (long)y + floor_div(mm, 12);
    mm -= floor_div(mm, 12) * 12;
    return (fl_date)(fl_days_from_civil(yy, (unsigned)mm + 1, 1) + ((long)d - 1));
}

int fl_date_weekday(fl_date d)
{
    /* 1970-01-01 was a Thursday (4). */
    long r = ((long)d + 3) % 7;
    return (int)(r < 0 ? r + 7 : r) + 1;
}

fl_date fl_date_today(void)
{
    long long local = (long long)fl_now() + FL_COURT_UTC_OFFSET_MIN * 60LL;
    long long days = local / 86400 - (local % 86400 < 0);
    return (fl_date)days;
}

/* ---- the calendar in memory -------------------------------------------------- */

/* A day listed by a notice (HOLIDAY, MAKEUP_WORKDAY) or by the court
 * (CLOSED, OPEN). */
struct entry {
    fl_date date;
    enum fl_day_kind kind;
    char *text; /* the holiday's name or the court's reason */
};

struct year {
    int number;
    char *source, *href;
    struct entry *days; /* ascending dates */
    size_t ndays;
};

/* Every lookup is one byte of a table covering the days from the first to
 * the last day the data mentions; days outside it follow the week. */
enum {
    B_KIND = 0x07,  /* enum fl_day_kind */
    B_KNOWN = 0x08, /* in a year with a loaded <year> */
    B_WORK = 0x10,  /* fl_calendar_is_workday */
    B_END = 0x20,   /* a statutory working day the court is not closed on */
};

struct fl_calendar {
    unsigned rest;      /* bit w (1 = Monday ... 7 = Sunday) set: a weekly rest day */
    struct year *years; /* ascending numbers */
    size_t nyears;
    struct entry *court; /* ascending dates */
    size_t ncourt;
    fl_date lo;
    size_t span;
    uint8_t *table;
};

#define WEEKEND ((1u << 6) | (1u << 7))
#define ALL_WEEK 0xFEu

static void year_clear(struct year *y)
{
    for (size_t i = 0; i < y->ndays; i++)
        free(y->days[i].text);
    free(y->days);
    free(y->source);
    free(y->href);
}

void fl_calendar_free(struct fl_calendar *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nyears; i++)
        year_clear(&c->years[i]);
    free(c->years);
    for (size_t i = 0; i < c->ncourt; i++)
        free(c->court[i].text);
    free(c->court);
    free(c->table);
    free(c);
}

static int cmp_year(const void *a, const void *b)
{
    const struct year *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return (x->date > y->date) - (x->date < y->date);
}

/* qsort, which wants a non-null array even when it is empty. */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

static const struct year *find_year(const struct year *ys, size_t n, int number)
{
    struct year key = {.number = number};
    return n ? bsearch(&key, ys, n, sizeof *ys, cmp_year) : NULL;
}

static const struct entry *find_entry(const struct entry *es, size_t n, fl_date d)
{
    struct entry key = {.date = d};
    return n ? bsearch(&key, es, n, sizeof *es, cmp_entry) : NULL;
}

static fl_date first_of_year(int y)
{
    return (fl_date)fl_days_from_civil(y, 1, 1);
}

static fl_date last_of_year(int y)
{
    return (fl_date)fl_days_from_civil(y, 12, 31);
}

static uint8_t outside(unsigned rest, fl_date d)
{
    if (rest & (1u << fl_date_weekday(d)))
        return FL_DAY_REST;
    return FL_DAY_WORKDAY | B_WORK | B_END;
}

static inline uint8_t info(const struct fl_calendar *c, fl_date d)
{
    uint64_t off = (uint64_t)((int64_t)d - c->lo);
    return off < c->span ? c->table[off] : outside(c->rest, d);
}

struct table {
    fl_date lo;
    size_t span;
    uint8_t *bytes;
};

static void widen(fl_date *lo, fl_date *hi, fl_date a, fl_date b)
{
    if (a < *lo)
        *lo = a;
    if (b > *hi)
        *hi = b;
}

/* Lay the week, then the notices (later years over earlier ones), then the
 * court's own days into one byte per day. */
static bool build_table(struct table *t, unsigned rest, const struct year *ys, size_t ny,
                        const struct entry *cs, size_t nc)
{
    fl_date lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < ny; i++) {
        widen(&lo, &hi, first_of_year(ys[i].number), last_of_year(ys[i].number));
        if (ys[i].ndays)
            widen(&lo, &hi, ys[i].days[0].date, ys[i].days[ys[i].ndays - 1].date);
    }
    for (size_t i = 0; i < nc; i++)
        widen(&lo, &hi, cs[i].date, cs[i].date);
    *t = (struct table){0};
    if (lo > hi)
        return true;
    t->lo = lo;
    t->span = (size_t)((int64_t)hi - lo + 1);
    uint8_t *b = t->bytes = malloc(t->span);
    if (!b)
        return false;
    for (size_t i = 0; i < t->span; i++)
        b[i] = (rest & (1u << fl_date_weekday(lo + (fl_date)i))) ? FL_DAY_REST : FL_DAY_WORKDAY;
    for (size_t i = 0; i < ny; i++) {
        fl_date a = first_of_year(ys[i].number), z = last_of_year(ys[i].number);
        for (fl_date d = a; d <= z; d++)
            b[d - lo] |= B_KNOWN;
    }
    for (size_t i = 0; i < ny; i++)
        for (size_t k = 0; k < ys[i].ndays; k++) {
            uint8_t *p = &b[ys[i].days[k].date - lo];
            *p = (uint8_t)((*p & ~B_KIND) | ys[i].days[k].kind);
        }
    for (size_t i = 0; i < t->span; i++) {
        unsigned kind = b[i] & B_KIND;
        if (kind == FL_DAY_WORKDAY || kind == FL_DAY_MAKEUP_WORKDAY)
            b[i] |= B_WORK | B_END;
    }
    for (size_t i = 0; i < nc; i++) {
        uint8_t *p = &b[cs[i].date - lo];
        *p = (uint8_t)((*p & B_KNOWN) | cs[i].kind | (cs[i].kind == FL_DAY_OPEN ? B_WORK : 0) |
                       (cs[i].kind == FL_DAY_OPEN ? (*p & B_END) : 0));
    }
    return true;
}

/* ---- changing the calendar ---------------------------------------------------- */

/* What a document (or set_day) brings; its strings move into the calendar. */
struct doc {
    bool has_rest;
    unsigned rest;
    struct year *years;
    size_t nyears;
    struct entry *court;
    size_t ncourt;
};

static void doc_clear(struct doc *d)
{
    for (size_t i = 0; i < d->nyears; i++)
        year_clear(&d->years[i]);
    free(d->years);
    for (size_t i = 0; i < d->ncourt; i++)
        free(d->court[i].text);
    free(d->court);
    *d = (struct doc){0};
}

/* Put D into C, all or nothing. */
static enum fl_status apply(struct fl_calendar *c, struct doc *d, struct fl_error *err)
{
    unsigned rest = d->has_rest ? d->rest : c->rest;
    struct year *ys = malloc((c->nyears + d->nyears + 1) * sizeof *ys);
    struct entry *cs = malloc((c->ncourt + d->ncourt + 1) * sizeof *cs);
    size_t ny = 0, nc = 0;
    struct table t = {0};
    if (!ys || !cs)
        goto oom;
    sort(d->years, d->nyears, sizeof *d->years, cmp_year);
    sort(d->court, d->ncourt, sizeof *d->court, cmp_entry);
    for (size_t i = 0; i < c->nyears; i++)
        if (!find_year(d->years, d->nyears, c->years[i].number))
            ys[ny++] = c->years[i];
    for (size_t i = 0; i < d->nyears; i++)
        ys[ny++] = d->years[i];
    sort(ys, ny, sizeof *ys, cmp_year);
    for (size_t i = 0; i < c->ncourt; i++)
        if (!find_entry(d->court, d->ncourt, c->court[i].date))
            cs[nc++] = c->court[i];
    for (size_t i = 0; i < d->ncourt; i++)
        cs[nc++] = d->court[i];
    sort(cs, nc, sizeof *cs, cmp_entry);
    if (!build_table(&t, rest, ys, ny, cs, nc))
        goto oom;
    /* Nothing can fail from here: drop what was replaced, keep the rest. */
    for (size_t i = 0; i < c->nyears; i++)
        if (find_year(d->years, d->nyears, c->years[i].number))
            year_clear(&c->years[i]);
    for (size_t i = 0; i < c->ncourt; i++)
        if (find_entry(d->court, d->ncourt, c->court[i].date))
            free(c->court[i].text);
    free(c->years);
    free(c->court);
    free(c->table);
    c->rest = rest;
    c->years = ys;
    c->nyears = ny;
    c->court = cs;
    c->ncourt = nc;
    c->lo = t.lo;
    c->span = t.span;
    c->table = t.bytes;
    free(d->years);
    free(d->court);
    *d = (struct doc){0};
    return FL_OK;
oom:
    free(ys);
    free(cs);
    return fl_fail(err, FL_ENOMEM, "out of memory");
}

/* The first problem of a document, where libxml2 or we found it. */
struct problems {
    long line;
    size_t count;
    char msg[400];
};

static void note(struct problems *p, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note(struct problems *p, long line, const char *fmt, ...)
{
    if (p->count++)
        return;
    p->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    if (!e || e->level == XML_ERR_WARNING)
        return;
    char msg[300];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
    size_t n = strlen(msg);
    for (size_t i = 0; i < n; i++)
        if (msg[i] == '\n')
            msg[i] = ' ';
    while (n && msg[n - 1] == ' ')
        msg[--n] = '\0';
    note(ctx, e->line, "%s", msg);
}

static bool is(const xmlNode *n, const char *name)
{
    return fl_xml_is(n, CAL_NS, name);
}

/* An attribute as xs:token sees it: whitespace collapsed; NULL when absent
 * (or out of memory, which the caller cannot tell apart for optional ones;
 * required ones are present after validation). */
static char *token(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = malloc(strlen((const char *)v) + 1);
    if (s) {
        size_t k = 0;
        for (const char *p = (const char *)v; *p; p++) {
            bool space = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
            if (!space)
                s[k++] = *p;
            else if (k && s[k - 1] != ' ')
                s[k++] = ' ';
        }
        if (k && s[k - 1] == ' ')
            k--;
        s[k] = '\0';
    }
    xmlFree(v);
    return s;
}

static const char *const WEEKDAYS[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};

static const char *const DAY_NAMES[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};

static void read_rest_days(struct doc *d, const xmlNode *x, struct problems *p)
{
    xmlChar *v = xmlNodeGetContent(x);
    const char *s = v ? (const char *)v : "";
    d->has_rest = true;
    d->rest = 0;
    while (*s) {
        size_t n = strcspn(s, " \t\r\n");
        for (int w = 0; w < 7; w++)
            if (n == strlen(WEEKDAYS[w]) && strncmp(s, WEEKDAYS[w], n) == 0)
                d->rest |= 1u << (w + 1);
        s += n;
        s += strspn(s, " \t\r\n");
    }
    xmlFree(v);
    if (d->rest == ALL_WEEK)
        note(p, xmlGetLineNo(x), "<rest-days> leaves no working day in the week");
}

static bool date_attr(const xmlNode *x, fl_date *out, struct problems *p)
{
    char *s = token(x, "date");
    bool ok = fl_date_parse(s, out);
    if (!ok)
        note(p, xmlGetLineNo(x), "date=\"%s\" is not a date YYYY-MM-DD", s ? s : "");
    free(s);
    return ok;
}

static bool push_entry(struct entry **es, size_t *n, struct entry e)
{
    struct entry *q = realloc(*es, (*n + 1) * sizeof *q);
    if (!q)
        return false;
    *es = q;
    q[(*n)++] = e;
    return true;
}

static void read_day(struct year *y, const xmlNode *x, unsigned rest, struct problems *p,
                     bool *oom)
{
    fl_date d;
    if (!date_attr(x, &d, p))
        return;
    char ds[11];
    fl_date_format(d, ds);
    if (d < (fl_date)fl_days_from_civil(y->number - 1, 12, 1) || d > last_of_year(y->number)) {
        note(p, xmlGetLineNo(x),
             "%s is not in the year %d (a notice lists days from 1 December of the year "
             "before to 31 December)", ds, y->number);
        return;
    }
    bool workday = is(x, "workday");
    if (workday && !(rest & (1u << fl_date_weekday(d)))) {
        note(p, xmlGetLineNo(x),
             "<workday date=\"%s\">: a %s is already a working day; a <workday> is a rest "
             "day the notice declares a working day (调休上班)",
             ds, DAY_NAMES[fl_date_weekday(d) - 1]);
        return;
    }
    struct entry e = {d, workday ? FL_DAY_MAKEUP_WORKDAY : FL_DAY_HOLIDAY, token(x, "name")};
    if (!e.text || !push_entry(&y->days, &y->ndays, e)) {
        free(e.text);
        *oom = true;
    }
}

static void read_year(struct doc *d, const xmlNode *x, unsigned rest, struct problems *p,
                      bool *oom)
{
    char *num = token(x, "number");
    struct year y = {.number = num ? atoi(num) : 0};
    free(num);
    if (y.number < MIN_YEAR || y.number > MAX_YEAR) {
        note(p, xmlGetLineNo(x), "year %d is outside %d-%d", y.number, MIN_YEAR, MAX_YEAR);
        return;
    }
    y.source = token(x, "source");
    y.href = token(x, "href");
    if (!y.source)
        *oom = true;
    for (const xmlNode *k = fl_xml_first(x->children); k && !*oom; k = fl_xml_next(k))
        if (is(k, "holiday") || is(k, "workday"))
            read_day(&y, k, rest, p, oom);
    sort(y.days, y.ndays, sizeof *y.days, cmp_entry);
    struct year *q = *oom ? NULL : realloc(d->years, (d->nyears + 1) * sizeof *q);
    if (!q) {
        year_clear(&y);
        *oom = true;
        return;
    }
    d->years = q;
    q[d->nyears++] = y;
}

static void read_court_day(struct doc *d, const xmlNode *x, struct problems *p, bool *oom)
{
    fl_date day;
    if (!date_attr(x, &day, p))
        return;
    if (day < first_of_year(MIN_YEAR) || day > last_of_year(MAX_YEAR)) {
        note(p, xmlGetLineNo(x), "a court's own day must lie in %d-%d", MIN_YEAR, MAX_YEAR);
        return;
    }
    struct entry e = {day, is(x, "closed") ? FL_DAY_CLOSED : FL_DAY_OPEN, token(x, "reason")};
    if (!e.text || !push_entry(&d->court, &d->ncourt, e)) {
        free(e.text);
        *oom = true;
    }
}

static bool read_doc(struct doc *d, const xmlNode *root, unsigned rest, struct problems *p)
{
    bool oom = false;
    for (const xmlNode *x = fl_xml_first(root->children); x && !oom; x = fl_xml_next(x)) {
        if (is(x, "rest-days")) {
            read_rest_days(d, x, p);
            rest = d->rest;
        } else if (is(x, "year")) {
            read_year(d, x, rest, p, &oom);
        } else if (is(x, "closed") || is(x, "open")) {
            read_court_day(d, x, p, &oom);
        }
    }
    return !oom;
}

static bool validate(xmlDocPtr doc, const struct fl_embedded *xsd, struct problems *p)
{
    size_t before = p->count;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt((const char *)xsd->data, (int)xsd->size);
    if (pc)
        xmlSchemaSetParserStructuredErrors(pc, on_xml_error, p);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (vc) {
        xmlSchemaSetValidStructuredErrors(vc, on_xml_error, p);
        if (xmlSchemaValidateDoc(vc, doc) != 0 && p->count == before)
            note(p, 0, "the document does not follow " CAL_XSD);
    } else if (p->count == before) {
        note(p, 0, "internal error: " CAL_XSD " does not load");
    }
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return p->count == before;
}

/* The line NEEDLE first appears on in XML, or 0.  (libxml2 gives a DOCTYPE
 * node no line.) */
static long line_of(const char *xml, size_t len, const char *needle)
{
    const char *at = memmem(xml, len, needle, strlen(needle));
    long line = 1;
    for (const char *p = xml; at && p < at; p++)
        line += *p == '\n';
    return at ? line : 0;
}

/* Parse, validate and read XML into D; false with P filled (or *OOM). */
static bool parse(const char *xml, size_t len, const char *name, unsigned rest, struct doc *d,
                  struct problems *p, bool *oom)
{
    const struct fl_embedded *xsd = fl_embedded_find(CAL_XSD);
    if (!xsd) {
        note(p, 0, "internal error: " CAL_XSD " is missing from this build");
        return false;
    }
    if (len > INT_MAX) {
        note(p, 0, "the document is larger than 2 GiB");
        return false;
    }
    xmlSetStructuredErrorFunc(p, on_xml_error);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    if (!doc) {
        if (!p->count)
            note(p, 0, "not well-formed XML");
    } else if (doc->intSubset) {
        note(p, line_of(xml, len, "<!DOCTYPE"), "a calendar has no DOCTYPE");
    } else if (validate(doc, xsd, p)) {
        *oom = !read_doc(d, xmlDocGetRootElement(doc), rest, p);
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeDoc(doc);
    return !p->count && !*oom;
}

enum fl_status fl_calendar_merge(struct fl_calendar *c, const char *xml, size_t len,
                                 const char *name, struct fl_error *err)
{
    struct doc d = {0};
    struct problems p = {0};
    bool oom = false;
    name = name ? name : "(calendar)";
    if (!parse(xml, len, name, c->rest, &d, &p, &oom)) {
        doc_clear(&d);
        if (oom && !p.count)
            return fl_fail(err, FL_ENOMEM, "out of memory");
        char where[40] = "";
        if (p.line > 0)
            snprintf(where, sizeof where, ":%ld", p.line);
        enum fl_status st = fl_fail(err, FL_EINVAL, "%s%s: %s%s", name, where, p.msg,
                                    p.count > 1 ? " (and more problems after it)" : "");
        if (err) {
            snprintf(err->file, sizeof err->file, "%s", name);
            err->line = p.line;
        }
        return st;
    }
    enum fl_status st = apply(c, &d, err);
    doc_clear(&d);
    return st;
}

enum fl_status fl_calendar_load_default(struct fl_calendar **out, struct fl_error *err)
{
    *out = NULL;
    const struct fl_embedded *e = fl_embedded_find(CAL_DEFAULT);
    if (!e)
        return fl_fail(err, FL_ENOTFOUND, "the calendar " CAL_DEFAULT " is missing from this build");
    struct fl_calendar *c = calloc(1, sizeof *c);
    if (!c)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    c->rest = WEEKEND;
    enum fl_status st = fl_calendar_merge(c, (const char *)e->data, e->size, CAL_DEFAULT, err);
    if (st != FL_OK) {
        fl_calendar_free(c);
        return st;
    }
    *out = c;
    return FL_OK;
}

enum fl_status fl_calendar_set_day(struct fl_calendar *c, fl_date d, bool closed,
                                   const char *reason, struct fl_error *err)
{
    if (!reason || !*reason)
        return fl_fail(err, FL_EINVAL, "a court's closed or open day needs a reason");
    if (d < first_of_year(MIN_YEAR) || d > last_of_year(MAX_YEAR))
        return fl_fail(err, FL_EINVAL, "a court's own day must lie in %d-%d", MIN_YEAR, MAX_YEAR);
    struct entry e = {d, closed ? FL_DAY_CLOSED : FL_DAY_OPEN, strdup(reason)};
    struct doc doc = {.court = malloc(sizeof e), .ncourt = 1};
    if (!e.text || !doc.court) {
        free(e.text);
        free(doc.court);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    doc.court[0] = e;
    enum fl_status st = apply(c, &doc, err);
    doc_clear(&doc);
    return st;
}

/* ---- questions ---------------------------------------------------------------- */

bool fl_calendar_year_known(const struct fl_calendar *c, int year)
{
    return find_year(c->years, c->nyears, year) != NULL;
}

enum fl_day_kind fl_calendar_day(const struct fl_calendar *c, fl_date d,
                                 const char **name_or_reason)
{
    enum fl_day_kind kind = (enum fl_day_kind)(info(c, d) & B_KIND);
    const char *text = NULL;
    if (kind == FL_DAY_CLOSED || kind == FL_DAY_OPEN) {
        text = find_entry(c->court, c->ncourt, d)->text;
    } else if (kind == FL_DAY_HOLIDAY || kind == FL_DAY_MAKEUP_WORKDAY) {
        /* A notice lists days of its year and the December before. */
        int y, m, day;
        fl_date_ymd(d, &y, &m, &day);
        for (int n = y + 1; n >= y && !text; n--) {
            const struct year *yr = find_year(c->years, c->nyears, n);
            const struct entry *e = yr ? find_entry(yr->days, yr->ndays, d) : NULL;
            text = e ? e->text : NULL;
        }
    }
    if (name_or_reason)
        *name_or_reason = text;
    return kind;
}

bool fl_calendar_is_workday(const struct fl_calendar *c, fl_date d)
{
    return info(c, d) & B_WORK;
}

/* The first day from D on that a period may end on. */
static fl_date settle(const struct fl_calendar *c, fl_date d, bool *prov)
{
    for (;;) {
        uint8_t b = info(c, d);
        *prov |= !(b & B_KNOWN);
        if ((b & B_END) || d >= DATE_MAX)
            return d;
        d++;
    }
}

static fl_date add_months(fl_date start, int n)
{
    int y, m, d;
    fl_date_ymd(start, &y, &m, &d);
    long long total = (long long)y * 12 + (m - 1) + n;
    if (total / 12 > 9999)
        return DATE_MAX;
    int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
    int dim = days_in_month(ny, nm);
    return (fl_date)fl_days_from_civil(ny, (unsigned)nm, (unsigned)(d < dim ? d : dim));
}

fl_date fl_calendar_add(const struct fl_calendar *c, fl_date start, int n, enum fl_unit unit,
                        bool *provisional)
{
    bool prov = false;
    fl_date end = start;
    if (n >= 0) {
        switch (unit) {
        case FL_UNIT_DAYS:
            end = (int64_t)start + n > DATE_MAX ? DATE_MAX : start + n;
            end = settle(c, end, &prov);
            break;
        case FL_UNIT_MONTHS:
            end = settle(c, add_months(start, n), &prov);
            break;
        case FL_UNIT_WORKDAYS:
            for (int left = n; left > 0 && end < DATE_MAX;) {
                uint8_t b = info(c, ++end);
                prov |= !(b & B_KNOWN);
                left -= (b & B_WORK) != 0;
            }
            break;
        }
    }
    if (provisional)
        *provisional = prov;
    return end;
}

int fl_calendar_between(const struct fl_calendar *c, fl_date a, fl_date b, bool *provisional)
{
    bool prov = false;
    int n = 0;
    for (fl_date d = a; d < b;) {
        uint8_t x = info(c, ++d);
        prov |= !(x & B_KNOWN);
        n += (x & B_WORK) != 0;
    }
    if (provisional)
        *provisional = prov;
    return n;
}

size_t fl_calendar_years(const struct fl_calendar *c, int *years, size_t max)
{
    for (size_t i = 0; i < c->nyears && i < max; i++)
        years[i] = c->years[i].number;
    return c->nyears;
}

const char *fl_calendar_year_source(const struct fl_calendar *c, int year)
{
    const struct year *y = find_year(c->years, c->nyears, year);
    return y ? y->source : NULL;
}

const char *fl_calendar_year_href(const struct fl_calendar *c, int year)
{
    const struct year *y = find_year(c->years, c->nyears, year);
    return y ? y->href : NULL;
}
