#include "filing.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A bump allocator: a filing's strings live and die together. */
struct fl_arena {
    struct fl_arena *next;
    size_t used, cap;
    char data[];
};

static void *arena_alloc(struct fl_filing *f, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    struct fl_arena *a = f->arena;
    if (!a || a->cap - a->used < n) {
        size_t cap = n > 3072 ? n : 4096 - sizeof *a;
        struct fl_arena *fresh = malloc(sizeof *fresh + cap);
        if (!fresh)
            return NULL;
        fresh->used = 0;
        fresh->cap = cap;
        /* A block for one big string goes behind the current one, so the
         * current block's free space stays usable. */
        if (a && n > 3072) {
            fresh->next = a->next;
            a->next = fresh;
        } else {
            fresh->next = a;
            f->arena = fresh;
        }
        a = fresh;
    }
    void *p = a->data + a->used;
    a->used += n;
    return p;
}

struct fl_filing *fl_filing_alloc(void)
{
    return calloc(1, sizeof(struct fl_filing));
}

void fl_filing_free(struct fl_filing *f)
{
    if (!f)
        return;
    for (struct fl_arena *a = f->arena, *next; a; a = next) {
        next = a->next;
        free(a);
    }
    free(f->parties);
    free(f->claims);
    free(f->requests);
    free(f->attachments);
    free(f->problems);
    free(f->raw);
    free(f);
}

