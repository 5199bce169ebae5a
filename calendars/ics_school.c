/* ics_school.c -- the Ministry of Education's school calendars (iCalendar).
 *
 * data.education.gouv.fr (dataset fr-en-calendrier-scolaire) publishes one
 * VCALENDAR per zone ("Calendrier Scolaire - Zone C"): all-day VEVENTs
 * whose SUMMARY names the period and the zones ("Vacances de Noël - Zone
 * C", newer files "Vacances de Noël - Zones A/B/C - Corse"), with
 * DTSTART;VALUE=DATE and DTEND;VALUE=DATE, plus events that are not
 * holidays ("Rentrée scolaire des élèves", "Prérentrée des enseignants").
 *
 * Interpretation (docs/calendars.md):
 *   - a holiday is an event whose SUMMARY starts with "Vacances" or "Pont"
 *     (the Ascension bridge); the label is the SUMMARY before " - Zone";
 *   - DTEND is exclusive, as RFC 5545 says and as the Ministry uses it: it
 *     is the day classes resume, so the last day off is the day before;
 *   - DTSTART is the first day off.  Some years' files give it as a
 *     date-time "after classes" (e.g. Friday 18:00 or Saturday noon); a
 *     date-time after midnight means that day still had classes, so the
 *     first day off is the next one;
 *   - older files give summer holidays a DTSTART only; their end is then
 *     the day before the next "Rentrée" event of the zone;
 *   - an event names its zones in SUMMARY; without any, the calendar's
 *     name ("... - Zone C") says it.  Events for other zones are skipped.
 */
#include "ics_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ASCII case-insensitive strstr (strcasestr is a GNU extension). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return hay;
    return NULL;
}

/* Zones named in a text as a bit set (bit 0 = A): "Zone C", "Zones A/B/C",
 * "Zones A B C", "Zones A et B".  0 when none. */
static unsigned zones_in(const char *s)
{
    unsigned z = 0;
    for (const char *p = s; (p = find_ci(p, "zone")) != NULL;) {
        p += 4;
        if (*p == 's' || *p == 'S')
            p++;
        if (*p != ' ' && *p != ':')
            continue;
        for (;;) {
            while (*p == ' ' || *p == '/' || *p == ',' || *p == ':')
                p++;
            if (!strncasecmp(p, "et ", 3)) {
                p += 3;
                continue;
            }
            if ((*p == 'A' || *p == 'B' || *p == 'C') &&
                !isalpha((unsigned char)p[1])) {
                z |= 1u << (*p - 'A');
                p++;
                continue;
            }
            break;
        }
    }
    return z;
}

static void zones_text(unsigned z, char out[16])
{
    size_t k = 0;
    for (int i = 0; i < 3; i++)
        if (z & (1u << i)) {
            if (k)
                out[k++] = ',';
            out[k++] = (char)('A' + i);
        }
    out[k] = '\0';
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*s == ' ')
        s++;
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int day_of(struct icaltimetype t)
{
    return model_date_to_days((struct model_date){t.year, t.month, t.day});
}

/* First day off from DTSTART (see the file comment). */
static int first_day_off(struct icaltimetype t)
{
    if (t.is_date)
        return day_of(t);
    t = icaltime_convert_to_zone(t, ics_paris());
    return day_of(t) + (t.hour || t.minute || t.second ? 1 : 0);
}

struct event {
    icalcomponent *c;
    unsigned zones;
    int first, last;   /* last < first: no end given */
    bool holiday, rentree;
    char label[96];
};

static int period_cmp(const void *a, const void *b)
{
    const struct model_holiday_period *x = a, *y = b;
    if (x->first_day != y->first_day)
        return x->first_day < y->first_day ? -1 : 1;
    return (x->last_day > y->last_day) - (x->last_day < y->last_day);
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The first of the sorted days r[0..n) after day, into *out. */
static bool next_rentree(const int *r, size_t n, int day, int *out)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid] <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == n)
        return false;
    *out = r[lo];
    return true;
}

