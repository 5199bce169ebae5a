# roles.sh -- teams by role (issue 12): a halte-garderie itinérante team
# "EJE + auxiliaire de puériculture" (services.csv roles EJE:1;AUX:1) must
# never run a day without its EJE.  On Comtal Lot et Truyère with an HGI
# added (one EJE with 8 h a week, two auxiliaires with 14 h), the code
# before roles gave all 13 HGI days to the two auxiliaires; now every
# HGI session has one EJE and one auxiliaire, the plan verifies clean,
# the unmet target names the team by role, and a hand-edited plan with
# two auxiliaires is refused by verify.  Bad roles cells are refused
# with file, line, column and what was expected.
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

NOW=2027-01-01T08:00:00
copy_example comtal-lot-truyere "$WORK/t"
cat >> "$WORK/t/staff.csv" <<'CSV'
HGI-EJE,Claire Vidal,éducatrice de jeunes enfants HGI,HGI EJE,CC Comtal Lot et Truyère,RPE-ESPALION,8,mar jeu,oui,
HGI-AUX1,Julie Causse,auxiliaire de puériculture HGI,HGI AUX,CC Comtal Lot et Truyère,RPE-ESPALION,14,mar jeu,oui,
HGI-AUX2,Nadia Roques,auxiliaire de puériculture HGI,HGI AUX,CC Comtal Lot et Truyère,RPE-ESPALION,14,mar jeu,oui,
CSV
python3 - "$WORK/t/services.csv" <<'PY'
import csv, sys
path = sys.argv[1]
rows = list(csv.DictReader(open(path, encoding='utf-8')))
fields = list(rows[0].keys()) + ['roles']
hgi = dict(rows[0])
hgi.update(id='hgi', name='Halte-garderie itinérante', skills='HGI',
           staff_count='2', roles='EJE:1;AUX:1', days='mar jeu',
           hours='09:00-16:00', duration_minutes='360', setup_minutes='30',
           teardown_minutes='30', cadences='weekly', school_holidays='open',
           max_sites='')
with open(path, 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=fields, lineterminator='\n')
    w.writeheader()
    for r in rows:
        r['roles'] = ''
        w.writerow(r)
    w.writerow(hgi)
PY
echo 'hgi,territory,,quarter,20,"HGI : EJE + auxiliaire, 2 jours par semaine"' \
  >> "$WORK/t/targets.csv"

run 3 plan "$WORK/t" --quarter 2027-Q1 --out "$WORK/plan" --time-limit 20 \
  --now "$NOW"
CHECKS=$((CHECKS + 1))
n=$(grep -c ',hgi,' "$WORK/plan/sessions.csv" || true)
[ "$n" -gt 0 ] || fail "the HGI got no session"
CHECKS=$((CHECKS + 1))
bad=$(grep ',hgi,' "$WORK/plan/sessions.csv" | grep -vc ',HGI-EJE+HGI-AUX[12],' || true)
[ "$bad" -eq 0 ] || fail "$bad HGI sessions without one EJE and one auxiliaire"
CHECKS=$((CHECKS + 1))
grep -q 'équipe : 1 "EJE" + 1 "AUX", une personne par rôle' \
  "$WORK/plan/summary.txt" || fail "the unmet HGI target does not name the roles"
run 0 verify "$WORK/plan/plan.sqlite"
expect_out "0 violations"

# A hand-edited plan: the first HGI day given to the two auxiliaires.
first=$(grep -m1 ',hgi,' "$WORK/plan/sessions.csv" | cut -d, -f1)
sed "/^$first,/s/,HGI-EJE+HGI-AUX[12],/,HGI-AUX1+HGI-AUX2,/" \
  "$WORK/plan/sessions.csv" > "$WORK/edited.csv"
run 3 verify "$WORK/plan/plan.sqlite" --csv "$WORK/edited.csv"
expect_out 'has 0 members for the role "EJE"; the service needs 1'

# Bad roles cells: one refusal each, naming file, line and column.
for cell in 'EJE:0' 'EJE:x' 'EJE:1;EJE:1' 'EJE:5;AUX:4' ':1'; do
  copy_example comtal-lot-truyere "$WORK/b"
  cp "$WORK/t/services.csv" "$WORK/t/staff.csv" "$WORK/t/targets.csv" "$WORK/b/"
  sed -i "s/,EJE:1;AUX:1$/,$cell/" "$WORK/b/services.csv"
  run 2 check "$WORK/b"
  expect_err 'services.csv:5: column "roles"'
  rm -rf "$WORK/b"
done
copy_example comtal-lot-truyere "$WORK/b"
cp "$WORK/t/services.csv" "$WORK/t/staff.csv" "$WORK/t/targets.csv" "$WORK/b/"
sed -i "s/,HGI,2,/,HGI,3,/" "$WORK/b/services.csv"
grep -q ',HGI,3,' "$WORK/b/services.csv" || fail "fixture: staff_count not set"
run 2 check "$WORK/b"
expect_err 'column "staff_count": is 3 but the roles add up to 2 people'
done_ok
