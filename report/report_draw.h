/* report_draw.h -- what the drawing files of report/ share (not part of
 * report.h): cairo output into a stream, text with pango, the territory
 * map, the bar charts and QR codes, drawn once into any cairo context so
 * the HTML report (SVG surfaces), the PDF report and the posters (PDF
 * surfaces) show the same pictures.  Sizes are in points (1/72 inch). */
#ifndef REPORT_DRAW_H
#define REPORT_DRAW_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "report_int.h"

/* A4 in points, portrait. */
#define REPORT_A4_W 595.276
#define REPORT_A4_H 841.890

/* cairo's write function: closure is a FILE *. */
cairo_status_t report_cairo_write(void *closure, const unsigned char *data,
                                  unsigned int length);

enum report_align { ALIGN_LEFT = 0, ALIGN_CENTER, ALIGN_RIGHT };
/* Draws text (UTF-8) with pango at (x, y), the top-left corner of a box
 * width wide (0: no wrapping), font a pango description ("DejaVu Sans
 * Bold 11").  Returns the height drawn. */
double report_text(cairo_t *cr, const char *text, const char *font, double x,
                   double y, double width, enum report_align align);
/* RGB of a hex colour 0xRRGGBB as the source. */
void report_rgb(cairo_t *cr, unsigned rgb);

/* The three colours of access (legend, map, posters): every service,
 * some, none. */
#define REPORT_COL_ALL 0x1a9850u
#define REPORT_COL_SOME 0xf39c12u
#define REPORT_COL_NONE 0xd73027u
/* How many of the model's services serve commune c (f->served). */
int report_services_serving(const struct model *m, const struct summary_figures *f,
                            size_t c);

/* The territory (report_map.c) in the box (x, y, w, h): communes as
 * circles sized by population and coloured by how many services reach
 * them, the places of the plan's sessions as squares, fixed sites
 * (kind france_services) as triangles, names in small type, a legend. */
void report_map_draw(cairo_t *cr, const struct model *m, const struct model_plan *p,
                     const struct summary_figures *f, double x, double y,
                     double w, double h);
/* The share of each service's audience within reach, one bar per
 * scenario (report_chart.c), and the sessions per sector of one
 * scenario's services. */
void report_chart_reach(cairo_t *cr, const struct compare_one *c, size_t n,
                        double x, double y, double w, double h);
void report_chart_sectors(cairo_t *cr, const struct compare_one *c, double x,
                          double y, double w, double h);
/* The height report_chart_reach / report_chart_sectors need for width w. */
double report_chart_reach_height(const struct compare_one *c, size_t n);
double report_chart_sectors_height(const struct compare_one *c);

/* A QR code of text (qr.c, libqrencode) as black squares in a size x
 * size box with its quiet zone.  STATUS_INVALID when text cannot be
 * encoded, STATUS_NOMEM. */
enum status report_qr_draw(cairo_t *cr, const char *text, double x, double y,
                           double size, struct diag *err);

/* Draws with fn into an SVG surface of w x h points written to out
 * (report_cairo.c); STATUS_IO when cairo fails. */
enum status report_svg(FILE *out, double w, double h,
                       void (*fn)(cairo_t *cr, const void *arg), const void *arg,
                       struct diag *err);

/* The month-by-month calendar of p's confirmed sessions as HTML
 * (report_calendar.c), titled with the scenario's name. */
void report_html_calendar(const struct model *m, const struct model_plan *p,
                          const char *name, FILE *out);
/* The colour of scenario i in the charts (report_chart.c). */
unsigned report_scenario_colour(size_t i);

/* The same, written inline into an HTML page: without the XML
 * declaration, every id prefixed by prefix (two drawings in one page
 * must not share a glyph or clip id). */
enum status report_svg_inline(FILE *out, double w, double h,
                              void (*fn)(cairo_t *cr, const void *arg),
                              const void *arg, const char *prefix,
                              struct diag *err);

/* The feed address of commune c under base_url ("" when base_url is
 * NULL or empty) into out. */
void report_commune_url(const struct model *m, size_t c, const char *base_url,
                        char out[1024]);

#endif
