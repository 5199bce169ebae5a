/* ics_feed.c -- iCalendar feeds (RFC 5545 + RFC 7986) from a plan.
 *
 * Subscribers (staff, mairies, families) read these in Google Calendar,
 * Outlook, Thunderbird and phones; every choice below is about all of
 * them reading the same thing:
 *
 *   - One VEVENT per session, never RRULE series: clients disagree on
 *     EXDATE and overrides, and a plan is a list of dated sessions anyway.
 *   - Times are DTSTART/DTEND;TZID=Europe/Paris with a constant, short
 *     VTIMEZONE in the RRULE form (below).  libical's builtin zone would
 *     write TZID:/freeassociation.sourceforge.net/Europe/Paris with history
 *     back to 1891, which shifts events in node-ical and crashes
 *     python3-icalendar (shared/LIBRARIES.md, trap 1).  We build the zone
 *     from our own component (icaltimezone_set_component) per calendar:
 *     no global state.
 *   - UID says what a session is (ics_uid.c), SEQUENCE and LAST-MODIFIED
 *     come from the store, which only ever raises SEQUENCE; a session a
 *     re-plan removed comes back from the store as SESSION_CANCELLED for a
 *     grace period and is written STATUS:CANCELLED with "ANNULÉ — " in
 *     front of its summary, so clients that ignore STATUS still warn.
 *   - DTSTAMP is the plan's date (or opt->now), never the clock: outputs
 *     are reproducible and golden-testable.
 *   - libical serialises with CRLF and folds at 75 octets without
 *     splitting UTF-8 characters (checked by tests/interop).
 *   - Files are replaced atomically (cal_file.c), so a web server never
 *     serves half a feed; each folder is swept of the temporaries of
 *     killed runs first.
 */
#include "ics_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Europe/Paris since 1996 (EU summer time rules): last Sunday of March
 * 02:00 -> 03:00, last Sunday of October 03:00 -> 02:00. */
static const char paris_vtimezone[] =
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Paris\r\n"
    "X-LIC-LOCATION:Europe/Paris\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

static const char defaults_prodid[] = "-//planner//planner 0.1//FR";

void ics_feed_options_init(struct ics_feed_options *o)
{
    memset(o, 0, sizeof *o);
    o->prodid = defaults_prodid;
    o->refresh_minutes = 360;
}

/* ------------------------------------------------------------------ */
/* Growing text buffer for descriptions.                                */

/* ------------------------------------------------------------------ */
/* Which sessions go in which feed.                                     */

static bool in_feed(const struct model *m, const struct model_session *s,
                    struct ics_feed f)
{
    switch (f.kind) {
    case ICS_FEED_ALL: return true;
    case ICS_FEED_STAFF:
        for (int i = 0; i < s->n_staff; i++)
            if (s->staff[i] == f.index)
                return true;
        return false;
    case ICS_FEED_COMMUNE:
        return s->site >= 0 && (size_t)s->site < m->n_sites &&
               m->sites[s->site].commune == f.index;
    case ICS_FEED_SITE: return s->site == f.index;
    case ICS_FEED_SERVICE: return s->service == f.index;
    case ICS_FEED_VEHICLE: return s->vehicle == f.index;
    }
    return false;
}

static const char *territory(const struct model *m)
{
    return m->settings.name[0] ? m->settings.name : "Territoire";
}

static void feed_name(const struct model *m, struct ics_feed f, char *out,
                      size_t size)
{
    switch (f.kind) {
    case ICS_FEED_ALL:
        snprintf(out, size, "%s — tous les services itinérants", territory(m));
        break;
    case ICS_FEED_STAFF:
        snprintf(out, size, "Planning de %s — %s", m->staff[f.index].name,
                 territory(m));
        break;
    case ICS_FEED_COMMUNE:
        snprintf(out, size, "%s — services itinérants dans la commune",
                 m->communes[f.index].name);
        break;
    case ICS_FEED_SITE:
        snprintf(out, size, "%s — %s", m->sites[f.index].name,
                 m->communes[m->sites[f.index].commune].name);
        break;
    case ICS_FEED_SERVICE:
        snprintf(out, size, "%s — %s", m->services[f.index].name,
                 territory(m));
        break;
    case ICS_FEED_VEHICLE:
        snprintf(out, size, "Véhicule %s — %s", m->vehicles[f.index].id,
                 territory(m));
        break;
    }
}

