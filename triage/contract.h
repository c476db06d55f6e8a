/* The values the filing contract allows (docs/filing-format.md), as the
 * reader checks them, and how a reason quotes a value it refuses.
 * Pure functions of their arguments; thread-safe. */
#ifndef FL_CONTRACT_H
#define FL_CONTRACT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each list ends with NULL. */
extern const char *const FL_CHANNELS[], *const FL_TYPES[], *const FL_CIVIL_ROLES[],
    *const FL_BANKRUPTCY_ROLES[], *const FL_KINDS[], *const FL_REQUEST_KINDS[],
    *const FL_PROCEDURES[], *const FL_PETITIONERS[];

/* Whether V is one of ALLOWED. */
bool fl_contract_one_of(const char *v, const char *const *allowed);
/* The words of LIST, ", "-separated, into OUT (SIZE bytes); OUT. */
char *fl_contract_list(const char *const *list, char *out, size_t size);

/* A filing id: 1 to 64 of A-Z a-z 0-9 - _ . */
bool fl_contract_id(const char *s);
/* An xs:nonNegativeInteger (within int64_t) into *OUT. */
bool fl_contract_count(const char *s, int64_t *out);
/* 64 hexadecimal digits (a SHA-256 digest). */
bool fl_contract_sha256(const char *s);

/* A value quoted in a message is cut to its first FL_ECHO_MAX bytes (at a
 * character's start) and "…": a hostile document's megabyte id must not
 * come back whole in every report, row and .err file.  S itself when it is
 * short enough, else OUT. */
#define FL_ECHO_MAX 60
#define FL_ECHO_BUF (FL_ECHO_MAX + 8)
const char *fl_contract_echo(char out[FL_ECHO_BUF], const char *s);

#endif
