#!/usr/bin/env bash
# COPY ... FROM STDIN through psql's \copy (the protocol's COPY sub-protocol): pipe-delimited and CSV data,
# a bad row under MAXERROR, a failing load that leaves the table unchanged and the connection usable, and
# an empty input.  Usage: copy_stdin_psql.sh path/to/blueshift
source "$(dirname "$0")/../clients/server_lib.sh"
bs_init "${1:?usage: copy_stdin_psql.sh BLUESHIFT_BINARY}"
bs_start

printf '1|one|2024-01-15\n2||2024-02-29\n3|three|\\N\n' >"$BS_TMP/pipe.txt"
printf 'id,name,d\n4,"four, quoted",\n5,five,\n' >"$BS_TMP/data.csv"
printf '6|six|2024-01-01\nx|bad|2024-01-01\n7|seven|2024-01-02\n' >"$BS_TMP/bad.txt"
: >"$BS_TMP/empty.txt"

out=$(bs_psql -v ON_ERROR_STOP=1 dev -At 2>&1 <<SQL
CREATE TABLE s (id INTEGER NOT NULL, name VARCHAR(20), d DATE);
\copy s from '$BS_TMP/pipe.txt'
\copy s from '$BS_TMP/data.csv' with csv ignoreheader 1
\copy s from '$BS_TMP/bad.txt' maxerror 1
\copy s from '$BS_TMP/empty.txt'
SELECT id, coalesce(name, '<null>'), coalesce(d::varchar, '<null>') FROM s ORDER BY id;
SELECT pg_last_copy_count();
SQL
) || bs_fail "psql failed: $out"
want="1|one|2024-01-15
2||2024-02-29
3|three|<null>
4|four, quoted|<null>
5|five|<null>
6|six|2024-01-01
7|seven|2024-01-02
0"
got=$(echo "$out" | grep -v '^CREATE TABLE$\|^COPY\|^INFO:' )
[ "$got" = "$want" ] || bs_fail "rows differ: got
$got
want
$want"

# A load that fails sends the error after the client's data and changes nothing; the session goes on.
out=$(bs_psql dev -At 2>&1 <<SQL
\copy s from '$BS_TMP/bad.txt'
SELECT count(*) FROM s;
SQL
)
echo "$out" | grep -q "Load into table 's' failed" || bs_fail "no load error: $out"
echo "$out" | tail -n 1 | grep -qx 7 || bs_fail "table changed or session lost: $out"

bs_stop
echo "PASS copy_stdin_psql"
