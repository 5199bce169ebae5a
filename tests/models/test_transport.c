/* test_transport.c -- transports.csv and pickups.csv (models/
 * load_transport.c): the bundled Comtal example reads its three minibus
 * transports, and each bad cell is refused with its file, line, column
 * and what was expected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"
#include "variant.h"

#define CLT "examples/comtal-lot-truyere"

static void comtal_reads_its_youth_transports(void **state)
{
    (void)state;
    struct model *m = NULL;
    struct diag_list l;
    assert_int_equal(variant_load(CLT, NULL, 0, &m, &l), STATUS_OK);
    assert_int_equal(m->n_transports, 4);   /* + Bozouls on Saturdays */
    const struct model_transport *t = &m->transports[0];
    assert_string_equal(t->id, "aj-espalion-mer");
    assert_int_equal(t->arrive_by, 14 * 60);
    assert_int_equal(t->leave_at, 17 * 60 + 30);
    assert_int_equal(t->max_ride_minutes, 60);
    assert_false(t->escort);
    assert_true(t->term_time && t->holidays);
    assert_false(m->transports[2].holidays);
    assert_string_equal(m->sites[t->site].id, "AJ-ESPALION");
    assert_int_equal(m->n_pickups, 22);
    assert_int_equal(m->pickups[0].riders, 3);
    assert_int_equal(m->pickups[0].transport, 0);
    model_free(m);
    diag_list_free(&l);
}

static const char HEAD[] = "id,name,site,arrive_by,leave_at,days,periods,"
    "vehicle_kind,max_ride_minutes,dwell_minutes,escort\n";

static void expect(const char *transports, const char *pickups,
                   const char *const *lines)
{
    struct variant_file f[2] = {{"transports.csv", transports},
                                {"pickups.csv", pickups}};
    struct diag_list l;
    assert_int_equal(variant_load(CLT, f, 2, NULL, &l), STATUS_INVALID);
    assert_true(variant_expect(&l, lines));
    diag_list_free(&l);
}

static const char PICK[] = "id,transport,commune,lat,lon,riders\n"
    "a,t1,12216,44.5,2.8,2\n";

static void bad_transports_name_line_and_column(void **state)
{
    (void)state;
    char buf[1024];
    snprintf(buf, sizeof buf, "%st1,x,AJ-NOWHERE,14:00,,mer,,,,,\n", HEAD);
    expect(buf, PICK, (const char *const[]){
        "transports.csv:2: column \"site\": unknown site \"AJ-NOWHERE\" (not in sites.csv)",
        NULL});
    snprintf(buf, sizeof buf, "%st1,x,AJ-BOZOULS,quatorze,,mer,,,,,\n", HEAD);
    expect(buf, PICK, (const char *const[]){
        "transports.csv:2: column \"arrive_by\": expected a time of day such as 13:30 or 13h30, not \"quatorze\"",
        NULL});
    snprintf(buf, sizeof buf, "%st1,x,AJ-BOZOULS,14:00,13:00,mer,,,,,\n", HEAD);
    expect(buf, PICK, (const char *const[]){
        "transports.csv:2: column \"leave_at\": the return leaves before the riders arrive",
        NULL});
    snprintf(buf, sizeof buf, "%st1,x,AJ-BOZOULS,14:00,,mer,parfois,,,,\n", HEAD);
    expect(buf, PICK, (const char *const[]){
        "transports.csv:2: column \"periods\": expected scolaire, vacances or toutes, not \"parfois\"",
        NULL});
    snprintf(buf, sizeof buf, "%st1,x,AJ-BOZOULS,14:00,,mer,,tracteur,,,\n", HEAD);
    expect(buf, PICK, (const char *const[]){
        "transports.csv:2: column \"vehicle_kind\": no vehicle of kind \"tracteur\" in vehicles.csv",
        NULL});
    snprintf(buf, sizeof buf, "%st1,x,AJ-BOZOULS,14:00,,mer,,,,,\n"
             "t1,y,AJ-BOZOULS,14:00,,mer,,,,,\n", HEAD);
    expect(buf, PICK, (const char *const[]){
        "transports.csv:3: column \"id\": transport t1 is already defined on line 2",
        NULL});
}

static void bad_pickups_name_line_and_column(void **state)
{
    (void)state;
    char t[512];
    snprintf(t, sizeof t, "%st1,x,AJ-BOZOULS,14:00,,mer,,,,,\n", HEAD);
    expect(t, "id,transport,commune,lat,lon,riders\na,t9,12216,44.5,2.8,2\n",
           (const char *const[]){
        "pickups.csv:2: column \"transport\": unknown transport \"t9\" (not in transports.csv)",
        NULL});
    expect(t, "id,transport,commune,lat,lon,riders\na,t1,Paris,44.5,2.8,2\n",
           (const char *const[]){
        "pickups.csv:2: column \"commune\": unknown commune \"Paris\" (not in communes.csv)",
        NULL});
    expect(t, "id,transport,commune,lat,lon\na,t1,12216,44.5,2.8\n",
           (const char *const[]){
        "pickups.csv:1: column \"riders\": required column is missing", NULL});
    expect(t, "id,transport,commune,lat,lon,riders\na,t1,12216,44.5,2.8,2\n"
           "a,t1,12216,44.5,2.8,2\n", (const char *const[]){
        "pickups.csv:3: column \"id\": pick-up a of transport t1 is already on line 2",
        NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comtal_reads_its_youth_transports),
        cmocka_unit_test(bad_transports_name_line_and_column),
        cmocka_unit_test(bad_pickups_name_line_and_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
