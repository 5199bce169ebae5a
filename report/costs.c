/* costs.c -- what a plan costs in euros over its horizon, and the staff's
 * hours against their real contracts, for the summary and the comparison
 * (docs/output-formats.md, "Costs").
 *
 * Rules, written once here:
 *   - contract hours = contract_etp (staff.csv) x 1 607 h a year x the
 *     horizon's days / 365;
 *   - staff time = the summary's staff hours (on site + route,
 *     summary_figures.c) x the hourly cost (staff.csv hourly_cost, else
 *     settings.csv hourly_cost); a person with neither is not priced;
 *   - km = each vehicle's km x its cost_per_km (km in the staff's own
 *     cars have no price in the input);
 *   - vehicles and fixed sites = their yearly_cost x days / 365, for
 *     every vehicle and site that gives one (a scenario with a new fixed
 *     site gives its cost in sites.csv). */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

double report_year_share(const struct model_plan *p)
{
    return (p->horizon_end - p->horizon_start + 1) / 365.0;
}

double report_contract_hours(const struct model *m, size_t j,
                             const struct model_plan *p)
{
    double etp = m->staff[j].contract_etp;
    return etp > 0 ? etp * REPORT_FTE_HOURS_YEAR * report_year_share(p) : -1;
}

double report_hourly_cost(const struct model *m, size_t j)
{
    if (m->staff[j].hourly_cost >= 0)
        return m->staff[j].hourly_cost;
    return m->settings.hourly_cost >= 0 ? m->settings.hourly_cost : -1;
}

void report_costs_free(struct report_costs *c)
{
    if (!c)
        return;
    free(c->employer);
    free(c->employer_hours);
    free(c->employer_euros);
    memset(c, 0, sizeof *c);
}

/* Index of staff j's employer in c (added when new). */
static size_t employer_of(const struct model *m, size_t j, struct report_costs *c)
{
    const char *e = m->staff[j].employer && *m->staff[j].employer
                        ? m->staff[j].employer : "";
    for (size_t k = 0; k < c->n_employers; k++)
        if (!strcmp(c->employer[k], e))
            return k;
    c->employer[c->n_employers] = e;
    return c->n_employers++;
}

static void staff_costs(const struct model *m, const struct summary_figures *f,
                        struct report_costs *c)
{
    for (size_t j = 0; j < m->n_staff; j++) {
        size_t k = employer_of(m, j, c);
        double h = f->staff_minutes[j] / 60, rate = report_hourly_cost(m, j);
        c->employer_hours[k] += h;
        if (rate < 0) {
            c->staff_unpriced++;
            continue;
        }
        c->staff_priced = true;
        c->employer_euros[k] += h * rate;
        c->staff += h * rate;
    }
}

enum status report_costs_compute(const struct model *m, const struct model_plan *p,
                                 const struct summary_figures *f,
                                 struct report_costs *c, struct diag *err)
{
    memset(c, 0, sizeof *c);
    c->employer = calloc(m->n_staff + 1, sizeof *c->employer);
    c->employer_hours = calloc(m->n_staff + 1, sizeof *c->employer_hours);
    c->employer_euros = calloc(m->n_staff + 1, sizeof *c->employer_euros);
    if (!c->employer || !c->employer_hours || !c->employer_euros) {
        report_costs_free(c);
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    staff_costs(m, f, c);
    double share = report_year_share(p);
    for (size_t v = 0; v < m->n_vehicles; v++) {
        c->km += f->vehicle_km[v] * m->vehicles[v].cost_per_km;
        if (m->vehicles[v].yearly_cost >= 0) {
            c->vehicles_priced = true;
            c->vehicles_year += m->vehicles[v].yearly_cost;
        }
    }
    for (size_t s = 0; s < m->n_sites; s++)
        if (m->sites[s].yearly_cost >= 0) {
            c->sites_priced = true;
            c->sites_year += m->sites[s].yearly_cost;
        }
    c->vehicles = c->vehicles_year * share;
    c->sites = c->sites_year * share;
    c->total = c->staff + c->km + c->vehicles + c->sites;
    return STATUS_OK;
}
