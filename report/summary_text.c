/* summary_text.c -- the plan summary as text (summary.txt), for élus and
 * mairies as much as the coordinator: in French by default (--lang en
 * writes it in English), in the words a council member uses, every
 * number labelled, dates written out ("mercredi 6 janvier 2027") and
 * numbers the French way ("1 234,5", words.c).  One function per part:
 * header (with a warning in words when the time limit stopped the
 * search), sessions and reach per service, communes and sectors (those
 * with no session named, with their population), staff time against the
 * hours set aside for the sessions and against the real contract, costs
 * in euros, targets, unmet requirements, and last the solver's technical
 * figures in their own section.  The figures come from summary_figures.c
 * and costs.c, shared with the JSON writer and the comparison; the format
 * is described in docs/output-formats.md, "summary". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* Everything a part needs. */
struct ctx {
    const struct model *m;
    const struct model_plan *p;
    const struct summary_figures *f;
    const struct report_costs *c;
    enum report_lang lang;
    FILE *out;
};

#define W(x, fr, en) ((x)->lang == REPORT_EN ? (en) : (fr))

static const char *num(const struct ctx *x, char b[REPORT_NUM_LEN], double v, int d)
{
    return report_number(b, v, d, x->lang);
}

/* A share of full time: "0,8", "1", "0,75". */
static const char *etp(const struct ctx *x, char b[REPORT_NUM_LEN], double v)
{
    num(x, b, v, 2);
    size_t n = strlen(b);
    while (n && b[n - 1] == '0')
        b[--n] = '\0';
    if (n && (b[n - 1] == ',' || b[n - 1] == '.'))
        b[--n] = '\0';
    return b;
}

static const char *aud(const struct ctx *x, enum model_audience a)
{
    return report_audience_words(a, x->lang);
}

static const char *plural_s(int n)
{
    return n > 1 || n < -1 ? "s" : "";
}

static const char *outcome(const struct ctx *x, const char *status)
{
    if (!strcmp(status, "optimal"))
        return "optimal";
    if (!strcmp(status, "feasible"))
        return W(x, "réalisable", "feasible");
    if (!strcmp(status, "manual"))
        return W(x, "plan saisi à la main", "plan entered by hand");
    return status;
}

static const char *period_word(const struct ctx *x, enum model_period p)
{
    if (x->lang == REPORT_EN)
        return p == PER_MONTH ? "month" : p == PER_YEAR ? "year" : "quarter";
    return p == PER_MONTH ? "mois" : p == PER_YEAR ? "an" : "trimestre";
}

static void text_header(const struct ctx *x)
{
    char d0[REPORT_DATE_LEN], d1[REPORT_DATE_LEN], g[REPORT_NUM_LEN];
    const struct model_plan *p = x->p;
    fprintf(x->out, W(x, "Synthèse du plan -- %s\n", "Plan summary -- %s\n"),
            x->m->settings.name);
    fprintf(x->out, W(x, "Période : du %s au %s (%.0f semaines)\n",
                      "Period: from %s to %s (%.0f weeks)\n"),
            report_date_long(d0, p->horizon_start, x->lang),
            report_date_long(d1, p->horizon_end, x->lang), summary_weeks(p));
    /* Said first, in words: a time-limited plan is never called optimal. */
    if (!p->time_limit_hit)
        return;
    fputs(W(x, "Attention : le calcul a été arrêté par sa limite de temps ; "
               "ce plan n'est pas prouvé le meilleur possible",
            "Warning: the computation was stopped by its time limit; this "
            "plan is not proven the best possible"), x->out);
    if (isfinite(p->gap))
        fprintf(x->out, W(x, " (il peut rester jusqu'à %s %% à gagner)",
                          " (up to %s %% may remain to be gained)"),
                num(x, g, 100 * p->gap, 2));
    fputs(".\n", x->out);
}

