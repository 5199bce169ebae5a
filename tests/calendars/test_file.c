/* test_file.c -- the atomic file writer (calendars/cal_file.c): content
 * and modes, the previous file kept on every error with the path in the
 * message, and the sweep of temporaries left by killed runs (issue 17,
 * defect 8: they piled up, world-readable). */
#include "test_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "calendars.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Entries of dir other than "." and ".."; the first hidden one's name
 * goes to hidden (when not NULL). */
static int entries(const char *dir, char *hidden, size_t size)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    if (hidden)
        hidden[0] = '\0';
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        if (hidden && e->d_name[0] == '.' && !hidden[0])
            snprintf(hidden, size, "%s", e->d_name);
    }
    closedir(d);
    return n;
}

static mode_t mode_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return sb.st_mode & 07777;
}

static void write_replaces_the_file_with_mode_0644(void **state)
{
    (void)state;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    snprintf(path, sizeof path, "%s/all.ics", dir);
    struct diag err;
    mode_t old = umask(077);   /* published files are 0644 whatever it is */
    assert_ok(cal_file_write(path, "first\n", 6, &err), &err);
    assert_string_equal(slurp(path), "first\n");
    assert_int_equal(mode_of(path), 0644);
    assert_ok(cal_file_write(path, "", 0, &err), &err);
    assert_string_equal(slurp(path), "");
    umask(old);
    assert_int_equal(entries(dir, NULL, 0), 1);
    test_remove_tree(dir);
}

static void the_temporary_is_private_until_renamed(void **state)
{
    (void)state;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    snprintf(path, sizeof path, "%s/sessions.csv", dir);
    assert_int_equal(test_write_file(dir, "sessions.csv", "previous\n"), 0);
    struct cal_file *f;
    struct diag err;
    assert_ok(cal_file_open(path, &f, &err), &err);
    fputs("new\n", cal_file_stream(f));
    char hidden[256], tmp[1000];
    assert_int_equal(entries(dir, hidden, sizeof hidden), 2);
    /* ".sessions.csv~planner-<pid>-XXXXXX", 0600, next to the target */
    char want[64];
    snprintf(want, sizeof want, ".sessions.csv~planner-%ld-", (long)getpid());
    assert_memory_equal(hidden, want, strlen(want));
    assert_int_equal(strlen(hidden), strlen(want) + 6);
    snprintf(tmp, sizeof tmp, "%s/%s", dir, hidden);
    assert_int_equal(mode_of(tmp), 0600);
    assert_string_equal(slurp(path), "previous\n");
    assert_ok(cal_file_commit(f, &err), &err);
    assert_string_equal(slurp(path), "new\n");
    assert_int_equal(entries(dir, NULL, 0), 1);
    test_remove_tree(dir);
}

static void abort_keeps_the_previous_file_and_no_temporary(void **state)
{
    (void)state;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    snprintf(path, sizeof path, "%s/summary.txt", dir);
    assert_int_equal(test_write_file(dir, "summary.txt", "previous\n"), 0);
    struct cal_file *f;
    struct diag err;
    assert_ok(cal_file_open(path, &f, &err), &err);
    fputs("half a fi", cal_file_stream(f));
    cal_file_abort(f);
    cal_file_abort(NULL);
    assert_string_equal(slurp(path), "previous\n");
    assert_int_equal(entries(dir, NULL, 0), 1);
    test_remove_tree(dir);
}

static void errors_name_the_path_and_leave_nothing(void **state)
{
    (void)state;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    struct diag err;
    /* No such folder. */
    snprintf(path, sizeof path, "%s/missing/all.ics", dir);
    assert_int_equal(cal_file_write(path, "x", 1, &err), STATUS_IO);
    assert_string_equal(err.file, path);
    char want[800];
    snprintf(want, sizeof want, "cannot create a temporary file in "
             "%s/missing: No such file or directory", dir);
    assert_string_equal(err.message, want);
    /* A folder where the file should be: the rename fails, the temporary
     * goes. */
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(cal_file_write(path, "x", 1, &err), STATUS_IO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.message,
                        "cannot replace the file: Is a directory");
    assert_int_equal(entries(dir, NULL, 0), 1);
    /* A path ending in '/' names no file. */
    snprintf(path, sizeof path, "%s/", dir);
    assert_int_equal(cal_file_write(path, "x", 1, &err), STATUS_IO);
    assert_string_equal(err.message, "is a folder name, not a file name");
    test_remove_tree(dir);
}

