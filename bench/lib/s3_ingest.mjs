// COPY of lineitem through the S3 API (s3rver from npm on loopback, the server the test suite uses) against
// the same COPY from the local file: blueshift only. blueshift is started with --s3-endpoint pointing at
// opts.s3Port (main.mjs picks it), and s3rver is started here on that port.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { errorText, log, sleep } from './util.mjs';

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

// Loads lineitem from s3://bench/lineitem.tbl into the table the plain load made. Returns
// { rows, seconds, rows_per_s, local_rows_per_s, ratio } or { error }.
export async function runS3Ingest(sys, opts, localLineitem) {
  if (!opts.s3Port || sys.name !== 'blueshift' || !sys.available) return { error: 'not run' };
  let server = null;
  const conn = await sys.connect();
  try {
    server = await startS3rver(opts);
    const file = `${opts.dataDir}/lineitem.tbl`;
    await upload(opts, 'lineitem.tbl', file);
    await conn.query('truncate lineitem', opts.timeoutMs);
    const t0 = performance.now();
    await conn.query(`copy lineitem from 's3://${kBucket}/lineitem.tbl' access_key_id 'S3RVER' secret_access_key 'S3RVER' delimiter '|'`, opts.loadTimeoutMs);
    const seconds = (performance.now() - t0) / 1000;
    const rows = Number((await conn.query('select count(*) from lineitem', opts.timeoutMs)).rows[0][0]);
    if (rows !== localLineitem?.rows) return { error: `loaded ${rows} rows, expected ${localLineitem?.rows}` };
    const rate = rows / seconds;
    const local = localLineitem?.rows_per_s ?? null;
    return { rows, seconds, rows_per_s: rate, local_rows_per_s: local, ratio: local ? rate / local : null };
  } catch (e) {
    return { error: errorText(e) };
  } finally {
    await conn.close();
    if (server) {
      server.proc.kill('SIGTERM');
      await new Promise((r) => (server.proc.exitCode !== null ? r() : server.proc.on('exit', r)));
      fs.rmSync(server.dir, { recursive: true, force: true });
    }
  }
}
