/* route_plan.c -- the minibus runs of a horizon: for each transport and
 * each day it runs, which vehicles go, in which order they pick riders
 * up, at what times, who drives (docs/model.md §8).
 *
 * Runs are routed after the sessions are chosen, with what the sessions
 * leave: a vehicle or a driver on a session from an hour before its
 * start to an hour after its end (the travel margin) is not free for a
 * run then.  The sessions' MIP does not trade a session against a run:
 * a run that cannot be served is explained, not bought back.
 *
 * Each run is one plan_route_solve.  A vehicle is free on a run's day
 * when its kind is the transport's, its days include the half-day of
 * arrive_by and no busy time (a loan, a booking) overlaps the run's
 * window [arrive_by - max_ride - 60 min, leave_at + max_ride + 60 min];
 * a driver likewise (staff with a licence).  Capacity is the smallest
 * free vehicle's seats minus the driver (minus the escort), so any free
 * vehicle can take any route.  Times run backwards from arrive_by: the
 * last stop is left so as to arrive on time.  The return leaves the site
 * at leave_at and sets riders down in the reverse order (travel is
 * symmetric, so no ride is longer than on the way there).
 *
 * A run whose transport, capacity and number of usable vehicles are
 * those of an earlier run takes its routes again instead of a new solve:
 * the routes are the same optimum, and the same stops and times week
 * after week are what families can remember. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_int.h"

void plan_runs_free(struct plan_runs *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].routes);
    free(r->v);
    free(r);
}

bool plan_run_unserved(const struct plan_run *r)
{
    return r->riders > 0 && r->n_routes == 0;
}

size_t plan_runs_unserved(const struct plan_runs *rs)
{
    size_t n = 0;
    for (size_t i = 0; rs && i < rs->n; i++)
        n += plan_run_unserved(&rs->v[i]);
    return n;
}

/* Vehicles and drivers already on an earlier run of the horizon. */
struct taken {
    struct model_busy *v;
    size_t n, cap;
};

static bool overlaps(const struct model_busy *y, size_t n, enum model_busy_kind k,
                     int who, long long a, long long b)
{
    for (size_t i = 0; i < n; i++)
        if (y[i].kind == k && y[i].who == who && y[i].start < b && a < y[i].end)
            return true;
    return false;
}

static bool busy(const struct model *m, const struct taken *tk,
                 enum model_busy_kind k, int who, long long a, long long b)
{
    return overlaps(m->busy, m->n_busy, k, who, a, b)
        || overlaps(tk->v, tk->n, k, who, a, b);
}

static bool take(struct taken *tk, enum model_busy_kind k, int who,
                 long long a, long long b)
{
    if (tk->n == tk->cap) {
        size_t cap = tk->cap ? 2 * tk->cap : 16;
        struct model_busy *v = realloc(tk->v, sizeof *v * cap);
        if (!v)
            return false;
        tk->v = v;
        tk->cap = cap;
    }
    tk->v[tk->n++] = (struct model_busy){k, who, a, b, NULL};
    return true;
}

/* Minutes around a session during which its staff and vehicle are not
 * free for a run: the way there and back. */
#define RUN_SESSION_MARGIN 60

static bool take_sessions(struct taken *tk, const struct model_plan *p)
{
    for (size_t i = 0; p && i < p->n_sessions; i++) {
        const struct model_session *s = &p->sessions[i];
        if (s->status == SESSION_CANCELLED)
            continue;
        long long a = (long long)s->day * 1440 + s->start - RUN_SESSION_MARGIN;
        long long b = (long long)s->day * 1440 + s->end + RUN_SESSION_MARGIN;
        for (int k = 0; k < s->n_staff; k++)
            if (!take(tk, BUSY_STAFF, s->staff[k], a, b))
                return false;
        if (s->vehicle >= 0 && !take(tk, BUSY_VEHICLE, s->vehicle, a, b))
            return false;
    }
    return true;
}

/* The window a run holds its vehicles and drivers: conservative, from
 * the earliest possible departure to the return's latest arrival. */
static void window(const struct model_transport *t, int day, long long *a,
                   long long *b)
{
    int end = t->leave_at >= 0 ? t->leave_at : t->arrive_by;
    *a = (long long)day * 1440 + t->arrive_by - t->max_ride_minutes - 60;
    *b = (long long)day * 1440 + end + t->max_ride_minutes + 60;
}

