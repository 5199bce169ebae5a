/* store_rows.c -- rows of a described territory table (store_tables.c):
 * their SQL text, binding, reading and comparing, one mechanism for every
 * table instead of a reader, a writer and a comparison per table.
 *
 * SQL TEXT.  Generated from the description once per connection and
 * cached (store_stmt_add) under the description's address:
 *
 *   select  SELECT <cols> FROM t WHERE scenario_id = ?1 ORDER BY pos, id
 *   upsert  INSERT INTO t(scenario_id, <cols>) VALUES(?1, ?2...)
 *           ON CONFLICT(scenario_id, <key>) DO UPDATE SET <col> = excluded.<col>...
 *   delete  DELETE FROM t WHERE scenario_id = ?1 AND <key> = ?2...
 *
 * and for a child list (opening windows...), keyed by its parent's key:
 *
 *   select  SELECT <cols> FROM c WHERE scenario_id = ?1 AND <owner> = ?2 ORDER BY pos
 *   clear   DELETE FROM c WHERE scenario_id = ?1 AND <owner> = ?2
 *   insert  INSERT INTO c(scenario_id, <owner>, pos, <cols>) VALUES(?1...)
 *
 * Column i of a SELECT is read with description i, and preparing the
 * SELECT checks the names SQLite reports (store_stmt_add).  Column names
 * come from our descriptions only, never from user text.
 *
 * VALUES.  Indices are stored as the text ids they point at (so foreign
 * keys hold across re-imports); skills and tags are compared by name, so
 * reordering a tag list is not a change; pos, line and the raw bits of a
 * mask are bookkeeping (ROW_SILENT). */
#include "store_int.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum verb { V_SELECT, V_UPSERT, V_DELETE, V_CHILD_SELECT, V_CHILD_CLEAR, V_CHILD_INSERT };

/* Most columns of a table (service has 24). */
#define MAX_COLS 32

/* ------------------------------------------------------------------ */
/* Fields                                                               */
/* ------------------------------------------------------------------ */

/* The field of type at offset bytes into a row. */
#define AT(type, row, offset) (*(type *)(void *)((row) + (offset)))
#define CAT(type, row, offset) (*(const type *)(const void *)((row) + (offset)))
#define FIELD(type, row, col) AT(type, row, (col)->offset)
#define CFIELD(type, row, col) CAT(type, row, (col)->offset)

size_t store_row_count(const struct store_table *t, const struct model *m)
{
    return *(const size_t *)(const void *)((const char *)m + t->count_offset);
}

static const char *row_at(const struct store_table *t, const struct model *m,
                          size_t i)
{
    const char *base = (const char *)m + t->rows_offset;
    if (!t->max_rows)
        base = *(const char *const *)(const void *)base;
    return base + i * t->row_size;
}

static const char *ref_text(const struct model *m, enum store_col_kind kind, int i)
{
    switch (kind) {
    case COL_COMMUNE:
        return i >= 0 && (size_t)i < m->n_communes ? m->communes[i].insee : NULL;
    case COL_SITE:
        return i >= 0 && (size_t)i < m->n_sites ? m->sites[i].id : NULL;
    case COL_SERVICE:
        /* A service is always a key column: "" rather than NULL. */
        return i >= 0 && (size_t)i < m->n_services ? m->services[i].id : "";
    case COL_TRANSPORT:
        /* A key column too. */
        return i >= 0 && (size_t)i < m->n_transports ? m->transports[i].id : "";
    default:
        return NULL;
    }
}

static bool is_ref(enum store_col_kind kind)
{
    return kind == COL_COMMUNE || kind == COL_SITE || kind == COL_SERVICE
           || kind == COL_TRANSPORT;
}

/* The text of a key column (never NULL). */
static const char *key_text(const struct store_col *c, const struct model *m,
                            const char *row)
{
    const char *t = NULL;
    if (c->kind == COL_TEXT)
        t = CFIELD(char *, row, c);
    else if (c->kind == COL_CHARS)
        t = row + c->offset;
    else if (c->kind == COL_ENUM)
        t = store_enum_name(c->codec, CFIELD(int, row, c));
    else if (is_ref(c->kind))
        t = ref_text(m, c->kind, CFIELD(int, row, c));
    else
        assert(!"a key column is text, an enum or a reference");
    return t ? t : "";
}

/* The first key column: what names the row in messages and owns its
 * children. */
