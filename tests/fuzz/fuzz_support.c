/* fuzz_support.c -- the temporary folder and file helpers of the fuzz
 * targets (fuzz_support.h). */
#include "fuzz_support.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[4096];

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz harness: %s %s: %s\n", what, path, strerror(errno));
    abort();
}

/* Removes the folder and what the targets wrote in it (two levels). */
static void remove_tree(const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[8192];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        struct stat st;
        if (depth > 0 && lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(sub, depth - 1);
        else
            unlink(sub);
    }
    closedir(d);
    rmdir(path);
}

static void cleanup(void)
{
    if (dir[0])
        remove_tree(dir, 2);
}

const char *fuzz_dir(void)
{
    if (dir[0])
        return dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/planner-fuzz-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        die("cannot create", dir);
    atexit(cleanup);
    return dir;
}

const char *fuzz_write(const char *rel, const void *data, size_t size)
{
    static char path[8192];
    const char *slash = strchr(rel, '/');
    if (slash) {
        snprintf(path, sizeof path, "%s/%.*s", fuzz_dir(), (int)(slash - rel),
                 rel);
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            die("cannot create", path);
    }
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), rel);
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write", path);
    if ((size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        die("cannot write", path);
    return path;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

char *fuzz_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot read", path);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                free(buf);
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        abort();
    buf[n] = '\0';
    *size = n;
    return buf;
}
