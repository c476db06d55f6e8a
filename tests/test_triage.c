/* The labeled corpus: the default ruleset must agree with every label
 * (tests/fixtures/triage/expected.tsv for the hand-written filings, the
 * generator's manifest for generated ones).  On disagreement it lists each
 * filing and prints a confusion matrix of track/procedure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "parse.h"
#include "rules.h"
#include "testutil.h"

struct label {
    char id[72], track[16], procedure[16], flags[256], amount[32];
};

struct corpus {
    struct label *labels;
    size_t n;
    struct fl_rules *rules;
    struct fl_matcher *m;
    size_t checked, wrong;
    int64_t matrix[5][5];
    bool *seen;
};

static const char *const OUTCOMES[5] = {"simple/small-claims", "simple/summary",
                                        "complex/ordinary", "simple/simple", "other"};

static int outcome(const char *track, const char *procedure)
{
    char both[40];
    snprintf(both, sizeof both, "%s/%s", track, procedure);
    for (int i = 0; i < 4; i++)
        if (strcmp(both, OUTCOMES[i]) == 0)
            return i;
    return 4;
}

/* Read labels from TSV lines: id, track, procedure, flags, amount starting
 * at column FIRST (0-based) after the id column ID_COL; lines whose track
 * is "-" are skipped. */
static void read_labels(struct corpus *c, const char *path, int id_col, int first)
{
    char *text = tu_read(path, NULL);
    if (!text)
        fail_msg("cannot read %s", path);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *cols[12] = {0};
        int n = 0;
        for (char *p = line; p && n < 12; n++) {
            cols[n] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (n < first + 4 || strcmp(cols[first], "-") == 0)
            continue;
        c->labels = realloc(c->labels, (c->n + 1) * sizeof *c->labels);
        struct label *l = &c->labels[c->n++];
        snprintf(l->id, sizeof l->id, "%s", cols[id_col]);
        snprintf(l->track, sizeof l->track, "%s", cols[first]);
        snprintf(l->procedure, sizeof l->procedure, "%s", cols[first + 1]);
        snprintf(l->flags, sizeof l->flags, "%s", cols[first + 2]);
        snprintf(l->amount, sizeof l->amount, "%s", cols[first + 3]);
    }
    free(text);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The flags as the labels write them: sorted, comma-separated, or "-". */
static void flag_list(const struct fl_classification *cl, char *out, size_t size)
{
    const char *sorted[FL_MAX_FLAGS];
    memcpy(sorted, cl->flags, cl->nflags * sizeof *sorted);
    qsort(sorted, cl->nflags, sizeof *sorted, cmp_str);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < cl->nflags; i++)
        len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "", sorted[i]);
    if (!cl->nflags)
        snprintf(out, size, "-");
}

static int check_filing(void *ctx, struct fl_filing *f)
{
    struct corpus *c = ctx;
    struct label *l = NULL;
    for (size_t i = 0; f->id && i < c->n && !l; i++)
        if (strcmp(c->labels[i].id, f->id) == 0) {
            l = &c->labels[i];
            c->seen[i] = true;
        }
    if (!l || f->nproblems) {
        if (l)
            printf("  %s: rejected by the parser: %s\n", f->id, f->problems[0].msg);
        c->wrong += l != NULL;
        fl_filing_free(f);
        return 0;
    }
    struct fl_classification cl;
    struct fl_error err;
    assert_int_equal(fl_classify(c->m, f, &cl, &err), FL_OK);
    char flags[256], amount[40] = "null";
    flag_list(&cl, flags, sizeof flags);
    if (cl.has_amount)
        fl_format_fen(cl.amount_fen, amount, sizeof amount);
    c->checked++;
    c->matrix[outcome(l->track, l->procedure)][outcome(cl.track, cl.procedure)]++;
    if (strcmp(l->track, cl.track) || strcmp(l->procedure, cl.procedure) ||
        strcmp(l->flags, flags) || strcmp(l->amount, amount)) {
        c->wrong++;
        printf("  %s: expected %s/%s [%s] %s, got %s/%s [%s] %s (decided by %s)\n", f->id,
               l->track, l->procedure, l->flags, l->amount, cl.track, cl.procedure, flags,
               amount, cl.decided_by);
    }
    fl_classification_clear(&cl);
    fl_filing_free(f);
    return 0;
}

