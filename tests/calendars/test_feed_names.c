/* test_feed_names.c -- ids made into feed file names (ics_feed_path):
 * never outside their folder, never hidden, never a Windows device, and
 * distinct ids give distinct files (issue 17, defect 3: two ids of 67
 * accented letters, cut at 199 bytes, shared one file), while ordinary
 * ids keep the names they always had. */
#include "test_support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calendars.h"
#include "feed_fixture.h"

/* The fixture territory with these staff ids (its sessions use staff 0
 * and 1, so n >= 2). */
static struct model *with_staff(const char *const *ids, size_t n)
{
    struct model *m = fixture_model();
    model_free_staff(m);
    m->staff = calloc(n, sizeof *m->staff);
    assert_non_null(m->staff);
    m->n_staff = n;
    for (size_t i = 0; i < n; i++) {
        m->staff[i].id = strdup(ids[i]);
        m->staff[i].name = strdup("Agent");
        m->staff[i].role = strdup("");
        m->staff[i].employer = strdup("");
        m->staff[i].base_site = -1;
        assert_non_null(m->staff[i].id);
    }
    return m;
}

static void staff_path(const struct model *m, int i, char out[256])
{
    ics_feed_path(m, (struct ics_feed){ICS_FEED_STAFF, i}, out);
}

/* 67 times "é" then the given ASCII tail. */
static char *accented(const char *tail)
{
    char *s = malloc(67 * 2 + strlen(tail) + 1);
    assert_non_null(s);
    size_t k = 0;
    for (int i = 0; i < 67; i++) {
        s[k++] = (char)0xc3;
        s[k++] = (char)0xa9;
    }
    strcpy(s + k, tail);
    return s;
}

static void ordinary_ids_keep_their_names(void **state)
{
    (void)state;
    const char *ids[] = {"S01", "M-46033", "agent.2", "HALL/É 3"};
    struct model *m = with_staff(ids, 4);
    char p[256];
    staff_path(m, 0, p);
    assert_string_equal(p, "staff/S01.ics");
    staff_path(m, 1, p);
    assert_string_equal(p, "staff/M-46033.ics");
    staff_path(m, 2, p);
    assert_string_equal(p, "staff/agent.2.ics");
    staff_path(m, 3, p);
    assert_string_equal(p, "staff/HALL_2F_C3_89_203.ics");
    model_free(m);
}

static void dots_slashes_and_control_characters_stay_in_the_folder(
    void **state)
{
    (void)state;
    const char *ids[] = {"..", ".", "../../etc/passwd", "a/b", "/abs",
                         "tab\there", "nl\nx", "\x7f", ".hidden", "a\\b"};
    const char *want[] = {
        "staff/_2E..ics", "staff/_2E.ics", "staff/_2E._2F.._2Fetc_2Fpasswd.ics",
        "staff/a_2Fb.ics", "staff/_2Fabs.ics", "staff/tab_09here.ics",
        "staff/nl_0Ax.ics", "staff/_7F.ics", "staff/_2Ehidden.ics",
        "staff/a_5Cb.ics",
    };
    struct model *m = with_staff(ids, 10);
    for (int i = 0; i < 10; i++) {
        char p[256];
        staff_path(m, i, p);
        assert_string_equal(p, want[i]);
        assert_null(strchr(p + 6, '/'));
    }
    model_free(m);
}

static void windows_device_names_get_a_hash(void **state)
{
    (void)state;
    const char *ids[] = {"CON", "nul", "Com1", "LPT9", "aux.txt", "COM10",
                         "CONSOLE", "PRN"};
    struct model *m = with_staff(ids, 8);
    char p[8][256];
    for (int i = 0; i < 8; i++)
        staff_path(m, i, p[i]);
    assert_memory_equal(p[0], "staff/CON~", 10);
    assert_memory_equal(p[1], "staff/nul~", 10);
    assert_memory_equal(p[2], "staff/Com1~", 11);
    assert_memory_equal(p[3], "staff/LPT9~", 11);
    assert_memory_equal(p[4], "staff/aux.txt~", 14);
    assert_string_equal(p[5], "staff/COM10.ics");   /* not a device */
    assert_string_equal(p[6], "staff/CONSOLE.ics");
    assert_memory_equal(p[7], "staff/PRN~", 10);
    /* "~" and 16 hex digits, then ".ics" */
    assert_int_equal(strlen(p[0]), strlen("staff/CON") + 17 + 4);
    assert_string_equal(p[0] + strlen(p[0]) - 4, ".ics");
    model_free(m);
}

static void two_long_accented_ids_get_two_files(void **state)
{
    (void)state;
    char *a = accented("-a"), *b = accented("-b");
    const char *ids[] = {a, b};
    struct model *m = with_staff(ids, 2);
    char pa[256], pb[256];
    staff_path(m, 0, pa);
    staff_path(m, 1, pb);
    assert_string_not_equal(pa, pb);
    /* Both shortened: a prefix cut between escapes, '~', the hash. */
    assert_non_null(strchr(pa, '~'));
    assert_true(strlen(pa) <= strlen("staff/") + 199 + strlen(".ics"));
    assert_memory_equal(pa, "staff/_C3_A9_C3_A9", 18);
    const char *tilde = strchr(pa, '~');
    assert_int_equal((tilde - pa - 6) % 3, 0);
    assert_memory_equal(pa, pb, (size_t)(tilde - pa) + 1);
    /* Same id, same name: the hash is stable. */
    char again[256];
    staff_path(m, 0, again);
    assert_string_equal(pa, again);

    /* Written out: two files, each holding its own person's calendar. */
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    struct model_plan *p = fixture_plan(m);
    struct diag err;
    assert_ok(ics_write_feeds(m, p, dir, NULL, NULL, &err), &err);
    char fa[1400], fb[1400];
    snprintf(fa, sizeof fa, "%s/%s", dir, pa);
    snprintf(fb, sizeof fb, "%s/%s", dir, pb);
    struct stat sa, sb;
    assert_int_equal(stat(fa, &sa), 0);
    assert_int_equal(stat(fb, &sb), 0);
    assert_true(sa.st_ino != sb.st_ino);
    test_remove_tree(dir);
    model_plan_free(p);
    model_free(m);
    free(a);
    free(b);
}

static void a_name_just_within_the_limit_is_kept(void **state)
{
    (void)state;
    char id[201];
    memset(id, 'x', 199);
    id[199] = '\0';
    char longer[201];
    memset(longer, 'x', 200);
    longer[200] = '\0';
    const char *ids[] = {id, longer};
    struct model *m = with_staff(ids, 2);
    char p[256], q[256];
    staff_path(m, 0, p);
    staff_path(m, 1, q);
    assert_int_equal(strlen(p), 6 + 199 + 4);
    assert_null(strchr(p, '~'));
    assert_non_null(strchr(q, '~'));
    assert_int_equal(strlen(q), 6 + 199 + 4);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ordinary_ids_keep_their_names),
        cmocka_unit_test(dots_slashes_and_control_characters_stay_in_the_folder),
        cmocka_unit_test(windows_device_names_get_a_hash),
        cmocka_unit_test(two_long_accented_ids_get_two_files),
        cmocka_unit_test(a_name_just_within_the_limit_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
