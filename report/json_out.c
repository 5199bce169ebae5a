/* json_out.c -- the JSON text every JSON writer of report/ shares
 * (export.c's sessions.json, summary_json.c, compare_json.c): one string
 * escaper (valid JSON whatever the bytes: invalid UTF-8 becomes U+FFFD;
 * U+2028/U+2029 escaped) and one number field.  Declared in report_int.h. */
#include <math.h>
#include <stdio.h>

#include "report_int.h"

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one
 * (overlong forms, surrogates and code points past U+10FFFF refused). */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xe0 && s[0] <= 0xef) {
        if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        if (s[0] == 0xe0 && s[1] < 0xa0)
            return 0;
        if (s[0] == 0xed && s[1] >= 0xa0)
            return 0;
        return 3;
    }
    if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
            (s[3] & 0xc0) != 0x80)
            return 0;
        if (s[0] == 0xf0 && s[1] < 0x90)
            return 0;
        if (s[0] == 0xf4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

void report_json_string(FILE *out, const char *v)
{
    const unsigned char *s = (const unsigned char *)(v ? v : "");
    fputc('"', out);
    while (*s) {
        size_t n = utf8_len(s);
        if (n == 0) {
            fputs("\\ufffd", out);
            s++;
            continue;
        }
        if (n == 1) {
            switch (*s) {
            case '"': fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\r': fputs("\\r", out); break;
            case '\t': fputs("\\t", out); break;
            default:
                if (*s < 0x20 || *s == 0x7f)
                    fprintf(out, "\\u%04x", *s);
                else
                    fputc(*s, out);
            }
        } else if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
                   (s[2] == 0xa8 || s[2] == 0xa9)) {
            /* U+2028/U+2029 are valid JSON but end lines in JavaScript
             * source; escape them so the file can be pasted anywhere. */
            fprintf(out, "\\u%04x", s[2] == 0xa8 ? 0x2028 : 0x2029);
        } else {
            fwrite(s, 1, n, out);
        }
        s += n;
    }
    fputc('"', out);
}

void report_json_field(FILE *out, const char *key, double v)
{
    fprintf(out, ", \"%s\": ", key);
    if (isfinite(v))
        fprintf(out, "%.10g", v);
    else
        fputs("null", out);
}
