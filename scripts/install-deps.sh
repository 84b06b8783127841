#!/usr/bin/env bash
# Installs the Debian packages blueshift needs to build and test, and only the missing ones.
# Quick when everything is present: one dpkg-query, no apt-get.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache make
  libgtest-dev libgmock-dev
  zlib1g-dev libzstd-dev liblz4-dev libbz2-dev libsnappy-dev libssl-dev libxxhash-dev libcurl4-openssl-dev libre2-dev
  libmimalloc-dev  # the allocator (CMakeLists.txt: BLUESHIFT_ALLOCATOR)
  libpq-dev postgresql-client python3 python3-psycopg2 tzdata
  python3-sqlalchemy  # the SQLAlchemy reflection suite (test/clients/sqlalchemy_test.sh)
  openssl
  postgresql  # the differential test (test/differential) runs the same queries on a throwaway PostgreSQL
  libpostgresql-jdbc-java default-jre-headless  # the pgjdbc client suite (test/clients/jdbc_test.sh)
  nodejs npm                                    # node-postgres and s3rver suites (npm packages fetched by the tests)
)
if [ "${1:-}" = "--bench" ]; then
  packages+=(gnuplot-nox)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
# A command that is already on PATH (node from another source, say) counts as present.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 || filtered+=("$p") ;;
    npm) command -v npm >/dev/null 2>&1 || filtered+=("$p") ;;
    default-jre-headless) command -v java >/dev/null 2>&1 || filtered+=("$p") ;;
    *) filtered+=("$p") ;;
  esac
done
[ ${#filtered[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${filtered[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${filtered[@]}"
