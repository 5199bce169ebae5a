/* cmd_init.c -- `planner init DB TERRITORY_DIR`: create a project file.
 *
 * The territory is loaded and validated first; only a territory without
 * errors creates a file.  The file is built under a temporary name and
 * renamed into place once complete, so an interrupted init leaves either
 * nothing or a whole project file, never half of one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: planner init DB TERRITORY_DIR [--scenario NAME]\n"
    "\n"
    "Creates the project file DB (SQLite) from the territory folder\n"
    "TERRITORY_DIR (communes.csv, sites.csv, staff.csv, services.csv and the\n"
    "optional files described in docs/input-format.md).\n"
    "\n"
    "Every problem of the folder is reported, with file, line and column;\n"
    "when there is one, no file is created (exit status 2).  DB must not\n"
    "exist yet: use 'planner import' to update an existing project.\n"
    "\n"
    "Options:\n"
    "  --scenario NAME  name of the first scenario (default: base)\n"
    "  -h, --help       show this help\n";

int cmd_init(int argc, char **argv)
{
    const char *db, *dir, *scenario;
    int rc = cli_args_db_dir(argc, argv, usage, &db, &dir, &scenario);
    if (rc >= 0)
        return rc;
    struct stat sb;
    if (stat(db, &sb) == 0) {
        cli_error("init", "%s already exists; use 'planner import %s %s' to update it",
                  db, db, dir);
        return EXIT_BAD_INPUT;
    }
    struct model *m = NULL;
    rc = cli_load_territory("init", dir, "nothing was written", &m);
    if (rc != EXIT_OK_)
        return rc;

    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.init-%ld", db, (long)getpid());
    cli_remove_db_files(tmp);
    struct diag err;
    diag_clear(&err);
    struct store *s = NULL;
    struct store_import_counts counts = {0};
    enum status st = store_open(tmp, true, &s, &err);
    if (st == STATUS_OK)
        st = store_import_model(s, scenario, m, &counts, &err);
    store_close(s);
    if (st == STATUS_OK && rename(tmp, db) != 0) {
        diag_set(&err, STATUS_IO, db, 0, 0, NULL, "cannot create: %s",
                 strerror(errno));
        st = STATUS_IO;
    }
    if (st != STATUS_OK) {
        /* The message names the temporary file; say which DB it was. */
        cli_print_diag(&err);
        fprintf(stderr, "planner init: %s was not created\n", db);
        cli_remove_db_files(tmp);
        model_free(m);
        return cli_exit_for(st);
    }
    cli_remove_db_files(tmp);   /* WAL/SHM leftovers of the temporary name */
    printf("Created %s (scenario \"%s\") from %s: %zu communes, %zu sites, %zu staff, "
           "%zu vehicles, %zu services, %zu targets.\n",
           db, scenario, dir, m->n_communes, m->n_sites, m->n_staff, m->n_vehicles,
           m->n_services, m->n_targets);
    model_free(m);
    return EXIT_OK_;
}
