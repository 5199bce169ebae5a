/* verify_runs.c -- rule R12 of docs/rules.md: the minibus runs of a plan,
 * re-checked independently of planner/route_*.c (as verify.c does for
 * sessions, and for the same reason: it shares no code with the router
 * nor with models/rules.c; travel figures are data and come from
 * model_travel_between).
 *
 * For each confirmed route: the transport runs that day (its weekday and
 * half-day, its periods, not a public holiday); the vehicle is of the
 * transport's kind, works that half-day and has a seat for every rider
 * after the driver (and the escort); the driver holds a licence and
 * works that half-day; the stops are the transport's own, each at most
 * once a day over all its routes, and every pick-up of a day that has
 * routes is served (nobody left at the bus stop); every leg is long
 * enough for its travel time plus the dwell at the stop, the riders
 * arrive by arrive_by and are set down after leave_at, and no rider sits
 * longer than max_ride, both ways.  A route holds its vehicle and its
 * driver from its departure until it is back (the minibus waits at the
 * site): no other route, no session (on site, set-up to pack-up) and no
 * busy time of theirs may overlap that span.
 *
 * Times in a plan are whole minutes (pick-ups rounded down, drop-offs
 * up), so legs and rides are compared with a tolerance of one minute. */
#include "report_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TOL 1.0

static void say(struct verify_report *r, bool *nomem, const char *uid,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void say(struct verify_report *r, bool *nomem, const char *uid,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!verify_report_vadd(r, RULE_RUN, uid, fmt, ap))
        *nomem = true;
    va_end(ap);
}

struct rctx {
    const struct model *m;
    const struct cal_closures *c;
    const struct model_plan *p;
    struct verify_report *r;
    bool nomem;
};

static double leg(const struct model *m, int from_pickup, int to_pickup, int site)
{
    double km = 0, min = 0;
    const struct model_site *s = &m->sites[site];
    const struct model_pickup *a = from_pickup >= 0 ? &m->pickups[from_pickup] : NULL;
    const struct model_pickup *b = to_pickup >= 0 ? &m->pickups[to_pickup] : NULL;
    model_travel_between(m, a ? a->commune : s->commune, a ? a->lat : s->lat,
                         a ? a->lon : s->lon, b ? b->commune : s->commune,
                         b ? b->lat : s->lat, b ? b->lon : s->lon, &km, &min);
    return min;
}

/* "Place de la mairie (Estaing)": pick-up names repeat across communes. */
struct place { char s[192]; };
static struct place place(const struct model *m, int q)
{
    struct place p;
    const struct model_pickup *k = &m->pickups[q];
    snprintf(p.s, sizeof p.s, "%s (%s)", k->name,
             k->commune >= 0 ? m->communes[k->commune].name : k->id);
    return p;
}

static bool works(uint32_t halfdays, int weekday, int minute)
{
    /* bit 2*weekday: morning, 2*weekday+1: afternoon (models.h) */
    return halfdays >> (2 * weekday + (minute >= 12 * 60)) & 1u;
}

static void check_day(struct rctx *x, const struct model_run *u)
{
    const struct model_transport *t = &x->m->transports[u->transport];
    char d[11];
    model_date_fr(u->day, d);
    int wd = model_date_weekday(u->day);
    if (!works(t->halfdays, wd, t->arrive_by))
        say(x->r, &x->nomem, u->uid, "run of %s on %s: the transport does not run "
            "that day", t->name, d);
    const char *ph = cal_public_holiday_name(u->day);
    if (ph)
        say(x->r, &x->nomem, u->uid, "run of %s on %s, a public holiday (%s)",
            t->name, d, ph);
    if (x->c) {
        bool hol = cal_school_holiday(x->c, u->day) != NULL;
        if (hol ? !t->holidays : !t->term_time)
            say(x->r, &x->nomem, u->uid, "run of %s on %s: the transport does "
                "not run in %s", t->name, d, hol ? "school holidays" : "term time");
    }
}

