/* plan_glpk.h -- the instance as one GLPK problem, shared by the files
 * that include glpk.h: plan_glpk.c assembles the problem (the matrix
 * being written, plan_lp_build) and maps plans to column vectors and
 * back; plan_cols.c adds its columns, plan_rows.c its rows (one function
 * per row family, and the valid inequalities); plan_bnc.c solves it,
 * block by independent block, with branch and cut.
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
    bool timed_out;    /* the deadline passed while building: lp NULL */
};

/* ---- assembly (plan_glpk.c), for plan_cols.c and plan_rows.c ---- */

/* Where each column family starts (GLPK column numbers; 0: none). */
struct plan_cols {
    int y0;            /* y_t = y0 + t */
    int *vfirst;       /* per pattern: first v column, 0 when none */
    int *fcol;         /* per group */
    int *ucol;         /* per service x commune, 0 when absent */
    int *ecol;         /* per service, 0 when absent */
    int *wcol;         /* per requirement */
    int n;
};

/* Matrix entries gathered for one glp_load_matrix call (1-based). */
struct plan_mat {
    int *ia, *ja;
    double *ar;
    size_t n, cap;
    int cur;           /* the row being written */
};

/* Assembly state: the problem being built and its column maps. */
struct plan_build {
    struct plan_inst *in;
    const struct plan_params *pp;
    glp_prob *lp;
    struct plan_cols c;
    struct plan_mat mt;
    int *grp;          /* per pattern: its group */
    int *mark;         /* per group: scratch for the weekly cuts */
    int stamp;
    bool timed_out;    /* the instance's deadline passed: rows stopped */
};

/* Adds an entry to the current row (false: out of memory).  Zero
 * entries are left out (see plan_glpk.c). */
bool plan_mat_push(struct plan_mat *mt, int col, double val);
/* Starts a new row and makes it current; returns its number. */
int plan_row_new(struct plan_build *x, const char *name, int type, double lo,
                 double hi);
/* Adds a column with the maximised objective coefficient obj. */
int plan_col_new(struct plan_build *x, const char *name, int kind, int type,
                 double lo, double hi, double obj);
/* The column families (plan_cols.c), then the rows (plan_rows.c). */
enum status plan_cols_build(struct plan_build *x, struct diag *err);
enum status plan_rows_build(struct plan_build *x, struct diag *err);

/* Builds the problem of docs/model.md into pl (pl->lp is created here).
 * GLPK's error hook must already be set by the caller.  When the
 * instance's deadline passes on the way (checked between row families),
 * returns STATUS_OK with pl->timed_out set and no problem. */
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
