/* The filing reader: the contract's fixtures, raw bytes, encodings and
 * hostile documents. */
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
#include "testutil.h"

/* Every filing the parser handed over, kept for the test to look at. */
struct got {
    struct fl_filing *f[64];
    int n;
};

static int collect(void *ctx, struct fl_filing *f)
{
    struct got *g = ctx;
    if (g->n < 64)
        g->f[g->n++] = f;
    else
        fl_filing_free(f);
    return 0;
}

static void got_free(struct got *g)
{
    for (int i = 0; i < g->n; i++)
        fl_filing_free(g->f[i]);
    g->n = 0;
}

static void parse_str(const char *doc, struct got *g)
{
    struct fl_error err;
    g->n = 0;
    assert_int_equal(fl_parse_memory(doc, strlen(doc), "test.xml", NULL, collect, g, &err),
                     FL_OK);
}

static void parse_path(const char *path, struct got *g)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    struct fl_error err;
    g->n = 0;
    assert_int_equal(fl_parse_fd(fd, path, NULL, collect, g, &err), FL_OK);
    close(fd);
}

static bool any_problem_has(const struct got *g, const char *needle)
{
    for (int i = 0; i < g->n; i++)
        for (size_t k = 0; k < g->f[i]->nproblems; k++)
            if (strstr(g->f[i]->problems[k].msg, needle))
                return true;
    return false;
}

/* ---- the contract's fixtures ------------------------------------------ */

static int for_each_fixture(const char *sub, void (*fn)(const char *path, struct got *g))
{
    char *dir = tu_fmt("%s/tests/fixtures/contract/%s", tu_srcdir(), sub);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort), count = 0;
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        if (strstr(names[i]->d_name, ".xml")) {
            char *path = tu_fmt("%s/%s", dir, names[i]->d_name);
            struct got g;
            parse_path(path, &g);
            fn(path, &g);
            got_free(&g);
            free(path);
            count++;
        }
        free(names[i]);
    }
    free(names);
    free(dir);
    return count;
}

static void expect_all_valid(const char *path, struct got *g)
{
    if (g->n == 0)
        fail_msg("%s: no filing found", path);
    for (int i = 0; i < g->n; i++) {
        struct fl_filing *f = g->f[i];
        if (f->nproblems)
            fail_msg("%s: filing %s rejected: %s", path, f->id ? f->id : "?",
                     f->problems[0].msg);
        assert_non_null(f->raw);
        /* What is stored parses again to the same filing. */
        struct got again = {.n = 0};
        struct fl_error err;
        assert_int_equal(fl_parse_stored(f->raw, f->raw_len, f->encoding, f->ns_context, path,
                                         collect, &again, &err),
                         FL_OK);
        assert_int_equal(again.n, 1);
        if (again.f[0]->nproblems)
            fail_msg("%s: stored filing %s does not parse again: %s", path, f->id,
                     again.f[0]->problems[0].msg);
        assert_memory_equal(again.f[0]->hash, f->hash, FL_HASH_BYTES);
        got_free(&again);
    }
}

static void expect_some_rejected(const char *path, struct got *g)
{
    for (int i = 0; i < g->n; i++)
        if (g->f[i]->nproblems)
            return;
    fail_msg("%s: accepted, but the contract forbids it", path);
}

static void test_contract_valid_fixtures_accepted(void **state)
{
    (void)state;
    assert_true(for_each_fixture("valid", expect_all_valid) >= 20);
}

static void test_contract_invalid_fixtures_rejected(void **state)
{
    (void)state;
    assert_true(for_each_fixture("invalid", expect_some_rejected) >= 30);
    assert_true(for_each_fixture("semantic", expect_some_rejected) >= 5);
}

/* Regression: the checks made at the end of a filing (roles by type, a
 * <bankruptcy> in a civil filing) pointed at the <filing> start tag, not
 * at the element a clerk must correct. */
