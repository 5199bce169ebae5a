/* test_store.c -- the SQLite project file: opening, refusing foreign or
 * newer files, exact round trips, re-import counts, rollback and crash
 * safety, scenarios, plan SEQUENCE/cancellation semantics, school
 * holidays and busy periods.
 *
 * Models are built field by field (build_model, store_fixture.c), not
 * read from CSV, so these tests depend on nothing but the store.  Raw
 * sqlite3 calls play the part of a hand-edited, foreign or half-written
 * file.  Transactions over several writes: test_store_tx.c; the schema
 * and its migrations: test_store_schema.c; several processes and killed
 * writers: test_store_concurrency.c. */
#include "store_fixture.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Opening                                                              */
/* ------------------------------------------------------------------ */

static void create_then_reopen_keeps_version_and_wal(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_close(s);
    s = open_store(f->path, false);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);

    /* Checked through a second connection while ours is open. */
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'created_by'",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 0), "planner"));
    sqlite3_finalize(st);
    sqlite3_close(db);
    store_close(s);

    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(raw_int(f->path, "PRAGMA application_id"), 0x504C4E52);
    assert_int_equal(raw_int(f->path, "SELECT value FROM meta WHERE key = 'schema_version'"),
                     STORE_SCHEMA_VERSION);
    store_close(NULL); /* no-op */
}

static void missing_file_is_not_found_naming_the_path(void **state)
{
    struct fixture *f = *state;
    struct store *s = (struct store *)1;
    struct diag err;
    assert_int_equal(store_open(f->path, false, &s, &err), STATUS_NOTFOUND);
    assert_null(s);
    assert_string_equal(err.file, f->path);
    struct stat sb;
    assert_int_not_equal(stat(f->path, &sb), 0); /* not created */
}

static void refuses_a_newer_schema_version(void **state)
{
    struct fixture *f = *state;
    store_close(open_store(f->path, true));
    assert_int_equal(raw_exec(f->path, "PRAGMA user_version = 99"), SQLITE_OK);
    struct store *s = NULL;
    struct diag err;
    assert_int_equal(store_open(f->path, false, &s, &err), STATUS_DB);
    assert_null(s);
    assert_string_equal(err.file, f->path);
    assert_non_null(strstr(err.message, "99"));
    char mine[32];
    snprintf(mine, sizeof mine, "version %d", STORE_SCHEMA_VERSION);
    assert_non_null(strstr(err.message, mine));
    /* Never touched: still 99. */
    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 99);
}

static void refuses_a_file_that_is_not_sqlite(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(test_write_file(f->dir, "project.sqlite",
                                     "insee,name\n46001,Albas\n"
                                     "this is a CSV file, not a database\n"), 0);
    struct store *s = NULL;
    struct diag err;
    assert_int_equal(store_open(f->path, true, &s, &err), STATUS_DB);
    assert_null(s);
    assert_string_equal(err.file, f->path);
    assert_non_null(strstr(err.message, "not an SQLite database"));
}

static void refuses_another_programs_database(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE invoices(id INTEGER)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct store *s = NULL;
    struct diag err;
    assert_int_equal(store_open(f->path, true, &s, &err), STATUS_DB);
    assert_null(s);
    assert_non_null(strstr(err.message, "another program"));
    /* And it was left alone. */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"), 1);
}

/* ------------------------------------------------------------------ */
/* Import and load                                                      */
/* ------------------------------------------------------------------ */

static void model_round_trips_exactly(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct store_import_counts c;
    import_ok(s, STORE_DEFAULT_SCENARIO, m, &c);
    assert_counts(c, model_rows(), 0, 0, 0);
    assert_true(store_has_scenario(s, STORE_DEFAULT_SCENARIO));
    assert_stored_equals(s, STORE_DEFAULT_SCENARIO, m);
    /* Across a close and reopen too. */
    store_close(s);
    s = open_store(f->path, false);
    assert_stored_equals(s, STORE_DEFAULT_SCENARIO, m);
    model_free(m);
    store_close(s);
}

static void unchanged_reimport_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct store_import_counts c;
    import_ok(s, "base", m, &c);
    long long id = raw_int(f->path, "SELECT max(id) FROM commune");
    import_ok(s, "base", m, &c);
    assert_counts(c, 0, 0, 0, model_rows());
    assert_int_equal(raw_int(f->path, "SELECT max(id) FROM commune"), id);
    model_free(m);
    store_close(s);
}

