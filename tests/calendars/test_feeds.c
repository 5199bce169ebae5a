/* test_feeds.c -- iCalendar feeds written from a plan: calendar and event
 * properties, time zones, cancellations, re-plans, folding, file layout.
 * tests/interop re-reads the same feeds with python3-icalendar and
 * ical.js. */
#include "test_support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calendars.h"
#include "ics_int.h"
#include "feed_fixture.h"

static int day(int y, int m, int d)
{
    return model_date_to_days((struct model_date){y, m, d});
}

/* Unfolds RFC 5545 text (CRLF + space) so tests can search values. */
static char *unfold(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    assert_non_null(out);
    size_t k = 0;
    for (const char *p = text; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        out[k++] = *p;
    }
    out[k] = '\0';
    return out;
}

/* noinline: GCC 12 warns about a dangling pointer when inlined. */
__attribute__((noinline)) static char *feed(const struct model *m,
                                            const struct model_plan *p,
                                            enum ics_feed_kind kind,
                                            int index)
{
    struct ics_feed_options o;
    ics_feed_options_init(&o);
    struct diag err;
    char *text = NULL;
    assert_ok(ics_calendar_text(m, p, (struct ics_feed){kind, index}, &o,
                                &text, &err), &err);
    return text;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    size_t at = 0, len = strlen(needle);
    const char *hit;
    while ((hit = strstr(hay + at, needle)) != NULL) {
        n++;
        at = (size_t)(hit - hay) + len;
    }
    return n;
}

