/* planner.h -- the optimisation library: plan a horizon as a GLPK MIP,
 * verify a plan independently, export it.
 *
 * The only header other folders (and the CLI) include from planner/.
 * Modules and prefixes:
 *   plan_    -- the solver: patterns, MIP, heuristic, explanations
 *               (plan_*.c; plan_glpk.c is the only file including glpk.h);
 *   verify_  -- re-checks a plan against every hard rule (docs/rules.md)
 *               with code that shares nothing with the MIP's constraints;
 *   export_  -- CSV and JSON output of a plan, and reading a hand-edited
 *               CSV plan back.
 */
#ifndef PLANNER_PLANNER_H
#define PLANNER_PLANNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "calendars.h"
#include "models.h"

/* ---------------------------------------------------------------- */
/* verify_ : hard rules, checked independently of the model          */
/* ---------------------------------------------------------------- */

/* The section of docs/rules.md a violation breaks. */
enum verify_rule {
    RULE_HORIZON = 1,     /* R1 */
    RULE_SERVICE_FIT,     /* R2 weekday/half-day/window/duration/site fit */
    RULE_SITE_OPEN,       /* R3 */
    RULE_CLOSURE,         /* R4 */
    RULE_TEAM,            /* R5 head-count, skills, vehicle kind, driver */
    RULE_STAFF_AVAILABLE, /* R6 working half-days, leave */
    RULE_STAFF_OVERLAP,   /* R7 two places at once, unreachable in time */
    RULE_DAILY_DRIVING,   /* R8 */
    RULE_WEEKLY_HOURS,    /* R9 */
    RULE_VEHICLE,         /* R10 */
    RULE_ROOM,            /* R11 */
};

struct verify_violation {
    enum verify_rule rule;
    char uid[128];        /* a session involved ("" when none) */
    char message[384];    /* one sentence for a coordinator */
};

struct verify_report {
    struct verify_violation *items;
    size_t count, capacity;
    size_t sessions_checked;
};
void verify_report_free(struct verify_report *r);   /* frees items */

/* Checks every confirmed session of p.  Returns STATUS_OK when the check
 * ran (the report may hold violations); an error only when it could not
 * run (memory). */
enum status verify_plan(const struct model *m, const struct cal_closures *c,
                        const struct model_plan *p, struct verify_report *out,
                        struct diag *err);

/* ---------------------------------------------------------------- */
/* export_ : CSV and JSON output, hand-edited CSV plans back in       */
/* ---------------------------------------------------------------- */

/* Formats: docs/output-formats.md.  Sessions are written sorted by
 * (date, start, service id, site id, uid), cancelled ones included.  CSV:
 * UTF-8 without BOM, comma, RFC 4180 quoting, LF line ends; the columns
 * uid,service,site,commune_insee,date,start,end,staff,vehicle,status come
 * first, in that order, then service_name,site_name,commune. */
enum status export_csv(const struct model *m, const struct model_plan *p,
                       FILE *out, struct diag *err);
/* One JSON document {"horizon", "solver", "sessions": [...]}; numbers
 * that are not finite are written as null. */
enum status export_json(const struct model *m, const struct model_plan *p,
                        FILE *out, struct diag *err);

enum export_format { EXPORT_CSV = 0, EXPORT_JSON };
/* Writes the plan to path ("-" = stdout).  A file is written atomically:
 * path.tmp in the same folder, fflush, fsync, rename; on any error the
 * temporary file is removed and a previous file at path is untouched. */
enum status export_write_path(const struct model *m,
                              const struct model_plan *p,
                              enum export_format format, const char *path,
                              struct diag *err);

/* Reads a plan in the CSV format above, as a coordinator edited it and
 * possibly re-saved it from LibreOffice or Excel: UTF-8 BOM, ';' or tab
 * separator, CRLF, quoted fields, columns in any order, unknown columns
 * ignored.  Ids are resolved against m.  Every bad cell adds a problem
 * (file, line, column name, what was expected) to problems; returns
 * STATUS_OK and *out only when there is no error (warnings allowed).  The
 * plan's horizon is the span of its sessions and its solver is "manual". */
enum status export_read_csv(const struct model *m, const char *path,
                            struct model_plan **out,
                            struct diag_list *problems);

/* ---------------------------------------------------------------- */
/* plan_ : the solver (plan_*.c, docs/model.md)                      */
/* ---------------------------------------------------------------- */

