/* date.c -- civil dates as day numbers.
 *
 * Days since 1970-01-01, proleptic Gregorian, with Howard Hinnant's
 * days_from_civil / civil_from_days algorithms (public domain), which are
 * exact for any year and need no tables.  Time zones and holidays live in
 * calendars/; this file is only the arithmetic every folder needs. */
#include "models.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int model_date_to_days(struct model_date d)
{
    int y = d.year - (d.month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (d.month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + d.day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct model_date model_date_from_days(int z)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    struct model_date d;
    d.day = doy - (153 * mp + 2) / 5 + 1;
    d.month = mp < 10 ? mp + 3 : mp - 9;
    d.year = y + (d.month <= 2);
    return d;
}

int model_date_weekday(int days)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int w = (days + 3) % 7;
    return w < 0 ? w + 7 : w;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

bool model_date_valid(struct model_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
           d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

bool model_date_parse(const char *s, int *days)
{
    struct model_date d;
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &d.year, &d.month, &d.day, &n) == 3 &&
        n == 10 && s[n] == '\0') {
        /* ISO */
    } else if (sscanf(s, "%2d/%2d/%4d%n", &d.day, &d.month, &d.year, &n) == 3 &&
               s[n] == '\0' && n == 10) {
        /* French DD/MM/YYYY */
    } else {
        return false;
    }
    if (!model_date_valid(d))
        return false;
    *days = model_date_to_days(d);
    return true;
}

/* Writes n digits of v, zero-padded; dates here are 1..9999 so this
 * never truncates (and needs no snprintf bound games). */
static char *put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

void model_date_iso(int days, char buf[11])
{
    struct model_date d = model_date_from_days(days);
    char *p = put_digits(buf, d.year, 4);
    *p++ = '-';
    p = put_digits(p, d.month, 2);
    *p++ = '-';
    p = put_digits(p, d.day, 2);
    *p = '\0';
}

void model_date_fr(int days, char buf[11])
{
    struct model_date d = model_date_from_days(days);
    char *p = put_digits(buf, d.day, 2);
    *p++ = '/';
    p = put_digits(p, d.month, 2);
    *p++ = '/';
    p = put_digits(p, d.year, 4);
    *p = '\0';
}
