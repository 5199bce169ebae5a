/* test_rules.c -- the domain rules of models/rules.c (model_rule_*), the
 * one answer the loader, `check`, the solver and the summary share.
 * Each case builds the few model fields a rule reads by hand, so a
 * change to a rule shows here with the exact boundary it moved. */
#include "test_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H(h, m) ((h) * 60 + (m))

static struct model_service service(void)
{
    struct model_service sv;
    memset(&sv, 0, sizeof sv);
    sv.id = "svc";
    sv.vehicle_kind = "";
    sv.duration = 120;
    sv.halfdays = MODEL_ALL_WEEK;
    sv.travel_max_minutes = 15;
    return sv;
}

static void vehicle_kinds_match_whatever_the_case(void **state)
{
    (void)state;
    struct model_service sv = service();
    struct model_vehicle v = {0};
    v.kind = "Utilitaire";
    /* No vehicle asked: no vehicle fits, none is needed. */
    assert_false(model_rule_needs_vehicle(&sv));
    assert_false(model_rule_vehicle_fits(&sv, &v));
    sv.vehicle_kind = "utilitaire";
    assert_true(model_rule_needs_vehicle(&sv));
    assert_true(model_rule_vehicle_fits(&sv, &v));
    v.kind = "UTILITAIRE";
    assert_true(model_rule_vehicle_fits(&sv, &v));
    v.kind = "minibus";
    assert_false(model_rule_vehicle_fits(&sv, &v));
    v.kind = "utilitaires";
    assert_false(model_rule_vehicle_fits(&sv, &v));
    assert_true(model_rule_kind_equal("Minibus", "mINIBUS"));
}

static void a_team_member_needs_every_skill(void **state)
{
    (void)state;
    struct model_service sv = service();
    struct model_staff st = {0};
    sv.skills = 0x5;            /* skills 0 and 2 */
    st.skills = 0x1;
    assert_false(model_rule_staff_qualified(&sv, &st));
    st.skills = 0x7;            /* more than asked */
    assert_true(model_rule_staff_qualified(&sv, &st));
    sv.skills = 0;              /* nothing asked: anyone */
    st.skills = 0;
    assert_true(model_rule_staff_qualified(&sv, &st));
}

/* An HGI team "1 EJE + 1 auxiliaire" (issue 12): two auxiliaires, or an
 * EJE with someone holding neither role, are no team; one person holding
 * both skills fills one role only. */
static void a_team_by_role_has_one_person_a_role(void **state)
{
    (void)state;
    enum { EJE = 1, AUX = 2 };
    struct model_staff st[4] = {{.skills = EJE}, {.skills = AUX},
                                {.skills = AUX}, {.skills = EJE | AUX}};
    struct model m = {.staff = st, .n_staff = 4};
    struct model_role roles[2] = {{EJE, 1}, {AUX, 1}};
    struct model_service sv = {.staff_count = 2, .roles = roles, .n_roles = 2};
    int ok[2] = {0, 1}, two_aux[2] = {1, 2}, both[2] = {3, 1}, both2[2] = {3, 0};
    assert_true(model_rule_team_roles(&m, &sv, ok, 2));
    assert_false(model_rule_team_roles(&m, &sv, two_aux, 2));
    assert_true(model_rule_team_roles(&m, &sv, both, 2));
    assert_true(model_rule_team_roles(&m, &sv, both2, 2));
    assert_false(model_rule_team_roles(&m, &sv, ok, 1));
    struct model_staff none = {.skills = 4};
    assert_false(model_rule_staff_qualified(&sv, &none));
    assert_true(model_rule_staff_qualified(&sv, &st[1]));
    struct model_service plain = {.staff_count = 2};
    assert_true(model_rule_team_roles(&m, &plain, two_aux, 2));
}

static void the_first_rule_that_excludes_a_site_is_named(void **state)
{
    (void)state;
    struct model_service sv = service();
    struct model_site site = {0};
    int communes[2] = {3, 5};
    site.tags = 0x2;
    site.kind = SITE_MAIRIE;
    site.commune = 4;
    sv.site_tags = 0x3;                           /* lacks tag 0 */
    sv.site_kinds = 1u << SITE_MEDIATHEQUE;       /* and the wrong kind */
    sv.communes = communes;
    sv.n_communes = 2;
    assert_int_equal(model_rule_site(&sv, &site), MODEL_SITE_TAGS);
    site.tags = 0x3;
    assert_int_equal(model_rule_site(&sv, &site), MODEL_SITE_KIND);
    sv.site_kinds |= 1u << SITE_MAIRIE;
    assert_int_equal(model_rule_site(&sv, &site), MODEL_SITE_COMMUNES);
    site.commune = 5;
    assert_int_equal(model_rule_site(&sv, &site), MODEL_SITE_OK);
    /* No kinds, no communes: every site with the tags. */
    sv.site_kinds = 0;
    sv.communes = NULL;
    sv.n_communes = 0;
    site.commune = 4;
    assert_int_equal(model_rule_site(&sv, &site), MODEL_SITE_OK);
    assert_true(model_rule_tags_fit(0x7, 0x5));
    assert_false(model_rule_tags_fit(0x4, 0x5));
}

