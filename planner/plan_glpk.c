/* plan_glpk.c -- the instance as one GLPK problem: its columns, rows
 * and valid inequalities, and the mapping between plans and column
 * vectors.  plan_bnc.c solves it.  These two files are the only ones that
 * include glpk.h (through plan_glpk.h).  Formulation (docs/model.md):
 *
 *   y_t    binary, one per (pattern, team): the pattern runs with team t;
 *   v_pj   binary, pattern p uses vehicle j (vehicle services);
 *   F_g    frequency delivered by (service, site) group g;
 *   u_sc   in [0, 1], share of commune c's audience served by service s;
 *   e_s    in [0, 1], access share of the worst-served sector (equity);
 *   w_r    >= 0, sessions missing for requirement r (elastic slack).
 *
 *   max  sum a_sc u_sc + sum b_s e_s - sum cost_t y_t - sum cost_pj v_pj
 *        - penalty sum w_r
 *   G_g    sum_{t in g} y_t <= 1              one pattern per opened site
 *   MAXS_s sum_{t of s} y_t <= max_sites
 *   FD_g   F_g - sum_{t in g} f_p y_t = 0
 *   AC_sc  u_sc - sum_{g of s near c} F_g <= 0
 *   EQ_sq  e_s - sum_{c in q} (pop_c / pop_q) u_sc <= 0
 *   VH_p   sum_j v_pj - sum_{t of p} y_t = 0
 *   RQ_r   sum_p n_pr sum_{t of p} y_t + w_r >= required_r
 *   SH_idh staff i, day d, half h: sum y_t <= 1 over sessions touching it
 *   SX_idk a morning session of i at site k (ending e) excludes every
 *          afternoon session i could not reach in time (R7), or whose
 *          route would be longer than two round trips (keeps the R8/R9
 *          rows below conservative when travel.csv breaks the triangle
 *          inequality)
 *   SD_id  sum RT_ik y_t <= max_drive_i         (R8, round trips)
 *   SW_iW  sum n_pW (onsite + RT_ik) y_t <= weekly_minutes_i   (R9)
 *   VA_jdh, VX_jdk  the same as SH, SX for vehicles (R10)
 *   RM_kdh sum y_t <= 1 over sessions at site k touching (d, h)  (R11)
 *
 * Rows that can never bind (a single entry, a sum of coefficients below
 * the limit) are not generated.  The problem is a minimisation of the
 * negated objective (see plan_lp_build).
 */
#include "plan_glpk.h"

#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Objective coefficients (shared with the heuristic)                   */
/* ------------------------------------------------------------------ */

