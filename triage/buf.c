#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

bool fl_buf_reserve(struct fl_buf *b, size_t n)
{
    if (b->failed)
        return false;
    if (b->len + n + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1) {
        if (cap > (size_t)-1 / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void fl_buf_append(struct fl_buf *b, const void *data, size_t len)
{
    if (!fl_buf_reserve(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void fl_buf_puts(struct fl_buf *b, const char *s)
{
    fl_buf_append(b, s, strlen(s));
}

void fl_buf_putc(struct fl_buf *b, char c)
{
    fl_buf_append(b, &c, 1);
}

void fl_buf_printf(struct fl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        fl_buf_append(b, small, (size_t)n);
        return;
    }
    if (!fl_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Whether the byte at S (LEN left) may go into a JSON string as it is;
 * *ADV gets the bytes of its character (1 when it is not one). */
static bool json_plain(const char *s, size_t len, size_t *adv)
{
    unsigned char c = (unsigned char)*s;
    *adv = 1;
    if (c < 0x80)
        return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
    /* A lone or cut byte of UTF-8 (a hit cut by a pattern, a broken stored
     * value) would make the whole line invalid JSON for its reader. */
    return fl_utf8_decode(s, len, adv) != 0xFFFD || *adv > 1;
}

void fl_buf_json_str(struct fl_buf *b, const char *s, size_t len)
{
    fl_buf_putc(b, '"');
    size_t run = 0, adv; /* s[run, i) is copied verbatim in one go */
    for (size_t i = 0; i < len; i += adv) {
        if (json_plain(s + i, len - i, &adv))
            continue;
        fl_buf_append(b, s + run, i - run);
        run = i + 1;
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fl_buf_puts(b, "\\\""); break;
        case '\\': fl_buf_puts(b, "\\\\"); break;
        case '\n': fl_buf_puts(b, "\\n"); break;
        case '\r': fl_buf_puts(b, "\\r"); break;
        case '\t': fl_buf_puts(b, "\\t"); break;
        default:
            if (c >= 0x80)
                fl_buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD */
            else
                fl_buf_printf(b, "\\u%04x", c);
        }
    }
    fl_buf_append(b, s + run, len - run);
    fl_buf_putc(b, '"');
}

bool fl_buf_read_file(struct fl_buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fl_buf_append(b, chunk, n);
    bool ok = !ferror(f) && !b->failed;
    fclose(f);
    return ok;
}

void fl_buf_reset(struct fl_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void fl_buf_free(struct fl_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

const char *fl_buf_str(const struct fl_buf *b)
{
    return b->data ? b->data : "";
}
