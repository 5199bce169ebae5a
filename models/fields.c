/* fields.c -- typed readers for the cells of a territory CSV file.
 *
 * Spreadsheets write numbers the way people type them: "3,5" (French
 * decimal comma), "1 607" (a thousands space, often a no-break space),
 * "80 %", "oui".  These readers accept those spellings, and on anything
 * else report what was expected with the file, line and column (the
 * header as the file writes it), then carry on so the loader sees every
 * problem of the file in one pass.  Days, half-days and hours have their
 * own small grammar: fields_time.c. */
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
        snprintf(d.field, sizeof d.field, "%s", c >= 0 ? r->t->header[c] : col);
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

/* ---- roles: "EJE:1; auxiliaire:1" -------------------------------- */

struct roles_ctx {
    struct name_set_ctx names;
    struct model_role roles[MODEL_MAX_TEAM];
    size_t n;
    int total;
};

static bool role_token(const char *tok, void *vctx)
{
    struct roles_ctx *c = vctx;
    struct field_reader *r = c->names.r;
    char name[256];
    const char *colon = strchr(tok, ':');
    size_t len = colon ? (size_t)(colon - tok) : strlen(tok);
    memcpy(name, tok, len);
    name[len] = '\0';
    long count = 1;
    if (colon) {
        char *end;
        count = strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end || count < 1 || count > MODEL_MAX_TEAM) {
            field_error(r, c->names.col, "\"%s\": expected SKILL:COUNT with a "
                        "count from 1 to %d, such as EJE:1", tok, MODEL_MAX_TEAM);
            return c->names.ok = false;
        }
    }
    if (!len || c->n >= MODEL_MAX_TEAM) {
        field_error(r, c->names.col, "\"%s\": expected SKILL:COUNT, at most %d "
                    "roles, such as EJE:1; auxiliaire:1", tok, MODEL_MAX_TEAM);
        return c->names.ok = false;
    }
    c->names.bits = 0;
    if (!intern_name(name, &c->names))
        return false;
    for (size_t q = 0; q < c->n; q++)
        if (c->roles[q].skill == c->names.bits) {
            field_error(r, c->names.col, "the role \"%s\" is given twice", name);
            return c->names.ok = false;
        }
    c->roles[c->n].skill = c->names.bits;
    c->roles[c->n++].count = (int)count;
    c->total += (int)count;
    return true;
}

bool field_roles(struct field_reader *r, const char *col, char **names,
                 size_t *n_names, struct model_role **out, size_t *n_out,
                 int *total)
{
    struct roles_ctx c = {{r, col, names, n_names, 0, true}, {{0, 0}}, 0, 0};
    *out = NULL;
    *n_out = 0;
    *total = 0;
    split_list(field_text(r, col), role_token, &c);
    if (!c.names.ok)
        return false;
    if (c.total > MODEL_MAX_TEAM) {
        field_error(r, col, "the roles add up to %d people; a team has at most %d",
                    c.total, MODEL_MAX_TEAM);
        return false;
    }
    if (c.n == 0)
        return true;
    *out = malloc(c.n * sizeof **out);
    if (!*out) {
        field_error(r, col, "out of memory");
        return false;
    }
    memcpy(*out, c.roles, c.n * sizeof **out);
    *n_out = c.n;
    *total = c.total;
    return true;
}
