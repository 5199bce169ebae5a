/* store_db.c -- the connection to a project file: opening and closing,
 * the pragmas and why, waiting for another process, the statement cache,
 * errors, and transactions (store_begin/commit/rollback and the one
 * transaction every public function runs in).
 *
 * OPENING.  store_open() sets the busy timeout before anything reads the
 * file: two first runs creating the same new file, or a run opening a
 * file another process is migrating, wait for each other's lock instead
 * of failing with "database is locked".  Then the file must be ours
 * (store_schema_identify), WAL is enabled, and an older schema is
 * migrated (store_schema_upgrade).
 *
 * PRAGMAS.  journal_mode=WAL: readers (a feed server) never block the
 * writer, and a writer killed mid-transaction leaves the last committed
 * state.  synchronous=FULL, not NORMAL: NORMAL in WAL mode cannot corrupt
 * the file but may lose the last commits on power loss, and a lost plan
 * save would let SEQUENCE numbers already published go backwards for
 * subscribers; writes are rare (an import, a plan), so one fsync per
 * commit costs nothing that matters.  foreign_keys=ON per connection
 * (SQLite's default is off).
 *
 * TRANSACTIONS.  Each public function is one transaction (store_tx_write
 * or store_tx_read ... store_tx_end).  Inside an outer store_begin()
 * transaction it is a SAVEPOINT of it instead, so a failed call undoes
 * only its own work.  One savepoint name is enough: savepoints stack, and
 * ROLLBACK TO / RELEASE take the innermost of that name.  Writes take the
 * write lock first (BEGIN IMMEDIATE), so a transaction never fails half
 * way because another process wrote meanwhile; when the lock is still
 * taken after STORE_BUSY_TIMEOUT_MS the message says what to do.
 *
 * STATEMENTS.  Prepared once per connection, found again by the address
 * of their SQL text (or of the table description they were generated
 * from): each file keeps its SQL next to the code that binds and reads
 * it.  Every public function resets them all before returning, so no
 * statement keeps a read snapshot open. */
#include "store_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static enum status db_error(struct store *s, struct diag *err,
                            const char *fmt, va_list ap)
{
    char what[256];
    vsnprintf(what, sizeof what, fmt, ap);
    const char *why = s->fault[0] ? s->fault
                      : s->db      ? sqlite3_errmsg(s->db)
                                   : "no connection";
    diag_set(err, STATUS_DB, s->path, 0, 0, NULL, "%s: %s", what, why);
    s->fault[0] = '\0';
    return STATUS_DB;
}

enum status store_db_error(struct store *s, struct diag *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum status st = db_error(s, err, fmt, ap);
    va_end(ap);
    return st;
}

enum status store_nomem(const struct store *s, struct diag *err)
{
    return diag_set(err, STATUS_NOMEM, s->path, 0, 0, NULL, "out of memory");
}

/* ------------------------------------------------------------------ */
/* Statement cache                                                      */
/* ------------------------------------------------------------------ */

sqlite3_stmt *store_stmt_find(struct store *s, const void *owner, int verb)
{
    for (size_t i = 0; i < s->n_stmts; i++) {
        struct store_cached *c = &s->stmts[i];
        if (c->owner == owner && c->verb == verb) {
            /* sqlite3_reset returns the last step's error, not its own. */
            sqlite3_reset(c->st);
            sqlite3_clear_bindings(c->st);
            return c->st;
        }
    }
    return NULL;
}

/* The statement returns exactly names[0..n-1], in this order. */
static bool columns_match(struct store *s, sqlite3_stmt *st,
                          const char *const *names, size_t n)
{
    size_t got = (size_t)sqlite3_column_count(st);
    for (size_t i = 0; i < n && i < got; i++) {
        const char *name = sqlite3_column_name(st, (int)i);
        if (!name || strcmp(name, names[i])) {
            snprintf(s->fault, sizeof s->fault,
                     "internal: statement returns column \"%s\" at"
                     " position %zu where its reader expects \"%s\"",
                     name ? name : "?", i, names[i]);
            return false;
        }
    }
    if (got != n) {
        snprintf(s->fault, sizeof s->fault,
                 "internal: statement returns %zu columns where its reader"
                 " expects %zu", got, n);
        return false;
    }
    return true;
}

