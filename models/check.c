/* check.c -- the territory at a glance, and quick capacity checks.
 *
 * `planner check` prints this before any solve: what the territory holds
 * and whether the staff, skills and vehicles can possibly cover what the
 * targets ask.  The checks are deliberately simple sums (hours asked per
 * week against hours available): they catch the impossible in
 * milliseconds; the planner finds and explains the subtler cases.
 * model_capacity_check() also runs the checks of check_fit.c (services no
 * site can host, staff who can get no session, unused vehicles) and
 * check_coords.c (coordinates far from the territory).  Every loop here
 * is linear in the size of the territory: per-service figures are summed
 * once, not once per skill or per target. */
#include "models_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const day_abbr[7] = {"lun", "mar", "mer", "jeu", "ven",
                                        "sam", "dim"};

void check_format_halfdays(uint32_t h, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int d = 0; d < 7 && n < size; d++) {
        bool am = h & MODEL_HALF_AM(d), pm = h & MODEL_HALF_PM(d);
        if (!am && !pm)
            continue;
        int k = snprintf(buf + n, size - n, "%s%s%s", n ? " " : "", day_abbr[d],
                         am && pm ? "" : am ? "-matin" : "-aprem");
        if (k > 0)
            n += (size_t)k;
    }
}

static void format_skills(const struct model *m, uint64_t bits, char *buf,
                          size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < m->n_skills && n < size; k++)
        if (bits & (UINT64_C(1) << k)) {
            int w = snprintf(buf + n, size - n, "%s%s", n ? " " : "",
                             m->skill_names[k]);
            if (w > 0)
                n += (size_t)w;
        }
}

/* Sessions per week that each service's targets ask for at the least,
 * into per_week[n_services].  Territory-wide targets and the sums of
 * per-sector and per-commune targets overlap; the largest of the three
 * is a safe lower bound.  false when memory ran out. */
static bool min_sessions_per_week(const struct model *m, int horizon_weeks,
                                  double *per_week)
{
    size_t ns = m->n_services;
    double *sum = calloc(3 * (ns ? ns : 1), sizeof *sum);
    if (!sum)
        return false;
    for (size_t i = 0; i < m->n_targets; i++) {
        const struct model_target *g = &m->targets[i];
        if (g->service < 0 || (size_t)g->service >= ns)
            continue;
        double w;
        switch (g->period) {
        case PER_MONTH: w = g->min_sessions * 12.0 / 52.0; break;
        case PER_YEAR: w = g->min_sessions / 52.0; break;
        default: w = g->min_sessions / (double)horizon_weeks; break;
        }
        double *t = &sum[3 * (size_t)g->service];
        if (g->scope == SCOPE_TERRITORY)
            t[0] = fmax(t[0], w);
        else
            t[g->scope == SCOPE_SECTOR ? 1 : 2] += w;
    }
    for (size_t i = 0; i < ns; i++)
        per_week[i] = fmax(sum[3 * i], fmax(sum[3 * i + 1], sum[3 * i + 2]));
    free(sum);
    return true;
}

/* The sector index of each commune (-1 when it has none), through one
 * index of the sector names: a scan per sector was sectors x communes. */
static void commune_sectors(const struct model *m, int *out)
{
    struct id_index ix;
    id_index_init(&ix, true);
    for (size_t s = 0; s < m->n_sectors; s++)
        id_index_put(&ix, m->sectors[s], (int)s);
    for (size_t i = 0; i < m->n_communes; i++)
        out[i] = id_index_get(&ix, m->communes[i].sector);
    id_index_free(&ix);
}

static void print_sectors(const struct model *m, FILE *out)
{
    int *sector = calloc(m->n_communes ? m->n_communes : 1, sizeof *sector);
    long *pop = calloc(m->n_sectors, sizeof *pop);
    int *count = calloc(m->n_sectors, sizeof *count);
    if (sector && pop && count) {
        commune_sectors(m, sector);
        for (size_t i = 0; i < m->n_communes; i++)
            if (sector[i] >= 0) {
                count[sector[i]]++;
                pop[sector[i]] += m->communes[i].population;
            }
        fprintf(out, ", %zu sectors:", m->n_sectors);
        for (size_t s = 0; s < m->n_sectors; s++)
            fprintf(out, "%s %s (%d communes, %ld inh.)", s ? ";" : "",
                    m->sectors[s], count[s], pop[s]);
    }
    free(count);
    free(pop);
    free(sector);
}

