// Creating the TPC-H schema and loading the generated files: COPY, or (for blueshift, while its COPY
// fails) multi-row INSERT batches over the wire, which the report then states.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { errorText, log, TimeoutError } from './util.mjs';

export const TABLES = ['region', 'nation', 'part', 'supplier', 'partsupp', 'customer', 'orders', 'lineitem'];
const kInsertBatchRows = 1000;

export function schemaPath(opts, system) {
  const name = system === 'blueshift' ? opts.blueshiftSchema : system;
  return `${opts.benchDir}/tpch/schema/${name}.sql`;
}

export function splitStatements(text) {
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

// Column names and whether each is numeric (written without quotes in INSERT), per table.
function columnKinds(ddl) {
  const tables = {};
  for (const m of ddl.matchAll(/create table (\w+) \(([\s\S]*?)\n\)/g)) {
    tables[m[1]] = m[2].split(',\n').map((c) => /^\s*\w+ (integer|bigint|decimal)/.test(c));
  }
  return tables;
}

// Row counts and sizes of the generated files, counted once and cached in the data directory.
export function manifest(dataDir) {
  const cache = `${dataDir}/manifest.json`;
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8'));
  const m = {};
  for (const t of TABLES) {
    const file = `${dataDir}/${t}.tbl`;
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(1 << 22);
    let rows = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) rows++;
    }
    fs.closeSync(fd);
    const gz = `${dataDir}/gz/${t}.tbl.gz`;
    m[t] = { rows, bytes: fs.statSync(file).size, gz_bytes: fs.existsSync(gz) ? fs.statSync(gz).size : null };
  }
  fs.writeFileSync(cache, JSON.stringify(m, null, 1));
  return m;
}

export async function createSchema(sys, conn, opts) {
  for (const t of TABLES) {
    try {
      await conn.query(`drop table if exists ${t}`, opts.timeoutMs);
    } catch {
      // a server without DROP ... IF EXISTS: the CREATE below reports the real problem
    }
  }
  for (const stmt of splitStatements(fs.readFileSync(schemaPath(opts, sys.name), 'utf8'))) {
    await conn.query(stmt, opts.timeoutMs);
  }
}

async function insertBatches(conn, table, file, numeric, timeoutMs) {
  let input = fs.createReadStream(file);
  if (file.endsWith('.gz')) input = input.pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let batch = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await conn.query(`insert into ${table} values ${batch.join(',')}`, timeoutMs);
    batch = [];
  };
  for await (const line of lines) {
    const fields = line.split('|');
    fields.pop(); // dbgen's trailing '|'
    batch.push(`(${fields.map((f, i) => (numeric[i] ? f : `'${f.replace(/'/g, "''")}'`)).join(',')})`);
    if (batch.length >= kInsertBatchRows) await flush();
  }
  await flush();
}

// Loads one table. Returns { ms, method, error? }. After COPY fails once on a system that allows the
// fallback, later tables go straight to INSERT batches.
export async function loadTable(sys, conn, table, file, opts) {
  // A system that hung once is not given the full load timeout again for every table.
  if (sys.loadTimedOut) return { ms: null, method: 'skipped', error: `skipped: ${sys.loadTimedOut}` };
  const r = await loadTableOnce(sys, conn, table, file, opts);
  if (r.timedOut) sys.loadTimedOut = `loading ${table} timed out`;
  delete r.timedOut;
  return r;
}

async function loadTableOnce(sys, conn, table, file, opts) {
  const t0 = performance.now();
  if (!sys.copyFailed) {
    try {
      await conn.query(sys.copySql(table, file), opts.loadTimeoutMs);
      return { ms: performance.now() - t0, method: 'copy' };
    } catch (e) {
      if (e instanceof TimeoutError) return { ms: null, method: 'copy', error: errorText(e), timedOut: true };
      if (sys.name !== 'blueshift') return { ms: null, method: 'copy', error: errorText(e) };
      sys.copyFailed = errorText(e);
      log(`blueshift COPY failed (${sys.copyFailed}); falling back to INSERT batches`);
    }
  }
  try {
    sys.kinds ??= columnKinds(fs.readFileSync(schemaPath(opts, sys.name), 'utf8'));
    const t1 = performance.now();
    await insertBatches(conn, table, file, sys.kinds[table], opts.loadTimeoutMs);
    return { ms: performance.now() - t1, method: 'insert' };
  } catch (e) {
    return { ms: null, method: 'insert', error: errorText(e), timedOut: e instanceof TimeoutError };
  }
}

async function verifyCount(conn, table, expected, opts) {
  try {
    const got = Number((await conn.query(`select count(*) from ${table}`, opts.timeoutMs)).rows[0][0]);
    return got === expected ? null : `loaded ${got} rows, expected ${expected}`;
  } catch (e) {
    return `count(*) failed: ${errorText(e)}`;
  }
}

// Creates the schema and loads every table from the plain (gzip = false) or gzip files.
// Returns { tables: {t: {rows, bytes, ms, method, error}}, error? , method }.
export async function loadAll(sys, opts, { gzip = false } = {}) {
  const m = manifest(opts.dataDir);
  const conn = await sys.connect();
  const result = { tables: {}, gzip };
  sys.copyFailed = null; // COPY gets another chance (e.g. with GZIP) on every load
  sys.loadTimedOut = null;
  try {
    try {
      await createSchema(sys, conn, opts);
    } catch (e) {
      result.error = `create table failed: ${errorText(e)}`;
      log(`${sys.name}: ${result.error}`);
      return result;
    }
    for (const t of TABLES) {
      const file = gzip ? `${opts.dataDir}/gz/${t}.tbl.gz` : `${opts.dataDir}/${t}.tbl`;
      const r = await loadTable(sys, conn, t, file, opts);
      if (!r.error) r.error = (await verifyCount(conn, t, m[t].rows, opts)) ?? undefined;
      result.tables[t] = { rows: m[t].rows, bytes: gzip ? m[t].gz_bytes : m[t].bytes, ...r };
      log(`${sys.name}: ${t} ${r.error ? 'FAILED: ' + r.error : `${(r.ms / 1000).toFixed(2)} s by ${r.method}`}`);
    }
    result.method = sys.copyFailed
      ? `loaded by INSERT batches of ${kInsertBatchRows} rows: COPY failed with: ${sys.copyFailed}`
      : sys.copyMethod();
    // The maintenance each system's users run after a bulk load, timed apart from the load: PostgreSQL's
    // ANALYZE, and blueshift's VACUUM (Redshift's advice after loading; it sorts what the load's parallel
    // splits left as separately sorted runs, which the automatic vacuum would otherwise do in the background
    // while the first queries run).
    const after = { postgres: 'ANALYZE', blueshift: 'VACUUM' }[sys.name];
    if (after && !Object.values(result.tables).some((t) => t.error)) {
      const t0 = performance.now();
      await conn.query(after.toLowerCase(), opts.loadTimeoutMs);
      result.maintenance = { statement: after, ms: performance.now() - t0 };
    }
    sys.loadError = Object.values(result.tables).find((t) => t.error)?.error;
    sys.loaded = true;
    return result;
  } finally {
    await conn.close();
  }
}
