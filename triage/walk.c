#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static int walk_dir(const char *dir, fl_walk_fn fn, void *ctx)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, fl_walk_by_name);
    if (n < 0)
        return fn(ctx, dir, errno);
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
            else if (lstat(path.data, &sb) == 0 && S_ISDIR(sb.st_mode))
                rc = walk_dir(path.data, fn, ctx);
            else if (fl_is_xml_name(name))
                rc = fn(ctx, path.data, 0);
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
    return fn(ctx, path, 0);
}
