/* report_chart.c -- the bar charts of the report, drawn with cairo (SVG in
 * the HTML report, vectors in the PDF): per service, the share of its
 * audience within reach in each scenario (one bar each, the scenario's
 * colour); and per service and sector, the sessions of one scenario.  The
 * figures are summary_figures.c's, through compare_compute. */
#include <math.h>
#include <stdio.h>

#include "report_draw.h"

#define BAR 11.0
#define GAP 3.0
#define HEAD 16.0
#define LABEL_W 150.0

/* The scenarios' colours, in order (colour-blind safe). */
static const unsigned palette[] = {0x4477aau, 0xee6677u, 0x228833u, 0xccbb44u,
                                   0x66ccffu, 0xaa3377u};

unsigned report_scenario_colour(size_t i)
{
    return palette[i % (sizeof palette / sizeof *palette)];
}

static size_t n_groups(const struct compare_one *c)
{
    return c[0].sc->model->n_services;
}

double report_chart_reach_height(const struct compare_one *c, size_t n)
{
    return (double)n_groups(c) * (HEAD + n * (BAR + GAP) + 6) + 4;
}

/* One bar: its box, value in words at its end. */
static void bar(cairo_t *cr, double x, double y, double w, double frac,
                unsigned rgb, const char *words)
{
    report_rgb(cr, 0xe6e6e6u);
    cairo_rectangle(cr, x, y, w, BAR);
    cairo_fill(cr);
    report_rgb(cr, rgb);
    cairo_rectangle(cr, x, y, w * fmax(0, fmin(1, frac)), BAR);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    report_text(cr, words, "DejaVu Sans 7", x + 3, y + 0.5, 0, ALIGN_LEFT);
}

void report_chart_reach(cairo_t *cr, const struct compare_one *c, size_t n,
                        double x, double y, double w, double h)
{
    (void)h;
    const struct model *m0 = c[0].sc->model;
    for (size_t s = 0; s < m0->n_services; s++) {
        const struct model_service *sv = &m0->services[s];
        char head[300];
        snprintf(head, sizeof head, "%s — %s à %d min ou moins", sv->name,
                 model_audience_words_fr(sv->target), sv->travel_max_minutes);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        report_text(cr, head, "DejaVu Sans Bold 7.5", x, y, w, ALIGN_LEFT);
        y += HEAD;
        for (size_t i = 0; i < n; i++) {
            const struct model *m = c[i].sc->model;
            int k = model_find_service(m, sv->id);
            double frac = k < 0 ? 0 : summary_share(c[i].f.svc_reach[k], c[i].f.svc_pop[k]);
            char words[200];
            if (k < 0)
                snprintf(words, sizeof words, "pas de ce service");
            else
                snprintf(words, sizeof words, "%.0f %%", 100 * frac);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            report_text(cr, c[i].sc->name, "DejaVu Sans 7", x, y + 0.5, LABEL_W - 6,
                        ALIGN_RIGHT);
            bar(cr, x + LABEL_W, y, w - LABEL_W, frac, report_scenario_colour(i), words);
            y += BAR + GAP;
        }
        y += 6;
    }
}

double report_chart_sectors_height(const struct compare_one *c)
{
    const struct model *m = c->sc->model;
    return (double)m->n_services * (HEAD + m->n_sectors * (BAR + GAP) + 6) + 4;
}

void report_chart_sectors(cairo_t *cr, const struct compare_one *c, double x,
                          double y, double w, double h)
{
    (void)h;
    const struct model *m = c->sc->model;
    size_t nk = m->n_sectors;
    int most = 1;
    for (size_t i = 0; i < m->n_services * nk; i++)
        most = c->f.sec_sessions[i] > most ? c->f.sec_sessions[i] : most;
    for (size_t s = 0; s < m->n_services; s++) {
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        report_text(cr, m->services[s].name, "DejaVu Sans Bold 7.5", x, y, w, ALIGN_LEFT);
        y += HEAD;
        for (size_t k = 0; k < nk; k++) {
            int v = c->f.sec_sessions[s * nk + k];
            char words[64], label[200];
            snprintf(words, sizeof words, "%d séance%s", v, v > 1 ? "s" : "");
            snprintf(label, sizeof label, "secteur %s", m->sectors[k]);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            report_text(cr, label, "DejaVu Sans 7", x, y + 0.5, LABEL_W - 6, ALIGN_RIGHT);
            bar(cr, x + LABEL_W, y, w - LABEL_W, (double)v / most, 0x4477aau, words);
            y += BAR + GAP;
        }
        y += 6;
    }
}
