#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fl_error_clear(struct fl_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

enum fl_status fl_fail(struct fl_error *err, enum fl_status status, const char *fmt, ...)
{
    if (!err)
        return status;
    fl_error_clear(err);
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

const char *fl_status_name(enum fl_status status)
{
    switch (status) {
    case FL_OK: return "ok";
    case FL_EINVAL: return "invalid input";
    case FL_ENOMEM: return "out of memory";
    case FL_EIO: return "input/output error";
    case FL_EDB: return "database error";
    case FL_ENEWER: return "database from a newer fenliu";
    case FL_ENOTFOUND: return "not found";
    case FL_ECONFLICT: return "conflict";
    case FL_EBUSY: return "database busy";
    }
    return "unknown error";
}
