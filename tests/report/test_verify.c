/* test_verify.c -- verify_plan() against docs/rules.md, rule by rule.
 *
 * A small territory built in C (two communes 22 minutes apart by
 * travel.csv, three sites with opening windows, three staff members with
 * half-days and contracts, a van, a morning halte-jeux and a France
 * Services permanence that needs the van) and hand-made plans.  For every
 * rule R1..R11 there is a plan that breaks exactly that rule and a nearby
 * plan, one minute or one unit away, that passes: the boundaries are where
 * a solver and a checker disagree.
 *
 * Dates: January 2027; 2027-01-12 is a Tuesday.  Local times only: the
 * rules never look at UTC, so DST cannot matter (one test puts sessions on
 * the last Sunday of March to show it).
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "store.h"

enum { C_MONTCUQ, C_LEBREIL };
enum { S_MAIRIE, S_LEBREIL, S_MEDIATHEQUE };
enum { P_LEA, P_PAUL, P_NINA };
enum { SV_HALTE, SV_FS };

#define HM(h, m) ((h) * 60 + (m))
#define WEEKDAYS_ALL 0x3ffu /* Monday..Friday, both half-days */

static int day_of(int y, int mo, int d)
{
    return model_date_to_days((struct model_date){y, mo, d});
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

static struct model_window *windows(size_t n, const struct model_window *w)
{
    struct model_window *a = calloc(n, sizeof *a);
    assert_non_null(a);
    memcpy(a, w, n * sizeof *a);
    return a;
}

/* The territory.  Every char * on the heap: model_free() frees them. */
static struct model *build(void)
{
    struct model *m = model_new();
    assert_non_null(m);
    snprintf(m->settings.name, sizeof m->settings.name, "Test");
    m->settings.school_zone = 'C';

    m->n_communes = 2;
    m->communes = calloc(2, sizeof *m->communes);
    const struct { const char *insee, *name; double lat, lon; } cm[] = {
        {"46201", "Montcuq-en-Quercy-Blanc", 44.338, 1.209},
        {"46156", "Lebreil", 44.300, 1.120},
    };
    for (int i = 0; i < 2; i++) {
        struct model_commune *c = &m->communes[i];
        snprintf(c->insee, sizeof c->insee, "%s", cm[i].insee);
        c->name = xstrdup(cm[i].name);
        c->sector = xstrdup("");
        c->aliases = xstrdup("");
        c->population = 1000;
        c->lat = cm[i].lat;
        c->lon = cm[i].lon;
    }
    /* Road time between the two communes, as travel.csv gives it. */
    m->n_travel = 1;
    m->travel = calloc(1, sizeof *m->travel);
    m->travel[0] = (struct model_travel){C_MONTCUQ, C_LEBREIL, 15.0, 22.0};

    m->tag_names[0] = xstrdup("under3");
    m->n_tags = 1;
    m->skill_names[0] = xstrdup("EJE");
    m->n_skills = 1;

    m->n_sites = 3;
    m->sites = calloc(3, sizeof *m->sites);
    const struct model_window weekdays_8_18[] = {
        {0, HM(8, 0), HM(18, 0)}, {1, HM(8, 0), HM(18, 0)},
        {2, HM(8, 0), HM(18, 0)}, {3, HM(8, 0), HM(18, 0)},
        {4, HM(8, 0), HM(18, 0)}, {6, HM(8, 0), HM(18, 0)},
    };
    const struct model_window lebreil[] = {
        {1, HM(9, 0), HM(18, 0)}, {3, HM(9, 0), HM(18, 0)},
    };
    struct model_site *s = &m->sites[S_MAIRIE];
    s->id = xstrdup("MAIRIE");
    s->name = xstrdup("Mairie de Montcuq");
    s->address = xstrdup("");
    s->commune = C_MONTCUQ;
    s->lat = 44.338, s->lon = 1.209;
    s->kind = SITE_MAIRIE;
    s->open = windows(6, weekdays_8_18);
    s->n_open = 6;
    s = &m->sites[S_LEBREIL];
    s->id = xstrdup("LEBREIL");
    s->name = xstrdup("Salle des fêtes de Lebreil");
    s->address = xstrdup("");
    s->commune = C_LEBREIL;
    s->lat = 44.300, s->lon = 1.120;
    s->kind = SITE_SALLE_DES_FETES;
    s->tags = 1;
    s->open = windows(2, lebreil);
    s->n_open = 2;
    s = &m->sites[S_MEDIATHEQUE];
    s->id = xstrdup("MEDIA");
    s->name = xstrdup("Médiathèque de Montcuq");
    s->address = xstrdup("");
    s->commune = C_MONTCUQ;
    s->lat = 44.338, s->lon = 1.209;   /* same point as the mairie */
    s->kind = SITE_MEDIATHEQUE;
    s->tags = 1;

    m->n_staff = 3;
    m->staff = calloc(3, sizeof *m->staff);
    const struct { const char *id, *name; uint64_t skills; uint32_t half;
                   bool licence; int site; } st[] = {
        {"P1", "Léa Martin", 1, WEEKDAYS_ALL | MODEL_HALF_AM(6) |
                                    MODEL_HALF_PM(6), true, S_MAIRIE},
        {"P2", "Paul Durand", 0, 0x155u /* Mon..Fri mornings */, false,
         S_MAIRIE},
        {"P3", "Nina Roux", 1, WEEKDAYS_ALL, true, S_LEBREIL},
    };
    for (int i = 0; i < 3; i++) {
        struct model_staff *p = &m->staff[i];
        p->id = xstrdup(st[i].id);
        p->name = xstrdup(st[i].name);
        p->role = xstrdup("");
        p->employer = xstrdup("");
        p->skills = st[i].skills;
        p->base_site = st[i].site;
        p->base_commune = m->sites[st[i].site].commune;
        p->base_lat = m->sites[st[i].site].lat;
        p->base_lon = m->sites[st[i].site].lon;
        p->weekly_minutes = 35 * 60;
        p->halfdays = st[i].half;
        p->licence = st[i].licence;
        p->max_drive_minutes = 120;
    }

    m->n_vehicles = 1;
    m->vehicles = calloc(1, sizeof *m->vehicles);
    m->vehicles[0].id = xstrdup("V1");
    m->vehicles[0].kind = xstrdup("van");
    m->vehicles[0].seats = 9;
    m->vehicles[0].base_site = S_MAIRIE;
    m->vehicles[0].halfdays = MODEL_ALL_WEEK;

    m->n_services = 2;
    m->services = calloc(2, sizeof *m->services);
    struct model_service *v = &m->services[SV_HALTE];
    v->id = xstrdup("HJ");
    v->name = xstrdup("Halte-jeux");
    v->audience_text = xstrdup("");
    v->vehicle_kind = xstrdup("");
    v->booking = xstrdup("");
    v->category = xstrdup("");
    v->duration = 120;
    v->setup = 30;
    v->teardown = 15;
    v->skills = 1;
    v->staff_count = 1;
    v->site_tags = 1;
    v->halfdays = 0x155u | MODEL_HALF_AM(6);   /* mornings */
    const struct model_window hj[] = {
        {0, HM(8, 30), HM(12, 30)}, {1, HM(8, 30), HM(12, 30)},
        {2, HM(8, 30), HM(12, 30)}, {3, HM(8, 30), HM(12, 30)},
        {4, HM(8, 30), HM(12, 30)}, {6, HM(8, 30), HM(12, 30)},
    };
    v->windows = windows(6, hj);
    v->n_windows = 6;
    v->public_holidays = HOL_SKIP;
    v->school_holidays = HOL_SKIP;
    v = &m->services[SV_FS];
    v->id = xstrdup("FS");
    v->name = xstrdup("France Services");
    v->audience_text = xstrdup("");
    v->vehicle_kind = xstrdup("van");
    v->booking = xstrdup("");
    v->category = xstrdup("");
    v->duration = 180;
    v->setup = 10;
    v->teardown = 10;
    v->staff_count = 1;
    v->site_kinds = (1u << SITE_MAIRIE) | (1u << SITE_SALLE_DES_FETES);
    /* Every weekday half-day but Wednesday afternoon. */
    v->halfdays = WEEKDAYS_ALL & ~MODEL_HALF_PM(2);
    v->public_holidays = HOL_SKIP;
    v->school_holidays = HOL_OPEN;
    return m;
}

static struct model_plan *new_plan(void)
{
    struct model_plan *p = model_plan_new();
    assert_non_null(p);
    p->horizon_start = day_of(2027, 1, 4);
    p->horizon_end = day_of(2027, 3, 31);
    return p;
}

static void add(struct model_plan *p, const char *uid, int service, int site,
                int day, int start, int staff1, int staff2, int vehicle)
{
    struct model_session s;
    memset(&s, 0, sizeof s);
    snprintf(s.uid, sizeof s.uid, "%s", uid);
    s.service = service;
    s.site = site;
    s.day = day;
    s.start = start;
    s.end = start + (service == SV_HALTE ? 120 : 180);
    s.staff[s.n_staff++] = staff1;
    if (staff2 >= 0)
        s.staff[s.n_staff++] = staff2;
    s.vehicle = vehicle;
    s.status = SESSION_CONFIRMED;
    assert_int_equal(model_plan_add(p, &s), STATUS_OK);
}

/* Runs verify and prints the violations (so a failing test says why). */
static struct verify_report run(const struct model *m,
                                const struct cal_closures *c,
                                const struct model_plan *p)
{
    struct verify_report r;
    struct diag err;
    diag_clear(&err);
    assert_ok(verify_plan(m, c, p, &r, &err), &err);
    for (size_t i = 0; i < r.count; i++)
        print_message("# R%d %s: %s\n", (int)r.items[i].rule, r.items[i].uid,
                      r.items[i].message);
    return r;
}

static void expect_clean(const struct model *m, const struct model_plan *p)
{
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 0);
    verify_report_free(&r);
}

