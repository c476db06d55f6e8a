/* Streaming reader for filing documents (see parse.h).
 *
 * libxml2 parses in push mode with our own SAX2 callbacks: no tree is built,
 * each filing is collected into a struct fl_filing and checked against the
 * contract as its elements close, then handed to the caller.  The raw bytes
 * of each filing are cut out of a window of the input that is kept from the
 * start of the current filing on. */
#include "parse.h"

#include <errno.h>
#include <stdarg.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amount.h"
#include "buf.h"
#include "clock.h"
#include "contract.h"
#include "guard.h"
#include "prolog.h"

enum el {
    E_NONE, E_BATCH, E_FILING, E_COURT, E_TYPE, E_CAUSE, E_PARTIES, E_PARTY, E_NAME,
    E_IDNO, E_NATIONALITY, E_ADDRESS, E_REPRESENTATIVE, E_CLAIMS, E_CLAIM, E_FACTS,
    E_REQUESTS, E_REQUEST, E_ATTACHMENTS, E_ATTACHMENT, E_BANKRUPTCY, E_PROCEDURE,
    E_PETITIONER, E_ASSETS, E_LIABILITIES, E_CREDITORS, E_EMPLOYEES, E_STATEMENT,
    E_SKIP, /* inside an element already reported as unknown */
};

enum content { C_ELEMENTS, C_TEXT, C_EMPTY };

/* The contract's elements: each name has exactly one parent. */
static const struct eldef {
    const char *name;
    enum el parent;
    enum content content;
    bool repeats;
} eldefs[] = {
    [E_BATCH] = {"batch", E_NONE, C_ELEMENTS, false},
    [E_FILING] = {"filing", E_BATCH, C_ELEMENTS, true},
    [E_COURT] = {"court", E_FILING, C_TEXT, false},
    [E_TYPE] = {"type", E_FILING, C_TEXT, false},
    [E_CAUSE] = {"cause", E_FILING, C_TEXT, false},
    [E_PARTIES] = {"parties", E_FILING, C_ELEMENTS, false},
    [E_PARTY] = {"party", E_PARTIES, C_ELEMENTS, true},
    [E_NAME] = {"name", E_PARTY, C_TEXT, false},
    [E_IDNO] = {"idno", E_PARTY, C_TEXT, false},
    [E_NATIONALITY] = {"nationality", E_PARTY, C_TEXT, false},
    [E_ADDRESS] = {"address", E_PARTY, C_TEXT, false},
    [E_REPRESENTATIVE] = {"representative", E_PARTY, C_TEXT, false},
    [E_CLAIMS] = {"claims", E_FILING, C_ELEMENTS, false},
    [E_CLAIM] = {"claim", E_CLAIMS, C_TEXT, true},
    [E_FACTS] = {"facts", E_FILING, C_TEXT, false},
    [E_REQUESTS] = {"requests", E_FILING, C_ELEMENTS, false},
    [E_REQUEST] = {"request", E_REQUESTS, C_TEXT, true},
    [E_ATTACHMENTS] = {"attachments", E_FILING, C_ELEMENTS, false},
    [E_ATTACHMENT] = {"attachment", E_ATTACHMENTS, C_EMPTY, true},
    [E_BANKRUPTCY] = {"bankruptcy", E_FILING, C_ELEMENTS, false},
    [E_PROCEDURE] = {"procedure", E_BANKRUPTCY, C_TEXT, false},
    [E_PETITIONER] = {"petitioner", E_BANKRUPTCY, C_TEXT, false},
    [E_ASSETS] = {"assets", E_BANKRUPTCY, C_TEXT, false},
    [E_LIABILITIES] = {"liabilities", E_BANKRUPTCY, C_TEXT, false},
    [E_CREDITORS] = {"creditors", E_BANKRUPTCY, C_EMPTY, false},
    [E_EMPLOYEES] = {"employees", E_BANKRUPTCY, C_EMPTY, false},
    [E_STATEMENT] = {"statement", E_BANKRUPTCY, C_TEXT, false},
    [E_SKIP] = {"", E_SKIP, C_ELEMENTS, false}, /* never looked up by name */
};
#define N_ELDEFS (sizeof eldefs / sizeof eldefs[0])

struct frame {
    enum el el;
    long line, column;
    unsigned index;         /* 1-based position among its repeating siblings */
    unsigned long long seen; /* bit per child element kind met so far */
    unsigned children;      /* repeating children met so far */
    bool text_reported;     /* stray text already reported */
};

struct parser {
    xmlParserCtxtPtr ctxt;
    const char *name;
    size_t max_filing;
    fl_filing_cb cb;
    void *cb_ctx;
    bool stopped_by_cb;
    bool oom;

    struct frame stack[FL_MAX_DEPTH + 1];
    int depth;
    bool root_seen;
    bool root_is_batch;
    unsigned filings_in_batch;
    char *ns_context; /* declarations on the batch element */

    struct fl_filing *cur; /* the filing being read, or NULL */
    long filing_open;      /* file offset just after its start tag */
    bool oversize;         /* it has passed max_filing: its bytes are not kept */
    long gap_start;        /* file offset where the bytes outside any filing began */
    struct fl_buf text;    /* text of the current leaf element */
    struct fl_guard guard; /* the markup as the bytes arrive (guard.h) */
    struct fl_prolog prolog;

    /* The raw input from file offset win_off on. */
    struct fl_buf win;
    size_t win_off;
    long win_lines; /* newlines before win_off */
    long filing_start; /* file offset of the current filing's '<', or -1 */

    /* The first fatal (well-formedness) error. */
    bool fatal;
    bool fatal_ours; /* our own refusal (DOCTYPE, depth), not libxml2's */
    bool fatal_precise; /* the message was rewritten with the bad bytes' place */
    long fatal_line, fatal_col;
    char fatal_msg[512];
};

/* ---- positions ------------------------------------------------------- */

/* Line and column of the '<' of the start tag the parser has just read: it
 * stands at the tag's '>' now.  Columns count characters. */
static void tag_position(struct parser *p, long *line, long *col)
{
    xmlParserInputPtr in = p->ctxt->input;
    *line = in->line;
    *col = in->col;
    const xmlChar *c = in->cur;
    long newlines = 0;
    while (c > in->base && *c != '<') {
        c--;
        if (*c == '\n')
            newlines++;
    }
    if (*c != '<')
        return;
    if (newlines == 0) {
        for (const xmlChar *q = c; q < in->cur; q++)
            if ((*q & 0xC0) != 0x80)
                (*col)--;
        return;
    }
    /* The tag spans lines: count from the start of its first line, when
     * that is still in the buffer. */
    const xmlChar *bol = c;
    while (bol > in->base && bol[-1] != '\n')
        bol--;
    *line -= newlines;
    if (bol == in->base && in->consumed > 0) {
        *col = 0; /* unknown */
        return;
    }
    long n = 1;
    for (const xmlChar *q = bol; q < c; q++)
        if ((*q & 0xC0) != 0x80)
            n++;
    *col = n;
}

/* Path of the element on top of the stack below <filing>, e.g.
 * "parties/party[2]/name". */
