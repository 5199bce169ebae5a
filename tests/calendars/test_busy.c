/* test_busy.c -- busy times imported from real-world iCalendar shapes:
 * Outlook (Windows zone names, embedded VTIMEZONE), Google (RRULE with
 * EXDATE and a RECURRENCE-ID override), Thunderbird (all-day leave),
 * VFREEBUSY, and malformed files that must be refused whole, with a line. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendars.h"

static int day(int y, int m, int d)
{
    return model_date_to_days((struct model_date){y, m, d});
}

/* Local minutes of a wall-clock Paris time. */
static long long at(int y, int mo, int d, int h, int mi)
{
    return (long long)day(y, mo, d) * 1440 + h * 60 + mi;
}

static const char *fixture(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s",
             test_source_path("tests/calendars/data/"));
    strncat(buf, name, sizeof buf - strlen(buf) - 1);
    return buf;
}

static bool has_busy(const struct model_busy *b, size_t n, long long s,
                     long long e)
{
    for (size_t i = 0; i < n; i++)
        if (b[i].start == s && b[i].end == e)
            return true;
    return false;
}

static void read_2027(const char *name, struct model_busy **b, size_t *n)
{
    struct diag err;
    assert_ok(ics_read_busy(fixture(name), BUSY_STAFF, 4, day(2027, 1, 1),
                            day(2027, 12, 31), b, n, &err), &err);
}

static void outlook_windows_zone_names_are_paris_and_london(void **state)
{
    (void)state;
    struct model_busy *b;
    size_t n;
    read_2027("outlook-windows-zone.ics", &b, &n);
    assert_int_equal(n, 4); /* the TRANSPARENT one is free */
    assert_true(has_busy(b, n, at(2027, 1, 12, 14, 0), at(2027, 1, 12, 17, 0)));
    /* After the spring change, still wall-clock 09:00-12:00. */
    assert_true(has_busy(b, n, at(2027, 3, 29, 9, 0), at(2027, 3, 29, 12, 0)));
    /* London is one hour behind Paris. */
    assert_true(has_busy(b, n, at(2027, 1, 13, 11, 0), at(2027, 1, 13, 12, 0)));
    /* 08:00 UTC in July is 10:00 in Paris (CEST). */
    assert_true(has_busy(b, n, at(2027, 7, 1, 10, 0), at(2027, 7, 1, 12, 0)));
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(b[i].kind, BUSY_STAFF);
        assert_int_equal(b[i].who, 4);
    }
    assert_non_null(strstr(b[0].summary, "Formation CAF"));
    ics_busy_free(b, n);
    ics_busy_free(NULL, 0);
}

static void outlook_embedded_vtimezone_is_used(void **state)
{
    (void)state;
    struct model_busy *b;
    size_t n;
    read_2027("outlook-embedded-vtimezone.ics", &b, &n);
    assert_int_equal(n, 2);
    assert_true(has_busy(b, n, at(2027, 11, 2, 8, 30), at(2027, 11, 2, 12, 0)));
    assert_true(has_busy(b, n, at(2027, 6, 25, 8, 30), at(2027, 6, 25, 12, 0)));
    ics_busy_free(b, n);
}

static void google_rrule_exdate_and_override(void **state)
{
    (void)state;
    struct model_busy *b;
    size_t n;
    read_2027("google-rrule-exdate.ics", &b, &n);
    /* Tuesdays 2, 9, (16 excluded), 23 moved to Wednesday 24, 30 (after
     * the DST change, same wall clock), 6 April (UNTIL inclusive).  The
     * cancelled event and the transparent one are not busy. */
    int days[][2] = {{3, 2}, {3, 9}, {3, 24}, {3, 30}, {4, 6}};
    for (size_t i = 0; i < 5; i++)
        if (!has_busy(b, n, at(2027, days[i][0], days[i][1], 18, 0),
                      at(2027, days[i][0], days[i][1], 20, 0)))
            fail_msg("missing 2027-%02d-%02d 18:00", days[i][0], days[i][1]);
    assert_int_equal(n, 5);
    ics_busy_free(b, n);
}

