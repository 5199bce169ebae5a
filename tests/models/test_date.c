/* test_date.c -- day numbers, weekdays and date parsing. */
#include "test_support.h"

static void epoch_is_day_zero_and_a_thursday(void **state)
{
    (void)state;
    assert_int_equal(model_date_to_days((struct model_date){1970, 1, 1}), 0);
    assert_int_equal(model_date_weekday(0), 3);
}

static void round_trips_every_day_from_1900_to_2100(void **state)
{
    (void)state;
    int first = model_date_to_days((struct model_date){1900, 1, 1});
    int last = model_date_to_days((struct model_date){2100, 12, 31});
    for (int d = first; d <= last; d++) {
        struct model_date c = model_date_from_days(d);
        assert_true(model_date_valid(c));
        assert_int_equal(model_date_to_days(c), d);
        if (d > first)
            assert_int_equal(model_date_weekday(d),
                             (model_date_weekday(d - 1) + 1) % 7);
    }
}

static void known_weekdays(void **state)
{
    (void)state;
    int d;
    assert_true(model_date_parse("2027-01-04", &d));
    assert_int_equal(model_date_weekday(d), 0); /* Monday */
    assert_true(model_date_parse("29/02/2028", &d));
    assert_int_equal(model_date_weekday(d), 1); /* Tuesday */
}

static void parse_refuses_impossible_dates(void **state)
{
    (void)state;
    int d;
    assert_false(model_date_parse("2027-02-29", &d));
    assert_false(model_date_parse("2027-13-01", &d));
    assert_false(model_date_parse("2027-1-1", &d));
    assert_false(model_date_parse("2027-01-01x", &d));
    assert_false(model_date_parse("", &d));
    char buf[11];
    assert_true(model_date_parse("2027-03-31", &d));
    model_date_iso(d, buf);
    assert_string_equal(buf, "2027-03-31");
    model_date_fr(d, buf);
    assert_string_equal(buf, "31/03/2027");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(epoch_is_day_zero_and_a_thursday),
        cmocka_unit_test(round_trips_every_day_from_1900_to_2100),
        cmocka_unit_test(known_weekdays),
        cmocka_unit_test(parse_refuses_impossible_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