static void changing_one_staff_members_hours_updates_one_row_in_place(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct store_import_counts c;
    import_ok(s, "base", m, &c);
    long long id = raw_int(f->path, "SELECT id FROM staff WHERE staff_id = 'P2'");
    m->staff[1].weekly_minutes = 28 * 60;
    import_ok(s, "base", m, &c);
    assert_counts(c, 0, 1, 0, model_rows() - 1);
    assert_int_equal(raw_int(f->path, "SELECT id FROM staff WHERE staff_id = 'P2'"), id);
    assert_int_equal(raw_int(f->path, "SELECT weekly_minutes FROM staff WHERE staff_id = 'P2'"),
                     28 * 60);
    assert_stored_equals(s, "base", m);
    model_free(m);
    store_close(s);
}

static void moved_lines_and_reordered_tags_are_not_changes(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct store_import_counts c;
    import_ok(s, "base", m, &c);
    /* Swap tags 0 and 2 and remap every mask: same meaning, new bits. */
    char *t = m->tag_names[0];
    m->tag_names[0] = m->tag_names[2];
    m->tag_names[2] = t;
    for (size_t i = 0; i < m->n_sites; i++) {
        uint64_t x = m->sites[i].tags;
        m->sites[i].tags = (x & 0x2) | (x >> 2 & 1) | (x << 2 & 4);
    }
    uint64_t x = m->services[0].site_tags;
    m->services[0].site_tags = (x & 0x2) | (x >> 2 & 1) | (x << 2 & 4);
    m->communes[1].line = 40; /* someone inserted rows in communes.csv */
    import_ok(s, "base", m, &c);
    assert_counts(c, 0, 0, 0, model_rows());
    /* The stored bits follow the new order. */
    assert_stored_equals(s, "base", m);
    model_free(m);
    store_close(s);
}

static void removing_a_site_deletes_it_and_its_opening_hours(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct store_import_counts c;
    import_ok(s, "base", m, &c);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM site_open WHERE site_id = 'S3'"), 1);

    /* Remove S2: P2 was based there and now has no base site. */
    m->staff[1].base_site = -1;
    free(m->sites[1].id);
    free(m->sites[1].name);
    free(m->sites[1].address);
    free(m->sites[1].open);
    m->sites[1] = m->sites[2];
    m->n_sites = 2;
    import_ok(s, "base", m, &c);
    /* P2 updated, S2 deleted, S3 moved position (silent). */
    assert_counts(c, 0, 1, 1, model_rows() - 2);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM site WHERE site_id = 'S2'"), 0);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM staff WHERE base_site IS NULL"), 1);
    assert_stored_equals(s, "base", m);

    /* Then remove S3: its opening hours go with it (cascade). */
    free(m->sites[1].id);
    free(m->sites[1].name);
    free(m->sites[1].address);
    free(m->sites[1].open);
    m->n_sites = 1;
    import_ok(s, "base", m, &c);
    assert_counts(c, 0, 0, 1, model_rows() - 2);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM site_open WHERE site_id = 'S3'"), 0);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_stored_equals(s, "base", m);
    model_free(m);
    store_close(s);
}

static void removing_a_commune_and_its_references_deletes_dependents_first(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct store_import_counts c;
    import_ok(s, "base", m, &c);
    /* Drop commune 46003 with site S3, the travel row and the demand row
     * that name it. */
    struct model_commune *k = &m->communes[2];
    free(k->name);
    free(k->sector);
    free(k->aliases);
    m->n_communes = 2;
    struct model_site *x = &m->sites[2];
    free(x->id);
    free(x->name);
    free(x->address);
    free(x->open);
    m->n_sites = 2;
    m->n_travel = 0;
    m->n_demand = 0;
    import_ok(s, "base", m, &c);
    assert_counts(c, 0, 0, 4, model_rows() - 4);
    assert_stored_equals(s, "base", m);
    model_free(m);
    store_close(s);
}

static void failed_import_rolls_back_and_keeps_previous_data(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct model *bad = build_model();
    struct store_import_counts c = {1, 2, 3, 4};
    import_ok(s, "base", m, &c);
    /* Several good changes first, then a value the schema refuses. */
    bad->staff[0].weekly_minutes = 10;
    m->settings.slot_step = 15;
    bad->settings.slot_step = 60;
    bad->communes[2].population = -5;
    struct diag err;
    assert_int_equal(store_import_model(s, "base", bad, &c, &err), STATUS_DB);
    assert_string_equal(err.file, f->path);
    assert_non_null(strstr(err.message, "commune \"46003\""));
    assert_non_null(strstr(err.message, "CHECK constraint failed"));
    assert_counts(c, 0, 0, 0, 0);
    assert_stored_equals(s, "base", m);
    /* A failed import into a new scenario leaves no scenario behind. */
    assert_int_equal(store_import_model(s, "other", bad, &c, &err), STATUS_DB);
    assert_false(store_has_scenario(s, "other"));
    /* The store is usable afterwards. */
    import_ok(s, "base", m, &c);
    assert_counts(c, 0, 0, 0, model_rows());
    model_free(bad);
    model_free(m);
    store_close(s);
}

