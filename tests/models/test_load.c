/* test_load.c -- loading territory folders: the bundled examples load, and
 * every kind of bad input is refused with file, line, column and what was
 * expected.  Bad inputs are made by copying a real example into a
 * temporary folder and replacing one file, so each case differs from a
 * valid territory by exactly the fault it tests. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models_int.h"

static struct model *load_ok(const char *dir)
{
    struct diag_list l;
    diag_list_init(&l);
    struct model *m = NULL;
    enum status st = model_load_dir(dir, &m, &l);
    if (st != STATUS_OK)
        diag_list_print(&l, stderr);
    assert_int_equal(st, STATUS_OK);
    assert_non_null(m);
    diag_list_free(&l);
    return m;
}

static void quercy_blanc_loads(void **state)
{
    (void)state;
    struct model *m = load_ok(test_source_path("examples/quercy-blanc"));
    assert_int_equal(m->n_communes, 9);
    assert_string_equal(m->settings.name, "CC du Quercy Blanc");
    assert_int_equal(m->settings.school_zone, 'C');
    int c = model_find_commune(m, "46172");
    assert_true(c >= 0);
    assert_string_equal(m->communes[c].name, "Pern-Lhospitalet");
    /* Former names resolve to the current commune (commune-history). */
    assert_int_equal(model_find_commune(m, "L'Hospitalet"), c);
    assert_int_equal(model_find_commune(m, "46217"), c);
    assert_int_equal(m->n_sectors, 2);
    /* Opening hours written the France Services way parse to windows. */
    int fs = model_find_site(m, "FS-CASTELNAU");
    assert_true(fs >= 0);
    assert_true(m->sites[fs].n_open >= 10);
    int staff = model_find_staff(m, "RIPE1");
    assert_true(staff >= 0);
    assert_int_equal((int)m->staff[staff].weekly_minutes, 14 * 60);
    assert_false(m->staff[staff].halfdays & MODEL_HALF_AM(0)); /* not Monday */
    assert_true(m->staff[staff].halfdays & MODEL_HALF_AM(1));
    int svc = model_find_service(m, "fs-itinerant");
    assert_true(svc >= 0);
    assert_int_equal(m->services[svc].school_holidays, HOL_OPEN);
    assert_true(m->services[svc].cadences & CAD_TIMES);
    assert_int_equal(m->services[svc].times, 2);
    assert_true(m->n_targets >= 5);
    model_free(m);
}

static void every_example_loads(void **state)
{
    (void)state;
    static const char *const examples[] = {
        "examples/quercy-blanc", "examples/comtal-lot-truyere",
        "examples/pays-saint-eloy",
        "tests/data/worked-example",   /* docs/input-format.md */
    };
    for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
        struct model *m = load_ok(test_source_path(examples[i]));
        assert_true(m->n_communes > 0 && m->n_sites > 0 && m->n_staff > 0 &&
                    m->n_services > 0);
        model_free(m);
    }
}

/* Writes a copy of Quercy Blanc with one file replaced (content NULL:
 * removed) and returns the problems of loading it. */
