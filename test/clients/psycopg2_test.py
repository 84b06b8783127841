"""psycopg2 smoke test: connect, DDL, parameterised INSERT/SELECT (psycopg2 interpolates parameters
client-side and uses the simple query protocol), NULLs, quoting, an error that leaves the connection
usable, transactions. Connection settings come from PGHOST/PGPORT/PGUSER/PGDATABASE."""

import os
import sys

import psycopg2
import psycopg2.errors


def check(got, want, what):
    if got != want:
        sys.exit(f"FAIL {what}: got {got!r}, want {want!r}")


def main():
    conn = psycopg2.connect("")
    if not os.environ.get("LIBPQ_TEST_ANY_VERSION"):
        check(conn.server_version, 80002, "server_version")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("drop table if exists py_smoke")
    cur.execute("create table py_smoke(id integer not null, name varchar(40), score decimal(8,2), ok boolean)")
    rows = [(1, "plain", "1.50", True), (2, "it's quoted", "-2.25", False), (3, None, None, None)]
    for row in rows:
        cur.execute("insert into py_smoke values (%s, %s, %s, %s)", row)
    check(cur.rowcount, 1, "rowcount of a single-row insert")

    cur.execute("select id, name, score, ok from py_smoke where id >= %s order by id", (1,))
    check([d.name for d in cur.description], ["id", "name", "score", "ok"], "column names")
    got = [(i, n, None if s is None else str(s), b) for (i, n, s, b) in cur.fetchall()]
    check(got, rows, "rows")

    cur.execute("select count(*) from py_smoke where name = %s", ("it's quoted",))
    check(cur.fetchone()[0], 1, "quoted parameter")

    try:
        cur.execute("selec 1")
        sys.exit("FAIL: syntax error not raised")
    except psycopg2.errors.SyntaxError as e:
        check(e.pgcode, "42601", "sqlstate of a syntax error")
    cur.execute("select 1")
    check(cur.fetchone(), (1,), "connection usable after an error")

    conn.autocommit = False
    cur.execute("insert into py_smoke values (4, 'rolled back', 0, true)")
    conn.rollback()
    cur.execute("insert into py_smoke values (5, 'committed', 0, true)")
    conn.commit()
    cur.execute("select id from py_smoke where id > 3 order by id")
    check(cur.fetchall(), [(5,)], "rollback and commit")
    conn.rollback()
    conn.close()
    print("psycopg2 smoke test passed")


if __name__ == "__main__":
    main()
