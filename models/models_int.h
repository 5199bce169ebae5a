/* models_int.h -- declarations private to models/ (as SQLite's *Int.h).
 *
 * csv_table_*: a whole CSV file read into memory with the line number of
 * every record, so that any later check can say "sites.csv:14".
 * field_*: typed readers of one cell that report bad values into a
 * diag_list with file, line and column name, and return a default, so a
 * loader goes on and finds every problem of a file in one pass. */
#ifndef PLANNER_MODELS_INT_H
#define PLANNER_MODELS_INT_H

#include "models.h"

struct csv_row {
    char **cells;
    size_t n_cells;
    int line;              /* 1-based line where the record starts */
};

struct csv_table {
    char *name;            /* how messages name the file ("sites.csv") */
    char **header;
    size_t n_cols;
    struct csv_row *rows;
    size_t n_rows;
    char separator;        /* ',' ';' or '\t', sniffed from the header */
};

/* Reads path (UTF-8 with or without BOM, comma/semicolon/tab separated,
 * RFC 4180 quotes, CRLF or LF).  Problems go into problems under the
 * name `name`.  Returns STATUS_OK with *out set, even when the file has
 * no data rows; STATUS_NOTFOUND when the file does not exist (nothing
 * added to problems: optional files are the caller's business);
 * another status, with a problem added, when it cannot be read. */
enum status csv_table_read(const char *path, const char *name,
                           struct csv_table **out, struct diag_list *problems);
void csv_table_free(struct csv_table *t);
/* Index of a column by name (case-insensitive, spaces and accents in the
 * header as written), or -1. */
int csv_table_column(const struct csv_table *t, const char *name);

/* Reads typed cells of one row.  Each reader looks the column up by name;
 * a missing column or an empty cell gives the default.  On a bad value it
 * adds an error naming file, line and column and what was expected, bumps
 * r->errors and returns false (out keeps the default). */
struct field_reader {
    const struct csv_table *t;
    const struct csv_row *row;
    struct diag_list *problems;
    int errors;
};
void field_reader_init(struct field_reader *r, const struct csv_table *t,
                       const struct csv_row *row, struct diag_list *problems);
/* The cell's text with surrounding spaces removed, "" when absent. */
const char *field_text(struct field_reader *r, const char *col);
/* Adds an error for this row and column. */
void field_error(struct field_reader *r, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Text that must not be empty. */
bool field_required(struct field_reader *r, const char *col, const char **out);
bool field_int(struct field_reader *r, const char *col, bool required,
               int min, int max, int *out);
bool field_double(struct field_reader *r, const char *col, bool required,
                  double min, double max, double *out);
bool field_bool(struct field_reader *r, const char *col, bool *out);
/* "lun mar jeu-matin ven", "lun-ven", "mon-am tue": half-day mask. */
bool field_halfdays(struct field_reader *r, const char *col, uint32_t *out);
/* "lun 09:00-12:30 13:30-17:00; mar 09:00-12:00" or, with no day before a
 * range, ranges for every day of all_days_mask (bits per weekday).  *out
 * is malloc'd (NULL when the cell is empty). */
bool field_windows(struct field_reader *r, const char *col,
                   unsigned all_days_mask, struct model_window **out,
                   size_t *n);
/* A list of names separated by spaces, commas, semicolons, '|' or '+',
 * interned into names[] (case-insensitive; first spelling kept) and
 * returned as a bit mask. */
bool field_name_set(struct field_reader *r, const char *col, char **names,
                    size_t *n_names, uint64_t *out);

/* Parsers shared by the readers and by settings.csv. */
bool parse_number(const char *s, double *out);
bool parse_time_of_day(const char *s, int *minutes);
bool parse_bool(const char *s, bool *out);
int parse_weekday(const char *s);   /* 0..6, or -1 */
/* Splits a list cell into tokens on spaces , ; | + and calls fn for
 * each; stops and returns false when fn does. */
bool split_list(const char *s, bool (*fn)(const char *tok, void *ctx),
                void *ctx);

char *xstrdup(const char *s);   /* strdup that maps NULL to "" */

#endif
