/* solver_summary.c -- the short summary `planner solve` prints: the
 * solver's status, objective and its parts, bound, gap, time and model
 * size, sessions per service and the unmet targets.  The full summary a
 * coordinator reads is summary_text.c. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "report.h"

void summary_write_solver(const struct model *m, const struct plan_result *r,
                          FILE *out)
{
    const struct model_plan *p = r->plan;
    char a[11], b[11];
    model_date_iso(p->horizon_start, a);
    model_date_iso(p->horizon_end, b);
    fprintf(out, "Plan %s..%s: %s%s\n", a, b, p->solver_status,
            p->time_limit_hit ? " (time limit hit)" : "");
    fprintf(out, "  objective   %.3f\n", p->objective);
    if (isfinite(p->bound))
        fprintf(out, "  best bound  %.3f\n", p->bound);
    else
        fprintf(out, "  best bound  unknown\n");
    if (isfinite(p->gap))
        fprintf(out, "  gap         %.3f %%\n", 100.0 * p->gap);
    else
        fprintf(out, "  gap         unknown\n");
    fprintf(out, "  time        %.2f s (first plan after %.2f s)\n",
            p->seconds, r->first_feasible_s);
    fprintf(out, "  parts       access %.3f, equity %.3f, staff driving "
                 "cost %.3f (%.1f h), vehicle cost %.3f (%.1f km), unmet "
                 "penalty %.1f (%.0f sessions)\n",
            r->parts.access, r->parts.equity, r->parts.cost_hours,
            r->parts.driving_hours, r->parts.cost_km, r->parts.km,
            r->parts.penalty, r->parts.unmet_sessions);
    fprintf(out, "  model       %zu patterns, %zu rows, %zu columns\n",
            r->n_patterns, r->n_rows, r->n_cols);
    if (r->n_pruned)
        fprintf(out, "  restricted  %zu candidate columns left out (too many "
                     "for the time limit): the bound and gap are those of "
                     "the restricted model\n", r->n_pruned);
    /* Confirmed sessions only: a saved re-plan also lists the ones it
     * cancelled. */
    size_t total = 0;
    for (size_t q = 0; q < p->n_sessions; q++)
        total += p->sessions[q].status == SESSION_CONFIRMED;
    fprintf(out, "Sessions: %zu\n", total);
    for (size_t s = 0; s < m->n_services; s++) {
        size_t n = 0, sites = 0;
        for (size_t q = 0; q < p->n_sessions; q++)
            if (p->sessions[q].service == (int)s &&
                p->sessions[q].status == SESSION_CONFIRMED)
                n++;
        for (size_t k = 0; k < m->n_sites; k++) {
            bool any = false;
            for (size_t q = 0; q < p->n_sessions && !any; q++)
                any = p->sessions[q].service == (int)s &&
                      p->sessions[q].site == (int)k &&
                      p->sessions[q].status == SESSION_CONFIRMED;
            sites += any;
        }
        fputs("  ", out);
        text_put_padded(out, m->services[s].name, 28);
        fprintf(out, " %4zu sessions at %zu site%s\n", n, sites,
                sites == 1 ? "" : "s");
    }
    if (r->n_unmet) {
        fprintf(out, "Unmet targets: %zu\n", r->n_unmet);
        for (size_t q = 0; q < r->n_unmet; q++)
            fprintf(out, "  %s\n", r->unmet[q].message);
    } else {
        fprintf(out, "Every target is met.\n");
    }
}
