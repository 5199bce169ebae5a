#!/usr/bin/python3
"""run_interop.py -- the feeds re-read by two parsers we do not control.

usage: run_interop.py WRITER

WRITER (tests/calendars/interop_write_feeds) writes every feed of a plan
that crosses both 2027 DST changes, with a cancelled session, and
expected.tsv: what each file must hold.  We read every .ics written with
Debian's python3-icalendar (check_ics.py) and with ical.js
(check_ics.mjs), expand the events, and compare them one by one (uid,
start, end, zone, status, sequence) with expected.tsv.

Parsers missing: skipped (exit 77) with a message, unless CI=true, where
that is a failure.  Install them with scripts/install-deps.sh.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"


def missing_parsers():
    missing = []
    if subprocess.run([PYTHON, "-c", "import icalendar, dateutil"],
                      capture_output=True).returncode != 0:
        missing.append("python3-icalendar (apt-get install python3-icalendar)")
    node = shutil.which("node")
    if not node:
        missing.append("node (apt-get install nodejs)")
    elif not os.path.isdir(os.path.join(HERE, "node_modules", "ical.js")):
        missing.append("ical.js (cd tests/interop && npm ci)")
    return missing


def parse_rows(text):
    files = {}
    for line in text.splitlines():
        parts = line.split("\t")
        files.setdefault(parts[0], [])
        if parts[1:] != ["-"]:
            files[parts[0]].append(tuple(parts[1:]))
    return {f: sorted(r) for f, r in files.items()}


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    missing = missing_parsers()
    if missing:
        msg = "interop: missing " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            print(msg + " -- required under CI", file=sys.stderr)
            return 1
        print(msg + " -- skipped", file=sys.stderr)
        return 77
    tmp = tempfile.mkdtemp(prefix="planner-interop-")
    try:
        subprocess.run([sys.argv[1], tmp], check=True)
        with open(os.path.join(tmp, "expected.tsv"), encoding="utf-8") as f:
            expected = parse_rows(f.read())
        feeds = os.path.join(tmp, "feeds")
        written = sorted(
            os.path.relpath(os.path.join(d, n), feeds)
            for d, _, names in os.walk(feeds) for n in names)
        if written != sorted(expected):
            print("interop: files written %r, expected %r"
                  % (written, sorted(expected)), file=sys.stderr)
            return 1
        # TZ=UTC: a parser that ignored our VTIMEZONE and used the machine's
        # local time would shift every event, and the comparison shows it.
        env = dict(os.environ, TZ="UTC")
        ok = True
        for name, cmd in (
                ("python3-icalendar", [PYTHON, os.path.join(HERE, "check_ics.py")]),
                ("ical.js", ["node", os.path.join(HERE, "check_ics.mjs")])):
            r = subprocess.run(cmd + written, cwd=feeds, env=env,
                               capture_output=True, text=True)
            if r.returncode != 0:
                print("interop: %s failed:\n%s" % (name, r.stderr),
                      file=sys.stderr)
                ok = False
                continue
            got = parse_rows(r.stdout)
            events = 0
            for f in written:
                if got.get(f) != expected[f]:
                    ok = False
                    print("interop: %s reads %s differently" % (name, f),
                          file=sys.stderr)
                    for row in sorted(set(expected[f]) - set(got.get(f, []))):
                        print("  expected, not read: %s" % "\t".join(row),
                              file=sys.stderr)
                    for row in sorted(set(got.get(f, [])) - set(expected[f])):
                        print("  read, not expected: %s" % "\t".join(row),
                              file=sys.stderr)
                events += len(got.get(f, []))
            print("%s: %d files, %d events read as planned%s"
                  % (name, len(written), events, "" if ok else " (with errors)"))
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
