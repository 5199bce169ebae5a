/* plan_patterns.c -- expand a model into the solver's instance: patterns
 * with their concrete dates, the teams and vehicles that may run them,
 * the requirements to count, the audience each site reaches.
 *
 * Design (docs/model.md has the full description).  A pattern is
 * (service, site, weekday, start, cadence, phase).  Everything the hard
 * rules of docs/rules.md say about one session on its own is settled
 * here, by construction, so the MIP never sees an infeasible session:
 *   R2  site tags, kinds and communes; allowed half-days and windows;
 *   R3  the site's opening hours (for the on-site interval);
 *   R4  closures: HOL_SKIP drops the date, HOL_MOVE moves it to the next
 *       open day of the same ISO week that fits the service and the site,
 *       else drops it; BUSY_SITE periods drop the date too;
 *   R5  teams: staff_count distinct staff with the skills, each role
 *       (services.csv roles) filled by its count, one licensed
 *       member when a vehicle is needed; vehicles of the kind;
 *   R6  staff working those half-days on every date and on no leave
 *       (a person on leave on one date of a series does not run that
 *       series: the team is the same for the whole series, the
 *       "régularité" DOMAIN.md §6 asks for);
 *   R8  the base round trip fits the daily driving limit.
 * What involves several sessions (R7, R8, R9, R10, R11) is left to rows
 * of the MIP (plan_glpk.c).
 *
 * Pruning, documented in docs/model.md: per (service, site, weekday) and
 * per set of half-days touched, only the max_starts start times closest
 * to a preferred time (09:30 morning, 14:00 afternoon, 10:00 for a
 * session over noon) are kept; patterns with the same dates and start
 * are kept once; at most PLAN_MAX_TEAMS teams per pattern when the team
 * has two people or more (nearest staff first); and beyond a budget of
 * columns (plan_params.max_columns), only the best by a static score
 * (plan_prune.c).
 */
#include "plan_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PLAN_MAX_TEAMS 64

long long plan_abs_minute(int day, int minute)
{
    return (long long)day * 1440 + minute;
}

double plan_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int plan_week_of(const struct plan_inst *in, int day)
{
    return (day - in->week0) / 7;
}

/* ------------------------------------------------------------------ */
/* Travel: model_rule_travel() (models/rules.c), with an index of       */
/* travel.csv by commune pair (model_rule_travel_row scans the list).   */
/* ------------------------------------------------------------------ */

static void travel(const struct plan_inst *in, int ca, double lat_a,
                   double lon_a, int cb, double lat_b, double lon_b,
                   double *km, double *min)
{
    const struct model *m = in->m;
    const struct model_travel *row = NULL;
    if (in->travel_idx && ca >= 0 && cb >= 0 && ca != cb) {
        int t = in->travel_idx[(size_t)ca * m->n_communes + (size_t)cb];
        row = t >= 0 ? &m->travel[t] : NULL;
    }
    model_rule_travel(m, row, lat_a, lon_a, lat_b, lon_b, km, min);
}

double plan_site_travel(struct plan_inst *in, int a, int b)
{
    if (a == b)
        return 0.0;
    size_t ix = (size_t)a * in->m->n_sites + (size_t)b;
    if (isnan(in->site_site_min[ix])) {
        const struct model_site *x = &in->m->sites[a], *y = &in->m->sites[b];
        double km, min;
        travel(in, x->commune, x->lat, x->lon, y->commune, y->lat, y->lon,
               &km, &min);
        in->site_site_min[ix] = min;
    }
    return in->site_site_min[ix];
}

/* ------------------------------------------------------------------ */
/* Closures and availability                                            */
/* ------------------------------------------------------------------ */

bool plan_closed_for(const struct plan_inst *in, int s, int day,
                     bool *movable)
{
    const struct model_service *sv = &in->m->services[s];
    bool closed = false, move = true;
    /* Without closure data public holidays are still known: they are
     * computed, not data (verify_plan does the same). */
    const char *pub = in->c ? cal_public_holiday(in->c, day)
                            : cal_public_holiday_name(day);
    if (sv->public_holidays != HOL_OPEN && pub) {
        closed = true;
        move = move && sv->public_holidays == HOL_MOVE;
    }
    if (sv->school_holidays != HOL_OPEN && cal_school_holiday(in->c, day)) {
        closed = true;
        move = move && sv->school_holidays == HOL_MOVE;
    }
    if (movable)
        *movable = closed && move;
    return closed;
}

static bool busy_overlaps(const struct plan_inst *in, enum model_busy_kind k,
                          int who, long long a, long long b)
{
    const size_t *off = in->busy_off[k];
    for (size_t q = off[who]; q < off[who + 1]; q++) {
        const struct model_busy *bz = &in->m->busy[in->busy_ord[q]];
        if (bz->start < b && a < bz->end)
            return true;
    }
    return false;
}

bool plan_staff_free(const struct plan_inst *in, int i, int s, int day,
                     int start)
{
    const struct model_staff *st = &in->m->staff[i];
    int a, b;
    model_rule_onsite(&in->m->services[s], start, &a, &b);
    if (!model_rule_halves_allowed(st->halfdays, model_date_weekday(day),
                                   model_rule_halves_of(a, b)))
        return false;
    return !busy_overlaps(in, BUSY_STAFF, i, plan_abs_minute(day, a),
                          plan_abs_minute(day, b));
}