static void check_fleet(struct rctx *x, const struct model_run *u)
{
    const struct model *m = x->m;
    const struct model_transport *t = &m->transports[u->transport];
    const struct model_vehicle *v = &m->vehicles[u->vehicle];
    const struct model_staff *s = &m->staff[u->driver];
    int wd = model_date_weekday(u->day), riders = 0;
    for (int k = 0; k < u->n_stops; k++)
        riders += m->pickups[u->stop[k]].riders;
    if (strcmp(v->kind, t->vehicle_kind))
        say(x->r, &x->nomem, u->uid, "run of %s: vehicle %s is a %s, the transport "
            "needs a %s", t->name, v->id, v->kind, t->vehicle_kind);
    if (riders > v->seats - 1 - (t->escort ? 1 : 0))
        say(x->r, &x->nomem, u->uid, "run of %s: %d riders in vehicle %s, which has "
            "%d seats with the driver%s", t->name, riders, v->id, v->seats,
            t->escort ? " and the escort" : "");
    if (!works(v->halfdays, wd, t->arrive_by))
        say(x->r, &x->nomem, u->uid, "run of %s: vehicle %s is not available that "
            "day", t->name, v->id);
    if (!s->licence)
        say(x->r, &x->nomem, u->uid, "run of %s: driver %s has no driving licence",
            t->name, s->name);
    if (!works(s->halfdays, wd, t->arrive_by))
        say(x->r, &x->nomem, u->uid, "run of %s: driver %s does not work that day",
            t->name, s->name);
}

/* Legs, arrival, departure of the return, rides. */
static void check_times(struct rctx *x, const struct model_run *u)
{
    const struct model *m = x->m;
    const struct model_transport *t = &m->transports[u->transport];
    int n = u->n_stops;
    double first = u->depart + leg(m, -1, u->stop[0], t->site);
    if (first > u->pick[0] + TOL)
        say(x->r, &x->nomem, u->uid, "run of %s: leaves at %d min, cannot be at the "
            "first stop by its time", t->name, u->depart);
    for (int k = 0; k < n; k++) {
        int next = k + 1 < n ? u->stop[k + 1] : -1;
        double at = u->pick[k] + leg(m, u->stop[k], next, t->site)
                    + (next >= 0 ? t->dwell_minutes : 0);
        double due = next >= 0 ? u->pick[k + 1] : t->arrive_by;
        if (at > due + TOL)
            say(x->r, &x->nomem, u->uid, "run of %s: stop %d (%s) to the next takes "
                "longer than its times allow", t->name, k + 1, place(m, u->stop[k]).s);
        if (t->max_ride_minutes && t->arrive_by - u->pick[k] > t->max_ride_minutes + TOL)
            say(x->r, &x->nomem, u->uid, "run of %s: riders from %s sit %d min, more "
                "than %d", t->name, place(m, u->stop[k]).s,
                t->arrive_by - u->pick[k], t->max_ride_minutes);
        if (t->leave_at < 0)
            continue;
        int prev = k + 1 < n ? u->stop[k + 1] : -1;
        double from = prev >= 0 ? u->drop[k + 1] + t->dwell_minutes : t->leave_at;
        if (from + leg(m, prev, u->stop[k], t->site) > u->drop[k] + TOL)
            say(x->r, &x->nomem, u->uid, "run of %s: the return reaches %s after the "
                "time it gives", t->name, place(m, u->stop[k]).s);
        if (t->max_ride_minutes && u->drop[k] - t->leave_at > t->max_ride_minutes + TOL)
            say(x->r, &x->nomem, u->uid, "run of %s: riders to %s sit %d min on the "
                "return, more than %d", t->name, place(m, u->stop[k]).s,
                u->drop[k] - t->leave_at, t->max_ride_minutes);
    }
    if (t->leave_at >= 0 && u->drop[0] + leg(m, u->stop[0], -1, t->site) > u->back + TOL)
        say(x->r, &x->nomem, u->uid, "run of %s: back at the site earlier than the "
            "return's last leg allows", t->name);
}

/* The span a route holds its vehicle and driver, in day minutes. */
static void span(const struct model *m, const struct model_run *u, long long *a,
                 long long *b)
{
    const struct model_transport *t = &m->transports[u->transport];
    *a = (long long)u->day * 1440 + u->depart;
    *b = (long long)u->day * 1440 + (u->back >= 0 ? u->back : t->arrive_by);
}

static bool session_holds(const struct model_session *s, const struct model_run *u)
{
    bool driver = false;
    for (int k = 0; k < s->n_staff; k++)
        driver |= s->staff[k] == u->driver;
    return driver || (s->vehicle >= 0 && s->vehicle == u->vehicle);
}

