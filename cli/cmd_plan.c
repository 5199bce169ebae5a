/* cmd_plan.c -- `planner plan TERRITORY_DIR --quarter Q --out OUT`: the
 * whole job in one command.
 *
 * Loads and checks the territory, stores it in OUT/plan.sqlite (created,
 * or updated when OUT already holds one: a second run is a re-plan, so
 * feeds keep their UIDs, SEQUENCE grows and dropped sessions come back as
 * cancelled), reads unavailability from TERRITORY_DIR/unavailability/,
 * plans the horizon, verifies the plan with the independent checker,
 * saves it, and writes sessions.csv, sessions.json, the iCalendar feeds
 * (OUT/calendars/) and the summary (summary.txt, summary.json).  Every
 * file is written atomically.  Progress goes to standard error when it
 * is a terminal and the run lasts more than a couple of seconds. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "planner.h"

static const char usage[] =
    "usage: planner plan TERRITORY_DIR (--quarter 2027-Q1 | --horizon A..B) --out OUT\n"
    "                    [--time-limit SECONDS] [--gap REL] [--write-lp FILE]\n"
    "                    [--write-mps FILE] [--now YYYY-MM-DDTHH:MM:SS]\n"
    "                    [--scenario NAME] [--base-url URL] [--quiet]\n"
    "                    [--verbose] [--seed N]\n"
    "\n"
    "Plans a horizon for a territory folder and writes into OUT:\n"
    "  plan.sqlite          the project file (territory, plans, feed history)\n"
    "  sessions.csv         one row per session (docs/output-formats.md)\n"
    "  sessions.json        the same, with the solver's figures\n"
    "  calendars/           iCalendar feeds: all.ics and one per staff member,\n"
    "                       commune, site, service and vehicle\n"
    "  summary.txt          the summary for coordinators and élus\n"
    "  summary.json         the same figures for programs\n"
    "\n"
    "Running it again on the same OUT is a re-plan: sessions keep their\n"
    "calendar UIDs, changed ones get a higher SEQUENCE, dropped ones stay in\n"
    "the feeds as cancelled for 28 days.\n"
    "\n"
    "Leave and room bookings: iCalendar files in TERRITORY_DIR/unavailability/\n"
    "named staff-ID.ics, site-ID.ics or vehicle-ID.ics (docs/calendars.md).\n"
    "\n"
    "Options:\n"
    "  --quarter Q          horizon as a quarter, e.g. 2027-Q1\n"
    "  --horizon A..B       horizon as dates, e.g. 2027-01-04..2027-03-31\n"
    "  --out OUT            output folder (created when missing)\n"
    "  --time-limit S       stop the search after S seconds and keep the best\n"
    "                       plan found, with its gap (default 60)\n"
    "  --gap REL            stop when proven within REL of the optimum\n"
    "                       (default 0.005, i.e. 0.5 %)\n"
    "  --write-lp FILE      write the model as GLPK gave it (CPLEX LP format)\n"
    "  --write-mps FILE     the same in free MPS format\n"
    "  --now DATETIME       the time stamped in the feeds (default: now);\n"
    "                       for reproducible outputs\n"
    "  --scenario NAME      scenario in plan.sqlite (default: base)\n"
    "  --base-url URL       where the feeds will be published (URL property)\n"
    "  --quiet              no progress line\n"
    "  --verbose            GLPK's log on stdout, one line per block of the\n"
    "                       model on stderr (docs/model.md)\n"
    "  --seed N             search order: 0 (default) is the model's own;\n"
    "                       another number shuffles it (docs/model.md).\n"
    "                       Same seed, same plan, unless the time limit\n"
    "                       cuts the search\n"
    "\n"
    "Exit status: 0 plan made, every target met; 3 plan made but some target\n"
    "is unmet (see summary.txt) or the verification found a violation;\n"
    "2 the input was refused; 1 failure (I/O, database, solver).\n";

struct progress_state {
    bool enabled;
    bool printed;
    bool finished;   /* "done" shown: the MIP and plan_solve both report it */
};

