/* export.c -- a plan as CSV or JSON, and a hand-edited CSV plan read back.
 *
 * Output (docs/output-formats.md): one row / object per session, sorted by
 * (date, start, service id, site id, uid) so two exports of the same plan
 * are byte-identical.  CSV comes in two dialects (enum export_dialect):
 * standard is UTF-8 without BOM, comma-separated, RFC 4180 quoting (only
 * fields that need it), LF line ends: what LibreOffice, Python's csv
 * module and `sqlite3 .import` read; excel-fr is what French Excel opens
 * with a double click: a UTF-8 byte order mark, ';', CRLF, and decimal
 * commas (sessions.csv holds no decimal number today: times are HH:MM).
 * One cell writer serves both (csv_out.c).  JSON is one document,
 * UTF-8, strings escaped per RFC 8259 (invalid UTF-8 bytes from a model
 * become U+FFFD so the document always parses), and numbers that are not
 * finite become null.
 *
 * Input (export_read_csv): the same columns, as a coordinator edited them
 * in LibreOffice or Excel and saved again, in either dialect or what those
 * programs make of it (BOM, ';' or tab, CRLF, quotes everywhere,
 * Windows-1252).  The bytes are models' one CSV reader's business
 * (csv_table_read: encodings, separators, quoting, the line of each
 * record); this file only gives the cells their meaning.  Every bad cell
 * is reported (a coordinator fixes them all in one go), then nothing is
 * returned.
 *
 * Files are written atomically (export_write_path, through calendars'
 * cal_file writer), so a feed server or a coordinator never sees half a
 * file and a failed export leaves the previous one in place.
 */
#include "report_int.h"

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

