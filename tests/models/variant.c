/* variant.c -- see variant.h. */
#include "variant.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

int variant_write_bytes(const char *dir, const char *name, const void *bytes,
                        size_t len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(bytes, 1, len, f);
    return fclose(f) == 0 && n == len ? 0 : -1;
}

char *variant_edited(const char *example, const char *file, const char *find,
                     const char *replace)
{
    char rel[512];
    snprintf(rel, sizeof rel, "%s/%s", example, file);
    FILE *f = fopen(test_source_path(rel), "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20;
    char *text = malloc(cap);
    size_t n = fread(text, 1, cap - 1, f);
    fclose(f);
    text[n] = '\0';
    size_t flen = strlen(find), rlen = strlen(replace), hits = 0;
    for (const char *p = text; flen && (p = strstr(p, find)); p += flen)
        hits++;
    if (flen && !hits) {
        free(text);
        return NULL;
    }
    char *out = malloc(n + (flen ? hits : 1) * rlen + 1), *o = out;
    const char *p = text;
    for (const char *at; flen && (at = strstr(p, find)); p = at + flen) {
        memcpy(o, p, (size_t)(at - p));
        o += at - p;
        memcpy(o, replace, rlen);
        o += rlen;
    }
    o = stpcpy(o, p);
    if (!flen)
        strcpy(o, replace);
    free(text);
    return out;
}

enum status variant_load(const char *example, const struct variant_file *files,
                         size_t n_files, struct model **out, struct diag_list *l)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    assert_int_equal(test_copy_dir(test_source_path(example), dir), 0);
    for (size_t i = 0; i < n_files; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        if (files[i].content)
            assert_int_equal(test_write_file(dir, files[i].name, files[i].content), 0);
        else
            remove(path);
    }
    diag_list_init(l);
    struct model *m = NULL;
    enum status st = model_load_dir(dir, &m, l);
    assert_true(st == STATUS_OK ? m != NULL : m == NULL);
    if (out)
        *out = m;
    else
        model_free(m);
    test_remove_tree(dir);
    return st;
}

enum status variant_qb(const char *file, const char *content, struct model **out,
                       struct diag_list *l)
{
    struct variant_file f = {file, content};
    return variant_load("examples/quercy-blanc", &f, 1, out, l);
}

static void format(const struct diag *d, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "%s", d->status == STATUS_OK ? "warning: " : "");
    diag_format(d, buf + n, size - n);
}

bool variant_expect(const struct diag_list *l, const char *const *expected)
{
    size_t n = 0;
    while (expected[n])
        n++;
    bool same = n == l->count && l->dropped == 0;
    char buf[1024];
    for (size_t i = 0; same && i < n; i++) {
        format(&l->items[i], buf, sizeof buf);
        same = !strcmp(buf, expected[i]);
    }
    if (!same) {
        fprintf(stderr, "expected %zu problems:\n", n);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "  %s\n", expected[i]);
        fprintf(stderr, "got %zu (and %zu dropped):\n", l->count, l->dropped);
        for (size_t i = 0; i < l->count; i++) {
            format(&l->items[i], buf, sizeof buf);
            fprintf(stderr, "  %s\n", buf);
        }
    }
    return same;
}
