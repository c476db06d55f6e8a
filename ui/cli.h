/* Shared pieces of the fenliu subcommands. */
#ifndef FL_CLI_H
#define FL_CLI_H
#include <stdio.h>

#include "buf.h"
#include "db.h"

/* Exit statuses common to every subcommand. */
enum {
    EXIT_OK = 0,
    EXIT_FAILED = 1,   /* the command could not do its work */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_REJECTED = 3, /* ingest: some filings were rejected */
};

enum cli_format { FMT_TEXT, FMT_JSON, FMT_TSV };

/* "fenliu: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse a --format value among those ALLOWED (e.g. "text|json"); prints the
 * usage error and returns -1 when it is not one. */
int cli_format(const char *value, const char *allowed);

/* The options every command shares, for getopt_long's result C: 'd'
 * (--db: *DB), 'f' (--format, one of FORMATS: *FORMAT), 'h' (--help:
 * USAGE on stdout) and anything unknown (USAGE on stderr).  Returns -1
 * when the command goes on, else the exit status to return. */
int cli_common_option(int c, const char *formats, const char *usage, const char **db,
                      enum cli_format *format);

/* Parse the options of a command that takes only --db and --help; returns
 * -1 when the command goes on (optind at its first argument), else the
 * exit status. */
int cli_db_options(int argc, char **argv, const char *usage, const char **db);

/* Open the database named by --db (OPT, may be NULL), $FENLIU_DB or the
 * default; prints the error and returns NULL on failure. */
struct fl_db *cli_open_db(const char *opt, enum fl_db_mode mode, char **path_out);

/* The ruleset to classify with: FILE when given (its problems printed),
 * else DB's active ruleset when DB is not NULL, else the built-in one.
 * Prints the error and returns NULL on failure. */
struct fl_rules *cli_load_rules(const char *file, struct fl_db *db);

/* Rewrite the status row of the case KEY (NULL: of every case) after a
 * change, each in its own transaction; prints the error and returns false
 * on failure. */
bool cli_refresh_status(struct fl_db *db, const char *key);

/* The operating-system login of the user running fenliu. */
const char *cli_login(void);

/* Write B to OUT and empty it. */
void cli_flush(struct fl_buf *b, FILE *out);

/* The subcommands: each returns an exit status. */
int cmd_init(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_case(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_reclassify(int argc, char **argv);
int cmd_deadlines(int argc, char **argv);
/* fenliu case STEP ID … (cmd_life.c): whether WORD is a step, and doing it. */
bool cli_is_case_step(const char *word);
int cmd_case_step(const char *kind, int argc, char **argv);
/* Append a case's state, clocks and events to B (text, or JSON members). */
void cli_show_life(struct fl_db *db, const char *key, struct fl_buf *b, bool json);
int cmd_calendar(int argc, char **argv);
int cmd_periods(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_ui(int argc, char **argv);
int cmd_index(int argc, char **argv);

#endif
