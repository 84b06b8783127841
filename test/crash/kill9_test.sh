#!/usr/bin/env bash
# Crash test: committed rows survive kill -9 of the server.
#  1. create a table, insert and commit rows, kill -9, restart: every row is there.
#  2. kill -9 while another psql runs a loop of single-row INSERTs (autocommit): every INSERT that psql
#     reported ("INSERT 0 1") is there after restart; at most the one in flight beyond them may be.
# Usage: kill9_test.sh path/to/blueshift
source "$(dirname "$0")/../clients/server_lib.sh"
bs_init "${1:?usage: kill9_test.sh BLUESHIFT_BINARY}"

query() {  # prints the unaligned, tuples-only result of one statement
  bs_psql -v ON_ERROR_STOP=1 -At dev -c "$1" 2>&1 || bs_fail "query failed: $1"
}

bs_start
query 'CREATE TABLE crash_rows(id integer not null, note varchar(20))' >/dev/null
values=$(seq 1 500 | sed "s/.*/(&, 'batch')/" | paste -sd,)
query "INSERT INTO crash_rows VALUES $values" >/dev/null
for i in 501 502 503; do query "INSERT INTO crash_rows VALUES ($i, 'single')" >/dev/null; done
query 'BEGIN; INSERT INTO crash_rows VALUES (504, '"'block'"'); COMMIT;' >/dev/null
expected='504|127260'
[ "$(query 'SELECT count(*), sum(id) FROM crash_rows')" = "$expected" ] || bs_fail "rows before the crash"

bs_kill9
bs_start
got=$(query 'SELECT count(*), sum(id) FROM crash_rows')
[ "$got" = "$expected" ] || bs_fail "after kill -9: count|sum is $got, expected $expected"

# 2. kill -9 under a stream of committing INSERTs.
query 'CREATE TABLE crash_loop(id integer not null)' >/dev/null
seq 1 1000000 | sed 's/.*/INSERT INTO crash_loop VALUES (&);/' |
  bs_psql -v ON_ERROR_STOP=1 dev -f - >"$BS_TMP/loop.out" 2>"$BS_TMP/loop.err" &
loop_pid=$!
for _ in $(seq 1 100); do  # until some inserts have committed (at most 10 s)
  [ "$(grep -c '^INSERT 0 1$' "$BS_TMP/loop.out" 2>/dev/null)" -gt 0 ] 2>/dev/null && break
  sleep 0.1
done
sleep 1
bs_kill9
wait "$loop_pid" && bs_fail "the insert loop did not notice the crash"
reported=$(grep -c '^INSERT 0 1$' "$BS_TMP/loop.out")
[ "$reported" -gt 0 ] || bs_fail "no INSERT was reported committed before the kill: $(cat "$BS_TMP/loop.err")"

bs_start
# psql ran the INSERTs in order, so the committed ones are exactly ids 1..reported.
stats=$(query 'SELECT count(*), count(DISTINCT id), min(id), max(id) FROM crash_loop WHERE id <= '"$reported")
[ "$stats" = "$reported|$reported|1|$reported" ] || bs_fail "reported $reported committed inserts, found count|distinct|min|max $stats"
extra=$(query 'SELECT count(*) FROM crash_loop WHERE id > '"$reported")
[ "$extra" -le 1 ] || bs_fail "$extra rows beyond the $reported reported inserts"
bs_stop
echo "PASS kill9_test ($reported committed inserts before the kill, $extra in flight)"
