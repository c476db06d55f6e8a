/* The filing reader: the contract's fixtures, raw bytes, encodings and
 * hostile documents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "parse.h"
#include "testutil.h"
#include "utf8.h"

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
    assert_true(fl_parse_amount("56000", &fen) == FL_AMOUNT_VALID && fen == 5600000);
    assert_true(fl_parse_amount("56000.5", &fen) == FL_AMOUNT_VALID && fen == 5600050);
    assert_true(fl_parse_amount("0.01", &fen) == FL_AMOUNT_VALID && fen == 1);
    assert_true(fl_parse_amount(".5", &fen) == FL_AMOUNT_VALID && fen == 50);
    assert_true(fl_parse_amount("+7", &fen) == FL_AMOUNT_VALID && fen == 700);
    assert_true(fl_parse_amount("1.000", &fen) == FL_AMOUNT_VALID && fen == 100);
    assert_true(fl_parse_amount("-0", &fen) == FL_AMOUNT_VALID && fen == 0);
    assert_int_equal(fl_parse_amount("12.345", &fen), FL_AMOUNT_MALFORMED);
    assert_int_equal(fl_parse_amount("-1", &fen), FL_AMOUNT_MALFORMED);
    assert_int_equal(fl_parse_amount("", &fen), FL_AMOUNT_MALFORMED);
    assert_int_equal(fl_parse_amount(".", &fen), FL_AMOUNT_MALFORMED);
    assert_int_equal(fl_parse_amount("5.6万", &fen), FL_AMOUNT_MALFORMED);
    assert_int_equal(fl_parse_amount("1e5", &fen), FL_AMOUNT_MALFORMED);
    assert_int_equal(fl_parse_amount("-99999999999999999999", &fen), FL_AMOUNT_MALFORMED);
    assert_int_equal(fl_parse_amount("99999999999999999999x", &fen), FL_AMOUNT_MALFORMED);
    /* The contract's ceiling, 1,000,000,000,000 yuan: at it, and a fen above. */
    assert_true(fl_parse_amount("1000000000000", &fen) == FL_AMOUNT_VALID &&
                fen == INT64_C(100000000000000));
    assert_int_equal(fl_parse_amount("1000000000000.01", &fen), FL_AMOUNT_ABOVE_CEILING);
    assert_int_equal(fl_parse_amount("90000000000000000", &fen), FL_AMOUNT_ABOVE_CEILING);
    assert_int_equal(fl_parse_amount("99999999999999999999", &fen), FL_AMOUNT_ABOVE_CEILING);
}

/* ---- what one document may cost (issue 10) ----------------------------------- */

/* A filing with CLAIMS (the <claim> elements) between two parties. */
static char *civil_with_claims(const char *id, const char *claims)
{
    return tu_fmt("<filing xmlns=\"urn:fenliu:filing:1\" id=\"%s\" "
                  "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                  "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
                  "<name>甲</name></party><party role=\"defendant\" kind=\"person\">"
                  "<name>乙</name></party></parties><claims>%s</claims></filing>",
                  id, claims);
}

static const struct fl_problem *problem_with(const struct fl_filing *f, const char *needle)
{
    for (size_t k = 0; k < f->nproblems; k++)
        if (strstr(f->problems[k].msg, needle))
            return &f->problems[k];
    return NULL;
}

/* Regression: two claims of 90000000000000000 yuan were accepted, their
 * total wrapped to a negative and the case became a small claim. */
