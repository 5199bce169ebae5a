/* plan_glpk.c -- the instance as one GLPK problem: its assembly (the
 * matrix gathered for one glp_load_matrix, plan_lp_build) and the
 * mapping between plans and column vectors (the greedy plan offered to
 * GLPK, the chosen columns read back).  The columns are plan_cols.c, the
 * rows plan_rows.c (the formulation is written there and in
 * docs/model.md); plan_bnc.c solves the problem.  Only these files
 * include glpk.h (through plan_glpk.h).  The problem is a minimisation
 * of the negated objective (see plan_lp_build).
 */
#include "plan_glpk.h"

#include <assert.h>
#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Problem assembly (plan_cols.c and plan_rows.c write through these)   */
/* ------------------------------------------------------------------ */

static enum status nomem(struct diag *err)
{
    return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
}

/* Zero entries (the round trip of a session at a person's own base) are
 * left out: GLPK would store them, and the LP/MPS files it writes would
 * not, so the problem it solves and the one it writes would differ in
 * their matrices. */
bool plan_mat_push(struct plan_mat *mt, int col, double val)
{
    assert(mt->cur > 0 && col > 0);
    if (val == 0.0)
        return true;
    if (mt->n + 1 >= mt->cap) {
        size_t nc = mt->cap ? mt->cap * 2 : 4096;
        int *ia = realloc(mt->ia, nc * sizeof *ia);
        if (ia)
            mt->ia = ia;
        int *ja = realloc(mt->ja, nc * sizeof *ja);
        if (ja)
            mt->ja = ja;
        double *ar = realloc(mt->ar, nc * sizeof *ar);
        if (ar)
            mt->ar = ar;
        if (!ia || !ja || !ar)
            return false;
        mt->cap = nc;
    }
    mt->n++;
    mt->ia[mt->n] = mt->cur;
    mt->ja[mt->n] = col;
    mt->ar[mt->n] = val;
    return true;
}

int plan_row_new(struct plan_build *x, const char *name, int type, double lo,
                 double hi)
{
    int r = glp_add_rows(x->lp, 1);
    glp_set_row_name(x->lp, r, name);
    glp_set_row_bnds(x->lp, r, type, lo, hi);
    x->mt.cur = r;
    return r;
}

int plan_col_new(struct plan_build *x, const char *name, int kind, int type,
                 double lo, double hi, double obj)
{
    int j = glp_add_cols(x->lp, 1);
    glp_set_col_name(x->lp, j, name);
    glp_set_col_kind(x->lp, j, kind);
    if (kind != GLP_BV)
        glp_set_col_bnds(x->lp, j, type, lo, hi);
    /* The model is solved and written as a minimisation of the negated
     * objective (see plan_lp_build). */
    glp_set_obj_coef(x->lp, j, -obj);
    return j;
}

/* ------------------------------------------------------------------ */
/* Plans as column vectors                                              */
/* ------------------------------------------------------------------ */

double *plan_lp_vector(const struct plan_lp *pl, const struct plan_choice *ch,
                       size_t n)
{
    const struct plan_inst *in = pl->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    double *v = calloc((size_t)pl->n_cols + 1, sizeof *v);
    double *fsum = calloc(m->n_services * nc + 1, sizeof *fsum);
    if (!v || !fsum) {
        free(v);
        free(fsum);
        return NULL;
    }
    for (size_t q = 0; q < n; q++) {
        const struct plan_team *tm = &in->teams[ch[q].team];
        const struct plan_pattern *pt = &in->pats[tm->pattern];
        v[pl->y0 + (int)ch[q].team] = 1.0;
        if (ch[q].vehicle >= 0)
            for (int j = 0; j < pt->n_vehicles; j++)
                if (pt->vehicles[j] == ch[q].vehicle)
                    v[pl->vfirst[tm->pattern] + j] = 1.0;
        for (size_t g = 0; g < in->n_groups; g++)
            if (in->groups[g].service == pt->service &&
                in->groups[g].site == pt->site) {
                v[pl->fcol[g]] += pt->freq;
                size_t ix = (size_t)pt->service * m->n_sites + (size_t)pt->site;
                for (int k = 0; k < in->n_near[ix]; k++)
                    fsum[(size_t)pt->service * nc + (size_t)in->near[ix][k]] +=
                        pt->freq;
            }
    }
    for (size_t s = 0; s < m->n_services; s++)
        for (size_t c = 0; c < nc; c++)
            if (pl->ucol[s * nc + c])
                v[pl->ucol[s * nc + c]] = fmin(1.0, fsum[s * nc + c]);
    for (size_t s = 0; s < m->n_services; s++) {
        if (!pl->ecol[s])
            continue;
        double mn = 1.0;
        for (int q = 0; q < in->n_eq; q++) {
            double tot = 0;
            for (size_t c = 0; c < nc; c++)
                if (in->eq_of[c] == q)
                    tot += in->pop[s * nc + c];
            if (tot > 0) {
                /* As the EQ row computes it: sum of coefficient x u. */
                double a = 0;
                for (size_t c = 0; c < nc; c++)
                    if (in->eq_of[c] == q && pl->ucol[s * nc + c])
                        a += in->pop[s * nc + c] / tot * v[pl->ucol[s * nc + c]];
                mn = fmin(mn, a);
            }
        }
        /* A hair below, so the EQ rows hold after rounding. */
        v[pl->ecol[s]] = fmax(0.0, mn - 1e-12);
    }
    for (size_t r = 0; r < in->n_reqs; r++)
        v[pl->wcol[r]] = plan_req_missing(in, ch, n, r);
    free(fsum);
    return v;
}

