/* store_load.c -- store_load_model: rebuild a scenario's model.
 *
 * Rows come back ordered by pos, table by table in store_tables[] order
 * (parents first, so references resolve), then the settings and the busy
 * periods.  Indices and bitmask bits are those of the imported model:
 * import then load gives the same struct model, field by field.  Every
 * char * of the model is a heap string ("" rather than NULL), as the CSV
 * loader gives, so model_free() has one path. */
#include "store_int.h"

enum status store_load_scenario(struct store *s, long long sid,
                                const char *name, struct model **out,
                                struct diag *err)
{
    *out = NULL;
    struct model *m = model_new();
    if (!m)
        return store_nomem(s, err);
    struct store_loader l = {.s = s, .sid = sid, .m = m, .err = err};
    m->dir = store_strdup(name);
    l.nomem = !m->dir;
    enum status st = STATUS_OK;
    for (size_t t = 0; t < store_n_tables && st == STATUS_OK && !l.nomem; t++)
        st = store_rows_load(&l, store_tables[t]);
    if (st == STATUS_OK && !l.nomem)
        st = store_settings_load(&l);
    if (st == STATUS_OK && !l.nomem)
        st = store_busy_load(&l);
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

enum status store_load_model(struct store *s, const char *scenario,
                             struct model **out, struct diag *err)
{
    long long sid = 0;
    *out = NULL;
    /* One read transaction: a consistent snapshot even while another
     * process imports. */
    enum status st = store_tx_scenario(s, false, scenario, &sid, err);
    if (st != STATUS_OK)
        return st;
    st = store_load_scenario(s, sid, scenario, out, err);
    return store_tx_end(s, st, err);
}
