/* What fenliu prints from outside text: the sanitizer every text screen and
 * command uses, and the JSON writer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_shows_c1_and_bidi_controls),
        cmocka_unit_test(test_sanitize_bytes_f5_to_ff_are_not_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
