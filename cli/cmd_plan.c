/* cmd_plan.c -- `planner plan TERRITORY_DIR --quarter Q --out OUT`: the
 * whole job in one command.
 *
 * Loads and checks the territory, stores it in OUT/plan.sqlite (created,
 * or updated when OUT already holds one: a second run is a re-plan, so
 * feeds keep their UIDs, SEQUENCE grows and dropped sessions come back as
 * cancelled), reads unavailability from TERRITORY_DIR/unavailability/,
 * plans the horizon, verifies the plan with the independent checker,
 * saves it, and writes sessions.csv, sessions.json, the iCalendar feeds
 * (OUT/calendars/) and the summary (summary.txt, summary.json).
 *
 * Every refusal comes before anything is written: the territory, the
 * horizon and its closures, the leave files, and the solve itself.  Then
 * OUT (with its missing parents) and the project file are created when
 * needed, and the territory, the leave, the plan and its publish journal
 * are saved in one transaction; a failure there removes what this run
 * created.  Then the files are published (cli_outputs.c).  Progress goes
 * to standard error when it is a terminal (cli_progress.c). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"

static const char usage[] =
    "usage: planner plan TERRITORY_DIR (--quarter 2027-Q1 | --horizon A..B) --out OUT\n"
    "                    [--time-limit SECONDS] [--gap REL] [--write-lp FILE]\n"
    "                    [--write-mps FILE] [--now YYYY-MM-DDTHH:MM:SS]\n"
    "                    [--scenario NAME] [--base-url URL] [--quiet]\n"
    "                    [--verbose] [--seed N] [--csv-dialect D] [--lang fr|en]\n"
    "\n"
    "Plans a horizon for a territory folder and writes into OUT:\n"
    "  plan.sqlite          the project file (territory, plans, feed history)\n"
    "  sessions.csv         one row per session (docs/output-formats.md)\n"
    "  sessions.json        the same, with the solver's figures\n"
    "  runs.csv, runs.json  the minibus routes, one row per stop, when the\n"
    "                       territory has transports.csv (docs/output-formats.md)\n"
    "  calendars/           iCalendar feeds: all.ics and one per staff member,\n"
    "                       commune, site, service and vehicle (minibus\n"
    "                       routes in the driver's, vehicle's and site's\n"
    "                       feeds, pick-ups in the commune's)\n"
    "  summary.txt          the summary for coordinators and élus\n"
    "  summary.json         the same figures for programs\n"
    "\n"
    "Running it again on the same OUT is a re-plan: sessions up to --now's\n"
    "day stay exactly as published, later ones keep their calendar UIDs,\n"
    "changed ones get a higher SEQUENCE, dropped ones stay in the feeds as\n"
    "cancelled for " CLI_STR(CLI_GRACE_DAYS) " days.\n"
    "Another horizon into the same OUT (2027-Q2 after 2027-Q1) adds its\n"
    "sessions: the feeds then hold both, and the other horizon's events stay\n"
    "as they were.\n"
    "\n"
    "Leave and room bookings: iCalendar files in TERRITORY_DIR/unavailability/\n"
    "named staff-ID.ics, site-ID.ics or vehicle-ID.ics (docs/calendars.md).\n"
    "\n"
    "Options:\n"
    "  --quarter Q          horizon as a quarter, e.g. 2027-Q1\n"
    "  --horizon A..B       horizon as dates, e.g. 2027-01-04..2027-03-31\n"
    "  --out OUT            output folder (created when missing, with its\n"
    "                       parent folders)\n"
    "  --time-limit S       stop the search after S seconds and keep the best\n"
    "                       plan found, with its gap (default 60)\n"
    "  --gap REL            stop when proven within REL of the optimum\n"
    "                       (default 0.005, i.e. 0.5 %)\n"
    "  --write-lp FILE      write the model as GLPK gave it (CPLEX LP format)\n"
    "  --write-mps FILE     the same in free MPS format\n"
    "  --now DATETIME       the plan's time, stamped in the feeds (default:\n"
    "                       now); a re-plan keeps the sessions up to its\n"
    "                       day (Paris time) as they were (docs/model.md)\n"
    "  --scenario NAME      scenario in plan.sqlite (default: base)\n"
    "  --base-url URL       where the feeds will be published (URL property)\n"
    "  --quiet              no progress line\n"
    "  --verbose            GLPK's log on stdout, one line per block of the\n"
    "                       model on stderr (docs/model.md)\n"
    "  --seed N             search order: 0 (default) is the model's own;\n"
    "                       another number shuffles it (docs/model.md).\n"
    "                       Same seed, same plan, unless the time limit\n"
    "                       cuts the search\n"
    CLI_CSV_DIALECT_HELP("      ")
    "  --lang L             language of summary.txt: fr (default) or en\n"
    "\n"
    "Exit status: 0 plan made, every target met; 3 plan made but some target\n"
    "is unmet or a minibus run is not served (see summary.txt), or the\n"
    "verification found a violation;\n"
    "2 the input was refused; 1 failure (I/O, database, solver).\n";

/* One run of `planner plan`. */
struct job {
    const char *dir, *outdir, *horizon, *base_url;
    enum export_dialect csv_dialect;   /* of sessions.csv */
    enum report_lang lang;             /* of summary.txt */
    bool quiet;
    char db[4200];
    bool existed;                /* OUT/plan.sqlite was there */
    struct model *m;
    struct cli_project pj;
    struct cli_unavailability u;
    struct cli_planning pl;
    struct cli_progress progress;
    struct cli_published done;
};

