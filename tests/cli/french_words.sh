# french_words.sh -- the texts élus read are in French by default, with
# no word of the technical vocabulary in English (issue 15): summary.txt
# of `planner plan` on Comtal Lot et Truyère and on Quercy Blanc, and the
# text of `planner compare`, are searched for the words of LEAKS (whole
# words, any case) and for column names (pop_0_3, cost_per_km...).  Then
# --lang en writes the summary in English, and a --lang that is neither
# is refused (exit 2, nothing written).
. "$(dirname "$0")/lib.sh"

NOW=2027-01-01T08:00:00
LEAKS='objective|objectives|bound|gap|sessions?|staff|targets?|coverage|solver|feasible|unmet|contract|against|hours|driven|served|share|sector|summary|per|week|weeks|goal|goals|total cost|costs?|vehicle days|itinerant|employer'
COLUMNS='pop_[0-9a-z_]+|cost_per_km|weekly_hours|hourly_cost|yearly_cost|contract_etp|travel_max_minutes|min_sessions'

# leaks FILE: fails when FILE holds an English technical word.
leaks() {
  CHECKS=$((CHECKS + 1))
  if grep -n -i -w -E "$LEAKS" "$1" >"$WORK/leaks"; then
    fail "$1 has English words: $(cat "$WORK/leaks")"
  fi
  CHECKS=$((CHECKS + 1))
  if grep -n -E "$COLUMNS" "$1" >"$WORK/leaks"; then
    fail "$1 has column names: $(cat "$WORK/leaks")"
  fi
}

for t in comtal-lot-truyere quercy-blanc; do
  # Comtal's Wednesday Bozouls minibus run is not served (tests/cli/runs.sh): 3
  want=0
  [ "$t" = comtal-lot-truyere ] && want=3
  run "$want" plan "$EXAMPLES/$t" --quarter 2027-Q1 --out "$WORK/$t" --now "$NOW" --quiet
  leaks "$WORK/$t/summary.txt"
  CHECKS=$((CHECKS + 1))
  grep -qE '^Période : du [a-z]+ [0-9]+(er)? [a-zéû]+ 2027 au [a-z]+ [0-9]+ [a-zéû]+ 2027' \
    "$WORK/$t/summary.txt" || fail "$t: no French long dates in the period line"
  CHECKS=$((CHECKS + 1))
  ! grep -qE '[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}' "$WORK/$t/summary.txt" ||
    fail "$t: a numeric date in summary.txt"
done
# The self-test of the check: the English summary has the words.
run 0 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/en" --now "$NOW" \
  --quiet --lang en
CHECKS=$((CHECKS + 1))
grep -qxF "Sessions: 52" "$WORK/en/summary.txt" || fail "--lang en: no 'Sessions: 52'"
CHECKS=$((CHECKS + 1))
grep -qF "Period: from Friday 1 January 2027 to Wednesday 31 March 2027" "$WORK/en/summary.txt" ||
  fail "--lang en: no English dates"
CHECKS=$((CHECKS + 1))
grep -qiwE "$LEAKS" "$WORK/en/summary.txt" || fail "the word list finds nothing in English"
# Numbers: thousands grouped by a narrow no-break space, decimal comma.
NNBSP=$(printf '\342\200\257')
CHECKS=$((CHECKS + 1))
grep -qF "Kilomètres parcourus : 2${NNBSP}601 km" "$WORK/comtal-lot-truyere/summary.txt" ||
  fail "km not written the French way"
CHECKS=$((CHECKS + 1))
grep -qF "Espalion (4${NNBSP}605 habitants)" "$WORK/comtal-lot-truyere/summary.txt" ||
  fail "Espalion, with no session, is not named with its population"

run 2 plan "$EXAMPLES/quercy-blanc" --quarter 2027-Q1 --out "$WORK/de" --lang de
expect_err 'planner plan: --lang "de": expected fr (French, the default) or en'
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/de" ] || fail "a refused --lang wrote $WORK/de"

# The comparison's text.
db="$WORK/clt.sqlite"
copy_example comtal-lot-truyere "$WORK/fixe"
sed -i 's/,mairie,/,france_services,/' "$WORK/fixe/services.csv"
run 0 init "$db" "$EXAMPLES/comtal-lot-truyere"
run 0 scenario copy "$db" base fixe
run 0 import "$db" "$WORK/fixe" --scenario fixe
run 0 compare "$db" base fixe --quarter 2027-Q1 --now "$NOW" --quiet --out "$WORK/c.txt"
leaks "$WORK/c.txt"
done_ok
