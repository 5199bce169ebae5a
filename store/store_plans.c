/* store_plans.c -- plans and their sessions: the history of every plan
 * saved for a scenario (plan, plan_session, plan_session_staff).
 *
 * Plans name services, sites, staff and vehicles by TEXT id, not by
 * foreign key: a plan published last quarter must survive a re-import
 * that deletes one of its sites.  Loading maps the ids back to indices
 * of the model at hand and skips what no longer exists (see
 * store_load_plan in store.h).  Saving moves the event state on first
 * (store_events.c): the plan stored is the plan as published, with its
 * SEQUENCE numbers and cancellations.  Objective, bound, gap and seconds
 * are NULL when NaN (SQLite stores NaN as NULL). */
#include "store_int.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_COLS(X)                                                          \
    X(PL_ID, "id") X(PL_CREATED_AT, "created_at")                           \
    X(PL_HORIZON_START, "horizon_start") X(PL_HORIZON_END, "horizon_end")   \
    X(PL_SOLVER_STATUS, "solver_status") X(PL_OBJECTIVE, "objective")       \
    X(PL_BOUND, "bound") X(PL_GAP, "gap") X(PL_SECONDS, "seconds")          \
    X(PL_TIME_LIMIT_HIT, "time_limit_hit") X(PL_FROZEN, "frozen_through")
STORE_COLUMNS(PLAN_COLS, PL_NCOLS, plan_cols);
static const struct store_select plan_get = {
    plan_cols, PL_NCOLS, "FROM plan WHERE scenario_id = ?1 AND id = ?2"};
static const struct store_select plan_latest = {
    plan_cols, PL_NCOLS, "FROM plan WHERE scenario_id = ?1 ORDER BY id DESC LIMIT 1"};
/* The latest plan whose horizon meets days ?2 .. ?3 (ISO dates). */
static const struct store_select plan_latest_in = {
    plan_cols, PL_NCOLS, "FROM plan WHERE scenario_id = ?1 AND horizon_start <= ?3"
    " AND horizon_end >= ?2 ORDER BY id DESC LIMIT 1"};

#define SESSION_COLS(X)                                                       \
    X(SE_ID, "id") X(SE_UID, "uid") X(SE_SERVICE, "service_id")             \
    X(SE_SITE, "site_id") X(SE_DAY, "day") X(SE_START, "start_min")         \
    X(SE_END, "end_min") X(SE_VEHICLE, "vehicle_id") X(SE_STATUS, "status") \
    X(SE_SEQUENCE, "sequence") X(SE_LAST_MODIFIED, "last_modified")
STORE_COLUMNS(SESSION_COLS, SE_NCOLS, session_cols);
static const struct store_select session_select = {
    session_cols, SE_NCOLS, "FROM plan_session WHERE plan_id = ?1 ORDER BY pos, id"};

static const char *const team_cols[] = {"staff_id"};
static const struct store_select team_select = {
    team_cols, 1, "FROM plan_session_staff WHERE session_id = ?1 ORDER BY pos"};

static const char sql_plan_insert[] =
    "INSERT INTO plan(scenario_id, created_at, horizon_start, horizon_end,"
    " solver_status, objective, bound, gap, seconds, time_limit_hit,"
    " frozen_through) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_session_insert[] =
    "INSERT INTO plan_session(plan_id, pos, uid, service_id, site_id, day,"
    " start_min, end_min, vehicle_id, status, sequence, last_modified)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char sql_team_insert[] =
    "INSERT INTO plan_session_staff(session_id, pos, staff_id) VALUES(?1, ?2, ?3)";

/* Which plan and sessions a load takes (store_load_plan_in,
 * store_load_past); NULL: a plan by id or the latest, whole.  With one:
 * the latest plan whose horizon meets days first .. last, its sessions
 * of those days that m can describe (the others are skipped, not an
 * error); with past, only its confirmed ones up to through, and those m
 * cannot describe held. */
struct past_filter {
    int first, last;
    bool past;
    int through;
    struct store_held *held;
    size_t n_held, cap_held;
};

/* ------------------------------------------------------------------ */
/* Saving                                                               */
/* ------------------------------------------------------------------ */

