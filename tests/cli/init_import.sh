# init_import.sh -- every bundled territory initialises a project file,
# checks, and re-imports; a change in the folder updates exactly what
# changed; scenarios copy.
. "$(dirname "$0")/lib.sh"

for ex in quercy-blanc comtal-lot-truyere pays-saint-eloy; do
  db="$WORK/$ex.sqlite"
  run 0 init "$db" "$EXAMPLES/$ex"
  expect_out "Created $db"
  [ -f "$db" ] || fail "$db was not created"
  run 0 check "$db"
  expect_out "Territory: "
  expect_out "Staff: "
  run 0 import "$db" "$EXAMPLES/$ex"
  expect_out "0 added, 0 updated, 0 deleted"
  [ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ] || fail "$db is not in WAL mode"
  [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "$db integrity"
done

run 0 check "$EXAMPLES/comtal-lot-truyere"
expect_out "Communes: 21, population 19951, 3 sectors"
run 0 check "$EXAMPLES/pays-saint-eloy"
expect_out "Communes: 34, population 15415"
run 0 check "$EXAMPLES/quercy-blanc"
expect_out "Communes: 9, population 7725"

# A changed folder: one staff member's hours, one site removed.
db="$WORK/quercy-blanc.sqlite"
copy_example quercy-blanc "$WORK/qb"
sed -i 's/^FS2,Julien Vidal,\(.*\),7,mar mer ven,oui,\(.*\)$/FS2,Julien Vidal,\1,10,mar mer ven,oui,\2/' "$WORK/qb/staff.csv"
grep -q ',10,mar mer ven' "$WORK/qb/staff.csv" || fail "test setup: sed did not change staff.csv"
grep -v '^SDF-LEBREIL,' "$EXAMPLES/quercy-blanc/sites.csv" > "$WORK/qb/sites.csv"
run 0 import "$db" "$WORK/qb"
expect_out "0 added, 1 updated, 1 deleted"
run 0 check "$db"
expect_out "Julien Vidal"
expect_out "10.0 h/week"

# Scenarios: copy base, change the copy, base is untouched.
run 0 scenario copy "$db" base trois-sites
run 0 scenario list "$db"
expect_out "base"
expect_out "trois-sites"
run 0 import --scenario trois-sites "$db" "$EXAMPLES/quercy-blanc"
expect_out "1 added, 1 updated, 0 deleted"
run 0 check --scenario base "$db"
expect_out "10.0 h/week"
run 2 scenario copy "$db" nowhere other
done_ok
