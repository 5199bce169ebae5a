// check_ics.mjs -- reads iCalendar files with ical.js (the parser inside
// Thunderbird; npm, pinned in package-lock.json) and prints every event
// occurrence, in the same format as check_ics.py:
//     FILE  UID  START  END  TZID  STATUS  SEQUENCE   (START/END in UTC)
// Each file's VTIMEZONEs are registered before its events are read, as
// Thunderbird does; recurring events are expanded with ical.js's own
// iterator (EXDATE and RECURRENCE-ID applied).  Any parse error, or an
// event whose zone ical.js cannot resolve, exits 1 loudly.
//
// usage: node check_ics.mjs FILE...
import fs from 'node:fs';
import ICAL from 'ical.js';

function fail(path, msg) {
  process.stderr.write(`check_ics.mjs: ${path}: ${msg}\n`);
  process.exit(1);
}

function iso(t) {
  return t.toJSDate().toISOString().replace('.000Z', 'Z');
}

function check(path) {
  const text = fs.readFileSync(path, 'utf8');
  let comp;
  try {
    comp = new ICAL.Component(ICAL.parse(text));
  } catch (e) {
    fail(path, `ical.js cannot parse: ${e.message}`);
  }
  if (comp.getFirstPropertyValue('method') !== 'PUBLISH')
    fail(path, 'METHOD is not PUBLISH');
  for (const p of ['prodid', 'name', 'x-wr-calname', 'refresh-interval',
                   'x-published-ttl'])
    if (!comp.getFirstPropertyValue(p)) fail(path, `calendar has no ${p}`);
  const zones = comp.getAllSubcomponents('vtimezone');
  if (zones.length !== 1 ||
      zones[0].getFirstPropertyValue('tzid') !== 'Europe/Paris')
    fail(path, 'expected exactly one VTIMEZONE, Europe/Paris');
  ICAL.TimezoneService.reset();
  for (const z of zones) ICAL.TimezoneService.register(z);
  const rows = [];
  const exceptions = [];
  for (const ve of comp.getAllSubcomponents('vevent'))
    if (ve.hasProperty('recurrence-id')) exceptions.push(ve);
  for (const ve of comp.getAllSubcomponents('vevent')) {
    if (ve.hasProperty('recurrence-id')) continue;
    const ev = new ICAL.Event(ve, { exceptions });
    const tzid = ev.startDate.zone ? ev.startDate.zone.tzid : '';
    if (!tzid || tzid === 'floating')
      fail(path, `event ${ev.uid}: start time has no resolved zone`);
    const status = ve.getFirstPropertyValue('status') || '';
    const seq = String(ev.sequence);
    const push = (s, e) =>
      rows.push([ev.uid, iso(s), iso(e), tzid, status, seq].join('\t'));
    try {
      if (ev.isRecurring()) {
        const it = ev.iterator();
        let next;
        let guard = 0;
        while ((next = it.next()) && guard++ < 100000) {
          const d = ev.getOccurrenceDetails(next);
          push(d.startDate, d.endDate);
        }
      } else {
        push(ev.startDate, ev.endDate);
      }
    } catch (e) {
      fail(path, `event ${ev.uid}: ${e.message}`);
    }
  }
  return rows.sort();
}

if (process.argv.length < 3) {
  process.stderr.write('usage: node check_ics.mjs FILE...\n');
  process.exit(2);
}
for (const path of process.argv.slice(2)) {
  const rows = check(path);
  process.stdout.write(`${path}\t-\n`);
  for (const r of rows) process.stdout.write(`${path}\t${r}\n`);
}
