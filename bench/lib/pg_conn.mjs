// A connection over the PostgreSQL wire protocol (used for PostgreSQL and blueshift), with per-query
// timeouts. A timed-out query is cancelled (PostgreSQL) or its connection dropped (blueshift), and the
// connection is reopened, so the next query starts clean.
import pg from 'pg';
import { withTimeout } from './util.mjs';

// Keep values as the server prints them: the comparison does its own rounding.
for (const oid of [20, 1082, 1114, 1184, 1700]) pg.types.setTypeParser(oid, (v) => v);

export class PgConn {
  constructor(config, { cancelWithBackend = false } = {}) {
    this.config = config;
    this.cancelWithBackend = cancelWithBackend;
    this.client = null;
  }

  async open() {
    const client = new pg.Client(this.config);
    client.on('error', () => {}); // a dropped connection is handled by the next query
    await client.connect();
    this.client = client;
    if (this.cancelWithBackend) {
      const r = await client.query('select pg_backend_pid() as pid');
      this.pid = r.rows[0].pid;
    }
    return this;
  }

  // Runs one statement (or several, separated by ';', without rows). Returns { rows (arrays), ms }. With
  // `values`, one statement with parameters $1... over the extended protocol, as drivers send it (node-pg:
  // an unnamed Parse, Bind, Describe, Execute and Sync each time).
  async query(sql, timeoutMs = 0, values = undefined) {
    const t0 = performance.now();
    const p = this.client.query(values ? { text: sql, rowMode: 'array', values } : { text: sql, rowMode: 'array' });
    const res = timeoutMs > 0 ? await withTimeout(p, timeoutMs, () => this.recover()) : await p;
    const ms = performance.now() - t0;
    const last = Array.isArray(res) ? res[res.length - 1] : res;
    return { rows: (last && last.rows) || [], ms, rowCount: last ? last.rowCount : 0 };
  }

  async recover() {
    const old = this.client;
    if (!this.cancelWithBackend) {
      // The protocol's CancelRequest, on a connection of its own; harmless if the server ignores it.
      const canceller = new pg.Client(this.config);
      canceller.on('error', () => {});
      canceller.connection.on('error', () => {}); // a server that died refuses the cancel connection
      try {
        if (old.activeQuery) canceller.cancel(old, old.activeQuery);
      } catch {
        // the connection is replaced below either way
      }
    } else if (this.pid) {
      const killer = new pg.Client(this.config);
      killer.on('error', () => {});
      try {
        await killer.connect();
        await killer.query(`select pg_cancel_backend(${this.pid})`);
      } finally {
        await killer.end().catch(() => {});
      }
    }
    old.connection?.stream?.destroy();
    old.end().catch(() => {});
    await this.open();
  }

  async close() {
    if (this.client) await this.client.end().catch(() => {});
    this.client = null;
  }
}
