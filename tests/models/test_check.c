/* test_check.c -- what `planner check` says before any solve
 * (model_capacity_check: check.c, check_fit.c, check_coords.c).  Each
 * case loads a bundled example with the one change it is about and
 * compares every problem the checks give, exactly. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models_int.h"
#include "variant.h"

#define QB "examples/quercy-blanc"

/* Loads example with files changed (each an edit of the original: every
 * find replaced, or appended when find is ""), runs the checks, and
 * compares their problems (not the loader's) with expect. */
struct edit {
    const char *file, *find, *replace;
};

static void check_expect(const char *example, const struct edit *edits,
                         size_t n_edits, int weeks, const char *const *expect)
{
    struct variant_file files[6];
    char *texts[6] = {NULL};
    assert_true(n_edits <= 6);
    for (size_t i = 0; i < n_edits; i++) {
        /* Two edits of one file apply in turn. */
        char *base = NULL;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(edits[k].file, edits[i].file))
                base = texts[k];
        if (base) {
            const char *at = *edits[i].find ? strstr(base, edits[i].find)
                                            : base + strlen(base);
            assert_non_null(at);
            char *t = malloc(strlen(base) + strlen(edits[i].replace) + 1);
            sprintf(t, "%.*s%s%s", (int)(at - base), base, edits[i].replace,
                    at + strlen(edits[i].find));
            texts[i] = t;
        } else {
            texts[i] = variant_edited(example, edits[i].file, edits[i].find,
                                      edits[i].replace);
        }
        assert_non_null(texts[i]);
    }
    /* The last edit of each file is its content. */
    size_t n = 0;
    for (size_t i = 0; i < n_edits; i++) {
        bool later = false;
        for (size_t k = i + 1; k < n_edits; k++)
            later |= !strcmp(edits[k].file, edits[i].file);
        if (!later)
            files[n++] = (struct variant_file){edits[i].file, texts[i]};
    }
    struct diag_list l;
    struct model *m = NULL;
    enum status st = variant_load(example, files, n, &m, &l);
    if (st != STATUS_OK)
        diag_list_print(&l, stderr);
    assert_int_equal(st, STATUS_OK);
    diag_list_free(&l);
    diag_list_init(&l);
    model_capacity_check(m, weeks, &l);
    assert_true(variant_expect(&l, expect));
    diag_list_free(&l);
    model_free(m);
    for (size_t i = 0; i < n_edits; i++)
        free(texts[i]);
}

/* ---- capacity ------------------------------------------------------ */

static void capacity_is_clean_on_a_territory_that_fits(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    check_expect(QB, NULL, 0, 13, none);
    check_expect("examples/pays-saint-eloy", NULL, 0, 13, none);
}

/* 17 matinées a month over the territory: 3.9 a week of 3 h on site,
 * 11.8 h of the animatrice's 14. */
static void capacity_warns_when_the_hours_are_tight(void **state)
{
    (void)state;
    static const struct edit e[] = {
        {"targets.csv", "", "matinee-eveil,territory,,month,17,\n"},
    };
    static const char *const expect[] = {
        "warning: capacity: skill \"EJE\": targets ask 11.8 h per week on site out "
        "of 14.0 h available, before travel: tight",
        NULL,
    };
    check_expect(QB, e, 1, 13, expect);
}

/* Two services need the animatrice: each target alone fits her 14 h
 * (the loader checks that), both together ask 18 h a week. */
static void capacity_errors_when_targets_ask_more_than_all_the_hours(void **state)
{
    (void)state;
    static const struct edit e[] = {
        {"services.csv", "", "ludo,Ludothèque,,,120,30,30,EJE,1,petite_enfance,,"
                             "mar mer jeu ven,09:30-11:30,weekly,,,15,,,\n"},
        {"targets.csv", "", "matinee-eveil,territory,,month,13,\n"
                            "ludo,territory,,month,13,\n"},
    };
    static const char *const expect[] = {
        "capacity: skill \"EJE\": targets ask 18.0 h per week on site, staff with it "
        "have 14.0 h: these targets cannot all be met, whatever the plan",
        NULL,
    };
    check_expect(QB, e, 2, 13, expect);
}

/* ---- services no site can host ------------------------------------- */

/* The case of issue 17: a 150-minute permanence with 15 + 15 minutes of
 * set-up fills a 09:00-12:00 mairie exactly, from 09:15, which the
 * 30-minute start grid never tries. */
