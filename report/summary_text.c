/* summary_text.c -- the plan summary as text (summary.txt), in French: the
 * coordinator forwards it to élus and mairies as it is.  One function per
 * part: header (with a warning in words when the time limit stopped the
 * search), sessions and reach per service, communes and sectors (those
 * with no session named), staff hours, targets, unmet requirements, and
 * last the solver's technical figures.  The figures come
 * from summary_figures.c, shared with the JSON writer (summary_json.c,
 * whose keys stay English for tools); the format is described in
 * docs/output-formats.md, "summary".  Numbers are written the French way
 * (decimal comma); dates as dd/mm/yyyy. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* text_decimal_fr, right-aligned in width characters (the staff table). */
static const char *num_w(char buf[32], double v, int decimals, int width)
{
    char t[32];
    snprintf(buf, 32, "%*s", width, text_decimal_fr(t, v, decimals));
    return buf;
}

static const char *outcome_fr(const char *status)
{
    if (!strcmp(status, "optimal"))
        return "optimal";
    if (!strcmp(status, "feasible"))
        return "réalisable";
    if (!strcmp(status, "manual"))
        return "plan saisi à la main";
    return status;
}

static const char *period_fr(enum model_period p)
{
    return p == PER_MONTH ? "mois" : p == PER_YEAR ? "an" : "trimestre";
}

static void text_header(const struct model *m, const struct model_plan *p,
                        FILE *out)
{
    char d0[11], d1[11], g[32];
    model_date_fr(p->horizon_start, d0);
    model_date_fr(p->horizon_end, d1);
    fprintf(out, "Synthèse du plan -- %s\n", m->settings.name);
    fprintf(out, "Période : du %s au %s (%.0f semaines)\n", d0, d1,
            summary_weeks(p));
    /* Said first, in words: a time-limited plan is never called optimal. */
    if (p->time_limit_hit)
        fprintf(out, "Attention : le calcul a été arrêté par sa limite de "
                "temps ; ce plan n'est pas prouvé optimal%s%s%s.\n",
                isfinite(p->gap) ? " (il peut rester jusqu'à " : "",
                isfinite(p->gap) ? text_decimal_fr(g, 100 * p->gap, 2) : "",
                isfinite(p->gap) ? " % à gagner)" : "");
}

/* The technical figures, last: the solver's outcome and the criterion. */
static void text_solver(const struct model_plan *p, const struct plan_result *r,
                        FILE *out)
{
    char a[32], b[32], c[32], d[32], e[32];
    fprintf(out, "\nDétails du calcul :\n");
    fprintf(out, "Solveur : %s", outcome_fr(p->solver_status));
    if (isfinite(p->objective))
        fprintf(out, ", critère %s", text_decimal_fr(a, p->objective, 4));
    if (isfinite(p->bound))
        fprintf(out, ", meilleure borne %s", text_decimal_fr(a, p->bound, 4));
    if (isfinite(p->gap))
        fprintf(out, ", écart %s %%", text_decimal_fr(a, 100 * p->gap, 2));
    fprintf(out, ", %s s%s\n", text_decimal_fr(a, p->seconds, 2),
            p->time_limit_hit
                ? ", TEMPS LIMITE ATTEINT : plan non prouvé optimal" : "");
    if (r)
        fprintf(out, "Termes du critère : accès %s, équité %s, heures de "
                "route du personnel %s, km %s, pénalité des besoins non "
                "satisfaits %s\n",
                text_decimal_fr(a, r->parts.access, 4),
                text_decimal_fr(b, r->parts.equity, 4),
                text_decimal_fr(c, r->parts.cost_hours, 4),
                text_decimal_fr(d, r->parts.cost_km, 4),
                text_decimal_fr(e, r->parts.penalty, 4));
}

/* Worst served: the three unserved communes of service s with the most
 * people of its target audience (summary_worst_served). */
static void text_worst_served(const struct model *m, size_t s,
                              const struct summary_figures *f, FILE *out)
{
    const struct model_service *sv = &m->services[s];
    int worst[3];
    size_t n = summary_worst_served(m, f, s, worst);
    for (size_t i = 0; i < n; i++) {
        if (!i)
            fprintf(out, "      moins bien desservies (%s) :",
                    model_audience_words_fr(sv->target));
        fprintf(out, "%s %s %.0f", i ? "," : "", m->communes[worst[i]].name,
                m->communes[worst[i]].pop[sv->target]);
    }
    if (n)
        fprintf(out, "\n");
}

