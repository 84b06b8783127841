"""Multi-session transaction behaviour over the wire, one psycopg2 connection per session and a thread for
each statement that is expected to wait: table locks (LOCK, writers queueing, readers behind LOCK), the
lock views, PG_TERMINATE_BACKEND releasing a stuck writer, a dropped session releasing its locks,
Redshift's documented serializable isolation histories, and the staging upsert under concurrent readers.
Connection settings come from PGHOST/PGPORT/PGUSER/PGDATABASE."""

import random
import sys
import threading
import time

import psycopg2
import psycopg2.errors

WAIT = 0.7  # long enough for a statement that is not blocked to finish


def fail(what):
    sys.exit(f"FAIL {what}")


def check(got, want, what):
    if got != want:
        fail(f"{what}: got {got!r}, want {want!r}")


def connect():
    conn = psycopg2.connect("")
    conn.autocommit = True
    return conn


def q(conn, sql, *args):
    cur = conn.cursor()
    cur.execute(sql, args or None)
    return cur.fetchall() if cur.description else None


class Background:
    """Runs one statement on its own connection in a thread; done/error/rows tell how it went."""

    def __init__(self, conn, sql):
        self.done = threading.Event()
        self.error = None
        self.rows = None
        self.thread = threading.Thread(target=self._run, args=(conn, sql), daemon=True)
        self.thread.start()

    def _run(self, conn, sql):
        try:
            self.rows = q(conn, sql)
        except Exception as e:  # reported to the test
            self.error = e
        self.done.set()

    @staticmethod
    def blocked(conn, sql, what):
        """Starts sql and fails with `what` unless it is still waiting after WAIT."""
        started = Background(conn, sql)
        time.sleep(WAIT)
        if started.done.is_set():
            fail(what)
        return started

    def wait(self, what, timeout=10):
        if not self.done.wait(timeout):
            fail(f"{what}: still blocked after {timeout} s")
        if self.error:
            fail(f"{what}: {self.error}")
        return self.rows


def pid(conn):
    return q(conn, "select pg_backend_pid()")[0][0]


def oid(conn, table):
    return q(conn, "select oid from pg_class where relname = %s", table)[0][0]


def fresh_table(conn, name, rows):
    q(conn, f"drop table if exists {name}")
    q(conn, f"create table {name} (id integer not null, v integer)")
    if rows:
        q(conn, f"insert into {name} values " + ",".join(f"({i}, 0)" for i in range(1, rows + 1)))


def test_lock_makes_writers_and_readers_wait(admin):
    fresh_table(admin, "locked", 3)
    a, b, r = connect(), connect(), connect()
    a_pid, b_pid = pid(a), pid(b)  # before b is busy: a connection runs one statement at a time
    q(a, "begin")
    q(a, "lock table locked")
    q(a, "insert into locked values (100, 0)")
    writer = Background(b, "insert into locked values (4, 0)")
    reader = Background(r, "select count(*) from locked where id = 100")
    time.sleep(WAIT)
    if writer.done.is_set() or reader.done.is_set():
        fail("a writer or reader did not wait for LOCK")
    table = oid(admin, "locked")
    # The seed's lock query, as an admin would run it.
    locks = q(admin, "select table_id, last_update, lock_owner, lock_owner_pid from pg_catalog.stv_locks "
                     "order by last_update asc")
    holders = [(t, p) for (t, _, _, p) in locks if t == table]
    if (table, a_pid) not in holders:
        fail(f"stv_locks does not show the LOCK holder: {locks}")
    waiting = q(admin, "select pid, lock_mode, granted from svv_transactions where relation = %s order by pid",
                table)
    if (a_pid, "AccessExclusiveLock", True) not in waiting or (b_pid, "RowExclusiveLock", False) not in waiting:
        fail(f"svv_transactions: {waiting}")
    q(a, "commit")
    writer.wait("insert after the LOCK holder committed")
    # The reader takes its snapshot after the wait: it sees the row the LOCK holder committed.
    check(reader.wait("select after the LOCK holder committed"), [(1,)], "reader's snapshot after the wait")
    check(q(admin, "select count(*) from locked"), [(5,)], "rows after the wait")
    for c in (a, b, r):
        c.close()


def test_reader_after_a_lock_wait_sees_the_new_definition(admin):
    fresh_table(admin, "altered", 2)
    a, r = connect(), connect()
    q(a, "begin")
    q(a, "lock altered")
    q(a, "alter table altered add column w integer default 7")
    reader = Background(r, "select * from altered order by id")
    time.sleep(WAIT)
    if reader.done.is_set():
        fail("the reader did not wait for LOCK")
    q(a, "commit")
    # Bound again after the wait: the column the holder added is there.
    check(reader.wait("select after ALTER TABLE committed"), [(1, 0, 7), (2, 0, 7)], "reader after ALTER")
    a.close()
    r.close()


