/* poster.c -- one poster per commune, for the mairie's notice board and
 * IntraMuros-style apps: the plan's confirmed sessions in the commune,
 * one block per service with the same headings for every service (Quoi,
 * Pour qui, Où, Quand, Inscription: 000 L2416-2417 asks for one
 * presentation across services), and how to subscribe to the commune's
 * calendar (its address under --base-url and a QR code of it).  The
 * content is built once as a list of lines (poster_lines), then drawn on
 * an A4 PDF page with cairo and pango or written as HTML. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_draw.h"

enum line_kind { L_TITLE, L_SUB, L_SERVICE, L_FIELD, L_NOTE };
struct line {
    enum line_kind kind;
    const char *label;    /* L_FIELD's heading */
    char *text;           /* malloc'd */
};
struct poster {
    struct line *lines;
    size_t n, cap;
    bool nomem;
};

static void add(struct poster *po, enum line_kind k, const char *label,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(struct poster *po, enum line_kind k, const char *label,
                const char *fmt, ...)
{
    if (po->n == po->cap) {
        size_t cap = po->cap ? 2 * po->cap : 32;
        struct line *l = realloc(po->lines, cap * sizeof *l);
        if (!l) {
            po->nomem = true;
            return;
        }
        po->lines = l;
        po->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (text) {
        va_start(ap, fmt);
        vsnprintf(text, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    if (!text) {
        po->nomem = true;
        return;
    }
    po->lines[po->n++] = (struct line){k, label, text};
}

static void poster_free(struct poster *po)
{
    for (size_t i = 0; i < po->n; i++)
        free(po->lines[i].text);
    free(po->lines);
}

static bool in_commune(const struct model *m, const struct model_session *x, size_t c)
{
    return x->status == SESSION_CONFIRMED && x->service >= 0 && x->site >= 0 &&
           m->sites[x->site].commune == (int)c;
}

/* "mercredi 6 janvier 2027, 09:30 à 11:30 ; ..." for service s in c. */
static char *dates_of(const struct model *m, const struct model_plan *p, size_t c,
                      int s)
{
    char *buf = NULL, d[REPORT_DATE_LEN];
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return NULL;
    int k = 0;
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *x = &p->sessions[i];
        if (in_commune(m, x, c) && x->service == s)
            fprintf(mem, "%s%s, %02d:%02d à %02d:%02d", k++ ? "\n" : "",
                    report_date_long(d, x->day, REPORT_FR), x->start / 60,
                    x->start % 60, x->end / 60, x->end % 60);
    }
    fclose(mem);
    return buf;
}

/* The places of service s's sessions in c, each once: name, address. */
static char *places_of(const struct model *m, const struct model_plan *p, size_t c,
                       int s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return NULL;
    int k = 0;
    for (size_t st = 0; st < m->n_sites; st++) {
        bool used = false;
        for (size_t i = 0; i < p->n_sessions && !used; i++)
            used = in_commune(m, &p->sessions[i], c) && p->sessions[i].service == s &&
                   p->sessions[i].site == (int)st;
        if (used)
            fprintf(mem, "%s%s%s%s", k++ ? "\n" : "", m->sites[st].name,
                    *m->sites[st].address ? ", " : "", m->sites[st].address);
    }
    fclose(mem);
    return buf;
}

static void service_block(struct poster *po, const struct model *m,
                          const struct model_plan *p, size_t c, int s)
{
    const struct model_service *sv = &m->services[s];
    char *places = places_of(m, p, c, s), *dates = dates_of(m, p, c, s);
    add(po, L_SERVICE, NULL, "%s", sv->name);
    add(po, L_FIELD, "Quoi", "%s", sv->name);
    add(po, L_FIELD, "Pour qui", "%s", *sv->audience_text ? sv->audience_text
                                     : model_audience_words_fr(sv->target));
    add(po, L_FIELD, "Où", "%s", places ? places : "");
    add(po, L_FIELD, "Quand", "%s", dates ? dates : "");
    add(po, L_FIELD, "Inscription", "%s", *sv->booking ? sv->booking
                                          : "Sans inscription, entrée libre");
    free(places);
    free(dates);
}

static void poster_lines(struct poster *po, const struct model *m,
                         const struct model_plan *p, size_t c, const char *url)
{
    char d0[REPORT_DATE_LEN], d1[REPORT_DATE_LEN];
    add(po, L_TITLE, NULL, "%s", m->communes[c].name);
    add(po, L_SUB, NULL, "Les services qui viennent dans votre commune, du %s au %s",
        report_date_long(d0, p->horizon_start, REPORT_FR),
        report_date_long(d1, p->horizon_end, REPORT_FR));
    int blocks = 0;
    for (size_t s = 0; s < m->n_services; s++) {
        bool any = false;
        for (size_t i = 0; i < p->n_sessions && !any; i++)
            any = in_commune(m, &p->sessions[i], c) && p->sessions[i].service == (int)s;
        if (any) {
            service_block(po, m, p, c, (int)s);
            blocks++;
        }
    }
    if (!blocks)
        add(po, L_NOTE, NULL, "Aucune séance n'est prévue dans la commune sur "
            "cette période. Renseignez-vous en mairie sur les séances des communes "
            "voisines.");
    add(po, L_SERVICE, NULL, "Toutes les dates dans votre agenda");
    if (*url)
        add(po, L_NOTE, NULL, "Scannez le code avec l'appareil photo de votre "
            "téléphone, ou ajoutez cette adresse dans votre agenda (« s'abonner à un "
            "calendrier ») : les dates se mettent à jour toutes seules.\n%s", url);
    else
        add(po, L_NOTE, NULL, "Demandez en mairie l'adresse du calendrier de la commune.");
    add(po, L_NOTE, NULL, "%s — document édité par la communauté de communes.",
        m->settings.name);
}

/* ---- PDF ------------------------------------------------------------ */

#define PM 48.0
#define PW (REPORT_A4_W - 2 * PM)
#define QR_SIZE 120.0

static double draw_line(cairo_t *cr, const struct line *l, double y)
{
    switch (l->kind) {
    case L_TITLE:
        report_rgb(cr, 0x224477u);
        return report_text(cr, l->text, "DejaVu Sans Bold 26", PM, y, PW, ALIGN_LEFT) + 4;
    case L_SUB:
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        return report_text(cr, l->text, "DejaVu Sans 11", PM, y, PW, ALIGN_LEFT) + 14;
    case L_SERVICE:
        report_rgb(cr, 0x4477aau);
        cairo_rectangle(cr, PM, y, PW, 20);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        report_text(cr, l->text, "DejaVu Sans Bold 12", PM + 6, y + 2, PW - 12, ALIGN_LEFT);
        return 26;
    case L_FIELD: {
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        report_text(cr, l->label, "DejaVu Sans Bold 9.5", PM, y, 80, ALIGN_LEFT);
        double h = report_text(cr, l->text, "DejaVu Sans 9.5", PM + 85, y, PW - 85,
                               ALIGN_LEFT);
        return h + 4;
    }
    default:
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        return report_text(cr, l->text, "DejaVu Sans 9.5", PM, y, PW - QR_SIZE - 12,
                           ALIGN_LEFT) + 6;
    }
}

static enum status draw_poster(cairo_t *cr, const struct poster *po, const char *url,
                               struct diag *err)
{
    double y = PM;
    for (size_t i = 0; i < po->n; i++) {
        if (y > REPORT_A4_H - PM - 30) {
            cairo_show_page(cr);
            y = PM;
        }
        if (po->lines[i].kind == L_NOTE && *url && strstr(po->lines[i].text, url)) {
            if (y + QR_SIZE > REPORT_A4_H - PM) {
                cairo_show_page(cr);
                y = PM;
            }
            enum status st = report_qr_draw(cr, url, PM + PW - QR_SIZE, y, QR_SIZE, err);
            if (st != STATUS_OK)
                return st;
            double h = draw_line(cr, &po->lines[i], y);
            y += h > QR_SIZE ? h : QR_SIZE + 6;
            continue;
        }
        y += draw_line(cr, &po->lines[i], y);
    }
    cairo_show_page(cr);
    return STATUS_OK;
}

/* The commune's calendar address into url and the poster's lines into
 * po; false (po freed) when out of memory.  Both writers start here. */
static bool poster_build(const struct model *m, const struct model_plan *p, size_t c,
                         const char *base_url, char url[1024], struct poster *po)
{
    report_commune_url(m, c, base_url, url);
    poster_lines(po, m, p, c, url);
    bool ok = !po->nomem;
    if (!ok)
        poster_free(po);
    return ok;
}

enum status poster_write_pdf(const struct model *m, const struct model_plan *p,
                             size_t c, const char *base_url, FILE *out,
                             struct diag *err)
{
    char url[1024];
    struct poster po = {0};
    if (!poster_build(m, p, c, base_url, url, &po))
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(report_cairo_write, out,
                                                              REPORT_A4_W, REPORT_A4_H);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, m->communes[c].name);
    cairo_t *cr = cairo_create(sf);
    enum status st = draw_poster(cr, &po, url, err);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    poster_free(&po);
    if (st == STATUS_OK && cs != CAIRO_STATUS_SUCCESS)
        st = diag_set(err, STATUS_IO, NULL, 0, 0, NULL, "writing a poster: %s",
                      cairo_status_to_string(cs));
    return st;
}

/* ---- HTML ----------------------------------------------------------- */

static const char poster_css[] =
    "body{font-family:\"DejaVu Sans\",Arial,sans-serif;margin:0 auto;max-width:760px;"
    "padding:24px;color:#222}h1{color:#224477;font-size:2.2em;margin:0}"
    ".sub{font-size:1.1em;margin-bottom:1.2em}"
    "h2{background:#4477aa;color:#fff;font-size:1.1em;padding:4px 8px;margin:1em 0 .4em}"
    "dl{display:grid;grid-template-columns:7em 1fr;gap:.2em .6em;margin:0}"
    "dt{font-weight:bold}dd{margin:0;white-space:pre-line}"
    ".qr{float:right;width:120px;height:120px;margin-left:12px}"
    ".note{white-space:pre-line}.url{word-break:break-all;font-family:monospace}"
    "@page{size:A4;margin:14mm}@media print{body{max-width:none;padding:0}"
    "h2,dl{break-inside:avoid}}\n";

static void draw_qr(cairo_t *cr, const void *arg)
{
    struct diag ignored;
    report_qr_draw(cr, arg, 0, 0, QR_SIZE, &ignored);
}

static void html_line(FILE *out, const struct line *l, bool *in_dl)
{
    if (*in_dl && l->kind != L_FIELD) {
        fputs("</dl>\n", out);
        *in_dl = false;
    }
    static const char *const open[] = {"<h1>", "<p class=\"sub\">", "<h2>", "", "<p class=\"note\">"};
    static const char *const close[] = {"</h1>\n", "</p>\n", "</h2>\n", "", "</p>\n"};
    if (l->kind == L_FIELD) {
        fputs(*in_dl ? "<dt>" : "<dl>\n<dt>", out);
        *in_dl = true;
        report_html_text(out, l->label);
        fputs("</dt><dd>", out);
        report_html_text(out, l->text);
        fputs("</dd>\n", out);
        return;
    }
    fputs(open[l->kind], out);
    report_html_text(out, l->text);
    fputs(close[l->kind], out);
}

enum status poster_write_html(const struct model *m, const struct model_plan *p,
                              size_t c, const char *base_url, FILE *out,
                              struct diag *err)
{
    char url[1024];
    struct poster po = {0};
    if (!poster_build(m, p, c, base_url, url, &po))
        return diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory");
    fputs("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
    report_html_text(out, m->communes[c].name);
    fprintf(out, " — services itinérants</title>\n<style>\n%s</style>\n</head>\n<body>\n",
            poster_css);
    bool in_dl = false;
    enum status st = STATUS_OK;
    for (size_t i = 0; i < po.n && st == STATUS_OK; i++) {
        if (po.lines[i].kind == L_NOTE && *url && strstr(po.lines[i].text, url)) {
            fputs(in_dl ? "</dl>\n" : "", out);
            in_dl = false;
            fputs("<div class=\"qr\" role=\"img\" aria-label=\"code QR du calendrier\">", out);
            st = report_svg_inline(out, QR_SIZE, QR_SIZE, draw_qr, url, "qr-", err);
            fputs("</div>\n", out);
        }
        html_line(out, &po.lines[i], &in_dl);
    }
    fputs(in_dl ? "</dl>\n</body>\n</html>\n" : "</body>\n</html>\n", out);
    poster_free(&po);
    return st;
}
