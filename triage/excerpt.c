/* Excerpts of rejected documents (see excerpt.h). */
#include "excerpt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The offset where line WANT begins, counting from line LINE at offset 0;
 * LEN when the bytes end first. */
static size_t line_offset(const unsigned char *doc, size_t len, long line, long want)
{
    size_t off = 0;
    while (line < want && off < len) {
        const unsigned char *nl = memchr(doc + off, '\n', len - off);
        if (!nl)
            return len;
        off = (size_t)(nl - doc) + 1;
        line++;
    }
    return off;
}

/* A cut no later than END and after FROM: after a newline, else before a
 * '<', else END itself. */
static size_t cut_back(const unsigned char *doc, size_t from, size_t end)
{
    for (size_t i = end; i > from; i--)
        if (doc[i - 1] == '\n')
            return i;
    for (size_t i = end; i > from; i--)
        if (doc[i - 1] == '<')
            return i - 1 > from ? i - 1 : end;
    return end;
}

/* The excerpt of DOC around lines FIRST..LAST, whatever its length. */
static void around(const unsigned char *doc, size_t len, long doc_line, long first, long last,
                   size_t max, struct fl_excerpt *out)
{
    if (first < doc_line)
        first = doc_line;
    if (last < first)
        last = first;
    long from_line = first - FL_EXCERPT_CONTEXT > doc_line ? first - FL_EXCERPT_CONTEXT : doc_line;
    size_t a = line_offset(doc, len, doc_line, from_line);
    size_t err = line_offset(doc + a, len - a, from_line, first) + a;
    if (err - a > max / 2) { /* long lines before the error: start at it */
        a = err;
        from_line = first;
    }
    if (a >= len) { /* the errors lie past the end: the start */
        a = 0;
        from_line = doc_line;
    }
    size_t b = line_offset(doc + a, len - a, from_line, last + FL_EXCERPT_CONTEXT + 1) + a;
    if (b - a > max)
        b = cut_back(doc, a, a + max);
    *out = (struct fl_excerpt){a, b - a, from_line, a > 0};
}

void fl_excerpt_find(const unsigned char *doc, size_t len, long doc_line, long first, long last,
                     size_t max, struct fl_excerpt *out)
{
    *out = (struct fl_excerpt){0, len, doc_line, false};
    if (len > max)
        around(doc, len, doc_line, first, last, max, out);
}

/* Drop whole lines from the front of B (which starts on line *LINE) while
 * it is longer than KEEP. */
static void drop_lines(struct fl_buf *b, long *line, size_t keep)
{
    size_t off = 0;
    while (b->len - off > keep) {
        const char *nl = memchr(b->data + off, '\n', b->len - off);
        if (!nl)
            break;
        off = (size_t)(nl - b->data) + 1;
        (*line)++;
    }
    memmove(b->data, b->data + off, b->len - off);
    b->len -= off;
}

static long count_lines(const char *p, size_t n)
{
    long k = 0;
    for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q))) != NULL; q++)
        k++;
    return k;
}

enum fl_status fl_excerpt_read_file(const char *path, long first, long last, size_t max,
                                    struct fl_buf *out, long *first_line, struct fl_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int e = fd < 0 ? errno : EINVAL;
        if (fd >= 0)
            close(fd);
        return fl_fail(err, FL_EIO, "%s: %s", path, strerror(e));
    }
    bool small = (uint64_t)sb.st_size <= max; /* then the whole, as fl_excerpt_find keeps it */
    if (small)
        first = last = 1;
    if (first < 1)
        first = 1;
    long want = first - FL_EXCERPT_CONTEXT > 1 ? first - FL_EXCERPT_CONTEXT : 1;
    long line = 1;           /* the line of out's first byte */
    long end_line = small ? LONG_MAX : (last > first ? last : first) + FL_EXCERPT_CONTEXT + 1;
    char block[64 << 10];
    ssize_t n;
    while ((n = read(fd, block, sizeof block)) > 0) {
        size_t skip = 0;
        while (line < want && skip < (size_t)n) { /* before the excerpt: counted, not kept */
            const char *nl = memchr(block + skip, '\n', (size_t)n - skip);
            skip = nl ? (size_t)(nl - block) + 1 : (size_t)n;
            line += nl != NULL;
        }
        if (line < want)
            continue;
        fl_buf_append(out, block + skip, (size_t)n - skip);
        long upto = line + count_lines(out->data ? out->data : "", out->len);
        if (upto < first)
            drop_lines(out, &line, max / 2);
        if (upto >= end_line || out->len >= 2 * (size_t)max || out->failed)
            break;
    }
    int e = errno;
    close(fd);
    if (n < 0)
        return fl_fail(err, FL_EIO, "%s: %s", path, strerror(e));
    if (out->failed)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    struct fl_excerpt x = {0, out->len, line, false};
    if (!small)
        around((const unsigned char *)out->data, out->len, line, first, last, max, &x);
    if (out->data) { /* NULL when nothing was kept (an empty file) */
        memmove(out->data, out->data + x.start, x.len);
        out->len = x.len;
        out->data[out->len] = '\0';
    }
    *first_line = x.first_line;
    return FL_OK;
}