static bool runs_on(const struct model_transport *t,
                    const struct cal_closures *c, int day)
{
    int wd = model_date_weekday(day);
    unsigned half = t->arrive_by < MODEL_NOON ? MODEL_HALF_AM(wd) : MODEL_HALF_PM(wd);
    if (!(t->halfdays & half))
        return false;
    if (c && cal_public_holiday(c, day))
        return false;
    bool hol = c && cal_school_holiday(c, day);
    return hol ? t->holidays : t->term_time;
}

/* Minutes from a base to the run's site: who is nearest drives, and the
 * nearest minibus goes (a staff member based at the site first). */
struct near {
    int who;
    double minutes;
};

static int near_cmp(const void *a, const void *b)
{
    const struct near *x = a, *y = b;
    if (x->minutes != y->minutes)
        return x->minutes < y->minutes ? -1 : 1;
    return x->who - y->who;
}

static double to_site(const struct model *m, int site, int base_site,
                      int base_commune, double lat, double lon)
{
    const struct model_site *s = &m->sites[site];
    double km = 0, mn = 0;
    if (base_site == site)
        return -1;
    if (base_commune < 0)
        return 1e9;
    model_travel_between(m, base_commune, lat, lon, s->commune, s->lat, s->lon, &km, &mn);
    return mn;
}

static void by_distance(const struct model *m, const struct model_transport *t,
                        int *who, int n, bool staff)
{
    struct near v[PLAN_RUN_MAX_STOPS];
    int s = t->site;
    for (int i = 0; i < n; i++) {
        v[i].who = who[i];
        v[i].minutes = staff
            ? to_site(m, s, m->staff[who[i]].base_site, m->staff[who[i]].base_commune,
                      m->staff[who[i]].base_lat, m->staff[who[i]].base_lon)
            : to_site(m, s, m->vehicles[who[i]].base_site,
                      m->vehicles[who[i]].base_commune, m->vehicles[who[i]].base_lat,
                      m->vehicles[who[i]].base_lon);
    }
    qsort(v, (size_t)n, sizeof *v, near_cmp);
    for (int i = 0; i < n; i++)
        who[i] = v[i].who;
}

/* Free vehicles and drivers of the run, nearest first; their count. */
static int free_fleet(const struct model *m, const struct taken *tk,
                      const struct model_transport *t, int day, int *veh,
                      int *drv, int *n_drv, int *min_seats)
{
    int wd = model_date_weekday(day), nv = 0, nd = 0;
    unsigned half = t->arrive_by < MODEL_NOON ? MODEL_HALF_AM(wd) : MODEL_HALF_PM(wd);
    long long a, b;
    window(t, day, &a, &b);
    *min_seats = 0;
    for (size_t i = 0; i < m->n_vehicles && nv < PLAN_RUN_MAX_STOPS; i++) {
        const struct model_vehicle *v = &m->vehicles[i];
        if (strcmp(v->kind, t->vehicle_kind) || !(v->halfdays & half)
            || busy(m, tk, BUSY_VEHICLE, (int)i, a, b))
            continue;
        veh[nv++] = (int)i;
        if (!*min_seats || v->seats < *min_seats)
            *min_seats = v->seats;
    }
    for (size_t i = 0; i < m->n_staff && nd < PLAN_RUN_MAX_STOPS; i++)
        if (m->staff[i].licence && (m->staff[i].halfdays & half)
            && !busy(m, tk, BUSY_STAFF, (int)i, a, b))
            drv[nd++] = (int)i;
    by_distance(m, t, veh, nv, false);
    by_distance(m, t, drv, nd, true);
    *n_drv = nd;
    return nv;
}

/* Fewest vehicles first, then fewest km: each vehicle (and its driver's
 * afternoon) weighs more than any run's km in a territory. */
#define RUN_VEHICLE_KM 1000.0

struct run_matrix {
    int n, pick[PLAN_RUN_MAX_STOPS + 1];   /* node -> pick-up index */
    double km[64 * 64], min[64 * 64];
    int demand[64];
};

static void matrix(const struct model *m, int ti, struct run_matrix *x)
{
    const struct model_site *s = &m->sites[m->transports[ti].site];
    x->n = 1;
    x->demand[0] = 0;
    for (size_t j = 0; j < m->n_pickups; j++)
        if (m->pickups[j].transport == ti && x->n < 64) {
            x->pick[x->n] = (int)j;
            x->demand[x->n++] = m->pickups[j].riders;
        }
    for (int i = 0; i < x->n; i++)
        for (int j = 0; j < x->n; j++) {
            const struct model_pickup *p = i ? &m->pickups[x->pick[i]] : NULL;
            const struct model_pickup *q = j ? &m->pickups[x->pick[j]] : NULL;
            double km = 0, mn = 0;
            if (i != j)
                model_travel_between(m, p ? p->commune : s->commune,
                                     p ? p->lat : s->lat, p ? p->lon : s->lon,
                                     q ? q->commune : s->commune,
                                     q ? q->lat : s->lat, q ? q->lon : s->lon,
                                     &km, &mn);
            x->km[i * x->n + j] = km;
            x->min[i * x->n + j] = mn;
        }
}

