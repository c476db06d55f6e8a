/*
 * test_xsd.c - conformance of schemas/filing.xsd against the fixture set.
 *
 *   tests/fixtures/contract/valid/     must validate (written to the contract)
 *   tests/fixtures/contract/semantic/  must validate (the XSD accepts them;
 *                                      fenliu itself rejects them)
 *   tests/fixtures/contract/invalid/   must be well-formed and must fail
 *                                      validation
 *
 * Every fixture is checked twice: as a tree (xmlReadFile +
 * xmlSchemaValidateDoc) and streaming (xmlTextReader + xmlTextReaderSetSchema,
 * what `xmllint --stream --schema` does); both must agree with the directory.
 * Every fixture must also have no DOCTYPE and start with an
 * <!-- expect: ... --> comment.
 *
 * Documents are parsed with XML_PARSE_NONET and without XML_PARSE_NOENT /
 * XML_PARSE_DTDLOAD: nothing is fetched and no entity is substituted.
 *
 * The repository root is $FENLIU_SRCDIR (default ".").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

/* libxml2 2.12 made the structured error callback take a const pointer. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_arg;
#else
typedef xmlErrorPtr xml_error_arg;
#endif

#define FIXTURE_DIR "tests/fixtures/contract"
#define SCHEMA_PATH "schemas/filing.xsd"
#define PARSE_OPTIONS XML_PARSE_NONET

/* ------------------------------------------------------------------ */
/* Error recording: libxml2 must print nothing on its own.            */
/* ------------------------------------------------------------------ */

struct err_rec {
    int count;
    char first[1024];
    char last[1024];
};

static void format_error(char *buf, size_t len, xml_error_arg err)
{
    const char *msg = err->message != NULL ? err->message : "(no message)";
    size_t n;

    snprintf(buf, len, "%s:%d: %s", err->file != NULL ? err->file : "-",
             err->line, msg);
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
}

static void record_error(void *ctx, xml_error_arg err)
{
    struct err_rec *rec = ctx;

    if (rec == NULL || err == NULL)
        return;
    if (rec->count == 0)
        format_error(rec->first, sizeof rec->first, err);
    format_error(rec->last, sizeof rec->last, err);
    rec->count++;
}

static void silent_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void rec_reset(struct err_rec *rec)
{
    rec->count = 0;
    rec->first[0] = '\0';
    rec->last[0] = '\0';
}

static void report(const char *path, const char *what, const struct err_rec *rec)
{
    print_error("FAIL %s: %s\n", path, what);
    if (rec->count > 0) {
        print_error("     libxml2 (%d message%s), first: %s\n", rec->count,
                    rec->count == 1 ? "" : "s", rec->first);
        if (rec->count > 1)
            print_error("     last: %s\n", rec->last);
    } else {
        print_error("     libxml2: no message\n");
    }
}

/* ------------------------------------------------------------------ */
/* Paths and directory listing                                        */
/* ------------------------------------------------------------------ */

static const char *srcdir(void)
{
    const char *s = getenv("FENLIU_SRCDIR");
    return (s != NULL && s[0] != '\0') ? s : ".";
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + 1 + lb + 1);

    assert_non_null(p);
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with_xml(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* Sorted list of *.xml names in dir; *count set; caller frees. */
static char **list_xml(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;

    if (d == NULL) {
        print_error("cannot open directory %s\n", dir);
        fail();
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with_xml(de->d_name))
            continue;
        if (n == cap) {
            char **tmp;
            cap = cap != 0 ? cap * 2 : 64;
            tmp = realloc(names, cap * sizeof *names);
            assert_non_null(tmp);
            names = tmp;
        }
        names[n] = strdup(de->d_name);
        assert_non_null(names[n]);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_names);
    *count = n;
    return names;
}

/* ------------------------------------------------------------------ */
/* Schema                                                             */
/* ------------------------------------------------------------------ */

static xmlSchemaPtr schema;
static struct err_rec global_rec;

static int load_schema(void **state)
{
    char *path = join(srcdir(), SCHEMA_PATH);
    struct err_rec rec;
    xmlSchemaParserCtxtPtr pctxt;

    (void)state;
    LIBXML_TEST_VERSION;
    /* Anything not routed to a per-context handler lands here, silently. */
    xmlSetGenericErrorFunc(NULL, silent_generic);
    xmlSetStructuredErrorFunc(&global_rec, record_error);

    rec_reset(&rec);
    pctxt = xmlSchemaNewParserCtxt(path);
    if (pctxt == NULL) {
        print_error("cannot create schema parser context for %s\n", path);
        free(path);
        return -1;
    }
    xmlSchemaSetParserStructuredErrors(pctxt, record_error, &rec);
    schema = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    if (schema == NULL || rec.count > 0) {
        report(path, "schema does not load cleanly", &rec);
        free(path);
        return -1;
    }
    free(path);
    return 0;
}

static int free_schema(void **state)
{
    (void)state;
    if (schema != NULL)
        xmlSchemaFree(schema);
    schema = NULL;
    xmlCleanupParser();
    return 0;
}

/* ------------------------------------------------------------------ */
/* Checking one file                                                  */
/* ------------------------------------------------------------------ */

