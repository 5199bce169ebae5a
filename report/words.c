/* words.c -- the words of the texts people read, in French (the default)
 * or English (--lang en): long dates ("mercredi 6 janvier 2027"),
 * numbers ("1 234,5": thousands grouped by a narrow no-break space,
 * decimal comma, minus sign U+2212; "1,234.5" in English) and the
 * audiences in words.  summary_text.c, compare.c and the HTML/PDF
 * writers take every date and number they print from here, so one text
 * never mixes two ways of writing them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

bool report_lang_parse(const char *name, enum report_lang *out)
{
    if (!strcmp(name, "fr"))
        *out = REPORT_FR;
    else if (!strcmp(name, "en"))
        *out = REPORT_EN;
    else
        return false;
    return true;
}

static const char *const weekday_fr[7] = {"lundi", "mardi", "mercredi", "jeudi",
                                          "vendredi", "samedi", "dimanche"};
static const char *const weekday_en[7] = {"Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday", "Sunday"};
static const char *const month_fr[12] = {
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"};
static const char *const month_en[12] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"};

const char *report_month_name(int month, enum report_lang lang)
{
    int k = month < 1 ? 0 : month > 12 ? 11 : month - 1;
    return lang == REPORT_EN ? month_en[k] : month_fr[k];
}

const char *report_weekday_name(int days, enum report_lang lang)
{
    int w = model_date_weekday(days);
    return lang == REPORT_EN ? weekday_en[w] : weekday_fr[w];
}

const char *report_date_long(char buf[REPORT_DATE_LEN], int days,
                             enum report_lang lang)
{
    struct model_date d = model_date_from_days(days);
    if (lang == REPORT_EN)
        snprintf(buf, REPORT_DATE_LEN, "%s %d %s %d", report_weekday_name(days, lang),
                 d.day, month_en[d.month - 1], d.year);
    else
        snprintf(buf, REPORT_DATE_LEN, "%s %d%s %s %d", report_weekday_name(days, lang),
                 d.day, d.day == 1 ? "er" : "", month_fr[d.month - 1], d.year);
    return buf;
}

const char *report_number(char buf[REPORT_NUM_LEN], double v, int decimals,
                          enum report_lang lang)
{
    if (lang == REPORT_FR)
        return compare_format_number(buf, REPORT_NUM_LEN, v, decimals, false);
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    bool zero = strspn(digits, "0.") == strlen(digits);
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits), o = 0;
    if (v < 0 && !zero)
        buf[o++] = '-';
    for (size_t i = 0; i < int_len && o + 2 < REPORT_NUM_LEN; i++) {
        if (i && (int_len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    if (dot)
        snprintf(buf + o, REPORT_NUM_LEN - o, "%s", dot);
    return buf;
}

const char *report_audience_words(enum model_audience a, enum report_lang lang)
{
    static const char *const en[AUD_COUNT] = {
        "inhabitants", "children under 3", "children under 6",
        "children aged 3 to 11", "young people aged 11 to 17",
        "young adults aged 16 to 25", "people aged 65 and over",
        "people aged 75 and over", "people aged 80 and over"};
    if (lang == REPORT_EN)
        return a >= 0 && a < AUD_COUNT ? en[a] : "people";
    return model_audience_words_fr(a);
}
