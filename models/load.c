/* load.c -- load a territory folder of CSV files into a struct model.
 *
 * The files and their columns are documented in docs/input-format.md;
 * the tables below (known columns, required columns) are the single
 * source of truth for what each file may hold.
 *
 * Design: load everything, then validate across files, and report every
 * problem in one pass -- a coordinator who fixes one cell per run gives
 * up.  A row with a bad cell is still kept (with a default for that
 * cell) when its identifier is sound, so that references to it from
 * other files do not cascade into "unknown site" noise.  Only when no
 * error at all was found is the model handed back; the caller stores it
 * in one transaction, so rejected input never reaches the database. */
#include "models_int.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct loader {
    const char *dir;
    struct model *m;
    struct diag_list *problems;
    /* Identifiers to positions (id_index.c): scanning the arrays for
     * every duplicate check and reference made loading quadratic. */
    struct id_index communes, commune_names, commune_aliases, sectors;
    struct id_index sites, staff, vehicles, services;
    struct id_index targets, travel, demand;   /* duplicate rows */
    /* Files that could not be loaded.  A reference into one is not
     * checked, or each row would repeat the file's one problem as
     * "unknown id"; one note per referring column says so. */
    bool communes_failed, sites_failed, services_failed;
    char noted[16][96];
    size_t n_noted;
};

/* ---- files and columns ------------------------------------------- */

struct file_spec {
    const char *name;
    bool required;
    const char *const *columns;     /* every known column, NULL-ended */
    const char *const *mandatory;   /* columns that must be present */
    size_t max_rows;                /* docs/input-format.md, size limits */
};

static const char *const settings_cols[] = {"key", "value", "comment", NULL};
static const char *const settings_req[] = {"key", "value", NULL};
static const char *const communes_cols[] = {
    "insee", "name", "population", "lat", "lon", "sector", "aliases", "epci",
    "pop_0_3", "pop_0_6", "pop_3_11", "pop_11_17", "pop_16_25", "pop_65_plus",
    "pop_75_plus", "pop_80_plus", "comment", NULL};
static const char *const communes_req[] = {"insee", "name", "population",
                                           "lat", "lon", NULL};
static const char *const sites_cols[] = {
    "id", "commune", "name", "address", "lat", "lon", "kind", "capacity",
    "tags", "opening", "yearly_cost", "comment", NULL};
static const char *const sites_req[] = {"id", "commune", "name", NULL};
static const char *const staff_cols[] = {
    "id", "name", "role", "skills", "employer", "base", "weekly_hours", "etp",
    "days", "licence", "max_drive_minutes", "contract_etp", "hourly_cost",
    "comment", NULL};
static const char *const staff_req[] = {"id", "name", "base", NULL};
static const char *const vehicles_cols[] = {
    "id", "kind", "seats", "base", "cost_per_km", "days", "yearly_cost",
    "comment", NULL};
static const char *const vehicles_req[] = {"id", "kind", "base", NULL};
static const char *const services_cols[] = {
    "id", "name", "audience", "target", "duration_minutes", "setup_minutes",
    "teardown_minutes", "skills", "staff_count", "roles", "vehicle_kind", "site_tags",
    "site_kinds", "days", "hours", "cadences", "times", "max_sites",
    "school_holidays", "public_holidays", "travel_max_minutes", "weight",
    "booking", "category", "communes", "comment", NULL};
static const char *const services_req[] = {"id", "name", "duration_minutes",
                                           NULL};
static const char *const targets_cols[] = {
    "service", "scope", "where", "per", "min_sessions", "label", "comment",
    NULL};
static const char *const targets_req[] = {"service", "min_sessions", NULL};
static const char *const travel_cols[] = {"from", "to", "km", "minutes",
                                          "comment", NULL};
static const char *const travel_req[] = {"from", "to", "km", "minutes", NULL};
static const char *const demand_cols[] = {"service", "commune", "weight",
                                          "comment", NULL};
static const char *const demand_req[] = {"service", "commune", "weight", NULL};

/* Row limits: far above any territory (France has 35 000 communes; an
 * EPCI a few hundred sites, a few dozen staff and services), low enough
 * that the checks across files, which compare services with staff and
 * sites, stay within a second.  The CSV reader caps every file at
 * 200 000 rows and 64 MiB. */
static const struct file_spec FILE_SETTINGS = {"settings.csv", false, settings_cols, settings_req, 1000};
static const struct file_spec FILE_COMMUNES = {"communes.csv", true, communes_cols, communes_req, 40000};
static const struct file_spec FILE_SITES = {"sites.csv", true, sites_cols, sites_req, 200000};
static const struct file_spec FILE_STAFF = {"staff.csv", true, staff_cols, staff_req, 10000};
static const struct file_spec FILE_VEHICLES = {"vehicles.csv", false, vehicles_cols, vehicles_req, 10000};
static const struct file_spec FILE_SERVICES = {"services.csv", true, services_cols, services_req, 1000};
static const struct file_spec FILE_TARGETS = {"targets.csv", false, targets_cols, targets_req, 200000};
static const struct file_spec FILE_TRAVEL = {"travel.csv", false, travel_cols, travel_req, 200000};
static const struct file_spec FILE_DEMAND = {"demand.csv", false, demand_cols, demand_req, 200000};

const char *const *load_known_columns(const char *file)
{
    static const struct file_spec *const all[] = {
        &FILE_SETTINGS, &FILE_COMMUNES, &FILE_SITES, &FILE_STAFF, &FILE_VEHICLES,
        &FILE_SERVICES, &FILE_TARGETS, &FILE_TRAVEL, &FILE_DEMAND, NULL};
    for (const struct file_spec *const *f = all; *f; f++)
        if (!strcmp((*f)->name, file))
            return (*f)->columns;
    return NULL;
}

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcasecmp(*list, s))
            return true;
    return false;
}

/* "required column is missing (...)" with the French names accepted and
 * the header as it is, so a misspelt header shows at once. */
static void missing_column(struct loader *L, const struct file_spec *f,
                           const struct csv_table *t, const char *col,
                           const char *hint)
{
    char have[256] = "", fr[160];
    size_t n = 0;
    for (size_t i = 0; i < t->n_cols && n < sizeof have; i++) {
        int k = snprintf(have + n, sizeof have - n, "%s%s", i ? ", " : "",
                         t->header[i]);
        if (k > 0)
            n += (size_t)k;
    }
    csv_column_aliases(f->name, col, fr, sizeof fr);
    diag_list_add(L->problems, STATUS_INVALID, f->name, 1, 0, col,
                  "required column is missing%s (%s%s%sthe header has: %s)",
                  hint ? hint : "", fr[0] ? "also accepted: " : "", fr,
                  fr[0] ? "; " : "", have);
}

/* Opens one file of the folder and checks its header.  Returns NULL when
 * the file is absent (an error if required) or unreadable. */