static void check_overlaps(struct rctx *x, size_t i)
{
    const struct model *m = x->m;
    const struct model_run *u = &x->p->runs[i];
    long long a, b, c, d;
    span(m, u, &a, &b);
    for (size_t j = 0; j < i; j++) {
        const struct model_run *w = &x->p->runs[j];
        if (w->status != SESSION_CONFIRMED || (w->vehicle != u->vehicle && w->driver != u->driver))
            continue;
        span(m, w, &c, &d);
        if (a < d && c < b)
            say(x->r, &x->nomem, u->uid, "runs %s and %s share vehicle %s or driver "
                "%s at the same time", w->uid, u->uid, m->vehicles[u->vehicle].id,
                m->staff[u->driver].name);
    }
    for (size_t j = 0; j < x->p->n_sessions; j++) {
        const struct model_session *s = &x->p->sessions[j];
        if (s->status != SESSION_CONFIRMED || s->day != u->day || !session_holds(s, u))
            continue;
        const struct model_service *sv = &m->services[s->service];
        c = (long long)s->day * 1440 + s->start - sv->setup;
        d = (long long)s->day * 1440 + s->end + sv->teardown;
        if (a < d && c < b)
            say(x->r, &x->nomem, u->uid, "run %s and session %s need the same vehicle "
                "or person at the same time", u->uid, s->uid);
    }
    for (size_t j = 0; j < m->n_busy; j++) {
        const struct model_busy *z = &m->busy[j];
        bool mine = (z->kind == BUSY_VEHICLE && z->who == u->vehicle)
                    || (z->kind == BUSY_STAFF && z->who == u->driver);
        if (mine && z->start < b && a < z->end)
            say(x->r, &x->nomem, u->uid, "run %s: %s is busy then (%s)", u->uid,
                z->kind == BUSY_VEHICLE ? m->vehicles[u->vehicle].id
                                        : m->staff[u->driver].name,
                z->summary && z->summary[0] ? z->summary : "busy");
    }
}

/* Each pick-up of a day with routes served once, and by its transport. */
static void check_riders(struct rctx *x, size_t i)
{
    const struct model *m = x->m;
    const struct model_run *u = &x->p->runs[i];
    for (size_t j = 0; j < i; j++)
        if (x->p->runs[j].transport == u->transport && x->p->runs[j].day == u->day
            && x->p->runs[j].status == SESSION_CONFIRMED)
            return;   /* the day was checked with its first route */
    for (size_t q = 0; q < m->n_pickups; q++) {
        if (m->pickups[q].transport != u->transport)
            continue;
        int times = 0;
        for (size_t j = i; j < x->p->n_runs; j++) {
            const struct model_run *w = &x->p->runs[j];
            if (w->transport != u->transport || w->day != u->day
                || w->status != SESSION_CONFIRMED)
                continue;
            for (int k = 0; k < w->n_stops; k++)
                times += w->stop[k] == (int)q;
        }
        if (times != 1)
            say(x->r, &x->nomem, u->uid, "run of %s: pick-up %s is served %d times "
                "that day, not once", m->transports[u->transport].name,
                place(m, (int)q).s, times);
    }
}

bool verify_runs(const struct model *m, const struct cal_closures *c,
                 const struct model_plan *p, struct verify_report *r)
{
    struct rctx x = {m, c, p, r, false};
    for (size_t i = 0; i < p->n_runs; i++) {
        const struct model_run *u = &p->runs[i];
        if (u->status != SESSION_CONFIRMED)
            continue;
        r->runs_checked++;
        bool valid = u->transport >= 0 && (size_t)u->transport < m->n_transports
                     && u->vehicle >= 0 && (size_t)u->vehicle < m->n_vehicles
                     && u->driver >= 0 && (size_t)u->driver < m->n_staff && u->n_stops > 0;
        for (int k = 0; valid && k < u->n_stops; k++)
            valid = u->stop[k] >= 0 && (size_t)u->stop[k] < m->n_pickups
                    && m->pickups[u->stop[k]].transport == u->transport;
        if (!valid) {
            say(r, &x.nomem, u->uid, "run %s names a transport, vehicle, driver or "
                "pick-up that is not in the territory", u->uid);
            continue;
        }
        if (p->frozen_through == MODEL_NOT_FROZEN || u->day > p->frozen_through) {
            check_day(&x, u);
            check_fleet(&x, u);
            check_times(&x, u);
        }
        check_overlaps(&x, i);
        check_riders(&x, i);
    }
    return !x.nomem;
}
