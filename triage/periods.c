/* Statutory periods (see periods.h). */
#include "periods.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "xmlutil.h"

#define PERIODS_NS "urn:fenliu:periods:1"

static bool is(const xmlNode *n, const char *name)
{
    return fl_xml_is(n, PERIODS_NS, name);
}

static bool parse_unit(const char *s, enum fl_unit *u)
{
    if (!s)
        return false;
    if (strcmp(s, "d") == 0)
        *u = FL_UNIT_DAYS;
    else if (strcmp(s, "wd") == 0)
        *u = FL_UNIT_WORKDAYS;
    else if (strcmp(s, "m") == 0)
        *u = FL_UNIT_MONTHS;
    else
        return false;
    return true;
}

static bool parse_length(const char *s, int *out)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : -1;
    if (!s || *end || v < 0 || v > 100000)
        return false;
    *out = (int)v;
    return true;
}

/* Read one <period>; false (with ERR) on a bad one. */
static bool read_period(const xmlNode *x, struct fl_period *p, const char *name,
                        struct fl_error *err)
{
    long line = xmlGetLineNo(x);
    char *code = fl_xml_prop_alloc(x, "code"), *len = fl_xml_prop_alloc(x, "length"), *unit = fl_xml_prop_alloc(x, "unit"),
         *applies = fl_xml_prop_alloc(x, "applies"), *verified = fl_xml_prop_alloc(x, "verified");
    bool ok = code && strlen(code) < sizeof p->code;
    if (ok)
        snprintf(p->code, sizeof p->code, "%s", code);
    p->limited = !(unit && strcmp(unit, "none") == 0);
    if (ok && p->limited)
        ok = parse_unit(unit, &p->unit) && parse_length(len, &p->length);
    p->civil = !applies || strstr(applies, "civil");
    p->bankruptcy = !applies || strstr(applies, "bankruptcy");
    p->verified = verified && strcmp(verified, "true") == 0;
    for (const xmlNode *c = x->children; ok && c; c = c->next) {
        if (is(c, "name"))
            p->name = fl_xml_text_alloc(c);
        else if (is(c, "source"))
            p->source = fl_xml_text_alloc(c);
        else if (is(c, "note"))
            p->note = fl_xml_text_alloc(c);
        else if (is(c, "extension") && p->next < FL_MAX_EXTENSIONS) {
            struct fl_extension *e = &p->ext[p->next++];
            char *el = fl_xml_prop_alloc(c, "length"), *eu = fl_xml_prop_alloc(c, "unit"), *ap = fl_xml_prop_alloc(c, "approver");
            ok = parse_length(el, &e->length) && parse_unit(eu, &e->unit);
            snprintf(e->approver, sizeof e->approver, "%s", ap ? ap : "");
            free(el);
            free(eu);
            free(ap);
        }
    }
    if (ok && (!p->name || !p->source))
        ok = false;
    if (!ok)
        fl_fail(err, FL_EINVAL,
                "%s:%ld: period %s: needs code, a length with unit d, wd or m (or unit "
                "\"none\"), a <name> and a <source>",
                name, line, code ? code : "?");
    free(code);
    free(len);
    free(unit);
    free(applies);
    free(verified);
    return ok;
}

static void read_alerts(const xmlNode *x, struct fl_periods *p)
{
    char *used = fl_xml_prop_alloc(x, "notice-used"), *w = fl_xml_prop_alloc(x, "warning-days-left"),
         *u = fl_xml_prop_alloc(x, "urgent-days-left");
    if (used && sscanf(used, "%d/%d", &p->notice_num, &p->notice_den) != 2)
        p->notice_num = 0;
    if (w)
        p->warning_days = atoi(w);
    if (u)
        p->urgent_days = atoi(u);
    free(used);
    free(w);
    free(u);
}

void fl_periods_free(struct fl_periods *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].source);
        free(p->items[i].note);
    }
    free(p->items);
    free(p);
}

enum fl_status fl_periods_load(const char *xml, size_t len, const char *name,
                               struct fl_periods **out, struct fl_error *err)
{
    *out = NULL;
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || doc->intSubset || !is(root, "periods")) {
        xmlFreeDoc(doc);
        return fl_fail(err, FL_EINVAL, "%s: not a periods document (<periods xmlns=\"" PERIODS_NS
                                       "\">, no DOCTYPE)", name);
    }
    struct fl_periods *p = calloc(1, sizeof *p);
    enum fl_status st = p ? FL_OK : fl_fail(err, FL_ENOMEM, "out of memory");
    if (p) { /* defaults of the plan: notice at 2/3, warning 10 and urgent 5 days left */
        p->notice_num = 2;
        p->notice_den = 3;
        p->warning_days = 10;
        p->urgent_days = 5;
    }
    for (const xmlNode *c = root->children; st == FL_OK && c; c = c->next) {
        if (is(c, "alerts")) {
            read_alerts(c, p);
        } else if (is(c, "period")) {
            struct fl_period *items = realloc(p->items, (p->n + 1) * sizeof *items);
            if (!items) {
                st = fl_fail(err, FL_ENOMEM, "out of memory");
                break;
            }
            p->items = items;
            memset(&p->items[p->n], 0, sizeof p->items[p->n]);
            p->n++;
            if (!read_period(c, &p->items[p->n - 1], name, err))
                st = FL_EINVAL;
        }
    }
    xmlFreeDoc(doc);
    if (st == FL_OK && p->notice_den <= 0)
        st = fl_fail(err, FL_EINVAL, "%s: alerts notice-used is not a fraction like 2/3", name);
    if (st != FL_OK) {
        fl_periods_free(p);
        return st;
    }
    *out = p;
    return FL_OK;
}

enum fl_status fl_periods_load_default(struct fl_periods **out, struct fl_error *err)
{
    const struct fl_embedded *e = fl_embedded_find("schemas/periods.xml");
    if (!e)
        return fl_fail(err, FL_ENOTFOUND, "schemas/periods.xml is missing from this build");
    return fl_periods_load((const char *)e->data, e->size, "schemas/periods.xml", out, err);
}

const struct fl_period *fl_periods_find(const struct fl_periods *p, const char *code)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->items[i].code, code) == 0)
            return &p->items[i];
    return NULL;
}

void fl_period_format(const struct fl_period *p, char *out, size_t size)
{
    static const char *const units[] = {[FL_UNIT_DAYS] = "d", [FL_UNIT_WORKDAYS] = "wd",
                                        [FL_UNIT_MONTHS] = "m"};
    if (!p->limited)
        snprintf(out, size, "none");
    else
        snprintf(out, size, "%d%s", p->length, units[p->unit]);
}
