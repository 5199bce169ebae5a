/* test_support.c -- see test_support.h. */
#include "test_support.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void test_assert_ok(enum status st, const struct diag *err, const char *file,
                    int line)
{
    if (st == STATUS_OK)
        return;
    char buf[1024];
    if (err)
        diag_format(err, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "(no diagnostic)");
    print_error("%s:%d: status %s: %s\n", file, line, diag_status_str(st), buf);
    _fail(file, line);
}

const char *test_source_path(const char *relative)
{
    static char buf[PATH_MAX];
    const char *root = getenv("PLANNER_SOURCE_ROOT");
    snprintf(buf, sizeof buf, "%s/%s", root ? root : ".", relative);
    return buf;
}

const char *test_make_tmpdir(void)
{
    static char buf[PATH_MAX];
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, sizeof buf, "%s/planner-test-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(buf))
        return NULL;
    return buf;
}

void test_remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[PATH_MAX];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                test_remove_tree(sub);
            else
                unlink(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

int test_write_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

int test_copy_dir(const char *src, const char *dst)
{
    DIR *d = opendir(src);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) && rc == 0) {
        char from[PATH_MAX], to[PATH_MAX];
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dst, e->d_name);
        struct stat st;
        if (stat(from, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
        if (!in || !out) {
            rc = -1;
        } else {
            char buf[8192];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, in)) > 0)
                if (fwrite(buf, 1, n, out) != n)
                    rc = -1;
        }
        if (in)
            fclose(in);
        if (out && fclose(out) != 0)
            rc = -1;
    }
    closedir(d);
    return rc;
}

int test_problems_contain(const struct diag_list *l, const char *needle)
{
    for (size_t i = 0; i < l->count; i++) {
        char buf[1024];
        diag_format(&l->items[i], buf, sizeof buf);
        if (strstr(buf, needle))
            return 1;
    }
    return 0;
}