static void field_path(const struct parser *p, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    int start = 1;
    while (start <= p->depth && p->stack[start].el != E_FILING)
        start++;
    for (int i = start + 1; i <= p->depth && len < size; i++) {
        const struct frame *f = &p->stack[i];
        if (f->el == E_SKIP || f->el == E_NONE)
            break;
        int n = eldefs[f->el].repeats
                    ? snprintf(out + len, size - len, "%s%s[%u]", len ? "/" : "",
                               eldefs[f->el].name, f->index)
                    : snprintf(out + len, size - len, "%s%s", len ? "/" : "",
                               eldefs[f->el].name);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

/* A problem of the filing at LINE:COL (0: the open element's start),
 * in the field of the open element and EXTRA_FIELD below it. */
static void problem_at(struct parser *p, long line, long col, const char *extra_field,
                       const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void problem_at(struct parser *p, long line, long col, const char *extra_field,
                       const char *fmt, va_list ap)
{
    char field[160], msg[512];
    field_path(p, field, sizeof field);
    if (extra_field) {
        size_t l = strlen(field);
        snprintf(field + l, sizeof field - l, "%s%s", l ? "/" : "", extra_field);
    }
    vsnprintf(msg, sizeof msg, fmt, ap);
    const struct frame *top = &p->stack[p->depth];
    fl_filing_problem(p->cur, line ? line : top->line, line ? col : top->column, field, "%s",
                      msg);
}

static void problem_here(struct parser *p, const char *extra_field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem_here(struct parser *p, const char *extra_field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problem_at(p, 0, 0, extra_field, fmt, ap);
    va_end(ap);
}

/* The same at LINE:COL, an element met earlier. */
static void problem_there(struct parser *p, long line, long col, const char *extra_field,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void problem_there(struct parser *p, long line, long col, const char *extra_field,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problem_at(p, line, col, extra_field, fmt, ap);
    va_end(ap);
}

/* ---- delivering ------------------------------------------------------ */

static void deliver(struct parser *p, struct fl_filing *f)
{
    if (p->stopped_by_cb) {
        fl_filing_free(f);
        return;
    }
    if (p->cb(p->cb_ctx, f) != 0) {
        p->stopped_by_cb = true;
        xmlStopParser(p->ctxt);
    }
}

/* A fault outside any filing: a record with no id. */
static void document_problem(struct parser *p, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void document_problem(struct parser *p, long line, long col, const char *fmt, ...)
{
    struct fl_filing *f = fl_filing_alloc();
    if (!f) {
        p->oom = true;
        xmlStopParser(p->ctxt);
        return;
    }
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fl_filing_problem(f, line, col, "", "%s", msg);
    f->line = line;
    f->column = col;
    deliver(p, f);
}

/* Our own refusal: the rest of the document is not read. */
static void refuse(struct parser *p, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void refuse(struct parser *p, long line, long col, const char *fmt, ...)
{
    if (p->fatal)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->fatal_msg, sizeof p->fatal_msg, fmt, ap);
    va_end(ap);
    p->fatal = true;
    p->fatal_ours = true;
    p->fatal_line = line;
    p->fatal_col = col;
}

/* The bytes outside any filing (before, between and after them: the
 * prolog, comments, whitespace, other elements) count against the limit
 * too, up to POS (a file offset): past it, the rest is not read. */
static bool gap_exceeded(struct parser *p, long pos)
{
    if (pos < 0 || pos - p->gap_start <= (long)p->max_filing)
        return false;
    refuse(p, p->ctxt->input->line, 0,
           "more than %zu bytes outside any filing (comments, processing instructions, "
           "whitespace or other elements between the filings); the rest of the document "
           "was not read",
           p->max_filing);
    xmlStopParser(p->ctxt);
    return true;
}

/* The document's encoding by its canonical name: the prolog and libxml2
 * agree on it (prolog.h). */
static const char *enc_name(struct parser *p)
{
    return p->prolog.encoding[0] ? p->prolog.encoding : "UTF-8";
}

/* ---- checking values ------------------------------------------------- */

static void check_enum(struct parser *p, const char *field, const char *what, const char *v,
                       const char *const *allowed)
{
    if (fl_contract_one_of(v, allowed))
        return;
    char list[160], vb[FL_ECHO_BUF];
    problem_here(p, field, "%s \"%s\" is not one of %s", what, fl_contract_echo(vb, v),
                 fl_contract_list(allowed, list, sizeof list));
}

/* ---- attributes ------------------------------------------------------ */

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

struct attr {
    const char *name;
    char *value; /* trimmed, in the filing's arena */
};

static bool allowed_attr(enum el el, const char *name)
{
    static const struct { enum el el; const char *name; } table[] = {
        {E_FILING, "id"}, {E_FILING, "submitted"}, {E_FILING, "channel"},
        {E_COURT, "code"}, {E_PARTY, "role"}, {E_PARTY, "kind"}, {E_CLAIM, "amount"},
        {E_REQUEST, "kind"}, {E_ATTACHMENT, "name"}, {E_ATTACHMENT, "sha256"},
        {E_ASSETS, "value"}, {E_LIABILITIES, "value"}, {E_CREDITORS, "count"},
        {E_EMPLOYEES, "count"}, {E_EMPLOYEES, "unpaid-wages"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].el == el && strcmp(table[i].name, name) == 0)
            return true;
    return false;
}

/* Collect the attributes of the element on top of the stack into ATTRS
 * (up to MAX), reporting unknown or namespaced ones. */
static int read_attrs(struct parser *p, enum el el, int nb, const xmlChar **raw,
                      struct attr *attrs, int max)
{
    int n = 0;
    for (int i = 0; i < nb; i++) {
        const char *name = (const char *)raw[i * 5];
        const char *uri = (const char *)raw[i * 5 + 2];
        const char *vb = (const char *)raw[i * 5 + 3], *ve = (const char *)raw[i * 5 + 4];
        char name_b[FL_ECHO_BUF], uri_b[FL_ECHO_BUF];
        /* xsi:schemaLocation and friends are hints a sender may leave in; we
         * never fetch what they point at, and XSD validation allows them. */
        if (uri && strcmp(uri, XSI_NS) == 0)
            continue;
        if (uri) {
            problem_here(p, NULL, "attribute \"%s\" in namespace \"%s\" is not allowed on <%s>",
                         fl_contract_echo(name_b, name), fl_contract_echo(uri_b, uri), eldefs[el].name);
            continue;
        }
        if (!allowed_attr(el, name)) {
            problem_here(p, NULL, "attribute \"%s\" is not allowed on <%s>", fl_contract_echo(name_b, name),
                         eldefs[el].name);
            continue;
        }
        if (n < max) {
            attrs[n].name = name;
            attrs[n].value = fl_filing_strdup(p->cur, vb, (size_t)(ve - vb));
            if (!attrs[n].value)
                p->oom = true;
            else
                n++;
        }
    }
    return n;
}

static char *attr(struct attr *attrs, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(attrs[i].name, name) == 0)
            return attrs[i].value;
    return NULL;
}

static char *required_attr(struct parser *p, struct attr *attrs, int n, const char *name)
{
    char *v = attr(attrs, n, name);
    if (!v)
        problem_here(p, NULL, "the required attribute \"%s\" is missing", name);
    return v;
}

static void amount_attr(struct parser *p, const char *v, const char *what, bool *has,
                        int64_t *fen)
{
    if (!v)
        return;
    char vb[FL_ECHO_BUF];
    switch (fl_parse_amount(v, fen)) {
    case FL_AMOUNT_VALID: *has = true; break;
    case FL_AMOUNT_ABOVE_CEILING:
        problem_here(p, NULL,
                     "%s \"%s\" is above the ceiling of " FL_AMOUNT_CEILING_TEXT
                     " that the filing contract sets on an amount",
                     what, fl_contract_echo(vb, v));
        break;
    case FL_AMOUNT_MALFORMED:
        problem_here(p, NULL,
                     "%s \"%s\" is not an amount in yuan (digits, at most two decimals, "
                     "not negative, e.g. 56000.00)",
                     what, fl_contract_echo(vb, v));
        break;
    }
}

/* A claim without an amount attribute asks for what its text says: read
 * it once here, where it is checked against the ceiling, for triage. */
static void claim_text_amount(struct parser *p, struct fl_claim *c)
{
    if (c->has_amount || !c->text)
        return;
    c->text_read = true;
    if (!fl_amount_claimed(c->text, strlen(c->text), &c->text_fen))
        c->text_fen = -1;
    char yuan[40];
    if (c->text_fen > FL_AMOUNT_CEILING_FEN) {
        fl_format_fen(c->text_fen, yuan, sizeof yuan);
        problem_here(p, NULL,
                     "the claim's text asks for %s yuan, above the ceiling of "
                     FL_AMOUNT_CEILING_TEXT " that the filing contract sets on a claim",
                     yuan);
    }
}

/* At </claims>: their total, as triage will add it up, within the ceiling. */
static void check_claims_total(struct parser *p)
{
    const struct fl_filing *f = p->cur;
    int64_t total = 0;
    for (size_t i = 0; i < f->nclaims; i++) {
        const struct fl_claim *c = &f->claims[i];
        int64_t v = c->has_amount ? c->amount_fen : c->text_read ? c->text_fen : -1;
        if (v > FL_AMOUNT_CEILING_FEN)
            return; /* that claim is reported already */
        if (v > 0)
            total = fl_fen_add(total, v);
    }
    char yuan[40];
    if (total > FL_AMOUNT_CEILING_FEN) {
        fl_format_fen(total, yuan, sizeof yuan);
        problem_here(p, NULL,
                     "the claims add up to %s yuan, above the ceiling of " FL_AMOUNT_CEILING_TEXT
                     " that the filing contract sets on a filing's total",
                     yuan);
    }
}

static void count_attr(struct parser *p, const char *v, const char *what, bool *has,
                       int64_t *out)
{
    if (!v)
        return;
    char vb[FL_ECHO_BUF];
    if (fl_contract_count(v, out))
        *has = true;
    else
        problem_here(p, NULL, "%s \"%s\" is not a whole number of 0 or more", what, fl_contract_echo(vb, v));
}

static void filing_attrs(struct parser *p, struct attr *a, int n)
{
    struct fl_filing *f = p->cur;
    char vb[FL_ECHO_BUF];
    f->id = required_attr(p, a, n, "id");
    if (f->id && !fl_contract_id(f->id)) {
        problem_here(p, NULL, "id \"%s\" must be 1 to 64 characters of A-Z a-z 0-9 - _ .",
                     fl_contract_echo(vb, f->id));
        /* The id names the rejection in every report: only its start. */
        const char *short_id = fl_contract_echo(vb, f->id);
        if (short_id != f->id && !(f->id = fl_filing_strdup(f, short_id, strlen(short_id))))
            p->oom = true;
    }
    f->submitted = required_attr(p, a, n, "submitted");
    time_t t;
    if (f->submitted && !fl_parse_datetime(f->submitted, true, &t))
        problem_here(p, NULL,
                     "submitted \"%s\" is not a date and time with a zone offset "
                     "(e.g. 2026-03-02T09:15:00+08:00)",
                     fl_contract_echo(vb, f->submitted));
    f->channel = attr(a, n, "channel");
    if (f->channel)
        check_enum(p, NULL, "channel", f->channel, FL_CHANNELS);
}

static void element_attrs(struct parser *p, enum el el, struct attr *a, int n)
{
    struct fl_filing *f = p->cur;
    struct fl_party *party = f->nparties ? &f->parties[f->nparties - 1] : NULL;
    switch (el) {
    case E_FILING: filing_attrs(p, a, n); break;
    case E_COURT: f->court_code = attr(a, n, "code"); break;
    case E_PARTY:
        party->role = required_attr(p, a, n, "role");
        if (party->role && !fl_contract_one_of(party->role, FL_CIVIL_ROLES) &&
            !fl_contract_one_of(party->role, FL_BANKRUPTCY_ROLES)) {
            char vb[FL_ECHO_BUF];
            problem_here(p, NULL,
                         "role \"%s\" is not a party role (civil: plaintiff, defendant, "
                         "third-party; bankruptcy: petitioner, debtor, creditor)",
                         fl_contract_echo(vb, party->role));
        }
        party->kind = required_attr(p, a, n, "kind");
        if (party->kind)
            check_enum(p, NULL, "kind", party->kind, FL_KINDS);
        break;
    case E_CLAIM: {
        struct fl_claim *c = &f->claims[f->nclaims - 1];
        amount_attr(p, attr(a, n, "amount"), "amount", &c->has_amount, &c->amount_fen);
        break;
    }
    case E_REQUEST: {
        struct fl_request *r = &f->requests[f->nrequests - 1];
        r->kind = required_attr(p, a, n, "kind");
        if (r->kind)
            check_enum(p, NULL, "kind", r->kind, FL_REQUEST_KINDS);
        break;
    }
    case E_ATTACHMENT: {
        struct fl_attachment *at = &f->attachments[f->nattachments - 1];
        at->name = required_attr(p, a, n, "name");
        if (at->name && !*at->name)
            problem_here(p, NULL, "the attachment's name is empty");
        at->sha256 = attr(a, n, "sha256");
        char vb[FL_ECHO_BUF];
        if (at->sha256 && !fl_contract_sha256(at->sha256))
            problem_here(p, NULL, "sha256 \"%s\" is not 64 hexadecimal digits",
                         fl_contract_echo(vb, at->sha256));
        break;
    }
    case E_ASSETS:
        amount_attr(p, attr(a, n, "value"), "value", &f->bk.has_assets_value,
                    &f->bk.assets_fen);
        break;
    case E_LIABILITIES:
        amount_attr(p, required_attr(p, a, n, "value"), "value", &f->bk.has_liabilities_value,
                    &f->bk.liabilities_fen);
        break;
    case E_CREDITORS:
        count_attr(p, required_attr(p, a, n, "count"), "count", &f->bk.has_creditors,
                   &f->bk.creditors);
        break;
    case E_EMPLOYEES: {
        count_attr(p, attr(a, n, "count"), "count", &f->bk.has_employees, &f->bk.employees);
        const char *w = attr(a, n, "unpaid-wages");
        f->bk.unpaid_wages = -1;
        if (w && (strcmp(w, "true") == 0 || strcmp(w, "1") == 0))
            f->bk.unpaid_wages = 1;
        else if (w && (strcmp(w, "false") == 0 || strcmp(w, "0") == 0))
            f->bk.unpaid_wages = 0;
        else if (w) {
            char vb[FL_ECHO_BUF];
            problem_here(p, NULL, "unpaid-wages \"%s\" is not true or false", fl_contract_echo(vb, w));
        }
        break;
    }
    default:
        break;
    }
}

/* ---- elements -------------------------------------------------------- */

static enum el lookup(const char *name, enum el parent)
{
    for (size_t i = 1; i < N_ELDEFS; i++)
        if (eldefs[i].parent == parent && strcmp(eldefs[i].name, name) == 0)
            return (enum el)i;
    return E_SKIP;
}

/* The repeating elements get a slot in the filing when they open (at
 * LINE, COL: where the checks made at the filing's end point). */
static bool add_slot(struct parser *p, enum el el, long line, long col)
{
    struct fl_filing *f = p->cur;
    void *slot = (void *)1;
    switch (el) {
    case E_PARTY: {
        struct fl_party *party = fl_filing_add_party(f);
        if (party) {
            party->line = line;
            party->column = col;
        }
        slot = party;
        break;
    }
    case E_CLAIM: slot = fl_filing_add_claim(f); break;
    case E_REQUEST: slot = fl_filing_add_request(f); break;
    case E_ATTACHMENT: slot = fl_filing_add_attachment(f); break;
    case E_BANKRUPTCY:
        f->has_bankruptcy = true;
        f->bk.unpaid_wages = -1;
        f->bankruptcy_line = line;
        f->bankruptcy_column = col;
        break;
    default: break;
    }
    return slot != NULL;
}

static void start_filing(struct parser *p, long line, long col, long gt)
{
    p->cur = fl_filing_alloc();
    if (!p->cur) {
        p->oom = true;
        xmlStopParser(p->ctxt);
        return;
    }
    p->cur->line = line;
    p->cur->column = col;
    p->oversize = false;
    p->filing_start = -1;
    p->filing_open = gt;
    if (gt >= 0 && (size_t)gt >= p->win_off && (size_t)gt - p->win_off <= p->win.len) {
        size_t i = (size_t)gt - p->win_off;
        while (i > 0 && p->win.data[i] != '<')
            i--;
        if (p->win.data[i] == '<')
            p->filing_start = (long)(p->win_off + i);
    }
}

static void report_unknown(struct parser *p, const char *name, const char *uri,
                           enum el parent)
{
    char nb[FL_ECHO_BUF];
    if (!uri || strcmp(uri, FL_NS) != 0) {
        problem_here(p, NULL, "element <%s> is not in the filing namespace (" FL_NS ")",
                     fl_contract_echo(nb, name));
        return;
    }
    problem_here(p, NULL, "element <%s> is not allowed inside <%s>", fl_contract_echo(nb, name),
                 parent == E_NONE ? "document" : eldefs[parent].name);
}

/* U (UTF-8, from libxml2) as an attribute value that reads back the same
 * in any document: markup and whitespace as character references (a raw
 * tab or newline would be normalised to a space), and every non-ASCII
 * character too, since the stored filing is given back its own encoding
 * (fl_parse_stored), not necessarily UTF-8. */
static void escape_attr(struct fl_buf *b, const char *u)
{
    const unsigned char *s = (const unsigned char *)u;
    while (*s) {
        unsigned c = *s, len = 1;
        if (c >= 0xF0 && s[1] && s[2] && s[3])
            c = (c & 0x07) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu),
            len = 4;
        else if (c >= 0xE0 && s[1] && s[2])
            c = (c & 0x0F) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu), len = 3;
        else if (c >= 0xC0 && s[1])
            c = (c & 0x1F) << 6 | (s[1] & 0x3Fu), len = 2;
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '&' || c == '<' || c == '>')
            fl_buf_printf(b, "&#x%X;", c);
        else
            fl_buf_putc(b, (char)c);
        s += len;
    }
}

static void on_root(struct parser *p, const char *name, const char *uri, int nb_ns,
                    const xmlChar **ns, long line, long col)
{
    p->root_seen = true;
    bool ours = uri && strcmp(uri, FL_NS) == 0;
    if (ours && strcmp(name, "batch") == 0) {
        p->root_is_batch = true;
        struct fl_buf b = FL_BUF_INIT;
        for (int i = 0; i < nb_ns; i++) {
            const char *prefix = (const char *)ns[2 * i], *u = (const char *)ns[2 * i + 1];
            fl_buf_printf(&b, " xmlns%s%s=\"", prefix ? ":" : "", prefix ? prefix : "");
            escape_attr(&b, u ? u : "");
            fl_buf_putc(&b, '"');
        }
        p->ns_context = b.data;
        if (b.failed)
            p->oom = true;
        return;
    }
    if (ours && strcmp(name, "filing") == 0)
        return;
    char what[300], nb[FL_ECHO_BUF], ub[FL_ECHO_BUF];
    snprintf(what, sizeof what, "<%s>%s%s%s", fl_contract_echo(nb, name),
             uri ? " in namespace \"" : " in no namespace", uri ? fl_contract_echo(ub, uri) : "",
             uri ? "\"" : "");
    document_problem(p, line, col,
                     "the root element is %s; a filing document has <filing> or <batch> in "
                     "namespace " FL_NS " at its root",
                     what);
    xmlStopParser(p->ctxt);
}

static void on_start(void *ctx, const xmlChar *lname, const xmlChar *prefix, const xmlChar *URI,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
    (void)prefix;
    (void)nb_defaulted;
    struct parser *p = ctx;
    const char *name = (const char *)lname, *uri = (const char *)URI;
    long line, col;
    tag_position(p, &line, &col);
    if (p->depth >= FL_MAX_DEPTH) {
        snprintf(p->fatal_msg, sizeof p->fatal_msg,
                 "elements are nested more than %d deep; the document was not read further",
                 FL_MAX_DEPTH);
        p->fatal = true;
        p->fatal_ours = true;
        p->fatal_line = line;
        p->fatal_col = col;
        xmlStopParser(p->ctxt);
        return;
    }
    struct frame *parent = &p->stack[p->depth];
    if (p->depth == 0) {
        on_root(p, name, uri, nb_namespaces, namespaces, line, col);
        if (p->ctxt->instate == XML_PARSER_EOF)
            return;
    }
    enum el el;
    if (p->depth == 0)
        el = p->root_is_batch ? E_BATCH : E_FILING;
    else if (parent->el == E_SKIP)
        el = E_SKIP;
    else if (!uri || strcmp(uri, FL_NS) != 0)
        el = E_SKIP;
    else
        el = lookup(name, parent->el);

    long gt = el == E_FILING ? xmlByteConsumed(p->ctxt) : -1; /* after its start tag */
    if (el == E_FILING && gap_exceeded(p, gt))
        return;
    if (el == E_FILING) {
        start_filing(p, line, col, gt);
        if (!p->cur)
            return;
        if (p->root_is_batch)
            p->filings_in_batch++;
    }
    struct frame *fr = &p->stack[++p->depth];
    memset(fr, 0, sizeof *fr);
    fr->el = el;
    fr->line = line;
    fr->column = col;

    if (p->depth > 1 && parent->el != E_SKIP) {
        if (el == E_SKIP) {
            if (parent->el == E_BATCH) {
                char what[200], nb[FL_ECHO_BUF];
                snprintf(what, sizeof what, "<%s>", fl_contract_echo(nb, name));
                document_problem(p, line, col,
                                 "%s is not allowed inside <batch>, which holds only <filing> "
                                 "elements",
                                 what);
            } else if (p->cur) {
                report_unknown(p, name, uri, parent->el);
            }
        } else if (!eldefs[el].repeats && (parent->seen & (1ull << el))) {
            problem_here(p, NULL, "<%s> appears more than once in <%s>", name,
                         eldefs[parent->el].name);
        }
        if (el != E_SKIP)
            parent->seen |= 1ull << el;
        if (eldefs[el].repeats)
            fr->index = ++parent->children;
    }
    if (el == E_SKIP || !p->cur)
        return;
    if (!add_slot(p, el, line, col)) {
        p->oom = true;
        xmlStopParser(p->ctxt);
        return;
    }
    struct attr attrs[8];
    int n = read_attrs(p, el, nb_attributes, attributes, attrs, 8);
    element_attrs(p, el, attrs, n);
    fl_buf_reset(&p->text);
}

/* The trimmed text of the closing leaf element, in the filing's arena; NULL
 * and a problem when REQUIRED and empty. */
static char *leaf_text(struct parser *p, bool required)
{
    char *s = fl_filing_strdup(p->cur, p->text.data ? p->text.data : "", p->text.len);
    if (!s) {
        p->oom = true;
        return NULL;
    }
    if (!*s && required) {
        problem_here(p, NULL, "<%s> is empty", eldefs[p->stack[p->depth].el].name);
        return NULL;
    }
    return s;
}

static void require_child(struct parser *p, const struct frame *fr, enum el child)
{
    if (!(fr->seen & (1ull << child)))
        problem_here(p, NULL, "<%s> is missing from <%s>", eldefs[child].name,
                     eldefs[fr->el].name);
}

static void end_leaf(struct parser *p, enum el el)
{
    struct fl_filing *f = p->cur;
    struct fl_party *party = f->nparties ? &f->parties[f->nparties - 1] : NULL;
    switch (el) {
    case E_COURT: f->court = leaf_text(p, true); break;
    case E_TYPE:
        f->type = leaf_text(p, true);
        if (f->type)
            check_enum(p, NULL, "type", f->type, FL_TYPES);
        break;
    case E_CAUSE: f->cause = leaf_text(p, true); break;
    case E_NAME: party->name = leaf_text(p, true); break;
    case E_IDNO: party->idno = leaf_text(p, false); break;
    case E_NATIONALITY:
        party->nationality = leaf_text(p, false);
        if (party->nationality &&
            !(strlen(party->nationality) == 2 && party->nationality[0] >= 'A' &&
              party->nationality[0] <= 'Z' && party->nationality[1] >= 'A' &&
              party->nationality[1] <= 'Z')) {
            char vb[FL_ECHO_BUF];
            problem_here(p, NULL,
                         "nationality \"%s\" is not an ISO 3166-1 alpha-2 code such as CN, "
                         "US, HK",
                         fl_contract_echo(vb, party->nationality));
        }
        break;
    case E_ADDRESS: party->address = leaf_text(p, false); break;
    case E_REPRESENTATIVE: party->representative = leaf_text(p, false); break;
    case E_CLAIM:
        f->claims[f->nclaims - 1].text = leaf_text(p, true);
        claim_text_amount(p, &f->claims[f->nclaims - 1]);
        break;
    case E_FACTS: f->facts = leaf_text(p, false); break;
    case E_REQUEST: f->requests[f->nrequests - 1].text = leaf_text(p, false); break;
    case E_PROCEDURE:
        f->bk.procedure = leaf_text(p, true);
        if (f->bk.procedure)
            check_enum(p, NULL, "procedure", f->bk.procedure, FL_PROCEDURES);
        break;
    case E_PETITIONER:
        f->bk.petitioner = leaf_text(p, true);
        if (f->bk.petitioner)
            check_enum(p, NULL, "petitioner", f->bk.petitioner, FL_PETITIONERS);
        break;
    case E_ASSETS: f->bk.assets_text = leaf_text(p, false); break;
    case E_LIABILITIES: f->bk.liabilities_text = leaf_text(p, false); break;
    case E_STATEMENT: f->bk.statement = leaf_text(p, false); break;
    default: break;
    }
}

/* Rules that need the whole filing: the type decides claims, bankruptcy
 * details and which party roles are allowed. */
static void check_filing(struct parser *p, const struct frame *fr)
{
    struct fl_filing *f = p->cur;
    require_child(p, fr, E_COURT);
    require_child(p, fr, E_TYPE);
    require_child(p, fr, E_PARTIES);
    if (!f->type)
        return;
    bool civil = strcmp(f->type, "civil") == 0;
    bool bankruptcy = strcmp(f->type, "bankruptcy") == 0;
    if (civil && !(fr->seen & (1ull << E_CLAIMS)))
        problem_here(p, NULL, "<claims> is missing: a civil filing states its claims");
    if (bankruptcy && !f->has_bankruptcy)
        problem_here(p, NULL,
                     "<bankruptcy> is missing: a bankruptcy filing gives its procedure and "
                     "petitioner");
    if (civil && f->has_bankruptcy)
        problem_there(p, f->bankruptcy_line, f->bankruptcy_column, "bankruptcy",
                      "<bankruptcy> is only allowed when type is bankruptcy");
    for (size_t i = 0; i < f->nparties; i++) {
        const char *role = f->parties[i].role;
        if (!role || (!civil && !bankruptcy))
            continue;
        const char *const *allowed = civil ? FL_CIVIL_ROLES : FL_BANKRUPTCY_ROLES;
        if (!fl_contract_one_of(role, allowed) &&
            (fl_contract_one_of(role, FL_CIVIL_ROLES) || fl_contract_one_of(role, FL_BANKRUPTCY_ROLES))) {
            char field[48], list[96];
            snprintf(field, sizeof field, "parties/party[%zu]", i + 1);
            problem_there(p, f->parties[i].line, f->parties[i].column, field,
                          "role \"%s\" is not allowed in a %s filing (%s)", role, f->type,
                          fl_contract_list(allowed, list, sizeof list));
        }
    }
}

/* Every byte from the filing's '<' to POS counts against the limit
 * (comments, processing instructions, CDATA and unknown elements as much
 * as its text): past it, its bytes are no longer kept. */
static void check_filing_size(struct parser *p, long pos)
{
    long from = p->filing_start >= 0 ? p->filing_start : p->filing_open;
    if (p->oversize || pos < 0 || from < 0 || (size_t)(pos - from) <= p->max_filing)
        return;
    p->oversize = true;
    fl_buf_free(&p->text);
}

static void finish_filing(struct parser *p)
{
    struct fl_filing *f = p->cur;
    long end = xmlByteConsumed(p->ctxt);
    check_filing_size(p, end);
    p->cur = NULL;
    p->gap_start = end;
    if (p->oversize)
        fl_filing_problem(f, f->line, f->column, "",
                          "the filing is larger than the limit of %zu bytes (8 MiB by default; "
                          "every byte of it counts, comments and unknown elements too); it was "
                          "not stored",
                          p->max_filing);
    if (!p->oversize && p->filing_start >= 0 && end > p->filing_start &&
        (size_t)end <= p->win_off + p->win.len) {
        size_t len = (size_t)(end - p->filing_start);
        f->raw = malloc(len ? len : 1);
        if (f->raw) {
            memcpy(f->raw, p->win.data + (p->filing_start - (long)p->win_off), len);
            f->raw_len = len;
        }
    }
    if (!f->raw && !f->nproblems)
        fl_filing_problem(f, f->line, f->column, "",
                          "the filing's bytes could not be kept (out of memory?)");
    const char *enc = enc_name(p);
    f->encoding = fl_filing_strdup(f, enc, strlen(enc));
    if (p->ns_context)
        f->ns_context = fl_filing_strdup(f, p->ns_context, strlen(p->ns_context));
    if (!f->nproblems)
        fl_filing_hash(f);
    p->filing_start = -1;
    p->oversize = false;
    deliver(p, f);
}

static void on_end(void *ctx, const xmlChar *lname, const xmlChar *prefix, const xmlChar *URI)
{
    (void)lname;
    (void)prefix;
    (void)URI;
    struct parser *p = ctx;
    if (p->depth == 0)
        return;
    struct frame *fr = &p->stack[p->depth];
    if (p->cur && fr->el != E_SKIP) {
        switch (eldefs[fr->el].content) {
        case C_TEXT: end_leaf(p, fr->el); break;
        default: break;
        }
        switch (fr->el) {
        case E_PARTIES: if (!fr->children) require_child(p, fr, E_PARTY); break;
        case E_PARTY: require_child(p, fr, E_NAME); break;
        case E_CLAIMS:
            if (!fr->children)
                require_child(p, fr, E_CLAIM);
            check_claims_total(p);
            break;
        case E_REQUESTS: if (!fr->children) require_child(p, fr, E_REQUEST); break;
        case E_ATTACHMENTS: if (!fr->children) require_child(p, fr, E_ATTACHMENT); break;
        case E_BANKRUPTCY:
            require_child(p, fr, E_PROCEDURE);
            require_child(p, fr, E_PETITIONER);
            break;
        case E_FILING: check_filing(p, fr); break;
        default: break;
        }
    }
    bool closing_filing = fr->el == E_FILING && p->cur;
    bool closing_batch = fr->el == E_BATCH;
    p->depth--;
    if (closing_filing)
        finish_filing(p);
    if (closing_batch && p->filings_in_batch == 0)
        document_problem(p, fr->line, fr->column, "the batch holds no <filing>");
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    struct parser *p = ctx;
    if (p->depth == 0 || len <= 0)
        return;
    struct frame *fr = &p->stack[p->depth];
    if (fr->el == E_SKIP)
        return;
    if (p->oversize)
        return; /* the filing is rejected for its size: its text is not kept */
    if (eldefs[fr->el].content == C_TEXT) {
        if (p->cur)
            fl_buf_append(&p->text, ch, (size_t)len);
        if (p->text.failed) {
            p->oom = true;
            xmlStopParser(p->ctxt);
        }
        return;
    }
    for (int i = 0; i < len; i++) {
        if (ch[i] == ' ' || ch[i] == '\t' || ch[i] == '\n' || ch[i] == '\r')
            continue;
        if (fr->text_reported)
            return;
        fr->text_reported = true;
        if (p->cur)
            problem_here(p, NULL, "text is not allowed directly inside <%s>",
                         eldefs[fr->el].name);
        else
            document_problem(p, p->ctxt->input->line, p->ctxt->input->col,
                             "text is not allowed directly inside <batch>");
        return;
    }
}

/* Entities are never expanded: only the five predefined ones exist. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    return xmlGetPredefinedEntity(name);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)ext;
    (void)sys;
    struct parser *p = ctx;
    if (p->fatal)
        return;
    p->fatal = true;
    p->fatal_ours = true;
    p->fatal_line = p->ctxt->input->line;
    p->fatal_col = 1;
    char nb[FL_ECHO_BUF];
    snprintf(p->fatal_msg, sizeof p->fatal_msg,
             "the document has a DOCTYPE declaration (<!DOCTYPE %s>); the filing contract "
             "allows none, so it was not read (no entity was expanded)",
             name ? fl_contract_echo(nb, (const char *)name) : "");
    xmlStopParser(p->ctxt);
}

/* An encoder error names the bytes it choked on ("bytes 0x81 0x20 …") but
 * no position: find them in the input to say where they are. */
static void locate_bad_bytes(struct parser *p, const char *msg)
{
    const char *at = msg ? strstr(msg, "ytes") : NULL; /* "bytes 0x…", "Bytes: 0x…" */
    unsigned char want[4];
    size_t n = 0;
    while (at && n < 4 && (at = strstr(at, "0x")) != NULL) {
        want[n++] = (unsigned char)strtoul(at + 2, NULL, 16);
        at += 2;
    }
    if (n == 0 || !p->win.data)
        return;
    long from = xmlByteConsumed(p->ctxt);
    size_t start = from > 0 && (size_t)from > p->win_off ? (size_t)from - p->win_off : 0;
    if (start > p->win.len)
        start = 0;
    const unsigned char *w = (const unsigned char *)p->win.data;
    const unsigned char *hit = memmem(w + start, p->win.len - start, want, n);
    if (!hit)
        hit = memmem(w, p->win.len, want, n);
    if (!hit)
        return;
    long line = p->win_lines + 1, col = 1;
    for (const unsigned char *q = w; q < hit; q++) {
        col = *q == '\n' ? 1 : col + 1;
        line += *q == '\n';
    }
    p->fatal_line = line;
    p->fatal_col = col;
    snprintf(p->fatal_msg, sizeof p->fatal_msg,
             "bytes that are not valid %s at byte offset %zu (line %ld, byte %ld of the line); "
             "the rest of the document was not read",
             enc_name(p), p->win_off + (size_t)(hit - w), line, col);
    p->fatal_precise = true;
    p->fatal_ours = true;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    struct parser *p = ctx;
    if (!e || e->level == XML_ERR_WARNING)
        return;
    if (e->level == XML_ERR_ERROR && !p->fatal) {
        /* Recoverable (namespace) errors: the checks above see their effect. */
        if (e->domain == XML_FROM_NAMESPACE)
            return;
    }
    if (p->fatal)
        return;
    p->fatal = true;
    p->fatal_line = e->line;
    p->fatal_col = e->int2;
    if (e->line <= 0 && p->ctxt && p->ctxt->input) {
        /* Encoding errors come without a position: use the parser's. */
        p->fatal_line = p->ctxt->input->line;
        p->fatal_col = p->ctxt->input->col;
    }
    if (e->domain == XML_FROM_I18N || e->domain == XML_FROM_IO ||
        e->code == XML_ERR_INVALID_ENCODING || e->code == XML_ERR_INVALID_CHAR)
        locate_bad_bytes(p, e->message);
    if (p->fatal_precise)
        return;
    char *m = e->message ? e->message : "unknown error";
    size_t j = 0;
    for (size_t i = 0; m[i] && j + 1 < sizeof p->fatal_msg; i++)
        p->fatal_msg[j++] = m[i] == '\n' ? ' ' : m[i];
    while (j && p->fatal_msg[j - 1] == ' ')
        j--;
    p->fatal_msg[j] = '\0';
}

/* ---- driving the parser ---------------------------------------------- */

static void report_fatal(struct parser *p)
{
    if (p->cur) {
        struct fl_filing *f = p->cur;
        p->cur = NULL;
        if (p->fatal_ours)
            fl_filing_problem(f, p->fatal_line, p->fatal_col, "", "%s", p->fatal_msg);
        else
            fl_filing_problem(f, p->fatal_line, p->fatal_col, "",
                              "not well-formed XML: %s; the rest of the document was not read",
                              p->fatal_msg);
        const char *enc = enc_name(p);
        f->encoding = fl_filing_strdup(f, enc, strlen(enc));
        deliver(p, f);
        return;
    }
    if (p->fatal_ours)
        document_problem(p, p->fatal_line, p->fatal_col, "%s", p->fatal_msg);
    else
        document_problem(p, p->fatal_line, p->fatal_col,
                         "not well-formed XML: %s; the rest of the document was not read",
                         p->fatal_msg);
}

/* Drop input bytes nobody needs any more: everything before the current
 * filing's start, or before POS, the parser's position, outside filings. */
static void trim_window(struct parser *p, long pos)
{
    if (pos < 0)
        return;
    size_t keep = (size_t)pos;
    if (p->cur && !p->oversize && p->filing_start >= 0 && (size_t)p->filing_start < keep)
        keep = (size_t)p->filing_start;
    if (keep <= p->win_off)
        return;
    size_t drop = keep - p->win_off;
    if (drop > p->win.len)
        drop = p->win.len;
    if (drop < (256u << 10) && drop < p->win.len)
        return;
    for (size_t i = 0; i < drop; i++)
        p->win_lines += p->win.data[i] == '\n';
    memmove(p->win.data, p->win.data + drop, p->win.len - drop);
    p->win.len -= drop;
    p->win_off += drop;
}

/* Line and column (in bytes) of file offset OFF, when it is in the
 * window; 0 and 0 when it is not. */
static void offset_position(const struct parser *p, uint64_t off, long *line, long *col)
{
    *line = *col = 0;
    if (off < p->win_off || off > p->win_off + p->win.len)
        return;
    const char *w = p->win.data, *at = w + (off - p->win_off);
    *line = p->win_lines + 1;
    const char *bol = w;
    for (const char *q = w; q < at; q++)
        if (*q == '\n') {
            (*line)++;
            bol = q + 1;
        }
    *col = at - bol + 1;
    if (bol == w && p->win_off > 0)
        *col = 0; /* the line began before the window */
}

/* The guard (guard.h) stopped the document at a construct that starts at
 * G->markup_start: say what and where. */
static void refuse_markup(struct parser *p, enum fl_guard_verdict v)
{
    long line, col;
    offset_position(p, p->guard.markup_start, &line, &col);
    char name[FL_ECHO_BUF] = "";
    if (p->guard.name[0])
        snprintf(name, sizeof name, " <%s>", p->guard.name);
    if (v == FL_GUARD_ATTRS)
        refuse(p, line, col,
               "a tag%s has more than %u attributes (the filing contract needs fewer than "
               "ten); the rest of the document was not read",
               name, p->guard.max_attrs);
    else
        refuse(p, line, col,
               "%s%s is longer than the limit of %zu bytes for a filing; the rest of the "
               "document was not read",
               fl_guard_construct(&p->guard), strcmp(fl_guard_construct(&p->guard), "a tag") ? ""
                                                                                          : name,
               p->max_filing);
}

/* After each chunk: the current filing within the limit, or the bytes
 * outside filings (before, between and after them) within it too. */
static void check_sizes(struct parser *p, long pos)
{
    if (p->cur)
        check_filing_size(p, pos);
    else
        gap_exceeded(p, pos);
}

typedef long (*reader_fn)(void *src, unsigned char *buf, size_t size);

static void parser_init(struct parser *p, const char *name, const struct fl_parse_opts *opts,
                        fl_filing_cb cb, void *ctx)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    p->max_filing = opts && opts->max_filing_bytes ? opts->max_filing_bytes
                                                   : FL_DEFAULT_MAX_FILING_BYTES;
    p->cb = cb;
    p->cb_ctx = ctx;
    p->filing_start = -1;
    fl_guard_init(&p->guard, FL_MAX_ATTRS, p->max_filing);
}

static void parser_free(struct parser *p)
{
    if (p->ctxt)
        xmlFreeParserCtxt(p->ctxt);
    fl_filing_free(p->cur);
    fl_buf_free(&p->text);
    fl_buf_free(&p->win);
    free(p->ns_context);
}

static xmlSAXHandler sax_handler(void)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.ignorableWhitespace = on_text;
    sax.getEntity = on_get_entity;
    sax.internalSubset = on_doctype;
    sax.serror = on_error;
    return sax;
}

