/* report_int.h -- what the summary's files share inside report/ (not part
 * of report.h): the figures of a plan, computed by one function
 * (summary_figures.c) that the text and JSON writers (summary_text.c,
 * summary_json.c) both call, so both print the same numbers by
 * construction. */
#ifndef REPORT_INT_H
#define REPORT_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* One period of a target over the horizon (months at least half inside
 * it; yearly minimums prorated: docs/rules.md), with the sessions it
 * counts and the number it requires. */
struct summary_period {
    int first, last, planned, required;
};

/* Every figure of the summary, computed by summary_figures_compute (each
 * writer calls it; freed by summary_figures_free).  Arrays are indexed as commented. */
struct summary_figures {
    int *served;              /* [service * n_communes + commune] */
    int *svc_sessions;        /* [service] */
    int *svc_communes;        /* [service]: communes served */
    double *svc_pop, *svc_reach;          /* [service] */
    double *sec_pop, *sec_reach;          /* [service * n_sectors + sector] */
    int *commune_sessions;    /* [commune] */
    int *sector_sessions;     /* [sector] */
    int *sec_sessions;        /* [service * n_sectors + sector] */
    double *staff_minutes, *staff_drive;  /* [staff] over the horizon */
    int any_served, total;
    double km;
    double *vehicle_km;       /* [vehicle]: its routes' km (in km too) */
    int vehicle_days;
};

/* Fills f from the model and the plan's confirmed sessions.  STATUS_NOMEM
 * (f then holds nothing to free) or STATUS_OK. */
enum status summary_figures_compute(const struct model *m, const struct model_plan *p,
                                    struct summary_figures *f, struct diag *err);
/* Frees what f holds; f itself belongs to the caller. */
void summary_figures_free(struct summary_figures *f);

/* The worst-served communes of service s: up to 3 communes it does not
 * serve, most people of its audience first (ties: file order), into out;
 * their count. */
size_t summary_worst_served(const struct model *m, const struct summary_figures *f,
                            size_t s, int out[3]);

/* The periods of target g over p's horizon, at most 24; their count. */
size_t summary_target_periods(const struct model *m, const struct model_plan *p,
                              const struct model_target *g,
                              struct summary_period out[24]);
/* Whether every one of the n periods has its required sessions; the
 * sessions planned and required over all of them (either may be NULL). */
bool summary_periods_met(const struct summary_period *per, size_t n,
                         int *planned, int *required);
/* "month", "quarter" or "year" (summary.json's words). */
const char *summary_period_word(enum model_period p);
/* part / whole, 0 when whole is 0. */
double summary_share(double part, double whole);
/* The horizon's length in weeks. */
double summary_weeks(const struct model_plan *p);

/* ---- words.c: dates, numbers and audiences in the reader's language -- */
#define REPORT_DATE_LEN 64
#define REPORT_NUM_LEN 48
/* "mercredi 6 janvier 2027" ("1er" on the first) / "Wednesday 6 January 2027". */
const char *report_date_long(char buf[REPORT_DATE_LEN], int days,
                             enum report_lang lang);
/* "janvier" / "January" for month 1..12; "mercredi" / "Wednesday". */
const char *report_month_name(int month, enum report_lang lang);
const char *report_weekday_name(int days, enum report_lang lang);
/* v rounded to decimals digits: "1 234,5" (U+202F, comma, U+2212) in
 * French, "1,234.5" in English. */
const char *report_number(char buf[REPORT_NUM_LEN], double v, int decimals,
                          enum report_lang lang);
/* "enfants de moins de 3 ans" / "children under 3". */
const char *report_audience_words(enum model_audience a, enum report_lang lang);

/* ---- costs.c: contracts and euros (docs/output-formats.md, "Costs") ---- */
/* Hours of a full-time post a year (1 607 h: 35 h x 52 weeks less leave
 * and public holidays, the legal yearly duration). */
#define REPORT_FTE_HOURS_YEAR 1607.0
/* Staff member j's contract hours over p's horizon: contract_etp x 1 607 h
 * x days / 365; -1 when staff.csv gives no contract_etp. */
double report_contract_hours(const struct model *m, size_t j,
                             const struct model_plan *p);
/* The hourly cost of staff member j (staff.csv, else settings.csv); -1
 * when neither gives one. */
