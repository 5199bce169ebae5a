/* cmd_holidays.c -- `planner holidays import|list`: the school holidays a
 * plan closes on, and the Ministry's calendars that update them.
 *
 * Shipped data (calendars/data/school-holidays.csv) covers zones A, B and
 * C up to spring 2027.  A coordinator imports newer years from the
 * Ministry's iCalendar file of the zone (calendars/ics_school.c); imported
 * periods replace the shipped ones over the days they span.  Imports of
 * several files add up: a new file replaces only the earlier imported
 * periods it overlaps. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendars.h"
#include "cli.h"

static const char usage[] =
    "usage: planner holidays import DB FILE.ics [--zone Z]\n"
    "       planner holidays list [DB] [--zone Z] [--year YYYY]\n"
    "                                  [--scenario NAME]\n"
    "\n"
    "import  stores the school holidays of the Ministry's iCalendar file for\n"
    "        one zone (data.education.gouv.fr, dataset\n"
    "        fr-en-calendrier-scolaire; one file per zone).  The zone comes\n"
    "        from the file, or --zone when the file lists several.\n"
    "list    prints the school holidays of a zone (shipped data plus what\n"
    "        DB imported), how far they are known, and with --year the\n"
    "        public holidays of that year.  The zone is --zone, else the\n"
    "        territory's school_zone setting in DB.\n"
    "\n"
    "Options:\n"
    "  --zone Z         A, B or C\n"
    "  --year YYYY      only periods that touch this civil year\n"
    "  --scenario NAME  scenario whose school_zone to use (default: base)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 done, 2 the file or an argument was refused, 1 the\n"
    "project file could not be read or written.\n";

static bool parse_zone(const char *s, char *zone)
{
    if ((s[0] == 'A' || s[0] == 'B' || s[0] == 'C' || s[0] == 'a' ||
         s[0] == 'b' || s[0] == 'c') && s[1] == '\0') {
        *zone = (char)(s[0] & ~0x20);
        return true;
    }
    return false;
}

static int import(const char *db, const char *file, char zone)
{
    struct diag err;
    diag_clear(&err);
    struct model_holiday_period *p = NULL, *old = NULL, *all = NULL;
    size_t n = 0, n_old = 0, n_all = 0;
    struct cli_project pj = {0};
    enum status st = ics_read_school_holidays(file, zone, &p, &n, &err);
    if (st == STATUS_OK)
        zone = p[0].zone;
    if (st == STATUS_OK)
        st = cli_project_open(&pj, db, STORE_DEFAULT_SCENARIO, 0, &err);
    if (st == STATUS_OK)
        cli_report_finished("holidays", &pj);
    struct store *s = pj.store;
    if (st == STATUS_OK)
        st = store_load_school_holidays(s, zone, &old, &n_old, &err);
    if (st == STATUS_OK) {
        /* Keep earlier imports outside this file's span. */
        int first = p[0].first_day, last = p[0].last_day;
        for (size_t i = 1; i < n; i++) {
            if (p[i].first_day < first)
                first = p[i].first_day;
            if (p[i].last_day > last)
                last = p[i].last_day;
        }
        all = malloc((n + n_old) * sizeof *all);
        if (!all) {
            st = diag_set(&err, STATUS_NOMEM, db, 0, 0, NULL, "out of memory");
        } else {
            for (size_t i = 0; i < n_old; i++)
                if (old[i].last_day < first || old[i].first_day > last)
                    all[n_all++] = old[i];
            for (size_t i = 0; i < n; i++)
                all[n_all++] = p[i];
        }
    }
    if (st == STATUS_OK) {
        const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
        st = store_save_school_holidays(s, zone, all, n_all, base, &err);
    }
    if (st == STATUS_OK) {
        char a[11], b[11];
        model_date_fr(p[0].first_day, a);
        model_date_fr(p[n - 1].last_day, b);
        printf("imported %zu school-holiday periods for zone %c, %s to %s, "
               "from %s\n", n, zone, a, b, file);
        struct cal_known_span span[2];
        cal_school_known_span(zone, all, n_all, span);
        for (int i = 0; i < 2; i++)
            if (span[i].first <= span[i].last) {
                model_date_fr(span[i].first, a);
                model_date_fr(span[i].last, b);
                printf("zone %c school holidays now known from %s to %s\n",
                       zone, a, b);
            }
    } else {
        cli_print_diag(&err);
    }
    cli_project_close(&pj);
    free(p);
    free(old);
    free(all);
    return cli_exit_for(st);
}

