/* route_sep.c -- the separators of the minibus-route branch and cut.
 *
 * Two-index formulation (route_bnc.c): x_e for every edge {i, j}, the
 * degree of each pick-up is 2.  For a set S of pick-ups, r(S) =
 * ceil(d(S) / Q) vehicles must enter it, so
 *     x(E(S)) <= |S| - r(S)                (rounded capacity, RCI)
 * which, with r(S) >= 1, is also the subtour elimination row.
 *
 * On a fractional LP point: the connected components of the support
 * graph on the pick-ups (exact for subtours, a heuristic for RCI), then
 * a greedy growth from each pick-up (add the pick-up most linked to S,
 * check after each step), as in Lysgaard's CVRPSEP "greedy shrinking"
 * but simpler.  On an integer point the separation is exact: the
 * components are the routes and subtours, each checked.
 *
 * Ride time (integer points only): a route whose worst ride exceeds the
 * limit contains a shortest infeasible sub-path P = c1..ck.  Any route
 * that holds P consecutively, in either direction, makes the rider
 * picked up first on P ride at least len(P) + dwell (k-1) +
 * min(t(c1,0), t(ck,0)) by the triangle inequality, so x(P) <= k - 2 is
 * valid (an "infeasible path" cut, Ascheuer et al.). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "route_int.h"

#define EPS 1e-6
#define VIOL 1e-4

int route_graph_init(struct route_graph *g, const struct plan_route_problem *pb)
{
    int n = pb->n;
    memset(g, 0, sizeof *g);
    g->pb = pb;
    g->n = n;
    g->m = n * (n - 1) / 2;
    g->ei = malloc(sizeof(int) * (size_t)g->m);
    g->ej = malloc(sizeof(int) * (size_t)g->m);
    g->edge_of = malloc(sizeof(int) * (size_t)(n * n));
    if (!g->ei || !g->ej || !g->edge_of) {
        route_graph_free(g);
        return -1;
    }
    int e = 0;
    for (int i = 0; i < n; i++) {
        g->edge_of[i * n + i] = -1;
        for (int j = i + 1; j < n; j++) {
            g->ei[e] = i;
            g->ej[e] = j;
            g->edge_of[i * n + j] = g->edge_of[j * n + i] = e++;
        }
    }
    return 0;
}

void route_graph_free(struct route_graph *g)
{
    if (!g)
        return;
    free(g->ei);
    free(g->ej);
    free(g->edge_of);
    g->ei = g->ej = g->edge_of = NULL;
}

void route_cuts_clear(struct route_cuts *c)
{
    c->len = 0;
    c->n_seen = 0;
}

void route_cuts_free(struct route_cuts *c)
{
    if (!c)
        return;
    free(c->v);
    free(c->seen);
    memset(c, 0, sizeof *c);
}

static struct route_cut *cut_new(struct route_cuts *c)
{
    if (c->len == c->cap) {
        int cap = c->cap ? 2 * c->cap : 16;
        struct route_cut *v = realloc(c->v, sizeof *v * (size_t)cap);
        if (!v)
            return NULL;
        c->v = v;
        c->cap = cap;
    }
    struct route_cut *k = &c->v[c->len++];
    k->len = 0;
    return k;
}

/* 1: mask already cut in this call, 0: recorded now, -1: no memory. */
static int seen_mask(struct route_cuts *c, uint64_t mask)
{
    for (int i = 0; i < c->n_seen; i++)
        if (c->seen[i] == mask)
            return 1;
    if (c->n_seen == c->cap_seen) {
        int cap = c->cap_seen ? 2 * c->cap_seen : 32;
        uint64_t *v = realloc(c->seen, sizeof *v * (size_t)cap);
        if (!v)
            return -1;
        c->seen = v;
        c->cap_seen = cap;
    }
    c->seen[c->n_seen++] = mask;
    return 0;
}

