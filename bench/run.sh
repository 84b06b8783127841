#!/usr/bin/env bash
# blueshift benchmarks side by side with DuckDB and PostgreSQL. See bench/README.md.
#
#   bench/run.sh [all|tpch|ingest|ingest-s3|ingest-stats|size|writes|writes-full|concurrency|smoke] [driver options...]
#
# Environment: SF (default 1), REPS (3), SLICES (nproc), TIMEOUT (s per query, 300), OUT (results dir),
# BLUESHIFT_URL (use a running server instead of starting build/blueshift), BLUESHIFT_BIN.
# Installs what is missing (npm packages into bench/node_modules, PostgreSQL and gnuplot from Debian),
# generates the TPC-H data once per scale into bench/data/sf<SF>/, then runs lib/main.mjs.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
MODE="${1:-all}"
[[ $# -gt 0 ]] && shift

say() { echo "[bench] $*" >&2; }

apt_install() {
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  say "installing from Debian: $*"
  if ! $sudo apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; then
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$@" >/dev/null
  fi
}

ensure_tools() {
  local missing=()
  command -v node >/dev/null || missing+=(nodejs npm)
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v gzip >/dev/null || missing+=(gzip)
  command -v c++ >/dev/null || missing+=(g++)
  if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
  local stamp="$BENCH_DIR/node_modules/.bench-lock-sha"
  local sha
  sha="$(sha256sum "$BENCH_DIR/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$sha" ]]; then
    say "npm ci (pinned DuckDB, pg, pg-copy-streams)"
    (cd "$BENCH_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$sha" >"$stamp"
  fi
}

# The generator: the CMake build's if it is current, else compiled here (the server build may be broken
# while the generator is fine).
dbgen_binary() {
  local src="$ROOT/tools/tpch_dbgen"
  local built="$ROOT/build/tools/tpch_dbgen/tpch_dbgen"
  local newest
  newest="$(ls -t "$src"/*.cc "$src"/*.h | head -1)"
  if [[ -x "$built" && "$built" -nt "$newest" ]]; then echo "$built"; return; fi
  local own="$BENCH_DIR/.tmp/tpch_dbgen"
  if [[ ! -x "$own" || "$newest" -nt "$own" ]]; then
    say "compiling tpch_dbgen"
    mkdir -p "$BENCH_DIR/.tmp"
    nice c++ -std=c++20 -O2 -Wall -Wextra -Werror -pthread "$src"/*.cc -o "$own.new"
    mv "$own.new" "$own"
  fi
  echo "$own"
}

ensure_data() {
  local sf="$1" dir="$BENCH_DIR/data/sf$1"
  mkdir -p "$BENCH_DIR/data"
  exec 9>"$BENCH_DIR/data/.lock"
  flock 9
  if [[ ! -f "$dir/.complete" ]]; then
    local gen
    gen="$(dbgen_binary)"
    say "generating TPC-H SF $sf into $dir"
    rm -rf "$dir" && mkdir -p "$dir/gz"
    nice "$gen" -s "$sf" -o "$dir"
    say "compressing gzip copies"
    (cd "$dir" && ls *.tbl | nice xargs -P "$(nproc)" -I{} sh -c 'gzip -c {} > gz/{}.gz')
    touch "$dir/.complete"
  fi
  flock -u 9
}

ensure_tools
SLICES="${SLICES:-$(nproc)}"
case "$MODE" in
  smoke)
    # SF 0.01, one repetition, short durations; results go to a temporary directory (or --out DIR), never
    # into bench/results. Fails when the harness breaks; blueshift's own failures are only reported.
    OUT="$(mktemp -d /tmp/bench-smoke.XXXXXX)"
    args=()
    while [[ $# -gt 0 ]]; do
      if [[ "$1" == "--out" && $# -ge 2 ]]; then OUT="$2"; shift 2; else args+=("$1"); shift; fi
    done
    mkdir -p "$OUT"
    # Old results must not satisfy the check below.
    rm -f "$OUT"/LATEST.md "$OUT"/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-*.{json,md,png}
    ensure_data 0.01
    say "smoke run, results in $OUT"
    nice node "$BENCH_DIR/lib/main.mjs" --bench all --sf 0.01 --reps 1 --timeout 10 --load-timeout 60 --slices "$SLICES" \
      --write-rows 2000 --write-seconds 2 --conc-seconds 3 --conc-clients 8,32 --out "$OUT" ${args[@]+"${args[@]}"}
    node "$BENCH_DIR/lib/check_report.mjs" "$OUT"
    ;;
  writes)
    # Quick by default (a 1,000,000-row table, 5 s per test, the staging upsert at SF 0.1: about 3 minutes);
    # writes-full is the size issue #7 measures. Options after the mode override these.
    SF="${SF:-0.1}"
    ensure_data "$SF"
    exec node "$BENCH_DIR/lib/main.mjs" --bench writes --sf "$SF" --reps "${REPS:-3}" --timeout "${TIMEOUT:-300}" \
      --slices "$SLICES" --write-rows 1000000 --write-seconds 5 --out "${OUT:-$BENCH_DIR/results}" "$@"
    ;;
  writes-full)
    # What issue #7 measures: UPDATE/DELETE by key in a 10,000,000-row table and the staging upsert of 1% of
    # SF 1 lineitem, against DuckDB and PostgreSQL, the INSERT tests in 3 rounds; about 10 minutes once the SF 1
    # data exists.
    ensure_data 1
    exec node "$BENCH_DIR/lib/main.mjs" --bench writes --sf 1 --reps "${REPS:-3}" --timeout "${TIMEOUT:-300}" \
      --slices "$SLICES" --write-rows 10000000 --write-seconds 10 --write-rounds 3 --systems duckdb,postgres,blueshift \
      --out "${OUT:-$BENCH_DIR/results}" "$@"
    ;;
  ingest-s3)
    # Only the S3 part of ingest: lineitem from the local file and through s3rver, REPS times each, with the
    # CPU seconds of blueshift and of s3rver (blueshift only; about a minute per repetition at SF 1).
    SF="${SF:-1}"
    ensure_data "$SF"
    exec node "$BENCH_DIR/lib/main.mjs" --bench s3ingest --systems blueshift --sf "$SF" --reps "${REPS:-3}" \
      --timeout "${TIMEOUT:-300}" --slices "$SLICES" --out "${OUT:-$BENCH_DIR/results}" "$@"
    ;;
  ingest-stats)
    # What keeping statistics costs COPY: lineitem from the local file with statistics maintained (the
    # default) and with STATUPDATE OFF, alternating, REPS times each, wall and CPU seconds (blueshift only).
    SF="${SF:-1}"
    ensure_data "$SF"
    exec node "$BENCH_DIR/lib/main.mjs" --bench statsingest --systems blueshift --sf "$SF" --reps "${REPS:-4}" \
      --timeout "${TIMEOUT:-300}" --slices "$SLICES" --out "${OUT:-$BENCH_DIR/results}" "$@"
    ;;
  all | tpch | ingest | size | concurrency)
    SF="${SF:-1}"
    ensure_data "$SF"
    exec node "$BENCH_DIR/lib/main.mjs" --bench "$MODE" --sf "$SF" --reps "${REPS:-3}" --timeout "${TIMEOUT:-300}" \
      --slices "$SLICES" --out "${OUT:-$BENCH_DIR/results}" "$@"
    ;;
  *)
    echo "usage: bench/run.sh [all|tpch|ingest|ingest-s3|ingest-stats|size|writes|writes-full|concurrency|smoke] [options]" >&2
    exit 2
    ;;
esac
