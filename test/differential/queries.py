"""Random queries over schema.py's tables: the shapes of the differential corpus.

`generate(seed, index)` is deterministic: query `index` of run `seed` depends on nothing else, so one
query can be rerun alone. A query comes back as its text for each dialect (they differ only where a
normalisation was needed, see `Dialects`) and whether its rows come in a defined order.
"""

import dataclasses
import random
import re

import schema
from expressions import NUMERIC, Dialects, ExpressionGenerator

# Kinds a select list draws from (char needs a CHAR column in scope, see `_projection_kinds`).
PROJECTION_KINDS = ["int", "int", "dec", "float", "str", "str", "bool", "char", "date", "ts"]
# Set operations never carry CHAR: UNION of CHAR(4) and CHAR(3) keeps each value's padding in PostgreSQL
# and dedups them as equal, so which padding survives is arbitrary.
SETOP_KINDS = ["int", "int", "dec", "float", "str", "str", "bool", "date"]


@dataclasses.dataclass
class Query:
    shape: str
    blueshift: str
    postgres: str
    ordered: bool


@dataclasses.dataclass
class Relation:
    """A FROM clause with the columns it exposes and the unique row key (None when there is none)."""
    sql: str
    scope: list
    key: list
    condition: str = None  # a comma join's join condition, for the WHERE clause


_COLUMN_REF = re.compile(r"\b[a-z]\.[a-z_0-9]+\b")


def reads_column(sql):
    """Whether an expression reads a column. GROUP BY keys and aggregate arguments must: PostgreSQL rejects
    GROUP BY 'text', reads GROUP BY 2 as an ordinal, and cannot type MIN('text')."""
    return _COLUMN_REF.search(sql) is not None


def _table(name, alias):
    cols = [(f"{alias}.{col}", kind) for col, kind in schema.columns_of(name)]
    return Relation(f"{name} {alias}", cols, [f"{alias}.id"])


JOIN_PAIRS = [("t1", "t2", "a.k = b.k"), ("t1", "t2", "a.id = b.t1_id"), ("t1", "t3", "a.k = b.k"),
              ("t2", "t3", "a.k = b.k"), ("t1", "t1", "a.k = b.k")]


