/* store.c -- the SQLite project file: scenarios, import, load, plans.
 *
 * The schema and why it is shaped so are in store_schema.c (and, for a
 * developer, docs/store.md).  This file reads and writes rows:
 *
 *   IMPORT (store_import_model).  One BEGIN IMMEDIATE transaction.  The
 *   scenario's current data is loaded as a model ("old") and compared
 *   with the new one, table by table, by natural key (insee, site id,
 *   (service, commune) ...): a new key is INSERTed; a known key whose
 *   content differs is UPDATEd in place (the row keeps its id) and counted
 *   updated; a row whose content is the same but whose position, CSV
 *   line or raw bitmask moved is rewritten silently and counted
 *   unchanged; keys gone from the new model are DELETEd after every
 *   upsert, children first, so no foreign key ever dangles.  Any failure
 *   rolls everything back.  Contents are compared in C on models rather
 *   than column by column in SQL: skills and tags are compared by name,
 *   so reordering the tag list of a CSV file is not a change.
 *
 *   LOAD (store_load_model).  Rows come back ordered by pos, so indices
 *   and bitmask bits are those of the imported model.
 *
 *   PLANS (store_save_plan).  event_state keeps, per scenario and UID,
 *   what feeds last published.  Each saved plan is compared with it:
 *   SEQUENCE grows by one whenever a published event changes or is
 *   cancelled (RFC 5545 §3.8.7.4), never otherwise, and a session that a
 *   re-plan removes is appended to the plan as cancelled for grace_days
 *   so subscribed calendars delete it instead of keeping a ghost.
 *
 * Every statement is prepared once per connection (statement cache in
 * struct store, SQLITE_PREPARE_PERSISTENT) with bound parameters only;
 * every public function resets the cache before returning so no
 * statement keeps a read snapshot open. */
#include "store_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Statement cache                                                      */
/* ------------------------------------------------------------------ */

enum qid {
    Q_SCENARIO_FIND, Q_SCENARIO_INSERT, Q_SCENARIO_LIST,
    Q_SKILL_SELECT, Q_TAG_SELECT, Q_SECTOR_SELECT,
    Q_SKILL_UPSERT, Q_TAG_UPSERT, Q_SECTOR_UPSERT,
    Q_SKILL_DELETE, Q_TAG_DELETE, Q_SECTOR_DELETE,
    Q_SETTINGS_SELECT, Q_SETTINGS_UPSERT, Q_SETTINGS_DELETE,
    Q_COMMUNE_SELECT, Q_COMMUNE_UPSERT, Q_COMMUNE_DELETE,
    Q_SITE_SELECT, Q_SITE_UPSERT, Q_SITE_DELETE,
    Q_SITE_OPEN_SELECT, Q_SITE_OPEN_CLEAR, Q_SITE_OPEN_INSERT,
    Q_STAFF_SELECT, Q_STAFF_UPSERT, Q_STAFF_DELETE,
    Q_VEHICLE_SELECT, Q_VEHICLE_UPSERT, Q_VEHICLE_DELETE,
    Q_SERVICE_SELECT, Q_SERVICE_UPSERT, Q_SERVICE_DELETE,
    Q_SERVICE_WINDOW_SELECT, Q_SERVICE_WINDOW_CLEAR, Q_SERVICE_WINDOW_INSERT,
    Q_SERVICE_COMMUNE_SELECT, Q_SERVICE_COMMUNE_CLEAR, Q_SERVICE_COMMUNE_INSERT,
    Q_TARGET_SELECT, Q_TARGET_UPSERT, Q_TARGET_DELETE,
    Q_TRAVEL_SELECT, Q_TRAVEL_UPSERT, Q_TRAVEL_DELETE,
    Q_DEMAND_SELECT, Q_DEMAND_UPSERT, Q_DEMAND_DELETE,
    Q_BUSY_SELECT, Q_BUSY_CLEAR, Q_BUSY_INSERT, Q_BUSY_SOURCES,
    Q_EVENT_ALL, Q_EVENT_GET, Q_EVENT_INSERT, Q_EVENT_UPDATE, Q_EVENT_CANCEL,
    Q_PLAN_INSERT, Q_PLAN_SESSION_INSERT, Q_PLAN_STAFF_INSERT,
    Q_PLAN_GET, Q_PLAN_LATEST, Q_PLAN_SESSION_SELECT, Q_PLAN_STAFF_SELECT,
    Q_HOLIDAY_CLEAR, Q_HOLIDAY_INSERT, Q_HOLIDAY_SELECT,
    Q_COUNT
};

/* Columns of each territory table in one order, shared by SELECT (load),
 * upsert (import) and INSERT ... SELECT (copy). */
#define COMMUNE_COLS                                                       \
    "insee, pos, line, name, sector, aliases, population, pop_all, "      \
    "pop_0_3, pop_0_6, pop_3_11, pop_11_17, pop_16_25, pop_65_plus, "      \
    "pop_75_plus, pop_80_plus, pop_known, lat, lon"
#define SITE_COLS                                                          \
    "site_id, pos, line, insee, name, address, lat, lon, kind, capacity, tags"
#define SITE_OPEN_COLS "site_id, pos, weekday, start_min, end_min"
#define STAFF_COLS                                                         \
    "staff_id, pos, line, name, role, employer, skills, base_site, "       \
    "base_insee, base_lat, base_lon, weekly_minutes, halfdays, licence, "  \
    "max_drive_minutes"
#define VEHICLE_COLS                                                       \
    "vehicle_id, pos, line, kind, seats, base_site, base_insee, base_lat, " \
    "base_lon, cost_per_km, halfdays"
#define SERVICE_COLS                                                       \
    "service_id, pos, line, name, audience_text, target, duration, setup, " \
    "teardown, skills, staff_count, vehicle_kind, site_tags, site_kinds, " \
    "halfdays, cadences, times, max_sites, school_holidays, "              \
    "public_holidays, travel_max_minutes, weight, booking, category"
#define SERVICE_WINDOW_COLS "service_id, pos, weekday, start_min, end_min"
#define SERVICE_COMMUNE_COLS "service_id, pos, insee"
#define TARGET_COLS                                                        \
    "service_id, scope, where_text, period, pos, line, insee, "            \
    "min_sessions, label"
#define TRAVEL_COLS "from_insee, to_insee, pos, km, minutes"
#define DEMAND_COLS "service_id, insee, pos, line, weight"
#define BUSY_COLS "source, kind, who, start_min, end_min, summary"
#define NAME_COLS "name, pos"
#define SETTINGS_COLS "key, value"

static const char *const sql_text[Q_COUNT] = {
    [Q_SCENARIO_FIND] = "SELECT id FROM scenario WHERE name = ?1",
    [Q_SCENARIO_INSERT] =
        "INSERT INTO scenario(name, created_at, copied_from) VALUES(?1, ?2, ?3)",
    [Q_SCENARIO_LIST] = "SELECT name FROM scenario ORDER BY name",

    [Q_SKILL_SELECT] =
        "SELECT name, pos FROM skill WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_TAG_SELECT] =
        "SELECT name, pos FROM tag WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_SECTOR_SELECT] =
        "SELECT name, pos FROM sector WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_SKILL_UPSERT] =
        "INSERT INTO skill(scenario_id, name, pos) VALUES(?1, ?2, ?3)"
        " ON CONFLICT(scenario_id, name) DO UPDATE SET pos = excluded.pos",
    [Q_TAG_UPSERT] =
        "INSERT INTO tag(scenario_id, name, pos) VALUES(?1, ?2, ?3)"
        " ON CONFLICT(scenario_id, name) DO UPDATE SET pos = excluded.pos",
    [Q_SECTOR_UPSERT] =
        "INSERT INTO sector(scenario_id, name, pos) VALUES(?1, ?2, ?3)"
        " ON CONFLICT(scenario_id, name) DO UPDATE SET pos = excluded.pos",
    [Q_SKILL_DELETE] = "DELETE FROM skill WHERE scenario_id = ?1 AND name = ?2",
    [Q_TAG_DELETE] = "DELETE FROM tag WHERE scenario_id = ?1 AND name = ?2",
    [Q_SECTOR_DELETE] = "DELETE FROM sector WHERE scenario_id = ?1 AND name = ?2",

    [Q_SETTINGS_SELECT] =
        "SELECT key, value FROM settings WHERE scenario_id = ?1 ORDER BY key",
    [Q_SETTINGS_UPSERT] =
        "INSERT INTO settings(scenario_id, key, value) VALUES(?1, ?2, ?3)"
        " ON CONFLICT(scenario_id, key) DO UPDATE SET value = excluded.value",
    [Q_SETTINGS_DELETE] =
        "DELETE FROM settings WHERE scenario_id = ?1 AND key = ?2",

    [Q_COMMUNE_SELECT] = "SELECT " COMMUNE_COLS
                         " FROM commune WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_COMMUNE_UPSERT] =
        "INSERT INTO commune(scenario_id, " COMMUNE_COLS ") VALUES(?1, ?2, ?3,"
        " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20) ON CONFLICT(scenario_id, insee) DO UPDATE SET"
        " pos = excluded.pos, line = excluded.line, name = excluded.name,"
        " sector = excluded.sector, aliases = excluded.aliases,"
        " population = excluded.population, pop_all = excluded.pop_all,"
        " pop_0_3 = excluded.pop_0_3, pop_0_6 = excluded.pop_0_6,"
        " pop_3_11 = excluded.pop_3_11, pop_11_17 = excluded.pop_11_17,"
        " pop_16_25 = excluded.pop_16_25, pop_65_plus = excluded.pop_65_plus,"
        " pop_75_plus = excluded.pop_75_plus,"
        " pop_80_plus = excluded.pop_80_plus, pop_known = excluded.pop_known,"
        " lat = excluded.lat, lon = excluded.lon",
    [Q_COMMUNE_DELETE] =
        "DELETE FROM commune WHERE scenario_id = ?1 AND insee = ?2",

    [Q_SITE_SELECT] = "SELECT " SITE_COLS
                      " FROM site WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_SITE_UPSERT] =
        "INSERT INTO site(scenario_id, " SITE_COLS ") VALUES(?1, ?2, ?3, ?4,"
        " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT(scenario_id, site_id)"
        " DO UPDATE SET pos = excluded.pos, line = excluded.line,"
        " insee = excluded.insee, name = excluded.name,"
        " address = excluded.address, lat = excluded.lat, lon = excluded.lon,"
        " kind = excluded.kind, capacity = excluded.capacity,"
        " tags = excluded.tags",
    [Q_SITE_DELETE] = "DELETE FROM site WHERE scenario_id = ?1 AND site_id = ?2",
    [Q_SITE_OPEN_SELECT] =
        "SELECT weekday, start_min, end_min FROM site_open"
        " WHERE scenario_id = ?1 AND site_id = ?2 ORDER BY pos",
    [Q_SITE_OPEN_CLEAR] =
        "DELETE FROM site_open WHERE scenario_id = ?1 AND site_id = ?2",
    [Q_SITE_OPEN_INSERT] =
        "INSERT INTO site_open(scenario_id, " SITE_OPEN_COLS ")"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",

    [Q_STAFF_SELECT] = "SELECT " STAFF_COLS
                       " FROM staff WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_STAFF_UPSERT] =
        "INSERT INTO staff(scenario_id, " STAFF_COLS ") VALUES(?1, ?2, ?3, ?4,"
        " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
        " ON CONFLICT(scenario_id, staff_id) DO UPDATE SET pos = excluded.pos,"
        " line = excluded.line, name = excluded.name, role = excluded.role,"
        " employer = excluded.employer, skills = excluded.skills,"
        " base_site = excluded.base_site, base_insee = excluded.base_insee,"
        " base_lat = excluded.base_lat, base_lon = excluded.base_lon,"
        " weekly_minutes = excluded.weekly_minutes,"
        " halfdays = excluded.halfdays, licence = excluded.licence,"
        " max_drive_minutes = excluded.max_drive_minutes",
    [Q_STAFF_DELETE] =
        "DELETE FROM staff WHERE scenario_id = ?1 AND staff_id = ?2",

    [Q_VEHICLE_SELECT] = "SELECT " VEHICLE_COLS
                         " FROM vehicle WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_VEHICLE_UPSERT] =
        "INSERT INTO vehicle(scenario_id, " VEHICLE_COLS ") VALUES(?1, ?2, ?3,"
        " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT(scenario_id, vehicle_id) DO UPDATE SET"
        " pos = excluded.pos, line = excluded.line, kind = excluded.kind,"
        " seats = excluded.seats, base_site = excluded.base_site,"
        " base_insee = excluded.base_insee, base_lat = excluded.base_lat,"
        " base_lon = excluded.base_lon, cost_per_km = excluded.cost_per_km,"
        " halfdays = excluded.halfdays",
    [Q_VEHICLE_DELETE] =
        "DELETE FROM vehicle WHERE scenario_id = ?1 AND vehicle_id = ?2",

    [Q_SERVICE_SELECT] = "SELECT " SERVICE_COLS
                         " FROM service WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_SERVICE_UPSERT] =
        "INSERT INTO service(scenario_id, " SERVICE_COLS ") VALUES(?1, ?2, ?3,"
        " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21, ?22, ?23, ?24, ?25)"
        " ON CONFLICT(scenario_id, service_id) DO UPDATE SET"
        " pos = excluded.pos, line = excluded.line, name = excluded.name,"
        " audience_text = excluded.audience_text, target = excluded.target,"
        " duration = excluded.duration, setup = excluded.setup,"
        " teardown = excluded.teardown, skills = excluded.skills,"
        " staff_count = excluded.staff_count,"
        " vehicle_kind = excluded.vehicle_kind,"
        " site_tags = excluded.site_tags, site_kinds = excluded.site_kinds,"
        " halfdays = excluded.halfdays, cadences = excluded.cadences,"
        " times = excluded.times, max_sites = excluded.max_sites,"
        " school_holidays = excluded.school_holidays,"
        " public_holidays = excluded.public_holidays,"
        " travel_max_minutes = excluded.travel_max_minutes,"
        " weight = excluded.weight, booking = excluded.booking,"
        " category = excluded.category",
    [Q_SERVICE_DELETE] =
        "DELETE FROM service WHERE scenario_id = ?1 AND service_id = ?2",
    [Q_SERVICE_WINDOW_SELECT] =
        "SELECT weekday, start_min, end_min FROM service_window"
        " WHERE scenario_id = ?1 AND service_id = ?2 ORDER BY pos",
    [Q_SERVICE_WINDOW_CLEAR] =
        "DELETE FROM service_window WHERE scenario_id = ?1 AND service_id = ?2",
    [Q_SERVICE_WINDOW_INSERT] =
        "INSERT INTO service_window(scenario_id, " SERVICE_WINDOW_COLS ")"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_SERVICE_COMMUNE_SELECT] =
        "SELECT insee FROM service_commune"
        " WHERE scenario_id = ?1 AND service_id = ?2 ORDER BY pos",
    [Q_SERVICE_COMMUNE_CLEAR] =
        "DELETE FROM service_commune WHERE scenario_id = ?1 AND service_id = ?2",
    [Q_SERVICE_COMMUNE_INSERT] =
        "INSERT INTO service_commune(scenario_id, " SERVICE_COMMUNE_COLS ")"
        " VALUES(?1, ?2, ?3, ?4)",

    [Q_TARGET_SELECT] = "SELECT " TARGET_COLS
                        " FROM target WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_TARGET_UPSERT] =
        "INSERT INTO target(scenario_id, " TARGET_COLS ") VALUES(?1, ?2, ?3,"
        " ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(scenario_id, service_id,"
        " scope, where_text, period) DO UPDATE SET pos = excluded.pos,"
        " line = excluded.line, insee = excluded.insee,"
        " min_sessions = excluded.min_sessions, label = excluded.label",
    [Q_TARGET_DELETE] =
        "DELETE FROM target WHERE scenario_id = ?1 AND service_id = ?2"
        " AND scope = ?3 AND where_text = ?4 AND period = ?5",

    [Q_TRAVEL_SELECT] = "SELECT " TRAVEL_COLS
                        " FROM travel WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_TRAVEL_UPSERT] =
        "INSERT INTO travel(scenario_id, " TRAVEL_COLS ") VALUES(?1, ?2, ?3,"
        " ?4, ?5, ?6) ON CONFLICT(scenario_id, from_insee, to_insee)"
        " DO UPDATE SET pos = excluded.pos, km = excluded.km,"
        " minutes = excluded.minutes",
    [Q_TRAVEL_DELETE] =
        "DELETE FROM travel WHERE scenario_id = ?1 AND from_insee = ?2"
        " AND to_insee = ?3",

    [Q_DEMAND_SELECT] = "SELECT " DEMAND_COLS
                        " FROM demand WHERE scenario_id = ?1 ORDER BY pos, id",
    [Q_DEMAND_UPSERT] =
        "INSERT INTO demand(scenario_id, " DEMAND_COLS ") VALUES(?1, ?2, ?3,"
        " ?4, ?5, ?6) ON CONFLICT(scenario_id, service_id, insee)"
        " DO UPDATE SET pos = excluded.pos, line = excluded.line,"
        " weight = excluded.weight",
    [Q_DEMAND_DELETE] =
        "DELETE FROM demand WHERE scenario_id = ?1 AND service_id = ?2"
        " AND insee = ?3",

    [Q_BUSY_SELECT] =
        "SELECT kind, who, start_min, end_min, summary FROM busy"
        " WHERE scenario_id = ?1 ORDER BY id",
    [Q_BUSY_CLEAR] = "DELETE FROM busy WHERE scenario_id = ?1 AND source = ?2",
    [Q_BUSY_SOURCES] =
        "SELECT DISTINCT source FROM busy WHERE scenario_id = ?1 ORDER BY source",
    [Q_BUSY_INSERT] =
        "INSERT INTO busy(scenario_id, " BUSY_COLS ")"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",

    [Q_EVENT_ALL] =
        "SELECT uid, service_id, site_id, day, start_min, end_min, staff_ids,"
        " vehicle_id, sequence, last_modified, cancelled_at FROM event_state"
        " WHERE scenario_id = ?1 ORDER BY uid",
    [Q_EVENT_GET] =
        "SELECT service_id, site_id, day, start_min, end_min, staff_ids,"
        " vehicle_id, sequence, last_modified, cancelled_at FROM event_state"
        " WHERE scenario_id = ?1 AND uid = ?2",
    [Q_EVENT_INSERT] =
        "INSERT INTO event_state(scenario_id, uid, service_id, site_id, day,"
        " start_min, end_min, staff_ids, vehicle_id, sequence, last_modified)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [Q_EVENT_UPDATE] =
        "UPDATE event_state SET service_id = ?3, site_id = ?4, day = ?5,"
        " start_min = ?6, end_min = ?7, staff_ids = ?8, vehicle_id = ?9,"
        " sequence = ?10, last_modified = ?11, cancelled_at = NULL"
        " WHERE scenario_id = ?1 AND uid = ?2",
    [Q_EVENT_CANCEL] =
        "UPDATE event_state SET sequence = ?3, last_modified = ?4,"
        " cancelled_at = ?4 WHERE scenario_id = ?1 AND uid = ?2",

    [Q_PLAN_INSERT] =
        "INSERT INTO plan(scenario_id, created_at, horizon_start, horizon_end,"
        " solver_status, objective, bound, gap, seconds, time_limit_hit)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [Q_PLAN_SESSION_INSERT] =
        "INSERT INTO plan_session(plan_id, pos, uid, service_id, site_id, day,"
        " start_min, end_min, vehicle_id, status, sequence, last_modified)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [Q_PLAN_STAFF_INSERT] =
        "INSERT INTO plan_session_staff(session_id, pos, staff_id)"
        " VALUES(?1, ?2, ?3)",
    [Q_PLAN_GET] =
        "SELECT id, created_at, horizon_start, horizon_end, solver_status,"
        " objective, bound, gap, seconds, time_limit_hit FROM plan"
        " WHERE scenario_id = ?1 AND id = ?2",
    [Q_PLAN_LATEST] =
        "SELECT id, created_at, horizon_start, horizon_end, solver_status,"
        " objective, bound, gap, seconds, time_limit_hit FROM plan"
        " WHERE scenario_id = ?1 ORDER BY id DESC LIMIT 1",
    [Q_PLAN_SESSION_SELECT] =
        "SELECT id, uid, service_id, site_id, day, start_min, end_min,"
        " vehicle_id, status, sequence, last_modified FROM plan_session"
        " WHERE plan_id = ?1 ORDER BY pos, id",
    [Q_PLAN_STAFF_SELECT] =
        "SELECT staff_id FROM plan_session_staff WHERE session_id = ?1"
        " ORDER BY pos",

    [Q_HOLIDAY_CLEAR] = "DELETE FROM school_holiday WHERE zone = ?1",
    [Q_HOLIDAY_INSERT] =
        "INSERT INTO school_holiday(zone, first_day, last_day, label, source,"
        " imported_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_HOLIDAY_SELECT] =
        "SELECT first_day, last_day, label FROM school_holiday WHERE zone = ?1"
        " ORDER BY first_day, id",
};

