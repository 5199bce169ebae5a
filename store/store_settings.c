/* store_settings.c -- the settings table: one key/value row per field
 * of struct model_settings, per scenario.
 *
 * setting_defs[] ties each key to its field and type.  value has no
 * declared type in the schema, so a REAL stays an exact double and a
 * TEXT stays text; a stored value equals a field only with the same type
 * too.  Keys this planner does not know (written by an older one) are
 * deleted by the next import and ignored by a load. */
#include "store_int.h"

#include <stddef.h>
#include <string.h>

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
    SDEF("hourly_cost", SET_REAL, hourly_cost),
};
#undef SDEF
#define N_SETTINGS (sizeof setting_defs / sizeof setting_defs[0])
_Static_assert(AUD_COUNT == 9, "a share_ setting per audience");

#define SETTINGS_COLS(X) X(SET_KEY, "key") X(SET_VALUE, "value")
STORE_COLUMNS(SETTINGS_COLS, SET_NCOLS, settings_cols);
static const struct store_select settings_select = {
    settings_cols, SET_NCOLS, "FROM settings WHERE scenario_id = ?1 ORDER BY key"};

static const char sql_settings_upsert[] =
    "INSERT INTO settings(scenario_id, key, value) VALUES(?1, ?2, ?3)"
    " ON CONFLICT(scenario_id, key) DO UPDATE SET value = excluded.value";
static const char sql_settings_delete[] =
    "DELETE FROM settings WHERE scenario_id = ?1 AND key = ?2";

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
        store_col_copy(st, col, base, sizeof ms->name);
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

enum status store_settings_load(struct store_loader *l)
{
    sqlite3_stmt *st = store_select_id(l->s, &settings_select, l->sid);
    int rc;
    if (!st)
        return store_load_fail(l, "settings");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct setting_def *d =
            setting_find((const char *)sqlite3_column_text(st, SET_KEY));
        if (d)
            setting_load(st, SET_VALUE, d, &l->m->settings);
    }
    return rc == SQLITE_DONE ? STATUS_OK : store_load_fail(l, "settings");
}

/* What is stored: which keys are there and equal to m's, and the keys
 * this planner does not know (at most a few: an older planner's). */
struct stored_settings {
    bool seen[N_SETTINGS], changed[N_SETTINGS];
    char stale[8][64];
    size_t n_stale;
};

static enum status read_stored(struct store *s, long long sid,
                               const struct model_settings *ms,
                               struct stored_settings *r, struct diag *err)
{
    int rc;
    sqlite3_stmt *st = store_select_id(s, &settings_select, sid);
    if (!st)
        return store_db_error(s, err, "reading settings");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, SET_KEY);
        const struct setting_def *d = setting_find(key);
        if (!d) {
            if (r->n_stale < sizeof r->stale / sizeof r->stale[0])
                snprintf(r->stale[r->n_stale++], sizeof r->stale[0], "%s",
                         key ? key : "");
            continue;
        }
        size_t k = (size_t)(d - setting_defs);
        r->seen[k] = true;
        r->changed[k] = !setting_equal(st, SET_VALUE, d, ms);
    }
    if (rc != SQLITE_DONE)
        return store_db_error(s, err, "reading settings");
    sqlite3_reset(st);
    return STATUS_OK;
}

enum status store_settings_import(struct store *s, long long sid,
                                  const char *scenario, const struct model *m,
                                  struct store_import_counts *c,
                                  struct diag *err)
{
    struct stored_settings r;
    memset(&r, 0, sizeof r);
    enum status ret = read_stored(s, sid, &m->settings, &r, err);
    for (size_t k = 0; k < N_SETTINGS && ret == STATUS_OK; k++) {
        if (r.seen[k] && !r.changed[k]) {
            c->unchanged++;
            continue;
        }
        int brc = SQLITE_OK;
        sqlite3_stmt *st = store_stmt(s, sql_settings_upsert);
        if (!st)
            return store_db_error(s, err, "writing settings");
        BIND_INT(st, 1, sid);
        BIND_TEXT(st, 2, setting_defs[k].key);
        brc = brc != SQLITE_OK ? brc : bind_setting(st, 3, &setting_defs[k], &m->settings);
        ret = store_step(s, st, brc, err, "writing setting \"%s\" of scenario \"%s\"",
                         setting_defs[k].key, scenario);
        if (ret != STATUS_OK)
            break;
        if (r.seen[k])
            c->updated++;
        else
            c->inserted++;
    }
    for (size_t k = 0; k < r.n_stale && ret == STATUS_OK; k++) {
        int brc = SQLITE_OK;
        sqlite3_stmt *st = store_stmt(s, sql_settings_delete);
        if (!st)
            return store_db_error(s, err, "deleting settings");
        BIND_INT(st, 1, sid);
        BIND_TEXT(st, 2, r.stale[k]);
        ret = store_step(s, st, brc, err, "deleting setting \"%s\"", r.stale[k]);
        if (ret == STATUS_OK)
            c->deleted++;
    }
    return ret;
}
