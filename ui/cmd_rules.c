/* fenliu rules check|use|stats: rulesets for rule authors and judges. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rules.h"
#include "utf8.h"

static const char USAGE[] =
    "usage: fenliu rules check FILE\n"
    "       fenliu rules use [--db PATH] FILE\n"
    "       fenliu rules stats [--db PATH] [--format text|json]\n"
    "\n"
    "check   load the ruleset FILE and report every problem with the rule id and\n"
    "        line: XML errors, patterns that do not compile (with the offset)\n"
    "        or use \\C (one byte: it would split Chinese characters), unknown\n"
    "        fields, parameters, patterns or flags, unreachable rules.\n"
    "        Exits 0 when the ruleset is sound, 1 otherwise.\n"
    "use     check FILE and make it the ruleset that classifies new filings in\n"
    "        the database (`fenliu reclassify` applies it to stored cases).\n"
    "stats   per rule, in how many cases' current proposals it fired, how many\n"
    "        it decided, and how many of those a judge then moved to another\n"
    "        track or procedure (`fenliu case retrack`).\n"
    "\n"
    "Without `rules use`, a database classifies with the ruleset built into\n"
    "fenliu (schemas/rules/default.xml; docs/rules.md explains the language).\n";

static int rules_check(const char *file)
{
    struct fl_rules *r = cli_load_rules(file, NULL);
    if (!r)
        return EXIT_FAILED;
    printf("%s: ruleset %s version %s, %zu rules, sound (hash %.16s…)\n", file,
           fl_rules_name(r), fl_rules_version(r), fl_rules_count(r), fl_rules_hash(r));
    fl_rules_free(r);
    return EXIT_OK;
}

static int rules_use(const char *db_opt, const char *file)
{
    struct fl_rules *r = cli_load_rules(file, NULL);
    if (!r)
        return EXIT_FAILED;
    char *path;
    struct fl_db *db = cli_open_db(db_opt, FL_DB_WRITE, &path);
    if (!db) {
        fl_rules_free(r);
        return EXIT_FAILED;
    }
    struct fl_error err;
    int rc = EXIT_OK;
    if (fl_db_set_active_ruleset(db, r, &err) != FL_OK) {
        cli_error("%s", err.msg);
        rc = EXIT_FAILED;
    } else {
        printf("%s now classifies new filings with ruleset %s version %s\n", path,
               fl_rules_name(r), fl_rules_version(r));
        printf("stored cases keep their decisions: see `fenliu reclassify --dry-run`\n");
    }
    fl_db_close(db);
    free(path);
    fl_rules_free(r);
    return rc;
}

struct stats_ctx {
    enum cli_format format;
    struct fl_buf b;
};

static int stat_row(void *ctx, const struct fl_rule_stat *s)
{
    struct stats_ctx *sc = ctx;
    if (sc->format == FMT_JSON) {
        fl_buf_puts(&sc->b, "{\"rule\":");
        fl_buf_json_str(&sc->b, s->rule, strlen(s->rule));
        fl_buf_printf(&sc->b,
                      ",\"fired\":%lld,\"decided\":%lld,\"overruled\":%lld,"
                      "\"overruled_when_fired\":%lld}\n",
                      (long long)s->fired, (long long)s->decided, (long long)s->overruled,
                      (long long)s->overruled_fired);
    } else {
        char rate[16] = "-";
        if (s->decided)
            snprintf(rate, sizeof rate, "%.1f%%", 100.0 * (double)s->overruled / (double)s->decided);
        fl_utf8_pad(&sc->b, s->rule, 28);
        fl_buf_printf(&sc->b, " %8lld %8lld %10lld %8s %12lld\n", (long long)s->fired,
                      (long long)s->decided, (long long)s->overruled, rate,
                      (long long)s->overruled_fired);
    }
    return 0;
}

static int rules_stats(const char *db_opt, enum cli_format format)
{
    struct fl_db *db = cli_open_db(db_opt, FL_DB_READ, NULL);
    if (!db)
        return EXIT_FAILED;
    struct stats_ctx sc = {format, FL_BUF_INIT};
    if (format == FMT_TEXT) {
        fl_utf8_pad(&sc.b, "RULE", 28);
        fl_buf_printf(&sc.b, " %8s %8s %10s %8s %12s\n", "FIRED", "DECIDED", "OVERRULED",
                      "RATE", "OVR-IF-FIRED");
    }
    struct fl_error err;
    enum fl_status st = fl_db_rule_stats(db, stat_row, &sc, &err);
    cli_flush(&sc.b, stdout);
    fl_buf_free(&sc.b);
    fl_db_close(db);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    enum cli_format format = FMT_TEXT;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        default:
            if ((rc = cli_common_option(c, "text|json", USAGE, &db_opt, &format)) >= 0)
                return rc;
        }
    }
    const char *sub = optind < argc ? argv[optind] : "";
    int nargs = argc - optind - 1;
    if (strcmp(sub, "check") == 0 && nargs == 1)
        return rules_check(argv[optind + 1]);
    if (strcmp(sub, "use") == 0 && nargs == 1)
        return rules_use(db_opt, argv[optind + 1]);
    if (strcmp(sub, "stats") == 0 && nargs == 0)
        return rules_stats(db_opt, format);
    cli_error("rules wants check FILE, use FILE or stats");
    fputs(USAGE, stderr);
    return EXIT_USAGE;
}
