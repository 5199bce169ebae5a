/* cal_dates.c -- planning horizons and French public holidays.
 *
 * Public holidays are computed, never tabulated, so any year works: the
 * eight fixed dates of Code du travail L3133-1 plus the three that follow
 * Easter (Lundi de Pâques = Easter + 1, Ascension = Easter + 39, Lundi de
 * Pentecôte = Easter + 50).  Easter is the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher).  Alsace-Moselle's two extra days (Vendredi saint,
 * 26 December) are not included: none of the territories is there.
 * Labels are the ones of the official list (tests/data/public-holidays.csv)
 * so tests can compare them verbatim. */
#include "calendars.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int last_sunday(int year, int month, int days_in_month)
{
    int d = model_date_to_days((struct model_date){year, month, days_in_month});
    return d - (model_date_weekday(d) + 1) % 7;   /* 6 = Sunday */
}

int cal_paris_day(long long unix_s)
{
    long long utc_min = unix_s >= 0 ? unix_s / 60 : -((-unix_s + 59) / 60);
    int utc_day = (int)(utc_min >= 0 ? utc_min / 1440 : -((-utc_min + 1439) / 1440));
    int year = model_date_from_days(utc_day).year;
    long long summer = (long long)last_sunday(year, 3, 31) * 1440 + 60;
    long long winter = (long long)last_sunday(year, 10, 31) * 1440 + 60;
    long long local = utc_min + (utc_min >= summer && utc_min < winter ? 120 : 60);
    return (int)(local >= 0 ? local / 1440 : -((-local + 1439) / 1440));
}

int cal_easter(int year)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return model_date_to_days((struct model_date){year, month, day});
}

const char *cal_public_holiday_name(int day)
{
    static const struct {
        int month, day;
        const char *label;
    } fixed[] = {
        {1, 1, "Jour de l'an"},     {5, 1, "Fête du travail"},
        {5, 8, "Victoire des alliés"}, {7, 14, "Fête Nationale"},
        {8, 15, "Assomption"},      {11, 1, "Toussaint"},
        {11, 11, "Armistice"},      {12, 25, "Noël"},
    };
    struct model_date d = model_date_from_days(day);
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (fixed[i].month == d.month && fixed[i].day == d.day)
            return fixed[i].label;
    /* Easter-based holidays fall between 23 March and 14 June. */
    if (d.month < 3 || d.month > 6)
        return NULL;
    int off = day - cal_easter(d.year);
    switch (off) {
    case 1: return "Lundi de Pâques";
    case 39: return "Ascension";
    case 50: return "Lundi de Pentecôte";
    default: return NULL;
    }
}

/* Reads exactly n digits; returns -1 when they are not there. */
static int read_digits(const char **s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return -1;
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    return v;
}

enum status cal_parse_horizon(const char *text, int *first_day, int *last_day,
                              struct diag *err)
{
    const char *what = "expected a quarter like 2027-Q1 or a date range "
                       "like 2027-01-04..2027-03-31";
    if (!text)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                        "no horizon given: %s", what);
    const char *s = text;
    int year = read_digits(&s, 4);
    if (year >= 1 && s[0] == '-' && (s[1] == 'Q' || s[1] == 'q')) {
        s += 2;
        int q = read_digits(&s, 1);
        if (q < 1 || q > 4 || *s != '\0')
            return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                            "\"%s\" is not a horizon: the quarter must be "
                            "Q1, Q2, Q3 or Q4", text);
        int m0 = 3 * (q - 1) + 1;
        *first_day = model_date_to_days((struct model_date){year, m0, 1});
        int next = q == 4
            ? model_date_to_days((struct model_date){year + 1, 1, 1})
            : model_date_to_days((struct model_date){year, m0 + 3, 1});
        *last_day = next - 1;
        return STATUS_OK;
    }
    const char *sep = strstr(text, "..");
    if (!sep || sep - text != 10)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                        "\"%s\" is not a horizon: %s", text, what);
    char a[11], b[32];
    memcpy(a, text, 10);
    a[10] = '\0';
    snprintf(b, sizeof b, "%s", sep + 2);
    int d1, d2;
    if (strlen(sep + 2) != 10 || !model_date_parse(a, &d1) ||
        !model_date_parse(b, &d2) || strchr(a, '/') || strchr(b, '/'))
        return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                        "\"%s\" is not a horizon: %s (dates must exist)",
                        text, what);
    if (d2 < d1)
        return diag_set(err, STATUS_INVALID, "", 0, 0, "horizon",
                        "\"%s\" ends before it starts", text);
    *first_day = d1;
    *last_day = d2;
    return STATUS_OK;
}
