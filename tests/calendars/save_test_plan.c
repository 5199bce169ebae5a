/* save_test_plan.c -- stores a small plan in a project file, for the
 * command-line test of `planner feeds` (cli_calendars.sh), while no
 * command makes plans yet.  It goes through the real store, so the
 * SEQUENCE and cancellation logic under test is store_save_plan's.
 *
 * usage: save_test_plan DB 1|2 CREATED_AT_UNIX
 *   1: sessions 0 and 1 of the first service at the first site
 *      (2027-03-25 and 2027-04-01, 10:00-11:30, first staff member);
 *   2: the re-plan: session 0 moved to 2027-03-26, session 1 dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendars.h"
#include "store.h"

static int die(const struct diag *err)
{
    char buf[1024];
    diag_format(err, buf, sizeof buf);
    fprintf(stderr, "save_test_plan: %s\n", buf);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[2], "1") && strcmp(argv[2], "2"))) {
        fprintf(stderr, "usage: save_test_plan DB 1|2 CREATED_AT_UNIX\n");
        return 2;
    }
    struct diag err;
    diag_clear(&err);
    struct store *s = NULL;
    struct model *m = NULL;
    if (store_open(argv[1], false, &s, &err) != STATUS_OK ||
        store_load_model(s, STORE_DEFAULT_SCENARIO, &m, &err) != STATUS_OK)
        return die(&err);
    struct model_plan *p = model_plan_new();
    p->created_at = atoll(argv[3]);
    p->horizon_start = model_date_to_days((struct model_date){2027, 1, 1});
    p->horizon_end = model_date_to_days((struct model_date){2027, 6, 30});
    snprintf(p->solver_status, sizeof p->solver_status, "manual");
    int days[2][2] = {{25, 1}, {26, -1}};   /* March day, April day */
    int v = argv[2][0] - '1';
    for (int i = 0; i < 2; i++) {
        if (days[v][i] < 0)
            continue;
        struct model_session x;
        memset(&x, 0, sizeof x);
        x.service = 0;
        x.site = 0;
        x.day = model_date_to_days(
            (struct model_date){2027, i == 0 ? 3 : 4, days[v][i]});
        x.start = 600;
        x.end = 690;
        x.staff[0] = 0;
        x.n_staff = 1;
        x.vehicle = -1;
        ics_session_uid(m, 0, 0, i, NULL, x.uid);
        if (model_plan_add(p, &x) != STATUS_OK)
            return 1;
    }
    int rc = 0;
    if (store_save_plan(s, STORE_DEFAULT_SCENARIO, m, p, 30, &err) !=
        STATUS_OK)
        rc = die(&err);
    else
        printf("saved plan %lld\n", p->id);
    model_plan_free(p);
    model_free(m);
    store_close(s);
    return rc;
}
