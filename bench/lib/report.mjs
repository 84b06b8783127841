// Results as JSON, as a Markdown report per benchmark (with a gnuplot chart for TPC-H), and LATEST.md.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { backgroundLine, kBusyWarnPct } from './background.mjs';
import { serverTimeHeadline, serverTimeSection } from './server_time.mjs';
import { headlineSize, sizeMarkdown } from './size.mjs';
import { headlineStatsIngest, statsIngestMarkdown } from './stats_ingest.mjs';

const f = (x, d = 1) => (x == null || Number.isNaN(x) ? '–' : Number(x).toFixed(d));
const fx = (x) => (x == null ? '–' : `${Number(x).toFixed(2)}×`);
const num = (x) => (x == null ? '–' : Math.round(x).toLocaleString('en-US'));
const esc = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function configSection(doc) {
  const lines = ['## Configuration', '', table(['', ''], [
    ['machine', esc(`${doc.machine.cpu_model}, ${doc.machine.cores} cores, ${doc.machine.memory_gb} GB RAM`)],
    ['OS', esc(doc.machine.os)],
    ['node', doc.machine.node],
    ['blueshift', esc(`commit ${doc.machine.blueshift_commit}${doc.machine.blueshift_dirty ? ' (src modified)' : ''}, ${!doc.systems.blueshift ? 'not run (left out by --systems)' : doc.systems.blueshift.available ? `${doc.config.slices} slices` : 'not available: ' + doc.systems.blueshift.error}`)],
    ['DuckDB', esc(!doc.systems.duckdb ? 'not run (left out by --systems)' : doc.systems.duckdb.version ?? 'not available: ' + doc.systems.duckdb.error)],
    ['PostgreSQL', esc(!doc.systems.postgres ? 'not run (left out by --systems)' : doc.systems.postgres.version?.split(' on ')[0] ?? 'not available: ' + doc.systems.postgres.error)],
    ['scale factor', doc.config.sf],
    ['repetitions', `${doc.config.reps} timed runs after one warm run; median reported`],
    ['timeout', `${doc.config.timeout_s} s per query`],
    ['other load', esc(backgroundLine(doc.background) ?? 'not measured')],
  ]), ''];
  for (const [name, s] of Object.entries(doc.systems)) {
    if (!s.settings) continue;
    lines.push(`- **${name}**: ${Object.entries(s.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }
  lines.push('- PostgreSQL has no indexes (a variant with indexes mirroring the sort keys is reported separately when run with `--pg-indexes`); ANALYZE runs after loading.');
  lines.push('- Times are wall-clock at the client, including the transfer of the result; blueshift and PostgreSQL over loopback TCP, DuckDB in process.');
  return lines.join('\n');
}

// Times taken while other processes used the machine are not comparable with anything (bench/lib/background.mjs).
function busyWarning(doc) {
  if (!doc.background || doc.background.other_cpu_pct <= kBusyWarnPct) return null;
  return `Not a quiet machine: ${backgroundLine(doc.background)}. Its times are not comparable.`;
}

function cell(qr) {
  if (!qr) return 'not run';
  if (qr.status === 'ok') return f(qr.median_ms, 1);
  return `**${qr.status}**`;
}

function tpchChart(doc, outDir, base) {
  const systems = doc.results.map((r) => r.system);
  const dat = path.join(outDir, `${base}.dat`);
  const rows = doc.query_ids.map((q) => [`Q${q}`, ...doc.results.map((r) => {
    const qr = r.queries[q];
    return qr?.status === 'ok' ? Math.max(qr.median_ms, 0.01).toFixed(3) : '?';
  })].join(' '));
  fs.writeFileSync(dat, `# query ${systems.join(' ')}\n${rows.join('\n')}\n`);
  const png = `${base}.png`;
  const colors = { duckdb: '#e6a700', postgres: '#336791', 'postgres+indexes': '#7fa6c9', blueshift: '#1f77b4' };
  colors.blueshift = '#d62728';
  const plots = systems.map((s, i) => `'${dat}' using ${i + 2}:xtic(1) title '${s}' lc rgb '${colors[s] ?? '#888888'}'`);
  // Failed queries get a label where their bar would be.
  const n = systems.length;
  const labels = [];
  doc.query_ids.forEach((q, i) => doc.results.forEach((r, j) => {
    const st = r.queries[q]?.status;
    if (!st || st === 'ok') return;
    const x = i + (j - (n - 1) / 2) / (n + 1);
    labels.push(`set label '${st}' at ${x.toFixed(3)},0.13 rotate by 90 font 'sans,8' tc rgb '${colors[r.system] ?? '#888888'}'`);
  }));
  const script = [
    ...labels,
    `set terminal pngcairo size 1400,600 font 'sans,11'`,
    `set output '${path.join(outDir, png)}'`,
    `set title 'TPC-H SF ${doc.config.sf}: median query time (ms, log scale; failures labelled)'`,
    `set datafile missing '?'`,
    `set style data histogram`, `set style histogram clustered gap 1`, `set style fill solid 0.9 border -1`,
    `set logscale y`, `set yrange [0.1:*]`, `set ylabel 'milliseconds'`, `set grid ytics`,
    `set key top left`, `set boxwidth 0.9`,
    `plot ${plots.join(', ')}`,
  ].join('\n');
  const r = spawnSync('gnuplot', [], { input: script, encoding: 'utf8' });
  fs.rmSync(dat, { force: true });
  return r.status === 0 && fs.existsSync(path.join(outDir, png)) ? png : null;
}

function failures(results, keyOf) {
  const out = [];
  for (const r of results) {
    if (r.error) out.push(`- **${r.system}**: ${esc(r.error)}`);
    for (const [k, v] of keyOf(r)) if (v?.error) out.push(`- **${r.system}** ${k}: ${v.status ? `${v.status}: ` : ''}${esc(v.error)}`);
  }
  return out.length ? ['## Failures', '', 'Every error, timeout and wrong answer, as reported:', '', ...out].join('\n') : '## Failures\n\nNone.';
}

export function tpchMarkdown(doc, outDir, base) {
  const sys = doc.results.map((r) => r.system);
  const bd = doc.comparisons['blueshift/duckdb'];
  const bp = doc.comparisons['blueshift/postgres'];
  const rows = doc.query_ids.map((q) => [`Q${q}`, ...doc.results.map((r) => cell(r.queries[q])),
    fx(bd?.per_query[q]), fx(bp?.per_query[q])]);
  const sums = doc.results.map((r) => {
    const oks = Object.values(r.queries).filter((x) => x.status === 'ok');
    return `${f(oks.reduce((a, x) => a + x.median_ms, 0), 0)} (${oks.length} ok)`;
  });
  rows.push(['**sum**', ...sums, '', '']);
  const chart = tpchChart(doc, outDir, base);
  const loads = doc.results.map((r) => [r.system, esc(r.load?.method ?? '–'), f(r.load?.seconds, 2),
    r.load?.after_load ? `${r.load.after_load.statement} ${f(r.load.after_load.seconds, 2)} s` : '–',
    esc(r.load?.error ?? r.error ?? '')]);
  return [
    `# TPC-H SF ${doc.config.sf} — ${doc.date}`, '',
    headlineTpch(doc).map((l) => `- ${l}`).join('\n'), '',
    '## Per query (median ms)', '',
    table(['query', ...sys, 'blueshift/DuckDB', 'blueshift/PostgreSQL'], rows), '',
    'Ratios below 1 mean blueshift is faster. Ratios and geometric means use only queries that both systems answered correctly. Answers are checked against DuckDB\'s, numbers to the cent.', '',
    chart ? `![TPC-H per-query times](${chart})` : '_chart not produced (gnuplot failed or missing)_', '',
    serverTimeSection(doc),
    '## Loading', '', table(['system', 'method', 'seconds', 'after the load (not timed as load)', 'error'], loads), '',
    failures(doc.results, (r) => Object.entries(r.queries).map(([q, v]) => [`Q${q}`, v])), '',
    configSection(doc), '',
  ].join('\n');
}

export function headlineTpch(doc) {
  const out = [];
  const total = doc.query_ids.length;
  for (const [name, c] of Object.entries(doc.comparisons)) {
    if (!c) continue;
    const [a, b] = name.split('/');
    out.push(c.queries_compared
      ? `${a}/${b} geometric mean of time ratios: **${fx(c.geomean)}** over ${c.queries_compared} of ${total} queries (sums ${f(c.sum_ms[a], 0)} ms vs ${f(c.sum_ms[b], 0)} ms)`
      : `${a}/${b}: no query answered correctly by both`);
  }
  out.push(...serverTimeHeadline(doc));
  for (const r of doc.results) {
    const st = Object.values(r.queries).reduce((m, q) => ({ ...m, [q.status]: (m[q.status] ?? 0) + 1 }), {});
    out.push(`${r.system}: ${r.error && !Object.keys(st).length ? esc(r.error) : Object.entries(st).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }
  return out;
}

export function ingestMarkdown(doc) {
  const rows = [];
  for (const r of doc.results) {
    for (const kind of ['plain', 'gzip']) {
      const x = r[kind];
      if (!x) {
        rows.push([r.system, kind, '–', '–', '–', esc(r.error ?? 'not run')]);
        continue;
      }
      rows.push([r.system, kind, f(x.total.seconds, 2), num(x.total.rows_per_s), f(x.total.mb_per_s, 1), esc(x.total.error ?? x.method)]);
    }
  }
  const per = [];
  for (const r of doc.results) {
    for (const kind of ['plain', 'gzip']) {
      for (const [t, x] of Object.entries(r[kind]?.tables ?? {})) {
        per.push([r.system, kind, t, num(x.rows), f(x.seconds, 3), num(x.rows_per_s), f(x.mb_per_s, 1), esc(x.error ?? x.method)]);
      }
    }
  }
  const s3 = doc.results.filter((r) => r.s3).map((r) => [r.system, f(r.s3.seconds, 2), num(r.s3.rows_per_s),
    num(r.s3.local_rows_per_s), r.s3.ratio ? fx(r.s3.ratio) : '–', f(r.s3.cpu_blueshift_s, 2), f(r.s3.cpu_s3rver_s, 2), esc(r.s3.error ?? '')]);
  return [
    `# Ingest SF ${doc.config.sf} — ${doc.date}`, '', headlineIngest(doc).map((l) => `- ${l}`).join('\n'), '',
    '## All tables', '', table(['system', 'files', 'seconds', 'rows/s', 'MB/s (file bytes)', 'method / error'], rows), '',
    'MB/s counts the bytes of the files read (the gzip size for gzip files). Row counts are verified with count(*) after each load.', '',
    '## Per table', '', table(['system', 'files', 'table', 'rows', 'seconds', 'rows/s', 'MB/s', 'method / error'], per), '',
    ...(s3.length ? ['## lineitem through S3', '', table(['system', 'seconds', 'rows/s', 'local file rows/s', 'S3 / local', 'blueshift CPU s', 's3rver CPU s', 'error'], s3), '',
      'COPY lineitem FROM an s3:// URL served by s3rver (npm) on loopback, against the COPY of the same file from the local disk in the plain run.', ''] : []),
    configSection(doc), '',
  ].join('\n');
}

export function headlineIngest(doc) {
  const get = (s, k) => doc.results.find((r) => r.system === s)?.[k]?.total;
  const out = [];
  for (const kind of ['plain', 'gzip']) {
    const parts = doc.results.map((r) => {
      const t = get(r.system, kind);
      return `${r.system} ${t?.rows_per_s ? num(t.rows_per_s) + ' rows/s' : 'failed'}`;
    });
    out.push(`${kind} files: ${parts.join(', ')}`);
    const b = get('blueshift', kind)?.rows_per_s;
    for (const peer of ['duckdb', 'postgres']) {
      const p = get(peer, kind)?.rows_per_s;
      if (b && p) out.push(`${kind}: blueshift/${peer} throughput ratio **${fx(b / p)}** (above 1 = blueshift faster)`);
    }
  }
  const bs = doc.results.find((r) => r.system === 'blueshift');
  if (bs?.s3?.ratio) out.push(`lineitem through S3 (s3rver): blueshift ${num(bs.s3.rows_per_s)} rows/s, **${fx(bs.s3.ratio)}** of its local-file rate`);
  if (bs?.plain?.method) out.push(`blueshift load method: ${esc(bs.plain.method)}`);
  return out;
}

export function s3ingestMarkdown(doc) {
  const r = doc.results[0] ?? {};
  const runs = [];
  for (const kind of ['local', 's3']) {
    (r[kind]?.runs ?? []).forEach((x, i) => runs.push([kind === 's3' ? 'S3 (s3rver)' : 'local file', i + 1, f(x.seconds, 2),
      num(x.rows_per_s), f(x.cpu_blueshift_s, 2), kind === 's3' ? f(x.cpu_s3rver_s, 2) : '–']));
  }
  const c = r.curl ?? {};
  return [
    `# lineitem through S3, SF ${doc.config.sf} — ${doc.date}`, '', headlineS3Ingest(doc).map((l) => `- ${l}`).join('\n'), '',
    table(['source', 'run', 'seconds', 'rows/s', 'blueshift CPU s', 's3rver CPU s'], runs), '',
    `curl alone (\`curl -o /dev/null\` of the object from s3rver): ${c.error ? esc(c.error) : `${f(c.seconds, 2)} s, ${f(c.mb_per_s, 0)} MB/s, s3rver CPU ${f(c.cpu_s3rver_s, 2)} s`}.`, '',
    'COPY lineitem FROM the local file and FROM an s3:// URL served by s3rver (npm) on loopback, alternating; CPU seconds (user + system, from /proc) of the blueshift server and of the s3rver node process during each COPY. Both share the machine: s3rver\'s CPU is taken from blueshift\'s parsing.', '',
    configSection(doc), '',
  ].join('\n');
}

export function headlineS3Ingest(doc) {
  const r = doc.results[0] ?? {};
  if (r.error || !r.ratio) return [`lineitem through S3: ${esc(r.error ?? 'not run')}`];
  return [
    `lineitem through S3 (s3rver): ${num(r.s3.rows_per_s)} rows/s, local file ${num(r.local.rows_per_s)} rows/s: **${fx(r.ratio)}** of the local rate (medians)`,
    `CPU seconds per COPY (medians): blueshift ${f(r.s3.cpu_blueshift_s, 2)} through S3 and ${f(r.local.cpu_blueshift_s, 2)} from the file; s3rver ${f(r.s3.cpu_s3rver_s, 2)}`,
  ];
}

export function writesMarkdown(doc) {
  const settled = (x) => (x ? `${f(x.seconds, 1)}${x.quiet ? '' : ' (not quiet)'}` : '–');
  const rows = doc.results.map((r) => r.error ? [r.system, esc(r.error), '', '', '', '', '', ''] : [
    r.system, num(r.insert_1?.ops_per_s), num(r.insert_8?.ops_per_s), num(r.insert_params_8?.ops_per_s),
    `${f(r.update?.median_ms, 2)} / ${f(r.update?.p95_ms, 2)}`, `${f(r.delete?.median_ms, 2)} / ${f(r.delete?.p95_ms, 2)}`, settled(r.settle),
    esc(['insert_1', 'insert_8', 'insert_params_8', 'update', 'delete'].filter((k) => r[k]?.error).map((k) => `${k}: ${r[k].error}`).join('; ')),
  ]);
  const roundRows = doc.results.filter((r) => r.insert_1?.rounds_ops_per_s?.length > 1).map((r) => [r.system,
    ...['insert_1', 'insert_8', 'insert_params_8'].map((k) => (r[k]?.rounds_ops_per_s ?? []).map(num).join(', '))]);
  const up = doc.upsert;
  const upRows = (up?.results ?? []).map((r) => [r.system, r.error ? '' : f(r.median_s, 2),
    (r.runs_ms ?? []).map((m) => f(m / 1000, 2)).join(', '), settled(r.settle), esc(r.error ?? '')]);
  return [
    `# Small writes — ${doc.date}`, '', headlineWrites(doc).map((l) => `- ${l}`).join('\n'), '',
    table(['system', 'INSERT rows/s, 1 client', 'INSERT rows/s, 8 clients', 'INSERT rows/s, 8 clients, parameters', 'UPDATE by key ms (median / p95)', 'DELETE by key ms (median / p95)', 'waited for quiet (s)', 'errors'], rows), '',
    `Table of ${num(doc.config.write_rows)} rows (k bigint, v integer, payload varchar), loaded by COPY in key order; every statement in autocommit over the simple-query protocol with its values in the text, except the INSERT with parameters (\`values ($1, $2, $3)\` over the extended protocol: an unnamed Parse, Bind, Describe, Execute and Sync per statement, as node-postgres and other drivers send it); each test runs ${doc.config.write_seconds} s (at most ${num(doc.config.write_max_ops)} statements per client)${(doc.config.write_rounds ?? 1) > 1 ? `; every table is loaded first and the INSERT tests then run in ${doc.config.write_rounds} rounds, each test on each system in turn (the order rotating from round to round), so that noise on the machine falls on every system; the table has each system's median round, the rounds are below` : ''}. blueshift has DISTKEY(k) SORTKEY(k) (zone maps, no index); PostgreSQL is measured without an index on k and with PRIMARY KEY (k), as its users would have it. fsync and synchronous_commit are on for PostgreSQL (its defaults) and blueshift always syncs its log before acknowledging a commit. PostgreSQL's table is VACUUMed after its load (untimed), so its autovacuum does not work on it during the timed tests. PostgreSQL's timed sessions turn pg_stat_statements off (pg_stat_statements.track = 'none'). After each load, before the timed tests, the bench waits until the load's after-effects have drained (PostgreSQL's checkpoint and autovacuum, pages not yet written): PostgreSQL runs CHECKPOINT, everything is synced, and the tests start after one second in which the bench's processes used under 10% of a core and under 1 MB/s reached the disks (at most 60 s; the wait is in the table).`, '',
    ...(roundRows.length ? [table(['system', 'INSERT rows/s by round, 1 client', '8 clients', '8 clients, parameters'], roundRows), ''] : []),
    ...(up ? [
      `## Staging upsert (SF ${up.sf})`, '',
      table(['system', 'seconds (median)', 'timed runs (s)', 'waited for quiet (s)', 'error'], upRows), '',
      `1% of lineitem (${num(up.stage_rows)} rows, every 100th line of lineitem.tbl) upserted into a ${num(up.table_rows)}-row copy of lineitem in one transaction: CREATE TEMP TABLE stage (LIKE target); COPY stage; DELETE FROM target USING stage on (l_orderkey, l_linenumber); INSERT INTO target SELECT * FROM stage; DROP TABLE stage; COMMIT. One warm run, then ${doc.config.reps} timed runs. PostgreSQL's target has PRIMARY KEY (l_orderkey, l_linenumber); DuckDB creates the stage table AS SELECT ... LIMIT 0 (it has no LIKE).`, '',
    ] : []),
    configSection(doc), '',
  ].join('\n');
}

export function headlineWrites(doc) {
  const b = doc.results.find((r) => r.system === 'blueshift');
  const out = [];
  for (const peer of ['postgres', 'postgres+pk', 'postgres+index']) {
    const p = doc.results.find((r) => r.system === peer);
    if (!b || b.error || !p || p.error) continue;
    const ratio = (x, y) => (x && y ? fx(x / y) : 'n/a');
    out.push(`vs ${peer}: INSERT 1 client ${ratio(b.insert_1?.ops_per_s, p.insert_1?.ops_per_s)}, 8 clients ${ratio(b.insert_8?.ops_per_s, p.insert_8?.ops_per_s)}, 8 clients with parameters ${ratio(b.insert_params_8?.ops_per_s, p.insert_params_8?.ops_per_s)} (throughput, above 1 = blueshift faster); UPDATE latency ${ratio(b.update?.median_ms, p.update?.median_ms)}, DELETE latency ${ratio(b.delete?.median_ms, p.delete?.median_ms)} (below 1 = blueshift faster); table of ${num(b.table_rows)} rows`);
  }
  if (!out.length) out.push(`blueshift: ${esc(b?.error ?? 'no result')}`);
  const up = doc.upsert?.results ?? [];
  const ub = up.find((r) => r.system === 'blueshift');
  if (up.length) {
    const parts = up.map((r) => `${r.system} ${r.error ? 'failed' : f(r.median_s, 2) + ' s'}`);
    const ratios = ['duckdb', 'postgres'].map((p) => [p, up.find((r) => r.system === p)])
      .filter(([, r]) => r && !r.error && ub && !ub.error).map(([p, r]) => `blueshift/${p} **${fx(ub.median_s / r.median_s)}**`);
    out.push(`staging upsert of 1% of lineitem: ${parts.join(', ')}${ratios.length ? '; ' + ratios.join(', ') + ' (below 1 = blueshift faster)' : ''}`);
  }
  return out;
}

export function concurrencyMarkdown(doc) {
  const rows = [];
  for (const r of doc.results) {
    if (r.error) rows.push([r.system, '–', '–', '–', '–', '–', esc(r.error)]);
    for (const l of r.levels ?? []) {
      rows.push([r.system, l.clients, num(l.completed), f(l.qps, 2), f(l.median_ms, 0), f(l.p95_ms, 0),
        esc(l.error ? `${l.errors} errors, first: ${l.error}` : '')]);
    }
  }
  return [
    `# Concurrency SF ${doc.config.sf} — ${doc.date}`, '', headlineConcurrency(doc).map((l) => `- ${l}`).join('\n'), '',
    table(['system', 'clients', 'queries done', 'queries/s', 'median ms', 'p95 ms', 'errors'], rows), '',
    `Each client loops over the mix ${doc.mix.join(', ')} (starting at a different query) for ${doc.config.conc_seconds} s; queries still running at the deadline are waited for and counted.`, '',
    configSection(doc), '',
  ].join('\n');
}

export function headlineConcurrency(doc) {
  const b = doc.results.find((r) => r.system === 'blueshift');
  const p = doc.results.find((r) => r.system === 'postgres');
  const out = [];
  for (const c of doc.config.conc_clients) {
    const bl = b?.levels?.find((l) => l.clients === c);
    const pl = p?.levels?.find((l) => l.clients === c);
    out.push(`${c} clients: blueshift ${bl?.completed ? f(bl.qps, 2) + ' q/s, p95 ' + f(bl.p95_ms, 0) + ' ms' : 'failed'}; postgres ${pl?.completed ? f(pl.qps, 2) + ' q/s, p95 ' + f(pl.p95_ms, 0) + ' ms' : 'failed'}${bl?.completed && pl?.completed && !bl.errors ? `; throughput ratio **${fx(bl.qps / pl.qps)}**` : ''}`);
  }
  return out;
}

const kMarkdown = { tpch: tpchMarkdown, ingest: ingestMarkdown, s3ingest: s3ingestMarkdown, statsingest: (doc) => statsIngestMarkdown(doc, configSection, table), writes: writesMarkdown, concurrency: concurrencyMarkdown, size: sizeMarkdown };
const kHeadline = { tpch: headlineTpch, ingest: headlineIngest, s3ingest: headlineS3Ingest, statsingest: headlineStatsIngest, writes: headlineWrites, concurrency: headlineConcurrency, size: headlineSize };

export function writeReport(doc, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const base = `${doc.date}-${doc.name}`;
  fs.writeFileSync(path.join(outDir, `${base}.json`), JSON.stringify(doc, null, 1) + '\n');
  let md = kMarkdown[doc.benchmark](doc, outDir, base);
  const warning = busyWarning(doc);
  if (warning) md = md.replace('\n', `\n\n**${warning}**\n`);
  fs.writeFileSync(path.join(outDir, `${base}.md`), md);
  return base;
}

// LATEST.md: the headline of the newest result of each benchmark in the directory.
export function writeLatest(outDir) {
  const docs = fs.readdirSync(outDir).filter((n) => /^\d{4}-\d\d-\d\d-.*\.json$/.test(n))
    .map((n) => ({ n, doc: JSON.parse(fs.readFileSync(path.join(outDir, n), 'utf8')) }))
    .sort((a, b) => (a.doc.finished_at < b.doc.finished_at ? 1 : -1));
  const lines = ['# Latest benchmark results', '',
    'blueshift against DuckDB and PostgreSQL on the same machine in the same run. Ratios are blueshift / peer:',
    'for times below 1 is better for blueshift, for throughputs above 1 is. Regenerate with `make bench`.', ''];
  for (const kind of ['tpch', 'ingest', 's3ingest', 'statsingest', 'size', 'writes', 'concurrency']) {
    const latest = docs.find((d) => d.doc.benchmark === kind);
    if (!latest) continue;
    const d = latest.doc;
    lines.push(`## ${kind} (${d.date}, SF ${d.config.sf}, blueshift ${d.machine.blueshift_commit}) — [report](${latest.n.replace(/\.json$/, '.md')})`, '');
    lines.push(...kHeadline[kind](d).map((l) => `- ${l}`));
    const warning = busyWarning(d);
    if (warning) lines.push(`- **${warning}**`);
    lines.push('');
  }
  fs.writeFileSync(path.join(outDir, 'LATEST.md'), lines.join('\n'));
}
