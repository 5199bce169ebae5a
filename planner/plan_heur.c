/* plan_heur.c -- a fast greedy plan, GLPK's starting solution.
 *
 * Lazy greedy (Minoux): every column (pattern, team) gets the objective
 * gain it would bring -- sessions it adds to unmet targets times the
 * penalty, the access and equity it adds, minus its cost with the
 * cheapest free vehicle -- and sits in a max-heap.  We pop the best,
 * recompute its gain against the plan built so far, and take it when it
 * is still at least the next one's (gains only shrink as the plan fills:
 * access is capped at 1 per commune, a target needs only so many
 * sessions), else push it back with the new gain.  Targets come first
 * without a special phase because the penalty per missing session
 * dominates every other term at the default weights.
 *
 * With LP values (plan_glpk.c calls it from GLPK's GLP_IHEUR callback
 * with the current node's relaxation), a first pass takes the columns in
 * decreasing LP value, then the lazy greedy completes the plan: an LP
 * diving-and-repair heuristic, which finds much better plans than the
 * greedy alone on territories where staff hours are tight.
 *
 * A local search then improves the plan (improve(), below): drop one
 * column or swap it for another of its site, refill greedily, keep what
 * grows the objective; its budget counts gain evaluations, not seconds.
 *
 * Feasibility mirrors the MIP's rows exactly (plan_glpk.c): one session
 * per staff member, vehicle and room per half-day; a morning and an
 * afternoon session are chained only when reachable in time and not
 * longer than two round trips; daily driving and weekly hours counted
 * with base round trips.  plan_glpk.c checks the result against every
 * row anyway before offering it.
 */
#include "plan_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct state {
    struct plan_inst *in;
    /* Occupant pattern + 1 (0 = free) per (staff, day, half). */
    int *staff_half;
    double *staff_drive;   /* per (staff, day) */
    double *staff_week;    /* per (staff, week) */
    int *veh_half;         /* per (vehicle, day, half) */
    unsigned char *room;   /* per (site, day, half) */
    unsigned char *group_used;
    int *service_sites;
    int *req_count;
    double *fsum;          /* per (service, commune) */
    double *eq_share;      /* per (service, equity group) */
    double *eq_tot;        /* per (service, equity group) */
    int *group_of;         /* per pattern */
    double *delta;         /* gain()'s scratch, per equity group */
    long long work;        /* gain() evaluations so far: the local
                              search's budget counts these, not seconds,
                              so that a plan does not depend on the
                              machine's speed */
    double deadline;       /* plan_now_seconds() value, < 0: none; past
                              it the search stops with the plan it has
                              (only the time limit makes a plan depend on
                              the machine) */
    bool stopped;          /* the deadline passed */
};

static size_t sh_ix(const struct plan_inst *in, int i, int day, int h)
{
    return ((size_t)i * (size_t)in->n_days + (size_t)(day - in->first)) * 2 +
           (size_t)h;
}

/* Whether pattern p can take a half-day slot array (staff or vehicle i)
 * on day d: its halves free, and chainable with the other half's
 * occupant. */
static bool halves_free(struct plan_inst *in, const int *occ, int i,
                        bool staff, const struct plan_pattern *p, int day)
{
    size_t am = sh_ix(in, i, day, 0), pm = am + 1;
    if ((p->halves & PLAN_AM) && occ[am])
        return false;
    if ((p->halves & PLAN_PM) && occ[pm])
        return false;
    if (p->halves == PLAN_AM && occ[pm]) {
        const struct plan_pattern *b = &in->pats[occ[pm] - 1];
        if (b->halves != PLAN_PM || !plan_pair_compatible(in, staff ? i : -1, p, b))
            return false;
    }
    if (p->halves == PLAN_PM && occ[am]) {
        const struct plan_pattern *a = &in->pats[occ[am] - 1];
        if (a->halves != PLAN_AM || !plan_pair_compatible(in, staff ? i : -1, a, p))
            return false;
    }
    return true;
}

