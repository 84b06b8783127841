"""psycopg2: every Redshift scalar type both ways through psycopg2's adapters (Python values to SQL literals;
psycopg2 interpolates parameters on the client and sends simple queries) and typecasters (result columns by
type OID to Python values). For each type: INSERT with parameters into a column of the type, SELECT with a
parameter in WHERE, read back and compare with the value sent, `SELECT %s::type`, and NULL. Connection
settings from PGHOST/PGPORT/PGUSER/PGDATABASE."""

import datetime as dt
import math
import struct
import sys
from decimal import Decimal

import psycopg2
import psycopg2.extensions as ext

FAILURES = []


def check(got, want, what):
    same = got == want or (isinstance(got, float) and isinstance(want, float) and math.isnan(got) and math.isnan(want))
    if not same or type(got) is not type(want):
        FAILURES.append(f"{what}: got {got!r}, want {want!r}")
    else:
        print(f"ok   {what}")


class Varbyte(bytes):
    """bytes that go to the server as FROM_HEX('..'): Redshift has no bytea, and a quoted literal cast to
    VARBYTE takes the string's own bytes."""


def adapt_varbyte(value):
    return ext.AsIs("from_hex('%s')" % value.hex())


class TimeTz(dt.time):
    pass


def adapt_timetz(value):
    # psycopg2's own time adapter writes '...'::time, which drops the offset (as it does on PostgreSQL).
    return ext.AsIs("'%s'::timetz" % value.isoformat())


def register_adapters(conn):
    ext.register_adapter(Varbyte, adapt_varbyte)
    ext.register_adapter(TimeTz, adapt_timetz)
    # VARBYTE comes back as hex text with Redshift's own type OID 6551; a typecaster makes it bytes.
    varbyte = ext.new_type((6551,), "VARBYTE", lambda s, cur: None if s is None else bytes.fromhex(s))
    ext.register_type(varbyte, conn)


UTC = dt.timezone.utc
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
PST = dt.timezone(dt.timedelta(hours=-8))
NAN, INF = float("nan"), float("inf")

# (column type, values sent, values read back when they differ from the values sent)
CASES = [
    ("SMALLINT", [-32768, 32767, 0], None),
    ("INTEGER", [-2147483648, 2147483647, -1], None),
    ("BIGINT", [-9223372036854775808, 9223372036854775807, 0], None),
    ("DECIMAL(38,0)", [Decimal("99999999999999999999999999999999999999"),
                       Decimal("-99999999999999999999999999999999999999"), Decimal("0")], None),
    ("DECIMAL(38,37)", [Decimal("9.9999999999999999999999999999999999999"),
                        Decimal("-0.0000000000000000000000000000000000001")], None),
    ("DECIMAL(19,0)", [Decimal("9223372036854775807"), Decimal("-9223372036854775807")], None),
    ("DECIMAL(18,4)", [Decimal("-12345678901234.5678"), Decimal("0.0001"), Decimal("1.23456")],
     [Decimal("-12345678901234.5678"), Decimal("0.0001"), Decimal("1.2346")]),
    ("DECIMAL(5,2)", [Decimal("-999.99"), Decimal("0.00")], None),
    ("REAL", [1.5, -3.4028234663852886e38, 1.1754943508222875e-38, NAN, INF, -INF], None),
    ("DOUBLE PRECISION", [-2.25e-300, 1.7976931348623157e308, 5e-324, 0.1, NAN, INF, -INF], None),
    ("BOOLEAN", [True, False], None),
    ("CHAR(6)", ["ab", "", "abcdef"], ["ab    ", "      ", "abcdef"]),
    ("VARCHAR(40)", ["", "it's \\ \"quoted\"", "ünïcode ✓ 𝄞 日本"], None),
    ("DATE", [dt.date(1, 1, 1), dt.date(1969, 12, 31), dt.date(1970, 1, 1), dt.date(9999, 12, 31)], None),
    ("TIMESTAMP", [dt.datetime(1900, 1, 1, 0, 0, 0, 1), dt.datetime(2024, 2, 29, 13, 14, 15, 123456),
                   dt.datetime(9999, 12, 31, 23, 59, 59, 999999)], None),
    ("TIMESTAMPTZ", [dt.datetime(1960, 6, 1, 12, 0, 0, 1, tzinfo=UTC), dt.datetime(2024, 2, 29, 13, 14, 15, 123456,
                                                                                 tzinfo=IST)],
     [dt.datetime(1960, 6, 1, 12, 0, 0, 1, tzinfo=UTC), dt.datetime(2024, 2, 29, 7, 44, 15, 123456, tzinfo=UTC)]),
    ("TIME", [dt.time(0, 0), dt.time(23, 59, 59, 999999), dt.time(12, 0, 0, 1)], None),
    ("TIMETZ", [TimeTz(12, 34, 56, 789, tzinfo=IST), TimeTz(23, 0, tzinfo=PST), TimeTz(0, 0, tzinfo=UTC)],
     [dt.time(12, 34, 56, 789, tzinfo=IST), dt.time(23, 0, tzinfo=PST), dt.time(0, 0, tzinfo=UTC)]),
    ("INTERVAL DAY TO SECOND", [dt.timedelta(days=-3, microseconds=-1), dt.timedelta(days=12345, seconds=3661,
                                                                                   microseconds=1),
                                dt.timedelta(0)], None),
    ("VARBYTE(20)", [Varbyte(b""), Varbyte(b"\x00\xff\x10"), Varbyte("ü".encode())],
     [b"", b"\x00\xff\x10", "ü".encode()]),
]


def float32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def is_nan(v):
    return isinstance(v, float) and math.isnan(v)