static struct csv_table *open_table(struct loader *L, const struct file_spec *f)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", L->dir, f->name);
    struct csv_table *t = NULL;
    enum status st = csv_table_read(path, f->name, &t, L->problems);
    if (st == STATUS_NOTFOUND) {
        if (f->required)
            diag_list_add(L->problems, STATUS_INVALID, f->name, 0, 0, NULL,
                          "file is missing from %s: a territory needs "
                          "communes.csv, sites.csv, staff.csv and services.csv",
                          L->dir);
        return NULL;
    }
    if (st != STATUS_OK)
        return NULL;
    bool ok = true;
    for (const char *const *c = f->mandatory; *c; c++)
        if (csv_table_column(t, *c) < 0) {
            missing_column(L, f, t, *c, NULL);
            ok = false;
        }
    for (size_t i = 0; i < t->n_cols; i++)
        if (!in_list(f->columns, t->keys[i]))
            diag_list_add(L->problems, STATUS_OK, f->name, 1, (int)i + 1,
                          t->header[i],
                          "unknown column, ignored (see docs/input-format.md "
                          "for the columns of %s)", f->name);
    if (f->required && t->n_rows == 0 && ok) {
        diag_list_add(L->problems, STATUS_INVALID, f->name, 1, 0, NULL,
                      "file has a header but no rows");
        ok = false;
    }
    if (t->n_rows > f->max_rows) {
        diag_list_add(L->problems, STATUS_INVALID, f->name,
                      t->rows[f->max_rows].line, 0, NULL,
                      "more than %zu rows: a territory's %s is far smaller "
                      "(see docs/input-format.md, size limits)", f->max_rows,
                      f->name);
        ok = false;
    }
    if (!ok) {
        csv_table_free(t);
        return NULL;
    }
    return t;
}

/* Whether a reference in column col of r's file cannot be checked
 * because target_failed: says so once per file and column. */
static bool unchecked(struct loader *L, struct field_reader *r, const char *col,
                      bool target_failed, const char *target)
{
    if (!target_failed)
        return false;
    char key[96];
    snprintf(key, sizeof key, "%s|%s", r->t->name, col);
    for (size_t i = 0; i < L->n_noted; i++)
        if (!strcmp(L->noted[i], key))
            return true;
    if (L->n_noted < sizeof L->noted / sizeof *L->noted)
        snprintf(L->noted[L->n_noted++], sizeof *L->noted, "%s", key);
    int c = csv_table_column(r->t, col);
    diag_list_add(L->problems, STATUS_OK, r->t->name, 1, c + 1,
                  c >= 0 ? r->t->header[c] : col,
                  "not checked against %s, which could not be loaded",
                  target);
    return true;
}

/* Adds key -> value to ix; false (with an error on the row) when memory
 * ran out.  *first gets the value already there, or value. */
static bool index_row(struct field_reader *r, struct id_index *ix,
                      const char *key, int value, int *first)
{
    *first = id_index_put(ix, key, value);
    if (*first == ID_INDEX_NOMEM) {
        field_error(r, NULL, "out of memory");
        return false;
    }
    return true;
}

/* Claims id for element next of an array of elem_size-byte rows whose
 * line is at line_offset; false, with "what "id" appears twice (first
 * on line N)" on the row, when another row has it. */
static bool claim_id(struct field_reader *r, struct id_index *ix, const char *col,
                     const char *what, const char *id, size_t next,
                     const void *rows, size_t elem_size, size_t line_offset)
{
    int first;
    if (!index_row(r, ix, id, (int)next, &first))
        return false;
    if (first == (int)next)
        return true;
    int line;
    memcpy(&line, (const char *)rows + (size_t)first * elem_size + line_offset,
           sizeof line);
    field_error(r, col, "%s \"%s\" appears twice (first on line %d)", what, id, line);
    return false;
}

static int find_commune(const struct loader *L, const char *key)
{
    int c = id_index_get(&L->communes, key);
    if (c < 0)
        c = id_index_get(&L->commune_names, key);
    if (c < 0)
        c = id_index_get(&L->commune_aliases, key);
    return c;
}

/* ---- helpers ------------------------------------------------------ */

/* Arrays are sized to the file's row count: loaders know it up front. */
static void *alloc_rows(size_t count, size_t elem)
{
    return calloc(count ? count : 1, elem);
}

static bool valid_insee(const char *s)
{
    /* 5 characters: digits, or 2A/2B for Corsica. */
    if (strlen(s) != 5)
        return false;
    for (int i = 0; i < 5; i++) {
        bool corsica = i == 1 && s[0] == '2' && (s[1] == 'A' || s[1] == 'B');
        if (!isdigit((unsigned char)s[i]) && !corsica)
            return false;
    }
    return true;
}

/* Resolves a place reference: a site id, else a commune (INSEE code or
 * name).  Sets site (or -1) and commune; false when neither matches. */
static bool resolve_place(const struct loader *L, const char *ref, int *site,
                          int *commune, double *lat, double *lon)
{
    const struct model *m = L->m;
    int s = id_index_get(&L->sites, ref);
    if (s >= 0) {
        *site = s;
        *commune = m->sites[s].commune;
        *lat = m->sites[s].lat;
        *lon = m->sites[s].lon;
        return true;
    }
    int c = find_commune(L, ref);
    if (c >= 0) {
        *site = -1;
        *commune = c;
        *lat = m->communes[c].lat;
        *lon = m->communes[c].lon;
        return true;
    }
    return false;
}

/* Column "base" of staff.csv and vehicles.csv: a site, else a commune. */
static void resolve_base(struct loader *L, struct field_reader *r,
                         const char *base, int *site, int *commune,
                         double *lat, double *lon)
{
    if (resolve_place(L, base, site, commune, lat, lon) ||
        unchecked(L, r, "base", L->sites_failed || L->communes_failed,
                  L->sites_failed ? "sites.csv" : "communes.csv"))
        return;
    field_error(r, "base", "\"%s\" is neither a site id of sites.csv nor "
                "a commune of communes.csv", base);
}

/* Weekday mask (bit per day) of a half-day mask. */
static unsigned days_of_halfdays(uint32_t h)
{
    unsigned d = 0;
    for (int w = 0; w < 7; w++)
        if (h & (MODEL_HALF_AM(w) | MODEL_HALF_PM(w)))
            d |= 1u << w;
    return d;
}

#define WEEKDAYS_HALFDAYS 0x3ffu   /* Monday to Friday, both halves */

/* ---- settings.csv ------------------------------------------------- */

