# plan_errors.sh -- `planner plan` refusing input, and its progress line.
#
# - A territory folder with errors: exit 2, every problem named with file,
#   line and column, and nothing written: a new OUT is not created, an
#   existing OUT (a published plan) is left byte for byte as it was.
# - A horizon past the known school holidays for a territory whose
#   services close in school holidays: exit 2, the message names the known
#   span, the missing days and how to import the Ministry's calendar; no
#   OUT/plan.sqlite.  Then the advice is followed (init, holidays import)
#   and the plan is made.
# - Bad options: exit 2, nothing created.
# - Progress: quiet when standard error is not a terminal; under a
#   pseudo-terminal (util-linux `script`, skipped when absent) a run
#   longer than 2 s shows the phase and the elapsed time, once "done";
#   --quiet silences it.
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

PY=/usr/bin/python3
HERE="$PLANNER_SOURCE_ROOT/tests/cli"
NOW=2027-01-01T08:00:00

# snapshot DIR: every file under DIR with its checksum, to compare states.
snapshot() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}

# -- a folder with errors ---------------------------------------------------
copy_example quercy-blanc "$WORK/bad"
sed -i 's/^FS1,\(.*\),7,lun mar jeu,oui,\(.*\)$/FS1,\1,60,lun mar jeu,oui,\2/' "$WORK/bad/staff.csv"
awk -F, 'NR==3 {$2="46999"} {print}' OFS=, "$EXAMPLES/quercy-blanc/sites.csv" \
  >"$WORK/bad/sites.csv"
run 2 plan "$WORK/bad" --quarter 2027-Q1 --out "$WORK/out-bad" --now "$NOW"
expect_err 'staff.csv:3: column "weekly_hours": 60 is out of range: expected 0.5 to 48'
expect_err 'sites.csv:3: column "commune": unknown INSEE code 46999'
expect_err "nothing was written"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/out-bad" ] || fail "a refused folder created $WORK/out-bad"

# The same folder over a published plan leaves every file as it was.
run 0 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/pub" --now "$NOW"
before=$(snapshot "$WORK/pub")
run 2 plan "$WORK/bad" --quarter 2027-Q1 --out "$WORK/pub" --now 2027-01-15T08:00:00
expect_err "nothing was written"
CHECKS=$((CHECKS + 1))
[ "$(snapshot "$WORK/pub")" = "$before" ] ||
  fail "a refused folder changed the published plan in $WORK/pub"

# -- check and plan agree (one validation) ------------------------------------
# A target written twice (the commune once by code, once by name) passed
# check and was refused by plan ("appears twice in the model"), which left
# a plan.sqlite behind: both now refuse it with the same CSV line.
copy_example quercy-blanc "$WORK/dup"
printf 'matinee-eveil,commune,Castelnau-Montratier,month,2,\n' >>"$WORK/dup/targets.csv"
dup_msg='targets.csv:8: a target for service matinee-eveil in commune Castelnau-Montratier per month appears twice (first on line 3): keep one, with the minimum you mean'
run 2 check "$WORK/dup"
expect_err "$dup_msg"
expect_err "planner check: 1 problem(s) in $WORK/dup"
run 2 plan "$WORK/dup" --quarter 2027-Q1 --out "$WORK/dup-out/fresh" --now "$NOW"
expect_err "$dup_msg"
expect_err "nothing was written"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/dup-out" ] || fail "a refused duplicated target left $(find "$WORK/dup-out") behind"

# -- the start-time grid, said where it bites ------------------------------------
# A 150-minute permanence with 15 + 15 minutes of set-up fills a
# 09:00-12:00 mairie only from 09:15, off the 30-minute grid: check warns,
# and plan's unmet target names the grid (it blamed leave on 9e8cbdd and
# before this fix: "on leave or not working on a date of every possible
# series").
copy_example quercy-blanc "$WORK/grid"
sed -i 's/,180,15,15,FS,1,,mairie evs,lun mar mer jeu ven,09:00-12:00 14:00-17:00,/,150,15,15,FS,1,,mairie,lun mar mer jeu ven,09:00-12:00,/' \
  "$WORK/grid/services.csv"
