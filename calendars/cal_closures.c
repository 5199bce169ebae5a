/* cal_closures.c -- school-holiday data and the closed days of a horizon.
 *
 * School holidays cannot be computed: the Ministry sets them by decree per
 * zone (A, B, C).  We ship them as data (calendars/data/school-holidays.csv,
 * compiled into the program by scripts/embed_file.py, provenance in
 * calendars/data/SOURCES.md) and let coordinators import newer years from
 * the Ministry's iCalendar files (ics_school.c); imported periods replace
 * the shipped ones over the days the import spans, so a corrected calendar
 * wins over ours.
 *
 * The one rule that matters for safety: a plan must never silently ignore
 * holidays.  We only "know" the days from the first to the last day of the
 * periods we have (cal_school_known_span): after the last known holiday we
 * cannot tell when the next starts.  A horizon that goes past that, for a
 * service that depends on school holidays, is refused with
 * STATUS_MISSING_DATA, naming the unknown days and how to import them.
 *
 * struct cal_closures answers per day in O(1): two arrays of label
 * pointers over the horizon. */
#include "calendars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* From the custom_target in calendars/meson.build. */
extern const char cal_school_holidays_csv[];
extern const size_t cal_school_holidays_csv_len;

#define SHIPPED_NAME "calendars/data/school-holidays.csv"
/* Horizons longer than this are a typing mistake, not a plan. */
#define MAX_HORIZON_DAYS (10 * 366)

struct cal_closures {
    int first, last;
    const char **pub;      /* per day of the horizon, static labels */
    const char **school;   /* per day, into periods[].label */
    struct model_holiday_period *periods;
    size_t n_periods;
};

static bool valid_zone(char z)
{
    return z == 'A' || z == 'B' || z == 'C';
}

/* Parses the shipped CSV (zone,start,end,label; no quoting needed, labels
 * have no commas) keeping the rows of zone (all zones when zone is 0). */
static enum status shipped_periods(char zone, struct model_holiday_period **out,
                                   size_t *n, struct diag *err)
{
    *out = NULL;
    *n = 0;
    const char *s = cal_school_holidays_csv;
    const char *end = s + cal_school_holidays_csv_len;
    size_t cap = 0;
    struct model_holiday_period *v = NULL;
    int line = 0;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *ls = s, *le = nl ? nl : end;
        char buf[256];
        size_t len = (size_t)(le - ls);
        line++;
        s = nl ? nl + 1 : end;
        if (len && ls[len - 1] == '\r')
            len--;
        if (line == 1 || len == 0)
            continue;   /* header, blank */
        if (len >= sizeof buf) {
            free(v);
            return diag_set(err, STATUS_PARSE, SHIPPED_NAME, line, 0, NULL,
                            "line too long");
        }
        memcpy(buf, ls, len);
        buf[len] = '\0';
        char *f[4];
        char *p = buf;
        int k = 0;
        for (; k < 3; k++) {
            f[k] = p;
            p = strchr(p, ',');
            if (!p)
                break;
            *p++ = '\0';
        }
        int d1, d2;
        if (k < 3 || strlen(f[0]) != 1 || !valid_zone(f[0][0]) ||
            !model_date_parse(f[1], &d1) || !model_date_parse(f[2], &d2) ||
            d2 < d1) {
            free(v);
            return diag_set(err, STATUS_PARSE, SHIPPED_NAME, line, 0, NULL,
                            "expected zone,start,end,label with zone A, B or "
                            "C and start <= end");
        }
        f[3] = p;
        if (zone && f[0][0] != zone)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            struct model_holiday_period *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                free(v);
                return diag_set(err, STATUS_NOMEM, SHIPPED_NAME, 0, 0, NULL,
                                "out of memory");
            }
            v = nv;
        }
        struct model_holiday_period *h = &v[(*n)++];
        memset(h, 0, sizeof *h);
        h->zone = f[0][0];
        h->first_day = d1;
        h->last_day = d2;
        snprintf(h->label, sizeof h->label, "%s", f[3]);
    }
    *out = v;
    return STATUS_OK;
}