static void load_settings(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_SETTINGS);
    if (!t)
        return;
    struct model_settings *s = &L->m->settings;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *key = field_text(&r, "key");
        const char *val = field_text(&r, "value");
        double v = 0;
        enum model_audience a;
        if (!*key) {
            field_error(&r, "key", "is empty; expected a setting name");
        } else if (!strcasecmp(key, "name")) {
            if (!*val)
                field_error(&r, "value", "the territory name is empty");
            snprintf(s->name, sizeof s->name, "%s", val);
        } else if (!strcasecmp(key, "school_zone")) {
            if (strlen(val) == 1 && strchr("ABCabc", val[0]))
                s->school_zone = (char)toupper((unsigned char)val[0]);
            else
                field_error(&r, "value", "school_zone \"%s\": expected A, B or C", val);
        } else if (!strcasecmp(key, "detour_factor")) {
            if (field_double(&r, "value", true, 1.0, 3.0, &v))
                s->detour_factor = v;
        } else if (!strcasecmp(key, "speed_kmh")) {
            if (field_double(&r, "value", true, 10, 130, &v))
                s->speed_kmh = v;
        } else if (!strcasecmp(key, "fixed_minutes")) {
            if (field_double(&r, "value", true, 0, 60, &v))
                s->fixed_minutes = v;
        } else if (!strcasecmp(key, "slot_step_minutes")) {
            int k;
            if (field_int(&r, "value", true, 5, 240, &k))
                s->slot_step = k;
        } else if (!strcasecmp(key, "max_drive_minutes")) {
            int k;
            if (field_int(&r, "value", true, 0, 720, &k))
                s->max_drive_minutes = k;
        } else if (!strncasecmp(key, "share_", 6) &&
                   model_audience_parse(key + 6, &a) && a != AUD_ALL) {
            if (field_double(&r, "value", true, 0, 1, &v))
                s->share[a] = v;
        } else if (!strcasecmp(key, "weight_access")) {
            if (field_double(&r, "value", true, 0, 1e6, &v))
                s->weight_access = v;
        } else if (!strcasecmp(key, "weight_equity")) {
            if (field_double(&r, "value", true, 0, 1e6, &v))
                s->weight_equity = v;
        } else if (!strcasecmp(key, "weight_cost_hour")) {
            if (field_double(&r, "value", true, 0, 1e6, &v))
                s->weight_cost_hour = v;
        } else if (!strcasecmp(key, "weight_km")) {
            if (field_double(&r, "value", true, 0, 1e6, &v))
                s->weight_km = v;
        } else if (!strcasecmp(key, "hourly_cost") ||
                   !strcasecmp(key, "cout_horaire")) {
            if (field_double(&r, "value", true, 0, 1000, &v))
                s->hourly_cost = v;
        } else if (!strcasecmp(key, "penalty_unmet")) {
            if (field_double(&r, "value", true, 0, 1e9, &v))
                s->penalty_unmet = v;
        } else {
            field_error(&r, "key",
                        "unknown setting \"%s\" (see docs/input-format.md, "
                        "settings.csv)", key);
        }
    }
    csv_table_free(t);
}

/* ---- communes.csv ------------------------------------------------- */

static void add_sector(struct loader *L, struct field_reader *r,
                       const char *name)
{
    struct model *m = L->m;
    int first;
    if (!*name || !index_row(r, &L->sectors, name, (int)m->n_sectors, &first) ||
        first != (int)m->n_sectors)
        return;
    /* Doubling at each power of two: one realloc per sector was
     * quadratic when every commune has its own. */
    size_t n = m->n_sectors;
    if ((n & (n - 1)) == 0) {
        char **s = realloc(m->sectors, (n ? 2 * n : 1) * sizeof *s);
        if (!s) {
            field_error(r, "sector", "out of memory");
            return;
        }
        m->sectors = s;
    }
    m->sectors[n] = xstrdup(name);
    if (m->sectors[n])
        m->n_sectors++;
}

/* Makes commune c findable by its INSEE code (done), its name and each
 * of its former names and codes ("a|b|c"); the first commune to claim
 * a name keeps it, as a scan in file order would. */
static void index_commune(struct loader *L, struct field_reader *r, int c)
{
    const struct model_commune *k = &L->m->communes[c];
    int first;
    if (!index_row(r, &L->commune_names, k->name, c, &first))
        return;
    for (const char *p = k->aliases; *p;) {
        size_t len = strcspn(p, "|");
        if (len && id_index_put_n(&L->commune_aliases, p, len, c) == ID_INDEX_NOMEM) {
            field_error(r, "aliases", "out of memory");
            return;
        }
        p += len;
        p += *p == '|';
    }
}

static void load_communes(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_COMMUNES);
    L->communes_failed = !t;
    if (!t)
        return;
    struct model *m = L->m;
    m->communes = alloc_rows(t->n_rows, sizeof *m->communes);
    if (!m->communes)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *insee;
        if (!field_required(&r, "insee", &insee))
            continue;
        if (!valid_insee(insee)) {
            field_error(&r, "insee", "\"%s\" is not an INSEE code: expected 5 "
                        "characters such as 12096 or 2A004", insee);
            continue;
        }
        if (!claim_id(&r, &L->communes, "insee", "commune", insee, m->n_communes,
                      m->communes, sizeof *m->communes,
                      offsetof(struct model_commune, line)))
            continue;
        struct model_commune *c = &m->communes[m->n_communes];
        memset(c, 0, sizeof *c);
        snprintf(c->insee, sizeof c->insee, "%s", insee);
        c->line = t->rows[i].line;
        const char *name = "";
        field_required(&r, "name", &name);
        c->name = xstrdup(name);
        c->sector = xstrdup(field_text(&r, "sector"));
        c->aliases = xstrdup(field_text(&r, "aliases"));
        m->n_communes++;
        if (!c->name || !c->sector || !c->aliases)
            continue;
        index_commune(L, &r, (int)m->n_communes - 1);
        add_sector(L, &r, c->sector);
        field_int(&r, "population", true, 0, 3000000, &c->population);
        field_double(&r, "lat", true, -90, 90, &c->lat);
        field_double(&r, "lon", true, -180, 180, &c->lon);
        c->pop[AUD_ALL] = c->population;
        c->pop_known = 1u << AUD_ALL;
        for (int a = 1; a < AUD_COUNT; a++) {
            const char *col = model_audience_column((enum model_audience)a);
            double v = -1;
            if (*field_text(&r, col) &&
                field_double(&r, col, false, 0, 3000000, &v)) {
                if (v > c->population) {
                    field_error(&r, col, "%g is more than the population (%d)",
                                v, c->population);
                    continue;
                }
                c->pop[a] = v;
                c->pop_known |= 1u << a;
            }
        }
    }
    /* Estimated audiences, from the shares in settings (read before). */
    for (size_t i = 0; i < m->n_communes; i++)
        for (int a = 1; a < AUD_COUNT; a++)
            if (!(m->communes[i].pop_known & (1u << a)))
                m->communes[i].pop[a] =
                    m->communes[i].population * m->settings.share[a];
out:
    csv_table_free(t);
}

/* ---- sites.csv ---------------------------------------------------- */

