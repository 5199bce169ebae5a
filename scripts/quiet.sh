# quiet.sh -- sourced by scripts/run-example.sh and scripts/test.sh (the
# README's two commands): one helper both need.
#
# quiet LOG CMD...: runs CMD with its output in LOG, shown only when CMD
# fails, then exits 1 naming the command (a fresh machine must say why a
# step failed, not exit 1 without a word).  $quiet_who names the caller.
quiet() {
  log=$1; shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "${quiet_who:-scripts}: failed: $*" >&2
    exit 1
  fi
}
