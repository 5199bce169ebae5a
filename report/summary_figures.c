/* summary_figures.c -- the figures of the plan summary a coordinator and an
 * élu read, computed by one function for its two writers (summary_text.c and
 * summary_json.c, through report_int.h).
 *
 * Computed from the model and the plan's sessions only (the solver's
 * own figures are reported as such, in the "solver" part): sessions per
 * service, commune and sector; communes served; the share of each
 * service's target population within its travel time of a session,
 * overall and per sector, and the worst-served communes; staff hours
 * planned against contract; km driven and vehicle days; each target and
 * whether it is met; the unmet requirements with the solver's reasons.
 *
 * Definitions (docs/output-formats.md, "summary"):
 *   - a commune is served by a service when one of the service's
 *     confirmed sessions is at a site in the commune or within
 *     travel_max_minutes of its centre (model_rule_serves, the solver's
 *     rule; travel from model_travel_between);
 *   - staff hours = on-site minutes (set-up + session + pack-up) plus the
 *     day route base -> sessions in start order -> base;
 *   - km driven: per day, each vehicle's route through its sessions, and
 *     each staff member's route through the sessions without a vehicle
 *     (a team in a vehicle rides together);
 *   - targets are counted as docs/rules.md says (months at least half
 *     inside the horizon; yearly minimums prorated to the horizon).
 * The same definitions are re-implemented in tests/cli/check_summary.py,
 * which recomputes these figures from sessions.csv and the territory. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* ---- shared computations -------------------------------------------- */

static double travel_minutes(const struct model *m, int commune, int site)
{
    const struct model_site *s = &m->sites[site];
    const struct model_commune *c = &m->communes[commune];
    double km, min;
    model_travel_between(m, commune, c->lat, c->lon, s->commune, s->lat, s->lon,
                         &km, &min);
    return min;
}

static bool confirmed(const struct model_session *x)
{
    return x->status == SESSION_CONFIRMED && x->service >= 0 && x->site >= 0;
}

/* served[s * n_communes + c]: sessions of s reachable from c. */
static int *served_counts(const struct model *m, const struct model_plan *p)
{
    size_t nc = m->n_communes;
    int *served = calloc(m->n_services * nc + 1, sizeof *served);
    if (!served)
        return NULL;
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *x = &p->sessions[i];
        if (!confirmed(x))
            continue;
        const struct model_service *s = &m->services[x->service];
        int sc = m->sites[x->site].commune;
        for (size_t c = 0; c < nc; c++)
            if (model_rule_serves(s, sc, (int)c, travel_minutes(m, (int)c, x->site)))
                served[x->service * nc + c]++;
    }
    return served;
}

/* One person's or vehicle's day: on-site minutes and route. */
struct day_route {
    double onsite, drive_min, km;
};

static void route_of(const struct model *m, const struct model_plan *p, int day,
                     int staff, int vehicle, bool only_without_vehicle,
                     struct day_route *r)
{
    memset(r, 0, sizeof *r);
    int cur_commune;
    double cur_lat, cur_lon;
    if (staff >= 0) {
        cur_commune = m->staff[staff].base_commune;
        cur_lat = m->staff[staff].base_lat;
        cur_lon = m->staff[staff].base_lon;
    } else {
        cur_commune = m->vehicles[vehicle].base_commune;
        cur_lat = m->vehicles[vehicle].base_lat;
        cur_lon = m->vehicles[vehicle].base_lon;
    }
    int base_commune = cur_commune;
    double base_lat = cur_lat, base_lon = cur_lon;
    bool any = false;
    /* Sessions are sorted by (day, start): the route follows that order. */
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *x = &p->sessions[i];
        if (!confirmed(x) || x->day != day)
            continue;
        bool mine = false;
        if (staff >= 0) {
            for (int k = 0; k < x->n_staff; k++)
                if (x->staff[k] == staff)
                    mine = true;
            if (only_without_vehicle && x->vehicle >= 0)
                mine = false;
        } else {
            mine = x->vehicle == vehicle;
        }
        if (!mine)
            continue;
        const struct model_site *s = &m->sites[x->site];
        double km, min;
        model_travel_between(m, cur_commune, cur_lat, cur_lon, s->commune, s->lat,
                             s->lon, &km, &min);
        r->km += km;
        r->drive_min += min;
        r->onsite += model_service_onsite_minutes(&m->services[x->service]);
        cur_commune = s->commune;
        cur_lat = s->lat;
        cur_lon = s->lon;
        any = true;
    }
    if (any) {
        double km, min;
        model_travel_between(m, cur_commune, cur_lat, cur_lon, base_commune,
                             base_lat, base_lon, &km, &min);
        r->km += km;
        r->drive_min += min;
    }
}

