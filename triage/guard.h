/* A look at a document's bytes before libxml2 parses them.
 *
 * libxml2 keeps a whole tag, comment, processing instruction, CDATA section
 * or DOCTYPE in memory until it ends, and checks each attribute of a tag
 * against every other one: a start tag of 8 MB with a million attributes
 * costs minutes.  The guard follows the markup as the bytes arrive, counts
 * the attributes (and namespace declarations) of each tag and the length of
 * each of those constructs, and says where a limit is passed, so that the
 * reader refuses the document there, before the parser spends the time or
 * the memory.  It works on the raw bytes of any ASCII-compatible encoding
 * (prolog.h): every delimiter it looks for is a single byte that is never
 * part of a character there.  It checks nothing else: well-formedness is
 * the parser's. */
#ifndef FL_GUARD_H
#define FL_GUARD_H
#include <stddef.h>
#include <stdint.h>

/* The contract's elements carry at most six (filing: id, submitted,
 * channel, and namespace declarations). */
#define FL_MAX_ATTRS 16

enum fl_guard_verdict {
    FL_GUARD_OK,
    FL_GUARD_ATTRS, /* a tag with more than max_attrs attributes */
    FL_GUARD_LONG,  /* a tag, comment, PI, CDATA section or declaration longer than
                     * max_markup bytes */
};

struct fl_guard {
    unsigned max_attrs;
    uint64_t max_markup;
    uint64_t offset;       /* bytes followed so far */
    uint64_t markup_start; /* offset of the '<' of the construct being read */
    int state;
    unsigned attrs;        /* attribute values opened in the current start tag */
    unsigned char quote;   /* the quote of the value being read */
    unsigned char last[2]; /* the two bytes before the current chunk */
    char name[25];         /* the start of the tag's name, for messages */
    unsigned name_len;
    int stopped_in;        /* the state a limit was passed in */
};

void fl_guard_init(struct fl_guard *g, unsigned max_attrs, uint64_t max_markup);

/* Follow the next LEN bytes of the document.  FL_GUARD_OK, or the limit
 * passed by the construct starting at G->markup_start (an offset from the
 * document's first byte); G->name has the start of a tag's name.  Once a
 * limit is passed the guard says so again for any later bytes. */
enum fl_guard_verdict fl_guard_scan(struct fl_guard *g, const unsigned char *p, size_t len);

/* What passed the limit, for a message: "a comment", "a processing
 * instruction", "a CDATA section", "a DOCTYPE or other declaration", or
 * "a tag" (G->name then has the start of its name). */
const char *fl_guard_construct(const struct fl_guard *g);

#endif
