/* plan_rows.c -- the rows of the MIP (docs/model.md §2), one function per
 * family, in the order GLPK numbers them (the order is part of the
 * search: keep it):
 *
 *   G_g    sum_{t in g} y_t <= 1              one pattern per opened site
 *   FD_g   F_g - sum_{t in g} f_p y_t = 0     (with G_g, per group)
 *   MAXS_s sum_{t of s} y_t <= max_sites
 *   AC_sc  u_sc - sum_{g of s near c} F_g <= 0
 *   EQ_sq  e_s - sum_{c in q} (pop_c / pop_q) u_sc <= 0
 *   VH_p   sum_j v_pj - sum_{t of p} y_t = 0
 *   RQ_r   sum_p n_pr sum_{t of p} y_t + w_r >= required_r
 *   SH_idh staff i, day d, half h: sum y_t <= 1 over sessions touching it
 *   SX_idk a morning session of i at site k (ending e) excludes every
 *          afternoon session i could not reach in time (R7), or whose
 *          route would be longer than two round trips (keeps the R8/R9
 *          rows below conservative when travel.csv breaks the triangle
 *          inequality)
 *   SD_id  sum RT_ik y_t <= max_drive_i         (R8, round trips)
 *   VA_jdh, VX_jdk  the same as SH, SX for vehicles (R10)
 *   SW_iW  sum n_pW (onsite + RT_ik) y_t <= weekly_minutes_i   (R9), each
 *          followed by its valid inequalities (SWK, SWP: weekly_cuts)
 *   RM_kdh sum y_t <= 1 over sessions at site k touching (d, h)  (R11)
 *
 * Rows that can never bind (a single entry, a sum of coefficients below
 * the limit) are not generated.  The per-(entity, day, half) families are
 * built from entries gathered once over the columns and sorted by key
 * (struct ents).
 */
#include "plan_glpk.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum status nomem(struct diag *err)
{
    return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
}

/* Adds every y column of the teams of patterns [first, first + count)
 * to the current row with coefficient coef (coef_freq: times f_p). */
static bool push_pattern_teams(struct plan_build *x, size_t first,
                               size_t count, double coef, bool coef_freq)
{
    struct plan_inst *in = x->in;
    for (size_t p = first; p < first + count; p++)
        for (size_t t = in->pats[p].team_first;
             t < in->pats[p].team_first + in->pats[p].n_teams; t++)
            if (!plan_mat_push(&x->mt, x->c.y0 + (int)t,
                               coef_freq ? coef * in->pats[p].freq : coef))
                return false;
    return true;
}

/* ---- rows over groups, services, communes, patterns, targets ------- */

/* G_g and FD_g, per group. */
static enum status rows_groups(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    char name[64];
    for (size_t g = 0; g < in->n_groups; g++) {
        const struct plan_group *gr = &in->groups[g];
        snprintf(name, sizeof name, "G_%d_%d", gr->service, gr->site);
        plan_row_new(x, name, GLP_UP, 0.0, 1.0);
        if (!push_pattern_teams(x, gr->first, gr->count, 1.0, false))
            return nomem(err);
        snprintf(name, sizeof name, "FD_%d_%d", gr->service, gr->site);
        plan_row_new(x, name, GLP_FX, 0.0, 0.0);
        if (!plan_mat_push(&x->mt, x->c.fcol[g], 1.0) ||
            !push_pattern_teams(x, gr->first, gr->count, -1.0, true))
            return nomem(err);
    }
    return STATUS_OK;
}

static enum status rows_max_sites(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    char name[64];
    for (size_t s = 0; s < m->n_services; s++) {
        int lim = m->services[s].max_sites;
        size_t ng = 0;
        for (size_t g = 0; g < in->n_groups; g++)
            if (in->groups[g].service == (int)s)
                ng++;
        if (lim <= 0 || ng <= (size_t)lim)
            continue;
        snprintf(name, sizeof name, "MAXS_%zu", s);
        plan_row_new(x, name, GLP_UP, 0.0, lim);
        for (size_t t = 0; t < in->n_teams; t++)
            if (in->pats[in->teams[t].pattern].service == (int)s)
                if (!plan_mat_push(&x->mt, x->c.y0 + (int)t, 1.0))
                    return nomem(err);
    }
    return STATUS_OK;
}

