/* Following a document's markup byte by byte (see guard.h). */
#include "guard.h"

#include <stdbool.h>
#include <string.h>

enum state {
    G_TEXT,    /* character data, or between constructs */
    G_LT,      /* just after '<' */
    G_BANG,    /* just after "<!" */
    G_NAME,    /* the name of a tag */
    G_TAG,     /* inside a tag, outside quotes */
    G_QUOTE,   /* inside an attribute value */
    G_COMMENT, /* <!-- … --> */
    G_CDATA,   /* <![CDATA[ … ]]> */
    G_PI,      /* <? … ?> (the XML declaration among them) */
    G_DECL,    /* <!DOCTYPE …> and the like */
    G_STOPPED, /* a limit was passed */
};

void fl_guard_init(struct fl_guard *g, unsigned max_attrs, uint64_t max_markup)
{
    memset(g, 0, sizeof *g);
    g->max_attrs = max_attrs;
    g->max_markup = max_markup;
    g->state = G_TEXT;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether the two bytes before P[I] are A then B (those before P come
 * from the previous chunk). */
static bool follows(const struct fl_guard *g, const unsigned char *p, size_t i, unsigned char a,
                    unsigned char b)
{
    unsigned char b1 = i >= 1 ? p[i - 1] : g->last[1];
    unsigned char b2 = i >= 2 ? p[i - 2] : i == 1 ? g->last[1] : g->last[0];
    return b2 == a && b1 == b;
}

/* In a construct that ends with '>' preceded by A B (A 0: by B alone, or
 * by anything when B is 0): the offset after it, or LEN. */
static size_t to_close(struct fl_guard *g, const unsigned char *p, size_t i, size_t len,
                       unsigned char a, unsigned char b)
{
    while (i < len) {
        const unsigned char *q = memchr(p + i, '>', len - i);
        if (!q)
            return len;
        size_t k = (size_t)(q - p);
        unsigned char prev = k >= 1 ? p[k - 1] : g->last[1];
        if (!b || (!a && prev == b) || (a && follows(g, p, k, a, b))) {
            g->state = G_TEXT;
            return k + 1;
        }
        i = k + 1;
    }
    return len;
}

/* Inside a tag: up to its end, or the opening quote of a value. */
static size_t in_tag(struct fl_guard *g, const unsigned char *p, size_t i, size_t len)
{
    for (; i < len; i++) {
        unsigned char c = p[i];
        if (c == '>') {
            g->state = G_TEXT;
            return i + 1;
        }
        if (c == '"' || c == '\'') {
            if (++g->attrs > g->max_attrs) {
                g->stopped_in = g->state;
                g->state = G_STOPPED;
                return len;
            }
            g->quote = c;
            g->state = G_QUOTE;
            return i + 1;
        }
    }
    return len;
}

static size_t step(struct fl_guard *g, const unsigned char *p, size_t i, size_t len)
{
    const unsigned char *q;
    unsigned char c = p[i];
    switch (g->state) {
    case G_TEXT:
        if (!(q = memchr(p + i, '<', len - i)))
            return len;
        g->markup_start = g->offset + (size_t)(q - p);
        g->state = G_LT;
        return (size_t)(q - p) + 1;
    case G_LT:
        g->attrs = 0;
        g->name_len = 0;
        g->state = c == '!' ? G_BANG : c == '?' ? G_PI : c == '/' ? G_TAG : G_NAME;
        return g->state == G_NAME ? i : i + 1;
    case G_BANG:
        g->state = c == '-' ? G_COMMENT : c == '[' ? G_CDATA : G_DECL;
        return i + 1;
    case G_NAME:
        if (is_space(c) || c == '/' || c == '>' || c == '"' || c == '\'') {
            g->name[g->name_len] = '\0';
            g->state = G_TAG;
            return i;
        }
        if (g->name_len + 1 < sizeof g->name)
            g->name[g->name_len++] = (char)c;
        return i + 1;
    case G_TAG: return in_tag(g, p, i, len);
    case G_QUOTE:
        if (!(q = memchr(p + i, g->quote, len - i)))
            return len;
        g->state = G_TAG;
        return (size_t)(q - p) + 1;
    case G_COMMENT: return to_close(g, p, i, len, '-', '-');
    case G_CDATA: return to_close(g, p, i, len, ']', ']');
    case G_PI: return to_close(g, p, i, len, 0, '?');
    case G_DECL: return to_close(g, p, i, len, 0, 0);
    default: return len;
    }
}

enum fl_guard_verdict fl_guard_scan(struct fl_guard *g, const unsigned char *p, size_t len)
{
    if (g->state == G_STOPPED)
        return g->attrs > g->max_attrs ? FL_GUARD_ATTRS : FL_GUARD_LONG;
    for (size_t i = 0; i < len && g->state != G_STOPPED;)
        i = step(g, p, i, len);
    if (g->state == G_STOPPED)
        return FL_GUARD_ATTRS;
    if (len >= 2) {
        g->last[0] = p[len - 2];
        g->last[1] = p[len - 1];
    } else if (len == 1) {
        g->last[0] = g->last[1];
        g->last[1] = p[0];
    }
    g->offset += len;
    if (g->state != G_TEXT && g->offset - g->markup_start > g->max_markup) {
        g->stopped_in = g->state;
        g->state = G_STOPPED;
        return FL_GUARD_LONG;
    }
    return FL_GUARD_OK;
}

const char *fl_guard_construct(const struct fl_guard *g)
{
    switch (g->stopped_in) {
    case G_COMMENT: return "a comment";
    case G_CDATA: return "a CDATA section";
    case G_PI: return "a processing instruction";
    case G_DECL: case G_BANG: return "a DOCTYPE or other declaration";
    default: return "a tag";
    }
}
