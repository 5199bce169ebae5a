# excel_fr.sh -- the territory as French Excel saves it, end to end
# (issue 17): tests/models/data/excel-fr is examples/quercy-blanc saved
# as "CSV (séparateur : point-virgule)" -- Windows-1252 (with the 0x92
# apostrophe of autocorrect), semicolons, decimal commas, CRLF, French
# headers (make.py).  `planner check` accepts it with one notice per
# file; `planner plan` on it makes the plan the original makes, byte for
# byte (sessions.csv, feeds).
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

FR="$PLANNER_SOURCE_ROOT/tests/models/data/excel-fr"
NOW=2027-01-01T08:00:00
notice='file is Windows-1252 (French Excel'"'"'s "CSV (séparateur : point-virgule)"), not UTF-8: read as Windows-1252; save it as "CSV UTF-8" to make this notice go away'

run 0 check "$FR"
expect_out 'Territory: CC du Quercy Blanc (school zone C)'
expect_out 'Sites: 16 (mairie 9, salle_des_fetes 2, mediatheque 2, evs 1, france_services 2)'
for f in communes services settings sites staff targets; do
  expect_out "warning: $f.csv: $notice"
  CHECKS=$((CHECKS + 1))
  [ "$(grep -c "^warning: $f.csv: file is Windows-1252" "$WORK/out")" -eq 1 ] ||
    fail "$f.csv: expected the Windows-1252 notice once"
done
CHECKS=$((CHECKS + 1))
[ ! -s "$WORK/err" ] || fail "check printed on stderr"

run 0 plan "$FR" --quarter 2027-Q1 --out "$WORK/fr" --now "$NOW"
expect_out 'CC du Quercy Blanc: 52 sessions planned'
expect_err "warning: sites.csv: $notice"
run 0 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/orig" --now "$NOW"
CHECKS=$((CHECKS + 1))
cmp -s "$WORK/fr/sessions.csv" "$WORK/orig/sessions.csv" ||
  fail "the Excel file's sessions.csv differs from the original's"
CHECKS=$((CHECKS + 1))
diff -r "$WORK/fr/calendars" "$WORK/orig/calendars" >/dev/null ||
  fail "the Excel file's feeds differ from the original's"
run 0 verify "$WORK/fr/plan.sqlite"
done_ok
