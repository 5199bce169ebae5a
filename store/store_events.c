/* store_events.c -- the event state behind the feeds: what was last
 * published for each event UID of a scenario, and how a new plan moves
 * it on.
 *
 * event_state holds per (scenario, UID) the session's fields as
 * published, its SEQUENCE and LAST-MODIFIED, and cancelled_at.  For a
 * plan saved at now = p->created_at (docs/store.md, "Plans and the event
 * state"):
 *
 *   1. cancelled sessions handed in are dropped (the store derives
 *      cancellations itself); sessions must point into m and UIDs must be
 *      distinct;
 *   2. a confirmed session whose UID is unknown gets SEQUENCE 0; a known
 *      one that changed (day, start, end, site, service, team, vehicle)
 *      or was cancelled gets SEQUENCE + 1 (RFC 5545 §3.8.7.4) and
 *      LAST-MODIFIED now; otherwise both are kept.  Written back into the
 *      session;
 *   3. a published UID the plan drops is cancelled (SEQUENCE + 1) and
 *      appended to p as SESSION_CANCELLED, so subscribed calendars delete
 *      it instead of keeping a ghost;
 *   4. an already cancelled UID is appended again while its cancellation
 *      is younger than grace_days.
 * Only the events of p's horizon take part in steps 3 and 4: the other
 * horizons' events stay as their own plans left them.
 * A published event of the plan's frozen past (model_rule_frozen with
 * p->frozen_through) that p does not carry -- a past session the
 * territory can no longer describe -- is left as it was: the past is
 * never cancelled.
 *
 * SEQUENCE never goes down (a trigger of the schema refuses it): clients
 * ignore an update whose SEQUENCE is not higher than the one they have. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#define EVENT_COLS(X)                                                         \
    X(EV_UID, "uid") X(EV_SERVICE, "service_id") X(EV_SITE, "site_id")       \
    X(EV_DAY, "day") X(EV_START, "start_min") X(EV_END, "end_min")           \
    X(EV_TEAM, "staff_ids") X(EV_VEHICLE, "vehicle_id")                      \
    X(EV_SEQUENCE, "sequence") X(EV_LAST_MODIFIED, "last_modified")          \
    X(EV_CANCELLED_AT, "cancelled_at")
STORE_COLUMNS(EVENT_COLS, EV_NCOLS, event_cols);
static const struct store_select event_all = {
    event_cols, EV_NCOLS, "FROM event_state WHERE scenario_id = ?1 ORDER BY uid"};
static const struct store_select event_get = {
    event_cols, EV_NCOLS, "FROM event_state WHERE scenario_id = ?1 AND uid = ?2"};

/* Both bind ?1 scenario, ?2 uid, ?3..?9 the fields, ?10 sequence and
 * ?11 last_modified (write_event). */
static const char sql_event_insert[] =
    "INSERT INTO event_state(scenario_id, uid, service_id, site_id, day,"
    " start_min, end_min, staff_ids, vehicle_id, sequence, last_modified)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_event_update[] =
    "UPDATE event_state SET service_id = ?3, site_id = ?4, day = ?5,"
    " start_min = ?6, end_min = ?7, staff_ids = ?8, vehicle_id = ?9,"
    " sequence = ?10, last_modified = ?11, cancelled_at = NULL"
    " WHERE scenario_id = ?1 AND uid = ?2";
static const char sql_event_cancel[] =
    "UPDATE event_state SET sequence = ?3, last_modified = ?4,"
    " cancelled_at = ?4 WHERE scenario_id = ?1 AND uid = ?2";

/* ------------------------------------------------------------------ */
/* Teams as text                                                        */
/* ------------------------------------------------------------------ */

/* A team as canonical text: ids joined by ',', with ',' and '\'
 * escaped by '\'.  Exact and reversible, compared as a whole. */
static bool team_text(const struct model *m, const struct model_session *x,
                      char *buf, size_t size)
{
    size_t n = 0;
    for (int k = 0; k < x->n_staff; k++) {
        const char *id = m->staff[x->staff[k]].id;
        if (k) {
            if (n + 1 >= size)
                return false;
            buf[n++] = ',';
        }
        for (const char *p = id; *p; p++) {
            if (n + 3 >= size)
                return false;
            if (*p == ',' || *p == '\\')
                buf[n++] = '\\';
            buf[n++] = *p;
        }
    }
    buf[n] = '\0';
    return true;
}

