# concurrency.sh -- two writers on one project file (issue 17, defect 9).
#
# The rule (store.h, docs/cli.md): a planner process that needs the
# project file while another one writes it waits up to 5 s, then refuses
# with exit status 1 and "project file is being written by another
# planner process (waited 5 s); try again" -- never "database is
# locked", never a corrupt or mixed state.
#
# - refusal: python3's sqlite3 holds the write lock (BEGIN IMMEDIATE)
#   until told to let go; import, solve, plan (a re-plan) and feeds
#   each refuse with that message, and the project file and the output
#   folder are exactly as before (crash_state.py); once the lock is
#   free, the same command works;
# - waiting: the lock held for 2 s; an import started meanwhile waits,
#   then succeeds;
# - two real planners at once on one project file, several times: two
#   re-plans (of two territories), two imports (of two territories), two
#   solves, two first runs into one missing out/ (defect 9): each ends in
#   0 or in the refusal; the file passes integrity_check, holds one whole
#   territory and a plan per run that succeeded, and the files on disk
#   are the latest plan's;
# - a publish that another run overtook: a re-plan A saved its plan and
#   waits for the feed folder (python3 holds its lock); A is stopped
#   (SIGSTOP), re-plan B of another territory saves and publishes its
#   plan, then A goes on: A must not write its older plan over B's;
# - a first run that is refused while another process has created the
#   project file under it must not delete that file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/crash_lib.sh"

ROUNDS=${CONCURRENCY_ROUNDS:-4}
BUSY="project file is being written by another planner process (waited 5 s); try again"
two_territories
run 0 plan "$WORK/t0" --quarter $Q --out "$WORK/base" --now $NOW --quiet

# hold_lock DB: python3 takes the write lock of DB in the background and
# keeps it until $WORK/release exists (at most 120 s), or for $HOLD
# seconds when HOLD is set; returns once the lock is taken.
hold_lock() {
  rm -f "$WORK/locked" "$WORK/release"
  "$PY" - "$1" "$WORK/locked" "$WORK/release" "${HOLD:-120}" <<'PYEOF' &
import os, sqlite3, sys, time
db, locked, release, hold = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
con = sqlite3.connect(db, timeout=30, isolation_level=None)
con.execute("BEGIN IMMEDIATE")
open(locked, "w").close()
end = time.time() + hold
while time.time() < end and not os.path.exists(release):
    time.sleep(0.05)
con.execute("ROLLBACK")
con.close()
PYEOF
  HOLDER=$!
  n=0
  while [ ! -e "$WORK/locked" ]; do
    n=$((n + 1))
    [ $n -lt 600 ] || fail "python3 could not take the lock of $1"
    sleep 0.05
  done
}
release_lock() {
  touch "$WORK/release"
  wait "$HOLDER" || fail "the python3 lock holder failed"
}

# no_locked_message: the last run never printed SQLite's own words.
no_locked_message() {
  CHECKS=$((CHECKS + 1))
  if grep -qi "database is locked" "$WORK/err" "$WORK/out"; then
    fail "SQLite's \"database is locked\" reached the user"
  fi
}

# consistent OUT: the files in OUT are the latest plan's, as export and
# feeds write it from the project file.
consistent() {
  run 0 export "$1/plan.sqlite" --csv "$WORK/latest.csv"
  CHECKS=$((CHECKS + 1))
  cmp -s "$WORK/latest.csv" "$1/sessions.csv" ||
    fail "$1/sessions.csv is not the latest plan of $1/plan.sqlite"
  rm -rf "$WORK/latest-feeds"
  run 0 feeds "$1/plan.sqlite" --out "$WORK/latest-feeds"
  CHECKS=$((CHECKS + 1))
  diff -r "$WORK/latest-feeds" "$1/calendars" >"$WORK/diff" ||
    fail "the feeds in $1/calendars are not the latest plan's: $(head -5 "$WORK/diff")"
}

integrity() {
  CHECKS=$((CHECKS + 1))
  [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] ||
    fail "$1: integrity_check failed"
}

# --- Refusal, then success once the lock is free -------------------------
# refused NAME ARGS...: ARGS (a planner command on $WORK/r) refused while
# the lock is held, leaving $WORK/r as it was; then it works.
refused() {
  name=$1; shift
  "$PY" "$STATE" snapshot "$WORK/r/plan.sqlite" "$WORK/r" "$WORK/before.json"
  hold_lock "$WORK/r/plan.sqlite"
  run 1 "$@"
  expect_err "$WORK/r/plan.sqlite: $BUSY"
  no_locked_message
  release_lock
  CHECKS=$((CHECKS + 1))
  "$PY" "$STATE" final "$WORK/r/plan.sqlite" "$WORK/r" "$WORK/before.json" \
    >"$WORK/problems" || fail "a refused $name changed something: $(cat "$WORK/problems")"
  run 0 "$@"
}
rm -rf "$WORK/r"
cp -a "$WORK/base" "$WORK/r"
refused import import "$WORK/r/plan.sqlite" "$WORK/t1"
refused solve solve "$WORK/r/plan.sqlite" --quarter $Q --now $NOW --quiet
refused feeds feeds "$WORK/r/plan.sqlite" --out "$WORK/r/calendars"
refused plan plan "$WORK/t0" --quarter $Q --out "$WORK/r" --now $NOW --quiet
expect_out "CC du Quercy Blanc:"
consistent "$WORK/r"

