// Generates the Parquet fixtures of test/sql/copy/parquet.test with DuckDB (bench/ installs @duckdb/node-api):
//   ln -s $REPO/bench/node_modules /tmp/pq/node_modules; cp gen.mjs /tmp/pq; node /tmp/pq/gen.mjs $PWD
// and prints DuckDB's aggregates of the data, which the test expects. The bad_*.parquet and not_parquet
// files are damaged copies (see the test).
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const out = process.argv[2];
await c.run(`CREATE TABLE t AS SELECT i::INTEGER AS i, (i*1000000000)::BIGINT AS b, (i%100)::SMALLINT AS s,
  (i*1.25)::DECIMAL(12,3) AS d, (i/4)::REAL AS r, (i/3)::DOUBLE AS f, (i%2=0) AS bo,
  CASE WHEN i%5=0 THEN NULL ELSE 'str' || (i%7) END AS v, (DATE '2024-01-01' + i::INTEGER) AS dt,
  (TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) SECOND) AS ts, (i*7)::DECIMAL(30,2) AS wide, 'unique_value_' || i AS u
  FROM range(0, 300) r(i)`);
for (const [name, opts] of [['snappy', "COMPRESSION snappy"], ['zstd', "COMPRESSION zstd"], ['gzip', "COMPRESSION gzip"],
    ['none', "COMPRESSION uncompressed"], ['v2', "COMPRESSION zstd, PARQUET_VERSION V2"]]) {
  await c.run(`COPY t TO '${out}/types_${name}.parquet' (FORMAT parquet, ${opts}, ROW_GROUP_SIZE 128)`);
}
await c.run(`COPY (SELECT TIMESTAMP_NS '2024-05-06 07:08:09.123456789' AS tns, TIMESTAMP_MS '2024-05-06 07:08:09.123' AS tms) TO '${out}/ts_units.parquet' (FORMAT parquet)`);
await c.run(`CREATE TABLE s AS SELECT * FROM read_parquet('${out}/types_v2.parquet')`);
const r = await c.runAndReadAll(`SELECT count(*), sum(i), sum(b), sum(s), sum(d), sum(r), round(sum(f),6), count(bo) filter (where bo), count(v), min(v), max(v), min(dt), max(dt), min(ts), max(ts), sum(wide), min(u), max(u), sum(length(u)) FROM s`);
console.log(JSON.stringify(r.getRowsJson()));
const m = await c.runAndReadAll(`SELECT path_in_schema, type, encodings, compression, row_group_id FROM parquet_metadata('${out}/types_v2.parquet') WHERE row_group_id=0`);
console.log(JSON.stringify(m.getRowsJson()));
await c.run(`COPY (SELECT TIME '12:34:56.5' AS t, 12.5::DECIMAL(30,2) AS d, '42' AS s, 4000000000::UBIGINT AS u, 7::UTINYINT AS small) TO '${out}/misc.parquet' (FORMAT parquet)`);