/* Exactly the rule, at least once, and nothing else. */
static void expect_only(const struct model *m, const struct cal_closures *c,
                        const struct model_plan *p, enum verify_rule rule,
                        const char *uid)
{
    struct verify_report r = run(m, c, p);
    assert_true(r.count >= 1);
    for (size_t i = 0; i < r.count; i++) {
        assert_int_equal(r.items[i].rule, rule);
        if (uid)
            assert_string_equal(r.items[i].uid, uid);
    }
    verify_report_free(&r);
}

static bool report_has(const struct verify_report *r, const char *needle)
{
    for (size_t i = 0; i < r->count; i++)
        if (strstr(r->items[i].message, needle))
            return true;
    return false;
}

#define TUESDAY day_of(2027, 1, 12)
#define WEDNESDAY day_of(2027, 1, 13)
#define THURSDAY day_of(2027, 1, 14)

/* A day of the Léa's Tuesday: halte-jeux at the médiathèque 08:30-10:30
 * (on site 08:00-10:45), then France Services at Lebreil with the van,
 * 22 minutes away: on site from 11:07 at the earliest, so 11:17. */
static struct model_plan *tuesday(int fs_start)
{
    struct model_plan *p = new_plan();
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, TUESDAY, HM(8, 30), P_LEA, -1, -1);
    add(p, "fs-1", SV_FS, S_LEBREIL, TUESDAY, fs_start, P_LEA, -1, 0);
    return p;
}

