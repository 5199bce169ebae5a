/* plan_solve.c -- plan_solve(): patterns, greedy start, MIP, sessions,
 * explanations; and the summary `planner solve` prints.
 *
 * The steps and where they live: plan_inst_build (plan_patterns.c)
 * expands the model into patterns; plan_heuristic (plan_heur.c) builds a
 * greedy plan; plan_mip_solve (plan_glpk.c) solves the MIP starting from
 * it; here the chosen columns become sessions (one per date of each
 * chosen pattern, its UID from ics_session_uid with the position in the
 * series, so a re-plan that moves a date keeps the UID), the objective's
 * parts are recomputed from the plan exactly as the MIP counts them, and
 * plan_explain (plan_explain.c) words every unmet target.
 */
#include "plan_int.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void plan_params_init(struct plan_params *pp)
{
    memset(pp, 0, sizeof *pp);
    /* A coordinator's run must end: GLPK may need hours to prove the
     * last 0.1 %; the best plan after a minute is reported with its gap. */
    pp->time_limit_s = 60;
    pp->mip_gap = 0.005;
    pp->verbosity = 0;
    pp->heuristic = true;
    pp->cuts = true;
    pp->max_starts = 1;
    pp->max_columns = 20000;
}

void plan_result_free(struct plan_result *r)
{
    if (!r)
        return;
    model_plan_free(r->plan);
    free(r->unmet);
    plan_runs_free(r->runs);
    free(r);
}

static enum status make_sessions(struct plan_inst *in,
                                 const struct plan_choice *ch, size_t n,
                                 struct model_plan *plan, struct diag *err)
{
    const struct model *m = in->m;
    for (size_t q = 0; q < n; q++) {
        const struct plan_team *tm = &in->teams[ch[q].team];
        const struct plan_pattern *p = &in->pats[tm->pattern];
        const struct model_service *sv = &m->services[p->service];
        for (int d = 0; d < p->n_dates; d++) {
            struct model_session s;
            memset(&s, 0, sizeof s);
            ics_session_uid(m, p->service, p->site, d, NULL, s.uid);
            s.service = p->service;
            s.site = p->site;
            s.day = p->dates[d];
            s.start = p->start;
            s.end = p->start + sv->duration;
            s.n_staff = tm->n;
            for (int k = 0; k < tm->n; k++)
                s.staff[k] = tm->staff[k];
            s.vehicle = ch[q].vehicle;
            s.status = SESSION_CONFIRMED;
            if (model_plan_add(plan, &s) != STATUS_OK)
                return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL,
                                "out of memory");
        }
    }
    model_plan_sort(plan);
    return STATUS_OK;
}

static void progress(const struct plan_params *pp, const char *phase,
                     double t0)
{
    if (!pp->progress)
        return;
    struct plan_progress pr = {0};
    pr.phase = phase;
    pr.elapsed_s = plan_now_seconds() - t0;
    pr.bound = NAN;
    pr.gap = NAN;
    pp->progress(pp->progress_ctx, &pr);
}

static enum status check_params(const struct model *m,
                                const struct plan_params *pp,
                                struct diag *err)
{
    if (!(pp->mip_gap >= 0) || !(pp->time_limit_s >= 0))
        return diag_set(err, STATUS_INVALID, "", 0, 0, NULL,
                        "the gap and the time limit must be 0 or more");
    if (m->settings.penalty_unmet < 0 || m->settings.weight_access < 0 ||
        m->settings.weight_equity < 0 || m->settings.weight_cost_hour < 0 ||
        m->settings.weight_km < 0)
        return diag_set(err, STATUS_INVALID, "settings.csv", 0, 0, NULL,
                        "objective weights and the unmet penalty must be 0 "
                        "or more");
    return STATUS_OK;
}

static struct plan_result *result_new(int first_day, int last_day)
{
    struct plan_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->plan = model_plan_new();
    if (!r->plan) {
        free(r);
        return NULL;
    }
    r->first_feasible_s = -1;
    r->heuristic_objective = NAN;
    r->lp_bound = NAN;
    r->plan->horizon_start = first_day;
    r->plan->horizon_end = last_day;
    return r;
}