/* AC_sc: u_sc <= sum of F_g of groups of s near c. */
static enum status rows_access(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    char name[64];
    for (size_t s = 0; s < m->n_services; s++)
        for (size_t c = 0; c < nc; c++) {
            int u = x->c.ucol[s * nc + c];
            if (!u)
                continue;
            snprintf(name, sizeof name, "AC_%zu_%zu", s, c);
            plan_row_new(x, name, GLP_UP, 0.0, 0.0);
            if (!plan_mat_push(&x->mt, u, 1.0))
                return nomem(err);
            for (size_t g = 0; g < in->n_groups; g++) {
                const struct plan_group *gr = &in->groups[g];
                if (gr->service != (int)s)
                    continue;
                size_t ix = (size_t)gr->service * m->n_sites + (size_t)gr->site;
                for (int q = 0; q < in->n_near[ix]; q++)
                    if (in->near[ix][q] == (int)c)
                        if (!plan_mat_push(&x->mt, x->c.fcol[g], -1.0))
                            return nomem(err);
            }
        }
    return STATUS_OK;
}

/* EQ_sq. */
static enum status rows_equity(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    const struct model *m = in->m;
    size_t nc = m->n_communes;
    char name[64];
    for (size_t s = 0; s < m->n_services; s++) {
        if (!x->c.ecol[s])
            continue;
        for (int q = 0; q < in->n_eq; q++) {
            double tot = 0;
            for (size_t c = 0; c < nc; c++)
                if (in->eq_of[c] == q)
                    tot += in->pop[s * nc + c];
            if (tot <= 0)
                continue;
            snprintf(name, sizeof name, "EQ_%zu_%d", s, q);
            plan_row_new(x, name, GLP_UP, 0.0, 0.0);
            if (!plan_mat_push(&x->mt, x->c.ecol[s], 1.0))
                return nomem(err);
            for (size_t c = 0; c < nc; c++)
                if (in->eq_of[c] == q && x->c.ucol[s * nc + c])
                    if (!plan_mat_push(&x->mt, x->c.ucol[s * nc + c],
                                       -in->pop[s * nc + c] / tot))
                        return nomem(err);
        }
    }
    return STATUS_OK;
}

/* VH_p. */
static enum status rows_vehicle_link(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    char name[64];
    for (size_t p = 0; p < in->n_pats; p++) {
        const struct plan_pattern *pt = &in->pats[p];
        if (!x->c.vfirst[p])
            continue;
        snprintf(name, sizeof name, "VH_%zu", p);
        plan_row_new(x, name, GLP_FX, 0.0, 0.0);
        for (int j = 0; j < pt->n_vehicles; j++)
            if (!plan_mat_push(&x->mt, x->c.vfirst[p] + j, 1.0))
                return nomem(err);
        if (!push_pattern_teams(x, p, 1, -1.0, false))
            return nomem(err);
    }
    return STATUS_OK;
}

/* RQ_r. */
static enum status rows_targets(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    char name[64];
    for (size_t r = 0; r < in->n_reqs; r++) {
        const struct plan_req *rq = &in->reqs[r];
        snprintf(name, sizeof name, "RQ_%d_%zu", rq->target, r);
        plan_row_new(x, name, GLP_LO, rq->required, 0.0);
        if (!plan_mat_push(&x->mt, x->c.wcol[r], 1.0))
            return nomem(err);
        for (size_t p = 0; p < in->n_pats; p++) {
            const struct plan_pattern *pt = &in->pats[p];
            if (!plan_pattern_in_scope(in, pt, rq->target))
                continue;
            int n = plan_pattern_count(pt, rq->first_day, rq->last_day);
            if (n && !push_pattern_teams(x, p, 1, n, false))
                return nomem(err);
        }
    }
    return STATUS_OK;
}

/* ---- entries of the (entity, day, half) and (person, week) rows ---- */

