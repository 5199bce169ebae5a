#!/usr/bin/python3
"""check_feeds.py -- every feed `planner plan` wrote, read back by two
parsers the project does not control, against the plan it wrote.

usage: /usr/bin/python3 check_feeds.py TERRITORY_DIR OUT_DIR [--previous DIR]

The expected content of every feed is derived here from OUT_DIR/sessions.csv
(and the SEQUENCE of each session from OUT_DIR/sessions.json), with the
local times turned into UTC by Python's zoneinfo (the system tz database,
not libical):

  calendars/all.ics                  every session, cancelled ones included
  calendars/staff/<id>.ics           the sessions the person runs
  calendars/communes/<insee>.ics     the sessions at a site of the commune
  calendars/sites/<id>.ics           the sessions at the site
  calendars/services/<id>.ics        the sessions of the service
  calendars/vehicles/<id>.ics        the sessions using the vehicle

and the minibus runs of OUT_DIR/runs.csv (add_runs below).

One file per staff member, commune, site, service and vehicle of the
territory (even with no session), and no other file.  Every file is read
by tests/interop/check_ics.py (python3-icalendar) and check_ics.mjs
(ical.js), both run with TZ=UTC; each parser's expanded events (uid,
start, end, zone, status, sequence) must equal the expected ones, one by
one.

--previous DIR: DIR holds the sessions.csv and sessions.json of the plan
that OUT_DIR held before a re-plan.  Then also: every session of the old
plan is still in the new sessions.csv and in all.ics (as read by both
parsers); an unchanged one keeps its SEQUENCE; a moved one (date, time,
site, team or vehicle) keeps its UID with a higher SEQUENCE; a dropped one
is STATUS:CANCELLED with a higher SEQUENCE.  Prints "re-plan: K kept, M
moved, C cancelled, R renumbered", R counting the sessions that stayed in
place under another UID, each also an error: a re-plan keeps the UID of a
session that did not move (plan_keep_uids).

A parser that is not installed is skipped with a message (exit 77 when
nothing could be checked), unless CI=true, where that is a failure (the
test command installs both).  CHECK_FEEDS_PARSERS=python3-icalendar (or
ical.js, or none) uses only the parsers named: the others count as
missing, which is how plan_examples.sh tests the rule above.
Exit 0 when everything matches, 1 with the differences.
"""
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
INTEROP = os.path.join(HERE, "..", "interop")
PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.timezone.utc


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    head = text.split("\n", 1)[0]
    delim = max((",", ";", "\t"), key=head.count)
    out = []
    for r in csv.DictReader(text.splitlines(), delimiter=delim):
        if any((v or "").strip() for v in r.values()):
            out.append({(k or "").strip().lower(): (v or "").strip()
                        for k, v in r.items()})
    return out


def ids(folder, name, column):
    path = os.path.join(folder, name)
    return [r[column] for r in read_rows(path)] if os.path.exists(path) else []


def file_name(ident):
    """docs/calendars.md: ASCII letters, digits and '-' kept, '.' kept
    except first, any other byte written _XX."""
    out = []
    for i, b in enumerate(ident.encode("utf-8")):
        c = chr(b)
        if (c.isascii() and c.isalnum()) or c == "-" or (c == "." and i > 0):
            out.append(c)
        else:
            out.append("_%02X" % b)
    return "".join(out) + ".ics"


def utc(date, hhmm):
    h, m = (int(x) for x in hhmm.split(":"))
    d = datetime.date.fromisoformat(date)
    if h == 24:
        d += datetime.timedelta(days=1)
        h = 0
    local = datetime.datetime(d.year, d.month, d.day, h, m, tzinfo=PARIS)
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_row(s, seq):
    return (s["uid"], utc(s["date"], s["start"]), utc(s["date"], s["end"]),
            "Europe/Paris", s["status"].upper(), str(seq))


def expected_feeds(territory, sessions, seqs):
    feeds = {"all.ics": []}
    for kind, name, col in (("staff", "staff.csv", "id"),
                            ("communes", "communes.csv", "insee"),
                            ("sites", "sites.csv", "id"),
                            ("services", "services.csv", "id"),
                            ("vehicles", "vehicles.csv", "id")):
        for ident in ids(territory, name, col):
            feeds["%s/%s" % (kind, file_name(ident))] = []
    for s in sessions:
        row = event_row(s, seqs[s["uid"]])
        targets = ["all.ics", "sites/" + file_name(s["site"]),
                   "services/" + file_name(s["service"]),
                   "communes/" + file_name(s["commune_insee"])]
        targets += ["staff/" + file_name(x.strip())
                    for x in s["staff"].split("+") if x.strip()]
        if s["vehicle"]:
            targets.append("vehicles/" + file_name(s["vehicle"]))
        for t in targets:
            if t not in feeds:
                raise SystemExit("check_feeds.py: session %s names %s, which "
                                 "is not in the territory" % (s["uid"], t))
            feeds[t].append(row)
    return {k: sorted(v) for k, v in feeds.items()}


