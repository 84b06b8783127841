#!/usr/bin/env bash
# Storage figures for the README's closing note (not part of make bench; blueshift alone):
#  1. zone maps: a one-day range query on a timestamp sort key over ROWS / 2 rows (default 8,000,000 in all): the column
#     blocks its scan read and skipped (EXPLAIN ANALYZE), and the query's time against a full scan;
#  2. VACUUM SORT throughput: a second, overlapping load makes half the table unsorted; MB/s is the table's
#     segment bytes before the vacuum over its time. The server is restarted before the VACUUM, so its peak
#     resident memory (VmHWM) afterwards is the vacuum's (plus what a fresh server holds, shown as "at start");
#  3. skew_rows of SVV_TABLE_INFO for a distkey where 90% of the rows share one value.
# Usage: bench/storage.sh [path/to/blueshift]   (ROWS=..., SLICES=... in the environment). Blocks hold at
# most 65,536 rows, so a slice needs over 20 blocks (1.3 M rows) before one block is under 5% of it.
set -eu
BIN=${1:-build/blueshift}
ROWS=${ROWS:-8000000}
SLICES=${SLICES:-2}
TMP=$(mktemp -d /tmp/blueshift-storage-bench.XXXXXX)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$TMP"' EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_server() {
  : >"$TMP/log"
  "$BIN" serve --data "$TMP/data" --port "$PORT" --slices "$SLICES" --auto-vacuum off >"$TMP/log" 2>&1 &
  PID=$!
  until grep -q 'ready to accept connections' "$TMP/log"; do sleep 0.1; done
}
start_server
q() { psql -X -At -h 127.0.0.1 -p "$PORT" -U awsuser dev -v ON_ERROR_STOP=1 -c "$1"; }
now() { date +%s.%N; }

# One event per 10 seconds from 2024-01-01, shuffled in chunks so each load is one sorted write.
python3 - "$ROWS" "$TMP" <<'PY'
import sys, datetime
rows, tmp = int(sys.argv[1]), sys.argv[2]
start = datetime.datetime(2024, 1, 1)
for part, (lo, hi) in enumerate([(0, rows // 2), (rows // 4, rows // 4 + rows // 2)]):
    with open(f"{tmp}/events{part}.txt", "w") as f:
        for i in range(lo, hi):
            f.write(f"{i}|{(start + datetime.timedelta(seconds=10 * i)).isoformat(' ')}|user{i % 9973}|{i % 100}\n")
PY
q "CREATE TABLE events (id BIGINT, ts TIMESTAMP, who VARCHAR(20), kind SMALLINT) DISTKEY (id) SORTKEY (ts)" >/dev/null
t0=$(now); q "COPY events FROM '$TMP/events0.txt' DELIMITER '|'" >/dev/null; t1=$(now)
echo "load: $((ROWS / 2)) rows in $(echo "$t1 - $t0" | bc) s"

# What the scan itself did, from EXPLAIN ANALYZE's scan line: column blocks (of ts and who) decoded, and those
# its zone maps ruled out.
range_query="SELECT count(*), max(who) FROM events WHERE ts >= '2024-01-20' AND ts < '2024-01-21'"
scan=$(q "EXPLAIN ANALYZE $range_query" | grep 'Seq Scan on events')
read -r blocks_read blocks_skipped < <(echo "$scan" | sed -n 's/.*blocks read=\([0-9]*\) skipped=\([0-9]*\).*/\1 \2/p')
echo "zone maps (EXPLAIN ANALYZE): the one-day range read $blocks_read and skipped $blocks_skipped column blocks:" \
  "$(echo "scale=2; 100 * $blocks_skipped / ($blocks_read + $blocks_skipped)" | bc)% skipped"
best() {  # the best of three runs of a query, in seconds
  local b=999 t0 t1 d
  for _ in 1 2 3; do
    t0=$(now); q "$1" >/dev/null; t1=$(now)
    d=$(echo "$t1 - $t0" | bc); b=$(echo "if ($d < $b) $d else $b" | bc)
  done
  echo "$b"
}
echo "range query $(best "$range_query") s," \
  "full scan $(best "SELECT count(*), max(who) FROM events WHERE kind >= 0") s (best of 3)"

q "COPY events FROM '$TMP/events1.txt' DELIMITER '|'" >/dev/null
bytes=$(du -sb "$TMP/data/tables" | cut -f1)
echo "before VACUUM: $(q "SELECT unsorted, tbl_rows, size FROM svv_table_info WHERE \"table\" = 'events'")"
kill "$PID"; wait "$PID" 2>/dev/null || true; start_server
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$PID/status"; }
rss_start=$(kb VmRSS)
t0=$(now); q "VACUUM SORT ONLY events" >/dev/null; t1=$(now)
secs=$(echo "$t1 - $t0" | bc)
echo "VACUUM SORT ONLY: $bytes bytes ($ROWS rows) in $secs s = $(echo "scale=1; $bytes / 1048576 / $secs" | bc) MB/s," \
  "$(echo "$ROWS / $secs" | bc) rows/s"
echo "server peak RSS (VmHWM) after the VACUUM: $(( $(kb VmHWM) / 1024 )) MB (at start: $((rss_start / 1024)) MB)"
echo "after VACUUM: $(q "SELECT unsorted, tbl_rows, size FROM svv_table_info WHERE \"table\" = 'events'")"

q "CREATE TABLE skewed (k INTEGER, v INTEGER) DISTKEY (k)" >/dev/null
q "INSERT INTO skewed SELECT CASE WHEN id % 10 = 0 THEN id ELSE 1 END, id::integer FROM events WHERE id < 100000" >/dev/null
echo "skew_rows (90% of rows on one key): $(q "SELECT skew_rows FROM svv_table_info WHERE \"table\" = 'skewed'")"
