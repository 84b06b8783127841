// PostgreSQL, started from the Debian packages in a temporary directory on a loopback port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgConn } from './pg_conn.mjs';
import { freePort, log, run, tryExec } from './util.mjs';

function findBinDir() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(`${root}/${v}/bin/postgres`));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? `${root}/${versions[0]}/bin` : null;
}

export class Postgres {
  constructor(opts) {
    this.name = 'postgres';
    this.opts = opts;
    this.available = false;
  }

  // The configuration written into the report; chosen so PostgreSQL can use the same cores and memory.
  settings() {
    const memGb = os.totalmem() / 2 ** 30;
    return {
      max_parallel_workers_per_gather: this.opts.slices,
      max_parallel_workers: Math.max(this.opts.slices, 2),
      max_worker_processes: Math.max(8, this.opts.slices),
      work_mem: '256MB',
      shared_buffers: memGb >= 16 ? '4GB' : memGb >= 8 ? '2GB' : '512MB',
      effective_cache_size: `${Math.max(1, Math.floor(memGb / 2))}GB`,
      maintenance_work_mem: '512MB',
      max_connections: 100,
      max_wal_size: '4GB',
      fsync: 'on (default)',
      synchronous_commit: 'on (default)',
      jit: 'on (default)',
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track_planning': 'on',
    };
  }

  asUser(cmd, args) {
    const isRoot = process.getuid && process.getuid() === 0;
    return isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  }

  async start() {
    const bin = findBinDir();
    if (!bin) throw new Error('PostgreSQL is not installed (/usr/lib/postgresql/*/bin/postgres missing)');
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pg-'));
    fs.chmodSync(this.dir, 0o755);
    if (process.getuid && process.getuid() === 0) run('chown', ['postgres:postgres', this.dir]);
    this.port = await freePort();
    const data = `${this.dir}/data`;
    run(...this.asUser(`${bin}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']));
    const conf = Object.entries(this.settings())
      .map(([k, v]) => `${k} = '${String(v).replace(/ \(default\)$/, '')}'`)
      .concat([`port = ${this.port}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${this.dir}'`]);
    fs.appendFileSync(`${data}/postgresql.conf`, '\n# bench\n' + conf.join('\n') + '\n');
    this.bin = bin;
    run(...this.asUser(`${bin}/pg_ctl`, ['-D', data, '-l', `${this.dir}/server.log`, '-w', '-t', '60', 'start']));
    this.started = true;
    this.config = { host: '127.0.0.1', port: this.port, user: 'postgres', database: 'postgres' };
    const c = await this.connect();
    this.version = (await c.query('select version()')).rows[0][0];
    try {
      await c.query('create extension if not exists pg_stat_statements');
      this.statements = true;
    } catch (e) {
      log(`postgres: no pg_stat_statements, so no server-side times: ${e.message}`);
    }
    await c.close();
    this.available = true;
    log(`postgres started on port ${this.port}: ${this.version.split(',')[0]}`);
  }

  // Server-side time of one statement: pg_stat_statements is emptied before it, and its planning and
  // execution time read after it (execution includes sending the rows to the client).
  async beforeTimedQuery(conn) {
    if (this.statements) await conn.query('select pg_stat_statements_reset()');
  }

  async serverMs(conn) {
    if (!this.statements) return null;
    const r = await conn.query(
      "select sum(total_plan_time + total_exec_time) from pg_stat_statements where query not like '%pg_stat_statements%'");
    return r.rows.length && r.rows[0][0] != null ? Number(r.rows[0][0]) : null;
  }

  connect() {
    return new PgConn(this.config, { cancelWithBackend: true }).open();
  }

  copySql(table, file) {
    const quoted = `'${file.replace(/'/g, "'\\''")}'`;
    const program = file.endsWith('.gz')
      ? `gzip -dc ${quoted} | sed 's/|$//'`
      : `sed 's/|$//' ${quoted}`;
    return `copy ${table} from program '${program.replace(/'/g, "''")}' with (format text, delimiter '|')`;
  }

  copyMethod() {
    return "server-side COPY FROM PROGRAM (sed strips dbgen's trailing '|'; gzip -dc for .gz)";
  }

  // The postmaster (pg_ctl detaches it from the bench's process tree); its backends are its children.
  serverPids() {
    try {
      return [Number(fs.readFileSync(`${this.dir}/data/postmaster.pid`, 'utf8').split('\n')[0])];
    } catch {
      return [];
    }
  }

  async stop() {
    if (!this.started) return;
    tryExec(...this.asUser(`${this.bin}/pg_ctl`, ['-D', `${this.dir}/data`, '-m', 'fast', '-w', 'stop']));
    this.started = false;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
