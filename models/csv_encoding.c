/* csv_encoding.c -- what the bytes of a spreadsheet's CSV export are.
 *
 * csv_table.c tokenises UTF-8 text; this file makes sure that is what it
 * gets.  Spreadsheets write three encodings:
 *
 *   - UTF-8, with or without a byte order mark ("CSV UTF-8" in Excel,
 *     LibreOffice's default): taken as it is, the mark dropped;
 *   - Windows-1252: French Excel's default "CSV (séparateur :
 *     point-virgule)".  Recognised when the file is not UTF-8, every byte
 *     is defined in Windows-1252, at least one is a French letter (é, è,
 *     à, ç, œ...) and nothing in it is UTF-8 French (no "Ã©" pasted from
 *     a UTF-8 file: a mixed file is refused, as no decoding is right for
 *     all of it).  It is read through iconv and one notice says so;
 *   - UTF-16 ("Texte Unicode"): refused with the advice to save as CSV
 *     UTF-8.
 *
 * Anything else is refused with one message at the first bad byte: one
 * cause, one message, however many lines hold such bytes.
 *
 * Lines end with LF, CRLF or a lone CR (old Mac exports);
 * csv_line_end() is the one definition every line count here uses. */
#include "models_int.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

size_t csv_line_end(const unsigned char *buf, size_t pos, size_t len)
{
    while (pos < len && buf[pos] != '\n' && buf[pos] != '\r')
        pos++;
    if (pos < len && buf[pos] == '\r' && pos + 1 < len && buf[pos + 1] == '\n')
        pos++;
    return pos < len ? pos + 1 : pos;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF included. */
static size_t utf8_valid_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned cp;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* UTF-8 as French text writes it: accented letters (U+00C0-U+00FF, lead
 * byte 0xC3), œ/Œ (0xC5 0x93/0x92), no-break space and guillemets (0xC2),
 * typographic quotes, dashes and € (0xE2 0x80/0x82).  Windows-1252 text
 * makes these pairs only as mojibake ("Ã©"), so seeing one means the
 * file really holds UTF-8. */
static bool french_utf8(const unsigned char *p, size_t n)
{
    if (n == 2)
        return p[0] == 0xc3 || p[0] == 0xc2 ||
               (p[0] == 0xc5 && (p[1] == 0x92 || p[1] == 0x93));
    return n == 3 && p[0] == 0xe2 && (p[1] == 0x80 || p[1] == 0x82);
}

/* French letters of Windows-1252: À Â Æ Ç È É Ê Ë Î Ï Ô Ù Û Ü Ÿ and their
 * lower case, Œ œ. */
static bool french_1252(unsigned char c)
{
    static const unsigned char letters[] = {
        0xc0, 0xc2, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xce, 0xcf, 0xd4, 0xd9,
        0xdb, 0xdc, 0xe0, 0xe2, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xee, 0xef,
        0xf4, 0xf9, 0xfb, 0xfc, 0xff, 0x8c, 0x9c, 0x9f,
    };
    return memchr(letters, c, sizeof letters) != NULL;
}

/* The five bytes Windows-1252 leaves undefined. */
static bool undefined_1252(unsigned char c)
{
    return c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d;
}

/* What one pass over the bytes found. */
struct scan {
    int bad_line, bad_col;    /* first byte that is not UTF-8 */
    unsigned char bad_byte;
    size_t bad_lines;         /* lines holding such bytes */
    int utf8_line;            /* first line with UTF-8 French, 0 if none */
    bool undefined;           /* a byte Windows-1252 does not define */
    bool french;              /* a French letter of Windows-1252 */
};

static void scan_bytes(const unsigned char *buf, size_t len, struct scan *s)
{
    memset(s, 0, sizeof *s);
    int line = 1;
    for (size_t pos = 0; pos < len; line++) {
        size_t eol = csv_line_end(buf, pos, len);
        bool bad_here = false;
        int col = 1;
        for (const unsigned char *p = buf + pos, *e = buf + eol; p < e; col++) {
            size_t n = utf8_valid_len(p, e);
            if (n > 1 && french_utf8(p, n) && !s->utf8_line)
                s->utf8_line = line;
            if (n == 0) {
                if (!s->bad_lines && !bad_here) {
                    s->bad_line = line;
                    s->bad_col = col;
                    s->bad_byte = *p;
                }
                bad_here = true;
                n = 1;
            }
            if (*p >= 0x80) {
                s->undefined |= undefined_1252(*p);
                s->french |= french_1252(*p);
            }
            p += n;
        }
        s->bad_lines += bad_here;
        pos = eol;
    }
}

/* Converts Windows-1252 to UTF-8 (at most 3 bytes per byte: €).  iconv
 * is told the exact source charset; glibc knows it as WINDOWS-1252. */
static enum status from_1252(const unsigned char *in, size_t len,
                             unsigned char **out, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1)
        return STATUS_IO;
    size_t cap = 3 * len + 1;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return STATUS_NOMEM;
    }
    char *src = (char *)in, *dst = (char *)buf;
    size_t src_left = len, dst_left = cap;
    size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    iconv_close(cd);
    if (r == (size_t)-1) {
        free(buf);
        return errno == ENOMEM ? STATUS_NOMEM : STATUS_PARSE;
    }
    *out = buf;
    *out_len = cap - dst_left;
    return STATUS_OK;
}

