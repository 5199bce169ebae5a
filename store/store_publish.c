/* store_publish.c -- the publish journal (table publish_pending, schema
 * versions 2 and 3): which saved plan of a scenario is recorded as published
 * while its feeds and outputs may not all be on disk yet.
 *
 * Saving a plan moves the event state on (store_events.c): from then on
 * the project file says what subscribers see.  The program writes the
 * journal row in the same transaction as the plan (store_begin ...
 * store_save_plan, store_publish_begin ... store_commit), writes the
 * files, syncs them, and only then deletes the row (store_publish_done).
 * A process killed in between, or a feed that could not be written,
 * leaves the row: the next run that opens the file finds it
 * (store_publish_pending) and writes the same files again.  The row
 * holds everything needed to write them byte for byte as the first run
 * would have: the folders, the feed options, the CSV dialect and the
 * summaries (which are made from the solver's result, not kept
 * elsewhere).
 *
 * One row per scenario: a plan saved while an older one's publish is
 * still pending replaces its row.  So a run that is about to write the
 * files of its plan asks first whether its row is still there
 * (store_publish_is_pending): when a later plan took its place, or was
 * already published (row gone), writing the older files would put on
 * disk a plan the project file no longer records as published. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PUB_COLS(X)                                                           \
    X(PB_SCENARIO, "scenario") X(PB_PLAN, "plan_id")                        \
    X(PB_FEEDS, "feeds_dir") X(PB_OUT, "out_dir") X(PB_URL, "base_url")     \
    X(PB_REFRESH, "refresh_minutes") X(PB_DTSTAMP, "dtstamp")               \
    X(PB_TEXT, "summary_text") X(PB_JSON, "summary_json")                  \
    X(PB_DIALECT, "csv_dialect")
STORE_COLUMNS(PUB_COLS, PB_NCOLS, pub_cols);
/* Every scenario's pending row; ?1 is unused but store_select_id binds
 * it (scenario names, not ids, come back: the caller opens by name). */
static const struct store_select pub_all = {
    pub_cols, PB_NCOLS,
    "FROM (SELECT s.name AS scenario, p.plan_id, p.feeds_dir, p.out_dir,"
    " p.base_url, p.refresh_minutes, p.dtstamp, p.summary_text, p.summary_json,"
    " p.csv_dialect FROM publish_pending p JOIN scenario s ON s.id = p.scenario_id"
    " WHERE ?1 IS NOT NULL ORDER BY s.name)"};

static const char sql_pub_put[] =
    "INSERT INTO publish_pending(scenario_id, plan_id, feeds_dir, out_dir,"
    " base_url, refresh_minutes, dtstamp, summary_text, summary_json, since,"
    " csv_dialect) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " ON CONFLICT(scenario_id) DO UPDATE SET plan_id = excluded.plan_id,"
    " feeds_dir = excluded.feeds_dir, out_dir = excluded.out_dir,"
    " base_url = excluded.base_url, refresh_minutes = excluded.refresh_minutes,"
    " dtstamp = excluded.dtstamp, summary_text = excluded.summary_text,"
    " summary_json = excluded.summary_json, since = excluded.since,"
    " csv_dialect = excluded.csv_dialect";
static const char sql_pub_is[] =
    "SELECT count(*) FROM publish_pending WHERE scenario_id = ?1 AND plan_id = ?2";
static const char sql_pub_done[] =
    "DELETE FROM publish_pending WHERE scenario_id = ?1 AND plan_id = ?2";

enum status store_publish_begin(struct store *s, const char *scenario,
                                const struct store_publish *pub,
                                struct diag *err)
{
    if (!pub->feeds_dir || !*pub->feeds_dir || pub->plan_id <= 0 ||
        pub->refresh_minutes <= 0)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "internal: a publish needs a saved plan, a feed "
                        "folder and a refresh interval");
    long long sid = 0;
    int brc = SQLITE_OK;
    enum status st = store_tx_scenario(s, true, scenario, &sid, err);
    if (st != STATUS_OK)
        return st;
    sqlite3_stmt *q = store_stmt(s, sql_pub_put);
    if (!q)
        return store_tx_end(s, store_db_error(s, err, "recording the publish"), err);
    BIND_INT(q, 1, sid);
    BIND_INT(q, 2, pub->plan_id);
    BIND_TEXT(q, 3, pub->feeds_dir);
    BIND_OPT_TEXT(q, 4, pub->out_dir);
    BIND_OPT_TEXT(q, 5, pub->base_url);
    BIND_INT(q, 6, pub->refresh_minutes);
    BIND_INT(q, 7, pub->dtstamp);
    BIND_OPT_TEXT(q, 8, pub->summary_text);
    BIND_OPT_TEXT(q, 9, pub->summary_json);
    BIND_INT(q, 10, (long long)time(NULL));
    BIND_OPT_TEXT(q, 11, pub->csv_dialect && *pub->csv_dialect
                             ? pub->csv_dialect : NULL);
    st = store_step(s, q, brc, err, "recording the publish of plan %lld",
                    pub->plan_id);
    return store_tx_end(s, st, err);
}

