/* test_store_concurrency.c -- several processes on one project file, and
 * writers killed in the middle of a write.
 *
 * Real processes (fork), as two planner runs or a planner and a feed
 * server would be: SQLite's locks are per process (POSIX advisory locks
 * on the file), so threads would not show what users meet.  Children
 * report through their exit status only (and print the store's message
 * on stderr when they fail), never through cmocka.
 *
 * Each crash trial copies a committed file, forks a writer that does one
 * big write on the copy, kills it with SIGKILL after a delay, then checks
 * the copy: PRAGMA integrity_check is "ok" and the content (every row of
 * every table) is exactly the old or exactly the new state.  Delays are
 * spread over the time the same write took when left to finish, so the
 * kills land before, during and after it. */
#include "store_fixture.h"
#include "store_int.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The child's verdict: exit 0 when st is STATUS_OK, else the message. */
static void child_exit(enum status st, const struct diag *err)
{
    if (st != STATUS_OK) {
        char text[700];
        diag_format(err, text, sizeof text);
        fprintf(stderr, "child %d: %s\n", (int)getpid(), text);
    }
    _exit(st == STATUS_OK ? 0 : 10 + (int)st);
}

static void assert_exited_ok(pid_t pid)
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* A copy of the committed content of from, as a new file. */
static void copy_db(const char *from, const char *to)
{
    char *sql = sqlite3_mprintf("VACUUM INTO %Q", to);
    assert_int_equal(raw_exec(from, sql), SQLITE_OK);
    sqlite3_free(sql);
}

