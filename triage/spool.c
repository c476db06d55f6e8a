/* Spool folders shared by several ingesters (see spool.h). */
#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "walk.h"

#define MAX_SUFFIX 10000      /* NAME.1 ... NAME.9999: then something is wrong */
#define STALE_TEMP_SECONDS 60 /* a live ingester's temporary lives well under this */

/* ---- claiming -------------------------------------------------------------------- */

static enum fl_claim_result claim_says(struct fl_claimed *c, enum fl_claim_result k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum fl_claim_result claim_says(struct fl_claimed *c, enum fl_claim_result k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
    return k;
}

/* An open that fails for want of resources is not the file's fault. */
static bool transient(int e)
{
    return e == EMFILE || e == ENFILE || e == ENOMEM || e == EINTR || e == EAGAIN;
}

/* One try at claiming PATH; -1: it changed under us, look again. */
static int claim_once(const char *path, struct fl_claimed *c)
{
    if (lstat(path, &c->st) != 0)
        return errno == ENOENT ? FL_CLAIM_SKIP
                               : claim_says(c, FL_CLAIM_FAILED, "cannot look at %s: %s", path,
                                            strerror(errno));
    const char *kind = fl_file_kind(c->st.st_mode);
    if (kind)
        return claim_says(c, FL_CLAIM_REFUSED,
                          "%s is %s; spool files must be regular files (not %s)", path, kind,
                          S_ISLNK(c->st.st_mode) ? "followed" : "opened");
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return FL_CLAIM_SKIP;
    if (fd < 0 && (errno == ELOOP || errno == ENXIO)) /* replaced by a link or socket */
        return -1;
    if (fd < 0)
        return claim_says(c, transient(errno) ? FL_CLAIM_FAILED : FL_CLAIM_REFUSED,
                          "cannot read the file: %s", strerror(errno));
    struct stat fs, now;
    if (fstat(fd, &fs) != 0 || !S_ISREG(fs.st_mode)) {
        close(fd);
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        return e == EWOULDBLOCK ? FL_CLAIM_SKIP
                                : claim_says(c, FL_CLAIM_FAILED, "cannot lock %s: %s", path,
                                             strerror(e));
    }
    /* Another ingester may have moved the file and let go of it just
     * before the lock was ours: it is ours only if it is still there. */
    if (lstat(path, &now) != 0 || now.st_dev != fs.st_dev || now.st_ino != fs.st_ino) {
        close(fd);
        return FL_CLAIM_SKIP;
    }
    c->fd = fd;
    c->st = fs;
    return FL_CLAIM_TAKEN;
}

enum fl_claim_result fl_spool_claim(const char *path, struct fl_claimed *c)
{
    c->fd = -1;
    c->why[0] = '\0';
    memset(&c->st, 0, sizeof c->st);
    for (int tries = 0; tries < 3; tries++) {
        int k = claim_once(path, c);
        if (k >= 0)
            return (enum fl_claim_result)k;
    }
    return FL_CLAIM_SKIP; /* it keeps changing: the next pass over the spool */
}

/* ---- the .err, and moving ------------------------------------------------------------ */

static bool same_entry(const char *path, const struct stat *st)
{
    struct stat now;
    return lstat(path, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino;
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0 || errno != ENOENT; /* unknown counts as taken */
}

/* rename(2) that never replaces: RENAME_NOREPLACE, or on a file system
 * without it a hard link (which cannot replace either) and an unlink. */
static int rename_noreplace(const char *from, const char *to)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;
    if (link(from, to) != 0)
        return -1;
    if (unlink(from) != 0) {
        int e = errno;
        unlink(to);
        errno = e;
        return -1;
    }
    return 0;
}

static int write_all(int fd, const char *text, size_t len)
{
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    return 0;
}

/* Whether a live process holds PATH locked. */
static bool held(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    bool locked = fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    if (fd >= 0)
        close(fd);
    return locked;
}

/* Create the temporary PATH, locked, replacing one that no process holds
 * (a killed ingester's): -1 with errno EBUSY when one does. */
static int create_temp(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) {
        if (held(path)) {
            errno = EBUSY;
            return -1;
        }
        unlink(path);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    }
    if (fd >= 0)
        flock(fd, LOCK_EX | LOCK_NB); /* new: no one else has it */
    return fd;
}

