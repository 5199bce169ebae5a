/* verify.c -- re-checks a plan against every hard rule (docs/rules.md,
 * R1..R11), independently of the solver.
 *
 * Why a second implementation: the MIP encodes the rules as rows over
 * pre-expanded patterns; a bug there (a missing row, a wrong index) would
 * produce plans that look fine.  This file reads the rules from the plan's
 * side instead -- sessions as they are, pair by pair, day by day -- and
 * shares no code with plan_*.c nor with the rules of models/rules.c
 * (model_rule_*), which the loader, `check` and the solver share: it keeps
 * its own independent code for every hard rule, on purpose, so a wrong
 * shared rule is caught here.  Travel figures (model_travel_between) are
 * data, not a rule, and are the one thing it takes from there.  It uses
 * only models.h (model, travel)
 * and calendars.h (closures), and it also checks plans a coordinator
 * edited by hand (export_read_csv), which is why every message is written
 * for a coordinator: names, French dates (DD/MM/YYYY), HH:MM times.
 *
 * Design: one pass per session for the rules about a session alone (R1-R6,
 * and the vehicle's half-days and busy times of R10), then one pass per
 * staff member (R7, R8, R9), per vehicle (R10) and per site (R11) over the
 * confirmed sessions sorted by (day, start).  Cancelled sessions are
 * ignored by every rule.  Pairs are checked exhaustively, not only
 * neighbours, because travel.csv times need not obey the triangle
 * inequality.
 *
 * Decisions where docs/rules.md leaves room (reported to the lead):
 *   - Travel minutes are compared as the real numbers
 *     model_travel_between() returns, with a tolerance of 1e-6 minute:
 *     a solver that rounds a 22.4-minute drive down to 22 would be caught.
 *   - A session's on-site interval must lie inside its day [0, 1440]
 *     (checked under R2): the model has no overnight sessions.
 *   - R4 public holidays are checked even without closure data (c NULL):
 *     they are computed (cal_public_holiday_name), not data.  School
 *     holidays are only known from c; with c NULL they are not checked.
 *   - A reference out of range (service, site, staff, vehicle index) is a
 *     violation of the rule that uses it (R2 service/site, R5 staff, R10
 *     vehicle); a session without a valid service or site is reported once
 *     and skipped by the other rules.
 *   - A staff member with no base (base_site and base_commune both < 0)
 *     has a day route that starts at the first site and ends at the last.
 *   - R9 counts a week's days that are in the plan only: a week cut by the
 *     horizon is counted with the sessions it has.  It is reported once per
 *     person and week, with the week's totals.
 *   - A conflict between two sessions (R7, R10, R11) is reported on the
 *     later one, once per person or vehicle involved.
 *   - A re-plan's frozen past (sessions on or before p->frozen_through,
 *     kept from the published plan whatever the input now says) is
 *     checked for consistency only: R1, and two kept sessions of one
 *     person, vehicle or room whose public times overlap.  The rules
 *     that read the input (R2-R6, R8, R10-R11 busy times, travel) are
 *     not applied to it, since the input may have changed since it took
 *     place; a pair of a kept and a new session is checked in full, and
 *     R9 counts kept sessions in any week that has a new one (docs/verify.md).
 */
#include "report_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EPS 1e-6

void verify_report_free(struct verify_report *r)
{
    if (!r)
        return;
    free(r->items);
    r->items = NULL;
    r->count = r->capacity = 0;
}

struct vctx {
    const struct model *m;
    const struct cal_closures *c;
    const struct model_plan *p;
    struct verify_report *r;
    size_t *idx;       /* confirmed, valid sessions sorted by (day, start) */
    size_t n;
    bool nomem;
};

static void add(struct vctx *x, enum verify_rule rule, const char *uid,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Whether s is in the plan's frozen past (this file's own reading of
 * it, on purpose: see the top). */
static bool kept(const struct vctx *x, const struct model_session *s)
{
    return x->p->frozen_through != MODEL_NOT_FROZEN &&
           s->day <= x->p->frozen_through;
}


bool verify_report_vadd(struct verify_report *r, enum verify_rule rule,
                        const char *uid, const char *fmt, va_list ap)
{
    if (r->count == r->capacity) {
        size_t cap = r->capacity ? r->capacity * 2 : 16;
        struct verify_violation *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return false;
        r->items = items;
        r->capacity = cap;
    }
    struct verify_violation *v = &r->items[r->count++];
    memset(v, 0, sizeof *v);
    v->rule = rule;
    snprintf(v->uid, sizeof v->uid, "%s", uid ? uid : "");
    vsnprintf(v->message, sizeof v->message, fmt, ap);
    return true;
}