def test_every_reader_waits_for_lock_and_sees_the_commit(admin):
    # Each statement that reads `src` waits for the LOCK holder, then reads the row it committed (id 100):
    # statements whose plans are not plain queries included (hunt: CTAS, SELECT INTO, MERGE's source,
    # UNLOAD and ANALYZE read straight through the lock).
    statements = [
        ("create table ctas_out as select * from src", "select count(*) from ctas_out where id = 100", [(1,)]),
        ("select * into into_out from src", "select count(*) from into_out where id = 100", [(1,)]),
        ("merge into merge_out using src on merge_out.id = src.id when matched then update set v = src.v "
         "when not matched then insert values (src.id, src.v)", "select count(*) from merge_out where id = 100",
         [(1,)]),
        ("insert into merge_out select * from src where id = 100", "select count(*) from merge_out where id = 100",
         [(2,)]),
        ("update merge_out set v = src.v + 1 from src where merge_out.id = src.id and src.id = 100",
         "select min(v) from merge_out where id = 100", [(8,)]),
        ("delete from merge_out using src where merge_out.id = src.id and src.id = 100",
         "select count(*) from merge_out where id = 100", [(0,)]),
        ("unload ('select * from src where id >= 2') to '/tmp/blueshift_lock_unload/u_' parallel off cleanpath",
         "select pg_last_unload_count()", [(2,)]),
        ("analyze src", None, None),
    ]
    fresh_table(admin, "merge_out", 0)
    for n, (statement, check_sql, expected) in enumerate(statements):
        fresh_table(admin, "src", 2)
        a, b = connect(), connect()
        q(a, "begin")
        q(a, "lock src")
        q(a, "insert into src values (100, 7)")
        reader = Background(b, statement)
        time.sleep(WAIT)
        if reader.done.is_set():
            fail(f"statement {n} did not wait for LOCK: {statement}")
        q(a, "commit")
        reader.wait(f"statement {n} after the LOCK holder committed")
        if check_sql:
            check(q(b, check_sql), expected, f"statement {n}: {statement}")
        a.close()
        b.close()


def test_terminate_backend_releases_a_stuck_writer(admin):
    fresh_table(admin, "stuck", 3)
    a, b = connect(), connect()
    a_pid = pid(a)
    q(a, "begin")
    q(a, "insert into stuck values (100, 0)")
    q(a, "lock stuck")
    deleter = Background(b, "delete from stuck where id = 1")
    time.sleep(WAIT)
    if deleter.done.is_set():
        fail("the DELETE did not wait for the lock")
    owner = q(admin, "select lock_owner_pid from pg_catalog.stv_locks where table_id = %s "
                     "and lock_status like 'Holding%%'", oid(admin, "stuck"))
    check(owner, [(a_pid,)], "lock owner in stv_locks")
    check(q(admin, "select pg_terminate_backend(%s)", owner[0][0]), [(1,)], "pg_terminate_backend")
    deleter.wait("delete after pg_terminate_backend")
    try:
        q(a, "select 1")
        fail("the terminated session still answers")
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        pass
    check(q(admin, "select count(*), max(id) from stuck"), [(2, 3)], "terminated transaction rolled back")
    try:
        q(admin, "select pg_terminate_backend(999999)")
        fail("pg_terminate_backend of no backend succeeded")
    except psycopg2.Error as e:
        check(e.pgcode, "22023", "pg_terminate_backend of no backend")
    b.close()


def test_dropped_session_rolls_back_and_releases(admin):
    fresh_table(admin, "dropped", 3)
    a, b = connect(), connect()
    q(a, "begin")
    q(a, "delete from dropped where id = 1")
    deleter = Background(b, "delete from dropped where id = 2")
    time.sleep(WAIT)
    if deleter.done.is_set():
        fail("the second DELETE did not wait for the first")
    a.close()  # the client goes away mid-transaction
    deleter.wait("delete after the holder's session ended")
    check(q(admin, "select id from dropped order by id"), [(1,), (3,)], "rows after the dropped session")
    b.close()


def test_writers_of_one_table_queue_instead_of_failing(admin):
    # Redshift's concurrent DELETE example: the second waits for the first, then runs on its data.
    fresh_table(admin, "queued", 4)
    a, b = connect(), connect()
    q(a, "begin")
    q(a, "delete from queued where id = 1")
    q(a, "update queued set v = 1 where id = 2")
    second = Background(b, "update queued set v = v + 10 where id in (2, 3)")
    time.sleep(WAIT)
    if second.done.is_set():
        fail("the second writer did not wait")
    q(a, "commit")
    second.wait("second writer after the first committed")
    check(q(admin, "select id, v from queued order by id"), [(2, 11), (3, 10), (4, 0)], "rows after both")
    # Single-row INSERTs in autocommit do not wait for each other.
    q(a, "insert into queued values (5, 0)")
    Background(b, "insert into queued values (6, 0)").wait("concurrent insert", timeout=5)
    check(q(admin, "select count(*) from queued"), [(5,)], "rows after concurrent inserts")
    a.close()
    b.close()


