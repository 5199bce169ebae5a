/* summary_text.c -- the plan summary as text (summary.txt), one function
 * per part: header and solver, sessions and reach per service, communes
 * and sectors, staff hours, targets, unmet requirements.  The figures come
 * from summary_figures.c, shared with the JSON writer (summary_json.c);
 * the format is described in docs/output-formats.md, "summary". */
#include <math.h>
#include <stdlib.h>

#include "report_int.h"

static void text_header(const struct model *m, const struct model_plan *p,
                        const struct plan_result *r, FILE *out)
{
    char d0[11], d1[11];
    model_date_fr(p->horizon_start, d0);
    model_date_fr(p->horizon_end, d1);
    fprintf(out, "Plan summary -- %s\n", m->settings.name);
    fprintf(out, "Horizon: %s to %s (%.0f weeks)\n\n", d0, d1, summary_weeks(p));

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
}

/* Worst served: the three unserved communes of service s with the most
 * people of its target audience (marked -1 in f->served once printed). */
static void text_worst_served(const struct model *m, size_t s,
                              struct summary_figures *f, FILE *out)
{
    const struct model_service *sv = &m->services[s];
    size_t nc = m->n_communes;
    int shown = 0;
    for (int round = 0; round < 3; round++) {
        int best = -1;
        double best_w = -1;
        for (size_t c = 0; c < nc; c++) {
            double w = m->communes[c].pop[sv->target];
            if (f->served[s * nc + c] == 0 && w > best_w) {
                best_w = w;
                best = (int)c;
            }
        }
        if (best < 0)
            break;
        fprintf(out, "%s %s (%.0f)", shown ? "," : "      worst served:",
                m->communes[best].name, best_w);
        f->served[s * nc + best] = -1;
        shown++;
    }
    if (shown)
        fprintf(out, "\n");
}

static void text_services(const struct model *m, struct summary_figures *f,
                          FILE *out)
{
    size_t nc = m->n_communes, nk = m->n_sectors;
    fprintf(out, "\nSessions: %d\n", f->total);
    for (size_t s = 0; s < m->n_services; s++) {
        const struct model_service *sv = &m->services[s];
        fprintf(out, "  %s (%s): %d sessions; %d of %zu communes within %d min; "
                "%.0f %% of the target population (%s)\n", sv->name, sv->id,
                f->svc_sessions[s], f->svc_communes[s], nc, sv->travel_max_minutes,
                100 * summary_share(f->svc_reach[s], f->svc_pop[s]),
                model_audience_column(sv->target));
        for (size_t k = 0; k < nk; k++) {
            fputs("      sector ", out);
            text_put_padded(out, m->sectors[k], 16);
            fprintf(out, " %3.0f %%\n",
                    100 * summary_share(f->sec_reach[s * nk + k],
                                        f->sec_pop[s * nk + k]));
        }
        text_worst_served(m, s, f, out);
    }
}

static void text_communes(const struct model *m, const struct summary_figures *f,
                          FILE *out)
{
    size_t nc = m->n_communes, nk = m->n_sectors;
    fprintf(out, "\nCommunes served by at least one service: %d of %zu\n",
            f->any_served, nc);
    fprintf(out, "Sessions per commune:");
    int printed = 0;
    for (size_t c = 0; c < nc; c++)
        if (f->commune_sessions[c])
            fprintf(out, "%s %s %d", printed++ ? "," : "", m->communes[c].name,
                    f->commune_sessions[c]);
    fprintf(out, "%s\n", printed ? "" : " none");
    if (nk) {
        fprintf(out, "Sessions per sector:");
        for (size_t k = 0; k < nk; k++)
            fprintf(out, "%s %s %d", k ? "," : "", m->sectors[k], f->sector_sessions[k]);
        fprintf(out, "\n");
    }
}

static void text_staff(const struct model *m, const struct model_plan *p,
                       const struct summary_figures *f, FILE *out)
{
    fprintf(out, "\nStaff hours (on site + driving) against contract:\n");
    for (size_t j = 0; j < m->n_staff; j++) {
        double contract = m->staff[j].weekly_minutes * summary_weeks(p);
        fputs("  ", out);
        text_put_padded(out, m->staff[j].name, 24);
        fprintf(out, " %6.1f h of %6.1f h (%3.0f %%), %5.1f h driving\n",
                f->staff_minutes[j] / 60, contract / 60,
                100 * summary_share(f->staff_minutes[j], contract),
                f->staff_drive[j] / 60);
    }
    fprintf(out, "Km driven: %.0f km; vehicle days: %d\n", f->km, f->vehicle_days);
}

static void text_targets(const struct model *m, const struct model_plan *p,
                         FILE *out)
{
    fprintf(out, "\nTargets:\n");
    for (size_t t = 0; t < m->n_targets; t++) {
        const struct model_target *g = &m->targets[t];
        struct summary_period per[24];
        size_t n = summary_target_periods(m, p, g, per);
        int planned, required;
        bool met = summary_periods_met(per, n, &planned, &required);
        char scope[160];
        summary_target_scope(m, g, scope, sizeof scope);
        fprintf(out, "  %s, %s: %d planned, target >= %d per %s",
                m->services[g->service].name, scope, planned, g->min_sessions,
                summary_period_word(g->period));
        if (g->period == PER_MONTH)
            fprintf(out, " (%zu months)", n);
        if (g->period == PER_YEAR)
            fprintf(out, " (%d over this horizon)", required);
        fprintf(out, ": %s%s%s\n", met ? "met" : "UNMET", g->label[0] ? " -- " : "",
                g->label);
    }
}

enum status summary_write_text(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err)
{
    struct summary_figures f;
    enum status st = summary_figures_compute(m, p, &f, err);
    if (st != STATUS_OK)
        return st;
    text_header(m, p, r, out);
    text_services(m, &f, out);
    text_communes(m, &f, out);
    text_staff(m, p, &f, out);
    text_targets(m, p, out);
    if (r && r->n_unmet) {
        fprintf(out, "\nUnmet requirements:\n");
        for (size_t i = 0; i < r->n_unmet; i++)
            fprintf(out, "  %s\n", r->unmet[i].message);
    }
    summary_figures_free(&f);
    return STATUS_OK;
}
