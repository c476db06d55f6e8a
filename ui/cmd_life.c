/* fenliu case STEP, fenliu deadlines: the civil case lifecycle. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lifecycle.h"
#include "periods.h"
#include "steps.h"
#include "utf8.h"

static const char STEP_USAGE[] =
    "usage: fenliu case STEP [--db PATH] [--date YYYY-MM-DD] [--reason TEXT] [options] ID\n"
    "\n"
    "Record a step of a case; every step is an event (who, when, what, why) that is\n"
    "never changed.  A step the case's state does not allow is refused, saying\n"
    "which steps are possible.  --date is the day it takes effect (default today).\n"
    "\n"
    "Who may take which step (`fenliu user add LOGIN --role ROLE`); a login that is\n"
    "not a user takes none:\n"
    "  clerk      return, correct, accept, refuse, mediate, mediation-end, assign,\n"
    "             counterclaim, route (to themself)\n"
    "  judge      mediate, mediation-end, convert, decline-proposal, suspend, resume,\n"
    "             extend, counterclaim, close (and `fenliu case retrack`)\n"
    "  president  every step, approve and decline among them (院长 or 庭长)\n"
    "  admin      every step\n"
    "\n"
    "  return --reasons CODES [--note TEXT] [--by DATE]  return for correction (补正);\n"
    "           CODES, comma-separated: parties, claims, facts, evidence, jurisdiction,\n"
    "           signature, fee, other\n"
    "  correct                      the correction arrived: the 7-day acceptance clock\n"
    "                               starts again\n"
    "  mediate [--consent]          pre-suit mediation (委派调解, needs the parties'\n"
    "                               consent; pauses the acceptance clock), or in-suit\n"
    "                               mediation once accepted\n"
    "  mediation-end --result settled|failed [--confirmed]\n"
    "  accept                       accept (立案): the case gets its number and the\n"
    "                               trial-limit clock starts\n"
    "  refuse --reason TEXT         do not accept\n"
    "  route --clerk LOGIN          intake: put the filing in a clerk's inbox (before\n"
    "                               acceptance; a clerk routes to themself, a president\n"
    "                               or admin to anyone); no clock moves\n"
    "  assign --judge LOGIN [--procedure P]  assign the judge (and procedure:\n"
    "                               fast-adjudication, small-claims, summary, ordinary)\n"
    "  convert --to ordinary --reason TEXT   ask to convert (a president approves)\n"
    "  decline-proposal --reason TEXT        keep the procedure despite a sign of\n"
    "                               complexity (public notice, appraisal, counterclaim)\n"
    "  suspend --kind K --until DATE [--reason TEXT]  stop the trial clock: appraisal,\n"
    "                               public-notice, jurisdiction-objection, suspension,\n"
    "                               settlement-talks, adjournment\n"
    "  resume [--kind K]            restart it\n"
    "  extend --length N{d|wd|m} --reason TEXT  ask to extend the trial limit\n"
    "  approve|decline --what convert|extend   a president decides a request\n"
    "  counterclaim                 a counterclaim was filed\n"
    "  close --how judgment|mediation|withdrawal|dismissal|transfer\n";

static const char *const STEPS[] = {"return", "correct", "mediate", "mediation-end", "accept",
                                    "refuse", "assign", "convert", "decline-proposal",
                                    "suspend", "resume", "extend", "approve", "decline",
                                    "counterclaim", "close", "route", NULL};

bool cli_is_case_step(const char *word)
{
    for (const char *const *s = STEPS; *s; s++)
        if (strcmp(*s, word) == 0)
            return true;
    return false;
}

struct step_args {
    const char *db, *date, *reason;
    struct fl_buf args; /* key=value lines */
};

static void put_arg(struct step_args *a, const char *key, const char *value)
{
    fl_buf_printf(&a->args, "%s=", key);
    for (const char *p = value; *p; p++)
        fl_buf_putc(&a->args, *p == '\n' ? ' ' : *p);
    fl_buf_putc(&a->args, '\n');
}