/* ---------------------------------------------------------------- */

static void empty_plan_is_clean(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.sessions_checked, 0);
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

static void reachable_day_is_clean(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = tuesday(HM(11, 17));
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.sessions_checked, 2);
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

/* R1 */
static void session_after_horizon_breaks_r1(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    p->horizon_end = THURSDAY;
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, THURSDAY, HM(9, 0), P_LEA, -1, -1);
    expect_clean(m, p);
    p->horizon_end = WEDNESDAY;
    expect_only(m, NULL, p, RULE_HORIZON, "hj-1");
    p->horizon_end = THURSDAY;
    p->horizon_start = day_of(2027, 1, 15);
    expect_only(m, NULL, p, RULE_HORIZON, "hj-1");
    model_plan_free(p);
    model_free(m);
}

/* R2: duration */
static void wrong_duration_breaks_r2(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, TUESDAY, HM(9, 0), P_LEA, -1, -1);
    expect_clean(m, p);
    p->sessions[0].end -= 1;
    expect_only(m, NULL, p, RULE_SERVICE_FIT, "hj-1");
    model_plan_free(p);
    model_free(m);
}

/* R2: the public part must lie in one of the service's windows. */
static void session_past_its_window_breaks_r2(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, TUESDAY, HM(10, 30), P_LEA, -1, -1);
    expect_clean(m, p);   /* ends 12:30, the window's end */
    p->sessions[0].start += 1;
    p->sessions[0].end += 1;
    expect_only(m, NULL, p, RULE_SERVICE_FIT, "hj-1");
    model_plan_free(p);
    model_free(m);
}

