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
// many_groups.parquet: 10,000 rows in row groups of 4096, 4096 and 1808 rows (several batches and row groups per slice), with
// dictionary-encoded strings, NULLs in every column but id, and one value (s at id 7777) too big for SMALLINT.
await c.run(`COPY (SELECT i::INTEGER AS id, CASE WHEN i%7=3 THEN NULL ELSE 'key' || (i%10) END AS k,
  CASE WHEN i%11=5 THEN NULL ELSE ['AIR', 'RAIL', 'TRUCK'][i%3+1] END AS mode,
  CASE WHEN i%13=0 THEN NULL ELSE DATE '1995-01-01' + (i%400)::INTEGER END AS dt,
  CASE WHEN i%17=1 THEN NULL ELSE (i*1.5)::DECIMAL(15,2) END AS amount,
  CASE WHEN i=7777 THEN 100000 ELSE i%1000 END::BIGINT AS s
  FROM range(0, 10000) r(i)) TO '${out}/many_groups.parquet' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 3000)`);
const g = await c.runAndReadAll(`SELECT count(*), sum(id), count(k), min(k), max(k), count(mode), min(mode), max(mode), count(dt), min(dt), max(dt), count(amount), sum(amount), sum(s) FROM read_parquet('${out}/many_groups.parquet')`);
console.log(JSON.stringify(g.getRowsJson()));
const gm = await c.runAndReadAll(`SELECT string_agg(DISTINCT row_group_num_rows::VARCHAR, ' '), count(DISTINCT row_group_id), string_agg(DISTINCT encodings, ' ') FROM parquet_metadata('${out}/many_groups.parquet')`);
console.log(JSON.stringify(gm.getRowsJson()));