bool plan_lp_feasible(glp_prob *lp, const double *v)
{
    int nr = glp_get_num_rows(lp), ncol = glp_get_num_cols(lp);
    int *ind = malloc(((size_t)ncol + 1) * sizeof *ind);
    double *val = malloc(((size_t)ncol + 1) * sizeof *val);
    bool ok = ind && val;
    for (int j = 1; j <= ncol && ok; j++) {
        double lo = glp_get_col_lb(lp, j), hi = glp_get_col_ub(lp, j);
        int ty = glp_get_col_type(lp, j);
        if ((ty == GLP_LO || ty == GLP_DB || ty == GLP_FX) && v[j] < lo - 1e-9)
            ok = false;
        if ((ty == GLP_UP || ty == GLP_DB || ty == GLP_FX) && v[j] > hi + 1e-9)
            ok = false;
    }
    for (int i = 1; i <= nr && ok; i++) {
        int len = glp_get_mat_row(lp, i, ind, val);
        double a = 0;
        for (int k = 1; k <= len; k++)
            a += val[k] * v[ind[k]];
        int ty = glp_get_row_type(lp, i);
        double lo = glp_get_row_lb(lp, i), hi = glp_get_row_ub(lp, i);
        double tol = 1e-7 * (1 + fabs(lo) + fabs(hi));
        if ((ty == GLP_LO || ty == GLP_DB || ty == GLP_FX) && a < lo - tol)
            ok = false;
        if ((ty == GLP_UP || ty == GLP_DB || ty == GLP_FX) && a > hi + tol)
            ok = false;
    }
    free(ind);
    free(val);
    return ok;
}

double plan_lp_objective(const struct plan_lp *pl, const double *v)
{
    double obj = glp_get_obj_coef(pl->lp, 0);
    for (int j = 1; j <= pl->n_cols; j++)
        obj += glp_get_obj_coef(pl->lp, j) * v[j];
    return -obj;
}

enum status plan_lp_extract(const struct plan_lp *pl, const double *v,
                            struct plan_mip_out *out, struct diag *err)
{
    const struct plan_inst *in = pl->in;
    out->chosen = calloc(in->n_groups + 1, sizeof *out->chosen);
    out->slack = calloc(in->n_reqs + 1, sizeof *out->slack);
    if (!out->chosen || !out->slack)
        return nomem(err);
    out->n_chosen = 0;
    for (size_t t = 0; t < in->n_teams; t++) {
        if (v[pl->y0 + (int)t] < 0.5)
            continue;
        size_t p = in->teams[t].pattern;
        int veh = -1;
        for (int j = 0; j < in->pats[p].n_vehicles && pl->vfirst[p]; j++)
            if (v[pl->vfirst[p] + j] > 0.5)
                veh = in->pats[p].vehicles[j];
        if (out->n_chosen >= in->n_groups)
            return diag_set(err, STATUS_SOLVER, "", 0, 0, NULL,
                            "GLPK returned a plan with two patterns for one "
                            "site");
        out->chosen[out->n_chosen++] = (struct plan_choice){t, veh};
    }
    for (size_t r = 0; r < in->n_reqs; r++)
        out->slack[r] = v[pl->wcol[r]];
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

void plan_lp_free(struct plan_lp *pl)
{
    if (!pl)
        return;
    if (pl->lp)
        glp_delete_prob(pl->lp);
    free(pl->vfirst);
    free(pl->fcol);
    free(pl->ucol);
    free(pl->ecol);
    free(pl->wcol);
    memset(pl, 0, sizeof *pl);
}

enum status plan_lp_build(struct plan_inst *in, const struct plan_params *pp,
                          struct plan_lp *pl, struct diag *err)
{
    memset(pl, 0, sizeof *pl);
    struct plan_build x = {0};
    x.in = in;
    x.pp = pp;
    x.lp = glp_create_prob();
    glp_set_prob_name(x.lp, "planner");
    /* Minimise the negated objective: GLPK's free MPS writer has no
     * OBJSENSE section (and glp_read_mps rejects one), so a maximisation
     * written to MPS would be read as a minimisation by every other
     * solver.  As a minimisation the LP and MPS files mean the same thing
     * everywhere; every value read back from GLPK is negated. */
    glp_set_obj_name(x.lp, "minus_objective");
    glp_set_obj_dir(x.lp, GLP_MIN);
    enum status st = plan_cols_build(&x, err);
    if (st == STATUS_OK)
        st = plan_rows_build(&x, err);
    if (st == STATUS_OK && x.timed_out) {
        glp_delete_prob(x.lp);
        x.lp = NULL;
    } else if (st == STATUS_OK) {
        if (x.mt.n > (size_t)INT_MAX - 1)
            st = diag_set(err, STATUS_INVALID, "", 0, 0, NULL,
                          "the model is too large for GLPK");
        else
            glp_load_matrix(x.lp, (int)x.mt.n, x.mt.ia, x.mt.ja, x.mt.ar);
    }
    free(x.mt.ia);
    free(x.mt.ja);
    free(x.mt.ar);
    free(x.grp);
    free(x.mark);
    pl->in = in;
    pl->lp = x.lp;
    pl->n_cols = x.c.n;
    pl->timed_out = x.timed_out;
    pl->y0 = x.c.y0;
    pl->vfirst = x.c.vfirst;
    pl->fcol = x.c.fcol;
    pl->ucol = x.c.ucol;
    pl->ecol = x.c.ecol;
    pl->wcol = x.c.wcol;
    if (st != STATUS_OK)
        plan_lp_free(pl);
    return st;
}
