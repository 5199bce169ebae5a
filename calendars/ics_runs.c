/* ics_runs.c -- the minibus runs of a plan in the feeds (docs/calendars.md,
 * "Minibus runs").
 *
 * Two kinds of event, each with its own UID so that a UID means the same
 * thing in every feed that carries it:
 *   - the route (UID ics_run_uid): from its departure to its return, with
 *     the stops, times and riders in the description, in all.ics and in
 *     the feeds of its driver, its vehicle and its destination site;
 *   - the pick-up (the route's UID with "-<pick-up id>" before the '@'):
 *     from the pick-up time to the arrival, at the pick-up place, with
 *     the return's drop-off time, in the feed of the pick-up's commune:
 *     what a family needs, and no names (a commune feed is public).
 * SEQUENCE, LAST-MODIFIED and cancellations come from the store
 * (store_runs.c), as for sessions; a cancelled run is written
 * STATUS:CANCELLED with "ANNULÉ — " in front of its summary. */
#include "ics_int.h"

#include <stdio.h>
#include <string.h>

/* "13 h 05" */
struct hfr { char s[16]; };
static struct hfr hfr(int minutes)
{
    struct hfr h;
    if (minutes < 0)
        minutes = 0;
    snprintf(h.s, sizeof h.s, "%d h %02d", minutes / 60 % 24, minutes % 60);
    return h;
}

static const char *commune_of(const struct model *m, const struct model_pickup *k)
{
    return k->commune >= 0 ? m->communes[k->commune].name : "";
}

enum status ics_check_runs(const struct model *m, const struct model_plan *p,
                           struct diag *err)
{
    for (size_t i = 0; i < p->n_runs; i++) {
        const struct model_run *r = &p->runs[i];
        bool ok = r->uid[0] && r->transport >= 0 && (size_t)r->transport < m->n_transports
                  && r->vehicle >= 0 && (size_t)r->vehicle < m->n_vehicles
                  && r->driver >= 0 && (size_t)r->driver < m->n_staff
                  && r->n_stops > 0 && r->n_stops <= MODEL_RUN_MAX_STOPS;
        for (int k = 0; ok && k < r->n_stops; k++)
            ok = r->stop[k] >= 0 && (size_t)r->stop[k] < m->n_pickups;
        if (!ok)
            return diag_set(err, STATUS_INVALID, "", 0, 0, "run",
                            "run %zu (%s) refers to a transport, vehicle, driver "
                            "or pick-up the model does not have", i + 1, r->uid);
    }
    return STATUS_OK;
}