# --- Waiting ---------------------------------------------------------------
HOLD=2 hold_lock "$WORK/r/plan.sqlite"
run 0 import "$WORK/r/plan.sqlite" "$WORK/t1"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/release" ] && wait "$HOLDER" ||
  fail "the import did not wait for the lock to be let go"
no_locked_message

# --- Two real planners at once ----------------------------------------------
# both NAME CMD_A CMD_B: runs the two shell commands at once; each must
# end in 0, or in 1 with the refusal; $ok counts those that succeeded.
both() {
  name=$1
  ( eval "$2" >"$WORK/a.out" 2>"$WORK/a.err"; echo $? >"$WORK/a.rc" ) &
  pa=$!
  ( eval "$3" >"$WORK/b.out" 2>"$WORK/b.err"; echo $? >"$WORK/b.rc" ) &
  pb=$!
  wait $pa $pb
  ok=0
  for x in a b; do
    rc=$(cat "$WORK/$x.rc")
    CHECKS=$((CHECKS + 1))
    if [ "$rc" -eq 0 ]; then
      ok=$((ok + 1))
    elif [ "$rc" -ne 1 ] || ! grep -qF "$BUSY" "$WORK/$x.err"; then
      fail "two ${name}s at once: one exited with $rc: $(cat "$WORK/$x.err")"
    fi
    CHECKS=$((CHECKS + 1))
    if grep -qi "database is locked" "$WORK/$x.err"; then
      fail "two ${name}s at once: \"database is locked\" reached the user"
    fi
  done
}
plans() { sqlite3 "$1" 'SELECT count(*) FROM plan'; }
P=$PLANNER
i=0
while [ $i -lt "$ROUNDS" ]; do
  i=$((i + 1))
  o="$WORK/c$i"
  rm -rf "$o"
  cp -a "$WORK/base" "$o"
  both re-plan "$P plan $WORK/t0 --quarter $Q --out $o --now $NOW --quiet" \
    "$P plan $WORK/t1 --quarter $Q --out $o --now $NOW --quiet"
  integrity "$o/plan.sqlite"
  CHECKS=$((CHECKS + 1))
  [ "$(plans "$o/plan.sqlite")" -eq $((1 + ok)) ] ||
    fail "two re-plans at once: $ok succeeded, the file holds $(plans "$o/plan.sqlite") plans"
  consistent "$o"

  # Two imports: the file holds one of the two territories, whole.
  for t in t0 t1; do
    rm -rf "$WORK/i-$t"
    cp -a "$WORK/base" "$WORK/i-$t"
    run 0 import "$WORK/i-$t/plan.sqlite" "$WORK/$t"
    "$PY" "$STATE" snapshot "$WORK/i-$t/plan.sqlite" - "$WORK/i-$t.json"
  done
  rm -rf "$o"
  cp -a "$WORK/base" "$o"
  both import "$P import $o/plan.sqlite $WORK/t1" "$P import $o/plan.sqlite $WORK/t0"
  "$PY" "$STATE" snapshot "$o/plan.sqlite" - "$WORK/now.json"
  CHECKS=$((CHECKS + 1))
  "$PY" - "$WORK/now.json" "$WORK/i-t0.json" "$WORK/i-t1.json" <<'PYEOF' ||
import json, sys
now, a, b = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(0 if now["integrity"] == "ok" and
         now["territory"] in (a["territory"], b["territory"]) else 1)
PYEOF
    fail "two imports at once left neither territory whole"

  both solve "$P solve $o/plan.sqlite --quarter $Q --now $NOW --quiet" \
    "$P solve $o/plan.sqlite --quarter $Q --now $NOW --quiet"
  integrity "$o/plan.sqlite"
  CHECKS=$((CHECKS + 1))
  [ "$(plans "$o/plan.sqlite")" -eq $((1 + ok)) ] ||
    fail "two solves at once: $ok succeeded, the file holds $(plans "$o/plan.sqlite") plans"

  # Two first runs into one missing folder (and its missing parent).
  rm -rf "$WORK/new"
  both "first run" "$P plan $WORK/t0 --quarter $Q --out $WORK/new/o --now $NOW --quiet" \
    "$P plan $WORK/t0 --quarter $Q --out $WORK/new/o --now $NOW --quiet"
  integrity "$WORK/new/o/plan.sqlite"
  CHECKS=$((CHECKS + 1))
  [ "$ok" -ge 1 ] && [ "$(plans "$WORK/new/o/plan.sqlite")" -eq "$ok" ] ||
    fail "two first runs: $ok succeeded, the file holds $(plans "$WORK/new/o/plan.sqlite") plans"
  consistent "$WORK/new/o"
