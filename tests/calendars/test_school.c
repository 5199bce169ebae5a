/* test_school.c -- the Ministry's school calendars (iCalendar) imported
 * as holiday periods, in the old per-zone shape and the newer shape that
 * lists several zones per event, and their effect on closures. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendars.h"

static int day(int y, int m, int d)
{
    return model_date_to_days((struct model_date){y, m, d});
}

static const char *fixture(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s%s",
             test_source_path("tests/calendars/data/"), name);
    return buf;
}

static void expect_period(const struct model_holiday_period *p, char zone,
                          int first, int last, const char *label)
{
    assert_int_equal(p->zone, zone);
    char a[11], b[11], x[11], y[11];
    model_date_iso(p->first_day, a);
    model_date_iso(p->last_day, b);
    model_date_iso(first, x);
    model_date_iso(last, y);
    if (p->first_day != first || p->last_day != last)
        fail_msg("%s: got %s..%s, expected %s..%s", label, a, b, x, y);
    assert_string_equal(p->label, label);
}

static void zone_file_gives_days_off_with_exclusive_dtend(void **state)
{
    (void)state;
    struct diag err;
    struct model_holiday_period *p;
    size_t n;
    assert_ok(ics_read_school_holidays(fixture("ministry-zone-c.ics"), 0, &p,
                                       &n, &err), &err);
    assert_int_equal(n, 6); /* Rentrée and Prérentrée are not holidays */
    expect_period(&p[0], 'C', day(2026, 10, 17), day(2026, 11, 1),
                  "Vacances de la Toussaint");
    expect_period(&p[1], 'C', day(2026, 12, 19), day(2027, 1, 3),
                  "Vacances de Noël");
    expect_period(&p[2], 'C', day(2027, 2, 6), day(2027, 2, 21),
                  "Vacances d'Hiver");
    expect_period(&p[3], 'C', day(2027, 4, 3), day(2027, 4, 18),
                  "Vacances de Printemps");
    expect_period(&p[4], 'C', day(2027, 5, 7), day(2027, 5, 8),
                  "Pont de l'Ascension");
    /* No DTEND: until the day before the next Rentrée. */
    expect_period(&p[5], 'C', day(2027, 7, 3), day(2027, 8, 31),
                  "Vacances d'Été");
    /* These match the shipped data for 2026-2027. */
    struct model_holiday_period *s;
    size_t ns;
    assert_ok(cal_school_periods('C', NULL, 0, &s, &ns, &err), &err);
    for (size_t i = 0; i < 5; i++) {
        bool found = false;
        for (size_t j = 0; j < ns; j++)
            found |= s[j].first_day == p[i].first_day &&
                     s[j].last_day == p[i].last_day;
        if (!found)
            fail_msg("%s differs from the shipped data", p[i].label);
    }
    free(s);
    /* The same zone given explicitly is fine; another is refused. */
    free(p);
    assert_ok(ics_read_school_holidays(fixture("ministry-zone-c.ics"), 'C', &p,
                                       &n, &err), &err);
    free(p);
    assert_int_equal(ics_read_school_holidays(fixture("ministry-zone-c.ics"),
                                              'A', &p, &n, &err),
                     STATUS_INVALID);
    assert_non_null(strstr(err.message, "calendar of zone C, not of zone A"));
    assert_int_equal(err.line, 5);
    assert_null(p);
}

static void imported_year_lets_a_summer_horizon_plan(void **state)
{
    (void)state;
    struct diag err;
    struct model_holiday_period *p;
    size_t n;
    struct cal_closures *c = NULL;
    int first, last;
    assert_ok(cal_parse_horizon("2027-04-01..2027-08-31", &first, &last, &err),
              &err);
    assert_int_equal(cal_closures_new('C', first, last, NULL, 0, true, &c,
                                      &err),
                     STATUS_MISSING_DATA);
    assert_ok(ics_read_school_holidays(fixture("ministry-zone-c.ics"), 'C', &p,
                                       &n, &err), &err);
    assert_ok(cal_closures_new('C', first, last, p, n, true, &c, &err), &err);
    assert_string_equal(cal_school_holiday(c, day(2027, 7, 14)),
                        "Vacances d'Été");
    assert_null(cal_school_holiday(c, day(2027, 7, 2)));
    assert_string_equal(cal_public_holiday(c, day(2027, 7, 14)),
                        "Fête Nationale");
    cal_closures_free(c);
    free(p);
}