static enum fl_status run_parser(struct parser *p, reader_fn read, void *src,
                                 struct fl_error *err);

/* libxml2's error handler is per thread: set for this parse, then reset. */
static enum fl_status run(struct parser *p, reader_fn read, void *src, struct fl_error *err)
{
    enum fl_status st = run_parser(p, read, src, err);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return st;
}

/* Hand N bytes at BUF (file offset OFF) to libxml2, through the guard:
 * when it stops the document, only the bytes before the construct it
 * stopped at.  False when the document is not to be read further. */
static bool feed(struct parser *p, const unsigned char *buf, size_t n, uint64_t off)
{
    enum fl_guard_verdict v = fl_guard_scan(&p->guard, buf, n);
    size_t give = n;
    if (v != FL_GUARD_OK)
        give = p->guard.markup_start > off ? (size_t)(p->guard.markup_start - off) : 0;
    /* libxml2 reports a non-ASCII byte in a US-ASCII document as "extra
     * content": say what it is, and where. */
    size_t high = n;
    if (strcmp(p->prolog.encoding, "US-ASCII") == 0)
        for (high = 0; high < give && buf[high] < 0x80; high++)
            ;
    bool not_ascii = high < give;
    give = not_ascii ? high : give;
    fl_buf_append(&p->win, buf, n);
    if (p->win.failed)
        p->oom = true;
    int rc = xmlParseChunk(p->ctxt, (const char *)buf, (int)give, n == 0);
    if (rc != 0 && !p->fatal && !p->stopped_by_cb && !p->oom) {
        /* An error that reached no handler (an I/O or encoder error). */
        xmlErrorPtr e = xmlCtxtGetLastError(p->ctxt);
        on_error(p, e && e->message ? e : &(xmlError){.message = "the parser stopped",
                                                       .level = XML_ERR_FATAL});
    }
    if (not_ascii) {
        long line, col;
        offset_position(p, off + high, &line, &col);
        refuse(p, line, col,
               "a byte that is not valid US-ASCII (0x%02X) at byte offset %llu (line %ld, byte "
               "%ld of the line), though the document declares that encoding; the rest of the "
               "document was not read",
               buf[high], (unsigned long long)(off + high), line, col);
    } else if (v != FL_GUARD_OK) {
        refuse_markup(p, v);
    }
    if (p->fatal || p->stopped_by_cb || p->oom || p->ctxt->instate == XML_PARSER_EOF || n == 0)
        return false;
    long pos = xmlByteConsumed(p->ctxt);
    check_sizes(p, pos);
    trim_window(p, pos);
    return !p->fatal;
}

