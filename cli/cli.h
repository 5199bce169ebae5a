/* cli.h -- the command-line program's commands.
 *
 * main.c parses nothing but the command name and global flags; each
 * command lives in its own cmd_<name>.c with the signature below and
 * parses its own options (getopt_long).  Commands print for people on
 * stdout, problems on stderr, and return one of the documented exit codes
 * (docs/cli.md).  Nothing outside cli/ calls exit() or prints. */
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
/* Loads a territory folder for command cmd: refuses what is not a folder,
 * prints every problem (and warning) on stderr, and on error a last line
 * "planner CMD: N problem(s) in DIR; <consequence>".  Returns EXIT_OK_
 * with *out set, or the exit code to return (*out NULL). */
int cli_load_territory(const char *cmd, const char *dir,
                       const char *consequence, struct model **out);
/* Whether a standard stream is a terminal (progress lines go only there). */
int cli_is_tty(FILE *f);

/* The solver options `plan` and `solve` share, as struct option entries
 * for getopt_long: --time-limit, --gap, --write-lp, --write-mps,
 * --verbose, --seed. */
#define CLI_SOLVER_OPTIONS                                   \
    {"time-limit", required_argument, NULL, 't'},            \
    {"gap", required_argument, NULL, 'g'},                   \
    {"write-lp", required_argument, NULL, 'l'},              \
    {"write-mps", required_argument, NULL, 'm'},             \
    {"verbose", no_argument, NULL, 'V'},                     \
    {"seed", required_argument, NULL, 'S'}
/* Applies getopt_long's result c to pp when it is one of
 * CLI_SOLVER_OPTIONS.  Returns 1 when applied, 0 when c is not a solver
 * option, -1 when its value is refused (the message, naming cmd, is
 * printed). */
int cli_solver_option(const char *cmd, int c, const char *arg,
                      struct plan_params *pp);
/* --quarter / --horizon: sets *horizon to arg; false (message printed,
 * naming cmd) when a horizon was already given: with both, which one
 * was meant is not ours to guess. */
bool cli_set_horizon(const char *cmd, const char *arg, const char **horizon);
/* Before saving a re-plan: gives p the UIDs of the scenario's last saved
 * plan where they are the same sessions (plan_keep_uids).  No saved plan,
 * or one the territory can no longer describe (a staff member or vehicle
 * removed since), leaves the solver's UIDs.  Fails only when out of
 * memory or when the project file cannot be read. */
enum status cli_keep_previous_uids(struct store *s, const char *scenario,
                                   const struct model *m, struct model_plan *p,
                                   struct diag *err);
/* --now: YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD, read as UTC (a stamp, not a
 * local time), into *now as unix seconds; false (message printed, naming
 * cmd) when arg is neither. */
bool cli_set_now(const char *cmd, const char *arg, long long *now);

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

#endif
