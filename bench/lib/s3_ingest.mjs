// COPY of lineitem through the S3 API (s3rver from npm on loopback, the server the test suite uses) against
// the same COPY from the local file: blueshift only. blueshift is started with --s3-endpoint pointing at
// opts.s3Port (main.mjs picks it), and s3rver is started here on that port.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createSchema, manifest } from './load.mjs';
import { errorText, log, median, sleep } from './util.mjs';

const kBucket = 'bench';

function s3rverScript(opts) {
  const prefix = `${opts.benchDir}/.tmp/s3rver`;
  const script = `${prefix}/node_modules/s3rver/bin/s3rver.js`;
  if (!fs.existsSync(script)) {
    log('npm install s3rver@3 (for the S3 ingest rate)');
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', 's3rver@3'], { stdio: 'inherit' });
  }
  return script;
}

async function startS3rver(opts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-s3rver-'));
  const proc = spawn('node', ['--openssl-legacy-provider', s3rverScript(opts), '-d', dir, '-a', '127.0.0.1', '-p',
    String(opts.s3Port), '--configure-bucket', kBucket, '--silent'], { stdio: 'ignore' });
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const up = await new Promise((resolve) => {
      http.get(`http://127.0.0.1:${opts.s3Port}/`, (res) => { res.resume(); resolve(true); }).on('error', () => resolve(false));
    });
    if (up) return { proc, dir };
    await sleep(100);
  }
  proc.kill('SIGTERM');
  throw new Error('s3rver did not start within 30 s');
}

function upload(opts, key, file) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: opts.s3Port, method: 'PUT', path: `/${kBucket}/${key}`,
      headers: { 'content-length': fs.statSync(file).size },
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT ${key}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

// User + system CPU seconds of a process so far (Linux /proc), or null.
export function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / kClockTicks;
  } catch {
    return null;
  }
}
const kClockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// Runs fn, returning its wall seconds and the CPU seconds the blueshift server and s3rver spent meanwhile.
async function measured(sys, server, fn) {
  const pids = { blueshift: sys.proc?.pid, s3rver: server.proc.pid };
  const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, p ? cpuSeconds(p) : null]));
  const t0 = performance.now();
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = {};
  for (const [k, p] of Object.entries(pids)) {
    const b = p ? cpuSeconds(p) : null;
    cpu[k] = b != null && before[k] != null ? b - before[k] : null;
  }
  return { seconds, cpu_blueshift_s: cpu.blueshift, cpu_s3rver_s: cpu.s3rver };
}

const s3Copy = (conn, opts) => conn.query(`copy lineitem from 's3://${kBucket}/lineitem.tbl' access_key_id 'S3RVER' secret_access_key 'S3RVER' delimiter '|'`, opts.loadTimeoutMs);

async function countRows(conn, opts) {
  return Number((await conn.query('select count(*) from lineitem', opts.timeoutMs)).rows[0][0]);
}

async function withS3rver(opts, fn) {
  const server = await startS3rver(opts);
  try {
    await upload(opts, 'lineitem.tbl', `${opts.dataDir}/lineitem.tbl`);
    return await fn(server);
  } finally {
    server.proc.kill('SIGTERM');
    await new Promise((r) => (server.proc.exitCode !== null ? r() : server.proc.on('exit', r)));
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

// Loads lineitem from s3://bench/lineitem.tbl into the table the plain load made. Returns
// { rows, seconds, rows_per_s, local_rows_per_s, ratio, cpu_blueshift_s, cpu_s3rver_s } or { error }.
export async function runS3Ingest(sys, opts, localLineitem) {
  if (!opts.s3Port || sys.name !== 'blueshift' || !sys.available) return { error: 'not run' };
  const conn = await sys.connect();
  try {
    return await withS3rver(opts, async (server) => {
      await conn.query('truncate lineitem', opts.timeoutMs);
      const m = await measured(sys, server, () => s3Copy(conn, opts));
      const rows = await countRows(conn, opts);
      if (rows !== localLineitem?.rows) return { error: `loaded ${rows} rows, expected ${localLineitem?.rows}` };
      const rate = rows / m.seconds;
      const local = localLineitem?.rows_per_s ?? null;
      return { rows, ...m, rows_per_s: rate, local_rows_per_s: local, ratio: local ? rate / local : null };
    });
  } catch (e) {
    return { error: errorText(e) };
  } finally {
    await conn.close();
  }
}

// The S3 part alone (bench/run.sh ingest-s3): lineitem loaded REPS times from the local file and REPS times
// through s3rver, alternating, each timed with the CPU seconds of the blueshift server and of s3rver; and
// the floor, curl alone fetching the object from s3rver.
export async function runS3IngestOnly(systems, opts) {
  const sys = systems.find((s) => s.name === 'blueshift');
  if (!sys?.available || !opts.s3Port) return { results: [{ system: 'blueshift', error: 'not run' }] };
  const entry = { system: 'blueshift', local: { runs: [] }, s3: { runs: [] } };
  const conn = await sys.connect();
  try {
    await createSchema(sys, conn, opts);
    const expected = manifest(opts.dataDir).lineitem.rows;
    const localCopy = () => conn.query(sys.copySql('lineitem', `${opts.dataDir}/lineitem.tbl`), opts.loadTimeoutMs);
    await withS3rver(opts, async (server) => {
      entry.curl = await curlFloor(sys, server, opts);
      for (let i = 0; i < opts.reps; i++) {
        for (const [kind, copy] of [['local', localCopy], ['s3', () => s3Copy(conn, opts)]]) {
          log(`blueshift: lineitem from ${kind === 's3' ? 'S3' : 'the local file'}, run ${i + 1} of ${opts.reps}`);
          await conn.query('truncate lineitem', opts.timeoutMs);
          const m = await measured(sys, server, copy);
          const rows = await countRows(conn, opts);
          if (rows !== expected) throw new Error(`${kind}: loaded ${rows} rows, expected ${expected}`);
          entry[kind].runs.push({ ...m, rows_per_s: rows / m.seconds });
        }
      }
    });
    for (const kind of ['local', 's3']) {
      const runs = entry[kind].runs;
      for (const k of ['seconds', 'rows_per_s', 'cpu_blueshift_s', 'cpu_s3rver_s']) {
        entry[kind][k] = runs.some((r) => r[k] == null) ? null : median(runs.map((r) => r[k]));
      }
    }
    entry.rows = expected;
    entry.ratio = entry.s3.rows_per_s / entry.local.rows_per_s;
  } catch (e) {
    entry.error = errorText(e);
  } finally {
    await conn.close();
  }
  return { results: [entry] };
}

// curl -o /dev/null of the whole object: how fast s3rver serves it with nothing else running.
async function curlFloor(sys, server, opts) {
  const url = `http://127.0.0.1:${opts.s3Port}/${kBucket}/lineitem.tbl`;
  try {
    let out = '';
    const m = await measured(sys, server, async () => {
      out = await new Promise((resolve, reject) => {
        execFile('curl', ['-s', '-f', '-o', '/dev/null', '-w', '%{size_download}', url], (e, stdout) => (e ? reject(e) : resolve(stdout)));
      });
    });
    const bytes = Number(out);
    return { ...m, bytes, mb_per_s: bytes / 2 ** 20 / m.seconds };
  } catch (e) {
    return { error: `curl: ${errorText(e)}` };
  }
}
