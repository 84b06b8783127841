#!/usr/bin/env bash
# SQLAlchemy reflection suite: sqlalchemy_test.py with Debian's python3-sqlalchemy (postgresql dialect over
# psycopg2) against a started server. Usage: sqlalchemy_test.sh BLUESHIFT      exit 77 = skipped
here=$(dirname "$0")
/usr/bin/python3 -c 'import sqlalchemy, psycopg2' 2>/dev/null ||
  { echo "skip: needs python3-sqlalchemy and python3-psycopg2 (scripts/install-deps.sh)"; exit 77; }
exec "$here/run_with_server.sh" "$1" /usr/bin/python3 "$here/sqlalchemy_test.py"