bool plan_vehicle_free(const struct plan_inst *in, int j, int s, int day,
                       int start)
{
    const struct model_vehicle *v = &in->m->vehicles[j];
    int a, b;
    model_rule_onsite(&in->m->services[s], start, &a, &b);
    if (!model_rule_halves_allowed(v->halfdays, model_date_weekday(day),
                                   model_rule_halves_of(a, b)))
        return false;
    return !busy_overlaps(in, BUSY_VEHICLE, j, plan_abs_minute(day, a),
                          plan_abs_minute(day, b));
}

/* R2 (time part) and R3: does a session from start fit on weekday wd? */
static bool time_fits(const struct model_service *sv,
                      const struct model_site *st, int wd, int start)
{
    return model_rule_start_fits(sv, st->open, st->n_open, wd, start);
}

bool plan_site_time_fits(const struct plan_inst *in, int s, int k, int wd)
{
    const struct model_service *sv = &in->m->services[s];
    const struct model_site *st = &in->m->sites[k];
    int step = model_rule_slot_step(in->m);
    for (int t = 0; t + sv->duration <= 1440; t += step)
        if (time_fits(sv, st, wd, t))
            return true;
    return false;
}

double plan_staff_round_trip(const struct plan_inst *in, int i, int k)
{
    return in->staff_site_min[(size_t)i * in->m->n_sites + (size_t)k];
}

static bool site_busy(const struct plan_inst *in, int k, int s, int day,
                      int start)
{
    int a, b;
    model_rule_onsite(&in->m->services[s], start, &a, &b);
    return busy_overlaps(in, BUSY_SITE, k, plan_abs_minute(day, a),
                         plan_abs_minute(day, b));
}

/* ------------------------------------------------------------------ */
/* Dates of a cadence                                                   */
/* ------------------------------------------------------------------ */

static int days_in_month(int y, int mo)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[mo - 1];
}

/* Base dates (before closures) of weekday wd for a cadence and phase.
 * Returns the count written to out (room for n_days / 7 + 2 dates). */
static int base_dates(const struct plan_inst *in, int times, int wd,
                      unsigned cad, int phase, int *out)
{
    int d0 = in->first + ((wd - model_date_weekday(in->first)) % 7 + 7) % 7;
    int k = 0, n = 0;
    for (int d = d0; d <= in->last; d += 7)
        k++;
    switch (cad) {
    case CAD_WEEKLY:
        for (int i = 0; i < k; i++)
            out[n++] = d0 + 7 * i;
        break;
    case CAD_2W:
    case CAD_4W: {
        int per = cad == CAD_2W ? 2 : 4;
        for (int i = phase; i < k; i += per)
            out[n++] = d0 + 7 * i;
        break;
    }
    case CAD_MONTHLY:
        /* The (phase+1)-th weekday wd of each month: day of month in
         * [7 phase + 1, 7 phase + 7]. */
        for (int i = 0; i < k; i++) {
            int d = d0 + 7 * i;
            int dom = model_date_from_days(d).day;
            if ((dom - 1) / 7 == phase)
                out[n++] = d;
        }
        break;
    case CAD_TIMES:
        if (times <= 0)
            break;
        if (times >= k) {
            for (int i = 0; i < k; i++)
                out[n++] = d0 + 7 * i;
        } else {
            /* Evenly spread: the middle of each of times equal parts. */
            for (int j = 0; j < times; j++)
                out[n++] = d0 + 7 * (int)((j + 0.5) * k / times);
        }
        break;
    default:
        break;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Building                                                             */
/* ------------------------------------------------------------------ */

static enum status nomem(struct diag *err)
{
    return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
}

static bool grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 256;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*arr, nc * size);
    if (!p)
        return false;
    *arr = p;
    *cap = nc;
    return true;
}

void plan_inst_free(struct plan_inst *in)
{
    if (!in)
        return;
    for (size_t p = 0; p < in->n_pats; p++) {
        free(in->pats[p].dates);
        free(in->pats[p].vehicles);
    }
    free(in->pats);
    free(in->teams);
    free(in->groups);
    free(in->reqs);
    free(in->week_used);
    free(in->ref);
    free(in->pop);
    free(in->pop_total);
    free(in->eq_of);
    free(in->staff_site_min);
    free(in->staff_site_km);
    free(in->veh_site_km);
    free(in->site_site_min);
    free(in->site_base_min);
    if (in->near) {
        size_t n = in->m->n_services * in->m->n_sites;
        for (size_t q = 0; q < n; q++)
            free(in->near[q]);
    }
    free(in->near);
    free(in->n_near);
    free(in->busy_ord);
    for (int k = 0; k < 3; k++)
        free(in->busy_off[k]);
    free(in->travel_idx);
    free(in);
}