_Static_assert(Q_COUNT <= STORE_MAX_STMTS, "raise STORE_MAX_STMTS");

/* The cached statement, reset and unbound; NULL when it cannot be
 * prepared (sqlite3_errmsg says why). */
static sqlite3_stmt *q(struct store *s, enum qid id)
{
    sqlite3_stmt *st = s->stmts[id];
    if (!st) {
        if (sqlite3_prepare_v3(s->db, sql_text[id], -1,
                               SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
            sqlite3_finalize(st);
            return NULL;
        }
        s->stmts[id] = st;
    } else {
        /* sqlite3_reset returns the last step's error, not its own. */
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    return st;
}

/* Ends every statement so none holds a read snapshot or a lock. */
static void release(struct store *s)
{
    for (int i = 0; i < Q_COUNT; i++)
        if (s->stmts[i])
            sqlite3_reset(s->stmts[i]);
}

/* Binding: the first failure sticks in brc and is returned before the
 * step, so no bind result goes unchecked. */
#define BIND_TEXT(st, i, v)                                               \
    (brc = brc != SQLITE_OK ? brc                                         \
                            : sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC))
#define BIND_OPT_TEXT(st, i, v)                                           \
    (brc = brc != SQLITE_OK ? brc                                         \
           : (v) ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC)         \
                 : sqlite3_bind_null(st, i))
#define BIND_INT(st, i, v)                                                \
    (brc = brc != SQLITE_OK ? brc : sqlite3_bind_int64(st, i, (sqlite3_int64)(v)))
#define BIND_REAL(st, i, v)                                               \
    (brc = brc != SQLITE_OK ? brc : sqlite3_bind_double(st, i, v))

/* Steps a statement that returns no row; SQLITE_OK when done. */
static int run(sqlite3_stmt *st, int brc)
{
    if (brc != SQLITE_OK)
        return brc;
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The connection's error code when a statement could not even be
 * prepared (q() returned NULL). */
static int prep_failed(struct store *s)
{
    int rc = sqlite3_errcode(s->db);
    return rc == SQLITE_OK ? SQLITE_ERROR : rc;
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static char *dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s ? s : "", n);
    return d;
}

/* A text column as a heap string ("" for NULL); sets *nomem on failure. */
static char *col_dup(sqlite3_stmt *st, int i, bool *nomem)
{
    char *d = dup_str((const char *)sqlite3_column_text(st, i));
    if (!d)
        *nomem = true;
    return d;
}

static void col_copy(sqlite3_stmt *st, int i, char *buf, size_t size)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    snprintf(buf, size, "%s", t ? t : "");
}

static bool str_eq(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* Optional references (NULL = none) are equal when both absent or both
 * the same text. */
static bool opt_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

/* Grows *arr to hold n+1 elements; new element zeroed. */
static bool grow(void *arr, size_t *cap, size_t n, size_t size)
{
    void **p = arr;
    if (n >= *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        void *np = realloc(*p, c * size);
        if (!np)
            return false;
        *p = np;
        *cap = c;
    }
    memset((char *)*p + n * size, 0, size);
    return true;
}

static enum status exec(struct store *s, const char *sql, const char *what,
                        struct diag *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_db_error(s, err, what);
    return STATUS_OK;
}

/* Every public function runs in a transaction of its own, or, inside an
 * outer store_begin() transaction, in a SAVEPOINT of it: on failure only
 * its own work is undone and the outer transaction stays open for the
 * caller to roll back or go on.  One savepoint name is enough: savepoints
 * stack, and ROLLBACK TO / RELEASE take the innermost of that name. */
static enum status begin_write(struct store *s, struct diag *err)
{
    if (s->in_tx)
        return exec(s, "SAVEPOINT store_call", "starting a savepoint", err);
    return store_begin_immediate(s, err);
}

/* A read transaction: one consistent snapshot even while another process
 * writes (in WAL mode a reader never waits for a writer). */
static enum status begin_read(struct store *s, struct diag *err)
{
    if (s->in_tx)
        return exec(s, "SAVEPOINT store_call", "starting a savepoint", err);
    return exec(s, "BEGIN", "starting a read transaction", err);
}

/* Commits (or releases the savepoint), or rolls back when st says the
 * work failed.  The diag of the first failure is kept. */
static enum status finish(struct store *s, enum status st, struct diag *err)
{
    release(s);
    if (s->in_tx) {
        if (st == STATUS_OK)
            return exec(s, "RELEASE store_call", "releasing a savepoint", err);
        /* An I/O error or a full disk may have rolled back the whole
         * outer transaction already: then there is no savepoint left. */
        if (!sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK TO store_call; RELEASE store_call",
                         NULL, NULL, NULL);
        return st;
    }
    if (st == STATUS_OK) {
        st = exec(s, "COMMIT", "committing", err);
        if (st == STATUS_OK)
            return st;
    }
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static const char *iso(int day, char buf[11])
{
    model_date_iso(day, buf);
    return buf;
}

static bool parse_day(sqlite3_stmt *st, int i, int *day)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && model_date_parse(t, day);
}

static const char *site_id_or_null(const struct model *m, int i)
{
    return i >= 0 && (size_t)i < m->n_sites ? m->sites[i].id : NULL;
}

static const char *insee_or_null(const struct model *m, int i)
{
    return i >= 0 && (size_t)i < m->n_communes ? m->communes[i].insee : NULL;
}

static int find_insee(const struct model *m, const char *insee)
{
    for (size_t i = 0; i < m->n_communes; i++)
        if (!strcmp(m->communes[i].insee, insee))
            return (int)i;
    return -1;
}

/* Exact name lookup (model_find_skill ignores case; stored names are
 * compared as written). */
static int find_name_exact(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], name))
            return (int)i;
    return -1;
}

/* Two bitmasks over two name tables name the same set. */
static bool mask_eq(char *const *na, size_t nna, uint64_t ma,
                    char *const *nb, size_t nnb, uint64_t mb)
{
    if (__builtin_popcountll(ma) != __builtin_popcountll(mb))
        return false;
    for (size_t bit = 0; bit < 64; bit++) {
        if (!(ma >> bit & 1))
            continue;
        if (bit >= nna)
            return false;
        int j = find_name_exact(nb, nnb, na[bit]);
        if (j < 0 || !(mb >> j & 1))
            return false;
    }
    return true;
}

static bool windows_eq(const struct model_window *a, size_t na,
                       const struct model_window *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (a[i].weekday != b[i].weekday || a[i].start != b[i].start ||
            a[i].end != b[i].end)
            return false;
    return true;
}

static const char *const holiday_policy_names[] = {"skip", "move", "open"};
static const char *const scope_names[] = {"territory", "sector", "commune"};
static const char *const period_names[] = {"horizon", "month", "year"};
static const char *const busy_kind_names[] = {"staff", "site", "vehicle"};

static const char *enum_name(const char *const *names, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? names[v] : "?";
}
#define ENUM_NAME(names, v) enum_name(names, sizeof names / sizeof names[0], (int)(v))

static bool enum_parse(const char *const *names, size_t n, const char *s, int *out)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(names[i], s)) {
            *out = (int)i;
            return true;
        }
    return false;
}
#define ENUM_PARSE(names, s, out) enum_parse(names, sizeof names / sizeof names[0], s, out)

/* ------------------------------------------------------------------ */
/* Scenarios                                                            */
/* ------------------------------------------------------------------ */

/* *id = 0 when the scenario does not exist (not an error here). */
static enum status scenario_lookup(struct store *s, const char *name,
                                   long long *id, struct diag *err)
{
    *id = 0;
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = q(s, Q_SCENARIO_FIND);
    if (!st)
        return store_db_error(s, err, "looking up a scenario");
    BIND_TEXT(st, 1, name);
    rc = brc == SQLITE_OK ? sqlite3_step(st) : brc;
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        return store_db_error(s, err, "looking up a scenario");
    sqlite3_reset(st);
    return STATUS_OK;
}

static enum status scenario_require(struct store *s, const char *name,
                                    long long *id, struct diag *err)
{
    enum status ret = scenario_lookup(s, name, id, err);
    if (ret == STATUS_OK && *id == 0)
        return diag_set(err, STATUS_NOTFOUND, s->path, 0, 0, NULL,
                        "no scenario \"%s\" in this project file", name);
    return ret;
}

static enum status scenario_create(struct store *s, const char *name,
                                   const char *copied_from, long long *id,
                                   struct diag *err)
{
    if (!name || !*name)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "a scenario needs a non-empty name");
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(s, Q_SCENARIO_INSERT);
    if (!st)
        return store_db_error(s, err, "creating a scenario");
    BIND_TEXT(st, 1, name);
    BIND_INT(st, 2, time(NULL));
    BIND_OPT_TEXT(st, 3, copied_from);
    if (run(st, brc) != SQLITE_OK) {
        char what[160];
        snprintf(what, sizeof what, "creating scenario \"%s\"", name);
        return store_db_error(s, err, what);
    }
    *id = sqlite3_last_insert_rowid(s->db);
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Settings as key/value rows                                           */
/* ------------------------------------------------------------------ */

