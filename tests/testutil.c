#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"

extern char **environ;

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

const char *tu_srcdir(void) { return env_or("FENLIU_SRCDIR", "."); }
const char *tu_build(void) { return env_or("FENLIU_BUILD", "build"); }

const char *tu_fenliu(void)
{
    static char *p;
    if (!p)
        p = tu_fmt("%s/fenliu", tu_build());
    return p;
}

const char *tu_fgen(void)
{
    static char *p;
    if (!p)
        p = tu_fmt("%s/fgen", tu_build());
    return p;
}

char *tu_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    return s;
}

char *tu_mkdtemp(void)
{
    char *t = tu_fmt("%s/fenliu-test-XXXXXX", env_or("TMPDIR", "/tmp"));
    if (!mkdtemp(t))
        abort();
    return t;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *dir)
{
    if (dir)
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_mkdir_p(const char *dir)
{
    char *copy = strdup(dir);
    for (char *p = copy + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(copy, 0777) != 0 && errno != EEXIST)
                abort();
            *p = c;
            if (!c)
                break;
        }
    }
    free(copy);
}

void tu_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

void tu_write_str(const char *path, const char *s) { tu_write(path, s, strlen(s)); }

char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (!buf)
        abort();
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

bool tu_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static int status_of(int ws)
{
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

int tu_run(char *const argv[], char *const env[], char **out, char **err)
{
    return tu_run_in(NULL, argv, env, out, err);
}

/* Root writes whatever the modes say: a run whose modes must bind drops
 * to nobody (65534) first. */
static bool drop_privileges(void)
{
    return geteuid() != 0 ||
           (setgroups(0, NULL) == 0 && setgid(65534) == 0 && setuid(65534) == 0);
}

static int run_child(const char *dir, char *const argv[], char *const env[], bool bound,
                     char **out, char **err);

int tu_run_in(const char *dir, char *const argv[], char *const env[], char **out, char **err)
{
    return run_child(dir, argv, env, false, out, err);
}

int tu_run_bound(char *const argv[], char *const env[], char **out, char **err)
{
    return run_child(NULL, argv, env, true, out, err);
}

bool tu_modes_bind(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0 || chmod(dir, 0555) != 0)
        return false;
    char *probe = tu_fmt("%s/.probe", dir);
    char *argv[] = {"sh", "-c", ": > \"$0\"", probe, NULL};
    int rc = tu_run_bound(argv, NULL, NULL, NULL);
    bool binds = rc != 0 && !tu_exists(probe);
    unlink(probe);
    free(probe);
    chmod(dir, sb.st_mode & 07777);
    return binds;
}

static int run_child(const char *dir, char *const argv[], char *const env[], bool bound,
                     char **out, char **err)
{
    char outp[] = "/tmp/fenliu-out-XXXXXX", errp[] = "/tmp/fenliu-err-XXXXXX";
    int ofd = mkstemp(outp), efd = mkstemp(errp);
    if (ofd < 0 || efd < 0)
        abort();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(ofd, 1);
        dup2(efd, 2);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        for (int i = 0; env && env[i]; i++)
            putenv(env[i]);
        if (dir && chdir(dir) != 0) {
            perror(dir);
            _exit(127);
        }
        if (bound && !drop_privileges()) {
            perror("dropping root's privileges");
            _exit(126);
        }
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    close(ofd);
    close(efd);
    char *o = tu_read(outp, NULL), *e = tu_read(errp, NULL);
    unlink(outp);
    unlink(errp);
    if (out)
        *out = o;
    else
        free(o);
    if (err)
        *err = e;
    else
        free(e);
    return status_of(ws);
}

int tu_sh(const char *cmd, char **out, char **err)
{
    char *argv[] = {"sh", "-c", (char *)cmd, NULL};
    return tu_run(argv, NULL, out, err);
}

pid_t tu_spawn(char *const argv[], const char *out_path)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int tu_wait(pid_t pid)
{
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status_of(ws);
}

int tu_count_lines(const char *s, const char *needle)
{
    int n = 0;
    while (s && *s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        char *line = strndup(s, len);
        if (strstr(line, needle))
            n++;
        free(line);
        s += len + (eol ? 1 : 0);
    }
    return n;
}

char *tu_filing(const char *id, const char *cause, const char *claim)
{
    return tu_filing_of(id, cause, "王某", "李某", claim);
}

