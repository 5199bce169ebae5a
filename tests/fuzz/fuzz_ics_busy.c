/* fuzz_ics_busy.c -- leave and room-booking files (`planner import
 * TERRITORY` reads TERRITORY/unavailability/NAME.ics): ics_parse_busy in
 * calendars/ics_busy.c and ics_doc.c, over libical.
 *
 * The whole input is the file.  The recurrence window is the 2027-Q1
 * horizon `planner plan` uses, plus the 28 grace days the command adds,
 * so endless RRULEs are expanded as far as they are in real runs. */
#include "fuzz_support.h"

#include <stdlib.h>

#include "calendars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int first = -1, last;
    if (first < 0) {
        struct diag err;
        if (cal_parse_horizon("2027-Q1", &first, &last, &err) != STATUS_OK)
            abort();
        first -= 28;
        last += 28;
    }
    char *text = fuzz_strndup(data, size);
    struct model_busy *b = NULL;
    size_t n = 0;
    struct diag err;
    diag_clear(&err);
    enum status st = ics_parse_busy(text, "staff-fuzz.ics", BUSY_STAFF, 0,
                                    first, last, &b, &n, &err);
    if (st == STATUS_OK) {
        for (size_t i = 0; i < n; i++)
            if (b[i].end < b[i].start)
                abort();   /* documented: end exclusive, after start */
    } else if (b || !err.message[0]) {
        abort();           /* documented: error means no result, a message */
    }
    char line[1024];
    diag_format(&err, line, sizeof line);
    ics_busy_free(b, n);
    free(text);
    return 0;
}