static void show_progress(void *ctx, const struct plan_progress *pr)
{
    struct progress_state *ps = ctx;
    /* Short runs stay quiet: a line that flashes by helps nobody. */
    if (!ps->enabled || ps->finished ||
        (pr->elapsed_s < 2.0 && strcmp(pr->phase, "done")))
        return;
    if (!strcmp(pr->phase, "done") && !ps->printed)
        return;
    fprintf(stderr, "\r%-10s %7.1f s", pr->phase, pr->elapsed_s);
    if (pr->has_incumbent)
        fprintf(stderr, "  best %.4f  gap %6.2f %%", pr->objective, 100 * pr->gap);
    else
        fprintf(stderr, "  no plan yet                 ");
    fprintf(stderr, "%s", strcmp(pr->phase, "done") ? "" : "\n");
    fflush(stderr);
    ps->printed = true;
    ps->finished = !strcmp(pr->phase, "done");
}

/* Writes text built by fn into path atomically. */
static enum status write_atomic(const char *path,
                                enum status (*fn)(const struct model *,
                                                  const struct model_plan *,
                                                  const struct plan_result *,
                                                  FILE *, struct diag *),
                                const struct model *m, const struct model_plan *p,
                                const struct plan_result *r, struct diag *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    enum status st = fn(m, p, r, f, err);
    if (fclose(f) != 0 && st == STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    if (st == STATUS_OK)
        st = cal_file_write(path, buf, len, err);
    free(buf);
    return st;
}

/* Reads TERRITORY_DIR/unavailability/{staff,site,vehicle}-ID.ics into
 * m->busy and records them in the store (one source per file). */
static enum status load_unavailability(const char *dir, struct model *m,
                                       struct store *s, const char *scenario,
                                       int first, int last, struct diag *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/unavailability", dir);
    DIR *d = opendir(path);
    if (!d)
        return STATUS_OK;   /* optional folder */
    enum status st = STATUS_OK;
    struct dirent *e;
    /* readdir order is arbitrary: collect names and sort them, so busy
     * periods (and so plans) do not depend on the file system. */
    char **names = NULL;
    size_t n_names = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcasecmp(e->d_name + len - 4, ".ics"))
            continue;
        char **nn = realloc(names, (n_names + 1) * sizeof *nn);
        if (!nn || !(nn[n_names] = strdup(e->d_name))) {
            free(nn ? nn : names);
            names = NULL;
            st = diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
            break;
        }
        names = nn;
        n_names++;
    }
    closedir(d);
    for (size_t i = 0; i + 1 < n_names; i++)
        for (size_t j = i + 1; j < n_names; j++)
            if (strcmp(names[i], names[j]) > 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (size_t i = 0; i < n_names && st == STATUS_OK; i++) {
        const char *name = names[i];
        char id[256];
        enum model_busy_kind kind;
        int who = -1;
        size_t len = strlen(name);
        if (!strncmp(name, "staff-", 6)) {
            kind = BUSY_STAFF;
            snprintf(id, sizeof id, "%.*s", (int)(len - 10), name + 6);
            who = model_find_staff(m, id);
        } else if (!strncmp(name, "site-", 5)) {
            kind = BUSY_SITE;
            snprintf(id, sizeof id, "%.*s", (int)(len - 9), name + 5);
            who = model_find_site(m, id);
        } else if (!strncmp(name, "vehicle-", 8)) {
            kind = BUSY_VEHICLE;
            snprintf(id, sizeof id, "%.*s", (int)(len - 12), name + 8);
            who = model_find_vehicle(m, id);
        } else {
            st = diag_set(err, STATUS_INVALID, name, 0, 0, NULL,
                          "file name must be staff-ID.ics, site-ID.ics or "
                          "vehicle-ID.ics (in %s)", path);
            break;
        }
        if (who < 0) {
            st = diag_set(err, STATUS_INVALID, name, 0, 0, NULL,
                          "\"%s\" is not an id of %s", id,
                          kind == BUSY_STAFF ? "staff.csv" :
                          kind == BUSY_SITE ? "sites.csv" : "vehicles.csv");
            break;
        }
        char file[4400];
        snprintf(file, sizeof file, "%s/%s", path, name);
        struct model_busy *b = NULL;
        size_t nb = 0;
        /* A window around the horizon: leave that starts before it and
         * ends inside counts. */
        st = ics_read_busy(file, kind, who, first - 31, last + 31, &b, &nb, err);
        if (st == STATUS_OK)
            st = store_replace_busy(s, scenario, m, name, b, nb, err);
        if (st == STATUS_OK && nb) {
            struct model_busy *all = realloc(m->busy, (m->n_busy + nb) * sizeof *all);
            if (!all) {
                st = diag_set(err, STATUS_NOMEM, file, 0, 0, NULL, "out of memory");
            } else {
                m->busy = all;
                memcpy(m->busy + m->n_busy, b, nb * sizeof *b);
                m->n_busy += nb;
                free(b);   /* the summaries now belong to the model */
                b = NULL;
                nb = 0;
            }
        }
        ics_busy_free(b, nb);
    }
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    return st;
}