static enum status insert_session(struct store *s, long long plan_id,
                                  const struct model *m, size_t pos,
                                  const struct model_session *x,
                                  struct diag *err)
{
    char day[11];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_session_insert);
    if (!st)
        return store_db_error(s, err, "saving the plan");
    BIND_INT(st, 1, plan_id);
    BIND_INT(st, 2, pos);
    BIND_TEXT(st, 3, x->uid);
    BIND_TEXT(st, 4, m->services[x->service].id);
    BIND_TEXT(st, 5, m->sites[x->site].id);
    BIND_TEXT(st, 6, store_iso(x->day, day));
    BIND_INT(st, 7, x->start);
    BIND_INT(st, 8, x->end);
    BIND_OPT_TEXT(st, 9, x->vehicle >= 0 ? m->vehicles[x->vehicle].id : NULL);
    BIND_TEXT(st, 10, x->status == SESSION_CANCELLED ? "cancelled" : "confirmed");
    BIND_INT(st, 11, x->sequence);
    BIND_INT(st, 12, x->last_modified);
    enum status ret = store_step(s, st, brc, err, "saving session \"%s\"", x->uid);
    long long session_id = sqlite3_last_insert_rowid(s->db);
    for (int k = 0; k < x->n_staff && ret == STATUS_OK; k++) {
        if (!(st = store_stmt(s, sql_team_insert)))
            return store_db_error(s, err, "saving the plan");
        BIND_INT(st, 1, session_id);
        BIND_INT(st, 2, k);
        BIND_TEXT(st, 3, m->staff[x->staff[k]].id);
        ret = store_step(s, st, brc, err, "saving the team of session \"%s\"", x->uid);
    }
    return ret;
}

static enum status insert_plan(struct store *s, long long sid,
                               const struct model *m, struct model_plan *p,
                               struct diag *err)
{
    char d1[11], d2[11], d3[11];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_plan_insert);
    if (!st)
        return store_db_error(s, err, "saving the plan");
    BIND_INT(st, 1, sid);
    BIND_INT(st, 2, p->created_at);
    BIND_TEXT(st, 3, store_iso(p->horizon_start, d1));
    BIND_TEXT(st, 4, store_iso(p->horizon_end, d2));
    BIND_TEXT(st, 5, p->solver_status);
    BIND_REAL(st, 6, p->objective);
    BIND_REAL(st, 7, p->bound);
    BIND_REAL(st, 8, p->gap);
    BIND_REAL(st, 9, p->seconds);
    BIND_INT(st, 10, p->time_limit_hit ? 1 : 0);
    BIND_OPT_TEXT(st, 11, p->frozen_through == MODEL_NOT_FROZEN
                              ? NULL : store_iso(p->frozen_through, d3));
    enum status ret = store_step(s, st, brc, err, "saving the plan");
    long long plan_id = sqlite3_last_insert_rowid(s->db);
    for (size_t i = 0; i < p->n_sessions && ret == STATUS_OK; i++)
        ret = insert_session(s, plan_id, m, i, &p->sessions[i], err);
    if (ret == STATUS_OK)
        ret = store_runs_insert(s, plan_id, m, p, err);
    if (ret == STATUS_OK)
        p->id = plan_id;
    return ret;
}

static enum status load_plan_tx(struct store *s, const char *scenario,
                                const struct model *m, long long plan_id,
                                struct model_plan *p, struct past_filter *f,
                                struct diag *err);

/* The runs' SEQUENCE from the scenario's last plan of p's horizon
 * (store_runs_carry). */
static enum status carry_runs(struct store *s, const char *scenario,
                              const struct model *m, struct model_plan *p,
                              int grace_days, struct diag *err)
{
    struct past_filter f = {.first = p->horizon_start, .last = p->horizon_end};
    struct model_plan *prev = model_plan_new();
    if (!prev)
        return store_nomem(s, err);
    enum status st = load_plan_tx(s, scenario, m, 0, prev, &f, err);
    free(f.held);
    if (st == STATUS_NOTFOUND) {
        diag_clear(err);
        st = STATUS_OK;
        prev->n_runs = 0;
    }
    if (st == STATUS_OK && store_runs_carry(prev, p, grace_days) != STATUS_OK)
        st = store_nomem(s, err);
    model_plan_free(prev);
    return st;
}

