/* Reading filing documents: a single <filing> or a <batch> of them.
 *
 * The parser streams (libxml2 SAX2, push mode), so memory stays bounded by
 * the largest filing, not the document.  It never touches the network,
 * never loads a DTD and never expands an entity: a document with a DOCTYPE
 * is rejected outright.  Every filing it meets is checked against the
 * contract (docs/filing-format.md) and handed to the caller, valid or not. */
#ifndef FL_PARSE_H
#define FL_PARSE_H
#include <stddef.h>

#include "error.h"
#include "filing.h"

#define FL_NS "urn:fenliu:filing:1"
#define FL_DEFAULT_MAX_FILING_BYTES (8u << 20) /* 8 MiB */
#define FL_MAX_FILING_BYTES_LIMIT (256u << 20)  /* the largest limit a court may set */
#define FL_MAX_DEPTH 32

struct fl_parse_opts {
    size_t max_filing_bytes; /* 0: FL_DEFAULT_MAX_FILING_BYTES */
};

/* Called once per filing, in document order, and once for a fault outside
 * any filing (an unreadable or ill-formed document, a wrong root element):
 * then F->id is NULL.  F is rejected when F->nproblems > 0; otherwise it
 * is valid, hashed (fl_filing_hash) and carries its raw bytes.  The callback
 * owns F.  A non-zero return stops the parse (fl_parse_* then return
 * FL_EIO with ERR set by the callback's caller's convention: the status is
 * passed through unchanged in ERR->status). */
typedef int (*fl_filing_cb)(void *ctx, struct fl_filing *f);

/* Parse the document in FD (read to its end); NAME is used in messages.
 * Returns FL_OK when the document was read to its end or was rejected (the
 * rejection went to CB); another status only when CB asked to stop or memory
 * ran out. */
enum fl_status fl_parse_fd(int fd, const char *name, const struct fl_parse_opts *opts,
                           fl_filing_cb cb, void *ctx, struct fl_error *err);

/* The same for a document in memory. */
enum fl_status fl_parse_memory(const void *data, size_t len, const char *name,
                               const struct fl_parse_opts *opts, fl_filing_cb cb, void *ctx,
                               struct fl_error *err);

/* Parse a filing as stored (its raw bytes, encoding and inherited namespace
 * declarations, see filing.h) again, e.g. to classify it anew: CB gets one
 * filing, with the same content hash as when it was received. */
enum fl_status fl_parse_stored(const unsigned char *raw, size_t len, const char *encoding,
                               const char *ns_context, const char *name, fl_filing_cb cb,
                               void *ctx, struct fl_error *err);

/* Once per process, before threads start: initialise libxml2, and
 * libsodium (its fastest hash code for this processor). */
void fl_parse_init(void);

#endif