static int mask_demand(const struct route_graph *g, uint64_t s, int *size)
{
    int d = 0, k = 0;
    for (int i = 1; i < g->n; i++)
        if (s >> i & 1) {
            d += g->pb->demand[i];
            k++;
        }
    *size = k;
    return d;
}

/* Adds x(E(S)) <= |S| - r(S) when x violates it.  1 added, 0 not,
 * -1 no memory. */
static int try_set(const struct route_graph *g, const double *x, uint64_t s,
                   struct route_cuts *out)
{
    int size, d = mask_demand(g, s, &size), q = g->pb->capacity;
    int r = (d + q - 1) / q;
    if (r < 1)
        r = 1;
    double lhs = 0;
    for (int i = 1; i < g->n; i++)
        if (s >> i & 1)
            for (int j = i + 1; j < g->n; j++)
                if (s >> j & 1)
                    lhs += x[g->edge_of[i * g->n + j]];
    if (lhs <= size - r + VIOL)
        return 0;
    int seen = seen_mask(out, s);
    if (seen)
        return seen < 0 ? -1 : 0;
    struct route_cut *k = cut_new(out);
    if (!k)
        return -1;
    for (int i = 1; i < g->n; i++)
        if (s >> i & 1)
            for (int j = i + 1; j < g->n; j++)
                if (s >> j & 1)
                    k->edges[k->len++] = g->edge_of[i * g->n + j];
    k->rhs = size - r;
    return 1;
}

/* Components of the support graph on the pick-ups: comp[i] per node. */
static int components(const struct route_graph *g, const double *x,
                      uint64_t *masks)
{
    int n = g->n, nc = 0, stack[PLAN_ROUTE_MAX_NODES];
    uint64_t done = 1;
    for (int s = 1; s < n; s++) {
        if (done >> s & 1)
            continue;
        uint64_t m = 0;
        int top = 0;
        stack[top++] = s;
        done |= UINT64_C(1) << s;
        while (top) {
            int i = stack[--top];
            m |= UINT64_C(1) << i;
            for (int j = 1; j < n; j++)
                if (!(done >> j & 1) && j != i
                    && x[g->edge_of[i * n + j]] > EPS) {
                    done |= UINT64_C(1) << j;
                    stack[top++] = j;
                }
        }
        masks[nc++] = m;
    }
    return nc;
}

/* Grows S from seed by the pick-up with the largest x(v, S), trying
 * each prefix. */
static int grow(const struct route_graph *g, const double *x, int seed,
                struct route_cuts *out)
{
    int n = g->n, added = 0;
    uint64_t s = UINT64_C(1) << seed;
    double link[PLAN_ROUTE_MAX_NODES] = {0};
    for (int j = 1; j < n; j++)
        if (j != seed)
            link[j] = x[g->edge_of[seed * n + j]];
    for (int size = 1; size < n - 1; size++) {
        int best = -1;
        for (int j = 1; j < n; j++)
            if (!(s >> j & 1) && (best < 0 || link[j] > link[best] + EPS))
                best = j;
        if (best < 0 || link[best] <= EPS)
            break;
        s |= UINT64_C(1) << best;
        for (int j = 1; j < n; j++)
            if (!(s >> j & 1))
                link[j] += x[g->edge_of[best * n + j]];
        int r = try_set(g, x, s, out);
        if (r < 0)
            return -1;
        added += r;
    }
    return added;
}

int route_sep_capacity(const struct route_graph *g, const double *x,
                       struct route_cuts *out)
{
    uint64_t masks[PLAN_ROUTE_MAX_NODES];
    int nc = components(g, x, masks), added = 0;
    for (int c = 0; c < nc; c++) {
        int r = try_set(g, x, masks[c], out);
        if (r < 0)
            return -1;
        added += r;
    }
    for (int s = 1; s < g->n; s++) {
        int r = grow(g, x, s, out);
        if (r < 0)
            return -1;
        added += r;
    }
    return added;
}