static void duplicate_keys_in_a_model_are_refused(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    free(m->staff[1].id);
    m->staff[1].id = xs("P1");
    struct diag err;
    assert_int_equal(store_import_model(s, "base", m, NULL, &err), STATUS_INVALID);
    assert_non_null(strstr(err.message, "staff \"P1\" appears twice"));
    assert_false(store_has_scenario(s, "base"));
    model_free(m);
    store_close(s);
}

/* The bundled territories (read by the CSV loader) survive the store
 * exactly, and a re-import of the reloaded model changes nothing. */
static void bundled_examples_round_trip_exactly(void **state)
{
    struct fixture *f = *state;
    const char *names[] = {"quercy-blanc", "comtal-lot-truyere", "pays-saint-eloy"};
    int done = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "examples/%s", names[i]);
        struct stat sb;
        if (stat(test_source_path(rel), &sb) != 0)
            continue;
        struct diag_list problems;
        struct model *m = NULL;
        diag_list_init(&problems);
        enum status st = model_load_dir(test_source_path(rel), &m, &problems);
        if (st != STATUS_OK)
            diag_list_print(&problems, stderr);
        assert_int_equal(st, STATUS_OK);
        diag_list_free(&problems);
        struct store *s = open_store(f->path, true);
        struct store_import_counts c;
        import_ok(s, names[i], m, &c);
        assert_true(c.inserted > 0);
        assert_stored_equals(s, names[i], m);
        struct model *back = NULL;
        struct diag err;
        assert_ok(store_load_model(s, names[i], &back, &err), &err);
        import_ok(s, names[i], back, &c);
        assert_int_equal(c.inserted + c.updated + c.deleted, 0);
        model_free(back);
        model_free(m);
        store_close(s);
        done++;
    }
    if (!done)
        skip();
}

/* A writer killed mid-transaction (power cut, OOM killer) leaves the
 * file as the last commit left it. */
static void killed_writer_leaves_the_last_committed_import(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    import_ok(s, "base", m, NULL);
    store_close(s);

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Child: what an import does, by hand, with a tiny page cache so
         * the uncommitted pages really reach the WAL file.  (Under
         * valgrind the connection it abandons shows as "possibly lost"
         * in this child only: that is the point of the test.) */
        model_free(m);
        sqlite3 *db = NULL;
        if (sqlite3_open(f->path, &db) != SQLITE_OK)
            _exit(2);
        sqlite3_exec(db, "PRAGMA cache_size = 1; BEGIN IMMEDIATE;"
                         "UPDATE commune SET population = 0, name = 'X';"
                         "DELETE FROM site_open;", NULL, NULL, NULL);
        for (int i = 0; i < 2000; i++) {
            char sql[256];
            snprintf(sql, sizeof sql,
                     "INSERT INTO busy(scenario_id, source, kind, who,"
                     " start_min, end_min, summary) VALUES(1, 'x', 'staff',"
                     " 'P1', %d, %d, '%0100d')", i, i + 1, i);
            if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
                _exit(3);
        }
        kill(getpid(), SIGKILL);
        _exit(4);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);
    char wal[700];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    assert_int_equal(stat(wal, &sb), 0);
    assert_true(sb.st_size > 4096); /* uncommitted frames were written */

    s = open_store(f->path, false);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_stored_equals(s, "base", m);
    model_free(m);
    store_close(s);
}

/* ------------------------------------------------------------------ */
/* Scenarios                                                            */
/* ------------------------------------------------------------------ */

