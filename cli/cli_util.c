/* cli_util.c -- the printing side of the commands: messages, problems
 * and exit codes, opening a project file with its report, loading a
 * territory folder with its problems, and the options `plan` and `solve`
 * share (the horizon, --now and the solver options, parsed once here). */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_print_diag(const struct diag *d)
{
    char buf[1024];
    diag_format(d, buf, sizeof buf);
    fprintf(stderr, "planner: %s\n", buf);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "planner %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_for(enum status st)
{
    switch (st) {
    case STATUS_OK: return EXIT_OK_;
    case STATUS_PARSE:
    case STATUS_INVALID:
    case STATUS_NOTFOUND:
    case STATUS_MISSING_DATA: return EXIT_BAD_INPUT;
    default: return EXIT_FAIL;
    }
}

int cli_fail(const struct diag *err, enum status st)
{
    cli_print_diag(err);
    return cli_exit_for(st);
}

void cli_report_finished(const char *cmd, const struct cli_project *pj)
{
    for (size_t i = 0; i < pj->n_finished; i++) {
        const struct cli_published *d = &pj->finished[i];
        if (d->overtaken)
            continue;    /* another run finished it, or a later plan */
        fprintf(stderr, "planner %s: finished publishing plan %lld of scenario "
                "\"%s\" (an earlier run stopped before writing all its "
                "files): %zu feeds in %s", cmd, d->plan_id, d->scenario,
                d->n_feeds, d->feeds_dir);
        if (d->n_stale)
            fprintf(stderr, "; %zu leftover temporary file(s) removed", d->n_stale);
        fputc('\n', stderr);
    }
    if (pj->recovery_failed) {
        char buf[1024];
        diag_format(&pj->failed_err, buf, sizeof buf);
        fprintf(stderr, "planner %s: an earlier run stopped before writing all "
                "the files of its plan, and they still cannot be written: %s; "
                "the next run tries again\n", cmd, buf);
    }
}

int cli_open(const char *cmd, struct cli_project *pj, const char *path,
             const char *scenario, unsigned flags)
{
    struct diag err;
    diag_clear(&err);
    enum status st = cli_project_open(pj, path, scenario, flags, &err);
    if (st != STATUS_OK && !pj->store) {
        cli_print_diag(&err);
        return EXIT_FAIL;
    }
    if (st != STATUS_OK)
        return cli_fail(&err, st);
    cli_report_finished(cmd, pj);
    return EXIT_OK_;
}

enum status cli_validate_territory(const char *dir, struct model **out,
                                   struct diag_list *problems)
{
    enum status st = model_load_dir(dir, out, problems);
    if (st == STATUS_OK && (st = ics_check_uids(*out, problems)) != STATUS_OK) {
        model_free(*out);   /* two sessions would share one calendar UID */
        *out = NULL;
    }
    return st;
}

int cli_load_territory(const char *cmd, const char *dir,
                       const char *consequence, struct model **out)
{
    *out = NULL;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        cli_error(cmd, "%s is not a folder: expected a territory folder of CSV "
                  "files", dir);
        return EXIT_BAD_INPUT;
    }
    struct diag_list problems;
    diag_list_init(&problems);
    enum status st = cli_validate_territory(dir, out, &problems);
    diag_list_print(&problems, stderr);
    if (st != STATUS_OK)
        fprintf(stderr, "planner %s: %zu problem(s) in %s; %s\n", cmd,
                diag_list_errors(&problems), dir, consequence);
    diag_list_free(&problems);
    return cli_exit_for(st);
}

/* --quarter / --horizon into *horizon; a second one refused. */
static bool set_horizon(const char *cmd, const char *arg, const char **horizon)
{
    if (*horizon) {
        cli_error(cmd, "give one horizon: --quarter or --horizon, not both "
                  "(got %s and %s)", *horizon, arg);
        return false;
    }
    *horizon = arg;
    return true;
}

/* "2027-01-15", "2027-01-15T10:00" or "2027-01-15T10:00:00", each with
 * an optional final "Z" (the stamp is UTC either way), as unix seconds. */