static void test_semantic_problems_point_at_the_element(void **state)
{
    (void)state;
    static const char doc[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<filing xmlns=\"urn:fenliu:filing:1\" id=\"S-1\" "
        "submitted=\"2026-03-02T09:15:00+08:00\">\n"
        "  <court>某法院</court>\n"
        "  <parties>\n"
        "    <party role=\"plaintiff\" kind=\"person\"><name>甲</name></party>\n"
        "      <party role=\"creditor\" kind=\"person\"><name>乙</name></party>\n"
        "  </parties>\n"
        "  <claims><claim>判令被告支付货款</claim></claims>\n"
        "   <bankruptcy><procedure>simple</procedure></bankruptcy>\n"
        "  <type>civil</type>\n"
        "</filing>\n";
    struct got g;
    parse_str(doc, &g);
    assert_int_equal(g.n, 1);
    const struct fl_filing *f = g.f[0];
    bool role = false, bankruptcy = false;
    for (size_t i = 0; i < f->nproblems; i++) {
        const struct fl_problem *p = &f->problems[i];
        if (strstr(p->msg, "\"creditor\" is not allowed")) {
            role = true;
            assert_string_equal(p->field, "parties/party[2]");
            assert_int_equal(p->line, 6); /* the second <party> */
            assert_int_equal(p->column, 7);
        } else if (strstr(p->msg, "only allowed when type is bankruptcy")) {
            bankruptcy = true;
            assert_int_equal(p->line, 9); /* <bankruptcy>, before the <type> */
            assert_int_equal(p->column, 4);
        }
    }
    assert_true(role && bankruptcy);
    got_free(&g);
}

/* ---- raw bytes ----------------------------------------------------------- */

static const char BATCH[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<batch xmlns=\"urn:fenliu:filing:1\">\n"
    "  <filing id=\"A-1\" submitted=\"2026-03-02T09:15:00+08:00\">\n"
    "    <court>某法院</court><type>civil</type>\n"
    "    <parties><party role=\"plaintiff\" kind=\"person\"><name>甲</name></party></parties>\n"
    "    <claims><claim amount=\"56000\">判令被告支付货款</claim></claims>\n"
    "  </filing>\n"
    "  <filing id=\"A-2\" submitted=\"2026-03-02T09:15:00+08:00\" channel=\"counter\">\n"
    "    <court>某法院</court><type>civil</type>\n"
    "    <parties><party role=\"plaintiff\" kind=\"person\"><name>乙</name></party></parties>\n"
    "    <claims><claim>判令被告返还借款5.6万元</claim></claims>\n"
    "  </filing>\n"
    "</batch>\n";

static void test_raw_bytes_are_exact_slices(void **state)
{
    (void)state;
    struct got g;
    parse_str(BATCH, &g);
    assert_int_equal(g.n, 2);
    for (int i = 0; i < 2; i++) {
        struct fl_filing *f = g.f[i];
        assert_int_equal(f->nproblems, 0);
        char *copy = strndup((const char *)f->raw, f->raw_len);
        assert_non_null(strstr(BATCH, copy));
        assert_true(strncmp(copy, "<filing id=", 11) == 0);
        assert_true(f->raw_len > 9 && strcmp(copy + f->raw_len - 9, "</filing>") == 0);
        assert_string_equal(f->ns_context, "xmlns=\"urn:fenliu:filing:1\"");
        free(copy);
    }
    assert_int_equal(g.f[0]->line, 3);
    assert_int_equal(g.f[0]->column, 3);
    assert_int_equal(g.f[1]->line, 8);
    assert_string_equal(g.f[1]->channel, "counter");
    assert_true(g.f[0]->claims[0].has_amount);
    assert_int_equal(g.f[0]->claims[0].amount_fen, 5600000);
    assert_false(g.f[1]->claims[0].has_amount);
    got_free(&g);
}

static void test_gb18030_document(void **state)
{
    (void)state;
    char *path = tu_fmt("%s/tests/fixtures/contract/valid/12-gb18030.xml", tu_srcdir());
    size_t len;
    char *bytes = tu_read(path, &len);
    struct got g;
    parse_path(path, &g);
    assert_int_equal(g.n, 1);
    struct fl_filing *f = g.f[0];
    assert_int_equal(f->nproblems, 0);
    assert_string_equal(f->encoding, "GB18030");
    assert_string_equal(f->parties[0].name, "陈㐀"); /* decoded to UTF-8 */
    /* Raw bytes are the GB18030 bytes of the element, as received. */
    assert_true(f->raw_len > 0 && f->raw_len < len);
    assert_non_null(memmem(bytes, len, f->raw, f->raw_len));
    assert_memory_equal(f->raw, "<filing", 7);
    got_free(&g);
    free(bytes);
    free(path);
}

static void test_same_content_same_hash(void **state)
{
    (void)state;
    const char *a = "<filing xmlns=\"urn:fenliu:filing:1\" id=\"H-1\" "
                    "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                    "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
                    "<name>甲</name></party></parties><claims><claim>判令被告付款</claim>"
                    "</claims></filing>";
    /* Indented, attributes reordered, a prefix, channel given as its default. */
    const char *b = "<?xml version=\"1.0\"?>\n<f:filing xmlns:f=\"urn:fenliu:filing:1\" "
                    "submitted=\"2026-03-02T09:15:00+08:00\" id=\"H-1\" channel=\"online\">\n"
                    "  <f:court> 某法院 </f:court>\n  <f:type>civil</f:type>\n"
                    "  <f:parties>\n    <f:party kind=\"person\" role=\"plaintiff\">\n"
                    "      <f:name>甲</f:name>\n    </f:party>\n  </f:parties>\n"
                    "  <f:claims><f:claim>\n判令被告付款\n</f:claim></f:claims>\n</f:filing>\n";
    const char *c = "<filing xmlns=\"urn:fenliu:filing:1\" id=\"H-1\" "
                    "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                    "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
                    "<name>甲</name></party></parties><claims><claim>判令被告付款2元</claim>"
                    "</claims></filing>";
    struct got ga, gb, gc;
    parse_str(a, &ga);
    parse_str(b, &gb);
    parse_str(c, &gc);
    assert_int_equal(ga.f[0]->nproblems + gb.f[0]->nproblems + gc.f[0]->nproblems, 0);
    assert_memory_equal(ga.f[0]->hash, gb.f[0]->hash, FL_HASH_BYTES);
    assert_memory_not_equal(ga.f[0]->hash, gc.f[0]->hash, FL_HASH_BYTES);
    got_free(&ga);
    got_free(&gb);
    got_free(&gc);
}

/* ---- hostile documents ------------------------------------------------------- */

static void expect_document_rejected(const char *doc, const char *needle)
{
    struct got g;
    parse_str(doc, &g);
    assert_true(g.n >= 1);
    for (int i = 0; i < g.n; i++)
        assert_true(g.f[i]->nproblems > 0);
    if (!any_problem_has(&g, needle))
        fail_msg("expected a reason containing \"%s\", got \"%s\"", needle,
                 g.f[0]->problems[0].msg);
    got_free(&g);
}

static void test_doctype_rejected(void **state)
{
    (void)state;
    expect_document_rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE filing>\n"
                             "<filing xmlns=\"urn:fenliu:filing:1\"/>",
                             "DOCTYPE");
}

static void test_internal_entity_not_expanded(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE filing [<!ENTITY who \"张三\">]>\n"
                      "<filing xmlns=\"urn:fenliu:filing:1\" id=\"E-1\" "
                      "submitted=\"2026-03-02T09:15:00+08:00\"><court>&who;</court>"
                      "</filing>";
    struct got g;
    parse_str(doc, &g);
    assert_int_equal(g.n, 1);
    assert_null(g.f[0]->id); /* nothing of the document was taken */
    assert_true(any_problem_has(&g, "DOCTYPE"));
    assert_int_equal(g.f[0]->problems[0].line, 2);
    got_free(&g);
}

static void test_external_entity_never_fetched(void **state)
{
    (void)state;
    expect_document_rejected("<?xml version=\"1.0\"?>\n"
                             "<!DOCTYPE filing [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                             "<filing xmlns=\"urn:fenliu:filing:1\"><court>&x;</court></filing>",
                             "DOCTYPE");
    expect_document_rejected("<?xml version=\"1.0\"?>\n"
                             "<!DOCTYPE filing SYSTEM \"http://example.invalid/evil.dtd\">\n"
                             "<filing xmlns=\"urn:fenliu:filing:1\"/>",
                             "DOCTYPE");
}

static void test_entity_bomb_rejected(void **state)
{
    (void)state;
    char *doc = tu_fmt("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
                       "<!ENTITY l1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                       "<!ENTITY l2 \"&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;\">\n"
                       "<!ENTITY l3 \"&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;\">\n"
                       "<!ENTITY l4 \"&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;\">\n"
                       "<!ENTITY l9 \"&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;\">\n]>\n"
                       "<filing xmlns=\"urn:fenliu:filing:1\"><facts>&l9;</facts></filing>");
    expect_document_rejected(doc, "DOCTYPE");
    free(doc);
}

static void test_undeclared_entity_is_an_error(void **state)
{
    (void)state;
    struct got g;
    parse_str("<filing xmlns=\"urn:fenliu:filing:1\" id=\"U-1\" "
              "submitted=\"2026-03-02T09:15:00+08:00\"><court>&nbsp;</court></filing>",
              &g);
    assert_int_equal(g.n, 1);
    assert_true(g.f[0]->nproblems > 0);
    assert_true(any_problem_has(&g, "not well-formed"));
    got_free(&g);
}

static void test_deep_nesting_rejected(void **state)
{
    (void)state;
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, "<filing xmlns=\"urn:fenliu:filing:1\" id=\"D-1\" "
                    "submitted=\"2026-03-02T09:15:00+08:00\"><facts>");
    for (int i = 0; i < 100000; i++)
        fl_buf_puts(&b, "<x>");
    struct got g;
    parse_str(b.data, &g);
    assert_true(g.n >= 1);
    assert_true(g.f[0]->nproblems > 0);
    assert_true(any_problem_has(&g, "nested"));
    got_free(&g);
    fl_buf_free(&b);
}

static void test_invalid_utf8_rejected_with_position(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<filing xmlns=\"urn:fenliu:filing:1\" id=\"B-1\" "
                      "submitted=\"2026-03-02T09:15:00+08:00\">\n"
                      "  <court>某\xff\xfe法院</court>\n</filing>\n";
    struct got g;
    parse_str(doc, &g);
    assert_int_equal(g.n, 1);
    assert_true(g.f[0]->nproblems > 0);
    assert_true(any_problem_has(&g, "UTF-8"));
    assert_int_equal(g.f[0]->problems[0].line, 3);
    assert_true(g.f[0]->problems[0].column > 0);
    got_free(&g);
}

static void test_invalid_gb18030_rejected(void **state)
{
    (void)state;
    /* 0x81 0x20 is no GB18030 sequence. */
    const char *doc = "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n"
                      "<filing xmlns=\"urn:fenliu:filing:1\" id=\"G-1\" "
                      "submitted=\"2026-03-02T09:15:00+08:00\">\n"
                      "  <court>\x81\x20</court>\n</filing>\n";
    struct got g;
    parse_str(doc, &g);
    assert_true(g.n >= 1);
    assert_true(g.f[0]->nproblems > 0);
    assert_true(g.f[0]->problems[0].line >= 1);
    got_free(&g);
}

static void test_truncated_batch_keeps_earlier_filings(void **state)
{
    (void)state;
    size_t cut = strstr(BATCH, "<claims><claim>判令被告返还") - BATCH;
    char *doc = strndup(BATCH, cut);
    struct got g;
    parse_str(doc, &g);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.f[0]->nproblems, 0);
    assert_string_equal(g.f[0]->id, "A-1");
    assert_string_equal(g.f[1]->id, "A-2");
    assert_true(g.f[1]->nproblems > 0);
    assert_true(any_problem_has(&g, "not well-formed"));
    assert_true(g.f[1]->problems[0].line >= 10);
    got_free(&g);
    free(doc);
}

