#include "xmlutil.h"

#include <stdlib.h>
#include <string.h>

bool fl_xml_is(const xmlNode *n, const char *ns, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

const xmlNode *fl_xml_first(const xmlNode *n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

const xmlNode *fl_xml_next(const xmlNode *n)
{
    return n ? fl_xml_first(n->next) : NULL;
}

char *fl_xml_prop_alloc(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

char *fl_xml_text_alloc(const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    const char *s = v ? (const char *)v : "";
    /* Data files spread long texts over lines: trim what surrounds them. */
    size_t a = 0, b = strlen(s);
    while (a < b && strchr(" \t\r\n", s[a]))
        a++;
    while (b > a && strchr(" \t\r\n", s[b - 1]))
        b--;
    char *out = strndup(s + a, b - a);
    xmlFree(v);
    return out;
}
