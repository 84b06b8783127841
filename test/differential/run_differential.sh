#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (initdb + pg_ctl on a temp dir, unix socket only; as the `postgres` user
# when run as root) and a blueshift server (server_lib.sh), then runs differential.py against both.
#
# usage: run_differential.sh BLUESHIFT_BINARY [differential.py options: --queries N --seed S ...]
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../clients/server_lib.sh"

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/pg_ctl" ] || { echo "FAIL: PostgreSQL server not installed (scripts/install-deps.sh)" >&2; exit 1; }

bs_init "${1:?usage: run_differential.sh BLUESHIFT_BINARY [OPTIONS...]}"
shift
PG_DIR=$BS_TMP/pg
PG_PORT=$(bs_free_port)
mkdir -p "$PG_DIR"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_stop() {
  [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
  bs_cleanup
}
trap pg_stop EXIT

[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
as_pg "$pg_bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 ||
  { cat "$PG_DIR/initdb.log" >&2; bs_fail "initdb"; }
as_pg "$pg_bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses= -c fsync=off -c synchronous_commit=off" start >/dev/null ||
  { cat "$PG_DIR/log" >&2; bs_fail "pg_ctl start"; }

bs_start
/usr/bin/python3 -B "$here/differential.py" \
  --blueshift "host=127.0.0.1 port=$BS_PORT user=awsuser dbname=dev" \
  --postgres "host=$PG_DIR port=$PG_PORT user=postgres dbname=postgres" "$@"
rc=$?
bs_stop
exit $rc
