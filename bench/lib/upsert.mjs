// The staging-table upsert of the ETL guides, on every system: 1% of TPC-H lineitem (every 100th line of
// the generated file, the same keys) goes through a temporary table into a full copy of lineitem (the
// target, upsert_lineitem: (LIKE lineitem), loaded from lineitem.tbl) in one transaction:
//   BEGIN; CREATE TEMP TABLE stage (LIKE upsert_lineitem); COPY stage ...;
//   DELETE FROM upsert_lineitem USING stage WHERE <key matches>; INSERT INTO upsert_lineitem SELECT * FROM stage;
//   DROP TABLE stage; COMMIT;
// Seconds per run (median of REPS after one warm run); the target's row count is checked after each run.
// The TPC-H tables themselves are left alone (the concurrency benchmark reads them afterwards).
import fs from 'node:fs';
import readline from 'node:readline';
import { createSchema, loadTable, manifest } from './load.mjs';
import { settle } from './settle.mjs';
import { errorText, log, median } from './util.mjs';

const kEvery = 100;
const kTarget = 'upsert_lineitem';

// DuckDB has no CREATE TABLE (LIKE t).
const like = (sys, what, source) =>
  sys.name === 'duckdb' ? `create ${what} as select * from ${source} limit 0` : `create ${what} (like ${source})`;

// Every kEvery-th line of lineitem.tbl, written once next to the data.
async function stageFile(opts) {
  const file = `${opts.dataDir}/lineitem_stage_1pct.tbl`;
  if (fs.existsSync(file)) return file;
  const lines = readline.createInterface({ input: fs.createReadStream(`${opts.dataDir}/lineitem.tbl`), crlfDelay: Infinity });
  const out = fs.createWriteStream(`${file}.tmp`);
  let i = 0;
  for await (const line of lines) {
    if (i++ % kEvery === 0 && !out.write(line + '\n')) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

function statements(sys, file) {
  return [
    'begin', like(sys, 'temp table stage', kTarget), sys.copySql('stage', file),
    `delete from ${kTarget} using stage where ${kTarget}.l_orderkey = stage.l_orderkey and ${kTarget}.l_linenumber = stage.l_linenumber`,
    `insert into ${kTarget} select * from stage`, 'drop table stage', 'commit',
  ];
}

async function prepare(sys, conn, opts) {
  if (!sys.loaded) await createSchema(sys, conn, opts); // lineitem, for (LIKE lineitem)
  await conn.query(`drop table if exists ${kTarget}`, opts.timeoutMs);
  await conn.query(like(sys, `table ${kTarget}`, 'lineitem'), opts.timeoutMs);
  const r = await loadTable(sys, conn, kTarget, `${opts.dataDir}/lineitem.tbl`, opts);
  if (r.error) throw new Error(`loading ${kTarget}: ${r.error}`);
  // PostgreSQL users would have the key as a primary key (the upsert's DELETE probes it).
  if (sys.name === 'postgres') {
    await conn.query(`alter table ${kTarget} add primary key (l_orderkey, l_linenumber)`, opts.loadTimeoutMs);
    await conn.query(`analyze ${kTarget}`, opts.loadTimeoutMs);
  }
}

async function runSystem(sys, file, expected, stageRows, opts) {
  const out = { system: sys.name, stage_rows: stageRows, runs_ms: [] };
  const conn = await sys.connect();
  try {
    await prepare(sys, conn, opts);
    out.settle = await settle(sys);
    for (let rep = 0; rep <= opts.reps; rep++) {
      const t0 = performance.now();
      for (const s of statements(sys, file)) await conn.query(s, opts.timeoutMs);
      const ms = performance.now() - t0;
      const got = Number((await conn.query(`select count(*) from ${kTarget}`, opts.timeoutMs)).rows[0][0]);
      if (got !== expected) throw new Error(`${kTarget} has ${got} rows after the upsert, expected ${expected}`);
      if (rep > 0) out.runs_ms.push(ms); // the first run is the warm-up
    }
    out.median_s = median(out.runs_ms) / 1000;
    log(`upsert ${sys.name}: ${out.median_s.toFixed(2)} s (runs ${out.runs_ms.map((m) => (m / 1000).toFixed(2)).join(', ')})`);
  } catch (e) {
    out.error = errorText(e);
    log(`upsert ${sys.name}: ${out.error}`);
    await conn.query('rollback').catch(() => {});
  } finally {
    await conn.query(`drop table if exists ${kTarget}`, opts.timeoutMs).catch(() => {});
    await conn.close();
  }
  return out;
}

export async function runUpsert(systems, opts) {
  const file = await stageFile(opts);
  const expected = manifest(opts.dataDir).lineitem.rows;
  const stageRows = Math.ceil(expected / kEvery);
  const results = [];
  for (const sys of systems) {
    if (!sys.available) results.push({ system: sys.name, error: `not available: ${sys.startError}` });
    else results.push(await runSystem(sys, file, expected, stageRows, opts));
  }
  return { sf: opts.sf, stage_rows: stageRows, table_rows: expected, results };
}
