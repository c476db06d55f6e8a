/* Rulesets: loading, checking and classifying (see rules.h, docs/rules.md). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <pcre2.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "buf.h"
#include "embedded.h"
#include "xmlutil.h"

#define RULES_NS "urn:fenliu:rules:1"
#define MATCH_LIMIT 200000     /* backtracking steps per match */
#define DEPTH_LIMIT 2000       /* nested backtracking (interpreter) */
#define HEAP_LIMIT_KIB 4096
#define JIT_STACK_MAX (512 << 10)
#define MAX_HITS 128

/* ---- the ruleset in memory ----------------------------------------------- */

enum field {
    F_CAUSE = 1 << 0, F_CLAIMS = 1 << 1, F_FACTS = 1 << 2, F_NAMES = 1 << 3,
    F_ADDRESSES = 1 << 4, F_REPRESENTATIVES = 1 << 5, F_REQUESTS = 1 << 6,
    F_STATEMENT = 1 << 7, F_ASSETS = 1 << 8, F_COURT = 1 << 9,
    F_ALL = (1 << 10) - 1,
    F_CLAIM = 1 << 10,   /* the claim in hand (inside every/some item="claim") */
    F_NAME = 1 << 11,    /* the party in hand */
    F_ADDRESS = 1 << 12,
};

static const struct { const char *name; unsigned bits; } FIELDS[] = {
    {"cause", F_CAUSE}, {"claims", F_CLAIMS}, {"facts", F_FACTS}, {"names", F_NAMES},
    {"addresses", F_ADDRESSES}, {"representatives", F_REPRESENTATIVES},
    {"requests", F_REQUESTS}, {"statement", F_STATEMENT}, {"assets", F_ASSETS},
    {"court", F_COURT}, {"all", F_ALL}, {"claim", F_CLAIM}, {"name", F_NAME},
    {"address", F_ADDRESS},
};

enum kind {
    K_ALL, K_ANY, K_NOT, K_MATCH, K_CAUSE, K_COMPARE, K_NATIONALITY, K_REQUEST,
    K_PROCEDURE, K_PETITIONER, K_UNPAID_WAGES, K_FLAG, K_EVERY, K_SOME, K_HAS_AMOUNT,
};

enum what { W_AMOUNT, W_ASSETS, W_LIABILITIES, W_CREDITORS, W_EMPLOYEES, W_PARTIES, W_CLAIMS };
static const struct { const char *name; bool yuan; } WHATS[] = {
    [W_AMOUNT] = {"amount", true},       [W_ASSETS] = {"assets", true},
    [W_LIABILITIES] = {"liabilities", true}, [W_CREDITORS] = {"creditors", false},
    [W_EMPLOYEES] = {"employees", false}, [W_PARTIES] = {"parties", false},
    [W_CLAIMS] = {"claims", false},
};

enum op { OP_LT, OP_LE, OP_EQ, OP_NE, OP_GE, OP_GT };
static const char *const OPS[] = {"lt", "le", "eq", "ne", "ge", "gt"};

struct node {
    enum kind kind;
    struct node **kids;
    size_t nkids;
    unsigned fields;   /* K_MATCH */
    int pattern;       /* K_MATCH: index into rules->patterns */
    char **list;       /* K_CAUSE, K_NATIONALITY, K_REQUEST, K_PROCEDURE, K_PETITIONER */
    size_t nlist;
    bool negate;       /* K_NATIONALITY not= */
    enum what what;    /* K_COMPARE */
    enum op op;
    int64_t value;
    int flag;          /* K_FLAG */
    bool item_party;   /* K_EVERY/K_SOME: party (else claim) */
    char *role;        /* K_EVERY/K_SOME over parties: only this role */
    char *party_kind;  /* ... and only this kind (person, organization) */
};

struct pattern {
    char *name;   /* NULL for inline patterns */
    char *source;
    pcre2_code *code; /* NULL: it does not compile (the ruleset is refused) */
    long line;
};

struct rule {
    char *id, *description;
    bool civil, bankruptcy;
    struct node *when; /* NULL: always */
    uint64_t set_flags;
    char *track, *procedure;
    long line;
};

struct param {
    char *name;
    bool yuan;
    int64_t value; /* fen when yuan */
};

struct fl_rules {
    char *name, *version;
    char hash[2 * 32 + 1];
    unsigned char *content;
    size_t content_len;
    struct param *params;
    size_t nparams;
    struct pattern *patterns;
    size_t npatterns;
    char *flags[FL_MAX_FLAGS];
    size_t nflags;
    struct rule *rules;
    size_t nrules;
};

/* ---- diagnostics while loading ---------------------------------------------- */

struct loader {
    struct fl_rules *r;
    struct fl_rules_diags *diags;
    size_t errors;
    const char *rule_id; /* the rule being read */
};

static void diag(struct loader *ld, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void diag(struct loader *ld, long line, const char *fmt, ...)
{
    ld->errors++;
    struct fl_rules_diags *d = ld->diags;
    if (!d)
        return;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        struct fl_rules_diag *p = realloc(d->items, cap * sizeof *p);
        if (!p)
            return;
        d->items = p;
        d->cap = cap;
    }
    struct fl_rules_diag *x = &d->items[d->count++];
    snprintf(x->rule, sizeof x->rule, "%s", ld->rule_id ? ld->rule_id : "");
    x->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
}

void fl_rules_diags_free(struct fl_rules_diags *d)
{
    if (!d)
        return;
    free(d->items);
    d->items = NULL;
    d->count = d->cap = 0;
}

/* ---- reading XML ---------------------------------------------------------------- */

static bool is(const xmlNode *n, const char *name)
{
    return fl_xml_is(n, RULES_NS, name);
}

