/* cli_files.c -- the output folders as a file system sees them:
 * `--out a/b/c` creates every missing level (mkdir -p) and remembers
 * which ones it made, so a refused run removes exactly those again;
 * paths relative to the project file; a lock so two publishes into one
 * folder take turns; leftover temporary files of killed writers removed;
 * folders synced so a finished publish survives a power cut; a new
 * project file claimed (O_EXCL) so a run knows whether it made it. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Creates path itself (its parent exists); remembers it in made. */
static enum status make_one(const char *path, struct cli_made_dirs *made,
                            struct diag *err)
{
    if (mkdir(path, 0777) != 0) {
        if (errno == EEXIST && is_dir(path))
            return STATUS_OK;
        if (errno == EEXIST)
            return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                            "cannot create folder: a file of that name is in "
                            "the way");
        return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                        "cannot create folder: %s", strerror(errno));
    }
    if (made->n < CLI_MAX_MADE_DIRS) {
        made->paths[made->n] = strdup(path);
        if (made->paths[made->n])
            made->n++;
    }
    return STATUS_OK;
}

enum status cli_mkdirs(const char *path, struct cli_made_dirs *made,
                       struct diag *err)
{
    size_t len = strlen(path);
    if (len == 0)
        return diag_set(err, STATUS_INVALID, "", 0, 0, NULL,
                        "empty folder name");
    char *buf = strdup(path);
    if (!buf)
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    while (len > 1 && buf[len - 1] == '/')
        buf[--len] = '\0';
    enum status st = STATUS_OK;
    /* Each level from the top: "a", "a/b", "a/b/c" ("/x" starts at "/x"). */
    for (size_t i = 1; i <= len && st == STATUS_OK; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        if (buf[i - 1] == '/')
            continue;            /* "a//b" */
        char saved = buf[i];
        buf[i] = '\0';
        if (!is_dir(buf))
            st = make_one(buf, made, err);
        buf[i] = saved;
    }
    free(buf);
    return st;
}

void cli_made_dirs_undo(struct cli_made_dirs *made)
{
    /* The deepest first; rmdir refuses a folder that is not empty. */
    while (made->n > 0) {
        made->n--;
        rmdir(made->paths[made->n]);
        free(made->paths[made->n]);
    }
}

void cli_made_dirs_free(struct cli_made_dirs *made)
{
    for (size_t i = 0; i < made->n; i++)
        free(made->paths[i]);
    made->n = 0;
}

char *cli_path_under(const char *project_path, const char *rel)
{
    if (rel[0] == '/')
        return strdup(rel);
    const char *slash = strrchr(project_path, '/');
    size_t dlen = slash ? (size_t)(slash - project_path) : 0;
    size_t len = dlen + strlen(rel) + 3;
    char *out = malloc(len);
    if (!out)
        return NULL;
    if (!slash)
        snprintf(out, len, "%s", rel);
    else if (dlen == 0)
        snprintf(out, len, "/%s", rel);
    else
        snprintf(out, len, "%.*s/%s", (int)dlen, project_path, rel);
    return out;
}

/* How long a publish waits for another one into the same folder. */
#define DIR_LOCK_WAIT_MS 10000

enum status cli_dir_lock(const char *dir, int *fd, struct diag *err)
{
    *fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*fd < 0)
        return diag_set(err, STATUS_IO, dir, 0, 0, NULL,
                        "cannot open folder: %s", strerror(errno));
    for (int waited = 0; flock(*fd, LOCK_EX | LOCK_NB) != 0; waited += 50) {
        if (errno != EWOULDBLOCK || waited >= DIR_LOCK_WAIT_MS) {
            int e = errno;
            close(*fd);
            *fd = -1;
            if (e != EWOULDBLOCK)
                return diag_set(err, STATUS_IO, dir, 0, 0, NULL,
                                "cannot lock folder: %s", strerror(e));
            return diag_set(err, STATUS_IO, dir, 0, 0, NULL,
                            "another planner process is writing feeds here "
                            "(waited %d s); try again", DIR_LOCK_WAIT_MS / 1000);
        }
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return STATUS_OK;
}

void cli_dir_unlock(int fd)
{
    if (fd >= 0)
        close(fd);   /* releases the flock */
}

/* Whether name is the temporary file of an atomic write of target that
 * never got renamed: ".TARGET.XXXXXX" (mkstemp's six letters and digits)
 * or "TARGET.tmp".  target NULL: of any file.  These are the names the
 * two writers of planner before calendars/cal_file.c used (export.c's
 * and ics_feed.c's own); today's writer names its temporaries after its
 * process and sweeps them itself (cal_file_sweep).  This cleanup stays for
 * folders published by those versions, whose killed runs left such files
 * world-readable (issue 17, defect 8); it runs under the folder lock. */
static bool is_stale_temp(const char *name, const char *target)
{
    size_t len = strlen(name);
    if (len > 4 && !strcmp(name + len - 4, ".tmp"))
        return !target || (len - 4 == strlen(target) &&
                           !strncmp(name, target, len - 4));
    if (name[0] != '.' || len < 9 || name[len - 7] != '.')
        return false;
    for (size_t i = len - 6; i < len; i++)
        if (!isalnum((unsigned char)name[i]))
            return false;
    return !target || (len - 8 == strlen(target) &&
                       !strncmp(name + 1, target, len - 8));
}

static bool is_stale_temp_of(const char *name, const char *const *targets)
{
    if (!targets)
        return is_stale_temp(name, NULL);
    for (size_t i = 0; targets[i]; i++)
        if (is_stale_temp(name, targets[i]))
            return true;
    return false;
}

size_t cli_remove_stale_temps(const char *dir, int depth,
                              const char *const *targets)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t removed = 0;
    struct dirent *e;
    char path[4400];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth > 0)
            removed += cli_remove_stale_temps(path, depth - 1, targets);
        else if (S_ISREG(sb.st_mode) && is_stale_temp_of(e->d_name, targets) &&
                 unlink(path) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

enum status cli_sync_dir(const char *dir, int depth, struct diag *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return diag_set(err, STATUS_IO, dir, 0, 0, NULL,
                        "cannot open folder: %s", strerror(errno));
    enum status st = STATUS_OK;
    /* EINVAL: a file system that cannot sync folders (nothing to do). */
    if (fsync(fd) != 0 && errno != EINVAL)
        st = diag_set(err, STATUS_IO, dir, 0, 0, NULL,
                      "cannot sync folder: %s", strerror(errno));
    DIR *d = depth > 0 && st == STATUS_OK ? fdopendir(fd) : NULL;
    if (!d) {
        close(fd);
        return st;
    }
    struct dirent *e;
    char path[4400];
    while (st == STATUS_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = cli_sync_dir(path, depth - 1, err);
    }
    closedir(d);
    return st;
}

enum status cli_claim_file(const char *path, bool *created, struct diag *err)
{
    *created = false;
    /* 0644 as SQLite creates its files (SQLITE_DEFAULT_FILE_PERMISSIONS). */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
        close(fd);
        *created = true;
        return STATUS_OK;
    }
    if (errno == EEXIST)
        return STATUS_OK;
    return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                    "cannot create project file: %s", strerror(errno));
}

void cli_remove_db_files(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char buf[4200];
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(buf, sizeof buf, "%s%s", path, suffixes[i]);
        unlink(buf);
    }
}