enum setting_type { SET_TEXT, SET_ZONE, SET_INT, SET_REAL };
struct setting_def {
    const char *key;
    enum setting_type type;
    size_t offset;
};
#define SDEF(k, t, f) {k, t, offsetof(struct model_settings, f)}
static const struct setting_def setting_defs[] = {
    SDEF("name", SET_TEXT, name),
    SDEF("school_zone", SET_ZONE, school_zone),
    SDEF("detour_factor", SET_REAL, detour_factor),
    SDEF("speed_kmh", SET_REAL, speed_kmh),
    SDEF("fixed_minutes", SET_REAL, fixed_minutes),
    SDEF("slot_step", SET_INT, slot_step),
    SDEF("max_drive_minutes", SET_INT, max_drive_minutes),
    SDEF("share_population", SET_REAL, share[AUD_ALL]),
    SDEF("share_pop_0_3", SET_REAL, share[AUD_0_3]),
    SDEF("share_pop_0_6", SET_REAL, share[AUD_0_6]),
    SDEF("share_pop_3_11", SET_REAL, share[AUD_3_11]),
    SDEF("share_pop_11_17", SET_REAL, share[AUD_11_17]),
    SDEF("share_pop_16_25", SET_REAL, share[AUD_16_25]),
    SDEF("share_pop_65_plus", SET_REAL, share[AUD_65_PLUS]),
    SDEF("share_pop_75_plus", SET_REAL, share[AUD_75_PLUS]),
    SDEF("share_pop_80_plus", SET_REAL, share[AUD_80_PLUS]),
    SDEF("weight_access", SET_REAL, weight_access),
    SDEF("weight_equity", SET_REAL, weight_equity),
    SDEF("weight_cost_hour", SET_REAL, weight_cost_hour),
    SDEF("weight_km", SET_REAL, weight_km),
    SDEF("penalty_unmet", SET_REAL, penalty_unmet),
};
#undef SDEF
#define N_SETTINGS (sizeof setting_defs / sizeof setting_defs[0])
_Static_assert(AUD_COUNT == 9, "a share_ setting per audience");

static const struct setting_def *setting_find(const char *key)
{
    for (size_t i = 0; i < N_SETTINGS; i++)
        if (key && !strcmp(setting_defs[i].key, key))
            return &setting_defs[i];
    return NULL;
}

static int bind_setting(sqlite3_stmt *st, int col, const struct setting_def *d,
                        const struct model_settings *ms)
{
    const char *base = (const char *)ms + d->offset;
    char zone[2];
    switch (d->type) {
    case SET_TEXT:
        return sqlite3_bind_text(st, col, base, -1, SQLITE_TRANSIENT);
    case SET_ZONE:
        zone[0] = *base;
        zone[1] = '\0';
        return sqlite3_bind_text(st, col, zone, -1, SQLITE_TRANSIENT);
    case SET_INT:
        return sqlite3_bind_int64(st, col, *(const int *)(const void *)base);
    case SET_REAL:
        return sqlite3_bind_double(st, col, *(const double *)(const void *)base);
    }
    return SQLITE_MISUSE;
}

/* Whether a stored value equals the field, exactly (type included). */
static bool setting_equal(sqlite3_stmt *st, int col, const struct setting_def *d,
                          const struct model_settings *ms)
{
    const char *base = (const char *)ms + d->offset;
    const char *t;
    switch (d->type) {
    case SET_TEXT:
        t = (const char *)sqlite3_column_text(st, col);
        return sqlite3_column_type(st, col) == SQLITE_TEXT && t && !strcmp(t, base);
    case SET_ZONE:
        t = (const char *)sqlite3_column_text(st, col);
        return sqlite3_column_type(st, col) == SQLITE_TEXT && t &&
               t[0] == *base && (t[0] == '\0' || t[1] == '\0');
    case SET_INT:
        return sqlite3_column_type(st, col) == SQLITE_INTEGER &&
               sqlite3_column_int64(st, col) == *(const int *)(const void *)base;
    case SET_REAL:
        return sqlite3_column_type(st, col) == SQLITE_FLOAT &&
               sqlite3_column_double(st, col) ==
                   *(const double *)(const void *)base;
    }
    return false;
}

static void setting_load(sqlite3_stmt *st, int col, const struct setting_def *d,
                         struct model_settings *ms)
{
    char *base = (char *)ms + d->offset;
    const char *t;
    switch (d->type) {
    case SET_TEXT:
        col_copy(st, col, base, sizeof ms->name);
        break;
    case SET_ZONE:
        t = (const char *)sqlite3_column_text(st, col);
        *base = t ? t[0] : '\0';
        break;
    case SET_INT:
        *(int *)(void *)base = (int)sqlite3_column_int64(st, col);
        break;
    case SET_REAL:
        *(double *)(void *)base = sqlite3_column_double(st, col);
        break;
    }
}

/* ------------------------------------------------------------------ */
/* Loading a scenario                                                   */
/* ------------------------------------------------------------------ */

struct loader {
    struct store *s;
    long long sid;
    struct model *m;
    bool nomem;
    struct diag *err;
};

/* Fails with the connection's message, naming the table. */
static enum status load_fail(struct loader *l, const char *table)
{
    char what[96];
    snprintf(what, sizeof what, "reading table %s", table);
    return store_db_error(l->s, l->err, what);
}

static enum status load_corrupt(struct loader *l, const char *table,
                                const char *key, const char *why)
{
    return diag_set(l->err, STATUS_DB, l->s->path, 0, 0, NULL,
                    "table %s, row \"%s\": %s", table, key, why);
}

static enum status load_names(struct loader *l, enum qid id, const char *table,
                              char **names, size_t *n)
{
    sqlite3_stmt *st = q(l->s, id);
    int brc = SQLITE_OK, rc;
    if (!st)
        return load_fail(l, table);
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, table);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n >= MODEL_MAX_NAMES)
            return load_corrupt(l, table, "", "more than 64 names");
        if (sqlite3_column_int64(st, 1) != (long long)*n)
            return load_corrupt(l, table, (const char *)sqlite3_column_text(st, 0),
                                "positions are not 0, 1, 2...");
        names[(*n)++] = col_dup(st, 0, &l->nomem);
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, table);
}

static enum status load_sectors(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_SECTOR_SELECT);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    struct model *m = l->m;
    if (!st)
        return load_fail(l, "sector");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "sector");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->sectors, &cap, m->n_sectors, sizeof *m->sectors)) {
            l->nomem = true;
            break;
        }
        m->sectors[m->n_sectors++] = col_dup(st, 0, &l->nomem);
    }
    return rc == SQLITE_DONE || l->nomem ? STATUS_OK : load_fail(l, "sector");
}

static enum status load_settings(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_SETTINGS_SELECT);
    int brc = SQLITE_OK, rc;
    if (!st)
        return load_fail(l, "settings");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "settings");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct setting_def *d =
            setting_find((const char *)sqlite3_column_text(st, 0));
        /* Unknown keys cannot appear in a file of this version (import
         * deletes them); ignore rather than fail a read. */
        if (d)
            setting_load(st, 1, d, &l->m->settings);
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, "settings");
}

static enum status load_communes(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_COMMUNE_SELECT);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    struct model *m = l->m;
    if (!st)
        return load_fail(l, "commune");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "commune");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->communes, &cap, m->n_communes, sizeof *m->communes)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_commune *c = &m->communes[m->n_communes++];
        col_copy(st, 0, c->insee, sizeof c->insee);
        c->line = sqlite3_column_int(st, 2);
        c->name = col_dup(st, 3, &l->nomem);
        c->sector = col_dup(st, 4, &l->nomem);
        c->aliases = col_dup(st, 5, &l->nomem);
        c->population = sqlite3_column_int(st, 6);
        for (int a = 0; a < AUD_COUNT; a++)
            c->pop[a] = sqlite3_column_double(st, 7 + a);
        c->pop_known = (uint32_t)sqlite3_column_int64(st, 16);
        c->lat = sqlite3_column_double(st, 17);
        c->lon = sqlite3_column_double(st, 18);
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, "commune");
}

/* Windows of one site or service, in stored order. */
static enum status load_windows(struct loader *l, enum qid id, const char *table,
                                const char *owner, struct model_window **out,
                                size_t *n)
{
    sqlite3_stmt *st = q(l->s, id);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    if (!st)
        return load_fail(l, table);
    BIND_INT(st, 1, l->sid);
    BIND_TEXT(st, 2, owner);
    if (brc != SQLITE_OK)
        return load_fail(l, table);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(out, &cap, *n, sizeof **out)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_window *w = &(*out)[(*n)++];
        w->weekday = sqlite3_column_int(st, 0);
        w->start = sqlite3_column_int(st, 1);
        w->end = sqlite3_column_int(st, 2);
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, table);
}

/* An optional reference column: NULL -> -1, else the index, which must
 * exist (foreign keys guarantee it). */
static enum status load_ref(struct loader *l, sqlite3_stmt *st, int col,
                            bool site, const char *table, const char *key,
                            int *out)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    *out = -1;
    if (!t)
        return STATUS_OK;
    *out = site ? model_find_site(l->m, t) : find_insee(l->m, t);
    if (*out < 0)
        return load_corrupt(l, table, key, site ? "unknown site" : "unknown commune");
    return STATUS_OK;
}

static enum status load_sites(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_SITE_SELECT);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    struct model *m = l->m;
    enum status ret = STATUS_OK;
    if (!st)
        return load_fail(l, "site");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "site");
    while (ret == STATUS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->sites, &cap, m->n_sites, sizeof *m->sites)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_site *x = &m->sites[m->n_sites++];
        x->id = col_dup(st, 0, &l->nomem);
        x->line = sqlite3_column_int(st, 2);
        ret = load_ref(l, st, 3, false, "site", x->id ? x->id : "", &x->commune);
        x->name = col_dup(st, 4, &l->nomem);
        x->address = col_dup(st, 5, &l->nomem);
        x->lat = sqlite3_column_double(st, 6);
        x->lon = sqlite3_column_double(st, 7);
        const char *kind = (const char *)sqlite3_column_text(st, 8);
        if (ret == STATUS_OK && !model_site_kind_parse(kind ? kind : "", &x->kind))
            ret = load_corrupt(l, "site", x->id ? x->id : "", "unknown kind");
        x->capacity = sqlite3_column_int(st, 9);
        x->tags = (uint64_t)sqlite3_column_int64(st, 10);
    }
    if (ret != STATUS_OK)
        return ret;
    if (rc != SQLITE_DONE)
        return load_fail(l, "site");
    for (size_t i = 0; i < m->n_sites && ret == STATUS_OK && !l->nomem; i++)
        ret = load_windows(l, Q_SITE_OPEN_SELECT, "site_open", m->sites[i].id,
                           &m->sites[i].open, &m->sites[i].n_open);
    return ret;
}

static enum status load_staff(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_STAFF_SELECT);
    int brc = SQLITE_OK, rc = SQLITE_DONE;
    size_t cap = 0;
    struct model *m = l->m;
    enum status ret = STATUS_OK;
    if (!st)
        return load_fail(l, "staff");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "staff");
    while (ret == STATUS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->staff, &cap, m->n_staff, sizeof *m->staff)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_staff *x = &m->staff[m->n_staff++];
        x->id = col_dup(st, 0, &l->nomem);
        x->line = sqlite3_column_int(st, 2);
        x->name = col_dup(st, 3, &l->nomem);
        x->role = col_dup(st, 4, &l->nomem);
        x->employer = col_dup(st, 5, &l->nomem);
        x->skills = (uint64_t)sqlite3_column_int64(st, 6);
        const char *key = x->id ? x->id : "";
        ret = load_ref(l, st, 7, true, "staff", key, &x->base_site);
        if (ret == STATUS_OK)
            ret = load_ref(l, st, 8, false, "staff", key, &x->base_commune);
        x->base_lat = sqlite3_column_double(st, 9);
        x->base_lon = sqlite3_column_double(st, 10);
        x->weekly_minutes = sqlite3_column_double(st, 11);
        x->halfdays = (uint32_t)sqlite3_column_int64(st, 12);
        x->licence = sqlite3_column_int(st, 13) != 0;
        x->max_drive_minutes = sqlite3_column_int(st, 14);
    }
    if (ret == STATUS_OK && rc != SQLITE_DONE)
        ret = load_fail(l, "staff");
    return ret;
}

static enum status load_vehicles(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_VEHICLE_SELECT);
    int brc = SQLITE_OK, rc = SQLITE_DONE;
    size_t cap = 0;
    struct model *m = l->m;
    enum status ret = STATUS_OK;
    if (!st)
        return load_fail(l, "vehicle");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "vehicle");
    while (ret == STATUS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->vehicles, &cap, m->n_vehicles, sizeof *m->vehicles)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_vehicle *x = &m->vehicles[m->n_vehicles++];
        x->id = col_dup(st, 0, &l->nomem);
        x->line = sqlite3_column_int(st, 2);
        x->kind = col_dup(st, 3, &l->nomem);
        x->seats = sqlite3_column_int(st, 4);
        const char *key = x->id ? x->id : "";
        ret = load_ref(l, st, 5, true, "vehicle", key, &x->base_site);
        if (ret == STATUS_OK)
            ret = load_ref(l, st, 6, false, "vehicle", key, &x->base_commune);
        x->base_lat = sqlite3_column_double(st, 7);
        x->base_lon = sqlite3_column_double(st, 8);
        x->cost_per_km = sqlite3_column_double(st, 9);
        x->halfdays = (uint32_t)sqlite3_column_int64(st, 10);
    }
    if (ret == STATUS_OK && rc != SQLITE_DONE)
        ret = load_fail(l, "vehicle");
    return ret;
}

static enum status load_service_communes(struct loader *l,
                                         struct model_service *x)
{
    sqlite3_stmt *st = q(l->s, Q_SERVICE_COMMUNE_SELECT);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    if (!st)
        return load_fail(l, "service_commune");
    BIND_INT(st, 1, l->sid);
    BIND_TEXT(st, 2, x->id);
    if (brc != SQLITE_OK)
        return load_fail(l, "service_commune");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int c = find_insee(l->m, (const char *)sqlite3_column_text(st, 0));
        if (c < 0)
            return load_corrupt(l, "service_commune", x->id, "unknown commune");
        if (!grow(&x->communes, &cap, x->n_communes, sizeof *x->communes)) {
            l->nomem = true;
            return STATUS_OK;
        }
        x->communes[x->n_communes++] = c;
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, "service_commune");
}