/* Split a space-separated list. */
static char **split(const char *s, size_t *n)
{
    *n = 0;
    char **out = calloc(strlen(s) / 2 + 2, sizeof *out);
    const char *p = s;
    while (out && *p) {
        while (*p && strchr(" \t\r\n", *p))
            p++;
        const char *e = p;
        while (*e && !strchr(" \t\r\n", *e))
            e++;
        if (e > p)
            out[(*n)++] = strndup(p, (size_t)(e - p));
        p = e;
    }
    return out;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

/* ---- patterns --------------------------------------------------------------------- */

/* Patterns are matched on UTF-8 text and their hits are stored and
 * printed, so a hit must be whole characters: UTF mode always (a pattern
 * cannot turn it off); invalid bytes in a subject never match
 * (MATCH_INVALID_UTF, so no check is skipped); and no \C, the one item
 * that matches a single byte and so ends a hit inside a character. */
#define PATTERN_OPTIONS \
    (PCRE2_UTF | PCRE2_UCP | PCRE2_EXTENDED | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C)

static void pattern_error(struct loader *ld, const char *name, const char *source, long line,
                          int errcode, size_t erroff)
{
    const char *sp = name ? " " : "", *nm = name ? name : "";
    if (errcode == PCRE2_ERROR_BACKSLASH_C_CALLER_DISABLED ||
        errcode == PCRE2_ERROR_BACKSLASH_C_LIBRARY_DISABLED ||
        errcode == PCRE2_ERROR_LOOKBEHIND_INVALID_BACKSLASH_C) {
        diag(ld, line, "%s%s%s\\C matches a single byte and would split Chinese "
                       "characters; remove it (offset %zu of \"%s\")",
             name ? "pattern " : "", nm, name ? ": " : "", erroff, source);
        return;
    }
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(errcode, msg, sizeof msg);
    diag(ld, line, "pattern%s%s does not compile: %s at offset %zu of \"%s\"", sp, nm,
         (const char *)msg, erroff, source);
}

/* The index of the compiled pattern, or -1 when it does not compile.  A
 * named one is kept even then (without code), so that the rules using it
 * can say so; a ruleset with any error is never used to classify. */
static int compile_pattern(struct loader *ld, const char *name, const char *source, long line)
{
    struct fl_rules *r = ld->r;
    struct pattern *p = realloc(r->patterns, (r->npatterns + 1) * sizeof *p);
    if (!p)
        return -1;
    r->patterns = p;
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED, PATTERN_OPTIONS,
                                     &errcode, &erroff, NULL);
    if (!code) {
        pattern_error(ld, name, source, line, errcode, (size_t)erroff);
        if (!name)
            return -1;
    } else {
        /* JIT is an optimisation: without it (unsupported CPU) matching still works. */
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    }
    p[r->npatterns++] = (struct pattern){name ? strdup(name) : NULL, strdup(source), code, line};
    return code ? (int)r->npatterns - 1 : -1;
}