static bool team_fits(struct state *S, size_t t)
{
    struct plan_inst *in = S->in;
    const struct model *m = in->m;
    const struct plan_team *tm = &in->teams[t];
    size_t pi = tm->pattern;
    const struct plan_pattern *p = &in->pats[pi];
    const struct model_service *sv = &m->services[p->service];
    if (S->group_used[S->group_of[pi]])
        return false;
    if (sv->max_sites > 0 && S->service_sites[p->service] >= sv->max_sites)
        return false;
    for (int d = 0; d < p->n_dates; d++) {
        int day = p->dates[d];
        size_t r = sh_ix(in, p->site, day, 0);
        if (((p->halves & PLAN_AM) && S->room[r]) ||
            ((p->halves & PLAN_PM) && S->room[r + 1]))
            return false;
    }
    int onsite = model_service_onsite_minutes(sv);
    for (int q = 0; q < tm->n; q++) {
        int i = tm->staff[q];
        const struct model_staff *st = &m->staff[i];
        double rt = in->staff_site_min[(size_t)i * m->n_sites + (size_t)p->site];
        double lim = model_rule_max_drive(m, st);
        int lastw = -1;
        double wsum = 0;
        for (int d = 0; d < p->n_dates; d++) {
            int day = p->dates[d];
            if (!halves_free(in, S->staff_half, i, true, p, day))
                return false;
            size_t di = (size_t)i * (size_t)in->n_days + (size_t)(day - in->first);
            if (S->staff_drive[di] + rt > lim)
                return false;
            int w = plan_week_of(in, day);
            if (w != lastw)
                wsum = 0;
            lastw = w;
            wsum += onsite + rt;
            if (S->staff_week[(size_t)i * (size_t)in->n_weeks + (size_t)w] + wsum >
                plan_week_limit(in, i, w))
                return false;
        }
    }
    return true;
}

static bool vehicle_fits(struct state *S, size_t pi, int j)
{
    struct plan_inst *in = S->in;
    const struct plan_pattern *p = &in->pats[pi];
    for (int d = 0; d < p->n_dates; d++)
        if (!halves_free(in, S->veh_half, j, false, p, p->dates[d]))
            return false;
    return true;
}

/* Gain of taking column t: the objective's change.  want >= 0: with that
 * vehicle; else with the cheapest free one, returned in *veh.
 * -INFINITY when the column does not fit the plan. */
static double gain(struct state *S, size_t t, int want, int *veh)
{
    /* The clock is read every 4096 evaluations (a few microseconds of
     * work each): a deadline is kept to well under a millisecond. */
    if ((++S->work & 4095) == 0 && S->deadline >= 0 && !S->stopped &&
        plan_now_seconds() > S->deadline)
        S->stopped = true;
    struct plan_inst *in = S->in;
    const struct model *m = in->m;
    const struct plan_team *tm = &in->teams[t];
    size_t pi = tm->pattern;
    const struct plan_pattern *p = &in->pats[pi];
    *veh = -1;
    if (!team_fits(S, t))
        return -INFINITY;
    double g = -tm->cost;
    if (p->n_vehicles > 0) {
        double best = INFINITY;
        for (int q = 0; q < p->n_vehicles; q++) {
            int j = p->vehicles[q];
            if (want >= 0 && j != want)
                continue;
            double c = plan_vehicle_cost(in, pi, j);
            if (c < best && vehicle_fits(S, pi, j)) {
                best = c;
                *veh = j;
            }
        }
        if (*veh < 0)
            return -INFINITY;
        g -= best;
    }
    for (size_t r = 0; r < in->n_reqs; r++) {
        const struct plan_req *rq = &in->reqs[r];
        int deficit = rq->required - S->req_count[r];
        if (deficit <= 0 || !plan_pattern_in_scope(in, p, rq->target))
            continue;
        int n = plan_pattern_count(p, rq->first_day, rq->last_day);
        g += plan_penalty(in, n < deficit ? n : deficit);
    }
    size_t nc = m->n_communes;
    size_t ix = (size_t)p->service * m->n_sites + (size_t)p->site;
    double eqc = plan_equity_coef(in, p->service);
    double *delta = NULL;
    if (eqc > 0 && in->n_eq > 0) {
        delta = S->delta;
        memset(delta, 0, (size_t)in->n_eq * sizeof *delta);
    }
    for (int k = 0; k < in->n_near[ix]; k++) {
        int c = in->near[ix][k];
        double f0 = S->fsum[(size_t)p->service * nc + (size_t)c];
        double du = fmin(1.0, f0 + p->freq) - fmin(1.0, f0);
        if (in->pop[(size_t)p->service * nc + (size_t)c] <= 0)
            continue;
        g += plan_access_coef(in, p->service, c) * du;
        int q = in->eq_of[c];
        if (delta && q >= 0) {
            double tot = S->eq_tot[(size_t)p->service * (size_t)in->n_eq + (size_t)q];
            if (tot > 0)
                delta[q] += in->pop[(size_t)p->service * nc + (size_t)c] / tot * du;
        }
    }
    if (delta) {
        double old = INFINITY, nw = INFINITY;
        int counted = 0;
        for (int q = 0; q < in->n_eq; q++) {
            size_t e = (size_t)p->service * (size_t)in->n_eq + (size_t)q;
            if (S->eq_tot[e] <= 0)
                continue;
            counted++;
            old = fmin(old, S->eq_share[e]);
            nw = fmin(nw, S->eq_share[e] + delta[q]);
        }
        if (counted >= 2)
            g += eqc * (fmin(nw, 1.0) - fmin(old, 1.0));
    }
    return g;
}

