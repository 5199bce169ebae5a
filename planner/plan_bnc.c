/* plan_bnc.c -- solves the model of plan_glpk.c with GLPK's branch and
 * cut, one independent block at a time.
 *
 * Blocks.  A territory's services often share nothing: on Comtal Lot et
 * Truyère the RPE animatrices, the France Services agents and the
 * ludothèque never meet in a row (other skills, other rooms, other
 * days), so the model is three problems side by side.  One branch-and-
 * bound tree over all of them multiplies their difficulties -- a node
 * that settles the haltes-jeux still carries the open France Services
 * gap -- while solved apart each is small.  We therefore split the model
 * into the connected components of its row/column graph (two columns
 * are linked when a row holds both) and solve each with its own
 * glp_simplex + glp_intopt.  Measured on comtal-lot-truyere (docs/
 * model.md, bench/RESULTS.md).  The LP/MPS files still hold the whole
 * model: its optimum is the sum of the blocks' optima.
 *
 * Gap.  The user's gap is relative to the whole objective, so a block
 * need not reach it on its own: block b stops as soon as
 *     bound_b - best_b <= gap * |sum of best plans| - sum_{other b'} r_b'
 * where r_b' is the gap block b' has now, or its share gap * |best_b'|
 * until it has run.  A block that is easy and closes its tree leaves its
 * share to the hard ones.  When, after a round, the whole is still not
 * within the gap, every block whose tree was not closed runs again
 * (below), against the others' gaps as they are then.  The final
 * status is computed on the whole: "proven" only when
 * (sum of bounds - sum of best plans) / |sum of best plans| <= gap.
 *
 * Rounds and restarts.  Blocks run smallest first.  A run of round r
 * explores at most RESTART_FIRST_NODES * 2^r nodes; a block still open
 * after it runs again next round, first shuffled into another order
 * (block_shuffle), from its best plan and bound.  Slices are counted in
 * nodes, not seconds, so where a run stops does not depend on the
 * machine.  With a time limit, each block of the first round also gets
 * at most the time left times its share of the columns still to solve,
 * so small blocks cannot starve the large one; the plan is the same
 * everywhere unless the limit, or that share of it, cuts a run short.
 *
 * Heuristics (GLP_IHEUR): the greedy plan of plan_heur.c, then an
 * LP-guided greedy and its local search at the root and every 5th node,
 * restricted to the block's columns.  Every offered vector is checked against every row
 * first, since glp_ios_heur_sol does not check feasibility.  glp_intopt's
 * own MIP presolver stays off: with it the callback sees a presolved
 * problem with other column numbers, and glp_ios_heur_sol takes values
 * for the columns of that problem (shared/LIBRARIES.md trap 9).
 */
#include "plan_glpk.h"

#include <assert.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first run of a block explores at most this many nodes of its
 * tree; each new round doubles it (see run()).  Counted in nodes, not
 * seconds, so that where a run stops -- and so the plan -- does not
 * depend on the machine's speed or load.  On comtal-lot-truyere 0.5 s
 * was 7 to 32 nodes of the haltes-jeux block from one run to the next
 * on one machine (root cuts take most of a first run). */
#define RESTART_FIRST_NODES 32

/* Budget of each LP-guided plan's local search (plan_heur.c), in gain
 * evaluations: a few tens of milliseconds.  On comtal-lot-truyere and
 * pays-saint-eloy a search converges after 0.15 M evaluations (median),
 * 0.7 M at most. */
#define TREE_IMPROVE_WORK 2000000LL

struct block {
    glp_prob *lp;
    int n_cols, n_int;
    int *col;            /* block column (1-based) -> model column */
    double best;         /* objective of the best plan (maximised) */
    double bound;        /* best bound, INFINITY while unknown */
    double lp_bound;     /* its LP relaxation, NAN until solved */
    bool done;           /* within its allowance at its last run */
    bool exact;          /* tree closed (or no integer column) */
};

struct solver {
    struct plan_inst *in;
    const struct plan_params *pp;
    struct plan_lp pl;
    double *obj;         /* per model column: maximised objective coef */
    double *best;        /* model vector of the best plan, every block */
    int *blk;            /* per model column: its block */
    int *local;          /* per model column: its column in the block */
    struct block *b;
    int nb;
    unsigned char *mask; /* per team: in the current block */
    double t0, first_feasible, last_progress;
    /* The current run (one glp_intopt on block cur). */
    int cur;
    double deadline;     /* plan_now_seconds() value; < 0: none */
    bool offered;
    int heur_calls;
    long nodes_seen;
    double heur_seconds, run_start;
    bool stopped_by_gap;
    long node_cap;       /* the run's slice in nodes; < 0: none */
    double run_bound;    /* best bound of this run, INFINITY: none */
    int it_start;        /* glp_get_it_cnt of the block at the run's start */
    jmp_buf jump;
};

static enum status nomem(struct diag *err)
{
    return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
}

static double block_value(const struct solver *s, const struct block *b,
                          const double *v)
{
    double o = 0;
    for (int k = 1; k <= b->n_cols; k++)
        o += s->obj[b->col[k]] * v[b->col[k]];
    return o;
}

