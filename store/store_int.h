/* store_int.h -- private to store/: the connection and its statement
 * cache, transactions, the helpers every file of the folder uses, and the
 * column descriptions of the territory tables.
 *
 * Nothing outside store/ includes this header (tests/store does, to check
 * the descriptions against the schema); other folders see struct store as
 * an opaque type through store.h.  The files of store/, one concern each:
 *
 *   store_db.c         the connection: open and close, pragmas, waiting
 *                      for another writer, the statement cache, errors,
 *                      transactions (store_begin/commit/rollback)
 *   store_schema.c     the schema text, migrations, recognising our files
 *   store_tables.c     the column descriptions of every territory table:
 *                      the one place a column is named for import, load
 *                      and copy
 *   store_rows.c       rows of a described table: SQL text, binding,
 *                      reading and comparing, driven by the descriptions
 *   store_settings.c   the settings table (key/value rows)
 *   store_import.c     store_import_model: compare and write, with counts
 *   store_load.c       store_load_model: rebuild a model
 *   store_scenarios.c  scenarios: lookup, creation, list, copy
 *   store_plans.c      plans and their sessions
 *   store_events.c     the event state behind the feeds: UID, SEQUENCE,
 *                      cancellations
 *   store_calendars.c  imported school holidays and busy periods
 *   store_publish.c    the publish journal: a saved plan whose files
 *                      may not all be written yet
 */
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
#endif

/* How long a process waits for another process's lock before giving up
 * (SQLITE_BUSY): a coordinator may run an import while a feed server
 * reads the file, or two first runs may create the same file. */
#define STORE_BUSY_TIMEOUT_MS 5000

/* Prepared statements per connection: about 30 written in the files
 * plus 6 per described table. */
#define STORE_MAX_STMTS 128

/* A statement of the cache: owner is the address of its SQL text, or of
 * the table description it was generated from with verb saying which. */
struct store_cached {
    const void *owner;
    int verb;
    sqlite3_stmt *st;
};

struct store {
    sqlite3 *db;
    char *path;        /* as given to store_open, for messages */
    int version;       /* schema version after opening (== STORE_SCHEMA_VERSION) */
    /* An outer transaction of store_begin() is open: each public function
     * then runs in a SAVEPOINT of it instead of its own BEGIN/COMMIT. */
    bool in_tx;
    /* How long to wait for another process's lock (STORE_BUSY_TIMEOUT_MS
     * but in tests). */
    int busy_ms;
    /* Why the last statement could not be prepared when SQLite does not
     * know (a SELECT that reads other columns than described); "" else. */
    char fault[192];
    struct store_cached stmts[STORE_MAX_STMTS];
    size_t n_stmts;
};

/* ------------------------------------------------------------------ */
/* Errors (store_db.c)                                                  */
/* ------------------------------------------------------------------ */

/* Fills err from the connection's last error (or s->fault): "<what>:
 * <sqlite message>" with the file path, what formatted as by printf.
 * Returns STATUS_DB. */
