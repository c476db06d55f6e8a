/* Byte-order marks and XML declarations (see prolog.h). */
#include "prolog.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The encodings fenliu reads, by the names a declaration may give them.
 * Adding one is a row here, once the reader's ASCII assumptions (tags,
 * quotes and '>' are single bytes never inside a character) hold for it. */
static const struct {
    const char *name, *canonical;
} ENCODINGS[] = {
    {"UTF-8", "UTF-8"},     {"UTF8", "UTF-8"},       {"US-ASCII", "US-ASCII"},
    {"ASCII", "US-ASCII"},  {"GB18030", "GB18030"},  {"GBK", "GBK"},
    {"CP936", "GBK"},       {"GB2312", "GB2312"},    {"EUC-CN", "GB2312"},
};

const char *fl_prolog_encoding(const char *name)
{
    for (size_t i = 0; i < sizeof ENCODINGS / sizeof ENCODINGS[0]; i++)
        if (strcasecmp(name, ENCODINGS[i].name) == 0)
            return ENCODINGS[i].canonical;
    return NULL;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct cursor {
    const unsigned char *start, *p, *end;
};

static bool skip_space(struct cursor *c)
{
    const unsigned char *was = c->p;
    while (c->p < c->end && is_space(*c->p))
        c->p++;
    return c->p > was;
}

/* One pseudo-attribute of the declaration: NAME = 'VALUE' or "VALUE". */
static bool pseudo_attr(struct cursor *c, char *name, size_t nsize, char *value, size_t vsize)
{
    size_t n = 0;
    while (c->p < c->end && *c->p >= 'a' && *c->p <= 'z' && n + 1 < nsize)
        name[n++] = (char)*c->p++;
    name[n] = '\0';
    skip_space(c);
    if (!n || c->p >= c->end || *c->p++ != '=')
        return false;
    skip_space(c);
    if (c->p >= c->end || (*c->p != '"' && *c->p != '\''))
        return false;
    unsigned char quote = *c->p++;
    n = 0;
    while (c->p < c->end && *c->p != quote) {
        unsigned char ch = *c->p++;
        /* EncName and VersionNum are ASCII letters, digits and ._- */
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '.' || ch == '_' || ch == '-') || n + 1 >= vsize)
            return false;
        value[n++] = (char)ch;
    }
    value[n] = '\0';
    if (c->p >= c->end)
        return false;
    c->p++;
    return n > 0;
}

static bool fail(char *why, size_t size, size_t *at, size_t off, const char *msg)
{
    snprintf(why, size, "%s", msg);
    *at = off;
    return false;
}

/* The declaration at C (after "<?xml" and a space): version, then maybe
 * encoding, then maybe standalone, in that order (XML 1.0, 2.8). */
static bool read_decl(struct cursor *c, char *encoding, size_t esize, char *why, size_t size,
                      size_t *at)
{
    static const char *const order[] = {"version", "encoding", "standalone"};
    int next = 0;
    encoding[0] = '\0';
    for (;;) {
        bool spaced = skip_space(c);
        if (c->end - c->p >= 2 && c->p[0] == '?' && c->p[1] == '>')
            break;
        size_t off = (size_t)(c->p - c->start);
        char name[16], value[64];
        if (!spaced || !pseudo_attr(c, name, sizeof name, value, sizeof value))
            return fail(why, size, at, off,
                        "the XML declaration is not well-formed (expected e.g. "
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?> within its first 256 bytes)");
        int was = next;
        while (next < 3 && strcmp(name, order[next]) != 0)
            next++;
        if (next == 3 || (was == 0 && next != 0))
            return fail(why, size, at, off,
                        "the XML declaration is not well-formed (version first, then "
                        "encoding and standalone, in that order, each at most once)");
        if (next == 1)
            snprintf(encoding, esize, "%s", value);
        next++;
    }
    if (next == 0)
        return fail(why, size, at, (size_t)(c->p - c->start),
                    "the XML declaration has no version");
    return true;
}

/* Marks and first bytes of the encodings the reader refuses (XML 1.0,
 * appendix F), so that none is taken for an ASCII-compatible one. */
static const char *foreign_start(const unsigned char *b, size_t n)
{
    if (n >= 4 && ((b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) ||
                   (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)))
        return "the document is in UTF-32 (it starts with a UTF-32 byte-order mark)";
    if (n >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE)))
        return "the document is in UTF-16 (it starts with a UTF-16 byte-order mark)";
    if (n >= 4 && b[0] == 0x84 && b[1] == 0x31 && b[2] == 0x95 && b[3] == 0x33)
        return "the document starts with a GB18030 byte-order mark, which XML does not "
               "provide for; send it without the mark, declared encoding=\"GB18030\"";
    if (n >= 4 && b[0] == 0x4C && b[1] == 0x6F && b[2] == 0xA7 && b[3] == 0x94)
        return "the document is in EBCDIC";
    for (size_t i = 0; i < n && i < 4; i++)
        if (b[i] == 0)
            return "the document is in UTF-16 or UTF-32 (it has NUL bytes at its start)";
    return NULL;
}

bool fl_prolog_read(const unsigned char *doc, size_t len, struct fl_prolog *out, char *why,
                    size_t size, size_t *at)
{
    memset(out, 0, sizeof *out);
    snprintf(out->encoding, sizeof out->encoding, "UTF-8");
    const char *foreign = foreign_start(doc, len);
    if (foreign) {
        snprintf(why, size, "%s; send UTF-8 or GB18030", foreign);
        *at = 0;
        return false;
    }
    if (len >= 3 && doc[0] == 0xEF && doc[1] == 0xBB && doc[2] == 0xBF)
        out->bom_len = 3;
    struct cursor c = {doc, doc + out->bom_len, doc + (len < FL_PROLOG_BYTES ? len : FL_PROLOG_BYTES)};
    if (c.end - c.p < 6 || memcmp(c.p, "<?xml", 5) != 0 || !is_space(c.p[5]))
        return true; /* no declaration: UTF-8 (XML 1.0, 4.3.3) */
    c.p += 5;
    char *declared = out->named;
    if (!read_decl(&c, declared, sizeof out->named, why, size, at))
        return false;
    if (!declared[0])
        return true;
    const char *canonical = fl_prolog_encoding(declared);
    if (!canonical) {
        snprintf(why, size,
                 "the document's encoding \"%s\" is not one fenliu reads; send UTF-8 or "
                 "GB18030 (GBK and GB2312 are read too)",
                 declared);
        *at = out->bom_len;
        return false;
    }
    if (out->bom_len && strcmp(canonical, "UTF-8") != 0) {
        snprintf(why, size,
                 "the document starts with a UTF-8 byte-order mark but declares encoding=\"%s\"; "
                 "the two must agree (remove the mark, or declare UTF-8 and send UTF-8)",
                 declared);
        *at = 0;
        return false;
    }
    out->declared = true;
    snprintf(out->encoding, sizeof out->encoding, "%s", canonical);
    return true;
}