/* ------------------------------------------------------------------ */
/* Splitting into blocks                                                */
/* ------------------------------------------------------------------ */

static int uf_find(int *par, int a)
{
    while (par[a] != a) {
        par[a] = par[par[a]];
        a = par[a];
    }
    return a;
}

/* A copy of some columns and rows of src: column k of the copy is src's
 * column col[k] (k = 1..n), row i is src's row row[i] (i = 1..nr), and
 * pos[j] is the copy's column of src's column j (every column of a copied
 * row must be copied).  ind and val: scratch of src's column count + 1. */
static glp_prob *problem_copy(glp_prob *src, const int *col, int n,
                              const int *row, int nr, const int *pos,
                              int *ind, double *val)
{
    glp_prob *q = glp_create_prob();
    glp_set_obj_dir(q, GLP_MIN);
    if (n > 0)
        glp_add_cols(q, n);
    for (int k = 1; k <= n; k++) {
        int j = col[k];
        glp_set_col_name(q, k, glp_get_col_name(src, j));
        int kind = glp_get_col_kind(src, j);
        glp_set_col_kind(q, k, kind);
        if (kind != GLP_BV)
            glp_set_col_bnds(q, k, glp_get_col_type(src, j),
                             glp_get_col_lb(src, j), glp_get_col_ub(src, j));
        glp_set_obj_coef(q, k, glp_get_obj_coef(src, j));
    }
    if (nr > 0)
        glp_add_rows(q, nr);
    for (int i = 1; i <= nr; i++) {
        int r = row[i];
        glp_set_row_name(q, i, glp_get_row_name(src, r));
        glp_set_row_bnds(q, i, glp_get_row_type(src, r),
                         glp_get_row_lb(src, r), glp_get_row_ub(src, r));
        int len = glp_get_mat_row(src, r, ind, val);
        for (int k = 1; k <= len; k++)
            ind[k] = pos[ind[k]];
        glp_set_mat_row(q, i, len, ind, val);
    }
    return q;
}

/* A 64-bit xorshift step: the permutations below must be the same on
 * every run and machine, so no rand(). */
static uint64_t xorshift(uint64_t *st)
{
    uint64_t x = *st;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *st = x;
}

/* a[1..n] = a permutation of 1..n (Fisher-Yates on st). */
static void shuffled_identity(int *a, int n, uint64_t *st)
{
    for (int k = 1; k <= n; k++)
        a[k] = k;
    for (int k = n; k > 1; k--) {
        int r = 1 + (int)(xorshift(st) % (uint64_t)k);
        int t = a[k];
        a[k] = a[r];
        a[r] = t;
    }
}

/* Replaces block q's problem by a copy with its columns and rows in
 * another order (seeded by seed), keeping s->local and b->col in step.
 * The problem is the same; GLPK's search is not: its pivoting, cut
 * rounds and branching ties follow the order, and on these models the
 * time a run needs varies by an order of magnitude with it (see the
 * header comment). */
static enum status block_shuffle(struct solver *s, int q, uint64_t seed,
                                 struct diag *err)
{
    struct block *b = &s->b[q];
    glp_prob *old = b->lp;
    int n = b->n_cols, nr = glp_get_num_rows(old);
    int *perm = malloc(((size_t)n + 1) * sizeof *perm);      /* new -> old */
    int *pos = malloc(((size_t)n + 1) * sizeof *pos);        /* old -> new */
    int *rows = malloc(((size_t)nr + 1) * sizeof *rows);
    int *ind = malloc(((size_t)n + 1) * sizeof *ind);
    double *val = malloc(((size_t)n + 1) * sizeof *val);
    int *col = malloc(((size_t)n + 1) * sizeof *col);
    if (!perm || !pos || !rows || !ind || !val || !col) {
        free(perm);
        free(pos);
        free(rows);
        free(ind);
        free(val);
        free(col);
        return nomem(err);
    }
    uint64_t st = seed * 0x9E3779B97F4A7C15ull + 1;
    if (st == 0)
        st = 1;   /* xorshift's one fixed point */
    shuffled_identity(perm, n, &st);
    shuffled_identity(rows, nr, &st);
    for (int k = 1; k <= n; k++)
        pos[perm[k]] = k;
    glp_prob *q2 = problem_copy(old, perm, n, rows, nr, pos, ind, val);
    for (int k = 1; k <= n; k++)
        col[k] = b->col[perm[k]];
    glp_delete_prob(old);
    b->lp = q2;
    free(b->col);
    b->col = col;
    for (int k = 1; k <= n; k++)
        s->local[col[k]] = k;
    free(perm);
    free(pos);
    free(rows);
    free(ind);
    free(val);
    return STATUS_OK;
}

static int block_cmp(const void *a, const void *b)
{
    const struct block *x = a, *y = b;
    if (x->n_cols != y->n_cols)
        return x->n_cols < y->n_cols ? -1 : 1;
    return x->col[1] < y->col[1] ? -1 : 1;
}

/* Numbers the connected components of the row/column graph of the
 * whole problem (in column order) into s->blk, allocates s->b and fills
 * each block's columns; s->local[j] is column j's place in its block.
 * ind, val: scratch of n + 1. */
