#!/usr/bin/env bash
# Crash test of a second database (docs/format/README.md, "Databases"): kill -9 the server while one client
# commits single-row INSERTs in dev and another in etl (made by CREATE DATABASE); after the restart each
# database has every row its client was told had committed (and at most the one in flight), a table created
# in etl is still etl's alone, and a user created from etl is known in both.
# Usage: kill9_databases_test.sh path/to/blueshift
source "$(dirname "$0")/database_crash_lib.sh"
bs_init "${1:?usage: kill9_databases_test.sh BLUESHIFT_BINARY}"

bs_start
query dev 'CREATE DATABASE etl' >/dev/null
query dev 'CREATE TABLE rows_dev(id integer not null)' >/dev/null
query etl 'CREATE TABLE rows_etl(id integer not null, note varchar(10))' >/dev/null
query etl "CREATE USER etl_user PASSWORD 'Etlpass123'" >/dev/null
pids=""
for db in dev etl; do
  if [ "$db" = dev ]; then
    seq 1 100000 | awk '{ print "INSERT INTO rows_dev VALUES (" $1 ");" }'
  else
    seq 1 100000 | awk '{ print "INSERT INTO rows_etl VALUES (" $1 ", '"'x'"');" }'
  fi | bs_psql -v ON_ERROR_STOP=1 "$db" -f - >"$BS_TMP/$db.out" 2>"$BS_TMP/$db.err" &
  pids="$pids $!"
done
sleep 3
bs_kill9
for p in $pids; do wait "$p" 2>/dev/null; done
bs_start
for db in dev etl; do
  reported=$(grep -c '^INSERT 0 1$' "$BS_TMP/$db.out")
  [ "$reported" -gt 0 ] || bs_fail "$db: no INSERT reported before the kill: $(cat "$BS_TMP/$db.err")"
  stats=$(query "$db" "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM rows_$db WHERE id <= $reported")
  [ "$stats" = "$reported|$reported|1|$reported" ] || bs_fail "$db: $reported inserts reported, found $stats"
  extra=$(query "$db" "SELECT count(*) FROM rows_$db WHERE id > $reported")
  [ "$extra" -le 1 ] || bs_fail "$db: $extra rows beyond the $reported reported inserts"
  summary="${summary:-}$db $reported "
done
[ "$(query dev "SELECT count(*) FROM pg_tables WHERE tablename = 'rows_etl'")" = 0 ] || bs_fail "etl's table is in dev"
[ "$(query etl "SELECT count(*) FROM pg_tables WHERE tablename = 'rows_dev'")" = 0 ] || bs_fail "dev's table is in etl"
for db in dev etl; do
  [ "$(query "$db" "SELECT count(*) FROM pg_user WHERE usename = 'etl_user'")" = 1 ] || bs_fail "etl_user missing in $db"
done
bs_stop
echo "PASS kill9_databases_test (inserts committed before the kill: $summary)"
