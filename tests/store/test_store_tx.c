/* test_store_tx.c -- several writes as one: store_begin, store_commit,
 * store_rollback, and every write function inside them; the busy
 * periods of leave files removed from a territory; the publish journal's
 * row as a later plan replaces it, and an empty file.
 *
 * What another process sees is read through a second connection (dump:
 * every row of every table): nothing of an open transaction, all of a
 * committed one, and exactly the file as before after a rollback. */
#include "store_fixture.h"

#include <stdlib.h>
#include <string.h>

/* On the base scenario with garage.ics's periods, opens a transaction
 * and calls every write function of store.h once inside it.  m2 (the
 * base model, one staff member's hours changed) is what it imports. */
static void begin_and_write_everything(struct fixture *f, struct model *m2,
                                       struct model_plan *p)
{
    struct diag err;
    struct model_holiday_period h = period('C', "2027-02-20", "2027-03-07", "Hiver");
    const char *kept[] = {"conges.ics"};
    struct store *s = f->s;
    assert_ok(store_replace_busy(s, "base", f->m, "garage.ics", f->busy.garage, 1,
                                 &err), &err);
    m2->staff[0].weekly_minutes = 10 * 60;
    assert_ok(store_begin(s, &err), &err);
    assert_ok(store_import_model(s, "base", m2, NULL, &err), &err);
    assert_ok(store_replace_busy(s, "base", m2, "conges.ics", f->busy.conges, 2, &err),
              &err);
    assert_ok(store_keep_busy_sources(s, "base", kept, 1, &err), &err);
    assert_ok(store_save_plan(s, "base", m2, p, 30, &err), &err);
    assert_ok(store_save_school_holidays(s, 'C', &h, 1, "Zone-C.ics", &err), &err);
    assert_ok(store_copy_scenario(s, "base", "variante", &err), &err);
}

static struct model_plan *one_session_plan(void)
{
    int d0 = model_date_to_days((struct model_date){2027, 1, 4});
    struct model_plan *p = new_plan(d0, 1798000000);
    add(p, session("A", 0, 0, d0 + 1, 570, 0, -1, -1));
    return p;
}

static void writes_in_a_rolled_back_transaction_leave_the_file_as_before(void **state)
{
    struct fixture *f = *state;
    struct model *m2 = build_model();
    struct model_plan *p = one_session_plan();
    /* The file before: the base scenario and garage.ics. */
    struct diag err;
    assert_ok(store_replace_busy(f->s, "base", f->m, "garage.ics", f->busy.garage, 1,
                                 &err), &err);
    char *before = dump(f->path);
    begin_and_write_everything(f, m2, p);
    /* Inside, reads see the transaction's own writes... */
    assert_stored_with_busy(f->s, "variante", m2, f->busy.conges, 2);
    /* ...and no other process sees any of them. */
    char *during = dump(f->path);
    assert_string_equal(before, during);
    store_rollback(f->s);
    char *after = dump(f->path);
    assert_string_equal(before, after);
    assert_false(store_has_scenario(f->s, "variante"));
    store_rollback(f->s); /* none open: nothing happens */
    store_rollback(NULL);
    free(during);
    free(after);
    free(before);
    model_plan_free(p);
    model_free(m2);
}

static void writes_in_a_committed_transaction_are_all_there(void **state)
{
    struct fixture *f = *state;
    struct model *m2 = build_model();
    struct model_plan *p = one_session_plan();
    struct diag err;
    begin_and_write_everything(f, m2, p);
    assert_ok(store_commit(f->s, &err), &err);
    store_close(f->s);
    f->s = open_store(f->path, false);
    assert_stored_with_busy(f->s, "base", m2, f->busy.conges, 2); /* no garage.ics */
    assert_stored_with_busy(f->s, "variante", m2, f->busy.conges, 2);
    struct model_plan *back = NULL;
    assert_ok(store_load_plan(f->s, "base", m2, 0, &back, &err), &err);
    assert_plans_equal(p, back);
    model_plan_free(back);
    struct model_holiday_period *out = NULL;
    size_t n = 0;
    assert_ok(store_load_school_holidays(f->s, 'C', &out, &n, &err), &err);
    assert_int_equal(n, 1);
    free(out);
    model_plan_free(p);
    model_free(m2);
}

/* A write that fails inside an outer transaction undoes its own work
 * only (its SAVEPOINT); what came before is still committed. */
static void failed_write_inside_a_transaction_undoes_only_itself(void **state)
{
    struct fixture *f = *state;
    struct model *bad = build_model();
    struct diag err;
    assert_ok(store_begin(f->s, &err), &err);
    assert_ok(store_replace_busy(f->s, "base", f->m, "garage.ics", f->busy.garage, 1,
                                 &err), &err);
    /* Settings are written first, then the commune fails. */
    bad->settings.slot_step = 60;
    bad->communes[2].population = -5;
    assert_int_equal(store_import_model(f->s, "base", bad, NULL, &err), STATUS_DB);
    assert_non_null(strstr(err.message, "CHECK constraint failed"));
    assert_int_equal(store_copy_scenario(f->s, "nowhere", "x", &err), STATUS_NOTFOUND);
    assert_ok(store_commit(f->s, &err), &err);
    assert_stored_with_busy(f->s, "base", f->m, f->busy.garage, 1);
    model_free(bad);
}

