/* compare.c -- scenarios side by side, in French, for élus choosing
 * between variants ("France Services itinérante, or a 3rd fixed site?").
 *
 * Every figure is a scenario's summary figure (summary_figures.c, the one
 * place coverage, hours and km are defined); this file only puts them
 * side by side, adds them up, prices the vehicles' km with their
 * cost_per_km (vehicles.csv: the only cost the input gives; staff wages,
 * vehicle purchase and fixed sites have none, and the text says so), and
 * spells out each scenario's differences against the first.  Services,
 * sectors and staff are matched by id (sectors by name) across scenarios,
 * since a variant may add or remove them.  The JSON writer is
 * compare_json.c; the format is in docs/output-formats.md, "Comparison". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define MINUS "\u2212"
#define GROUP "\u202f"

const char *compare_format_number(char *buf, size_t size, double v,
                                  int decimals, bool sign)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    bool zero = strspn(digits, "0.") == strlen(digits);
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    size_t o = 0;
    const char *lead = zero ? "" : v < 0 ? MINUS : sign ? "+" : "";
    o += (size_t)snprintf(buf + o, size > o ? size - o : 0, "%s", lead);
    for (size_t i = 0; i < int_len && o < size; i++) {
        if (i && (int_len - i) % 3 == 0)
            o += (size_t)snprintf(buf + o, size - o, "%s", GROUP);
        if (o < size)
            o += (size_t)snprintf(buf + o, size - o, "%c", digits[i]);
    }
    if (dot && o < size)
        snprintf(buf + o, size - o, ",%s", dot + 1);
    return buf;
}

/* A number in a 48-byte buffer. */
static const char *fr(char buf[48], double v, int decimals)
{
    return compare_format_number(buf, 48, v, decimals, false);
}

void compare_free(struct compare_one *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        summary_figures_free(&c[i].f);
        report_costs_free(&c[i].costs);
    }
    free(c);
}

static void add_targets(struct compare_one *o)
{
    const struct model *m = o->sc->model;
    for (size_t t = 0; t < m->n_targets; t++) {
        struct summary_period per[24];
        size_t np = summary_target_periods(m, o->sc->plan, &m->targets[t], per);
        if (summary_periods_met(per, np, NULL, NULL))
            o->targets_met++;
        else
            o->targets_unmet++;
    }
}

enum status compare_compute(const struct compare_scenario *sc, size_t n,
                            struct compare_one **out, struct diag *err)
{
    struct compare_one *c = calloc(n + 1, sizeof *c);
    if (!c)
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const struct model *m = sc[i].model;
        c[i].sc = &sc[i];
        enum status st = summary_figures_compute(m, sc[i].plan, &c[i].f, err);
        if (st != STATUS_OK) {
            compare_free(c, i);
            return st;
        }
        st = report_costs_compute(m, sc[i].plan, &c[i].f, &c[i].costs, err);
        if (st != STATUS_OK) {
            summary_figures_free(&c[i].f);
            compare_free(c, i);
            return st;
        }
        for (size_t v = 0; v < m->n_vehicles; v++) {
            c[i].km_vehicles += c[i].f.vehicle_km[v];
            c[i].km_cost += c[i].f.vehicle_km[v] * m->vehicles[v].cost_per_km;
        }
        for (size_t j = 0; j < m->n_staff; j++) {
            c[i].hours += c[i].f.staff_minutes[j] / 60;
            c[i].contract += m->staff[j].weekly_minutes * summary_weeks(sc[i].plan) / 60;
            double ch = report_contract_hours(m, j, sc[i].plan);
            c[i].contract_etp += ch > 0 ? ch : 0;
        }
        add_targets(&c[i]);
    }
    *out = c;
    return STATUS_OK;
}

/* ---- the differences, in words ---------------------------------------- */

static const char *plural(double rounded)
{
    return fabs(rounded) >= 2 ? "s" : "";
}

