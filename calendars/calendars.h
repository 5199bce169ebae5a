/* calendars.h -- dates, French closure calendars and iCalendar, on libical.
 *
 * The only header other folders include from calendars/.  Prefixes:
 * cal_ for dates, horizons and closures (public and school holidays);
 * ics_ for iCalendar import (leave, room bookings, the Ministry's school
 * calendars) and feeds (RFC 5545 files written from a plan).
 *
 * All times are Europe/Paris local time.  Days are model day numbers
 * (models.h); local times are minutes since midnight.
 *
 * CONTRACT used by planner/ (solver and verify) -- keep these signatures:
 *   cal_parse_horizon, cal_closures_new/free, cal_public_holiday,
 *   cal_school_holiday, ics_session_uid.
 *
 * docs/calendars.md describes the behaviour for users (closures, horizons,
 * imports, the feed format).
 */
#ifndef PLANNER_CALENDARS_H
#define PLANNER_CALENDARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "models.h"

/* ------------------------------------------------------------------ */
/* Horizons and closures (cal_*)                                       */
/* ------------------------------------------------------------------ */

/* Parses a planning horizon: "2027-Q1" (a calendar quarter) or
 * "2027-01-04..2027-03-31" (inclusive).  Fills the first and last day. */
enum status cal_parse_horizon(const char *text, int *first_day, int *last_day,
                              struct diag *err);

/* Closed days over a horizon: French public holidays (computed for any
 * year) and the school holidays of one zone (shipped data, overridden by
 * periods the coordinator imported).  When need_school is true and the
 * known school-holiday data of the zone does not cover the whole horizon,
 * returns STATUS_MISSING_DATA with a message naming the missing period
 * and how to import it; zone 0 with need_school is STATUS_INVALID.
 * "Known" is defined in cal_school_known_span().  imported is borrowed
 * only during the call. */
struct cal_closures;
enum status cal_closures_new(char zone, int first_day, int last_day,
                             const struct model_holiday_period *imported,
                             size_t n_imported, bool need_school,
                             struct cal_closures **out, struct diag *err);
void cal_closures_free(struct cal_closures *c);
/* The holiday's French label ("Lundi de Pâques", "Vacances d'hiver"), or
 * NULL when the day is not one.  Days outside the horizon: NULL.  The
 * label lives as long as c. */
const char *cal_public_holiday(const struct cal_closures *c, int day);
const char *cal_school_holiday(const struct cal_closures *c, int day);

/* The Europe/Paris local day (a day number) of an instant in unix
 * seconds: UTC+1, UTC+2 from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC (the EU rule, in force since 1996). */
int cal_paris_day(long long unix_s);

/* Easter Sunday of a Gregorian year (anonymous Gregorian algorithm), as
 * a day number. */
int cal_easter(int year);
/* The French public holiday (metropolitan France outside Alsace-Moselle,
 * Code du travail L3133-1) falling on day, as a static label, or NULL. */
const char *cal_public_holiday_name(int day);

/* School holidays of a zone ('A', 'B', 'C'): the shipped periods
 * (calendars/data/school-holidays.csv, compiled in), with the imported
 * ones replacing them over the span the import covers.  Sorted by first
 * day.  *out is malloc'd (free() it). */
enum status cal_school_periods(char zone,
                               const struct model_holiday_period *imported,
                               size_t n_imported,
                               struct model_holiday_period **out, size_t *n,
                               struct diag *err);
/* The days on which we know whether there are classes in the zone: from
 * the first day of the first known period to the last day of the last
 * known period, for the shipped data and for the imported data separately
 * (two spans; the second is empty, first > last, when nothing was
 * imported or when it merges with the first).  After the last known
 * holiday we cannot tell when the next one starts, so those days are
 * unknown.  Returns false for a zone other than A, B, C. */
struct cal_known_span {
    int first, last;   /* inclusive; first > last when empty */
};
bool cal_school_known_span(char zone,
                           const struct model_holiday_period *imported,
                           size_t n_imported, struct cal_known_span span[2]);