enum fl_status fl_spool_write_err(const char *dir, const char *name, const struct stat *st,
                                  const char *text, struct fl_err_file *t,
                                  struct fl_error *err)
{
    struct fl_buf p = FL_BUF_INIT;
    /* Hidden and not ending in .err, so never taken for a finished one;
     * named after the file, so that a retry finds a killed one's. */
    fl_buf_printf(&p, "%s/rejected/.%s.err.%llu.tmp", dir, name,
                  (unsigned long long)st->st_ino);
    if (p.failed)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    int fd = create_temp(p.data);
    bool ok = fd >= 0 && write_all(fd, text, strlen(text)) == 0 && fsync(fd) == 0;
    if (!ok) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(p.data);
        }
        enum fl_status status =
            e == EBUSY ? fl_fail(err, FL_EBUSY, "%s is being written by another ingester",
                                 p.data)
                       : fl_fail(err, FL_EIO, "cannot write %s: %s", p.data, strerror(e));
        fl_buf_free(&p);
        return status;
    }
    t->path = p.data;
    t->fd = fd;
    return FL_OK;
}

void fl_spool_drop_err(struct fl_err_file *t)
{
    if (t->path)
        unlink(t->path);
    free(t->path);
    if (t->fd >= 0)
        close(t->fd);
    t->path = NULL;
    t->fd = -1;
}

static void candidate(struct fl_buf *b, const char *dir, const char *sub, const char *name,
                      int n)
{
    fl_buf_reset(b);
    fl_buf_printf(b, "%s%s%s/%s", dir ? dir : "", dir ? "/" : "", sub, name);
    if (n)
        fl_buf_printf(b, ".%d", n);
}

enum fl_status fl_spool_destination(const char *dir, const char *sub, const char *name,
                                    struct fl_buf *dest, struct fl_error *err)
{
    struct fl_buf p = FL_BUF_INIT;
    int n = 0;
    for (; n < MAX_SUFFIX; n++) {
        candidate(&p, dir, sub, name, n);
        bool taken = exists(fl_buf_str(&p));
        fl_buf_puts(&p, ".err");
        if (p.failed || !(taken || exists(p.data)))
            break;
    }
    bool oom = p.failed;
    fl_buf_free(&p);
    if (oom)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    if (n == MAX_SUFFIX)
        return fl_fail(err, FL_EIO, "%s/%s holds %s and %d more of that name", dir, sub, name,
                       MAX_SUFFIX - 1);
    candidate(dest, NULL, sub, name, n);
    return dest->failed ? fl_fail(err, FL_ENOMEM, "out of memory") : FL_OK;
}

/* Whether the file PATH holds exactly TEXT. */
static bool holds(const char *path, const char *text)
{
    struct fl_buf b = FL_BUF_INIT;
    bool same = fl_buf_read_file(&b, path) && strcmp(fl_buf_str(&b), text) == 0;
    fl_buf_free(&b);
    return same;
}

/* Whether the .err E found beside the free name FILE is this file's, put
 * there by an interrupted or a concurrent move of it: it holds TEXT. */
static bool ours(const char *e, const char *file, const char *text)
{
    return !exists(file) && holds(e, text);
}

/* Put the .err of the file about to become FILE in place: 0 done (*PLACED
 * when by this call), 1 the name is taken (try the next), 2 another
 * ingester is moving this file, -1 failed (ERR). */
static int place_err(const char *dir, const char *name, const struct stat *st,
                     const char *file, const char *text, struct fl_err_file *t, bool *placed,
                     struct fl_error *err)
{
    struct fl_buf e = FL_BUF_INIT;
    fl_buf_printf(&e, "%s.err", file);
    int r = -1;
    if (e.failed) {
        fl_fail(err, FL_ENOMEM, "out of memory");
    } else if (exists(e.data)) {
        r = ours(e.data, file, text) ? 0 : 1;
    } else if (!t->path && fl_spool_write_err(dir, name, st, text, t, err) != FL_OK) {
        r = err && err->status == FL_EBUSY ? 2 : -1;
    } else if (rename_noreplace(t->path, e.data) == 0) {
        free(t->path);
        t->path = NULL;
        *placed = true;
        r = 0;
    } else if (errno == EEXIST) {
        r = ours(e.data, file, text) ? 0 : 1;
    } else {
        fl_fail(err, FL_EIO, "cannot put %s in place: %s", e.data, strerror(errno));
    }
    fl_buf_free(&e);
    return r;
}