/* The return: leaves the site at leave_at, sets riders down in the
 * reverse order of their pick-ups. */
static void time_return(const struct run_matrix *x, const struct model_transport *t,
                        const int *nodes, int len, struct plan_run_route *r)
{
    int n = x->n;
    if (t->leave_at < 0) {
        r->ret_back = -1;
        for (int k = 0; k < len; k++)
            r->drops[k] = -1;
        return;
    }
    double at = t->leave_at;
    int prev = 0;
    for (int k = len - 1; k >= 0; k--) {
        at += x->min[prev * n + nodes[k]] + (prev ? t->dwell_minutes : 0);
        r->km += x->km[prev * n + nodes[k]];
        r->drops[k] = (int)ceil(at);
        prev = nodes[k];
    }
    r->km += x->km[prev * n];
    r->ret_back = (int)ceil(at + x->min[prev * n]);
}

/* Times backwards from arrive_by; km and the longest ride. */
static void time_route(const struct run_matrix *x, const struct model_transport *t,
                       const int *nodes, int len, struct plan_run_route *r)
{
    int n = x->n;
    double at = t->arrive_by, ride = 0;
    r->n_stops = len;
    r->km = x->km[nodes[len - 1] * n];
    r->riders = 0;
    for (int k = len - 1; k >= 0; k--) {
        int next = k + 1 < len ? nodes[k + 1] : 0;
        double leg = x->min[nodes[k] * n + next] + (k + 1 < len ? t->dwell_minutes : 0);
        at -= leg;
        ride += leg;
        r->stops[k] = x->pick[nodes[k]];
        r->times[k] = (int)floor(at);
        r->riders += x->demand[nodes[k]];
        if (k + 1 < len)
            r->km += x->km[nodes[k] * n + nodes[k + 1]];
    }
    r->km += x->km[nodes[0]];
    r->longest_ride = ride;
    r->back = t->arrive_by;
    r->leave = (int)floor(at - x->min[nodes[0]]);
    time_return(x, t, nodes, len, r);
}

/* Routes solved so far, by what decides them: a later run with the same
 * transport, capacity and usable vehicles takes them again. */
struct solved {
    int transport, cap, k;
    struct plan_route_result *r;
};
struct memo {
    struct solved *v;
    size_t n, cap;
};

static void memo_free(struct memo *mo)
{
    for (size_t i = 0; i < mo->n; i++)
        plan_route_result_free(mo->v[i].r);
    free(mo->v);
}

static struct plan_route_result *memo_find(const struct memo *mo, int transport,
                                           int cap, int k)
{
    for (size_t i = 0; i < mo->n; i++)
        if (mo->v[i].transport == transport && mo->v[i].cap == cap
            && mo->v[i].k == k)
            return mo->v[i].r;
    return NULL;
}

/* Keeps r (owned from now on, freed on failure too). */
static bool memo_keep(struct memo *mo, int transport, int cap, int k,
                      struct plan_route_result *r)
{
    if (mo->n == mo->cap) {
        size_t c = mo->cap ? 2 * mo->cap : 8;
        struct solved *v = realloc(mo->v, sizeof *v * c);
        if (!v) {
            plan_route_result_free(r);
            return false;
        }
        mo->v = v;
        mo->cap = c;
    }
    mo->v[mo->n++] = (struct solved){transport, cap, k, r};
    return true;
}

static enum status keep_result(const struct run_matrix *x,
                               const struct model_transport *t,
                               const struct plan_route_result *r, const int *veh,
                               const int *drv, struct plan_run *run,
                               struct diag *err)
{
    run->outcome = r->outcome;
    run->time_limit = r->time_limit;
    run->bound = r->bound;
    run->gap = r->gap;
    snprintf(run->why, sizeof run->why, "%s", r->why);
    if (r->outcome != PLAN_ROUTE_OPTIMAL && r->outcome != PLAN_ROUTE_FEASIBLE)
        return STATUS_OK;
    run->routes = calloc((size_t)r->n_routes + 1, sizeof *run->routes);
    if (!run->routes)
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    run->n_routes = r->n_routes;
    run->km = 0;
    for (int k = 0; k < r->n_routes; k++) {
        struct plan_run_route *rt = &run->routes[k];
        time_route(x, t, r->stops + r->first[k], r->first[k + 1] - r->first[k], rt);
        rt->vehicle = veh[k];
        rt->driver = drv[k];
        run->km += rt->km;
    }
    return STATUS_OK;
}

