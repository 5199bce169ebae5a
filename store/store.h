/* store.h -- the SQLite project file: one file per territory project.
 *
 * The only header other folders include from store/.  Prefix: store_.
 * It depends on models/ only (models.h), and nothing below cli/ depends
 * on it: the solver, the calendars and the reports work on the plain
 * structs of models.h, and the program moves them in and out of the file.
 *
 * docs/store.md describes the schema and the migrations for users.
 */
#ifndef PLANNER_STORE_H
#define PLANNER_STORE_H

#include <stdbool.h>
#include <stdio.h>

#include "models.h"

/* ------------------------------------------------------------------ */
/* The SQLite project file                                              */
/* ------------------------------------------------------------------ */

/* One file per territory project.  It holds scenarios (variants of the
 * same territory that élus compare), each with its imported territory
 * data, and the history of plans made and published per scenario.
 * Schema: store/store_schema.c; every write is one transaction (see
 * store_begin() to make several writes one). */
struct store;

#define STORE_SCHEMA_VERSION 7
#define STORE_DEFAULT_SCENARIO "base"

/* Opens (create=false: must exist) or creates the file, enables WAL and
 * foreign keys, and migrates an older schema in one transaction.  While
 * another process creates, migrates or writes the same file it waits up
 * to 5 s, then fails naming the file ("project file is being created by
 * another planner process (waited 5 s); try again"). */
enum status store_open(const char *path, bool create, struct store **out,
                       struct diag *err);
void store_close(struct store *s);
int store_schema_version(const struct store *s);

/* Transactions.  Every write function below is atomic on its own: it
 * runs in a transaction of its own, and any error leaves the file as it
 * was.  To make several writes one (import a territory, its leave files
 * and a plan, or nothing), wrap them:
 *
 *     st = store_begin(s, err);
 *     if (st == STATUS_OK) st = store_import_model(s, ...);
 *     if (st == STATUS_OK) st = store_replace_busy(s, ...);
 *     if (st == STATUS_OK) st = store_commit(s, err);
 *     else store_rollback(s);
 *
 * store_begin() takes the write lock at once (BEGIN IMMEDIATE), waiting
 * up to 5 s while another process writes the file; after that it fails
 * with STATUS_DB, "project file is being written by another planner
 * process (waited 5 s); try again".  Inside, each write function runs in
 * a SAVEPOINT: when one fails, only its own work is undone and the outer
 * transaction stays open (the caller normally rolls back); reads see the
 * outer transaction's writes.  Nothing reaches the file before
 * store_commit(); a crash or store_close() before it leaves the file as
 * it was.  Transactions do not nest: store_begin() while one is open is
 * STATUS_INVALID, as is store_commit() with none.  store_commit() also
 * fails (and leaves the file unchanged) when SQLite already rolled the
 * transaction back after an I/O error.  store_rollback() accepts NULL
 * and does nothing when no transaction is open. */
enum status store_begin(struct store *s, struct diag *err);
enum status store_commit(struct store *s, struct diag *err);
void store_rollback(struct store *s);

/* Replaces the scenario's territory data with m, in one transaction:
 * rows that did not change keep their identity, rows gone from the
 * files are deleted, and the counts of what changed are returned. */
struct store_import_counts {
    int inserted, updated, deleted, unchanged;
};
enum status store_import_model(struct store *s, const char *scenario,
                               const struct model *m,
                               struct store_import_counts *counts,
                               struct diag *err);
/* Rebuilds a model from the scenario's stored data. */
enum status store_load_model(struct store *s, const char *scenario,
                             struct model **out, struct diag *err);
/* Lists scenario names, one per line, into out. */
enum status store_list_scenarios(struct store *s, FILE *out,
                                 struct diag *err);
/* Copies scenario from into a new scenario to (for a variant). */
enum status store_copy_scenario(struct store *s, const char *from,
                                const char *to, struct diag *err);
bool store_has_scenario(struct store *s, const char *scenario);
/* Whether the file holds no scenario at all (a new file nothing was saved
 * in; false when it cannot be read). */
bool store_is_empty(struct store *s);

/* Saves a plan for the scenario and returns its id.  Sessions keep their
 * UID; SEQUENCE grows when a session with the same UID changed since the
 * last saved plan, and sessions that disappeared are kept as cancelled
 * for grace_days after the plan date. */
enum status store_save_plan(struct store *s, const char *scenario,
                            const struct model *m, struct model_plan *p,
                            int grace_days, struct diag *err);
/* Loads a saved plan (plan_id <= 0: the latest of the scenario). */
enum status store_load_plan(struct store *s, const char *scenario,
                            const struct model *m, long long plan_id,
                            struct model_plan **out, struct diag *err);
/* Every event UID the scenario has published, in any horizon (sorted;
 * malloc'd strings in a malloc'd array, *n_out of them). */
enum status store_event_uids(struct store *s, const char *scenario,
                             char ***out, size_t *n_out, struct diag *err);
