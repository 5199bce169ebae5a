#!/usr/bin/python3
"""check_ics.py -- reads iCalendar files with python3-icalendar (Debian's,
a parser the project does not control) and prints every event occurrence.

usage: /usr/bin/python3 check_ics.py FILE...

For each file, prints "FILE\t-" and then one line per occurrence:
    FILE  UID  START  END  TZID  STATUS  SEQUENCE
with START/END as UTC ISO 8601 ("2027-03-25T08:30:00Z").  Recurring events
(RRULE/RDATE minus EXDATE) are expanded with python3-dateutil, which
icalendar depends on.  Also checks what every subscriber depends on:
CRLF line ends, lines of at most 75 octets that are valid UTF-8 on their
own, METHOD:PUBLISH, PRODID, NAME/X-WR-CALNAME, REFRESH-INTERVAL,
X-PUBLISHED-TTL, a Europe/Paris VTIMEZONE, no libical TZID prefix, and
per event DTSTAMP, LAST-MODIFIED, SEQUENCE, SUMMARY, DESCRIPTION,
LOCATION, CATEGORIES.  Any error (parse or check) exits 1 loudly.
"""
import datetime
import sys

import icalendar
from dateutil import rrule

UTC = datetime.timezone.utc


def fail(path, msg):
    sys.stderr.write("check_ics.py: %s: %s\n" % (path, msg))
    sys.exit(1)


def iso(dt):
    if not isinstance(dt, datetime.datetime) or dt.tzinfo is None:
        raise ValueError("not a zoned date-time: %r" % (dt,))
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def raw_checks(path, raw):
    if not raw.endswith(b"\r\n"):
        fail(path, "does not end with CRLF")
    for n, line in enumerate(raw[:-2].split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            fail(path, "line %d: bare LF or CR" % n)
        if len(line) > 75:
            fail(path, "line %d: %d octets (more than 75)" % (n, len(line)))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail(path, "line %d: a UTF-8 character is split by folding" % n)
    if b"freeassociation" in raw:
        fail(path, "libical's /freeassociation.sourceforge.net/ TZID prefix")


def occurrences(ev):
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    length = end - start
    if "RRULE" not in ev and "RDATE" not in ev:
        yield start, end
        return
    rs = rrule.rruleset()
    for rule in (ev["RRULE"] if isinstance(ev["RRULE"], list)
                 else [ev["RRULE"]]) if "RRULE" in ev else []:
        rs.rrule(rrule.rrulestr(rule.to_ical().decode(), dtstart=start))
    for prop in ("RDATE", "EXDATE"):
        values = ev.get(prop)
        if values is None:
            continue
        for v in values if isinstance(values, list) else [values]:
            for d in v.dts:
                (rs.rdate if prop == "RDATE" else rs.exdate)(d.dt)
    for s in rs:
        yield s, s + length


def check(path):
    with open(path, "rb") as f:
        raw = f.read()
    raw_checks(path, raw)
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except Exception as e:  # the parser's own error: report it loudly
        fail(path, "python3-icalendar cannot parse: %s" % e)
    for prop, want in (("METHOD", "PUBLISH"),):
        if str(cal.get(prop)) != want:
            fail(path, "%s is %r, expected %r" % (prop, cal.get(prop), want))
    for prop in ("PRODID", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL",
                 "X-PUBLISHED-TTL", "VERSION"):
        if not cal.get(prop):
            fail(path, "calendar has no %s" % prop)
    zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
    if zones != ["Europe/Paris"]:
        fail(path, "VTIMEZONEs are %r, expected ['Europe/Paris']" % zones)
    rows = []
    for ev in cal.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "DTSTART",
                     "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION",
                     "CATEGORIES", "STATUS"):
            if prop not in ev:
                fail(path, "event %s has no %s" % (ev.get("UID"), prop))
        tzid = ev["DTSTART"].params.get("TZID", "")
        if ev["DTEND"].params.get("TZID", "") != tzid:
            fail(path, "event %s: DTEND zone differs from DTSTART" % ev["UID"])
        status = str(ev["STATUS"])
        summary = str(ev["SUMMARY"])
        if (status == "CANCELLED") != summary.startswith("ANNULÉ — "):
            fail(path, "event %s: STATUS %s but SUMMARY %r"
                 % (ev["UID"], status, summary))
        try:
            for s, e in occurrences(ev):
                rows.append((str(ev["UID"]), iso(s), iso(e), str(tzid),
                             status, str(int(ev["SEQUENCE"]))))
        except Exception as e:
            fail(path, "event %s: %s" % (ev.get("UID"), e))
    return rows


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    for path in sys.argv[1:]:
        rows = check(path)
        print("%s\t-" % path)
        for r in sorted(rows):
            print("\t".join((path,) + r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
