/* test_text.c -- UTF-8 columns of the console reports (models/text.c). */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void width_counts_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width("Karim Benali"), 12);
    /* è and É are two bytes each in UTF-8. */
    assert_int_equal(strlen("Marion Vayssière"), 17);
    assert_int_equal(text_width("Marion Vayssière"), 16);
    assert_int_equal(text_width("Élodie Fabre"), 12);
    /* A three-byte character (the euro sign) is one. */
    assert_int_equal(text_width("12 \xe2\x82\xac"), 4);
}

/* What text_put_padded wrote, as a string the caller frees. */
static char *padded(const char *s, size_t width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    text_put_padded(f, s, width);
    fputc('|', f);
    fclose(f);
    return buf;
}

static void accented_names_line_up_with_plain_ones(void **state)
{
    (void)state;
    char *a = padded("Marion Vayssière", 20), *b = padded("Karim Benali", 20);
    assert_string_equal(a, "Marion Vayssière    |");
    assert_string_equal(b, "Karim Benali        |");
    assert_int_equal(text_width(a), text_width(b));
    free(a);
    free(b);
    /* Longer than the column: written whole, no padding. */
    char *c = padded("Communauté de communes", 8);
    assert_string_equal(c, "Communauté de communes|");
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(width_counts_characters_not_bytes),
        cmocka_unit_test(accented_names_line_up_with_plain_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
