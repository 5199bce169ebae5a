/* report_pdf.c -- report.pdf, the report as A4 pages drawn with cairo's
 * PDF surface and pango (real text: searchable, accents kept): a cover
 * with the period, the differences in words and the first scenario's
 * map; a map page per other scenario; the bar charts; the comparison
 * table (compare.c's text, in a fixed-width font); the communes one by
 * one; the sessions month by month.  Same figures as report_html.c. */
#include <stdlib.h>
#include <string.h>

#include "report_draw.h"

#define MARGIN 42.0
#define BODY_W (REPORT_A4_W - 2 * MARGIN)
#define BOTTOM (REPORT_A4_H - MARGIN)

struct pdf {
    cairo_t *cr;
    double y;
    int page;
    const char *title;
};

static void footer(struct pdf *d)
{
    char b[64];
    snprintf(b, sizeof b, "page %d", d->page);
    cairo_set_source_rgb(d->cr, 0.4, 0.4, 0.4);
    report_text(d->cr, d->title, "DejaVu Sans 7", MARGIN, BOTTOM + 12, BODY_W - 60,
                ALIGN_LEFT);
    report_text(d->cr, b, "DejaVu Sans 7", MARGIN, BOTTOM + 12, BODY_W, ALIGN_RIGHT);
}

static void new_page(struct pdf *d)
{
    footer(d);
    cairo_show_page(d->cr);
    d->page++;
    d->y = MARGIN;
}

/* Room for h more points, else a new page. */
static void need(struct pdf *d, double h)
{
    if (d->y + h > BOTTOM)
        new_page(d);
}

static void heading(struct pdf *d, const char *text)
{
    need(d, 40);
    cairo_set_source_rgb(d->cr, 0.13, 0.27, 0.47);
    d->y += report_text(d->cr, text, "DejaVu Sans Bold 13", MARGIN, d->y, BODY_W,
                        ALIGN_LEFT) + 6;
    cairo_set_source_rgb(d->cr, 0.1, 0.1, 0.1);
}

