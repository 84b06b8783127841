// DuckDB, in process through @duckdb/node-api, on a database file in a temporary directory.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, withTimeout } from './util.mjs';

class DuckConn {
  constructor(conn) {
    this.conn = conn;
  }

  async query(sql, timeoutMs = 0) {
    const t0 = performance.now();
    const p = this.conn.runAndReadAll(sql);
    const reader = timeoutMs > 0 ? await withTimeout(p, timeoutMs, async () => this.conn.interrupt()) : await p;
    const ms = performance.now() - t0;
    return { rows: reader.getRowsJson(), ms };
  }

  async close() {
    this.conn.closeSync?.();
  }
}

export class DuckDB {
  constructor(opts) {
    this.name = 'duckdb';
    this.opts = opts;
    this.available = false;
  }

  settings() {
    return { threads: this.opts.slices, database: 'file in a temporary directory', memory_limit: 'default (80% of RAM)' };
  }

  async start() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-duckdb-'));
    this.instance = await DuckDBInstance.create(`${this.dir}/tpch.duckdb`, { threads: String(this.opts.slices) });
    const c = await this.connect();
    this.version = (await c.query('select version()')).rows[0][0];
    await c.close();
    this.available = true;
    log(`duckdb ${this.version} opened with ${this.opts.slices} threads`);
  }

  async connect() {
    return new DuckConn(await this.instance.connect());
  }

  copySql(table, file) {
    return `copy ${table} from '${file.replace(/'/g, "''")}' (delimiter '|', header false)`;
  }

  copyMethod() {
    return "COPY t FROM 'file' (DELIMITER '|', HEADER false); the CSV reader accepts dbgen's trailing '|'; .gz read directly";
  }

  async stop() {
    this.instance?.closeSync?.();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