/* Ids made into file names.  The UID escaping (injective), plus a
 * leading '.' escaped so no id makes a hidden file or "..".  Two cases
 * need more, and get '~' and the 64-bit hash of the whole id (escaping
 * never writes '~', so such a name is never an ordinary one):
 *   - an escaped name longer than FEED_NAME_MAX bytes keeps a prefix,
 *     cut between escapes: two long ids (67 accented letters) cut at the
 *     same length used to share one file;
 *   - a Windows device name (CON, NUL, COM1..., also "CON.x"), which a
 *     copy of the feeds to a Windows share cannot create.
 * Every other id keeps the name it always had. */
#define FEED_NAME_MAX 199

static bool windows_device(const char *name)
{
    static const char *const dev[] = {"CON", "PRN", "AUX", "NUL"};
    size_t n = strcspn(name, ".");
    for (size_t i = 0; i < sizeof dev / sizeof *dev; i++)
        if (n == 3 && !strncasecmp(name, dev[i], 3))
            return true;
    return n == 4 && (!strncasecmp(name, "COM", 3) ||
                      !strncasecmp(name, "LPT", 3)) &&
           name[3] >= '1' && name[3] <= '9';
}

static void safe_name(const char *id, char out[FEED_NAME_MAX + 1])
{
    static const char hex[] = "0123456789ABCDEF";
    enum { HASH_LEN = 17 };   /* "~" and 16 hex digits */
    char full[FEED_NAME_MAX + 1];
    size_t k = 0, fit = 0;    /* fit: a prefix that leaves room for the hash */
    bool cut = false;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        bool plain = (*p < 128 && (isalnum(*p) || *p == '-')) ||
                     (*p == '.' && p != (const unsigned char *)id);
        if (k + (plain ? 1 : 3) > FEED_NAME_MAX) {
            cut = true;
            break;
        }
        if (plain) {
            full[k++] = (char)*p;
        } else {
            full[k++] = '_';
            full[k++] = hex[*p >> 4];
            full[k++] = hex[*p & 15];
        }
        if (k <= FEED_NAME_MAX - HASH_LEN)
            fit = k;
    }
    if (k == 0)
        full[k++] = '_';
    full[k] = '\0';
    if (!cut && !windows_device(full)) {
        memcpy(out, full, k + 1);
        return;
    }
    snprintf(out, FEED_NAME_MAX + 1, "%.*s~%016llx", (int)fit, full,
             (unsigned long long)ics_fnv1a(id));
}

void ics_feed_path(const struct model *m, struct ics_feed f, char out[256])
{
    char name[FEED_NAME_MAX + 1];
    const char *folder = "";
    switch (f.kind) {
    case ICS_FEED_ALL:
        snprintf(out, 256, "all.ics");
        return;
    case ICS_FEED_STAFF:
        folder = "staff";
        safe_name(m->staff[f.index].id, name);
        break;
    case ICS_FEED_COMMUNE:
        folder = "communes";
        safe_name(m->communes[f.index].insee, name);
        break;
    case ICS_FEED_SITE:
        folder = "sites";
        safe_name(m->sites[f.index].id, name);
        break;
    case ICS_FEED_SERVICE:
        folder = "services";
        safe_name(m->services[f.index].id, name);
        break;
    case ICS_FEED_VEHICLE:
        folder = "vehicles";
        safe_name(m->vehicles[f.index].id, name);
        break;
    }
    snprintf(out, 256, "%s/%s.ics", folder, name);
}

/* ------------------------------------------------------------------ */
/* Events.                                                              */

static void x_prop(icalcomponent *c, const char *name, const char *value,
                   icalparameter_value value_type)
{
    icalproperty *p = icalproperty_new_x(value);
    icalproperty_set_x_name(p, name);
    if (value_type != ICAL_VALUE_NONE)
        icalproperty_add_parameter(p, icalparameter_new_value(value_type));
    icalcomponent_add_property(c, p);
}

static void summary_of(const struct model *m, const struct model_session *s,
                       char *out, size_t size)
{
    const struct model_service *sv = &m->services[s->service];
    const struct model_site *st = &m->sites[s->site];
    snprintf(out, size, "%s%s — %s",
             s->status == SESSION_CANCELLED ? "ANNULÉ — " : "", sv->name,
             m->communes[st->commune].name);
}

static void location_of(const struct model *m, const struct model_site *st,
                        struct ics_text *t)
{
    const char *commune = m->communes[st->commune].name;
    ics_text_add(t, "%s", st->name);
    if (st->address[0])
        ics_text_add(t, ", %s", st->address);
    if (!st->address[0] || !strstr(st->address, commune))
        ics_text_add(t, ", %s", commune);
}

