/* One filing as parsed from the XML contract (docs/filing-format.md,
 * schemas/filing.xsd).
 *
 * All strings are UTF-8, NUL-terminated, with surrounding whitespace
 * trimmed; NULL means "absent".  Amounts are exact, in fen (0.01 yuan).
 * A filing owns everything it points to: fl_filing_free releases it all. */
#ifndef FL_FILING_H
#define FL_FILING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FL_HASH_BYTES 32

struct fl_party {
    char *role, *kind, *name, *idno, *nationality, *address, *representative;
    long line, column; /* of its <party> start tag; 0 when not parsed from XML */
};

struct fl_claim {
    bool has_amount;
    int64_t amount_fen; /* from the amount attribute, when has_amount */
    char *text;
    /* Without the attribute: the sum the text asks for (fl_amount_claimed),
     * or -1 when it names none; read by the parser (TEXT_READ), which
     * checks it against the ceiling, so that triage need not read it again. */
    bool text_read;
    int64_t text_fen;
};

struct fl_request {
    char *kind, *text;
};

struct fl_attachment {
    char *name, *sha256;
};

struct fl_bankruptcy {
    char *procedure, *petitioner;
    bool has_assets_value, has_liabilities_value, has_creditors, has_employees;
    int64_t assets_fen, liabilities_fen, creditors, employees;
    int unpaid_wages; /* -1 not stated, 0 false, 1 true */
    char *assets_text, *liabilities_text, *statement;
};

/* A problem found in one filing, with where it is. */
struct fl_problem {
    long line, column;
    char *field; /* e.g. "parties/party[2]/name" */
    char *msg;
};

struct fl_filing {
    char *id, *submitted, *channel, *court, *court_code, *type, *cause, *facts;
    struct fl_party *parties;
    size_t nparties;
    struct fl_claim *claims;
    size_t nclaims;
    struct fl_request *requests;
    size_t nrequests;
    struct fl_attachment *attachments;
    size_t nattachments;
    bool has_bankruptcy;
    long bankruptcy_line, bankruptcy_column; /* of the <bankruptcy> start tag */
    struct fl_bankruptcy bk;

    /* Where it came from. */
    long line, column;       /* of the <filing> start tag */
    char *encoding;          /* the document's encoding, e.g. "UTF-8" */
    unsigned char *raw;      /* the filing element's bytes, in that encoding */
    char *ns_context;        /* namespace declarations inherited from the
                              * batch ("xmlns=\"urn:…\""), or NULL */
    size_t raw_len;
    unsigned char hash[FL_HASH_BYTES]; /* of the content; see fl_filing_hash */

    /* Why it must be rejected; none when it is valid. */
    struct fl_problem *problems;
    size_t nproblems;

    struct fl_arena *arena; /* backs every string above */
};

/* An empty filing with its own arena, or NULL when out of memory. */
struct fl_filing *fl_filing_alloc(void);
void fl_filing_free(struct fl_filing *f);

/* Copy LEN bytes of S into F's arena, trimming XML whitespace around it. */
char *fl_filing_strdup(struct fl_filing *f, const char *s, size_t len);

/* Record a problem (printf-style message); keeps at most FL_MAX_PROBLEMS. */
#define FL_MAX_PROBLEMS 32
void fl_filing_problem(struct fl_filing *f, long line, long column, const char *field,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Grow one of F's arrays by one zeroed element; NULL when out of memory. */
struct fl_party *fl_filing_add_party(struct fl_filing *f);
struct fl_claim *fl_filing_add_claim(struct fl_filing *f);
struct fl_request *fl_filing_add_request(struct fl_filing *f);
struct fl_attachment *fl_filing_add_attachment(struct fl_filing *f);

/* Hash of the filing's content (every field, in order, after trimming, with
 * defaults applied), independent of encoding, indentation, attribute order
 * and namespace prefixes: two filings with the same id and the same hash are
 * the same filing sent twice.  Stored in F->hash. */
void fl_filing_hash(struct fl_filing *f);

/* The largest amount the contract lets a filing state: 1,000,000,000,000
 * yuan, for one claim, the claims' total, the assets and the liabilities
 * alike.  Far above any real claim, and small enough that no sum of a
 * filing's amounts can overflow int64_t. */
#define FL_AMOUNT_CEILING_FEN INT64_C(100000000000000)
#define FL_AMOUNT_CEILING_TEXT "1,000,000,000,000 yuan"

enum fl_amount_check {
    FL_AMOUNT_VALID,         /* *FEN is the amount, at most the ceiling */
    FL_AMOUNT_MALFORMED,     /* not an xs:decimal >= 0 with at most two decimals */
    FL_AMOUNT_ABOVE_CEILING, /* well-formed, but above FL_AMOUNT_CEILING_FEN */
};

/* Parse an xs:decimal of at most two fraction digits, >= 0, into fen. */
enum fl_amount_check fl_parse_amount(const char *s, int64_t *fen);

/* A + B, both >= 0, saturating at INT64_MAX: sums of amounts that came
 * from elsewhere (an older database) never wrap round to a negative. */
int64_t fl_fen_add(int64_t a, int64_t b);

/* The sum of F's claim amount attributes (saturating); false when no claim
 * has one. */
bool fl_filing_stated_total(const struct fl_filing *f, int64_t *fen);

/* Format FEN as "56000.00" into OUT (at least 32 bytes); any int64_t. */
void fl_format_fen(int64_t fen, char *out, size_t size);

#endif