/* R2: site tags, kinds and communes. */
static void site_that_does_not_fit_breaks_r2(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    /* Tags: the mairie is not "under3". */
    add(p, "hj-1", SV_HALTE, S_MAIRIE, TUESDAY, HM(9, 0), P_LEA, -1, -1);
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_SERVICE_FIT);
    assert_true(report_has(&r, "\"under3\""));
    verify_report_free(&r);
    p->sessions[0].site = S_MEDIATHEQUE;
    expect_clean(m, p);
    model_plan_free(p);

    /* Kinds: France Services is for mairies and salles des fêtes. */
    p = new_plan();
    add(p, "fs-1", SV_FS, S_MAIRIE, TUESDAY, HM(9, 0), P_LEA, -1, 0);
    expect_clean(m, p);
    p->sessions[0].site = S_MEDIATHEQUE;
    expect_only(m, NULL, p, RULE_SERVICE_FIT, "fs-1");

    /* Communes: restricted to Lebreil. */
    p->sessions[0].site = S_MAIRIE;
    m->services[SV_FS].communes = calloc(1, sizeof(int));
    m->services[SV_FS].communes[0] = C_LEBREIL;
    m->services[SV_FS].n_communes = 1;
    expect_only(m, NULL, p, RULE_SERVICE_FIT, "fs-1");
    m->services[SV_FS].communes[0] = C_MONTCUQ;
    expect_clean(m, p);
    model_plan_free(p);
    model_free(m);
}

/* R2: half-days touched by the on-site interval, with the noon boundary:
 * France Services does not run on Wednesday afternoons. */
static void session_touching_a_closed_half_day_breaks_r2(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    /* 09:50-12:50, pack-up until 13:00 = MODEL_NOON: morning only. */
    add(p, "fs-1", SV_FS, S_MAIRIE, WEDNESDAY, HM(9, 50), P_LEA, -1, 0);
    expect_clean(m, p);
    p->sessions[0].start += 1;
    p->sessions[0].end += 1;
    expect_only(m, NULL, p, RULE_SERVICE_FIT, "fs-1");
    model_plan_free(p);
    model_free(m);
}

/* R2: set-up before midnight is outside the day. */
static void session_outside_the_day_breaks_r2(void **state)
{
    (void)state;
    struct model *m = build();
    m->services[SV_HALTE].n_windows = 0;
    m->sites[S_MEDIATHEQUE].n_open = 0;
    m->services[SV_HALTE].halfdays = MODEL_ALL_WEEK;
    m->staff[P_LEA].halfdays = MODEL_ALL_WEEK;
    struct model_plan *p = new_plan();
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, TUESDAY, HM(0, 30), P_LEA, -1, -1);
    expect_clean(m, p);
    p->sessions[0].start -= 1;
    p->sessions[0].end -= 1;
    expect_only(m, NULL, p, RULE_SERVICE_FIT, "hj-1");
    model_plan_free(p);
    model_free(m);
}

/* R3: set-up must start when the room opens (Lebreil: 09:00 Tuesdays). */
static void setup_before_the_room_opens_breaks_r3(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "hj-1", SV_HALTE, S_LEBREIL, TUESDAY, HM(9, 30), P_LEA, -1, -1);
    expect_clean(m, p);
    p->sessions[0].start -= 1;
    p->sessions[0].end -= 1;
    expect_only(m, NULL, p, RULE_SITE_OPEN, "hj-1");
    /* Closed on Wednesdays. */
    p->sessions[0].day = WEDNESDAY;
    p->sessions[0].start = HM(9, 30);
    p->sessions[0].end = HM(11, 30);
    expect_only(m, NULL, p, RULE_SITE_OPEN, "hj-1");
    model_plan_free(p);
    model_free(m);
}