/* A pid that was a process and is no more. */
static long dead_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return (long)pid;
}

static void sweep_removes_only_dead_runs_temporaries(void **state)
{
    (void)state;
    char dir[600], name[128], path[800];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    long dead = dead_pid();
    /* Killed writers' leftovers. */
    snprintf(name, sizeof name, ".all.ics~planner-%ld-a1B2c3", dead);
    assert_int_equal(test_write_file(dir, name, "BEGIN:VCAL"), 0);
    snprintf(name, sizeof name, ".S01.ics~planner-%ld-zzzzzz", dead);
    assert_int_equal(test_write_file(dir, name, ""), 0);
    /* A live writer's (this process, and pid 1), a day-old one of a live
     * pid (reused), and names that are not ours. */
    snprintf(name, sizeof name, ".all.ics~planner-%ld-Xy0123", (long)getpid());
    assert_int_equal(test_write_file(dir, name, ""), 0);
    assert_int_equal(test_write_file(dir, ".b.ics~planner-1-abcdef", ""), 0);
    assert_int_equal(test_write_file(dir, ".c.ics~planner-1-old000", ""), 0);
    snprintf(path, sizeof path, "%s/.c.ics~planner-1-old000", dir);
    struct timespec times[2] = {{time(NULL) - 2 * 86400, 0},
                                {time(NULL) - 2 * 86400, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    snprintf(name, sizeof name, "all.ics~planner-%ld-a1B2c3", dead);
    assert_int_equal(test_write_file(dir, name, ""), 0);   /* not hidden */
    snprintf(name, sizeof name, ".x~planner-%ld-abc", dead);
    assert_int_equal(test_write_file(dir, name, ""), 0);   /* 3, not 6 */
    assert_int_equal(test_write_file(dir, ".hidden", ""), 0);
    assert_int_equal(test_write_file(dir, "all.ics", "feed"), 0);
    assert_int_equal(entries(dir, NULL, 0), 9);

    size_t n = 99;
    struct diag err;
    assert_ok(cal_file_sweep(dir, &n, &err), &err);
    assert_int_equal(n, 3);
    assert_int_equal(entries(dir, NULL, 0), 6);
    snprintf(path, sizeof path, "%s/.all.ics~planner-%ld-a1B2c3", dir, dead);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/.all.ics~planner-%ld-Xy0123", dir,
             (long)getpid());
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/.b.ics~planner-1-abcdef", dir);
    assert_int_equal(access(path, F_OK), 0);
    assert_string_equal(slurp(path), "");
    snprintf(path, sizeof path, "%s/all.ics", dir);
    assert_string_equal(slurp(path), "feed");

    /* A folder not made yet has nothing to sweep. */
    snprintf(path, sizeof path, "%s/none", dir);
    assert_ok(cal_file_sweep(path, &n, &err), &err);
    assert_int_equal(n, 0);
    test_remove_tree(dir);
}

static void feeds_sweep_their_folders(void **state)
{
    (void)state;
    char dir[600], sub[700], name[128];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    snprintf(sub, sizeof sub, "%s/staff", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    long dead = dead_pid();
    snprintf(name, sizeof name, ".S01.ics~planner-%ld-q1w2e3", dead);
    assert_int_equal(test_write_file(sub, name, "BEGIN"), 0);
    snprintf(name, sizeof name, ".all.ics~planner-%ld-q1w2e3", dead);
    assert_int_equal(test_write_file(dir, name, "BEGIN"), 0);
    struct model *m = model_new();
    struct model_plan *p = model_plan_new();
    assert_non_null(m);
    assert_non_null(p);
    struct diag err;
    assert_ok(ics_write_feeds(m, p, dir, NULL, NULL, &err), &err);
    char hidden[256];
    assert_int_equal(entries(sub, hidden, sizeof hidden), 0);
    /* all.ics and the five folders */
    assert_int_equal(entries(dir, hidden, sizeof hidden), 6);
    assert_string_equal(hidden, "");
    model_plan_free(p);
    model_free(m);
    test_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_replaces_the_file_with_mode_0644),
        cmocka_unit_test(the_temporary_is_private_until_renamed),
        cmocka_unit_test(abort_keeps_the_previous_file_and_no_temporary),
        cmocka_unit_test(errors_name_the_path_and_leave_nothing),
        cmocka_unit_test(sweep_removes_only_dead_runs_temporaries),
        cmocka_unit_test(feeds_sweep_their_folders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