static enum status index_busy(struct plan_inst *in, struct diag *err)
{
    const struct model *m = in->m;
    size_t nwho[3] = {m->n_staff, m->n_sites, m->n_vehicles};
    in->busy_ord = malloc((m->n_busy + 1) * sizeof *in->busy_ord);
    if (!in->busy_ord)
        return nomem(err);
    for (int k = 0; k < 3; k++) {
        in->busy_off[k] = calloc(nwho[k] + 2, sizeof *in->busy_off[k]);
        if (!in->busy_off[k])
            return nomem(err);
    }
    /* Counting sort by (kind, who); out-of-range entries are ignored
     * (the loader validates them; we never index with them). */
    size_t pos = 0;
    for (int k = 0; k < 3; k++) {
        for (size_t w = 0; w < nwho[k]; w++) {
            in->busy_off[k][w] = pos;
            for (size_t q = 0; q < m->n_busy; q++)
                if ((int)m->busy[q].kind == k && m->busy[q].who == (int)w)
                    in->busy_ord[pos++] = q;
        }
        in->busy_off[k][nwho[k]] = pos;
    }
    return STATUS_OK;
}

static enum status index_travel(struct plan_inst *in, struct diag *err)
{
    const struct model *m = in->m;
    if (m->n_travel == 0 || m->n_communes == 0)
        return STATUS_OK;
    size_t nc = m->n_communes;
    in->travel_idx = malloc(nc * nc * sizeof *in->travel_idx);
    if (!in->travel_idx)
        return nomem(err);
    for (size_t q = 0; q < nc * nc; q++)
        in->travel_idx[q] = -1;
    /* First listed row wins, in both directions, as in
     * model_travel_between(). */
    for (size_t t = m->n_travel; t-- > 0;) {
        int a = m->travel[t].from_commune, b = m->travel[t].to_commune;
        if (a < 0 || b < 0 || (size_t)a >= nc || (size_t)b >= nc)
            continue;
        in->travel_idx[(size_t)a * nc + (size_t)b] = (int)t;
        in->travel_idx[(size_t)b * nc + (size_t)a] = (int)t;
    }
    return STATUS_OK;
}

/* Validates what GLPK and our arrays would trip on. */
static enum status check_model(const struct model *m, int first, int last,
                               struct diag *err)
{
    if (last < first)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                        "the horizon ends before it starts");
    if (last - first > 400)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                        "a horizon of %d days is too long to plan at once: "
                        "plan a quarter (about 91 days) at a time",
                        last - first + 1);
    for (size_t s = 0; s < m->n_services; s++) {
        const struct model_service *sv = &m->services[s];
        if (sv->duration <= 0 || sv->setup < 0 || sv->teardown < 0 ||
            sv->setup + sv->duration + sv->teardown > 1440)
            return diag_set(err, STATUS_INVALID, "services.csv", sv->line, 0,
                            "duration",
                            "service %s: duration %d, setup %d and teardown "
                            "%d do not fit in a day", sv->id, sv->duration,
                            sv->setup, sv->teardown);
        if (sv->staff_count < 0 || sv->staff_count > MODEL_MAX_TEAM)
            return diag_set(err, STATUS_INVALID, "services.csv", sv->line, 0,
                            "staff_count",
                            "service %s: team of %d people; expected 0 to %d",
                            sv->id, sv->staff_count, MODEL_MAX_TEAM);
    }
    for (size_t k = 0; k < m->n_sites; k++)
        if (m->sites[k].commune < 0 ||
            (size_t)m->sites[k].commune >= m->n_communes)
            return diag_set(err, STATUS_INVALID, "sites.csv",
                            m->sites[k].line, 0, "commune",
                            "site %s has no commune of the territory",
                            m->sites[k].id);
    for (size_t t = 0; t < m->n_targets; t++) {
        const struct model_target *tg = &m->targets[t];
        if (tg->service < 0 || (size_t)tg->service >= m->n_services)
            return diag_set(err, STATUS_INVALID, "targets.csv", tg->line, 0,
                            "service", "target without a known service");
        if (tg->scope == SCOPE_COMMUNE &&
            (tg->commune < 0 || (size_t)tg->commune >= m->n_communes))
            return diag_set(err, STATUS_INVALID, "targets.csv", tg->line, 0,
                            "where", "target for an unknown commune");
    }
    return STATUS_OK;
}

/* Start times kept for (service, site, weekday): per set of half-days
 * touched, the max_starts feasible starts closest to a preferred time. */
static int pick_starts(const struct plan_inst *in,
                       const struct model_service *sv,
                       const struct model_site *st, int wd, int *out)
{
    int step = model_rule_slot_step(in->m);
    int n = 0;
    static const int pref[4] = {0, 9 * 60 + 30, 14 * 60, 10 * 60};
    for (unsigned h = 1; h <= 3; h++) {
        int best[16];
        int nb = 0;
        int lim = in->max_starts < 16 ? in->max_starts : 16;
        for (int t = 0; t + sv->duration <= 1440; t += step) {
            int a, b;
            model_rule_onsite(sv, t, &a, &b);
            if (a < 0 || b > 1440 || model_rule_halves_of(a, b) != h)
                continue;
            if (!time_fits(sv, st, wd, t))
                continue;
            /* Insert by distance to the preferred time (earlier first on
             * ties): a small sorted array. */
            int dist = abs(t - pref[h]);
            int pos = nb;
            while (pos > 0) {
                int dp = abs(best[pos - 1] - pref[h]);
                if (dp < dist || (dp == dist && best[pos - 1] < t))
                    break;
                pos--;
            }
            if (pos >= lim)
                continue;
            if (nb < lim)
                nb++;
            for (int q = nb - 1; q > pos; q--)
                best[q] = best[q - 1];
            best[pos] = t;
        }
        for (int q = 0; q < nb; q++)
            out[n++] = best[q];
    }
    return n;
}

