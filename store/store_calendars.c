/* store_calendars.c -- calendar data kept in the project file: the
 * school holidays imported from the Ministry's calendars (national, per
 * zone, not per scenario) and the busy periods imported from leave and
 * room-booking files (per scenario, per source file).
 *
 * A busy row names who is busy by text id and kind (staff, site or
 * vehicle), not by foreign key: the id's table depends on the kind, and a
 * leave file may outlive the person.  Loading skips rows whose person,
 * room or vehicle is no longer in the territory; a source file removed
 * from the territory takes its rows with it (store_keep_busy_sources). */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const busy_kind_names[] = {"staff", "site", "vehicle"};
static const struct store_enum busy_kind_codec = {
    busy_kind_names, NULL, sizeof busy_kind_names / sizeof busy_kind_names[0]};

/* ------------------------------------------------------------------ */
/* School holidays                                                      */
/* ------------------------------------------------------------------ */

#define HOLIDAY_COLS(X) X(HO_FIRST, "first_day") X(HO_LAST, "last_day") X(HO_LABEL, "label")
STORE_COLUMNS(HOLIDAY_COLS, HO_NCOLS, holiday_cols);
static const struct store_select holiday_select = {
    holiday_cols, HO_NCOLS,
    "FROM school_holiday WHERE zone = ?1 ORDER BY first_day, id"};
static const char sql_holiday_clear[] = "DELETE FROM school_holiday WHERE zone = ?1";
static const char sql_holiday_insert[] =
    "INSERT INTO school_holiday(zone, first_day, last_day, label, source,"
    " imported_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";

static bool zone_valid(char zone)
{
    return zone == 'A' || zone == 'B' || zone == 'C';
}

/* Periods of another zone or reversed dates are refused before anything
 * is written, naming the source file. */
static enum status check_holidays(char zone, const struct model_holiday_period *p,
                                  size_t n, const char *source, struct diag *err)
{
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
    return STATUS_OK;
}

static enum status write_holidays(struct store *s, const char *z,
                                  const struct model_holiday_period *p, size_t n,
                                  const char *source, struct diag *err)
{
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_holiday_clear);
    if (!st)
        return store_db_error(s, err, "replacing school holidays");
    BIND_TEXT(st, 1, z);
    enum status ret = store_step(s, st, brc, err, "replacing school holidays");
    long long now = time(NULL);
    for (size_t i = 0; i < n && ret == STATUS_OK; i++) {
        char d1[11], d2[11];
        if (!(st = store_stmt(s, sql_holiday_insert)))
            return store_db_error(s, err, "saving school holidays");
        BIND_TEXT(st, 1, z);
        BIND_TEXT(st, 2, store_iso(p[i].first_day, d1));
        BIND_TEXT(st, 3, store_iso(p[i].last_day, d2));
        BIND_TEXT(st, 4, p[i].label);
        BIND_TEXT(st, 5, source ? source : "");
        BIND_INT(st, 6, now);
        ret = store_step(s, st, brc, err, "saving school holidays \"%s\"", p[i].label);
    }
    return ret;
}

enum status store_save_school_holidays(struct store *s, char zone,
                                       const struct model_holiday_period *p,
                                       size_t n, const char *source,
                                       struct diag *err)
{
    char z[2] = {zone, '\0'};
    enum status st = check_holidays(zone, p, n, source, err);
    if (st == STATUS_OK)
        st = store_tx_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = write_holidays(s, z, p, n, source, err);
    return store_tx_end(s, st, err);
}

static enum status read_holidays(struct store *s, char zone,
                                 struct model_holiday_period **out, size_t *n,
                                 struct diag *err)
{
    char z[2] = {zone, '\0'};
    size_t cap = 0;
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = store_select(s, &holiday_select);
    if (!st)
        return store_db_error(s, err, "reading school holidays");
    BIND_TEXT(st, 1, z);
    if (brc != SQLITE_OK)
        return store_db_error(s, err, "reading school holidays");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!store_grow(out, &cap, *n, sizeof **out))
            return store_nomem(s, err);
        struct model_holiday_period *h = &(*out)[(*n)++];
        h->zone = zone;
        if (!store_col_day(st, HO_FIRST, &h->first_day) ||
            !store_col_day(st, HO_LAST, &h->last_day))
            return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                            "a school holiday of zone %c has an invalid date", zone);
        store_col_copy(st, HO_LABEL, h->label, sizeof h->label);
    }
    return rc == SQLITE_DONE ? STATUS_OK
                             : store_db_error(s, err, "reading school holidays");
}