/* The options into j.  Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct job *j)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"scenario", required_argument, NULL, 's'},
        {"base-url", required_argument, NULL, 'b'},
        {"quiet", no_argument, NULL, 'Q'},
        {"csv-dialect", required_argument, NULL, 'D'},
        {"lang", required_argument, NULL, 'L'},
        CLI_PLANNING_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': j->outdir = optarg; break;
        case 's': j->pl.scenario = optarg; break;
        case 'b': j->base_url = optarg; break;
        case 'Q': j->quiet = true; break;
        case 'D':
            if (!cli_set_csv_dialect("plan", optarg, &j->csv_dialect))
                return EXIT_BAD_INPUT;
            break;
        case 'L':
            if (!cli_set_lang("plan", optarg, &j->lang))
                return EXIT_BAD_INPUT;
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default:
            if (!cli_planning_option("plan", c, optarg, &j->pl, &j->horizon, usage))
                return EXIT_BAD_INPUT;
            break;
        }
    }
    if (argc - optind != 1 || !j->horizon || !j->outdir) {
        if (argc - optind == 1 && !j->horizon)
            cli_error("plan", "give the horizon: --quarter 2027-Q1 or --horizon A..B");
        else if (argc - optind == 1)
            cli_error("plan", "give the output folder: --out OUT");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    j->dir = argv[optind];
    snprintf(j->db, sizeof j->db, "%s/plan.sqlite", j->outdir);
    return -1;
}

/* Everything that may refuse the run, before anything is written: the
 * horizon, the territory, the closures (an existing project file may
 * hold imported school holidays; opening it finishes an unfinished
 * publish), the leave files. */
static int read_inputs(struct job *j)
{
    struct diag err;
    diag_clear(&err);
    enum status st = cal_parse_horizon(j->horizon, &j->pl.first, &j->pl.last, &err);
    if (st != STATUS_OK)
        return cli_fail(&err, STATUS_INVALID);
    int rc = cli_load_territory("plan", j->dir, "nothing was written", &j->m);
    if (rc != EXIT_OK_)
        return rc;
    struct stat sb;
    j->existed = stat(j->db, &sb) == 0;
    if (j->existed && (rc = cli_open("plan", &j->pj, j->db, j->pl.scenario, 0)))
        return rc;
    st = cli_plan_closures(j->pj.store, j->m, &j->pl, &err);
    if (st == STATUS_OK)
        st = cli_unavailability_read(j->dir, j->m, j->pl.first, j->pl.last,
                                     &j->u, &err);
    if (st == STATUS_OK)
        st = cli_plan_past(j->pj.store, j->m, &j->pl, &err);
    for (size_t i = 0; st == STATUS_OK && i < j->pl.n_notices; i++)
        fprintf(stderr, "planner plan: %s\n", j->pl.notices[i]);
    if (st == STATUS_OK)
        return EXIT_OK_;
    cli_print_diag(&err);
    /* Nothing is written before the inputs are all read (issue 17,
     * defect 2): say so, as for a refused territory. */
    fprintf(stderr, "planner plan: %s refused; nothing was written\n",
            st == STATUS_MISSING_DATA ? "horizon" : "input");
    /* The advice printed names a project file; here there is none yet. */
    if (st == STATUS_MISSING_DATA && !j->existed)
        fprintf(stderr, "planner plan: %s does not exist yet: create it with "
                "`mkdir -p %s && planner init %s %s`, import the calendar "
                "into it with `planner holidays import %s FILE.ics`, then "
                "run planner plan again\n", j->db, j->outdir, j->db, j->dir, j->db);
    return cli_exit_for(st);
}

/* Solves and verifies; creates OUT and the project file when new; saves
 * the territory, the leave, the plan and its journal as one. */