/* Applies closures and room bookings to base dates; returns the count. */
static int apply_closures(const struct plan_inst *in, int s, int k,
                          int start, const int *base, int nb, int *out,
                          int *moved, int *dropped)
{
    const struct model_service *sv = &in->m->services[s];
    const struct model_site *st = &in->m->sites[k];
    int n = 0;
    *moved = *dropped = 0;
    for (int q = 0; q < nb; q++) {
        int d = base[q];
        bool movable;
        if (d < in->free_from)
            continue;   /* the frozen past: the previous plan's */
        if (site_busy(in, k, s, d, start)) {
            (*dropped)++;
            continue;
        }
        if (!plan_closed_for(in, s, d, &movable)) {
            out[n++] = d;
            continue;
        }
        int nd = -1;
        if (movable) {
            int sunday = d + (6 - model_date_weekday(d));
            for (int e = d + 1; e <= sunday && e <= in->last; e++) {
                if (plan_closed_for(in, s, e, NULL))
                    continue;
                if (!time_fits(sv, st, model_date_weekday(e), start))
                    continue;
                if (site_busy(in, k, s, e, start))
                    continue;
                nd = e;
                break;
            }
        }
        if (nd >= 0) {
            out[n++] = nd;
            (*moved)++;
        } else {
            (*dropped)++;
        }
    }
    return n;
}

static bool same_dates(const struct plan_pattern *p, int start,
                       const int *d, int n)
{
    return p->start == start && p->n_dates == n &&
           !memcmp(p->dates, d, (size_t)n * sizeof *d);
}

static double staff_rt(const struct plan_inst *in, int i, int k)
{
    return in->staff_site_min[(size_t)i * in->m->n_sites + (size_t)k];
}

/* Eligible staff of a pattern, nearest first (ties by index). */
static int eligible_staff(struct plan_inst *in, const struct plan_pattern *p,
                          int *out)
{
    const struct model *m = in->m;
    const struct model_service *sv = &m->services[p->service];
    int n = 0;
    int onsite_min = model_service_onsite_minutes(sv);
    for (size_t i = 0; i < m->n_staff; i++) {
        const struct model_staff *st = &m->staff[i];
        if (!model_rule_staff_qualified(sv, st))
            continue;
        double rt = staff_rt(in, (int)i, p->site);
        int maxd = model_rule_max_drive(m, st);
        if (rt > maxd || onsite_min + rt > st->weekly_minutes)
            continue;
        bool ok = true;
        for (int q = 0; q < p->n_dates && ok; q++)
            ok = plan_staff_free(in, (int)i, p->service, p->dates[q], p->start);
        if (!ok)
            continue;
        int pos = n;
        while (pos > 0 && staff_rt(in, out[pos - 1], p->site) > rt)
            pos--;
        for (int q = n; q > pos; q--)
            out[q] = out[q - 1];
        out[pos] = (int)i;
        n++;
    }
    return n;
}

/* Adds the teams (combinations of k of the eligible staff, in order,
 * with a licensed member when a vehicle is needed) of pattern pi. */
static enum status add_teams(struct plan_inst *in, size_t pi, const int *el,
                             int ne, struct diag *err)
{
    const struct model *m = in->m;
    struct plan_pattern *p = &in->pats[pi];
    const struct model_service *sv = &m->services[p->service];
    int k = sv->staff_count;
    bool need_driver = model_rule_needs_vehicle(sv);
    p->team_first = in->n_teams;
    p->n_teams = 0;
    if (k > ne)
        return STATUS_OK;
    int idx[MODEL_MAX_TEAM];
    for (int q = 0; q < k; q++)
        idx[q] = q;
    size_t cap = k <= 1 ? (size_t)ne + 1 : PLAN_MAX_TEAMS;
    for (;;) {
        bool driver = !need_driver;
        double drive = 0;
        for (int q = 0; q < k; q++) {
            if (m->staff[el[idx[q]]].licence)
                driver = true;
            drive += staff_rt(in, el[idx[q]], p->site);
        }
        int members[MODEL_MAX_TEAM];
        for (int q = 0; q < k; q++)
            members[q] = el[idx[q]];
        /* R5: one person a role, every role its count. */
        if (driver && model_rule_team_roles(m, sv, members, k)) {
            if (!grow((void **)&in->teams, &in->cap_teams, in->n_teams + 1,
                      sizeof *in->teams))
                return nomem(err);
            struct plan_team *t = &in->teams[in->n_teams++];
            memset(t, 0, sizeof *t);
            t->pattern = pi;
            t->n = k;
            for (int q = 0; q < k; q++)
                t->staff[q] = el[idx[q]];
            t->drive_min = drive;
            t->cost = plan_team_cost(in, p->n_dates, drive);
            if (++p->n_teams >= cap)
                break;
        }
        /* Next combination in lexicographic order. */
        int q = k - 1;
        while (q >= 0 && idx[q] == ne - k + q)
            q--;
        if (q < 0)
            break;
        idx[q]++;
        for (int r = q + 1; r < k; r++)
            idx[r] = idx[r - 1] + 1;
    }
    return STATUS_OK;
}

