/* store_runs.c -- the minibus runs of a saved plan (plan_run,
 * plan_run_stop; schema version 6) and what subscribers saw of them.
 *
 * Like sessions, runs name transports, vehicles, staff and pick-ups by
 * TEXT id: a plan survives a re-import that drops one of them, and
 * loading skips a run the territory can no longer describe.
 *
 * A run's UID names its transport, date and route number
 * (ics_run_uid), so there is no event_state row per run: the previous
 * plan of the same horizon is the published state.  Saving a plan gives
 * each run the SEQUENCE of the same UID in that plan, one higher when
 * anything a rider or a driver sees changed (vehicle, driver, departure,
 * stops or times), and adds the runs that plan had and this one has not
 * as cancelled (SEQUENCE + 1), for the grace period, so every feed that
 * showed them shows them cancelled. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_COLS(X)                                                           \
    X(RU_ID, "id") X(RU_UID, "uid") X(RU_TRANSPORT, "transport_id")         \
    X(RU_DAY, "day") X(RU_ROUTE, "route") X(RU_VEHICLE, "vehicle_id")       \
    X(RU_DRIVER, "driver_id") X(RU_DEPART, "depart") X(RU_BACK, "back")     \
    X(RU_RIDERS, "riders") X(RU_KM, "km") X(RU_STATUS, "status")            \
    X(RU_SEQUENCE, "sequence") X(RU_LAST_MODIFIED, "last_modified")
STORE_COLUMNS(RUN_COLS, RU_NCOLS, run_cols);
static const struct store_select run_select = {
    run_cols, RU_NCOLS, "FROM plan_run WHERE plan_id = ?1 ORDER BY pos, id"};

#define STOP_COLS(X)                                                          \
    X(SP_PICKUP, "pickup_id") X(SP_PICK, "pick_min") X(SP_DROP, "drop_min")
STORE_COLUMNS(STOP_COLS, SP_NCOLS, stop_cols);
static const struct store_select stop_select = {
    stop_cols, SP_NCOLS, "FROM plan_run_stop WHERE run_id = ?1 ORDER BY pos"};

static const char sql_run_insert[] =
    "INSERT INTO plan_run(plan_id, pos, uid, transport_id, day, route,"
    " vehicle_id, driver_id, depart, back, riders, km, status, sequence,"
    " last_modified) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
    " ?12, ?13, ?14, ?15)";
static const char sql_stop_insert[] =
    "INSERT INTO plan_run_stop(run_id, pos, pickup_id, pick_min, drop_min)"
    " VALUES(?1, ?2, ?3, ?4, ?5)";

/* ------------------------------------------------------------------ */
/* Saving                                                               */
/* ------------------------------------------------------------------ */

static enum status insert_stops(struct store *s, long long run_id,
                                const struct model *m, const struct model_run *r,
                                struct diag *err)
{
    enum status ret = STATUS_OK;
    for (int k = 0; k < r->n_stops && ret == STATUS_OK; k++) {
        int brc = SQLITE_OK;
        sqlite3_stmt *st = store_stmt(s, sql_stop_insert);
        if (!st)
            return store_db_error(s, err, "saving the plan's runs");
        BIND_INT(st, 1, run_id);
        BIND_INT(st, 2, k);
        BIND_TEXT(st, 3, m->pickups[r->stop[k]].id);
        BIND_INT(st, 4, r->pick[k]);
        BIND_INT(st, 5, r->drop[k]);
        ret = store_step(s, st, brc, err, "saving a stop of run \"%s\"", r->uid);
    }
    return ret;
}

static enum status insert_run(struct store *s, long long plan_id,
                              const struct model *m, size_t pos,
                              const struct model_run *r, struct diag *err)
{
    char day[11];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_run_insert);
    if (!st)
        return store_db_error(s, err, "saving the plan's runs");
    BIND_INT(st, 1, plan_id);
    BIND_INT(st, 2, pos);
    BIND_TEXT(st, 3, r->uid);
    BIND_TEXT(st, 4, m->transports[r->transport].id);
    BIND_TEXT(st, 5, store_iso(r->day, day));
    BIND_INT(st, 6, r->route);
    BIND_TEXT(st, 7, m->vehicles[r->vehicle].id);
    BIND_TEXT(st, 8, m->staff[r->driver].id);
    BIND_INT(st, 9, r->depart);
    BIND_INT(st, 10, r->back);
    BIND_INT(st, 11, r->riders);
    BIND_REAL(st, 12, r->km);
    BIND_TEXT(st, 13, r->status == SESSION_CANCELLED ? "cancelled" : "confirmed");
    BIND_INT(st, 14, r->sequence);
    BIND_INT(st, 15, r->last_modified);
    enum status ret = store_step(s, st, brc, err, "saving run \"%s\"", r->uid);
    if (ret == STATUS_OK)
        ret = insert_stops(s, sqlite3_last_insert_rowid(s->db), m, r, err);
    return ret;
}

enum status store_runs_insert(struct store *s, long long plan_id,
                              const struct model *m, const struct model_plan *p,
                              struct diag *err)
{
    enum status ret = STATUS_OK;
    for (size_t i = 0; i < p->n_runs && ret == STATUS_OK; i++)
        ret = insert_run(s, plan_id, m, i, &p->runs[i], err);
    return ret;
}

/* What a rider or a driver sees of a run (riders: the count per stop is
 * in the route event). */