struct ent {
    uint64_t key;
    int col;
    int pat;
    double coef;
};

static int ent_cmp(const void *a, const void *b)
{
    const struct ent *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return 0;
}

struct ents {
    struct ent *v;
    size_t n, cap;
};

static bool ents_push(struct ents *e, uint64_t key, int col, int pat,
                      double coef)
{
    if (e->n == e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 4096;
        struct ent *v = realloc(e->v, nc * sizeof *v);
        if (!v)
            return false;
        e->v = v;
        e->cap = nc;
    }
    e->v[e->n++] = (struct ent){key, col, pat, coef};
    return true;
}

/* Entries of the rows: staff (entity, day, half) with the round trip as
 * coefficient, staff (person, week) with the week's minutes, rooms
 * (site, day, half), vehicles (vehicle, day, half). */
struct entries {
    struct ents staff, week, room, vehicle;
};

static void entries_free(struct entries *e)
{
    free(e->staff.v);
    free(e->week.v);
    free(e->room.v);
    free(e->vehicle.v);
}

/* Pushes an entry per half-day pattern pt touches on each date, for the
 * entity of index who (days counted from the horizon's first). */
static bool push_halves(const struct plan_inst *in, struct ents *e,
                        const struct plan_pattern *pt, uint64_t who, int col,
                        int pat, double coef)
{
    uint64_t nd = (uint64_t)in->n_days;
    for (int d = 0; d < pt->n_dates; d++) {
        uint64_t k = who * nd + (uint64_t)(pt->dates[d] - in->first);
        for (int h = 0; h < 2; h++)
            if ((pt->halves & (1u << h)) &&
                !ents_push(e, (k << 1) | (uint64_t)h, col, pat, coef))
                return false;
    }
    return true;
}

/* Staff member i of column col: half-day entries, and one (person,
 * week) entry per ISO week the pattern's dates touch. */
static bool staff_entries(const struct plan_inst *in, struct entries *e,
                          const struct plan_team *tm, int i, int col)
{
    const struct model *m = in->m;
    const struct plan_pattern *pt = &in->pats[tm->pattern];
    int onsite = model_service_onsite_minutes(&m->services[pt->service]);
    double rt = plan_staff_round_trip(in, i, pt->site);
    uint64_t wk0 = (uint64_t)i * (uint64_t)in->n_weeks;
    if (!push_halves(in, &e->staff, pt, (uint64_t)i, col, (int)tm->pattern, rt))
        return false;
    int lastw = -1, cnt = 0;
    for (int d = 0; d < pt->n_dates; d++) {
        int w = plan_week_of(in, pt->dates[d]);
        if (w != lastw && cnt) {
            if (!ents_push(&e->week, wk0 + (uint64_t)lastw, col,
                           (int)tm->pattern, cnt * (onsite + rt)))
                return false;
            cnt = 0;
        }
        lastw = w;
        cnt++;
    }
    return !cnt || ents_push(&e->week, wk0 + (uint64_t)lastw, col,
                             (int)tm->pattern, cnt * (onsite + rt));
}

static enum status gather_entries(struct plan_build *x, struct entries *e,
                                  struct diag *err)
{
    struct plan_inst *in = x->in;
    for (size_t t = 0; t < in->n_teams; t++) {
        const struct plan_team *tm = &in->teams[t];
        const struct plan_pattern *pt = &in->pats[tm->pattern];
        int col = x->c.y0 + (int)t;
        for (int q = 0; q < tm->n; q++)
            if (!staff_entries(in, e, tm, tm->staff[q], col))
                return nomem(err);
        if (!push_halves(in, &e->room, pt, (uint64_t)pt->site, col,
                         (int)tm->pattern, 0))
            return nomem(err);
    }
    for (size_t p = 0; p < in->n_pats; p++) {
        const struct plan_pattern *pt = &in->pats[p];
        for (int j = 0; j < pt->n_vehicles && x->c.vfirst[p]; j++)
            if (!push_halves(in, &e->vehicle, pt, (uint64_t)pt->vehicles[j],
                             x->c.vfirst[p] + j, (int)p, 0))
                return nomem(err);
    }
    return STATUS_OK;
}

