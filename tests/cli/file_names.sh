# file_names.sh -- identifiers that become feed file names (issue 17):
# staff, sites and services named "..", "../FS1", "a/../../b", "/abs",
# with a tab, or a Windows device name ("CON", "aux"), and two staff ids
# of 67 accented letters that differ only at the end (defect 3: cut at
# 199 bytes they shared one file, so one person's calendar replaced the
# other's).  `planner plan` writes every feed inside OUT/calendars, one
# file per staff member, site and service, none hidden, none a device
# name, none with a control character, and nothing outside OUT.
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

NOW=2027-01-01T08:00:00
T="$WORK/t"
copy_example quercy-blanc "$T"
long=$(printf 'é%.0s' $(seq 67))
tab=$(printf 'tab\there')
# rename OLD NEW FILE...: an id replaced as a whole cell.
rename() {
  old=$1 new=$2; shift 2
  for f in "$@"; do
    OLD="$old" NEW="$new" awk 'BEGIN { FS = OFS = "," }
      { for (i = 1; i <= NF; i++) if ($i == ENVIRON["OLD"]) $i = ENVIRON["NEW"]; print }' \
      "$T/$f" >"$T/$f.new" && mv "$T/$f.new" "$T/$f"
  done
}
rename FS1 "../FS1" staff.csv
rename FS2 CON staff.csv
rename RIPE1 "$long-a" staff.csv
# A second long id, differing only in its last letter.
grep "^$long-a," "$T/staff.csv" | sed "s/^$long-a,/$long-b,/" >>"$T/staff.csv"
rename MED-MONTCUQ "a/../../b" sites.csv staff.csv
rename M-46033 "$tab" sites.csv
rename EVS-SPF aux sites.csv
rename fs-itinerant ".." services.csv targets.csv
rename matinee-eveil "/abs" services.csv targets.csv

run 0 plan "$T" --quarter 2027-Q1 --out "$WORK/out-dir" --now "$NOW"
C="$WORK/out-dir/calendars"
# count DIR: the number of files in DIR.
count() { find "$1" -type f | wc -l; }
CHECKS=$((CHECKS + 1))
[ "$(count "$C/staff")" -eq 4 ] || fail "4 staff, $(count "$C/staff") staff feeds: $(ls "$C/staff")"
CHECKS=$((CHECKS + 1))
[ "$(count "$C/sites")" -eq 16 ] || fail "16 sites, $(count "$C/sites") site feeds"
CHECKS=$((CHECKS + 1))
[ "$(count "$C/services")" -eq 2 ] || fail "2 services, $(count "$C/services") service feeds: $(ls -a "$C/services")"
# Every feed sits directly in its folder: no sub-folder was made.
CHECKS=$((CHECKS + 1))
[ -z "$(find "$C" -mindepth 2 -type d)" ] || fail "an id made a folder: $(find "$C" -mindepth 2 -type d)"
CHECKS=$((CHECKS + 1))
[ -z "$(find "$C" -name '.*')" ] || fail "hidden files: $(find "$C" -name '.*')"
CHECKS=$((CHECKS + 1))
[ -z "$(find "$C" -name '*[[:cntrl:]]*')" ] || fail "a control character in a file name"
# Windows takes "CON" and "CON.ics" for a device, not "CON~<hash>.ics".
CHECKS=$((CHECKS + 1))
devices=$(find "$C" -type f | sed 's|.*/||; s/[.].*//' | grep -ixE 'con|prn|aux|nul|com[1-9]|lpt[1-9]' || true)
[ -z "$devices" ] || fail "Windows device names: $devices"
# Nothing outside OUT: the work folder holds only what the test made.
CHECKS=$((CHECKS + 1))
[ "$(ls "$WORK" | sort | tr '\n' ' ')" = "err out out-dir t " ] ||
  fail "files outside OUT: $(ls "$WORK")"
[ ! -e /abs.ics ] && [ ! -e "$WORK/b.ics" ] || fail "a feed escaped its folder"
# Each of the two long ids has a feed of its own, naming its person.
CHECKS=$((CHECKS + 1))
[ "$(grep -l "Claire Delmas" "$C/staff"/* | wc -l)" -eq 2 ] ||
  fail "the two long ids do not each have their own feed"
run 0 verify "$WORK/out-dir/plan.sqlite"
done_ok