class QueryGenerator:
    def __init__(self, seed, index):
        self.rng = random.Random(f"{seed}/{index}")
        self.dialects = Dialects()
        self.ctes = []

    def exprs(self, scope):
        return ExpressionGenerator(self.rng, scope, self.dialects)

    # ---- FROM clauses ----

    def single(self):
        name = self.rng.choice(["t1", "t1", "t2", "t3"])
        return _table(name, "a")

    def join(self):
        left, right, on = self.rng.choice(JOIN_PAIRS)
        a, b = _table(left, "a"), _table(right, "b")
        kind = self.rng.choice(["JOIN", "INNER JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "LEFT OUTER JOIN"])
        r = self.rng.random()
        if r < 0.25:
            on += f" AND {self.exprs(a.scope + b.scope).simple_predicate(0)}"
        if r > 0.85 and on == "a.k = b.k":
            # USING, and the comma join with its condition in WHERE (the WHERE clause may add more).
            if kind in ("JOIN", "INNER JOIN") and r > 0.93:
                return Relation(f"{a.sql}, {b.sql}", a.scope + b.scope, a.key + b.key, "a.k = b.k")
            return Relation(f"{a.sql} {kind} {b.sql} USING (k)", a.scope + b.scope, a.key + b.key)
        rel = Relation(f"{a.sql} {kind} {b.sql} ON {on}", a.scope + b.scope, a.key + b.key)
        if self.rng.random() < 0.2 and "t3" not in (left, right):
            c = _table("t3", "c")
            third = self.rng.choice(["JOIN", "LEFT JOIN", "FULL JOIN"])
            rel = Relation(f"{rel.sql} {third} {c.sql} ON b.k = c.k", rel.scope + c.scope, rel.key + c.key)
        return rel

    def derived(self):
        """A CTE or a derived table over one base table, always exposing its `k`."""
        base = _table(self.rng.choice(["t1", "t2"]), "a")
        ex = self.exprs(base.scope)
        grouped = self.rng.random() < 0.5
        items, scope = ["a.k AS k"], [("c.k", "int")]
        for i in range(self.rng.randint(1, 3)):
            kind = self.rng.choice(["int", "dec", "float", "str", "date"])
            if grouped:
                sql, kind = self.aggregate(ex, kind)
            else:
                sql = ex.expr(kind)
            items.append(f"{sql} AS v{i}")
            scope.append((f"c.v{i}", kind))
        body = f"SELECT {', '.join(items)} FROM {base.sql}"
        if self.rng.random() < 0.6:
            body += f" WHERE {ex.predicate()}"
        if grouped:
            body += " GROUP BY a.k"
        if self.rng.random() < 0.5:
            self.ctes.append(f"c AS ({body})")
            sql = "c"
        else:
            sql = f"({body}) c"
        rel = Relation(sql, scope, ["c.k"] if grouped else None)
        if self.rng.random() < 0.4:
            x = _table("t3", "x")
            kind = self.rng.choice(["JOIN", "LEFT JOIN", "RIGHT JOIN"])
            key = rel.key + x.key if rel.key else None
            rel = Relation(f"{rel.sql} {kind} {x.sql} ON c.k = x.k", rel.scope + x.scope, key)
        return rel

    def relation(self):
        r = self.rng.random()
        if r < 0.45:
            return self.single()
        if r < 0.85:
            return self.join()
        return self.derived()

    # ---- pieces ----

    def projection_kinds(self, scope, count):
        have_char = any(kind == "char" for _, kind in scope)
        kinds = [k for k in PROJECTION_KINDS if k != "char" or have_char]
        return [self.rng.choice(kinds) for _ in range(count)]

    def column_expr(self, ex, kind, depth=2):
        for _ in range(20):
            sql = ex.expr(kind, depth)
            if reads_column(sql):
                return sql
        return ex.column(kind) or ex.column("int")

    def sum_call(self, arg, kind, over=""):
        """SUM: of integers a BIGINT in Redshift (Redshift docs, SUM function), a NUMERIC for BIGINT
        arguments in PostgreSQL, so the PostgreSQL side casts (it matters when the sum is divided)."""
        call = f"SUM({arg}){over}"
        return self.dialects.both(call, f"CAST({call} AS BIGINT)") if kind == "int" else call

    def aggregate(self, ex, kind):
        """An aggregate over an expression of `kind`; returns (sql, result kind)."""
        r = self.rng.random()
        distinct = "DISTINCT " if self.rng.random() < 0.15 else ""
        if r < 0.15:
            return "COUNT(*)", "int"
        if r < 0.3:
            return f"COUNT({distinct}{self.column_expr(ex, kind)})", "int"
        if kind in NUMERIC and r < 0.55:
            return self.sum_call(f"{distinct}{self.column_expr(ex, kind)}", kind), kind
        if kind in ("float", "int") and r < 0.7:
            arg = self.column_expr(ex, kind)
            if kind == "float":
                return f"AVG({distinct}{arg})", "float"
            # Redshift: AVG of an integer type is a BIGINT, the quotient truncated (Redshift docs, AVG
            # function: "BIGINT for any integer type argument"); PostgreSQL returns NUMERIC, so its side
            # truncates toward zero and casts to BIGINT to match (also in later arithmetic on it).
            pg = f"CAST(TRUNC(AVG({distinct}{arg})) AS BIGINT)"
            return self.dialects.both(f"AVG({distinct}{arg})", pg), "int"
        if kind == "str" and r < 0.45:
            # Redshift's LISTAGG ... WITHIN GROUP is PostgreSQL's STRING_AGG with ORDER BY, except that
            # LISTAGG skips empty strings as it skips NULLs (Redshift docs, LISTAGG function).
            arg = self.column_expr(ex, kind)
            return self.dialects.both(f"LISTAGG({arg}, ',') WITHIN GROUP (ORDER BY {arg})",
                                      f"STRING_AGG(NULLIF({arg}, ''), ',' ORDER BY {arg})"), kind
        if kind == "float" and r < 0.75:
            return f"{self.rng.choice(['STDDEV_SAMP', 'VAR_POP'])}({self.column_expr(ex, kind)})", kind
        if kind == "bool":
            return f"{self.rng.choice(['BOOL_AND', 'BOOL_OR'])}({ex.predicate(1)})", kind
        # AVG of DECIMAL is left out: Redshift keeps the argument's scale (DEC(5,2) gives DEC(38,2)) and
        # truncates, PostgreSQL keeps at least 16 significant digits, and the expressions' scales vary.
        func = self.rng.choice(["MIN", "MAX"])
        return f"{func}({self.column_expr(ex, kind)})", kind

    def where(self, ex, sql, rel=None):
        conds = [rel.condition] if rel is not None and rel.condition else []
        if self.rng.random() < 0.7:
            conds.append(ex.predicate())
        return f"{sql} WHERE {' AND '.join(conds)}" if conds else sql

    def order_limit(self, sql, ncols):
        """ORDER BY every output column (a total order of the rows as values) and maybe LIMIT/OFFSET."""
        keys = []
        for i in range(1, ncols + 1):
            direction = self.rng.choice(["", " ASC", " DESC"])
            nulls = self.rng.choice(["", "", " NULLS FIRST", " NULLS LAST"])
            keys.append(f"{i}{direction}{nulls}")
        sql += " ORDER BY " + ", ".join(keys)
        if self.rng.random() < 0.7:
            sql += f" LIMIT {self.rng.randint(0, 20)}"
            if self.rng.random() < 0.3:
                sql += f" OFFSET {self.rng.randint(1, 10)}"
        return sql

    def finish(self, shape, sql, ordered):
        if self.ctes:
            sql = "WITH " + ", ".join(self.ctes) + " " + sql
        return Query(shape, self.dialects.render(sql, "blueshift"), self.dialects.render(sql, "postgres"), ordered)