static void load_sites(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_SITES);
    L->sites_failed = !t;
    if (!t)
        return;
    struct model *m = L->m;
    m->sites = alloc_rows(t->n_rows, sizeof *m->sites);
    if (!m->sites)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *id, *commune, *name = "";
        if (!field_required(&r, "id", &id))
            continue;
        if (!claim_id(&r, &L->sites, "id", "site", id, m->n_sites,
                      m->sites, sizeof *m->sites,
                      offsetof(struct model_site, line)))
            continue;
        struct model_site *s = &m->sites[m->n_sites];
        memset(s, 0, sizeof *s);
        s->line = t->rows[i].line;
        s->id = xstrdup(id);
        field_required(&r, "name", &name);
        s->name = xstrdup(name);
        s->address = xstrdup(field_text(&r, "address"));
        m->n_sites++;
        if (!s->id || !s->name || !s->address)
            continue;
        s->commune = -1;
        if (field_required(&r, "commune", &commune)) {
            s->commune = find_commune(L, commune);
            bool known = s->commune >= 0 ||
                unchecked(L, &r, "commune", L->communes_failed, "communes.csv");
            if (!known && valid_insee(commune))
                field_error(&r, "commune", "unknown INSEE code %s (not in "
                            "communes.csv)", commune);
            else if (!known)
                field_error(&r, "commune", "unknown commune \"%s\": expected an "
                            "INSEE code or a name from communes.csv", commune);
        }
        const char *lat = field_text(&r, "lat"), *lon = field_text(&r, "lon");
        if (*lat || *lon) {
            if (!*lat || !*lon)
                field_error(&r, *lat ? "lon" : "lat",
                            "is empty while the other coordinate is given: "
                            "give both, or neither to use the commune's centre");
            field_double(&r, "lat", true, -90, 90, &s->lat);
            field_double(&r, "lon", true, -180, 180, &s->lon);
        } else if (s->commune >= 0) {
            s->lat = m->communes[s->commune].lat;
            s->lon = m->communes[s->commune].lon;
        }
        const char *kind = field_text(&r, "kind");
        s->kind = SITE_OTHER;
        if (*kind && !model_site_kind_parse(kind, &s->kind))
            field_error(&r, "kind", "\"%s\" is not a site kind: expected one of "
                        "mairie, salle_des_fetes, mediatheque, ecole, evs, "
                        "centre_social, france_services, rpe, creche, autre", kind);
        field_int(&r, "capacity", false, 0, 10000, &s->capacity);
        s->yearly_cost = -1;
        field_double(&r, "yearly_cost", false, 0, 1e8, &s->yearly_cost);
        field_name_set(&r, "tags", m->tag_names, &m->n_tags, &s->tags);
        field_windows(&r, "opening", 0x7f, 0, &s->open, &s->n_open);
    }
out:
    csv_table_free(t);
}

/* ---- staff.csv ---------------------------------------------------- */

/* Hours: weekly_hours, or etp (1 ETP = 35 h).  48 h is the legal weekly
 * maximum (Code du travail L3121-20).  has_hours: the file has one of
 * the two columns (when it has neither, the file got one message). */
static void read_staff_hours(struct field_reader *r, bool has_hours,
                             double *weekly_minutes)
{
    const char *wh = field_text(r, "weekly_hours"), *etp = field_text(r, "etp");
    double v;
    if (*wh && *etp) {
        field_error(r, "etp", "both weekly_hours and etp are given: keep one");
    } else if (*wh) {
        if (field_double(r, "weekly_hours", true, 0.5, 48, &v))
            *weekly_minutes = v * 60;
    } else if (*etp) {
        bool pct = strchr(etp, '%') != NULL;
        char num[64];
        snprintf(num, sizeof num, "%s", etp);
        char *p = strchr(num, '%');
        if (p)
            *p = '\0';
        if (!parse_number(num, &v))
            field_error(r, "etp", "\"%s\" is not a number such as 0,8 or 80 %%", etp);
        else if ((pct ? v / 100 : v) <= 0 || (pct ? v / 100 : v) > 1.0)
            field_error(r, "etp", "%s is out of range: expected more than 0 "
                        "and at most 1 (full time)", etp);
        else
            *weekly_minutes = (pct ? v / 100 : v) * 35 * 60;
    } else if (has_hours) {
        field_error(r, "weekly_hours", "is empty; give weekly_hours (hours per "
                    "week) or etp (share of full time, 1 = 35 h)");
    }
}

/* The whole contract (contract_etp, a share of full time: 0,8 or 80 %;
 * -1 when not given) and the employer's cost of an hour (hourly_cost,
 * euros; -1: settings.csv hourly_cost applies).  Only the reports use
 * them (docs/output-formats.md, "Costs"). */
static void read_staff_costs(struct field_reader *r, struct model_staff *s)
{
    const char *etp = field_text(r, "contract_etp");
    s->contract_etp = -1;
    if (*etp) {
        char num[64];
        snprintf(num, sizeof num, "%s", etp);
        char *p = strchr(num, '%');
        double v;
        if (p)
            *p = '\0';
        if (!parse_number(num, &v))
            field_error(r, "contract_etp", "\"%s\" is not a number such as 0,8 "
                        "or 80 %%", etp);
        else if ((p ? v / 100 : v) <= 0 || (p ? v / 100 : v) > 1.0)
            field_error(r, "contract_etp", "%s is out of range: expected more "
                        "than 0 and at most 1 (full time)", etp);
        else
            s->contract_etp = p ? v / 100 : v;
    }
    s->hourly_cost = -1;
    field_double(r, "hourly_cost", false, 0, 1000, &s->hourly_cost);
}

static void load_staff(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_STAFF);
    if (!t)
        return;
    struct model *m = L->m;
    /* Neither hours column: one message for the file, not one per row. */
    bool has_hours = csv_table_column(t, "weekly_hours") >= 0 ||
                     csv_table_column(t, "etp") >= 0;
    if (!has_hours)
        missing_column(L, &FILE_STAFF, t, "weekly_hours", ": give weekly_hours "
                       "(hours per week) or etp (share of full time, 1 = 35 h)");
    m->staff = alloc_rows(t->n_rows, sizeof *m->staff);
    if (!m->staff)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *id, *name = "", *base;
        if (!field_required(&r, "id", &id))
            continue;
        if (!claim_id(&r, &L->staff, "id", "staff", id, m->n_staff,
                      m->staff, sizeof *m->staff,
                      offsetof(struct model_staff, line)))
            continue;
        struct model_staff *s = &m->staff[m->n_staff];
        memset(s, 0, sizeof *s);
        s->line = t->rows[i].line;
        s->id = xstrdup(id);
        field_required(&r, "name", &name);
        s->name = xstrdup(name);
        s->role = xstrdup(field_text(&r, "role"));
        s->employer = xstrdup(field_text(&r, "employer"));
        m->n_staff++;
        if (!s->id || !s->name || !s->role || !s->employer)
            continue;
        field_name_set(&r, "skills", m->skill_names, &m->n_skills, &s->skills);
        s->base_site = s->base_commune = -1;
        if (field_required(&r, "base", &base))
            resolve_base(L, &r, base, &s->base_site, &s->base_commune,
                         &s->base_lat, &s->base_lon);
        read_staff_hours(&r, has_hours, &s->weekly_minutes);
        const char *wh = field_text(&r, "weekly_hours");
        s->halfdays = WEEKDAYS_HALFDAYS;
        field_halfdays(&r, "days", &s->halfdays);
        s->licence = true;
        field_bool(&r, "licence", &s->licence);
        s->max_drive_minutes = m->settings.max_drive_minutes;
        field_int(&r, "max_drive_minutes", false, 0, 720, &s->max_drive_minutes);
        read_staff_costs(&r, s);
        /* A half-day is at most 7 hours here (13:00-20:00): a contract
         * longer than the half-days allow cannot be right. */
        int halves = __builtin_popcount(s->halfdays);
        if (s->weekly_minutes > halves * 7 * 60 + 1e-6)
            field_error(&r, *wh ? "weekly_hours" : "etp",
                        "%.1f h per week do not fit in the %d half-days of column "
                        "\"days\"", s->weekly_minutes / 60, halves);
    }