/* Splits team text back into indices of m; ids not in m are dropped. */
static void team_parse(const struct model *m, const char *text, int *staff,
                       int *n_staff)
{
    char id[256];
    size_t n = 0;
    *n_staff = 0;
    if (!text || !*text)
        return;
    for (const char *p = text;; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            if (n + 1 < sizeof id)
                id[n++] = *p;
            continue;
        }
        if (*p == ',' || *p == '\0') {
            id[n] = '\0';
            int k = model_find_staff(m, id);
            if (k >= 0 && *n_staff < MODEL_MAX_TEAM)
                staff[(*n_staff)++] = k;
            n = 0;
            if (!*p)
                break;
            continue;
        }
        if (n + 1 < sizeof id)
            id[n++] = *p;
    }
}

/* ------------------------------------------------------------------ */
/* Step 1: the sessions handed in                                       */
/* ------------------------------------------------------------------ */

/* Indices in a session must point into m: a plan built for another
 * model is our bug or a stale plan, not something to store. */
static enum status session_check(struct store *s, const struct model *m,
                                 const struct model_session *x, struct diag *err)
{
    bool ok = x->service >= 0 && (size_t)x->service < m->n_services &&
              x->site >= 0 && (size_t)x->site < m->n_sites &&
              x->n_staff >= 0 && x->n_staff <= MODEL_MAX_TEAM &&
              x->vehicle >= -1 && x->vehicle < (int)m->n_vehicles && x->uid[0];
    for (int k = 0; ok && k < x->n_staff; k++)
        ok = x->staff[k] >= 0 && (size_t)x->staff[k] < m->n_staff;
    if (!ok)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "session \"%s\" refers to a service, site, staff member"
                        " or vehicle that is not in the model", x->uid);
    return STATUS_OK;
}

static int uid_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Drops the cancelled sessions of p, checks the others, and returns
 * their UIDs sorted (malloc'd; pointers into p->sessions). */
static enum status confirmed_uids(struct store *s, const struct model *m,
                                  struct model_plan *p, const char ***out,
                                  struct diag *err)
{
    size_t n = 0;
    enum status st = STATUS_OK;
    *out = NULL;
    for (size_t i = 0; i < p->n_sessions; i++)
        if (p->sessions[i].status != SESSION_CANCELLED)
            p->sessions[n++] = p->sessions[i];
    p->n_sessions = n;
    for (size_t i = 0; i < n && st == STATUS_OK; i++)
        st = session_check(s, m, &p->sessions[i], err);
    if (st != STATUS_OK)
        return st;
    const char **uids = malloc((n ? n : 1) * sizeof *uids);
    if (!uids)
        return store_nomem(s, err);
    for (size_t i = 0; i < n; i++)
        uids[i] = p->sessions[i].uid;
    qsort(uids, n, sizeof *uids, uid_cmp);
    for (size_t i = 1; i < n && st == STATUS_OK; i++)
        if (!strcmp(uids[i - 1], uids[i]))
            st = diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                          "two sessions of the plan have UID \"%s\"", uids[i]);
    if (st != STATUS_OK) {
        free(uids);
        return st;
    }
    *out = uids;
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Step 2: confirmed sessions                                           */
/* ------------------------------------------------------------------ */

/* A session as event_state stores it. */
struct event_fields {
    const char *service, *site, *vehicle;   /* vehicle NULL: none */
    char day[11];
    char team[1024];
};

/* Whether the stored row (st on it) publishes exactly these fields and
 * is not cancelled. */
static bool event_unchanged(sqlite3_stmt *st, const struct event_fields *f,
                            const struct model_session *x)
{
    return store_str_eq((const char *)sqlite3_column_text(st, EV_SERVICE), f->service) &&
           store_str_eq((const char *)sqlite3_column_text(st, EV_SITE), f->site) &&
           store_str_eq((const char *)sqlite3_column_text(st, EV_DAY), f->day) &&
           sqlite3_column_int(st, EV_START) == x->start &&
           sqlite3_column_int(st, EV_END) == x->end &&
           store_str_eq((const char *)sqlite3_column_text(st, EV_TEAM), f->team) &&
           store_opt_eq((const char *)sqlite3_column_text(st, EV_VEHICLE), f->vehicle) &&
           sqlite3_column_type(st, EV_CANCELLED_AT) == SQLITE_NULL;
}

static enum status write_event(struct store *s, const char *sql, long long sid,
                               const struct model_session *x,
                               const struct event_fields *f, long long seq,
                               long long now, struct diag *err)
{
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql);
    if (!st)
        return store_db_error(s, err, "writing event state");
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, x->uid);
    BIND_TEXT(st, 3, f->service);
    BIND_TEXT(st, 4, f->site);
    BIND_TEXT(st, 5, f->day);
    BIND_INT(st, 6, x->start);
    BIND_INT(st, 7, x->end);
    BIND_TEXT(st, 8, f->team);
    BIND_OPT_TEXT(st, 9, f->vehicle);
    BIND_INT(st, 10, seq);
    BIND_INT(st, 11, now);
    return store_step(s, st, brc, err, "writing event state of \"%s\"", x->uid);
}

