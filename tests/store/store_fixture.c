/* store_fixture.c -- what the tests of store/ share: a fresh folder per
 * test, a model built field by field (build_model: it depends on nothing
 * but models.h, not on the CSV loader), exact comparisons of models and
 * plans, and raw looks at the file through a second SQLite connection
 * (raw_int, raw_exec, dump), as another process would see it. */
#include "store_fixture.h"

#include <stdlib.h>
#include <string.h>

int store_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    const char *dir = test_make_tmpdir();
    if (!f || !dir)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->path, sizeof f->path, "%s/project.sqlite", f->dir);
    *state = f;
    return 0;
}

int store_setup_base(void **state)
{
    if (store_setup(state) != 0)
        return -1;
    struct fixture *f = *state;
    f->s = open_store(f->path, true);
    f->m = build_model();
    import_ok(f->s, "base", f->m, NULL);
    busy_files_init(&f->busy);
    return 0;
}

int store_teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    model_free(f->m);
    if (f->busy.conges[0].summary)
        busy_files_free(&f->busy);
    test_remove_tree(f->dir);
    free(f);
    return 0;
}

char *xs(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

struct model_window win(int wd, int start, int end)
{
    struct model_window w = {wd, start, end};
    return w;
}

/* Settings, 2 skills, 3 tags, 2 sectors. */
static void build_names(struct model *m)
{
    snprintf(m->settings.name, sizeof m->settings.name, "CC du Test");
    m->settings.school_zone = 'C';
    m->settings.detour_factor = 1.4;
    m->settings.slot_step = 15;
    m->settings.share[AUD_0_3] = 0.0271;

    m->skill_names[m->n_skills++] = xs("EJE");
    m->skill_names[m->n_skills++] = xs("permis_D");
    m->tag_names[m->n_tags++] = xs("pmr");
    m->tag_names[m->n_tags++] = xs("cuisine");
    m->tag_names[m->n_tags++] = xs("grande_salle");
    m->n_sectors = 2;
    m->sectors = calloc(2, sizeof *m->sectors);
    m->sectors[0] = xs("Nord");
    m->sectors[1] = xs("Sud");
}

/* 3 communes in 2 sectors, one with an alias. */
static void build_communes(struct model *m)
{
    m->n_communes = 3;
    m->communes = calloc(3, sizeof *m->communes);
    const char *insee[] = {"46001", "46002", "46003"};
    const char *names[] = {"Albas", "Anglars-Juillac", "Montcuq-en-Quercy-Blanc"};
    for (int i = 0; i < 3; i++) {
        struct model_commune *c = &m->communes[i];
        snprintf(c->insee, sizeof c->insee, "%s", insee[i]);
        c->name = xs(names[i]);
        c->sector = xs(i < 2 ? "Nord" : "Sud");
        c->aliases = xs(i == 2 ? "Montcuq|46201" : "");
        c->population = 300 + 1000 * i;
        for (int a = 0; a < AUD_COUNT; a++)
            c->pop[a] = c->population * (a == 0 ? 1.0 : 0.01 * (a + 1)) + 0.125;
        c->pop[AUD_ALL] = c->population;
        c->pop_known = 1u | (i == 1 ? 1u << AUD_0_3 : 0);
        c->lat = 44.3 + 0.1 * i;
        c->lon = 1.2 + 0.05 * i;
        c->line = 2 + i;
    }
}

/* 3 sites, two with opening windows. */
static void build_sites(struct model *m)
{
    m->n_sites = 3;
    m->sites = calloc(3, sizeof *m->sites);
    for (int i = 0; i < 3; i++) {
        struct model_site *s = &m->sites[i];
        char id[8];
        snprintf(id, sizeof id, "S%d", i + 1);
        s->id = xs(id);
        s->commune = i;
        s->name = xs(i == 0 ? "Salle des fêtes, Albas" : "Mairie");
        s->address = xs(i == 1 ? "1 place de l'Église" : "");
        s->lat = m->communes[i].lat + 0.001;
        s->lon = m->communes[i].lon - 0.001;
        s->kind = i == 0 ? SITE_SALLE_DES_FETES : i == 1 ? SITE_MAIRIE : SITE_RPE;
        s->capacity = 20 * i;
        s->yearly_cost = i == 1 ? 18000 : -1;
        s->tags = i == 0 ? 0x5 : i == 1 ? 0x2 : 0;
        s->line = 2 + i;
    }
    m->sites[0].n_open = 2;
    m->sites[0].open = calloc(2, sizeof *m->sites[0].open);
    m->sites[0].open[0] = win(0, 8 * 60, 12 * 60);
    m->sites[0].open[1] = win(3, 13 * 60 + 30, 18 * 60);
    m->sites[2].n_open = 1;
    m->sites[2].open = calloc(1, sizeof *m->sites[2].open);
    m->sites[2].open[0] = win(2, 9 * 60, 17 * 60);
}

/* 2 staff (one driver) and a minibus. */
static void build_staff(struct model *m)
{
    m->n_staff = 2;
    m->staff = calloc(2, sizeof *m->staff);
    for (int i = 0; i < 2; i++) {
        struct model_staff *p = &m->staff[i];
        p->id = xs(i == 0 ? "P1" : "P2");
        p->name = xs(i == 0 ? "Anne Martin" : "Bruno, \"le chauffeur\"");
        p->role = xs(i == 0 ? "EJE" : "animateur");
        p->employer = xs("CC");
        p->skills = i == 0 ? 0x1 : 0x3;
        p->base_site = i == 0 ? 0 : 1;
        p->base_commune = i == 0 ? 0 : 1;
        p->base_lat = m->sites[p->base_site].lat;
        p->base_lon = m->sites[p->base_site].lon;
        p->weekly_minutes = i == 0 ? 35 * 60 : 17.5 * 60;
        p->contract_etp = i == 0 ? 0.8 : -1;
        p->hourly_cost = i == 0 ? 27.5 : -1;
        p->halfdays = i == 0 ? MODEL_ALL_WEEK : 0x0ff;
        p->licence = i == 1;
        p->max_drive_minutes = 120 + i;
        p->line = 2 + i;
    }

    m->n_vehicles = 1;
    m->vehicles = calloc(1, sizeof *m->vehicles);
    m->vehicles[0].id = xs("V1");
    m->vehicles[0].kind = xs("minibus");
    m->vehicles[0].seats = 9;
    m->vehicles[0].base_site = 0;
    m->vehicles[0].base_commune = 0;
    m->vehicles[0].base_lat = m->sites[0].lat;
    m->vehicles[0].base_lon = m->sites[0].lon;
    m->vehicles[0].cost_per_km = 0.32;
    m->vehicles[0].yearly_cost = 4800;
    m->vehicles[0].halfdays = 0x3ff;
    m->vehicles[0].line = 2;
}

/* A halte-jeux restricted to 2 communes and France Services. */
static void build_services(struct model *m)
{
    m->n_services = 2;
    m->services = calloc(2, sizeof *m->services);
    struct model_service *hj = &m->services[0], *fs = &m->services[1];
    hj->id = xs("HJ");
    hj->name = xs("Halte-jeux");
    hj->audience_text = xs("Assistantes maternelles et parents, enfants de 0 à 3 ans");
    hj->target = AUD_0_3;
    hj->duration = 120;
    hj->setup = 30;
    hj->teardown = 20;
    hj->skills = 0x1;
    hj->staff_count = 1;
    hj->vehicle_kind = xs("");
    hj->site_tags = 0x1;
    hj->site_kinds = (1u << SITE_SALLE_DES_FETES) | (1u << SITE_RPE);
    hj->halfdays = 0x155;
    hj->n_windows = 2;
    hj->windows = calloc(2, sizeof *hj->windows);
    hj->windows[0] = win(1, 9 * 60, 12 * 60);
    hj->windows[1] = win(4, 9 * 60 + 15, 12 * 60);
    hj->cadences = CAD_2W | CAD_MONTHLY;
    hj->times = 0;
    hj->max_sites = 3;
    hj->school_holidays = HOL_SKIP;
    hj->public_holidays = HOL_MOVE;
    hj->travel_max_minutes = 20;
    hj->weight = 1.5;
    hj->booking = xs("");
    hj->category = xs("Petite enfance");
    hj->n_communes = 2;
    hj->communes = calloc(2, sizeof *hj->communes);
    hj->communes[0] = 1;
    hj->communes[1] = 0;
    hj->line = 2;
    fs->id = xs("FS");
    fs->name = xs("France Services itinérant");
    fs->audience_text = xs("Tout public");
    fs->target = AUD_ALL;
    fs->duration = 180;
    fs->setup = 15;
    fs->teardown = 15;
    fs->skills = 0x2;
    fs->staff_count = 2;
    fs->vehicle_kind = xs("minibus");
    fs->site_tags = 0;
    fs->site_kinds = 0;
    fs->halfdays = MODEL_ALL_WEEK;
    fs->cadences = CAD_TIMES;
    fs->times = 6;
    fs->school_holidays = HOL_OPEN;
    fs->public_holidays = HOL_SKIP;
    fs->travel_max_minutes = 30;
    fs->weight = 1.0;
    fs->booking = xs("Sur rendez-vous au 05 65 00 00 00");
    fs->category = xs("France Services");
    fs->line = 3;
}

/* A target, a travel row and a demand row. */
static void build_rules(struct model *m)
{
    m->n_targets = 1;
    m->targets = calloc(1, sizeof *m->targets);
    m->targets[0].service = 0;
    m->targets[0].scope = SCOPE_SECTOR;
    m->targets[0].where = xs("Nord");
    m->targets[0].commune = -1;
    m->targets[0].period = PER_MONTH;
    m->targets[0].min_sessions = 2;
    m->targets[0].label = xs("2 haltes-jeux par mois dans le Nord");
    m->targets[0].line = 2;

    m->n_travel = 1;
    m->travel = calloc(1, sizeof *m->travel);
    m->travel[0].from_commune = 0;
    m->travel[0].to_commune = 2;
    m->travel[0].km = 17.3;
    m->travel[0].minutes = 21.0;

    m->n_demand = 1;
    m->demand = calloc(1, sizeof *m->demand);
    m->demand[0].service = 0;
    m->demand[0].commune = 2;
    m->demand[0].weight = 2.5;
    m->demand[0].line = 2;
}

struct model *build_model(void)
{
    struct model *m = model_new();
    assert_non_null(m);
    m->dir = xs("test");
    build_names(m);
    build_communes(m);
    build_sites(m);
    build_staff(m);
    build_services(m);
    build_rules(m);
    return m;
}

/* Rows build_model imports: names 2+3+2, settings, 3 communes, 3 sites,
 * 2 staff, 1 vehicle, 2 services, 1 target, 1 travel, 1 demand. */
int model_rows(void)
{
    const int settings_rows = 22;   /* one per stored setting (store_settings.c) */
    return 7 + settings_rows + 3 + 3 + 2 + 1 + 2 + 1 + 1 + 1;
}

static void assert_str(const char *a, const char *b)
{
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
}

static void assert_windows_equal(const struct model_window *a, size_t na,
                                 const struct model_window *b, size_t nb)
{
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(a[i].weekday, b[i].weekday);
        assert_int_equal(a[i].start, b[i].start);
        assert_int_equal(a[i].end, b[i].end);
    }
}

