/* fenliu init: create the database (the only command that does), or bring an
 * older one up to date. */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

static const char USAGE[] =
    "usage: fenliu init [--db PATH]\n"
    "\n"
    "Create the database (and its folder) if it does not exist, or upgrade an\n"
    "older one to this version's schema.  It is the only command that creates\n"
    "a database: the others refuse a missing one.  An empty (0-byte) file, or\n"
    "an SQLite file without fenliu's schema, is made a fenliu database; a file\n"
    "that is not an SQLite database, and a database written by a newer fenliu,\n"
    "are refused and left untouched.  The login that creates it becomes its\n"
    "admin (see `fenliu user`).\n"
    "\n"
    "  --db PATH   the database; default $FENLIU_DB, else\n"
    "              $XDG_DATA_HOME/fenliu/fenliu.db (~/.local/share/fenliu/fenliu.db)\n";

int cmd_init(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_db_options(argc, argv, USAGE, &db_opt);
    if (rc >= 0)
        return rc;
    if (optind != argc) {
        cli_error("init takes no arguments");
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    char *path;
    struct fl_db *db = cli_open_db(db_opt, FL_DB_CREATE, &path);
    if (!db)
        return EXIT_FAILED;
    printf("database %s ready (schema version %d)\n", path, fl_db_schema_version(db));
    struct fl_error err;
    if (fl_db_user_count(db) == 0) {
        if (fl_db_set_user(db, cli_login(), "admin", cli_login(), &err) == FL_OK)
            printf("%s is its admin: add users with `fenliu user add LOGIN --role ROLE`\n",
                   cli_login());
        else
            cli_error("%s", err.msg);
    }
    fl_db_close(db);
    free(path);
    return EXIT_OK;
}
