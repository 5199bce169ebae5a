/* report_calendar.c -- the month-by-month calendar of a plan in the HTML
 * report: one grid a month (Monday first, as French calendars), each day
 * with its confirmed sessions (start time, service, commune).  The PDF
 * report lists the same sessions month by month (report_pdf.c). */
#include "report_draw.h"

/* The first day of the month holding day d, and of the next month. */
static void month_bounds(int d, int *first, int *next)
{
    struct model_date md = model_date_from_days(d);
    md.day = 1;
    *first = model_date_to_days(md);
    md.month++;
    if (md.month > 12) {
        md.month = 1;
        md.year++;
    }
    *next = model_date_to_days(md);
}

static void day_cell(const struct model *m, const struct model_plan *p, int d,
                     bool inside, FILE *out)
{
    struct model_date md = model_date_from_days(d);
    fprintf(out, "<td%s><span class=\"d\">%d</span>", inside ? "" : " class=\"out\"",
            md.day);
    for (size_t i = 0; inside && i < p->n_sessions; i++) {
        const struct model_session *x = &p->sessions[i];
        if (x->day != d || x->status != SESSION_CONFIRMED || x->service < 0 || x->site < 0)
            continue;
        fprintf(out, "%02d:%02d ", x->start / 60, x->start % 60);
        report_html_text(out, m->services[x->service].name);
        fputs(" — ", out);
        report_html_text(out, m->communes[m->sites[x->site].commune].name);
        fputs("<br>", out);
    }
    fputs("</td>", out);
}

static void month(const struct model *m, const struct model_plan *p, int first,
                  int next, FILE *out)
{
    static const char *const head[7] = {"lundi", "mardi", "mercredi", "jeudi",
                                        "vendredi", "samedi", "dimanche"};
    struct model_date md = model_date_from_days(first);
    fprintf(out, "<div class=\"month\">\n<h3>%s %d</h3>\n<table class=\"cal\">\n"
            "<thead><tr>", report_month_name(md.month, REPORT_FR), md.year);
    for (int k = 0; k < 7; k++)
        fprintf(out, "<th>%s</th>", head[k]);
    fputs("</tr></thead>\n<tbody>\n", out);
    int d = first - model_date_weekday(first);
    while (d < next) {
        fputs("<tr>", out);
        for (int k = 0; k < 7; k++, d++)
            day_cell(m, p, d, d >= first && d < next && d >= p->horizon_start &&
                                  d <= p->horizon_end, out);
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n</div>\n", out);
}

void report_html_calendar(const struct model *m, const struct model_plan *p,
                          const char *name, FILE *out)
{
    fputs("<section id=\"calendrier\">\n<h2>Calendrier mois par mois : ", out);
    report_html_text(out, name);
    fputs("</h2>\n", out);
    int first, next;
    for (int d = p->horizon_start; d <= p->horizon_end; d = next) {
        month_bounds(d, &first, &next);
        month(m, p, first, next, out);
    }
    fputs("</section>\n", out);
}
