/* report_map.c -- the map of the territory for élus, drawn with cairo from
 * the communes' coordinates (communes.csv lat/lon, an equirectangular
 * projection scaled by the cosine of the mean latitude): each commune a
 * circle whose area follows its population, green when every service
 * reaches it, orange when some do, red when none; the places where the
 * plan holds sessions as dark squares; the fixed France Services sites as
 * blue triangles; the names in small type; a legend.  The same drawing
 * goes into the HTML report (SVG), the PDF report and nowhere else. */
#include <math.h>

#include "report_draw.h"

#define COL_SITE 0x2c3e50u
#define COL_FIXED 0x2166acu

/* The projection of the box: lon/lat to points. */
struct proj {
    double lon0, lat0, kx, scale, ox, oy;
};

static void bounds(const struct model *m, double b[4])
{
    b[0] = b[2] = 1e9;
    b[1] = b[3] = -1e9;
    for (size_t c = 0; c < m->n_communes; c++) {
        const struct model_commune *k = &m->communes[c];
        b[0] = fmin(b[0], k->lon);
        b[1] = fmax(b[1], k->lon);
        b[2] = fmin(b[2], k->lat);
        b[3] = fmax(b[3], k->lat);
    }
    if (b[1] - b[0] < 1e-3) {
        b[0] -= 0.01;
        b[1] += 0.01;
    }
    if (b[3] - b[2] < 1e-3) {
        b[2] -= 0.01;
        b[3] += 0.01;
    }
}

static struct proj projection(const struct model *m, double x, double y, double w,
                              double h)
{
    double b[4];
    bounds(m, b);
    struct proj p;
    p.lon0 = b[0];
    p.lat0 = b[3];
    p.kx = cos((b[2] + b[3]) / 2 * M_PI / 180);
    double dx = (b[1] - b[0]) * p.kx, dy = b[3] - b[2];
    double margin = 28;
    p.scale = fmin((w - 2 * margin) / dx, (h - 2 * margin - 50) / dy);
    p.ox = x + (w - dx * p.scale) / 2;
    p.oy = y + margin;
    return p;
}

static void project(const struct proj *p, double lat, double lon, double *px,
                    double *py)
{
    *px = p->ox + (lon - p->lon0) * p->kx * p->scale;
    *py = p->oy + (p->lat0 - lat) * p->scale;
}

static double radius(const struct model *m, size_t c)
{
    double most = 1;
    for (size_t k = 0; k < m->n_communes; k++)
        most = fmax(most, m->communes[k].population);
    return 3 + 13 * sqrt(m->communes[c].population / most);
}

static unsigned access_colour(const struct model *m, const struct summary_figures *f,
                              size_t c)
{
    int n = report_services_serving(m, f, c);
    return n == (int)m->n_services && n ? REPORT_COL_ALL : n ? REPORT_COL_SOME
                                                             : REPORT_COL_NONE;
}

static void communes(cairo_t *cr, const struct model *m, const struct summary_figures *f,
                     const struct proj *p)
{
    for (size_t c = 0; c < m->n_communes; c++) {
        double px, py, r = radius(m, c);
        project(p, m->communes[c].lat, m->communes[c].lon, &px, &py);
        cairo_arc(cr, px, py, r, 0, 2 * M_PI);
        report_rgb(cr, access_colour(m, f, c));
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    for (size_t c = 0; c < m->n_communes; c++) {
        double px, py, r = radius(m, c);
        project(p, m->communes[c].lat, m->communes[c].lon, &px, &py);
        report_text(cr, m->communes[c].name, "DejaVu Sans 5.5", px - 45, py + r + 1,
                    90, ALIGN_CENTER);
    }
}

static void triangle(cairo_t *cr, double x, double y, double s)
{
    cairo_move_to(cr, x, y - s);
    cairo_line_to(cr, x + s, y + s * 0.8);
    cairo_line_to(cr, x - s, y + s * 0.8);
    cairo_close_path(cr);
}

static void sites(cairo_t *cr, const struct model *m, const struct model_plan *p,
                  const struct proj *pr)
{
    for (size_t s = 0; s < m->n_sites; s++) {
        bool used = false;
        for (size_t i = 0; i < p->n_sessions && !used; i++)
            used = p->sessions[i].site == (int)s &&
                   p->sessions[i].status == SESSION_CONFIRMED;
        bool fixed = m->sites[s].kind == SITE_FRANCE_SERVICES;
        if (!used && !fixed)
            continue;
        double px, py;
        project(pr, m->sites[s].lat, m->sites[s].lon, &px, &py);
        if (fixed) {
            triangle(cr, px, py, 5);
            report_rgb(cr, COL_FIXED);
        } else {
            cairo_rectangle(cr, px - 2.2, py - 2.2, 4.4, 4.4);
            report_rgb(cr, COL_SITE);
        }
        cairo_fill(cr);
    }
}

/* One legend entry: a mark drawn by kind, then its words. */
static double legend_item(cairo_t *cr, double x, double y, int kind, unsigned rgb,
                          const char *words)
{
    report_rgb(cr, rgb);
    if (kind == 0)
        cairo_arc(cr, x + 4, y + 5, 4, 0, 2 * M_PI);
    else if (kind == 1)
        cairo_rectangle(cr, x + 2, y + 3, 4.4, 4.4);
    else
        triangle(cr, x + 4, y + 5, 4.5);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    report_text(cr, words, "DejaVu Sans 6.5", x + 11, y, 0, ALIGN_LEFT);
    return x + 11 + 6.5 * 0.62 * text_width(words) + 14;
}

static void legend(cairo_t *cr, double x, double y)
{
    double lx = x;
    lx = legend_item(cr, lx, y, 0, REPORT_COL_ALL, "tous les services");
    lx = legend_item(cr, lx, y, 0, REPORT_COL_SOME, "une partie");
    lx = legend_item(cr, lx, y, 0, REPORT_COL_NONE, "aucun service");
    y += 12;
    lx = x;
    lx = legend_item(cr, lx, y, 1, COL_SITE, "lieu de séances");
    legend_item(cr, lx, y, 2, COL_FIXED, "France Services fixe");
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    report_text(cr, "taille du cercle : population", "DejaVu Sans 6.5", x, y + 12, 0,
                ALIGN_LEFT);
}

void report_map_draw(cairo_t *cr, const struct model *m, const struct model_plan *p,
                     const struct summary_figures *f, double x, double y, double w,
                     double h)
{
    struct proj pr = projection(m, x, y, w, h);
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, 0.97, 0.97, 0.95);
    cairo_fill(cr);
    communes(cr, m, f, &pr);
    sites(cr, m, p, &pr);
    legend(cr, x + 8, y + h - 40);
    cairo_restore(cr);
}