static void take(struct state *S, size_t t, int veh)
{
    struct plan_inst *in = S->in;
    const struct model *m = in->m;
    const struct plan_team *tm = &in->teams[t];
    size_t pi = tm->pattern;
    const struct plan_pattern *p = &in->pats[pi];
    const struct model_service *sv = &m->services[p->service];
    S->group_used[S->group_of[pi]] = 1;
    S->service_sites[p->service]++;
    int onsite = model_service_onsite_minutes(sv);
    for (int d = 0; d < p->n_dates; d++) {
        int day = p->dates[d];
        for (int h = 0; h < 2; h++) {
            if (!(p->halves & (1u << h)))
                continue;
            S->room[sh_ix(in, p->site, day, h)] = 1;
            for (int q = 0; q < tm->n; q++)
                S->staff_half[sh_ix(in, tm->staff[q], day, h)] = (int)pi + 1;
            if (veh >= 0)
                S->veh_half[sh_ix(in, veh, day, h)] = (int)pi + 1;
        }
        for (int q = 0; q < tm->n; q++) {
            int i = tm->staff[q];
            double rt = in->staff_site_min[(size_t)i * m->n_sites + (size_t)p->site];
            S->staff_drive[(size_t)i * (size_t)in->n_days + (size_t)(day - in->first)] += rt;
            S->staff_week[(size_t)i * (size_t)in->n_weeks +
                          (size_t)plan_week_of(in, day)] += onsite + rt;
        }
    }
    for (size_t r = 0; r < in->n_reqs; r++)
        if (plan_pattern_in_scope(in, p, in->reqs[r].target))
            S->req_count[r] += plan_pattern_count(p, in->reqs[r].first_day,
                                                  in->reqs[r].last_day);
    size_t nc = m->n_communes;
    size_t ix = (size_t)p->service * m->n_sites + (size_t)p->site;
    for (int k = 0; k < in->n_near[ix]; k++) {
        int c = in->near[ix][k];
        size_t fc = (size_t)p->service * nc + (size_t)c;
        double du = fmin(1.0, S->fsum[fc] + p->freq) - fmin(1.0, S->fsum[fc]);
        S->fsum[fc] += p->freq;
        int q = in->eq_of[c];
        if (q >= 0) {
            size_t e = (size_t)p->service * (size_t)in->n_eq + (size_t)q;
            if (S->eq_tot[e] > 0 && in->pop[fc] > 0)
                S->eq_share[e] += in->pop[fc] / S->eq_tot[e] * du;
        }
    }
}

/* Max-heap of (gain, column); ties: the smaller column index first, so
 * the result does not depend on anything but the input. */
struct hitem {
    double g;
    size_t t;
};

static bool hless(const struct hitem *a, const struct hitem *b)
{
    if (a->g != b->g)
        return a->g < b->g;
    return a->t > b->t;
}

static void hpush(struct hitem *h, size_t *n, struct hitem it)
{
    size_t i = (*n)++;
    h[i] = it;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!hless(&h[p], &h[i]))
            break;
        struct hitem tmp = h[p];
        h[p] = h[i];
        h[i] = tmp;
        i = p;
    }
}