enum status store_load_school_holidays(struct store *s, char zone,
                                       struct model_holiday_period **out,
                                       size_t *n, struct diag *err)
{
    struct model_holiday_period *r = NULL;
    size_t count = 0;
    *out = NULL;
    *n = 0;
    enum status st = read_holidays(s, zone, &r, &count, err);
    store_stmt_release(s);
    if (st != STATUS_OK) {
        free(r);
        return st;
    }
    *out = r;
    *n = count;
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Busy periods                                                         */
/* ------------------------------------------------------------------ */

#define BUSY_COLS(X)                                                          \
    X(BU_KIND, "kind") X(BU_WHO, "who") X(BU_START, "start_min")             \
    X(BU_END, "end_min") X(BU_SUMMARY, "summary")
STORE_COLUMNS(BUSY_COLS, BU_NCOLS, busy_cols);
static const struct store_select busy_select = {
    busy_cols, BU_NCOLS, "FROM busy WHERE scenario_id = ?1 ORDER BY id"};

static const char *const source_cols[] = {"source"};
static const struct store_select busy_sources = {
    source_cols, 1,
    "FROM busy WHERE scenario_id = ?1 GROUP BY source ORDER BY source"};

static const char sql_busy_clear[] =
    "DELETE FROM busy WHERE scenario_id = ?1 AND source = ?2";
static const char sql_busy_insert[] =
    "INSERT INTO busy(scenario_id, source, kind, who, start_min, end_min,"
    " summary) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static int busy_find(const struct model *m, int kind, const char *who)
{
    return kind == BUSY_STAFF  ? model_find_staff(m, who)
           : kind == BUSY_SITE ? model_find_site(m, who)
                               : model_find_vehicle(m, who);
}

enum status store_busy_load(struct store_loader *l)
{
    sqlite3_stmt *st = store_select_id(l->s, &busy_select, l->sid);
    int rc;
    size_t cap = 0;
    struct model *m = l->m;
    if (!st)
        return store_load_fail(l, "busy");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int kind;
        if (!store_enum_parse(&busy_kind_codec,
                              (const char *)sqlite3_column_text(st, BU_KIND), &kind))
            return store_load_corrupt(l, "busy", "", "unknown kind");
        const char *who = (const char *)sqlite3_column_text(st, BU_WHO);
        int idx = busy_find(m, kind, who ? who : "");
        if (idx < 0)
            continue;   /* left the territory: constrains nothing any more */
        if (!store_grow(&m->busy, &cap, m->n_busy, sizeof *m->busy)) {
            l->nomem = true;
            return STATUS_OK;
        }
        struct model_busy *x = &m->busy[m->n_busy++];
        x->kind = (enum model_busy_kind)kind;
        x->who = idx;
        x->start = sqlite3_column_int64(st, BU_START);
        x->end = sqlite3_column_int64(st, BU_END);
        x->summary = store_col_dup(st, BU_SUMMARY, &l->nomem);
    }
    return rc == SQLITE_DONE ? STATUS_OK : store_load_fail(l, "busy");
}

/* Deletes the scenario's rows of one source file. */
static enum status clear_source(struct store *s, long long sid,
                                const char *source, struct diag *err)
{
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_busy_clear);
    if (!st)
        return store_db_error(s, err, "replacing busy periods");
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, source);
    return store_step(s, st, brc, err, "deleting the busy periods of \"%s\"", source);
}

/* Every period must name someone of m and end after it starts. */
static enum status check_busy(const struct model *m, const char *source,
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
                            store_enum_name(&busy_kind_codec, (int)b[i].kind));
        if (b[i].start >= b[i].end)
            return diag_set(err, STATUS_INVALID, source, 0, 0, NULL,
                            "busy period \"%s\" ends before it starts",
                            b[i].summary ? b[i].summary : "");
    }
    return STATUS_OK;
}

static enum status insert_busy(struct store *s, long long sid,
                               const struct model *m, const char *source,
                               const struct model_busy *x, struct diag *err)
{
    const char *who = x->kind == BUSY_STAFF  ? m->staff[x->who].id
                      : x->kind == BUSY_SITE ? m->sites[x->who].id
                                             : m->vehicles[x->who].id;
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_busy_insert);
    if (!st)
        return store_db_error(s, err, "saving busy periods");
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, source);
    BIND_TEXT(st, 3, store_enum_name(&busy_kind_codec, (int)x->kind));
    BIND_TEXT(st, 4, who);
    BIND_INT(st, 5, x->start);
    BIND_INT(st, 6, x->end);
    BIND_TEXT(st, 7, x->summary ? x->summary : "");
    return store_step(s, st, brc, err, "saving busy periods");
}

enum status store_replace_busy(struct store *s, const char *scenario,
                               const struct model *m, const char *source,
                               const struct model_busy *b, size_t n,
                               struct diag *err)
{
    long long sid = 0;
    enum status st = check_busy(m, source, b, n, err);
    if (st == STATUS_OK)
        st = store_tx_scenario(s, true, scenario, &sid, err);
    if (st != STATUS_OK)
        return st;
    st = clear_source(s, sid, source, err);
    for (size_t i = 0; i < n && st == STATUS_OK; i++)
        st = insert_busy(s, sid, m, source, &b[i], err);
    return store_tx_end(s, st, err);
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
    int rc;
    size_t cap = 0;
    sqlite3_stmt *st = store_select_id(s, &busy_sources, sid);
    if (!st)
        return store_db_error(s, err, "reading busy periods");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *src = (const char *)sqlite3_column_text(st, 0);
        if (source_listed(src ? src : "", sources, n))
            continue;
        if (!store_grow(out, &cap, *n_out, sizeof **out) ||
            !((*out)[*n_out] = store_strdup(src)))
            return store_nomem(s, err);
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
    enum status st = store_tx_scenario(s, true, scenario, &sid, err);
    if (st != STATUS_OK)
        return st;
    st = stale_sources(s, sid, sources, n, &stale, &n_stale, err);
    for (size_t i = 0; i < n_stale && st == STATUS_OK; i++)
        st = clear_source(s, sid, stale[i], err);
    for (size_t i = 0; i < n_stale; i++)
        free(stale[i]);
    free(stale);
    return store_tx_end(s, st, err);
}