static void assert_names_equal(const struct model *a, const struct model *b)
{
    assert_memory_equal(&a->settings, &b->settings, sizeof a->settings);
    assert_int_equal(a->n_skills, b->n_skills);
    for (size_t i = 0; i < a->n_skills; i++)
        assert_str(a->skill_names[i], b->skill_names[i]);
    assert_int_equal(a->n_tags, b->n_tags);
    for (size_t i = 0; i < a->n_tags; i++)
        assert_str(a->tag_names[i], b->tag_names[i]);
    assert_int_equal(a->n_sectors, b->n_sectors);
    for (size_t i = 0; i < a->n_sectors; i++)
        assert_str(a->sectors[i], b->sectors[i]);
}

static void assert_places_equal(const struct model *a, const struct model *b)
{
    assert_int_equal(a->n_communes, b->n_communes);
    for (size_t i = 0; i < a->n_communes; i++) {
        const struct model_commune *x = &a->communes[i], *y = &b->communes[i];
        assert_string_equal(x->insee, y->insee);
        assert_str(x->name, y->name);
        assert_str(x->sector, y->sector);
        assert_str(x->aliases, y->aliases);
        assert_int_equal(x->population, y->population);
        for (int k = 0; k < AUD_COUNT; k++)
            assert_true(x->pop[k] == y->pop[k]);
        assert_int_equal(x->pop_known, y->pop_known);
        assert_true(x->lat == y->lat && x->lon == y->lon);
        assert_int_equal(x->line, y->line);
    }
    assert_int_equal(a->n_sites, b->n_sites);
    for (size_t i = 0; i < a->n_sites; i++) {
        const struct model_site *x = &a->sites[i], *y = &b->sites[i];
        assert_str(x->id, y->id);
        assert_int_equal(x->commune, y->commune);
        assert_str(x->name, y->name);
        assert_str(x->address, y->address);
        assert_true(x->lat == y->lat && x->lon == y->lon);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->capacity, y->capacity);
        assert_true(x->yearly_cost == y->yearly_cost);
        assert_true(x->tags == y->tags);
        assert_windows_equal(x->open, x->n_open, y->open, y->n_open);
        assert_int_equal(x->line, y->line);
    }
}

