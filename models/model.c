/* model.c -- the territory model's lifecycle and lookups (travel and the
 * other domain rules are rules.c).
 *
 * A struct model owns every string and array it points to; model_free()
 * releases them all, whoever built the model (the CSV loader in load.c or
 * the store in store.c).  Invariant both builders keep: every char *
 * field is a heap string ("" rather than NULL), so one free path fits all.
 */
#include "models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const audience_columns[AUD_COUNT] = {
    "population", "pop_0_3", "pop_0_6", "pop_3_11", "pop_11_17",
    "pop_16_25", "pop_65_plus", "pop_75_plus", "pop_80_plus",
};

/* The same audiences in the words of an élu's report (plural, French). */
static const char *const audience_words_fr[AUD_COUNT] = {
    "habitants", "enfants de moins de 3 ans", "enfants de moins de 6 ans",
    "enfants de 3 à 11 ans", "jeunes de 11 à 17 ans", "jeunes de 16 à 25 ans",
    "personnes de 65 ans et plus", "personnes de 75 ans et plus",
    "personnes de 80 ans et plus",
};

const char *model_audience_words_fr(enum model_audience a)
{
    return a < AUD_COUNT ? audience_words_fr[a] : "habitants";
}

const char *model_audience_column(enum model_audience a)
{
    return a < AUD_COUNT ? audience_columns[a] : "population";
}

bool model_audience_parse(const char *s, enum model_audience *out)
{
    for (int a = 0; a < AUD_COUNT; a++)
        if (!strcmp(s, audience_columns[a]) ||
            (a == AUD_ALL && (!strcmp(s, "all") || !strcmp(s, "tous")))) {
            *out = (enum model_audience)a;
            return true;
        }
    return false;
}

static const char *const site_kind_names[SITE_KIND_COUNT] = {
    "mairie", "salle_des_fetes", "mediatheque", "ecole", "evs",
    "centre_social", "france_services", "rpe", "creche", "autre",
};

const char *model_site_kind_name(enum model_site_kind k)
{
    return k < SITE_KIND_COUNT ? site_kind_names[k] : "autre";
}

bool model_site_kind_parse(const char *s, enum model_site_kind *out)
{
    for (int k = 0; k < SITE_KIND_COUNT; k++)
        if (!strcmp(s, site_kind_names[k])) {
            *out = (enum model_site_kind)k;
            return true;
        }
    return false;
}

void model_settings_init(struct model_settings *s)
{
    memset(s, 0, sizeof *s);
    /* Rural roads: 1.3-1.4 road km per straight km and 45-55 km/h
     * (DOMAIN.md §6 "Travel"); 3 minutes to park and walk in. */
    s->detour_factor = 1.35;
    s->speed_kmh = 50.0;
    s->fixed_minutes = 3.0;
    s->slot_step = 30;
    s->max_drive_minutes = 180;
    /* Shares of the population used when a commune's age counts are not
     * given: rounded national figures (INSEE, France métropolitaine,
     * recensement 2021).  Rural territories are older; coordinators should
     * set the real counts or these shares in settings.csv. */
    s->share[AUD_ALL] = 1.0;
    s->share[AUD_0_3] = 0.030;
    s->share[AUD_0_6] = 0.062;
    s->share[AUD_3_11] = 0.095;
    s->share[AUD_11_17] = 0.085;
    s->share[AUD_16_25] = 0.110;
    s->share[AUD_65_PLUS] = 0.215;
    s->share[AUD_75_PLUS] = 0.098;
    s->share[AUD_80_PLUS] = 0.061;
    s->weight_access = 1.0;
    s->weight_equity = 0.5;
    s->weight_cost_hour = 0.05;
    s->weight_km = 0.01;
    s->penalty_unmet = 1000.0;
    s->hourly_cost = -1;
}

struct model *model_new(void)
{
    struct model *m = calloc(1, sizeof *m);
    if (m)
        model_settings_init(&m->settings);
    return m;
}

void model_free_staff(struct model *m)
{
    for (size_t i = 0; i < m->n_staff; i++) {
        free(m->staff[i].id);
        free(m->staff[i].name);
        free(m->staff[i].role);
        free(m->staff[i].employer);
    }
    free(m->staff);
    m->staff = NULL;
    m->n_staff = 0;
}