static const struct store_col *first_key(const struct store_table *t)
{
    for (size_t k = 0; k < t->n_cols; k++)
        if (t->cols[k].key)
            return &t->cols[k];
    assert(!"every table has a natural key");
    return &t->cols[0];
}

char *store_row_key(const struct store_table *t, const struct model *m, size_t i)
{
    const char *row = row_at(t, m, i);
    size_t n = 1;
    for (size_t k = 0; k < t->n_cols; k++)
        if (t->cols[k].key)
            n += strlen(key_text(&t->cols[k], m, row)) + 1;
    char *key = malloc(n), *p = key;
    if (!key)
        return NULL;
    for (size_t k = 0; k < t->n_cols; k++) {
        if (!t->cols[k].key)
            continue;
        const char *part = key_text(&t->cols[k], m, row);
        if (p != key)
            *p++ = '\x1f';
        memcpy(p, part, strlen(part));
        p += strlen(part);
    }
    *p = '\0';
    return key;
}

/* ------------------------------------------------------------------ */
/* SQL text                                                             */
/* ------------------------------------------------------------------ */

struct sql_text {
    char buf[2048];
    size_t n;
    bool overflow;
};

static void sql_add(struct sql_text *q, const char *fmt, ...)
{
    va_list ap;
    if (q->overflow)
        return;
    va_start(ap, fmt);
    int w = vsnprintf(q->buf + q->n, sizeof q->buf - q->n, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= sizeof q->buf - q->n)
        q->overflow = true;
    else
        q->n += (size_t)w;
}

enum which { ALL_COLS, KEY_COLS, CONTENT_COLS };

/* "a, b, c" of the columns, or "a = excluded.a, ..." when assign. */
static void sql_list(struct sql_text *q, const struct store_col *cols,
                     size_t n, enum which which, bool assign)
{
    bool first = true;
    for (size_t k = 0; k < n; k++) {
        if ((which == KEY_COLS && !cols[k].key) ||
            (which == CONTENT_COLS && cols[k].key))
            continue;
        sql_add(q, "%s%s", first ? "" : ", ", cols[k].name);
        if (assign)
            sql_add(q, " = excluded.%s", cols[k].name);
        first = false;
    }
}

static void sql_params(struct sql_text *q, int from, int to)
{
    for (int k = from; k <= to; k++)
        sql_add(q, "%s?%d", k > from ? ", " : "", k);
}

static void table_sql(struct sql_text *q, const struct store_table *t, int verb)
{
    const struct store_col *c = t->cols;
    size_t n = t->n_cols;
    switch (verb) {
    case V_SELECT:
        sql_add(q, "SELECT ");
        sql_list(q, c, n, ALL_COLS, false);
        sql_add(q, " FROM %s WHERE scenario_id = ?1 ORDER BY pos, id", t->name);
        break;
    case V_UPSERT:
        sql_add(q, "INSERT INTO %s(scenario_id, ", t->name);
        sql_list(q, c, n, ALL_COLS, false);
        sql_add(q, ") VALUES(");
        sql_params(q, 1, (int)n + 1);
        sql_add(q, ") ON CONFLICT(scenario_id, ");
        sql_list(q, c, n, KEY_COLS, false);
        sql_add(q, ") DO UPDATE SET ");
        sql_list(q, c, n, CONTENT_COLS, true);
        break;
    case V_DELETE:
        sql_add(q, "DELETE FROM %s WHERE scenario_id = ?1", t->name);
        for (size_t k = 0, p = 2; k < n; k++)
            if (c[k].key)
                sql_add(q, " AND %s = ?%zu", c[k].name, p++);
        break;
    }
}

static void child_sql(struct sql_text *q, const struct store_table *parent,
                      const struct store_child *ch, int verb)
{
    const char *owner = first_key(parent)->name;
    switch (verb) {
    case V_CHILD_SELECT:
        sql_add(q, "SELECT ");
        sql_list(q, ch->cols, ch->n_cols, ALL_COLS, false);
        sql_add(q, " FROM %s WHERE scenario_id = ?1 AND %s = ?2 ORDER BY pos",
                ch->table, owner);
        break;
    case V_CHILD_CLEAR:
        sql_add(q, "DELETE FROM %s WHERE scenario_id = ?1 AND %s = ?2",
                ch->table, owner);
        break;
    case V_CHILD_INSERT:
        sql_add(q, "INSERT INTO %s(scenario_id, %s, pos, ", ch->table, owner);
        sql_list(q, ch->cols, ch->n_cols, ALL_COLS, false);
        sql_add(q, ") VALUES(");
        sql_params(q, 1, (int)ch->n_cols + 3);
        sql_add(q, ")");
        break;
    }
}