static enum status load_services(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_SERVICE_SELECT);
    int brc = SQLITE_OK, rc = SQLITE_DONE;
    size_t cap = 0;
    struct model *m = l->m;
    enum status ret = STATUS_OK;
    if (!st)
        return load_fail(l, "service");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "service");
    while (ret == STATUS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->services, &cap, m->n_services, sizeof *m->services)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_service *x = &m->services[m->n_services++];
        x->id = col_dup(st, 0, &l->nomem);
        const char *key = x->id ? x->id : "";
        x->line = sqlite3_column_int(st, 2);
        x->name = col_dup(st, 3, &l->nomem);
        x->audience_text = col_dup(st, 4, &l->nomem);
        enum model_audience aud = AUD_ALL;
        const char *target = (const char *)sqlite3_column_text(st, 5);
        if (!model_audience_parse(target ? target : "", &aud))
            ret = load_corrupt(l, "service", key, "unknown target audience");
        x->target = aud;
        x->duration = sqlite3_column_int(st, 6);
        x->setup = sqlite3_column_int(st, 7);
        x->teardown = sqlite3_column_int(st, 8);
        x->skills = (uint64_t)sqlite3_column_int64(st, 9);
        x->staff_count = sqlite3_column_int(st, 10);
        x->vehicle_kind = col_dup(st, 11, &l->nomem);
        x->site_tags = (uint64_t)sqlite3_column_int64(st, 12);
        x->site_kinds = (uint32_t)sqlite3_column_int64(st, 13);
        x->halfdays = (uint32_t)sqlite3_column_int64(st, 14);
        x->cadences = (unsigned)sqlite3_column_int64(st, 15);
        x->times = sqlite3_column_int(st, 16);
        x->max_sites = sqlite3_column_int(st, 17);
        int sh = 0, ph = 0;
        if (!ENUM_PARSE(holiday_policy_names, (const char *)sqlite3_column_text(st, 18), &sh) ||
            !ENUM_PARSE(holiday_policy_names, (const char *)sqlite3_column_text(st, 19), &ph))
            ret = load_corrupt(l, "service", key, "unknown holiday policy");
        x->school_holidays = (enum model_holiday_policy)sh;
        x->public_holidays = (enum model_holiday_policy)ph;
        x->travel_max_minutes = sqlite3_column_int(st, 20);
        x->weight = sqlite3_column_double(st, 21);
        x->booking = col_dup(st, 22, &l->nomem);
        x->category = col_dup(st, 23, &l->nomem);
    }
    if (ret != STATUS_OK)
        return ret;
    if (rc != SQLITE_DONE)
        return load_fail(l, "service");
    for (size_t i = 0; i < m->n_services && ret == STATUS_OK && !l->nomem; i++) {
        struct model_service *x = &m->services[i];
        ret = load_windows(l, Q_SERVICE_WINDOW_SELECT, "service_window", x->id,
                           &x->windows, &x->n_windows);
        if (ret == STATUS_OK && !l->nomem)
            ret = load_service_communes(l, x);
    }
    return ret;
}

static enum status load_targets(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_TARGET_SELECT);
    int brc = SQLITE_OK, rc = SQLITE_DONE;
    size_t cap = 0;
    struct model *m = l->m;
    enum status ret = STATUS_OK;
    if (!st)
        return load_fail(l, "target");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "target");
    while (ret == STATUS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->targets, &cap, m->n_targets, sizeof *m->targets)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_target *x = &m->targets[m->n_targets++];
        const char *sid = (const char *)sqlite3_column_text(st, 0);
        x->service = model_find_service(m, sid ? sid : "");
        int scope = 0, period = 0;
        if (x->service < 0)
            ret = load_corrupt(l, "target", sid ? sid : "", "unknown service");
        else if (!ENUM_PARSE(scope_names, (const char *)sqlite3_column_text(st, 1), &scope) ||
                 !ENUM_PARSE(period_names, (const char *)sqlite3_column_text(st, 3), &period))
            ret = load_corrupt(l, "target", sid, "unknown scope or period");
        x->scope = (enum model_scope)scope;
        x->where = col_dup(st, 2, &l->nomem);
        x->period = (enum model_period)period;
        x->line = sqlite3_column_int(st, 5);
        if (ret == STATUS_OK)
            ret = load_ref(l, st, 6, false, "target", sid, &x->commune);
        x->min_sessions = sqlite3_column_int(st, 7);
        x->label = col_dup(st, 8, &l->nomem);
    }
    if (ret == STATUS_OK && rc != SQLITE_DONE)
        ret = load_fail(l, "target");
    return ret;
}

static enum status load_travel(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_TRAVEL_SELECT);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    struct model *m = l->m;
    if (!st)
        return load_fail(l, "travel");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "travel");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->travel, &cap, m->n_travel, sizeof *m->travel)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_travel *x = &m->travel[m->n_travel++];
        const char *from = (const char *)sqlite3_column_text(st, 0);
        x->from_commune = find_insee(m, from ? from : "");
        x->to_commune = find_insee(m, (const char *)sqlite3_column_text(st, 1));
        if (x->from_commune < 0 || x->to_commune < 0)
            return load_corrupt(l, "travel", from ? from : "", "unknown commune");
        x->km = sqlite3_column_double(st, 3);
        x->minutes = sqlite3_column_double(st, 4);
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, "travel");
}

static enum status load_demand(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_DEMAND_SELECT);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    struct model *m = l->m;
    if (!st)
        return load_fail(l, "demand");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "demand");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&m->demand, &cap, m->n_demand, sizeof *m->demand)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_demand *x = &m->demand[m->n_demand++];
        const char *sid = (const char *)sqlite3_column_text(st, 0);
        x->service = model_find_service(m, sid ? sid : "");
        x->commune = find_insee(m, (const char *)sqlite3_column_text(st, 1));
        if (x->service < 0 || x->commune < 0)
            return load_corrupt(l, "demand", sid ? sid : "",
                                "unknown service or commune");
        x->line = sqlite3_column_int(st, 3);
        x->weight = sqlite3_column_double(st, 4);
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, "demand");
}

/* Busy periods whose person, room or vehicle left the territory are
 * skipped: they constrain nothing any more. */
static enum status load_busy(struct loader *l)
{
    sqlite3_stmt *st = q(l->s, Q_BUSY_SELECT);
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    struct model *m = l->m;
    if (!st)
        return load_fail(l, "busy");
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return load_fail(l, "busy");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int kind;
        if (!ENUM_PARSE(busy_kind_names, (const char *)sqlite3_column_text(st, 0), &kind))
            return load_corrupt(l, "busy", "", "unknown kind");
        const char *who = (const char *)sqlite3_column_text(st, 1);
        who = who ? who : "";
        int idx = kind == BUSY_STAFF  ? model_find_staff(m, who)
                  : kind == BUSY_SITE ? model_find_site(m, who)
                                      : model_find_vehicle(m, who);
        if (idx < 0)
            continue;
        if (!grow(&m->busy, &cap, m->n_busy, sizeof *m->busy)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_busy *x = &m->busy[m->n_busy++];
        x->kind = (enum model_busy_kind)kind;
        x->who = idx;
        x->start = sqlite3_column_int64(st, 2);
        x->end = sqlite3_column_int64(st, 3);
        x->summary = col_dup(st, 4, &l->nomem);
    }
    return rc == SQLITE_DONE ? STATUS_OK : load_fail(l, "busy");
}

/* Builds the scenario's model inside the caller's transaction. */
static enum status load_scenario(struct store *s, long long sid,
                                 const char *name, struct model **out,
                                 struct diag *err)
{
    *out = NULL;
    struct model *m = model_new();
    if (!m)
        return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
    struct loader l = {.s = s, .sid = sid, .m = m, .err = err};
    m->dir = dup_str(name);
    if (!m->dir)
        l.nomem = true;
    enum status st = STATUS_OK;
    enum status (*const steps[])(struct loader *) = {
        load_sectors, load_settings, load_communes, load_sites, load_staff,
        load_vehicles, load_services, load_targets, load_travel, load_demand,
        load_busy,
    };
    st = load_names(&l, Q_SKILL_SELECT, "skill", m->skill_names, &m->n_skills);
    if (st == STATUS_OK && !l.nomem)
        st = load_names(&l, Q_TAG_SELECT, "tag", m->tag_names, &m->n_tags);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && st == STATUS_OK &&
                       !l.nomem; i++)
        st = steps[i](&l);
    if (st == STATUS_OK && l.nomem)
        st = diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL,
                      "out of memory loading scenario \"%s\"", name);
    if (st != STATUS_OK) {
        model_free(m);
        return st;
    }
    *out = m;
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Import: compare and write, table by table                            */
/* ------------------------------------------------------------------ */

/* How a row of the new model relates to the stored one with its key. */
enum change {
    SAME,      /* nothing to write */
    SILENT,    /* same content; position, CSV line or raw bits moved */
    CHANGED,   /* content differs: UPDATE, counted updated */
};

struct import {
    struct store *s;
    long long sid;
    const char *scenario;
    const struct model *m;    /* new */
    const struct model *old;  /* as stored before the import */
};

struct table_ops {
    const char *table;
    size_t (*count)(const struct model *m);
    /* The natural key of row i as one string (fields joined by \x1f);
     * malloc'd. */
    char *(*key)(const struct model *m, size_t i);
    enum change (*compare)(const struct model *old, size_t oi,
                           const struct model *m, size_t i);
    /* Upserts row i of im->m; returns an SQLite code. */
    int (*write)(struct import *im, size_t i);
    /* Deletes row i of im->old. */
    int (*remove)(struct import *im, size_t i);
};

static char *key_join(const char *a, const char *b, const char *c,
                      const char *d)
{
    const char *parts[4] = {a, b, c, d};
    size_t n = 0;
    for (int i = 0; i < 4 && parts[i]; i++)
        n += strlen(parts[i]) + 1;
    char *k = malloc(n + 1), *p = k;
    if (!k)
        return NULL;
    for (int i = 0; i < 4 && parts[i]; i++) {
        size_t len = strlen(parts[i]);
        if (i)
            *p++ = '\x1f';
        memcpy(p, parts[i], len);
        p += len;
    }
    *p = '\0';
    return k;
}

static enum change bookkeeping(enum change c, size_t oi, size_t i, int oline,
                               int line)
{
    if (c == SAME && (oi != i || oline != line))
        return SILENT;
    return c;
}

/* -- skills, tags, sectors -------------------------------------------- */

static size_t count_skills(const struct model *m) { return m->n_skills; }
static size_t count_tags(const struct model *m) { return m->n_tags; }
static size_t count_sectors(const struct model *m) { return m->n_sectors; }
static char *key_skill(const struct model *m, size_t i) { return key_join(m->skill_names[i], NULL, NULL, NULL); }
static char *key_tag(const struct model *m, size_t i) { return key_join(m->tag_names[i], NULL, NULL, NULL); }
static char *key_sector(const struct model *m, size_t i) { return key_join(m->sectors[i], NULL, NULL, NULL); }

/* A name's only non-key field is its position. */
static enum change compare_name(const struct model *old, size_t oi,
                                const struct model *m, size_t i)
{
    (void)old;
    (void)m;
    return oi == i ? SAME : SILENT;
}

static int write_name(struct import *im, enum qid id, const char *name, size_t pos)
{
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, id);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, name);
    BIND_INT(st, 3, pos);
    return run(st, brc);
}

static int remove_by_key(struct import *im, enum qid id, const char *k1,
                         const char *k2, const char *k3, const char *k4)
{
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, id);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, k1);
    if (k2)
        BIND_TEXT(st, 3, k2);
    if (k3)
        BIND_TEXT(st, 4, k3);
    if (k4)
        BIND_TEXT(st, 5, k4);
    return run(st, brc);
}

static int write_skill(struct import *im, size_t i) { return write_name(im, Q_SKILL_UPSERT, im->m->skill_names[i], i); }
static int write_tag(struct import *im, size_t i) { return write_name(im, Q_TAG_UPSERT, im->m->tag_names[i], i); }
static int write_sector(struct import *im, size_t i) { return write_name(im, Q_SECTOR_UPSERT, im->m->sectors[i], i); }
static int remove_skill(struct import *im, size_t i) { return remove_by_key(im, Q_SKILL_DELETE, im->old->skill_names[i], NULL, NULL, NULL); }
static int remove_tag(struct import *im, size_t i) { return remove_by_key(im, Q_TAG_DELETE, im->old->tag_names[i], NULL, NULL, NULL); }
static int remove_sector(struct import *im, size_t i) { return remove_by_key(im, Q_SECTOR_DELETE, im->old->sectors[i], NULL, NULL, NULL); }

static const struct table_ops skill_ops = {"skill", count_skills, key_skill, compare_name, write_skill, remove_skill};
static const struct table_ops tag_ops = {"tag", count_tags, key_tag, compare_name, write_tag, remove_tag};
static const struct table_ops sector_ops = {"sector", count_sectors, key_sector, compare_name, write_sector, remove_sector};

/* -- communes --------------------------------------------------------- */

static size_t count_communes(const struct model *m) { return m->n_communes; }
static char *key_commune(const struct model *m, size_t i) { return key_join(m->communes[i].insee, NULL, NULL, NULL); }

static enum change compare_commune(const struct model *old, size_t oi,
                                   const struct model *m, size_t i)
{
    const struct model_commune *a = &old->communes[oi], *b = &m->communes[i];
    bool same = str_eq(a->name, b->name) && str_eq(a->sector, b->sector) &&
                str_eq(a->aliases, b->aliases) &&
                a->population == b->population &&
                a->pop_known == b->pop_known && a->lat == b->lat &&
                a->lon == b->lon;
    for (int k = 0; same && k < AUD_COUNT; k++)
        same = a->pop[k] == b->pop[k];
    return bookkeeping(same ? SAME : CHANGED, oi, i, a->line, b->line);
}

static int write_commune(struct import *im, size_t i)
{
    const struct model_commune *c = &im->m->communes[i];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, Q_COMMUNE_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, c->insee);
    BIND_INT(st, 3, i);
    BIND_INT(st, 4, c->line);
    BIND_TEXT(st, 5, c->name);
    BIND_TEXT(st, 6, c->sector);
    BIND_TEXT(st, 7, c->aliases);
    BIND_INT(st, 8, c->population);
    for (int a = 0; a < AUD_COUNT; a++)
        BIND_REAL(st, 9 + a, c->pop[a]);
    BIND_INT(st, 18, c->pop_known);
    BIND_REAL(st, 19, c->lat);
    BIND_REAL(st, 20, c->lon);
    return run(st, brc);
}

static int remove_commune(struct import *im, size_t i)
{
    return remove_by_key(im, Q_COMMUNE_DELETE, im->old->communes[i].insee,
                         NULL, NULL, NULL);
}

static const struct table_ops commune_ops = {"commune", count_communes, key_commune, compare_commune, write_commune, remove_commune};

/* -- sites ------------------------------------------------------------ */

static size_t count_sites(const struct model *m) { return m->n_sites; }
static char *key_site(const struct model *m, size_t i) { return key_join(m->sites[i].id, NULL, NULL, NULL); }

static enum change compare_site(const struct model *old, size_t oi,
                                const struct model *m, size_t i)
{
    const struct model_site *a = &old->sites[oi], *b = &m->sites[i];
    bool same = opt_eq(insee_or_null(old, a->commune), insee_or_null(m, b->commune)) &&
                str_eq(a->name, b->name) && str_eq(a->address, b->address) &&
                a->lat == b->lat && a->lon == b->lon && a->kind == b->kind &&
                a->capacity == b->capacity &&
                mask_eq(old->tag_names, old->n_tags, a->tags, m->tag_names,
                        m->n_tags, b->tags) &&
                windows_eq(a->open, a->n_open, b->open, b->n_open);
    enum change c = bookkeeping(same ? SAME : CHANGED, oi, i, a->line, b->line);
    return c == SAME && a->tags != b->tags ? SILENT : c;
}

