/* test_load.c -- loading territory folders: the bundled examples load with
 * the values their files hold, and every kind of bad input is refused
 * with exactly one message per cause, naming file, line, column and what
 * was expected.  Bad inputs are made by copying a real example into a
 * temporary folder and replacing one file (variant.h), so each case
 * differs from a valid territory by exactly the fault it tests. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models_int.h"
#include "variant.h"

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

/* examples/quercy-blanc with file replaced by text, which must load;
 * its problems are left in l (the caller frees them and the model). */
static struct model *qb_ok(const char *file, const char *text,
                           struct diag_list *l)
{
    struct model *m = NULL;
    enum status st = variant_qb(file, text, &m, l);
    if (st != STATUS_OK) {
        print_error("%s:\n", file);
        diag_list_print(l, stderr);
    }
    assert_int_equal(st, STATUS_OK);
    return m;
}

/* examples/quercy-blanc with file replaced by text is refused with
 * exactly the problems expect lists (NULL-ended); returns the errors. */
static size_t refused_with(const char *file, const char *text,
                           const char *const *expect)
{
    struct diag_list l;
    enum status st = variant_qb(file, text, NULL, &l);
    assert_int_equal(st, STATUS_INVALID);
    assert_true(variant_expect(&l, expect));
    size_t errors = diag_list_errors(&l);
    diag_list_free(&l);
    return errors;
}

static void assert_window(const struct model_window *w, int weekday, int start,
                          int end)
{
    assert_int_equal(w->weekday, weekday);
    assert_int_equal(w->start, start);
    assert_int_equal(w->end, end);
}

static void quercy_blanc_loads(void **state)
{
    (void)state;
    struct model *m = load_ok(test_source_path("examples/quercy-blanc"));
    assert_int_equal(m->n_communes, 9);
    assert_string_equal(m->settings.name, "CC du Quercy Blanc");
    assert_int_equal(m->settings.school_zone, 'C');
    int c = model_find_commune(m, "46172");
    assert_int_equal(c, 3);
    assert_string_equal(m->communes[c].name, "Pern-Lhospitalet");
    /* Former names resolve to the current commune (commune-history). */
    assert_int_equal(model_find_commune(m, "L'Hospitalet"), c);
    assert_int_equal(model_find_commune(m, "46217"), c);
    assert_int_equal(m->n_sectors, 2);
    assert_string_equal(m->sectors[0], "Est");
    assert_string_equal(m->sectors[1], "Ouest");
    /* Opening hours written the France Services way parse to windows:
     * "lun-mer 09:00-12:15 14:00-18:00; jeu 16:30-18:00;
     *  ven 09:00-12:15 14:00-18:00; sam 10:00-12:00". */
    int fs = model_find_site(m, "FS-CASTELNAU");
    assert_int_equal(fs, 1);
    const struct model_site *st = &m->sites[fs];
    assert_int_equal(st->n_open, 10);
    assert_window(&st->open[0], 0, 540, 735);
    assert_window(&st->open[2], 2, 540, 735);
    assert_window(&st->open[3], 0, 840, 1080);
    assert_window(&st->open[6], 3, 990, 1080);
    assert_window(&st->open[9], 5, 600, 720);
    assert_int_equal(st->commune, model_find_commune(m, "46063"));
    assert_true(st->lat == 44.267937 && st->lon == 1.352913);
    assert_int_equal(st->kind, SITE_FRANCE_SERVICES);
    assert_int_equal(st->capacity, 15);
    int staff = model_find_staff(m, "RIPE1");
    assert_int_equal(staff, 0);
    assert_int_equal((int)m->staff[staff].weekly_minutes, 14 * 60);
    /* "mar mer jeu ven" */
    assert_int_equal(m->staff[staff].halfdays, 0x3fc);
    assert_int_equal(m->staff[staff].base_site, model_find_site(m, "MED-MONTCUQ"));
    int svc = model_find_service(m, "fs-itinerant");
    assert_int_equal(svc, 1);
    const struct model_service *sv = &m->services[svc];
    assert_int_equal(sv->school_holidays, HOL_OPEN);
    assert_int_equal(sv->cadences, CAD_4W | CAD_MONTHLY | CAD_TIMES);
    assert_int_equal(sv->times, 2);
    assert_int_equal(sv->duration, 180);
    assert_int_equal(sv->setup, 15);
    assert_int_equal(sv->site_kinds, (1u << SITE_MAIRIE) | (1u << SITE_EVS));
    assert_int_equal(m->n_targets, 6);
    assert_int_equal(m->targets[3].commune, c);
    assert_int_equal(m->targets[3].period, PER_MONTH);
    assert_int_equal(m->targets[4].scope, SCOPE_TERRITORY);
    assert_int_equal(m->targets[4].period, PER_YEAR);
    assert_int_equal(m->targets[4].min_sessions, 2);
    assert_int_equal(m->targets[4].line, 6);
    model_free(m);
}

