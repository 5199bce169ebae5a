/* summary.c -- the plan summary a coordinator and an élu read.
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
#include <strings.h>

#include "report.h"

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

struct target_period {
    int first, last, planned, required;
};

/* The periods of a target over the horizon (docs/rules.md). */
static size_t target_periods(const struct model *m, const struct model_plan *p,
                             const struct model_target *g,
                             struct target_period out[24])
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

static const char *period_word(enum model_period p)
{
    return p == PER_MONTH ? "month" : p == PER_YEAR ? "year" : "quarter";
}

static void target_scope_text(const struct model *m, const struct model_target *g,
                              char *buf, size_t size)
{
    if (g->scope == SCOPE_TERRITORY)
        snprintf(buf, size, "territory");
    else if (g->scope == SCOPE_SECTOR)
        snprintf(buf, size, "sector %s", g->where);
    else
        snprintf(buf, size, "%s", g->commune >= 0 ? m->communes[g->commune].name
                                                  : g->where);
}

/* ---- figures, computed once for both writers ------------------------ */

struct figures {
    int *served;              /* [service * n_communes + commune] */
    int *svc_sessions;        /* [service] */
    int *svc_communes;        /* [service]: communes served */
    double *svc_pop, *svc_reach;          /* [service] */
    double *sec_pop, *sec_reach;          /* [service * n_sectors + sector] */
    int *commune_sessions;    /* [commune] */
    int *sector_sessions;     /* [sector] */
    double *staff_minutes, *staff_drive;  /* [staff] over the horizon */
    int any_served, total;
    double km;
    int vehicle_days;
};

static void figures_free(struct figures *f)
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
}

static enum status figures_compute(const struct model *m, const struct model_plan *p,
                                   struct figures *f, struct diag *err)
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
    if (!f->served || !f->svc_sessions || !f->svc_communes || !f->svc_pop ||
        !f->svc_reach || !f->sec_pop || !f->sec_reach || !f->commune_sessions ||
        !f->sector_sessions || !f->staff_minutes || !f->staff_drive) {
        figures_free(f);
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
        if (k >= 0)
            f->sector_sessions[k]++;
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
            }
        }
    return STATUS_OK;
}

static double share(double part, double whole)
{
    return whole > 0 ? part / whole : 0;
}

/* ---- text -------------------------------------------------------------- */

static double weeks_in(const struct model_plan *p)
{
    return (p->horizon_end - p->horizon_start + 1) / 7.0;
}

enum status summary_write_text(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err)
{
    struct figures f;
    enum status st = figures_compute(m, p, &f, err);
    if (st != STATUS_OK)
        return st;
    size_t nc = m->n_communes, nk = m->n_sectors;
    char d0[11], d1[11];
    model_date_fr(p->horizon_start, d0);
    model_date_fr(p->horizon_end, d1);
    fprintf(out, "Plan summary -- %s\n", m->settings.name);
    fprintf(out, "Horizon: %s to %s (%.0f weeks)\n\n", d0, d1, weeks_in(p));

    fprintf(out, "Solver: %s", p->solver_status);
    if (isfinite(p->objective))
        fprintf(out, ", objective %.4f", p->objective);
    if (isfinite(p->bound))
        fprintf(out, ", best bound %.4f", p->bound);
    if (isfinite(p->gap))
        fprintf(out, ", gap %.2f %%", 100 * p->gap);
    fprintf(out, ", %.2f s%s\n", p->seconds,
            p->time_limit_hit ? ", TIME LIMIT HIT: not proven optimal" : "");
    if (r)
        fprintf(out, "Objective parts: access %.4f, equity %.4f, staff hours on "
                "the road %.4f, km %.4f, unmet penalty %.4f\n",
                r->parts.access, r->parts.equity, r->parts.cost_hours,
                r->parts.cost_km, r->parts.penalty);

    fprintf(out, "\nSessions: %d\n", f.total);
    for (size_t s = 0; s < m->n_services; s++) {
        const struct model_service *sv = &m->services[s];
        fprintf(out, "  %s (%s): %d sessions; %d of %zu communes within %d min; "
                "%.0f %% of the target population (%s)\n", sv->name, sv->id,
                f.svc_sessions[s], f.svc_communes[s], nc, sv->travel_max_minutes,
                100 * share(f.svc_reach[s], f.svc_pop[s]),
                model_audience_column(sv->target));
        for (size_t k = 0; k < nk; k++) {
            fputs("      sector ", out);
            text_put_padded(out, m->sectors[k], 16);
            fprintf(out, " %3.0f %%\n",
                    100 * share(f.sec_reach[s * nk + k], f.sec_pop[s * nk + k]));
        }
        /* Worst served: the three unserved communes with the most people
         * of the target audience (marked -1 once printed). */
        int shown = 0;
        for (int round = 0; round < 3; round++) {
            int best = -1;
            double best_w = -1;
            for (size_t c = 0; c < nc; c++) {
                double w = m->communes[c].pop[sv->target];
                if (f.served[s * nc + c] == 0 && w > best_w) {
                    best_w = w;
                    best = (int)c;
                }
            }
            if (best < 0)
                break;
            fprintf(out, "%s %s (%.0f)", shown ? "," : "      worst served:",
                    m->communes[best].name, best_w);
            f.served[s * nc + best] = -1;
            shown++;
        }
        if (shown)
            fprintf(out, "\n");
    }

