# crash_lib.sh -- what crash_trials.sh and concurrency.sh share (sourced
# after lib.sh): python3 with python3-icalendar, crash_state.py, and the
# two territories of a re-plan.
PY=/usr/bin/python3
STATE="$PLANNER_SOURCE_ROOT/tests/cli/crash_state.py"
NOW=2027-01-01T08:00:00
Q=2027-Q1

# two_territories: $WORK/t0, Quercy Blanc, and $WORK/t1, the same where
# one staff member works one day less, a commune wants twice as many
# sessions and a population changed, so a re-plan moves, adds and
# cancels sessions.
two_territories() {
  copy_example quercy-blanc "$WORK/t0"
  copy_example quercy-blanc "$WORK/t1"
  sed -i 's/^\(RIPE1,.*,14,\)mar mer jeu ven,/\1mar jeu ven,/' "$WORK/t1/staff.csv"
  sed -i 's/^\(matinee-eveil,commune,46103,month,\)1,/\12,/' "$WORK/t1/targets.csv"
  sed -i 's/^\(46069,Cézac,\)179,/\1190,/' "$WORK/t1/communes.csv"
  CHECKS=$((CHECKS + 1))
  ! cmp -s "$WORK/t0/staff.csv" "$WORK/t1/staff.csv" &&
    ! cmp -s "$WORK/t0/targets.csv" "$WORK/t1/targets.csv" &&
    ! cmp -s "$WORK/t0/communes.csv" "$WORK/t1/communes.csv" ||
    fail "the edits of T1 no longer match the example's files"
}
