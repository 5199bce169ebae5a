/* route_bnc.c -- one run's minibus routes, solved exactly by GLPK.
 *
 * Two-index vehicle-flow formulation of the symmetric CVRP (Laporte and
 * Nobert 1983; Toth and Vigo, "Vehicle Routing", ch. 3):
 *   min  sum_e c_e x_e
 *   x(delta(i)) = 2            every pick-up i
 *   x(delta(0)) = 2K           K vehicles, or 2 ceil(d/Q) <= . <= 2 Kmax
 *   x(E(S)) <= |S| - r(S)      rounded capacity, lazily (route_sep.c)
 *   x(P) <= |P| - 1            infeasible ride-time paths, lazily
 *   x_e in {0,1}, x_{0j} in {0,1,2} (a one-stop route goes and comes back)
 * The lazy rows are added in glp_intopt's callback at GLP_IROWGEN, on
 * every LP solution; on an integer one the separation is exact, so GLPK
 * only accepts routes that meet every rule.  Clarke-Wright's routes
 * (route_savings.c) are offered once at GLP_IHEUR.  GLPK's simple
 * rounding heuristic is off: it would accept an integer point without
 * asking the callback.  The bound is read at every callback from the
 * best open node, so a stopped search still reports an honest gap. */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "route_int.h"

void plan_route_params_init(struct plan_route_params *pp)
{
    memset(pp, 0, sizeof *pp);
    pp->time_limit_s = 60;
    pp->savings = true;
    pp->glpk_cuts = false;
}

void plan_route_result_free(struct plan_route_result *r)
{
    if (!r)
        return;
    free(r->first);
    free(r->stops);
    free(r);
}

struct bnc {
    struct route_graph g;
    struct route_cuts cuts;
    double *x;                 /* m */
    int heur_stops[PLAN_ROUTE_MAX_NODES], heur_first[PLAN_ROUTE_MAX_NODES + 1];
    int heur_n;                /* routes, -1: none */
    bool heur_given, nomem;
    double hx[PLAN_ROUTE_MAX_NODES * PLAN_ROUTE_MAX_NODES / 2 + 1]; /* 1-based */
    double bound;
    int n_cuts;
};

static void add_rows(glp_tree *tree, struct bnc *b)
{
    glp_prob *lp = glp_ios_get_prob(tree);
    int ind[PLAN_ROUTE_MAX_NODES * PLAN_ROUTE_MAX_NODES / 2 + 1];
    double val[PLAN_ROUTE_MAX_NODES * PLAN_ROUTE_MAX_NODES / 2 + 1];
    for (int k = 0; k < b->cuts.len; k++) {
        const struct route_cut *c = &b->cuts.v[k];
        int r = glp_add_rows(lp, 1);
        for (int t = 0; t < c->len; t++) {
            ind[t + 1] = c->edges[t] + 1;
            val[t + 1] = 1;
        }
        glp_set_mat_row(lp, r, c->len, ind, val);
        glp_set_row_bnds(lp, r, GLP_UP, 0, c->rhs);
    }
    b->n_cuts += b->cuts.len;
}

static void rowgen(glp_tree *tree, struct bnc *b)
{
    glp_prob *lp = glp_ios_get_prob(tree);
    bool integer = true;
    for (int e = 0; e < b->g.m; e++) {
        b->x[e] = glp_get_col_prim(lp, e + 1);
        if (fabs(b->x[e] - floor(b->x[e] + 0.5)) > 1e-6)
            integer = false;
    }
    route_cuts_clear(&b->cuts);
    int k = integer ? route_sep_integer(&b->g, b->x, &b->cuts)
                    : route_sep_capacity(&b->g, b->x, &b->cuts);
    if (k < 0) {
        b->nomem = true;
        glp_ios_terminate(tree);
        return;
    }
    add_rows(tree, b);
}

static void heur(glp_tree *tree, struct bnc *b)
{
    if (b->heur_given || b->heur_n < 0)
        return;
    b->heur_given = true;
    double *x = b->hx + 1;
    memset(b->hx, 0, sizeof b->hx);
    for (int r = 0; r < b->heur_n; r++) {
        const int *s = b->heur_stops + b->heur_first[r];
        int len = b->heur_first[r + 1] - b->heur_first[r];
        x[b->g.edge_of[s[0]]] += 1;
        x[b->g.edge_of[s[len - 1]]] += 1;
        for (int k = 0; k + 1 < len; k++)
            x[b->g.edge_of[s[k] * b->g.n + s[k + 1]]] = 1;
    }
    glp_ios_heur_sol(tree, b->hx);
}