/* Scratch arrays of the pattern builder: base dates and dates of a
 * series (room for n_days / 7 + 3), eligible staff (n_staff + 1). */
struct scratch {
    int *base, *dates, *el;
};

/* Appends the series of dates[0..nd) from start as a pattern of group
 * (s, k), unless a pattern of the group already has those dates and that
 * start. */
static enum status add_pattern(struct plan_inst *in, int s, int k, int wd,
                               int start, unsigned cad, int ph,
                               const int *dates, int nd, int mv, int dr,
                               size_t gfirst, struct diag *err)
{
    const struct model_service *sv = &in->m->services[s];
    for (size_t q = gfirst; q < in->n_pats; q++)
        if (same_dates(&in->pats[q], start, dates, nd))
            return STATUS_OK;
    if (!grow((void **)&in->pats, &in->cap_pats, in->n_pats + 1,
              sizeof *in->pats))
        return nomem(err);
    struct plan_pattern *p = &in->pats[in->n_pats];
    memset(p, 0, sizeof *p);
    p->service = s;
    p->site = k;
    p->weekday = wd;
    p->start = start;
    p->cadence = cad;
    p->phase = ph;
    p->n_moved = mv;
    p->n_dropped = dr;
    int a, b;
    model_rule_onsite(sv, start, &a, &b);
    p->halves = model_rule_halves_of(a, b);
    p->dates = malloc((size_t)nd * sizeof *p->dates);
    if (!p->dates)
        return nomem(err);
    memcpy(p->dates, dates, (size_t)nd * sizeof *dates);
    p->n_dates = nd;
    in->n_pats++;
    if (nd > in->ref[s])
        in->ref[s] = nd;
    return STATUS_OK;
}

/* Every series of service s at site k: weekdays, the starts kept, the
 * cadences allowed and their phases, after closures. */
static enum status enumerate_group(struct plan_inst *in, int s, int k,
                                   struct scratch *x, struct diag *err)
{
    static const unsigned cads[5] = {CAD_WEEKLY, CAD_2W, CAD_4W, CAD_MONTHLY,
                                     CAD_TIMES};
    static const int phases[5] = {1, 2, 4, 4, 1};
    const struct model_service *sv = &in->m->services[s];
    const struct model_site *site = &in->m->sites[k];
    size_t gfirst = in->n_pats;
    enum status st = STATUS_OK;
    for (int wd = 0; wd < 7 && st == STATUS_OK; wd++) {
        int starts[48];
        int ns = pick_starts(in, sv, site, wd, starts);
        for (int si = 0; si < ns && st == STATUS_OK; si++)
            for (int ci = 0; ci < 5 && st == STATUS_OK; ci++) {
                if (!(sv->cadences & cads[ci]))
                    continue;
                for (int ph = 0; ph < phases[ci] && st == STATUS_OK; ph++) {
                    int nb = base_dates(in, sv->times, wd, cads[ci], ph,
                                        x->base);
                    int mv, dr;
                    int nd = apply_closures(in, s, k, starts[si], x->base, nb,
                                            x->dates, &mv, &dr);
                    if (nd > 0)
                        st = add_pattern(in, s, k, wd, starts[si], cads[ci],
                                         ph, x->dates, nd, mv, dr, gfirst,
                                         err);
                }
            }
    }
    return st;
}

/* The vehicles of the service's kind free on every date of p. */
static enum status pattern_vehicles(struct plan_inst *in,
                                    struct plan_pattern *p, struct diag *err)
{
    const struct model *m = in->m;
    const struct model_service *sv = &m->services[p->service];
    p->vehicles = malloc((m->n_vehicles + 1) * sizeof(int));
    if (!p->vehicles)
        return nomem(err);
    int nv = 0;
    for (size_t j = 0; j < m->n_vehicles; j++) {
        if (!model_rule_vehicle_fits(sv, &m->vehicles[j]))
            continue;
        bool ok = true;
        for (int d = 0; d < p->n_dates && ok; d++)
            ok = plan_vehicle_free(in, (int)j, p->service, p->dates[d],
                                   p->start);
        if (ok)
            p->vehicles[nv++] = (int)j;
    }
    p->n_vehicles = nv;
    return STATUS_OK;
}

/* Frees the patterns [from, n_pats) and keeps the first n: the arrays
 * stay consistent for plan_inst_free() after a failure. */
static void drop_patterns(struct plan_inst *in, size_t from, size_t n)
{
    for (size_t q = from; q < in->n_pats; q++) {
        free(in->pats[q].dates);
        free(in->pats[q].vehicles);
    }
    in->n_pats = n;
}

/* Teams and vehicles of the patterns [gfirst, n_pats); a pattern nobody
 * can run is dropped and the others moved down, keeping their order.
 * Then in->n_pats is one past the last pattern kept. */
