/* Rulesets: loading, `rules check` diagnostics, limits, evidence. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "rules.h"
#include "testutil.h"

#define HEAD "<?xml version=\"1.0\"?>\n<ruleset xmlns=\"urn:fenliu:rules:1\" name=\"t\" version=\"1\">\n"
#define TAIL "<rule id=\"civil-last\" applies=\"civil\"><description>d</description>" \
             "<then track=\"simple\" procedure=\"summary\"/></rule>\n" \
             "<rule id=\"bk-last\" applies=\"bankruptcy\"><description>d</description>" \
             "<then track=\"complex\" procedure=\"ordinary\"/></rule>\n</ruleset>\n"

static int take(void *ctx, struct fl_filing *g)
{
    struct fl_filing **out = ctx;
    if (*out)
        fl_filing_free(g);
    else
        *out = g;
    return 0;
}

static struct fl_filing *parse_one(const char *doc)
{
    struct fl_filing *f = NULL;
    struct fl_error err;
    assert_int_equal(fl_parse_memory(doc, strlen(doc), "t.xml", NULL, take, &f, &err), FL_OK);
    assert_non_null(f);
    assert_int_equal(f->nproblems, 0);
    return f;
}

static struct fl_rules *load(const char *xml, struct fl_rules_diags *d)
{
    struct fl_rules *r = NULL;
    struct fl_error err;
    fl_rules_load(xml, strlen(xml), "t.xml", &r, d, &err);
    return r;
}

/* The diagnostic about RULE whose message contains NEEDLE, or NULL. */
static const struct fl_rules_diag *find_diag(const struct fl_rules_diags *d, const char *rule,
                                             const char *needle)
{
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->items[i].rule, rule) == 0 && strstr(d->items[i].msg, needle))
            return &d->items[i];
    return NULL;
}

static void test_default_ruleset_is_sound(void **state)
{
    (void)state;
    struct fl_rules *r;
    struct fl_error err;
    assert_int_equal(fl_rules_load_default(&r, &err), FL_OK);
    assert_string_equal(fl_rules_name(r), "default");
    assert_true(fl_rules_count(r) >= 20);
    assert_int_equal(strlen(fl_rules_hash(r)), 64);
    assert_true(fl_rules_find(r, "five-types") >= 0);
    fl_rules_free(r);
}

static void test_check_reports_every_problem_with_rule_and_line(void **state)
{
    (void)state;
    const char *xml =
        HEAD
        "<parameters><parameter name=\"limit\" value=\"100\" unit=\"yuan\"/></parameters>\n"
        "<rule id=\"bad-pattern\"><description>d</description>\n"
        "<when><match field=\"facts\">(未闭合</match></when><then flag=\"x\"/></rule>\n"
        "<rule id=\"bad-field\"><description>d</description>\n"
        "<when><match field=\"weather\">晴</match></when><then flag=\"y\"/></rule>\n"
        "<rule id=\"bad-param\"><description>d</description>\n"
        "<when><compare what=\"amount\" op=\"ge\" param=\"nope\"/></when><then flag=\"z\"/></rule>\n"
        "<rule id=\"bad-unit\"><description>d</description>\n"
        "<when><compare what=\"parties\" op=\"ge\" param=\"limit\"/></when><then flag=\"z\"/></rule>\n"
        "<rule id=\"bad-named\"><description>d</description>\n"
        "<when><match pattern=\"missing\"/></when><then flag=\"z\"/></rule>\n"
        "<rule id=\"flag-too-early\"><description>d</description>\n"
        "<when><flag name=\"later\"/></when><then flag=\"w\"/></rule>\n"
        "<rule id=\"sets-later\"><description>d</description>\n"
        "<when><match>x</match></when><then flag=\"later\"/></rule>\n"
        TAIL
        "";
    /* An unreachable rule after the last deciders: rebuild with it. */
    char *full = tu_fmt("%.*s<rule id=\"never\" applies=\"civil\"><description>d</description>"
                        "<when><match>y</match></when><then track=\"complex\" "
                        "procedure=\"ordinary\"/></rule>\n<rule id=\"sets-later\">"
                        "<description>dup</description><then flag=\"q\"/></rule>\n</ruleset>\n",
                        (int)(strstr(xml, "</ruleset>") - xml), xml);
    struct fl_rules_diags d = {0};
    assert_null(load(full, &d));
    const struct fl_rules_diag *x;
    assert_non_null(x = find_diag(&d, "bad-pattern", "does not compile"));
    assert_int_equal(x->line, 5);
    assert_non_null(strstr(x->msg, "at offset"));
    assert_non_null(x = find_diag(&d, "bad-field", "unknown field \"weather\""));
    assert_int_equal(x->line, 7);
    assert_non_null(find_diag(&d, "bad-param", "unknown parameter \"nope\""));
    assert_non_null(find_diag(&d, "bad-unit", "is in yuan but parties is a count"));
    assert_non_null(find_diag(&d, "bad-named", "unknown pattern \"missing\""));
    assert_non_null(find_diag(&d, "flag-too-early", "unreachable"));
    assert_non_null(find_diag(&d, "never", "unreachable"));
    assert_non_null(find_diag(&d, "sets-later", "used twice"));
    fl_rules_diags_free(&d);
    free(full);
}