static void recurrence_is_bounded_by_the_window(void **state)
{
    (void)state;
    const char *text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
        "UID:endless\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20200106\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\n"
        "SUMMARY:Temps partiel (lundi)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    struct diag err;
    struct model_busy *b;
    size_t n;
    assert_ok(ics_parse_busy(text, "mem.ics", BUSY_STAFF, 0, day(2027, 1, 1),
                             day(2027, 1, 31), &b, &n, &err), &err);
    assert_int_equal(n, 4); /* Mondays 4, 11, 18, 25 January 2027 */
    assert_true(has_busy(b, n, at(2027, 1, 4, 0, 0), at(2027, 1, 5, 0, 0)));
    ics_busy_free(b, n);
}

static void exdate_lists_rdate_and_cancelled_occurrence(void **state)
{
    (void)state;
    /* Daily 08:00-09:00 in Paris from Monday 1 March 2027 for 6 days; the
     * 2nd and 3rd excluded by one multi-valued EXDATE (in UTC), the 4th
     * cancelled by an override, plus an extra RDATE on 20 March. */
    const char *text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
        "UID:daily\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/Paris:20270301T080000\r\n"
        "DTEND;TZID=Europe/Paris:20270301T090000\r\n"
        "RRULE:FREQ=DAILY;COUNT=6\r\n"
        "EXDATE:20270302T070000Z,20270303T070000Z\r\n"
        "RDATE;TZID=Europe/Paris:20270320T080000\r\n"
        "SUMMARY:Permanence\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:daily\r\nDTSTAMP:20260101T000000Z\r\n"
        "RECURRENCE-ID;TZID=Europe/Paris:20270304T080000\r\n"
        "DTSTART;TZID=Europe/Paris:20270304T080000\r\n"
        "DTEND;TZID=Europe/Paris:20270304T090000\r\n"
        "STATUS:CANCELLED\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:weekly-leave\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20270405\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
        "EXDATE;VALUE=DATE:20270412\r\nSUMMARY:Temps partiel\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n";
    struct diag err;
    struct model_busy *b;
    size_t n;
    assert_ok(ics_parse_busy(text, "mem.ics", BUSY_STAFF, 0, day(2027, 1, 1),
                             day(2027, 12, 31), &b, &n, &err), &err);
    int want[] = {1, 5, 6, 20};
    for (size_t i = 0; i < 4; i++)
        if (!has_busy(b, n, at(2027, 3, want[i], 8, 0),
                      at(2027, 3, want[i], 9, 0)))
            fail_msg("missing 2027-03-%02d 08:00", want[i]);
    assert_true(has_busy(b, n, at(2027, 4, 5, 0, 0), at(2027, 4, 6, 0, 0)));
    assert_true(has_busy(b, n, at(2027, 4, 19, 0, 0), at(2027, 4, 20, 0, 0)));
    assert_int_equal(n, 6);
    ics_busy_free(b, n);
}

static void all_day_leave_makes_whole_days_busy(void **state)
{
    (void)state;
    struct model_busy *b;
    size_t n;
    read_2027("thunderbird-allday-leave.ics", &b, &n);
    assert_int_equal(n, 2);
    /* DTEND is exclusive: Monday 29 March to Friday 2 April included. */
    assert_true(has_busy(b, n, at(2027, 3, 29, 0, 0), at(2027, 4, 3, 0, 0)));
    /* No DTEND: one day. */
    assert_true(has_busy(b, n, at(2027, 5, 7, 0, 0), at(2027, 5, 8, 0, 0)));
    ics_busy_free(b, n);
}

static void freebusy_periods_count_except_free(void **state)
{
    (void)state;
    struct model_busy *b;
    size_t n;
    read_2027("freebusy.ics", &b, &n);
    assert_int_equal(n, 4);
    assert_true(has_busy(b, n, at(2027, 1, 5, 9, 0), at(2027, 1, 5, 12, 0)));
    assert_true(has_busy(b, n, at(2027, 1, 6, 14, 0), at(2027, 1, 6, 16, 0)));
    assert_true(has_busy(b, n, at(2027, 1, 7, 9, 0), at(2027, 1, 7, 10, 0)));
    assert_true(has_busy(b, n, at(2027, 1, 8, 17, 0), at(2027, 1, 8, 18, 0)));
    ics_busy_free(b, n);
}