/* "Halte-jeux — animée par Léa Martin (RPE) et Paul Roux.\n
 *  Pour : assistantes maternelles et parents.\nRéservation : ..." */
static void description_of(const struct model *m,
                           const struct model_session *s, struct ics_text *t)
{
    const struct model_service *sv = &m->services[s->service];
    if (s->status == SESSION_CANCELLED)
        ics_text_add(t, "Séance annulée : elle n'aura pas lieu.\n");
    ics_text_add(t, "%s", sv->name);
    for (int i = 0; i < s->n_staff; i++) {
        if (s->staff[i] < 0 || (size_t)s->staff[i] >= m->n_staff)
            continue;
        const struct model_staff *p = &m->staff[s->staff[i]];
        ics_text_add(t, "%s%s", i == 0 ? " — animée par "
                       : i == s->n_staff - 1 ? " et " : ", ", p->name);
        if (p->role[0])
            ics_text_add(t, " (%s)", p->role);
    }
    ics_text_add(t, ".\n");
    if (sv->audience_text[0])
        ics_text_add(t, "Pour : %s.\n", sv->audience_text);
    if (sv->booking[0])
        ics_text_add(t, "Réservation : %s.\n", sv->booking);
    ics_text_add(t, "Lieu : ");
    location_of(m, &m->sites[s->site], t);
    ics_text_add(t, ".");
    if (s->vehicle >= 0 && (size_t)s->vehicle < m->n_vehicles) {
        const struct model_vehicle *v = &m->vehicles[s->vehicle];
        ics_text_add(t, "\nVéhicule : %s%s%s%s.", v->id, v->kind[0] ? " (" : "",
            v->kind, v->kind[0] ? ")" : "");
    }
}

static enum status check_session(const struct model *m,
                                 const struct model_session *s, size_t i,
                                 struct diag *err)
{
    if (!s->uid[0])
        return diag_set(err, STATUS_INVALID, "", 0, 0, "uid",
                        "session %zu has no UID", i + 1);
    if (s->service < 0 || (size_t)s->service >= m->n_services ||
        s->site < 0 || (size_t)s->site >= m->n_sites ||
        m->sites[s->site].commune < 0 ||
        (size_t)m->sites[s->site].commune >= m->n_communes)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "site",
                        "session %s refers to a service or site the model "
                        "does not have", s->uid);
    if (s->n_staff < 0 || s->n_staff > MODEL_MAX_TEAM)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "staff",
                        "session %s has %d staff: expected 0 to %d", s->uid,
                        s->n_staff, MODEL_MAX_TEAM);
    for (int k = 0; k < s->n_staff; k++)
        if (s->staff[k] < 0 || (size_t)s->staff[k] >= m->n_staff)
            return diag_set(err, STATUS_INVALID, "", 0, 0, "staff",
                            "session %s refers to a staff member the model "
                            "does not have", s->uid);
    if (s->vehicle < -1 ||
        (s->vehicle >= 0 && (size_t)s->vehicle >= m->n_vehicles))
        return diag_set(err, STATUS_INVALID, "", 0, 0, "vehicle",
                        "session %s refers to a vehicle the model does not "
                        "have", s->uid);
    if (s->start < 0 || s->end > 1440 || s->end <= s->start)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "start",
                        "session %s has times %d..%d: expected minutes with "
                        "0 <= start < end <= 1440", s->uid, s->start, s->end);
    return STATUS_OK;
}

