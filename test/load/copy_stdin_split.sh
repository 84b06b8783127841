#!/usr/bin/env bash
# COPY ... FROM STDIN through psql's \copy, cut into many chunks (copy_split_bytes 300) that both slices
# parse: CSV with quoted line breaks and doubled quotes, ESCAPE text, JSON objects over several lines, and
# rejected rows whose STL_LOAD_ERRORS line numbers count from the start of the stream.
# Usage: copy_stdin_split.sh path/to/blueshift
source "$(dirname "$0")/../clients/server_lib.sh"
bs_init "${1:?usage: copy_stdin_split.sh BLUESHIFT_BINARY}"
bs_start

/usr/bin/python3 - "$BS_TMP" <<'PY'
import json, sys
d = sys.argv[1]
csv, esc, js, bad = ['id,s,n\n'], [], [], []
for i in range(1, 3001):
    s = f'line {i}\nnext, ""q""' if i % 4 == 0 else f'v{i}'
    csv.append(f'{i},"{s}",{i * 3}\n')
    e = f'e{i}\\\nx\\|y' if i % 5 == 0 else f'e{i}'
    esc.append(f'{i}|{e}|{i * 3}\n')
    js.append(json.dumps({'id': i, 's': f'j{i}\n}}', 'n': i * 3}, indent=1 if i % 2 else None) + '\n')
    n = f'x{i}' if i in (7, 1500, 2999) else str(i * 3)
    bad.append(f'{i},"{"b" + chr(10) + "c" if i % 3 == 0 else "b"}",{n}\n')
open(f'{d}/rows.csv', 'w').write(''.join(csv))
open(f'{d}/rows.txt', 'w').write(''.join(esc))
open(f'{d}/rows.json', 'w').write(''.join(js))
open(f'{d}/bad.csv', 'w').write(''.join(bad))
PY

# Each load: 3000 rows, ids 1..3000, n = 3 * id.
sums="SELECT COUNT(*), SUM(id), SUM(n), SUM(CASE WHEN n <> id * 3 THEN 1 ELSE 0 END) FROM t;"

out=$(bs_psql -v ON_ERROR_STOP=1 dev -At 2>&1 <<SQL
CREATE TABLE t (id INTEGER NOT NULL, s VARCHAR(40), n INTEGER);
SET copy_split_bytes TO 300;
\copy t from '$BS_TMP/rows.csv' with csv ignoreheader 1
SELECT 'csv', pg_last_copy_count(), SUM(CASE WHEN REGEXP_REPLACE(s, '\n', '/') = 'line ' || id || '/next, "q"' THEN 1 ELSE 0 END) FROM t;
$sums
SELECT 'commits', COUNT(*), SUM(lines_scanned) FROM stl_load_commits WHERE query = pg_last_copy_id();
TRUNCATE t;
\copy t from '$BS_TMP/rows.txt' with escape
SELECT 'esc', SUM(CASE WHEN REGEXP_REPLACE(s, '\n', '/') = 'e' || id || '/x|y' THEN 1 ELSE 0 END) FROM t;
$sums
TRUNCATE t;
\copy t from '$BS_TMP/rows.json' with json 'auto'
SELECT 'json', SUM(CASE WHEN REGEXP_REPLACE(s, '\n', '/') = 'j' || id || '/}' THEN 1 ELSE 0 END) FROM t;
$sums
TRUNCATE t;
\copy t from '$BS_TMP/bad.csv' with csv maxerror 3
SELECT 'bad', line_number, TRIM(raw_field_value) FROM stl_load_errors WHERE query = pg_last_copy_id() ORDER BY 2;
SELECT 'bad', COUNT(*), pg_last_copy_count() FROM t;
SQL
) || bs_fail "psql failed: $out"
rows=$(echo "$out" | grep -v '^CREATE TABLE$\|^SET$\|^TRUNCATE\|^COPY\|^INFO:')
want="csv|3000|750
3000|4501500|13504500|0
commits|1|3751
esc|600
3000|4501500|13504500|0
json|3000
3000|4501500|13504500|0
bad|9|x7
bad|1999|x1500
bad|3998|x2999
bad|2997|2997"
[ "$rows" = "$want" ] || bs_fail "rows differ: got
$rows
want
$want"

bs_stop
echo "PASS copy_stdin_split"