static void floating_time_is_paris(void **state)
{
    (void)state;
    const char *text =
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:f\n"
        "DTSTART:20270801T093000\nDURATION:PT1H30M\nSUMMARY:x\n"
        "END:VEVENT\nEND:VCALENDAR\n";
    struct diag err;
    struct model_busy *b;
    size_t n;
    assert_ok(ics_parse_busy(text, "mem.ics", BUSY_SITE, 2, day(2027, 1, 1),
                             day(2027, 12, 31), &b, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(b[0].start, at(2027, 8, 1, 9, 30));
    assert_int_equal(b[0].end, at(2027, 8, 1, 11, 0));
    assert_int_equal(b[0].kind, BUSY_SITE);
    ics_busy_free(b, n);
}

/* Expects the text to be refused with status st at line, message
 * containing needle, and nothing returned. */
static void refused(const char *text, enum status st, int line,
                    const char *needle)
{
    struct diag err;
    struct model_busy *b = (struct model_busy *)&err;
    size_t n = 99;
    enum status got = ics_parse_busy(text, "leave.ics", BUSY_STAFF, 0,
                                     day(2027, 1, 1), day(2027, 12, 31), &b,
                                     &n, &err);
    if (got != st || err.line != line || !strstr(err.message, needle))
        fail_msg("expected %s at line %d with \"%s\"; got %s at %d: %s",
                 diag_status_str(st), line, needle, diag_status_str(got),
                 err.line, err.message);
    assert_string_equal(err.file, "leave.ics");
    assert_null(b);
    assert_int_equal(n, 0);
}

static void malformed_file_is_refused_with_its_line(void **state)
{
    (void)state;
    struct diag err;
    struct model_busy *b;
    size_t n;
    assert_int_equal(ics_read_busy(fixture("malformed.ics"), BUSY_STAFF, 0,
                                   day(2027, 1, 1), day(2027, 12, 31), &b, &n,
                                   &err),
                     STATUS_PARSE);
    assert_int_equal(err.line, 8);
    assert_non_null(strstr(err.message, "Cette ligne"));
    assert_null(b);
    assert_int_equal(ics_read_busy("/nonexistent/x.ics", BUSY_STAFF, 0,
                                   day(2027, 1, 1), day(2027, 12, 31), &b, &n,
                                   &err),
                     STATUS_IO);
}

static void every_kind_of_bad_input_names_its_line(void **state)
{
    (void)state;
    const char *head = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n";
    char buf[2048];
    /* A good event first: nothing of it may come back. */
    const char *good = "BEGIN:VEVENT\nUID:ok\nDTSTART:20270105T100000\n"
                       "DTEND:20270105T110000\nEND:VEVENT\n";
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:a\n"
             "DTSTART;TZID=Mars/Olympus:20270105T100000\nEND:VEVENT\n"
             "END:VCALENDAR\n", head, good);
    refused(buf, STATUS_PARSE, 11, "Mars/Olympus");
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:b\nDTSTART:2027XX05\n"
             "END:VEVENT\nEND:VCALENDAR\n", head, good);
    refused(buf, STATUS_PARSE, 11, "DTSTART");
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:c\n"
             "DTSTART:20270105T100000\nDTEND:20270105T090000\nEND:VEVENT\n"
             "END:VCALENDAR\n", head, good);
    refused(buf, STATUS_INVALID, 12, "before DTSTART");
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:d\n"
             "DTSTART;VALUE=DATE:20270105\nDTEND:20270106T090000\n"
             "END:VEVENT\nEND:VCALENDAR\n", head, good);
    refused(buf, STATUS_PARSE, 12, "both must be");
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:e\nSUMMARY:x\n"
             "END:VEVENT\nEND:VCALENDAR\n", head, good);
    refused(buf, STATUS_PARSE, 9, "without DTSTART");
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:f\n"
             "DTSTART:20270105T100000\nEND:VEVENT\n", head, good);
    refused(buf, STATUS_PARSE, 1, "never closed");
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:g\n"
             "DTSTART:20270105T100000\nEND:VTODO\nEND:VCALENDAR\n", head,
             good);
    refused(buf, STATUS_PARSE, 12, "does not close BEGIN:VEVENT of line 9");
    snprintf(buf, sizeof buf, "%s%sBEGIN:VEVENT\nUID:h\n"
             "DTSTART:20270105T100000\nRRULE:FREQ=SOMETIMES\nEND:VEVENT\n"
             "END:VCALENDAR\n", head, good);
    refused(buf, STATUS_PARSE, 12, "RRULE");
    refused("Subject,Start Date\nCongés,05/01/2027\n", STATUS_PARSE, 1,
            "expected");
    refused("", STATUS_PARSE, 1, "no BEGIN:VCALENDAR");
    refused(" folded first\n", STATUS_PARSE, 1, "continuation");
}

