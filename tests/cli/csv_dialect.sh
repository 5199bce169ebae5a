# csv_dialect.sh -- `--csv-dialect excel-fr` (issue 17): sessions.csv as
# French Excel opens it by a double click.
#
# - plan Quercy Blanc with --csv-dialect excel-fr: sessions.csv starts with
#   a UTF-8 byte order mark, every line ends with CRLF, and Python's csv
#   module (delimiter ';', encoding utf-8-sig) reads the same rows as the
#   standard export of the same plan (decimal commas for any decimal);
# - `planner export --csv-dialect excel-fr` writes the same bytes, and
#   `planner verify --csv` reads the excel-fr file back: 0 violations;
# - a publish finished by a later run (the journal) writes excel-fr again;
#   one a version-2 planner left (tests/store/data/project-v2.sqlite)
#   writes the standard dialect;
# - a bad --csv-dialect value: one message naming it, exit 2, nothing
#   written (plan and export).
. "$PLANNER_SOURCE_ROOT/tests/cli/lib.sh"

NOW=2027-01-01T08:00:00
QB="$EXAMPLES/quercy-blanc"
PY=${PYTHON:-python3}

run 0 plan "$QB" --quarter 2027-Q1 --out "$WORK/fr" --now "$NOW" \
  --csv-dialect excel-fr --quiet
run 0 export "$WORK/fr/plan.sqlite" --csv "$WORK/std.csv"
run 0 export "$WORK/fr/plan.sqlite" --csv-dialect excel-fr --csv "$WORK/fr.csv"
expect_out "Wrote $WORK/fr.csv (CSV excel-fr, "
CHECKS=$((CHECKS + 1))
cmp "$WORK/fr.csv" "$WORK/fr/sessions.csv" ||
  fail "export --csv-dialect excel-fr differs from plan's sessions.csv"
CHECKS=$((CHECKS + 1))
"$PY" - "$WORK/std.csv" "$WORK/fr/sessions.csv" <<'PYEOF' || fail "the excel-fr rows are not the standard ones"
import csv, re, sys
raw = open(sys.argv[2], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no byte order mark"
assert raw.endswith(b"\r\n"), "the last line does not end with CRLF"
assert raw.count(b"\n") == raw.count(b"\r\n"), "a line ends with a bare LF"
assert b"\r\n\r\n" not in raw, "an empty line"
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    std = list(csv.reader(f))
with open(sys.argv[2], newline="", encoding="utf-8-sig") as f:
    fr = list(csv.reader(f, delimiter=";"))
assert len(std) > 10 and len(std) == len(fr), (len(std), len(fr))
decimal = re.compile(r"^-?[0-9]+\.[0-9]+$")
for a, b in zip(std, fr):
    want = [c.replace(".", ",") if decimal.match(c) else c for c in a]
    assert want == b, (a, b)
assert fr[0][:10] == ["uid", "service", "site", "commune_insee", "date",
                      "start", "end", "staff", "vehicle", "status"], fr[0]
print(len(fr) - 1, "rows alike")
PYEOF
run 0 verify "$WORK/fr/plan.sqlite" --csv "$WORK/fr/sessions.csv"
expect_out "0 violations"
CHECKS=$((CHECKS + 1))
[ ! -s "$WORK/err" ] || fail "verify --csv on the excel-fr file printed problems"
# The standard file is unchanged by the option: byte for byte what a plan
# without it writes.
run 0 plan "$QB" --quarter 2027-Q1 --out "$WORK/std" --now "$NOW" --quiet
CHECKS=$((CHECKS + 1))
cmp "$WORK/std.csv" "$WORK/std/sessions.csv" ||
  fail "the standard export of the excel-fr plan differs from a standard plan"

# -- a publish finished by a later run keeps the dialect --------------------------
mkdir -p "$WORK/j/calendars"
: >"$WORK/j/calendars/staff"      # a feed folder that cannot be made
run 1 plan "$QB" --quarter 2027-Q1 --out "$WORK/j" --now "$NOW" \
  --csv-dialect excel-fr --quiet
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$WORK/j/plan.sqlite" 'SELECT csv_dialect FROM publish_pending')" = excel-fr ] ||
  fail "the publish journal does not record the dialect"
rm "$WORK/j/calendars/staff" "$WORK/j/sessions.csv"
run 0 scenario list "$WORK/j/plan.sqlite"
expect_err "finished publishing plan 1"
CHECKS=$((CHECKS + 1))
cmp "$WORK/fr.csv" "$WORK/j/sessions.csv" ||
  fail "the finished publish did not write sessions.csv in excel-fr"

# A publish a version-2 planner left unfinished (tests/store/data/README.md)
# is finished in the standard dialect, as that planner would have.
mkdir -p "$WORK/v2/calendars"
cp "$PLANNER_SOURCE_ROOT/tests/store/data/project-v2.sqlite" "$WORK/v2/plan.sqlite"
run 0 scenario list "$WORK/v2/plan.sqlite"
expect_err "finished publishing plan 1"
run 0 export "$WORK/v2/plan.sqlite" --csv "$WORK/v2.csv"
CHECKS=$((CHECKS + 1))
cmp "$WORK/v2.csv" "$WORK/v2/sessions.csv" ||
  fail "the version-2 publish was not finished in the standard dialect"
CHECKS=$((CHECKS + 1))
head -c 3 "$WORK/v2/sessions.csv" | grep -q '^uid' || fail "the version-2 sessions.csv has a BOM"

# -- refusals ------------------------------------------------------------------
run 2 plan "$QB" --quarter 2027-Q1 --out "$WORK/bad" --now "$NOW" \
  --csv-dialect excel
expect_err "planner plan: --csv-dialect \"excel\": expected standard or excel-fr"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "a bad --csv-dialect printed more than one line"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/bad" ] || fail "a bad --csv-dialect created $WORK/bad"
run 2 export "$WORK/fr/plan.sqlite" --csv-dialect EXCEL-FR --csv "$WORK/bad.csv"
expect_err "planner export: --csv-dialect \"EXCEL-FR\": expected standard or excel-fr"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "a bad --csv-dialect printed more than one line"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/bad.csv" ] || fail "a bad --csv-dialect wrote $WORK/bad.csv"
run 0 plan --help
expect_out "--csv-dialect D"
run 0 export --help
expect_out "--csv-dialect D"

done_ok