out:
    csv_table_free(t);
}

/* ---- vehicles.csv ------------------------------------------------- */

static void load_vehicles(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_VEHICLES);
    if (!t)
        return;
    struct model *m = L->m;
    m->vehicles = alloc_rows(t->n_rows, sizeof *m->vehicles);
    if (!m->vehicles)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *id, *kind = "", *base;
        if (!field_required(&r, "id", &id))
            continue;
        if (!claim_id(&r, &L->vehicles, "id", "vehicle", id, m->n_vehicles,
                      m->vehicles, sizeof *m->vehicles,
                      offsetof(struct model_vehicle, line)))
            continue;
        struct model_vehicle *v = &m->vehicles[m->n_vehicles];
        memset(v, 0, sizeof *v);
        v->line = t->rows[i].line;
        v->id = xstrdup(id);
        field_required(&r, "kind", &kind);
        v->kind = xstrdup(kind);
        m->n_vehicles++;
        if (!v->id || !v->kind)
            continue;
        v->seats = 9;   /* B licence maximum (DOMAIN.md §4) */
        field_int(&r, "seats", false, 1, 90, &v->seats);
        v->cost_per_km = 0.30;
        field_double(&r, "cost_per_km", false, 0, 20, &v->cost_per_km);
        v->yearly_cost = -1;
        field_double(&r, "yearly_cost", false, 0, 1e7, &v->yearly_cost);
        v->halfdays = MODEL_ALL_WEEK;
        field_halfdays(&r, "days", &v->halfdays);
        v->base_site = v->base_commune = -1;
        if (field_required(&r, "base", &base))
            resolve_base(L, &r, base, &v->base_site, &v->base_commune,
                         &v->base_lat, &v->base_lon);
    }
out:
    csv_table_free(t);
}

/* ---- services.csv ------------------------------------------------- */

