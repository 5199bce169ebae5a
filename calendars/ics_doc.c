/* ics_doc.c -- reading iCalendar files with line numbers, and time zones.
 *
 * libical parses leniently and keeps no line numbers: a broken line turns
 * into an X-LIC-ERROR property and the rest goes on.  Half-reading a leave
 * file would plan a session on someone's day off, so we refuse the whole
 * file at the first problem and say where it is.  To know where, a first
 * pass of our own checks the content-line syntax (NAME[;PARAM=..]:VALUE)
 * and BEGIN/END nesting, and records the line of every component and
 * property; libical then parses the same text and we pair its components
 * with ours in document order (both depth-first).  Any X-LIC-ERROR libical
 * still inserts is reported at the line whose text it quotes.
 *
 * Time zones: a TZID may name a VTIMEZONE in the file, an Olson zone, or
 * (Outlook) a Windows zone name; ics_doc_zone() resolves all three. */
#include "ics_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FILE_BYTES (64L * 1024 * 1024)

enum status ics_read_text(const char *path, char **out, struct diag *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return diag_set(err, STATUS_IO, path, 0, 0, NULL, "cannot open: %s",
                        strerror(errno));
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            if (cap >= (size_t)MAX_FILE_BYTES) {
                free(buf);
                fclose(f);
                return diag_set(err, STATUS_INVALID, path, 0, 0, NULL,
                                "file larger than 64 MiB: not a calendar "
                                "export");
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    if (!buf) {
        fclose(f);
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return diag_set(err, STATUS_IO, path, 0, 0, NULL, "cannot read: %s",
                        strerror(errno));
    }
    fclose(f);
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        return diag_set(err, STATUS_PARSE, path, 0, 0, NULL,
                        "the file contains NUL bytes: not an iCalendar text "
                        "file");
    }
    *out = buf;
    return STATUS_OK;
}

void ics_doc_free(struct ics_doc *doc)
{
    if (!doc)
        return;
    if (doc->root)
        icalcomponent_free(doc->root);
    for (size_t i = 0; i < doc->n_comps; i++)
        free(doc->comps[i].props);
    free(doc->comps);
    for (size_t i = 0; i < doc->n_lines; i++)
        free(doc->lines[i]);
    free(doc->lines);
    free(doc->line_no);
    free(doc->by_comp);
    memset(doc, 0, sizeof *doc);
}

/* Appends a continuation (without its leading space) to the last logical
 * line; *len and *cap are that line's length and allocation, so a value
 * folded over 10 000 lines is copied once, not 10 000 times. */
static enum status append_continuation(struct ics_doc *doc, const char *ls,
                                       size_t len, size_t *last_len,
                                       size_t *last_cap, struct diag *err)
{
    char *prev = doc->lines[doc->n_lines - 1];
    if (*last_len + len > *last_cap) {
        size_t cap = 2 * (*last_len + len);
        char *nb = realloc(prev, cap);
        if (!nb)
            return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                            "out of memory");
        prev = nb;
        *last_cap = cap;
        doc->lines[doc->n_lines - 1] = prev;
    }
    memcpy(prev + *last_len, ls + 1, len - 1);
    *last_len += len - 1;
    prev[*last_len] = '\0';
    return STATUS_OK;
}

/* Splits text into logical (unfolded) lines with their first physical
 * line number. */
static enum status unfold(const char *text, struct ics_doc *doc,
                          struct diag *err)
{
    size_t cap = 0, last_len = 0, last_cap = 0;
    int phys = 0;
    const char *s = text;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        const char *ls = s;
        s = nl ? nl + 1 : s + len;
        phys++;
        if (len && ls[len - 1] == '\r')
            len--;
        if (len && (ls[0] == ' ' || ls[0] == '\t')) {
            if (doc->n_lines == 0)
                return diag_set(err, STATUS_PARSE, doc->name, phys, 1, NULL,
                                "a continuation line (starting with a space) "
                                "cannot come first");
            enum status st = append_continuation(doc, ls, len, &last_len,
                                                 &last_cap, err);
            if (st != STATUS_OK)
                return st;
            continue;
        }
        if (doc->n_lines == cap) {
            cap = cap ? cap * 2 : 256;
            char **nl2 = realloc(doc->lines, cap * sizeof *nl2);
            int *nn = realloc(doc->line_no, cap * sizeof *nn);
            if (nl2)
                doc->lines = nl2;
            if (nn)
                doc->line_no = nn;
            if (!nl2 || !nn)
                return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                                "out of memory");
        }
        char *l = malloc(len + 1);
        if (!l)
            return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                            "out of memory");
        memcpy(l, ls, len);
        l[len] = '\0';
        doc->lines[doc->n_lines] = l;
        doc->line_no[doc->n_lines] = phys;
        doc->n_lines++;
        last_len = len;
        last_cap = len + 1;
    }
    return STATUS_OK;
}

