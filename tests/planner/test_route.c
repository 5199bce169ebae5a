/* test_route.c -- the minibus-route branch and cut (planner/route_*.c):
 * CVRPLIB instances reach their published optimum, every returned route
 * meets the seats and the ride limit, and the causes of an impossible
 * run are named. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "planner.h"
#include "test_support.h"

static struct plan_route_result *solve_vrp(const char *file, double *optimum)
{
    struct diag err = {0};
    struct plan_route_vrp *v = NULL;
    char rel[128];
    snprintf(rel, sizeof rel, "tests/data/cvrp/%s", file);
    assert_ok(plan_route_read_vrp(test_source_path(rel), &v, &err), &err);
    struct plan_route_problem pb = {.n = v->n, .cost = v->cost,
        .demand = v->demand, .capacity = v->capacity, .vehicles = v->trucks};
    struct plan_route_params pp;
    plan_route_params_init(&pp);
    pp.time_limit_s = 120;
    struct plan_route_result *r = NULL;
    assert_ok(plan_route_solve(&pb, &pp, &r, &err), &err);
    /* every pick-up once, loads within the seats, cost as reported */
    int seen[PLAN_ROUTE_MAX_NODES] = {0};
    double cost = 0;
    for (int k = 0; k < r->n_routes; k++) {
        int load = 0, prev = 0;
        for (int s = r->first[k]; s < r->first[k + 1]; s++) {
            int i = r->stops[s];
            seen[i]++;
            load += v->demand[i];
            cost += v->cost[prev * v->n + i];
            prev = i;
        }
        cost += v->cost[prev * v->n];
        assert_true(load <= v->capacity);
    }
    for (int i = 1; i < v->n; i++)
        assert_int_equal(seen[i], 1);
    assert_true(fabs(cost - r->cost) < 1e-6);
    assert_int_equal(r->n_routes, v->trucks);
    *optimum = v->optimum;
    plan_route_vrp_free(v);
    return r;
}

static void p_n16_k8_reaches_450(void **state)
{
    (void)state;
    double opt;
    struct plan_route_result *r = solve_vrp("P-n16-k8.vrp", &opt);
    assert_int_equal(r->outcome, PLAN_ROUTE_OPTIMAL);
    assert_true(fabs(opt - 450) < 1e-9);
    assert_true(fabs(r->cost - 450) < 1e-6);
    assert_true(isnan(r->savings_cost) || r->savings_cost >= r->cost);
    plan_route_result_free(r);
}

static void e_n22_k4_reaches_375(void **state)
{
    (void)state;
    double opt;
    struct plan_route_result *r = solve_vrp("E-n22-k4.vrp", &opt);
    assert_int_equal(r->outcome, PLAN_ROUTE_OPTIMAL);
    assert_true(fabs(r->cost - 375) < 1e-6);
    assert_true(r->gap == 0);
    plan_route_result_free(r);
}

/* Five pick-ups on a line east of the destination, 10 min apart, one
 * rider each, 8 seats, 2 min at each stop: one route would hold
 * everybody but its first rider would ride 50 + 4 x 2 = 58 min.  With
 * 55 min allowed the solver must split. */
static void line_problem(double *cost, double *time, int *demand)
{
    int n = 6;
    for (int i = 0; i < n; i++) {
        demand[i] = i ? 1 : 0;
        for (int j = 0; j < n; j++) {
            cost[i * n + j] = fabs((double)(i - j)) * 8;
            time[i * n + j] = fabs((double)(i - j)) * 10;
        }
    }
}

static void ride_limit_splits_routes(void **state)
{
    (void)state;
    double cost[36], time[36];
    int demand[6];
    line_problem(cost, time, demand);
    struct plan_route_problem pb = {.n = 6, .cost = cost, .time = time,
        .demand = demand, .capacity = 8, .max_ride = 55, .dwell = 2};
    struct diag err = {0};
    struct plan_route_result *r = NULL;
    assert_ok(plan_route_solve(&pb, NULL, &r, &err), &err);
    assert_int_equal(r->outcome, PLAN_ROUTE_OPTIMAL);
    assert_true(r->n_routes >= 2);
    for (int k = 0; k < r->n_routes; k++)
        assert_true(plan_route_ride(&pb, r->stops + r->first[k],
                                    r->first[k + 1] - r->first[k]) <= 55);
    assert_true(r->n_cuts > 0);
    plan_route_result_free(r);
    pb.max_ride = 0;   /* no limit: one route out and back, 80 km */
    assert_ok(plan_route_solve(&pb, NULL, &r, &err), &err);
    assert_int_equal(r->n_routes, 1);
    assert_true(fabs(r->cost - 80) < 1e-6);
    plan_route_result_free(r);
}