static bool parse_policy(const char *s, enum model_holiday_policy *out)
{
    static const struct { const char *word; enum model_holiday_policy p; } w[] = {
        {"skip", HOL_SKIP}, {"closed", HOL_SKIP}, {"ferme", HOL_SKIP},
        {"fermé", HOL_SKIP}, {"move", HOL_MOVE}, {"report", HOL_MOVE},
        {"reporter", HOL_MOVE}, {"open", HOL_OPEN}, {"ouvert", HOL_OPEN},
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (!strcasecmp(s, w[i].word)) {
            *out = w[i].p;
            return true;
        }
    return false;
}

struct cadence_ctx {
    unsigned bits;
    int times;
    const char *bad;
    char bad_buf[64];
};

static bool cadence_token(const char *tok, void *vctx)
{
    struct cadence_ctx *c = vctx;
    static const struct { const char *word; unsigned bit; } w[] = {
        {"weekly", CAD_WEEKLY}, {"hebdo", CAD_WEEKLY}, {"hebdomadaire", CAD_WEEKLY},
        {"1w", CAD_WEEKLY}, {"2w", CAD_2W}, {"biweekly", CAD_2W},
        {"quinzaine", CAD_2W}, {"4w", CAD_4W}, {"monthly", CAD_MONTHLY},
        {"mensuel", CAD_MONTHLY}, {"month", CAD_MONTHLY}, {"times", CAD_TIMES},
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (!strcasecmp(tok, w[i].word)) {
            c->bits |= w[i].bit;
            return true;
        }
    /* "3x": three times in the horizon */
    char *end;
    long n = strtol(tok, &end, 10);
    if (end != tok && (*end == 'x' || *end == 'X') && end[1] == '\0' &&
        n >= 1 && n <= 60) {
        c->bits |= CAD_TIMES;
        c->times = (int)n;
        return true;
    }
    snprintf(c->bad_buf, sizeof c->bad_buf, "%s", tok);
    c->bad = c->bad_buf;
    return false;
}

struct kinds_ctx {
    uint32_t bits;
    char bad[64];
};

static bool kind_token(const char *tok, void *vctx)
{
    struct kinds_ctx *c = vctx;
    enum model_site_kind k;
    if (!model_site_kind_parse(tok, &k)) {
        snprintf(c->bad, sizeof c->bad, "%s", tok);
        return false;
    }
    c->bits |= 1u << k;
    return true;
}

/* Commune lists are split on ; , | + only: names have spaces. */
static bool parse_commune_list(struct loader *L, struct field_reader *r,
                               const char *col, int **out, size_t *n)
{
    const char *s = field_text(r, col);
    *out = NULL;
    *n = 0;
    if (!*s)
        return true;
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        if (strchr(";,|+", *p))
            cap++;
    int *list = calloc(cap, sizeof *list);
    if (!list)
        return false;
    const char *p = s;
    bool ok = true;
    while (*p) {
        size_t len = strcspn(p, ";,|+");
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        char *a = name, *e = name + strlen(name);
        while (*a == ' ')
            a++;
        while (e > a && e[-1] == ' ')
            *--e = '\0';
        if (*a) {
            int c = find_commune(L, a);
            if (c >= 0) {
                list[(*n)++] = c;
            } else if (!unchecked(L, r, col, L->communes_failed, "communes.csv")) {
                field_error(r, col, "unknown commune \"%s\" (not in communes.csv)", a);
                ok = false;
            }
        }
        p += len;
        if (*p)
            p++;
    }
    if (!ok || *n == 0) {
        free(list);
        *n = 0;
        return ok;
    }
    *out = list;
    return true;
}

/* Column "hours": the windows the public part must lie in (default:
 * 09:00-17:00 on every allowed day); a session longer than every window
 * can never be placed. */
/* roles: one person a role; the counts make the team size, so
 * staff_count, when given too, must agree. */
static void read_service_roles(struct field_reader *r, struct model *m,
                               struct model_service *s)
{
    int total;
    if (!field_roles(r, "roles", m->skill_names, &m->n_skills, &s->roles,
                     &s->n_roles, &total) || s->n_roles == 0)
        return;
    if (!*field_text(r, "staff_count"))
        s->staff_count = total;
    else if (s->staff_count != total)
        field_error(r, "staff_count", "is %d but the roles add up to %d people; "
                    "leave staff_count empty or make them agree",
                    s->staff_count, total);
}

static void read_service_hours(struct field_reader *r, struct model_service *s)
{
    if (*field_text(r, "hours")) {
        field_windows(r, "hours", days_of_halfdays(s->halfdays), s->duration,
                      &s->windows, &s->n_windows);
    } else {
        unsigned days = days_of_halfdays(s->halfdays);
        s->windows = calloc(7, sizeof *s->windows);
        for (int d = 0; d < 7 && s->windows; d++)
            if (days & (1u << d))
                s->windows[s->n_windows++] = (struct model_window){d, 9 * 60, 17 * 60};
    }
    bool fits = false;
    for (size_t w = 0; w < s->n_windows; w++)
        if (s->windows[w].end - s->windows[w].start >= s->duration)
            fits = true;
    if (s->duration > 0 && s->n_windows > 0 && !fits)
        field_error(r, "hours", "no time window is as long as the session "
                    "(%d minutes)", s->duration);
}

/* Columns "cadences", "times", "school_holidays", "public_holidays":
 * when the series of a service may run. */
static void read_service_calendar(struct field_reader *r, struct model_service *s)
{
    struct cadence_ctx cc = {0, 0, NULL, ""};
    const char *cad = field_text(r, "cadences");
    if (!split_list(*cad ? cad : "weekly 2w 4w monthly", cadence_token, &cc))
        field_error(r, "cadences", "\"%s\" is not a cadence: expected weekly, "
                    "2w, 4w, monthly or Nx (N times in the horizon)", cc.bad);
    s->cadences = cc.bits;
    s->times = cc.times;
    field_int(r, "times", false, 1, 60, &s->times);
    if ((s->cadences & CAD_TIMES) && s->times == 0)
        field_error(r, "times", "is empty while cadences has \"times\": "
                    "say how many sessions in the horizon");
    const char *pol = field_text(r, "school_holidays");
    s->school_holidays = HOL_SKIP;
    if (*pol && !parse_policy(pol, &s->school_holidays))
        field_error(r, "school_holidays", "\"%s\": expected closed, open or move",
                    pol);
    pol = field_text(r, "public_holidays");
    s->public_holidays = HOL_SKIP;
    if (*pol && !parse_policy(pol, &s->public_holidays))
        field_error(r, "public_holidays", "\"%s\": expected closed or move", pol);
}

static void load_services(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_SERVICES);
    L->services_failed = !t;
    if (!t)
        return;
    struct model *m = L->m;
    m->services = alloc_rows(t->n_rows, sizeof *m->services);
    if (!m->services)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *id, *name = "";
        if (!field_required(&r, "id", &id))
            continue;
        if (!claim_id(&r, &L->services, "id", "service", id, m->n_services,
                      m->services, sizeof *m->services,
                      offsetof(struct model_service, line)))
            continue;
        struct model_service *s = &m->services[m->n_services];
        memset(s, 0, sizeof *s);
        s->line = t->rows[i].line;
        s->id = xstrdup(id);
        field_required(&r, "name", &name);
        s->name = xstrdup(name);
        s->audience_text = xstrdup(field_text(&r, "audience"));
        s->vehicle_kind = xstrdup(field_text(&r, "vehicle_kind"));
        s->booking = xstrdup(field_text(&r, "booking"));
        const char *cat = field_text(&r, "category");
        s->category = xstrdup(*cat ? cat : name);
        m->n_services++;
        if (!s->id || !s->name || !s->audience_text || !s->vehicle_kind ||
            !s->booking || !s->category)
            continue;
        const char *target = field_text(&r, "target");
        s->target = AUD_ALL;
        if (*target && !model_audience_parse(target, &s->target))
            field_error(&r, "target", "\"%s\" is not a population column: expected "
                        "population, pop_0_3, pop_0_6, pop_3_11, pop_11_17, "
                        "pop_16_25, pop_65_plus, pop_75_plus or pop_80_plus", target);
        field_int(&r, "duration_minutes", true, 5, 720, &s->duration);
        field_int(&r, "setup_minutes", false, 0, 240, &s->setup);
        field_int(&r, "teardown_minutes", false, 0, 240, &s->teardown);
        field_name_set(&r, "skills", m->skill_names, &m->n_skills, &s->skills);
        s->staff_count = 1;
        field_int(&r, "staff_count", false, 1, MODEL_MAX_TEAM, &s->staff_count);
        read_service_roles(&r, m, s);
        field_name_set(&r, "site_tags", m->tag_names, &m->n_tags, &s->site_tags);
        struct kinds_ctx kc = {0, ""};
        if (!split_list(field_text(&r, "site_kinds"), kind_token, &kc))
            field_error(&r, "site_kinds", "\"%s\" is not a site kind: expected "
                        "mairie, salle_des_fetes, mediatheque, ecole, evs, "
                        "centre_social, france_services, rpe, creche or autre", kc.bad);
        s->site_kinds = kc.bits;
        s->halfdays = WEEKDAYS_HALFDAYS;
        field_halfdays(&r, "days", &s->halfdays);
        read_service_hours(&r, s);
        read_service_calendar(&r, s);
        field_int(&r, "max_sites", false, 0, 1000, &s->max_sites);
        s->travel_max_minutes = 20;
        field_int(&r, "travel_max_minutes", false, 1, 240, &s->travel_max_minutes);
        s->weight = 1.0;
        field_double(&r, "weight", false, 0, 1000, &s->weight);
        parse_commune_list(L, &r, "communes", &s->communes, &s->n_communes);
    }
out:
    csv_table_free(t);
}

/* ---- targets.csv -------------------------------------------------- */

static const char *period_name(enum model_period p)
{
    return p == PER_MONTH ? "month" : p == PER_YEAR ? "year" : "quarter";
}

/* Two targets for one service, scope, place and period: which minimum
 * holds?  The store refused them only when saving a plan ("appears twice
 * in the model"), after `check` had passed them.  Places compare as
 * resolved: "46063" and "Castelnau-Montratier" are one commune. */
static void check_duplicate_target(struct loader *L, struct field_reader *r,
                                   const struct model_target *g, int sector)
{
    const struct model *m = L->m;
    char key[64];
    snprintf(key, sizeof key, "%d|%d|%d|%d", g->service, (int)g->scope,
             g->scope == SCOPE_COMMUNE ? g->commune : sector, (int)g->period);
    int first;
    int self = (int)(g - m->targets);
    if (!index_row(r, &L->targets, key, self, &first) || first == self)
        return;
    const char *scope = g->scope == SCOPE_TERRITORY ? "the territory" :
                        g->scope == SCOPE_SECTOR ? "sector" : "commune";
    field_error(r, NULL, "a target for service %s in %s%s%s per %s appears "
                "twice (first on line %d): keep one, with the minimum you mean",
                m->services[g->service].id, scope, *g->where ? " " : "",
                g->where, period_name(g->period), m->targets[first].line);
}

