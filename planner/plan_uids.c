/* plan_uids.c -- plan_keep_uids(): a re-plan's sessions take the UIDs
 * their subscribers already know.
 *
 * The solver names a session by its place in the series of its service
 * at its site (ics_session_uid: "<service>-<site>-<n>@<domain>").  That
 * name is stable while the series keeps its pattern, but a re-plan that
 * picks another phase or cadence at a site -- a room booked away on one
 * date is enough -- renumbers the series: a session that did not move
 * would come out under another UID, and every subscribed calendar would
 * show it cancelled and added again, or moved when it did not.
 *
 * So before the store compares the new plan with the last one (UID by
 * UID, store_save_plan), the new sessions are matched with the previous
 * plan's, per (service, site) -- after the sessions of p's frozen past
 * (model_rule_frozen), which keep the UIDs they have:
 *   1. the same date and start: the session keeps its old UID (it will
 *      be "unchanged", or "changed" when only its team or vehicle moved);
 *   2. the rest, in date order, take the old UIDs of that series left
 *      over, in date order: those events move (SEQUENCE + 1);
 *   3. what remains (a series that gained sessions) takes, in date
 *      order, the series' first numbers no old event and no session
 *      named above holds.
 * The old UIDs nobody takes are the sessions the re-plan drops: the
 * store cancels them.  Cancelled sessions of the previous plan count as
 * old UIDs too (re-using one re-publishes that event, SEQUENCE + 1).
 *
 * Horizon after horizon: prev is the last plan of the same horizon (its
 * sessions in it), and taken every UID the scenario has published in
 * any horizon.  Step 3 avoids them all, so the first plan of 2027-Q2
 * after 2027-Q1's numbers its series after Q1's events (a weekly series
 * with 13 sessions in Q1 goes on with -13, -14, ...) and never takes or
 * moves one of them; a scenario of one horizon keeps the UIDs it always
 * had. */
#include "planner.h"

#include <stdlib.h>
#include <string.h>

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool same_series(const struct model_session *a,
                        const struct model_session *b)
{
    return a->service == b->service && a->site == b->site;
}

/* Where a new session stands: no UID decided yet, named, or in need of
 * a fresh number (step 3). */
enum { OPEN, NAMED, FRESH };

/* Is uid held by the previous plan or another horizon (sorted
 * prev_uids), or by a session of p already named (done[i] == NAMED)? */
static bool uid_taken(const char *uid, const char **prev_uids, size_t n_prev,
                      const struct model_plan *p, const unsigned char *done)
{
    if (bsearch(&uid, prev_uids, n_prev, sizeof *prev_uids, str_cmp))
        return true;
    for (size_t i = 0; i < p->n_sessions; i++)
        if (done[i] == NAMED && !strcmp(p->sessions[i].uid, uid))
            return true;
    return false;
}

/* One matching: the plans, what is decided, the UIDs to avoid. */
struct match {
    const struct model *m;
    struct model_plan *p;
    const struct model_plan *prev;
    size_t n, np;
    unsigned char *done;   /* per session of p: OPEN, NAMED or FRESH */
    unsigned char *used;   /* per session of prev: has given its UID */
    const char **old;      /* prev's UIDs and the taken ones, sorted */
    size_t n_old;
};

/* 0. The frozen past keeps its UIDs whatever happens (prev may lack
 * them: sessions the territory can no longer describe are not in it). */
static void keep_frozen(struct match *x)
{
    for (size_t i = 0; i < x->n; i++) {
        const struct model_session *s = &x->p->sessions[i];
        if (s->status != SESSION_CONFIRMED ||
            !model_rule_frozen(s->day, x->p->frozen_through))
            continue;
        x->done[i] = NAMED;
        for (size_t j = 0; j < x->np; j++)
            if (!strcmp(x->prev->sessions[j].uid, s->uid))
                x->used[j] = 1;
    }
}

