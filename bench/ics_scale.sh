#!/bin/sh
# ics_scale.sh -- how iCalendar imports grow with the size of the file.
#
# Issue 17, defect 4: busy-time parsing grew with the square of the events
# (12.5k / 25k / 50k events: 0.43 / 1.87 / 5.18 s), and a 13 KB file of
# 100 minute-by-minute recurrence rules took 21 s.  This times, with the
# real binary on a project file of examples/quercy-blanc:
#
#   - `planner busy import` of files of N timed VEVENTs (one Outlook-like
#     event every 3 hours from 2027-01-01, a tenth of them RECURRENCE-ID
#     overrides of a weekly series, so the override lookup is exercised);
#   - `planner holidays import` of a Ministry-like file of N all-day
#     holiday events ("Vacances ... - Zone C"), a third without DTEND (so
#     each looks for the next "Rentrée");
#   - `planner busy import` of the file of 100 minutely RRULEs (refused:
#     the total expansion work of one file is capped), timed too.
#
# Linear parsing means the seconds per 10 000 events stay flat.
#
# usage: bench/ics_scale.sh [PLANNER] [N...]
#   PLANNER  the binary (default build/cli/planner)
#   N        event counts (default: 12500 25000 50000)
# Prints one line per run: what, events, bytes, seconds (wall), exit
# status, the last line of the output.  Machines are shared: compare
# numbers within one run.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
planner=${1:-$root/build/cli/planner}
[ $# -gt 0 ] && shift
sizes=${*:-12500 25000 50000}
work=$(mktemp -d "${TMPDIR:-/tmp}/ics-scale-XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/qb.sqlite"
"$planner" init "$db" "$root/examples/quercy-blanc" >/dev/null
staff=$(sed -n '2s/,.*//p' "$root/examples/quercy-blanc/staff.csv")

# busy_file N: N events, every 3 hours from 2027-01-01 08:00 Paris; every
# tenth one moves an occurrence of a weekly master (one master per 70).
busy_file() {
  awk -v n="$1" 'BEGIN {
    printf "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//ics_scale//FR\r\n"
    for (i = 0; i < n; i++) {
      h = 8 + 3 * i; d = int(h / 24); h = h % 24
      # day d after 2027-01-01, as YYYYMMDD (365-day years, no Feb 29 in 2027-2030)
      y = 2027; dd = d
      while (dd >= 365) { dd -= 365; y++ }
      split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
      m = 1; while (dd >= ml[m]) { dd -= ml[m]; m++ }
      date = sprintf("%04d%02d%02d", y, m, dd + 1)
      printf "BEGIN:VEVENT\r\nDTSTAMP:20261201T090000Z\r\n"
      if (i % 10 == 0 && i > 0) {
        printf "UID:weekly-%d@bench\r\nRECURRENCE-ID;TZID=Europe/Paris:%sT%02d0000\r\n", int(i / 70), date, h
      } else if (i % 70 == 0) {
        printf "UID:weekly-%d@bench\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n", int(i / 70)
      } else {
        printf "UID:event-%d@bench\r\n", i
      }
      printf "DTSTART;TZID=Europe/Paris:%sT%02d0000\r\n", date, h
      printf "DTEND;TZID=Europe/Paris:%sT%02d3000\r\n", date, h
      printf "SUMMARY:Absence %d\r\nEND:VEVENT\r\n", i
    }
    printf "END:VCALENDAR\r\n"
  }'
}

# school_file N: N holiday events of zone C, four a day from 2000-01-01;
# of each three, one has a DTEND, one none (ended by the next Rentrée
# event) and one is that Rentrée.
school_file() {
  awk -v n="$1" 'BEGIN {
    printf "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//ics_scale//FR\r\n"
    printf "X-WR-CALNAME:Calendrier Scolaire - Zone C\r\n"
    for (i = 0; i < n; i++) {
      d = int(i / 4); y = 2000
      while (d >= 365) { d -= 365; y++ }
      split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
      m = 1; while (d >= ml[m]) { d -= ml[m]; m++ }
      date = sprintf("%04d%02d%02d", y, m, (d < 26 ? d : 25) + 1)
      end = sprintf("%04d%02d%02d", y, m, (d < 26 ? d : 25) + 3)
      printf "BEGIN:VEVENT\r\nDTSTAMP:20261201T090000Z\r\nUID:s-%d@bench\r\n", i
      if (i % 3 == 2) {
        printf "DTSTART;VALUE=DATE:%s\r\nSUMMARY:Rentrée scolaire des élèves - Zone C\r\n", end
      } else {
        printf "DTSTART;VALUE=DATE:%s\r\n", date
        if (i % 3 == 0) printf "DTEND;VALUE=DATE:%s\r\n", end
        printf "SUMMARY:Vacances d\047Été %d - Zone C\r\n", i
      }
      printf "END:VEVENT\r\n"
    }
    printf "END:VCALENDAR\r\n"
  }'
}

# minutely_file: 100 rules repeating every minute for 120 days before the
# window (172 800 steps each, under the cap of one rule; 13 KB).
minutely_file() {
  awk 'BEGIN {
    printf "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//ics_scale//FR\r\n"
    for (i = 0; i < 100; i++)
      printf("BEGIN:VEVENT\r\nUID:m-%d@bench\r\nDTSTAMP:20261201T090000Z\r\nDTSTART:20260901T%02d%02d00Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY;UNTIL=20261230T000000Z\r\nEND:VEVENT\r\n", i, int(i / 60), i % 60)
    printf "END:VCALENDAR\r\n"
  }'
}

# timed WHAT EVENTS FILE ARGS...: runs planner ARGS, prints one line.
timed() {
  what=$1 n=$2 file=$3
  shift 3
  bytes=$(wc -c <"$file")
  start=$(date +%s.%N)
  set +e
  "$planner" "$@" >"$work/out" 2>&1
  status=$?
  set -e
  end=$(date +%s.%N)
  printf '%-18s %8s %10s %8.2f %5s  %.90s\n' "$what" "$n" "$bytes" \
    "$(echo "$end - $start" | bc)" "$status" "$(tail -n 1 "$work/out")"
}

printf '%-18s %8s %10s %8s %5s  %s\n' what events bytes seconds exit \
  "last line of output"
for n in $sizes; do
  busy_file "$n" >"$work/busy.ics"
  timed "busy import" "$n" "$work/busy.ics" busy import "$db" --staff "$staff" \
    "$work/busy.ics" --from 2027-01-01 --to 2070-12-31
done
for n in $sizes; do
  school_file "$n" >"$work/school.ics"
  timed "holidays import" "$n" "$work/school.ics" holidays import "$db" \
    "$work/school.ics"
done
minutely_file >"$work/minutely.ics"
timed "100 minutely rules" 100 "$work/minutely.ics" busy import "$db" \
  --staff "$staff" "$work/minutely.ics" --from 2027-01-01 --to 2027-03-31
