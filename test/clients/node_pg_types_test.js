// node-postgres (npm `pg`): every Redshift scalar type both ways. node-postgres sends parameters as text
// (Buffers in binary), prepareValue turning JS values into strings, and reads results as text, parsed by
// pg-types by type OID. For each type: INSERT with parameters into a column of the type, SELECT with a
// parameter in WHERE, read back and compare with the value sent, SELECT CAST($1 AS type), NULL, and the raw
// text (a parser that keeps the string) where pg-types' JS value loses precision (microseconds).
// Settings from PGHOST, PGPORT, PGUSER, PGPASSWORD; NODE_PATH finds `pg`. Exit code 1 when a check failed.
'use strict';
process.env.TZ = 'UTC';
const assert = require('assert');
const { Client, types } = require('pg');
const PostgresInterval = require('postgres-interval');

// VARBYTE (Redshift's own OID 6551) is hex text; this parser makes it a Buffer.
types.setTypeParser(6551, (hex) => Buffer.from(hex, 'hex'));
const RAW = { getTypeParser: () => (s) => s };  // per-query types: every value as the server's text

const failures = [];
let checks = 0;

// Values compare as the driver hands them out: Dates by instant, Buffers by bytes, REAL by its float32
// value, intervals by their fields, NaN equal to NaN.
function norm(v) {
  if (v instanceof Date) return 'Date ' + v.toISOString();
  if (Buffer.isBuffer(v)) return 'Buffer ' + v.toString('hex');
  if (v instanceof PostgresInterval) return 'Interval ' + JSON.stringify(Object.assign({}, v));
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return v;
}

function eq(got, want, what) {
  checks++;
  try {
    assert.deepStrictEqual(norm(got), norm(want));
  } catch (e) {
    failures.push(`${what}: got ${JSON.stringify(norm(got))} want ${JSON.stringify(norm(want))}`);
  }
}

const f32 = (x) => Math.fround(x);
const interval = (s) => PostgresInterval(s);

// [column type, values sent, values read back (undefined: the same), raw text expected (optional),
//  map applied to what is read and expected before comparing (optional)]
const CASES = [
  ['SMALLINT', [-32768, 32767, 0]],
  ['INTEGER', [-2147483648, 2147483647, -1]],
  ['BIGINT', [-9223372036854775808n, 9223372036854775807n, 0], ['-9223372036854775808', '9223372036854775807', '0']],
  ['DECIMAL(38,0)', ['99999999999999999999999999999999999999', '-99999999999999999999999999999999999999', '0']],
  ['DECIMAL(38,37)', ['9.9999999999999999999999999999999999999', '-0.0000000000000000000000000000000000001']],
  ['DECIMAL(19,0)', ['9223372036854775807', '-9223372036854775807']],
  ['DECIMAL(18,4)', ['-12345678901234.5678', '0.0001', 1.5], ['-12345678901234.5678', '0.0001', '1.5000']],
  ['REAL', [1.5, f32(3.4028234663852886e38), -f32(1.1754943508222875e-38), NaN, Infinity, -Infinity], undefined,
   undefined, f32],
  ['DOUBLE PRECISION', [-2.25e-300, Number.MAX_VALUE, Number.MIN_VALUE, 0.1, NaN, Infinity, -Infinity]],
  ['BOOLEAN', [true, false]],
  ['CHAR(6)', ['ab', '', 'abcdef'], ['ab    ', '      ', 'abcdef']],
  ['VARCHAR(40)', ['', 'it\'s \\ "quoted"', 'ünïcode ✓ 𝄞 日本']],
  ['DATE', ['0001-01-01', '1969-12-31', '9999-12-31', new Date(Date.UTC(2024, 1, 29))],
   [new Date('0001-01-01T00:00:00Z'), new Date('1969-12-31T00:00:00Z'), new Date('9999-12-31T00:00:00Z'),
    new Date(Date.UTC(2024, 1, 29))],
   ['0001-01-01', '1969-12-31', '9999-12-31', '2024-02-29']],
  ['TIMESTAMP', ['1900-01-01 00:00:00.000001', '1969-12-31 23:59:59.999', new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123))],
   [new Date('1900-01-01T00:00:00Z'), new Date('1969-12-31T23:59:59.999Z'), new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123))],
   ['1900-01-01 00:00:00.000001', '1969-12-31 23:59:59.999', '2024-02-29 13:14:15.123']],
  ['TIMESTAMPTZ', ['1960-06-01 12:00:00.000001+00', '2024-02-29 13:14:15.123456+05:30', new Date(1700000000123)],
   [new Date('1960-06-01T12:00:00Z'), new Date('2024-02-29T07:44:15.123Z'), new Date(1700000000123)],
   ['1960-06-01 12:00:00.000001+00', '2024-02-29 07:44:15.123456+00', '2023-11-14 22:13:20.123+00']],
  ['TIME', ['00:00:00', '23:59:59.999999', '12:00:00.000001']],
  ['TIMETZ', ['12:34:56.000789+05:30', '23:00:00-08', '00:00:00+00']],
  ['INTERVAL YEAR TO MONTH', ['1 year 2 months', '-5 months', '-178000000 years'],
   [interval('1 year 2 mons'), interval('-5 mons'), interval('-178000000 years')],
   ['1 year 2 mons', '-5 mons', '-178000000 years']],
  ['INTERVAL DAY TO SECOND', ['-3 days -00:00:00.000001', '12345 days 01:01:01.5', '0'],
   [interval('-3 days -00:00:00.000001'), interval('12345 days 01:01:01.5'), interval('00:00:00')],
   ['-3 days -00:00:00.000001', '12345 days 01:01:01.5', '00:00:00']],
  ['VARBYTE(20)', [Buffer.alloc(0), Buffer.from([0, 0xff, 0x10]), Buffer.from('ü')], undefined, ['', '00ff10', 'c3bc']],
];

