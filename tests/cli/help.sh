# help.sh -- --help, --version, usage errors and exit codes.
. "$(dirname "$0")/lib.sh"

run 0 --help
expect_out "Commands:"
for c in init import check scenario; do
  expect_out "  $c "
done
for c in init import check scenario; do
  run 0 "$c" --help
  expect_out "usage: planner $c"
  run 0 help "$c"
  expect_out "usage: planner $c"
done
run 0 --version
expect_out "planner "
run 2 frobnicate
expect_err 'unknown command "frobnicate"'
run 2
expect_err "usage: planner COMMAND"
run 2 init
expect_err "usage: planner init"
run 2 check --weeks 0 "$EXAMPLES/quercy-blanc"
expect_err "--weeks 0: expected a number of weeks"
# docs/cli.md is generated from these --help texts: it must be current.
sh "$PLANNER_SOURCE_ROOT/scripts/gen-cli-doc.sh" "$PLANNER" > "$WORK/cli.md"
CHECKS=$((CHECKS + 1))
diff -u "$PLANNER_SOURCE_ROOT/docs/cli.md" "$WORK/cli.md" >&2 ||
  fail "docs/cli.md is out of date: run scripts/gen-cli-doc.sh > docs/cli.md"
done_ok
