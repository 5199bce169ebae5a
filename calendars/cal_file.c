/* cal_file.c -- the one atomic file writer: every file the program
 * publishes (feeds, sessions.csv/json, summaries) is replaced through it.
 *
 * A reader (a web server, a calendar client, a coordinator's spreadsheet)
 * must see the old file or the new one, never half of one, and a crash
 * must leave one of the two on disk, not an empty file.  So:
 *
 *   1. a temporary file is created in the target's folder (rename is only
 *      atomic within one file system) with O_EXCL and mode 0600
 *      (mkstemp): never someone else's file, never readable while it is
 *      half written;
 *   2. it is written, flushed and fsync'd, so its blocks are on disk
 *      before its name is;
 *   3. it is made 0644 (published files are read by a web server);
 *   4. it is renamed over the target;
 *   5. the folder is fsync'd, so the rename itself survives a crash.
 *
 * On any error the temporary file is removed and the target is untouched;
 * the diag names the target (and the folder or temporary when that is
 * what failed).
 *
 * A process killed between 1 and 4 leaves its temporary behind.  The
 * name says whose it is: ".<name>~planner-<pid>-XXXXXX".  cal_file_sweep()
 * removes those whose process is gone (or that are older than a day, in
 * case the pid was reused), and leaves a live writer's alone.  Writers
 * sweep each folder once per run (a sweep per file would read a folder
 * of 35 000 commune feeds 35 000 times). */
#include "calendars.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TEMP_MARK "~planner-"
/* A live write lasts seconds; a day-old temporary is a dead run's. */
#define STALE_SECONDS (24 * 3600)

struct cal_file {
    FILE *stream;
    char *path;    /* the target */
    char *tmp;     /* the temporary, in the target's folder */
    char *dir;     /* the folder, "." when path has no '/' */
};

/* "a/b/c.ics" -> "a/b"; "c.ics" -> "."; "/c.ics" -> "/". */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

void cal_file_abort(struct cal_file *f)
{
    if (!f)
        return;
    if (f->stream)
        fclose(f->stream);
    if (f->tmp)
        unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    free(f->dir);
    free(f);
}

enum status cal_file_open(const char *path, struct cal_file **out,
                          struct diag *err)
{
    *out = NULL;
    struct cal_file *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path)) || !(f->dir = folder_of(path))) {
        cal_file_abort(f);
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        cal_file_abort(f);
        return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                        "is a folder name, not a file name");
    }
    /* The name is cut so the temporary's stays under NAME_MAX (255). */
    size_t size = strlen(f->dir) + strlen(base) + 64;
    f->tmp = malloc(size);
    if (!f->tmp) {
        cal_file_abort(f);
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    snprintf(f->tmp, size, "%s/.%.200s" TEMP_MARK "%ld-XXXXXX", f->dir, base,
             (long)getpid());
    /* mkstemp: O_CREAT | O_EXCL, mode 0600. */
    int fd = mkstemp(f->tmp);
    if (fd >= 0)
        (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        free(f->tmp);
        f->tmp = NULL;   /* nothing to remove */
        enum status st = diag_set(err, STATUS_IO, path, 0, 0, NULL,
                                  "cannot create a temporary file in %s: %s",
                                  f->dir, strerror(e));
        cal_file_abort(f);
        return st;
    }
    f->stream = fdopen(fd, "w");
    if (!f->stream) {
        int e = errno;
        close(fd);
        cal_file_abort(f);
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL,
                        "cannot open a stream: %s", strerror(e));
    }
    *out = f;
    return STATUS_OK;
}

FILE *cal_file_stream(struct cal_file *f)
{
    return f->stream;
}

/* Makes a rename in dir durable.  File systems that cannot sync a folder
 * say EINVAL (or ENOTSUP): nothing more can be done there, the data
 * itself is synced. */