static int parse_step(int argc, char **argv, struct step_args *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"date", required_argument, NULL, 'D'},
        {"reason", required_argument, NULL, 'r'},  {"reasons", required_argument, NULL, 'R'},
        {"note", required_argument, NULL, 'n'},    {"by", required_argument, NULL, 'b'},
        {"consent", no_argument, NULL, 'c'},       {"result", required_argument, NULL, 's'},
        {"confirmed", no_argument, NULL, 'C'},     {"judge", required_argument, NULL, 'j'},
        {"procedure", required_argument, NULL, 'p'}, {"to", required_argument, NULL, 't'},
        {"kind", required_argument, NULL, 'k'},    {"until", required_argument, NULL, 'u'},
        {"length", required_argument, NULL, 'l'},  {"what", required_argument, NULL, 'w'},
        {"how", required_argument, NULL, 'H'},     {"clerk", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const struct { int c; const char *key; } KEYS[] = {
        {'R', "reasons"}, {'n', "note"}, {'b', "by"}, {'s', "result"}, {'j', "judge"},
        {'p', "procedure"}, {'t', "to"}, {'k', "kind"}, {'u', "until"}, {'l', "length"},
        {'w', "what"}, {'H', "how"}, {'L', "clerk"},
    };
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        bool done = true;
        switch (c) {
        case 'D': a->date = optarg; break;
        case 'r': a->reason = optarg; break;
        case 'c': put_arg(a, "consent", "yes"); break;
        case 'C': put_arg(a, "confirmed", "yes"); break;
        default: done = false;
        }
        for (size_t i = 0; !done && i < sizeof KEYS / sizeof KEYS[0]; i++)
            if (KEYS[i].c == c) {
                put_arg(a, KEYS[i].key, optarg);
                done = true;
            }
        if (!done && (rc = cli_common_option(c, NULL, STEP_USAGE, &a->db, NULL)) >= 0)
            return rc;
    }
    if (optind + 1 != argc) {
        cli_error("a case step names one case (its filing id or case number)");
        fputs(STEP_USAGE, stderr);
        return EXIT_USAGE;
    }
    return -1;
}

/* ---- printing clocks ---------------------------------------------------------- */

static void clock_text(struct fl_buf *b, const struct fl_clock *k, fl_date today)
{
    char start[11], due[11], until[11];
    fl_date_format(k->start, start);
    if (k->unknown_period) {
        fl_buf_printf(b, "  %-19s from %s: NO DUE DATE: the periods document has no period "
                         "\"%s\" (see `fenliu periods`)\n",
                      k->name, start, k->period);
        return;
    }
    if (k->level == FL_LEVEL_NONE) {
        fl_buf_printf(b, "  %-19s from %s: no limit (%s)\n", k->name, start, k->period);
        return;
    }
    fl_date_format(k->due, due);
    fl_buf_printf(b, "  %-19s from %s, due %s%s: %d of %d days used, %d left [%s]", k->name,
                  start, due, k->provisional ? " (provisional)" : "", k->used, k->total,
                  k->left, fl_level_name(k->level));
    if (k->excluded_days)
        fl_buf_printf(b, "; %d days excluded", k->excluded_days);
    if (k->paused) {
        fl_date_format(k->paused_until, until);
        fl_buf_printf(b, "; stopped%s%s%s", k->paused_until ? " until " : "",
                      k->paused_until ? until : "",
                      k->paused_overdue ? " — PAST ITS EXPECTED END, restart it" : "");
    }
    (void)today;
    fl_buf_putc(b, '\n');
}

/* The clock's members as JSON (no braces: callers add their own). */
static void clock_json(struct fl_buf *b, const struct fl_clock *k)
{
    char start[11], due[11];
    fl_date_format(k->start, start);
    fl_date_format(k->due, due);
    fl_buf_printf(b, "\"clock\":\"%s\",\"period\":\"%s\",\"start\":\"%s\",", k->name,
                  k->period, start);
    if (k->level == FL_LEVEL_NONE)
        fl_buf_puts(b, "\"due\":null,");
    else
        fl_buf_printf(b, "\"due\":\"%s\",\"used\":%d,\"total\":%d,\"left\":%d,", due, k->used,
                      k->total, k->left);
    if (k->unknown_period)
        fl_buf_puts(b, "\"unknown_period\":true,");
    fl_buf_printf(b, "\"excluded\":%d,\"level\":\"%s\",\"paused\":%s,\"paused_overdue\":%s,"
                     "\"provisional\":%s",
                  k->excluded_days, fl_level_name(k->level), k->paused ? "true" : "false",
                  k->paused_overdue ? "true" : "false", k->provisional ? "true" : "false");
}

