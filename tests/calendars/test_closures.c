/* test_closures.c -- horizons, public holidays, school holidays, UIDs.
 * Public holidays are checked against the official list for 2024-2027
 * (tests/data/public-holidays.csv, see calendars/data/SOURCES.md). */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendars.h"

static int day(int y, int m, int d)
{
    return model_date_to_days((struct model_date){y, m, d});
}

static void quarter_horizon_covers_the_quarter(void **state)
{
    (void)state;
    struct diag err;
    int a, b;
    assert_ok(cal_parse_horizon("2027-Q1", &a, &b, &err), &err);
    assert_int_equal(a, day(2027, 1, 1));
    assert_int_equal(b, day(2027, 3, 31));
    assert_ok(cal_parse_horizon("2024-Q4", &a, &b, &err), &err);
    assert_int_equal(a, day(2024, 10, 1));
    assert_int_equal(b, day(2024, 12, 31));
    assert_ok(cal_parse_horizon("2024-q1", &a, &b, &err), &err);
    assert_int_equal(b, day(2024, 3, 31));
}

static void range_horizon_is_inclusive(void **state)
{
    (void)state;
    struct diag err;
    int a, b;
    assert_ok(cal_parse_horizon("2027-01-04..2027-03-31", &a, &b, &err), &err);
    assert_int_equal(a, day(2027, 1, 4));
    assert_int_equal(b, day(2027, 3, 31));
    assert_ok(cal_parse_horizon("2027-01-04..2027-01-04", &a, &b, &err), &err);
    assert_int_equal(a, b);
}

static void bad_horizons_say_what_is_expected(void **state)
{
    (void)state;
    static const char *bad[] = {
        "2027-Q5", "2027-Q0", "2027-Q1x", "2027", "", "Q1-2027",
        "2027-02-30..2027-03-01", "2027-03-01..2027-02-01",
        "2027-01-01..2027-1-31", "2027-01-01...2027-01-31",
        "04/01/2027..31/03/2027",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct diag err;
        int a = -1, b = -1;
        enum status st = cal_parse_horizon(bad[i], &a, &b, &err);
        if (st != STATUS_INVALID)
            fail_msg("\"%s\" accepted", bad[i]);
        assert_string_equal(err.field, "horizon");
        if (*bad[i] && !strstr(err.message, bad[i]))
            fail_msg("message does not quote the input: %s", err.message);
    }
    struct diag err;
    int a, b;
    assert_int_equal(cal_parse_horizon(NULL, &a, &b, &err), STATUS_INVALID);
}

static void easter_matches_known_dates(void **state)
{
    (void)state;
    static const int known[][3] = {
        {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24}, {2019, 4, 21},
        {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28},
        {2038, 4, 25}, {2285, 3, 22},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        assert_int_equal(cal_easter(known[i][0]),
                         day(known[i][0], known[i][1], known[i][2]));
}

/* The Paris day of an instant, on both sides of the 2027 DST changes
 * (28 March and 31 October, at 01:00 UTC) and around midnight. */
static void paris_day_of_an_instant(void **state)
{
    (void)state;
    /* 2027-01-10 22:59:59 UTC is 23:59:59 in Paris; a second later, the
     * 11th. */
    long long jan10 = (long long)day(2027, 1, 10) * 86400;
    assert_int_equal(cal_paris_day(jan10 + 22 * 3600 + 3599), day(2027, 1, 10));
    assert_int_equal(cal_paris_day(jan10 + 23 * 3600), day(2027, 1, 11));
    /* Summer time: 22:00 UTC on 1 July is already 2 July in Paris. */
    long long jul1 = (long long)day(2027, 7, 1) * 86400;
    assert_int_equal(cal_paris_day(jul1 + 21 * 3600 + 3599), day(2027, 7, 1));
    assert_int_equal(cal_paris_day(jul1 + 22 * 3600), day(2027, 7, 2));
    /* 27 March 23:30 UTC: 00:30 on the 28th (winter time still). */
    long long mar27 = (long long)day(2027, 3, 27) * 86400;
    assert_int_equal(cal_paris_day(mar27 + 23 * 3600 + 1800), day(2027, 3, 28));
    /* 30 October 22:30 UTC: 00:30 on the 31st (summer time still);
     * 31 October 23:30 UTC: 00:30 on 1 November (winter time). */
    long long oct30 = (long long)day(2027, 10, 30) * 86400;
    assert_int_equal(cal_paris_day(oct30 + 22 * 3600 + 1800), day(2027, 10, 31));
    assert_int_equal(cal_paris_day(oct30 + 86400 + 22 * 3600 + 1800),
                     day(2027, 10, 31));
    assert_int_equal(cal_paris_day(oct30 + 86400 + 23 * 3600 + 1800),
                     day(2027, 11, 1));
}

static void public_holidays_match_official_list_2024_2027(void **state)
{
    (void)state;
    FILE *f = fopen(test_source_path("tests/data/public-holidays.csv"), "r");
    assert_non_null(f);
    char line[256];
    int rows = 0;
    bool official[4 * 366] = {false};
    int base = day(2024, 1, 1), end = day(2027, 12, 31);
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        assert_non_null(comma);
        *comma = '\0';
        int d;
        assert_true(model_date_parse(line, &d));
        const char *name = cal_public_holiday_name(d);
        if (!name || strcmp(name, comma + 1) != 0)
            fail_msg("%s: expected \"%s\", got \"%s\"", line, comma + 1,
                     name ? name : "(none)");
        official[d - base] = true;
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 44);
    for (int d = base; d <= end; d++)
        if (!official[d - base] && cal_public_holiday_name(d)) {
            char iso[11];
            model_date_iso(d, iso);
            fail_msg("%s is not an official holiday but got \"%s\"", iso,
                     cal_public_holiday_name(d));
        }
}

