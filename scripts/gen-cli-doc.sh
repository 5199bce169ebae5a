#!/bin/sh
# gen-cli-doc.sh -- writes docs/cli.md from the program's own --help texts,
# so the reference never drifts from the program (tests/cli/help.sh checks
# that docs/cli.md is what this script writes).
#
# usage: scripts/gen-cli-doc.sh [PLANNER] > docs/cli.md
set -eu
P=${1:-build/cli/planner}
cat <<'HEAD'
# Command-line reference

`planner COMMAND [OPTIONS] [ARGS]`. Messages on the terminal are in
English, dates the French way (DD/MM/YYYY); problems go to standard error
as `file:line: column "name": message`.  What coordinators forward to
élus and mairies (summary.txt, the reasons of unmet targets) is in French. Output meant for
programs (CSV, JSON, iCalendar) is stable and documented in
`docs/output-formats.md` and `docs/calendars.md`.

## Exit status

| status | meaning |
|---|---|
| 0 | done |
| 1 | could not do it: input/output, database or solver failure |
| 2 | input refused: a usage error, or errors in the data (every problem is listed); nothing was written |
| 3 | a plan was made, but some target is unmet (the summary says which and why), or `verify` found violations |

`planner check` exits 2 on any error, the loader's or one of its capacity
checks' (targets asking more hours than all the staff with the skill
have), with every problem and the count of errors on standard error after
the summary; warnings alone (tight hours, a service that fits no site,
staff who can get no session, a vehicle no service needs, swapped
coordinates, a Windows-1252 file) exit 0 and are printed under
`Warnings:` on standard output.  `planner plan` refuses the same loader
errors (one validation, `cli_validate_territory`), but not a capacity
error: it makes the best plan it can and exits 3, naming the unmet
targets.

## Two planner runs on one project file

A command that writes the project file while another `planner` process
writes it waits up to 5 s, then refuses with exit status 1 and
`planner: FILE: project file is being written by another planner process
(waited 5 s); try again` ("being created" while the other one creates a
new file), leaving the file and the output folder as they were. Two
publishes into one feed folder take turns (up to 10 s). A `plan` whose
publish is overtaken by a later plan another run saved meanwhile writes
no file (its plan is saved; the folder shows the later plan) and says
`Files: not written: another planner run saved a later plan in FILE
meanwhile, and OUT holds its files`; `feeds` says `wrote no feed to DIR:
another planner run saved a later plan of scenario "S" meanwhile, and
publishes that one`. A first `plan` into a missing `--out` that fails
removes only a project file it created itself and nobody saved into.
Tested by `tests/cli/concurrency.sh`.

## A typical session

```sh
planner check examples/quercy-blanc                       # validate the folder
planner plan examples/quercy-blanc --quarter 2027-Q1 --out out/qb   # the whole job
planner verify out/qb/plan.sqlite                          # re-check the stored plan
planner export out/qb/plan.sqlite --csv out/qb/edit.csv    # edit by hand in a spreadsheet...
planner verify out/qb/plan.sqlite --csv out/qb/edit.csv    # ...and check the edit
```

HEAD
echo '## planner --help'
echo
echo '```'
"$P" --help
echo '```'
for c in $("$P" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && $1 != "Commands:" {print $1}'); do
  echo
  echo "## planner $c"
  echo
  echo '```'
  "$P" "$c" --help
  echo '```'
done