static void calendar_carries_publish_name_refresh_and_short_vtimezone(
    void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char *raw = feed(m, p, ICS_FEED_ALL, 0);
    char *t = unfold(raw);
    assert_non_null(strstr(t, "BEGIN:VCALENDAR\r\n"));
    assert_non_null(strstr(t, "\r\nVERSION:2.0\r\n"));
    assert_non_null(strstr(t, "\r\nPRODID:-//planner//planner 0.1//FR\r\n"));
    assert_non_null(strstr(t, "\r\nMETHOD:PUBLISH\r\n"));
    assert_non_null(strstr(t, "\r\nNAME:Quercy Blanc — tous les services "
                              "itinérants\r\n"));
    assert_non_null(strstr(t, "\r\nX-WR-CALNAME:Quercy Blanc — tous les "
                              "services itinérants\r\n"));
    assert_non_null(strstr(t, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n"));
    assert_non_null(strstr(t, "\r\nX-PUBLISHED-TTL:PT6H\r\n"));
    assert_non_null(strstr(t, "\r\nTZID:Europe/Paris\r\n"));
    assert_non_null(strstr(t, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"));
    assert_non_null(strstr(t, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"));
    assert_null(strstr(t, "freeassociation"));
    assert_int_equal(count(t, "BEGIN:VTIMEZONE"), 1);
    assert_int_equal(count(t, "BEGIN:VEVENT"), 8);
    assert_null(strstr(t, "URL:"));
    free(t);
    free(raw);
    /* With a base URL: URL and SOURCE point at the feed itself. */
    struct ics_feed_options o;
    ics_feed_options_init(&o);
    o.base_url = "https://agenda.example.fr/feeds/";
    o.refresh_minutes = 90;
    struct diag err;
    assert_ok(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_STAFF, 1}, &o,
                                &raw, &err), &err);
    t = unfold(raw);
    assert_non_null(strstr(t, "\r\nURL;VALUE=URI:https://agenda.example.fr/"
                              "feeds/staff/S02.ics\r\n"));
    assert_non_null(strstr(t, "\r\nSOURCE;VALUE=URI:https://agenda.example.fr"
                              "/feeds/staff/S02.ics\r\n"));
    assert_non_null(strstr(t, "REFRESH-INTERVAL;VALUE=DURATION:PT90M"));
    assert_non_null(strstr(t, "NAME:Planning de Paul Roux — Quercy Blanc"));
    free(t);
    free(raw);
    model_plan_free(p);
    model_free(m);
}

static void lines_are_crlf_folded_at_75_octets_without_splitting_utf8(
    void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char *t = feed(m, p, ICS_FEED_ALL, 0);
    int longest = 0, folded = 0;
    for (const char *l = t; *l;) {
        const char *e = strstr(l, "\r\n");
        assert_non_null(e); /* every line ends with CRLF */
        assert_null(memchr(l, '\n', (size_t)(e - l)));
        int len = (int)(e - l);
        if (len > longest)
            longest = len;
        folded += *l == ' ';
        /* A line never starts with a UTF-8 continuation byte, and never
         * ends in the middle of a sequence. */
        size_t body = *l == ' ' ? 1 : 0;
        if (len > (int)body)
            assert_true(((unsigned char)l[body] & 0xC0) != 0x80);
        if (len > 0) {
            const unsigned char *q = (const unsigned char *)e - 1;
            int back = 0;
            while (back < 4 && (*q & 0xC0) == 0x80) {
                q--;
                back++;
            }
            int need = *q >= 0xF0 ? 3 : *q >= 0xE0 ? 2 : *q >= 0xC0 ? 1 : 0;
            assert_int_equal(need, back);
        }
        l = e + 2;
    }
    assert_true(longest <= 75);
    assert_true(folded > 0); /* the descriptions are long: some folding */
    free(t);
    model_plan_free(p);
    model_free(m);
}

static void events_have_paris_times_and_french_text(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char *raw = feed(m, p, ICS_FEED_ALL, 0);
    char *t = unfold(raw);
    assert_non_null(strstr(t, "\r\nUID:HJ-MONTCUQ-SDF-0@quercy-blanc.planner"
                              "\r\n"));
    assert_non_null(strstr(t, "\r\nDTSTAMP:20270115T100000Z\r\n"));
    assert_non_null(strstr(t, "\r\nLAST-MODIFIED:20270115T100000Z\r\n"));
    assert_non_null(strstr(t, "\r\nDTSTART;TZID=Europe/Paris:20270325T093000"
                              "\r\n"));
    assert_non_null(strstr(t, "\r\nDTEND;TZID=Europe/Paris:20270325T113000"
                              "\r\n"));
    assert_non_null(strstr(t, "\r\nSUMMARY:Halte-jeux — "
                              "Montcuq-en-Quercy-Blanc\r\n"));
    /* libical escapes commas and semicolons in TEXT values. */
    assert_non_null(strstr(t, "\r\nLOCATION:Salle des fêtes\\, Place de la "
                              "Halle\\, 46800 Montcuq-en-Quercy-Blanc\r\n"));
    assert_non_null(strstr(t, "\r\nGEO:44.337900;1.209300\r\n"));
    assert_non_null(strstr(t, "DESCRIPTION:Halte-jeux — animée par Léa "
                              "Martin (EJE RPE).\\nPour : assistantes "
                              "maternelles\\, parents et enfants de moins de "
                              "3 ans\\; entrée libre sur inscription.\\n"
                              "Réservation : auprès du RPE au 05 65 00 00 00 "
                              "ou par courriel à rpe@quercy-blanc.example.\\n"
                              "Lieu : Salle des fêtes"));
    assert_non_null(strstr(t, "\r\nCATEGORIES:Petite enfance\r\n"));
    assert_non_null(strstr(t, "\r\nCATEGORIES:Permanence France Services\r\n"));
    assert_non_null(strstr(t, "\r\nSEQUENCE:3\r\n"));
    assert_non_null(strstr(t, "\r\nSTATUS:CONFIRMED\r\n"));
    /* Two staff and a vehicle. */
    assert_non_null(strstr(t, "animée par Léa Martin (EJE RPE) et Paul Roux."
                              "\\nPour : tous publics.\\nLieu : Salle des "
                              "fêtes\\, Place de la Halle\\, 46800 "
                              "Montcuq-en-Quercy-Blanc.\\nVéhicule : V1 "
                              "(minibus 9 places)."));
    /* No booking line when the service is walk-in. */
    assert_int_equal(count(t, "Réservation"), 3);
    /* A site without coordinates has no GEO; its commune is named. */
    assert_int_equal(count(t, "\r\nGEO:"), 6);
    assert_non_null(strstr(t, "LOCATION:Halle\\; espace « jeunes »\\, étage\\, "
                              "Castelnau-Montratier\r\n"));
    /* Midnight end: the next day at 00:00. */
    assert_non_null(strstr(t, "DTSTART;TZID=Europe/Paris:20270621T220000\r\n"
                              "DTEND;TZID=Europe/Paris:20270622T000000\r\n"));
    free(t);
    free(raw);
    model_plan_free(p);
    model_free(m);
}

static void cancelled_session_says_so_in_status_and_summary(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char *raw = feed(m, p, ICS_FEED_SITE, 2);
    char *t = unfold(raw);
    const char *ev = strstr(t, "UID:HJ-HALL_2F_C3_89_203-0@");
    assert_non_null(ev);
    const char *end = strstr(ev, "END:VEVENT");
    char one[4096];
    snprintf(one, sizeof one, "%.*s", (int)(end - ev), ev);
    assert_non_null(strstr(one, "\r\nSTATUS:CANCELLED\r\n"));
    assert_non_null(strstr(one, "\r\nSEQUENCE:2\r\n"));
    assert_non_null(strstr(one, "\r\nSUMMARY:ANNULÉ — Halte-jeux — "
                                "Castelnau-Montratier\r\n"));
    assert_non_null(strstr(one, "DESCRIPTION:Séance annulée"));
    assert_non_null(strstr(one, "TRANSP:TRANSPARENT"));
    free(t);
    free(raw);
    model_plan_free(p);
    model_free(m);
}

/* What the store hands back after a re-plan that moved session A and
 * dropped session B (store_save_plan raises SEQUENCE and keeps B as
 * cancelled for the grace period): same UID, higher SEQUENCE, new time;
 * B cancelled with a higher SEQUENCE. */
static void replan_keeps_uid_raises_sequence_and_cancels_dropped(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *before = model_plan_new(), *after = model_plan_new();
    before->created_at = 1800007200;
    after->created_at = 1800007200 + 86400;
    struct model_session a = {.service = 0, .site = 0,
                              .day = day(2027, 3, 25), .start = 570,
                              .end = 690, .n_staff = 1, .vehicle = -1};
    struct model_session b = a;
    b.day = day(2027, 4, 1);
    ics_session_uid(m, 0, 0, 0, NULL, a.uid);
    ics_session_uid(m, 0, 0, 1, NULL, b.uid);
    assert_ok(model_plan_add(before, &a), NULL);
    assert_ok(model_plan_add(before, &b), NULL);
    /* The re-plan: the solver makes A the same series place on another
     * day, so its UID is unchanged. */
    struct model_session a2 = a, b2 = b;
    a2.day = day(2027, 3, 26);
    char uid[128];
    ics_session_uid(m, 0, 0, 0, NULL, uid);
    assert_string_equal(uid, a.uid);
    a2.sequence = 1;
    a2.last_modified = after->created_at;
    b2.status = SESSION_CANCELLED;
    b2.sequence = 1;
    b2.last_modified = after->created_at;
    assert_ok(model_plan_add(after, &a2), NULL);
    assert_ok(model_plan_add(after, &b2), NULL);
    char *r1 = feed(m, before, ICS_FEED_ALL, 0), *r2 = feed(m, after,
                                                            ICS_FEED_ALL, 0);
    char *t1 = unfold(r1), *t2 = unfold(r2);
    char want[256];
    snprintf(want, sizeof want, "UID:%s\r\n", a.uid);
    assert_non_null(strstr(t1, want));
    const char *ev = strstr(t2, want);
    assert_non_null(ev);
    assert_int_equal(count(t2, want), 1); /* no duplicate */
    assert_non_null(strstr(ev, "DTSTART;TZID=Europe/Paris:20270326T093000"));
    assert_true(strstr(ev, "SEQUENCE:1") < strstr(ev, "END:VEVENT"));
    assert_non_null(strstr(t1, "SEQUENCE:0"));
    assert_null(strstr(t1, "SEQUENCE:1"));
    snprintf(want, sizeof want, "UID:%s\r\n", b.uid);
    ev = strstr(t2, want);
    assert_non_null(ev);
    const char *end = strstr(ev, "END:VEVENT");
    const char *canc = strstr(ev, "STATUS:CANCELLED");
    assert_true(canc && canc < end);
    assert_true(strstr(ev, "SEQUENCE:1") < end);
    assert_true(strstr(ev, "SUMMARY:ANNULÉ — ") < end);
    assert_non_null(strstr(t2, "DTSTAMP:20270116T100000Z"));
    free(t1);
    free(t2);
    free(r1);
    free(r2);
    model_plan_free(before);
    model_plan_free(after);
    model_free(m);
}

static void feeds_hold_only_their_sessions(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    struct {
        enum ics_feed_kind kind;
        int index, events;
    } cases[] = {
        {ICS_FEED_STAFF, 0, 4},   {ICS_FEED_STAFF, 1, 6},
        {ICS_FEED_COMMUNE, 0, 3}, {ICS_FEED_COMMUNE, 1, 5},
        {ICS_FEED_SITE, 1, 3},    {ICS_FEED_SERVICE, 0, 3},
        {ICS_FEED_SERVICE, 1, 5}, {ICS_FEED_VEHICLE, 0, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *t = feed(m, p, cases[i].kind, cases[i].index);
        if (count(t, "BEGIN:VEVENT") != cases[i].events)
            fail_msg("feed %d/%d: %d events, expected %d", cases[i].kind,
                     cases[i].index, count(t, "BEGIN:VEVENT"),
                     cases[i].events);
        free(t);
    }
    struct diag err;
    char *t;
    assert_int_equal(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_STAFF,
                                                               7},
                                       NULL, &t, &err),
                     STATUS_INVALID);
    model_plan_free(p);
    model_free(m);
}

static void bad_sessions_are_refused(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    struct diag err;
    char *t = (char *)&err;
    p->sessions[2].uid[0] = '\0';
    assert_int_equal(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_ALL, 0},
                                       NULL, &t, &err),
                     STATUS_INVALID);
    assert_null(t);
    assert_non_null(strstr(err.message, "session 3 has no UID"));
    snprintf(p->sessions[2].uid, sizeof p->sessions[2].uid, "x@y");
    p->sessions[2].end = p->sessions[2].start;
    assert_int_equal(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_ALL, 0},
                                       NULL, &t, &err),
                     STATUS_INVALID);
    assert_non_null(strstr(err.message, "x@y"));
    p->sessions[2].end = 600;
    p->sessions[2].site = 9;
    assert_int_equal(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_ALL, 0},
                                       NULL, &t, &err),
                     STATUS_INVALID);
    assert_string_equal(err.field, "site");
    p->sessions[2].site = 0;
    p->sessions[2].staff[0] = 5;
    assert_int_equal(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_ALL, 0},
                                       NULL, &t, &err),
                     STATUS_INVALID);
    assert_string_equal(err.field, "staff");
    p->sessions[2].staff[0] = 0;
    p->sessions[2].vehicle = 3;
    assert_int_equal(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_ALL, 0},
                                       NULL, &t, &err),
                     STATUS_INVALID);
    assert_string_equal(err.field, "vehicle");
    p->sessions[2].vehicle = -1;
    assert_ok(ics_calendar_text(m, p, (struct ics_feed){ICS_FEED_ALL, 0}, NULL,
                                &t, &err), &err);
    free(t);
    model_plan_free(p);
    model_free(m);
}