static void load_targets(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_TARGETS);
    if (!t)
        return;
    struct model *m = L->m;
    m->targets = alloc_rows(t->n_rows, sizeof *m->targets);
    if (!m->targets)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        struct model_target *g = &m->targets[m->n_targets];
        memset(g, 0, sizeof *g);
        g->line = t->rows[i].line;
        g->commune = -1;
        const char *svc, *scope = field_text(&r, "scope"), *per = field_text(&r, "per");
        const char *where = field_text(&r, "where");
        g->where = xstrdup(where);
        g->label = xstrdup(field_text(&r, "label"));
        m->n_targets++;
        if (!g->where || !g->label)
            continue;
        g->service = -1;
        if (field_required(&r, "service", &svc)) {
            g->service = id_index_get(&L->services, svc);
            if (g->service < 0 &&
                !unchecked(L, &r, "service", L->services_failed, "services.csv"))
                field_error(&r, "service", "unknown service \"%s\" (not in "
                            "services.csv)", svc);
        }
        if (!*scope || !strcasecmp(scope, "territory") || !strcasecmp(scope, "territoire"))
            g->scope = SCOPE_TERRITORY;
        else if (!strcasecmp(scope, "sector") || !strcasecmp(scope, "secteur"))
            g->scope = SCOPE_SECTOR;
        else if (!strcasecmp(scope, "commune"))
            g->scope = SCOPE_COMMUNE;
        else
            field_error(&r, "scope", "\"%s\": expected territory, sector or commune",
                        scope);
        int sector = -1;
        if (g->scope == SCOPE_SECTOR) {
            if (!*where)
                field_error(&r, "where", "is empty; name the sector");
            else if ((sector = id_index_get(&L->sectors, where)) < 0 &&
                     !unchecked(L, &r, "where", L->communes_failed, "communes.csv"))
                field_error(&r, "where", "unknown sector \"%s\" (see column "
                            "\"sector\" of communes.csv)", where);
        } else if (g->scope == SCOPE_COMMUNE) {
            if (!*where)
                field_error(&r, "where", "is empty; name the commune (INSEE code)");
            else if ((g->commune = find_commune(L, where)) < 0 &&
                     !unchecked(L, &r, "where", L->communes_failed, "communes.csv"))
                field_error(&r, "where", "unknown INSEE code %s (not in "
                            "communes.csv)", where);
        } else if (*where) {
            field_error(&r, "where", "must be empty for a territory-wide target");
        }
        if (!*per || !strcasecmp(per, "quarter") || !strcasecmp(per, "trimestre") ||
            !strcasecmp(per, "horizon"))
            g->period = PER_HORIZON;
        else if (!strcasecmp(per, "month") || !strcasecmp(per, "mois"))
            g->period = PER_MONTH;
        else if (!strcasecmp(per, "year") || !strcasecmp(per, "an") ||
                 !strcasecmp(per, "annee") || !strcasecmp(per, "année"))
            g->period = PER_YEAR;
        else
            field_error(&r, "per", "\"%s\": expected quarter, month or year", per);
        field_int(&r, "min_sessions", true, 1, 1000, &g->min_sessions);
        bool placed = g->scope == SCOPE_TERRITORY ||
                      (g->scope == SCOPE_SECTOR ? sector >= 0 : g->commune >= 0);
        if (r.errors == 0 && g->service >= 0 && placed)
            check_duplicate_target(L, &r, g, sector);
    }
out:
    csv_table_free(t);
}

/* ---- travel.csv and demand.csv ------------------------------------ */

static void load_travel(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_TRAVEL);
    if (!t)
        return;
    struct model *m = L->m;
    m->travel = alloc_rows(t->n_rows, sizeof *m->travel);
    if (!m->travel)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *from, *to;
        int a = -1, b = -1;
        if (field_required(&r, "from", &from) && (a = find_commune(L, from)) < 0 &&
            !unchecked(L, &r, "from", L->communes_failed, "communes.csv"))
            field_error(&r, "from", "unknown commune \"%s\"", from);
        if (field_required(&r, "to", &to) && (b = find_commune(L, to)) < 0 &&
            !unchecked(L, &r, "to", L->communes_failed, "communes.csv"))
            field_error(&r, "to", "unknown commune \"%s\"", to);
        struct model_travel tr = {a, b, 0, 0};
        bool ok = field_double(&r, "km", true, 0, 1000, &tr.km);
        ok = field_double(&r, "minutes", true, 0, 1440, &tr.minutes) && ok;
        if (a < 0 || b < 0 || !ok)
            continue;
        if (a == b) {
            field_error(&r, "to", "is the same commune as \"from\"");
            continue;
        }
        char pair[32];
        snprintf(pair, sizeof pair, "%d|%d", a < b ? a : b, a < b ? b : a);
        int first;
        if (!index_row(&r, &L->travel, pair, (int)m->n_travel, &first))
            continue;
        if (first != (int)m->n_travel) {
            field_error(&r, "to", "the pair %s-%s is given twice (travel is taken "
                        "as the same both ways)", from, to);
            continue;
        }
        m->travel[m->n_travel++] = tr;
    }
out:
    csv_table_free(t);
}

static void load_demand(struct loader *L)
{
    struct csv_table *t = open_table(L, &FILE_DEMAND);
    if (!t)
        return;
    struct model *m = L->m;
    m->demand = alloc_rows(t->n_rows, sizeof *m->demand);
    if (!m->demand)
        goto out;
    for (size_t i = 0; i < t->n_rows; i++) {
        struct field_reader r;
        field_reader_init(&r, t, &t->rows[i], L->problems);
        const char *svc, *com;
        struct model_demand d = {-1, -1, 1.0, t->rows[i].line};
        if (field_required(&r, "service", &svc) &&
            (d.service = id_index_get(&L->services, svc)) < 0 &&
            !unchecked(L, &r, "service", L->services_failed, "services.csv"))
            field_error(&r, "service", "unknown service \"%s\"", svc);
        if (field_required(&r, "commune", &com) &&
            (d.commune = find_commune(L, com)) < 0 &&
            !unchecked(L, &r, "commune", L->communes_failed, "communes.csv"))
            field_error(&r, "commune", "unknown INSEE code %s", com);
        if (!field_double(&r, "weight", true, 0, 1000, &d.weight) ||
            d.service < 0 || d.commune < 0)
            continue;
        char pair[32];
        snprintf(pair, sizeof pair, "%d|%d", d.service, d.commune);
        int first;
        if (!index_row(&r, &L->demand, pair, (int)m->n_demand, &first))
            continue;
        if (first != (int)m->n_demand)
            field_error(&r, "commune", "demand for %s in %s is given twice "
                        "(first on line %d)", svc, com, m->demand[first].line);
        else
            m->demand[m->n_demand++] = d;
    }
out:
    csv_table_free(t);
}

