/* ics_uid.c -- stable UIDs for planned sessions.
 *
 * A calendar client recognises "the same event" only by its UID: if a
 * re-plan moved a session and gave it a new UID, subscribers would see a
 * duplicate and keep the old one.  So the UID says what the session is
 * (service, site, its place in the series of that service at that site),
 * never when it is: "<service-id>-<site-id>-<n>@<domain>".
 *
 * Ids are escaped injectively (bytes outside A-Z a-z 0-9 '-' '.' become
 * "_XX"), so two ids never collide; UIDs longer than the 127 bytes of
 * struct model_session.uid keep a prefix and a 64-bit FNV-1a hash of the
 * whole, which stays stable and practically collision-free.
 *
 * One ambiguity is left: '-' is both a plain id character and the
 * separator, so service "fs" at site "itinerant-M-46033" and service
 * "fs-itinerant" at site "M-46033" spell the same UID.  Changing the
 * spelling would change every published UID, so ics_check_uids() refuses
 * such a territory instead, naming both pairs' CSV lines. */
#include "ics_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t put_escaped(char *out, size_t size, size_t at, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool plain = (*p < 128 && isalnum(*p)) || *p == '-' || *p == '.';
        if (plain) {
            if (at + 1 < size)
                out[at] = (char)*p;
            at++;
        } else {
            if (at + 3 < size) {
                out[at] = '_';
                out[at + 1] = hex[*p >> 4];
                out[at + 2] = hex[*p & 15];
            }
            at += 3;
        }
    }
    if (at < size)
        out[at] = '\0';
    else if (size)
        out[size - 1] = '\0';
    return at;
}

/* The territory's name as a host label: ASCII letters and digits
 * lowercased, runs of anything else (spaces, accents, apostrophes) one '-'.
 * "Quercy Blanc" -> "quercy-blanc". */
static void domain_from_name(const char *name, char *out, size_t size)
{
    size_t k = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 128 && isalnum(*p)) {
            if (dash && k > 0 && k + 1 < size)
                out[k++] = '-';
            dash = false;
            if (k + 1 < size)
                out[k++] = (char)tolower(*p);
        } else {
            dash = true;
        }
    }
    out[k] = '\0';
    if (k == 0)
        snprintf(out, size, "planner");
    else
        snprintf(out + k, size - k, ".planner");
}

uint64_t ics_fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* full ("<ids>-<n>@" so far, k characters) + the escaped domain, into
 * out; too long, a prefix then the hash of the whole. */
static void finish_uid(const struct model *m, char *full, size_t size,
                       size_t k, const char *domain, char out[128])
{
    char dom[160];
    if (domain && *domain)
        snprintf(dom, sizeof dom, "%s", domain);
    else
        domain_from_name(m->settings.name, dom, sizeof dom);
    if (k < size)
        put_escaped(full, size, k, dom);
    if (strlen(full) < 128 && k < size) {
        memcpy(out, full, strlen(full) + 1);
        return;
    }
    char tail[24];
    snprintf(tail, sizeof tail, "~%016llx", (unsigned long long)ics_fnv1a(full));
    size_t keep = 127 - strlen(tail);
    memcpy(out, full, keep);
    memcpy(out + keep, tail, strlen(tail) + 1);
}

void ics_session_uid(const struct model *m, int service, int site,
                     int series_index, const char *domain, char out[128])
{
    char full[1024];
    const char *svc = service >= 0 && (size_t)service < m->n_services
                          ? m->services[service].id : "";
    const char *sit = site >= 0 && (size_t)site < m->n_sites
                          ? m->sites[site].id : "";
    size_t k = put_escaped(full, sizeof full, 0, svc);
    if (k + 1 < sizeof full)
        full[k++] = '-';
    k = put_escaped(full, sizeof full, k, sit);
    if (k < sizeof full)
        k += (size_t)snprintf(full + k, sizeof full - k, "-%d@", series_index);
    finish_uid(m, full, sizeof full, k, domain, out);
}

void ics_run_uid(const struct model *m, int transport, int day, int route,
                 const char *domain, char out[128])
{
    char full[1024];
    const char *t = transport >= 0 && (size_t)transport < m->n_transports
                        ? m->transports[transport].id : "";
    struct model_date d = model_date_from_days(day);
    size_t k = (size_t)snprintf(full, sizeof full, "run-");
    k = put_escaped(full, sizeof full, k, t);
    if (k < sizeof full)
        k += (size_t)snprintf(full + k, sizeof full - k, "-%04d%02d%02d-%d@",
                              d.year, d.month, d.day, route + 1);
    finish_uid(m, full, sizeof full, k, domain, out);
}

/* ------------------------------------------------------------------ */
/* Pairs that spell the same UID                                       */
/* ------------------------------------------------------------------ */

struct esc_id {
    char *text;      /* the id as it is written in UIDs */
    int index;       /* into the model's array */
};

static int esc_cmp(const void *pa, const void *pb)
{
    return strcmp(((const struct esc_id *)pa)->text,
                  ((const struct esc_id *)pb)->text);
}

