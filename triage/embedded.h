/* Data files compiled into the binary (see tools/embed.c). */
#ifndef FL_EMBEDDED_H
#define FL_EMBEDDED_H
#include <stddef.h>

struct fl_embedded {
    const char *name;          /* source path, e.g. "schemas/filing.xsd" */
    const unsigned char *data; /* NUL-terminated */
    size_t size;               /* without the NUL */
};

/* Terminated by an entry whose name is NULL. */
extern const struct fl_embedded fl_embedded_files[];

/* The embedded file called NAME, or NULL. */
const struct fl_embedded *fl_embedded_find(const char *name);

#endif
