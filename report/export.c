/* export.c -- a plan as CSV or JSON, and a hand-edited CSV plan read back.
 *
 * Output (docs/output-formats.md): one row / object per session, sorted by
 * (date, start, service id, site id, uid) so two exports of the same plan
 * are byte-identical.  CSV is UTF-8 without BOM, comma-separated, RFC 4180
 * quoting (only fields that need it), LF line ends: what spreadsheets,
 * Python's csv module and `sqlite3 .import` all read.  JSON is one
 * document, UTF-8, strings escaped per RFC 8259 (invalid UTF-8 bytes from
 * a model become U+FFFD so the document always parses), and numbers that
 * are not finite become null.
 *
 * Input (export_read_csv): the same columns, as a coordinator edited them
 * in LibreOffice or Excel and saved again.  Those programs add a BOM,
 * switch to ';' (French locale) or tab, write CRLF and quote freely, so
 * the reader accepts all of that; libcsv does the tokenising.  Line
 * numbers in messages are physical lines of the file: the file is fed to
 * libcsv one physical line at a time, and a record's line is the line on
 * which its first field ends minus the line breaks inside that field.
 * Every bad cell is reported (a coordinator fixes them all in one go),
 * then nothing is returned.
 *
 * Files are written atomically (export_write_path, through calendars'
 * cal_file writer), so a feed server or a coordinator never sees half a
 * file and a failed export leaves the previous one in place.
 */
#include "report.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Order and cell text shared by both writers                          */
/* ------------------------------------------------------------------ */

struct row {
    const struct model_session *s;
    const char *service, *site;   /* ids, for the sort */
};

static int row_cmp(const void *pa, const void *pb)
{
    const struct row *a = pa, *b = pb;
    if (a->s->day != b->s->day)
        return a->s->day < b->s->day ? -1 : 1;
    if (a->s->start != b->s->start)
        return a->s->start < b->s->start ? -1 : 1;
    int c = strcmp(a->service, b->service);
    if (c)
        return c;
    c = strcmp(a->site, b->site);
    if (c)
        return c;
    return strcmp(a->s->uid, b->s->uid);
}

/* Sorted rows; sessions referring to nothing in the model are refused:
 * an export must name real things. */
static enum status sorted_rows(const struct model *m,
                               const struct model_plan *p, struct row **out,
                               struct diag *err)
{
    *out = NULL;
    struct row *rows = malloc((p->n_sessions ? p->n_sessions : 1) * sizeof *rows);
    if (!rows)
        return diag_set(err, STATUS_NOMEM, "", 0, 0, NULL,
                        "out of memory exporting %zu sessions", p->n_sessions);
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *s = &p->sessions[i];
        bool bad = s->service < 0 || (size_t)s->service >= m->n_services ||
                   s->site < 0 || (size_t)s->site >= m->n_sites ||
                   s->vehicle < -1 ||
                   (s->vehicle >= 0 && (size_t)s->vehicle >= m->n_vehicles) ||
                   s->n_staff < 0 || s->n_staff > MODEL_MAX_TEAM;
        for (int k = 0; !bad && k < s->n_staff; k++)
            bad = s->staff[k] < 0 || (size_t)s->staff[k] >= m->n_staff;
        if (bad) {
            free(rows);
            return diag_set(err, STATUS_INVALID, "", 0, 0, NULL,
                            "session %s refers to a service, site, staff "
                            "member or vehicle that is not in the territory",
                            s->uid);
        }
        rows[i].s = s;
        rows[i].service = m->services[s->service].id;
        rows[i].site = m->sites[s->site].id;
    }
    if (p->n_sessions > 1)
        qsort(rows, p->n_sessions, sizeof *rows, row_cmp);
    *out = rows;
    return STATUS_OK;
}

static void hhmm(int minutes, char buf[8])
{
    if (minutes < 0 || minutes > 1440)
        minutes = minutes < 0 ? 0 : 1440;
    snprintf(buf, 8, "%02d:%02d", minutes / 60, minutes % 60);
}

