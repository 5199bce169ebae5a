/* cli.h -- the command-line program: its commands, the use cases they
 * share, and the one place that prints.
 *
 * main.c parses nothing but the command name and global flags; each
 * command lives in its own cmd_<name>.c with the signature below, parses
 * its own options (getopt_long), then makes two to four calls.  The use
 * cases (cli_project.c, cli_unavail.c, cli_planning.c, cli_outputs.c,
 * cli_files.c) return an enum status and fill a struct diag; they print
 * nothing.  Printing is cli_util.c's (messages, problems, the publish
 * report) and cli_progress.c's (the progress line): commands print for
 * people on stdout, problems on stderr, and return one of the documented
 * exit codes (docs/cli.md).  Nothing outside cli/ calls exit() or
 * prints. */
#ifndef PLANNER_CLI_H
#define PLANNER_CLI_H

#include <stdio.h>

#include "calendars.h"
#include "models.h"
#include "planner.h"
#include "report.h"
#include "store.h"


/* Exit codes (docs/cli.md). */
enum cli_exit {
    EXIT_OK_ = 0,        /* done */
    EXIT_FAIL = 1,       /* could not do it: I/O, database, solver error */
    EXIT_BAD_INPUT = 2,  /* the input was refused: usage or data errors */
    EXIT_UNMET = 3,      /* a plan was made but some requirement is unmet
                            or verify found violations */
};

struct cli_command {
    const char *name;
    const char *summary;          /* one line for `planner --help` */
    int (*run)(int argc, char **argv);   /* argv[0] is the command name */
};

/* Prints "planner: <formatted diag>" on stderr. */
void cli_print_diag(const struct diag *d);
/* Prints "planner <cmd>: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Maps a library status to an exit code: INVALID/PARSE -> 2, else 1. */
int cli_exit_for(enum status st);
/* The one validation of a territory folder, run by check, plan, init
 * and import alike: the loader's rules (models/load.c) and calendar UIDs
 * that would clash (calendars).  Problems are added to problems; *out is
 * the model when the status is STATUS_OK, else NULL. */
enum status cli_validate_territory(const char *dir, struct model **out,
                                   struct diag_list *problems);
/* Loads a territory folder for command cmd: refuses what is not a folder,
 * prints every problem (and warning) on stderr, and on error a last line
 * "planner CMD: N problem(s) in DIR; <consequence>".  Returns EXIT_OK_
 * with *out set, or the exit code to return (*out NULL). */
int cli_load_territory(const char *cmd, const char *dir,
                       const char *consequence, struct model **out);

/* The options of the commands that plan (`plan`, `solve`, `compare`), as
 * struct option entries for getopt_long: --quarter, --horizon, --now and
 * the solver's --time-limit, --gap, --write-lp, --write-mps, --verbose,
 * --seed. */
#define CLI_PLANNING_OPTIONS                                 \
    {"quarter", required_argument, NULL, 'q'},               \
    {"horizon", required_argument, NULL, 'H'},               \
    {"now", required_argument, NULL, 'n'},                   \
    {"time-limit", required_argument, NULL, 't'},            \
    {"gap", required_argument, NULL, 'g'},                   \
    {"write-lp", required_argument, NULL, 'l'},              \
    {"write-mps", required_argument, NULL, 'm'},             \
    {"verbose", no_argument, NULL, 'V'},                     \
    {"seed", required_argument, NULL, 'S'}
/* Applies getopt_long's result c, for a command's `default:` case: one
 * of CLI_PLANNING_OPTIONS goes into pl (--quarter / --horizon into
 * *horizon, refused when a horizon was already given: with both, which
 * one was meant is not ours to guess).  Returns false when the command
 * must exit 2: a refused value (the message, naming cmd, is printed) or
 * an option that is none of them (usage printed on stderr). */
struct cli_planning;
bool cli_planning_option(const char *cmd, int c, const char *arg,
                         struct cli_planning *pl, const char **horizon,
                         const char *usage);
/* --now: YYYY-MM-DD[THH:MM[:SS]][Z], read as UTC (a stamp, not a
 * local time), into *now as unix seconds; false (message printed, naming
 * cmd) when arg is neither. */
