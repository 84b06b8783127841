// TPC-H: the 22 queries on each system, one warm run then REPS timed runs, answers checked against
// DuckDB's.
import fs from 'node:fs';
import { loadAll } from './load.mjs';
import { compareAnswers, errorText, geomean, log, median, TimeoutError } from './util.mjs';

export function queryIds(opts) {
  const all = Array.from({ length: 22 }, (_, i) => i + 1);
  return opts.queries ? all.filter((q) => opts.queries.includes(q)) : all;
}

export function querySql(opts, q) {
  return fs.readFileSync(`${opts.benchDir}/tpch/queries/q${String(q).padStart(2, '0')}.sql`, 'utf8').trim().replace(/;$/, '');
}

// Loads the TPC-H tables into a system unless an earlier benchmark in this run already did.
export async function ensureLoaded(sys, opts) {
  if (sys.loaded) return sys.loadResult;
  log(`${sys.name}: loading TPC-H SF ${opts.sf}`);
  sys.loadResult = await loadAll(sys, opts);
  return sys.loadResult;
}

// Each timed run's time as the client sees it (node-pg receiving and parsing every row included) and, where
// the system reports it (sys.serverMs, read after the run, outside the timing), as the server measured it.
async function runQuery(sys, conn, sql, opts) {
  const times = [];
  const server = [];
  let answer;
  try {
    for (let i = 0; i <= opts.reps; i++) {
      if (i > 0 && sys.beforeTimedQuery) await sys.beforeTimedQuery(conn);
      const r = await conn.query(sql, opts.timeoutMs);
      if (i === 0) answer = r.rows;
      else times.push(r.ms);
      if (i > 0 && sys.serverMs) {
        const s = await sys.serverMs(conn);
        if (s != null) server.push(s);
      }
    }
    const server_median_ms = server.length === times.length && server.length > 0 ? median(server) : undefined;
    return { status: 'ok', times, median_ms: median(times), server_times: server.length ? server : undefined,
      server_median_ms, rows: answer.length, answer };
  } catch (e) {
    const status = e instanceof TimeoutError ? 'timeout' : 'error';
    return { status, error: errorText(e), times, median_ms: null };
  }
}

async function runSystem(sys, opts, label = sys.name) {
  const out = { system: label, queries: {} };
  const load = await ensureLoaded(sys, opts);
  out.load = summarizeLoad(load);
  if (load.error) out.error = load.error;
  let conn;
  try {
    conn = await sys.connect();
  } catch (e) {
    out.error = `connect failed: ${errorText(e)}`;
    return out;
  }
  for (const q of queryIds(opts)) {
    const r = await runQuery(sys, conn, querySql(opts, q), opts);
    out.queries[q] = r;
    log(`${label} Q${q}: ${r.status}${r.status === 'ok' ? ` ${r.median_ms.toFixed(1)} ms` : ': ' + r.error}`);
  }
  await conn.close();
  return out;
}

function summarizeLoad(load) {
  if (!load) return null;
  const tables = Object.values(load.tables);
  const ok = tables.length > 0 && tables.every((t) => !t.error);
  return {
    method: load.method,
    error: load.error ?? tables.find((t) => t.error)?.error,
    seconds: ok ? tables.reduce((a, t) => a + t.ms, 0) / 1000 : null,
    after_load: load.maintenance ? { statement: load.maintenance.statement, seconds: load.maintenance.ms / 1000 } : undefined,
  };
}

function check(results) {
  const ref = results.find((r) => r.system === 'duckdb');
  for (const r of results) {
    for (const [q, qr] of Object.entries(r.queries)) {
      if (r.system === 'duckdb') continue;
      const refq = ref?.queries[q];
      if (qr.status !== 'ok') continue;
      if (!refq || refq.status !== 'ok') {
        qr.status = 'unchecked';
        qr.error = 'no DuckDB answer to check against';
        continue;
      }
      const c = compareAnswers(refq.answer, qr.answer);
      if (!c.ok) {
        qr.status = 'wrong';
        qr.error = `wrong answer: ${c.detail}`;
      } else if (c.detail) {
        qr.note = c.detail;
      }
    }
  }
  for (const r of results) for (const qr of Object.values(r.queries)) delete qr.answer;
}

// key: 'median_ms' (as the client sees it) or 'server_median_ms' (as the servers measured it).
function ratios(results, num, den, opts, key = 'median_ms') {
  const a = results.find((r) => r.system === num);
  const b = results.find((r) => r.system === den);
  const per = {};
  const logs = [];
  let sumA = 0;
  let sumB = 0;
  for (const q of queryIds(opts)) {
    const x = a?.queries[q];
    const y = b?.queries[q];
    if (x?.status === 'ok' && y?.status === 'ok' && x[key] != null && y[key] > 0) {
      per[q] = x[key] / y[key];
      logs.push(per[q]);
      sumA += x[key];
      sumB += y[key];
    }
  }
  return { per_query: per, geomean: geomean(logs), queries_compared: logs.length, sum_ms: { [num]: sumA, [den]: sumB } };
}

export async function runTpch(systems, opts) {
  const results = [];
  // PostgreSQL last: after its load its autovacuum works on the new tables, and a query it timed out may
  // run on in its backend for a while; either would be timed as the next system's (ingest.mjs).
  const ordered = [...systems].sort((a, b) => (a.name === 'postgres') - (b.name === 'postgres'));
  for (const sys of ordered) {
    if (!sys.available) {
      results.push({ system: sys.name, error: `not available: ${sys.startError}`, queries: {} });
      continue;
    }
    results.push(await runSystem(sys, opts));
    if (sys.name === 'postgres' && opts.pgIndexes) {
      const conn = await sys.connect();
      const ddl = fs.readFileSync(`${opts.benchDir}/tpch/schema/postgres_indexes.sql`, 'utf8');
      await conn.query(ddl, opts.loadTimeoutMs);
      await conn.close();
      results.push(await runSystem(sys, opts, 'postgres+indexes'));
    }
  }
  check(results);
  const systemsOk = results.map((r) => r.system);
  const comparisons = {};
  for (const peer of systemsOk.filter((s) => s !== 'blueshift')) {
    comparisons[`blueshift/${peer}`] = ratios(results, 'blueshift', peer, opts);
  }
  comparisons['postgres/duckdb'] = ratios(results, 'postgres', 'duckdb', opts);
  const server = ratios(results, 'blueshift', 'postgres', opts, 'server_median_ms');
  const server_comparisons = server.queries_compared ? { 'blueshift/postgres': server } : {};
  return { results, comparisons, server_comparisons, query_ids: queryIds(opts) };
}
