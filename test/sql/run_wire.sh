#!/usr/bin/env bash
# Runs sqllogictest files over the PostgreSQL protocol: for each file a fresh `blueshift serve` on a fresh
# data directory and a free loopback port, then the runner with --connect, then the server is stopped.
# Files that `require restart` skip themselves (the server is not the runner's to restart).
#
# usage: run_wire.sh BLUESHIFT SQLLOGICTEST FILE|DIR...
set -u

if [ $# -lt 3 ]; then
  echo "usage: $0 BLUESHIFT SQLLOGICTEST FILE|DIR..." >&2
  exit 2
fi
blueshift=$1
runner=$2
shift 2

work=$(mktemp -d "${TMPDIR:-/tmp}/sql-wire-XXXXXX")
server_pid=""

stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a server on a fresh data directory; sets server_pid and port. Returns non-zero if it never
# became ready within 30 seconds.
start_server() {
  local data=$1 log=$2
  port=$(free_port)
  "$blueshift" serve --data "$data" --host 127.0.0.1 --port "$port" --slices 2 2>"$log" &
  server_pid=$!
  for _ in $(seq 300); do
    if grep -q "ready to accept connections" "$log"; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "server did not start; its log:" >&2
  cat "$log" >&2
  stop_server
  return 1
}

files=()
for path in "$@"; do
  if [ -d "$path" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$path" -name '*.test' | sort)
  else
    files+=("$path")
  fi
done

passed=0
failed=0
for i in "${!files[@]}"; do
  file=${files[$i]}
  if ! start_server "$work/data$i" "$work/server$i.log"; then
    echo "$file: 0 passed, 1 failed"
    failed=$((failed + 1))
    continue
  fi
  output=$("$runner" --connect "host=127.0.0.1 port=$port user=awsuser dbname=dev" "$file")
  echo "$output" | sed '$d'
  totals=$(echo "$output" | tail -n 1)
  stop_server
  if [[ "$totals" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "$file: the runner did not finish: $totals"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
