/* check_fit.c -- what can never happen, said before any solve.
 *
 * A territory can load without an error and still plan nothing for a
 * service: every site lacks a tag, no room is open long enough for the
 * session with its set-up and pack-up, or the one start that fits falls
 * between two points of the start-time grid (settings slot_step_minutes:
 * a 150-minute permanence with 15 + 15 minutes of set-up fills a
 * 09:00-12:00 mairie exactly, starting at 09:15, which a 30-minute grid
 * never tries).  `planner check` said "no problem found" and the plan
 * had 0 sessions.  This file says, per service, which rule excludes each
 * site (counted by rule, with an example), and names staff members who
 * can get no session and vehicles no service needs.
 *
 * The rules are the solver's, called from rules.c (model_rule_site,
 * model_rule_start_fits, model_rule_halves_allowed, docs/rules.md R2,
 * R3): the site has every tag the service asks, is of an allowed kind
 * and in an allowed commune; a start t lies on the grid 0, step, 2
 * step...; the public part lies in one of the service's windows; the
 * time on site lies in one of the site's opening windows and in
 * half-days the service (and the staff member) allow.  Time
 * fits depend only on a site's opening hours, so they are computed once
 * per distinct opening (sites share a few), which keeps this linear in
 * the number of sites. */
#include "models_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fit_rule {
    FIT_OK = 0,
    /* The static rules, as model_rule_site() names them. */
    FIT_TAGS = MODEL_SITE_TAGS,
    FIT_KIND = MODEL_SITE_KIND,
    FIT_COMMUNES = MODEL_SITE_COMMUNES,
    FIT_DAYS,       /* not open on any day the service may run */
    FIT_SHORT,      /* open too briefly for set-up + session + pack-up */
    FIT_GRID,       /* fits only with a start off the start-time grid */
    FIT_RULES
};

/* Time fit of a service at one opening. */
struct time_fit {
    enum fit_rule rule;     /* FIT_OK, FIT_DAYS, FIT_SHORT or FIT_GRID */
    uint32_t patterns;      /* bit 3 wd + halves - 1 for each grid start */
    int off_grid;           /* FIT_GRID: the earliest start that fits */
    bool done;
};

/* Whether a session of sv starting at t on weekday wd fits an opening
 * (n_open == 0: open whenever asked); *halves gets its half-days. */
static bool start_fits(const struct model_service *sv,
                       const struct model_window *open, size_t n_open,
                       int wd, int t, unsigned *halves)
{
    int a, b;
    model_rule_onsite(sv, t, &a, &b);
    if (!model_rule_start_fits(sv, open, n_open, wd, t))
        return false;
    *halves = model_rule_halves_of(a, b);
    return true;
}

static unsigned open_days(const struct model_window *open, size_t n_open)
{
    unsigned days = n_open ? 0 : 0x7f;
    for (size_t i = 0; i < n_open; i++)
        days |= 1u << open[i].weekday;
    return days;
}

static struct time_fit fit_in_time(const struct model_service *sv, int step,
                                   unsigned service_days,
                                   const struct model_window *open, size_t n_open)
{
    struct time_fit f = {FIT_OK, 0, -1, true};
    unsigned h;
    for (int wd = 0; wd < 7; wd++)
        for (int t = 0; t + sv->duration <= 24 * 60; t += step)
            if (start_fits(sv, open, n_open, wd, t, &h))
                f.patterns |= UINT32_C(1) << (3 * wd + h - 1);
    if (f.patterns)
        return f;
    if (!(service_days & open_days(open, n_open)))
        f.rule = FIT_DAYS;
    else if (!model_rule_days_fitting(sv, open, n_open, &f.off_grid))
        f.rule = FIT_SHORT;
    else
        f.rule = FIT_GRID;
    return f;
}

/* ---- messages ------------------------------------------------------ */

/* Messages are built with stdio on a fixed buffer (fmemopen): as long
 * as a diag's message at most, cut beyond. */
struct text {
    char buf[384];
    FILE *f;
};

static bool text_open(struct text *t)
{
    memset(t->buf, 0, sizeof t->buf);
    t->f = fmemopen(t->buf, sizeof t->buf, "w");
    return t->f != NULL;
}

/* Ends the message; true when it holds anything. */
static bool text_close(struct text *t)
{
    if (t->f)
        fclose(t->f);
    t->f = NULL;
    return t->buf[0] != '\0';
}

#define put(t, ...) fprintf((t)->f, __VA_ARGS__)

static void put_names(struct text *t, char *const *names, size_t n, uint64_t bits)
{
    const char *sep = "";
    for (size_t k = 0; k < n; k++)
        if (bits & (UINT64_C(1) << k)) {
            put(t, "%s%s", sep, names[k]);
            sep = " ";
        }
}

static void put_hhmm(struct text *t, int minutes)
{
    put(t, "%02d:%02d", minutes / 60, minutes % 60);
}

/* What excluded the sites of one service: counts and one example. */
struct exclusion {
    size_t count[FIT_RULES];
    int example[FIT_RULES];     /* a site index */
    int off_grid;               /* FIT_GRID: earliest start of the example */
};

