# time_limit.sh -- the time limit holds in every phase (issue 17, defect
# 10: 0.1 s gave 1.88 s on bench L).  A generated territory of 600
# communes (bench/gen_departement.py) is imported, then solved with
# --time-limit 0.1: the solve must end within TIME_LIMIT_WALL seconds of
# wall time (0.8 s; more in sanitizer builds, set by meson) and its
# summary must say the time limit stopped it, never "optimal".
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

PY=/usr/bin/python3
LIMIT=${TIME_LIMIT_WALL:-0.8}
"$PY" "$PLANNER_SOURCE_ROOT/bench/gen_departement.py" "$WORK/t" \
  --communes 600 --staff 120 >/dev/null
run 0 init "$WORK/p.sqlite" "$WORK/t"
t0=$(date +%s.%N)
set +e
"$PLANNER" solve "$WORK/p.sqlite" --quarter 2027-Q1 --time-limit 0.1 \
  --now 2027-01-01T08:00:00 >"$WORK/out" 2>"$WORK/err"
status=$?
set -e
t1=$(date +%s.%N)
CHECKS=$((CHECKS + 1))
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] ||
  fail "planner solve --time-limit 0.1 exited with $status"
expect_out "(time limit hit)"
CHECKS=$((CHECKS + 1))
if grep -q "optimal" "$WORK/out"; then
  fail "a run stopped by the time limit says optimal"
fi
CHECKS=$((CHECKS + 1))
"$PY" -c "import sys; sys.exit(0 if $t1 - $t0 <= $LIMIT else 1)" ||
  fail "planner solve --time-limit 0.1 took $(echo "$t1 - $t0" | bc) s, over $LIMIT s"
done_ok