char *tu_filing_of(const char *id, const char *cause, const char *plaintiff,
                   const char *defendant, const char *claim)
{
    return tu_fmt("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<filing xmlns=\"urn:fenliu:filing:1\" id=\"%s\" "
                  "submitted=\"2026-03-02T09:15:00+08:00\">\n"
                  "  <court code=\"510191\">成都高新技术产业开发区人民法院</court>\n"
                  "  <type>civil</type>\n"
                  "  <cause>%s</cause>\n"
                  "  <parties>\n"
                  "    <party role=\"plaintiff\" kind=\"person\"><name>%s</name></party>\n"
                  "    <party role=\"defendant\" kind=\"person\"><name>%s</name></party>\n"
                  "  </parties>\n"
                  "  <claims><claim>%s</claim></claims>\n"
                  "</filing>\n",
                  id, cause, plaintiff, defendant, claim);
}

bool tu_fenliu_at(const char *now, char **out, ...)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)tu_fenliu();
    va_list ap;
    va_start(ap, out);
    for (char *a; (a = va_arg(ap, char *)) != NULL && n < 31;)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    char *nowenv = tu_fmt("FENLIU_NOW=%s", now), *err;
    char *env[] = {nowenv, NULL};
    int rc = tu_run(argv, env, out, &err);
    if (rc != 0)
        fprintf(stderr, "fenliu %s: status %d: %s", argv[1], rc, err);
    free(nowenv);
    free(err);
    return rc == 0;
}

/* ---- the terminal interface headless ---------------------------------------------------- */

const char *tu_login(void)
{
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name)
        return pw->pw_name;
    const char *user = getenv("USER");
    return user && *user ? user : "unknown";
}

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
}

char *tu_normalize_login(const char *s)
{
    const char *me = tu_login();
    size_t ml = strlen(me), n = 0;
    char *out = malloc(strlen(s) * 2 + 16);
    if (!out)
        abort();
    for (const char *p = s; *p;) {
        bool at_word = ml && strncmp(p, me, ml) == 0 && (p == s || !word_char(p[-1])) &&
                       !word_char(p[ml]);
        if (!at_word) {
            out[n++] = *p++;
            continue;
        }
        size_t spaces = strspn(p + ml, " ");
        bool end = p[ml + spaces] == '\n' || p[ml + spaces] == '\0';
        memcpy(out + n, "LOGIN", 5);
        n += 5;
        size_t pad = end || spaces == 0 ? 0 : ml + spaces > 6 ? ml + spaces - 5 : 1;
        memset(out + n, ' ', pad);
        n += pad;
        p += ml + (end ? 0 : spaces);
    }
    out[n] = '\0';
    return out;
}

char *tu_ui_dumps(const char *dir)
{
    static int runs;
    char *dumps = tu_fmt("%s/run-%d", dir, ++runs);
    tu_mkdir_p(dumps);
    return dumps;
}

/* tu_ui_env: the first UI_ENV_MADE strings are made for the run (the
 * rest are literals or in EXTRA's copy, kept after the NULL). */
enum { UI_ENV_MADE = 5, UI_ENV_MAX = 32 };

char **tu_ui_env(const char *now, const char *script, const char *dumps, int cols, int lines,
                 const char *extra)
{
    char **env = calloc(UI_ENV_MAX + 2, sizeof *env);
    if (!env)
        abort();
    static const char *const fixed[] = {
        "LANG=C.UTF-8", "LC_ALL=C.UTF-8",    "TERM=xterm-256color", "NO_COLOR=",
        "LANGUAGE=",    "FENLIU_LOCALEDIR=", NULL,
    };
    size_t n = 0;
    env[n++] = tu_fmt("FENLIU_NOW=%s", now);
    env[n++] = tu_fmt("LINES=%d", lines);
    env[n++] = tu_fmt("COLUMNS=%d", cols);
    env[n++] = tu_fmt("FENLIU_UI_SCRIPT=%s", script);
    env[n++] = tu_fmt("FENLIU_UI_DUMP_DIR=%s", dumps);
    for (size_t i = 0; fixed[i]; i++)
        env[n++] = (char *)fixed[i];
    /* EXTRA's lines, in one copy kept at the end (freed with the rest). */
    char *more = extra ? strdup(extra) : NULL, *save = NULL;
    for (char *kv = more ? strtok_r(more, "\n", &save) : NULL; kv && n < UI_ENV_MAX;
         kv = strtok_r(NULL, "\n", &save))
        env[n++] = kv;
    env[UI_ENV_MAX + 1] = more;
    return env;
}

void tu_ui_env_free(char **env)
{
    if (!env)
        return;
    for (int i = 0; i < UI_ENV_MADE; i++)
        free(env[i]);
    free(env[UI_ENV_MAX + 1]);
    free(env);
}