/* R4: Lundi de Pâques 2027 is 29 March. */
static void public_holiday_breaks_r4(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    int easter_monday = day_of(2027, 3, 29);
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, easter_monday, HM(9, 0), P_LEA,
        -1, -1);
    /* Without closure data public holidays are still known. */
    expect_only(m, NULL, p, RULE_CLOSURE, "hj-1");
    struct cal_closures *c;
    struct diag err;
    assert_ok(cal_closures_new('C', p->horizon_start, p->horizon_end, NULL, 0,
                               false, &c, &err), &err);
    expect_only(m, c, p, RULE_CLOSURE, "hj-1");
    struct verify_report r = run(m, c, p);
    assert_true(report_has(&r, "Lundi de Pâques"));
    assert_true(report_has(&r, "29/03/2027"));
    verify_report_free(&r);
    p->sessions[0].day = easter_monday + 1;
    expect_clean(m, p);
    p->sessions[0].day = easter_monday;
    m->services[SV_HALTE].public_holidays = HOL_OPEN;
    r = run(m, c, p);
    assert_int_equal(r.count, 0);
    verify_report_free(&r);
    /* A moved session must not land on a closed day either. */
    m->services[SV_HALTE].public_holidays = HOL_MOVE;
    expect_only(m, c, p, RULE_CLOSURE, "hj-1");
    cal_closures_free(c);
    model_plan_free(p);
    model_free(m);
}

/* R4: school holidays, known only from the closures. */
static void school_holiday_breaks_r4(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    struct cal_closures *c;
    struct diag err;
    assert_ok(cal_closures_new('C', p->horizon_start, p->horizon_end, NULL, 0,
                               false, &c, &err), &err);
    /* The first Tuesday of the zone C winter holidays, and the Tuesday
     * before (a school day). */
    int hol = -1;
    for (int d = p->horizon_start; d <= p->horizon_end && hol < 0; d++)
        if (model_date_weekday(d) == 1 && cal_school_holiday(c, d) &&
            !cal_public_holiday(c, d))
            hol = d;
    assert_true(hol > 0);
    assert_null(cal_school_holiday(c, hol - 7));
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, hol, HM(9, 0), P_LEA, -1, -1);
    expect_only(m, c, p, RULE_CLOSURE, "hj-1");
    expect_clean(m, p);   /* no closure data: not checked */
    m->services[SV_HALTE].school_holidays = HOL_OPEN;
    struct verify_report r = run(m, c, p);
    assert_int_equal(r.count, 0);
    verify_report_free(&r);
    m->services[SV_HALTE].school_holidays = HOL_SKIP;
    p->sessions[0].day = hol - 7;
    r = run(m, c, p);
    assert_int_equal(r.count, 0);
    verify_report_free(&r);
    cal_closures_free(c);
    model_plan_free(p);
    model_free(m);
}

/* R5: head-count, skills, duplicates. */
static void wrong_team_breaks_r5(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, TUESDAY, HM(9, 0), P_PAUL, -1, -1);
    struct verify_report r = run(m, NULL, p);   /* Paul is not an EJE */
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_TEAM);
    assert_true(report_has(&r, "Paul Durand cannot run Halte-jeux"));
    assert_true(report_has(&r, "\"EJE\""));
    verify_report_free(&r);
    p->sessions[0].staff[0] = P_NINA;
    expect_clean(m, p);
    /* Two where one is needed. */
    p->sessions[0].staff[1] = P_LEA;
    p->sessions[0].n_staff = 2;
    expect_only(m, NULL, p, RULE_TEAM, "hj-1");
    /* Two needed, the same person twice. */
    m->services[SV_HALTE].staff_count = 2;
    p->sessions[0].staff[1] = P_NINA;
    expect_only(m, NULL, p, RULE_TEAM, "hj-1");
    p->sessions[0].staff[1] = P_LEA;
    expect_clean(m, p);
    model_plan_free(p);
    model_free(m);
}

/* R5: a vehicle of the right kind, and a driver. */
static void missing_vehicle_or_driver_breaks_r5(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "fs-1", SV_FS, S_MAIRIE, TUESDAY, HM(9, 0), P_PAUL, -1, 0);
    /* Paul may not drive. */
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_TEAM);
    assert_true(report_has(&r, "licence"));
    verify_report_free(&r);
    m->staff[P_PAUL].licence = true;
    expect_clean(m, p);
    p->sessions[0].vehicle = -1;
    expect_only(m, NULL, p, RULE_TEAM, "fs-1");
    p->sessions[0].vehicle = 0;
    free(m->vehicles[0].kind);
    m->vehicles[0].kind = xstrdup("car");
    expect_only(m, NULL, p, RULE_TEAM, "fs-1");
    model_plan_free(p);
    model_free(m);
}

