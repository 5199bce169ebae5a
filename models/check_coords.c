/* check_coords.c -- coordinates that cannot be right.
 *
 * Latitude and longitude are numbers in range either way round, so a
 * swapped pair loads without a word and shows up much later as "round
 * trip takes 23372 min".  Two checks catch it, as warnings of `planner
 * check`:
 *
 *   - a point (a commune, or a site with its own coordinates) far from
 *     the territory: more than max(50 km, 4 times the median distance of
 *     the communes to their median point) from that median point, which
 *     one wrong row cannot move;
 *   - a territory entirely outside metropolitan France (latitude 41 to
 *     51.5, longitude -5.5 to 10) whose points would be inside it with
 *     latitude and longitude exchanged: the columns are swapped.  Overseas
 *     territories are outside the box but not inside it swapped, so they
 *     pass. */
#include "models_int.h"

#include <math.h>
#include <stdlib.h>

#define NEAR_KM 50.0

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n) (sorts v); n > 0. */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool in_metropole(double lat, double lon)
{
    return lat >= 41.0 && lat <= 51.5 && lon >= -5.5 && lon <= 10.0;
}

struct centre {
    double lat, lon;        /* median point of the communes */
    double near_km;         /* farther than this is far */
};

static void far_point(const struct centre *c, const char *file, int line,
                      const char *what, const char *id, double lat, double lon,
                      struct diag_list *problems)
{
    double d = model_great_circle_km(lat, lon, c->lat, c->lon);
    if (d <= c->near_km)
        return;
    bool swapped = model_great_circle_km(lon, lat, c->lat, c->lon) <= c->near_km;
    diag_list_add(problems, STATUS_OK, file, line, 0, NULL,
                  "%s %s (lat %g, lon %g) is %.0f km from the territory's median "
                  "point (lat %.3f, lon %.3f): %s", what, id, lat, lon, d, c->lat,
                  c->lon, swapped ? "are lat and lon swapped?"
                                  : "check its coordinates");
}

void check_coords(const struct model *m, struct diag_list *problems)
{
    size_t n = m->n_communes;
    if (n == 0)
        return;
    double *v = malloc(n * sizeof *v);
    if (!v) {
        diag_list_add(problems, STATUS_NOMEM, "check", 0, 0, NULL, "out of memory");
        return;
    }
    struct centre c;
    for (size_t i = 0; i < n; i++)
        v[i] = m->communes[i].lat;
    c.lat = median(v, n);
    for (size_t i = 0; i < n; i++)
        v[i] = m->communes[i].lon;
    c.lon = median(v, n);
    for (size_t i = 0; i < n; i++)
        v[i] = model_great_circle_km(m->communes[i].lat, m->communes[i].lon,
                                     c.lat, c.lon);
    c.near_km = fmax(NEAR_KM, 4 * median(v, n));
    free(v);
    if (!in_metropole(c.lat, c.lon) && in_metropole(c.lon, c.lat)) {
        diag_list_add(problems, STATUS_OK, "communes.csv", 0, 0, NULL,
                      "the communes lie outside metropolitan France (median point "
                      "lat %.3f, lon %.3f) and would be inside it with lat and lon "
                      "exchanged: are columns lat and lon swapped?", c.lat, c.lon);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const struct model_commune *k = &m->communes[i];
        far_point(&c, "communes.csv", k->line, "commune", k->insee, k->lat, k->lon,
                  problems);
    }
    for (size_t i = 0; i < m->n_sites; i++) {
        const struct model_site *s = &m->sites[i];
        const struct model_commune *k =
            s->commune >= 0 && (size_t)s->commune < n ? &m->communes[s->commune] : NULL;
        /* At its commune's centre: the commune's own check covers it. */
        if (k && s->lat == k->lat && s->lon == k->lon)
            continue;
        far_point(&c, "sites.csv", s->line, "site", s->id, s->lat, s->lon, problems);
    }
}
