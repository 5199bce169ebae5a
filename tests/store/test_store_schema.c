/* test_store_schema.c -- the schema, its column descriptions and its
 * migrations.
 *
 * The territory tables are read, written and copied from the column
 * descriptions of store/store_tables.c; these tests fail when the schema
 * and the descriptions drift apart (a column added by a migration but not
 * described, a described column the table lacks), and when a SELECT
 * returns other columns than its reader expects.  A project file of
 * schema version 1 (tests/store/data/project-v1.sqlite, written by
 * planner 0.1.0) must keep opening, migrated, with its data, whatever
 * the version of this planner. */
#include "store_fixture.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* The columns of a table in the file, but id and the given ones, joined
 * by ",", in schema order. */
static char *schema_columns(const char *path, const char *table,
                            const char *skip1, const char *skip2)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1)"
                                            " ORDER BY cid", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (strcmp(name, "id") && strcmp(name, skip1) && strcmp(name, skip2))
            fprintf(out, "%s,", name);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    fclose(out);
    return text;
}

static char *described_columns(const struct store_col *cols, size_t n,
                               const char *first)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (first)
        fprintf(out, "%s,", first);
    for (size_t k = 0; k < n; k++)
        fprintf(out, "%s,", cols[k].name);
    fclose(out);
    return text;
}

static void every_territory_column_is_described_in_schema_order(void **state)
{
    struct fixture *f = *state;
    store_close(open_store(f->path, true));
    assert_true(store_n_tables >= 11);
    for (size_t t = 0; t < store_n_tables; t++) {
        const struct store_table *tb = store_tables[t];
        char *in_file = schema_columns(f->path, tb->name, "scenario_id", "");
        char *described = described_columns(tb->cols, tb->n_cols, NULL);
        assert_string_equal(in_file, described);
        free(in_file);
        free(described);
        const char *owner = NULL;
        for (size_t k = 0; k < tb->n_cols && !owner; k++)
            if (tb->cols[k].key)
                owner = tb->cols[k].name;
        for (size_t c = 0; c < tb->n_children; c++) {
            const struct store_child *ch = &tb->children[c];
            in_file = schema_columns(f->path, ch->table, "scenario_id", owner);
            described = described_columns(ch->cols, ch->n_cols, "pos");
            assert_string_equal(in_file, described);
            free(in_file);
            free(described);
        }
    }
}

/* The check made when a SELECT is prepared: its reader reads column i as
 * cols[i]; a statement returning more, fewer or other columns is refused
 * with a message, not read at the wrong positions. */
static void a_select_returning_other_columns_is_refused(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct diag err;
    static const char *const cols[] = {"insee", "name"};
    static const struct store_select good = {cols, 2, "FROM commune"};
    static const struct store_select more = {cols, 2, ", pos FROM commune"};
    static const char *const renamed[] = {"insee", "sector AS name2"};
    static const struct store_select other = {renamed, 2, "FROM commune"};
    assert_non_null(store_select(s, &good));
    assert_null(store_select(s, &more));
    store_db_error(s, &err, "reading");
    assert_non_null(strstr(err.message, "returns 3 columns where its reader expects 2"));
    assert_null(store_select(s, &other));
    store_db_error(s, &err, "reading");
    assert_non_null(strstr(err.message, "column \"name2\" at position 1"));
    store_close(s);
}

/* ------------------------------------------------------------------ */
/* Migrations                                                           */
/* ------------------------------------------------------------------ */

/* tests/store/data/project-v1.sqlite is a file written by planner 0.1.0
 * (schema version 1): build_model() imported as "base", a plan of two
 * sessions saved.  When the schema moves on, this is the file every
 * migration step must bring forward without losing a row. */
/* What step 6 gives the rows of an older file: no contract, costs not
 * given (-1), the values build_model() sets today. */
static void as_before_version_6(struct model *m)
{
    for (size_t i = 0; i < m->n_sites; i++)
        m->sites[i].yearly_cost = -1;
    for (size_t i = 0; i < m->n_staff; i++)
        m->staff[i].contract_etp = m->staff[i].hourly_cost = -1;
    for (size_t i = 0; i < m->n_vehicles; i++)
        m->vehicles[i].yearly_cost = -1;
}

