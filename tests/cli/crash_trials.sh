# crash_trials.sh -- kill -9 at random moments during the operations that
# write a project file or its published files (issue 17, defect 8):
#
#   import  `planner import DB T1` of an edited Quercy Blanc into a project
#           that holds a published plan of the original;
#   plan    `planner plan T1 --out OUT`, a re-plan: OUT already holds the
#           published plan of the original territory;
#   solve   `planner solve DB` of the project file once T1 is imported;
#   feeds   `planner feeds DB --out OUT/calendars` once solve saved the new
#           plan: the old plan's feeds on disk are replaced.
#
# Each operation is first run without interruption from a saved copy of
# its starting folder: crash_state.py snapshots the state before (old)
# and after (new), and the run is timed.  Then each of CRASH_TRIALS
# trials (default 50; the meson suite sets fewer under sanitizers)
# starts from a fresh copy, kills the operation after a delay drawn
# uniformly within the measured duration, and checks at once
# (crash_state.py check: integrity_check, the old or the new state and no
# mix, every feed readable by python3-icalendar, no "new plan published
# while the feeds are old" without an unfinished publish recorded).  Then
# `planner scenario list DB`, which writes nothing itself but finishes an
# unfinished publish when it opens the file, must succeed and leave
# exactly the old state (killed before the commit) or the new one (after:
# every file written, no temporary file left; crash_state.py final).
# Then the same command again must succeed and leave exactly the state of
# an uninterrupted run; a re-plan that the kill let save its plan saves
# one more plan then: it is compared with two uninterrupted runs in a row.
#
# The delays come from CRASH_SEED (default: the clock), printed with the
# figures so a failing trial can be run again.  CRASH_KEEP_GOING=1 counts
# the trials that go wrong instead of stopping at the first (for an older
# build), and fails at the end.  The figures: per
# operation, how many kills left each phase (crash_state.py's PHASES) and
# how many runs ended before their kill.
#
# The folders live in /dev/shm when it is writable (CRASH_TMPDIR chooses
# another): a process killed by a signal leaves in the page cache all it
# wrote, synced or not, so what a kill -9 leaves does not depend on the
# file system; only the time does (each publish syncs about 70 files and
# folders: 0.3 s on this disk, 0.02 s in memory).  A power cut is another
# matter, and not what this tests.
CRASH_TMPDIR=${CRASH_TMPDIR:-/dev/shm}
if [ -d "$CRASH_TMPDIR" ] && [ -w "$CRASH_TMPDIR" ]; then
  TMPDIR=$CRASH_TMPDIR
  export TMPDIR
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/crash_lib.sh"

TRIALS=${CRASH_TRIALS:-50}
SEED=${CRASH_SEED:-$(date +%s)}
# The search must end on its own (optimal in 0.1 s here): a plan cut by
# the time limit depends on the machine's speed, and the next run would
# not find the same one.
LIMIT=30
two_territories

# The operations, on the output folder $1.  Each ends in exec, so a run
# in the background is the planner process itself (kill -9 reaches it).
op_import() { exec "$PLANNER" import "$1/plan.sqlite" "$WORK/t1"; }
op_plan() {
  exec "$PLANNER" plan "$WORK/t1" --quarter $Q --out "$1" --now $NOW \
    --time-limit $LIMIT --quiet
}
op_solve() {
  exec "$PLANNER" solve "$1/plan.sqlite" --quarter $Q --now $NOW \
    --time-limit $LIMIT --quiet
}
op_feeds() { exec "$PLANNER" feeds "$1/plan.sqlite" --out "$1/calendars"; }

# The starting folders: base/ holds the published plan of T0; solved/
# also T1 imported and solved (the new plan saved, its feeds not
# written).
run 0 plan "$WORK/t0" --quarter $Q --out "$WORK/base" --now $NOW --quiet
cp -a "$WORK/base" "$WORK/imported"
run 0 import "$WORK/imported/plan.sqlite" "$WORK/t1"
cp -a "$WORK/imported" "$WORK/solved"
run 0 solve "$WORK/solved/plan.sqlite" --quarter $Q --now $NOW --quiet

now_s() { date +%s.%N; }

# reference OP START: the old state, the new one after one run and
# new2 after two, into $WORK/OP.{old,new,new2}.json.
reference() {
  op=$1 start=$2
  w="$WORK/ref-$op"
  rm -rf "$w"
  cp -a "$WORK/$start" "$w"
  "$PY" "$STATE" snapshot "$w/plan.sqlite" "$w" "$WORK/$op.old.json"
  for n in new new2; do
    set +e
    ("op_$op" "$w") >"$WORK/out" 2>"$WORK/err"
    status=$?
    set -e
    CHECKS=$((CHECKS + 1))
    [ "$status" -eq 0 ] || fail "planner $op (uninterrupted) exited with $status"
    "$PY" "$STATE" snapshot "$w/plan.sqlite" "$w" "$WORK/$op.$n.json"
    CHECKS=$((CHECKS + 1))
    "$PY" "$STATE" final "$w/plan.sqlite" "$w" "$WORK/$op.$n.json" \
      >"$WORK/problems" || fail "planner $op (uninterrupted): $(cat "$WORK/problems")"
  done
  CHECKS=$((CHECKS + 1))
  cmp -s "$WORK/$op.old.json" "$WORK/$op.new.json" &&
    fail "planner $op changes nothing: its trials would test nothing"
  true
}