/* Hygiene every fixture must satisfy: no DOCTYPE, and the first node of the
 * document is a comment "expect: ...". Returns 1 if OK. */
static int check_hygiene(const char *path, xmlDocPtr doc)
{
    xmlNodePtr first = doc->children;
    const char *text;
    struct err_rec none;

    rec_reset(&none);
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        report(path, "fixture has a DOCTYPE", &none);
        return 0;
    }
    if (first == NULL || first->type != XML_COMMENT_NODE ||
        first->content == NULL) {
        report(path, "fixture does not start with an <!-- expect: --> comment",
               &none);
        return 0;
    }
    text = (const char *)first->content;
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    if (strncmp(text, "expect:", 7) != 0) {
        report(path, "first comment does not begin with \"expect:\"", &none);
        return 0;
    }
    return 1;
}

/* Tree mode. Returns 1 if the file matched the expectation. */
static int check_tree(const char *path, int expect_valid)
{
    struct err_rec rec;
    xmlDocPtr doc;
    xmlSchemaValidCtxtPtr vctxt;
    int rc, ok;

    rec_reset(&rec);
    /* xmlReadFile reports through the global structured handler. */
    xmlSetStructuredErrorFunc(&rec, record_error);
    doc = xmlReadFile(path, NULL, PARSE_OPTIONS);
    if (doc == NULL) {
        report(path, "not well-formed (every fixture must parse)", &rec);
        xmlSetStructuredErrorFunc(&global_rec, record_error);
        return 0;
    }
    xmlSetStructuredErrorFunc(&global_rec, record_error);
    if (!check_hygiene(path, doc)) {
        xmlFreeDoc(doc);
        return 0;
    }

    rec_reset(&rec);
    vctxt = xmlSchemaNewValidCtxt(schema);
    assert_non_null(vctxt);
    xmlSchemaSetValidStructuredErrors(vctxt, record_error, &rec);
    rc = xmlSchemaValidateDoc(vctxt, doc);
    xmlSchemaFreeValidCtxt(vctxt);
    xmlFreeDoc(doc);

    if (rc < 0) {
        report(path, "tree validation: internal libxml2 error", &rec);
        return 0;
    }
    ok = expect_valid ? (rc == 0) : (rc > 0);
    if (!ok)
        report(path,
               expect_valid ? "tree validation rejected a document that must "
                              "be accepted"
                            : "tree validation accepted a document that must "
                              "be rejected",
               &rec);
    return ok;
}

/* Streaming mode (xmlTextReader). Returns 1 if the file matched. */
static int check_stream(const char *path, int expect_valid)
{
    struct err_rec rec;
    xmlTextReaderPtr reader;
    int rc, valid, ok;

    rec_reset(&rec);
    reader = xmlReaderForFile(path, NULL, PARSE_OPTIONS);
    if (reader == NULL) {
        report(path, "stream: cannot open", &rec);
        return 0;
    }
    xmlTextReaderSetStructuredErrorHandler(reader, record_error, &rec);
    if (xmlTextReaderSetSchema(reader, schema) != 0) {
        report(path, "stream: cannot attach schema", &rec);
        xmlFreeTextReader(reader);
        return 0;
    }
    while ((rc = xmlTextReaderRead(reader)) == 1)
        ;
    valid = xmlTextReaderIsValid(reader);
    xmlFreeTextReader(reader);

    if (rc < 0 && expect_valid) {
        report(path, "stream: read error", &rec);
        return 0;
    }
    ok = expect_valid ? (valid == 1 && rc == 0) : (valid != 1 || rc < 0);
    if (!ok)
        report(path,
               expect_valid ? "stream validation rejected a document that "
                              "must be accepted"
                            : "stream validation accepted a document that "
                              "must be rejected",
               &rec);
    return ok;
}

static void check_dir(const char *sub, int expect_valid)
{
    char *base = join(srcdir(), FIXTURE_DIR);
    char *dir = join(base, sub);
    size_t n = 0, i, bad = 0;
    char **names = list_xml(dir, &n);

    if (n == 0) {
        print_error("no fixtures in %s\n", dir);
        free(names);
        free(dir);
        free(base);
        fail();
    }
    for (i = 0; i < n; i++) {
        char *path = join(dir, names[i]);
        int t = check_tree(path, expect_valid);
        int s = check_stream(path, expect_valid);
        if (!t || !s)
            bad++;
        free(path);
        free(names[i]);
    }
    free(names);
    print_message("%s: %zu fixture(s), %zu failed\n", dir, n, bad);
    free(dir);
    free(base);
    assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* Tests                                                              */
/* ------------------------------------------------------------------ */

static void test_valid_fixtures_validate(void **state)
{
    (void)state;
    check_dir("valid", 1);
}

static void test_semantic_fixtures_validate(void **state)
{
    (void)state;
    check_dir("semantic", 1);
}

static void test_invalid_fixtures_fail(void **state)
{
    (void)state;
    check_dir("invalid", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_fixtures_validate),
        cmocka_unit_test(test_semantic_fixtures_validate),
        cmocka_unit_test(test_invalid_fixtures_fail),
    };

    return cmocka_run_group_tests_name("filing.xsd", tests, load_schema,
                                       free_schema);
}