static void print_targets(const struct model *m, const struct model_target *g,
                          FILE *out)
{
    fprintf(out, "      target: at least %d per %s%s%s%s%s\n", g->min_sessions,
            g->period == PER_MONTH ? "month" :
            g->period == PER_YEAR ? "year" : "quarter",
            g->scope == SCOPE_TERRITORY ? " over the territory" :
            g->scope == SCOPE_SECTOR ? " in sector " : " in ",
            g->scope == SCOPE_COMMUNE && g->commune >= 0
                ? m->communes[g->commune].name : g->where,
            g->label[0] ? " -- " : "", g->label);
}

/* Services, each with its targets: targets are bucketed by service first
 * (a counting sort), so this is services + targets, not their product. */
static void print_services(const struct model *m, FILE *out)
{
    size_t ns = m->n_services;
    size_t *first = calloc(ns + 1, sizeof *first);
    size_t *order = calloc(m->n_targets ? m->n_targets : 1, sizeof *order);
    double *per_week = calloc(ns ? ns : 1, sizeof *per_week);
    if (!first || !order || !per_week || !min_sessions_per_week(m, 13, per_week)) {
        fprintf(out, "  (out of memory)\n");
        goto out;
    }
    for (size_t t = 0; t < m->n_targets; t++)
        if (m->targets[t].service >= 0 && (size_t)m->targets[t].service < ns)
            first[m->targets[t].service + 1]++;
    for (size_t i = 0; i < ns; i++)
        first[i + 1] += first[i];
    size_t *next = calloc(ns ? ns : 1, sizeof *next);
    for (size_t i = 0; next && i < ns; i++)
        next[i] = first[i];
    for (size_t t = 0; next && t < m->n_targets; t++)
        if (m->targets[t].service >= 0 && (size_t)m->targets[t].service < ns)
            order[next[m->targets[t].service]++] = t;
    free(next);
    for (size_t i = 0; i < ns; i++) {
        const struct model_service *s = &m->services[i];
        char skills[256];
        format_skills(m, s->skills, skills, sizeof skills);
        fprintf(out, "  %-12s %s: %d min + %d min set-up/pack-up, %d staff%s%s%s%s\n",
                s->id, s->name, s->duration, s->setup + s->teardown,
                s->staff_count, skills[0] ? " [" : "", skills,
                skills[0] ? "]" : "",
                s->vehicle_kind[0] ? ", with a vehicle" : "");
        for (size_t k = first[i]; k < first[i + 1]; k++)
            print_targets(m, &m->targets[order[k]], out);
        if (per_week[i] > 0)
            fprintf(out, "      asks at least %.1f h of staff time per week "
                    "(13-week quarter)\n",
                    per_week[i] * model_service_onsite_minutes(s) * s->staff_count / 60);
    }
out:
    free(per_week);
    free(order);
    free(first);
}

void model_print_summary(const struct model *m, FILE *out)
{
    long pop = 0;
    for (size_t i = 0; i < m->n_communes; i++)
        pop += m->communes[i].population;
    fprintf(out, "Territory: %s", m->settings.name);
    if (m->settings.school_zone)
        fprintf(out, " (school zone %c)", m->settings.school_zone);
    fprintf(out, "\n");
    fprintf(out, "Communes: %zu, population %ld", m->n_communes, pop);
    if (m->n_sectors)
        print_sectors(m, out);
    fprintf(out, "\n");

    fprintf(out, "Sites: %zu", m->n_sites);
    const char *sep = " (";
    for (int k = 0; k < SITE_KIND_COUNT; k++) {
        int n = 0;
        for (size_t i = 0; i < m->n_sites; i++)
            if (m->sites[i].kind == (enum model_site_kind)k)
                n++;
        if (n) {
            fprintf(out, "%s%s %d", sep, model_site_kind_name((enum model_site_kind)k), n);
            sep = ", ";
        }
    }
    fprintf(out, "%s\n", m->n_sites ? ")" : "");

    double hours = 0;
    for (size_t i = 0; i < m->n_staff; i++)
        hours += m->staff[i].weekly_minutes / 60;
    fprintf(out, "Staff: %zu, %.1f h per week available\n", m->n_staff, hours);
    for (size_t i = 0; i < m->n_staff; i++) {
        const struct model_staff *s = &m->staff[i];
        char days[128], skills[256];
        check_format_halfdays(s->halfdays, days, sizeof days);
        format_skills(m, s->skills, skills, sizeof skills);
        fputs("  ", out);
        text_put_padded(out, s->id, 8);
        fputc(' ', out);
        text_put_padded(out, s->name, 24);
        fprintf(out, " %5.1f h/week  %-22s skills: %s%s\n",
                s->weekly_minutes / 60, days, skills[0] ? skills : "-",
                s->licence ? "" : "  (no driving licence)");
    }
    if (m->n_vehicles) {
        fprintf(out, "Vehicles: %zu\n", m->n_vehicles);
        for (size_t i = 0; i < m->n_vehicles; i++)
            fprintf(out, "  %-8s %s, %d seats, %.2f EUR/km\n", m->vehicles[i].id,
                    m->vehicles[i].kind, m->vehicles[i].seats,
                    m->vehicles[i].cost_per_km);
    }
    fprintf(out, "Services: %zu\n", m->n_services);
    print_services(m, out);
}