sqlite3_stmt *store_stmt_add(struct store *s, const void *owner, int verb,
                             const char *sql, const char *const *names,
                             size_t n)
{
    sqlite3_stmt *st = NULL;
    if (s->n_stmts >= STORE_MAX_STMTS) {
        snprintf(s->fault, sizeof s->fault,
                 "internal: more than %d statements (raise STORE_MAX_STMTS)",
                 STORE_MAX_STMTS);
        return NULL;
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    if (names && !columns_match(s, st, names, n)) {
        sqlite3_finalize(st);
        return NULL;
    }
    s->stmts[s->n_stmts++] = (struct store_cached){owner, verb, st};
    return st;
}

sqlite3_stmt *store_stmt(struct store *s, const char *sql)
{
    sqlite3_stmt *st = store_stmt_find(s, sql, 0);
    return st ? st : store_stmt_add(s, sql, 0, sql, NULL, 0);
}

sqlite3_stmt *store_select(struct store *s, const struct store_select *q)
{
    sqlite3_stmt *st = store_stmt_find(s, q, 0);
    if (st)
        return st;
    char sql[1024];
    size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT ");
    for (size_t i = 0; i < q->n_cols && n < sizeof sql; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s", i ? ", " : "",
                              q->cols[i]);
    if (n < sizeof sql)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " %s", q->rest);
    if (n >= sizeof sql) {
        snprintf(s->fault, sizeof s->fault, "internal: SELECT text too long");
        return NULL;
    }
    return store_stmt_add(s, q, 0, sql, q->cols, q->n_cols);
}

void store_stmt_release(struct store *s)
{
    for (size_t i = 0; i < s->n_stmts; i++)
        sqlite3_reset(s->stmts[i].st);
}