static void transactions_do_not_nest_and_commit_needs_one(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    struct diag err;
    assert_int_equal(store_commit(s, &err), STATUS_INVALID);
    assert_string_equal(err.file, f->path);
    assert_ok(store_begin(s, &err), &err);
    assert_int_equal(store_begin(s, &err), STATUS_INVALID);
    assert_non_null(strstr(err.message, "already open"));
    assert_ok(store_commit(s, &err), &err);
    /* Closing with a transaction open saves none of it. */
    struct model *m = build_model();
    assert_ok(store_begin(s, &err), &err);
    import_ok(s, "base", m, NULL);
    store_close(s);
    s = open_store(f->path, false);
    assert_false(store_has_scenario(s, "base"));
    model_free(m);
    store_close(s);
}

/* Defect "busy rows of a removed leave file stay in the store". */
static void busy_rows_of_a_removed_leave_file_are_deleted(void **state)
{
    struct fixture *f = *state;
    struct busy_files *b = &f->busy;
    struct diag err;
    assert_ok(store_copy_scenario(f->s, "base", "variante", &err), &err);
    assert_ok(store_replace_busy(f->s, "base", f->m, "conges.ics", b->conges, 2, &err), &err);
    assert_ok(store_replace_busy(f->s, "base", f->m, "garage.ics", b->garage, 1, &err), &err);
    assert_ok(store_replace_busy(f->s, "variante", f->m, "garage.ics", b->garage, 1, &err),
              &err);

    /* garage.ics was removed from the territory's unavailability folder. */
    const char *still[] = {"conges.ics", "autre.ics"};
    assert_ok(store_keep_busy_sources(f->s, "base", still, 2, &err), &err);
    assert_stored_with_busy(f->s, "base", f->m, b->conges, 2);
    /* Another scenario's rows are not touched. */
    assert_stored_with_busy(f->s, "variante", f->m, b->garage, 1);
    /* No leave file at all: no busy rows. */
    assert_ok(store_keep_busy_sources(f->s, "base", NULL, 0, &err), &err);
    assert_stored_equals(f->s, "base", f->m);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM busy"), 1);
    assert_int_equal(store_keep_busy_sources(f->s, "nowhere", still, 2, &err),
                     STATUS_NOTFOUND);
}

/* One journal row per scenario: a later plan's publish replaces an
 * earlier one's, which is then no longer pending (its files must not be
 * written over the later plan's); ending it leaves the later row. */
static void a_later_publish_replaces_an_earlier_one(void **state)
{
    struct fixture *f = *state;
    struct diag err;
    int d0 = model_date_to_days((struct model_date){2027, 1, 4});
    struct model_plan *p1 = new_plan(d0, 1798000000), *p2 = new_plan(d0, 1798086400);
    add(p1, session("A", 0, 0, d0 + 1, 570, 0, -1, -1));
    add(p2, session("A", 0, 0, d0 + 2, 570, 0, -1, -1));
    assert_ok(store_save_plan(f->s, "base", f->m, p1, 28, &err), &err);
    assert_ok(store_save_plan(f->s, "base", f->m, p2, 28, &err), &err);
    struct store_publish pub = {.plan_id = p1->id, .feeds_dir = "calendars",
                                .refresh_minutes = 360};
    bool pending = true;
    assert_ok(store_publish_is_pending(f->s, "base", p1->id, &pending, &err), &err);
    assert_false(pending);
    assert_ok(store_publish_begin(f->s, "base", &pub, &err), &err);
    assert_ok(store_publish_is_pending(f->s, "base", p1->id, &pending, &err), &err);
    assert_true(pending);
    pub.plan_id = p2->id;
    assert_ok(store_publish_begin(f->s, "base", &pub, &err), &err);
    assert_ok(store_publish_is_pending(f->s, "base", p1->id, &pending, &err), &err);
    assert_false(pending);
    assert_ok(store_publish_is_pending(f->s, "base", p2->id, &pending, &err), &err);
    assert_true(pending);
    /* The earlier run ends its publish: the later row stays. */
    assert_ok(store_publish_done(f->s, "base", p1->id, &err), &err);
    assert_int_equal(raw_int(f->path, "SELECT plan_id FROM publish_pending"), p2->id);
    assert_ok(store_publish_done(f->s, "base", p2->id, &err), &err);
    assert_ok(store_publish_is_pending(f->s, "base", p2->id, &pending, &err), &err);
    assert_false(pending);
    assert_int_equal(store_publish_is_pending(f->s, "nowhere", p2->id, &pending, &err),
                     STATUS_NOTFOUND);
    model_plan_free(p1);
    model_plan_free(p2);
}

/* store_is_empty: a new file holds no scenario; one import and it does. */
static void a_new_file_is_empty_until_something_is_saved(void **state)
{
    struct fixture *f = *state;
    struct store *s = open_store(f->path, true);
    assert_true(store_is_empty(s));
    struct model *m = build_model();
    import_ok(s, "base", m, NULL);
    assert_false(store_is_empty(s));
    model_free(m);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        STORE_TEST_BASE(writes_in_a_rolled_back_transaction_leave_the_file_as_before),
        STORE_TEST_BASE(writes_in_a_committed_transaction_are_all_there),
        STORE_TEST_BASE(failed_write_inside_a_transaction_undoes_only_itself),
        STORE_TEST(transactions_do_not_nest_and_commit_needs_one),
        STORE_TEST_BASE(busy_rows_of_a_removed_leave_file_are_deleted),
        STORE_TEST_BASE(a_later_publish_replaces_an_earlier_one),
        STORE_TEST(a_new_file_is_empty_until_something_is_saved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
