"""The catalog queries DBeaver's PostgreSQL driver, with its Redshift server extension, sends when it
connects and when it opens a table (schema list, data types, tables, columns, constraints, table info): each
must run and answer. The texts follow DBeaver's PostgreExecutionContext, PostgreDatabase, PostgreSchema,
PostgreTableBase and PostgreServerRedshift; a `?` parameter is filled in here as DBeaver's JDBC driver would
bind it. Connection settings come from PGHOST/PGPORT/PGUSER/PGDATABASE."""

import sys

import psycopg2


def check(got, want, what):
    if got != want:
        sys.exit(f"FAIL {what}: got {got!r}, want {want!r}")
    print(f"ok   {what}")


def run(cur, sql, what, params=None):
    try:
        cur.execute(sql, params)
    except psycopg2.Error as e:
        sys.exit(f"FAIL {what}: {e.pgcode} {e}\n{sql}")
    return cur.fetchall() if cur.description else []


def main():
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    run(cur, "create schema dbv", "setup")
    run(cur, "create table dbv.dept (id integer primary key, name varchar(30) not null default 'none')", "setup")
    run(cur, "create table dbv.emp (eid integer identity(1,1), dept integer references dbv.dept(id),"
             " email varchar(60) unique, salary decimal(10,2), primary key (eid)) diststyle key distkey(dept)",
        "setup")

    # Connecting: pgjdbc's startup settings, then DBeaver's context defaults.
    run(cur, "SET extra_float_digits = 3", "pgjdbc SET extra_float_digits")
    run(cur, "SET application_name = 'DBeaver 23.0.0 - Main'", "pgjdbc SET application_name")
    check(run(cur, "SELECT current_schema(),session_user", "context defaults"), [("public", "awsuser")],
          "SELECT current_schema(),session_user")
    check(run(cur, "SHOW search_path", "SHOW search_path"), [("$user, public",)], "SHOW search_path")
    run(cur, 'SET search_path = "$user",dbv', "SET search_path to the selected schema")
    check(run(cur, "SHOW search_path", "SHOW search_path"), [("$user, dbv",)], "SHOW search_path after SET")
    run(cur, "SET search_path = \"$user\",public", "SET search_path back")
    check(run(cur, "SELECT version()", "version")[0][0].startswith("PostgreSQL 8.0.2"), True, "version()")
    dbs = run(cur, "SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=%s", "database", ("dev",))
    check(len(dbs), 1, "pg_database lookup of the connected database")

    # The navigator: schemas (external schemas first, as the Redshift extension does), roles, access methods.
    run(cur, 'SELECT * FROM "dev".pg_catalog.svv_external_schemas', "svv_external_schemas")
    schemas = run(cur, "SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n\n"
                       "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 "
                       "AND d.classoid='pg_namespace'::regclass\n ORDER BY nspname", "schemas")
    names = [r[2] for r in schemas]  # n.oid, then n.*: oid, nspname, ...
    check("dbv" in names and "public" in names and "pg_catalog" in names, True, "schema list")
    dbv_oid = [r[0] for r in schemas if r[2] == "dbv"][0]
    run(cur, "SELECT a.oid,a.* FROM pg_catalog.pg_roles a \nORDER BY a.oid", "roles")
    run(cur, "SELECT am.oid,am.* FROM pg_catalog.pg_am am \nORDER BY am.oid", "access methods")
    types = run(cur, "SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name,"
                     " d.description\nFROM pg_catalog.pg_type t\n"
                     "LEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem\n"
                     "LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid\n"
                     "LEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid\n"
                     "WHERE t.typname IS NOT NULL AND (c.relkind IS NULL OR c.relkind = 'c') "
                     "AND (et.typcategory IS NULL OR et.typcategory <> 'C')", "data types")
    type_names = {r[2] for r in types}
    check({"int4", "varchar", "int2vector", "_int2", "_text"} <= type_names, True, "data types include arrays")

    # Opening schema dbv: its tables, then table emp's columns, constraints and Redshift table info.
    tables = run(cur, "SELECT c.oid,c.*,d.description FROM pg_catalog.pg_class c\n"
                      "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 "
                      "AND d.classoid='pg_class'::regclass\n"
                      "WHERE c.relnamespace=%s AND c.relkind not in ('i','I','c')", "tables", (dbv_oid,))
    check(sorted(r[2] for r in tables), ["dept", "emp"], "tables of the schema")
    emp_oid = [r[0] for r in tables if r[2] == "emp"][0]
    columns = run(cur, "SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,"
                       "dsc.description\nFROM pg_catalog.pg_attribute a\n"
                       "INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)\n"
                       "LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)\n"
                       "LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)\n"
                       "WHERE NOT a.attisdropped AND c.oid=%s ORDER BY a.attnum", "columns", (emp_oid,))
    check([r[2] for r in columns], ["eid", "dept", "email", "salary"], "columns in order")
    check(columns[0][-2], f'"identity"({emp_oid}, 0, \'1,1\'::text)', "identity column's default")
    cons = run(cur, "SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace,d.description\n"
                    "FROM pg_catalog.pg_constraint c\n"
                    "INNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid\n"
                    "LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid\n"
                    "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 "
                    "AND d.classoid='pg_constraint'::regclass\n"
                    "WHERE c.conrelid=%s\nORDER BY c.oid", "constraints", (emp_oid,))
    check(sorted((r[2], r[4]) for r in cons), [("emp_dept_fkey", "f"), ("emp_email_key", "u"), ("emp_pkey", "p")],
          "constraints")
    check(len({r[0] for r in cons}), 3, "constraint oids are distinct")
    keys = {r[2]: r[15] for r in cons}  # conkey: psycopg2 makes a list of a smallint[] (type OID 1005)
    check(keys, {"emp_dept_fkey": [2], "emp_email_key": [3], "emp_pkey": [1]}, "conkey arrays")
    run(cur, "SELECT p.oid,p.*,d.description FROM pg_catalog.pg_proc p\n"
             "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=p.oid\n"
             "WHERE p.pronamespace=%s ORDER BY p.proname", "procedures", (dbv_oid,))
    # SVV_TABLE_INFO lists only tables with rows, as in Redshift.
    check(run(cur, "SELECT * FROM pg_catalog.svv_table_info WHERE table_id=%s", "svv_table_info", (emp_oid,)), [],
          "svv_table_info of an empty table")
    run(cur, "insert into dbv.dept values (1, 'ops')", "setup")
    run(cur, "insert into dbv.emp (dept, email, salary) values (1, 'a@b.c', 10.5)", "setup")
    info = run(cur, "SELECT * FROM pg_catalog.svv_table_info WHERE table_id=%s", "svv_table_info", (emp_oid,))
    check(len(info), 1, "svv_table_info row of the table")
    # The data editor's first page.
    check(len(run(cur, "SELECT * FROM dbv.emp\nLIMIT 200", "data")), 1, "table data")
    print("dbeaver_probes_test passed")


if __name__ == "__main__":
    main()
