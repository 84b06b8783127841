"""The query shapes of the corpus and `generate(seed, index)`, which picks one."""

from queries import SETOP_KINDS, QueryGenerator, Relation, _table


class ShapeGenerator(QueryGenerator):
    def projection(self, rel, ex, min_cols=1, max_cols=4):
        kinds = self.projection_kinds(rel.scope, self.rng.randint(min_cols, max_cols))
        return [ex.expr(kind) for kind in kinds]

    def select(self):
        rel = self.relation()
        ex = self.exprs(rel.scope)
        distinct = self.rng.random() < 0.15
        items = self.projection(rel, ex)
        sql = self.where(ex, f"SELECT {'DISTINCT ' if distinct else ''}{', '.join(items)} FROM {rel.sql}", rel)
        ordered = False
        if distinct and self.rng.random() < 0.5:
            sql, ordered = self.order_limit(sql, len(items)), True
        elif not distinct and rel.key and self.rng.random() < 0.4:
            # The relation's unique key orders its rows totally; it need not be in the select list.
            sql += " ORDER BY " + ", ".join(f"{k}{self.rng.choice(['', ' DESC'])}" for k in rel.key)
            n = self.rng.randint(0, 30)
            if self.rng.random() < 0.3:  # Redshift's TOP n is PostgreSQL's LIMIT n
                sql = self.dialects.both(f"SELECT TOP {n} ", "SELECT ") + sql[len("SELECT "):]
                sql += self.dialects.both("", f" LIMIT {n}")
            else:
                sql += f" LIMIT {n}"
            ordered = True
        return self.finish("select", sql, ordered)

    def group(self):
        rel = self.relation()
        ex = self.exprs(rel.scope)
        keys = [self.column_expr(ex, k, 1) for k in self.projection_kinds(rel.scope, self.rng.randint(0, 2))]
        agg_kinds = self.projection_kinds(rel.scope, self.rng.randint(1, 3))
        aggs = [self.aggregate(ex, "int" if k == "ts" else k)[0] for k in agg_kinds]
        sql = self.where(ex, f"SELECT {', '.join(keys + aggs)} FROM {rel.sql}", rel)
        rollup = False
        if keys:
            grouping = ", ".join(keys)
            if self.rng.random() < 0.12:
                grouping, rollup = f"{self.rng.choice(['ROLLUP', 'CUBE'])} ({grouping})", True
            sql += " GROUP BY " + grouping
        if self.rng.random() < 0.35:
            agg, _ = self.aggregate(ex, self.rng.choice(["int", "dec", "float"]))
            sql += f" HAVING {agg} {self.rng.choice(['>', '<', '>=', '<>'])} {ex.literal('int')}"
        ordered = False
        # No ORDER BY over ROLLUP/CUBE: PostgreSQL 15 drops a sort key the WHERE clause pins to a constant
        # (WHERE c = 'x' ... ORDER BY c) although ROLLUP's total rows make it NULL; the order is then wrong.
        if keys and not rollup and self.rng.random() < 0.4:
            sql, ordered = self.order_limit(sql, len(keys) + len(aggs)), True
        return self.finish("group", sql, ordered)

    def subquery_predicate(self, outer):
        """[NOT] IN / [NOT] EXISTS / op ANY|SOME|ALL / a comparison with a scalar subquery, correlated or not."""
        inner_name = self.rng.choice(["t2", "t3", "t1"])
        inner = _table(inner_name, "x")
        ex_in, ex_out = self.exprs(inner.scope), self.exprs(outer.scope)
        conds = []
        outer_k = [ref for ref, _ in outer.scope if ref.endswith(".k")]
        if outer_k and self.rng.random() < 0.6:
            conds.append(f"x.k = {self.rng.choice(outer_k)}")
        if self.rng.random() < 0.6:
            conds.append(ex_in.predicate(1))
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        r = self.rng.random()
        neg = "NOT " if self.rng.random() < 0.35 else ""
        if r < 0.15:
            kind = self.rng.choice(["int", "int", "str", "date"])
            col = ex_in.column(kind) or ex_in.column("int")
            kind = "int" if col.endswith((".id", ".k", ".g", ".n", ".qty", ".t1_id")) else kind
            op = self.rng.choice(["=", "<", ">", "<=", ">=", "<>"])
            quantifier = self.rng.choice(["ANY", "SOME", "ALL"])
            return f"{ex_out.expr(kind, 1)} {op} {quantifier} (SELECT {col} FROM {inner.sql}{where})"
        if r < 0.4:
            kind = self.rng.choice(["int", "int", "str", "date"])
            col = ex_in.column(kind) or ex_in.column("int")
            kind = "int" if col.endswith((".id", ".k", ".g", ".n", ".qty", ".t1_id")) else kind
            return f"{ex_out.expr(kind, 1)} {neg}IN (SELECT {col} FROM {inner.sql}{where})"
        if r < 0.7:
            return f"{neg}EXISTS (SELECT 1 FROM {inner.sql}{where})"
        kind = self.rng.choice(["int", "dec", "float"])
        agg, _ = self.aggregate(ex_in, kind)
        op = self.rng.choice(["=", "<", ">", "<=", ">=", "<>"])
        return f"{ex_out.expr(kind, 1)} {op} (SELECT {agg} FROM {inner.sql}{where})"

    def subquery(self):
        rel = self.single() if self.rng.random() < 0.7 else self.join()
        ex = self.exprs(rel.scope)
        items = self.projection(rel, ex, 1, 3)
        if self.rng.random() < 0.25:
            kind = self.rng.choice(["int", "dec", "str"])
            inner = _table(self.rng.choice(["t2", "t3"]), "x")
            agg, _ = self.aggregate(self.exprs(inner.scope), kind)
            outer_k = [ref for ref, _ in rel.scope if ref.endswith(".k")]
            corr = f" WHERE x.k = {self.rng.choice(outer_k)}" if self.rng.random() < 0.7 else ""
            items.append(f"(SELECT {agg} FROM {inner.sql}{corr})")
        if self.rng.random() < 0.3:
            # A subquery predicate as a value of the select list.
            items.append(self.subquery_predicate(rel))
        pred = self.subquery_predicate(rel)
        r = self.rng.random()
        if r < 0.3:
            pred = f"{pred} AND {ex.predicate(1)}"
        elif r < 0.55:
            pred = f"({pred} OR {ex.predicate(1)})"
        if rel.condition:
            pred = f"{rel.condition} AND {pred}"
        sql = f"SELECT {', '.join(items)} FROM {rel.sql} WHERE {pred}"
        return self.finish("subquery", sql, False)

    def setop(self):
        kinds = [self.rng.choice(SETOP_KINDS) for _ in range(self.rng.randint(1, 3))]
        parts = []
        for _ in range(self.rng.randint(2, 3)):
            rel = _table(self.rng.choice(["t1", "t2", "t3", "t1"]), "a")
            ex = self.exprs(rel.scope)
            parts.append(self.where(ex, f"SELECT {', '.join(ex.expr(k) for k in kinds)} FROM {rel.sql}"))
        sql = parts[0]
        for part in parts[1:]:
            op = self.rng.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT", "MINUS"])
            if op == "MINUS":  # Redshift's synonym for EXCEPT; PostgreSQL has only EXCEPT
                op = self.dialects.both("MINUS", "EXCEPT")
            sql += f" {op} {part}"
        ordered = False
        if self.rng.random() < 0.35:
            sql, ordered = self.order_limit(sql, len(kinds)), True
        return self.finish("setop", sql, ordered)

    def window(self):
        rel = self.single() if self.rng.random() < 0.7 else self.join()
        ex = self.exprs(rel.scope)
        items = [ex.column("int")] + self.projection(rel, ex, 0, 2)
        for _ in range(self.rng.randint(1, 3)):
            items.append(self.window_call(rel, ex))
        sql = self.where(ex, f"SELECT {', '.join(items)} FROM {rel.sql}", rel)
        return self.finish("window", sql, False)

    def window_call(self, rel, ex):
        partition = ""
        if self.rng.random() < 0.7:
            kind = self.rng.choice(["int", "bool", "str", "char", "date"])
            col = ex.column(kind) or ex.column("int")
            partition = f"PARTITION BY {col} "
        sort_kind = self.rng.choice(["int", "dec", "float", "str", "date", "ts"])
        direction = self.rng.choice(["", " DESC"])
        sort_col = f"{ex.column(sort_kind) or ex.column('int')}{direction}"
        # A total order within the partition: the sort column, then the relation's unique key.
        total = sort_col + "".join(f", {k}" for k in rel.key)
        r = self.rng.random()
        if r < 0.25:
            return f"ROW_NUMBER() OVER ({partition}ORDER BY {total})"
        if r < 0.4:  # ranks depend only on the sort values, so ties need no tie-breaker
            return f"{self.rng.choice(['RANK', 'DENSE_RANK'])}() OVER ({partition}ORDER BY {sort_col})"
        if r < 0.5:
            func = self.rng.choice(["LAG", "LEAD"])
            arg = self.column_expr(ex, self.rng.choice(["int", "str", "dec"]), 1)
            offset = self.rng.choice(["", "", ", 2"])
            return f"{func}({arg}{offset}) OVER ({partition}ORDER BY {total})"
        if r < 0.55:
            return f"NTILE({self.rng.randint(1, 4)}) OVER ({partition}ORDER BY {total})"
        if r < 0.6:
            func = self.rng.choice(["FIRST_VALUE", "LAST_VALUE"])
            arg = self.column_expr(ex, self.rng.choice(["int", "str", "date"]), 1)
            frame = self.rng.choice(["ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
                                     "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW"])
            return f"{func}({arg}) OVER ({partition}ORDER BY {total} {frame})"
        kind = self.rng.choice(["int", "dec", "float"])
        func = self.rng.choice(["SUM", "SUM", "MIN", "MAX", "COUNT"])
        arg = ex.expr(kind, 1)
        if self.rng.random() < 0.4:
            over = f" OVER ({partition.strip()})"
            return self.sum_call(arg, kind, over) if func == "SUM" else f"{func}({arg}){over}"
        # Redshift requires a frame clause with ORDER BY in an aggregate window function (Redshift docs,
        # Window functions: "frame_clause ... required"); the frames chosen are ROWS frames both support.
        frame = self.rng.choice(["ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
                                 "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING",
                                 "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
                                 "ROWS UNBOUNDED PRECEDING"])
        over = f" OVER ({partition}ORDER BY {total} {frame})"
        return self.sum_call(arg, kind, over) if func == "SUM" else f"{func}({arg}){over}"

    def cte(self):
        rel = self.derived()
        ex = self.exprs(rel.scope)
        if self.rng.random() < 0.5:
            items = self.projection(rel, ex)
            sql = self.where(ex, f"SELECT {', '.join(items)} FROM {rel.sql}")
            return self.finish("cte", sql, False)
        keys = [self.column_expr(ex, self.rng.choice(["int", "str", "date"]), 1)]
        agg, _ = self.aggregate(ex, self.rng.choice(["int", "dec", "float"]))
        sql = self.where(ex, f"SELECT {keys[0]}, {agg} FROM {rel.sql}") + f" GROUP BY {keys[0]}"
        return self.finish("cte", sql, False)


SHAPES = [("select", 20), ("group", 20), ("subquery", 15), ("setop", 12), ("window", 13), ("cte", 10)]


def generate(seed, index):
    gen = ShapeGenerator(seed, index)
    total = sum(w for _, w in SHAPES)
    pick = gen.rng.uniform(0, total)
    for name, weight in SHAPES:
        pick -= weight
        if pick <= 0:
            return getattr(gen, name)()
    return gen.select()