enum status store_save_plan(struct store *s, const char *scenario,
                            const struct model *m, struct model_plan *p,
                            int grace_days, struct diag *err)
{
    long long sid = 0;
    enum status st = store_tx_scenario(s, true, scenario, &sid, err);
    if (st != STATUS_OK) {
        p->id = 0;
        return st;
    }
    st = store_events_update(s, sid, m, p, grace_days, err);
    if (st == STATUS_OK && (p->n_runs || m->n_transports))
        st = carry_runs(s, scenario, m, p, grace_days, err);
    if (st == STATUS_OK) {
        model_plan_sort(p);
        st = insert_plan(s, sid, m, p, err);
    }
    st = store_tx_end(s, st, err);
    if (st != STATUS_OK)
        p->id = 0;
    return st;
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */
/* ------------------------------------------------------------------ */

static double col_real_or_nan(sqlite3_stmt *st, int i)
{
    /* SQLite stores NaN as NULL. */
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}


/* Says why session x cannot be described by m: into why when loading a
 * past (the session is then skipped), else as the error. */
static enum status gone(struct store *s, const struct model_session *x,
                        char *why, size_t size, bool *skip, struct diag *err,
                        const char *what, const char *id)
{
    if (why) {
        snprintf(why, size, "%s \"%s\" is no longer in the territory", what, id);
        *skip = true;
        return STATUS_OK;
    }
    bool vehicle = !strcmp(what, "vehicle");
    return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                    "session \"%s\" %s \"%s\", %s is no longer in the"
                    " territory", x->uid, vehicle ? "uses vehicle" : "is staffed by",
                    id, vehicle ? "which" : "who");
}

/* The team of a session.  A cancelled event needs no team to be removed
 * from calendars; a confirmed one does. */
static enum status load_team(struct store *s, const struct model *m,
                             long long session_id, struct model_session *x,
                             char *why, size_t size, bool *skip,
                             struct diag *err)
{
    int rc;
    /* Another cached statement: the session's stays on its row. */
    sqlite3_stmt *st = store_select_id(s, &team_select, session_id);
    if (!st)
        return store_db_error(s, err, "reading a session's team");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        int k = model_find_staff(m, id ? id : "");
        if (k < 0 && x->status == SESSION_CONFIRMED) {
            enum status ret = gone(s, x, why, size, skip, err, "staff member",
                                   id ? id : "");
            sqlite3_reset(st);
            return ret;
        }
        if (k >= 0 && x->n_staff < MODEL_MAX_TEAM)
            x->staff[x->n_staff++] = k;
    }
    return rc == SQLITE_DONE ? STATUS_OK
                             : store_db_error(s, err, "reading a session's team");
}

/* One plan_session row (st on it) as a session of m.  *skip when its
 * service or site left the territory: it can no longer be described.
 * why (NULL: none) gets the reason, and then a staff member or vehicle
 * gone skips the session too instead of refusing the plan. */
static enum status read_session(struct store *s, const struct model *m,
                                sqlite3_stmt *st, struct model_session *x,
                                bool *skip, char *why, size_t size,
                                struct diag *err)
{
    memset(x, 0, sizeof *x);
    store_col_copy(st, SE_UID, x->uid, sizeof x->uid);
    const char *service = (const char *)sqlite3_column_text(st, SE_SERVICE);
    const char *site = (const char *)sqlite3_column_text(st, SE_SITE);
    x->service = model_find_service(m, service);
    x->site = model_find_site(m, site);
    *skip = x->service < 0 || x->site < 0;
    if (*skip && why) {
        const char *id = x->service < 0 ? service : site;
        snprintf(why, size, "%s \"%s\" is no longer in the territory",
                 x->service < 0 ? "service" : "site", id ? id : "");
    }
    if (!store_col_day(st, SE_DAY, &x->day))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "session \"%s\" has an invalid day", x->uid);
    x->start = sqlite3_column_int(st, SE_START);
    x->end = sqlite3_column_int(st, SE_END);
    const char *status = (const char *)sqlite3_column_text(st, SE_STATUS);
    x->status = status && !strcmp(status, "cancelled") ? SESSION_CANCELLED
                                                       : SESSION_CONFIRMED;
    if (*skip)
        return STATUS_OK;
    x->vehicle = -1;
    if (sqlite3_column_type(st, SE_VEHICLE) != SQLITE_NULL) {
        const char *v = (const char *)sqlite3_column_text(st, SE_VEHICLE);
        x->vehicle = model_find_vehicle(m, v);
        if (x->vehicle < 0 && x->status == SESSION_CONFIRMED)
            return gone(s, x, why, size, skip, err, "vehicle", v ? v : "");
    }
    x->sequence = sqlite3_column_int(st, SE_SEQUENCE);
    x->last_modified = sqlite3_column_int64(st, SE_LAST_MODIFIED);
    return load_team(s, m, sqlite3_column_int64(st, SE_ID), x, why, size,
                     skip, err);
}