static void add(struct vctx *x, enum verify_rule rule, const char *uid,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!verify_report_vadd(x->r, rule, uid, fmt, ap))
        x->nomem = true;
    va_end(ap);
}

/* ---- small formatting helpers (messages for coordinators) ---- */

struct hm { char s[16]; };
static struct hm hm(int minutes)
{
    struct hm h;
    int neg = minutes < 0;
    int a = neg ? -minutes : minutes;
    snprintf(h.s, sizeof h.s, "%s%02d:%02d", neg ? "-" : "", a / 60, a % 60);
    return h;
}

struct fr { char s[11]; };
static struct fr fr(int day)
{
    struct fr f;
    model_date_fr(day, f.s);
    return f;
}

/* "2 h 05 min" for durations, which may be fractional (travel). */
/* A local timestamp (day * 1440 + minute) as "14/01/2027 08:00". */
struct stamp { char s[32]; };
static struct stamp stamp(long long t)
{
    struct stamp x;
    long long day = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
    int min = (int)(t - day * 1440);
    snprintf(x.s, sizeof x.s, "%s %s", fr((int)day).s, hm(min).s);
    return x;
}

struct dur { char s[32]; };
static struct dur dur(double minutes)
{
    struct dur d;
    long v = lround(ceil(minutes - EPS));
    if (v < 60)
        snprintf(d.s, sizeof d.s, "%ld min", v);
    else
        snprintf(d.s, sizeof d.s, "%ld h %02ld min", v / 60, v % 60);
    return d;
}

static const char *staff_name(const struct model *m, int k)
{
    const struct model_staff *s = &m->staff[k];
    return s->name && s->name[0] ? s->name : s->id;
}

static const char *site_name(const struct model *m, int k)
{
    const struct model_site *s = &m->sites[k];
    return s->name && s->name[0] ? s->name : s->id;
}

static const char *service_name(const struct model *m, int k)
{
    const struct model_service *s = &m->services[k];
    return s->name && s->name[0] ? s->name : s->id;
}

static const char *const weekday_names[7] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday",
};

/* ---- the geometry of one session ---- */

static const struct model_session *sess(const struct vctx *x, size_t i)
{
    return &x->p->sessions[x->idx[i]];
}

static const struct model_service *svc(const struct vctx *x,
                                       const struct model_session *s)
{
    return &x->m->services[s->service];
}

static int onsite_start(const struct vctx *x, const struct model_session *s)
{
    return s->start - svc(x, s)->setup;
}

static int onsite_end(const struct vctx *x, const struct model_session *s)
{
    return s->end + svc(x, s)->teardown;
}

/* Half-day bits (MODEL_HALF_*) an on-site interval [a, b) touches. */
static uint32_t touched(int wd, int a, int b)
{
    uint32_t h = 0;
    if (a < MODEL_NOON && b > 0)
        h |= MODEL_HALF_AM(wd);
    if (b > MODEL_NOON && a < 1440)
        h |= MODEL_HALF_PM(wd);
    return h;
}

static const char *halves_text(uint32_t missing, int wd)
{
    bool am = missing & MODEL_HALF_AM(wd), pm = missing & MODEL_HALF_PM(wd);
    return am && pm ? "morning and afternoon" : am ? "morning" : "afternoon";
}

static double travel_sites(const struct model *m, int a, int b)
{
    if (a == b)
        return 0.0;
    const struct model_site *sa = &m->sites[a], *sb = &m->sites[b];
    double km, min;
    model_travel_between(m, sa->commune, sa->lat, sa->lon, sb->commune,
                         sb->lat, sb->lon, &km, &min);
    return min;
}

/* Travel from a staff member's base to a site (to_base: the other way). */
static double travel_base(const struct model *m, const struct model_staff *st,
                          int site, bool to_base)
{
    const struct model_site *s = &m->sites[site];
    if (st->base_site == site)
        return 0.0;
    double km, min;
    if (to_base)
        model_travel_between(m, s->commune, s->lat, s->lon, st->base_commune,
                             st->base_lat, st->base_lon, &km, &min);
    else
        model_travel_between(m, st->base_commune, st->base_lat, st->base_lon,
                             s->commune, s->lat, s->lon, &km, &min);
    return min;
}

