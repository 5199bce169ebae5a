/* cmd_scenario.c -- `planner scenario list|copy`: variants of a territory.
 *
 * A scenario is one version of the territory's data in the project file
 * (the real one, "base", and variants élus compare: a third France
 * Services site, another staff split).  Copy one, then import a changed
 * folder into the copy with 'planner import --scenario'. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: planner scenario list DB\n"
    "       planner scenario copy DB FROM TO\n"
    "\n"
    "list  prints the scenarios of the project file, one per line\n"
    "copy  copies the territory data of scenario FROM into a new scenario TO\n"
    "      (plans are not copied); then update it with\n"
    "      'planner import DB FOLDER --scenario TO'\n";

int cmd_scenario(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(usage, stdout);
        return EXIT_OK_;
    }
    bool list = argc == 3 && !strcmp(argv[1], "list");
    bool copy = argc == 5 && !strcmp(argv[1], "copy");
    if (!list && !copy) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    struct cli_project pj = {0};
    int rc = cli_open("scenario", &pj, argv[2], STORE_DEFAULT_SCENARIO, 0);
    struct diag err;
    diag_clear(&err);
    enum status st = STATUS_OK;
    if (rc == EXIT_OK_ && list)
        st = store_list_scenarios(pj.store, stdout, &err);
    else if (rc == EXIT_OK_)
        st = store_copy_scenario(pj.store, argv[3], argv[4], &err);
    cli_project_close(&pj);
    if (rc != EXIT_OK_)
        return rc;
    if (st != STATUS_OK)
        return cli_fail(&err, st);
    if (copy)
        printf("Copied scenario \"%s\" to \"%s\" in %s.\n", argv[3], argv[4], argv[2]);
    return EXIT_OK_;
}