/* "4 sites (e.g. SDF-X) lack tag petite_enfance" for one rule. */
static void put_rule(struct text *t, const struct model *m,
                     const struct model_service *sv, const struct exclusion *x,
                     enum fit_rule r, int step)
{
    size_t n = x->count[r];
    put(t, "; %zu site%s (e.g. %s) ", n, n > 1 ? "s" : "", m->sites[x->example[r]].id);
    switch (r) {
    case FIT_TAGS:
        put(t, "lack%s tag(s) ", n > 1 ? "" : "s");
        put_names(t, m->tag_names, m->n_tags, sv->site_tags);
        break;
    case FIT_KIND:
        put(t, "%s not of kind", n > 1 ? "are" : "is");
        for (int k = 0; k < SITE_KIND_COUNT; k++)
            if (sv->site_kinds & (1u << k))
                put(t, " %s", model_site_kind_name((enum model_site_kind)k));
        break;
    case FIT_COMMUNES:
        put(t, "%s outside its column \"communes\"", n > 1 ? "are" : "is");
        break;
    case FIT_DAYS:
        put(t, "%s open on none of its days", n > 1 ? "are" : "is");
        break;
    case FIT_SHORT:
        put(t, "%s open too briefly, within its hours, for %d + %d + %d minutes "
            "of set-up, session and pack-up", n > 1 ? "are" : "is", sv->setup,
            sv->duration, sv->teardown);
        break;
    case FIT_GRID: {
        put(t, "fit%s only with a start at ", n > 1 ? "" : "s");
        put_hhmm(t, x->off_grid);
        put(t, ", off the %d-minute start grid (slot_step_minutes in "
            "settings.csv)", step);
        int g = model_rule_step_allowing(x->off_grid, step);
        if (g)
            put(t, ": slot_step_minutes %d would allow it", g);
        break;
    }
    default:
        break;
    }
}

/* ---- the checks ---------------------------------------------------- */

/* An id per distinct opening of the sites (the windows as text), so
 * time fits are computed once per opening.  Returns the count. */
static size_t opening_ids(const struct model *m, int *id)
{
    struct id_index ix;
    id_index_init(&ix, false);
    char key[2048];
    for (size_t k = 0; k < m->n_sites; k++) {
        size_t n = 0;
        key[0] = '\0';
        for (size_t w = 0; w < m->sites[k].n_open && n < sizeof key; w++) {
            const struct model_window *o = &m->sites[k].open[w];
            int c = snprintf(key + n, sizeof key - n, "%d:%d-%d,", o->weekday,
                             o->start, o->end);
            if (c > 0)
                n += (size_t)c;
        }
        id[k] = n < sizeof key ? id_index_put(&ix, key, (int)ix.count) : -1;
        if (id[k] == ID_INDEX_NOMEM)
            id[k] = -1;             /* -1: computed without the cache */
    }
    size_t count = ix.count;
    id_index_free(&ix);
    return count;
}

/* Checks one service against every site; returns the half-day patterns
 * of its grid starts over the sites that fit (0: none fits). */
static uint32_t check_service(const struct model *m, const struct model_service *sv,
                              const int *open_id, struct time_fit *cache,
                              size_t n_ids, struct diag_list *problems)
{
    int step = model_rule_slot_step(m);
    int earliest;
    unsigned days = model_rule_days_fitting(sv, NULL, 0, &earliest);
    if (!days) {
        diag_list_add(problems, STATUS_OK, "services.csv", sv->line, 0, NULL,
                      "service %s can start at no time: its hours, its days and "
                      "its %d + %d minutes of set-up and pack-up leave no start",
                      sv->id, sv->setup, sv->teardown);
        return 0;
    }
    memset(cache, 0, n_ids * sizeof *cache);
    struct exclusion x = {{0}, {0}, -1};
    uint32_t patterns = 0;
    size_t fitting = 0;
    for (size_t k = 0; k < m->n_sites; k++) {
        const struct model_site *st = &m->sites[k];
        enum fit_rule r = (enum fit_rule)model_rule_site(sv, st);
        struct time_fit f = {FIT_OK, 0, -1, false};
        if (r == FIT_OK) {
            struct time_fit *c = open_id[k] >= 0 ? &cache[open_id[k]] : &f;
            if (!c->done)
                *c = fit_in_time(sv, step, days, st->open, st->n_open);
            f = *c;
            r = f.rule;
        }
        if (r == FIT_OK) {
            patterns |= f.patterns;
            fitting++;
            continue;
        }
        if (x.count[r]++ == 0) {
            x.example[r] = (int)k;
            if (r == FIT_GRID)
                x.off_grid = f.off_grid;
        }
    }
    struct text t;
    if (!text_open(&t)) {
        diag_list_add(problems, STATUS_NOMEM, "check", 0, 0, NULL, "out of memory");
        return patterns;
    }
    if (x.count[FIT_TAGS] == m->n_sites) {
        /* No site has the tags: the loader's warning on column site_tags
         * says so already (one cause, one message). */
    } else if (fitting == 0 && m->n_sites > 0) {
        put(&t, "service %s fits no site", sv->id);
        for (int r = FIT_TAGS; r < FIT_RULES; r++)
            if (x.count[r])
                put_rule(&t, m, sv, &x, (enum fit_rule)r, step);
    } else if (x.count[FIT_GRID]) {
        /* Sites lost to the grid alone: the silent case. */
        put(&t, "service %s", sv->id);
        put_rule(&t, m, sv, &x, FIT_GRID, step);
    }
    if (text_close(&t))
        diag_list_add(problems, STATUS_OK, "services.csv", sv->line, 0, NULL,
                      "%s", t.buf);
    return patterns;
}

