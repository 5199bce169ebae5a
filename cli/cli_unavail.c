/* cli_unavail.c -- leave and room bookings kept beside a territory:
 * TERRITORY/unavailability/{staff,site,vehicle}-ID.ics, read into the
 * model before anything is written, then stored with the plan (one busy
 * source per file; files removed from the folder take their rows with
 * them).
 *
 * The folder is optional, but one that is there and cannot be read is an
 * error: a person on leave all quarter must not silently get sessions. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"

void cli_unavailability_free(struct cli_unavailability *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++)
        free(u->files[i].name);
    free(u->files);
    u->files = NULL;
    u->n = 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's *.ics names, sorted (readdir order is the file system's:
 * busy periods, and so plans, must not depend on it).  *names NULL and
 * *n 0 when there is no folder. */
static enum status list_names(const char *path, char ***names, size_t *n,
                              struct diag *err)
{
    *names = NULL;
    *n = 0;
    struct stat sb;
    if (lstat(path, &sb) != 0 && errno == ENOENT)
        return STATUS_OK;   /* optional folder */
    if (stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return diag_set(err, STATUS_INVALID, path, 0, 0, NULL,
                        "cannot read the leave and booking folder: it is a "
                        "file, not a folder (expected a folder of "
                        "staff-ID.ics, site-ID.ics and vehicle-ID.ics files)");
    /* There is something by that name (maybe a link to nowhere): it must
     * be read, not skipped. */
    DIR *d = opendir(path);
    if (!d)
        return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                        "cannot read the leave and booking folder: %s",
                        strerror(errno));
    enum status st = STATUS_OK;
    size_t cap = 0;
    struct dirent *e;
    errno = 0;
    while (st == STATUS_OK && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcasecmp(e->d_name + len - 4, ".ics"))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nn = realloc(*names, cap * sizeof *nn);
            if (!nn) {
                st = diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
                break;
            }
            *names = nn;
        }
        if (!((*names)[*n] = strdup(e->d_name)))
            st = diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
        else
            (*n)++;
    }
    if (st == STATUS_OK && errno)
        st = diag_set(err, STATUS_IO, path, 0, 0, NULL,
                      "cannot read the leave and booking folder: %s",
                      strerror(errno));
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof **names, name_cmp);
    return st;
}

/* Whose file it is: "staff-ID.ics", "site-ID.ics" or "vehicle-ID.ics". */
static enum status file_owner(const char *dir, const char *name,
                              const struct model *m,
                              enum model_busy_kind *kind, int *who,
                              struct diag *err)
{
    static const struct {
        const char *prefix, *table;
        enum model_busy_kind kind;
    } kinds[] = {{"staff-", "staff.csv", BUSY_STAFF},
                 {"site-", "sites.csv", BUSY_SITE},
                 {"vehicle-", "vehicles.csv", BUSY_VEHICLE}};
    size_t len = strlen(name);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t plen = strlen(kinds[k].prefix);
        if (strncmp(name, kinds[k].prefix, plen) || len < plen + 5)
            continue;
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(len - plen - 4), name + plen);
        *kind = kinds[k].kind;
        *who = *kind == BUSY_STAFF ? model_find_staff(m, id)
               : *kind == BUSY_SITE ? model_find_site(m, id)
                                    : model_find_vehicle(m, id);
        if (*who < 0)
            return diag_set(err, STATUS_INVALID, name, 0, 0, NULL,
                            "\"%s\" is not an id of %s", id, kinds[k].table);
        return STATUS_OK;
    }
    return diag_set(err, STATUS_INVALID, name, 0, 0, NULL,
                    "file name must be staff-ID.ics, site-ID.ics or "
                    "vehicle-ID.ics (in %s)", dir);
}

/* Appends b (n of them) to m->busy; the summaries then belong to m. */
static enum status append_busy(struct model *m, struct model_busy *b,
                               size_t n, const char *file, struct diag *err)
{
    if (n == 0)
        return STATUS_OK;
    struct model_busy *all = realloc(m->busy, (m->n_busy + n) * sizeof *all);
    if (!all)
        return diag_set(err, STATUS_NOMEM, file, 0, 0, NULL, "out of memory");
    m->busy = all;
    memcpy(m->busy + m->n_busy, b, n * sizeof *b);
    m->n_busy += n;
    return STATUS_OK;
}

static enum status read_file(const char *dir, const char *name,
                             struct model *m, int first, int last,
                             struct cli_busy_file *f, struct diag *err)
{
    enum model_busy_kind kind = BUSY_STAFF;
    int who = -1;
    enum status st = file_owner(dir, name, m, &kind, &who, err);
    if (st != STATUS_OK)
        return st;
    char file[4400];
    snprintf(file, sizeof file, "%s/%s", dir, name);
    struct model_busy *b = NULL;
    size_t nb = 0;
    /* A window around the horizon: leave that starts before it and ends
     * inside counts. */
    st = ics_read_busy(file, kind, who, first - 31, last + 31, &b, &nb, err);
    f->first = m->n_busy;
    if (st == STATUS_OK)
        st = append_busy(m, b, nb, file, err);
    if (st == STATUS_OK) {
        f->n = nb;
        free(b);
    } else {
        ics_busy_free(b, nb);
    }
    return st;
}

enum status cli_unavailability_read(const char *dir, struct model *m,
                                    int first, int last,
                                    struct cli_unavailability *u,
                                    struct diag *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/unavailability", dir);
    u->files = NULL;
    u->n = 0;
    char **names = NULL;
    size_t n = 0;
    enum status st = list_names(path, &names, &n, err);
    if (st == STATUS_OK && n && !(u->files = calloc(n, sizeof *u->files)))
        st = diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < n && st == STATUS_OK; i++) {
        st = read_file(path, names[i], m, first, last, &u->files[i], err);
        if (st == STATUS_OK) {
            u->files[i].name = names[i];
            names[i] = NULL;
            u->n++;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

enum status cli_unavailability_store(struct store *s, const char *scenario,
                                     const struct model *m,
                                     const struct cli_unavailability *u,
                                     struct diag *err)
{
    const char **sources = malloc((u->n ? u->n : 1) * sizeof *sources);
    if (!sources)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    enum status st = STATUS_OK;
    for (size_t i = 0; i < u->n && st == STATUS_OK; i++) {
        const struct cli_busy_file *f = &u->files[i];
        sources[i] = f->name;
        st = store_replace_busy(s, scenario, m, f->name, m->busy + f->first,
                                f->n, err);
    }
    if (st == STATUS_OK)
        st = store_keep_busy_sources(s, scenario, sources, u->n, err);
    free(sources);
    return st;
}
