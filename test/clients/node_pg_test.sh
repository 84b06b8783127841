#!/usr/bin/env bash
# node-postgres suites: a script (node_pg_test.js unless named) with npm's `pg` (installed once into
# CACHE_DIR, as the load tests install s3rver) against a password + TLS server.
# Usage: node_pg_test.sh BLUESHIFT CACHE_DIR [SCRIPT.js]
# exit 77 = skipped (no node/npm, or the registry unreachable)
here=$(dirname "$0")
cache=$2
command -v node >/dev/null && command -v npm >/dev/null || { echo "skip: no node/npm"; exit 77; }
if [ ! -f "$cache/node_modules/pg/package.json" ]; then
  mkdir -p "$cache"
  timeout 300 npm install --prefix "$cache" --no-audit --no-fund pg@8 >"$cache/npm.log" 2>&1 ||
    { echo "skip: npm install pg failed"; tail -5 "$cache/npm.log"; exit 77; }
fi
NODE_PATH="$cache/node_modules" exec "$here/run_with_tls_server.sh" "$1" node "$here/${3:-node_pg_test.js}"
