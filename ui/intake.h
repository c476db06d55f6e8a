/* What the intake desk's screens share (screen_intake.c): routing filings
 * to a clerk, asking which clerk, and how long a filing has waited. */
#ifndef FL_INTAKE_H
#define FL_INTAKE_H
#include <stdbool.h>
#include <stddef.h>

#include "lifecycle.h"
#include "tui.h"

/* Route the filings IDS[0..N) to CLERK's inbox, each with fl_case_step
 * (the `route` step, as `fenliu case route`); the status line says how
 * many went and why any were refused.  FROM is the inbox the screen showed
 * them in ("" the section's): one another terminal moved meanwhile is
 * refused, not moved again.  ROUTED (when not NULL) gets, for each
 * filing, whether it went.  Returns how many went. */
size_t intake_route(struct tui_view *v, const char *clerk, const char *from,
                    const char *const *ids, size_t n, bool *routed);

/* Ask (tui_ask, with TAG) which clerk takes N filings: the users with
 * the role clerk are the choices.  False (and the status line says why)
 * when nobody is a clerk. */
bool intake_ask_clerk(struct tui_view *v, int tag, size_t n);

/* How long ago RECEIVED (ISO 8601) was, by fl_now(): "3d", "5h", "0h",
 * or in words (WORDS): "3 days", "5 hours"; "" when it cannot be read. */
void intake_waited(const char *received, bool words, char *out, size_t size);

/* "2026-03-02T09:15:00+08:00" as "2026-03-02 09:15". */
void intake_short_time(const char *at, char out[17]);

/* The first key bound by default to action A ("a", "<Enter>"…), for hints. */
void intake_key(enum tui_action a, char *out, size_t size);

#endif
