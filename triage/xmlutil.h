/* Small helpers for reading the project's own XML data files (rulesets,
 * calendars, periods) as libxml2 trees.  Filings never come this way: they
 * stream through parse.c. */
#ifndef FL_XMLUTIL_H
#define FL_XMLUTIL_H
#include <libxml/tree.h>
#include <stdbool.h>

/* Whether N is the element NAME in namespace NS. */
bool fl_xml_is(const xmlNode *n, const char *ns, const char *name);
/* The first element among N and its following siblings, or NULL. */
const xmlNode *fl_xml_first(const xmlNode *n);
/* The next element after N, or NULL. */
const xmlNode *fl_xml_next(const xmlNode *n);
/* The attribute NAME (no namespace) of N, malloc'd; NULL when absent. */
char *fl_xml_prop_alloc(const xmlNode *n, const char *name);
/* The text of N with surrounding whitespace trimmed, malloc'd (never NULL
 * unless out of memory). */
char *fl_xml_text_alloc(const xmlNode *n);

#endif
