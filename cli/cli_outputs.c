/* cli_outputs.c -- publishing a saved plan: every file its journal row
 * (store_publish.c) names, written atomically, synced, then the row
 * ended.
 *
 * The order is the one a subscriber and a coordinator need: sessions.csv
 * and sessions.json, the feeds, the summaries (each file replaced
 * atomically by the writers of report/ and calendars/), then an fsync of
 * the folders so the renames are on disk, and only then the journal row
 * deleted.  Killed at any point, or stopped by a file that cannot be
 * written, the row stays and the next run that opens the project file
 * writes the same files again (cli_project.c): the feeds on disk always
 * end up showing the plan the project file records as published.  Two
 * publishes into one feed folder take turns (cli_dir_lock), and the
 * temporary files killed writers left there are removed under the lock.
 * A publish that got the lock after another run saved a later plan (the
 * journal keeps one publish per scenario: the later one replaced it) or
 * finished it writes nothing: its files would replace the later plan's
 * (done->overtaken). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* What `plan` writes beside the feeds (for the temporary-file cleanup). */
static const char *const out_files[] = {
    "sessions.csv", "sessions.json", "runs.csv", "runs.json", "summary.txt",
    "summary.json", NULL};

static enum status write_text(const char *dir, const char *name,
                              const char *text, struct diag *err)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return cal_file_write(path, text, strlen(text), err);
}

/* sessions.csv in the dialect the journal names (NULL: standard), and
 * sessions.json; runs.csv and runs.json when the territory has minibus
 * transports. */
static enum status write_sessions(const char *dir, const struct model *m,
                                  const struct model_plan *p,
                                  const char *dialect_name, struct diag *err)
{
    enum export_dialect dialect = EXPORT_DIALECT_STANDARD;
    if (dialect_name && !export_dialect_parse(dialect_name, &dialect))
        return diag_set(err, STATUS_INVALID, dir, 0, 0, NULL,
                        "the publish journal names CSV dialect \"%s\", "
                        "which this planner does not know: use a newer "
                        "planner", dialect_name);
    char path[4400];
    snprintf(path, sizeof path, "%s/sessions.csv", dir);
    enum status st = export_write_path(m, p, EXPORT_CSV, dialect, path, err);
    if (st == STATUS_OK) {
        snprintf(path, sizeof path, "%s/sessions.json", dir);
        st = export_write_path(m, p, EXPORT_JSON, dialect, path, err);
    }
    if (st == STATUS_OK && m->n_transports) {
        snprintf(path, sizeof path, "%s/runs.csv", dir);
        st = export_write_path(m, p, EXPORT_RUNS_CSV, dialect, path, err);
    }
    if (st == STATUS_OK && m->n_transports) {
        snprintf(path, sizeof path, "%s/runs.json", dir);
        st = export_write_path(m, p, EXPORT_RUNS_JSON, dialect, path, err);
    }
    return st;
}

/* Writes the files (the feed folder locked and cleaned by the caller):
 * p's sessions, and fp (store_feed_plan: every horizon) in the feeds. */
static enum status write_all(const char *feeds, const char *out,
                             const struct model *m, const struct model_plan *p,
                             const struct model_plan *fp,
                             const struct store_publish *pub,
                             struct cli_published *done, struct diag *err)
{
    enum status st = STATUS_OK;
    if (out) {
        done->n_stale += cli_remove_stale_temps(out, 0, out_files);
        st = write_sessions(out, m, p, pub->csv_dialect, err);
    }
    struct ics_feed_options fo;
    ics_feed_options_init(&fo);
    fo.base_url = pub->base_url;
    fo.refresh_minutes = pub->refresh_minutes;
    fo.now = pub->dtstamp;
    if (st == STATUS_OK)
        st = ics_write_feeds(m, fp, feeds, &fo, &done->n_feeds, err);
    if (st == STATUS_OK && out && pub->summary_text)
        st = write_text(out, "summary.txt", pub->summary_text, err);
    if (st == STATUS_OK && out && pub->summary_json)
        st = write_text(out, "summary.json", pub->summary_json, err);
    /* all.ics and one folder per kind: two levels. */
    if (st == STATUS_OK)
        st = cli_sync_dir(feeds, 1, err);
    if (st == STATUS_OK && out)
        st = cli_sync_dir(out, 0, err);
    return st;
}

enum status cli_publish(struct store *s, const char *project_path,
                        const struct model *m, const struct model_plan *p,
                        const struct store_publish *pub,
                        struct cli_published *done, struct diag *err)
{
    memset(done, 0, sizeof *done);
    done->plan_id = pub->plan_id;
    done->scenario = strdup(pub->scenario ? pub->scenario : "");
    done->feeds_dir = cli_path_under(project_path, pub->feeds_dir);
    char *out = pub->out_dir ? cli_path_under(project_path, pub->out_dir) : NULL;
    if (!done->scenario || !done->feeds_dir || (pub->out_dir && !out)) {
        free(out);
        return diag_set(err, STATUS_NOMEM, project_path, 0, 0, NULL, "out of memory");
    }
    struct cli_made_dirs made = {0};
    int lock = -1;
    enum status st = cli_mkdirs(done->feeds_dir, &made, err);
    cli_made_dirs_free(&made);
    if (st == STATUS_OK)
        st = cli_dir_lock(done->feeds_dir, &lock, err);
    bool pending = false;
    if (st == STATUS_OK)
        st = store_publish_is_pending(s, pub->scenario, pub->plan_id, &pending, err);
    done->overtaken = st == STATUS_OK && !pending;
    if (st == STATUS_OK && pending) {
        /* The feed folder and its subfolders (staff/, sites/, ...). */
        done->n_stale = cli_remove_stale_temps(done->feeds_dir, 1, NULL);
        struct model_plan *fp = NULL;
        st = store_feed_plan(s, pub->scenario, m, p, CLI_GRACE_DAYS, &fp, err);
        if (st == STATUS_OK)
            st = write_all(done->feeds_dir, out, m, p, fp, pub, done, err);
        model_plan_free(fp);
    }
    if (st == STATUS_OK && pending)
        st = store_publish_done(s, pub->scenario, pub->plan_id, err);
    cli_dir_unlock(lock);
    free(out);
    return st;
}

enum status cli_publish_feeds(struct cli_project *pj,
                              const struct model_plan *p, const char *dir,
                              const struct ics_feed_options *fo,
                              struct cli_published *done, struct diag *err)
{
    memset(done, 0, sizeof *done);
    /* The journal keeps an absolute folder: the next run may start
     * anywhere. */
    struct cli_made_dirs made = {0};
    enum status st = cli_mkdirs(dir, &made, err);
    cli_made_dirs_free(&made);
    char *abs = st == STATUS_OK ? realpath(dir, NULL) : NULL;
    if (st == STATUS_OK && !abs)
        st = diag_set(err, STATUS_IO, dir, 0, 0, NULL, "cannot resolve the folder");
    struct store_publish pub = {
        .scenario = pj->scenario,
        .plan_id = p->id,
        .feeds_dir = abs,
        .base_url = fo->base_url,
        .refresh_minutes = fo->refresh_minutes,
        .dtstamp = fo->now,
    };
    if (st == STATUS_OK)
        st = store_publish_begin(pj->store, pj->scenario, &pub, err);
    if (st == STATUS_OK)
        st = cli_publish(pj->store, pj->path, pj->model, p, &pub, done, err);
    free(abs);
    return st;
}