/* Updates event_state for one confirmed session and writes sequence and
 * last_modified back into it. */
static enum status save_event(struct store *s, long long sid,
                              const struct model *m, struct model_session *x,
                              long long now, struct diag *err)
{
    struct event_fields f = {
        .service = m->services[x->service].id,
        .site = m->sites[x->site].id,
        .vehicle = x->vehicle >= 0 ? m->vehicles[x->vehicle].id : NULL,
    };
    int brc = SQLITE_OK, rc;
    if (!team_text(m, x, f.team, sizeof f.team))
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "session \"%s\": staff ids too long", x->uid);
    store_iso(x->day, f.day);
    sqlite3_stmt *st = store_select(s, &event_get);
    if (!st)
        return store_db_error(s, err, "reading event state");
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, x->uid);
    rc = brc == SQLITE_OK ? sqlite3_step(st) : brc;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_db_error(s, err, "reading event state");
    const char *sql = sql_event_insert;
    long long seq = 0;
    if (rc == SQLITE_ROW) {
        seq = sqlite3_column_int64(st, EV_SEQUENCE);
        if (event_unchanged(st, &f, x)) {
            x->sequence = (int)seq;
            x->last_modified = sqlite3_column_int64(st, EV_LAST_MODIFIED);
            sqlite3_reset(st);
            return STATUS_OK;
        }
        /* Changed, or re-published after a cancellation. */
        seq++;
        sql = sql_event_update;
    }
    sqlite3_reset(st);
    enum status ret = write_event(s, sql, sid, x, &f, seq, now, err);
    if (ret == STATUS_OK) {
        x->sequence = (int)seq;
        x->last_modified = now;
    }
    return ret;
}

/* ------------------------------------------------------------------ */
/* Steps 3 and 4: dropped events                                        */
/* ------------------------------------------------------------------ */

/* Event state as stored. */
struct event_row {
    char uid[128];
    char service[128], site[128], day[11], vehicle[128];
    bool has_vehicle;
    int start, end;
    char *team;            /* malloc'd canonical team text */
    long long sequence, last_modified, cancelled_at;
    bool cancelled;
    bool dropped;          /* the new plan does not have it */
};

static void event_rows_free(struct event_row *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        free(r[i].team);
    free(r);
}

static void event_row_read(sqlite3_stmt *st, struct event_row *e, bool *nomem)
{
    store_col_copy(st, EV_UID, e->uid, sizeof e->uid);
    store_col_copy(st, EV_SERVICE, e->service, sizeof e->service);
    store_col_copy(st, EV_SITE, e->site, sizeof e->site);
    store_col_copy(st, EV_DAY, e->day, sizeof e->day);
    e->start = sqlite3_column_int(st, EV_START);
    e->end = sqlite3_column_int(st, EV_END);
    e->team = store_col_dup(st, EV_TEAM, nomem);
    e->has_vehicle = sqlite3_column_type(st, EV_VEHICLE) != SQLITE_NULL;
    store_col_copy(st, EV_VEHICLE, e->vehicle, sizeof e->vehicle);
    e->sequence = sqlite3_column_int64(st, EV_SEQUENCE);
    e->last_modified = sqlite3_column_int64(st, EV_LAST_MODIFIED);
    e->cancelled = sqlite3_column_type(st, EV_CANCELLED_AT) != SQLITE_NULL;
    e->cancelled_at = sqlite3_column_int64(st, EV_CANCELLED_AT);
}

/* Reads the whole event state of a scenario into memory (the caller
 * then updates rows; no statement stays open over its own table). */