static bool has_base(const struct model_staff *st)
{
    return st->base_site >= 0 || st->base_commune >= 0;
}

static bool overlaps(long long a0, long long a1, long long b0, long long b1)
{
    return a0 < b1 && b0 < a1;
}

/* ---- R1-R6 and the per-session part of R10 ---- */

static void check_closures(struct vctx *x, const struct model_session *s)
{
    const struct model_service *sv = svc(x, s);
    const char *ph = x->c ? cal_public_holiday(x->c, s->day) : NULL;
    if (!ph)
        ph = cal_public_holiday_name(s->day);
    if (ph && sv->public_holidays != HOL_OPEN)
        add(x, RULE_CLOSURE, s->uid,
            "%s at %s on %s: that day is a public holiday (%s) and the "
            "service does not run on public holidays",
            service_name(x->m, s->service), site_name(x->m, s->site),
            fr(s->day).s, ph);
    const char *sh = x->c ? cal_school_holiday(x->c, s->day) : NULL;
    if (sh && sv->school_holidays != HOL_OPEN)
        add(x, RULE_CLOSURE, s->uid,
            "%s at %s on %s: that day is in the school holidays (%s) and "
            "the service does not run in school holidays",
            service_name(x->m, s->service), site_name(x->m, s->site),
            fr(s->day).s, sh);
}

static void check_fit(struct vctx *x, const struct model_session *s)
{
    const struct model *m = x->m;
    const struct model_service *sv = svc(x, s);
    const struct model_site *site = &m->sites[s->site];
    const char *sn = service_name(m, s->service), *tn = site_name(m, s->site);
    int wd = model_date_weekday(s->day);
    int a = onsite_start(x, s), b = onsite_end(x, s);

    if (s->end - s->start != sv->duration)
        add(x, RULE_SERVICE_FIT, s->uid,
            "%s at %s on %s runs %s-%s (%d min) but the service lasts %d min",
            sn, tn, fr(s->day).s, hm(s->start).s, hm(s->end).s,
            s->end - s->start, sv->duration);
    if (s->start < 0 || s->end > 1440 || s->start >= s->end || a < 0 ||
        b > 1440)
        add(x, RULE_SERVICE_FIT, s->uid,
            "%s at %s on %s: with set-up and pack-up it would run %s-%s, "
            "outside the day 00:00-24:00",
            sn, tn, fr(s->day).s, hm(a).s, hm(b).s);
    uint64_t missing_tags = sv->site_tags & ~site->tags;
    if (missing_tags) {
        int t = 0;
        while (!(missing_tags & (1ull << t)))
            t++;
        add(x, RULE_SERVICE_FIT, s->uid,
            "%s cannot be held at %s: the site lacks \"%s\", which the "
            "service needs", sn, tn,
            (size_t)t < m->n_tags ? m->tag_names[t] : "?");
    }
    if (sv->site_kinds && !(sv->site_kinds & (1u << site->kind)))
        add(x, RULE_SERVICE_FIT, s->uid,
            "%s cannot be held at %s: the service does not use sites of "
            "kind %s", sn, tn, model_site_kind_name(site->kind));
    if (sv->communes) {
        bool found = false;
        for (size_t i = 0; i < sv->n_communes && !found; i++)
            found = sv->communes[i] == site->commune;
        if (!found)
            add(x, RULE_SERVICE_FIT, s->uid,
                "%s cannot be held at %s: its commune %s is not one of the "
                "service's communes", sn, tn,
                site->commune >= 0 && (size_t)site->commune < m->n_communes
                    ? m->communes[site->commune].name : "?");
    }
    uint32_t miss = touched(wd, a, b) & ~sv->halfdays;
    if (miss)
        add(x, RULE_SERVICE_FIT, s->uid,
            "%s at %s on %s %s (%s-%s with set-up and pack-up): the service "
            "does not run on %s %s", sn, tn, weekday_names[wd], fr(s->day).s,
            hm(a).s, hm(b).s, weekday_names[wd], halves_text(miss, wd));
    if (sv->n_windows > 0) {
        bool inside = false;
        for (size_t i = 0; i < sv->n_windows && !inside; i++) {
            const struct model_window *w = &sv->windows[i];
            inside = w->weekday == wd && w->start <= s->start &&
                     s->end <= w->end;
        }
        if (!inside)
            add(x, RULE_SERVICE_FIT, s->uid,
                "%s at %s on %s %s at %s-%s is outside the service's hours "
                "for %s", sn, tn, weekday_names[wd], fr(s->day).s,
                hm(s->start).s, hm(s->end).s, weekday_names[wd]);
    }
}