void model_free(struct model *m)
{
    if (!m)
        return;
    free(m->dir);
    for (size_t i = 0; i < m->n_communes; i++) {
        free(m->communes[i].name);
        free(m->communes[i].sector);
        free(m->communes[i].aliases);
    }
    free(m->communes);
    for (size_t i = 0; i < m->n_sites; i++) {
        free(m->sites[i].id);
        free(m->sites[i].name);
        free(m->sites[i].address);
        free(m->sites[i].open);
    }
    free(m->sites);
    model_free_staff(m);
    for (size_t i = 0; i < m->n_vehicles; i++) {
        free(m->vehicles[i].id);
        free(m->vehicles[i].kind);
    }
    free(m->vehicles);
    for (size_t i = 0; i < m->n_services; i++) {
        struct model_service *s = &m->services[i];
        free(s->id);
        free(s->name);
        free(s->audience_text);
        free(s->vehicle_kind);
        free(s->windows);
        free(s->booking);
        free(s->category);
        free(s->communes);
        free(s->roles);
    }
    free(m->services);
    for (size_t i = 0; i < m->n_targets; i++) {
        free(m->targets[i].where);
        free(m->targets[i].label);
    }
    free(m->targets);
    free(m->travel);
    free(m->demand);
    for (size_t i = 0; i < m->n_busy; i++)
        free(m->busy[i].summary);
    free(m->busy);
    for (size_t i = 0; i < m->n_transports; i++) {
        free(m->transports[i].id);
        free(m->transports[i].name);
        free(m->transports[i].vehicle_kind);
    }
    free(m->transports);
    for (size_t i = 0; i < m->n_pickups; i++) {
        free(m->pickups[i].id);
        free(m->pickups[i].name);
    }
    free(m->pickups);
    for (size_t i = 0; i < m->n_skills; i++)
        free(m->skill_names[i]);
    for (size_t i = 0; i < m->n_tags; i++)
        free(m->tag_names[i]);
    for (size_t i = 0; i < m->n_sectors; i++)
        free(m->sectors[i]);
    free(m->sectors);
    free(m);
}

int model_find_commune(const struct model *m, const char *key)
{
    for (size_t i = 0; i < m->n_communes; i++)
        if (!strcmp(m->communes[i].insee, key))
            return (int)i;
    for (size_t i = 0; i < m->n_communes; i++)
        if (!strcmp(m->communes[i].name, key))
            return (int)i;
    /* Former names and codes (commune-history): "a|b|c". */
    size_t klen = strlen(key);
    for (size_t i = 0; i < m->n_communes && klen; i++) {
        const char *p = m->communes[i].aliases;
        while (p && *p) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            if (len == klen && !strncmp(p, key, len))
                return (int)i;
            p = bar ? bar + 1 : NULL;
        }
    }
    return -1;
}

#define FIND_BY_ID(fn, arr, count)                                        \
    int fn(const struct model *m, const char *id)                         \
    {                                                                     \
        for (size_t i = 0; i < m->count; i++)                             \
            if (!strcmp(m->arr[i].id, id))                                \
                return (int)i;                                            \
        return -1;                                                        \
    }
FIND_BY_ID(model_find_site, sites, n_sites)
FIND_BY_ID(model_find_staff, staff, n_staff)
FIND_BY_ID(model_find_vehicle, vehicles, n_vehicles)
FIND_BY_ID(model_find_service, services, n_services)
FIND_BY_ID(model_find_transport, transports, n_transports)
#undef FIND_BY_ID

int model_find_pickup(const struct model *m, int transport, const char *id)
{
    for (size_t i = 0; i < m->n_pickups; i++)
        if (m->pickups[i].transport == transport && !strcmp(m->pickups[i].id, id))
            return (int)i;
    return -1;
}

/* Skills, tags and sectors match whatever the case ("EJE" = "eje"):
 * they are typed by hand in several files. */
static int find_name(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(names[i], name))
            return (int)i;
    return -1;
}

int model_find_sector(const struct model *m, const char *name)
{
    return find_name(m->sectors, m->n_sectors, name);
}

int model_find_skill(const struct model *m, const char *name)
{
    return find_name(m->skill_names, m->n_skills, name);
}

int model_find_tag(const struct model *m, const char *name)
{
    return find_name(m->tag_names, m->n_tags, name);
}
