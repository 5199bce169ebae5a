/* store_fixture.h -- helpers shared by the tests of store/ (see
 * store_fixture.c).  Every test runs in a fresh folder: store_setup()
 * puts a struct fixture in *state, store_teardown() removes the folder. */
#ifndef PLANNER_STORE_FIXTURE_H
#define PLANNER_STORE_FIXTURE_H

#include "store.h"
#include "test_support.h"

#include <sqlite3.h>

struct fixture {
    char dir[512];
    char path[600];        /* dir/project.sqlite, not created... */
    /* ...or, with store_setup_base, open with build_model() imported as
     * scenario "base" and a busy calendar (conges.ics, garage.ics) at
     * hand.  A test that closes s sets it to NULL. */
    struct store *s;
    struct model *m;
    struct busy_files {
        struct model_busy conges[2], garage[1];
    } busy;
};
int store_setup(void **state);
int store_setup_base(void **state);
int store_teardown(void **state);
#define STORE_TEST(fn) cmocka_unit_test_setup_teardown(fn, store_setup, store_teardown)
#define STORE_TEST_BASE(fn)                                                \
    cmocka_unit_test_setup_teardown(fn, store_setup_base, store_teardown)

char *xs(const char *s);   /* strdup that cannot fail the test silently */
struct model_window win(int wd, int start, int end);

/* 3 communes, 3 sites, 2 staff, 1 vehicle, 2 services, a target, a
 * travel row, a demand row, skills, tags and sectors; model_rows() is
 * the number of rows its import writes. */
struct model *build_model(void);
int model_rows(void);
/* Every field of every struct, exactly (doubles with ==); not dir. */
void assert_models_equal(const struct model *a, const struct model *b);

struct store *open_store(const char *path, bool create);
void import_ok(struct store *s, const char *scenario, const struct model *m,
               struct store_import_counts *c);
void assert_counts(struct store_import_counts c, int ins, int upd, int del,
                   int same);
/* The scenario loads back as m, field by field... */
void assert_stored_equals(struct store *s, const char *scenario,
                          const struct model *m);
/* ...as m with these busy periods. */
void assert_stored_with_busy(struct store *s, const char *scenario,
                             const struct model *m,
                             const struct model_busy *busy, size_t n);

/* Through a second connection: one integer of a query, a statement's
 * SQLite code, and every row of every table with its type as text. */
long long raw_int(const char *path, const char *sql);
int raw_exec(const char *path, const char *sql);
char *dump(const char *path);

/* A confirmed session of the test model (staff1 or vehicle -1: none). */
struct model_session session(const char *uid, int service, int site, int day,
                             int start, int staff0, int staff1, int vehicle);
struct model_plan *new_plan(int day0, long long created_at);
const struct model_session *find_uid(const struct model_plan *p, const char *uid);
void add(struct model_plan *p, struct model_session x);
void assert_plans_equal(const struct model_plan *a, const struct model_plan *b);

struct model_holiday_period period(char zone, const char *first,
                                   const char *last, const char *label);

/* Two calendars of leave (conges.ics, garage.ics) for the test model. */
void busy_files_init(struct busy_files *b);
void busy_files_free(struct busy_files *b);

#endif