bool cli_set_now(const char *cmd, const char *arg, long long *now);
/* --plan ID: a positive whole number into *id; false (message printed,
 * naming cmd) otherwise. */
bool cli_set_plan_id(const char *cmd, const char *arg, long long *id);
/* --csv-dialect NAME (standard, excel-fr: report.h); false (message
 * printed, naming cmd) for any other name. */
bool cli_set_csv_dialect(const char *cmd, const char *arg,
                         enum export_dialect *out);
/* --lang fr|en (report.h); false (message printed, naming cmd) otherwise. */
bool cli_set_lang(const char *cmd, const char *arg, enum report_lang *out);
/* The --csv-dialect line of a command's --help. */
#define CLI_CSV_DIALECT_HELP(pad)                                            \
    "  --csv-dialect D" pad "the CSV's dialect: standard (default: ',', LF)\n" \
    "                 " pad "or excel-fr (French Excel: BOM, ';', CRLF)\n"
/* The arguments of `init` and `import`: DB TERRITORY_DIR [--scenario NAME]
 * (scenario defaults to STORE_DEFAULT_SCENARIO).  Returns -1 when they are
 * read, else the exit code (usage printed: to stdout for --help). */
int cli_args_db_dir(int argc, char **argv, const char *usage,
                    const char **db, const char **dir, const char **scenario);

/* Output folders (cli_files.c).  cli_mkdirs creates path and every
 * missing parent (mkdir -p); the message of a failure names the level
 * that could not be created.  made records the levels it created (up to
 * CLI_MAX_MADE_DIRS), so that a refused run can remove them again with
 * cli_made_dirs_undo (only the empty ones go); cli_made_dirs_free forgets
 * them, keeping the folders. */
#define CLI_MAX_MADE_DIRS 32
struct cli_made_dirs {
    char *paths[CLI_MAX_MADE_DIRS];
    size_t n;
};
enum status cli_mkdirs(const char *path, struct cli_made_dirs *made,
                       struct diag *err);
void cli_made_dirs_undo(struct cli_made_dirs *made);
void cli_made_dirs_free(struct cli_made_dirs *made);
/* Creates path, empty, unless it exists (O_EXCL): *created says whether
 * this call made it, so a run that fails removes only a file of its own
 * (another process may have created it since the run looked). */
enum status cli_claim_file(const char *path, bool *created, struct diag *err);
/* Removes an SQLite file and its -wal, -shm and -journal companions. */
void cli_remove_db_files(const char *path);
/* rel resolved against the folder of project_path (rel itself when
 * absolute); malloc'd, NULL when out of memory. */
char *cli_path_under(const char *project_path, const char *rel);
/* Takes an exclusive lock (flock) on folder dir, waiting up to 10 s for
 * another publish; *fd to give cli_dir_unlock. */
enum status cli_dir_lock(const char *dir, int *fd, struct diag *err);
void cli_dir_unlock(int fd);
/* Removes the temporary files of atomic writes that were never renamed
 * (".NAME.XXXXXX", "NAME.tmp") in dir and, depth levels down, its
 * subfolders; only those of the NULL-terminated list of names targets,
 * or of any file when targets is NULL.  Call it under cli_dir_lock.
 * Returns how many. */
size_t cli_remove_stale_temps(const char *dir, int depth,
                              const char *const *targets);
/* fsync of dir and, depth levels down, its subfolders: the renames of
 * the files in them reach the disk. */
enum status cli_sync_dir(const char *dir, int depth, struct diag *err);

/* ------------------------------------------------------------------ */
/* Use cases: status and diag, nothing printed                          */
/* ------------------------------------------------------------------ */

/* A session a re-plan drops stays in the feeds as cancelled for this many
 * days after the plan's date, so that subscribed calendars delete it
 * (docs/calendars.md); `plan` and `solve` save with it, and the help of
 * both says so. */
#define CLI_GRACE_DAYS 28
#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)

/* What one publish wrote (cli_publish), for the report. */
struct cli_published {
    char *scenario;              /* heap */
    long long plan_id;
    char *feeds_dir;             /* heap: the feed folder as resolved */
    size_t n_feeds;
    size_t n_stale;              /* leftover temporary files removed */
    bool overtaken;              /* nothing written: another run saved a
                                    later plan, or finished this publish */
};
void cli_published_free(struct cli_published *p);

