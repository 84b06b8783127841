#!/usr/bin/env bash
# Crash test of the write store and its write-ahead log (docs/format/wal.md): kill -9 the server
#  1. in the middle of a transaction: its rows are gone after restart, rows committed before it are there;
#  2. under 8 clients committing single-row INSERTs and UPDATEs (group commit): every statement a client
#     was told had committed is there, nothing beyond the one in flight per client;
#  3. in the middle of a fold of the write store into a segment file: every committed row and delete holds.
# Usage: kill9_wal_test.sh path/to/blueshift
source "$(dirname "$0")/../clients/server_lib.sh"
bs_init "${1:?usage: kill9_wal_test.sh BLUESHIFT_BINARY}"

query() {  # prints the unaligned, tuples-only result of one statement
  bs_psql -v ON_ERROR_STOP=1 -At dev -c "$1" 2>&1 || bs_fail "query failed: $1"
}

# 1. An open transaction at the kill.
bs_start
query 'CREATE TABLE open_txn(id integer not null)' >/dev/null
for i in 1 2 3; do query "INSERT INTO open_txn VALUES ($i)" >/dev/null; done
{
  echo 'BEGIN;'
  echo 'INSERT INTO open_txn VALUES (100);'
  echo 'DELETE FROM open_txn WHERE id = 1;'
  echo "SELECT 'in transaction';"
  sleep 30
} | bs_psql -At dev >"$BS_TMP/open.out" 2>&1 &
open_pid=$!
for _ in $(seq 1 100); do
  grep -q 'in transaction' "$BS_TMP/open.out" && break
  sleep 0.1
done
grep -q 'in transaction' "$BS_TMP/open.out" || bs_fail "the open transaction did not start"
bs_kill9
kill "$open_pid" 2>/dev/null
wait "$open_pid" 2>/dev/null
bs_start
got=$(query 'SELECT count(*), sum(id) FROM open_txn')
[ "$got" = "3|6" ] || bs_fail "after kill -9 in a transaction: count|sum is $got, expected 3|6"

# 2. Eight clients committing at the kill. Client c inserts ids c*1000000+1, +2, ... in order and after
#    each insert updates the previous row's note, so the survivors show how far each got.
query 'CREATE TABLE group_commit(client integer not null, id integer not null, note varchar(10))' >/dev/null
for c in $(seq 1 8); do
  seq 1 100000 | awk -v c="$c" '{ id = c * 1000000 + $1;
      print "INSERT INTO group_commit VALUES (" c ", " id ", '"'new'"');";
      if ($1 > 1) print "UPDATE group_commit SET note = '"'done'"' WHERE id = " id - 1 ";" }' |
    bs_psql -v ON_ERROR_STOP=1 dev -f - >"$BS_TMP/client$c.out" 2>"$BS_TMP/client$c.err" &
  pids="${pids:-} $!"
done
sleep 3
bs_kill9
for p in $pids; do wait "$p" 2>/dev/null; done
bs_start
for c in $(seq 1 8); do
  reported=$(grep -c '^INSERT 0 1$' "$BS_TMP/client$c.out")
  updated=$(grep -c '^UPDATE 1$' "$BS_TMP/client$c.out")
  [ "$reported" -gt 0 ] || bs_fail "client $c: no INSERT reported before the kill: $(cat "$BS_TMP/client$c.err")"
  base=$((c * 1000000))
  stats=$(query "SELECT count(*), count(DISTINCT id), min(id) - $base, max(id) - $base FROM group_commit
                 WHERE client = $c AND id <= $base + $reported")
  [ "$stats" = "$reported|$reported|1|$reported" ] || bs_fail "client $c: $reported reported, found $stats"
  extra=$(query "SELECT count(*) FROM group_commit WHERE client = $c AND id > $base + $reported")
  [ "$extra" -le 1 ] || bs_fail "client $c: $extra rows beyond the $reported reported inserts"
  done_rows=$(query "SELECT count(*) FROM group_commit WHERE client = $c AND note = 'done'")
  [ "$done_rows" -ge "$updated" ] && [ "$done_rows" -le $((updated + 1)) ] ||
    bs_fail "client $c: $updated updates reported, $done_rows rows updated"
  total=$((${total:-0} + reported))
done
bs_stop

# 3. A kill between a fold's new segment file and its commit, with deletes made during the fold.
export BLUESHIFT_TEST_FOLD_PAUSE_MS=3000
bs_start
query 'CREATE TABLE folding(id integer not null) SORTKEY(id)' >/dev/null
for i in $(seq 1 40); do echo "INSERT INTO folding VALUES ($((41 - i)));"; done | bs_psql -q dev -f - ||
  bs_fail "inserts before the fold"
for _ in $(seq 1 200); do  # folds run at least every 5 s
  grep -q 'folding write store of table folding' "$BS_LOG" && break
  sleep 0.1
done
grep -q 'folding write store of table folding' "$BS_LOG" || bs_fail "no fold started"
query 'DELETE FROM folding WHERE id <= 5' >/dev/null
query 'INSERT INTO folding VALUES (1000)' >/dev/null
bs_kill9
unset BLUESHIFT_TEST_FOLD_PAUSE_MS
bs_start
got=$(query 'SELECT count(*), sum(id) FROM folding')
[ "$got" = "36|1805" ] || bs_fail "after kill -9 during a fold: count|sum is $got, expected 36|1805"
# After a completed fold the same rows are there, now in a segment file.
query 'INSERT INTO folding VALUES (2000)' >/dev/null
sleep 6  # a fold without the pause
bs_kill9
bs_start
got=$(query 'SELECT count(*), sum(id) FROM folding')
[ "$got" = "37|3805" ] || bs_fail "after a fold and kill -9: count|sum is $got, expected 37|3805"
bs_stop
echo "PASS kill9_wal_test ($total inserts committed by 8 clients before the kill)"
