# solve.sh -- `planner solve DB`: the plan of a project file's scenario.
#
# - init a project file from Quercy Blanc, solve 2027-Q1: exit 0, the plan
#   saved as plan 1 of "base", `planner verify` clean, and exported it is
#   byte for byte the plan `planner plan` makes from the folder (the same
#   model, through the database);
# - --write-lp / --write-mps: glpsol reads both files, finds the model's
#   size the summary reports, and their LP relaxation (glpsol --nomip, an
#   independent simplex) is at least the reported bound, itself at least
#   the plan's objective (glpsol minimises the negated objective);
# - a second solve is saved as plan 2; a scenario copy solves on its own;
# - refusals (two horizons, unknown scenario, horizon past the known
#   school holidays, bad solver option): exit 2 and the database is left
#   as it was; a missing project file: exit 1, named, and not created.
. "$(dirname "$0")/lib.sh"

NOW=2027-01-01T08:00:00
db="$WORK/qb.sqlite"
run 0 init "$db" "$EXAMPLES/quercy-blanc"

run 0 solve "$db" --quarter 2027-Q1 --now "$NOW" \
  --write-lp "$WORK/model.lp" --write-mps "$WORK/model.mps"
expect_out "Plan 2027-01-01..2027-03-31: optimal"
expect_out "Every target is met."
expect_out "Saved as plan 1 of scenario \"base\" in $db"
cp "$WORK/out" "$WORK/solve1.txt"
run 0 verify "$db"
expect_out "0 violations"
run 0 export "$db" --csv "$WORK/solve.csv"
run 0 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/plan" \
  --now "$NOW"
CHECKS=$((CHECKS + 1))
cmp "$WORK/solve.csv" "$WORK/plan/sessions.csv" ||
  fail "solve on the project file and plan on the folder gave two plans"

# The written model, read by glpsol.
rows=$(sed -n 's/^  model .*, \([0-9]*\) rows, \([0-9]*\) columns$/\1/p' "$WORK/solve1.txt")
cols=$(sed -n 's/^  model .*, \([0-9]*\) rows, \([0-9]*\) columns$/\2/p' "$WORK/solve1.txt")
[ -n "$rows" ] && [ -n "$cols" ] || fail "no model size in the summary"
for fmt in lp mps; do
  case $fmt in
    lp) opt="--lp" ;;
    mps) opt="--freemps" ;;
  esac
  CHECKS=$((CHECKS + 1))
  glpsol $opt "$WORK/model.$fmt" --nomip -o "$WORK/$fmt.sol" >"$WORK/glpsol.txt" 2>&1 ||
    fail "glpsol could not solve the relaxation of model.$fmt"
  CHECKS=$((CHECKS + 1))
  grep -q "^Rows: *$rows\$" "$WORK/$fmt.sol" &&
    grep -q "^Columns: *$cols\$" "$WORK/$fmt.sol" ||
    fail "model.$fmt: glpsol's size differs from the summary's ($rows rows, $cols columns)"
  relax=$(sed -n 's/^Objective: .* = \([-0-9.e+]*\) (MINimum)$/\1/p' "$WORK/$fmt.sol")
  obj=$(sed -n 's/^  objective *\([-0-9.]*\)$/\1/p' "$WORK/solve1.txt")
  bound=$(sed -n 's/^  best bound *\([-0-9.]*\)$/\1/p' "$WORK/solve1.txt")
  CHECKS=$((CHECKS + 1))
  awk -v r="$relax" -v o="$obj" -v b="$bound" 'BEGIN {
        # Summary figures are rounded to 3 decimals.
        exit !(r != "" && o != "" && b != "" && -r >= b - 1e-3 && b >= o - 1e-3) }' ||
    fail "model.$fmt: relaxation $relax, bound $bound, objective $obj out of order"
done

# A second solve is kept beside the first; a copied scenario on its own.
run 0 solve "$db" --quarter 2027-Q1 --now "$NOW" --time-limit 30
expect_out "Saved as plan 2 of scenario \"base\""
run 0 scenario copy "$db" base autre
run 0 solve "$db" --scenario autre --horizon 2027-01-04..2027-02-28 --now "$NOW"
expect_out "Plan 2027-01-04..2027-02-28"
expect_out "of scenario \"autre\""
run 0 verify --scenario autre "$db"
expect_out "0 violations"

# Refusals leave the project file as it was.
before=$(db_dump "$db")
run 2 solve "$db" --quarter 2027-Q1 --horizon 2027-01-04..2027-02-28
expect_err "planner solve: give one horizon: --quarter or --horizon, not both (got 2027-Q1 and 2027-01-04..2027-02-28)"
run 2 solve "$db" --quarter 2027-Q1 --scenario nope
expect_err "has no scenario \"nope\""
run 2 solve "$db" --quarter 2027-Q4
expect_err "school holidays for zone C are known for"
expect_err "planner holidays import DB FILE.ics"
run 2 solve "$db" --quarter 2027-Q1 --gap 5%
expect_err "--gap 5%: expected a relative gap from 0 to 1"
run 2 solve "$db"
expect_err "give the horizon"
CHECKS=$((CHECKS + 1))
[ "$(db_dump "$db")" = "$before" ] || fail "a refused solve changed $db"
run 1 solve "$WORK/none.sqlite" --quarter 2027-Q1
expect_err "$WORK/none.sqlite: cannot open project file"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/none.sqlite" ] || fail "solve created a missing project file"

done_ok
