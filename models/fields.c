/* fields.c -- typed readers for the cells of a territory CSV file.
 *
 * Spreadsheets write numbers, days and hours the way people type them:
 * "3,5" (French decimal comma), "1 607" (a thousands space, often a
 * no-break space), "80 %", "9h30", "lundi", "lun-ven", "mar matin".  These
 * readers accept those spellings, and on anything else report what was
 * expected with the file, line and column, then carry on so the loader
 * sees every problem of the file in one pass. */
#include "models_int.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void field_reader_init(struct field_reader *r, const struct csv_table *t,
                       const struct csv_row *row, struct diag_list *problems)
{
    r->t = t;
    r->row = row;
    r->problems = problems;
    r->errors = 0;
}

const char *field_text(struct field_reader *r, const char *col)
{
    int c = csv_table_column(r->t, col);
    if (c < 0 || (size_t)c >= r->row->n_cells)
        return "";
    return r->row->cells[c];
}

void field_error(struct field_reader *r, const char *col, const char *fmt, ...)
{
    struct diag d;
    memset(&d, 0, sizeof d);
    d.status = STATUS_INVALID;
    snprintf(d.file, sizeof d.file, "%s", r->t->name);
    d.line = r->row->line;
    int c = col ? csv_table_column(r->t, col) : -1;
    d.column = c >= 0 ? c + 1 : 0;
    if (col)
        snprintf(d.field, sizeof d.field, "%s", col);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d.message, sizeof d.message, fmt, ap);
    va_end(ap);
    diag_list_add_diag(r->problems, &d);
    r->errors++;
}

bool field_required(struct field_reader *r, const char *col, const char **out)
{
    const char *s = field_text(r, col);
    *out = s;
    if (!*s) {
        field_error(r, col, "is empty; a value is required");
        return false;
    }
    return true;
}

/* ---- scalar parsers ---------------------------------------------- */

bool parse_number(const char *s, double *out)
{
    /* Copy without spaces (ASCII, no-break U+00A0, narrow no-break
     * U+202F) and with a decimal comma turned into a point. */
    char buf[64];
    size_t n = 0;
    bool seen_point = strchr(s, '.') != NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t')
            continue;
        if (p[0] == 0xc2 && p[1] == 0xa0) {
            p++;
            continue;
        }
        if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xaf) {
            p += 2;
            continue;
        }
        char c = (char)*p;
        if (c == ',') {
            if (seen_point)
                return false;   /* "1,234.5": ambiguous, refuse */
            c = '.';
            seen_point = true;
        }
        if (n + 1 >= sizeof buf)
            return false;
        buf[n++] = c;
    }
    buf[n] = '\0';
    if (n == 0)
        return false;
    char *end;
    double v = strtod(buf, &end);
    if (*end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool parse_time_of_day(const char *s, int *minutes)
{
    /* 9:00, 09:00, 9h, 9h30, 09h30, 24:00 (end of day). */
    int h = 0, m = 0, i = 0;
    if (!isdigit((unsigned char)s[i]))
        return false;
    while (isdigit((unsigned char)s[i]) && i < 2)
        h = h * 10 + (s[i++] - '0');
    if (s[i] == ':' || s[i] == 'h' || s[i] == 'H') {
        bool colon = s[i] == ':';
        i++;
        if (isdigit((unsigned char)s[i])) {
            if (!isdigit((unsigned char)s[i + 1]))
                return false;
            m = (s[i] - '0') * 10 + (s[i + 1] - '0');
            i += 2;
        } else if (colon) {
            return false;
        }
    } else {
        return false;
    }
    if (s[i] != '\0' || h > 24 || m > 59 || (h == 24 && m > 0))
        return false;
    *minutes = h * 60 + m;
    return true;
}

bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "y", "oui", "o", "1", "true", "vrai", "x"};
    static const char *const no[] = {"no", "n", "non", "0", "false", "faux", "-"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!strcasecmp(s, yes[i])) {
            *out = true;
            return true;
        }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (!strcasecmp(s, no[i])) {
            *out = false;
            return true;
        }
    return false;
}