/* The cached statement of a table (child NULL) or of one of its child
 * lists, generated on first use. */
static sqlite3_stmt *row_stmt(struct store *s, const struct store_table *t,
                              const struct store_child *ch, int verb)
{
    const void *owner = ch ? (const void *)ch : (const void *)t;
    sqlite3_stmt *st = store_stmt_find(s, owner, verb);
    if (st)
        return st;
    struct sql_text q = {.n = 0};
    const struct store_col *cols = ch ? ch->cols : t->cols;
    size_t n = ch ? ch->n_cols : t->n_cols;
    const char *names[MAX_COLS];
    assert(n <= MAX_COLS);
    for (size_t k = 0; k < n; k++)
        names[k] = cols[k].name;
    if (ch)
        child_sql(&q, t, ch, verb);
    else
        table_sql(&q, t, verb);
    if (q.overflow) {
        snprintf(s->fault, sizeof s->fault, "internal: SQL of table %s too long",
                 ch ? ch->table : t->name);
        return NULL;
    }
    bool select = verb == V_SELECT || verb == V_CHILD_SELECT;
    return store_stmt_add(s, owner, verb, q.buf, select ? names : NULL, n);
}

/* ------------------------------------------------------------------ */
/* Binding and writing                                                  */
/* ------------------------------------------------------------------ */

static int bind_col(sqlite3_stmt *st, int i, const struct store_col *c,
                    const struct model *m, const char *row, size_t pos)
{
    const char *t;
    switch (c->kind) {
    case COL_TEXT:
        t = CFIELD(char *, row, c);
        return sqlite3_bind_text(st, i, t ? t : "", -1, SQLITE_STATIC);
    case COL_CHARS:
        return sqlite3_bind_text(st, i, row + c->offset, -1, SQLITE_STATIC);
    case COL_INT:
    case COL_LINE:
        return sqlite3_bind_int64(st, i, CFIELD(int, row, c));
    case COL_BOOL:
        return sqlite3_bind_int64(st, i, CFIELD(bool, row, c) ? 1 : 0);
    case COL_U32:
        return sqlite3_bind_int64(st, i, CFIELD(uint32_t, row, c));
    case COL_REAL:
        return sqlite3_bind_double(st, i, CFIELD(double, row, c));
    case COL_SKILLS:
    case COL_TAGS:
        return sqlite3_bind_int64(st, i, (sqlite3_int64)CFIELD(uint64_t, row, c));
    case COL_COMMUNE:
    case COL_SITE:
    case COL_SERVICE:
    case COL_TRANSPORT:
        t = ref_text(m, c->kind, CFIELD(int, row, c));
        return t ? sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC)
                 : sqlite3_bind_null(st, i);
    case COL_ENUM:
        return sqlite3_bind_text(st, i, store_enum_name(c->codec, CFIELD(int, row, c)),
                                 -1, SQLITE_STATIC);
    case COL_POS:
        return sqlite3_bind_int64(st, i, (sqlite3_int64)pos);
    }
    return SQLITE_MISUSE;
}

/* Binds cols of row as parameters first, first + 1...; brc as BIND_*. */
static int bind_row(sqlite3_stmt *st, int brc, int first,
                    const struct store_col *cols, size_t n,
                    const struct model *m, const char *row, size_t pos)
{
    for (size_t k = 0; k < n && brc == SQLITE_OK; k++)
        brc = bind_col(st, first + (int)k, &cols[k], m, row, pos);
    return brc;
}

/* Binds sid and the owner's key as ?1 and ?2 of a child statement. */
static int bind_owner(sqlite3_stmt *st, long long sid, const char *owner)
{
    int brc = SQLITE_OK;
    BIND_INT(st, 1, sid);
    BIND_TEXT(st, 2, owner);
    return brc;
}

/* Rewrites the child list of one parent row: clear, then insert each
 * element (?3 its position, ?4... its columns). */