/* Dates against date-times (RFC 5545 3.8.5.1): an all-day EXDATE removes
 * that day's occurrence of a timed series, a timed EXDATE removes a date
 * RDATE of that day, an override moves its occurrence. */
static void exdates_and_overrides_match_dates_and_instants(void **state)
{
    (void)state;
    const char *text =
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n"
        "BEGIN:VEVENT\nUID:s\nDTSTART;TZID=Europe/Paris:20270105T100000\n"
        "DTEND;TZID=Europe/Paris:20270105T110000\n"
        "RRULE:FREQ=WEEKLY;COUNT=4\nEXDATE;VALUE=DATE:20270112\n"
        "RDATE;VALUE=DATE:20270202\nEXDATE:20270202T090000Z\n"
        "RDATE;VALUE=DATE:20270209\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:s\nRECURRENCE-ID;TZID=Europe/Paris:20270119T100000\n"
        "DTSTART;TZID=Europe/Paris:20270119T150000\n"
        "DTEND;TZID=Europe/Paris:20270119T160000\nEND:VEVENT\n"
        "END:VCALENDAR\n";
    struct diag err;
    struct model_busy *b;
    size_t n;
    assert_ok(ics_parse_busy(text, "s.ics", BUSY_STAFF, 0, day(2027, 1, 1),
                             day(2027, 12, 31), &b, &n, &err), &err);
    assert_int_equal(n, 4);
    assert_true(has_busy(b, n, at(2027, 1, 5, 10, 0), at(2027, 1, 5, 11, 0)));
    assert_true(has_busy(b, n, at(2027, 1, 19, 15, 0), at(2027, 1, 19, 16, 0)));
    assert_true(has_busy(b, n, at(2027, 1, 26, 10, 0), at(2027, 1, 26, 11, 0)));
    /* a date RDATE on a timed event: the whole day (its length rounds to
     * none, so the day itself) */
    bool feb9 = false;
    for (size_t i = 0; i < n; i++)
        feb9 = feb9 || b[i].start == at(2027, 2, 9, 0, 0);
    assert_true(feb9);
    ics_busy_free(b, n);
}

/* Many events: every line still found (the lookups are hashed, not
 * scanned), every override applied to its own series. */
static void a_large_file_keeps_lines_and_overrides(void **state)
{
    (void)state;
    enum { N = 20000 };
    size_t cap = (size_t)N * 200 + 1000, k = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    k += (size_t)snprintf(t + k, cap - k, "BEGIN:VCALENDAR\nVERSION:2.0\n"
                                          "PRODID:x\n");
    for (int i = 0; i < N; i++) {
        struct model_date d = model_date_from_days(day(2027, 1, 1) + i / 8);
        struct model_date week =
            model_date_from_days(day(2027, 1, 1) + i / 8 + 7);
        int h = 8 + i % 8;
        if (i % 2 == 0)   /* a two-week series, its second one moved */
            k += (size_t)snprintf(t + k, cap - k,
                "BEGIN:VEVENT\nUID:u%d\nDTSTART:%04d%02d%02dT%02d0000\n"
                "DURATION:PT30M\nRRULE:FREQ=WEEKLY;COUNT=2\nEND:VEVENT\n",
                i, d.year, d.month, d.day, h);
        else   /* the second one of series i - 1, a week later */
            k += (size_t)snprintf(t + k, cap - k,
                "BEGIN:VEVENT\nUID:u%d\nRECURRENCE-ID:%04d%02d%02dT%02d0000\n"
                "DTSTART:%04d%02d%02dT%02d3000\nDURATION:PT30M\nEND:VEVENT\n",
                i - 1, week.year, week.month, week.day, h - 1, d.year,
                d.month, d.day, h);
    }
    size_t good = k;
    k += (size_t)snprintf(t + k, cap - k, "END:VCALENDAR\n");
    struct diag err;
    struct model_busy *b;
    size_t n;
    assert_ok(ics_parse_busy(t, "big.ics", BUSY_STAFF, 0, day(2027, 1, 1),
                             day(2035, 12, 31), &b, &n, &err), &err);
    /* each pair: the series' first, and the override instead of its
     * second (20 000 events over 7 years) */
    assert_int_equal(n, N);
    ics_busy_free(b, n);
    /* A bad DTEND in the last event is found on its own line: the header
     * 3 lines, 6 per event. */
    snprintf(t + good, cap - good, "BEGIN:VEVENT\nUID:z\n"
             "DTSTART:20270105T100000\nDTEND:20270105T090000\nEND:VEVENT\n"
             "END:VCALENDAR\n");
    assert_int_equal(ics_parse_busy(t, "big.ics", BUSY_STAFF, 0,
                                    day(2027, 1, 1), day(2035, 12, 31), &b,
                                    &n, &err),
                     STATUS_INVALID);
    assert_int_equal(err.line, 3 + 6 * N + 4);
    assert_string_equal(err.message, "DTEND is before DTSTART");
    free(t);
}

