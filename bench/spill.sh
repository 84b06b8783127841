#!/usr/bin/env bash
# Spilling figures (not part of make bench; blueshift alone): a large GROUP BY, ORDER BY and hash join on
# TPC-H lineitem/orders, each run in memory and then with query_working_mem set to half of what the
# in-memory run needed, so its state is 2x the limit and goes to disk. The in-memory run's need is the
# server's peak RSS during the query above its RSS before it (a fresh server per run: VmHWM, /proc).
# Reports time in memory, time spilled, their ratio, and the peak RSS growth of the spilled run.
# Usage: bench/spill.sh [path/to/blueshift]   (SF=1, SLICES=2 in the environment; data from bench/data/sf$SF,
# generated with tools/tpch_dbgen when missing).
set -eu
BIN=${1:-build/blueshift}
SF=${SF:-1}
SLICES=${SLICES:-2}
DATA=bench/data/sf$SF
if [ ! -f "$DATA/lineitem.tbl" ]; then
  mkdir -p "$DATA"
  build/tools/tpch_dbgen/tpch_dbgen -s "$SF" -o "$DATA" -T lineitem,orders
fi
TMP=$(mktemp -d /tmp/blueshift-spill-bench.XXXXXX)
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap 'stop; rm -rf "$TMP"' EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start() {
  : >"$TMP/log"
  "$BIN" serve --data "$TMP/data" --port "$PORT" --slices "$SLICES" --auto-vacuum off >"$TMP/log" 2>&1 &
  PID=$!
  until grep -q 'ready to accept connections' "$TMP/log"; do sleep 0.1; done
}
q() { psql -X -At -h 127.0.0.1 -p "$PORT" -U awsuser dev -v ON_ERROR_STOP=1 -c "$1"; }
now() { date +%s.%N; }
kb() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$PID/status"; }

start
q "$(sed -n '/create table orders/,/sortkey(o_orderdate);/p' bench/tpch/schema/blueshift.sql)" >/dev/null
q "$(sed -n '/create table lineitem/,/sortkey(l_shipdate);/p' bench/tpch/schema/blueshift.sql)" >/dev/null
for t in orders lineitem; do q "COPY $t FROM '$PWD/$DATA/$t.tbl' DELIMITER '|'" >/dev/null; done
echo "SF $SF: $(q 'SELECT count(*) FROM lineitem') lineitem rows, $(q 'SELECT count(*) FROM orders') orders rows, $SLICES slices"
stop

# Runs a query on a fresh server after `setup`; prints "seconds rss_growth_kb answer".
run() {
  start
  q "SELECT count(*) FROM orders" >/dev/null
  local base t0 t1 answer
  base=$(kb VmRSS)
  t0=$(now)
  answer=$(psql -X -At -h 127.0.0.1 -p "$PORT" -U awsuser dev -v ON_ERROR_STOP=1 -c "$1" -c "$2" | tail -1)
  t1=$(now)
  echo "$(echo "$t1 - $t0" | bc) $(($(kb VmHWM) - base)) $answer"
  stop
}

declare -A QUERIES=(
  [group_by]="SELECT count(*), sum(n), sum(qty), sum(price) FROM (SELECT l_orderkey, l_partkey % 8 AS p, count(*) AS n, sum(l_quantity) AS qty, sum(l_extendedprice) AS price FROM lineitem GROUP BY 1, 2) t"
  [order_by]="SELECT l_orderkey, l_linenumber, l_extendedprice FROM lineitem ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber LIMIT 3 OFFSET 1000000"
  [hash_join]="SELECT count(*), sum(o_totalprice), sum(l_quantity) FROM lineitem JOIN orders ON l_orderkey = o_orderkey WHERE l_partkey % 4 <> 9"
)
printf '%-10s %12s %12s %12s %9s %14s\n' query "in-memory s" "need MB" "spilled s" ratio "spilled RSS MB"
for name in group_by order_by hash_join; do
  sql=${QUERIES[$name]}
  read -r mem_s mem_kb mem_answer < <(run "SET wlm_query_slot_count TO 1" "$sql")
  limit_mb=$((mem_kb / 2048))
  [ "$limit_mb" -ge 1 ] || limit_mb=1
  read -r spill_s spill_kb spill_answer < <(run "SET query_working_mem TO '${limit_mb}MB'" "$sql")
  [ "$mem_answer" = "$spill_answer" ] || { echo "$name: answers differ: $mem_answer / $spill_answer"; exit 1; }
  printf '%-10s %12.2f %12d %12.2f %8.2fx %14d   (limit %d MB)\n' "$name" "$mem_s" $((mem_kb / 1024)) "$spill_s" \
    "$(echo "$spill_s / $mem_s" | bc -l)" $((spill_kb / 1024)) "$limit_mb"
done
