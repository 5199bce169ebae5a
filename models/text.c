/* text.c -- aligned columns of UTF-8 text in the console reports.
 *
 * printf's "%-24s" pads to 24 bytes, and French names are not ASCII:
 * "Marion Vayssière" is 16 characters but 17 bytes, so every accented
 * name in a `planner check` or summary table came out one column short
 * per accent.  These pad by characters instead.  A character here is a
 * code point (every byte that is not a UTF-8 continuation byte): the
 * data are in NFC, as spreadsheets and the open data write them, so
 * accented letters are single code points; combining marks and
 * double-width characters are not measured, and are not expected in
 * commune, staff or service names.
 *
 * text_fold_char() is the one accent folding of the folder: header names
 * (csv_columns.c) and day and time phrases (fields_time.c) are matched
 * on it, so "Capacité" finds capacity and "après-midi" the afternoon. */
#include "models_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

void text_put_padded(FILE *out, const char *s, size_t width)
{
    fputs(s, out);
    for (size_t w = text_width(s); w < width; w++)
        fputc(' ', out);
}

const char *text_decimal_fr(char buf[32], double v, int decimals)
{
    snprintf(buf, 32, "%.*f", decimals, v);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = ',';
    return buf;
}

/* The ASCII letter of each code point U+00C0..U+00FF ('_' for the signs
 * × and ÷; Æ, æ and ß are spelt out below). */
static const char latin1_base[64] =
    "AAAAAAACEEEEIIII" "DNOOOOO_OUUUUYTs" "aaaaaaaceeeeiiii" "dnooooo_ouuuuyty";

size_t text_fold_char(const char *s, char out[3])
{
    const unsigned char *p = (const unsigned char *)s;
    out[1] = out[2] = '\0';
    if (p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
        unsigned cp = 0xc0 + (p[1] - 0x80u);
        if (cp == 0xc6 || cp == 0xe6 || cp == 0xdf) {
            out[0] = cp == 0xdf ? 's' : 'a';
            out[1] = cp == 0xdf ? 's' : 'e';
        } else {
            out[0] = (char)tolower((unsigned char)latin1_base[cp - 0xc0]);
        }
        return 2;
    }
    if (p[0] == 0xc5 && (p[1] == 0x92 || p[1] == 0x93)) {   /* Œ œ */
        out[0] = 'o';
        out[1] = 'e';
        return 2;
    }
    if (p[0] == 0xc2 && p[1] == 0xa0) {                     /* no-break space */
        out[0] = ' ';
        return 2;
    }
    if (p[0] == 0xe2 && p[1] == 0x80 &&
        (p[2] == 0xaf || p[2] == 0x99 || p[2] == 0x93 || p[2] == 0x94)) {
        /* narrow no-break space, ’, en and em dashes */
        out[0] = p[2] == 0xaf ? ' ' : p[2] == 0x99 ? '\'' : '-';
        return 3;
    }
    out[0] = (char)tolower(p[0]);
    return 1;
}