static enum status find_blocks(struct solver *s, int *ind, double *val,
                               struct diag *err)
{
    glp_prob *all = s->pl.lp;
    int n = s->pl.n_cols, nr = glp_get_num_rows(all);
    int *par = malloc(((size_t)n + 1) * sizeof *par);
    int *id = malloc(((size_t)n + 1) * sizeof *id);
    enum status st = STATUS_OK;
    if (!par || !id) {
        st = nomem(err);
        goto out;
    }
    for (int j = 0; j <= n; j++) {
        par[j] = j;
        id[j] = -1;
    }
    for (int i = 1; i <= nr; i++) {
        int len = glp_get_mat_row(all, i, ind, val);
        for (int k = 2; k <= len; k++) {
            int a = uf_find(par, ind[1]), c = uf_find(par, ind[k]);
            if (a != c)
                par[a] = c;
        }
    }
    int nb = 0;
    for (int j = 1; j <= n; j++) {
        int root = uf_find(par, j);
        if (id[root] < 0)
            id[root] = nb++;
        s->blk[j] = id[root];
    }
    s->b = calloc((size_t)nb + 1, sizeof *s->b);
    if (!s->b) {
        st = nomem(err);
        goto out;
    }
    s->nb = nb;
    for (int j = 1; j <= n; j++)
        s->b[s->blk[j]].n_cols++;
    for (int q = 0; q < nb && st == STATUS_OK; q++) {
        s->b[q].col = malloc(((size_t)s->b[q].n_cols + 1) * sizeof(int));
        if (!s->b[q].col)
            st = nomem(err);
        s->b[q].n_cols = 0;
    }
    for (int j = 1; j <= n && st == STATUS_OK; j++) {
        struct block *b = &s->b[s->blk[j]];
        b->col[++b->n_cols] = j;
        s->local[j] = b->n_cols;
        if (glp_get_col_kind(all, j) != GLP_CV)
            b->n_int++;
    }
out:
    free(par);
    free(id);
    return st;
}

/* Copies each block's columns and rows out of the whole problem (rows
 * grouped by block with a counting sort, 1-based per block), which is
 * then deleted. */
static enum status copy_blocks(struct solver *s, int *ind, double *val,
                               struct diag *err)
{
    glp_prob *all = s->pl.lp;
    int nr = glp_get_num_rows(all), nb = s->nb;
    int *first = calloc((size_t)nb + 2, sizeof *first);
    int *fill = calloc((size_t)nb + 1, sizeof *fill);
    int *rows = malloc(((size_t)nr + 1) * sizeof *rows);
    int *rblk = malloc(((size_t)nr + 1) * sizeof *rblk);
    enum status st = STATUS_OK;
    if (!first || !fill || !rows || !rblk) {
        st = nomem(err);
        goto out;
    }
    for (int i = 1; i <= nr; i++) {
        int len = glp_get_mat_row(all, i, ind, val);
        rblk[i] = len ? s->blk[ind[1]] : -1;
        if (len)
            first[rblk[i] + 1]++;
    }
    for (int q = 0; q < nb; q++)
        first[q + 1] += first[q];
    for (int i = 1; i <= nr; i++)
        if (rblk[i] >= 0)
            rows[1 + first[rblk[i]] + fill[rblk[i]]++] = i;
    for (int q = 0; q < nb; q++)
        s->b[q].lp = problem_copy(all, s->b[q].col, s->b[q].n_cols,
                                  rows + first[q], first[q + 1] - first[q],
                                  s->local, ind, val);
    glp_delete_prob(all);
    s->pl.lp = NULL;
out:
    free(first);
    free(fill);
    free(rows);
    free(rblk);
    return st;
}

/* Fills s->b with the connected components of the model; the whole
 * model's problem becomes the only block when there is one. */