static void scenarios_copy_list_and_stay_independent(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct diag err;
    import_ok(s, "base", m, NULL);
    struct model_busy b = {BUSY_STAFF, 1, 100, 200, xs("Congés")};
    assert_ok(store_replace_busy(s, "base", m, "conges.ics", &b, 1, &err), &err);
    assert_ok(store_copy_scenario(s, "base", "variante-van", &err), &err);
    assert_ok(store_copy_scenario(s, "base", "a-first", &err), &err);

    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_ok(store_list_scenarios(s, out, &err), &err);
    fclose(out);
    assert_string_equal(text, "a-first\nbase\nvariante-van\n");
    free(text);

    /* The copy is the same territory, busy periods included. */
    m->n_busy = 1;
    m->busy = &b;
    assert_stored_equals(s, "variante-van", m);

    /* Change the variant; the base does not move. */
    struct model *v = build_model();
    v->vehicles[0].seats = 16;
    v->staff[0].halfdays = 0x3;
    struct store_import_counts c;
    import_ok(s, "variante-van", v, &c);
    assert_counts(c, 0, 2, 0, model_rows() - 2);
    assert_stored_equals(s, "base", m);
    v->n_busy = 1;
    v->busy = &b;
    assert_stored_equals(s, "variante-van", v);
    v->n_busy = 0;
    v->busy = NULL;
    m->n_busy = 0;
    m->busy = NULL;
    free(b.summary);

    assert_int_equal(store_copy_scenario(s, "base", "variante-van", &err), STATUS_INVALID);
    assert_non_null(strstr(err.message, "already exists"));
    assert_int_equal(store_copy_scenario(s, "nowhere", "x", &err), STATUS_NOTFOUND);
    assert_non_null(strstr(err.message, "nowhere"));
    assert_false(store_has_scenario(s, "x"));
    struct model *none = NULL;
    assert_int_equal(store_load_model(s, "nowhere", &none, &err), STATUS_NOTFOUND);
    assert_null(none);
    model_free(v);
    model_free(m);
    store_close(s);
}

/* ------------------------------------------------------------------ */
/* Plans                                                                */
/* ------------------------------------------------------------------ */