/* R6: working half-days (Paul works mornings), boundary at noon. */
static void staff_off_that_half_day_breaks_r6(void **state)
{
    (void)state;
    struct model *m = build();
    m->staff[P_PAUL].licence = true;
    struct model_plan *p = new_plan();
    /* 09:50-12:50 + 10 min pack-up = 13:00: still the morning. */
    add(p, "fs-1", SV_FS, S_MAIRIE, TUESDAY, HM(9, 50), P_PAUL, -1, 0);
    expect_clean(m, p);
    p->sessions[0].start += 1;
    p->sessions[0].end += 1;
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_STAFF_AVAILABLE);
    assert_true(report_has(&r, "Paul Durand does not work on Tuesday "
                               "afternoon"));
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

/* R6: leave imported from a calendar (busy 08:00-10:00 on Thursday). */
static void staff_on_leave_breaks_r6(void **state)
{
    (void)state;
    struct model *m = build();
    m->n_busy = 1;
    m->busy = calloc(1, sizeof *m->busy);
    m->busy[0].kind = BUSY_STAFF;
    m->busy[0].who = P_LEA;
    m->busy[0].start = (long long)THURSDAY * 1440 + HM(8, 0);
    m->busy[0].end = (long long)THURSDAY * 1440 + HM(10, 0);
    m->busy[0].summary = xstrdup("Formation");
    struct model_plan *p = new_plan();
    /* Set-up from 10:00: the leave ends exactly then. */
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, THURSDAY, HM(10, 30), P_LEA, -1,
        -1);
    expect_clean(m, p);
    p->sessions[0].start -= 1;
    p->sessions[0].end -= 1;
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_STAFF_AVAILABLE);
    assert_true(report_has(&r, "Formation"));
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

/* R7: the next set-up starts exactly when pack-up plus travel ends. */
static void unreachable_next_session_breaks_r7(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = tuesday(HM(11, 17));
    expect_clean(m, p);
    model_plan_free(p);
    p = tuesday(HM(11, 16));
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_STAFF_OVERLAP);
    assert_string_equal(r.items[0].uid, "fs-1");
    assert_string_equal(r.items[0].message,
                        "Léa Martin cannot be at Salle des fêtes de Lebreil "
                        "at 11:06 on 12/01/2027 (France Services at 11:16, "
                        "with set-up): the session at Médiathèque de Montcuq "
                        "ends at 10:30 (+15 min pack-up, 22 min drive)");
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

/* R7: two sessions at once, same place. */
static void overlapping_sessions_break_r7(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "fs-1", SV_FS, S_MAIRIE, TUESDAY, HM(8, 10), P_LEA, -1, 0);
    add(p, "fs-2", SV_FS, S_MAIRIE, TUESDAY, HM(11, 29), P_LEA, -1, 0);
    /* On site 08:00-11:20, then from 11:19: Léa, the van and the room. */
    struct verify_report r = run(m, NULL, p);
    int r7 = 0;
    for (size_t i = 0; i < r.count; i++)
        r7 += r.items[i].rule == RULE_STAFF_OVERLAP;
    assert_int_equal(r7, 1);
    verify_report_free(&r);
    p->sessions[1].start = HM(11, 30);
    p->sessions[1].end = HM(14, 30);
    expect_clean(m, p);
    model_plan_free(p);
    model_free(m);
}

/* R8: the day route is base -> médiathèque (0) -> Lebreil (22) -> base
 * (22) = 44 minutes. */
static void long_drive_breaks_r8(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = tuesday(HM(11, 17));
    m->staff[P_LEA].max_drive_minutes = 44;
    expect_clean(m, p);
    m->staff[P_LEA].max_drive_minutes = 43;
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_DAILY_DRIVING);
    assert_true(report_has(&r, "drives 44 min on 12/01/2027"));
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

