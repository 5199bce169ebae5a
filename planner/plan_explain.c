/* plan_explain.c -- say, for every unmet target, why, in words a
 * coordinator understands: in French, since the reasons go into
 * summary.txt and to the élus as they are.
 *
 * The MIP only says "slack > 0".  The reason is found again from the
 * data, walking the same filters the pattern enumeration applies, in
 * order, and stopping at the first that leaves nothing:
 *   no site in the scope; no site with the tags, of the kinds, in the
 *   allowed communes; no start time that fits the allowed half-days,
 *   windows and opening hours; closures leaving no date in the period;
 *   not enough dates in the period even weekly; no staff with the
 *   skills; none working the allowed half-days; leave; no vehicle of the
 *   kind or no licensed driver; the daily driving limit; the site limit
 *   of the service; and last, capacity: the staff who could run it are
 *   busy with other sessions (hours used in their busiest week).
 * The message leads with the target ("France Services — 2
 * séances/trimestre à Golinhac : non atteint (0 prévue) ; ...") so the
 * key facts are always at the same place; tests check the exact wording.
 */
#include "plan_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const day_short[7] = {"lun.", "mar.", "mer.", "jeu.",
                                         "ven.", "sam.", "dim."};

struct buf {
    char *s;
    size_t size, len;
};

