// The benchmark driver: starts the systems, runs the chosen benchmarks, writes the reports, stops the
// systems. A system that fails is reported, not fatal; the exit status is non-zero only when the harness
// itself breaks or no system could run at all. See bench/README.md for the options.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackgroundMonitor, backgroundLine, kBusyWarnPct } from './background.mjs';
import { Blueshift } from './blueshift.mjs';
import { runConcurrency } from './concurrency.mjs';
import { DuckDB } from './duckdb.mjs';
import { runIngest } from './ingest.mjs';
import { runS3IngestOnly } from './s3_ingest.mjs';
import { runStatsIngest } from './stats_ingest.mjs';
import { runSize } from './size.mjs';
import { machineInfo } from './machine.mjs';
import { Postgres } from './postgres.mjs';
import { writeLatest, writeReport } from './report.mjs';
import { runTpch } from './tpch.mjs';
import { errorText, freePort, log } from './util.mjs';
import { runWrites } from './writes.mjs';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const ints = (s) => list(s).map(Number);

function parseArgs(argv) {
  const env = process.env;
  const o = {
    benchDir, repo: path.resolve(benchDir, '..'),
    benchmarks: ['ingest', 'size', 'tpch', 'writes', 'concurrency'] /* ingest first: size and TPC-H reuse its load */, systems: ['duckdb', 'postgres', 'blueshift'],
    sf: '1', reps: 3, timeoutS: 300, loadTimeoutS: 3600, slices: 2, out: `${benchDir}/results`,
    writeRows: 10_000_000, writeSeconds: 10, writeMaxOps: 1000000, writeRounds: 1, concSeconds: 60, concClients: [8, 32],
    concQueries: [1, 3, 5, 6, 10, 12, 14, 19], queries: null, pgIndexes: false,
    blueshiftUrl: env.BLUESHIFT_URL || null, blueshiftBin: env.BLUESHIFT_BIN || path.resolve(benchDir, '../build/blueshift'),
    blueshiftSchema: env.BLUESHIFT_SCHEMA || 'blueshift',
  };
  const setters = {
    '--bench': (v) => (o.benchmarks = v === 'all' ? o.benchmarks : list(v)), '--systems': (v) => (o.systems = list(v)),
    '--sf': (v) => (o.sf = v), '--reps': (v) => (o.reps = Number(v)), '--timeout': (v) => (o.timeoutS = Number(v)),
    '--load-timeout': (v) => (o.loadTimeoutS = Number(v)), '--slices': (v) => (o.slices = Number(v)),
    '--out': (v) => (o.out = path.resolve(v)), '--data-dir': (v) => (o.dataDir = path.resolve(v)),
    '--write-rows': (v) => (o.writeRows = Number(v)), '--write-seconds': (v) => (o.writeSeconds = Number(v)),
    '--write-max-ops': (v) => (o.writeMaxOps = Number(v)), '--write-rounds': (v) => (o.writeRounds = Number(v)), '--conc-seconds': (v) => (o.concSeconds = Number(v)),
    '--conc-clients': (v) => (o.concClients = ints(v)), '--conc-queries': (v) => (o.concQueries = ints(v)),
    '--queries': (v) => (o.queries = ints(v)),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pg-indexes') o.pgIndexes = true;
    else if (setters[argv[i]] && i + 1 < argv.length) setters[argv[i]](argv[++i]);
    else throw new Error(`unknown or incomplete option ${argv[i]}`);
  }
  o.dataDir ??= `${benchDir}/data/sf${o.sf}`;
  o.timeoutMs = o.timeoutS * 1000;
  o.loadTimeoutMs = o.loadTimeoutS * 1000;
  return o;
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const kRunners = { tpch: runTpch, ingest: runIngest, s3ingest: runS3IngestOnly, statsingest: runStatsIngest, size: runSize, writes: runWrites, concurrency: runConcurrency };
const kFactories = { duckdb: DuckDB, postgres: Postgres, blueshift: Blueshift };

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(`${opts.dataDir}/lineitem.tbl`)) throw new Error(`no TPC-H data in ${opts.dataDir} (bench/run.sh generates it)`);
  // The S3 ingest rate: blueshift is pointed at an s3rver that ingest starts on this port.
  const s3 = opts.benchmarks.includes('ingest') || opts.benchmarks.includes('s3ingest');
  if (s3 && opts.systems.includes('blueshift') && !opts.blueshiftUrl) opts.s3Port = await freePort();
  const systems = opts.systems.map((n) => new kFactories[n](opts));
  const stopAll = async () => {
    for (const s of systems) await s.stop().catch((e) => log(`stopping ${s.name}: ${errorText(e)}`));
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stopAll().finally(() => process.exit(130)));
  try {
    for (const s of systems) {
      try {
        await s.start();
      } catch (e) {
        s.startError = errorText(e);
        log(`${s.name} not available: ${s.startError}`);
      }
    }
    if (!systems.some((s) => s.available)) throw new Error('no system could be started');
    const machine = machineInfo(opts);
    const sysInfo = Object.fromEntries(systems.map((s) => [s.name, {
      available: s.available, error: s.startError, version: s.version, settings: s.settings(),
    }]));
    for (const b of opts.benchmarks) {
      if (!kRunners[b]) throw new Error(`unknown benchmark ${b}`);
      log(`== ${b} ==`);
      const started = new Date().toISOString();
      const monitor = new BackgroundMonitor(() => systems.flatMap((s) => s.serverPids?.() ?? []));
      monitor.start();
      const result = await kRunners[b](systems, opts);
      const background = monitor.stop();
      if (background) {
        log(backgroundLine(background));
        if (background.other_cpu_pct > kBusyWarnPct) log(`WARNING: the machine was not quiet; ${b}'s times are not comparable`);
      }
      const name = `${b}-sf${opts.sf}`;
      const doc = {
        benchmark: b, name, date: today(), started_at: started, finished_at: new Date().toISOString(), machine,
        systems: sysInfo,
        config: {
          sf: opts.sf, reps: opts.reps, timeout_s: opts.timeoutS, slices: opts.slices, duckdb_threads: opts.slices,
          write_rows: opts.writeRows, write_seconds: opts.writeSeconds, write_max_ops: opts.writeMaxOps, write_rounds: opts.writeRounds,
          conc_seconds: opts.concSeconds, conc_clients: opts.concClients, pg_indexes: opts.pgIndexes,
        },
        background,
        ...result,
      };
      const base = writeReport(doc, opts.out);
      log(`wrote ${opts.out}/${base}.md`);
    }
    writeLatest(opts.out);
  } finally {
    await stopAll();
  }
}

main().then(() => process.exit(0), (e) => {
  log(`FAILED: ${e.stack || e}`);
  process.exit(1);
});
