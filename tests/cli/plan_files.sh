# plan_files.sh -- what `planner plan` leaves on disk (issue 17).
#
# - --out a/b/c creates the missing parents; a level that cannot be made
#   is named;
# - an unavailability/ that cannot be read (a plain file, a dangling link,
#   no permission) is refused naming it, never silently skipped (defect 1);
# - a refused plan writes nothing: one broken leave file beside an edited
#   territory leaves an existing project file byte for byte as it was, and
#   on a fresh OUT no plan.sqlite (nor OUT) is left (defect 2); the busy
#   rows of a leave file removed from unavailability/ leave the store;
# - the publish journal (defect 8): when the feeds cannot all be written
#   the plan stays recorded as "publish pending", and the next run that
#   opens the project file writes them and says so; temporary files of
#   killed writers are removed from the feed folder.
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

NOW=2027-01-01T08:00:00
QB="$EXAMPLES/quercy-blanc"

# ics_leave FILE DAY: a one-day leave event.
ics_leave() {
  printf '%s\r\n' 'BEGIN:VCALENDAR' 'VERSION:2.0' 'PRODID:-//planner tests//FR' \
    'BEGIN:VEVENT' "UID:conge-$2@test" 'DTSTAMP:20270101T000000Z' \
    "DTSTART;VALUE=DATE:$2" "DTEND;VALUE=DATE:$2" 'SUMMARY:Congé' \
    'END:VEVENT' 'END:VCALENDAR' >"$1"
  # DTEND is exclusive: one day.
  sed -i "s/DTEND;VALUE=DATE:$2/DTEND;VALUE=DATE:$(date -d "$2 + 1 day" +%Y%m%d)/" "$1"
}
pending() {
  sqlite3 "$1" 'SELECT plan_id FROM publish_pending'
}

# -- --out creates its parents -------------------------------------------------
run 0 plan "$QB" --quarter 2027-Q1 --out "$WORK/a/b/c" --now "$NOW"
CHECKS=$((CHECKS + 1))
[ -s "$WORK/a/b/c/plan.sqlite" ] && [ -s "$WORK/a/b/c/calendars/all.ics" ] ||
  fail "--out a/b/c did not create its parents"
: >"$WORK/a-file"
run 1 plan "$QB" --quarter 2027-Q1 --out "$WORK/a-file/b" --now "$NOW"
expect_err "planner: $WORK/a-file: cannot create folder: a file of that name is in the way"

# -- an unavailability/ that cannot be read -------------------------------------
copy_example quercy-blanc "$WORK/t1"
: >"$WORK/t1/unavailability"
run 2 plan "$WORK/t1" --quarter 2027-Q1 --out "$WORK/o1" --now "$NOW"
expect_err "planner: $WORK/t1/unavailability: cannot read the leave and booking folder: it is a file, not a folder (expected a folder of staff-ID.ics, site-ID.ics and vehicle-ID.ics files)"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/o1" ] || fail "a refused unavailability/ created $WORK/o1"
rm "$WORK/t1/unavailability"
ln -s "$WORK/nowhere" "$WORK/t1/unavailability"
run 1 plan "$WORK/t1" --quarter 2027-Q1 --out "$WORK/o1" --now "$NOW"
expect_err "planner: $WORK/t1/unavailability: cannot read the leave and booking folder: No such file or directory"
rm "$WORK/t1/unavailability"
# Root reads any folder, so as root this case runs as nobody (setpriv, of
# util-linux, which every Debian has), in a folder nobody may read.
mkdir "$WORK/t1/unavailability"
ics_leave "$WORK/t1/unavailability/staff-FS1.ics" 20270111
as=""
t1=$WORK/t1
if [ "$(id -u)" -eq 0 ]; then
  t1=$(mktemp -d)
  chmod 755 "$t1"
  cp -r "$WORK/t1/." "$t1/"
  chmod -R a+rX "$t1"
  chown nobody "$t1"
  as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
chmod 000 "$t1/unavailability"
set +e
$as "$PLANNER" plan "$t1" --quarter 2027-Q1 --out "$t1/o1" --now "$NOW" \
  >"$WORK/out" 2>"$WORK/err"
status=$?
set -e
chmod 755 "$t1/unavailability"
CHECKS=$((CHECKS + 1))
[ "$status" -eq 1 ] || fail "an unreadable unavailability/ exited with $status, expected 1"
expect_err "planner: $t1/unavailability: cannot read the leave and booking folder: Permission denied"
CHECKS=$((CHECKS + 1))
[ ! -e "$t1/o1" ] || fail "a refused unavailability/ created $t1/o1"
[ "$t1" = "$WORK/t1" ] || rm -rf "$t1"

# -- a refused plan writes nothing -------------------------------------------------
run 0 plan "$QB" --quarter 2027-Q1 --out "$WORK/pub" --now "$NOW"
before=$(db_dump "$WORK/pub/plan.sqlite")
copy_example quercy-blanc "$WORK/t2"
sed -i 's/^46063,Castelnau-Montratier,1840,/46063,Castelnau-Montratier,1234,/' "$WORK/t2/communes.csv"
mkdir "$WORK/t2/unavailability"
ics_leave "$WORK/t2/unavailability/staff-FS1.ics" 20270111
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2027011\r\n' \
  >"$WORK/t2/unavailability/staff-FS2.ics"
