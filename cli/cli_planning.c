/* cli_planning.c -- the planning sequence `plan` and `solve` share:
 * closures of the horizon, the frozen past of a re-plan (the last plan's
 * sessions up to --now's day, kept as they were: docs/model.md §7),
 * solve, verify with the independent checker, keep the last plan's UIDs,
 * save (with the publish journal when the plan is to be published), all
 * in the same order for both commands. */
#include <stdarg.h>
#include <stdio.h>
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
    model_plan_free(pl->kept);
    for (size_t i = 0; i < pl->n_notices; i++)
        free(pl->notices[i]);
    free(pl->notices);
    pl->kept = NULL;
    pl->notices = NULL;
    pl->n_notices = 0;
    pl->params.kept = NULL;
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

/* Appends a notice (printf format) to pl->notices. */
static enum status notice(struct cli_planning *pl, struct diag *err,
                          const char *fmt, ...)
{
    char buf[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t len = strlen(buf) + 1;
    char *text = malloc(len);
    char **all = text ? realloc(pl->notices, (pl->n_notices + 1) * sizeof *all) : NULL;
    if (!all) {
        free(text);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    }
    memcpy(text, buf, len);
    pl->notices = all;
    pl->notices[pl->n_notices++] = text;
    return STATUS_OK;
}

/* What now stands in the way of kept session x: the first busy period
 * of one of its staff, its room or its vehicle over its on-site time. */
static const struct model_busy *contradiction(const struct model *m,
                                              const struct model_session *x)
{
    int a, b;
    model_rule_onsite(&m->services[x->service], x->start, &a, &b);
    long long from = (long long)x->day * 1440 + a, to = (long long)x->day * 1440 + b;
    for (size_t i = 0; i < m->n_busy; i++) {
        const struct model_busy *y = &m->busy[i];
        bool mine = (y->kind == BUSY_SITE && y->who == x->site) ||
                    (y->kind == BUSY_VEHICLE && y->who == x->vehicle);
        for (int k = 0; y->kind == BUSY_STAFF && k < x->n_staff; k++)
            mine = mine || y->who == x->staff[k];
        if (mine && y->start < to && from < y->end)
            return y;
    }
    return NULL;
}

static const char *busy_whose(const struct model *m, const struct model_busy *y)
{
    switch (y->kind) {
    case BUSY_STAFF: return m->staff[y->who].name;
    case BUSY_SITE: return m->sites[y->who].name;
    case BUSY_VEHICLE: return m->vehicles[y->who].id;
    }
    return "";
}

/* One notice per kept session the input now contradicts. */
static enum status past_notices(const struct model *m, struct cli_planning *pl,
                                const struct store_held *held, size_t n_held,
                                struct diag *err)
{
    enum status st = STATUS_OK;
    for (size_t i = 0; i < n_held && st == STATUS_OK; i++) {
        struct model_date d = model_date_from_days(held[i].day);
        st = notice(pl, err, "kept as held: %s on %02d/%02d/%04d at %02d:%02d"
                    " (%s; the published event stays as it was)", held[i].uid,
                    d.day, d.month, d.year, held[i].start / 60,
                    held[i].start % 60, held[i].why);
    }
    for (size_t i = 0; pl->kept && i < pl->kept->n_sessions && st == STATUS_OK; i++) {
        const struct model_session *x = &pl->kept->sessions[i];
        const struct model_busy *y = contradiction(m, x);
        if (!y)
            continue;
        struct model_date d = model_date_from_days(x->day);
        st = notice(pl, err, "kept as held: %s at %s on %02d/%02d/%04d at"
                    " %02d:%02d (%s): %s is now busy then (\"%s\"); the past is"
                    " not re-planned", m->services[x->service].name,
                    m->sites[x->site].name, d.day, d.month, d.year,
                    x->start / 60, x->start % 60, x->uid, busy_whose(m, y),
                    y->summary ? y->summary : "");
    }
    return st;
}

enum status cli_plan_past(struct store *s, const struct model *m,
                          struct cli_planning *pl, struct diag *err)
{
    if (!s)
        return STATUS_OK;
    long long now = pl->now ? pl->now : (long long)time(NULL);
    struct store_held *held = NULL;
    size_t n_held = 0;
    enum status st = store_load_past(s, pl->scenario, m, pl->first, pl->last,
                                     cal_paris_day(now), &pl->kept, &held,
                                     &n_held, err);
    if (st == STATUS_NOTFOUND) {
        diag_clear(err);
        return STATUS_OK;
    }
    if (st == STATUS_OK) {
        pl->params.kept = pl->kept;
        st = past_notices(m, pl, held, n_held, err);
    }
    free(held);
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

/* Gives p the UIDs of the scenario's last saved plan of the same
 * horizon where they are the same sessions, and new sessions numbers no
 * event of any horizon holds (plan_keep_uids).  The previous plan's
 * sessions the territory can no longer describe (a staff member or
 * vehicle removed since) are not matched; their UIDs are only avoided. */
static enum status keep_previous_uids(struct store *s, const char *scenario,
                                      const struct model *m,
                                      struct model_plan *p, struct diag *err)
{
    struct model_plan *prev = NULL;
    enum status st = store_load_plan_in(s, scenario, m, p->horizon_start,
                                        p->horizon_end, &prev, err);
    if (st == STATUS_NOTFOUND) {
        diag_clear(err);
        st = STATUS_OK;
    }
    char **taken = NULL;
    size_t n_taken = 0;
    if (st == STATUS_OK)
        st = store_event_uids(s, scenario, &taken, &n_taken, err);
    if (st == STATUS_NOTFOUND) {   /* a scenario saved for the first time */
        diag_clear(err);
        st = STATUS_OK;
    }
    if (st == STATUS_OK)
        st = plan_keep_uids(m, p, prev, (const char *const *)taken, n_taken, err);
    for (size_t i = 0; i < n_taken; i++)
        free(taken[i]);
    free(taken);
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

/* summary.txt in English (--lang en). */
static enum status summary_text_en(const struct model *m, const struct model_plan *p,
                                   const struct plan_result *r, FILE *f,
                                   struct diag *err)
{
    return summary_write_text_lang(m, p, r, REPORT_EN, f, err);
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
        st = render(o->lang == REPORT_EN ? summary_text_en : summary_write_text,
                    m, r, &pl->summary_text, err);
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