static void test_amounts_above_the_ceiling_rejected_naming_the_field(void **state)
{
    (void)state;
    static const struct {
        const char *claims, *field, *needle;
    } cases[] = {
        {"<claim amount=\"90000000000000000\">付款</claim>"
         "<claim amount=\"90000000000000000\">违约金</claim>",
         "claims/claim[1]", "\"90000000000000000\" is above the ceiling of 1,000,000,000,000"},
        {"<claim amount=\"1000000000000.01\">付款</claim>", "claims/claim[1]",
         "above the ceiling"},
        {"<claim amount=\"600000000000\">付款</claim><claim>支付违约金人民币6000亿元</claim>",
         "claims", "the claims add up to 1200000000000.00 yuan"},
        {"<claim>判令被告返还借款</claim><claim>判令被告返还借款2000000000000元</claim>",
         "claims/claim[2]", "the claim's text asks for 2000000000000.00 yuan"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *doc = civil_with_claims("C-1", cases[i].claims);
        struct got g;
        parse_str(doc, &g);
        assert_int_equal(g.n, 1);
        const struct fl_problem *p = problem_with(g.f[0], cases[i].needle);
        if (!p)
            fail_msg("case %zu: no problem saying \"%s\" (first: %s)", i, cases[i].needle,
                     g.f[0]->nproblems ? g.f[0]->problems[0].msg : "none");
        assert_string_equal(p->field, cases[i].field);
        got_free(&g);
        free(doc);
    }
    /* At the ceiling, in one claim and in all: accepted. */
    char *doc = civil_with_claims("C-2", "<claim amount=\"400000000000\">付款</claim>"
                                         "<claim>支付违约金人民币6000亿元</claim>");
    struct got g;
    parse_str(doc, &g);
    assert_int_equal(g.f[0]->nproblems, 0);
    assert_true(g.f[0]->claims[1].text_read);
    assert_int_equal(g.f[0]->claims[1].text_fen, INT64_C(60000000000000));
    got_free(&g);
    free(doc);
}

/* A document whose one filing holds FILL (the bytes inside <facts>, or,
 * when IN_FACTS is false, just after it), parsed with a limit of LIMIT. */
static void parse_padded(const char *fill, size_t limit, struct got *g)
{
    char *doc = tu_fmt("<batch xmlns=\"urn:fenliu:filing:1\"><filing id=\"PAD-1\" "
                       "submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
                       "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\">"
                       "<name>甲</name></party></parties><claims><claim>付款</claim></claims>"
                       "%s</filing>%s",
                       fill, strstr(BATCH, "<filing id=\"A-2\""));
    struct fl_parse_opts opts = {.max_filing_bytes = limit};
    struct fl_error err;
    g->n = 0;
    assert_int_equal(fl_parse_memory(doc, strlen(doc), "pad.xml", &opts, collect, g, &err), FL_OK);
    free(doc);
}

/* N copies of the construct OPEN + BODY_LEN bytes of B + CLOSE. */
static char *repeat(int n, const char *open, size_t body_len, const char *close)
{
    struct fl_buf b = FL_BUF_INIT;
    for (int i = 0; i < n; i++) {
        fl_buf_puts(&b, open);
        fl_buf_reserve(&b, body_len);
        memset(b.data + b.len, 'b', body_len);
        b.len += body_len;
        fl_buf_puts(&b, close);
    }
    return b.data;
}

/* Regression: comments, processing instructions, CDATA and the text of
 * unknown elements did not count toward the limit (twelve comments of
 * 9 MiB were stored as one filing).  The same code path at a 64 KiB
 * limit: three pieces of 30 KiB, each within it, together over. */
static void test_every_byte_of_a_filing_counts_toward_the_limit(void **state)
{
    (void)state;
    static const char *const kinds[][2] = {
        {"<!--", "-->"}, {"<?pad ", "?>"}, {"<facts><![CDATA[", "]]></facts>"},
        {"<unknown>", "</unknown>"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char *fill = repeat(i == 2 ? 1 : 3, kinds[i][0], i == 2 ? 90000 : 30000, kinds[i][1]);
        struct got g;
        parse_padded(fill, 64 << 10, &g);
        assert_int_equal(g.n, 2);
        if (!any_problem_has(&g, "larger than the limit of 65536 bytes"))
            fail_msg("%s: not refused for its size", kinds[i][0]);
        assert_null(g.f[0]->raw);
        assert_int_equal(g.f[1]->nproblems, 0); /* the next filing is taken */
        got_free(&g);
        free(fill);
    }
    /* Below the limit, the same pieces are fine (but an unknown element). */
    char *fill = repeat(2, "<!--", 20000, "-->");
    struct got g;
    parse_padded(fill, 64 << 10, &g);
    assert_int_equal(g.f[0]->nproblems, 0);
    got_free(&g);
    free(fill);
}

/* Regression: a 1.1 GB document of comments failed with "NOT NULL
 * constraint failed" and blocked the spool.  One comment longer than the
 * limit is refused where it starts, without the parser holding it; many
 * short ones outside any filing are bounded the same way. */
static void test_long_markup_and_bytes_between_filings_bounded(void **state)
{
    (void)state;
    char *fill = repeat(1, "<!--", 200000, "-->");
    struct got g;
    parse_padded(fill, 64 << 10, &g);
    assert_int_equal(g.n, 1);
    const struct fl_problem *p = problem_with(g.f[0], "a comment is longer than the limit");
    assert_non_null(p);
    assert_int_equal(p->line, 1);
    assert_true(p->column > 200); /* where the comment starts */
    got_free(&g);
    free(fill);

    /* A-1, then 40 comments of 3,000 bytes (120 KB, over the 64 KiB limit)
     * between the filings: A-1 is taken, the rest of the document is not. */
    const char *a1 = strstr(BATCH, "<filing id=\"A-1\""), *a2 = strstr(BATCH, "<filing id=\"A-2\"");
    char *gap = repeat(40, "<!--", 3000, "-->\n");
    char *doc = tu_fmt("<batch xmlns=\"urn:fenliu:filing:1\">%.*s%s%s", (int)(a2 - a1), a1, gap, a2);
    struct fl_parse_opts opts = {.max_filing_bytes = 64 << 10};
    struct fl_error err;
    g.n = 0;
    assert_int_equal(fl_parse_memory(doc, strlen(doc), "gap.xml", &opts, collect, &g, &err), FL_OK);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.f[0]->nproblems, 0);
    assert_null(g.f[1]->id);
    assert_true(any_problem_has(&g, "bytes outside any filing"));
    got_free(&g);
    free(doc);
    free(gap);
}

/* Regression: a start tag of 8 MB with 1,000,000 attributes cost ten
 * minutes inside libxml2.  It is refused at its 17th attribute, and the
 * filing before it is taken. */
static void test_a_million_attributes_refused_at_once(void **state)
{
    (void)state;
    struct fl_buf b = FL_BUF_INIT;
    const char *a2 = strstr(BATCH, "<filing id=\"A-2\"");
    fl_buf_append(&b, BATCH, (size_t)(a2 - BATCH));
    fl_buf_puts(&b, "<filing id=\"X-1\" submitted=\"2026-03-02T09:15:00+08:00\"\n");
    for (int i = 0; i < 1000000; i++)
        fl_buf_printf(&b, " a%d=\"\"", i);
    fl_buf_puts(&b, "><court>x</court></filing></batch>");
    struct got g;
    parse_str(b.data, &g);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.f[0]->nproblems, 0);
    assert_null(g.f[1]->id);
    const struct fl_problem *p = problem_with(g.f[1], "a tag <filing> has more than 16 attributes");
    assert_non_null(p);
    assert_int_equal(p->line, 8);
    assert_int_equal(p->column, 3);
    got_free(&g);
    fl_buf_free(&b);
}

