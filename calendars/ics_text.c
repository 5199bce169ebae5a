/* ics_text.c -- small pieces every feed event is made of (ics_int.h):
 * bounded texts for LOCATION and DESCRIPTION, and times in UTC and in
 * the feed's Europe/Paris zone. */
#include "ics_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void ics_text_add(struct ics_text *t, const char *fmt, ...)
{
    if (t->len >= sizeof t->buf - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n < sizeof t->buf - t->len
                      ? (size_t)n : sizeof t->buf - t->len - 1;
}

struct icaltimetype ics_utc_time(long long unix_seconds)
{
    return icaltime_from_timet_with_zone((time_t)unix_seconds, 0,
                                         icaltimezone_get_utc_timezone());
}

struct icaltimetype ics_local_time(int day, int minute, icaltimezone *z)
{
    struct model_date d = model_date_from_days(day + minute / 1440);
    minute %= 1440;
    struct icaltimetype t = icaltime_null_time();
    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
    t.hour = minute / 60;
    t.minute = minute % 60;
    t.is_date = 0;
    return icaltime_set_timezone(&t, z);
}

void ics_repair_folds(char *text)
{
    static const char bad[] = "\r\r\n \n";
    char *w = strstr(text, bad);
    if (!w)
        return;
    const char *r = w;
    while (*r) {
        if (!strncmp(r, bad, sizeof bad - 1)) {
            *w++ = '\r';
            *w++ = '\n';
            r += sizeof bad - 1;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}
