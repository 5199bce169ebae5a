# lib.sh -- helpers for the command-line tests (sourced by each test).
#
# Each test runs the real `planner` binary ($PLANNER, set by meson) on the
# bundled territories ($PLANNER_SOURCE_ROOT/examples) in a fresh temporary
# folder, and checks exit codes, messages and the database.  A failing
# check prints what was expected and what came, then exits 1.
set -eu

: "${PLANNER:?PLANNER must point to the built planner binary}"
: "${PLANNER_SOURCE_ROOT:?}"
EXAMPLES="$PLANNER_SOURCE_ROOT/examples"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/planner-cli-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CHECKS=0

fail() {
  echo "FAIL: $*" >&2
  if [ -f "$WORK/out" ]; then echo "--- stdout:" >&2; cat "$WORK/out" >&2; fi
  if [ -f "$WORK/err" ]; then echo "--- stderr:" >&2; cat "$WORK/err" >&2; fi
  exit 1
}

# run EXPECTED_STATUS ARGS... : runs planner, keeps stdout/stderr in
# $WORK/out and $WORK/err, and checks the exit status.
run() {
  expected=$1; shift
  set +e
  "$PLANNER" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
  set -e
  CHECKS=$((CHECKS + 1))
  [ "$status" -eq "$expected" ] ||
    fail "planner $* exited with $status, expected $expected"
}

# expect_out TEXT / expect_err TEXT: the last run printed TEXT (fixed string).
expect_out() {
  CHECKS=$((CHECKS + 1))
  grep -qF -- "$1" "$WORK/out" || fail "stdout lacks: $1"
}
expect_err() {
  CHECKS=$((CHECKS + 1))
  grep -qF -- "$1" "$WORK/err" || fail "stderr lacks: $1"
}

# db_dump DB: a canonical text dump of the database, to compare states.
db_dump() {
  sqlite3 "$1" .dump
}

# copy_example NAME DEST: a writable copy of a bundled territory.
copy_example() {
  mkdir -p "$2"
  cp "$EXAMPLES/$1"/*.csv "$2"/
}

done_ok() {
  echo "$CHECKS passed, 0 failed"
}
