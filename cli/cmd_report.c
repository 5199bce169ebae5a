/* cmd_report.c -- `planner report DB`: the report for élus (HTML, PDF) of
 * a scenario's saved plan, and a poster per commune (PDF and HTML) for
 * the mairies' notice boards, with the address and a QR code of the
 * commune's calendar under --base-url.  Comparing scenarios is `planner
 * compare ... --html/--pdf`, which writes the same report for several.
 * Every file is rendered in memory, then replaced atomically
 * (cal_file_write). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: planner report DB [--scenario NAME] [--plan ID] [--html FILE]\n"
    "                      [--pdf FILE] [--posters DIR] [--base-url URL]\n"
    "\n"
    "Writes, for the latest saved plan of a scenario (or --plan ID), in French:\n"
    "  --html FILE     the report for élus: one self-contained page (a map of\n"
    "                  the territory, charts per service and sector, the key\n"
    "                  figures, a month-by-month calendar) that opens without\n"
    "                  network and prints on A4\n"
    "  --pdf FILE      the same report as A4 PDF pages\n"
    "  --posters DIR   one poster per commune, DIR/INSEE.pdf (one A4 page) and\n"
    "                  DIR/INSEE.html: the commune's sessions with the same\n"
    "                  headings for every service, and how to subscribe to the\n"
    "                  commune's calendar\n"
    "  --base-url URL  where the feeds are published ('planner plan\n"
    "                  --base-url'): the posters give the commune's calendar\n"
    "                  address and its QR code\n"
    "  --scenario NAME scenario (default: base)\n"
    "  --plan ID       a saved plan's id (default: the latest)\n"
    "  -h, --help      show this help\n"
    "\n"
    "To compare scenarios in one report: planner compare DB A B --html FILE.\n"
    "\n"
    "Exit status: 0 written; 2 input refused (usage, unknown scenario or plan,\n"
    "nothing asked); 1 failure (database, I/O).\n";

struct report_args {
    const char *db, *scenario, *html, *pdf, *posters, *base_url;
    long long plan;
};

static int parse_args(int argc, char **argv, struct report_args *a)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'},
        {"plan", required_argument, NULL, 'p'},
        {"html", required_argument, NULL, 'w'},
        {"pdf", required_argument, NULL, 'P'},
        {"posters", required_argument, NULL, 'o'},
        {"base-url", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': a->scenario = optarg; break;
        case 'p':
            if (!cli_set_plan_id("report", optarg, &a->plan))
                return EXIT_BAD_INPUT;
            break;
        case 'w': a->html = optarg; break;
        case 'P': a->pdf = optarg; break;
        case 'o': a->posters = optarg; break;
        case 'b': a->base_url = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 1) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    a->db = argv[optind];
    if (!a->html && !a->pdf && !a->posters) {
        cli_error("report", "nothing to write: give --html, --pdf or --posters");
        return EXIT_BAD_INPUT;
    }
    return -1;
}

/* Renders with fn into memory and replaces path with it. */
static int write_report(enum status (*fn)(const struct compare_scenario *, size_t,
                                          FILE *, struct diag *),
                        const struct compare_scenario *sc, const char *path)
{
    struct diag err;
    diag_clear(&err);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    enum status st = mem ? fn(sc, 1, mem, &err)
                         : diag_set(&err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (mem && fclose(mem) != 0 && st == STATUS_OK)
        st = diag_set(&err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (st == STATUS_OK)
        st = cal_file_write(path, buf, len, &err);
    free(buf);
    return st == STATUS_OK ? EXIT_OK_ : cli_fail(&err, st);
}

/* One poster file: fn for commune c into DIR/INSEE.ext. */
static enum status poster_file(enum status (*fn)(const struct model *,
                                                 const struct model_plan *, size_t,
                                                 const char *, FILE *, struct diag *),
                               const struct model *m, const struct model_plan *p,
                               size_t c, const struct report_args *a,
                               const char *ext, struct diag *err)
{
    char path[4200], *buf = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s.%s", a->posters, m->communes[c].insee, ext);
    FILE *mem = open_memstream(&buf, &len);
    enum status st = mem ? fn(m, p, c, a->base_url, mem, err)
                         : diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (mem && fclose(mem) != 0 && st == STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (st == STATUS_OK)
        st = cal_file_write(path, buf, len, err);
    free(buf);
    return st;
}

static int write_posters(const struct model *m, const struct model_plan *p,
                         const struct report_args *a)
{
    struct diag err;
    diag_clear(&err);
    struct cli_made_dirs made = {0};
    enum status st = cli_mkdirs(a->posters, &made, &err);
    for (size_t c = 0; c < m->n_communes && st == STATUS_OK; c++) {
        st = poster_file(poster_write_pdf, m, p, c, a, "pdf", &err);
        if (st == STATUS_OK)
            st = poster_file(poster_write_html, m, p, c, a, "html", &err);
    }
    cli_made_dirs_free(&made);
    if (st != STATUS_OK)
        return cli_fail(&err, st);
    printf("Posters: %s/ (%zu communes, PDF and HTML)\n", a->posters, m->n_communes);
    return EXIT_OK_;
}

int cmd_report(int argc, char **argv)
{
    struct report_args a = {.scenario = STORE_DEFAULT_SCENARIO};
    struct cli_project pj = {0};
    struct model_plan *p = NULL;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    rc = cli_open("report", &pj, a.db, a.scenario, CLI_OPEN_MODEL);
    if (rc == EXIT_OK_) {
        struct diag err;
        diag_clear(&err);
        enum status st = store_load_plan(pj.store, a.scenario, pj.model, a.plan, &p, &err);
        if (st != STATUS_OK)
            rc = cli_fail(&err, st == STATUS_NOTFOUND ? STATUS_INVALID : st);
    }
    struct compare_scenario sc = {a.scenario, pj.model, p};
    if (rc == EXIT_OK_ && a.html)
        rc = write_report(report_write_html, &sc, a.html);
    if (rc == EXIT_OK_ && a.pdf)
        rc = write_report(report_write_pdf, &sc, a.pdf);
    if (rc == EXIT_OK_ && a.posters)
        rc = write_posters(pj.model, p, &a);
    model_plan_free(p);
    cli_project_close(&pj);
    return rc;
}