static int write_child(struct store *s, long long sid, const struct store_table *t,
                       const struct store_child *ch, const struct model *m,
                       const char *row)
{
    const char *owner = key_text(first_key(t), m, row);
    const char *elems = CAT(char *, row, ch->array_offset);
    size_t n = CAT(size_t, row, ch->count_offset);
    sqlite3_stmt *st = row_stmt(s, t, ch, V_CHILD_CLEAR);
    if (!st)
        return store_prep_failed(s);
    int rc = store_run(st, bind_owner(st, sid, owner));
    for (size_t k = 0; k < n && rc == SQLITE_OK; k++) {
        if (!(st = row_stmt(s, t, ch, V_CHILD_INSERT)))
            return store_prep_failed(s);
        int brc = bind_owner(st, sid, owner);
        BIND_INT(st, 3, k);
        rc = store_run(st, bind_row(st, brc, 4, ch->cols, ch->n_cols, m,
                                    elems + k * ch->elem_size, k));
    }
    return rc;
}

int store_row_write(struct store *s, long long sid, const struct store_table *t,
                    const struct model *m, size_t i)
{
    const char *row = row_at(t, m, i);
    sqlite3_stmt *st = row_stmt(s, t, NULL, V_UPSERT);
    if (!st)
        return store_prep_failed(s);
    int rc = store_run(st, bind_row(st, sqlite3_bind_int64(st, 1, sid), 2,
                                    t->cols, t->n_cols, m, row, i));
    for (size_t c = 0; c < t->n_children && rc == SQLITE_OK; c++)
        rc = write_child(s, sid, t, &t->children[c], m, row);
    return rc;
}

int store_row_delete(struct store *s, long long sid, const struct store_table *t,
                     const struct model *m, size_t i)
{
    const char *row = row_at(t, m, i);
    sqlite3_stmt *st = row_stmt(s, t, NULL, V_DELETE);
    int brc = SQLITE_OK, p = 2;
    if (!st)
        return store_prep_failed(s);
    BIND_INT(st, 1, sid);
    for (size_t k = 0; k < t->n_cols; k++)
        if (t->cols[k].key)
            BIND_TEXT(st, p++, key_text(&t->cols[k], m, row));
    return store_run(st, brc);
}

/* ------------------------------------------------------------------ */
/* Comparing                                                            */
/* ------------------------------------------------------------------ */

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
        size_t j = 0;
        while (j < nnb && strcmp(nb[j], na[bit]))
            j++;
        if (j == nnb || !(mb >> j & 1))
            return false;
    }
    return true;
}

/* Whether a content column holds the same value in row a of old and row
 * b of m; *moved is set when only bookkeeping differs. */
static bool col_same(const struct store_col *c, const struct model *old,
                     const char *a, const struct model *m, const char *b,
                     bool *moved)
{
    switch (c->kind) {
    case COL_TEXT:
        return store_str_eq(CFIELD(char *, a, c), CFIELD(char *, b, c));
    case COL_CHARS:
        return !strcmp(a + c->offset, b + c->offset);
    case COL_INT:
    case COL_ENUM:
        return CFIELD(int, a, c) == CFIELD(int, b, c);
    case COL_LINE:
        *moved |= CFIELD(int, a, c) != CFIELD(int, b, c);
        return true;
    case COL_BOOL:
        return CFIELD(bool, a, c) == CFIELD(bool, b, c);
    case COL_U32:
        return CFIELD(uint32_t, a, c) == CFIELD(uint32_t, b, c);
    case COL_REAL:
        return CFIELD(double, a, c) == CFIELD(double, b, c);
    case COL_SKILLS:
    case COL_TAGS: {
        uint64_t ma = CFIELD(uint64_t, a, c), mb = CFIELD(uint64_t, b, c);
        bool skills = c->kind == COL_SKILLS;
        *moved |= ma != mb;
        return mask_eq(skills ? old->skill_names : old->tag_names,
                       skills ? old->n_skills : old->n_tags, ma,
                       skills ? m->skill_names : m->tag_names,
                       skills ? m->n_skills : m->n_tags, mb);
    }
    case COL_COMMUNE:
    case COL_SITE:
    case COL_SERVICE:
    case COL_TRANSPORT:
        return store_opt_eq(ref_text(old, c->kind, CFIELD(int, a, c)),
                            ref_text(m, c->kind, CFIELD(int, b, c)));
    case COL_POS:
        return true;   /* the caller compares the indices */
    }
    return false;
}