static void print_public_holidays(int year, int y0, int y1)
{
    printf("Jours fériés %d\n", year);
    for (int d = y0; d <= y1; d++) {
        const char *name = cal_public_holiday_name(d);
        if (name) {
            char a[11];
            model_date_fr(d, a);
            printf("  %s  %s\n", a, name);
        }
    }
}

static int list(const char *db, char zone, int year, const char *scenario)
{
    struct diag err;
    diag_clear(&err);
    struct cli_project pj = {0};
    struct model_holiday_period *imp = NULL, *all = NULL;
    size_t n_imp = 0, n_all = 0;
    enum status st = STATUS_OK;
    if (db) {
        st = cli_project_open(&pj, db, scenario, 0, &err);
        if (st == STATUS_OK)
            cli_report_finished("holidays", &pj);
    }
    struct store *s = pj.store;
    if (db) {
        if (st == STATUS_OK && !zone) {
            struct model *m = NULL;
            st = store_load_model(s, scenario, &m, &err);
            if (st == STATUS_OK && !m->settings.school_zone)
                st = diag_set(&err, STATUS_INVALID, db, 0, 0, "school_zone",
                              "the territory has no school_zone setting: "
                              "give --zone");
            if (st == STATUS_OK)
                zone = m->settings.school_zone;
            model_free(m);
        }
        if (st == STATUS_OK)
            st = store_load_school_holidays(s, zone, &imp, &n_imp, &err);
    } else if (!zone) {
        st = diag_set(&err, STATUS_INVALID, "", 0, 0, "zone",
                      "give --zone (or a project file whose territory has a "
                      "school_zone)");
    }
    if (st == STATUS_OK)
        st = cal_school_periods(zone, imp, n_imp, &all, &n_all, &err);
    if (st != STATUS_OK) {
        cli_print_diag(&err);
        cli_project_close(&pj);
        free(imp);
        return cli_exit_for(st);
    }
    printf("Vacances scolaires, zone %c%s\n", zone,
           year ? "" : " (toutes les périodes connues)");
    int y0 = year ? model_date_to_days((struct model_date){year, 1, 1}) : 0;
    int y1 = year ? model_date_to_days((struct model_date){year, 12, 31}) : 0;
    for (size_t i = 0; i < n_all; i++) {
        const struct model_holiday_period *h = &all[i];
        if (year && (h->last_day < y0 || h->first_day > y1))
            continue;
        bool imported = false;
        for (size_t j = 0; j < n_imp; j++)
            imported |= imp[j].first_day == h->first_day &&
                        imp[j].last_day == h->last_day &&
                        imp[j].zone == h->zone;
        char a[11], b[11];
        model_date_fr(h->first_day, a);
        model_date_fr(h->last_day, b);
        printf("  du %s au %s  %s%s\n", a, b, h->label,
               imported ? "  (importé)" : "");
    }
    struct cal_known_span span[2];
    cal_school_known_span(zone, imp, n_imp, span);
    for (int i = 0; i < 2; i++)
        if (span[i].first <= span[i].last) {
            char a[11], b[11];
            model_date_fr(span[i].first, a);
            model_date_fr(span[i].last, b);
            printf("Connues du %s au %s.\n", a, b);
        }
    if (year)
        print_public_holidays(year, y0, y1);
    cli_project_close(&pj);
    free(imp);
    free(all);
    return EXIT_OK_;
}

int cmd_holidays(int argc, char **argv)
{
    static const struct option opts[] = {
        {"zone", required_argument, NULL, 'z'},
        {"year", required_argument, NULL, 'y'},
        {"scenario", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(usage, stdout);
        return EXIT_OK_;
    }
    bool is_import = argc >= 2 && !strcmp(argv[1], "import");
    if (argc < 2 || (!is_import && strcmp(argv[1], "list") != 0)) {
        cli_error("holidays", "expected 'import' or 'list'");
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    char zone = 0;
    int year = 0, c;
    const char *scenario = STORE_DEFAULT_SCENARIO;
    optind = 2;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'z':
            if (!parse_zone(optarg, &zone)) {
                cli_error("holidays", "--zone %s: expected A, B or C", optarg);
                return EXIT_BAD_INPUT;
            }
            break;
        case 'y':
            if (sscanf(optarg, "%d", &year) != 1 || year < 1900 ||
                year > 2999) {
                cli_error("holidays", "--year %s: expected a year like 2027",
                          optarg);
                return EXIT_BAD_INPUT;
            }
            break;
        case 's': scenario = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    int rest = argc - optind;
    if (is_import) {
        if (rest != 2) {
            fputs(usage, stderr);
            return EXIT_BAD_INPUT;
        }
        return import(argv[optind], argv[optind + 1], zone);
    }
    if (rest > 1) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    return list(rest == 1 ? argv[optind] : NULL, zone, year, scenario);
}