static void every_example_loads(void **state)
{
    (void)state;
    static const struct {
        const char *dir;
        size_t communes, sites, staff, vehicles, services, targets, demand;
    } ex[] = {
        {"examples/quercy-blanc", 9, 16, 3, 0, 2, 6, 0},
        {"examples/comtal-lot-truyere", 21, 48, 12, 4, 3, 10, 0}, /* + AJ-*, minibuses and their drivers: transports.csv */
        {"examples/pays-saint-eloy", 34, 50, 1, 0, 2, 5, 11},
        {"tests/data/worked-example", 2, 2, 1, 0, 1, 1, 0}, /* docs/input-format.md */
    };
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
        struct model *m = load_ok(test_source_path(ex[i].dir));
        assert_int_equal(m->n_communes, ex[i].communes);
        assert_int_equal(m->n_sites, ex[i].sites);
        assert_int_equal(m->n_staff, ex[i].staff);
        assert_int_equal(m->n_vehicles, ex[i].vehicles);
        assert_int_equal(m->n_services, ex[i].services);
        assert_int_equal(m->n_targets, ex[i].targets);
        assert_int_equal(m->n_demand, ex[i].demand);
        model_free(m);
    }
}

/* ---- one fault, one message -------------------------------------- */

/* A case replaces file with content; or, when content starts with
 * EDIT, edits the example's file: "EDIT" find "\x1f" replace (find
 * empty: replace is appended), so the rest of the territory still holds
 * and the fault is the only cause. */
struct bad_case {
    const char *name, *file, *content;
    const char *expect;      /* the one error, formatted */
    int column;              /* its column, 0 when none */
};

#define EDIT "\x1e"
#define APPEND EDIT "\x1f"

