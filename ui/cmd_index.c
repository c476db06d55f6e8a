/* fenliu index: index the search words of the cases ingest left. */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

static const char USAGE[] =
    "usage: fenliu index [--db PATH]\n"
    "\n"
    "Index the search words (case number, filing id, party names and ID\n"
    "numbers) of the cases ingested since the last time.  Ingest leaves them\n"
    "to keep up with the filings; until they are indexed, searching the queue\n"
    "and finding the other cases of the same parties check each of those\n"
    "cases one by one, which grows slow with hundreds of thousands of them.\n"
    "The terminal interface indexes them a few hundred at a time while it\n"
    "waits for keys, and `fenliu ingest --spool DIR --watch` while the spool\n"
    "is quiet; run this after a large ingest with neither running (for\n"
    "instance after `fenliu ingest` in a batch job).  Other writers\n"
    "wait a fraction of a second at most: it works 2,000 cases at a time.\n"
    "\n"
    "  --db PATH   the database; default $FENLIU_DB, else\n"
    "              $XDG_DATA_HOME/fenliu/fenliu.db (~/.local/share/fenliu/fenliu.db)\n";

int cmd_index(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_db_options(argc, argv, USAGE, &db_opt);
    if (rc >= 0)
        return rc;
    if (optind != argc) {
        cli_error("index takes no arguments");
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    struct fl_error err;
    enum fl_status st = FL_OK;
    int64_t total = 0;
    for (int64_t n = 1; st == FL_OK && n > 0; total += n)
        st = fl_db_index_words(db, 2000, true, &n, &err);
    fl_db_close(db);
    if (st != FL_OK) {
        cli_error("%s", err.msg);
        return EXIT_FAILED;
    }
    printf("%lld case%s indexed\n", (long long)total, total == 1 ? "" : "s");
    return EXIT_OK;
}
