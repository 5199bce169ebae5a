/* variant.h -- territories that differ from a bundled example by the
 * fault a test is about, for the unit tests of tests/models.
 *
 * variant_load() copies an example folder into a fresh temporary folder,
 * replaces some of its files (content NULL: removes the file), loads it
 * with model_load_dir() and removes the folder.  The problems are left in
 * l (initialised here; the caller frees them); the model in *out when out
 * is not NULL (the caller frees it), else freed.
 *
 * errors, and whether the formatted problems are exactly the lines
 * expected ("file:line: column "x": message", warnings prefixed by
 * "warning: ", in reading order), which prints both lists when not. */
#ifndef PLANNER_TESTS_MODELS_VARIANT_H
#define PLANNER_TESTS_MODELS_VARIANT_H

#include "models.h"

/* One replaced file: name and content (NULL: removed). */
struct variant_file {
    const char *name, *content;
};

enum status variant_load(const char *example, const struct variant_file *files,
                         size_t n_files, struct model **out, struct diag_list *l);
/* One file of examples/quercy-blanc replaced. */
enum status variant_qb(const char *file, const char *content, struct model **out,
                       struct diag_list *l);
/* The text of example/file with every occurrence of find replaced by
 * replace (find "": replace appended), malloc'd; NULL when find is not
 * there. */
char *variant_edited(const char *example, const char *file, const char *find,
                     const char *replace);
/* Writes len bytes (NULs allowed) to dir/name; 0 on success. */
int variant_write_bytes(const char *dir, const char *name, const void *bytes,
                        size_t len);
/* expected: NULL-ended lines.  true when l holds exactly those. */
bool variant_expect(const struct diag_list *l, const char *const *expected);

#endif
