/* plan_int.h -- declarations shared by the solver's files (plan_*.c), not
 * part of the public API (planner.h).
 *
 * The solver works on a "plan instance": the model, its closures and the
 * horizon, expanded into patterns (plan_patterns.c), each pattern already
 * carrying its concrete dates and the teams and vehicles that may run it.
 * plan_heur.c builds a greedy plan on the instance, plan_glpk.c turns the
 * instance into a GLPK MIP and plan_bnc.c solves it (the only files
 * that include glpk.h, through plan_glpk.h), plan_explain.c words the
 * unmet targets, plan_solve.c runs the whole.
 * docs/model.md is the mathematical description.
 */
#ifndef PLANNER_PLAN_INT_H
#define PLANNER_PLAN_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "planner.h"

/* Half-days of a day as bits: what an on-site interval touches
 * (model_rule_halves_of). */
#define PLAN_AM MODEL_AM
#define PLAN_PM MODEL_PM

/* A regular pattern of one service at one site, expanded into dates.
 * Every date has the same public time [start, start + duration). */
struct plan_pattern {
    int service, site;
    int weekday;          /* of the regular dates (moved ones may differ) */
    int start;            /* public start, minutes since midnight */
    unsigned cadence;     /* one enum model_cadence bit */
    int phase;            /* 0-based: week parity, n-th weekday - 1 */
    int *dates;           /* sorted day numbers, after closures */
    int n_dates;
    int n_moved, n_dropped;  /* how closures changed the series */
    unsigned halves;      /* PLAN_AM/PLAN_PM touched by the on-site time */
    double freq;          /* n_dates / the service's reference count */
    size_t team_first, n_teams;  /* into inst->teams */
    int *vehicles;        /* eligible vehicles (vehicle services only) */
    int n_vehicles;
};

/* One candidate team for a pattern: the MIP's binary column y. */
struct plan_team {
    size_t pattern;
    int staff[MODEL_MAX_TEAM];
    int n;
    double drive_min;     /* sum over members of the base round trip */
    double cost;          /* objective cost of the column (hours part) */
};

/* A (service, site) pair that has at least one pattern. */
struct plan_group {
    int service, site;
    size_t first, count;  /* patterns [first, first + count) */
};

/* One counting requirement: a target in one period (a month of a
 * PER_MONTH target, else the horizon). */
struct plan_req {
    int target;
    int first_day, last_day;  /* the period, clipped to the horizon */
    int required;             /* sessions still needed in it */
    int kept;                 /* sessions of the frozen past in it,
                                 already taken off required */
};

struct plan_inst {
    const struct model *m;
    const struct cal_closures *c;
    int first, last;          /* horizon, inclusive */
    int n_days;
    int week0;                /* Monday on or before first */
    int n_weeks;              /* ISO weeks touched */
    int max_starts;
    /* The frozen past (plan_params.kept, may be NULL): patterns get
     * dates from free_from on only; week_used (per staff x week, NULL
     * without a past) holds the minutes its sessions already take. */
    const struct model_plan *kept;
    int free_from;
    double *week_used;

    struct plan_pattern *pats; size_t n_pats, cap_pats;
    struct plan_team *teams;   size_t n_teams, cap_teams;
    struct plan_group *groups; size_t n_groups, cap_groups;
    struct plan_req *reqs;     size_t n_reqs;

    double *ref;              /* per service: dates of its densest pattern */
    double *pop;              /* per service x commune: audience x demand */
    double *pop_total;        /* per service */
    /* Equity groups: sectors when the territory has 2 or more, else
     * communes.  group_of[c] is -1 for a commune in no group. */
    int n_eq;
    int *eq_of;               /* per commune */
    /* Travel, lazily cached (model_travel_between is linear in the
     * number of travel.csv rows). */
    double *staff_site_min, *staff_site_km;   /* base round trips */
    double *veh_site_km;                      /* vehicle round trips */
    double *site_site_min;                    /* NAN until computed */
    double *site_base_min;    /* per staff x site: one way, site -> base */
    /* near[s][k] list: communes served by a session of s at site k. */
    int **near; int *n_near;  /* per service x site */
    /* Busy periods by (kind, who): busy_ord[busy_off[kind][who] ..
     * busy_off[kind][who + 1]) are indices into m->busy. */
    size_t *busy_ord;
    size_t *busy_off[3];
    size_t n_pruned;          /* columns left out by the budget */
    /* travel.csv rows by commune pair: travel_idx[a * n_communes + b],
     * -1 when the pair is not listed. */
    int *travel_idx;
    double deadline;          /* plan_now_seconds() value; < 0: none */
    bool cut_short;           /* the deadline stopped the patterns: the
                                 instance holds only those built by then */
};

/* Local minutes since 1970 of a day and a minute of it. */
long long plan_abs_minute(int day, int minute);

/* Expands the model (plan_patterns.c).  Past deadline (a
 * plan_now_seconds() value, < 0: none) it stops adding (service, site)
 * groups and sets cut_short. */
enum status plan_inst_build(const struct model *m,
                            const struct cal_closures *c, int first_day,
                            int last_day, int max_starts, double deadline,
                            const struct model_plan *kept,
                            struct plan_inst **out, struct diag *err);
/* Minutes staff i may still work in week w of the instance (R9): the
 * contract less what the frozen past takes, never below 0. */
double plan_week_limit(const struct plan_inst *in, int i, int w);
void plan_inst_free(struct plan_inst *in);
double plan_site_travel(struct plan_inst *in, int a, int b);
int plan_onsite_end(const struct plan_inst *in, const struct plan_pattern *p);
int plan_onsite_start(const struct plan_inst *in, const struct plan_pattern *p);
bool plan_pair_compatible(struct plan_inst *in, int i,
                          const struct plan_pattern *a,
                          const struct plan_pattern *b);
