/* cmd_solve.c -- `planner solve DB --quarter Q`: plan a horizon for a
 * scenario already in a project file, save the plan, print its summary.
 *
 * The solver step of `planner plan` on its own, for coordinators who keep
 * a project file (planner init / import / busy / holidays) and for the
 * benchmarks: loads the scenario's territory, builds the closures of the
 * horizon (public holidays; the school holidays of the territory's zone
 * when a service follows them, refusing a horizon past the known data),
 * runs plan_solve() (docs/model.md), stamps the plan with --now or the
 * clock, saves it (sessions that disappeared stay as cancelled for 28
 * days) and prints summary_write_solver(). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "planner.h"

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
    "  --now DATETIME     the plan's time stamp (default: now); for\n"
    "                     reproducible outputs\n"
    "  --quiet            no progress line on the terminal\n"
    "  --verbose          GLPK's log on stdout, one line per block of the\n"
    "                     model on stderr (docs/model.md)\n"
    "  --seed N           search order: 0 (default) is the model's own;\n"
    "                     another number shuffles it (docs/model.md)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 plan made and every target met; 3 plan made but some\n"
    "target is unmet (the summary says which and why); 2 input refused\n"
    "(usage, unknown scenario, horizon past the known school holidays);\n"
    "1 failure (database, I/O, solver).\n";

struct progress_state {
    bool enabled, printed;
};

static void show_progress(void *ctx, const struct plan_progress *pr)
{
    struct progress_state *ps = ctx;
    bool done = !strcmp(pr->phase, "done");
    if (!ps->enabled || (pr->elapsed_s < 1.0 && !done) ||
        (done && !ps->printed))
        return;
    fprintf(stderr, "\r%-10s %7.1f s", pr->phase, pr->elapsed_s);
    if (pr->has_incumbent)
        fprintf(stderr, "  best %.3f  gap %6.2f %%", pr->objective,
                100 * pr->gap);
    else
        fprintf(stderr, "  no plan yet                ");
    fputs(done ? "\n" : "", stderr);
    fflush(stderr);
    ps->printed = true;
}

int cmd_solve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"quarter", required_argument, NULL, 'q'},
        {"horizon", required_argument, NULL, 'H'},
        {"scenario", required_argument, NULL, 's'},
        {"now", required_argument, NULL, 'n'},
        {"quiet", no_argument, NULL, 'Q'},
        CLI_SOLVER_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *horizon = NULL, *scenario = STORE_DEFAULT_SCENARIO;
    long long now = 0;
    bool quiet = false;
    struct plan_params pp;
    plan_params_init(&pp);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'q':
        case 'H':
            if (!cli_set_horizon("solve", optarg, &horizon))
                return EXIT_BAD_INPUT;
            break;
        case 's': scenario = optarg; break;
        case 'n':
            if (!cli_set_now("solve", optarg, &now))
                return EXIT_BAD_INPUT;
            break;
        case 'Q': quiet = true; break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: {
            int r = cli_solver_option("solve", c, optarg, &pp);
            if (r == 0)
                fputs(usage, stderr);
            if (r != 1)
                return EXIT_BAD_INPUT;
            break;
        }
        }
    }
    if (argc - optind != 1 || !horizon) {
        if (argc - optind == 1)
            cli_error("solve", "give the horizon: --quarter 2027-Q1 or "
                      "--horizon 2027-01-04..2027-03-31");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    const char *db = argv[optind];
    struct diag err;
    diag_clear(&err);
    int first, last;
    enum status st = cal_parse_horizon(horizon, &first, &last, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        return EXIT_BAD_INPUT;
    }

    struct store *s = NULL;
    struct model *m = NULL;
    struct model_holiday_period *hol = NULL;
    size_t n_hol = 0;
    struct cal_closures *cl = NULL;
    struct plan_result *res = NULL;
    int rc = EXIT_FAIL;

    st = store_open(db, false, &s, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        goto out;
    }
    if (!store_has_scenario(s, scenario)) {
        cli_error("solve", "%s has no scenario \"%s\"; 'planner scenario %s' "
                  "lists them", db, scenario, db);
        rc = EXIT_BAD_INPUT;
        goto out;
    }
    st = store_load_model(s, scenario, &m, &err);
    bool need_school = false;
    for (size_t i = 0; m && i < m->n_services; i++)
        if (m->services[i].school_holidays != HOL_OPEN)
            need_school = true;
    if (st == STATUS_OK && m->settings.school_zone)
        st = store_load_school_holidays(s, m->settings.school_zone, &hol,
                                        &n_hol, &err);
    if (st == STATUS_OK)
        st = cal_closures_new(m->settings.school_zone, first, last, hol, n_hol,
                              need_school, &cl, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        rc = cli_exit_for(st);
        goto out;
    }

    struct progress_state ps = {!quiet && cli_is_tty(stderr), false};
    pp.progress = show_progress;
    pp.progress_ctx = &ps;
    st = plan_solve(m, cl, first, last, &pp, &res, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        rc = cli_exit_for(st);
        goto out;
    }
    res->plan->created_at = now ? now : (long long)time(NULL);
    st = cli_keep_previous_uids(s, scenario, m, res->plan, &err);
    if (st == STATUS_OK)
        st = store_save_plan(s, scenario, m, res->plan, 28, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        rc = cli_exit_for(st);
        goto out;
    }
    summary_write_solver(m, res, stdout);
    printf("Saved as plan %lld of scenario \"%s\" in %s\n", res->plan->id,
           scenario, db);
    rc = res->n_unmet ? EXIT_UNMET : EXIT_OK_;
out:
    plan_result_free(res);
    cal_closures_free(cl);
    free(hol);
    model_free(m);
    store_close(s);
    return rc;
}
