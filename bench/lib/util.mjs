// Small shared pieces: timing, statistics, answer normalisation and comparison, process helpers.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export class TimeoutError extends Error {
  constructor(ms) {
    super(`timeout after ${(ms / 1000).toFixed(0)} s`);
    this.name = 'TimeoutError';
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function log(...args) {
  const t = new Date().toISOString().slice(11, 19);
  console.error(`[bench ${t}]`, ...args);
}

export function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function geomean(xs) {
  if (xs.length === 0) return null;
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

// Races a promise against a timer; `onTimeout` runs (and is awaited) before the TimeoutError is thrown.
export async function withTimeout(promise, ms, onTimeout) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([promise, guard]);
  } catch (e) {
    if (e instanceof TimeoutError) {
      promise.catch(() => {});
      if (onTimeout) await onTimeout().catch(() => {});
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

const kNumber = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

// One answer cell in a form the three systems agree on: numbers rounded to the cent, strings without the
// blank padding of CHAR(n), dates as YYYY-MM-DD.
export function normalizeCell(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'bigint') return Math.round(Number(v) * 100) / 100;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v;
  const s = String(v);
  if (kNumber.test(s.trim())) return Math.round(parseFloat(s) * 100) / 100;
  return s.trimEnd();
}

function cellsEqual(a, b) {
  if (typeof a === 'number' && typeof b === 'number') {
    // Rounding to the cent can land either side of a half cent when the exact values differ in the
    // 15th digit (double vs numeric arithmetic), so one cent of slack, relative for huge sums.
    return Math.abs(a - b) <= 0.0100001 + 1e-12 * Math.abs(a);
  }
  return a === b;
}

function rowsEqual(a, b) {
  return a.length === b.length && a.every((x, i) => cellsEqual(x, b[i]));
}

// Compares an answer with the reference (DuckDB's). Rows are compared in order; if they differ only in
// order, the answer is accepted with a note (ties in ORDER BY may be broken differently).
export function compareAnswers(ref, got) {
  const r = ref.map((row) => row.map(normalizeCell));
  const g = got.map((row) => row.map(normalizeCell));
  if (r.length !== g.length) return { ok: false, detail: `${g.length} rows, expected ${r.length}` };
  if (r.length > 0 && r[0].length !== g[0].length) {
    return { ok: false, detail: `${g[0].length} columns, expected ${r[0].length}` };
  }
  const firstDiff = r.findIndex((row, i) => !rowsEqual(row, g[i]));
  if (firstDiff < 0) return { ok: true };
  const key = (row) => JSON.stringify(row.map((c) => (typeof c === 'number' ? c.toFixed(2) : c)));
  const rs = r.map(key).sort();
  const gs = g.map(key).sort();
  if (rs.every((k, i) => k === gs[i])) return { ok: true, detail: 'same rows, different order' };
  return {
    ok: false,
    detail: `row ${firstDiff + 1}: got ${JSON.stringify(g[firstDiff])}, expected ${JSON.stringify(r[firstDiff])}`,
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tryExec(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();
  } catch {
    return null;
  }
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').trim()}`);
  }
  return r.stdout;
}

export function errorText(e) {
  const msg = (e && (e.message || String(e))) || 'unknown error';
  return msg.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export function readJson(path) {
  return JSON.parse(fs.readFileSync(path, 'utf8'));
}
