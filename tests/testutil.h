/* Helpers shared by the test programs: temporary folders, files, and
 * running the real fenliu binary. */
#ifndef FL_TESTUTIL_H
#define FL_TESTUTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The repository root ($FENLIU_SRCDIR) and build folder ($FENLIU_BUILD). */
const char *tu_srcdir(void);
const char *tu_build(void);
/* "$FENLIU_BUILD/fenliu" and "$FENLIU_BUILD/fgen". */
const char *tu_fenliu(void);
const char *tu_fgen(void);

/* A fresh temporary folder (freed and removed by tu_rmtree). */
char *tu_mkdtemp(void);
void tu_rmtree(const char *dir);
/* mkdir -p */
void tu_mkdir_p(const char *dir);

/* printf into a malloc'd string. */
char *tu_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write LEN bytes to PATH; read a whole file (NUL-terminated, *LEN set). */
void tu_write(const char *path, const void *data, size_t len);
void tu_write_str(const char *path, const char *s);
char *tu_read(const char *path, size_t *len);
bool tu_exists(const char *path);

/* Run ARGV (NULL-terminated) with extra environment ENV ("K=V" strings,
 * NULL-terminated, may be NULL); capture stdout and stderr (malloc'd) and
 * return the exit status (128+signal when killed). */
int tu_run(char *const argv[], char *const env[], char **out, char **err);

/* The same with a shell command line (sh -c). */
int tu_sh(const char *cmd, char **out, char **err);

/* Start ARGV in the background; returns its pid. */
pid_t tu_spawn(char *const argv[], const char *out_path);
/* Wait for PID; returns its exit status (128+signal). */
int tu_wait(pid_t pid);

/* Number of lines in S that contain NEEDLE. */
int tu_count_lines(const char *s, const char *needle);

/* A filing document: a <filing> with the given id, cause and claim text. */
char *tu_filing(const char *id, const char *cause, const char *claim);

#endif