/* The properties both kinds share. */
static void common(icalcomponent *e, const struct model_run *r, const char *uid,
                   long long dtstamp, int start, int end, icaltimezone *paris)
{
    bool cancelled = r->status == SESSION_CANCELLED;
    icalcomponent_add_property(e, icalproperty_new_uid(uid));
    icalcomponent_add_property(e, icalproperty_new_dtstamp(ics_utc_time(dtstamp)));
    icalcomponent_add_property(e, icalproperty_new_lastmodified(ics_utc_time(
        r->last_modified > 0 ? r->last_modified : dtstamp)));
    icalcomponent_add_property(e, icalproperty_new_sequence(r->sequence > 0 ? r->sequence : 0));
    icalcomponent_set_dtstart(e, ics_local_time(r->day, start, paris));
    icalcomponent_set_dtend(e, ics_local_time(r->day, end > start ? end : start + 1, paris));
    icalcomponent_add_property(e, icalproperty_new_categories("Minibus"));
    icalcomponent_add_property(e, icalproperty_new_status(
        cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(e, icalproperty_new_transp(
        cancelled ? ICAL_TRANSP_TRANSPARENT : ICAL_TRANSP_OPAQUE));
}

static void route_stops(const struct model *m, const struct model_run *r,
                        struct ics_text *d)
{
    const struct model_transport *t = &m->transports[r->transport];
    const char *site = m->sites[t->site].name;
    ics_text_add(d, "Aller : départ à %s (%s).\n", hfr(r->depart).s, site);
    for (int k = 0; k < r->n_stops; k++) {
        const struct model_pickup *q = &m->pickups[r->stop[k]];
        ics_text_add(d, "  %s %s, %s (%d)\n", hfr(r->pick[k]).s, commune_of(m, q),
                     q->name, q->riders);
    }
    ics_text_add(d, "  %s arrivée (%s).\n", hfr(t->arrive_by).s, site);
    if (t->leave_at < 0 || r->back < 0)
        return;
    ics_text_add(d, "Retour : départ à %s (%s).\n", hfr(t->leave_at).s, site);
    for (int k = r->n_stops - 1; k >= 0; k--) {
        const struct model_pickup *q = &m->pickups[r->stop[k]];
        ics_text_add(d, "  %s %s, %s\n", hfr(r->drop[k]).s, commune_of(m, q), q->name);
    }
    ics_text_add(d, "  %s de retour (%s).\n", hfr(r->back).s, site);
}

static icalcomponent *route_event(const struct model *m, const struct model_run *r,
                                  long long dtstamp, icaltimezone *paris)
{
    const struct model_transport *t = &m->transports[r->transport];
    const struct model_site *st = &m->sites[t->site];
    bool cancelled = r->status == SESSION_CANCELLED;
    icalcomponent *e = icalcomponent_new_vevent();
    common(e, r, r->uid, dtstamp, r->depart, r->back >= 0 ? r->back : t->arrive_by, paris);
    char summary[512];
    snprintf(summary, sizeof summary, "%s%s — tournée %d", cancelled ? "ANNULÉ — " : "",
             t->name, r->route + 1);
    icalcomponent_add_property(e, icalproperty_new_summary(summary));
    icalcomponent_add_property(e, icalproperty_new_location(st->name));
    struct ics_text d = {.len = 0};
    d.buf[0] = '\0';
    if (cancelled)
        ics_text_add(&d, "Tournée annulée : elle n'aura pas lieu.\n");
    ics_text_add(&d, "%s, tournée %d : %s %s, conduit par %s. %d passagers.\n",
                 t->name, r->route + 1, m->vehicles[r->vehicle].kind,
                 m->vehicles[r->vehicle].id, m->staff[r->driver].name, r->riders);
    route_stops(m, r, &d);
    icalcomponent_add_property(e, icalproperty_new_description(d.buf));
    return e;
}

/* The route's UID with "-<pick-up id>" before its '@'. */
static void pickup_uid(const struct model *m, const struct model_run *r, int k,
                       char out[192])
{
    const char *at = strchr(r->uid, '@');
    int head = at ? (int)(at - r->uid) : (int)strlen(r->uid);
    snprintf(out, 192, "%.*s-%s%s", head, r->uid, m->pickups[r->stop[k]].id,
             at ? at : "");
}

static icalcomponent *pickup_event(const struct model *m, const struct model_run *r,
                                   int k, long long dtstamp, icaltimezone *paris)
{
    const struct model_transport *t = &m->transports[r->transport];
    const struct model_pickup *q = &m->pickups[r->stop[k]];
    const char *site = m->sites[t->site].name;
    bool cancelled = r->status == SESSION_CANCELLED;
    char uid[192], summary[512];
    pickup_uid(m, r, k, uid);
    icalcomponent *e = icalcomponent_new_vevent();
    common(e, r, uid, dtstamp, r->pick[k], t->arrive_by, paris);
    snprintf(summary, sizeof summary, "%s%s : départ %s, %s", cancelled ? "ANNULÉ — " : "",
             t->name, hfr(r->pick[k]).s, q->name);
    icalcomponent_add_property(e, icalproperty_new_summary(summary));
    char loc[512];
    snprintf(loc, sizeof loc, "%s, %s", q->name, commune_of(m, q));
    icalcomponent_add_property(e, icalproperty_new_location(loc));
    struct icalgeotype g = {.lat = q->lat, .lon = q->lon};
    icalcomponent_add_property(e, icalproperty_new_geo(g));
    struct ics_text d = {.len = 0};
    d.buf[0] = '\0';
    if (cancelled)
        ics_text_add(&d, "Minibus annulé : il ne passera pas.\n");
    ics_text_add(&d, "Départ à %s, %s (%s) ; arrivée à %s (%s).\n", hfr(r->pick[k]).s,
                 q->name, commune_of(m, q), hfr(t->arrive_by).s, site);
    if (t->leave_at >= 0 && r->drop[k] >= 0)
        ics_text_add(&d, "Retour : départ à %s (%s), ici vers %s.\n",
                     hfr(t->leave_at).s, site, hfr(r->drop[k]).s);
    icalcomponent_add_property(e, icalproperty_new_description(d.buf));
    return e;
}

static bool route_in_feed(const struct model *m, const struct model_run *r,
                          struct ics_feed f)
{
    switch (f.kind) {
    case ICS_FEED_ALL: return true;
    case ICS_FEED_STAFF: return r->driver == f.index;
    case ICS_FEED_VEHICLE: return r->vehicle == f.index;
    case ICS_FEED_SITE: return m->transports[r->transport].site == f.index;
    case ICS_FEED_COMMUNE:
    case ICS_FEED_SERVICE: return false;
    }
    return false;
}

void ics_add_runs(icalcomponent *cal, const struct model *m,
                  const struct model_plan *p, struct ics_feed feed,
                  long long dtstamp, icaltimezone *paris)
{
    for (size_t i = 0; i < p->n_runs; i++) {
        const struct model_run *r = &p->runs[i];
        if (route_in_feed(m, r, feed))
            icalcomponent_add_component(cal, route_event(m, r, dtstamp, paris));
        for (int k = 0; feed.kind == ICS_FEED_COMMUNE && k < r->n_stops; k++)
            if (m->pickups[r->stop[k]].commune == feed.index)
                icalcomponent_add_component(cal, pickup_event(m, r, k, dtstamp, paris));
    }
}