static const char *status_text(enum model_session_status st)
{
    return st == SESSION_CANCELLED ? "cancelled" : "confirmed";
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static void csv_cell(FILE *out, const char *v, bool last)
{
    /* RFC 4180: quote when the field holds the separator, a quote or a
     * line break; also leading/trailing spaces, which spreadsheets trim. */
    size_t n = strlen(v);
    bool q = strpbrk(v, ",\"\r\n") != NULL ||
             (n && (v[0] == ' ' || v[n - 1] == ' '));
    if (q) {
        fputc('"', out);
        for (const char *c = v; *c; c++) {
            if (*c == '"')
                fputc('"', out);
            fputc(*c, out);
        }
        fputc('"', out);
    } else {
        fputs(v, out);
    }
    fputc(last ? '\n' : ',', out);
}

static void staff_joined(const struct model *m, const struct model_session *s,
                         char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int k = 0; k < s->n_staff && n < size; k++) {
        int w = snprintf(buf + n, size - n, "%s%s", k ? "+" : "",
                         m->staff[s->staff[k]].id);
        if (w > 0)
            n += (size_t)w;
    }
}

enum status export_csv(const struct model *m, const struct model_plan *p,
                       FILE *out, struct diag *err)
{
    struct row *rows;
    enum status st = sorted_rows(m, p, &rows, err);
    if (st != STATUS_OK)
        return st;
    fputs("uid,service,site,commune_insee,date,start,end,staff,vehicle,"
          "status,service_name,site_name,commune\n", out);
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *s = rows[i].s;
        const struct model_site *site = &m->sites[s->site];
        const struct model_commune *c =
            site->commune >= 0 && (size_t)site->commune < m->n_communes
                ? &m->communes[site->commune] : NULL;
        char date[11], t0[8], t1[8], staff[MODEL_MAX_TEAM * 130];
        model_date_iso(s->day, date);
        hhmm(s->start, t0);
        hhmm(s->end, t1);
        staff_joined(m, s, staff, sizeof staff);
        csv_cell(out, s->uid, false);
        csv_cell(out, m->services[s->service].id, false);
        csv_cell(out, site->id, false);
        csv_cell(out, c ? c->insee : "", false);
        csv_cell(out, date, false);
        csv_cell(out, t0, false);
        csv_cell(out, t1, false);
        csv_cell(out, staff, false);
        csv_cell(out, s->vehicle >= 0 ? m->vehicles[s->vehicle].id : "", false);
        csv_cell(out, status_text(s->status), false);
        csv_cell(out, m->services[s->service].name, false);
        csv_cell(out, site->name, false);
        csv_cell(out, c ? c->name : "", true);
    }
    free(rows);
    if (ferror(out))
        return diag_set(err, STATUS_IO, "", 0, 0, NULL,
                        "could not write the CSV export: %s", strerror(errno));
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

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

static void json_str(FILE *out, const char *v)
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

static void json_num(FILE *out, double v)
{
    if (!isfinite(v)) {
        fputs("null", out);
        return;
    }
    /* Shortest of %.15g / %.17g that reads back exactly. */
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, out);
}