static enum status event_rows_read(struct store *s, long long sid,
                                   struct event_row **out, size_t *n,
                                   struct diag *err)
{
    size_t cap = 0;
    int rc;
    bool nomem = false;
    sqlite3_stmt *st = store_select_id(s, &event_all, sid);
    if (!st)
        return store_db_error(s, err, "reading event state");
    while (!nomem && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!store_grow(out, &cap, *n, sizeof **out))
            return store_nomem(s, err);
        event_row_read(st, &(*out)[(*n)++], &nomem);
    }
    if (nomem)
        return store_nomem(s, err);
    return rc == SQLITE_DONE ? STATUS_OK : store_db_error(s, err, "reading event state");
}

/* Appends a copy of an event to p with that status, when its service
 * and site still exist (a feed cannot describe a session at a place it
 * no longer knows; the state is kept anyway). */
static enum status append_event(struct store *s, const struct model *m,
                                struct model_plan *p, const struct event_row *e,
                                enum model_session_status status,
                                struct diag *err)
{
    struct model_session x;
    memset(&x, 0, sizeof x);
    x.service = model_find_service(m, e->service);
    x.site = model_find_site(m, e->site);
    if (x.service < 0 || x.site < 0 || !model_date_parse(e->day, &x.day))
        return STATUS_OK;
    snprintf(x.uid, sizeof x.uid, "%s", e->uid);
    x.start = e->start;
    x.end = e->end;
    team_parse(m, e->team, x.staff, &x.n_staff);
    x.vehicle = e->has_vehicle ? model_find_vehicle(m, e->vehicle) : -1;
    x.status = status;
    x.sequence = (int)e->sequence;
    x.last_modified = e->last_modified;
    if (model_plan_add(p, &x) != STATUS_OK)
        return store_nomem(s, err);
    return STATUS_OK;
}

static enum status cancel_event(struct store *s, long long sid,
                                struct event_row *e, long long now,
                                struct diag *err)
{
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_event_cancel);
    if (!st)
        return store_db_error(s, err, "cancelling an event");
    e->sequence++;
    e->last_modified = now;
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, e->uid);
    BIND_INT(st, 3, e->sequence);
    BIND_INT(st, 4, now);
    return store_step(s, st, brc, err, "cancelling event \"%s\"", e->uid);
}

static enum status append_cancelled(struct store *s, const struct model *m,
                                    struct model_plan *p,
                                    const struct event_row *e, struct diag *err)
{
    return append_event(s, m, p, e, SESSION_CANCELLED, err);
}

/* Whether an event's day lies in p's horizon (events of other horizons
 * belong to the plans of those horizons: a plan neither cancels nor
 * re-publishes them).  An unreadable day counts as inside. */
static bool in_horizon(const struct model_plan *p, const struct event_row *e)
{
    int day = 0;
    return !model_date_parse(e->day, &day) ||
           (day >= p->horizon_start && day <= p->horizon_end);
}

/* Cancels what p dropped and appends the cancellations to publish.
 * Which events p drops is decided before anything is appended to p:
 * uids points into p->sessions, which appending reallocates. */
static enum status cancel_dropped(struct store *s, long long sid,
                                  const struct model *m, struct model_plan *p,
                                  const char **uids, size_t n_uids,
                                  int grace_days, struct diag *err)
{
    struct event_row *rows = NULL;
    size_t n = 0;
    enum status st = event_rows_read(s, sid, &rows, &n, err);
    for (size_t r = 0; r < n && st == STATUS_OK; r++) {
        const char *key = rows[r].uid;
        rows[r].dropped = !bsearch(&key, uids, n_uids, sizeof *uids, uid_cmp);
    }
    long long grace = (long long)grace_days * 86400;
    for (size_t r = 0; r < n && st == STATUS_OK; r++) {
        struct event_row *e = &rows[r];
        if (!e->dropped || !in_horizon(p, e))
            continue;
        int day = 0;
        if (!e->cancelled && model_date_parse(e->day, &day) &&
            model_rule_frozen(day, p->frozen_through))
            continue;   /* the past is not cancelled (a held session) */
        if (!e->cancelled) {
            st = cancel_event(s, sid, e, p->created_at, err);
            if (st == STATUS_OK)
                st = append_cancelled(s, m, p, e, err);
        } else if (p->created_at - e->cancelled_at < grace) {
            st = append_cancelled(s, m, p, e, err);
        }
    }
    event_rows_free(rows, n);
    return st;
}

