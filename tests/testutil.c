#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
    return tu_fmt("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<filing xmlns=\"urn:fenliu:filing:1\" id=\"%s\" "
                  "submitted=\"2026-03-02T09:15:00+08:00\">\n"
                  "  <court code=\"510191\">成都高新技术产业开发区人民法院</court>\n"
                  "  <type>civil</type>\n"
                  "  <cause>%s</cause>\n"
                  "  <parties>\n"
                  "    <party role=\"plaintiff\" kind=\"person\"><name>王某</name></party>\n"
                  "    <party role=\"defendant\" kind=\"person\"><name>李某</name></party>\n"
                  "  </parties>\n"
                  "  <claims><claim>%s</claim></claims>\n"
                  "</filing>\n",
                  id, cause, claim);
}