static void a_morning_ends_at_one_o_clock(void **state)
{
    (void)state;
    assert_int_equal(model_rule_halves_of(H(9, 0), H(12, 0)), MODEL_AM);
    assert_int_equal(model_rule_halves_of(H(12, 0), H(13, 0)), MODEL_AM);
    assert_int_equal(model_rule_halves_of(H(12, 30), H(13, 30)),
                     MODEL_AM | MODEL_PM);
    assert_int_equal(model_rule_halves_of(H(13, 0), H(17, 0)), MODEL_PM);
    uint32_t tue_am = MODEL_HALF_AM(1);
    assert_true(model_rule_halves_allowed(tue_am, 1, MODEL_AM));
    assert_false(model_rule_halves_allowed(tue_am, 1, MODEL_PM));
    assert_false(model_rule_halves_allowed(tue_am, 1, MODEL_AM | MODEL_PM));
    assert_false(model_rule_halves_allowed(tue_am, 2, MODEL_AM));
}

/* The case of issue 17: a 150-minute permanence with 15 + 15 minutes
 * of set-up and pack-up fills a 09:00-12:00 mairie exactly. */
static void a_session_fits_the_opening_with_its_setup(void **state)
{
    (void)state;
    struct model_service sv = service();
    sv.duration = 150;
    sv.setup = 15;
    sv.teardown = 15;
    struct model_window open[1] = {{0, H(9, 0), H(12, 0)}};
    int a, b;
    model_rule_onsite(&sv, H(9, 15), &a, &b);
    assert_int_equal(a, H(9, 0));
    assert_int_equal(b, H(12, 0));
    assert_int_equal(model_service_onsite_minutes(&sv), 180);
    assert_true(model_rule_start_fits(&sv, open, 1, 0, H(9, 15)));
    assert_false(model_rule_start_fits(&sv, open, 1, 0, H(9, 0)));
    assert_false(model_rule_start_fits(&sv, open, 1, 0, H(9, 30)));
    assert_false(model_rule_start_fits(&sv, open, 1, 1, H(9, 15)));
    /* No opening hours: open whenever asked, but within the day. */
    assert_true(model_rule_start_fits(&sv, NULL, 0, 3, H(0, 15)));
    assert_false(model_rule_start_fits(&sv, NULL, 0, 3, H(0, 10)));
    assert_false(model_rule_start_fits(&sv, NULL, 0, 3, H(21, 45)));
    /* The service's own hours hold the public part only. */
    struct model_window hours[1] = {{0, H(9, 15), H(11, 45)}};
    sv.windows = hours;
    sv.n_windows = 1;
    assert_true(model_rule_start_fits(&sv, open, 1, 0, H(9, 15)));
    hours[0].end = H(11, 44);
    assert_false(model_rule_start_fits(&sv, open, 1, 0, H(9, 15)));
    /* And its half-days. */
    sv.n_windows = 0;
    sv.halfdays = MODEL_HALF_PM(0);
    assert_false(model_rule_start_fits(&sv, open, 1, 0, H(9, 15)));
}

static struct model *territory(void)
{
    struct model *m = model_new();
    assert_non_null(m);
    model_settings_init(&m->settings);
    m->n_communes = 3;
    m->communes = calloc(3, sizeof *m->communes);
    static char *sectors[3] = {"Est", "Ouest", "Est"};
    double lat[3] = {44.30, 44.40, 44.30}, lon[3] = {1.30, 1.30, 1.40};
    for (int c = 0; c < 3; c++) {
        m->communes[c].name = strdup(sectors[c]);
        m->communes[c].sector = strdup(sectors[c]);
        m->communes[c].aliases = strdup("");
        m->communes[c].lat = lat[c];
        m->communes[c].lon = lon[c];
        m->communes[c].pop[AUD_ALL] = 100.0 * (c + 1);
        m->communes[c].pop[AUD_0_3] = 10.0 * (c + 1);
    }
    m->n_sites = 3;
    m->sites = calloc(3, sizeof *m->sites);
    for (int k = 0; k < 3; k++) {
        m->sites[k].id = strdup("site");
        m->sites[k].name = strdup("site");
        m->sites[k].address = strdup("");
        m->sites[k].commune = k;
        m->sites[k].lat = lat[k];
        m->sites[k].lon = lon[k];
    }
    return m;
}

static void targets_count_sessions_in_their_scope(void **state)
{
    (void)state;
    struct model *m = territory();
    struct model_target tg = {0};
    tg.where = "";
    tg.commune = -1;
    tg.scope = SCOPE_TERRITORY;
    for (int k = 0; k < 3; k++)
        assert_true(model_rule_in_scope(m, &tg, k));
    /* Sectors as the loader finds them: ignoring case. */
    tg.scope = SCOPE_SECTOR;
    tg.where = "est";
    assert_true(model_rule_in_scope(m, &tg, 0));
    assert_false(model_rule_in_scope(m, &tg, 1));
    assert_true(model_rule_in_scope(m, &tg, 2));
    tg.scope = SCOPE_COMMUNE;
    tg.commune = 1;
    assert_false(model_rule_in_scope(m, &tg, 0));
    assert_true(model_rule_in_scope(m, &tg, 1));
    model_free(m);
}

