/* route_int.h -- what the minibus-route files of planner/ share
 * (route_bnc.c, route_sep.c, route_savings.c): the edge numbering of
 * the two-index formulation and the cut list the separators fill.
 * Private to planner/; other folders see planner.h only. */
#ifndef PLANNER_ROUTE_INT_H
#define PLANNER_ROUTE_INT_H

#include <stdint.h>

#include "planner.h"

/* Edges {i, j}, i < j, numbered 0..m-1; edge_of[i*n+j] = edge_of[j*n+i]. */
struct route_graph {
    const struct plan_route_problem *pb;
    int n, m;
    int *ei, *ej;          /* m */
    int *edge_of;          /* n*n, -1 on the diagonal */
};

/* One cut: sum of x over edges <= rhs. */
struct route_cut {
    int len;
    int edges[PLAN_ROUTE_MAX_NODES * PLAN_ROUTE_MAX_NODES / 2];
    double rhs;
};

struct route_cuts {
    struct route_cut *v;
    int len, cap;
    uint64_t *seen;        /* node masks of the cuts of this call */
    int n_seen, cap_seen;
};

/* route_sep.c */
int route_graph_init(struct route_graph *g, const struct plan_route_problem *pb);
void route_graph_free(struct route_graph *g);
void route_cuts_clear(struct route_cuts *c);
void route_cuts_free(struct route_cuts *c);
/* Rounded capacity (and subtour) cuts violated by x (m values): the
 * connected components of the support, then a greedy growth from each
 * pick-up.  Returns the number added, -1 when out of memory. */
int route_sep_capacity(const struct route_graph *g, const double *x,
                       struct route_cuts *out);
/* For an integer x: exact.  Every violated capacity or subtour row and
 * every route whose worst ride exceeds the limit.  Returns the number
 * added, -1 when out of memory. */
int route_sep_integer(const struct route_graph *g, const double *x,
                      struct route_cuts *out);
/* Reads the routes of an integer x: stops (n-1) in pick-up order,
 * first (n offsets), *n_routes.  Returns the number of pick-ups on
 * depot routes (n-1 when x has no subtour). */
int route_extract(const struct route_graph *g, const double *x, int *stops,
                  int *first, int *n_routes);

/* route_savings.c: Clarke-Wright's parallel savings (capacity, ride
 * time, vehicle count kept), then 2-opt inside each route.  Fills
 * stops/first/n_routes as route_extract; returns false when it found no
 * routes that meet every rule. */
bool route_savings(const struct plan_route_problem *pb, int *stops,
                   int *first, int *n_routes);
/* The cost of routes given as stops/first. */
double route_cost(const struct plan_route_problem *pb, const int *stops,
                  const int *first, int n_routes);

#endif
