/* cli_files.c -- folders the program creates for its outputs: `--out
 * a/b/c` creates every missing level (mkdir -p), remembers which ones it
 * made, and removes exactly those again when the run is refused, so a
 * refused run leaves nothing behind. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
