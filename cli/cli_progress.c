/* cli_progress.c -- the one progress line of `plan` and `solve`: on
 * standard error, only when it is a terminal, only for runs longer than
 * CLI_PROGRESS_AFTER_S (a line that flashes by helps nobody), rewritten
 * in place (\r) with the phase, the elapsed time, the best plan so far
 * and its gap, and ended by one "done" line. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void show_progress(void *ctx, const struct plan_progress *pr)
{
    struct cli_progress *ps = ctx;
    bool done = !strcmp(pr->phase, "done");
    /* "done" comes from the MIP and from plan_solve: show it once, and
     * only after a line was shown. */
    if (!ps->enabled || ps->finished ||
        (pr->elapsed_s < CLI_PROGRESS_AFTER_S && !done) ||
        (done && !ps->printed))
        return;
    fprintf(stderr, "\r%-10s %7.1f s", pr->phase, pr->elapsed_s);
    if (pr->has_incumbent)
        fprintf(stderr, "  best %.4f  gap %6.2f %%", pr->objective, 100 * pr->gap);
    else
        fprintf(stderr, "  no plan yet                 ");
    fputs(done ? "\n" : "", stderr);
    fflush(stderr);
    ps->printed = true;
    ps->finished = done;
}

void cli_progress_attach(struct cli_progress *ps, bool quiet,
                         struct plan_params *pp)
{
    ps->enabled = !quiet && isatty(fileno(stderr));
    ps->printed = ps->finished = false;
    pp->progress = show_progress;
    pp->progress_ctx = ps;
}