/* R9: on site 165 + 200 minutes, driving 44: 409 minutes that week. */
static void weekly_hours_over_contract_break_r9(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = tuesday(HM(11, 17));
    m->staff[P_LEA].weekly_minutes = 409;
    expect_clean(m, p);
    m->staff[P_LEA].weekly_minutes = 408;
    expect_only(m, NULL, p, RULE_WEEKLY_HOURS, "fs-1");
    /* The same sessions in two ISO weeks (Sunday 17, Monday 18 January)
     * fit a 409-minute week each. */
    model_plan_free(p);
    p = new_plan();
    m->staff[P_LEA].weekly_minutes = 200;
    add(p, "fs-1", SV_FS, S_MAIRIE, day_of(2027, 1, 17), HM(9, 0), P_LEA, -1,
        0);
    add(p, "fs-2", SV_FS, S_MAIRIE, day_of(2027, 1, 18), HM(9, 0), P_LEA, -1,
        0);
    m->services[SV_FS].halfdays = MODEL_ALL_WEEK;
    expect_clean(m, p);
    p->sessions[0].day = day_of(2027, 1, 19);
    expect_only(m, NULL, p, RULE_WEEKLY_HOURS, NULL);
    model_plan_free(p);
    model_free(m);
}

/* R10: one van, two teams: the second one cannot have it before it comes
 * back from the mairie (11:40 + 22 min = 12:02 on site at Lebreil). */
static void vehicle_in_two_places_breaks_r10(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "fs-1", SV_FS, S_MAIRIE, TUESDAY, HM(8, 30), P_LEA, -1, 0);
    add(p, "fs-2", SV_FS, S_LEBREIL, TUESDAY, HM(12, 12), P_NINA, -1, 0);
    expect_clean(m, p);
    p->sessions[1].start -= 1;
    p->sessions[1].end -= 1;
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].rule, RULE_VEHICLE);
    assert_string_equal(r.items[0].uid, "fs-2");
    assert_true(report_has(&r, "vehicle V1 cannot be at Salle des fêtes de "
                               "Lebreil at 12:01"));
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

/* R10: a vehicle given to a service that needs none is still checked. */
static void optional_vehicle_is_still_checked_by_r10(void **state)
{
    (void)state;
    struct model *m = build();
    m->vehicles[0].halfdays = MODEL_ALL_WEEK & ~MODEL_HALF_AM(1);
    struct model_plan *p = new_plan();
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, TUESDAY, HM(9, 0), P_LEA, -1, -1);
    expect_clean(m, p);
    p->sessions[0].vehicle = 0;
    expect_only(m, NULL, p, RULE_VEHICLE, "hj-1");
    p->sessions[0].day = WEDNESDAY;
    expect_clean(m, p);
    /* Booked for a minibus run on Wednesday morning. */
    m->n_busy = 1;
    m->busy = calloc(1, sizeof *m->busy);
    m->busy[0].kind = BUSY_VEHICLE;
    m->busy[0].who = 0;
    m->busy[0].start = (long long)WEDNESDAY * 1440 + HM(11, 15);
    m->busy[0].end = (long long)WEDNESDAY * 1440 + HM(12, 0);
    m->busy[0].summary = xstrdup("Navette ALSH");
    expect_clean(m, p);   /* pack-up ends 11:15 */
    p->sessions[0].start += 1;
    p->sessions[0].end += 1;
    expect_only(m, NULL, p, RULE_VEHICLE, "hj-1");
    model_plan_free(p);
    model_free(m);
}

/* R11: one room, two services; and a room booking. */
static void shared_room_breaks_r11(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    /* Halte-jeux on site 09:00-11:45, France Services from 11:45. */
    add(p, "hj-1", SV_HALTE, S_LEBREIL, TUESDAY, HM(9, 30), P_LEA, -1, -1);
    add(p, "fs-1", SV_FS, S_LEBREIL, TUESDAY, HM(11, 55), P_NINA, -1, 0);
    expect_clean(m, p);
    p->sessions[1].start -= 1;
    p->sessions[1].end -= 1;
    expect_only(m, NULL, p, RULE_ROOM, "fs-1");
    /* The room is booked from 15:05: France Services packs up at 15:05. */
    p->sessions[1].start = HM(11, 55);
    p->sessions[1].end = HM(14, 55);
    m->n_busy = 1;
    m->busy = calloc(1, sizeof *m->busy);
    m->busy[0].kind = BUSY_SITE;
    m->busy[0].who = S_LEBREIL;
    m->busy[0].start = (long long)TUESDAY * 1440 + HM(15, 5);
    m->busy[0].end = (long long)TUESDAY * 1440 + HM(18, 0);
    m->busy[0].summary = xstrdup("Club des aînés");
    expect_clean(m, p);
    m->busy[0].start -= 1;
    expect_only(m, NULL, p, RULE_ROOM, "fs-1");
    model_plan_free(p);
    model_free(m);
}

