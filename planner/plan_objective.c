/* plan_objective.c -- the objective, written once (docs/model.md §3).
 *
 *   objective = access + equity - cost_hours - cost_km - penalty
 *
 *   access     sum over services s and communes c of a_sc min(1, F_sc),
 *              a_sc = weight_access x 100 x weight_s x audience_sc /
 *              audience_s, F_sc the frequency of the sessions of s whose
 *              site serves c (model_rule_serves);
 *   equity     sum over services of b_s x the share of the worst-served
 *              equity group (sectors, else communes), b_s = weight_equity
 *              x 100 x weight_s, counted when two groups have an audience;
 *   cost_hours weight_cost_hour x staff hours on the road (base round
 *              trips, every date of a pattern);
 *   cost_km    weight_km x the vehicle's cost per km x its round trips;
 *   penalty    penalty_unmet x the sessions missing from the targets.
 *
 * The coefficients are functions here; the MIP's columns (plan_cols.c),
 * the greedy's gains (plan_heur.c), the column budget's score
 * (plan_prune.c) and the parts a plan reports (plan_parts_of, which
 * plan_solve.c and plan_explain.c call) all use them, so the heuristic
 * never optimises another objective than the one GLPK proves. */
#include "plan_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double plan_access_coef(const struct plan_inst *in, int s, int c)
{
    const struct model *m = in->m;
    assert(s >= 0 && (size_t)s < m->n_services);
    assert(c >= 0 && (size_t)c < m->n_communes);
    double tot = in->pop_total[s];
    if (tot <= 0)
        return 0.0;
    double w = m->services[s].weight > 0 ? m->services[s].weight : 0.0;
    return m->settings.weight_access * 100.0 * w *
           in->pop[(size_t)s * m->n_communes + (size_t)c] / tot;
}

double plan_equity_coef(const struct plan_inst *in, int s)
{
    const struct model *m = in->m;
    double w = m->services[s].weight > 0 ? m->services[s].weight : 0.0;
    return m->settings.weight_equity * 100.0 * w;
}

double plan_team_cost(const struct plan_inst *in, int n_dates,
                      double drive_min)
{
    return in->m->settings.weight_cost_hour * n_dates * drive_min / 60.0;
}

double plan_vehicle_cost(const struct plan_inst *in, size_t p, int j)
{
    const struct model *m = in->m;
    assert(p < in->n_pats);
    const struct plan_pattern *pt = &in->pats[p];
    return m->settings.weight_km * m->vehicles[j].cost_per_km *
           in->veh_site_km[(size_t)j * m->n_sites + (size_t)pt->site] *
           pt->n_dates;
}

double plan_penalty(const struct plan_inst *in, double unmet_sessions)
{
    return in->m->settings.penalty_unmet * unmet_sessions;
}

double plan_parts_total(const struct plan_parts *p)
{
    return p->access + p->equity - p->cost_hours - p->cost_km - p->penalty;
}

/* Whether service s has a group (some site can host it): equity counts
 * only for services the model can plan. */
static bool has_group(const struct plan_inst *in, int s)
{
    for (size_t g = 0; g < in->n_groups; g++)
        if (in->groups[g].service == s)
            return true;
    return false;
}

double plan_equity_share(const struct plan_inst *in, int s, const double *fsum,
                         int *n_groups)
{
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    double mn = INFINITY;
    int nq = 0;
    for (int q = 0; q < in->n_eq && has_group(in, s); q++) {
        double tot = 0, a = 0;
        for (size_t c = 0; c < nc; c++)
            if (in->eq_of[c] == q)
                tot += in->pop[(size_t)s * nc + c];
        if (tot <= 0)
            continue;
        for (size_t c = 0; c < nc; c++)
            if (in->eq_of[c] == q)
                a += in->pop[(size_t)s * nc + c] / tot *
                     fmin(1.0, fsum[(size_t)s * nc + c]);
        mn = fmin(mn, a);
        nq++;
    }
    *n_groups = nq;
    return mn;
}

/* Costs, driving and the frequencies per (service, commune) of a plan. */
static void costs_and_reach(struct plan_inst *in, const struct plan_choice *ch,
                            size_t n, struct plan_parts *parts, double *fsum)
{
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    for (size_t q = 0; q < n; q++) {
        assert(ch[q].team < in->n_teams);
        const struct plan_team *tm = &in->teams[ch[q].team];
        const struct plan_pattern *p = &in->pats[tm->pattern];
        parts->cost_hours += tm->cost;
        parts->driving_hours += p->n_dates * tm->drive_min / 60.0;
        if (ch[q].vehicle >= 0) {
            parts->cost_km += plan_vehicle_cost(in, tm->pattern, ch[q].vehicle);
            parts->km += p->n_dates *
                         in->veh_site_km[(size_t)ch[q].vehicle * m->n_sites +
                                         (size_t)p->site];
        }
        size_t ix = (size_t)p->service * m->n_sites + (size_t)p->site;
        for (int k = 0; k < in->n_near[ix]; k++)
            fsum[(size_t)p->service * nc + (size_t)in->near[ix][k]] += p->freq;
    }
}

double plan_req_missing(const struct plan_inst *in,
                        const struct plan_choice *ch, size_t n, size_t r)
{
    const struct plan_req *rq = &in->reqs[r];
    int cnt = 0;
    for (size_t q = 0; q < n; q++) {
        const struct plan_pattern *p = &in->pats[in->teams[ch[q].team].pattern];
        if (plan_pattern_in_scope(in, p, rq->target))
            cnt += plan_pattern_count(p, rq->first_day, rq->last_day);
    }
    return cnt >= rq->required ? 0 : rq->required - cnt;
}

void plan_parts_of(struct plan_inst *in, const struct plan_choice *ch,
                   size_t n, struct plan_parts *parts, double *unmet)
{
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    memset(parts, 0, sizeof *parts);
    double *fsum = calloc(m->n_services * nc + 1, sizeof *fsum);
    if (!fsum)
        return;
    costs_and_reach(in, ch, n, parts, fsum);
    for (size_t s = 0; s < m->n_services; s++) {
        for (size_t c = 0; c < nc; c++)
            parts->access += plan_access_coef(in, (int)s, (int)c) *
                             fmin(1.0, fsum[s * nc + c]);
        double b = plan_equity_coef(in, (int)s);
        if (b <= 0)
            continue;
        int nq;
        double mn = plan_equity_share(in, (int)s, fsum, &nq);
        if (nq >= 2)
            parts->equity += b * fmin(1.0, mn);
    }
    for (size_t r = 0; r < in->n_reqs; r++) {
        double miss = plan_req_missing(in, ch, n, r);
        if (unmet)
            unmet[r] = miss;
        parts->unmet_sessions += miss;
    }
    parts->penalty = plan_penalty(in, parts->unmet_sessions);
    free(fsum);
}