/* Sessions a target counts in [first, last]. */
static int target_count(const struct model *m, const struct model_plan *p,
                        const struct model_target *g, int first, int last)
{
    int n = 0;
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *x = &p->sessions[i];
        if (!confirmed(x) || x->service != g->service || x->day < first ||
            x->day > last)
            continue;
        n += model_rule_in_scope(m, g, x->site);
    }
    return n;
}


/* The periods of a target over the horizon (docs/rules.md). */
size_t summary_target_periods(const struct model *m, const struct model_plan *p,
                             const struct model_target *g,
                             struct summary_period out[24])
{
    int h0 = p->horizon_start, h1 = p->horizon_end;
    size_t n = 0;
    if (g->period == PER_MONTH) {
        struct model_date d = model_date_from_days(h0);
        d.day = 1;
        for (int k = 0; k < 24; k++) {
            int first = model_date_to_days(d);
            if (first > h1)
                break;
            struct model_date next = d;
            next.month++;
            if (next.month > 12) {
                next.month = 1;
                next.year++;
            }
            int last = model_date_to_days(next) - 1;
            int in0 = first < h0 ? h0 : first, in1 = last > h1 ? h1 : last;
            if (2 * (in1 - in0 + 1) >= last - first + 1) {
                out[n].first = in0;
                out[n].last = in1;
                out[n].required = g->min_sessions;
                n++;
            }
            d = next;
        }
    } else {
        out[0].first = h0;
        out[0].last = h1;
        out[0].required = g->period == PER_YEAR
            ? (int)ceil(g->min_sessions * (h1 - h0 + 1) / 365.0 - 1e-9)
            : g->min_sessions;
        n = 1;
    }
    for (size_t i = 0; i < n; i++)
        out[i].planned = target_count(m, p, g, out[i].first, out[i].last);
    return n;
}

bool summary_periods_met(const struct summary_period *per, size_t n,
                         int *planned, int *required)
{
    bool met = true;
    int pl = 0, rq = 0;
    for (size_t i = 0; i < n; i++) {
        pl += per[i].planned;
        rq += per[i].required;
        if (per[i].planned < per[i].required)
            met = false;
    }
    if (planned)
        *planned = pl;
    if (required)
        *required = rq;
    return met;
}

const char *summary_period_word(enum model_period p)
{
    return p == PER_MONTH ? "month" : p == PER_YEAR ? "year" : "quarter";
}

/* ---- figures, one computation for both writers ------------------------ */

void summary_figures_free(struct summary_figures *f)
{
    free(f->served);
    free(f->svc_sessions);
    free(f->svc_communes);
    free(f->svc_pop);
    free(f->svc_reach);
    free(f->sec_pop);
    free(f->sec_reach);
    free(f->commune_sessions);
    free(f->sector_sessions);
    free(f->staff_minutes);
    free(f->staff_drive);
    free(f->vehicle_km);
    free(f->sec_sessions);
}

