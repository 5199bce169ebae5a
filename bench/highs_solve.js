// highs_solve.js -- solve a CPLEX LP file with HiGHS (npm package `highs`,
// HiGHS compiled to WebAssembly) and print one JSON line:
// {"status", "objective", "seconds"}.  Used by bench/run.py.
//
// usage: node highs_solve.js MODEL.lp [MIP_REL_GAP] [TIME_LIMIT_S]
'use strict';
const fs = require('fs');
const path = require('path');

async function main() {
  const [file, gap, limit] = process.argv.slice(2);
  const highs = await require(path.join(__dirname, 'node_modules', 'highs'))();
  const lp = fs.readFileSync(file, 'utf8');
  const options = { mip_rel_gap: Number(gap || 0.005) };
  if (limit) options.time_limit = Number(limit);
  const t0 = process.hrtime.bigint();
  const r = highs.solve(lp, options);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ status: r.Status, objective: r.ObjectiveValue, seconds }));
}
main().catch((e) => { console.error('highs_solve: ' + e.message); process.exit(1); });