static int period_cmp(const void *a, const void *b)
{
    const struct model_holiday_period *x = a, *y = b;
    if (x->first_day != y->first_day)
        return x->first_day < y->first_day ? -1 : 1;
    return (x->last_day > y->last_day) - (x->last_day < y->last_day);
}

/* Span of the imported periods of zone; first > last when none. */
static struct cal_known_span imported_span(
    char zone, const struct model_holiday_period *imp, size_t n)
{
    struct cal_known_span s = {1, 0};
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (imp[i].zone != zone)
            continue;
        if (!any || imp[i].first_day < s.first)
            s.first = imp[i].first_day;
        if (!any || imp[i].last_day > s.last)
            s.last = imp[i].last_day;
        any = true;
    }
    return s;
}

enum status cal_school_periods(char zone,
                               const struct model_holiday_period *imported,
                               size_t n_imported,
                               struct model_holiday_period **out, size_t *n,
                               struct diag *err)
{
    *out = NULL;
    *n = 0;
    if (!valid_zone(zone))
        return diag_set(err, STATUS_INVALID, "", 0, 0, "school_zone",
                        "unknown school-holiday zone \"%c\": expected A, B or C",
                        zone ? zone : '?');
    struct model_holiday_period *v;
    size_t nv;
    enum status st = shipped_periods(zone, &v, &nv, err);
    if (st != STATUS_OK)
        return st;
    struct cal_known_span is = imported_span(zone, imported, n_imported);
    size_t n_imp_zone = 0;
    for (size_t i = 0; i < n_imported; i++)
        n_imp_zone += imported[i].zone == zone;
    struct model_holiday_period *r =
        malloc((nv + n_imp_zone + 1) * sizeof *r);
    if (!r) {
        free(v);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < nv; i++)
        /* Imported data replaces ours over the days it spans. */
        if (is.first > is.last || v[i].last_day < is.first ||
            v[i].first_day > is.last)
            r[k++] = v[i];
    for (size_t i = 0; i < n_imported; i++)
        if (imported[i].zone == zone)
            r[k++] = imported[i];
    free(v);
    qsort(r, k, sizeof *r, period_cmp);
    *out = r;
    *n = k;
    return STATUS_OK;
}

bool cal_school_known_span(char zone,
                           const struct model_holiday_period *imported,
                           size_t n_imported, struct cal_known_span span[2])
{
    span[0] = span[1] = (struct cal_known_span){1, 0};
    if (!valid_zone(zone))
        return false;
    struct model_holiday_period *v;
    size_t nv;
    if (shipped_periods(zone, &v, &nv, NULL) != STATUS_OK)
        return false;
    for (size_t i = 0; i < nv; i++) {
        if (span[0].first > span[0].last || v[i].first_day < span[0].first)
            span[0].first = v[i].first_day;
        if (span[0].first > span[0].last || v[i].last_day > span[0].last)
            span[0].last = v[i].last_day;
    }
    free(v);
    struct cal_known_span is = imported_span(zone, imported, n_imported);
    if (is.first > is.last)
        return true;
    if (span[0].first > span[0].last) {
        span[0] = is;
    } else if (is.first <= span[0].last + 1 && is.last >= span[0].first - 1) {
        if (is.first < span[0].first)
            span[0].first = is.first;
        if (is.last > span[0].last)
            span[0].last = is.last;
    } else if (is.last < span[0].first) {
        span[1] = span[0];
        span[0] = is;
    } else {
        span[1] = is;
    }
    return true;
}

static bool in_span(const struct cal_known_span *s, int d)
{
    return d >= s->first && d <= s->last;
}

/* Describes the unknown days of [first, last] (at most a few ranges) and
 * what is known, for the MISSING_DATA message. */
