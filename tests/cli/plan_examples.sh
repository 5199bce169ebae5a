# plan_examples.sh -- `planner plan` end to end on the three bundled
# territories, then a re-plan of Quercy Blanc.
#
# For each example: plan 2027-Q1 (exit 0, or 3 when a target is unmet:
# the solver is still being tuned, so an unmet target is allowed here;
# anything else fails); `planner verify` on the project file must be
# clean; `planner export` must give back sessions.csv and sessions.json
# byte for byte; every feed is read by python3-icalendar and ical.js and
# compared event by event with sessions.csv (check_feeds.py); every
# figure of summary.json and the lines of summary.txt are recomputed
# independently from sessions.csv and the territory (check_summary.py).
#
# Quercy Blanc is also planned from a copy saved the way French Excel
# saves it (BOM, ';', decimal commas, CRLF): the same plan must come out.
# Comtal Lot et Truyère is planned again on a busy machine (niced, beside
# two busy loops): the same plan and the same bound must come out.
#
# The re-plan: a room the plan uses is booked on one of its dates
# (unavailability/site-ID.ics, what a coordinator does when a room is lent
# to someone else), and the plan is made again in the same OUT a
# fortnight later.  Sessions keep their UIDs, moved ones get a
# higher SEQUENCE, dropped ones stay in the feeds as CANCELLED with a
# higher SEQUENCE (check_feeds.py --previous).
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

PY=/usr/bin/python3
HERE="$PLANNER_SOURCE_ROOT/tests/cli"
NOW=2027-01-01T08:00:00

# plan_ok TERRITORY OUT NOW: plans 2027-Q1; exit 0 or 3 accepted.
plan_ok() {
  set +e
  "$PLANNER" plan "$1" --quarter 2027-Q1 --out "$2" --time-limit 20 \
    --now "$3" >"$WORK/out" 2>"$WORK/err"
  status=$?
  set -e
  CHECKS=$((CHECKS + 1))
  case $status in
    0) ;;
    3) grep -q "target(s) unmet" "$WORK/out" ||
         fail "planner plan $1 exited 3 without naming unmet targets"
       echo "note: $1: some target unmet (allowed while the solver is tuned)" ;;
    *) fail "planner plan $1 exited with $status, expected 0 or 3" ;;
  esac
  # Not a terminal: no progress line, nothing on stderr but warnings.
  if grep -v '^warning:\|: warning:' "$WORK/err" | grep -q .; then
    fail "planner plan $1 wrote to stderr"
  fi
  for f in plan.sqlite sessions.csv sessions.json summary.txt summary.json \
           calendars/all.ics; do
    [ -s "$2/$f" ] || fail "planner plan $1: $2/$f missing or empty"
  done
}

# check_out TERRITORY OUT [--previous DIR]: the checks every plan passes.
check_out() {
  territory=$1 out=$2
  shift 2
  run 0 verify "$out/plan.sqlite"
  expect_out "0 violations"
  run 0 export "$out/plan.sqlite" --csv "$WORK/export.csv" \
    --json "$WORK/export.json"
  CHECKS=$((CHECKS + 1))
  cmp "$WORK/export.csv" "$out/sessions.csv" ||
    fail "planner export --csv differs from $out/sessions.csv"
  CHECKS=$((CHECKS + 1))
  cmp "$WORK/export.json" "$out/sessions.json" ||
    fail "planner export --json differs from $out/sessions.json"
  set +e
  "$PY" "$HERE/check_feeds.py" "$territory" "$out" "$@" >"$WORK/feeds.txt"
  status=$?
  cat "$WORK/feeds.txt"
  set -e
  CHECKS=$((CHECKS + 1))
  case $status in
    0) ;;
    77) echo "note: feed parsers missing, feeds not read back" ;;
    *) fail "check_feeds.py $territory $out $*" ;;
  esac
  CHECKS=$((CHECKS + 1))
  "$PY" "$HERE/check_summary.py" "$territory" "$out" 2027-Q1 ||
    fail "check_summary.py $territory $out"
}

for ex in quercy-blanc comtal-lot-truyere pays-saint-eloy; do
  echo "== $ex"
  plan_ok "$EXAMPLES/$ex" "$WORK/$ex" "$NOW"
  check_out "$EXAMPLES/$ex" "$WORK/$ex"
