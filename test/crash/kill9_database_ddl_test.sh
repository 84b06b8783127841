#!/usr/bin/env bash
# Crash test of CREATE / DROP DATABASE (docs/format/README.md, "Databases"): the root's catalog entry is the
# commit point. The server kills itself (BLUESHIFT_TEST_CRASH_AT, util/crash_point.h) at each step after it:
# the entry committed but no directory yet, the directory half built, the root committed but not the
# database the statement ran in, a DROP committed but the directory not yet removed. After each restart the
# databases every catalog lists are exactly the directories under databases/, each one usable, visible
# from every database, and handing out table oids from its own range.
# Usage: kill9_database_ddl_test.sh path/to/blueshift
source "$(dirname "$0")/database_crash_lib.sh"
bs_init "${1:?usage: kill9_database_ddl_test.sh BLUESHIFT_BINARY}"

# The databases other than dev that database $1 lists, and the directories under databases/, agree.
check_dirs() {
  local listed dirs
  listed=$(query "$1" "SELECT oid FROM pg_database WHERE datname <> 'dev' ORDER BY 1" | tr '\n' ' ')
  dirs=$(ls "$BS_DATA/databases" | sort -n | tr '\n' ' ')
  [ "$listed" = "$dirs" ] || bs_fail "$1 lists databases [$listed], directories are [$dirs]"
}

# Database $1 exists in every database's catalog, takes a table, and its oids are its own range's.
check_usable() {
  for db in dev zeta; do
    [ "$(query "$db" "SELECT count(*) FROM pg_database WHERE datname = '$1'")" = 1 ] || bs_fail "$1 not listed in $db"
  done
  query "$1" "CREATE TABLE t_$1(id int)" >/dev/null
  query "$1" "INSERT INTO t_$1 VALUES (1), (2)" >/dev/null
  [ "$(query "$1" "SELECT sum(id) FROM t_$1")" = 3 ] || bs_fail "t_$1 in $1 lost its rows"
  local range zeta_range
  range=$(query "$1" "SELECT oid / 16777216 FROM pg_class WHERE relname = 't_$1'")
  zeta_range=$(query zeta "SELECT oid / 16777216 FROM pg_class WHERE relname = 't_zeta'")
  [ "$range" -ge 1 ] && [ "$range" != "$zeta_range" ] || bs_fail "$1's table oid range $range (zeta's: $zeta_range)"
}

bs_start
query dev 'CREATE DATABASE zeta' >/dev/null
query zeta 'CREATE TABLE t_zeta(id int)' >/dev/null

# Half built: alpha sorts before zeta, so the restart reaches it first (it once took zeta's oid range).
crash_at create_database_half_built dev -c 'CREATE DATABASE alpha'
ls "$BS_DATA/databases" | grep -q new && bs_fail "a half-built directory survived the restart"
check_dirs dev
check_usable alpha

crash_at create_database_committed zeta -c 'CREATE DATABASE beta'
check_dirs zeta
check_usable beta

crash_at cluster_change_before_origin zeta -c 'CREATE DATABASE gamma'
check_dirs zeta
check_usable gamma

crash_at drop_database_committed dev -c 'DROP DATABASE beta'
for db in dev zeta alpha; do
  [ "$(query "$db" "SELECT count(*) FROM pg_database WHERE datname = 'beta'")" = 0 ] || bs_fail "beta still in $db"
done
check_dirs dev

crash_at cluster_change_before_origin alpha -c 'DROP DATABASE gamma'
for db in dev zeta alpha; do
  [ "$(query "$db" "SELECT count(*) FROM pg_database WHERE datname = 'gamma'")" = 0 ] || bs_fail "gamma still in $db"
done
check_dirs alpha
[ "$(query alpha "SELECT sum(id) FROM t_alpha")" = 3 ] || bs_fail "alpha lost its rows"
bs_stop
echo "PASS kill9_database_ddl_test"