static void callback(glp_tree *tree, void *info)
{
    struct bnc *b = info;
    int best = glp_ios_best_node(tree);
    if (best > 0) {
        double bd = glp_ios_node_bound(tree, best);
        if (bd > b->bound)
            b->bound = bd;
    }
    switch (glp_ios_reason(tree)) {
    case GLP_IROWGEN: rowgen(tree, b); break;
    case GLP_IHEUR: heur(tree, b); break;
    default: break;
    }
}

/* Columns (one per edge) and the degree rows. */
static glp_prob *build(const struct plan_route_problem *pb, const struct bnc *b)
{
    int n = pb->n, m = b->g.m, total = 0;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, m);
    for (int e = 0; e < m; e++) {
        glp_set_col_kind(lp, e + 1, GLP_IV);
        glp_set_col_bnds(lp, e + 1, GLP_DB, 0, b->g.ei[e] == 0 ? 2 : 1);
        /* each route uses two depot-edge units: half the fixed cost each */
        glp_set_obj_coef(lp, e + 1, pb->cost[b->g.ei[e] * n + b->g.ej[e]]
                                    + (b->g.ei[e] == 0 ? pb->vehicle_cost / 2 : 0));
    }
    glp_add_rows(lp, n);
    int ind[PLAN_ROUTE_MAX_NODES];
    double val[PLAN_ROUTE_MAX_NODES];
    for (int i = 0; i < n; i++) {
        int len = 0;
        for (int j = 0; j < n; j++)
            if (j != i) {
                ind[++len] = b->g.edge_of[i * n + j] + 1;
                val[len] = 1;
            }
        glp_set_mat_row(lp, i + 1, len, ind, val);
        if (i)
            glp_set_row_bnds(lp, i + 1, GLP_FX, 2, 2);
        total += pb->demand[i];
    }
    int kmin = (total + pb->capacity - 1) / pb->capacity;
    if (pb->vehicles > 0)
        glp_set_row_bnds(lp, 1, GLP_FX, 2.0 * pb->vehicles, 2.0 * pb->vehicles);
    else if (pb->max_vehicles > kmin)
        glp_set_row_bnds(lp, 1, GLP_DB, 2.0 * kmin, 2.0 * pb->max_vehicles);
    else if (pb->max_vehicles > 0)
        glp_set_row_bnds(lp, 1, GLP_FX, 2.0 * kmin, 2.0 * kmin);
    else
        glp_set_row_bnds(lp, 1, GLP_LO, 2.0 * kmin, 0);
    return lp;
}

static enum status check(const struct plan_route_problem *pb, struct diag *err)
{
    if (pb->n < 2 || pb->n > PLAN_ROUTE_MAX_NODES)
        return diag_set(err, STATUS_INVALID, NULL, 0, 0, "n",
                        "a run has 1 to %d pick-up points, not %d",
                        PLAN_ROUTE_MAX_NODES - 1, pb->n - 1);
    if (!pb->cost || !pb->demand || pb->capacity < 1)
        return diag_set(err, STATUS_INVALID, NULL, 0, 0, "capacity",
                        "a run needs costs, riders and at least one seat");
    for (int i = 1; i < pb->n; i++)
        if (pb->demand[i] < 1)
            return diag_set(err, STATUS_INVALID, NULL, 0, 0, "demand",
                            "pick-up %d has no rider (leave it out)", i);
    return STATUS_OK;
}

/* Causes found without search, in French, for the summary. */
static bool obviously_infeasible(const struct plan_route_problem *pb,
                                 char *why, size_t size)
{
    int total = 0;
    for (int i = 1; i < pb->n; i++) {
        if (pb->demand[i] > pb->capacity) {
            snprintf(why, size, "%d passagers à un seul arrêt pour %d places",
                     pb->demand[i], pb->capacity);
            return true;
        }
        if (pb->time && pb->max_ride > 0
            && pb->time[i * pb->n] > pb->max_ride + 1e-9) {
            snprintf(why, size, "arrêt à %.0f min de la destination, "
                     "trajet maximal %.0f min", pb->time[i * pb->n],
                     pb->max_ride);
            return true;
        }
        total += pb->demand[i];
    }
    int kmax = pb->vehicles > 0 ? pb->vehicles : pb->max_vehicles;
    if (kmax > 0 && total > kmax * pb->capacity) {
        snprintf(why, size, "%d passagers pour %d véhicule(s) de %d places",
                 total, kmax, pb->capacity);
        return true;
    }
    return false;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int run_glpk(glp_prob *lp, const struct plan_route_params *pp,
                    struct bnc *b, double t0)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = pp->verbosity >= 3 ? GLP_MSG_ALL : GLP_MSG_OFF;
    if (glp_simplex(lp, &sp) != 0 || glp_get_status(lp) != GLP_OPT)
        return -1;
    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = pp->verbosity >= 3 ? GLP_MSG_ALL
               : pp->verbosity >= 1 ? GLP_MSG_ON : GLP_MSG_OFF;
    ip.cb_func = callback;
    ip.cb_info = b;
    ip.sr_heur = GLP_OFF;
    ip.presolve = GLP_OFF;
    ip.br_tech = GLP_BR_DTH;
    ip.bt_tech = GLP_BT_BLB;
    if (pp->glpk_cuts) {
        ip.gmi_cuts = ip.mir_cuts = ip.cov_cuts = ip.clq_cuts = GLP_ON;
    }
    if (pp->time_limit_s > 0) {
        double left = pp->time_limit_s - (now_s() - t0);
        ip.tm_lim = left > 0.001 ? (int)(left * 1000) : 1;
    }
    return glp_intopt(lp, &ip);
}