/* Why nobody can ride, in French; "" when a solve may route the run. */
static void why_not(const struct model_transport *t, int nv, int nd, int cap,
                    char *why, size_t size)
{
    if (!nv)
        snprintf(why, size, "aucun véhicule « %s » libre ce jour-là",
                 t->vehicle_kind);
    else if (!nd)
        snprintf(why, size, "aucun chauffeur (permis) libre ce jour-là");
    else if (cap < 1)
        snprintf(why, size, "aucune place pour les passagers (chauffeur%s)",
                 t->escort ? " et accompagnateur" : "");
}

/* A run proven infeasible with its k usable vehicles: how many it would
 * need (the same problem without the limit), said in r->why. */
static enum status how_many_needed(const struct plan_route_problem *pb,
                                   const struct plan_route_params *pp, int k,
                                   struct plan_route_result *r, struct diag *err)
{
    struct plan_route_problem more = *pb;
    more.max_vehicles = 0;
    struct plan_route_result *u = NULL;
    enum status st = plan_route_solve(&more, pp, &u, err);
    if (st == STATUS_OK && (u->outcome == PLAN_ROUTE_OPTIMAL
                            || u->outcome == PLAN_ROUTE_FEASIBLE)
        && u->n_routes > k)
        snprintf(r->why, sizeof r->why, "il faudrait %d véhicules pour respecter "
                 "les places et le trajet maximal de %.0f min ; %d libre%s ce "
                 "jour-là (avec chauffeur)", u->n_routes, pb->max_ride, k,
                 k > 1 ? "s" : "");
    plan_route_result_free(u);
    return st;
}

/* The routes of a run: a new solve, or those of an identical one. */
static enum status route_run(const struct run_matrix *x, struct memo *mo,
                             const struct model_transport *t, struct plan_run *run,
                             int cap, int k, const int *veh, const int *drv,
                             const struct plan_route_params *pp, struct diag *err)
{
    struct plan_route_result *r = memo_find(mo, run->transport, cap, k);
    enum status st = STATUS_OK;
    run->reused = r != NULL;
    if (!r) {
        struct plan_route_problem pb = {.n = x->n, .cost = x->km, .time = x->min,
            .demand = x->demand, .capacity = cap, .max_vehicles = k,
            .max_ride = t->max_ride_minutes, .dwell = t->dwell_minutes,
            .vehicle_cost = RUN_VEHICLE_KM};
        st = plan_route_solve(&pb, pp, &r, err);
        if (st != STATUS_OK)
            return st;
        run->seconds = r->seconds;
        if (r->outcome == PLAN_ROUTE_INFEASIBLE && k > 0)
            st = how_many_needed(&pb, pp, k, r, err);
        if (!memo_keep(mo, run->transport, cap, k, r))
            return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
        if (st != STATUS_OK)
            return st;
    }
    return keep_result(x, t, r, veh, drv, run, err);
}

static enum status solve_one(const struct model *m, struct taken *tk,
                             struct memo *mo, struct plan_run *run,
                             const struct plan_route_params *pp, struct diag *err)
{
    const struct model_transport *t = &m->transports[run->transport];
    struct run_matrix *x = calloc(1, sizeof *x);
    int veh[PLAN_RUN_MAX_STOPS], drv[PLAN_RUN_MAX_STOPS], nd, seats;
    if (!x)
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    matrix(m, run->transport, x);
    int nv = free_fleet(m, tk, t, run->day, veh, drv, &nd, &seats);
    run->vehicles_free = nv;
    run->drivers_free = nd;
    for (int i = 1; i < x->n; i++)
        run->riders += x->demand[i];
    int k = nv < nd ? nv : nd, cap = seats - 1 - (t->escort ? 1 : 0);
    enum status st = STATUS_OK;
    run->outcome = PLAN_ROUTE_INFEASIBLE;
    why_not(t, nv, nd, cap, run->why, sizeof run->why);
    if (x->n < 2)
        run->outcome = PLAN_ROUTE_OPTIMAL;   /* nobody to pick up */
    else if (!run->why[0])
        st = route_run(x, mo, t, run, cap, k, veh, drv, pp, err);
    long long a, b;
    window(t, run->day, &a, &b);
    for (int i = 0; st == STATUS_OK && i < run->n_routes; i++)
        if (!take(tk, BUSY_VEHICLE, run->routes[i].vehicle, a, b)
            || !take(tk, BUSY_STAFF, run->routes[i].driver, a, b))
            st = diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    free(x);
    return st;
}

