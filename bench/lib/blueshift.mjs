// blueshift: our server, started from build/blueshift (or reached at BLUESHIFT_URL).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgConn } from './pg_conn.mjs';
import { freePort, log, sleep, tryExec } from './util.mjs';

export class Blueshift {
  constructor(opts) {
    this.name = 'blueshift';
    this.opts = opts;
    this.available = false;
  }

  settings() {
    return { slices: this.opts.slices, url: this.opts.blueshiftUrl ? 'BLUESHIFT_URL (external server)' : 'started by bench' };
  }

  async start() {
    this.commit = tryExec('git', ['-C', this.opts.repo, 'rev-parse', '--short', 'HEAD']) || 'unknown';
    if (this.opts.blueshiftUrl) {
      this.config = { connectionString: this.opts.blueshiftUrl };
    } else {
      await this.spawnServer();
    }
    const c = await this.connect();
    try {
      this.version = (await c.query('select version()', 10000)).rows[0]?.[0] ?? 'unknown';
    } catch (e) {
      this.version = `unknown (select version() failed: ${e.message})`;
    }
    await c.close();
    this.available = true;
    log(`blueshift ready (${this.commit}): ${String(this.version).slice(0, 80)}`);
  }

  async spawnServer() {
    const bin = this.opts.blueshiftBin;
    if (!fs.existsSync(bin)) throw new Error(`blueshift binary not found at ${bin} (build it with make build)`);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-blueshift-'));
    this.port = await freePort();
    const logPath = `${this.dir}/server.log`;
    const out = fs.openSync(logPath, 'a');
    const args = ['serve', '--data', `${this.dir}/data`, '--port', String(this.port), '--slices', String(this.opts.slices)];
    if (this.opts.s3Port) args.push('--s3-endpoint', `http://127.0.0.1:${this.opts.s3Port}`);
    this.proc = spawn(bin, args, { stdio: ['ignore', out, out] });
    let exited = null;
    this.proc.on('exit', (code, signal) => {
      exited = signal || code;
      if (!this.stopping) log(`blueshift server exited unexpectedly (${exited}); see ${logPath}`);
    });
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      const text = fs.readFileSync(logPath, 'utf8');
      if (text.includes('ready to accept connections')) break;
      if (exited !== null) throw new Error(`blueshift exited (${exited}) before ready: ${text.slice(-500)}`);
      await sleep(100);
    }
    if (!fs.readFileSync(logPath, 'utf8').includes('ready to accept connections')) {
      throw new Error('blueshift did not log "ready to accept connections" within 60 s');
    }
    this.config = { host: '127.0.0.1', port: this.port, user: 'awsuser', database: 'dev' };
  }

  // The last statement's time from STL_QUERY (start to end, sending the rows included), in ms.
  async serverMs(conn) {
    const r = await conn.query(
      'select datediff(microsecond, starttime, endtime) from stl_query where query = pg_last_query_id()');
    return r.rows.length ? Number(r.rows[0][0]) / 1000 : null;
  }

  connect() {
    return new PgConn(this.config).open();
  }

  copySql(table, file) {
    return `copy ${table} from '${file.replace(/'/g, "''")}' delimiter '|'${file.endsWith('.gz') ? ' gzip' : ''}`;
  }

  copyMethod() {
    return "COPY t FROM 'local file' DELIMITER '|' [GZIP] (Redshift syntax; a local path is a blueshift extension)";
  }

  async stop() {
    this.stopping = true;
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      const deadline = Date.now() + 15000;
      while (this.proc.exitCode === null && this.proc.signalCode === null && Date.now() < deadline) await sleep(100);
      if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    }
    const crashed = this.proc && this.proc.signalCode !== null && this.proc.signalCode !== 'SIGTERM';
    if (crashed) log(`blueshift crashed (${this.proc.signalCode}); its log is kept in ${this.dir}/server.log`);
    else if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
