/* plan.c -- being written. */
typedef int plan_unused;