/* Hours per skill: what the services needing it ask against what the
 * staff holding it have.  One line per skill the territory uses.  More
 * than they have is an error: the targets' minimum alone, before any
 * travel, exceeds every hour of every qualified person. */
static void check_skill_hours(const struct model *m, const double *per_week,
                              struct diag_list *problems)
{
    for (size_t k = 0; k < m->n_skills; k++) {
        uint64_t bit = UINT64_C(1) << k;
        double need = 0, have = 0;
        for (size_t i = 0; i < m->n_services; i++) {
            const struct model_service *s = &m->services[i];
            if (s->skills & bit)
                need += per_week[i] * model_service_onsite_minutes(s) * s->staff_count;
        }
        for (size_t j = 0; j < m->n_staff; j++)
            if (m->staff[j].skills & bit)
                have += m->staff[j].weekly_minutes;
        if (need <= 0)
            continue;
        if (need > have + 1e-6)
            diag_list_add(problems, STATUS_INVALID, "capacity", 0, 0, NULL,
                          "skill \"%s\": targets ask %.1f h per week on site, staff "
                          "with it have %.1f h: these targets cannot all be met, "
                          "whatever the plan", m->skill_names[k], need / 60, have / 60);
        else if (need > 0.8 * have)
            diag_list_add(problems, STATUS_OK, "capacity", 0, 0, NULL,
                          "skill \"%s\": targets ask %.1f h per week on site out of "
                          "%.1f h available, before travel: tight",
                          m->skill_names[k], need / 60, have / 60);
    }
}

/* Vehicles per day: sessions per week needing a kind against the
 * half-days vehicles of that kind are available. */
static void check_vehicle_days(const struct model *m, const double *per_week,
                               struct diag_list *problems)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const struct model_service *s = &m->services[i];
        if (!model_rule_needs_vehicle(s))
            continue;
        int halves = 0;
        for (size_t v = 0; v < m->n_vehicles; v++)
            if (model_rule_vehicle_fits(s, &m->vehicles[v]))
                halves += __builtin_popcount(m->vehicles[v].halfdays & s->halfdays);
        if (per_week[i] > halves + 1e-9)
            diag_list_add(problems, STATUS_OK, "capacity", 0, 0, NULL,
                          "service %s: targets ask %.1f sessions per week with a "
                          "vehicle of kind \"%s\"; such vehicles have %d usable "
                          "half-days per week", s->id, per_week[i], s->vehicle_kind,
                          halves);
    }
}

void model_capacity_check(const struct model *m, int horizon_weeks,
                          struct diag_list *problems)
{
    if (horizon_weeks < 1)
        horizon_weeks = 13;
    double *per_week = calloc(m->n_services ? m->n_services : 1, sizeof *per_week);
    if (!per_week || !min_sessions_per_week(m, horizon_weeks, per_week)) {
        diag_list_add(problems, STATUS_NOMEM, "capacity", 0, 0, NULL, "out of memory");
    } else {
        check_skill_hours(m, per_week, problems);
        check_vehicle_days(m, per_week, problems);
    }
    free(per_week);
    check_fit(m, problems);
    check_coords(m, problems);
}