static void esc_free(struct esc_id *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++)
        free(e[i].text);
    free(e);
}

static const char *service_id(const struct model *m, size_t i)
{
    return m->services[i].id;
}

static const char *site_id(const struct model *m, size_t i)
{
    return m->sites[i].id;
}

/* The escaped ids of n model objects, sorted when sort is set.  NULL when
 * out of memory. */
static struct esc_id *escape_all(const struct model *m, size_t n,
                                 const char *(*id_of)(const struct model *,
                                                      size_t),
                                 bool sort)
{
    struct esc_id *e = calloc(n ? n : 1, sizeof *e);
    for (size_t i = 0; e && i < n; i++) {
        const char *id = id_of(m, i) ? id_of(m, i) : "";
        size_t size = 3 * strlen(id) + 1;
        e[i].index = (int)i;
        e[i].text = malloc(size);
        if (!e[i].text) {
            esc_free(e, i);
            return NULL;
        }
        put_escaped(e[i].text, size, 0, id);
    }
    if (e && sort && n > 1)
        qsort(e, n, sizeof *e, esc_cmp);
    return e;
}

/* First position of sorted sites whose text is >= key. */
static size_t lower_bound(const struct esc_id *v, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].text, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void report_clash(const struct model *m, int a, int b, int c, int d,
                         struct diag_list *problems)
{
    const struct model_service *sa = &m->services[a], *sc = &m->services[c];
    const struct model_site *tb = &m->sites[b], *td = &m->sites[d];
    diag_list_add(problems, STATUS_INVALID, "services.csv", sc->line, 0, "id",
                  "service \"%s\" at site \"%s\" (sites.csv:%d) would get the "
                  "same calendar UIDs as service \"%s\" (services.csv:%d) at "
                  "site \"%s\" (sites.csv:%d): '-' joins the ids in a UID; "
                  "rename one of these ids", sc->id, td->id, td->line, sa->id,
                  sa->line, tb->id, tb->line);
}

/* Service a at site b and service c at site d spell the same UID when
 * esc(c) = esc(a) "-" X and esc(b) = X "-" esc(d).  So for each service
 * c that extends another service a by "-" X, the sites starting with
 * X "-" are one range of the sorted sites, and each is looked up once:
 * O(services^2 + clashes * log sites) after the sort. */
static bool find_clashes(const struct model *m, const struct esc_id *sv,
                         const struct esc_id *sites, size_t n_sites,
                         struct diag_list *problems, bool *found)
{
    for (size_t a = 0; a < m->n_services; a++) {
        size_t la = strlen(sv[a].text);
        for (size_t c = 0; c < m->n_services; c++) {
            const char *tc = sv[c].text;
            if (c == a || strncmp(tc, sv[a].text, la) || tc[la] != '-')
                continue;
            /* key = X "-", where esc(c) = esc(a) "-" X */
            size_t n = strlen(tc + la + 1) + 1;
            char *key = malloc(n + 1);
            if (!key)
                return false;
            memcpy(key, tc + la + 1, n - 1);
            key[n - 1] = '-';
            key[n] = '\0';
            for (size_t i = lower_bound(sites, n_sites, key);
                 i < n_sites && !strncmp(sites[i].text, key, n); i++) {
                const char *rest = sites[i].text + n;
                size_t j = lower_bound(sites, n_sites, rest);
                if (j < n_sites && !strcmp(sites[j].text, rest)) {
                    report_clash(m, (int)a, sites[i].index, (int)c,
                                 sites[j].index, problems);
                    *found = true;
                }
            }
            free(key);
        }
    }
    return true;
}

enum status ics_check_uids(const struct model *m, struct diag_list *problems)
{
    struct esc_id *sv = escape_all(m, m->n_services, service_id, false);
    struct esc_id *sites = escape_all(m, m->n_sites, site_id, true);
    bool found = false;
    enum status st = STATUS_OK;
    if (!sv || !sites || !find_clashes(m, sv, sites, m->n_sites, problems,
                                       &found)) {
        diag_list_add(problems, STATUS_NOMEM, "services.csv", 0, 0, NULL,
                      "out of memory checking calendar UIDs");
        st = STATUS_NOMEM;
    } else if (found) {
        st = STATUS_INVALID;
    }
    /* "run-..." is the minibus runs' (ics_run_uid). */
    for (size_t i = 0; sv && st != STATUS_NOMEM && i < m->n_services; i++)
        if (!strcmp(sv[i].text, "run") || !strncmp(sv[i].text, "run-", 4)) {
            const struct model_service *x = &m->services[sv[i].index];
            diag_list_add(problems, STATUS_INVALID, "services.csv", x->line, 0,
                          "id", "service id \"%s\" starts with \"run\", which "
                          "names the minibus runs' calendar UIDs; rename it",
                          x->id);
            st = STATUS_INVALID;
        }
    esc_free(sv, m->n_services);
    esc_free(sites, m->n_sites);
    return st;
}
