#!/usr/bin/env bash
# Client test: connection limits and other users' sessions, over real connections (psycopg2).
#  - a flood of connections beyond --max-connections gets FATAL 53300 (Redshift's wording) while the open
#    sessions keep working, and a slot freed is usable again;
#  - CREATE USER ... CONNECTION LIMIT n: the (n+1)th session of that user gets 53300;
#  - CANCEL / PG_CANCEL_BACKEND of another user's session needs a superuser (42501), of one's own works;
#  - PG_TERMINATE_BACKEND ends a session (a superuser's call), refused for another user's session;
#  - the monitoring views show a regular user only their own rows, a superuser everyone's.
# Usage: limits_test.sh path/to/blueshift
source "$(dirname "$0")/server_lib.sh"
bs_init "${1:?usage: limits_test.sh BLUESHIFT_BINARY}"
BS_SERVE_ARGS="--max-connections 6"
bs_start
PORT=$BS_PORT /usr/bin/python3 - <<'PY' || bs_fail "limits checks failed"
import os, threading, time
import psycopg2, psycopg2.errors

port = int(os.environ["PORT"])

def connect(user="awsuser", dbname="dev"):
    c = psycopg2.connect(host="127.0.0.1", port=port, user=user, dbname=dbname)
    c.autocommit = True
    return c

def one(c, sql, args=None):
    cur = c.cursor()
    cur.execute(sql, args)
    return cur.fetchone()[0]

def expect(got, want, what):
    if got != want:
        raise SystemExit(f"FAIL {what}: got {got!r}, want {want!r}")
    print("ok  ", what)

su = connect()
cur = su.cursor()
cur.execute("CREATE USER alice PASSWORD 'Alice1234' CONNECTION LIMIT 2")
cur.execute("CREATE USER bob PASSWORD 'Bob12345'")
cur.execute("CREATE TABLE lim_t (x INTEGER)")
cur.execute("INSERT INTO lim_t VALUES (1), (2), (3)")
cur.execute("GRANT SELECT ON lim_t TO PUBLIC")

# Per-user CONNECTION LIMIT 2.
a1, a2 = connect("alice"), connect("alice")
try:
    connect("alice")
    raise SystemExit("FAIL a third alice session was admitted")
except psycopg2.OperationalError as e:
    expect('too many connections for role "alice"' in str(e), True, "CONNECTION LIMIT refuses the third session")
a2.close()
time.sleep(0.2)
a2 = connect("alice")
expect(one(a2, "SELECT current_user"), "alice", "a freed slot of alice is usable again")

# A database's CONNECTION LIMIT 1 holds for others than superusers.
cur.execute("CREATE DATABASE lim_db CONNECTION LIMIT 1")
l1 = connect("bob", "lim_db")
try:
    connect("bob", "lim_db")
    raise SystemExit("FAIL a second session of lim_db was admitted")
except psycopg2.OperationalError as e:
    expect('too many connections for database "lim_db"' in str(e), True, "the database's CONNECTION LIMIT refuses it")
l2 = connect("awsuser", "lim_db")
expect(one(l2, "SELECT current_database()"), "lim_db", "a superuser is not held to the database's limit")
# A superuser's PG_TERMINATE_BACKEND from dev ends a session of another database, which STV_SESSIONS (one view
# of the whole data directory) shows too.
l1_pid = one(l1, "SELECT pg_backend_pid()")
expect(one(su, f"SELECT count(*) FROM stv_sessions WHERE process = {l1_pid}"), 1, "dev's STV_SESSIONS shows lim_db's session")
expect(one(su, f"SELECT pg_terminate_backend({l1_pid})"), 1, "PG_TERMINATE_BACKEND of a session of lim_db")
try:
    one(l1, "SELECT 1")
    raise SystemExit("FAIL a terminated session of lim_db still runs statements")
except psycopg2.Error as e:
    print("ok   the terminated lim_db session's next statement fails:", str(e).strip().splitlines()[0])
l2.close()

# Visibility: alice and bob each run a marked query; each sees only their own in the user views.
b = connect("bob")
expect(one(a1, "SELECT count(*) FROM lim_t WHERE x <> 4242"), 3, "alice's query")
expect(one(b, "SELECT count(*) FROM lim_t WHERE x <> 5353"), 3, "bob's query")
# The patterns are split ('53' || '53') so that the checking statements do not match themselves.
views = [("stl_query", "querytxt"), ("stl_querytext", "text"), ("svl_qlog", "substring"),
         ("svl_statementtext", "text"), ("stv_recents", "query")]
for view, col in views:
    expect(one(a1, f"SELECT count(*) FROM {view} WHERE {col} LIKE '%x <> 42' || '42%'") > 0, True, f"alice sees her row in {view}")
    expect(one(a1, f"SELECT count(*) FROM {view} WHERE {col} LIKE '%x <> 53' || '53%'"), 0, f"alice does not see bob's row in {view}")
    expect(one(su, f"SELECT count(*) FROM {view} WHERE {col} LIKE '%x <> 53' || '53%'") > 0, True, f"the superuser sees bob's row in {view}")