static void multi_zone_file_needs_a_zone_and_keeps_shared_events(void **state)
{
    (void)state;
    struct diag err;
    struct model_holiday_period *p = NULL;
    size_t n;
    assert_int_equal(ics_read_school_holidays(fixture("ministry-all-zones.ics"),
                                              0, &p, &n, &err),
                     STATUS_INVALID);
    assert_non_null(strstr(err.message, "zones A,B,C"));
    assert_non_null(strstr(err.message, "--zone"));
    assert_ok(ics_read_school_holidays(fixture("ministry-all-zones.ics"), 'B',
                                       &p, &n, &err), &err);
    assert_int_equal(n, 3);
    expect_period(&p[0], 'B', day(2024, 12, 21), day(2025, 1, 5),
                  "Vacances de Noël");
    expect_period(&p[1], 'B', day(2025, 2, 8), day(2025, 2, 23),
                  "Vacances d'Hiver");
    expect_period(&p[2], 'B', day(2025, 4, 19), day(2025, 5, 4),
                  "Vacances de Printemps");
    free(p);
    assert_ok(ics_read_school_holidays(fixture("ministry-all-zones.ics"), 'C',
                                       &p, &n, &err), &err);
    assert_int_equal(n, 2); /* spring was for A and B only */
    expect_period(&p[1], 'C', day(2025, 2, 15), day(2025, 3, 2),
                  "Vacances d'Hiver");
    free(p);
}

static void bad_school_files_are_refused_with_a_line(void **state)
{
    (void)state;
    struct diag err;
    struct model_holiday_period *p = NULL;
    size_t n;
    const char *head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
                       "X-WR-CALNAME:Calendrier Scolaire - Zone A\r\n";
    char buf[2048];
    /* Summer without an end nor a Rentrée. */
    snprintf(buf, sizeof buf, "%sBEGIN:VEVENT\r\nUID:1\r\n"
             "SUMMARY:Vacances d'Été - Zone A\r\nDTSTART;VALUE=DATE:20270703"
             "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", head);
    assert_int_equal(ics_parse_school_holidays(buf, "a.ics", 0, &p, &n, &err),
                     STATUS_INVALID);
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.message, "cannot tell when classes resume"));
    /* Ends before it starts. */
    snprintf(buf, sizeof buf, "%sBEGIN:VEVENT\r\nUID:1\r\n"
             "SUMMARY:Vacances de Noël - Zone A\r\nDTSTART;VALUE=DATE:20271218"
             "\r\nDTEND;VALUE=DATE:20271201\r\nEND:VEVENT\r\nEND:VCALENDAR"
             "\r\n", head);
    assert_int_equal(ics_parse_school_holidays(buf, "a.ics", 'A', &p, &n,
                                               &err),
                     STATUS_INVALID);
    assert_int_equal(err.line, 9);
    /* Dated in year 0027 (issue 17: such periods were imported). */
    snprintf(buf, sizeof buf, "%sBEGIN:VEVENT\r\nUID:1\r\n"
             "SUMMARY:Vacances de Noël - Zone A\r\nDTSTART;VALUE=DATE:20271218"
             "\r\nDTEND;VALUE=DATE:20280103\r\nEND:VEVENT\r\n"
             "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Vacances d'hiver - Zone A"
             "\r\nDTSTART;VALUE=DATE:00270213\r\nDTEND;VALUE=DATE:00270301"
             "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", head);
    assert_int_equal(ics_parse_school_holidays(buf, "a.ics", 'A', &p, &n,
                                               &err),
                     STATUS_INVALID);
    assert_int_equal(err.line, 14);
    assert_string_equal(err.message, "DTSTART is in year 0027: expected a "
                                     "date from 1900 to 2199 (a broken "
                                     "export?)");
    assert_null(p);
    /* No holiday at all (a leave file given by mistake). */
    assert_int_equal(ics_read_school_holidays(
                         fixture("thunderbird-allday-leave.ics"), 'C', &p, &n,
                         &err),
                     STATUS_INVALID);
    assert_non_null(strstr(err.message, "no school holidays for zone C"));
    /* Malformed. */
    assert_int_equal(ics_read_school_holidays(fixture("malformed.ics"), 'C',
                                              &p, &n, &err),
                     STATUS_PARSE);
    assert_int_equal(err.line, 8);
    assert_int_equal(ics_parse_school_holidays(head, "a.ics", 'D', &p, &n,
                                               &err),
                     STATUS_INVALID);
    assert_null(p);
}

static void timed_start_after_classes_means_next_day_off(void **state)
{
    (void)state;
    /* Friday 16 October 2026, 18:00 in Paris (16:00 UTC) after classes:
     * Saturday is the first day off. */
    const char *text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
        "UID:1\r\nSUMMARY:Vacances de la Toussaint - Zone B\r\n"
        "DTSTART:20261016T160000Z\r\nDTEND:20261101T230000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n";
    struct diag err;
    struct model_holiday_period *p;
    size_t n;
    assert_ok(ics_parse_school_holidays(text, "b.ics", 0, &p, &n, &err), &err);
    assert_int_equal(n, 1);
    expect_period(&p[0], 'B', day(2026, 10, 17), day(2026, 11, 1),
                  "Vacances de la Toussaint");
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zone_file_gives_days_off_with_exclusive_dtend),
        cmocka_unit_test(imported_year_lets_a_summer_horizon_plan),
        cmocka_unit_test(multi_zone_file_needs_a_zone_and_keeps_shared_events),
        cmocka_unit_test(bad_school_files_are_refused_with_a_line),
        cmocka_unit_test(timed_start_after_classes_means_next_day_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
