/* fenliu user add|list: who may do what. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: fenliu user add [--db PATH] LOGIN --role clerk|judge|president|admin\n"
    "       fenliu user list [--db PATH]\n"
    "\n"
    "Users are operating-system logins with a role.  A president (院长 or 庭长)\n"
    "approves extensions of trial limits and conversions to ordinary procedure.\n"
    "`fenliu init` makes the login that ran it an admin; only an admin adds\n"
    "users (anyone may add the first one).\n";

static int print_user(void *ctx, const char *login, const char *role, const char *by,
                      const char *at)
{
    (void)ctx;
    printf("%-20s %-10s added by %s at %s\n", login, role, by, at);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"role", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL, *role = NULL;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r')
            role = optarg;
        else if ((rc = cli_common_option(c, NULL, USAGE, &db_opt, NULL)) >= 0)
            return rc;
    }
    const char *sub = optind < argc ? argv[optind] : "";
    bool add = strcmp(sub, "add") == 0 && argc - optind == 2 && role;
    bool list = strcmp(sub, "list") == 0 && argc - optind == 1;
    if (!add && !list) {
        cli_error("user add LOGIN --role ROLE, or user list");
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, add ? FL_DB_WRITE : FL_DB_READ, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    rc = EXIT_OK;
    char mine[16] = "";
    if (list) {
        fl_db_users(db, print_user, NULL, &err);
    } else if (fl_db_user_count(db) > 0 &&
               !(fl_db_user_role(db, cli_login(), mine, sizeof mine) &&
                 strcmp(mine, "admin") == 0)) {
        cli_error("only an admin adds users, and %s is %s", cli_login(),
                  mine[0] ? mine : "not a user");
        rc = EXIT_FAILED;
    } else if (fl_db_set_user(db, argv[optind + 1], role, cli_login(), &err) != FL_OK) {
        cli_error("%s", err.msg);
        rc = err.status == FL_EINVAL ? EXIT_USAGE : EXIT_FAILED;
    } else {
        printf("%s is a %s\n", argv[optind + 1], role);
    }
    fl_db_close(db);
    return rc;
}