def run_parser(argv, cal, names):
    env = dict(os.environ, TZ="UTC")
    paths = [os.path.join(cal, n) for n in names]
    res = subprocess.run(argv + paths, capture_output=True, text=True,
                         env=env)
    if res.returncode != 0:
        return None, res.stderr
    got = {}
    for line in res.stdout.splitlines():
        parts = line.split("\t")
        rel = os.path.relpath(parts[0], cal)
        got.setdefault(rel, [])
        if parts[1:] != ["-"]:
            got[rel].append(tuple(parts[1:]))
    return {k: sorted(v) for k, v in got.items()}, ""


def parsers():
    found, missing = [], []
    wanted = os.environ.get("CHECK_FEEDS_PARSERS",
                            "python3-icalendar,ical.js").split(",")
    if "python3-icalendar" in wanted and subprocess.run(["/usr/bin/python3", "-c", "import icalendar, dateutil"],
                      capture_output=True).returncode == 0:
        found.append(("python3-icalendar",
                      ["/usr/bin/python3", os.path.join(INTEROP, "check_ics.py")]))
    else:
        missing.append("python3-icalendar (apt-get install python3-icalendar)")
    node = shutil.which("node")
    if "ical.js" in wanted and node and os.path.isdir(os.path.join(INTEROP, "node_modules", "ical.js")):
        found.append(("ical.js", [node, os.path.join(INTEROP, "check_ics.mjs")]))
    else:
        missing.append("node and ical.js (apt-get install nodejs; "
                       "cd tests/interop && npm ci)")
    return found, missing


def replan_checks(prev, sessions, seqs, parsed, errors):
    old = read_rows(os.path.join(prev, "sessions.csv"))
    with open(os.path.join(prev, "sessions.json"), encoding="utf-8") as f:
        old_seq = {s["uid"]: s["sequence"] for s in json.load(f)["sessions"]}
    new = {s["uid"]: s for s in sessions}
    slot = lambda s: (s["service"], s["site"], s["date"], s["start"])
    what = lambda s: (s["date"], s["start"], s["end"], s["site"], s["staff"],
                      s["vehicle"])
    new_slots = {slot(s): s["uid"] for s in sessions
                 if s["status"] == "confirmed"}
    moved = cancelled = kept = renumbered = 0
    for o in old:
        if o["status"] != "confirmed":
            continue
        u = o["uid"]
        n = new.get(u)
        if n is None:
            errors.append("re-plan: %s (%s %s at %s) is gone from sessions.csv:"
                          " expected it kept or cancelled" % (u, o["date"],
                                                               o["start"],
                                                               o["site"]))
            continue
        if n["status"] == "cancelled":
            cancelled += 1
            want_status, higher = "CANCELLED", True
        elif what(n) != what(o):
            moved += 1
            want_status, higher = "CONFIRMED", True
        else:
            kept += 1
            want_status, higher = "CONFIRMED", False
        if higher and not seqs[u] > old_seq[u]:
            errors.append("re-plan: %s changed (%s) but its SEQUENCE went %d -> "
                          "%d: expected higher" % (u, n["status"], old_seq[u],
                                                   seqs[u]))
        if not higher and seqs[u] != old_seq[u]:
            errors.append("re-plan: %s unchanged but its SEQUENCE went %d -> %d"
                          % (u, old_seq[u], seqs[u]))
        # A session that stays in place keeps its UID (plan_keep_uids,
        # docs/calendars.md): under another one, subscribers would be
        # told about a change that did not happen.
        other = new_slots.get(slot(o))
        if other is not None and other != u:
            renumbered += 1
            errors.append("re-plan: %s %s %s at %s stayed in place but its "
                          "UID changed %s -> %s" % (o["service"], o["date"],
                                                    o["start"], o["site"], u,
                                                    other))
        for name, got in parsed.items():
            rows = [r for r in got.get("all.ics", []) if r[0] == u]
            if len(rows) != 1:
                errors.append("re-plan: %s: all.ics has %d events with UID %s, "
                              "expected 1" % (name, len(rows), u))
                continue
            if rows[0][4] != want_status or (
                    higher and int(rows[0][5]) <= old_seq[u]):
                errors.append("re-plan: %s: all.ics shows %s as %s SEQUENCE %s;"
                              " expected %s, SEQUENCE %s %d"
                              % (name, u, rows[0][4], rows[0][5], want_status,
                                 ">" if higher else "=", old_seq[u]))
    return ("re-plan: %d kept, %d moved, %d cancelled, %d renumbered"
            % (kept, moved, cancelled, renumbered))