static struct hitem hpop(struct hitem *h, size_t *n)
{
    struct hitem top = h[0];
    h[0] = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, b = i;
        if (l < *n && hless(&h[b], &h[l]))
            b = l;
        if (r < *n && hless(&h[b], &h[r]))
            b = r;
        if (b == i)
            break;
        struct hitem tmp = h[b];
        h[b] = h[i];
        h[i] = tmp;
        i = b;
    }
    return top;
}

static void state_free(struct state *S)
{
    free(S->staff_half);
    free(S->staff_drive);
    free(S->staff_week);
    free(S->veh_half);
    free(S->room);
    free(S->group_used);
    free(S->service_sites);
    free(S->req_count);
    free(S->fsum);
    free(S->eq_share);
    free(S->eq_tot);
    free(S->group_of);
    free(S->delta);
}

/* Array lengths of a state, in elements (see state_alloc). */
static size_t n_half(const struct plan_inst *in, size_t who)
{
    return who * (size_t)in->n_days * 2 + 1;
}

static bool state_alloc(struct state *S, struct plan_inst *in)
{
    const struct model *m = in->m;
    size_t nd = (size_t)in->n_days, nc = m->n_communes;
    size_t neq = (size_t)(in->n_eq > 0 ? in->n_eq : 1);
    memset(S, 0, sizeof *S);
    S->in = in;
    S->staff_half = calloc(n_half(in, m->n_staff), sizeof(int));
    S->staff_drive = calloc(m->n_staff * nd + 1, sizeof(double));
    S->staff_week = calloc(m->n_staff * (size_t)in->n_weeks + 1, sizeof(double));
    S->veh_half = calloc(n_half(in, m->n_vehicles), sizeof(int));
    S->room = calloc(n_half(in, m->n_sites), 1);
    S->group_used = calloc(in->n_groups + 1, 1);
    S->service_sites = calloc(m->n_services + 1, sizeof(int));
    S->req_count = calloc(in->n_reqs + 1, sizeof(int));
    S->fsum = calloc(m->n_services * nc + 1, sizeof(double));
    S->eq_share = calloc(m->n_services * neq + 1, sizeof(double));
    S->eq_tot = calloc(m->n_services * neq + 1, sizeof(double));
    S->group_of = calloc(in->n_pats + 1, sizeof(int));
    S->delta = calloc(neq, sizeof(double));
    if (!S->delta || !S->staff_half || !S->staff_drive || !S->staff_week || !S->veh_half ||
        !S->room || !S->group_used || !S->service_sites || !S->req_count ||
        !S->fsum || !S->eq_share || !S->eq_tot || !S->group_of)
        return false;
    for (size_t g = 0; g < in->n_groups; g++)
        for (size_t p = in->groups[g].first;
             p < in->groups[g].first + in->groups[g].count; p++)
            S->group_of[p] = (int)g;
    for (size_t sv = 0; sv < m->n_services; sv++)
        for (size_t c = 0; c < nc; c++)
            if (in->n_eq > 0 && in->eq_of[c] >= 0)
                S->eq_tot[sv * neq + (size_t)in->eq_of[c]] += in->pop[sv * nc + c];
    return true;
}

/* Back to the empty plan (eq_tot and group_of are constants). */
static void state_clear(struct state *S)
{
    struct plan_inst *in = S->in;
    const struct model *m = in->m;
    size_t nd = (size_t)in->n_days, nc = m->n_communes;
    size_t neq = (size_t)(in->n_eq > 0 ? in->n_eq : 1);
    memset(S->staff_half, 0, n_half(in, m->n_staff) * sizeof(int));
    memset(S->staff_drive, 0, (m->n_staff * nd + 1) * sizeof(double));
    memset(S->staff_week, 0, (m->n_staff * (size_t)in->n_weeks + 1) * sizeof(double));
    memset(S->veh_half, 0, n_half(in, m->n_vehicles) * sizeof(int));
    memset(S->room, 0, n_half(in, m->n_sites));
    memset(S->group_used, 0, in->n_groups + 1);
    memset(S->service_sites, 0, (m->n_services + 1) * sizeof(int));
    memset(S->req_count, 0, (in->n_reqs + 1) * sizeof(int));
    memset(S->fsum, 0, (m->n_services * nc + 1) * sizeof(double));
    memset(S->eq_share, 0, (m->n_services * neq + 1) * sizeof(double));
}

