/* fields_time.c -- days, half-days and hours as people write them.
 *
 * Columns `days` (staff, vehicles, services), `opening` (sites) and
 * `hours` (services) hold phrases typed by hand or copied from a mairie's
 * web page: "lun-ven", "du lundi au vendredi", "Lundi : 9h00-12h00",
 * "mer. après midi", "9h30 à 12h", "09:00 - 12:30 / 13:30 - 17:00".  The
 * grammar (docs/input-format.md, "Days and half-days", "Opening hours")
 * is read in two passes:
 *
 *   1. lex: the cell is cut into words at spaces and , ; / & ( ) and at a
 *      ':' that is not between two digits ("Lundi : 9h00"); a dash or an
 *      en dash is a word of its own; letters are folded (text_fold_char:
 *      "Après" -> "apres");
 *   2. join: filler words (de, du, le, les, et...) are dropped; "au",
 *      "à", "a", "to" and dashes join their neighbours into one range
 *      ("lundi au vendredi" -> "lundi-vendredi", "9h à 12h" -> "9h-12h");
 *      "après midi" becomes one word.
 *
 * Every word keeps the bytes of the cell it came from, so a message
 * quotes the cell as the user wrote it ("après midi", not "apres-midi"). */
#include "models_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- times and weekdays ------------------------------------------- */

bool parse_time_of_day(const char *s, int *minutes)
{
    /* 9:00, 09:00, 9h, 9h30, 09h30, 24:00 (end of day), midi. */
    int h = 0, m = 0, i = 0;
    if (!strcasecmp(s, "midi")) {
        *minutes = 12 * 60;
        return true;
    }
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
        for (int k = 0; k < 6; k++) {
            size_t n = strlen(names[d][k]);
            /* "les lundis": the plural of a full French name */
            bool plural = k == 0 && len == n + 1 && (s[n] == 's' || s[n] == 'S');
            if ((n == len || plural) && !strncasecmp(s, names[d][k], n))
                return d;
        }
    return -1;
}

/* ---- the two passes ------------------------------------------------ */

#define SPEC_MAX_WORDS 256

struct word {
    char text[64];         /* folded, joined: "lundi-vendredi" */
    size_t from, to;       /* its bytes in the cell */
};

struct spec {
    const char *cell;
    struct word w[SPEC_MAX_WORDS];
    size_t n;
    bool overflow;         /* more words than SPEC_MAX_WORDS */
};

static struct word *spec_push(struct spec *sp, size_t from)
{
    if (sp->n == SPEC_MAX_WORDS) {
        sp->overflow = true;
        return NULL;
    }
    struct word *w = &sp->w[sp->n++];
    w->text[0] = '\0';
    w->from = w->to = from;
    return w;
}

static void word_append(struct word *w, const char *s)
{
    size_t n = strlen(w->text);
    snprintf(w->text + n, sizeof w->text - n, "%s", s);
}

/* Pass 1: words and dashes, folded. */
static void lex(struct spec *sp)
{
    const char *s = sp->cell;
    struct word *cur = NULL;
    size_t i = 0;
    while (s[i] && !sp->overflow) {
        char f[3];
        size_t adv = text_fold_char(s + i, f);
        bool digit_colon = f[0] == ':' && cur && i > 0 &&
                           isdigit((unsigned char)s[i - 1]) &&
                           isdigit((unsigned char)s[i + 1]);
        if (f[0] == '-') {
            cur = NULL;
            struct word *d = spec_push(sp, i);
            if (d) {
                word_append(d, "-");
                d->to = i + adv;
            }
        } else if (strchr(" \t,;/&()'", f[0]) || (f[0] == ':' && !digit_colon)) {
            cur = NULL;
        } else {
            if (!cur)
                cur = spec_push(sp, i);
            if (cur) {
                word_append(cur, f);
                cur->to = i + adv;
            }
        }
        i += adv;
    }
}

static bool is_filler(const char *w)
{
    static const char *const fillers[] = {
        "de", "du", "des", "d", "le", "les", "la", "l", "et", "and", "from",
        "jusqu", "on",
    };
    for (size_t i = 0; i < sizeof fillers / sizeof *fillers; i++)
        if (!strcmp(w, fillers[i]))
            return true;
    return false;
}