static void test_malformed_middle_stops_the_rest(void **state)
{
    (void)state;
    char *doc = strdup(BATCH);
    char *second = strstr(doc, "<court>某法院</court><type>civil</type>\n    <parties><party "
                               "role=\"plaintiff\" kind=\"person\"><name>乙");
    memcpy(second + 1, "cuort", 5); /* <cuort>…</court>: tags do not match */
    struct got g;
    parse_str(doc, &g);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.f[0]->nproblems, 0);
    assert_true(g.f[1]->nproblems > 0);
    assert_int_equal(g.f[1]->problems[0].line, 9);
    got_free(&g);
    free(doc);
}

static void test_huge_filing_rejected_saying_so(void **state)
{
    (void)state;
    size_t big = (8u << 20) + 1000;
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, "<batch xmlns=\"urn:fenliu:filing:1\"><filing id=\"BIG-1\" "
                    "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                    "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
                    "<name>甲</name></party></parties><claims><claim>付款</claim></claims>"
                    "<facts>");
    fl_buf_reserve(&b, big);
    memset(b.data + b.len, 'x', big);
    b.len += big;
    fl_buf_puts(&b, "</facts></filing>");
    fl_buf_puts(&b, strstr(BATCH, "<filing id=\"A-2\""));
    struct got g;
    parse_str(b.data, &g);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.f[0]->id, "BIG-1");
    assert_true(any_problem_has(&g, "larger than the limit"));
    assert_null(g.f[0]->raw);
    assert_int_equal(g.f[1]->nproblems, 0); /* the next one is fine */
    got_free(&g);
    fl_buf_free(&b);
}

