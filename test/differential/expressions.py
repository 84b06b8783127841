"""Random scalar expressions and predicates over a scope of typed columns, in SQL both dialects read alike.

Kinds: int (SMALLINT/INTEGER/BIGINT), dec (DECIMAL), float (REAL/DOUBLE PRECISION), bool, char (CHAR(n)),
str (VARCHAR), date, ts (TIMESTAMP). Every construct here means the same in Redshift and PostgreSQL for
the data in schema.py; the comments say which nearby constructs were left out and why.
"""

import schema

NUMERIC = ("int", "dec", "float")


class Dialects:
    """Collects fragments whose text differs between the dialects; the query holds placeholders for them."""

    def __init__(self):
        self.fragments = []

    def both(self, blueshift, postgres):
        self.fragments.append((blueshift, postgres))
        return f"@@{len(self.fragments) - 1}@@"

    def render(self, sql, dialect):
        index = 0 if dialect == "blueshift" else 1
        for _ in range(8):  # fragments may nest; each pass resolves one level
            if "@@" not in sql:
                return sql
            for number, fragment in enumerate(self.fragments):
                sql = sql.replace(f"@@{number}@@", fragment[index])
        return sql


class ExpressionGenerator:
    """Builds expressions of a requested kind from `scope`: a list of (sql reference, kind)."""

    def __init__(self, rng, scope, dialects):
        self.rng = rng
        self.scope = scope
        self.dialects = dialects

    # ---- leaves ----

    def columns(self, kind):
        return [ref for ref, k in self.scope if k == kind]

    def column(self, kind):
        refs = self.columns(kind)
        return self.rng.choice(refs) if refs else None

    def literal(self, kind):
        r = self.rng
        if kind == "int":
            return str(r.randint(-3, 12)) if r.random() < 0.8 else str(r.randint(-1000, 1000))
        if kind == "dec":
            return f"{r.randint(-2000, 2000) / 4:.2f}"
        if kind == "float":
            # A cast keeps it DOUBLE PRECISION in both; multiples of 1/4 are exact in REAL too.
            return f"CAST({r.randint(-400, 400) / 4} AS DOUBLE PRECISION)"
        if kind == "bool":
            return r.choice(["TRUE", "FALSE"])
        if kind == "char":
            return "'" + r.choice(schema.CHARS) + "'"
        if kind == "str":
            return schema.sql_literal(r.choice(schema.WORDS))
        if kind == "date":
            return f"DATE '{2020 + r.randint(0, 4)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}'"
        if kind == "ts":
            return (f"TIMESTAMP '{2021 + r.randint(0, 3)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} "
                    f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00'")
        raise ValueError(kind)

    def leaf(self, kind):
        col = self.column(kind)
        if col is None or (kind != "char" and self.rng.random() < 0.2):
            return self.literal(kind)
        return col

    # ---- expressions of a kind ----

    def expr(self, kind, depth=2):
        if depth <= 0 or self.rng.random() < 0.35:
            return self.leaf(kind)
        builder = getattr(self, f"_{kind}_expr")
        return builder(depth - 1)

    def _common(self, kind, depth):
        """CASE, COALESCE, NVL, NULLIF, GREATEST and LEAST: the same in both dialects for operands of one kind
        (GREATEST and LEAST ignore NULLs in both: Redshift docs, GREATEST and LEAST functions)."""
        r = self.rng.random()
        if r < 0.12 and kind != "bool":
            args = ", ".join(self.expr(kind, depth) for _ in range(self.rng.randint(2, 3)))
            return f"{self.rng.choice(['GREATEST', 'LEAST'])}({args})"
        if r < 0.2:  # NVL is Redshift's name for two-argument COALESCE; PostgreSQL has no NVL
            a, b = self.expr(kind, depth), self.expr(kind, depth)
            return self.dialects.both(f"NVL({a}, {b})", f"COALESCE({a}, {b})")
        if r < 0.3:
            els = f" ELSE {self.expr(kind, depth)}" if self.rng.random() < 0.7 else ""
            return f"CASE WHEN {self.predicate(depth)} THEN {self.expr(kind, depth)}{els} END"
        if r < 0.4:
            subject = self.rng.choice(["int", "str", "date"])
            whens = " ".join(f"WHEN {self.literal(subject)} THEN {self.expr(kind, depth)}"
                             for _ in range(self.rng.randint(1, 3)))
            return f"CASE {self.expr(subject, depth)} {whens} ELSE {self.expr(kind, depth)} END"
        if r < 0.75:
            return f"COALESCE({self.expr(kind, depth)}, {self.expr(kind, depth)})"
        return f"NULLIF({self.expr(kind, depth)}, {self.leaf(kind)})"

    def _int_expr(self, depth):
        r, e = self.rng.random(), self.expr
        if r < 0.15:
            return f"({e('int', depth)} + {e('int', depth)})"
        if r < 0.25:
            return f"({e('int', depth)} - {e('int', depth)})"
        if r < 0.35:  # leaves only: keeps every product inside the operands' type (PostgreSQL checks)
            return f"({self.leaf('int')} * {self.leaf('int')})"
        if r < 0.45:  # integer division truncates toward zero in both
            return f"({e('int', depth)} / NULLIF({self.leaf('int')}, 0))"
        if r < 0.5:
            return f"({e('int', depth)} % NULLIF({self.leaf('int')}, 0))"
        if r < 0.55:
            return f"ABS({e('int', depth)})"
        if r < 0.6:
            return f"(-({e('int', depth)}))"
        if r < 0.67:
            return f"LENGTH({self.expr('str', depth)})"
        if r < 0.72:
            return f"({self.expr('date', depth)} - {self.expr('date', depth)})"
        if r < 0.77:
            # Redshift's EXTRACT from a DATE or TIMESTAMP is an INTEGER (Redshift docs, EXTRACT function),
            # PostgreSQL's a NUMERIC: they divide differently.
            part = self.rng.choice(["YEAR", "MONTH", "DAY"])
            call = f"EXTRACT({part} FROM {self.expr(self.rng.choice(['date', 'ts']), depth)})"
            return self.dialects.both(call, f"CAST({call} AS INTEGER)")
        if r < 0.8:
            return f"POSITION({self.literal('str')} IN {self.expr('str', depth)})"
        if r < 0.84:
            return self.datediff(depth)
        return self._common("int", depth)

    def datediff(self, depth):
        """Redshift's DATEDIFF counts the part's boundaries crossed (Redshift docs, DATEDIFF function); the
        PostgreSQL side computes the same from dates, years and months."""
        a, b = self.expr(self.rng.choice(["date", "ts"]), depth), self.expr(self.rng.choice(["date", "ts"]), depth)
        part = self.rng.choice(["day", "month", "year"])
        if part == "day":
            pg = f"(CAST({b} AS DATE) - CAST({a} AS DATE))"
        elif part == "year":
            pg = f"CAST(EXTRACT(YEAR FROM {b}) - EXTRACT(YEAR FROM {a}) AS BIGINT)"
        else:
            pg = (f"CAST((EXTRACT(YEAR FROM {b}) - EXTRACT(YEAR FROM {a})) * 12"
                  f" + EXTRACT(MONTH FROM {b}) - EXTRACT(MONTH FROM {a}) AS BIGINT)")
        return self.dialects.both(f"DATEDIFF({part}, {a}, {b})", pg)

    def _dec_expr(self, depth):
        # No DECIMAL division: Redshift gives the quotient its own scale (max(4, s1 + p2 - s2 + 1), Redshift
        # docs, Numeric computations) where PostgreSQL computes at least 16 significant digits.
        r, e = self.rng.random(), self.expr
        if r < 0.2:
            return f"({e('dec', depth)} + {e(self.rng.choice(['dec', 'int']), depth)})"
        if r < 0.35:
            return f"({e('dec', depth)} - {e('dec', depth)})"
        if r < 0.5:
            return f"({self.leaf('dec')} * {self.leaf(self.rng.choice(['dec', 'int']))})"
        if r < 0.6:
            return f"ABS({e('dec', depth)})"
        return self._common("dec", depth)

    def _float_expr(self, depth):
        r, e = self.rng.random(), self.expr
        if r < 0.2:
            return f"({e('float', depth)} + {e(self.rng.choice(NUMERIC), depth)})"
        if r < 0.3:
            return f"({e('float', depth)} - {e('float', depth)})"
        if r < 0.45:
            return f"({self.leaf('float')} * {self.leaf(self.rng.choice(['float', 'int']))})"
        if r < 0.55:
            return f"({e('float', depth)} / NULLIF({self.leaf('float')}, 0))"
        if r < 0.65:
            return f"CAST({e(self.rng.choice(['int', 'dec']), depth)} AS DOUBLE PRECISION)"
        if r < 0.7:
            return f"ABS({e('float', depth)})"
        return self._common("float", depth)

    def _str_expr(self, depth):
        # Only VARCHAR operands: Redshift's UPPER/LOWER/TRIM/|| keep CHAR's type and padding ("returns a
        # character string that is the same data type as the input string", Redshift docs, UPPER function),
        # PostgreSQL turns CHAR into text and drops the padding first.
        r, e, rng = self.rng.random(), self.expr, self.rng
        if r < 0.1:
            return f"UPPER({e('str', depth)})"
        if r < 0.2:
            return f"LOWER({e('str', depth)})"
        if r < 0.3:
            return f"SUBSTRING({e('str', depth)}, {rng.randint(1, 4)}, {rng.randint(0, 5)})"
        if r < 0.35:
            return f"SUBSTRING({e('str', depth)} FROM {rng.randint(1, 4)} FOR {rng.randint(0, 5)})"
        if r < 0.45:  # blanks only where TRIM removes them again (schema.py: why no value holds one)
            return self.rng.choice([f"TRIM({e('str', depth)})", f"TRIM('  ' || {e('str', depth)} || ' ')"])
        if r < 0.5:
            return self.rng.choice([f"LTRIM({e('str', depth)})", f"LTRIM(' ' || {e('str', depth)})"])
        if r < 0.65:
            return f"({e('str', depth)} || {e('str', depth)})"
        if r < 0.7:
            return f"REPLACE({e('str', depth)}, {self.literal('str')}, {self.literal('str')})"
        if r < 0.75:
            return f"CAST({self.expr('int', depth)} AS VARCHAR(24))"
        if r < 0.82:
            return f"{rng.choice(['LEFT', 'RIGHT'])}({e('str', depth)}, {rng.randint(0, 4)})"
        return self._common("str", depth)

    def _date_expr(self, depth):
        r = self.rng.random()
        if r < 0.3:
            return f"({self.expr('date', depth)} + {self.rng.randint(-40, 400)})"
        if r < 0.45:
            return f"({self.expr('date', depth)} - {self.rng.randint(0, 40)})"
        if r < 0.6:
            return f"CAST({self.expr('ts', depth)} AS DATE)"
        if r < 0.65:  # Redshift's TRUNC(timestamp) is the date (Redshift docs, TRUNC function)
            arg = self.expr("ts", depth)
            return self.dialects.both(f"TRUNC({arg})", f"CAST({arg} AS DATE)")
        return self._common("date", depth)

    def _ts_expr(self, depth):
        r = self.rng.random()
        if r < 0.1:
            n, unit = self.rng.randint(-30, 30), self.rng.choice(["day", "hour", "minute", "month"])
            return f"({self.expr(self.rng.choice(['date', 'ts']), depth)} + INTERVAL '{n} {unit}s')"
        if r < 0.18:  # Redshift's DATEADD returns a TIMESTAMP (Redshift docs, DATEADD function)
            n, unit = self.rng.randint(-30, 30), self.rng.choice(["day", "hour", "month"])
            arg = self.expr(self.rng.choice(["date", "ts"]), depth)
            return self.dialects.both(f"DATEADD({unit}, {n}, {arg})",
                                      f"(CAST({arg} AS TIMESTAMP) + {n} * INTERVAL '1 {unit}')")
        if r < 0.25:
            unit = self.rng.choice(["day", "month", "year", "hour"])
            return f"DATE_TRUNC('{unit}', {self.expr('ts', depth)})"
        if r < 0.4:
            return f"CAST({self.expr('date', depth)} AS TIMESTAMP)"
        return self._common("ts", depth)

    def _char_expr(self, depth):
        # A bare column: mixed with a literal or another CHAR(n) in CASE/COALESCE, Redshift pads the result
        # to the CHAR type's length while PostgreSQL keeps each value's own padding.
        return self.leaf("char")

    def _bool_expr(self, depth):
        return self.predicate(depth)

    # ---- predicates ----

    def predicate(self, depth=2):
        r = self.rng.random()
        if depth > 0 and r < 0.2:
            op = self.rng.choice(["AND", "OR"])
            return f"({self.predicate(depth - 1)} {op} {self.predicate(depth - 1)})"
        if depth > 0 and r < 0.25:
            return f"NOT ({self.predicate(depth - 1)})"
        return self.simple_predicate(max(depth - 1, 0))

    def simple_predicate(self, depth):
        r = self.rng.random()
        kind = self.rng.choice(["int", "int", "dec", "float", "str", "char", "date", "ts", "bool"])
        if kind == "bool":
            col = self.column("bool")
            if col is not None and r < 0.5:
                return self.rng.choice([col, f"{col} IS TRUE", f"{col} IS NOT FALSE", f"{col} = TRUE"])
            kind = "int"
        if r < 0.5:
            return self.comparison(kind, depth)
        if r < 0.62 and kind in ("int", "dec", "float", "date", "ts"):
            low, high = self.literal(kind), self.literal(kind)
            neg = "NOT " if self.rng.random() < 0.2 else ""
            return f"{self.expr(kind, depth)} {neg}BETWEEN {low} AND {high}"
        if r < 0.75 and kind in ("int", "str", "char", "date"):
            items = ", ".join(self.literal(kind) for _ in range(self.rng.randint(1, 4)))
            neg = "NOT " if self.rng.random() < 0.3 else ""
            return f"{self.expr(kind, depth)} {neg}IN ({items})"
        if r < 0.87:
            neg = "NOT " if self.rng.random() < 0.4 else ""
            return f"{self.expr(kind, depth)} IS {neg}NULL"
        return self.like(depth)

    def comparison(self, kind, depth):
        op = self.rng.choice(["=", "<>", "<", "<=", ">", ">="])
        if kind in NUMERIC:
            other = self.rng.choice(NUMERIC)
        elif kind in ("date", "ts"):
            other = self.rng.choice(["date", "ts"])
        else:
            other = kind  # CHAR only meets CHAR, VARCHAR only VARCHAR: their blank rules differ
        right = self.expr(other, depth) if self.rng.random() < 0.5 else self.literal(other)
        return f"{self.expr(kind, depth)} {op} {right}"

    def like(self, depth):
        # LIKE on VARCHAR only: a CHAR's padding takes part in PostgreSQL's LIKE but not in its comparisons.
        # No backslash: Redshift's string literals treat it as an escape ("the default escape character is
        # two backslashes", Redshift docs, LIKE), PostgreSQL's standard-conforming ones do not.
        pattern = self.rng.choice(["%a%", "a%", "%a", "_e%", "%ta", "%", "_", "Beta", "%A%", "%mu", "%a_", "a"])
        neg = "NOT " if self.rng.random() < 0.3 else ""
        op = self.rng.choice(["LIKE", "LIKE", "ILIKE"])
        return f"{self.expr('str', depth)} {neg}{op} '{pattern}'"
