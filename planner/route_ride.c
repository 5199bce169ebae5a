/* route_ride.c -- the routes of an integer point and their ride times.
 *
 * route_extract walks the edges from the destination; plan_route_ride
 * is the worst ride of a route in a given pick-up order; route_sep_integer
 * is the exact separation at integer points (route_sep.c explains the
 * rows): capacity of each route and subtour, then the ride-time
 * infeasible-path cut of each route that is too long. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "route_int.h"

static double tt(const struct plan_route_problem *pb, int i, int j)
{
    return pb->time[i * pb->n + j];
}

double plan_route_ride(const struct plan_route_problem *pb, const int *stops,
                       int len)
{
    if (!pb || !pb->time || len <= 0)
        return 0;
    double t = 0;
    for (int k = 0; k + 1 < len; k++)
        t += tt(pb, stops[k], stops[k + 1]) + pb->dwell;
    return t + tt(pb, stops[len - 1], 0);
}

/* The ride of a route read in its better direction. */
static double best_ride(const struct plan_route_problem *pb, int *stops, int len)
{
    double fwd = plan_route_ride(pb, stops, len);
    for (int a = 0, b = len - 1; a < b; a++, b--) {
        int t = stops[a];
        stops[a] = stops[b];
        stops[b] = t;
    }
    double back = plan_route_ride(pb, stops, len);
    if (fwd < back) {
        for (int a = 0, b = len - 1; a < b; a++, b--) {
            int t = stops[a];
            stops[a] = stops[b];
            stops[b] = t;
        }
        return fwd;
    }
    return back;
}

static int walk(const struct route_graph *g, const double *x, int start,
                uint64_t *done, int *stops)
{
    int n = g->n, len = 0, prev = 0, cur = start;
    for (;;) {
        stops[len++] = cur;
        *done |= UINT64_C(1) << cur;
        if (x[g->edge_of[cur]] > 1.5)   /* x_{0,cur} = 2: out and back */
            break;
        int next = -1;
        for (int j = 0; j < n && next < 0; j++)
            if (j != cur && j != prev && x[g->edge_of[cur * n + j]] > 0.5
                && (j == 0 || !(*done >> j & 1)))
                next = j;
        if (next <= 0)
            break;
        prev = cur;
        cur = next;
    }
    return len;
}

int route_extract(const struct route_graph *g, const double *x, int *stops,
                  int *first, int *n_routes)
{
    uint64_t done = 1;
    int len = 0, nr = 0;
    for (int j = 1; j < g->n; j++) {
        if (done >> j & 1 || x[g->edge_of[j]] < 0.5)
            continue;
        first[nr] = len;
        int k = walk(g, x, j, &done, stops + len);
        best_ride(g->pb, stops + len, k);
        len += k;
        nr++;
    }
    first[nr] = len;
    *n_routes = nr;
    return len;
}

/* The shortest sub-path of the route whose ride bound exceeds the
 * limit, as an infeasible-path cut.  1 added, 0 none, -1 no memory. */
static int ride_cut(const struct route_graph *g, const int *stops, int len,
                    struct route_cuts *out)
{
    const struct plan_route_problem *pb = g->pb;
    for (int k = 2; k <= len; k++)
        for (int a = 0; a + k <= len; a++) {
            double t = pb->dwell * (k - 1);
            for (int i = a; i + 1 < a + k; i++)
                t += tt(pb, stops[i], stops[i + 1]);
            t += fmin(tt(pb, stops[a], 0), tt(pb, stops[a + k - 1], 0));
            if (t <= pb->max_ride + 1e-9)
                continue;
            if (out->len == out->cap) {
                int cap = out->cap ? 2 * out->cap : 16;
                struct route_cut *v = realloc(out->v, sizeof *v * (size_t)cap);
                if (!v)
                    return -1;
                out->v = v;
                out->cap = cap;
            }
            struct route_cut *c = &out->v[out->len++];
            c->len = 0;
            for (int i = a; i + 1 < a + k; i++)
                c->edges[c->len++] = g->edge_of[stops[i] * g->n + stops[i + 1]];
            c->rhs = k - 2;
            return 1;
        }
    return 0;
}

int route_sep_integer(const struct route_graph *g, const double *x,
                      struct route_cuts *out)
{
    int added = route_sep_capacity(g, x, out);
    if (added < 0 || !g->pb->time || g->pb->max_ride <= 0)
        return added;
    int stops[PLAN_ROUTE_MAX_NODES], first[PLAN_ROUTE_MAX_NODES + 1], nr;
    route_extract(g, x, stops, first, &nr);
    for (int r = 0; r < nr; r++) {
        int len = first[r + 1] - first[r];
        if (plan_route_ride(g->pb, stops + first[r], len)
            <= g->pb->max_ride + 1e-9)
            continue;
        int k = ride_cut(g, stops + first[r], len, out);
        if (k < 0)
            return -1;
        added += k;
    }
    return added;
}
