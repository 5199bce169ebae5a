#!/bin/sh
# replan_past.sh -- a re-plan keeps its frozen past (docs/model.md "The
# past is frozen"): Quercy Blanc planned for 2027-Q1 with --now early in
# the quarter, then the territory changes (a room removed from sites.csv,
# a staff member removed from staff.csv, two leave periods of another as
# an ICS file in unavailability/, one over a session already held) and
# the quarter is re-planned with a later --now.  Every session on or before the second --now's day is
# byte-identical in sessions.csv and in every feed (same UID, SEQUENCE,
# DTSTART, text), the contradictions are reported once each as "kept as
# held", the held sessions of the removed room are not cancelled in the
# store, `planner verify` finds nothing, and the share of later sessions
# unchanged is printed (issue 13's figure; not yet required).
. "$(dirname "$0")/lib.sh"

T="$WORK/terr"
copy_example quercy-blanc "$T"
NOW1=2027-01-10T08:00:00
NOW2=2027-02-15T08:00:00

run 0 plan "$T" --quarter 2027-Q1 --out "$WORK/plan" --now "$NOW1" --quiet
cp -r "$WORK/plan" "$WORK/before"

# The room: SDF-LHOSPITALET hosted sessions before NOW2 and after.
grep -q '^SDF-LHOSPITALET,' "$T/sites.csv" || fail "example changed: no SDF-LHOSPITALET"
grep -q ',SDF-LHOSPITALET,.*,2027-0[12]-' "$WORK/before/sessions.csv" ||
  fail "example changed: SDF-LHOSPITALET has no session before $NOW2"
grep -v '^SDF-LHOSPITALET,' "$T/sites.csv" >"$WORK/sites" && mv "$WORK/sites" "$T/sites.csv"
# The staff member: Nadia Bouzid (FS1) leaves; she ran sessions before
# NOW2 (a previous plan the territory cannot describe: its other past
# sessions must still keep their UIDs).
grep -q ',FS1,' "$WORK/before/sessions.csv" || fail "example changed: FS1 has no session"
grep -v '^FS1,' "$T/staff.csv" >"$WORK/staff" && mv "$WORK/staff" "$T/staff.csv"
# The leave: 18-22 January (Julien Vidal's session at Cézac on the 19th
# was held) and a week of sick leave in March.
mkdir "$T/unavailability"
printf '%s\r\n' BEGIN:VCALENDAR VERSION:2.0 'PRODID:-//test//leave//FR' \
  BEGIN:VEVENT UID:leave-1@test DTSTAMP:20270101T000000Z \
  'DTSTART;VALUE=DATE:20270118' 'DTEND;VALUE=DATE:20270123' 'SUMMARY:Congé' \
  END:VEVENT \
  BEGIN:VEVENT UID:leave-2@test DTSTAMP:20270101T000000Z \
  'DTSTART;VALUE=DATE:20270301' 'DTEND;VALUE=DATE:20270306' \
  'SUMMARY:Arrêt maladie' END:VEVENT END:VCALENDAR >"$T/unavailability/staff-FS2.ics"

# Exit 3: the removed room leaves a target unmet.
run 3 plan "$T" --quarter 2027-Q1 --out "$WORK/plan" --now "$NOW2" --quiet
expect_err 'kept as held: matinee-eveil-SDF-LHOSPITALET-0@cc-du-quercy-blanc.planner on 05/01/2027 at 09:30 (site "SDF-LHOSPITALET" is no longer in the territory'
expect_err '(staff member "FS1" is no longer in the territory; the published event stays as it was)'
expect_err 'kept as held: Permanence France Services at Mairie de Cézac on 19/01/2027 at 09:00'
expect_err 'Julien Vidal is now busy then ("Congé")'
CHECKS=$((CHECKS + 1))
[ "$(grep -c 'kept as held: fs-itinerant-M-46069-0@\|(fs-itinerant-M-46069-0@' "$WORK/err")" -eq 1 ] ||
  fail "the held session at Cézac is not reported exactly once"