/* ---- checks across files ------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Weekly minutes a target asks for at the least, over a 13-week quarter
 * (the horizon is not known when a territory is loaded; the planner
 * re-checks against its real horizon). */
static double target_weekly_minutes(const struct model *m,
                                    const struct model_target *g)
{
    const struct model_service *s = &m->services[g->service];
    double per_week;
    switch (g->period) {
    case PER_MONTH: per_week = g->min_sessions * 12.0 / 52.0; break;
    case PER_YEAR: per_week = g->min_sessions / 52.0; break;
    default: per_week = g->min_sessions / 13.0; break;
    }
    return per_week * model_service_onsite_minutes(s) * s->staff_count;
}

/* Which services ask for what nobody has: warnings (the plan will say
 * which targets stay unmet).  Staff skills and site tags are summed up
 * once, so the cost is services x (skills + distinct tag sets), not
 * services x staff x skills. */
static void check_services_resources(struct loader *L)
{
    struct model *m = L->m;
    const char *sname = FILE_SERVICES.name;
    uint64_t staff_skills = 0;
    for (size_t j = 0; j < m->n_staff; j++)
        staff_skills |= m->staff[j].skills;
    uint64_t *site_tags = alloc_rows(m->n_sites, sizeof *site_tags);
    size_t n_tagsets = 0;
    for (size_t k = 0; k < m->n_sites && site_tags; k++)
        site_tags[k] = m->sites[k].tags;
    if (site_tags && m->n_sites) {
        qsort(site_tags, m->n_sites, sizeof *site_tags, cmp_u64);
        for (size_t k = 0; k < m->n_sites; k++)
            if (k == 0 || site_tags[k] != site_tags[n_tagsets - 1])
                site_tags[n_tagsets++] = site_tags[k];
    }
    for (size_t i = 0; i < m->n_services; i++) {
        const struct model_service *s = &m->services[i];
        for (size_t k = 0; k < m->n_skills; k++)
            if ((s->skills & ~staff_skills) & (UINT64_C(1) << k))
                diag_list_add(L->problems, STATUS_OK, sname, s->line, 0, "skills",
                              "no staff member has skill \"%s\": service %s cannot "
                              "be planned", m->skill_names[k], s->id);
        size_t able = 0;
        for (size_t j = 0; j < m->n_staff; j++)
            if (model_rule_staff_qualified(s, &m->staff[j]))
                able++;
        if (able > 0 && able < (size_t)s->staff_count)
            diag_list_add(L->problems, STATUS_OK, sname, s->line, 0, "staff_count",
                          "service %s needs %d staff with its skills; only %zu have "
                          "them", s->id, s->staff_count, able);
        bool any = !s->site_tags;
        for (size_t k = 0; k < n_tagsets && !any; k++)
            any = model_rule_tags_fit(site_tags[k], s->site_tags);
        if (!any)
            diag_list_add(L->problems, STATUS_OK, sname, s->line, 0, "site_tags",
                          "no site has every tag service %s requires", s->id);
        any = !model_rule_needs_vehicle(s);
        for (size_t k = 0; k < m->n_vehicles && !any; k++)
            any = model_rule_vehicle_fits(s, &m->vehicles[k]);
        if (!any)
            diag_list_add(L->problems, STATUS_OK, sname, s->line, 0,
                          "vehicle_kind", "no vehicle of kind \"%s\" in "
                          "vehicles.csv", s->vehicle_kind);
    }
    free(site_tags);
}

/* Absurd targets: more hours of sessions per week than every staff
 * member with the skills has in total.  Hours per service are summed
 * once (services x staff), not once per target. */
static void check_targets_hours(struct loader *L)
{
    struct model *m = L->m;
    double *have = alloc_rows(m->n_services, sizeof *have);
    if (!have) {
        diag_list_add(L->problems, STATUS_NOMEM, FILE_TARGETS.name, 0, 0, NULL,
                      "out of memory");
        return;
    }
    for (size_t i = 0; i < m->n_services; i++)
        for (size_t j = 0; j < m->n_staff; j++)
            if (model_rule_staff_qualified(&m->services[i], &m->staff[j]))
                have[i] += m->staff[j].weekly_minutes;
    for (size_t i = 0; i < m->n_targets; i++) {
        const struct model_target *g = &m->targets[i];
        if (g->service < 0 || g->min_sessions <= 0)
            continue;
        const struct model_service *s = &m->services[g->service];
        double need = target_weekly_minutes(m, g);
        if (need > have[g->service] + 1e-6)
            diag_list_add(L->problems, STATUS_INVALID, FILE_TARGETS.name, g->line, 0,
                          "min_sessions",
                          "%d sessions of %s per %s ask %.1f h of staff time per "
                          "week, but the staff with its skills have %.1f h per week "
                          "in total", g->min_sessions, s->id,
                          period_name(g->period), need / 60,
                          have[g->service] / 60);
    }
    free(have);
}

static void check_cross(struct loader *L)
{
    check_services_resources(L);
    check_targets_hours(L);
}

enum status model_load_dir(const char *dir, struct model **out,
                           struct diag_list *problems)
{
    *out = NULL;
    struct model *m = model_new();
    if (!m || !(m->dir = xstrdup(dir))) {
        model_free(m);
        diag_list_add(problems, STATUS_NOMEM, dir, 0, 0, NULL, "out of memory");
        return STATUS_NOMEM;
    }
    size_t before = diag_list_errors(problems);
    struct loader L = {dir, m, problems};
    struct id_index *indexes[] = {
        &L.communes, &L.commune_names, &L.commune_aliases, &L.sectors, &L.sites,
        &L.staff, &L.vehicles, &L.services, &L.targets, &L.travel, &L.demand,
    };
    size_t n_indexes = sizeof indexes / sizeof *indexes;
    for (size_t i = 0; i < n_indexes; i++)
        id_index_init(indexes[i], indexes[i] == &L.sectors);
    load_settings(&L);
    load_communes(&L);
    load_sites(&L);
    load_staff(&L);
    load_vehicles(&L);
    load_services(&L);
    load_targets(&L);
    load_travel(&L);
    load_demand(&L);
    load_transports(m, dir, problems);
    if (diag_list_errors(problems) == before)
        check_cross(&L);
    for (size_t i = 0; i < n_indexes; i++)
        id_index_free(indexes[i]);
    if (!m->settings.name[0]) {
        /* Default name: the folder's last component. */
        const char *base = strrchr(dir, '/');
        base = base && base[1] ? base + 1 : dir;
        snprintf(m->settings.name, sizeof m->settings.name, "%s", base);
    }
    diag_list_sort(problems);
    if (diag_list_errors(problems) > before) {
        model_free(m);
        return STATUS_INVALID;
    }
    *out = m;
    return STATUS_OK;
}
