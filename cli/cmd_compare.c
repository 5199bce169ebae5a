/* cmd_compare.c -- `planner compare DB A B [C...]`: scenarios side by
 * side, for élus choosing between variants.
 *
 * Takes each scenario's latest saved plan of the horizon (with
 * --quarter/--horizon: a plan of exactly that horizon, planned now with
 * `solve`'s sequence, cli_solve_and_save, when the scenario has none;
 * without: the latest plans, which must share one horizon), then writes
 * the comparison (report/compare.c) in French to stdout or --out and as
 * JSON to --json, each file replaced atomically (cal_file_write).  Every
 * refusal comes before anything is planned or written. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: planner compare DB SCENARIO SCENARIO... [--quarter Q | --horizon A..B]\n"
    "                       [--out FILE] [--json FILE] [--html FILE] [--pdf FILE]\n"
    "                       [--now DATETIME]\n"
    "                       [--quiet] [--time-limit SECONDS]\n"
    "\n"
    "Compares scenarios of the project file DB side by side, in French:\n"
    "sessions per service and sector, communes served and not served, the\n"
    "share of each service's audience within its travel time, the worst-\n"
    "served communes, staff hours against contract, km, vehicle days, the\n"
    "cost of the vehicles' km in euros, targets met and unmet, and the\n"
    "differences of each scenario against the first, in words.\n"
    "\n"
    "With --quarter or --horizon, each scenario's latest plan of exactly\n"
    "that horizon is used, and a scenario without one is planned first\n"
    "(as 'planner solve' does, and saved).  Without, the scenarios' latest\n"
    "plans are used; they must cover the same horizon.\n"
    "\n"
    "Options:\n"
    "  --quarter Q        horizon as a quarter, e.g. 2027-Q1\n"
    "  --horizon A..B     horizon as dates, e.g. 2027-01-04..2027-03-31\n"
    "  --out FILE         write the comparison to FILE (default: stdout)\n"
    "  --json FILE        write the same figures as JSON to FILE\n"
    "  --html FILE        write the report for élus to FILE: one self-contained\n"
    "                     page (maps, charts, the table, a calendar), in French,\n"
    "                     that opens without network and prints on A4\n"
    "  --pdf FILE         the same report as A4 PDF pages\n"
    "  --now DATETIME     the time stamp of a plan made now (default: now)\n"
    "  --quiet            no progress line while planning\n"
    "  --time-limit S     and the other options of 'planner solve', for the\n"
    "                     scenarios planned now\n"
    "  -h, --help         show this help\n"
    "\n"
    "Files are replaced atomically: on error nothing is written.\n"
    "\n"
    "Exit status: 0 written; 2 input refused (usage, unknown scenario,\n"
    "a scenario given twice, bad horizon, no plan to compare, plans of\n"
    "different horizons, a territory or plan that cannot be loaded);\n"
    "1 failure (database, I/O, solver).\n";

struct compare_args {
    const char *db, *out, *json, *html, *pdf;
    const char **names;
    size_t n;
    bool quiet, has_horizon;
    struct cli_planning pl;      /* horizon, now, solver options */
};

static int parse_args(int argc, char **argv, struct compare_args *a)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"json", required_argument, NULL, 'j'},
        {"html", required_argument, NULL, 'w'},
        {"pdf", required_argument, NULL, 'P'},
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
        case 'o': a->out = optarg; break;
        case 'j': a->json = optarg; break;
        case 'w': a->html = optarg; break;
        case 'P': a->pdf = optarg; break;
        case 'Q': a->quiet = true; break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default:
            if (!cli_planning_option("compare", c, optarg, &a->pl, &horizon, usage))
                return EXIT_BAD_INPUT;
            break;
        }
    }
    if (argc - optind < 3) {
        if (argc - optind == 2)
            cli_error("compare", "give at least two scenarios to compare");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    a->db = argv[optind];
    a->names = (const char **)argv + optind + 1;
    a->n = (size_t)(argc - optind - 1);
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(a->names[i], a->names[j])) {
                cli_error("compare", "scenario \"%s\" given twice", a->names[i]);
                return EXIT_BAD_INPUT;
            }
    struct diag err;
    diag_clear(&err);
    a->has_horizon = horizon != NULL;
    if (horizon && cal_parse_horizon(horizon, &a->pl.first, &a->pl.last, &err) != STATUS_OK)
        return cli_fail(&err, STATUS_INVALID);
    return -1;
}

/* The scenarios, their territories and plans (plans NULL: to be made). */
struct loaded {
    struct compare_scenario *sc;
    struct model **models;
    struct model_plan **plans;
};

static void loaded_free(struct loaded *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (l->models)
            model_free(l->models[i]);
        if (l->plans)
            model_plan_free(l->plans[i]);
    }
    free(l->sc);
    free(l->models);
    free(l->plans);
}

/* Scenario i's plan: of exactly the horizon asked (NULL when it has
 * none: it is planned later), or its latest. */
static enum status find_plan(struct store *s, const struct compare_args *a,
                             size_t i, struct loaded *l, struct diag *err)
{
    const char *name = a->names[i];
    if (!a->has_horizon)
        return store_load_plan(s, name, l->models[i], 0, &l->plans[i], err);
    struct model_plan *p = NULL;
    enum status st = store_load_plan_in(s, name, l->models[i], a->pl.first,
                                        a->pl.last, &p, err);
    if (st == STATUS_NOTFOUND) {
        diag_clear(err);
        return STATUS_OK;
    }
    long long id = p && p->horizon_start == a->pl.first &&
                   p->horizon_end == a->pl.last ? p->id : 0;
    model_plan_free(p);
    if (st != STATUS_OK || !id)
        return st;
    return store_load_plan(s, name, l->models[i], id, &l->plans[i], err);
}

