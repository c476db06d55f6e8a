/* Stored bytes as UTF-8 for display (see recode.h), with iconv. */
#include "recode.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define REPLACEMENT "\xEF\xBF\xBD"

/* Whether S (LEN bytes) is valid UTF-8 (no overlongs, no surrogates). */
static bool valid_utf8(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!n || i + n > len || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4))
            return false;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        if ((n == 3 && c == 0xE0 && s[i + 1] < 0xA0) || (n == 3 && c == 0xED && s[i + 1] >= 0xA0) ||
            (n == 4 && c == 0xF0 && s[i + 1] < 0x90) || (n == 4 && c == 0xF4 && s[i + 1] >= 0x90))
            return false;
        i += n;
    }
    return true;
}

/* UTF-8 checked by hand: invalid bytes become U+FFFD one by one. */
static void copy_utf8(struct fl_buf *out, const unsigned char *s, size_t len, size_t *bad)
{
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        while (n <= 4 && i + n <= len && !valid_utf8(s + i, n))
            n++;
        if (n <= 4 && i + n <= len) {
            fl_buf_append(out, s + i, n);
            i += n;
        } else {
            fl_buf_puts(out, REPLACEMENT);
            (*bad)++;
            i++;
        }
    }
}

enum fl_status fl_recode_utf8(struct fl_buf *out, const char *encoding, const void *in,
                              size_t len, size_t *bad, struct fl_error *err)
{
    size_t ignored = 0;
    if (!bad)
        bad = &ignored;
    *bad = 0;
    const unsigned char *s = in;
    if (!encoding || !*encoding)
        encoding = valid_utf8(s, len) ? "UTF-8" : "GB18030";
    if (strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0 ||
        strcasecmp(encoding, "US-ASCII") == 0 || strcasecmp(encoding, "ASCII") == 0) {
        copy_utf8(out, s, len, bad);
        return out->failed ? fl_fail(err, FL_ENOMEM, "out of memory") : FL_OK;
    }
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return fl_fail(err, FL_EINVAL, "this system cannot convert from the encoding %s",
                       encoding);
    char chunk[4096];
    char *ip = (char *)(uintptr_t)s;
    size_t left = len;
    while (left > 0 && !out->failed) {
        char *op = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, &ip, &left, &op, &room);
        fl_buf_append(out, chunk, (size_t)(op - chunk));
        if (r != (size_t)-1 || errno == E2BIG)
            continue;
        /* EILSEQ, or EINVAL (cut short at the end): one byte shows as
         * U+FFFD, and the rest goes on. */
        fl_buf_puts(out, REPLACEMENT);
        (*bad)++;
        ip++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    return out->failed ? fl_fail(err, FL_ENOMEM, "out of memory") : FL_OK;
}
