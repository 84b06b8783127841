// Parquet ingest, blueshift against DuckDB: TPC-H lineitem as one Parquet file (written once by DuckDB from
// the generated '|' file: snappy, row groups of 122,880 rows), then loaded by DuckDB (INSERT ... SELECT
// FROM read_parquet) and by blueshift (COPY ... FORMAT AS PARQUET), each into the bench schema's lineitem.
// Prints rows/s per system and the ratio.
//
//   node bench/parquet_ingest.mjs [DATA_DIR=bench/data/sf1] [SLICES=nproc] [BLUESHIFT_BIN=build/blueshift]
// PARQUET_FILE overrides where the Parquet file is kept (default DATA_DIR/parquet/lineitem.parquet).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Blueshift } from './lib/blueshift.mjs';
import { DuckDB } from './lib/duckdb.mjs';
import { splitStatements } from './lib/load.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(benchDir);
const dataDir = path.resolve(process.argv[2] ?? `${benchDir}/data/sf1`);
const slices = Number(process.argv[3] ?? os.cpus().length);
const bin = path.resolve(process.argv[4] ?? `${repo}/build/blueshift`);
const opts = { slices, blueshiftBin: bin, repo, benchDir };

function lineitemDdl(system) {
  const text = fs.readFileSync(`${benchDir}/tpch/schema/${system}.sql`, 'utf8');
  return splitStatements(text).find((s) => /create table lineitem\b/i.test(s));
}

async function timed(conn, sql) {
  const t0 = performance.now();
  await conn.query(sql, 0);
  return (performance.now() - t0) / 1000;
}

const duck = new DuckDB(opts);
await duck.start();
const parquet = path.resolve(process.env.PARQUET_FILE ?? `${dataDir}/parquet/lineitem.parquet`);
if (!fs.existsSync(parquet)) {
  fs.mkdirSync(path.dirname(parquet), { recursive: true });
  const c = await duck.connect();
  await c.query(lineitemDdl('duckdb').replace(/create table lineitem/i, 'create table lineitem_src'));
  await c.query(`copy lineitem_src from '${dataDir}/lineitem.tbl' (delimiter '|', header false)`);
  await c.query(`copy lineitem_src to '${parquet}' (format parquet, compression snappy, row_group_size 122880)`);
  await c.query('drop table lineitem_src');
  await c.close();
}
const bytes = fs.statSync(parquet).size;
const results = {};

const dc = await duck.connect();
await dc.query(lineitemDdl('duckdb'));
const duckSeconds = await timed(dc, `insert into lineitem select * from read_parquet('${parquet}')`);
const rows = Number((await dc.query('select count(*) from lineitem')).rows[0][0]);
results.duckdb = { seconds: duckSeconds, rows };
await dc.close();
await duck.stop();

const bs = new Blueshift(opts);
await bs.start();
const bc = await bs.connect();
await bc.query(lineitemDdl('blueshift'), 0);
const bsSeconds = await timed(bc, `copy lineitem from '${parquet}' format as parquet`);
const bsRows = Number((await bc.query('select count(*) from lineitem', 0)).rows[0][0]);
results.blueshift = { seconds: bsSeconds, rows: bsRows };
await bc.close();
await bs.stop();

console.log(`lineitem.parquet: ${rows} rows, ${(bytes / 2 ** 20).toFixed(1)} MB, ${slices} slices/threads`);
for (const [name, r] of Object.entries(results)) {
  const ok = r.rows === rows ? '' : ` (ROW COUNT ${r.rows}, expected ${rows})`;
  console.log(`${name.padEnd(10)} ${r.seconds.toFixed(2)} s  ${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s${ok}`);
}
console.log(`blueshift / duckdb throughput: ${(results.duckdb.seconds / results.blueshift.seconds).toFixed(2)}x`);