static bool children_same(const struct store_child *ch, const struct model *old,
                          const char *a, const struct model *m, const char *b)
{
    size_t n = CAT(size_t, a, ch->count_offset);
    if (n != CAT(size_t, b, ch->count_offset))
        return false;
    const char *ea = CAT(char *, a, ch->array_offset);
    const char *eb = CAT(char *, b, ch->array_offset);
    bool moved = false;
    for (size_t k = 0; k < n; k++)
        for (size_t c = 0; c < ch->n_cols; c++)
            if (!col_same(&ch->cols[c], old, ea + k * ch->elem_size, m,
                          eb + k * ch->elem_size, &moved))
                return false;
    return true;
}

enum store_change store_row_compare(const struct store_table *t,
                                    const struct model *old, size_t oi,
                                    const struct model *m, size_t i)
{
    const char *a = row_at(t, old, oi), *b = row_at(t, m, i);
    bool same = true, moved = oi != i;
    for (size_t k = 0; k < t->n_cols && same; k++)
        if (!t->cols[k].key)
            same = col_same(&t->cols[k], old, a, m, b, &moved);
    for (size_t c = 0; c < t->n_children && same; c++)
        same = children_same(&t->children[c], old, a, m, b);
    return !same ? ROW_CHANGED : moved ? ROW_SILENT : ROW_SAME;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

enum status store_load_fail(struct store_loader *l, const char *table)
{
    return store_db_error(l->s, l->err, "reading table %s", table);
}

enum status store_load_corrupt(struct store_loader *l, const char *table,
                               const char *key, const char *why)
{
    return diag_set(l->err, STATUS_DB, l->s->path, 0, 0, NULL,
                    "table %s, row \"%s\": %s", table, key ? key : "", why);
}

static int find_insee(const struct model *m, const char *insee)
{
    for (size_t i = 0; i < m->n_communes; i++)
        if (!strcmp(m->communes[i].insee, insee))
            return (int)i;
    return -1;
}

/* A reference column: NULL is -1, else the index, which must exist
 * (foreign keys guarantee it). */
static enum status read_ref(struct store_loader *l, const char *table,
                            const char *key, const struct store_col *c,
                            const char *text, int *out)
{
    static const char *const why[] = {
        [COL_COMMUNE] = "unknown commune", [COL_SITE] = "unknown site",
        [COL_SERVICE] = "unknown service", [COL_TRANSPORT] = "unknown transport",
    };
    *out = -1;
    if (!text)
        return STATUS_OK;
    *out = c->kind == COL_COMMUNE ? find_insee(l->m, text)
           : c->kind == COL_SITE  ? model_find_site(l->m, text)
           : c->kind == COL_TRANSPORT ? model_find_transport(l->m, text)
                                  : model_find_service(l->m, text);
    return *out < 0 ? store_load_corrupt(l, table, key, why[c->kind]) : STATUS_OK;
}

/* Column i of st into the field of row (the index-th of its table). */
static enum status read_col(struct store_loader *l, const char *table,
                            bool dense_pos, sqlite3_stmt *st, int i,
                            const struct store_col *c, char *row,
                            size_t index, const char *key)
{
    /* Text only where it is text: converting a REAL to text and back
     * would be wasted work. */
    const char *text = is_ref(c->kind) || c->kind == COL_ENUM
                           ? (const char *)sqlite3_column_text(st, i) : NULL;
    int v = 0;
    switch (c->kind) {
    case COL_TEXT:
        FIELD(char *, row, c) = store_col_dup(st, i, &l->nomem);
        break;
    case COL_CHARS:
        store_col_copy(st, i, row + c->offset, c->size);
        break;
    case COL_INT:
    case COL_LINE:
        FIELD(int, row, c) = sqlite3_column_int(st, i);
        break;
    case COL_BOOL:
        FIELD(bool, row, c) = sqlite3_column_int(st, i) != 0;
        break;
    case COL_U32:
        FIELD(uint32_t, row, c) = (uint32_t)sqlite3_column_int64(st, i);
        break;
    case COL_REAL:
        FIELD(double, row, c) = sqlite3_column_double(st, i);
        break;
    case COL_SKILLS:
    case COL_TAGS:
        FIELD(uint64_t, row, c) = (uint64_t)sqlite3_column_int64(st, i);
        break;
    case COL_COMMUNE:
    case COL_SITE:
    case COL_SERVICE:
    case COL_TRANSPORT:
        return read_ref(l, table, key, c, text, &FIELD(int, row, c));
    case COL_ENUM:
        if (!store_enum_parse(c->codec, text, &v)) {
            char why[96];
            snprintf(why, sizeof why, "unknown %s \"%s\"", c->name, text ? text : "");
            return store_load_corrupt(l, table, key, why);
        }
        FIELD(int, row, c) = v;
        break;
    case COL_POS:
        if (dense_pos && sqlite3_column_int64(st, i) != (long long)index)
            return store_load_corrupt(l, table, key, "positions are not 0, 1, 2...");
        break;
    }
    return STATUS_OK;
}

/* The next row of the table's array in l->m, zeroed; NULL when out of
 * memory (l->nomem) or over a fixed array's size (*st says so). */
static char *append_row(struct store_loader *l, const struct store_table *t,
                        size_t *cap, enum status *st)
{
    char *m = (char *)l->m;
    size_t *n = (size_t *)(void *)(m + t->count_offset);
    char *row;
    if (t->max_rows) {
        if (*n >= t->max_rows) {
            char why[64];
            snprintf(why, sizeof why, "more than %zu rows", t->max_rows);
            *st = store_load_corrupt(l, t->name, "", why);
            return NULL;
        }
        row = m + t->rows_offset + *n * t->row_size;
        memset(row, 0, t->row_size);
    } else {
        char **rows = (char **)(void *)(m + t->rows_offset);
        if (!store_grow(rows, cap, *n, t->row_size)) {
            l->nomem = true;
            return NULL;
        }
        row = *rows + *n * t->row_size;
    }
    (*n)++;
    return row;
}

/* The child list of one parent row, in stored order. */
static enum status load_child(struct store_loader *l, const struct store_table *t,
                              const struct store_child *ch, char *row)
{
    const char *owner = key_text(first_key(t), l->m, row);
    char **elems = &AT(char *, row, ch->array_offset);
    size_t *n = &AT(size_t, row, ch->count_offset);
    size_t cap = 0;
    enum status ret = STATUS_OK;
    int rc = SQLITE_DONE;
    sqlite3_stmt *st = row_stmt(l->s, t, ch, V_CHILD_SELECT);
    if (!st || bind_owner(st, l->sid, owner) != SQLITE_OK)
        return store_load_fail(l, ch->table);
    while (ret == STATUS_OK && !l->nomem && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!store_grow(elems, &cap, *n, ch->elem_size)) {
            l->nomem = true;
            break;
        }
        char *e = *elems + (*n)++ * ch->elem_size;
        for (size_t c = 0; c < ch->n_cols && ret == STATUS_OK; c++)
            ret = read_col(l, ch->table, false, st, (int)c, &ch->cols[c], e,
                           *n - 1, owner);
    }
    if (ret == STATUS_OK && !l->nomem && rc != SQLITE_DONE)
        ret = store_load_fail(l, ch->table);
    return ret;
}