static enum fl_status run_parser(struct parser *p, reader_fn read, void *src,
                                 struct fl_error *err)
{
    unsigned char buf[64 << 10];
    long n = read(src, buf, FL_PROLOG_BYTES);
    if (n < 0) { /* the document's fault as far as ingest goes: rejected, not a failure */
        int e = errno;
        document_problem(p, 0, 0, "the document could not be read (%s)", strerror(e));
        return p->oom ? fl_fail(err, FL_ENOMEM, "out of memory") : FL_OK;
    }
    char why[400];
    size_t at;
    if (!fl_prolog_read(buf, (size_t)n, &p->prolog, why, sizeof why, &at)) {
        document_problem(p, 1, (long)at + 1, "%s", why);
        return p->oom ? fl_fail(err, FL_ENOMEM, "out of memory") : FL_OK;
    }
    xmlSAXHandler sax = sax_handler();
    p->ctxt = xmlCreatePushParserCtxt(&sax, p, NULL, 0, p->name);
    /* Encoding errors are raised without the context: catch them here. */
    xmlSetStructuredErrorFunc(p, on_error);
    if (!p->ctxt)
        return fl_fail(err, FL_ENOMEM, "out of memory starting the XML parser");
    /* NOENT makes libxml2 give "&" for "&amp;" in attribute values (without
     * it, "&#38;").  It cannot expand anything else: a DOCTYPE stops the
     * parse before any entity could be declared, and on_get_entity knows
     * only the five predefined ones. */
    xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET | XML_PARSE_NOENT);
    /* Outside UTF-8 every position lookup re-encodes the parser's buffer, so
     * smaller chunks keep that cheap. */
    size_t chunk = sizeof buf;
    uint64_t off = 0;
    while (feed(p, buf, (size_t)n, off)) {
        off += (uint64_t)n;
        if (p->ctxt->input && p->ctxt->input->buf && p->ctxt->input->buf->encoder)
            chunk = 8 << 10;
        n = read(src, buf, chunk);
        if (n < 0) {
            char e[200];
            snprintf(e, sizeof e, "%s", strerror(errno));
            refuse(p, p->ctxt->input->line, 0,
                   "the document could not be read past byte %llu (%s); the rest of it was "
                   "not read",
                   (unsigned long long)off, e);
            break;
        }
    }
    if (p->oom)
        return fl_fail(err, FL_ENOMEM, "%s: out of memory", p->name);
    if (p->stopped_by_cb)
        return FL_EIO;
    if (p->fatal)
        report_fatal(p);
    else if (!p->root_seen)
        document_problem(p, 1, 1, "the document has no root element");
    return p->stopped_by_cb ? FL_EIO : FL_OK;
}

