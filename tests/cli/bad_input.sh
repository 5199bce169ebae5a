# bad_input.sh -- a folder with bad input is refused with file, line and
# column, exit status 2, and the project file is left exactly as it was
# (or not created at all).
. "$(dirname "$0")/lib.sh"

db="$WORK/p.sqlite"
run 0 init "$db" "$EXAMPLES/quercy-blanc"
before=$(db_dump "$db")

copy_example quercy-blanc "$WORK/bad"
# Line 14 of sites.csv names a commune that does not exist.
awk -F, 'NR==14 {$2="46999"} {print}' OFS=, "$EXAMPLES/quercy-blanc/sites.csv" > "$WORK/bad/sites.csv"
# And a second, independent problem in another file: both are reported.
sed -i 's/^FS1,Nadia Bouzid,\(.*\),7,/FS1,Nadia Bouzid,\1,-7,/' "$WORK/bad/staff.csv"

run 2 import "$db" "$WORK/bad"
expect_err 'sites.csv:14: column "commune": unknown INSEE code 46999'
expect_err 'staff.csv:3: column "weekly_hours": -7 is out of range'
expect_err "was not changed"
[ "$(db_dump "$db")" = "$before" ] || fail "the database changed after a refused import"

# init with a bad folder creates nothing.
run 2 init "$WORK/new.sqlite" "$WORK/bad"
expect_err "nothing was written"
[ ! -e "$WORK/new.sqlite" ] || fail "init left a file behind"
ls "$WORK" | grep -q 'new.sqlite' && fail "init left a temporary file behind"

# Empty file, missing file, invalid UTF-8.
copy_example quercy-blanc "$WORK/b2"
: > "$WORK/b2/services.csv"
rm "$WORK/b2/staff.csv"
printf 'insee,name,population,lat,lon\n46069,C\351zac,179,44.3,1.3\n' > "$WORK/b2/communes.csv"
run 2 import "$db" "$WORK/b2"
expect_err "services.csv:1: file is empty"
expect_err "staff.csv: file is missing"
expect_err "communes.csv:2: invalid UTF-8"
[ "$(db_dump "$db")" = "$before" ] || fail "the database changed after a refused import"

# Not a project file, not a folder.
echo "hello" > "$WORK/not.sqlite"
run 1 check "$WORK/not.sqlite"
run 2 import "$db" "$WORK/missing-folder"
expect_err "is not a folder"
run 2 init "$db" "$EXAMPLES/quercy-blanc"
expect_err "already exists"
[ "$(db_dump "$db")" = "$before" ] || fail "init over an existing file changed it"
done_ok
