/* test_export.c -- CSV and JSON exports and hand-edited CSV plans.
 *
 * The CSV export is compared with golden text; the JSON export is parsed
 * back by Python's json module (an independent parser); a CSV export read
 * back, in either dialect, gives the same sessions; a spreadsheet's re-save (BOM, ';', CRLF,
 * quotes, columns moved) reads the same; and each kind of bad cell is
 * reported with file, line and column.
 */
#include "test_support.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"
#include "store.h"

#define HM(h, m) ((h) * 60 + (m))

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

static int day_of(int y, int mo, int d)
{
    return model_date_to_days((struct model_date){y, mo, d});
}

static struct model *build(void)
{
    struct model *m = model_new();
    assert_non_null(m);
    snprintf(m->settings.name, sizeof m->settings.name, "Quercy Blanc");
    m->n_communes = 2;
    m->communes = calloc(2, sizeof *m->communes);
    const char *insee[] = {"46201", "46156"};
    const char *cname[] = {"Montcuq-en-Quercy-Blanc", "Lebreil"};
    for (int i = 0; i < 2; i++) {
        snprintf(m->communes[i].insee, 6, "%s", insee[i]);
        m->communes[i].name = xstrdup(cname[i]);
        m->communes[i].sector = xstrdup("");
        m->communes[i].aliases = xstrdup("");
    }
    m->n_sites = 2;
    m->sites = calloc(2, sizeof *m->sites);
    m->sites[0].id = xstrdup("MAIRIE");
    m->sites[0].name = xstrdup("Mairie de Montcuq");
    m->sites[0].commune = 0;
    m->sites[1].id = xstrdup("TILLEULS");
    m->sites[1].name = xstrdup("Salle \"Les Tilleuls\", Lebreil");
    m->sites[1].commune = 1;
    for (int i = 0; i < 2; i++)
        m->sites[i].address = xstrdup("");
    m->n_staff = 2;
    m->staff = calloc(2, sizeof *m->staff);
    m->staff[0].id = xstrdup("P1");
    m->staff[0].name = xstrdup("Léa Martin");
    m->staff[1].id = xstrdup("P2");
    m->staff[1].name = xstrdup("Paul Durand");
    for (int i = 0; i < 2; i++) {
        m->staff[i].role = xstrdup("");
        m->staff[i].employer = xstrdup("");
    }
    m->n_vehicles = 1;
    m->vehicles = calloc(1, sizeof *m->vehicles);
    m->vehicles[0].id = xstrdup("V1");
    m->vehicles[0].kind = xstrdup("van");
    m->n_services = 2;
    m->services = calloc(2, sizeof *m->services);
    m->services[0].id = xstrdup("HJ");
    m->services[0].name = xstrdup("Halte-jeux");
    m->services[1].id = xstrdup("FS");
    m->services[1].name = xstrdup("France Services");
    for (int i = 0; i < 2; i++) {
        m->services[i].audience_text = xstrdup("");
        m->services[i].vehicle_kind = xstrdup("");
        m->services[i].booking = xstrdup("");
        m->services[i].category = xstrdup("");
    }
    return m;
}

static void add(struct model_plan *p, const char *uid, int service, int site,
                int day, int start, int end, int s1, int s2, int vehicle,
                enum model_session_status st)
{
    struct model_session s;
    memset(&s, 0, sizeof s);
    snprintf(s.uid, sizeof s.uid, "%s", uid);
    s.service = service;
    s.site = site;
    s.day = day;
    s.start = start;
    s.end = end;
    s.staff[s.n_staff++] = s1;
    if (s2 >= 0)
        s.staff[s.n_staff++] = s2;
    s.vehicle = vehicle;
    s.status = st;
    s.sequence = 2;
    assert_int_equal(model_plan_add(p, &s), STATUS_OK);
}