static enum status add_run(struct plan_runs *rs, size_t *cap, int ti, int d,
                           struct plan_run **out, struct diag *err)
{
    if (rs->n == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        struct plan_run *v = realloc(rs->v, sizeof *v * c);
        if (!v)
            return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
        rs->v = v;
        *cap = c;
    }
    struct plan_run *run = &rs->v[rs->n++];
    memset(run, 0, sizeof *run);
    run->transport = ti;
    run->day = d;
    *out = run;
    return STATUS_OK;
}

enum status plan_routes(const struct model *m, const struct cal_closures *c,
                        int first_day, int last_day,
                        const struct model_plan *sessions,
                        const struct plan_route_params *pp,
                        struct plan_runs **out, struct diag *err)
{
    *out = NULL;
    struct plan_runs *rs = calloc(1, sizeof *rs);
    size_t cap = 0;
    struct taken tk = {0};
    struct memo mo = {0};
    enum status st = rs && take_sessions(&tk, sessions)
                         ? STATUS_OK
                         : diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    /* Day by day, so that a run takes what earlier runs of that day left. */
    for (int d = first_day; st == STATUS_OK && d <= last_day; d++)
        for (size_t ti = 0; st == STATUS_OK && ti < m->n_transports; ti++) {
            struct plan_run *run = NULL;
            if (!runs_on(&m->transports[ti], c, d))
                continue;
            st = add_run(rs, &cap, (int)ti, d, &run, err);
            if (st == STATUS_OK)
                st = solve_one(m, &tk, &mo, run, pp, err);
        }
    free(tk.v);
    memo_free(&mo);
    if (st != STATUS_OK) {
        plan_runs_free(rs);
        rs = NULL;
    }
    *out = rs;
    return st;
}

static void to_run(const struct model *m, const struct plan_run *run, int k,
                   struct model_run *out)
{
    const struct plan_run_route *rt = &run->routes[k];
    memset(out, 0, sizeof *out);
    ics_run_uid(m, run->transport, run->day, k, NULL, out->uid);
    out->transport = run->transport;
    out->day = run->day;
    out->route = k;
    out->vehicle = rt->vehicle;
    out->driver = rt->driver;
    out->depart = rt->leave;
    out->back = rt->ret_back;
    out->riders = rt->riders;
    out->km = rt->km;
    out->n_stops = rt->n_stops;
    for (int i = 0; i < rt->n_stops; i++) {
        out->stop[i] = rt->stops[i];
        out->pick[i] = rt->times[i];
        out->drop[i] = rt->drops[i];
    }
    out->status = SESSION_CONFIRMED;
}

enum status plan_routes_add(const struct model *m, const struct plan_runs *rs,
                            struct model_plan *p, struct diag *err)
{
    for (size_t i = 0; rs && i < rs->n; i++)
        for (int k = 0; k < rs->v[i].n_routes; k++) {
            struct model_run r;
            to_run(m, &rs->v[i], k, &r);
            if (model_plan_add_run(p, &r) != STATUS_OK)
                return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    model_plan_sort(p);
    return STATUS_OK;
}

/* Each run's own time limit: a real run proves in well under a second
 * (bench/RESULTS.md); a pathological one gives its best routes and gap. */
#define RUN_TIME_LIMIT_S 10

enum status plan_route_horizon(const struct model *m, const struct cal_closures *c,
                               const struct model_plan *kept,
                               struct plan_result *r, struct diag *err)
{
    struct model_plan *p = r->plan;
    int first = p->horizon_start;
    if (kept && kept->frozen_through != MODEL_NOT_FROZEN) {
        for (size_t i = 0; i < kept->n_runs; i++) {
            const struct model_run *x = &kept->runs[i];
            if (x->day >= p->horizon_start && x->day <= kept->frozen_through
                && model_plan_add_run(p, x) != STATUS_OK)
                return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        if (kept->frozen_through >= first)
            first = kept->frozen_through + 1;
    }
    struct plan_route_params pp;
    plan_route_params_init(&pp);
    pp.time_limit_s = RUN_TIME_LIMIT_S;
    enum status st = plan_routes(m, c, first, p->horizon_end, p, &pp, &r->runs, err);
    if (st == STATUS_OK)
        st = plan_routes_add(m, r->runs, p, err);
    return st;
}