static int solve_and_save(struct job *j)
{
    struct diag err;
    diag_clear(&err);
    cli_progress_attach(&j->progress, j->quiet, &j->pl.params);
    enum status st = cli_plan_solve(j->m, &j->pl, &err);
    if (st != STATUS_OK)
        return cli_fail(&err, st);
    for (size_t i = 0; i < j->pl.verify.count; i++)
        fprintf(stderr, "planner plan: verify: %s\n", j->pl.verify.items[i].message);
    struct cli_made_dirs made = {0};
    bool created = false;
    if (!j->existed) {
        st = cli_mkdirs(j->outdir, &made, &err);
        if (st == STATUS_OK)
            st = cli_claim_file(j->db, &created, &err);
        if (st == STATUS_OK)
            st = cli_project_create(&j->pj, j->db, j->pl.scenario, &err);
    }
    struct cli_outputs o = {.out_dir = ".", .feeds_dir = "calendars",
                            .csv_dialect = j->csv_dialect, .lang = j->lang};
    ics_feed_options_init(&o.feeds);
    o.feeds.base_url = j->base_url;
    if (st == STATUS_OK)
        st = cli_plan_save(j->pj.store, j->m, true, &j->u, &o, &j->pl, &err);
    if (st != STATUS_OK && !j->existed) {
        /* A refused save leaves nothing this run created: not a project
         * file another process created meanwhile, or saved into since
         * (its write lock is what refused this save). */
        bool mine = created && (!j->pj.store || store_is_empty(j->pj.store));
        cli_project_close(&j->pj);
        if (mine)
            cli_remove_db_files(j->db);
        cli_made_dirs_undo(&made);
    }
    cli_made_dirs_free(&made);
    return st == STATUS_OK ? EXIT_OK_ : cli_fail(&err, st);
}

static int publish(struct job *j)
{
    struct diag err;
    diag_clear(&err);
    enum status st = cli_publish(j->pj.store, j->db, j->m, j->pl.result->plan,
                                 &j->pl.publish, &j->done, &err);
    if (st == STATUS_OK)
        return EXIT_OK_;
    cli_print_diag(&err);
    fprintf(stderr, "planner plan: plan %lld is saved in %s but not all its "
            "files could be written; the next planner run on %s writes them\n",
            j->pl.result->plan->id, j->db, j->db);
    return cli_exit_for(st);
}

static int report(const struct job *j)
{
    const struct model_plan *p = j->pl.result->plan;
    const char *out = j->outdir;
    size_t confirmed = 0, n_unmet = j->pl.result->n_unmet;
    size_t unserved = plan_runs_unserved(j->pl.result->runs);
    for (size_t i = 0; i < p->n_sessions; i++)
        confirmed += p->sessions[i].status == SESSION_CONFIRMED;
    printf("%s: %zu sessions planned", j->m->settings.name, confirmed);
    printf(" (solver: %s", p->solver_status);
    if (isfinite(p->gap))
        printf(", gap %.2f %%", 100 * p->gap);
    printf(", %.1f s%s)\n", p->seconds, p->time_limit_hit ? ", time limit hit" : "");
    if (p->n_runs || unserved)
        printf("Minibus: %zu route(s) planned%s", p->n_runs, unserved ? "" : "\n");
    if (unserved)
        printf(", %zu run(s) not served: see %s/summary.txt\n", unserved, out);
    if (n_unmet)
        printf("%zu target(s) unmet: see %s/summary.txt\n", n_unmet, out);
    n_unmet += unserved;
    if (j->pl.verify.count)
        printf("verification found %zu violation(s): the plan was still written; "
               "please report this\n", j->pl.verify.count);
    printf("Project file: %s\n", j->db);
    if (j->done.overtaken) {
        /* cli_publish wrote nothing: the files are a later plan's. */
        printf("Files:        not written: another planner run saved a later "
               "plan in %s meanwhile, and %s holds its files\n", j->db, out);
        return n_unmet || j->pl.verify.count ? EXIT_UNMET : EXIT_OK_;
    }
    printf("Sessions:     %s/sessions.csv and %s/sessions.json\n", out, out);
    printf("Calendars:    %s/calendars/ (%zu feeds; all.ics holds everything)\n",
           out, j->done.n_feeds);
    printf("Summary:      %s/summary.txt and %s/summary.json\n", out, out);
    return n_unmet || j->pl.verify.count ? EXIT_UNMET : EXIT_OK_;
}

int cmd_plan(int argc, char **argv)
{
    struct job j = {0};
    cli_planning_init(&j.pl);
    int rc = parse_options(argc, argv, &j);
    if (rc < 0 && (rc = read_inputs(&j)) == EXIT_OK_ &&
        (rc = solve_and_save(&j)) == EXIT_OK_ && (rc = publish(&j)) == EXIT_OK_)
        rc = report(&j);
    cli_published_free(&j.done);
    cli_planning_free(&j.pl);
    cli_unavailability_free(&j.u);
    cli_project_close(&j.pj);
    model_free(j.m);
    return rc;
}
