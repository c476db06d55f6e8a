/* runstat: run a command and report its wall time and peak resident set
 * size (of the command and anything it waited for), for the benchmarks.
 *
 *   runstat COMMAND [ARGS...]
 *
 * Prints "wall_s=1.234 maxrss_kib=5678 status=0" on stderr; stdout and
 * stderr of the command go to /dev/null unless RUNSTAT_LOG names a file. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: runstat COMMAND [ARGS...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        const char *log = getenv("RUNSTAT_LOG");
        int fd = open(log && *log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    int ws;
    struct rusage ru;
    if (wait4(pid, &ws, 0, &ru) < 0) {
        perror("wait4");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    fprintf(stderr, "wall_s=%.3f maxrss_kib=%ld status=%d\n", wall, ru.ru_maxrss, status);
    return 0;
}