static enum status staff_group(struct plan_inst *in, size_t gfirst,
                               struct scratch *x, struct diag *err)
{
    size_t keep = gfirst;
    for (size_t q = gfirst; q < in->n_pats; q++) {
        struct plan_pattern *p = &in->pats[q];
        int ne = eligible_staff(in, p, x->el);
        bool need_vehicle =
            model_rule_needs_vehicle(&in->m->services[p->service]);
        enum status st = STATUS_OK;
        if (need_vehicle)
            st = pattern_vehicles(in, p, err);
        size_t tbefore = in->n_teams;
        if (st == STATUS_OK && (!need_vehicle || p->n_vehicles > 0))
            st = add_teams(in, q, x->el, ne, err);
        if (st != STATUS_OK) {
            /* [keep, q) were dropped or moved down: owned elsewhere. */
            drop_patterns(in, q, keep);
            return st;
        }
        if (p->n_teams == 0) {
            in->n_teams = tbefore;
            free(p->dates);
            free(p->vehicles);
            continue;
        }
        if (keep != q) {
            in->pats[keep] = *p;
            for (size_t t = p->team_first; t < p->team_first + p->n_teams; t++)
                in->teams[t].pattern = keep;
        }
        keep++;
    }
    in->n_pats = keep;
    return STATUS_OK;
}

/* The patterns of one (service, site) pair, their teams and vehicles,
 * and its group when a pattern is left. */
static enum status build_group(struct plan_inst *in, int s, int k,
                               struct scratch *x, struct diag *err)
{
    size_t gfirst = in->n_pats;
    enum status st = enumerate_group(in, s, k, x, err);
    if (st != STATUS_OK) {
        drop_patterns(in, gfirst, gfirst);
        return st;
    }
    st = staff_group(in, gfirst, x, err);
    if (st != STATUS_OK || in->n_pats == gfirst)
        return st;
    if (!grow((void **)&in->groups, &in->cap_groups, in->n_groups + 1,
              sizeof *in->groups))
        return nomem(err);
    struct plan_group *g = &in->groups[in->n_groups++];
    g->service = s;
    g->site = k;
    g->first = gfirst;
    g->count = in->n_pats - gfirst;
    assert(g->count > 0 && g->first + g->count == in->n_pats);
    return STATUS_OK;
}

static enum status build_patterns(struct plan_inst *in, struct diag *err)
{
    const struct model *m = in->m;
    int maxb = in->n_days / 7 + 3;
    struct scratch x = {malloc((size_t)maxb * sizeof(int)),
                        malloc((size_t)maxb * sizeof(int)),
                        malloc((m->n_staff + 1) * sizeof(int))};
    enum status st = x.base && x.dates && x.el ? STATUS_OK : nomem(err);
    for (size_t s = 0; s < m->n_services && st == STATUS_OK; s++)
        for (size_t k = 0; k < m->n_sites && st == STATUS_OK; k++) {
            if (model_rule_site(&m->services[s], &m->sites[k]) != MODEL_SITE_OK)
                continue;
            /* The time limit holds here too: the instance keeps the
             * groups built so far (a group is a few microseconds to a
             * millisecond). */
            if (in->deadline >= 0 && plan_now_seconds() > in->deadline) {
                in->cut_short = true;
                goto out;
            }
            st = build_group(in, (int)s, (int)k, &x, err);
        }
out:
    free(x.base);
    free(x.dates);
    free(x.el);
    return st;
}

static enum status build_reqs(struct plan_inst *in, struct diag *err)
{
    const struct model *m = in->m;
    size_t cap = 0;
    for (size_t t = 0; t < m->n_targets; t++) {
        const struct model_target *tg = &m->targets[t];
        if (tg->min_sessions <= 0)
            continue;
        struct plan_req r[40];
        int nr = 0;
        if (tg->period == PER_MONTH) {
            struct model_date a = model_date_from_days(in->first);
            int y = a.year, mo = a.month;
            for (;;) {
                int m1 = model_date_to_days((struct model_date){y, mo, 1});
                if (m1 > in->last || nr >= 40)
                    break;
                int len = days_in_month(y, mo);
                int lo = m1 > in->first ? m1 : in->first;
                int hi = m1 + len - 1 < in->last ? m1 + len - 1 : in->last;
                if (2 * (hi - lo + 1) >= len)
                    r[nr++] = (struct plan_req){(int)t, lo, hi,
                                                tg->min_sessions};
                if (++mo > 12) {
                    mo = 1;
                    y++;
                }
            }
        } else if (tg->period == PER_YEAR) {
            long long need = ((long long)tg->min_sessions * in->n_days + 364) / 365;
            r[nr++] = (struct plan_req){(int)t, in->first, in->last, (int)need};
        } else {
            r[nr++] = (struct plan_req){(int)t, in->first, in->last,
                                        tg->min_sessions};
        }
        if (!grow((void **)&in->reqs, &cap, in->n_reqs + (size_t)nr,
                  sizeof *in->reqs))
            return nomem(err);
        for (int q = 0; q < nr; q++)
            in->reqs[in->n_reqs++] = r[q];
    }
    return STATUS_OK;
}

/* The frozen past counts toward the targets: each requirement asks
 * only for what its kept sessions do not already give. */