/* An open project file (cli_project.c). */
struct cli_project {
    const char *path;
    const char *scenario;
    struct store *store;
    struct model *model;         /* with CLI_OPEN_MODEL */
    /* Publishes a killed or failed run left unfinished, finished when the
     * file was opened (each finished one, and at most one that could not
     * be: its error is in failed_err, the file stays open). */
    struct cli_published *finished;
    size_t n_finished;
    bool recovery_failed;
    struct diag failed_err;
};
enum cli_open_flags {
    CLI_OPEN_SCENARIO = 1,       /* the scenario must exist */
    CLI_OPEN_MODEL = 3,          /* ... and its territory is loaded */
    CLI_OPEN_NO_RECOVERY = 4,    /* do not finish unfinished publishes */
};
/* Opens an existing project file.  Every open finishes the publishes it
 * finds unfinished (store_publish_pending) before anything else.  A
 * missing scenario is the one refusal "DB: has no scenario "X"; 'planner
 * scenario list DB' lists them" (STATUS_NOTFOUND).  pj->store is NULL
 * when the file itself could not be opened.  The caller closes pj, on
 * error too. */
enum status cli_project_open(struct cli_project *pj, const char *path,
                             const char *scenario, unsigned flags,
                             struct diag *err);
/* Creates a new project file at path (it must not exist). */
enum status cli_project_create(struct cli_project *pj, const char *path,
                               const char *scenario, struct diag *err);
void cli_project_close(struct cli_project *pj);   /* NULL-safe, repeatable */

/* Leave and room bookings of TERRITORY/unavailability/ (cli_unavail.c).
 * files[i] gave m->busy[first, first + n). */
struct cli_busy_file {
    char *name;                  /* "staff-ID.ics": the store's source */
    size_t first, n;
};
struct cli_unavailability {
    struct cli_busy_file *files;
    size_t n;
};
/* Reads every staff-ID.ics, site-ID.ics and vehicle-ID.ics of
 * dir/unavailability (sorted by name) over [first - 31, last + 31] into
 * m->busy.  No folder: nothing to read.  A folder that cannot be read (no
 * permission, a file in its place) and any bad file are refused, naming
 * them; nothing is written anywhere. */
enum status cli_unavailability_read(const char *dir, struct model *m,
                                    int first, int last,
                                    struct cli_unavailability *u,
                                    struct diag *err);
/* Stores them for the scenario (one source per file) and deletes the
 * busy rows of files no longer there.  Part of the caller's transaction
 * when one is open. */
enum status cli_unavailability_store(struct store *s, const char *scenario,
                                     const struct model *m,
                                     const struct cli_unavailability *u,
                                     struct diag *err);
void cli_unavailability_free(struct cli_unavailability *u);

/* The files a plan is published as (cli_outputs.c).  Relative folders
 * are relative to the project file's folder. */
struct cli_outputs {
    const char *out_dir;         /* sessions.csv/json, summary.txt/json; NULL: none */
    const char *feeds_dir;       /* the iCalendar feeds */
    struct ics_feed_options feeds;
    enum export_dialect csv_dialect;   /* of sessions.csv */
    enum report_lang lang;       /* of summary.txt (--lang; French by default) */
};

/* Solving a horizon (cli_planning.c). */
struct cli_planning {
    const char *scenario;
    int first, last;             /* the horizon, day numbers */
    long long now;               /* the plan's date; 0: the clock */
    struct plan_params params;
    /* filled by the calls below, freed by cli_planning_free */
    struct cal_closures *closures;
    struct model_plan *kept;             /* the frozen past (cli_plan_past) */
    char **notices;                      /* "kept as held: ..." lines */
    size_t n_notices;
    struct plan_result *result;
    struct verify_report verify;
    char *summary_text, *summary_json;   /* cli_plan_save with outputs */
    struct store_publish publish;        /* the journal row it recorded */
};
void cli_planning_init(struct cli_planning *pl);
void cli_planning_free(struct cli_planning *pl);
/* The horizon's closures: public holidays, and the school holidays of
 * the territory's zone (shipped, plus those imported into s, which may
 * be NULL) when a service follows them; STATUS_MISSING_DATA for a
 * horizon past what is known. */