static void assert_integrity_ok(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* A pipe as a starting gun: children block in wait_gun() until the
 * parent fires (closes the write end). */
struct gun {
    int fd[2];
};

static void wait_gun(struct gun *g)
{
    char c;
    close(g->fd[1]);
    while (read(g->fd[0], &c, 1) > 0)
        ;
}

/* ------------------------------------------------------------------ */
/* Creating one new file at once                                        */
/* ------------------------------------------------------------------ */

/* Defect "two first runs on a missing out/: one fails with 'database is
 * locked' instead of waiting": creating the file, switching it to WAL
 * and migrating must all wait for the other process's lock. */
static void first_runs_creating_one_new_file_wait_for_each_other(void **state)
{
    struct fixture *f = *state;
    enum { ROUNDS = 12, CHILDREN = 4 };
    for (int r = 0; r < ROUNDS; r++) {
        char path[700];
        snprintf(path, sizeof path, "%s/new-%d.sqlite", f->dir, r);
        struct gun g;
        assert_int_equal(pipe(g.fd), 0);
        pid_t pids[CHILDREN];
        for (int c = 0; c < CHILDREN; c++) {
            pids[c] = fork();
            assert_true(pids[c] >= 0);
            if (pids[c] == 0) {
                struct store *s = NULL;
                struct diag err;
                wait_gun(&g);
                enum status st = store_open(path, true, &s, &err);
                if (st == STATUS_OK && store_schema_version(s) != STORE_SCHEMA_VERSION)
                    st = diag_set(&err, STATUS_DB, path, 0, 0, NULL, "wrong version");
                store_close(s);
                child_exit(st, &err);
            }
        }
        close(g.fd[0]);
        close(g.fd[1]);   /* fire */
        for (int c = 0; c < CHILDREN; c++)
            assert_exited_ok(pids[c]);
        assert_integrity_ok(path);
        assert_int_equal(raw_int(path, "SELECT count(*) FROM meta"), 3);
    }
}

/* ------------------------------------------------------------------ */
/* Two writers                                                          */
/* ------------------------------------------------------------------ */

/* A child that takes the write lock (store_begin), imports the test
 * model with staff[0] working 1234 minutes, and keeps the lock until
 * the parent releases it (hold_s < 0) or for hold_s seconds; then it
 * commits. */
struct holder {
    pid_t pid;
    int ready[2], release[2];
};

static void holder_child(const char *path, struct holder *h, double hold_s)
{
    struct store *s = NULL;
    struct diag err;
    struct model *m = build_model();
    char c;
    close(h->ready[0]);
    close(h->release[1]);
    m->staff[0].weekly_minutes = 1234;
    enum status st = store_open(path, false, &s, &err);
    if (st == STATUS_OK)
        st = store_begin(s, &err);
    if (st == STATUS_OK)
        st = store_import_model(s, "base", m, NULL, &err);
    if (write(h->ready[1], "x", 1) != 1)
        st = STATUS_IO;
    if (hold_s >= 0)
        sleep_s(hold_s);
    else
        while (read(h->release[0], &c, 1) > 0)
            ;
    if (st == STATUS_OK)
        st = store_commit(s, &err);
    store_close(s);
    model_free(m);
    child_exit(st, &err);
}

/* Returns once the child holds the lock. */
static void holder_start(struct holder *h, const char *path, double hold_s)
{
    char c;
    assert_int_equal(pipe(h->ready), 0);
    assert_int_equal(pipe(h->release), 0);
    h->pid = fork();
    assert_true(h->pid >= 0);
    if (h->pid == 0)
        holder_child(path, h, hold_s);
    close(h->ready[1]);
    close(h->release[0]);
    assert_int_equal(read(h->ready[0], &c, 1), 1);
}

static void holder_release(struct holder *h)
{
    close(h->release[1]);
    h->release[1] = -1;
}

static void holder_finish(struct holder *h)
{
    if (h->release[1] >= 0)
        holder_release(h);
    assert_exited_ok(h->pid);
    close(h->ready[0]);
}

/* Issue 17: "two planner processes writing the same project file: the
 * second waits with a bounded timeout or refuses with a clear message;
 * never a corrupt or mixed state". */
static void a_second_writer_waits_then_refuses_naming_the_file(void **state)
{
    struct fixture *f = *state;
    struct diag err;
    struct holder h;
    holder_start(&h, f->path, -1);
    /* A short timeout so the test is quick; the message says it. */
    store_set_busy_timeout(f->s, 300);
    double t0 = now_s();
    assert_int_equal(store_begin(f->s, &err), STATUS_DB);
    assert_true(now_s() - t0 >= 0.25);   /* it waited before refusing */
    assert_string_equal(err.file, f->path);
    assert_string_equal(err.message, "project file is being written by another"
                                     " planner process (waited 0.3 s); try again");
    /* A single write refuses the same way, and changes nothing. */
    f->m->staff[1].weekly_minutes = 99;
    assert_int_equal(store_import_model(f->s, "base", f->m, NULL, &err), STATUS_DB);
    assert_non_null(strstr(err.message, "being written by another planner process"));
    /* Readers are not blocked by the writer, and see none of its work. */
    struct model *seen = NULL;
    assert_ok(store_load_model(f->s, "base", &seen, &err), &err);
    assert_true(seen->staff[0].weekly_minutes == 35 * 60);
    model_free(seen);

    /* Released, the next transaction waits for the child's commit and
     * sees all of it; then our import works. */
    holder_release(&h);
    store_set_busy_timeout(f->s, STORE_BUSY_TIMEOUT_MS);
    assert_ok(store_begin(f->s, &err), &err);
    assert_ok(store_load_model(f->s, "base", &seen, &err), &err);
    assert_true(seen->staff[0].weekly_minutes == 1234);
    model_free(seen);
    store_rollback(f->s);
    holder_finish(&h);
    import_ok(f->s, "base", f->m, NULL);
    assert_stored_equals(f->s, "base", f->m);
}

/* With the default timeout, a writer that keeps its lock a little while
 * is waited for, not refused. */
static void a_second_writer_waits_for_a_short_write(void **state)
{
    struct fixture *f = *state;
    struct diag err;
    struct holder h;
    holder_start(&h, f->path, 0.4);
    double t0 = now_s();
    assert_ok(store_begin(f->s, &err), &err);
    assert_true(now_s() - t0 >= 0.3);
    assert_ok(store_commit(f->s, &err), &err);
    holder_finish(&h);
}

/* Two processes importing two territories over and over: every import
 * waits its turn, and the file always holds one whole territory. */
static void two_writers_at_once_leave_one_whole_territory(void **state)
{
    struct fixture *f = *state;
    struct store *s = NULL;
    struct model *a = f->m, *b = build_model();
    b->communes[1].population = 4321;
    b->staff[0].weekly_minutes = 600;
    free(b->sites[2].name);
    b->sites[2].name = xs("Médiathèque");
    struct gun g;
    assert_int_equal(pipe(g.fd), 0);
    pid_t pids[2];
    for (int c = 0; c < 2; c++) {
        pids[c] = fork();
        assert_true(pids[c] >= 0);
        if (pids[c] == 0) {
            struct diag err;
            enum status st = store_open(f->path, false, &s, &err);
            wait_gun(&g);
            for (int i = 0; i < 25 && st == STATUS_OK; i++)
                st = store_import_model(s, "base", (i + c) % 2 ? b : a, NULL, &err);
            store_close(s);
            child_exit(st, &err);
        }
    }
    close(g.fd[0]);
    close(g.fd[1]);
    assert_exited_ok(pids[0]);
    assert_exited_ok(pids[1]);
    assert_integrity_ok(f->path);
    struct model *back = NULL;
    struct diag err;
    assert_ok(store_load_model(f->s, "base", &back, &err), &err);
    /* Whichever child finished last, the whole of its territory. */
    assert_models_equal(back->communes[1].population == 4321 ? b : a, back);
    model_free(back);
    model_free(b);
}

/* ------------------------------------------------------------------ */
/* Killed writers                                                       */
/* ------------------------------------------------------------------ */

/* The test model with n more communes, each with a travel row: an import
 * of a few MB, more than SQLite's page cache, so uncommitted pages reach
 * the WAL before the commit. */
static struct model *big_model(size_t n)
{
    struct model *m = build_model();
    size_t n0 = m->n_communes;
    m->communes = realloc(m->communes, (n0 + n) * sizeof *m->communes);
    m->travel = realloc(m->travel, (1 + n) * sizeof *m->travel);
    assert_non_null(m->communes);
    assert_non_null(m->travel);
    for (size_t i = 0; i < n; i++) {
        struct model_commune *c = &m->communes[n0 + i];
        memset(c, 0, sizeof *c);
        snprintf(c->insee, sizeof c->insee, "%05zu", 10000 + i);
        c->name = xs("Commune de l'essai, un nom assez long pour remplir des pages");
        c->sector = xs("Nord");
        c->aliases = xs("");
        c->population = (int)(100 + i % 5000);
        c->pop[AUD_ALL] = c->population;
        c->pop_known = 1;
        c->lat = 44.0 + (double)i / (10.0 * (double)n);
        c->lon = 1.0;
        c->line = (int)(n0 + i + 2);
        struct model_travel *t = &m->travel[1 + i];
        t->from_commune = 0;
        t->to_commune = (int)(n0 + i);
        t->km = (double)i;
        t->minutes = (double)i / 2;
    }
    m->n_communes += n;
    m->n_travel = 1 + n;
    return m;
}

/* A plan of n sessions on the test model (distinct UIDs). */
static struct model_plan *big_plan(size_t n, long long created_at)
{
    int d0 = model_date_to_days((struct model_date){2027, 1, 4});
    struct model_plan *p = new_plan(d0, created_at);
    for (size_t i = 0; i < n; i++) {
        char uid[48];
        snprintf(uid, sizeof uid, "essai-%zu@example.org", i);
        add(p, session(uid, (int)(i % 2), (int)(i % 3), d0 + (int)(i % 90),
                       480 + (int)(i % 4) * 60, (int)(i % 2), -1, -1));
    }
    return p;
}

enum big_write { WRITE_IMPORT, WRITE_PLAN };

struct crash_case {
    enum big_write what;
    const struct model *base;     /* what the file holds before */
    const struct model *big;      /* WRITE_IMPORT: the territory written */
    size_t sessions;              /* WRITE_PLAN: the plan written */
};

/* The write a killed child does; in the child, on the file at path. */
static void big_write_child(const struct crash_case *k, const char *path)
{
    struct store *s = NULL;
    struct diag err;
    enum status st = store_open(path, false, &s, &err);
    struct model_plan *p = k->what == WRITE_PLAN ? big_plan(k->sessions, 1798100000) : NULL;
    /* A small page cache: uncommitted pages spill into the WAL during
     * the write, so a kill leaves half a transaction on disk. */
    if (st == STATUS_OK)
        sqlite3_exec(s->db, "PRAGMA cache_size = 20", NULL, NULL, NULL);
    if (st == STATUS_OK && k->what == WRITE_IMPORT)
        st = store_import_model(s, "base", k->big, NULL, &err);
    else if (st == STATUS_OK)
        st = store_save_plan(s, "base", k->base, p, 30, &err);
    store_close(s);
    model_plan_free(p);
    child_exit(st, &err);
}

/* Forks the write on path; kills it after delay_s (< 0: lets it end).
 * Returns how long the child lived. */
static double run_big_write(const struct crash_case *k, const char *path,
                            double delay_s)
{
    double t0 = now_s();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        big_write_child(k, path);
    if (delay_s < 0) {
        assert_exited_ok(pid);
        return now_s() - t0;
    }
    sleep_s(delay_s);
    kill(pid, SIGKILL);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return now_s() - t0;
}

static void crash_trials(const char *dir, const struct crash_case *k)
{
    char base[700], done[700], trial[700];
    snprintf(base, sizeof base, "%s/base.sqlite", dir);
    snprintf(done, sizeof done, "%s/done.sqlite", dir);
    /* The file before: the test model and a small plan, closed (so its
     * WAL is checkpointed into the main file, which is all we copy). */
    struct store *s = open_store(base, true);
    struct diag err;
    import_ok(s, "base", k->base, NULL);
    struct model_plan *p = big_plan(3, 1798000000);
    assert_ok(store_save_plan(s, "base", k->base, p, 30, &err), &err);
    model_plan_free(p);
    store_close(s);
    char *before = dump(base);
    /* The same write, left to finish: the state after, and how long. */
    copy_db(base, done);
    double took = run_big_write(k, done, -1);
    char *after = dump(done);
    assert_string_not_equal(before, after);
    enum { TRIALS = 8 };
    int old_seen = 0, new_seen = 0, torn = 0;
    for (int t = 0; t < TRIALS; t++) {
        snprintf(trial, sizeof trial, "%s/trial-%d.sqlite", dir, t);
        copy_db(base, trial);
        run_big_write(k, trial, took * (0.1 + 1.1 * t / TRIALS));
        char wal[720];
        struct stat sb;
        snprintf(wal, sizeof wal, "%s-wal", trial);
        bool half_written = stat(wal, &sb) == 0 && sb.st_size > 0;
        assert_integrity_ok(trial);
        char *now = dump(trial);
        bool is_old = !strcmp(now, before), is_new = !strcmp(now, after);
        if (!is_old && !is_new)
            fail_msg("trial %d (killed after %.0f%% of %.3f s): neither the old"
                     " nor the new state", t, 100 * (0.1 + 1.1 * t / TRIALS), took);
        old_seen += is_old;
        new_seen += is_new;
        torn += is_old && half_written;
        free(now);
        /* And the next run works on it. */
        s = open_store(trial, false);
        struct model *back = NULL;
        assert_ok(store_load_model(s, "base", &back, &err), &err);
        model_free(back);
        store_close(s);
    }
    /* Kills before the commit left the old state: the trials were not
     * all too late to test anything. */
    assert_true(old_seen > 0);
    fprintf(stderr, "# %s: %d trials, %d old state (%d with uncommitted pages"
            " in the WAL), %d new state; the write takes %.2f s\n",
            k->what == WRITE_IMPORT ? "import" : "plan save", TRIALS, old_seen,
            torn, new_seen, took);
    free(before);
    free(after);
}

static void killed_import_leaves_the_old_or_the_new_territory(void **state)
{
    struct fixture *f = *state;
    struct model *base = build_model(), *big = big_model(8000);
    struct crash_case k = {WRITE_IMPORT, base, big, 0};
    crash_trials(f->dir, &k);
    model_free(big);
    model_free(base);
}

static void killed_plan_save_leaves_the_old_or_the_new_plan(void **state)
{
    struct fixture *f = *state;
    struct model *base = build_model();
    struct crash_case k = {WRITE_PLAN, base, NULL, 8000};
    crash_trials(f->dir, &k);
    model_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        STORE_TEST(first_runs_creating_one_new_file_wait_for_each_other),
        STORE_TEST_BASE(a_second_writer_waits_then_refuses_naming_the_file),
        STORE_TEST_BASE(a_second_writer_waits_for_a_short_write),
        STORE_TEST_BASE(two_writers_at_once_leave_one_whole_territory),
        STORE_TEST(killed_import_leaves_the_old_or_the_new_territory),
        STORE_TEST(killed_plan_save_leaves_the_old_or_the_new_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