static void count_kept(struct plan_inst *in)
{
    const struct model_plan *k = in->kept;
    for (size_t r = 0; k && r < in->n_reqs; r++) {
        struct plan_req *rq = &in->reqs[r];
        const struct model_target *tg = &in->m->targets[rq->target];
        for (size_t i = 0; i < k->n_sessions; i++) {
            const struct model_session *x = &k->sessions[i];
            if (x->status == SESSION_CONFIRMED && x->service == tg->service &&
                x->day >= rq->first_day && x->day <= rq->last_day &&
                model_rule_in_scope(in->m, tg, x->site))
                rq->kept++;
        }
        rq->required = rq->kept < rq->required ? rq->required - rq->kept : 0;
    }
}

/* The weekly minutes the frozen past takes, counted as the SW rows count
 * a session: on-site time plus the base round trip. */
static enum status build_week_used(struct plan_inst *in, struct diag *err)
{
    const struct model_plan *k = in->kept;
    if (!k)
        return STATUS_OK;
    size_t nw = (size_t)in->n_weeks, nk = in->m->n_sites;
    in->week_used = calloc(in->m->n_staff * nw + 1, sizeof *in->week_used);
    if (!in->week_used)
        return nomem(err);
    for (size_t i = 0; i < k->n_sessions; i++) {
        const struct model_session *x = &k->sessions[i];
        if (x->status != SESSION_CONFIRMED || x->day < in->first ||
            x->day > in->last)
            continue;
        int w = plan_week_of(in, x->day);
        int onsite = model_service_onsite_minutes(&in->m->services[x->service]);
        for (int q = 0; q < x->n_staff; q++) {
            size_t who = (size_t)x->staff[q];
            in->week_used[who * nw + (size_t)w] +=
                onsite + in->staff_site_min[who * nk + (size_t)x->site];
        }
    }
    return STATUS_OK;
}

double plan_week_limit(const struct plan_inst *in, int i, int w)
{
    double lim = in->m->staff[i].weekly_minutes;
    if (!in->week_used)
        return lim;
    double left = lim - in->week_used[(size_t)i * (size_t)in->n_weeks + (size_t)w];
    return left > 0 ? left : 0;
}

static enum status build_reach(struct plan_inst *in, struct diag *err)
{
    const struct model *m = in->m;
    size_t ns = m->n_services, nk = m->n_sites, nc = m->n_communes;
    in->pop = calloc(ns * nc + 1, sizeof *in->pop);
    in->pop_total = calloc(ns + 1, sizeof *in->pop_total);
    in->near = calloc(ns * nk + 1, sizeof *in->near);
    in->n_near = calloc(ns * nk + 1, sizeof *in->n_near);
    in->eq_of = calloc(nc + 1, sizeof *in->eq_of);
    if (!in->pop || !in->pop_total || !in->near || !in->n_near || !in->eq_of)
        return nomem(err);
    for (size_t s = 0; s < ns; s++)
        for (size_t c = 0; c < nc; c++) {
            in->pop[s * nc + c] = model_rule_audience(m, (int)s, (int)c);
            in->pop_total[s] += in->pop[s * nc + c];
        }
    /* Which communes a site reaches, only for groups that exist. */
    for (size_t g = 0; g < in->n_groups; g++) {
        int s = in->groups[g].service, k = in->groups[g].site;
        const struct model_site *st = &m->sites[k];
        const struct model_service *sv = &m->services[s];
        int *list = malloc((nc + 1) * sizeof *list);
        if (!list)
            return nomem(err);
        int n = 0;
        for (size_t c = 0; c < nc; c++) {
            double km = 0, min = 0;
            if ((int)c != st->commune)
                travel(in, st->commune, st->lat, st->lon, (int)c,
                       m->communes[c].lat, m->communes[c].lon, &km, &min);
            if (model_rule_serves(sv, st->commune, (int)c, min))
                list[n++] = (int)c;
        }
        in->near[(size_t)s * nk + (size_t)k] = list;
        in->n_near[(size_t)s * nk + (size_t)k] = n;
    }
    if (m->n_sectors >= 2) {
        in->n_eq = (int)m->n_sectors;
        for (size_t c = 0; c < nc; c++)
            in->eq_of[c] = m->communes[c].sector[0]
                               ? model_find_sector(m, m->communes[c].sector)
                               : -1;
    } else {
        in->n_eq = (int)nc;
        for (size_t c = 0; c < nc; c++)
            in->eq_of[c] = (int)c;
    }
    return STATUS_OK;
}

