/* The intake desk in the terminal interface, headless: golden screens of
 * its lists (section inbox, my inbox, clerks' load, recent ingests,
 * rejected documents), marking and routing several filings, taking one,
 * the review screen with the other cases of the same parties, the raw XML
 * of a filing and of a rejection, and accepting, returning and refusing a
 * filing from the review screen.
 *
 * The world (made once; each test works on its own copy of the database,
 * so that what one test routes or accepts does not move another's rows):
 *   2026-02-20 09:15  filings 1-8 of `fgen --seed 42`: their 7-day
 *                     acceptance clocks ran out on 2026-02-27 (red)
 *   2026-02-26 10:00  filings 9-12: 3 days left (urgent, yellow)
 *   2026-03-02 08:00  SP-1 and SP-2, sharing a party by name and another by
 *                     ID number, and GB-1 (GB18030)
 *   2026-03-02 08:30  bad/: a filing without a party's name, one in GB18030
 *                     without a court, a document that is not well-formed,
 *                     and SP-1 again with other content (a conflict)
 * Today is 2026-03-02 09:15.  The clerks are xiaowang and xiaoli; the
 * login running the tests is an admin (`fenliu init`) and shows in the
 * dumps as LOGIN (a column of it keeps its width when it fits).
 *
 * Regenerate after a deliberate change, and review the diff:
 *     FENLIU_UI_GOLDEN_UPDATE=1 make check
 *     git diff tests/golden */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define TODAY "2026-03-02T09:15:00+08:00"

static struct {
    char *dir;
    bool keep;
    int dbs;
} W;

/* ---- the world ----------------------------------------------------------------------- */

/* Run the shell command made of FMT in the world's folder at time NOW;
 * *OUT (when not NULL) gets its output.  The status. */