double report_hourly_cost(const struct model *m, size_t j);

/* The costs of a plan in euros over its horizon.  A part the input does
 * not price stays 0 and its "priced" flag false. */
struct report_costs {
    double staff, km, vehicles, sites, total;   /* euros over the horizon */
    double sites_year, vehicles_year;           /* their yearly costs */
    bool staff_priced, vehicles_priced, sites_priced;
    size_t staff_unpriced;                      /* staff without a cost */
    /* per employer, in the order of staff.csv: names borrowed from the model */
    const char **employer;
    double *employer_hours, *employer_euros;
    size_t n_employers;
};
enum status report_costs_compute(const struct model *m, const struct model_plan *p,
                                 const struct summary_figures *f,
                                 struct report_costs *out, struct diag *err);
void report_costs_free(struct report_costs *c);
/* The costs part of the text summary (costs_text.c). */
void summary_text_costs(const struct model *m, const struct model_plan *p,
                        const struct report_costs *c, enum report_lang lang,
                        FILE *out);
/* The horizon's share of a year: days / 365. */
double report_year_share(const struct model_plan *p);

/* One scenario of a comparison (compare.c, compare_json.c): its figures
 * and what the comparison adds to them. */
struct compare_one {
    const struct compare_scenario *sc;
    struct summary_figures f;
    double km_vehicles, km_cost;   /* vehicles' km, priced by cost_per_km */
    double hours, contract;        /* staff's hours planned and set aside
                                      (weekly_hours), over the horizon */
    double contract_etp;           /* their contracts (costs.c), those given */
    struct report_costs costs;     /* euros (costs.c) */
    int targets_met, targets_unmet;
};
/* Figures of the n scenarios into a new array (compare_free). */
enum status compare_compute(const struct compare_scenario *sc, size_t n,
                            struct compare_one **out, struct diag *err);
void compare_free(struct compare_one *c, size_t n);
/* "B par rapport à A : ..." (no newline). */
void compare_diff_line(const struct compare_one *a, const struct compare_one *b,
                       FILE *out);

/* The comparison's table (the text's rows) as an HTML <table>. */
void compare_write_table_html(const struct compare_one *c, size_t n, FILE *out);
/* Text into HTML: & < > " escaped (report_html.c). */
void report_html_text(FILE *out, const char *s);

/* JSON text (json_out.c): a string, quoted and escaped (NULL as ""); and
 * ", \"key\": number" with null for a value that is not finite. */
void report_json_string(FILE *out, const char *v);
void report_json_field(FILE *out, const char *key, double v);

/* CSV cells (csv_out.c), for every CSV report/ writes: what a dialect
 * changes in the bytes (export_dialect in report.h). */
struct report_csv_style {
    char sep;              /* between cells */
    const char *eol;       /* after each row */
    bool bom;              /* UTF-8 byte order mark first */
    char decimal;          /* '.' or ',' */
};
struct report_csv_style report_csv_style(enum export_dialect d);
/* One cell, RFC 4180 quoting; the row's end when last. */
void report_csv_cell(FILE *out, const struct report_csv_style *cs, const char *v,
                     bool last);
/* v with `decimals` decimals and the style's decimal separator. */
void report_csv_number(FILE *out, const struct report_csv_style *cs, double v,
                       int decimals, bool last);
/* Minutes after midnight as "HH:MM" (clamped to 00:00..24:00). */
void report_hhmm(int minutes, char buf[8]);

/* The minibus part of the summary (summary_runs.c): nothing in text when
 * the territory has no transport; JSON "transports": [...], with its
 * trailing comma. */
void summary_runs_text(const struct model *m, const struct model_plan *p,
                       const struct plan_result *r, FILE *out);
void summary_runs_json(const struct model *m, const struct model_plan *p,
                       const struct plan_result *r, FILE *out);

/* Verification (verify.c, verify_runs.c): one more violation into r;
 * false when out of memory. */
bool verify_report_vadd(struct verify_report *r, enum verify_rule rule,
                        const char *uid, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Rule R12, the minibus runs of p, into r; false when out of memory. */
bool verify_runs(const struct model *m, const struct cal_closures *c,
                 const struct model_plan *p, struct verify_report *r);

#endif
