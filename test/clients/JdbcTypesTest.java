// pgjdbc: every Redshift scalar type both ways, run as a single-file source program:
//   java -cp /usr/share/java/postgresql.jar JdbcTypesTest.java
// For each type and each driver mode: INSERT with a parameter into a column of the type, SELECT with a parameter
// in WHERE, read back with the driver's getter and compare with the value sent, SELECT CAST(? AS type), and NULL.
// Modes: the default (binary parameters for numbers, text results until a statement is server-prepared),
// prepareThreshold=-1 (binary results from the first execution) and binaryTransfer=false (text only).
// Connection settings from PGHOST, PGPORT, PGUSER, PGPASSWORD. Exit code 1 when any check failed.
import java.math.BigDecimal;
import java.sql.*;
import java.time.*;
import java.util.*;
import org.postgresql.util.PGInterval;

public class JdbcTypesTest {
  interface Setter {
    void set(PreparedStatement p, int index, Object value) throws SQLException;
  }

  interface Getter {
    Object get(ResultSet rs, int index) throws SQLException;
  }

  // A column type, how to bind and read it, the values sent and the values expected back (null: the same).
  record Case(String sqlType, int jdbcType, Setter setter, Getter getter, List<Object> sent, List<Object> back) {
    Object expected(int i) {
      return back == null ? sent.get(i) : back.get(i);
    }
  }

  static final List<String> failures = new ArrayList<>();
  static int checks = 0;

  static void eq(Object got, Object want, String what) {
    checks++;
    boolean same = Objects.equals(got, want)
        || (got instanceof byte[] g && want instanceof byte[] w && Arrays.equals(g, w));
    if (!same) failures.add(what + ": got [" + show(got) + "] want [" + show(want) + "]");
  }

  static String show(Object v) {
    return v instanceof byte[] b ? "bytes " + HexFormat.of().formatHex(b) : String.valueOf(v);
  }

  static boolean isNaN(Object v) {
    return (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN());
  }

  // Without binary transfer pgjdbc sends setFloat as the text of the float typed DOUBLE PRECISION: REAL's
  // largest value arrives as 3.4028235e38, not the double the REAL column holds, and `v = ?` compares doubles.
  static boolean textFloat4Inexact(String mode, Object v) {
    return mode.equals("text") && v instanceof Float f && Double.parseDouble(Float.toString(f)) != (double) f;
  }

