/* UTF-8 text for display: widths in terminal columns and making text safe
 * to print.  Every name, cause and address is Chinese, so columns must line
 * up with double-width characters; and case text comes from outside, so it
 * must never move the cursor or change colours. */
#ifndef FL_UTF8_H
#define FL_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Decode one code point at S (LEN bytes left); sets *ADVANCE to the bytes
 * used (at least 1).  Invalid bytes decode as U+FFFD. */
uint32_t fl_utf8_decode(const char *s, size_t len, size_t *advance);

/* Columns a code point takes: 2 for East Asian wide and full-width, 0 for
 * combining marks, 1 otherwise. */
int fl_codepoint_width(uint32_t cp);

/* Whether CP is safe to print as it is: not a C0/C1 control, not a
 * bidirectional override or isolate (what fl_utf8_sanitize rewrites). */
bool fl_codepoint_harmless(uint32_t cp);

/* Columns S takes on a terminal. */
size_t fl_utf8_width(const char *s);

/* Append S to B with what could act on a terminal made visible: C0 and C1
 * controls (except newline and tab when KEEP_NEWLINES) as "^X"/"<U+0085>",
 * and bidirectional overrides and isolates as "<U+202E>". */
void fl_utf8_sanitize(struct fl_buf *b, const char *s, int keep_newlines);

/* Append S to B, padded with spaces or cut (ending in "…") to exactly COLS
 * columns. */
void fl_utf8_pad(struct fl_buf *b, const char *s, size_t cols);

/* Append S to B whole, then spaces to COLS columns, then one space (a
 * column of a table that a longer S pushes right, never cuts). */
void fl_utf8_pad_whole(struct fl_buf *b, const char *s, size_t cols);

#endif
