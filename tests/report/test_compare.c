/* test_compare.c -- compare_format_number, the French numbers of
 * `planner compare`: thousands grouped by a narrow no-break space
 * (U+202F), decimal comma, minus sign U+2212, '+' on request, and no
 * sign on what rounds to zero. */
#include "test_support.h"

#include <string.h>

#include "report.h"

#define NB "\u202f"

static const char *f(double v, int decimals, bool sign)
{
    static char buf[64];
    return compare_format_number(buf, sizeof buf, v, decimals, sign);
}

static void thousands_are_grouped_by_narrow_spaces(void **state)
{
    (void)state;
    assert_string_equal(f(0, 0, false), "0");
    assert_string_equal(f(999, 0, false), "999");
    assert_string_equal(f(1000, 0, false), "1" NB "000");
    assert_string_equal(f(1234567.4, 0, false), "1" NB "234" NB "567");
    assert_string_equal(f(18000, 0, true), "+18" NB "000");
}

static void decimals_take_a_comma(void **state)
{
    (void)state;
    assert_string_equal(f(2003.25, 1, false), "2" NB "003,2");   /* half-even, binary 2003.25 */
    assert_string_equal(f(0.5, 2, false), "0,50");
    assert_string_equal(f(-157.94, 1, true), "\u2212" "157,9");
}

static void negatives_take_the_minus_sign(void **state)
{
    (void)state;
    assert_string_equal(f(-1240, 0, false), "\u2212" "1" NB "240");
    assert_string_equal(f(-1240, 0, true), "\u2212" "1" NB "240");
}

static void what_rounds_to_zero_has_no_sign(void **state)
{
    (void)state;
    assert_string_equal(f(-0.4, 0, true), "0");
    assert_string_equal(f(0.04, 1, true), "0,0");
    assert_string_equal(f(-0.0, 0, false), "0");
}

static void a_short_buffer_is_truncated_not_overrun(void **state)
{
    (void)state;
    char buf[6];
    memset(buf, 'x', sizeof buf);
    compare_format_number(buf, sizeof buf, 1234567, 0, false);
    assert_int_equal(buf[5], '\0');
    assert_true(strlen(buf) < sizeof buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thousands_are_grouped_by_narrow_spaces),
        cmocka_unit_test(decimals_take_a_comma),
        cmocka_unit_test(negatives_take_the_minus_sign),
        cmocka_unit_test(what_rounds_to_zero_has_no_sign),
        cmocka_unit_test(a_short_buffer_is_truncated_not_overrun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
