/* Spool folders that several ingesters share (docs/ingest.md, "The spool
 * folder"; docs/design.md): taking a file so that exactly one ingester
 * does, refusing what is not a regular file without following or opening
 * it, writing NAME.err before the commit and moving the file after it,
 * never over another file. */
#ifndef FL_SPOOL_H
#define FL_SPOOL_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"

enum fl_claim_result {
    FL_CLAIM_TAKEN,   /* a regular file, open in FD and locked: this ingester's */
    FL_CLAIM_SKIP,    /* gone, or another ingester has it: leave it alone */
    FL_CLAIM_REFUSED, /* not a regular file, or unreadable: reject it, for WHY */
    FL_CLAIM_FAILED,  /* not the entry's fault (no descriptors left...): WHY; leave it */
};

struct fl_claimed {
    int fd;         /* FL_CLAIM_TAKEN: the file, locked until closed; else -1 */
    struct stat st; /* its identity: of FD, or the entry's own (lstat) when refused */
    char why[1024];
};

/* Claim PATH, an entry of a spool folder.  A symbolic link is never
 * followed and nothing but a regular file is opened (O_NOFOLLOW,
 * O_NONBLOCK).  An exclusive flock is what makes one ingester of several
 * take a file; it goes with the process, so a killed ingester's file is
 * taken again by the next pass. */
enum fl_claim_result fl_spool_claim(const char *path, struct fl_claimed *c);

/* A temporary file in DIR/rejected/ holding a NAME.err not yet in place. */
struct fl_err_file {
    char *path; /* NULL: none */
    int fd;     /* held, locked, while it exists: fl_spool_clean leaves it */
};
#define FL_ERR_FILE_INIT {NULL, -1}

/* Write TEXT, the NAME.err of DIR/NAME (identity ST), to a temporary file
 * T and sync it, so that a full disk or an I/O error shows before the
 * commit, while the file can still be left in the spool with nothing of
 * it stored.  The temporary is named after the file and locked while it
 * exists: one a killed ingester left is replaced, one another ingester
 * holds is FL_EBUSY. */
enum fl_status fl_spool_write_err(const char *dir, const char *name, const struct stat *st,
                                  const char *text, struct fl_err_file *t,
                                  struct fl_error *err);
/* Remove the temporary, if any (its file's transaction was rolled back). */
void fl_spool_drop_err(struct fl_err_file *t);

/* Where DIR/NAME would go in DIR/SUB now: DEST becomes "SUB/NAME", else
 * "SUB/NAME.1"..., the first name free with its .err.  Only a choice to
 * record: the move itself never replaces a file. */
enum fl_status fl_spool_destination(const char *dir, const char *sub, const char *name,
                                    struct fl_buf *dest, struct fl_error *err);

/* Move DIR/NAME, whose identity is ST, to DEST (relative to DIR), and into
 * rejected/ with its .err: T's when it holds one (which is then used up),
 * else written from TEXT.  The .err goes first, so an interruption leaves
 * at worst a .err with the file still in the spool, which a later move of
 * the same file takes as its own (same text, no file beside it), as two
 * ingesters finishing the same entry at once do.  Never replaces a file:
 * a name taken meanwhile makes it try the next suffix.  An entry no longer
 * there, or another one now, was moved by another ingester: success. */
enum fl_status fl_spool_move(const char *dir, const char *name, const struct stat *st,
                             const char *dest, const char *text, struct fl_err_file *t,
                             struct fl_error *err);

/* Remove the temporaries in DIR/rejected/ that no ingester holds and that
 * are over a minute old: left by one killed before its commit. */
void fl_spool_clean(const char *dir);

#endif
