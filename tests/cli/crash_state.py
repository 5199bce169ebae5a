#!/usr/bin/python3
"""crash_state.py -- what a project file and its output folder hold, and
whether a killed planner left them in an allowed state (crash_trials.sh).

usage:
  crash_state.py snapshot DB DIR STATE.json
  crash_state.py check DB DIR OLD.json NEW.json [PHASES]  (just after a kill -9)
  crash_state.py final DB DIR NEW.json             (after the next run)

DIR is the output folder (plan.sqlite's folder for `planner plan`, the
feeds folder for `planner feeds`, "-" for none).  A snapshot records:
  integrity   PRAGMA integrity_check of DB (python3's sqlite3 module)
  territory   a digest of every table that is not a plan, a published
              event or meta, row by row (what `planner import` writes)
  plans       how many plans DB holds
  plan        a digest of the latest plan and its sessions and staff
  published   a digest of event_state (what subscribers were last given:
              UID, SEQUENCE, cancellations), written with the plan
  journal     rows of any table whose name holds "journal" or "publish",
              and files in DIR whose name holds "journal": an unfinished
              publish that the next run must finish
  files       the digest of every file in DIR (sessions.csv, summaries,
              calendars/...): each is replaced atomically, so after a kill
              each must be its old or its new version.  The solver's
              times (sessions.json's and summary.json's "seconds" and
              "first_feasible_s", summary.txt's "Solveur : ..., 0,05 s") are
              zeroed first: two runs on the same input differ only there
  unparsed    the .ics files python3-icalendar cannot read
  temporary   files in DIR that are no output (temporary files left)

check: integrity ok; territory, plan, published each the old or the new
one, and no mix between them (a new plan on the old territory, the new
territory without the new plan when the operation makes both, a new
publish record on the old plan); every file its old or new version or
absent where one of them lacks it; every .ics parses; and, the defect of
issue 17 (8), when DB records the new plan as published with no journal,
every feed on disk is the new one.
final: exactly the new state, no temporary file.
Prints one line per problem and exits 1, or exits 0 silently.

check and final read with python3-icalendar every .ics file whose digest
is not one of OLD.json's or NEW.json's (their snapshots read those
already, and a snapshot that could not read one says so in "unparsed",
which check and final report): the same bytes parse the same way.

PHASES (check): a file to which one line is appended, what the kill
interrupted as the state shows it:
  before    the project file and every file as they were
  saved     the project file holds the new state and an unfinished
            publish, no file is new yet
  writing   an unfinished publish, some files new
  after     the new state, the publish finished (or none was needed)
  mixed     none of these (check also reports a problem then)
"""
import hashlib
import json
import os
import re
import sqlite3
import sys

PLAN_TABLES = {"plan", "plan_session", "plan_session_staff", "event_state",
               "meta"}


def digest(rows):
    h = hashlib.sha1()
    for r in rows:
        h.update(repr(r).encode())
    return h.hexdigest()


def db_state(path):
    st = {}
    con = sqlite3.connect("file:%s?mode=rw" % path, uri=True, timeout=10)
    try:
        st["integrity"] = "; ".join(
            r[0] for r in con.execute("PRAGMA integrity_check"))
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        journal = [t for t in tables if "journal" in t or "publish" in t]
        st["journal"] = sum(con.execute('SELECT count(*) FROM "%s"' % t)
                            .fetchone()[0] for t in journal)
        terr = []
        for t in tables:
            if t in PLAN_TABLES or t in journal:
                continue
            terr.append((t, sorted(con.execute('SELECT * FROM "%s"' % t),
                                   key=repr)))
        st["territory"] = digest(terr)
        st["plans"] = con.execute("SELECT count(*) FROM plan").fetchone()[0]
        last = con.execute("SELECT max(id) FROM plan").fetchone()[0]
        rows = []
        if last is not None:
            rows.append(con.execute(
                "SELECT horizon_start, horizon_end, solver_status, objective "
                "FROM plan WHERE id = ?", (last,)).fetchall())
            rows.append(con.execute(
                "SELECT pos, uid, service_id, site_id, day, start_min, "
                "end_min, vehicle_id, status, sequence FROM plan_session "
                "WHERE plan_id = ? ORDER BY pos", (last,)).fetchall())
            rows.append(sorted(con.execute(
                "SELECT s.uid, t.pos, t.staff_id FROM plan_session_staff t "
                "JOIN plan_session s ON s.id = t.session_id "
                "WHERE s.plan_id = ?", (last,)), key=repr))
        st["plan"] = digest(rows)
        st["published"] = digest(sorted(con.execute(
            "SELECT uid, service_id, site_id, day, start_min, end_min, "
            "staff_ids, vehicle_id, sequence, cancelled_at FROM event_state"),
            key=repr))
    finally:
        con.close()
    return st


