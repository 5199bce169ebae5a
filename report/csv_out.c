/* csv_out.c -- the CSV cells every CSV of report/ is made of
 * (sessions.csv in export.c, runs.csv in export_runs.c): the dialect's
 * separator, line end and decimal separator, RFC 4180 quoting, and
 * times as HH:MM. */
#include "report_int.h"

#include <stdio.h>
#include <string.h>

struct report_csv_style report_csv_style(enum export_dialect d)
{
    if (d == EXPORT_DIALECT_EXCEL_FR)
        return (struct report_csv_style){';', "\r\n", true, ','};
    return (struct report_csv_style){',', "\n", false, '.'};
}

void report_csv_cell(FILE *out, const struct report_csv_style *cs, const char *v,
                     bool last)
{
    /* RFC 4180: quote when the field holds the separator, a quote or a
     * line break; also leading/trailing spaces, which spreadsheets trim. */
    size_t n = strlen(v);
    bool q = strchr(v, cs->sep) || strpbrk(v, "\"\r\n") ||
             (n && (v[0] == ' ' || v[n - 1] == ' '));
    if (q) {
        fputc('"', out);
        for (const char *c = v; *c; c++) {
            if (*c == '"')
                fputc('"', out);
            fputc(*c, out);
        }
        fputc('"', out);
    } else {
        fputs(v, out);
    }
    if (last)
        fputs(cs->eol, out);
    else
        fputc(cs->sep, out);
}

void report_csv_number(FILE *out, const struct report_csv_style *cs, double v,
                       int decimals, bool last)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = cs->decimal;
    report_csv_cell(out, cs, buf, last);
}

void report_hhmm(int minutes, char buf[8])
{
    if (minutes < 0 || minutes > 1440)
        minutes = minutes < 0 ? 0 : 1440;
    snprintf(buf, 8, "%02d:%02d", minutes / 60, minutes % 60);
}
