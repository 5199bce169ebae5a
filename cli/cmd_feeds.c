/* cmd_feeds.c -- `planner feeds DB --out DIR`: publish a stored plan as
 * iCalendar feeds, one per staff member, commune, site, service and
 * vehicle plus all.ics (calendars/ics_feed.c; format in docs/calendars.md).
 *
 * DTSTAMP is the plan's date unless --now says otherwise, so publishing
 * the same plan twice gives byte-identical files (and HTTP caches and
 * clients see no change).  The publish is journalled like plan's
 * (cli_outputs.c): killed half-way, the next run finishes it. */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "calendars.h"
#include "cli.h"

static const char usage[] =
    "usage: planner feeds DB --out DIR [--scenario NAME] [--plan ID]\n"
    "                        [--now TIME] [--base-url URL] [--refresh MIN]\n"
    "\n"
    "Writes the plan's iCalendar feeds (RFC 5545) under DIR:\n"
    "  all.ics, staff/<id>.ics, communes/<insee>.ics, sites/<id>.ics,\n"
    "  services/<id>.ics, vehicles/<id>.ics\n"
    "Every staff member, commune, site, service and vehicle gets a file,\n"
    "empty when it has no session.  Sessions a re-plan removed stay in the\n"
    "feeds as cancelled (STATUS:CANCELLED, \"ANNULÉ — ...\") for the grace\n"
    "period the plan was saved with.  Files are replaced atomically.\n"
    "\n"
    "Options:\n"
    "  --out DIR        output folder (created if needed, with its parents)\n"
    "  --scenario NAME  scenario of DB (default: base)\n"
    "  --plan ID        a stored plan (default: the scenario's latest)\n"
    "  --now TIME       DTSTAMP, as 2027-01-15T10:00:00Z or 2027-01-15\n"
    "                   (default: when the plan was saved)\n"
    "  --base-url URL   where DIR is published: adds URL and SOURCE\n"
    "  --refresh MIN    REFRESH-INTERVAL / X-PUBLISHED-TTL in minutes\n"
    "                   (default 360)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 written, 2 usage error or unknown scenario or plan,\n"
    "1 the project file could not be read or a feed could not be written.\n";

struct feeds_args {
    const char *db, *scenario, *out;
    long long plan_id, now;
    struct ics_feed_options fo;
};

/* The options into a.  Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct feeds_args *a)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"scenario", required_argument, NULL, 's'},
        {"plan", required_argument, NULL, 'p'},
        {"now", required_argument, NULL, 'n'},
        {"base-url", required_argument, NULL, 'b'},
        {"refresh", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': a->out = optarg; break;
        case 's': a->scenario = optarg; break;
        case 'p':
            if (!cli_set_plan_id("feeds", optarg, &a->plan_id))
                return EXIT_BAD_INPUT;
            break;
        case 'n':
            if (!cli_set_now("feeds", optarg, &a->now))
                return EXIT_BAD_INPUT;
            break;
        case 'b': a->fo.base_url = optarg; break;
        case 'r':
            if (sscanf(optarg, "%d", &a->fo.refresh_minutes) != 1 ||
                a->fo.refresh_minutes < 5 || a->fo.refresh_minutes > 10080) {
                cli_error("feeds", "--refresh %s: expected minutes from 5 to "
                          "10080 (a week)", optarg);
                return EXIT_BAD_INPUT;
            }
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 1 || !a->out) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    a->db = argv[optind];
    return -1;
}

static int publish(struct cli_project *pj, struct feeds_args *a)
{
    struct diag err;
    diag_clear(&err);
    struct model_plan *p = NULL;
    struct cli_published done = {0};
    enum status st = store_load_plan(pj->store, a->scenario, pj->model,
                                     a->plan_id, &p, &err);
    if (st == STATUS_OK) {
        /* The CLI may read the clock; the library never does. */
        a->fo.now = a->now ? a->now : p->created_at ? p->created_at
                                                    : (long long)time(NULL);
        st = cli_publish_feeds(pj, p, a->out, &a->fo, &done, &err);
    }
    if (st == STATUS_OK && done.overtaken) {
        printf("wrote no feed to %s: another planner run saved a later plan of "
               "scenario \"%s\" meanwhile, and publishes that one\n", a->out,
               a->scenario);
    } else if (st == STATUS_OK) {
        size_t cancelled = 0;
        for (size_t i = 0; i < p->n_sessions; i++)
            cancelled += p->sessions[i].status == SESSION_CANCELLED;
        printf("wrote %zu feeds to %s: plan %lld, %zu sessions (%zu "
               "cancelled)\n", done.n_feeds, a->out, p->id, p->n_sessions,
               cancelled);
    }
    cli_published_free(&done);
    model_plan_free(p);
    return st == STATUS_OK ? EXIT_OK_ : cli_fail(&err, st);
}

int cmd_feeds(int argc, char **argv)
{
    struct feeds_args a = {.scenario = STORE_DEFAULT_SCENARIO};
    ics_feed_options_init(&a.fo);
    struct cli_project pj = {0};
    int rc = parse_options(argc, argv, &a);
    if (rc < 0 && (rc = cli_open("feeds", &pj, a.db, a.scenario, CLI_OPEN_MODEL)) == EXIT_OK_)
        rc = publish(&pj, &a);
    cli_project_close(&pj);
    return rc;
}