/* ------------------------------------------------------------------ */
/* Files replaced atomically (cal_file_*, cal_file.c)                   */
/* ------------------------------------------------------------------ */

/* The one writer of every file the program publishes.  A reader sees the
 * old file or the new one, never half of one, and after a crash one of
 * the two is on disk: a temporary ".<name>~planner-<pid>-XXXXXX" is
 * created in path's folder (O_EXCL, mode 0600), written, fsync'd, made
 * 0644, renamed over path, and the folder is fsync'd.  On error the
 * temporary is removed, path is untouched (except when only the folder
 * sync failed: the message says "replaced, but"), and err names path. */
enum status cal_file_write(const char *path, const void *data, size_t len,
                           struct diag *err);

/* The same for writers that stream (fprintf to the temporary):
 * cal_file_open, write to cal_file_stream(f), then cal_file_commit (or
 * cal_file_abort to give up).  Both free f, whatever happens; abort
 * accepts NULL. */
struct cal_file;
enum status cal_file_open(const char *path, struct cal_file **out,
                          struct diag *err);
FILE *cal_file_stream(struct cal_file *f);
enum status cal_file_commit(struct cal_file *f, struct diag *err);
void cal_file_abort(struct cal_file *f);

/* Removes the temporaries of cal_file writers killed before they
 * renamed (their process is gone, or they are more than a day old) from
 * dir; a live writer's are kept.  A missing dir is no error.  Writers
 * call it once per folder and run.  *n_removed (may be NULL) counts. */
enum status cal_file_sweep(const char *dir, size_t *n_removed,
                           struct diag *err);

/* ------------------------------------------------------------------ */
/* iCalendar import (ics_*)                                            */
/* ------------------------------------------------------------------ */

/* Reads busy times (staff leave, room bookings) from an iCalendar file:
 * VEVENTs (timed, all-day, with RRULE/RDATE/EXDATE/RECURRENCE-ID), and
 * VFREEBUSY periods (BUSY, BUSY-TENTATIVE, BUSY-UNAVAILABLE).  Events with
 * TRANSP:TRANSPARENT or STATUS:CANCELLED are not busy.  Times become
 * Europe/Paris local minutes (models.h); all-day events make whole days
 * busy.  Recurrences are expanded from window_first to window_last
 * (inclusive days), so an endless RRULE stays bounded.  TZIDs may be
 * Olson names, Windows names ("Romance Standard Time") or defined by an
 * embedded VTIMEZONE.  On any error nothing is returned (*out NULL) and
 * err names the file and line.  Each busy gets kind and who as given.
 * Free the result with ics_busy_free(). */
enum status ics_read_busy(const char *path, enum model_busy_kind kind,
                          int who, int window_first, int window_last,
                          struct model_busy **out, size_t *n,
                          struct diag *err);
/* Same from text in memory; name is used in messages. */
enum status ics_parse_busy(const char *text, const char *name,
                           enum model_busy_kind kind, int who,
                           int window_first, int window_last,
                           struct model_busy **out, size_t *n,
                           struct diag *err);
void ics_busy_free(struct model_busy *b, size_t n);

/* Reads the Ministry of Education's school calendar for one zone
 * (data.education.gouv.fr, dataset fr-en-calendrier-scolaire: one
 * VCALENDAR of all-day VEVENTs per zone).  zone 0 takes the zone from the
 * file ("Zone C" in the calendar name or the summaries); a given zone must
 * match it.  See docs/calendars.md for how DTSTART/DTEND become days off.
 * *out is malloc'd (free() it). */
enum status ics_read_school_holidays(const char *path, char zone,
                                     struct model_holiday_period **out,
                                     size_t *n, struct diag *err);
enum status ics_parse_school_holidays(const char *text, const char *name,
                                      char zone,
                                      struct model_holiday_period **out,
                                      size_t *n, struct diag *err);

/* ------------------------------------------------------------------ */
/* Feeds (ics_*)                                                       */
/* ------------------------------------------------------------------ */