int store_run(sqlite3_stmt *st, int brc)
{
    if (brc != SQLITE_OK)
        return brc;
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum status store_step(struct store *s, sqlite3_stmt *st, int brc,
                       struct diag *err, const char *fmt, ...)
{
    if (store_run(st, brc) == SQLITE_OK)
        return STATUS_OK;
    va_list ap;
    va_start(ap, fmt);
    enum status ret = db_error(s, err, fmt, ap);
    va_end(ap);
    return ret;
}

sqlite3_stmt *store_select_id(struct store *s, const struct store_select *q,
                              long long id)
{
    sqlite3_stmt *st = store_select(s, q);
    if (st && sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
        return NULL;
    return st;
}

int store_prep_failed(struct store *s)
{
    int rc = sqlite3_errcode(s->db);
    return rc == SQLITE_OK ? SQLITE_ERROR : rc;
}

enum status store_exec(struct store *s, const char *sql, const char *what,
                       struct diag *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_db_error(s, err, "%s", what);
    return STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Transactions                                                         */
/* ------------------------------------------------------------------ */

enum status store_begin_immediate(struct store *s, struct diag *err)
{
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return STATUS_OK;
    if ((rc & 0xff) == SQLITE_BUSY)
        return store_busy_error(s, "written", err);
    return store_db_error(s, err, "starting a write transaction");
}

enum status store_busy_error(const struct store *s, const char *doing,
                             struct diag *err)
{
    return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                    "project file is being %s by another planner process"
                    " (waited %g s); try again", doing, s->busy_ms / 1000.0);
}

void store_set_busy_timeout(struct store *s, int ms)
{
    s->busy_ms = ms;
    sqlite3_busy_timeout(s->db, ms);
}

enum status store_tx_write(struct store *s, struct diag *err)
{
    if (s->in_tx)
        return store_exec(s, "SAVEPOINT store_call", "starting a savepoint", err);
    return store_begin_immediate(s, err);
}

/* In WAL mode a reader never waits for a writer: BEGIN (deferred) takes
 * its snapshot at the first read. */
enum status store_tx_read(struct store *s, struct diag *err)
{
    if (s->in_tx)
        return store_exec(s, "SAVEPOINT store_call", "starting a savepoint", err);
    return store_exec(s, "BEGIN", "starting a read transaction", err);
}

enum status store_tx_end(struct store *s, enum status st, struct diag *err)
{
    store_stmt_release(s);
    if (s->in_tx) {
        if (st == STATUS_OK)
            return store_exec(s, "RELEASE store_call", "releasing a savepoint", err);
        /* An I/O error or a full disk may have rolled back the whole
         * outer transaction already: then there is no savepoint left. */
        if (!sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK TO store_call; RELEASE store_call",
                         NULL, NULL, NULL);
        return st;
    }
    if (st == STATUS_OK) {
        st = store_exec(s, "COMMIT", "committing", err);
        if (st == STATUS_OK)
            return st;
    }
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

enum status store_begin(struct store *s, struct diag *err)
{
    if (s->in_tx)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "a transaction is already open on this project file");
    enum status st = store_begin_immediate(s, err);
    if (st == STATUS_OK)
        s->in_tx = true;
    return st;
}

enum status store_commit(struct store *s, struct diag *err)
{
    if (!s->in_tx)
        return diag_set(err, STATUS_INVALID, s->path, 0, 0, NULL,
                        "no transaction is open on this project file");
    store_stmt_release(s);
    s->in_tx = false;
    /* SQLite rolls the whole transaction back by itself after some
     * errors (a full disk, an I/O error): committing now would save
     * nothing and report success. */
    if (sqlite3_get_autocommit(s->db))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "the transaction was rolled back by an earlier error;"
                        " nothing was saved");
    enum status st = store_exec(s, "COMMIT", "committing", err);
    if (st != STATUS_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

void store_rollback(struct store *s)
{
    if (!s || !s->in_tx)
        return;
    store_stmt_release(s);
    s->in_tx = false;
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Opening                                                              */
/* ------------------------------------------------------------------ */

int store_query_int(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

/* PRAGMA journal_mode = WAL, answering the mode in force in got: a file
 * on a medium without shared memory may refuse WAL, and we want to know.
 * Switching a new file to WAL upgrades this connection's read lock to a
 * write lock, and SQLite never calls the busy handler for such an
 * upgrade (two processes doing it would deadlock): another process
 * opening the same new file makes it fail at once with SQLITE_BUSY.  So
 * it is retried here, up to the busy timeout. */
static int enable_wal(struct store *s, char *got, size_t size)
{
    int rc;
    for (int waited = 0;; waited += 10) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *mode = (const char *)sqlite3_column_text(st, 0);
            snprintf(got, size, "%s", mode ? mode : "?");
        }
        sqlite3_finalize(st);
        if ((rc & 0xff) != SQLITE_BUSY || waited >= s->busy_ms)
            return rc;
        sqlite3_sleep(10);
    }
}

static enum status set_pragmas(struct store *s, struct diag *err)
{
    char got[16];
    int rc = enable_wal(s, got, sizeof got);
    if ((rc & 0xff) == SQLITE_BUSY)
        return store_busy_error(s, "created", err);
    if (rc != SQLITE_ROW)
        return store_db_error(s, err, "enabling WAL journal mode");
    if (sqlite3_stricmp(got, "wal"))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "cannot enable WAL journal mode (got \"%s\")", got);
    if (sqlite3_exec(s->db,
                     "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                     NULL, NULL, NULL) != SQLITE_OK)
        return store_db_error(s, err, "setting pragmas");
    long long fk = 0;
    if (store_query_int(s->db, "PRAGMA foreign_keys", &fk) != SQLITE_OK || fk != 1)
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "this SQLite library cannot enforce foreign keys");
    return STATUS_OK;
}

/* A missing file is refused unless create; something that is not a
 * regular file (a folder, a FIFO) always. */
static enum status check_path(const struct store *s, bool create,
                              struct diag *err)
{
    struct stat sb;
    if (stat(s->path, &sb) != 0) {
        if (errno != ENOENT || !create)
            return diag_set(err, errno == ENOENT ? STATUS_NOTFOUND : STATUS_IO,
                            s->path, 0, 0, NULL, "cannot open project file: %s",
                            strerror(errno));
    } else if (!S_ISREG(sb.st_mode)) {
        return diag_set(err, STATUS_IO, s->path, 0, 0, NULL,
                        "not a planner project file: not a regular file");
    }
    return STATUS_OK;
}

static enum status open_connection(struct store *s, bool create, struct diag *err)
{
    enum status st = check_path(s, create, err);
    if (st != STATUS_OK)
        return st;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK)
        return store_db_error(s, err, "cannot open project file");
    sqlite3_extended_result_codes(s->db, 1);
    /* Before the first read: another process may be creating the file. */
    if (sqlite3_busy_timeout(s->db, s->busy_ms) != SQLITE_OK)
        return store_db_error(s, err, "setting the busy timeout");
    /* One snapshot for the reads of the header: another process may
     * commit the schema of a new file between two of them. */
    long long version = 0;
    st = store_exec(s, "BEGIN", "reading the file header", err);
    if (st == STATUS_OK) {
        st = store_schema_identify(s, &version, err);
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    }
    if (st == STATUS_OK)
        st = set_pragmas(s, err);
    s->version = (int)version;
    if (st == STATUS_OK && version != STORE_SCHEMA_VERSION)
        st = store_schema_upgrade(s, err);
    return st;
}

enum status store_open(const char *path, bool create, struct store **out,
                       struct diag *err)
{
    *out = NULL;
    struct store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = store_strdup(path))) {
        free(s);
        return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    s->busy_ms = STORE_BUSY_TIMEOUT_MS;
    enum status st = open_connection(s, create, err);
    if (st != STATUS_OK) {
        store_close(s);
        return st;
    }
    *out = s;
    return STATUS_OK;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    store_rollback(s);
    for (size_t i = 0; i < s->n_stmts; i++)
        sqlite3_finalize(s->stmts[i].st);
    /* Every statement is finalized: close cannot be refused as busy.
     * The last connection to close checkpoints the WAL into the file. */
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int store_schema_version(const struct store *s)
{
    return s->version;
}

/* ------------------------------------------------------------------ */
/* Columns and small helpers                                            */
/* ------------------------------------------------------------------ */

char *store_strdup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s ? s : "", n);
    return d;
}

