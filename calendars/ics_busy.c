/* ics_busy.c -- busy times (leave, room bookings) from iCalendar exports.
 *
 * What Outlook, Google Calendar and Thunderbird export: timed and all-day
 * VEVENTs, recurring ones (RRULE, RDATE, EXDATE, and RECURRENCE-ID
 * overrides that move or cancel one occurrence), VFREEBUSY blocks, and
 * TZIDs that are Olson names, Windows names or embedded VTIMEZONEs.
 *
 * Recurrences are expanded here rather than with
 * icalcomponent_foreach_recurrence(): that function resolves TZIDs by
 * itself and treats a Windows zone name as floating time, which would
 * shift every occurrence by an hour or two.  We resolve the zone once
 * (ics_doc_time), let icalrecur_iterator produce wall-clock occurrences in
 * DTSTART's zone (RFC 5545 3.8.5.3: recurrences keep local time across
 * DST), then apply EXDATE and overrides by comparing instants.  Expansion
 * is bounded by a window of days so an endless RRULE stays finite; only
 * busy times that overlap the window are kept.
 *
 * Not busy: TRANSP:TRANSPARENT (Outlook's "free" and Google's "available")
 * and STATUS:CANCELLED events, FBTYPE=FREE periods.  All-day events make
 * whole local days busy. */
#include "ics_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An endless rule over a 2-year window yields at most ~730 daily
 * occurrences; minutely rules are not leave.  Beyond this, refuse.  Each
 * rule is expanded from its DTSTART, so a file of rules that each stay
 * under MAX_ITER could still take minutes (100 minutely rules: 21 s):
 * the steps of all the rules of one file are capped too (about a second
 * of work; docs/calendars.md, "Limits"). */
#define MAX_ITER 200000
#define MAX_FILE_STEPS 1000000
#define MAX_BUSY 100000

struct busy_vec {
    struct model_busy *v;
    size_t n, cap;
    enum model_busy_kind kind;
    int who;
    long long wfirst, wend;   /* window in local minutes, end exclusive */
    long steps;               /* recurrence steps taken in this file */
};

/* An occurrence moved or cancelled by a RECURRENCE-ID component. */
struct override {
    const char *uid;
    struct icaltimetype rid;
};

static enum status push(struct busy_vec *bv, long long start, long long end,
                        const char *summary, const struct ics_doc *doc,
                        int line, struct diag *err)
{
    if (end <= bv->wfirst || start >= bv->wend || end <= start)
        return STATUS_OK;
    if (bv->n == MAX_BUSY)
        return diag_set(err, STATUS_INVALID, doc->name, line, 0, NULL,
                        "more than %d busy periods: is this really a leave "
                        "or booking calendar?", MAX_BUSY);
    if (bv->n == bv->cap) {
        size_t cap = bv->cap ? bv->cap * 2 : 64;
        struct model_busy *nv = realloc(bv->v, cap * sizeof *nv);
        if (!nv)
            return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                            "out of memory");
        bv->v = nv;
        bv->cap = cap;
    }
    char *s = strdup(summary ? summary : "");
    if (!s)
        return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                        "out of memory");
    bv->v[bv->n++] = (struct model_busy){bv->kind, bv->who, start, end, s};
    return STATUS_OK;
}

void ics_busy_free(struct model_busy *b, size_t n)
{
    if (!b)
        return;
    for (size_t i = 0; i < n; i++)
        free(b[i].summary);
    free(b);
}

static bool not_busy(icalcomponent *c)
{
    icalproperty *p = icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY);
    if (p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED)
        return true;
    p = icalcomponent_get_first_property(c, ICAL_TRANSP_PROPERTY);
    if (p) {
        icalproperty_transp t = icalproperty_get_transp(p);
        if (t == ICAL_TRANSP_TRANSPARENT ||
            t == ICAL_TRANSP_TRANSPARENTNOCONFLICT)
            return true;
    }
    return false;
}

static time_t instant(struct icaltimetype t)
{
    return icaltime_as_timet_with_zone(t, t.zone ? t.zone : ics_paris());
}

