// Storage size: TPC-H loaded from the '|' files (reusing the ingest benchmark's load when it ran first),
// then the bytes each system keeps on disk for it. blueshift: the table segment files of its data directory
// per table (columns compressed by the encodings the schema and ENCODE AUTO chose) and the whole data
// directory; DuckDB: its database file after CHECKPOINT; PostgreSQL: pg_total_relation_size per table.
import fs from 'node:fs';
import path from 'node:path';
import { loadAll, manifest, TABLES } from './load.mjs';
import { errorText, log, sleep } from './util.mjs';

function bytesUnder(dir) {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? bytesUnder(p) : fs.statSync(p).size;
  }
  return total;
}

async function blueshiftSizes(sys) {
  if (!sys.dir) throw new Error('the server was not started by the bench (BLUESHIFT_URL): its data directory is unknown');
  // Small loads (fewer than 4,097 rows per slice) sit in the write store until the background fold (every
  // second, docs/format/wal.md) writes them to segment files: wait for it so the per-table figures count them.
  await sleep(6000);
  const conn = await sys.connect();
  try {
    const tables = {};
    for (const t of TABLES) {
      const oid = (await conn.query(`select distinct id from stv_tbl_perm where trim(name) = '${t}'`)).rows[0]?.[0];
      if (oid == null) throw new Error(`table ${t} not found in stv_tbl_perm`);
      tables[t] = bytesUnder(`${sys.dir}/data/tables/${oid}`);
    }
    return { tables, total: bytesUnder(`${sys.dir}/data`), what: 'segment files per table; total = whole data directory (incl. WAL, manifests, history)' };
  } finally {
    await conn.close();
  }
}

async function duckdbSizes(sys) {
  const conn = await sys.connect();
  try {
    await conn.query('checkpoint');
    const tables = {};
    for (const t of TABLES) {
      // Blocks the table's row groups use (256 KiB each), from DuckDB's storage info.
      const r = await conn.query(`select count(distinct block_id) from pragma_storage_info('${t}') where block_id >= 0`);
      tables[t] = Number(r.rows[0][0]) * 262144;
    }
    const file = `${sys.dir}/tpch.duckdb`;
    const total = fs.statSync(file).size + (fs.existsSync(`${file}.wal`) ? fs.statSync(`${file}.wal`).size : 0);
    return { tables, total, what: 'distinct 256 KiB blocks per table (pragma_storage_info); total = database file after CHECKPOINT' };
  } finally {
    await conn.close();
  }
}

async function postgresSizes(sys) {
  const conn = await sys.connect();
  try {
    const tables = {};
    for (const t of TABLES) tables[t] = Number((await conn.query(`select pg_total_relation_size('${t}')`)).rows[0][0]);
    const total = Number((await conn.query('select pg_database_size(current_database())')).rows[0][0]);
    return { tables, total, what: 'pg_total_relation_size per table (heap, TOAST, indexes); total = pg_database_size' };
  } finally {
    await conn.close();
  }
}

const kSizers = { blueshift: blueshiftSizes, duckdb: duckdbSizes, postgres: postgresSizes };

export async function runSize(systems, opts) {
  const m = manifest(opts.dataDir);
  const text = Object.fromEntries(TABLES.map((t) => [t, m[t].bytes]));
  const results = [];
  for (const sys of systems) {
    const entry = { system: sys.name };
    results.push(entry);
    if (!sys.available) {
      entry.error = `not available: ${sys.startError}`;
      continue;
    }
    try {
      if (!sys.loaded || sys.loadError) {
        log(`${sys.name}: loading TPC-H for the size benchmark`);
        const load = await loadAll(sys, opts, { gzip: false });
        if (load.error || sys.loadError) throw new Error(load.error ?? sys.loadError);
      }
      Object.assign(entry, await kSizers[sys.name](sys));
      log(`${sys.name}: ${(entry.total / 2 ** 20).toFixed(1)} MiB on disk`);
    } catch (e) {
      entry.error = errorText(e);
    }
  }
  return { text_bytes: text, results };
}

const mib = (b) => (b == null ? '–' : (b / 2 ** 20).toFixed(1));

export function headlineSize(doc) {
  const by = (s) => doc.results.find((r) => r.system === s && !r.error);
  const b = by('blueshift');
  const textTotal = Object.values(doc.text_bytes).reduce((a, x) => a + x, 0);
  if (!b) return [`blueshift: ${doc.results.find((r) => r.system === 'blueshift')?.error ?? 'no result'}`];
  const segs = Object.values(b.tables).reduce((a, x) => a + x, 0);
  const out = [`blueshift: ${mib(segs)} MiB of table segments (${mib(b.total)} MiB data directory) for ${mib(textTotal)} MiB of '|' text: ${(textTotal / segs).toFixed(2)}× smaller`];
  for (const peer of ['duckdb', 'postgres']) {
    const p = by(peer);
    if (p) out.push(`blueshift/${peer} on-disk size **${(b.total / p.total).toFixed(2)}×** (${mib(b.total)} vs ${mib(p.total)} MiB; below 1 = blueshift smaller)`);
  }
  return out;
}

export function sizeMarkdown(doc) {
  const systems = doc.results.filter((r) => !r.error).map((r) => r.system);
  const header = ['table', "'|' text MiB", ...systems.map((s) => `${s} MiB`)];
  const rows = TABLES.map((t) => [t, mib(doc.text_bytes[t]), ...systems.map((s) => mib(doc.results.find((r) => r.system === s).tables[t]))]);
  rows.push(['**total on disk**', mib(Object.values(doc.text_bytes).reduce((a, x) => a + x, 0)),
    ...systems.map((s) => mib(doc.results.find((r) => r.system === s).total))]);
  const lines = [`# Storage size SF ${doc.config.sf} — ${doc.date}`, '', ...headlineSize(doc).map((l) => `- ${l}`), '',
    `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
  for (const r of doc.results) lines.push(`- ${r.system}: ${r.error ? 'error: ' + r.error : r.what}`);
  lines.push('', 'blueshift uses the schema in bench/tpch/schema/blueshift.sql (sort and distribution keys, ENCODE AUTO); per-encoding sizes of every column against RAW come from the disabled unit test EncodingSizeTest.TpchEncodingSizes (src/storage/encoding_size_test.cc).', '');
  return lines.join('\n');
}
