/* feed_fixture.h -- a small territory and a plan around the 2027 DST
 * changes, shared by test_feeds.c and the interop feed writer. */
#ifndef PLANNER_FEED_FIXTURE_H
#define PLANNER_FEED_FIXTURE_H

#include "models.h"

/* Communes: 0 Montcuq, 1 Castelnau.  Sites: 0 MONTCUQ-SDF, 1
 * CASTELNAU-MED, 2 "HALL/É 3" (an id that needs escaping).  Staff: 0 S01
 * Léa Martin, 1 S02 Paul Roux.  Vehicle 0 V1.  Services: 0 HJ, 1 FS. */
struct model *fixture_model(void);

/* Sessions on both sides of 2027-03-28 and 2027-10-31, on those days,
 * one ending at midnight, and a cancelled one; UIDs from
 * ics_session_uid, created_at 2027-01-15T10:00:00Z. */
struct model_plan *fixture_plan(const struct model *m);

#endif