static void public_holidays_for_other_years(void **state)
{
    (void)state;
    /* Easter 2030 is 21 April; 2035 is 25 March. */
    assert_string_equal(cal_public_holiday_name(day(2030, 4, 22)),
                        "Lundi de Pâques");
    assert_string_equal(cal_public_holiday_name(day(2030, 5, 30)), "Ascension");
    assert_string_equal(cal_public_holiday_name(day(2030, 6, 10)),
                        "Lundi de Pentecôte");
    assert_string_equal(cal_public_holiday_name(day(2035, 3, 26)),
                        "Lundi de Pâques");
    assert_string_equal(cal_public_holiday_name(day(2035, 5, 3)), "Ascension");
    assert_string_equal(cal_public_holiday_name(day(2099, 12, 25)), "Noël");
    assert_null(cal_public_holiday_name(day(2030, 4, 21))); /* Easter Sunday */
    assert_null(cal_public_holiday_name(day(2030, 12, 26)));
}

static void closures_give_labels_per_day(void **state)
{
    (void)state;
    struct diag err;
    struct cal_closures *c = NULL;
    assert_ok(cal_closures_new('C', day(2027, 1, 1), day(2027, 3, 31), NULL, 0,
                               true, &c, &err), &err);
    assert_string_equal(cal_public_holiday(c, day(2027, 1, 1)),
                        "Jour de l'an");
    assert_string_equal(cal_public_holiday(c, day(2027, 3, 29)),
                        "Lundi de Pâques");
    assert_null(cal_public_holiday(c, day(2027, 3, 28)));
    assert_string_equal(cal_school_holiday(c, day(2027, 1, 3)),
                        "Vacances de Noël");
    assert_null(cal_school_holiday(c, day(2027, 1, 4)));
    assert_null(cal_school_holiday(c, day(2027, 2, 5)));
    assert_string_equal(cal_school_holiday(c, day(2027, 2, 6)),
                        "Vacances d'hiver");
    assert_string_equal(cal_school_holiday(c, day(2027, 2, 21)),
                        "Vacances d'hiver");
    assert_null(cal_school_holiday(c, day(2027, 2, 22)));
    /* Outside the horizon: nothing. */
    assert_null(cal_public_holiday(c, day(2027, 5, 1)));
    assert_null(cal_school_holiday(c, day(2026, 12, 31)));
    cal_closures_free(c);
    cal_closures_free(NULL);
}

static void zones_differ_in_winter(void **state)
{
    (void)state;
    struct diag err;
    struct cal_closures *a = NULL, *b = NULL;
    assert_ok(cal_closures_new('A', day(2027, 2, 1), day(2027, 3, 10), NULL, 0,
                               true, &a, &err), &err);
    assert_ok(cal_closures_new('B', day(2027, 2, 1), day(2027, 3, 10), NULL, 0,
                               true, &b, &err), &err);
    assert_null(cal_school_holiday(a, day(2027, 2, 12)));
    assert_non_null(cal_school_holiday(a, day(2027, 2, 13)));
    assert_non_null(cal_school_holiday(a, day(2027, 2, 28)));
    assert_null(cal_school_holiday(a, day(2027, 3, 1)));
    assert_null(cal_school_holiday(b, day(2027, 2, 19)));
    assert_non_null(cal_school_holiday(b, day(2027, 2, 20)));
    assert_non_null(cal_school_holiday(b, day(2027, 3, 7)));
    assert_null(cal_school_holiday(b, day(2027, 3, 8)));
    cal_closures_free(a);
    cal_closures_free(b);
    /* Older years of the shipped data. */
    assert_ok(cal_closures_new('B', day(2024, 1, 1), day(2025, 12, 31), NULL,
                               0, true, &b, &err), &err);
    assert_string_equal(cal_school_holiday(b, day(2024, 5, 5)),
                        "Vacances de printemps");
    assert_null(cal_school_holiday(b, day(2024, 5, 6)));
    assert_string_equal(cal_school_holiday(b, day(2025, 8, 31)),
                        "Vacances d'été");
    cal_closures_free(b);
}