enum status summary_figures_compute(const struct model *m, const struct model_plan *p,
                                   struct summary_figures *f, struct diag *err)
{
    size_t nc = m->n_communes, ns = m->n_services, nk = m->n_sectors;
    memset(f, 0, sizeof *f);
    f->served = served_counts(m, p);
    f->svc_sessions = calloc(ns + 1, sizeof(int));
    f->svc_communes = calloc(ns + 1, sizeof(int));
    f->svc_pop = calloc(ns + 1, sizeof(double));
    f->svc_reach = calloc(ns + 1, sizeof(double));
    f->sec_pop = calloc(ns * nk + 1, sizeof(double));
    f->sec_reach = calloc(ns * nk + 1, sizeof(double));
    f->commune_sessions = calloc(nc + 1, sizeof(int));
    f->sector_sessions = calloc(nk + 1, sizeof(int));
    f->staff_minutes = calloc(m->n_staff + 1, sizeof(double));
    f->staff_drive = calloc(m->n_staff + 1, sizeof(double));
    f->vehicle_km = calloc(m->n_vehicles + 1, sizeof(double));
    f->sec_sessions = calloc(ns * nk + 1, sizeof(int));
    if (!f->vehicle_km || !f->sec_sessions || !f->served || !f->svc_sessions || !f->svc_communes || !f->svc_pop ||
        !f->svc_reach || !f->sec_pop || !f->sec_reach || !f->commune_sessions ||
        !f->sector_sessions || !f->staff_minutes || !f->staff_drive) {
        summary_figures_free(f);
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *x = &p->sessions[i];
        if (!confirmed(x))
            continue;
        int c = m->sites[x->site].commune;
        f->total++;
        f->svc_sessions[x->service]++;
        f->commune_sessions[c]++;
        int k = model_find_sector(m, m->communes[c].sector);
        if (k >= 0) {
            f->sector_sessions[k]++;
            f->sec_sessions[x->service * nk + k]++;
        }
    }
    for (size_t s = 0; s < ns; s++)
        for (size_t c = 0; c < nc; c++) {
            double w = model_rule_audience(m, (int)s, (int)c);
            bool yes = f->served[s * nc + c] > 0;
            int k = model_find_sector(m, m->communes[c].sector);
            f->svc_pop[s] += w;
            if (k >= 0)
                f->sec_pop[s * nk + k] += w;
            if (yes) {
                f->svc_reach[s] += w;
                f->svc_communes[s]++;
                if (k >= 0)
                    f->sec_reach[s * nk + k] += w;
            }
        }
    for (size_t c = 0; c < nc; c++) {
        bool yes = false;
        for (size_t s = 0; s < ns; s++)
            if (f->served[s * nc + c])
                yes = true;
        f->any_served += yes;
    }
    for (size_t j = 0; j < m->n_staff; j++)
        for (int d = p->horizon_start; d <= p->horizon_end; d++) {
            struct day_route dr;
            route_of(m, p, d, (int)j, -1, false, &dr);
            f->staff_minutes[j] += dr.onsite + dr.drive_min;
            f->staff_drive[j] += dr.drive_min;
            route_of(m, p, d, (int)j, -1, true, &dr);
            f->km += dr.km;
        }
    for (size_t v = 0; v < m->n_vehicles; v++)
        for (int d = p->horizon_start; d <= p->horizon_end; d++) {
            struct day_route dr;
            route_of(m, p, d, -1, (int)v, false, &dr);
            if (dr.onsite > 0) {
                f->vehicle_days++;
                f->km += dr.km;
                f->vehicle_km[v] += dr.km;
            }
        }
    return STATUS_OK;
}

size_t summary_worst_served(const struct model *m, const struct summary_figures *f,
                            size_t s, int out[3])
{
    const struct model_service *sv = &m->services[s];
    size_t nc = m->n_communes, n = 0;
    while (n < 3) {
        int best = -1;
        double best_w = -1;
        for (size_t c = 0; c < nc; c++) {
            double w = m->communes[c].pop[sv->target];
            bool taken = false;
            for (size_t k = 0; k < n; k++)
                taken = taken || out[k] == (int)c;
            if (f->served[s * nc + c] == 0 && !taken && w > best_w) {
                best_w = w;
                best = (int)c;
            }
        }
        if (best < 0)
            break;
        out[n++] = best;
    }
    return n;
}

double summary_share(double part, double whole)
{
    return whole > 0 ? part / whole : 0;
}

double summary_weeks(const struct model_plan *p)
{
    return (p->horizon_end - p->horizon_start + 1) / 7.0;
}
