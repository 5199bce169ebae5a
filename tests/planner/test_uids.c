/* test_uids.c -- plan_keep_uids(): a re-plan keeps the UIDs subscribers
 * know (planner/plan_uids.c).  Plans are built by hand; each case says
 * which old event every new session must be. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner.h"

enum { HJ, FS };          /* services */
enum { MAIRIE, SALLE };   /* sites */

static struct model *build(void)
{
    struct model *m = model_new();
    assert_non_null(m);
    snprintf(m->settings.name, sizeof m->settings.name, "Quercy Blanc");
    const char *site[] = {"MAIRIE", "SALLE"}, *svc[] = {"HJ", "FS"};
    m->n_sites = 2;
    m->sites = calloc(2, sizeof *m->sites);
    m->n_services = 2;
    m->services = calloc(2, sizeof *m->services);
    assert_non_null(m->sites);
    assert_non_null(m->services);
    for (int i = 0; i < 2; i++) {
        m->sites[i].id = strdup(site[i]);
        m->services[i].id = strdup(svc[i]);
        assert_non_null(m->sites[i].id);
        assert_non_null(m->services[i].id);
    }
    return m;
}

static int jan(int d)
{
    return model_date_to_days((struct model_date){2027, 1, d});
}

/* Adds a session named as the solver names it: n-th of its series. */
static void add(struct model_plan *p, const struct model *m, int service,
                int site, int n, int day, enum model_session_status st)
{
    struct model_session s;
    memset(&s, 0, sizeof s);
    ics_session_uid(m, service, site, n, NULL, s.uid);
    s.service = service;
    s.site = site;
    s.day = day;
    s.start = 9 * 60 + 30;
    s.end = 11 * 60 + 30;
    s.vehicle = -1;
    s.status = st;
    assert_int_equal(model_plan_add(p, &s), STATUS_OK);
}

static const char *uid_on(const struct model_plan *p, int service, int site,
                          int day)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        if (p->sessions[i].service == service && p->sessions[i].site == site &&
            p->sessions[i].day == day)
            return p->sessions[i].uid;
    fail_msg("no session on day %d", day);
    return NULL;
}

static const char *name(const struct model *m, int service, int site, int n)
{
    static char buf[4][128];
    static int k;
    k = (k + 1) % 4;
    ics_session_uid(m, service, site, n, NULL, buf[k]);
    return buf[k];
}

/* Each case: the model, the previous plan and the re-plan, made by
 * setup() and freed by teardown(). */
struct fixture {
    struct model *m;
    struct model_plan *prev, *p;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->m = build();
    f->prev = model_plan_new();
    f->p = model_plan_new();
    *state = f;
    return f->prev && f->p ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    model_plan_free(f->prev);
    model_plan_free(f->p);
    model_free(f->m);
    free(f);
    return 0;
}

static void keep(const struct model *m, struct model_plan *p,
                 const struct model_plan *prev)
{
    struct diag err;
    diag_clear(&err);
    assert_ok(plan_keep_uids(m, p, prev, NULL, 0, &err), &err);
    /* Whatever the case, a plan's UIDs stay distinct. */
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t j = i + 1; j < p->n_sessions; j++)
            assert_string_not_equal(p->sessions[i].uid, p->sessions[j].uid);
}

/* The room is booked on the 5th: the new pattern starts a week later, so
 * the solver numbers the 12th as 0 where it was 1. */
static void sessions_that_stay_keep_their_uid(void **state)
{
    struct fixture *f = *state;
    struct model *m = f->m;
    struct model_plan *prev = f->prev, *p = f->p;
    for (int n = 0; n < 4; n++)
        add(prev, m, HJ, MAIRIE, n, jan(5 + 7 * n), SESSION_CONFIRMED);
    for (int n = 0; n < 3; n++)
        add(p, m, HJ, MAIRIE, n, jan(12 + 7 * n), SESSION_CONFIRMED);
    keep(m, p, prev);
    assert_string_equal(uid_on(p, HJ, MAIRIE, jan(12)), name(m, HJ, MAIRIE, 1));
    assert_string_equal(uid_on(p, HJ, MAIRIE, jan(19)), name(m, HJ, MAIRIE, 2));
    assert_string_equal(uid_on(p, HJ, MAIRIE, jan(26)), name(m, HJ, MAIRIE, 3));
}

/* Tuesdays become Thursdays: each old event moves to the new date of the
 * same rank, and no UID of another series is taken. */
static void a_moved_series_takes_its_old_uids_in_date_order(void **state)
{
    struct fixture *f = *state;
    struct model *m = f->m;
    struct model_plan *prev = f->prev, *p = f->p;
    for (int n = 0; n < 3; n++) {
        add(prev, m, HJ, MAIRIE, n, jan(5 + 7 * n), SESSION_CONFIRMED);
        add(prev, m, FS, MAIRIE, n, jan(5 + 7 * n), SESSION_CONFIRMED);
    }
    for (int n = 0; n < 3; n++)
        add(p, m, HJ, MAIRIE, n, jan(7 + 7 * n), SESSION_CONFIRMED);
    add(p, m, FS, MAIRIE, 0, jan(12), SESSION_CONFIRMED);
    keep(m, p, prev);
    for (int n = 0; n < 3; n++)
        assert_string_equal(uid_on(p, HJ, MAIRIE, jan(7 + 7 * n)),
                            name(m, HJ, MAIRIE, n));
    /* FS keeps the 12th as it was (its rank 1), not HJ's. */
    assert_string_equal(uid_on(p, FS, MAIRIE, jan(12)), name(m, FS, MAIRIE, 1));
}

