#!/usr/bin/python3
"""bench/run.py -- benchmark planner against glpsol, CBC and HiGHS.

For each instance (S, M, L; see bench/instances/README.md) it runs
`planner plan` over 2027-Q1 with --write-lp, and reads summary.json for the
time to the first feasible plan, the time to the final plan, the gap and
the objective; peak memory is the child's maximum resident set size.  Then
it solves the *same written model* with glpsol (GLPK's own driver), CBC
and HiGHS (WebAssembly, under node) with the same relative gap and time
limit, and prints time ratios and objective differences.

Machines are shared and noisy: compare numbers within one run only.

usage: bench/run.py [--instances S,M,M2,L] [--time-limit 120] [--gap 0.005]
                    [--planner build-release/cli/planner] [--skip-others]
                    [--seeds N]
--seeds N also runs planner with --seed 1..N (other search orders, the
same model) and prints each run's time and gap and the median: GLPK's
branch and cut takes very different times on one model in different
column orders, so one order's time says little on its own.
Installs nothing but the npm package `highs` (bench/package.json) when
missing; needs coinor-cbc and glpk-utils (scripts/install-deps.sh --bench).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INSTANCES = {
    'S': os.path.join(HERE, 'instances', 'S'),
    'M': os.path.join(ROOT, 'examples', 'comtal-lot-truyere'),
    # A second real M-size territory, one block, still hard for GLPK.
    'M2': os.path.join(ROOT, 'examples', 'pays-saint-eloy'),
    'L': os.path.join(HERE, 'instances', 'L'),
}


def run_timed(cmd):
    """Runs cmd; returns (seconds, stdout, stderr, returncode, peak_rss_mb).

    The peak is this child's own maximum resident set (os.wait4), not the
    maximum over every child so far."""
    t0 = time.monotonic()
    with tempfile.TemporaryFile('w+') as out, tempfile.TemporaryFile('w+') as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return dt, out.read(), err.read(), p.returncode, usage.ru_maxrss / 1024.0


def lp_sense(path):
    """+1 when the LP file maximises, -1 when it minimises (planner writes
    the negated objective as a minimisation: docs/model.md)."""
    with open(path) as f:
        for line in f:
            w = line.strip().lower()
            if w.startswith('maximize') or w.startswith('maximise'):
                return 1
            if w.startswith('minimize') or w.startswith('minimise'):
                return -1
    return 1


def objective_from_glpsol(out):
    best = None
    for m in re.finditer(r'^[+*]\s*\d+:\s*mip\s*=\s*([-+0-9.eE]+)', out, re.M):
        best = float(m.group(1))
    return best


def objective_from_cbc(out):
    m = re.search(r'Objective value:\s*([-+0-9.eE]+)', out)
    if m:
        return float(m.group(1))
    m = re.search(r'Optimal - objective value\s*([-+0-9.eE]+)', out)
    return float(m.group(1)) if m else None


def fmt(x, spec='.2f'):
    return '-' if x is None else format(x, spec)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--instances', default='S,M,L')
    ap.add_argument('--time-limit', type=float, default=120)
    ap.add_argument('--gap', type=float, default=0.005)
    ap.add_argument('--planner', default=os.path.join(ROOT, 'build', 'planner', 'planner'))
    ap.add_argument('--skip-others', action='store_true', help='only planner')
    ap.add_argument('--seeds', type=int, default=0,
                    help='also run planner with --seed 1..N on each instance '
                         '(its search order; shows how much the time depends on it)')
    a = ap.parse_args()

    if not a.skip_others and not os.path.isdir(os.path.join(HERE, 'node_modules', 'highs')):
        subprocess.run(['npm', 'ci', '--no-audit', '--no-fund', '--loglevel=error'],
                       cwd=HERE, check=True)
    have = {t: shutil.which(t) for t in ('glpsol', 'cbc', 'node')}
    work = tempfile.mkdtemp(prefix='planner-bench-')
    rows = []
    for name in a.instances.split(','):
        inst = INSTANCES[name]
        out = os.path.join(work, name)
        lp = os.path.join(work, name + '.lp')
        base = [a.planner, 'plan', inst, '--quarter', '2027-Q1',
                '--time-limit', str(a.time_limit), '--gap', str(a.gap),
                '--now', '2027-01-01T08:00:00']
        cmd = base + ['--out', out, '--write-lp', lp]
        dt, so, se, rc, rss = run_timed(cmd)
        if rc not in (0, 3):
            print('planner failed on %s (exit %d):\n%s' % (name, rc, se), file=sys.stderr)
            sys.exit(1)
        summary = json.load(open(os.path.join(out, 'summary.json')))
        sol = summary['solver']
        row = dict(instance=name, wall=dt, rss=rss, status=sol['status'],
                   first=sol.get('first_feasible_s'), final=sol.get('seconds'),
                   gap=sol.get('gap'), obj=sol.get('objective'),
                   bound=sol.get('bound'), limit=sol.get('time_limit_hit'),
                   rows=sol.get('rows'), cols=sol.get('columns'))
        row['sense'] = lp_sense(lp)
        if not a.skip_others:
            if have['glpsol']:
                t, so, _, _, _ = run_timed(['glpsol', '--lp', lp, '--mipgap', str(a.gap),
                                            '--tmlim', str(int(a.time_limit))])
                row['glpsol'] = (t, objective_from_glpsol(so))
            if have['cbc']:
                t, so, _, _, _ = run_timed(['cbc', lp, 'ratio', str(a.gap), 'seconds',
                                            str(a.time_limit), 'solve'])
                row['cbc'] = (t, objective_from_cbc(so))
            if have['node']:
                t, so, se, rc2, _ = run_timed(['node', os.path.join(HERE, 'highs_solve.js'),
                                               lp, str(a.gap), str(a.time_limit)])
                if rc2 == 0 and so.strip():
                    h = json.loads(so.strip().splitlines()[-1])
                    row['highs'] = (h['seconds'], h['objective'])
                else:
                    row['highs'] = (t, None)
        row['seeds'] = []
        for seed in range(1, a.seeds + 1):
            sout = os.path.join(work, '%s-seed%d' % (name, seed))
            _, _, se, rc, _ = run_timed(base + ['--out', sout, '--seed', str(seed)])
            if rc not in (0, 3):
                print('planner --seed %d failed on %s (exit %d):\n%s' % (seed, name, rc, se),
                      file=sys.stderr)
                sys.exit(1)
            ss = json.load(open(os.path.join(sout, 'summary.json')))['solver']
            row['seeds'].append((ss['seconds'], ss['gap'], ss['status']))
        rows.append(row)

    print('time limit %.0f s, relative gap %.3f; planner = %s' % (a.time_limit, a.gap, a.planner))
    print('%-3s %-9s %8s %8s %7s %8s %14s %14s %7s' % (
        'ins', 'status', 'first_s', 'final_s', 'gap%', 'peak_MB', 'objective', 'bound', 'limit'))
    for r in rows:
        print('%-3s %-9s %8s %8s %7s %8.1f %14s %14s %7s' % (
            r['instance'], r['status'], fmt(r['first'], '.3f'), fmt(r['final'], '.3f'),
            fmt(None if r['gap'] is None else 100 * r['gap'], '.3f'), r['rss'],
            fmt(r['obj'], '.4f'), fmt(r['bound'], '.4f'), 'hit' if r['limit'] else 'no'))
    if a.seeds:
        print()
        print('search orders: final_s (gap%%) with --seed 1..%d; median over seeds 0..%d' %
              (a.seeds, a.seeds))
        for r in rows:
            times = sorted([r['final']] + [t for t, _, _ in r['seeds']])
            proven = (r['status'] == 'optimal') + sum(st == 'optimal' for _, _, st in r['seeds'])
            print('%-3s %s | median %.3f s, %d/%d proven' % (
                r['instance'], ' '.join('%.2f(%.2f)' % (t, 100 * g) for t, g, _ in r['seeds']),
                times[len(times) // 2], proven, len(times)))
    if not a.skip_others:
        print()
        print('same LP file solved by the reference solvers (ratio = their time / planner final time;')
        print("obj diff = their objective, in planner's sense, - planner objective)")
        print('%-3s %-8s %9s %8s %14s' % ('ins', 'solver', 'time_s', 'ratio', 'obj diff'))
        for r in rows:
            for s in ('glpsol', 'cbc', 'highs'):
                if s not in r:
                    continue
                t, obj = r[s]
                ratio = t / r['final'] if r['final'] else None
                # Reference objectives are on the written model; planner
                # reports the maximised value (sense -1: written negated).
                diff = (None if obj is None or r['obj'] is None
                        else r['sense'] * obj - r['obj'])
                print('%-3s %-8s %9.3f %8s %14s' % (r['instance'], s, t, fmt(ratio, '.2f'),
                                                    fmt(diff, '.4f')))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
