/* summary_runs.c -- the minibus part of the summary (docs/output-formats.md
 * "summary"): per transport, the days served and not served (with the
 * cause in words, each cause once with its dates), riders, km, vehicle
 * hours, ride times and cost.  The figures are computed once here
 * (runs_figures) for the text and the JSON writers; served runs come from
 * the plan (what is saved and published), the causes of unserved days
 * from the solver's result (plan_result.runs), which a hand-edited plan
 * does not have. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

struct transport_figures {
    int days, served_days;      /* days it runs; with every rider routed */
    int routes, riders, riders_unserved;
    double km, vehicle_minutes, ride_sum, ride_worst, cost;
};

/* Minutes a rider picked up at stop k sits in the vehicle (the way there). */
static double ride_of(const struct model *m, const struct model_run *r, int k)
{
    return m->transports[r->transport].arrive_by - r->pick[k];
}

static void add_route(const struct model *m, const struct model_run *r,
                      struct transport_figures *f)
{
    const struct model_transport *t = &m->transports[r->transport];
    f->routes++;
    f->riders += r->riders;
    f->km += r->km;
    double minutes = t->arrive_by - r->depart;
    if (r->back >= 0 && t->leave_at >= 0)
        minutes += r->back - t->leave_at;
    f->vehicle_minutes += minutes;
    for (int k = 0; k < r->n_stops; k++) {
        double ride = ride_of(m, r, k);
        f->ride_sum += ride * m->pickups[r->stop[k]].riders;
        if (ride > f->ride_worst)
            f->ride_worst = ride;
    }
    /* Driver time at the territory's hourly cost, km at the vehicle's. */
    f->cost += r->km * m->vehicles[r->vehicle].cost_per_km
               + minutes / 60.0 * m->settings.weight_cost_hour;
}

/* f[transport] from the plan's confirmed runs and the solver's days. */
static void runs_figures(const struct model *m, const struct model_plan *p,
                         const struct plan_result *r, struct transport_figures *f)
{
    memset(f, 0, sizeof *f * m->n_transports);
    for (size_t i = 0; i < p->n_runs; i++)
        if (p->runs[i].status == SESSION_CONFIRMED)
            add_route(m, &p->runs[i], &f[p->runs[i].transport]);
    for (size_t i = 0; r && r->runs && i < r->runs->n; i++) {
        const struct plan_run *x = &r->runs->v[i];
        struct transport_figures *g = &f[x->transport];
        g->days++;
        if (!plan_run_unserved(x))
            g->served_days++;
        else
            g->riders_unserved += x->riders;
    }
}

/* The dates of transport t's unserved runs with cause why, "6/1, 13/1". */
static void dates_of(const struct plan_runs *rs, int t, const char *why,
                     char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < rs->n && n + 16 < size; i++) {
        const struct plan_run *x = &rs->v[i];
        if (x->transport != t || !plan_run_unserved(x) || strcmp(x->why, why))
            continue;
        struct model_date d = model_date_from_days(x->day);
        n += (size_t)snprintf(buf + n, size - n, "%s%d/%d", n ? ", " : "", d.day,
                              d.month);
    }
}

/* Each cause of transport t's unserved days once, with its dates. */
static void text_unserved(const struct plan_runs *rs, int t, FILE *out)
{
    for (size_t i = 0; i < rs->n; i++) {
        const struct plan_run *x = &rs->v[i];
        if (x->transport != t || !plan_run_unserved(x))
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = rs->v[j].transport == t && plan_run_unserved(&rs->v[j])
                   && !strcmp(rs->v[j].why, x->why);
        if (seen)
            continue;
        char dates[1024];
        dates_of(rs, t, x->why, dates, sizeof dates);
        fprintf(out, "    non assuré le %s : %s (%d passagers sans minibus)\n", dates,
                x->why[0] ? x->why : "aucune tournée trouvée dans le temps imparti",
                x->riders);
    }
}

void summary_runs_text(const struct model *m, const struct model_plan *p,
                       const struct plan_result *r, FILE *out)
{
    if (!m->n_transports)
        return;
    struct transport_figures *f = calloc(m->n_transports, sizeof *f);
    if (!f)
        return;
    runs_figures(m, p, r, f);
    fprintf(out, "\nMinibus :\n");
    for (size_t t = 0; t < m->n_transports; t++) {
        const struct transport_figures *g = &f[t];
        char km[32], h[32], avg[32], cost[32];
        fprintf(out, "  %s : ", m->transports[t].name);
        if (r && r->runs)
            fprintf(out, "%d jours assurés sur %d, ", g->served_days, g->days);
        fprintf(out, "%d tournées, %d passagers transportés", g->routes, g->riders);
        if (g->riders_unserved)
            fprintf(out, ", %d sans minibus", g->riders_unserved);
        fprintf(out, "\n    %s km, %s h de minibus, trajet moyen %s min "
                "(au plus %.0f min), coût %s €\n", text_decimal_fr(km, g->km, 0),
                text_decimal_fr(h, g->vehicle_minutes / 60, 1),
                text_decimal_fr(avg, g->riders ? g->ride_sum / g->riders : 0, 0),
                g->ride_worst, text_decimal_fr(cost, g->cost, 0));
        if (r && r->runs)
            text_unserved(r->runs, (int)t, out);
    }
    free(f);
}

void summary_runs_json(const struct model *m, const struct model_plan *p,
                       const struct plan_result *r, FILE *out)
{
    struct transport_figures *f = calloc(m->n_transports ? m->n_transports : 1, sizeof *f);
    fprintf(out, "  \"transports\": [");
    for (size_t t = 0; f && t < m->n_transports; t++) {
        if (t == 0)
            runs_figures(m, p, r, f);
        const struct transport_figures *g = &f[t];
        fprintf(out, "%s\n    {\"id\": ", t ? "," : "");
        report_json_string(out, m->transports[t].id);
        fprintf(out, ", \"days\": %d, \"days_served\": %d, \"routes\": %d, "
                "\"riders\": %d, \"riders_unserved\": %d, \"km\": %.1f, "
                "\"vehicle_hours\": %.2f, \"ride_minutes_mean\": %.1f, "
                "\"ride_minutes_max\": %.0f, \"cost_eur\": %.2f, \"unserved\": [",
                g->days, g->served_days, g->routes, g->riders, g->riders_unserved,
                g->km, g->vehicle_minutes / 60,
                g->riders ? g->ride_sum / g->riders : 0, g->ride_worst, g->cost);
        bool first = true;
        for (size_t i = 0; r && r->runs && i < r->runs->n; i++) {
            const struct plan_run *x = &r->runs->v[i];
            if (x->transport != (int)t || !plan_run_unserved(x))
                continue;
            char d[11];
            model_date_iso(x->day, d);
            fprintf(out, "%s{\"date\": \"%s\", \"riders\": %d, \"why\": ",
                    first ? "" : ", ", d, x->riders);
            report_json_string(out, x->why);
            fputc('}', out);
            first = false;
        }
        fputs("]}", out);
    }
    fprintf(out, "%s],\n", m->n_transports ? "\n  " : "");
    free(f);
}