static icalcomponent *session_event(const struct model *m,
                                    const struct model_session *s,
                                    long long dtstamp, icaltimezone *paris)
{
    const struct model_service *sv = &m->services[s->service];
    const struct model_site *st = &m->sites[s->site];
    icalcomponent *e = icalcomponent_new_vevent();
    icalcomponent_add_property(e, icalproperty_new_uid(s->uid));
    icalcomponent_add_property(e, icalproperty_new_dtstamp(ics_utc_time(dtstamp)));
    icalcomponent_add_property(e, icalproperty_new_lastmodified(ics_utc_time(
        s->last_modified > 0 ? s->last_modified : dtstamp)));
    icalcomponent_add_property(e, icalproperty_new_sequence(
        s->sequence > 0 ? s->sequence : 0));
    icalcomponent_set_dtstart(e, ics_local_time(s->day, s->start, paris));
    icalcomponent_set_dtend(e, ics_local_time(s->day, s->end, paris));
    char summary[512];
    summary_of(m, s, summary, sizeof summary);
    icalcomponent_add_property(e, icalproperty_new_summary(summary));
    struct ics_text loc = {.len = 0};
    loc.buf[0] = '\0';
    location_of(m, st, &loc);
    icalcomponent_add_property(e, icalproperty_new_location(loc.buf));
    if (st->lat != 0 || st->lon != 0) {
        struct icalgeotype g;
        g.lat = st->lat;
        g.lon = st->lon;
        icalcomponent_add_property(e, icalproperty_new_geo(g));
    }
    struct ics_text desc = {.len = 0};
    desc.buf[0] = '\0';
    description_of(m, s, &desc);
    icalcomponent_add_property(e, icalproperty_new_description(desc.buf));
    icalcomponent_add_property(e, icalproperty_new_categories(
        sv->category[0] ? sv->category : sv->name));
    icalcomponent_add_property(e, icalproperty_new_status(
        s->status == SESSION_CANCELLED ? ICAL_STATUS_CANCELLED
                                       : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(e, icalproperty_new_transp(
        s->status == SESSION_CANCELLED ? ICAL_TRANSP_TRANSPARENT
                                       : ICAL_TRANSP_OPAQUE));
    return e;
}

/* The VCALENDAR's own properties: version, PRODID, method, the feed's
 * name, the refresh interval clients poll at, and its address when a base
 * URL is given (path: the feed's file name, ics_feed_path). */
static void calendar_props(icalcomponent *cal, const struct model *m,
                           struct ics_feed feed,
                           const struct ics_feed_options *opt,
                           const char *path, int refresh)
{
    char name[512], url[1024], ttl[32];
    feed_name(m, feed, name, sizeof name);
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid(
        opt->prodid && opt->prodid[0] ? opt->prodid : defaults_prodid));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    x_prop(cal, "NAME", name, ICAL_VALUE_NONE);
    x_prop(cal, "X-WR-CALNAME", name, ICAL_VALUE_NONE);
    x_prop(cal, "X-WR-TIMEZONE", "Europe/Paris", ICAL_VALUE_NONE);
    snprintf(ttl, sizeof ttl, "PT%dM", refresh);
    if (refresh % 60 == 0)
        snprintf(ttl, sizeof ttl, "PT%dH", refresh / 60);
    x_prop(cal, "REFRESH-INTERVAL", ttl, ICAL_VALUE_DURATION);
    x_prop(cal, "X-PUBLISHED-TTL", ttl, ICAL_VALUE_NONE);
    if (opt->base_url && opt->base_url[0]) {
        size_t bl = strlen(opt->base_url);
        snprintf(url, sizeof url, "%s%s%s", opt->base_url,
                 opt->base_url[bl - 1] == '/' ? "" : "/", path);
        x_prop(cal, "URL", url, ICAL_VALUE_URI);
        x_prop(cal, "SOURCE", url, ICAL_VALUE_URI);
    }
}

enum status ics_calendar_text(const struct model *m,
                              const struct model_plan *p, struct ics_feed feed,
                              const struct ics_feed_options *opt, char **out,
                              struct diag *err)
{
    *out = NULL;
    struct ics_feed_options defaults;
    if (!opt) {
        ics_feed_options_init(&defaults);
        opt = &defaults;
    }
    size_t limit = feed.kind == ICS_FEED_STAFF ? m->n_staff
                   : feed.kind == ICS_FEED_COMMUNE ? m->n_communes
                   : feed.kind == ICS_FEED_SITE ? m->n_sites
                   : feed.kind == ICS_FEED_SERVICE ? m->n_services
                   : feed.kind == ICS_FEED_VEHICLE ? m->n_vehicles : 1;
    if (feed.kind != ICS_FEED_ALL &&
        (feed.index < 0 || (size_t)feed.index >= limit))
        return diag_set(err, STATUS_INVALID, "", 0, 0, NULL,
                        "feed index %d out of range", feed.index);
    for (size_t i = 0; i < p->n_sessions; i++) {
        enum status st = check_session(m, &p->sessions[i], i, err);
        if (st != STATUS_OK)
            return st;
    }
    enum status rst = ics_check_runs(m, p, err);
    if (rst != STATUS_OK)
        return rst;
    long long dtstamp = opt->now ? opt->now : p->created_at;
    int refresh = opt->refresh_minutes > 0 ? opt->refresh_minutes : 360;

    icalcomponent *tzc = icalparser_parse_string(paris_vtimezone);
    if (!tzc)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL,
                        "cannot build the Europe/Paris VTIMEZONE");
    icalcomponent *cal = icalcomponent_new_vcalendar();
    icaltimezone *paris = icaltimezone_new();
    if (!cal || !paris) {
        icalcomponent_free(tzc);
        if (cal)
            icalcomponent_free(cal);
        if (paris)
            icaltimezone_free(paris, 1);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL, "out of memory");
    }
    icalcomponent_add_component(cal, icalcomponent_new_clone(tzc));
    icaltimezone_set_component(paris, tzc); /* the zone owns tzc now */

    char path[256];
    ics_feed_path(m, feed, path);
    calendar_props(cal, m, feed, opt, path, refresh);
    for (size_t i = 0; i < p->n_sessions; i++)
        if (in_feed(m, &p->sessions[i], feed))
            icalcomponent_add_component(
                cal, session_event(m, &p->sessions[i], dtstamp, paris));
    ics_add_runs(cal, m, p, feed, dtstamp, paris);
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    icaltimezone_free(paris, 1);
    if (!text)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL,
                        "libical could not serialise the calendar: %s",
                        icalerror_strerror(icalerrno));
    ics_repair_folds(text);
    /* Our own invariant (LIBRARIES.md trap 1): never a libical TZID. */
    if (strstr(text, "freeassociation")) {
        free(text);
        return diag_set(err, STATUS_INVALID, path, 0, 0, "TZID",
                        "libical wrote its builtin time zone: bug");
    }
    *out = text;
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Files.                                                               */