sed -i 's/lun-ven 08:30-12:30 13:30-17:30/lun-ven 09:00-12:00/' "$WORK/grid/sites.csv"
run 0 check "$WORK/grid"
expect_out 'warning: services.csv:3: service fs-itinerant fits no site; 7 sites (e.g. FS-MONTCUQ) are not of kind mairie; 9 sites (e.g. M-46063) fit only with a start at 09:15, off the 30-minute start grid (slot_step_minutes in settings.csv): slot_step_minutes 15 would allow it'
run 3 plan "$WORK/grid" --quarter 2027-Q1 --out "$WORK/grid-out" --now "$NOW"
grid_why="non atteint (0 prévue) ; aucune séance de 150 min (plus 15 min d'installation et 15 min de rangement) ne tient dans les horaires d'ouverture des sites sur le territoire le lun., mar., mer., jeu. ou ven. matin ou lun., mar., mer., jeu. ou ven. après-midi dans les horaires du service avec un début sur la grille de 30 minutes (slot_step_minutes dans settings.csv) ; un début à 09:15 conviendrait : slot_step_minutes 15 le permettrait"
CHECKS=$((CHECKS + 1))
grep -qF -- "Permanence France Services — 2 séances/an sur le territoire (1 sur cette période) : $grid_why" \
  "$WORK/grid-out/summary.txt" || fail "summary.txt does not name the start-time grid: $(grep -A2 "Besoins non satisfaits" "$WORK/grid-out/summary.txt")"
# Following the advice plans the permanences.
printf 'slot_step_minutes,15,\n' >>"$WORK/grid/settings.csv"
run 0 plan "$WORK/grid" --quarter 2027-Q1 --out "$WORK/grid-out" --now 2027-01-02T08:00:00
CHECKS=$((CHECKS + 1))
grep -q ',fs-itinerant,[^,]*,[^,]*,2027-[0-9-]*,09:15,' "$WORK/grid-out/sessions.csv" ||
  fail "no permanence at 09:15 with slot_step_minutes 15"

# -- a horizon past the known school holidays ---------------------------------
# Quercy Blanc (zone C) has the RIPE's matinées, closed in school holidays;
# the shipped data ends with the Ascension bridge 2027.
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q3 --out "$WORK/q3" --now "$NOW"
expect_err "school holidays for zone C are known for 2023-12-23..2027-05-08"
expect_err "unknown: 2027-07-01..2027-09-30"
expect_err "planner holidays import"
expect_err "data.education.gouv.fr"
expect_err "mkdir -p $WORK/q3 && planner init $WORK/q3/plan.sqlite"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/q3/plan.sqlite" ] || fail "a refused horizon created $WORK/q3/plan.sqlite"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/q3" ] || fail "a refused horizon created $WORK/q3"

# Over an existing project file: refused the same way, nothing changes.
before=$(snapshot "$WORK/pub")
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q3 --out "$WORK/pub" --now "$NOW"
expect_err "unknown: 2027-07-01..2027-09-30"
CHECKS=$((CHECKS + 1))
[ "$(snapshot "$WORK/pub")" = "$before" ] ||
  fail "a refused horizon changed the published plan in $WORK/pub"

# Following the advice: the Ministry's zone C file (to 31 August 2027)
# makes May-August plannable; the matinées stop in the summer holidays.
mkdir -p "$WORK/summer"
run 0 init "$WORK/summer/plan.sqlite" "$EXAMPLES/quercy-blanc"
run 0 holidays import "$WORK/summer/plan.sqlite" \
  "$PLANNER_SOURCE_ROOT/tests/calendars/data/ministry-zone-c.ics"
set +e
"$PLANNER" plan "$EXAMPLES/quercy-blanc" --horizon 2027-05-10..2027-08-31 \
  --out "$WORK/summer" --time-limit 20 --now 2027-05-01T08:00:00 \
  >"$WORK/out" 2>"$WORK/err"
status=$?
set -e
CHECKS=$((CHECKS + 1))
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] ||
  fail "plan after importing the holidays exited $status, expected 0 or 3"
run 0 verify "$WORK/summer/plan.sqlite"
# (verify above checks closures against the imported calendar too.)
CHECKS=$((CHECKS + 1))
if grep -q '^[^,]*,matinee-eveil,[^,]*,[^,]*,2027-08-' "$WORK/summer/sessions.csv"; then
  fail "a matinée d'éveil is planned in August 2027, in the summer holidays"
fi
CHECKS=$((CHECKS + 1))
"$PY" "$HERE/check_summary.py" "$EXAMPLES/quercy-blanc" "$WORK/summer" \
  2027-05-10..2027-08-31 || fail "check_summary.py on the summer plan"

# -- bad options ---------------------------------------------------------------
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/o1" --time-limit 0
expect_err "--time-limit 0: expected a number of seconds greater than 0"
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/o1" --gap 5%
expect_err "--gap 5%: expected a relative gap from 0 to 1, such as 0.005 for 0.5 %"
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/o1" --seed -3
expect_err "--seed -3: expected a whole number from 0"
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/o1" --seed 1x
expect_err "--seed 1x: expected a whole number from 0"
# Two horizons: refused, not the last one silently taken.
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/o1" \
  --horizon 2027-01-04..2027-02-28
