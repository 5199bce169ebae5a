/* plan.c -- a plan: the ordered list of sessions a solver or a
 * coordinator produced.  The store saves it, the calendar layer
 * publishes it, `planner verify` checks it.  Order is always
 * (day, start, service, site, uid) so every output is deterministic. */
#include "models.h"

#include <stdlib.h>
#include <string.h>

struct model_plan *model_plan_new(void)
{
    struct model_plan *p = calloc(1, sizeof *p);
    if (p) {
        snprintf(p->solver_status, sizeof p->solver_status, "none");
        p->frozen_through = MODEL_NOT_FROZEN;
    }
    return p;
}

void model_plan_free(struct model_plan *p)
{
    if (!p)
        return;
    free(p->sessions);
    free(p->runs);
    free(p);
}

enum status model_plan_add(struct model_plan *p, const struct model_session *s)
{
    if (p->n_sessions == p->capacity) {
        size_t cap = p->capacity ? p->capacity * 2 : 64;
        struct model_session *ns = realloc(p->sessions, cap * sizeof *ns);
        if (!ns)
            return STATUS_NOMEM;
        p->sessions = ns;
        p->capacity = cap;
    }
    p->sessions[p->n_sessions++] = *s;
    return STATUS_OK;
}

enum status model_plan_add_run(struct model_plan *p, const struct model_run *r)
{
    if (p->n_runs == p->runs_capacity) {
        size_t cap = p->runs_capacity ? p->runs_capacity * 2 : 16;
        struct model_run *nr = realloc(p->runs, cap * sizeof *nr);
        if (!nr)
            return STATUS_NOMEM;
        p->runs = nr;
        p->runs_capacity = cap;
    }
    p->runs[p->n_runs++] = *r;
    return STATUS_OK;
}

static int session_cmp(const void *a, const void *b)
{
    const struct model_session *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->service != y->service)
        return x->service < y->service ? -1 : 1;
    if (x->site != y->site)
        return x->site < y->site ? -1 : 1;
    return strcmp(x->uid, y->uid);
}

static int run_cmp(const void *a, const void *b)
{
    const struct model_run *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->depart != y->depart)
        return x->depart < y->depart ? -1 : 1;
    if (x->transport != y->transport)
        return x->transport < y->transport ? -1 : 1;
    return x->route < y->route ? -1 : x->route > y->route;
}

void model_plan_sort(struct model_plan *p)
{
    if (p->n_sessions > 1)
        qsort(p->sessions, p->n_sessions, sizeof *p->sessions, session_cmp);
    if (p->n_runs > 1)
        qsort(p->runs, p->n_runs, sizeof *p->runs, run_cmp);
}