/* Issue 17, defect 4: 100 minutely rules, each under the cap of one rule,
 * took 21 s.  The steps of all the rules of a file are capped: here the
 * sixth rule of 172 800 steps crosses 1 000 000. */
static void recurrence_work_of_a_file_is_capped(void **state)
{
    (void)state;
    char buf[4096];
    size_t k = (size_t)snprintf(buf, sizeof buf,
                                "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n");
    for (int i = 0; i < 8; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k,
            "BEGIN:VEVENT\nUID:m%d\nDTSTART:20260901T00%02d00Z\n"
            "DURATION:PT1M\nRRULE:FREQ=MINUTELY;UNTIL=20261230T000000Z\n"
            "END:VEVENT\n", i, i);
    snprintf(buf + k, sizeof buf - k, "END:VCALENDAR\n");
    refused(buf, STATUS_INVALID, 3 + 6 * 5 + 5,
            "the recurrence rules of this file repeat more than 1000000 "
            "times in all (counted from each DTSTART; the limit of one "
            "file) when this one is expanded: is this really a leave or "
            "booking calendar?");
}

/* Issue 17, defect 7: dates in year 0001 or 2500 are a broken export. */
static void dates_outside_the_supported_years_are_refused(void **state)
{
    (void)state;
    const char *head = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n";
    char buf[1024];
    snprintf(buf, sizeof buf, "%sBEGIN:VEVENT\nUID:a\n"
             "DTSTART;VALUE=DATE:00270105\nEND:VEVENT\nEND:VCALENDAR\n",
             head);
    refused(buf, STATUS_INVALID, 6, "DTSTART is in year 0027: expected a "
            "date from 1900 to 2199 (a broken export?)");
    snprintf(buf, sizeof buf, "%sBEGIN:VEVENT\nUID:a\n"
             "DTSTART:20270105T100000\nDTEND:25000105T100000\nEND:VEVENT\n"
             "END:VCALENDAR\n", head);
    refused(buf, STATUS_INVALID, 7, "DTEND is in year 2500");
    snprintf(buf, sizeof buf, "%sBEGIN:VEVENT\nUID:a\n"
             "DTSTART:19000101T100000\nDURATION:PT1H\nEND:VEVENT\n"
             "BEGIN:VEVENT\nUID:b\nDTSTART:21991231T100000\nEND:VEVENT\n"
             "END:VCALENDAR\n", head);
    struct diag err;
    struct model_busy *b;
    size_t n;
    assert_ok(ics_parse_busy(buf, "edge.ics", BUSY_STAFF, 0, day(2027, 1, 1),
                             day(2027, 12, 31), &b, &n, &err), &err);
    assert_int_equal(n, 0);   /* valid, outside the window */
    ics_busy_free(b, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(outlook_windows_zone_names_are_paris_and_london),
        cmocka_unit_test(outlook_embedded_vtimezone_is_used),
        cmocka_unit_test(google_rrule_exdate_and_override),
        cmocka_unit_test(recurrence_is_bounded_by_the_window),
        cmocka_unit_test(exdate_lists_rdate_and_cancelled_occurrence),
        cmocka_unit_test(all_day_leave_makes_whole_days_busy),
        cmocka_unit_test(freebusy_periods_count_except_free),
        cmocka_unit_test(floating_time_is_paris),
        cmocka_unit_test(malformed_file_is_refused_with_its_line),
        cmocka_unit_test(every_kind_of_bad_input_names_its_line),
        cmocka_unit_test(exdates_and_overrides_match_dates_and_instants),
        cmocka_unit_test(a_large_file_keeps_lines_and_overrides),
        cmocka_unit_test(recurrence_work_of_a_file_is_capped),
        cmocka_unit_test(dates_outside_the_supported_years_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
