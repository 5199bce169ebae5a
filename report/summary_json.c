/* summary_json.c -- the plan summary as JSON (summary.json), for tools and
 * the scenario comparison: the same figures as the text (summary_figures.c),
 * one function per part.  Keys and units: docs/output-formats.md. */
#include <math.h>
#include <stdlib.h>

#include "report_int.h"

static void json_solver(const struct model_plan *p, const struct plan_result *r,
                        FILE *out)
{
    fprintf(out, "  \"solver\": {\"status\": ");
    report_json_string(out, p->solver_status);
    report_json_field(out, "objective", p->objective);
    report_json_field(out, "bound", p->bound);
    report_json_field(out, "gap", p->gap);
    report_json_field(out, "seconds", p->seconds);
    fprintf(out, ", \"time_limit_hit\": %s", p->time_limit_hit ? "true" : "false");
    if (r) {
        report_json_field(out, "first_feasible_s",
                   r->first_feasible_s >= 0 ? r->first_feasible_s : NAN);
        report_json_field(out, "lp_bound", r->lp_bound);
        fprintf(out, ", \"patterns\": %zu, \"rows\": %zu, \"columns\": %zu",
                r->n_patterns, r->n_rows, r->n_cols);
        fprintf(out, ", \"parts\": {\"access\": %.10g", r->parts.access);
        report_json_field(out, "equity", r->parts.equity);
        report_json_field(out, "cost_hours", r->parts.cost_hours);
        report_json_field(out, "cost_km", r->parts.cost_km);
        report_json_field(out, "penalty", r->parts.penalty);
        fprintf(out, "}");
    }
    fprintf(out, "},\n");
}

static void json_services(const struct model *m, const struct summary_figures *f,
                          FILE *out)
{
    size_t nk = m->n_sectors;
    fprintf(out, "  \"sessions\": %d,\n  \"services\": [", f->total);
    for (size_t s = 0; s < m->n_services; s++) {
        fprintf(out, "%s\n    {\"id\": ", s ? "," : "");
        report_json_string(out, m->services[s].id);
        fprintf(out, ", \"sessions\": %d, \"communes_served\": %d",
                f->svc_sessions[s], f->svc_communes[s]);
        report_json_field(out, "target_population", f->svc_pop[s]);
        report_json_field(out, "target_population_served", f->svc_reach[s]);
        report_json_field(out, "share_served", summary_share(f->svc_reach[s], f->svc_pop[s]));
        fprintf(out, ", \"sectors\": {");
        for (size_t k = 0; k < nk; k++) {
            fprintf(out, "%s", k ? ", " : "");
            report_json_string(out, m->sectors[k]);
            fprintf(out, ": %.10g",
                    summary_share(f->sec_reach[s * nk + k], f->sec_pop[s * nk + k]));
        }
        fprintf(out, "}}");
    }
    fprintf(out, "\n  ],\n");
}

static void json_communes_staff(const struct model *m, const struct model_plan *p,
                                const struct summary_figures *f, FILE *out)
{
    size_t nc = m->n_communes;
    fprintf(out, "  \"communes_served\": %d,\n  \"communes\": [", f->any_served);
    for (size_t c = 0; c < nc; c++) {
        int by = 0;
        for (size_t s = 0; s < m->n_services; s++)
            by += f->served[s * nc + c] > 0;
        fprintf(out, "%s\n    {\"insee\": \"%s\", \"sessions\": %d, "
                "\"served_by_services\": %d}", c ? "," : "", m->communes[c].insee,
                f->commune_sessions[c], by);
    }
    fprintf(out, "\n  ],\n  \"staff\": [");
    for (size_t j = 0; j < m->n_staff; j++) {
        fprintf(out, "%s\n    {\"id\": ", j ? "," : "");
        report_json_string(out, m->staff[j].id);
        report_json_field(out, "hours_planned", f->staff_minutes[j] / 60);
        report_json_field(out, "hours_driving", f->staff_drive[j] / 60);
        report_json_field(out, "hours_contract",
                   m->staff[j].weekly_minutes * summary_weeks(p) / 60);
        fprintf(out, "}");
    }
    fprintf(out, "\n  ],\n  \"km_driven\": %.10g", f->km);
    fprintf(out, ",\n  \"vehicle_days\": %d,\n", f->vehicle_days);
}

static void json_target(const struct model *m, const struct model_plan *p,
                        const struct model_target *g, FILE *out)
{
    struct summary_period per[24];
    size_t n = summary_target_periods(m, p, g, per);
    fprintf(out, "{\"service\": ");
    report_json_string(out, m->services[g->service].id);
    fprintf(out, ", \"scope\": \"%s\", \"where\": ",
            g->scope == SCOPE_TERRITORY ? "territory" :
            g->scope == SCOPE_SECTOR ? "sector" : "commune");
    report_json_string(out, g->scope == SCOPE_COMMUNE && g->commune >= 0
                         ? m->communes[g->commune].insee : g->where);
    fprintf(out, ", \"per\": \"%s\", \"min_sessions\": %d, \"periods\": [",
            summary_period_word(g->period), g->min_sessions);
    for (size_t i = 0; i < n; i++) {
        char a[11], b[11];
        model_date_iso(per[i].first, a);
        model_date_iso(per[i].last, b);
        fprintf(out, "%s{\"start\": \"%s\", \"end\": \"%s\", \"planned\": %d, "
                "\"required\": %d}", i ? ", " : "", a, b, per[i].planned,
                per[i].required);
    }
    fprintf(out, "], \"met\": %s, \"label\": ",
            summary_periods_met(per, n, NULL, NULL) ? "true" : "false");
    report_json_string(out, g->label);
    fprintf(out, "}");
}

enum status summary_write_json(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err)
{
    struct summary_figures f;
    enum status st = summary_figures_compute(m, p, &f, err);
    if (st != STATUS_OK)
        return st;
    char d0[11], d1[11];
    model_date_iso(p->horizon_start, d0);
    model_date_iso(p->horizon_end, d1);
    fprintf(out, "{\n  \"territory\": ");
    report_json_string(out, m->settings.name);
    fprintf(out, ",\n  \"horizon\": {\"start\": \"%s\", \"end\": \"%s\"},\n", d0, d1);
    json_solver(p, r, out);
    json_services(m, &f, out);
    json_communes_staff(m, p, &f, out);
    summary_runs_json(m, p, r, out);
    fprintf(out, "  \"targets\": [");
    for (size_t t = 0; t < m->n_targets; t++) {
        fprintf(out, "%s\n    ", t ? "," : "");
        json_target(m, p, &m->targets[t], out);
    }
    fprintf(out, "\n  ],\n  \"unmet\": [");
    for (size_t i = 0; r && i < r->n_unmet; i++) {
        fprintf(out, "%s\n    ", i ? "," : "");
        report_json_string(out, r->unmet[i].message);
    }
    fprintf(out, "%s]\n}\n", r && r->n_unmet ? "\n  " : "");
    summary_figures_free(&f);
    return STATUS_OK;
}