static bool is_joiner(const char *w)
{
    return !strcmp(w, "-") || !strcmp(w, "au") || !strcmp(w, "a") ||
           !strcmp(w, "to");
}

/* Pass 2: drops fillers, joins ranges and "après midi", in place. */
static void join(struct spec *sp)
{
    size_t out = 0;
    bool pending = false;    /* a joiner waits for its right side */
    for (size_t i = 0; i < sp->n; i++) {
        struct word w = sp->w[i];
        if (is_filler(w.text))
            continue;
        if (is_joiner(w.text) && out > 0 && !pending) {
            pending = true;
            continue;
        }
        bool afternoon = !strcmp(w.text, "midi") && out > 0 &&
                         !strcmp(sp->w[out - 1].text, "apres");
        if ((pending || afternoon) && out > 0) {
            struct word *prev = &sp->w[out - 1];
            word_append(prev, "-");
            word_append(prev, w.text);
            prev->to = w.to;
            pending = false;
            continue;
        }
        sp->w[out++] = w;
    }
    if (pending) {
        /* A trailing dash or "au" joins nothing: keep it visible. */
        struct word *prev = &sp->w[out - 1];
        word_append(prev, "-");
    }
    sp->n = out;
}

static void spec_read(struct spec *sp, const char *cell)
{
    sp->cell = cell;
    sp->n = 0;
    sp->overflow = false;
    lex(sp);
    join(sp);
}

/* The word as the cell writes it, for messages. */
#define AS_WRITTEN(sp, w) (int)((w)->to - (w)->from), (sp)->cell + (w)->from

/* ---- days and half-days ------------------------------------------- */

static int half_suffix(const char *s)
{
    if (!strcmp(s, "am") || !strcmp(s, "matin") || !strcmp(s, "matinee") ||
        !strcmp(s, "morning"))
        return 1;
    if (!strcmp(s, "pm") || !strcmp(s, "apres-midi") || !strcmp(s, "apm") ||
        !strcmp(s, "aprem") || !strcmp(s, "afternoon"))
        return 2;
    return 0;
}

/* Parses "lun", "lun-ven", "lun-am", "mar-matin", "mer-apres-midi" into
 * a weekday range and a half (0 whole day, 1 morning, 2 afternoon).
 * false when not a day. */
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

/* The words of column col, malloc'd into *out (a cell may hold 256
 * words); *out NULL when the cell is empty.  false, with an error on the
 * row, when memory ran out or the cell has more words than that. */
static bool spec_open(struct field_reader *r, const char *col, struct spec **out)
{
    const char *cell = field_text(r, col);
    *out = NULL;
    if (!*cell)
        return true;
    struct spec *sp = malloc(sizeof *sp);
    if (!sp) {
        field_error(r, col, "out of memory");
        return false;
    }
    spec_read(sp, cell);
    if (sp->overflow) {
        field_error(r, col, "has more than %d words: is it the right column?",
                    SPEC_MAX_WORDS);
        free(sp);
        return false;
    }
    *out = sp;
    return true;
}

bool field_halfdays(struct field_reader *r, const char *col, uint32_t *out)
{
    struct spec *sp;
    if (!spec_open(r, col, &sp))
        return false;
    if (!sp)
        return true;
    bool ok = true;
    uint32_t bits = 0, last = 0;
    int last_d1 = -1, last_d2 = -1;
    for (size_t i = 0; i < sp->n && ok; i++) {
        const struct word *w = &sp->w[i];
        int d1, d2, half;
        if (parse_day_token(w->text, &d1, &d2, &half)) {
            last = halfday_bits(d1, d2, half);
            bits |= last;
            last_d1 = d1;
            last_d2 = d2;
        } else if ((half = half_suffix(w->text)) && last_d1 >= 0) {
            /* "mar matin": narrow the previous whole day to a half. */
            bits &= ~last;
            last = halfday_bits(last_d1, last_d2, half);
            bits |= last;
        } else {
            field_error(r, col,
                        "\"%.*s\" is not a day or half-day: expected e.g. \"lun mar "
                        "jeu-matin\", \"lundi au vendredi\" or \"mer après-midi\"",
                        AS_WRITTEN(sp, w));
            ok = false;
        }
    }
    free(sp);
    if (ok && !bits) {
        field_error(r, col, "names no day");
        ok = false;
    }
    if (ok)
        *out = bits;
    return ok;
}