int cmd_plan(int argc, char **argv)
{
    static const struct option opts[] = {
        {"quarter", required_argument, NULL, 'q'},
        {"horizon", required_argument, NULL, 'H'},
        {"out", required_argument, NULL, 'o'},
        {"now", required_argument, NULL, 'n'},
        {"scenario", required_argument, NULL, 's'},
        {"base-url", required_argument, NULL, 'b'},
        {"quiet", no_argument, NULL, 'Q'},
        CLI_SOLVER_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *horizon = NULL, *outdir = NULL, *scenario = STORE_DEFAULT_SCENARIO;
    const char *base_url = NULL;
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
            if (!cli_set_horizon("plan", optarg, &horizon))
                return EXIT_BAD_INPUT;
            break;
        case 'o': outdir = optarg; break;
        case 'n':
            if (!cli_set_now("plan", optarg, &now))
                return EXIT_BAD_INPUT;
            break;
        case 's': scenario = optarg; break;
        case 'b': base_url = optarg; break;
        case 'Q': quiet = true; break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: {
            int r = cli_solver_option("plan", c, optarg, &pp);
            if (r == 0)
                fputs(usage, stderr);
            if (r != 1)
                return EXIT_BAD_INPUT;
            break;
        }
        }
    }
    if (argc - optind != 1 || !horizon || !outdir) {
        if (argc - optind == 1 && !horizon)
            cli_error("plan", "give the horizon: --quarter 2027-Q1 or --horizon A..B");
        else if (argc - optind == 1)
            cli_error("plan", "give the output folder: --out OUT");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    const char *dir = argv[optind];
    struct diag err;
    diag_clear(&err);
    int first, last;
    enum status st = cal_parse_horizon(horizon, &first, &last, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        return EXIT_BAD_INPUT;
    }
    /* 1. The territory, checked whole before anything is written. */
    struct model *m = NULL;
    int load_rc = cli_load_territory("plan", dir, "nothing was written", &m);
    if (load_rc != EXIT_OK_)
        return load_rc;

    /* 2. Closures: refuse a horizon past the known school holidays when a
     * service depends on them, before writing anything. */
    bool need_school = false;
    for (size_t i = 0; i < m->n_services; i++)
        if (m->services[i].school_holidays != HOL_OPEN)
            need_school = true;

    char db[4200];
    snprintf(db, sizeof db, "%s/plan.sqlite", outdir);
    struct store *s = NULL;
    struct cal_closures *cl = NULL;
    struct plan_result *res = NULL;
    struct model_holiday_period *imported = NULL;
    size_t n_imported = 0;
    struct verify_report vr = {0};
    int rc = EXIT_FAIL;

    /* An existing project file may hold school holidays the coordinator
     * imported; a new one is created only once the closures are known to
     * cover the horizon, so a refused run leaves no empty file behind. */
    struct stat sb;
    bool existed = stat(db, &sb) == 0;
    st = existed ? store_open(db, false, &s, &err) : STATUS_OK;
    if (st == STATUS_OK && existed && m->settings.school_zone)
        st = store_load_school_holidays(s, m->settings.school_zone, &imported,
                                        &n_imported, &err);
    if (st == STATUS_OK)
        st = cal_closures_new(m->settings.school_zone, first, last, imported,
                              n_imported, need_school, &cl, &err);
    /* OUT itself is made only now, so a refused horizon leaves nothing. */
    struct cli_made_dirs made = {0};
    if (st == STATUS_OK && !existed)
        st = cli_mkdirs(outdir, &made, &err);
    cli_made_dirs_free(&made);
    if (st == STATUS_OK && !existed)
        st = store_open(db, true, &s, &err);
    if (st == STATUS_OK) {
        struct store_import_counts counts;
        st = store_import_model(s, scenario, m, &counts, &err);
    }
    if (st == STATUS_OK)
        st = load_unavailability(dir, m, s, scenario, first, last, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        /* The advice above names a project file; here there is none yet. */
        if (st == STATUS_MISSING_DATA && !existed)
            fprintf(stderr, "planner plan: %s does not exist yet: create it with "
                    "`mkdir -p %s && planner init %s %s`, import the calendar "
                    "into it with `planner holidays import %s FILE.ics`, then "
                    "run planner plan again\n", db, outdir, db, dir, db);
        rc = cli_exit_for(st);
        goto out;
    }

    /* 3. Solve. */
    struct progress_state ps = {!quiet && cli_is_tty(stderr), false, false};
    pp.progress = show_progress;
    pp.progress_ctx = &ps;
    st = plan_solve(m, cl, first, last, &pp, &res, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        rc = cli_exit_for(st);
        goto out;
    }
    struct model_plan *p = res->plan;
    p->created_at = now ? now : (long long)time(NULL);

    /* 4. Verify with the independent checker, before publishing. */
    st = verify_plan(m, cl, p, &vr, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        goto out;
    }
    for (size_t i = 0; i < vr.count; i++)
        fprintf(stderr, "planner plan: verify: %s\n", vr.items[i].message);

    /* 5. Save (the last plan's UIDs kept where the sessions are the
     * same; assigns SEQUENCE, adds recent cancellations) and write. */
    st = cli_keep_previous_uids(s, scenario, m, p, &err);
    if (st == STATUS_OK)
        st = store_save_plan(s, scenario, m, p, 28, &err);
    char path[4400];
    if (st == STATUS_OK) {
        snprintf(path, sizeof path, "%s/sessions.csv", outdir);
        st = export_write_path(m, p, EXPORT_CSV, path, &err);
    }
    if (st == STATUS_OK) {
        snprintf(path, sizeof path, "%s/sessions.json", outdir);
        st = export_write_path(m, p, EXPORT_JSON, path, &err);
    }
    size_t n_feeds = 0;
    if (st == STATUS_OK) {
        struct ics_feed_options fo;
        ics_feed_options_init(&fo);
        fo.base_url = base_url;
        snprintf(path, sizeof path, "%s/calendars", outdir);
        st = ics_write_feeds(m, p, path, &fo, &n_feeds, &err);
    }
    if (st == STATUS_OK) {
        snprintf(path, sizeof path, "%s/summary.txt", outdir);
        st = write_atomic(path, summary_write_text, m, p, res, &err);
    }
    if (st == STATUS_OK) {
        snprintf(path, sizeof path, "%s/summary.json", outdir);
        st = write_atomic(path, summary_write_json, m, p, res, &err);
    }
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        rc = cli_exit_for(st);
        goto out;
    }

    size_t confirmed = 0;
    for (size_t i = 0; i < p->n_sessions; i++)
        confirmed += p->sessions[i].status == SESSION_CONFIRMED;
    printf("%s: %zu sessions planned", m->settings.name, confirmed);
    printf(" (solver: %s", p->solver_status);
    if (isfinite(p->gap))
        printf(", gap %.2f %%", 100 * p->gap);
    printf(", %.1f s%s)\n", p->seconds, p->time_limit_hit ? ", time limit hit" : "");
    if (res->n_unmet)
        printf("%zu target(s) unmet: see %s/summary.txt\n", res->n_unmet, outdir);
    if (vr.count)
        printf("verification found %zu violation(s): the plan was still written; "
               "please report this\n", vr.count);
    printf("Project file: %s\n", db);
    printf("Sessions:     %s/sessions.csv and %s/sessions.json\n", outdir, outdir);
    printf("Calendars:    %s/calendars/ (%zu feeds; all.ics holds everything)\n",
           outdir, n_feeds);
    printf("Summary:      %s/summary.txt and %s/summary.json\n", outdir, outdir);
    rc = res->n_unmet || vr.count ? EXIT_UNMET : EXIT_OK_;
out:
    verify_report_free(&vr);
    plan_result_free(res);
    cal_closures_free(cl);
    free(imported);
    store_close(s);
    model_free(m);
    return rc;
}