static int find_pattern(const struct fl_rules *r, const char *name)
{
    for (size_t i = 0; i < r->npatterns; i++)
        if (r->patterns[i].name && strcmp(r->patterns[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---- flags and parameters ------------------------------------------------------------ */

static int flag_index(struct fl_rules *r, const char *name, bool add)
{
    for (size_t i = 0; i < r->nflags; i++)
        if (strcmp(r->flags[i], name) == 0)
            return (int)i;
    if (!add || r->nflags == FL_MAX_FLAGS)
        return -1;
    r->flags[r->nflags] = strdup(name);
    return (int)r->nflags++;
}

static const struct param *find_param(const struct fl_rules *r, const char *name)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return &r->params[i];
    return NULL;
}

static void read_params(struct loader *ld, const xmlNode *list)
{
    struct fl_rules *r = ld->r;
    for (const xmlNode *n = fl_xml_first(list->children); n; n = fl_xml_next(n)) {
        char *name = fl_xml_prop_alloc(n, "name"), *value = fl_xml_prop_alloc(n, "value"), *unit = fl_xml_prop_alloc(n, "unit");
        long line = xmlGetLineNo(n);
        struct param p = {name, unit && strcmp(unit, "yuan") == 0, 0};
        bool ok = name && value;
        if (ok && p.yuan)
            ok = fl_parse_amount(value, &p.value) == FL_AMOUNT_VALID;
        else if (ok) {
            char *end;
            p.value = strtoll(value, &end, 10);
            ok = *value && !*end && p.value >= 0;
        }
        if (!ok)
            diag(ld, line, "parameter %s: value \"%s\" is not a %s", name ? name : "?",
                 value ? value : "", p.yuan ? "sum in yuan (e.g. 50000.00)" : "whole number");
        else if (find_param(r, name))
            diag(ld, line, "parameter %s is defined twice", name);
        struct param *grown = ok ? realloc(r->params, (r->nparams + 1) * sizeof *grown) : NULL;
        if (grown) {
            r->params = grown;
            r->params[r->nparams++] = p;
            name = NULL;
        }
        free(name);
        free(value);
        free(unit);
    }
}

static void read_patterns(struct loader *ld, const xmlNode *list)
{
    for (const xmlNode *n = fl_xml_first(list->children); n; n = fl_xml_next(n)) {
        char *name = fl_xml_prop_alloc(n, "name"), *src = fl_xml_text_alloc(n);
        if (name && find_pattern(ld->r, name) >= 0)
            diag(ld, xmlGetLineNo(n), "pattern %s is defined twice", name);
        else if (name)
            compile_pattern(ld, name, src, xmlGetLineNo(n));
        free(name);
        free(src);
    }
}

/* ---- conditions ------------------------------------------------------------------------ */

static void node_free(struct node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        node_free(n->kids[i]);
    free(n->kids);
    free_list(n->list, n->nlist);
    free(n->role);
    free(n->party_kind);
    free(n);
}

struct scope {
    bool in_claim, in_party;
    uint64_t flags_before; /* flags some earlier rule may set */
};

static struct node *read_cond(struct loader *ld, const xmlNode *x, struct scope sc);

static bool read_kids(struct loader *ld, struct node *n, const xmlNode *x, struct scope sc)
{
    for (const xmlNode *c = fl_xml_first(x->children); c; c = fl_xml_next(c)) {
        struct node *k = read_cond(ld, c, sc);
        if (!k)
            return false;
        struct node **kids = realloc(n->kids, (n->nkids + 1) * sizeof *kids);
        if (!kids) {
            node_free(k);
            return false;
        }
        n->kids = kids;
        n->kids[n->nkids++] = k;
    }
    if (n->kind == K_NOT && n->nkids != 1)
        diag(ld, xmlGetLineNo(x), "<not> holds exactly one condition, not %zu", n->nkids);
    return true;
}

static bool read_match(struct loader *ld, struct node *n, const xmlNode *x, struct scope sc)
{
    long line = xmlGetLineNo(x);
    char *fields = fl_xml_prop_alloc(x, "field"), *pname = fl_xml_prop_alloc(x, "pattern"), *src = fl_xml_text_alloc(x);
    size_t nf = 0;
    char **names = split(fields ? fields : "all", &nf);
    for (size_t i = 0; i < nf; i++) {
        unsigned bits = 0;
        for (size_t k = 0; k < sizeof FIELDS / sizeof FIELDS[0]; k++)
            if (strcmp(names[i], FIELDS[k].name) == 0)
                bits = FIELDS[k].bits;
        if (!bits)
            diag(ld, line, "unknown field \"%s\" (fields: cause claims facts names addresses "
                           "representatives requests statement assets court all; claim inside "
                           "<every>/<some item=\"claim\">, name and address inside item=\"party\")",
                 names[i]);
        else if ((bits == F_CLAIM && !sc.in_claim) ||
                 ((bits == F_NAME || bits == F_ADDRESS) && !sc.in_party))
            diag(ld, line, "field \"%s\" is only known inside <every> or <some> over %s",
                 names[i], bits == F_CLAIM ? "claims" : "parties");
        n->fields |= bits;
    }
    free_list(names, nf);
    n->pattern = -1;
    if (pname && *src)
        diag(ld, line, "a <match> has either pattern=\"%s\" or a pattern of its own, not both",
             pname);
    else if (pname && (n->pattern = find_pattern(ld->r, pname)) < 0)
        diag(ld, line, "unknown pattern \"%s\"", pname);
    else if (pname && !ld->r->patterns[n->pattern].code)
        diag(ld, line, "pattern %s (line %ld) does not compile", pname,
             ld->r->patterns[n->pattern].line);
    else if (!pname && !*src)
        diag(ld, line, "a <match> needs a pattern");
    else if (!pname)
        n->pattern = compile_pattern(ld, NULL, src, line);
    free(fields);
    free(pname);
    free(src);
    return true;
}

static bool read_compare(struct loader *ld, struct node *n, const xmlNode *x)
{
    long line = xmlGetLineNo(x);
    char *what = fl_xml_prop_alloc(x, "what"), *op = fl_xml_prop_alloc(x, "op"), *value = fl_xml_prop_alloc(x, "value"),
         *param = fl_xml_prop_alloc(x, "param");
    n->what = W_AMOUNT;
    bool found = false;
    for (size_t i = 0; what && i < sizeof WHATS / sizeof WHATS[0]; i++)
        if (strcmp(what, WHATS[i].name) == 0) {
            n->what = (enum what)i;
            found = true;
        }
    if (!found)
        diag(ld, line, "unknown quantity \"%s\" (amount assets liabilities creditors employees "
                       "parties claims)", what ? what : "");
    for (size_t i = 0; op && i < 6; i++)
        if (strcmp(op, OPS[i]) == 0)
            n->op = (enum op)i;
    bool yuan = WHATS[n->what].yuan;
    if (param) {
        const struct param *p = find_param(ld->r, param);
        if (!p)
            diag(ld, line, "unknown parameter \"%s\"", param);
        else if (p->yuan != yuan)
            diag(ld, line, "parameter %s is %s but %s is %s", param,
                 p->yuan ? "in yuan" : "a count", WHATS[n->what].name,
                 yuan ? "in yuan" : "a count");
        else
            n->value = p->value;
    } else if (value) {
        char *end;
        bool ok = yuan ? fl_parse_amount(value, &n->value) == FL_AMOUNT_VALID
                       : ((n->value = strtoll(value, &end, 10)), *value && !*end);
        if (!ok)
            diag(ld, line, "value \"%s\" is not a %s", value, yuan ? "sum in yuan" : "number");
    } else {
        diag(ld, line, "<compare> needs value= or param=");
    }
    free(what);
    free(op);
    free(value);
    free(param);
    return true;
}

static bool read_list(struct loader *ld, struct node *n, const xmlNode *x, const char *attr)
{
    char *v = fl_xml_prop_alloc(x, attr);
    if (!v) {
        diag(ld, xmlGetLineNo(x), "<%s> needs %s=", (const char *)x->name, attr);
        return true;
    }
    n->list = split(v, &n->nlist);
    free(v);
    return n->list != NULL;
}

static bool read_flag(struct loader *ld, struct node *n, const xmlNode *x, struct scope sc)
{
    char *name = fl_xml_prop_alloc(x, "name");
    n->flag = name ? flag_index(ld->r, name, false) : -1;
    if (!name)
        diag(ld, xmlGetLineNo(x), "<flag> needs name=");
    else if (n->flag < 0 || !(sc.flags_before & (1ull << n->flag)))
        diag(ld, xmlGetLineNo(x),
             "flag %s is set by no earlier rule, so this test can never hold (unreachable)",
             name);
    free(name);
    return true;
}

static bool read_item(struct loader *ld, struct node *n, const xmlNode *x, struct scope sc)
{
    char *item = fl_xml_prop_alloc(x, "item");
    n->item_party = item && strcmp(item, "party") == 0;
    if (!item || (!n->item_party && strcmp(item, "claim") != 0))
        diag(ld, xmlGetLineNo(x), "item=\"%s\": <every> and <some> go over claim or party",
             item ? item : "");
    n->role = fl_xml_prop_alloc(x, "role");
    n->party_kind = fl_xml_prop_alloc(x, "kind");
    if ((n->role || n->party_kind) && !n->item_party)
        diag(ld, xmlGetLineNo(x), "role= and kind= only choose among parties (item=\"party\")");
    if (n->party_kind && strcmp(n->party_kind, "person") != 0 &&
        strcmp(n->party_kind, "organization") != 0)
        diag(ld, xmlGetLineNo(x), "kind=\"%s\" is not person or organization", n->party_kind);
    if (n->item_party)
        sc.in_party = true;
    else
        sc.in_claim = true;
    free(item);
    return read_kids(ld, n, x, sc);
}

static struct node *read_cond(struct loader *ld, const xmlNode *x, struct scope sc)
{
    static const struct { const char *name; enum kind kind; } KINDS[] = {
        {"all", K_ALL}, {"any", K_ANY}, {"not", K_NOT}, {"match", K_MATCH},
        {"cause", K_CAUSE}, {"compare", K_COMPARE}, {"nationality", K_NATIONALITY},
        {"request", K_REQUEST}, {"procedure", K_PROCEDURE}, {"petitioner", K_PETITIONER},
        {"unpaid-wages", K_UNPAID_WAGES}, {"flag", K_FLAG}, {"every", K_EVERY},
        {"some", K_SOME}, {"has-amount", K_HAS_AMOUNT},
    };
    struct node *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    int kind = -1;
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (is(x, KINDS[i].name))
            kind = (int)KINDS[i].kind;
    n->kind = kind < 0 ? K_ALL : (enum kind)kind;
    bool ok = true;
    switch (kind) {
    case K_ALL: case K_ANY: case K_NOT: ok = read_kids(ld, n, x, sc); break;
    case K_MATCH: ok = read_match(ld, n, x, sc); break;
    case K_COMPARE: ok = read_compare(ld, n, x); break;
    case K_CAUSE: case K_PROCEDURE: case K_PETITIONER: ok = read_list(ld, n, x, "in"); break;
    case K_REQUEST: ok = read_list(ld, n, x, "kind"); break;
    case K_NATIONALITY: {
        char *not = fl_xml_prop_alloc(x, "not");
        n->negate = not != NULL;
        free(not);
        ok = read_list(ld, n, x, n->negate ? "not" : "in");
        break;
    }
    case K_FLAG: ok = read_flag(ld, n, x, sc); break;
    case K_EVERY: case K_SOME: ok = read_item(ld, n, x, sc); break;
    case K_HAS_AMOUNT:
        if (!sc.in_claim)
            diag(ld, xmlGetLineNo(x), "<has-amount/> is only known inside an item=\"claim\"");
        break;
    case K_UNPAID_WAGES: break;
    default:
        diag(ld, xmlGetLineNo(x), "unknown condition <%s>", (const char *)x->name);
    }
    if (!ok) {
        node_free(n);
        return NULL;
    }
    return n;
}

/* ---- rules -------------------------------------------------------------------------------- */

static const char *const TRACKS[] = {"simple", "complex", NULL};
static const char *const CIVIL_PROCS[] = {"small-claims", "summary", "ordinary", NULL};
static const char *const BANKRUPTCY_PROCS[] = {"simple", "ordinary", NULL};

static bool in_list(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(v, *list) == 0)
            return true;
    return false;
}

static void read_effect(struct loader *ld, struct rule *ru, const xmlNode *x)
{
    long line = xmlGetLineNo(x);
    char *flags = fl_xml_prop_alloc(x, "flag");
    size_t n = 0;
    char **names = split(flags ? flags : "", &n);
    for (size_t i = 0; i < n; i++) {
        int k = flag_index(ld->r, names[i], true);
        if (k < 0)
            diag(ld, line, "more than %d flags", FL_MAX_FLAGS);
        else
            ru->set_flags |= 1ull << k;
    }
    free_list(names, n);
    free(flags);
    ru->track = fl_xml_prop_alloc(x, "track");
    ru->procedure = fl_xml_prop_alloc(x, "procedure");
    if (!ru->track != !ru->procedure)
        diag(ld, line, "a rule that decides gives both track= and procedure=");
    if (ru->track && !in_list(ru->track, TRACKS))
        diag(ld, line, "track \"%s\" is not simple or complex", ru->track);
    if (ru->procedure && ru->civil && !in_list(ru->procedure, CIVIL_PROCS))
        diag(ld, line, "procedure \"%s\" is not one for civil filings (small-claims, summary, "
                       "ordinary)", ru->procedure);
    if (ru->procedure && ru->bankruptcy && !in_list(ru->procedure, BANKRUPTCY_PROCS))
        diag(ld, line, "procedure \"%s\" is not one for bankruptcy filings (simple, ordinary)",
             ru->procedure);
    if (!ru->track && !ru->set_flags)
        diag(ld, line, "the rule neither sets a flag nor decides");
}

/* Flags any rule before index I that applies to the same types may set. */
static uint64_t flags_before(const struct fl_rules *r, size_t i, bool civil, bool bankruptcy)
{
    uint64_t f = 0;
    for (size_t k = 0; k < i; k++)
        if ((r->rules[k].civil && civil) || (r->rules[k].bankruptcy && bankruptcy))
            f |= r->rules[k].set_flags;
    return f;
}

/* A rule that only decides can never fire after an unconditional decision
 * for every type it applies to. */
static void check_reachable(struct loader *ld, size_t i)
{
    struct rule *ru = &ld->r->rules[i];
    if (ru->set_flags || !ru->track)
        return;
    bool civil_done = !ru->civil, bk_done = !ru->bankruptcy;
    for (size_t k = 0; k < i; k++) {
        const struct rule *e = &ld->r->rules[k];
        if (e->when || !e->track)
            continue;
        civil_done |= e->civil;
        bk_done |= e->bankruptcy;
    }
    if (civil_done && bk_done)
        diag(ld, ru->line, "unreachable: an earlier rule decides every filing this rule "
                           "applies to");
}

static void read_rule(struct loader *ld, const xmlNode *x)
{
    struct fl_rules *r = ld->r;
    struct rule *rules = realloc(r->rules, (r->nrules + 1) * sizeof *rules);
    if (!rules)
        return;
    r->rules = rules;
    struct rule *ru = &r->rules[r->nrules];
    memset(ru, 0, sizeof *ru);
    ru->id = fl_xml_prop_alloc(x, "id");
    ru->line = xmlGetLineNo(x);
    ld->rule_id = ru->id;
    for (size_t k = 0; k < r->nrules; k++)
        if (ru->id && strcmp(r->rules[k].id, ru->id) == 0)
            diag(ld, ru->line, "rule id %s is used twice (also line %ld)", ru->id,
                 r->rules[k].line);
    char *applies = fl_xml_prop_alloc(x, "applies");
    ru->civil = !applies || strstr(applies, "civil");
    ru->bankruptcy = !applies || strstr(applies, "bankruptcy");
    free(applies);
    struct scope sc = {false, false, flags_before(r, r->nrules, ru->civil, ru->bankruptcy)};
    for (const xmlNode *c = fl_xml_first(x->children); c; c = fl_xml_next(c)) {
        if (is(c, "description"))
            ru->description = fl_xml_text_alloc(c);
        else if (is(c, "when")) {
            ru->when = calloc(1, sizeof *ru->when);
            if (ru->when)
                read_kids(ld, ru->when, c, sc);
        } else if (is(c, "then"))
            read_effect(ld, ru, c);
    }
    r->nrules++;
    check_reachable(ld, r->nrules - 1);
    ld->rule_id = NULL;
}

/* ---- loading -------------------------------------------------------------------------------- */

struct schema_errors {
    struct loader *ld;
};

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
    struct loader *ld = ctx;
    if (!e || e->level == XML_ERR_WARNING)
        return;
    char msg[300];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
    for (char *p = msg; *p; p++)
        if (*p == '\n')
            *p = ' ';
    size_t n = strlen(msg);
    while (n && msg[n - 1] == ' ')
        msg[--n] = '\0';
    diag(ld, e->line, "%s", msg);
}

static bool validate(struct loader *ld, xmlDocPtr doc)
{
    const struct fl_embedded *xsd = fl_embedded_find("schemas/rules.xsd");
    if (!xsd)
        return false;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt((const char *)xsd->data, (int)xsd->size);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    size_t before = ld->errors;
    if (vc) {
        xmlSchemaSetValidStructuredErrors(vc, on_schema_error, ld);
        if (xmlSchemaValidateDoc(vc, doc) != 0 && ld->errors == before)
            diag(ld, 0, "the ruleset does not follow schemas/rules.xsd");
    } else {
        diag(ld, 0, "internal error: schemas/rules.xsd does not load");
    }
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return ld->errors == before;
}

static void read_ruleset(struct loader *ld, const xmlNode *root)
{
    struct fl_rules *r = ld->r;
    r->name = fl_xml_prop_alloc(root, "name");
    r->version = fl_xml_prop_alloc(root, "version");
    for (const xmlNode *c = fl_xml_first(root->children); c; c = fl_xml_next(c)) {
        if (is(c, "parameters"))
            read_params(ld, c);
        else if (is(c, "patterns"))
            read_patterns(ld, c);
        else if (is(c, "rule"))
            read_rule(ld, c);
    }
    if (r->nrules == 0)
        diag(ld, xmlGetLineNo(root), "the ruleset has no rules");
    bool civil = false, bankruptcy = false;
    for (size_t i = 0; i < r->nrules; i++)
        if (!r->rules[i].when && r->rules[i].track) {
            civil |= r->rules[i].civil;
            bankruptcy |= r->rules[i].bankruptcy;
        }
    if (r->nrules && (!civil || !bankruptcy))
        diag(ld, xmlGetLineNo(root),
             "no rule decides every %s filing: end with a rule without <when> that gives "
             "track= and procedure=",
             !civil ? "civil" : "bankruptcy");
}

static void hash_content(struct fl_rules *r)
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, r->content, r->content_len, NULL, 0);
    sodium_bin2hex(r->hash, sizeof r->hash, h, sizeof h);
}