/* Cancelled sessions are ignored by every rule. */
static void cancelled_sessions_are_ignored(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = tuesday(HM(11, 17));
    add(p, "hj-2", SV_HALTE, S_MAIRIE, day_of(2027, 3, 29), HM(7, 0), P_PAUL,
        -1, 0);
    p->sessions[2].status = SESSION_CANCELLED;
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.sessions_checked, 2);
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

/* Sessions on the Sunday clocks go forward (28 March 2027) are checked
 * in local minutes like any other day. */
static void dst_sunday_is_an_ordinary_day(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    int sunday = day_of(2027, 3, 28);
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, sunday, HM(8, 30), P_LEA, -1, -1);
    add(p, "hj-2", SV_HALTE, S_MEDIATHEQUE, sunday, HM(10, 30), P_LEA, -1, -1);
    /* Back-to-back in one room: 08:00-10:45 then 10:00-12:45. */
    struct verify_report r = run(m, NULL, p);
    assert_int_equal(r.count, 2);   /* Léa (R7) and the room (R11) */
    verify_report_free(&r);
    p->n_sessions = 1;
    expect_clean(m, p);
    model_plan_free(p);
    model_free(m);
}

/* A session naming things that are not in the model is reported, not a
 * crash. */
static void dangling_references_are_violations(void **state)
{
    (void)state;
    struct model *m = build();
    struct model_plan *p = new_plan();
    add(p, "x-1", 7, S_MAIRIE, TUESDAY, HM(9, 0), P_LEA, -1, -1);
    add(p, "hj-1", SV_HALTE, S_MEDIATHEQUE, WEDNESDAY, HM(9, 0), 42, -1, 9);
    struct verify_report r = run(m, NULL, p);
    int r2 = 0, r5 = 0, r10 = 0;
    for (size_t i = 0; i < r.count; i++) {
        r2 += r.items[i].rule == RULE_SERVICE_FIT;
        r5 += r.items[i].rule == RULE_TEAM;
        r10 += r.items[i].rule == RULE_VEHICLE;
    }
    assert_int_equal(r2, 1);
    assert_true(r5 >= 1);
    assert_int_equal(r10, 1);
    verify_report_free(&r);
    model_plan_free(p);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_plan_is_clean),
        cmocka_unit_test(reachable_day_is_clean),
        cmocka_unit_test(session_after_horizon_breaks_r1),
        cmocka_unit_test(wrong_duration_breaks_r2),
        cmocka_unit_test(session_past_its_window_breaks_r2),
        cmocka_unit_test(site_that_does_not_fit_breaks_r2),
        cmocka_unit_test(session_touching_a_closed_half_day_breaks_r2),
        cmocka_unit_test(session_outside_the_day_breaks_r2),
        cmocka_unit_test(setup_before_the_room_opens_breaks_r3),
        cmocka_unit_test(public_holiday_breaks_r4),
        cmocka_unit_test(school_holiday_breaks_r4),
        cmocka_unit_test(wrong_team_breaks_r5),
        cmocka_unit_test(missing_vehicle_or_driver_breaks_r5),
        cmocka_unit_test(staff_off_that_half_day_breaks_r6),
        cmocka_unit_test(staff_on_leave_breaks_r6),
        cmocka_unit_test(unreachable_next_session_breaks_r7),
        cmocka_unit_test(overlapping_sessions_break_r7),
        cmocka_unit_test(long_drive_breaks_r8),
        cmocka_unit_test(weekly_hours_over_contract_break_r9),
        cmocka_unit_test(vehicle_in_two_places_breaks_r10),
        cmocka_unit_test(optional_vehicle_is_still_checked_by_r10),
        cmocka_unit_test(shared_room_breaks_r11),
        cmocka_unit_test(cancelled_sessions_are_ignored),
        cmocka_unit_test(dst_sunday_is_an_ordinary_day),
        cmocka_unit_test(dangling_references_are_violations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