/* Lazy greedy over the columns cand[0..n_cand): takes the best gain
 * while it is positive, appending to ch.  Returns the sum of the gains
 * taken, i.e. how much the objective grew. */
static double greedy_fill(struct state *S, const size_t *cand, size_t n_cand,
                          struct hitem *heap, struct plan_choice *ch,
                          size_t *nch)
{
    size_t nh = 0;
    double total = 0;
    int veh;
    for (size_t k = 0; k < n_cand && !S->stopped; k++) {
        double g = gain(S, cand[k], -1, &veh);
        if (g > 1e-9)
            hpush(heap, &nh, (struct hitem){g, cand[k]});
    }
    size_t guard = 20 * (n_cand + 1);
    while (nh > 0 && guard-- > 0 && !S->stopped) {
        struct hitem top = hpop(heap, &nh);
        double g = gain(S, top.t, -1, &veh);
        if (!(g > 1e-9))
            continue;   /* infeasible now, or no longer worth it */
        if (g >= top.g - 1e-12 || nh == 0 || g >= heap[0].g) {
            take(S, top.t, veh);
            ch[(*nch)++] = (struct plan_choice){top.t, veh};
            total += g;
        } else {
            hpush(heap, &nh, (struct hitem){g, top.t});
        }
    }
    return total;
}

/* Replays ch[0..n) except ch[skip] on a cleared state, each column
 * with its own vehicle; returns the sum of the gains, i.e. the plan's
 * objective up to a constant (the empty plan's). */
static double replay(struct state *S, const struct plan_choice *ch, size_t n,
                     size_t skip)
{
    state_clear(S);
    double total = 0;
    int veh;
    for (size_t k = 0; k < n; k++) {
        if (k == skip)
            continue;
        total += gain(S, ch[k].team, ch[k].vehicle, &veh);
        take(S, ch[k].team, ch[k].vehicle);
    }
    return total;
}

/* Whether column t could gain from dropping column c: same service
 * (access, equity, targets, max sites), a shared person, the same site
 * (room) or a shared vehicle kind's half-days.  The others' gains and
 * feasibility do not change when c goes. */
static bool related(const struct plan_inst *in, size_t t, size_t c)
{
    const struct plan_team *a = &in->teams[t], *b = &in->teams[c];
    const struct plan_pattern *pa = &in->pats[a->pattern];
    const struct plan_pattern *pb = &in->pats[b->pattern];
    if (pa->service == pb->service || pa->site == pb->site)
        return true;
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++)
            if (a->staff[i] == b->staff[j])
                return true;
    for (int i = 0; i < pa->n_vehicles; i++)
        for (int j = 0; j < pb->n_vehicles; j++)
            if (pa->vehicles[i] == pb->vehicles[j])
                return true;
    return false;
}

/* Local search on a greedy plan.  A move takes one column c of the
 * plan out, puts either nothing or another column of c's (service,
 * site) group in its place -- another cadence, phase, weekday or team
 * -- and lets the greedy refill with the columns that could use what c
 * freed; it is kept when the objective grew.  Passes over the plan until
 * no move improves or the budget of gain evaluations is spent.  The greedy commits early (a
 * site's first team takes hours another site needed more, a weekly
 * pattern where a fortnightly one would leave room for a second site);
 * these moves undo exactly that, where the LP-guided pass cannot.
 * Measured on pays-saint-eloy: the plan CBC and HiGHS find in 60 s,
 * 0.9 % better than without (bench/RESULTS.md run 4). */
struct search {
    struct state *S;
    struct plan_choice *ch, *trial;
    size_t nch;
    struct hitem *heap;
    size_t *cand, n_cand;   /* the refill's columns for the current move */
    double cur;             /* objective of ch (up to a constant) */
};

/* Move: ch[k] out, column d in (SIZE_MAX: none), refill.  Keeps the
 * result and returns true when the objective grew. */