/* Three sessions, in no particular order. */
static struct model_plan *small_plan(void)
{
    struct model_plan *p = model_plan_new();
    assert_non_null(p);
    p->horizon_start = day_of(2027, 1, 1);
    p->horizon_end = day_of(2027, 3, 31);
    snprintf(p->solver_status, sizeof p->solver_status, "optimal");
    p->objective = 1234.5;
    p->bound = 1234.5;
    p->gap = 0;
    p->seconds = 1.25;
    p->id = 7;
    add(p, "HJ-TILLEULS-1@qb", 0, 1, day_of(2027, 1, 12), HM(9, 0),
        HM(11, 0), 0, -1, -1, SESSION_CONFIRMED);
    add(p, "FS-MAIRIE-0@qb", 1, 0, day_of(2027, 1, 12), HM(9, 0),
        HM(12, 30), 0, 1, 0, SESSION_CONFIRMED);
    add(p, "HJ-TILLEULS-0@qb", 0, 1, day_of(2027, 1, 5), HM(9, 30),
        HM(11, 30), 0, -1, -1, SESSION_CANCELLED);
    return p;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static char *export_dialect_text(const struct model *m,
                                 const struct model_plan *p,
                                 enum export_format fmt,
                                 enum export_dialect dialect)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct diag err;
    enum status st = fmt == EXPORT_CSV ? export_csv(m, p, dialect, f, &err)
                                       : export_json(m, p, f, &err);
    fclose(f);
    assert_ok(st, &err);
    return buf;
}

static char *export_text(const struct model *m, const struct model_plan *p,
                         enum export_format fmt)
{
    return export_dialect_text(m, p, fmt, EXPORT_DIALECT_STANDARD);
}

static const char *golden_csv =
    "uid,service,site,commune_insee,date,start,end,staff,vehicle,status,"
    "service_name,site_name,commune\n"
    "HJ-TILLEULS-0@qb,HJ,TILLEULS,46156,2027-01-05,09:30,11:30,P1,,"
    "cancelled,Halte-jeux,\"Salle \"\"Les Tilleuls\"\", Lebreil\",Lebreil\n"
    "FS-MAIRIE-0@qb,FS,MAIRIE,46201,2027-01-12,09:00,12:30,P1+P2,V1,"
    "confirmed,France Services,Mairie de Montcuq,Montcuq-en-Quercy-Blanc\n"
    "HJ-TILLEULS-1@qb,HJ,TILLEULS,46156,2027-01-12,09:00,11:00,P1,,"
    "confirmed,Halte-jeux,\"Salle \"\"Les Tilleuls\"\", Lebreil\",Lebreil\n";

static void csv_export_matches_golden_text(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = small_plan();
    char *text = export_text(m, p, EXPORT_CSV);
    assert_string_equal(text, golden_csv);
    free(text);
    model_plan_free(p);
    model_free(m);
}

/* excel-fr: BOM, ';', CRLF; a cell with ';' is quoted, a cell with a
 * comma no longer needs to be, quotes are doubled as in standard. */
static void excel_fr_export_matches_golden_bytes(void **state)
{
    (void)state;
    struct model *m = build();
    free(m->services[1].name);
    m->services[1].name = xstrdup("France Services; accueil");
    struct model_plan *p = small_plan();
    char *text = export_dialect_text(m, p, EXPORT_CSV, EXPORT_DIALECT_EXCEL_FR);
    assert_string_equal(text,
        "\xef\xbb\xbfuid;service;site;commune_insee;date;start;end;staff;"
        "vehicle;status;service_name;site_name;commune\r\n"
        "HJ-TILLEULS-0@qb;HJ;TILLEULS;46156;2027-01-05;09:30;11:30;P1;;"
        "cancelled;Halte-jeux;\"Salle \"\"Les Tilleuls\"\", Lebreil\";Lebreil\r\n"
        "FS-MAIRIE-0@qb;FS;MAIRIE;46201;2027-01-12;09:00;12:30;P1+P2;V1;"
        "confirmed;\"France Services; accueil\";Mairie de Montcuq;"
        "Montcuq-en-Quercy-Blanc\r\n"
        "HJ-TILLEULS-1@qb;HJ;TILLEULS;46156;2027-01-12;09:00;11:00;P1;;"
        "confirmed;Halte-jeux;\"Salle \"\"Les Tilleuls\"\", Lebreil\";Lebreil\r\n");
    free(text);
    /* The standard dialect does not quote the ';'. */
    text = export_text(m, p, EXPORT_CSV);
    assert_non_null(strstr(text, ",confirmed,France Services; accueil,Mairie"));
    free(text);
    model_plan_free(p);
    model_free(m);
}