static enum status read_event(const struct ics_doc *doc, icalcomponent *c,
                              unsigned cal_zones, struct event *ev,
                              struct diag *err)
{
    memset(ev, 0, sizeof *ev);
    ev->c = c;
    const char *summary = icalcomponent_get_summary(c);
    if (!summary)
        summary = "";
    ev->holiday = starts_with(summary, "Vacances") ||
                  starts_with(summary, "Pont");
    ev->rentree = starts_with(summary, "Rentrée");
    if (!ev->holiday && !ev->rentree)
        return STATUS_OK;
    ev->zones = zones_in(summary);
    if (!ev->zones)
        ev->zones = cal_zones;
    const char *cut = find_ci(summary, " - Zone");
    while (*summary == ' ')
        summary++;
    size_t len = cut && cut > summary ? (size_t)(cut - summary)
                                      : strlen(summary);
    if (len >= sizeof ev->label)
        len = sizeof ev->label - 1;
    memcpy(ev->label, summary, len);
    ev->label[len] = '\0';
    icalproperty *ps = icalcomponent_get_first_property(c,
                                                        ICAL_DTSTART_PROPERTY);
    if (!ps)
        return diag_set(err, STATUS_PARSE, doc->name, ics_doc_line(doc, c, NULL),
                        0, "DTSTART", "\"%s\" has no DTSTART", ev->label);
    struct icaltimetype s, e;
    enum status st = ics_doc_time(doc, c, ps, "DTSTART", &s, err);
    if (st != STATUS_OK)
        return st;
    ev->first = first_day_off(s);
    ev->last = ev->first - 1;
    icalproperty *pe = icalcomponent_get_first_property(c,
                                                        ICAL_DTEND_PROPERTY);
    icalproperty *pd = icalcomponent_get_first_property(c,
                                                        ICAL_DURATION_PROPERTY);
    if (pe) {
        st = ics_doc_time(doc, c, pe, "DTEND", &e, err);
        if (st != STATUS_OK)
            return st;
        if (!e.is_date)
            e = icaltime_convert_to_zone(e, ics_paris());
        /* DTEND is the day classes resume. */
        ev->last = day_of(e) - 1;
        if (ev->holiday && ev->last < ev->first)
            return diag_set(err, STATUS_INVALID, doc->name,
                            ics_doc_line(doc, c, "DTEND"), 0, "DTEND",
                            "\"%s\" ends before it starts", ev->label);
    } else if (pd && s.is_date) {
        int days = icaldurationtype_as_int(icalproperty_get_duration(pd)) /
                   86400;
        ev->last = ev->first + (days > 0 ? days : 1) - 1;
    } else if (ev->holiday && !find_ci(ev->label, "été") &&
               !find_ci(ev->label, "ÉTÉ") && !find_ci(ev->label, "Été")) {
        ev->last = ev->first; /* RFC 5545: a date alone lasts one day */
    }
    return STATUS_OK;
}

/* The zones the calendar names in X-WR-CALNAME (0 when it names none). */
static unsigned calendar_zones(const struct ics_doc *doc)
{
    icalproperty *calname = NULL;
    for (icalproperty *p = icalcomponent_get_first_property(doc->root,
                                                            ICAL_X_PROPERTY);
         p; p = icalcomponent_get_next_property(doc->root, ICAL_X_PROPERTY))
        if (!strcasecmp(icalproperty_get_x_name(p), "X-WR-CALNAME"))
            calname = p;
    return calname ? zones_in(icalproperty_get_x(calname)) : 0;
}

/* The zone to keep: the one asked for, else the only zone the file's
 * holidays name; checked against the calendar's own zones. */
static enum status choose_zone(const struct ics_doc *doc, unsigned cal_zones,
                               unsigned all_zones, char *zone, struct diag *err)
{
    const char *name = doc->name;
    char zs[16];
    if (!*zone) {
        zones_text(all_zones, zs);
        if (all_zones == 1 || all_zones == 2 || all_zones == 4)
            *zone = (char)(all_zones == 1 ? 'A' : all_zones == 2 ? 'B' : 'C');
        else
            return diag_set(err, STATUS_INVALID, name, 0, 0, "zone",
                            all_zones ? "the file has holidays for zones %s: "
                                        "say which one with --zone"
                                      : "the file does not say its zone%s: "
                                        "give it with --zone",
                            zs);
    }
    if (cal_zones && !(cal_zones & (1u << (*zone - 'A')))) {
        zones_text(cal_zones, zs);
        return diag_set(err, STATUS_INVALID, name,
                        ics_doc_line(doc, doc->root, "X-WR-CALNAME"), 0, "zone",
                        "this is the calendar of zone %s, not of zone %c", zs,
                        *zone);
    }
    return STATUS_OK;
}

/* The holiday periods of zone among the k events, into r (k entries at
 * most); a summer without DTEND ends the day before the zone's next
 * Rentrée (the Rentrée days sorted, so each finds it in O(log n)). */