static enum status split_blocks(struct solver *s, struct diag *err)
{
    int n = s->pl.n_cols;
    int *ind = malloc(((size_t)n + 1) * sizeof *ind);
    double *val = malloc(((size_t)n + 1) * sizeof *val);
    s->blk = calloc((size_t)n + 1, sizeof *s->blk);
    s->local = calloc((size_t)n + 1, sizeof *s->local);
    enum status st = STATUS_OK;
    if (!ind || !val || !s->blk || !s->local)
        st = nomem(err);
    if (st == STATUS_OK)
        st = find_blocks(s, ind, val, err);
    if (st == STATUS_OK && s->nb == 1) {
        s->b[0].lp = s->pl.lp;
        s->pl.lp = NULL;
    } else if (st == STATUS_OK) {
        st = copy_blocks(s, ind, val, err);
    }
    free(ind);
    free(val);
    if (st != STATUS_OK)
        return st;
    /* Smallest first; blk[] follows the new order. */
    qsort(s->b, (size_t)s->nb, sizeof *s->b, block_cmp);
    for (int q = 0; q < s->nb; q++)
        for (int k = 1; k <= s->b[q].n_cols; k++)
            s->blk[s->b[q].col[k]] = q;
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Gap accounting                                                       */
/* ------------------------------------------------------------------ */

/* Objective of the best plan of block q, the current run's incumbent
 * included. */
static double block_best(const struct solver *s, int q, glp_prob *P)
{
    double best = s->b[q].best;
    if (P && q == s->cur) {
        int ms = glp_mip_status(P);
        if (ms == GLP_FEAS || ms == GLP_OPT)
            best = fmax(best, -glp_mip_obj_val(P));
    }
    return best;
}

/* What block q's gap may still be for the whole to be within pp->mip_gap
 * (see the header comment). */
static double allowance(const struct solver *s, int q, glp_prob *P)
{
    double total = 0, others = 0, g = s->pp->mip_gap;
    for (int r = 0; r < s->nb; r++) {
        double best = block_best(s, r, P);
        total += best;
        if (r == q)
            continue;
        /* Another block counts with the gap it has, or at its share
         * until it has run (no bound yet). */
        double used = s->b[r].bound - best;
        others += isfinite(used) ? fmax(used, 0.0) : g * fabs(best);
    }
    return g * fabs(total) - others;
}

/* The whole plan's objective and bound so far (bound INFINITY while a
 * block has none). */
static void whole(const struct solver *s, glp_prob *P, double *obj,
                  double *bound)
{
    *obj = 0;
    *bound = 0;
    for (int q = 0; q < s->nb; q++) {
        double best = block_best(s, q, P);
        double bd = s->b[q].bound;
        if (q == s->cur && P)
            bd = fmin(bd, fmax(s->run_bound, best));
        *obj += best;
        *bound += bd;
    }
}

static void report(struct solver *s, const char *phase, glp_prob *P,
                   bool force)
{
    if (!s->pp->progress)
        return;
    double now = plan_now_seconds();
    if (!force && now - s->last_progress < 0.5)
        return;
    s->last_progress = now;
    struct plan_progress pr = {0};
    pr.phase = phase;
    pr.elapsed_s = now - s->t0;
    double obj, bound;
    whole(s, P, &obj, &bound);
    pr.bound = isfinite(bound) ? bound : NAN;
    pr.has_incumbent = s->first_feasible >= 0;
    if (pr.has_incumbent) {
        pr.objective = obj;
        pr.gap = isfinite(bound) ? fabs(bound - obj) / (fabs(obj) + DBL_EPSILON)
                                 : NAN;
    }
    s->pp->progress(s->pp->progress_ctx, &pr);
}

/* ------------------------------------------------------------------ */
/* Callback                                                             */
/* ------------------------------------------------------------------ */

/* Offers a model vector's restriction to the current block. */
static bool offer(struct solver *s, glp_tree *T, const double *v)
{
    const struct block *b = &s->b[s->cur];
    glp_prob *P = glp_ios_get_prob(T);
    double *vb = malloc(((size_t)b->n_cols + 1) * sizeof *vb);
    if (!vb)
        return false;
    for (int k = 1; k <= b->n_cols; k++)
        vb[k] = v[b->col[k]];
    bool ok = plan_lp_feasible(P, vb) && glp_ios_heur_sol(T, vb) == 0;
    free(vb);
    return ok;
}

/* The LP-guided greedy on the current node's relaxation.  The problem
 * GLPK hands us is our block (intopt's presolver is off), so column
 * numbers are the block's. */
static void lp_heuristic(struct solver *s, glp_tree *T)
{
    struct plan_inst *in = s->in;
    glp_prob *P = glp_ios_get_prob(T);
    double *lp = calloc(in->n_teams + 1, sizeof *lp);
    if (!lp)
        return;
    for (size_t t = 0; t < in->n_teams; t++)
        if (s->mask[t])
            lp[t] = glp_get_col_prim(P, s->local[s->pl.y0 + (int)t]);
    s->heur_calls++;
    struct plan_choice *ch = NULL;
    size_t n = 0;
    struct diag e;
    if (plan_heuristic(in, lp, s->mask, TREE_IMPROVE_WORK, s->deadline, &ch,
                       &n, &e) == STATUS_OK) {
        double *v = plan_lp_vector(&s->pl, ch, n);
        if (v && offer(s, T, v) && s->first_feasible < 0)
            s->first_feasible = plan_now_seconds() - s->t0;
        free(v);
    }
    free(ch);
    free(lp);
}

static void callback(glp_tree *T, void *info)
{
    struct solver *s = info;
    glp_prob *P = glp_ios_get_prob(T);
    switch (glp_ios_reason(T)) {
    case GLP_IHEUR:
        if (!s->offered) {
            s->offered = true;
            if (s->pp->heuristic)
                offer(s, T, s->best);
        }
        /* The LP-guided greedy at the root and every 5th node (every
         * 20th found worse plans), at most 200 times a run.  Counted in
         * nodes, not seconds: a rule on the time it takes made the plan
         * depend on the machine's load (two runs of quercy-blanc under
         * AddressSanitizer made 3 and 4 calls and two plans).  Its cost
         * is bounded by its work budget (TREE_IMPROVE_WORK). */
        if (s->pp->heuristic && s->heur_calls < 200 &&
            (s->heur_calls < 3 || s->nodes_seen % 5 == 0)) {
            double h0 = plan_now_seconds();
            lp_heuristic(s, T);
            s->heur_seconds += plan_now_seconds() - h0;
        }
        s->nodes_seen++;
        break;
    case GLP_IBINGO:
        if (s->first_feasible < 0)
            s->first_feasible = plan_now_seconds() - s->t0;
        break;
    default:
        break;
    }
    int bn = glp_ios_best_node(T);
    if (bn) {
        double nb = -glp_ios_node_bound(T, bn);
        /* Bounds only tighten; keep the smallest valid one. */
        s->run_bound = fmin(s->run_bound, nb);
    }
    int ms = glp_mip_status(P);
    if ((ms == GLP_FEAS || ms == GLP_OPT) && isfinite(s->run_bound)) {
        double inc = -glp_mip_obj_val(P);
        if (fmax(s->run_bound, inc) - inc <= allowance(s, s->cur, P) + 1e-12) {
            s->stopped_by_gap = true;
            glp_ios_terminate(T);
        }
    }
    /* GLPK checks tm_lim between its own steps only: cuts and our
     * heuristic on a large model can run past it, so enforce it here. */
    if (s->deadline >= 0 && plan_now_seconds() > s->deadline &&
        !s->stopped_by_gap)
        glp_ios_terminate(T);
    if (s->node_cap >= 0 && !s->stopped_by_gap) {
        int active, current, total;
        glp_ios_tree_size(T, &active, &current, &total);
        if (total > s->node_cap)
            glp_ios_terminate(T);
    }
    report(s, "mip", P, false);
}

/* GLPK prints some lines whatever msg_lev says (the clique cut's
 * "Constructing conflict graph...", glp_write_lp's "Writing problem
 * data"): a library must not write to stdout, so below verbosity 2 the
 * hook swallows them (non-zero return = do not print). */
static int term_hook(void *info, const char *str)
{
    const struct solver *s = info;
    (void)str;
    return s->pp->verbosity < 2;
}

static void error_hook(void *info)
{
    struct solver *s = info;
    longjmp(s->jump, 1);
}

/* ------------------------------------------------------------------ */
/* One block                                                            */
/* ------------------------------------------------------------------ */

static int time_left_ms(double deadline)
{
    if (deadline < 0)
        return INT_MAX;
    double ms = (deadline - plan_now_seconds()) * 1000;
    return ms < 1 ? 1 : (int)fmin(ms, INT_MAX);
}

/* GLPK's message level for our verbosity. */
static int msg_level(const struct plan_params *pp)
{
    return pp->verbosity <= 0   ? GLP_MSG_OFF
           : pp->verbosity == 1 ? GLP_MSG_ERR
           : pp->verbosity == 2 ? GLP_MSG_ON
                                : GLP_MSG_ALL;
}

/* The state of one run (one glp_intopt on block q). */
static void run_begin(struct solver *s, int q, double deadline,
                      long node_cap)
{
    s->cur = q;
    s->deadline = deadline;
    s->offered = false;
    s->heur_calls = 0;
    s->nodes_seen = 0;
    s->heur_seconds = 0;
    s->run_start = plan_now_seconds();
    s->stopped_by_gap = false;
    s->node_cap = node_cap;
    s->run_bound = INFINITY;
    for (size_t t = 0; t < s->in->n_teams; t++)
        s->mask[t] = s->blk[s->pl.y0 + (int)t] == q;
}

/* The block's LP relaxation.  *settled: nothing is left to do in this
 * run (the deadline passed, with *lp_timeout set; the block has no
 * integer column; or its best plan is already within its allowance). */
static enum status solve_relaxation(struct solver *s, int q, double deadline,
                                    bool *lp_timeout, bool *settled,
                                    struct diag *err)
{
    struct block *b = &s->b[q];
    glp_prob *P = b->lp;
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = msg_level(s->pp);
    /* No LP presolver: it does not check tm_lim (on bench L it ran 2 s
     * past a 0.5 s limit), doubles the memory and takes longer than the
     * simplex it saves; without it glp_intopt starts from our own
     * problem's basis (measurements: docs/model.md §5). */
    sp.presolve = GLP_OFF;
    sp.tm_lim = time_left_ms(deadline);
    int ret = glp_simplex(P, &sp);
    *settled = true;
    if (ret == GLP_ETMLIM || (ret == 0 && glp_get_status(P) != GLP_OPT &&
                              deadline >= 0 &&
                              plan_now_seconds() > deadline)) {
        *lp_timeout = true;
        return STATUS_OK;
    }
    if (ret != 0 || glp_get_status(P) != GLP_OPT)
        return diag_set(err, STATUS_SOLVER, "", 0, 0, NULL,
                        "GLPK could not solve the LP relaxation (code %d, "
                        "status %d)", ret, glp_get_status(P));
    double lpv = -glp_get_obj_val(P);
    if (isnan(b->lp_bound))
        b->lp_bound = lpv;
    b->bound = fmin(b->bound, lpv);
    if (b->n_int == 0) {
        /* No integer column: the relaxation is the answer. */
        for (int k = 1; k <= b->n_cols; k++)
            s->best[b->col[k]] = glp_get_col_prim(P, k);
        b->best = lpv;
        b->bound = lpv;
        b->done = b->exact = true;
        return STATUS_OK;
    }
    /* The best plan may already be within the allowance of the bound. */
    if (b->bound - b->best <= allowance(s, q, NULL) + 1e-12) {
        b->done = true;
        return STATUS_OK;
    }
    *settled = false;
    return STATUS_OK;
}

/* glp_intopt's parameters for a block of n_cols columns. */
static void intopt_params(struct solver *s, int n_cols, double deadline,
                          glp_iocp *ip)
{
    glp_init_iocp(ip);
    ip->msg_lev = msg_level(s->pp);
    ip->presolve = GLP_OFF;
    /* The gap test is ours (callback), against the whole objective. */
    ip->mip_gap = 0.0;
    if (s->pp->cuts) {
        ip->mir_cuts = GLP_ON;
        /* Gomory cuts re-solve a dense LP every round: on large
         * blocks one root round outlasts the time limit. */
        ip->gmi_cuts = n_cols <= 10000 ? GLP_ON : GLP_OFF;
        /* Cover cuts: off.  GLPK generates them at every node; on
         * these models they did not move the bound and cost time. */
        ip->cov_cuts = GLP_OFF;
        ip->clq_cuts = GLP_ON;
    }
    /* Most fractional variable, not GLPK's default Driebeck-Tomlin
     * rule: that one evaluates a row of the simplex tableau for every
     * fractional column at every node: half of the time on a slow order
     * of comtal-lot-truyere (perf).  With MFV, cover cuts off and slices in
     * nodes, comtal's proof over seven search orders took a median
     * 1.6 s and at most 5.9 s, against 2.2 s and 47 s before, and
     * pays-saint-eloy's gap at 60 s is 4.2-5.4 % instead of 4.9-5.8 %
     * (bench/RESULTS.md run 5). */
    ip->br_tech = GLP_BR_MFV;
    ip->cb_func = callback;
    ip->cb_info = s;
    ip->tm_lim = time_left_ms(deadline);
}

/* Keeps what a run of glp_intopt (its return iret) found on block q. */
static void keep_run(struct solver *s, int q, int iret)
{
    struct block *b = &s->b[q];
    glp_prob *P = b->lp;
    int ms = glp_mip_status(P);
    if (ms == GLP_FEAS || ms == GLP_OPT) {
        double v = -glp_mip_obj_val(P);
        if (v > b->best + 1e-9 * (1 + fabs(b->best))) {
            for (int k = 1; k <= b->n_cols; k++)
                s->best[b->col[k]] = glp_mip_col_val(P, k);
            b->best = v;
            if (s->first_feasible < 0)
                s->first_feasible = plan_now_seconds() - s->t0;
        }
    }
    if (iret == 0 && ms == GLP_OPT) {
        b->bound = b->best;     /* tree closed */
        b->done = b->exact = true;
    } else {
        b->bound = fmin(b->bound, fmax(s->run_bound, b->best));
        b->done = s->stopped_by_gap;
    }
    /* A bound is never below a plan it bounds (up to LP tolerances). */
    assert(b->bound >= b->best - 1e-4 * (1 + fabs(b->best)));
}

/* The run's line for pp->log (verbosity 2 or more). */
static void log_run(struct solver *s, int q)
{
    const struct plan_params *pp = s->pp;
    if (pp->verbosity < 2 || !pp->log)
        return;
    const struct block *b = &s->b[q];
    char line[320];
    snprintf(line, sizeof line, "block %d (%d columns, %d integer): best "
             "%.4f, bound %.4f, %s after %.2f s (%d nodes, %d simplex "
             "iterations; heuristic: %d runs, %.2f s)",
             q, b->n_cols, b->n_int, b->best, b->bound,
             b->done ? "done" : "stopped by its slice",
             plan_now_seconds() - s->run_start, (int)s->nodes_seen,
             glp_get_it_cnt(b->lp) - s->it_start, s->heur_calls,
             s->heur_seconds);
    pp->log(pp->log_ctx, line);
}

/* Solves block q until it is within its allowance, its tree is closed,
 * its tree has node_cap nodes (< 0: no cap) or the deadline passes.
 * Returns an error only when GLPK fails. */
static enum status solve_block(struct solver *s, int q, double deadline,
                               long node_cap, bool *lp_timeout,
                               struct diag *err)
{
    run_begin(s, q, deadline, node_cap);
    bool settled;
    enum status st = solve_relaxation(s, q, deadline, lp_timeout, &settled,
                                      err);
    if (st != STATUS_OK || settled)
        return st;
    report(s, "mip", NULL, true);
    glp_iocp ip;
    intopt_params(s, s->b[q].n_cols, deadline, &ip);
    s->it_start = glp_get_it_cnt(s->b[q].lp);
    int iret = glp_intopt(s->b[q].lp, &ip);
    if (iret != 0 && iret != GLP_ETMLIM && iret != GLP_ESTOP &&
        iret != GLP_EMIPGAP)
        return diag_set(err, STATUS_SOLVER, "", 0, 0, NULL,
                        "GLPK's branch and cut failed (code %d)", iret);
    keep_run(s, q, iret);
    log_run(s, q);
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                          */
/* ------------------------------------------------------------------ */

void plan_mip_out_free(struct plan_mip_out *o)
{
    if (!o)
        return;
    free(o->chosen);
    free(o->slack);
    memset(o, 0, sizeof *o);
}

static void solver_free(struct solver *s)
{
    for (int q = 0; q < s->nb; q++) {
        if (s->b[q].lp)
            glp_delete_prob(s->b[q].lp);
        free(s->b[q].col);
    }
    free(s->b);
    plan_lp_free(&s->pl);
    free(s->obj);
    free(s->best);
    free(s->blk);
    free(s->local);
    free(s->mask);
}

/* Builds the whole problem, writes the LP and MPS files asked for, and
 * keeps its objective (maximised) per column. */
static enum status prepare(struct solver *s, struct plan_mip_out *out,
                           struct diag *err)
{
    const struct plan_params *pp = s->pp;
    enum status st = plan_lp_build(s->in, pp, &s->pl, err);
    if (st != STATUS_OK || s->pl.timed_out)
        return st;
    glp_prob *all = s->pl.lp;
    int n = s->pl.n_cols;
    out->n_rows = (size_t)glp_get_num_rows(all);
    out->n_cols = (size_t)n;
    out->n_nz = (size_t)glp_get_num_nz(all);
    if (pp->write_lp && glp_write_lp(all, NULL, pp->write_lp) != 0)
        return diag_set(err, STATUS_IO, pp->write_lp, 0, 0, NULL,
                        "cannot write the LP file");
    if (pp->write_mps && glp_write_mps(all, GLP_MPS_FILE, NULL, pp->write_mps) != 0)
        return diag_set(err, STATUS_IO, pp->write_mps, 0, 0, NULL,
                        "cannot write the MPS file");
    s->obj = malloc(((size_t)n + 1) * sizeof *s->obj);
    s->mask = calloc(s->in->n_teams + 1, 1);
    if (!s->obj || !s->mask)
        return nomem(err);
    for (int j = 0; j <= n; j++)
        s->obj[j] = -glp_get_obj_coef(all, j);
    return STATUS_OK;
}

/* s->best: the greedy plan when it checks out, else the empty plan
 * (every model admits it: no session, every target's slack at its
 * requirement), so every block always has a plan to fall back on. */
static enum status start_vector(struct solver *s, const struct plan_choice *start,
                                size_t n_start, struct diag *err)
{
    glp_prob *all = s->pl.lp;
    if (start && s->pp->heuristic) {
        s->best = plan_lp_vector(&s->pl, start, n_start);
        if (!s->best)
            return nomem(err);
        if (plan_lp_feasible(all, s->best))
            s->first_feasible = plan_now_seconds() - s->t0;
        else {
            /* Our bug, not the user's: solve without it. */
            free(s->best);
            s->best = NULL;
        }
    }
    if (!s->best) {
        s->best = plan_lp_vector(&s->pl, NULL, 0);
        if (!s->best)
            return nomem(err);
        if (!plan_lp_feasible(all, s->best))
            return diag_set(err, STATUS_SOLVER, "", 0, 0, NULL,
                            "internal error: the empty plan violates the "
                            "model");
    }
    return STATUS_OK;
}

/* One round: every block not done runs once, for at most node_cap nodes
 * of its tree; in round 0 with a time limit, a block also gets at most
 * the time left times its share of the columns still to solve.
 * *stop: the time limit ended the search. */
static enum status one_round(struct solver *s, int round, double end,
                             long left_cols, bool *stop, struct diag *err)
{
    const struct plan_params *pp = s->pp;
    enum status st = STATUS_OK;
    bool lp_timeout = false;
    for (int q = 0; q < s->nb && st == STATUS_OK; q++) {
        struct block *b = &s->b[q];
        if (b->done)
            continue;
        double dl = -1;
        if (end >= 0) {
            double now = plan_now_seconds(), left = fmax(0.0, end - now);
            dl = now + (round == 0 ? left * b->n_cols / (double)left_cols
                                   : left);
        }
        /* Past 2^30 nodes (GLPK counts them in an int) no cap. */
        long node_cap = round < 25 ? (long)RESTART_FIRST_NODES << round : -1;
        left_cols -= b->n_cols;
        /* Seed 0, round 0: the model's own order. */
        if (round > 0 || pp->seed != 0)
            st = block_shuffle(s, q, pp->seed * 0x100000001B3ull +
                                     (uint64_t)round * 1000003u + (uint64_t)q,
                               err);
        if (st == STATUS_OK)
            st = solve_block(s, q, dl, node_cap, &lp_timeout, err);
        /* A relaxation cut short by the block's slice is solved again
         * next round; by the time limit, the search is over. */
        if (lp_timeout && plan_now_seconds() < end - 0.01)
            lp_timeout = false;
        if (lp_timeout) {
            *stop = true;
            break;
        }
    }
    return st;
}

/* Rounds: every block not done runs once per round, round r for at
 * most RESTART_FIRST_NODES * 2^r nodes (with a time limit, the first
 * round also shares the time left by size).  A block that comes back
 * for another round is first shuffled (block_shuffle): a restart
 * with a new search order, keeping its best plan (offered to the new
 * run) and its best bound (the smaller of the runs').  Doubling
 * slices lose at most half of the work to restarts, and on these
 * models a run's length varies by more than that with the order
 * (docs/model.md).  Slices are counted in nodes, so unless the time
 * limit (or a first-round share of it) cuts a run short, the plan is
 * the same on every machine. */
static enum status search(struct solver *s, struct diag *err)
{
    const struct plan_params *pp = s->pp;
    double end = pp->time_limit_s > 0 ? s->t0 + pp->time_limit_s : -1;
    enum status st = STATUS_OK;
    bool stop = false;
    for (int round = 0; st == STATUS_OK && !stop; round++) {
        if (round > 0) {
            double o, bd;
            whole(s, NULL, &o, &bd);
            if (isfinite(bd) &&
                fabs(bd - o) / (fabs(o) + DBL_EPSILON) <= pp->mip_gap + 1e-12)
                break;
            for (int q = 0; q < s->nb; q++)
                s->b[q].done = s->b[q].exact;
        }
        long left_cols = 0;
        for (int q = 0; q < s->nb; q++)
            if (!s->b[q].done)
                left_cols += s->b[q].n_cols;
        if (left_cols == 0 || (end >= 0 && plan_now_seconds() >= end - 0.01))
            break;
        st = one_round(s, round, end, left_cols, &stop, err);
    }
    return st;
}

/* The whole plan's figures and outcome, and its columns. */
static enum status conclude(struct solver *s, struct plan_mip_out *out,
                            struct diag *err)
{
    const struct plan_params *pp = s->pp;
    s->cur = -1;
    out->lp_bound = 0;
    for (int q = 0; q < s->nb; q++)
        out->lp_bound += s->b[q].lp_bound;   /* NAN when one is missing */
    double obj, bound;
    whole(s, NULL, &obj, &bound);
    bool all_done = true;
    for (int q = 0; q < s->nb; q++)
        all_done = all_done && (s->b[q].done || s->b[q].exact);
    out->has_solution = true;
    out->objective = obj;
    out->bound = fmax(bound, obj);
    out->gap = isfinite(bound) ? fabs(out->bound - obj) / (fabs(obj) + DBL_EPSILON)
                               : INFINITY;
    out->proven = out->gap <= pp->mip_gap + 1e-12;
    out->time_limit_hit = !out->proven && !all_done;
    out->outcome = out->proven ? PLAN_OPTIMAL : PLAN_FEASIBLE;
    out->first_feasible_s = s->first_feasible;
    report(s, "done", NULL, true);
    return plan_lp_extract(&s->pl, s->best, out, err);
}

static bool past(double deadline)
{
    return deadline >= 0 && plan_now_seconds() >= deadline;
}

/* Builds, writes and solves; on return s->best holds the plan (when
 * out->searched). */
static enum status run(struct solver *s, const struct plan_choice *start,
                       size_t n_start, struct plan_mip_out *out,
                       struct diag *err)
{
    /* The deadline may pass while the problem is built or copied into
     * blocks (a few tenths of a second on bench L): then no search, and
     * plan_solve answers with the greedy plan. */
    enum status st = prepare(s, out, err);
    if (st != STATUS_OK || s->pl.timed_out || past(s->in->deadline))
        return st;
    st = start_vector(s, start, n_start, err);
    if (st == STATUS_OK)
        st = split_blocks(s, err);
    if (st != STATUS_OK || past(s->in->deadline))
        return st;
    out->searched = true;
    for (int q = 0; q < s->nb; q++) {
        s->b[q].best = block_value(s, &s->b[q], s->best);
        s->b[q].bound = INFINITY;
        s->b[q].lp_bound = NAN;
    }
    s->cur = -1;
    report(s, "lp", NULL, true);
    st = search(s, err);
    if (st != STATUS_OK)
        return st;
    return conclude(s, out, err);
}

enum status plan_mip_solve(struct plan_inst *in, const struct plan_params *pp,
                           const struct plan_choice *start, size_t n_start,
                           double t0, struct plan_mip_out *out,
                           struct diag *err)
{
    memset(out, 0, sizeof *out);
    out->first_feasible_s = -1;
    struct solver *s = calloc(1, sizeof *s);
    if (!s)
        return nomem(err);
    s->in = in;
    s->pp = pp;
    s->t0 = t0;
    s->first_feasible = -1;
    s->cur = -1;
    glp_error_hook(error_hook, s);
    glp_term_hook(term_hook, s);
    if (setjmp(s->jump)) {
        /* GLPK hit an internal error: its environment is unusable, and
         * its problems went with it. */
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        glp_free_env();
        for (int q = 0; q < s->nb; q++)
            s->b[q].lp = NULL;
        s->pl.lp = NULL;
        solver_free(s);
        free(s);
        plan_mip_out_free(out);
        return diag_set(err, STATUS_SOLVER, "", 0, 0, NULL,
                        "GLPK stopped with an internal error; run with "
                        "--verbose to see its message");
    }
    enum status st = run(s, start, n_start, out, err);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    solver_free(s);
    free(s);
    if (st != STATUS_OK)
        plan_mip_out_free(out);
    return st;
}