# The solver's times: the only bytes two runs on the same input differ in.
TIMINGS = [
    (re.compile(rb'"(seconds|first_feasible_s)": [0-9.eE+-]+'), rb'"\1": 0'),
    (re.compile(rb'^((?:Solver|Solveur) ?: .*?), [0-9.,]+ s(,|$)', re.M),
     rb'\1, 0 s\2'),
]


def file_digest(name, data):
    if name in ("sessions.json", "summary.json", "summary.txt"):
        for pat, rep in TIMINGS:
            data = pat.sub(rep, data)
    return hashlib.sha1(data).hexdigest()


def dir_state(path, known=frozenset()):
    files, unparsed, temporary, journal = {}, [], [], 0
    for d, _, names in os.walk(path):
        for n in names:
            full = os.path.join(d, n)
            rel = os.path.relpath(full, path)
            if "journal" in n:
                journal += 1
                continue
            if n.startswith("plan.sqlite"):
                continue   # the project file: its state is read above
            outputs = (n.endswith(".ics") or n in (
                "sessions.csv", "sessions.json", "summary.txt",
                "summary.json"))
            if not outputs or n.startswith("."):
                temporary.append(rel)
                continue
            with open(full, "rb") as f:
                data = f.read()
            files[rel] = file_digest(n, data)
            if n.endswith(".ics") and files[rel] not in known:
                from icalendar import Calendar
                try:
                    Calendar.from_ical(data.decode("utf-8"))
                except Exception as e:   # any refusal is the finding
                    unparsed.append("%s (%s)" % (rel, str(e)[:80]))
    return {"files": files, "unparsed": sorted(unparsed),
            "temporary": sorted(temporary), "journal_files": journal}


def snapshot(db, out, known=frozenset()):
    st = db_state(db) if db != "-" else {}
    if out != "-":
        st.update(dir_state(out, known))
    return st


def parsed_digests(*states):
    """Digests of the .ics files the snapshots states read without error."""
    known = set()
    for st in states:
        bad = {u.split(" (")[0] for u in st.get("unparsed", [])}
        known.update(d for r, d in st.get("files", {}).items()
                     if r.endswith(".ics") and r not in bad)
    return frozenset(known)


def phase(cur, old, new):
    """What the kill interrupted, as the state shows it (PHASES above)."""
    keys = [k for k in ("territory", "plan", "published")
            if k in cur and old[k] != new[k]]
    db_old = all(cur[k] == old[k] for k in keys)
    db_new = all(cur[k] == new[k] for k in keys)
    journal = cur.get("journal", 0) + cur.get("journal_files", 0)
    files, of, nf = cur.get("files", {}), old.get("files", {}), new.get("files", {})
    changed = [r for r in set(of) | set(nf) if of.get(r) != nf.get(r)]
    n_new = sum(files.get(r) == nf.get(r) for r in changed)
    n_old = sum(files.get(r) == of.get(r) for r in changed)
    if db_old and not journal and n_old == len(changed) and (
            keys or changed):
        return "before"
    if db_new and journal and n_new == 0:
        return "saved"
    if db_new and journal:
        return "writing"
    if db_new and not journal and n_new == len(changed):
        return "after"
    return "mixed"


