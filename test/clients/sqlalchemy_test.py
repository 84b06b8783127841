"""SQLAlchemy reflection with the postgresql dialect (Debian's SQLAlchemy 1.4 over psycopg2): the Inspector
calls a tool such as Alembic or a BI layer makes. blueshift reports PostgreSQL 8.0.2, as Redshift does, so
the dialect sends its queries for old servers (indkey with = ANY, pg_get_constraintdef, ...). Connection
settings come from PGHOST/PGPORT/PGUSER/PGDATABASE."""

import os
import sys

import sqlalchemy as sa


def check(got, want, what):
    if got != want:
        sys.exit(f"FAIL {what}: got {got!r}, want {want!r}")
    print(f"ok   {what}")


def main():
    url = "postgresql+psycopg2://{}@{}:{}/{}".format(
        os.environ["PGUSER"], os.environ["PGHOST"], os.environ["PGPORT"], os.environ["PGDATABASE"])
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for stmt in [
            "create schema sa_s",
            "create table sa_s.parent (id integer primary key, code varchar(8) not null, note varchar(20) default 'x')",
            "create table sa_s.child (cid integer not null, pid integer references sa_s.parent(id), qty decimal(10,2),"
            " primary key (cid))",
            "create table sa_s.pair (a integer, b integer, unique (a, b))",
            "create view sa_s.v as select id, code from sa_s.parent",
            # A primary key, a one-column UNIQUE and a multi-column UNIQUE whose order is not the columns'.
            "create table sa_s.keyed (k integer primary key, email varchar(40) unique, x integer, y integer,"
            " unique (y, x))",
        ]:
            conn.exec_driver_sql(stmt)
    check(engine.dialect.server_version_info, (8, 0, 2), "server_version_info")
    insp = sa.inspect(engine)
    names = insp.get_schema_names()
    check("sa_s" in names and "public" in names, True, f"get_schema_names {names}")
    check(sorted(insp.get_table_names(schema="sa_s")), ["child", "keyed", "pair", "parent"], "get_table_names")
    check(insp.get_view_names(schema="sa_s"), ["v"], "get_view_names")

    cols = insp.get_columns("parent", schema="sa_s")
    check([c["name"] for c in cols], ["id", "code", "note"], "get_columns names")
    check([str(c["type"]) for c in cols], ["INTEGER", "VARCHAR(8)", "VARCHAR(20)"], "get_columns types")
    check([c["nullable"] for c in cols], [False, False, True], "get_columns nullable")
    # The DEFAULT as Redshift's pg_get_expr shows it.
    check(cols[2]["default"], "'x'::character varying", "get_columns default")
    child_cols = insp.get_columns("child", schema="sa_s")
    check(str(child_cols[2]["type"]), "NUMERIC(10, 2)", "get_columns decimal")

    check(insp.get_pk_constraint("parent", schema="sa_s"), {"constrained_columns": ["id"], "name": "parent_pkey"},
          "get_pk_constraint")
    check(insp.get_pk_constraint("pair", schema="sa_s"), {"constrained_columns": [], "name": None},
          "get_pk_constraint without a primary key")
    fks = insp.get_foreign_keys("child", schema="sa_s")
    check(len(fks), 1, "get_foreign_keys count")
    fk = fks[0]
    check((fk["name"], fk["constrained_columns"], fk["referred_schema"], fk["referred_table"],
           fk["referred_columns"]), ("child_pid_fkey", ["pid"], "sa_s", "parent", ["id"]), "get_foreign_keys")
    # The primary key's index is left out (indisprimary); parent has no other index.
    check(insp.get_indexes("parent", schema="sa_s"), [], "get_indexes")
    # SQLAlchemy 1.4's own bug (see check_newer_server_queries): for a server before 8.5 it unpacks its own
    # query one column off, so the index key is the literal NULL and get_indexes of a table with a
    # non-primary index fails inside SQLAlchemy (the query itself runs). Asserted, so that a SQLAlchemy
    # without the bug is noticed and this check updated.
    if sa.__version__.startswith("1.4."):
        try:
            insp.get_indexes("keyed", schema="sa_s")
            sys.exit("FAIL get_indexes at 8.0.2 now works: SQLAlchemy fixed its bug, update this test")
        except AttributeError as e:
            check("split" in str(e), True, f"SQLAlchemy 1.4's own get_indexes bug at 8.0.2 ({e})")
    check_unique_keys(insp)
    check_newer_server_queries(url)
    check_logged_queries_run(engine)
    print("sqlalchemy_test passed")


