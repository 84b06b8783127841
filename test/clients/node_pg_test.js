// node-postgres (npm `pg`) client test against a server started with --auth password and TLS
// (node_pg_test.sh). Settings from PGHOST, PGPORT, PGUSER, PGPASSWORD; NODE_PATH finds the `pg` package.
// Every failed check throws; the exit code is the verdict.
'use strict';
process.env.TZ = 'UTC';
const assert = require('assert');
const { Client } = require('pg');

function config(extra) {
  return Object.assign({ host: process.env.PGHOST, port: Number(process.env.PGPORT), user: process.env.PGUSER,
                         password: process.env.PGPASSWORD, database: 'dev', ssl: false }, extra || {});
}

function ok(cond, what) {
  assert.ok(cond, 'FAIL ' + what);
  console.log('ok   ' + what);
}

function eq(got, want, what) {
  assert.deepStrictEqual(got, want, 'FAIL ' + what);
  console.log('ok   ' + what);
}

async function expectError(promise, sqlstate, what) {
  try {
    await promise;
  } catch (e) {
    eq(e.code, sqlstate, what);
    return e;
  }
  assert.fail('FAIL ' + what + ': no error');
}

async function connections() {
  await expectError(new Client(config({ password: 'Wrong1234x' })).connect(), '28P01', 'wrong password refused');
  const tls = new Client(config({ ssl: { rejectUnauthorized: false } }));
  await tls.connect();
  const r = await tls.query(
      "SELECT sslversion FROM stl_connection_log WHERE pid = pg_backend_pid() AND event = 'authenticated'");
  ok(r.rows.length === 1 && r.rows[0].sslversion.startsWith('TLS'), 'ssl connection is TLS');
  await tls.end();
}

async function ddlAndDml(c) {
  const notices = [];
  c.on('notice', (n) => notices.push(n.message));
  await c.query('DROP TABLE IF EXISTS node_missing');
  ok(notices.some((m) => m.includes('does not exist, skipping')), 'NOTICE delivered as a notice event');
  await c.query(`CREATE TABLE node_t (id INTEGER PRIMARY KEY, s SMALLINT, b BIGINT, n DECIMAL(12,3),
                 big DECIMAL(38,10), r REAL, d DOUBLE PRECISION, flag BOOLEAN, name VARCHAR(40), code CHAR(4),
                 day DATE, ts TIMESTAMP, tz TIMESTAMPTZ, tm TIME)`);
  eq((await c.query("INSERT INTO node_t (id, name) VALUES (100, 'x'), (101, 'y')")).rowCount, 2, 'insert count');
  eq((await c.query("UPDATE node_t SET name = 'z' WHERE id >= 100")).rowCount, 2, 'update count');
  eq((await c.query('DELETE FROM node_t WHERE id = 101')).rowCount, 1, 'delete count');
  await c.query('BEGIN');
  await c.query('INSERT INTO node_t (id) VALUES (102)');
  await c.query('ROLLBACK');
  eq((await c.query('SELECT count(*) AS n FROM node_t')).rows[0].n, '1', 'rollback undid the insert');
}

const BIG = '-1234567890123456789012345678.0123456789';
const TS = new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123));
const TZ = new Date(1700000000123);

