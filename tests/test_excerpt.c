/* Excerpts of rejected documents: the lines around the errors, bounded,
 * from memory and from a file read in pieces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "excerpt.h"
#include "testutil.h"

/* N lines "line K <x/>" (K from 1), as one document. */
static char *numbered(int n)
{
    struct fl_buf b = FL_BUF_INIT;
    for (int k = 1; k <= n; k++)
        fl_buf_printf(&b, "line %d <x/>\n", k);
    return b.data;
}

static void test_small_documents_are_kept_whole(void **state)
{
    (void)state;
    char *doc = numbered(100);
    struct fl_excerpt x;
    fl_excerpt_find((const unsigned char *)doc, strlen(doc), 3, 50, 50, FL_EXCERPT_MAX, &x);
    assert_int_equal(x.start, 0);
    assert_int_equal(x.len, strlen(doc));
    assert_int_equal(x.first_line, 3);
    assert_false(x.line_start);
    free(doc);
}

/* The lines from 16 before the first error to 16 after the last. */
static void test_the_lines_around_the_errors(void **state)
{
    (void)state;
    char *doc = numbered(100000);
    struct fl_excerpt x;
    fl_excerpt_find((const unsigned char *)doc, strlen(doc), 1, 50000, 50002, FL_EXCERPT_MAX, &x);
    char *part = strndup(doc + x.start, x.len);
    assert_int_equal(x.first_line, 50000 - 16);
    assert_true(x.line_start);
    assert_true(strncmp(part, "line 49984 <x/>\n", 16) == 0);
    assert_non_null(strstr(part, "line 50018 <x/>\n"));
    assert_null(strstr(part, "line 50019 "));
    free(part);
    /* Errors far apart: no more than the bound, from the first. */
    fl_excerpt_find((const unsigned char *)doc, strlen(doc), 1, 10, 90000, 4096, &x);
    assert_true(x.len <= 4096 && x.len > 3000);
    assert_int_equal(x.first_line, 1);
    assert_int_equal(doc[x.start + x.len - 1], '\n'); /* cut at a line's end */
    free(doc);
}

/* One line of a megabyte: cut before a '<', never inside a character. */
static void test_one_long_line_is_cut_between_tags(void **state)
{
    (void)state;
    struct fl_buf b = FL_BUF_INIT;
    for (int k = 0; k < 100000; k++)
        fl_buf_puts(&b, "<a>甲乙</a>");
    struct fl_excerpt x;
    fl_excerpt_find((const unsigned char *)b.data, b.len, 1, 1, 1, 1000, &x);
    assert_int_equal(x.start, 0);
    assert_true(x.len <= 1000 && x.len > 900);
    assert_int_equal(b.data[x.start + x.len], '<');
    fl_buf_free(&b);
}

/* From a file, read in pieces: the same lines as from memory. */
static void test_file_excerpt_matches_memory(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), *path = tu_fmt("%s/doc.xml", dir);
    char *doc = numbered(200000);
    tu_write_str(path, doc);
    static const long errors[][2] = {{1, 1}, {150000, 150003}, {199999, 199999}, {5, 180000},
                                     {300000, 300000}};
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        struct fl_buf out = FL_BUF_INIT;
        long line = 0;
        struct fl_error err;
        assert_int_equal(fl_excerpt_read_file(path, errors[i][0], errors[i][1], FL_EXCERPT_MAX,
                                              &out, &line, &err),
                         FL_OK);
        struct fl_excerpt x;
        fl_excerpt_find((const unsigned char *)doc, strlen(doc), 1, errors[i][0], errors[i][1],
                        FL_EXCERPT_MAX, &x);
        if (errors[i][0] <= 200000) { /* past the end: what is left, not the start */
            assert_int_equal(line, x.first_line);
            assert_int_equal(out.len, x.len);
            assert_memory_equal(out.data, doc + x.start, x.len);
        }
        assert_true(out.len <= FL_EXCERPT_MAX);
        fl_buf_free(&out);
    }
    struct fl_buf out = FL_BUF_INIT;
    long line;
    struct fl_error err;
    assert_int_equal(fl_excerpt_read_file("/nonexistent/x.xml", 1, 1, 100, &out, &line, &err),
                     FL_EIO);
    free(doc);
    tu_rmtree(dir);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_documents_are_kept_whole),
        cmocka_unit_test(test_the_lines_around_the_errors),
        cmocka_unit_test(test_one_long_line_is_cut_between_tags),
        cmocka_unit_test(test_file_excerpt_matches_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
