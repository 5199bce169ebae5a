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
    /* The minibus runs of the horizon after the frozen past, routed
     * once the sessions are chosen (docs/model.md §8): their routes are
     * also plan->runs; this says how each was solved, and why a run is
     * not served.  NULL when the model has no transport. */
    struct plan_runs *runs;
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

/* ---------------------------------------------------------------- */
/* plan_route_ : one run's minibus routes (route_*.c, docs/model.md  */
/* "Minibus routes"): a capacitated vehicle routing problem solved   */
/* exactly by GLPK's branch and cut                                  */
/* ---------------------------------------------------------------- */

/* Largest problem plan_route_solve accepts: node sets are 64-bit masks
 * (a real run has at most 30 pick-up points; CVRPLIB A-n37-k5 has 37). */
#define PLAN_ROUTE_MAX_NODES 64

/* One run.  Node 0 is the destination, where every vehicle starts and
 * ends (closed routes: the minibus is kept at the accueil, goes round
 * the pick-ups and comes back); nodes 1..n-1 are pick-up points.
 * Travel costs and times are symmetric and assumed to satisfy the
 * triangle inequality (true of the fallback formula, DOMAIN.md §5, and
 * of TSPLIB EUC_2D up to rounding): the ride-time cuts rely on it.
 * All pointers are borrowed for the call. */
struct plan_route_problem {
    int n;                 /* nodes, destination included; 2..64 */
    const double *cost;    /* n*n, cost[i*n+j]: km (or TSPLIB units) */
    const double *time;    /* n*n minutes, or NULL (no ride limit) */
    const int *demand;     /* riders per node, demand[0] = 0, others >= 1 */
    int capacity;          /* riders per vehicle (seats - driver - escort) */
    int vehicles;          /* exactly this many routes; 0: any number */
    int max_vehicles;      /* at most this many routes; 0: no limit */
    double max_ride;       /* minutes a rider may sit in the vehicle; 0: none */
    double dwell;          /* minutes lost at each stop */
    double vehicle_cost;   /* added per route used (cost units); 0 */
};

struct plan_route_params {
    double time_limit_s;   /* 0: none; default 60 */
    int verbosity;         /* 0 quiet; 1 GLPK's summary lines; 3 all */
    bool savings;          /* offer Clarke-Wright's routes as incumbent; true */
    bool glpk_cuts;        /* GLPK's own MIR/GMI/cover/clique cuts; false */
};
void plan_route_params_init(struct plan_route_params *pp);

enum plan_route_outcome {
    PLAN_ROUTE_OPTIMAL,    /* proven optimal */
    PLAN_ROUTE_FEASIBLE,   /* routes found, not proven: see gap */
    PLAN_ROUTE_INFEASIBLE, /* proven: no set of routes meets the rules */
    PLAN_ROUTE_NONE,       /* stopped before any routes were found */
};

struct plan_route_result {
    enum plan_route_outcome outcome;
    bool time_limit;       /* the time limit stopped the search */
    double cost;           /* of the routes, vehicle_cost included */
    double bound;          /* best lower bound proven */
    double gap;            /* (cost - bound) / cost; 0 when optimal */
    double savings_cost;   /* Clarke-Wright's routes, NAN when none */
    double seconds;
    int n_cuts;            /* capacity and ride-time rows added */
    int n_routes;
    int *first;            /* n_routes + 1 offsets into stops */
    int *stops;            /* pick-ups in pick-up order, route after route */
    char why[256];         /* INFEASIBLE: the cause in French, else "" */
};
void plan_route_result_free(struct plan_route_result *r);

/* Solves one run.  STATUS_OK when the search ran (the outcome says what
 * it found); STATUS_INVALID for a refused problem (err says which
 * field), STATUS_SOLVER when GLPK failed.  pp NULL means defaults. */
enum status plan_route_solve(const struct plan_route_problem *pb,
                             const struct plan_route_params *pp,
                             struct plan_route_result **out, struct diag *err);