# duration OP START: the median of 5 runs of OP from a copy of START,
# timed as a trial runs it (in the background, from its start to its
# end), into $dur.
duration() {
  op=$1 start=$2
  w="$WORK/time-$op"
  : >"$WORK/times"
  for k in 1 2 3 4 5; do
    rm -rf "$w"
    cp -a "$WORK/$start" "$w"
    t0=$(now_s)
    "op_$op" "$w" >/dev/null 2>&1 &
    wait $! || fail "planner $op (timed) exited with $?"
    t1=$(now_s)
    echo "$t0 $t1" >>"$WORK/times"
  done
  dur=$(awk '{ print $2 - $1 }' "$WORK/times" | sort -n | sed -n 3p)
}

# problem MESSAGE: a trial went wrong.  CRASH_KEEP_GOING=1 (to count the
# defects of an older build) logs it and goes on with the next trial;
# otherwise the test fails.  Returns 1 so the trial stops.
problem() {
  if [ "${CRASH_KEEP_GOING:-0}" = 1 ]; then
    echo "$1" | head -n 1 >>"$WORK/found"
    return 1
  fi
  fail "$1"
}

# after_kill OP W STATE DELAY WHAT CMD...: CMD (WHAT) run on W after a
# kill of OP at DELAY s must succeed and leave OP's STATE (old, new, new2).
after_kill() {
  k_op=$1 k_w=$2 k_state=$3 k_delay=$4 k_what=$5
  shift 5
  set +e
  ("$@") >"$WORK/out" 2>"$WORK/err"
  status=$?
  set -e
  CHECKS=$((CHECKS + 1))
  [ "$status" -eq 0 ] || {
    problem "$k_what after a kill of planner $k_op exited with $status (at $k_delay s, trial $i, CRASH_SEED=$SEED)"
    return 1
  }
  CHECKS=$((CHECKS + 1))
  "$PY" "$STATE" final "$k_w/plan.sqlite" "$k_w" "$WORK/$k_op.$k_state.json" \
    >"$WORK/problems" || {
    problem "$k_what after a kill of planner $k_op, against the $k_state state: $(head -n 1 "$WORK/problems") (at $k_delay s, trial $i, CRASH_SEED=$SEED)
$(cat "$WORK/problems")"
    return 1
  }
}

# trials OP START: CRASH_TRIALS kills of OP started from a copy of START.
trials() {
  op=$1 start=$2
  reference "$op" "$start"
  duration "$op" "$start"
  w="$WORK/trial-$op"
  : >"$WORK/phases"
  : >"$WORK/found"
  finished=0
  awk -v n="$TRIALS" -v d="$dur" -v s="$SEED$op" 'BEGIN {
        seed = 0; for (i = 1; i <= length(s); i++) seed = seed * 31 + index("0123456789abcdefghijklmnopqrstuvwxyz", substr(s, i, 1));
        srand(seed % 2147483647);
        for (i = 0; i < n; i++) printf "%.4f\n", rand() * d }' >"$WORK/delays"
  i=0
  while read -r delay; do
    i=$((i + 1))
    rm -rf "$w"
    cp -a "$WORK/$start" "$w"
    "op_$op" "$w" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    set +e
    wait "$pid" 2>/dev/null   # not the shell's "Killed"
    status=$?
    set -e
    [ "$status" -eq 137 ] || finished=$((finished + 1))
    CHECKS=$((CHECKS + 1))
    [ "$status" -eq 137 ] || [ "$status" -eq 0 ] ||
      fail "planner $op, trial $i (kill after $delay s, seed $SEED): exited with $status"
    CHECKS=$((CHECKS + 1))
    "$PY" "$STATE" check "$w/plan.sqlite" "$w" "$WORK/$op.old.json" \
      "$WORK/$op.new.json" "$WORK/phases" >"$WORK/problems" || {
      problem "planner $op killed: $(head -n 1 "$WORK/problems") (at $delay s, trial $i, CRASH_SEED=$SEED)
$(cat "$WORK/problems")" || continue
    }
    # The next run, of a command that writes nothing itself: opening the
    # file finishes an unfinished publish.  Then the same command again.
    # When the kill let the plan be saved, that run saves one more (two
    # runs in a row).
    was=new want=new2
    if [ "$(tail -n 1 "$WORK/phases")" = before ]; then was=old want=new; fi
    after_kill "$op" "$w" "$was" "$delay" "planner scenario list" \
      "$PLANNER" scenario list "$w/plan.sqlite" || continue
    after_kill "$op" "$w" "$want" "$delay" "planner $op" "op_$op" "$w" || continue
  done <"$WORK/delays"
  phases=$(sort "$WORK/phases" | uniq -c | awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }')
  echo "$op: $TRIALS trials over $dur s, $finished ended before the kill; states left: $phases"
  if [ -s "$WORK/found" ]; then
    echo "$op: $(wc -l <"$WORK/found") trial(s) went wrong:"
    sed -e 's/ (at [0-9.]* s, trial [0-9]*, CRASH_SEED=[0-9]*)//' \
      -e 's/[^ ]*\.ics/FILE.ics/g' -e 's/[0-9][0-9]* feed(s)/N feed(s)/' \
      -e 's/: [^ ]*: neither its old/: FILE: neither its old/' \
      -e 's/, [^ ]* differs from/, FILE differs from/' "$WORK/found" |
      sort | uniq -c | sort -rn
    BAD=1
  fi
}

BAD=0
echo "CRASH_SEED=$SEED CRASH_TRIALS=$TRIALS"
trials import base
trials plan base
trials solve imported
trials feeds solved
[ $BAD -eq 0 ] || fail "some trials went wrong (CRASH_KEEP_GOING=1)"
done_ok