static enum status add_prop(struct ics_doc *doc, struct ics_comp_info *ci,
                            const char *name, size_t nlen, int line)
{
    if (ci->n_props == ci->cap_props) {
        size_t cap = ci->cap_props ? ci->cap_props * 2 : 16;
        struct ics_prop_line *np = realloc(ci->props, cap * sizeof *np);
        if (!np)
            return diag_set(NULL, STATUS_NOMEM, doc->name, 0, 0, NULL, "oom");
        ci->props = np;
        ci->cap_props = cap;
    }
    struct ics_prop_line *pl = &ci->props[ci->n_props++];
    size_t k = nlen < sizeof pl->name - 1 ? nlen : sizeof pl->name - 1;
    for (size_t i = 0; i < k; i++)
        pl->name[i] = (char)toupper((unsigned char)name[i]);
    pl->name[k] = '\0';
    pl->line = line;
    return STATUS_OK;
}

/* A content line's name (its length in *n) and value: NAME:VALUE or
 * NAME;PARAM=...:VALUE, a ':' inside a quoted parameter not ending it. */
static enum status split_line(const struct ics_doc *doc, const char *l, int line,
                              size_t *n, const char **value, struct diag *err)
{
    size_t k = 0;
    while (isalnum((unsigned char)l[k]) || l[k] == '-')
        k++;
    if (k == 0 || (l[k] != ':' && l[k] != ';'))
        return diag_set(err, STATUS_PARSE, doc->name, line, 1, NULL,
                        "expected a content line NAME:VALUE or "
                        "NAME;PARAM=...:VALUE, got \"%.60s\"", l);
    const char *p = l + k;
    bool quoted = false;
    while (*p && (quoted || *p != ':')) {
        if (*p == '"')
            quoted = !quoted;
        p++;
    }
    if (*p != ':')
        return diag_set(err, STATUS_PARSE, doc->name, line, (int)k + 1,
                        NULL, "no ':' before the value in \"%.60s\"", l);
    *n = k;
    *value = p + 1;
    return STATUS_OK;
}

/* Appends a component opened at unfolded line i (physical line `line`);
 * *cap is doc->comps' capacity.  STATUS_NOMEM or STATUS_OK. */
static enum status new_comp(struct ics_doc *doc, size_t *cap, size_t i, int line)
{
    if (doc->n_comps == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        struct ics_comp_info *nc = realloc(doc->comps, c * sizeof *nc);
        if (!nc)
            return STATUS_NOMEM;
        doc->comps = nc;
        *cap = c;
    }
    struct ics_comp_info *ci = &doc->comps[doc->n_comps++];
    memset(ci, 0, sizeof *ci);
    ci->begin = line;
    ci->begin_at = i;
    return STATUS_OK;
}

#define MAX_DEPTH 16

