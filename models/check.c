/* check.c -- the territory at a glance, and quick capacity checks.
 *
 * `planner check` prints this before any solve: what the territory holds
 * and whether the staff, skills and vehicles can possibly cover what the
 * targets ask.  The checks are deliberately simple sums (hours asked per
 * week against hours available): they catch the impossible in
 * milliseconds; the planner finds and explains the subtler cases. */
#include "models_int.h"

#include <math.h>
#include <string.h>
#include <strings.h>

static const char *const day_abbr[7] = {"lun", "mar", "mer", "jeu", "ven",
                                        "sam", "dim"};

/* "lun mar jeu-am ven" from a half-day mask (French, as typed). */
static void format_halfdays(uint32_t h, char *buf, size_t size)
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

/* Sessions per week that a service's targets ask for at the least.
 * Territory-wide targets and the sums of per-sector and per-commune
 * targets overlap; the largest of the three is a safe lower bound. */
static double service_min_sessions_per_week(const struct model *m, int svc,
                                            int horizon_weeks)
{
    double territory = 0, sectors = 0, communes = 0;
    for (size_t i = 0; i < m->n_targets; i++) {
        const struct model_target *g = &m->targets[i];
        if (g->service != svc)
            continue;
        double per_week;
        switch (g->period) {
        case PER_MONTH: per_week = g->min_sessions * 12.0 / 52.0; break;
        case PER_YEAR: per_week = g->min_sessions / 52.0; break;
        default: per_week = g->min_sessions / (double)horizon_weeks; break;
        }
        if (g->scope == SCOPE_TERRITORY)
            territory = fmax(territory, per_week);
        else if (g->scope == SCOPE_SECTOR)
            sectors += per_week;
        else
            communes += per_week;
    }
    return fmax(territory, fmax(sectors, communes));
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
    if (m->n_sectors) {
        fprintf(out, ", %zu sectors:", m->n_sectors);
        for (size_t s = 0; s < m->n_sectors; s++) {
            int n = 0;
            long p = 0;
            for (size_t i = 0; i < m->n_communes; i++)
                if (!strcasecmp(m->communes[i].sector, m->sectors[s])) {
                    n++;
                    p += m->communes[i].population;
                }
            fprintf(out, "%s %s (%d communes, %ld inh.)", s ? ";" : "",
                    m->sectors[s], n, p);
        }
    }
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
        format_halfdays(s->halfdays, days, sizeof days);
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
    for (size_t i = 0; i < m->n_services; i++) {
        const struct model_service *s = &m->services[i];
        char skills[256];
        format_skills(m, s->skills, skills, sizeof skills);
        double per_week = service_min_sessions_per_week(m, (int)i, 13);
        fprintf(out, "  %-12s %s: %d min + %d min set-up/pack-up, %d staff%s%s%s%s\n",
                s->id, s->name, s->duration, s->setup + s->teardown,
                s->staff_count, skills[0] ? " [" : "", skills,
                skills[0] ? "]" : "",
                s->vehicle_kind[0] ? ", with a vehicle" : "");
        for (size_t t = 0; t < m->n_targets; t++) {
            const struct model_target *g = &m->targets[t];
            if (g->service != (int)i)
                continue;
            fprintf(out, "      target: at least %d per %s%s%s%s%s\n", g->min_sessions,
                    g->period == PER_MONTH ? "month" :
                    g->period == PER_YEAR ? "year" : "quarter",
                    g->scope == SCOPE_TERRITORY ? " over the territory" :
                    g->scope == SCOPE_SECTOR ? " in sector " : " in ",
                    g->scope == SCOPE_COMMUNE && g->commune >= 0
                        ? m->communes[g->commune].name : g->where,
                    g->label[0] ? " -- " : "", g->label);
        }
        if (per_week > 0)
            fprintf(out, "      asks at least %.1f h of staff time per week "
                    "(13-week quarter)\n",
                    per_week * model_service_onsite_minutes(s) * s->staff_count / 60);
    }
}

void model_capacity_check(const struct model *m, int horizon_weeks,
                          struct diag_list *problems)
{
    if (horizon_weeks < 1)
        horizon_weeks = 13;
    /* Hours per skill: what the services needing it ask against what the
     * staff holding it have.  One line per skill the territory uses. */
    for (size_t k = 0; k < m->n_skills; k++) {
        uint64_t bit = UINT64_C(1) << k;
        double need = 0, have = 0;
        for (size_t i = 0; i < m->n_services; i++) {
            const struct model_service *s = &m->services[i];
            if (s->skills & bit)
                need += service_min_sessions_per_week(m, (int)i, horizon_weeks) *
                        model_service_onsite_minutes(s) * s->staff_count;
        }
        for (size_t j = 0; j < m->n_staff; j++)
            if (m->staff[j].skills & bit)
                have += m->staff[j].weekly_minutes;
        if (need <= 0)
            continue;
        if (need > have + 1e-6)
            diag_list_add(problems, STATUS_OK, "capacity", 0, 0, NULL,
                          "skill \"%s\": targets ask %.1f h per week on site, staff "
                          "with it have %.1f h: some targets will be unmet",
                          m->skill_names[k], need / 60, have / 60);
        else if (need > 0.8 * have)
            diag_list_add(problems, STATUS_OK, "capacity", 0, 0, NULL,
                          "skill \"%s\": targets ask %.1f h per week on site out of "
                          "%.1f h available, before travel: tight",
                          m->skill_names[k], need / 60, have / 60);
    }
    /* Vehicles per day: sessions per week needing a kind against the
     * half-days vehicles of that kind are available. */
    for (size_t i = 0; i < m->n_services; i++) {
        const struct model_service *s = &m->services[i];
        if (!s->vehicle_kind[0])
            continue;
        double need = service_min_sessions_per_week(m, (int)i, horizon_weeks);
        int halves = 0;
        for (size_t v = 0; v < m->n_vehicles; v++)
            if (!strcasecmp(m->vehicles[v].kind, s->vehicle_kind))
                halves += __builtin_popcount(m->vehicles[v].halfdays & s->halfdays);
        if (need > halves + 1e-9)
            diag_list_add(problems, STATUS_OK, "capacity", 0, 0, NULL,
                          "service %s: targets ask %.1f sessions per week with a "
                          "vehicle of kind \"%s\"; such vehicles have %d usable "
                          "half-days per week", s->id, need, s->vehicle_kind, halves);
    }
}