/* ", ±N word(s)", or nothing when it rounds to zero and !always. */
static void clause(FILE *out, double d, int decimals, const char *word,
                   const char *word_plural, bool always)
{
    char a[48];
    compare_format_number(a, sizeof a, d, decimals, true);
    if (!always && strspn(a, "0,") == strlen(a))
        return;
    char plain[48];
    snprintf(plain, sizeof plain, "%.*f", decimals, fabs(d));
    bool many = strtod(plain, NULL) >= 2 && word_plural;
    fprintf(out, ", %s %s", a, many ? word_plural : word);
}

/* The service clauses: audience reached per shared service, and the
 * services one scenario has and the other not. */
static void diff_services(const struct compare_one *a, const struct compare_one *b,
                          FILE *out)
{
    const struct model *ma = a->sc->model, *mb = b->sc->model;
    char n[48];
    for (size_t s = 0; s < mb->n_services; s++) {
        const struct model_service *sv = &mb->services[s];
        int k = model_find_service(ma, sv->id);
        if (k < 0) {
            fprintf(out, ", avec %s (%d séance%s)", sv->name, b->f.svc_sessions[s],
                    plural(b->f.svc_sessions[s]));
            continue;
        }
        double d = b->f.svc_reach[s] - a->f.svc_reach[k];
        compare_format_number(n, sizeof n, d, 0, true);
        if (strcmp(n, "0"))
            fprintf(out, ", %s %s à %d min ou moins (%s)", n,
                    model_audience_words_fr(sv->target), sv->travel_max_minutes,
                    sv->name);
    }
    for (size_t s = 0; s < ma->n_services; s++)
        if (model_find_service(mb, ma->services[s].id) < 0)
            fprintf(out, ", sans %s (%d séance%s dans %s)", ma->services[s].name,
                    a->f.svc_sessions[s], plural(a->f.svc_sessions[s]), a->sc->name);
}

/* The sites one scenario has and the other not (by id): a new fixed
 * site, with its yearly cost when sites.csv gives one. */
static void diff_sites(const struct compare_one *a, const struct compare_one *b,
                       FILE *out)
{
    const struct model *ma = a->sc->model, *mb = b->sc->model;
    char n[48];
    for (size_t s = 0; s < mb->n_sites; s++) {
        const struct model_site *st = &mb->sites[s];
        if (model_find_site(ma, st->id) >= 0)
            continue;
        fprintf(out, ", avec le site %s", st->name);
        if (st->yearly_cost >= 0)
            fprintf(out, " (%s € par an)", fr(n, st->yearly_cost, 0));
    }
    for (size_t s = 0; s < ma->n_sites; s++)
        if (model_find_site(mb, ma->sites[s].id) < 0)
            fprintf(out, ", sans le site %s", ma->sites[s].name);
}

/* The total cost's difference over the period and over a year. */
static void diff_euros(const struct compare_one *a, const struct compare_one *b,
                       FILE *out)
{
    char n[48], y[48];
    double d = b->costs.total - a->costs.total;
    double share = report_year_share(b->sc->plan);
    fprintf(out, ", %s € sur la période, soit %s € par an",
            compare_format_number(n, sizeof n, d, 0, true),
            compare_format_number(y, sizeof y, share > 0 ? d / share : 0, 0, true));
}

void compare_diff_line(const struct compare_one *a, const struct compare_one *b,
                       FILE *out)
{
    char n[48];
    int ds = b->f.total - a->f.total;
    fprintf(out, "%s par rapport à %s : %s séance%s", b->sc->name, a->sc->name,
            compare_format_number(n, sizeof n, ds, 0, true), plural(ds));
    diff_services(a, b, out);
    clause(out, b->f.any_served - a->f.any_served, 0, "commune desservie",
           "communes desservies", false);
    diff_sites(a, b, out);
    clause(out, b->hours - a->hours, 1, "h de travail du personnel", NULL, false);
    clause(out, b->f.km - a->f.km, 0, "km", NULL, true);
    diff_euros(a, b, out);
    clause(out, b->targets_unmet - a->targets_unmet, 0, "objectif non atteint",
           "objectifs non atteints", false);
}

/* ---- the text: tables, one column per scenario ------------------------- */

#define LABEL_WIDTH 46

