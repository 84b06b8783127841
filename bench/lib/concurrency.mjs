// Concurrency: 8 and 32 clients running a mix of TPC-H queries for a fixed time; queries/s and latency.
import { ensureLoaded, querySql } from './tpch.mjs';
import { errorText, log, median, percentile, TimeoutError } from './util.mjs';

async function runLevel(sys, clients, opts) {
  let conns;
  try {
    conns = await Promise.all(Array.from({ length: clients }, () => sys.connect()));
  } catch (e) {
    return { clients, error: `connect failed: ${errorText(e)}` };
  }
  const sqls = opts.concQueries.map((q) => [q, querySql(opts, q)]);
  const latencies = [];
  const errors = [];
  const t0 = performance.now();
  const deadline = t0 + opts.concSeconds * 1000;
  await Promise.all(conns.map(async (conn, c) => {
    // A system that fails every query would spin here; after 20 failures in a row the client gives up.
    for (let i = c, failing = 0; performance.now() < deadline && failing < 20; i++) {
      const [q, sql] = sqls[i % sqls.length];
      const s = performance.now();
      try {
        await conn.query(sql, opts.timeoutMs);
        latencies.push(performance.now() - s);
        failing = 0;
      } catch (e) {
        failing++;
        errors.push(`Q${q}: ${e instanceof TimeoutError ? 'timeout' : errorText(e)}`);
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(conns.map((c) => c.close()));
  return {
    clients, seconds, completed: latencies.length, errors: errors.length, error: errors[0],
    qps: latencies.length / seconds, median_ms: median(latencies), p95_ms: percentile(latencies, 95),
  };
}

export async function runConcurrency(systems, opts) {
  const results = [];
  for (const sys of systems.filter((s) => s.name !== 'duckdb')) {
    const entry = { system: sys.name, levels: [] };
    results.push(entry);
    if (!sys.available) {
      entry.error = `not available: ${sys.startError}`;
      continue;
    }
    const load = await ensureLoaded(sys, opts);
    if (load.error) entry.load_error = load.error;
    for (const clients of opts.concClients) {
      const r = await runLevel(sys, clients, opts);
      entry.levels.push(r);
      log(`${sys.name} ${clients} clients: ${r.completed ?? 0} queries, ${r.qps?.toFixed(2)} q/s, p95 ${r.p95_ms?.toFixed(0)} ms${r.error ? ', first error: ' + r.error : ''}`);
    }
  }
  return { results, mix: opts.concQueries.map((q) => `Q${q}`) };
}
