/* A growable byte buffer.
 *
 * Appending never fails loudly: on allocation failure the buffer remembers
 * it (fl_buf_failed) and ignores further appends, so a caller builds a whole
 * string and checks once.  The data is always NUL-terminated once anything
 * has been appended. */
#ifndef FL_BUF_H
#define FL_BUF_H
#include <stdbool.h>
#include <stddef.h>

struct fl_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
};

#define FL_BUF_INIT {NULL, 0, 0, false}

void fl_buf_append(struct fl_buf *b, const void *data, size_t len);
void fl_buf_puts(struct fl_buf *b, const char *s);
void fl_buf_putc(struct fl_buf *b, char c);
void fl_buf_printf(struct fl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append S (LEN bytes of UTF-8) as a JSON string literal, quotes included.
 * A byte that starts no valid character is written as U+FFFD, so the
 * literal is valid UTF-8 whatever S holds. */
void fl_buf_json_str(struct fl_buf *b, const char *s, size_t len);
/* Append the whole file PATH to B.  False (errno set) when it cannot be
 * read, or out of memory (B->failed). */
bool fl_buf_read_file(struct fl_buf *b, const char *path);

/* Make room for at least N more bytes. */
bool fl_buf_reserve(struct fl_buf *b, size_t n);
/* Empty the buffer, keeping its memory. */
void fl_buf_reset(struct fl_buf *b);
/* Give the buffer's memory back. */
void fl_buf_free(struct fl_buf *b);
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *fl_buf_str(const struct fl_buf *b);

#endif