enum status store_events_update(struct store *s, long long sid,
                                const struct model *m, struct model_plan *p,
                                int grace_days, struct diag *err)
{
    const char **uids = NULL;
    enum status st = confirmed_uids(s, m, p, &uids, err);
    size_t n = p->n_sessions;
    for (size_t i = 0; i < n && st == STATUS_OK; i++)
        st = save_event(s, sid, m, &p->sessions[i], p->created_at, err);
    if (st == STATUS_OK)
        st = cancel_dropped(s, sid, m, p, uids, n, grace_days, err);
    free(uids);
    return st;
}

enum status store_event_uids(struct store *s, const char *scenario,
                             char ***out, size_t *n_out, struct diag *err)
{
    *out = NULL;
    *n_out = 0;
    long long sid = 0;
    struct event_row *rows = NULL;
    size_t n = 0;
    enum status st = store_tx_read(s, err);
    if (st == STATUS_OK) {
        st = store_scenario_require(s, scenario, &sid, err);
        if (st == STATUS_OK)
            st = event_rows_read(s, sid, &rows, &n, err);
        st = store_tx_end(s, st, err);
    }
    char **uids = st == STATUS_OK ? calloc(n + 1, sizeof *uids) : NULL;
    if (st == STATUS_OK && !uids)
        st = store_nomem(s, err);
    for (size_t i = 0; st == STATUS_OK && i < n; i++)
        if (!(uids[i] = strdup(rows[i].uid)))
            st = store_nomem(s, err);
    event_rows_free(rows, n);
    if (st != STATUS_OK) {
        for (size_t i = 0; uids && i < n; i++)
            free(uids[i]);
        free(uids);
        return st;
    }
    *out = uids;
    *n_out = n;
    return STATUS_OK;
}

/* The events of other horizons than p's, as their plans published them:
 * confirmed, or cancelled less than grace_days before p's date. */
static enum status add_other_horizons(struct store *s, long long sid,
                                      const struct model *m,
                                      struct model_plan *p, int grace_days,
                                      struct diag *err)
{
    struct event_row *rows = NULL;
    size_t n = 0, before = p->n_sessions;
    enum status st = event_rows_read(s, sid, &rows, &n, err);
    long long grace = (long long)grace_days * 86400;
    for (size_t r = 0; r < n && st == STATUS_OK; r++) {
        const struct event_row *e = &rows[r];
        if (in_horizon(p, e))
            continue;
        if (!e->cancelled)
            st = append_event(s, m, p, e, SESSION_CONFIRMED, err);
        else if (p->created_at - e->cancelled_at < grace)
            st = append_cancelled(s, m, p, e, err);
    }
    event_rows_free(rows, n);
    if (st == STATUS_OK && p->n_sessions > before)
        model_plan_sort(p);
    return st;
}

enum status store_feed_plan(struct store *s, const char *scenario,
                            const struct model *m, const struct model_plan *p,
                            int grace_days, struct model_plan **out,
                            struct diag *err)
{
    *out = NULL;
    struct model_plan *q = model_plan_new();
    if (!q)
        return store_nomem(s, err);
    struct model_session *sessions = q->sessions;
    *q = *p;
    q->sessions = sessions;
    q->n_sessions = q->capacity = 0;
    q->runs = NULL;
    q->n_runs = q->runs_capacity = 0;
    enum status st = STATUS_OK;
    for (size_t i = 0; i < p->n_sessions && st == STATUS_OK; i++)
        if (model_plan_add(q, &p->sessions[i]) != STATUS_OK)
            st = store_nomem(s, err);
    for (size_t i = 0; i < p->n_runs && st == STATUS_OK; i++)
        if (model_plan_add_run(q, &p->runs[i]) != STATUS_OK)
            st = store_nomem(s, err);
    long long sid = 0;
    if (st == STATUS_OK)
        st = store_tx_read(s, err);
    if (st == STATUS_OK) {
        st = store_scenario_require(s, scenario, &sid, err);
        if (st == STATUS_OK)
            st = add_other_horizons(s, sid, m, q, grace_days, err);
        st = store_tx_end(s, st, err);
    }
    if (st != STATUS_OK) {
        model_plan_free(q);
        return st;
    }
    *out = q;
    return STATUS_OK;
}