static void check_site_open(struct vctx *x, const struct model_session *s)
{
    const struct model_site *site = &x->m->sites[s->site];
    if (site->n_open == 0)
        return;
    int wd = model_date_weekday(s->day);
    int a = onsite_start(x, s), b = onsite_end(x, s);
    for (size_t i = 0; i < site->n_open; i++) {
        const struct model_window *w = &site->open[i];
        if (w->weekday == wd && w->start <= a && b <= w->end)
            return;
    }
    add(x, RULE_SITE_OPEN, s->uid,
        "%s is not open on %s %s from %s to %s (set-up to pack-up of %s)",
        site_name(x->m, s->site), weekday_names[wd], fr(s->day).s, hm(a).s,
        hm(b).s, service_name(x->m, s->service));
}

static bool has_licensed(const struct model *m, const struct model_session *s)
{
    for (int i = 0; i < s->n_staff; i++)
        if (s->staff[i] >= 0 && (size_t)s->staff[i] < m->n_staff &&
            m->staff[s->staff[i]].licence)
            return true;
    return false;
}

/* Roles (docs/rules.md R5), verify's own code: places[r] people with
 * role r's skill, one role a person.  Tries every role for member i. */
static bool roles_assign(const struct model *m, const struct model_service *sv,
                         const struct model_session *s, int i, int *places)
{
    if (i == s->n_staff)
        return true;
    for (size_t r = 0; r < sv->n_roles; r++) {
        if (places[r] <= 0 ||
            (m->staff[s->staff[i]].skills & sv->roles[r].skill) == 0)
            continue;
        places[r]--;
        bool ok = roles_assign(m, sv, s, i + 1, places);
        places[r]++;
        if (ok)
            return true;
    }
    return false;
}

static const char *skill_word(const struct model *m, uint64_t bit)
{
    for (size_t t = 0; t < m->n_skills; t++)
        if (bit == (UINT64_C(1) << t))
            return m->skill_names[t];
    return "?";
}

/* Called with distinct, valid staff only. */
static void check_roles(struct vctx *x, const struct model_session *s,
                        const struct model_service *sv, const char *sn)
{
    const struct model *m = x->m;
    int places[MODEL_MAX_TEAM];
    for (size_t r = 0; r < sv->n_roles && r < MODEL_MAX_TEAM; r++) {
        places[r] = sv->roles[r].count;
        int holders = 0;
        for (int i = 0; i < s->n_staff; i++)
            holders += (m->staff[s->staff[i]].skills & sv->roles[r].skill) != 0;
        if (holders < sv->roles[r].count) {
            add(x, RULE_TEAM, s->uid, "%s at %s on %s has %d member%s for the "
                "role \"%s\"; the service needs %d", sn, site_name(m, s->site),
                fr(s->day).s, holders, holders == 1 ? "" : "s",
                skill_word(m, sv->roles[r].skill), sv->roles[r].count);
            return;
        }
    }
    if (!roles_assign(m, sv, s, 0, places))
        add(x, RULE_TEAM, s->uid, "%s at %s on %s: its team cannot fill every "
            "role with one person a role", sn, site_name(m, s->site),
            fr(s->day).s);
}

