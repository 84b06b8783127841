# Shared by the crash tests of several databases (kill9_database*_test.sh, kill9_cluster_txn_test.sh):
# server_lib.sh, plus
#   query DB SQL                  # the unaligned, tuples-only result of one statement in database DB
#   crash_at POINT DB PSQL_ARGS   # runs psql in DB (a -c statement, or a script on stdin) on a server that
#                                 # kills itself at crash point POINT (BLUESHIFT_TEST_CRASH_AT,
#                                 # util/crash_point.h), checks that it did, and restarts it
source "$(dirname "${BASH_SOURCE[0]}")/../clients/server_lib.sh"

query() {
  bs_psql -v ON_ERROR_STOP=1 -At "$1" -c "$2" 2>&1 || bs_fail "query failed in $1: $2"
}

crash_at() {
  local point=$1 db=$2
  shift 2
  [ -z "$BS_PID" ] || bs_stop
  export BLUESHIFT_TEST_CRASH_AT=$point
  bs_start
  unset BLUESHIFT_TEST_CRASH_AT
  bs_psql -v ON_ERROR_STOP=1 -At "$db" "$@" >"$BS_TMP/crash.out" 2>&1 && bs_fail "$* completed; expected a crash at $point"
  local rc=0
  wait "$BS_PID" || rc=$?
  BS_PID=
  [ "$rc" -eq 137 ] || bs_fail "server exited with $rc at $point, expected SIGKILL: $(cat "$BS_TMP/crash.out")"
  grep -q "crash point $point reached" "$BS_LOG" || bs_fail "crash point $point not reached"
  bs_start
}