static bool past(double deadline)
{
    return deadline >= 0 && plan_now_seconds() >= deadline;
}

/* The greedy plan and the column budget that keeps it. */
static enum status start_plan(struct plan_inst *in,
                              const struct plan_params *pp, double deadline,
                              struct plan_choice **heur, size_t *n_heur,
                              struct plan_result *r, struct diag *err)
{
    /* The local search on the greedy plan: at most 10^8 gain
     * evaluations, about a second.  On bench L it converges after
     * 0.83 10^8 and improves the plan by 20; on the bundled territories
     * it converges in milliseconds.  A budget of work, not of seconds:
     * the plan must not depend on the machine (unless the time limit
     * passes first). */
    enum status st = plan_heuristic(in, NULL, NULL, 100000000LL, deadline,
                                    heur, n_heur, err);
    /* The greedy plan runs on every column; the MIP on a budget of them
     * that always contains the greedy plan's.  Past the deadline there
     * is no MIP to prune for. */
    if (st == STATUS_OK && !past(deadline))
        st = plan_inst_prune(in, pp->max_columns, *heur, *n_heur, err);
    if (st != STATUS_OK)
        return st;
    r->n_patterns = in->n_pats;
    r->n_pruned = in->n_pruned;
    struct plan_parts hp;
    plan_parts_of(in, *heur, *n_heur, &hp, NULL);
    r->heuristic_objective = plan_parts_total(&hp);
    return STATUS_OK;
}

/* When the time limit has passed before the MIP: the starting plan as
 * the answer, with no bound (nothing was proven). */
static enum status without_mip(struct plan_inst *in,
                               const struct plan_choice *start, size_t n,
                               double t0, struct plan_mip_out *mo,
                               struct diag *err)
{
    memset(mo, 0, sizeof *mo);
    mo->chosen = malloc((n + 1) * sizeof *mo->chosen);
    mo->slack = calloc(in->n_reqs + 1, sizeof *mo->slack);
    if (!mo->chosen || !mo->slack)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    for (size_t q = 0; q < n; q++)
        mo->chosen[q] = start[q];
    mo->n_chosen = n;
    for (size_t r = 0; r < in->n_reqs; r++)
        mo->slack[r] = plan_req_missing(in, start, n, r);
    struct plan_parts parts;
    plan_parts_of(in, start, n, &parts, NULL);
    mo->objective = plan_parts_total(&parts);
    mo->bound = INFINITY;
    mo->gap = INFINITY;
    mo->lp_bound = NAN;
    mo->has_solution = true;
    mo->time_limit_hit = true;
    mo->outcome = PLAN_FEASIBLE;
    mo->first_feasible_s = n ? plan_now_seconds() - t0 : -1;
    return STATUS_OK;
}

/* The chosen columns as sessions, the parts, the figures and the
 * explanations of unmet targets. */
static enum status finish(struct plan_inst *in, const struct plan_mip_out *mo,
                          bool cut_short, struct plan_result *r,
                          struct diag *err)
{
    r->n_rows = mo->n_rows;
    r->n_cols = mo->n_cols;
    r->lp_bound = mo->lp_bound;
    r->first_feasible_s = mo->first_feasible_s;
    enum status st = make_sessions(in, mo->chosen, mo->n_chosen, r->plan, err);
    if (st != STATUS_OK)
        return st;
    plan_parts_of(in, mo->chosen, mo->n_chosen, &r->parts, NULL);
    struct model_plan *p = r->plan;
    /* Patterns or the greedy plan cut short by the time limit: the MIP
     * saw a restricted model, so nothing about the whole is proven. */
    r->outcome = cut_short ? PLAN_FEASIBLE : mo->outcome;
    snprintf(p->solver_status, sizeof p->solver_status, "%s",
             plan_outcome_name(r->outcome));
    p->objective = mo->objective;
    p->bound = cut_short ? INFINITY : mo->bound;
    p->gap = cut_short ? INFINITY : mo->gap;
    p->time_limit_hit = mo->time_limit_hit || cut_short;
    assert(r->outcome == PLAN_FEASIBLE || !p->time_limit_hit);
    return plan_explain(in, mo->chosen, mo->n_chosen, r, err);
}

