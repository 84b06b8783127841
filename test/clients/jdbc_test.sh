#!/usr/bin/env bash
# pgjdbc suites: a single-file Java program (JdbcTest.java unless named; no build tool) with Debian's PostgreSQL
# JDBC driver against a password + TLS server.
# Usage: jdbc_test.sh BLUESHIFT [PROGRAM.java]      exit 77 = skipped (no java or driver)
here=$(dirname "$0")
jar=/usr/share/java/postgresql.jar
command -v java >/dev/null && [ -r "$jar" ] || { echo "skip: needs java and $jar (scripts/install-deps.sh)"; exit 77; }
exec "$here/run_with_tls_server.sh" "$1" java -Xss4m -cp "$jar" "$here/${2:-JdbcTest.java}"
