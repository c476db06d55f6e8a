/* Status codes and the error record every engine function fills in.
 *
 * The engine never prints and never exits: a function that can fail returns
 * an enum fl_status and, when given a non-NULL struct fl_error, says what
 * went wrong and where (file, line, column, field) in words a clerk can act
 * on. */
#ifndef FL_ERROR_H
#define FL_ERROR_H

enum fl_status {
    FL_OK = 0,
    FL_EINVAL,    /* bad argument or bad input data */
    FL_ENOMEM,    /* out of memory */
    FL_EIO,       /* reading or writing a file failed */
    FL_EDB,       /* the database refused or failed */
    FL_ENEWER,    /* the database was made by a newer fenliu */
    FL_ENOTFOUND, /* no such case, file or record */
    FL_ECONFLICT, /* the data disagrees with what is stored */
    FL_EBUSY,     /* the database is busy (another writer): nothing changed, try again */
};

struct fl_error {
    enum fl_status status;
    char file[512];  /* input file, or "" */
    long line;       /* 1-based; 0 when unknown */
    long column;     /* 1-based; 0 when unknown */
    char field[128]; /* e.g. "parties/party[2]/name", or "" */
    char msg[768];
};

/* Fill ERR (when not NULL) with STATUS and a printf-style message; clears the
 * location.  Returns STATUS so that callers can `return fl_fail(...)`. */
enum fl_status fl_fail(struct fl_error *err, enum fl_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A short English name of STATUS ("out of memory", ...). */
const char *fl_status_name(enum fl_status status);

/* Reset ERR to "no error". */
void fl_error_clear(struct fl_error *err);

#endif