static void assert_means_equal(const struct model *a, const struct model *b)
{
    assert_int_equal(a->n_staff, b->n_staff);
    for (size_t i = 0; i < a->n_staff; i++) {
        const struct model_staff *x = &a->staff[i], *y = &b->staff[i];
        assert_str(x->id, y->id);
        assert_str(x->name, y->name);
        assert_str(x->role, y->role);
        assert_str(x->employer, y->employer);
        assert_true(x->skills == y->skills);
        assert_int_equal(x->base_site, y->base_site);
        assert_int_equal(x->base_commune, y->base_commune);
        assert_true(x->base_lat == y->base_lat && x->base_lon == y->base_lon);
        assert_true(x->weekly_minutes == y->weekly_minutes);
        assert_int_equal(x->halfdays, y->halfdays);
        assert_int_equal(x->licence, y->licence);
        assert_int_equal(x->max_drive_minutes, y->max_drive_minutes);
        assert_true(x->contract_etp == y->contract_etp);
        assert_true(x->hourly_cost == y->hourly_cost);
        assert_int_equal(x->line, y->line);
    }
    assert_int_equal(a->n_vehicles, b->n_vehicles);
    for (size_t i = 0; i < a->n_vehicles; i++) {
        const struct model_vehicle *x = &a->vehicles[i], *y = &b->vehicles[i];
        assert_str(x->id, y->id);
        assert_str(x->kind, y->kind);
        assert_int_equal(x->seats, y->seats);
        assert_int_equal(x->base_site, y->base_site);
        assert_int_equal(x->base_commune, y->base_commune);
        assert_true(x->base_lat == y->base_lat && x->base_lon == y->base_lon);
        assert_true(x->cost_per_km == y->cost_per_km);
        assert_true(x->yearly_cost == y->yearly_cost);
        assert_int_equal(x->halfdays, y->halfdays);
        assert_int_equal(x->line, y->line);
    }
}

