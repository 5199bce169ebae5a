/* interop_write_feeds.c -- writes the fixture plan's feeds and what they
 * must contain, for tests/interop/run_interop.py.
 *
 * usage: interop_write_feeds DIR
 * Writes DIR/feeds/... (ics_write_feeds) and DIR/expected.tsv with one
 * row per (feed file, session): file, uid, start, end (UTC, ISO 8601),
 * tzid, status, sequence.  UTC instants come from the C library's own
 * time-zone database (TZ=Europe/Paris, mktime), not from libical, so the
 * expectation is independent of the code under test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendars.h"
#include "feed_fixture.h"

static void utc_iso(int day, int minute, char out[32])
{
    struct model_date d = model_date_from_days(day + minute / 1440);
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_hour = (minute % 1440) / 60;
    tm.tm_min = minute % 60;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    struct tm u;
    gmtime_r(&t, &u);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &u);
}

static bool in_feed(const struct model *m, const struct model_session *s,
                    struct ics_feed f)
{
    switch (f.kind) {
    case ICS_FEED_ALL: return true;
    case ICS_FEED_STAFF:
        for (int i = 0; i < s->n_staff; i++)
            if (s->staff[i] == f.index)
                return true;
        return false;
    case ICS_FEED_COMMUNE: return m->sites[s->site].commune == f.index;
    case ICS_FEED_SITE: return s->site == f.index;
    case ICS_FEED_SERVICE: return s->service == f.index;
    case ICS_FEED_VEHICLE: return s->vehicle == f.index;
    }
    return false;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/feeds", argv[1]);
    struct diag err;
    diag_clear(&err);
    size_t n = 0;
    if (ics_write_feeds(m, p, dir, NULL, &n, &err) != STATUS_OK) {
        char buf[1024];
        diag_format(&err, buf, sizeof buf);
        fprintf(stderr, "interop_write_feeds: %s\n", buf);
        return 1;
    }
    snprintf(path, sizeof path, "%s/expected.tsv", argv[1]);
    FILE *out = fopen(path, "w");
    if (!out) {
        perror(path);
        return 1;
    }
    struct {
        enum ics_feed_kind kind;
        size_t count;
    } kinds[] = {
        {ICS_FEED_ALL, 1},
        {ICS_FEED_STAFF, m->n_staff},
        {ICS_FEED_COMMUNE, m->n_communes},
        {ICS_FEED_SITE, m->n_sites},
        {ICS_FEED_SERVICE, m->n_services},
        {ICS_FEED_VEHICLE, m->n_vehicles},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        for (size_t i = 0; i < kinds[k].count; i++) {
            struct ics_feed f = {kinds[k].kind, (int)i};
            char rel[256];
            ics_feed_path(m, f, rel);
            /* A file with no session still gets a row, so the driver knows
             * to expect an empty calendar. */
            fprintf(out, "%s\t-\n", rel);
            for (size_t j = 0; j < p->n_sessions; j++) {
                const struct model_session *s = &p->sessions[j];
                if (!in_feed(m, s, f))
                    continue;
                char a[32], b[32];
                utc_iso(s->day, s->start, a);
                utc_iso(s->day, s->end, b);
                fprintf(out, "%s\t%s\t%s\t%s\tEurope/Paris\t%s\t%d\n", rel,
                        s->uid, a, b,
                        s->status == SESSION_CANCELLED ? "CANCELLED"
                                                       : "CONFIRMED",
                        s->sequence);
            }
        }
    fclose(out);
    printf("wrote %zu feeds\n", n);
    model_plan_free(p);
    model_free(m);
    return 0;
}