static const struct edit slot_edits[] = {
    {"services.csv", ",180,15,15,FS,1,,mairie evs,lun mar mer jeu ven,"
                     "09:00-12:00 14:00-17:00,",
     ",150,15,15,FS,1,,mairie,lun mar mer jeu ven,09:00-12:00,"},
    {"sites.csv", "lun-ven 08:30-12:30 13:30-17:30", "lun-ven 09:00-12:00"},
};

static void a_service_off_the_start_grid_is_explained(void **state)
{
    (void)state;
    static const char *const expect[] = {
        "warning: services.csv:3: service fs-itinerant fits no site; 7 sites (e.g. "
        "FS-MONTCUQ) are not of kind mairie; 9 sites (e.g. M-46063) fit only with a "
        "start at 09:15, off the 30-minute start grid (slot_step_minutes in "
        "settings.csv): slot_step_minutes 15 would allow it",
        NULL,
    };
    check_expect(QB, slot_edits, 2, 13, expect);

    /* With the finer grid the check says nothing. */
    struct edit e[3] = {slot_edits[0], slot_edits[1],
                        {"settings.csv", "", "slot_step_minutes,15,\n"}};
    static const char *const none[] = {NULL};
    check_expect(QB, e, 3, 13, none);
}

static void a_service_that_fits_no_site_names_the_rule_for_each(void **state)
{
    (void)state;
    /* Matinées on Mondays from 09:30 to 11:30 (09:00-12:00 with set-up
     * and pack-up), in a médiathèque or a salle des fêtes: the
     * médiathèques and one salle open on Tuesdays, the other salle on
     * Mondays from 09:30 to 11:00 only. */
    static const struct edit e[] = {
        {"services.csv", "pop_0_3,120,30,30,EJE,1,petite_enfance,,mar mer jeu ven,"
                         "09:30-11:30,",
         "pop_0_3,120,30,30,EJE,1,petite_enfance,mediatheque salle_des_fetes,lun,"
         "09:30-11:30,"},
        {"sites.csv", "petite_enfance parking_bus,\n", "petite_enfance parking_bus,"
                                                      "lun 09:30-11:00\n"},
        {"sites.csv", "salle_des_fetes,50,petite_enfance,",
         "salle_des_fetes,50,petite_enfance,mar 09:00-12:00"},
        {"staff.csv", "14,mar mer jeu ven,", "14,lun mar mer jeu ven,"},
    };
    static const char *const expect[] = {
        "warning: services.csv:2: service matinee-eveil fits no site; 11 sites (e.g. "
        "FS-MONTCUQ) lack tag(s) petite_enfance; 1 site (e.g. EVS-SPF) is not of "
        "kind salle_des_fetes mediatheque; 3 sites (e.g. MED-MONTCUQ) are open on "
        "none of its days; 1 site (e.g. SDF-LHOSPITALET) is open too briefly, within "
        "its hours, for 30 + 120 + 30 minutes of set-up, session and pack-up",
        NULL,
    };
    check_expect(QB, e, 4, 13, expect);
}

static void a_service_limited_to_other_communes_or_to_no_time_is_explained(void **state)
{
    (void)state;
    /* The permanence only in an EVS of Cézac (46069): the one EVS is in
     * Saint-Paul-Flaugnac. */
    static const struct edit communes[] = {
        {"services.csv", ",mairie evs,", ",evs,"},
        {"services.csv", "France Services,\n", "France Services,46069\n"},
    };
    static const char *const expect_communes[] = {
        "warning: services.csv:3: service fs-itinerant fits no site; 15 sites (e.g. "
        "FS-MONTCUQ) are not of kind evs; 1 site (e.g. EVS-SPF) is outside its "
        "column \"communes\"",
        NULL,
    };
    check_expect(QB, communes, 2, 13, expect_communes);

    /* Morning hours on afternoons only: no start at all, whatever the site. */
    static const struct edit no_time[] = {
        {"services.csv", ",lun mar mer jeu ven,09:00-12:00 14:00-17:00,",
         ",lun-aprem,09:00-12:00,"},
    };
    static const char *const expect_no_time[] = {
        "warning: services.csv:3: service fs-itinerant can start at no time: its "
        "hours, its days and its 15 + 15 minutes of set-up and pack-up leave no start",
        NULL,
    };
    check_expect(QB, no_time, 1, 13, expect_no_time);
}

/* ---- staff and vehicles -------------------------------------------- */

/* Quercy Blanc with one edit gives exactly this one problem. */
static void one_edit_gives(const char *file, const char *find,
                           const char *replace, const char *problem)
{
    const struct edit e = {file, find, replace};
    const char *const expect[] = {problem, NULL};
    check_expect(QB, &e, 1, 13, expect);
}

