/* What the case screen (screen_case.c) lends the screens that show a
 * filing too (screen_review.c). */
#ifndef FL_UI_CASE_H
#define FL_UI_CASE_H
#include "filing.h"
#include "tui.h"

/* The claims of F, numbered, each with its amount, then its requests
 * under their own heading (after the caller's claims heading). */
void case_claim_lines(struct tui_view *v, const struct fl_filing *f);

#endif