static void check_team(struct vctx *x, const struct model_session *s)
{
    const struct model *m = x->m;
    const struct model_service *sv = svc(x, s);
    const char *sn = service_name(m, s->service);
    int distinct = 0;
    for (int i = 0; i < s->n_staff; i++) {
        int k = s->staff[i];
        if (k < 0 || (size_t)k >= m->n_staff) {
            add(x, RULE_TEAM, s->uid, "%s on %s names a staff member (#%d) "
                "who is not in the territory", sn, fr(s->day).s, k);
            continue;
        }
        bool dup = false;
        for (int j = 0; j < i; j++)
            dup = dup || s->staff[j] == k;
        if (dup) {
            add(x, RULE_TEAM, s->uid, "%s on %s lists %s twice", sn,
                fr(s->day).s, staff_name(m, k));
            continue;
        }
        distinct++;
        uint64_t lack = sv->skills & ~m->staff[k].skills;
        if (lack) {
            int t = 0;
            while (!(lack & (1ull << t)))
                t++;
            add(x, RULE_TEAM, s->uid,
                "%s cannot run %s on %s: the skill \"%s\" is missing",
                staff_name(m, k), sn, fr(s->day).s,
                (size_t)t < m->n_skills ? m->skill_names[t] : "?");
        }
    }
    if (distinct == sv->staff_count && distinct == s->n_staff && sv->n_roles > 0)
        check_roles(x, s, sv, sn);
    if (distinct != sv->staff_count)
        add(x, RULE_TEAM, s->uid,
            "%s at %s on %s has %d staff member%s; the service needs %d",
            sn, site_name(m, s->site), fr(s->day).s, distinct,
            distinct == 1 ? "" : "s", sv->staff_count);
    if (sv->vehicle_kind && sv->vehicle_kind[0]) {
        if (s->vehicle < 0 || (size_t)s->vehicle >= m->n_vehicles)
            add(x, RULE_TEAM, s->uid,
                "%s at %s on %s needs a vehicle of kind \"%s\" and has none",
                sn, site_name(m, s->site), fr(s->day).s, sv->vehicle_kind);
        /* Kinds are typed by hand in two files: compared ignoring case,
         * as the loader and the solver do (docs/rules.md R5). */
        else if (strcasecmp(m->vehicles[s->vehicle].kind, sv->vehicle_kind))
            add(x, RULE_TEAM, s->uid,
                "%s at %s on %s needs a vehicle of kind \"%s\"; %s is a "
                "\"%s\"", sn, site_name(m, s->site), fr(s->day).s,
                sv->vehicle_kind, m->vehicles[s->vehicle].id,
                m->vehicles[s->vehicle].kind);
        if (!has_licensed(m, s))
            add(x, RULE_TEAM, s->uid,
                "%s at %s on %s needs a driver: nobody in the team has a "
                "driving licence", sn, site_name(m, s->site), fr(s->day).s);
    }
}

static void check_staff_available(struct vctx *x, const struct model_session *s)
{
    const struct model *m = x->m;
    int wd = model_date_weekday(s->day);
    int a = onsite_start(x, s), b = onsite_end(x, s);
    long long base = (long long)s->day * 1440;
    for (int i = 0; i < s->n_staff; i++) {
        int k = s->staff[i];
        if (k < 0 || (size_t)k >= m->n_staff)
            continue;
        bool dup = false;
        for (int j = 0; j < i; j++)
            dup = dup || s->staff[j] == k;
        if (dup)
            continue;
        uint32_t miss = touched(wd, a, b) & ~m->staff[k].halfdays;
        if (miss)
            add(x, RULE_STAFF_AVAILABLE, s->uid,
                "%s does not work on %s %s, but is on %s at %s on %s "
                "(%s-%s with set-up and pack-up)", staff_name(m, k),
                weekday_names[wd], halves_text(miss, wd),
                service_name(m, s->service), site_name(m, s->site),
                fr(s->day).s, hm(a).s, hm(b).s);
        for (size_t j = 0; j < m->n_busy; j++) {
            const struct model_busy *bz = &m->busy[j];
            if (bz->kind == BUSY_STAFF && bz->who == k &&
                overlaps(bz->start, bz->end, base + a, base + b))
                add(x, RULE_STAFF_AVAILABLE, s->uid,
                    "%s is not available from %s to %s (%s), but is on %s at "
                    "%s on %s from %s to %s (with set-up and pack-up)",
                    staff_name(m, k), stamp(bz->start).s, stamp(bz->end).s,
                    bz->summary && bz->summary[0] ? bz->summary : "busy",
                    service_name(m, s->service), site_name(m, s->site),
                    fr(s->day).s, hm(a).s, hm(b).s);
        }
    }
}

static void check_vehicle_available(struct vctx *x,
                                    const struct model_session *s)
{
    const struct model *m = x->m;
    if (s->vehicle < 0)
        return;
    const struct model_vehicle *v = &m->vehicles[s->vehicle];
    int wd = model_date_weekday(s->day);
    int a = onsite_start(x, s), b = onsite_end(x, s);
    long long base = (long long)s->day * 1440;
    uint32_t miss = touched(wd, a, b) & ~v->halfdays;
    if (miss)
        add(x, RULE_VEHICLE, s->uid,
            "vehicle %s is not available on %s %s, but is used by %s at %s "
            "on %s", v->id, weekday_names[wd], halves_text(miss, wd),
            service_name(m, s->service), site_name(m, s->site),
            fr(s->day).s);
    for (size_t j = 0; j < m->n_busy; j++) {
        const struct model_busy *bz = &m->busy[j];
        if (bz->kind == BUSY_VEHICLE && bz->who == s->vehicle &&
            overlaps(bz->start, bz->end, base + a, base + b))
            add(x, RULE_VEHICLE, s->uid,
                "vehicle %s is booked from %s to %s (%s), but is used by %s "
                "at %s on %s from %s to %s (with set-up and pack-up)", v->id,
                stamp(bz->start).s, stamp(bz->end).s,
                bz->summary && bz->summary[0] ? bz->summary : "busy",
                service_name(m, s->service), site_name(m, s->site),
                fr(s->day).s, hm(a).s, hm(b).s);
    }
}