static enum status make_dir(const char *path, struct diag *err)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return STATUS_OK;
        return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                        "exists and is not a folder");
    }
    return diag_set(err, STATUS_IO, path, 0, 0, NULL,
                    "cannot create the folder: %s", strerror(errno));
}

static enum status write_one(const struct model *m, const struct model_plan *p,
                             const char *dir, struct ics_feed f,
                             const struct ics_feed_options *opt,
                             size_t *n_written, struct diag *err)
{
    char rel[256], path[4096];
    ics_feed_path(m, f, rel);
    int n = snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof path)
        return diag_set(err, STATUS_IO, dir, 0, 0, NULL, "path too long");
    char *text;
    enum status st = ics_calendar_text(m, p, f, opt, &text, err);
    if (st != STATUS_OK)
        return st;
    st = cal_file_write(path, text, strlen(text), err);
    free(text);
    if (st == STATUS_OK && n_written)
        (*n_written)++;
    return st;
}

enum status ics_write_feeds(const struct model *m, const struct model_plan *p,
                            const char *dir, const struct ics_feed_options *opt,
                            size_t *n_written, struct diag *err)
{
    static const struct {
        enum ics_feed_kind kind;
        const char *folder;
    } kinds[] = {
        {ICS_FEED_STAFF, "staff"},       {ICS_FEED_COMMUNE, "communes"},
        {ICS_FEED_SITE, "sites"},        {ICS_FEED_SERVICE, "services"},
        {ICS_FEED_VEHICLE, "vehicles"},
    };
    if (n_written)
        *n_written = 0;
    enum status st = make_dir(dir, err);
    if (st == STATUS_OK)
        st = cal_file_sweep(dir, NULL, err);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds && st == STATUS_OK;
         k++) {
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", dir, kinds[k].folder);
        st = make_dir(sub, err);
        if (st == STATUS_OK)
            st = cal_file_sweep(sub, NULL, err);
    }
    if (st == STATUS_OK)
        st = write_one(m, p, dir, (struct ics_feed){ICS_FEED_ALL, 0}, opt,
                       n_written, err);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds && st == STATUS_OK;
         k++) {
        size_t count = kinds[k].kind == ICS_FEED_STAFF ? m->n_staff
                       : kinds[k].kind == ICS_FEED_COMMUNE ? m->n_communes
                       : kinds[k].kind == ICS_FEED_SITE ? m->n_sites
                       : kinds[k].kind == ICS_FEED_SERVICE ? m->n_services
                                                           : m->n_vehicles;
        /* Every entity gets its feed, empty or not: a staff member whose
         * sessions all went away must see an empty calendar, not a stale
         * one. */
        for (size_t i = 0; i < count && st == STATUS_OK; i++)
            st = write_one(m, p, dir,
                           (struct ics_feed){kinds[k].kind, (int)i}, opt,
                           n_written, err);
    }
    return st;
}
