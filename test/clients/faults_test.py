"""Bad input and faults over real sockets, against a started server (run_with_server.sh): a half-sent message,
an oversized message, a half-sent startup packet, bytes that are not the protocol, a client that vanishes
mid-query, and sessions ended by PG_TERMINATE_BACKEND. Each faulty connection gets the right error (08P01, or
FATAL 57P01 when terminated) or is dropped, while a psycopg2 session opened before keeps working throughout,
and the faulty sessions leave STV_SESSIONS. Connection settings come from PGHOST/PGPORT/PGUSER/PGDATABASE."""

import os
import socket
import struct
import sys
import time

import psycopg2


def check(got, want, what):
    if got != want:
        sys.exit(f"FAIL {what}: got {got!r}, want {want!r}")
    print(f"ok   {what}")


def raw_connect():
    s = socket.create_connection((os.environ["PGHOST"], int(os.environ["PGPORT"])), timeout=30)
    return s


def startup(s):
    """Sends a startup packet for awsuser/dev and reads up to ReadyForQuery; returns the backend pid."""
    body = struct.pack("!i", 196608) + b"user\0" + os.environ["PGUSER"].encode() + b"\0database\0" + \
        os.environ["PGDATABASE"].encode() + b"\0\0"
    s.sendall(struct.pack("!i", len(body) + 4) + body)
    pid = None
    while True:
        kind, payload = read_message(s)
        if kind == b"K":
            pid = struct.unpack("!i", payload[:4])[0]
        if kind == b"E":
            sys.exit(f"FAIL startup refused: {payload!r}")
        if kind == b"Z":
            return pid


def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def read_message(s):
    header = read_exact(s, 5)
    length = struct.unpack("!i", header[1:])[0]
    return header[:1], read_exact(s, length - 4)


def read_until_closed(s):
    """Everything the server sends until it closes the connection."""
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def query_message(sql):
    body = sql.encode() + b"\0"
    return b"Q" + struct.pack("!i", len(body) + 4) + body


def errors(reply):
    """(severity, SQLSTATE) of each ErrorResponse in a stream of backend messages."""
    out = []
    while len(reply) >= 5:
        kind, length = reply[:1], struct.unpack("!i", reply[1:5])[0]
        if kind == b"E":
            fields = {f[:1]: f[1:].decode() for f in reply[5:1 + length].split(b"\0") if f}
            out.append((fields.get(b"V"), fields.get(b"C")))
        reply = reply[1 + length:]
    return out


def sessions(cur, pid):
    cur.execute("SELECT count(*) FROM stv_sessions WHERE process = %s", (pid,))
    return cur.fetchone()[0]


def wait_gone(cur, pid, what, seconds=30):
    deadline = time.time() + seconds
    while sessions(cur, pid) != 0:
        if time.time() > deadline:
            sys.exit(f"FAIL {what}: session {pid} still in stv_sessions after {seconds} s")
        time.sleep(0.1)
    print(f"ok   {what}: its session ended")


def main():
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("CREATE TABLE faults_t (x INTEGER)")
    cur.execute("INSERT INTO faults_t VALUES (1)")
    for _ in range(13):  # 2^13 rows: a self cross join of them takes a while
        cur.execute("INSERT INTO faults_t SELECT x + 1 FROM faults_t")

    def still_working(what):
        cur.execute("SELECT count(*) FROM faults_t")
        check(cur.fetchone()[0], 8192, f"the other session still works after {what}")

    # A half-sent message: the length says 100 bytes, 6 arrive, then the client hangs up.
    s = raw_connect()
    pid = startup(s)
    s.sendall(b"Q" + struct.pack("!i", 100) + b"SELECT")
    s.close()
    wait_gone(cur, pid, "a half-sent message")
    still_working("a half-sent message")

    # An oversized message: a length over 1 GB is a protocol violation, answered with 08P01 and a close.
    s = raw_connect()
    pid = startup(s)
    s.sendall(b"Q" + struct.pack("!i", 0x7FFFFFF0) + b"SELECT 1")
    reply = read_until_closed(s)
    s.close()
    check(reply[:1] == b"E" and b"08P01" in reply, True, f"an oversized message gets 08P01 ({reply[:80]!r})")
    wait_gone(cur, pid, "an oversized message")
    still_working("an oversized message")

    # A message of a type the protocol does not have.
    s = raw_connect()
    pid = startup(s)
    s.sendall(b"\x01" + struct.pack("!i", 4))
    reply = read_until_closed(s)
    s.close()
    check(b"08P01" in reply, True, "an unknown message type gets 08P01")
    wait_gone(cur, pid, "an unknown message type")

    # A half-sent startup packet, and bytes that are not the protocol at all (an HTTP request).
    s = raw_connect()
    s.sendall(struct.pack("!i", 100) + b"\0\3")
    s.close()
    s = raw_connect()
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    reply = read_until_closed(s)
    s.close()
    check(reply == b"" or reply[:1] == b"E", True, f"an HTTP request is refused or dropped ({reply[:60]!r})")
    still_working("a half-sent startup packet and an HTTP request")

    # A client that vanishes mid-query: its statement finishes (or fails) on the server, which then ends the
    # session when it cannot answer; nobody else notices.
    s = raw_connect()
    pid = startup(s)
    s.sendall(query_message("SELECT count(*) FROM faults_t a, faults_t b WHERE a.x + b.x = -1"))
    time.sleep(0.3)
    s.close()
    still_working("a client vanished mid-query")
    wait_gone(cur, pid, "a client that vanished mid-query", seconds=120)
    cur.execute("SELECT count(*) FROM stv_inflight WHERE pid = %s", (pid,))
    check(cur.fetchone()[0], 0, "the vanished client's query is no longer in flight")
    # PG_TERMINATE_BACKEND of a session whose statement runs, and of one's own session: the session hears FATAL
    # 57P01, not its statement's cancel (57014), and the connection closes, as in PostgreSQL. (psycopg2 reports
    # only the closed connection that follows, for PostgreSQL's FATAL too: the protocol is read here.)
    s = raw_connect()
    pid = startup(s)
    s.sendall(query_message("SELECT count(*) FROM faults_t a, faults_t b, faults_t c WHERE a.x + b.x + c.x = -1"))
    time.sleep(0.3)
    cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
    reply = read_until_closed(s)
    s.close()
    check(errors(reply), [("FATAL", "57P01")], "a session terminated while its statement runs gets FATAL 57P01")
    wait_gone(cur, pid, "a session terminated while its statement ran")
    s = raw_connect()
    pid = startup(s)
    s.sendall(query_message("SELECT pg_terminate_backend(pg_backend_pid())"))
    reply = read_until_closed(s)
    s.close()
    check(errors(reply), [("FATAL", "57P01")], "a session that terminates itself gets FATAL 57P01")
    wait_gone(cur, pid, "a session that terminated itself")
    still_working("every fault")
    conn.close()
    print("faults_test passed")


if __name__ == "__main__":
    main()