def test_loaders_that_read_take_turns(admin):
    # Redshift's concurrent load example with INSERT: each transaction loads the table and then counts it.
    # The second waits for the first's write lock, then sees its rows; both commit (no 1023).
    fresh_table(admin, "users", 0)
    a, b = connect(), connect()
    q(a, "begin")
    q(a, "insert into users values (1, 0)")
    second = Background(b, "begin; insert into users values (2, 0); select count(*) from users")
    time.sleep(WAIT)
    if second.done.is_set():
        fail("the second loader did not wait for the first")
    check(q(a, "select count(*) from users"), [(1,)], "the first loader's count")
    q(a, "end")
    check(second.wait("the second loader after the first ended"), [(2,)], "the second loader's count")
    q(b, "end")
    check(q(admin, "select id from users order by id"), [(1,), (2,)], "rows after both loads")
    a.close()
    b.close()


def test_insert_values_with_a_subquery_takes_the_write_lock(admin):
    # An autocommit INSERT whose VALUES read the table (next id = max + 1) takes the write lock, like INSERT ...
    # SELECT: concurrent ones take turns, each seeing the last one's row, instead of committing the same id
    # (bug hunt 18 #1). Without a subquery, VALUES read nothing and take RowExclusive (no waiting).
    fresh_table(admin, "nextid", 1)
    a, b = connect(), connect()
    b_pid = pid(b)
    q(a, "begin")
    q(a, "insert into nextid select max(id) + 1, 1 from nextid")
    second = Background.blocked(b, "insert into nextid values ((select max(id) + 1 from nextid), 2)",
                                "the INSERT reading the table did not wait for the write lock")
    waiting = q(admin, "select lock_mode, granted from svv_transactions where pid = %s and relation = %s",
                b_pid, oid(admin, "nextid"))
    check(waiting, [("ShareRowExclusiveLock", False)], "the waiting INSERT's lock")
    q(a, "commit")
    second.wait("the INSERT after the first committed")
    check(q(admin, "select id, v from nextid order by id"), [(1, 0), (2, 1), (3, 2)], "ids after both")
    errors = []

    def insert_next(conn, v):
        for _ in range(40):
            try:
                q(conn, "insert into nextid values ((select max(id) + 1 from nextid), %s)", v)
            except psycopg2.Error as e:  # reported below
                errors.append(e.pgcode)

    threads = [threading.Thread(target=insert_next, args=(c, v)) for c, v in ((a, 10), (b, 20))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(errors, [], "errors of concurrent next-id INSERTs")
    check(q(admin, "select count(*), count(distinct id), max(id) from nextid"), [(83, 83, 83)],
          "rows of concurrent next-id INSERTs")
    a.close()
    b.close()


def test_concurrent_autocommit_inserts_reading_each_others_table(admin):
    # Write skew through autocommit INSERTs: one session's rows count the other's table, and the other's
    # count the first's. A pair that saw neither the other's row would be a cycle (each before the other):
    # one of such a pair fails with 1023 instead. Commits awaiting their group fsync were forgotten by the
    # conflict check, and such pairs committed by the hundred (bug hunt 18 #1, across two tables).
    for t in ("skew_a", "skew_b"):
        q(admin, f"drop table if exists {t}")
        q(admin, f"create table {t} (seen bigint)")
    rows = 120
    failures = []

    def insert(mine, other):
        conn = connect()
        for _ in range(rows):
            try:
                q(conn, f"insert into {mine} values ((select count(*) from {other}))")
            except psycopg2.errors.SerializationFailure:
                pass
            except psycopg2.Error as e:  # reported below
                failures.append(str(e))
        conn.close()

    threads = [threading.Thread(target=insert, args=p) for p in (("skew_a", "skew_b"), ("skew_b", "skew_a"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(failures, [], "errors other than 1023")
    # Each session commits its rows one after the other, and a row counts the other table's committed rows.
    a = [r[0] for r in q(admin, "select seen from skew_a order by seen")]
    b = [r[0] for r in q(admin, "select seen from skew_b order by seen")]
    unseen = [(i, j) for i, sa in enumerate(a) for j, sb in enumerate(b) if sa <= j and sb <= i]
    check(unseen[:5], [], f"pairs of committed INSERTs ({len(a)} and {len(b)}) that saw neither the other")


def test_lock_upgrade_keeps_the_lock_it_holds(admin):
    # Two readers; one asks for LOCK and waits for the other's read lock, keeping its own meanwhile: the
    # other's DROP TABLE is a deadlock (PostgreSQL's answer too), and its failure ends its transaction at
    # once, so the LOCK goes on before that session's ROLLBACK.
    fresh_table(admin, "upgraded", 3)
    a, b = connect(), connect()
    q(a, "begin")
    q(a, "select count(*) from upgraded")
    q(b, "begin")
    q(b, "select count(*) from upgraded")
    locker = Background(a, "lock upgraded")
    time.sleep(WAIT)
    if locker.done.is_set():
        fail("LOCK did not wait for the other reader")
    try:
        q(b, "drop table upgraded")
        fail("DROP TABLE ran under a transaction that reads the table")
    except psycopg2.errors.DeadlockDetected:
        pass
    locker.wait("LOCK after the other transaction failed")
    check(q(a, "select count(*) from upgraded"), [(3,)], "the table after the deadlock")
    q(a, "commit")
    q(b, "rollback")
    check(q(admin, "select count(*) from upgraded"), [(3,)], "the table survives")
    a.close()
    b.close()


def test_documented_cycle_fails_with_1023(admin):
    # Redshift's troubleshooting example: each transaction reads the table the other inserts into; the
    # last operation, which closes the cycle, fails.
    fresh_table(admin, "tab1", 0)
    fresh_table(admin, "tab2", 0)
    s1, s2 = connect(), connect()
    s2_pid = pid(s2)
    q(s1, "begin")
    q(s2, "begin")
    q(s1, "select * from tab1")
    q(s1, "insert into tab2 values (1, 0)")
    q(s2, "insert into tab1 values (1, 0)")
    try:
        q(s2, "select * from tab2")
        fail("the cycle was not detected")
    except psycopg2.errors.SerializationFailure as e:
        if "1023" not in str(e) or "Serializable isolation violation on table" not in str(e):
            fail(f"1023 message: {e}")
    q(s2, "rollback")
    q(s1, "commit")
    check(q(admin, "select count(*) from tab1"), [(0,)], "the failed transaction's insert is gone")
    check(q(admin, "select count(*) from tab2"), [(1,)], "the other transaction committed")
    conflicts = q(admin, "select process_id, table_id from stl_tr_conflict where process_id = %s", s2_pid)
    check(conflicts, [(s2_pid, oid(admin, "tab2"))], "stl_tr_conflict")
    # The documented fix: the SELECTs outside the transactions.
    q(s1, "begin")
    q(s1, "insert into tab1 values (2, 0)")
    q(s2, "select * from tab1")
    q(s2, "begin")
    q(s2, "insert into tab2 values (2, 0)")
    q(s1, "end")
    q(s1, "select * from tab2")
    q(s2, "end")
    check(q(admin, "select (select count(*) from tab1), (select count(*) from tab2)"), [(1, 2)], "after the fix")
    s1.close()
    s2.close()


def test_stale_read_then_write_fails_at_commit(admin):
    # A transaction that read a table before another committed a change to it, and then deletes from it,
    # has no serial order with that commit.
    fresh_table(admin, "stale", 3)
    a, b = connect(), connect()
    q(a, "begin")
    check(q(a, "select count(*) from stale"), [(3,)], "snapshot")
    q(b, "delete from stale where id = 1")
    try:
        q(a, "delete from stale where id = 2")
        q(a, "commit")
        fail("stale delete committed")
    except psycopg2.errors.SerializationFailure:
        pass
    q(a, "rollback")
    check(q(admin, "select id from stale order by id"), [(2,), (3,)], "after the conflict")
    a.close()
    b.close()


def connect_to(database):
    conn = psycopg2.connect(dbname=database)
    conn.autocommit = True
    return conn


def expect_error(conn, sql, error, what):
    try:
        q(conn, sql)
    except error:
        return
    fail(f"{what}: no {error.__name__}")


def test_snapshot_isolation_allows_write_skew_but_not_write_conflicts(admin):
    # ALTER DATABASE ... ISOLATION LEVEL SNAPSHOT: the history that serializable isolation rejects above
    # (each transaction reads the table the other writes) commits; two writers that change the same
    # row still conflict. New transactions take the level from their snapshot's catalog. dev's level cannot
    # change, so the histories run in a database of their own, altered while no session is connected to it.
    expect_error(admin, "alter database dev isolation level snapshot", psycopg2.errors.FeatureNotSupported,
                 "ALTER DATABASE dev ISOLATION LEVEL")
    q(admin, "drop database if exists isodb")
    q(admin, "create database isodb isolation level serializable")
    q(admin, "begin")
    expect_error(admin, "alter database isodb isolation level snapshot", psycopg2.errors.ActiveSqlTransaction,
                 "ALTER DATABASE ... ISOLATION LEVEL in a transaction block")
    q(admin, "rollback")
    q(admin, "alter database isodb isolation level snapshot")
    check(q(admin, "select trim(isolation_level) from stv_db_isolation_level where trim(db_name) = 'isodb'"),
          [("Snapshot Isolation",)], "stv_db_isolation_level")
    iso, s1, s2 = connect_to("isodb"), connect_to("isodb"), connect_to("isodb")
    fresh_table(iso, "skew1", 0)
    fresh_table(iso, "skew2", 0)
    q(s1, "begin")
    q(s2, "begin")
    check(q(s1, "select count(*) from skew1"), [(0,)], "s1 reads skew1")
    q(s1, "insert into skew2 values (1, 0)")
    q(s2, "insert into skew1 values (1, 0)")
    check(q(s2, "select count(*) from skew2"), [(0,)], "s2 reads skew2 (its snapshot)")
    q(s1, "commit")
    q(s2, "commit")
    check(q(iso, "select (select count(*) from skew1), (select count(*) from skew2)"), [(1, 1)],
          "both transactions of the write skew committed")
    # Concurrent changes to different rows of one table commit ("concurrent modifications to different
    # rows in the same table would complete successfully")...
    fresh_table(iso, "ww", 3)
    q(s1, "begin")
    check(q(s1, "select count(*) from ww"), [(3,)], "snapshot of ww")
    q(s2, "update ww set v = 1 where id = 1")
    q(s1, "update ww set v = 2 where id = 2")
    q(s1, "commit")
    check(q(iso, "select id, v from ww order by id"), [(1, 1), (2, 2), (3, 0)], "different rows")
    # ... but a change to a row that a concurrent commit changed first fails (first committer wins).
    q(s1, "begin")
    check(q(s1, "select count(*) from ww"), [(3,)], "snapshot of ww")
    q(s2, "update ww set v = 3 where id = 3")
    try:
        q(s1, "update ww set v = 4 where id = 3")
        q(s1, "commit")
        fail("a concurrent update of the same row committed under snapshot isolation")
    except psycopg2.errors.SerializationFailure as e:
        if "1023" not in str(e):
            fail(f"write-write conflict message: {e}")
    q(s1, "rollback")
    check(q(iso, "select id, v from ww order by id"), [(1, 1), (2, 2), (3, 3)], "after the conflict")
    # The level cannot change while other sessions are connected to the database ...
    expect_error(admin, "alter database isodb isolation level serializable", psycopg2.errors.ObjectInUse,
                 "ALTER DATABASE ... ISOLATION LEVEL with sessions connected")
    s1.close()
    s2.close()
    # ... but may from the only session connected to it.
    q(iso, "alter database isodb isolation level serializable")
    # Back under SERIALIZABLE, the same write skew fails again.
    s1, s2 = connect_to("isodb"), connect_to("isodb")
    q(s1, "begin")
    q(s2, "begin")
    q(s1, "select count(*) from skew1")
    q(s1, "insert into skew2 values (2, 0)")
    q(s2, "insert into skew1 values (2, 0)")
    try:
        q(s2, "select count(*) from skew2")
        fail("the write skew was not detected under serializable isolation")
    except psycopg2.errors.SerializationFailure:
        pass
    q(s2, "rollback")
    q(s1, "commit")
    for conn in (s1, s2, iso):
        conn.close()
    q(admin, "drop database isodb")


def upsert(conn, round_no, two_transactions):
    q(conn, "begin") if not two_transactions else None
    q(conn, "create temp table stage (like target)")
    q(conn, "insert into stage select id, %s from target where id %% 2 = %s", round_no, round_no % 2)
    q(conn, "insert into stage values (%s, %s)", 100000 + round_no, round_no)
    if two_transactions:
        q(conn, "begin")
    q(conn, "delete from target using stage where target.id = stage.id")
    q(conn, "delete from target where id >= 100000")
    q(conn, "insert into target select * from stage")
    q(conn, "drop table stage")
    q(conn, "end")


def test_staging_upsert_under_readers(admin):
    q(admin, "drop table if exists target")
    q(admin, "create table target (id integer not null, v integer) distkey(id) sortkey(id)")
    q(admin, "insert into target values " + ",".join(f"({i}, 0)" for i in range(1, 2001)))
    writer = connect()
    stop = threading.Event()
    bad = []
    seen = []

    def read():
        conn = connect()
        while not stop.is_set():
            rows = q(conn, "select count(*), count(distinct v), max(v) from target where id < 100000")
            extra = q(conn, "select count(*) from target where id >= 100000")
            seen.append(rows[0])
            # Every round rewrites all even or all odd ids to the round number: a reader sees both halves
            # of one state, never a mix of two rounds in one half, and never a missing row.
            if rows[0][0] != 2000 or rows[0][1] > 2 or extra[0][0] > 1:
                bad.append((rows, extra))
        conn.close()

    readers = [threading.Thread(target=read, daemon=True) for _ in range(2)]
    for t in readers:
        t.start()
    for round_no in range(1, 9):
        upsert(writer, round_no, two_transactions=round_no % 2 == 0)
    stop.set()
    for t in readers:
        t.join(30)
    if bad:
        fail(f"a reader saw a mix of old and new rows: {bad[:3]}")
    if not seen:
        fail("the readers read nothing")
    check(q(admin, "select count(*), min(v), max(v) from target where id < 100000"), [(2000, 7, 8)], "final rows")
    check(q(admin, "select id, v from target where id >= 100000"), [(100008, 8)], "the extra row")
    writer.close()


def test_drop_schema_cascade_waits_for_the_tables_users(admin):
    q(admin, "drop schema if exists doomed cascade")
    q(admin, "create schema doomed")
    q(admin, "create table doomed.t (x integer)")
    q(admin, "insert into doomed.t values (1)")
    a, b = connect(), connect()
    q(a, "begin")
    q(a, "insert into doomed.t values (2)")
    dropper = Background(b, "drop schema doomed cascade")
    time.sleep(WAIT)
    if dropper.done.is_set():
        fail("DROP SCHEMA CASCADE did not wait for a writer of its table")
    check(q(a, "select count(*) from doomed.t"), [(2,)], "the writer's table while the drop waits")
    q(a, "commit")
    dropper.wait("DROP SCHEMA CASCADE after the writer committed")
    check(q(admin, "select count(*) from pg_namespace where nspname = 'doomed'"), [(0,)], "the schema is gone")
    a.close()
    b.close()


def sqlstate_of(started):
    return getattr(started.error, "pgcode", None)


def test_second_create_of_a_name_waits_and_fails_with_42p07(admin):
    """PostgreSQL's order: the first transaction to take a name keeps it; a second CREATE (or RENAME TO) of the
    name waits for it, fails with 42P07 (42P06 for a schema) when it commits and goes ahead when it rolls
    back."""
    for sql in ("drop table if exists nm1", "drop table if exists nm2", "drop view if exists nm3",
                "drop table if exists nm3", "drop table if exists nm4", "drop table if exists nm4b",
                "drop schema if exists nms cascade"):
        q(admin, sql)
    a, b = connect(), connect()
    cases = [
        ("create table nm1 (a integer)", "create table nm1 (b integer)"),
        ("create table nm2 as select 1 as a", "create view nm2 as select 2 as b"),
        ("create view nm3 as select 1 as a", "create table nm3 (b integer)"),
        ("create schema nms", "create schema nms"),
    ]
    for first, second in cases:
        q(a, "begin")
        q(a, first)
        if first.startswith("create table nm1"):
            q(a, "insert into nm1 values (1)")
            # The name is the transaction's until it ends: an object lock in SVV_TRANSACTIONS, none in STV_LOCKS.
            check(q(admin, "select count(*) from svv_transactions where pid = %s and lockable_object_type = 'object'",
                    pid(a)), [(1,)], "the name lock in SVV_TRANSACTIONS")
        waiting = Background.blocked(b, second, f"'{second}' did not wait for the open '{first}'")
        q(a, "commit")
        if not waiting.done.wait(10):
            fail(f"'{second}' still blocked after the first committed")
        want = "42P06" if "schema" in second else "42P07"  # duplicate_schema, duplicate_table
        check(sqlstate_of(waiting), want, f"'{second}' after '{first}' committed ({waiting.error})")
    check(q(a, "select a from nm1"), [(1,)], "the first creator's table and row are kept")
    check(q(a, "select a from nm2"), [(1,)], "the first CREATE TABLE AS is kept")
    # IF NOT EXISTS after the wait skips, as when the name was there from the start.
    q(a, "begin")
    q(a, "create table nm4 (a integer)")
    waiting = Background.blocked(b, "create table if not exists nm4 (b integer)", "IF NOT EXISTS did not wait")
    q(a, "commit")
    waiting.wait("CREATE TABLE IF NOT EXISTS after the first committed")
    check(q(b, "select count(*) from pg_attribute where attrelid = %s and attname = 'a'", oid(b, "nm4")), [(1,)],
          "the first definition of nm4 stays")
    # A rollback frees the name: the waiting CREATE goes ahead.
    q(a, "begin")
    q(a, "create table nm5 (a integer)")
    waiting = Background.blocked(b, "create table nm5 (b integer)", "CREATE did not wait for the open CREATE")
    q(a, "rollback")
    waiting.wait("CREATE after the first rolled back")
    check(q(b, "select count(*) from pg_attribute where attrelid = %s and attname = 'b'", oid(b, "nm5")), [(1,)],
          "the second definition of nm5")
    q(admin, "drop table nm5")
    # RENAME TO takes the new name as CREATE does.
    q(admin, "create table nm4b (a integer)")
    q(a, "begin")
    q(a, "alter table nm4b rename to nm6")
    waiting = Background.blocked(b, "create table nm6 (b integer)", "CREATE did not wait for RENAME TO")
    q(a, "commit")
    if not waiting.done.wait(10):
        fail("CREATE still blocked after the RENAME committed")
    check(sqlstate_of(waiting), "42P07", f"CREATE of a name a RENAME took ({waiting.error})")
    for sql in ("drop table nm1", "drop table nm2", "drop view nm3", "drop table nm4", "drop table nm6",
                "drop schema nms"):
        q(admin, sql)
    a.close()
    b.close()


def test_create_and_drop_races_never_fail_with_1023(admin):
    """Two sessions that drop and create the same table in a loop (autocommit) see only 42P07, never 1023."""
    q(admin, "drop table if exists racy")
    errors = []

    def loop():
        conn = connect()
        for _ in range(40):
            for sql in ("drop table if exists racy", "create table racy (a integer)"):
                try:
                    q(conn, sql)
                except psycopg2.Error as e:
                    errors.append((sql, e.pgcode, str(e).strip()))
        conn.close()

    threads = [threading.Thread(target=loop) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    unexpected = [e for e in errors if e[1] != "42P07"]
    if unexpected:
        fail(f"create/drop race: {len(unexpected)} unexpected errors, first {unexpected[0]}")
    q(admin, "drop table if exists racy")


def test_temporary_tables_of_other_sessions_are_out_of_reach(admin):
    """Another session's temp table, named through its pg_temp_<n> schema, can be neither read nor changed nor
    dropped (0A000), and nothing can be created in that schema (42P16): it would go with the session."""
    a, b = connect(), connect()
    q(a, "create temp table own_tt (x integer)")
    q(a, "insert into own_tt values (1), (2)")
    schema = q(b, "select schemaname from pg_tables where tablename = 'own_tt'")[0][0]
    if not schema.startswith("pg_temp_"):
        fail(f"temp table's schema is {schema!r}")
    for sql, code in ((f"select * from {schema}.own_tt", "0A000"),
                      (f"update {schema}.own_tt set x = x * 100", "0A000"),
                      (f"insert into {schema}.own_tt values (3)", "0A000"),
                      (f"delete from {schema}.own_tt", "0A000"),
                      (f"truncate {schema}.own_tt", "0A000"),
                      (f"drop table {schema}.own_tt", "0A000"),
                      (f"create table {schema}.keep (a integer)", "42P16")):
        try:
            q(b, sql)
            fail(f"another session's '{sql}' succeeded")
        except psycopg2.Error as e:
            check(e.pgcode, code, f"another session's '{sql}' ({str(e).strip()})")
    check(q(a, "select x from own_tt order by x"), [(1,), (2,)], "the owner's temp table is untouched")
    check(q(a, f"select count(*) from {schema}.own_tt"), [(2,)], "its owner may name it by its schema")
    a.close()
    b.close()


def test_cluster_change_from_an_older_snapshot_keeps_new_databases(admin):
    # A CREATE USER whose transaction began before a CREATE DATABASE committed commits afterwards: the
    # database, and what was written to it meanwhile, stay (its commit once synced the other databases to
    # its snapshot's list of databases, which closed and emptied the new one).
    b = connect()
    q(b, "begin")
    q(b, "create user race_user password 'Race1234x'")
    q(admin, "create database race_db")
    c = psycopg2.connect(dbname="race_db")
    c.autocommit = True
    q(c, "create table keep (a integer)")
    q(c, "insert into keep values (1), (2)")
    q(b, "commit")
    check(q(c, "select count(*) from keep"), [(2,)], "rows of the new database after the other commit")
    c.close()
    c = psycopg2.connect(dbname="race_db")
    check(q(c, "select count(*) from keep"), [(2,)], "rows of the new database in a new session")
    c.close()
    b.close()
    q(admin, "drop database race_db")
    q(admin, "drop user race_user")


def test_vacuum_under_concurrent_updates_and_deletes(admin):
    # Redshift: "Concurrent write operations proceed during vacuum operations". No VACUUM form fails because
    # rows were updated or deleted while it rewrote them, and no UPDATE or DELETE fails because a VACUUM
    # replaced the segments its snapshot read (bug hunt 16 #12: 40001 from VACUUM, 1023 from UPDATEs).
    q(admin, "drop table if exists vz")
    q(admin, "create table vz (id integer not null, v integer) sortkey(id)")
    q(admin, "insert into vz values " + ",".join(f"({i}, 0)" for i in range(2000)))
    q(admin, "insert into vz values " + ",".join(f"({i}, 0)" for i in range(10000, 10400)))
    stop = threading.Event()
    errors = []
    updates = [0, 0]
    deleted = []

    def update(k):
        conn = connect()
        rng = random.Random(k)
        while not stop.is_set():
            try:
                q(conn, "update vz set v = v + 1 where id = %s", rng.randrange(2000))
                updates[k] += 1
            except psycopg2.Error as e:
                errors.append(f"update: {e}")
        conn.close()

    def delete():
        conn = connect()
        for i in range(10000, 10400):
            if stop.is_set():
                break
            try:
                q(conn, "delete from vz where id = %s", i)
                deleted.append(i)
            except psycopg2.Error as e:
                errors.append(f"delete: {e}")
        conn.close()

    writers = [threading.Thread(target=update, args=(k,), daemon=True) for k in range(2)]
    writers.append(threading.Thread(target=delete, daemon=True))
    for t in writers:
        t.start()
    vacuumer = connect()
    forms = ["vacuum vz", "vacuum sort only vz", "vacuum delete only vz", "vacuum vz to 100 percent"]
    # At least 24 VACUUMs, and on until the writers have done some work alongside them (a loaded machine).
    i = 0
    while i < 24 or (sum(updates) < 10 and i < 400):
        try:
            q(vacuumer, forms[i % 4])
        except psycopg2.Error as e:
            errors.append(f"{forms[i % 4]}: {e}")
        i += 1
    stop.set()
    for t in writers:
        t.join(30)
    if errors:
        fail(f"{len(errors)} statements failed under concurrent VACUUMs, e.g. {errors[:3]}")
    if sum(updates) < 10:
        fail(f"the updates did not run alongside the VACUUMs: {updates}")
    check(q(admin, "select count(*), sum(v) from vz where id < 2000"), [(2000, sum(updates))], "rows and updates")
    check(q(admin, "select count(*) from vz where id >= 10000"), [(400 - len(deleted),)], "rows left to delete")
    q(vacuumer, "vacuum vz to 100 percent")
    check(q(admin, "select count(*), sum(v) from vz where id < 2000"), [(2000, sum(updates))], "after a last VACUUM")
    vacuumer.close()


def test_vacuum_waits_for_lock(admin):
    # Redshift: "Vacuum operations temporarily require exclusive access to tables in order to start".
    fresh_table(admin, "vl", 50)
    q(admin, "delete from vl where id <= 10")
    a, b, c = connect(), connect(), connect()
    q(a, "begin")
    q(a, "lock table vl")
    vacuum = Background.blocked(b, "vacuum vl", "VACUUM did not wait for the LOCK holder")
    q(a, "insert into vl values (100, 0)")
    q(a, "commit")
    vacuum.wait("VACUUM after the LOCK holder committed")
    check(q(admin, "select count(*) from vl"), [(41,)], "rows after the VACUUM")
    # Once started it holds nothing that writers or readers wait for: a second session writes and reads
    # while a third holds the table open in a block (VACUUM's own lock is AccessShare).
    q(c, "begin")
    check(q(c, "select count(*) from vl"), [(41,)], "a reader in a block")
    q(b, "vacuum vl")
    q(a, "delete from vl where id = 100")
    q(c, "commit")
    check(q(admin, "select count(*) from vl"), [(40,)], "rows after the delete")
    for conn in (a, b, c):
        conn.close()


def main():
    admin = connect()
    for test in (test_lock_makes_writers_and_readers_wait, test_reader_after_a_lock_wait_sees_the_new_definition,
                 test_every_reader_waits_for_lock_and_sees_the_commit,
                 test_terminate_backend_releases_a_stuck_writer,
                 test_dropped_session_rolls_back_and_releases, test_writers_of_one_table_queue_instead_of_failing,
                 test_loaders_that_read_take_turns, test_insert_values_with_a_subquery_takes_the_write_lock,
                 test_concurrent_autocommit_inserts_reading_each_others_table,
                 test_lock_upgrade_keeps_the_lock_it_holds,
                 test_drop_schema_cascade_waits_for_the_tables_users,
                 test_second_create_of_a_name_waits_and_fails_with_42p07,
                 test_create_and_drop_races_never_fail_with_1023,
                 test_temporary_tables_of_other_sessions_are_out_of_reach,
                 test_cluster_change_from_an_older_snapshot_keeps_new_databases,
                 test_documented_cycle_fails_with_1023, test_stale_read_then_write_fails_at_commit,
                 test_snapshot_isolation_allows_write_skew_but_not_write_conflicts,
                 test_staging_upsert_under_readers, test_vacuum_under_concurrent_updates_and_deletes,
                 test_vacuum_waits_for_lock):
        test(admin)
        print(f"ok {test.__name__}")
    admin.close()


if __name__ == "__main__":
    main()
