#!/usr/bin/env bash
# Access denied by the store: an S3 endpoint (a few lines of Python on loopback) that answers every request
# with HTTP 403 and S3's AccessDenied error document, as S3 does for a key without permission. COPY and
# UNLOAD fail with SQLSTATE 42501 naming the store's code and message, and the table is unchanged.
#
# usage: s3_access_denied_test.sh BLUESHIFT        exit 77 = skipped (no python3/psql)
source "$(dirname "$0")/../clients/server_lib.sh"
command -v python3 >/dev/null && command -v psql >/dev/null || { echo "skip: no python3/psql"; exit 77; }
bs_init "${1:?usage: s3_access_denied_test.sh BLUESHIFT_BINARY}"
deny_pid=
trap '[ -n "$deny_pid" ] && kill "$deny_pid" 2>/dev/null; bs_cleanup' EXIT

s3port=$(bs_free_port)
cat >"$BS_TMP/deny.py" <<'PY'
import http.server, sys

BODY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
        b'<Message>Access Denied</Message><RequestId>0</RequestId></Error>')

class Deny(http.server.BaseHTTPRequestHandler):
    def deny(self):
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(403)
        self.send_header("content-type", "application/xml")
        self.send_header("content-length", str(len(BODY)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(BODY)
    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = deny
    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Deny).serve_forever()
PY
python3 "$BS_TMP/deny.py" "$s3port" &
deny_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$s3port/" && break; sleep 0.1; done
BS_SERVE_ARGS="--s3-endpoint http://127.0.0.1:$s3port"
bs_start

failures=0
sql() { bs_psql -q -t -A -v VERBOSITY=verbose dev -c "$1" 2>&1; }
check() {  # check NAME PATTERN OUTPUT
  if [[ "$3" == *$2* ]]; then echo "ok   $1"; else echo "FAIL $1: expected *$2* in [$3]"; failures=$((failures + 1)); fi
}
keys="ACCESS_KEY_ID 'AKIDEXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'"

sql "CREATE TABLE t (id INTEGER, s VARCHAR(10))" >/dev/null
sql "INSERT INTO t VALUES (1, 'kept')" >/dev/null
out=$(sql "COPY t FROM 's3://bucket/data/part' $keys")
check copy-sqlstate "ERROR:  42501:" "$out"
check copy-code "HTTP 403 AccessDenied: Access Denied" "$out"
out=$(sql "COPY t FROM 's3://bucket/load.manifest' $keys MANIFEST")
check manifest-sqlstate "ERROR:  42501:" "$out"
check unchanged "1|kept" "$(sql 'SELECT id, s FROM t')"
out=$(sql "UNLOAD ('SELECT * FROM t') TO 's3://bucket/out/t_' $keys")
check unload-sqlstate "ERROR:  42501:" "$out"
check server-alive "1" "$(sql 'SELECT count(*) FROM t')"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
