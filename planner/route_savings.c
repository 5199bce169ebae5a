/* route_savings.c -- the starting routes of the branch and cut.
 *
 * Clarke and Wright's parallel savings (1964): one route per pick-up,
 * then merge the ends i, j of two routes in decreasing order of
 * s_ij = c_0i + c_0j - c_ij while the load fits the seats and the
 * merged route's worst ride (in its better direction) stays within the
 * limit.  When an exact vehicle count is asked, merging stops there and
 * fails if more routes remain.  Each route is then improved by 2-opt.
 * The routes meet every rule, as glp_ios_heur_sol does not check. */
#include <stdlib.h>
#include <string.h>

#include "route_int.h"

struct saving {
    double s;
    int i, j;
};

static int by_saving(const void *a, const void *b)
{
    const struct saving *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? 1 : -1;
    return x->i != y->i ? x->i - y->i : x->j - y->j;
}

static double c(const struct plan_route_problem *pb, int i, int j)
{
    return pb->cost[i * pb->n + j];
}

double route_cost(const struct plan_route_problem *pb, const int *stops,
                  const int *first, int n_routes)
{
    double t = 0;
    for (int r = 0; r < n_routes; r++) {
        int a = first[r], b = first[r + 1];
        t += c(pb, 0, stops[a]) + c(pb, stops[b - 1], 0);
        for (int k = a; k + 1 < b; k++)
            t += c(pb, stops[k], stops[k + 1]);
    }
    return t;
}

static bool ride_ok(const struct plan_route_problem *pb, const int *s, int len)
{
    if (!pb->time || pb->max_ride <= 0)
        return true;
    int rev[PLAN_ROUTE_MAX_NODES];
    for (int k = 0; k < len; k++)
        rev[k] = s[len - 1 - k];
    return plan_route_ride(pb, s, len) <= pb->max_ride + 1e-9
        || plan_route_ride(pb, rev, len) <= pb->max_ride + 1e-9;
}

/* route[r]: its stops; of[i]: the route of pick-up i. */
struct routes {
    int seq[PLAN_ROUTE_MAX_NODES][PLAN_ROUTE_MAX_NODES];
    int len[PLAN_ROUTE_MAX_NODES], load[PLAN_ROUTE_MAX_NODES];
    int of[PLAN_ROUTE_MAX_NODES];
    int alive;
};

/* Joins route of i (i at its end) and route of j (j at its start). */
static bool try_merge(const struct plan_route_problem *pb, struct routes *R,
                      int i, int j)
{
    int a = R->of[i], b = R->of[j];
    if (a == b || R->load[a] + R->load[b] > pb->capacity)
        return false;
    int tmp[PLAN_ROUTE_MAX_NODES], la = R->len[a], lb = R->len[b];
    /* orient a so that i is last, b so that j is first */
    for (int k = 0; k < la; k++)
        tmp[k] = R->seq[a][R->seq[a][la - 1] == i ? k : la - 1 - k];
    for (int k = 0; k < lb; k++)
        tmp[la + k] = R->seq[b][R->seq[b][0] == j ? k : lb - 1 - k];
    if (tmp[la - 1] != i || tmp[la] != j || !ride_ok(pb, tmp, la + lb))
        return false;
    memcpy(R->seq[a], tmp, sizeof(int) * (size_t)(la + lb));
    R->len[a] = la + lb;
    R->load[a] += R->load[b];
    for (int k = 0; k < lb; k++)
        R->of[R->seq[b][k]] = a;
    R->len[b] = 0;
    R->alive--;
    return true;
}

static bool is_end(const struct routes *R, int i)
{
    int r = R->of[i];
    return R->seq[r][0] == i || R->seq[r][R->len[r] - 1] == i;
}

static void two_opt(const struct plan_route_problem *pb, int *s, int len)
{
    bool better = true;
    while (better) {
        better = false;
        for (int a = 0; a + 1 < len; a++)
            for (int b = a + 1; b < len; b++) {
                int pa = a ? s[a - 1] : 0, nb = b + 1 < len ? s[b + 1] : 0;
                double d = c(pb, pa, s[b]) + c(pb, s[a], nb)
                         - c(pb, pa, s[a]) - c(pb, s[b], nb);
                if (d > -1e-9)
                    continue;
                for (int x = a, y = b; x < y; x++, y--) {
                    int t = s[x];
                    s[x] = s[y];
                    s[y] = t;
                }
                if (ride_ok(pb, s, len)) {
                    better = true;
                    continue;
                }
                for (int x = a, y = b; x < y; x++, y--) {
                    int t = s[x];
                    s[x] = s[y];
                    s[y] = t;
                }
            }
    }
}

static void merge_all(const struct plan_route_problem *pb, struct routes *R)
{
    int n = pb->n, ns = 0;
    struct saving *sv = malloc(sizeof *sv * (size_t)(n * n / 2 + 1));
    if (!sv)
        return;
    for (int i = 1; i < n; i++)
        for (int j = i + 1; j < n; j++)
            sv[ns++] = (struct saving){c(pb, 0, i) + c(pb, 0, j) - c(pb, i, j),
                                       i, j};
    qsort(sv, (size_t)ns, sizeof *sv, by_saving);
    for (int k = 0; k < ns; k++) {
        if (pb->vehicles > 0 && R->alive <= pb->vehicles)
            break;
        int i = sv[k].i, j = sv[k].j;
        if (is_end(R, i) && is_end(R, j))
            try_merge(pb, R, i, j);
    }
    free(sv);
}

bool route_savings(const struct plan_route_problem *pb, int *stops,
                   int *first, int *n_routes)
{
    struct routes *R = calloc(1, sizeof *R);
    if (!R)
        return false;
    int n = pb->n;
    for (int i = 1; i < n; i++) {
        R->seq[i][0] = i;
        R->len[i] = 1;
        R->load[i] = pb->demand[i];
        R->of[i] = i;
    }
    R->alive = n - 1;
    merge_all(pb, R);
    bool ok = (pb->vehicles <= 0 || R->alive == pb->vehicles)
           && (pb->max_vehicles <= 0 || R->alive <= pb->max_vehicles);
    int len = 0, nr = 0;
    for (int r = 1; ok && r < n; r++) {
        if (!R->len[r])
            continue;
        if (R->load[r] > pb->capacity || !ride_ok(pb, R->seq[r], R->len[r]))
            ok = false;
        two_opt(pb, R->seq[r], R->len[r]);
        first[nr++] = len;
        memcpy(stops + len, R->seq[r], sizeof(int) * (size_t)R->len[r]);
        len += R->len[r];
    }
    first[nr] = len;
    *n_routes = nr;
    free(R);
    return ok;
}
