/* fenliu classify, fenliu reclassify: the ruleset applied to filings. */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "rules.h"
#include "utf8.h"
#include "walk.h"

static const char CLASSIFY_USAGE[] =
    "usage: fenliu classify [--rules FILE] [--db PATH] [--format text|json] PATH...\n"
    "\n"
    "Classify the filings in the documents and folders named, without storing\n"
    "anything: the track (simple 简 / complex 繁), procedure, flags, the total\n"
    "amount claimed, and every rule that fired with what it matched.\n"
    "\n"
    "  --rules FILE     the ruleset (default: the database's active ruleset when\n"
    "                   --db or $FENLIU_DB names one, else the built-in one)\n"
    "  --format FORMAT  text (default): a sentence or two per rule that fired;\n"
    "                   json: one object per filing and line,\n"
    "                   {\"id\",\"track\",\"procedure\",\"flags\",\"amount\",\"hits\"}\n"
    "\n"
    "Invalid filings are reported on stderr and the exit status is then 3.\n";

static const char RECLASSIFY_USAGE[] =
    "usage: fenliu reclassify [--db PATH] [--rules FILE] [--dry-run] [--format text|json]\n"
    "\n"
    "Run every stored filing, as received, through a ruleset (FILE, else the\n"
    "database's active one) and print how many cases move between tracks and\n"
    "procedures (a from/to matrix) and which.  Without --dry-run, record the new\n"
    "classification as a new decision (the old ones are kept) for every case\n"
    "no judge has decided, and make FILE the active ruleset.  Cases a judge has\n"
    "decided keep the judge's decision.\n";

/* ---- writing a classification ------------------------------------------------ */

static void json_classification(struct fl_buf *b, const char *id,
                                const struct fl_classification *c)
{
    fl_buf_puts(b, "{\"id\":");
    fl_buf_json_str(b, id, strlen(id));
    fl_buf_printf(b, ",\"track\":\"%s\",\"procedure\":\"%s\",\"flags\":[",
                  c->track ? c->track : "", c->procedure ? c->procedure : "");
    for (size_t i = 0; i < c->nflags; i++)
        fl_buf_printf(b, "%s\"%s\"", i ? "," : "", c->flags[i]);
    char amount[40] = "null";
    if (c->has_amount)
        fl_format_fen(c->amount_fen, amount, sizeof amount);
    fl_buf_printf(b, "],\"amount\":%s,\"hits\":[", amount);
    for (size_t i = 0; i < c->nhits; i++) {
        const struct fl_hit *h = &c->hits[i];
        fl_buf_printf(b, "%s{\"rule\":", i ? "," : "");
        fl_buf_json_str(b, h->rule, strlen(h->rule));
        fl_buf_puts(b, ",\"field\":");
        fl_buf_json_str(b, h->field, strlen(h->field));
        fl_buf_puts(b, ",\"text\":");
        fl_buf_json_str(b, h->text, strlen(h->text));
        fl_buf_putc(b, '}');
    }
    fl_buf_putc(b, ']');
    if (c->nfailures) {
        fl_buf_puts(b, ",\"failures\":[");
        for (size_t i = 0; i < c->nfailures; i++) {
            fl_buf_printf(b, "%s{\"rule\":", i ? "," : "");
            fl_buf_json_str(b, c->failures[i].rule, strlen(c->failures[i].rule));
            fl_buf_puts(b, ",\"error\":");
            fl_buf_json_str(b, c->failures[i].msg, strlen(c->failures[i].msg));
            fl_buf_putc(b, '}');
        }
        fl_buf_putc(b, ']');
    }
    fl_buf_puts(b, "}\n");
}

static void text_classification(struct fl_buf *b, const struct fl_rules *r, const char *id,
                                const struct fl_classification *c)
{
    fl_utf8_sanitize(b, id, 0);
    fl_buf_printf(b, ": %s track (%s), %s procedure", c->track ? c->track : "no",
                  c->track && strcmp(c->track, "simple") == 0 ? "简" : "繁",
                  c->procedure ? c->procedure : "no");
    char amount[40];
    fl_format_fen(c->amount_fen, amount, sizeof amount);
    fl_buf_printf(b, "; amount %s%s", c->has_amount ? amount : "unknown",
                  c->has_amount ? " yuan" : "");
    fl_buf_puts(b, "; flags:");
    for (size_t i = 0; i < c->nflags; i++)
        fl_buf_printf(b, " %s", c->flags[i]);
    fl_buf_puts(b, c->nflags ? "\n" : " none\n");
    const char *last = NULL;
    for (size_t i = 0; i < c->nhits; i++) {
        const struct fl_hit *h = &c->hits[i];
        if (h->rule != last) {
            long k = fl_rules_find(r, h->rule);
            fl_buf_printf(b, "  %s%s: %s\n", h->rule,
                          c->decided_by && strcmp(c->decided_by, h->rule) == 0 ? " (decides)"
                                                                               : "",
                          k >= 0 ? fl_rules_rule_description(r, (size_t)k) : "");
            last = h->rule;
        }
        if (!*h->field)
            continue;
        fl_buf_printf(b, "      %s: ", h->field);
        fl_utf8_sanitize(b, h->text, 0);
        fl_buf_putc(b, '\n');
    }
    for (size_t i = 0; i < c->nfailures; i++)
        fl_buf_printf(b, "  %s FAILED: %s\n", c->failures[i].rule, c->failures[i].msg);
}