static int write_windows(struct import *im, enum qid clear, enum qid insert,
                         const char *owner, const struct model_window *w,
                         size_t n)
{
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = q(im->s, clear);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, owner);
    if ((rc = run(st, brc)) != SQLITE_OK)
        return rc;
    for (size_t k = 0; k < n; k++) {
        st = q(im->s, insert);
        if (!st)
            return prep_failed(im->s);
        BIND_INT(st, 1, im->sid);
        BIND_TEXT(st, 2, owner);
        BIND_INT(st, 3, k);
        BIND_INT(st, 4, w[k].weekday);
        BIND_INT(st, 5, w[k].start);
        BIND_INT(st, 6, w[k].end);
        if ((rc = run(st, brc)) != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

static int write_site(struct import *im, size_t i)
{
    const struct model_site *x = &im->m->sites[i];
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = q(im->s, Q_SITE_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, x->id);
    BIND_INT(st, 3, i);
    BIND_INT(st, 4, x->line);
    BIND_OPT_TEXT(st, 5, insee_or_null(im->m, x->commune));
    BIND_TEXT(st, 6, x->name);
    BIND_TEXT(st, 7, x->address);
    BIND_REAL(st, 8, x->lat);
    BIND_REAL(st, 9, x->lon);
    BIND_TEXT(st, 10, model_site_kind_name(x->kind));
    BIND_INT(st, 11, x->capacity);
    BIND_INT(st, 12, (sqlite3_int64)x->tags);
    if ((rc = run(st, brc)) != SQLITE_OK)
        return rc;
    return write_windows(im, Q_SITE_OPEN_CLEAR, Q_SITE_OPEN_INSERT, x->id,
                         x->open, x->n_open);
}

static int remove_site(struct import *im, size_t i)
{
    return remove_by_key(im, Q_SITE_DELETE, im->old->sites[i].id, NULL, NULL, NULL);
}

static const struct table_ops site_ops = {"site", count_sites, key_site, compare_site, write_site, remove_site};

/* -- staff ------------------------------------------------------------ */

static size_t count_staff(const struct model *m) { return m->n_staff; }
static char *key_staff(const struct model *m, size_t i) { return key_join(m->staff[i].id, NULL, NULL, NULL); }

static enum change compare_staff(const struct model *old, size_t oi,
                                 const struct model *m, size_t i)
{
    const struct model_staff *a = &old->staff[oi], *b = &m->staff[i];
    bool same = str_eq(a->name, b->name) && str_eq(a->role, b->role) &&
                str_eq(a->employer, b->employer) &&
                mask_eq(old->skill_names, old->n_skills, a->skills,
                        m->skill_names, m->n_skills, b->skills) &&
                opt_eq(site_id_or_null(old, a->base_site), site_id_or_null(m, b->base_site)) &&
                opt_eq(insee_or_null(old, a->base_commune), insee_or_null(m, b->base_commune)) &&
                a->base_lat == b->base_lat && a->base_lon == b->base_lon &&
                a->weekly_minutes == b->weekly_minutes &&
                a->halfdays == b->halfdays && a->licence == b->licence &&
                a->max_drive_minutes == b->max_drive_minutes;
    enum change c = bookkeeping(same ? SAME : CHANGED, oi, i, a->line, b->line);
    return c == SAME && a->skills != b->skills ? SILENT : c;
}

static int write_staff(struct import *im, size_t i)
{
    const struct model_staff *x = &im->m->staff[i];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, Q_STAFF_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, x->id);
    BIND_INT(st, 3, i);
    BIND_INT(st, 4, x->line);
    BIND_TEXT(st, 5, x->name);
    BIND_TEXT(st, 6, x->role);
    BIND_TEXT(st, 7, x->employer);
    BIND_INT(st, 8, (sqlite3_int64)x->skills);
    BIND_OPT_TEXT(st, 9, site_id_or_null(im->m, x->base_site));
    BIND_OPT_TEXT(st, 10, insee_or_null(im->m, x->base_commune));
    BIND_REAL(st, 11, x->base_lat);
    BIND_REAL(st, 12, x->base_lon);
    BIND_REAL(st, 13, x->weekly_minutes);
    BIND_INT(st, 14, x->halfdays);
    BIND_INT(st, 15, x->licence ? 1 : 0);
    BIND_INT(st, 16, x->max_drive_minutes);
    return run(st, brc);
}

static int remove_staff(struct import *im, size_t i)
{
    return remove_by_key(im, Q_STAFF_DELETE, im->old->staff[i].id, NULL, NULL, NULL);
}

static const struct table_ops staff_ops = {"staff", count_staff, key_staff, compare_staff, write_staff, remove_staff};

/* -- vehicles --------------------------------------------------------- */

static size_t count_vehicles(const struct model *m) { return m->n_vehicles; }
static char *key_vehicle(const struct model *m, size_t i) { return key_join(m->vehicles[i].id, NULL, NULL, NULL); }

static enum change compare_vehicle(const struct model *old, size_t oi,
                                   const struct model *m, size_t i)
{
    const struct model_vehicle *a = &old->vehicles[oi], *b = &m->vehicles[i];
    bool same = str_eq(a->kind, b->kind) && a->seats == b->seats &&
                opt_eq(site_id_or_null(old, a->base_site), site_id_or_null(m, b->base_site)) &&
                opt_eq(insee_or_null(old, a->base_commune), insee_or_null(m, b->base_commune)) &&
                a->base_lat == b->base_lat && a->base_lon == b->base_lon &&
                a->cost_per_km == b->cost_per_km && a->halfdays == b->halfdays;
    return bookkeeping(same ? SAME : CHANGED, oi, i, a->line, b->line);
}

static int write_vehicle(struct import *im, size_t i)
{
    const struct model_vehicle *x = &im->m->vehicles[i];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, Q_VEHICLE_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, x->id);
    BIND_INT(st, 3, i);
    BIND_INT(st, 4, x->line);
    BIND_TEXT(st, 5, x->kind);
    BIND_INT(st, 6, x->seats);
    BIND_OPT_TEXT(st, 7, site_id_or_null(im->m, x->base_site));
    BIND_OPT_TEXT(st, 8, insee_or_null(im->m, x->base_commune));
    BIND_REAL(st, 9, x->base_lat);
    BIND_REAL(st, 10, x->base_lon);
    BIND_REAL(st, 11, x->cost_per_km);
    BIND_INT(st, 12, x->halfdays);
    return run(st, brc);
}

static int remove_vehicle(struct import *im, size_t i)
{
    return remove_by_key(im, Q_VEHICLE_DELETE, im->old->vehicles[i].id, NULL, NULL, NULL);
}

static const struct table_ops vehicle_ops = {"vehicle", count_vehicles, key_vehicle, compare_vehicle, write_vehicle, remove_vehicle};

/* -- services --------------------------------------------------------- */

static size_t count_services(const struct model *m) { return m->n_services; }
static char *key_service(const struct model *m, size_t i) { return key_join(m->services[i].id, NULL, NULL, NULL); }

static bool service_communes_eq(const struct model *old,
                                const struct model_service *a,
                                const struct model *m,
                                const struct model_service *b)
{
    if (a->n_communes != b->n_communes)
        return false;
    for (size_t k = 0; k < a->n_communes; k++)
        if (!opt_eq(insee_or_null(old, a->communes[k]), insee_or_null(m, b->communes[k])))
            return false;
    return true;
}

static enum change compare_service(const struct model *old, size_t oi,
                                   const struct model *m, size_t i)
{
    const struct model_service *a = &old->services[oi], *b = &m->services[i];
    bool same =
        str_eq(a->name, b->name) && str_eq(a->audience_text, b->audience_text) &&
        a->target == b->target && a->duration == b->duration &&
        a->setup == b->setup && a->teardown == b->teardown &&
        mask_eq(old->skill_names, old->n_skills, a->skills, m->skill_names,
                m->n_skills, b->skills) &&
        a->staff_count == b->staff_count &&
        str_eq(a->vehicle_kind, b->vehicle_kind) &&
        mask_eq(old->tag_names, old->n_tags, a->site_tags, m->tag_names,
                m->n_tags, b->site_tags) &&
        a->site_kinds == b->site_kinds && a->halfdays == b->halfdays &&
        windows_eq(a->windows, a->n_windows, b->windows, b->n_windows) &&
        a->cadences == b->cadences && a->times == b->times &&
        a->max_sites == b->max_sites &&
        a->school_holidays == b->school_holidays &&
        a->public_holidays == b->public_holidays &&
        a->travel_max_minutes == b->travel_max_minutes &&
        a->weight == b->weight && str_eq(a->booking, b->booking) &&
        str_eq(a->category, b->category) &&
        service_communes_eq(old, a, m, b);
    enum change c = bookkeeping(same ? SAME : CHANGED, oi, i, a->line, b->line);
    return c == SAME && (a->skills != b->skills || a->site_tags != b->site_tags)
               ? SILENT : c;
}

static int write_service(struct import *im, size_t i)
{
    const struct model_service *x = &im->m->services[i];
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = q(im->s, Q_SERVICE_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, x->id);
    BIND_INT(st, 3, i);
    BIND_INT(st, 4, x->line);
    BIND_TEXT(st, 5, x->name);
    BIND_TEXT(st, 6, x->audience_text);
    BIND_TEXT(st, 7, model_audience_column(x->target));
    BIND_INT(st, 8, x->duration);
    BIND_INT(st, 9, x->setup);
    BIND_INT(st, 10, x->teardown);
    BIND_INT(st, 11, (sqlite3_int64)x->skills);
    BIND_INT(st, 12, x->staff_count);
    BIND_TEXT(st, 13, x->vehicle_kind);
    BIND_INT(st, 14, (sqlite3_int64)x->site_tags);
    BIND_INT(st, 15, x->site_kinds);
    BIND_INT(st, 16, x->halfdays);
    BIND_INT(st, 17, x->cadences);
    BIND_INT(st, 18, x->times);
    BIND_INT(st, 19, x->max_sites);
    BIND_TEXT(st, 20, ENUM_NAME(holiday_policy_names, x->school_holidays));
    BIND_TEXT(st, 21, ENUM_NAME(holiday_policy_names, x->public_holidays));
    BIND_INT(st, 22, x->travel_max_minutes);
    BIND_REAL(st, 23, x->weight);
    BIND_TEXT(st, 24, x->booking);
    BIND_TEXT(st, 25, x->category);
    if ((rc = run(st, brc)) != SQLITE_OK)
        return rc;
    rc = write_windows(im, Q_SERVICE_WINDOW_CLEAR, Q_SERVICE_WINDOW_INSERT,
                       x->id, x->windows, x->n_windows);
    if (rc != SQLITE_OK)
        return rc;
    st = q(im->s, Q_SERVICE_COMMUNE_CLEAR);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, x->id);
    if ((rc = run(st, brc)) != SQLITE_OK)
        return rc;
    for (size_t k = 0; k < x->n_communes; k++) {
        st = q(im->s, Q_SERVICE_COMMUNE_INSERT);
        if (!st)
            return prep_failed(im->s);
        BIND_INT(st, 1, im->sid);
        BIND_TEXT(st, 2, x->id);
        BIND_INT(st, 3, k);
        BIND_OPT_TEXT(st, 4, insee_or_null(im->m, x->communes[k]));
        if ((rc = run(st, brc)) != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

static int remove_service(struct import *im, size_t i)
{
    return remove_by_key(im, Q_SERVICE_DELETE, im->old->services[i].id, NULL, NULL, NULL);
}

static const struct table_ops service_ops = {"service", count_services, key_service, compare_service, write_service, remove_service};

/* -- targets ---------------------------------------------------------- */

static const char *service_id_or_empty(const struct model *m, int i)
{
    return i >= 0 && (size_t)i < m->n_services ? m->services[i].id : "";
}

static size_t count_targets(const struct model *m) { return m->n_targets; }
static char *key_target(const struct model *m, size_t i)
{
    const struct model_target *t = &m->targets[i];
    return key_join(service_id_or_empty(m, t->service), ENUM_NAME(scope_names, t->scope),
                    t->where ? t->where : "", ENUM_NAME(period_names, t->period));
}

static enum change compare_target(const struct model *old, size_t oi,
                                  const struct model *m, size_t i)
{
    const struct model_target *a = &old->targets[oi], *b = &m->targets[i];
    bool same = opt_eq(insee_or_null(old, a->commune), insee_or_null(m, b->commune)) &&
                a->min_sessions == b->min_sessions && str_eq(a->label, b->label);
    return bookkeeping(same ? SAME : CHANGED, oi, i, a->line, b->line);
}

static int write_target(struct import *im, size_t i)
{
    const struct model_target *x = &im->m->targets[i];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, Q_TARGET_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, service_id_or_empty(im->m, x->service));
    BIND_TEXT(st, 3, ENUM_NAME(scope_names, x->scope));
    BIND_TEXT(st, 4, x->where ? x->where : "");
    BIND_TEXT(st, 5, ENUM_NAME(period_names, x->period));
    BIND_INT(st, 6, i);
    BIND_INT(st, 7, x->line);
    BIND_OPT_TEXT(st, 8, insee_or_null(im->m, x->commune));
    BIND_INT(st, 9, x->min_sessions);
    BIND_TEXT(st, 10, x->label);
    return run(st, brc);
}

static int remove_target(struct import *im, size_t i)
{
    const struct model_target *x = &im->old->targets[i];
    return remove_by_key(im, Q_TARGET_DELETE, service_id_or_empty(im->old, x->service),
                         ENUM_NAME(scope_names, x->scope), x->where ? x->where : "",
                         ENUM_NAME(period_names, x->period));
}

static const struct table_ops target_ops = {"target", count_targets, key_target, compare_target, write_target, remove_target};

/* -- travel ----------------------------------------------------------- */

static size_t count_travel(const struct model *m) { return m->n_travel; }
static char *key_travel(const struct model *m, size_t i)
{
    const char *a = insee_or_null(m, m->travel[i].from_commune);
    const char *b = insee_or_null(m, m->travel[i].to_commune);
    return key_join(a ? a : "", b ? b : "", NULL, NULL);
}

static enum change compare_travel(const struct model *old, size_t oi,
                                  const struct model *m, size_t i)
{
    const struct model_travel *a = &old->travel[oi], *b = &m->travel[i];
    bool same = a->km == b->km && a->minutes == b->minutes;
    return bookkeeping(same ? SAME : CHANGED, oi, i, 0, 0);
}

static int write_travel(struct import *im, size_t i)
{
    const struct model_travel *x = &im->m->travel[i];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, Q_TRAVEL_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_OPT_TEXT(st, 2, insee_or_null(im->m, x->from_commune));
    BIND_OPT_TEXT(st, 3, insee_or_null(im->m, x->to_commune));
    BIND_INT(st, 4, i);
    BIND_REAL(st, 5, x->km);
    BIND_REAL(st, 6, x->minutes);
    return run(st, brc);
}

static int remove_travel(struct import *im, size_t i)
{
    const struct model_travel *x = &im->old->travel[i];
    return remove_by_key(im, Q_TRAVEL_DELETE, insee_or_null(im->old, x->from_commune),
                         insee_or_null(im->old, x->to_commune), NULL, NULL);
}

static const struct table_ops travel_ops = {"travel", count_travel, key_travel, compare_travel, write_travel, remove_travel};

/* -- demand ----------------------------------------------------------- */

static size_t count_demand(const struct model *m) { return m->n_demand; }
static char *key_demand(const struct model *m, size_t i)
{
    const char *c = insee_or_null(m, m->demand[i].commune);
    return key_join(service_id_or_empty(m, m->demand[i].service), c ? c : "", NULL, NULL);
}

static enum change compare_demand(const struct model *old, size_t oi,
                                  const struct model *m, size_t i)
{
    const struct model_demand *a = &old->demand[oi], *b = &m->demand[i];
    return bookkeeping(a->weight == b->weight ? SAME : CHANGED, oi, i, a->line, b->line);
}

static int write_demand(struct import *im, size_t i)
{
    const struct model_demand *x = &im->m->demand[i];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(im->s, Q_DEMAND_UPSERT);
    if (!st)
        return prep_failed(im->s);
    BIND_INT(st, 1, im->sid);
    BIND_TEXT(st, 2, service_id_or_empty(im->m, x->service));
    BIND_OPT_TEXT(st, 3, insee_or_null(im->m, x->commune));
    BIND_INT(st, 4, i);
    BIND_INT(st, 5, x->line);
    BIND_REAL(st, 6, x->weight);
    return run(st, brc);
}

static int remove_demand(struct import *im, size_t i)
{
    const struct model_demand *x = &im->old->demand[i];
    return remove_by_key(im, Q_DEMAND_DELETE, service_id_or_empty(im->old, x->service),
                         insee_or_null(im->old, x->commune), NULL, NULL);
}

static const struct table_ops demand_ops = {"demand", count_demand, key_demand, compare_demand, write_demand, remove_demand};

/* Upserts go parents first; deletions run in the reverse order, children
 * first, once every upsert is done, so a row is only deleted when
 * nothing new points at it. */
static const struct table_ops *const import_order[] = {
    &skill_ops, &tag_ops, &sector_ops, &commune_ops, &site_ops, &staff_ops,
    &vehicle_ops, &service_ops, &target_ops, &travel_ops, &demand_ops,
};
#define N_IMPORT_TABLES (sizeof import_order / sizeof import_order[0])

/* -- the driver ------------------------------------------------------- */

struct kentry {
    char *key;
    size_t idx;
};

static int kentry_cmp(const void *a, const void *b)
{
    const struct kentry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static void kindex_free(struct kentry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++)
        free(e[i].key);
    free(e);
}

/* Keys of every row, sorted; NULL on allocation failure (n == 0 gives a
 * non-NULL empty array). */
static struct kentry *kindex_build(const struct table_ops *ops,
                                   const struct model *m, size_t n)
{
    struct kentry *e = calloc(n ? n : 1, sizeof *e);
    if (!e)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        e[i].idx = i;
        e[i].key = ops->key(m, i);
        if (!e[i].key) {
            kindex_free(e, n);
            return NULL;
        }
    }
    qsort(e, n, sizeof *e, kentry_cmp);
    return e;
}