static void para(struct pdf *d, const char *text, const char *font)
{
    PangoLayout *l = pango_cairo_create_layout(d->cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(BODY_W * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    need(d, (double)h / PANGO_SCALE);
    d->y += report_text(d->cr, text, font, MARGIN, d->y, BODY_W, ALIGN_LEFT) + 2;
}

static void cover(struct pdf *d, const struct compare_one *c, size_t n)
{
    char d0[REPORT_DATE_LEN], d1[REPORT_DATE_LEN], line[600];
    const struct model_plan *p = c[0].sc->plan;
    cairo_set_source_rgb(d->cr, 0.1, 0.1, 0.1);
    d->y += report_text(d->cr, d->title, "DejaVu Sans Bold 17", MARGIN, d->y, BODY_W,
                        ALIGN_LEFT) + 6;
    snprintf(line, sizeof line, "Période : du %s au %s (%.0f semaines)",
             report_date_long(d0, p->horizon_start, REPORT_FR),
             report_date_long(d1, p->horizon_end, REPORT_FR), summary_weeks(p));
    para(d, line, "DejaVu Sans 10");
    for (size_t i = 1; i < n; i++) {
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem) {
            compare_diff_line(&c[0], &c[i], mem);
            fclose(mem);
        }
        para(d, text ? text : "", "DejaVu Sans 9");
        free(text);
    }
    d->y += 6;
}

static void map_block(struct pdf *d, const struct compare_one *c)
{
    double h = BODY_W * 0.85;
    char t[300];
    snprintf(t, sizeof t, "Carte du territoire : %s", c->sc->name);
    heading(d, t);
    need(d, h);
    report_map_draw(d->cr, c->sc->model, c->sc->plan, &c->f, MARGIN, d->y, BODY_W, h);
    d->y += h + 8;
}

static void charts(struct pdf *d, const struct compare_one *c, size_t n)
{
    heading(d, "Part du public à portée, par service");
    double h = report_chart_reach_height(c, n);
    need(d, h);
    report_chart_reach(d->cr, c, n, MARGIN, d->y, BODY_W, h);
    d->y += h + 8;
    for (size_t i = 0; i < n; i++) {
        char t[300];
        snprintf(t, sizeof t, "Séances par secteur : %s", c[i].sc->name);
        heading(d, t);
        h = report_chart_sectors_height(&c[i]);
        need(d, h);
        report_chart_sectors(d->cr, &c[i], MARGIN, d->y, BODY_W, h);
        d->y += h + 8;
    }
}

/* The comparison's text, line by line, in a fixed-width font. */
static enum status table_pages(struct pdf *d, const struct compare_scenario *sc,
                               size_t n, struct diag *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    enum status st = n > 1 ? compare_write_text(sc, n, mem, err)
                           : summary_write_text(sc[0].model, sc[0].plan, NULL, mem, err);
    fclose(mem);
    if (st == STATUS_OK) {
        new_page(d);
        heading(d, n > 1 ? "Tableau de comparaison" : "Synthèse");
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
            para(d, line, "DejaVu Sans Mono 6.6");
    }
    free(text);
    return st;
}

static void communes_page(struct pdf *d, const struct compare_one *c)
{
    const struct model *m = c->sc->model;
    char line[400], b[REPORT_NUM_LEN];
    heading(d, "Les communes une à une");
    for (size_t k = 0; k < m->n_communes; k++) {
        snprintf(line, sizeof line, "%s — %s habitants — services à portée : %d sur "
                 "%zu — séances dans la commune : %d", m->communes[k].name,
                 report_number(b, m->communes[k].population, 0, REPORT_FR),
                 report_services_serving(m, &c->f, k), m->n_services,
                 c->f.commune_sessions[k]);
        para(d, line, "DejaVu Sans 8");
    }
}

/* Month by month: one line a day with its sessions. */
static void calendar_pages(struct pdf *d, const struct compare_one *c)
{
    const struct model *m = c->sc->model;
    const struct model_plan *p = c->sc->plan;
    char t[300], date[REPORT_DATE_LEN];
    snprintf(t, sizeof t, "Calendrier mois par mois : %s", c->sc->name);
    new_page(d);
    heading(d, t);
    int month = 0;
    for (int day = p->horizon_start; day <= p->horizon_end; day++) {
        char *line = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&line, &len);
        if (!mem)
            return;
        int k = 0;
        for (size_t i = 0; i < p->n_sessions; i++) {
            const struct model_session *x = &p->sessions[i];
            if (x->day != day || x->status != SESSION_CONFIRMED || x->site < 0)
                continue;
            fprintf(mem, "%s%02d:%02d %s — %s", k++ ? " ; " : " : ", x->start / 60,
                    x->start % 60, m->services[x->service].name,
                    m->communes[m->sites[x->site].commune].name);
        }
        fclose(mem);
        struct model_date md = model_date_from_days(day);
        if (md.month != month) {
            month = md.month;
            snprintf(t, sizeof t, "%s %d", report_month_name(md.month, REPORT_FR), md.year);
            d->y += 4;
            para(d, t, "DejaVu Sans Bold 10");
        }
        if (k) {
            char *full = NULL;
            size_t fl = 0;
            FILE *fm = open_memstream(&full, &fl);
            if (fm) {
                fprintf(fm, "%s%s", report_date_long(date, day, REPORT_FR), line);
                fclose(fm);
                para(d, full, "DejaVu Sans 7.5");
            }
            free(full);
        }
        free(line);
    }
}

static enum status pages(struct pdf *d, const struct compare_scenario *sc, size_t n,
                         const struct compare_one *c, struct diag *err)
{
    cover(d, c, n);
    map_block(d, &c[0]);
    for (size_t i = 1; i < n; i++) {
        new_page(d);
        map_block(d, &c[i]);
    }
    new_page(d);
    charts(d, c, n);
    enum status st = table_pages(d, sc, n, err);
    if (st != STATUS_OK)
        return st;
    new_page(d);
    communes_page(d, &c[0]);
    calendar_pages(d, &c[0]);
    footer(d);
    cairo_show_page(d->cr);
    return STATUS_OK;
}

enum status report_write_pdf(const struct compare_scenario *sc, size_t n,
                             FILE *out, struct diag *err)
{
    struct compare_one *c = NULL;
    enum status st = compare_compute(sc, n, &c, err);
    if (st != STATUS_OK)
        return st;
    char title[300];
    snprintf(title, sizeof title, "%s%s", n > 1 ? "Comparaison de scénarios — "
                                                : "Rapport — ",
             sc[0].model->settings.name);
    cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(report_cairo_write, out,
                                                              REPORT_A4_W, REPORT_A4_H);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, title);
    struct pdf d = {cairo_create(sf), MARGIN, 1, title};
    st = pages(&d, sc, n, c, err);
    cairo_status_t cs = cairo_status(d.cr);
    cairo_destroy(d.cr);
    cairo_surface_finish(sf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    compare_free(c, n);
    if (st == STATUS_OK && cs != CAIRO_STATUS_SUCCESS)
        st = diag_set(err, STATUS_IO, NULL, 0, 0, NULL, "writing the PDF: %s",
                      cairo_status_to_string(cs));
    return st;
}
