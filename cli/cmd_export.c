/* cmd_export.c -- `planner export DB [--scenario NAME] [--plan ID]
 * [--csv-dialect D] (--csv FILE | --json FILE)...`: write a stored plan
 * as CSV (in either dialect) or JSON.
 *
 * Formats: docs/output-formats.md (report/export.c writes them).  Several
 * outputs in one run share one load of the plan.  Files are replaced
 * atomically, so a failed export leaves the previous file untouched. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "planner.h"

static const char usage[] =
    "usage: planner export DB [--scenario NAME] [--plan ID] [--csv-dialect D]\n"
    "                         (--csv FILE | --json FILE)...\n"
    "\n"
    "Writes a stored plan, one row (CSV) or object (JSON) per session,\n"
    "sorted by date, start, service and site; cancelled sessions included.\n"
    "Columns and fields: docs/output-formats.md.  The CSV can be edited by\n"
    "hand and checked with 'planner verify DB --csv FILE'.\n"
    "\n"
    "Options:\n"
    "  --scenario NAME  scenario of the project file (default: base)\n"
    "  --plan ID        a stored plan (default: the scenario's latest)\n"
    "  --csv FILE       write CSV to FILE (\"-\" = standard output)\n"
    "  --json FILE      write JSON to FILE (\"-\" = standard output)\n"
    CLI_CSV_DIALECT_HELP("  ")
    "  -h, --help       show this help\n"
    "\n"
    "--csv and --json may be repeated; at least one is needed.  A FILE is\n"
    "replaced atomically: on error the previous FILE is left as it was.\n"
    "\n"
    "Exit status: 0 written, 2 usage error or unknown scenario or plan,\n"
    "1 the project file could not be read or a FILE could not be written.\n";

#define MAX_OUTPUTS 16

struct output {
    enum export_format format;
    const char *path;
};

struct export_args {
    const char *db, *scenario;
    long long plan_id;
    enum export_dialect csv_dialect;   /* of every --csv */
    struct output outs[MAX_OUTPUTS];
    size_t n_out;
    bool to_stdout;
};

/* The options into a.  Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct export_args *a)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'},
        {"plan", required_argument, NULL, 'p'},
        {"csv", required_argument, NULL, 'c'},
        {"json", required_argument, NULL, 'j'},
        {"csv-dialect", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': a->scenario = optarg; break;
        case 'D':
            if (!cli_set_csv_dialect("export", optarg, &a->csv_dialect))
                return EXIT_BAD_INPUT;
            break;
        case 'p':
            if (!cli_set_plan_id("export", optarg, &a->plan_id))
                return EXIT_BAD_INPUT;
            break;
        case 'c':
        case 'j':
            if (a->n_out == MAX_OUTPUTS) {
                cli_error("export", "at most %d outputs in one run", MAX_OUTPUTS);
                return EXIT_BAD_INPUT;
            }
            a->outs[a->n_out].format = c == 'c' ? EXPORT_CSV : EXPORT_JSON;
            a->outs[a->n_out++].path = optarg;
            a->to_stdout = a->to_stdout || !strcmp(optarg, "-");
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 1 || a->n_out == 0) {
        if (argc - optind == 1)
            cli_error("export", "nothing to write: give --csv FILE or "
                      "--json FILE");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    a->db = argv[optind];
    return -1;
}

static int write_outputs(struct cli_project *pj, const struct export_args *a)
{
    struct diag err;
    diag_clear(&err);
    struct model_plan *p = NULL;
    enum status st = store_load_plan(pj->store, a->scenario, pj->model,
                                     a->plan_id, &p, &err);
    if (st != STATUS_OK)
        return cli_fail(&err, st);
    int rc = EXIT_OK_;
    for (size_t i = 0; i < a->n_out; i++) {
        st = export_write_path(pj->model, p, a->outs[i].format, a->csv_dialect,
                               a->outs[i].path, &err);
        if (st != STATUS_OK) {
            cli_print_diag(&err);
            rc = EXIT_FAIL;
            continue;   /* the other outputs are independent */
        }
        if (!a->to_stdout)
            printf("Wrote %s (%s, %zu sessions)\n", a->outs[i].path,
                   a->outs[i].format == EXPORT_JSON ? "JSON"
                   : a->csv_dialect == EXPORT_DIALECT_EXCEL_FR ? "CSV excel-fr"
                                                               : "CSV",
                   p->n_sessions);
    }
    model_plan_free(p);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    struct export_args a = {.scenario = STORE_DEFAULT_SCENARIO};
    struct cli_project pj = {0};
    int rc = parse_options(argc, argv, &a);
    if (rc < 0 && (rc = cli_open("export", &pj, a.db, a.scenario, CLI_OPEN_MODEL)) == EXIT_OK_)
        rc = write_outputs(&pj, &a);
    cli_project_close(&pj);
    return rc;
}
