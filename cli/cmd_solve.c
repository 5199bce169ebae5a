/* cmd_solve.c -- `planner solve DB --quarter Q`: plan a horizon for a
 * scenario already in a project file, save the plan, print its summary.
 *
 * The solver step of `planner plan` on its own, for coordinators who keep
 * a project file (planner init / import / busy / holidays) and for the
 * benchmarks: loads the scenario's territory, builds the closures of the
 * horizon (public holidays; the school holidays of the territory's zone
 * when a service follows them, refusing a horizon past the known data),
 * runs plan_solve() (docs/model.md), stamps the plan with --now or the
 * clock, verifies it with the independent checker, saves it (sessions
 * that disappeared stay as cancelled for CLI_GRACE_DAYS days) and prints
 * summary_write_solver().  The same sequence as `plan` (cli_planning.c),
 * without the files. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char usage[] =
    "usage: planner solve DB (--quarter 2027-Q1 | --horizon A..B)\n"
    "                     [--scenario NAME] [--time-limit SECONDS] [--gap REL]\n"
    "                     [--write-lp FILE] [--write-mps FILE]\n"
    "                     [--now YYYY-MM-DDTHH:MM:SS] [--quiet]\n"
    "                     [--verbose] [--seed N]\n"
    "\n"
    "Plans the horizon for a scenario of the project file DB: which sites\n"
    "host each service, on which weekday and time, how often (weekly, every\n"
    "2 or 4 weeks, n-th weekday of the month, N times), the dates this\n"
    "gives after holidays, and who runs each session with which vehicle.\n"
    "The plan is saved in DB (see 'planner export' and 'planner feeds') and\n"
    "its summary printed: status, objective and its parts (access, equity,\n"
    "driving cost, unmet penalty), best bound, gap, time, sessions per\n"
    "service, and every target that could not be met, with the reason.\n"
    "\n"
    "The search stops at the time limit or when the plan is proven within\n"
    "the gap of the best possible one; a plan is always returned, with its\n"
    "gap when not proven.  Same input, same plan (unless the time limit\n"
    "cuts the search).  docs/model.md describes the model.\n"
    "\n"
    "Options:\n"
    "  --quarter Q        horizon as a quarter, e.g. 2027-Q1\n"
    "  --horizon A..B     horizon as dates, e.g. 2027-01-04..2027-03-31\n"
    "  --scenario NAME    scenario of the project file (default: base)\n"
    "  --time-limit S     stop after S seconds with the best plan found\n"
    "                     (default 60)\n"
    "  --gap REL          stop when proven within REL of the optimum\n"
    "                     (default 0.005, i.e. 0.5 %)\n"
    "  --write-lp FILE    write the model exactly as GLPK was given it, in\n"
    "                     CPLEX LP format (readable by glpsol, cbc, HiGHS)\n"
    "  --write-mps FILE   the same in free MPS format\n"
    "  --now DATETIME     the plan's time stamp (default: now); a re-plan\n"
    "                     keeps the sessions up to its day (Paris time) as\n"
    "                     they were (docs/model.md)\n"
    "  --quiet            no progress line on the terminal\n"
    "  --verbose          GLPK's log on stdout, one line per block of the\n"
    "                     model on stderr (docs/model.md)\n"
    "  --seed N           search order: 0 (default) is the model's own;\n"
    "                     another number shuffles it (docs/model.md)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Sessions a re-solve drops stay in the feeds as cancelled for " CLI_STR(CLI_GRACE_DAYS) "\n"
    "days.\n"
    "\n"
    "Exit status: 0 plan made and every target met; 3 plan made but some\n"
    "target is unmet (the summary says which and why) or the verification\n"
    "found a violation; 2 input refused\n"
    "(usage, unknown scenario, horizon past the known school holidays);\n"
    "1 failure (database, I/O, solver).\n";

/* The options into pl.  Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct cli_planning *pl,
                         bool *quiet, const char **db)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'Q'},
        CLI_PLANNING_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *horizon = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': pl->scenario = optarg; break;
        case 'Q': *quiet = true; break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default:
            if (!cli_planning_option("solve", c, optarg, pl, &horizon, usage))
                return EXIT_BAD_INPUT;
            break;
        }
    }
    if (argc - optind != 1 || !horizon) {
        if (argc - optind == 1)
            cli_error("solve", "give the horizon: --quarter 2027-Q1 or "
                      "--horizon 2027-01-04..2027-03-31");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    *db = argv[optind];
    struct diag err;
    diag_clear(&err);
    if (cal_parse_horizon(horizon, &pl->first, &pl->last, &err) != STATUS_OK)
        return cli_fail(&err, STATUS_INVALID);
    return -1;
}

/* Closures, solve and verify, save (cli.h; `compare` plans with it too). */
int cli_solve_and_save(const char *cmd, struct store *s, const struct model *m,
                       struct cli_planning *pl, bool quiet)
{
    struct diag err;
    diag_clear(&err);
    struct cli_progress progress;
    cli_progress_attach(&progress, quiet, &pl->params);
    enum status st = cli_plan_closures(s, m, pl, &err);
    if (st == STATUS_OK)
        st = cli_plan_past(s, m, pl, &err);
    for (size_t i = 0; st == STATUS_OK && i < pl->n_notices; i++)
        fprintf(stderr, "planner %s: %s\n", cmd, pl->notices[i]);
    if (st == STATUS_OK)
        st = cli_plan_solve(m, pl, &err);
    if (st != STATUS_OK)
        return cli_fail(&err, st);
    for (size_t i = 0; i < pl->verify.count; i++)
        fprintf(stderr, "planner %s: verify: %s\n", cmd, pl->verify.items[i].message);
    st = cli_plan_save(s, m, false, NULL, NULL, pl, &err);
    return st == STATUS_OK ? EXIT_OK_ : cli_fail(&err, st);
}

int cmd_solve(int argc, char **argv)
{
    struct cli_planning pl;
    cli_planning_init(&pl);
    struct cli_project pj = {0};
    bool quiet = false;
    const char *db = NULL;
    int rc = parse_options(argc, argv, &pl, &quiet, &db);
    if (rc < 0 && (rc = cli_open("solve", &pj, db, pl.scenario, CLI_OPEN_MODEL)) == EXIT_OK_ &&
        (rc = cli_solve_and_save("solve", pj.store, pj.model, &pl, quiet)) == EXIT_OK_) {
        summary_write_solver(pj.model, pl.result, stdout);
        printf("Saved as plan %lld of scenario \"%s\" in %s\n", pl.result->plan->id,
               pl.scenario, db);
        rc = pl.result->n_unmet || pl.verify.count
                     || plan_runs_unserved(pl.result->runs) ? EXIT_UNMET : EXIT_OK_;
    }
    cli_planning_free(&pl);
    cli_project_close(&pj);
    return rc;
}
