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
        ]:
            conn.exec_driver_sql(stmt)
    check(engine.dialect.server_version_info, (8, 0, 2), "server_version_info")
    insp = sa.inspect(engine)
    names = insp.get_schema_names()
    check("sa_s" in names and "public" in names, True, f"get_schema_names {names}")
    check(sorted(insp.get_table_names(schema="sa_s")), ["child", "pair", "parent"], "get_table_names")
    check(insp.get_view_names(schema="sa_s"), ["v"], "get_view_names")

    cols = insp.get_columns("parent", schema="sa_s")
    check([c["name"] for c in cols], ["id", "code", "note"], "get_columns names")
    check([str(c["type"]) for c in cols], ["INTEGER", "VARCHAR(8)", "VARCHAR(20)"], "get_columns types")
    check([c["nullable"] for c in cols], [False, False, True], "get_columns nullable")
    # The DEFAULT as written (Redshift's pg_get_expr would add ::character varying).
    check(cols[2]["default"], "'x'", "get_columns default")
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
    print("sqlalchemy_test passed")


if __name__ == "__main__":
    main()
