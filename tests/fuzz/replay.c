/* replay.c -- runs a fuzz target's entry point on files, without
 * libFuzzer: the regression test of the ordinary suite (gcc, and the
 * ASan+UBSan build) over the seeds and the reproducers of every crash
 * found (tests/fuzz/seeds/TARGET, tests/fuzz/crashes/TARGET).
 *
 * usage: replay_TARGET PATH...   (a PATH that is a folder: every file in
 * it, in name order; a missing folder is skipped).  Prints how many
 * inputs ran; a crash is the sanitizer's or the target's abort(). */
#include "fuzz_support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    size_t size;
    char *data = fuzz_read_file(path, &size);
    LLVMFuzzerTestOneInput((const uint8_t *)data, size);
    free(data);
    return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_dir(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, by_name), ran = 0;
    for (int i = 0; i < n; i++) {
        char path[8192];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
        if (list[i]->d_name[0] != '.' && stat(path, &st) == 0 &&
            S_ISREG(st.st_mode))
            ran += run_file(path);
        free(list[i]);
    }
    free(list);
    return ran;
}

int main(int argc, char **argv)
{
    int ran = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            continue;
        ran += S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
    }
    printf("%d input(s) replayed\n", ran);
    return ran > 0 ? 0 : 1;
}
