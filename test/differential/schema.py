"""The fixed schema and data of the differential test, loaded identically into blueshift and PostgreSQL.

Three tables share a SMALLINT join column `k` (overlapping value ranges, duplicates and NULLs on every
side) and carry one column of each scalar type the two dialects share. The rows are generated from a fixed
seed, so every run sees the same data; only the queries vary with the run's seed.

Value choices keep the comparison about semantics, not about representation limits:
- REAL and DOUBLE values are multiples of 1/4 and 1/8, so sums and products of a few are exact in binary
  and only division or AVG needs a tolerance;
- integers stay small enough that a product of two never overflows its type (PostgreSQL keeps SMALLINT *
  SMALLINT in SMALLINT);
- VARCHAR values hold no blank at all: Redshift disregards trailing blanks when comparing VARCHARs
  ("Trailing spaces in VARCHAR and CHAR values are treated as semantically insignificant when values are
  compared", Redshift docs, Character types), PostgreSQL does not, so '' and ' ' are one group, one MIN
  in Redshift and two in PostgreSQL. A blank anywhere in a value could become a trailing one through
  SUBSTRING; the generator adds blanks only right inside TRIM (expressions.py);
- strings are ASCII, so byte order (blueshift, PostgreSQL's C collation) is the only order.
"""

import datetime
import random

# Column: (name, SQL type, generator kind). The kind tells the query generator what the column is.
TABLES = {
    "t1": {
        "columns": [
            ("id", "INTEGER NOT NULL", "int"),
            ("k", "SMALLINT", "int"),
            ("n", "INTEGER", "int"),
            ("g", "BIGINT", "int"),
            ("d", "DECIMAL(10,2)", "dec"),
            ("r", "REAL", "float"),
            ("f", "DOUBLE PRECISION", "float"),
            ("b", "BOOLEAN", "bool"),
            ("c", "CHAR(4)", "char"),
            ("s", "VARCHAR(20)", "str"),
            ("dt", "DATE", "date"),
            ("ts", "TIMESTAMP", "ts"),
        ],
        "rows": 64,
        "blueshift_suffix": " DISTKEY(id) SORTKEY(dt)",
    },
    "t2": {
        "columns": [
            ("id", "INTEGER NOT NULL", "int"),
            ("t1_id", "INTEGER", "int"),
            ("k", "SMALLINT", "int"),
            ("qty", "INTEGER", "int"),
            ("amount", "DECIMAL(12,3)", "dec"),
            ("f", "DOUBLE PRECISION", "float"),
            ("b", "BOOLEAN", "bool"),
            ("s", "VARCHAR(16)", "str"),
            ("dt", "DATE", "date"),
        ],
        "rows": 48,
        "blueshift_suffix": " DISTKEY(t1_id) SORTKEY(k)",
    },
    "t3": {
        "columns": [
            ("id", "INTEGER NOT NULL", "int"),
            ("k", "SMALLINT", "int"),
            ("g", "BIGINT", "int"),
            ("d", "DECIMAL(6,1)", "dec"),
            ("c", "CHAR(3)", "char"),
            ("s", "VARCHAR(12)", "str"),
        ],
        "rows": 14,
        "blueshift_suffix": " DISTSTYLE ALL",
    },
}

WORDS = ["alpha", "Beta", "GAMMA", "delta", "epsilon", "zeta", "Eta", "theta", "iota", "kappa%", "la_mbda",
         "mu", "", "nu", "xi", "Omicron", "a", "alphabet"]
CHARS = ["ab", "AB", "xyz", "a", "q", "zz", "abc"]

_DATA_SEED = 20261121


def _maybe_null(rng, value, rate=0.12):
    return None if rng.random() < rate else value


def _value(rng, table, name, kind, row_index):
    """One column value; `id` is unique, everything else repeats."""
    if name == "id":
        return row_index + 1
    if name == "t1_id":
        return _maybe_null(rng, rng.randint(1, 80))  # some rows point past t1's 64 ids
    if name == "k":
        return _maybe_null(rng, rng.randint(-2, 9))
    if kind == "int":
        bound = {"n": 1000, "qty": 50, "g": 1000000}[name]
        return _maybe_null(rng, rng.randint(-bound, bound))
    if kind == "dec":
        scale = {"d": 100 if table == "t1" else 10, "amount": 1000}[name]
        return _maybe_null(rng, f"{rng.randint(-99999, 99999) / scale:.{len(str(scale)) - 1}f}")
    if kind == "float":
        step = 0.25 if name == "r" else 0.125
        return _maybe_null(rng, rng.randint(-400, 400) * step)
    if kind == "bool":
        return _maybe_null(rng, rng.random() < 0.5)
    if kind == "char":
        return _maybe_null(rng, rng.choice(CHARS))
    if kind == "str":
        return _maybe_null(rng, rng.choice(WORDS))
    if kind == "date":
        return _maybe_null(rng, datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 1500)))
    if kind == "ts":
        return _maybe_null(rng, datetime.datetime(2021, 6, 1) + datetime.timedelta(seconds=rng.randint(0, 10**8)))
    raise ValueError(f"no generator for {table}.{name}")


def table_rows(table):
    rng = random.Random(f"{_DATA_SEED}/{table}")
    spec = TABLES[table]
    return [[_value(rng, table, name, kind, i) for name, _, kind in spec["columns"]] for i in range(spec["rows"])]


def sql_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return f"'{value.isoformat(sep=' ')}'"
    if isinstance(value, datetime.date):
        return f"'{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def load_statements(dialect):
    """DDL and INSERTs for `dialect` ("blueshift" or "postgres"); the rows are the same for both."""
    statements = []
    for table, spec in TABLES.items():
        columns = ", ".join(f"{name} {sql_type}" for name, sql_type, _ in spec["columns"])
        suffix = spec["blueshift_suffix"] if dialect == "blueshift" else ""
        statements.append(f"DROP TABLE IF EXISTS {table}")
        statements.append(f"CREATE TABLE {table} ({columns}){suffix}")
        values = ",\n".join("(" + ", ".join(sql_literal(v) for v in row) + ")" for row in table_rows(table))
        statements.append(f"INSERT INTO {table} VALUES\n{values}")
    return statements


def columns_of(table, kinds=None):
    """[(name, kind)] of `table`, optionally only those whose kind is in `kinds`."""
    return [(name, kind) for name, _, kind in TABLES[table]["columns"] if kinds is None or kind in kinds]
