/* test_diag.c -- diagnostics format and lists. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void format_names_file_line_and_column(void **state)
{
    (void)state;
    struct diag d;
    diag_set(&d, STATUS_INVALID, "sites.csv", 14, 2, "commune",
             "unknown INSEE code %s", "46999");
    char buf[512];
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf,
        "sites.csv:14: column \"commune\": unknown INSEE code 46999");
}

static void list_keeps_all_problems_in_reading_order(void **state)
{
    (void)state;
    struct diag_list l;
    diag_list_init(&l);
    diag_list_add(&l, STATUS_INVALID, "b.csv", 3, 1, NULL, "third");
    diag_list_add(&l, STATUS_OK, "a.csv", 9, 1, NULL, "a warning");
    diag_list_add(&l, STATUS_INVALID, "a.csv", 2, 1, NULL, "first");
    diag_list_sort(&l);
    assert_int_equal(l.count, 3);
    assert_int_equal(diag_list_errors(&l), 2);
    assert_string_equal(l.items[0].message, "first");
    assert_string_equal(l.items[2].message, "third");
    diag_list_free(&l);
}

static void list_counts_what_it_drops(void **state)
{
    (void)state;
    struct diag_list l;
    diag_list_init(&l);
    for (int i = 0; i < DIAG_LIST_MAX + 7; i++)
        diag_list_add(&l, STATUS_PARSE, "x.csv", i + 1, 1, NULL, "bad");
    assert_int_equal(l.count, DIAG_LIST_MAX);
    assert_int_equal(l.dropped, 7);
    assert_int_equal(diag_list_errors(&l), DIAG_LIST_MAX + 7);
    diag_list_free(&l);
    diag_list_free(NULL);
}

/* 600 warnings used to fill the list, push every later error out and
 * count as 100 errors: a valid territory was refused ("1 problem(s)"). */
static void warnings_never_push_out_or_count_as_errors(void **state)
{
    (void)state;
    struct diag_list l;
    diag_list_init(&l);
    for (int i = 0; i < DIAG_LIST_MAX + 100; i++)
        diag_list_add(&l, STATUS_OK, "sites.csv", 1, i + 1, NULL, "unknown column");
    assert_int_equal(diag_list_errors(&l), 0);
    assert_int_equal(l.warnings, DIAG_LIST_MAX);
    assert_int_equal(l.dropped_warnings, 100);
    for (int i = 0; i < 3; i++)
        diag_list_add(&l, STATUS_INVALID, "sites.csv", 10 + i, 2, "commune",
                      "unknown INSEE code");
    assert_int_equal(diag_list_errors(&l), 3);
    assert_int_equal(l.count, DIAG_LIST_MAX + 3);
    diag_list_sort(&l);
    assert_int_equal(l.items[DIAG_LIST_MAX].line, 10);
    assert_int_equal(l.items[DIAG_LIST_MAX + 2].status, STATUS_INVALID);

    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    diag_list_print(&l, out);
    fclose(out);
    const char *tail = strstr(buf, "... and");
    assert_non_null(tail);
    assert_string_equal(tail, "... and 100 more warnings not shown\n");
    free(buf);
    diag_list_free(&l);
}

/* Errors beyond the cap are counted and said, apart from warnings. */
static void dropped_errors_and_warnings_are_told_apart(void **state)
{
    (void)state;
    struct diag_list l;
    diag_list_init(&l);
    for (int i = 0; i < DIAG_LIST_MAX + 2; i++) {
        diag_list_add(&l, STATUS_PARSE, "x.csv", i + 1, 1, NULL, "bad");
        diag_list_add(&l, STATUS_OK, "x.csv", i + 1, 2, NULL, "odd");
    }
    assert_int_equal(diag_list_errors(&l), DIAG_LIST_MAX + 2);
    assert_int_equal(l.count, 2 * DIAG_LIST_MAX);
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    diag_list_print(&l, out);
    fclose(out);
    assert_string_equal(strstr(buf, "... and"),
                        "... and 2 more errors and 2 more warnings not shown\n");
    free(buf);
    diag_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_names_file_line_and_column),
        cmocka_unit_test(list_keeps_all_problems_in_reading_order),
        cmocka_unit_test(list_counts_what_it_drops),
        cmocka_unit_test(warnings_never_push_out_or_count_as_errors),
        cmocka_unit_test(dropped_errors_and_warnings_are_told_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