enum status store_db_error(struct store *s, struct diag *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "out of memory", naming the file.  Returns STATUS_NOMEM. */
enum status store_nomem(const struct store *s, struct diag *err);

/* ------------------------------------------------------------------ */
/* Statements (store_db.c)                                              */
/* ------------------------------------------------------------------ */

/* Every statement is prepared once per connection
 * (SQLITE_PREPARE_PERSISTENT) with bound parameters only: SQL is never
 * built from user text.  A statement comes back reset and unbound; NULL
 * when it cannot be prepared (store_db_error says why). */
sqlite3_stmt *store_stmt(struct store *s, const char *sql);

/* A SELECT whose column list is named once.  An X-macro list gives both
 * the enum of column indices its reader uses and the names the SELECT
 * lists, so the two cannot get out of step:
 *
 *     #define EVENT_COLS(X) X(EV_UID, "uid") X(EV_DAY, "day")
 *     STORE_COLUMNS(EVENT_COLS, EV_NCOLS, event_cols);
 *     static const struct store_select event_all = {
 *         event_cols, EV_NCOLS, "FROM event_state WHERE scenario_id = ?1"};
 *
 * declares enum { EV_UID, EV_DAY, EV_NCOLS } and event_cols[] = {"uid",
 * "day"}, and the reader reads sqlite3_column_text(st, EV_DAY).
 * The text is "SELECT uid, day FROM ..."; preparing it checks with
 * sqlite3_column_name() that the statement returns exactly these
 * columns in this order, and refuses it otherwise. */
#define STORE_COL_INDEX(id, name) id,
#define STORE_COL_NAME(id, name) name,
#define STORE_COLUMNS(list, count, names)                                 \
    enum { list(STORE_COL_INDEX) count };                                 \
    static const char *const names[] = {list(STORE_COL_NAME)}
struct store_select {
    const char *const *cols;
    size_t n_cols;
    const char *rest;          /* "FROM ... WHERE ... ORDER BY ..." */
};
sqlite3_stmt *store_select(struct store *s, const struct store_select *q);

/* For generated SQL (store_rows.c): the cached statement of (owner,
 * verb), reset and unbound, or NULL when there is none yet... */
sqlite3_stmt *store_stmt_find(struct store *s, const void *owner, int verb);
/* ...then prepares sql and caches it.  With names (n of them), the
 * statement must return exactly these columns (as store_select). */
sqlite3_stmt *store_stmt_add(struct store *s, const void *owner, int verb,
                             const char *sql, const char *const *names,
                             size_t n);

/* Resets every cached statement so none holds a read snapshot or a lock.
 * Every public function calls it (store_tx_end does) before returning. */
void store_stmt_release(struct store *s);

/* Binding: the first failure sticks in brc (an int the caller declares
 * as SQLITE_OK) and store_run() returns it before stepping, so no bind
 * result goes unchecked. */
#define BIND_TEXT(st, i, v)                                               \
    (brc = brc != SQLITE_OK ? brc                                         \
                            : sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC))
#define BIND_OPT_TEXT(st, i, v)                                           \
    (brc = brc != SQLITE_OK ? brc                                         \
           : (v) ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC)         \
                 : sqlite3_bind_null(st, i))
#define BIND_INT(st, i, v)                                                \
    (brc = brc != SQLITE_OK ? brc : sqlite3_bind_int64(st, i, (sqlite3_int64)(v)))
#define BIND_REAL(st, i, v)                                               \
    (brc = brc != SQLITE_OK ? brc : sqlite3_bind_double(st, i, v))

/* Steps a statement that returns no row; SQLITE_OK when done. */
int store_run(sqlite3_stmt *st, int brc);
/* store_run, then store_db_error(what...) when it fails: the end of
 * every write of one row. */