/* What the solver is doing, for a progress line on a terminal. */
struct plan_progress {
    const char *phase;     /* "patterns", "heuristic", "lp", "mip", "done" */
    double elapsed_s;
    bool has_incumbent;
    double objective;      /* best plan so far (when has_incumbent) */
    double bound;          /* best bound so far */
    double gap;            /* relative, when has_incumbent */
};

struct plan_params {
    double time_limit_s;   /* 0: none; default 60 */
    double mip_gap;        /* relative gap at which to stop; 0.005 */
    const char *write_lp;  /* CPLEX LP file of the model, or NULL */
    const char *write_mps; /* free MPS file of the model, or NULL */
    int verbosity;         /* 0 quiet ... 3 every GLPK message */
    bool heuristic;        /* offer the greedy plan to GLPK; true */
    bool cuts;             /* GLPK's MIR, GMI, cover, clique cuts and our
                              weekly-hours cuts (docs/model.md); true */
    int max_starts;        /* start times kept per service, site, weekday
                              and half-day set (docs/model.md); 1 */
    size_t max_columns;    /* beyond this many (pattern, team) columns,
                              keep the best by a static score; 0: all.
                              Default 20000 (docs/model.md) */
    uint64_t seed;         /* search order: 0 is the model's own order;
                              another value shuffles every block's columns
                              and rows first (docs/model.md §5).  Same
                              seed, same plan. */
    void (*progress)(void *ctx, const struct plan_progress *pr);
    void *progress_ctx;
};
/* Defaults: 60 s, gap 0.5 %, quiet, heuristic and cuts on. */
void plan_params_init(struct plan_params *pp);

/* The objective's parts (docs/model.md), as the MIP computed them.
 * objective = access + equity - cost_hours - cost_km - penalty. */
struct plan_parts {
    double access, equity;
    double cost_hours, cost_km;
    double penalty;
    double driving_hours;  /* staff hours on the road (round trips) */
    double km;             /* vehicle km (round trips) */
    double unmet_sessions; /* sum of the slacks */
};

/* A target not reached in one period. */
struct plan_unmet {
    int target;            /* index into m->targets */
    int period_first, period_last;   /* day numbers */
    int planned, required;
    char message[640];     /* one line for a coordinator */
};

/* Plain result: callers read the fields; plan_result_free() frees it. */
struct plan_result {
    struct model_plan *plan;   /* owned; sessions sorted */
    struct plan_parts parts;
    double first_feasible_s;   /* seconds to the first plan, -1: none */
    double heuristic_objective;/* greedy plan's objective, NAN when none */
    double lp_bound;           /* LP relaxation at the root */
    size_t n_patterns, n_rows, n_cols;
    size_t n_pruned;           /* columns left out by max_columns */
    struct plan_unmet *unmet;
    size_t n_unmet;
};
void plan_result_free(struct plan_result *r);

/* Plans the horizon [first_day, last_day] (day numbers): enumerates
 * patterns, builds a greedy plan, solves the MIP with GLPK and explains
 * unmet targets.  c may be NULL (no closures).  Returns STATUS_OK when a
 * plan was made -- possibly empty, possibly with unmet targets, possibly
 * not proven optimal (plan->solver_status says "optimal" only when proven
 * within pp->mip_gap); an error only when the input is refused or GLPK
 * failed.  pp NULL means defaults. */
enum status plan_solve(const struct model *m, const struct cal_closures *c,
                       int first_day, int last_day,
                       const struct plan_params *pp, struct plan_result **out,
                       struct diag *err);

/* A re-plan: gives p's sessions the UIDs of prev's (the last saved plan
 * of the scenario, NULL when none) where they are the same session --
 * same service, site, date and start -- then the series' other old UIDs
 * in date order, so subscribers see unchanged sessions unchanged and the
 * others moved (plan_uids.c).  Call before store_save_plan. */
enum status plan_keep_uids(const struct model *m, struct model_plan *p,
                           const struct model_plan *prev, struct diag *err);

/* Writes the summary `planner solve` prints: status, objective and its
 * parts, bound, gap, time, sessions per service, unmet targets. */
void plan_write_summary(const struct model *m, const struct plan_result *r,
                        FILE *out);

/* ---------------------------------------------------------------- */
/* summary_ : what a coordinator and an élu read (summary.c)          */
/* ---------------------------------------------------------------- */

/* Figures recomputed from the model and the plan's sessions (the
 * definitions are in summary.c and docs/output-formats.md); r adds the
 * solver's own figures and the unmet explanations, and may be NULL (a
 * plan loaded from the store or edited by hand). */
enum status summary_write_text(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err);
enum status summary_write_json(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err);

#endif