static const struct bad_case bad_cases[] = {
    {"unknown commune in sites", "sites.csv",
     APPEND "S99,46999,Salle,,,,,,,\n",
     "sites.csv:18: column \"commune\": unknown INSEE code 46999 (not in communes.csv)", 2},
    {"duplicate site id", "sites.csv",
     APPEND "FS-CASTELNAU,46063,Autre,,,,,,,\n",
     "sites.csv:18: column \"id\": site \"FS-CASTELNAU\" appears twice (first on "
     "line 3)", 1},
    {"missing required column", "staff.csv",
     "id,name,weekly_hours\nA,Anne,10\n",
     "staff.csv:1: column \"base\": required column is missing (also accepted: "
     "lieu_de_base, rattachement, residence_administrative; the header has: id, "
     "name, weekly_hours)", 0},
    {"wrong type", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,46201,dix\n",
     "staff.csv:2: column \"weekly_hours\": \"dix\" is not a number (write 3.5 or 3,5)", 4},
    {"negative hours", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,46201,-5\n",
     "staff.csv:2: column \"weekly_hours\": -5 is out of range: expected 0.5 to 48", 4},
    {"more than the legal week", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,46201,60\n",
     "staff.csv:2: column \"weekly_hours\": 60 is out of range: expected 0.5 to 48", 4},
    {"hours that do not fit the days", "staff.csv",
     "id,name,base,weekly_hours,days\nA,Anne,46201,30,lun-matin\n",
     "staff.csv:2: column \"weekly_hours\": 30.0 h per week do not fit in the 1 "
     "half-days of column \"days\"", 4},
    {"empty file", "communes.csv", "",
     "communes.csv:1: file is empty: expected a header row naming the columns", 0},
    {"header only", "services.csv",
     "id,name,duration_minutes\n",
     "services.csv:1: file has a header but no rows", 0},
    {"neither UTF-8 nor Windows-1252", "communes.csv",
     "insee,name,population,lat,lon\n46069,C\x81zac,179,44.348,1.340\n",
     "communes.csv:2: invalid UTF-8 (byte 0x81 at character 8), and the file is "
     "not Windows-1252 French text either: save the file as \"CSV UTF-8\"", 8},
    {"UTF-16 file", "communes.csv", "\xff\xfei\0n\0",
     "communes.csv:1: file is UTF-16 (\"Unicode text\"): save it as \"CSV UTF-8\"", 1},
    {"bad INSEE code", "communes.csv",
     APPEND "4606,Cézac,179,44.348,1.340\n",
     "communes.csv:11: column \"insee\": \"4606\" is not an INSEE code: expected 5 "
     "characters such as 12096 or 2A004", 1},
    {"duplicate commune", "communes.csv",
     APPEND "46063,Castelnau,1840,44.262,1.348\n",
     "communes.csv:11: column \"insee\": commune \"46063\" appears twice (first on "
     "line 2)", 1},
    {"latitude out of range", "communes.csv",
     APPEND "46999,Cézac,179,144.3,1.3\n",
     "communes.csv:11: column \"lat\": 144.3 is out of range: expected -90 to 90", 4},
    {"audience larger than population", "communes.csv",
     EDIT "lon,sector,aliases\n\x1flon,sector,aliases,pop_0_3\n" APPEND
     "46999,Cézac,179,44.3,1.3,,,250\n",
     "communes.csv:11: column \"pop_0_3\": 250 is more than the population (179)", 8},
    {"missing required file", "staff.csv", NULL,
     "staff.csv: file is missing from DIR: a territory needs communes.csv, "
     "sites.csv, staff.csv and services.csv", 0},
    {"unknown service", "targets.csv",
     "service,scope,where,per,min_sessions\nludo,territory,,quarter,3\n",
     "targets.csv:2: column \"service\": unknown service \"ludo\" (not in services.csv)", 1},
    {"unknown sector", "targets.csv",
     "service,scope,where,per,min_sessions\nmatinee-eveil,sector,Nord,month,1\n",
     "targets.csv:2: column \"where\": unknown sector \"Nord\" (see column \"sector\" "
     "of communes.csv)", 3},
    {"absurd target: 40 h of sessions a week", "targets.csv",
     "service,scope,where,per,min_sessions\nmatinee-eveil,territory,,quarter,260\n",
     "targets.csv:2: column \"min_sessions\": 260 sessions of matinee-eveil per "
     "quarter ask 60.0 h of staff time per week, but the staff with its skills "
     "have 14.0 h per week in total", 0},
    {"duplicated target: one commune written two ways", "targets.csv",
     "service,scope,where,per,min_sessions\nmatinee-eveil,commune,46063,month,1\n"
     "matinee-eveil,commune,Castelnau-Montratier,month,2\n",
     "targets.csv:3: a target for service matinee-eveil in commune "
     "Castelnau-Montratier per month appears twice (first on line 2): keep one, "
     "with the minimum you mean", 0},
    {"duplicated territory-wide target", "targets.csv",
     "service,scope,where,per,min_sessions\nfs-itinerant,,,year,2\n"
     "fs-itinerant,territory,,year,3\n",
     "targets.csv:3: a target for service fs-itinerant in the territory per year "
     "appears twice (first on line 2): keep one, with the minimum you mean", 0},
    {"bad day name", "staff.csv",
     "id,name,base,weekly_hours,days\nA,Anne,46201,10,lun funday\n",
     "staff.csv:2: column \"days\": \"funday\" is not a day or half-day: expected "
     "e.g. \"lun mar jeu-matin\", \"lundi au vendredi\" or \"mer après-midi\"", 5},
    {"a bad day echoes the cell as written, accents included", "staff.csv",
     "id,name,base,weekly_hours,days\nA,Anne,46201,10,mer. Après midou\n",
     "staff.csv:2: column \"days\": \"Après\" is not a day or half-day: expected "
     "e.g. \"lun mar jeu-matin\", \"lundi au vendredi\" or \"mer après-midi\"", 5},
    {"bad opening hours", "sites.csv",
     APPEND "S1,46201,Mairie,,,,,,,lun 12:00-09:00\n",
     "sites.csv:18: column \"opening\": \"12:00-09:00\": the end must be after the "
     "start", 10},
    {"an opening written as one time", "sites.csv",
     APPEND "S1,46201,Mairie,,,,,,,Lundi : 9h00\n",
     "sites.csv:18: column \"opening\": \"9h00\" is a single time: give the opening "
     "and closing times, e.g. \"9h-12h\"", 10},
    {"session longer than its window", "services.csv",
     APPEND "x,X,,,120,,,,,,,,09:00-10:00\n",
     "services.csv:4: column \"hours\": no time window is as long as the session "
     "(120 minutes)", 13},
    {"bad quoting", "sites.csv",
     "id,commune,name\nS1,46201,\"Mairie \"du\" bourg\"\n",
     "sites.csv:2: badly quoted field: a quote (\") inside a quoted field must be "
     "doubled (\"\")", 0},
    {"unclosed quote", "sites.csv",
     "id,commune,name\nS1,46201,\"Mairie\n",
     "sites.csv:2: a quoted field is not closed before the end of the file", 0},
    {"unknown base", "staff.csv",
     "id,name,base,weekly_hours\nA,Anne,Cahors,10\n",
     "staff.csv:2: column \"base\": \"Cahors\" is neither a site id of sites.csv nor "
     "a commune of communes.csv", 3},
    {"both hours and etp", "staff.csv",
     "id,name,base,weekly_hours,etp\nA,Anne,46201,10,0.5\n",
     "staff.csv:2: column \"etp\": both weekly_hours and etp are given: keep one", 5},
    {"etp above full time", "staff.csv",
     "id,name,base,etp\nA,Anne,46201,1.5\n",
     "staff.csv:2: column \"etp\": 1.5 is out of range: expected more than 0 and at "
     "most 1 (full time)", 4},
    {"neither hours column: one message, not one per row", "staff.csv",
     "id,name,base\nA,Anne,46201\nB,Bruno,46201\nC,Chloé,46063\n",
     "staff.csv:1: column \"weekly_hours\": required column is missing: give "
     "weekly_hours (hours per week) or etp (share of full time, 1 = 35 h) (also "
     "accepted: heures, heures_hebdo, heures_par_semaine, heures_hebdomadaires; "
     "the header has: id, name, base)", 0},
    {"unknown setting", "settings.csv", "key,value\nspeed,50\n",
     "settings.csv:2: column \"key\": unknown setting \"speed\" (see "
     "docs/input-format.md, settings.csv)", 1},
    {"bad school zone", "settings.csv", "key,value\nschool_zone,D\n",
     "settings.csv:2: column \"value\": school_zone \"D\": expected A, B or C", 2},
    {"travel pair given twice", "travel.csv",
     "from,to,km,minutes\n46201,46063,20,25\n46063,46201,21,26\n",
     "travel.csv:3: column \"to\": the pair 46063-46201 is given twice (travel is "
     "taken as the same both ways)", 2},
    {"bad cadence", "services.csv",
     APPEND "x,X,,,60,,,,,,,,,fortnightly\n",
     "services.csv:4: column \"cadences\": \"fortnightly\" is not a cadence: "
     "expected weekly, 2w, 4w, monthly or Nx (N times in the horizon)", 14},
    {"duplicate header column", "communes.csv",
     "insee,name,population,lat,lon,lat\n46069,Cézac,179,44.3,1.3,44.3\n",
     "communes.csv:1: column \"lat\": column appears twice in the header", 6},
    {"a French name and its English one", "sites.csv",
     "id,commune,name,Nom\nS1,46201,Mairie,Mairie\n",
     "sites.csv:1: column \"Nom\": means the same as column \"name\" (column 3): "
     "keep one", 4},
    {"a NUL byte in a cell", "staff.csv", NULL, /* written by the test */
     "staff.csv:2: column \"name\": a NUL byte (0x00) is in this cell: is it a "
     "text file? Save it as \"CSV UTF-8\"", 2},
    {"more services than a territory has", "services.csv", NULL, /* generated */
     "services.csv:1002: more than 1000 rows: a territory's services.csv is far "
     "smaller (see docs/input-format.md, size limits)", 0},
};

