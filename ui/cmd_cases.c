/* fenliu cases, fenliu case show: what is stored. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "steps.h"
#include "utf8.h"

static const char CASES_USAGE[] =
    "usage: fenliu cases [--db PATH] [--format text|json|tsv] [--limit N]\n"
    "                    [--by-urgency] [--open] [--track T] [--procedure P] [--flag F]\n"
    "                    [--judge LOGIN] [--state S] [--search TEXT]\n"
    "\n"
    "List the stored cases, newest first: case number, filing id, type, cause,\n"
    "first plaintiff (petitioner) and defendant (debtor), the total claimed, and\n"
    "the current track (简 simple / 繁 complex) and procedure.\n"
    "\n"
    "  --db PATH        the database (default $FENLIU_DB, else\n"
    "                   ~/.local/share/fenliu/fenliu.db)\n"
    "  --format FORMAT  text (default, a table ending in a count), json (one object\n"
    "                   per line), tsv (a header line, then one line per case; a\n"
    "                   tab or line break in a value is a space).  Text and tsv\n"
    "                   show control characters as ^X or <U+0085> and\n"
    "                   bidirectional marks as <U+202E>, never raw\n"
    "  --limit N        at most N cases (default: all)\n"
    "  --by-urgency     most urgent first (earliest due date of the case's open\n"
    "                   clock; none last), with the state and due date; implied\n"
    "                   by any of the filters:\n"
    "  --open           leave out closed and not-accepted cases\n"
    "  --track T, --procedure P, --flag F, --judge LOGIN, --state S\n"
    "                   (states: filed returned pre-suit-mediation accepted\n"
    "                   in-suit-mediation trial closed not-accepted)\n"
    "  --search TEXT    in the cause, the case number, the filing id or a party's\n"
    "                   name (ASCII letters in any case)\n";

static const char CASE_USAGE[] =
    "usage: fenliu case show [--db PATH] [--format text|json] [--raw] ID\n"
    "       fenliu case retrack [--db PATH] --track T --procedure P --reason TEXT ID\n"
    "       fenliu case note [--db PATH] --text TEXT [--private] ID\n"
    "       fenliu case STEP [options] ID    (`fenliu case accept --help` lists the steps:\n"
    "                                        return, correct, mediate, accept, assign,\n"
    "                                        convert, suspend, resume, extend, approve,\n"
    "                                        close…)\n"
    "\n"
    "show     one case as stored: every party, claim, request, attachment, the\n"
    "         bankruptcy details, and every decision on its track with the rules\n"
    "         that fired.  --raw prints the filing exactly as received.\n"
    "note     a note on the case, kept and attributed, never edited; --private:\n"
    "         seen by its author only (a judge's working notes); a login that\n"
    "         is not a user (`fenliu user`) is read-only\n"
    "retrack  a judge moves the case to another track or procedure, with a\n"
    "         written reason.  The proposal stays; the decision is added.\n"
    "         Judges, presidents and admins may; not once the case is closed.\n"
    "         Civil: --track simple with --procedure small-claims or summary,\n"
    "         --track complex with --procedure ordinary; bankruptcy: simple/simple\n"
    "         or complex/ordinary.\n"
    "\n"
    "ID is the filing's id or, once the case is accepted, its case number\n"
    "((2026)川0191民初1号; full-width parentheses work too).\n"
    "\n"
    "  --db PATH        the database\n"
    "  --format FORMAT  show: text (default) or json (one object)\n";

/* ---- fenliu cases ---------------------------------------------------------- */

struct list_ctx {
    enum cli_format format;
    struct fl_buf b;
    int64_t shown;
    bool queue; /* by urgency, with state and due date */
    struct fl_buf tmp;
};

static void json_field(struct fl_buf *b, const char *key, const char *v, bool first)
{
    fl_buf_printf(b, "%s\"%s\":", first ? "" : ",", key);
    if (v)
        fl_buf_json_str(b, v, strlen(v));
    else
        fl_buf_puts(b, "null");
}

static void json_amount(struct fl_buf *b, const char *key, bool has, int64_t fen)
{
    char amount[40];
    fl_format_fen(fen, amount, sizeof amount);
    fl_buf_printf(b, ",\"%s\":%s", key, has ? amount : "null");
}

