# Shared by test/clients and test/crash: start, stop and kill a server on a free loopback port.
#
#   source server_lib.sh
#   bs_init BLUESHIFT_BINARY     # makes a temp dir ($BS_TMP) with a data dir; cleaned up on exit
#   bs_start                     # starts the server, waits for "ready to accept connections"
#                                # (BS_SERVE_ARGS: extra `blueshift serve` flags)
#   bs_psql ARGS...              # psql -X against it (user awsuser, database dev)
#   bs_stop                      # SIGTERM; fails unless the server exits 0
#   bs_kill9                     # kill -9, no cleanup
#
# With BS_TARGET=postgres the same functions drive a throwaway PostgreSQL 15 cluster instead (used to
# check the tests' expectations where the dialects agree); the binary argument is then ignored.

set -u

BS_TARGET=${BS_TARGET:-blueshift}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BS_PID=
BS_PORT=

bs_fail() {
  echo "FAIL: $*" >&2
  if [ -n "${BS_LOG:-}" ] && [ -f "$BS_LOG" ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$BS_LOG" >&2
  fi
  exit 1
}

bs_cleanup() {
  if [ -n "$BS_PID" ] && kill -0 "$BS_PID" 2>/dev/null; then
    bs_kill9
  fi
  rm -rf "$BS_TMP"
}

bs_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

bs_init() {
  BS_BIN=$1
  BS_TMP=$(mktemp -d /tmp/blueshift-test.XXXXXX)
  chmod 755 "$BS_TMP"
  BS_DATA=$BS_TMP/data
  BS_LOG=$BS_TMP/server.log
  BS_PORT=$(bs_free_port)
  : >"$BS_LOG"
  trap bs_cleanup EXIT
  export PGHOST=127.0.0.1 PGPORT=$BS_PORT PGUSER=awsuser PGDATABASE=dev PGCONNECT_TIMEOUT=10
  if [ "$BS_TARGET" = postgres ]; then pg_init; fi
}

pg_init() {
  mkdir -p "$BS_DATA" && chown postgres:postgres "$BS_DATA" && chmod 700 "$BS_DATA"
  setpriv --reuid=postgres --regid=postgres --init-groups "$PG_BIN/initdb" -D "$BS_DATA" -U awsuser \
    --auth=trust -E UTF8 --locale=C >>"$BS_LOG" 2>&1 || bs_fail "initdb"
}

# Waits until the log has a "ready to accept connections" line after line $1.
bs_wait_ready() {
  local skip=$1
  for _ in $(seq 1 600); do
    if tail -n +"$((skip + 1))" "$BS_LOG" | grep -q 'ready to accept connections'; then return 0; fi
    kill -0 "$BS_PID" 2>/dev/null || bs_fail "server exited during startup"
    sleep 0.1
  done
  bs_fail "server not ready after 60 s"
}

bs_start() {
  local lines
  lines=$(wc -l <"$BS_LOG")
  if [ "$BS_TARGET" = postgres ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups "$PG_BIN/postgres" -D "$BS_DATA" -p "$BS_PORT" \
      -c listen_addresses=127.0.0.1 -c unix_socket_directories= >>"$BS_LOG" 2>&1 &
  else
    # shellcheck disable=SC2086 # BS_SERVE_ARGS: extra flags, split on spaces (--auth password ...)
    "$BS_BIN" serve --data "$BS_DATA" --host 127.0.0.1 --port "$BS_PORT" --slices 2 ${BS_SERVE_ARGS:-} >>"$BS_LOG" 2>&1 &
  fi
  BS_PID=$!
  bs_wait_ready "$lines"
  if [ "$BS_TARGET" = postgres ] && ! bs_psql -q -d postgres -c 'select 1' >/dev/null 2>&1; then
    bs_fail "postgres not answering"
  fi
  if [ "$BS_TARGET" = postgres ]; then
    bs_psql -q -d postgres -c 'create database dev' >/dev/null 2>&1 || true
  fi
}

# A self-signed certificate for localhost: $BS_TMP/server.crt and server.key.
bs_make_cert() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -keyout "$BS_TMP/server.key" -out "$BS_TMP/server.crt" >/dev/null 2>&1 || bs_fail "openssl could not make a certificate"
}

# Starts the server with --auth password and TLS; the superuser awsuser's password is $BS_PASSWORD,
# exported as PGPASSWORD for the clients.
bs_start_password_tls() {
  bs_make_cert
  BS_PASSWORD=Super1234x
  export BLUESHIFT_SUPERUSER_PASSWORD=$BS_PASSWORD PGPASSWORD=$BS_PASSWORD
  BS_SERVE_ARGS="--auth password --tls-cert $BS_TMP/server.crt --tls-key $BS_TMP/server.key ${BS_SERVE_ARGS:-}"
  bs_start
}

bs_psql() {
  psql -X -h 127.0.0.1 -p "$BS_PORT" -U awsuser "$@"
}

bs_stop() {
  kill -TERM "$BS_PID" || bs_fail "server not running at stop"
  local rc=0
  wait "$BS_PID" || rc=$?
  BS_PID=
  [ "$rc" -eq 0 ] || bs_fail "server exited with $rc after SIGTERM"
}

bs_kill9() {
  local children
  children=$(pgrep -P "$BS_PID" || true)  # PostgreSQL's backends; blueshift has none
  kill -9 "$BS_PID" $children 2>/dev/null
  wait "$BS_PID" 2>/dev/null
  BS_PID=
}

# Rewrites Redshift-only table attributes away when the target is PostgreSQL.
bs_dialect() {
  if [ "$BS_TARGET" = postgres ]; then sed -e 's/ distkey//g' -e 's/ sortkey//g'; else cat; fi
}