/* Same occurrence?  Dates compare as dates (an all-day EXDATE removes the
 * day's occurrence), date-times as instants. */
static bool same_occurrence(struct icaltimetype a, struct icaltimetype b)
{
    if (a.is_date || b.is_date)
        return a.year == b.year && a.month == b.month && a.day == b.day;
    return instant(a) == instant(b);
}

/* The event's length: seconds for timed events, days for all-day ones. */
static enum status event_length(const struct ics_doc *doc, icalcomponent *c,
                                struct icaltimetype start, long long *len,
                                struct diag *err)
{
    icalproperty *pe = icalcomponent_get_first_property(c,
                                                        ICAL_DTEND_PROPERTY);
    icalproperty *pd = icalcomponent_get_first_property(c,
                                                        ICAL_DURATION_PROPERTY);
    if (pe) {
        struct icaltimetype end;
        enum status st = ics_doc_time(doc, c, pe, "DTEND", &end, err);
        if (st != STATUS_OK)
            return st;
        if (end.is_date != start.is_date)
            return diag_set(err, STATUS_PARSE, doc->name,
                            ics_doc_line(doc, c, "DTEND"), 0, "DTEND",
                            "DTEND is a %s but DTSTART is a %s: both must be "
                            "dates or both date-times",
                            end.is_date ? "date" : "date-time",
                            start.is_date ? "date" : "date-time");
        if (start.is_date)
            *len = model_date_to_days((struct model_date){end.year, end.month,
                                                          end.day}) -
                   model_date_to_days((struct model_date){
                       start.year, start.month, start.day});
        else
            *len = (long long)(instant(end) - instant(start));
        if (*len < 0)
            return diag_set(err, STATUS_INVALID, doc->name,
                            ics_doc_line(doc, c, "DTEND"), 0, "DTEND",
                            "DTEND is before DTSTART");
        return STATUS_OK;
    }
    if (pd) {
        struct icaldurationtype d = icalproperty_get_duration(pd);
        long long secs = icaldurationtype_as_int(d);
        if (secs < 0)
            return diag_set(err, STATUS_INVALID, doc->name,
                            ics_doc_line(doc, c, "DURATION"), 0, "DURATION",
                            "negative DURATION");
        *len = start.is_date ? (secs + 86399) / 86400 : secs;
        return STATUS_OK;
    }
    /* RFC 5545 3.6.1: a date lasts one day, a date-time an instant. */
    *len = start.is_date ? 1 : 0;
    return STATUS_OK;
}

static enum status add_occurrence(struct busy_vec *bv, const struct ics_doc *doc,
                                  const char *summary, int line,
                                  struct icaltimetype occ, long long len,
                                  struct diag *err)
{
    if (occ.is_date) {
        long long d = model_date_to_days(
            (struct model_date){occ.year, occ.month, occ.day});
        return push(bv, d * 1440, (d + len) * 1440, summary, doc, line, err);
    }
    long long s = ics_local_minutes(occ);
    time_t te = instant(occ) + (time_t)len;
    struct icaltimetype end = icaltime_from_timet_with_zone(
        te, 0, icaltimezone_get_utc_timezone());
    long long e = ics_local_minutes(end);
    /* Seconds are dropped: busy until 10:00:30 is busy until 10:01. */
    if ((te % 60) != 0)
        e++;
    return push(bv, s, e, summary, doc, line, err);
}

/* A component's properties of one kind, collected first: libical keeps a
 * single property iterator per component, so nested loops (and helpers
 * such as icalcomponent_get_summary) would reset an outer loop. */
struct props {
    icalproperty **v;
    size_t n;
};

static enum status collect(icalcomponent *c, icalproperty_kind k,
                           struct props *out)
{
    size_t n = 0;
    for (icalproperty *p = icalcomponent_get_first_property(c, k); p;
         p = icalcomponent_get_next_property(c, k))
        n++;
    out->n = 0;
    out->v = n ? malloc(n * sizeof *out->v) : NULL;
    if (n && !out->v)
        return STATUS_NOMEM;
    for (icalproperty *p = icalcomponent_get_first_property(c, k); p;
         p = icalcomponent_get_next_property(c, k))
        out->v[out->n++] = p;
    return STATUS_OK;
}