static bool try_move(struct search *L, size_t k, size_t d)
{
    struct state *S = L->S;
    double v = replay(S, L->ch, L->nch, k);
    size_t nt = 0;
    for (size_t j = 0; j < L->nch; j++)
        if (j != k)
            L->trial[nt++] = L->ch[j];
    if (d != SIZE_MAX) {
        int veh;
        double g = gain(S, d, -1, &veh);
        if (g == -INFINITY)
            return false;
        take(S, d, veh);
        L->trial[nt++] = (struct plan_choice){d, veh};
        v += g;
    }
    v += greedy_fill(S, L->cand, L->n_cand, L->heap, L->trial, &nt);
    if (!(v > L->cur + 1e-9 * (1 + fabs(L->cur))))
        return false;
    memcpy(L->ch, L->trial, nt * sizeof *L->ch);
    L->nch = nt;
    L->cur = v;
    return true;
}

static void improve(struct search *L, const unsigned char *only,
                    long long budget)
{
    struct plan_inst *in = L->S->in;
    L->cur = replay(L->S, L->ch, L->nch, SIZE_MAX);
    bool better = true;
    while (better) {
        better = false;
        for (size_t k = 0; k < L->nch; k++) {
            size_t c = L->ch[k].team;
            L->n_cand = 0;
            for (size_t t = 0; t < in->n_teams; t++)
                if (t != c && (!only || only[t]) && related(in, t, c))
                    L->cand[L->n_cand++] = t;
            if (L->S->work > budget || L->S->stopped)
                return;
            if (try_move(L, k, SIZE_MAX)) {
                better = true;
                continue;
            }
            const struct plan_group *gr =
                &in->groups[L->S->group_of[in->teams[c].pattern]];
            for (size_t p = gr->first; p < gr->first + gr->count; p++) {
                const struct plan_pattern *pt = &in->pats[p];
                for (size_t d = pt->team_first;
                     d < pt->team_first + pt->n_teams; d++) {
                    if (d == c || (only && !only[d]))
                        continue;
                    if (L->S->work > budget || L->S->stopped)
                        return;
                    if (try_move(L, k, d)) {
                        better = true;
                        goto next_column;
                    }
                }
            }
        next_column:;
        }
    }
}

enum status plan_heuristic(struct plan_inst *in, const double *lp,
                           const unsigned char *only, long long improve_work,
                           double deadline, struct plan_choice **out,
                           size_t *n_out, struct diag *err)
{
    *out = NULL;
    *n_out = 0;
    struct state S;
    bool ok = state_alloc(&S, in);
    S.deadline = deadline;
    struct hitem *heap = malloc((in->n_teams + 1) * sizeof *heap);
    size_t *cand = malloc((in->n_teams + 1) * sizeof *cand);
    struct plan_choice *ch = malloc((in->n_groups + 1) * sizeof *ch);
    struct plan_choice *trial = malloc((in->n_groups + 1) * sizeof *trial);
    if (!ok || !heap || !cand || !ch || !trial) {
        state_free(&S);
        free(heap);
        free(cand);
        free(ch);
        free(trial);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    }
    size_t nh = 0, nch = 0, nc = 0;
    int veh;
    if (lp) {
        /* LP-guided first pass: columns the relaxation likes most, in
         * that order, whenever they still fit and still gain. */
        for (size_t t = 0; t < in->n_teams; t++)
            if (lp[t] > 0.05 && (!only || only[t]))
                hpush(heap, &nh, (struct hitem){lp[t], t});
        while (nh > 0 && !S.stopped) {
            struct hitem top = hpop(heap, &nh);
            double g = gain(&S, top.t, -1, &veh);
            if (g > 1e-9) {
                take(&S, top.t, veh);
                ch[nch++] = (struct plan_choice){top.t, veh};
            }
        }
    }
    for (size_t t = 0; t < in->n_teams; t++)
        if (!only || only[t])
            cand[nc++] = t;
    greedy_fill(&S, cand, nc, heap, ch, &nch);
    if (improve_work > 0) {
        struct search L = {&S, ch, trial, nch, heap, cand, 0, 0};
        improve(&L, only, S.work + improve_work);
        nch = L.nch;
    }
    free(heap);
    free(cand);
    free(trial);
    state_free(&S);
    *out = ch;
    *n_out = nch;
    return STATUS_OK;
}