/* ---- time windows ------------------------------------------------- */

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

struct windows {
    struct model_window *w;
    size_t count, cap;
};

static bool windows_add(struct windows *ws, unsigned mask, int a, int b)
{
    for (int d = 0; d < 7; d++) {
        if (!(mask & (1u << d)))
            continue;
        if (ws->count == ws->cap) {
            size_t cap = ws->cap ? ws->cap * 2 : 8;
            struct model_window *nw = realloc(ws->w, cap * sizeof *nw);
            if (!nw)
                return false;
            ws->w = nw;
            ws->cap = cap;
        }
        ws->w[ws->count++] = (struct model_window){d, a, b};
    }
    return true;
}

/* One word of an hours cell: a day group, "fermé", a range or, when
 * single_length > 0, a lone start time.  false after an error. */
static bool window_word(struct field_reader *r, const char *col,
                        const struct spec *sp, const struct word *w,
                        unsigned all_days, int single_length,
                        struct windows *ws, unsigned *days, bool *has_range)
{
    int d1, d2, half, a, b;
    const char *t = w->text;
    if (parse_day_token(t, &d1, &d2, &half) && half == 0) {
        if (*has_range)
            *days = 0;
        for (int d = d1;; d = (d + 1) % 7) {
            *days |= 1u << d;
            if (d == d2)
                break;
        }
        *has_range = false;
        return true;
    }
    if (!strcmp(t, "ferme") || !strcmp(t, "closed")) {
        *days = 0;              /* "sam fermé": nothing for this group */
        *has_range = true;
        return true;
    }
    bool range = parse_range(t, &a, &b);
    if (!range && parse_time_of_day(t, &a)) {
        if (single_length <= 0) {
            field_error(r, col, "\"%.*s\" is a single time: give the opening "
                        "and closing times, e.g. \"9h-12h\"", AS_WRITTEN(sp, w));
            return false;
        }
        b = a + single_length;
        if (b > 24 * 60) {
            field_error(r, col, "\"%.*s\": a session starting then would end "
                        "after midnight", AS_WRITTEN(sp, w));
            return false;
        }
        range = true;
    }
    if (!range) {
        field_error(r, col, "\"%.*s\" is neither a day nor a time range: expected "
                    "e.g. \"lun 09:00-12:30 13:30-17:00; mar 9h-12h\"",
                    AS_WRITTEN(sp, w));
        return false;
    }
    if (a >= b) {
        field_error(r, col, "\"%.*s\": the end must be after the start",
                    AS_WRITTEN(sp, w));
        return false;
    }
    if (!windows_add(ws, *days ? *days : all_days, a, b)) {
        field_error(r, col, "out of memory");
        return false;
    }
    *has_range = true;
    return true;
}

bool field_windows(struct field_reader *r, const char *col,
                   unsigned all_days_mask, int single_length,
                   struct model_window **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct spec *sp;
    if (!spec_open(r, col, &sp))
        return false;
    if (!sp)
        return true;
    struct windows ws = {NULL, 0, 0};
    unsigned days = 0;       /* weekday bits of the current day group */
    bool has_range = true, ok = true;
    for (size_t i = 0; i < sp->n && ok; i++)
        ok = window_word(r, col, sp, &sp->w[i], all_days_mask, single_length,
                         &ws, &days, &has_range);
    free(sp);
    if (ok && !has_range) {
        field_error(r, col, "a day is named without hours after it");
        ok = false;
    }
    if (!ok) {
        free(ws.w);
        return false;
    }
    *out = ws.w;
    *n = ws.count;
    return true;
}