struct tu_ui tu_ui_run(const char *dir, const char *db, const char *now, const char *script,
                       int cols, int lines, const char *extra)
{
    struct tu_ui u = {tu_ui_dumps(dir), 0, NULL};
    char *steps = tu_fmt("%s/steps", u.dumps);
    tu_write_str(steps, script);
    char **env = tu_ui_env(now, steps, u.dumps, cols, lines, extra);
    char *argv[] = {(char *)tu_fenliu(), "ui", "--db", (char *)db, NULL};
    u.status = tu_run_in(dir, argv, env, NULL, &u.err);
    tu_ui_env_free(env);
    free(steps);
    return u;
}

void tu_ui_free(struct tu_ui *u)
{
    free(u->dumps);
    free(u->err);
}

static void show_mismatch(const char *dumps, const char *name, const char *golden,
                          const char *expected, const char *actual)
{
    char *exp_path = tu_fmt("%s/%s.expected.txt", dumps, name);
    char *act_path = tu_fmt("%s/%s.actual.txt", dumps, name);
    tu_write_str(exp_path, expected ? expected : "");
    tu_write_str(act_path, actual);
    char *cmd = tu_fmt("diff -u '%s' '%s'", exp_path, act_path), *out;
    tu_sh(cmd, &out, NULL);
    fprintf(stderr, "screen %s differs from %s%s:\n%s\nexpected: %s\nactual:   %s\n", name,
            golden, expected ? "" : " (missing)", out, exp_path, act_path);
    free(out);
    free(cmd);
    free(exp_path);
    free(act_path);
}

bool tu_golden(const struct tu_ui *u, const char *name)
{
    char *path = tu_fmt("%s/%s.txt", u->dumps, name);
    char *raw = tu_read(path, NULL);
    if (!raw) {
        fprintf(stderr, "no dump %s (fenliu ui: status %d: %s)\n", path, u->status, u->err);
        free(path);
        return false;
    }
    char *actual = tu_normalize_login(raw);
    char *gold = tu_fmt("%s/tests/golden/%s.txt", tu_srcdir(), name);
    char *expected = tu_read(gold, NULL);
    const char *update = getenv("FENLIU_UI_GOLDEN_UPDATE");
    bool ok = expected && strcmp(expected, actual) == 0;
    if (!ok && update && *update) {
        tu_write_str(gold, actual);
        fprintf(stderr, "wrote %s\n", gold);
        ok = true;
    } else if (!ok) {
        show_mismatch(u->dumps, name, gold, expected, actual);
    }
    free(path);
    free(raw);
    free(actual);
    free(gold);
    free(expected);
    return ok;
}

int tu_goldens(const struct tu_ui *u, va_list names)
{
    int bad = 0;
    if (u->status != 0) {
        fprintf(stderr, "fenliu ui: status %d: %s\n", u->status, u->err);
        bad++;
    }
    for (const char *name; (name = va_arg(names, const char *)) != NULL;)
        bad += !tu_golden(u, name);
    return bad;
}

void tu_forget_users(const char *db)
{
    sqlite3 *h;
    char *msg = NULL;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(h, "DELETE FROM users", NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: cannot remove the users: %s\n", db, msg ? msg : sqlite3_errmsg(h));
        abort();
    }
    sqlite3_close(h);
}

int tu_fenliu_run(char **out, char **err, ...)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)tu_fenliu();
    va_list ap;
    va_start(ap, err);
    for (char *a; (a = va_arg(ap, char *)) != NULL && n < 31;)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return tu_run(argv, NULL, out, err);
}

char *tu_sql_rows(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *s = NULL;
    struct fl_buf b = FL_BUF_INIT;
    bool ok = sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_busy_timeout(h, 5000);
        ok = sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK;
    }
    int rc = SQLITE_ERROR;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const unsigned char *v = sqlite3_column_text(s, i);
            fl_buf_printf(&b, "%s%s", i ? "|" : "", v ? (const char *)v : "NULL");
        }
        fl_buf_putc(&b, '\n');
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(h));
        fl_buf_free(&b);
    } else if (!b.data) {
        fl_buf_puts(&b, "");
    }
    sqlite3_finalize(s);
    sqlite3_close(h);
    return b.data;
}

long long tu_count_rows(const char *db, const char *what)
{
    char *sql = tu_fmt("SELECT count(*) FROM %s", what);
    char *v = tu_sql_rows(db, sql);
    long long n = v ? atoll(v) : -1;
    free(v);
    free(sql);
    return n;
}
