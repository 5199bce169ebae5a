/* cmd_check.c -- `planner check DB|TERRITORY_DIR`: validate and summarise.
 *
 * Accepts a project file (checks the stored scenario) or a territory
 * folder (checks the files before any import), prints the territory at a
 * glance and the quick capacity checks (models/check.c).  Any error, from
 * the loader or from the checks, exits 2 with the problems and their
 * count on standard error; warnings alone exit 0, shown on standard
 * output. */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"

static const char usage[] =
    "usage: planner check (DB | TERRITORY_DIR) [--scenario NAME] [--weeks N]\n"
    "\n"
    "Validates a territory and prints a short summary: communes and sectors,\n"
    "sites, staff and the hours they have per week, services and the hours\n"
    "their targets ask for, then quick capacity checks (hours asked against\n"
    "hours available per skill, vehicle half-days).\n"
    "\n"
    "With a folder, checks the CSV files themselves (nothing is written).\n"
    "With a project file, checks the stored scenario.\n"
    "\n"
    "Options:\n"
    "  --scenario NAME  scenario of DB (default: base)\n"
    "  --weeks N        horizon length for the capacity checks (default 13)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 valid (warnings, if any, are printed under \"Warnings:\"),\n"
    "2 errors in the input or found by the capacity checks (such as targets\n"
    "asking more hours than the staff have: printed on standard error with\n"
    "their count, after the summary), 1 the project file could not be read.\n";

/* Prints every problem (errors and warnings) and the count of errors on
 * standard error: the refusal of both the loader's and the checks' errors. */
static void print_refusal(const struct diag_list *problems, const char *path)
{
    diag_list_print(problems, stderr);
    fprintf(stderr, "planner check: %zu problem(s) in %s\n",
            diag_list_errors(problems), path);
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'},
        {"weeks", required_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *scenario = STORE_DEFAULT_SCENARIO;
    int weeks = 13, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': scenario = optarg; break;
        case 'w':
            if (sscanf(optarg, "%d", &weeks) != 1 || weeks < 1 || weeks > 104) {
                cli_error("check", "--weeks %s: expected a number of weeks from 1 "
                          "to 104", optarg);
                return EXIT_BAD_INPUT;
            }
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 1) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    const char *path = argv[optind];
    struct diag_list problems;
    diag_list_init(&problems);
    struct model *m = NULL;
    enum status st;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = cli_validate_territory(path, &m, &problems);   /* plan's too */
    } else {
        struct cli_project pj = {0};
        int rc = cli_open("check", &pj, path, scenario, CLI_OPEN_MODEL);
        m = pj.model;
        pj.model = NULL;
        cli_project_close(&pj);
        if (rc != EXIT_OK_) {
            diag_list_free(&problems);
            return rc;
        }
        st = ics_check_uids(m, &problems);
    }
    if (st != STATUS_OK) {
        model_free(m);
        print_refusal(&problems, path);
        diag_list_free(&problems);
        return cli_exit_for(st);
    }
    model_print_summary(m, stdout);
    model_capacity_check(m, weeks, &problems);
    int rc = EXIT_OK_;
    if (diag_list_errors(&problems)) {
        fflush(stdout);
        print_refusal(&problems, path);
        rc = EXIT_BAD_INPUT;
    } else if (problems.count) {
        printf("Warnings:\n");
        diag_list_print(&problems, stdout);
    } else {
        printf("Capacity: no problem found.\n");
    }
    diag_list_free(&problems);
    model_free(m);
    return rc;
}