done

echo "== the checkers catch a wrong figure and a wrong feed"
cp -r "$WORK/quercy-blanc" "$WORK/mutant"
sed -i 's/"km_driven": \([0-9]*\)\./"km_driven": 1\1./' "$WORK/mutant/summary.json"
CHECKS=$((CHECKS + 1))
if "$PY" "$HERE/check_summary.py" "$EXAMPLES/quercy-blanc" "$WORK/mutant" \
     2027-Q1 >"$WORK/out" 2>&1; then
  fail "check_summary.py accepted a wrong km_driven"
fi
grep -q "km_driven: expected" "$WORK/out" || fail "check_summary.py: no diff shown"
# One event an hour late in one staff feed.
f=$(ls "$WORK/mutant/calendars/staff/"*.ics | head -n 1)
sed -i '0,/^DTSTART;TZID=Europe\/Paris:\([0-9]*\)T0/s//DTSTART;TZID=Europe\/Paris:\1T1/' "$f"
CHECKS=$((CHECKS + 1))
set +e
"$PY" "$HERE/check_feeds.py" "$EXAMPLES/quercy-blanc" "$WORK/mutant" >"$WORK/out" 2>&1
status=$?
set -e
[ "$status" -eq 1 ] || [ "$status" -eq 77 ] ||
  fail "check_feeds.py accepted a feed with a moved event (exit $status)"
rm -rf "$WORK/mutant"

echo "== quercy-blanc saved by French Excel"
mkdir "$WORK/qb-fr"
"$PY" - "$EXAMPLES/quercy-blanc" "$WORK/qb-fr" <<'EOF'
import csv, io, os, re, sys
src, dst = sys.argv[1:]
for name in os.listdir(src):
    if not name.endswith(".csv"):
        continue
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for r in rows:
        w.writerow([re.sub(r"^(-?\d+)\.(\d+)$", r"\1,\2", c) for c in r])
    with open(os.path.join(dst, name), "w", encoding="utf-8-sig",
              newline="") as f:
        f.write(buf.getvalue())
EOF
grep -q '44,336;1,212' "$WORK/qb-fr/communes.csv" ||
  fail "the French copy has no decimal commas"
plan_ok "$WORK/qb-fr" "$WORK/qb-fr-out" "$NOW"
CHECKS=$((CHECKS + 1))
cmp "$WORK/qb-fr-out/sessions.csv" "$WORK/quercy-blanc/sessions.csv" ||
  fail "the French Excel copy of quercy-blanc gives another plan"
CHECKS=$((CHECKS + 1))
"$PY" "$HERE/check_summary.py" "$WORK/qb-fr" "$WORK/qb-fr-out" 2027-Q1 ||
  fail "check_summary.py on the French Excel copy"

echo "== quercy-blanc with another search order (--seed)"
# Another seed shuffles the model's columns and rows before the search:
# the plan must still be valid, proven (this territory is proven within
# the gap in well under a second), and the same seed must give the same
# plan again.
for n in 1 2; do
  run 0 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/seed$n" \
    --now "$NOW" --seed 7
  expect_out "solver: optimal"
done
run 0 verify "$WORK/seed1/plan.sqlite"
expect_out "0 violations"
CHECKS=$((CHECKS + 1))
cmp "$WORK/seed1/sessions.csv" "$WORK/seed2/sessions.csv" ||
  fail "--seed 7 twice gave two different plans"

