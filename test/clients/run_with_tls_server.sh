#!/usr/bin/env bash
# Like run_with_server.sh, but the server asks for passwords and offers TLS (a self-signed certificate):
# the client gets PGHOST, PGPORT, PGUSER=awsuser, PGDATABASE=dev and PGPASSWORD (awsuser's password).
# Usage: run_with_tls_server.sh path/to/blueshift COMMAND [ARGS...]
source "$(dirname "$0")/server_lib.sh"
bs_init "${1:?usage: run_with_tls_server.sh BLUESHIFT_BINARY COMMAND...}"
shift
bs_start_password_tls
"$@" || bs_fail "client program failed: $*"
bs_stop
echo "PASS $*"
