/* fenliu ingest: take filings from files, folders or a spool folder. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"
#include "parse.h"
#include "utf8.h"

static const char USAGE[] =
    "usage: fenliu ingest [--db PATH] [--format text|json] [-v] PATH...\n"
    "       fenliu ingest [--db PATH] [--format text|json] [-v] --spool DIR [--watch]\n"
    "\n"
    "Read filing documents (a <filing> or a <batch> of them, UTF-8 or GB18030)\n"
    "and store each filing: accepted (a new case), duplicate (the same id with the\n"
    "same content was received before) or rejected (with the reason, and for XML\n"
    "errors the line and column).  A filing with a known id but other content is\n"
    "a conflict and is rejected; the stored one is never changed.  A folder is\n"
    "read recursively, *.xml in name order; a symbolic link, FIFO, socket or\n"
    "device in it is a rejected document, never followed or opened (a path\n"
    "named may be a link to a file).  The database must exist (`fenliu init`\n"
    "creates it): a missing or empty one is refused, and nothing is read or\n"
    "moved.\n"
    "\n"
    "  --db PATH          the database (default $FENLIU_DB, else\n"
    "                     ~/.local/share/fenliu/fenliu.db)\n"
    "  --format FORMAT    text (default): a line per rejected or duplicate\n"
    "                     filing, then \"read N documents: A accepted, D duplicates,\n"
    "                     R rejected\"; json: one object per filing and line,\n"
    "                     {\"source\",\"id\",\"status\",\"error\",\"line\",\"column\"}\n"
    "  -v, --verbose      text: also a line per accepted filing, with its proposed\n"
    "                     track and procedure\n"
    "  --spool DIR        take the *.xml files in DIR, each all or nothing; once a\n"
    "                     file's filings are committed it moves to DIR/done/, or to\n"
    "                     DIR/rejected/ with NAME.err beside it giving every reason\n"
    "                     (so do entries that are not regular files, unopened).\n"
    "                     Several ingesters may share DIR: each file is taken by\n"
    "                     one.  A file that cannot be finished (a full disk) stays\n"
    "                     in DIR, said on standard error, and the run goes on\n"
    "  --watch            with --spool: keep taking files as they arrive (written\n"
    "                     and closed, or moved in), and every 2 s of quiet look at\n"
    "                     DIR again for files left behind, until interrupted\n"
    "                     (Ctrl-C); while none comes, index the search words of\n"
    "                     the cases stored (see `fenliu index`)\n"
    "  --rules FILE       classify new cases with this ruleset (default: the\n"
    "                     database's active ruleset, see `fenliu rules use`)\n"
    "  --max-filing-size BYTES\n"
    "                     reject filings larger than this (default 8M; K and M\n"
    "                     suffixes allowed; at most 256M): every byte counts,\n"
    "                     comments too; no tag or comment and no gap between\n"
    "                     filings may be longer either; a tag has at most 16\n"
    "                     attributes; no amount may exceed 1,000,000,000,000 yuan\n"
    "\n"
    "Exit status: 0 nothing rejected, 3 some filings rejected, 2 usage error,\n"
    "1 ingestion failed (e.g. the database could not be written) or a spool file\n"
    "was left in DIR.\n";

struct out {
    enum cli_format format;
    bool verbose;
    struct fl_buf b;
};

static const char *const STATUS_WORD[] = {"accepted", "duplicate", "rejected"};

static void report_json(struct out *o, const struct fl_outcome *r)
{
    fl_buf_puts(&o->b, "{\"source\":");
    fl_buf_json_str(&o->b, r->source, strlen(r->source));
    if (r->id) {
        fl_buf_puts(&o->b, ",\"id\":");
        fl_buf_json_str(&o->b, r->id, strlen(r->id));
    }
    fl_buf_printf(&o->b, ",\"status\":\"%s\"", STATUS_WORD[r->status]);
    if (r->error) {
        fl_buf_puts(&o->b, ",\"error\":");
        fl_buf_json_str(&o->b, r->error, strlen(r->error));
    }
    if (r->line > 0)
        fl_buf_printf(&o->b, ",\"line\":%ld", r->line);
    if (r->column > 0)
        fl_buf_printf(&o->b, ",\"column\":%ld", r->column);
    fl_buf_puts(&o->b, "}\n");
}

static void report_text(struct out *o, const struct fl_outcome *r)
{
    if (r->status == FL_OUT_ACCEPTED && !o->verbose)
        return;
    fl_utf8_sanitize(&o->b, r->source, 0);
    if (r->line > 0)
        fl_buf_printf(&o->b, ":%ld:%ld", r->line, r->column);
    fl_buf_puts(&o->b, ": ");
    if (r->id) {
        fl_utf8_sanitize(&o->b, r->id, 0);
        fl_buf_puts(&o->b, ": ");
    }
    if (r->status == FL_OUT_ACCEPTED)
        fl_buf_printf(&o->b, "accepted%s%s%s%s\n", r->track ? ", proposed " : "",
                      r->track ? r->track : "", r->track ? "/" : "",
                      r->procedure ? r->procedure : "");
    else if (r->status == FL_OUT_DUPLICATE)
        fl_buf_puts(&o->b, "duplicate: received before with the same content\n");
    else {
        fl_buf_puts(&o->b, "rejected: ");
        fl_utf8_sanitize(&o->b, r->error, 0);
        fl_buf_putc(&o->b, '\n');
    }
}

static void report(void *ctx, const struct fl_outcome *r)
{
    struct out *o = ctx;
    if (o->format == FMT_JSON)
        report_json(o, r);
    else
        report_text(o, r);
    if (o->b.len > 32768 || r->status != FL_OUT_ACCEPTED)
        cli_flush(&o->b, stdout);
}

/* A spool file left in the spool for a reason not its own: on standard
 * error, after the outcomes printed so far. */
