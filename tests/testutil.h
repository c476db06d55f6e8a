/* Helpers shared by the test programs: temporary folders, files, and
 * running the real fenliu binary. */
#ifndef FL_TESTUTIL_H
#define FL_TESTUTIL_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The repository root ($FENLIU_SRCDIR) and build folder ($FENLIU_BUILD). */
const char *tu_srcdir(void);
const char *tu_build(void);
/* "$FENLIU_BUILD/fenliu" and "$FENLIU_BUILD/fgen". */
const char *tu_fenliu(void);
const char *tu_fgen(void);

/* A fresh temporary folder (freed and removed by tu_rmtree). */
char *tu_mkdtemp(void);
void tu_rmtree(const char *dir);
/* mkdir -p */
void tu_mkdir_p(const char *dir);

/* printf into a malloc'd string. */
char *tu_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write LEN bytes to PATH; read a whole file (NUL-terminated, *LEN set). */
void tu_write(const char *path, const void *data, size_t len);
void tu_write_str(const char *path, const char *s);
char *tu_read(const char *path, size_t *len);
bool tu_exists(const char *path);

/* Run ARGV (NULL-terminated) with extra environment ENV ("K=V" strings,
 * NULL-terminated, may be NULL); capture stdout and stderr (malloc'd) and
 * return the exit status (128+signal when killed). */
int tu_run(char *const argv[], char *const env[], char **out, char **err);
/* The same in the folder DIR (NULL: this one). */
int tu_run_in(const char *dir, char *const argv[], char *const env[], char **out, char **err);

/* The same as a login that file modes bind: this one, or nobody when the
 * tests run as root (root writes whatever the modes say).  DIR, the
 * files and the binary must be readable by it. */
int tu_run_bound(char *const argv[], char *const env[], char **out, char **err);
/* Whether mode 0555 on DIR keeps tu_run_bound from writing in it (false
 * when root cannot drop its privileges); DIR keeps its mode. */
bool tu_modes_bind(const char *dir);

/* The same with a shell command line (sh -c). */
int tu_sh(const char *cmd, char **out, char **err);

/* Start ARGV in the background; returns its pid. */
pid_t tu_spawn(char *const argv[], const char *out_path);
/* Wait for PID; returns its exit status (128+signal). */
int tu_wait(pid_t pid);

/* Number of lines in S that contain NEEDLE. */
int tu_count_lines(const char *s, const char *needle);

/* A filing document: a <filing> with the given id, cause and claim text. */
char *tu_filing(const char *id, const char *cause, const char *claim);
/* The same between PLAINTIFF and DEFENDANT (persons, by name). */
char *tu_filing_of(const char *id, const char *cause, const char *plaintiff,
                   const char *defendant, const char *claim);

/* Every row SQL gives on the database DB (opened read-only), one line a
 * row, its columns '|'-separated, NULL as "NULL" (malloc'd); NULL when
 * the statement fails (said on stderr). */
char *tu_sql_rows(const char *db, const char *sql);
/* How many rows WHAT ("table [WHERE ...]") has in DB; -1 on error. */
long long tu_count_rows(const char *db, const char *what);

/* Run the real fenliu with the arguments after ERR (NULL-terminated);
 * *OUT and *ERR (when not NULL) get its output; returns its exit status. */
int tu_fenliu_run(char **out, char **err, ...) __attribute__((sentinel));

/* Run the real fenliu with the arguments after OUT (NULL-terminated) at
 * FENLIU_NOW=NOW; *OUT (when not NULL) gets its output.  False on a
 * status other than 0, which is printed with fenliu's errors. */
bool tu_fenliu_at(const char *now, char **out, ...) __attribute__((sentinel));

/* Remove every user of the database DB (made by `fenliu init`, whose
 * login is its admin): a database with no users, where every login is
 * read-only, as an older fenliu's ingest left them. */
void tu_forget_users(const char *db);

/* ---- the terminal interface headless (goldens in tests/golden) ---- */

/* The login running the tests, and S with it written LOGIN wherever it
 * stands as a word (a login followed by spaces keeps the columns after it
 * in place), so that goldens are the same whoever runs them. */
const char *tu_login(void);
char *tu_normalize_login(const char *s);

/* A run of `fenliu ui`: the folder its dumps went to, its status and its
 * standard error. */
struct tu_ui {
    char *dumps;
    int status;
    char *err;
};

/* A new folder DIR/run-N for a run's dumps. */
char *tu_ui_dumps(const char *dir);
/* The environment of a headless run (NULL-terminated; tu_ui_env_free):
 * FENLIU_NOW=NOW, C.UTF-8, xterm-256color with colours, the build's
 * catalogs (the user's LANGUAGE and FENLIU_LOCALEDIR cleared), COLS x
 * LINES, the steps from SCRIPT and the dumps to DUMPS; then EXTRA ("K=V"
 * lines, may be NULL). */
char **tu_ui_env(const char *now, const char *script, const char *dumps, int cols, int lines,
                 const char *extra);
void tu_ui_env_free(char **env);
/* Run `fenliu ui --db DB` in the folder DIR (relative names are in it:
 * DB, the files ingested) on the steps SCRIPT; the dumps go under DIR. */
struct tu_ui tu_ui_run(const char *dir, const char *db, const char *now, const char *script,
                       int cols, int lines, const char *extra);
void tu_ui_free(struct tu_ui *u);
/* Whether dump NAME of U matches tests/golden/NAME.txt, saying how not
 * (NAME.expected.txt and NAME.actual.txt beside the dump, and their diff).
 * With FENLIU_UI_GOLDEN_UPDATE set: write the golden, and say so. */
bool tu_golden(const struct tu_ui *u, const char *name);
/* How many of: U did not end with status 0, and each dump in NAMES
 * (const char *, NULL-ended) does not match its golden. */
int tu_goldens(const struct tu_ui *u, va_list names);

#endif