expect(one(a1, "SELECT count(DISTINCT user_name) FROM stv_sessions"), 1, "alice sees only her sessions in stv_sessions")
expect(one(a1, "SELECT count(*) FROM stv_sessions WHERE trim(user_name) = 'alice'"), 2, "alice sees both her sessions")
expect(one(su, "SELECT count(DISTINCT user_name) FROM stv_sessions"), 3, "the superuser sees every user's sessions")
expect(one(a1, "SELECT count(*) FROM stl_connection_log"), 0, "stl_connection_log is superuser-only")
expect(one(su, "SELECT count(*) FROM stl_connection_log WHERE trim(username) = 'bob'") > 0, True, "the superuser reads stl_connection_log")

# Cancelling another user's session needs a superuser; one's own and the superuser's cancel work.
bob_pid = one(b, "SELECT pg_backend_pid()")
alice_pid = one(a2, "SELECT pg_backend_pid()")
for sql in (f"CANCEL {bob_pid}", f"SELECT pg_cancel_backend({bob_pid})"):
    try:
        a1.cursor().execute(sql)
        raise SystemExit(f"FAIL alice ran {sql}")
    except psycopg2.errors.InsufficientPrivilege as e:
        expect("must be superuser" in str(e), True, f"{sql.split()[0]} of another user's session is refused")
a1.cursor().execute(f"CANCEL {alice_pid}")  # her own other session: allowed (nothing running)
su.cursor().execute(f"CANCEL {bob_pid}")
expect(one(b, "SELECT 1"), 1, "bob's session still works")

# A flood beyond --max-connections 6 (five are open: su, a1, a2, b, and one more below).
extra = connect()
refused, admitted = [], []
def flood():
    try:
        admitted.append(connect("bob"))  # kept open until the flood is over
    except psycopg2.OperationalError as e:
        refused.append(str(e))
threads = [threading.Thread(target=flood) for _ in range(20)]
for t in threads: t.start()
for t in threads: t.join()
expect((len(admitted), len(refused)), (1, 19), "the flood gets the one free slot, the rest are refused")
redshift = [m for m in refused if "connection limit 6 exceeded for non-bootstrap users" in m]
# Beyond twice the limit in flight at once, the accept loop itself refuses ("sorry, too many clients");
# a client still sending its startup packet (or SSLRequest) may then see only a reset or "error response".
others = [m for m in refused if m not in redshift and "too many clients" not in m]
expect(len(redshift) > 0 and all("reset" in m or "closed" in m or "error response during SSL" in m for m in others), True,
       f"the refusals say why (53300): {set(others)}")
for c in (su, a1, a2, b, extra, *admitted):
    expect(one(c, "SELECT count(*) FROM lim_t"), 3, "an open session still works after the flood")
extra.close()
for c in admitted:
    c.close()

# PG_TERMINATE_BACKEND: another user's session needs a superuser; the superuser's call ends it (its next
# statement fails, the connection is closed) and it leaves STV_SESSIONS; an unknown pid is an error.
time.sleep(0.2)
victim = connect("bob")
victim_pid = one(victim, "SELECT pg_backend_pid()")
try:
    a1.cursor().execute(f"SELECT pg_terminate_backend({victim_pid})")
    raise SystemExit("FAIL alice terminated bob's session")
except psycopg2.errors.InsufficientPrivilege as e:
    expect("must be superuser" in str(e), True, "PG_TERMINATE_BACKEND of another user's session is refused")
expect(one(victim, "SELECT 1"), 1, "the session alice tried to end still works")
expect(one(su, f"SELECT pg_terminate_backend({victim_pid})"), 1, "the superuser's PG_TERMINATE_BACKEND returns 1")
try:
    one(victim, "SELECT 1")
    raise SystemExit("FAIL a terminated session still runs statements")
except psycopg2.Error as e:
    print("ok   the terminated session's next statement fails:", str(e).strip().splitlines()[0])
deadline = time.time() + 10
while one(su, f"SELECT count(*) FROM stv_sessions WHERE process = {victim_pid}") != 0:
    if time.time() > deadline:
        raise SystemExit("FAIL the terminated session is still in stv_sessions")
    time.sleep(0.1)
print("ok   the terminated session left stv_sessions")
try:
    su.cursor().execute("SELECT pg_terminate_backend(999999)")
    raise SystemExit("FAIL pg_terminate_backend of an unknown pid")
except psycopg2.Error as e:
    expect(e.pgcode in ("42704", "22023"), True, f"pg_terminate_backend of an unknown pid is an error ({e.pgcode})")
expect(one(a1, "SELECT count(*) FROM lim_t"), 3, "other sessions still work after a termination")
PY
bs_stop
echo "limits_test: ok"