static void parse_dir(struct corpus *c, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]->d_name);
        if (len > 4 && strcmp(names[i]->d_name + len - 4, ".xml") == 0) {
            char *path = tu_fmt("%s/%s", dir, names[i]->d_name);
            int fd = open(path, O_RDONLY);
            struct fl_error err;
            assert_int_equal(fl_parse_fd(fd, path, NULL, check_filing, c, &err), FL_OK);
            close(fd);
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

static void report(struct corpus *c, const char *what)
{
    for (size_t i = 0; i < c->n; i++)
        if (!c->seen[i]) {
            printf("  %s: labeled but not found\n", c->labels[i].id);
            c->wrong++;
        }
    printf("%s: %zu filings classified, %zu labels, %zu disagree\n", what, c->checked, c->n,
           c->wrong);
    if (!c->wrong)
        return;
    printf("confusion matrix (rows expected, columns got):\n%-22s", "");
    for (int k = 0; k < 5; k++)
        printf("%21s", OUTCOMES[k]);
    printf("\n");
    for (int i = 0; i < 5; i++) {
        printf("%-22s", OUTCOMES[i]);
        for (int k = 0; k < 5; k++)
            printf("%21lld", (long long)c->matrix[i][k]);
        printf("\n");
    }
}

static void corpus_init(struct corpus *c)
{
    memset(c, 0, sizeof *c);
    struct fl_error err;
    assert_int_equal(fl_rules_load_default(&c->rules, &err), FL_OK);
    c->m = fl_matcher_alloc(c->rules);
}

static void corpus_free(struct corpus *c)
{
    fl_matcher_free(c->m);
    fl_rules_free(c->rules);
    free(c->labels);
    free(c->seen);
}

static void test_hand_written_corpus(void **state)
{
    (void)state;
    struct corpus c;
    corpus_init(&c);
    char *dir = tu_fmt("%s/tests/fixtures/triage", tu_srcdir());
    char *tsv = tu_fmt("%s/expected.tsv", dir);
    read_labels(&c, tsv, 0, 1);
    c.seen = calloc(c.n + 1, sizeof *c.seen);
    assert_true(c.n >= 150);
    parse_dir(&c, dir);
    report(&c, "hand-written corpus");
    size_t wrong = c.wrong, n = c.n;
    corpus_free(&c);
    free(dir);
    free(tsv);
    assert_true(n > 0);
    assert_int_equal(wrong, 0);
}

static void test_generated_corpus(void **state)
{
    (void)state;
    struct corpus c;
    corpus_init(&c);
    char *tmp = tu_mkdtemp();
    char *cmd = tu_fmt("'%s' --seed 20261127 --count 300 --batch 50 --out '%s/gen'", tu_fgen(),
                       tmp);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    char *dir = tu_fmt("%s/gen", tmp), *tsv = tu_fmt("%s/gen/manifest.tsv", tmp);
    read_labels(&c, tsv, 1, 4);
    c.seen = calloc(c.n + 1, sizeof *c.seen);
    assert_true(c.n >= 250);
    parse_dir(&c, dir);
    report(&c, "generated corpus");
    size_t wrong = c.wrong;
    corpus_free(&c);
    tu_rmtree(tmp);
    free(tmp);
    free(cmd);
    free(dir);
    free(tsv);
    assert_int_equal(wrong, 0);
}

int main(void)
{
    fl_parse_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_written_corpus),
        cmocka_unit_test(test_generated_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