/* Opens the transaction (write or read) and binds the scenario's id and
 * plan_id to sql, a statement on the scenario's journal row; NULL (the
 * transaction ended, *st and err say why) on failure. */
static sqlite3_stmt *row_stmt(struct store *s, bool write, const char *sql,
                              const char *scenario, long long plan_id,
                              const char *what, enum status *st,
                              struct diag *err)
{
    long long sid = 0;
    int brc = SQLITE_OK;
    *st = store_tx_scenario(s, write, scenario, &sid, err);
    if (*st != STATUS_OK)
        return NULL;
    sqlite3_stmt *q = store_stmt(s, sql);
    if (q) {
        BIND_INT(q, 1, sid);
        BIND_INT(q, 2, plan_id);
    }
    if (!q || brc != SQLITE_OK) {
        *st = store_tx_end(s, store_db_error(s, err, "%s", what), err);
        return NULL;
    }
    return q;
}

enum status store_publish_done(struct store *s, const char *scenario,
                               long long plan_id, struct diag *err)
{
    enum status st;
    sqlite3_stmt *q = row_stmt(s, true, sql_pub_done, scenario, plan_id,
                               "ending the publish", &st, err);
    if (!q)
        return st;
    st = store_step(s, q, SQLITE_OK, err, "ending the publish of plan %lld",
                    plan_id);
    return store_tx_end(s, st, err);
}

enum status store_publish_is_pending(struct store *s, const char *scenario,
                                     long long plan_id, bool *pending,
                                     struct diag *err)
{
    enum status st;
    *pending = false;
    sqlite3_stmt *q = row_stmt(s, false, sql_pub_is, scenario, plan_id,
                               "reading the publish journal", &st, err);
    if (!q)
        return st;
    if (sqlite3_step(q) == SQLITE_ROW)
        *pending = sqlite3_column_int64(q, 0) > 0;
    else
        st = store_db_error(s, err, "reading the publish journal");
    return store_tx_end(s, st, err);
}

/* Optional text: NULL for SQL NULL, else a heap copy. */
static char *opt_dup(sqlite3_stmt *q, int i, bool *nomem)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return NULL;
    return store_col_dup(q, i, nomem);
}

/* The strings of a row read are heap copies (store_publish_free). */
static void read_row(sqlite3_stmt *q, struct store_publish *p, bool *nomem)
{
    p->scenario = store_col_dup(q, PB_SCENARIO, nomem);
    p->plan_id = sqlite3_column_int64(q, PB_PLAN);
    p->feeds_dir = store_col_dup(q, PB_FEEDS, nomem);
    p->out_dir = opt_dup(q, PB_OUT, nomem);
    p->base_url = opt_dup(q, PB_URL, nomem);
    p->refresh_minutes = sqlite3_column_int(q, PB_REFRESH);
    p->dtstamp = sqlite3_column_int64(q, PB_DTSTAMP);
    p->summary_text = opt_dup(q, PB_TEXT, nomem);
    p->summary_json = opt_dup(q, PB_JSON, nomem);
    p->csv_dialect = opt_dup(q, PB_DIALECT, nomem);
}

static enum status read_pending(struct store *s, struct store_publish **out,
                                size_t *n, struct diag *err)
{
    size_t cap = 0;
    bool nomem = false;
    int rc;
    sqlite3_stmt *q = store_select_id(s, &pub_all, 1);
    if (!q)
        return store_db_error(s, err, "reading the publish journal");
    while (!nomem && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!store_grow(out, &cap, *n, sizeof **out))
            return store_nomem(s, err);
        read_row(q, &(*out)[(*n)++], &nomem);
    }
    if (nomem)
        return store_nomem(s, err);
    return rc == SQLITE_DONE ? STATUS_OK
                             : store_db_error(s, err, "reading the publish journal");
}

enum status store_publish_pending(struct store *s, struct store_publish **out,
                                  size_t *n, struct diag *err)
{
    *out = NULL;
    *n = 0;
    enum status st = store_tx_read(s, err);
    if (st == STATUS_OK) {
        st = read_pending(s, out, n, err);
        st = store_tx_end(s, st, err);
    }
    if (st != STATUS_OK) {
        store_publish_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}

void store_publish_free(struct store_publish *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++) {
        free((char *)p[i].scenario);
        free((char *)p[i].feeds_dir);
        free((char *)p[i].out_dir);
        free((char *)p[i].base_url);
        free((char *)p[i].summary_text);
        free((char *)p[i].summary_json);
        free((char *)p[i].csv_dialect);
    }
    free(p);
}
