#include "cli.h"

#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fenliu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_format(const char *value, const char *allowed)
{
    static const char *const names[] = {"text", "json", "tsv"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(names[i]);
        const char *p = strstr(allowed, names[i]);
        if (strcmp(value, names[i]) == 0 && p && (p[n] == '\0' || p[n] == '|'))
            return i;
    }
    cli_error("--format must be one of %s, not \"%s\"", allowed, value);
    return -1;
}

int cli_common_option(int c, const char *formats, const char *usage, const char **db,
                      enum cli_format *format)
{
    int f;
    switch (c) {
    case 'd':
        *db = optarg;
        return -1;
    case 'f':
        if (!format || (f = cli_format(optarg, formats)) < 0)
            return EXIT_USAGE;
        *format = (enum cli_format)f;
        return -1;
    case 'h':
        fputs(usage, stdout);
        return EXIT_OK;
    default:
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
}

int cli_db_options(int argc, char **argv, const char *usage, const char **db)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
        if ((rc = cli_common_option(c, NULL, usage, db, NULL)) >= 0)
            return rc;
    return -1;
}

struct fl_db *cli_open_db(const char *opt, enum fl_db_mode mode, char **path_out)
{
    char *path = fl_db_path_alloc(opt);
    if (!path) {
        cli_error("out of memory");
        return NULL;
    }
    struct fl_db *db;
    struct fl_error err;
    if (fl_db_open(path, mode, &db, &err) != FL_OK) {
        cli_error("%s", err.msg);
        free(path);
        return NULL;
    }
    if (path_out)
        *path_out = path;
    else
        free(path);
    return db;
}

struct fl_rules *cli_load_rules(const char *file, struct fl_db *db)
{
    struct fl_rules *r = NULL;
    struct fl_error err;
    struct fl_rules_diags diags = {0};
    enum fl_status st;
    if (file)
        st = fl_rules_load_file(file, &r, &diags, &err);
    else if (db)
        st = fl_db_active_ruleset(db, &r, &err);
    else
        st = fl_rules_load_default(&r, &err);
    for (size_t i = 0; i < diags.count; i++) {
        const struct fl_rules_diag *d = &diags.items[i];
        fprintf(stderr, "%s:%ld: %s%s%s\n", file, d->line, d->rule[0] ? "rule " : "", d->rule,
                d->rule[0] ? ": " : "");
        fprintf(stderr, "    %s\n", d->msg);
    }
    fl_rules_diags_free(&diags);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return NULL;
    }
    return r;
}

bool cli_refresh_status(struct fl_db *db, const char *key)
{
    struct fl_calendar *cal;
    struct fl_periods *periods;
    struct fl_error err;
    enum fl_status st = fl_db_clock_data(db, &cal, &periods, &err);
    struct fl_case_life life = {0};
    if (st == FL_OK && key)
        st = fl_db_case_life(db, key, &life, &err);
    int64_t n;
    if (st == FL_OK && key) {
        st = fl_db_begin(db, &err);
        if (st == FL_OK)
            st = fl_db_refresh_status(db, life.case_id, cal, periods, &err);
        if (st == FL_OK)
            st = fl_db_commit(db, &err);
        else
            fl_db_rollback(db);
    } else if (st == FL_OK) {
        st = fl_db_refresh_all_status(db, cal, periods, &n, &err);
    }
    fl_case_life_free(&life);
    fl_calendar_free(cal);
    fl_periods_free(periods);
    if (st != FL_OK)
        cli_error("%s", err.msg);
    return st == FL_OK;
}

const char *cli_login(void)
{
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name)
        return pw->pw_name;
    const char *user = getenv("USER");
    return user && *user ? user : "unknown";
}

void cli_flush(struct fl_buf *b, FILE *out)
{
    if (b->len)
        fwrite(b->data, 1, b->len, out);
    fl_buf_reset(b);
}
