/* Finding filing documents: a file, or a folder's *.xml files, recursively,
 * in name order (byte order, so the same on every machine); and opening
 * one without following what a folder should not hold. */
#ifndef FL_WALK_H
#define FL_WALK_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* What a walk found. */
struct fl_walk_entry {
    const char *path;
    /* Found in a folder: its lstat (a symbolic link's own, not followed);
     * NULL for the path named, or when it could not be looked at. */
    const struct stat *found;
    /* Non-zero: PATH could not be read (FOLDER) or looked at: its errno. */
    int errnum;
    bool folder;
};

/* Called with each document, and with each folder or entry that could not
 * be read.  A non-zero return stops. */
typedef int (*fl_walk_fn)(void *ctx, const struct fl_walk_entry *e);

/* Walk PATH: a file is passed as is (whatever its name); a folder gives
 * its *.xml entries of every kind (symbolic links, FIFOs... with their
 * lstat, for fl_open_document to refuse) and its subfolders, hidden ones
 * left out; symbolic links to folders are not followed.  Returns the last
 * return of FN (0 at the end), or -1 when out of memory. */
int fl_walk_xml(const char *path, fl_walk_fn fn, void *ctx);

/* Open document PATH to read it (E of a walk gives PATH and FOUND).  Only
 * a regular file is opened: a FIFO, socket, device or folder never is, so
 * nothing blocks and no device is touched; an entry found in a folder
 * (FOUND) that is a symbolic link is refused, not followed, while a path
 * named (FOUND NULL) may be one.  Returns the descriptor, or -1 with the
 * reason for rejecting the document in WHY (SIZE bytes). */
int fl_open_document(const char *path, const struct stat *found, char *why, size_t size);

/* What kind of entry MODE is, for a message ("a symbolic link", "a named
 * pipe (FIFO)"...), or NULL for a regular file. */
const char *fl_file_kind(mode_t mode);

/* scandir's order for documents: byte order of the names. */
struct dirent;
int fl_walk_by_name(const struct dirent **a, const struct dirent **b);

/* Whether NAME is a document's name: *.xml and not hidden. */
bool fl_is_xml_name(const char *name);

#endif