enum status store_rows_load(struct store_loader *l, const struct store_table *t)
{
    sqlite3_stmt *st = row_stmt(l->s, t, NULL, V_SELECT);
    int brc = SQLITE_OK, rc = SQLITE_DONE;
    size_t cap = 0, first = store_row_count(t, l->m);
    enum status ret = STATUS_OK;
    if (!st)
        return store_load_fail(l, t->name);
    BIND_INT(st, 1, l->sid);
    if (brc != SQLITE_OK)
        return store_load_fail(l, t->name);
    int key_col = (int)(first_key(t) - t->cols);
    while (ret == STATUS_OK && !l->nomem && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, key_col);
        size_t index = store_row_count(t, l->m);
        char *row = append_row(l, t, &cap, &ret);
        for (size_t k = 0; row && k < t->n_cols && ret == STATUS_OK; k++)
            ret = read_col(l, t->name, t->dense_pos, st, (int)k, &t->cols[k],
                           row, index, key);
    }
    if (ret == STATUS_OK && !l->nomem && rc != SQLITE_DONE)
        ret = store_load_fail(l, t->name);
    for (size_t i = first; i < store_row_count(t, l->m); i++)
        for (size_t c = 0; c < t->n_children && ret == STATUS_OK && !l->nomem; c++)
            ret = load_child(l, t, &t->children[c], (char *)row_at(t, l->m, i));
    return ret;
}