static void assert_services_equal(const struct model *a, const struct model *b)
{
    assert_int_equal(a->n_services, b->n_services);
    for (size_t i = 0; i < a->n_services; i++) {
        const struct model_service *x = &a->services[i], *y = &b->services[i];
        assert_str(x->id, y->id);
        assert_str(x->name, y->name);
        assert_str(x->audience_text, y->audience_text);
        assert_int_equal(x->target, y->target);
        assert_int_equal(x->duration, y->duration);
        assert_int_equal(x->setup, y->setup);
        assert_int_equal(x->teardown, y->teardown);
        assert_true(x->skills == y->skills);
        assert_int_equal(x->staff_count, y->staff_count);
        assert_str(x->vehicle_kind, y->vehicle_kind);
        assert_true(x->site_tags == y->site_tags);
        assert_int_equal(x->site_kinds, y->site_kinds);
        assert_int_equal(x->halfdays, y->halfdays);
        assert_windows_equal(x->windows, x->n_windows, y->windows, y->n_windows);
        assert_int_equal(x->cadences, y->cadences);
        assert_int_equal(x->times, y->times);
        assert_int_equal(x->max_sites, y->max_sites);
        assert_int_equal(x->school_holidays, y->school_holidays);
        assert_int_equal(x->public_holidays, y->public_holidays);
        assert_int_equal(x->travel_max_minutes, y->travel_max_minutes);
        assert_true(x->weight == y->weight);
        assert_str(x->booking, y->booking);
        assert_str(x->category, y->category);
        assert_int_equal(x->n_communes, y->n_communes);
        assert_int_equal(x->communes == NULL, y->communes == NULL);
        for (size_t k = 0; k < x->n_communes; k++)
            assert_int_equal(x->communes[k], y->communes[k]);
        assert_int_equal(x->line, y->line);
    }
}