/* A past session m cannot describe, for the caller's notice. */
static enum status hold(struct store *s, struct past_filter *f,
                        const struct model_session *x, const char *why,
                        struct diag *err)
{
    if (!store_grow(&f->held, &f->cap_held, f->n_held, sizeof *f->held))
        return store_nomem(s, err);
    struct store_held *h = &f->held[f->n_held++];
    memset(h, 0, sizeof *h);
    memcpy(h->uid, x->uid, sizeof h->uid);
    h->day = x->day;
    h->start = x->start;
    snprintf(h->why, sizeof h->why, "%s", why);
    return STATUS_OK;
}

/* The sessions of plan p->id into p, as f says (may be NULL). */
static enum status load_sessions(struct store *s, const struct model *m,
                                 struct model_plan *p, struct past_filter *f,
                                 struct diag *err)
{
    int rc;
    enum status ret = STATUS_OK;
    sqlite3_stmt *st = store_select_id(s, &session_select, p->id);
    if (!st)
        return store_db_error(s, err, "reading plan sessions");
    while (ret == STATUS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_session x;
        bool skip = false;
        char why[192] = "";
        bool past = f && f->past;
        ret = read_session(s, m, st, &x, &skip, f ? why : NULL, sizeof why, err);
        if (ret != STATUS_OK)
            break;
        if (f && (x.day < f->first || x.day > f->last))
            continue;
        if (past && (x.status != SESSION_CONFIRMED ||
                     !model_rule_frozen(x.day, f->through)))
            continue;
        if (past && skip)
            ret = hold(s, f, &x, why, err);
        else if (!skip && model_plan_add(p, &x) != STATUS_OK)
            ret = store_nomem(s, err);
    }
    if (ret == STATUS_OK && rc != SQLITE_DONE)
        ret = store_db_error(s, err, "reading plan sessions");
    sqlite3_reset(st);
    return ret;
}

/* The plan row (st on it) into p. */
static enum status read_plan(struct store *s, sqlite3_stmt *st,
                             struct model_plan *p, struct diag *err)
{
    p->id = sqlite3_column_int64(st, PL_ID);
    p->created_at = sqlite3_column_int64(st, PL_CREATED_AT);
    if (!store_col_day(st, PL_HORIZON_START, &p->horizon_start) ||
        !store_col_day(st, PL_HORIZON_END, &p->horizon_end))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "plan %lld has an invalid horizon", p->id);
    store_col_copy(st, PL_SOLVER_STATUS, p->solver_status, sizeof p->solver_status);
    p->objective = col_real_or_nan(st, PL_OBJECTIVE);
    p->bound = col_real_or_nan(st, PL_BOUND);
    p->gap = col_real_or_nan(st, PL_GAP);
    p->seconds = col_real_or_nan(st, PL_SECONDS);
    p->time_limit_hit = sqlite3_column_int(st, PL_TIME_LIMIT_HIT) != 0;
    p->frozen_through = MODEL_NOT_FROZEN;
    if (sqlite3_column_type(st, PL_FROZEN) != SQLITE_NULL &&
        !store_col_day(st, PL_FROZEN, &p->frozen_through))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "plan %lld has an invalid frozen_through", p->id);
    return STATUS_OK;
}