static void read_result(glp_prob *lp, struct bnc *b, struct plan_route_result *r)
{
    for (int e = 0; e < b->g.m; e++)
        b->x[e] = glp_mip_col_val(lp, e + 1);
    route_extract(&b->g, b->x, r->stops, r->first, &r->n_routes);
    r->cost = glp_mip_obj_val(lp);
}

static enum status solve_run(const struct plan_route_problem *pb,
                             const struct plan_route_params *pp, struct bnc *b,
                             struct plan_route_result *r, double t0)
{
    if (pp->savings)
        b->heur_n = route_savings(pb, b->heur_stops, b->heur_first, &b->heur_n)
                  ? b->heur_n : -1;
    if (b->heur_n >= 0)
        r->savings_cost = route_cost(pb, b->heur_stops, b->heur_first, b->heur_n)
                        + pb->vehicle_cost * b->heur_n;
    glp_prob *lp = build(pb, b);
    b->bound = -INFINITY;
    int ret = run_glpk(lp, pp, b, t0);
    int st = glp_mip_status(lp);
    r->n_cuts = b->n_cuts;
    if (ret == GLP_ETMLIM)
        r->time_limit = true;
    if (ret == -1 || b->nomem || (ret != 0 && ret != GLP_ETMLIM)) {
        glp_delete_prob(lp);
        return b->nomem ? STATUS_NOMEM : STATUS_SOLVER;
    }
    if (st == GLP_OPT || st == GLP_FEAS) {
        read_result(lp, b, r);
        r->outcome = st == GLP_OPT && !r->time_limit ? PLAN_ROUTE_OPTIMAL
                                                      : PLAN_ROUTE_FEASIBLE;
        r->bound = r->outcome == PLAN_ROUTE_OPTIMAL ? r->cost
                 : fmin(r->cost, b->bound);
        r->gap = r->cost > 0 ? (r->cost - r->bound) / r->cost : 0;
    } else if (st == GLP_NOFEAS) {
        r->outcome = PLAN_ROUTE_INFEASIBLE;
        snprintf(r->why, sizeof r->why, "aucun ensemble de tournées ne "
                 "respecte les places, le trajet maximal et le nombre de "
                 "véhicules");
    }
    glp_delete_prob(lp);
    return STATUS_OK;
}

enum status plan_route_solve(const struct plan_route_problem *pb,
                             const struct plan_route_params *pp,
                             struct plan_route_result **out, struct diag *err)
{
    struct plan_route_params def;
    if (!pp) {
        plan_route_params_init(&def);
        pp = &def;
    }
    *out = NULL;
    enum status st = check(pb, err);
    if (st != STATUS_OK)
        return st;
    double t0 = now_s();
    struct plan_route_result *r = calloc(1, sizeof *r);
    struct bnc *b = calloc(1, sizeof *b);
    if (!r || !b || route_graph_init(&b->g, pb) < 0
        || !(r->first = calloc((size_t)pb->n + 1, sizeof(int)))
        || !(r->stops = calloc((size_t)pb->n, sizeof(int)))
        || !(b->x = calloc((size_t)b->g.m, sizeof(double)))) {
        st = diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    r->outcome = PLAN_ROUTE_NONE;
    r->savings_cost = NAN;
    r->bound = -INFINITY;
    b->heur_n = -1;
    if (obviously_infeasible(pb, r->why, sizeof r->why))
        r->outcome = PLAN_ROUTE_INFEASIBLE;
    else if ((st = solve_run(pb, pp, b, r, t0)) != STATUS_OK)
        diag_set(err, st, NULL, 0, 0, NULL, "GLPK failed on the routes");
done:
    if (r)
        r->seconds = now_s() - t0;
    if (b) {
        route_graph_free(&b->g);
        route_cuts_free(&b->cuts);
        free(b->x);
        free(b);
    }
    if (st != STATUS_OK) {
        plan_route_result_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}
