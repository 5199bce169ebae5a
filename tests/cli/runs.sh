# runs.sh -- minibus routes in `planner plan` (issue 14).  On Comtal Lot et
# Truyère, planned with its youth runs to the three accueils jeunes:
# runs.csv lists every route stop by stop; `planner verify` re-checks the
# runs (R12) and counts them; both independent parsers read the feeds and
# find exactly the routes of runs.csv in the drivers', vehicles', sites'
# feeds and all.ics, and one pick-up event per stop in the communes'
# feeds (check_feeds.py); the Wednesday Bozouls run, which needs a fourth
# minibus, is explained in the summary and makes the exit status 3.
# Then each cause of an unserved run alone, on a copy: too many riders at
# one stop for the seats, a village beyond the maximum ride, every minibus
# lent that day (an ICS file of loans).  A re-plan after a change raises
# the SEQUENCE of the changed routes only; a corrupted plan is refused
# by verify.  (A transport removed from the territory takes its routes
# out of the feeds without cancelled events: known limit, docs/calendars.md.)
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

PY=/usr/bin/python3
HERE="$PLANNER_SOURCE_ROOT/tests/cli"
NOW=2027-01-01T08:00:00

# plan_it DIR OUT STATUS [ARGS...]
plan_it() {
  d=$1 o=$2 s=$3
  shift 3
  run "$s" plan "$d" --quarter 2027-Q1 --out "$o" --time-limit 60 --now "$NOW" "$@"
}

check_feeds() {
  CHECKS=$((CHECKS + 1))
  set +e
  CI=${CI:-true} "$PY" "$HERE/check_feeds.py" "$@" >"$WORK/feeds.txt" 2>&1
  st=$?
  set -e
  [ "$st" -eq 0 ] || { cat "$WORK/feeds.txt" >&2; fail "check_feeds.py $*"; }
}

copy_example comtal-lot-truyere "$WORK/t"
plan_it "$WORK/t" "$WORK/p" 3
expect_out "Minibus: 72 route(s) planned, 13 run(s) not served"
CHECKS=$((CHECKS + 1))
head -1 "$WORK/p/runs.csv" | grep -q '^run_uid,transport,date,route,vehicle,driver,site,depart,stop,pickup,' \
  || fail "runs.csv has not its documented columns"
CHECKS=$((CHECKS + 1))
n=$(cut -d, -f1 "$WORK/p/runs.csv" | sed 1d | sort -u | wc -l)
[ "$n" -eq 72 ] || fail "runs.csv holds $n routes, expected 72"
CHECKS=$((CHECKS + 1))
grep -q "il faudrait 2 véhicules pour respecter les places et le trajet maximal de 60 min" \
  "$WORK/p/summary.txt" || fail "the unserved Bozouls run is not explained"
CHECKS=$((CHECKS + 1))
grep -q "Minibus pour l'accueil jeunes d'Entraygues : 10 jours assurés sur 10" \
  "$WORK/p/summary.txt" || fail "the summary does not count the served days"
run 0 verify "$WORK/p/plan.sqlite"
expect_out "118 sessions and 72 minibus routes checked, 0 violations"
check_feeds "$WORK/t" "$WORK/p"

# Independent figures from runs.csv and the territory: seats, each pick-up
# once a day, times in order and on time, rides within the limit.
CHECKS=$((CHECKS + 1))
"$PY" - "$WORK/t" "$WORK/p/runs.csv" <<'PY' || fail "runs.csv breaks a rule"
import csv, sys, collections
t, runs = sys.argv[1], sys.argv[2]
rd = lambda n: list(csv.DictReader(open(f"{t}/{n}", encoding="utf-8")))
tr = {r["id"]: r for r in rd("transports.csv")}
seats = {r["id"]: int(r["seats"]) for r in rd("vehicles.csv")}
lic = {r["id"]: r["licence"] for r in rd("staff.csv")}
riders = {(r["transport"], r["id"]): int(r["riders"]) for r in rd("pickups.csv")}
mins = lambda s: int(s[:2]) * 60 + int(s[3:])
rows = list(csv.DictReader(open(runs, encoding="utf-8")))
by = collections.defaultdict(list)
for r in rows:
    by[r["run_uid"]].append(r)
days = collections.defaultdict(list)
for uid, st in by.items():
    x = tr[st[0]["transport"]]
    n = sum(riders[(x["id"], s["pickup"])] for s in st)
    assert n <= seats[st[0]["vehicle"]] - 1, (uid, n)
    assert lic[st[0]["driver"]] == "oui", uid
    times = [mins(s["pickup_time"]) for s in st]
    assert times == sorted(times) and times[-1] <= mins(x["arrive_by"]), uid
    assert mins(x["arrive_by"]) - times[0] <= int(x["max_ride_minutes"]) + 1, uid
    drops = [mins(s["dropoff_time"]) for s in st]
    assert drops == sorted(drops, reverse=True) and drops[-1] >= mins(x["leave_at"]), uid
    days[(x["id"], st[0]["date"])] += [s["pickup"] for s in st]
