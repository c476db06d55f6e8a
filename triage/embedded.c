#include "embedded.h"

#include <string.h>

const struct fl_embedded *fl_embedded_find(const char *name)
{
    for (const struct fl_embedded *e = fl_embedded_files; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}