/* The content of a case: written out, or made here when it cannot be a
 * C string (a NUL byte) or is long.  Returns a malloc'd copy and its
 * length. */
static char *case_content(const struct bad_case *c, size_t *len)
{
    if (c->content && c->content[0] == EDIT[0]) {
        /* One or more edits: EDIT find \x1f replace, in order. */
        char *text = variant_edited("examples/quercy-blanc", c->file, "", "");
        for (const char *p = c->content; *p == EDIT[0];) {
            const char *sep = strchr(p, '\x1f'), *end = strchr(sep, EDIT[0]);
            size_t rlen = end ? (size_t)(end - sep - 1) : strlen(sep + 1);
            char find[256], replace[256];
            snprintf(find, sizeof find, "%.*s", (int)(sep - p - 1), p + 1);
            snprintf(replace, sizeof replace, "%.*s", (int)rlen, sep + 1);
            char *at = *find ? strstr(text, find) : text + strlen(text);
            assert_non_null(at);
            char *next = malloc(strlen(text) + strlen(replace) + 1);
            sprintf(next, "%.*s%s%s", (int)(at - text), text, replace, at + strlen(find));
            free(text);
            text = next;
            p = end ? end : sep + 1 + rlen;
        }
        *len = strlen(text);
        return text;
    }
    if (c->content) {
        *len = strlen(c->content);
        /* "UTF-16 file": the bytes after the NULs matter not. */
        if (!strncmp(c->content, "\xff\xfe", 2))
            *len = 6;
        char *s = malloc(*len + 1);
        memcpy(s, c->content, *len + 1);
        return s;
    }
    if (!strcmp(c->file, "staff.csv")) {
        static const char nul[] = "id,name,base,weekly_hours\nA,An\0ne,46201,10\n";
        *len = sizeof nul - 1;
        char *s = malloc(sizeof nul);
        memcpy(s, nul, sizeof nul);
        return s;
    }
    size_t cap = 64 * 1024;
    char *s = malloc(cap);
    size_t n = (size_t)snprintf(s, cap, "id,name,duration_minutes\n");
    for (int i = 0; i < 1001; i++)
        n += (size_t)snprintf(s + n, cap - n, "s%d,S,60\n", i);
    *len = n;
    return s;
}