run 2 plan "$WORK/t2" --quarter 2027-Q1 --out "$WORK/pub" --now 2027-01-15T08:00:00
expect_err "planner: $WORK/t2/unavailability/staff-FS2.ics:2: this component is never closed (no END line): the file is cut short"
expect_err "planner plan: input refused; nothing was written"
CHECKS=$((CHECKS + 1))
[ "$(db_dump "$WORK/pub/plan.sqlite")" = "$before" ] ||
  fail "a refused plan changed the project file (territory or busy rows)"
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$WORK/pub/plan.sqlite" "SELECT population FROM commune WHERE insee = '46063'")" = 1840 ] ||
  fail "the refused plan's edited population reached the project file"
run 2 plan "$WORK/t2" --quarter 2027-Q1 --out "$WORK/fresh/out" --now "$NOW"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/fresh" ] || fail "a refused plan left $(find "$WORK/fresh") behind"

# A leave file removed from unavailability/ takes its busy rows with it.
rm "$WORK/t2/unavailability/staff-FS2.ics"
run 0 plan "$WORK/t2" --quarter 2027-Q1 --out "$WORK/pub" --now 2027-01-15T08:00:00
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$WORK/pub/plan.sqlite" "SELECT count(*) FROM busy WHERE source = 'staff-FS1.ics'")" -gt 0 ] ||
  fail "the leave file's busy rows were not stored"
rm "$WORK/t2/unavailability/staff-FS1.ics"
run 0 plan "$WORK/t2" --quarter 2027-Q1 --out "$WORK/pub" --now 2027-01-16T08:00:00
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$WORK/pub/plan.sqlite" "SELECT count(*) FROM busy")" -eq 0 ] ||
  fail "busy rows of a removed leave file stayed in the store"

# -- the publish journal ---------------------------------------------------------------
run 0 plan "$QB" --quarter 2027-Q1 --out "$WORK/j" --now "$NOW"
# A re-plan that differs: a population edited.
copy_example quercy-blanc "$WORK/t3"
sed -i 's/^46063,Castelnau-Montratier,1840,/46063,Castelnau-Montratier,1234,/' "$WORK/t3/communes.csv"
CHECKS=$((CHECKS + 1))
[ -z "$(pending "$WORK/j/plan.sqlite")" ] || fail "a finished publish left its journal row"
# Leftovers of killed writers in the feed folder.
: >"$WORK/j/calendars/.all.ics.Ab12Cd"
: >"$WORK/j/calendars/staff/.FS1.ics.x9Y8z7"
# A feed that cannot be written: a file where the staff/ folder goes.
rm -r "$WORK/j/calendars/staff"
: >"$WORK/j/calendars/staff"
run 1 plan "$WORK/t3" --quarter 2027-Q1 --out "$WORK/j" --now 2027-01-20T08:00:00
expect_err "planner plan: plan 2 is saved in $WORK/j/plan.sqlite but not all its files could be written; the next planner run on $WORK/j/plan.sqlite writes them"
CHECKS=$((CHECKS + 1))
[ "$(pending "$WORK/j/plan.sqlite")" = 2 ] ||
  fail "plan 2 is not recorded as publish pending after its feeds failed"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/j/calendars/.all.ics.Ab12Cd" ] || fail "a leftover temporary feed file was not removed"
# The summaries plan 2's run made are kept with the journal row.
sqlite3 "$WORK/j/plan.sqlite" \
  "SELECT writefile('$WORK/j-summary.txt', summary_text) FROM publish_pending" >/dev/null
CHECKS=$((CHECKS + 1))
! cmp -s "$WORK/j-summary.txt" "$WORK/j/summary.txt" || fail "summary.txt is plan 2's already"
# The cause gone, any run that opens the project file finishes the publish.
rm "$WORK/j/calendars/staff"
run 0 scenario list "$WORK/j/plan.sqlite"
expect_err "planner scenario: finished publishing plan 2 of scenario \"base\" (an earlier run stopped before writing all its files): 31 feeds in $WORK/j/calendars"
CHECKS=$((CHECKS + 1))
[ -z "$(pending "$WORK/j/plan.sqlite")" ] || fail "the finished publish left its journal row"
run 0 feeds "$WORK/j/plan.sqlite" --out "$WORK/j-feeds"
CHECKS=$((CHECKS + 1))
diff -r "$WORK/j-feeds" "$WORK/j/calendars" >/dev/null ||
  fail "the finished publish's feeds are not plan 2's"
run 0 export "$WORK/j/plan.sqlite" --csv "$WORK/j-sessions.csv"
CHECKS=$((CHECKS + 1))
cmp -s "$WORK/j-sessions.csv" "$WORK/j/sessions.csv" || fail "sessions.csv is not plan 2's"
CHECKS=$((CHECKS + 1))
cmp -s "$WORK/j-summary.txt" "$WORK/j/summary.txt" || fail "summary.txt is not plan 2's"
# The next plan on the same OUT is a re-plan of plan 2 (its feeds were published).
run 0 plan "$WORK/t3" --quarter 2027-Q1 --out "$WORK/j" --now 2027-01-21T08:00:00
CHECKS=$((CHECKS + 1))
[ ! -s "$WORK/err" ] || fail "an ordinary re-plan printed on stderr"
CHECKS=$((CHECKS + 1))
[ -z "$(find "$WORK/j" -name '.*.??????' -o -name '*.tmp')" ] ||
  fail "temporary files left: $(find "$WORK/j" -name '.*.??????' -o -name '*.tmp')"

done_ok