static enum status zone_periods(const struct ics_doc *doc, struct event *ev,
                                size_t k, char zone,
                                struct model_holiday_period *r, size_t *np,
                                struct diag *err)
{
    const char *name = doc->name;
    unsigned bit = 1u << (zone - 'A');
    *np = 0;
    int *rentrees = calloc(k + 1, sizeof *rentrees);
    size_t n_rentrees = 0;
    if (!rentrees)
        return diag_set(err, STATUS_NOMEM, name, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < k; i++)
        if (ev[i].rentree && (!ev[i].zones || ev[i].zones & bit))
            rentrees[n_rentrees++] = ev[i].first;
    if (n_rentrees > 1)
        qsort(rentrees, n_rentrees, sizeof *rentrees, int_cmp);
    enum status st = STATUS_OK;
    for (size_t i = 0; i < k; i++) {
        struct event *e = &ev[i];
        if (!e->holiday || (e->zones && !(e->zones & bit)))
            continue;
        if (e->last < e->first) {
            int best;
            if (!next_rentree(rentrees, n_rentrees, e->first, &best)) {
                st = diag_set(err, STATUS_INVALID, name,
                              ics_doc_line(doc, e->c, NULL), 0, "DTEND",
                              "\"%s\" has no DTEND and no later \"Rentrée\" "
                              "event: cannot tell when classes resume",
                              e->label);
                break;
            }
            e->last = best - 1;
        }
        r[*np].zone = zone;
        r[*np].first_day = e->first;
        r[*np].last_day = e->last;
        snprintf(r[*np].label, sizeof r[*np].label, "%s", e->label);
        (*np)++;
    }
    free(rentrees);
    return st;
}

/* Sorts the n periods and keeps once a period listed twice (one event per
 * zone and one for all zones); the count kept. */
static size_t sort_unique(struct model_holiday_period *r, size_t n)
{
    qsort(r, n, sizeof *r, period_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || r[u - 1].first_day != r[i].first_day ||
            r[u - 1].last_day != r[i].last_day)
            r[u++] = r[i];
    return u;
}

enum status ics_parse_school_holidays(const char *text, const char *name,
                                      char zone,
                                      struct model_holiday_period **out,
                                      size_t *n, struct diag *err)
{
    *out = NULL;
    *n = 0;
    if (zone && zone != 'A' && zone != 'B' && zone != 'C')
        return diag_set(err, STATUS_INVALID, name, 0, 0, "zone",
                        "unknown zone \"%c\": expected A, B or C", zone);
    struct ics_doc doc;
    enum status st = ics_doc_parse(text, name, &doc, err);
    if (st != STATUS_OK)
        return st;
    unsigned cal_zones = calendar_zones(&doc);
    size_t n_ev = 0;
    for (icalcomponent *c = icalcomponent_get_first_component(
             doc.root, ICAL_VEVENT_COMPONENT);
         c; c = icalcomponent_get_next_component(doc.root,
                                                 ICAL_VEVENT_COMPONENT))
        n_ev++;
    struct event *ev = calloc(n_ev + 1, sizeof *ev);
    struct model_holiday_period *r = calloc(n_ev + 1, sizeof *r);
    if (!ev || !r) {
        free(ev);
        free(r);
        ics_doc_free(&doc);
        return diag_set(err, STATUS_NOMEM, name, 0, 0, NULL, "out of memory");
    }
    size_t k = 0, np = 0;
    unsigned all_zones = 0;
    for (icalcomponent *c = icalcomponent_get_first_component(
             doc.root, ICAL_VEVENT_COMPONENT);
         c && st == STATUS_OK;
         c = icalcomponent_get_next_component(doc.root,
                                              ICAL_VEVENT_COMPONENT)) {
        st = read_event(&doc, c, cal_zones, &ev[k], err);
        if (ev[k].holiday)
            all_zones |= ev[k].zones;
        k++;
    }
    if (st == STATUS_OK)
        st = choose_zone(&doc, cal_zones, all_zones, &zone, err);
    if (st == STATUS_OK)
        st = zone_periods(&doc, ev, k, zone, r, &np, err);
    free(ev);
    ics_doc_free(&doc);
    if (st == STATUS_OK && np == 0)
        st = diag_set(err, STATUS_INVALID, name, 0, 0, NULL,
                      "no school holidays for zone %c in this file (expected "
                      "VEVENTs whose SUMMARY starts with \"Vacances\")",
                      zone);
    if (st != STATUS_OK) {
        free(r);
        return st;
    }
    *out = r;
    *n = sort_unique(r, np);
    return STATUS_OK;
}

enum status ics_read_school_holidays(const char *path, char zone,
                                     struct model_holiday_period **out,
                                     size_t *n, struct diag *err)
{
    char *text;
    *out = NULL;
    *n = 0;
    enum status st = ics_read_text(path, &text, err);
    if (st != STATUS_OK)
        return st;
    st = ics_parse_school_holidays(text, path, zone, out, n, err);
    free(text);
    return st;
}
