/* rules.c -- the domain rules, each written once (model_rule_*).
 *
 * Several layers ask the same questions of a territory: the loader and
 * `planner check` (models/load.c, check*.c) before anything is solved,
 * the pattern builder, the greedy heuristic and the explanations of the
 * solver (planner/), the summary (report/summary.c).  When each wrote its
 * own answer they drifted apart: vehicle kinds were compared ignoring
 * case by the loader and `check`, exactly by the solver, so with
 * "Utilitaire" in vehicles.csv and "utilitaire" in services.csv `check`
 * said "no problem found" and the plan gave the service no session
 * (issue 11).  Every such rule lives here now and is only called:
 *
 *   - vehicle kinds, typed by hand in two files: equal ignoring case;
 *   - a team member has every skill of the service;
 *   - a site may host a service: its tags, its kind, its commune
 *     (the first rule that excludes it is named, for messages);
 *   - the on-site interval [start - setup, start + duration + teardown),
 *     the half-days it touches (a morning ends at MODEL_NOON) and whether
 *     a half-day mask allows them;
 *   - a start fits: the on-site interval within the day, in the
 *     service's half-days, the public part in one of the service's
 *     windows, the on-site interval in one of the site's opening windows
 *     of that weekday; starts lie on the grid of slot_step_minutes (a
 *     start that fits only off the grid, and the step that would reach
 *     it, are found here too, for check and for the solver's reasons);
 *   - the daily driving limit of a person (their own, else the
 *     territory's);
 *   - a target's scope (territory, sector ignoring case, commune);
 *   - the audience a service weighs a commune by (target population x
 *     demand weight);
 *   - a commune is served by a session within travel_max_minutes;
 *   - travel between two points: the travel.csv row of the pair of
 *     communes when there is one, else great-circle km x detour factor at
 *     the average speed plus the fixed minutes (none for the same point).
 *
 * report/verify.c re-implements the hard rules on purpose (docs/verify.md)
 * and calls none of these but travel, which is data, not a constraint.
 * docs/rules.md is the specification. */
#include "models.h"

#include <assert.h>
#include <math.h>
#include <strings.h>

bool model_rule_kind_equal(const char *a, const char *b)
{
    assert(a && b);
    return strcasecmp(a, b) == 0;
}

bool model_rule_needs_vehicle(const struct model_service *sv)
{
    return sv->vehicle_kind && sv->vehicle_kind[0] != '\0';
}

bool model_rule_vehicle_fits(const struct model_service *sv,
                             const struct model_vehicle *v)
{
    return model_rule_needs_vehicle(sv) &&
           model_rule_kind_equal(v->kind, sv->vehicle_kind);
}

bool model_rule_staff_qualified(const struct model_service *sv,
                                const struct model_staff *st)
{
    if ((st->skills & sv->skills) != sv->skills)
        return false;
    if (sv->n_roles == 0)
        return true;
    for (size_t r = 0; r < sv->n_roles; r++)
        if (st->skills & sv->roles[r].skill)
            return true;
    return false;   /* fills none of the team's roles */
}

/* Gives member q onwards a role with places left in left[]; backtracks. */
static bool fill_roles(const struct model *m, const struct model_service *sv,
                       const int *staff, int n, int q, int *left)
{
    if (q == n)
        return true;
    uint64_t has = m->staff[staff[q]].skills;
    for (size_t r = 0; r < sv->n_roles; r++) {
        if (left[r] == 0 || !(has & sv->roles[r].skill))
            continue;
        left[r]--;
        bool ok = fill_roles(m, sv, staff, n, q + 1, left);
        left[r]++;
        if (ok)
            return true;
    }
    return false;
}

bool model_rule_team_roles(const struct model *m,
                           const struct model_service *sv,
                           const int *staff, int n)
{
    if (sv->n_roles == 0)
        return true;
    int left[MODEL_MAX_TEAM];
    int total = 0;
    for (size_t r = 0; r < sv->n_roles && r < MODEL_MAX_TEAM; r++) {
        left[r] = sv->roles[r].count;
        total += left[r];
    }
    /* The counts add up to the team size: every member takes a place, so
     * a full assignment fills every role. */
    return total == n && fill_roles(m, sv, staff, n, 0, left);
}

bool model_rule_tags_fit(uint64_t site_tags, uint64_t wanted)
{
    return (site_tags & wanted) == wanted;
}

enum model_site_rule model_rule_site(const struct model_service *sv,
                                     const struct model_site *st)
{
    if (!model_rule_tags_fit(st->tags, sv->site_tags))
        return MODEL_SITE_TAGS;
    if (sv->site_kinds && !(sv->site_kinds & (1u << st->kind)))
        return MODEL_SITE_KIND;
    if (sv->communes && sv->n_communes > 0) {
        for (size_t q = 0; q < sv->n_communes; q++)
            if (sv->communes[q] == st->commune)
                return MODEL_SITE_OK;
        return MODEL_SITE_COMMUNES;
    }
    return MODEL_SITE_OK;
}

int model_service_onsite_minutes(const struct model_service *s)
{
    return s->setup + s->duration + s->teardown;
}

void model_rule_onsite(const struct model_service *sv, int start, int *a,
                       int *b)
{
    *a = start - sv->setup;
    *b = start + sv->duration + sv->teardown;
}

unsigned model_rule_halves_of(int a, int b)
{
    assert(a <= b);
    unsigned h = 0;
    if (a < MODEL_NOON)
        h |= MODEL_AM;
    if (b > MODEL_NOON)
        h |= MODEL_PM;
    return h;
}

