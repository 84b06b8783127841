#!/usr/bin/env bash
# Starts a server on a free port, runs a client program against it (PGHOST, PGPORT, PGUSER=awsuser and
# PGDATABASE=dev are exported), then stops the server with SIGTERM; fails if either fails.
# Usage: run_with_server.sh path/to/blueshift COMMAND [ARGS...]
source "$(dirname "$0")/server_lib.sh"
bs_init "${1:?usage: run_with_server.sh BLUESHIFT_BINARY COMMAND...}"
shift
bs_start
"$@" || bs_fail "client program failed: $*"
bs_stop
echo "PASS $*"