static enum status load_variant(const char *file, const char *content,
                                struct diag_list *l)
{
    const char *tmp = test_make_tmpdir();
    assert_non_null(tmp);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", tmp);
    assert_int_equal(test_copy_dir(test_source_path("examples/quercy-blanc"), dir), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (content)
        assert_int_equal(test_write_file(dir, file, content), 0);
    else
        remove(path);
    diag_list_init(l);
    struct model *m = NULL;
    enum status st = model_load_dir(dir, &m, l);
    assert_true(st == STATUS_OK ? m != NULL : m == NULL);
    model_free(m);
    test_remove_tree(dir);
    return st;
}

struct bad_case {
    const char *name, *file, *content;
    const char *expect;      /* substring of one formatted problem */
};

static const char communes_head[] = "insee,name,population,lat,lon,sector\n";

static const struct bad_case bad_cases[] = {
    {"unknown commune in sites", "sites.csv",
     "id,commune,name\nS1,46201,Mairie\nS2,46999,Salle\n",
     "sites.csv:3: column \"commune\": unknown INSEE code 46999"},
    {"duplicate site id", "sites.csv",
     "id,commune,name\nS1,46201,Mairie\nS1,46063,Autre\n",
     "sites.csv:3: column \"id\": site \"S1\" appears twice (first on line 2)"},
    {"missing required column", "staff.csv",
     "id,name,weekly_hours\nA,Anne,10\n",
     "staff.csv:1: column \"base\": required column is missing"},
    {"wrong type", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,46201,dix\n",
     "staff.csv:2: column \"weekly_hours\": \"dix\" is not a number"},
    {"negative hours", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,46201,-5\n",
     "staff.csv:2: column \"weekly_hours\": -5 is out of range"},
    {"more than the legal week", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,46201,60\n",
     "staff.csv:2: column \"weekly_hours\": 60 is out of range: expected 0.5 to 48"},
    {"hours that do not fit the days", "staff.csv",
     "id,name,base,weekly_hours,days\nA,Anne,46201,30,lun-matin\n",
     "30.0 h per week do not fit in the 1 half-days"},
    {"empty file", "communes.csv", "",
     "communes.csv:1: file is empty"},
    {"header only", "services.csv",
     "id,name,duration_minutes\n",
     "services.csv:1: file has a header but no rows"},
    {"invalid UTF-8 (Latin-1 export)", "communes.csv",
     "insee,name,population,lat,lon\n46069,C\xe9zac,179,44.348,1.340\n",
     "communes.csv:2: invalid UTF-8 (byte 0xe9 at character 8)"},
    {"UTF-16 file", "communes.csv", "\xff\xfei\0n\0",
     "file is UTF-16"},
    {"bad INSEE code", "communes.csv",
     "insee,name,population,lat,lon\n4606,Cézac,179,44.348,1.340\n",
     "communes.csv:2: column \"insee\": \"4606\" is not an INSEE code"},
    {"duplicate commune", "communes.csv",
     "insee,name,population,lat,lon\n46069,Cézac,179,44.3,1.3\n46069,Cézac,179,44.3,1.3\n",
     "commune 46069 appears twice (first on line 2)"},
    {"latitude out of range", "communes.csv",
     "insee,name,population,lat,lon\n46069,Cézac,179,144.3,1.3\n",
     "column \"lat\": 144.3 is out of range"},
    {"audience larger than population", "communes.csv",
     "insee,name,population,lat,lon,pop_0_3\n46069,Cézac,179,44.3,1.3,250\n",
     "column \"pop_0_3\": 250 is more than the population (179)"},
    {"missing required file", "staff.csv", NULL,
     "staff.csv: file is missing"},
    {"unknown skill name is only a warning, unknown service is an error",
     "targets.csv",
     "service,scope,where,per,min_sessions\nludo,territory,,quarter,3\n",
     "targets.csv:2: column \"service\": unknown service \"ludo\""},
    {"unknown sector", "targets.csv",
     "service,scope,where,per,min_sessions\nmatinee-eveil,sector,Nord,month,1\n",
     "column \"where\": unknown sector \"Nord\""},
    {"absurd target: 40 h of sessions a week", "targets.csv",
     "service,scope,where,per,min_sessions\nmatinee-eveil,territory,,quarter,260\n",
     "targets.csv:2: column \"min_sessions\": 260 sessions of matinee-eveil per "
     "quarter ask 60.0 h of staff time per week, but the staff with its skills "
     "have 14.0 h per week in total"},
    {"bad day name", "staff.csv",
     "id,name,base,weekly_hours,days\nA,Anne,46201,10,lun funday\n",
     "column \"days\": \"funday\" is not a day or half-day"},
    {"bad opening hours", "sites.csv",
     "id,commune,name,opening\nS1,46201,Mairie,lun 12:00-09:00\n",
     "column \"opening\": \"12:00-09:00\": the end must be after the start"},
    {"session longer than its window", "services.csv",
     "id,name,duration_minutes,hours\nx,X,120,09:00-10:00\n",
     "column \"hours\": no time window is as long as the session (120 minutes)"},
    {"bad quoting", "sites.csv",
     "id,commune,name\nS1,46201,\"Mairie \"du\" bourg\"\n",
     "sites.csv:2: badly quoted field"},
    {"unclosed quote", "sites.csv",
     "id,commune,name\nS1,46201,\"Mairie\n",
     "a quoted field is not closed"},
    {"unknown base", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,Cahors,10\n",
     "column \"base\": \"Cahors\" is neither a site id"},
    {"both hours and etp", "staff.csv",
     "id,name,base,weekly_hours,etp\nA,Anne,46201,10,0.5\n",
     "column \"etp\": both weekly_hours and etp are given"},
    {"etp above full time", "staff.csv",
     "id,name,base,etp\nA,Anne,46201,1.5\n",
     "column \"etp\": 1.5 is out of range"},
    {"unknown setting", "settings.csv", "key,value\nspeed,50\n",
     "settings.csv:2: column \"key\": unknown setting \"speed\""},
    {"bad school zone", "settings.csv", "key,value\nschool_zone,D\n",
     "school_zone \"D\": expected A, B or C"},
    {"travel pair given twice", "travel.csv",
     "from,to,km,minutes\n46201,46063,20,25\n46063,46201,21,26\n",
     "travel.csv:3: column \"to\": the pair 46063-46201 is given twice"},
    {"bad cadence", "services.csv",
     "id,name,duration_minutes,cadences\nx,X,60,fortnightly\n",
     "column \"cadences\": \"fortnightly\" is not a cadence"},
    {"duplicate header column", "communes.csv",
     "insee,name,population,lat,lon,lat\n46069,Cézac,179,44.3,1.3,44.3\n",
     "column \"lat\": column appears twice in the header"},
};

static void bad_inputs_are_refused_with_their_place(void **state)
{
    (void)state;
    (void)communes_head;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct diag_list l;
        enum status st = load_variant(c->file, c->content, &l);
        if (st == STATUS_OK || !test_problems_contain(&l, c->expect)) {
            print_error("case \"%s\": expected a problem containing\n  %s\ngot "
                        "status %s and:\n", c->name, c->expect,
                        diag_status_str(st));
            diag_list_print(&l, stderr);
            diag_list_free(&l);
            fail();
        }
        diag_list_free(&l);
    }
}