static bool is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *fl_filing_strdup(struct fl_filing *f, const char *s, size_t len)
{
    while (len && is_xml_space(*s)) {
        s++;
        len--;
    }
    while (len && is_xml_space(s[len - 1]))
        len--;
    char *p = arena_alloc(f, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void fl_filing_problem(struct fl_filing *f, long line, long column, const char *field,
                       const char *fmt, ...)
{
    if (f->nproblems >= FL_MAX_PROBLEMS)
        return;
    if (!f->problems) {
        f->problems = calloc(FL_MAX_PROBLEMS, sizeof *f->problems);
        if (!f->problems)
            return;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct fl_problem *p = &f->problems[f->nproblems++];
    p->line = line;
    p->column = column;
    p->field = fl_filing_strdup(f, field ? field : "", field ? strlen(field) : 0);
    p->msg = fl_filing_strdup(f, msg, strlen(msg));
}

static void *grow(void *array, size_t *count, size_t size)
{
    /* Capacity doubles at powers of two, so it needs no field of its own. */
    size_t n = *count;
    if ((n & (n - 1)) == 0) {
        void *p = realloc(array, (n ? n * 2 : 2) * size);
        if (!p)
            return NULL;
        array = p;
    }
    memset((char *)array + n * size, 0, size);
    (*count)++;
    return array;
}

#define ADD(fn, type, arr, count)                                   \
    type *fn(struct fl_filing *f)                                   \
    {                                                               \
        type *p = grow(f->arr, &f->count, sizeof *f->arr);          \
        if (!p)                                                     \
            return NULL;                                            \
        f->arr = p;                                                 \
        return &f->arr[f->count - 1];                               \
    }
ADD(fl_filing_add_party, struct fl_party, parties, nparties)
ADD(fl_filing_add_claim, struct fl_claim, claims, nclaims)
ADD(fl_filing_add_request, struct fl_request, requests, nrequests)
ADD(fl_filing_add_attachment, struct fl_attachment, attachments, nattachments)
#undef ADD

/* Each value goes in as a tag byte plus its length, so no two different
 * filings can feed the hash the same bytes. */
static void h_str(crypto_generichash_state *st, char tag, const char *s)
{
    unsigned char head[9];
    uint64_t n = s ? strlen(s) : UINT64_MAX;
    head[0] = (unsigned char)tag;
    memcpy(head + 1, &n, 8);
    crypto_generichash_update(st, head, sizeof head);
    if (s)
        crypto_generichash_update(st, (const unsigned char *)s, (size_t)n);
}

static void h_int(crypto_generichash_state *st, char tag, bool present, int64_t v)
{
    unsigned char b[10];
    b[0] = (unsigned char)tag;
    b[1] = present;
    memcpy(b + 2, &v, 8);
    crypto_generichash_update(st, b, sizeof b);
}

static void hash_bankruptcy(crypto_generichash_state *st, const struct fl_bankruptcy *b)
{
    h_str(st, 'P', b->procedure);
    h_str(st, 'p', b->petitioner);
    h_int(st, 'a', b->has_assets_value, b->assets_fen);
    h_str(st, 'A', b->assets_text);
    h_int(st, 'l', b->has_liabilities_value, b->liabilities_fen);
    h_str(st, 'L', b->liabilities_text);
    h_int(st, 'c', b->has_creditors, b->creditors);
    h_int(st, 'e', b->has_employees, b->employees);
    h_int(st, 'w', true, b->unpaid_wages);
    h_str(st, 'S', b->statement);
}

void fl_filing_hash(struct fl_filing *f)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, FL_HASH_BYTES);
    h_str(&st, 'i', f->id);
    h_str(&st, 's', f->submitted);
    h_str(&st, 'h', f->channel ? f->channel : "online");
    h_str(&st, 'c', f->court);
    h_str(&st, 'C', f->court_code);
    h_str(&st, 't', f->type);
    h_str(&st, 'u', f->cause);
    for (size_t i = 0; i < f->nparties; i++) {
        const struct fl_party *p = &f->parties[i];
        h_str(&st, 'R', p->role);
        h_str(&st, 'K', p->kind);
        h_str(&st, 'N', p->name);
        h_str(&st, 'I', p->idno);
        h_str(&st, 'n', p->nationality);
        h_str(&st, 'd', p->address);
        h_str(&st, 'r', p->representative);
    }
    for (size_t i = 0; i < f->nclaims; i++) {
        h_int(&st, 'm', f->claims[i].has_amount, f->claims[i].amount_fen);
        h_str(&st, 'T', f->claims[i].text);
    }
    h_str(&st, 'f', f->facts);
    for (size_t i = 0; i < f->nrequests; i++) {
        h_str(&st, 'k', f->requests[i].kind);
        h_str(&st, 'q', f->requests[i].text);
    }
    for (size_t i = 0; i < f->nattachments; i++) {
        h_str(&st, 'x', f->attachments[i].name);
        h_str(&st, 'X', f->attachments[i].sha256);
    }
    h_int(&st, 'B', f->has_bankruptcy, 0);
    if (f->has_bankruptcy)
        hash_bankruptcy(&st, &f->bk);
    crypto_generichash_final(&st, f->hash, FL_HASH_BYTES);
}

enum fl_amount_check fl_parse_amount(const char *s, int64_t *fen)
{
    /* xs:decimal: optional sign, digits, optional fraction.  The limit of two
     * fraction digits is on the value, so trailing zeros beyond it are fine
     * ("56000.000"), as XSD's fractionDigits facet has it. */
    const char *p = s;
    bool negative = *p == '-', above = false;
    if (*p == '+' || *p == '-')
        p++;
    int64_t whole = 0;
    int nd = 0;
    for (; *p >= '0' && *p <= '9'; p++, nd++) {
        whole = whole * 10 + (*p - '0');
        if (whole > FL_AMOUNT_CEILING_FEN / 100) { /* keep reading: it may be malformed */
            above = true;
            whole = FL_AMOUNT_CEILING_FEN / 100;
        }
    }
    int64_t frac = 0;
    int nf = 0;
    if (*p == '.') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++, nf++) {
            if (nf < 2)
                frac = frac * 10 + (*p - '0');
            else if (*p != '0')
                return FL_AMOUNT_MALFORMED;
        }
    }
    if (*p != '\0' || nd + nf == 0)
        return FL_AMOUNT_MALFORMED;
    if (nf == 1)
        frac *= 10;
    int64_t v = whole * 100 + frac;
    if (negative && (v != 0 || above))
        return FL_AMOUNT_MALFORMED;
    if (above || v > FL_AMOUNT_CEILING_FEN)
        return FL_AMOUNT_ABOVE_CEILING;
    *fen = v;
    return FL_AMOUNT_VALID;
}

int64_t fl_fen_add(int64_t a, int64_t b)
{
    if (a < 0)
        a = 0;
    if (b < 0)
        b = 0;
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

bool fl_filing_stated_total(const struct fl_filing *f, int64_t *fen)
{
    bool any = false;
    *fen = 0;
    for (size_t i = 0; i < f->nclaims; i++)
        if (f->claims[i].has_amount) {
            *fen = fl_fen_add(*fen, f->claims[i].amount_fen);
            any = true;
        }
    return any;
}

void fl_format_fen(int64_t fen, char *out, size_t size)
{
    /* In unsigned arithmetic, so that even INT64_MIN has a magnitude. */
    uint64_t m = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(out, size, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(m / 100),
             (unsigned long long)(m % 100));
}