static enum status build_travel(struct plan_inst *in, struct diag *err)
{
    const struct model *m = in->m;
    size_t ni = m->n_staff, nk = m->n_sites, nv = m->n_vehicles;
    in->staff_site_min = malloc((ni * nk + 1) * sizeof(double));
    in->staff_site_km = malloc((ni * nk + 1) * sizeof(double));
    in->site_base_min = malloc((ni * nk + 1) * sizeof(double));
    in->veh_site_km = malloc((nv * nk + 1) * sizeof(double));
    in->site_site_min = malloc((nk * nk + 1) * sizeof(double));
    if (!in->staff_site_min || !in->staff_site_km || !in->site_base_min ||
        !in->veh_site_km || !in->site_site_min)
        return nomem(err);
    for (size_t q = 0; q < nk * nk; q++)
        in->site_site_min[q] = NAN;
    for (size_t i = 0; i < ni; i++) {
        const struct model_staff *st = &m->staff[i];
        for (size_t k = 0; k < nk; k++) {
            const struct model_site *x = &m->sites[k];
            double km1, min1, km2, min2;
            travel(in, st->base_commune, st->base_lat, st->base_lon,
                   x->commune, x->lat, x->lon, &km1, &min1);
            travel(in, x->commune, x->lat, x->lon, st->base_commune,
                   st->base_lat, st->base_lon, &km2, &min2);
            in->staff_site_min[i * nk + k] = min1 + min2;
            in->staff_site_km[i * nk + k] = km1 + km2;
            in->site_base_min[i * nk + k] = min2;
        }
    }
    for (size_t j = 0; j < nv; j++) {
        const struct model_vehicle *v = &m->vehicles[j];
        for (size_t k = 0; k < nk; k++) {
            const struct model_site *x = &m->sites[k];
            double km1, min1, km2, min2;
            travel(in, v->base_commune, v->base_lat, v->base_lon, x->commune,
                   x->lat, x->lon, &km1, &min1);
            travel(in, x->commune, x->lat, x->lon, v->base_commune,
                   v->base_lat, v->base_lon, &km2, &min2);
            in->veh_site_km[j * nk + k] = km1 + km2;
        }
    }
    return STATUS_OK;
}

enum status plan_inst_build(const struct model *m,
                            const struct cal_closures *c, int first_day,
                            int last_day, int max_starts, double deadline,
                            const struct model_plan *kept,
                            struct plan_inst **out, struct diag *err)
{
    *out = NULL;
    enum status st = check_model(m, first_day, last_day, err);
    if (st != STATUS_OK)
        return st;
    struct plan_inst *in = calloc(1, sizeof *in);
    if (!in)
        return nomem(err);
    in->m = m;
    in->c = c;
    in->first = first_day;
    in->last = last_day;
    in->n_days = last_day - first_day + 1;
    in->week0 = first_day - model_date_weekday(first_day);
    in->n_weeks = (last_day - in->week0) / 7 + 1;
    in->max_starts = max_starts > 0 ? max_starts : 1;
    in->deadline = deadline;
    in->kept = kept;
    /* The first day that is not the frozen past (last_day + 1: none). */
    in->free_from = first_day;
    while (kept && in->free_from <= last_day &&
           model_rule_frozen(in->free_from, kept->frozen_through))
        in->free_from++;
    in->ref = calloc(m->n_services + 1, sizeof *in->ref);
    if (!in->ref)
        st = nomem(err);
    if (st == STATUS_OK)
        st = index_busy(in, err);
    if (st == STATUS_OK)
        st = index_travel(in, err);
    if (st == STATUS_OK)
        st = build_travel(in, err);
    if (st == STATUS_OK)
        st = build_week_used(in, err);
    if (st == STATUS_OK)
        st = build_patterns(in, err);
    if (st == STATUS_OK)
        st = build_reqs(in, err);
    if (st == STATUS_OK)
        count_kept(in);
    if (st == STATUS_OK)
        st = build_reach(in, err);
    for (size_t p = 0; st == STATUS_OK && p < in->n_pats; p++) {
        struct plan_pattern *pt = &in->pats[p];
        pt->freq = in->ref[pt->service] > 0
                       ? pt->n_dates / in->ref[pt->service] : 0.0;
    }
    if (st != STATUS_OK) {
        plan_inst_free(in);
        return st;
    }
    *out = in;
    return STATUS_OK;
}

int plan_pattern_count(const struct plan_pattern *p, int first, int last)
{
    int n = 0;
    for (int q = 0; q < p->n_dates; q++)
        if (p->dates[q] >= first && p->dates[q] <= last)
            n++;
    return n;
}

bool plan_pattern_in_scope(const struct plan_inst *in,
                           const struct plan_pattern *p, int target)
{
    const struct model_target *tg = &in->m->targets[target];
    return tg->service == p->service &&
           model_rule_in_scope(in->m, tg, p->site);
}

/* When a pattern's on-site time (set-up .. pack-up) ends and starts. */
int plan_onsite_end(const struct plan_inst *in, const struct plan_pattern *p)
{
    const struct model_service *sv = &in->m->services[p->service];
    return p->start + sv->duration + sv->teardown;
}

int plan_onsite_start(const struct plan_inst *in, const struct plan_pattern *p)
{
    return p->start - in->m->services[p->service].setup;
}

/* Whether staff i (or a vehicle when i < 0) can do morning pattern a then
 * afternoon pattern b on one day: the MIP's pair exclusions and the greedy
 * heuristic use this one rule, so the heuristic never offers GLPK a plan
 * the model would refuse. */
bool plan_pair_compatible(struct plan_inst *in, int i, const struct plan_pattern *a,
                          const struct plan_pattern *b)
{
    double tr = plan_site_travel(in, a->site, b->site);
    if (plan_onsite_end(in, a) + tr > plan_onsite_start(in, b))
        return false;
    if (i >= 0 && a->site != b->site) {
        size_t nk = in->m->n_sites;
        double a_base = in->site_base_min[(size_t)i * nk + (size_t)a->site];
        double base_b = in->staff_site_min[(size_t)i * nk + (size_t)b->site] -
                        in->site_base_min[(size_t)i * nk + (size_t)b->site];
        if (tr > a_base + base_b + 1e-9)
            return false;
    }
    return true;
}
