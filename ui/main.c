/* fenliu: the command line.  Each subcommand lives in its own file. */
#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "parse.h"

#ifndef FENLIU_VERSION
#define FENLIU_VERSION "0.1"
#endif

/* Where `make install` puts the catalogs (the Makefile sets it). */
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"init", cmd_init, "create or upgrade the database"},
    {"ingest", cmd_ingest, "take filings from XML files, folders or a spool folder"},
    {"cases", cmd_cases, "list stored cases"},
    {"case", cmd_case, "show a case, retrack it, or record a step (accept, assign, close…)"},
    {"deadlines", cmd_deadlines, "list open clocks (acceptance, trial limit, mediation) by urgency"},
    {"calendar", cmd_calendar, "working days, periods and the holiday calendar"},
    {"periods", cmd_periods, "the statutory periods the clocks apply, and a court's own"},
    {"user", cmd_user, "who may do what (a president approves extensions)"},
    {"config", cmd_config, "court settings (the court's code for case numbers)"},
    {"classify", cmd_classify, "classify filings without storing them"},
    {"reclassify", cmd_reclassify, "run the stored filings through a ruleset again"},
    {"rules", cmd_rules, "check a ruleset, make it active, or see how rules fare"},
    {"index", cmd_index, "index the search words of the cases ingested since the last time"},
    {"ui", cmd_ui, "the terminal interface: queue and cases (also `fenliu` alone)"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: fenliu COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "fenliu (分流) splits civil and bankruptcy filings into a simple and a complex\n"
            "track and keeps every case in one SQLite database.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "`fenliu COMMAND --help` explains a command.  Every command that uses the\n"
            "database takes --db PATH; without it, $FENLIU_DB, else\n"
            "$XDG_DATA_HOME/fenliu/fenliu.db (~/.local/share/fenliu/fenliu.db).\n"
            "Only `fenliu init` creates it; the commands that only read open it\n"
            "read-only.\n"
            "FENLIU_NOW pins the clock (e.g. 2026-03-02T09:15:00+08:00).\n");
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of gettext catalogs (DIR/zh_CN/LC_MESSAGES/fenliu.mo):
 * $FENLIU_LOCALEDIR, else `locale` beside the executable (build/locale for
 * build/fenliu), else `../share/locale` from it (an installed fenliu, with
 * any PREFIX), else LOCALEDIR.  BUF holds the path when it is made here. */
static const char *locale_dir(char *buf, size_t size)
{
    const char *env = getenv("FENLIU_LOCALEDIR");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const char *dir = dirname(exe);
        static const char *const beside[] = {"locale", "../share/locale"};
        for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
            int len = snprintf(buf, size, "%s/%s", dir, beside[i]);
            if (len > 0 && (size_t)len < size && is_dir(buf))
                return buf;
        }
    }
    return LOCALEDIR;
}

/* The user's locale, and the interface's labels in its language
 * (docs/ui.md, "Languages").  Only the interface (UI) is translated: the
 * other commands' output, errors and usage stay English, the C library's
 * messages too (LC_MESSAGES=C); so does the interface when the locale's
 * characters are not UTF-8, since the catalogs give UTF-8. */
static void setup_locale(bool ui)
{
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (!ui || !codeset || strcmp(codeset, "UTF-8") != 0) {
        setlocale(LC_MESSAGES, "C");
        return;
    }
    char buf[PATH_MAX + 32];
    bindtextdomain("fenliu", locale_dir(buf, sizeof buf));
    bind_textdomain_codeset("fenliu", "UTF-8");
    textdomain("fenliu");
}

int main(int argc, char **argv)
{
    bool ui = argc < 2 || strcmp(argv[1], "ui") == 0;
    setup_locale(ui);
    fl_parse_init();
    if (argc < 2) {
        if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
            return cmd_ui(argc, argv);
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("fenliu %s\n", FENLIU_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command \"%s\"; `fenliu --help` lists the commands", name);
    return EXIT_USAGE;
}