/* Staff who can get no session, with the first reason that applies.  A
 * licensed driver of a territory with minibus transports is not idle:
 * the runs may take them (planner/route_plan.c). */
static void check_staff(const struct model *m, const uint32_t *patterns,
                        struct diag_list *problems)
{
    for (size_t j = 0; j < m->n_staff && m->n_services; j++) {
        const struct model_staff *p = &m->staff[j];
        if (p->licence && m->n_transports)
            continue;
        bool skilled = false, hours = false, days = false, placed = false;
        const struct model_service *shortest = NULL;
        for (size_t i = 0; i < m->n_services; i++) {
            const struct model_service *sv = &m->services[i];
            if (!model_rule_staff_qualified(sv, p))
                continue;
            skilled = true;
            if (!shortest || model_service_onsite_minutes(sv) <
                                 model_service_onsite_minutes(shortest))
                shortest = sv;
            if (model_service_onsite_minutes(sv) > p->weekly_minutes + 1e-6)
                continue;
            hours = true;
            placed |= patterns[i] != 0;
            for (int wd = 0; wd < 7 && !days; wd++)
                for (unsigned h = 1; h <= 3 && !days; h++)
                    days = (patterns[i] & (UINT32_C(1) << (3 * wd + h - 1))) &&
                           model_rule_halves_allowed(p->halfdays, wd, h);
        }
        struct text t;
        if (!text_open(&t)) {
            diag_list_add(problems, STATUS_NOMEM, "check", 0, 0, NULL, "out of memory");
            return;
        }
        if (!skilled) {
            put(&t, "staff %s can get no session: every service asks a skill "
                "they lack (they have: ", p->id);
            put_names(&t, m->skill_names, m->n_skills, p->skills);
            put(&t, "%s)", p->skills ? "" : "none");
        } else if (!hours) {
            put(&t, "staff %s can get no session: their %.1f h per week are less "
                "than one session of the services they can run (%s keeps them "
                "%.1f h on site)", p->id, p->weekly_minutes / 60, shortest->id,
                model_service_onsite_minutes(shortest) / 60.0);
        } else if (!days && placed) {
            /* (Not placed: their services fit no site, said above.) */
            char halves[128];
            check_format_halfdays(p->halfdays, halves, sizeof halves);
            put(&t, "staff %s can get no session: on their half-days (%s) no site "
                "is open for a session of the services they can run with its "
                "set-up and pack-up", p->id, halves);
        }
        if (text_close(&t))
            diag_list_add(problems, STATUS_OK, "staff.csv", p->line, 0, NULL,
                          "%s", t.buf);
    }
}

static void check_vehicles(const struct model *m, struct diag_list *problems)
{
    for (size_t v = 0; v < m->n_vehicles; v++) {
        const struct model_vehicle *w = &m->vehicles[v];
        bool used = false;
        for (size_t i = 0; i < m->n_services && !used; i++)
            used = model_rule_vehicle_fits(&m->services[i], w);
        /* transports.csv: a minibus on youth runs is needed too */
        for (size_t i = 0; i < m->n_transports && !used; i++)
            used = !strcmp(m->transports[i].vehicle_kind, w->kind);
        if (!used)
            diag_list_add(problems, STATUS_OK, "vehicles.csv", w->line, 0, NULL,
                          "vehicle %s is needed by no service nor transport: "
                          "none has vehicle_kind \"%s\"", w->id, w->kind);
    }
}

void check_fit(const struct model *m, struct diag_list *problems)
{
    int *open_id = calloc(m->n_sites ? m->n_sites : 1, sizeof *open_id);
    uint32_t *patterns = calloc(m->n_services ? m->n_services : 1, sizeof *patterns);
    size_t n_ids = open_id ? opening_ids(m, open_id) : 0;
    struct time_fit *cache = calloc(n_ids ? n_ids : 1, sizeof *cache);
    if (!open_id || !patterns || !cache) {
        diag_list_add(problems, STATUS_NOMEM, "check", 0, 0, NULL, "out of memory");
    } else {
        for (size_t i = 0; i < m->n_services; i++)
            patterns[i] = check_service(m, &m->services[i], open_id, cache, n_ids,
                                        problems);
        check_staff(m, patterns, problems);
        check_vehicles(m, problems);
    }
    free(cache);
    free(patterns);
    free(open_id);
}