enum status export_json(const struct model *m, const struct model_plan *p,
                        FILE *out, struct diag *err)
{
    struct row *rows;
    enum status st = sorted_rows(m, p, &rows, err);
    if (st != STATUS_OK)
        return st;
    char d0[11], d1[11];
    model_date_iso(p->horizon_start, d0);
    model_date_iso(p->horizon_end, d1);
    fputs("{\n  \"territory\": ", out);
    json_str(out, m->settings.name);
    fprintf(out, ",\n  \"plan_id\": %lld,\n  \"horizon\": {\"start\": \"%s\", "
            "\"end\": \"%s\"},\n  \"solver\": {\"status\": ",
            p->id, d0, d1);
    json_str(out, p->solver_status);
    fputs(", \"objective\": ", out);
    json_num(out, p->objective);
    fputs(", \"bound\": ", out);
    json_num(out, p->bound);
    fputs(", \"gap\": ", out);
    json_num(out, p->gap);
    fputs(", \"seconds\": ", out);
    json_num(out, p->seconds);
    fprintf(out, ", \"time_limit_hit\": %s},\n  \"sessions\": [",
            p->time_limit_hit ? "true" : "false");
    for (size_t i = 0; i < p->n_sessions; i++) {
        const struct model_session *s = rows[i].s;
        const struct model_site *site = &m->sites[s->site];
        const struct model_service *sv = &m->services[s->service];
        const struct model_commune *c =
            site->commune >= 0 && (size_t)site->commune < m->n_communes
                ? &m->communes[site->commune] : NULL;
        char date[11], t0[8], t1[8];
        model_date_iso(s->day, date);
        hhmm(s->start, t0);
        hhmm(s->end, t1);
        fputs(i ? ",\n    {\"uid\": " : "\n    {\"uid\": ", out);
        json_str(out, s->uid);
        fputs(", \"service\": ", out);
        json_str(out, sv->id);
        fputs(", \"service_name\": ", out);
        json_str(out, sv->name);
        fputs(", \"site\": ", out);
        json_str(out, site->id);
        fputs(", \"site_name\": ", out);
        json_str(out, site->name);
        fputs(", \"commune_insee\": ", out);
        json_str(out, c ? c->insee : "");
        fputs(", \"commune\": ", out);
        json_str(out, c ? c->name : "");
        fprintf(out, ", \"date\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", "
                "\"staff\": [", date, t0, t1);
        for (int k = 0; k < s->n_staff; k++) {
            if (k)
                fputs(", ", out);
            json_str(out, m->staff[s->staff[k]].id);
        }
        fputs("], \"vehicle\": ", out);
        if (s->vehicle >= 0)
            json_str(out, m->vehicles[s->vehicle].id);
        else
            fputs("null", out);
        fprintf(out, ", \"status\": \"%s\", \"sequence\": %d}",
                status_text(s->status), s->sequence);
    }
    fputs(p->n_sessions ? "\n  ]\n}\n" : "]\n}\n", out);
    free(rows);
    if (ferror(out))
        return diag_set(err, STATUS_IO, "", 0, 0, NULL,
                        "could not write the JSON export: %s", strerror(errno));
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Atomic files                                                        */
/* ------------------------------------------------------------------ */

static enum status write_to(const struct model *m, const struct model_plan *p,
                            enum export_format format, FILE *f,
                            struct diag *err)
{
    return format == EXPORT_JSON ? export_json(m, p, f, err)
                                 : export_csv(m, p, f, err);
}

enum status export_write_path(const struct model *m,
                              const struct model_plan *p,
                              enum export_format format, const char *path,
                              struct diag *err)
{
    if (!strcmp(path, "-")) {
        enum status st = write_to(m, p, format, stdout, err);
        if (st == STATUS_OK && fflush(stdout) != 0)
            st = diag_set(err, STATUS_IO, "-", 0, 0, NULL,
                          "could not write to standard output: %s",
                          strerror(errno));
        return st;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    struct cal_file *f = NULL;
    enum status st = cal_file_sweep(dir, NULL, err);
    if (st == STATUS_OK)
        st = cal_file_open(path, &f, err);
    if (st != STATUS_OK)
        return st;
    st = write_to(m, p, format, cal_file_stream(f), err);
    if (st != STATUS_OK) {
        cal_file_abort(f);
        if (err && err->file[0] == '\0')
            snprintf(err->file, sizeof err->file, "%s", path);
        return st;
    }
    return cal_file_commit(f, err);
}

/* ------------------------------------------------------------------ */
/* Reading a hand-edited CSV plan                                      */
/* ------------------------------------------------------------------ */

enum col {
    C_UID = 0, C_SERVICE, C_SITE, C_COMMUNE, C_DATE, C_START, C_END,
    C_STAFF, C_VEHICLE, C_STATUS, C_COUNT
};
static const char *const col_names[C_COUNT] = {
    "uid", "service", "site", "commune_insee", "date", "start", "end",
    "staff", "vehicle", "status",
};
static const bool col_required[C_COUNT] = {
    true, true, true, false, true, true, true, true, false, false,
};

struct uid_line {
    const char *uid;   /* points into the plan's session */
    int line;
};

struct reader {
    const struct model *m;
    const char *path;
    struct diag_list *pr;
    char **fields;
    size_t nf, capf;
    int line;            /* physical line being fed */
    int rec_line;        /* first line of the current record */
    bool header_done, stop;
    int col[C_COUNT];    /* field index of each known column, -1 */
    size_t n_header;
    struct model_plan *plan;
    int *lines;          /* line of each session, parallel to plan */
    size_t cap_lines;
    bool nomem;
};

static void problem(struct reader *r, int line, int col, const char *field,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void problem(struct reader *r, int line, int col, const char *field,
                    const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_list_add(r->pr, STATUS_INVALID, r->path, line, col, field, "%s", msg);
}

static void on_field(void *s, size_t len, void *data)
{
    struct reader *r = data;
    if (r->nomem || r->stop)
        return;
    if (r->nf == 0) {
        int nl = 0;
        for (size_t i = 0; i < len; i++)
            nl += ((const char *)s)[i] == '\n';
        r->rec_line = r->line - nl;
    }
    if (r->nf == r->capf) {
        size_t cap = r->capf ? r->capf * 2 : 16;
        char **f = realloc(r->fields, cap * sizeof *f);
        if (!f) {
            r->nomem = true;
            return;
        }
        r->fields = f;
        r->capf = cap;
    }
    char *v = malloc(len + 1);
    if (!v) {
        r->nomem = true;
        return;
    }
    if (len)
        memcpy(v, s, len);
    v[len] = '\0';
    /* Trim the spaces spreadsheets and hands leave around cells. */
    char *a = v;
    while (*a && isspace((unsigned char)*a))
        a++;
    size_t n = strlen(a);
    while (n && isspace((unsigned char)a[n - 1]))
        n--;
    memmove(v, a, n);
    v[n] = '\0';
    r->fields[r->nf++] = v;
}

static void clear_fields(struct reader *r)
{
    for (size_t i = 0; i < r->nf; i++)
        free(r->fields[i]);
    r->nf = 0;
}

static const char *cell(const struct reader *r, enum col c)
{
    int i = r->col[c];
    return i >= 0 && (size_t)i < r->nf ? r->fields[i] : "";
}

static void do_header(struct reader *r)
{
    r->header_done = true;
    r->n_header = r->nf;
    for (int c = 0; c < C_COUNT; c++)
        r->col[c] = -1;
    for (size_t i = 0; i < r->nf; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s", r->fields[i]);
        for (char *q = name; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        for (int c = 0; c < C_COUNT; c++) {
            if (strcmp(name, col_names[c]))
                continue;
            if (r->col[c] >= 0)
                problem(r, r->rec_line, (int)i + 1, col_names[c],
                        "column \"%s\" appears twice (columns %d and %zu)",
                        col_names[c], r->col[c] + 1, i + 1);
            else
                r->col[c] = (int)i;
        }
    }
    for (int c = 0; c < C_COUNT; c++)
        if (col_required[c] && r->col[c] < 0) {
            problem(r, r->rec_line, 0, col_names[c],
                    "missing required column \"%s\": the header must name "
                    "uid, service, site, date, start, end and staff "
                    "(vehicle, status and commune_insee are optional)",
                    col_names[c]);
            r->stop = true;
        }
}

/* HH:MM (also H:MM, HH:MM:00 as spreadsheets re-save times, and 9h30). */
static bool parse_time(const char *s, bool allow_24, int *out)
{
    int h = 0, mi = 0, nd = 0;
    const char *q = s;
    while (isdigit((unsigned char)*q) && nd < 2) {
        h = h * 10 + (*q++ - '0');
        nd++;
    }
    if (nd == 0 || (*q != ':' && *q != 'h' && *q != 'H'))
        return false;
    char sep = *q++;
    if (*q == '\0' && sep != ':') {
        mi = 0;   /* "9h" */
    } else {
        if (!isdigit((unsigned char)q[0]) || !isdigit((unsigned char)q[1]))
            return false;
        mi = (q[0] - '0') * 10 + (q[1] - '0');
        q += 2;
        if (*q == ':') {
            if (strcmp(q, ":00"))
                return false;
            q += 3;
        }
        if (*q)
            return false;
    }
    if (mi > 59 || h > 24 || (h == 24 && (mi || !allow_24)))
        return false;
    *out = h * 60 + mi;
    return true;
}

static int lines_push(struct reader *r, int line)
{
    if (r->plan->n_sessions > r->cap_lines) {
        size_t cap = r->cap_lines ? r->cap_lines * 2 : 64;
        while (cap < r->plan->n_sessions)
            cap *= 2;
        int *l = realloc(r->lines, cap * sizeof *l);
        if (!l)
            return -1;
        r->lines = l;
        r->cap_lines = cap;
    }
    r->lines[r->plan->n_sessions - 1] = line;
    return 0;
}

static void do_row(struct reader *r)
{
    const struct model *m = r->m;
    int line = r->rec_line;
    bool empty = true;
    for (size_t i = 0; i < r->nf && empty; i++)
        empty = r->fields[i][0] == '\0';
    if (empty)   /* ";;;;;" rows that spreadsheets leave at the end */
        return;
    if (r->nf > r->n_header) {
        bool extra = false;
        for (size_t i = r->n_header; i < r->nf; i++)
            extra = extra || r->fields[i][0];
        if (extra)
            diag_list_add(r->pr, STATUS_OK, r->path, line, (int)r->n_header + 1,
                          NULL, "the row has %zu cells but the header only %zu "
                          "columns; the cells past the header are ignored "
                          "(a separator inside an unquoted cell?)",
                          r->nf, r->n_header);
    }
#define COLNO(c) (r->col[c] + 1)
    size_t before = diag_list_errors(r->pr);
    struct model_session s;
    memset(&s, 0, sizeof s);
    s.vehicle = -1;

    const char *v = cell(r, C_SERVICE);
    s.service = v[0] ? model_find_service(m, v) : -1;
    if (!v[0])
        problem(r, line, COLNO(C_SERVICE), "service",
                "empty cell: expected a service id");
    else if (s.service < 0)
        problem(r, line, COLNO(C_SERVICE), "service",
                "unknown service \"%s\": expected a service id of the "
                "territory", v);

    v = cell(r, C_SITE);
    s.site = v[0] ? model_find_site(m, v) : -1;
    if (!v[0])
        problem(r, line, COLNO(C_SITE), "site",
                "empty cell: expected a site id");
    else if (s.site < 0)
        problem(r, line, COLNO(C_SITE), "site",
                "unknown site \"%s\": expected a site id of the territory", v);

    v = cell(r, C_COMMUNE);
    if (v[0] && s.site >= 0) {
        int c = m->sites[s.site].commune;
        if (c >= 0 && (size_t)c < m->n_communes &&
            strcmp(m->communes[c].insee, v))
            diag_list_add(r->pr, STATUS_OK, r->path, line, COLNO(C_COMMUNE),
                          "commune_insee", "\"%s\" is not the commune of site "
                          "%s (%s, %s); the site decides where the session "
                          "is, this cell is ignored", v, m->sites[s.site].id,
                          m->communes[c].insee, m->communes[c].name);
    }

    v = cell(r, C_DATE);
    if (!model_date_parse(v, &s.day))
        problem(r, line, COLNO(C_DATE), "date",
                "\"%s\" is not a date: expected YYYY-MM-DD (or DD/MM/YYYY)",
                v);

    bool times_ok = true;
    v = cell(r, C_START);
    if (!parse_time(v, false, &s.start)) {
        problem(r, line, COLNO(C_START), "start",
                "\"%s\" is not a time: expected HH:MM", v);
        times_ok = false;
    }
    v = cell(r, C_END);
    if (!parse_time(v, true, &s.end)) {
        problem(r, line, COLNO(C_END), "end",
                "\"%s\" is not a time: expected HH:MM", v);
        times_ok = false;
    }
    if (times_ok && s.end <= s.start) {
        char a[8], b[8];
        hhmm(s.start, a);
        hhmm(s.end, b);
        problem(r, line, COLNO(C_END), "end",
                "end %s is not after start %s", b, a);
    }

    v = cell(r, C_STAFF);
    const char *q = v;
    while (*q) {
        const char *plus = strchr(q, '+');
        size_t len = plus ? (size_t)(plus - q) : strlen(q);
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(len < 255 ? len : 255), q);
        char *a = id;
        while (*a == ' ')
            a++;
        size_t n = strlen(a);
        while (n && a[n - 1] == ' ')
            a[--n] = '\0';
        int k = n ? model_find_staff(m, a) : -1;
        if (!n)
            problem(r, line, COLNO(C_STAFF), "staff",
                    "empty staff id in \"%s\": expected ids joined with '+' "
                    "(S1+S2)", v);
        else if (k < 0)
            problem(r, line, COLNO(C_STAFF), "staff",
                    "unknown staff \"%s\" in \"%s\"", a, v);
        else if (s.n_staff == MODEL_MAX_TEAM)
            problem(r, line, COLNO(C_STAFF), "staff",
                    "more than %d staff members in \"%s\"", MODEL_MAX_TEAM, v);
        else
            s.staff[s.n_staff++] = k;
        if (!plus)
            break;
        q = plus + 1;
        if (!*q)
            problem(r, line, COLNO(C_STAFF), "staff",
                    "\"%s\" ends with '+': expected another staff id", v);
    }

    v = cell(r, C_VEHICLE);
    if (v[0]) {
        s.vehicle = model_find_vehicle(m, v);
        if (s.vehicle < 0)
            problem(r, line, COLNO(C_VEHICLE), "vehicle",
                    "unknown vehicle \"%s\": expected a vehicle id of the "
                    "territory or an empty cell", v);
    }

    v = cell(r, C_STATUS);
    if (!v[0] || !strcasecmp(v, "confirmed"))
        s.status = SESSION_CONFIRMED;
    else if (!strcasecmp(v, "cancelled"))
        s.status = SESSION_CANCELLED;
    else
        problem(r, line, COLNO(C_STATUS), "status",
                "status \"%s\" is not confirmed or cancelled", v);

    v = cell(r, C_UID);
    if (strlen(v) >= sizeof s.uid)
        problem(r, line, COLNO(C_UID), "uid",
                "uid is %zu bytes long: at most %zu", strlen(v),
                sizeof s.uid - 1);
    else if (v[0])
        snprintf(s.uid, sizeof s.uid, "%s", v);

    if (diag_list_errors(r->pr) != before)
        return;
    if (!s.uid[0]) {
        /* A row the coordinator added: a uid that depends only on what
         * the session is, so re-reading the file gives the same one. */
        char date[11];
        model_date_iso(s.day, date);
        snprintf(s.uid, sizeof s.uid, "manual-%.40s-%.40s-%s-%02d%02d",
                 m->services[s.service].id, m->sites[s.site].id, date,
                 s.start / 60, s.start % 60);
    }
    if (model_plan_add(r->plan, &s) != STATUS_OK || lines_push(r, line) != 0)
        r->nomem = true;
#undef COLNO
}

static void on_record(int c, void *data)
{
    (void)c;
    struct reader *r = data;
    if (!r->nomem && !r->stop) {
        if (!r->header_done)
            do_header(r);
        else
            do_row(r);
    }
    clear_fields(r);
}

static int uid_cmp(const void *pa, const void *pb)
{
    const struct uid_line *a = pa, *b = pb;
    int c = strcmp(a->uid, b->uid);
    if (c)
        return c;
    return (a->line > b->line) - (a->line < b->line);
}

static void check_duplicates(struct reader *r)
{
    size_t n = r->plan->n_sessions;
    if (n < 2)
        return;
    struct uid_line *u = malloc(n * sizeof *u);
    if (!u) {
        r->nomem = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        u[i].uid = r->plan->sessions[i].uid;
        u[i].line = r->lines[i];
    }
    qsort(u, n, sizeof *u, uid_cmp);
    for (size_t i = 1; i < n; i++) {
        size_t j = i;
        while (j > 0 && !strcmp(u[j - 1].uid, u[i].uid))
            j--;
        if (j != i)
            problem(r, u[i].line, r->col[C_UID] + 1, "uid",
                    "duplicate uid \"%s\": already on line %d", u[i].uid,
                    u[j].line);
    }
    free(u);
}

/* The separator most used on the header line, outside quotes. */
static unsigned char guess_delim(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r'));
         i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += s[i] == ',', semi += s[i] == ';', tab += s[i] == '\t';
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

/* Offset of the first byte that is not UTF-8, or len.  The buffer is
 * followed by zero padding (read_file), so utf8_len never reads past it. */
static size_t first_bad_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = s[i] ? utf8_len((const unsigned char *)s + i) : 0;
        if (n == 0 || i + n > len)
            return i;
        i += n;
    }
    return len;
}

static enum status read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return STATUS_IO;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 4096 + 8 > cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, 4096, f);
        n += k;
        if (k < 4096)
            break;
    }
    bool bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return buf ? STATUS_IO : STATUS_NOMEM;
    }
    memset(buf + n, 0, 8);   /* utf8_len may look 3 bytes ahead */
    *out = buf;
    *len = n;
    return STATUS_OK;
}