int parse_weekday(const char *s)
{
    static const char *const names[7][6] = {
        {"lundi", "lun", "lu", "monday", "mon", "mo"},
        {"mardi", "mar", "ma", "tuesday", "tue", "tu"},
        {"mercredi", "mer", "me", "wednesday", "wed", "we"},
        {"jeudi", "jeu", "je", "thursday", "thu", "th"},
        {"vendredi", "ven", "ve", "friday", "fri", "fr"},
        {"samedi", "sam", "sa", "saturday", "sat", "sa"},
        {"dimanche", "dim", "di", "sunday", "sun", "su"},
    };
    size_t len = strlen(s);
    /* "lun." as some people abbreviate */
    if (len > 0 && s[len - 1] == '.')
        len--;
    for (int d = 0; d < 7; d++)
        for (int k = 0; k < 6; k++)
            if (strlen(names[d][k]) == len && !strncasecmp(s, names[d][k], len))
                return d;
    return -1;
}

bool split_list(const char *s, bool (*fn)(const char *tok, void *ctx), void *ctx)
{
    char tok[256];
    const char *p = s;
    while (*p) {
        while (*p && strchr(" \t,;|+", *p))
            p++;
        if (!*p)
            break;
        size_t n = 0;
        while (*p && !strchr(" \t,;|+", *p)) {
            if (n + 1 < sizeof tok)
                tok[n++] = *p;
            p++;
        }
        tok[n] = '\0';
        if (!fn(tok, ctx))
            return false;
    }
    return true;
}

/* ---- typed readers ------------------------------------------------ */

bool field_int(struct field_reader *r, const char *col, bool required,
               int min, int max, int *out)
{
    const char *s = field_text(r, col);
    if (!*s) {
        if (required)
            field_error(r, col, "is empty; expected a whole number from %d to %d",
                        min, max);
        return !required;
    }
    double v;
    if (!parse_number(s, &v) || v != floor(v)) {
        field_error(r, col, "\"%s\" is not a whole number", s);
        return false;
    }
    if (v < min || v > max) {
        field_error(r, col, "%s is out of range: expected %d to %d", s, min, max);
        return false;
    }
    *out = (int)v;
    return true;
}

bool field_double(struct field_reader *r, const char *col, bool required,
                  double min, double max, double *out)
{
    const char *s = field_text(r, col);
    if (!*s) {
        if (required)
            field_error(r, col, "is empty; expected a number from %g to %g",
                        min, max);
        return !required;
    }
    double v;
    if (!parse_number(s, &v)) {
        field_error(r, col, "\"%s\" is not a number (write 3.5 or 3,5)", s);
        return false;
    }
    if (v < min || v > max) {
        field_error(r, col, "%s is out of range: expected %g to %g", s, min, max);
        return false;
    }
    *out = v;
    return true;
}

bool field_bool(struct field_reader *r, const char *col, bool *out)
{
    const char *s = field_text(r, col);
    if (!*s)
        return true;
    if (!parse_bool(s, out)) {
        field_error(r, col, "\"%s\" is not yes/no (oui/non)", s);
        return false;
    }
    return true;
}

/* A lowercase ASCII copy of a cell with the separators people put
 * around ranges normalised: "09:00 - 12:30 / 13:30 - 17:00" becomes
 * "09:00-12:30 13:30-17:00"; "après-midi" becomes "apres-midi". */
