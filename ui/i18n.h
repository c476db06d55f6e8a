/* Labels in the user's language: gettext catalogs (domain "fenliu").
 *
 * Every label, heading, prompt and message the interface shows goes
 * through _() (or N_() where a string is only marked, in a table, and
 * translated where it is used).  Case text from filings never does. */
#ifndef FL_I18N_H
#define FL_I18N_H
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
