#!/bin/sh
# replan_horizons.sh -- horizon after horizon in one project file
# (docs/calendars.md "UIDs"): Quercy Blanc planned for 2027-Q1, then for
# 2027-Q2 into the same OUT (the Ministry's zone C calendar imported for
# the summer), then Q1 again.  Q2's plan adds its events: every Q1 event
# stays in every feed that showed it, byte for byte (DTSTAMP aside: the
# plan's date), no UID is shared by the two quarters, nothing is
# cancelled, sessions.csv holds the planned quarter only, and the feeds
# hold both.  Re-planning Q1 afterwards gives Q1 its own UIDs back and
# leaves Q2's events as they were.
. "$(dirname "$0")/lib.sh"

QB="$EXAMPLES/quercy-blanc"
OUT="$WORK/plan"
run 0 plan "$QB" --quarter 2027-Q1 --out "$OUT" --now 2026-12-01T09:00:00 --quiet
cp -r "$OUT" "$WORK/q1"
run 0 holidays import "$OUT/plan.sqlite" "$PLANNER_SOURCE_ROOT/tests/calendars/data/ministry-zone-c.ics"
run 0 plan "$QB" --quarter 2027-Q2 --out "$OUT" --now 2026-12-02T09:00:00 --quiet
cp -r "$OUT" "$WORK/q2"
run 0 plan "$QB" --quarter 2027-Q1 --out "$OUT" --now 2026-12-03T09:00:00 --quiet
cp -r "$OUT" "$WORK/q1again"
CHECKS=$((CHECKS + 1))
cmp -s "$WORK/q1/sessions.csv" "$WORK/q1again/sessions.csv" ||
  fail "re-planning Q1 after Q2 changed Q1's sessions.csv"

CHECKS=$((CHECKS + 1))
python3 - "$WORK" <<'PY' || fail "a horizon moved another's events"
import csv, os, sys
work = sys.argv[1]

def sessions(d):
    with open(os.path.join(work, d, 'sessions.csv'), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))

def events(path):
    """UID -> the VEVENT's unfolded lines but DTSTAMP (the plan's date)."""
    text = open(path, encoding='utf-8', newline='').read().replace('\r\n ', '')
    out, cur = {}, None
    for line in text.split('\r\n'):
        if line == 'BEGIN:VEVENT':
            cur = []
        elif line == 'END:VEVENT':
            uid = next(l[4:] for l in cur if l.startswith('UID:'))
            assert uid not in out, 'two events %s in %s' % (uid, path)
            out[uid] = cur
            cur = None
        elif cur is not None and not line.startswith('DTSTAMP'):
            cur.append(line)
    return out

def feeds(d):
    root = os.path.join(work, d, 'calendars')
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith('.ics'):
                p = os.path.join(dirpath, f)
                out[os.path.relpath(p, root)] = events(p)
    return out

bad = []
q1, q2 = sessions('q1'), sessions('q2')
if not q1 or not q2:
    bad.append('a quarter has no session')
if any(not ('2027-01-01' <= r['date'] <= '2027-03-31') for r in q1):
    bad.append('Q1 sessions.csv has a date outside Q1')
if any(not ('2027-04-01' <= r['date'] <= '2027-06-30') for r in q2):
    bad.append('Q2 sessions.csv has a date outside Q2')
shared = {r['uid'] for r in q1} & {r['uid'] for r in q2}
if shared:
    bad.append('UIDs of both quarters: %s' % sorted(shared)[:3])
f1, f2, f3 = feeds('q1'), feeds('q2'), feeds('q1again')
n1 = n2 = 0
for name, ev in f1.items():        # Q1's events after Q2 was saved
    for uid, lines in ev.items():
        n1 += 1
        if f2.get(name, {}).get(uid) != lines:
            bad.append('%s: %s changed by the Q2 plan' % (name, uid))
for name, ev in f2.items():        # everything after Q1 was re-planned
    for uid, lines in ev.items():
        n2 += 1
        if f3.get(name, {}).get(uid) != lines:
            bad.append('%s: %s changed by re-planning Q1' % (name, uid))
for d, fs in (('q2', f2), ('q1again', f3)):
    if any('STATUS:CANCELLED' in l for ev in fs.values() for e in ev.values() for l in e):
        bad.append('%s: a cancelled event' % d)
want = {r['uid'] for r in q1} | {r['uid'] for r in q2}
for d, fs in (('q2', f2), ('q1again', f3)):
    if set(fs['all.ics']) != want:
        bad.append('%s: all.ics does not hold both quarters' % d)
for b in bad[:20]:
    print(b, file=sys.stderr)
print('Q1: %d sessions, Q2: %d; %d Q1 feed events kept by Q2, %d kept by'
      ' re-planning Q1' % (len(q1), len(q2), n1, n2))
sys.exit(1 if bad else 0)
PY
done_ok