/* The suffix DEST ("SUB/NAME.N") starts at, and its SUB. */
static int dest_suffix(const char *dest, const char *name, struct fl_buf *sub)
{
    const char *slash = strchr(dest, '/');
    size_t n = strlen(name);
    fl_buf_append(sub, dest, slash ? (size_t)(slash - dest) : strlen(dest));
    if (!slash || strncmp(slash + 1, name, n) != 0 || slash[1 + n] != '.')
        return 0;
    return atoi(slash + 2 + n);
}

/* One try at moving SRC to TO (with its .err): 0 moved (or by another
 * meanwhile), 1 the name is taken, -1 failed (ERR). */
static int move_to(const char *dir, const char *name, const struct stat *st, const char *src,
                   const char *to, bool rejected, const char *text, struct fl_err_file *t,
                   struct fl_error *err)
{
    bool placed = false;
    int r = rejected ? place_err(dir, name, st, to, text, t, &placed, err) : 0;
    if (r == 2) /* the other ingester finishes it */
        return 0;
    if (r != 0)
        return r;
    if (rename_noreplace(src, to) == 0)
        return 0;
    int e = errno;
    if (placed) { /* not beside its file: take it back */
        struct fl_buf p = FL_BUF_INIT;
        fl_buf_printf(&p, "%s.err", to);
        if (!p.failed)
            unlink(p.data);
        fl_buf_free(&p);
    }
    if (e == EEXIST)
        return 1;
    if (e == ENOENT) /* moved by another meanwhile */
        return 0;
    fl_fail(err, FL_EIO, "cannot move %s to %s: %s", src, to, strerror(e));
    return -1;
}

enum fl_status fl_spool_move(const char *dir, const char *name, const struct stat *st,
                             const char *dest, const char *text, struct fl_err_file *t,
                             struct fl_error *err)
{
    struct fl_buf src = FL_BUF_INIT, sub = FL_BUF_INIT, to = FL_BUF_INIT;
    fl_buf_printf(&src, "%s/%s", dir, name);
    int n = dest_suffix(dest, name, &sub);
    bool rejected = strcmp(fl_buf_str(&sub), "rejected") == 0;
    int r = src.failed || !same_entry(src.data, st) ? 0 : 1; /* else moved by another */
    for (; r == 1 && n < MAX_SUFFIX; n++) {
        candidate(&to, dir, fl_buf_str(&sub), name, n);
        r = to.failed ? -1
                      : move_to(dir, name, st, src.data, to.data, rejected, text, t, err);
    }
    enum fl_status status = r < 0 ? FL_EIO : FL_OK;
    if (r == 1)
        status = fl_fail(err, FL_EIO, "%s/%s holds %s and %d more of that name", dir,
                         fl_buf_str(&sub), name, MAX_SUFFIX - 1);
    if (src.failed || sub.failed || to.failed)
        status = fl_fail(err, FL_ENOMEM, "out of memory");
    fl_buf_free(&src);
    fl_buf_free(&sub);
    fl_buf_free(&to);
    return status;
}

/* ---- cleaning up after a killed ingester ---------------------------------------------- */

static int is_err_temp(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] == '.' && n > 4 && strcmp(d->d_name + n - 4, ".tmp") == 0 &&
           strstr(d->d_name, ".err.") != NULL;
}

static void clean_one(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat sb;
    /* Locked: a live ingester's.  Young: perhaps one that has not locked
     * it yet. */
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
        time(NULL) - sb.st_mtime > STALE_TEMP_SECONDS && same_entry(path, &sb))
        unlink(path);
    close(fd);
}

void fl_spool_clean(const char *dir)
{
    struct fl_buf rej = FL_BUF_INIT, p = FL_BUF_INIT;
    fl_buf_printf(&rej, "%s/rejected", dir);
    struct dirent **names;
    int n = rej.failed ? -1 : scandir(rej.data, &names, is_err_temp, NULL);
    for (int i = 0; i < n; i++) {
        fl_buf_reset(&p);
        fl_buf_printf(&p, "%s/%s", rej.data, names[i]->d_name);
        if (!p.failed)
            clean_one(p.data);
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    fl_buf_free(&rej);
    fl_buf_free(&p);
}
