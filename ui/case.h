/* What the case screen (screen_case.c) lends the screens that show a
 * filing or a clock too (screen_review.c, screen_intake.c, screen_queue.c). */
#ifndef FL_UI_CASE_H
#define FL_UI_CASE_H
#include "filing.h"
#include "lifecycle.h"
#include "tui.h"

/* The claims of F, numbered, each with its amount, then its requests
 * under their own heading (after the caller's claims heading). */
void case_claim_lines(struct tui_view *v, const struct fl_filing *f);

/* The style of a row or line whose most pressing clock has LEVEL:
 * overdue red, urgent yellow, warning; an error when its period is not
 * known (UNKNOWN_PERIOD); plain with no clock (HAS_CLOCK false). */
enum tui_style case_level_style(bool has_clock, enum fl_level level, bool unknown_period);
/* The same for the clock K (NULL: none). */
enum tui_style case_clock_style(const struct fl_clock *k);

#endif
