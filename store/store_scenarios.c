/* store_scenarios.c -- scenarios: variants of one territory that élus
 * compare ("a 3rd France Services site?").  Lookup and creation (for the
 * other files of store/), listing, and copying one into a new variant.
 *
 * A copy is one INSERT ... SELECT per territory table with the new
 * scenario id: natural keys are per scenario and foreign keys between
 * territory tables are composite (scenario_id, key), so no id needs
 * remapping.  The columns copied are the table's own (every column but
 * id and scenario_id, read from the schema), so a column added by a
 * migration is copied too.  Plans and event state are not copied: a
 * variant has published nothing yet. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCENARIO_COLS(X) X(SC_ID, "id") X(SC_NAME, "name")
STORE_COLUMNS(SCENARIO_COLS, SC_NCOLS, scenario_cols);
static const struct store_select scenario_find = {
    scenario_cols, SC_NCOLS, "FROM scenario WHERE name = ?1"};
static const struct store_select scenario_list = {
    scenario_cols, SC_NCOLS, "FROM scenario ORDER BY name"};
static const char sql_scenario_insert[] =
    "INSERT INTO scenario(name, created_at, copied_from) VALUES(?1, ?2, ?3)";

enum status store_scenario_lookup(struct store *s, const char *name,
                                  long long *id, struct diag *err)
{
    *id = 0;
    int brc = SQLITE_OK, rc;
    sqlite3_stmt *st = store_select(s, &scenario_find);
    if (!st)
        return store_db_error(s, err, "looking up a scenario");
    BIND_TEXT(st, 1, name);
    rc = brc == SQLITE_OK ? sqlite3_step(st) : brc;
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, SC_ID);
    else if (rc != SQLITE_DONE)
        return store_db_error(s, err, "looking up a scenario");
    sqlite3_reset(st);
    return STATUS_OK;
}

enum status store_scenario_require(struct store *s, const char *name,
                                   long long *id, struct diag *err)
{
    enum status ret = store_scenario_lookup(s, name, id, err);
    if (ret == STATUS_OK && *id == 0)
        return diag_set(err, STATUS_NOTFOUND, s->path, 0, 0, NULL,
                        "no scenario \"%s\" in this project file", name);
    return ret;
}

enum status store_tx_scenario(struct store *s, bool write, const char *scenario,
                              long long *sid, struct diag *err)
{
    enum status st = write ? store_tx_write(s, err) : store_tx_read(s, err);
    if (st != STATUS_OK)
        return st;
    st = store_scenario_require(s, scenario, sid, err);
    if (st != STATUS_OK)
        store_tx_end(s, st, err);
    return st;
}

enum status store_scenario_create(struct store *s, const char *name,
                                  const char *copied_from, long long *id,
                                  struct diag *err)
{
    if (!name || !*name)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "a scenario needs a non-empty name");
    int brc = SQLITE_OK;
    sqlite3_stmt *st = store_stmt(s, sql_scenario_insert);
    if (!st)
        return store_db_error(s, err, "creating a scenario");
    BIND_TEXT(st, 1, name);
    BIND_INT(st, 2, time(NULL));
    BIND_OPT_TEXT(st, 3, copied_from);
    enum status ret = store_step(s, st, brc, err, "creating scenario \"%s\"", name);
    *id = ret == STATUS_OK ? sqlite3_last_insert_rowid(s->db) : 0;
    return ret;
}

enum status store_list_scenarios(struct store *s, FILE *out, struct diag *err)
{
    sqlite3_stmt *st = store_select(s, &scenario_list);
    int rc;
    if (!st)
        return store_db_error(s, err, "listing scenarios");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fprintf(out, "%s\n", (const char *)sqlite3_column_text(st, SC_NAME));
    enum status ret = rc == SQLITE_DONE ? STATUS_OK
                                        : store_db_error(s, err, "listing scenarios");
    store_stmt_release(s);
    return ret;
}

bool store_has_scenario(struct store *s, const char *scenario)
{
    long long sid = 0;
    struct diag ignored;
    bool has = store_scenario_lookup(s, scenario, &sid, &ignored) == STATUS_OK &&
               sid > 0;
    store_stmt_release(s);
    return has;
}

bool store_is_empty(struct store *s)
{
    long long n = 1;
    int rc = store_query_int(s->db, "SELECT count(*) FROM scenario", &n);
    return rc == SQLITE_OK && n == 0;
}

/* "INSERT INTO t(scenario_id, a, b) SELECT ?1, a, b FROM t WHERE
 * scenario_id = ?2 ORDER BY id", with t's columns from the schema. */
