#!/usr/bin/env bash
# Client test: the seed example of issue 2 through psql, an error case, psql's \dn \dt \d \du, a NOTICE, and a restart
# (SIGTERM, start again) that keeps the rows.  Usage: psql_test.sh path/to/blueshift
source "$(dirname "$0")/server_lib.sh"
bs_init "${1:?usage: psql_test.sh BLUESHIFT_BINARY}"
HERE=$(cd "$(dirname "$0")" && pwd)

# Runs SQL from stdin with ON_ERROR_STOP and compares stdout+stderr with the expected file.
check_output() {
  local name=$1 expected=$2
  bs_psql -v ON_ERROR_STOP=1 dev -f - >"$BS_TMP/$name.out" 2>&1 || bs_fail "$name: psql failed: $(cat "$BS_TMP/$name.out")"
  diff -u "$expected" "$BS_TMP/$name.out" || bs_fail "$name: output differs from $expected"
}

bs_start

bs_dialect <<'SQL' | check_output seed "$HERE/expected/psql_seed.out"
CREATE SCHEMA myinternalschema;
CREATE TABLE myinternalschema.event(
  eventid integer not null distkey, venueid smallint not null, catid smallint not null,
  dateid smallint not null sortkey, eventname varchar(200), starttime timestamp);
INSERT INTO myinternalschema.event VALUES
  (1, 305, 8, 1851, 'Gotterdammerung', '2008-01-25 14:30:00'),
  (2, 306, 8, 2114, 'Boris Godunov', '2008-10-15 20:00:00'),
  (3, 302, 8, 1935, 'Salome', '2008-04-19 14:30:00');
INSERT INTO myinternalschema.event VALUES (4, 309, 8, 2090, NULL, NULL);
SELECT * FROM myinternalschema.event ORDER BY eventid;
SELECT catid, count(*) AS events, min(dateid) AS first_date FROM myinternalschema.event GROUP BY catid;
SQL

# A syntax error: psql reports it, ON_ERROR_STOP makes it exit 3 (script) ...
bs_psql -v ON_ERROR_STOP=1 dev -c 'SELEC 1' >"$BS_TMP/err.out" 2>&1 && bs_fail "syntax error not reported"
grep -q 'syntax error at or near "SELEC"' "$BS_TMP/err.out" || bs_fail "unexpected error text: $(cat "$BS_TMP/err.out")"
# ... and the session goes on serving after an error.
printf 'SELEC 1;\nSELECT 1 + 1 AS two;\n' | bs_psql dev -f - >"$BS_TMP/after.out" 2>&1
grep -q '^   2$' "$BS_TMP/after.out" || bs_fail "session did not serve after an error: $(cat "$BS_TMP/after.out")"

# psql's describe commands need pg_catalog; checked loosely (owners and layout differ from PostgreSQL).
catalog_failed=0
check_describe() {
  local command=$1 pattern=$2
  if ! bs_psql -v ON_ERROR_STOP=1 dev -c "$command" >"$BS_TMP/describe.out" 2>&1 ||
    ! grep -Eq "$pattern" "$BS_TMP/describe.out"; then
    echo "FAIL: $command: $(cat "$BS_TMP/describe.out")" >&2
    catalog_failed=1
  fi
}
check_describe '\dn' 'myinternalschema'
check_describe '\dt myinternalschema.*' 'myinternalschema \| event +\| table'
check_describe '\d myinternalschema.event' 'eventname +\| character varying\(200\)'
check_describe '\d myinternalschema.event' 'starttime +\| timestamp without time zone'
bs_psql -v ON_ERROR_STOP=1 dev -c 'CREATE VIEW myinternalschema.eventview AS SELECT eventid, eventname FROM myinternalschema.event' \
  >"$BS_TMP/view.out" 2>&1 || bs_fail "CREATE VIEW failed: $(cat "$BS_TMP/view.out")"
check_describe '\dv myinternalschema.*' 'myinternalschema \| eventview +\| view'
check_describe '\d myinternalschema.eventview' 'eventname +\| character varying\(200\)'
# \df and \df+ of a SQL UDF (pg_proc, pg_get_function_result/arguments, pg_function_is_visible, pg_language).
bs_psql -v ON_ERROR_STOP=1 dev -c 'CREATE FUNCTION myinternalschema.f_plus (int, varchar) RETURNS int IMMUTABLE
  AS $$ SELECT $1 + 1 $$ LANGUAGE sql' >"$BS_TMP/function.out" 2>&1 ||
  bs_fail "CREATE FUNCTION failed: $(cat "$BS_TMP/function.out")"
check_describe '\df myinternalschema.*' 'myinternalschema \| f_plus +\| integer +\| integer, character varying +\| func'
check_describe '\df+ myinternalschema.f_plus' 'immutable +\| awsuser +\| invoker +\| =X/awsuser +\| sql +\| +SELECT \$1 \+ 1'
# \d of a table with informational keys: its primary key and unique constraint as indexes (pg_index).
bs_psql -v ON_ERROR_STOP=1 dev -c 'CREATE TABLE myinternalschema.keyed (id integer primary key, code varchar(4) unique)' \
  >"$BS_TMP/keyed.out" 2>&1 || bs_fail "CREATE TABLE keyed failed: $(cat "$BS_TMP/keyed.out")"