static enum status refuse(const char *name, const struct scan *s,
                          struct diag_list *problems, const char *why)
{
    char more[64] = "";
    if (s->bad_lines > 1)
        snprintf(more, sizeof more, "; %zu more lines have such bytes",
                 s->bad_lines - 1);
    diag_list_add(problems, STATUS_PARSE, name, s->bad_line, s->bad_col, NULL,
                  "invalid UTF-8 (byte 0x%02x at character %d)%s%s: save the "
                  "file as \"CSV UTF-8\"", s->bad_byte, s->bad_col, why, more);
    return STATUS_PARSE;
}

enum status csv_decode(const char *name, unsigned char **buf, size_t *len,
                       struct diag_list *problems)
{
    unsigned char *data = *buf;
    size_t n = *len;
    if (n >= 2 && ((data[0] == 0xff && data[1] == 0xfe) ||
                   (data[0] == 0xfe && data[1] == 0xff))) {
        diag_list_add(problems, STATUS_PARSE, name, 1, 1, NULL,
                      "file is UTF-16 (\"Unicode text\"): save it as \"CSV UTF-8\"");
        return STATUS_PARSE;
    }
    if (n >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
        memmove(data, data + 3, n - 3);
        *len = n -= 3;
    }
    struct scan s;
    scan_bytes(data, n, &s);
    if (s.bad_lines == 0)
        return STATUS_OK;
    if (s.utf8_line) {
        char why[96];
        snprintf(why, sizeof why, " in a file that is UTF-8 elsewhere (line %d): "
                 "parts were pasted from two sources", s.utf8_line);
        return refuse(name, &s, problems, why);
    }
    if (s.undefined || !s.french)
        return refuse(name, &s, problems, ", and the file is not Windows-1252 "
                      "French text either");
    unsigned char *utf8;
    size_t utf8_len;
    enum status st = from_1252(data, n, &utf8, &utf8_len);
    if (st == STATUS_NOMEM) {
        diag_list_add(problems, STATUS_NOMEM, name, 0, 0, NULL,
                      "out of memory while reading");
        return st;
    }
    if (st != STATUS_OK)
        return refuse(name, &s, problems, ", and iconv cannot read it as "
                      "Windows-1252");
    free(data);
    *buf = utf8;
    *len = utf8_len;
    diag_list_add(problems, STATUS_OK, name, 0, 0, NULL,
                  "file is Windows-1252 (French Excel's \"CSV (séparateur : "
                  "point-virgule)\"), not UTF-8: read as Windows-1252; save it as "
                  "\"CSV UTF-8\" to make this notice go away");
    return STATUS_OK;
}