/* The UID of the n-th session (series_index, 0-based, in date order) of
 * service at site: "<service-id>-<site-id>-<n>@<domain>".  It depends only
 * on what the session is, never on its date, so a moved session keeps its
 * UID and clients update it instead of duplicating it.  Characters other
 * than A-Z a-z 0-9 '-' '.' in ids are written as "_XX" (hex), so distinct
 * ids never give the same UID.  domain NULL or "" means the territory's
 * name (settings.name) made into a host name ("quercy-blanc.planner"),
 * or "planner" when unnamed.  Too long ids are shortened with a hash. */
void ics_session_uid(const struct model *m, int service, int site,
                     int series_index, const char *domain, char out[128]);
/* The UID of route `route` (0-based) of a minibus run: transport on
 * day, "run-<transport-id>-<YYYYMMDD>-<route+1>@<domain>" (domain as
 * above).  A run is one date's event: it is never moved, only changed
 * (other stops or times: a higher SEQUENCE) or cancelled.  The "run-"
 * prefix keeps these apart from sessions' UIDs, which start with a
 * service id: ics_check_uids refuses a service id "run". */
void ics_run_uid(const struct model *m, int transport, int day, int route,
                 const char *domain, char out[128]);
/* '-' joins the ids in a UID and may also be inside them, so service
 * "fs" at site "itinerant-M-46033" and service "fs-itinerant" at site
 * "M-46033" would share their UIDs.  Adds one error per such pair of
 * (service, site) pairs to problems, naming the CSV lines of the four
 * ids, and returns STATUS_INVALID; STATUS_OK when every pair has its own
 * UIDs; STATUS_NOMEM (a problem added) when memory runs out.  Part of
 * the validation `check` and `plan` run before anything is stored. */
enum status ics_check_uids(const struct model *m, struct diag_list *problems);

struct ics_feed_options {
    const char *prodid;        /* default "-//planner//planner 0.1//FR" */
    const char *base_url;      /* when set, each calendar carries URL and
                                  SOURCE (RFC 7986) <base_url>/<path> */
    int refresh_minutes;       /* REFRESH-INTERVAL and X-PUBLISHED-TTL;
                                  default 360 */
    long long now;             /* DTSTAMP, unix seconds; 0: plan created_at */
};
void ics_feed_options_init(struct ics_feed_options *o);

/* Which sessions one calendar holds. */
enum ics_feed_kind {
    ICS_FEED_ALL = 0, ICS_FEED_STAFF, ICS_FEED_COMMUNE, ICS_FEED_SITE,
    ICS_FEED_SERVICE, ICS_FEED_VEHICLE,
};
struct ics_feed {
    enum ics_feed_kind kind;
    int index;                 /* into the model's array; unused for ALL */
};

/* Builds one calendar (RFC 5545 text, CRLF, folded) holding the plan's
 * sessions that match feed, cancelled ones included.  *out is malloc'd. */
enum status ics_calendar_text(const struct model *m,
                              const struct model_plan *p, struct ics_feed feed,
                              const struct ics_feed_options *opt, char **out,
                              struct diag *err);
/* The feed's path relative to the output folder ("all.ics",
 * "staff/<id>.ics", "communes/<insee>.ics", "sites/<id>.ics",
 * "services/<id>.ics", "vehicles/<id>.ics"), ids made file-safe: never
 * outside the folder nor hidden, distinct ids give distinct names, a
 * name past 199 bytes or a Windows device name ends with '~' and a hash
 * (docs/calendars.md, "Files"). */
void ics_feed_path(const struct model *m, struct ics_feed feed,
                   char out[256]);
/* Writes every feed under dir (cal_file_write), creating the subfolders
 * and sweeping their old temporaries: all.ics and one
 * file per staff member, commune, site, service and vehicle of the model,
 * empty ones included (a subscriber whose sessions all went away must see
 * an empty calendar, not a stale one).  *n_written (may be NULL) counts
 * files. */
enum status ics_write_feeds(const struct model *m, const struct model_plan *p,
                            const char *dir, const struct ics_feed_options *opt,
                            size_t *n_written, struct diag *err);

#endif