/* The technical figures, last, in their own section. */
static void text_solver(const struct ctx *x, const struct plan_result *r)
{
    char a[REPORT_NUM_LEN], b[REPORT_NUM_LEN], c[REPORT_NUM_LEN],
        d[REPORT_NUM_LEN], e[REPORT_NUM_LEN];
    const struct model_plan *p = x->p;
    fputs(W(x, "\nSolveur (détails techniques, pour le coordinateur) :\n",
            "\nSolver (technical details, for the coordinator):\n"), x->out);
    fprintf(x->out, W(x, "Solveur : %s", "Solver: %s"), outcome(x, p->solver_status));
    if (isfinite(p->objective))
        fprintf(x->out, W(x, ", critère %s", ", objective %s"), num(x, a, p->objective, 4));
    if (isfinite(p->bound))
        fprintf(x->out, W(x, ", meilleure borne %s", ", best bound %s"),
                num(x, a, p->bound, 4));
    if (isfinite(p->gap))
        fprintf(x->out, W(x, ", écart %s %%", ", gap %s %%"), num(x, a, 100 * p->gap, 2));
    fprintf(x->out, ", %s s%s\n", num(x, a, p->seconds, 2),
            !p->time_limit_hit ? ""
            : W(x, ", TEMPS LIMITE ATTEINT : plan non prouvé optimal",
                ", TIME LIMIT REACHED: plan not proven optimal"));
    if (r)
        fprintf(x->out, W(x, "Termes du critère : accès %s, équité %s, heures de "
                             "route du personnel %s, km %s, pénalité des besoins "
                             "non satisfaits %s\n",
                          "Objective terms: access %s, equity %s, staff driving "
                          "hours %s, km %s, unmet-target penalty %s\n"),
                num(x, a, r->parts.access, 4), num(x, b, r->parts.equity, 4),
                num(x, c, r->parts.cost_hours, 4), num(x, d, r->parts.cost_km, 4),
                num(x, e, r->parts.penalty, 4));
}

/* Worst served: the three unserved communes of service s with the most
 * people of its audience (summary_worst_served). */
static void text_worst_served(const struct ctx *x, size_t s)
{
    const struct model_service *sv = &x->m->services[s];
    int worst[3];
    char b[REPORT_NUM_LEN];
    size_t n = summary_worst_served(x->m, x->f, s, worst);
    for (size_t i = 0; i < n; i++) {
        if (!i)
            fputs(W(x, "      communes les moins bien desservies :",
                    "      worst-served communes:"), x->out);
        fprintf(x->out, "%s %s (%s %s)", i ? "," : "", x->m->communes[worst[i]].name,
                num(x, b, x->m->communes[worst[i]].pop[sv->target], 0),
                aud(x, sv->target));
    }
    if (n)
        fputc('\n', x->out);
}

static void text_services(const struct ctx *x)
{
    const struct summary_figures *f = x->f;
    size_t nc = x->m->n_communes, nk = x->m->n_sectors;
    fprintf(x->out, W(x, "\nSéances : %d\n", "\nSessions: %d\n"), f->total);
    for (size_t s = 0; s < x->m->n_services; s++) {
        const struct model_service *sv = &x->m->services[s];
        fprintf(x->out, W(x, "  %s : %d séance%s ; %d communes sur %zu à %d min ou "
                             "moins d'une séance, soit %.0f %% des %s\n",
                          "  %s: %d session%s; %d communes of %zu within %d min "
                          "of a session, that is %.0f %% of the %s\n"),
                sv->name, f->svc_sessions[s], plural_s(f->svc_sessions[s]),
                f->svc_communes[s], nc, sv->travel_max_minutes,
                100 * summary_share(f->svc_reach[s], f->svc_pop[s]),
                aud(x, sv->target));
        for (size_t k = 0; k < nk; k++)
            fprintf(x->out, W(x, "      secteur %s : %.0f %% des %s à portée\n",
                              "      sector %s: %.0f %% of the %s within reach\n"),
                    x->m->sectors[k],
                    100 * summary_share(f->sec_reach[s * nk + k], f->sec_pop[s * nk + k]),
                    aud(x, sv->target));
        text_worst_served(x, s);
    }
}

