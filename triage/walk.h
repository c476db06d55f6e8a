/* Finding filing documents: a file, or a folder's *.xml files, recursively,
 * in name order (byte order, so the same on every machine). */
#ifndef FL_WALK_H
#define FL_WALK_H
#include <stdbool.h>

/* Called with each document's path, or with a folder that could not be
 * read and its errno (ERRNUM 0 for documents).  A non-zero return stops. */
typedef int (*fl_walk_fn)(void *ctx, const char *path, int errnum);

/* Walk PATH: a file is passed as is (whatever its name); a folder gives
 * its *.xml files and subfolders, hidden ones left out; symbolic links to
 * folders are not followed.  Returns the last return of FN (0 at the end),
 * or -1 when out of memory. */
int fl_walk_xml(const char *path, fl_walk_fn fn, void *ctx);

/* scandir's order for documents: byte order of the names. */
struct dirent;
int fl_walk_by_name(const struct dirent **a, const struct dirent **b);

/* Whether NAME is a document's name: *.xml and not hidden. */
bool fl_is_xml_name(const char *name);

#endif