  static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }

  static Case simple(String sqlType, int jdbcType, Class<?> cls, List<Object> sent, List<Object> back) {
    return new Case(sqlType, jdbcType, PreparedStatement::setObject, (rs, i) -> rs.getObject(i, cls), sent, back);
  }

  // OffsetDateTime and OffsetTime compare by instant: the server answers in the session's zone (UTC) for
  // TIMESTAMPTZ; pgjdbc normalises TIMETZ to UTC.
  static Object utc(Object v) {
    if (v instanceof OffsetDateTime t) return t.toInstant();
    if (v instanceof OffsetTime t) return t.withOffsetSameInstant(ZoneOffset.UTC);
    return v;
  }

  static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
  static final ZoneOffset PST = ZoneOffset.ofHours(-8);

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("SMALLINT", Types.SMALLINT, (p, i, v) -> p.setShort(i, (Short) v), (rs, i) -> rs.getShort(i),
                   list((short) -32768, (short) 32767, (short) 0), null));
    c.add(new Case("INTEGER", Types.INTEGER, (p, i, v) -> p.setInt(i, (Integer) v), (rs, i) -> rs.getInt(i),
                   list(Integer.MIN_VALUE, Integer.MAX_VALUE, -1), null));
    c.add(new Case("BIGINT", Types.BIGINT, (p, i, v) -> p.setLong(i, (Long) v), (rs, i) -> rs.getLong(i),
                   list(Long.MIN_VALUE, Long.MAX_VALUE, 0L), null));
    Setter dec = (p, i, v) -> p.setBigDecimal(i, (BigDecimal) v);
    Getter getDec = (rs, i) -> rs.getBigDecimal(i);
    c.add(new Case("DECIMAL(38,0)", Types.NUMERIC, dec, getDec,
                   list(new BigDecimal("99999999999999999999999999999999999999"),
                        new BigDecimal("-99999999999999999999999999999999999999"), BigDecimal.ZERO), null));
    c.add(new Case("DECIMAL(38,37)", Types.NUMERIC, dec, getDec,
                   list(new BigDecimal("9.9999999999999999999999999999999999999"),
                        new BigDecimal("-0.0000000000000000000000000000000000001")), null));
    c.add(new Case("DECIMAL(19,0)", Types.NUMERIC, dec, getDec,
                   list(new BigDecimal("9223372036854775807"), new BigDecimal("-9223372036854775807")), null));
    c.add(new Case("DECIMAL(18,4)", Types.NUMERIC, dec, getDec,
                   list(new BigDecimal("-12345678901234.5678"), new BigDecimal("0.0001"), new BigDecimal("1.2300")),
                   null));
    c.add(new Case("DECIMAL(5,2)", Types.NUMERIC, dec, getDec,
                   list(new BigDecimal("-999.99"), new BigDecimal("0.00"), new BigDecimal("1.50")), null));
    c.add(new Case("REAL", Types.REAL, (p, i, v) -> p.setFloat(i, (Float) v), (rs, i) -> rs.getFloat(i),
                   list(1.5f, Float.MAX_VALUE, -Float.MIN_NORMAL, Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY), null));
    c.add(new Case("DOUBLE PRECISION", Types.DOUBLE, (p, i, v) -> p.setDouble(i, (Double) v),
                   (rs, i) -> rs.getDouble(i),
                   list(-2.25e-300, Double.MAX_VALUE, Double.MIN_VALUE, 0.1, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY), null));
    c.add(new Case("BOOLEAN", Types.BOOLEAN, (p, i, v) -> p.setBoolean(i, (Boolean) v), (rs, i) -> rs.getBoolean(i),
                   list(true, false), null));
    Setter str = (p, i, v) -> p.setString(i, (String) v);
    Getter getStr = (rs, i) -> rs.getString(i);
    c.add(new Case("CHAR(6)", Types.CHAR, str, getStr, list("ab", "", "abcdef"), list("ab    ", "      ", "abcdef")));
    c.add(new Case("VARCHAR(40)", Types.VARCHAR, str, getStr, list("", "it's \\ \"quoted\"", "ünïcode ✓ 𝄞 日本"),
                   null));
    c.add(simple("DATE", Types.DATE, LocalDate.class,
                 list(LocalDate.of(1, 1, 1), LocalDate.of(-1000, 3, 1), LocalDate.of(1969, 12, 31),
                      LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(200000, 6, 30)), null));
    c.add(new Case("DATE", Types.DATE, (p, i, v) -> p.setDate(i, (java.sql.Date) v), (rs, i) -> rs.getDate(i),
                   list(java.sql.Date.valueOf("1969-07-20"), java.sql.Date.valueOf("2024-02-29")), null));
    c.add(simple("TIMESTAMP", Types.TIMESTAMP, LocalDateTime.class,
                 list(LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999999000),
                      LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456000), LocalDateTime.of(9999, 12, 31, 23, 59, 59)),
                 null));
    c.add(new Case("TIMESTAMP", Types.TIMESTAMP, (p, i, v) -> p.setTimestamp(i, (Timestamp) v),
                   (rs, i) -> rs.getTimestamp(i),
                   list(Timestamp.valueOf("1950-05-06 07:08:09.000001"), Timestamp.valueOf("2038-01-19 03:14:08")), null));
    c.add(new Case("TIMESTAMPTZ", Types.TIMESTAMP_WITH_TIMEZONE, PreparedStatement::setObject,
                   (rs, i) -> utc(rs.getObject(i, OffsetDateTime.class)),
                   list(OffsetDateTime.of(1960, 6, 1, 12, 0, 0, 1000, ZoneOffset.UTC),
                        OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 123456000, IST),
                        OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 0, PST)),
                   list(OffsetDateTime.of(1960, 6, 1, 12, 0, 0, 1000, ZoneOffset.UTC).toInstant(),
                        OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 123456000, IST).toInstant(),
                        OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 0, PST).toInstant())));
    c.add(simple("TIME", Types.TIME, LocalTime.class,
                 list(LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999999000), LocalTime.of(12, 0, 0, 1000)), null));
    c.add(new Case("TIME", Types.TIME, (p, i, v) -> p.setTime(i, (Time) v), (rs, i) -> rs.getTime(i),
                   list(Time.valueOf("23:59:58"), Time.valueOf("00:00:01")), null));
    List<Object> timetz = list(OffsetTime.of(12, 34, 56, 789000, IST), OffsetTime.of(23, 0, 0, 0, PST),
                               OffsetTime.of(0, 0, 0, 0, ZoneOffset.UTC));
    List<Object> timetzUtc = new ArrayList<>();
    for (Object t : timetz) timetzUtc.add(utc(t));
    c.add(new Case("TIMETZ", Types.TIME_WITH_TIMEZONE, PreparedStatement::setObject,
                   (rs, i) -> utc(rs.getObject(i, OffsetTime.class)), timetz, timetzUtc));
    Getter getInterval = (rs, i) -> rs.getObject(i);
    c.add(new Case("INTERVAL YEAR TO MONTH", Types.OTHER, PreparedStatement::setObject, getInterval,
                   list(new PGInterval(1, 2, 0, 0, 0, 0), new PGInterval(0, -5, 0, 0, 0, 0),
                        new PGInterval(-178000000, 0, 0, 0, 0, 0)), null));
    c.add(new Case("INTERVAL DAY TO SECOND", Types.OTHER, PreparedStatement::setObject, getInterval,
                   list(new PGInterval(0, 0, -3, 0, 0, -0.000001), new PGInterval(0, 0, 12345, 1, 1, 1.000001),
                        new PGInterval(0, 0, 0, 0, 0, 0)), null));
    // pgjdbc sends byte[] as bytea in binary; VARBYTE (OID 6551) is not a type pgjdbc knows, so it reads the
    // value as text: hex.
    c.add(new Case("VARBYTE(20)", Types.BINARY, (p, i, v) -> p.setBytes(i, (byte[]) v), (rs, i) -> rs.getString(i),
                   list(new byte[0], new byte[] {0, (byte) 0xff, 0x10}, "ü".getBytes()), list("", "00ff10", "c3bc")));
    return c;
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static Object readOne(PreparedStatement p, Getter getter) throws SQLException {
    try (ResultSet rs = p.executeQuery()) {
      if (!rs.next()) return "(no row)";
      Object v = getter.get(rs, 1);
      if (rs.wasNull()) v = null;
      return rs.next() ? "(more than one row)" : v;
    }
  }

  static void roundTrip(Connection conn, String mode, int n, Case k) throws SQLException {
    String table = "jt_" + mode.replaceAll("[^a-z]", "") + "_" + n;
    String what = mode + " " + k.sqlType + " #" + n;
    exec(conn, "DROP TABLE IF EXISTS " + table);
    exec(conn, "CREATE TABLE " + table + " (id INTEGER, v " + k.sqlType + ")");
    // Every statement runs more than prepareThreshold times in the default mode, so both of the driver's
    // representations are used.
    try (PreparedStatement insert = conn.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)");
         PreparedStatement byId = conn.prepareStatement("SELECT v FROM " + table + " WHERE id = ?");
         PreparedStatement byValue = conn.prepareStatement("SELECT id FROM " + table + " WHERE v = ?");
         PreparedStatement cast = conn.prepareStatement("SELECT CAST(? AS " + k.sqlType + ")")) {
      for (int i = 0; i < k.sent.size(); i++) {
        insert.setInt(1, i);
        k.setter.set(insert, 2, k.sent.get(i));
        eq(insert.executeUpdate(), 1, what + ": insert of value " + i);
      }
      insert.setInt(1, -1);
      insert.setNull(2, k.jdbcType);
      eq(insert.executeUpdate(), 1, what + ": insert of NULL");
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < k.sent.size(); i++) {
          byId.setInt(1, i);
          eq(readOne(byId, k.getter), k.expected(i), what + ": value " + i + " read back");
          k.setter.set(cast, 1, k.sent.get(i));
          eq(readOne(cast, k.getter), k.expected(i), what + ": value " + i + " through CAST(? AS type)");
          if (isNaN(k.sent.get(i)) || textFloat4Inexact(mode, k.sent.get(i))) continue;
          k.setter.set(byValue, 1, k.sent.get(i));
          eq(readOne(byValue, (rs, c) -> rs.getInt(c)), i, what + ": value " + i + " found by a parameter in WHERE");
        }
        byId.setInt(1, -1);
        eq(readOne(byId, k.getter), null, what + ": NULL read back");
        cast.setNull(1, k.jdbcType);
        eq(readOne(cast, k.getter), null, what + ": NULL through CAST(? AS type)");
      }
    }
  }

  static void metadataTypes(Connection conn, String mode) throws SQLException {
    // ResultSetMetaData of one column of each type: pgjdbc maps the type OIDs of RowDescription.
    try (PreparedStatement p = conn.prepareStatement(
             "SELECT CAST(? AS SMALLINT) a, CAST(? AS DECIMAL(20,4)) b, CAST(? AS TIMETZ) c, CAST(? AS VARBYTE(8)) d,"
             + " CAST(? AS INTERVAL DAY TO SECOND) e")) {
      ParameterMetaData pm = p.getParameterMetaData();
      List<String> params = new ArrayList<>();
      for (int i = 1; i <= pm.getParameterCount(); i++) params.add(pm.getParameterTypeName(i));
      eq(params, List.of("int2", "numeric", "timetz", "varbyte", "interval"), mode + ": parameter types");
      ResultSetMetaData md = p.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) names.add(md.getColumnTypeName(i));
      eq(names, List.of("int2", "numeric", "timetz", "varbyte", "interval"), mode + ": result column types");
      eq(md.getPrecision(2) + "," + md.getScale(2), "20,4", mode + ": numeric precision and scale");
    }
  }

  static Connection connect(String extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", System.getenv("PGUSER"));
    p.setProperty("password", System.getenv("PGPASSWORD"));
    String url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT") + "/dev?sslmode=disable"
        + extra;
    return DriverManager.getConnection(url, p);
  }

  public static void main(String[] args) throws Exception {
    String[][] modes = {{"default", ""}, {"binary", "&prepareThreshold=-1"}, {"text", "&binaryTransfer=false"}};
    List<Case> cases = cases();
    for (String[] mode : modes) {
      try (Connection conn = connect(mode[1])) {
        for (int n = 0; n < cases.size(); n++) {
          try {
            roundTrip(conn, mode[0], n, cases.get(n));
          } catch (SQLException e) {
            failures.add(mode[0] + " " + cases.get(n).sqlType + " #" + n + ": " + e.getSQLState() + " " + e.getMessage());
          }
        }
        try {
          metadataTypes(conn, mode[0]);
        } catch (SQLException e) {
          failures.add(mode[0] + " metadata: " + e.getSQLState() + " " + e.getMessage());
        }
      }
    }
    for (String f : failures) System.out.println("FAIL " + f);
    System.out.println(checks + " checks, " + failures.size() + " failed");
    if (!failures.isEmpty()) System.exit(1);
    System.out.println("JdbcTypesTest passed");
  }
}
