// Small writes over the wire: single-row INSERT in autocommit from 1 and from 8 clients (rows/s),
// UPDATE and DELETE of one row by key (latency). blueshift against PostgreSQL without and with an index.
import { errorText, log, median, percentile, TimeoutError } from './util.mjs';

const kTable = 'bench_kv';

function ddl(variant) {
  const base = `create table ${kTable} (k bigint not null, v integer not null, payload varchar(64) not null)`;
  if (variant === 'blueshift') return [`${base} distkey(k) sortkey(k)`];
  if (variant === 'postgres+index') return [base, `create index ${kTable}_k_idx on ${kTable} (k)`];
  return [base];
}

const payload = (k) => `'row ${k} ${'x'.repeat(k % 40)}'`;

async function prepare(sys, variant, opts) {
  const conn = await sys.connect();
  try {
    await conn.query(`drop table if exists ${kTable}`, opts.timeoutMs).catch(() => {});
    for (const s of ddl(variant)) await conn.query(s, opts.timeoutMs);
    for (let start = 1; start <= opts.writeRows; start += 1000) {
      const rows = [];
      for (let k = start; k < Math.min(start + 1000, opts.writeRows + 1); k++) rows.push(`(${k}, ${k % 1000}, ${payload(k)})`);
      await conn.query(`insert into ${kTable} values ${rows.join(',')}`, opts.timeoutMs);
    }
    if (sys.name === 'postgres') await conn.query(`analyze ${kTable}`, opts.timeoutMs);
  } finally {
    await conn.close();
  }
}

// Runs `op(conn, client, i)` in a loop on `clients` connections for the configured duration.
async function timedLoop(sys, clients, opts, op) {
  const conns = await Promise.all(Array.from({ length: clients }, () => sys.connect()));
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
    median_ms: median(latencies), p95_ms: percentile(latencies, 95),
    errors: errors.length, error: errors[0],
  };
}

async function runVariant(sys, variant, opts) {
  const out = { system: variant, table_rows: opts.writeRows };
  try {
    await prepare(sys, variant, opts);
  } catch (e) {
    out.error = `setup failed: ${errorText(e)}`;
    log(`${variant}: ${out.error}`);
    return out;
  }
  const t = opts.timeoutMs;
  const base = 1_000_000_000;
  for (const clients of [1, 8]) {
    out[`insert_${clients}`] = await timedLoop(sys, clients, opts, (conn, c, i) => {
      const k = base * (c + 1) + i;
      return conn.query(`insert into ${kTable} values (${k}, ${i % 1000}, ${payload(k)})`, t);
    });
  }
  const n = opts.writeRows;
  out.update = await timedLoop(sys, 1, opts, (conn, c, i) =>
    conn.query(`update ${kTable} set v = v + 1 where k = ${1 + ((i * 7919) % n)}`, t));
  // Distinct keys, so every DELETE removes exactly one row.
  out.delete = await timedLoop(sys, 1, opts, (conn, c, i) =>
    conn.query(`delete from ${kTable} where k = ${1 + ((i * 104729) % n)}`, t));
  for (const k of ['insert_1', 'insert_8', 'update', 'delete']) {
    const r = out[k];
    log(`${variant} ${k}: ${r.ops} ops, ${r.ops_per_s.toFixed(0)}/s, median ${r.median_ms?.toFixed(2)} ms${r.error ? ' ERROR ' + r.error : ''}`);
  }
  return out;
}

export async function runWrites(systems, opts) {
  const results = [];
  for (const sys of systems.filter((s) => s.name !== 'duckdb')) {
    const variants = sys.name === 'postgres' ? ['postgres', 'postgres+index'] : [sys.name];
    for (const v of variants) {
      if (!sys.available) results.push({ system: v, error: `not available: ${sys.startError}` });
      else results.push(await runVariant(sys, v, opts));
    }
  }
  return { results };
}