static void the_audience_is_the_target_population_times_demand(void **state)
{
    (void)state;
    struct model *m = territory();
    m->n_services = 1;
    m->services = calloc(1, sizeof *m->services);
    m->services[0] = service();
    m->services[0].target = AUD_0_3;
    struct model_demand d[1] = {{0, 2, 1.5, 7}};
    m->demand = d;
    m->n_demand = 1;
    assert_true(fabs(model_rule_audience(m, 0, 0) - 10.0) < 1e-12);
    assert_true(fabs(model_rule_audience(m, 0, 2) - 45.0) < 1e-12);
    m->services[0].target = AUD_ALL;
    assert_true(fabs(model_rule_audience(m, 0, 1) - 200.0) < 1e-12);
    m->demand = NULL;
    m->n_demand = 0;
    /* The service strings are not the model's own: free them apart. */
    free(m->services);
    m->services = NULL;
    m->n_services = 0;
    model_free(m);
}

static void a_commune_is_served_in_it_or_within_reach(void **state)
{
    (void)state;
    struct model_service sv = service();
    sv.travel_max_minutes = 15;
    assert_true(model_rule_serves(&sv, 4, 4, 99.0));   /* its own commune */
    assert_true(model_rule_serves(&sv, 4, 5, 15.0));
    assert_false(model_rule_serves(&sv, 4, 5, 15.01));
}

static void travel_comes_from_travel_csv_else_coordinates(void **state)
{
    (void)state;
    struct model *m = territory();
    m->settings.detour_factor = 1.3;
    m->settings.speed_kmh = 60;
    m->settings.fixed_minutes = 5;
    struct model_travel rows[2] = {{0, 1, 20.0, 25.0}, {1, 0, 30.0, 40.0}};
    m->travel = rows;
    m->n_travel = 2;
    double km, min;
    /* Listed: either direction, the first row. */
    model_travel_between(m, 1, 0, 0, 0, 0, 0, &km, &min);
    assert_true(km == 20.0 && min == 25.0);
    assert_ptr_equal(model_rule_travel_row(m, 0, 1), &rows[0]);
    assert_ptr_equal(model_rule_travel_row(m, 1, 0), &rows[0]);
    assert_null(model_rule_travel_row(m, 0, 2));
    assert_null(model_rule_travel_row(m, 1, 1));
    assert_null(model_rule_travel_row(m, -1, 1));
    /* Not listed: great circle x detour at the speed, plus fixed time. */
    const struct model_commune *a = &m->communes[0], *c = &m->communes[2];
    model_travel_between(m, 0, a->lat, a->lon, 2, c->lat, c->lon, &km, &min);
    double gc = model_great_circle_km(a->lat, a->lon, c->lat, c->lon);
    assert_true(gc > 7.9 && gc < 8.0);   /* 0.1 degree of longitude at 44.3 N */
    assert_true(fabs(km - 1.3 * gc) < 1e-9);
    assert_true(fabs(min - (5 + 60 * km / 60)) < 1e-9);
    /* The same point: no trip, no fixed minutes. */
    model_travel_between(m, 0, a->lat, a->lon, 0, a->lat, a->lon, &km, &min);
    assert_true(km == 0.0 && min == 0.0);
    m->travel = NULL;
    m->n_travel = 0;
    model_free(m);
}

static void the_daily_driving_limit_is_the_person_s_else_the_territory_s(
    void **state)
{
    (void)state;
    struct model m;
    memset(&m, 0, sizeof m);
    model_settings_init(&m.settings);
    m.settings.max_drive_minutes = 120;
    m.settings.slot_step = 0;
    struct model_staff st = {0};
    assert_int_equal(model_rule_max_drive(&m, &st), 120);
    st.max_drive_minutes = 45;
    assert_int_equal(model_rule_max_drive(&m, &st), 45);
    assert_int_equal(model_rule_slot_step(&m), 30);
    m.settings.slot_step = 15;
    assert_int_equal(model_rule_slot_step(&m), 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vehicle_kinds_match_whatever_the_case),
        cmocka_unit_test(a_team_member_needs_every_skill),
        cmocka_unit_test(a_team_by_role_has_one_person_a_role),
        cmocka_unit_test(the_first_rule_that_excludes_a_site_is_named),
        cmocka_unit_test(a_morning_ends_at_one_o_clock),
        cmocka_unit_test(a_session_fits_the_opening_with_its_setup),
        cmocka_unit_test(targets_count_sessions_in_their_scope),
        cmocka_unit_test(the_audience_is_the_target_population_times_demand),
        cmocka_unit_test(a_commune_is_served_in_it_or_within_reach),
        cmocka_unit_test(travel_comes_from_travel_csv_else_coordinates),
        cmocka_unit_test(
            the_daily_driving_limit_is_the_person_s_else_the_territory_s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