/* The BOM, the declaration and the bytes must agree (regressions: a UTF-8
 * BOM with encoding="GB18030" read as mojibake; UTF-32BE without a BOM
 * stored cut short). */
static void test_encodings_must_agree(void **state)
{
    (void)state;
    static const char body[] =
        "<filing xmlns=\"urn:fenliu:filing:1\" id=\"E-1\" submitted=\"2026-03-02T09:15:00+08:00\">"
        "<court>某法院</court><type>civil</type><parties><party role=\"plaintiff\" "
        "kind=\"person\"><name>甲</name></party></parties><claims><claim>专利</claim></claims>"
        "</filing>";
    static const struct {
        const char *head, *needle; /* NULL: accepted */
    } cases[] = {
        {"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"GB18030\"?>", "must agree"},
        {"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>", NULL},
        {"\xEF\xBB\xBF", NULL},
        {"<?xml version='1.0' encoding='ISO-8859-1'?>", "\"ISO-8859-1\" is not one fenliu reads"},
        {"<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "\"UTF-16\" is not one fenliu reads"},
        {"<?xml encoding=\"UTF-8\"?>", "not well-formed"},
        {"<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?>", "not well-formed"},
        {"<?xml version=\"1.0\"encoding=\"UTF-8\"?>", "not well-formed"},
        {"<?xml version=\"1.0\" encoding=\"US-ASCII\"?>", "not valid US-ASCII"},
        {"<?xml\tversion = \"1.0\"\n encoding = \"UTF-8\" ?>", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *doc = tu_fmt("%s\n%s", cases[i].head, body);
        struct got g;
        parse_str(doc, &g);
        assert_int_equal(g.n, 1);
        if (!cases[i].needle && g.f[0]->nproblems)
            fail_msg("case %zu refused: %s", i, g.f[0]->problems[0].msg);
        if (cases[i].needle && !any_problem_has(&g, cases[i].needle))
            fail_msg("case %zu: expected \"%s\", got \"%s\"", i, cases[i].needle,
                     g.f[0]->nproblems ? g.f[0]->problems[0].msg : "accepted");
        got_free(&g);
        free(doc);
    }
    /* UTF-32 and UTF-16 without a mark: "<?xm" with NULs between. */
    static const char *const wide[] = {"\0\0\0<\0\0\0?", "<\0\0\0?\0\0\0", "\0<\0?\0x\0m",
                                       "<\0?\0x\0m\0"};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        struct got g = {.n = 0};
        struct fl_error err;
        assert_int_equal(fl_parse_memory(wide[i], 8, "wide.xml", NULL, collect, &g, &err), FL_OK);
        assert_int_equal(g.n, 1);
        assert_true(any_problem_has(&g, "UTF-16 or UTF-32"));
        got_free(&g);
    }
}