/* TSV has no escapes: a tab or line break in a value becomes a space.  The
 * rest is shown as in the text format (fl_utf8_sanitize), because a TSV is
 * read in terminals and spreadsheets too, where a C1 control or a
 * bidirectional override in a party's name would hide or reorder what the
 * clerk sees.  TMP is scratch space. */
static void tsv_field(struct fl_buf *b, struct fl_buf *tmp, const char *v, bool last)
{
    fl_buf_reset(tmp);
    for (const char *p = v ? v : ""; *p; p++)
        fl_buf_putc(tmp, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
    fl_utf8_sanitize(b, fl_buf_str(tmp), 0);
    fl_buf_putc(b, last ? '\n' : '\t');
}

static void text_cell(struct fl_buf *b, const char *v, size_t cols)
{
    struct fl_buf clean = FL_BUF_INIT;
    fl_utf8_sanitize(&clean, v ? v : "-", 0);
    fl_utf8_pad(b, fl_buf_str(&clean), cols);
    fl_buf_free(&clean);
    fl_buf_puts(b, "  ");
}

static int list_row(void *ctx, const struct fl_case_row *r)
{
    struct list_ctx *l = ctx;
    char amount[40] = "-";
    if (r->has_claimed)
        fl_format_fen(r->claimed_fen, amount, sizeof amount);
    if (l->format == FMT_JSON) {
        fl_buf_putc(&l->b, '{');
        json_field(&l->b, "case_no", r->case_no, true);
        json_field(&l->b, "id", r->filing_id, false);
        json_field(&l->b, "type", r->type, false);
        json_field(&l->b, "cause", r->cause, false);
        json_field(&l->b, "court", r->court, false);
        json_field(&l->b, "plaintiff", r->first_plaintiff, false);
        json_field(&l->b, "defendant", r->first_defendant, false);
        fl_buf_printf(&l->b, ",\"parties\":%lld", (long long)r->nparties);
        json_amount(&l->b, "claimed", r->has_claimed, r->claimed_fen);
        json_field(&l->b, "track", r->track, false);
        json_field(&l->b, "procedure", r->procedure, false);
        json_field(&l->b, "flags", r->flags, false);
        if (l->queue) {
            json_field(&l->b, "state", r->state, false);
            json_field(&l->b, "judge", r->judge, false);
            json_field(&l->b, "clock", r->clock, false);
            json_field(&l->b, "due", r->due, false);
        }
        json_field(&l->b, "submitted", r->submitted, false);
        json_field(&l->b, "received", r->received_at, false);
        fl_buf_puts(&l->b, "}\n");
    } else if (l->format == FMT_TSV) {
        const char *v[] = {r->case_no,         r->filing_id,         r->type,
                           r->cause,           r->first_plaintiff,   r->first_defendant,
                           r->has_claimed ? amount : "", r->track, r->procedure,
                           r->flags,           r->received_at};
        for (int i = 0; i < 11; i++)
            tsv_field(&l->b, &l->tmp, v[i], i == 10);
    } else {
        text_cell(&l->b, r->case_no, 24);
        text_cell(&l->b, r->filing_id, 18);
        text_cell(&l->b, r->type, 10);
        text_cell(&l->b, r->cause, 18);
        text_cell(&l->b, r->first_plaintiff, 20);
        text_cell(&l->b, r->first_defendant, 20);
        fl_buf_printf(&l->b, "%14s  ", amount);
        char track[40] = "-";
        if (r->track)
            snprintf(track, sizeof track, "%s %s", strcmp(r->track, "simple") == 0 ? "简" : "繁",
                     r->procedure);
        fl_buf_printf(&l->b, "%s", track);
        if (l->queue)
            fl_buf_printf(&l->b, "  %s %s%s", r->state ? r->state : "-", r->due ? r->due : "-",
                          r->paused ? " (stopped)" : "");
        fl_buf_putc(&l->b, '\n');
    }
    l->shown++;
    if (l->b.len > 65536)
        cli_flush(&l->b, stdout);
    return 0;
}

static void list_header(struct list_ctx *l)
{
    if (l->format == FMT_TSV) {
        fl_buf_puts(&l->b, "case_no\tid\ttype\tcause\tplaintiff\tdefendant\tclaimed\ttrack\t"
                           "procedure\tflags\treceived\n");
    } else if (l->format == FMT_TEXT) {
        const char *h[] = {"CASE", "FILING", "TYPE", "CAUSE", "PLAINTIFF", "DEFENDANT"};
        const size_t w[] = {24, 18, 10, 18, 20, 20};
        for (int i = 0; i < 6; i++)
            text_cell(&l->b, h[i], w[i]);
        fl_buf_printf(&l->b, "%14s  %s%s\n", "CLAIMED", "TRACK",
                      l->queue ? "        STATE DUE" : "");
    }
}

int cmd_cases(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"limit", required_argument, NULL, 'n'},
        {"by-urgency", no_argument, NULL, 'u'},
        {"open", no_argument, NULL, 'o'},
        {"track", required_argument, NULL, 't'},
        {"procedure", required_argument, NULL, 'p'},
        {"flag", required_argument, NULL, 'F'},
        {"judge", required_argument, NULL, 'j'},
        {"state", required_argument, NULL, 's'},
        {"search", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    struct list_ctx l = {FMT_TEXT, FL_BUF_INIT, 0, false, FL_BUF_INIT};
    struct fl_queue_filter q = {0};
    long long limit = 0;
    int c, rc;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            limit = strtoll(optarg, &end, 10);
            if (*end || end == optarg || limit < 1) {
                cli_error("--limit wants a number of 1 or more, not \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'u': l.queue = true; break;
        case 'o': q.open_only = l.queue = true; break;
        case 't': q.track = optarg, l.queue = true; break;
        case 'p': q.procedure = optarg, l.queue = true; break;
        case 'F': q.flag = optarg, l.queue = true; break;
        case 'j': q.judge = optarg, l.queue = true; break;
        case 's': q.state = optarg, l.queue = true; break;
        case 'S': q.search = optarg, l.queue = true; break;
        default:
            if ((rc = cli_common_option(c, "text|json|tsv", CASES_USAGE, &db_opt, &l.format)) >= 0)
                return rc;
        }
    }
    if (optind != argc) {
        cli_error("cases takes no arguments");
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, FL_DB_READ, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    int64_t total = 0;
    list_header(&l);
    enum fl_status st = l.queue ? fl_db_queue(db, &q, limit, 0, &total, list_row, &l, &err)
                                : fl_db_list_cases(db, limit, 0, &total, list_row, &l, &err);
    if (st == FL_OK && l.format == FMT_TEXT)
        fl_buf_printf(&l.b, "%lld of %lld cases%s\n", (long long)l.shown, (long long)total,
                      l.queue ? " (matching)" : "");
    cli_flush(&l.b, stdout);
    fl_buf_free(&l.b);
    fl_buf_free(&l.tmp);
    fl_db_close(db);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

/* ---- fenliu case show ------------------------------------------------------- */

static void text_line(struct fl_buf *b, const char *label, const char *v)
{
    if (!v)
        return;
    fl_buf_printf(b, "%-12s", label);
    fl_utf8_sanitize(b, v, 0);
    fl_buf_putc(b, '\n');
}

static void text_block(struct fl_buf *b, const char *indent, const char *v)
{
    struct fl_buf clean = FL_BUF_INIT;
    fl_utf8_sanitize(&clean, v, 1);
    fl_buf_puts(b, indent);
    for (const char *p = fl_buf_str(&clean); *p; p++) {
        fl_buf_putc(b, *p);
        if (*p == '\n')
            fl_buf_puts(b, indent);
    }
    fl_buf_putc(b, '\n');
    fl_buf_free(&clean);
}

static void show_party_text(struct fl_buf *b, size_t i, const struct fl_party *p)
{
    fl_buf_printf(b, "  %zu. %s (%s): ", i + 1, p->role, p->kind);
    fl_utf8_sanitize(b, p->name, 0);
    fl_buf_putc(b, '\n');
    const char *labels[] = {"ID number", "nationality", "address", "representative"};
    const char *values[] = {p->idno, p->nationality, p->address, p->representative};
    for (int k = 0; k < 4; k++) {
        if (!values[k] || !*values[k])
            continue;
        fl_buf_printf(b, "     %-15s", labels[k]);
        fl_utf8_sanitize(b, values[k], 0);
        fl_buf_putc(b, '\n');
    }
}

static void show_bankruptcy_text(struct fl_buf *b, const struct fl_bankruptcy *k)
{
    char v[40];
    fl_buf_puts(b, "Bankruptcy\n");
    fl_buf_printf(b, "  procedure    %s\n  petitioner   %s\n", k->procedure, k->petitioner);
    if (k->has_assets_value) {
        fl_format_fen(k->assets_fen, v, sizeof v);
        fl_buf_printf(b, "  assets       %s yuan\n", v);
    }
    if (k->assets_text && *k->assets_text)
        text_block(b, "    ", k->assets_text);
    if (k->has_liabilities_value) {
        fl_format_fen(k->liabilities_fen, v, sizeof v);
        fl_buf_printf(b, "  liabilities  %s yuan\n", v);
    }
    if (k->has_creditors)
        fl_buf_printf(b, "  creditors    %lld\n", (long long)k->creditors);
    if (k->has_employees)
        fl_buf_printf(b, "  employees    %lld\n", (long long)k->employees);
    if (k->unpaid_wages >= 0)
        fl_buf_printf(b, "  unpaid wages %s\n", k->unpaid_wages ? "yes" : "no");
    if (k->statement && *k->statement) {
        fl_buf_puts(b, "  statement\n");
        text_block(b, "    ", k->statement);
    }
}

static void show_text(struct fl_buf *b, const struct fl_case *c)
{
    const struct fl_filing *f = c->filing;
    text_line(b, "Case", c->case_no ? c->case_no : "(not yet accepted)");
    text_line(b, "Filing", f->id);
    text_line(b, "Type", f->type);
    text_line(b, "Channel", f->channel);
    text_line(b, "Court", f->court);
    text_line(b, "Court code", f->court_code);
    text_line(b, "Cause", f->cause);
    text_line(b, "Submitted", f->submitted);
    text_line(b, "Received", c->received_at);
    if (c->track)
        fl_buf_printf(b, "%-12s%s track (%s), %s procedure\n", "Track", c->track,
                      strcmp(c->track, "simple") == 0 ? "简" : "繁", c->procedure);
    fl_buf_printf(b, "%-12s", "Source");
    fl_utf8_sanitize(b, c->source, 0);
    fl_buf_printf(b, ":%ld (%s, %zu bytes)\n", c->line, f->encoding, f->raw_len);
    fl_buf_puts(b, "Parties\n");
    for (size_t i = 0; i < f->nparties; i++)
        show_party_text(b, i, &f->parties[i]);
    if (f->nclaims)
        fl_buf_puts(b, "Claims\n");
    for (size_t i = 0; i < f->nclaims; i++) {
        char v[40] = "";
        if (f->claims[i].has_amount)
            fl_format_fen(f->claims[i].amount_fen, v, sizeof v);
        fl_buf_printf(b, "  %zu. %s%s", i + 1, v, *v ? " yuan: " : "");
        fl_utf8_sanitize(b, f->claims[i].text, 0);
        fl_buf_putc(b, '\n');
    }
    if (f->facts && *f->facts) {
        fl_buf_puts(b, "Facts\n");
        text_block(b, "  ", f->facts);
    }
    if (f->nrequests)
        fl_buf_puts(b, "Requests\n");
    for (size_t i = 0; i < f->nrequests; i++) {
        fl_buf_printf(b, "  %zu. %s: ", i + 1, f->requests[i].kind);
        fl_utf8_sanitize(b, f->requests[i].text ? f->requests[i].text : "", 0);
        fl_buf_putc(b, '\n');
    }
    if (f->nattachments)
        fl_buf_puts(b, "Attachments\n");
    for (size_t i = 0; i < f->nattachments; i++) {
        fl_buf_printf(b, "  %zu. ", i + 1);
        fl_utf8_sanitize(b, f->attachments[i].name, 0);
        if (f->attachments[i].sha256)
            fl_buf_printf(b, "  sha256 %s", f->attachments[i].sha256);
        fl_buf_putc(b, '\n');
    }
    if (f->has_bankruptcy)
        show_bankruptcy_text(b, &f->bk);
}

static void json_int(struct fl_buf *b, const char *key, bool has, int64_t v)
{
    if (has)
        fl_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
    else
        fl_buf_printf(b, ",\"%s\":null", key);
}

static void show_json_bankruptcy(struct fl_buf *b, const struct fl_bankruptcy *k)
{
    fl_buf_puts(b, ",\"bankruptcy\":{");
    json_field(b, "procedure", k->procedure, true);
    json_field(b, "petitioner", k->petitioner, false);
    json_amount(b, "assets", k->has_assets_value, k->assets_fen);
    json_field(b, "assets_text", k->assets_text, false);
    json_amount(b, "liabilities", k->has_liabilities_value, k->liabilities_fen);
    json_field(b, "liabilities_text", k->liabilities_text, false);
    json_int(b, "creditors", k->has_creditors, k->creditors);
    json_int(b, "employees", k->has_employees, k->employees);
    fl_buf_printf(b, ",\"unpaid_wages\":%s",
                  k->unpaid_wages < 0 ? "null" : k->unpaid_wages ? "true" : "false");
    json_field(b, "statement", k->statement, false);
    fl_buf_putc(b, '}');
}

static void show_json(struct fl_buf *b, const struct fl_case *c)
{
    const struct fl_filing *f = c->filing;
    fl_buf_putc(b, '{');
    json_field(b, "case_no", c->case_no, true);
    json_field(b, "id", f->id, false);
    json_field(b, "type", f->type, false);
    json_field(b, "channel", f->channel, false);
    json_field(b, "court", f->court, false);
    json_field(b, "court_code", f->court_code, false);
    json_field(b, "cause", f->cause, false);
    json_field(b, "submitted", f->submitted, false);
    json_field(b, "received", c->received_at, false);
    json_field(b, "track", c->track, false);
    json_field(b, "procedure", c->procedure, false);
    json_field(b, "source", c->source, false);
    fl_buf_printf(b, ",\"line\":%ld", c->line);
    json_field(b, "encoding", f->encoding, false);
    fl_buf_puts(b, ",\"parties\":[");
    for (size_t i = 0; i < f->nparties; i++) {
        const struct fl_party *p = &f->parties[i];
        fl_buf_puts(b, i ? ",{" : "{");
        json_field(b, "role", p->role, true);
        json_field(b, "kind", p->kind, false);
        json_field(b, "name", p->name, false);
        json_field(b, "idno", p->idno, false);
        json_field(b, "nationality", p->nationality, false);
        json_field(b, "address", p->address, false);
        json_field(b, "representative", p->representative, false);
        fl_buf_putc(b, '}');
    }
    fl_buf_puts(b, "],\"claims\":[");
    for (size_t i = 0; i < f->nclaims; i++) {
        fl_buf_puts(b, i ? ",{" : "{");
        json_field(b, "text", f->claims[i].text, true);
        json_amount(b, "amount", f->claims[i].has_amount, f->claims[i].amount_fen);
        fl_buf_putc(b, '}');
    }
    fl_buf_putc(b, ']');
    json_field(b, "facts", f->facts, false);
    fl_buf_puts(b, ",\"requests\":[");
    for (size_t i = 0; i < f->nrequests; i++) {
        fl_buf_puts(b, i ? ",{" : "{");
        json_field(b, "kind", f->requests[i].kind, true);
        json_field(b, "text", f->requests[i].text, false);
        fl_buf_putc(b, '}');
    }
    fl_buf_puts(b, "],\"attachments\":[");
    for (size_t i = 0; i < f->nattachments; i++) {
        fl_buf_puts(b, i ? ",{" : "{");
        json_field(b, "name", f->attachments[i].name, true);
        json_field(b, "sha256", f->attachments[i].sha256, false);
        fl_buf_putc(b, '}');
    }
    fl_buf_putc(b, ']');
    if (f->has_bankruptcy)
        show_json_bankruptcy(b, &f->bk);
    fl_buf_puts(b, "}\n");
}

/* ---- decisions --------------------------------------------------------------- */

struct decisions_ctx {
    struct fl_buf *b;
    bool json;
    int n;
};

static int decision_text(struct decisions_ctx *dc, const struct fl_decision_row *d,
                         const struct fl_hit_row *hits, size_t nhits,
                         const char *const *failures, size_t nfailures)
{
    struct fl_buf *b = dc->b;
    char amount[40] = "unknown";
    if (d->has_amount)
        fl_format_fen(d->amount_fen, amount, sizeof amount);
    if (strcmp(d->kind, "judge") == 0) {
        fl_buf_printf(b, "  %s  judge %s: %s track, %s procedure\n      reason: ", d->at,
                      d->login, d->track, d->procedure);
        fl_utf8_sanitize(b, d->reason ? d->reason : "", 0);
        fl_buf_putc(b, '\n');
        return 0;
    }
    fl_buf_printf(b, "  %s  proposal by ruleset %s %s: %s track, %s procedure; amount %s; "
                     "flags: %s\n",
                  d->at, d->ruleset_name ? d->ruleset_name : "?",
                  d->ruleset_version ? d->ruleset_version : "", d->track, d->procedure, amount,
                  d->flags && *d->flags ? d->flags : "none");
    for (size_t i = 0; i < nhits; i++) {
        fl_buf_printf(b, "      %s%s", hits[i].rule,
                      d->decided_by && strcmp(d->decided_by, hits[i].rule) == 0 ? " (decides)"
                                                                                : "");
        if (*hits[i].field) {
            fl_buf_printf(b, "  %s: ", hits[i].field);
            fl_utf8_sanitize(b, hits[i].text, 0);
        }
        fl_buf_putc(b, '\n');
    }
    for (size_t i = 0; i < nfailures; i++)
        fl_buf_printf(b, "      FAILED %s\n", failures[i]);
    return 0;
}

static int decision_json(struct decisions_ctx *dc, const struct fl_decision_row *d,
                         const struct fl_hit_row *hits, size_t nhits)
{
    struct fl_buf *b = dc->b;
    fl_buf_puts(b, dc->n++ ? ",{" : "{");
    json_field(b, "kind", d->kind, true);
    json_field(b, "track", d->track, false);
    json_field(b, "procedure", d->procedure, false);
    fl_buf_puts(b, ",\"flags\":[");
    const char *p = d->flags ? d->flags : "";
    for (int first = 1; *p; first = 0) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (!first)
            fl_buf_putc(b, ',');
        fl_buf_json_str(b, p, n);
        p += n + (e ? 1 : 0);
    }
    fl_buf_putc(b, ']');
    json_amount(b, "amount", d->has_amount, d->amount_fen);
    json_field(b, "decided_by", d->decided_by, false);
    json_field(b, "ruleset", d->ruleset_name, false);
    json_field(b, "ruleset_version", d->ruleset_version, false);
    json_field(b, "reason", d->reason, false);
    json_field(b, "login", d->login, false);
    json_field(b, "at", d->at, false);
    fl_buf_puts(b, ",\"hits\":[");
    for (size_t i = 0; i < nhits; i++) {
        fl_buf_puts(b, i ? ",{" : "{");
        json_field(b, "rule", hits[i].rule, true);
        json_field(b, "field", hits[i].field, false);
        json_field(b, "text", hits[i].text, false);
        fl_buf_putc(b, '}');
    }
    fl_buf_puts(b, "]}");
    return 0;
}

static int decision_row(void *ctx, const struct fl_decision_row *d, const struct fl_hit_row *hits,
                        size_t nhits, const char *const *failures, size_t nfailures)
{
    struct decisions_ctx *dc = ctx;
    return dc->json ? decision_json(dc, d, hits, nhits)
                    : decision_text(dc, d, hits, nhits, failures, nfailures);
}

static int note_row(void *ctx, const char *author, bool private_note, const char *text,
                    const char *at)
{
    struct decisions_ctx *dc = ctx;
    if (dc->json) {
        fl_buf_puts(dc->b, dc->n++ ? ",{" : "{");
        json_field(dc->b, "author", author, true);
        fl_buf_printf(dc->b, ",\"private\":%s", private_note ? "true" : "false");
        json_field(dc->b, "text", text, false);
        json_field(dc->b, "at", at, false);
        fl_buf_putc(dc->b, '}');
    } else {
        if (!dc->n++)
            fl_buf_puts(dc->b, "Notes\n");
        fl_buf_printf(dc->b, "  %s  %s%s: ", at, author, private_note ? " (private)" : "");
        fl_utf8_sanitize(dc->b, text, 0);
        fl_buf_putc(dc->b, '\n');
    }
    return 0;
}

static int case_show(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"raw", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    enum cli_format format = FMT_TEXT;
    bool raw = false;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': raw = true; break;
        default:
            if ((rc = cli_common_option(c, "text|json", CASE_USAGE, &db_opt, &format)) >= 0)
                return rc;
        }
    }
    if (optind + 1 != argc) {
        cli_error("case show wants exactly one ID (a case number or a filing id)");
        fputs(CASE_USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, FL_DB_READ, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_case *kase;
    struct fl_error err;
    enum fl_status st = fl_db_load_case(db, argv[optind], &kase, &err);
    if (st != FL_OK) {
        fl_db_close(db);
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    struct fl_buf b = FL_BUF_INIT;
    struct decisions_ctx dc = {&b, format == FMT_JSON, 0};
    if (raw) {
        fl_buf_append(&b, kase->filing->raw, kase->filing->raw_len);
    } else if (format == FMT_JSON) {
        show_json(&b, kase);
        b.len -= 2; /* reopen the object: "}\n" */
        fl_buf_puts(&b, ",\"decisions\":[");
        st = fl_db_case_decisions(db, kase->id, decision_row, &dc, &err);
        fl_buf_putc(&b, ']');
        cli_show_life(db, kase->filing->id, &b, true);
        struct decisions_ctx nc = {&b, true, 0};
        fl_buf_puts(&b, ",\"notes\":[");
        fl_db_case_notes(db, kase->id, cli_login(), note_row, &nc, &err);
        fl_buf_puts(&b, "]}\n");
    } else {
        show_text(&b, kase);
        fl_buf_puts(&b, "Decisions\n");
        st = fl_db_case_decisions(db, kase->id, decision_row, &dc, &err);
        cli_show_life(db, kase->filing->id, &b, false);
        struct decisions_ctx nc = {&b, false, 0};
        fl_db_case_notes(db, kase->id, cli_login(), note_row, &nc, &err);
    }
    fl_db_close(db);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        fl_buf_free(&b);
        fl_case_free(kase);
        return EXIT_FAILED;
    }
    cli_flush(&b, stdout);
    fl_buf_free(&b);
    fl_case_free(kase);
    return EXIT_OK;
}

static int case_retrack(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"track", required_argument, NULL, 't'},
        {"procedure", required_argument, NULL, 'p'},
        {"reason", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL, *track = NULL, *procedure = NULL, *reason = NULL;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't': track = optarg; break;
        case 'p': procedure = optarg; break;
        case 'r': reason = optarg; break;
        default:
            if ((rc = cli_common_option(c, NULL, CASE_USAGE, &db_opt, NULL)) >= 0)
                return rc;
        }
    }
    if (optind + 1 != argc || !track || !procedure || !reason || !*reason) {
        cli_error("case retrack wants --track, --procedure, a non-empty --reason and one ID");
        fputs(CASE_USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    struct fl_calendar *cal = NULL;
    struct fl_periods *periods = NULL;
    struct fl_buf args = FL_BUF_INIT;
    fl_buf_printf(&args, "track=%s\nprocedure=%s\n", track, procedure);
    /* The terminal's retrack is the same step: roles and status row alike. */
    struct fl_step step = {.key = argv[optind], .kind = "retrack", .args = fl_buf_str(&args),
                           .reason = reason, .login = cli_login(), .effective = fl_date_today()};
    enum fl_status st = fl_db_clock_data(db, &cal, &periods, &err);
    if (st == FL_OK)
        st = fl_case_step(db, &step, cal, periods, &err);
    fl_calendar_free(cal);
    fl_periods_free(periods);
    fl_buf_free(&args);
    fl_db_close(db);
    if (st == FL_EINVAL) {
        cli_error("%s", err.msg);
        return EXIT_USAGE;
    }
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    printf("%s: %s track, %s procedure, decided by %s\n", argv[optind], track, procedure,
           cli_login());
    return EXIT_OK;
}


static int case_note(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},  {"text", required_argument, NULL, 't'},
        {"private", no_argument, NULL, 'p'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL, *text = NULL;
    bool private_note = false;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 't')
            text = optarg;
        else if (c == 'p')
            private_note = true;
        else if ((rc = cli_common_option(c, NULL, CASE_USAGE, &db_opt, NULL)) >= 0)
            return rc;
    }
    if (optind + 1 != argc || !text || !*text) {
        cli_error("case note wants --text TEXT and one ID");
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    enum fl_status st = fl_case_note(db, argv[optind], cli_login(), private_note, text, &err);
    fl_db_close(db);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    printf("note kept on %s%s\n", argv[optind], private_note ? " (private: only you see it)" : "");
    return EXIT_OK;
}

int cmd_case(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "note") == 0)
        return case_note(argc - 1, argv + 1);
    if (argc >= 2 && cli_is_case_step(argv[1]))
        return cmd_case_step(argv[1], argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "show") == 0)
        return case_show(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "retrack") == 0)
        return case_retrack(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(CASE_USAGE, stdout);
        return EXIT_OK;
    }
    cli_error("case wants a subcommand: case show ID, case retrack ... ID");
    fputs(CASE_USAGE, stderr);
    return EXIT_USAGE;
}