/* What the feeds publish for plan p (docs/calendars.md): p's sessions,
 * and the events of the scenario's other horizons as their plans left
 * them (confirmed, or cancelled less than grace_days before p's date),
 * so the feeds hold every planned horizon.  *out is a new plan (sorted;
 * model_plan_free); p alone when there is no other horizon. */
enum status store_feed_plan(struct store *s, const char *scenario,
                            const struct model *m, const struct model_plan *p,
                            int grace_days, struct model_plan **out,
                            struct diag *err);
/* A session of the last plan that the territory at hand can no longer
 * describe (its service, site, staff member or vehicle is gone): why
 * says which, in words. */
struct store_held {
    char uid[128];
    int day, start;
    char why[192];
};
/* The latest plan of the scenario whose horizon meets days first_day
 * .. last_day, with only its sessions of those days (a re-plan of that
 * horizon: plans of other horizons are not its past) that m can still
 * describe: a session whose service, site, staff member or vehicle is
 * gone is left out, the rest loads.  STATUS_NOTFOUND: none. */
enum status store_load_plan_in(struct store *s, const char *scenario,
                               const struct model *m, int first_day,
                               int last_day, struct model_plan **out,
                               struct diag *err);
/* The past of a re-plan of first_day .. last_day: the confirmed
 * sessions of store_load_plan_in's plan on days up to through_day
 * (model_rule_frozen), as sessions of m with their UID, SEQUENCE and
 * LAST-MODIFIED, into *kept (frozen_through = through_day); those m
 * cannot describe into *held (malloc'd, *n_held of them; free()).
 * STATUS_NOTFOUND: no such plan. */
enum status store_load_past(struct store *s, const char *scenario,
                            const struct model *m, int first_day,
                            int last_day, int through_day,
                            struct model_plan **kept,
                            struct store_held **held, size_t *n_held,
                            struct diag *err);


enum status store_save_school_holidays(struct store *s, char zone,
                                       const struct model_holiday_period *p,
                                       size_t n, const char *source,
                                       struct diag *err);
/* *out is malloc'd (free() it); *n may be 0. */
enum status store_load_school_holidays(struct store *s, char zone,
                                       struct model_holiday_period **out,
                                       size_t *n, struct diag *err);
/* Replaces every busy period previously imported from source (a file
 * name) for the scenario, in one transaction.  who indices refer to m. */
enum status store_replace_busy(struct store *s, const char *scenario,
                               const struct model *m, const char *source,
                               const struct model_busy *b, size_t n,
                               struct diag *err);
/* Deletes the scenario's busy periods whose source (the leave or booking
 * file name given to store_replace_busy) is not one of sources[0..n-1]:
 * a leave file removed from the territory takes its periods with it.
 * n == 0 deletes them all.  STATUS_NOTFOUND when the scenario does not
 * exist.  One transaction, as above. */
enum status store_keep_busy_sources(struct store *s, const char *scenario,
                                    const char *const *sources, size_t n,
                                    struct diag *err);

/* ------------------------------------------------------------------ */
/* The publish journal (store_publish.c)                                */
/* ------------------------------------------------------------------ */

/* A saved plan recorded as published whose files may not all be written
 * yet.  The program writes it in the transaction that saves the plan,
 * writes and syncs the files, then ends it; a run that finds one left
 * (killed, or a feed that could not be written) writes the files again
 * from it and the stored plan.  Paths are as the program gave them (a
 * relative one is relative to the project file's folder).  Rows from
 * store_publish_pending own their strings. */
struct store_publish {
    const char *scenario;        /* filled by store_publish_pending */
    long long plan_id;
    const char *feeds_dir;       /* where the iCalendar feeds go */
    const char *out_dir;         /* sessions and summaries, or NULL */
    const char *base_url;        /* feed option, or NULL */
    int refresh_minutes;         /* feed option */
    long long dtstamp;           /* feed option: 0 = the plan's date */
    const char *summary_text;    /* summary.txt / .json to write, or NULL */
    const char *summary_json;
    const char *csv_dialect;     /* of sessions.csv ("excel-fr"), NULL: standard */
};
/* Records (or replaces: one per scenario) the scenario's pending publish.
 * Inside store_begin() with store_save_plan, both or neither land. */
enum status store_publish_begin(struct store *s, const char *scenario,
                                const struct store_publish *pub,
                                struct diag *err);
/* Ends it once every file is written and synced: deletes the row when it
 * still names plan_id (a newer publish stays). */
enum status store_publish_done(struct store *s, const char *scenario,
                               long long plan_id, struct diag *err);
/* Whether the scenario's pending publish still names plan_id: false once
 * it was ended, or replaced by a later plan's (whose files are then the
 * ones to write, not plan_id's). */
enum status store_publish_is_pending(struct store *s, const char *scenario,
                                     long long plan_id, bool *pending,
                                     struct diag *err);
/* Every unfinished publish of the file, by scenario name (*n may be 0).
 * Free with store_publish_free (accepts NULL). */
enum status store_publish_pending(struct store *s, struct store_publish **out,
                                  size_t *n, struct diag *err);
void store_publish_free(struct store_publish *p, size_t n);

#endif