static enum status copy_sql(struct store *s, const char *table, char *sql,
                            size_t size, struct diag *err)
{
    char cols[1024] = "";
    size_t n = 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1)"
                                       " WHERE name NOT IN ('id', 'scenario_id')"
                                       " ORDER BY cid", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < sizeof cols)
            n += (size_t)snprintf(cols + n, sizeof cols - n, "%s%s", n ? ", " : "",
                                  (const char *)sqlite3_column_text(st, 0));
    enum status ret = rc == SQLITE_DONE ? STATUS_OK
                                        : store_db_error(s, err, "reading the schema");
    sqlite3_finalize(st);
    if (ret != STATUS_OK)
        return ret;
    int w = n > 0 && n < sizeof cols
                ? snprintf(sql, size, "INSERT INTO %s(scenario_id, %s) SELECT ?1, %s"
                           " FROM %s WHERE scenario_id = ?2 ORDER BY id",
                           table, cols, cols, table)
                : -1;
    if (w < 0 || (size_t)w >= size)
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "internal: cannot copy table %s", table);
    return STATUS_OK;
}

static enum status copy_table(struct store *s, const char *table, long long src,
                              long long dst, struct diag *err)
{
    char sql[2600];
    enum status ret = copy_sql(s, table, sql, sizeof sql, err);
    if (ret != STATUS_OK)
        return ret;
    /* Used once per copy: not worth a cache slot. */
    sqlite3_stmt *st = NULL;
    int brc = SQLITE_OK;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        BIND_INT(st, 1, dst);
        BIND_INT(st, 2, src);
        rc = store_run(st, brc);
    }
    if (rc != SQLITE_OK)
        ret = store_db_error(s, err, "copying table %s", table);
    sqlite3_finalize(st);
    return ret;
}

/* Territory tables with their child lists, parents first, then the
 * settings and the busy periods. */
static enum status copy_tables(struct store *s, long long src, long long dst,
                               struct diag *err)
{
    enum status st = STATUS_OK;
    for (size_t t = 0; t < store_n_tables && st == STATUS_OK; t++) {
        const struct store_table *tb = store_tables[t];
        st = copy_table(s, tb->name, src, dst, err);
        for (size_t c = 0; c < tb->n_children && st == STATUS_OK; c++)
            st = copy_table(s, tb->children[c].table, src, dst, err);
    }
    if (st == STATUS_OK)
        st = copy_table(s, "settings", src, dst, err);
    if (st == STATUS_OK)
        st = copy_table(s, "busy", src, dst, err);
    return st;
}

enum status store_copy_scenario(struct store *s, const char *from,
                                const char *to, struct diag *err)
{
    long long src = 0, dst = 0;
    enum status st = store_tx_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = store_scenario_require(s, from, &src, err);
    if (st == STATUS_OK)
        st = store_scenario_lookup(s, to, &dst, err);
    if (st == STATUS_OK && dst != 0)
        st = diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                      "scenario \"%s\" already exists", to);
    if (st == STATUS_OK)
        st = store_scenario_create(s, to, from, &dst, err);
    if (st == STATUS_OK && (st = copy_tables(s, src, dst, err)) != STATUS_OK) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        diag_set(err, st, s->path, 0, 0, NULL, "copying scenario \"%s\" to \"%s\": %s",
                 from, to, msg);
    }
    return store_tx_end(s, st, err);
}