/* 1. Same series, date and start. */
static void match_same(struct match *x)
{
    for (size_t i = 0; i < x->n; i++) {
        struct model_session *s = &x->p->sessions[i];
        if (s->status != SESSION_CONFIRMED)
            continue;
        for (size_t j = 0; j < x->np && x->done[i] == OPEN; j++) {
            const struct model_session *y = &x->prev->sessions[j];
            if (!x->used[j] && same_series(s, y) && s->day == y->day &&
                s->start == y->start) {
                memcpy(s->uid, y->uid, sizeof s->uid);
                x->done[i] = NAMED;
                x->used[j] = 1;
            }
        }
    }
}

/* 2. The series' old UIDs left over, in date order on both sides: each
 * step takes the earliest open session and the earliest unused old one
 * of its series (no order of either plan is assumed). */
static void match_in_order(struct match *x)
{
    size_t n = x->n, np = x->np;
    const struct model_session *old = x->prev ? x->prev->sessions : NULL;
    for (;;) {
        size_t bi = n;
        for (size_t i = 0; i < n; i++)
            if (x->done[i] == OPEN &&
                x->p->sessions[i].status == SESSION_CONFIRMED &&
                (bi == n || x->p->sessions[i].day < x->p->sessions[bi].day))
                bi = i;
        if (bi == n)
            break;
        struct model_session *s = &x->p->sessions[bi];
        size_t bj = np;
        for (size_t j = 0; j < np; j++)
            if (!x->used[j] && same_series(s, &old[j]) &&
                (bj == np || old[j].day < old[bj].day))
                bj = j;
        if (bj < np) {
            memcpy(s->uid, old[bj].uid, sizeof s->uid);
            x->used[bj] = 1;
            x->done[bi] = NAMED;
        } else {
            x->done[bi] = FRESH;
        }
    }
}

/* 3. Sessions a series gained, in date order: the series' first number
 * that neither the old UIDs nor a session named above hold.  (The
 * solver's own number could be an old event's.) */
static void number_fresh(struct match *x)
{
    for (;;) {
        size_t bi = x->n;
        for (size_t i = 0; i < x->n; i++)
            if (x->done[i] == FRESH &&
                (bi == x->n || x->p->sessions[i].day < x->p->sessions[bi].day))
                bi = i;
        if (bi == x->n)
            break;
        struct model_session *s = &x->p->sessions[bi];
        for (int k = 0;; k++) {
            ics_session_uid(x->m, s->service, s->site, k, NULL, s->uid);
            if (!uid_taken(s->uid, x->old, x->n_old, x->p, x->done))
                break;
        }
        x->done[bi] = NAMED;
    }
}

enum status plan_keep_uids(const struct model *m, struct model_plan *p,
                           const struct model_plan *prev,
                           const char *const *taken, size_t n_taken,
                           struct diag *err)
{
    size_t n = p->n_sessions, np = prev ? prev->n_sessions : 0;
    if (n == 0 || (np == 0 && n_taken == 0))
        return STATUS_OK;
    struct match x = {.m = m, .p = p, .prev = prev, .n = n, .np = np,
                      .n_old = np + n_taken};
    x.done = calloc(n, 1);
    x.used = calloc(np + 1, 1);
    x.old = malloc((x.n_old + 1) * sizeof *x.old);
    enum status st = STATUS_OK;
    if (!x.done || !x.used || !x.old) {
        st = diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    } else {
        for (size_t j = 0; j < np; j++)
            x.old[j] = prev->sessions[j].uid;
        for (size_t j = 0; j < n_taken; j++)
            x.old[np + j] = taken[j];
        /* Duplicates (prev's UIDs are taken too) do no harm. */
        qsort(x.old, x.n_old, sizeof *x.old, str_cmp);
        keep_frozen(&x);
        match_same(&x);
        match_in_order(&x);
        number_fresh(&x);
    }
    free(x.done);
    free(x.used);
    free(x.old);
    return st;
}
