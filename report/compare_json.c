/* compare_json.c -- the scenario comparison as JSON, for tools: the same
 * figures as compare.c's text (compare_compute, on summary_figures.c),
 * English keys, one object per scenario and one per difference against
 * the first.  Keys and units: docs/output-formats.md, "Comparison". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

static void json_service(const struct compare_one *c, size_t s, FILE *out)
{
    const struct model *m = c->sc->model;
    const struct model_service *sv = &m->services[s];
    size_t nk = m->n_sectors;
    fprintf(out, "{\"id\": ");
    report_json_string(out, sv->id);
    fprintf(out, ", \"sessions\": %d, \"communes_served\": %d, "
            "\"travel_max_minutes\": %d", c->f.svc_sessions[s],
            c->f.svc_communes[s], sv->travel_max_minutes);
    report_json_field(out, "target_population", c->f.svc_pop[s]);
    report_json_field(out, "target_population_served", c->f.svc_reach[s]);
    report_json_field(out, "share_served", summary_share(c->f.svc_reach[s], c->f.svc_pop[s]));
    fprintf(out, ", \"sectors\": {");
    for (size_t k = 0; k < nk; k++) {
        fprintf(out, "%s", k ? ", " : "");
        report_json_string(out, m->sectors[k]);
        fprintf(out, ": {\"sessions\": %d", c->f.sec_sessions[s * nk + k]);
        report_json_field(out, "share_served", summary_share(c->f.sec_reach[s * nk + k],
                                               c->f.sec_pop[s * nk + k]));
        fprintf(out, "}");
    }
    int worst[3];
    size_t nw = summary_worst_served(m, &c->f, s, worst);
    fprintf(out, "}, \"worst_served\": [");
    for (size_t k = 0; k < nw; k++)
        fprintf(out, "%s\"%s\"", k ? ", " : "", m->communes[worst[k]].insee);
    fprintf(out, "]}");
}

static void json_lists(const struct compare_one *c, FILE *out)
{
    const struct model *m = c->sc->model;
    size_t nc = m->n_communes;
    fprintf(out, ",\n     \"communes_not_served\": [");
    for (size_t i = 0, shown = 0; i < nc; i++) {
        bool yes = false;
        for (size_t s = 0; s < m->n_services; s++)
            yes = yes || c->f.served[s * nc + i] > 0;
        if (!yes)
            fprintf(out, "%s\"%s\"", shown++ ? ", " : "", m->communes[i].insee);
    }
    fprintf(out, "],\n     \"staff\": [");
    for (size_t j = 0; j < m->n_staff; j++) {
        fprintf(out, "%s{\"id\": ", j ? ", " : "");
        report_json_string(out, m->staff[j].id);
        report_json_field(out, "hours_planned", c->f.staff_minutes[j] / 60);
        report_json_field(out, "hours_contract",
            m->staff[j].weekly_minutes * summary_weeks(c->sc->plan) / 60);
        double ch = report_contract_hours(m, j, c->sc->plan);
        report_json_field(out, "hours_contract_etp", ch > 0 ? ch : NAN);
        double rate = report_hourly_cost(m, j);
        report_json_field(out, "hourly_cost", rate >= 0 ? rate : NAN);
        fprintf(out, "}");
    }
    fprintf(out, "],\n     \"vehicles\": [");
    for (size_t v = 0; v < m->n_vehicles; v++) {
        fprintf(out, "%s{\"id\": ", v ? ", " : "");
        report_json_string(out, m->vehicles[v].id);
        report_json_field(out, "km", c->f.vehicle_km[v]);
        report_json_field(out, "cost_per_km", m->vehicles[v].cost_per_km);
        report_json_field(out, "cost_euros", c->f.vehicle_km[v] * m->vehicles[v].cost_per_km);
        fprintf(out, "}");
    }
    fprintf(out, "]");
}

/* Euros over the horizon; null for a part the input does not price. */
static void json_costs(const struct compare_one *c, FILE *out)
{
    const struct report_costs *k = &c->costs;
    double share = report_year_share(c->sc->plan);
    report_json_field(out, "hours_contract_etp", c->contract_etp);
    fprintf(out, ",\n     \"cost\": {\"km_euros\": %.10g", k->km);
    report_json_field(out, "staff_euros", k->staff_priced ? k->staff : NAN);
    report_json_field(out, "vehicles_fixed_euros", k->vehicles_priced ? k->vehicles : NAN);
    report_json_field(out, "sites_fixed_euros", k->sites_priced ? k->sites : NAN);
    report_json_field(out, "total_euros", k->total);
    report_json_field(out, "total_euros_per_year", share > 0 ? k->total / share : 0);
    fprintf(out, ", \"employers\": [");
    for (size_t e = 0; e < k->n_employers; e++) {
        fprintf(out, "%s{\"name\": ", e ? ", " : "");
        report_json_string(out, k->employer[e]);
        report_json_field(out, "hours", k->employer_hours[e]);
        report_json_field(out, "euros", k->staff_priced ? k->employer_euros[e] : NAN);
        fprintf(out, "}");
    }
    fprintf(out, "]}");
}