struct table {
    const struct compare_one *c;
    size_t n;
    size_t width;               /* of each scenario's column */
    FILE *out;
    bool html;                  /* rows as <tr> (compare_write_table_html) */
};

/* A block's title: a line of text, or a row spanning the table. */
static void section(const struct table *t, const char *title)
{
    if (!t->html) {
        fprintf(t->out, "\n%s\n", title);
        return;
    }
    fprintf(t->out, "<tr class=\"section\"><th colspan=\"%zu\">", t->n + 1);
    report_html_text(t->out, title);
    fputs("</th></tr>\n", t->out);
}

static void cell(const struct table *t, const char *text)
{
    if (t->html) {
        fputs("<td>", t->out);
        report_html_text(t->out, text);
        fputs("</td>", t->out);
        return;
    }
    size_t w = text_width(text);
    for (size_t k = w; k < t->width; k++)
        fputc(' ', t->out);
    fputs(text, t->out);
}

static void row_label(const struct table *t, const char *indent, const char *label)
{
    if (t->html) {
        fputs("<tr><th scope=\"row\">", t->out);
        report_html_text(t->out, label);
        fputs("</th>", t->out);
        return;
    }
    fputs(indent, t->out);
    text_put_padded(t->out, label, LABEL_WIDTH - strlen(indent));
}

/* The kinds of rows: a whole number, one decimal, a share in %. */
enum row_kind { ROW_INT, ROW_DEC1, ROW_PCT };

/* A row of the figure get(c, arg) per scenario; get returns NAN for a
 * scenario without it (a service it does not have: "—"). */
static void row(const struct table *t, const char *label,
                double (*get)(const struct compare_one *, const void *),
                const void *arg, enum row_kind kind)
{
    row_label(t, "  ", label);
    for (size_t i = 0; i < t->n; i++) {
        char b[48], c[56];
        double v = get(&t->c[i], arg);
        if (isnan(v))
            snprintf(c, sizeof c, "—");
        else if (kind == ROW_PCT)
            snprintf(c, sizeof c, "%s %%", fr(b, 100 * v, 0));
        else
            snprintf(c, sizeof c, "%s", fr(b, v, kind == ROW_DEC1 ? 1 : 0));
        cell(t, c);
    }
    fputs(t->html ? "</tr>\n" : "\n", t->out);
}

static double g_sessions(const struct compare_one *c, const void *a) { (void)a; return c->f.total; }
static double g_served(const struct compare_one *c, const void *a) { (void)a; return c->f.any_served; }
static double g_unserved(const struct compare_one *c, const void *a)
{
    (void)a;
    return (double)c->sc->model->n_communes - c->f.any_served;
}
static double g_hours(const struct compare_one *c, const void *a) { (void)a; return c->hours; }
static double g_contract(const struct compare_one *c, const void *a) { (void)a; return c->contract; }
static double g_km(const struct compare_one *c, const void *a) { (void)a; return c->f.km; }
static double g_km_veh(const struct compare_one *c, const void *a) { (void)a; return c->km_vehicles; }
static double g_vdays(const struct compare_one *c, const void *a) { (void)a; return c->f.vehicle_days; }
static double g_etp(const struct compare_one *c, const void *a) { (void)a; return c->contract_etp; }
static double g_c_staff(const struct compare_one *c, const void *a) { (void)a; return c->costs.staff; }
static double g_c_km(const struct compare_one *c, const void *a) { (void)a; return c->costs.km; }
static double g_c_veh(const struct compare_one *c, const void *a) { (void)a; return c->costs.vehicles; }
static double g_c_sites(const struct compare_one *c, const void *a) { (void)a; return c->costs.sites; }
static double g_c_total(const struct compare_one *c, const void *a) { (void)a; return c->costs.total; }
static double g_c_year(const struct compare_one *c, const void *a)
{
    (void)a;
    double share = report_year_share(c->sc->plan);
    return share > 0 ? c->costs.total / share : 0;
}
static double g_met(const struct compare_one *c, const void *a) { (void)a; return c->targets_met; }
static double g_unmet(const struct compare_one *c, const void *a) { (void)a; return c->targets_unmet; }

