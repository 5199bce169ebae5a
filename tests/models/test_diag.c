/* test_diag.c -- diagnostics format and lists. */
#include "test_support.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_names_file_line_and_column),
        cmocka_unit_test(list_keeps_all_problems_in_reading_order),
        cmocka_unit_test(list_counts_what_it_drops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