static void sequence_grows_on_move_drop_and_readd(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct diag err;
    import_ok(s, "base", m, NULL);
    int d0 = model_date_to_days((struct model_date){2027, 1, 4});
    long long t1 = 1798000000, day = 86400;
    const int grace = 30;

    /* Plan 1: A and B are new. */
    struct model_plan *p1 = new_plan(d0, t1);
    add(p1, session("B", 1, 1, d0 + 2, 600, 1, 0, 0));
    add(p1, session("A", 0, 0, d0 + 1, 570, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p1, grace, &err), &err);
    assert_true(p1->id > 0);
    assert_int_equal(p1->n_sessions, 2);
    assert_string_equal(p1->sessions[0].uid, "A"); /* sorted by day */
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(p1->sessions[i].sequence, 0);
        assert_true(p1->sessions[i].last_modified == t1);
    }

    /* Plan 2: A moves a day later, B is dropped, C is new. */
    long long t2 = t1 + 7 * day;
    struct model_plan *p2 = new_plan(d0, t2);
    add(p2, session("A", 0, 0, d0 + 2, 570, 0, -1, -1));
    add(p2, session("C", 0, 2, d0 + 3, 600, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p2, grace, &err), &err);
    assert_int_equal(p2->n_sessions, 3);
    const struct model_session *a = find_uid(p2, "A"), *b = find_uid(p2, "B"),
                               *c = find_uid(p2, "C");
    assert_int_equal(a->sequence, 1);
    assert_true(a->last_modified == t2);
    assert_int_equal(b->status, SESSION_CANCELLED);
    assert_int_equal(b->sequence, 1);
    assert_true(b->last_modified == t2);
    assert_int_equal(b->day, d0 + 2);        /* with its last fields */
    assert_int_equal(b->n_staff, 2);
    assert_int_equal(b->vehicle, 0);
    assert_int_equal(c->sequence, 0);
    assert_int_equal(c->status, SESSION_CONFIRMED);

    /* Plan 3, a day later, same sessions: nothing changes, B is still
     * published as cancelled with the same SEQUENCE. */
    long long t3 = t2 + day;
    struct model_plan *p3 = new_plan(d0, t3);
    add(p3, session("C", 0, 2, d0 + 3, 600, 0, -1, -1));
    add(p3, session("A", 0, 0, d0 + 2, 570, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p3, grace, &err), &err);
    assert_int_equal(p3->n_sessions, 3);
    assert_int_equal(find_uid(p3, "A")->sequence, 1);
    assert_true(find_uid(p3, "A")->last_modified == t2);
    assert_int_equal(find_uid(p3, "B")->sequence, 1);
    assert_int_equal(find_uid(p3, "B")->status, SESSION_CANCELLED);
    assert_true(find_uid(p3, "B")->last_modified == t2);
    assert_int_equal(find_uid(p3, "C")->sequence, 0);

    /* Plan 4: B comes back unchanged: re-published, so SEQUENCE grows. */
    long long t4 = t3 + day;
    struct model_plan *p4 = new_plan(d0, t4);
    add(p4, session("A", 0, 0, d0 + 2, 570, 0, -1, -1));
    add(p4, session("B", 1, 1, d0 + 2, 600, 1, 0, 0));
    add(p4, session("C", 0, 2, d0 + 3, 600, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p4, grace, &err), &err);
    assert_int_equal(p4->n_sessions, 3);
    assert_int_equal(find_uid(p4, "B")->sequence, 2);
    assert_int_equal(find_uid(p4, "B")->status, SESSION_CONFIRMED);
    assert_true(find_uid(p4, "B")->last_modified == t4);

    /* Plan 5: a team change counts as a change; C dropped. */
    long long t5 = t4 + day;
    struct model_plan *p5 = new_plan(d0, t5);
    add(p5, session("A", 0, 0, d0 + 2, 570, 1, -1, -1));
    add(p5, session("B", 1, 1, d0 + 2, 600, 1, 0, 0));
    assert_ok(store_save_plan(s, "base", m, p5, grace, &err), &err);
    assert_int_equal(find_uid(p5, "A")->sequence, 2);
    assert_int_equal(find_uid(p5, "C")->sequence, 1);
    assert_int_equal(find_uid(p5, "C")->status, SESSION_CANCELLED);

    /* Plan 6, after the grace period: C is no longer published. */
    long long t6 = t5 + (grace + 1) * day;
    struct model_plan *p6 = new_plan(d0, t6);
    add(p6, session("A", 0, 0, d0 + 2, 570, 1, -1, -1));
    add(p6, session("B", 1, 1, d0 + 2, 600, 1, 0, 0));
    assert_ok(store_save_plan(s, "base", m, p6, grace, &err), &err);
    assert_int_equal(p6->n_sessions, 2);
    assert_null(find_uid(p6, "C"));
    /* ...but its state is kept: re-adding it still goes up. */
    assert_int_equal(raw_int(f->path, "SELECT sequence FROM event_state WHERE uid = 'C'"), 1);

    /* Loading: the latest, and an older one by id. */
    struct model_plan *back = NULL;
    assert_ok(store_load_plan(s, "base", m, 0, &back, &err), &err);
    assert_plans_equal(p6, back);
    model_plan_free(back);
    assert_ok(store_load_plan(s, "base", m, p2->id, &back, &err), &err);
    assert_plans_equal(p2, back);
    model_plan_free(back);

    /* Re-saving a loaded plan with a cancelled session in it: the store
     * drops the cancelled copy and derives cancellations itself, so
     * nothing is duplicated and nothing unchanged is bumped. */
    assert_ok(store_load_plan(s, "base", m, p5->id, &back, &err), &err);
    assert_plans_equal(p5, back);
    back->created_at = t6 + day;
    assert_ok(store_save_plan(s, "base", m, back, grace, &err), &err);
    assert_int_equal(back->n_sessions, 2);
    assert_null(find_uid(back, "C"));
    assert_int_equal(find_uid(back, "A")->sequence, 2);
    assert_int_equal(find_uid(back, "B")->sequence, 2);
    assert_true(find_uid(back, "B")->last_modified == t4);
    model_plan_free(back);

    /* The database refuses a SEQUENCE going down, whoever writes. */
    assert_int_not_equal(raw_exec(f->path, "UPDATE event_state SET sequence = 0"), SQLITE_OK);

    model_plan_free(p1);
    model_plan_free(p2);
    model_plan_free(p3);
    model_plan_free(p4);
    model_plan_free(p5);
    model_plan_free(p6);
    model_free(m);
    store_close(s);
}

/* A re-plan that drops many sessions appends their cancellations to the
 * plan, which grows (reallocates) its session array: the store must not
 * keep pointers into it across that (it did: a use-after-free that made
 * a real re-plan fail with "UNIQUE constraint failed"). */