/* ---- fenliu classify ----------------------------------------------------------- */

struct classify_ctx {
    const struct fl_rules *rules;
    struct fl_matcher *m;
    enum cli_format format;
    const char *source;
    struct fl_buf b;
    int rejected;
    bool oom;
};

static int classify_one(void *ctx, struct fl_filing *f)
{
    struct classify_ctx *cc = ctx;
    if (f->nproblems) {
        /* The id and the message quote the filing (an invalid id is why it
         * is refused): sanitized, as ingest prints them. */
        const struct fl_problem *p = &f->problems[0];
        struct fl_buf line = FL_BUF_INIT;
        fl_buf_printf(&line, "%s:%ld:%ld: ", cc->source, p->line, p->column);
        if (f->id) {
            fl_utf8_sanitize(&line, f->id, 0);
            fl_buf_puts(&line, ": ");
        }
        fl_buf_puts(&line, "not classified: ");
        fl_utf8_sanitize(&line, p->field, 0);
        fl_buf_puts(&line, *p->field ? ": " : "");
        fl_utf8_sanitize(&line, p->msg, 0);
        fl_buf_putc(&line, '\n');
        cli_flush(&line, stderr);
        fl_buf_free(&line);
        cc->rejected++;
    } else {
        struct fl_classification c;
        struct fl_error err;
        if (fl_classify(cc->m, f, &c, &err) != FL_OK) {
            cc->oom = true;
        } else {
            if (cc->format == FMT_JSON)
                json_classification(&cc->b, f->id, &c);
            else
                text_classification(&cc->b, cc->rules, f->id, &c);
            fl_classification_clear(&c);
        }
        cli_flush(&cc->b, stdout);
    }
    fl_filing_free(f);
    return cc->oom;
}

static int classify_file(void *ctx, const struct fl_walk_entry *e)
{
    struct classify_ctx *cc = ctx;
    if (e->errnum) {
        cli_error("cannot read %s: %s", e->path, strerror(e->errnum));
        cc->rejected++;
        return 0;
    }
    char why[1024];
    int fd = fl_open_document(e->path, e->found, why, sizeof why);
    if (fd < 0) {
        cli_error("%s: %s", e->path, why);
        cc->rejected++;
        return 0;
    }
    cc->source = e->path;
    struct fl_error err;
    enum fl_status st = fl_parse_fd(fd, e->path, NULL, classify_one, cc, &err);
    close(fd);
    if (st != FL_OK && !cc->oom)
        cli_error("%s", err.msg);
    return st != FL_OK;
}