/* The engine's inputs every lifecycle command needs. */
struct life_env {
    struct fl_db *db;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    fl_date today;
};

static int env_open(struct life_env *env, const char *db_opt, enum fl_db_mode mode)
{
    memset(env, 0, sizeof *env);
    struct fl_error err;
    if (!(env->db = cli_open_db(db_opt, mode, NULL)))
        return EXIT_FAILED;
    if (fl_db_clock_data(env->db, &env->cal, &env->periods, &err) != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    env->today = fl_date_today();
    return -1;
}

static void env_close(struct life_env *env)
{
    fl_calendar_free(env->cal);
    fl_periods_free(env->periods);
    fl_db_close(env->db);
}

static void replay(const struct fl_case_life *c, struct fl_life *life)
{
    fl_life_replay(life, c->received, c->procedure, c->foreign, c->events, c->nevents);
}

/* ---- fenliu case STEP ---------------------------------------------------------------- */

static int record_step(struct life_env *env, const char *kind, const char *key,
                       struct step_args *a, fl_date effective)
{
    struct fl_step step = {.key = key, .kind = kind, .args = fl_buf_str(&a->args),
                           .reason = a->reason, .login = cli_login(), .effective = effective};
    struct fl_error err;
    if (fl_case_step(env->db, &step, env->cal, env->periods, &err) != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

static void print_case_state(struct life_env *env, const char *key)
{
    struct fl_case_life c;
    struct fl_error err;
    if (fl_db_case_life(env->db, key, &c, &err) != FL_OK)
        return;
    struct fl_life life;
    replay(&c, &life);
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_printf(&b, "%s%s%s: %s, %s procedure", c.case_no[0] ? c.case_no : "",
                  c.case_no[0] ? " " : "", c.filing_id, fl_state_name(life.state),
                  life.procedure);
    if (life.judge[0])
        fl_buf_printf(&b, ", judge %s", life.judge);
    if (life.clerk[0] && life.accepted_on == 0 && life.state != FL_ST_NOT_ACCEPTED &&
        life.state != FL_ST_CLOSED)
        fl_buf_printf(&b, ", in the inbox of %s", life.clerk);
    if (life.pending_convert[0])
        fl_buf_printf(&b, "; conversion to %s awaits approval", life.pending_convert);
    if (life.pending_extend[0])
        fl_buf_printf(&b, "; extension of %s awaits approval", life.pending_extend);
    if (life.proposals_open)
        fl_buf_printf(&b, "; a proposal to convert to ordinary procedure is open");
    fl_buf_putc(&b, '\n');
    struct fl_clock clocks[FL_MAX_CLOCKS];
    size_t n = fl_life_clocks(&life, env->cal, env->periods, env->today, clocks);
    for (size_t i = 0; i < n; i++)
        clock_text(&b, &clocks[i], env->today);
    cli_flush(&b, stdout);
    fl_buf_free(&b);
    fl_case_life_free(&c);
}

int cmd_case_step(const char *kind, int argc, char **argv)
{
    struct step_args a = {NULL, NULL, NULL, FL_BUF_INIT};
    int rc = parse_step(argc, argv, &a);
    fl_date effective = fl_date_today();
    if (rc < 0 && a.date && !fl_date_parse(a.date, &effective)) {
        cli_error("--date wants YYYY-MM-DD, not \"%s\"", a.date);
        rc = EXIT_USAGE;
    }
    if (rc < 0 && fl_step_needs_reason(kind) && (!a.reason || !*a.reason)) {
        cli_error("case %s needs a --reason", kind);
        rc = EXIT_USAGE;
    }
    struct life_env env = {0}; /* --help and usage errors open nothing */
    if (rc < 0)
        rc = env_open(&env, a.db, FL_DB_WRITE);
    if (rc < 0) {
        rc = record_step(&env, kind, argv[optind], &a, effective);
        if (rc == EXIT_OK)
            print_case_state(&env, argv[optind]);
        env_close(&env);
    } else if (env.db || env.cal || env.periods) {
        env_close(&env);
    }
    fl_buf_free(&a.args);
    return rc;
}

/* ---- fenliu deadlines -------------------------------------------------------------- */

static const char DEADLINES_USAGE[] =
    "usage: fenliu deadlines [--db PATH] [--due-within N] [--overdue] [--format text|json]\n"
    "\n"
    "List the open clocks of every case, most urgent first: the acceptance\n"
    "decision, the trial limit, mediation.  Levels: notice (two thirds used),\n"
    "warning (10 days left), urgent (5 days left), overdue; the levels are set in\n"
    "schemas/periods.xml.  A clock stopped past its expected end is flagged:\n"
    "somebody must restart it.  Dates in years whose holidays are not yet\n"
    "announced are marked provisional.\n"
    "\n"
    "  --due-within N   only clocks due within N days (overdue ones included)\n"
    "  --overdue        only overdue clocks and clocks stopped past their end\n";

struct row {
    char who[160];
    struct fl_clock k;
};

struct deadlines {
    struct life_env *env;
    struct row *rows;
    size_t n, cap;
    long within;
    bool overdue_only;
};

static int collect(void *ctx, const struct fl_case_life *c)
{
    struct deadlines *d = ctx;
    struct fl_life life;
    replay(c, &life);
    struct fl_clock clocks[FL_MAX_CLOCKS];
    size_t n = fl_life_clocks(&life, d->env->cal, d->env->periods, d->env->today, clocks);
    for (size_t i = 0; i < n; i++) {
        const struct fl_clock *k = &clocks[i];
        bool late = k->level == FL_LEVEL_OVERDUE || k->paused_overdue;
        if (d->overdue_only && !late)
            continue;
        if (d->within >= 0 && (k->level == FL_LEVEL_NONE || k->left > d->within) && !late)
            continue;
        if (d->n == d->cap) {
            d->cap = d->cap ? d->cap * 2 : 256;
            struct row *r = realloc(d->rows, d->cap * sizeof *r);
            if (!r)
                return 1;
            d->rows = r;
        }
        struct row *r = &d->rows[d->n++];
        snprintf(r->who, sizeof r->who, "%s%s%s", c->case_no[0] ? c->case_no : "",
                 c->case_no[0] ? " " : "", c->filing_id);
        r->k = *k;
    }
    return 0;
}

/* Most urgent first: level, then days left. */
static int by_urgency(const void *pa, const void *pb)
{
    const struct fl_clock *a = &((const struct row *)pa)->k, *b = &((const struct row *)pb)->k;
    int ra = a->level == FL_LEVEL_NONE ? -1 : (int)a->level + (a->paused_overdue ? 10 : 0);
    int rb = b->level == FL_LEVEL_NONE ? -1 : (int)b->level + (b->paused_overdue ? 10 : 0);
    if (ra != rb)
        return rb - ra;
    return a->left - b->left;
}



int cmd_deadlines(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"format", required_argument, NULL, 'f'},
        {"due-within", required_argument, NULL, 'w'}, {"overdue", no_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    enum cli_format format = FMT_TEXT;
    struct deadlines d = {.within = -1};
    int c, rc;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'w') {
            d.within = strtol(optarg, &end, 10);
            if (*end || end == optarg || d.within < 0) {
                cli_error("--due-within wants a number of days, not \"%s\"", optarg);
                return EXIT_USAGE;
            }
        } else if (c == 'o') {
            d.overdue_only = true;
        } else if ((rc = cli_common_option(c, "text|json", DEADLINES_USAGE, &db_opt, &format)) >=
                   0) {
            return rc;
        }
    }
    struct life_env env;
    if ((rc = env_open(&env, db_opt, FL_DB_READ)) >= 0)
        return rc;
    d.env = &env;
    struct fl_error err;
    enum fl_status st = fl_db_each_case_life(env.db, collect, &d, &err);
    if (d.n) /* qsort wants a non-NULL array even for nothing */
        qsort(d.rows, d.n, sizeof *d.rows, by_urgency);
    struct fl_buf b = FL_BUF_INIT;
    for (size_t i = 0; st == FL_OK && i < d.n; i++) {
        if (format == FMT_JSON) {
            fl_buf_puts(&b, "{\"case\":");
            fl_buf_json_str(&b, d.rows[i].who, strlen(d.rows[i].who));
            fl_buf_putc(&b, ',');
            clock_json(&b, &d.rows[i].k);
            fl_buf_puts(&b, "}\n");
        } else {
            fl_utf8_pad(&b, d.rows[i].who, 40);
            clock_text(&b, &d.rows[i].k, env.today);
        }
        if (b.len > 65536)
            cli_flush(&b, stdout);
    }
    if (st == FL_OK && format == FMT_TEXT)
        fl_buf_printf(&b, "%zu open clocks listed\n", d.n);
    cli_flush(&b, stdout);
    fl_buf_free(&b);
    free(d.rows);
    env_close(&env);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

/* ---- the lifecycle in `case show` ------------------------------------------------------ */

static void events_json(struct fl_buf *b, const struct fl_case_life *c)
{
    fl_buf_puts(b, ",\"events\":[");
    for (size_t i = 0; i < c->nevents; i++) {
        const struct fl_event *e = &c->events[i];
        char date[11];
        fl_date_format(e->effective, date);
        fl_buf_printf(b, "%s{\"kind\":\"%s\",\"effective\":\"%s\",\"args\":", i ? "," : "",
                      e->kind, date);
        fl_buf_json_str(b, e->args ? e->args : "", e->args ? strlen(e->args) : 0);
        fl_buf_puts(b, ",\"reason\":");
        if (e->reason)
            fl_buf_json_str(b, e->reason, strlen(e->reason));
        else
            fl_buf_puts(b, "null");
        fl_buf_puts(b, ",\"login\":");
        fl_buf_json_str(b, e->login ? e->login : "", e->login ? strlen(e->login) : 0);
        fl_buf_puts(b, ",\"at\":");
        fl_buf_json_str(b, e->at ? e->at : "", e->at ? strlen(e->at) : 0);
        fl_buf_putc(b, '}');
    }
    fl_buf_putc(b, ']');
}

static void events_text(struct fl_buf *b, const struct fl_case_life *c)
{
    if (c->nevents)
        fl_buf_puts(b, "Events\n");
    for (size_t i = 0; i < c->nevents; i++) {
        const struct fl_event *e = &c->events[i];
        char date[11];
        fl_date_format(e->effective, date);
        fl_buf_printf(b, "  %s  %-16s by %s", date, e->kind, e->login ? e->login : "");
        const char *p = e->args ? e->args : "";
        if (*p)
            fl_buf_puts(b, ": ");
        for (; *p; p++)
            if (*p != '\n' || p[1])
                fl_buf_puts(b, *p == '\n' ? ", " : (char[]){*p, 0});
        if (e->reason && *e->reason) {
            fl_buf_puts(b, "; reason: ");
            fl_utf8_sanitize(b, e->reason, 0);
        }
        fl_buf_putc(b, '\n');
    }
}

void cli_show_life(struct fl_db *db, const char *key, struct fl_buf *b, bool json)
{
    struct fl_case_life c;
    struct fl_error err;
    struct fl_calendar *cal;
    struct fl_periods *periods;
    if (fl_db_case_life(db, key, &c, &err) != FL_OK)
        return;
    if (fl_db_clock_data(db, &cal, &periods, &err) != FL_OK) {
        fl_case_life_free(&c);
        return;
    }
    struct fl_life life;
    replay(&c, &life);
    struct fl_clock clocks[FL_MAX_CLOCKS];
    size_t n = fl_life_clocks(&life, cal, periods, fl_date_today(), clocks);
    if (json) {
        fl_buf_printf(b, ",\"state\":\"%s\",\"trial_procedure\":\"%s\",\"judge\":",
                      fl_state_name(life.state), life.procedure);
        if (life.judge[0])
            fl_buf_json_str(b, life.judge, strlen(life.judge));
        else
            fl_buf_puts(b, "null");
        fl_buf_puts(b, ",\"clerk\":");
        if (life.clerk[0])
            fl_buf_json_str(b, life.clerk, strlen(life.clerk));
        else
            fl_buf_puts(b, "null");
        fl_buf_printf(b, ",\"proposals\":{\"open\":%d,\"accepted\":%d,\"declined\":%d}",
                      life.proposals_open, life.proposals_accepted, life.proposals_declined);
        fl_buf_puts(b, ",\"clocks\":[");
        for (size_t i = 0; i < n; i++) {
            fl_buf_puts(b, i ? ",{" : "{");
            clock_json(b, &clocks[i]);
            fl_buf_putc(b, '}');
        }
        fl_buf_putc(b, ']');
        events_json(b, &c);
    } else {
        fl_buf_printf(b, "State\n  %s, %s procedure%s%s%s%s\n", fl_state_name(life.state),
                      life.procedure, life.judge[0] ? ", judge " : "", life.judge,
                      life.clerk[0] ? ", intake clerk " : "", life.clerk);
        if (life.pending_convert[0] || life.pending_extend[0] || life.proposals_open)
            fl_buf_printf(b, "  waiting: %s%s%s%s\n",
                          life.pending_convert[0] ? "conversion to ordinary (approval) " : "",
                          life.pending_extend[0] ? "extension (approval) " : "",
                          life.proposals_open ? "a proposal to convert (judge) " : "", "");
        for (size_t i = 0; i < n; i++)
            clock_text(b, &clocks[i], fl_date_today());
        events_text(b, &c);
    }
    fl_calendar_free(cal);
    fl_periods_free(periods);
    fl_case_life_free(&c);
}

/* ---- fenliu periods -------------------------------------------------------------------- */

static const char PERIODS_USAGE[] =
    "usage: fenliu periods [--db PATH] [show]\n"
    "       fenliu periods [--db PATH] use FILE\n"
    "\n"
    "show   every statutory period the clocks apply: code, length (d days, wd\n"
    "       working days, m months), extensions and who approves them, source\n"
    "use    make FILE (the format of schemas/periods.xml, e.g. with the court's\n"
    "       own fast-adjudication limit) the periods of this database; open\n"
    "       clocks use it at once\n";

static void print_periods(const struct fl_periods *p)
{
    printf("alerts: notice when %d/%d of a limit is used, warning with %d days left, urgent "
           "with %d\n\n",
           p->notice_num, p->notice_den, p->warning_days, p->urgent_days);
    for (size_t i = 0; i < p->n; i++) {
        const struct fl_period *x = &p->items[i];
        char len[24];
        fl_period_format(x, len, sizeof len);
        printf("%-28s %-6s %s%s\n", x->code, len, x->name, x->verified ? "" : " (unverified)");
        for (size_t k = 0; k < x->next; k++) {
            struct fl_period ext = {.limited = true, .length = x->ext[k].length,
                                    .unit = x->ext[k].unit};
            fl_period_format(&ext, len, sizeof len);
            printf("%-28s +%-5s approved by %s\n", "", len, x->ext[k].approver);
        }
        printf("%-28s        %s\n", "", x->source);
    }
}

int cmd_periods(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_db_options(argc, argv, PERIODS_USAGE, &db_opt);
    if (rc >= 0)
        return rc;
    const char *sub = optind < argc ? argv[optind] : "show";
    bool use = strcmp(sub, "use") == 0 && argc - optind == 2;
    if (!use && !(strcmp(sub, "show") == 0 && argc - optind <= 1)) {
        fputs(PERIODS_USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, use ? FL_DB_WRITE : FL_DB_READ, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    struct fl_periods *p = NULL;
    enum fl_status st;
    if (use) {
        struct fl_buf xml = FL_BUF_INIT;
        st = !fl_buf_read_file(&xml, argv[optind + 1])
                 ? fl_fail(&err, FL_EIO, "cannot read %s: %m", argv[optind + 1])
                 : fl_periods_load(fl_buf_str(&xml), xml.len, argv[optind + 1], &p, &err);
        if (st == FL_OK)
            st = fl_db_set_periods(db, fl_buf_str(&xml), xml.len, &err);
        fl_buf_free(&xml);
        if (st == FL_OK && !cli_refresh_status(db, NULL))
            st = FL_EDB, snprintf(err.msg, sizeof err.msg, "the cases' status was not updated");
        if (st == FL_OK)
            printf("%s: %zu periods now apply to every clock\n", argv[optind + 1], p->n);
    } else {
        st = fl_db_periods(db, &p, &err);
        if (st == FL_OK)
            print_periods(p);
    }
    fl_periods_free(p);
    fl_db_close(db);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}