static void bput(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void bput(struct buf *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len += (size_t)n;
    if (b->len >= b->size)
        b->len = b->size - 1;
}

/* "mar. ou jeu. matin", "lun. matin ou mer. après-midi". */
static void halfdays_words(struct buf *b, uint32_t mask)
{
    const char *half[2] = {"matin", "après-midi"};
    int parts = 0;
    for (int h = 0; h < 2; h++) {
        int days[7], n = 0;
        for (int wd = 0; wd < 7; wd++)
            if (mask & (h ? MODEL_HALF_PM(wd) : MODEL_HALF_AM(wd)))
                days[n++] = wd;
        if (!n)
            continue;
        if (parts++)
            bput(b, " ou ");
        for (int q = 0; q < n; q++)
            bput(b, "%s%s", q == 0 ? "" : q == n - 1 ? " ou " : ", ",
                 day_short[days[q]]);
        bput(b, " %s", half[h]);
    }
    if (!parts)
        bput(b, "aucune demi-journée");
}

/* "3 h", "2,5 h": hours with a decimal comma. */
static void hours(struct buf *b, double minutes)
{
    double h = minutes / 60.0;
    if (fabs(h - round(h)) < 0.05) {
        bput(b, "%.0f h", round(h));
        return;
    }
    char t[32];
    bput(b, "%s h", text_decimal_fr(t, h, 1));
}

static void skills_words(struct buf *b, const struct model *m, uint64_t sk)
{
    int n = 0, total = 0;
    for (size_t q = 0; q < m->n_skills; q++)
        if (sk & (1ull << q))
            total++;
    bput(b, "%s", total > 1 ? "les compétences " : "la compétence ");
    for (size_t q = 0; q < m->n_skills; q++)
        if (sk & (1ull << q)) {
            bput(b, "%s\"%s\"", n == 0 ? "" : n == total - 1 ? " et " : ", ",
                 m->skill_names[q]);
            n++;
        }
    if (!total)
        bput(b, "(aucune)");
}

/* ISO 8601 week number of the week starting on Monday mon. */
static int iso_week(int mon)
{
    int thu = mon + 3;
    struct model_date d = model_date_from_days(thu);
    int jan1 = model_date_to_days((struct model_date){d.year, 1, 1});
    return (thu - jan1) / 7 + 1;
}

static void lead(struct buf *b, const struct plan_inst *in,
                 const struct plan_req *rq, int planned)
{
    const struct model *m = in->m;
    const struct model_target *tg = &m->targets[rq->target];
    const struct model_service *sv = &m->services[tg->service];
    const char *per = "période";
    if (tg->period == PER_MONTH)
        per = "mois";
    else if (tg->period == PER_YEAR)
        per = "an";
    else {
        struct model_date a = model_date_from_days(in->first);
        struct model_date z = model_date_from_days(in->last + 1);
        if (a.day == 1 && (a.month - 1) % 3 == 0 && z.day == 1 &&
            (z.month - a.month + 12) % 12 == 3 && in->n_days < 93)
            per = "trimestre";
    }
    int want = tg->period == PER_YEAR ? tg->min_sessions
                                       : rq->required + rq->kept;
    bput(b, "%s \u2014 %d séance%s/%s", sv->name, want, want > 1 ? "s" : "",
         per);
    if (tg->scope == SCOPE_COMMUNE)
        bput(b, " à %s", m->communes[tg->commune].name);
    else if (tg->scope == SCOPE_SECTOR)
        bput(b, " dans le secteur %s", tg->where);
    else
        bput(b, " sur le territoire");
    if (tg->period == PER_MONTH) {
        struct model_date d = model_date_from_days(rq->first_day);
        bput(b, " en %02d/%04d", d.month, d.year);
    } else if (tg->period == PER_YEAR) {
        bput(b, " (%d sur cette période)", rq->required + rq->kept);
    }
    bput(b, " : non atteint (%d prévue%s) ; ", planned, planned > 1 ? "s" : "");
}

/* Used minutes per (staff, week) by the chosen plan. */
static double *week_use(struct plan_inst *in, const struct plan_choice *ch,
                        size_t n)
{
    const struct model *m = in->m;
    double *u = calloc(m->n_staff * (size_t)in->n_weeks + 1, sizeof *u);
    if (!u)
        return NULL;
    for (size_t q = 0; q < n; q++) {
        const struct plan_team *tm = &in->teams[ch[q].team];
        const struct plan_pattern *p = &in->pats[tm->pattern];
        int onsite = model_service_onsite_minutes(&m->services[p->service]);
        for (int k = 0; k < tm->n; k++) {
            int i = tm->staff[k];
            double rt = in->staff_site_min[(size_t)i * m->n_sites + (size_t)p->site];
            for (int d = 0; d < p->n_dates; d++)
                u[(size_t)i * (size_t)in->n_weeks +
                  (size_t)plan_week_of(in, p->dates[d])] += onsite + rt;
        }
    }
    return u;
}

/* What every cause below reads: the requirement, its target and
 * service, and the words for its scope ("à Golinhac"). */
struct why {
    struct buf *b;
    struct plan_inst *in;
    const struct model *m;
    const struct plan_req *rq;
    const struct model_target *tg;
    int s;
    const struct model_service *sv;
    char where[160];
};

/* Each cause writes its reason and returns true when it applies; the
 * first that applies is the reason (see the header comment). */

/* 1. No site in the scope, or the site filters one at a time. */
static bool no_site(struct why *w)
{
    const struct model *m = w->m;
    const struct model_service *sv = w->sv;
    int n_scope = 0, n_tags = 0, n_kind = 0, n_comm = 0;
    for (size_t k = 0; k < m->n_sites; k++) {
        if (!model_rule_in_scope(m, w->tg, (int)k))
            continue;
        n_scope++;
        /* model_rule_site names the first rule that excludes the site. */
        enum model_site_rule r = model_rule_site(sv, &m->sites[k]);
        n_tags += r != MODEL_SITE_TAGS;
        n_kind += r != MODEL_SITE_TAGS && r != MODEL_SITE_KIND;
        n_comm += r == MODEL_SITE_OK;
    }
    if (n_scope == 0) {
        bput(w->b, "aucun site n'est recensé %s", w->where);
    } else if (n_tags == 0) {
        bput(w->b, "aucun site %s n'a %s ", w->where,
             __builtin_popcountll(sv->site_tags) > 1 ? "les étiquettes"
                                                     : "l'étiquette");
        int q0 = 0;
        for (size_t q = 0; q < m->n_tags; q++)
            if (sv->site_tags & (1ull << q))
                bput(w->b, "%s\"%s\"", q0++ ? ", " : "", m->tag_names[q]);
        bput(w->b, " que le service demande");
    } else if (n_kind == 0) {
        bput(w->b, "aucun site %s n'est d'un type que le service accepte (",
             w->where);
        int q0 = 0;
        for (int k = 0; k < SITE_KIND_COUNT; k++)
            if (sv->site_kinds & (1u << k))
                bput(w->b, "%s%s", q0++ ? ", " : "",
                     model_site_kind_name((enum model_site_kind)k));
        bput(w->b, ")");
    } else if (n_comm == 0) {
        bput(w->b, "le service ne peut pas se tenir dans les communes des "
                   "sites %s", w->where);
    } else {
        return false;
    }
    return true;
}

/* The skills and, for a team by role, the roles: 'la compétence "HGI"
 * (équipe : 1 "EJE" + 1 "AUX", une personne par rôle)'. */
static void team_words(struct buf *b, const struct model *m,
                       const struct model_service *sv)
{
    skills_words(b, m, sv->skills);
    if (sv->n_roles == 0)
        return;
    bput(b, " (équipe : ");
    for (size_t r = 0; r < sv->n_roles; r++)
        for (size_t q = 0; q < m->n_skills; q++)
            if (sv->roles[r].skill == (1ull << q))
                bput(b, "%s%d \"%s\"", r ? " + " : "", sv->roles[r].count,
                     m->skill_names[q]);
    bput(b, ", une personne par rôle)");
}

/* 2a'. A role with fewer qualified holders working its half-days than
 * its count: the role is the binding cause, named alone. */
static bool no_role(struct why *w)
{
    const struct model *m = w->m;
    const struct model_service *sv = w->sv;
    for (size_t r = 0; r < sv->n_roles; r++) {
        int n = 0;
        for (size_t i = 0; i < m->n_staff; i++)
            n += model_rule_staff_qualified(sv, &m->staff[i]) &&
                 (m->staff[i].skills & sv->roles[r].skill) &&
                 (m->staff[i].halfdays & sv->halfdays);
        if (n >= sv->roles[r].count)
            continue;
        const char *name = "?";
        for (size_t q = 0; q < m->n_skills; q++)
            if (sv->roles[r].skill == (1ull << q))
                name = m->skill_names[q];
        bput(w->b, "le rôle \"%s\" demande %d personne%s ; %d seulement "
             "%s la compétence et travaille%s le ", name, sv->roles[r].count,
             sv->roles[r].count > 1 ? "s" : "", n, n > 1 ? "ont" : "a",
             n > 1 ? "nt" : "");
        halfdays_words(w->b, sv->halfdays);
        return true;
    }
    return false;
}

/* 2a. Not enough staff with the skills, or none working its half-days. */
static bool no_team(struct why *w)
{
    const struct model *m = w->m;
    const struct model_service *sv = w->sv;
    if (no_role(w))
        return true;
    int n_skill = 0, n_work = 0;
    for (size_t i = 0; i < m->n_staff; i++) {
        if (!model_rule_staff_qualified(sv, &m->staff[i]))
            continue;
        n_skill++;
        if (m->staff[i].halfdays & sv->halfdays)
            n_work++;
    }
    if (n_skill < (sv->staff_count > 0 ? sv->staff_count : 0)) {
        bput(w->b, "aucun agent ayant ");
        skills_words(w->b, m, sv->skills);
        if (n_skill > 0)
            bput(w->b, " au-delà de %d personne%s (une équipe en demande %d)",
                 n_skill, n_skill > 1 ? "s" : "", sv->staff_count);
        return true;
    }
    if (n_work < sv->staff_count) {
        bput(w->b, "aucun agent ayant ");
        skills_words(w->b, m, sv->skills);
        bput(w->b, " ne travaille le ");
        halfdays_words(w->b, sv->halfdays);
        return true;
    }
    return false;
}

/* 2b. No vehicle of the kind, or no licensed driver among the staff. */
static bool no_vehicle(struct why *w)
{
    const struct model *m = w->m;
    const struct model_service *sv = w->sv;
    if (!model_rule_needs_vehicle(sv))
        return false;
    int nv = 0;
    for (size_t j = 0; j < m->n_vehicles; j++)
        if (model_rule_vehicle_fits(sv, &m->vehicles[j]))
            nv++;
    if (nv == 0) {
        bput(w->b, "aucun véhicule du type \"%s\"", sv->vehicle_kind);
        return true;
    }
    int nl = 0;
    for (size_t i = 0; i < m->n_staff; i++)
        if (model_rule_staff_qualified(sv, &m->staff[i]) && m->staff[i].licence)
            nl++;
    if (nl > 0)
        return false;
    bput(w->b, "aucun agent ayant ");
    skills_words(w->b, m, sv->skills);
    bput(w->b, " n'a le permis pour le véhicule \"%s\"", sv->vehicle_kind);
    return true;
}

/* 2c. No start time on the grid fits a site of the scope that may host
 * the service, on any weekday; when a start off the grid would fit, the
 * grid is the cause (slot_step_minutes), said with the start and the
 * step that would reach it. */
static bool no_time(struct why *w)
{
    const struct model *m = w->m;
    const struct model_service *sv = w->sv;
    int off_grid = -1;
    for (size_t k = 0; k < m->n_sites; k++) {
        const struct model_site *st = &m->sites[k];
        if (!model_rule_in_scope(m, w->tg, (int)k) ||
            model_rule_site(sv, st) != MODEL_SITE_OK)
            continue;
        for (int wd = 0; wd < 7; wd++)
            if (plan_site_time_fits(w->in, w->s, (int)k, wd))
                return false;
        int t;
        if (model_rule_days_fitting(sv, st->open, st->n_open, &t) &&
            (off_grid < 0 || t < off_grid))
            off_grid = t;
    }
    bput(w->b, "aucune séance de %d min (plus %d min d'installation et %d min "
               "de rangement) ne tient dans les horaires d'ouverture des sites "
               "%s le ", sv->duration, sv->setup, sv->teardown, w->where);
    halfdays_words(w->b, sv->halfdays);
    bput(w->b, "%s", sv->n_windows ? " dans les horaires du service" : "");
    if (off_grid >= 0) {
        int step = model_rule_slot_step(m);
        bput(w->b, " avec un début sur la grille de %d minutes "
                   "(slot_step_minutes dans settings.csv) ; un début à "
                   "%02d:%02d conviendrait", step, off_grid / 60, off_grid % 60);
        int g = model_rule_step_allowing(off_grid, step);
        if (g)
            bput(w->b, " : slot_step_minutes %d le permettrait", g);
    }
    return true;
}

/* 2d. What keeps each qualified person (the first four) from a series. */
static void no_person(struct why *w)
{
    const struct model *m = w->m;
    const struct model_service *sv = w->sv;
    struct buf *b = w->b;
    bput(b, "aucun agent ayant ");
    team_words(b, m, sv);
    bput(b, " ne peut prendre une série %s (", w->where);
    int shown = 0;
    int onsite = model_service_onsite_minutes(sv);
    for (size_t i = 0; i < m->n_staff && shown < 4; i++) {
        const struct model_staff *st = &m->staff[i];
        if (!model_rule_staff_qualified(sv, st))
            continue;
        double best = INFINITY;
        for (size_t k = 0; k < m->n_sites; k++)
            if (model_rule_in_scope(m, w->tg, (int)k))
                best = fmin(best, plan_staff_round_trip(w->in, (int)i, (int)k));
        int maxd = model_rule_max_drive(m, st);
        bput(b, "%s%s : ", shown ? " ; " : "", st->name);
        if (!(st->halfdays & sv->halfdays)) {
            bput(b, "ne travaille pas ces demi-journées");
        } else if (best > maxd) {
            bput(b, "l'aller-retour prend %.0f min, au-delà de la limite "
                    "de conduite quotidienne de %d min", best, maxd);
        } else if (onsite + best > st->weekly_minutes) {
            bput(b, "une séance et son aller-retour (");
            hours(b, onsite + best);
            bput(b, ") dépassent les heures hebdomadaires (");
            hours(b, st->weekly_minutes);
            bput(b, ")");
        } else {
            bput(b, "en congé ou absent à une date de chaque série "
                    "possible");
        }
        shown++;
    }
    bput(b, ")");
}

/* Whether the service has a pattern in the scope, and the most dates
 * one has in the requirement's period. */
static bool patterns_in_scope(const struct why *w, int *best_dates)
{
    const struct plan_inst *in = w->in;
    bool any = false;
    *best_dates = 0;
    for (size_t g = 0; g < in->n_groups; g++) {
        const struct plan_group *gr = &in->groups[g];
        if (gr->service != w->s || !model_rule_in_scope(w->m, w->tg, gr->site))
            continue;
        any = true;
        for (size_t p = gr->first; p < gr->first + gr->count; p++) {
            int c = plan_pattern_count(&in->pats[p], w->rq->first_day,
                                       w->rq->last_day);
            if (c > *best_dates)
                *best_dates = c;
        }
    }
    return any;
}

/* 3. Closures, or one site that cannot hold enough dates. */
static bool few_dates(struct why *w, int best_dates)
{
    if (best_dates == 0) {
        bput(w->b, "les fermetures ne laissent aucune date dans la période");
        return true;
    }
    if (best_dates >= w->rq->required || w->tg->scope != SCOPE_COMMUNE)
        return false;
    /* One pattern per site: count the sites in the commune. */
    int sites = 0;
    for (size_t g = 0; g < w->in->n_groups; g++)
        if (w->in->groups[g].service == w->s &&
            model_rule_in_scope(w->m, w->tg, w->in->groups[g].site))
            sites++;
    if (sites != 1)
        return false;
    bput(w->b, "un seul site peut accueillir au plus %d dates dans la "
               "période (la cadence la plus serrée permise, après les "
               "fermetures)", best_dates);
    return true;
}

/* 4. The service already uses its maximum of sites elsewhere. */
static bool max_sites_used(struct why *w, const struct plan_choice *ch,
                           size_t n)
{
    const struct model_service *sv = w->sv;
    if (sv->max_sites <= 0)
        return false;
    int used = 0;
    bool in_scope_used = false;
    for (size_t q = 0; q < n; q++) {
        const struct plan_pattern *p =
            &w->in->pats[w->in->teams[ch[q].team].pattern];
        if (p->service == w->s) {
            used++;
            if (model_rule_in_scope(w->m, w->tg, p->site))
                in_scope_used = true;
        }
    }
    if (used < sv->max_sites || in_scope_used)
        return false;
    bput(w->b, "le service utilise déjà ailleurs son maximum de %d site%s",
         sv->max_sites, sv->max_sites > 1 ? "s" : "");
    return true;
}

/* 5. Capacity: the people who could run it are busy (hours used in
 * their busiest week of the period, the first four). */
static void busy_staff(struct why *w, const double *use)
{
    const struct model *m = w->m;
    const struct model_service *sv = w->sv;
    const struct plan_inst *in = w->in;
    struct buf *b = w->b;
    bput(b, "aucun agent ayant ");
    team_words(b, m, sv);
    bput(b, " n'est libre le ");
    halfdays_words(b, sv->halfdays);
    int shown = 0;
    for (size_t i = 0; i < m->n_staff && shown < 4 && use; i++) {
        const struct model_staff *st = &m->staff[i];
        if (!model_rule_staff_qualified(sv, st) || !(st->halfdays & sv->halfdays))
            continue;
        int wk = -1;
        double best = -1;
        for (int k = plan_week_of(in, w->rq->first_day);
             k <= plan_week_of(in, w->rq->last_day); k++) {
            double u = use[i * (size_t)in->n_weeks + (size_t)k];
            if (u > best + 1e-9) {
                best = u;
                wk = k;
            }
        }
        if (wk < 0)
            continue;
        bput(b, "%s%s : ", shown ? " ; " : " (", st->name);
        hours(b, best);
        bput(b, " sur ");
        hours(b, st->weekly_minutes);
        bput(b, " utilisées la semaine %d", iso_week(in->week0 + 7 * wk));
        shown++;
    }
    if (shown) {
        bput(b, " ; une séance prend ");
        hours(b, model_service_onsite_minutes(sv));
        bput(b, " sur place plus le trajet)");
    }
}

static void reason(struct buf *b, struct plan_inst *in,
                   const struct plan_req *rq, const struct plan_choice *ch,
                   size_t n, const double *use)
{
    struct why w = {b, in, in->m, rq, &in->m->targets[rq->target], 0, NULL,
                    ""};
    const struct model *m = in->m;
    w.s = w.tg->service;
    w.sv = &m->services[w.s];
    if (w.tg->scope == SCOPE_COMMUNE)
        snprintf(w.where, sizeof w.where, "à %s",
                 m->communes[w.tg->commune].name);
    else if (w.tg->scope == SCOPE_SECTOR)
        snprintf(w.where, sizeof w.where, "dans le secteur %s", w.tg->where);
    else
        snprintf(w.where, sizeof w.where, "sur le territoire");
    if (no_site(&w))
        return;
    int best_dates;
    if (!patterns_in_scope(&w, &best_dates)) {
        /* Nothing survived enumeration: say which filter. */
        if (!no_team(&w) && !no_vehicle(&w) && !no_time(&w))
            no_person(&w);
        return;
    }
    if (!few_dates(&w, best_dates) && !max_sites_used(&w, ch, n))
        busy_staff(&w, use);
}

enum status plan_explain(struct plan_inst *in, const struct plan_choice *ch,
                         size_t n, struct plan_result *r, struct diag *err)
{
    double *miss = calloc(in->n_reqs + 1, sizeof *miss);
    if (!miss)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    struct plan_parts parts;
    plan_parts_of(in, ch, n, &parts, miss);
    size_t cnt = 0;
    for (size_t q = 0; q < in->n_reqs; q++)
        if (miss[q] > 0.5)
            cnt++;
    r->n_unmet = 0;
    r->unmet = cnt ? calloc(cnt, sizeof *r->unmet) : NULL;
    double *use = cnt ? week_use(in, ch, n) : NULL;
    if ((cnt && !r->unmet) || (cnt && !use)) {
        free(miss);
        free(use);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    }
    for (size_t q = 0; q < in->n_reqs; q++) {
        if (miss[q] <= 0.5)
            continue;
        const struct plan_req *rq = &in->reqs[q];
        struct plan_unmet *u = &r->unmet[r->n_unmet++];
        u->target = rq->target;
        u->period_first = rq->first_day;
        u->period_last = rq->last_day;
        u->required = rq->required + rq->kept;
        u->planned = u->required - (int)lround(miss[q]);
        struct buf b = {u->message, sizeof u->message, 0};
        lead(&b, in, rq, u->planned);
        reason(&b, in, rq, ch, n, use);
    }
    free(use);
    free(miss);
    return STATUS_OK;
}
