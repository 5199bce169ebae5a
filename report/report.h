/* report.h -- what is done with a plan once made: verify it against the
 * hard rules (independently of the model), export it as CSV and JSON (and
 * read a hand-edited CSV back), and write the summaries people read.
 *
 * The only header other folders include from report/.  Prefixes: verify_
 * (verify.c), export_ (export.c), summary_ (summary_figures.c, summary_text.c,
 * summary_json.c, solver_summary.c), compare_ (compare.c, compare_json.c).
 * It depends on planner/ (the solver's result), calendars/ and models/;
 * only cli/ is above it.
 */
#ifndef PLANNER_REPORT_H
#define PLANNER_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "calendars.h"
#include "models.h"
#include "planner.h"

/* ---------------------------------------------------------------- */
/* verify_ : hard rules, checked independently of the model          */
/* ---------------------------------------------------------------- */

/* The section of docs/rules.md a violation breaks. */
enum verify_rule {
    RULE_HORIZON = 1,     /* R1 */
    RULE_SERVICE_FIT,     /* R2 weekday/half-day/window/duration/site fit */
    RULE_SITE_OPEN,       /* R3 */
    RULE_CLOSURE,         /* R4 */
    RULE_TEAM,            /* R5 head-count, skills, vehicle kind, driver */
    RULE_STAFF_AVAILABLE, /* R6 working half-days, leave */
    RULE_STAFF_OVERLAP,   /* R7 two places at once, unreachable in time */
    RULE_DAILY_DRIVING,   /* R8 */
    RULE_WEEKLY_HOURS,    /* R9 */
    RULE_VEHICLE,         /* R10 */
    RULE_ROOM,            /* R11 */
    RULE_RUN,             /* R12 minibus runs (verify_runs.c) */
};

struct verify_violation {
    enum verify_rule rule;
    char uid[128];        /* a session involved ("" when none) */
    char message[384];    /* one sentence for a coordinator */
};

struct verify_report {
    struct verify_violation *items;
    size_t count, capacity;
    size_t sessions_checked;
    size_t runs_checked;  /* confirmed minibus routes */
};
void verify_report_free(struct verify_report *r);   /* frees items */

/* Checks every confirmed session of p.  Returns STATUS_OK when the check
 * ran (the report may hold violations); an error only when it could not
 * run (memory). */
enum status verify_plan(const struct model *m, const struct cal_closures *c,
                        const struct model_plan *p, struct verify_report *out,
                        struct diag *err);

/* ---------------------------------------------------------------- */
/* export_ : CSV and JSON output, hand-edited CSV plans back in       */
/* ---------------------------------------------------------------- */

/* CSV dialects (docs/output-formats.md, "Dialects"): standard is UTF-8
 * without BOM, ',' separator, RFC 4180 quoting, LF line ends; excel-fr is
 * what French Excel opens by a double click: UTF-8 with a byte order
 * mark, ';' separator, CRLF line ends, and decimal commas (no column
 * holds a decimal number today).  Both quote a cell
 * that holds the separator, a '"', CR or LF (or starts or ends with a
 * space), doubling its quotes; export_read_csv reads both. */
enum export_dialect { EXPORT_DIALECT_STANDARD = 0, EXPORT_DIALECT_EXCEL_FR };
/* "standard" or "excel-fr" into *out; false (out untouched) otherwise. */
bool export_dialect_parse(const char *name, enum export_dialect *out);
/* The name export_dialect_parse accepts for d. */
const char *export_dialect_name(enum export_dialect d);

/* Formats: docs/output-formats.md.  Sessions are written sorted by
 * (date, start, service id, site id, uid), cancelled ones included.  CSV:
 * the columns uid,service,site,commune_insee,date,start,end,staff,vehicle,
 * status come first, in that order, then service_name,site_name,commune,
 * in the dialect given. */
enum status export_csv(const struct model *m, const struct model_plan *p,
                       enum export_dialect dialect, FILE *out,
                       struct diag *err);
/* One JSON document {"horizon", "solver", "sessions": [...]}; numbers
 * that are not finite are written as null. */
enum status export_json(const struct model *m, const struct model_plan *p,
                        FILE *out, struct diag *err);

/* The minibus runs (export_runs.c, docs/output-formats.md "runs.csv"):
 * one CSV row per stop, routes in the plan's order (date, departure),
 * stops in pick-up order; JSON {"horizon", "runs": [{..., "stops"}]}. */
enum status export_runs_csv(const struct model *m, const struct model_plan *p,
                            enum export_dialect dialect, FILE *out,
                            struct diag *err);
enum status export_runs_json(const struct model *m, const struct model_plan *p,
                             FILE *out, struct diag *err);

enum export_format { EXPORT_CSV = 0, EXPORT_JSON, EXPORT_RUNS_CSV, EXPORT_RUNS_JSON };
/* Writes the plan to path ("-" = stdout), CSV in the dialect given (JSON
 * ignores it).  A file is written atomically by cal_file_open/commit
 * (calendars.h), after the folder is swept of killed runs' temporaries;
 * on any error a previous file at path is untouched. */
