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

int cmd_busy(int argc, char **argv)
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
    const char *scenario = STORE_DEFAULT_SCENARIO, *id = NULL;
    enum model_busy_kind kind = BUSY_STAFF;
    int n_who = 0;
    long long today = (long long)time(NULL) / 86400;
    int from = (int)today - 31, to = (int)today + 731;
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'S': kind = BUSY_STAFF; id = optarg; n_who++; break;
        case 'L': kind = BUSY_SITE; id = optarg; n_who++; break;
        case 'V': kind = BUSY_VEHICLE; id = optarg; n_who++; break;
        case 's': scenario = optarg; break;
        case 'f':
        case 't':
            if (!model_date_parse(optarg, c == 'f' ? &from : &to)) {
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
    if (to < from) {
        cli_error("busy", "--to is before --from");
        return EXIT_BAD_INPUT;
    }
    const char *db = argv[optind], *file = argv[optind + 1];
    static const char *const kind_names[] = {"staff", "site", "vehicle"};
    struct diag err;
    diag_clear(&err);
    struct store *s = NULL;
    struct model *m = NULL;
    struct model_busy *b = NULL;
    size_t n = 0;
    enum status st = store_open(db, false, &s, &err);
    if (st == STATUS_OK)
        st = store_load_model(s, scenario, &m, &err);
    int who = -1;
    if (st == STATUS_OK) {
        who = kind == BUSY_STAFF ? model_find_staff(m, id)
              : kind == BUSY_SITE ? model_find_site(m, id)
                                  : model_find_vehicle(m, id);
        if (who < 0)
            st = diag_set(&err, STATUS_NOTFOUND, db, 0, 0, kind_names[kind],
                          "no %s \"%s\" in scenario %s", kind_names[kind], id,
                          scenario);
    }
    if (st == STATUS_OK)
        st = ics_read_busy(file, kind, who, from, to, &b, &n, &err);
    if (st == STATUS_OK) {
        /* One source per (who, file name): two people's "calendar.ics"
         * (Outlook's default name) must not replace each other. */
        const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
        char source[512];
        snprintf(source, sizeof source, "%s:%s:%s", kind_names[kind], id,
                 base);
        st = store_replace_busy(s, scenario, m, source, b, n, &err);
        if (st == STATUS_OK) {
            char a[11], z[11];
            model_date_fr(from, a);
            model_date_fr(to, z);
            printf("imported %zu busy period%s for %s %s from %s (%s to %s)\n",
                   n, n == 1 ? "" : "s", kind_names[kind], id, base, a, z);
        }
    }
    if (st != STATUS_OK)
        cli_print_diag(&err);
    ics_busy_free(b, n);
    model_free(m);
    store_close(s);
    return cli_exit_for(st);
}
