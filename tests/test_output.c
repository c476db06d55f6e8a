/* What fenliu prints from outside text: the sanitizer every text screen and
 * command uses, and the JSON writer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

#define FFFD "\xEF\xBF\xBD"

static char *sanitized(struct fl_buf *b, const char *s)
{
    fl_buf_reset(b);
    fl_utf8_sanitize(b, s, 0);
    return b->data;
}

/* Every control that can reorder or hide text in a terminal or a
 * spreadsheet is shown by its code point; its neighbours are printed. */
static void test_sanitize_shows_c1_and_bidi_controls(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"\xC2\x80", "<U+0080>"},         {"\xC2\x85", "<U+0085>"},
        {"\xC2\x9B" "31m", "<U+009B>31m"}, {"\xC2\x9F", "<U+009F>"},
        {"\xD8\x9C", "<U+061C>"},         {"\xE2\x80\x8E", "<U+200E>"},
        {"\xE2\x80\x8F", "<U+200F>"},     {"\xE2\x80\xAA", "<U+202A>"},
        {"\xE2\x80\xAB", "<U+202B>"},     {"\xE2\x80\xAC", "<U+202C>"},
        {"\xE2\x80\xAD", "<U+202D>"},     {"\xE2\x80\xAE", "<U+202E>"},
        {"\xE2\x81\xA6", "<U+2066>"},     {"\xE2\x81\xA7", "<U+2067>"},
        {"\xE2\x81\xA8", "<U+2068>"},     {"\xE2\x81\xA9", "<U+2069>"},
        /* not controls: no-break space, narrow no-break space, Chinese */
        {"\xC2\xA0", "\xC2\xA0"},         {"\xE2\x80\xAF", "\xE2\x80\xAF"},
        {"张\xE2\x80\xAE三", "张<U+202E>三"},
    };
    struct fl_buf b = FL_BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(sanitized(&b, cases[i].in), cases[i].out);
    fl_buf_free(&b);
}

/* Regression: bytes F5..FF were read as the first byte of a three-byte
 * character, so "\xF5\x80\x80" passed the sanitizer raw (invalid UTF-8 on
 * the clerk's terminal) and counted as one column. */
static void test_sanitize_bytes_f5_to_ff_are_not_characters(void **state)
{
    (void)state;
    struct fl_buf b = FL_BUF_INIT;
    assert_string_equal(sanitized(&b, "a\xF5\x80\x80z"), "a" FFFD FFFD FFFD "z");
    assert_string_equal(sanitized(&b, "\xFF\xBF\xBF"), FFFD FFFD FFFD);
    assert_string_equal(sanitized(&b, "\xF8\x88\x80\x80\x80"), FFFD FFFD FFFD FFFD FFFD);
    size_t adv;
    assert_int_equal(fl_utf8_decode("\xF5\x80\x80", 3, &adv), 0xFFFD);
    assert_int_equal(adv, 1);
    /* The last valid four-byte lead still is one. */
    assert_int_equal(fl_utf8_decode("\xF4\x8F\xBF\xBF", 4, &adv), 0x10FFFF);
    assert_int_equal(adv, 4);
    fl_buf_free(&b);
}

/* Whether S (LEN bytes) is well-formed UTF-8 (Unicode 15, table 3-7),
 * checked here on its own so that the writer's decoder is not its judge. */
static bool valid_utf8(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || i + n > len)
            return false;
        unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (n > 1 && (s[i + 1] < lo || s[i + 1] > hi))
            return false;
        for (size_t k = 2; k < n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return false;
        i += n;
    }
    return true;
}

static const char *json(struct fl_buf *b, const char *s, size_t len)
{
    fl_buf_reset(b);
    fl_buf_json_str(b, s, len);
    return b->data;
}

/* A rule hit cut inside a character (a pattern with \C did that) made
 * `--format json` print bytes no JSON reader takes: each byte that starts
 * no character is U+FFFD, and whole characters stay as they are. */
static void test_json_str_never_emits_invalid_utf8(void **state)
{
    (void)state;
    struct fl_buf b = FL_BUF_INIT;
    assert_string_equal(json(&b, "\xE4\xB9\xB0\xE5", 4), "\"买" FFFD "\"");
    assert_string_equal(json(&b, "\xB0\xE5\x8D\x96", 4), "\"" FFFD "卖\"");
    assert_string_equal(json(&b, "a\xE4\xB9z", 4), "\"a" FFFD FFFD "z\"");
    assert_string_equal(json(&b, "\xC0\xAF", 2), "\"" FFFD FFFD "\"");      /* overlong / */
    assert_string_equal(json(&b, "\xED\xA0\x80", 3), "\"" FFFD FFFD FFFD "\""); /* surrogate */
    assert_string_equal(json(&b, "\xF5\x80\x80", 3), "\"" FFFD FFFD FFFD "\"");
    assert_string_equal(json(&b, FFFD "\"\\\n\x01\x7f", 8),
                        "\"" FFFD "\\\"\\\\\\n\\u0001\\u007f\"");
    assert_string_equal(json(&b, "\0\xE4", 2), "\"\\u0000" FFFD "\"");
    fl_buf_free(&b);
}

/* Every string of two bytes, and every three-byte one that starts like a
 * multi-byte character, comes out as valid UTF-8. */
static void test_json_str_any_short_bytes_are_valid_utf8(void **state)
{
    (void)state;
    struct fl_buf b = FL_BUF_INIT;
    unsigned char in[3];
    for (unsigned x = 0; x < 0x10000; x++) {
        in[0] = (unsigned char)(x >> 8), in[1] = (unsigned char)x;
        json(&b, (const char *)in, 2);
        if (!valid_utf8((const unsigned char *)b.data, b.len))
            fail_msg("%02x %02x gave invalid UTF-8", in[0], in[1]);
    }
    for (unsigned x = 0; x < 0x40000; x++) {
        in[0] = (unsigned char)(0xE0 + (x >> 14));
        in[1] = (unsigned char)(0x80 | ((x >> 8) & 0x3F));
        in[2] = (unsigned char)x;
        json(&b, (const char *)in, 3);
        if (!valid_utf8((const unsigned char *)b.data, b.len))
            fail_msg("%02x %02x %02x gave invalid UTF-8", in[0], in[1], in[2]);
    }
    fl_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_shows_c1_and_bidi_controls),
        cmocka_unit_test(test_sanitize_bytes_f5_to_ff_are_not_characters),
        cmocka_unit_test(test_json_str_never_emits_invalid_utf8),
        cmocka_unit_test(test_json_str_any_short_bytes_are_valid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
