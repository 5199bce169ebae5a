/* test_support.h -- helpers shared by the cmocka unit tests.
 *
 * assert_ok() prints the diagnostic when a status is not STATUS_OK, as
 * libssh's torture_cmocka does, so a failing test says why.  Paths are
 * resolved against PLANNER_SOURCE_ROOT (set by tests/meson.build) so the
 * tests run from any build folder. */
#ifndef PLANNER_TEST_SUPPORT_H
#define PLANNER_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "models.h"

void test_assert_ok(enum status st, const struct diag *err,
                    const char *file, int line);
#define assert_ok(st, err) test_assert_ok((st), (err), __FILE__, __LINE__)

/* Source-tree path: "examples/quercy-blanc" -> "/…/examples/quercy-blanc".
 * Returns a static buffer, valid until the next call. */
const char *test_source_path(const char *relative);

/* A fresh empty folder under $TMPDIR; static buffer as above.  Removed
 * by test_remove_tree(). */
const char *test_make_tmpdir(void);
void test_remove_tree(const char *path);

/* Writes text to dir/name (creating it); returns 0 on success. */
int test_write_file(const char *dir, const char *name, const char *text);

/* Copies every regular file of src into dst (flat folders only). */
int test_copy_dir(const char *src, const char *dst);

/* Whether any problem's formatted text contains needle. */
int test_problems_contain(const struct diag_list *l, const char *needle);

#endif