enum status cli_plan_closures(struct store *s, const struct model *m,
                              struct cli_planning *pl, struct diag *err);
/* The frozen past of a re-plan (docs/model.md): the sessions of the
 * scenario's last plan in s (may be NULL: none) on and before --now's
 * day (Europe/Paris; pl->now, 0: the clock), kept as they were by the
 * solve that follows (pl->params.kept).  A kept session the input now
 * contradicts (leave or a booking over it, or its site, service, staff
 * member or vehicle gone) gets one line in pl->notices, "kept as held:
 * ...", for the command to print; it is never changed. */
enum status cli_plan_past(struct store *s, const struct model *m,
                          struct cli_planning *pl, struct diag *err);
/* Solves, stamps the plan with pl->now, and verifies it with the
 * independent checker (violations in pl->verify). */
enum status cli_plan_solve(const struct model *m, struct cli_planning *pl,
                           struct diag *err);
/* Saves the plan in one transaction: the territory m itself when import
 * is set, the busy periods u (may be NULL), the last plan's UIDs kept
 * where the sessions are the same, the plan (SEQUENCE, cancellations for
 * CLI_GRACE_DAYS), and with outputs the publish journal (summaries
 * rendered then).  All or nothing. */
enum status cli_plan_save(struct store *s, const struct model *m,
                          bool import, const struct cli_unavailability *u,
                          const struct cli_outputs *outputs,
                          struct cli_planning *pl, struct diag *err);
/* Writes every file of the scenario's pending publish of plan p (feeds,
 * and with an out_dir the sessions and summaries), syncs them, removes
 * leftover temporary files of the feed folder, and ends the journal.  On
 * failure the journal stays: the next open finishes it.  When the journal
 * no longer names p (another run saved a later plan or finished this
 * publish), writes nothing and sets done->overtaken. */
enum status cli_publish(struct store *s, const char *project_path,
                        const struct model *m, const struct model_plan *p,
                        const struct store_publish *pub,
                        struct cli_published *done, struct diag *err);
/* `planner feeds`: records a publish of p into dir (made absolute) and
 * runs it. */
enum status cli_publish_feeds(struct cli_project *pj,
                              const struct model_plan *p, const char *dir,
                              const struct ics_feed_options *fo,
                              struct cli_published *done, struct diag *err);

/* ------------------------------------------------------------------ */
/* Printing (cli_util.c, cli_progress.c)                                */
/* ------------------------------------------------------------------ */

/* Prints err and returns the exit code of st (cli_exit_for). */
int cli_fail(const struct diag *err, enum status st);
/* cli_project_open, then the report of the publishes it finished, or the
 * error.  Returns EXIT_OK_ or the exit code: 1 when the file could not be
 * opened (missing, unreadable, not a project file), cli_exit_for else. */
int cli_open(const char *cmd, struct cli_project *pj, const char *path,
             const char *scenario, unsigned flags);
/* "planner CMD: finished publishing plan N of scenario "S" (an earlier
 * run stopped before its feeds were all written): K feeds in DIR", and
 * the temporary files removed, on stderr. */
void cli_report_finished(const char *cmd, const struct cli_project *pj);
/* The progress line on stderr when it is a terminal and quiet is false:
 * nothing for runs under CLI_PROGRESS_AFTER_S seconds, then the phase,
 * the elapsed time, the best plan and its gap; one last line at "done". */
#define CLI_PROGRESS_AFTER_S 2.0
struct cli_progress {
    bool enabled, printed, finished;
};
void cli_progress_attach(struct cli_progress *ps, bool quiet,
                         struct plan_params *pp);

/* The solve step as `solve` runs it (cmd_solve.c): progress line,
 * closures, frozen past (its notices printed, naming cmd), solve and
 * verify (violations printed), save.  Returns the exit code (0 saved). */
int cli_solve_and_save(const char *cmd, struct store *s, const struct model *m,
                       struct cli_planning *pl, bool quiet);

int cmd_plan(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_scenario(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_feeds(int argc, char **argv);
int cmd_holidays(int argc, char **argv);
int cmd_busy(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