static long kindex_find(const struct kentry *e, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(e[mid].key, key);
        if (c == 0)
            return (long)e[mid].idx;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* "a\x1fb" -> "a / b" for messages. */
static void key_display(const char *key, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *p = key; *p && n + 4 < size; p++) {
        if (*p == '\x1f') {
            memcpy(buf + n, " / ", 3);
            n += 3;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n] = '\0';
}

static enum status row_error(struct import *im, struct diag *err,
                             const char *verb, const struct table_ops *ops,
                             const char *key)
{
    char shown[128], what[256];
    key_display(key, shown, sizeof shown);
    snprintf(what, sizeof what, "%s %s \"%s\" in scenario \"%s\"", verb,
             ops->table, shown, im->scenario);
    return store_db_error(im->s, err, what);
}

/* Upserts every row of one table; marks in seen which old rows are
 * still there. */
static enum status import_table(struct import *im, const struct table_ops *ops,
                                bool *seen, struct store_import_counts *c,
                                struct diag *err)
{
    size_t n = ops->count(im->m), nold = ops->count(im->old);
    struct kentry *mine = kindex_build(ops, im->m, n);
    struct kentry *old = kindex_build(ops, im->old, nold);
    enum status ret = STATUS_OK;
    if (!mine || !old) {
        ret = diag_set(err, STATUS_NOMEM, im->s->path, 0, 0, NULL, "out of memory");
        goto done;
    }
    /* Two rows with one key would silently merge: refuse them. */
    for (size_t k = 1; k < n; k++)
        if (!strcmp(mine[k - 1].key, mine[k].key)) {
            char shown[128];
            key_display(mine[k].key, shown, sizeof shown);
            ret = diag_set(err, STATUS_INVALID, im->s->path, 0, 0, NULL,
                           "%s \"%s\" appears twice in the model (rows %zu and %zu)",
                           ops->table, shown, mine[k - 1].idx + 1, mine[k].idx + 1);
            goto done;
        }
    for (size_t k = 0; k < n; k++) {
        size_t i = mine[k].idx;
        long oi = kindex_find(old, nold, mine[k].key);
        enum change ch = CHANGED;
        if (oi >= 0) {
            seen[oi] = true;
            ch = ops->compare(im->old, (size_t)oi, im->m, i);
        }
        if (ch != SAME && ops->write(im, i) != SQLITE_OK) {
            ret = row_error(im, err, oi >= 0 ? "updating" : "inserting", ops,
                            mine[k].key);
            goto done;
        }
        if (oi < 0)
            c->inserted++;
        else if (ch == CHANGED)
            c->updated++;
        else
            c->unchanged++;
    }
done:
    kindex_free(mine, n);
    kindex_free(old, nold);
    return ret;
}

static enum status delete_unseen(struct import *im, const struct table_ops *ops,
                                 const bool *seen, struct store_import_counts *c,
                                 struct diag *err)
{
    size_t nold = ops->count(im->old);
    for (size_t i = 0; i < nold; i++) {
        if (seen[i])
            continue;
        if (ops->remove(im, i) != SQLITE_OK) {
            char *key = ops->key(im->old, i);
            enum status st = row_error(im, err, "deleting", ops, key ? key : "?");
            free(key);
            return st;
        }
        c->deleted++;
    }
    return STATUS_OK;
}

/* Settings are a fixed set of keys: rows of unknown keys (from an older
 * planner) are deleted, missing ones inserted. */
static enum status import_settings(struct import *im,
                                   struct store_import_counts *c,
                                   struct diag *err)
{
    bool seen[N_SETTINGS] = {false};
    char stale[8][64];
    size_t n_stale = 0;
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = q(im->s, Q_SETTINGS_SELECT);
    bool changed[N_SETTINGS] = {false};
    if (!st)
        return store_db_error(im->s, err, "reading settings");
    BIND_INT(st, 1, im->sid);
    if (brc != SQLITE_OK)
        return store_db_error(im->s, err, "reading settings");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const struct setting_def *d = setting_find(key);
        if (!d) {
            if (n_stale < sizeof stale / sizeof stale[0])
                snprintf(stale[n_stale++], sizeof stale[0], "%s", key ? key : "");
            continue;
        }
        size_t k = (size_t)(d - setting_defs);
        seen[k] = true;
        changed[k] = !setting_equal(st, 1, d, &im->m->settings);
    }
    if (rc != SQLITE_DONE)
        return store_db_error(im->s, err, "reading settings");
    sqlite3_reset(st);
    for (size_t k = 0; k < N_SETTINGS; k++) {
        if (seen[k] && !changed[k]) {
            c->unchanged++;
            continue;
        }
        st = q(im->s, Q_SETTINGS_UPSERT);
        if (!st)
            return store_db_error(im->s, err, "writing settings");
        BIND_INT(st, 1, im->sid);
        BIND_TEXT(st, 2, setting_defs[k].key);
        brc = brc != SQLITE_OK ? brc : bind_setting(st, 3, &setting_defs[k], &im->m->settings);
        if (run(st, brc) != SQLITE_OK) {
            char what[128];
            snprintf(what, sizeof what, "writing setting \"%s\" of scenario \"%s\"",
                     setting_defs[k].key, im->scenario);
            return store_db_error(im->s, err, what);
        }
        if (seen[k])
            c->updated++;
        else
            c->inserted++;
    }
    for (size_t k = 0; k < n_stale; k++) {
        st = q(im->s, Q_SETTINGS_DELETE);
        if (!st)
            return store_db_error(im->s, err, "deleting settings");
        BIND_INT(st, 1, im->sid);
        BIND_TEXT(st, 2, stale[k]);
        if (run(st, brc) != SQLITE_OK)
            return store_db_error(im->s, err, "deleting settings");
        c->deleted++;
    }
    return STATUS_OK;
}

static enum status import_all(struct import *im, struct store_import_counts *c,
                              struct diag *err)
{
    bool *seen[N_IMPORT_TABLES] = {NULL};
    enum status st = STATUS_OK;
    for (size_t t = 0; t < N_IMPORT_TABLES && st == STATUS_OK; t++) {
        size_t n = import_order[t]->count(im->old);
        seen[t] = calloc(n ? n : 1, sizeof *seen[t]);
        if (!seen[t])
            st = diag_set(err, STATUS_NOMEM, im->s->path, 0, 0, NULL, "out of memory");
    }
    if (st == STATUS_OK)
        st = import_settings(im, c, err);
    for (size_t t = 0; t < N_IMPORT_TABLES && st == STATUS_OK; t++)
        st = import_table(im, import_order[t], seen[t], c, err);
    for (size_t t = N_IMPORT_TABLES; t-- > 0 && st == STATUS_OK;)
        st = delete_unseen(im, import_order[t], seen[t], c, err);
    for (size_t t = 0; t < N_IMPORT_TABLES; t++)
        free(seen[t]);
    return st;
}

/* ------------------------------------------------------------------ */
/* Public API: open, import, load, scenarios                            */
/* ------------------------------------------------------------------ */

enum status store_open(const char *path, bool create, struct store **out,
                       struct diag *err)
{
    *out = NULL;
    struct store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = dup_str(path))) {
        free(s);
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    enum status st = store_schema_open(s, create, err);
    if (st != STATUS_OK) {
        store_close(s);
        return st;
    }
    *out = s;
    return STATUS_OK;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    store_rollback(s);
    for (int i = 0; i < STORE_MAX_STMTS; i++)
        sqlite3_finalize(s->stmts[i]);
    /* Every statement is finalized: close cannot be refused as busy.
     * The last connection to close checkpoints the WAL into the file. */
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

enum status store_begin(struct store *s, struct diag *err)
{
    if (s->in_tx)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "a transaction is already open on this project file");
    enum status st = store_begin_immediate(s, err);
    if (st == STATUS_OK)
        s->in_tx = true;
    return st;
}

enum status store_commit(struct store *s, struct diag *err)
{
    if (!s->in_tx)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "no transaction is open on this project file");
    release(s);
    s->in_tx = false;
    /* SQLite rolls the whole transaction back by itself after some
     * errors (a full disk, an I/O error): committing now would save
     * nothing and report success. */
    if (sqlite3_get_autocommit(s->db))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "the transaction was rolled back by an earlier error;"
                        " nothing was saved");
    enum status st = exec(s, "COMMIT", "committing", err);
    if (st != STATUS_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

void store_rollback(struct store *s)
{
    if (!s || !s->in_tx)
        return;
    release(s);
    s->in_tx = false;
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_schema_version(const struct store *s)
{
    return s->version;
}

enum status store_import_model(struct store *s, const char *scenario,
                               const struct model *m,
                               struct store_import_counts *counts,
                               struct diag *err)
{
    struct store_import_counts c = {0, 0, 0, 0};
    struct model *old = NULL;
    long long sid = 0;
    if (counts)
        *counts = c;
    enum status st = begin_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = scenario_lookup(s, scenario, &sid, err);
    if (st == STATUS_OK && sid == 0)
        st = scenario_create(s, scenario, NULL, &sid, err);
    if (st == STATUS_OK)
        st = load_scenario(s, sid, scenario, &old, err);
    if (st == STATUS_OK) {
        struct import im = {s, sid, scenario, m, old};
        st = import_all(&im, &c, err);
    }
    model_free(old);
    st = finish(s, st, err);
    if (st == STATUS_OK && counts)
        *counts = c;
    return st;
}

enum status store_load_model(struct store *s, const char *scenario,
                             struct model **out, struct diag *err)
{
    long long sid = 0;
    *out = NULL;
    /* One read transaction: a consistent snapshot even while another
     * process imports. */
    enum status st = begin_read(s, err);
    if (st != STATUS_OK)
        return st;
    st = scenario_require(s, scenario, &sid, err);
    if (st == STATUS_OK)
        st = load_scenario(s, sid, scenario, out, err);
    return finish(s, st, err);
}

enum status store_list_scenarios(struct store *s, FILE *out, struct diag *err)
{
    sqlite3_stmt *st = q(s, Q_SCENARIO_LIST);
    int rc;
    if (!st)
        return store_db_error(s, err, "listing scenarios");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fprintf(out, "%s\n", (const char *)sqlite3_column_text(st, 0));
    enum status ret = rc == SQLITE_DONE ? STATUS_OK
                                        : store_db_error(s, err, "listing scenarios");
    release(s);
    return ret;
}

bool store_has_scenario(struct store *s, const char *scenario)
{
    long long sid = 0;
    struct diag ignored;
    bool has = scenario_lookup(s, scenario, &sid, &ignored) == STATUS_OK && sid > 0;
    release(s);
    return has;
}

/* Territory tables, parents first; each copy is one INSERT ... SELECT
 * with the new scenario id.  Plans and event state are not copied: a
 * variant has published nothing yet. */
static const char *const copy_sql[] = {
    "INSERT INTO skill(scenario_id, " NAME_COLS ") SELECT ?1, " NAME_COLS
    " FROM skill WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO tag(scenario_id, " NAME_COLS ") SELECT ?1, " NAME_COLS
    " FROM tag WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO sector(scenario_id, " NAME_COLS ") SELECT ?1, " NAME_COLS
    " FROM sector WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO settings(scenario_id, " SETTINGS_COLS ") SELECT ?1, " SETTINGS_COLS
    " FROM settings WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO commune(scenario_id, " COMMUNE_COLS ") SELECT ?1, " COMMUNE_COLS
    " FROM commune WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO site(scenario_id, " SITE_COLS ") SELECT ?1, " SITE_COLS
    " FROM site WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO site_open(scenario_id, " SITE_OPEN_COLS ") SELECT ?1, " SITE_OPEN_COLS
    " FROM site_open WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO staff(scenario_id, " STAFF_COLS ") SELECT ?1, " STAFF_COLS
    " FROM staff WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO vehicle(scenario_id, " VEHICLE_COLS ") SELECT ?1, " VEHICLE_COLS
    " FROM vehicle WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO service(scenario_id, " SERVICE_COLS ") SELECT ?1, " SERVICE_COLS
    " FROM service WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO service_window(scenario_id, " SERVICE_WINDOW_COLS ") SELECT ?1, "
    SERVICE_WINDOW_COLS " FROM service_window WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO service_commune(scenario_id, " SERVICE_COMMUNE_COLS ") SELECT ?1, "
    SERVICE_COMMUNE_COLS " FROM service_commune WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO target(scenario_id, " TARGET_COLS ") SELECT ?1, " TARGET_COLS
    " FROM target WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO travel(scenario_id, " TRAVEL_COLS ") SELECT ?1, " TRAVEL_COLS
    " FROM travel WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO demand(scenario_id, " DEMAND_COLS ") SELECT ?1, " DEMAND_COLS
    " FROM demand WHERE scenario_id = ?2 ORDER BY id",
    "INSERT INTO busy(scenario_id, " BUSY_COLS ") SELECT ?1, " BUSY_COLS
    " FROM busy WHERE scenario_id = ?2 ORDER BY id",
};

enum status store_copy_scenario(struct store *s, const char *from,
                                const char *to, struct diag *err)
{
    long long src = 0, dst = 0;
    enum status st = begin_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = scenario_require(s, from, &src, err);
    if (st == STATUS_OK)
        st = scenario_lookup(s, to, &dst, err);
    if (st == STATUS_OK && dst != 0)
        st = diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                      "scenario \"%s\" already exists", to);
    if (st == STATUS_OK)
        st = scenario_create(s, to, from, &dst, err);
    for (size_t i = 0; st == STATUS_OK && i < sizeof copy_sql / sizeof copy_sql[0]; i++) {
        /* Used once per copy: not worth a cache slot. */
        sqlite3_stmt *stmt = NULL;
        int brc = SQLITE_OK;
        int rc = sqlite3_prepare_v2(s->db, copy_sql[i], -1, &stmt, NULL);
        if (rc == SQLITE_OK) {
            BIND_INT(stmt, 1, dst);
            BIND_INT(stmt, 2, src);
            rc = run(stmt, brc);
        }
        if (rc != SQLITE_OK) {
            char what[160];
            snprintf(what, sizeof what, "copying scenario \"%s\" to \"%s\"", from, to);
            st = store_db_error(s, err, what);
        }
        sqlite3_finalize(stmt);
    }
    return finish(s, st, err);
}

/* ------------------------------------------------------------------ */
/* Plans                                                                */
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

/* Splits team text back into indices of m; ids not in m are dropped
 * (*missing counts them). */
static void team_parse(const struct model *m, const char *text, int *staff,
                       int *n_staff, int *missing)
{
    char id[256];
    size_t n = 0;
    *n_staff = 0;
    *missing = 0;
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
            else
                (*missing)++;
            n = 0;
            if (!*p)
                break;
            continue;
        }
        if (n + 1 < sizeof id)
            id[n++] = *p;
    }
}

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