/* ---- half-day rows of staff (SH, SX, SD) and vehicles (VA, VX) ----- */

/* One (entity, day) block of sorted entries: morning [am0, am1),
 * afternoon [pm0, pm1). */
struct day_block {
    const struct ent *v;
    size_t am0, am1, pm0, pm1;
    int who, day;
};

/* SH / VA: one row per half-day with two sessions or more. */
static enum status rows_half(struct plan_build *x, const struct day_block *b,
                             const char *prefix, struct diag *err)
{
    char name[64];
    for (int h = 0; h < 2; h++) {
        size_t a = h ? b->pm0 : b->am0, z = h ? b->pm1 : b->am1;
        if (z - a < 2)
            continue;
        snprintf(name, sizeof name, "%s_%d_%d_%c", prefix, b->who,
                 b->day - x->in->first, h ? 'p' : 'a');
        plan_row_new(x, name, GLP_UP, 0.0, 1.0);
        for (size_t q = a; q < z; q++)
            if (!plan_mat_push(&x->mt, b->v[q].col, 1.0))
                return nomem(err);
    }
    return STATUS_OK;
}

/* Morning-only pattern of entry r is in pa's class (site, on-site end). */
static bool same_class(struct plan_inst *in, const struct plan_pattern *pa,
                       const struct plan_pattern *pr)
{
    return pr->halves == PLAN_AM && pr->site == pa->site &&
           plan_onsite_end(in, pr) == plan_onsite_end(in, pa);
}

/* SX / VX: a morning-only session against the afternoon-only sessions
 * it cannot be chained with, one row per class of mornings (same site,
 * same on-site end), written by its first entry of the block.  inc:
 * scratch of pm1 - pm0 columns. */
static enum status rows_cross(struct plan_build *x, const struct day_block *b,
                              const char *prefix, bool staff, int *inc,
                              struct diag *err)
{
    struct plan_inst *in = x->in;
    char name[64];
    for (size_t q = b->am0; q < b->am1; q++) {
        const struct plan_pattern *pa = &in->pats[b->v[q].pat];
        if (pa->halves != PLAN_AM)
            continue;
        bool seen = false;
        for (size_t r = b->am0; r < q && !seen; r++)
            seen = same_class(in, pa, &in->pats[b->v[r].pat]);
        if (seen)
            continue;
        size_t ni = 0;
        for (size_t r = b->pm0; r < b->pm1; r++) {
            const struct plan_pattern *pb = &in->pats[b->v[r].pat];
            if (pb->halves == PLAN_PM &&
                !plan_pair_compatible(in, staff ? b->who : -1, pa, pb))
                inc[ni++] = b->v[r].col;
        }
        if (ni == 0)
            continue;
        snprintf(name, sizeof name, "%sX_%d_%d_%d_%d", prefix, b->who,
                 b->day - in->first, pa->site, plan_onsite_end(in, pa));
        plan_row_new(x, name, GLP_UP, 0.0, 1.0);
        for (size_t r = q; r < b->am1; r++)
            if (same_class(in, pa, &in->pats[b->v[r].pat]) &&
                !plan_mat_push(&x->mt, b->v[r].col, 1.0))
                return nomem(err);
        for (size_t r = 0; r < ni; r++)
            if (!plan_mat_push(&x->mt, inc[r], 1.0))
                return nomem(err);
    }
    return STATUS_OK;
}

/* SD: daily driving of a staff member, only when two sessions could
 * exceed it. */