/* Occurrences an event must not produce (EXDATEs, or RECURRENCE-IDs of
 * its overrides), sorted so that each occurrence of a long series is
 * looked up in O(log n): the same test as same_occurrence(), split by
 * kind.  Against an all-day event everything compares as a date;
 * against a timed one, dates compare as dates and date-times as
 * instants. */
struct occ_set {
    int *days;              /* wall-clock dates, as day numbers */
    time_t *instants;       /* date-times */
    int *instant_days;      /* their wall-clock dates, for an RDATE that
                               is a date on a timed event */
    size_t n_days, n_instants;
};

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int time_cmp(const void *a, const void *b)
{
    time_t x = *(const time_t *)a, y = *(const time_t *)b;
    return (x > y) - (x < y);
}

static int wall_day(struct icaltimetype t)
{
    return model_date_to_days((struct model_date){t.year, t.month, t.day});
}

static void occ_set_free(struct occ_set *o)
{
    free(o->days);
    free(o->instants);
    free(o->instant_days);
    memset(o, 0, sizeof *o);
}

static enum status occ_set_build(const struct icaltimetype *t, size_t n,
                                 bool all_day, struct occ_set *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return STATUS_OK;
    out->days = malloc(n * sizeof *out->days);
    out->instants = malloc(n * sizeof *out->instants);
    out->instant_days = malloc(n * sizeof *out->instant_days);
    if (!out->days || !out->instants || !out->instant_days) {
        occ_set_free(out);
        return STATUS_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (all_day || t[i].is_date)
            out->days[out->n_days++] = wall_day(t[i]);
        else {
            out->instant_days[out->n_instants] = wall_day(t[i]);
            out->instants[out->n_instants++] = instant(t[i]);
        }
    }
    qsort(out->days, out->n_days, sizeof *out->days, int_cmp);
    qsort(out->instants, out->n_instants, sizeof *out->instants, time_cmp);
    qsort(out->instant_days, out->n_instants, sizeof *out->instant_days,
          int_cmp);
    return STATUS_OK;
}

static bool occ_set_has(const struct occ_set *o, struct icaltimetype occ)
{
    int d = wall_day(occ);
    if (o->n_days && bsearch(&d, o->days, o->n_days, sizeof d, int_cmp))
        return true;
    if (!o->n_instants)
        return false;
    if (occ.is_date)
        return bsearch(&d, o->instant_days, o->n_instants, sizeof d,
                       int_cmp) != NULL;
    time_t t = instant(occ);
    return bsearch(&t, o->instants, o->n_instants, sizeof t, time_cmp) != NULL;
}

static int override_cmp(const void *a, const void *b)
{
    return strcmp(((const struct override *)a)->uid,
                  ((const struct override *)b)->uid);
}

/* The RECURRENCE-IDs of the overrides of uid (ov sorted by uid), and the
 * event's EXDATEs, as one set of occurrences it must not produce. */
static enum status skipped_occurrences(const struct ics_doc *doc,
                                       icalcomponent *c, const char *uid,
                                       bool all_day, const struct override *ov,
                                       size_t n_ov, struct occ_set *out,
                                       struct diag *err)
{
    size_t lo = 0, hi = n_ov;
    while (uid && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ov[mid].uid, uid) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t first = lo, last = lo;
    while (uid && last < n_ov && !strcmp(ov[last].uid, uid))
        last++;
    struct props ex;
    if (collect(c, ICAL_EXDATE_PROPERTY, &ex) != STATUS_OK)
        return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                        "out of memory");
    size_t n = (last - first) + ex.n;
    struct icaltimetype *t = malloc((n ? n : 1) * sizeof *t);
    enum status st = t ? STATUS_OK
                       : diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                                  "out of memory");
    size_t k = 0;
    for (size_t i = first; st == STATUS_OK && i < last; i++)
        t[k++] = ov[i].rid;
    for (size_t i = 0; st == STATUS_OK && i < ex.n; i++)
        st = ics_doc_time(doc, c, ex.v[i], "EXDATE", &t[k++], err);
    if (st == STATUS_OK && occ_set_build(t, k, all_day, out) != STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                      "out of memory");
    free(t);
    free(ex.v);
    return st;
}

