#!/usr/bin/env bash
# UNLOAD ... FORMAT AS PARQUET read by DuckDB: every column type comes back with the same values (checked
# through aggregates and a row-by-row text comparison). Skipped (77) when DuckDB's npm package is not
# installed under bench/node_modules (bench/run.sh installs it).
# Usage: parquet_duckdb_test.sh path/to/blueshift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
modules=${DUCKDB_NODE_MODULES:-$repo/bench/node_modules}
[ -d "$modules/@duckdb/node-api" ] || { echo "skip: no $modules/@duckdb/node-api (run bench/run.sh once)"; exit 77; }
command -v node >/dev/null || { echo "skip: no node"; exit 77; }
source "$here/../clients/server_lib.sh"
bs_init "${1:?usage: parquet_duckdb_test.sh BLUESHIFT_BINARY}"
bs_start

out="$BS_TMP/pq"
bs_psql -v ON_ERROR_STOP=1 dev -q >"$BS_TMP/sql.log" 2>&1 <<SQL || bs_fail "psql: $(cat "$BS_TMP/sql.log")"
CREATE TABLE t (i INTEGER, b BIGINT, s SMALLINT, d DECIMAL(12,3), w DECIMAL(30,4), r REAL, f DOUBLE PRECISION,
                bo BOOLEAN, c CHAR(5), v VARCHAR(40), dt DATE, ts TIMESTAMP);
INSERT INTO t VALUES (1, 9000000000, -7, 123456789.125, 12345678901234567890.1234, 1.5, 0.1, true, 'ab', 'x|y', '2024-02-29', '2024-02-29 12:34:56.789'),
                     (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     (3, -1, 32767, -0.001, -99999999999999999999.9999, -3.25, 1e-300, false, 'abcde', 'ünï 🚀', '1900-01-01', '1970-01-01 00:00:00');
UNLOAD ('select * from t') TO '$out/t_' FORMAT AS PARQUET;
SQL

mkdir -p "$BS_TMP/js" && ln -s "$modules" "$BS_TMP/js/node_modules"
cat >"$BS_TMP/js/read.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const r = await c.runAndReadAll(`SELECT i, b, s, d, w, r, f, bo, c, v, dt, ts FROM read_parquet('${process.argv[2]}/t_*.parquet') ORDER BY i`);
for (const row of r.getRowsJson()) console.log(row.map((x) => (x === null ? 'NULL' : String(x))).join('|'));
const types = await c.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${process.argv[2]}/t_*.parquet'))`);
console.log(types.getRowsJson().map((x) => x.join(' ')).join(', '));
JS
got=$(cd "$BS_TMP/js" && node read.mjs "$out" 2>&1) || bs_fail "duckdb could not read the files: $got"
want="1|9000000000|-7|123456789.125|12345678901234567890.1234|1.5|0.1|true|ab|x|y|2024-02-29|2024-02-29 12:34:56.789
2|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL
3|-1|32767|-0.001|-99999999999999999999.9999|-3.25|1e-300|false|abcde|ünï 🚀|1900-01-01|1970-01-01 00:00:00
i INTEGER, b BIGINT, s SMALLINT, d DECIMAL(12,3), w DECIMAL(30,4), r FLOAT, f DOUBLE, bo BOOLEAN, c VARCHAR, v VARCHAR, dt DATE, ts TIMESTAMP"
[ "$got" = "$want" ] || bs_fail "DuckDB read back
$got
expected
$want"
bs_stop
echo "PASS parquet_duckdb"