/* DOC (UTF-8) in ENCODING, its declaration saying so. */
static char *recode_doc(const char *doc, const char *encoding, size_t *len)
{
    char *decl = tu_fmt("<?xml version=\"1.0\" encoding=\"%s\"?>", encoding);
    char *text = tu_fmt("%s%s", decl, strstr(doc, "?>") + 2);
    iconv_t cd = iconv_open(encoding, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(text), out_left = 4 * in_left + 16;
    char *out = malloc(out_left), *in = text, *o = out;
    assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(o - out);
    free(text);
    free(decl);
    return out;
}

/* Regression: xmlns:z="urn:&lt;z" on a batch was stored so that the filing
 * could not be read again.  Every namespace a batch declares, whatever its
 * characters, comes back the same, in UTF-8 and GB18030 documents alike. */
static void test_namespace_context_reads_back(void **state)
{
    (void)state;
    static const char doc[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<b:batch xmlns:b=\"urn:fenliu:filing:1\" xmlns:z=\"urn:&lt;z&amp;&quot;'&gt;\" "
        "xmlns:t=\"urn:a&#9;b&#10;c\" xmlns:c=\"urn:中文\" xmlns=\"urn:fenliu:filing:1\">\n"
        "<b:filing id=\"N-1\" submitted=\"2026-03-02T09:15:00+08:00\"><court>某法院</court>"
        "<type>civil</type><parties><party role=\"plaintiff\" kind=\"person\"><b:name>甲</b:name>"
        "</party></parties><claims><claim>付款</claim></claims></b:filing></b:batch>";
    static const char *const encodings[] = {"UTF-8", "GB18030"};
    for (int e = 0; e < 2; e++) {
        size_t len;
        char *bytes = recode_doc(doc, encodings[e], &len);
        struct got g = {.n = 0};
        struct fl_error err;
        assert_int_equal(fl_parse_memory(bytes, len, "ns.xml", NULL, collect, &g, &err), FL_OK);
        assert_int_equal(g.n, 1);
        if (g.f[0]->nproblems)
            fail_msg("%s: %s", encodings[e], g.f[0]->problems[0].msg);
        assert_string_equal(g.f[0]->encoding, encodings[e]);
        struct got again = {.n = 0};
        assert_int_equal(fl_parse_stored(g.f[0]->raw, g.f[0]->raw_len, g.f[0]->encoding,
                                         g.f[0]->ns_context, "stored", collect, &again, &err),
                         FL_OK);
        assert_int_equal(again.n, 1);
        if (again.f[0]->nproblems)
            fail_msg("%s, stored: %s", encodings[e], again.f[0]->problems[0].msg);
        assert_memory_equal(again.f[0]->hash, g.f[0]->hash, FL_HASH_BYTES);
        for (const char *c = g.f[0]->ns_context; *c; c++)
            assert_true(*c >= 0x20 && *c < 0x7F); /* plain ASCII: any encoding reads it */
        got_free(&again);
        got_free(&g);
        free(bytes);
    }
}

/* Regression: a 9 MiB id was echoed whole in every report, row and .err. */
static void test_long_values_are_cut_in_reports(void **state)
{
    (void)state;
    struct fl_buf id = FL_BUF_INIT;
    for (int i = 0; i < 100000; i++)
        fl_buf_puts(&id, "长");
    char *doc = tu_fmt("<filing xmlns=\"urn:fenliu:filing:1\" id=\"%s\" "
                       "submitted=\"%s\"><court>某法院</court><type>%s</type><parties>"
                       "<party role=\"plaintiff\" kind=\"person\"><name>甲</name></party>"
                       "</parties><claims><claim>付款</claim></claims></filing>",
                       id.data, id.data, id.data);
    struct got g;
    parse_str(doc, &g);
    assert_int_equal(g.n, 1);
    const struct fl_filing *f = g.f[0];
    assert_true(f->nproblems >= 3);
    assert_true(strlen(f->id) <= 64);
    assert_non_null(strstr(f->id, "…"));
    for (size_t k = 0; k < f->nproblems; k++) {
        assert_true(strlen(f->problems[k].msg) < 400);
        size_t adv;
        for (const char *m = f->problems[k].msg; *m; m += adv) /* cut between characters */
            assert_true(fl_utf8_decode(m, strlen(m), &adv) != 0xFFFD);
    }
    got_free(&g);
    free(doc);
    fl_buf_free(&id);
}

/* A document that cannot be read is a rejected document, not a failure. */
static void test_unreadable_document_is_a_problem(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0);
    struct got g = {.n = 0};
    struct fl_error err;
    assert_int_equal(fl_parse_fd(fd, dir, NULL, collect, &g, &err), FL_OK);
    close(fd);
    assert_int_equal(g.n, 1);
    assert_true(any_problem_has(&g, "could not be read"));
    got_free(&g);
    tu_rmtree(dir);
    free(dir);
}

/* Every accepted filing reads again from its stored bytes to the same
 * content hash: generated corpora in both encodings, with defects. */
static void test_generated_corpora_read_back_from_storage(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    static const char *const encodings[] = {"utf-8", "gb18030"};
    for (int e = 0; e < 2; e++) {
        char *out = tu_fmt("%s/%s", dir, encodings[e]);
        char *const argv[] = {(char *)tu_fgen(), "--seed", "7", "--count", "400", "--batch",
                              "50", "--malformed", "10", "--min-size", "300", "--encoding",
                              (char *)encodings[e], "--out", out, NULL};
        assert_int_equal(tu_run(argv, NULL, NULL, NULL), 0);
        struct dirent **names;
        int n = scandir(out, &names, NULL, alphasort), docs = 0;
        for (int i = 0; i < n; i++) {
            if (strstr(names[i]->d_name, ".xml")) {
                char *path = tu_fmt("%s/%s", out, names[i]->d_name);
                struct got g;
                parse_path(path, &g);
                for (int k = 0; k < g.n; k++)
                    if (!g.f[k]->nproblems) {
                        struct got one = {.n = 1, .f = {g.f[k]}};
                        expect_all_valid(path, &one);
                    }
                got_free(&g);
                free(path);
                docs++;
            }
            free(names[i]);
        }
        free(names);
        assert_int_equal(docs, 8);
        free(out);
    }
    tu_rmtree(dir);
    free(dir);
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
        cmocka_unit_test(test_amounts_above_the_ceiling_rejected_naming_the_field),
        cmocka_unit_test(test_every_byte_of_a_filing_counts_toward_the_limit),
        cmocka_unit_test(test_long_markup_and_bytes_between_filings_bounded),
        cmocka_unit_test(test_a_million_attributes_refused_at_once),
        cmocka_unit_test(test_encodings_must_agree),
        cmocka_unit_test(test_namespace_context_reads_back),
        cmocka_unit_test(test_long_values_are_cut_in_reports),
        cmocka_unit_test(test_unreadable_document_is_a_problem),
        cmocka_unit_test(test_generated_corpora_read_back_from_storage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
