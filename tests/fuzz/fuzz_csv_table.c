/* fuzz_csv_table.c -- one territory CSV file through the table reader
 * and every typed cell reader (models/csv_table.c, csv_encoding.c,
 * csv_columns.c, fields.c, fields_time.c).
 *
 * Input: one selector byte, then the file.  The selector picks the name
 * the file is read under (settings.csv ... demand.csv, or a name no
 * loader knows), which decides the French column aliases that apply.
 * Each of the first 32 columns of every row is then read by each cell
 * reader the loaders use (integer, number, yes/no, half-days, opening
 * hours with and without a single-time length, name sets), so a cell
 * that crashes one reader is found whatever column it sits in.  Fast:
 * one file, no cross-file checks (fuzz_territory.c does those). */
#include "fuzz_support.h"

#include <stdlib.h>

#include "models_int.h"

static const char *const names[] = {
    "settings.csv", "communes.csv", "sites.csv", "staff.csv", "vehicles.csv",
    "services.csv", "targets.csv", "travel.csv", "demand.csv", "other.csv",
};
#define N_NAMES (sizeof names / sizeof *names)
#define MAX_COLUMNS 32

static void read_cell(struct field_reader *r, const char *col,
                      char **set_names, size_t *n_set)
{
    int i;
    double d;
    bool b;
    uint32_t half;
    uint64_t bits;
    struct model_window *w = NULL;
    size_t n = 0;
    (void)field_text(r, col);
    const char *req;
    (void)field_required(r, col, &req);
    (void)field_int(r, col, false, -1000000, 1000000, &i);
    (void)field_double(r, col, false, -1e9, 1e9, &d);
    (void)field_bool(r, col, &b);
    (void)field_halfdays(r, col, &half);
    (void)field_windows(r, col, 0x7f, 0, &w, &n);
    free(w);
    w = NULL;
    (void)field_windows(r, col, 0x1f, 150, &w, &n);
    free(w);
    (void)field_name_set(r, col, set_names, n_set, &bits);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = names[data[0] % N_NAMES];
    const char *path = fuzz_write(name, data + 1, size - 1);
    struct diag_list problems;
    diag_list_init(&problems);
    struct csv_table *t = NULL;
    if (csv_table_read(path, name, &t, &problems) == STATUS_OK) {
        char *set_names[MODEL_MAX_NAMES] = {0};
        size_t n_set = 0;
        size_t cols = t->n_cols < MAX_COLUMNS ? t->n_cols : MAX_COLUMNS;
        for (size_t row = 0; row < t->n_rows; row++) {
            struct field_reader r;
            field_reader_init(&r, t, &t->rows[row], &problems);
            for (size_t c = 0; c < cols; c++)
                read_cell(&r, t->keys[c], set_names, &n_set);
        }
        for (size_t k = 0; k < n_set; k++)
            free(set_names[k]);
        (void)csv_table_column(t, "name");
    }
    diag_list_sort(&problems);
    csv_table_free(t);
    diag_list_free(&problems);
    return 0;
}
