/* plan_glpk.h -- the instance as one GLPK problem, shared by the two
 * files that include glpk.h: plan_glpk.c builds the problem (columns,
 * rows, valid inequalities) and maps plans to column vectors and back;
 * plan_bnc.c solves it, block by independent block, with branch and cut.
 * Private to planner/ (not installed, not in planner.h).
 */
#ifndef PLANNER_PLAN_GLPK_H
#define PLANNER_PLAN_GLPK_H

#include <glpk.h>

#include "plan_int.h"

/* The whole model and where each variable family sits in it.  Column
 * numbers are GLPK's (1-based); 0 means "no such column". */
struct plan_lp {
    struct plan_inst *in;
    glp_prob *lp;      /* minimisation of the negated objective */
    int n_cols;
    int y0;            /* y_t = y0 + t */
    int *vfirst;       /* per pattern: first v column */
    int *fcol;         /* per group */
    int *ucol;         /* per service x commune */
    int *ecol;         /* per service */
    int *wcol;         /* per requirement */
};

/* Builds the problem of docs/model.md into pl (pl->lp is created here).
 * GLPK's error hook must already be set by the caller. */
enum status plan_lp_build(struct plan_inst *in, const struct plan_params *pp,
                          struct plan_lp *pl, struct diag *err);
/* Frees the column maps and deletes pl->lp when not NULL.  NULL is fine. */
void plan_lp_free(struct plan_lp *pl);

/* The full column vector (1-based, n_cols + 1 entries) of a plan given
 * as chosen columns: y, v, and the F, u, e, w values those imply.  NULL
 * when out of memory.  n = 0 gives the empty plan, which every instance
 * admits (every target's slack at its requirement). */
double *plan_lp_vector(const struct plan_lp *pl, const struct plan_choice *ch,
                       size_t n);
/* Whether v (1-based) satisfies every row and bound of lp. */
bool plan_lp_feasible(glp_prob *lp, const double *v);
/* The maximised objective of a full vector. */
double plan_lp_objective(const struct plan_lp *pl, const double *v);
/* Fills out->chosen and out->slack from a full vector. */
enum status plan_lp_extract(const struct plan_lp *pl, const double *v,
                            struct plan_mip_out *out, struct diag *err);

#endif