static void horizon_past_known_data_is_refused_naming_the_gap(void **state)
{
    (void)state;
    struct diag err;
    struct cal_closures *c = (struct cal_closures *)&err; /* must be reset */
    enum status st = cal_closures_new('C', day(2027, 4, 1), day(2027, 9, 30),
                                      NULL, 0, true, &c, &err);
    assert_int_equal(st, STATUS_MISSING_DATA);
    assert_null(c);
    assert_non_null(strstr(err.message, "zone C"));
    assert_non_null(strstr(err.message, "known for 2023-12-23..2027-05-08"));
    assert_non_null(strstr(err.message, "unknown: 2027-05-09..2027-09-30"));
    assert_non_null(strstr(err.message, "planner holidays import"));
    assert_non_null(strstr(err.message, "fr-en-calendrier-scolaire"));
    /* Before the data starts, too. */
    st = cal_closures_new('A', day(2023, 9, 1), day(2023, 12, 31), NULL, 0,
                          true, &c, &err);
    assert_int_equal(st, STATUS_MISSING_DATA);
    assert_non_null(strstr(err.message, "unknown: 2023-09-01..2023-12-22"));
    /* A service that ignores school holidays can plan anyway. */
    assert_ok(cal_closures_new('C', day(2027, 4, 1), day(2027, 9, 30), NULL, 0,
                               false, &c, &err), &err);
    assert_string_equal(cal_school_holiday(c, day(2027, 4, 3)),
                        "Vacances de printemps");
    assert_null(cal_school_holiday(c, day(2027, 7, 14)));
    assert_string_equal(cal_public_holiday(c, day(2027, 7, 14)),
                        "Fête Nationale");
    cal_closures_free(c);
}

static void imported_periods_extend_and_replace_shipped_data(void **state)
{
    (void)state;
    struct diag err;
    struct cal_closures *c = NULL;
    struct model_holiday_period summer = {'C', day(2027, 7, 3),
                                          day(2027, 8, 31), "Vacances d'été"};
    /* Summer alone leaves May-July and September unknown. */
    enum status st = cal_closures_new('C', day(2027, 4, 1), day(2027, 9, 30),
                                      &summer, 1, true, &c, &err);
    assert_int_equal(st, STATUS_MISSING_DATA);
    assert_non_null(strstr(err.message,
        "unknown: 2027-05-09..2027-07-02, 2027-09-01..2027-09-30"));
    assert_non_null(strstr(err.message, "and 2027-07-03..2027-08-31"));
    /* A whole imported school year: covered up to its summer's end; its
     * winter (moved on purpose) replaces ours. */
    struct model_holiday_period year[] = {
        {'C', day(2026, 10, 17), day(2026, 11, 1), "Vacances de la Toussaint"},
        {'C', day(2027, 2, 13), day(2027, 2, 28), "Vacances d'hiver"},
        {'C', day(2027, 7, 3), day(2027, 8, 31), "Vacances d'été"},
        {'A', day(2027, 7, 1), day(2027, 7, 2), "zone A, ignored"},
    };
    assert_ok(cal_closures_new('C', day(2027, 1, 1), day(2027, 8, 31), year,
                               4, true, &c, &err), &err);
    assert_null(cal_school_holiday(c, day(2027, 2, 6)));
    assert_string_equal(cal_school_holiday(c, day(2027, 2, 13)),
                        "Vacances d'hiver");
    assert_null(cal_school_holiday(c, day(2027, 4, 3))); /* replaced span */
    assert_null(cal_school_holiday(c, day(2027, 7, 1)));
    assert_string_equal(cal_school_holiday(c, day(2027, 7, 3)),
                        "Vacances d'été");
    cal_closures_free(c);
    st = cal_closures_new('C', day(2027, 8, 1), day(2027, 9, 1), year, 4, true,
                          &c, &err);
    assert_int_equal(st, STATUS_MISSING_DATA);
    assert_non_null(strstr(err.message, "unknown: 2027-09-01..2027-09-01"));
}