for (tid, d), ps in days.items():
    want = sorted(p for (t2, p) in riders if t2 == tid)
    assert sorted(ps) == want, (tid, d, ps)
print("runs.csv: %d routes, %d run days checked" % (len(by), len(days)))
PY

# A re-plan after a change: Gabriac's riders for Saturday go from 2 to 3.
# Only the routes that stop there change (higher SEQUENCE); the others
# keep SEQUENCE 0.
cp -r "$WORK/p" "$WORK/prev"
sed -i 's/^gabriac,aj-bozouls-sam,\(.*\),2,$/gabriac,aj-bozouls-sam,\1,3,/' "$WORK/t/pickups.csv"
plan_it "$WORK/t" "$WORK/p" 3
check_feeds "$WORK/t" "$WORK/p"
CHECKS=$((CHECKS + 1))
"$PY" - "$WORK/prev/runs.json" "$WORK/p/runs.json" <<'PY' || fail "SEQUENCE of the re-planned routes"
import json, sys
old = {r["uid"]: r for r in json.load(open(sys.argv[1]))["runs"]}
new = {r["uid"]: r for r in json.load(open(sys.argv[2]))["runs"]}
changed = [u for u in new if u in old and new[u]["stops"] != old[u]["stops"]]
same = [u for u in new if u in old and new[u]["stops"] == old[u]["stops"]
        and new[u]["vehicle"] == old[u]["vehicle"] and new[u]["driver"] == old[u]["driver"]]
assert changed and all(new[u]["sequence"] == old[u]["sequence"] + 1 for u in changed), changed
assert all(new[u]["sequence"] == old[u]["sequence"] for u in same), same
print("re-plan: %d routes changed, %d unchanged" % (len(changed), len(same)))
PY

# Each cause of an unserved run, alone.
cause() {
  name=$1 text=$2
  plan_it "$WORK/$name" "$WORK/$name.out" 3
  CHECKS=$((CHECKS + 1))
  grep -qF -- "$text" "$WORK/$name.out/summary.txt" \
    || { sed -n '/^Minibus/,/^$/p' "$WORK/$name.out/summary.txt" >&2; fail "$name: summary lacks: $text"; }
  run 0 verify "$WORK/$name.out/plan.sqlite"
}
only_friday() {   # DIR: the Entraygues Friday run alone
  grep -E '^(id,|aj-entraygues-ven,)' "$1/transports.csv" > "$WORK/x" && mv "$WORK/x" "$1/transports.csv"
  grep -E '^(id,|[^,]*,aj-entraygues-ven,)' "$1/pickups.csv" > "$WORK/x" && mv "$WORK/x" "$1/pickups.csv"
}
copy_example comtal-lot-truyere "$WORK/seats"
only_friday "$WORK/seats"
sed -i 's/^campuac,aj-entraygues-ven,\(.*\),2,$/campuac,aj-entraygues-ven,\1,12,/' "$WORK/seats/pickups.csv"
cause seats "12 passagers à un seul arrêt pour 8 places"

copy_example comtal-lot-truyere "$WORK/far"
only_friday "$WORK/far"
echo 'lacroix,aj-entraygues-ven,12093,Lieu-dit La Croix,44.95,2.10,1,' >> "$WORK/far/pickups.csv"
cause far "de la destination"

copy_example comtal-lot-truyere "$WORK/lent"
only_friday "$WORK/lent"
mkdir -p "$WORK/lent/unavailability"
for v in MINIBUS-BOZ MINIBUS-ESP MINIBUS-ENT; do
  printf '%s\r\n' 'BEGIN:VCALENDAR' 'VERSION:2.0' 'PRODID:-//planner tests//FR' \
    'BEGIN:VEVENT' "UID:pret-$v@test" 'DTSTAMP:20261201T000000Z' \
    'DTSTART;VALUE=DATE:20270115' 'DTEND;VALUE=DATE:20270116' \
    'SUMMARY:Prêté au club de foot' 'END:VEVENT' 'END:VCALENDAR' \
    > "$WORK/lent/unavailability/vehicle-$v.ics"
done
cause lent "non assuré le 15/1 : aucun véhicule « minibus » libre ce jour-là"

# A corrupted plan: a pick-up moved 25 minutes late, a driver who does not
# work on Wednesdays.
cp "$WORK/prev/plan.sqlite" "$WORK/bad.sqlite"
sqlite3 "$WORK/bad.sqlite" "
  UPDATE plan_run_stop SET pick_min = pick_min + 25
   WHERE pos = 0 AND run_id = (SELECT min(id) FROM plan_run);
  UPDATE plan_run SET driver_id = 'FS-ESP'
   WHERE id = (SELECT max(id) FROM plan_run WHERE day = '2027-01-06');"
run 3 verify "$WORK/bad.sqlite"
expect_out "to the next takes longer than its times allow"
expect_out "driver Karim Benali does not work that day"
done_ok