/* Every check before anything is planned: scenarios, territories,
 * plans, one horizon. */
static int load_all(struct cli_project *pj, const struct compare_args *a,
                    struct loaded *l)
{
    struct diag err;
    diag_clear(&err);
    l->sc = calloc(a->n, sizeof *l->sc);
    l->models = calloc(a->n, sizeof *l->models);
    l->plans = calloc(a->n, sizeof *l->plans);
    if (!l->sc || !l->models || !l->plans) {
        diag_set(&err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
        return cli_fail(&err, STATUS_NOMEM);
    }
    for (size_t i = 0; i < a->n; i++) {
        enum status st = STATUS_OK;
        if (!store_has_scenario(pj->store, a->names[i]))
            st = diag_set(&err, STATUS_NOTFOUND, a->db, 0, 0, NULL,
                          "has no scenario \"%s\"; 'planner scenario list %s' "
                          "lists them", a->names[i], a->db);
        if (st == STATUS_OK)
            st = store_load_model(pj->store, a->names[i], &l->models[i], &err);
        if (st == STATUS_OK)
            st = find_plan(pj->store, a, i, l, &err);
        if (st != STATUS_OK)
            return cli_fail(&err, st == STATUS_NOTFOUND ? STATUS_INVALID : st);
        if (l->plans[i] && l->plans[0] &&
            (l->plans[i]->horizon_start != l->plans[0]->horizon_start ||
             l->plans[i]->horizon_end != l->plans[0]->horizon_end)) {
            cli_error("compare", "the latest plans of \"%s\" and \"%s\" cover "
                      "different horizons; give --quarter or --horizon",
                      a->names[0], a->names[i]);
            return EXIT_BAD_INPUT;
        }
        l->sc[i] = (struct compare_scenario){a->names[i], l->models[i], NULL};
    }
    return EXIT_OK_;
}

/* Plans the scenarios that have no plan of the horizon, and loads the
 * saved plan back. */
static int plan_missing(struct cli_project *pj, struct compare_args *a,
                        struct loaded *l)
{
    for (size_t i = 0; i < a->n; i++) {
        if (!l->plans[i]) {
            struct cli_planning pl = a->pl;
            pl.scenario = a->names[i];
            pl.closures = NULL;
            pl.result = NULL;
            fprintf(stderr, "planner compare: scenario \"%s\" has no plan of "
                    "this horizon: planning it\n", a->names[i]);
            int rc = cli_solve_and_save("compare", pj->store, l->models[i], &pl,
                                        a->quiet);
            long long id = rc == EXIT_OK_ ? pl.result->plan->id : 0;
            cli_planning_free(&pl);
            if (rc != EXIT_OK_)
                return rc;
            struct diag err;
            diag_clear(&err);
            enum status st = store_load_plan(pj->store, a->names[i], l->models[i],
                                             id, &l->plans[i], &err);
            if (st != STATUS_OK)
                return cli_fail(&err, st);
        }
        l->sc[i].plan = l->plans[i];
    }
    return EXIT_OK_;
}

/* Renders with fn into memory, then writes path ("-" or NULL: stdout). */
static int write_one(enum status (*fn)(const struct compare_scenario *, size_t,
                                       FILE *, struct diag *),
                     const struct loaded *l, size_t n, char **buf, size_t *len)
{
    struct diag err;
    diag_clear(&err);
    FILE *mem = open_memstream(buf, len);
    enum status st = mem ? fn(l->sc, n, mem, &err)
                         : diag_set(&err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (mem && fclose(mem) != 0 && st == STATUS_OK)
        st = diag_set(&err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return st == STATUS_OK ? EXIT_OK_ : cli_fail(&err, st);
}

static int put(const char *path, const char *buf, size_t len)
{
    if (!path || !strcmp(path, "-"))
        return fwrite(buf, 1, len, stdout) == len ? EXIT_OK_ : EXIT_FAIL;
    struct diag err;
    diag_clear(&err);
    enum status st = cal_file_write(path, buf, len, &err);
    return st == STATUS_OK ? EXIT_OK_ : cli_fail(&err, st);
}

/* Every output rendered first, then written: a failure writes nothing. */
static int write_outputs(const struct compare_args *a, const struct loaded *l)
{
    enum status (*const fn[4])(const struct compare_scenario *, size_t, FILE *,
                               struct diag *) = {
        compare_write_text, compare_write_json, report_write_html, report_write_pdf};
    const char *path[4] = {a->out, a->json, a->html, a->pdf};
    char *buf[4] = {NULL};
    size_t len[4] = {0};
    int rc = EXIT_OK_;
    for (int k = 0; k < 4 && rc == EXIT_OK_; k++)
        if (k == 0 || path[k])
            rc = write_one(fn[k], l, a->n, &buf[k], &len[k]);
    for (int k = 3; k >= 0 && rc == EXIT_OK_; k--)
        if (k == 0 || path[k])
            rc = put(path[k], buf[k], len[k]);
    for (int k = 0; k < 4; k++)
        free(buf[k]);
    return rc;
}

int cmd_compare(int argc, char **argv)
{
    struct compare_args a = {0};
    cli_planning_init(&a.pl);
    struct cli_project pj = {0};
    struct loaded l = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc < 0 && (rc = cli_open("compare", &pj, a.db, STORE_DEFAULT_SCENARIO, 0)) == EXIT_OK_ &&
        (rc = load_all(&pj, &a, &l)) == EXIT_OK_ &&
        (rc = plan_missing(&pj, &a, &l)) == EXIT_OK_)
        rc = write_outputs(&a, &l);
    loaded_free(&l, a.n);
    cli_project_close(&pj);
    return rc;
}
