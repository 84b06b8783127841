// Ingest: every TPC-H table loaded from the '|' files, then again from the gzip files; rows/s and MB/s.
import { loadAll, TABLES } from './load.mjs';
import { runS3Ingest } from './s3_ingest.mjs';
import { errorText, log } from './util.mjs';

function rates(load) {
  const tables = {};
  let rows = 0;
  let bytes = 0;
  let ms = 0;
  let failed = null;
  for (const t of TABLES) {
    const r = load.tables[t];
    if (!r) continue;
    tables[t] = {
      rows: r.rows, bytes: r.bytes, seconds: r.ms != null ? r.ms / 1000 : null, method: r.method, error: r.error,
      rows_per_s: r.ms && !r.error ? r.rows / (r.ms / 1000) : null,
      mb_per_s: r.ms && !r.error ? r.bytes / 2 ** 20 / (r.ms / 1000) : null,
    };
    if (r.error) failed ??= `${t}: ${r.error}`;
    rows += r.rows;
    bytes += r.bytes;
    ms += r.ms ?? 0;
  }
  const total = failed || load.error
    ? { error: load.error ?? failed }
    : { rows, bytes, seconds: ms / 1000, rows_per_s: rows / (ms / 1000), mb_per_s: bytes / 2 ** 20 / (ms / 1000) };
  return { method: load.method, tables, total };
}

export async function runIngest(systems, opts) {
  const results = [];
  // PostgreSQL last: after its loads its autovacuum reads and rewrites the new tables for a minute or more
  // (a CHECKPOINT does not stop that), which slowed the next system's lineitem load by half.
  const ordered = [...systems].sort((a, b) => (a.name === 'postgres') - (b.name === 'postgres'));
  for (const sys of ordered) {
    const entry = { system: sys.name };
    results.push(entry);
    if (!sys.available) {
      entry.error = `not available: ${sys.startError}`;
      continue;
    }
    for (const gzip of [false, true]) {
      if (gzip && entry.plain?.method?.startsWith('loaded by INSERT')) {
        // The INSERT fallback reads the files client-side; timing it again on gzip files says nothing new.
        entry.gzip = { total: { error: 'not measured: COPY failed, the INSERT fallback was measured on the plain files' }, tables: {} };
        continue;
      }
      log(`${sys.name}: ingest from ${gzip ? 'gzip' : 'plain'} files`);
      try {
        const load = await loadAll(sys, opts, { gzip });
        entry[gzip ? 'gzip' : 'plain'] = rates(load);
        sys.loadResult = load;
      } catch (e) {
        entry[gzip ? 'gzip' : 'plain'] = { total: { error: errorText(e) }, tables: {} };
      }
    }
    // PostgreSQL and DuckDB write their loads' dirty pages out in the background (checkpoints) after the
    // last COPY; untimed, but it would slow the next system's loads down (blueshift's lineitem: 14.6 s
    // measured right after PostgreSQL's loads, 8.1 s alone). Flush it before moving on.
    if (sys.name === 'postgres' || sys.name === 'duckdb') {
      try {
        const conn = await sys.connect();
        try {
          await conn.query('CHECKPOINT', opts.loadTimeoutMs);
        } finally {
          await conn.close();
        }
      } catch (e) {
        log(`${sys.name}: CHECKPOINT after the loads failed: ${errorText(e)}`);
      }
    }
    if (sys.name === 'blueshift' && opts.s3Port) {
      log('blueshift: lineitem through S3 (s3rver)');
      entry.s3 = await runS3Ingest(sys, opts, entry.plain?.tables?.lineitem);
    }
  }
  return { results };
}