expect_err "planner plan: give one horizon: --quarter or --horizon, not both (got 2027-Q1 and 2027-01-04..2027-02-28)"
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/o1" --now yesterday
expect_err "--now yesterday: expected YYYY-MM-DDTHH:MM:SS (UTC; a final Z is allowed) or a date YYYY-MM-DD"
# One --now parser for every command (feeds had its own, with other
# formats): feeds refuses the same way, and a final Z or HH:MM is accepted.
run 2 feeds "$WORK/none.sqlite" --out "$WORK/f" --now 2027-01-15T25:00
expect_err "planner feeds: --now 2027-01-15T25:00: expected YYYY-MM-DDTHH:MM:SS (UTC; a final Z is allowed) or a date YYYY-MM-DD"
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/o1" --now 2027-1-5
expect_err "--now 2027-1-5: expected"
# --plan ID: one reader for export, feeds and verify.
for args in "export --csv $WORK/f.csv" "feeds --out $WORK/f" verify; do
  # shellcheck disable=SC2086
  run 2 $args "$WORK/none.sqlite" --plan 0x
  expect_err "planner ${args%% *}: --plan \"0x\": expected a plan id (a positive number)"
done
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q5 --out "$WORK/o1"
expect_err "2027-Q5"
run 2 plan "$EXAMPLES/quercy-blanc" --out "$WORK/o1"
expect_err "give the horizon"
run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1
expect_err "give the output folder"
run 2 plan "$WORK/no-such-folder" --quarter 2027-Q1 --out "$WORK/o1"
expect_err "is not a folder"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/o1" ] || fail "a refused command line created $WORK/o1"

# -- progress line ---------------------------------------------------------------
# Not a terminal (this run, and every run above): stderr stays empty.
# 3: Comtal's Wednesday Bozouls minibus run is not served (tests/cli/runs.sh)
run 3 plan "$EXAMPLES/comtal-lot-truyere" --quarter 2027-Q1 --out "$WORK/clt" \
  --time-limit 3 --now "$NOW"
CHECKS=$((CHECKS + 1))
[ ! -s "$WORK/err" ] || fail "progress or other text on stderr when it is not a terminal"

if command -v script >/dev/null 2>&1; then
  # A pseudo-terminal: stdout goes to a file, so the typescript holds what
  # went to the terminal's stderr.  Pays de Saint-Éloy is not proven
  # within 3 s (comtal-lot-truyere now is, in under 2 s), so the run is
  # longer than the 2 s after which progress shows.
  for quiet in "" --quiet; do
    rm -rf "$WORK/clt-tty"
    set +e
    script -qec "\"$PLANNER\" plan \"$EXAMPLES/pays-saint-eloy\" --quarter 2027-Q1 \
      --out \"$WORK/clt-tty\" --time-limit 3 --now $NOW $quiet >\"$WORK/tty-out\"" \
      "$WORK/typescript" >/dev/null 2>&1
    status=$?
    set -e
    CHECKS=$((CHECKS + 1))
    [ "$status" -eq 0 ] || [ "$status" -eq 3 ] ||
      fail "planner plan under script(1) exited $status"
    # Drop script's own header and footer lines.
    tr '\r' '\n' <"$WORK/typescript" | grep -v '^Script \(started\|done\)' \
      | grep . >"$WORK/progress" || true
    CHECKS=$((CHECKS + 1))
    if [ -z "$quiet" ]; then
      grep -Eq '^[a-z]+ +[0-9]+\.[0-9] s  (best|no plan yet)' "$WORK/progress" ||
        fail "no progress line (phase, elapsed seconds) on the terminal: $(cat "$WORK/progress")"
      CHECKS=$((CHECKS + 1))
      [ "$(grep -c '^done ' "$WORK/progress")" -eq 1 ] ||
        fail "expected exactly one 'done' progress line: $(cat "$WORK/progress")"
      CHECKS=$((CHECKS + 1))
      ! grep -q '^done .*no plan yet' "$WORK/progress" ||
        fail "the final progress line says 'no plan yet' although a plan was made"
    else
      [ ! -s "$WORK/progress" ] || fail "--quiet still printed: $(cat "$WORK/progress")"
    fi
  done
else
  echo "note: script(1) (util-linux) not found: progress on a terminal not tested"
fi

done_ok