static void dialect_names_parse(void **state)
{
    (void)state;
    enum export_dialect d = EXPORT_DIALECT_EXCEL_FR;
    assert_true(export_dialect_parse("standard", &d));
    assert_int_equal(d, EXPORT_DIALECT_STANDARD);
    assert_true(export_dialect_parse("excel-fr", &d));
    assert_int_equal(d, EXPORT_DIALECT_EXCEL_FR);
    const char *bad[] = {"", "excel", "Excel-FR", "excel-fr ", "excel_fr",
                         "semicolon", "standard,"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = EXPORT_DIALECT_EXCEL_FR;
        assert_false(export_dialect_parse(bad[i], &d));
        assert_int_equal(d, EXPORT_DIALECT_EXCEL_FR);   /* untouched */
    }
    for (int k = EXPORT_DIALECT_STANDARD; k <= EXPORT_DIALECT_EXCEL_FR; k++) {
        assert_true(export_dialect_parse(export_dialect_name(k), &d));
        assert_int_equal(d, k);
    }
}

static void json_export_parses_back_with_python(void **state)
{
    (void)state;
    struct model *m = build();
    /* Text that needs escaping: quotes, backslash, tab, newline, a
     * control character, accents, and one byte that is not UTF-8. */
    free(m->services[0].name);
    m->services[0].name = xstrdup("Halte \"jeux\"\t\\ à\nEspalion\x01");
    free(m->sites[0].name);
    m->sites[0].name = xstrdup("Mairie \xff de Montcuq");
    struct model_plan *p = small_plan();
    p->objective = NAN;
    p->bound = INFINITY;
    const char *dir = test_make_tmpdir();
    char path[512], script[4096];
    snprintf(path, sizeof path, "%s/plan.json", dir);
    struct diag err;
    assert_ok(export_write_path(m, p, EXPORT_JSON, EXPORT_DIALECT_STANDARD, path, &err), &err);
    snprintf(script, sizeof script,
             "/usr/bin/python3 -c 'import json,sys\n"
             "d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
             "s = d[\"sessions\"]\n"
             "assert d[\"horizon\"] == {\"start\": \"2027-01-01\", \"end\": \"2027-03-31\"}, d\n"
             "assert d[\"solver\"][\"objective\"] is None and d[\"solver\"][\"bound\"] is None\n"
             "assert d[\"solver\"][\"status\"] == \"optimal\" and d[\"solver\"][\"seconds\"] == 1.25\n"
             "assert d[\"solver\"][\"time_limit_hit\"] is False\n"
             "assert [x[\"uid\"] for x in s] == [\"HJ-TILLEULS-0@qb\", \"FS-MAIRIE-0@qb\", \"HJ-TILLEULS-1@qb\"]\n"
             "assert s[0][\"service_name\"] == \"Halte \\\"jeux\\\"\\t\\\\ \\u00e0\\nEspalion\\x01\", s[0]\n"
             "assert s[1][\"site_name\"] == \"Mairie \\ufffd de Montcuq\"\n"
             "assert s[1][\"staff\"] == [\"P1\", \"P2\"] and s[1][\"vehicle\"] == \"V1\"\n"
             "assert s[0][\"vehicle\"] is None and s[0][\"status\"] == \"cancelled\"\n"
             "assert s[1][\"commune_insee\"] == \"46201\" and s[1][\"date\"] == \"2027-01-12\"\n"
             "assert s[1][\"start\"] == \"09:00\" and s[1][\"end\"] == \"12:30\" and s[1][\"sequence\"] == 2\n"
             "' %s",
             path);
    assert_int_equal(system(script), 0);
    test_remove_tree(dir);
    model_plan_free(p);
    model_free(m);
}

static void empty_plan_exports_valid_json(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = model_plan_new();
    char *text = export_text(m, p, EXPORT_JSON);
    assert_non_null(strstr(text, "\"sessions\": []"));
    free(text);
    text = export_text(m, p, EXPORT_CSV);
    assert_int_equal(strchr(text, '\n') - text + 1, (long)strlen(text));
    free(text);
    model_plan_free(p);
    model_free(m);
}

static void same_sessions(const struct model_plan *a, const struct model_plan *b)
{
    assert_int_equal(a->n_sessions, b->n_sessions);
    for (size_t i = 0; i < a->n_sessions; i++) {
        const struct model_session *x = &a->sessions[i];
        const struct model_session *y = NULL;
        for (size_t j = 0; j < b->n_sessions && !y; j++)
            if (!strcmp(b->sessions[j].uid, x->uid))
                y = &b->sessions[j];
        assert_non_null(y);
        assert_int_equal(x->service, y->service);
        assert_int_equal(x->site, y->site);
        assert_int_equal(x->day, y->day);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->n_staff, y->n_staff);
        for (int k = 0; k < x->n_staff; k++)
            assert_int_equal(x->staff[k], y->staff[k]);
        assert_int_equal(x->vehicle, y->vehicle);
        assert_int_equal(x->status, y->status);
    }
}