static void ignore_errors(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

enum fl_status fl_rules_load(const char *xml, size_t len, const char *name,
                             struct fl_rules **out, struct fl_rules_diags *diags,
                             struct fl_error *err)
{
    *out = NULL;
    struct fl_rules *r = calloc(1, sizeof *r);
    if (!r || !(r->content = malloc(len ? len : 1))) {
        free(r);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    memcpy(r->content, xml, len);
    r->content_len = len;
    hash_content(r);
    struct loader ld = {r, diags, 0, NULL};
    xmlSetStructuredErrorFunc(&ld, on_schema_error);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET);
    if (!doc) {
        if (!ld.errors)
            diag(&ld, 0, "not well-formed XML");
    } else if (doc->intSubset) {
        diag(&ld, xmlGetLineNo((xmlNodePtr)doc->intSubset), "a ruleset has no DOCTYPE");
    } else if (validate(&ld, doc)) {
        xmlSetStructuredErrorFunc(NULL, ignore_errors);
        read_ruleset(&ld, xmlDocGetRootElement(doc));
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeDoc(doc);
    if (ld.errors) {
        fl_rules_free(r);
        return fl_fail(err, FL_EINVAL, "%s: %zu error%s in the ruleset", name, ld.errors,
                       ld.errors == 1 ? "" : "s");
    }
    *out = r;
    return FL_OK;
}

enum fl_status fl_rules_load_file(const char *path, struct fl_rules **out,
                                  struct fl_rules_diags *diags, struct fl_error *err)
{
    *out = NULL;
    struct fl_buf b = FL_BUF_INIT;
    enum fl_status st;
    if (!fl_buf_read_file(&b, path))
        st = b.failed ? fl_fail(err, FL_ENOMEM, "out of memory")
                      : fl_fail(err, FL_EIO, "cannot read %s: %m", path);
    else
        st = fl_rules_load(b.data ? b.data : "", b.len, path, out, diags, err);
    fl_buf_free(&b);
    return st;
}

enum fl_status fl_rules_load_default(struct fl_rules **out, struct fl_error *err)
{
    const struct fl_embedded *e = fl_embedded_find("schemas/rules/default.xml");
    if (!e)
        return fl_fail(err, FL_ENOTFOUND, "the default ruleset is missing from this build");
    return fl_rules_load((const char *)e->data, e->size, "schemas/rules/default.xml", out, NULL,
                         err);
}

void fl_rules_free(struct fl_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nrules; i++) {
        struct rule *ru = &r->rules[i];
        free(ru->id);
        free(ru->description);
        node_free(ru->when);
        free(ru->track);
        free(ru->procedure);
    }
    free(r->rules);
    for (size_t i = 0; i < r->npatterns; i++) {
        free(r->patterns[i].name);
        free(r->patterns[i].source);
        pcre2_code_free(r->patterns[i].code);
    }
    free(r->patterns);
    for (size_t i = 0; i < r->nparams; i++)
        free(r->params[i].name);
    free(r->params);
    for (size_t i = 0; i < r->nflags; i++)
        free(r->flags[i]);
    free(r->name);
    free(r->version);
    free(r->content);
    free(r);
}

const char *fl_rules_name(const struct fl_rules *r) { return r->name ? r->name : ""; }
const char *fl_rules_version(const struct fl_rules *r) { return r->version ? r->version : ""; }
const char *fl_rules_hash(const struct fl_rules *r) { return r->hash; }
size_t fl_rules_count(const struct fl_rules *r) { return r->nrules; }
const char *fl_rules_rule_id(const struct fl_rules *r, size_t i) { return r->rules[i].id; }

const unsigned char *fl_rules_content(const struct fl_rules *r, size_t *len)
{
    *len = r->content_len;
    return r->content;
}

const char *fl_rules_rule_description(const struct fl_rules *r, size_t i)
{
    return r->rules[i].description ? r->rules[i].description : "";
}

long fl_rules_find(const struct fl_rules *r, const char *id)
{
    for (size_t i = 0; i < r->nrules; i++)
        if (strcmp(r->rules[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* ---- classifying ------------------------------------------------------------------------------- */

struct fl_matcher {
    const struct fl_rules *rules;
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *jit;
};

struct fl_matcher *fl_matcher_alloc(const struct fl_rules *r)
{
    struct fl_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->rules = r;
    m->md = pcre2_match_data_create(1, NULL);
    m->mc = pcre2_match_context_create(NULL);
    m->jit = pcre2_jit_stack_create(32 << 10, JIT_STACK_MAX, NULL);
    if (!m->md || !m->mc || !m->jit) {
        fl_matcher_free(m);
        return NULL;
    }
    /* A pathological pattern fails its rule for that filing instead of
     * hanging ingestion. */
    pcre2_set_match_limit(m->mc, MATCH_LIMIT);
    pcre2_set_depth_limit(m->mc, DEPTH_LIMIT);
    pcre2_set_heap_limit(m->mc, HEAP_LIMIT_KIB);
    pcre2_jit_stack_assign(m->mc, NULL, m->jit);
    return m;
}

void fl_matcher_free(struct fl_matcher *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
    pcre2_jit_stack_free(m->jit);
    free(m);
}

/* What one classification works with. */
struct eval {
    struct fl_matcher *m;
    const struct fl_filing *f;
    const struct rule *rule;
    int64_t *claim_fen; /* per claim; -1 when it names no figure */
    bool has_total;
    int64_t total;
    uint64_t flags;
    long claim, party; /* the item in hand inside every/some, or -1 */
    struct fl_hit *ev; /* evidence of the rule being tried */
    size_t nev, cap_ev;
    struct fl_classification *out;
    bool oom;
};

static void add_evidence(struct eval *e, const char *field, const char *text, size_t len,
                         long offset)
{
    if (e->nev == e->cap_ev) {
        size_t cap = e->cap_ev ? e->cap_ev * 2 : 8;
        struct fl_hit *p = realloc(e->ev, cap * sizeof *p);
        if (!p) {
            e->oom = true;
            return;
        }
        e->ev = p;
        e->cap_ev = cap;
    }
    struct fl_hit *h = &e->ev[e->nev++];
    h->rule = e->rule->id;
    snprintf(h->field, sizeof h->field, "%s", field);
    if (len >= sizeof h->text) {
        len = sizeof h->text - 1;
        while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--; /* do not cut a character */
    }
    memcpy(h->text, text, len);
    h->text[len] = '\0';
    h->offset = offset;
}

static void rule_failed(struct eval *e, int code)
{
    struct fl_classification *c = e->out;
    for (size_t i = 0; i < c->nfailures; i++)
        if (c->failures[i].rule == e->rule->id)
            return;
    struct fl_rule_failure *p = realloc(c->failures, (c->nfailures + 1) * sizeof *p);
    if (!p) {
        e->oom = true;
        return;
    }
    c->failures = p;
    PCRE2_UCHAR msg[120];
    if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
        msg[0] = '\0';
    p[c->nfailures].rule = e->rule->id;
    snprintf(p[c->nfailures].msg, sizeof p[c->nfailures].msg,
             "a pattern could not be matched on this filing: %s", (const char *)msg);
    c->nfailures++;
}

/* Run pattern P over TEXT; on a match, record it as evidence for the
 * field NAME, or NAME[INDEX + 1] when INDEX >= 0 (made only then: most
 * patterns match nothing, and the name was a fifth of triage's time). */
static bool match_field(struct eval *e, int p, const char *name, long index, const char *text)
{
    if (!text || !*text)
        return false;
    const struct pattern *pat = &e->m->rules->patterns[p];
    int rc = pcre2_match(pat->code, (PCRE2_SPTR)text, strlen(text), 0, 0, e->m->md, e->m->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return false;
    if (rc < 0) {
        rule_failed(e, rc);
        return false;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(e->m->md);
    /* \K in a lookahead (PCRE2 before 10.38 allows it) can report a start
     * after the end: keep an empty hit rather than read past the text. */
    PCRE2_SIZE start = ov[0] <= ov[1] ? ov[0] : ov[1];
    char field[48];
    if (index >= 0)
        snprintf(field, sizeof field, "%s[%ld]", name, index + 1);
    add_evidence(e, index >= 0 ? field : name, text + start, ov[1] - start, (long)start);
    return true;
}

static bool match_text(struct eval *e, int p, const char *field, const char *text)
{
    return match_field(e, p, field, -1, text);
}

static bool match_indexed(struct eval *e, int p, const char *name, size_t i, const char *text)
{
    return match_field(e, p, name, (long)i, text);
}

static bool eval_match(struct eval *e, const struct node *n)
{
    const struct fl_filing *f = e->f;
    unsigned fl = n->fields;
    int p = n->pattern;
    if ((fl & F_CAUSE) && match_text(e, p, "cause", f->cause))
        return true;
    if ((fl & F_COURT) && match_text(e, p, "court", f->court))
        return true;
    for (size_t i = 0; (fl & F_CLAIMS) && i < f->nclaims; i++)
        if (match_indexed(e, p, "claims", i, f->claims[i].text))
            return true;
    if ((fl & F_FACTS) && match_text(e, p, "facts", f->facts))
        return true;
    for (size_t i = 0; i < f->nparties; i++) {
        const struct fl_party *pa = &f->parties[i];
        if ((fl & F_NAMES) && match_indexed(e, p, "names", i, pa->name))
            return true;
        if ((fl & F_ADDRESSES) && match_indexed(e, p, "addresses", i, pa->address))
            return true;
        if ((fl & F_REPRESENTATIVES) &&
            match_indexed(e, p, "representatives", i, pa->representative))
            return true;
    }
    for (size_t i = 0; (fl & F_REQUESTS) && i < f->nrequests; i++)
        if (match_indexed(e, p, "requests", i, f->requests[i].text))
            return true;
    if (f->has_bankruptcy) {
        if ((fl & F_STATEMENT) && match_text(e, p, "statement", f->bk.statement))
            return true;
        if ((fl & F_ASSETS) && (match_text(e, p, "assets", f->bk.assets_text) ||
                                match_text(e, p, "liabilities", f->bk.liabilities_text)))
            return true;
    }
    if ((fl & F_CLAIM) && e->claim >= 0 &&
        match_indexed(e, p, "claims", (size_t)e->claim, f->claims[e->claim].text))
        return true;
    if (e->party >= 0) {
        const struct fl_party *pa = &f->parties[e->party];
        if ((fl & F_NAME) && match_indexed(e, p, "names", (size_t)e->party, pa->name))
            return true;
        if ((fl & F_ADDRESS) && match_indexed(e, p, "addresses", (size_t)e->party, pa->address))
            return true;
    }
    return false;
}

static bool compare(enum op op, int64_t a, int64_t b)
{
    switch (op) {
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_GE: return a >= b;
    case OP_GT: return a > b;
    }
    return false;
}

static bool eval_compare(struct eval *e, const struct node *n)
{
    const struct fl_filing *f = e->f;
    const struct fl_bankruptcy *b = &f->bk;
    bool known = true;
    int64_t v = 0;
    switch (n->what) {
    case W_AMOUNT: known = e->has_total; v = e->total; break;
    case W_ASSETS: known = f->has_bankruptcy && b->has_assets_value; v = b->assets_fen; break;
    case W_LIABILITIES:
        known = f->has_bankruptcy && b->has_liabilities_value;
        v = b->liabilities_fen;
        break;
    case W_CREDITORS: known = f->has_bankruptcy && b->has_creditors; v = b->creditors; break;
    case W_EMPLOYEES: known = f->has_bankruptcy && b->has_employees; v = b->employees; break;
    case W_PARTIES: v = (int64_t)f->nparties; break;
    case W_CLAIMS: v = (int64_t)f->nclaims; break;
    }
    if (!known || !compare(n->op, v, n->value))
        return false;
    char text[32];
    if (WHATS[n->what].yuan)
        fl_format_fen(v, text, sizeof text);
    else
        snprintf(text, sizeof text, "%lld", (long long)v);
    add_evidence(e, WHATS[n->what].name, text, strlen(text), -1);
    return true;
}

static bool listed(const struct node *n, const char *v)
{
    for (size_t i = 0; v && i < n->nlist; i++)
        if (strcmp(n->list[i], v) == 0)
            return true;
    return false;
}

static bool eval_value_in(struct eval *e, const struct node *n, const char *field, const char *v)
{
    if (!listed(n, v))
        return false;
    add_evidence(e, field, v, strlen(v), -1);
    return true;
}

static bool eval_nationality(struct eval *e, const struct node *n)
{
    for (size_t i = 0; i < e->f->nparties; i++) {
        const char *nat = e->f->parties[i].nationality;
        if (!nat || !*nat || listed(n, nat) == n->negate)
            continue;
        char field[48];
        snprintf(field, sizeof field, "parties[%zu]/nationality", i + 1);
        add_evidence(e, field, nat, strlen(nat), -1);
        return true;
    }
    return false;
}

static bool eval_request(struct eval *e, const struct node *n)
{
    for (size_t i = 0; i < e->f->nrequests; i++) {
        if (!listed(n, e->f->requests[i].kind))
            continue;
        char field[48];
        snprintf(field, sizeof field, "requests[%zu]/kind", i + 1);
        add_evidence(e, field, e->f->requests[i].kind, strlen(e->f->requests[i].kind), -1);
        return true;
    }
    return false;
}

static bool eval(struct eval *e, const struct node *n);

/* every/some over claims or parties (of one role). */
static bool eval_items(struct eval *e, const struct node *n, bool every)
{
    const struct fl_filing *f = e->f;
    size_t count = n->item_party ? f->nparties : f->nclaims, considered = 0;
    long *slot = n->item_party ? &e->party : &e->claim;
    long saved = *slot;
    bool result = every;
    for (size_t i = 0; i < count; i++) {
        if (n->item_party && ((n->role && strcmp(f->parties[i].role, n->role) != 0) ||
                              (n->party_kind && strcmp(f->parties[i].kind, n->party_kind) != 0)))
            continue;
        considered++;
        *slot = (long)i;
        bool all = true;
        size_t mark = e->nev;
        for (size_t k = 0; k < n->nkids && all; k++)
            all = eval(e, n->kids[k]);
        if (!all)
            e->nev = mark;
        if (every && !all) {
            result = false;
            break;
        }
        if (!every && all) {
            result = true;
            break;
        }
        if (!every)
            result = false;
    }
    *slot = saved;
    /* "every" over nothing does not hold: a filing without claims is not one
     * whose claims are all for money. */
    return considered > 0 && result;
}

static bool eval_kids_all(struct eval *e, const struct node *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        if (!eval(e, n->kids[i]))
            return false;
    return true;
}

static bool eval(struct eval *e, const struct node *n)
{
    size_t mark = e->nev;
    bool v = false;
    const struct fl_filing *f = e->f;
    switch (n->kind) {
    case K_ALL: v = eval_kids_all(e, n); break;
    case K_ANY:
        for (size_t i = 0; i < n->nkids && !v; i++)
            v = eval(e, n->kids[i]);
        break;
    case K_NOT: v = n->nkids == 1 && !eval(e, n->kids[0]); e->nev = mark; break;
    case K_MATCH: v = n->pattern >= 0 && eval_match(e, n); break;
    case K_CAUSE: v = eval_value_in(e, n, "cause", f->cause); break;
    case K_COMPARE: v = eval_compare(e, n); break;
    case K_NATIONALITY: v = eval_nationality(e, n); break;
    case K_REQUEST: v = eval_request(e, n); break;
    case K_PROCEDURE:
        v = f->has_bankruptcy && eval_value_in(e, n, "bankruptcy/procedure", f->bk.procedure);
        break;
    case K_PETITIONER:
        v = f->has_bankruptcy && eval_value_in(e, n, "bankruptcy/petitioner", f->bk.petitioner);
        break;
    case K_UNPAID_WAGES:
        v = f->has_bankruptcy && f->bk.unpaid_wages == 1;
        if (v)
            add_evidence(e, "bankruptcy/employees/unpaid-wages", "true", 4, -1);
        break;
    case K_FLAG:
        v = n->flag >= 0 && (e->flags & (1ull << n->flag));
        if (v)
            add_evidence(e, "flag", e->m->rules->flags[n->flag],
                         strlen(e->m->rules->flags[n->flag]), -1);
        break;
    case K_EVERY: v = eval_items(e, n, true); break;
    case K_SOME: v = eval_items(e, n, false); break;
    case K_HAS_AMOUNT: v = e->claim >= 0 && e->claim_fen[e->claim] >= 0; break;
    }
    if (!v)
        e->nev = mark;
    return v;
}

static void compute_amounts(struct eval *e)
{
    const struct fl_filing *f = e->f;
    e->total = 0;
    e->has_total = false;
    for (size_t i = 0; i < f->nclaims; i++) {
        const struct fl_claim *c = &f->claims[i];
        int64_t v = -1;
        if (c->has_amount)
            v = c->amount_fen;
        else if (c->text_read)
            v = c->text_fen;
        else if (!c->text || !fl_amount_claimed(c->text, strlen(c->text), &v))
            v = -1;
        e->claim_fen[i] = v;
        if (v >= 0) {
            /* Saturating: a filing stored before the ceiling may hold any
             * amounts, and a wrapped sum would make it a small claim. */
            e->total = fl_fen_add(e->total, v);
            e->has_total = true;
        }
    }
}

static bool keep_hits(struct eval *e)
{
    struct fl_classification *c = e->out;
    if (e->nev == 0) { /* a rule with no condition: a hit without evidence */
        add_evidence(e, "", "", 0, -1);
        if (e->oom)
            return false;
    }
    size_t n = e->nev < MAX_HITS - c->nhits ? e->nev : MAX_HITS - c->nhits;
    if (!n)
        return true;
    struct fl_hit *p = realloc(c->hits, (c->nhits + n) * sizeof *p);
    if (!p)
        return false;
    memcpy(p + c->nhits, e->ev, n * sizeof *p);
    c->hits = p;
    c->nhits += n;
    return true;
}

enum fl_status fl_classify(struct fl_matcher *m, const struct fl_filing *f,
                           struct fl_classification *out, struct fl_error *err)
{
    memset(out, 0, sizeof *out);
    const struct fl_rules *r = m->rules;
    bool bankruptcy = f->type && strcmp(f->type, "bankruptcy") == 0;
    struct eval e = {.m = m, .f = f, .claim = -1, .party = -1, .out = out};
    int64_t small[16];
    e.claim_fen = f->nclaims <= 16 ? small : malloc(f->nclaims * sizeof *e.claim_fen);
    if (!e.claim_fen)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    compute_amounts(&e);
    out->has_amount = e.has_total;
    out->amount_fen = e.total;
    for (size_t i = 0; i < r->nrules && !e.oom; i++) {
        const struct rule *ru = &r->rules[i];
        if (!(bankruptcy ? ru->bankruptcy : ru->civil))
            continue;
        bool decides = ru->track && !out->track;
        if (!decides && !ru->set_flags)
            continue; /* a decision came first */
        e.rule = ru;
        e.nev = 0;
        if (ru->when && !eval(&e, ru->when))
            continue;
        e.flags |= ru->set_flags;
        if (decides) {
            out->track = ru->track;
            out->procedure = ru->procedure;
            out->decided_by = ru->id;
        }
        if (!keep_hits(&e))
            e.oom = true;
    }
    for (size_t k = 0; k < r->nflags; k++)
        if (e.flags & (1ull << k))
            out->flags[out->nflags++] = r->flags[k];
    if (e.claim_fen != small)
        free(e.claim_fen);
    free(e.ev);
    if (e.oom) {
        fl_classification_clear(out);
        return fl_fail(err, FL_ENOMEM, "out of memory classifying");
    }
    return FL_OK;
}

void fl_classification_clear(struct fl_classification *c)
{
    free(c->hits);
    free(c->failures);
    memset(c, 0, sizeof *c);
}
