/* ics_int.h -- declarations shared by the iCalendar files of calendars/.
 *
 * Not a public header: only the .c files of calendars/ include it.  It gives the
 * import side one parsed document (struct ics_doc) that knows, for every
 * component and property libical built, the line of the file it came
 * from, so every error can name a line even though libical keeps none. */
#ifndef PLANNER_ICS_INT_H
#define PLANNER_ICS_INT_H

#include <stdint.h>

#include <libical/ical.h>

#include "calendars.h"

/* Where one property of a component was found in the file. */
struct ics_prop_line {
    char name[40];   /* upper case */
    int line;
};

/* One component in depth-first document order (the order libical builds
 * them in), with its own properties' lines. */
struct ics_comp_info {
    icalcomponent *comp;
    int begin, end;  /* lines of BEGIN: and END: */
    size_t begin_at; /* index of the BEGIN line in ics_doc.lines */
    struct ics_prop_line *props;
    size_t n_props, cap_props;
};

struct ics_doc {
    const char *name;            /* file name for messages (borrowed) */
    icalcomponent *root;         /* the VCALENDAR */
    struct ics_comp_info *comps; /* comps[0] is the VCALENDAR */
    size_t n_comps;
    char **lines;                /* unfolded content lines, 1 per logical
                                    line, for error lookups */
    int *line_no;                /* physical line where each starts */
    size_t n_lines;
    /* comps by libical component (open addressing on the pointer), so
     * finding a component's lines costs the same in a file of 50 000
     * events as in a file of 5: SIZE_MAX marks an empty slot. */
    size_t *by_comp;
    size_t n_by_comp;            /* a power of two, > 2 * n_comps */
};

/* Dates an import accepts: a file dated in year 0001 or 2500 is a broken
 * export, not leave (docs/calendars.md, "Limits"). */
#define ICS_YEAR_MIN 1900
#define ICS_YEAR_MAX 2199

/* Checks the text's structure (content-line syntax, BEGIN/END nesting,
 * one VCALENDAR), parses it with libical and rejects any X-LIC-ERROR
 * libical inserted, naming the line.  On error doc is left empty. */
enum status ics_doc_parse(const char *text, const char *name,
                          struct ics_doc *doc, struct diag *err);
void ics_doc_free(struct ics_doc *doc);
/* Line of the component's BEGIN, or of its first property called name
 * (the component's BEGIN line when it has none); 0 when unknown. */
int ics_doc_line(const struct ics_doc *doc, const icalcomponent *c,
                 const char *prop_name);

/* Reads a whole file (at most 64 MiB) as a NUL-terminated string. */
enum status ics_read_text(const char *path, char **out, struct diag *err);

/* The zone a TZID names: an embedded VTIMEZONE of doc, a Windows zone
 * name Outlook writes ("Romance Standard Time"), an Olson name (also
 * with libical's /freeassociation.sourceforge.net/ prefix).  NULL when
 * none; the zone lives as long as doc (or forever for builtin zones). */
icaltimezone *ics_doc_zone(const struct ics_doc *doc, const char *tzid);
/* Europe/Paris for conversions (libical's builtin zone: fine to read
 * times with, never written out -- see ics_feed.c). */
icaltimezone *ics_paris(void);

/* A date-time property's value with its zone resolved: TZID param via
 * ics_doc_zone, "Z" as UTC, floating as Europe/Paris (what a French
 * user meant).  All-day values stay dates.  A year outside ICS_YEAR_MIN
 * .. ICS_YEAR_MAX is refused.  Errors name the line. */
enum status ics_doc_time(const struct ics_doc *doc, icalcomponent *c,
                         icalproperty *p, const char *what,
                         struct icaltimetype *out, struct diag *err);

/* 64-bit FNV-1a of s (ics_uid.c): the hash that shortened UIDs and feed
 * file names end with.  Stable: published names depend on it. */
uint64_t ics_fnv1a(const char *s);

/* Local Europe/Paris minutes since 1970-01-01 (models.h busy times). */
long long ics_local_minutes(struct icaltimetype t);

/* ------------------------------------------------------------------ */
/* Feed text (ics_text.c), shared by the session events (ics_feed.c)     */
/* and the minibus run events (ics_runs.c)                              */
/* ------------------------------------------------------------------ */

/* A bounded text an event's LOCATION or DESCRIPTION is built in: what
 * does not fit is cut, never overflows. */
struct ics_text {
    char buf[4096];
    size_t len;
};
void ics_text_add(struct ics_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A UTC DATE-TIME of unix seconds (DTSTAMP, LAST-MODIFIED). */
struct icaltimetype ics_utc_time(long long unix_seconds);
/* Day number + minutes after midnight (may pass 1440) in zone z. */
struct icaltimetype ics_local_time(int day, int minute, icaltimezone *z);

/* libical 3.0 folds a content line that is just over 75 octets and has
 * no space, ':' or ';' to break at (a long UID) between the CR and the
 * LF of its end: "...\r" "\r\n " "\n", a bare CR and a bare LF that
 * python3-icalendar refuses.  Turns each such sequence back into the
 * line's CRLF, in place (the text only gets shorter). */
void ics_repair_folds(char *text);

/* The run events of plan p that belong in feed (ics_runs.c): a route's
 * event (departure to return, stops in the description) in all.ics, the
 * driver's, the vehicle's and the destination site's feeds; one event
 * per pick-up (pick-up time to arrival, its place, the return time) in
 * the feed of the pick-up's commune, without names.  Added to cal. */
void ics_add_runs(icalcomponent *cal, const struct model *m,
                  const struct model_plan *p, struct ics_feed feed,
                  long long dtstamp, icaltimezone *paris);
/* STATUS_INVALID (naming the run) when a run of p refers to what the
 * model does not have. */
enum status ics_check_runs(const struct model *m, const struct model_plan *p,
                           struct diag *err);

#endif
