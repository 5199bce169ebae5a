/* fuzz_plan_csv.c -- a hand-edited plan (`planner import-plan` /
 * `planner verify --csv`: sessions.csv as a coordinator re-saved it):
 * export_read_csv in report/export.c, against the Quercy Blanc model
 * (FUZZ_BASE_DIR), so that ids resolve and the rows reach every check.
 *
 * A plan that is read is written back with export_csv, read again and
 * written again: the two texts must be equal (reading what we wrote
 * gives the same plan), or the target aborts.  The same holds through
 * the excel-fr dialect: written in it and read back, the plan's standard
 * export is the first text again. */
#include "fuzz_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#ifndef FUZZ_BASE_DIR
#error "FUZZ_BASE_DIR must name the base territory folder"
#endif

static struct model *model;

static void load_model(void)
{
    struct diag_list problems;
    diag_list_init(&problems);
    if (model_load_dir(FUZZ_BASE_DIR, &model, &problems) != STATUS_OK) {
        diag_list_print(&problems, stderr);
        abort();
    }
    diag_list_free(&problems);
}

/* The CSV export of p, malloc'd; aborts when it cannot be written. */
static char *export_text(const struct model_plan *p, enum export_dialect d,
                         size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    struct diag err;
    if (!f || export_csv(model, p, d, f, &err) != STATUS_OK || fclose(f) != 0)
        abort();
    return buf;
}

/* Reads text back as a plan, or NULL. */
static struct model_plan *read_text(const char *text, size_t len,
                                    const char *rel)
{
    const char *path = fuzz_write(rel, text, len);
    struct diag_list problems;
    diag_list_init(&problems);
    struct model_plan *p = NULL;
    enum status st = export_read_csv(model, path, &p, &problems);
    if (st != STATUS_OK && (p || !diag_list_errors(&problems)))
        abort();   /* refused: no plan, and at least one error */
    diag_list_free(&problems);
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model)
        load_model();
    struct model_plan *p = read_text((const char *)data, size, "sessions.csv");
    if (!p)
        return 0;
    size_t len1;
    char *first = export_text(p, EXPORT_DIALECT_STANDARD, &len1);
    for (int d = EXPORT_DIALECT_STANDARD; d <= EXPORT_DIALECT_EXCEL_FR; d++) {
        size_t len, len2;
        char *text = export_text(p, d, &len);
        struct model_plan *again = read_text(text, len, "again.csv");
        if (!again) {
            fprintf(stderr, "fuzz_plan_csv: our own %s export was refused:\n%s",
                    export_dialect_name(d), text);
            abort();
        }
        char *second = export_text(again, EXPORT_DIALECT_STANDARD, &len2);
        if (len1 != len2 || memcmp(first, second, len1)) {
            fprintf(stderr, "fuzz_plan_csv: export (%s), read, export "
                    "differs:\n--- first\n%s--- second\n%s",
                    export_dialect_name(d), first, second);
            abort();
        }
        free(text);
        free(second);
        model_plan_free(again);
    }
    free(first);
    model_plan_free(p);
    return 0;
}