/* Sessions of pattern p that fall in [first, last]. */
int plan_pattern_count(const struct plan_pattern *p, int first, int last);
/* Whether pattern p counts for requirement r (service and scope). */
bool plan_pattern_in_scope(const struct plan_inst *in,
                           const struct plan_pattern *p, int target);
/* ISO week index of a day in the instance (0-based). */
int plan_week_of(const struct plan_inst *in, int day);
/* Whether a closure stops service s on day d (and why, when not NULL). */
bool plan_closed_for(const struct plan_inst *in, int s, int day,
                     bool *movable);
/* Whether a staff member / vehicle could run pattern-like sessions of
 * service s at site k on day d from start (halves, leave). */
bool plan_staff_free(const struct plan_inst *in, int i, int s, int day,
                     int start);
bool plan_vehicle_free(const struct plan_inst *in, int j, int s, int day,
                       int start);
/* Whether some start time of service s fits site k on weekday wd (the
 * service's half-days and windows, the site's opening hours). */
bool plan_site_time_fits(const struct plan_inst *in, int s, int k, int wd);
/* Minutes of staff i's round trip base -> site k -> base. */
double plan_staff_round_trip(const struct plan_inst *in, int i, int k);

/* A selection of columns: the heuristic's plan or the MIP's. */
struct plan_choice {
    size_t team;     /* index into inst->teams */
    int vehicle;     /* -1 when none */
};

/* Objective parts of a selection, computed as the MIP computes them
 * (plan_objective.c); unmet (per requirement, may be NULL) gets the
 * sessions each misses. */
void plan_parts_of(struct plan_inst *in, const struct plan_choice *ch,
                   size_t n, struct plan_parts *parts, double *unmet);

/* Keeps at most max_columns columns (0: all): the greedy plan's (must,
 * whose team indices are updated), each site's best, then the best by a
 * static score (plan_patterns.c, docs/model.md). */
enum status plan_inst_prune(struct plan_inst *in, size_t max_columns,
                            struct plan_choice *must, size_t n_must,
                            struct diag *err);

/* Greedy plan (plan_heur.c): serve targets first, then the best
 * objective gain per column; respects every MIP row.  lp (per team, may
 * be NULL): LP values that guide a first pass.  only (per team, may be
 * NULL): the columns it may take (one block of the MIP, plan_bnc.c).
 * improve_work > 0: then a local search on the plan, stopped after that
 * many more evaluations of a column's gain (0: none).  Deterministic
 * unless deadline (a plan_now_seconds() value; < 0: none) passes: then
 * it stops at once with the plan built so far, which respects every row
 * too. */
enum status plan_heuristic(struct plan_inst *in, const double *lp,
                           const unsigned char *only, long long improve_work,
                           double deadline, struct plan_choice **out,
                           size_t *n_out, struct diag *err);

/* The objective, written once (plan_objective.c, docs/model.md §3):
 * access of service s in commune c per unit of frequency, equity of s,
 * the hours cost of a team's column (drive_min minutes of round trips on
 * each of n_dates dates), the cost of pattern p with vehicle j, the
 * penalty of unmet sessions, a plan's total from its parts. */
double plan_access_coef(const struct plan_inst *in, int s, int c);
double plan_equity_coef(const struct plan_inst *in, int s);
double plan_team_cost(const struct plan_inst *in, int n_dates,
                      double drive_min);
double plan_vehicle_cost(const struct plan_inst *in, size_t p, int j);
double plan_penalty(const struct plan_inst *in, double unmet_sessions);
double plan_parts_total(const struct plan_parts *p);
/* The share of the worst-served equity group of service s given the
 * frequencies fsum per (service, commune), INFINITY when none; how many
 * groups have an audience in *n_groups (equity counts from 2). */
double plan_equity_share(const struct plan_inst *in, int s, const double *fsum,
                         int *n_groups);
/* Sessions requirement r still misses with the plan ch[0..n). */
double plan_req_missing(const struct plan_inst *in,
                        const struct plan_choice *ch, size_t n, size_t r);

/* Runs GLPK (plan_bnc.c). */
struct plan_mip_out {
    struct plan_choice *chosen; size_t n_chosen;
    double objective, bound, gap;
    bool has_solution, proven, time_limit_hit;
    double first_feasible_s;
    double lp_bound;
    size_t n_rows, n_cols, n_nz;
    double *slack;            /* per requirement: unmet sessions */
    enum plan_outcome outcome;
    bool searched;            /* false: the deadline passed before the
                                 search began; only the sizes are set */
};
enum status plan_mip_solve(struct plan_inst *in, const struct plan_params *pp,
                           const struct plan_choice *start, size_t n_start,
                           double t0, struct plan_mip_out *out,
                           struct diag *err);
void plan_mip_out_free(struct plan_mip_out *o);


/* Explains unmet requirements (plan_explain.c). */
enum status plan_explain(struct plan_inst *in, const struct plan_choice *ch,
                         size_t n, struct plan_result *r, struct diag *err);

double plan_now_seconds(void);

/* The minibus runs of r's horizon (route_plan.c), once r's sessions are
 * chosen: kept's runs up to its frozen_through as they were, the later
 * days routed around r's sessions, into r->plan->runs and r->runs. */
enum status plan_route_horizon(const struct model *m, const struct cal_closures *c,
                               const struct model_plan *kept,
                               struct plan_result *r, struct diag *err);

#endif