done

# --- A publish overtaken by a later plan -------------------------------------
o="$WORK/overtaken"
rm -rf "$o"
cp -a "$WORK/base" "$o"
rm -f "$WORK/dir-locked" "$WORK/dir-release"
"$PY" - "$o/calendars" "$WORK/dir-locked" "$WORK/dir-release" <<'PYEOF' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
end = time.time() + 120
while time.time() < end and not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
os.close(fd)
PYEOF
dirlock=$!
while [ ! -e "$WORK/dir-locked" ]; do sleep 0.05; done
"$PLANNER" plan "$WORK/t0" --quarter $Q --out "$o" --now $NOW --quiet \
  >"$WORK/a.out" 2>"$WORK/a.err" &
pa=$!
# A saved its plan (plan 2) and waits for the folder.
n=0
until [ "$(plans "$o/plan.sqlite" 2>/dev/null)" = 2 ]; do
  n=$((n + 1))
  [ $n -lt 1200 ] || fail "planner plan A never saved its plan"
  sleep 0.05
done
kill -STOP $pa
touch "$WORK/dir-release"
wait $dirlock
run 0 plan "$WORK/t1" --quarter $Q --out "$o" --now $NOW --quiet
kill -CONT $pa
set +e
wait $pa
rc=$?
set -e
CHECKS=$((CHECKS + 1))
[ $rc -eq 0 ] || fail "planner plan A, overtaken, exited with $rc: $(cat "$WORK/a.err")"
CHECKS=$((CHECKS + 1))
[ "$(plans "$o/plan.sqlite")" = 3 ] || fail "the overtaken run: not 3 plans"
consistent "$o"

# --- A refused first run keeps a project file it did not create -----------
# The run looks for OUT/plan.sqlite first, solves, then creates it.  Its
# --write-lp goes to a FIFO, which holds it between the two (GLPK waits
# for a reader): meanwhile `planner init` creates the file and python3
# takes its lock, so the run's save is refused; the file must stay.
# held_first_run OUT: a first `plan` into OUT (missing), held by its FIFO
# after it looked for OUT/plan.sqlite and before it creates it; OUT is
# made for the caller.  go_on: lets it go on, waits, its status in $rc.
held_first_run() {
  rm -rf "$1" "$WORK/lp.fifo"
  mkfifo "$WORK/lp.fifo"
  "$PLANNER" plan "$WORK/t0" --quarter $Q --out "$1" --now $NOW --quiet \
    --write-lp "$WORK/lp.fifo" >"$WORK/a.out" 2>"$WORK/a.err" &
  pa=$!
  mkdir -p "$1"
}
go_on() {
  cat "$WORK/lp.fifo" >/dev/null
  set +e
  wait $pa
  rc=$?
  set -e
}
o="$WORK/first/o"
held_first_run "$o"
run 0 init "$o/plan.sqlite" "$WORK/t1"
hold_lock "$o/plan.sqlite"
go_on
release_lock
CHECKS=$((CHECKS + 1))
[ $rc -eq 1 ] && grep -qF "$o/plan.sqlite: $BUSY" "$WORK/a.err" ||
  fail "a first run whose save met a lock exited with $rc: $(cat "$WORK/a.err")"
CHECKS=$((CHECKS + 1))
[ -f "$o/plan.sqlite" ] ||
  fail "a refused first run removed the project file another process created"
integrity "$o/plan.sqlite"
run 0 scenario list "$o/plan.sqlite"
expect_out base

# --- A first run waits while another process creates the file ---------------
# Held by the FIFO the same way, the run finds the new file being created
# (python3 creates it and holds its lock for 2 s): it waits, then creates
# the schema and saves its plan.  Defect 9's "database is locked" came
# from there (switching a new file to WAL, which SQLite does not retry).
o="$WORK/second/o"
held_first_run "$o"
HOLD=2 hold_lock "$o/plan.sqlite"
go_on
wait "$HOLDER" || fail "the python3 lock holder failed"
CHECKS=$((CHECKS + 1))
[ $rc -eq 0 ] ||
  fail "a first run meeting a file being created exited with $rc: $(cat "$WORK/a.err")"
CHECKS=$((CHECKS + 1))
[ "$(plans "$o/plan.sqlite")" = 1 ] || fail "the first run's plan is not saved"
consistent "$o"

done_ok