static void normalise_spec(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < size; p++) {
        unsigned char c = *p;
        if (c == 0xc3 && (p[1] == 0xa8 || p[1] == 0xa9)) { /* è é */
            c = 'e';
            p++;
        } else if (c == 0xc2 && p[1] == 0xa0) {            /* no-break space */
            c = ' ';
            p++;
        }
        if (c == ',' || c == ';' || c == '/' || c == '\t')
            c = ' ';
        bool en_dash = c == 0xe2 && p[1] == 0x80 && p[2] == 0x93;
        if (c == 0xe2 && p[1] == 0x80 && p[2] == 0xaf) { /* narrow nbsp */
            c = ' ';
            p += 2;
        }
        if (c == '-' || en_dash) {
            /* "-" or an en dash "–": no spaces around a range. */
            if (en_dash)
                p += 2;
            while (n > 0 && buf[n - 1] == ' ')
                n--;
            buf[n++] = '-';
            while (p[1] == ' ')
                p++;
            continue;
        }
        buf[n++] = (char)tolower(c);
    }
    buf[n] = '\0';
}

static int half_suffix(const char *s)
{
    if (!strcmp(s, "am") || !strcmp(s, "matin") || !strcmp(s, "morning"))
        return 1;
    if (!strcmp(s, "pm") || !strcmp(s, "apres-midi") || !strcmp(s, "apm") ||
        !strcmp(s, "aprem") || !strcmp(s, "afternoon"))
        return 2;
    return 0;
}

/* Parses "lun", "lun-ven", "lun-am", "mar-matin" into a weekday range and
 * a half (0 whole day, 1 morning, 2 afternoon).  false when not a day. */
static bool parse_day_token(const char *tok, int *d1, int *d2, int *half)
{
    char a[64], b[64] = "", c[64] = "";
    const char *dash = strchr(tok, '-');
    if (strlen(tok) >= sizeof a)
        return false;
    if (!dash) {
        snprintf(a, sizeof a, "%s", tok);
    } else {
        snprintf(a, sizeof a, "%.*s", (int)(dash - tok), tok);
        const char *rest = dash + 1;
        const char *dash2 = strchr(rest, '-');
        if (half_suffix(rest)) {
            snprintf(c, sizeof c, "%s", rest);
        } else if (dash2 && half_suffix(dash2 + 1)) {
            snprintf(b, sizeof b, "%.*s", (int)(dash2 - rest), rest);
            snprintf(c, sizeof c, "%s", dash2 + 1);
        } else {
            snprintf(b, sizeof b, "%s", rest);
        }
    }
    *d1 = parse_weekday(a);
    if (*d1 < 0)
        return false;
    *d2 = b[0] ? parse_weekday(b) : *d1;
    if (*d2 < 0)
        return false;
    *half = c[0] ? half_suffix(c) : 0;
    return true;
}

static uint32_t halfday_bits(int d1, int d2, int half)
{
    uint32_t bits = 0;
    for (int d = d1;; d = (d + 1) % 7) {
        if (half != 2)
            bits |= MODEL_HALF_AM(d);
        if (half != 1)
            bits |= MODEL_HALF_PM(d);
        if (d == d2)
            break;
    }
    return bits;
}

bool field_halfdays(struct field_reader *r, const char *col, uint32_t *out)
{
    const char *s = field_text(r, col);
    if (!*s)
        return true;
    char buf[512];
    normalise_spec(s, buf, sizeof buf);
    uint32_t bits = 0, last = 0;
    int last_d1 = -1, last_d2 = -1;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        int d1, d2, half;
        if (parse_day_token(tok, &d1, &d2, &half)) {
            last = halfday_bits(d1, d2, half);
            bits |= last;
            last_d1 = d1;
            last_d2 = d2;
        } else if ((half = half_suffix(tok)) && last_d1 >= 0) {
            /* "mar matin": narrow the previous whole day to a half. */
            bits &= ~last;
            last = halfday_bits(last_d1, last_d2, half);
            bits |= last;
        } else {
            field_error(r, col,
                        "\"%s\" is not a day or half-day: expected e.g. \"lun mar "
                        "jeu-matin\", \"lun-ven\" or \"mon-am\"", tok);
            return false;
        }
    }
    if (!bits) {
        field_error(r, col, "names no day");
        return false;
    }
    *out = bits;
    return true;
}