/* Our own structural check; fills doc->comps in depth-first order. */
static enum status prescan(struct ics_doc *doc, struct diag *err)
{
    size_t stack[MAX_DEPTH];
    int depth = 0, calendars = 0;
    size_t cap = 0;
    for (size_t i = 0; i < doc->n_lines; i++) {
        const char *l = doc->lines[i];
        int line = doc->line_no[i];
        if (*l == '\0')
            continue;   /* blank lines: tolerated, as every client does */
        size_t n = 0;
        const char *value = NULL;
        enum status st = split_line(doc, l, line, &n, &value, err);
        if (st != STATUS_OK)
            return st;
        bool is_begin = n == 5 && !strncasecmp(l, "BEGIN", 5);
        bool is_end = n == 3 && !strncasecmp(l, "END", 3);
        if (is_begin) {
            if (depth == 0 && (strcasecmp(value, "VCALENDAR") || calendars))
                return diag_set(err, STATUS_PARSE, doc->name, line, 1, NULL,
                                calendars ? "a second VCALENDAR: give one "
                                            "calendar per file"
                                          : "expected BEGIN:VCALENDAR, got "
                                            "\"%.40s\"", l);
            if (depth == MAX_DEPTH)
                return diag_set(err, STATUS_PARSE, doc->name, line, 1, NULL,
                                "components nested too deeply");
            if (new_comp(doc, &cap, i, line) != STATUS_OK)
                return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                                "out of memory");
            stack[depth++] = doc->n_comps - 1;
            if (depth == 1)
                calendars++;
            continue;
        }
        if (depth == 0)
            return diag_set(err, STATUS_PARSE, doc->name, line, 1, NULL,
                            "\"%.40s\" outside BEGIN:VCALENDAR..END:VCALENDAR",
                            l);
        if (is_end) {
            struct ics_comp_info *ci = &doc->comps[stack[depth - 1]];
            const char *open = doc->lines[ci->begin_at] + 6; /* "BEGIN:" */
            if (strcasecmp(open, value))
                return diag_set(err, STATUS_PARSE, doc->name, line, 1, NULL,
                                "END:%.40s does not close BEGIN:%.40s of "
                                "line %d", value, open, ci->begin);
            ci->end = line;
            depth--;
            continue;
        }
        st = add_prop(doc, &doc->comps[stack[depth - 1]], l, n, line);
        if (st != STATUS_OK)
            return diag_set(err, st, doc->name, 0, 0, NULL, "out of memory");
    }
    if (depth > 0)
        return diag_set(err, STATUS_PARSE, doc->name,
                        doc->comps[stack[depth - 1]].begin, 1, NULL,
                        "this component is never closed (no END line): the "
                        "file is cut short");
    if (calendars == 0)
        return diag_set(err, STATUS_PARSE, doc->name, 1, 1, NULL,
                        "no BEGIN:VCALENDAR: not an iCalendar file");
    return STATUS_OK;
}