static int count_files(const char *dir, int *hidden)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[2048];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
            n += count_files(sub, hidden);
        } else {
            n++;
            if (e->d_name[0] == '.')
                (*hidden)++;
        }
    }
    closedir(d);
    return n;
}

static void write_feeds_lays_out_one_file_per_subscriber(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    char out[1200];
    snprintf(out, sizeof out, "%s/feeds", dir);
    struct diag err;
    size_t n = 0;
    assert_ok(ics_write_feeds(m, p, out, NULL, &n, &err), &err);
    assert_int_equal(n, 1 + 2 + 2 + 3 + 2 + 1);
    /* Twice: files are replaced, nothing accumulates. */
    assert_ok(ics_write_feeds(m, p, out, NULL, &n, &err), &err);
    int hidden = 0;
    assert_int_equal(count_files(out, &hidden), 11);
    assert_int_equal(hidden, 0); /* no temporary file left behind */
    static const char *paths[] = {
        "all.ics", "staff/S01.ics", "staff/S02.ics", "communes/46201.ics",
        "communes/46063.ics", "sites/MONTCUQ-SDF.ics",
        "sites/HALL_2F_C3_89_203.ics", "services/HJ.ics", "services/FS.ics",
        "vehicles/V1.ics",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", out, paths[i]);
        struct stat st;
        if (stat(path, &st) != 0)
            fail_msg("missing %s", paths[i]);
        assert_int_equal(st.st_mode & 0777, 0644);
    }
    /* A file where the folder should be: a clear I/O error. */
    char bad[1300];
    snprintf(bad, sizeof bad, "%s/all.ics", out);
    assert_int_equal(ics_write_feeds(m, p, bad, NULL, &n, &err), STATUS_IO);
    assert_non_null(strstr(err.file, "all.ics"));
    assert_int_equal(cal_file_write("/nonexistent/dir/x.ics", "x", 1, &err),
                     STATUS_IO);
    test_remove_tree(dir);
    model_plan_free(p);
    model_free(m);
}