char *store_col_dup(sqlite3_stmt *st, int i, bool *nomem)
{
    char *d = store_strdup((const char *)sqlite3_column_text(st, i));
    if (!d)
        *nomem = true;
    return d;
}

void store_col_copy(sqlite3_stmt *st, int i, char *buf, size_t size)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    snprintf(buf, size, "%s", t ? t : "");
}

bool store_col_day(sqlite3_stmt *st, int i, int *day)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && model_date_parse(t, day);
}

const char *store_iso(int day, char buf[11])
{
    model_date_iso(day, buf);
    return buf;
}

bool store_str_eq(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

bool store_opt_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

bool store_grow(void *arr, size_t *cap, size_t n, size_t size)
{
    void **p = arr;
    if (n >= *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        void *np = realloc(*p, c * size);
        if (!np)
            return false;
        *p = np;
        *cap = c;
    }
    memset((char *)*p + n * size, 0, size);
    return true;
}

const char *store_enum_name(const struct store_enum *e, int v)
{
    if (v < 0 || (size_t)v >= e->n)
        return "?";
    return e->names ? e->names[v] : e->name(v);
}

bool store_enum_parse(const struct store_enum *e, const char *text, int *v)
{
    for (size_t i = 0; text && i < e->n; i++)
        if (!strcmp(store_enum_name(e, (int)i), text)) {
            *v = (int)i;
            return true;
        }
    return false;
}
