/* planner.h -- the optimiser: plan a horizon as a GLPK MIP.
 *
 * The only header other folders include from planner/, and planner/ is
 * the only folder that includes glpk.h.  Prefix: plan_.  It depends on
 * calendars/ (closures) and models/; what is done with a plan once made
 * (verify, export, summaries) is report/ (report.h).
 */
#ifndef PLANNER_PLANNER_H
#define PLANNER_PLANNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "calendars.h"
#include "models.h"

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
    /* A re-plan's frozen past (docs/model.md "The past is frozen"): the
     * previous plan's sessions on and before kept->frozen_through, which
     * the plan keeps as they are.  The solver plans only the days after
     * it, counts these sessions toward the targets and the weekly hours
     * of their staff, and adds them to the plan it returns.  NULL: none
     * (borrowed). */
    const struct model_plan *kept;
    void (*progress)(void *ctx, const struct plan_progress *pr);
    void *progress_ctx;
    /* Lines for a person debugging a run (one per block of the branch
     * and cut at verbosity 2 or more: docs/model.md §5), without a
     * newline; NULL: none.  The library never prints them itself. */
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
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

/* What the search found.  The outputs print plan_outcome_name()'s word
 * (model_plan.solver_status, stored with the plan). */
enum plan_outcome {
    PLAN_OPTIMAL = 0,  /* proven within plan_params.mip_gap */
    PLAN_FEASIBLE,     /* a plan, not proven: the time limit stopped the
                          search (model_plan.time_limit_hit) or the blocks
                          could not be closed within the gap */
};
/* "optimal", "feasible". */
const char *plan_outcome_name(enum plan_outcome o);

/* Plain result: callers read the fields; plan_result_free() frees it. */
struct plan_result {
    struct model_plan *plan;   /* owned; sessions sorted */
    enum plan_outcome outcome;
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
 * not proven optimal (outcome is PLAN_OPTIMAL only when proven within
 * pp->mip_gap); an error only when the input is refused or GLPK failed.
 * Every phase (patterns, the greedy plan and its local search, GLPK)
 * stops at pp->time_limit_s from the call, with the best plan so far.
 * pp NULL means defaults. */
enum status plan_solve(const struct model *m, const struct cal_closures *c,
                       int first_day, int last_day,
                       const struct plan_params *pp, struct plan_result **out,
                       struct diag *err);

/* A re-plan: gives p's sessions the UIDs of prev's (the last saved plan
 * of the same horizon, its sessions in it; NULL when none) where they
 * are the same session -- same service, site, date and start -- then the
 * series' other old UIDs in date order, so subscribers see unchanged
 * sessions unchanged and the others moved; new sessions take numbers
 * that neither prev nor taken (n_taken UIDs the scenario published in
 * any horizon; may be NULL) holds (plan_uids.c).  Call before
 * store_save_plan. */
enum status plan_keep_uids(const struct model *m, struct model_plan *p,
                           const struct model_plan *prev,
                           const char *const *taken, size_t n_taken,
                           struct diag *err);

#endif
