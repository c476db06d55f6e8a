/* The filing contract's values (see contract.h). */
#include "contract.h"

#include <stdio.h>
#include <string.h>

const char *const FL_CHANNELS[] = {"online", "cross-region", "counter", NULL};
const char *const FL_TYPES[] = {"civil", "bankruptcy", NULL};
const char *const FL_CIVIL_ROLES[] = {"plaintiff", "defendant", "third-party", NULL};
const char *const FL_BANKRUPTCY_ROLES[] = {"petitioner", "debtor", "creditor", NULL};
const char *const FL_KINDS[] = {"person", "organization", NULL};
const char *const FL_REQUEST_KINDS[] = {"appraisal", "preservation", "mediation",
                                        "investigation", "other", NULL};
const char *const FL_PROCEDURES[] = {"liquidation", "reorganization", "settlement", NULL};
const char *const FL_PETITIONERS[] = {"debtor", "creditor", "liquidator", "execution-transfer",
                                      NULL};

const char *fl_contract_echo(char out[FL_ECHO_BUF], const char *s)
{
    size_t n = strlen(s);
    if (n <= FL_ECHO_MAX)
        return s;
    n = FL_ECHO_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(out, s, n);
    memcpy(out + n, "\xe2\x80\xa6", 4); /* … and the NUL */
    return out;
}

bool fl_contract_one_of(const char *v, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (strcmp(v, *allowed) == 0)
            return true;
    return false;
}

bool fl_contract_id(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

bool fl_contract_count(const char *s, int64_t *out)
{
    if (*s == '+')
        s++;
    if (!*s)
        return false;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

bool fl_contract_sha256(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f') ||
              (s[n] >= 'A' && s[n] <= 'F')))
            return false;
    return n == 64;
}

char *fl_contract_list(const char *const *list, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (; *list && len < size; list++) {
        int n = snprintf(out + len, size - len, "%s%s", len ? ", " : "", *list);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    return out;
}