static enum status load_case(const struct bad_case *c, struct diag_list *l,
                             char *dir, size_t dir_size)
{
    snprintf(dir, dir_size, "%s", test_make_tmpdir());
    assert_int_equal(test_copy_dir(test_source_path("examples/quercy-blanc"), dir), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, c->file);
    bool removed = !c->content && !strcmp(c->name, "missing required file");
    if (removed) {
        remove(path);
    } else {
        size_t len;
        char *bytes = case_content(c, &len);
        assert_int_equal(variant_write_bytes(dir, c->file, bytes, len), 0);
        free(bytes);
    }
    diag_list_init(l);
    struct model *m = NULL;
    enum status st = model_load_dir(dir, &m, l);
    assert_true(st == STATUS_OK ? m != NULL : m == NULL);
    model_free(m);
    test_remove_tree(dir);
    return st;
}

static void bad_inputs_are_refused_with_one_message_and_its_place(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct diag_list l;
        char dir[4096];
        enum status st = load_case(c, &l, dir, sizeof dir);
        /* The one error; "DIR" stands for the temporary folder. */
        char want[8192], got[1024] = "";
        const char *at = strstr(c->expect, "DIR");
        if (at)
            snprintf(want, sizeof want, "%.*s%s%s", (int)(at - c->expect), c->expect,
                     dir, at + 3);
        else
            snprintf(want, sizeof want, "%s", c->expect);
        const struct diag *err = NULL;
        for (size_t k = 0; k < l.count && !err; k++)
            if (l.items[k].status != STATUS_OK)
                err = &l.items[k];
        if (err)
            diag_format(err, got, sizeof got);
        if (st == STATUS_OK || diag_list_errors(&l) != 1 || strcmp(got, want) ||
            err->column != c->column) {
            print_error("case \"%s\": expected one error, column %d:\n  %s\ngot "
                        "status %s, %zu errors:\n", c->name, c->column, want,
                        diag_status_str(st), diag_list_errors(&l));
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
    static const char *const expect[] = {
        "staff.csv:2: column \"weekly_hours\": \"dix\" is not a number (write 3.5 or 3,5)",
        "staff.csv:3: column \"base\": \"Nowhere\" is neither a site id of sites.csv "
        "nor a commune of communes.csv",
        "staff.csv:4: column \"id\": staff \"A\" appears twice (first on line 2)",
        NULL,
    };
    assert_int_equal(refused_with("staff.csv",
        "id,name,base,weekly_hours,days\n"
        "A,Anne,46201,dix,lun\n"
        "B,Bruno,Nowhere,10,lun\n"
        "A,Again,46201,10,lun\n", expect), 3);
}

/* A file that failed to load is one problem: the files that refer to it
 * say once that those references were not checked, instead of one
 * "unknown" per row (two missing columns gave 22 messages). */
static void a_failed_file_does_not_cascade(void **state)
{
    (void)state;
    static const char *const expect[] = {
        "communes.csv:1: column \"name\": required column is missing (also accepted: "
        "nom, commune, nom_commune, nom_de_la_commune, libelle, libgeo; the header "
        "has: insee, popul, lat, lon, sector)",
        "communes.csv:1: column \"population\": required column is missing (also "
        "accepted: pop, population_municipale, pmun, habitants; the header has: "
        "insee, popul, lat, lon, sector)",
        "warning: communes.csv:1: column \"popul\": unknown column, ignored (see "
        "docs/input-format.md for the columns of communes.csv)",
        "warning: sites.csv:1: column \"commune\": not checked against communes.csv, "
        "which could not be loaded",
        "warning: targets.csv:1: column \"where\": not checked against communes.csv, "
        "which could not be loaded",
        NULL,
    };
    assert_int_equal(refused_with("communes.csv", "insee,popul,lat,lon,sector\n"
                                  "46063,1840,44.262,1.348,Est\n", expect), 2);

    /* An encoding error in sites.csv: one message, and staff bases that
     * name sites are not reported one by one. */
    static const char *const expect2[] = {
        "sites.csv:2: invalid UTF-8 (byte 0x81 at character 17), and the file is not "
        "Windows-1252 French text either; 2 more lines have such bytes: save the "
        "file as \"CSV UTF-8\"",
        "warning: staff.csv:1: column \"base\": not checked against sites.csv, which "
        "could not be loaded",
        NULL,
    };
    assert_int_equal(refused_with("sites.csv", "id,commune,name\nS1,46201,Mairie \x81\n"
                                  "S2,46201,Salle \x81\nS3,46201,Autre \x81\n",
                                  expect2), 1);
}

/* More than 500 warnings (here 600 unknown columns) do not refuse a valid
 * territory, and an error after them is still kept and counted. */
static void warnings_never_refuse_a_territory(void **state)
{
    (void)state;
    FILE *f = fopen(test_source_path("examples/quercy-blanc/sites.csv"), "r");
    assert_non_null(f);
    char line[2048], *text = calloc(1, 1 << 20);
    size_t n = 0;
    for (int row = 0; fgets(line, sizeof line, f); row++) {
        line[strcspn(line, "\n")] = '\0';
        n += (size_t)sprintf(text + n, "%s", line);
        for (int k = 0; k < 600; k++)
            n += (size_t)(row ? sprintf(text + n, ",") : sprintf(text + n, ",x%d", k));
        n += (size_t)sprintf(text + n, "\n");
    }
    fclose(f);
    struct diag_list l;
    struct model *m = NULL;
    enum status st = variant_qb("sites.csv", text, &m, &l);
    assert_int_equal(st, STATUS_OK);
    assert_int_equal(m->n_sites, 16);
    assert_int_equal(diag_list_errors(&l), 0);
    assert_int_equal(l.warnings, DIAG_LIST_MAX);
    assert_int_equal(l.dropped_warnings, 100);
    model_free(m);
    diag_list_free(&l);

    /* The same with one real error in the last row. */
    char *last = strrchr(text, '\n');
    *last = '\0';
    last = strrchr(text, '\n');
    char *comma = strchr(last + 1, ',');
    memcpy(comma + 1, "46999", 5);
    st = variant_qb("sites.csv", text, NULL, &l);
    assert_int_equal(st, STATUS_INVALID);
    assert_int_equal(diag_list_errors(&l), 1);
    assert_true(test_problems_contain(&l, "sites.csv:17: column \"commune\": "
                                      "unknown INSEE code 46999"));
    diag_list_free(&l);
    free(text);
}

/* ---- files as spreadsheets save them ------------------------------ */

static void spreadsheet_dialects_are_accepted(void **state)
{
    (void)state;
    /* French Excel: BOM, semicolons, decimal commas, CRLF, French day
     * names and a quoted field holding the separator and a line break. */
    struct diag_list l;
    struct model *m = qb_ok("staff.csv",
        "\xef\xbb\xbfid;name;base;etp;days;role;skills\r\n"
        "RIPE1;Claire Delmas;MED-MONTCUQ;0,4;Mardi mercredi JEUDI-matin vendredi;"
        "\"animatrice; RIPE\r\n(EJE)\";eje\r\n"
        "FS1;Nadia;FS-MONTCUQ;20 %;lun-mer;;FS\r\n"
        "FS2;Julien;FS-CASTELNAU;0,2;mar mer ven;;FS\r\n"
        ";;;;;;\r\n", &l);
    assert_int_equal(m->n_staff, 3);
    const struct model_staff *s = &m->staff[0];
    assert_string_equal(s->id, "RIPE1");
    assert_int_equal((int)(s->weekly_minutes + 0.5), 14 * 60);   /* 0,4 x 35 h */
    assert_int_equal(s->halfdays, MODEL_HALF_AM(1) | MODEL_HALF_PM(1) |
                     MODEL_HALF_AM(2) | MODEL_HALF_PM(2) | MODEL_HALF_AM(3) |
                     MODEL_HALF_AM(4) | MODEL_HALF_PM(4));
    assert_string_equal(s->role, "animatrice; RIPE\r\n(EJE)");
    assert_int_equal(s->line, 2);
    assert_int_equal(m->staff[1].line, 4);      /* after the two-line record */
    assert_int_equal((int)(m->staff[1].weekly_minutes + 0.5), 7 * 60);  /* 20 % */
    assert_int_equal(m->staff[1].halfdays, 0x3f);                      /* lun-mer */
    /* Skills match whatever the case: "eje" is the services' EJE. */
    assert_int_equal(s->skills, UINT64_C(1) << model_find_skill(m, "EJE"));
    model_free(m);
    diag_list_free(&l);
}

/* French Excel's "CSV (séparateur : point-virgule)": Windows-1252,
 * semicolons, decimal commas, CRLF, French headers.  The fixture is
 * examples/quercy-blanc saved so (tests/models/data/excel-fr/make.py):
 * it loads, with one notice per file, and holds the same values. */
static void windows_1252_french_excel_files_load_as_the_original(void **state)
{
    (void)state;
    struct diag_list l;
    diag_list_init(&l);
    struct model *fr = NULL;
    enum status st = model_load_dir(test_source_path("tests/models/data/excel-fr"),
                                    &fr, &l);
    if (st != STATUS_OK)
        diag_list_print(&l, stderr);
    assert_int_equal(st, STATUS_OK);
    static const char *const notice =
        ": file is Windows-1252 (French Excel's \"CSV (séparateur : point-virgule)\"), "
        "not UTF-8: read as Windows-1252; save it as \"CSV UTF-8\" to make this "
        "notice go away";
    static const char *const files[] = {"communes.csv", "services.csv", "settings.csv",
                                        "sites.csv", "staff.csv", "targets.csv"};
    char lines[6][512];
    const char *expect[7];
    for (size_t i = 0; i < 6; i++) {
        snprintf(lines[i], sizeof lines[i], "warning: %s%s", files[i], notice);
        expect[i] = lines[i];
    }
    expect[6] = NULL;
    assert_true(variant_expect(&l, expect));
    diag_list_free(&l);

    struct model *m = load_ok(test_source_path("examples/quercy-blanc"));
    assert_string_equal(fr->settings.name, m->settings.name);
    assert_true(fr->settings.detour_factor == m->settings.detour_factor);
    /* a: the French file, b: the original; same value, same field. */
#define SAME(f) assert_true(a->f == b->f)
#define SAME_TEXT(f) assert_string_equal(a->f, b->f)
#define SAME_ARRAY(f, n) assert_memory_equal(a->f, b->f, b->n * sizeof *b->f)
    assert_int_equal(fr->n_communes, m->n_communes);
    for (size_t i = 0; i < m->n_communes; i++) {
        const struct model_commune *a = &fr->communes[i], *b = &m->communes[i];
        SAME_TEXT(name); SAME_TEXT(aliases); SAME_TEXT(sector);
        SAME(lat); SAME(lon); SAME(population);
    }
    assert_int_equal(fr->n_sites, m->n_sites);
    for (size_t i = 0; i < m->n_sites; i++) {
        const struct model_site *a = &fr->sites[i], *b = &m->sites[i];
        SAME_TEXT(name); SAME_TEXT(address); SAME(kind); SAME(capacity); SAME(tags);
        SAME(lat); SAME(lon); SAME(n_open); SAME_ARRAY(open, n_open);
    }
    assert_int_equal(fr->n_staff, m->n_staff);
    for (size_t i = 0; i < m->n_staff; i++) {
        const struct model_staff *a = &fr->staff[i], *b = &m->staff[i];
        SAME_TEXT(role); SAME(halfdays); SAME(weekly_minutes); SAME(base_site);
    }
    assert_int_equal(fr->n_services, m->n_services);
    for (size_t i = 0; i < m->n_services; i++) {
        const struct model_service *a = &fr->services[i], *b = &m->services[i];
        SAME_TEXT(audience_text); SAME_TEXT(booking); SAME(duration); SAME(setup);
        SAME(teardown); SAME(site_kinds); SAME(site_tags); SAME(cadences);
        SAME(school_holidays); SAME(travel_max_minutes); SAME(n_windows);
        SAME_ARRAY(windows, n_windows);
    }
    assert_int_equal(fr->n_targets, m->n_targets);
    for (size_t i = 0; i < m->n_targets; i++) {
        const struct model_target *a = &fr->targets[i], *b = &m->targets[i];
        SAME_TEXT(label); SAME(commune); SAME(period); SAME(min_sessions);
    }
#undef SAME
#undef SAME_TEXT
#undef SAME_ARRAY
    model_free(m);
    model_free(fr);
}

/* Headers in French, with accents and capitals as people type them. */
static void french_headers_are_accepted(void **state)
{
    (void)state;
    static const char sites[] =
        "Identifiant;Code INSEE;NOM;Capacité;Type de lieu;Étiquettes;Horaires d’ouverture;"
        "Latitude;Longitude\n"
        "S1;46201;Mairie;30;mairie;accessible;du lundi au vendredi de 9h à 12h;44,3;1,2\n"
        "FS-MONTCUQ;46201;FS;;france_services;;;;\n"
        "MED-MONTCUQ;46201;Médiathèque;;mediatheque;petite_enfance;;;\n"
        "FS-CASTELNAU;46063;FS;;france_services;;;;\n";
    struct diag_list l;
    struct model *m = qb_ok("sites.csv", sites, &l);
    assert_int_equal(l.count, 0);
    const struct model_site *s = &m->sites[0];
    assert_string_equal(s->id, "S1");
    assert_string_equal(s->name, "Mairie");
    assert_int_equal(s->commune, model_find_commune(m, "46201"));
    assert_int_equal(s->capacity, 30);
    assert_int_equal(s->kind, SITE_MAIRIE);
    assert_true(s->lat == 44.3 && s->lon == 1.2);
    assert_int_equal(s->n_open, 5);
    assert_window(&s->open[4], 4, 540, 720);
    model_free(m);
    diag_list_free(&l);

    /* A message names the column as the file writes it. */
    static const char *const expect[] = {
        "staff.csv:2: column \"Heures hebdo\": \"dix\" is not a number (write 3.5 or 3,5)",
        NULL,
    };
    refused_with("staff.csv", "Identifiant;Nom;Lieu de base;Heures hebdo\n"
                 "A;Anne;46201;dix\n", expect);
}

/* ---- days and hours as people write them -------------------------- */

/* examples/quercy-blanc with one row added to file: the cells before,
 * then the last cell quoted, which must load. */
static struct model *qb_with_row(const char *file, const char *before,
                                 const char *cell, struct diag_list *l)
{
    char row[512];
    snprintf(row, sizeof row, "%s\"%s\"\n", before, cell);
    char *text = variant_edited("examples/quercy-blanc", file, "", row);
    struct model *m = qb_ok(file, text, l);
    free(text);
    return m;
}

static uint32_t staff_days(const char *days)
{
    struct diag_list l;
    struct model *m = qb_with_row("staff.csv", "A,Anne,,,,46201,3,", days, &l);
    uint32_t h = m->staff[3].halfdays;
    model_free(m);
    diag_list_free(&l);
    return h;
}

static void day_phrases_are_read(void **state)
{
    (void)state;
    const uint32_t mon_fri = 0x3ff;
    assert_int_equal(staff_days("lundi au vendredi"), mon_fri);
    assert_int_equal(staff_days("Du lundi au vendredi"), mon_fri);
    assert_int_equal(staff_days("lun - ven"), mon_fri);
    assert_int_equal(staff_days("mer. après midi"), MODEL_HALF_PM(2));
    assert_int_equal(staff_days("mer après-midi"), MODEL_HALF_PM(2));
    assert_int_equal(staff_days("Mercredi Après-Midi"), MODEL_HALF_PM(2));
    assert_int_equal(staff_days("Lundi, Mardi et Jeudi matin"),
                     MODEL_HALF_AM(0) | MODEL_HALF_PM(0) | MODEL_HALF_AM(1) |
                     MODEL_HALF_PM(1) | MODEL_HALF_AM(3));
    assert_int_equal(staff_days("les mardis"), MODEL_HALF_AM(1) | MODEL_HALF_PM(1));
    assert_int_equal(staff_days("mon to fri"), mon_fri);
    assert_int_equal(staff_days("jeudi matinée"), MODEL_HALF_AM(3));
    assert_int_equal(staff_days("lundi au jeudi matin"),
                     MODEL_HALF_AM(0) | MODEL_HALF_AM(1) | MODEL_HALF_AM(2) |
                     MODEL_HALF_AM(3));
}

/* The windows of services.csv's "hours" for one service of duration 60. */
static void service_hours(const char *hours, struct model_window *out, size_t *n)
{
    struct diag_list l;
    struct model *m = qb_with_row("services.csv", "x,X,,,60,,,,,,,lun-ven,", hours, &l);
    *n = m->services[2].n_windows;
    assert_true(*n <= 16);
    memcpy(out, m->services[2].windows, *n * sizeof *out);
    model_free(m);
    diag_list_free(&l);
}

static void time_phrases_are_read(void **state)
{
    (void)state;
    /* Each cell: how many windows, and one of them. */
    static const struct {
        const char *hours;
        size_t n, at;
        int weekday, start, end;
    } cases[] = {
        {"Lundi : 9h00-12h00", 1, 0, 0, 540, 720},
        {"9h30-12h", 5, 4, 4, 570, 720},              /* every day of "days" */
        {"du lundi au mardi de 9h à midi et de 14h à 17h", 4, 1, 1, 540, 720},
        {"du lundi au mardi de 9h à midi et de 14h à 17h", 4, 3, 1, 840, 1020},
        /* A lone time in a service's hours is its start, for 60 minutes. */
        {"Lundi : 9h00", 1, 0, 0, 540, 600},
        {"9h", 5, 2, 2, 540, 600},
        {"Lundi : 9h00-12h00 / 14h-17h", 2, 1, 0, 840, 1020},
        {"mardi 9h jusqu'à 12h", 1, 0, 1, 540, 720},
        {"09:00 – 12:30 / 13:30 – 17:00", 10, 5, 0, 810, 1020},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct model_window w[16];
        size_t n;
        service_hours(cases[i].hours, w, &n);
        assert_int_equal(n, cases[i].n);
        assert_window(&w[cases[i].at], cases[i].weekday, cases[i].start,
                      cases[i].end);
    }
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
    assert_true(parse_time_of_day("midi", &t) && t == 720);
    assert_false(parse_time_of_day("25:00", &t));
    assert_false(parse_time_of_day("9:7", &t));
    assert_int_equal(parse_weekday("Mercredi"), 2);
    assert_int_equal(parse_weekday("sun"), 6);
    assert_int_equal(parse_weekday("lun."), 0);
    assert_int_equal(parse_weekday("jeudis"), 3);
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
        cmocka_unit_test(bad_inputs_are_refused_with_one_message_and_its_place),
        cmocka_unit_test(all_problems_are_reported_in_one_pass),
        cmocka_unit_test(a_failed_file_does_not_cascade),
        cmocka_unit_test(warnings_never_refuse_a_territory),
        cmocka_unit_test(spreadsheet_dialects_are_accepted),
        cmocka_unit_test(windows_1252_french_excel_files_load_as_the_original),
        cmocka_unit_test(french_headers_are_accepted),
        cmocka_unit_test(day_phrases_are_read),
        cmocka_unit_test(time_phrases_are_read),
        cmocka_unit_test(field_parsers_accept_what_people_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