enum status export_write_path(const struct model *m,
                              const struct model_plan *p,
                              enum export_format format,
                              enum export_dialect dialect, const char *path,
                              struct diag *err);

/* Reads a plan in the CSV format above (either dialect), as a
 * coordinator edited it and possibly re-saved it from LibreOffice or
 * Excel, with models' CSV reader (csv_table_read): UTF-8 with or without
 * BOM or Windows-1252, ',' ';' or tab separator, CRLF, quoted fields,
 * columns in any order, unknown columns ignored.  Ids are resolved
 * against m.  Every bad cell adds a problem (file, line, column name,
 * what was expected) to problems; returns STATUS_OK and *out only when
 * there is no error (warnings allowed), STATUS_INVALID for bad content,
 * STATUS_IO when the file cannot be read.  The plan's horizon is the span of its sessions and its solver is "manual". */
enum status export_read_csv(const struct model *m, const char *path,
                            struct model_plan **out,
                            struct diag_list *problems);

/* ---------------------------------------------------------------- */
/* summary_ : what a coordinator and an élu read (summary_*.c)       */
/* ---------------------------------------------------------------- */

/* The language of a text people read (--lang): French by default. */
enum report_lang { REPORT_FR = 0, REPORT_EN };
/* "fr" or "en" into *out; false (out untouched) otherwise (words.c). */
bool report_lang_parse(const char *name, enum report_lang *out);

/* Figures recomputed from the model and the plan's sessions (the
 * definitions are in summary_figures.c and docs/output-formats.md); r adds the
 * solver's own figures and the unmet explanations, and may be NULL (a
 * plan loaded from the store or edited by hand). */
enum status summary_write_text(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err);
/* The same text in lang (summary_write_text is its French one). */
enum status summary_write_text_lang(const struct model *m,
                                    const struct model_plan *p,
                                    const struct plan_result *r,
                                    enum report_lang lang, FILE *out,
                                    struct diag *err);
enum status summary_write_json(const struct model *m, const struct model_plan *p,
                               const struct plan_result *r, FILE *out,
                               struct diag *err);

/* Writes the summary `planner solve` prints: status, objective and its
 * parts, bound, gap, time, sessions per service, unmet targets. */
void summary_write_solver(const struct model *m, const struct plan_result *r,
                          FILE *out);

/* ---------------------------------------------------------------- */
/* compare_ : scenarios side by side (compare.c, compare_json.c)     */
/* ---------------------------------------------------------------- */

/* One scenario: its name, territory and plan (borrowed for the call).
 * The plans should share one horizon; the first scenario is the one the
 * others are compared against. */
struct compare_scenario {
    const char *name;
    const struct model *model;
    const struct model_plan *plan;
};
/* The comparison in French (docs/output-formats.md, "Comparison"): the
 * summary figures (summary_figures.c) of each scenario side by side,
 * overall, per service and per sector, the cost in euros the input
 * allows, and the differences of each scenario against the first in
 * words.  n >= 2. */
enum status compare_write_text(const struct compare_scenario *sc, size_t n,
                               FILE *out, struct diag *err);
/* The same figures as JSON, English keys. */
enum status compare_write_json(const struct compare_scenario *sc, size_t n,
                               FILE *out, struct diag *err);
/* v the French way into buf: rounded to decimals digits, thousands
 * grouped by a narrow no-break space (U+202F), a decimal comma, a minus
 * sign U+2212; with sign, '+' before a positive value.  A value that
 * rounds to zero is written without sign ("0", "0,0").  Returns buf. */
const char *compare_format_number(char *buf, size_t size, double v,
                                  int decimals, bool sign);

/* ---------------------------------------------------------------- */
/* report_ : report.html and report.pdf (report_html.c, report_pdf.c) */
/* ---------------------------------------------------------------- */

/* The report of n >= 1 scenarios (the first the reference) for élus, in
 * French (docs/output-formats.md, "Report"): self-contained HTML (inline
 * CSS and SVG drawn with cairo, no script, nothing fetched, an A4 print
 * stylesheet) ... */
enum status report_write_html(const struct compare_scenario *sc, size_t n,
                              FILE *out, struct diag *err);
/* ... and the same as A4 PDF pages drawn with cairo and pango. */
enum status report_write_pdf(const struct compare_scenario *sc, size_t n,
                             FILE *out, struct diag *err);

/* ---------------------------------------------------------------- */
/* poster_ : one A4 page per commune (poster.c)                      */
/* ---------------------------------------------------------------- */

/* The poster of commune c for the mairie's notice board: the plan's
 * confirmed sessions there (and those within the services' travel time
 * are not listed: only the commune's own), one block per service with
 * the same headings (Quoi, Pour qui, Où, Quand, Inscription), and how to
 * subscribe to the commune's calendar: its address under base_url and a
 * QR code of it (none when base_url is NULL).  PDF (one A4 page) or HTML. */
enum status poster_write_pdf(const struct model *m, const struct model_plan *p,
                             size_t c, const char *base_url, FILE *out,
                             struct diag *err);
enum status poster_write_html(const struct model *m, const struct model_plan *p,
                              size_t c, const char *base_url, FILE *out,
                              struct diag *err);

#endif