def round_trip(cur, n, sql_type, sent, want):
    # REAL comes back as a Python float of 8 significant digits: compared as float32.
    norm = (lambda v: float32(v) if isinstance(v, float) else v) if sql_type == "REAL" else (lambda v: v)
    table = f"py_types_{n}"
    cur.execute(f"DROP TABLE IF EXISTS {table}")
    cur.execute(f"CREATE TABLE {table} (id INTEGER, v {sql_type})")
    for i, value in enumerate(sent):
        cur.execute(f"INSERT INTO {table} VALUES (%s, %s)", (i, value))
    cur.execute(f"INSERT INTO {table} VALUES (%s, %s)", (len(sent), None))
    cur.execute(f"SELECT id, v FROM {table} ORDER BY id")
    rows = cur.fetchall()
    check(len(rows), len(sent) + 1, f"{sql_type}: row count")
    for (i, got), expected in zip(rows, want + [None]):
        check(norm(got), norm(expected), f"{sql_type}: value {i} read back")
    for i, value in enumerate(sent):
        if is_nan(value):
            continue
        probe = want[i] if isinstance(value, Decimal) else value  # a DECIMAL is stored rounded to its scale
        cur.execute(f"SELECT id FROM {table} WHERE v = %s ORDER BY id", (probe,))
        check([r[0] for r in cur.fetchall()], [i], f"{sql_type}: value {i} found by a parameter in WHERE")
        cur.execute(f"SELECT CAST(%s AS {sql_type})", (value,))
        check(norm(cur.fetchone()[0]), norm(want[i]), f"{sql_type}: value {i} through SELECT CAST(%s AS type)")
    cur.execute(f"SELECT count(*) FROM {table} WHERE v IS NULL AND %s IS NULL", (None,))
    check(cur.fetchone()[0], 1, f"{sql_type}: NULL parameter and NULL value")
    cur.execute(f"SELECT CAST(%s AS {sql_type})", (None,))
    check(cur.fetchone()[0], None, f"{sql_type}: NULL through SELECT CAST(%s AS type)")


def interval_year_month(cur):
    # psycopg2 has no Python type for months: it reads a year-month interval as days (a year 365, a month 30).
    cur.execute("CREATE TABLE py_types_ym (id INTEGER, v INTERVAL YEAR TO MONTH)")
    cur.execute("INSERT INTO py_types_ym VALUES (%s, %s), (%s, %s), (%s, %s)",
                (1, "1 year 2 months", 2, "-5 months", 3, None))
    cur.execute("SELECT v FROM py_types_ym ORDER BY id")
    check([r[0] for r in cur.fetchall()], [dt.timedelta(days=425), dt.timedelta(days=-150), None],
          "INTERVAL YEAR TO MONTH read back as timedelta")
    cur.execute("SELECT id FROM py_types_ym WHERE v = %s", ("-0-5",))
    check(cur.fetchall(), [(2,)], "INTERVAL YEAR TO MONTH found by a SQL-standard parameter")


def unsupported_types(conn, cur):
    # HLLSKETCH columns hold a sketch's text form (docs/format/hllsketch.md).
    cur.execute("CREATE TABLE py_types_hll (v HLLSKETCH)")
    cur.execute("INSERT INTO py_types_hll SELECT hll_create_sketch(x) FROM (SELECT 1 AS x UNION ALL SELECT 2) s")
    cur.execute("SELECT hll_cardinality(v), v FROM py_types_hll")
    card, text = cur.fetchone()
    check((card, text.startswith('{"version":1,"logm":15,"sparse":')), (2, True), "HLLSKETCH: a sketch read back")
    for sql_type in ("SUPER", "GEOMETRY", "GEOGRAPHY"):
        try:
            cur.execute(f"CREATE TABLE py_types_x (v {sql_type})")
            FAILURES.append(f"{sql_type}: CREATE TABLE succeeded, yet it is not supported")
        except psycopg2.Error as e:
            check((e.pgcode, e.diag.message_primary), ("0A000", f"type {sql_type.lower()} is not supported yet"),
                  f"{sql_type}: unsupported, said so")


def float_digits(cur):
    # Redshift prints 15 significant digits of a DOUBLE PRECISION and 6 of a REAL by default; the session's
    # extra_float_digits (up to 2) adds digits, enough for the text to read back as the same double.
    cur.execute("SELECT CAST(%s AS DOUBLE PRECISION)::VARCHAR, CAST(%s AS DOUBLE PRECISION), CAST(%s AS REAL)",
                (math.pi, math.pi, math.pi))
    check(cur.fetchone(), ("3.14159265358979", 3.14159265358979, 3.14159), "floats with the default digits")
    cur.execute("SET extra_float_digits TO 2")
    cur.execute("SELECT CAST(%s AS DOUBLE PRECISION), CAST(%s AS REAL)", (math.pi, math.pi))
    check(cur.fetchone(), (math.pi, 3.1415927), "floats with extra_float_digits 2")
    for bad, sqlstate in (("4", "22023"), ("-16", "22023"), ("'x'", "22023")):
        try:
            cur.execute(f"SET extra_float_digits TO {bad}")
            FAILURES.append(f"SET extra_float_digits TO {bad} accepted")
        except psycopg2.Error as e:
            check(e.pgcode, sqlstate, f"SET extra_float_digits TO {bad} refused")


def main():
    conn = psycopg2.connect("")
    conn.autocommit = True
    register_adapters(conn)
    cur = conn.cursor()
    float_digits(cur)
    for n, (sql_type, sent, back) in enumerate(CASES):
        round_trip(cur, n, sql_type, sent, back if back is not None else list(sent))
    interval_year_month(cur)
    unsupported_types(conn, cur)
    conn.close()
    if FAILURES:
        sys.exit("FAIL\n" + "\n".join(FAILURES))
    print("psycopg2 types test passed")


if __name__ == "__main__":
    main()