static bool parse_range(const char *tok, int *start, int *end)
{
    const char *dash = strchr(tok, '-');
    if (!dash)
        return false;
    char a[16], b[16];
    if ((size_t)(dash - tok) >= sizeof a || strlen(dash + 1) >= sizeof b)
        return false;
    snprintf(a, sizeof a, "%.*s", (int)(dash - tok), tok);
    snprintf(b, sizeof b, "%s", dash + 1);
    return parse_time_of_day(a, start) && parse_time_of_day(b, end);
}

bool field_windows(struct field_reader *r, const char *col,
                   unsigned all_days_mask, struct model_window **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const char *s = field_text(r, col);
    if (!*s)
        return true;
    char buf[1024];
    normalise_spec(s, buf, sizeof buf);
    struct model_window *w = NULL;
    size_t count = 0, cap = 0;
    unsigned days = 0;       /* weekday bits of the current day group */
    bool group_has_range = true;
    char *save = NULL;
    bool ok = true;
    for (char *tok = strtok_r(buf, " ", &save); tok && ok;
         tok = strtok_r(NULL, " ", &save)) {
        int d1, d2, half, a, b;
        if (parse_day_token(tok, &d1, &d2, &half) && half == 0) {
            if (group_has_range)
                days = 0;
            for (int d = d1;; d = (d + 1) % 7) {
                days |= 1u << d;
                if (d == d2)
                    break;
            }
            group_has_range = false;
        } else if (!strcmp(tok, "ferme") || !strcmp(tok, "closed")) {
            days = 0;            /* "sam fermé": nothing for this group */
            group_has_range = true;
        } else if (parse_range(tok, &a, &b)) {
            if (a >= b) {
                field_error(r, col, "\"%s\": the end must be after the start", tok);
                ok = false;
                break;
            }
            unsigned mask = days ? days : all_days_mask;
            for (int d = 0; d < 7; d++) {
                if (!(mask & (1u << d)))
                    continue;
                if (count == cap) {
                    cap = cap ? cap * 2 : 8;
                    struct model_window *nw = realloc(w, cap * sizeof *nw);
                    if (!nw) {
                        field_error(r, col, "out of memory");
                        ok = false;
                        break;
                    }
                    w = nw;
                }
                w[count++] = (struct model_window){d, a, b};
            }
            group_has_range = true;
        } else {
            field_error(r, col,
                        "\"%s\" is neither a day nor a time range: expected e.g. "
                        "\"lun 09:00-12:30 13:30-17:00; mar 09:00-12:00\"", tok);
            ok = false;
        }
    }
    if (ok && !group_has_range) {
        field_error(r, col, "a day is named without hours after it");
        ok = false;
    }
    if (!ok) {
        free(w);
        return false;
    }
    *out = w;
    *n = count;
    return true;
}

struct name_set_ctx {
    struct field_reader *r;
    const char *col;
    char **names;
    size_t *n_names;
    uint64_t bits;
    bool ok;
};

static bool intern_name(const char *tok, void *vctx)
{
    struct name_set_ctx *c = vctx;
    for (size_t i = 0; i < *c->n_names; i++)
        if (!strcasecmp(c->names[i], tok)) {
            c->bits |= UINT64_C(1) << i;
            return true;
        }
    if (*c->n_names >= MODEL_MAX_NAMES) {
        field_error(c->r, c->col, "more than %d distinct names in this territory",
                    MODEL_MAX_NAMES);
        c->ok = false;
        return false;
    }
    char *copy = xstrdup(tok);
    if (!copy) {
        field_error(c->r, c->col, "out of memory");
        c->ok = false;
        return false;
    }
    c->names[*c->n_names] = copy;
    c->bits |= UINT64_C(1) << *c->n_names;
    (*c->n_names)++;
    return true;
}

bool field_name_set(struct field_reader *r, const char *col, char **names,
                    size_t *n_names, uint64_t *out)
{
    struct name_set_ctx c = {r, col, names, n_names, 0, true};
    split_list(field_text(r, col), intern_name, &c);
    if (c.ok)
        *out = c.bits;
    return c.ok;
}
