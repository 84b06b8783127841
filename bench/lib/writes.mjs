// Small writes over the wire: single-row INSERT in autocommit from 1 and from 8 clients (rows/s; from 8 also
// with parameters over the extended protocol), UPDATE and
// DELETE of one row by key in a table of --write-rows rows (latency), then the staging upsert (upsert.mjs).
// blueshift against PostgreSQL without an index and with a primary key on k.
import fs from 'node:fs';
import { errorText, log, median, percentile, TimeoutError } from './util.mjs';
import { settle } from './settle.mjs';
import { runUpsert } from './upsert.mjs';

const kTable = 'bench_kv';

function ddl(variant) {
  const cols = 'k bigint not null, v integer not null, payload varchar(64) not null';
  if (variant === 'blueshift') return [`create table ${kTable} (${cols}) distkey(k) sortkey(k)`];
  if (variant === 'postgres+pk') return [`create table ${kTable} (${cols}, primary key (k))`];
  return [`create table ${kTable} (${cols})`];
}

const payloadText = (k) => `row ${k} ${'x'.repeat(k % 16)}`;
const payload = (k) => `'${payloadText(k)}'`;

// The table's rows as a '|'-delimited file (k = 1..rows, in key order), written once per size.
async function kvFile(opts) {
  const file = `${opts.benchDir}/data/kv-${opts.writeRows}.tbl`;
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(`${opts.benchDir}/data`, { recursive: true });
  const out = fs.createWriteStream(`${file}.tmp`);
  for (let start = 1; start <= opts.writeRows; start += 10000) {
    const lines = [];
    for (let k = start; k < Math.min(start + 10000, opts.writeRows + 1); k++) lines.push(`${k}|${k % 1000}|${payloadText(k)}\n`);
    if (!out.write(lines.join(''))) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

function copyKv(sys, file) {
  const f = file.replace(/'/g, "''");
  return sys.name === 'postgres' ? `copy ${kTable} from '${f}' with (format text, delimiter '|')` : `copy ${kTable} from '${f}' delimiter '|'`;
}

async function prepare(sys, variant, opts) {
  const file = await kvFile(opts);
  const conn = await sys.connect();
  try {
    await conn.query(`drop table if exists ${kTable}`, opts.timeoutMs).catch(() => {});
    for (const s of ddl(variant)) await conn.query(s, opts.timeoutMs);
    const t0 = performance.now();
    await conn.query(copyKv(sys, file), opts.loadTimeoutMs);
    if (sys.name === 'postgres') await conn.query(`analyze ${kTable}`, opts.loadTimeoutMs);
    const got = Number((await conn.query(`select count(*) from ${kTable}`, opts.timeoutMs)).rows[0][0]);
    if (got !== opts.writeRows) throw new Error(`loaded ${got} rows, expected ${opts.writeRows}`);
    const ms = performance.now() - t0;
    // 10 million inserted rows pass PostgreSQL's autovacuum insert threshold: its autovacuum would start
    // within a minute and read and rewrite the table (hint bits, visibility map) under the timed writes.
    // VACUUM does that work now, untimed, as a user would after a bulk load.
    if (sys.name === 'postgres') await conn.query(`vacuum ${kTable}`, opts.loadTimeoutMs);
    return ms;
  } finally {
    await conn.close();
  }
}

// Runs `op(conn, client, i)` in a loop on `clients` connections for the configured duration.
async function timedLoop(sys, clients, opts, op) {
  const conns = await Promise.all(Array.from({ length: clients }, () => sys.connect()));
  // pg_stat_statements (loaded for the TPC-H server times) would record every timed statement; these
  // sessions turn it off, so PostgreSQL does not pay for bookkeeping blueshift is not asked to do.
  if (sys.name === 'postgres') await Promise.all(conns.map((c) => c.query("set pg_stat_statements.track = 'none'", opts.timeoutMs)));
  const latencies = [];
  const errors = [];
  const t0 = performance.now();
  const deadline = t0 + opts.writeSeconds * 1000;
  await Promise.all(conns.map(async (conn, c) => {
    for (let i = 0; performance.now() < deadline && i < opts.writeMaxOps; i++) {
      const s = performance.now();
      try {
        await op(conn, c, i);
        latencies.push(performance.now() - s);
      } catch (e) {
        errors.push(e instanceof TimeoutError ? `timeout: ${e.message}` : errorText(e));
        if (errors.length >= 3) break;
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(conns.map((c) => c.close()));
  return {
    ops: latencies.length, seconds, ops_per_s: latencies.length / seconds,
    median_ms: median(latencies), p95_ms: percentile(latencies, 95), max_ms: latencies.length ? latencies.reduce((a, b) => Math.max(a, b)) : null,
    errors: errors.length, error: errors[0],
  };
}

async function runVariant(sys, variant, opts) {
  const out = { system: variant, table_rows: opts.writeRows };
  try {
    out.load_ms = await prepare(sys, variant, opts);
  } catch (e) {
    out.error = `setup failed: ${errorText(e)}`;
    log(`${variant}: ${out.error}`);
    return out;
  }
  out.settle = await settle(sys);
  const t = opts.timeoutMs;
  const base = 1_000_000_000;
  for (const clients of [1, 8]) {
    out[`insert_${clients}`] = await timedLoop(sys, clients, opts, (conn, c, i) => {
      const k = base * (c + 1) + clients * 10_000_000 + i;
      return conn.query(`insert into ${kTable} values (${k}, ${i % 1000}, ${payload(k)})`, t);
    });
  }
  // The same INSERT with parameters over the extended protocol, as drivers send it.
  out.insert_params_8 = await timedLoop(sys, 8, opts, (conn, c, i) => {
    const k = base * (c + 1) + 90_000_000 + i;
    return conn.query(`insert into ${kTable} values ($1, $2, $3)`, t, [k, i % 1000, payloadText(k)]);
  });
  const n = opts.writeRows;
  out.update = await timedLoop(sys, 1, opts, (conn, c, i) =>
    conn.query(`update ${kTable} set v = v + 1 where k = ${1 + ((i * 7919) % n)}`, t));
  // Distinct keys, so every DELETE removes exactly one row.
  out.delete = await timedLoop(sys, 1, opts, (conn, c, i) =>
    conn.query(`delete from ${kTable} where k = ${1 + ((i * 104729) % n)}`, t));
  for (const k of ['insert_1', 'insert_8', 'insert_params_8', 'update', 'delete']) {
    const r = out[k];
    log(`${variant} ${k}: ${r.ops} ops, ${r.ops_per_s.toFixed(0)}/s, median ${r.median_ms?.toFixed(2)} ms, max ${r.max_ms?.toFixed(0)} ms${r.error ? ' ERROR ' + r.error : ''}`);
  }
  const conn = await sys.connect();
  await conn.query(`drop table ${kTable}`, t).catch(() => {});
  await conn.close();
  return out;
}

export async function runWrites(systems, opts) {
  const results = [];
  for (const sys of systems.filter((s) => s.name !== 'duckdb')) {
    const variants = sys.name === 'postgres' ? ['postgres', 'postgres+pk'] : [sys.name];
    for (const v of variants) {
      if (!sys.available) results.push({ system: v, error: `not available: ${sys.startError}` });
      else results.push(await runVariant(sys, v, opts));
    }
  }
  const upsert = await runUpsert(systems, opts);
  return { results, upsert };
}
