/* cli_project.c -- opening a project file for a command: the store, the
 * scenario (one refusal message when it does not exist), its territory
 * when the command needs it, and the publishes an earlier run left
 * unfinished, finished before the command does anything else. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_published_free(struct cli_published *p)
{
    if (!p)
        return;
    free(p->scenario);
    free(p->feeds_dir);
    memset(p, 0, sizeof *p);
}

void cli_project_close(struct cli_project *pj)
{
    if (!pj)
        return;
    for (size_t i = 0; i < pj->n_finished; i++)
        cli_published_free(&pj->finished[i]);
    free(pj->finished);
    model_free(pj->model);
    store_close(pj->store);
    memset(pj, 0, sizeof *pj);
}

/* Writes again the files of one unfinished publish, from the stored
 * territory and plan. */
static enum status finish_one(struct cli_project *pj,
                              const struct store_publish *pub,
                              struct cli_published *done, struct diag *err)
{
    struct model *m = NULL;
    struct model_plan *p = NULL;
    enum status st = store_load_model(pj->store, pub->scenario, &m, err);
    if (st == STATUS_OK)
        st = store_load_plan(pj->store, pub->scenario, m, pub->plan_id, &p, err);
    if (st == STATUS_OK)
        st = cli_publish(pj->store, pj->path, m, p, pub, done, err);
    model_plan_free(p);
    model_free(m);
    return st;
}

/* Finishes every unfinished publish of the file.  One that fails is kept
 * in pj (the journal row stays, a later run tries again) and does not
 * stop the command: its own work may not depend on it. */
static enum status finish_publishes(struct cli_project *pj, struct diag *err)
{
    struct store_publish *pubs = NULL;
    size_t n = 0;
    enum status st = store_publish_pending(pj->store, &pubs, &n, err);
    if (st != STATUS_OK || n == 0)
        return st;
    pj->finished = calloc(n, sizeof *pj->finished);
    if (!pj->finished) {
        store_publish_free(pubs, n);
        return diag_set(err, STATUS_NOMEM, pj->path, 0, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        struct diag e;
        diag_clear(&e);
        if (finish_one(pj, &pubs[i], &pj->finished[pj->n_finished], &e) == STATUS_OK) {
            pj->n_finished++;
        } else if (!pj->recovery_failed) {
            pj->recovery_failed = true;
            pj->failed_err = e;
        }
    }
    store_publish_free(pubs, n);
    return STATUS_OK;
}

enum status cli_project_open(struct cli_project *pj, const char *path,
                             const char *scenario, unsigned flags,
                             struct diag *err)
{
    memset(pj, 0, sizeof *pj);
    pj->path = path;
    pj->scenario = scenario;
    enum status st = store_open(path, false, &pj->store, err);
    if (st == STATUS_OK && !(flags & CLI_OPEN_NO_RECOVERY))
        st = finish_publishes(pj, err);
    if (st == STATUS_OK && (flags & CLI_OPEN_SCENARIO) &&
        !store_has_scenario(pj->store, scenario))
        st = diag_set(err, STATUS_NOTFOUND, path, 0, 0, NULL,
                      "has no scenario \"%s\"; 'planner scenario list %s' "
                      "lists them", scenario, path);
    if (st == STATUS_OK && (flags & CLI_OPEN_MODEL) == CLI_OPEN_MODEL)
        st = store_load_model(pj->store, scenario, &pj->model, err);
    return st;
}

enum status cli_project_create(struct cli_project *pj, const char *path,
                               const char *scenario, struct diag *err)
{
    memset(pj, 0, sizeof *pj);
    pj->path = path;
    pj->scenario = scenario;
    return store_open(path, true, &pj->store, err);
}
