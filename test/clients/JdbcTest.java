// pgjdbc client test (Debian's libpostgresql-jdbc-java), run as a single-file source program:
//   java -cp /usr/share/java/postgresql.jar JdbcTest.java
// against a server started with --auth password and TLS (jdbc_test.sh). Connection settings come from
// PGHOST, PGPORT, PGUSER and PGPASSWORD. Every check that fails throws; the exit code is the verdict.
import java.math.BigDecimal;
import java.sql.*;
import java.util.*;

public class JdbcTest {
  static String url(String extra) {
    return "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT") + "/dev?" + extra;
  }

  static Connection connect(String extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", System.getenv("PGUSER"));
    p.setProperty("password", System.getenv("PGPASSWORD"));
    return DriverManager.getConnection(url(extra), p);
  }

  static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError("FAIL " + what);
    System.out.println("ok   " + what);
  }

  static void eq(Object got, Object want, String what) {
    check(Objects.equals(got, want), what + ": got [" + got + "] want [" + want + "]");
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static final BigDecimal BIG = new BigDecimal("-1234567890123456789012345678.0123456789");

  public static void main(String[] args) throws Exception {
    // Passwords: a wrong one is refused with 28P01.
    try (Connection c = DriverManager.getConnection(url("sslmode=disable"), System.getenv("PGUSER"), "Wrong1234x")) {
      check(false, "wrong password refused");
    } catch (SQLException e) {
      eq(e.getSQLState(), "28P01", "wrong password SQLSTATE");
    }
    try (Connection tls = connect("sslmode=require")) {
      try (Statement s = tls.createStatement();
           ResultSet rs = s.executeQuery("SELECT sslversion FROM stl_connection_log WHERE pid = pg_backend_pid()"
                                         + " AND event = 'authenticated'")) {
        check(rs.next() && rs.getString(1).startsWith("TLS"), "sslmode=require gives a TLS session");
      }
    }
    try (Connection c = connect("sslmode=disable")) {
      ddlAndDml(c);
      parameters(c, "text results");
    }
    // prepareThreshold=-1: server-prepared statements with binary transfer from the first execution.
    try (Connection c = connect("sslmode=disable&prepareThreshold=-1")) {
      parameters(c, "binary results");
      metadata(c);
      errors(c);
      batch(c);
      preparedAfterAlter(c);
      cancel(c);
    }
    System.out.println("JdbcTest passed");
  }

  static void ddlAndDml(Connection c) throws SQLException {
    exec(c, "DROP TABLE IF EXISTS jdbc_t");
    SQLWarning w = c.createStatement().getWarnings();  // a fresh statement has none
    check(w == null, "no warnings on a fresh statement");
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS jdbc_missing");
      SQLWarning notice = s.getWarnings();
      check(notice != null && notice.getMessage().contains("does not exist, skipping"), "NOTICE as a SQLWarning");
    }
    exec(c, "CREATE TABLE jdbc_t (id INTEGER PRIMARY KEY, s SMALLINT, b BIGINT, n DECIMAL(12,3), big DECIMAL(38,10),"
                + " r REAL, d DOUBLE PRECISION, flag BOOLEAN, name VARCHAR(40), code CHAR(4), day DATE,"
                + " ts TIMESTAMP, tz TIMESTAMPTZ, tm TIME)");
    try (Statement s = c.createStatement()) {
      eq(s.executeUpdate("INSERT INTO jdbc_t (id, name) VALUES (100, 'x'), (101, 'y')"), 2, "insert count");
      eq(s.executeUpdate("UPDATE jdbc_t SET name = 'z' WHERE id >= 100"), 2, "update count");
      eq(s.executeUpdate("DELETE FROM jdbc_t WHERE id = 101"), 1, "delete count");
    }
    c.setAutoCommit(false);
    exec(c, "INSERT INTO jdbc_t (id) VALUES (102)");
    c.rollback();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM jdbc_t")) {
      rs.next();
      eq(rs.getLong(1), 1L, "rollback undid the insert");
    }
  }

  // One row of every type written through PreparedStatement parameters and read back, by id.
  static void parameters(Connection c, String mode) throws SQLException {
    int id = mode.startsWith("text") ? 1 : 2;
    Timestamp ts = Timestamp.valueOf("2024-02-29 13:14:15.123456");
    Timestamp tz = new Timestamp(1700000000123L);  // an instant; the session time zone is UTC
    java.sql.Date day = java.sql.Date.valueOf("1999-12-31");
    Time tm = Time.valueOf("23:59:58");
    try (PreparedStatement p = c.prepareStatement(
             "INSERT INTO jdbc_t (id, s, b, n, big, r, d, flag, name, code, day, ts, tz, tm)"
             + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setInt(1, id);
      p.setShort(2, (short) -32768);
      p.setLong(3, Long.MAX_VALUE);
      p.setBigDecimal(4, new BigDecimal("-98765.4321"));  // rounded to scale 3
      p.setBigDecimal(5, BIG);
      p.setFloat(6, 1.5f);
      p.setDouble(7, -2.25e-300);
      p.setBoolean(8, true);
      p.setString(9, "it's \"quoted\" ünïcode");
      p.setString(10, "ab");
      p.setDate(11, day);
      p.setTimestamp(12, ts);
      p.setTimestamp(13, tz);
      p.setTime(14, tm);
      eq(p.executeUpdate(), 1, mode + ": insert with parameters");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_t (id, s, n, flag, name) VALUES (?, ?, ?, ?, ?)")) {
      p.setInt(1, id + 10);
      p.setNull(2, Types.SMALLINT);
      p.setNull(3, Types.NUMERIC);
      p.setNull(4, Types.BOOLEAN);
      p.setNull(5, Types.VARCHAR);
      eq(p.executeUpdate(), 1, mode + ": insert of NULLs");
    }
    String select = "SELECT s, b, n, big, r, d, flag, name, code, day, ts, tz, tm FROM jdbc_t WHERE id = ?";
    // Run the select more than once: pgjdbc switches representations after prepareThreshold executions.
    for (int round = 0; round < 3; round++) {
      try (PreparedStatement p = c.prepareStatement(select)) {
        p.setInt(1, id);
        try (ResultSet rs = p.executeQuery()) {
          check(rs.next(), mode + ": row found");
          eq(rs.getShort(1), (short) -32768, mode + ": smallint");
          eq(rs.getLong(2), Long.MAX_VALUE, mode + ": bigint");
          eq(rs.getBigDecimal(3), new BigDecimal("-98765.432"), mode + ": decimal(12,3)");
          eq(rs.getBigDecimal(4), BIG, mode + ": decimal(38,10)");
          eq(rs.getFloat(5), 1.5f, mode + ": real");
          eq(rs.getDouble(6), -2.25e-300, mode + ": double");
          eq(rs.getBoolean(7), true, mode + ": boolean");
          eq(rs.getString(8), "it's \"quoted\" ünïcode", mode + ": varchar");
          eq(rs.getString(9), "ab  ", mode + ": char(4)");
          eq(rs.getDate(10), day, mode + ": date");
          eq(rs.getTimestamp(11), ts, mode + ": timestamp");
          eq(rs.getTimestamp(12).getTime(), tz.getTime(), mode + ": timestamptz");
          eq(rs.getTime(13).toString(), "23:59:58", mode + ": time");
        }
      }
    }
    // Parameters in a WHERE clause, of several types, and NULLs read back.
    try (PreparedStatement p = c.prepareStatement(
             "SELECT count(*) FROM jdbc_t WHERE n < ? AND b = ? AND day = ? AND flag = ? AND name LIKE ?")) {
      p.setBigDecimal(1, new BigDecimal("0.5"));
      p.setLong(2, Long.MAX_VALUE);
      p.setDate(3, day);
      p.setBoolean(4, true);
      p.setString(5, "it%");
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        check(rs.getLong(1) >= 1, mode + ": parameters in WHERE");
      }
    }
    try (PreparedStatement p = c.prepareStatement("SELECT s, n, flag, name FROM jdbc_t WHERE id = ?")) {
      p.setInt(1, id + 10);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        rs.getShort(1);
        check(rs.wasNull(), mode + ": NULL smallint");
        check(rs.getBigDecimal(2) == null && rs.getObject(3) == null && rs.getString(4) == null, mode + ": NULLs");
      }
    }
    // Decimal arithmetic on the server, result in whatever format the driver asked for.
    try (PreparedStatement p = c.prepareStatement("SELECT CAST(? AS DECIMAL(20,6)) * 2, CAST(0 AS DECIMAL(5,2))")) {
      p.setBigDecimal(1, new BigDecimal("12345678901234.000001"));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        eq(rs.getBigDecimal(1), new BigDecimal("24691357802468.000002"), mode + ": decimal expression");
        eq(rs.getBigDecimal(2), new BigDecimal("0.00"), mode + ": decimal zero");
      }
    }
  }

  // DatabaseMetaData: getSchemas, getTables, getColumns, getPrimaryKeys, getImportedKeys/getExportedKeys,
  // getIndexInfo and ResultSetMetaData.
  static void metadata(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs = md.getSchemas()) {
      while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
    }
    check(schemas.containsAll(List.of("information_schema", "pg_catalog", "public")), "getSchemas: " + schemas);
    try (ResultSet rs = md.getSchemas(null, "pub%")) {
      check(rs.next() && rs.getString("TABLE_SCHEM").equals("public") && !rs.next(), "getSchemas with a pattern");
    }
    keys(c, md);
    check(md.getDatabaseProductName() != null, "getDatabaseProductName");
    try (ResultSet rs = md.getTables(null, "public", "jdbc_t", new String[] {"TABLE"})) {
      check(rs.next() && rs.getString("TABLE_NAME").equals("jdbc_t"), "getTables finds jdbc_t");
      eq(rs.getString("TABLE_TYPE"), "TABLE", "getTables TABLE_TYPE");
    }
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, "public", "jdbc_%", new String[] {"TABLE"})) {
      while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
    }
    eq(tables, List.of("jdbc_child", "jdbc_parent", "jdbc_pk2", "jdbc_t"), "getTables with a pattern");
    List<String> columns = new ArrayList<>();
    Map<String, Integer> types = new HashMap<>();
    try (ResultSet rs = md.getColumns(null, "public", "jdbc_t", "%")) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME"));
        types.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
        if (rs.getString("COLUMN_NAME").equals("n")) {
          eq(rs.getInt("COLUMN_SIZE"), 12, "getColumns precision of n");
          eq(rs.getInt("DECIMAL_DIGITS"), 3, "getColumns scale of n");
        }
      }
    }
    eq(columns, List.of("id", "s", "b", "n", "big", "r", "d", "flag", "name", "code", "day", "ts", "tz", "tm"),
       "getColumns names in order");
    eq(types.get("n"), Types.NUMERIC, "getColumns type of n");
    eq(types.get("name"), Types.VARCHAR, "getColumns type of name");
    eq(types.get("ts"), Types.TIMESTAMP, "getColumns type of ts");
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT n, name FROM jdbc_t LIMIT 1")) {
      ResultSetMetaData rm = rs.getMetaData();
      eq(rm.getColumnType(1), Types.NUMERIC, "ResultSetMetaData type");
      eq(rm.getPrecision(1), 12, "ResultSetMetaData precision");
      eq(rm.getScale(1), 3, "ResultSetMetaData scale");
    }
  }

  // Informational constraints through getImportedKeys, getExportedKeys and getIndexInfo.
  static void keys(Connection c, DatabaseMetaData md) throws SQLException {
    exec(c, "DROP TABLE IF EXISTS jdbc_child");
    exec(c, "DROP TABLE IF EXISTS jdbc_parent");
    exec(c, "CREATE TABLE jdbc_parent (id INTEGER PRIMARY KEY, code VARCHAR(8) UNIQUE)");
    exec(c, "CREATE TABLE jdbc_child (cid INTEGER, pid INTEGER REFERENCES jdbc_parent(id))");
    for (ResultSet rs : new ResultSet[] {md.getImportedKeys(null, "public", "jdbc_child"),
                                         md.getExportedKeys(null, "public", "jdbc_parent")}) {
      try (rs) {
        check(rs.next(), "foreign key found");
        eq(rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + " <- " + rs.getString("FKTABLE_NAME")
               + "." + rs.getString("FKCOLUMN_NAME"),
           "jdbc_parent.id <- jdbc_child.pid", "foreign key columns");
        eq(rs.getInt("KEY_SEQ"), 1, "KEY_SEQ");
        eq(rs.getString("FK_NAME"), "jdbc_child_pid_fkey", "FK_NAME");
        eq(rs.getString("PK_NAME"), "jdbc_parent_pkey", "PK_NAME");
        check(!rs.next(), "one foreign key column");
      }
    }
    exec(c, "DROP TABLE IF EXISTS jdbc_pk2");
    exec(c, "CREATE TABLE jdbc_pk2 (a INTEGER, b VARCHAR(4), c INTEGER, PRIMARY KEY (c, a))");
    List<String> pk = new ArrayList<>();
    try (ResultSet rs = md.getPrimaryKeys(null, "public", "jdbc_pk2")) {
      while (rs.next()) pk.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("KEY_SEQ") + ":" + rs.getString("PK_NAME"));
    }
    eq(pk, List.of("c:1:jdbc_pk2_pkey", "a:2:jdbc_pk2_pkey"), "getPrimaryKeys of a two-column key");
    try (ResultSet rs = md.getPrimaryKeys(null, "public", "jdbc_child")) {
      check(!rs.next(), "getPrimaryKeys of a table without one");
    }
    List<String> indexes = new ArrayList<>();
    try (ResultSet rs = md.getIndexInfo(null, "public", "jdbc_parent", false, false)) {
      while (rs.next()) {
        indexes.add(rs.getString("INDEX_NAME") + "(" + rs.getString("COLUMN_NAME") + "," + rs.getShort("ORDINAL_POSITION")
                    + (rs.getBoolean("NON_UNIQUE") ? ",non-unique" : "") + ")");
      }
    }
    eq(indexes, List.of("jdbc_parent_code_key(code,1)", "jdbc_parent_pkey(id,1)"), "getIndexInfo");
  }

  static void errors(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT * FROM no_such_table");
      check(false, "missing table raises");
    } catch (SQLException e) {
      eq(e.getSQLState(), "42P01", "missing table SQLSTATE");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_t (id, s) VALUES (?, ?)")) {
      p.setInt(1, 50);
      p.setInt(2, 70000);
      p.executeUpdate();
      check(false, "smallint overflow raises");
    } catch (SQLException e) {
      eq(e.getSQLState(), "22003", "smallint overflow SQLSTATE");
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      check(rs.next() && rs.getInt(1) == 1, "connection usable after errors");
    }
  }

  // executeBatch in autocommit sends the batch with one Sync: one implicit transaction, as in PostgreSQL. A
  // row that fails leaves none of the batch (the earlier rows are not committed on their own).
  static void batch(Connection c) throws SQLException {
    exec(c, "CREATE TABLE jdbc_batch (id INTEGER, v VARCHAR(5))");
    try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_batch VALUES (?, ?)")) {
      for (int i = 1; i <= 5; i++) {
        p.setInt(1, i);
        p.setString(2, i == 4 ? "toolong" : "v" + i);
        p.addBatch();
      }
      p.executeBatch();
      check(false, "batch with a value too long fails");
    } catch (BatchUpdateException e) {
      eq(e.getSQLState(), "22001", "failed batch SQLSTATE");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_batch VALUES (?, ?)")) {
      for (int i = 6; i <= 8; i++) {
        p.setInt(1, i);
        p.setString(2, "v" + i);
        p.addBatch();
      }
      p.executeBatch();
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), min(id) FROM jdbc_batch")) {
      check(rs.next(), "batch rows");
      eq(rs.getInt(1) + " from " + rs.getInt(2), "3 from 6", "only the batch that succeeded is kept");
    }
  }

  // A server-prepared statement whose table another session altered: blueshift fails it with 0A000 "cached
  // plan must not change result type" (routine RevalidateCachedQuery) as PostgreSQL does, and pgjdbc prepares
  // it again and retries, so the rows come under the new columns (before: the old RowDescription, new rows).
  static void preparedAfterAlter(Connection c) throws Exception {
    exec(c, "CREATE TABLE jdbc_alter (id INTEGER, name VARCHAR(10))");
    exec(c, "INSERT INTO jdbc_alter VALUES (1, 'alice')");
    try (PreparedStatement p = c.prepareStatement("SELECT * FROM jdbc_alter WHERE id = ?")) {
      p.setInt(1, 1);
      try (ResultSet rs = p.executeQuery()) {
        check(rs.next() && rs.getString(2).equals("alice"), "prepared select before ALTER");
      }
      try (Connection other = connect("sslmode=disable")) {
        exec(other, "ALTER TABLE jdbc_alter DROP COLUMN name");
        exec(other, "ALTER TABLE jdbc_alter ADD COLUMN salary INTEGER DEFAULT 100000");
      }
      try (ResultSet rs = p.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        check(rs.next(), "prepared select after ALTER has its row");
        eq(md.getColumnName(2) + "=" + rs.getString(2), "salary=100000", "prepared select after ALTER");
      }
    }
  }

  // Statement.cancel() from another thread sends a CancelRequest; the query fails with 57014.
  static void cancel(Connection c) throws Exception {
    exec(c, "CREATE TABLE jdbc_big (x INTEGER)");
    exec(c, "INSERT INTO jdbc_big VALUES (1)");
    for (int i = 0; i < 16; i++) exec(c, "INSERT INTO jdbc_big SELECT x + 1 FROM jdbc_big");  // 2^16 rows
    Statement s = c.createStatement();
    Thread canceller = new Thread(() -> {
      try {
        Thread.sleep(300);
        s.cancel();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long start = System.nanoTime();
    canceller.start();
    try {
      s.executeQuery("SELECT count(*) FROM jdbc_big a CROSS JOIN jdbc_big b WHERE a.x + b.x = -1");
      check(false, "cancelled query raises");
    } catch (SQLException e) {
      eq(e.getSQLState(), "57014", "cancel SQLSTATE");
    }
    canceller.join();
    long ms = (System.nanoTime() - start) / 1_000_000;
    check(ms < 30000, "cancel took " + ms + " ms");
    try (ResultSet rs = s.executeQuery("SELECT 2")) {
      check(rs.next() && rs.getInt(1) == 2, "connection usable after cancel");
    }
    s.close();
  }
}