static void text_communes(const struct ctx *x)
{
    const struct summary_figures *f = x->f;
    const struct model *m = x->m;
    size_t nc = m->n_communes, nk = m->n_sectors;
    char b[REPORT_NUM_LEN];
    fprintf(x->out, W(x, "\nCommunes desservies par au moins un service : %d sur %zu\n",
                      "\nCommunes served by at least one service: %d of %zu\n"),
            f->any_served, nc);
    fputs(W(x, "Séances par commune :", "Sessions per commune:"), x->out);
    int printed = 0;
    for (size_t c = 0; c < nc; c++)
        if (f->commune_sessions[c])
            fprintf(x->out, W(x, "%s %s %d séance%s", "%s %s %d session%s"),
                    printed++ ? "," : "", m->communes[c].name,
                    f->commune_sessions[c], plural_s(f->commune_sessions[c]));
    fprintf(x->out, "%s\n", printed ? "" : W(x, " aucune", " none"));
    /* The communes with none, by name: a council member looks for hers. */
    printed = 0;
    for (size_t c = 0; c < nc; c++)
        if (!f->commune_sessions[c])
            fprintf(x->out, W(x, "%s %s (%s habitants)", "%s %s (%s inhabitants)"),
                    printed++ ? "," : W(x, "Communes sans séance :",
                                        "Communes without a session:"),
                    m->communes[c].name, num(x, b, m->communes[c].population, 0));
    if (printed)
        fputc('\n', x->out);
    if (!nk)
        return;
    fputs(W(x, "Séances par secteur :", "Sessions per sector:"), x->out);
    for (size_t k = 0; k < nk; k++)
        fprintf(x->out, W(x, "%s %s %d séance%s", "%s %s %d session%s"), k ? "," : "",
                m->sectors[k], f->sector_sessions[k], plural_s(f->sector_sessions[k]));
    fputc('\n', x->out);
}

/* One person: hours, route, share of the itinerant hours and of the
 * real contract when staff.csv gives it. */
static void text_person(const struct ctx *x, size_t j)
{
    const struct model_staff *st = &x->m->staff[j];
    char a[REPORT_NUM_LEN], b[REPORT_NUM_LEN], c[REPORT_NUM_LEN], d[REPORT_NUM_LEN];
    double h = x->f->staff_minutes[j] / 60;
    double itin = st->weekly_minutes * summary_weeks(x->p) / 60;
    double contract = report_contract_hours(x->m, j, x->p);
    fprintf(x->out, W(x, "  %s%s%s%s : %s h dont %s h de route ; %.0f %% des %s h "
                         "prévues pour les séances",
                      "  %s%s%s%s: %s h of which %s h driving; %.0f %% of the %s h "
                      "set aside for sessions"),
            st->name, *st->employer ? " (" : "", st->employer, *st->employer ? ")" : "",
            num(x, a, h, 1), num(x, b, x->f->staff_drive[j] / 60, 1),
            100 * summary_share(h, itin), num(x, c, itin, 1));
    if (contract > 0)
        fprintf(x->out, W(x, " ; %.0f %% de son contrat (%s ETP : %s h sur la période)\n",
                          "; %.0f %% of the contract (%s FTE: %s h over the period)\n"),
                100 * summary_share(h, contract), etp(x, d, st->contract_etp),
                num(x, a, contract, 1));
    else
        fputs(W(x, " ; contrat non renseigné\n", "; contract not given\n"), x->out);
}

