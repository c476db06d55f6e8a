/* fenliu ui: the terminal interface (also `fenliu` alone on a terminal). */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "tui.h"

static const char UI_USAGE[] =
    "usage: fenliu ui [--db PATH]\n"
    "       fenliu ui --keys\n"
    "\n"
    "The terminal interface: the queue of open cases (most urgent first,\n"
    "coloured by their most pressing clock; for a clerk, the filings awaiting\n"
    "acceptance first; f filters it by track, procedure, flag, judge or state,\n"
    "/ searches case numbers, filing ids, causes and party names, F clears\n"
    "both), each case with its classification,\n"
    "clocks, events and notes.  On a case, a takes a step your role allows (the\n"
    "same as `fenliu case STEP`) and n keeps a note; a login that is not a user\n"
    "(`fenliu user`) is read-only.  i opens the intake desk: the inboxes of\n"
    "filings awaiting review, the clerks' load, recent ingests and rejected\n"
    "documents.  ? in the interface lists every key.  While it waits for\n"
    "keys it indexes the search words of newly ingested cases (see\n"
    "`fenliu index`).  It opens the database read-write: one it cannot write\n"
    "(a read-only file, folder or medium) it refuses, saying so; `fenliu\n"
    "cases`, `case show` and `deadlines` read such a one.\n"
    "\n"
    "  --db PATH   the database (default $FENLIU_DB, else\n"
    "              ~/.local/share/fenliu/fenliu.db)\n"
    "  --keys      print the key table (Markdown) and exit\n"
    "\n"
    "Headless (for tests): FENLIU_UI_SCRIPT=FILE reads the keys from FILE, one a\n"
    "line (a character, or <Enter>, <Down>, <PgDn>, <Resize 60x20>…), draws to\n"
    "nowhere at $COLUMNS x $LINES, and writes `:dump NAME` screens to\n"
    "$FENLIU_UI_DUMP_DIR/NAME.txt.  NO_COLOR=1 draws without colours.\n"
    "FENLIU_UI_TIMINGS=FILE appends each key's handling and drawing time (ms).\n"
    "See docs/ui.md.\n";

static int print_keys(void)
{
    struct fl_buf b = FL_BUF_INIT;
    tui_keys_markdown(&b);
    cli_flush(&b, stdout);
    fl_buf_free(&b);
    return EXIT_OK;
}

static int run(struct fl_db *db, const char *script)
{
    struct fl_calendar *cal;
    struct fl_periods *periods;
    struct fl_error err;
    enum fl_status st = fl_db_clock_data(db, &cal, &periods, &err);
    char role[16] = "";
    const char *login = cli_login();
    fl_db_user_role(db, login, role, sizeof role);
    struct tui_env env = {.db = db,
                          .cal = cal,
                          .periods = periods,
                          .today = fl_date_today(),
                          .login = login,
                          .role = role};
    const char *dump_dir = getenv("FENLIU_UI_DUMP_DIR");
    const char *no_color = getenv("NO_COLOR");
    const char *timings = getenv("FENLIU_UI_TIMINGS");
    /* A write another terminal holds up fails soon with a message: the
     * keyboard never waits long. */
    fl_db_set_busy_timeout(db, 300);
    struct tui_options opt = {
        .home = tui_queue_view,
        .script = script,
        .dump_dir = dump_dir && *dump_dir ? dump_dir : ".",
        .monochrome = no_color && *no_color,
        .timings = timings && *timings ? timings : NULL,
    };
    if (st == FL_OK)
        st = tui_run(&env, &opt, &err);
    fl_calendar_free(cal);
    fl_periods_free(periods);
    if (st == FL_OK)
        return EXIT_OK;
    if (err.file[0] && err.line)
        cli_error("%s:%ld: %s", err.file, err.line, err.msg);
    else
        cli_error("%s", err.msg);
    return st == FL_EINVAL && script ? EXIT_USAGE : EXIT_FAILED;
}

int cmd_ui(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"keys", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_opt = NULL;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'k')
            return print_keys();
        if ((rc = cli_common_option(c, NULL, UI_USAGE, &db_opt, NULL)) >= 0)
            return rc;
    }
    if (optind != argc) {
        cli_error("ui takes no arguments");
        fputs(UI_USAGE, stderr);
        return EXIT_USAGE;
    }
    const char *script = getenv("FENLIU_UI_SCRIPT");
    script = script && *script ? script : NULL;
    if (!script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        cli_error("ui needs a terminal on its input and output");
        return EXIT_USAGE;
    }
    struct fl_db *db = cli_open_db(db_opt, FL_DB_WRITE, NULL);
    if (!db)
        return EXIT_FAILED;
    rc = run(db, script);
    fl_db_close(db);
    return rc;
}
