/* The statutory periods (schemas/periods.xml): each with its length, unit,
 * extensions and legal source, so a court can correct them without a new
 * build.  Loaded once; read-only after. */
#ifndef FL_PERIODS_H
#define FL_PERIODS_H
#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "error.h"

#define FL_MAX_EXTENSIONS 4

struct fl_extension {
    int length;
    enum fl_unit unit;
    char approver[24]; /* president, higher-court, parties, court */
};

struct fl_period {
    char code[48];
    char *name, *source, *note;
    bool limited;      /* false: no limit (foreign-related) */
    int length;
    enum fl_unit unit;
    bool civil, bankruptcy, verified;
    struct fl_extension ext[FL_MAX_EXTENSIONS];
    size_t next;
};

struct fl_periods {
    struct fl_period *items;
    size_t n;
    int notice_num, notice_den; /* notice when this share of the limit is used */
    int warning_days, urgent_days;
};

/* The periods compiled in (schemas/periods.xml). */
enum fl_status fl_periods_load_default(struct fl_periods **out, struct fl_error *err);
/* Periods from an XML document of the same format. */
enum fl_status fl_periods_load(const char *xml, size_t len, const char *name,
                               struct fl_periods **out, struct fl_error *err);
void fl_periods_free(struct fl_periods *p);
const struct fl_period *fl_periods_find(const struct fl_periods *p, const char *code);

/* "7d", "3m", "7wd" (no limit: "none"). */
void fl_period_format(const struct fl_period *p, char *out, size_t size);

#endif
