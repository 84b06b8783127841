#!/usr/bin/env bash
# Segment files of writes that never commit are removed while the server runs, not at its next start
# (bug hunt 17 #6): a statement that fails after an INSERT of its implicit transaction wrote segments, a
# rolled-back COPY, a transaction block aborted by an error. Files of commits made before stay, and a
# restart (whose startup scan removes every file no committed state names) finds nothing left to remove.
# Usage: aborted_writes_test.sh path/to/blueshift
source "$(dirname "$0")/../clients/server_lib.sh"
bs_init "${1:?usage: aborted_writes_test.sh BLUESHIFT_BINARY}"

query() {
  bs_psql -v ON_ERROR_STOP=1 -At dev -c "$1" 2>&1 || bs_fail "query failed: $1"
}

# Runs psql arguments that must end in an error with SQLSTATE $1.
failing() {
  local state=$1 out
  shift
  out=$(bs_psql -At dev -v VERBOSITY=verbose "$@" 2>&1)
  echo "$out" | grep -q "$state" || bs_fail "expected an error $state from: $* (got: $out)"
}

files() { find "$BS_DATA/tables" -name 'seg-*' | sort; }

# Waits up to 5 s for the segment files to be exactly $1.
expect_files() {
  local want=$1 what=$2
  for _ in $(seq 1 50); do
    [ "$(files)" = "$want" ] && return 0
    sleep 0.1
  done
  bs_fail "$what: $(files | wc -l) segment files ($(du -sk "$BS_DATA/tables" | cut -f1) KB), expected $(echo "$want" | grep -c .): extra $(comm -13 <(echo "$want") <(files) | tr '\n' ' ')"
}

seq 0 199999 | awk '{ printf "%d,%d,name-%d\n", $1, $1 % 1000, $1 }' >"$BS_TMP/rows.csv"
bs_start
query "SET auto_vacuum TO off" >/dev/null  # nothing rewrites the segment files meanwhile
query "CREATE TABLE lk (a INTEGER, b INTEGER, s VARCHAR(20)) DISTSTYLE EVEN" >/dev/null  # AUTO would move it later
query "COPY lk FROM '$BS_TMP/rows.csv' CSV" >/dev/null
base=$(files)
[ "$(echo "$base" | grep -c .)" -ge 2 ] || bs_fail "the COPY wrote no segment files"

# An INSERT ... SELECT that fails on a row (its other tasks may have written segments already), and an
# INSERT that wrote its segments, then a later statement of the same message failed.
failing 22012 -c "INSERT INTO lk SELECT a, b / (a - 150000), s FROM lk"
failing 22012 -c "INSERT INTO lk SELECT a, b, s FROM lk; SELECT 1 / (count(*) - count(*)) FROM lk"
expect_files "$base" "after a failed implicit transaction"

# Rolled-back COPYs and a block aborted by an error.
for _ in 1 2; do query "BEGIN; COPY lk FROM '$BS_TMP/rows.csv' CSV; ROLLBACK" >/dev/null; done
expect_files "$base" "after rolled-back COPYs"
failing 22012 -c "BEGIN" -c "INSERT INTO lk SELECT * FROM lk" -c "SELECT 1 / (a - a) FROM lk LIMIT 1" -c "ROLLBACK"
expect_files "$base" "after a block aborted by an error"

# A committed block's files stay when the next block fails.
query "BEGIN; INSERT INTO lk SELECT a + 200000, b, s FROM lk WHERE a < 50000; COMMIT" >/dev/null
committed=$(files)
[ "$committed" != "$base" ] || bs_fail "the committed INSERT wrote no segment file"
failing 22012 -c "BEGIN" -c "INSERT INTO lk SELECT * FROM lk" -c "SELECT 1 / (a - a) FROM lk LIMIT 1" -c "COMMIT"
expect_files "$committed" "after a block that failed after a commit"

[ "$(query 'SELECT count(*) FROM lk')" = 250000 ] || bs_fail "rows changed: $(query 'SELECT count(*) FROM lk')"

# Nothing was left for the startup scan, and every committed row is still there.
bs_stop
bs_start
[ "$(files)" = "$committed" ] || bs_fail "the restart removed or added segment files"
[ "$(query 'SELECT count(*), sum(a) FROM lk')" = "250000|$((199999 * 200000 / 2 + 49999 * 50000 / 2 + 50000 * 200000))" ] ||
  bs_fail "rows lost across the restart: $(query 'SELECT count(*), sum(a) FROM lk')"
bs_stop
echo "PASS aborted_writes_test"