static void assert_rules_equal(const struct model *a, const struct model *b)
{
    assert_int_equal(a->n_targets, b->n_targets);
    for (size_t i = 0; i < a->n_targets; i++) {
        const struct model_target *x = &a->targets[i], *y = &b->targets[i];
        assert_int_equal(x->service, y->service);
        assert_int_equal(x->scope, y->scope);
        assert_str(x->where, y->where);
        assert_int_equal(x->commune, y->commune);
        assert_int_equal(x->period, y->period);
        assert_int_equal(x->min_sessions, y->min_sessions);
        assert_str(x->label, y->label);
        assert_int_equal(x->line, y->line);
    }
    assert_int_equal(a->n_travel, b->n_travel);
    for (size_t i = 0; i < a->n_travel; i++) {
        assert_int_equal(a->travel[i].from_commune, b->travel[i].from_commune);
        assert_int_equal(a->travel[i].to_commune, b->travel[i].to_commune);
        assert_true(a->travel[i].km == b->travel[i].km);
        assert_true(a->travel[i].minutes == b->travel[i].minutes);
    }
    assert_int_equal(a->n_demand, b->n_demand);
    for (size_t i = 0; i < a->n_demand; i++) {
        assert_int_equal(a->demand[i].service, b->demand[i].service);
        assert_int_equal(a->demand[i].commune, b->demand[i].commune);
        assert_true(a->demand[i].weight == b->demand[i].weight);
        assert_int_equal(a->demand[i].line, b->demand[i].line);
    }
    assert_int_equal(a->n_busy, b->n_busy);
    for (size_t i = 0; i < a->n_busy; i++) {
        assert_int_equal(a->busy[i].kind, b->busy[i].kind);
        assert_int_equal(a->busy[i].who, b->busy[i].who);
        assert_true(a->busy[i].start == b->busy[i].start);
        assert_true(a->busy[i].end == b->busy[i].end);
        assert_str(a->busy[i].summary, b->busy[i].summary);
    }
}

/* Every field of every struct, exactly (doubles with ==). dir is the
 * scenario name after a load, so it is not compared. */
void assert_models_equal(const struct model *a, const struct model *b)
{
    assert_names_equal(a, b);
    assert_places_equal(a, b);
    assert_means_equal(a, b);
    assert_services_equal(a, b);
    assert_rules_equal(a, b);
}

struct store *open_store(const char *path, bool create)
{
    struct store *s = NULL;
    struct diag err;
    assert_ok(store_open(path, create, &s, &err), &err);
    assert_non_null(s);
    return s;
}

void import_ok(struct store *s, const char *scenario,
                      const struct model *m, struct store_import_counts *c)
{
    struct diag err;
    assert_ok(store_import_model(s, scenario, m, c, &err), &err);
}

void assert_counts(struct store_import_counts c, int ins, int upd,
                          int del, int same)
{
    assert_int_equal(c.inserted, ins);
    assert_int_equal(c.updated, upd);
    assert_int_equal(c.deleted, del);
    assert_int_equal(c.unchanged, same);
}

void assert_stored_equals(struct store *s, const char *scenario,
                                 const struct model *m)
{
    struct model *back = NULL;
    struct diag err;
    assert_ok(store_load_model(s, scenario, &back, &err), &err);
    assert_string_equal(back->dir, scenario);
    assert_models_equal(m, back);
    model_free(back);
}

/* One integer from a raw query on the file (a second connection). */
void assert_stored_with_busy(struct store *s, const char *scenario,
                             const struct model *m,
                             const struct model_busy *busy, size_t n)
{
    struct model with = *m;    /* shallow: m keeps its own busy list */
    with.busy = (struct model_busy *)busy;
    with.n_busy = n;
    assert_stored_equals(s, scenario, &with);
}

long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}


struct model_session session(const char *uid, int service, int site,
                                    int day, int start, int staff0, int staff1,
                                    int vehicle)
{
    struct model_session x;
    memset(&x, 0, sizeof x);
    snprintf(x.uid, sizeof x.uid, "%s", uid);
    x.service = service;
    x.site = site;
    x.day = day;
    x.start = start;
    x.end = start + 120;
    x.staff[x.n_staff++] = staff0;
    if (staff1 >= 0)
        x.staff[x.n_staff++] = staff1;
    x.vehicle = vehicle;
    x.status = SESSION_CONFIRMED;
    x.sequence = 77;          /* the store decides: must be overwritten */
    x.last_modified = 1;
    return x;
}