/* Event state as stored. */
struct event_row {
    char uid[128];
    char service[128], site[128], day[11], vehicle[128];
    bool has_vehicle;
    int start, end;
    char *team;            /* malloc'd canonical team text */
    long long sequence, last_modified, cancelled_at;
    bool cancelled;
};

static int uid_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Updates event_state for one confirmed session and writes sequence and
 * last_modified back into it. */
static enum status save_event(struct store *s, long long sid,
                              const struct model *m, struct model_session *x,
                              long long now, struct diag *err)
{
    char team[1024], day[11];
    const char *service = m->services[x->service].id;
    const char *site = m->sites[x->site].id;
    const char *vehicle = x->vehicle >= 0 ? m->vehicles[x->vehicle].id : NULL;
    int brc = SQLITE_OK, rc;
    if (!team_text(m, x, team, sizeof team))
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "session \"%s\": staff ids too long", x->uid);
    iso(x->day, day);
    sqlite3_stmt *st = q(s, Q_EVENT_GET);
    if (!st)
        return store_db_error(s, err, "reading event state");
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, x->uid);
    rc = brc == SQLITE_OK ? sqlite3_step(st) : brc;
    enum qid write = Q_EVENT_INSERT;
    long long seq = 0;
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 6);
        bool same = str_eq((const char *)sqlite3_column_text(st, 0), service) &&
                    str_eq((const char *)sqlite3_column_text(st, 1), site) &&
                    str_eq((const char *)sqlite3_column_text(st, 2), day) &&
                    sqlite3_column_int(st, 3) == x->start &&
                    sqlite3_column_int(st, 4) == x->end &&
                    str_eq((const char *)sqlite3_column_text(st, 5), team) &&
                    opt_eq(v, vehicle) &&
                    sqlite3_column_type(st, 9) == SQLITE_NULL;
        seq = sqlite3_column_int64(st, 7);
        if (same) {
            x->sequence = (int)seq;
            x->last_modified = sqlite3_column_int64(st, 8);
            sqlite3_reset(st);
            return STATUS_OK;
        }
        /* Changed, or re-published after a cancellation. */
        seq++;
        write = Q_EVENT_UPDATE;
    } else if (rc != SQLITE_DONE) {
        return store_db_error(s, err, "reading event state");
    }
    sqlite3_reset(st);
    st = q(s, write);
    if (!st)
        return store_db_error(s, err, "writing event state");
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, x->uid);
    BIND_TEXT(st, 3, service);
    BIND_TEXT(st, 4, site);
    BIND_TEXT(st, 5, day);
    BIND_INT(st, 6, x->start);
    BIND_INT(st, 7, x->end);
    BIND_TEXT(st, 8, team);
    BIND_OPT_TEXT(st, 9, vehicle);
    BIND_INT(st, 10, seq);
    BIND_INT(st, 11, now);
    if (run(st, brc) != SQLITE_OK) {
        char what[200];
        snprintf(what, sizeof what, "writing event state of \"%s\"", x->uid);
        return store_db_error(s, err, what);
    }
    x->sequence = (int)seq;
    x->last_modified = now;
    return STATUS_OK;
}

static void event_rows_free(struct event_row *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        free(r[i].team);
    free(r);
}

/* Reads the whole event state of a scenario into memory (the caller
 * then updates rows; no statement stays open over its own table). */
static enum status event_rows_read(struct store *s, long long sid,
                                   struct event_row **out, size_t *n,
                                   struct diag *err)
{
    struct event_row *r = NULL;
    size_t cap = 0;
    int brc = SQLITE_OK, rc;
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = q(s, Q_EVENT_ALL);
    if (!st)
        return store_db_error(s, err, "reading event state");
    BIND_INT(st, 1, sid);
    if (brc != SQLITE_OK)
        return store_db_error(s, err, "reading event state");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!grow(&r, &cap, *n, sizeof *r)) {
            event_rows_free(r, *n);
            return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
        }
        struct event_row *e = &r[(*n)++];
        col_copy(st, 0, e->uid, sizeof e->uid);
        col_copy(st, 1, e->service, sizeof e->service);
        col_copy(st, 2, e->site, sizeof e->site);
        col_copy(st, 3, e->day, sizeof e->day);
        e->start = sqlite3_column_int(st, 4);
        e->end = sqlite3_column_int(st, 5);
        bool nomem = false;
        e->team = col_dup(st, 6, &nomem);
        e->has_vehicle = sqlite3_column_type(st, 7) != SQLITE_NULL;
        col_copy(st, 7, e->vehicle, sizeof e->vehicle);
        e->sequence = sqlite3_column_int64(st, 8);
        e->last_modified = sqlite3_column_int64(st, 9);
        e->cancelled = sqlite3_column_type(st, 10) != SQLITE_NULL;
        e->cancelled_at = sqlite3_column_int64(st, 10);
        if (nomem) {
            event_rows_free(r, *n);
            return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
        }
    }
    if (rc != SQLITE_DONE) {
        event_rows_free(r, *n);
        return store_db_error(s, err, "reading event state");
    }
    *out = r;
    return STATUS_OK;
}

/* Appends a cancelled copy of an event to p, when its service and site
 * still exist (a feed cannot describe a session at a place it no longer
 * knows; the state is kept anyway). */
static enum status append_cancelled(const struct model *m, struct model_plan *p,
                                    const struct event_row *e, struct diag *err,
                                    const char *path)
{
    struct model_session x;
    int missing;
    memset(&x, 0, sizeof x);
    x.service = model_find_service(m, e->service);
    x.site = model_find_site(m, e->site);
    if (x.service < 0 || x.site < 0 || !model_date_parse(e->day, &x.day))
        return STATUS_OK;
    snprintf(x.uid, sizeof x.uid, "%s", e->uid);
    x.start = e->start;
    x.end = e->end;
    team_parse(m, e->team, x.staff, &x.n_staff, &missing);
    x.vehicle = e->has_vehicle ? model_find_vehicle(m, e->vehicle) : -1;
    x.status = SESSION_CANCELLED;
    x.sequence = (int)e->sequence;
    x.last_modified = e->last_modified;
    if (model_plan_add(p, &x) != STATUS_OK)
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    return STATUS_OK;
}

static enum status insert_plan(struct store *s, long long sid,
                               const struct model *m, struct model_plan *p,
                               struct diag *err)
{
    char d1[11], d2[11];
    int brc = SQLITE_OK;
    sqlite3_stmt *st = q(s, Q_PLAN_INSERT);
    if (!st)
        return store_db_error(s, err, "saving the plan");
    BIND_INT(st, 1, sid);
    BIND_INT(st, 2, p->created_at);
    BIND_TEXT(st, 3, iso(p->horizon_start, d1));
    BIND_TEXT(st, 4, iso(p->horizon_end, d2));
    BIND_TEXT(st, 5, p->solver_status);
    BIND_REAL(st, 6, p->objective);
    BIND_REAL(st, 7, p->bound);
    BIND_REAL(st, 8, p->gap);
    BIND_REAL(st, 9, p->seconds);
    BIND_INT(st, 10, p->time_limit_hit ? 1 : 0);
    if (run(st, brc) != SQLITE_OK)
        return store_db_error(s, err, "saving the plan");
    long long plan_id = sqlite3_last_insert_rowid(s->db);
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *x = &p->sessions[i];
        char day[11];
        st = q(s, Q_PLAN_SESSION_INSERT);
        if (!st)
            return store_db_error(s, err, "saving the plan");
        BIND_INT(st, 1, plan_id);
        BIND_INT(st, 2, i);
        BIND_TEXT(st, 3, x->uid);
        BIND_TEXT(st, 4, m->services[x->service].id);
        BIND_TEXT(st, 5, m->sites[x->site].id);
        BIND_TEXT(st, 6, iso(x->day, day));
        BIND_INT(st, 7, x->start);
        BIND_INT(st, 8, x->end);
        BIND_OPT_TEXT(st, 9, x->vehicle >= 0 ? m->vehicles[x->vehicle].id : NULL);
        BIND_TEXT(st, 10, x->status == SESSION_CANCELLED ? "cancelled" : "confirmed");
        BIND_INT(st, 11, x->sequence);
        BIND_INT(st, 12, x->last_modified);
        if (run(st, brc) != SQLITE_OK) {
            char what[200];
            snprintf(what, sizeof what, "saving session \"%s\"", x->uid);
            return store_db_error(s, err, what);
        }
        long long session_id = sqlite3_last_insert_rowid(s->db);
        for (int k = 0; k < x->n_staff; k++) {
            st = q(s, Q_PLAN_STAFF_INSERT);
            if (!st)
                return store_db_error(s, err, "saving the plan");
            BIND_INT(st, 1, session_id);
            BIND_INT(st, 2, k);
            BIND_TEXT(st, 3, m->staff[x->staff[k]].id);
            if (run(st, brc) != SQLITE_OK)
                return store_db_error(s, err, "saving the team of a session");
        }
    }
    p->id = plan_id;
    return STATUS_OK;
}

static enum status save_plan_tx(struct store *s, const char *scenario,
                                const struct model *m, struct model_plan *p,
                                int grace_days, struct diag *err)
{
    long long sid = 0;
    enum status st = scenario_require(s, scenario, &sid, err);
    if (st != STATUS_OK)
        return st;
    /* The store decides cancellations: cancelled sessions handed in (a
     * re-saved loaded plan) are dropped and derived again below. */
    size_t n = 0;
    for (size_t i = 0; i < p->n_sessions; i++)
        if (p->sessions[i].status != SESSION_CANCELLED)
            p->sessions[n++] = p->sessions[i];
    p->n_sessions = n;
    for (size_t i = 0; i < n; i++)
        if ((st = session_check(s, m, &p->sessions[i], err)) != STATUS_OK)
            return st;
    const char **uids = malloc((n ? n : 1) * sizeof *uids);
    if (!uids)
        return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        uids[i] = p->sessions[i].uid;
    qsort(uids, n, sizeof *uids, uid_cmp);
    for (size_t i = 1; i < n && st == STATUS_OK; i++)
        if (!strcmp(uids[i - 1], uids[i]))
            st = diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                          "two sessions of the plan have UID \"%s\"", uids[i]);
    for (size_t i = 0; i < n && st == STATUS_OK; i++)
        st = save_event(s, sid, m, &p->sessions[i], p->created_at, err);

    struct event_row *rows = NULL;
    size_t n_rows = 0;
    if (st == STATUS_OK)
        st = event_rows_read(s, sid, &rows, &n_rows, err);
    /* Which events the plan drops, decided before anything is appended
     * to p: uids[] points into p->sessions, which appending reallocates. */
    unsigned char *dropped = calloc(n_rows + 1, 1);
    if (!dropped && st == STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
    for (size_t r = 0; r < n_rows && st == STATUS_OK; r++) {
        const char *key = rows[r].uid;
        dropped[r] = bsearch(&key, uids, n, sizeof *uids, uid_cmp) == NULL;
    }
    free(uids);
    uids = NULL;
    long long grace = (long long)grace_days * 86400;
    for (size_t r = 0; r < n_rows && st == STATUS_OK; r++) {
        struct event_row *e = &rows[r];
        if (!dropped[r])
            continue;
        if (!e->cancelled) {
            int brc = SQLITE_OK;
            sqlite3_stmt *c = q(s, Q_EVENT_CANCEL);
            if (!c) {
                st = store_db_error(s, err, "cancelling an event");
                break;
            }
            e->sequence++;
            e->last_modified = p->created_at;
            BIND_INT(c, 1, sid);
            BIND_TEXT(c, 2, e->uid);
            BIND_INT(c, 3, e->sequence);
            BIND_INT(c, 4, p->created_at);
            if (run(c, brc) != SQLITE_OK) {
                char what[200];
                snprintf(what, sizeof what, "cancelling event \"%s\"", e->uid);
                st = store_db_error(s, err, what);
                break;
            }
            st = append_cancelled(m, p, e, err, s->path);
        } else if (p->created_at - e->cancelled_at < grace) {
            st = append_cancelled(m, p, e, err, s->path);
        }
    }
    event_rows_free(rows, n_rows);
    free(dropped);
    free(uids);
    if (st == STATUS_OK) {
        model_plan_sort(p);
        st = insert_plan(s, sid, m, p, err);
    }
    return st;
}