static void replan_dropping_many_sessions_cancels_each_once(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct diag err;
    import_ok(s, "base", m, NULL);
    int d0 = model_date_to_days((struct model_date){2027, 1, 4});
    long long t1 = 1798000000;
    char uid[32];
    struct model_plan *p1 = new_plan(d0, t1);
    /* More than a plan's first allocation (64 sessions). */
    for (int i = 0; i < 80; i++) {
        snprintf(uid, sizeof uid, "old-%d", i);
        add(p1, session(uid, 0, 0, d0 + i, 570, 0, -1, -1));
    }
    assert_ok(store_save_plan(s, "base", m, p1, 30, &err), &err);
    struct model_plan *p2 = new_plan(d0, t1 + 86400);
    add(p2, session("old-0", 0, 0, d0, 570, 0, -1, -1));
    for (int i = 0; i < 3; i++) {
        snprintf(uid, sizeof uid, "new-%d", i);
        add(p2, session(uid, 0, 2, d0 + 85 + i, 600, 0, -1, -1));
    }
    assert_ok(store_save_plan(s, "base", m, p2, 30, &err), &err);
    assert_int_equal(p2->n_sessions, 4 + 79);
    size_t cancelled = 0;
    for (size_t i = 0; i < p2->n_sessions; i++) {
        const struct model_session *x = &p2->sessions[i];
        for (size_t j = i + 1; j < p2->n_sessions; j++)
            assert_string_not_equal(x->uid, p2->sessions[j].uid);
        if (x->status == SESSION_CANCELLED) {
            cancelled++;
            assert_int_equal(strncmp(x->uid, "old-", 4), 0);
            assert_string_not_equal(x->uid, "old-0");
            assert_int_equal(x->sequence, 1);
        }
    }
    assert_int_equal(cancelled, 79);
    assert_int_equal(find_uid(p2, "old-0")->status, SESSION_CONFIRMED);
    model_plan_free(p1);
    model_plan_free(p2);
    model_free(m);
    store_close(s);
}

static void plans_survive_a_reimport_that_removes_their_site(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct diag err;
    import_ok(s, "base", m, NULL);
    struct model_plan *back = NULL;
    assert_int_equal(store_load_plan(s, "base", m, 0, &back, &err), STATUS_NOTFOUND);
    assert_non_null(strstr(err.message, "no saved plan"));
    assert_int_equal(store_load_plan(s, "base", m, 9, &back, &err), STATUS_NOTFOUND);

    int d0 = model_date_to_days((struct model_date){2027, 3, 1});
    struct model_plan *p = new_plan(d0, 1800000000);
    add(p, session("A", 0, 0, d0, 570, 0, -1, -1));
    add(p, session("C", 0, 2, d0 + 1, 570, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p, 30, &err), &err);

    /* S3 is removed from the territory: the plan is still there, and
     * loading it skips the session that cannot be described. */
    struct model *m2 = build_model();
    free(m2->sites[2].id);
    free(m2->sites[2].name);
    free(m2->sites[2].address);
    free(m2->sites[2].open);
    m2->n_sites = 2;
    import_ok(s, "base", m2, NULL);
    assert_ok(store_load_plan(s, "base", m2, p->id, &back, &err), &err);
    assert_int_equal(back->n_sessions, 1);
    assert_string_equal(back->sessions[0].uid, "A");
    model_plan_free(back);

    /* A staff member who left makes a confirmed session unloadable, and
     * the message names the session. */
    struct model *m3 = build_model();
    free(m3->staff[0].id);
    m3->staff[0].id = xs("P9");
    assert_int_equal(store_load_plan(s, "base", m3, p->id, &back, &err), STATUS_INVALID);
    assert_non_null(strstr(err.message, "\"A\""));
    assert_non_null(strstr(err.message, "P1"));
    assert_null(back);

    /* Bad plans are refused before anything is written. */
    struct model_plan *bad = new_plan(d0, 1800000001);
    add(bad, session("D", 0, 0, d0, 570, 0, -1, -1));
    add(bad, session("D", 0, 1, d0, 570, 0, -1, -1));
    assert_int_equal(store_save_plan(s, "base", m, bad, 30, &err), STATUS_INVALID);
    assert_non_null(strstr(err.message, "\"D\""));
    assert_true(bad->id == 0);
    bad->n_sessions = 1;
    bad->sessions[0].site = 7;
    assert_int_equal(store_save_plan(s, "base", m, bad, 30, &err), STATUS_INVALID);
    assert_int_equal(store_save_plan(s, "nowhere", m, bad, 30, &err), STATUS_NOTFOUND);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM plan"), 1);
    model_plan_free(bad);
    model_plan_free(p);
    model_free(m3);
    model_free(m2);
    model_free(m);
    store_close(s);
}

/* ------------------------------------------------------------------ */
/* School holidays and busy periods                                     */
/* ------------------------------------------------------------------ */