static enum status load_plan_tx(struct store *s, const char *scenario,
                                const struct model *m, long long plan_id,
                                struct model_plan *p, struct past_filter *f,
                                struct diag *err)
{
    long long sid = 0;
    int brc = SQLITE_OK, rc;
    enum status st = store_scenario_require(s, scenario, &sid, err);
    if (st != STATUS_OK)
        return st;
    char d1[11], d2[11];
    sqlite3_stmt *ps = store_select_id(s, plan_id > 0 ? &plan_get
                                          : f ? &plan_latest_in : &plan_latest, sid);
    if (!ps)
        return store_db_error(s, err, "reading the plan");
    if (plan_id > 0)
        BIND_INT(ps, 2, plan_id);
    else if (f) {
        BIND_TEXT(ps, 2, store_iso(f->first, d1));
        BIND_TEXT(ps, 3, store_iso(f->last, d2));
    }
    rc = brc == SQLITE_OK ? sqlite3_step(ps) : brc;
    if (rc == SQLITE_DONE && plan_id > 0)
        return diag_set(err, STATUS_NOTFOUND, s->path, 0, 0, NULL,
                        "no plan %lld in scenario \"%s\"", plan_id, scenario);
    if (rc == SQLITE_DONE)
        return diag_set(err, STATUS_NOTFOUND, s->path, 0, 0, NULL,
                        "scenario \"%s\" has no saved plan yet (run `planner"
                        " solve` first)", scenario);
    if (rc != SQLITE_ROW)
        return store_db_error(s, err, "reading the plan");
    st = read_plan(s, ps, p, err);
    sqlite3_reset(ps);
    if (st == STATUS_OK)
        st = load_sessions(s, m, p, f, err);
    if (st == STATUS_OK)
        st = store_runs_load(s, m, p, f ? f->first : INT_MIN, f ? f->last : INT_MAX,
                             f && f->past ? f->through : MODEL_NOT_FROZEN, err);
    return st;
}

enum status store_load_plan(struct store *s, const char *scenario,
                            const struct model *m, long long plan_id,
                            struct model_plan **out, struct diag *err)
{
    *out = NULL;
    struct model_plan *p = model_plan_new();
    if (!p)
        return store_nomem(s, err);
    enum status st = store_tx_read(s, err);
    if (st == STATUS_OK) {
        st = load_plan_tx(s, scenario, m, plan_id, p, NULL, err);
        st = store_tx_end(s, st, err);
    }
    if (st != STATUS_OK) {
        model_plan_free(p);
        return st;
    }
    *out = p;
    return STATUS_OK;
}

/* store_load_plan with a filter; f->held is the caller's. */
static enum status load_filtered(struct store *s, const char *scenario,
                                 const struct model *m, struct past_filter *f,
                                 struct model_plan **out, struct diag *err)
{
    *out = NULL;
    struct model_plan *p = model_plan_new();
    if (!p)
        return store_nomem(s, err);
    enum status st = store_tx_read(s, err);
    if (st == STATUS_OK) {
        st = load_plan_tx(s, scenario, m, 0, p, f, err);
        st = store_tx_end(s, st, err);
    }
    if (st != STATUS_OK) {
        model_plan_free(p);
        return st;
    }
    *out = p;
    return STATUS_OK;
}

enum status store_load_plan_in(struct store *s, const char *scenario,
                               const struct model *m, int first_day,
                               int last_day, struct model_plan **out,
                               struct diag *err)
{
    struct past_filter f = {.first = first_day, .last = last_day};
    return load_filtered(s, scenario, m, &f, out, err);
}

enum status store_load_past(struct store *s, const char *scenario,
                            const struct model *m, int first_day,
                            int last_day, int through_day,
                            struct model_plan **kept,
                            struct store_held **held, size_t *n_held,
                            struct diag *err)
{
    *held = NULL;
    *n_held = 0;
    struct past_filter f = {.first = first_day, .last = last_day,
                            .past = true, .through = through_day};
    struct model_plan *p = NULL;
    enum status st = load_filtered(s, scenario, m, &f, &p, err);
    if (st != STATUS_OK) {
        free(f.held);
        *kept = NULL;
        return st;
    }
    p->frozen_through = through_day;
    *kept = p;
    *held = f.held;
    *n_held = f.n_held;
    return STATUS_OK;
}