def add_runs(out, feeds):
    """The minibus runs of runs.csv (one row per stop) and their SEQUENCE
    in runs.json: a route's event (departure to return, or to arrival
    without a return) in all.ics and the feeds of its driver, vehicle and
    destination site; one event per stop (pick-up time to arrival, UID
    the route's with "-<pick-up id>" before the '@') in the feed of the
    stop's commune (docs/calendars.md, "Minibus runs").  Returns the
    number of routes."""
    path = os.path.join(out, "runs.csv")
    if not os.path.exists(path):
        return 0
    with open(os.path.join(out, "runs.json"), encoding="utf-8") as f:
        seqs = {r["uid"]: r["sequence"] for r in json.load(f)["runs"]}
    seen = set()
    for s in read_rows(path):
        uid, date = s["run_uid"], s["date"]
        if uid not in seen:
            seen.add(uid)
            row = (uid, utc(date, s["depart"]), utc(date, s["back"] or s["arrive_by"]),
                   "Europe/Paris", s["status"].upper(), str(seqs[uid]))
            for t in ("all.ics", "staff/" + file_name(s["driver"]),
                      "vehicles/" + file_name(s["vehicle"]),
                      "sites/" + file_name(s["site"])):
                feeds[t].append(row)
        head, at, dom = uid.partition("@")
        feeds["communes/" + file_name(s["commune_insee"])].append(
            (head + "-" + s["pickup"] + at + dom, utc(date, s["pickup_time"]),
             utc(date, s["arrive_by"]), "Europe/Paris", s["status"].upper(),
             str(seqs[uid])))
    for k in feeds:
        feeds[k].sort()
    return len(seen)


def main():
    args = sys.argv[1:]
    prev = None
    if "--previous" in args:
        i = args.index("--previous")
        prev = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    territory, out = args
    sessions = read_rows(os.path.join(out, "sessions.csv"))
    with open(os.path.join(out, "sessions.json"), encoding="utf-8") as f:
        js = json.load(f)["sessions"]
    seqs = {s["uid"]: s["sequence"] for s in js}
    errors = []
    if [s["uid"] for s in sessions] != [s["uid"] for s in js]:
        errors.append("sessions.csv and sessions.json list different sessions")
    for s in sessions:
        seqs.setdefault(s["uid"], -1)
    expected = expected_feeds(territory, sessions, seqs)
    n_runs = add_runs(out, expected)
    cal = os.path.join(out, "calendars")
    on_disk = sorted(os.path.relpath(os.path.join(d, f), cal)
                     for d, _, fs in os.walk(cal) for f in fs)
    for extra in sorted(set(on_disk) - set(expected)):
        errors.append("calendars/%s: not a feed of the territory (stale file?)"
                      % extra)
    for miss in sorted(set(expected) - set(on_disk)):
        errors.append("calendars/%s: missing" % miss)
    names = sorted(set(expected) & set(on_disk))

    found, missing = parsers()
    if missing:
        msg = "check_feeds.py: missing " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            print(msg + " -- required under CI", file=sys.stderr)
            return 1
        print(msg + " -- skipped", file=sys.stderr)
    parsed = {}
    for name, argv in found:
        got, err = run_parser(argv, cal, names)
        if got is None:
            errors.append("%s refused a feed:\n%s" % (name, err.rstrip()))
            continue
        parsed[name] = got
        for n in names:
            g, w = got.get(n, []), expected[n]
            if g == w:
                continue
            errors.append("%s: calendars/%s: %d events read, %d expected"
                          % (name, n, len(g), len(w)))
            for r in sorted(set(w) - set(g))[:5]:
                errors.append("    expected, not read: " + "  ".join(r))
            for r in sorted(set(g) - set(w))[:5]:
                errors.append("    read, not expected: " + "  ".join(r))
    note = ""
    if prev:
        note = "; " + replan_checks(prev, sessions, seqs, parsed, errors)
    if errors:
        print("check_feeds.py: %s: %d problem(s):" % (out, len(errors)))
        for e in errors:
            print("  " + e)
        return 1
    if not found:
        return 77
    print("check_feeds.py: %s: %d feeds, %d sessions, %d minibus routes, "
          "read by %s: all match%s"
          % (out, len(names), len(sessions), n_runs,
             " and ".join(n for n, _ in found), note))
    return 0


if __name__ == "__main__":
    sys.exit(main())