static enum status rows_drive(struct plan_build *x, const struct day_block *b,
                              struct diag *err)
{
    struct plan_inst *in = x->in;
    const struct model_staff *st = &in->m->staff[b->who];
    double lim = model_rule_max_drive(in->m, st);
    double ma = 0, mp = 0, mb = 0;
    for (size_t q = b->am0; q < b->pm1; q++) {
        const struct plan_pattern *p = &in->pats[b->v[q].pat];
        double c = b->v[q].coef;
        if (p->halves == PLAN_AM)
            ma = fmax(ma, c);
        else if (p->halves == PLAN_PM)
            mp = fmax(mp, c);
        else
            mb = fmax(mb, c);
    }
    if (!(fmax(ma + mp, mb) > lim))
        return STATUS_OK;
    char name[64];
    snprintf(name, sizeof name, "SD_%d_%d", b->who, b->day - in->first);
    plan_row_new(x, name, GLP_UP, 0.0, lim);
    for (size_t q = b->am0; q < b->pm1; q++) {
        const struct plan_pattern *p = &in->pats[b->v[q].pat];
        /* A session over noon appears in both halves: once. */
        if (q >= b->pm0 && p->halves == (PLAN_AM | PLAN_PM))
            continue;
        if (!plan_mat_push(&x->mt, b->v[q].col, b->v[q].coef))
            return nomem(err);
    }
    return STATUS_OK;
}

/* The half-day rows of one entity kind from its entries, block by
 * (entity, day): SH (VA), SX (VX) and, for staff, SD. */
static enum status rows_days(struct plan_build *x, struct ents *e,
                             const char *prefix, bool staff, struct diag *err)
{
    struct plan_inst *in = x->in;
    if (e->n == 0)
        return STATUS_OK;
    qsort(e->v, e->n, sizeof *e->v, ent_cmp);
    int *inc = malloc(e->n * sizeof *inc);
    if (!inc)
        return nomem(err);
    enum status st = STATUS_OK;
    size_t i = 0;
    while (i < e->n && st == STATUS_OK) {
        /* Block of one (entity, day): keys 2 q and 2 q + 1, in order. */
        uint64_t dk = e->v[i].key >> 1;
        struct day_block b = {e->v, i, i, 0, 0, 0, 0};
        while (b.am1 < e->n && e->v[b.am1].key == dk << 1)
            b.am1++;
        b.pm0 = b.pm1 = b.am1;
        while (b.pm1 < e->n && e->v[b.pm1].key == ((dk << 1) | 1))
            b.pm1++;
        assert(b.pm1 > b.am0);
        b.who = (int)(dk / (uint64_t)in->n_days);
        b.day = in->first + (int)(dk % (uint64_t)in->n_days);
        st = rows_half(x, &b, prefix, err);
        if (st == STATUS_OK && b.am1 > b.am0 && b.pm1 > b.pm0)
            st = rows_cross(x, &b, prefix, staff, inc, err);
        if (st == STATUS_OK && staff)
            st = rows_drive(x, &b, err);
        i = b.pm1;
    }
    free(inc);
    return st;
}

/* ---- weekly hours (SW) and their valid inequalities (SWK, SWP) ----- */

static int coef_cmp(const void *a, const void *b)
{
    const struct ent *x = a, *y = b;
    if (x->coef != y->coef)
        return x->coef < y->coef ? -1 : 1;
    return x->col < y->col ? -1 : 1;
}

/* Sum of the r smallest coefficients among e[q..n) taking at most one
 * per group (the items are sorted by coefficient, so the first item of a
 * group is its smallest); INFINITY when fewer than r groups remain. */
static double smallest_sum(const struct ent *e, size_t n, size_t q, int r,
                           const int *grp, int *mark, int stamp)
{
    double sum = 0;
    int got = 0;
    for (size_t t = q; t < n && got < r; t++) {
        int g = grp[e[t].pat];
        if (mark[g] == stamp)
            continue;
        mark[g] = stamp;
        sum += e[t].coef;
        got++;
    }
    return got < r ? INFINITY : sum;
}

/* Extended covers (see weekly_cuts): for r = K+1 down to 2, the first
 * item q_r such that any r items of distinct groups from q_r on exceed
 * cap gives sum_{t >= q_r} y_t <= r - 1. */
