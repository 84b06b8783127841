"""COPY ... FROM STDIN through psycopg2's copy_expert (the COPY sub-protocol): rows arrive, a client-side
failure mid-copy (CopyFail) aborts the load with 57014 and changes nothing, and the connection stays usable.
Connection settings come from PGHOST/PGPORT/PGUSER/PGDATABASE."""

import io
import sys

import psycopg2


def check(got, want, what):
    if got != want:
        sys.exit(f"FAIL {what}: got {got!r}, want {want!r}")


class FailingReader(io.RawIOBase):
    """Yields one chunk, then raises: psycopg2 answers with CopyFail."""

    def __init__(self):
        self.sent = False

    def readable(self):
        return True

    def readinto(self, b):
        if self.sent:
            raise IOError("reader broke")
        data = b"9|nine\n"
        b[: len(data)] = data
        self.sent = True
        return len(data)


def main():
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("create table py_copy (id integer, name varchar(20))")
    data = "".join(f"{i}|name {i}\n" for i in range(1, 1001))
    cur.copy_expert("COPY py_copy FROM STDIN DELIMITER '|'", io.StringIO(data))
    cur.execute("select count(*), sum(id), max(name) from py_copy")
    check(cur.fetchone(), (1000, 500500, "name 999"), "rows loaded")
    cur.execute("select pg_last_copy_count()")
    check(cur.fetchone()[0], 1000, "pg_last_copy_count")

    cur.copy_expert("COPY py_copy (name, id) FROM STDIN CSV", io.StringIO('"a, b",2000\n'))
    cur.execute("select name from py_copy where id = 2000")
    check(cur.fetchone()[0], "a, b", "CSV with a column list")

    try:
        cur.copy_expert("COPY py_copy FROM STDIN", FailingReader())
        sys.exit("FAIL: a failing reader did not fail the COPY")
    except psycopg2.Error as e:
        check(e.pgcode, "57014", "CopyFail SQLSTATE")
    except IOError:
        pass  # some psycopg2 versions re-raise the reader's own error after sending CopyFail
    cur.execute("select count(*) from py_copy")
    check(cur.fetchone()[0], 1001, "rows after a failed COPY")
    print("PASS psycopg2 copy_expert")


if __name__ == "__main__":
    main()
