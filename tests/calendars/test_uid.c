/* test_uid.c -- session UIDs (calendars/ics_uid.c): ics_check_uids()
 * refuses a territory where two (service, site) pairs spell the same UID,
 * naming the CSV lines of the four ids, and accepts the bundled ones. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendars.h"

/* A model with these service and site ids; a service is on line 2 + its
 * index of services.csv, a site on line 10 + its index of sites.csv. */
static struct model *with_ids(const char *const *services, size_t n_services,
                              const char *const *sites, size_t n_sites)
{
    struct model *m = model_new();
    assert_non_null(m);
    m->services = calloc(n_services, sizeof *m->services);
    m->sites = calloc(n_sites, sizeof *m->sites);
    assert_non_null(m->services);
    assert_non_null(m->sites);
    m->n_services = n_services;
    m->n_sites = n_sites;
    for (size_t i = 0; i < n_services; i++) {
        m->services[i].id = strdup(services[i]);
        assert_non_null(m->services[i].id);
        m->services[i].line = 2 + (int)i;
    }
    for (size_t i = 0; i < n_sites; i++) {
        m->sites[i].id = strdup(sites[i]);
        assert_non_null(m->sites[i].id);
        m->sites[i].line = 10 + (int)i;
    }
    return m;
}

static void fs_at_itinerant_site_clashes_with_fs_itinerant(void **state)
{
    (void)state;
    const char *services[] = {"fs", "fs-itinerant"};
    const char *sites[] = {"MAIRIE", "itinerant-M-46033", "M-46033"};
    struct model *m = with_ids(services, 2, sites, 3);
    /* The defect itself: both pairs spell one UID. */
    char a[128], b[128];
    ics_session_uid(m, 0, 1, 0, NULL, a);
    ics_session_uid(m, 1, 2, 0, NULL, b);
    assert_string_equal(a, b);

    struct diag_list l;
    diag_list_init(&l);
    assert_int_equal(ics_check_uids(m, &l), STATUS_INVALID);
    assert_int_equal(l.count, 1);
    char text[1024];
    diag_format(&l.items[0], text, sizeof text);
    assert_string_equal(
        text, "services.csv:3: column \"id\": service \"fs-itinerant\" at "
              "site \"M-46033\" (sites.csv:12) would get the same calendar "
              "UIDs as service \"fs\" (services.csv:2) at site "
              "\"itinerant-M-46033\" (sites.csv:11): '-' joins the ids in a "
              "UID; rename one of these ids");
    diag_list_free(&l);
    model_free(m);
}

static void escaped_letters_clash_too(void **state)
{
    (void)state;
    /* "é" is written _C3_A9 in both pairs: fs-_C3_A9-M-0@... */
    const char *services[] = {"fs-é", "fs"};
    const char *sites[] = {"M", "é-M"};
    struct model *m = with_ids(services, 2, sites, 2);
    struct diag_list l;
    diag_list_init(&l);
    assert_int_equal(ics_check_uids(m, &l), STATUS_INVALID);
    assert_int_equal(l.count, 1);
    assert_true(test_problems_contain(&l, "service \"fs-é\" at site \"M\""));
    assert_true(test_problems_contain(&l, "service \"fs\" (services.csv:3) "
                                          "at site \"é-M\" (sites.csv:11)"));
    diag_list_free(&l);
    model_free(m);
}

static void every_clash_is_reported(void **state)
{
    (void)state;
    /* a at "b-x" = a-b at "x", a at "b-y" = a-b at "y", a-b at "c-x" =
     * a-b-c at "x". */
    const char *services[] = {"a", "a-b", "a-b-c"};
    const char *sites[] = {"x", "y", "b-x", "b-y", "c-x"};
    struct model *m = with_ids(services, 3, sites, 5);
    struct diag_list l;
    diag_list_init(&l);
    assert_int_equal(ics_check_uids(m, &l), STATUS_INVALID);
    assert_int_equal(l.count, 3);
    assert_true(test_problems_contain(&l, "service \"a-b\" at site \"x\""));
    assert_true(test_problems_contain(&l, "service \"a-b\" at site \"y\""));
    assert_true(test_problems_contain(&l, "service \"a-b-c\" at site \"x\""));
    diag_list_free(&l);
    model_free(m);
}

static void a_prefix_without_the_other_site_is_no_clash(void **state)
{
    (void)state;
    /* "itinerant-M" exists, "M" does not: fs-itinerant-M-<n> is only
     * fs at itinerant-M.  Nor do "fsx" and "fs" share a UID prefix. */
    const char *services[] = {"fs", "fs-itinerant", "fsx"};
    const char *sites[] = {"itinerant-M", "itinerantM", "x-M", "M-2"};
    struct model *m = with_ids(services, 3, sites, 4);
    struct diag_list l;
    diag_list_init(&l);
    assert_int_equal(ics_check_uids(m, &l), STATUS_OK);
    assert_int_equal(l.count, 0);
    diag_list_free(&l);
    model_free(m);
}

static void bundled_territories_have_distinct_uids(void **state)
{
    (void)state;
    const char *ex[] = {"examples/quercy-blanc", "examples/comtal-lot-truyere",
                        "examples/pays-saint-eloy"};
    for (size_t i = 0; i < 3; i++) {
        struct diag_list l;
        diag_list_init(&l);
        struct model *m = NULL;
        assert_int_equal(model_load_dir(test_source_path(ex[i]), &m, &l),
                         STATUS_OK);
        size_t before = l.count;
        assert_int_equal(ics_check_uids(m, &l), STATUS_OK);
        assert_int_equal(l.count, before);
        diag_list_free(&l);
        model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fs_at_itinerant_site_clashes_with_fs_itinerant),
        cmocka_unit_test(escaped_letters_clash_too),
        cmocka_unit_test(every_clash_is_reported),
        cmocka_unit_test(a_prefix_without_the_other_site_is_no_clash),
        cmocka_unit_test(bundled_territories_have_distinct_uids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
