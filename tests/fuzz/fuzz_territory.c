/* fuzz_territory.c -- a whole territory folder through model_load_dir
 * and the checks of `planner check` (models/load.c, check.c,
 * check_fit.c, check_coords.c): the cross-file references, duplicate
 * and capacity checks that reading one file cannot reach.
 *
 * Input: sections, each starting with a line "#@ NAME" where NAME is one
 * of the territory's file names (communes.csv ...); the lines after it,
 * up to the next such line, are that file.  "#@ !NAME" removes the file.
 * Files the input does not name are those of the base territory
 * (examples/quercy-blanc, FUZZ_BASE_DIR), so a one-section input is one
 * edited file in an otherwise valid territory, which is what
 * coordinators produce.  Text before the first section is ignored. */
#include "fuzz_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models.h"

#ifndef FUZZ_BASE_DIR
#error "FUZZ_BASE_DIR must name the base territory folder"
#endif

static const char *const files[] = {
    "settings.csv", "communes.csv", "sites.csv", "staff.csv", "vehicles.csv",
    "services.csv", "targets.csv", "travel.csv", "demand.csv",
};
#define N_FILES (sizeof files / sizeof *files)

struct part {
    const char *data;   /* NULL: the file is absent */
    size_t size;
};

static struct part base[N_FILES];
static FILE *devnull;

static void load_base(void)
{
    for (size_t i = 0; i < N_FILES; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", FUZZ_BASE_DIR, files[i]);
        if (access(path, R_OK) == 0)
            base[i].data = fuzz_read_file(path, &base[i].size);
    }
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
}

static int file_index(const char *name, size_t len)
{
    for (size_t i = 0; i < N_FILES; i++)
        if (strlen(files[i]) == len && !memcmp(files[i], name, len))
            return (int)i;
    return -1;
}

/* Splits the input into sections over a copy of the base parts. */
static void split(const char *s, size_t size, struct part *parts)
{
    memcpy(parts, base, sizeof base);
    int cur = -1;
    size_t pos = 0;
    while (pos < size) {
        const char *nl = memchr(s + pos, '\n', size - pos);
        size_t end = nl ? (size_t)(nl - s) + 1 : size;
        if (end - pos >= 3 && !memcmp(s + pos, "#@ ", 3)) {
            const char *name = s + pos + 3;
            size_t len = end - pos - 3;
            while (len && (name[len - 1] == '\n' || name[len - 1] == '\r'))
                len--;
            bool drop = len && name[0] == '!';
            cur = drop ? file_index(name + 1, len - 1) : file_index(name, len);
            if (cur >= 0) {
                parts[cur].data = drop ? NULL : s + end;
                parts[cur].size = 0;
                if (drop)
                    cur = -1;
            }
        } else if (cur >= 0) {
            parts[cur].size += end - pos;
        }
        pos = end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!devnull)
        load_base();
    struct part parts[N_FILES];
    split((const char *)data, size, parts);
    char dir[4096];
    for (size_t i = 0; i < N_FILES; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "t/%s", files[i]);
        const char *path = fuzz_write(rel, parts[i].data ? parts[i].data : "",
                                      parts[i].size);
        if (!parts[i].data)
            unlink(path);
    }
    snprintf(dir, sizeof dir, "%s/t", fuzz_dir());
    struct diag_list problems;
    diag_list_init(&problems);
    struct model *m = NULL;
    if (model_load_dir(dir, &m, &problems) == STATUS_OK) {
        model_print_summary(m, devnull);
        model_capacity_check(m, 13, &problems);
    }
    diag_list_sort(&problems);
    diag_list_print(&problems, devnull);
    model_free(m);
    diag_list_free(&problems);
    return 0;
}
