/* feed_fixture.c -- see feed_fixture.h. */
#include "feed_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "calendars.h"

static char *dup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort(); /* test fixture: out of memory is not a test result */
    return d;
}

static void *zalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p)
        abort();
    return p;
}

struct model *fixture_model(void)
{
    struct model *m = model_new();
    if (!m)
        abort();
    snprintf(m->settings.name, sizeof m->settings.name, "Quercy Blanc");
    m->settings.school_zone = 'C';
    static const struct {
        const char *insee, *name;
        double lat, lon;
    } communes[] = {
        {"46201", "Montcuq-en-Quercy-Blanc", 44.338, 1.209},
        {"46063", "Castelnau-Montratier", 44.268, 1.364},
    };
    m->n_communes = 2;
    m->communes = zalloc(2, sizeof *m->communes);
    for (size_t i = 0; i < 2; i++) {
        struct model_commune *c = &m->communes[i];
        snprintf(c->insee, sizeof c->insee, "%s", communes[i].insee);
        c->name = dup(communes[i].name);
        c->sector = dup("");
        c->aliases = dup("");
        c->lat = communes[i].lat;
        c->lon = communes[i].lon;
    }
    static const struct {
        const char *id, *name, *address;
        int commune;
        double lat, lon;
    } sites[] = {
        {"MONTCUQ-SDF", "Salle des fêtes",
         "Place de la Halle, 46800 Montcuq-en-Quercy-Blanc", 0, 44.3379,
         1.2093},
        {"CASTELNAU-MED", "Médiathèque", "12 rue de la Mairie", 1, 44.2681,
         1.3642},
        {"HALL/É 3", "Halle; espace « jeunes », étage", "", 1, 0, 0},
    };
    m->n_sites = 3;
    m->sites = zalloc(3, sizeof *m->sites);
    for (size_t i = 0; i < 3; i++) {
        struct model_site *s = &m->sites[i];
        s->id = dup(sites[i].id);
        s->name = dup(sites[i].name);
        s->address = dup(sites[i].address);
        s->commune = sites[i].commune;
        s->lat = sites[i].lat;
        s->lon = sites[i].lon;
    }
    m->n_staff = 2;
    m->staff = zalloc(2, sizeof *m->staff);
    const char *staff[][3] = {{"S01", "Léa Martin", "EJE RPE"},
                              {"S02", "Paul Roux", ""}};
    for (size_t i = 0; i < 2; i++) {
        m->staff[i].id = dup(staff[i][0]);
        m->staff[i].name = dup(staff[i][1]);
        m->staff[i].role = dup(staff[i][2]);
        m->staff[i].employer = dup("CC Quercy Blanc");
        m->staff[i].base_site = -1;
    }
    m->n_vehicles = 1;
    m->vehicles = zalloc(1, sizeof *m->vehicles);
    m->vehicles[0].id = dup("V1");
    m->vehicles[0].kind = dup("minibus 9 places");
    m->vehicles[0].base_site = -1;
    m->n_services = 2;
    m->services = zalloc(2, sizeof *m->services);
    struct model_service *hj = &m->services[0], *fs = &m->services[1];
    hj->id = dup("HJ");
    hj->name = dup("Halte-jeux");
    hj->audience_text = dup("assistantes maternelles, parents et enfants de "
                            "moins de 3 ans; entrée libre sur inscription");
    hj->vehicle_kind = dup("");
    hj->booking = dup("auprès du RPE au 05 65 00 00 00 ou par courriel à "
                      "rpe@quercy-blanc.example");
    hj->category = dup("Petite enfance");
    fs->id = dup("FS");
    fs->name = dup("Permanence France Services");
    fs->audience_text = dup("tous publics");
    fs->vehicle_kind = dup("minibus");
    fs->booking = dup("");
    fs->category = dup("");
    return m;
}

struct model_plan *fixture_plan(const struct model *m)
{
    static const struct {
        int service, site, y, mo, d, start, end, staff0, staff1, vehicle;
        int cancelled, sequence;
    } rows[] = {
        /* before the spring change (CET, UTC+1) */
        {0, 0, 2027, 3, 25, 9 * 60 + 30, 11 * 60 + 30, 0, -1, -1, 0, 0},
        /* on the change day itself, after 03:00 (CEST) */
        {1, 1, 2027, 3, 28, 10 * 60, 12 * 60, 1, -1, -1, 0, 0},
        /* after it (CEST, UTC+2) */
        {0, 0, 2027, 3, 29, 9 * 60 + 30, 11 * 60 + 30, 0, -1, -1, 0, 3},
        /* cancelled by a re-plan */
        {0, 2, 2027, 4, 1, 14 * 60, 16 * 60, 0, 1, -1, 1, 2},
        /* ends at midnight */
        {1, 2, 2027, 6, 21, 22 * 60, 24 * 60, 1, -1, 0, 0, 1},
        /* before the autumn change (CEST) */
        {1, 1, 2027, 10, 28, 14 * 60, 17 * 60, 1, -1, -1, 0, 0},
        /* on the autumn change day, with a team and the vehicle */
        {1, 0, 2027, 10, 31, 10 * 60, 11 * 60, 0, 1, 0, 0, 0},
        /* after it (CET) */
        {1, 1, 2027, 11, 2, 14 * 60, 17 * 60, 1, -1, -1, 0, 0},
    };
    struct model_plan *p = model_plan_new();
    if (!p)
        abort();
    p->created_at = 1800007200; /* 2027-01-15T10:00:00Z */
    int series[2][3] = {{0}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct model_session s;
        memset(&s, 0, sizeof s);
        s.service = rows[i].service;
        s.site = rows[i].site;
        s.day = model_date_to_days(
            (struct model_date){rows[i].y, rows[i].mo, rows[i].d});
        s.start = rows[i].start;
        s.end = rows[i].end;
        s.staff[s.n_staff++] = rows[i].staff0;
        if (rows[i].staff1 >= 0)
            s.staff[s.n_staff++] = rows[i].staff1;
        s.vehicle = rows[i].vehicle;
        s.status = rows[i].cancelled ? SESSION_CANCELLED : SESSION_CONFIRMED;
        s.sequence = rows[i].sequence;
        s.last_modified = p->created_at - 3600 * (long long)i;
        ics_session_uid(m, s.service, s.site, series[s.service][s.site]++,
                        NULL, s.uid);
        if (model_plan_add(p, &s) != STATUS_OK)
            abort();
    }
    return p;
}