CHECKS=$((CHECKS + 1))
! grep -q 'verify:' "$WORK/err" || fail "the re-plan's own verification flagged its past"

run 0 verify "$WORK/plan/plan.sqlite"
expect_out '0 violations'
# The same plan as a CSV file (the coordinator's copy): its frozen past is
# the stored plan's.
run 0 verify "$WORK/plan/plan.sqlite" --csv "$WORK/plan/sessions.csv"
expect_out '0 violations'

# The held sessions of the removed room and staff member: still published
# as they were.
CHECKS=$((CHECKS + 1))
held=$(sqlite3 "$WORK/plan/plan.sqlite" "SELECT count(*) FROM event_state
  WHERE (site_id = 'SDF-LHOSPITALET' OR staff_ids = 'FS1')
  AND day <= '2027-02-15' AND cancelled_at IS NULL AND sequence = 0")
[ "$held" -ge 1 ] || fail "the removed room's past sessions were cancelled"
CHECKS=$((CHECKS + 1))
cancelled=$(sqlite3 "$WORK/plan/plan.sqlite" "SELECT count(*) FROM event_state
  WHERE day <= '2027-02-15' AND cancelled_at IS NOT NULL")
[ "$cancelled" -eq 0 ] || fail "$cancelled past events cancelled"

CHECKS=$((CHECKS + 1))
python3 - "$WORK/before" "$WORK/plan" 2027-02-15 SDF-LHOSPITALET FS1 <<'PY' || fail "the past changed"
import csv, os, re, sys
before, after, through, gone, left = sys.argv[1:6]

def rows(d):
    with open(os.path.join(d, 'sessions.csv'), newline='', encoding='utf-8') as f:
        lines = f.read().splitlines()
    head = lines[0].split(',')
    out = {}
    for line, r in zip(lines[1:], csv.DictReader(lines)):
        out[r['uid']] = (line, r)
    return out

def events(path):
    """UID -> the VEVENT's unfolded lines but DTSTAMP (the plan's date)."""
    if not os.path.exists(path):
        return {}
    text = open(path, encoding='utf-8', newline='').read().replace('\r\n ', '')
    out, cur = {}, None
    for line in text.split('\r\n'):
        if line == 'BEGIN:VEVENT':
            cur = []
        elif line == 'END:VEVENT':
            uid = next(l[4:] for l in cur if l.startswith('UID:'))
            out[uid] = cur
            cur = None
        elif cur is not None and not line.startswith('DTSTAMP'):
            cur.append(line)
    return out

old, new = rows(before), rows(after)
bad = 0
past = [u for u, (_, r) in old.items() if r['date'] <= through]
def held(r):
    return r['site'] == gone or left in re.split(r'[^A-Za-z0-9_-]+', r['staff'])
kept = [u for u in past if not held(old[u][1])]
for u in kept:
    if new.get(u, (None,))[0] != old[u][0]:
        print('sessions.csv changed for', u, file=sys.stderr); bad += 1
for u, (_, r) in new.items():
    if r['date'] <= through and u not in old:
        print('new session in the past:', u, file=sys.stderr); bad += 1
feeds = 0
for root, _, files in os.walk(os.path.join(before, 'calendars')):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), before)
        o, n = events(os.path.join(before, rel)), events(os.path.join(after, rel))
        for u in kept:
            if u in o:
                feeds += 1
                if n.get(u) != o[u]:
                    print(rel, 'changed', u, file=sys.stderr); bad += 1
later = [u for u, (_, r) in old.items() if r['date'] > through]
same = sum(1 for u in later if new.get(u, (None,))[0] == old[u][0])
print('past: %d sessions kept byte-identical (%d feed events), %d held'
      ' (removed room or staff member)' % (len(kept), feeds, len(past) - len(kept)))
print('later sessions unchanged: %d of %d (%.0f %%)'
      % (same, len(later), 100.0 * same / len(later)))
sys.exit(1 if bad or not kept or not feeds else 0)
PY
done_ok
