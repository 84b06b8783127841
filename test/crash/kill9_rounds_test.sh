#!/usr/bin/env bash
# kill -9 at random moments of INSERT, COPY, DELETE and VACUUM, ROUNDS times (default 3; the slow suite runs
# 50). The workload is a fixed list of committing statements; a reference run records the table's
# (count, sum) after each. In each round the workload runs on a fresh table, the server is killed after a
# random delay, and after the restart the table must be exactly as after the last statement psql reported
# done, or after the one in flight (it may have committed before the kill): every committed row is there, no
# uncommitted row is visible. A full scan then verifies every block's checksum.
# Each round picks a statement to interrupt, of INSERT, COPY, DELETE and VACUUM in turn, at a random place in
# the workload; it waits until psql has reported the statements before it done and kills at once (a VACUUM
# within 100 ms). A fixed range of delays left most rounds killing an idle server once the workload got
# fast. With 20 rounds or more, each kind of statement must have been in flight at a kill at least once.
# Usage: kill9_rounds_test.sh path/to/blueshift [ROUNDS]
source "$(dirname "$0")/../clients/server_lib.sh"
bs_init "${1:?usage: kill9_rounds_test.sh BLUESHIFT_BINARY [ROUNDS]}"
ROUNDS=${2:-3}

query() {
  bs_psql -v ON_ERROR_STOP=1 -At dev -c "$1" 2>&1 || bs_fail "query failed: $1"
}

seq 1 20000 | sed 's/.*/&|copied &/' >"$BS_TMP/copy.txt"
chmod 644 "$BS_TMP/copy.txt"

# The workload for table $1: 40 statements, each one transaction.
workload() {
  local t=$1 i
  echo "CREATE TABLE $t (id INTEGER, note VARCHAR(40)) SORTKEY (id);"
  for i in $(seq 1 8); do
    echo "INSERT INTO $t VALUES $(seq $((i * 100000)) $((i * 100000 + 999)) | sed "s/.*/(&, 'insert $i')/" | paste -sd,);"
    echo "COPY $t FROM '$BS_TMP/copy.txt' DELIMITER '|';"
    echo "DELETE FROM $t WHERE id % 5 = $((i % 5));"
    echo "VACUUM $t TO 100 PERCENT;"
    [ $((i % 2)) -eq 0 ] && echo "VACUUM DELETE ONLY $t;"
  done
}

state() { query "SELECT count(*), coalesce(sum(id::bigint), 0) FROM $1"; }

bs_start
# Reference states: [k] is the state after the first k statements (statement 1 creates the table).
ref_states=("missing")
while IFS= read -r stmt; do
  query "$stmt" >/dev/null
  ref_states+=("$(state ref)")
done < <(workload ref)
n=$((${#ref_states[@]} - 1))
mapfile -t stmts < <(workload ref)
done_re='^(CREATE TABLE|INSERT 0 [0-9]+|COPY( [0-9]+)?|DELETE [0-9]+|VACUUM)$'

declare -A hit=()
kinds=(INSERT COPY DELETE VACUUM)
mid=0
for round in $(seq 1 "$ROUNDS"); do
  t="r$round"
  # The statement to interrupt: one of the round's kind, in turn, at a random place in the workload.
  kind=${kinds[$((round % 4))]}
  candidates=()
  for j in $(seq 1 $((n - 1))); do [ "${stmts[$j]%% *}" = "$kind" ] && candidates+=("$j"); done
  target=${candidates[$((RANDOM % ${#candidates[@]}))]}  # statements done before the kill
  # psql's output comes through a pipe read line by line, so the kill follows the report of statement
  # `target` at once, while the next one runs (a VACUUM, which takes longer, within 100 ms).
  : >"$BS_TMP/w.out"
  rm -f "$BS_TMP/w.fifo"
  mkfifo "$BS_TMP/w.fifo"
  workload "$t" | bs_psql -v ON_ERROR_STOP=1 dev -f - >"$BS_TMP/w.fifo" 2>"$BS_TMP/w.err" &
  wl=$!
  reported=0
  while IFS= read -r line; do
    echo "$line" >>"$BS_TMP/w.out"
    [[ $line =~ $done_re ]] && reported=$((reported + 1))
    if [ "$reported" -eq "$target" ] && [ -n "$BS_PID" ]; then
      [ "$kind" != VACUUM ] || sleep "0.$(printf "%03d" $((RANDOM % 100)))"
      kill -9 "$BS_PID"
      bs_kill9
    fi
  done <"$BS_TMP/w.fifo"
  [ -z "$BS_PID" ] || bs_kill9
  wait "$wl" 2>/dev/null
  done_count=$(grep -cE "$done_re" "$BS_TMP/w.out")
  bs_start
  if [ "$done_count" -eq 0 ]; then
    got=$(bs_psql -At dev -c "SELECT count(*) FROM $t" 2>/dev/null || echo missing)
    [ "$got" = missing ] || [ "$got" = 0 ] || bs_fail "round $round: nothing reported done, yet $t has $got rows"
    continue
  fi
  got=$(state "$t")
  want=${ref_states[$done_count]}
  next=${ref_states[$((done_count < n ? done_count + 1 : n))]}
  [ "$got" = "$want" ] || [ "$got" = "$next" ] ||
    bs_fail "round $round: after $done_count statements count|sum is $got, expected $want (or $next)"
  query "SELECT count(*), sum(length(note)) FROM $t" >/dev/null  # reads every block: checksums verify
  in_flight=-
  if [ "$done_count" -lt "$n" ]; then
    in_flight=${stmts[$done_count]%% *}
    hit[$in_flight]=1
    mid=$((mid + 1))
  fi
  echo "round $round: killed after $done_count of $n statements (aimed after $target; in flight: $in_flight), state $got"
done
bs_stop
echo "$mid of $ROUNDS kills landed while a statement ran; statements hit: ${!hit[*]}"
if [ "$ROUNDS" -ge 20 ]; then
  for kind in INSERT COPY DELETE VACUUM; do
    [ -n "${hit[$kind]:-}" ] || bs_fail "no kill landed during a $kind in $ROUNDS rounds"
  done
fi
echo "PASS kill9_rounds_test ($ROUNDS rounds)"