static void json_scenario(const struct compare_one *c, FILE *out)
{
    const struct model_plan *p = c->sc->plan;
    fprintf(out, "    {\"name\": ");
    report_json_string(out, c->sc->name);
    fprintf(out, ", \"plan\": %lld, \"solver_status\": ", p->id);
    report_json_string(out, p->solver_status);
    fprintf(out, ", \"sessions\": %d, \"communes\": %zu, \"communes_served\": %d",
            c->f.total, c->sc->model->n_communes, c->f.any_served);
    report_json_field(out, "hours_planned", c->hours);
    report_json_field(out, "hours_contract", c->contract);
    report_json_field(out, "km_driven", c->f.km);
    report_json_field(out, "km_vehicles", c->km_vehicles);
    fprintf(out, ", \"vehicle_days\": %d", c->f.vehicle_days);
    json_costs(c, out);
    fprintf(out, ", \"targets_met\": %d, \"targets_unmet\": %d,\n     \"services\": [",
            c->targets_met, c->targets_unmet);
    for (size_t s = 0; s < c->sc->model->n_services; s++) {
        fprintf(out, "%s\n      ", s ? "," : "");
        json_service(c, s, out);
    }
    fprintf(out, "]");
    json_lists(c, out);
    fprintf(out, "}");
}

static void json_diff(const struct compare_one *a, const struct compare_one *b,
                      FILE *out)
{
    fprintf(out, "    {\"scenario\": ");
    report_json_string(out, b->sc->name);
    fprintf(out, ", \"against\": ");
    report_json_string(out, a->sc->name);
    fprintf(out, ", \"sessions\": %d, \"communes_served\": %d",
            b->f.total - a->f.total, b->f.any_served - a->f.any_served);
    report_json_field(out, "hours_planned", b->hours - a->hours);
    report_json_field(out, "km_driven", b->f.km - a->f.km);
    report_json_field(out, "cost_euros", b->costs.total - a->costs.total);
    double share = report_year_share(b->sc->plan);
    report_json_field(out, "cost_euros_per_year",
                      share > 0 ? (b->costs.total - a->costs.total) / share : 0);
    fprintf(out, ", \"targets_unmet\": %d, \"text\": ",
            b->targets_unmet - a->targets_unmet);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        compare_diff_line(a, b, mem);
        fclose(mem);
    }
    report_json_string(out, text ? text : "");
    free(text);
    fprintf(out, "}");
}

enum status compare_write_json(const struct compare_scenario *sc, size_t n,
                               FILE *out, struct diag *err)
{
    struct compare_one *c = NULL;
    enum status st = compare_compute(sc, n, &c, err);
    if (st != STATUS_OK)
        return st;
    char d0[11], d1[11];
    model_date_iso(sc[0].plan->horizon_start, d0);
    model_date_iso(sc[0].plan->horizon_end, d1);
    fprintf(out, "{\n  \"horizon\": {\"start\": \"%s\", \"end\": \"%s\"},\n"
            "  \"scenarios\": [\n", d0, d1);
    for (size_t i = 0; i < n; i++) {
        json_scenario(&c[i], out);
        fprintf(out, "%s\n", i + 1 < n ? "," : "");
    }
    fprintf(out, "  ],\n  \"differences\": [\n");
    for (size_t i = 1; i < n; i++) {
        json_diff(&c[0], &c[i], out);
        fprintf(out, "%s\n", i + 1 < n ? "," : "");
    }
    fprintf(out, "  ]\n}\n");
    compare_free(c, n);
    return STATUS_OK;
}
