/* costs_text.c -- the costs part of the text summary ("Coûts sur la
 * période"): each cost the input allows in euros, with the rule in a few
 * words, per employer, and what is not priced said so.  The figures are
 * costs.c's. */
#include "report_int.h"

#define W(fr, en) (lang == REPORT_EN ? (en) : (fr))

static void cost_line(FILE *out, const char *label, double euros,
                      enum report_lang lang)
{
    char b[REPORT_NUM_LEN];
    fprintf(out, W("  %s : %s €\n", "  %s: %s €\n"), label,
            report_number(b, euros, 0, lang));
}

/* What the input does not price, in one sentence. */
static void unpriced(const struct model *m, const struct report_costs *c,
                     enum report_lang lang, FILE *out)
{
    if (!c->staff_priced)
        fputs(W("  Le temps du personnel n'est pas chiffré : donnez son coût horaire "
                "(colonne cout_horaire) dans staff.csv ou settings.csv.\n",
                "  Staff time is not priced: give hourly_cost in staff.csv or "
                "settings.csv.\n"), out);
    else if (c->staff_unpriced)
        fprintf(out, W("  %zu personne(s) sans coût horaire ne sont pas comptées.\n",
                       "  %zu person(s) without an hourly cost are not counted.\n"),
                c->staff_unpriced);
    if (!c->vehicles_priced && m->n_vehicles)
        fputs(W("  Le coût annuel des véhicules (achat, location) n'est pas donné "
                "(colonne cout_annuel de vehicles.csv).\n",
                "  The vehicles' yearly cost (purchase, lease) is not given "
                "(yearly_cost in vehicles.csv).\n"), out);
    fputs(W("  Les km faits avec la voiture personnelle ne sont pas chiffrés.\n",
            "  Km driven in personal cars are not priced.\n"), out);
}

void summary_text_costs(const struct model *m, const struct model_plan *p,
                        const struct report_costs *c, enum report_lang lang,
                        FILE *out)
{
    char a[REPORT_NUM_LEN], b[REPORT_NUM_LEN];
    (void)p;
    fputs(W("\nCoûts sur la période (en euros) :\n",
            "\nCosts over the period (euros):\n"), out);
    if (c->staff_priced)
        cost_line(out, W("Temps du personnel (heures × coût horaire)",
                         "Staff time (hours × hourly cost)"), c->staff, lang);
    cost_line(out, W("Km des véhicules de service (km × coût au km)",
                     "Service vehicles' km (km × cost per km)"), c->km, lang);
    if (c->vehicles_priced)
        fprintf(out, W("  Véhicules (%s € par an, au prorata de la période) : %s €\n",
                       "  Vehicles (%s € a year, prorated to the period): %s €\n"),
                report_number(a, c->vehicles_year, 0, lang),
                report_number(b, c->vehicles, 0, lang));
    if (c->sites_priced)
        fprintf(out, W("  Sites fixes (%s € par an, au prorata de la période) : %s €\n",
                       "  Fixed sites (%s € a year, prorated to the period): %s €\n"),
                report_number(a, c->sites_year, 0, lang),
                report_number(b, c->sites, 0, lang));
    cost_line(out, W("Total", "Total"), c->total, lang);
    if (c->staff_priced) {
        fputs(W("  Temps du personnel par employeur :", "  Staff time per employer:"), out);
        for (size_t k = 0; k < c->n_employers; k++)
            fprintf(out, "%s %s %s €", k ? "," : "",
                    *c->employer[k] ? c->employer[k] : W("(non précisé)", "(not given)"),
                    report_number(a, c->employer_euros[k], 0, lang));
        fputc('\n', out);
    }
    unpriced(m, c, lang, out);
}
