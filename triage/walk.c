#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

int fl_walk_by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

bool fl_is_xml_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

const char *fl_file_kind(mode_t mode)
{
    if (S_ISREG(mode))
        return NULL;
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISFIFO(mode))
        return "a named pipe (FIFO)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISDIR(mode))
        return "a folder";
    return "not a regular file";
}

static int walk_dir(const char *dir, fl_walk_fn fn, void *ctx)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, fl_walk_by_name);
    if (n < 0)
        return fn(ctx, &(struct fl_walk_entry){.path = dir, .errnum = errno, .folder = true});
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (rc == 0 && name[0] != '.') {
            struct fl_buf path = FL_BUF_INIT;
            fl_buf_printf(&path, "%.*s/%s", (int)dlen, dir, name);
            struct stat sb;
            if (path.failed)
                rc = -1;
            else if (lstat(path.data, &sb) != 0)
                rc = fl_is_xml_name(name)
                         ? fn(ctx, &(struct fl_walk_entry){.path = path.data, .errnum = errno})
                         : 0;
            else if (S_ISDIR(sb.st_mode))
                rc = walk_dir(path.data, fn, ctx);
            else if (fl_is_xml_name(name))
                rc = fn(ctx, &(struct fl_walk_entry){.path = path.data, .found = &sb});
            fl_buf_free(&path);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int fl_walk_xml(const char *path, fl_walk_fn fn, void *ctx)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return walk_dir(path, fn, ctx);
    return fn(ctx, &(struct fl_walk_entry){.path = path});
}

static int refuse(const char *path, const char *kind, bool found, bool link, char *why,
                  size_t size)
{
    snprintf(why, size, "%s is %s; %s (not %s)", path, kind,
             found ? "documents in a folder must be regular files"
                   : "a document must be a regular file",
             link ? "followed" : "opened");
    return -1;
}

int fl_open_document(const char *path, const struct stat *found, char *why, size_t size)
{
    struct stat sb;
    if (!found && stat(path, &sb) != 0) {
        snprintf(why, size, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    const char *kind = fl_file_kind(found ? found->st_mode : sb.st_mode);
    if (kind)
        return refuse(path, kind, found, found && S_ISLNK(found->st_mode), why, size);
    /* Looked at first, opened second: O_NOFOLLOW and O_NONBLOCK keep an
     * entry changed in between from being followed or blocking the open,
     * and fstat tells what was opened. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (found ? O_NOFOLLOW : 0));
    if (fd < 0 && errno == ELOOP && found)
        return refuse(path, "a symbolic link", true, true, why, size);
    if (fd < 0) {
        snprintf(why, size, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0 || (kind = fl_file_kind(sb.st_mode)) != NULL) {
        close(fd);
        return refuse(path, kind ? kind : "not a regular file", found, false, why, size);
    }
    return fd;
}
