/* plan_prune.c -- the column budget (plan_params.max_columns).
 *
 * When the territory gives more (pattern, team) columns than GLPK can
 * handle in the time the coordinators wait, keep the columns of the
 * greedy plan (must, remapped to the new indices), every site's best
 * column, then the best by a static score: the sessions it brings to
 * targets (times the penalty), the access it reaches alone, minus its
 * cost (plan_objective.c's coefficients).  The MIP's optimality and gap
 * are then those of the restricted model; plan_result.n_pruned says how
 * many columns were left out (docs/model.md). */
#include "plan_int.h"

#include <assert.h>
#include <stdlib.h>

struct scored {
    double score;
    size_t team;
};

static int scored_cmp(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->team < y->team ? -1 : (x->team > y->team);
}

/* The static score of column t: what it would bring alone. */
static double column_score(const struct plan_inst *in, size_t t)
{
    const struct model *m = in->m;
    const struct plan_team *tm = &in->teams[t];
    const struct plan_pattern *p = &in->pats[tm->pattern];
    double v = -tm->cost;
    for (size_t r = 0; r < in->n_reqs; r++)
        if (plan_pattern_in_scope(in, p, in->reqs[r].target)) {
            int n = plan_pattern_count(p, in->reqs[r].first_day,
                                       in->reqs[r].last_day);
            v += plan_penalty(in, n < in->reqs[r].required
                                      ? n : in->reqs[r].required);
        }
    size_t ix = (size_t)p->service * m->n_sites + (size_t)p->site;
    double f = p->freq < 1 ? p->freq : 1;
    for (int k = 0; k < in->n_near[ix]; k++)
        v += plan_access_coef(in, p->service, in->near[ix][k]) * f;
    return v;
}

/* Marks in keep the columns kept: must's, each group's best, then the
 * best scores up to max_columns.  sc is sorted on return. */
static void choose(const struct plan_inst *in, size_t max_columns,
                   const struct plan_choice *must, size_t n_must,
                   struct scored *sc, unsigned char *keep)
{
    size_t nt = in->n_teams, kept = 0;
    for (size_t q = 0; q < n_must; q++)
        if (!keep[must[q].team]) {
            keep[must[q].team] = 1;
            kept++;
        }
    for (size_t g = 0; g < in->n_groups; g++) {
        size_t best = (size_t)-1;
        for (size_t p = in->groups[g].first;
             p < in->groups[g].first + in->groups[g].count; p++)
            for (size_t t = in->pats[p].team_first;
                 t < in->pats[p].team_first + in->pats[p].n_teams; t++)
                if (best == (size_t)-1 || sc[t].score > sc[best].score)
                    best = t;
        if (best != (size_t)-1 && !keep[best]) {
            keep[best] = 1;
            kept++;
        }
    }
    qsort(sc, nt, sizeof *sc, scored_cmp);
    for (size_t q = 0; q < nt && kept < max_columns; q++)
        if (!keep[sc[q].team]) {
            keep[sc[q].team] = 1;
            kept++;
        }
}

/* Compacts teams, patterns and groups to the kept columns, keeping their
 * order; newix[t] is column t's new index.  A pattern left without a
 * team and a group without a pattern go. */
static void compact(struct plan_inst *in, const unsigned char *keep,
                    size_t *newix)
{
    size_t nteams = 0, npats = 0, ngroups = 0;
    for (size_t g = 0; g < in->n_groups; g++) {
        struct plan_group gr = in->groups[g];
        size_t gfirst = npats;
        for (size_t p = gr.first; p < gr.first + gr.count; p++) {
            struct plan_pattern pt = in->pats[p];
            size_t tfirst = nteams;
            for (size_t t = pt.team_first; t < pt.team_first + pt.n_teams; t++)
                if (keep[t]) {
                    newix[t] = nteams;
                    in->teams[nteams] = in->teams[t];
                    in->teams[nteams].pattern = npats;
                    nteams++;
                }
            if (nteams == tfirst) {
                free(pt.dates);
                free(pt.vehicles);
                continue;
            }
            pt.team_first = tfirst;
            pt.n_teams = nteams - tfirst;
            in->pats[npats++] = pt;
        }
        if (npats > gfirst) {
            gr.first = gfirst;
            gr.count = npats - gfirst;
            in->groups[ngroups++] = gr;
        }
    }
    assert(nteams <= in->n_teams && npats <= in->n_pats);
    in->n_pruned = in->n_teams - nteams;
    in->n_teams = nteams;
    in->n_pats = npats;
    in->n_groups = ngroups;
}

enum status plan_inst_prune(struct plan_inst *in, size_t max_columns,
                            struct plan_choice *must, size_t n_must,
                            struct diag *err)
{
    if (max_columns == 0 || in->n_teams <= max_columns)
        return STATUS_OK;
    size_t nt = in->n_teams;
    struct scored *sc = malloc(nt * sizeof *sc);
    unsigned char *keep = calloc(nt, 1);
    size_t *newix = malloc(nt * sizeof *newix);
    if (!sc || !keep || !newix) {
        free(sc);
        free(keep);
        free(newix);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    }
    for (size_t t = 0; t < nt; t++)
        sc[t] = (struct scored){column_score(in, t), t};
    choose(in, max_columns, must, n_must, sc, keep);
    free(sc);
    compact(in, keep, newix);
    for (size_t q = 0; q < n_must; q++) {
        assert(keep[must[q].team]);
        must[q].team = newix[must[q].team];
    }
    free(keep);
    free(newix);
    return STATUS_OK;
}