echo "== comtal-lot-truyere on a busy machine: the same plan"
# The solver's restarts are counted in nodes, not seconds (plan_bnc.c),
# so a plan proven within the time limit does not depend on how fast the
# machine is.  Plan again, niced, while two busy loops take the CPUs,
# with a limit the slowed run cannot reach, and compare the plan and the
# solver's line (objective, bound, gap) with the first run's
# (only when that one was proven: a plan stopped by its time limit may
# legitimately differ).
if grep -q "^Solver: optimal" "$WORK/comtal-lot-truyere/summary.txt"; then
  sh -c 'while :; do :; done' &
  hog1=$!
  sh -c 'while :; do :; done' &
  hog2=$!
  set +e
  nice -n 5 "$PLANNER" plan "$EXAMPLES/comtal-lot-truyere" \
    --quarter 2027-Q1 --out "$WORK/busy" --time-limit 600 --now "$NOW" \
    >"$WORK/out" 2>&1
  status=$?
  set -e
  kill "$hog1" "$hog2"
  wait "$hog1" "$hog2" 2>/dev/null || true
  CHECKS=$((CHECKS + 1))
  [ "$status" -eq 0 ] || [ "$status" -eq 3 ] ||
    fail "planner plan comtal-lot-truyere on a busy machine exited $status"
  CHECKS=$((CHECKS + 1))
  cmp "$WORK/busy/sessions.csv" "$WORK/comtal-lot-truyere/sessions.csv" ||
    fail "comtal-lot-truyere gave another plan on a busy machine"
  # The bound too: it is where the search stopped (the seconds differ).
  for d in comtal-lot-truyere busy; do
    sed -n 's/^\(Solver: .*\), [0-9.]* s$/\1/p' "$WORK/$d/summary.txt" \
      >"$WORK/$d.solver"
  done
  CHECKS=$((CHECKS + 1))
  [ -s "$WORK/busy.solver" ] || fail "no Solver: line in the busy run's summary"
  cmp "$WORK/busy.solver" "$WORK/comtal-lot-truyere.solver" ||
    fail "comtal-lot-truyere's search stopped elsewhere on a busy machine"
else
  echo "note: comtal-lot-truyere hit its time limit; busy-machine check skipped"
fi

echo "== quercy-blanc re-plan after a room booking"
# The booked day is taken from the first plan (the solver is still being
# tuned, so its dates change): the last session of a site is booked away,
# latest first.  Every attempt must pass every check; the test needs one
# whose re-plan both moves a session and cancels one, within 4 attempts.
mkdir -p "$WORK/prev"
cp "$WORK/quercy-blanc/sessions.csv" "$WORK/quercy-blanc/sessions.json" \
  "$WORK/prev/"
candidates=$("$PY" - "$WORK/prev/sessions.csv" <<'EOF2'
import csv, sys
last = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["status"] == "confirmed":
        last[r["site"]] = r        # sessions.csv is in date order
for r in sorted(last.values(), key=lambda r: (r["date"], r["site"]),
                reverse=True)[:4]:
    print("%s:%s" % (r["site"], r["date"]))
EOF2
)
found=
for cand in $candidates; do
  site=${cand%%:*} day=${cand#*:}
  echo "-- room $site booked on $day"
  rm -rf "$WORK/qb2" "$WORK/replan"
  mkdir -p "$WORK/qb2/unavailability"
  cp "$EXAMPLES/quercy-blanc"/*.csv "$WORK/qb2/"
  printf '%s\r\n' 'BEGIN:VCALENDAR' 'VERSION:2.0' 'PRODID:-//planner tests//FR' \
    'BEGIN:VEVENT' 'UID:pret-salle@test' 'DTSTAMP:20270110T000000Z' \
    "DTSTART;VALUE=DATE:$(date -d "$day" +%Y%m%d)" \
    "DTEND;VALUE=DATE:$(date -d "$day + 1 day" +%Y%m%d)" \
    'SUMMARY:Salle prêtée (assemblée générale)' 'END:VEVENT' 'END:VCALENDAR' \
    >"$WORK/qb2/unavailability/site-$site.ics"
  cp -r "$WORK/quercy-blanc" "$WORK/replan"
  plan_ok "$WORK/qb2" "$WORK/replan" 2027-01-15T08:00:00
  CHECKS=$((CHECKS + 1))
  if grep -q "^[^,]*,[^,]*,$site,[^,]*,$day,.*,confirmed," "$WORK/replan/sessions.csv"; then
    fail "the re-plan still has a session at $site on $day, booked away"
  fi
  check_out "$WORK/qb2" "$WORK/replan" --previous "$WORK/prev"
  counts=$(sed -n 's/.*re-plan: \([0-9]*\) kept, \([0-9]*\) moved, \([0-9]*\) cancelled.*/\2 \3/p' \
    "$WORK/feeds.txt")
  set -- $counts
  if [ "${1:-0}" -gt 0 ] && [ "${2:-0}" -gt 0 ]; then
    found=$site
    break
  fi
done
CHECKS=$((CHECKS + 1))
[ -n "$found" ] ||
  fail "no room booking ($candidates) made the re-plan both move and cancel a session"

done_ok