static int sh_at(const char *now, char **out, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int sh_at(const char *now, char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = NULL, *err = NULL;
    if (vasprintf(&cmd, fmt, ap) < 0)
        abort();
    va_end(ap);
    char *full = tu_fmt("cd '%s' && FENLIU_NOW=%s %s", W.dir, now, cmd);
    int rc = tu_sh(full, out, &err);
    if (rc != 0 && rc != 3)
        fprintf(stderr, "%s: status %d: %s", cmd, rc, err);
    free(err);
    free(full);
    free(cmd);
    return rc;
}

/* fenliu ARGS on the world's database. */
#define FENLIU(now, out, args) sh_at(now, out, "'%s' " args " --db fenliu.db", tu_fenliu())

static const char SP1[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<filing xmlns=\"urn:fenliu:filing:1\" id=\"SP-1\" submitted=\"2026-03-01T16:00:00+08:00\">\n"
    "  <court code=\"510191\">成都高新技术产业开发区人民法院</court>\n"
    "  <type>civil</type>\n"
    "  <cause>买卖合同纠纷</cause>\n"
    "  <parties>\n"
    "    <party role=\"plaintiff\" kind=\"organization\"><name>四川蜀达商贸有限公司</name>"
    "<idno>91510100MA61234567</idno></party>\n"
    "    <party role=\"defendant\" kind=\"person\"><name>赵小满</name>"
    "<idno>510104199001012345</idno></party>\n"
    "  </parties>\n"
    "  <claims><claim amount=\"12000\">判令被告支付货款12000元</claim></claims>\n"
    "</filing>\n";

/* The same plaintiff by name; the defendant by ID number under another name. */
static const char SP2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<filing xmlns=\"urn:fenliu:filing:1\" id=\"SP-2\" submitted=\"2026-03-02T07:30:00+08:00\">\n"
    "  <court code=\"510191\">成都高新技术产业开发区人民法院</court>\n"
    "  <type>civil</type>\n"
    "  <cause>买卖合同纠纷</cause>\n"
    "  <parties>\n"
    "    <party role=\"plaintiff\" kind=\"organization\"><name>四川蜀达商贸有限公司</name>"
    "</party>\n"
    "    <party role=\"defendant\" kind=\"person\"><name>赵晓满</name>"
    "<idno>510104199001012345</idno></party>\n"
    "  </parties>\n"
    "  <claims><claim amount=\"8000\">判令被告支付货款8000元</claim></claims>\n"
    "</filing>\n";

static const char NO_NAME[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- a party without a name -->\n"
    "<filing xmlns=\"urn:fenliu:filing:1\" id=\"NN-1\" submitted=\"2026-03-02T08:00:00+08:00\">\n"
    "  <court>成都市武侯区人民法院</court>\n"
    "  <type>civil</type>\n"
    "  <cause>民间借贷纠纷</cause>\n"
    "  <parties>\n"
    "    <party role=\"plaintiff\" kind=\"person\"><name>钱某</name></party>\n"
    "    <party role=\"defendant\" kind=\"person\">\n"
    "      <idno>110101199001011234</idno></party>\n"
    "  </parties>\n"
    "  <claims><claim>判令被告归还借款</claim></claims>\n"
    "</filing>\n";

/* In GB18030 (converted by iconv): a filing without its court. */
static const char NO_COURT[] =
    "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n"
    "<filing xmlns=\"urn:fenliu:filing:1\" id=\"NC-1\" submitted=\"2026-03-02T08:00:00+08:00\">\n"
    "  <type>civil</type>\n"
    "  <cause>劳务合同纠纷</cause>\n"
    "  <parties>\n"
    "    <party role=\"plaintiff\" kind=\"person\"><name>孙某</name></party>\n"
    "    <party role=\"defendant\" kind=\"person\"><name>周某</name></party>\n"
    "  </parties>\n"
    "  <claims><claim>判令被告支付劳务费</claim></claims>\n"
    "</filing>\n";

static const char BROKEN[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<batch xmlns=\"urn:fenliu:filing:1\">\n"
                             "  <filing id=\"BR-1\" submitted=\"2026-03-02T08:00:00+08:00\">\n"
                             "    <court>成都市武侯区人民法院\n"
                             "  </filing>\n"
                             "</batch>\n";

static void write_in(const char *name, const char *text)
{
    char *path = tu_fmt("%s/%s", W.dir, name);
    tu_write_str(path, text);
    free(path);
}

static int make_world(void **state)
{
    (void)state;
    W.dir = tu_mkdtemp();
    char *sub[] = {"same", "bad"};
    for (int i = 0; i < 2; i++) {
        char *d = tu_fmt("%s/%s", W.dir, sub[i]);
        tu_mkdir_p(d);
        free(d);
    }
    write_in("same/sp-1.xml", SP1);
    write_in("same/sp-2.xml", SP2);
    write_in("bad/no-name.xml", NO_NAME);
    write_in("bad/no-court.utf8", NO_COURT);
    write_in("bad/broken.xml", BROKEN);
    char *sp1b = strdup(SP1);
    memcpy(strstr(sp1b, "12000\">"), "13000", 5); /* the same id, other content */
    write_in("bad/sp-1-again.xml", sp1b);
    free(sp1b);
    bool ok =
        FENLIU("2026-02-20T09:00:00+08:00", NULL, "init") == 0 &&
        FENLIU("2026-02-20T09:00:00+08:00", NULL, "user add xiaowang --role clerk") == 0 &&
        FENLIU("2026-02-20T09:00:00+08:00", NULL, "user add xiaoli --role clerk") == 0 &&
        sh_at(TODAY, NULL, "'%s' --seed 42 --count 8 --out old >/dev/null && '%s' --seed 42 "
                           "--start 9 --count 4 --out recent >/dev/null",
              tu_fgen(), tu_fgen()) == 0 &&
        sh_at(TODAY, NULL, "cp '%s/tests/fixtures/contract/valid/12-gb18030.xml' same/gb-1.xml",
              tu_srcdir()) == 0 &&
        sh_at(TODAY, NULL, "iconv -f UTF-8 -t GB18030 bad/no-court.utf8 > bad/no-court.xml && "
                           "rm bad/no-court.utf8") == 0 &&
        FENLIU("2026-02-20T09:15:00+08:00", NULL, "ingest old") == 0 &&
        FENLIU("2026-02-26T10:00:00+08:00", NULL, "ingest recent") == 0 &&
        FENLIU("2026-03-02T08:00:00+08:00", NULL, "ingest same") == 0 &&
        FENLIU("2026-03-02T08:30:00+08:00", NULL, "ingest bad") == 3;
    return ok ? 0 : -1;
}

static int remove_world(void **state)
{
    (void)state;
    if (W.keep)
        fprintf(stderr, "test_intake: kept %s for the mismatches above\n", W.dir);
    else
        tu_rmtree(W.dir);
    free(W.dir);
    return 0;
}

/* A copy of the world's database for one test: its name in the world. */
static char *world_copy(void)
{
    char *name = tu_fmt("copy-%d.db", ++W.dbs);
    assert_int_equal(sh_at(TODAY, NULL, "cp fenliu.db %s", name), 0);
    return name;
}

/* ---- running the interface -------------------------------------------------------------- */

/* Run `fenliu ui` on DB (in the world's folder) with the steps SCRIPT at
 * COLS x LINES. */
static struct tu_ui ui_run(const char *db, const char *script, int cols, int lines)
{
    return tu_ui_run(W.dir, db, TODAY, script, cols, lines, NULL);
}

/* Whether dump NAME of U matches its golden (a mismatch keeps the files). */
static bool golden(const struct tu_ui *u, const char *name)
{
    bool ok = tu_golden(u, name);
    W.keep |= !ok;
    return ok;
}

/* Run SCRIPT on DB and check each dump named after it (NULL-ended). */
static void check_screens(const char *db, const char *script, int cols, int lines, ...)
{
    struct tu_ui u = ui_run(db, script, cols, lines);
    va_list ap;
    va_start(ap, lines);
    int bad = tu_goldens(&u, ap);
    va_end(ap);
    W.keep |= bad > 0;
    tu_ui_free(&u);
    assert_int_equal(bad, 0);
}

/* The output of `fenliu ARGS` on DB. */
static char *cli(const char *db, const char *args)
{
    char *out = NULL;
    sh_at(TODAY, &out, "'%s' %s --db %s", tu_fenliu(), args, db);
    return out;
}

/* ---- the lists ---------------------------------------------------------------------------- */

/* i from the queue: the section's inbox, oldest first, overdue rows red
 * and urgent ones yellow; then every list of the desk on Tab, each with
 * its count, and back to the start. */
static void test_every_list_with_counts(void **state)
{
    (void)state;
    char *db = world_copy();
    check_screens(db,
                  "i\n:dump intake-section\n:dump-attrs intake-section.attrs\n"
                  "<Tab>\n:dump intake-mine-empty\n<Tab>\n:dump intake-load\n"
                  "<Tab>\n:dump intake-runs\n<Tab>\n:dump intake-rejected\n"
                  "<Tab>\n:dump intake-section-again\nq\n:dump left\n",
                  80, 24, "intake-section", "intake-section.attrs", "intake-mine-empty",
                  "intake-load", "intake-runs", "intake-rejected", "intake-section-again", NULL);
    free(db);
}

/* A short terminal: the title says how many there are and how many more;
 * marks made on one page survive paging and a reload, and s routes them
 * all. */
static void test_paging_keeps_marks(void **state)
{
    (void)state;
    char *db = world_copy();
    check_screens(db,
                  "i\nm\n:dump intake-page1\n<PgDn>\nm\nR\n:dump intake-page2\nG\n"
                  ":dump intake-last\ns\n:type xiaoli\n<Enter>\n:dump intake-routed-2\n",
                  80, 12, "intake-page1", "intake-page2", "intake-last", "intake-routed-2",
                  NULL);
    /* The first of the section's inbox, and the eighth (the cursor keeps
     * its place on the page: the second row of page 2). */
    char *out = cli(db, "case show WS-2026-0000001");
    assert_non_null(strstr(out, "intake clerk xiaoli"));
    free(out);
    out = cli(db, "case show WS-2026-0000008");
    assert_non_null(strstr(out, "intake clerk xiaoli"));
    free(out);
    free(db);
}

/* Three filings marked and routed at once; the clerk's load and inbox
 * show them; routing one on to another clerk, and a refusal (a filing
 * already in that clerk's inbox) named on the status line. */
static void test_mark_and_route_several(void **state)
{
    (void)state;
    char *db = world_copy();
    check_screens(db,
                  "i\nm\nm\nm\n:dump intake-marked\ns\n:dump intake-ask-clerk\n:type xiaow\n"
                  "<Enter>\n:dump intake-routed\n<Tab>\n<Tab>\n:dump intake-load-after\n"
                  "<Enter>\n:dump intake-clerk-inbox\nm\ns\n:type xiaoli\n<Enter>\n"
                  ":dump intake-rerouted\ns\n:type xiaowang\n<Enter>\n:dump intake-refused\n",
                  80, 24, "intake-marked", "intake-ask-clerk", "intake-routed",
                  "intake-load-after", "intake-clerk-inbox", "intake-rerouted",
                  "intake-refused", NULL);
    /* The events name who routed them, as the command line shows. */
    char *out = cli(db, "case show WS-2026-0000001");
    assert_int_equal(tu_count_lines(out, "route "), 2);
    assert_non_null(strstr(out, "clerk=xiaowang"));
    assert_non_null(strstr(out, "intake clerk xiaoli"));
    free(out);
    out = cli(db, "case show WS-2026-0000003");
    assert_int_equal(tu_count_lines(out, "route "), 1);
    assert_non_null(strstr(out, "intake clerk xiaowang"));
    free(out);
    free(db);
}

/* t takes the filing under the cursor into the user's own inbox. */
static void test_take_one(void **state)
{
    (void)state;
    char *db = world_copy();
    check_screens(db, "i\nj\nt\n:dump intake-took\n<Tab>\n:dump intake-mine\n", 80, 24,
                  "intake-took", "intake-mine", NULL);
    char *out = cli(db, "case show --format json WS-2026-0000002");
    char *want = tu_fmt("\"clerk\":\"%s\"", tu_login());
    assert_non_null(strstr(out, want));
    free(want);
    free(out);
    free(db);
}

/* ---- reviewing a filing --------------------------------------------------------------------- */

/* The review screen: the filing, its clock, and the other cases with the
 * same parties (by name and by ID number); x shows the raw XML decoded
 * from GB18030. */
static void test_review_same_parties_and_raw(void **state)
{
    (void)state;
    char *db = world_copy();
    /* The section's inbox, oldest first, ends with GB-1, SP-1 and SP-2. */
    check_screens(db,
                  "i\nG\n<Enter>\n:dump intake-review\n<PgDn>\n:dump intake-review-pgdn\n"
                  "q\nk\nk\n<Enter>\nx\n:dump intake-raw-gb18030\n",
                  80, 24, "intake-review", "intake-review-pgdn", "intake-raw-gb18030", NULL);
    free(db);
}

/* Accept, return for correction and refuse from the review screen, each
 * recorded as the command line records it; a step the engine refuses is
 * said on the status line, and nothing is recorded. */
static void test_accept_return_refuse(void **state)
{
    (void)state;
    char *db = world_copy();
    check_screens(db,
                  "i\n<Enter>\na\n:dump intake-act\n:type acc\n<Enter>\n:dump intake-confirm\n"
                  "y\n<Enter>\n:dump intake-accepted\na\n:dump intake-nothing-open\nq\n"
                  "<Enter>\na\n:type ret\n<Enter>\n:type parties\n<Enter>\n:type claims\n<Enter>\n"
                  ":type 请补充被告的身份证明\n<Enter>\n:type 3月10日\n<Enter>\n"
                  ":dump intake-return-refused\n"
                  "a\n:type ret\n<Enter>\n:type parties\n<Enter>\n:type claims\n<Enter>\n"
                  ":type 请补充被告的身份证明\n<Enter>\n:type 2026-03-10\n<Enter>\n"
                  ":dump intake-returned\nq\nj\n<Enter>\na\n:type ref\n<Enter>\n"
                  ":type 不属于本院管辖\n<Enter>\n:dump intake-refused-filing\nq\n"
                  ":dump intake-after-steps\n",
                  80, 24, "intake-act", "intake-confirm", "intake-accepted",
                  "intake-nothing-open", "intake-return-refused", "intake-returned",
                  "intake-refused-filing", "intake-after-steps", NULL);
    char *out = cli(db, "case show WS-2026-0000001");
    assert_non_null(strstr(out, "accepted"));
    assert_non_null(strstr(out, "(2026)川0116民初1号"));
    free(out);
    out = cli(db, "case show WS-2026-0000002");
    assert_non_null(strstr(out, "returned"));
    assert_non_null(strstr(out, "reasons=parties,claims"));
    assert_non_null(strstr(out, "by=2026-03-10"));
    assert_null(strstr(out, "3月10日"));
    free(out);
    out = cli(db, "case show WS-2026-0000003");
    assert_non_null(strstr(out, "not-accepted"));
    assert_non_null(strstr(out, "不属于本院管辖"));
    free(out);
    free(db);
}

/* ---- rejected documents ---------------------------------------------------------------------- */

/* The rejections, newest first, with file:line:column, field and reason;
 * Enter shows the raw XML around the error with the line marked: a
 * filing's bytes as kept, one in GB18030 decoded, and a document that was
 * not well-formed from its file. */
static void test_rejected_with_raw_xml(void **state)
{
    (void)state;
    char *db = world_copy();
    check_screens(db,
                  "i\n<Tab>\n<Tab>\n<Tab>\n<Enter>\n:dump intake-run-rejections\nF\n"
                  ":dump intake-all-rejections\n<Enter>\n:dump intake-raw-conflict\nq\nj\n<Enter>\n"
                  ":dump intake-raw-no-name\n:dump-attrs intake-raw-no-name.attrs\nq\nj\n<Enter>\n"
                  ":dump intake-raw-no-court\nq\nj\n<Enter>\n:dump intake-raw-broken\n",
                  80, 24, "intake-run-rejections", "intake-all-rejections", "intake-raw-conflict",
                  "intake-raw-no-name", "intake-raw-no-name.attrs", "intake-raw-no-court",
                  "intake-raw-broken", NULL);
    free(db);
}

/* i on another screen (here a case) opens the desk over it, and q goes
 * back there. */
static void test_intake_from_the_case_screen(void **state)
{
    (void)state;
    char *db = world_copy();
    struct tu_ui u = ui_run(db, "<Enter>\ni\n:dump intake-from-case\nq\n:dump back\n", 80, 24);
    assert_int_equal(u.status, 0);
    assert_true(golden(&u, "intake-from-case"));
    char *path = tu_fmt("%s/back.txt", u.dumps), *back = tu_read(path, NULL);
    assert_non_null(back);
    assert_int_equal(strncmp(back, "Case ", 5), 0); /* the case screen's title */
    free(back);
    free(path);
    tu_ui_free(&u);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_list_with_counts),
        cmocka_unit_test(test_paging_keeps_marks),
        cmocka_unit_test(test_mark_and_route_several),
        cmocka_unit_test(test_take_one),
        cmocka_unit_test(test_review_same_parties_and_raw),
        cmocka_unit_test(test_accept_return_refuse),
        cmocka_unit_test(test_rejected_with_raw_xml),
        cmocka_unit_test(test_intake_from_the_case_screen),
    };
    return cmocka_run_group_tests(tests, make_world, remove_world);
}
