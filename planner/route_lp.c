/* route_lp.c -- the textbook single-commodity-flow CVRP model (Gavish and
 * Graves 1978), written as a CPLEX LP file so that glpsol, CBC and HiGHS
 * solve the same instance as plan_route_solve and check its optimum
 * (bench/cvrp.sh).  Arcs x_ij binary, loads f_ij continuous:
 *   sum_j x_ij = 1 = sum_j x_ji      every pick-up i
 *   sum_j x_0j = K                   (or >= ceil(d/Q) when K is free)
 *   sum_j f_ji - sum_j f_ij = d_i    every pick-up i (load picked up)
 *   d_i x_ij <= f_ij <= (Q - d_j) x_ij, f_0j = 0  (f_i0 carries the load home)
 * No ride limit: the benchmark instances have none. */
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>

#include "planner.h"

static void row(glp_prob *lp, int len, const int *ind, const double *val,
                int type, double lo, double up)
{
    int r = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, r, len, ind, val);
    glp_set_row_bnds(lp, r, type, lo, up);
}

static void arc_rows(glp_prob *lp, const struct plan_route_problem *pb,
                     int *ind, double *val)
{
    int n = pb->n, a = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (i == j)
                continue;
            a++;   /* x column 2a-1, f column 2a */
            int q = pb->capacity;
            ind[1] = 2 * a; val[1] = 1;
            ind[2] = 2 * a - 1; val[2] = -(q - (j ? pb->demand[j] : 0));
            if (i == 0)
                val[2] = 0;   /* a vehicle leaves the destination empty */
            row(lp, 2, ind, val, GLP_UP, 0, 0);
            if (i) {
                val[2] = -pb->demand[i];
                row(lp, 2, ind, val, GLP_LO, 0, 0);
            }
        }
}

static int col(int n, int i, int j)   /* the x column of arc (i, j) */
{
    return 2 * (i * (n - 1) + (j < i ? j : j - 1)) + 1;
}

static void node_rows(glp_prob *lp, const struct plan_route_problem *pb,
                      int *ind, double *val, int kmin)
{
    int n = pb->n;
    for (int i = 0; i < n; i++) {
        int len = 0, lf = 0;
        for (int j = 0; j < n; j++)
            if (j != i) {
                ind[++len] = col(n, i, j);
                val[len] = 1;
            }
        if (i == 0 && pb->vehicles > 0)
            row(lp, len, ind, val, GLP_FX, pb->vehicles, pb->vehicles);
        else if (i == 0)
            row(lp, len, ind, val, GLP_LO, kmin, 0);
        else
            row(lp, len, ind, val, GLP_FX, 1, 1);
        if (!i)
            continue;
        len = 0;
        for (int j = 0; j < n; j++)
            if (j != i) {
                ind[++len] = col(n, j, i);
                val[len] = 1;
            }
        row(lp, len, ind, val, GLP_FX, 1, 1);
        for (int j = 0; j < n; j++)
            if (j != i) {
                ind[++lf] = col(n, j, i) + 1;
                val[lf] = 1;
                ind[++lf] = col(n, i, j) + 1;
                val[lf] = -1;
            }
        row(lp, lf, ind, val, GLP_FX, -pb->demand[i], -pb->demand[i]);
    }
}

enum status plan_route_write_lp(const struct plan_route_problem *pb,
                                const char *path, struct diag *err)
{
    int n = pb->n, total = 0;
    if (n < 2 || n > PLAN_ROUTE_MAX_NODES)
        return diag_set(err, STATUS_INVALID, path, 0, 0, "n", "2..%d nodes",
                        PLAN_ROUTE_MAX_NODES);
    for (int i = 1; i < n; i++)
        total += pb->demand[i];
    int *ind = malloc(sizeof(int) * (size_t)(4 * n + 2));
    double *val = malloc(sizeof(double) * (size_t)(4 * n + 2));
    glp_prob *lp = glp_create_prob();
    if (!ind || !val) {
        free(ind);
        free(val);
        glp_delete_prob(lp);
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, 2 * n * (n - 1));
    for (int i = 0, a = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (i != j) {
                a++;
                glp_set_col_kind(lp, 2 * a - 1, GLP_BV);
                glp_set_obj_coef(lp, 2 * a - 1, pb->cost[i * n + j]);
                glp_set_col_bnds(lp, 2 * a, GLP_LO, 0, 0);
            }
    arc_rows(lp, pb, ind, val);
    node_rows(lp, pb, ind, val, (total + pb->capacity - 1) / pb->capacity);
    int bad = glp_write_lp(lp, NULL, path);
    glp_delete_prob(lp);
    free(ind);
    free(val);
    return bad ? diag_set(err, STATUS_IO, path, 0, 0, NULL, "cannot write the LP file")
               : STATUS_OK;
}