double plan_access_coef(const struct plan_inst *in, int s, int c)
{
    const struct model *m = in->m;
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

double plan_vehicle_cost(const struct plan_inst *in, size_t p, int j)
{
    const struct model *m = in->m;
    const struct plan_pattern *pt = &in->pats[p];
    return m->settings.weight_km * m->vehicles[j].cost_per_km *
           in->veh_site_km[(size_t)j * m->n_sites + (size_t)pt->site] *
           pt->n_dates;
}

/* ------------------------------------------------------------------ */
/* Problem assembly                                                     */
/* ------------------------------------------------------------------ */

struct cols {
    int y0;            /* y_t = y0 + t */
    int *vfirst;       /* per pattern: first v column, 0 when none */
    int *fcol;         /* per group */
    int *ucol;         /* per service x commune, 0 when absent */
    int *ecol;         /* per service, 0 when absent */
    int *wcol;         /* per requirement */
    int n;
};

struct mat {
    int *ia, *ja;
    double *ar;
    size_t n, cap;
    int rows;
    /* Row being written. */
    int cur;
};

/* Assembly state: the problem being built, its column maps, the
 * matrix entries gathered for one glp_load_matrix call. */
struct ctx {
    struct plan_inst *in;
    const struct plan_params *pp;
    glp_prob *lp;
    struct cols c;
    struct mat mt;
    int *grp;          /* per pattern: its group */
    int *mark;         /* per group: scratch for weekly_cuts */
    int stamp;
};

/* Adds an entry to the current row.  Zero entries (the round trip of a
 * session at a person's own base) are left out: GLPK would store them,
 * and the LP/MPS files it writes would not, so the problem it solves
 * and the one it writes would differ in their matrices. */
static bool mat_push(struct mat *mt, int col, double val)
{
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

/* Starts a new row; returns its number. */
static int row_new(struct ctx *x, const char *name, int type, double lo,
                   double hi)
{
    int r = glp_add_rows(x->lp, 1);
    glp_set_row_name(x->lp, r, name);
    glp_set_row_bnds(x->lp, r, type, lo, hi);
    x->mt.cur = r;
    x->mt.rows = r;
    return r;
}

static int col_new(struct ctx *x, const char *name, int kind, int type,
                   double lo, double hi, double obj)
{
    int j = glp_add_cols(x->lp, 1);
    glp_set_col_name(x->lp, j, name);
    glp_set_col_kind(x->lp, j, kind);
    if (kind != GLP_BV)
        glp_set_col_bnds(x->lp, j, type, lo, hi);
    /* The model is solved and written as a minimisation of the negated
     * objective (see plan_mip_solve). */
    glp_set_obj_coef(x->lp, j, -obj);
    return j;
}

/* Entries of the (entity, day, half) rows. */
struct ent {
    uint64_t key;
    int col;
    int pat;
    double coef;
};

static int ent_cmp(const void *a, const void *b)
{
    const struct ent *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return 0;
}

struct ents {
    struct ent *v;
    size_t n, cap;
};

static bool ents_push(struct ents *e, uint64_t key, int col, int pat,
                      double coef)
{
    if (e->n == e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 4096;
        struct ent *v = realloc(e->v, nc * sizeof *v);
        if (!v)
            return false;
        e->v = v;
        e->cap = nc;
    }
    e->v[e->n++] = (struct ent){key, col, pat, coef};
    return true;
}

static enum status nomem(struct diag *err)
{
    return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
}

/* Emits the half-day rows of one entity kind from sorted entries and
 * the cross-half rows (pairs it cannot chain).  who_staff: entries are
 * staff (>= 0 index decoded from the key) or vehicles (-1). */
static enum status emit_half_rows(struct ctx *x, struct ents *e,
                                  const char *prefix, bool staff,
                                  struct diag *err)
{
    struct plan_inst *in = x->in;
    if (e->n == 0)
        return STATUS_OK;
    qsort(e->v, e->n, sizeof *e->v, ent_cmp);
    char name[64];
    size_t i = 0;
    while (i < e->n) {
        /* Block of one (entity, day): keys 2*q and 2*q+1. */
        uint64_t dk = e->v[i].key >> 1;
        size_t am0 = i, am1 = i;
        while (am1 < e->n && e->v[am1].key == dk << 1)
            am1++;
        size_t pm0 = am1, pm1 = am1;
        while (pm1 < e->n && e->v[pm1].key == ((dk << 1) | 1))
            pm1++;
        if (pm1 == pm0 && am1 == am0) {
            /* Only odd keys were skipped: cannot happen, keys group. */
            i++;
            continue;
        }
        int who = (int)(dk / (uint64_t)in->n_days);
        int day = in->first + (int)(dk % (uint64_t)in->n_days);
        for (int h = 0; h < 2; h++) {
            size_t a = h ? pm0 : am0, b = h ? pm1 : am1;
            if (b - a < 2)
                continue;
            snprintf(name, sizeof name, "%s_%d_%d_%c", prefix, who,
                     day - in->first, h ? 'p' : 'a');
            row_new(x, name, GLP_UP, 0.0, 1.0);
            for (size_t q = a; q < b; q++)
                if (!mat_push(&x->mt, e->v[q].col, 1.0))
                    return nomem(err);
        }
        /* Cross-half rows: a morning-only session against the
         * afternoon-only sessions it cannot be chained with. */
        if (am1 > am0 && pm1 > pm0) {
            int *inc = malloc((pm1 - pm0) * sizeof *inc);
            if (!inc)
                return nomem(err);
            for (size_t q = am0; q < am1; q++) {
                const struct plan_pattern *pa = &in->pats[e->v[q].pat];
                if (pa->halves != PLAN_AM)
                    continue;
                /* Class = (site, on-site end); its first entry in the
                 * block emits the row for all its members. */
                bool seen = false;
                for (size_t r = am0; r < q && !seen; r++) {
                    const struct plan_pattern *pr = &in->pats[e->v[r].pat];
                    seen = pr->halves == PLAN_AM && pr->site == pa->site &&
                           plan_onsite_end(in, pr) == plan_onsite_end(in, pa);
                }
                if (seen)
                    continue;
                size_t ni = 0;
                for (size_t r = pm0; r < pm1; r++) {
                    const struct plan_pattern *pb = &in->pats[e->v[r].pat];
                    if (pb->halves != PLAN_PM)
                        continue;
                    if (!plan_pair_compatible(in, staff ? who : -1, pa, pb))
                        inc[ni++] = e->v[r].col;
                }
                if (ni == 0)
                    continue;
                snprintf(name, sizeof name, "%sX_%d_%d_%d_%d", prefix, who,
                         day - in->first, pa->site, plan_onsite_end(in, pa));
                row_new(x, name, GLP_UP, 0.0, 1.0);
                for (size_t r = q; r < am1; r++) {
                    const struct plan_pattern *pr = &in->pats[e->v[r].pat];
                    if (pr->halves == PLAN_AM && pr->site == pa->site &&
                        plan_onsite_end(in, pr) == plan_onsite_end(in, pa))
                        if (!mat_push(&x->mt, e->v[r].col, 1.0)) {
                            free(inc);
                            return nomem(err);
                        }
                }
                for (size_t r = 0; r < ni; r++)
                    if (!mat_push(&x->mt, inc[r], 1.0)) {
                        free(inc);
                        return nomem(err);
                    }
            }
            free(inc);
        }
        /* Daily driving (staff): only when two sessions could exceed it. */
        if (staff) {
            const struct model_staff *st = &in->m->staff[who];
            double lim = model_rule_max_drive(in->m, st);
            double ma = 0, mp = 0, mb = 0;
            for (size_t q = am0; q < pm1; q++) {
                const struct plan_pattern *p = &in->pats[e->v[q].pat];
                double c = e->v[q].coef;
                if (p->halves == PLAN_AM)
                    ma = fmax(ma, c);
                else if (p->halves == PLAN_PM)
                    mp = fmax(mp, c);
                else
                    mb = fmax(mb, c);
            }
            if (fmax(ma + mp, mb) > lim) {
                snprintf(name, sizeof name, "SD_%d_%d", who, day - in->first);
                row_new(x, name, GLP_UP, 0.0, lim);
                for (size_t q = am0; q < pm1; q++) {
                    const struct plan_pattern *p = &in->pats[e->v[q].pat];
                    /* A session over noon appears in both halves: once. */
                    if (q >= pm0 && p->halves == (PLAN_AM | PLAN_PM))
                        continue;
                    if (!mat_push(&x->mt, e->v[q].col, e->v[q].coef))
                        return nomem(err);
                }
            }
        }
        i = pm1 > am1 ? pm1 : am1;
    }
    return STATUS_OK;
}

static int coef_cmp(const void *a, const void *b)
{
    const struct ent *x = a, *y = b;
    if (x->coef != y->coef)
        return x->coef < y->coef ? -1 : 1;
    return x->col < y->col ? -1 : 1;
}

/* Sum of the r smallest coefficients among e[q..n) taking at most one
 * per group (the items are sorted by coefficient, so the first item of a
 * group is its smallest); INFINITY when fewer than r groups remain. */
static double smallest_sum(const struct ent *e, size_t n, size_t q, int r,
                           const int *grp, int *mark, int stamp)
{
    double sum = 0;
    int got = 0;
    for (size_t t = q; t < n && got < r; t++) {
        int g = grp[e[t].pat];
        if (mark[g] == stamp)
            continue;
        mark[g] = stamp;
        sum += e[t].coef;
        got++;
    }
    return got < r ? INFINITY : sum;
}

/* Valid inequalities implied by one weekly-hours row (R9) of a staff
 * member: sum a_t y_t <= cap, each column t being one session of that
 * week (a pattern has at most one date per ISO week, and G_g allows one
 * column per (service, site) group).  The LP relaxation of the knapsack
 * alone lets a part-time animatrice run 3.3 sessions a week; these rows
 * take that away.  With items sorted by length a:
 *   extended covers  for r = 2 .. K+1, q_r the first item such that any r
 *                    items of distinct groups from q_r on exceed cap:
 *                    sum_{t >= q_r} y_t <= r - 1   (r = K+1: at most K
 *                    sessions, K = how many of the shortest fit);
 *   pairs            for each length v <= cap/2, J = {a_j > cap - v}:
 *                    sum_{a_i = v} y_i + K_v sum_J y_j <= K_v,
 *                    K_v = min(K, number of sessions of length v).
 * They are rows of the model, so --write-lp includes them; they cut no
 * plan that obeys the weekly row and G_g. */
static enum status weekly_cuts(struct ctx *x, struct ent *v, size_t n,
                               double cap, int who, int wk, struct diag *err)
{
    if (n < 2)
        return STATUS_OK;
    struct ent *e = malloc(n * sizeof *e);
    if (!e)
        return nomem(err);
    memcpy(e, v, n * sizeof *e);
    qsort(e, n, sizeof *e, coef_cmp);
    char name[64];
    int *mark = x->mark;
    int K = 0;
    while (smallest_sum(e, n, 0, K + 1, x->grp, mark, ++x->stamp) <= cap)
        K++;
    for (int r = K + 1; r >= 2; r--) {
        /* Binary search: the smallest-r sum only grows with q. */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            double sm = smallest_sum(e, n, mid, r, x->grp, mark, ++x->stamp);
            if (sm > cap && isfinite(sm))
                hi = mid;
            else
                lo = mid + 1;
        }
        size_t q = lo;
        if (q >= n || n - q <= (size_t)(r - 1) ||
            !isfinite(smallest_sum(e, n, q, r, x->grp, mark, ++x->stamp)))
            continue;
        snprintf(name, sizeof name, "SWK_%d_%d_%d", who, wk, r - 1);
        row_new(x, name, GLP_UP, 0.0, r - 1);
        for (size_t t = q; t < n; t++)
            if (!mat_push(&x->mt, e[t].col, 1.0))
                goto oom;
    }
    for (size_t q = 0; q < n && e[q].coef <= cap / 2 + 1e-9;) {
        size_t r = q;
        while (r < n && fabs(e[r].coef - e[q].coef) <= 1e-9)
            r++;
        /* J: sessions that cannot share the week with one of length v. */
        size_t j0 = n;
        while (j0 > 0 && e[j0 - 1].coef > cap - e[q].coef + 1e-9)
            j0--;
        if (j0 < n && j0 >= r) {
            int kv = (int)(r - q) < K ? (int)(r - q) : K;
            if (kv < 1)
                kv = 1;
            snprintf(name, sizeof name, "SWP_%d_%d_%zu", who, wk, q);
            row_new(x, name, GLP_UP, 0.0, kv);
            for (size_t t = q; t < r; t++)
                if (!mat_push(&x->mt, e[t].col, 1.0))
                    goto oom;
            for (size_t t = j0; t < n; t++)
                if (!mat_push(&x->mt, e[t].col, kv))
                    goto oom;
        }
        q = r;
    }
    free(e);
    return STATUS_OK;
oom:
    free(e);
    return nomem(err);
}

static enum status build_rows(struct ctx *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    char name[64];

    x->grp = calloc(in->n_pats + 1, sizeof *x->grp);
    x->mark = calloc(in->n_groups + 1, sizeof *x->mark);
    if (!x->grp || !x->mark)
        return nomem(err);
    for (size_t g = 0; g < in->n_groups; g++)
        for (size_t p = in->groups[g].first;
             p < in->groups[g].first + in->groups[g].count; p++)
            x->grp[p] = (int)g;

    /* G_g and FD_g. */
    for (size_t g = 0; g < in->n_groups; g++) {
        const struct plan_group *gr = &in->groups[g];
        snprintf(name, sizeof name, "G_%d_%d", gr->service, gr->site);
        row_new(x, name, GLP_UP, 0.0, 1.0);
        for (size_t p = gr->first; p < gr->first + gr->count; p++)
            for (size_t t = in->pats[p].team_first;
                 t < in->pats[p].team_first + in->pats[p].n_teams; t++)
                if (!mat_push(&x->mt, x->c.y0 + (int)t, 1.0))
                    return nomem(err);
        snprintf(name, sizeof name, "FD_%d_%d", gr->service, gr->site);
        row_new(x, name, GLP_FX, 0.0, 0.0);
        if (!mat_push(&x->mt, x->c.fcol[g], 1.0))
            return nomem(err);
        for (size_t p = gr->first; p < gr->first + gr->count; p++)
            for (size_t t = in->pats[p].team_first;
                 t < in->pats[p].team_first + in->pats[p].n_teams; t++)
                if (!mat_push(&x->mt, x->c.y0 + (int)t, -in->pats[p].freq))
                    return nomem(err);
    }
    /* MAXS_s. */
    for (size_t s = 0; s < m->n_services; s++) {
        int lim = m->services[s].max_sites;
        size_t ng = 0;
        for (size_t g = 0; g < in->n_groups; g++)
            if (in->groups[g].service == (int)s)
                ng++;
        if (lim <= 0 || ng <= (size_t)lim)
            continue;
        snprintf(name, sizeof name, "MAXS_%zu", s);
        row_new(x, name, GLP_UP, 0.0, lim);
        for (size_t t = 0; t < in->n_teams; t++)
            if (in->pats[in->teams[t].pattern].service == (int)s)
                if (!mat_push(&x->mt, x->c.y0 + (int)t, 1.0))
                    return nomem(err);
    }
    /* AC_sc: u_sc <= sum of F_g of groups of s near c. */
    for (size_t s = 0; s < m->n_services; s++)
        for (size_t c = 0; c < nc; c++) {
            int u = x->c.ucol[s * nc + c];
            if (!u)
                continue;
            snprintf(name, sizeof name, "AC_%zu_%zu", s, c);
            row_new(x, name, GLP_UP, 0.0, 0.0);
            if (!mat_push(&x->mt, u, 1.0))
                return nomem(err);
            for (size_t g = 0; g < in->n_groups; g++) {
                const struct plan_group *gr = &in->groups[g];
                if (gr->service != (int)s)
                    continue;
                size_t ix = (size_t)gr->service * m->n_sites + (size_t)gr->site;
                for (int q = 0; q < in->n_near[ix]; q++)
                    if (in->near[ix][q] == (int)c)
                        if (!mat_push(&x->mt, x->c.fcol[g], -1.0))
                            return nomem(err);
            }
        }
    /* EQ_sq. */
    for (size_t s = 0; s < m->n_services; s++) {
        if (!x->c.ecol[s])
            continue;
        for (int q = 0; q < in->n_eq; q++) {
            double tot = 0;
            for (size_t c = 0; c < nc; c++)
                if (in->eq_of[c] == q)
                    tot += in->pop[s * nc + c];
            if (tot <= 0)
                continue;
            snprintf(name, sizeof name, "EQ_%zu_%d", s, q);
            row_new(x, name, GLP_UP, 0.0, 0.0);
            if (!mat_push(&x->mt, x->c.ecol[s], 1.0))
                return nomem(err);
            for (size_t c = 0; c < nc; c++)
                if (in->eq_of[c] == q && x->c.ucol[s * nc + c])
                    if (!mat_push(&x->mt, x->c.ucol[s * nc + c],
                                  -in->pop[s * nc + c] / tot))
                        return nomem(err);
        }
    }
    /* VH_p. */
    for (size_t p = 0; p < in->n_pats; p++) {
        const struct plan_pattern *pt = &in->pats[p];
        if (!x->c.vfirst[p])
            continue;
        snprintf(name, sizeof name, "VH_%zu", p);
        row_new(x, name, GLP_FX, 0.0, 0.0);
        for (int j = 0; j < pt->n_vehicles; j++)
            if (!mat_push(&x->mt, x->c.vfirst[p] + j, 1.0))
                return nomem(err);
        for (size_t t = pt->team_first; t < pt->team_first + pt->n_teams; t++)
            if (!mat_push(&x->mt, x->c.y0 + (int)t, -1.0))
                return nomem(err);
    }
    /* RQ_r. */
    for (size_t r = 0; r < in->n_reqs; r++) {
        const struct plan_req *rq = &in->reqs[r];
        snprintf(name, sizeof name, "RQ_%d_%zu", rq->target, r);
        row_new(x, name, GLP_LO, rq->required, 0.0);
        if (!mat_push(&x->mt, x->c.wcol[r], 1.0))
            return nomem(err);
        for (size_t p = 0; p < in->n_pats; p++) {
            const struct plan_pattern *pt = &in->pats[p];
            if (!plan_pattern_in_scope(in, pt, rq->target))
                continue;
            int n = plan_pattern_count(pt, rq->first_day, rq->last_day);
            if (!n)
                continue;
            for (size_t t = pt->team_first; t < pt->team_first + pt->n_teams; t++)
                if (!mat_push(&x->mt, x->c.y0 + (int)t, n))
                    return nomem(err);
        }
    }

    /* Staff, vehicle and site half-day rows. */
    struct ents se = {0}, ve = {0}, ke = {0}, we = {0};
    enum status st = STATUS_OK;
    uint64_t nd = (uint64_t)in->n_days;
    for (size_t t = 0; t < in->n_teams && st == STATUS_OK; t++) {
        const struct plan_team *tm = &in->teams[t];
        const struct plan_pattern *pt = &in->pats[tm->pattern];
        const struct model_service *sv = &m->services[pt->service];
        int col = x->c.y0 + (int)t;
        for (int q = 0; q < tm->n && st == STATUS_OK; q++) {
            int i = tm->staff[q];
            double rt = in->staff_site_min[(size_t)i * m->n_sites + (size_t)pt->site];
            int lastw = -1;
            int cnt = 0;
            for (int d = 0; d < pt->n_dates; d++) {
                uint64_t k = (uint64_t)i * nd + (uint64_t)(pt->dates[d] - in->first);
                for (int h = 0; h < 2; h++)
                    if (pt->halves & (1u << h))
                        if (!ents_push(&se, (k << 1) | (uint64_t)h, col,
                                       (int)tm->pattern, rt))
                            st = nomem(err);
                int w = plan_week_of(in, pt->dates[d]);
                if (w != lastw && cnt) {
                    if (!ents_push(&we, (uint64_t)i * (uint64_t)in->n_weeks +
                                            (uint64_t)lastw,
                                   col, (int)tm->pattern,
                                   cnt * (model_service_onsite_minutes(sv) + rt)))
                        st = nomem(err);
                    cnt = 0;
                }
                lastw = w;
                cnt++;
            }
            if (cnt && !ents_push(&we, (uint64_t)i * (uint64_t)in->n_weeks +
                                           (uint64_t)lastw,
                                  col, (int)tm->pattern,
                                  cnt * (model_service_onsite_minutes(sv) + rt)))
                st = nomem(err);
        }
        for (int d = 0; d < pt->n_dates && st == STATUS_OK; d++) {
            uint64_t k = (uint64_t)pt->site * nd + (uint64_t)(pt->dates[d] - in->first);
            for (int h = 0; h < 2; h++)
                if (pt->halves & (1u << h))
                    if (!ents_push(&ke, (k << 1) | (uint64_t)h, col,
                                   (int)tm->pattern, 0))
                        st = nomem(err);
        }
    }
    for (size_t p = 0; p < in->n_pats && st == STATUS_OK; p++) {
        const struct plan_pattern *pt = &in->pats[p];
        for (int j = 0; j < pt->n_vehicles && x->c.vfirst[p]; j++)
            for (int d = 0; d < pt->n_dates; d++) {
                uint64_t k = (uint64_t)pt->vehicles[j] * nd +
                             (uint64_t)(pt->dates[d] - in->first);
                for (int h = 0; h < 2; h++)
                    if (pt->halves & (1u << h))
                        if (!ents_push(&ve, (k << 1) | (uint64_t)h,
                                       x->c.vfirst[p] + j, (int)p, 0))
                            st = nomem(err);
            }
    }
    if (st == STATUS_OK)
        st = emit_half_rows(x, &se, "SH", true, err);
    if (st == STATUS_OK)
        st = emit_half_rows(x, &ve, "VA", false, err);
    /* Weekly hours. */
    if (st == STATUS_OK && we.n) {
        qsort(we.v, we.n, sizeof *we.v, ent_cmp);
        for (size_t i = 0; i < we.n && st == STATUS_OK;) {
            size_t j = i;
            double sum = 0;
            while (j < we.n && we.v[j].key == we.v[i].key)
                sum += we.v[j++].coef;
            int who = (int)(we.v[i].key / (uint64_t)in->n_weeks);
            int wk = (int)(we.v[i].key % (uint64_t)in->n_weeks);
            double lim = m->staff[who].weekly_minutes;
            if (sum > lim) {
                snprintf(name, sizeof name, "SW_%d_%d", who, wk);
                row_new(x, name, GLP_UP, 0.0, lim);
                for (size_t q = i; q < j; q++)
                    if (!mat_push(&x->mt, we.v[q].col, we.v[q].coef))
                        st = nomem(err);
                if (st == STATUS_OK && x->pp->cuts)
                    st = weekly_cuts(x, &we.v[i], j - i, lim, who, wk, err);
            }
            i = j;
        }
    }
    /* Rooms: only where two services could meet. */
    if (st == STATUS_OK && ke.n) {
        qsort(ke.v, ke.n, sizeof *ke.v, ent_cmp);
        for (size_t i = 0; i < ke.n && st == STATUS_OK;) {
            size_t j = i;
            bool mixed = false;
            while (j < ke.n && ke.v[j].key == ke.v[i].key) {
                if (in->pats[ke.v[j].pat].service != in->pats[ke.v[i].pat].service)
                    mixed = true;
                j++;
            }
            if (mixed) {
                uint64_t dk = ke.v[i].key >> 1;
                snprintf(name, sizeof name, "RM_%d_%d_%c",
                         (int)(dk / nd), (int)(dk % nd),
                         (ke.v[i].key & 1) ? 'p' : 'a');
                row_new(x, name, GLP_UP, 0.0, 1.0);
                for (size_t q = i; q < j; q++)
                    if (!mat_push(&x->mt, ke.v[q].col, 1.0))
                        st = nomem(err);
            }
            i = j;
        }
    }
    free(se.v);
    free(ve.v);
    free(ke.v);
    free(we.v);
    return st;
}

static enum status build_cols(struct ctx *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    char name[64];
    x->c.vfirst = calloc(in->n_pats + 1, sizeof(int));
    x->c.fcol = calloc(in->n_groups + 1, sizeof(int));
    x->c.ucol = calloc(m->n_services * nc + 1, sizeof(int));
    x->c.ecol = calloc(m->n_services + 1, sizeof(int));
    x->c.wcol = calloc(in->n_reqs + 1, sizeof(int));
    if (!x->c.vfirst || !x->c.fcol || !x->c.ucol || !x->c.ecol || !x->c.wcol)
        return nomem(err);
    if (in->n_teams + in->n_pats * (m->n_vehicles + 1) > INT_MAX / 4)
        return diag_set(err, STATUS_INVALID, "", 0, 0, NULL,
                        "the model is too large for GLPK (%zu columns)",
                        in->n_teams);
    x->c.y0 = 1;
    for (size_t t = 0; t < in->n_teams; t++) {
        const struct plan_team *tm = &in->teams[t];
        const struct plan_pattern *pt = &in->pats[tm->pattern];
        snprintf(name, sizeof name, "y_%d_%d_%zu_%zu", pt->service, pt->site,
                 tm->pattern, t - pt->team_first);
        col_new(x, name, GLP_BV, GLP_DB, 0, 1, -tm->cost);
    }
    for (size_t p = 0; p < in->n_pats; p++) {
        const struct plan_pattern *pt = &in->pats[p];
        for (int j = 0; j < pt->n_vehicles; j++) {
            snprintf(name, sizeof name, "v_%zu_%d", p, pt->vehicles[j]);
            int cj = col_new(x, name, GLP_BV, GLP_DB, 0, 1,
                             -plan_vehicle_cost(in, p, pt->vehicles[j]));
            if (j == 0)
                x->c.vfirst[p] = cj;
        }
    }
    for (size_t g = 0; g < in->n_groups; g++) {
        snprintf(name, sizeof name, "F_%d_%d", in->groups[g].service,
                 in->groups[g].site);
        x->c.fcol[g] = col_new(x, name, GLP_CV, GLP_LO, 0, 0, 0);
    }
    /* u_sc for communes with an audience that some group reaches. */
    for (size_t g = 0; g < in->n_groups; g++) {
        int s = in->groups[g].service;
        size_t ix = (size_t)s * m->n_sites + (size_t)in->groups[g].site;
        for (int q = 0; q < in->n_near[ix]; q++) {
            int c = in->near[ix][q];
            double a = plan_access_coef(in, s, c);
            if (in->pop[(size_t)s * nc + (size_t)c] <= 0 ||
                x->c.ucol[(size_t)s * nc + (size_t)c])
                continue;
            (void)a;
            x->c.ucol[(size_t)s * nc + (size_t)c] = -1; /* mark */
        }
    }
    for (size_t s = 0; s < m->n_services; s++)
        for (size_t c = 0; c < nc; c++)
            if (x->c.ucol[s * nc + c] == -1) {
                snprintf(name, sizeof name, "u_%zu_%zu", s, c);
                x->c.ucol[s * nc + c] =
                    col_new(x, name, GLP_CV, GLP_DB, 0, 1,
                            plan_access_coef(in, (int)s, (int)c));
            }
    /* e_s when there are two equity groups with an audience. */
    for (size_t s = 0; s < m->n_services; s++) {
        bool any = false;
        for (size_t g = 0; g < in->n_groups; g++)
            if (in->groups[g].service == (int)s)
                any = true;
        int nq = 0;
        for (int q = 0; q < in->n_eq && any; q++) {
            for (size_t c = 0; c < nc; c++)
                if (in->eq_of[c] == q && in->pop[s * nc + c] > 0) {
                    nq++;
                    break;
                }
        }
        double b = plan_equity_coef(in, (int)s);
        if (nq >= 2 && b > 0) {
            snprintf(name, sizeof name, "e_%zu", s);
            x->c.ecol[s] = col_new(x, name, GLP_CV, GLP_DB, 0, 1, b);
        }
    }
    for (size_t r = 0; r < in->n_reqs; r++) {
        snprintf(name, sizeof name, "w_%d_%zu", in->reqs[r].target, r);
        x->c.wcol[r] = col_new(x, name, GLP_CV, GLP_DB, 0,
                               in->reqs[r].required,
                               -m->settings.penalty_unmet);
    }
    x->c.n = glp_get_num_cols(x->lp);
    return STATUS_OK;
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
    for (size_t r = 0; r < in->n_reqs; r++) {
        const struct plan_req *rq = &in->reqs[r];
        int cnt = 0;
        for (size_t q = 0; q < n; q++) {
            const struct plan_pattern *pt = &in->pats[in->teams[ch[q].team].pattern];
            if (plan_pattern_in_scope(in, pt, rq->target))
                cnt += plan_pattern_count(pt, rq->first_day, rq->last_day);
        }
        v[pl->wcol[r]] = cnt >= rq->required ? 0.0 : rq->required - cnt;
    }
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
    struct ctx x = {0};
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
    enum status st = build_cols(&x, err);
    if (st == STATUS_OK)
        st = build_rows(&x, err);
    if (st == STATUS_OK) {
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
    pl->n_cols = glp_get_num_cols(x.lp);
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