/* p written in dialect d and read back: the same sessions, no notice. */
static void reads_back_the_same(const struct model *m,
                                const struct model_plan *p,
                                enum export_dialect d)
{
    const char *dir = test_make_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/plan.csv", dir);
    struct diag err;
    assert_ok(export_write_path(m, p, EXPORT_CSV, d, path, &err), &err);
    struct model_plan *q = NULL;
    struct diag_list pr;
    diag_list_init(&pr);
    enum status st = export_read_csv(m, path, &q, &pr);
    diag_list_print(&pr, stderr);
    assert_int_equal(st, STATUS_OK);
    assert_int_equal(pr.count, 0);
    same_sessions(p, q);
    assert_string_equal(q->solver_status, "manual");
    assert_int_equal(q->horizon_start, day_of(2027, 1, 5));
    assert_int_equal(q->horizon_end, day_of(2027, 1, 12));
    diag_list_free(&pr);
    model_plan_free(q);
    test_remove_tree(dir);
}

static void csv_export_reads_back_the_same(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = small_plan();
    reads_back_the_same(m, p, EXPORT_DIALECT_STANDARD);
    model_plan_free(p);
    model_free(m);
}

/* excel-fr too, with a name that needs its quoting (';', CRLF). */
static void excel_fr_export_reads_back_the_same(void **state)
{
    (void)state;
    struct model *m = build();
    free(m->sites[0].name);
    m->sites[0].name = xstrdup("Mairie; salle du conseil\r\n1er étage");
    struct model_plan *p = small_plan();
    reads_back_the_same(m, p, EXPORT_DIALECT_EXCEL_FR);
    model_plan_free(p);
    model_free(m);
}

/* What LibreOffice or Excel writes after a coordinator moved a session:
 * BOM, ';' (French locale), CRLF, every cell quoted, columns moved, an
 * extra column, times as 09:00:00, dates as DD/MM/YYYY, an empty row. */
