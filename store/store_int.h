/* store_int.h -- private declarations shared by store.c and store_schema.c.
 *
 * store_schema.c owns the schema text, the migration steps and opening
 * a file (recognising it, refusing what is not ours, migrating);
 * store.c owns everything that reads or writes rows.  Nothing outside
 * models/ includes this header: other folders see only struct store as
 * an opaque type through models.h. */
#ifndef PLANNER_STORE_INT_H
#define PLANNER_STORE_INT_H

#include "store.h"

#include <sqlite3.h>

/* "PLNR" in ASCII: PRAGMA application_id of every planner project file,
 * so `file(1)`-like checks and store_open() recognise our files. */
#define STORE_APPLICATION_ID 0x504C4E52

/* Written into meta(created_by / planner_version). */
#ifndef PLANNER_VERSION
#define PLANNER_VERSION "0.1.0"
/* BEGIN IMMEDIATE: takes the write lock now, waiting up to
 * STORE_BUSY_TIMEOUT_MS while another process writes.  When it is still
 * taken after that, the message says so and names the file ("project
 * file is being written by another planner process; try again"). */
enum status store_begin_immediate(struct store *s, struct diag *err);

#endif

/* How long a writer waits for another process's lock before giving up
 * (SQLITE_BUSY): a coordinator may run an import while a feed server
 * reads the file. */
#define STORE_BUSY_TIMEOUT_MS 5000

#define STORE_MAX_STMTS 80

struct store {
    sqlite3 *db;
    char *path;        /* as given to store_open, for messages */
    int version;       /* schema version after opening (== STORE_SCHEMA_VERSION) */
    /* An outer transaction of store_begin() is open: each write function
     * then runs in a SAVEPOINT of it instead of its own BEGIN/COMMIT, and
     * reads use its snapshot. */
    bool in_tx;
    /* Prepared statements, by store.c's enum qid; finalized by
     * store_close(). */
    sqlite3_stmt *stmts[STORE_MAX_STMTS];
};

/* Opens the connection, checks that the file is ours, sets the pragmas
 * and applies missing migrations in one transaction.  On failure the
 * connection is closed and s->db is NULL. */
enum status store_schema_open(struct store *s, bool create, struct diag *err);

/* Number of migration steps (== STORE_SCHEMA_VERSION). */
size_t store_schema_steps(void);

/* Fills err from the connection's last error: "<what>: <sqlite message>"
 * with the file path.  Returns STATUS_DB. */
enum status store_db_error(const struct store *s, struct diag *err,
                           const char *what);

/* BEGIN IMMEDIATE: takes the write lock now, waiting up to
 * STORE_BUSY_TIMEOUT_MS while another process writes.  When it is still
 * taken after that, the message says so and names the file ("project
 * file is being written by another planner process; try again"). */
enum status store_begin_immediate(struct store *s, struct diag *err);

#endif