/* Is o outside [from, to] (wall-clock dates)? */
static int date_cmp(struct icaltimetype o, struct model_date d)
{
    if (o.year != d.year)
        return o.year < d.year ? -1 : 1;
    if (o.month != d.month)
        return o.month < d.month ? -1 : 1;
    return (o.day > d.day) - (o.day < d.day);
}

/* The occurrences after DTSTART: RRULEs then RDATEs. */
static enum status expand_rules(struct busy_vec *bv, const struct ics_doc *doc,
                                icalcomponent *c, struct icaltimetype start,
                                long long len, const struct props *rr,
                                const struct props *rd,
                                const struct occ_set *skip, int wfirst,
                                int wlast, struct diag *err)
{
    const char *summary = icalcomponent_get_summary(c);
    int line = ics_doc_line(doc, c, NULL);
    enum status st = STATUS_OK;
    /* The window as wall-clock dates in DTSTART's zone, with margins for
     * zone offsets and for occurrences that start before the window and
     * run into it. */
    struct model_date we = model_date_from_days(wlast + 2);
    int max_days = start.is_date ? (int)len : (int)(len / 86400) + 1;
    struct model_date wf = model_date_from_days(wfirst - 2 - max_days);
    for (size_t r = 0; r < rr->n && st == STATUS_OK; r++) {
        struct icalrecurrencetype rule = icalproperty_get_rrule(rr->v[r]);
        icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
        if (!it)
            return diag_set(err, STATUS_PARSE, doc->name,
                            ics_doc_line(doc, c, "RRULE"), 0, "RRULE",
                            "libical cannot expand this RRULE: %s",
                            icalerror_strerror(icalerrno));
        int iter = 0;
        for (struct icaltimetype o = icalrecur_iterator_next(it);
             !icaltime_is_null_time(o); o = icalrecur_iterator_next(it)) {
            if (++iter > MAX_ITER) {
                st = diag_set(err, STATUS_INVALID, doc->name,
                              ics_doc_line(doc, c, "RRULE"), 0, "RRULE",
                              "this RRULE repeats more than %d times before "
                              "the end of the window", MAX_ITER);
                break;
            }
            if (++bv->steps > MAX_FILE_STEPS) {
                st = diag_set(err, STATUS_INVALID, doc->name,
                              ics_doc_line(doc, c, "RRULE"), 0, "RRULE",
                              "the recurrence rules of this file repeat "
                              "more than %d times in all (counted from "
                              "each DTSTART; the limit of one file) when "
                              "this one is expanded: is this really a leave "
                              "or booking calendar?", MAX_FILE_STEPS);
                break;
            }
            if (date_cmp(o, we) > 0)
                break;
            if (date_cmp(o, wf) < 0)
                continue;
            o.zone = start.zone;
            o.is_date = start.is_date;
            if (same_occurrence(o, start))
                continue;
            if (occ_set_has(skip, o))
                continue;
            st = add_occurrence(bv, doc, summary, line, o, len, err);
            if (st != STATUS_OK)
                break;
        }
        icalrecur_iterator_free(it);
    }
    for (size_t r = 0; r < rd->n && st == STATUS_OK; r++) {
        struct icaldatetimeperiodtype v = icalproperty_get_rdate(rd->v[r]);
        struct icaltimetype o = icaltime_is_null_time(v.time) ? v.period.start
                                                              : v.time;
        icalparameter *tz = icalproperty_get_first_parameter(
            rd->v[r], ICAL_TZID_PARAMETER);
        if (o.is_date) {
            o.zone = NULL;
        } else if (icaltime_is_utc(o)) {
            o.zone = icaltimezone_get_utc_timezone();
        } else if (tz) {
            o.zone = ics_doc_zone(doc, icalparameter_get_tzid(tz));
            if (!o.zone)
                return diag_set(err, STATUS_PARSE, doc->name,
                                ics_doc_line(doc, c, "RDATE"), 0, "TZID",
                                "unknown time zone \"%s\" in RDATE",
                                icalparameter_get_tzid(tz));
        } else {
            o.zone = ics_paris();
        }
        if (occ_set_has(skip, o))
            continue;
        st = add_occurrence(bv, doc, summary, line, o, len, err);
    }
    return st;
}