static void text_overall(const struct table *t)
{
    section(t, "Ensemble du territoire");
    row(t, "Séances", g_sessions, NULL, ROW_INT);
    row(t, "Communes desservies par au moins un service", g_served, NULL, ROW_INT);
    row(t, "Communes desservies par aucun service", g_unserved, NULL, ROW_INT);
    row(t, "Heures de travail prévues du personnel", g_hours, NULL, ROW_DEC1);
    row(t, "Heures réservées aux séances", g_contract, NULL, ROW_DEC1);
    row(t, "Heures des contrats (ETP × 1 607 h)", g_etp, NULL, ROW_DEC1);
    row(t, "Km parcourus", g_km, NULL, ROW_INT);
    row(t, "  dont en véhicule de service", g_km_veh, NULL, ROW_INT);
    row(t, "Journées d'utilisation des véhicules", g_vdays, NULL, ROW_INT);
    row(t, "Objectifs atteints", g_met, NULL, ROW_INT);
    row(t, "Objectifs non atteints", g_unmet, NULL, ROW_INT);
}

/* Per-service rows: arg is the service id; NAN where it is absent. */
struct svc_arg {
    const char *id;
    const char *sector;          /* NULL: the whole territory */
    int what;                    /* 0 sessions, 1 communes, 2 people, 3 share */
};

static double g_service(const struct compare_one *c, const void *arg)
{
    const struct svc_arg *a = arg;
    const struct model *m = c->sc->model;
    int s = model_find_service(m, a->id);
    if (s < 0)
        return NAN;
    if (a->sector) {
        int k = model_find_sector(m, a->sector);
        size_t nk = m->n_sectors;
        if (k < 0)
            return NAN;
        return a->what == 0 ? c->f.sec_sessions[s * nk + k]
                            : summary_share(c->f.sec_reach[s * nk + k],
                                            c->f.sec_pop[s * nk + k]);
    }
    switch (a->what) {
    case 0: return c->f.svc_sessions[s];
    case 1: return c->f.svc_communes[s];
    case 2: return c->f.svc_reach[s];
    default: return summary_share(c->f.svc_reach[s], c->f.svc_pop[s]);
    }
}

static void text_worst(const struct table *t, const char *id)
{
    if (t->html)
        return;
    for (size_t i = 0; i < t->n; i++) {
        const struct model *m = t->c[i].sc->model;
        int s = model_find_service(m, id), worst[3];
        char b[48];
        if (s < 0)
            continue;
        size_t n = summary_worst_served(m, &t->c[i].f, (size_t)s, worst);
        fprintf(t->out, "  moins bien desservies, %s :", t->c[i].sc->name);
        for (size_t k = 0; k < n; k++)
            fprintf(t->out, "%s %s (%s personnes)", k ? "," : "",
                    m->communes[worst[k]].name,
                    fr(b, m->communes[worst[k]].pop[m->services[s].target], 0));
        fprintf(t->out, "%s\n", n ? "" : " aucune");
    }
}

/* One block per service of any scenario (the first's order, then the
 * services only later ones have). */
static void text_service(const struct table *t, const struct model *m, size_t s)
{
    const struct model_service *sv = &m->services[s];
    char label[160];
    snprintf(label, sizeof label, "%s (%s, %d min ou moins)", sv->name,
             model_audience_words_fr(sv->target), sv->travel_max_minutes);
    section(t, label);
    struct svc_arg a = {.id = sv->id};
    static const char *const what[] = {"Séances", "Communes à portée",
                                       "Public à portée (personnes)",
                                       "Part du public à portée"};
    for (a.what = 0; a.what < 4; a.what++)
        row(t, what[a.what], g_service, &a, a.what == 3 ? ROW_PCT : ROW_INT);
    const struct model *m0 = t->c[0].sc->model;
    for (size_t k = 0; k < m0->n_sectors; k++) {
        a.sector = m0->sectors[k];
        for (a.what = 0; a.what < 4; a.what += 3) {
            snprintf(label, sizeof label, "secteur %s : %s", a.sector,
                     a.what ? "part à portée" : "séances");
            row(t, label, g_service, &a, a.what ? ROW_PCT : ROW_INT);
        }
    }
    text_worst(t, sv->id);
}