static long read_fd(void *src, unsigned char *buf, size_t size)
{
    int fd = *(int *)src;
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long)got;
}

struct mem_src {
    const unsigned char *data;
    size_t len, pos;
};

static long read_mem(void *src, unsigned char *buf, size_t size)
{
    struct mem_src *m = src;
    size_t n = m->len - m->pos < size ? m->len - m->pos : size;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (long)n;
}

enum fl_status fl_parse_fd(int fd, const char *name, const struct fl_parse_opts *opts,
                           fl_filing_cb cb, void *ctx, struct fl_error *err)
{
    struct parser p;
    parser_init(&p, name, opts, cb, ctx);
    enum fl_status st = run(&p, read_fd, &fd, err);
    parser_free(&p);
    return st;
}

enum fl_status fl_parse_memory(const void *data, size_t len, const char *name,
                               const struct fl_parse_opts *opts, fl_filing_cb cb, void *ctx,
                               struct fl_error *err)
{
    struct parser p;
    struct mem_src m = {data, len, 0};
    parser_init(&p, name, opts, cb, ctx);
    enum fl_status st = run(&p, read_mem, &m, err);
    parser_free(&p);
    return st;
}

enum fl_status fl_parse_stored(const unsigned char *raw, size_t len, const char *encoding,
                               const char *ns_context, const char *name, fl_filing_cb cb,
                               void *ctx, struct fl_error *err)
{
    /* A filing from a batch relies on the batch's namespace declarations:
     * give it a <batch> again, with the same prefix as its own tag. */
    size_t plen = 0;
    while (plen < len && raw[1 + plen] != ':' && raw[1 + plen] != ' ' && raw[1 + plen] != '>' &&
           raw[1 + plen] != '\t' && raw[1 + plen] != '\n' && raw[1 + plen] != '\r')
        plen++;
    bool prefixed = plen < len && raw[1 + plen] == ':';
    struct fl_buf doc = FL_BUF_INIT;
    fl_buf_printf(&doc, "<?xml version=\"1.0\" encoding=\"%s\"?>\n",
                  encoding ? encoding : "UTF-8");
    if (ns_context)
        fl_buf_printf(&doc, "<%.*s%sbatch %s>", prefixed ? (int)plen : 0, (const char *)raw + 1,
                      prefixed ? ":" : "", ns_context);
    fl_buf_append(&doc, raw, len);
    if (ns_context)
        fl_buf_printf(&doc, "</%.*s%sbatch>", prefixed ? (int)plen : 0, (const char *)raw + 1,
                      prefixed ? ":" : "");
    if (doc.failed) {
        fl_buf_free(&doc);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    enum fl_status st = fl_parse_memory(doc.data, doc.len, name, NULL, cb, ctx, err);
    fl_buf_free(&doc);
    return st;
}

void fl_parse_init(void)
{
    xmlInitParser();
    /* libsodium picks its fastest BLAKE2b (SSE, AVX2) here; without it
     * every filing's content hash ran the portable code, a tenth of the
     * reader's time.  A failure leaves that code, which hashes the same. */
    if (sodium_init() < 0) {
        /* nothing to do: the portable code gives the same hashes */
    }
}