static enum status missing_data(char zone, int first, int last,
                                const struct cal_known_span span[2],
                                struct diag *err)
{
    char known[128] = "", missing[160] = "", a[11], b[11];
    size_t kl = 0, ml = 0;
    for (int i = 0; i < 2; i++) {
        if (span[i].first > span[i].last)
            continue;
        model_date_iso(span[i].first, a);
        model_date_iso(span[i].last, b);
        kl += (size_t)snprintf(known + kl, sizeof known - kl, "%s%s..%s",
                               kl ? " and " : "", a, b);
    }
    int n_ranges = 0;
    for (int d = first; d <= last;) {
        if (in_span(&span[0], d) || in_span(&span[1], d)) {
            d++;
            continue;
        }
        int e = d;
        while (e + 1 <= last && !in_span(&span[0], e + 1) &&
               !in_span(&span[1], e + 1))
            e++;
        model_date_iso(d, a);
        model_date_iso(e, b);
        if (n_ranges < 3 && ml < sizeof missing)
            ml += (size_t)snprintf(missing + ml, sizeof missing - ml,
                                   "%s%s..%s", n_ranges ? ", " : "", a, b);
        n_ranges++;
        d = e + 1;
    }
    model_date_iso(first, a);
    model_date_iso(last, b);
    return diag_set(err, STATUS_MISSING_DATA, "", 0, 0, "horizon",
                    "school holidays for zone %c are known for %s; the "
                    "horizon %s..%s goes past it (unknown: %s): import the "
                    "Ministry's calendar for zone %c with `planner holidays "
                    "import DB FILE.ics` (data.education.gouv.fr, dataset "
                    "fr-en-calendrier-scolaire)",
                    zone, kl ? known : "no day", a, b, missing, zone);
}

enum status cal_closures_new(char zone, int first_day, int last_day,
                             const struct model_holiday_period *imported,
                             size_t n_imported, bool need_school,
                             struct cal_closures **out, struct diag *err)
{
    *out = NULL;
    if (last_day < first_day || last_day - first_day >= MAX_HORIZON_DAYS)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                        "a horizon must end after it starts and last at "
                        "most %d days", MAX_HORIZON_DAYS);
    if (zone == 0 && need_school)
        return diag_set(err, STATUS_INVALID, "settings.csv", 0, 0,
                        "school_zone",
                        "a service follows school holidays but the territory "
                        "has no school_zone setting (A, B or C)");
    if (zone != 0 && !valid_zone(zone))
        return diag_set(err, STATUS_INVALID, "settings.csv", 0, 0,
                        "school_zone",
                        "unknown school-holiday zone \"%c\": expected A, B "
                        "or C", zone);
    if (need_school) {
        struct cal_known_span span[2];
        cal_school_known_span(zone, imported, n_imported, span);
        for (int d = first_day; d <= last_day; d++)
            if (!in_span(&span[0], d) && !in_span(&span[1], d))
                return missing_data(zone, first_day, last_day, span, err);
    }
    struct cal_closures *c = calloc(1, sizeof *c);
    size_t days = (size_t)(last_day - first_day + 1);
    if (!c)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    c->first = first_day;
    c->last = last_day;
    c->pub = calloc(days, sizeof *c->pub);
    c->school = calloc(days, sizeof *c->school);
    if (!c->pub || !c->school) {
        cal_closures_free(c);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    }
    for (int d = first_day; d <= last_day; d++)
        c->pub[d - first_day] = cal_public_holiday_name(d);
    if (zone) {
        enum status st = cal_school_periods(zone, imported, n_imported,
                                            &c->periods, &c->n_periods, err);
        if (st != STATUS_OK) {
            cal_closures_free(c);
            return st;
        }
        for (size_t i = 0; i < c->n_periods; i++) {
            const struct model_holiday_period *h = &c->periods[i];
            int a = h->first_day > first_day ? h->first_day : first_day;
            int b = h->last_day < last_day ? h->last_day : last_day;
            for (int d = a; d <= b; d++)
                c->school[d - first_day] = h->label;
        }
    }
    *out = c;
    return STATUS_OK;
}

void cal_closures_free(struct cal_closures *c)
{
    if (!c)
        return;
    free(c->pub);
    free(c->school);
    free(c->periods);
    free(c);
}

const char *cal_public_holiday(const struct cal_closures *c, int day)
{
    if (!c || day < c->first || day > c->last)
        return NULL;
    return c->pub[day - c->first];
}

const char *cal_school_holiday(const struct cal_closures *c, int day)
{
    if (!c || day < c->first || day > c->last)
        return NULL;
    return c->school[day - c->first];
}