static void text_services(const struct table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct model *m = t->c[i].sc->model;
        for (size_t s = 0; s < m->n_services; s++) {
            bool seen = false;
            for (size_t j = 0; j < i; j++)
                seen = seen || model_find_service(t->c[j].sc->model,
                                                  m->services[s].id) >= 0;
            if (!seen)
                text_service(t, m, s);
        }
    }
}

static double g_staff(const struct compare_one *c, const void *arg)
{
    int j = model_find_staff(c->sc->model, arg);
    return j < 0 ? NAN : c->f.staff_minutes[j] / 60;
}

/* Hours planned per person (of the first scenario's staff). */
static void text_staff_rows(const struct table *t)
{
    const struct model *m0 = t->c[0].sc->model;
    section(t, "Heures prévues par personne");
    for (size_t j = 0; j < m0->n_staff; j++)
        row(t, m0->staff[j].name, g_staff, m0->staff[j].id, ROW_DEC1);
}

/* Staff hours (of the first scenario's staff), unserved communes and
 * unmet targets by name. */
static void text_lists(const struct table *t)
{
    text_staff_rows(t);
    if (t->html)
        return;
    fprintf(t->out, "\nCommunes desservies par aucun service\n");
    for (size_t i = 0; i < t->n; i++) {
        const struct model *m = t->c[i].sc->model;
        size_t nc = m->n_communes, shown = 0;
        fprintf(t->out, "  %s :", t->c[i].sc->name);
        for (size_t c = 0; c < nc; c++) {
            bool yes = false;
            for (size_t s = 0; s < m->n_services; s++)
                yes = yes || t->c[i].f.served[s * nc + c] > 0;
            if (!yes)
                fprintf(t->out, "%s %s", shown++ ? "," : "", m->communes[c].name);
        }
        fprintf(t->out, "%s\n", shown ? "" : " aucune");
    }
    fprintf(t->out, "\nObjectifs non atteints\n");
    for (size_t i = 0; i < t->n; i++) {
        const struct model *m = t->c[i].sc->model;
        fprintf(t->out, "  %s :%s\n", t->c[i].sc->name,
                t->c[i].targets_unmet ? "" : " aucun");
        for (size_t g = 0; g < m->n_targets; g++) {
            struct summary_period per[24];
            size_t np = summary_target_periods(m, t->c[i].sc->plan, &m->targets[g], per);
            int planned, required;
            if (!summary_periods_met(per, np, &planned, &required))
                fprintf(t->out, "    %s : %d séance%s prévue%s sur %d demandée%s%s%s\n",
                        m->services[m->targets[g].service].name, planned,
                        plural(planned), plural(planned), required,
                        plural(required), m->targets[g].label[0] ? " -- " : "",
                        m->targets[g].label);
        }
    }
}

/* The employers of every scenario, each once, into names (n_staff of
 * all scenarios at most); their count. */
static size_t employers(const struct table *t, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        for (size_t k = 0; k < t->c[i].costs.n_employers; k++) {
            const char *e = t->c[i].costs.employer[k];
            bool seen = false;
            for (size_t j = 0; j < n; j++)
                seen = seen || !strcmp(names[j], e);
            if (!seen)
                names[n++] = e;
        }
    return n;
}

/* arg: an employer's name; what: 0 hours, 1 euros. */
struct emp_arg {
    const char *name;
    int what;
};

static double g_employer(const struct compare_one *c, const void *arg)
{
    const struct emp_arg *a = arg;
    for (size_t k = 0; k < c->costs.n_employers; k++)
        if (!strcmp(c->costs.employer[k], a->name))
            return a->what ? c->costs.employer_euros[k] : c->costs.employer_hours[k];
    return NAN;
}