/* ---- R7, R8, R9: per staff member ---- */

static bool in_team(const struct model_session *s, int k)
{
    for (int i = 0; i < s->n_staff; i++)
        if (s->staff[i] == k)
            return true;
    return false;
}

/* Two kept sessions of one person, vehicle or room: only their public
 * times must not overlap. */
static void check_kept_pair(struct vctx *x, enum verify_rule rule,
                            const char *who, const struct model_session *a,
                            const struct model_session *b)
{
    if (a->day == b->day && a->start < b->end && b->start < a->end)
        add(x, rule, b->uid,
            "%s has two kept sessions at once on %s: %s at %s and %s at %s",
            who, fr(b->day).s, service_name(x->m, a->service), hm(a->start).s,
            service_name(x->m, b->service), hm(b->start).s);
}

/* R7 and R10 share this: who ("Léa Martin", "vehicle V1") cannot be at b
 * after a. */
static void check_pair(struct vctx *x, enum verify_rule rule, const char *who,
                       const struct model_session *a,
                       const struct model_session *b)
{
    const struct model *m = x->m;
    if (kept(x, a) && kept(x, b)) {
        check_kept_pair(x, rule, who, a, b);
        return;
    }
    int a_end = onsite_end(x, a), b_begin = onsite_start(x, b);
    double t = travel_sites(m, a->site, b->site);
    if (a_end + t <= b_begin + EPS)
        return;
    int td = svc(x, a)->teardown;
    if (a->site == b->site)
        add(x, rule, b->uid,
            "%s cannot be at %s at %s on %s (%s at %s, with set-up): the "
            "session of %s there ends at %s (+%d min pack-up)", who,
            site_name(m, b->site), hm(b_begin).s, fr(b->day).s,
            service_name(m, b->service), hm(b->start).s,
            service_name(m, a->service), hm(a->end).s, td);
    else
        add(x, rule, b->uid,
            "%s cannot be at %s at %s on %s (%s at %s, with set-up): the "
            "session at %s ends at %s (+%d min pack-up, %s drive)", who,
            site_name(m, b->site), hm(b_begin).s, fr(b->day).s,
            service_name(m, b->service), hm(b->start).s,
            site_name(m, a->site), hm(a->end).s, td, dur(t).s);
}

