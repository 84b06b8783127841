// Checks that a smoke run produced complete, parseable reports and that the harness itself worked:
// both peers started, DuckDB answered every query, PostgreSQL agreed with DuckDB. blueshift's failures
// are expected while it is being built and do not fail the check. In a directory holding several runs (the
// committed bench/results), each kind's newest report is checked: names start with the run's date.
//   node lib/check_report.mjs RESULTS_DIR
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const problems = [];
const need = (cond, msg) => {
  if (!cond) problems.push(msg);
  return Boolean(cond);
};

const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
for (const kind of ['tpch', 'ingest', 'size', 'writes', 'concurrency']) {
  const json = files
    .filter((f) => f.endsWith('.json') && f.includes(`-${kind}`))
    .sort()
    .pop();
  if (!need(json, `no ${kind} result in ${dir}`)) continue;
  const doc = JSON.parse(fs.readFileSync(path.join(dir, json), 'utf8'));
  need(files.includes(json.replace(/\.json$/, '.md')), `${kind}: Markdown report missing`);
  need(doc.machine?.cores > 0, `${kind}: machine details missing`);
  for (const peer of ['duckdb', 'postgres']) need(doc.systems?.[peer]?.available, `${kind}: ${peer} did not start: ${doc.systems?.[peer]?.error}`);
  const by = (s) => doc.results?.find((r) => r.system === s);
  if (kind === 'tpch') {
    need(files.includes(json.replace(/\.json$/, '.png')), 'tpch: chart PNG missing');
    for (const q of doc.query_ids) {
      need(by('duckdb')?.queries[q]?.status === 'ok', `tpch: DuckDB Q${q}: ${by('duckdb')?.queries[q]?.error}`);
      const pg = by('postgres')?.queries[q];
      need(pg?.status === 'ok' || pg?.status === 'timeout', `tpch: PostgreSQL Q${q} ${pg?.status}: ${pg?.error}`);
    }
  }
  if (kind === 'ingest') {
    for (const peer of ['duckdb', 'postgres']) {
      for (const k of ['plain', 'gzip']) need(by(peer)?.[k]?.total?.rows_per_s > 0, `ingest: ${peer} ${k}: ${by(peer)?.[k]?.total?.error}`);
    }
  }
  if (kind === 'size') for (const peer of ['duckdb', 'postgres']) need(by(peer)?.total > 0, `size: ${peer}: ${by(peer)?.error}`);
  if (kind === 'writes') {
    need(by('postgres')?.insert_1?.ops > 0 && by('postgres')?.update?.ops > 0, 'writes: PostgreSQL did not write');
    for (const peer of ['duckdb', 'postgres']) {
      const u = doc.upsert?.results?.find((r) => r.system === peer);
      need(u?.median_s > 0, `writes: ${peer} staging upsert: ${u?.error}`);
    }
  }
  if (kind === 'concurrency') need(by('postgres')?.levels?.every((l) => l.completed > 0), 'concurrency: PostgreSQL completed no query');
}
need(files.includes('LATEST.md'), 'LATEST.md missing');
if (problems.length) {
  console.error(`bench smoke check FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.error(`bench smoke check passed (${dir})`);