static void warn(void *ctx, const char *message)
{
    struct out *o = ctx;
    cli_flush(&o->b, stdout);
    fflush(stdout);
    struct fl_buf b = FL_BUF_INIT;
    fl_utf8_sanitize(&b, message, 0);
    cli_error("%s", fl_buf_str(&b));
    fl_buf_free(&b);
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    if (*end || v == 0)
        return false;
    *out = (size_t)v;
    return true;
}

struct ingest_args {
    const char *db, *spool, *rules;
    bool watch;
    size_t max_size;
    struct out out;
};

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct ingest_args *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"spool", required_argument, NULL, 's'},
        {"watch", no_argument, NULL, 'w'},
        {"verbose", no_argument, NULL, 'v'},
        {"max-filing-size", required_argument, NULL, 'm'},
        {"rules", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
        switch (c) {
        case 's': a->spool = optarg; break;
        case 'w': a->watch = true; break;
        case 'v': a->out.verbose = true; break;
        case 'r': a->rules = optarg; break;
        case 'm':
            if (!parse_size(optarg, &a->max_size)) {
                cli_error("--max-filing-size wants a size in bytes (e.g. 8M), not \"%s\"",
                          optarg);
                return EXIT_USAGE;
            }
            /* A filing is stored whole, and a row of SQLite holds at most
             * a gigabyte: a larger limit would let one filing fail the run. */
            if (a->max_size > FL_MAX_FILING_BYTES_LIMIT) {
                cli_error("--max-filing-size may be at most %uM (a filing is stored whole)",
                          (unsigned)(FL_MAX_FILING_BYTES_LIMIT >> 20));
                return EXIT_USAGE;
            }
            break;
        default:
            if ((rc = cli_common_option(c, "text|json", USAGE, &a->db, &a->out.format)) >= 0)
                return rc;
        }
    }
    const char *problem = NULL;
    if (a->watch && !a->spool)
        problem = "--watch needs --spool DIR";
    else if (a->spool && optind < argc)
        problem = "give either --spool DIR or PATHs, not both";
    else if (!a->spool && optind == argc)
        problem = "nothing to ingest: name files or folders, or --spool DIR";
    if (problem) {
        cli_error("%s", problem);
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    return -1;
}

int cmd_ingest(int argc, char **argv)
{
    struct ingest_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    struct fl_db *db = cli_open_db(a.db, FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_rules *rules = cli_load_rules(a.rules, db);
    struct fl_calendar *cal = NULL;
    struct fl_periods *periods = NULL;
    struct fl_error err;
    if (rules && fl_db_clock_data(db, &cal, &periods, &err) != FL_OK)
        cli_error("%s", err.msg);
    if (!rules || !cal || !periods) {
        fl_rules_free(rules);
        fl_calendar_free(cal);
        fl_periods_free(periods);
        fl_db_close(db);
        return EXIT_FAILED;
    }
    struct fl_ingest_opts io = {.login = cli_login(), .max_filing_bytes = a.max_size,
                                .report = report, .warn = warn, .ctx = &a.out,
                                .rules = rules, .calendar = cal, .periods = periods};
    struct fl_ingest *ing;
    if (fl_ingest_begin(db, &io, &ing, &err) != FL_OK) {
        cli_error("%s", err.msg);
        fl_rules_free(rules);
        fl_calendar_free(cal);
        fl_periods_free(periods);
        fl_db_close(db);
        return EXIT_FAILED;
    }
    enum fl_status st = FL_OK;
    if (a.spool) {
        if (a.watch) {
            struct sigaction sa = {.sa_handler = on_signal};
            sigaction(SIGINT, &sa, NULL);
            sigaction(SIGTERM, &sa, NULL);
        }
        st = fl_ingest_spool(ing, a.spool, a.watch, &interrupted, &err);
    }
    for (int i = optind; i < argc && st == FL_OK; i++)
        st = fl_ingest_path(ing, argv[i], &err);
    struct fl_run_counts n;
    struct fl_error end_err;
    enum fl_status end = fl_ingest_end(ing, &n, &end_err);
    cli_flush(&a.out.b, stdout);
    fl_buf_free(&a.out.b);
    fl_rules_free(rules);
    fl_calendar_free(cal);
    fl_periods_free(periods);
    fl_db_close(db);
    if (end != FL_OK) { /* the writer's error is the cause of any other */
        st = end;
        err = end_err;
    }
    if (st != FL_OK) {
        fflush(stdout);
        cli_error("ingestion failed: %s", err.msg);
        return EXIT_FAILED;
    }
    if (a.out.format == FMT_TEXT)
        printf("read %lld documents: %lld accepted, %lld duplicates, %lld rejected\n",
               (long long)n.documents, (long long)n.accepted, (long long)n.duplicates,
               (long long)n.rejected);
    if (n.left) {
        fflush(stdout);
        cli_error("%lld file%s left in %s for the reasons above: ingest the spool again once "
                  "they are mended",
                  (long long)n.left, n.left == 1 ? "" : "s", a.spool);
        return EXIT_FAILED;
    }
    return n.rejected ? EXIT_REJECTED : EXIT_OK;
}