static void test_utf16_refused_clearly(void **state)
{
    (void)state;
    const char doc[] = "\xff\xfe<\0f\0";
    struct got g;
    struct fl_error err;
    g.n = 0;
    assert_int_equal(fl_parse_memory(doc, sizeof doc - 1, "u16.xml", NULL, collect, &g, &err),
                     FL_OK);
    assert_int_equal(g.n, 1);
    assert_true(any_problem_has(&g, "UTF-16"));
    got_free(&g);
}

/* Regression: "&amp;" in an attribute came back as "&#38;". */
static void test_predefined_entities_in_attributes(void **state)
{
    (void)state;
    struct got g;
    parse_str("<filing xmlns=\"urn:fenliu:filing:1\" id=\"A&#45;1\" "
              "submitted=\"2026-03-02T09:15:00+08:00\"><court>R&amp;D 法院 &lt;1&gt;</court>"
              "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
              "<name>甲</name></party></parties><claims><claim>付款</claim></claims>"
              "<attachments><attachment name=\"合同&amp;补充协议 &quot;1&quot;.pdf\"/>"
              "</attachments></filing>",
              &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.f[0]->nproblems, 0);
    assert_string_equal(g.f[0]->id, "A-1");
    assert_string_equal(g.f[0]->court, "R&D 法院 <1>");
    assert_string_equal(g.f[0]->attachments[0].name, "合同&补充协议 \"1\".pdf");
    got_free(&g);
}