static bool parse_now(const char *s, long long *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    const char *t = s + 10;
    if (*t == 'T') {
        int k = 0;
        if (sscanf(t, "T%2d:%2d:%2d%n", &h, &mi, &se, &k) != 3) {
            k = 0;
            if (sscanf(t, "T%2d:%2d%n", &h, &mi, &k) != 2)
                return false;
        }
        t += k;
    }
    if (*t == 'Z')
        t++;
    struct model_date md = {y, mo, d};
    if (*t != '\0' || !model_date_valid(md) || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || se < 0 || se > 60)
        return false;
    *out = (long long)model_date_to_days(md) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

bool cli_set_now(const char *cmd, const char *arg, long long *now)
{
    if (parse_now(arg, now))
        return true;
    cli_error(cmd, "--now %s: expected YYYY-MM-DDTHH:MM:SS (UTC; a final Z "
              "is allowed) or a date YYYY-MM-DD", arg);
    return false;
}

bool cli_set_plan_id(const char *cmd, const char *arg, long long *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || errno || v <= 0) {
        cli_error(cmd, "--plan \"%s\": expected a plan id (a positive "
                  "number)", arg);
        return false;
    }
    *id = v;
    return true;
}

bool cli_set_csv_dialect(const char *cmd, const char *arg,
                         enum export_dialect *out)
{
    if (export_dialect_parse(arg, out))
        return true;
    cli_error(cmd, "--csv-dialect \"%s\": expected standard or excel-fr", arg);
    return false;
}

bool cli_set_lang(const char *cmd, const char *arg, enum report_lang *out)
{
    if (report_lang_parse(arg, out))
        return true;
    cli_error(cmd, "--lang \"%s\": expected fr (French, the default) or en", arg);
    return false;
}

static bool parse_number(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return *s != '\0' && *end == '\0';
}

/* The solver's log lines (--verbose): on stderr, as "planner: ...". */
static void solver_log(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "planner: %s\n", line);
}

int cli_args_db_dir(int argc, char **argv, const char *usage,
                    const char **db, const char **dir, const char **scenario)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *scenario = STORE_DEFAULT_SCENARIO;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': *scenario = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_OK_;
        default: fputs(usage, stderr); return EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 2) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    *db = argv[optind];
    *dir = argv[optind + 1];
    return -1;
}

/* One of the solver options into pp: 1 applied, 0 not one of them, -1
 * refused (the message, naming cmd, printed). */
static int solver_option(const char *cmd, int c, const char *arg,
                         struct plan_params *pp)
{
    switch (c) {
    case 't':
        if (!parse_number(arg, &pp->time_limit_s) || !(pp->time_limit_s > 0)) {
            cli_error(cmd, "--time-limit %s: expected a number of seconds "
                      "greater than 0", arg);
            return -1;
        }
        return 1;
    case 'g':
        if (!parse_number(arg, &pp->mip_gap) || !(pp->mip_gap >= 0) ||
            pp->mip_gap >= 1) {
            cli_error(cmd, "--gap %s: expected a relative gap from 0 to 1, "
                      "such as 0.005 for 0.5 %%", arg);
            return -1;
        }
        return 1;
    case 'l': pp->write_lp = arg; return 1;
    case 'm': pp->write_mps = arg; return 1;
    case 'V': pp->verbosity = 2; pp->log = solver_log; return 1;
    case 'S': {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 10);
        if (*arg == '\0' || *arg == '-' || *end != '\0' || errno) {
            cli_error(cmd, "--seed %s: expected a whole number from 0 (the "
                      "model's own search order)", arg);
            return -1;
        }
        pp->seed = (uint64_t)v;
        return 1;
    }
    default:
        return 0;
    }
}

bool cli_planning_option(const char *cmd, int c, const char *arg,
                         struct cli_planning *pl, const char **horizon,
                         const char *usage)
{
    switch (c) {
    case 'q':
    case 'H':
        return set_horizon(cmd, arg, horizon);
    case 'n':
        return cli_set_now(cmd, arg, &pl->now);
    }
    int r = solver_option(cmd, c, arg, &pl->params);
    if (r == 0)
        fputs(usage, stderr);
    return r == 1;
}