static void check_staff_days(struct vctx *x, int k, size_t *list, size_t n)
{
    const struct model *m = x->m;
    const struct model_staff *st = &m->staff[k];
    char who[160];
    snprintf(who, sizeof who, "%s", staff_name(m, k));
    int week = 0;
    double week_total = 0, week_onsite = 0, week_drive = 0;
    const char *cross_uid = NULL;
    bool week_new = false;   /* the week has a session not kept */
    size_t d0 = 0;
    while (d0 < n) {
        const struct model_session *first = sess(x, list[d0]);
        size_t d1 = d0;
        while (d1 < n && sess(x, list[d1])->day == first->day)
            d1++;
        /* R7: every ordered pair of the day (list is in start order). */
        for (size_t i = d0; i < d1; i++)
            for (size_t j = i + 1; j < d1; j++)
                check_pair(x, RULE_STAFF_OVERLAP, who, sess(x, list[i]),
                           sess(x, list[j]));
        /* R8: base -> sites in start order -> base. */
        double drive = 0, onsite = 0;
        bool day_new = false;
        for (size_t i = d0; i < d1; i++) {
            const struct model_session *s = sess(x, list[i]);
            day_new = day_new || !kept(x, s);
            onsite += onsite_end(x, s) - onsite_start(x, s);
            if (i == d0) {
                if (has_base(st))
                    drive += travel_base(m, st, s->site, false);
            } else {
                drive += travel_sites(m, sess(x, list[i - 1])->site, s->site);
            }
            if (i + 1 == d1 && has_base(st))
                drive += travel_base(m, st, s->site, true);
        }
        if (day_new && drive > st->max_drive_minutes + EPS)
            add(x, RULE_DAILY_DRIVING, first->uid,
                "%s drives %s on %s (base, %zu session%s, back to base), more "
                "than the %d min a day allowed", who, dur(drive).s,
                fr(first->day).s, d1 - d0, d1 - d0 == 1 ? "" : "s",
                st->max_drive_minutes);
        /* R9: ISO weeks start on Monday.  One violation per week, with
         * the whole week's figures, on the last session of the day the
         * contract is passed (the one a coordinator would move). */
        int monday = first->day - model_date_weekday(first->day);
        if (d0 == 0 || monday != week) {
            week = monday;
            week_total = week_onsite = week_drive = 0;
            cross_uid = NULL;
            week_new = false;
        }
        week_new = week_new || day_new;
        week_onsite += onsite;
        week_drive += drive;
        week_total += onsite + drive;
        if (!cross_uid && week_total > st->weekly_minutes + EPS)
            cross_uid = sess(x, list[d1 - 1])->uid;
        bool week_ends = d1 == n ||
            sess(x, list[d1])->day - model_date_weekday(sess(x, list[d1])->day)
                != week;
        if (week_ends && cross_uid && week_new)
            add(x, RULE_WEEKLY_HOURS, cross_uid,
                "%s works %s in the week of Monday %s (%s on site, %s "
                "driving), more than the %s of the contract", who,
                dur(week_total).s, fr(week).s, dur(week_onsite).s,
                dur(week_drive).s, dur(st->weekly_minutes).s);
        d0 = d1;
    }
}

/* ---- R10 pairs, R11 ---- */

static void check_vehicle_days(struct vctx *x, int v, size_t *list, size_t n)
{
    char who[160];
    snprintf(who, sizeof who, "vehicle %s", x->m->vehicles[v].id);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const struct model_session *a = sess(x, list[i]);
            const struct model_session *b = sess(x, list[j]);
            if (b->day != a->day)
                break;
            check_pair(x, RULE_VEHICLE, who, a, b);
        }
}

static void check_site(struct vctx *x, int k, size_t *list, size_t n)
{
    const struct model *m = x->m;
    for (size_t i = 0; i < n; i++) {
        const struct model_session *a = sess(x, list[i]);
        for (size_t j = i + 1; j < n; j++) {
            const struct model_session *b = sess(x, list[j]);
            if (b->day != a->day)
                break;
            if (kept(x, a) && kept(x, b))
                check_kept_pair(x, RULE_ROOM, site_name(m, k), a, b);
            else if (overlaps(onsite_start(x, a), onsite_end(x, a),
                              onsite_start(x, b), onsite_end(x, b)))
                add(x, RULE_ROOM, b->uid,
                    "%s is taken on %s: %s (%s-%s with set-up and pack-up) "
                    "overlaps %s (%s-%s)", site_name(m, k), fr(b->day).s,
                    service_name(m, b->service), hm(onsite_start(x, b)).s,
                    hm(onsite_end(x, b)).s, service_name(m, a->service),
                    hm(onsite_start(x, a)).s, hm(onsite_end(x, a)).s);
        }
        long long base = (long long)a->day * 1440;
        for (size_t j = 0; !kept(x, a) && j < m->n_busy; j++) {
            const struct model_busy *bz = &m->busy[j];
            if (bz->kind == BUSY_SITE && bz->who == k &&
                overlaps(bz->start, bz->end, base + onsite_start(x, a),
                         base + onsite_end(x, a)))
                add(x, RULE_ROOM, a->uid,
                    "%s is booked from %s to %s (%s), but %s uses it on %s "
                    "from %s to %s (with set-up and pack-up)",
                    site_name(m, k), stamp(bz->start).s, stamp(bz->end).s,
                    bz->summary && bz->summary[0] ? bz->summary : "busy",
                    service_name(m, a->service), fr(a->day).s,
                    hm(onsite_start(x, a)).s, hm(onsite_end(x, a)).s);
        }
    }
}

/* ---- driver ---- */