/* Our own feed read back by our importer (libical both ways): every
 * confirmed session comes back at the same local time. */
static void feed_round_trips_through_the_importer(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char *t = feed(m, p, ICS_FEED_ALL, 0);
    struct model_busy *b;
    size_t n;
    struct diag err;
    assert_ok(ics_parse_busy(t, "all.ics", BUSY_SITE, 0, day(2027, 1, 1),
                             day(2027, 12, 31), &b, &n, &err), &err);
    assert_int_equal(n, 7); /* the cancelled one is not busy */
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *s = &p->sessions[i];
        if (s->status == SESSION_CANCELLED)
            continue;
        long long st = (long long)s->day * 1440 + s->start;
        long long en = (long long)s->day * 1440 + s->end;
        bool found = false;
        for (size_t j = 0; j < n; j++)
            found |= b[j].start == st && b[j].end == en;
        if (!found)
            fail_msg("session %s not read back", s->uid);
    }
    ics_busy_free(b, n);
    free(t);
    model_plan_free(p);
    model_free(m);
}

/* The whole all.ics of the fixture, byte for byte, against
 * tests/calendars/data/fixture-all.ics: any change of the format shows up
 * in review.  PLANNER_UPDATE_GOLDEN=1 rewrites it. */
static void all_feed_matches_the_golden_file(void **state)
{
    (void)state;
    struct model *m = fixture_model();
    struct model_plan *p = fixture_plan(m);
    char *t = feed(m, p, ICS_FEED_ALL, 0);
    const char *path = test_source_path("tests/calendars/data/fixture-all.ics");
    char golden_path[1024];
    snprintf(golden_path, sizeof golden_path, "%s", path);
    const char *update = getenv("PLANNER_UPDATE_GOLDEN");
    if (update && !strcmp(update, "1")) {
        FILE *f = fopen(golden_path, "wb");
        assert_non_null(f);
        fputs(t, f);
        fclose(f);
    }
    FILE *f = fopen(golden_path, "rb");
    if (!f)
        fail_msg("missing %s: run with PLANNER_UPDATE_GOLDEN=1", golden_path);
    static char want[1 << 16];
    size_t n = fread(want, 1, sizeof want - 1, f);
    fclose(f);
    want[n] = '\0';
    if (strcmp(t, want) != 0) {
        size_t i = 0;
        while (t[i] && t[i] == want[i])
            i++;
        fail_msg("all.ics differs from %s at byte %zu: \"%.40s\" vs \"%.40s\""
                 " (PLANNER_UPDATE_GOLDEN=1 to accept)", golden_path, i,
                 t + i, want + i);
    }
    free(t);
    model_plan_free(p);
    model_free(m);
}