static void text_employers(const struct table *t)
{
    size_t total = 0;
    for (size_t i = 0; i < t->n; i++)
        total += t->c[i].sc->model->n_staff;
    const char **names = calloc(total + 1, sizeof *names);
    if (!names)
        return;
    size_t n = employers(t, names);
    section(t, "Par employeur");
    for (size_t k = 0; k < n; k++) {
        char label[200];
        const char *e = *names[k] ? names[k] : "(employeur non précisé)";
        struct emp_arg a = {names[k], 0};
        snprintf(label, sizeof label, "%s : heures", e);
        row(t, label, g_employer, &a, ROW_DEC1);
        a.what = 1;
        snprintf(label, sizeof label, "%s : temps en €", e);
        row(t, label, g_employer, &a, ROW_INT);
    }
    free(names);
}

static void text_costs(const struct table *t)
{
    section(t, "Coûts sur la période (euros)");
    row(t, "Temps du personnel (heures × coût horaire)", g_c_staff, NULL, ROW_INT);
    row(t, "Km des véhicules de service", g_c_km, NULL, ROW_INT);
    row(t, "Véhicules (coût annuel au prorata)", g_c_veh, NULL, ROW_INT);
    row(t, "Sites fixes (coût annuel au prorata)", g_c_sites, NULL, ROW_INT);
    row(t, "Total sur la période", g_c_total, NULL, ROW_INT);
    row(t, "Total ramené à une année", g_c_year, NULL, ROW_INT);
    text_employers(t);
    if (t->html)
        return;
    fprintf(t->out, "\nCe qui est chiffré : les heures de travail prévues au coût "
            "horaire de chaque personne (ou celui des paramètres du territoire), "
            "les km des véhicules de service à leur coût au km, et le coût annuel "
            "des véhicules et des sites qui en donnent un, au prorata de la "
            "période.  Les km faits avec une voiture personnelle ne sont pas "
            "chiffrés ; une personne sans coût horaire non plus.\n");
}

void compare_write_table_html(const struct compare_one *c, size_t n, FILE *out)
{
    struct table t = {.c = c, .n = n, .width = 0, .out = out, .html = true};
    fputs("<table class=\"compare\">\n<thead><tr><th></th>", out);
    for (size_t i = 0; i < n; i++) {
        fputs("<th scope=\"col\">", out);
        report_html_text(out, c[i].sc->name);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    text_overall(&t);
    text_services(&t);
    text_costs(&t);
    text_lists(&t);
    fputs("</tbody>\n</table>\n", out);
}

enum status compare_write_text(const struct compare_scenario *sc, size_t n,
                               FILE *out, struct diag *err)
{
    struct compare_one *c = NULL;
    enum status st = compare_compute(sc, n, &c, err);
    if (st != STATUS_OK)
        return st;
    struct table t = {.c = c, .n = n, .width = 12, .out = out};
    for (size_t i = 0; i < n; i++)
        if (text_width(sc[i].name) + 2 > t.width)
            t.width = text_width(sc[i].name) + 2;
    char d0[REPORT_DATE_LEN], d1[REPORT_DATE_LEN];
    report_date_long(d0, sc[0].plan->horizon_start, REPORT_FR);
    report_date_long(d1, sc[0].plan->horizon_end, REPORT_FR);
    fprintf(out, "Comparaison de scénarios -- %s\n", sc[0].model->settings.name);
    fprintf(out, "Période : du %s au %s (%.0f semaines)\n", d0, d1,
            summary_weeks(sc[0].plan));
    fprintf(out, "Scénarios :");
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s %s (plan %lld)", i ? "," : "", sc[i].name, sc[i].plan->id);
    fprintf(out, "\n\n");
    row_label(&t, "", "");
    for (size_t i = 0; i < n; i++)
        cell(&t, sc[i].name);
    fputc('\n', out);
    text_overall(&t);
    text_services(&t);
    text_lists(&t);
    text_costs(&t);
    fprintf(out, "\nDifférences par rapport à %s :\n", sc[0].name);
    for (size_t i = 1; i < n; i++) {
        fputs("  ", out);
        compare_diff_line(&c[0], &c[i], out);
        fputc('\n', out);
    }
    compare_free(c, n);
    return STATUS_OK;
}