int cmd_classify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *rules_file = NULL, *db_opt = NULL;
    struct classify_ctx cc = {.format = FMT_TEXT};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': rules_file = optarg; break;
        default:
            if ((rc = cli_common_option(c, "text|json", CLASSIFY_USAGE, &db_opt, &cc.format)) >= 0)
                return rc;
        }
    }
    if (optind == argc) {
        cli_error("classify wants files or folders to classify");
        fputs(CLASSIFY_USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_db *db = NULL;
    if (!rules_file && (db_opt || getenv("FENLIU_DB")))
        if (!(db = cli_open_db(db_opt, FL_DB_READ, NULL)))
            return EXIT_FAILED;
    struct fl_rules *r = cli_load_rules(rules_file, db);
    fl_db_close(db);
    if (!r)
        return EXIT_FAILED;
    cc.rules = r;
    cc.m = fl_matcher_alloc(r);
    int failed = !cc.m;
    for (int i = optind; i < argc && !failed; i++)
        failed = fl_walk_xml(argv[i], classify_file, &cc) != 0;
    cli_flush(&cc.b, stdout);
    fl_buf_free(&cc.b);
    fl_matcher_free(cc.m);
    fl_rules_free(r);
    if (failed || cc.oom) {
        cli_error("classification failed");
        return EXIT_FAILED;
    }
    return cc.rejected ? EXIT_REJECTED : EXIT_OK;
}

/* ---- fenliu reclassify ------------------------------------------------------------ */

#define PAGE 500
#define NLABELS 6
static const char *const LABELS[NLABELS] = {"(none)", "simple/small-claims", "simple/summary",
                                            "simple/simple", "complex/ordinary", "(other)"};

static int label_of(const char *track, const char *procedure)
{
    if (!track)
        return 0;
    char both[64];
    snprintf(both, sizeof both, "%s/%s", track, procedure ? procedure : "");
    for (int i = 1; i < NLABELS - 1; i++)
        if (strcmp(both, LABELS[i]) == 0)
            return i;
    return NLABELS - 1;
}

struct pending {
    int64_t case_id;
    struct fl_classification c;
};

struct reclass_ctx {
    const struct fl_rules *rules;
    struct fl_calendar *cal;      /* to keep the cases' status rows */
    struct fl_periods *periods;
    struct fl_matcher *m;
    bool dry_run, json;
    int64_t matrix[NLABELS][NLABELS];
    int64_t seen, judged, unreadable, moved;
    int64_t last_id;
    struct pending page[PAGE];
    size_t npage;
    struct fl_buf out;
    bool oom;
};

struct one_filing {
    struct fl_filing *f;
};

static int take_filing(void *ctx, struct fl_filing *f)
{
    struct one_filing *o = ctx;
    if (o->f)
        fl_filing_free(f);
    else
        o->f = f;
    return 0;
}

static void report_move(struct reclass_ctx *rc, const struct fl_stored_case *c, int from, int to)
{
    if (rc->json) {
        fl_buf_puts(&rc->out, "{\"case_no\":");
        if (c->case_no)
            fl_buf_json_str(&rc->out, c->case_no, strlen(c->case_no));
        else
            fl_buf_puts(&rc->out, "null");
        fl_buf_puts(&rc->out, ",\"id\":");
        fl_buf_json_str(&rc->out, c->filing_id, strlen(c->filing_id));
        fl_buf_printf(&rc->out, ",\"from\":\"%s\",\"to\":\"%s\"}\n", LABELS[from], LABELS[to]);
    } else {
        fl_buf_printf(&rc->out, "  %s  %s  %s -> %s\n", c->case_no ? c->case_no : "-", c->filing_id, LABELS[from],
                      LABELS[to]);
    }
}

static int reclassify_case(void *ctx, const struct fl_stored_case *c)
{
    struct reclass_ctx *rc = ctx;
    rc->seen++;
    rc->last_id = c->id;
    struct one_filing o = {NULL};
    struct fl_error err;
    fl_parse_stored(c->raw, c->raw_len, c->encoding, c->ns_context, c->filing_id, take_filing, &o,
                    &err);
    if (!o.f || o.f->nproblems) {
        rc->unreadable++;
        fl_filing_free(o.f);
        return 0;
    }
    struct pending *p = &rc->page[rc->npage];
    if (fl_classify(rc->m, o.f, &p->c, &err) != FL_OK) {
        rc->oom = true;
        fl_filing_free(o.f);
        return 1;
    }
    fl_filing_free(o.f);
    int from = label_of(c->track, c->procedure), to = label_of(p->c.track, p->c.procedure);
    if (c->judge_decided) {
        rc->judged++;
        to = from; /* a judge's decision stands */
    }
    rc->matrix[from][to]++;
    if (from != to) {
        rc->moved++;
        report_move(rc, c, from, to);
    }
    bool changes = !c->judge_decided && (from != to || !c->ruleset_hash ||
                                         strcmp(c->ruleset_hash, fl_rules_hash(rc->rules)) != 0);
    if (changes && !rc->dry_run) {
        p->case_id = c->id;
        rc->npage++;
    } else {
        fl_classification_clear(&p->c);
    }
    return 0;
}

static enum fl_status record_page(struct reclass_ctx *rc, struct fl_db *db, int64_t *recorded,
                                  struct fl_error *err)
{
    enum fl_status st = rc->npage ? fl_db_begin(db, err) : FL_OK;
    for (size_t i = 0; i < rc->npage && st == FL_OK; i++) {
        struct fl_proposal p = {rc->rules, &rc->page[i].c, cli_login()};
        st = fl_db_store_proposal(db, rc->page[i].case_id, &p, err);
    }
    for (size_t i = 0; i < rc->npage && st == FL_OK && rc->cal; i++)
        st = fl_db_refresh_status(db, rc->page[i].case_id, rc->cal, rc->periods, err);
    if (rc->npage && st == FL_OK)
        st = fl_db_commit(db, err);
    else if (rc->npage)
        fl_db_rollback(db);
    if (st == FL_OK)
        *recorded += (int64_t)rc->npage;
    for (size_t i = 0; i < rc->npage; i++)
        fl_classification_clear(&rc->page[i].c);
    rc->npage = 0;
    return st;
}

static void print_matrix(struct reclass_ctx *rc)
{
    bool used[NLABELS] = {false};
    for (int i = 0; i < NLABELS; i++)
        for (int k = 0; k < NLABELS; k++)
            if (rc->matrix[i][k])
                used[i] = used[k] = true;
    printf("%-22s", "from \\ to");
    for (int k = 0; k < NLABELS; k++)
        if (used[k])
            printf(" %20s", LABELS[k]);
    printf("\n");
    for (int i = 0; i < NLABELS; i++) {
        if (!used[i])
            continue;
        printf("%-22s", LABELS[i]);
        for (int k = 0; k < NLABELS; k++)
            if (used[k])
                printf(" %20lld", (long long)rc->matrix[i][k]);
        printf("\n");
    }
}

static enum fl_status reclassify_all(struct reclass_ctx *rc, struct fl_db *db,
                                     int64_t *recorded, struct fl_error *err)
{
    enum fl_status st = FL_OK;
    int64_t count;
    do {
        st = fl_db_cases_page(db, rc->last_id, PAGE, reclassify_case, rc, &count, err);
        if (rc->oom)
            st = fl_fail(err, FL_ENOMEM, "out of memory");
        if (st == FL_OK)
            st = record_page(rc, db, recorded, err);
        cli_flush(&rc->out, stdout);
    } while (st == FL_OK && count == PAGE);
    return st;
}

int cmd_reclassify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"db", required_argument, NULL, 'd'},
        {"dry-run", no_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *rules_file = NULL, *db_opt = NULL;
    bool dry_run = false;
    enum cli_format format = FMT_TEXT;
    int c, status;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': rules_file = optarg; break;
        case 'n': dry_run = true; break;
        default:
            if ((status = cli_common_option(c, "text|json", RECLASSIFY_USAGE, &db_opt,
                                            &format)) >= 0)
                return status;
        }
    }
    if (optind != argc) {
        cli_error("reclassify takes no arguments");
        return EXIT_USAGE;
    }
    bool json = format == FMT_JSON;
    struct fl_db *db = cli_open_db(db_opt, dry_run ? FL_DB_READ : FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_rules *r = cli_load_rules(rules_file, db);
    struct reclass_ctx *rc = r ? calloc(1, sizeof *rc) : NULL;
    struct fl_error err = {0};
    enum fl_status st = FL_EINVAL;
    int64_t recorded = 0;
    if (rc && (rc->m = fl_matcher_alloc(r)) != NULL &&
        fl_db_clock_data(db, &rc->cal, &rc->periods, &err) == FL_OK) {
        rc->rules = r;
        rc->dry_run = dry_run;
        rc->json = json;
        if (!json)
            printf("cases that %s move to ruleset %s version %s:\n", dry_run ? "would" : "will",
                   fl_rules_name(r), fl_rules_version(r));
        st = reclassify_all(rc, db, &recorded, &err);
        if (st == FL_OK && !dry_run && rules_file)
            st = fl_db_set_active_ruleset(db, r, &err);
    } else if (r && !rc) {
        st = fl_fail(&err, FL_ENOMEM, "out of memory");
    } else if (r) { /* the calendar, the periods or the matcher failed: err says which */
        st = rc->m ? FL_EDB : fl_fail(&err, FL_ENOMEM, "out of memory");
    }
    if (st == FL_OK && !json) {
        printf("\n");
        print_matrix(rc);
        printf("\n%lld cases read, %lld %s move; %lld decided by a judge keep their decision",
               (long long)rc->seen, (long long)rc->moved, dry_run ? "would" : "did",
               (long long)rc->judged);
        if (rc->unreadable)
            printf("; %lld could not be read again", (long long)rc->unreadable);
        if (dry_run)
            printf("\n(dry run: nothing recorded)\n");
        else
            printf("\n%lld new decisions recorded\n", (long long)recorded);
    }
    if (rc) {
        for (size_t i = 0; i < rc->npage; i++)
            fl_classification_clear(&rc->page[i].c);
        fl_buf_free(&rc->out);
        fl_matcher_free(rc->m);
        fl_calendar_free(rc->cal);
        fl_periods_free(rc->periods);
        free(rc);
    }
    fl_rules_free(r);
    fl_db_close(db);
    if (st != FL_OK) {
        if (r)
            cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}
