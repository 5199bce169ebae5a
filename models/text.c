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
 * commune, staff or service names. */
#include "models.h"

#include <stdio.h>

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
