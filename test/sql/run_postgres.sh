#!/usr/bin/env bash
# Differential check: runs sqllogictest files against a running PostgreSQL, each file in a freshly created
# database, with the engine name "postgres" (so skipif/onlyif postgres apply). Expects a server that trusts
# the given user and lets it create databases.
#
# usage: run_postgres.sh SQLLOGICTEST "host=127.0.0.1 port=P user=U" FILE|DIR...
set -u

if [ $# -lt 3 ]; then
  echo "usage: $0 SQLLOGICTEST CONNINFO FILE|DIR..." >&2
  exit 2
fi
runner=$1
conninfo=$2
shift 2

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
db=slt_$$
for file in "${files[@]}"; do
  PGOPTIONS="-c client_min_messages=warning" psql -q "$conninfo dbname=postgres" -c "drop database if exists $db" -c "create database $db" >/dev/null || exit 2
  output=$("$runner" --engine postgres --connect "$conninfo dbname=$db" "$file")
  echo "$output" | sed '$d'
  totals=$(echo "$output" | tail -n 1)
  if [[ "$totals" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "$file: the runner did not finish: $totals"
    failed=$((failed + 1))
  fi
done
PGOPTIONS="-c client_min_messages=warning" psql -q "$conninfo dbname=postgres" -c "drop database if exists $db" >/dev/null

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