static int cmp_idx(const void *pa, const void *pb, const void *ctx)
{
    const struct model_plan *p = ctx;
    const struct model_session *a = &p->sessions[*(const size_t *)pa];
    const struct model_session *b = &p->sessions[*(const size_t *)pb];
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    int c = strcmp(a->uid, b->uid);
    if (c)
        return c;
    return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

/* A stable merge sort with a context argument: qsort_r is not C17 and
 * qsort would need the plan in a global. */
static void sort_idx(size_t *a, size_t n, size_t *tmp, const void *ctx)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_idx(a, h, tmp, ctx);
    sort_idx(a + h, n - h, tmp, ctx);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_idx(&a[j], &a[i], ctx) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

/* Confirmed sessions whose service and site exist go to x->idx; the
 * others are reported once here. */
static void collect_sessions(struct vctx *x)
{
    const struct model *m = x->m;
    const struct model_plan *p = x->p;
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *s = &p->sessions[i];
        if (s->status != SESSION_CONFIRMED)
            continue;
        x->r->sessions_checked++;
        if (s->service < 0 || (size_t)s->service >= m->n_services ||
            s->site < 0 || (size_t)s->site >= m->n_sites) {
            add(x, RULE_SERVICE_FIT, s->uid,
                "session on %s refers to a service or site that is not in "
                "the territory", fr(s->day).s);
            continue;
        }
        x->idx[x->n++] = i;
    }
}

/* R1-R6, R10 per session.  An out-of-range vehicle is reported here and
 * ignored afterwards. */
static void check_each_session(struct vctx *x)
{
    const struct model *m = x->m;
    const struct model_plan *p = x->p;
    for (size_t i = 0; i < x->n; i++) {
        const struct model_session *s = sess(x, i);
        if (s->day < p->horizon_start || s->day > p->horizon_end)
            add(x, RULE_HORIZON, s->uid,
                "%s at %s on %s is outside the plan's horizon (%s to %s)",
                service_name(m, s->service), site_name(m, s->site),
                fr(s->day).s, fr(p->horizon_start).s, fr(p->horizon_end).s);
        if (kept(x, s))
            continue;   /* the input may have changed since it took place */
        check_fit(x, s);
        check_site_open(x, s);
        check_closures(x, s);
        check_team(x, s);
        check_staff_available(x, s);
        if (s->vehicle >= 0 && (size_t)s->vehicle >= m->n_vehicles)
            add(x, RULE_VEHICLE, s->uid,
                "%s on %s uses a vehicle (#%d) that is not in the territory",
                service_name(m, s->service), fr(s->day).s, s->vehicle);
        else
            check_vehicle_available(x, s);
    }
}

/* Per staff member, vehicle, site: the sorted sessions involving it
 * (gathered in tmp, x->n entries at most). */
static void check_resources(struct vctx *x, size_t *tmp)
{
    const struct model *m = x->m;
    for (size_t k = 0; k < m->n_staff; k++) {
        size_t cnt = 0;
        for (size_t i = 0; i < x->n; i++)
            if (in_team(sess(x, i), (int)k))
                tmp[cnt++] = i;
        check_staff_days(x, (int)k, tmp, cnt);
    }
    for (size_t v = 0; v < m->n_vehicles; v++) {
        size_t cnt = 0;
        for (size_t i = 0; i < x->n; i++)
            if (sess(x, i)->vehicle == (int)v)
                tmp[cnt++] = i;
        check_vehicle_days(x, (int)v, tmp, cnt);
    }
    for (size_t k = 0; k < m->n_sites; k++) {
        size_t cnt = 0;
        for (size_t i = 0; i < x->n; i++)
            if (sess(x, i)->site == (int)k)
                tmp[cnt++] = i;
        check_site(x, (int)k, tmp, cnt);
    }
}

enum status verify_plan(const struct model *m, const struct cal_closures *c,
                        const struct model_plan *p, struct verify_report *out,
                        struct diag *err)
{
    memset(out, 0, sizeof *out);
    struct vctx x = {.m = m, .c = c, .p = p, .r = out};
    size_t n = p->n_sessions;
    x.idx = malloc((n ? n : 1) * sizeof *x.idx);
    size_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!x.idx || !tmp) {
        free(x.idx);
        free(tmp);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL,
                        "out of memory verifying a plan of %zu sessions", n);
    }
    collect_sessions(&x);
    sort_idx(x.idx, x.n, tmp, p);
    check_each_session(&x);
    check_resources(&x, tmp);
    if (!verify_runs(m, c, p, out))
        x.nomem = true;
    free(x.idx);
    free(tmp);
    if (x.nomem) {
        verify_report_free(out);
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL,
                        "out of memory listing violations");
    }
    return STATUS_OK;
}