static void zone_is_required_for_school_holidays(void **state)
{
    (void)state;
    struct diag err;
    struct cal_closures *c = NULL;
    assert_int_equal(cal_closures_new(0, day(2027, 1, 1), day(2027, 3, 31),
                                      NULL, 0, true, &c, &err),
                     STATUS_INVALID);
    assert_string_equal(err.field, "school_zone");
    assert_int_equal(cal_closures_new('D', day(2027, 1, 1), day(2027, 3, 31),
                                      NULL, 0, false, &c, &err),
                     STATUS_INVALID);
    assert_int_equal(cal_closures_new('C', day(2027, 3, 1), day(2027, 1, 1),
                                      NULL, 0, false, &c, &err),
                     STATUS_INVALID);
    /* No zone, no school need: public holidays only. */
    assert_ok(cal_closures_new(0, day(2030, 1, 1), day(2030, 12, 31), NULL, 0,
                               false, &c, &err), &err);
    assert_null(cal_school_holiday(c, day(2030, 8, 1)));
    assert_string_equal(cal_public_holiday(c, day(2030, 5, 1)),
                        "Fête du travail");
    cal_closures_free(c);
}

static void known_span_per_zone(void **state)
{
    (void)state;
    struct cal_known_span s[2];
    assert_true(cal_school_known_span('B', NULL, 0, s));
    assert_int_equal(s[0].first, day(2023, 12, 23));
    assert_int_equal(s[0].last, day(2027, 5, 8));
    assert_true(s[1].first > s[1].last);
    assert_false(cal_school_known_span('Z', NULL, 0, s));
}

static struct model *uid_model(const char *territory, const char *svc,
                               const char *site)
{
    struct model *m = model_new();
    assert_non_null(m);
    snprintf(m->settings.name, sizeof m->settings.name, "%s", territory);
    m->services = calloc(1, sizeof *m->services);
    m->services[0].id = strdup(svc);
    m->n_services = 1;
    m->sites = calloc(1, sizeof *m->sites);
    m->sites[0].id = strdup(site);
    m->n_sites = 1;
    return m;
}

static void uid_names_service_site_and_place_in_series(void **state)
{
    (void)state;
    struct model *m = uid_model("Quercy Blanc", "HJ", "MONTCUQ-SDF");
    char uid[128];
    ics_session_uid(m, 0, 0, 3, NULL, uid);
    assert_string_equal(uid, "HJ-MONTCUQ-SDF-3@quercy-blanc.planner");
    ics_session_uid(m, 0, 0, 3, "cc.example.fr", uid);
    assert_string_equal(uid, "HJ-MONTCUQ-SDF-3@cc.example.fr");
    model_free(m);
    m = uid_model("Pays de Saint-Éloy", "rpe perm", "é_1");
    ics_session_uid(m, 0, 0, 0, NULL, uid);
    assert_string_equal(uid,
        "rpe_20perm-_C3_A9_5F1-0@pays-de-saint-loy.planner");
    model_free(m);
    /* '_' itself is escaped, so "a_2Db" and "a-b" cannot collide. */
    m = uid_model("", "a-b", "s");
    char u1[128], u2[128];
    ics_session_uid(m, 0, 0, 0, NULL, u1);
    free(m->services[0].id);
    m->services[0].id = strdup("a_2Db");
    ics_session_uid(m, 0, 0, 0, NULL, u2);
    assert_string_equal(u1, "a-b-s-0@planner");
    assert_string_not_equal(u1, u2);
    model_free(m);
}

static void long_uid_is_shortened_with_a_hash(void **state)
{
    (void)state;
    char longid[300];
    memset(longid, 'x', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    struct model *m = uid_model("T", longid, "S1");
    char u1[128], u2[128];
    ics_session_uid(m, 0, 0, 1, NULL, u1);
    ics_session_uid(m, 0, 0, 2, NULL, u2);
    assert_int_equal(strlen(u1), 127);
    assert_string_not_equal(u1, u2);
    assert_non_null(strchr(u1, '~'));
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quarter_horizon_covers_the_quarter),
        cmocka_unit_test(range_horizon_is_inclusive),
        cmocka_unit_test(bad_horizons_say_what_is_expected),
        cmocka_unit_test(easter_matches_known_dates),
        cmocka_unit_test(public_holidays_match_official_list_2024_2027),
        cmocka_unit_test(public_holidays_for_other_years),
        cmocka_unit_test(closures_give_labels_per_day),
        cmocka_unit_test(zones_differ_in_winter),
        cmocka_unit_test(horizon_past_known_data_is_refused_naming_the_gap),
        cmocka_unit_test(imported_periods_extend_and_replace_shipped_data),
        cmocka_unit_test(zone_is_required_for_school_holidays),
        cmocka_unit_test(known_span_per_zone),
        cmocka_unit_test(paris_day_of_an_instant),
        cmocka_unit_test(uid_names_service_site_and_place_in_series),
        cmocka_unit_test(long_uid_is_shortened_with_a_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
