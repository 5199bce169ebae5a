/* cmd_import.c -- `planner import DB TERRITORY_DIR`: re-import a folder.
 *
 * The folder is validated whole before the database is touched; then the
 * scenario's data is replaced in one transaction (store_import_model), so
 * a refused or interrupted import leaves the project file as it was. */
#include <stdio.h>

#include "cli.h"

static const char usage[] =
    "usage: planner import DB TERRITORY_DIR [--scenario NAME]\n"
    "\n"
    "Re-reads the territory folder and updates the project file DB: rows\n"
    "that changed are updated, new rows added, rows gone from the files\n"
    "deleted.  Plans already made are kept.  A folder with any error is\n"
    "refused whole (exit status 2) and DB is left unchanged.\n"
    "\n"
    "Options:\n"
    "  --scenario NAME  scenario to update; created when it does not exist\n"
    "                   (default: base)\n"
    "  -h, --help       show this help\n";

int cmd_import(int argc, char **argv)
{
    const char *db, *dir, *scenario;
    int rc = cli_args_db_dir(argc, argv, usage, &db, &dir, &scenario);
    if (rc >= 0)
        return rc;
    struct model *m = NULL;
    char consequence[4200];
    snprintf(consequence, sizeof consequence, "%s was not changed", db);
    rc = cli_load_territory("import", dir, consequence, &m);
    if (rc != EXIT_OK_)
        return rc;
    struct cli_project pj = {0};
    if ((rc = cli_open("import", &pj, db, scenario, 0)) != EXIT_OK_) {
        cli_project_close(&pj);
        model_free(m);
        return rc;
    }
    struct diag err;
    diag_clear(&err);
    struct store_import_counts counts = {0};
    enum status st = store_import_model(pj.store, scenario, m, &counts, &err);
    cli_project_close(&pj);
    model_free(m);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        fprintf(stderr, "planner import: %s was not changed\n", db);
        return cli_exit_for(st);
    }
    printf("Imported %s into %s (scenario \"%s\"): %d added, %d updated, %d deleted, "
           "%d unchanged.\n", dir, db, scenario, counts.inserted, counts.updated,
           counts.deleted, counts.unchanged);
    return EXIT_OK_;
}
