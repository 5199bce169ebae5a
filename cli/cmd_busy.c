/* cmd_busy.c -- `planner busy import DB (--staff|--site|--vehicle) ID
 * FILE.ics`: import leave or room bookings from an iCalendar export.
 *
 * calendars/ics_busy.c reads the file (Outlook, Google, Thunderbird,
 * VFREEBUSY); the store replaces what an earlier import of the same file
 * for the same person or place gave, in one transaction, so re-importing
 * an updated export is how a coordinator keeps leave current.  The file is
 * read whole before anything is written: a bad file changes nothing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendars.h"
#include "cli.h"

static const char usage[] =
    "usage: planner busy import DB (--staff ID | --site ID | --vehicle ID)\n"
    "                              FILE.ics [--scenario NAME]\n"
    "                              [--from DATE] [--to DATE]\n"
    "\n"
    "Imports the busy times of one staff member, site or vehicle from an\n"
    "iCalendar file (Outlook, Google Calendar, Thunderbird exports, or a\n"
    "VFREEBUSY): timed and all-day events, recurring events with their\n"
    "exceptions, any time zone.  Events marked free (TRANSP:TRANSPARENT)\n"
    "or cancelled are not busy.  Importing the same file again for the same\n"
    "ID replaces what it gave before.\n"
    "\n"
    "Options:\n"
    "  --staff ID, --site ID, --vehicle ID   whose calendar it is\n"
    "  --scenario NAME  scenario of DB (default: base)\n"
    "  --from DATE      keep busy times from this day (default: 31 days ago)\n"
    "  --to DATE        up to this day (default: 2 years from today);\n"
    "                   recurring events are expanded over this window\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 imported, 2 the file or an argument was refused (the\n"
    "message names the file and line), 1 the project file could not be\n"
    "read or written.\n";

static const char *const kind_names[] = {"staff", "site", "vehicle"};

struct busy_args {
    const char *db, *file, *scenario, *id;
    enum model_busy_kind kind;
    int from, to;
};

/* The options into a.  Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct busy_args *a)
{
    static const struct option opts[] = {
        {"staff", required_argument, NULL, 'S'},
        {"site", required_argument, NULL, 'L'},
        {"vehicle", required_argument, NULL, 'V'},
        {"scenario", required_argument, NULL, 's'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(usage, stdout);
        return EXIT_OK_;
    }
    if (argc < 2 || strcmp(argv[1], "import") != 0) {
        cli_error("busy", "expected 'planner busy import ...'");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    int n_who = 0, c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'S': a->kind = BUSY_STAFF; a->id = optarg; n_who++; break;
        case 'L': a->kind = BUSY_SITE; a->id = optarg; n_who++; break;
        case 'V': a->kind = BUSY_VEHICLE; a->id = optarg; n_who++; break;
        case 's': a->scenario = optarg; break;
        case 'f':
        case 't':
            if (!model_date_parse(optarg, c == 'f' ? &a->from : &a->to)) {
                cli_error("busy", "--%s %s: expected a date YYYY-MM-DD",
                          c == 'f' ? "from" : "to", optarg);
                return EXIT_BAD_INPUT;
            }
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 2 || n_who != 1) {
        if (n_who != 1)
            cli_error("busy", "give exactly one of --staff, --site, --vehicle");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    if (a->to < a->from) {
        cli_error("busy", "--to is before --from");
        return EXIT_BAD_INPUT;
    }
    a->db = argv[optind];
    a->file = argv[optind + 1];
    return -1;
}

static int import(struct cli_project *pj, const struct busy_args *a)
{
    struct diag err;
    diag_clear(&err);
    const struct model *m = pj->model;
    struct model_busy *b = NULL;
    size_t n = 0;
    enum status st = STATUS_OK;
    int who = a->kind == BUSY_STAFF ? model_find_staff(m, a->id)
              : a->kind == BUSY_SITE ? model_find_site(m, a->id)
                                     : model_find_vehicle(m, a->id);
    if (who < 0)
        st = diag_set(&err, STATUS_NOTFOUND, a->db, 0, 0, kind_names[a->kind],
                      "no %s \"%s\" in scenario %s", kind_names[a->kind], a->id,
                      a->scenario);
    if (st == STATUS_OK)
        st = ics_read_busy(a->file, a->kind, who, a->from, a->to, &b, &n, &err);
    /* One source per (who, file name): two people's "calendar.ics"
     * (Outlook's default name) must not replace each other. */
    const char *base = strrchr(a->file, '/') ? strrchr(a->file, '/') + 1 : a->file;
    char source[512];
    snprintf(source, sizeof source, "%s:%s:%s", kind_names[a->kind], a->id, base);
    if (st == STATUS_OK)
        st = store_replace_busy(pj->store, a->scenario, m, source, b, n, &err);
    if (st == STATUS_OK) {
        char from[11], to[11];
        model_date_fr(a->from, from);
        model_date_fr(a->to, to);
        printf("imported %zu busy period%s for %s %s from %s (%s to %s)\n",
               n, n == 1 ? "" : "s", kind_names[a->kind], a->id, base, from, to);
    }
    ics_busy_free(b, n);
    return st == STATUS_OK ? EXIT_OK_ : cli_fail(&err, st);
}

int cmd_busy(int argc, char **argv)
{
    long long today = (long long)time(NULL) / 86400;
    struct busy_args a = {.scenario = STORE_DEFAULT_SCENARIO, .kind = BUSY_STAFF,
                          .from = (int)today - 31, .to = (int)today + 731};
    struct cli_project pj = {0};
    int rc = parse_options(argc, argv, &a);
    if (rc < 0 && (rc = cli_open("busy", &pj, a.db, a.scenario, CLI_OPEN_MODEL)) == EXIT_OK_)
        rc = import(&pj, &a);
    cli_project_close(&pj);
    return rc;
}
