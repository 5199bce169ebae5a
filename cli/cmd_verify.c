/* cmd_verify.c -- `planner verify DB [--scenario NAME] [--plan ID]
 * [--csv FILE]`: re-check a plan against every hard rule.
 *
 * The plan is a stored one (the scenario's latest, or --plan ID), or a
 * CSV a coordinator edited by hand (--csv, read by export_read_csv).  The
 * check itself is verify_plan() (planner/verify.c), which shares no code
 * with the solver.  Closures: public holidays always; school holidays of
 * the territory's zone as far as they are known (shipped data plus the
 * coordinator's imports) -- verify never refuses to run for want of
 * school-holiday data, it checks what is known. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "planner.h"

static const char usage[] =
    "usage: planner verify DB [--scenario NAME] [--plan ID] [--csv FILE]\n"
    "\n"
    "Checks a plan against every hard rule (docs/rules.md, R1 to R12):\n"
    "horizon, service hours and sites, opening hours, public and school\n"
    "holidays, team and skills, staff availability and leave, travel time\n"
    "between sessions, daily driving, weekly hours, vehicles and rooms,\n"
    "and the minibus runs (seats, licence, ride times, every rider picked\n"
    "up, no vehicle or driver in two places).\n"
    "Prints one line per violation, \"R7 UID: message\", then\n"
    "\"N sessions checked, M violations\" (with the runs checked when the\n"
    "territory has minibus transports).  Cancelled sessions and runs are\n"
    "not checked.\n"
    "\n"
    "Options:\n"
    "  --scenario NAME  scenario of the project file (default: base)\n"
    "  --plan ID        a stored plan (default: the scenario's latest)\n"
    "  --csv FILE       check this CSV plan instead (the format of\n"
    "                   'planner export --csv', either --csv-dialect,\n"
    "                   edited by hand and possibly re-saved by\n"
    "                   LibreOffice or Excel); its horizon is the stored\n"
    "                   plan's when there is one\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 no violation, 3 violations found, 2 bad CSV file or\n"
    "usage (each problem printed as file:line: column \"x\": message),\n"
    "1 the project file could not be read.\n";

static int fail(const struct diag *err, enum status st)
{
    cli_print_diag(err);
    return st == STATUS_NOTFOUND || st == STATUS_INVALID ? EXIT_BAD_INPUT
                                                         : EXIT_FAIL;
}

/* Closures over the plan's horizon; NULL (school holidays unchecked,
 * with a warning) when they cannot be built. */
static struct cal_closures *closures_for(struct store *s,
                                         const struct model *m,
                                         const struct model_plan *p)
{
    char zone = m->settings.school_zone;
    struct model_holiday_period *hol = NULL;
    size_t n_hol = 0;
    struct diag err;
    diag_clear(&err);
    if (zone && store_load_school_holidays(s, zone, &hol, &n_hol, &err) !=
                    STATUS_OK) {
        cli_print_diag(&err);
        hol = NULL;
        n_hol = 0;
    }
    struct cal_closures *c = NULL;
    int first = p->horizon_start, last = p->horizon_end;
    if (last < first)
        last = first;
    if (cal_closures_new(zone, first, last, hol, n_hol, false, &c, &err) !=
        STATUS_OK) {
        cli_print_diag(&err);
        fprintf(stderr, "planner verify: warning: school holidays not "
                "checked\n");
        c = NULL;
    } else if (!zone) {
        fprintf(stderr, "planner verify: warning: the territory has no "
                "school_zone setting; school holidays not checked\n");
    }
    free(hol);
    return c;
}

/* The plan to check: the CSV file given (its horizon the stored plan's
 * when there is one), or the stored plan.  Returns the exit code. */
static int load_plan(struct cli_project *pj, const char *csv, long long plan_id,
                     struct model_plan **p)
{
    struct diag err;
    diag_clear(&err);
    if (!csv) {
        enum status st = store_load_plan(pj->store, pj->scenario, pj->model,
                                         plan_id, p, &err);
        return st == STATUS_OK ? EXIT_OK_ : fail(&err, st);
    }
    struct diag_list problems;
    diag_list_init(&problems);
    enum status st = export_read_csv(pj->model, csv, p, &problems);
    diag_list_print(&problems, stderr);
    if (st != STATUS_OK)
        fprintf(stderr, "planner verify: %zu problem(s) in %s; nothing "
                "was checked\n", diag_list_errors(&problems), csv);
    diag_list_free(&problems);
    if (st != STATUS_OK)
        return st == STATUS_IO || st == STATUS_NOMEM ? EXIT_FAIL : EXIT_BAD_INPUT;
    /* R1 is about the horizon the plan was made for, and a re-plan's
     * frozen past is checked for consistency only (docs/verify.md): take
     * both from the stored plan the coordinator edited, when there is
     * one. */
    struct model_plan *stored = NULL;
    st = store_load_plan(pj->store, pj->scenario, pj->model, plan_id, &stored, &err);
    if (st == STATUS_OK) {
        (*p)->horizon_start = stored->horizon_start;
        (*p)->horizon_end = stored->horizon_end;
        (*p)->frozen_through = stored->frozen_through;
    }
    model_plan_free(stored);
    if (st != STATUS_OK && (plan_id > 0 || st != STATUS_NOTFOUND))
        return fail(&err, st);
    return EXIT_OK_;
}

static int check(struct cli_project *pj, const struct model_plan *p)
{
    struct diag err;
    diag_clear(&err);
    struct verify_report rep = {0};
    struct cal_closures *cl = closures_for(pj->store, pj->model, p);
    enum status st = verify_plan(pj->model, cl, p, &rep, &err);
    cal_closures_free(cl);
    if (st != STATUS_OK) {
        verify_report_free(&rep);
        return fail(&err, st);
    }
    for (size_t i = 0; i < rep.count; i++)
        printf("R%d %s: %s\n", (int)rep.items[i].rule,
               rep.items[i].uid[0] ? rep.items[i].uid : "-",
               rep.items[i].message);
    printf("%zu session%s", rep.sessions_checked, rep.sessions_checked == 1 ? "" : "s");
    if (rep.runs_checked)
        printf(" and %zu minibus route%s", rep.runs_checked,
               rep.runs_checked == 1 ? "" : "s");
    printf(" checked, %zu violation%s\n", rep.count, rep.count == 1 ? "" : "s");
    int rc = rep.count ? EXIT_UNMET : EXIT_OK_;
    verify_report_free(&rep);
    return fflush(stdout) != 0 ? EXIT_FAIL : rc;
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'},
        {"plan", required_argument, NULL, 'p'},
        {"csv", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *scenario = STORE_DEFAULT_SCENARIO, *csv = NULL;
    long long plan_id = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': scenario = optarg; break;
        case 'c': csv = optarg; break;
        case 'p':
            if (!cli_set_plan_id("verify", optarg, &plan_id))
                return EXIT_BAD_INPUT;
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 1) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    struct cli_project pj = {0};
    struct model_plan *p = NULL;
    int rc = cli_open("verify", &pj, argv[optind], scenario, CLI_OPEN_MODEL);
    if (rc == EXIT_OK_ && (rc = load_plan(&pj, csv, plan_id, &p)) == EXIT_OK_)
        rc = check(&pj, p);
    model_plan_free(p);
    cli_project_close(&pj);
    return rc;
}