static void test_check_wants_a_final_decision(void **state)
{
    (void)state;
    struct fl_rules_diags d = {0};
    assert_null(load(HEAD "<rule id=\"only\"><description>d</description>"
                          "<when><match>x</match></when><then track=\"simple\" "
                          "procedure=\"summary\"/></rule>\n</ruleset>\n",
                     &d));
    assert_non_null(find_diag(&d, "", "no rule decides every civil filing"));
    fl_rules_diags_free(&d);
    assert_null(load(HEAD "<rule id=\"odd\"><description>d</description>"
                          "<then track=\"sideways\" procedure=\"summary\"/></rule>\n" TAIL,
                     &d));
    assert_non_null(find_diag(&d, "odd", "track \"sideways\""));
    fl_rules_diags_free(&d);
    assert_null(load("<ruleset", &d));
    assert_true(d.count >= 1);
    fl_rules_diags_free(&d);
    assert_null(load("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"x\">]>"
                     "<ruleset xmlns=\"urn:fenliu:rules:1\" name=\"t\" version=\"1\"/>",
                     &d));
    assert_true(d.count >= 1);
    fl_rules_diags_free(&d);
}

static const char CIVIL[] =
    "<filing xmlns=\"urn:fenliu:filing:1\" id=\"R-1\" submitted=\"2026-03-02T09:15:00+08:00\">"
    "<court>某法院</court><type>civil</type><cause>买卖合同纠纷</cause><parties>"
    "<party role=\"plaintiff\" kind=\"person\"><name>甲</name></party>"
    "<party role=\"defendant\" kind=\"person\"><name>乙</name><address>住所地下落不明</address>"
    "</party></parties><claims><claim>判令被告支付货款5.6万元</claim>"
    "<claim amount=\"100\">判令被告支付违约金</claim></claims>"
    "<facts>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab</facts></filing>";

static void test_pathological_pattern_fails_its_rule_only(void **state)
{
    (void)state;
    struct fl_rules_diags d = {0};
    struct fl_rules *r =
        load(HEAD "<rule id=\"slow\" applies=\"civil\"><description>d</description>"
                  "<when><match field=\"facts\">^(a|aa)+$</match></when>"
                  "<then flag=\"slow\"/></rule>\n"
                  "<rule id=\"notice\" applies=\"civil\"><description>d</description>"
                  "<when><match field=\"addresses\">下落不明</match></when>"
                  "<then flag=\"public-notice\"/></rule>\n" TAIL,
             &d);
    if (!r)
        fail_msg("ruleset refused: %s", d.count ? d.items[0].msg : "?");
    struct fl_filing *f = parse_one(CIVIL);
    struct fl_matcher *m = fl_matcher_alloc(r);
    struct fl_classification c;
    struct fl_error err;
    assert_int_equal(fl_classify(m, f, &c, &err), FL_OK);
    assert_int_equal(c.nfailures, 1);
    assert_string_equal(c.failures[0].rule, "slow");
    assert_non_null(strstr(c.failures[0].msg, "limit"));
    assert_int_equal(c.nflags, 1);
    assert_string_equal(c.flags[0], "public-notice");
    assert_string_equal(c.procedure, "summary");
    fl_classification_clear(&c);
    fl_matcher_free(m);
    fl_filing_free(f);
    fl_rules_free(r);
}