static void text_services(const struct model *m, const struct summary_figures *f,
                          FILE *out)
{
    size_t nc = m->n_communes, nk = m->n_sectors;
    fprintf(out, "\nSéances : %d\n", f->total);
    for (size_t s = 0; s < m->n_services; s++) {
        const struct model_service *sv = &m->services[s];
        fprintf(out, "  %s (%s) : %d séance%s ; %d communes sur %zu à %d min "
                "ou moins d'une séance, soit %.0f %% des %s\n", sv->name,
                sv->id, f->svc_sessions[s], f->svc_sessions[s] > 1 ? "s" : "",
                f->svc_communes[s], nc, sv->travel_max_minutes,
                100 * summary_share(f->svc_reach[s], f->svc_pop[s]),
                model_audience_words_fr(sv->target));
        for (size_t k = 0; k < nk; k++) {
            fputs("      secteur ", out);
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
    fprintf(out, "\nCommunes desservies par au moins un service : %d sur %zu\n",
            f->any_served, nc);
    fprintf(out, "Séances par commune :");
    int printed = 0;
    for (size_t c = 0; c < nc; c++)
        if (f->commune_sessions[c])
            fprintf(out, "%s %s %d", printed++ ? "," : "", m->communes[c].name,
                    f->commune_sessions[c]);
    fprintf(out, "%s\n", printed ? "" : " aucune");
    /* The communes with none, by name: a council member looks for hers. */
    printed = 0;
    for (size_t c = 0; c < nc; c++)
        if (!f->commune_sessions[c])
            fprintf(out, "%s %s", printed++ ? "," : "Communes sans séance :",
                    m->communes[c].name);
    if (printed)
        fprintf(out, "\n");
    if (nk) {
        fprintf(out, "Séances par secteur :");
        for (size_t k = 0; k < nk; k++)
            fprintf(out, "%s %s %d", k ? "," : "", m->sectors[k], f->sector_sessions[k]);
        fprintf(out, "\n");
    }
}

static void text_staff(const struct model *m, const struct model_plan *p,
                       const struct summary_figures *f, FILE *out)
{
    char a[32], b[32], c[32];
    fprintf(out, "\nTemps prévu du personnel (sur place + route), au regard "
            "de son contrat sur la période :\n");
    for (size_t j = 0; j < m->n_staff; j++) {
        double contract = m->staff[j].weekly_minutes * summary_weeks(p);
        fputs("  ", out);
        text_put_padded(out, m->staff[j].name, 24);
        fprintf(out, " %s h sur %s h (%3.0f %%), dont %s h de route\n",
                num_w(a, f->staff_minutes[j] / 60, 1, 6),
                num_w(b, contract / 60, 1, 6),
                100 * summary_share(f->staff_minutes[j], contract),
                num_w(c, f->staff_drive[j] / 60, 1, 5));
    }
    fprintf(out, "Km parcourus : %.0f km ; journées de véhicule : %d\n", f->km,
            f->vehicle_days);
}

/* "territoire", "secteur NAME" or the commune's name. */
static void target_scope(const struct model *m, const struct model_target *g,
                         char *buf, size_t size)
{
    if (g->scope == SCOPE_TERRITORY)
        snprintf(buf, size, "territoire");
    else if (g->scope == SCOPE_SECTOR)
        snprintf(buf, size, "secteur %s", g->where);
    else
        snprintf(buf, size, "%s", g->commune >= 0 ? m->communes[g->commune].name
                                                  : g->where);
}

static void text_targets(const struct model *m, const struct model_plan *p,
                         FILE *out)
{
    fprintf(out, "\nObjectifs :\n");
    for (size_t t = 0; t < m->n_targets; t++) {
        const struct model_target *g = &m->targets[t];
        struct summary_period per[24];
        size_t n = summary_target_periods(m, p, g, per);
        int planned, required;
        bool met = summary_periods_met(per, n, &planned, &required);
        char scope[160];
        target_scope(m, g, scope, sizeof scope);
        fprintf(out, "  %s, %s : %d prévue%s, objectif d'au moins %d par %s",
                m->services[g->service].name, scope, planned,
                planned > 1 ? "s" : "", g->min_sessions, period_fr(g->period));
        if (g->period == PER_MONTH)
            fprintf(out, " (%zu mois)", n);
        if (g->period == PER_YEAR)
            fprintf(out, " (%d sur cette période)", required);
        fprintf(out, " : %s%s%s\n", met ? "atteint" : "NON ATTEINT",
                g->label[0] ? " -- " : "", g->label);
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
    text_header(m, p, out);
    text_services(m, &f, out);
    text_communes(m, &f, out);
    text_staff(m, p, &f, out);
    text_targets(m, p, out);
    summary_runs_text(m, p, r, out);
    if (r && r->n_unmet) {
        fprintf(out, "\nBesoins non satisfaits :\n");
        for (size_t i = 0; i < r->n_unmet; i++)
            fprintf(out, "  %s\n", r->unmet[i].message);
    }
    text_solver(p, r, out);
    summary_figures_free(&f);
    return STATUS_OK;
}