static bool same_run(const struct model_run *a, const struct model_run *b)
{
    if (a->vehicle != b->vehicle || a->driver != b->driver || a->depart != b->depart
        || a->back != b->back || a->n_stops != b->n_stops || a->status != b->status
        || a->riders != b->riders)
        return false;
    for (int k = 0; k < a->n_stops; k++)
        if (a->stop[k] != b->stop[k] || a->pick[k] != b->pick[k]
            || a->drop[k] != b->drop[k])
            return false;
    return true;
}

static const struct model_run *find_uid(const struct model_plan *p, const char *uid)
{
    for (size_t i = 0; i < p->n_runs; i++)
        if (!strcmp(p->runs[i].uid, uid))
            return &p->runs[i];
    return NULL;
}

enum status store_runs_carry(const struct model_plan *prev, struct model_plan *p,
                             int grace_days)
{
    for (size_t i = 0; i < p->n_runs; i++) {
        struct model_run *r = &p->runs[i];
        const struct model_run *o = prev ? find_uid(prev, r->uid) : NULL;
        r->last_modified = p->created_at;
        r->sequence = 0;
        if (o && same_run(o, r)) {
            r->sequence = o->sequence;
            r->last_modified = o->last_modified;
        } else if (o) {
            r->sequence = o->sequence + 1;
        }
    }
    long long grace = (long long)grace_days * 86400;
    for (size_t i = 0; prev && i < prev->n_runs; i++) {
        struct model_run r = prev->runs[i];
        if (find_uid(p, r.uid) || r.day < p->horizon_start || r.day > p->horizon_end)
            continue;
        if (r.status == SESSION_CANCELLED && p->created_at - r.last_modified >= grace)
            continue;
        if (r.status != SESSION_CANCELLED) {
            r.status = SESSION_CANCELLED;
            r.sequence++;
            r.last_modified = p->created_at;
        }
        if (model_plan_add_run(p, &r) != STATUS_OK)
            return STATUS_NOMEM;
    }
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */
/* ------------------------------------------------------------------ */

/* The stops of run_id into r; *skip when a pick-up is gone. */
static enum status load_stops(struct store *s, const struct model *m,
                              long long run_id, struct model_run *r, bool *skip,
                              struct diag *err)
{
    int rc;
    sqlite3_stmt *st = store_select_id(s, &stop_select, run_id);
    if (!st)
        return store_db_error(s, err, "reading a run's stops");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && r->n_stops < MODEL_RUN_MAX_STOPS) {
        const char *id = (const char *)sqlite3_column_text(st, SP_PICKUP);
        int k = model_find_pickup(m, r->transport, id ? id : "");
        if (k < 0)
            *skip = true;
        r->stop[r->n_stops] = k;
        r->pick[r->n_stops] = sqlite3_column_int(st, SP_PICK);
        r->drop[r->n_stops++] = sqlite3_column_int(st, SP_DROP);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW
               ? STATUS_OK : store_db_error(s, err, "reading a run's stops");
}

/* One plan_run row (st on it); *skip when m cannot describe it. */
static enum status read_run(struct store *s, const struct model *m,
                            sqlite3_stmt *st, struct model_run *r, bool *skip,
                            struct diag *err)
{
    memset(r, 0, sizeof *r);
    store_col_copy(st, RU_UID, r->uid, sizeof r->uid);
    r->transport = model_find_transport(m, (const char *)sqlite3_column_text(st, RU_TRANSPORT));
    r->vehicle = model_find_vehicle(m, (const char *)sqlite3_column_text(st, RU_VEHICLE));
    r->driver = model_find_staff(m, (const char *)sqlite3_column_text(st, RU_DRIVER));
    *skip = r->transport < 0 || r->vehicle < 0 || r->driver < 0;
    if (!store_col_day(st, RU_DAY, &r->day))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "run \"%s\" has an invalid day", r->uid);
    r->route = sqlite3_column_int(st, RU_ROUTE);
    r->depart = sqlite3_column_int(st, RU_DEPART);
    r->back = sqlite3_column_int(st, RU_BACK);
    r->riders = sqlite3_column_int(st, RU_RIDERS);
    r->km = sqlite3_column_double(st, RU_KM);
    const char *status = (const char *)sqlite3_column_text(st, RU_STATUS);
    r->status = status && !strcmp(status, "cancelled") ? SESSION_CANCELLED
                                                       : SESSION_CONFIRMED;
    r->sequence = sqlite3_column_int(st, RU_SEQUENCE);
    r->last_modified = sqlite3_column_int64(st, RU_LAST_MODIFIED);
    if (*skip)
        return STATUS_OK;
    return load_stops(s, m, sqlite3_column_int64(st, RU_ID), r, skip, err);
}

enum status store_runs_load(struct store *s, const struct model *m,
                            struct model_plan *p, int first, int last,
                            int through, struct diag *err)
{
    int rc;
    enum status ret = STATUS_OK;
    sqlite3_stmt *st = store_select_id(s, &run_select, p->id);
    if (!st)
        return store_db_error(s, err, "reading the plan's runs");
    while (ret == STATUS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_run r;
        bool skip = false;
        ret = read_run(s, m, st, &r, &skip, err);
        if (ret != STATUS_OK || skip || r.day < first || r.day > last
            || (through != MODEL_NOT_FROZEN
                && (r.day > through || r.status != SESSION_CONFIRMED)))
            continue;
        if (model_plan_add_run(p, &r) != STATUS_OK)
            ret = store_nomem(s, err);
    }
    if (ret == STATUS_OK && rc != SQLITE_DONE)
        ret = store_db_error(s, err, "reading the plan's runs");
    sqlite3_reset(st);
    return ret;
}
