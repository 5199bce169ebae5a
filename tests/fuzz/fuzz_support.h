/* fuzz_support.h -- what the libFuzzer targets of tests/fuzz share.
 *
 * The parsers under test read files by path (csv_table_read,
 * model_load_dir, export_read_csv), so a target writes its input into a
 * private temporary folder first: fuzz_dir() is created on first use
 * under $TMPDIR (scripts/fuzz.sh points it at a tmpfs when there is one)
 * and removed at exit.  Every helper aborts on a failure of the harness
 * itself (a full disk is not a finding), so that libFuzzer reports it
 * instead of carrying on with a wrong input. */
#ifndef PLANNER_FUZZ_SUPPORT_H
#define PLANNER_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The private temporary folder (absolute path, no trailing slash). */
const char *fuzz_dir(void);
/* Writes size bytes to fuzz_dir()/rel (rel may hold one folder level,
 * created when missing); returns the full path in a static buffer. */
const char *fuzz_write(const char *rel, const void *data, size_t size);
/* A NUL-terminated malloc'd copy of data. */
char *fuzz_strndup(const uint8_t *data, size_t size);
/* Reads a whole file (the base territory); aborts when it cannot. */
char *fuzz_read_file(const char *path, size_t *size);

#endif