bool model_rule_halves_allowed(uint32_t mask, int weekday, unsigned halves)
{
    assert(weekday >= 0 && weekday < 7);
    if ((halves & MODEL_AM) && !(mask & MODEL_HALF_AM(weekday)))
        return false;
    if ((halves & MODEL_PM) && !(mask & MODEL_HALF_PM(weekday)))
        return false;
    return true;
}

static bool within(const struct model_window *w, size_t n, int wd, int a,
                   int b)
{
    for (size_t i = 0; i < n; i++)
        if (w[i].weekday == wd && w[i].start <= a && b <= w[i].end)
            return true;
    return false;
}

bool model_rule_start_fits(const struct model_service *sv,
                           const struct model_window *open, size_t n_open,
                           int weekday, int start)
{
    int a, b;
    model_rule_onsite(sv, start, &a, &b);
    if (a < 0 || b > 24 * 60)
        return false;
    if (!model_rule_halves_allowed(sv->halfdays, weekday,
                                   model_rule_halves_of(a, b)))
        return false;
    if (sv->n_windows > 0 &&
        !within(sv->windows, sv->n_windows, weekday, start,
                start + sv->duration))
        return false;
    return n_open == 0 || within(open, n_open, weekday, a, b);
}

int model_rule_slot_step(const struct model *m)
{
    return m->settings.slot_step > 0 ? m->settings.slot_step : 30;
}

unsigned model_rule_days_fitting(const struct model_service *sv,
                                 const struct model_window *open, size_t n_open,
                                 int *earliest)
{
    unsigned days = 0;
    *earliest = -1;
    for (int wd = 0; wd < 7; wd++)
        for (int t = 0; t + sv->duration <= 24 * 60; t++)
            if (model_rule_start_fits(sv, open, n_open, wd, t)) {
                days |= 1u << wd;
                if (*earliest < 0 || t < *earliest)
                    *earliest = t;
                break;
            }
    return days;
}

int model_rule_step_allowing(int start, int step)
{
    int a = start, b = step;
    while (b) {
        int r = a % b;
        a = b;
        b = r;
    }
    return a >= 5 && a < step ? a : 0;
}

int model_rule_max_drive(const struct model *m, const struct model_staff *st)
{
    return st->max_drive_minutes > 0 ? st->max_drive_minutes
                                     : m->settings.max_drive_minutes;
}

bool model_rule_in_scope(const struct model *m, const struct model_target *tg,
                         int site)
{
    assert(site >= 0 && (size_t)site < m->n_sites);
    int c = m->sites[site].commune;
    switch (tg->scope) {
    case SCOPE_TERRITORY:
        return true;
    case SCOPE_SECTOR:
        /* The loader finds sectors ignoring case (model_find_sector). */
        return strcasecmp(m->communes[c].sector, tg->where) == 0;
    case SCOPE_COMMUNE:
        return c == tg->commune;
    }
    return false;
}

double model_rule_audience(const struct model *m, int service, int commune)
{
    const struct model_service *sv = &m->services[service];
    double w = 1.0;
    /* The loader refuses a second row for one pair: the first is it. */
    for (size_t q = 0; q < m->n_demand; q++)
        if (m->demand[q].service == service && m->demand[q].commune == commune) {
            w = m->demand[q].weight;
            break;
        }
    int a = sv->target < AUD_COUNT ? (int)sv->target : AUD_ALL;
    double v = m->communes[commune].pop[a] * w;
    return v > 0 ? v : 0;
}

bool model_rule_serves(const struct model_service *sv, int site_commune,
                       int commune, double minutes)
{
    return commune == site_commune || minutes <= sv->travel_max_minutes;
}

double model_great_circle_km(double lat1, double lon1, double lat2,
                             double lon2)
{
    const double r = 6371.0088; /* mean Earth radius, km */
    const double rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(fmin(1.0, sqrt(a)));
}

const struct model_travel *model_rule_travel_row(const struct model *m,
                                                 int from_commune,
                                                 int to_commune)
{
    if (from_commune < 0 || to_commune < 0 || from_commune == to_commune)
        return NULL;
    for (size_t i = 0; i < m->n_travel; i++) {
        const struct model_travel *t = &m->travel[i];
        if ((t->from_commune == from_commune && t->to_commune == to_commune) ||
            (t->from_commune == to_commune && t->to_commune == from_commune))
            return t;
    }
    return NULL;
}

void model_rule_travel(const struct model *m, const struct model_travel *row,
                       double from_lat, double from_lon, double to_lat,
                       double to_lon, double *km, double *minutes)
{
    if (row) {
        *km = row->km;
        *minutes = row->minutes;
        return;
    }
    double d = model_great_circle_km(from_lat, from_lon, to_lat, to_lon) *
               m->settings.detour_factor;
    *km = d;
    /* Same place: no trip at all, so no fixed minutes either. */
    if (d < 1e-9)
        *minutes = 0.0;
    else
        *minutes = m->settings.fixed_minutes + 60.0 * d / m->settings.speed_kmh;
}

void model_travel_between(const struct model *m, int from_commune,
                          double from_lat, double from_lon, int to_commune,
                          double to_lat, double to_lon, double *km,
                          double *minutes)
{
    model_rule_travel(m, model_rule_travel_row(m, from_commune, to_commune),
                      from_lat, from_lon, to_lat, to_lon, km, minutes);
}

bool model_rule_frozen(int day, int through)
{
    /* Day granularity: --now's whole day is past, so a re-plan never
     * changes a session on the day it is made (nobody could be told). */
    return through != MODEL_NOT_FROZEN && day <= through;
}