/* The frozen past joins the plan as it was (UIDs, SEQUENCE and all). */
static enum status add_kept(struct model_plan *p, const struct model_plan *kept,
                            struct diag *err)
{
    if (!kept)
        return STATUS_OK;
    p->frozen_through = kept->frozen_through;
    for (size_t i = 0; i < kept->n_sessions; i++)
        if (kept->sessions[i].day >= p->horizon_start &&
            kept->sessions[i].day <= p->horizon_end &&
            model_plan_add(p, &kept->sessions[i]) != STATUS_OK)
            return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    model_plan_sort(p);
    return STATUS_OK;
}

enum status plan_solve(const struct model *m, const struct cal_closures *c,
                       int first_day, int last_day,
                       const struct plan_params *pp_in,
                       struct plan_result **out, struct diag *err)
{
    *out = NULL;
    struct plan_params defaults;
    plan_params_init(&defaults);
    const struct plan_params *pp = pp_in ? pp_in : &defaults;
    enum status st = check_params(m, pp, err);
    if (st != STATUS_OK)
        return st;
    double t0 = plan_now_seconds();
    double deadline = pp->time_limit_s > 0 ? t0 + pp->time_limit_s : -1;
    struct plan_result *r = result_new(first_day, last_day);
    if (!r)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    progress(pp, "patterns", t0);
    struct plan_inst *in = NULL;
    st = plan_inst_build(m, c, first_day, last_day, pp->max_starts, deadline,
                         pp->kept, &in, err);
    struct plan_choice *heur = NULL;
    size_t n_heur = 0;
    if (st == STATUS_OK) {
        progress(pp, "heuristic", t0);
        st = start_plan(in, pp, deadline, &heur, &n_heur, r, err);
    }
    /* Past the deadline already: the greedy plan is the answer. */
    bool cut_short = st == STATUS_OK && (in->cut_short || past(deadline));
    struct plan_mip_out mo;
    memset(&mo, 0, sizeof mo);
    const struct plan_choice *start = pp->heuristic ? heur : NULL;
    size_t n_start = pp->heuristic ? n_heur : 0;
    if (st == STATUS_OK && !past(deadline))
        st = plan_mip_solve(in, pp, heur, n_heur, t0, &mo, err);
    if (st == STATUS_OK && !mo.searched) {
        /* No search: the deadline passed before it (or before the MIP
         * was even built); the model's sizes, when known, are kept. */
        size_t rows = mo.n_rows, cols = mo.n_cols;
        plan_mip_out_free(&mo);
        st = without_mip(in, start, n_start, t0, &mo, err);
        mo.n_rows = rows;
        mo.n_cols = cols;
    }
    if (st == STATUS_OK)
        st = finish(in, &mo, cut_short, r, err);
    if (st == STATUS_OK)
        st = add_kept(r->plan, pp->kept, err);
    if (st == STATUS_OK && m->n_transports) {
        progress(pp, "routes", t0);
        st = plan_route_horizon(m, c, pp->kept, r, err);
    }
    r->plan->seconds = plan_now_seconds() - t0;
    plan_mip_out_free(&mo);
    free(heur);
    plan_inst_free(in);
    if (st != STATUS_OK) {
        plan_result_free(r);
        return st;
    }
    progress(pp, "done", t0);
    *out = r;
    return STATUS_OK;
}

const char *plan_outcome_name(enum plan_outcome o)
{
    switch (o) {
    case PLAN_OPTIMAL:
        return "optimal";
    case PLAN_FEASIBLE:
        return "feasible";
    }
    return "unknown";
}