static enum status expand_event(struct busy_vec *bv, const struct ics_doc *doc,
                                icalcomponent *c, const struct override *ov,
                                size_t n_ov, int wfirst, int wlast,
                                struct diag *err)
{
    icalproperty *ps = icalcomponent_get_first_property(c,
                                                        ICAL_DTSTART_PROPERTY);
    if (!ps)
        return diag_set(err, STATUS_PARSE, doc->name, ics_doc_line(doc, c, NULL),
                        0, "DTSTART", "VEVENT without DTSTART");
    struct icaltimetype start;
    long long len = 0;
    enum status st = ics_doc_time(doc, c, ps, "DTSTART", &start, err);
    if (st == STATUS_OK)
        st = event_length(doc, c, start, &len, err);
    if (st != STATUS_OK)
        return st;
    const char *uid = icalcomponent_get_uid(c);
    const char *summary = icalcomponent_get_summary(c);
    int line = ics_doc_line(doc, c, NULL);
    struct props rr = {0}, rd = {0};
    struct occ_set skip = {0};
    if (collect(c, ICAL_RRULE_PROPERTY, &rr) != STATUS_OK ||
        collect(c, ICAL_RDATE_PROPERTY, &rd) != STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                      "out of memory");
    if (st == STATUS_OK)
        st = skipped_occurrences(doc, c, uid, start.is_date, ov, n_ov, &skip,
                                 err);
    /* DTSTART is the first instance (RFC 5545 3.8.5.3). */
    if (st == STATUS_OK && !occ_set_has(&skip, start))
        st = add_occurrence(bv, doc, summary, line, start, len, err);
    if (st == STATUS_OK && (rr.n || rd.n))
        st = expand_rules(bv, doc, c, start, len, &rr, &rd, &skip, wfirst,
                          wlast, err);
    free(rr.v);
    free(rd.v);
    occ_set_free(&skip);
    return st;
}

static enum status freebusy(struct busy_vec *bv, const struct ics_doc *doc,
                            icalcomponent *c, struct diag *err)
{
    struct props fbp;
    if (collect(c, ICAL_FREEBUSY_PROPERTY, &fbp) != STATUS_OK)
        return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                        "out of memory");
    const char *summary = "FREEBUSY";
    enum status st = STATUS_OK;
    for (size_t i = 0; i < fbp.n && st == STATUS_OK; i++) {
        icalproperty *p = fbp.v[i];
        int line = ics_doc_line(doc, c, "FREEBUSY");
        icalparameter *fb = icalproperty_get_first_parameter(
            p, ICAL_FBTYPE_PARAMETER);
        if (fb && icalparameter_get_fbtype(fb) == ICAL_FBTYPE_FREE)
            continue;
        char *text = icalproperty_get_value_as_string_r(p);
        if (!text) {
            st = diag_set(err, STATUS_PARSE, doc->name, line, 0, "FREEBUSY",
                          "FREEBUSY without a value");
            break;
        }
        char *save = NULL;
        for (char *tok = strtok_r(text, ",", &save); tok && st == STATUS_OK;
             tok = strtok_r(NULL, ",", &save)) {
            struct icalperiodtype per = icalperiodtype_from_string(tok);
            if (icalperiodtype_is_null_period(per) ||
                icaltime_is_null_time(per.start)) {
                st = diag_set(err, STATUS_PARSE, doc->name, line, 0,
                              "FREEBUSY", "\"%s\" is not a period "
                              "(start/end or start/duration)", tok);
                break;
            }
            struct icaltimetype s = per.start;
            s.zone = icaltime_is_utc(s) ? icaltimezone_get_utc_timezone()
                                        : ics_paris();
            long long len;
            if (!icaltime_is_null_time(per.end)) {
                struct icaltimetype e = per.end;
                e.zone = icaltime_is_utc(e) ? icaltimezone_get_utc_timezone()
                                            : ics_paris();
                len = (long long)(instant(e) - instant(s));
            } else {
                len = icaldurationtype_as_int(per.duration);
            }
            if (len < 0) {
                st = diag_set(err, STATUS_INVALID, doc->name, line, 0,
                              "FREEBUSY", "period \"%s\" ends before it "
                              "starts", tok);
                break;
            }
            st = add_occurrence(bv, doc, summary, line, s, len, err);
        }
        free(text);
    }
    free(fbp.v);
    return st;
}