/* A series that grows: the old dates keep theirs, the new ones get
 * numbers no old event has (a cancelled one included), so nothing old is
 * made to move onto them. */
static void a_grown_series_gets_fresh_uids(void **state)
{
    struct fixture *f = *state;
    struct model *m = f->m;
    struct model_plan *prev = f->prev, *p = f->p;
    add(prev, m, HJ, SALLE, 0, jan(5), SESSION_CONFIRMED);
    add(prev, m, HJ, SALLE, 1, jan(19), SESSION_CONFIRMED);
    add(prev, m, HJ, SALLE, 2, jan(26), SESSION_CANCELLED);
    /* The solver's names: 0 on the 5th, 1 on the 12th, 2 on the 19th. */
    add(p, m, HJ, SALLE, 0, jan(5), SESSION_CONFIRMED);
    add(p, m, HJ, SALLE, 1, jan(12), SESSION_CONFIRMED);
    add(p, m, HJ, SALLE, 2, jan(19), SESSION_CONFIRMED);
    keep(m, p, prev);
    assert_string_equal(uid_on(p, HJ, SALLE, jan(5)), name(m, HJ, SALLE, 0));
    assert_string_equal(uid_on(p, HJ, SALLE, jan(19)), name(m, HJ, SALLE, 1));
    /* The cancelled event of the 26th is the series' one left over: the
     * 12th takes it (re-published), rather than a fourth name. */
    assert_string_equal(uid_on(p, HJ, SALLE, jan(12)), name(m, HJ, SALLE, 2));
}

/* More new dates than old events: past the old ones, the next numbers
 * no old event holds. */
static void past_the_old_events_numbers_are_new(void **state)
{
    struct fixture *f = *state;
    struct model *m = f->m;
    struct model_plan *prev = f->prev, *p = f->p;
    add(prev, m, HJ, SALLE, 0, jan(19), SESSION_CONFIRMED);
    for (int n = 0; n < 3; n++)
        add(p, m, HJ, SALLE, n, jan(5 + 7 * n), SESSION_CONFIRMED);
    keep(m, p, prev);
    assert_string_equal(uid_on(p, HJ, SALLE, jan(19)), name(m, HJ, SALLE, 0));
    assert_string_equal(uid_on(p, HJ, SALLE, jan(5)), name(m, HJ, SALLE, 1));
    assert_string_equal(uid_on(p, HJ, SALLE, jan(12)), name(m, HJ, SALLE, 2));
}

static void no_previous_plan_changes_nothing(void **state)
{
    struct fixture *f = *state;
    add(f->p, f->m, FS, SALLE, 0, jan(5), SESSION_CONFIRMED);
    keep(f->m, f->p, NULL);
    assert_string_equal(f->p->sessions[0].uid, name(f->m, FS, SALLE, 0));
}

/* Another horizon's events (taken) are neither matched nor re-used: the
 * first plan of a new quarter numbers its series after them, and the
 * series of another site keeps the solver's numbers. */
static void a_new_horizon_numbers_after_the_other_horizons(void **state)
{
    struct fixture *f = *state;
    struct model *m = f->m;
    const char *taken[3];
    char t[3][128];
    for (int n = 0; n < 3; n++) {
        ics_session_uid(m, HJ, MAIRIE, n, NULL, t[n]);
        taken[n] = t[n];
    }
    int apr = model_date_to_days((struct model_date){2027, 4, 6});
    for (int n = 0; n < 2; n++) {
        add(f->p, m, HJ, MAIRIE, n, apr + 7 * n, SESSION_CONFIRMED);
        add(f->p, m, FS, SALLE, n, apr + 7 * n, SESSION_CONFIRMED);
    }
    struct diag err;
    diag_clear(&err);
    assert_ok(plan_keep_uids(m, f->p, NULL, taken, 3, &err), &err);
    assert_string_equal(uid_on(f->p, HJ, MAIRIE, apr), name(m, HJ, MAIRIE, 3));
    assert_string_equal(uid_on(f->p, HJ, MAIRIE, apr + 7), name(m, HJ, MAIRIE, 4));
    assert_string_equal(uid_on(f->p, FS, SALLE, apr), name(m, FS, SALLE, 0));
    assert_string_equal(uid_on(f->p, FS, SALLE, apr + 7), name(m, FS, SALLE, 1));
}

#define CASE(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        CASE(sessions_that_stay_keep_their_uid),
        CASE(a_moved_series_takes_its_old_uids_in_date_order),
        CASE(a_grown_series_gets_fresh_uids),
        CASE(past_the_old_events_numbers_are_new),
        CASE(no_previous_plan_changes_nothing),
        CASE(a_new_horizon_numbers_after_the_other_horizons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
