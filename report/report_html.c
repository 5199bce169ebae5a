/* report_html.c -- report.html, the comparison report for the commission
 * sociale: one self-contained file (no network: inline CSS, inline SVG
 * drawn by cairo, no script, no font or image to fetch), in French, that
 * opens from a USB stick and prints on A4 (print stylesheet, @page).  Its
 * parts: the title and period; the differences in words; a map of the
 * territory per scenario (report_map.c) with the communes' list under
 * it; the bar charts (report_chart.c); the comparison table (compare.c's
 * rows); a month-by-month calendar of the first scenario's sessions; how
 * the figures are computed.  The format is docs/output-formats.md,
 * "Report". */
#include <stdlib.h>
#include <string.h>

#include "report_draw.h"

void report_html_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

static const char css[] =
    "body{font-family:\"DejaVu Sans\",Arial,sans-serif;margin:0 auto;max-width:1100px;"
    "padding:16px;color:#222;line-height:1.4}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #4477aa;"
    "padding-bottom:2px;margin-top:1.6em}\n"
    ".maps{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;flex:1 1 480px}"
    "figure svg{width:100%;height:auto}figcaption{font-weight:bold}\n"
    "table{border-collapse:collapse;font-size:.85em;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:2px 6px}td{text-align:right}"
    "th[scope=row]{text-align:left;font-weight:normal}\n"
    "tr.section th{background:#eef3fa;text-align:left;font-weight:bold}\n"
    ".diff li{margin-bottom:.4em}\n"
    ".cal{width:100%;table-layout:fixed}.cal th{background:#eef3fa}"
    ".cal td{vertical-align:top;height:4.2em;text-align:left;font-size:.72em}"
    ".cal td.out{background:#f4f4f4;color:#aaa}.cal .d{font-weight:bold;display:block}\n"
    ".note{font-size:.85em;color:#444}\n"
    "@page{size:A4;margin:12mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:9.5pt}"
    ".maps figure{flex-basis:100%}h2{break-after:avoid}"
    ".month,figure,table.compare tr{break-inside:avoid}"
    "section{break-before:auto}}\n";

#define MAP_W 520.0
#define MAP_H 440.0
#define CHART_W 560.0

static void draw_map(cairo_t *cr, const void *arg)
{
    const struct compare_one *c = arg;
    report_map_draw(cr, c->sc->model, c->sc->plan, &c->f, 0, 0, MAP_W, MAP_H);
}

/* report_chart_reach's arguments. */
struct reach_arg {
    const struct compare_one *c;
    size_t n;
};

static void draw_reach(cairo_t *cr, const void *arg)
{
    const struct reach_arg *a = arg;
    report_chart_reach(cr, a->c, a->n, 0, 0, CHART_W,
                       report_chart_reach_height(a->c, a->n));
}

static void draw_sectors(cairo_t *cr, const void *arg)
{
    const struct compare_one *c = arg;
    report_chart_sectors(cr, c, 0, 0, CHART_W, report_chart_sectors_height(c));
}

static void html_head(const struct compare_one *c, size_t n, FILE *out)
{
    char d0[REPORT_DATE_LEN], d1[REPORT_DATE_LEN];
    const struct model_plan *p = c[0].sc->plan;
    fputs("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>", out);
    report_html_text(out, n > 1 ? "Comparaison de scénarios — " : "Rapport — ");
    report_html_text(out, c[0].sc->model->settings.name);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    report_html_text(out, n > 1 ? "Comparaison de scénarios — " : "Rapport — ");
    report_html_text(out, c[0].sc->model->settings.name);
    fprintf(out, "</h1>\n<p>Période : du %s au %s (%.0f semaines). Scénarios : ",
            report_date_long(d0, p->horizon_start, REPORT_FR),
            report_date_long(d1, p->horizon_end, REPORT_FR), summary_weeks(p));
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", out);
        report_html_text(out, c[i].sc->name);
    }
    fputs(".</p>\n</header>\n", out);
}

static void html_diffs(const struct compare_one *c, size_t n, FILE *out)
{
    if (n < 2)
        return;
    fputs("<section id=\"essentiel\">\n<h2>L'essentiel : les différences</h2>\n"
          "<ul class=\"diff\">\n", out);
    for (size_t i = 1; i < n; i++) {
        char *line = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&line, &len);
        if (mem) {
            compare_diff_line(&c[0], &c[i], mem);
            fclose(mem);
        }
        fputs("<li>", out);
        report_html_text(out, line);
        fputs("</li>\n", out);
        free(line);
    }
    fputs("</ul>\n</section>\n", out);
}