enum status ics_parse_busy(const char *text, const char *name,
                           enum model_busy_kind kind, int who,
                           int window_first, int window_last,
                           struct model_busy **out, size_t *n,
                           struct diag *err)
{
    *out = NULL;
    *n = 0;
    if (window_last < window_first)
        return diag_set(err, STATUS_INVALID, name, 0, 0, NULL,
                        "the import window ends before it starts");
    struct ics_doc doc;
    enum status st = ics_doc_parse(text, name, &doc, err);
    if (st != STATUS_OK)
        return st;
    struct busy_vec bv = {NULL, 0, 0, kind, who,
                          (long long)window_first * 1440,
                          ((long long)window_last + 1) * 1440};
    /* Overrides first: they remove occurrences from their master. */
    size_t n_ov = 0, cap_ov = 0;
    struct override *ov = NULL;
    for (icalcomponent *c = icalcomponent_get_first_component(
             doc.root, ICAL_VEVENT_COMPONENT);
         c && st == STATUS_OK;
         c = icalcomponent_get_next_component(doc.root,
                                              ICAL_VEVENT_COMPONENT)) {
        icalproperty *rp = icalcomponent_get_first_property(
            c, ICAL_RECURRENCEID_PROPERTY);
        if (!rp)
            continue;
        struct icaltimetype rid;
        st = ics_doc_time(&doc, c, rp, "RECURRENCE-ID", &rid, err);
        if (st != STATUS_OK)
            break;
        if (n_ov == cap_ov) {
            cap_ov = cap_ov ? cap_ov * 2 : 16;
            struct override *no = realloc(ov, cap_ov * sizeof *no);
            if (!no) {
                st = diag_set(err, STATUS_NOMEM, name, 0, 0, NULL,
                              "out of memory");
                break;
            }
            ov = no;
        }
        /* An override without a UID overrides nothing. */
        if (icalcomponent_get_uid(c))
            ov[n_ov++] = (struct override){icalcomponent_get_uid(c), rid};
    }
    if (n_ov > 1)
        qsort(ov, n_ov, sizeof *ov, override_cmp);
    for (icalcomponent *c = icalcomponent_get_first_component(
             doc.root, ICAL_ANY_COMPONENT);
         c && st == STATUS_OK;
         c = icalcomponent_get_next_component(doc.root, ICAL_ANY_COMPONENT)) {
        icalcomponent_kind k = icalcomponent_isa(c);
        if (k == ICAL_VFREEBUSY_COMPONENT) {
            st = freebusy(&bv, &doc, c, err);
        } else if (k == ICAL_VEVENT_COMPONENT) {
            if (not_busy(c))
                continue;
            if (icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY))
                /* A moved occurrence: busy at its own time, once. */
                st = expand_event(&bv, &doc, c, NULL, 0, window_first,
                                  window_last, err);
            else
                st = expand_event(&bv, &doc, c, ov, n_ov, window_first,
                                  window_last, err);
        }
    }
    free(ov);
    ics_doc_free(&doc);
    if (st != STATUS_OK) {
        ics_busy_free(bv.v, bv.n);
        return st;
    }
    *out = bv.v;
    *n = bv.n;
    return STATUS_OK;
}

enum status ics_read_busy(const char *path, enum model_busy_kind kind,
                          int who, int window_first, int window_last,
                          struct model_busy **out, size_t *n,
                          struct diag *err)
{
    char *text;
    *out = NULL;
    *n = 0;
    enum status st = ics_read_text(path, &text, err);
    if (st != STATUS_OK)
        return st;
    st = ics_parse_busy(text, path, kind, who, window_first, window_last, out,
                        n, err);
    free(text);
    return st;
}
