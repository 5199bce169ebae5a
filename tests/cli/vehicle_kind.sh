# vehicle_kind.sh -- one rule, one answer (issue 11): vehicle kinds are
# typed by hand in vehicles.csv and services.csv and compared ignoring
# case by every command.  With "Utilitaire" in vehicles.csv where
# services.csv says "utilitaire", `planner check` used to find no problem
# while `planner plan` gave the ludothèque 0 sessions ("no vehicle of
# kind"): the loader and `check` ignored case, the solver did not.  Now
# `check`, `plan` and `verify` agree: no warning, the ludothèque gets its
# sessions -- the very plan of the unchanged territory -- and the plan
# verifies clean.
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

NOW=2027-01-01T08:00:00
copy_example comtal-lot-truyere "$WORK/t"
sed -i 's/^VAN-CS,utilitaire,/VAN-CS,Utilitaire,/' "$WORK/t/vehicles.csv"
CHECKS=$((CHECKS + 1))
grep -q '^VAN-CS,Utilitaire,' "$WORK/t/vehicles.csv" ||
  fail "the example's vehicles.csv changed: VAN-CS,utilitaire not found"

run 0 check "$WORK/t"
CHECKS=$((CHECKS + 1))
if grep -qi 'vehicle' "$WORK/err"; then
  fail "planner check warns about vehicles for a kind spelt with a capital"
fi

# 3: the Wednesday Bozouls minibus run is not served (tests/cli/runs.sh)
run 3 plan "$WORK/t" --quarter 2027-Q1 --out "$WORK/plan" --time-limit 60 \
  --now "$NOW"
CHECKS=$((CHECKS + 1))
n=$(grep -c ',ludotheque,' "$WORK/plan/sessions.csv" || true)
[ "$n" -gt 0 ] || fail "the ludothèque got no session"
CHECKS=$((CHECKS + 1))
grep ',ludotheque,' "$WORK/plan/sessions.csv" | grep -q ',VAN-CS,' ||
  fail "the ludothèque's sessions have no vehicle VAN-CS"

run 0 verify "$WORK/plan/plan.sqlite"
expect_out "0 violations"

# The same plan as with the kind spelt alike in both files.
run 3 plan "$EXAMPLES/comtal-lot-truyere" --quarter 2027-Q1 \
  --out "$WORK/ref" --time-limit 60 --now "$NOW"
CHECKS=$((CHECKS + 1))
cmp "$WORK/plan/sessions.csv" "$WORK/ref/sessions.csv" ||
  fail "the capital letter changed the plan"
done_ok