static void school_holidays_replace_their_zone_only(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct diag err;
    struct model_holiday_period c[2] = {
        period('C', "2027-02-20", "2027-03-07", "Vacances d'Hiver"),
        period('C', "2026-12-19", "2027-01-03", "Vacances de Noël"),
    };
    struct model_holiday_period a[1] = {
        period('A', "2027-02-06", "2027-02-21", "Vacances d'Hiver"),
    };
    assert_ok(store_save_school_holidays(s, 'C', c, 2, "Zone-C.ics", &err), &err);
    assert_ok(store_save_school_holidays(s, 'A', a, 1, "Zone-A.ics", &err), &err);
    struct model_holiday_period *out = NULL;
    size_t n = 0;
    assert_ok(store_load_school_holidays(s, 'C', &out, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_string_equal(out[0].label, "Vacances de Noël"); /* by date */
    assert_int_equal(out[0].first_day, c[1].first_day);
    assert_int_equal(out[0].last_day, c[1].last_day);
    assert_int_equal(out[0].zone, 'C');
    free(out);

    assert_ok(store_save_school_holidays(s, 'C', &c[0], 1, "Zone-C-2.ics", &err), &err);
    assert_ok(store_load_school_holidays(s, 'C', &out, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].label, "Vacances d'Hiver");
    free(out);
    assert_ok(store_load_school_holidays(s, 'A', &out, &n, &err), &err);
    assert_int_equal(n, 1);
    free(out);
    assert_ok(store_load_school_holidays(s, 'B', &out, &n, &err), &err);
    assert_int_equal(n, 0);
    free(out);

    /* Wrong zone or reversed dates: refused, nothing replaced. */
    assert_int_equal(store_save_school_holidays(s, 'C', a, 1, "x.ics", &err), STATUS_INVALID);
    assert_string_equal(err.file, "x.ics");
    struct model_holiday_period rev = period('C', "2027-03-07", "2027-02-20", "à l'envers");
    assert_int_equal(store_save_school_holidays(s, 'C', &rev, 1, "x.ics", &err), STATUS_INVALID);
    assert_int_equal(store_save_school_holidays(s, 'D', NULL, 0, "x.ics", &err), STATUS_INVALID);
    assert_ok(store_load_school_holidays(s, 'C', &out, &n, &err), &err);
    assert_int_equal(n, 1);
    free(out);
    store_close(s);
}

static void busy_periods_are_replaced_per_source(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct diag err;
    import_ok(s, "base", m, NULL);
    long long d = 1440LL * model_date_to_days((struct model_date){2027, 1, 5});
    struct model_busy a[2] = {
        {BUSY_STAFF, 1, d + 480, d + 1020, xs("Congés Bruno")},
        {BUSY_SITE, 2, d + 600, d + 720, xs("Conseil municipal")},
    };
    struct model_busy b[1] = {{BUSY_VEHICLE, 0, d + 1440, d + 2880, xs("Révision")}};
    assert_ok(store_replace_busy(s, "base", m, "conges.ics", a, 2, &err), &err);
    assert_ok(store_replace_busy(s, "base", m, "garage.ics", b, 1, &err), &err);
    /* conges.ics re-imported with one period left. */
    assert_ok(store_replace_busy(s, "base", m, "conges.ics", &a[1], 1, &err), &err);

    struct model_busy expect[2] = {b[0], a[1]};
    m->busy = expect;
    m->n_busy = 2;
    assert_stored_equals(s, "base", m);
    /* Territory re-imports leave busy periods alone. */
    struct store_import_counts c;
    m->busy = NULL;
    m->n_busy = 0;
    import_ok(s, "base", m, &c);
    assert_counts(c, 0, 0, 0, model_rows());
    m->busy = expect;
    m->n_busy = 2;
    assert_stored_equals(s, "base", m);
    m->busy = NULL;
    m->n_busy = 0;

    struct model_busy bad = {BUSY_STAFF, 5, d, d + 10, xs("?")};
    assert_int_equal(store_replace_busy(s, "base", m, "bad.ics", &bad, 1, &err), STATUS_INVALID);
    assert_string_equal(err.file, "bad.ics");
    bad.who = 0;
    bad.end = bad.start;
    assert_int_equal(store_replace_busy(s, "base", m, "bad.ics", &bad, 1, &err), STATUS_INVALID);
    bad.end = bad.start + 1;
    assert_int_equal(store_replace_busy(s, "nowhere", m, "bad.ics", &bad, 1, &err),
                     STATUS_NOTFOUND);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM busy"), 2);
    free(bad.summary);
    free(a[0].summary);
    free(a[1].summary);
    free(b[0].summary);
    model_free(m);
    store_close(s);
}

/* Horizon after horizon and the frozen past: a Q2 plan neither cancels
 * nor re-publishes Q1's events, store_feed_plan gives the feeds both,
 * store_load_plan_in finds each quarter's own plan; a re-plan whose
 * frozen past misses an event (its site gone) leaves it as it was, and
 * frozen_through is stored with the plan. */
static void horizons_and_the_frozen_past_leave_other_events_alone(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct model *m = build_model();
    struct diag err;
    import_ok(s, "base", m, NULL);
    int q1 = model_date_to_days((struct model_date){2027, 1, 4});
    int q2 = q1 + 91;
    long long t1 = 1798000000, day = 86400;
    struct model_plan *p1 = new_plan(q1, t1);
    add(p1, session("A", 0, 0, q1 + 1, 570, 0, -1, -1));
    add(p1, session("B", 0, 1, q1 + 30, 570, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p1, 30, &err), &err);
    struct model_plan *p2 = new_plan(q2, t1 + day);
    add(p2, session("C", 0, 0, q2 + 1, 570, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p2, 30, &err), &err);
    assert_int_equal(p2->n_sessions, 1);          /* no cancellation */
    struct model_plan *fp = NULL;
    assert_ok(store_feed_plan(s, "base", m, p2, 30, &fp, &err), &err);
    assert_int_equal(fp->n_sessions, 3);
    assert_string_equal(fp->sessions[0].uid, "A");
    assert_int_equal(find_uid(fp, "B")->status, SESSION_CONFIRMED);
    assert_int_equal(find_uid(fp, "B")->sequence, 0);
    char **uids = NULL;
    size_t n_uids = 0;
    assert_ok(store_event_uids(s, "base", &uids, &n_uids, &err), &err);
    assert_int_equal(n_uids, 3);
    for (size_t i = 0; i < n_uids; i++)
        free(uids[i]);
    free(uids);
    struct model_plan *in = NULL;
    assert_ok(store_load_plan_in(s, "base", m, q1, q1 + 90, &in, &err), &err);
    assert_true(in->id == p1->id);
    model_plan_free(in);

    /* Q1 again, frozen through B's day: B is not in the plan (say its
     * site left the territory) and stays published; A, in the past too,
     * is kept; the plan stores its frozen_through. */
    struct model_plan *p3 = new_plan(q1, t1 + 2 * day);
    p3->frozen_through = q1 + 40;
    add(p3, session("A", 0, 0, q1 + 1, 570, 0, -1, -1));
    assert_ok(store_save_plan(s, "base", m, p3, 30, &err), &err);
    assert_int_equal(p3->n_sessions, 1);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM event_state"
                             " WHERE cancelled_at IS NOT NULL"), 0);
    struct model_plan *back = NULL;
    assert_ok(store_load_plan(s, "base", m, p3->id, &back, &err), &err);
    assert_int_equal(back->frozen_through, q1 + 40);
    model_plan_free(back);
    assert_ok(store_load_plan(s, "base", m, p2->id, &back, &err), &err);
    assert_int_equal(back->frozen_through, MODEL_NOT_FROZEN);
    model_plan_free(back);
    struct model_plan *kept = NULL;
    struct store_held *held = NULL;
    size_t n_held = 0;
    assert_ok(store_load_past(s, "base", m, q1, q1 + 90, q1 + 10, &kept, &held,
                              &n_held, &err), &err);
    assert_int_equal(kept->n_sessions, 1);
    assert_string_equal(kept->sessions[0].uid, "A");
    assert_int_equal(kept->frozen_through, q1 + 10);
    assert_int_equal(n_held, 0);
    model_plan_free(kept);
    free(held);
    model_plan_free(fp);
    model_plan_free(p1);
    model_plan_free(p2);
    model_plan_free(p3);
    model_free(m);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T STORE_TEST
        T(create_then_reopen_keeps_version_and_wal),
        T(missing_file_is_not_found_naming_the_path),
        T(refuses_a_newer_schema_version),
        T(refuses_a_file_that_is_not_sqlite),
        T(refuses_another_programs_database),
        T(model_round_trips_exactly),
        T(unchanged_reimport_changes_nothing),
        T(changing_one_staff_members_hours_updates_one_row_in_place),
        T(moved_lines_and_reordered_tags_are_not_changes),
        T(removing_a_site_deletes_it_and_its_opening_hours),
        T(removing_a_commune_and_its_references_deletes_dependents_first),
        T(failed_import_rolls_back_and_keeps_previous_data),
        T(duplicate_keys_in_a_model_are_refused),
        T(bundled_examples_round_trip_exactly),
        T(killed_writer_leaves_the_last_committed_import),
        T(scenarios_copy_list_and_stay_independent),
        T(sequence_grows_on_move_drop_and_readd),
        T(replan_dropping_many_sessions_cancels_each_once),
        T(horizons_and_the_frozen_past_leave_other_events_alone),
        T(plans_survive_a_reimport_that_removes_their_site),
        T(school_holidays_replace_their_zone_only),
        T(busy_periods_are_replaced_per_source),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
