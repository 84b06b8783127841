#!/usr/bin/env bash
# Client test: passwords (SCRAM-SHA-256, MD5, Redshift's sha256 form) and TLS through psql and psycopg2,
# against a server started with --auth password and a self-signed certificate; users and grants over
# real logins (the Okta example). Usage: auth_test.sh path/to/blueshift
source "$(dirname "$0")/server_lib.sh"
bs_init "${1:?usage: auth_test.sh BLUESHIFT_BINARY}"

bs_start_password_tls
unset PGPASSWORD  # every check below gives its password explicitly
grep -q 'auth password, TLS' "$BS_LOG" || bs_fail "server did not report password auth with TLS"

# q USER PASSWORD SQL [conninfo extras]: one psql -c, tuples only; output and errors to stdout.
q() {
  PGPASSWORD=$2 psql -X -At -h 127.0.0.1 -p "$BS_PORT" -U "$1" -d "dbname=dev ${4:-}" -c "$3" 2>&1
}
expect() {  # expect NAME EXPECTED ACTUAL
  [ "$2" = "$3" ] || bs_fail "$1: expected [$2], got [$3]"
}
expect_grep() {  # expect_grep NAME PATTERN ACTUAL
  echo "$3" | grep -q -- "$2" || bs_fail "$1: expected /$2/ in [$3]"
}

# The superuser's password comes from the environment; the stored verifier makes it SCRAM-SHA-256.
expect scram "1" "$(q awsuser Super1234x 'SELECT 1')"
start=$(date +%s%N)
out=$(q awsuser Wrong1234x 'SELECT 1')
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_grep wrong-password 'password authentication failed for user "awsuser"' "$out"
[ "$elapsed_ms" -ge 900 ] || bs_fail "a wrong password was answered without delay (${elapsed_ms} ms)"
# An unknown user gets the very same answer.
expect_grep unknown-user 'password authentication failed for user "nobody"' "$(q nobody Super1234x 'SELECT 1')"
# No password at all: psql cannot answer the challenge.
out=$(psql -X -At -w -h 127.0.0.1 -p "$BS_PORT" -U awsuser -d dev -c 'SELECT 1' 2>&1)
expect_grep no-password 'password' "$out"

# MD5: a password given as 'md5' || md5(password || user).
md5=$(printf '%s' 'Md5pass123md5user' | md5sum | cut -d' ' -f1)
q awsuser Super1234x "CREATE USER md5user PASSWORD 'md5$md5'" >/dev/null
q awsuser Super1234x "CREATE USER shauser PASSWORD 'sha256|Shapass123'" >/dev/null
q awsuser Super1234x "CREATE USER nopass PASSWORD DISABLE" >/dev/null
expect md5 "md5user" "$(q md5user Md5pass123 'SELECT current_user')"
expect_grep md5-wrong 'password authentication failed for user "md5user"' "$(q md5user Md5pass999 'SELECT 1')"
expect sha256 "shauser" "$(q shauser Shapass123 'SELECT current_user')"
expect_grep disabled 'password authentication failed for user "nopass"' "$(q nopass Some1234x 'SELECT 1')"
# pg_shadow keeps hashes only, and only superusers see it.
expect shadow-md5 "md5$md5" "$(q awsuser Super1234x "SELECT passwd FROM pg_shadow WHERE usename = 'md5user'")"
expect_grep shadow-scram '^SCRAM-SHA-256\$4096:' "$(q awsuser Super1234x "SELECT passwd FROM pg_shadow WHERE usename = 'awsuser'")"
expect shadow-hidden "0" "$(q md5user Md5pass123 'SELECT count(*) FROM pg_shadow')"

# VALID UNTIL in the past: the account is expired.
q awsuser Super1234x "CREATE USER olduser PASSWORD 'Oldpass123' VALID UNTIL '2001-01-01'" >/dev/null
expect_grep expired 'password authentication failed for user "olduser"' "$(q olduser Oldpass123 'SELECT 1')"

# TLS: sslmode=require gets an encrypted session; sslmode=disable still works.
expect tls-require "t" "$(q awsuser Super1234x 'SELECT 1 = 1' 'sslmode=require')"
out=$(PGPASSWORD=Super1234x PGSSLMODE=require psql -X -h 127.0.0.1 -p "$BS_PORT" -U awsuser -d dev -c '\conninfo' 2>&1)
expect_grep tls-conninfo 'SSL connection' "$out"
expect tls-disable "1" "$(q awsuser Super1234x 'SELECT 1' 'sslmode=disable')"

# The Okta example over real logins: a member of group sales reads sales.stores, not marketing.campaign.
q awsuser Super1234x "
  CREATE SCHEMA sales; CREATE SCHEMA marketing;
  CREATE TABLE sales.stores (id INT, city VARCHAR(20)); INSERT INTO sales.stores VALUES (1, 'Berlin');
  CREATE TABLE marketing.campaign (id INT);
  CREATE GROUP sales_group; CREATE USER okta_user PASSWORD 'Okta12345' IN GROUP sales_group;
  GRANT USAGE ON SCHEMA sales TO GROUP sales_group;
  GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP sales_group;" >/dev/null
expect okta-read "Berlin" "$(q okta_user Okta12345 'SELECT city FROM sales.stores' 'sslmode=require')"
expect_grep okta-denied 'permission denied for schema marketing' \
  "$(q okta_user Okta12345 'SELECT * FROM marketing.campaign' 'sslmode=require')"
expect okta-user "okta_user" "$(q okta_user Okta12345 'SELECT current_user')"

# psycopg2 with a password over TLS, and its error class for a wrong password.
PORT=$BS_PORT /usr/bin/python3 - <<'PY' || bs_fail "psycopg2 password/TLS checks failed"
import os, psycopg2
port = int(os.environ["PORT"])
conn = psycopg2.connect(host="127.0.0.1", port=port, user="okta_user", password="Okta12345", dbname="dev",
                        sslmode="require")
cur = conn.cursor()
cur.execute("SELECT count(*) FROM sales.stores WHERE id = %s", (1,))
assert cur.fetchone() == (1,)
try:
    cur.execute("SELECT * FROM marketing.campaign")
    raise SystemExit("expected a permission error")
except psycopg2.errors.InsufficientPrivilege as e:
    assert "permission denied for schema marketing" in str(e), e
conn.close()
try:
    psycopg2.connect(host="127.0.0.1", port=port, user="okta_user", password="nope", dbname="dev")
    raise SystemExit("a wrong password was accepted")
except psycopg2.OperationalError as e:
    assert 'password authentication failed for user "okta_user"' in str(e), e
PY

# Without --auth, a server listening beyond loopback asks for passwords (trust is the default on loopback
# only, which every other client suite relies on).
bs_stop
BS_SERVE_ARGS="--host 0.0.0.0"
lines=$(wc -l <"$BS_LOG")
bs_start
tail -n +"$((lines + 1))" "$BS_LOG" | grep -q 'ready to accept connections on 0.0.0.0:.*(auth password' ||
  bs_fail "a server on 0.0.0.0 without --auth does not ask for passwords"
out=$(psql -X -At -w -h 127.0.0.1 -p "$BS_PORT" -U awsuser -d dev -c 'SELECT 1' 2>&1)
expect_grep default-password 'password' "$out"
expect default-password-ok "1" "$(q awsuser Super1234x 'SELECT 1')"
bs_stop
echo "auth_test: ok"