enum status export_read_csv(const struct model *m, const char *path,
                            struct model_plan **out,
                            struct diag_list *problems)
{
    *out = NULL;
    char *text;
    size_t len;
    enum status st = read_file(path, &text, &len);
    if (st != STATUS_OK) {
        diag_list_add(problems, st, path, 0, 0, NULL, "cannot read: %s",
                      st == STATUS_NOMEM ? "out of memory" : strerror(errno));
        return st;
    }
    size_t errors_before = diag_list_errors(problems);
    struct reader r;
    memset(&r, 0, sizeof r);
    r.m = m;
    r.path = path;
    r.pr = problems;
    r.plan = model_plan_new();
    if (!r.plan) {
        free(text);
        diag_list_add(problems, STATUS_NOMEM, path, 0, 0, NULL,
                      "out of memory");
        return STATUS_NOMEM;
    }
    snprintf(r.plan->solver_status, sizeof r.plan->solver_status, "manual");

    const char *s = text;
    size_t n = len;
    if (n >= 2 && ((unsigned char)s[0] == 0xff || (unsigned char)s[0] == 0xfe) &&
        ((unsigned char)s[1] == 0xfe || (unsigned char)s[1] == 0xff)) {
        problem(&r, 1, 0, NULL, "the file is UTF-16 (\"Unicode text\"); save "
                "it as \"CSV UTF-8\" (comma or semicolon separated)");
        n = 0;
    } else if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
        s += 3;   /* the BOM Excel writes in "CSV UTF-8" */
        n -= 3;
    }
    size_t blank = 0;
    while (blank < n && isspace((unsigned char)s[blank]))
        blank++;
    if (blank == n && diag_list_errors(problems) == errors_before)
        problem(&r, 1, 0, NULL, "empty file: expected a header line "
                "uid,service,site,commune_insee,date,start,end,staff,vehicle,"
                "status and one line per session");

    size_t bad = first_bad_utf8(s, n);
    if (bad < n) {
        int bl = 1;
        for (size_t i = 0; i < bad; i++)
            bl += s[i] == '\n';
        diag_list_add(problems, STATUS_OK, path, bl, 0, NULL,
                      "the file is not UTF-8 (byte 0x%02x); ids with accents "
                      "will not match: save it as \"CSV UTF-8\"",
                      (unsigned char)s[bad]);
    }

    struct csv_parser cp;
    if (blank < n && csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) == 0) {
        csv_set_delim(&cp, guess_delim(s, n));
        size_t pos = 0;
        r.line = 0;
        while (pos < n && !r.nomem && !r.stop) {
            const char *nl = memchr(s + pos, '\n', n - pos);
            size_t chunk = nl ? (size_t)(nl - (s + pos)) + 1 : n - pos;
            r.line++;
            if (csv_parse(&cp, s + pos, chunk, on_field, on_record, &r) !=
                chunk) {
                problem(&r, r.line, 0, NULL, "malformed quoting: a quote "
                        "inside a cell that does not start with a quote, or "
                        "text after a closing quote (quote the whole cell and "
                        "double the quotes inside it)");
                r.stop = true;
            }
            pos += chunk;
        }
        if (!r.stop && !r.nomem &&
            csv_fini(&cp, on_field, on_record, &r) != 0)
            problem(&r, r.line, 0, NULL,
                    "the file ends inside a quoted cell: a closing quote is "
                    "missing");
        csv_free(&cp);
        clear_fields(&r);
    } else if (blank < n) {
        r.nomem = true;
    }
    free(r.fields);

    if (!r.nomem)
        check_duplicates(&r);
    free(r.lines);
    free(text);
    if (r.nomem) {
        model_plan_free(r.plan);
        diag_list_add(problems, STATUS_NOMEM, path, 0, 0, NULL,
                      "out of memory reading the plan");
        return STATUS_NOMEM;
    }
    diag_list_sort(problems);   /* reading order for the coordinator */
    if (diag_list_errors(problems) != errors_before) {
        model_plan_free(r.plan);
        return STATUS_INVALID;
    }
    /* The horizon of a hand-made plan is what it covers; `planner verify`
     * replaces it with the stored plan's horizon when there is one. */
    struct model_plan *p = r.plan;
    for (size_t i = 0; i < p->n_sessions; i++) {
        int d = p->sessions[i].day;
        if (i == 0 || d < p->horizon_start)
            p->horizon_start = d;
        if (i == 0 || d > p->horizon_end)
            p->horizon_end = d;
    }
    model_plan_sort(p);
    *out = p;
    return STATUS_OK;
}
