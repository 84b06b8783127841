// TPC-H times as the servers measured them (blueshift: STL_QUERY; PostgreSQL: pg_stat_statements, planning
// plus execution), beside the client's: a query with a large result (Q16's 18,265 rows) spends a good part of
// its client time in node-pg parsing rows, which is the same work whichever server sent them.
const f = (x, d = 1) => (x == null || Number.isNaN(x) ? '–' : Number(x).toFixed(d));
const fx = (x) => (x == null ? '–' : `${Number(x).toFixed(2)}×`);

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

// How many compared queries blueshift ran at least `factor` times faster than the peer, and which not.
function atLeast(comparison, factor) {
  const per = Object.entries(comparison?.per_query ?? {});
  const slow = per.filter(([, r]) => r > 1 / factor).map(([q, r]) => `Q${q} ${f(1 / r, 1)}×`);
  return { fast: per.length - slow.length, total: per.length, slow };
}

export function serverTimeHeadline(doc) {
  const out = [];
  const client = atLeast(doc.comparisons['blueshift/postgres'], 10);
  if (client.total) {
    out.push(`blueshift at least 10× faster than PostgreSQL (client times): ${client.fast} of ${client.total}` +
      (client.slow.length ? ` (not: ${client.slow.join(', ')})` : ''));
  }
  const s = doc.server_comparisons?.['blueshift/postgres'];
  if (s?.queries_compared) {
    const server = atLeast(s, 10);
    out.push(`blueshift/postgres on server-side times: **${fx(s.geomean)}**; at least 10× faster: ${server.fast} of ${server.total}` +
      (server.slow.length ? ` (not: ${server.slow.join(', ')})` : ''));
  }
  return out;
}

export function serverTimeSection(doc) {
  const s = doc.server_comparisons?.['blueshift/postgres'];
  if (!s?.queries_compared) return '';
  const by = Object.fromEntries(doc.results.map((r) => [r.system, r]));
  const rows = doc.query_ids.map((q) => {
    const b = by.blueshift?.queries[q];
    const p = by.postgres?.queries[q];
    return [`Q${q}`, f(b?.median_ms), f(b?.server_median_ms), f(p?.median_ms), f(p?.server_median_ms), f(b?.rows, 0),
      fx(s.per_query[q])];
  });
  return ['## Server-side times (median ms)', '',
    table(['query', 'blueshift client', 'blueshift server', 'postgres client', 'postgres server', 'result rows',
      'blueshift/PostgreSQL (server)'], rows), '',
    'Server-side: blueshift from STL_QUERY (start to end of the statement, sending the rows included); PostgreSQL ' +
    'from pg_stat_statements (planning plus execution, which includes sending the rows), emptied before each run. ' +
    'Client: as above, node-pg receiving and parsing every row included.', ''].join('\n');
}
