/* Showing stored bytes: a filing is kept byte for byte in the encoding it
 * came in (UTF-8, GB18030 and its subsets); screens need it as UTF-8. */
#ifndef FL_RECODE_H
#define FL_RECODE_H
#include <stddef.h>

#include "buf.h"
#include "error.h"

/* Append LEN bytes at IN, in ENCODING (NULL or "": UTF-8 when they are
 * valid UTF-8, else GB18030), to OUT as UTF-8.  Bytes that are not valid
 * in the encoding become U+FFFD each, counted in *BAD (when not NULL).
 * FL_EINVAL when the system cannot convert from ENCODING (nothing is
 * appended: the caller may show the bytes as they are). */
enum fl_status fl_recode_utf8(struct fl_buf *out, const char *encoding, const void *in,
                              size_t len, size_t *bad, struct fl_error *err);


#endif
