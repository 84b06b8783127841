// What keeping statistics during COPY costs (issue #4 point 7): blueshift loads lineitem from the local file
// with statistics maintained (the default: every segment written gets its distinct-count and frequent-value
// sketches) and with STATUPDATE OFF (no sketches), alternating, REPS times each, with the wall seconds at the
// client and the CPU seconds (user + system, /proc) of the server during each COPY.
import { createSchema, manifest } from './load.mjs';
import { cpuSeconds } from './s3_ingest.mjs';
import { errorText, log, median, sleep } from './util.mjs';

const kKinds = { on: '', off: ' statupdate off' };

const f = (x, d = 2) => (x == null || Number.isNaN(x) ? '–' : Number(x).toFixed(d));
const pct = (x) => (x == null || Number.isNaN(x) ? '–' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`);
const num = (x) => (x == null ? '–' : Math.round(x).toLocaleString('en-US'));

// Half the range of xs relative to their median: how far one run strays from another of the same kind.
function spread(xs) {
  const m = median(xs);
  return m ? (Math.max(...xs) - Math.min(...xs)) / 2 / m : null;
}

export async function runStatsIngest(systems, opts) {
  const sys = systems.find((s) => s.name === 'blueshift');
  if (!sys?.available) return { results: [{ system: 'blueshift', error: 'not run' }] };
  const entry = { system: 'blueshift', on: { runs: [] }, off: { runs: [] } };
  const conn = await sys.connect();
  try {
    await createSchema(sys, conn, opts);
    const expected = manifest(opts.dataDir).lineitem.rows;
    const file = `${opts.dataDir}/lineitem.tbl`;
    for (let i = 0; i < opts.reps; i++) {
      // ABBA order: neither kind always runs right after the other.
      const order = i % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
      for (const kind of order) {
        log(`blueshift: lineitem with statistics ${kind}, run ${i + 1} of ${opts.reps}`);
        await conn.query('truncate lineitem', opts.timeoutMs);
        await sleep(1000);  // let the truncate's background work settle
        const pid = sys.proc?.pid;
        const before = pid ? cpuSeconds(pid) : null;
        const t0 = performance.now();
        await conn.query(sys.copySql('lineitem', file) + kKinds[kind], opts.loadTimeoutMs);
        const seconds = (performance.now() - t0) / 1000;
        const after = pid ? cpuSeconds(pid) : null;
        const rows = Number((await conn.query('select count(*) from lineitem', opts.timeoutMs)).rows[0][0]);
        if (rows !== expected) throw new Error(`statistics ${kind}: loaded ${rows} rows, expected ${expected}`);
        const cpu = before != null && after != null ? after - before : null;
        entry[kind].runs.push({ seconds, cpu_s: cpu, rows_per_s: rows / seconds });
      }
    }
    for (const kind of ['on', 'off']) {
      const runs = entry[kind].runs;
      entry[kind].seconds = median(runs.map((r) => r.seconds));
      entry[kind].cpu_s = runs.some((r) => r.cpu_s == null) ? null : median(runs.map((r) => r.cpu_s));
      entry[kind].seconds_spread = spread(runs.map((r) => r.seconds));
      entry[kind].cpu_spread = entry[kind].cpu_s == null ? null : spread(runs.map((r) => r.cpu_s));
    }
    entry.rows = expected;
    entry.seconds_cost = entry.on.seconds / entry.off.seconds - 1;
    entry.cpu_cost = entry.on.cpu_s != null && entry.off.cpu_s ? entry.on.cpu_s / entry.off.cpu_s - 1 : null;
  } catch (e) {
    entry.error = errorText(e);
  } finally {
    await conn.close();
  }
  return { results: [entry] };
}

export function headlineStatsIngest(doc) {
  const r = doc.results[0] ?? {};
  if (r.error || !r.on?.seconds) return [`statistics during COPY: ${r.error ?? 'not run'}`];
  return [
    `COPY lineitem with statistics: ${f(r.on.seconds)} s, ${f(r.on.cpu_s)} CPU s; with STATUPDATE OFF: ${f(r.off.seconds)} s, ${f(r.off.cpu_s)} CPU s (medians): statistics cost **${pct(r.seconds_cost)}** wall, **${pct(r.cpu_cost)}** CPU`,
    `run-to-run spread (half the range over the median): wall ±${f(100 * r.on.seconds_spread, 1)}% / ±${f(100 * r.off.seconds_spread, 1)}%, CPU ±${f(100 * r.on.cpu_spread, 1)}% / ±${f(100 * r.off.cpu_spread, 1)}% (on / off)`,
  ];
}

export function statsIngestMarkdown(doc, configSection, table) {
  const r = doc.results[0] ?? {};
  const runs = [];
  for (const kind of ['on', 'off']) {
    (r[kind]?.runs ?? []).forEach((x, i) => runs.push([kind === 'on' ? 'maintained (default)' : 'STATUPDATE OFF', i + 1,
      f(x.seconds), num(x.rows_per_s), f(x.cpu_s)]));
  }
  return [
    `# Statistics during COPY, lineitem SF ${doc.config.sf} — ${doc.date}`, '', headlineStatsIngest(doc).map((l) => `- ${l}`).join('\n'), '',
    table(['statistics', 'run', 'seconds', 'rows/s', 'server CPU s'], runs), '',
    'COPY lineitem FROM the local `|` file, into the emptied table, with statistics maintained (the default: each segment written gets its distinct-count and frequent-value sketches, docs/format/statistics.md) and with `STATUPDATE OFF` (segments without sketches), alternating in ABBA order; wall seconds at the client, CPU seconds (user + system, /proc) of the blueshift server during each COPY.', '',
    configSection(doc), '',
  ].join('\n');
}
