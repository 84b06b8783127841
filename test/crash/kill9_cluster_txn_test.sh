#!/usr/bin/env bash
# Crash test of a transaction that changes both the cluster part of the catalog (a user) and the tables of
# the database it runs in (docs/format/README.md, "Databases": a two-phase commit whose commit point is the
# root's catalog). The server kills itself (BLUESHIFT_TEST_CRASH_AT, util/crash_point.h) after the database's
# commit is prepared but before the root's commit (nothing of the transaction survives), after the root's
# commit but before the prepared commit is made current (all of it survives), and after both. After each
# restart the user is in every database's catalog exactly when the table change is in the database's own.
# Usage: kill9_cluster_txn_test.sh path/to/blueshift
source "$(dirname "$0")/database_crash_lib.sh"
bs_init "${1:?usage: kill9_cluster_txn_test.sh BLUESHIFT_BINARY}"

# User $1 is in every database's catalog ($2 = 1) or in none ($2 = 0).
check_user() {
  for db in dev etl other; do
    local n
    n=$(query "$db" "SELECT count(*) FROM pg_user WHERE usename = '$1'")
    [ "$n" = "$2" ] || bs_fail "user $1 listed $n times in $db, expected $2"
  done
}

# Table etl.$1 holds sum $2 (absent: "none"), and etl.base holds sum $3.
check_tables() {
  local n sum
  n=$(query etl "SELECT count(*) FROM pg_class WHERE relname = '$1'")
  if [ "$2" = none ]; then
    [ "$n" = 0 ] || bs_fail "table $1 exists in etl after a transaction that did not commit"
  else
    [ "$n" = 1 ] || bs_fail "table $1 is missing in etl after a committed transaction"
    sum=$(query etl "SELECT sum(id) FROM $1")
    [ "$sum" = "$2" ] || bs_fail "table $1 holds sum $sum, expected $2"
  fi
  sum=$(query etl "SELECT sum(id) FROM base")
  [ "$sum" = "$3" ] || bs_fail "table base holds sum $sum, expected $3"
}

# The transaction: a user, a new table with rows, rows added to and deleted from an existing one.
txn() {
  cat <<SQL
BEGIN;
CREATE USER $1 PASSWORD 'Secret123';
CREATE TABLE $2(id int);
INSERT INTO $2 VALUES (1), (2), (3);
INSERT INTO base VALUES (1000);
DELETE FROM base WHERE id = 1;
COMMIT;
SQL
}

bs_start
query dev 'CREATE DATABASE etl' >/dev/null
query dev 'CREATE DATABASE other' >/dev/null
query etl 'CREATE TABLE base(id int)' >/dev/null
# Small commits: write-ahead log records after etl's last manifest, which the prepared commit includes.
for i in 1 2 3 4; do query etl "INSERT INTO base VALUES ($i)" >/dev/null; done

# Before the commit point: none of it.
crash_at cluster_change_prepared etl < <(txn u_none t_none)
check_user u_none 0
check_tables t_none none 10

# After the commit point (the root's catalog), before the prepared commit is current: all of it.
crash_at cluster_change_before_origin etl < <(txn u_root t_root)
check_user u_root 1
check_tables t_root 6 1009

# After both commits, before the other databases got the user: all of it.
crash_at cluster_change_before_propagate etl < <(txn u_done t_done)
check_user u_done 1
check_tables t_done 6 2009

# The same in a database whose log is empty (the last commit was the restart's checkpoint), then more work.
crash_at cluster_change_before_origin etl < <(txn u_again t_again)
check_user u_again 1
check_tables t_again 6 3009
query etl 'INSERT INTO t_again VALUES (10)' >/dev/null
query etl 'CREATE TABLE t_after(id int)' >/dev/null
bs_stop
bs_start
check_tables t_again 16 3009
check_user u_again 1
[ "$(query etl "SELECT count(*) FROM t_after")" = 0 ] || bs_fail "t_after lost"
bs_stop
echo "PASS kill9_cluster_txn_test"