static enum status sync_folder(const char *dir, const char *path,
                               struct diag *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                        "replaced, but its folder %s cannot be opened to "
                        "sync it: %s", dir, strerror(errno));
    int rc = fsync(fd), e = errno;
    close(fd);
    if (rc != 0 && e != EINVAL && e != ENOTSUP)
        return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                        "replaced, but its folder %s cannot be synced: %s",
                        dir, strerror(e));
    return STATUS_OK;
}

enum status cal_file_commit(struct cal_file *f, struct diag *err)
{
    const char *step = NULL;
    FILE *s = f->stream;
    f->stream = NULL;
    if (fflush(s) != 0 || ferror(s))
        step = "cannot write";
    else if (fsync(fileno(s)) != 0)
        step = "cannot sync";
    else if (fchmod(fileno(s), 0644) != 0)
        step = "cannot make it readable (0644)";
    int e = errno;
    if (fclose(s) != 0 && !step) {
        step = "cannot write";
        e = errno;
    }
    if (!step && rename(f->tmp, f->path) != 0) {
        step = "cannot replace the file";
        e = errno;
    }
    if (step) {
        enum status st = diag_set(err, STATUS_IO, f->path, 0, 0, NULL,
                                  "%s: %s", step, strerror(e));
        cal_file_abort(f);
        return st;
    }
    free(f->tmp);
    f->tmp = NULL;   /* renamed: nothing to remove */
    enum status st = sync_folder(f->dir, f->path, err);
    cal_file_abort(f);
    return st;
}

enum status cal_file_write(const char *path, const void *data, size_t len,
                           struct diag *err)
{
    struct cal_file *f;
    enum status st = cal_file_open(path, &f, err);
    if (st != STATUS_OK)
        return st;
    if (len && fwrite(data, 1, len, f->stream) != len) {
        st = diag_set(err, STATUS_IO, path, 0, 0, NULL, "cannot write: %s",
                      strerror(errno));
        cal_file_abort(f);
        return st;
    }
    return cal_file_commit(f, err);
}

/* The pid in ".<name>~planner-<pid>-XXXXXX", or 0 when name is not one
 * of our temporaries. */
static long temp_pid(const char *name)
{
    if (name[0] != '.')
        return 0;
    const char *mark = NULL;
    for (const char *p = strstr(name, TEMP_MARK); p; p = strstr(p + 1, TEMP_MARK))
        mark = p;
    if (!mark)
        return 0;
    char *end;
    errno = 0;
    long pid = strtol(mark + strlen(TEMP_MARK), &end, 10);
    if (errno || pid <= 0 || end == mark + strlen(TEMP_MARK) || *end != '-' ||
        strlen(end + 1) != 6)
        return 0;
    return pid;
}

static bool is_stale(int dfd, const char *name, long pid, time_t now)
{
    if (pid == (long)getpid())
        return false;   /* ours: being written */
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        return true;    /* its process is gone */
    struct stat sb;
    return fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
           S_ISREG(sb.st_mode) && now - sb.st_mtime > STALE_SECONDS;
}

enum status cal_file_sweep(const char *dir, size_t *n_removed,
                           struct diag *err)
{
    if (n_removed)
        *n_removed = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            return STATUS_OK;   /* nothing was written there yet */
        return diag_set(err, STATUS_IO, dir, 0, 0, NULL,
                        "cannot read the folder to remove old temporary "
                        "files: %s", strerror(errno));
    }
    int dfd = dirfd(d);
    time_t now = time(NULL);
    enum status st = STATUS_OK;
    struct dirent *e;
    while (st == STATUS_OK && (e = readdir(d))) {
        long pid = temp_pid(e->d_name);
        if (pid <= 0 || !is_stale(dfd, e->d_name, pid, now))
            continue;
        if (unlinkat(dfd, e->d_name, 0) == 0) {
            if (n_removed)
                (*n_removed)++;
        } else if (errno != ENOENT) {   /* ENOENT: another sweep won */
            st = diag_set(err, STATUS_IO, dir, 0, 0, NULL,
                          "cannot remove the old temporary file %s: %s",
                          e->d_name, strerror(errno));
        }
    }
    closedir(d);
    return st;
}
