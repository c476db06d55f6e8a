/* The start of a filing document: its byte-order mark and XML declaration.
 *
 * The contract lets the declaration name the encoding; fenliu reads UTF-8
 * (and its subset US-ASCII) and GB18030 (and its subsets GBK and GB2312),
 * all of them ASCII-compatible, which the reader relies on (it finds tags
 * in the raw bytes).  Before libxml2 sees a byte, the mark, the declaration
 * and the first bytes must agree: a UTF-8 mark with encoding="GB18030", a
 * document in UTF-16 or UTF-32 (with a mark or without), an encoding not in
 * the list above, or a declaration that is not well-formed is refused with
 * a reason a clerk can pass on to the sender.  Whether the bytes that
 * follow are valid in the encoding is for the parser to check as it reads
 * them (libxml2 for UTF-8, iconv for the GB encodings). */
#ifndef FL_PROLOG_H
#define FL_PROLOG_H
#include <stdbool.h>
#include <stddef.h>

/* How many bytes of a document fl_prolog_read needs to see (fewer when the
 * document is shorter): the longest declaration it accepts. */
#define FL_PROLOG_BYTES 256

struct fl_prolog {
    size_t bom_len;     /* bytes of the UTF-8 byte-order mark: 0 or 3 */
    bool declared;      /* an XML declaration names the encoding */
    char encoding[16];  /* the encoding, by its canonical name: "UTF-8", "US-ASCII",
                         * "GB18030", "GBK" or "GB2312" */
    char named[64];     /* the name the declaration gives, as written ("" when none),
                         * also when it is refused: what a screen decodes with */
};

/* Read the byte-order mark and declaration in the first LEN bytes at DOC
 * (all of the document when shorter than FL_PROLOG_BYTES).  True when the
 * document may be parsed, with OUT filled; false with the reason in WHY
 * (SIZE bytes) and the byte offset it concerns in *AT. */
bool fl_prolog_read(const unsigned char *doc, size_t len, struct fl_prolog *out, char *why,
                    size_t size, size_t *at);

/* The canonical name of an accepted encoding NAME (any case, e.g.
 * "gb18030", "utf8"), or NULL when fenliu does not read it. */
const char *fl_prolog_encoding(const char *name);

#endif
