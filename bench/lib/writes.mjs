// Small writes over the wire: single-row INSERT in autocommit from 1 and from 8 clients (rows/s; from 8 also
// with parameters over the extended protocol), UPDATE and DELETE of one row by key in a table of --write-rows
// rows (latency), then the staging upsert (upsert.mjs). blueshift against PostgreSQL without an index and with
// a primary key on k. Every system's table is loaded first; the INSERT tests then run in --write-rounds
// rounds, each test on each system in turn (the order rotating from round to round), so that a stretch of
// noise on a shared machine falls on every system instead of on whichever ran then; each system's median
// round is reported.
import fs from 'node:fs';
import { errorText, log, median, percentile, TimeoutError } from './util.mjs';
import { settle } from './settle.mjs';
import { runUpsert } from './upsert.mjs';

// The two PostgreSQL variants share one server, so each has its own table.
const tableOf = (variant) => (variant === 'postgres+pk' ? 'bench_kv_pk' : 'bench_kv');

function ddl(variant) {
  const cols = 'k bigint not null, v integer not null, payload varchar(64) not null';
  const t = tableOf(variant);
  if (variant === 'blueshift') return [`create table ${t} (${cols}) distkey(k) sortkey(k)`];
  if (variant === 'postgres+pk') return [`create table ${t} (${cols}, primary key (k))`];
  return [`create table ${t} (${cols})`];
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

function copyKv(sys, table, file) {
  const f = file.replace(/'/g, "''");
  return sys.name === 'postgres' ? `copy ${table} from '${f}' with (format text, delimiter '|')` : `copy ${table} from '${f}' delimiter '|'`;
}

async function prepare(sys, variant, opts) {
  const file = await kvFile(opts);
  const conn = await sys.connect();
  const table = tableOf(variant);
  try {
    await conn.query(`drop table if exists ${table}`, opts.timeoutMs).catch(() => {});
    for (const s of ddl(variant)) await conn.query(s, opts.timeoutMs);
    const t0 = performance.now();
    await conn.query(copyKv(sys, table, file), opts.loadTimeoutMs);
    if (sys.name === 'postgres') await conn.query(`analyze ${table}`, opts.loadTimeoutMs);
    const got = Number((await conn.query(`select count(*) from ${table}`, opts.timeoutMs)).rows[0][0]);
    if (got !== opts.writeRows) throw new Error(`loaded ${got} rows, expected ${opts.writeRows}`);
    const ms = performance.now() - t0;
    // 10 million inserted rows pass PostgreSQL's autovacuum insert threshold: its autovacuum would start
    // within a minute and read and rewrite the table (hint bits, visibility map) under the timed writes.
    // VACUUM does that work now, untimed, as a user would after a bulk load.
    if (sys.name === 'postgres') await conn.query(`vacuum ${table}`, opts.loadTimeoutMs);
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

const kInsertTests = ['insert_1', 'insert_8', 'insert_params_8'];

// One round of one INSERT test on one variant. Keys differ between clients, tests and rounds (the
// primary-key variant must not meet a duplicate).
function insertTest(v, test, round, opts) {
  const table = tableOf(v.variant);
  const t = opts.timeoutMs;
  const base = 1_000_000_000;
  const at = round * 200_000_000;
  if (test === 'insert_params_8') {
    // The same INSERT with parameters over the extended protocol, as drivers send it.
    return timedLoop(v.sys, 8, opts, (conn, c, i) => {
      const k = base * (c + 1) + at + 90_000_000 + i;
      return conn.query(`insert into ${table} values ($1, $2, $3)`, t, [k, i % 1000, payloadText(k)]);
    });
  }
  const clients = test === 'insert_1' ? 1 : 8;
  return timedLoop(v.sys, clients, opts, (conn, c, i) => {
    const k = base * (c + 1) + at + clients * 10_000_000 + i;
    return conn.query(`insert into ${table} values (${k}, ${i % 1000}, ${payload(k)})`, t);
  });
}

// The round with the median rate, with every round's rate beside it.
function medianRound(runs) {
  const sorted = [...runs].sort((a, b) => a.ops_per_s - b.ops_per_s);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], rounds_ops_per_s: runs.map((r) => r.ops_per_s) };
}

async function latencyTests(v, opts) {
  const table = tableOf(v.variant);
  const t = opts.timeoutMs;
  const n = opts.writeRows;
  v.out.update = await timedLoop(v.sys, 1, opts, (conn, c, i) =>
    conn.query(`update ${table} set v = v + 1 where k = ${1 + ((i * 7919) % n)}`, t));
  // Distinct keys, so every DELETE removes exactly one row.
  v.out.delete = await timedLoop(v.sys, 1, opts, (conn, c, i) =>
    conn.query(`delete from ${table} where k = ${1 + ((i * 104729) % n)}`, t));
}

export async function runWrites(systems, opts) {
  const results = [];
  const live = [];  // {sys, variant, out} of the variants whose table loaded
  for (const sys of systems.filter((s) => s.name !== 'duckdb')) {
    const variants = sys.name === 'postgres' ? ['postgres', 'postgres+pk'] : [sys.name];
    for (const variant of variants) {
      const out = { system: variant, table_rows: opts.writeRows };
      results.push(out);
      if (!sys.available) {
        out.error = `not available: ${sys.startError}`;
        continue;
      }
      try {
        out.load_ms = await prepare(sys, variant, opts);
        live.push({ sys, variant, out });
      } catch (e) {
        out.error = `setup failed: ${errorText(e)}`;
        log(`${variant}: ${out.error}`);
      }
    }
  }
  // Every load's after-effects drain before the first timed test (PostgreSQL's checkpoint, files synced).
  for (const v of live) v.out.settle = await settle(v.sys);
  const rounds = Math.max(1, opts.writeRounds ?? 1);
  const runs = new Map(live.map((v) => [v, Object.fromEntries(kInsertTests.map((k) => [k, []]))]));
  for (let round = 0; round < rounds; round++) {
    for (const test of kInsertTests) {
      for (let j = 0; j < live.length; j++) {
        const v = live[(j + round) % live.length];
        const r = await insertTest(v, test, round, opts);
        runs.get(v)[test].push(r);
        log(`${v.variant} ${test} round ${round + 1}: ${r.ops_per_s.toFixed(0)}/s${r.error ? ' ERROR ' + r.error : ''}`);
      }
    }
  }
  for (const v of live) {
    for (const test of kInsertTests) v.out[test] = medianRound(runs.get(v)[test]);
    await latencyTests(v, opts);
    for (const k of [...kInsertTests, 'update', 'delete']) {
      const r = v.out[k];
      log(`${v.variant} ${k}: ${r.ops} ops, ${r.ops_per_s.toFixed(0)}/s, median ${r.median_ms?.toFixed(2)} ms, max ${r.max_ms?.toFixed(0)} ms${r.error ? ' ERROR ' + r.error : ''}`);
    }
  }
  for (const v of live) {
    const conn = await v.sys.connect();
    await conn.query(`drop table ${tableOf(v.variant)}`, opts.timeoutMs).catch(() => {});
    await conn.close();
  }
  const upsert = await runUpsert(systems, opts);
  return { results, upsert };
}
