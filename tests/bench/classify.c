/* bench-classify: classification throughput of a ruleset on one core.
 *
 *   bench-classify DIR [RULES.xml]
 *
 * Reads every filing under DIR (generated batches) into memory, then
 * classifies them all, several times, and prints MB/s of filing text
 * (the filings' raw XML) and filings/s.  With no RULES, the built-in
 * default ruleset.  With --synthetic N, a ruleset of N patterns. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "parse.h"
#include "rules.h"

struct set {
    struct fl_filing **f;
    size_t n, cap;
    size_t bytes;
};

static int keep(void *ctx, struct fl_filing *f)
{
    struct set *s = ctx;
    if (f->nproblems) {
        fl_filing_free(f);
        return 0;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->f = realloc(s->f, s->cap * sizeof *s->f);
    }
    s->bytes += f->raw_len;
    s->f[s->n++] = f;
    return 0;
}

static void load(struct set *s, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]->d_name);
        if (len > 4 && strcmp(names[i]->d_name + len - 4, ".xml") == 0) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            int fd = open(path, O_RDONLY);
            struct fl_error err;
            fl_parse_fd(fd, path, NULL, keep, s, &err);
            close(fd);
        }
        free(names[i]);
    }
    free(names);
}

/* A ruleset of N flag rules, each one pattern of a few words that occur
 * in court filings (so they match sometimes), plus the final deciders. */
static char *synthetic(int n)
{
    static const char *const words[] = {
        "合同", "借款", "利息", "违约", "担保", "鉴定", "评估", "送达", "公告", "调解",
        "执行", "财产", "保全", "判决", "上诉", "仲裁", "证据", "货款", "租金", "工资",
        "赔偿", "损失", "交通", "医疗", "房屋", "车辆", "股权", "专利", "商标", "票据"};
    size_t nw = sizeof words / sizeof words[0];
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, "<ruleset xmlns=\"urn:fenliu:rules:1\" name=\"synthetic\" version=\"1\">\n");
    for (int i = 0; i < n; i++) {
        fl_buf_printf(&b, "<rule id=\"r%d\"><description>d</description><when><match "
                          "field=\"all\">%s[^。]{0,8}%s|%s%d</match></when><then flag=\"f%d\"/></rule>\n",
                      i, words[i % nw], words[(i * 7 + 3) % nw], words[(i * 13 + 5) % nw], i,
                      i % 60);
    }
    fl_buf_puts(&b, "<rule id=\"civil\" applies=\"civil\"><description>d</description><then "
                    "track=\"simple\" procedure=\"summary\"/></rule>\n<rule id=\"bk\" "
                    "applies=\"bankruptcy\"><description>d</description><then "
                    "track=\"complex\" procedure=\"ordinary\"/></rule>\n</ruleset>\n");
    return b.data;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void run(const char *label, struct fl_rules *r, const struct set *s)
{
    struct fl_matcher *m = fl_matcher_alloc(r);
    struct fl_classification c;
    struct fl_error err;
    int rounds = 0;
    double t0 = now(), t;
    do {
        for (size_t i = 0; i < s->n; i++) {
            fl_classify(m, s->f[i], &c, &err);
            fl_classification_clear(&c);
        }
        rounds++;
    } while ((t = now() - t0) < 2.0);
    printf("  %-28s %8.1f MB/s  %9.0f filings/s\n", label,
           (double)s->bytes * rounds / 1e6 / t, (double)s->n * rounds / t);
    fl_matcher_free(m);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-classify DIR [RULES.xml]\n");
        return 2;
    }
    fl_parse_init();
    struct set s = {0};
    load(&s, argv[1]);
    printf("classification on one core: %zu filings, %.1f MB of filing XML\n", s.n,
           (double)s.bytes / 1e6);
    struct fl_rules *r;
    struct fl_error err;
    if (fl_rules_load_default(&r, &err) != FL_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    char label[64];
    snprintf(label, sizeof label, "default (%zu rules)", fl_rules_count(r));
    run(label, r, &s);
    fl_rules_free(r);
    const int sizes[] = {10, 100, 1000};
    for (int i = 0; i < 3; i++) {
        char *xml = synthetic(sizes[i]);
        if (fl_rules_load(xml, strlen(xml), "synthetic", &r, NULL, &err) != FL_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        snprintf(label, sizeof label, "%d patterns", sizes[i]);
        run(label, r, &s);
        fl_rules_free(r);
        free(xml);
    }
    for (size_t i = 0; i < s.n; i++)
        fl_filing_free(s.f[i]);
    free(s.f);
    return 0;
}