static void all_problems_are_reported_in_one_pass(void **state)
{
    (void)state;
    struct diag_list l;
    enum status st = load_variant("staff.csv",
        "id,name,base,weekly_hours,days\n"
        "A,Anne,46201,dix,lun\n"
        "B,Bruno,Nowhere,10,lun\n"
        "A,Again,46201,10,lun\n", &l);
    assert_int_equal(st, STATUS_INVALID);
    assert_true(test_problems_contain(&l, "staff.csv:2: column \"weekly_hours\""));
    assert_true(test_problems_contain(&l, "staff.csv:3: column \"base\""));
    assert_true(test_problems_contain(&l, "staff.csv:4: column \"id\""));
    /* Sorted in reading order. */
    assert_true(l.items[0].line <= l.items[l.count - 1].line);
    diag_list_free(&l);
}

static void spreadsheet_dialects_are_accepted(void **state)
{
    (void)state;
    /* French Excel: BOM, semicolons, decimal commas, CRLF, French day
     * names and a quoted field holding the separator and a line break. */
    struct diag_list l;
    enum status st = load_variant("staff.csv",
        "\xef\xbb\xbfid;name;base;etp;days;role;skills\r\n"
        "RIPE1;Claire Delmas;MED-MONTCUQ;0,4;Mardi mercredi JEUDI-matin vendredi;"
        "\"animatrice; RIPE\r\n(EJE)\";eje\r\n"
        "FS1;Nadia;FS-MONTCUQ;20 %;lun-mer;;FS\r\n"
        "FS2;Julien;FS-CASTELNAU;0,2;mar mer ven;;FS\r\n"
        ";;;;;;\r\n", &l);
    if (st != STATUS_OK)
        diag_list_print(&l, stderr);
    assert_int_equal(st, STATUS_OK);
    diag_list_free(&l);
}

static void field_parsers_accept_what_people_type(void **state)
{
    (void)state;
    double v;
    assert_true(parse_number("3,5", &v) && v == 3.5);
    assert_true(parse_number("1 607", &v) && v == 1607);
    assert_true(parse_number("1\xc2\xa0" "607,5", &v) && v == 1607.5);
    assert_false(parse_number("1,234.5", &v));
    assert_false(parse_number("", &v));
    int t;
    assert_true(parse_time_of_day("9h30", &t) && t == 570);
    assert_true(parse_time_of_day("09:00", &t) && t == 540);
    assert_true(parse_time_of_day("14h", &t) && t == 840);
    assert_false(parse_time_of_day("25:00", &t));
    assert_false(parse_time_of_day("9:7", &t));
    assert_int_equal(parse_weekday("Mercredi"), 2);
    assert_int_equal(parse_weekday("sun"), 6);
    assert_int_equal(parse_weekday("lun."), 0);
    assert_int_equal(parse_weekday("xyz"), -1);
    bool b;
    assert_true(parse_bool("Oui", &b) && b);
    assert_true(parse_bool("non", &b) && !b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quercy_blanc_loads),
        cmocka_unit_test(every_example_loads),
        cmocka_unit_test(bad_inputs_are_refused_with_their_place),
        cmocka_unit_test(all_problems_are_reported_in_one_pass),
        cmocka_unit_test(spreadsheet_dialects_are_accepted),
        cmocka_unit_test(field_parsers_accept_what_people_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