static const char *status_text(enum model_session_status st)
{
    return st == SESSION_CANCELLED ? "cancelled" : "confirmed";
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

bool export_dialect_parse(const char *name, enum export_dialect *out)
{
    if (!strcmp(name, "standard"))
        *out = EXPORT_DIALECT_STANDARD;
    else if (!strcmp(name, "excel-fr"))
        *out = EXPORT_DIALECT_EXCEL_FR;
    else
        return false;
    return true;
}

const char *export_dialect_name(enum export_dialect d)
{
    return d == EXPORT_DIALECT_EXCEL_FR ? "excel-fr" : "standard";
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

/* The columns, in the order docs/output-formats.md promises. */
static const char *const columns[] = {
    "uid", "service", "site", "commune_insee", "date", "start", "end",
    "staff", "vehicle", "status", "service_name", "site_name", "commune",
};
#define N_COLUMNS (sizeof columns / sizeof *columns)

static void put_row(FILE *out, const struct report_csv_style *cs,
                    const struct model *m, const struct model_session *s)
{
    const struct model_site *site = &m->sites[s->site];
    const struct model_commune *c =
        site->commune >= 0 && (size_t)site->commune < m->n_communes
            ? &m->communes[site->commune] : NULL;
    char date[11], t0[8], t1[8], staff[MODEL_MAX_TEAM * 130];
    model_date_iso(s->day, date);
    report_hhmm(s->start, t0);
    report_hhmm(s->end, t1);
    staff_joined(m, s, staff, sizeof staff);
    const char *cells[N_COLUMNS] = {
        s->uid, m->services[s->service].id, site->id, c ? c->insee : "",
        date, t0, t1, staff,
        s->vehicle >= 0 ? m->vehicles[s->vehicle].id : "",
        status_text(s->status), m->services[s->service].name, site->name,
        c ? c->name : "",
    };
    for (size_t k = 0; k < N_COLUMNS; k++)
        report_csv_cell(out, cs, cells[k], k + 1 == N_COLUMNS);
}

enum status export_csv(const struct model *m, const struct model_plan *p,
                       enum export_dialect dialect, FILE *out,
                       struct diag *err)
{
    struct row *rows;
    enum status st = sorted_rows(m, p, &rows, err);
    if (st != STATUS_OK)
        return st;
    struct report_csv_style cs = report_csv_style(dialect);
    if (cs.bom)
        fputs("\xef\xbb\xbf", out);
    for (size_t k = 0; k < N_COLUMNS; k++)
        report_csv_cell(out, &cs, columns[k], k + 1 == N_COLUMNS);
    for (size_t i = 0; i < p->n_sessions; i++)
        put_row(out, &cs, m, rows[i].s);
    free(rows);
    if (ferror(out))
        return diag_set(err, STATUS_IO, "", 0, 0, NULL,
                        "could not write the CSV export: %s", strerror(errno));
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

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

/* One session as an object (after "[" or ",", no newline of its own). */
static void json_session(FILE *out, const struct model *m,
                         const struct model_session *s)
{
    const struct model_site *site = &m->sites[s->site];
    const struct model_service *sv = &m->services[s->service];
    const struct model_commune *c =
        site->commune >= 0 && (size_t)site->commune < m->n_communes
            ? &m->communes[site->commune] : NULL;
    char date[11], t0[8], t1[8];
    model_date_iso(s->day, date);
    report_hhmm(s->start, t0);
    report_hhmm(s->end, t1);
    fputs("\n    {\"uid\": ", out);
    report_json_string(out, s->uid);
    fputs(", \"service\": ", out);
    report_json_string(out, sv->id);
    fputs(", \"service_name\": ", out);
    report_json_string(out, sv->name);
    fputs(", \"site\": ", out);
    report_json_string(out, site->id);
    fputs(", \"site_name\": ", out);
    report_json_string(out, site->name);
    fputs(", \"commune_insee\": ", out);
    report_json_string(out, c ? c->insee : "");
    fputs(", \"commune\": ", out);
    report_json_string(out, c ? c->name : "");
    fprintf(out, ", \"date\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", "
            "\"staff\": [", date, t0, t1);
    for (int k = 0; k < s->n_staff; k++) {
        if (k)
            fputs(", ", out);
        report_json_string(out, m->staff[s->staff[k]].id);
    }
    fputs("], \"vehicle\": ", out);
    if (s->vehicle >= 0)
        report_json_string(out, m->vehicles[s->vehicle].id);
    else
        fputs("null", out);
    fprintf(out, ", \"status\": \"%s\", \"sequence\": %d}",
            status_text(s->status), s->sequence);
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
    report_json_string(out, m->settings.name);
    fprintf(out, ",\n  \"plan_id\": %lld,\n  \"horizon\": {\"start\": \"%s\", "
            "\"end\": \"%s\"},\n  \"solver\": {\"status\": ",
            p->id, d0, d1);
    report_json_string(out, p->solver_status);
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
        if (i)
            fputc(',', out);
        json_session(out, m, rows[i].s);
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
                            enum export_format format,
                            enum export_dialect dialect, FILE *f,
                            struct diag *err)
{
    switch (format) {
    case EXPORT_JSON:
        return export_json(m, p, f, err);
    case EXPORT_RUNS_CSV:
        return export_runs_csv(m, p, dialect, f, err);
    case EXPORT_RUNS_JSON:
        return export_runs_json(m, p, f, err);
    case EXPORT_CSV:
        break;
    }
    return export_csv(m, p, dialect, f, err);
}

enum status export_write_path(const struct model *m,
                              const struct model_plan *p,
                              enum export_format format,
                              enum export_dialect dialect, const char *path,
                              struct diag *err)
{
    if (!strcmp(path, "-")) {
        enum status st = write_to(m, p, format, dialect, stdout, err);
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
    st = write_to(m, p, format, dialect, cal_file_stream(f), err);
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

/* The columns the reader knows: the first C_COUNT of columns[], in that
 * order (the contract of docs/output-formats.md). */
enum col {
    C_UID = 0, C_SERVICE, C_SITE, C_COMMUNE, C_DATE, C_START, C_END,
    C_STAFF, C_VEHICLE, C_STATUS, C_COUNT
};
_Static_assert(C_COUNT <= N_COLUMNS, "the read columns are written ones");
static const bool col_required[C_COUNT] = {
    true, true, true, false, true, true, true, true, false, false,
};

struct uid_line {
    const char *uid;   /* points into the plan's session */
    int line;
};

/* One file being read: the table (csv_table_read's), where each known
 * column is, and the plan being built. */
struct reader {
    const struct model *m;
    const struct csv_table *t;
    struct diag_list *pr;
    int col[C_COUNT];    /* cell index of each known column, -1 */
    struct model_plan *plan;
    int *lines;          /* line of each session, parallel to plan */
    size_t cap_lines;
    bool nomem;
};

/* The row being read, and where its problems go. */
struct row_ctx {
    struct reader *r;
    const struct csv_row *row;
    struct model_session s;
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
    diag_list_add(r->pr, STATUS_INVALID, r->t->name, line, col, field, "%s",
                  msg);
}

/* A problem with column c of the row being read. */
static void cell_problem(struct row_ctx *x, enum col c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cell_problem(struct row_ctx *x, enum col c, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    problem(x->r, x->row->line, x->r->col[c] + 1, columns[c], "%s", msg);
}

/* Spaces that spreadsheets and hands leave around cells go, in place:
 * the table is ours. */
static void trim(char *v)
{
    char *a = v;
    while (*a && isspace((unsigned char)*a))
        a++;
    size_t n = strlen(a);
    while (n && isspace((unsigned char)a[n - 1]))
        n--;
    memmove(v, a, n);
    v[n] = '\0';
}

static void trim_table(struct csv_table *t)
{
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t k = 0; k < t->rows[i].n_cells; k++)
            trim(t->rows[i].cells[k]);
}

static const char *cell(const struct row_ctx *x, enum col c)
{
    int i = x->r->col[c];
    return i >= 0 && (size_t)i < x->row->n_cells ? x->row->cells[i] : "";
}

/* Finds the columns by header (csv_table keys them: any case, spaces
 * around); false when a required one is missing (each reported). */
static bool find_columns(struct reader *r)
{
    bool ok = true;
    for (int c = 0; c < C_COUNT; c++) {
        r->col[c] = csv_table_column(r->t, columns[c]);
        if (col_required[c] && r->col[c] < 0) {
            problem(r, 1, 0, columns[c],
                    "missing required column \"%s\": the header must name "
                    "uid, service, site, date, start, end and staff "
                    "(vehicle, status and commune_insee are optional)",
                    columns[c]);
            ok = false;
        }
    }
    return ok;
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

/* service, site, and the commune_insee cell checked against the site. */
static void read_place(struct row_ctx *x)
{
    const struct model *m = x->r->m;
    const char *v = cell(x, C_SERVICE);
    x->s.service = v[0] ? model_find_service(m, v) : -1;
    if (!v[0])
        cell_problem(x, C_SERVICE, "empty cell: expected a service id");
    else if (x->s.service < 0)
        cell_problem(x, C_SERVICE, "unknown service \"%s\": expected a "
                     "service id of the territory", v);

    v = cell(x, C_SITE);
    x->s.site = v[0] ? model_find_site(m, v) : -1;
    if (!v[0])
        cell_problem(x, C_SITE, "empty cell: expected a site id");
    else if (x->s.site < 0)
        cell_problem(x, C_SITE, "unknown site \"%s\": expected a site id of "
                     "the territory", v);

    v = cell(x, C_COMMUNE);
    if (v[0] && x->s.site >= 0) {
        const struct model_site *site = &m->sites[x->s.site];
        int c = site->commune;
        if (c >= 0 && (size_t)c < m->n_communes &&
            strcmp(m->communes[c].insee, v))
            diag_list_add(x->r->pr, STATUS_OK, x->r->t->name, x->row->line,
                          x->r->col[C_COMMUNE] + 1, "commune_insee",
                          "\"%s\" is not the commune of site %s (%s, %s); the "
                          "site decides where the session is, this cell is "
                          "ignored", v, site->id, m->communes[c].insee,
                          m->communes[c].name);
    }
}

/* date, start, end. */
static void read_times(struct row_ctx *x)
{
    const char *v = cell(x, C_DATE);
    if (!model_date_parse(v, &x->s.day))
        cell_problem(x, C_DATE, "\"%s\" is not a date: expected YYYY-MM-DD "
                     "(or DD/MM/YYYY)", v);
    bool times_ok = true;
    v = cell(x, C_START);
    if (!parse_time(v, false, &x->s.start)) {
        cell_problem(x, C_START, "\"%s\" is not a time: expected HH:MM", v);
        times_ok = false;
    }
    v = cell(x, C_END);
    if (!parse_time(v, true, &x->s.end)) {
        cell_problem(x, C_END, "\"%s\" is not a time: expected HH:MM", v);
        times_ok = false;
    }
    if (times_ok && x->s.end <= x->s.start) {
        char a[8], b[8];
        report_hhmm(x->s.start, a);
        report_hhmm(x->s.end, b);
        cell_problem(x, C_END, "end %s is not after start %s", b, a);
    }
}

/* staff: ids joined with '+', spaces around each allowed. */
static void read_staff(struct row_ctx *x)
{
    const char *v = cell(x, C_STAFF);
    const char *q = v;
    while (*q) {
        const char *plus = strchr(q, '+');
        size_t len = plus ? (size_t)(plus - q) : strlen(q);
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(len < 255 ? len : 255), q);
        trim(id);
        int k = id[0] ? model_find_staff(x->r->m, id) : -1;
        if (!id[0])
            cell_problem(x, C_STAFF, "empty staff id in \"%s\": expected ids "
                         "joined with '+' (S1+S2)", v);
        else if (k < 0)
            cell_problem(x, C_STAFF, "unknown staff \"%s\" in \"%s\"", id, v);
        else if (x->s.n_staff == MODEL_MAX_TEAM)
            cell_problem(x, C_STAFF, "more than %d staff members in \"%s\"",
                         MODEL_MAX_TEAM, v);
        else
            x->s.staff[x->s.n_staff++] = k;
        if (!plus)
            break;
        q = plus + 1;
        if (!*q)
            cell_problem(x, C_STAFF, "\"%s\" ends with '+': expected another "
                         "staff id", v);
    }
}

/* vehicle, status, uid. */
static void read_rest(struct row_ctx *x)
{
    const char *v = cell(x, C_VEHICLE);
    if (v[0]) {
        x->s.vehicle = model_find_vehicle(x->r->m, v);
        if (x->s.vehicle < 0)
            cell_problem(x, C_VEHICLE, "unknown vehicle \"%s\": expected a "
                         "vehicle id of the territory or an empty cell", v);
    }
    v = cell(x, C_STATUS);
    if (!v[0] || !strcasecmp(v, "confirmed"))
        x->s.status = SESSION_CONFIRMED;
    else if (!strcasecmp(v, "cancelled"))
        x->s.status = SESSION_CANCELLED;
    else
        cell_problem(x, C_STATUS, "status \"%s\" is not confirmed or "
                     "cancelled", v);
    v = cell(x, C_UID);
    if (strlen(v) >= sizeof x->s.uid)
        cell_problem(x, C_UID, "uid is %zu bytes long: at most %zu",
                     strlen(v), sizeof x->s.uid - 1);
    else if (v[0])
        snprintf(x->s.uid, sizeof x->s.uid, "%s", v);
}

/* One data row: every bad cell reported, the session added when none. */
static void read_row(struct reader *r, const struct csv_row *row)
{
    size_t n_cols = r->t->n_cols;
    bool extra = false;
    for (size_t i = n_cols; i < row->n_cells; i++)
        extra = extra || row->cells[i][0];
    if (extra)
        diag_list_add(r->pr, STATUS_OK, r->t->name, row->line,
                      (int)n_cols + 1, NULL, "the row has %zu cells but the "
                      "header only %zu columns; the cells past the header "
                      "are ignored (a separator inside an unquoted cell?)",
                      row->n_cells, n_cols);
    struct row_ctx x = {.r = r, .row = row};
    x.s.vehicle = -1;
    size_t before = diag_list_errors(r->pr);
    read_place(&x);
    read_times(&x);
    read_staff(&x);
    read_rest(&x);
    if (diag_list_errors(r->pr) != before)
        return;
    if (!x.s.uid[0]) {
        /* A row the coordinator added: a uid that depends only on what
         * the session is, so re-reading the file gives the same one. */
        char date[11];
        model_date_iso(x.s.day, date);
        snprintf(x.s.uid, sizeof x.s.uid, "manual-%.40s-%.40s-%s-%02d%02d",
                 r->m->services[x.s.service].id, r->m->sites[x.s.site].id,
                 date, x.s.start / 60, x.s.start % 60);
    }
    if (model_plan_add(r->plan, &x.s) != STATUS_OK ||
        lines_push(r, row->line) != 0)
        r->nomem = true;
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

/* The horizon of a hand-made plan is what it covers; `planner verify`
 * replaces it with the stored plan's horizon when there is one. */
static void set_horizon(struct model_plan *p)
{
    for (size_t i = 0; i < p->n_sessions; i++) {
        int d = p->sessions[i].day;
        if (i == 0 || d < p->horizon_start)
            p->horizon_start = d;
        if (i == 0 || d > p->horizon_end)
            p->horizon_end = d;
    }
}

/* The table of path, trimmed; a status and problems when there is none.
 * A file that cannot be parsed is bad input (STATUS_INVALID) like a bad
 * cell, whatever csv_table calls it. */
static enum status read_table(const char *path, struct csv_table **t,
                              struct diag_list *problems)
{
    enum status st = csv_table_read(path, path, t, problems);
    if (st == STATUS_NOTFOUND) {
        diag_list_add(problems, STATUS_IO, path, 0, 0, NULL,
                      "cannot read: %s", strerror(ENOENT));
        return STATUS_IO;
    }
    if (st != STATUS_OK)
        return st == STATUS_IO || st == STATUS_NOMEM ? st : STATUS_INVALID;
    trim_table(*t);
    return STATUS_OK;
}

enum status export_read_csv(const struct model *m, const char *path,
                            struct model_plan **out,
                            struct diag_list *problems)
{
    *out = NULL;
    size_t errors_before = diag_list_errors(problems);
    struct csv_table *t = NULL;
    enum status st = read_table(path, &t, problems);
    if (st != STATUS_OK)
        return st;
    struct reader r = {.m = m, .t = t, .pr = problems};
    r.plan = model_plan_new();
    r.nomem = !r.plan;
    if (r.plan && find_columns(&r)) {
        snprintf(r.plan->solver_status, sizeof r.plan->solver_status, "manual");
        for (size_t i = 0; i < t->n_rows && !r.nomem; i++)
            read_row(&r, &t->rows[i]);
        if (!r.nomem)
            check_duplicates(&r);
    }
    free(r.lines);
    csv_table_free(t);
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
    set_horizon(r.plan);
    model_plan_sort(r.plan);
    *out = r.plan;
    return STATUS_OK;
}