/* Regression (UBSan): an unknown element read past the element table. */
static void test_unknown_elements_skipped_with_their_content(void **state)
{
    (void)state;
    struct got g;
    parse_str("<filing xmlns=\"urn:fenliu:filing:1\" id=\"K-1\" "
              "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
              "<judge><name>x</name><judge/></judge><type>civil</type><parties>"
              "<party role=\"plaintiff\" kind=\"person\"><name>甲</name><phone>1</phone>"
              "</party></parties><claims><claim>付款</claim></claims></filing>",
              &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.f[0]->nproblems, 2);
    assert_non_null(strstr(g.f[0]->problems[0].msg, "<judge> is not allowed inside <filing>"));
    assert_non_null(strstr(g.f[0]->problems[1].msg, "<phone> is not allowed inside <party>"));
    assert_string_equal(g.f[0]->parties[0].name, "甲");
    got_free(&g);
}

static void test_empty_and_rootless_documents(void **state)
{
    (void)state;
    expect_document_rejected("", "");
    expect_document_rejected("<?xml version=\"1.0\"?>\n", "");
    expect_document_rejected("<other xmlns=\"urn:x\"/>", "root element");
}

static void test_amount_forms(void **state)
{
    (void)state;
    int64_t fen;
    assert_true(fl_parse_amount("56000", &fen) && fen == 5600000);
    assert_true(fl_parse_amount("56000.5", &fen) && fen == 5600050);
    assert_true(fl_parse_amount("0.01", &fen) && fen == 1);
    assert_true(fl_parse_amount(".5", &fen) && fen == 50);
    assert_true(fl_parse_amount("+7", &fen) && fen == 700);
    assert_true(fl_parse_amount("1.000", &fen) && fen == 100);
    assert_true(fl_parse_amount("-0", &fen) && fen == 0);
    assert_false(fl_parse_amount("12.345", &fen));
    assert_false(fl_parse_amount("-1", &fen));
    assert_false(fl_parse_amount("", &fen));
    assert_false(fl_parse_amount(".", &fen));
    assert_false(fl_parse_amount("5.6万", &fen));
    assert_false(fl_parse_amount("1e5", &fen));
    assert_false(fl_parse_amount("99999999999999999999", &fen));
}

int main(void)
{
    fl_parse_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_valid_fixtures_accepted),
        cmocka_unit_test(test_contract_invalid_fixtures_rejected),
        cmocka_unit_test(test_semantic_problems_point_at_the_element),
        cmocka_unit_test(test_raw_bytes_are_exact_slices),
        cmocka_unit_test(test_gb18030_document),
        cmocka_unit_test(test_same_content_same_hash),
        cmocka_unit_test(test_doctype_rejected),
        cmocka_unit_test(test_internal_entity_not_expanded),
        cmocka_unit_test(test_external_entity_never_fetched),
        cmocka_unit_test(test_entity_bomb_rejected),
        cmocka_unit_test(test_undeclared_entity_is_an_error),
        cmocka_unit_test(test_deep_nesting_rejected),
        cmocka_unit_test(test_invalid_utf8_rejected_with_position),
        cmocka_unit_test(test_invalid_gb18030_rejected),
        cmocka_unit_test(test_truncated_batch_keeps_earlier_filings),
        cmocka_unit_test(test_malformed_middle_stops_the_rest),
        cmocka_unit_test(test_huge_filing_rejected_saying_so),
        cmocka_unit_test(test_utf16_refused_clearly),
        cmocka_unit_test(test_predefined_entities_in_attributes),
        cmocka_unit_test(test_unknown_elements_skipped_with_their_content),
        cmocka_unit_test(test_empty_and_rootless_documents),
        cmocka_unit_test(test_amount_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