static enum status cover_cuts(struct plan_build *x, const struct ent *e,
                              size_t n, double cap, int K, int who, int wk,
                              struct diag *err)
{
    char name[64];
    for (int r = K + 1; r >= 2; r--) {
        /* Binary search: the smallest-r sum only grows with q. */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            double sm = smallest_sum(e, n, mid, r, x->grp, x->mark, ++x->stamp);
            if (sm > cap && isfinite(sm))
                hi = mid;
            else
                lo = mid + 1;
        }
        size_t q = lo;
        if (q >= n || n - q <= (size_t)(r - 1) ||
            !isfinite(smallest_sum(e, n, q, r, x->grp, x->mark, ++x->stamp)))
            continue;
        snprintf(name, sizeof name, "SWK_%d_%d_%d", who, wk, r - 1);
        plan_row_new(x, name, GLP_UP, 0.0, r - 1);
        for (size_t t = q; t < n; t++)
            if (!plan_mat_push(&x->mt, e[t].col, 1.0))
                return nomem(err);
    }
    return STATUS_OK;
}

/* Pairs (see weekly_cuts): for each length v <= cap/2, with J the
 * sessions that cannot share the week with one of length v. */
static enum status pair_cuts(struct plan_build *x, const struct ent *e,
                             size_t n, double cap, int K, int who, int wk,
                             struct diag *err)
{
    char name[64];
    for (size_t q = 0; q < n && e[q].coef <= cap / 2 + 1e-9;) {
        size_t r = q;
        while (r < n && fabs(e[r].coef - e[q].coef) <= 1e-9)
            r++;
        size_t j0 = n;
        while (j0 > 0 && e[j0 - 1].coef > cap - e[q].coef + 1e-9)
            j0--;
        if (j0 < n && j0 >= r) {
            int kv = (int)(r - q) < K ? (int)(r - q) : K;
            if (kv < 1)
                kv = 1;
            snprintf(name, sizeof name, "SWP_%d_%d_%zu", who, wk, q);
            plan_row_new(x, name, GLP_UP, 0.0, kv);
            for (size_t t = q; t < r; t++)
                if (!plan_mat_push(&x->mt, e[t].col, 1.0))
                    return nomem(err);
            for (size_t t = j0; t < n; t++)
                if (!plan_mat_push(&x->mt, e[t].col, kv))
                    return nomem(err);
        }
        q = r;
    }
    return STATUS_OK;
}

/* Valid inequalities implied by one weekly-hours row (R9) of a staff
 * member: sum a_t y_t <= cap, each column t being one session of that
 * week (a pattern has at most one date per ISO week, and G_g allows one
 * column per (service, site) group).  The LP relaxation of the knapsack
 * alone lets a part-time animatrice run 3.3 sessions a week; these rows
 * take that away.  With items sorted by length a:
 *   extended covers  for r = 2 .. K+1, q_r the first item such that any r
 *                    items of distinct groups from q_r on exceed cap:
 *                    sum_{t >= q_r} y_t <= r - 1   (r = K+1: at most K
 *                    sessions, K = how many of the shortest fit);
 *   pairs            for each length v <= cap/2, J = {a_j > cap - v}:
 *                    sum_{a_i = v} y_i + K_v sum_J y_j <= K_v,
 *                    K_v = min(K, number of sessions of length v).
 * They are rows of the model, so --write-lp includes them; they cut no
 * plan that obeys the weekly row and G_g. */
static enum status weekly_cuts(struct plan_build *x, const struct ent *v,
                               size_t n, double cap, int who, int wk,
                               struct diag *err)
{
    if (n < 2)
        return STATUS_OK;
    struct ent *e = malloc(n * sizeof *e);
    if (!e)
        return nomem(err);
    memcpy(e, v, n * sizeof *e);
    qsort(e, n, sizeof *e, coef_cmp);
    int K = 0;
    while (smallest_sum(e, n, 0, K + 1, x->grp, x->mark, ++x->stamp) <= cap)
        K++;
    enum status st = cover_cuts(x, e, n, cap, K, who, wk, err);
    if (st == STATUS_OK)
        st = pair_cuts(x, e, n, cap, K, who, wk, err);
    free(e);
    return st;
}

