/* route_vrp.c -- bench/cvrp.sh's driver: solves a TSPLIB CVRP file with
 * plan_route_solve (the minibus-route branch and cut) and prints one
 * line, or writes the textbook flow model for the other solvers.
 *   route_vrp FILE.vrp [TIME_LIMIT_S]      -> one result line
 *   route_vrp FILE.vrp --write-lp OUT.lp   -> the model for glpsol/CBC/HiGHS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner.h"

static const char *outcome(enum plan_route_outcome o)
{
    switch (o) {
    case PLAN_ROUTE_OPTIMAL: return "optimal";
    case PLAN_ROUTE_FEASIBLE: return "feasible";
    case PLAN_ROUTE_INFEASIBLE: return "infeasible";
    default: return "none";
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: route_vrp FILE.vrp [SECONDS | --write-lp OUT]\n");
        return 2;
    }
    struct diag err = {0};
    struct plan_route_vrp *v = NULL;
    char msg[800];
    if (plan_route_read_vrp(argv[1], &v, &err) != STATUS_OK) {
        diag_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    struct plan_route_problem pb = {.n = v->n, .cost = v->cost,
        .demand = v->demand, .capacity = v->capacity, .vehicles = v->trucks};
    int rc = 0;
    if (argc > 3 && !strcmp(argv[2], "--write-lp")) {
        if (plan_route_write_lp(&pb, argv[3], &err) != STATUS_OK)
            rc = 1;
    } else {
        struct plan_route_params pp;
        plan_route_params_init(&pp);
        pp.time_limit_s = argc > 2 ? atof(argv[2]) : 600;
        struct plan_route_result *r = NULL;
        if (plan_route_solve(&pb, &pp, &r, &err) != STATUS_OK)
            rc = 1;
        else
            printf("%s n=%d K=%d published=%g outcome=%s cost=%g bound=%g "
                   "gap=%.4f time_limit=%s seconds=%.2f cuts=%d savings=%g\n",
                   v->name, v->n - 1, v->trucks, v->optimum, outcome(r->outcome),
                   r->cost, r->bound, r->gap, r->time_limit ? "yes" : "no",
                   r->seconds, r->n_cuts, r->savings_cost);
        plan_route_result_free(r);
    }
    if (rc) {
        diag_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
    }
    plan_route_vrp_free(v);
    return rc;
}
