/* models_int.h -- declarations private to models/ (as SQLite's *Int.h).
 *
 * The CSV table itself (csv_table_*) is public, in models.h: report/
 * reads hand-edited plans with it.  field_*: typed readers of one cell
 * that report bad values into a diag_list with file, line and column
 * name, and return a default, so a loader goes on and finds every problem
 * of a file in one pass. */
#ifndef PLANNER_MODELS_INT_H
#define PLANNER_MODELS_INT_H

#include "models.h"

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
/* fields_time.c, grammar in docs/input-format.md.
 * "lun mar jeu-matin ven", "lundi au vendredi", "mer. après midi",
 * "mon-am tue": half-day mask. */
bool field_halfdays(struct field_reader *r, const char *col, uint32_t *out);
/* "lun 09:00-12:30 13:30-17:00; mar 9h-12h", "Lundi : 9h à 12h" or, with
 * no day before a range, ranges for every day of all_days_mask (bits per
 * weekday).  A lone time ("Lundi : 9h00") is a window of single_length
 * minutes from it when single_length > 0 (a service's start time), an
 * error otherwise.  *out is malloc'd (NULL when the cell is empty). */
bool field_windows(struct field_reader *r, const char *col,
                   unsigned all_days_mask, int single_length,
                   struct model_window **out, size_t *n);
/* A list of names separated by spaces, commas, semicolons, '|' or '+',
 * interned into names[] (case-insensitive; first spelling kept) and
 * returned as a bit mask. */
bool field_name_set(struct field_reader *r, const char *col, char **names,
                    size_t *n_names, uint64_t *out);
/* "EJE:1; auxiliaire:1" (a count defaults to 1): roles by skill name,
 * interned into names[] as field_name_set does; *out malloc'd (NULL when
 * the cell is empty), *total the sum of the counts. */
bool field_roles(struct field_reader *r, const char *col, char **names,
                 size_t *n_names, struct model_role **out, size_t *n_out,
                 int *total);

/* Parsers shared by the readers and by settings.csv. */
bool parse_number(const char *s, double *out);
/* 9:00, 09:00, 9h, 9h30, 24:00, midi (fields_time.c, as parse_weekday). */
bool parse_time_of_day(const char *s, int *minutes);
bool parse_bool(const char *s, bool *out);
int parse_weekday(const char *s);   /* 0..6, or -1 */
/* Splits a list cell into tokens on spaces , ; | + and calls fn for
 * each; stops and returns false when fn does. */
bool split_list(const char *s, bool (*fn)(const char *tok, void *ctx),
                void *ctx);

char *xstrdup(const char *s);   /* strdup that maps NULL to "" */

/* csv_encoding.c: makes *buf (malloc'd, *len bytes) UTF-8 text without a
 * byte order mark, decoding Windows-1252 (one notice added); on anything
 * else adds one error naming the first bad byte.  *buf may be replaced;
 * the caller frees it in every case. */
enum status csv_decode(const char *name, unsigned char **buf, size_t *len,
                       struct diag_list *problems);
/* Index just past the line starting at pos: lines end with LF, CRLF or a
 * lone CR. */
size_t csv_line_end(const unsigned char *buf, size_t pos, size_t len);

/* id_index.c: a hash table from identifiers to array positions, owning
 * copies of its keys; fold_case compares as strcasecmp().  put adds key
 * unless present and returns the value stored for it: value when it was
 * new, the first value when it was already there, ID_INDEX_NOMEM when
 * memory ran out.  get returns the value, or -1. */
#define ID_INDEX_NOMEM (-2)
struct id_slot;
struct id_index {
    struct id_slot *slots;
    size_t cap, count;
    bool fold_case;
};
void id_index_init(struct id_index *ix, bool fold_case);
void id_index_free(struct id_index *ix);   /* frees the slots, not ix */
int id_index_put(struct id_index *ix, const char *key, int value);
int id_index_put_n(struct id_index *ix, const char *key, size_t len, int value);
int id_index_get(const struct id_index *ix, const char *key);

/* check.c: "lun mar jeu-matin ven" from a half-day mask (French, as
 * typed). */
void check_format_halfdays(uint32_t h, char *buf, size_t size);
/* check_fit.c: warnings for services no site can host (and which rule
 * excludes each site), staff who can get no session, vehicles no service
 * needs.  check_coords.c: warnings for coordinates far from the
 * territory or swapped.  Both are run by model_capacity_check(). */
void check_fit(const struct model *m, struct diag_list *problems);
void check_coords(const struct model *m, struct diag_list *problems);

/* text.c: the character at s folded to lower-case ASCII: é -> "e",
 * œ -> "oe", no-break spaces -> " ", ’ -> "'", dashes -> "-"; any other
 * byte lower-cased as it is.  Returns the bytes read (1..3); out gets 1
 * or 2 characters and a NUL. */
size_t text_fold_char(const char *s, char out[3]);

/* csv_columns.c: header names.  fold: lower case, accents dropped, runs
 * of spaces, dashes, apostrophes and dots as one "_".  canonical: the
 * column a folded header means in file ("nom" in sites.csv -> "name"),
 * key itself when it is no alias.  aliases: the French names of column
 * in file, "nom, libelle", for messages ("" when none). */
void csv_column_fold(const char *header, char *buf, size_t size);
const char *csv_column_canonical(const char *file, const char *key);
void csv_column_aliases(const char *file, const char *column, char *buf,
                        size_t size);
/* load.c: every column the loader knows in file ("sites.csv"),
 * NULL-ended; NULL for a file that is not a territory file. */
const char *const *load_known_columns(const char *file);
/* load_transport.c: transports.csv and pickups.csv (both optional), read
 * after the other files of model_load_dir; problems into problems. */
void load_transports(struct model *m, const char *dir,
                     struct diag_list *problems);

#endif