/* Under each map: every commune, its population, the services reaching
 * it and its sessions (the map's labels, as text). */
static void html_communes(const struct compare_one *c, FILE *out)
{
    const struct model *m = c->sc->model;
    char b[REPORT_NUM_LEN];
    fputs("<details><summary>Les communes une à une</summary>\n<table>\n"
          "<thead><tr><th>Commune</th><th>Habitants</th><th>Services à portée</th>"
          "<th>Séances dans la commune</th></tr></thead>\n<tbody>\n", out);
    for (size_t k = 0; k < m->n_communes; k++) {
        fputs("<tr><th scope=\"row\">", out);
        report_html_text(out, m->communes[k].name);
        fprintf(out, "</th><td>%s</td><td>%d sur %zu</td><td>%d</td></tr>\n",
                report_number(b, m->communes[k].population, 0, REPORT_FR),
                report_services_serving(m, &c->f, k), m->n_services,
                c->f.commune_sessions[k]);
    }
    fputs("</tbody>\n</table>\n</details>\n", out);
}

static enum status html_maps(const struct compare_one *c, size_t n, FILE *out,
                             struct diag *err)
{
    fputs("<section id=\"carte\">\n<h2>Carte du territoire : qui a un service à "
          "portée ?</h2>\n<p class=\"note\">Chaque cercle est une commune, sa taille "
          "suit sa population ; vert : tous les services sont à portée (dans leur "
          "temps de trajet), orange : une partie, rouge : aucun. Carré : lieu où des "
          "séances sont prévues ; triangle : France Services fixe.</p>\n"
          "<div class=\"maps\">\n", out);
    enum status st = STATUS_OK;
    for (size_t i = 0; i < n && st == STATUS_OK; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "map%zu-", i);
        fputs("<figure>\n<figcaption>", out);
        report_html_text(out, c[i].sc->name);
        fputs("</figcaption>\n", out);
        st = report_svg_inline(out, MAP_W, MAP_H, draw_map, &c[i], prefix, err);
        fputs("\n", out);
        html_communes(&c[i], out);
        fputs("</figure>\n", out);
    }
    fputs("</div>\n</section>\n", out);
    return st;
}

static enum status html_charts(const struct compare_one *c, size_t n, FILE *out,
                               struct diag *err)
{
    struct reach_arg a = {c, n};
    fputs("<section id=\"graphiques\">\n<h2>Part du public à portée, par service</h2>\n",
          out);
    enum status st = report_svg_inline(out, CHART_W, report_chart_reach_height(c, n),
                                draw_reach, &a, "reach-", err);
    for (size_t i = 0; i < n && st == STATUS_OK; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "sect%zu-", i);
        fputs("\n<h3>Séances par secteur : ", out);
        report_html_text(out, c[i].sc->name);
        fputs("</h3>\n", out);
        st = report_svg_inline(out, CHART_W, report_chart_sectors_height(&c[i]), draw_sectors,
                        &c[i], prefix, err);
    }
    fputs("\n</section>\n", out);
    return st;
}

enum status report_write_html(const struct compare_scenario *sc, size_t n,
                              FILE *out, struct diag *err)
{
    struct compare_one *c = NULL;
    enum status st = compare_compute(sc, n, &c, err);
    if (st != STATUS_OK)
        return st;
    html_head(c, n, out);
    html_diffs(c, n, out);
    st = html_maps(c, n, out, err);
    if (st == STATUS_OK)
        st = html_charts(c, n, out, err);
    if (st == STATUS_OK) {
        fputs("<section id=\"tableau\">\n<h2>Tableau de comparaison</h2>\n", out);
        compare_write_table_html(c, n, out);
        fputs("</section>\n", out);
        report_html_calendar(c[0].sc->model, c[0].sc->plan, c[0].sc->name, out);
        fputs("<footer class=\"note\">\n<h2>Comment ces chiffres sont calculés</h2>\n"
              "<p>Une commune est à portée d'un service quand une de ses séances a "
              "lieu dans la commune ou à son temps de trajet ou moins. Les heures du "
              "personnel comptent le temps sur place et la route. Les heures des "
              "contrats valent l'ETP × 1 607 heures par an, au prorata de la période. "
              "Les coûts : heures × coût horaire, km des véhicules de service × coût "
              "au km, coût annuel des véhicules et des sites fixes au prorata.</p>\n"
              "</footer>\n</body>\n</html>\n", out);
    }
    compare_free(c, n);
    return st;
}