static void test_hits_carry_field_text_and_offset(void **state)
{
    (void)state;
    struct fl_rules *r;
    struct fl_error err;
    assert_int_equal(fl_rules_load_default(&r, &err), FL_OK);
    struct fl_filing *f = parse_one(CIVIL);
    struct fl_matcher *m = fl_matcher_alloc(r);
    struct fl_classification c;
    assert_int_equal(fl_classify(m, f, &c, &err), FL_OK);
    assert_string_equal(c.track, "simple");
    assert_string_equal(c.procedure, "summary"); /* public notice: not small claims */
    assert_true(c.has_amount);
    assert_int_equal(c.amount_fen, 5600000 + 10000);
    bool seen = false;
    for (size_t i = 0; i < c.nhits; i++)
        if (strcmp(c.hits[i].rule, "public-notice") == 0) {
            assert_string_equal(c.hits[i].field, "addresses[2]");
            assert_string_equal(c.hits[i].text, "下落不明");
            assert_int_equal(c.hits[i].offset, (long)strlen("住所地"));
            seen = true;
        }
    assert_true(seen);
    assert_string_equal(c.decided_by, "summary");
    fl_classification_clear(&c);
    fl_matcher_free(m);
    fl_filing_free(f);
    fl_rules_free(r);
}

/* Regression: \C passed `rules check` and matched one byte, so hits were
 * stored and printed with half a Chinese character (and --format json
 * was not valid UTF-8).  Every pattern with \C is refused, inline ones
 * with their rule, named ones where they are defined and in each rule
 * that uses them; `.` is the way to say "one character". */
static void test_check_refuses_backslash_c(void **state)
{
    (void)state;
    char *path = tu_fmt("%s/tests/fixtures/rules/backslash-c.xml", tu_srcdir());
    struct fl_rules *r = NULL;
    struct fl_rules_diags d = {0};
    struct fl_error err;
    assert_int_equal(fl_rules_load_file(path, &r, &d, &err), FL_EINVAL);
    assert_null(r);
    const char *why = "\\C matches a single byte and would split Chinese characters; remove it";
    const struct fl_rules_diag *x;
    assert_non_null(x = find_diag(&d, "one-byte-after", why));
    assert_int_equal(x->line, 11);
    assert_non_null(strstr(x->msg, "\"^买\\C\""));
    assert_non_null(x = find_diag(&d, "", "pattern half-a-character: \\C matches a single byte"));
    assert_int_equal(x->line, 7);
    assert_non_null(
        x = find_diag(&d, "uses-named", "pattern half-a-character (line 7) does not compile"));
    assert_int_equal(x->line, 16);
    assert_int_equal(d.count, 3);
    fl_rules_diags_free(&d);
    free(path);
    /* In a lookbehind too; an escaped backslash before C is no \C. */
    assert_null(load(HEAD "<rule id=\"behind\"><description>d</description><when>"
                          "<match>(?&lt;=\\C)纠纷</match></when><then flag=\"f\"/></rule>\n" TAIL,
                     &d));
    assert_non_null(find_diag(&d, "behind", why));
    fl_rules_diags_free(&d);
    r = load(HEAD "<rule id=\"dot\" applies=\"civil\"><description>d</description><when>"
                  "<match field=\"cause\">^买.</match><match>\\\\C</match></when>"
                  "<then flag=\"f\"/></rule>\n" TAIL,
             &d);
    if (!r)
        fail_msg("ruleset refused: %s", d.count ? d.items[0].msg : "?");
    struct fl_filing *f = parse_one(
        "<filing xmlns=\"urn:fenliu:filing:1\" id=\"R-2\" submitted=\"2026-03-02T09:15:00+08:00\">"
        "<court>某法院</court><type>civil</type><cause>买卖合同纠纷</cause><parties>"
        "<party role=\"plaintiff\" kind=\"person\"><name>甲</name></party>"
        "<party role=\"defendant\" kind=\"person\"><name>乙</name></party></parties>"
        "<claims><claim>付款\\C</claim></claims></filing>");
    struct fl_matcher *m = fl_matcher_alloc(r);
    struct fl_classification c;
    assert_int_equal(fl_classify(m, f, &c, &err), FL_OK);
    assert_true(c.nhits >= 2);
    assert_string_equal(c.hits[0].text, "买卖");
    assert_string_equal(c.hits[1].text, "\\C");
    fl_classification_clear(&c);
    fl_matcher_free(m);
    fl_filing_free(f);
    fl_rules_free(r);
}

int main(void)
{
    fl_parse_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_ruleset_is_sound),
        cmocka_unit_test(test_check_reports_every_problem_with_rule_and_line),
        cmocka_unit_test(test_check_wants_a_final_decision),
        cmocka_unit_test(test_pathological_pattern_fails_its_rule_only),
        cmocka_unit_test(test_hits_carry_field_text_and_offset),
        cmocka_unit_test(test_check_refuses_backslash_c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