static void impossible_runs_say_why(void **state)
{
    (void)state;
    double cost[36], time[36];
    int demand[6];
    line_problem(cost, time, demand);
    struct plan_route_problem pb = {.n = 6, .cost = cost, .time = time,
        .demand = demand, .capacity = 8, .max_ride = 45};
    struct diag err = {0};
    struct plan_route_result *r = NULL;
    pb.max_ride = 45;   /* pick-up 5 is 50 min away */
    assert_ok(plan_route_solve(&pb, NULL, &r, &err), &err);
    assert_int_equal(r->outcome, PLAN_ROUTE_INFEASIBLE);
    assert_non_null(strstr(r->why, "trajet maximal"));
    plan_route_result_free(r);
    pb.max_ride = 0;
    demand[3] = 9;      /* more riders at one stop than seats */
    assert_ok(plan_route_solve(&pb, NULL, &r, &err), &err);
    assert_int_equal(r->outcome, PLAN_ROUTE_INFEASIBLE);
    assert_non_null(strstr(r->why, "places"));
    plan_route_result_free(r);
    demand[3] = 4;      /* 8 riders, one vehicle of 6 seats */
    pb.capacity = 6;
    pb.max_vehicles = 1;
    assert_ok(plan_route_solve(&pb, NULL, &r, &err), &err);
    assert_int_equal(r->outcome, PLAN_ROUTE_INFEASIBLE);
    assert_non_null(strstr(r->why, "véhicule"));
    plan_route_result_free(r);
}

static void bad_vrp_file_names_line(void **state)
{
    (void)state;
    const char *dir = test_make_tmpdir();
    test_write_file(dir, "bad.vrp", "NAME : x-k1\nDIMENSION : 3\nCAPACITY : 5\n"
                    "NODE_COORD_SECTION\n1 0 0\n2 1\n");
    char path[512];
    snprintf(path, sizeof path, "%s/bad.vrp", dir);
    struct diag err = {0};
    struct plan_route_vrp *v = NULL;
    assert_int_equal(plan_route_read_vrp(path, &v, &err), STATUS_PARSE);
    assert_null(v);
    assert_int_equal(err.line, 6);
    assert_string_equal(err.field, "NODE_COORD_SECTION");
    test_remove_tree(dir);
    plan_route_result_free(NULL);
    plan_route_vrp_free(NULL);
}

/* The bundled Comtal example: one week of January 2027 (term time).
 * Every route keeps the seats, the ride limit and the arrive-by time,
 * has a licensed driver, and no minibus serves two runs at once. */
static void comtal_week_runs_are_routed_or_explained(void **state)
{
    (void)state;
    struct diag_list l;
    diag_list_init(&l);
    struct model *m = NULL;
    assert_int_equal(model_load_dir(test_source_path("examples/comtal-lot-truyere"),
                                    &m, &l), STATUS_OK);
    int first = model_date_to_days((struct model_date){2027, 1, 4});
    struct plan_runs *rs = NULL;
    struct diag err = {0};
    assert_ok(plan_routes(m, NULL, first, first + 6, NULL, NULL, &rs, &err), &err);
    /* Wednesday: Espalion and Bozouls; Friday: Entraygues; Saturday: Bozouls */
    assert_int_equal(rs->n, 4);
    int served = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const struct plan_run *r = &rs->v[i];
        const struct model_transport *t = &m->transports[r->transport];
        print_message("# %s day %d: outcome %d, %d riders, %d vehicles and %d "
                      "drivers free, %d routes, %.1f km, %.3f s %s\n", t->id,
                      r->day, r->outcome, r->riders, r->vehicles_free,
                      r->drivers_free, r->n_routes, r->km, r->seconds, r->why);
        for (int k = 0; k < r->n_routes; k++)
            print_message("#   route %d: %d stops, %d riders, %.1f min ride\n", k,
                          r->routes[k].n_stops, r->routes[k].riders,
                          r->routes[k].longest_ride);
        if (r->outcome != PLAN_ROUTE_OPTIMAL) {
            /* Bozouls: Espalion's run took two of the three minibuses,
             * and its four villages need two within 60 min of ride */
            assert_string_equal(t->id, "aj-bozouls-mer");
            assert_int_equal(r->outcome, PLAN_ROUTE_INFEASIBLE);
            assert_int_equal(r->vehicles_free, 1);
            assert_non_null(strstr(r->why, "il faudrait 2 véhicules"));
            continue;
        }
        served++;
        int riders = 0;
        for (int k = 0; k < r->n_routes; k++) {
            const struct plan_run_route *rt = &r->routes[k];
            riders += rt->riders;
            assert_true(rt->riders <= m->vehicles[rt->vehicle].seats - 1);
            assert_true(rt->longest_ride <= t->max_ride_minutes + 1e-9);
            assert_true(m->staff[rt->driver].licence);
            for (int s = 0; s + 1 < rt->n_stops; s++)
                assert_true(rt->times[s] <= rt->times[s + 1]);
            assert_true(rt->leave <= rt->times[0]);
            assert_true(rt->times[rt->n_stops - 1] <= t->arrive_by);
        }
        assert_int_equal(riders, r->riders);
        assert_true(r->seconds < 5);
    }
    assert_int_equal(served, 3);
    /* the two Wednesday runs share the three minibuses: none twice */
    for (int a = 0; a < rs->v[0].n_routes; a++)
        for (int b = 0; b < rs->v[1].n_routes; b++)
            assert_int_not_equal(rs->v[0].routes[a].vehicle, rs->v[1].routes[b].vehicle);
    plan_runs_free(rs);
    model_free(m);
    diag_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(p_n16_k8_reaches_450),
        cmocka_unit_test(e_n22_k4_reaches_375),
        cmocka_unit_test(ride_limit_splits_routes),
        cmocka_unit_test(impossible_runs_say_why),
        cmocka_unit_test(bad_vrp_file_names_line),
        cmocka_unit_test(comtal_week_runs_are_routed_or_explained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