    fprintf(out, "\nCommunes served by at least one service: %d of %zu\n",
            f.any_served, nc);
    fprintf(out, "Sessions per commune:");
    int printed = 0;
    for (size_t c = 0; c < nc; c++)
        if (f.commune_sessions[c])
            fprintf(out, "%s %s %d", printed++ ? "," : "", m->communes[c].name,
                    f.commune_sessions[c]);
    fprintf(out, "%s\n", printed ? "" : " none");
    if (nk) {
        fprintf(out, "Sessions per sector:");
        for (size_t k = 0; k < nk; k++)
            fprintf(out, "%s %s %d", k ? "," : "", m->sectors[k], f.sector_sessions[k]);
        fprintf(out, "\n");
    }

    fprintf(out, "\nStaff hours (on site + driving) against contract:\n");
    for (size_t j = 0; j < m->n_staff; j++) {
        double contract = m->staff[j].weekly_minutes * weeks_in(p);
        fputs("  ", out);
        text_put_padded(out, m->staff[j].name, 24);
        fprintf(out, " %6.1f h of %6.1f h (%3.0f %%), %5.1f h driving\n",
                f.staff_minutes[j] / 60, contract / 60,
                100 * share(f.staff_minutes[j], contract), f.staff_drive[j] / 60);
    }
    fprintf(out, "Km driven: %.0f km; vehicle days: %d\n", f.km, f.vehicle_days);

    fprintf(out, "\nTargets:\n");
    for (size_t t = 0; t < m->n_targets; t++) {
        const struct model_target *g = &m->targets[t];
        struct target_period per[24];
        size_t n = target_periods(m, p, g, per);
        bool met = true;
        int planned = 0, required = 0;
        for (size_t i = 0; i < n; i++) {
            planned += per[i].planned;
            required += per[i].required;
            if (per[i].planned < per[i].required)
                met = false;
        }
        char scope[160];
        target_scope_text(m, g, scope, sizeof scope);
        fprintf(out, "  %s, %s: %d planned, target >= %d per %s",
                m->services[g->service].name, scope, planned, g->min_sessions,
                period_word(g->period));
        if (g->period == PER_MONTH)
            fprintf(out, " (%zu months)", n);
        if (g->period == PER_YEAR)
            fprintf(out, " (%d over this horizon)", required);
        fprintf(out, ": %s%s%s\n", met ? "met" : "UNMET", g->label[0] ? " -- " : "",
                g->label);
    }
    if (r && r->n_unmet) {
        fprintf(out, "\nUnmet requirements:\n");
        for (size_t i = 0; i < r->n_unmet; i++)
            fprintf(out, "  %s\n", r->unmet[i].message);
    }
    figures_free(&f);
    return STATUS_OK;
}

/* ---- JSON --------------------------------------------------------------- */

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* ", "key": number" (null when not finite). */
static void json_field(FILE *out, const char *key, double v)
{
    fprintf(out, ", \"%s\": ", key);
    if (isfinite(v))
        fprintf(out, "%.10g", v);
    else
        fputs("null", out);
}