async function roundTrip(c, n, [sqlType, sent, back, raw, map]) {
  const m = map || ((x) => x);
  const want = back || sent;
  const table = `node_types_${n}`;
  await c.query(`DROP TABLE IF EXISTS ${table}`);
  await c.query(`CREATE TABLE ${table} (id INTEGER, v ${sqlType})`);
  for (let i = 0; i < sent.length; i++) await c.query(`INSERT INTO ${table} VALUES ($1, $2)`, [i, sent[i]]);
  await c.query(`INSERT INTO ${table} VALUES ($1, $2)`, [sent.length, null]);
  const rows = (await c.query({ text: `SELECT v FROM ${table} ORDER BY id`, name: `all_${n}` })).rows;
  eq(rows.length, sent.length + 1, `${sqlType}: row count`);
  for (let i = 0; i < sent.length; i++) {
    eq(m(rows[i].v), m(want[i]), `${sqlType}: value ${i} read back`);
    const cast = await c.query(`SELECT CAST($1 AS ${sqlType}) AS v`, [sent[i]]);
    eq(m(cast.rows[0].v), m(want[i]), `${sqlType}: value ${i} through CAST($1 AS type)`);
    if (Number.isNaN(sent[i])) continue;
    const found = await c.query({ text: `SELECT id FROM ${table} WHERE v = $1`, values: [sent[i]], name: `where_${n}` });
    eq(found.rows.map((r) => r.id), [i], `${sqlType}: value ${i} found by a parameter in WHERE`);
    // What was read is a parameter too: the driver's value goes back and finds its row.
    if (want[i] instanceof PostgresInterval || Buffer.isBuffer(want[i])) {
      const again = await c.query(`SELECT id FROM ${table} WHERE v = $1`, [rows[i].v]);
      eq(again.rows.map((r) => r.id), [i], `${sqlType}: value ${i} as read, sent back`);
    }
  }
  eq(rows[sent.length].v, null, `${sqlType}: NULL read back`);
  eq((await c.query(`SELECT CAST($1 AS ${sqlType}) AS v`, [null])).rows[0].v, null, `${sqlType}: NULL through CAST`);
  if (raw) {
    const text = (await c.query({ text: `SELECT v FROM ${table} ORDER BY id`, types: RAW })).rows;
    eq(text.map((r) => r.v), raw.concat([null]), `${sqlType}: the text of every value`);
  }
}

async function resultTypes(c) {
  const r = await c.query(`SELECT CAST(1 AS SMALLINT) a, CAST(1 AS DECIMAL(20,4)) b, CAST('1:00+01' AS TIMETZ) c,
                                  FROM_HEX('ab') d, CAST('1 day' AS INTERVAL DAY TO SECOND) e, CAST('x' AS CHAR(3)) f`);
  eq(r.fields.map((f) => f.dataTypeID), [21, 1700, 1266, 6551, 1186, 1042], 'result type OIDs');
  // NUMERIC's typmod is (precision << 16 | scale) + 4, CHAR's n + 4.
  eq([r.fields[1].dataTypeModifier, r.fields[5].dataTypeModifier], [(20 << 16 | 4) + 4, 7], 'result typmods');
}

// A TIMESTAMPTZ parameter without an offset is local time in the session's TimeZone, as a literal is (it
// was once read as UTC whatever the setting).
async function sessionZoneParams(c) {
  await c.query("SET timezone TO 'America/New_York'");
  const r = await c.query({ text: "SELECT CAST($1 AS TIMESTAMPTZ) = CAST('2020-01-01 10:00' AS TIMESTAMPTZ) AS same, " +
                                  "CAST($1 AS TIMESTAMPTZ) AS t", values: ['2020-01-01 10:00'], types: RAW });
  eq(r.rows[0].same, 't', 'timestamptz parameter in the session zone equals the literal');
  eq(r.rows[0].t, '2020-01-01 10:00:00-05', 'timestamptz parameter in the session zone');
  await c.query('SET timezone TO DEFAULT');
}

(async () => {
  const c = new Client({ host: process.env.PGHOST, port: Number(process.env.PGPORT), user: process.env.PGUSER,
                         password: process.env.PGPASSWORD, database: 'dev', ssl: false });
  await c.connect();
  // Redshift prints 6 (REAL) and 15 (DOUBLE) significant digits by default; 2 more make the text exact
  // for the values used here.
  await c.query('SET extra_float_digits TO 2');
  for (let n = 0; n < CASES.length; n++) {
    try {
      await roundTrip(c, n, CASES[n]);
    } catch (e) {
      failures.push(`${CASES[n][0]}: ${e.code || ''} ${e.message}`);
    }
  }
  await resultTypes(c);
  await sessionZoneParams(c);
  await c.end();
  for (const f of failures) console.log('FAIL ' + f);
  console.log(`${checks} checks, ${failures.length} failed`);
  if (failures.length) process.exit(1);
  console.log('node_pg_types_test passed');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
