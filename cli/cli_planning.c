/* cli_planning.c -- the planning sequence `plan` and `solve` share:
 * closures of the horizon, solve, verify with the independent checker,
 * keep the last plan's UIDs, save (with the publish journal when the plan
 * is to be published), all in the same order for both commands. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

void cli_planning_init(struct cli_planning *pl)
{
    memset(pl, 0, sizeof *pl);
    pl->scenario = STORE_DEFAULT_SCENARIO;
    plan_params_init(&pl->params);
}

void cli_planning_free(struct cli_planning *pl)
{
    if (!pl)
        return;
    cal_closures_free(pl->closures);
    plan_result_free(pl->result);
    verify_report_free(&pl->verify);
    free(pl->summary_text);
    free(pl->summary_json);
    pl->closures = NULL;
    pl->result = NULL;
    pl->summary_text = pl->summary_json = NULL;
}

enum status cli_plan_closures(struct store *s, const struct model *m,
                              struct cli_planning *pl, struct diag *err)
{
    bool need_school = false;
    for (size_t i = 0; i < m->n_services; i++)
        if (m->services[i].school_holidays != HOL_OPEN)
            need_school = true;
    struct model_holiday_period *imported = NULL;
    size_t n_imported = 0;
    enum status st = STATUS_OK;
    if (s && m->settings.school_zone)
        st = store_load_school_holidays(s, m->settings.school_zone, &imported,
                                        &n_imported, err);
    if (st == STATUS_OK)
        st = cal_closures_new(m->settings.school_zone, pl->first, pl->last,
                              imported, n_imported, need_school,
                              &pl->closures, err);
    free(imported);
    return st;
}

enum status cli_plan_solve(const struct model *m, struct cli_planning *pl,
                           struct diag *err)
{
    enum status st = plan_solve(m, pl->closures, pl->first, pl->last,
                                &pl->params, &pl->result, err);
    if (st != STATUS_OK)
        return st;
    /* The CLI may read the clock; the libraries never do. */
    pl->result->plan->created_at = pl->now ? pl->now : (long long)time(NULL);
    return verify_plan(m, pl->closures, pl->result->plan, &pl->verify, err);
}

/* Gives p the UIDs of the scenario's last saved plan where they are the
 * same sessions (plan_keep_uids).  No saved plan, or one the territory
 * can no longer describe (a staff member or vehicle removed since),
 * leaves the solver's UIDs. */
static enum status keep_previous_uids(struct store *s, const char *scenario,
                                      const struct model *m,
                                      struct model_plan *p, struct diag *err)
{
    struct model_plan *prev = NULL;
    enum status st = store_load_plan(s, scenario, m, 0, &prev, err);
    if (st == STATUS_NOTFOUND || st == STATUS_INVALID) {
        diag_clear(err);
        return STATUS_OK;
    }
    if (st != STATUS_OK)
        return st;
    st = plan_keep_uids(m, p, prev, err);
    model_plan_free(prev);
    return st;
}

/* summary.txt or summary.json as text (malloc'd into *out). */
static enum status render(enum status (*fn)(const struct model *,
                                            const struct model_plan *,
                                            const struct plan_result *,
                                            FILE *, struct diag *),
                          const struct model *m, const struct plan_result *r,
                          char **out, struct diag *err)
{
    size_t len = 0;
    FILE *f = open_memstream(out, &len);
    if (!f)
        return diag_set(err, STATUS_NOMEM, "summary", 0, 0, NULL, "out of memory");
    enum status st = fn(m, r->plan, r, f, err);
    if (fclose(f) != 0 && st == STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, "summary", 0, 0, NULL, "out of memory");
    return st;
}

/* The journal row of the plan just saved, summaries rendered now (the
 * plan has its SEQUENCE numbers and cancellations). */
static enum status record_publish(struct store *s, const struct model *m,
                                  const struct cli_outputs *o,
                                  struct cli_planning *pl, struct diag *err)
{
    struct plan_result *r = pl->result;
    enum status st = STATUS_OK;
    if (o->out_dir) {
        st = render(summary_write_text, m, r, &pl->summary_text, err);
        if (st == STATUS_OK)
            st = render(summary_write_json, m, r, &pl->summary_json, err);
    }
    if (st != STATUS_OK)
        return st;
    pl->publish = (struct store_publish){
        .scenario = pl->scenario,
        .plan_id = r->plan->id,
        .feeds_dir = o->feeds_dir,
        .out_dir = o->out_dir,
        .base_url = o->feeds.base_url,
        .refresh_minutes = o->feeds.refresh_minutes,
        .dtstamp = o->feeds.now,
        .summary_text = pl->summary_text,
        .summary_json = pl->summary_json,
        .csv_dialect = o->csv_dialect == EXPORT_DIALECT_STANDARD
                           ? NULL : export_dialect_name(o->csv_dialect),
    };
    return store_publish_begin(s, pl->scenario, &pl->publish, err);
}

static enum status save_all(struct store *s, const struct model *m,
                            bool import, const struct cli_unavailability *u,
                            const struct cli_outputs *o,
                            struct cli_planning *pl, struct diag *err)
{
    struct model_plan *p = pl->result->plan;
    enum status st = STATUS_OK;
    if (import) {
        struct store_import_counts counts;
        st = store_import_model(s, pl->scenario, m, &counts, err);
    }
    if (st == STATUS_OK && u)
        st = cli_unavailability_store(s, pl->scenario, m, u, err);
    if (st == STATUS_OK)
        st = keep_previous_uids(s, pl->scenario, m, p, err);
    if (st == STATUS_OK)
        st = store_save_plan(s, pl->scenario, m, p, CLI_GRACE_DAYS, err);
    if (st == STATUS_OK && o)
        st = record_publish(s, m, o, pl, err);
    return st;
}

enum status cli_plan_save(struct store *s, const struct model *m,
                          bool import, const struct cli_unavailability *u,
                          const struct cli_outputs *outputs,
                          struct cli_planning *pl, struct diag *err)
{
    enum status st = store_begin(s, err);
    if (st != STATUS_OK)
        return st;
    st = save_all(s, m, import, u, outputs, pl, err);
    if (st == STATUS_OK)
        st = store_commit(s, err);
    else
        store_rollback(s);
    if (st != STATUS_OK)
        pl->result->plan->id = 0;
    return st;
}