/* Pairs libical's components with ours, depth-first. */
static void pair(struct ics_doc *doc, icalcomponent *c, size_t *k)
{
    if (*k < doc->n_comps)
        doc->comps[*k].comp = c;
    (*k)++;
    for (icalcomponent *s = icalcomponent_get_first_component(
             c, ICAL_ANY_COMPONENT);
         s; s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        pair(doc, s, k);
}

static size_t comp_hash(const icalcomponent *c, size_t mask)
{
    uint64_t h = (uint64_t)(uintptr_t)c;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return (size_t)h & mask;
}

/* Fills doc->by_comp once libical's components are paired with ours. */
static enum status index_comps(struct ics_doc *doc, struct diag *err)
{
    size_t n = 16;
    while (n <= 2 * doc->n_comps)
        n *= 2;
    doc->by_comp = malloc(n * sizeof *doc->by_comp);
    if (!doc->by_comp)
        return diag_set(err, STATUS_NOMEM, doc->name, 0, 0, NULL,
                        "out of memory");
    doc->n_by_comp = n;
    for (size_t i = 0; i < n; i++)
        doc->by_comp[i] = SIZE_MAX;
    for (size_t i = 0; i < doc->n_comps; i++) {
        size_t h = comp_hash(doc->comps[i].comp, n - 1);
        while (doc->by_comp[h] != SIZE_MAX)
            h = (h + 1) & (n - 1);
        doc->by_comp[h] = i;
    }
    return STATUS_OK;
}

static const struct ics_comp_info *info_of(const struct ics_doc *doc,
                                           const icalcomponent *c)
{
    if (!doc->by_comp || !c)
        return NULL;
    size_t mask = doc->n_by_comp - 1;
    for (size_t h = comp_hash(c, mask); doc->by_comp[h] != SIZE_MAX;
         h = (h + 1) & mask)
        if (doc->comps[doc->by_comp[h]].comp == c)
            return &doc->comps[doc->by_comp[h]];
    return NULL;
}

int ics_doc_line(const struct ics_doc *doc, const icalcomponent *c,
                 const char *prop_name)
{
    const struct ics_comp_info *ci = info_of(doc, c);
    if (!ci)
        return 0;
    if (prop_name)
        for (size_t i = 0; i < ci->n_props; i++)
            if (!strcasecmp(ci->props[i].name, prop_name))
                return ci->props[i].line;
    return ci->begin;
}

/* The first X-LIC-ERROR libical left anywhere, reported at the line whose
 * text it quotes (its messages end with ": <the text>"). */
static enum status libical_errors(struct ics_doc *doc, struct diag *err)
{
    for (size_t i = 0; i < doc->n_comps; i++) {
        icalcomponent *c = doc->comps[i].comp;
        if (!c)
            continue;
        icalproperty *p = icalcomponent_get_first_property(
            c, ICAL_XLICERROR_PROPERTY);
        if (!p)
            continue;
        const char *msg = icalproperty_get_xlicerror(p);
        if (!msg)
            msg = "unreadable content";
        /* Google writes empty properties ("DESCRIPTION:"); libical drops
         * them with this note.  An empty DTSTART is still caught later. */
        if (!strncmp(msg, "No value for ", 13)) {
            icalproperty *q = icalcomponent_get_next_property(
                c, ICAL_XLICERROR_PROPERTY);
            while (q && !strncmp(icalproperty_get_xlicerror(q) ?
                                     icalproperty_get_xlicerror(q) : "",
                                 "No value for ", 13))
                q = icalcomponent_get_next_property(c,
                                                    ICAL_XLICERROR_PROPERTY);
            if (!q)
                continue;
            p = q;
            msg = icalproperty_get_xlicerror(p);
            if (!msg)
                msg = "unreadable content";
        }
        const char *quote = strrchr(msg, ':');
        int line = doc->comps[i].begin;
        if (quote) {
            quote++;
            while (*quote == ' ')
                quote++;
            for (size_t j = doc->comps[i].begin_at;
                 *quote && j < doc->n_lines &&
                 doc->line_no[j] <= doc->comps[i].end; j++)
                if (strstr(doc->lines[j], quote)) {
                    line = doc->line_no[j];
                    break;
                }
        }
        return diag_set(err, STATUS_PARSE, doc->name, line, 0, NULL, "%s",
                        msg);
    }
    return STATUS_OK;
}

enum status ics_doc_parse(const char *text, const char *name,
                          struct ics_doc *doc, struct diag *err)
{
    memset(doc, 0, sizeof *doc);
    doc->name = name;
    enum status st = unfold(text, doc, err);
    if (st == STATUS_OK)
        st = prescan(doc, err);
    if (st == STATUS_OK) {
        icalerror_clear_errno();
        doc->root = icalparser_parse_string(text);
        if (!doc->root || icalerrno == ICAL_NEWFAILED_ERROR)
            st = diag_set(err, doc->root ? STATUS_NOMEM : STATUS_PARSE, name,
                          0, 0, NULL, "libical could not parse the file: %s",
                          icalerror_strerror(icalerrno));
        else if (icalcomponent_isa(doc->root) != ICAL_VCALENDAR_COMPONENT)
            st = diag_set(err, STATUS_PARSE, name, 1, 1, NULL,
                          "expected a VCALENDAR");
    }
    if (st == STATUS_OK) {
        size_t k = 0;
        pair(doc, doc->root, &k);
        if (k != doc->n_comps)
            st = diag_set(err, STATUS_PARSE, name, 0, 0, NULL,
                          "libical read %zu components where the text has "
                          "%zu: the file is malformed", k, doc->n_comps);
        else
            st = index_comps(doc, err);
    }
    if (st == STATUS_OK)
        st = libical_errors(doc, err);
    if (st != STATUS_OK) {
        ics_doc_free(doc);
        doc->name = name;
    }
    return st;
}

/* Windows zone names (what Outlook writes in TZID when it does not embed
 * a VTIMEZONE) to Olson names, after Unicode CLDR windowsZones.xml
 * (territory 001), for France, its neighbours and the overseas
 * departments. */
static const struct {
    const char *windows, *olson;
} windows_zones[] = {
    {"Romance Standard Time", "Europe/Paris"},
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"GMT Standard Time", "Europe/London"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"E. Europe Standard Time", "Europe/Chisinau"},
    {"FLE Standard Time", "Europe/Kiev"},
    {"GTB Standard Time", "Europe/Bucharest"},
    {"Morocco Standard Time", "Africa/Casablanca"},
    {"W. Central Africa Standard Time", "Africa/Lagos"},
    {"SA Western Standard Time", "America/La_Paz"},
    {"SA Eastern Standard Time", "America/Cayenne"},
    {"Arabian Standard Time", "Asia/Dubai"},
    {"Mauritius Standard Time", "Indian/Mauritius"},
    {"Eastern Standard Time", "America/New_York"},
    {"Pacific Standard Time", "America/Los_Angeles"},
};