static void spreadsheet_resave_reads_the_same(void **state)
{
    (void)state;
    struct model *m = build();
    const char *dir = test_make_tmpdir();
    assert_int_equal(test_write_file(dir, "plan.csv",
        "\xef\xbb\xbf\"Note\";\"status\";\"uid\";\"date\";\"start\";\"end\";"
        "\"service\";\"site\";\"staff\";\"vehicle\"\r\n"
        "\"moved; see mayor\";\"confirmed\";\"FS-MAIRIE-0@qb\";\"19/01/2027\";"
        "\"09:00:00\";\"12:30:00\";\"FS\";\"MAIRIE\";\" P1 + P2 \";\"V1\"\r\n"
        "\"two\r\nlines\";\"Cancelled\";\"HJ-TILLEULS-0@qb\";\"2027-01-05\";"
        "\"9:30\";\"11h30\";\"HJ\";\"TILLEULS\";\"P1\";\"\"\r\n"
        ";;;;;;;;;\r\n"), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/plan.csv", dir);
    struct model_plan *q = NULL;
    struct diag_list pr;
    diag_list_init(&pr);
    enum status st = export_read_csv(m, path, &q, &pr);
    diag_list_print(&pr, stderr);
    assert_int_equal(st, STATUS_OK);
    assert_int_equal(pr.count, 0);
    assert_int_equal(q->n_sessions, 2);
    const struct model_session *a = &q->sessions[0], *b = &q->sessions[1];
    assert_string_equal(a->uid, "HJ-TILLEULS-0@qb");
    assert_int_equal(a->status, SESSION_CANCELLED);
    assert_int_equal(a->start, HM(9, 30));
    assert_int_equal(a->end, HM(11, 30));
    assert_int_equal(a->vehicle, -1);
    assert_string_equal(b->uid, "FS-MAIRIE-0@qb");
    assert_int_equal(b->day, day_of(2027, 1, 19));
    assert_int_equal(b->n_staff, 2);
    assert_int_equal(b->staff[1], 1);
    assert_int_equal(b->vehicle, 0);
    diag_list_free(&pr);
    model_plan_free(q);
    test_remove_tree(dir);
    model_free(m);
}

/* Reads text as a CSV plan; returns the problems (caller frees). */
static enum status read_text(const struct model *m, const char *text,
                             struct diag_list *pr, char *path, size_t size)
{
    const char *dir = test_make_tmpdir();
    assert_int_equal(test_write_file(dir, "edit.csv", text), 0);
    snprintf(path, size, "%s/edit.csv", dir);
    struct model_plan *q = NULL;
    diag_list_init(pr);
    enum status st = export_read_csv(m, path, &q, pr);
    for (size_t i = 0; i < pr->count; i++) {
        char buf[1024];
        diag_format(&pr->items[i], buf, sizeof buf);
        print_message("# %s\n", buf);
    }
    if (st == STATUS_OK)
        assert_non_null(q);
    else
        assert_null(q);
    model_plan_free(q);
    test_remove_tree(dir);
    return st;
}

static void expect_problem(const struct diag_list *pr, const char *path,
                           const char *rest)
{
    char needle[1024];
    snprintf(needle, sizeof needle, "%s:%s", path, rest);
    if (!test_problems_contain(pr, needle))
        fail_msg("no problem \"%s\"", needle);
}

static void every_bad_cell_is_reported_with_line_and_column(void **state)
{
    (void)state;
    struct model *m = build();
    struct diag_list pr;
    char path[512];
    enum status st = read_text(m,
        "uid,service,site,date,start,end,staff,status\n"
        "a,HJ,MAIRIE,2027-01-12,09:00,11:00,P1,confirmed\n"
        "b,HJ,x,2027-01-12,09:00,11:00,P1,confirmed\n"
        "c,HJ,MAIRIE,2027-13-01,09:00,11:00,P1,confirmed\n"
        "d,HJ,MAIRIE,2027-01-12,11:00,09:00,P1,confirmed\n"
        "e,HJ,MAIRIE,2027-01-12,09:00,11:00,P1+S9,confirmed\n"
        "f,HJ,MAIRIE,2027-01-12,09:00,11:00,P1,done\n"
        "a,HJ,MAIRIE,2027-01-19,09:00,11:00,P1,confirmed\n"
        "g,XX,MAIRIE,2027-01-12,9.00,11:00,P1+,cancelled\n",
        &pr, path, sizeof path);
    assert_int_equal(st, STATUS_INVALID);
    expect_problem(&pr, path, "3: column \"site\": unknown site \"x\"");
    expect_problem(&pr, path, "4: column \"date\": \"2027-13-01\" is not a "
                              "date: expected YYYY-MM-DD");
    expect_problem(&pr, path, "5: column \"end\": end 09:00 is not after "
                              "start 11:00");
    expect_problem(&pr, path, "6: column \"staff\": unknown staff \"S9\" in "
                              "\"P1+S9\"");
    expect_problem(&pr, path, "7: column \"status\": status \"done\" is not "
                              "confirmed or cancelled");
    expect_problem(&pr, path, "8: column \"uid\": duplicate uid \"a\": "
                              "already on line 2");
    expect_problem(&pr, path, "9: column \"service\": unknown service \"XX\"");
    expect_problem(&pr, path, "9: column \"start\": \"9.00\" is not a time: "
                              "expected HH:MM");
    expect_problem(&pr, path, "9: column \"staff\": \"P1+\" ends with '+'");
    assert_int_equal(diag_list_errors(&pr), 9);
    /* The column number is the cell's position in the file. */
    bool found = false;
    for (size_t i = 0; i < pr.count; i++)
        if (!strcmp(pr.items[i].field, "site")) {
            assert_int_equal(pr.items[i].line, 3);
            assert_int_equal(pr.items[i].column, 3);
            found = true;
        }
    assert_true(found);
    diag_list_free(&pr);
    model_free(m);
}

static void missing_required_column_is_reported(void **state)
{
    (void)state;
    struct model *m = build();
    struct diag_list pr;
    char path[512];
    enum status st = read_text(m,
        "uid;service;site;start;end;staff\n"
        "a;HJ;MAIRIE;09:00;11:00;P1\n", &pr, path, sizeof path);
    assert_int_equal(st, STATUS_INVALID);
    expect_problem(&pr, path, "1: column \"date\": missing required column "
                              "\"date\"");
    assert_int_equal(diag_list_errors(&pr), 1);
    diag_list_free(&pr);
    model_free(m);
}

static void empty_file_is_reported(void **state)
{
    (void)state;
    struct model *m = build();
    struct diag_list pr;
    char path[512];
    assert_int_equal(read_text(m, "", &pr, path, sizeof path), STATUS_INVALID);
    expect_problem(&pr, path, "1: file is empty: expected a header row");
    diag_list_free(&pr);
    assert_int_equal(read_text(m, "\xef\xbb\xbf\r\n", &pr, path, sizeof path),
                     STATUS_INVALID);
    expect_problem(&pr, path, "1: file is empty");
    diag_list_free(&pr);
    /* A header and no session is an empty plan, not an error. */
    assert_int_equal(read_text(m, "uid,service,site,date,start,end,staff\n",
                               &pr, path, sizeof path), STATUS_OK);
    diag_list_free(&pr);
    model_free(m);
}

/* A quoted cell over two lines shifts the lines after it. */
static void line_numbers_count_line_breaks_inside_cells(void **state)
{
    (void)state;
    struct model *m = build();
    struct diag_list pr;
    char path[512];
    enum status st = read_text(m,
        "note,uid,service,site,date,start,end,staff\r\n"
        "\"first\r\nsecond\",a,HJ,MAIRIE,2027-01-12,09:00,11:00,P1\r\n"
        "x,b,HJ,NOWHERE,2027-01-12,09:00,11:00,P1\r\n", &pr, path, sizeof path);
    assert_int_equal(st, STATUS_INVALID);
    expect_problem(&pr, path, "4: column \"site\": unknown site \"NOWHERE\"");
    diag_list_free(&pr);
    model_free(m);
}

static void broken_quoting_and_encodings_are_reported(void **state)
{
    (void)state;
    struct model *m = build();
    struct diag_list pr;
    char path[512];
    assert_int_equal(read_text(m,
        "uid,service,site,date,start,end,staff\n"
        "a,HJ,MAIRIE,2027-01-12,09:00,11:00,\"P1\n", &pr, path, sizeof path),
        STATUS_INVALID);
    expect_problem(&pr, path, "2: a quoted field is not closed before the "
                              "end of the file");
    diag_list_free(&pr);
    assert_int_equal(read_text(m,
        "uid,service,site,date,start,end,staff\n"
        "a,HJ,MAI\"RIE,2027-01-12,09:00,11:00,P1\n", &pr, path, sizeof path),
        STATUS_INVALID);
    expect_problem(&pr, path, "2: ");
    diag_list_free(&pr);
    assert_int_equal(read_text(m, "\xff\xfeu\0i\0d\0", &pr, path, sizeof path),
                     STATUS_INVALID);
    expect_problem(&pr, path, "1: file is UTF-16");
    diag_list_free(&pr);
    /* Windows-1252 from Excel's plain "CSV": read as such, with a notice
     * (csv_encoding.c), so an id with an accent matches. */
    assert_int_equal(read_text(m,
        "uid,service,site,date,start,end,staff,note\n"
        "a,HJ,MAIRIE,2027-01-12,09:00,11:00,P1,f\xeate\n", &pr, path,
        sizeof path), STATUS_OK);
    expect_problem(&pr, path, " file is Windows-1252");
    assert_int_equal(diag_list_errors(&pr), 0);
    diag_list_free(&pr);
    /* Bytes that are no encoding: one error at the first, nothing read. */
    assert_int_equal(read_text(m,
        "uid,service,site,date,start,end,staff\n"
        "a,HJ,MAIRIE,2027-01-12,09:00,11:00,P1\x80\x81\n", &pr, path,
        sizeof path), STATUS_INVALID);
    expect_problem(&pr, path, "2: invalid UTF-8");
    diag_list_free(&pr);
    model_free(m);
}

static void missing_file_is_an_io_problem(void **state)
{
    (void)state;
    struct model *m = build();
    struct diag_list pr;
    diag_list_init(&pr);
    struct model_plan *q = (struct model_plan *)1;
    assert_int_equal(export_read_csv(m, "/nonexistent/plan.csv", &q, &pr),
                     STATUS_IO);
    assert_null(q);
    assert_true(test_problems_contain(&pr, "/nonexistent/plan.csv: cannot "
                                           "read"));
    diag_list_free(&pr);
    model_free(m);
}

/* Entries of a folder, "." and ".." left out. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

/* A failed export leaves the previous file as it was, and no temporary. */
static void failed_export_keeps_the_previous_file(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = small_plan();
    const char *dir = test_make_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/plan.csv", dir);
    assert_int_equal(test_write_file(dir, "plan.csv", "previous\n"), 0);
    p->sessions[1].staff[1] = 99;   /* a staff member that does not exist */
    struct diag err;
    assert_int_equal(export_write_path(m, p, EXPORT_CSV, EXPORT_DIALECT_STANDARD, path, &err),
                     STATUS_INVALID);
    char *text = slurp(path);
    assert_string_equal(text, "previous\n");
    free(text);
    assert_int_equal(entries(dir), 1);   /* no temporary left */
    p->sessions[1].staff[1] = 1;
    assert_ok(export_write_path(m, p, EXPORT_CSV, EXPORT_DIALECT_STANDARD, path, &err), &err);
    text = slurp(path);
    assert_string_equal(text, golden_csv);
    free(text);
    assert_int_equal(entries(dir), 1);
    char bad[600];
    snprintf(bad, sizeof bad, "%s/no/such/folder/plan.csv", dir);
    assert_int_equal(export_write_path(m, p, EXPORT_JSON, EXPORT_DIALECT_STANDARD, bad, &err),
                     STATUS_IO);
    test_remove_tree(dir);
    model_plan_free(p);
    model_free(m);
}


/* Tab-separated ("Texte Unicode" without the UTF-16) with empty cells. */
static void tab_separated_file_reads(void **state)
{
    (void)state;
    struct model *m = build();
    struct diag_list pr;
    char path[512];
    assert_int_equal(read_text(m,
        "uid\tvehicle\tservice\tsite\tdate\tstart\tend\tstaff\tstatus\n"
        "a\t\tHJ\tMAIRIE\t2027-01-12\t09:00\t11:00\tP1\t\n"
        "b\tV1\tFS\tMAIRIE\t2027-01-13\t09:00\t12:00\tP2\tcancelled\n",
        &pr, path, sizeof path), STATUS_OK);
    assert_int_equal(pr.count, 0);
    diag_list_free(&pr);
    model_free(m);
}

/* Runs a shell command; returns its exit status. */
static int sh(const char *cmd)
{
    int rc = system(cmd);
    return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

/* The whole path on a bundled territory: a hand-made CSV plan saved in a
 * project file, loaded back, exported and verified -- by the library and,
 * when meson gives us the binary ($PLANNER), by `planner export` and
 * `planner verify`. */
static void stored_plan_exports_and_verifies(void **state)
{
    (void)state;
    struct diag_list pr;
    diag_list_init(&pr);
    struct model *files = NULL;
    enum status st = model_load_dir(test_source_path("examples/quercy-blanc"),
                                    &files, &pr);
    diag_list_print(&pr, stderr);
    assert_int_equal(st, STATUS_OK);
    diag_list_free(&pr);
    char dir[256], db[300], path[300], cmd[2048];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    snprintf(db, sizeof db, "%s/qb.db", dir);
    struct diag err;
    struct store *s = NULL;
    struct store_import_counts counts;
    assert_ok(store_open(db, true, &s, &err), &err);
    assert_ok(store_import_model(s, STORE_DEFAULT_SCENARIO, files, &counts,
                                 &err), &err);
    model_free(files);
    struct model *m = NULL;
    assert_ok(store_load_model(s, STORE_DEFAULT_SCENARIO, &m, &err), &err);

    /* Tuesday: a matinée d'éveil at the médiathèque de Montcuq; Monday:
     * France Services at the EVS of Saint-Paul-Flaugnac. */
    const char *plan_csv =
        "uid,service,site,date,start,end,staff\n"
        "me-1,matinee-eveil,MED-MONTCUQ,2027-01-12,09:30,11:30,RIPE1\n"
        "fs-1,fs-itinerant,EVS-SPF,2027-01-11,09:00,12:00,FS1\n";
    assert_int_equal(test_write_file(dir, "plan.csv", plan_csv), 0);
    snprintf(path, sizeof path, "%s/plan.csv", dir);
    struct model_plan *p = NULL;
    diag_list_init(&pr);
    st = export_read_csv(m, path, &p, &pr);
    diag_list_print(&pr, stderr);
    assert_int_equal(st, STATUS_OK);
    diag_list_free(&pr);
    p->horizon_start = day_of(2027, 1, 1);
    p->horizon_end = day_of(2027, 3, 31);
    p->created_at = 1798761600;   /* fixed, so the test is repeatable */
    assert_ok(store_save_plan(s, STORE_DEFAULT_SCENARIO, m, p, 28, &err),
              &err);
    struct model_plan *q = NULL;
    assert_ok(store_load_plan(s, STORE_DEFAULT_SCENARIO, m, 0, &q, &err),
              &err);
    same_sessions(p, q);
    struct verify_report rep;
    assert_ok(verify_plan(m, NULL, q, &rep, &err), &err);
    for (size_t i = 0; i < rep.count; i++)
        print_message("# R%d %s: %s\n", (int)rep.items[i].rule,
                      rep.items[i].uid, rep.items[i].message);
    assert_int_equal(rep.count, 0);
    verify_report_free(&rep);
    char *expected = export_text(m, q, EXPORT_CSV);
    store_close(s);

    const char *planner = getenv("PLANNER");
    if (planner && *planner) {
        snprintf(cmd, sizeof cmd, "'%s' export '%s' --csv '%s/out.csv' "
                 "--json '%s/out.json' > '%s/export.out'", planner, db, dir,
                 dir, dir);
        assert_int_equal(sh(cmd), 0);
        snprintf(path, sizeof path, "%s/out.csv", dir);
        char *got = slurp(path);
        assert_non_null(got);
        assert_string_equal(got, expected);
        free(got);
        snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c 'import json,sys; "
                 "d = json.load(open(sys.argv[1])); "
                 "assert [s[\"uid\"] for s in d[\"sessions\"]] == "
                 "[\"fs-1\", \"me-1\"], d' '%s/out.json'", dir);
        assert_int_equal(sh(cmd), 0);
        snprintf(cmd, sizeof cmd, "'%s' verify '%s' > '%s/verify.out'",
                 planner, db, dir);
        assert_int_equal(sh(cmd), 0);
        snprintf(path, sizeof path, "%s/verify.out", dir);
        got = slurp(path);
        assert_string_equal(got, "2 sessions checked, 0 violations\n");
        free(got);
        /* The coordinator moves the matinée to Monday, when the
         * médiathèque is closed and the service does not run. */
        snprintf(path, sizeof path, "%s/out.csv", dir);
        snprintf(cmd, sizeof cmd, "sed -i 's/2027-01-12/2027-01-11/' '%s' && "
                 "'%s' verify '%s' --csv '%s' > '%s/verify.out'", path,
                 planner, db, path, dir);
        assert_int_equal(sh(cmd), 3);
        snprintf(path, sizeof path, "%s/verify.out", dir);
        got = slurp(path);
        assert_non_null(strstr(got, "R3 me-1: Médiathèque de Montcuq is not "
                                    "open on Monday 11/01/2027"));
        assert_non_null(strstr(got, "2 sessions checked, "));
        free(got);
        /* A bad cell: exit 2 and file:line: column. */
        snprintf(path, sizeof path, "%s/out.csv", dir);
        snprintf(cmd, sizeof cmd, "sed -i 's/MED-MONTCUQ/MED-NOWHERE/' '%s' "
                 "&& '%s' verify '%s' --csv '%s' 2> '%s/verify.err'", path,
                 planner, db, path, dir);
        assert_int_equal(sh(cmd), 2);
        snprintf(path, sizeof path, "%s/verify.err", dir);
        got = slurp(path);
        assert_non_null(strstr(got, "out.csv:3: column \"site\": unknown site "
                                    "\"MED-NOWHERE\""));
        free(got);
    }
    free(expected);
    model_plan_free(q);
    model_plan_free(p);
    model_free(m);
    test_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_export_matches_golden_text),
        cmocka_unit_test(excel_fr_export_matches_golden_bytes),
        cmocka_unit_test(dialect_names_parse),
        cmocka_unit_test(excel_fr_export_reads_back_the_same),
        cmocka_unit_test(json_export_parses_back_with_python),
        cmocka_unit_test(empty_plan_exports_valid_json),
        cmocka_unit_test(csv_export_reads_back_the_same),
        cmocka_unit_test(spreadsheet_resave_reads_the_same),
        cmocka_unit_test(every_bad_cell_is_reported_with_line_and_column),
        cmocka_unit_test(missing_required_column_is_reported),
        cmocka_unit_test(empty_file_is_reported),
        cmocka_unit_test(line_numbers_count_line_breaks_inside_cells),
        cmocka_unit_test(broken_quoting_and_encodings_are_reported),
        cmocka_unit_test(missing_file_is_an_io_problem),
        cmocka_unit_test(failed_export_keeps_the_previous_file),
        cmocka_unit_test(stored_plan_exports_and_verifies),
        cmocka_unit_test(tab_separated_file_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