def check(cur, old, new):
    bad = []
    if cur.get("integrity", "ok") != "ok":
        bad.append("PRAGMA integrity_check: " + cur["integrity"])
    for k in ("territory", "plan", "published", "plans"):
        if k in cur and cur[k] not in (old[k], new[k]):
            bad.append("%s: neither the old nor the new one" % k)
    if "plan" in cur and old["plan"] != new["plan"]:
        if cur["plan"] == new["plan"] and cur["territory"] != new["territory"]:
            bad.append("a mix: the new plan over the old territory")
        if (cur["territory"] == new["territory"] != old["territory"] and
                cur["plan"] != new["plan"]):
            bad.append("a mix: the new territory stored without the new plan")
        if (cur["published"] == new["published"] != old["published"] and
                cur["plan"] != new["plan"]):
            bad.append("a mix: the new plan published, the old one stored")
    files = cur.get("files", {})
    for rel in sorted(set(files) | set(old.get("files", {})) |
                      set(new.get("files", {}))):
        versions = {old.get("files", {}).get(rel), new.get("files", {}).get(rel)}
        if files.get(rel) not in versions:
            bad.append("%s: neither its old nor its new version" % rel)
    for u in cur.get("unparsed", []):
        bad.append("python3-icalendar cannot read " + u)
    journal = cur.get("journal", 0) + cur.get("journal_files", 0)
    if ("published" in cur and "files" in cur and
            old["published"] != new["published"] and
            cur["published"] == new["published"] and not journal):
        stale = [r for r in files if r.endswith(".ics") and
                 files[r] != new["files"].get(r)]
        if stale:
            bad.append("the project file records the new plan as published "
                       "while %d feed(s) on disk show the old one (%s...) "
                       "and no journal says the publish is unfinished "
                       "(issue 17, defect 8)" % (len(stale), stale[0]))
    return bad


def final(cur, new):
    bad = []
    if cur.get("integrity", "ok") != "ok":
        bad.append("PRAGMA integrity_check: " + cur["integrity"])
    for k in ("territory", "plan", "published", "plans", "journal"):
        if k in cur and cur[k] != new[k]:
            bad.append("after the next run, %s differs from an "
                       "uninterrupted run's" % k)
    files, want = cur.get("files", {}), new.get("files", {})
    for rel in sorted(set(files) | set(want)):
        if files.get(rel) != want.get(rel):
            bad.append("after the next run, %s differs from an "
                       "uninterrupted run's" % rel)
    for u in cur.get("unparsed", []):
        bad.append("python3-icalendar cannot read " + u)
    for t in cur.get("temporary", []):
        bad.append("after the next run, a temporary file is left: " + t)
    return bad


def main(argv):
    if len(argv) >= 4 and argv[0] == "snapshot" and len(argv) == 4:
        with open(argv[3], "w", encoding="utf-8") as f:
            json.dump(snapshot(argv[1], argv[2]), f, indent=1, sort_keys=True)
        return 0
    if len(argv) in (5, 6) and argv[0] == "check":
        old, new = (json.load(open(p, encoding="utf-8")) for p in argv[3:5])
        cur = snapshot(argv[1], argv[2], parsed_digests(old, new))
        bad = check(cur, old, new)
        if len(argv) == 6:
            with open(argv[5], "a", encoding="utf-8") as f:
                f.write(phase(cur, old, new) + "\n")
    elif len(argv) == 4 and argv[0] == "final":
        new = json.load(open(argv[3], encoding="utf-8"))
        bad = final(snapshot(argv[1], argv[2], parsed_digests(new)), new)
    else:
        sys.stderr.write(__doc__)
        return 2
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