static icaltimezone *utc_if_utc(const char *tzid)
{
    static const char *const names[] = {
        "UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z", "Coordinated Universal Time",
        "UTC Standard Time",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(tzid, names[i]))
            return icaltimezone_get_utc_timezone();
    return NULL;
}

icaltimezone *ics_paris(void)
{
    return icaltimezone_get_builtin_timezone("Europe/Paris");
}

icaltimezone *ics_doc_zone(const struct ics_doc *doc, const char *tzid)
{
    if (!tzid || !*tzid)
        return NULL;
    icaltimezone *z = doc && doc->root
                          ? icalcomponent_get_timezone(doc->root, tzid)
                          : NULL;
    if (z)
        return z;
    if ((z = utc_if_utc(tzid)))
        return z;
    for (size_t i = 0; i < sizeof windows_zones / sizeof *windows_zones; i++)
        if (!strcasecmp(tzid, windows_zones[i].windows))
            return icaltimezone_get_builtin_timezone(windows_zones[i].olson);
    /* Outlook's display names, "(UTC+01:00) Brussels, Copenhagen, Madrid,
     * Paris", when the VTIMEZONE was not embedded. */
    if (strstr(tzid, "Paris"))
        return ics_paris();
    const char *olson = tzid;
    static const char *const prefixes[] = {
        "/freeassociation.sourceforge.net/Tzfile/",
        "/freeassociation.sourceforge.net/",
        "/citadel.org/",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (!strncmp(olson, prefixes[i], strlen(prefixes[i]))) {
            olson += strlen(prefixes[i]);
            break;
        }
    /* Builtin lookup only for plausible Olson names: libical logs to
     * stderr on unknown ones in some builds. */
    if (!strchr(olson, '/'))
        return NULL;
    return icaltimezone_get_builtin_timezone(olson);
}

enum status ics_doc_time(const struct ics_doc *doc, icalcomponent *c,
                         icalproperty *p, const char *what,
                         struct icaltimetype *out, struct diag *err)
{
    int line = ics_doc_line(doc, c, what);
    icalvalue *v = icalproperty_get_value(p);
    if (!v)
        return diag_set(err, STATUS_PARSE, doc->name, line, 0, what,
                        "%s has no value", what);
    icalvalue_kind k = icalvalue_isa(v);
    if (k != ICAL_DATETIME_VALUE && k != ICAL_DATE_VALUE)
        return diag_set(err, STATUS_PARSE, doc->name, line, 0, what,
                        "%s must be a date or a date-time", what);
    struct icaltimetype t = icalvalue_get_datetime(v);
    if (icaltime_is_null_time(t) || !icaltime_is_valid_time(t))
        return diag_set(err, STATUS_PARSE, doc->name, line, 0, what,
                        "%s is not a valid date or date-time", what);
    if (t.year < ICS_YEAR_MIN || t.year > ICS_YEAR_MAX)
        return diag_set(err, STATUS_INVALID, doc->name, line, 0, what,
                        "%s is in year %04d: expected a date from %d to %d "
                        "(a broken export?)", what, t.year, ICS_YEAR_MIN,
                        ICS_YEAR_MAX);
    if (t.is_date) {
        t.zone = NULL;
        *out = t;
        return STATUS_OK;
    }
    icalparameter *tz = icalproperty_get_first_parameter(p,
                                                         ICAL_TZID_PARAMETER);
    icaltimezone *zone;
    if (icaltime_is_utc(t)) {
        zone = icaltimezone_get_utc_timezone();
    } else if (tz) {
        const char *tzid = icalparameter_get_tzid(tz);
        zone = ics_doc_zone(doc, tzid);
        if (!zone)
            return diag_set(err, STATUS_PARSE, doc->name, line, 0, "TZID",
                            "unknown time zone \"%s\" in %s: the file has no "
                            "VTIMEZONE for it and it is not an Olson or "
                            "Windows zone name we know", tzid ? tzid : "",
                            what);
    } else {
        /* Floating time: the wall clock of whoever wrote it, in France. */
        zone = ics_paris();
    }
    t = icaltime_set_timezone(&t, zone);
    *out = t;
    return STATUS_OK;
}

long long ics_local_minutes(struct icaltimetype t)
{
    if (!t.is_date)
        t = icaltime_convert_to_zone(t, ics_paris());
    long long days = model_date_to_days(
        (struct model_date){t.year, t.month, t.day});
    if (t.is_date)
        return days * 1440;
    return days * 1440 + t.hour * 60 + t.minute;
}
