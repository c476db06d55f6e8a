/* Rulesets and classification (繁简分流).
 *
 * A ruleset is an XML file (schema: schemas/rules.xsd; the default one:
 * schemas/rules/default.xml; the language: docs/rules.md).  It has
 * parameters (every threshold of the policy), named PCRE2 patterns and
 * ordered rules.  Each rule applies to civil or bankruptcy filings or both,
 * has a condition built from field predicates and patterns, and an effect:
 * flags to set, and a track and procedure to decide.  Every rule is tried
 * in order; every rule whose condition holds sets its flags, and the first
 * one that decides fixes the track and procedure.
 *
 * A loaded ruleset is read-only and may be shared by threads; each thread
 * classifies with its own struct fl_matcher. */
#ifndef FL_RULES_H
#define FL_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "filing.h"

struct fl_rules;
struct fl_matcher;

/* A problem in a ruleset file, for `fenliu rules check`. */
struct fl_rules_diag {
    char rule[65]; /* the rule's id, or "" outside any rule */
    long line;
    char msg[400];
};

struct fl_rules_diags {
    struct fl_rules_diag *items;
    size_t count, cap;
};

void fl_rules_diags_free(struct fl_rules_diags *d);

/* Load the ruleset in XML (LEN bytes; NAME is used in messages).  On a
 * broken ruleset returns FL_EINVAL with every problem in DIAGS (when not
 * NULL) and ERR saying how many. */
enum fl_status fl_rules_load(const char *xml, size_t len, const char *name,
                             struct fl_rules **out, struct fl_rules_diags *diags,
                             struct fl_error *err);
/* Load a ruleset file. */
enum fl_status fl_rules_load_file(const char *path, struct fl_rules **out,
                                  struct fl_rules_diags *diags, struct fl_error *err);
/* The ruleset that ships with fenliu (compiled in). */
enum fl_status fl_rules_load_default(struct fl_rules **out, struct fl_error *err);
void fl_rules_free(struct fl_rules *r);

const char *fl_rules_name(const struct fl_rules *r);
const char *fl_rules_version(const struct fl_rules *r);
const char *fl_rules_hash(const struct fl_rules *r); /* hex BLAKE2b-256 of the file */
const unsigned char *fl_rules_content(const struct fl_rules *r, size_t *len);
size_t fl_rules_count(const struct fl_rules *r);
const char *fl_rules_rule_id(const struct fl_rules *r, size_t i);
const char *fl_rules_rule_description(const struct fl_rules *r, size_t i);
/* Index of the rule with ID, or -1. */
long fl_rules_find(const struct fl_rules *r, const char *id);

/* One rule that fired, with the evidence: the field (e.g. "claims[2]",
 * "facts", "parties[3]/nationality") and the text matched there, at byte
 * OFFSET of that field's text (-1 for values that are not text). */
struct fl_hit {
    const char *rule; /* owned by the ruleset */
    char field[48];
    char text[256];   /* UTF-8, cut at a character boundary */
    long offset;
};

/* A rule that could not be applied to the filing (e.g. its pattern hit
 * the match limit): it counted as not holding. */
struct fl_rule_failure {
    const char *rule;
    char msg[200];
};

#define FL_MAX_FLAGS 64

struct fl_classification {
    const char *track;     /* "simple" | "complex"; owned by the ruleset or static */
    const char *procedure; /* "small-claims" | "summary" | "ordinary" | "simple" */
    const char *decided_by; /* the rule that decided, or NULL when none did */
    const char *flags[FL_MAX_FLAGS]; /* names, in ruleset order */
    size_t nflags;
    bool has_amount;
    int64_t amount_fen;    /* total claimed, when has_amount */
    struct fl_hit *hits;
    size_t nhits;
    struct fl_rule_failure *failures;
    size_t nfailures;
};

/* A matcher: per-thread scratch (PCRE2 match data, limits, JIT stack). */
struct fl_matcher *fl_matcher_alloc(const struct fl_rules *r);
void fl_matcher_free(struct fl_matcher *m);

/* Classify F (a valid filing).  OUT is filled; free it with
 * fl_classification_clear.  Fails only when out of memory. */
enum fl_status fl_classify(struct fl_matcher *m, const struct fl_filing *f,
                           struct fl_classification *out, struct fl_error *err);
void fl_classification_clear(struct fl_classification *c);

#endif
