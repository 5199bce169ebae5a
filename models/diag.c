/* diag.c -- status codes and diagnostics.
 *
 * A struct diag is one problem with its place (file, line, column, field);
 * a struct diag_list gathers every problem of a pass, because a
 * coordinator fixing a spreadsheet wants all of its errors at once, not
 * one per run.  Only the CLI prints; libraries fill these structs. */
#include "models.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *diag_status_str(enum status st)
{
    switch (st) {
    case STATUS_OK: return "ok";
    case STATUS_NOMEM: return "out of memory";
    case STATUS_IO: return "input/output error";
    case STATUS_PARSE: return "syntax error";
    case STATUS_INVALID: return "invalid input";
    case STATUS_DB: return "database error";
    case STATUS_SOLVER: return "solver error";
    case STATUS_NOTFOUND: return "not found";
    case STATUS_MISSING_DATA: return "missing data";
    }
    return "unknown status";
}

void diag_clear(struct diag *d)
{
    if (d)
        memset(d, 0, sizeof *d);
}

static void diag_fill(struct diag *d, enum status st, const char *file,
                      int line, int column, const char *field,
                      const char *fmt, va_list ap)
{
    memset(d, 0, sizeof *d);
    d->status = st;
    if (file)
        snprintf(d->file, sizeof d->file, "%s", file);
    d->line = line;
    d->column = column;
    if (field)
        snprintf(d->field, sizeof d->field, "%s", field);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
}

enum status diag_set(struct diag *d, enum status st, const char *file,
                     int line, int column, const char *field,
                     const char *fmt, ...)
{
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        diag_fill(d, st, file, line, column, field, fmt, ap);
        va_end(ap);
    }
    return st;
}

void diag_format(const struct diag *d, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
#define APPEND(...)                                                       \
    do {                                                                  \
        if (n < size) {                                                   \
            int k = snprintf(buf + n, size - n, __VA_ARGS__);             \
            if (k > 0)                                                    \
                n += (size_t)k;                                           \
        }                                                                 \
    } while (0)
    if (d->file[0]) {
        APPEND("%s:", d->file);
        if (d->line > 0)
            APPEND("%d:", d->line);
        APPEND(" ");
    }
    if (d->field[0])
        APPEND("column \"%s\": ", d->field);
    APPEND("%s", d->message);
#undef APPEND
}

void diag_list_init(struct diag_list *l)
{
    memset(l, 0, sizeof *l);
}

void diag_list_free(struct diag_list *l)
{
    if (!l)
        return;
    free(l->items);
    memset(l, 0, sizeof *l);
}

size_t diag_list_errors(const struct diag_list *l)
{
    return l->errors;
}

/* A slot for one more problem of status st, or NULL when its kind
 * (errors, warnings) already has DIAG_LIST_MAX kept: the two are capped
 * apart, so a flood of warnings cannot hide the errors. */
static struct diag *diag_list_slot(struct diag_list *l, enum status st)
{
    bool warning = st == STATUS_OK;
    if (!warning)
        l->errors++;
    size_t kept = warning ? l->warnings : l->count - l->warnings;
    if (kept >= DIAG_LIST_MAX)
        goto drop;
    if (l->count == l->capacity) {
        size_t cap = l->capacity ? l->capacity * 2 : 16;
        struct diag *items = realloc(l->items, cap * sizeof *items);
        if (!items)
            goto drop;
        l->items = items;
        l->capacity = cap;
    }
    if (warning)
        l->warnings++;
    return &l->items[l->count++];
drop:
    l->dropped++;
    if (warning)
        l->dropped_warnings++;
    return NULL;
}

void diag_list_add(struct diag_list *l, enum status st, const char *file,
                   int line, int column, const char *field,
                   const char *fmt, ...)
{
    struct diag *d = diag_list_slot(l, st);
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    diag_fill(d, st, file, line, column, field, fmt, ap);
    va_end(ap);
}

void diag_list_add_diag(struct diag_list *l, const struct diag *src)
{
    struct diag *d = diag_list_slot(l, src->status);
    if (d)
        *d = *src;
}

static int diag_cmp(const void *a, const void *b)
{
    const struct diag *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return 0;
}

void diag_list_sort(struct diag_list *l)
{
    /* qsort is not stable; problems on one cell keep no particular order,
     * which is fine: they are independent facts. */
    if (l->count > 1)
        qsort(l->items, l->count, sizeof *l->items, diag_cmp);
}

void diag_list_print(const struct diag_list *l, FILE *out)
{
    char buf[1024];
    for (size_t i = 0; i < l->count; i++) {
        diag_format(&l->items[i], buf, sizeof buf);
        fprintf(out, "%s%s\n", l->items[i].status == STATUS_OK ? "warning: " : "",
                buf);
    }
    size_t errors = l->dropped - l->dropped_warnings;
    if (errors && l->dropped_warnings)
        fprintf(out, "... and %zu more errors and %zu more warnings not shown\n",
                errors, l->dropped_warnings);
    else if (errors)
        fprintf(out, "... and %zu more errors not shown\n", errors);
    else if (l->dropped_warnings)
        fprintf(out, "... and %zu more warnings not shown\n", l->dropped_warnings);
}