enum status summary_write_json(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err)
{
    struct figures f;
    enum status st = figures_compute(m, p, &f, err);
    if (st != STATUS_OK)
        return st;
    size_t nc = m->n_communes, nk = m->n_sectors;
    char d0[11], d1[11];
    model_date_iso(p->horizon_start, d0);
    model_date_iso(p->horizon_end, d1);
    fprintf(out, "{\n  \"territory\": ");
    json_string(out, m->settings.name);
    fprintf(out, ",\n  \"horizon\": {\"start\": \"%s\", \"end\": \"%s\"},\n", d0, d1);
    fprintf(out, "  \"solver\": {\"status\": ");
    json_string(out, p->solver_status);
    json_field(out, "objective", p->objective);
    json_field(out, "bound", p->bound);
    json_field(out, "gap", p->gap);
    json_field(out, "seconds", p->seconds);
    fprintf(out, ", \"time_limit_hit\": %s", p->time_limit_hit ? "true" : "false");
    if (r) {
        json_field(out, "first_feasible_s",
                   r->first_feasible_s >= 0 ? r->first_feasible_s : NAN);
        json_field(out, "lp_bound", r->lp_bound);
        fprintf(out, ", \"patterns\": %zu, \"rows\": %zu, \"columns\": %zu",
                r->n_patterns, r->n_rows, r->n_cols);
        fprintf(out, ", \"parts\": {\"access\": %.10g", r->parts.access);
        json_field(out, "equity", r->parts.equity);
        json_field(out, "cost_hours", r->parts.cost_hours);
        json_field(out, "cost_km", r->parts.cost_km);
        json_field(out, "penalty", r->parts.penalty);
        fprintf(out, "}");
    }
    fprintf(out, "},\n  \"sessions\": %d,\n  \"services\": [", f.total);
    for (size_t s = 0; s < m->n_services; s++) {
        fprintf(out, "%s\n    {\"id\": ", s ? "," : "");
        json_string(out, m->services[s].id);
        fprintf(out, ", \"sessions\": %d, \"communes_served\": %d",
                f.svc_sessions[s], f.svc_communes[s]);
        json_field(out, "target_population", f.svc_pop[s]);
        json_field(out, "target_population_served", f.svc_reach[s]);
        json_field(out, "share_served", share(f.svc_reach[s], f.svc_pop[s]));
        fprintf(out, ", \"sectors\": {");
        for (size_t k = 0; k < nk; k++) {
            fprintf(out, "%s", k ? ", " : "");
            json_string(out, m->sectors[k]);
            fprintf(out, ": %.10g",
                    share(f.sec_reach[s * nk + k], f.sec_pop[s * nk + k]));
        }
        fprintf(out, "}}");
    }
    fprintf(out, "\n  ],\n  \"communes_served\": %d,\n  \"communes\": [",
            f.any_served);
    for (size_t c = 0; c < nc; c++) {
        int by = 0;
        for (size_t s = 0; s < m->n_services; s++)
            by += f.served[s * nc + c] > 0;
        fprintf(out, "%s\n    {\"insee\": \"%s\", \"sessions\": %d, "
                "\"served_by_services\": %d}", c ? "," : "", m->communes[c].insee,
                f.commune_sessions[c], by);
    }
    fprintf(out, "\n  ],\n  \"staff\": [");
    for (size_t j = 0; j < m->n_staff; j++) {
        fprintf(out, "%s\n    {\"id\": ", j ? "," : "");
        json_string(out, m->staff[j].id);
        json_field(out, "hours_planned", f.staff_minutes[j] / 60);
        json_field(out, "hours_driving", f.staff_drive[j] / 60);
        json_field(out, "hours_contract", m->staff[j].weekly_minutes * weeks_in(p) / 60);
        fprintf(out, "}");
    }
    fprintf(out, "\n  ],\n  \"km_driven\": %.10g", f.km);
    fprintf(out, ",\n  \"vehicle_days\": %d,\n  \"targets\": [", f.vehicle_days);
    for (size_t t = 0; t < m->n_targets; t++) {
        const struct model_target *g = &m->targets[t];
        struct target_period per[24];
        size_t n = target_periods(m, p, g, per);
        bool met = true;
        fprintf(out, "%s\n    {\"service\": ", t ? "," : "");
        json_string(out, m->services[g->service].id);
        fprintf(out, ", \"scope\": \"%s\", \"where\": ",
                g->scope == SCOPE_TERRITORY ? "territory" :
                g->scope == SCOPE_SECTOR ? "sector" : "commune");
        json_string(out, g->scope == SCOPE_COMMUNE && g->commune >= 0
                             ? m->communes[g->commune].insee : g->where);
        fprintf(out, ", \"per\": \"%s\", \"min_sessions\": %d, \"periods\": [",
                period_word(g->period), g->min_sessions);
        for (size_t i = 0; i < n; i++) {
            char a[11], b[11];
            model_date_iso(per[i].first, a);
            model_date_iso(per[i].last, b);
            fprintf(out, "%s{\"start\": \"%s\", \"end\": \"%s\", \"planned\": %d, "
                    "\"required\": %d}", i ? ", " : "", a, b, per[i].planned,
                    per[i].required);
            if (per[i].planned < per[i].required)
                met = false;
        }
        fprintf(out, "], \"met\": %s, \"label\": ", met ? "true" : "false");
        json_string(out, g->label);
        fprintf(out, "}");
    }
    fprintf(out, "\n  ],\n  \"unmet\": [");
    for (size_t i = 0; r && i < r->n_unmet; i++) {
        fprintf(out, "%s\n    ", i ? "," : "");
        json_string(out, r->unmet[i].message);
    }
    fprintf(out, "%s]\n}\n", r && r->n_unmet ? "\n  " : "");
    figures_free(&f);
    return STATUS_OK;
}
