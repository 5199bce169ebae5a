/* fuzz_ics_school.c -- the Ministry's school calendar (`planner
 * holidays import FILE.ics`): ics_parse_school_holidays in
 * calendars/ics_school.c and ics_doc.c, over libical.
 *
 * Input: one selector byte (zone: taken from the file, A, B or C), then
 * the file. */
#include "fuzz_support.h"

#include <stdlib.h>

#include "calendars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char zones[] = {0, 'A', 'B', 'C'};
    char zone = zones[data[0] % 4];
    char *text = fuzz_strndup(data + 1, size - 1);
    struct model_holiday_period *p = NULL;
    size_t n = 0;
    struct diag err;
    diag_clear(&err);
    enum status st = ics_parse_school_holidays(text, "fuzz.ics", zone, &p, &n,
                                               &err);
    if (st == STATUS_OK) {
        for (size_t i = 0; i < n; i++)
            if (p[i].last_day < p[i].first_day ||
                (zone && p[i].zone != zone))
                abort();   /* a period ends after it starts, in the zone */
    } else if (!err.message[0]) {
        abort();           /* an error comes with a message */
    }
    free(p);
    free(text);
    return 0;
}