check_describe '\d myinternalschema.keyed' '"keyed_pkey" PRIMARY KEY, btree \(id\)'
check_describe '\d myinternalschema.keyed' '"keyed_code_key" UNIQUE CONSTRAINT, btree \(code\)'
# \d of tables on both sides of a FOREIGN KEY: psql lists "Foreign-key constraints" on the referencing table
# and "Referenced by" on the referenced one (both have pg_class.relhastriggers, as PostgreSQL's FK triggers
# give them). Defaults show as Redshift's pg_get_expr prints them.
bs_psql -v ON_ERROR_STOP=1 dev >"$BS_TMP/fk.out" 2>&1 <<'SQL' || bs_fail "CREATE TABLE fk tables failed: $(cat "$BS_TMP/fk.out")"
CREATE TABLE myinternalschema.fkparent (id integer primary key, code varchar(10) default 'abc',
  n integer default 7, big bigint default '8', d date default '2020-1-2', flag boolean default 'true');
CREATE TABLE myinternalschema.fkchild (cid integer identity(1,1), pid integer references myinternalschema.fkparent(id));
SQL
check_describe '\d myinternalschema.fkchild' '^Foreign-key constraints:$'
check_describe '\d myinternalschema.fkchild' '^    "fkchild_pid_fkey" FOREIGN KEY \(pid\) REFERENCES myinternalschema.fkparent\(id\)$'
check_describe '\d myinternalschema.fkparent' '^Referenced by:$'
check_describe '\d myinternalschema.fkparent' \
  '^    TABLE "myinternalschema.fkchild" CONSTRAINT "fkchild_pid_fkey" FOREIGN KEY \(pid\) REFERENCES myinternalschema.fkparent\(id\)$'
check_describe '\d myinternalschema.fkparent' "code +\| character varying\(10\) +\| +\| +\| 'abc'::character varying$"
check_describe '\d myinternalschema.fkparent' 'n +\| integer +\| +\| +\| 7$'
check_describe '\d myinternalschema.fkparent' "big +\| bigint +\| +\| +\| '8'::bigint$"
check_describe '\d myinternalschema.fkparent' "d +\| date +\| +\| +\| '2020-01-02'::date$"
check_describe '\d myinternalschema.fkparent' 'flag +\| boolean +\| +\| +\| true$'
check_describe '\d myinternalschema.fkchild' '^ cid +\| integer +\| +\| not null \| "identity"\([0-9]+, 0, '"'1,1'"'::text\)$'
# A table outside any foreign key has neither footer.
if bs_psql dev -c '\d myinternalschema.keyed' | grep -q 'Foreign-key\|Referenced by'; then
  echo "FAIL: \\d keyed shows a foreign-key footer" >&2
  catalog_failed=1
fi
# \du: pg_roles, pg_auth_members and the ARRAY(SELECT ...) of the groups a user is in.
bs_psql -v ON_ERROR_STOP=1 dev -c "CREATE GROUP du_readers; CREATE USER du_user PASSWORD 'Dupass123' IN GROUP du_readers" \
  >/dev/null 2>&1 || bs_fail "could not create the \\du user"
check_describe '\du' 'du_user +\| +\| \{du_readers\}'
check_describe '\du' 'du_readers +\| Cannot login +\| \{\}'
check_describe '\du' 'awsuser +\| Superuser'
# \l: pg_database with pg_get_userbyid and pg_encoding_to_char. A database made with CREATE DATABASE is listed
# and served: \c etl connects to it, its tables are its own (absent in dev); a database that does not exist is
# refused with 3D000.
bs_psql -v ON_ERROR_STOP=1 dev -c 'CREATE DATABASE etl' >/dev/null 2>&1 || bs_fail "CREATE DATABASE etl failed"
check_describe '\l' '^ dev +\| awsuser +\| UTF8'
check_describe '\l' '^ etl +\| awsuser'
bs_psql -v ON_ERROR_STOP=1 -At dev >"$BS_TMP/etl.out" 2>&1 <<'SQL' || bs_fail "working in etl: $(cat "$BS_TMP/etl.out")"
\c etl
CREATE TABLE only_in_etl (a INTEGER);
INSERT INTO only_in_etl VALUES (42);
SELECT current_database() || ':' || a::VARCHAR FROM only_in_etl;
\c dev
SELECT 'dev tables named only_in_etl: ' || count(*) FROM pg_tables WHERE tablename = 'only_in_etl';
SQL
grep -q '^etl:42$' "$BS_TMP/etl.out" || bs_fail "etl's table: $(cat "$BS_TMP/etl.out")"
grep -q '^dev tables named only_in_etl: 0$' "$BS_TMP/etl.out" || bs_fail "etl's table seen in dev: $(cat "$BS_TMP/etl.out")"
bs_psql nowhere -c 'SELECT 1' >"$BS_TMP/nowhere.out" 2>&1 && bs_fail "connected to a database that does not exist"
grep -q 'database "nowhere" does not exist' "$BS_TMP/nowhere.out" || bs_fail "connecting to nowhere: $(cat "$BS_TMP/nowhere.out")"
# NoticeResponse: psql prints the engine's notices.
check_describe 'DROP TABLE IF EXISTS missing' '^NOTICE:  table "missing" does not exist, skipping$'

# Restart: the rows survive a clean stop.
bs_stop
grep -q 'terminating\|shutting down\|shut down' "$BS_LOG" || bs_fail "no shutdown line in the log"
bs_start
echo 'SELECT * FROM myinternalschema.event ORDER BY eventid;' | check_output restart "$HERE/expected/psql_restart.out"
[ "$(bs_psql -At etl -c 'SELECT a FROM only_in_etl' 2>&1)" = 42 ] || bs_fail "etl's rows did not survive the restart"
bs_stop

[ "$catalog_failed" -eq 0 ] || bs_fail "psql describe commands (pg_catalog) failed"
echo "PASS psql_test"
