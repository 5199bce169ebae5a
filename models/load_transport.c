/* load_transport.c -- transports.csv and pickups.csv: minibus runs that
 * bring riders from pick-up points to a site by a given time (issue 14;
 * columns in docs/input-format.md).  Both files are optional; pickups.csv
 * needs transports.csv.  Like load.c, every problem of both files is
 * reported in one pass with file, line, column and what was expected.
 *
 * A separate file rather than a "kind=transport" row of services.csv: a
 * transport has no duration, staff skills or targets, and its riders sit
 * at pick-up points, not in communes' demand; mixing them would make
 * half the columns of each row meaningless. */
#include "models_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const transports_cols[] = {
    "id", "name", "site", "arrive_by", "leave_at", "days", "periods",
    "vehicle_kind", "max_ride_minutes", "dwell_minutes", "escort", "comment",
    NULL};
static const char *const transports_req[] = {"id", "site", "arrive_by", "days",
                                             NULL};
static const char *const pickups_cols[] = {
    "id", "transport", "commune", "name", "lat", "lon", "riders", "comment",
    NULL};
static const char *const pickups_req[] = {"id", "transport", "commune", "lat",
                                          "lon", "riders", NULL};

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

/* The file with its mandatory columns, NULL when absent or refused. */
static struct csv_table *open_file(const char *dir, const char *name,
                                   const char *const *cols,
                                   const char *const *req,
                                   struct diag_list *problems)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct csv_table *t = NULL;
    if (csv_table_read(path, name, &t, problems) != STATUS_OK)
        return NULL;
    bool ok = true;
    for (const char *const *c = req; *c; c++)
        if (csv_table_column(t, *c) < 0) {
            diag_list_add(problems, STATUS_INVALID, name, 1, 0, *c,
                          "required column is missing");
            ok = false;
        }
    for (size_t i = 0; i < t->n_cols; i++) {
        bool known = false;
        for (const char *const *c = cols; *c && !known; c++)
            known = !strcmp(*c, t->keys[i]);
        if (!known)
            diag_list_add(problems, STATUS_OK, name, 1, (int)i + 1, t->header[i],
                          "unknown column, ignored (see docs/input-format.md "
                          "for the columns of %s)", name);
    }
    if (!ok || t->n_rows > 10000) {
        if (ok)
            diag_list_add(problems, STATUS_INVALID, name, 0, 0, NULL,
                          "more than 10000 rows");
        csv_table_free(t);
        return NULL;
    }
    return t;
}

static bool time_cell(struct field_reader *r, const char *col, int *out)
{
    const char *s = field_text(r, col);
    if (!*s)
        return false;
    if (!parse_time_of_day(s, out)) {
        field_error(r, col, "expected a time of day such as 13:30 or 13h30, "
                    "not \"%s\"", s);
        return false;
    }
    return true;
}

/* "scolaire", "vacances", "toutes" (or term, holidays, all). */
static void periods_cell(struct field_reader *r, struct model_transport *t)
{
    const char *s = field_text(r, "periods");
    t->term_time = t->holidays = true;
    if (!*s || !strcmp(s, "toutes") || !strcmp(s, "all"))
        return;
    if (!strcmp(s, "scolaire") || !strcmp(s, "term"))
        t->holidays = false;
    else if (!strcmp(s, "vacances") || !strcmp(s, "holidays"))
        t->term_time = false;
    else
        field_error(r, "periods", "expected scolaire, vacances or toutes, "
                    "not \"%s\"", s);
}

static bool kind_exists(const struct model *m, const char *kind)
{
    for (size_t i = 0; i < m->n_vehicles; i++)
        if (m->vehicles[i].kind && !strcmp(m->vehicles[i].kind, kind))
            return true;
    return false;
}