def check_unique_keys(insp):
    """UNIQUE constraints through pg_constraint: conkey is a smallint[], which psycopg2 turns into the list
    SQLAlchemy iterates only when its type OID is 1005."""
    check(insp.get_pk_constraint("keyed", schema="sa_s"), {"constrained_columns": ["k"], "name": "keyed_pkey"},
          "get_pk_constraint keyed")
    uniques = sorted(insp.get_unique_constraints("keyed", schema="sa_s"), key=lambda u: u["name"])
    check(uniques, [{"name": "keyed_email_key", "column_names": ["email"]},
                    {"name": "keyed_y_x_key", "column_names": ["y", "x"]}], "get_unique_constraints")
    check(insp.get_unique_constraints("pair", schema="sa_s"), [{"name": "pair_a_b_key", "column_names": ["a", "b"]}],
          "get_unique_constraints pair")
    check(insp.get_unique_constraints("parent", schema="sa_s"), [], "get_unique_constraints without one")


def check_newer_server_queries(url):
    """get_indexes for a server reporting 8.0.2, as Redshift does, cannot work in SQLAlchemy 1.4: its query for
    servers before 8.5 selects indpred before attname but unpacks the rows as if it did not (so idx_key is the
    literal NULL column). The queries it sends to PostgreSQL 9.6 are what Redshift users' tools send too
    (indkey::varchar, a.attnum = ANY(ix.indkey), the conindid join, unnest and generate_subscripts for the
    primary key): an engine told the server is 9.6 reflects through them."""
    engine = sa.create_engine(url)
    with engine.connect():
        pass  # the dialect reads the version on the first connect; then it is told 9.6
    engine.dialect.server_version_info = (9, 6, 0)
    insp = sa.inspect(engine)
    indexes = sorted(insp.get_indexes("keyed", schema="sa_s"), key=lambda i: i["name"])
    check(indexes, [{"name": "keyed_email_key", "unique": True, "column_names": ["email"],
                     "duplicates_constraint": "keyed_email_key"},
                    {"name": "keyed_y_x_key", "unique": True, "column_names": ["y", "x"],
                     "duplicates_constraint": "keyed_y_x_key"}], "get_indexes (9.6 queries) with UNIQUE keys")
    check(insp.get_indexes("parent", schema="sa_s"), [], "get_indexes (9.6 queries) leaves the primary key out")
    check(insp.get_pk_constraint("keyed", schema="sa_s"), {"constrained_columns": ["k"], "name": "keyed_pkey"},
          "get_pk_constraint (9.6 queries: unnest, generate_subscripts)")
    check(insp.get_pk_constraint("child", schema="sa_s")["constrained_columns"], ["cid"],
          "get_pk_constraint child (9.6 queries)")
    uniques = sorted(insp.get_unique_constraints("keyed", schema="sa_s"), key=lambda u: u["name"])
    check([u["column_names"] for u in uniques], [["email"], ["y", "x"]], "get_unique_constraints (9.6 queries)")
    fk = insp.get_foreign_keys("child", schema="sa_s")[0]
    check((fk["referred_table"], fk["referred_columns"]), ("parent", ["id"]), "get_foreign_keys (9.6 queries)")
    # Reflecting a whole table goes through all of them.
    table = sa.Table("keyed", sa.MetaData(), autoload_with=engine, schema="sa_s")
    check(sorted(c.name for c in table.constraints if isinstance(c, sa.UniqueConstraint)),
          ["keyed_email_key", "keyed_y_x_key"], "Table reflection: unique constraints")
    check([c.name for c in table.primary_key.columns], ["k"], "Table reflection: primary key")


def check_logged_queries_run(engine):
    """Every catalog query the dialect sent, read back from the statement log (SVL_STATEMENTTEXT: catalog-only
    queries run on the leader, so STL_QUERYTEXT leaves them out, as in Redshift) and run again."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "select pid, starttime, sequence, text from svl_statementtext where type = 'QUERY'"
            " order by pid, starttime, sequence").fetchall()
        texts = {}
        for pid, start, _, chunk in rows:
            texts[(pid, start)] = texts.get((pid, start), "") + chunk
        queries = [t.replace("\\n", "\n").strip() for t in texts.values()]
        catalog = [q for q in queries if "pg_catalog" in q or "pg_index" in q or "pg_constraint" in q]
        for needle in ["pg_index ix", "cons.conkey", "pg_attrdef", "generate_subscripts(ix.indkey, 1)",
                       "a.attnum = ANY(ix.indkey)"]:
            check(any(needle in q for q in catalog), True, f"statement log has the dialect's query with {needle}")
        for q in catalog:
            try:
                conn.exec_driver_sql(q.replace("%", "%%")).fetchall()
            except Exception as e:  # report which logged query failed
                sys.exit(f"FAIL logged query does not run again: {q!r}: {e}")
        print(f"ok   {len(catalog)} logged catalog queries run again")


if __name__ == "__main__":
    main()