struct model_plan *new_plan(int day0, long long created_at)
{
    struct model_plan *p = model_plan_new();
    assert_non_null(p);
    p->horizon_start = day0;
    p->horizon_end = day0 + 90;
    p->created_at = created_at;
    snprintf(p->solver_status, sizeof p->solver_status, "optimal");
    p->objective = 1234.5;
    p->bound = 1230.25;
    p->gap = 0.0036;
    p->seconds = 2.5;
    return p;
}

const struct model_session *find_uid(const struct model_plan *p, const char *uid)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        if (!strcmp(p->sessions[i].uid, uid))
            return &p->sessions[i];
    return NULL;
}

void add(struct model_plan *p, struct model_session x)
{
    assert_int_equal(model_plan_add(p, &x), STATUS_OK);
}

void assert_plans_equal(const struct model_plan *a, const struct model_plan *b)
{
    assert_true(a->id == b->id);
    assert_int_equal(a->horizon_start, b->horizon_start);
    assert_int_equal(a->horizon_end, b->horizon_end);
    assert_string_equal(a->solver_status, b->solver_status);
    assert_true(a->objective == b->objective && a->bound == b->bound);
    assert_true(a->gap == b->gap && a->seconds == b->seconds);
    assert_int_equal(a->time_limit_hit, b->time_limit_hit);
    assert_true(a->created_at == b->created_at);
    assert_int_equal(a->n_sessions, b->n_sessions);
    for (size_t i = 0; i < a->n_sessions; i++) {
        const struct model_session *x = &a->sessions[i], *y = &b->sessions[i];
        assert_string_equal(x->uid, y->uid);
        assert_int_equal(x->service, y->service);
        assert_int_equal(x->site, y->site);
        assert_int_equal(x->day, y->day);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->n_staff, y->n_staff);
        for (int k = 0; k < x->n_staff; k++)
            assert_int_equal(x->staff[k], y->staff[k]);
        assert_int_equal(x->vehicle, y->vehicle);
        assert_int_equal(x->status, y->status);
        assert_int_equal(x->sequence, y->sequence);
        assert_true(x->last_modified == y->last_modified);
    }
}


struct model_holiday_period period(char zone, const char *first,
                                          const char *last, const char *label)
{
    struct model_holiday_period h;
    memset(&h, 0, sizeof h);
    h.zone = zone;
    assert_true(model_date_parse(first, &h.first_day));
    assert_true(model_date_parse(last, &h.last_day));
    snprintf(h.label, sizeof h.label, "%s", label);
    return h;
}


/* Every row of every table, with its type, as text, read through a
 * second connection: what another process sees in the file. */
char *dump(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *tables = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema"
                                            " ORDER BY type, name", -1, &tables, NULL),
                     SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        const char *sql = (const char *)sqlite3_column_text(tables, 1);
        fprintf(out, "== %s\n%s\n", name, sql ? sql : "");
        if (!sql || strncmp(sql, "CREATE TABLE", 12))
            continue;
        char *select = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY rowid", name);
        sqlite3_stmt *rows = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, select, -1, &rows, NULL), SQLITE_OK);
        sqlite3_free(select);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(rows); c++)
                fprintf(out, "%d:%s|", sqlite3_column_type(rows, c),
                        sqlite3_column_type(rows, c) == SQLITE_NULL
                            ? "" : (const char *)sqlite3_column_text(rows, c));
            fputc('\n', out);
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    fclose(out);
    return text;
}

/* Two calendars of leave (conges.ics, garage.ics) for the test model. */
void busy_files_init(struct busy_files *b)
{
    long long d = 1440LL * model_date_to_days((struct model_date){2027, 1, 5});
    b->conges[0] = (struct model_busy){BUSY_STAFF, 1, d + 480, d + 1020, xs("Congés Bruno")};
    b->conges[1] = (struct model_busy){BUSY_SITE, 2, d + 600, d + 720, xs("Conseil")};
    b->garage[0] = (struct model_busy){BUSY_VEHICLE, 0, d + 1440, d + 2880, xs("Révision")};
}

void busy_files_free(struct busy_files *b)
{
    free(b->conges[0].summary);
    free(b->conges[1].summary);
    free(b->garage[0].summary);
}