static void staff_who_can_get_no_session_are_named(void **state)
{
    (void)state;
    one_edit_gives("staff.csv", "FS-MONTCUQ,7,", "FS-MONTCUQ,2,",
        "warning: staff.csv:3: staff FS1 can get no session: their 2.0 h per week are "
        "less than one session of the services they can run (fs-itinerant keeps "
        "them 3.5 h on site)");
    one_edit_gives("staff.csv", "agente France Services,FS,",
                   "agente France Services,LUDO,",
        "warning: staff.csv:3: staff FS1 can get no session: every service asks a "
        "skill they lack (they have: LUDO)");
    /* Saturday only: the permanences are Monday to Friday. */
    one_edit_gives("staff.csv", "FS-MONTCUQ,7,lun mar jeu,", "FS-MONTCUQ,7,sam,",
        "warning: staff.csv:3: staff FS1 can get no session: on their half-days (sam) "
        "no site is open for a session of the services they can run with its "
        "set-up and pack-up");
}

static void a_vehicle_no_service_needs_is_remarked(void **state)
{
    (void)state;
    static const char *const expect[] = {
        "warning: vehicles.csv:6: vehicle TRACT is needed by no service nor "
        "transport: none has vehicle_kind \"tracteur\"",
        NULL,
    };
    /* the minibuses of transports.csv are needed, an added tractor not */
    static const struct edit add = {"vehicles.csv", "",
                                    "TRACT,tracteur,2,FS-BOZOULS,0.30,lun\n"};
    check_expect("examples/comtal-lot-truyere", &add, 1, 13, expect);
}

/* ---- coordinates --------------------------------------------------- */

static void swapped_coordinates_are_caught(void **state)
{
    (void)state;
    one_edit_gives("communes.csv", "46063,Castelnau-Montratier,1840,44.262,1.348,",
                   "46063,Castelnau-Montratier,1840,1.348,44.262,",
        "warning: communes.csv:2: commune 46063 (lat 1.348, lon 44.262) is 6378 km "
        "from the territory's median point (lat 44.336, lon 1.262): are lat and lon "
        "swapped?");
    one_edit_gives("sites.csv", "44.267937,1.352913", "1.352913,44.267937",
        "warning: sites.csv:3: site FS-CASTELNAU (lat 1.35291, lon 44.2679) is 6378 "
        "km from the territory's median point (lat 44.336, lon 1.262): are lat and "
        "lon swapped?");
}

static void a_whole_file_of_swapped_coordinates_is_one_warning(void **state)
{
    (void)state;
    char *text = variant_edited(QB, "communes.csv", "", "");
    /* Exchange columns 4 and 5 of every row after the header. */
    char *out = malloc(strlen(text) + 1), *o = out;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *f[8] = {0};
        int k = 0;
        for (char *p = line; k < 8; k++) {
            f[k] = p;
            p = strchr(p, ',');
            if (!p)
                break;
            *p++ = '\0';
        }
        bool header = o == out;
        o += sprintf(o, "%s,%s,%s,%s,%s,%s,%s\n", f[0], f[1], f[2],
                     header ? f[3] : f[4], header ? f[4] : f[3], f[5], f[6]);
    }
    free(text);
    struct diag_list l;
    struct model *m = NULL;
    enum status st = variant_qb("communes.csv", out, &m, &l);
    free(out);
    assert_int_equal(st, STATUS_OK);
    diag_list_free(&l);
    diag_list_init(&l);
    model_capacity_check(m, 13, &l);
    static const char *const expect[] = {
        "warning: communes.csv: the communes lie outside metropolitan France (median "
        "point lat 1.262, lon 44.336) and would be inside it with lat and lon "
        "exchanged: are columns lat and lon swapped?",
        NULL,
    };
    assert_true(variant_expect(&l, expect));
    diag_list_free(&l);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capacity_is_clean_on_a_territory_that_fits),
        cmocka_unit_test(capacity_warns_when_the_hours_are_tight),
        cmocka_unit_test(capacity_errors_when_targets_ask_more_than_all_the_hours),
        cmocka_unit_test(a_service_off_the_start_grid_is_explained),
        cmocka_unit_test(a_service_that_fits_no_site_names_the_rule_for_each),
        cmocka_unit_test(a_service_limited_to_other_communes_or_to_no_time_is_explained),
        cmocka_unit_test(staff_who_can_get_no_session_are_named),
        cmocka_unit_test(a_vehicle_no_service_needs_is_remarked),
        cmocka_unit_test(swapped_coordinates_are_caught),
        cmocka_unit_test(a_whole_file_of_swapped_coordinates_is_one_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
