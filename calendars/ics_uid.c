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
 * whole, which stays stable and practically collision-free. */
#include "calendars.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
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

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

void ics_session_uid(const struct model *m, int service, int site,
                     int series_index, const char *domain, char out[128])
{
    char dom[160], full[1024];
    const char *svc = service >= 0 && (size_t)service < m->n_services
                          ? m->services[service].id : "";
    const char *sit = site >= 0 && (size_t)site < m->n_sites
                          ? m->sites[site].id : "";
    if (domain && *domain)
        snprintf(dom, sizeof dom, "%s", domain);
    else
        domain_from_name(m->settings.name, dom, sizeof dom);
    size_t k = put_escaped(full, sizeof full, 0, svc);
    if (k + 1 < sizeof full)
        full[k++] = '-';
    k = put_escaped(full, sizeof full, k, sit);
    if (k < sizeof full)
        k += (size_t)snprintf(full + k, sizeof full - k, "-%d@", series_index);
    if (k < sizeof full)
        put_escaped(full, sizeof full, k, dom);
    if (strlen(full) < 128 && k < sizeof full) {
        memcpy(out, full, strlen(full) + 1);
        return;
    }
    /* Too long: a prefix, then the hash of the whole. */
    char tail[24];
    snprintf(tail, sizeof tail, "~%016llx", (unsigned long long)fnv1a(full));
    size_t keep = 127 - strlen(tail);
    memcpy(out, full, keep);
    memcpy(out + keep, tail, strlen(tail) + 1);
}
