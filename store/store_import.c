/* store_import.c -- store_import_model: write a territory into a
 * scenario and say what changed.
 *
 * One transaction (store_tx_write).  The scenario's current data is
 * loaded as a model ("old") and compared with the new one, table by table
 * (store_tables[]), by natural key (insee, site id, (service, commune)
 * ...): a new key is INSERTed; a known key whose content differs is
 * UPDATEd in place (the row keeps its id) and counted updated; a row
 * whose content is the same but whose position, CSV line or raw bitmask
 * moved is rewritten silently and counted unchanged; keys gone from the
 * new model are DELETEd after every upsert, children first, so no foreign
 * key ever dangles.  Any failure rolls everything back.  Contents are
 * compared in C on models (store_row_compare) rather than column by
 * column in SQL: skills and tags are compared by name, so reordering the
 * tag list of a CSV file is not a change. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

struct import {
    struct store *s;
    long long sid;
    const char *scenario;
    const struct model *m;    /* new */
    const struct model *old;  /* as stored before the import */
};

/* ------------------------------------------------------------------ */
/* Rows by key                                                          */
/* ------------------------------------------------------------------ */

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
static struct kentry *kindex_build(const struct store_table *t,
                                   const struct model *m, size_t n)
{
    struct kentry *e = calloc(n ? n : 1, sizeof *e);
    if (!e)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        e[i].idx = i;
        e[i].key = store_row_key(t, m, i);
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
                             const char *verb, const struct store_table *t,
                             const char *key)
{
    char shown[128];
    key_display(key, shown, sizeof shown);
    return store_db_error(im->s, err, "%s %s \"%s\" in scenario \"%s\"", verb,
                          t->name, shown, im->scenario);
}

/* Two rows with one key would silently merge: refuse them. */
static enum status refuse_duplicates(struct import *im, const struct store_table *t,
                                     const struct kentry *mine, size_t n,
                                     struct diag *err)
{
    for (size_t k = 1; k < n; k++)
        if (!strcmp(mine[k - 1].key, mine[k].key)) {
            char shown[128];
            key_display(mine[k].key, shown, sizeof shown);
            return diag_set(err, STATUS_INVALID, im->s->path, 0, 0, NULL,
                            "%s \"%s\" appears twice in the model (rows %zu and %zu)",
                            t->name, shown, mine[k - 1].idx + 1, mine[k].idx + 1);
        }
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Tables                                                               */
/* ------------------------------------------------------------------ */

/* Upserts every row of one table; marks in seen which old rows are
 * still there. */
static enum status import_table(struct import *im, const struct store_table *t,
                                bool *seen, struct store_import_counts *c,
                                struct diag *err)
{
    size_t n = store_row_count(t, im->m), nold = store_row_count(t, im->old);
    struct kentry *mine = kindex_build(t, im->m, n);
    struct kentry *old = kindex_build(t, im->old, nold);
    enum status ret = !mine || !old ? store_nomem(im->s, err)
                                    : refuse_duplicates(im, t, mine, n, err);
    for (size_t k = 0; k < n && ret == STATUS_OK; k++) {
        size_t i = mine[k].idx;
        long oi = kindex_find(old, nold, mine[k].key);
        enum store_change ch = ROW_CHANGED;
        if (oi >= 0) {
            seen[oi] = true;
            ch = store_row_compare(t, im->old, (size_t)oi, im->m, i);
        }
        if (ch != ROW_SAME && store_row_write(im->s, im->sid, t, im->m, i) != SQLITE_OK) {
            ret = row_error(im, err, oi >= 0 ? "updating" : "inserting", t,
                            mine[k].key);
            break;
        }
        if (oi < 0)
            c->inserted++;
        else if (ch == ROW_CHANGED)
            c->updated++;
        else
            c->unchanged++;
    }
    kindex_free(mine, n);
    kindex_free(old, nold);
    return ret;
}

static enum status delete_unseen(struct import *im, const struct store_table *t,
                                 const bool *seen, struct store_import_counts *c,
                                 struct diag *err)
{
    size_t nold = store_row_count(t, im->old);
    for (size_t i = 0; i < nold; i++) {
        if (seen[i])
            continue;
        if (store_row_delete(im->s, im->sid, t, im->old, i) != SQLITE_OK) {
            char *key = store_row_key(t, im->old, i);
            enum status st = row_error(im, err, "deleting", t, key ? key : "?");
            free(key);
            return st;
        }
        c->deleted++;
    }
    return STATUS_OK;
}

/* Settings first, then upserts parents first; deletions run in the
 * reverse order, children first, once every upsert is done, so a row is
 * only deleted when nothing new points at it. */
static enum status import_all(struct import *im, struct store_import_counts *c,
                              struct diag *err)
{
    size_t nt = store_n_tables;
    bool **seen = calloc(nt, sizeof *seen);
    enum status st = seen ? STATUS_OK : store_nomem(im->s, err);
    for (size_t t = 0; t < nt && st == STATUS_OK; t++) {
        size_t n = store_row_count(store_tables[t], im->old);
        seen[t] = calloc(n ? n : 1, sizeof *seen[t]);
        if (!seen[t])
            st = store_nomem(im->s, err);
    }
    if (st == STATUS_OK)
        st = store_settings_import(im->s, im->sid, im->scenario, im->m, c, err);
    for (size_t t = 0; t < nt && st == STATUS_OK; t++)
        st = import_table(im, store_tables[t], seen[t], c, err);
    for (size_t t = nt; t-- > 0 && st == STATUS_OK;)
        st = delete_unseen(im, store_tables[t], seen[t], c, err);
    for (size_t t = 0; seen && t < nt; t++)
        free(seen[t]);
    free(seen);
    return st;
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
    enum status st = store_tx_write(s, err);
    if (st != STATUS_OK)
        return st;
    st = store_scenario_lookup(s, scenario, &sid, err);
    if (st == STATUS_OK && sid == 0)
        st = store_scenario_create(s, scenario, NULL, &sid, err);
    if (st == STATUS_OK)
        st = store_load_scenario(s, sid, scenario, &old, err);
    if (st == STATUS_OK) {
        struct import im = {s, sid, scenario, m, old};
        st = import_all(&im, &c, err);
    }
    model_free(old);
    st = store_tx_end(s, st, err);
    if (st == STATUS_OK && counts)
        *counts = c;
    return st;
}