static void a_version_1_file_opens_migrated_with_its_data(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(test_copy_dir(test_source_path("tests/store/data"), f->dir), 0);
    assert_true((size_t)snprintf(f->path, sizeof f->path, "%s/project-v1.sqlite",
                                 f->dir) < sizeof f->path);
    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 1);
    struct store *s = open_store(f->path, false);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    struct model *m = build_model();
    as_before_version_6(m);
    assert_stored_equals(s, "base", m);
    struct model_plan *p = NULL;
    struct diag err;
    assert_ok(store_load_plan(s, "base", m, 0, &p, &err), &err);
    assert_int_equal(p->n_sessions, 2);
    assert_string_equal(p->sessions[0].uid, "A");
    assert_int_equal(p->sessions[1].sequence, 0);
    /* And it is still written to as a file of this version. */
    p->created_at += 86400;
    p->sessions[0].start += 30;
    assert_ok(store_save_plan(s, "base", m, p, 30, &err), &err);
    assert_int_equal(find_uid(p, "A")->sequence, 1);
    model_plan_free(p);
    model_free(m);
    store_close(s);
}

/* tests/store/data/project-v2.sqlite was written by planner at schema
 * version 2 (commit 2946de2): `planner plan examples/quercy-blanc
 * --quarter 2027-Q1 --now 2027-01-01T08:00:00` with a file where the
 * staff feed folder goes, so its publish of plan 1 stayed pending.  Step
 * 2 (version 3) adds the journal's CSV dialect: the row is kept, and
 * its dialect is the standard one (NULL). */
static void a_version_2_pending_publish_keeps_its_row(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(test_copy_dir(test_source_path("tests/store/data"), f->dir), 0);
    assert_true((size_t)snprintf(f->path, sizeof f->path, "%s/project-v2.sqlite",
                                 f->dir) < sizeof f->path);
    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 2);
    struct store *s = open_store(f->path, false);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    struct store_publish *pubs = NULL;
    size_t n = 0;
    struct diag err;
    assert_ok(store_publish_pending(s, &pubs, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_string_equal(pubs[0].scenario, "base");
    assert_int_equal(pubs[0].plan_id, 1);
    assert_string_equal(pubs[0].feeds_dir, "calendars");
    assert_string_equal(pubs[0].out_dir, ".");
    assert_int_equal(pubs[0].refresh_minutes, 360);
    assert_int_equal(strlen(pubs[0].summary_text), 2197);   /* bytes */
    assert_non_null(strstr(pubs[0].summary_text, "Plan summary -- CC du Quercy Blanc"));
    assert_null(pubs[0].csv_dialect);
    store_publish_free(pubs, n);
    /* A new publish records a dialect, and reads it back. */
    struct store_publish pub = {.plan_id = 1, .feeds_dir = "calendars",
                                .out_dir = ".", .refresh_minutes = 60,
                                .csv_dialect = "excel-fr"};
    assert_ok(store_publish_begin(s, "base", &pub, &err), &err);
    assert_ok(store_publish_pending(s, &pubs, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_string_equal(pubs[0].csv_dialect, "excel-fr");
    assert_null(pubs[0].summary_text);
    store_publish_free(pubs, n);
    store_close(s);
}

/* Migrating is one transaction: a step that fails leaves the file as it
 * was, at its old version, with nothing half-created. */
static void a_failed_migration_leaves_the_old_version(void **state)
{
    struct fixture *f = *state;
    /* Ours (application_id) at version 0, but a table of step 0 is in
     * the way. */
    char sql[160];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d;"
             " CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);",
             STORE_APPLICATION_ID);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct store *s = NULL;
    struct diag err;
    assert_int_equal(store_open(f->path, false, &s, &err), STATUS_DB);
    assert_null(s);
    assert_string_equal(err.file, f->path);
    assert_non_null(strstr(err.message, "migrating schema from version 0 to 1"));
    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 0);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"), 2);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"
                                      " WHERE name = 'scenario'"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        STORE_TEST(every_territory_column_is_described_in_schema_order),
        STORE_TEST(a_select_returning_other_columns_is_refused),
        STORE_TEST(a_version_1_file_opens_migrated_with_its_data),
        STORE_TEST(a_version_2_pending_publish_keeps_its_row),
        STORE_TEST(a_failed_migration_leaves_the_old_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