/* The worst ride (minutes) of one route in the given pick-up order:
 * from the first pick-up to the destination, dwell at each later stop. */
double plan_route_ride(const struct plan_route_problem *pb, const int *stops,
                       int len);

/* The runs of a horizon (route_plan.c): every transport of the model on
 * every day it runs (its days and periods, not on public holidays), one
 * CVRP per run on that day's free vehicles of its kind and free drivers
 * (staff with a licence working that half-day, not on leave, not on a
 * session of `sessions` within an hour of the run).  Travel is
 * model_travel_between from the site to the pick-ups' coordinates.  The
 * same transport with the same free fleet is solved once and its routes
 * reused on the other days: a regular run keeps its stops week after
 * week. */
#define PLAN_RUN_MAX_STOPS MODEL_RUN_MAX_STOPS
struct plan_run_route {
    int vehicle, driver;       /* indices into the model */
    int leave;                 /* minutes: leaves the destination */
    int back;                  /* minutes: back with the riders (arrive_by) */
    int ret_back;              /* minutes: back at the site after the return's
                                  drop-offs; -1 without a return */
    double km;                 /* both ways */
    int riders;
    double longest_ride;       /* minutes */
    int n_stops;
    int stops[PLAN_RUN_MAX_STOPS];   /* pick-ups (model indices), in order */
    int times[PLAN_RUN_MAX_STOPS];   /* pick-up times, minutes */
    int drops[PLAN_RUN_MAX_STOPS];   /* drop-off times on the return, -1 */
};
struct plan_run {
    int transport, day;
    int riders;                /* registered at its pick-ups */
    int vehicles_free, drivers_free;
    enum plan_route_outcome outcome;
    bool time_limit;
    bool reused;               /* the routes of an identical earlier run */
    double km, bound, gap, seconds;
    struct plan_run_route *routes;
    int n_routes;
    char why[256];             /* French, when not served */
};
struct plan_runs {
    struct plan_run *v;
    size_t n;
};
void plan_runs_free(struct plan_runs *r);
/* A run is not served when it has riders and no route: an unmet
 * requirement, explained in the summary (why). */
bool plan_run_unserved(const struct plan_run *r);
/* How many runs of rs (may be NULL) are not served. */
size_t plan_runs_unserved(const struct plan_runs *rs);
/* sessions may be NULL (no session holds a vehicle or a person). */
enum status plan_routes(const struct model *m, const struct cal_closures *c,
                        int first_day, int last_day,
                        const struct model_plan *sessions,
                        const struct plan_route_params *pp,
                        struct plan_runs **out, struct diag *err);
/* Adds the routes of rs to p as runs (model_run, with their UIDs:
 * ics_run_uid), p's runs sorted. */
enum status plan_routes_add(const struct model *m, const struct plan_runs *rs,
                            struct model_plan *p, struct diag *err);

/* A TSPLIB CVRP file (EUC_2D, NODE_COORD_SECTION, DEMAND_SECTION,
 * DEPOT_SECTION; CVRPLIB's conventions): costs rounded to the nearest
 * integer, the depot moved to node 0.  trucks and optimum come from the
 * NAME ("-k5") and COMMENT ("Optimal value: 784"), 0 when absent. */
struct plan_route_vrp {
    char name[64];
    int n, capacity, trucks;
    double optimum;
    double *cost;          /* n*n */
    int *demand;           /* n */
};
enum status plan_route_read_vrp(const char *path, struct plan_route_vrp **out,
                                struct diag *err);
void plan_route_vrp_free(struct plan_route_vrp *v);

/* Writes the textbook single-commodity-flow model of pb (no ride limit)
 * as a CPLEX LP file, for glpsol, CBC and HiGHS (route_lp.c). */
enum status plan_route_write_lp(const struct plan_route_problem *pb,
                                const char *path, struct diag *err);

#endif
