/* report_cairo.c -- the small cairo and pango helpers the drawing files
 * share (report_draw.h): writing a surface into a stream, text in a box,
 * colours, an SVG of a drawing, and each commune's feed address. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_draw.h"

cairo_status_t report_cairo_write(void *closure, const unsigned char *data,
                                  unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

double report_text(cairo_t *cr, const char *text, const char *font, double x,
                   double y, double width, enum report_align align)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout, align == ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                       : align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                              : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout, text, -1);
    int pw, ph;
    pango_layout_get_size(layout, &pw, &ph);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    return (double)ph / PANGO_SCALE;
}

void report_rgb(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

int report_services_serving(const struct model *m, const struct summary_figures *f,
                            size_t c)
{
    int n = 0;
    for (size_t s = 0; s < m->n_services; s++)
        n += f->served[s * m->n_communes + c] > 0;
    return n;
}

enum status report_svg(FILE *out, double w, double h,
                       void (*fn)(cairo_t *cr, const void *arg), const void *arg,
                       struct diag *err)
{
    cairo_surface_t *sf = cairo_svg_surface_create_for_stream(report_cairo_write,
                                                              out, w, h);
    cairo_t *cr = cairo_create(sf);
    fn(cr, arg);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (cs != CAIRO_STATUS_SUCCESS)
        return diag_set(err, STATUS_IO, NULL, 0, 0, NULL, "drawing an SVG: %s",
                        cairo_status_to_string(cs));
    return STATUS_OK;
}

void report_commune_url(const struct model *m, size_t c, const char *base_url,
                        char out[1024])
{
    char path[256];
    out[0] = '\0';
    if (!base_url || !*base_url)
        return;
    ics_feed_path(m, (struct ics_feed){ICS_FEED_COMMUNE, (int)c}, path);
    size_t n = strlen(base_url);
    while (n && base_url[n - 1] == '/')
        n--;
    snprintf(out, 1024, "%.*s/%s", (int)n, base_url, path);
}

/* An SVG drawing written inline: cairo's document without its XML
 * declaration, its ids prefixed by prefix so that two drawings in one
 * page never share a glyph or a clip id. */
static void inline_svg(FILE *out, const char *svg, const char *prefix)
{
    const char *p = strstr(svg, "<svg");
    if (!p)
        return;
    while (*p) {
        if (!strncmp(p, "id=\"", 4)) {
            fprintf(out, "id=\"%s", prefix);
            p += 4;
        } else if (!strncmp(p, "href=\"#", 7)) {
            fprintf(out, "href=\"#%s", prefix);
            p += 7;
        } else if (!strncmp(p, "url(#", 5)) {
            fprintf(out, "url(#%s", prefix);
            p += 5;
        } else {
            fputc(*p++, out);
        }
    }
}

/* Draws fn into an SVG and writes it inline. */
enum status report_svg_inline(FILE *out, double w, double h,
                              void (*fn)(cairo_t *, const void *), const void *arg,
                              const char *prefix, struct diag *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    enum status st = report_svg(mem, w, h, fn, arg, err);
    if (fclose(mem) != 0 && st == STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (st == STATUS_OK)
        inline_svg(out, buf, prefix);
    free(buf);
    return st;
}