/* SW per (person, week) whose sessions could exceed the week's hours. */
static enum status rows_weekly(struct plan_build *x, struct ents *we,
                               struct diag *err)
{
    struct plan_inst *in = x->in;
    char name[64];
    if (!we->n)
        return STATUS_OK;
    qsort(we->v, we->n, sizeof *we->v, ent_cmp);
    enum status st = STATUS_OK;
    for (size_t i = 0; i < we->n && st == STATUS_OK;) {
        size_t j = i;
        double sum = 0;
        while (j < we->n && we->v[j].key == we->v[i].key)
            sum += we->v[j++].coef;
        int who = (int)(we->v[i].key / (uint64_t)in->n_weeks);
        int wk = (int)(we->v[i].key % (uint64_t)in->n_weeks);
        double lim = plan_week_limit(in, who, wk);
        if (sum > lim) {
            snprintf(name, sizeof name, "SW_%d_%d", who, wk);
            plan_row_new(x, name, GLP_UP, 0.0, lim);
            for (size_t q = i; q < j && st == STATUS_OK; q++)
                if (!plan_mat_push(&x->mt, we->v[q].col, we->v[q].coef))
                    st = nomem(err);
            if (st == STATUS_OK && x->pp->cuts)
                st = weekly_cuts(x, &we->v[i], j - i, lim, who, wk, err);
        }
        i = j;
    }
    return st;
}

/* RM: rooms, only where two services could meet. */
static enum status rows_rooms(struct plan_build *x, struct ents *ke,
                              struct diag *err)
{
    struct plan_inst *in = x->in;
    uint64_t nd = (uint64_t)in->n_days;
    char name[64];
    if (!ke->n)
        return STATUS_OK;
    qsort(ke->v, ke->n, sizeof *ke->v, ent_cmp);
    for (size_t i = 0; i < ke->n;) {
        size_t j = i;
        bool mixed = false;
        while (j < ke->n && ke->v[j].key == ke->v[i].key) {
            if (in->pats[ke->v[j].pat].service != in->pats[ke->v[i].pat].service)
                mixed = true;
            j++;
        }
        if (mixed) {
            uint64_t dk = ke->v[i].key >> 1;
            snprintf(name, sizeof name, "RM_%d_%d_%c", (int)(dk / nd),
                     (int)(dk % nd), (ke->v[i].key & 1) ? 'p' : 'a');
            plan_row_new(x, name, GLP_UP, 0.0, 1.0);
            for (size_t q = i; q < j; q++)
                if (!plan_mat_push(&x->mt, ke->v[q].col, 1.0))
                    return nomem(err);
        }
        i = j;
    }
    return STATUS_OK;
}

enum status plan_rows_build(struct plan_build *x, struct diag *err)
{
    struct plan_inst *in = x->in;
    x->grp = calloc(in->n_pats + 1, sizeof *x->grp);
    x->mark = calloc(in->n_groups + 1, sizeof *x->mark);
    if (!x->grp || !x->mark)
        return nomem(err);
    for (size_t g = 0; g < in->n_groups; g++)
        for (size_t p = in->groups[g].first;
             p < in->groups[g].first + in->groups[g].count; p++)
            x->grp[p] = (int)g;
    /* The families in order; the deadline is checked between them (on
     * bench L one takes up to a tenth of a second). */
    enum status st = STATUS_OK;
    struct entries e = {{0}, {0}, {0}, {0}};
    for (int f = 0; f < 11 && st == STATUS_OK; f++) {
        if (in->deadline >= 0 && plan_now_seconds() > in->deadline) {
            x->timed_out = true;
            break;
        }
        switch (f) {
        case 0: st = rows_groups(x, err); break;
        case 1: st = rows_max_sites(x, err); break;
        case 2: st = rows_access(x, err); break;
        case 3: st = rows_equity(x, err); break;
        case 4: st = rows_vehicle_link(x, err); break;
        case 5: st = rows_targets(x, err); break;
        case 6: st = gather_entries(x, &e, err); break;
        case 7: st = rows_days(x, &e.staff, "SH", true, err); break;
        case 8: st = rows_days(x, &e.vehicle, "VA", false, err); break;
        case 9: st = rows_weekly(x, &e.week, err); break;
        case 10: st = rows_rooms(x, &e.room, err); break;
        }
    }
    entries_free(&e);
    return st;
}