enum status store_step(struct store *s, sqlite3_stmt *st, int brc,
                       struct diag *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A SELECT (store_select) with its ?1 bound to id (a scenario, a plan);
 * NULL when it cannot be prepared or bound. */
sqlite3_stmt *store_select_id(struct store *s, const struct store_select *q,
                              long long id);
/* The connection's error code when a statement could not even be
 * prepared (store_stmt() returned NULL). */
int store_prep_failed(struct store *s);
/* Runs a statement that returns one integer (PRAGMA x, SELECT count):
 * 0 when it returns no row.  An SQLite code. */
int store_query_int(sqlite3 *db, const char *sql, long long *out);
/* sqlite3_exec of our own constant SQL; store_db_error(what) on failure. */
enum status store_exec(struct store *s, const char *sql, const char *what,
                       struct diag *err);

/* ------------------------------------------------------------------ */
/* Transactions (store_db.c)                                            */
/* ------------------------------------------------------------------ */

/* Every public function runs in a transaction of its own, or, inside an
 * outer store_begin() transaction, in a SAVEPOINT of it:
 *
 *     st = store_tx_write(s, err);       (or store_tx_read)
 *     if (st == STATUS_OK) st = work(...);
 *     return store_tx_end(s, st, err);   commits, or rolls back on error
 *
 * store_tx_write takes the write lock at once (BEGIN IMMEDIATE), waiting
 * up to STORE_BUSY_TIMEOUT_MS; store_tx_read takes a snapshot (BEGIN). */
enum status store_tx_write(struct store *s, struct diag *err);
enum status store_tx_read(struct store *s, struct diag *err);
enum status store_tx_end(struct store *s, enum status st, struct diag *err);
/* BEGIN IMMEDIATE, with the "being written by another planner process"
 * message when the lock stays taken (also used by migrations). */
enum status store_begin_immediate(struct store *s, struct diag *err);
/* "project file is being <doing> by another planner process (waited N
 * s); try again", STATUS_DB: the lock stayed taken for s->busy_ms. */
enum status store_busy_error(const struct store *s, const char *doing,
                             struct diag *err);
/* Waits ms instead of STORE_BUSY_TIMEOUT_MS for a lock (tests). */
void store_set_busy_timeout(struct store *s, int ms);

/* ------------------------------------------------------------------ */
/* Columns and small helpers (store_db.c)                               */
/* ------------------------------------------------------------------ */

char *store_strdup(const char *s);                  /* NULL -> "" */
/* A text column as a heap string ("" for NULL); sets *nomem on failure. */
char *store_col_dup(sqlite3_stmt *st, int i, bool *nomem);
void store_col_copy(sqlite3_stmt *st, int i, char *buf, size_t size);
/* A YYYY-MM-DD column as a day number; false when it is not one. */
bool store_col_day(sqlite3_stmt *st, int i, int *day);
const char *store_iso(int day, char buf[11]);
bool store_str_eq(const char *a, const char *b);    /* NULL == "" */
/* Optional references (NULL = none): equal when both absent or both the
 * same text. */
bool store_opt_eq(const char *a, const char *b);
/* Grows the array *arr (of elements of size bytes, capacity *cap) to hold
 * n+1 elements; the new element is zeroed.  false when out of memory. */
bool store_grow(void *arr, size_t *cap, size_t n, size_t size);

/* An enum stored as text: value v (0..n-1) is names[v], or name(v) when
 * models/ names it (site kinds, audiences: the words of the CSV files). */
struct store_enum {
    const char *const *names;
    const char *(*name)(int v);
    size_t n;
};
const char *store_enum_name(const struct store_enum *e, int v); /* "?" if none */
bool store_enum_parse(const struct store_enum *e, const char *text, int *v);

/* ------------------------------------------------------------------ */
/* Schema (store_schema.c)                                              */
/* ------------------------------------------------------------------ */

/* Reads application_id and user_version and refuses files that are not
 * ours or are newer than this program. */
enum status store_schema_identify(struct store *s, long long *version,
                                  struct diag *err);
/* Brings a file of an older version (0: empty) to STORE_SCHEMA_VERSION
 * in one transaction, re-reading the version under the write lock. */
enum status store_schema_upgrade(struct store *s, struct diag *err);
/* Number of migration steps (== STORE_SCHEMA_VERSION). */
size_t store_schema_steps(void);

/* ------------------------------------------------------------------ */
/* Scenarios (store_scenarios.c)                                        */
/* ------------------------------------------------------------------ */

/* *id = 0 when the scenario does not exist (not an error here). */
enum status store_scenario_lookup(struct store *s, const char *name,
                                  long long *id, struct diag *err);
/* STATUS_NOTFOUND, naming it, when the scenario does not exist. */
enum status store_scenario_require(struct store *s, const char *name,
                                   long long *id, struct diag *err);
/* store_tx_write (write) or store_tx_read, then the scenario's id
 * (STATUS_NOTFOUND when there is none); when either fails no
 * transaction stays open.  The caller ends it with store_tx_end. */
enum status store_tx_scenario(struct store *s, bool write, const char *scenario,
                              long long *sid, struct diag *err);
enum status store_scenario_create(struct store *s, const char *name,
                                  const char *copied_from, long long *id,
                                  struct diag *err);

/* ------------------------------------------------------------------ */
/* Territory tables (store_tables.c, store_rows.c)                      */
/* ------------------------------------------------------------------ */

/* How a column of a territory table holds a field of a model row.  The
 * field is at offset bytes into the row's struct. */
enum store_col_kind {
    COL_TEXT,      /* char *, a heap string ("" for SQL NULL) */
    COL_CHARS,     /* char[size] inside the row (an INSEE code) */
    COL_INT,       /* int */
    COL_BOOL,      /* bool, stored 0/1 */
    COL_U32,       /* uint32_t or unsigned bit mask of fixed meaning */
    COL_REAL,      /* double */
    COL_SKILLS,    /* uint64_t mask over the skill names: compared by name */
    COL_TAGS,      /* uint64_t mask over the tag names: compared by name */
    COL_COMMUNE,   /* int index into communes, stored as the INSEE code */
    COL_SITE,      /* int index into sites, stored as the site id */
    COL_SERVICE,   /* int index into services, stored as the service id */
    COL_TRANSPORT, /* int index into transports, stored as the transport id */
    COL_ENUM,      /* an int-sized enum, stored as text (codec) */
    COL_POS,       /* no field: the row's index in the model's array */
    COL_LINE,      /* int: the CSV line, for messages */
};

/* Indices (COL_COMMUNE, COL_SITE, COL_SERVICE, COL_TRANSPORT) of -1 are SQL NULL; on
 * loading, NULL is -1 and an id the model does not hold is a corrupt
 * file.  COL_POS and COL_LINE are bookkeeping, not content: when only
 * they (or the raw bits of a skill or tag mask) change, a row is
 * rewritten but counted unchanged. */
struct store_col {
    const char *name;          /* the SQL column */
    enum store_col_kind kind;
    bool key;                  /* part of the natural key (with scenario_id) */
    size_t offset;             /* of the field in the row's struct */
    size_t size;               /* COL_CHARS: the buffer's size */
    const struct store_enum *codec;   /* COL_ENUM */
};

/* A list owned by a row (site opening windows, service windows and
 * communes): a child table with (scenario_id, <parent key>, pos) and one
 * column per element field, rewritten with its parent and deleted with
 * it (ON DELETE CASCADE).  The parent has one key column. */
struct store_child {
    const char *table;
    const struct store_col *cols;   /* element columns, pos not included */
    size_t n_cols;
    size_t elem_size;
    size_t array_offset;       /* of the element pointer in the parent row */
    size_t count_offset;       /* of its size_t length */
};

/* A territory table: one row per element of an array of struct model. */
struct store_table {
    const char *name;
    const struct store_col *cols;
    size_t n_cols;
    size_t row_size;
    size_t rows_offset;        /* of the array (or its pointer) in struct model */
    size_t count_offset;       /* of its size_t length */
    /* The array is inside struct model (skill_names[64]) and holds at most
     * this many rows; 0: a heap array that grows. */
    size_t max_rows;
    /* pos must read 0, 1, 2...: it is a bit number in masks. */
    bool dense_pos;
    const struct store_child *children;
    size_t n_children;
};

/* Every territory table, parents first (the order of upserts; deletes go
 * in reverse, children first). */
extern const struct store_table *const store_tables[];
extern const size_t store_n_tables;

/* How a row of the new model relates to the stored one with its key. */
enum store_change {
    ROW_SAME,      /* nothing to write */
    ROW_SILENT,    /* same content; position, CSV line or raw bits moved */
    ROW_CHANGED,   /* content differs: UPDATE, counted updated */
};

size_t store_row_count(const struct store_table *t, const struct model *m);
/* The natural key of row i as one string (fields joined by \x1f);
 * malloc'd, NULL when out of memory. */
char *store_row_key(const struct store_table *t, const struct model *m, size_t i);
enum store_change store_row_compare(const struct store_table *t,
                                    const struct model *old, size_t oi,
                                    const struct model *m, size_t i);
/* Upserts row i of m into scenario sid, with its children; returns an
 * SQLite code. */
int store_row_write(struct store *s, long long sid, const struct store_table *t,
                    const struct model *m, size_t i);
/* Deletes the row of scenario sid with the key of row i of m. */
int store_row_delete(struct store *s, long long sid, const struct store_table *t,
                     const struct model *m, size_t i);

/* Rebuilding a model, table by table (store_load.c drives it). */
struct store_loader {
    struct store *s;
    long long sid;
    struct model *m;
    bool nomem;                /* an allocation failed: the load fails */
    struct diag *err;
};
/* Builds the model of scenario sid (named name) inside the caller's
 * transaction (store_load.c). */
enum status store_load_scenario(struct store *s, long long sid,
                                const char *name, struct model **out,
                                struct diag *err);
/* Appends every row of the scenario's table (and their children) to the
 * model's array, in stored order. */
enum status store_rows_load(struct store_loader *l, const struct store_table *t);
/* "table T, row "KEY": why", STATUS_DB: the file holds what this planner
 * never writes. */
enum status store_load_corrupt(struct store_loader *l, const char *table,
                               const char *key, const char *why);
/* "reading table T: <sqlite message>", STATUS_DB. */
enum status store_load_fail(struct store_loader *l, const char *table);

/* ------------------------------------------------------------------ */
/* Settings (store_settings.c)                                          */
/* ------------------------------------------------------------------ */

/* Loads the scenario's settings rows into l->m->settings. */
enum status store_settings_load(struct store_loader *l);
/* Writes m's settings for scenario sid: rows that differ are upserted,
 * rows of keys this planner does not know are deleted; counts added. */
enum status store_settings_import(struct store *s, long long sid,
                                  const char *scenario, const struct model *m,
                                  struct store_import_counts *c,
                                  struct diag *err);

/* ------------------------------------------------------------------ */
/* Calendars and events (store_calendars.c, store_events.c)             */
/* ------------------------------------------------------------------ */

/* Appends the scenario's busy periods whose person, room or vehicle is
 * still in l->m. */
enum status store_busy_load(struct store_loader *l);

/* The event state of scenario sid after plan p: updates it for every
 * confirmed session of p (writing SEQUENCE and LAST-MODIFIED back into
 * the session), cancels the events p dropped and appends to p the
 * cancellations still within grace_days.  p's sessions are checked
 * (valid indices, distinct UIDs) first. */
enum status store_events_update(struct store *s, long long sid,
                                const struct model *m, struct model_plan *p,
                                int grace_days, struct diag *err);

/* ------------------------------------------------------------------ */
/* Minibus runs of a plan (store_runs.c)                                */
/* ------------------------------------------------------------------ */

/* p's runs as rows of plan plan_id. */
enum status store_runs_insert(struct store *s, long long plan_id,
                              const struct model *m, const struct model_plan *p,
                              struct diag *err);
/* Gives p's runs the SEQUENCE and LAST-MODIFIED of the same UID in prev
 * (the scenario's last plan of the horizon; NULL: none), one higher when
 * changed, and adds prev's runs p no longer has as cancelled (kept while
 * cancelled less than grace_days before p's date).  STATUS_NOMEM or OK. */
enum status store_runs_carry(const struct model_plan *prev, struct model_plan *p,
                             int grace_days);
/* The runs of plan p->id on days first..last into p; with through (not
 * MODEL_NOT_FROZEN) only the confirmed ones up to that day.  Runs m
 * cannot describe (a transport, vehicle, driver or pick-up gone) are
 * skipped. */
enum status store_runs_load(struct store *s, const struct model *m,
                            struct model_plan *p, int first, int last,
                            int through, struct diag *err);

#endif
