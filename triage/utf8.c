#include "utf8.h"

#include <stdbool.h>
#include <string.h>

uint32_t fl_utf8_decode(const char *str, size_t len, size_t *advance)
{
    const unsigned char *s = (const unsigned char *)str;
    *advance = 1;
    if (len == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return c;
    /* F5..FF never start a character: read as 3-byte leads they gave
     * "code points" whose bytes were then copied out as if valid. */
    int n = c >= 0xF0 && c <= 0xF4 ? 4
            : c >= 0xE0 && c <= 0xEF ? 3
            : c >= 0xC2 && c <= 0xDF ? 2
                                     : 0;
    if (n == 0 || (size_t)n > len)
        return 0xFFFD;
    uint32_t cp = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *advance = (size_t)n;
    return cp;
}

int fl_codepoint_width(uint32_t cp)
{
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
    };
    if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

size_t fl_utf8_width(const char *s)
{
    size_t w = 0, len = strlen(s), adv;
    for (size_t i = 0; i < len; i += adv)
        w += (size_t)fl_codepoint_width(fl_utf8_decode(s + i, len - i, &adv));
    return w;
}

static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

bool fl_codepoint_harmless(uint32_t cp)
{
    return cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0) && !is_bidi_control(cp) && cp < 0x110000 &&
           !(cp >= 0xD800 && cp < 0xE000);
}

void fl_utf8_sanitize(struct fl_buf *b, const char *s, int keep_newlines)
{
    size_t len = strlen(s), adv;
    for (size_t i = 0; i < len; i += adv) {
        uint32_t cp = fl_utf8_decode(s + i, len - i, &adv);
        if ((cp == '\n' || cp == '\t') && keep_newlines)
            fl_buf_putc(b, (char)cp);
        else if (cp < 0x20 || cp == 0x7F)
            fl_buf_printf(b, "^%c", cp == 0x7F ? '?' : (char)(cp + 0x40));
        else if ((cp >= 0x80 && cp < 0xA0) || is_bidi_control(cp))
            fl_buf_printf(b, "<U+%04X>", (unsigned)cp);
        else if (cp == 0xFFFD && adv == 1 && (unsigned char)s[i] >= 0x80)
            fl_buf_puts(b, "\xEF\xBF\xBD");
        else
            fl_buf_append(b, s + i, adv);
    }
}

void fl_utf8_pad(struct fl_buf *b, const char *s, size_t cols)
{
    size_t len = strlen(s), adv, used = 0;
    bool cut = fl_utf8_width(s) > cols;
    size_t room = cut && cols > 0 ? cols - 1 : cols;
    for (size_t i = 0; i < len; i += adv) {
        int w = fl_codepoint_width(fl_utf8_decode(s + i, len - i, &adv));
        if (used + (size_t)w > room)
            break;
        fl_buf_append(b, s + i, adv);
        used += (size_t)w;
    }
    if (cut && cols > 0) {
        fl_buf_puts(b, "…");
        used++;
    }
    for (; used < cols; used++)
        fl_buf_putc(b, ' ');
}

void fl_utf8_pad_whole(struct fl_buf *b, const char *s, size_t cols)
{
    size_t w = fl_utf8_width(s);
    fl_buf_puts(b, s);
    for (; w < cols; w++)
        fl_buf_putc(b, ' ');
    fl_buf_putc(b, ' ');
}
