/* plan_cols.c -- the columns of the MIP (docs/model.md §2), one function
 * per family, in the order GLPK numbers them:
 *
 *   y_t    binary, one per (pattern, team), cost the team's round trips;
 *   v_pj   binary, pattern p uses vehicle j (vehicle services), cost its
 *          km;
 *   F_g    frequency delivered by (service, site) group g;
 *   u_sc   in [0, 1], share of commune c's audience served by service s,
 *          only where some group reaches an audience;
 *   e_s    in [0, 1], access share of the worst-served equity group, when
 *          two groups have an audience and equity weighs;
 *   w_r    in [0, required_r], sessions missing for requirement r.
 *
 * Objective coefficients come from plan_objective.c. */
#include "plan_glpk.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static void cols_teams(struct plan_build *x)
{
    struct plan_inst *in = x->in;
    char name[64];
    x->c.y0 = 1;
    for (size_t t = 0; t < in->n_teams; t++) {
        const struct plan_team *tm = &in->teams[t];
        const struct plan_pattern *pt = &in->pats[tm->pattern];
        snprintf(name, sizeof name, "y_%d_%d_%zu_%zu", pt->service, pt->site,
                 tm->pattern, t - pt->team_first);
        int j = plan_col_new(x, name, GLP_BV, GLP_DB, 0, 1, -tm->cost);
        assert(j == x->c.y0 + (int)t);
        (void)j;
    }
}

static void cols_vehicles(struct plan_build *x)
{
    struct plan_inst *in = x->in;
    char name[64];
    for (size_t p = 0; p < in->n_pats; p++) {
        const struct plan_pattern *pt = &in->pats[p];
        for (int j = 0; j < pt->n_vehicles; j++) {
            snprintf(name, sizeof name, "v_%zu_%d", p, pt->vehicles[j]);
            int cj = plan_col_new(x, name, GLP_BV, GLP_DB, 0, 1,
                                  -plan_vehicle_cost(in, p, pt->vehicles[j]));
            if (j == 0)
                x->c.vfirst[p] = cj;
        }
    }
}

static void cols_frequency(struct plan_build *x)
{
    struct plan_inst *in = x->in;
    char name[64];
    for (size_t g = 0; g < in->n_groups; g++) {
        snprintf(name, sizeof name, "F_%d_%d", in->groups[g].service,
                 in->groups[g].site);
        x->c.fcol[g] = plan_col_new(x, name, GLP_CV, GLP_LO, 0, 0, 0);
    }
}

/* u_sc for communes with an audience that some group reaches. */
static void cols_access(struct plan_build *x)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    char name[64];
    for (size_t g = 0; g < in->n_groups; g++) {
        int s = in->groups[g].service;
        size_t ix = (size_t)s * m->n_sites + (size_t)in->groups[g].site;
        for (int q = 0; q < in->n_near[ix]; q++) {
            size_t sc = (size_t)s * nc + (size_t)in->near[ix][q];
            if (in->pop[sc] > 0 && !x->c.ucol[sc])
                x->c.ucol[sc] = -1;     /* mark; numbered below */
        }
    }
    for (size_t s = 0; s < m->n_services; s++)
        for (size_t c = 0; c < nc; c++)
            if (x->c.ucol[s * nc + c] == -1) {
                snprintf(name, sizeof name, "u_%zu_%zu", s, c);
                x->c.ucol[s * nc + c] =
                    plan_col_new(x, name, GLP_CV, GLP_DB, 0, 1,
                                 plan_access_coef(in, (int)s, (int)c));
            }
}

/* e_s when there are two equity groups with an audience. */
static void cols_equity(struct plan_build *x)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    char name[64];
    for (size_t s = 0; s < m->n_services; s++) {
        bool any = false;
        for (size_t g = 0; g < in->n_groups && !any; g++)
            any = in->groups[g].service == (int)s;
        int nq = 0;
        for (int q = 0; q < in->n_eq && any; q++)
            for (size_t c = 0; c < nc; c++)
                if (in->eq_of[c] == q && in->pop[s * nc + c] > 0) {
                    nq++;
                    break;
                }
        double b = plan_equity_coef(in, (int)s);
        if (nq >= 2 && b > 0) {
            snprintf(name, sizeof name, "e_%zu", s);
            x->c.ecol[s] = plan_col_new(x, name, GLP_CV, GLP_DB, 0, 1, b);
        }
    }
}

static void cols_slack(struct plan_build *x)
{
    struct plan_inst *in = x->in;
    char name[64];
    for (size_t r = 0; r < in->n_reqs; r++) {
        snprintf(name, sizeof name, "w_%d_%zu", in->reqs[r].target, r);
        /* A requirement the frozen past already meets asks for 0
         * (GLPK refuses a GLP_DB column with equal bounds). */
        x->c.wcol[r] = plan_col_new(x, name, GLP_CV,
                                    in->reqs[r].required > 0 ? GLP_DB : GLP_FX,
                                    0, in->reqs[r].required,
                                    -plan_penalty(in, 1.0));
    }
}

enum status plan_cols_build(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    x->c.vfirst = calloc(in->n_pats + 1, sizeof(int));
    x->c.fcol = calloc(in->n_groups + 1, sizeof(int));
    x->c.ucol = calloc(m->n_services * nc + 1, sizeof(int));
    x->c.ecol = calloc(m->n_services + 1, sizeof(int));
    x->c.wcol = calloc(in->n_reqs + 1, sizeof(int));
    if (!x->c.vfirst || !x->c.fcol || !x->c.ucol || !x->c.ecol || !x->c.wcol)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    if (in->n_teams + in->n_pats * (m->n_vehicles + 1) > INT_MAX / 4)
        return diag_set(err, STATUS_INVALID, "", 0, 0, NULL,
                        "the model is too large for GLPK (%zu columns)",
                        in->n_teams);
    cols_teams(x);
    cols_vehicles(x);
    cols_frequency(x);
    cols_access(x);
    cols_equity(x);
    cols_slack(x);
    x->c.n = glp_get_num_cols(x->lp);
    return STATUS_OK;
}