static void text_staff(const struct ctx *x)
{
    char a[REPORT_NUM_LEN];
    fputs(W(x, "\nTemps de travail du personnel pour les séances (sur place et "
               "sur la route) :\n",
            "\nStaff working time for the sessions (on site and on the road):\n"),
          x->out);
    for (size_t j = 0; j < x->m->n_staff; j++)
        text_person(x, j);
    fputs(W(x, "Heures par employeur :", "Hours per employer:"), x->out);
    for (size_t k = 0; k < x->c->n_employers; k++)
        fprintf(x->out, "%s %s %s h", k ? "," : "",
                *x->c->employer[k] ? x->c->employer[k] : W(x, "(non précisé)", "(not given)"),
                num(x, a, x->c->employer_hours[k], 1));
    fputc('\n', x->out);
    fprintf(x->out, W(x, "Kilomètres parcourus : %s km ; journées d'utilisation "
                         "des véhicules : %d\n",
                      "Distance driven: %s km; vehicle days: %d\n"),
            num(x, a, x->f->km, 0), x->f->vehicle_days);
}

/* "territoire", "secteur NAME" or the commune's name. */
static void target_scope(const struct ctx *x, const struct model_target *g,
                         char *buf, size_t size)
{
    if (g->scope == SCOPE_TERRITORY)
        snprintf(buf, size, "%s", W(x, "territoire", "territory"));
    else if (g->scope == SCOPE_SECTOR)
        snprintf(buf, size, W(x, "secteur %s", "sector %s"), g->where);
    else
        snprintf(buf, size, "%s", g->commune >= 0 ? x->m->communes[g->commune].name
                                                  : g->where);
}

static void text_targets(const struct ctx *x)
{
    fputs(W(x, "\nObjectifs :\n", "\nGoals:\n"), x->out);
    for (size_t t = 0; t < x->m->n_targets; t++) {
        const struct model_target *g = &x->m->targets[t];
        struct summary_period per[24];
        size_t n = summary_target_periods(x->m, x->p, g, per);
        int planned, required;
        bool met = summary_periods_met(per, n, &planned, &required);
        char scope[160];
        target_scope(x, g, scope, sizeof scope);
        fprintf(x->out, W(x, "  %s, %s : %d séance%s prévue%s, objectif d'au moins "
                             "%d par %s",
                          "  %s, %s: %d session%s planned%s, goal of at least %d "
                          "per %s"),
                x->m->services[g->service].name, scope, planned, plural_s(planned),
                x->lang == REPORT_EN ? "" : plural_s(planned), g->min_sessions,
                period_word(x, g->period));
        if (g->period == PER_MONTH)
            fprintf(x->out, W(x, " (%zu mois)", " (%zu months)"), n);
        if (g->period == PER_YEAR)
            fprintf(x->out, W(x, " (%d sur cette période)", " (%d over this period)"),
                    required);
        fprintf(x->out, " : %s%s%s\n" + (x->lang == REPORT_EN),
                met ? W(x, "atteint", "met") : W(x, "NON ATTEINT", "NOT MET"),
                g->label[0] ? " -- " : "", g->label);
    }
}

enum status summary_write_text_lang(const struct model *m, const struct model_plan *p,
                                    const struct plan_result *r,
                                    enum report_lang lang, FILE *out,
                                    struct diag *err)
{
    struct summary_figures f;
    struct report_costs c;
    enum status st = summary_figures_compute(m, p, &f, err);
    if (st != STATUS_OK)
        return st;
    st = report_costs_compute(m, p, &f, &c, err);
    if (st != STATUS_OK) {
        summary_figures_free(&f);
        return st;
    }
    struct ctx x = {m, p, &f, &c, lang, out};
    text_header(&x);
    text_services(&x);
    text_communes(&x);
    text_staff(&x);
    summary_text_costs(m, p, &c, lang, out);
    text_targets(&x);
    summary_runs_text(m, p, r, out);
    if (r && r->n_unmet) {
        fputs(W(&x, "\nBesoins non satisfaits :\n", "\nUnmet needs:\n"), out);
        for (size_t i = 0; i < r->n_unmet; i++)
            fprintf(out, "  %s\n", r->unmet[i].message);
    }
    text_solver(&x, r);
    report_costs_free(&c);
    summary_figures_free(&f);
    return STATUS_OK;
}

enum status summary_write_text(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err)
{
    return summary_write_text_lang(m, p, r, REPORT_FR, out, err);
}