/* libical's broken fold of a long unbreakable line (a long UID) is put
 * back to the line's CRLF, and nothing else is touched. */
static void broken_folds_are_repaired(void **state)
{
    (void)state;
    char text[] = "UID:\r\n run-aj-bozouls-sam-20270102-1-montrozier@cc.planner\r\r\n \n"
                  "DTSTAMP:20270101T000000Z\r\n";
    ics_repair_folds(text);
    assert_string_equal(text, "UID:\r\n run-aj-bozouls-sam-20270102-1-montrozier@cc.planner\r\n"
                              "DTSTAMP:20270101T000000Z\r\n");
    char ok[] = "SUMMARY:a\r\n b\r\n";
    ics_repair_folds(ok);
    assert_string_equal(ok, "SUMMARY:a\r\n b\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            calendar_carries_publish_name_refresh_and_short_vtimezone),
        cmocka_unit_test(
            lines_are_crlf_folded_at_75_octets_without_splitting_utf8),
        cmocka_unit_test(events_have_paris_times_and_french_text),
        cmocka_unit_test(cancelled_session_says_so_in_status_and_summary),
        cmocka_unit_test(replan_keeps_uid_raises_sequence_and_cancels_dropped),
        cmocka_unit_test(feeds_hold_only_their_sessions),
        cmocka_unit_test(bad_sessions_are_refused),
        cmocka_unit_test(write_feeds_lays_out_one_file_per_subscriber),
        cmocka_unit_test(feed_round_trips_through_the_importer),
        cmocka_unit_test(all_feed_matches_the_golden_file),
        cmocka_unit_test(broken_folds_are_repaired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