enum status store_save_plan(struct store *s, const char *scenario,
                            const struct model *m, struct model_plan *p,
                            int grace_days, struct diag *err)
{
    enum status st = begin_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = save_plan_tx(s, scenario, m, p, grace_days, err);
    st = finish(s, st, err);
    if (st != STATUS_OK)
        p->id = 0;
    return st;
}

static double col_real_or_nan(sqlite3_stmt *st, int i)
{
    /* SQLite stores NaN as NULL. */
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static enum status load_plan_sessions(struct store *s, const struct model *m,
                                      struct model_plan *p, struct diag *err)
{
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = q(s, Q_PLAN_SESSION_SELECT);
    if (!st)
        return store_db_error(s, err, "reading plan sessions");
    BIND_INT(st, 1, p->id);
    if (brc != SQLITE_OK)
        return store_db_error(s, err, "reading plan sessions");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_session x;
        memset(&x, 0, sizeof x);
        long long session_id = sqlite3_column_int64(st, 0);
        col_copy(st, 1, x.uid, sizeof x.uid);
        x.service = model_find_service(m, (const char *)sqlite3_column_text(st, 2));
        x.site = model_find_site(m, (const char *)sqlite3_column_text(st, 3));
        /* The territory lost that service or site since: the session can
         * no longer be described, skip it. */
        if (x.service < 0 || x.site < 0)
            continue;
        if (!parse_day(st, 4, &x.day))
            return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                            "session \"%s\" has an invalid day", x.uid);
        x.start = sqlite3_column_int(st, 5);
        x.end = sqlite3_column_int(st, 6);
        const char *status = (const char *)sqlite3_column_text(st, 8);
        x.status = status && !strcmp(status, "cancelled") ? SESSION_CANCELLED
                                                          : SESSION_CONFIRMED;
        x.vehicle = -1;
        if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
            const char *v = (const char *)sqlite3_column_text(st, 7);
            x.vehicle = model_find_vehicle(m, v);
            if (x.vehicle < 0 && x.status == SESSION_CONFIRMED)
                return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                                "session \"%s\" uses vehicle \"%s\", which is no"
                                " longer in the territory", x.uid, v);
        }
        x.sequence = sqlite3_column_int(st, 9);
        x.last_modified = sqlite3_column_int64(st, 10);
        /* Another cached statement: this one stays on its row. */
        sqlite3_stmt *ts = q(s, Q_PLAN_STAFF_SELECT);
        if (!ts)
            return store_db_error(s, err, "reading a session's team");
        BIND_INT(ts, 1, session_id);
        if (brc != SQLITE_OK)
            return store_db_error(s, err, "reading a session's team");
        int trc;
        while ((trc = sqlite3_step(ts)) == SQLITE_ROW) {
            const char *id = (const char *)sqlite3_column_text(ts, 0);
            int k = model_find_staff(m, id ? id : "");
            /* A cancelled event needs no team to be removed from
             * calendars; a confirmed one does. */
            if (k < 0 && x.status == SESSION_CONFIRMED)
                return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                                "session \"%s\" is staffed by \"%s\", who is no"
                                " longer in the territory", x.uid, id ? id : "");
            if (k >= 0 && x.n_staff < MODEL_MAX_TEAM)
                x.staff[x.n_staff++] = k;
        }
        if (trc != SQLITE_DONE)
            return store_db_error(s, err, "reading a session's team");
        if (model_plan_add(p, &x) != STATUS_OK)
            return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
    }
    return rc == SQLITE_DONE ? STATUS_OK : store_db_error(s, err, "reading plan sessions");
}

static enum status load_plan_tx(struct store *s, const char *scenario,
                                const struct model *m, long long plan_id,
                                struct model_plan *p, struct diag *err)
{
    long long sid = 0;
    int brc = SQLITE_OK, rc;
    enum status st = scenario_require(s, scenario, &sid, err);
    if (st != STATUS_OK)
        return st;
    sqlite3_stmt *ps = q(s, plan_id > 0 ? Q_PLAN_GET : Q_PLAN_LATEST);
    if (!ps)
        return store_db_error(s, err, "reading the plan");
    BIND_INT(ps, 1, sid);
    if (plan_id > 0)
        BIND_INT(ps, 2, plan_id);
    rc = brc == SQLITE_OK ? sqlite3_step(ps) : brc;
    if (rc == SQLITE_DONE) {
        if (plan_id > 0)
            return diag_set(err, STATUS_NOTFOUND, s->path, 0, 0, NULL,
                            "no plan %lld in scenario \"%s\"", plan_id, scenario);
        return diag_set(err, STATUS_NOTFOUND, s->path, 0, 0, NULL,
                        "scenario \"%s\" has no saved plan yet (run `planner"
                        " solve` first)", scenario);
    }
    if (rc != SQLITE_ROW)
        return store_db_error(s, err, "reading the plan");
    p->id = sqlite3_column_int64(ps, 0);
    p->created_at = sqlite3_column_int64(ps, 1);
    if (!parse_day(ps, 2, &p->horizon_start) || !parse_day(ps, 3, &p->horizon_end))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "plan %lld has an invalid horizon", p->id);
    col_copy(ps, 4, p->solver_status, sizeof p->solver_status);
    p->objective = col_real_or_nan(ps, 5);
    p->bound = col_real_or_nan(ps, 6);
    p->gap = col_real_or_nan(ps, 7);
    p->seconds = col_real_or_nan(ps, 8);
    p->time_limit_hit = sqlite3_column_int(ps, 9) != 0;
    sqlite3_reset(ps);
    return load_plan_sessions(s, m, p, err);
}

enum status store_load_plan(struct store *s, const char *scenario,
                            const struct model *m, long long plan_id,
                            struct model_plan **out, struct diag *err)
{
    *out = NULL;
    struct model_plan *p = model_plan_new();
    if (!p)
        return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
    enum status st = begin_read(s, err);
    if (st == STATUS_OK) {
        st = load_plan_tx(s, scenario, m, plan_id, p, err);
        st = finish(s, st, err);
    }
    if (st != STATUS_OK) {
        model_plan_free(p);
        return st;
    }
    *out = p;
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* School holidays and busy periods                                     */
/* ------------------------------------------------------------------ */

static bool zone_valid(char zone)
{
    return zone == 'A' || zone == 'B' || zone == 'C';
}

enum status store_save_school_holidays(struct store *s, char zone,
                                       const struct model_holiday_period *p,
                                       size_t n, const char *source,
                                       struct diag *err)
{
    char z[2] = {zone, '\0'};
    if (!zone_valid(zone))
        return diag_set(err, STATUS_INVALID, source, 0, 0, NULL,
                        "school holiday zone must be A, B or C");
    for (size_t i = 0; i < n; i++) {
        if (p[i].zone != zone)
            return diag_set(err, STATUS_INVALID, source, 0, 0, NULL,
                            "period \"%s\" is for zone %c, not %c", p[i].label,
                            p[i].zone ? p[i].zone : '?', zone);
        if (p[i].first_day > p[i].last_day)
            return diag_set(err, STATUS_INVALID, source, 0, 0, NULL,
                            "period \"%s\" ends before it starts", p[i].label);
    }
    enum status st = begin_write(s, err);
    if (st != STATUS_OK)
        return st;
    int brc = SQLITE_OK;
    sqlite3_stmt *stmt = q(s, Q_HOLIDAY_CLEAR);
    if (!stmt)
        st = store_db_error(s, err, "replacing school holidays");
    else {
        BIND_TEXT(stmt, 1, z);
        if (run(stmt, brc) != SQLITE_OK)
            st = store_db_error(s, err, "replacing school holidays");
    }
    long long now = time(NULL);
    for (size_t i = 0; i < n && st == STATUS_OK; i++) {
        char d1[11], d2[11];
        stmt = q(s, Q_HOLIDAY_INSERT);
        if (!stmt) {
            st = store_db_error(s, err, "saving school holidays");
            break;
        }
        BIND_TEXT(stmt, 1, z);
        BIND_TEXT(stmt, 2, iso(p[i].first_day, d1));
        BIND_TEXT(stmt, 3, iso(p[i].last_day, d2));
        BIND_TEXT(stmt, 4, p[i].label);
        BIND_TEXT(stmt, 5, source ? source : "");
        BIND_INT(stmt, 6, now);
        if (run(stmt, brc) != SQLITE_OK)
            st = store_db_error(s, err, "saving school holidays");
    }
    return finish(s, st, err);
}

enum status store_load_school_holidays(struct store *s, char zone,
                                       struct model_holiday_period **out,
                                       size_t *n, struct diag *err)
{
    char z[2] = {zone, '\0'};
    struct model_holiday_period *r = NULL;
    size_t cap = 0, count = 0;
    int brc = SQLITE_OK, rc;
    enum status st = STATUS_OK;
    *out = NULL;
    *n = 0;
    sqlite3_stmt *stmt = q(s, Q_HOLIDAY_SELECT);
    if (!stmt)
        return store_db_error(s, err, "reading school holidays");
    BIND_TEXT(stmt, 1, z);
    if (brc != SQLITE_OK) {
        release(s);
        return store_db_error(s, err, "reading school holidays");
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (!grow(&r, &cap, count, sizeof *r)) {
            st = diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
            break;
        }
        struct model_holiday_period *h = &r[count++];
        h->zone = zone;
        if (!parse_day(stmt, 0, &h->first_day) || !parse_day(stmt, 1, &h->last_day)) {
            st = diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                          "a school holiday of zone %c has an invalid date", zone);
            break;
        }
        col_copy(stmt, 2, h->label, sizeof h->label);
    }
    if (st == STATUS_OK && rc != SQLITE_DONE)
        st = store_db_error(s, err, "reading school holidays");
    release(s);
    if (st != STATUS_OK) {
        free(r);
        return st;
    }
    *out = r;
    *n = count;
    return STATUS_OK;
}

enum status store_replace_busy(struct store *s, const char *scenario,
                               const struct model *m, const char *source,
                               const struct model_busy *b, size_t n,
                               struct diag *err)
{
    for (size_t i = 0; i < n; i++) {
        size_t limit = b[i].kind == BUSY_STAFF  ? m->n_staff
                       : b[i].kind == BUSY_SITE ? m->n_sites
                                                : m->n_vehicles;
        if ((unsigned)b[i].kind > BUSY_VEHICLE || b[i].who < 0 ||
            (size_t)b[i].who >= limit)
            return diag_set(err, STATUS_INVALID, source, 0, 0, NULL,
                            "busy period \"%s\" refers to no known %s",
                            b[i].summary ? b[i].summary : "",
                            ENUM_NAME(busy_kind_names, b[i].kind));
        if (b[i].start >= b[i].end)
            return diag_set(err, STATUS_INVALID, source, 0, 0, NULL,
                            "busy period \"%s\" ends before it starts",
                            b[i].summary ? b[i].summary : "");
    }
    long long sid = 0;
    enum status st = begin_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = scenario_require(s, scenario, &sid, err);
    int brc = SQLITE_OK;
    sqlite3_stmt *stmt = NULL;
    if (st == STATUS_OK) {
        stmt = q(s, Q_BUSY_CLEAR);
        if (!stmt)
            st = store_db_error(s, err, "replacing busy periods");
        else {
            BIND_INT(stmt, 1, sid);
            BIND_TEXT(stmt, 2, source);
            if (run(stmt, brc) != SQLITE_OK)
                st = store_db_error(s, err, "replacing busy periods");
        }
    }
    for (size_t i = 0; i < n && st == STATUS_OK; i++) {
        const struct model_busy *x = &b[i];
        const char *who = x->kind == BUSY_STAFF  ? m->staff[x->who].id
                          : x->kind == BUSY_SITE ? m->sites[x->who].id
                                                 : m->vehicles[x->who].id;
        stmt = q(s, Q_BUSY_INSERT);
        if (!stmt) {
            st = store_db_error(s, err, "saving busy periods");
            break;
        }
        BIND_INT(stmt, 1, sid);
        BIND_TEXT(stmt, 2, source);
        BIND_TEXT(stmt, 3, ENUM_NAME(busy_kind_names, x->kind));
        BIND_TEXT(stmt, 4, who);
        BIND_INT(stmt, 5, x->start);
        BIND_INT(stmt, 6, x->end);
        BIND_TEXT(stmt, 7, x->summary ? x->summary : "");
        if (run(stmt, brc) != SQLITE_OK)
            st = store_db_error(s, err, "saving busy periods");
    }
    return finish(s, st, err);
}

static bool source_listed(const char *source, const char *const *sources,
                          size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (sources[i] && !strcmp(sources[i], source))
            return true;
    return false;
}

/* The scenario's sources that are not in the list, as heap strings:
 * read in full before any row is deleted. */
static enum status stale_sources(struct store *s, long long sid,
                                 const char *const *sources, size_t n,
                                 char ***out, size_t *n_out, struct diag *err)
{
    int brc = SQLITE_OK, rc;
    size_t cap = 0;
    sqlite3_stmt *st = q(s, Q_BUSY_SOURCES);
    if (!st)
        return store_db_error(s, err, "reading busy periods");
    BIND_INT(st, 1, sid);
    if (brc != SQLITE_OK)
        return store_db_error(s, err, "reading busy periods");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *src = (const char *)sqlite3_column_text(st, 0);
        if (source_listed(src ? src : "", sources, n))
            continue;
        if (!grow(out, &cap, *n_out, sizeof **out) ||
            !((*out)[*n_out] = dup_str(src)))
            return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
        (*n_out)++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STATUS_OK
                             : store_db_error(s, err, "reading busy periods");
}

enum status store_keep_busy_sources(struct store *s, const char *scenario,
                                    const char *const *sources, size_t n,
                                    struct diag *err)
{
    long long sid = 0;
    char **stale = NULL;
    size_t n_stale = 0;
    enum status st = begin_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = scenario_require(s, scenario, &sid, err);
    if (st == STATUS_OK)
        st = stale_sources(s, sid, sources, n, &stale, &n_stale, err);
    for (size_t i = 0; i < n_stale && st == STATUS_OK; i++) {
        int brc = SQLITE_OK;
        sqlite3_stmt *stmt = q(s, Q_BUSY_CLEAR);
        if (!stmt) {
            st = store_db_error(s, err, "deleting busy periods");
            break;
        }
        BIND_INT(stmt, 1, sid);
        BIND_TEXT(stmt, 2, stale[i]);
        if (run(stmt, brc) != SQLITE_OK) {
            char what[300];
            snprintf(what, sizeof what, "deleting the busy periods of \"%s\"",
                     stale[i]);
            st = store_db_error(s, err, what);
        }
    }
    for (size_t i = 0; i < n_stale; i++)
        free(stale[i]);
    free(stale);
    return finish(s, st, err);
}
