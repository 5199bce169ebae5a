# compare.sh -- `planner compare DB A B...` on Comtal Lot et Truyère.
#
# - base, "fixe" (France Services only at its fixed sites: services.csv
#   edited with sed) and "sans-ludo" (the ludothèque and its target
#   removed): compare plans the three (none has a plan of 2027-Q1), and
#   check_compare.py recomputes every figure of the JSON from each
#   scenario's exported sessions.csv and territory (check_summary.py's
#   functions) and rebuilds the French difference lines found in the text;
# - a second compare uses the saved plans (nothing planned) and writes the
#   same text to stdout;
# - refusals: unknown scenario, one scenario, a scenario twice, bad
#   horizon, no plan without a horizon: exact messages, exit 2, no file
#   written and the project file unchanged.
. "$(dirname "$0")/lib.sh"

NOW=2027-01-01T08:00:00
db="$WORK/clt.sqlite"
base="$EXAMPLES/comtal-lot-truyere"
copy_example comtal-lot-truyere "$WORK/fixe"
sed -i 's/,mairie,/,france_services,/' "$WORK/fixe/services.csv"
copy_example comtal-lot-truyere "$WORK/sans-ludo"
sed -i '/^ludotheque,/d' "$WORK/sans-ludo/services.csv" "$WORK/sans-ludo/targets.csv"

run 0 init "$db" "$base"
run 0 scenario copy "$db" base fixe
run 0 import "$db" "$WORK/fixe" --scenario fixe
run 0 scenario copy "$db" base sans-ludo
run 0 import "$db" "$WORK/sans-ludo" --scenario sans-ludo

# Refusals first: nothing is planned or written.
before=$(db_dump "$db")
run 2 compare "$db" base nope --quarter 2027-Q1 --out "$WORK/c.txt" --json "$WORK/c.json"
expect_err "planner: $db: has no scenario \"nope\"; 'planner scenario list $db' lists them"
run 2 compare "$db" base --quarter 2027-Q1 --out "$WORK/c.txt"
expect_err "planner compare: give at least two scenarios to compare"
run 2 compare "$db" base base --quarter 2027-Q1 --out "$WORK/c.txt"
expect_err "planner compare: scenario \"base\" given twice"
run 2 compare "$db" base fixe --quarter 2027-Q5 --out "$WORK/c.txt"
expect_err "2027-Q5"
run 2 compare "$db" base fixe --out "$WORK/c.txt"
expect_err "scenario \"base\" has no saved plan yet"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/c.txt" ] && [ ! -e "$WORK/c.json" ] || fail "a refused compare wrote a file"
CHECKS=$((CHECKS + 1))
[ "$(db_dump "$db")" = "$before" ] || fail "a refused compare changed the project file"

# Each scenario planned, then compared; every figure recomputed.
run 0 compare "$db" base fixe sans-ludo --quarter 2027-Q1 --now "$NOW" --quiet \
  --out "$WORK/c.txt" --json "$WORK/c.json"
expect_err "planner compare: scenario \"fixe\" has no plan of this horizon: planning it"
for s in base fixe sans-ludo; do
  run 0 export "$db" --scenario "$s" --csv "$WORK/$s.csv"
done
CHECKS=$((CHECKS + 1))
python3 "$(dirname "$0")/check_compare.py" "$WORK/c.json" "$WORK/c.txt" 2027-Q1 \
  "base=$base:$WORK/base.csv" "fixe=$WORK/fixe:$WORK/fixe.csv" \
  "sans-ludo=$WORK/sans-ludo:$WORK/sans-ludo.csv" >"$WORK/check.txt" 2>&1 ||
  { cat "$WORK/check.txt" >&2; fail "check_compare.py found differences"; }
grep -qF "Comparaison de scénarios -- CC Comtal Lot et Truyère" "$WORK/c.txt" ||
  fail "no title in the comparison"
grep -qF "sans Ludothèque itinérante (14 séances dans base)" "$WORK/c.txt" ||
  fail "the removed service is not named in the differences"

# The saved plans are used the second time: same text, nothing planned.
run 0 compare "$db" base fixe sans-ludo --quarter 2027-Q1 --quiet
CHECKS=$((CHECKS + 1))
cmp -s "$WORK/out" "$WORK/c.txt" || fail "the second compare differs from the first"
CHECKS=$((CHECKS + 1))
[ ! -s "$WORK/err" ] || fail "the second compare planned again"
done_ok