static void transport_row(struct model *m, struct field_reader *r, int line)
{
    const char *id, *site;
    if (!field_required(r, "id", &id))
        return;
    for (size_t i = 0; i < m->n_transports; i++)
        if (!strcmp(m->transports[i].id, id)) {
            field_error(r, "id", "transport %s is already defined on line %d",
                        id, m->transports[i].line);
            return;
        }
    struct model_transport *t = &m->transports[m->n_transports];
    memset(t, 0, sizeof *t);
    t->line = line;
    t->site = -1;
    if (field_required(r, "site", &site) && (t->site = model_find_site(m, site)) < 0)
        field_error(r, "site", "unknown site \"%s\" (not in sites.csv)", site);
    if (!time_cell(r, "arrive_by", &t->arrive_by) && !r->errors)
        field_error(r, "arrive_by", "expected the time riders must arrive by");
    t->leave_at = -1;
    time_cell(r, "leave_at", &t->leave_at);
    if (t->leave_at >= 0 && t->leave_at <= t->arrive_by)
        field_error(r, "leave_at", "the return leaves before the riders arrive");
    field_halfdays(r, "days", &t->halfdays);
    periods_cell(r, t);
    const char *kind = field_text(r, "vehicle_kind");
    if (!*kind)
        kind = "minibus";
    if (!kind_exists(m, kind))
        field_error(r, "vehicle_kind", "no vehicle of kind \"%s\" in vehicles.csv",
                    kind);
    t->max_ride_minutes = 45;
    field_int(r, "max_ride_minutes", false, 1, 240, &t->max_ride_minutes);
    t->dwell_minutes = 2;
    field_int(r, "dwell_minutes", false, 0, 30, &t->dwell_minutes);
    field_bool(r, "escort", &t->escort);
    t->id = dup(id);
    t->name = dup(*field_text(r, "name") ? field_text(r, "name") : id);
    t->vehicle_kind = dup(kind);
    m->n_transports++;
}

static void pickup_row(struct model *m, struct field_reader *r, int line)
{
    const char *id, *tr, *com;
    if (!field_required(r, "id", &id))
        return;
    struct model_pickup *p = &m->pickups[m->n_pickups];
    memset(p, 0, sizeof *p);
    p->line = line;
    p->transport = p->commune = -1;
    if (field_required(r, "transport", &tr)) {
        for (size_t i = 0; i < m->n_transports; i++)
            if (!strcmp(m->transports[i].id, tr))
                p->transport = (int)i;
        if (p->transport < 0)
            field_error(r, "transport", "unknown transport \"%s\" (not in "
                        "transports.csv)", tr);
    }
    for (size_t i = 0; i < m->n_pickups && p->transport >= 0; i++)
        if (m->pickups[i].transport == p->transport && !strcmp(m->pickups[i].id, id)) {
            field_error(r, "id", "pick-up %s of transport %s is already on line %d",
                        id, tr, m->pickups[i].line);
            return;
        }
    if (field_required(r, "commune", &com) && (p->commune = model_find_commune(m, com)) < 0)
        field_error(r, "commune", "unknown commune \"%s\" (not in communes.csv)", com);
    field_double(r, "lat", true, 41, 51.5, &p->lat);
    field_double(r, "lon", true, -5.5, 10, &p->lon);
    field_int(r, "riders", true, 1, 90, &p->riders);
    p->id = dup(id);
    p->name = dup(*field_text(r, "name") ? field_text(r, "name") : id);
    m->n_pickups++;
}

void load_transports(struct model *m, const char *dir, struct diag_list *problems)
{
    struct csv_table *t = open_file(dir, "transports.csv", transports_cols,
                                    transports_req, problems);
    if (t && (m->transports = calloc(t->n_rows + 1, sizeof *m->transports)))
        for (size_t i = 0; i < t->n_rows; i++) {
            struct field_reader r;
            field_reader_init(&r, t, &t->rows[i], problems);
            transport_row(m, &r, t->rows[i].line);
        }
    csv_table_free(t);
    t = open_file(dir, "pickups.csv", pickups_cols, pickups_req, problems);
    if (t && !m->transports)
        diag_list_add(problems, STATUS_INVALID, "pickups.csv", 0, 0, NULL,
                      "pick-up points need transports.csv");
    else if (t && (m->pickups = calloc(t->n_rows + 1, sizeof *m->pickups)))
        for (size_t i = 0; i < t->n_rows; i++) {
            struct field_reader r;
            field_reader_init(&r, t, &t->rows[i], problems);
            pickup_row(m, &r, t->rows[i].line);
        }
    csv_table_free(t);
    for (size_t i = 0; i < m->n_transports; i++) {
        size_t k = 0;
        for (size_t j = 0; j < m->n_pickups; j++)
            k += m->pickups[j].transport == (int)i;
        if (k > MODEL_MAX_PICKUPS)
            diag_list_add(problems, STATUS_INVALID, "transports.csv",
                          m->transports[i].line, 0, "id",
                          "transport %s has %zu pick-up points in pickups.csv; "
                          "at most %d per run", m->transports[i].id, k,
                          MODEL_MAX_PICKUPS);
    }
}