async function parameters(c) {
  const insert = `INSERT INTO node_t (id, s, b, n, big, r, d, flag, name, code, day, ts, tz, tm)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;
  eq((await c.query(insert, [1, -32768, '9223372036854775807', '-98765.4321', BIG, 1.5, -2.25e-300, true,
                             'it\'s "quoted" ünïcode', 'ab', '1999-12-31', TS, TZ, '23:59:58'])).rowCount,
     1, 'insert with parameters');
  eq((await c.query('INSERT INTO node_t (id, s, n, flag, name) VALUES ($1, $2, $3, $4, $5)',
                    [11, null, null, null, null])).rowCount, 1, 'insert of NULLs');
  const select = 'SELECT s, b, n, big, r, d, flag, name, code, day, ts, tz, tm FROM node_t WHERE id = $1';
  const row = (await c.query({ text: select, values: [1], name: 'sel' })).rows[0];
  eq(row.s, -32768, 'smallint');
  eq(row.b, '9223372036854775807', 'bigint (as a string)');
  eq(row.n, '-98765.432', 'decimal(12,3) rounded');
  eq(row.big, BIG, 'decimal(38,10)');
  eq(row.r, 1.5, 'real');
  eq(row.d, -2.25e-300, 'double');
  eq(row.flag, true, 'boolean');
  eq(row.name, 'it\'s "quoted" ünïcode', 'varchar');
  eq(row.code, 'ab  ', 'char(4)');
  eq(row.day.toISOString(), '1999-12-31T00:00:00.000Z', 'date');
  eq(row.ts.getTime(), TS.getTime(), 'timestamp');
  eq(row.tz.getTime(), TZ.getTime(), 'timestamptz');
  eq(row.tm, '23:59:58', 'time');
  // The same named statement again, and parameters in WHERE.
  eq((await c.query({ text: select, values: [11], name: 'sel' })).rows[0],
     { s: null, b: null, n: null, big: null, r: null, d: null, flag: null, name: null, code: null, day: null,
       ts: null, tz: null, tm: null }, 'NULLs read back');
  const where = await c.query(
      'SELECT count(*) AS n FROM node_t WHERE n < $1 AND b = $2 AND day = $3 AND flag = $4 AND name LIKE $5',
      ['0.5', '9223372036854775807', '1999-12-31', true, 'it%']);
  eq(where.rows[0].n, '1', 'parameters in WHERE');
  // node-postgres reads every result in text format (its protocol parser has no binary mode); binary
  // results are covered by the pgjdbc and libpq suites.
  const sum = await c.query('SELECT CAST($1 AS DECIMAL(20,6)) * 2 AS v', ['12345678.000001']);
  eq(sum.rows[0].v, '24691356.000002', 'decimal expression with a parameter');
}

// The same INSERT with other parameters, as applications send it: the session binds it once and casts each
// run's parameters to their columns (main/insert_shape_cache.h), with the errors binding gives, until the
// table changes or search_path names another one.
async function repeatedInserts(c) {
  await c.query('CREATE TABLE rep_t (k BIGINT NOT NULL, v VARCHAR(3), n DECIMAL(5,2))');
  const insert = 'INSERT INTO rep_t VALUES ($1, $2, $3)';
  for (let i = 1; i <= 3; i++) eq((await c.query(insert, [i, 'v' + i, '1.005'])).rowCount, 1, 'repeated insert ' + i);
  await expectError(c.query(insert, [4, 'long', '1']), '22001', 'repeated insert: too long for its column');
  await expectError(c.query(insert, [null, 'x', '1']), '23502', 'repeated insert: NULL into NOT NULL');
  await expectError(c.query(insert, [5, 'x', '1000']), '22003', 'repeated insert: decimal overflow');
  await c.query('ALTER TABLE rep_t ALTER COLUMN v TYPE VARCHAR(10)');
  eq((await c.query(insert, [6, 'long', '2'])).rowCount, 1, 'repeated insert after ALTER TABLE');
  await c.query('CREATE SCHEMA rep_other');
  await c.query('CREATE TABLE rep_other.rep_t (k INTEGER, v CHAR(1), n INTEGER)');
  await c.query('SET search_path TO rep_other, public');
  eq((await c.query(insert, [7, 'y', '3'])).rowCount, 1, 'repeated insert into the table search_path finds');
  await c.query('RESET search_path');
  eq((await c.query('SELECT k, v, n FROM rep_t ORDER BY k')).rows,
     [{ k: '1', v: 'v1', n: '1.01' }, { k: '2', v: 'v2', n: '1.01' }, { k: '3', v: 'v3', n: '1.01' },
      { k: '6', v: 'long', n: '2.00' }],
     'repeated inserts read back');
  eq((await c.query('SELECT k FROM rep_other.rep_t')).rows, [{ k: 7 }], 'the other table got its row');
}

async function metadata(c) {
  const schemas = (await c.query('SELECT schema_name FROM information_schema.schemata')).rows.map((r) => r.schema_name);
  ok(schemas.includes('public'), 'information_schema.schemata lists public');
  const tables = await c.query(
      "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE $2",
      ['public', 'node_%']);
  eq(tables.rows, [{ table_name: 'node_t', table_type: 'BASE TABLE' }], 'information_schema.tables');
  const columns = await c.query(`SELECT column_name, data_type, numeric_precision, numeric_scale
                                 FROM information_schema.columns WHERE table_name = 'node_t'
                                 ORDER BY ordinal_position`);
  eq(columns.rows.map((r) => r.column_name),
     ['id', 's', 'b', 'n', 'big', 'r', 'd', 'flag', 'name', 'code', 'day', 'ts', 'tz', 'tm'], 'column names');
  eq(columns.rows[3], { column_name: 'n', data_type: 'numeric', numeric_precision: 12, numeric_scale: 3 },
     'numeric column');
  const fields = (await c.query('SELECT n, name FROM node_t LIMIT 1')).fields;
  eq([fields[0].dataTypeID, fields[1].dataTypeID], [1700, 1043], 'result type OIDs');
}

async function errors(c) {
  await expectError(c.query('SELECT * FROM no_such_table'), '42P01', 'missing table SQLSTATE');
  await expectError(c.query('INSERT INTO node_t (id, s) VALUES ($1, $2)', [50, 70000]), '22003',
                    'smallint overflow SQLSTATE');
  const e = await expectError(c.query('SELEC 1'), '42601', 'syntax error SQLSTATE');
  ok(e.position > 0, 'syntax error position');
  eq((await c.query('SELECT 1 AS one')).rows, [{ one: 1 }], 'connection usable after errors');
}

async function cancel(c) {
  await c.query('CREATE TABLE node_big (x INTEGER)');
  await c.query('INSERT INTO node_big VALUES (1)');
  for (let i = 0; i < 16; i++) await c.query('INSERT INTO node_big SELECT x + 1 FROM node_big');
  const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const other = new Client(config());
  await other.connect();
  const long = 'SELECT count(*) FROM node_big a CROSS JOIN node_big b WHERE a.x + b.x = -1';
  // A protocol CancelRequest (what Client#cancel sends) ...
  const started = Date.now();
  const q1 = c.query(long);
  setTimeout(() => new Client(config()).cancel(c, c.activeQuery), 300);
  await expectError(q1, '57014', 'CancelRequest stops the query');
  // ... and PG_CANCEL_BACKEND from another session.
  const q2 = c.query(long);
  await new Promise((r) => setTimeout(r, 300));
  await other.query('SELECT pg_cancel_backend($1)', [pid]);
  await expectError(q2, '57014', 'pg_cancel_backend stops the query');
  ok(Date.now() - started < 30000, 'both cancels were quick');
  eq((await c.query('SELECT 2 AS two')).rows, [{ two: 2 }], 'connection usable after cancel');
  await other.end();
}

(async () => {
  await connections();
  const c = new Client(config());
  await c.connect();
  await ddlAndDml(c);
  await parameters(c);
  await repeatedInserts(c);
  await metadata(c);
  await errors(c);
  await cancel(c);
  await c.end();
  console.log('node_pg_test passed');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
