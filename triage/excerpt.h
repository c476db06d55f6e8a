/* The part of a rejected document worth keeping and showing: the lines
 * around its errors, never more than a bound.
 *
 * A rejected filing may be megabytes, a rejected document gigabytes; the
 * database keeps only an excerpt (the whole file stays in the spool's
 * rejected/ folder), and the intake desk reads only an excerpt of a file.
 * Cuts fall at line ends where there are any, else before a '<': both are
 * single bytes never inside a character in the encodings fenliu reads
 * (prolog.h), so an excerpt decodes as cleanly as the whole. */
#ifndef FL_EXCERPT_H
#define FL_EXCERPT_H
#include <stddef.h>

#include "buf.h"
#include "error.h"

#define FL_EXCERPT_MAX (64u << 10) /* bytes kept of a rejected filing or document */
#define FL_EXCERPT_CONTEXT 16      /* lines kept before the first error and after the last */

struct fl_excerpt {
    size_t start, len; /* the bytes kept, of the whole */
    long first_line;   /* the document line the excerpt starts on */
    bool line_start;   /* it starts at the beginning of that line */
};

/* The excerpt of LEN bytes at DOC, whose first byte is on document line
 * DOC_LINE, around the errors on lines FIRST..LAST (0: none known: the
 * start), at most MAX bytes.  The whole when it is no longer than MAX. */
void fl_excerpt_find(const unsigned char *doc, size_t len, long doc_line, long first, long last,
                     size_t max, struct fl_excerpt *out);

/* The same from the file PATH, read in pieces (never whole): the bytes go
 * to OUT, *FIRST_LINE gets the line they start on.  FL_EIO (errno kept)
 * when it cannot be read. */
enum fl_status fl_excerpt_read_file(const char *path, long first, long last, size_t max,
                                    struct fl_buf *out, long *first_line, struct fl_error *err);

#endif
