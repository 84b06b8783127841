#!/usr/bin/env bash
# COPY from and UNLOAD to S3 through blueshift's own S3 client (Signature V4, ListObjectsV2 with
# continuation, ranged GETs, multipart upload) against s3rver on loopback.
#
# usage: s3rver_test.sh BLUESHIFT CACHE_DIR        exit 77 = skipped (no node/npm or registry)
set -u
blueshift=$1
cache=$2
command -v node >/dev/null && command -v npm >/dev/null && command -v psql >/dev/null || { echo "skip: no node/npm/psql"; exit 77; }
if [ ! -x "$cache/node_modules/.bin/s3rver" ]; then
  mkdir -p "$cache"
  timeout 300 npm install --prefix "$cache" --no-audit --no-fund s3rver@3 >"$cache/npm.log" 2>&1 ||
    { echo "skip: npm install s3rver failed"; tail -5 "$cache/npm.log"; exit 77; }
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/s3rver-test-XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

s3port=$(free_port)
node --openssl-legacy-provider "$cache/node_modules/s3rver/bin/s3rver.js" -d "$work/s3" -a 127.0.0.1 -p "$s3port" \
  --configure-bucket bucket --silent >"$work/s3rver.log" 2>&1 &
pids+=($!)
pgport=$(free_port)
# --s3-endpoint wins over AWS_ENDPOINT_URL (which points nowhere here).
AWS_ENDPOINT_URL="http://127.0.0.1:1" AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER \
  "$blueshift" serve --data "$work/data" --host 127.0.0.1 --port "$pgport" --slices 2 \
  --s3-endpoint "http://127.0.0.1:$s3port" 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 300); do
  grep -q "ready to accept connections" "$work/server.log" && curl -s "http://127.0.0.1:$s3port/" >/dev/null && break
  sleep 0.1
done

failures=0
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pgport" -U awsuser dev -c "$1" 2>&1 | grep -v '^INFO:'; }
expect() {  # expect NAME EXPECTED SQL
  local got
  got=$(sql "$3")
  if [ "$got" != "$2" ]; then echo "FAIL $1: expected [$2] got [$got]"; failures=$((failures + 1)); else echo "ok   $1"; fi
}
keys="ACCESS_KEY_ID 'S3RVER' SECRET_ACCESS_KEY 'S3RVER'"

# 1100 small objects under one prefix: listing needs a continuation token (1000 keys per page).
for i in $(seq 1 1100); do printf '%d|row%d\n' "$i" "$i"; done >"$work/rows.txt"
for i in $(seq 1 1100); do
  sed -n "${i}p" "$work/rows.txt" | curl -s -X PUT --data-binary @- "http://127.0.0.1:$s3port/bucket/many/f$i" >/dev/null
done
expect create "" "CREATE TABLE t (id INTEGER, name VARCHAR(300))"
expect copy-prefix "" "COPY t FROM 's3://bucket/many/' $keys REGION 'us-east-1'"
expect count-prefix "1100|605550" "SELECT count(*), sum(id) FROM t"

# UNLOAD to S3 (one big file: multipart upload), COPY back through the manifest with IAM_ROLE (server keys).
expect big "" "INSERT INTO t SELECT id + 2000, name || 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' FROM t"
for _ in 1 2 3 4 5 6; do sql "INSERT INTO t SELECT id + 10000, name FROM t" >/dev/null; done
expect unload "" "UNLOAD ('select id, name from t') TO 's3://bucket/out/t_' CREDENTIALS 'aws_access_key_id=S3RVER;aws_secret_access_key=S3RVER' PARALLEL OFF MANIFEST VERBOSE"
expect copy-manifest "" "CREATE TABLE u (id INTEGER, name VARCHAR(300)); COPY u FROM 's3://bucket/out/t_manifest' IAM_ROLE 'arn:aws:iam::1:role/r' MANIFEST"
expect sums "$(sql 'SELECT count(DISTINCT id), sum(id), sum(length(name)), max(name) FROM t')" "SELECT count(DISTINCT id), sum(id), sum(length(name)), max(name) FROM u"
expect count-u "$(sql 'SELECT count(*) FROM t')" "SELECT count(*) FROM u"

# GZIP through S3, a large single file split into ranged reads.
expect unload-gz "" "UNLOAD ('select id, name from t') TO 's3://bucket/gz/t_' $keys GZIP"
expect copy-gz "" "CREATE TABLE g (id INTEGER, name VARCHAR(300)); COPY g FROM 's3://bucket/gz/t_' $keys GZIP"
expect count-gz "$(sql 'SELECT count(*) FROM t')" "SELECT count(*) FROM g"

# Parquet through S3: UNLOAD writes it (ranged footer reads on the way back), COPY reads it by position.
expect unload-pq "" "UNLOAD ('select id, name from t') TO 's3://bucket/pq/t_' $keys FORMAT AS PARQUET"
expect copy-pq "" "CREATE TABLE p (id INTEGER, name VARCHAR(300)); COPY p FROM 's3://bucket/pq/t_' $keys FORMAT AS PARQUET"
expect sums-pq "$(sql 'SELECT count(*), sum(id), sum(length(name)) FROM t')" "SELECT count(*), sum(id), sum(length(name)) FROM p"

# One file cut into many splits (each read ahead only to its end, later bytes fetched on demand), with
# records longer than the read-ahead's slack past a split's end (64 KiB): 40 lines of about 130 KB.
python3 -c '
import sys
for i in range(1, 41):
    sys.stdout.write("%d|%s|%s\n" % (i, chr(97 + i % 26) * (60000 + i), "z" * (65000 - i)))
' >"$work/long.txt"
curl -s -X PUT --data-binary @"$work/long.txt" "http://127.0.0.1:$s3port/bucket/long/lines.txt" >/dev/null
expect copy-splits "" "CREATE TABLE w (id INTEGER, a VARCHAR(65535), b VARCHAR(65535)); SET copy_split_bytes TO 100000; COPY w FROM 's3://bucket/long/lines.txt' $keys"
expect sums-splits "40|820|5000000|a" "SELECT count(*), sum(id), sum(length(a) + length(b)), min(substring(a, 1, 1)) FROM w"
expect commits-splits "51" "SELECT count(*) FROM stl_load_commits WHERE filename = 's3://bucket/long/lines.txt'"

# Errors: a missing prefix, a mandatory manifest entry missing, bad credentials are reported.
out=$(sql "COPY t FROM 's3://bucket/nothing/' $keys")
[[ "$out" == *"does not exist"* ]] && echo "ok   missing-prefix" || { echo "FAIL missing-prefix: $out"; failures=$((failures + 1)); }
printf '{"entries":[{"url":"s3://bucket/nope","mandatory":true}]}' |
  curl -s -X PUT --data-binary @- "http://127.0.0.1:$s3port/bucket/bad.manifest" >/dev/null
out=$(sql "COPY t FROM 's3://bucket/bad.manifest' $keys MANIFEST")
[[ "$out" == *"mandatory"* ]] && echo "ok   mandatory" || { echo "FAIL mandatory: $out"; failures=$((failures + 1)); }
out=$(sql "COPY t FROM 's3://nobucket/x' $keys")
[[ "$out" == *"ERROR"* ]] && echo "ok   no-bucket" || { echo "FAIL no-bucket: $out"; failures=$((failures + 1)); }

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
